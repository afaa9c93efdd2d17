//! A lenient XML reader for exports and feeds, built on quick-xml's streaming parser.
//!
//! It turns a document into a small tree of [`Element`]s with namespaces resolved. Where the
//! meaning is clear it repairs the input and says so (a raw `&` in a URL, an HTML entity such
//! as `&nbsp;`, an undeclared but well-known prefix); where it is not it stops with the line
//! and column. External entities are never read; internal entity expansion is bounded.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::ops::Range;

/// Internal entity expansion may produce at most this many bytes in one document: a real
/// export uses a handful of short entities, an "entity bomb" asks for gigabytes.
pub const MAX_ENTITY_BYTES: usize = 1 << 20;
/// Entities may refer to entities this deep (a bomb nests ten levels or more).
pub const MAX_ENTITY_DEPTH: usize = 8;

/// A position in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A repair made or a problem found while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the original file.
    pub pos: Pos,
    /// What was wrong and what was done.
    pub message: String,
}

/// One element: resolved namespace, local name, attributes, children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Namespace URI ("" for none).
    pub ns: String,
    /// Local name, without prefix.
    pub name: String,
    /// Attributes by qualified name as written (`href`, `thr:count`), values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in order.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the original file.
    pub offset: usize,
    /// Byte range of the element's content in [`Document::text`].
    pub inner: Range<usize>,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, entities expanded, CDATA sections merged.
    Text(String),
}

/// A parsed document.
#[derive(Debug)]
pub struct Document {
    /// The root element.
    pub root: Element,
    /// The (repaired) text the offsets of [`Element::inner`] refer to.
    pub text: String,
    /// Repairs made, each a warning for the user.
    pub repairs: Vec<Problem>,
    line_starts: Vec<usize>,
}

impl Document {
    /// Line and column of a byte offset in the original file.
    pub fn pos(&self, original_offset: usize) -> Pos {
        pos_in(&self.line_starts, original_offset)
    }

    /// The raw markup inside `element`, as written (for XHTML content in feeds).
    pub fn inner_markup(&self, element: &Element) -> &str {
        self.text.get(element.inner.clone()).unwrap_or("")
    }
}

impl Element {
    /// The first child element with this namespace and local name.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name && e.ns == ns)
    }

    /// Every child element with this namespace and local name.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements()
            .filter(move |e| e.name == name && e.ns == ns)
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// All text inside, concatenated (descendants included).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    /// The text of the first child `ns:name`, trimmed; `None` when absent.
    pub fn child_text(&self, ns: &str, name: &str) -> Option<String> {
        self.child(ns, name).map(|e| e.text().trim().to_string())
    }

    /// An attribute by qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// An attribute by local name, whatever its prefix (`thr:count` for `count`).
    pub fn attr_local(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local || k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }
}

