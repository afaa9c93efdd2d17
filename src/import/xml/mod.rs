//! A lenient XML reader for exports and feeds, built on quick-xml's streaming parser.
//!
//! It turns a document into a small tree of [`Element`]s with namespaces resolved. Where the
//! meaning is clear it repairs the input and says so (a raw `&` in a URL, an HTML entity such
//! as `&nbsp;`, an undeclared but well-known prefix); where it is not it stops with the line
//! and column. External entities are never read; internal entity expansion is bounded.

mod entities;
mod parser;
mod repair;

pub use entities::UnknownReference;
use parser::Parser;
use repair::{line_starts, original_offset, pos_in, repair_ampersands};
use std::collections::HashMap;
use std::ops::Range;

/// Internal entity expansion may produce at most this many bytes in one document: a real
/// export uses a handful of short entities, an "entity bomb" asks for gigabytes.
pub const MAX_ENTITY_BYTES: usize = 1 << 20;
/// Entities may refer to entities this deep (a bomb nests ten levels or more).
pub const MAX_ENTITY_DEPTH: usize = 8;

/// Elements nest at most this deep in the tree; deeper ones are flattened into their parent
/// (their text kept), with one repair warning, so no walk over the tree runs out of stack.
pub const MAX_DEPTH: usize = 200;

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
    /// The prefix as written (`wp` for `<wp:status>`), "" for none.
    pub prefix: String,
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
    /// The repairs' shifts, to map offsets in [`Document::text`] back to the original file.
    shifts: Vec<(usize, usize)>,
}

impl Document {
    /// Line and column of a byte offset in the original file.
    pub fn pos(&self, original_offset: usize) -> Pos {
        pos_in(&self.line_starts, original_offset)
    }

    /// Line and column in the original file of a byte offset in [`Document::text`].
    pub fn text_pos(&self, text_offset: usize) -> Pos {
        pos_in(
            &self.line_starts,
            original_offset(&self.shifts, text_offset),
        )
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
        warned_depth: false,
    };
    let root = parser.run(&text)?;
    Ok(Document {
        root,
        text,
        repairs,
        line_starts,
        shifts,
    })
}

/// The namespace every WordPress export namespace (WXR 1.0, 1.1, 1.2) is read as.
pub const WP: &str = "wp";
/// The namespace of WordPress excerpts, whatever the WXR version.
pub const WP_EXCERPT: &str = "wp-excerpt";
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
    fn html_entities_outside_cdata_are_read_with_one_warning_each() {
        let doc = parse("<a>&Omega;&Omega; &frac34; &bogus;</a>").unwrap();
        assert_eq!(doc.root.text(), "ΩΩ ¾ &bogus;");
        let messages: Vec<&str> = doc.repairs.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`&Omega;` is an HTML entity, not an XML one; read as `Ω`",
                "`&frac34;` is an HTML entity, not an XML one; read as `¾`",
                "unknown entity `&bogus;` kept as written",
            ]
        );
    }

    #[test]
    fn unknown_references_are_found_where_written() {
        let doc =
            parse("<r><c>\n&amp;nope; &amp;amp;fine; <![CDATA[&also; &amp;x;]]> &raw;</c></r>")
                .unwrap();
        let c = doc.root.child("", "c").unwrap();
        let refs = doc.unknown_references(c);
        let found: Vec<(&str, Pos, bool)> = refs
            .iter()
            .map(|r| (r.name.as_str(), r.pos, r.reported))
            .collect();
        assert_eq!(
            found,
            [
                ("nope", Pos { line: 2, column: 1 }, false),
                (
                    "also",
                    Pos {
                        line: 2,
                        column: 36
                    },
                    false
                ),
                (
                    "raw",
                    Pos {
                        line: 2,
                        column: 54
                    },
                    true
                ),
            ]
        );
    }

    #[test]
    fn undeclared_wordpress_prefix_is_read() {
        let doc = parse("<rss><wp:post_id>3</wp:post_id></rss>").unwrap();
        assert!(doc.root.child(WP, "post_id").is_some());
        assert_eq!(doc.repairs.len(), 1);
    }
}
