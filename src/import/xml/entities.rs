//! Entity and character references, the internal DTD subset, and the HTML entities that
//! messy exports use outside CDATA (HTML's whole table, [`crate::import::entities`]).

use super::parser::Parser;
use super::{Document, Element, MAX_ENTITY_BYTES, MAX_ENTITY_DEPTH, Pos, Problem};
use crate::import::entities;

/// A reference to a name HTML does not have (`&bogus;`), written in an element's content:
/// in CDATA or raw in the XML text as `&bogus;`, or escaped as `&amp;bogus;` (as WordPress
/// writes HTML outside CDATA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownReference {
    /// The name, without `&` and `;`.
    pub name: String,
    /// Where the reference is written in the original file.
    pub pos: Pos,
    /// Written raw in the XML text, outside CDATA: the XML reader read it itself and has
    /// reported it among the repairs.
    pub reported: bool,
}

impl Document {
    /// Every reference to a name HTML does not have inside `element`'s content, in order.
    pub fn unknown_references(&self, element: &Element) -> Vec<UnknownReference> {
        let markup = self.inner_markup(element);
        let mut out = Vec::new();
        let mut in_cdata = false;
        let mut i = 0;
        while i < markup.len() {
            let rest = &markup[i..];
            if in_cdata {
                if rest.starts_with("]]>") {
                    in_cdata = false;
                    i += 3;
                    continue;
                }
            } else if rest.starts_with("<![CDATA[") {
                in_cdata = true;
                i += 9;
                continue;
            }
            if !rest.starts_with('&') {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // In CDATA the HTML is as written; outside it, HTML's `&` is written `&amp;`.
            let escaped = !in_cdata && rest[1..].starts_with("amp;");
            let name_start = if escaped { 5 } else { 1 };
            let name = rest[name_start..]
                .split_once(';')
                .map(|(name, _)| name)
                .filter(|name| entities::is_name(name) && entities::named(name).is_none());
            if let Some(name) = name {
                out.push(UnknownReference {
                    name: name.to_string(),
                    pos: self.text_pos(element.inner.start + i),
                    reported: !in_cdata && !escaped,
                });
            }
            i += 1;
        }
        out
    }
}

/// An entity declared in the internal DTD subset.
#[derive(Clone)]
pub(super) enum Entity {
    Internal(String),
    External,
}

impl Parser<'_> {
    /// Expands `&name;` and character references in an attribute value or text.
    pub(super) fn unescape(&mut self, raw: &str, at: usize) -> Result<String, Problem> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            match after.find(';') {
                Some(j) if j > 0 && j <= 32 => {
                    out.push_str(&self.reference(&after[..j], at, 0)?);
                    rest = &after[j + 1..];
                }
                _ => {
                    // repair_ampersands has escaped every raw `&`, so this is a `&` inside an
                    // entity value: keep it.
                    out.push('&');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    pub(super) fn reference(
        &mut self,
        name: &str,
        at: usize,
        depth: usize,
    ) -> Result<String, Problem> {
        if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            return match code.and_then(char::from_u32) {
                Some(c) => Ok(c.to_string()),
                None => {
                    Err(self.fail(at, format!("`&{name};` is not a valid character reference")))
                }
            };
        }
        let predefined = match name {
            "amp" => Some("&"),
            "lt" => Some("<"),
            "gt" => Some(">"),
            "quot" => Some("\""),
            "apos" => Some("'"),
            _ => None,
        };
        if let Some(p) = predefined {
            return Ok(p.to_string());
        }
        match self.entities.get(name).cloned() {
            Some(Entity::External) => Err(self.fail(
                at,
                format!(
                    "`&{name};` refers to an external entity; chapbook never reads files or addresses named in an export"
                ),
            )),
            Some(Entity::Internal(value)) => {
                if depth >= MAX_ENTITY_DEPTH {
                    return Err(self.fail(
                        at,
                        format!("entity `&{name};` nests entities more than {MAX_ENTITY_DEPTH} deep (an entity bomb?)"),
                    ));
                }
                let mut out = String::new();
                let mut rest = value.as_str();
                while let Some(i) = rest.find('&') {
                    out.push_str(&rest[..i]);
                    let after = &rest[i + 1..];
                    match after.find(';') {
                        Some(j) if j > 0 => {
                            out.push_str(&self.reference(&after[..j], at, depth + 1)?);
                            rest = &after[j + 1..];
                        }
                        _ => {
                            out.push('&');
                            rest = after;
                        }
                    }
                }
                out.push_str(rest);
                self.expanded += out.len();
                if self.expanded > MAX_ENTITY_BYTES {
                    return Err(self.fail(
                        at,
                        format!(
                            "entity expansion passes {MAX_ENTITY_BYTES} bytes at `&{name};` (an entity bomb?); the import stops"
                        ),
                    ));
                }
                Ok(out)
            }
            None => {
                // HTML entities turn up in exports outside CDATA: decoded with a warning.
                if let Some(v) = entities::named(name) {
                    if !self.warned_html.iter().any(|n| n == name) {
                        self.warned_html.push(name.to_string());
                        self.repairs.push(Problem {
                            pos: self.pos(at),
                            message: format!(
                                "`&{name};` is an HTML entity, not an XML one; read as `{v}`"
                            ),
                        });
                    }
                    Ok(v.to_string())
                } else {
                    self.repairs.push(Problem {
                        pos: self.pos(at),
                        message: format!("unknown entity `&{name};` kept as written"),
                    });
                    Ok(format!("&{name};"))
                }
            }
        }
    }

    /// Reads `<!ENTITY …>` declarations from the internal subset.
    pub(super) fn doctype(&mut self, raw: &str) {
        let mut rest = raw;
        while let Some(i) = rest.find("<!ENTITY") {
            rest = &rest[i + 8..];
            let decl_end = rest.find('>').unwrap_or(rest.len());
            let decl = &rest[..decl_end];
            let mut words = decl.split_whitespace();
            let mut name = words.next().unwrap_or("");
            if name == "%" {
                // Parameter entities only matter inside the DTD, which is not read.
                name = "";
            }
            if name.is_empty() {
                continue;
            }
            let after_name = decl.trim_start();
            let after_name = after_name[name.len()..].trim_start();
            let entity = if after_name.starts_with("SYSTEM") || after_name.starts_with("PUBLIC") {
                Entity::External
            } else {
                let quote = after_name.chars().next().unwrap_or('"');
                let body = &after_name[quote.len_utf8().min(after_name.len())..];
                let value = body.split(quote).next().unwrap_or("");
                // The value may hold `>` inside quotes: take it from the full text.
                let full = rest.trim_start()[name.len()..].trim_start();
                let full_body = &full[quote.len_utf8().min(full.len())..];
                let value = if full_body.len() > body.len() {
                    full_body.split(quote).next().unwrap_or(value)
                } else {
                    value
                };
                Entity::Internal(value.to_string())
            };
            // The first declaration of a name wins, as XML says.
            self.entities.entry(name.to_string()).or_insert(entity);
        }
    }
}