/// Prefixes whose namespace is known even when a messy export forgets to declare them.
const WELL_KNOWN: &[(&str, &str)] = &[
    ("wp", "http://wordpress.org/export/1.2/"),
    ("excerpt", "http://wordpress.org/export/1.2/excerpt/"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("wfw", "http://wellformedweb.org/CommentAPI/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("atom", "http://www.w3.org/2005/Atom"),
    ("thr", "http://purl.org/syndication/thread/1.0"),
    ("slash", "http://purl.org/rss/1.0/modules/slash/"),
];

/// HTML entities that turn up in exports outside CDATA; decoded with a warning.
const HTML_ENTITIES: &[(&str, &str)] = &[
    ("nbsp", "\u{a0}"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("uuml", "ü"),
    ("ouml", "ö"),
    ("auml", "ä"),
    ("szlig", "ß"),
    ("middot", "·"),
    ("bull", "•"),
    ("deg", "°"),
    ("times", "×"),
];

#[derive(Clone)]
enum Entity {
    Internal(String),
    External,
}

/// Parses `input`; a fatal problem is returned as the error.
pub fn parse(input: &str) -> Result<Document, Problem> {
    let line_starts = line_starts(input);
    let (text, shifts, mut repairs) = repair_ampersands(input, &line_starts);
    let mut parser = Parser {
        line_starts: &line_starts,
        shifts: &shifts,
        entities: HashMap::new(),
        expanded: 0,
        repairs: &mut repairs,
        warned_prefixes: Vec::new(),
        warned_html: Vec::new(),
    };
    let root = parser.run(&text)?;
    Ok(Document {
        root,
        text,
        repairs,
        line_starts,
    })
}

struct Parser<'a> {
    line_starts: &'a [usize],
    shifts: &'a [(usize, usize)],
    entities: HashMap<String, Entity>,
    expanded: usize,
    repairs: &'a mut Vec<Problem>,
    warned_prefixes: Vec<String>,
    warned_html: Vec<String>,
}

struct Open {
    element: Element,
    /// Namespace declarations this element made: (prefix, previous binding).
    declared: Vec<(String, Option<String>)>,
}

impl Parser<'_> {
    fn pos(&self, offset: usize) -> Pos {
        pos_in(self.line_starts, original_offset(self.shifts, offset))
    }

    fn fail(&self, offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            pos: self.pos(offset),
            message: message.into(),
        }
    }

    fn run(&mut self, text: &str) -> Result<Element, Problem> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut scopes: HashMap<String, String> = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Element> = None;
        loop {
            let start = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(self.fail(at, format!("the XML is malformed: {e}")));
                }
            };
            let end = reader.buffer_position() as usize;
            match event {
                Event::Start(tag) => {
                    let open = self.open(&tag, start, end, &mut scopes)?;
                    stack.push(open);
                }
                Event::Empty(tag) => {
                    let mut open = self.open(&tag, start, end, &mut scopes)?;
                    open.element.inner = end..end;
                    let element = close_scope(open, &mut scopes);
                    attach(&mut stack, &mut root, element, start, self)?;
                }
                Event::End(_) => {
                    let Some(mut open) = stack.pop() else {
                        return Err(self.fail(start, "a closing tag has no opening tag"));
                    };
                    open.element.inner.end = start;
                    let element = close_scope(open, &mut scopes);
                    attach(&mut stack, &mut root, element, start, self)?;
                }
                Event::Text(t) => {
                    let raw: &str = &t;
                    self.push_text(&mut stack, raw, start)?;
                }
                Event::CData(t) => {
                    let raw = t.to_string();
                    push_text(&mut stack, raw);
                }
                Event::GeneralRef(r) => {
                    let name = r.to_string();
                    let value = self.reference(&name, start, 0)?;
                    push_text(&mut stack, value);
                }
                Event::DocType(d) => {
                    let raw = d.to_string();
                    self.doctype(&raw);
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
        if let Some(open) = stack.last() {
            return Err(self.fail(
                open.element.offset,
                format!(
                    "<{}> is never closed (the file ends first; is it cut short?)",
                    open.element.name
                ),
            ));
        }
        root.ok_or_else(|| self.fail(0, "the file holds no XML element"))
    }

    fn open(
        &mut self,
        tag: &BytesStart,
        start: usize,
        end: usize,
        scopes: &mut HashMap<String, String>,
    ) -> Result<Open, Problem> {
        let qname: String = tag.name().as_ref().to_string();
        let mut attrs = Vec::new();
        let mut declared = Vec::new();
        for attr in tag.attributes().with_checks(false) {
            let attr = attr.map_err(|e| self.fail(start, format!("a bad attribute: {e}")))?;
            let key: String = attr.key.as_ref().to_string();
            let raw = attr.value.to_string();
            let value = self.unescape(&raw, start)?;
            if key == "xmlns" {
                declared.push((String::new(), scopes.insert(String::new(), value)));
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                declared.push((prefix.to_string(), scopes.insert(prefix.to_string(), value)));
            } else {
                attrs.push((key, value));
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l.to_string()),
            None => ("", qname.clone()),
        };
        let ns = match scopes.get(prefix) {
            Some(uri) => canonical_ns(uri),
            None if prefix.is_empty() => String::new(),
            None => {
                let known = WELL_KNOWN.iter().find(|(p, _)| *p == prefix);
                if !self.warned_prefixes.iter().any(|p| p == prefix) {
                    self.warned_prefixes.push(prefix.to_string());
                    let message = match known {
                        Some((_, uri)) => format!(
                            "the prefix `{prefix}:` is used but never declared; read as {uri}"
                        ),
                        None => format!(
                            "the prefix `{prefix}:` is used but never declared; its elements are ignored"
                        ),
                    };
                    self.repairs.push(Problem {
                        pos: self.pos(start),
                        message,
                    });
                }
                match known {
                    Some((_, uri)) => canonical_ns(uri),
                    None => format!("undeclared:{prefix}"),
                }
            }
        };
        Ok(Open {
            element: Element {
                ns,
                name: local,
                attrs,
                children: Vec::new(),
                offset: original_offset(self.shifts, start),
                inner: end..end,
            },
            declared,
        })
    }

    fn push_text(&mut self, stack: &mut [Open], raw: &str, at: usize) -> Result<(), Problem> {
        if stack.is_empty() {
            return Ok(());
        }
        let text = if raw.contains('&') {
            self.unescape(raw, at)?
        } else {
            raw.to_string()
        };
        push_text(stack, text);
        Ok(())
    }

    /// Expands `&name;` and character references in an attribute value or text.
    fn unescape(&mut self, raw: &str, at: usize) -> Result<String, Problem> {
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

    fn reference(&mut self, name: &str, at: usize, depth: usize) -> Result<String, Problem> {
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
                if let Some((_, v)) = HTML_ENTITIES.iter().find(|(n, _)| *n == name) {
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
    fn doctype(&mut self, raw: &str) {
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

/// WordPress names its export namespace after the WXR version, over http or https
/// (`http://wordpress.org/export/1.2/`); all of them read as [`WP`] (and [`WP_EXCERPT`]).
fn canonical_ns(uri: &str) -> String {
    if let Some(i) = uri.find("wordpress.org/export/") {
        let rest = &uri[i..];
        if rest.trim_end_matches('/').ends_with("excerpt") {
            return WP_EXCERPT.to_string();
        }
        return WP.to_string();
    }
    uri.to_string()
}

/// The namespace every WordPress export namespace (WXR 1.0, 1.1, 1.2) is read as.
pub const WP: &str = "wp";
/// The namespace of WordPress excerpts, whatever the WXR version.
pub const WP_EXCERPT: &str = "wp-excerpt";

fn close_scope(open: Open, scopes: &mut HashMap<String, String>) -> Element {
    for (prefix, previous) in open.declared.into_iter().rev() {
        match previous {
            Some(uri) => scopes.insert(prefix, uri),
            None => scopes.remove(&prefix),
        };
    }
    open.element
}

fn attach(
    stack: &mut [Open],
    root: &mut Option<Element>,
    element: Element,
    at: usize,
    parser: &Parser,
) -> Result<(), Problem> {
    match stack.last_mut() {
        Some(parent) => parent.element.children.push(Node::Element(element)),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(parser.fail(
                at,
                "a second top-level element after the document's end (two files joined?)",
            ));
        }
    }
    Ok(())
}

fn push_text(stack: &mut [Open], text: String) {
    let Some(open) = stack.last_mut() else { return };
    if let Some(Node::Text(last)) = open.element.children.last_mut() {
        last.push_str(&text);
    } else {
        open.element.children.push(Node::Text(text));
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

fn pos_in(line_starts: &[usize], offset: usize) -> Pos {
    let line = line_starts.partition_point(|&s| s <= offset).max(1);
    let start = line_starts[line - 1];
    Pos {
        line,
        column: offset - start + 1,
    }
}

/// `shifts`: (offset in the repaired text where a repair ended, bytes inserted so far).
fn original_offset(shifts: &[(usize, usize)], offset: usize) -> usize {
    let i = shifts.partition_point(|&(at, _)| at < offset);
    if i == 0 {
        offset
    } else {
        offset.saturating_sub(shifts[i - 1].1)
    }
}

/// Escapes every `&` that does not start an entity or character reference (a raw `&` in a
/// URL is the commonest fault of hand-edited exports) and every `<` that cannot start a tag,
/// outside CDATA sections, comments and the document type declaration.
fn repair_ampersands(
    input: &str,
    line_starts: &[usize],
) -> (String, Vec<(usize, usize)>, Vec<Problem>) {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut shifts = Vec::new();
    let mut repairs: Vec<Problem> = Vec::new();
    let mut count = 0usize;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if bytes[i..].starts_with(b"<![CDATA[") => {
                i = find(bytes, i + 9, b"]]>").map_or(bytes.len(), |e| e + 3);
            }
            b'<' if bytes[i..].starts_with(b"<!--") => {
                i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            }
            b'<' if bytes[i..].starts_with(b"<!DOCTYPE") => {
                // The internal subset ends at `]>`, or the declaration at the first `>`.
                let subset = bytes[i..].iter().position(|&b| b == b'[' || b == b'>');
                i = match subset.map(|p| bytes[i + p]) {
                    Some(b'[') => find(bytes, i, b"]>").map_or(bytes.len(), |e| e + 2),
                    _ => find(bytes, i, b">").map_or(bytes.len(), |e| e + 1),
                };
            }
            // A `<` that cannot start markup (`5 < 12`) is text.
            b'<' if bytes.get(i + 1).is_none_or(|&b| {
                b.is_ascii_whitespace() || b.is_ascii_digit() || b == b'=' || b == b'<'
            }) =>
            {
                out.push_str(&input[copied..i]);
                out.push_str("&lt;");
                copied = i + 1;
                count += 3;
                shifts.push((out.len(), count));
                if repairs.len() < 20 {
                    repairs.push(Problem {
                        pos: pos_in(line_starts, i),
                        message: "a `<` that starts no tag was read as text".into(),
                    });
                }
                i += 1;
            }
            b'&' => {
                if !is_reference(&bytes[i + 1..]) {
                    out.push_str(&input[copied..=i]);
                    out.push_str("amp;");
                    copied = i + 1;
                    count += 4;
                    shifts.push((out.len(), count));
                    if repairs.len() < 20 {
                        repairs.push(Problem {
                            pos: pos_in(line_starts, i),
                            message: "a raw `&` (as in a URL) was read as `&amp;`".into(),
                        });
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&input[copied..]);
    (out, shifts, repairs)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// True when `rest` (after a `&`) is `name;`, `#123;` or `#x1F;`.
fn is_reference(rest: &[u8]) -> bool {
    let limit = rest.len().min(40);
    let Some(semi) = rest[..limit].iter().position(|&b| b == b';') else {
        return false;
    };
    let name = &rest[..semi];
    if name.is_empty() {
        return false;
    }
    if name[0] == b'#' {
        let digits = &name[1..];
        return match digits.first() {
            Some(b'x' | b'X') => digits.len() > 1 && digits[1..].iter().all(u8::is_ascii_hexdigit),
            Some(_) => digits.iter().all(u8::is_ascii_digit),
            None => false,
        };
    }
    (name[0].is_ascii_alphabetic() || name[0] == b'_' || name[0] >= 0x80)
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_ampersand_is_repaired_with_position() {
        let doc = parse("<a>\n<b href=\"x?a=1&b=2\">t &amp; u & v</b></a>").unwrap();
        let b = doc.root.child("", "b").unwrap();
        assert_eq!(b.attr("href"), Some("x?a=1&b=2"));
        assert_eq!(b.text(), "t & u & v");
        assert_eq!(
            doc.repairs[0].pos,
            Pos {
                line: 2,
                column: 15
            }
        );
    }

    #[test]
    fn a_lone_less_than_is_text() {
        let doc = parse("<a>\n5 < 12 &amp; <b/></a>").unwrap();
        assert_eq!(doc.root.text(), "\n5 < 12 & ");
        assert_eq!(doc.repairs[0].pos, Pos { line: 2, column: 3 });
        // Positions after the repair still point into the original file.
        let err = parse("<a>\n5 < 12 <b></a>").unwrap_err();
        assert_eq!(err.pos.line, 2);
        assert_eq!(err.pos.column, 11, "the `</a>` of the original line");
    }

    #[test]
    fn any_truncation_is_an_error_or_a_tree_never_a_panic() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"v&amp;\">]>\n<r xmlns:wp=\"http://wordpress.org/export/1.1/\"><wp:a x=\"1&2\">&e; é <![CDATA[c]]]]><![CDATA[>]]> 5 < 6</wp:a><!-- c --><b/></r>";
        for (i, _) in text.char_indices() {
            if let Err(problem) = parse(&text[..i]) {
                assert!(problem.pos.line >= 1 && problem.pos.column >= 1);
            }
        }
        let doc = parse(text).unwrap();
        assert_eq!(doc.root.child(WP, "a").unwrap().text(), "v& é c]]> 5 < 6");
    }

    #[test]
    fn split_cdata_joins() {
        let doc = parse("<a><![CDATA[x]]]]><![CDATA[>y]]></a>").unwrap();
        assert_eq!(doc.root.text(), "x]]>y");
    }

    #[test]
    fn entity_bomb_is_refused() {
        let mut dtd = String::from("<!DOCTYPE a [<!ENTITY e0 \"lol\">");
        for i in 1..10 {
            let prev = format!("&e{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY e{i} \"{prev}\">"));
        }
        dtd.push_str("]>\n<a>&e9;</a>");
        let err = parse(&dtd).unwrap_err();
        assert!(err.message.contains("entity"), "{}", err.message);
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn external_entity_is_never_read() {
        let err = parse("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")
            .unwrap_err();
        assert!(err.message.contains("external"));
    }

    #[test]
    fn mismatched_tag_names_line_and_column() {
        let err = parse("<a>\n  <b></a>").unwrap_err();
        assert_eq!(err.pos.line, 2);
        assert!(err.message.contains("</b>"), "{}", err.message);
    }

    #[test]
    fn undeclared_wordpress_prefix_is_read() {
        let doc = parse("<rss><wp:post_id>3</wp:post_id></rss>").unwrap();
        assert!(doc.root.child(WP, "post_id").is_some());
        assert_eq!(doc.repairs.len(), 1);
    }
}
