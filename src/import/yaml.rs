//! YAML as static sites write it (front matter, `_config.yml`, Staticman's data files) into a
//! small tree whose values keep their line, read through yaml-rust2's event parser.
//!
//! Building the tree here rather than with the crate's loader bounds what a hostile file can
//! cost: an alias (`*name`) copies its anchor's subtree, so a few lines of nested aliases
//! would expand to billions of nodes; here every node made, copies included, counts against
//! [`MAX_NODES`], and nesting deeper than [`MAX_DEPTH`] is refused. Scalars stay text
//! (`plain` says whether they were quoted, for `true` and `null`); TOML front matter is read
//! into the same tree ([`from_toml`]), so the importers read one shape.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nodes one file may make, aliases' copies included.
pub const MAX_NODES: usize = 200_000;
/// Collections nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

/// A value and the line (1-based, in the text given) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Its line.
    pub line: usize,
    /// A scalar written without quotes (so `true`, `null` and `~` mean what YAML says).
    pub plain: bool,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// Any scalar, as text.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written (keys as text).
    Map(Vec<(String, Node)>),
}

/// Why a text is not YAML this reader takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Node {
    fn new(value: Value, line: usize) -> Node {
        Node {
            value,
            line,
            plain: false,
        }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The first of `keys` present with a value that is not null.
    pub fn any(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter()
            .filter_map(|k| self.get(k))
            .find(|n| n.value != Value::Null)
    }

    /// The text of a scalar (not null), trimmed; `None` when empty.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// The text under `key`.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::text)
    }

    /// A scalar or a sequence of scalars as a list (`tags: a` or `tags: [a, b]`); with
    /// `split`, a scalar is split at white space as Jekyll splits `tags: a b`.
    pub fn list(&self, split: bool) -> Vec<String> {
        match &self.value {
            Value::Str(s) if split => s.split_whitespace().map(str::to_string).collect(),
            Value::Str(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| i.text().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// True for `true`, `True`, `TRUE` (and YAML 1.1's `yes`, `on`, which old sites write).
    pub fn is_true(&self) -> bool {
        matches!(&self.value, Value::Str(s) if matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "on"))
    }

    /// True for `false`, `no`, `off` in any case.
    pub fn is_false(&self) -> bool {
        matches!(&self.value, Value::Str(s) if matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "no" | "off"))
    }

    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|(_, v)| v.size()).sum(),
            _ => 0,
        }
    }
}

enum Frame {
    Seq(Vec<Node>, usize, usize),
    Map(Vec<(String, Node)>, Option<String>, usize, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    error: Option<YamlError>,
    documents: usize,
}

impl Builder {
    fn fail(&mut self, mark: Marker, message: String) {
        if self.error.is_none() {
            self.error = Some(YamlError {
                line: mark.line(),
                column: mark.col() + 1,
                message,
            });
        }
    }

    fn count(&mut self, n: usize, mark: Marker) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            self.fail(
                mark,
                format!(
                    "the YAML makes more than {MAX_NODES} values (aliases copied into aliases?)"
                ),
            );
            return false;
        }
        true
    }

    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(entries, key, _, _)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    *key = Some(match node.value {
                        Value::Str(s) => s,
                        Value::Null => String::new(),
                        // A collection as a key: no front matter field has one.
                        _ => "\u{0}".to_string(),
                    });
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let line = mark.line();
        match event {
            Event::DocumentStart => {
                self.documents += 1;
            }
            Event::Scalar(text, style, anchor, _) => {
                if !self.count(1, mark) {
                    return;
                }
                let plain = style == TScalarStyle::Plain;
                let value = if plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Value::Null
                } else {
                    Value::Str(text)
                };
                let mut node = Node::new(value, line);
                node.plain = plain;
                self.push(node, anchor);
            }
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| Node::new(Value::Null, line));
                if self.count(node.size(), mark) {
                    self.push(node, 0);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(
                        mark,
                        format!("lists and mappings are nested more than {MAX_DEPTH} deep"),
                    );
                    return;
                }
                if !self.count(1, mark) {
                    return;
                }
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq(Vec::new(), line, anchor)
                    } else {
                        Frame::Map(Vec::new(), None, line, anchor)
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq(items, line, anchor)) => {
                    self.push(Node::new(Value::Seq(items), line), anchor);
                }
                Some(Frame::Map(entries, _, line, anchor)) => {
                    self.push(Node::new(Value::Map(entries), line), anchor);
                }
                None => {}
            },
            _ => {}
        }
    }
}

/// Reads one YAML document (a second one after `---` is ignored); an empty text is null.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        return Err(YamlError {
            line: m.line(),
            column: m.col() + 1,
            message: e.info().to_string(),
        });
    }
    if let Some(e) = builder.error {
        return Err(e);
    }
    Ok(builder.root.unwrap_or(Node::new(Value::Null, 1)))
}

/// A TOML table as the same tree; each top-level key's line is found in `text` (the TOML
/// as written), `first_line` being the line its first line has in its file.
pub fn from_toml(table: &toml::Table, text: &str, first_line: usize) -> Node {
    fn convert(value: &toml::Value, line: usize, depth: usize) -> Node {
        let value = match value {
            toml::Value::String(s) => Value::Str(s.clone()),
            toml::Value::Array(items) if depth < MAX_DEPTH => {
                Value::Seq(items.iter().map(|i| convert(i, line, depth + 1)).collect())
            }
            toml::Value::Table(t) if depth < MAX_DEPTH => Value::Map(
                t.iter()
                    .map(|(k, v)| (k.clone(), convert(v, line, depth + 1)))
                    .collect(),
            ),
            toml::Value::Array(_) | toml::Value::Table(_) => Value::Null,
            other => Value::Str(other.to_string().trim_matches('"').to_string()),
        };
        Node {
            value,
            line,
            plain: true,
        }
    }
    let line_of = |key: &str| {
        text.lines()
            .position(|l| {
                let l = l.trim_start();
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with(']'))
                    || l.strip_prefix('[').is_some_and(|r| r.starts_with(key))
            })
            .map_or(first_line, |i| first_line + i)
    };
    Node {
        value: Value::Map(
            table
                .iter()
                .map(|(k, v)| (k.clone(), convert(v, line_of(k), 1)))
                .collect(),
        ),
        line: first_line,
        plain: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_lines_and_aliases_their_anchor() {
        let doc = parse(
            "title: \"Hi\"\nname: &n Ann\nauthor:\n  name: *n\ntags: [a, b]\ndraft: true\nx: ~\n",
        )
        .unwrap();
        assert_eq!(doc.str("title"), Some("Hi"));
        assert_eq!(doc.get("author").unwrap().str("name"), Some("Ann"));
        assert_eq!(doc.get("tags").unwrap().list(false), ["a", "b"]);
        assert_eq!(doc.get("tags").unwrap().line, 5);
        assert!(doc.get("draft").unwrap().is_true());
        assert_eq!(doc.get("x").unwrap().value, Value::Null);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = (b'a' + i - 1) as char;
            let c = (b'a' + i) as char;
            bomb.push_str(&format!(
                "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            ));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("more than"), "{e:?}");
        let deep = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn errors_have_a_line() {
        let e = parse("title: a\n  bad: [\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }
}
