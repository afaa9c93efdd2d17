//! The event loop over quick-xml's reader: elements, namespaces, text.

use super::entities::Entity;
use super::repair::{original_offset, pos_in};
use super::{Element, MAX_DEPTH, Node, Pos, Problem, WP, WP_EXCERPT};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

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

pub(super) struct Parser<'a> {
    pub(super) line_starts: &'a [usize],
    pub(super) shifts: &'a [(usize, usize)],
    pub(super) entities: HashMap<String, Entity>,
    pub(super) expanded: usize,
    pub(super) repairs: &'a mut Vec<Problem>,
    pub(super) warned_prefixes: Vec<String>,
    pub(super) warned_html: Vec<String>,
    pub(super) warned_depth: bool,
}

struct Open {
    element: Element,
    /// Namespace declarations this element made: (prefix, previous binding).
    declared: Vec<(String, Option<String>)>,
}

impl Parser<'_> {
    pub(super) fn pos(&self, offset: usize) -> Pos {
        pos_in(self.line_starts, original_offset(self.shifts, offset))
    }

    pub(super) fn fail(&self, offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            pos: self.pos(offset),
            message: message.into(),
        }
    }

    pub(super) fn run(&mut self, text: &str) -> Result<Element, Problem> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut scopes: HashMap<String, String> = HashMap::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Element> = None;
        // The namespace declarations of the open elements that were flattened.
        let mut flattened: Vec<Vec<(String, Option<String>)>> = Vec::new();
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
                    if stack.len() >= MAX_DEPTH {
                        self.flatten(start);
                        flattened.push(open.declared);
                    } else {
                        stack.push(open);
                    }
                }
                Event::Empty(tag) if stack.len() >= MAX_DEPTH => {
                    let open = self.open(&tag, start, end, &mut scopes)?;
                    self.flatten(start);
                    restore(open.declared, &mut scopes);
                }
                Event::End(_) if !flattened.is_empty() => {
                    if let Some(declared) = flattened.pop() {
                        restore(declared, &mut scopes);
                    }
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

    /// An element nested deeper than [`MAX_DEPTH`], flattened into its parent: said once.
    fn flatten(&mut self, at: usize) {
        if !self.warned_depth {
            self.warned_depth = true;
            self.repairs.push(Problem {
                pos: self.pos(at),
                message: format!(
                    "elements nested more than {MAX_DEPTH} deep are flattened into their parent (their text is kept)"
                ),
            });
        }
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
                prefix: prefix.to_string(),
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
}

/// WordPress names its export namespace after the WXR version, over http or https
/// (`http://wordpress.org/export/1.2/`); all of them read as [`WP`] (and
/// `…/1.2/excerpt/` as [`WP_EXCERPT`]). Any other URI, even one that holds those words
/// (`https://evil.example/wordpress.org/export/1.2/`), is a namespace of its own.
fn canonical_ns(uri: &str) -> String {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
        .and_then(|r| r.strip_prefix("wordpress.org/export/1."));
    if let Some(rest) = rest {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let tail = rest[digits..].trim_end_matches('/');
        if digits > 0 {
            match tail {
                "" => return WP.to_string(),
                "/excerpt" => return WP_EXCERPT.to_string(),
                _ => {}
            }
        }
    }
    uri.to_string()
}

fn close_scope(open: Open, scopes: &mut HashMap<String, String>) -> Element {
    restore(open.declared, scopes);
    open.element
}

/// Undoes an element's namespace declarations as it closes.
fn restore(declared: Vec<(String, Option<String>)>, scopes: &mut HashMap<String, String>) {
    for (prefix, previous) in declared.into_iter().rev() {
        match previous {
            Some(uri) => scopes.insert(prefix, uri),
            None => scopes.remove(&prefix),
        };
    }
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
