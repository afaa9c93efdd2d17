//! The Markdown Pandoc, Hugo and Zola users write, beyond CommonMark and GFM: subscript
//! (`H~2~O`), superscript (`x^2^`), definition lists, math kept as its source, and escaped
//! brackets that stay text.
//!
//! Each follows Pandoc's reading, so a text written for Pandoc means the same here:
//! - `~x~` is subscript and `~~x~~` strikethrough (comrak gives the single tilde to
//!   subscript when both are on); `^x^` is superscript. As in Pandoc, neither may hold a
//!   space: `a^b c^d` and `from ~10 to ~20` stay as written.
//! - A term, then lines starting with `:`, is a definition list; a term may have several
//!   definitions.
//! - Math (`$…$`, `$$…$$`, `` $`…`$ ``, a ```` ```math ```` block) is not typeset: it is kept
//!   as code, exactly as written with its delimiters (`\,` intact), and one warning per file
//!   names its lines.
//! - `\[`, `\]` and `\{` are literal: the passes that read brackets in the text after comrak
//!   (undefined citations `[^x]`, language spans `[…]{lang=xx}`) see stand-ins for them, put
//!   back once those passes are done.

use super::{Converter, merge_text};
use crate::diag::Diagnostic;
use crate::model::{Block, Definition, Inline};
use comrak::Options;
use comrak::nodes::{AstNode, NodeCodeBlock, NodeMath, NodeValue};
use std::path::Path;

/// Stand-ins for escaped `[`, `]` and `{` while the bracket passes run: noncharacters, which
/// Unicode reserves for a program's own use, so no text means them.
const ESCAPED: [(char, char); 3] = [('[', '\u{FDD0}'), (']', '\u{FDD1}'), ('{', '\u{FDD2}')];

/// Turns on the extensions of this dialect.
pub(super) fn extend(options: &mut Options) {
    options.extension.subscript = true;
    options.extension.superscript = true;
    options.extension.description_lists = true;
    options.extension.math_dollars = true;
    options.extension.math_code = true;
    options.parse.escaped_char_spans = true;
}

/// The warning for the math of one file, found on `lines` (none when there is no math).
pub fn math_warning(file: &Path, lines: &[usize]) -> Option<Diagnostic> {
    let mut lines = lines.to_vec();
    lines.sort_unstable();
    lines.dedup();
    let first = *lines.first()?;
    let listed: Vec<String> = lines.iter().map(usize::to_string).collect();
    let place = match listed.as_slice() {
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
        [] => unreachable!("lines is not empty"),
    };
    Some(
        Diagnostic::warning(
            file,
            Some(first),
            format!("math is not typeset: its TeX source is printed as code ({place})"),
        )
        .with_hint(
            "the formulas are shown as written; for typeset math use Unicode (H₂O, x², ½) or an image",
        ),
    )
}

/// The display math of a paragraph that holds nothing else.
pub(super) fn display_math<'a>(node: &'a AstNode<'a>) -> Option<NodeMath> {
    let mut children = node.children();
    let only = children.next()?;
    if children.next().is_some() {
        return None;
    }
    match &only.data().value {
        NodeValue::Math(math) if math.display_math => Some(math.clone()),
        _ => None,
    }
}

/// Math as the author wrote it, delimiters included.
fn math_source(math: &NodeMath) -> String {
    let literal = &math.literal;
    match (math.dollar_math, math.display_math) {
        (true, true) => format!("$${literal}$$"),
        (true, false) => format!("${literal}$"),
        (false, _) => format!("$`{literal}`$"),
    }
}

/// Puts back the escaped brackets of a converted run (and of the language spans the run's
/// pass made; other inlines were converted, and put back, on their own).
pub(super) fn unescape(content: Vec<Inline>) -> Vec<Inline> {
    content
        .into_iter()
        .map(|inline| match inline {
            // The stand-ins' UTF-8 forms start with EF: most texts have no such byte.
            Inline::Text(text)
                if memchr::memchr(0xEF, text.as_bytes()).is_some()
                    && text.contains(|c| ESCAPED.iter().any(|(_, s)| *s == c)) =>
            {
                Inline::Text(
                    text.chars()
                        .map(|c| {
                            ESCAPED
                                .iter()
                                .find(|(_, s)| *s == c)
                                .map_or(c, |(plain, _)| *plain)
                        })
                        .collect(),
                )
            }
            Inline::Span { lang, content } => Inline::Span {
                lang,
                content: unescape(content),
            },
            other => other,
        })
        .collect()
}

/// Whether a run holds a space or a line end (sub- and superscripts may not).
fn has_space(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Text(text) | Inline::Code(text) => text.contains(char::is_whitespace),
        Inline::SoftBreak | Inline::LineBreak => true,
        _ => false,
    })
}

impl<'a> Converter<'_, 'a> {
    /// A subscript or superscript, or its text between its delimiters when it holds a space
    /// (Pandoc's rule: `a^b c^d` is no superscript).
    pub(super) fn script(
        &mut self,
        node: &'a AstNode<'a>,
        delimiter: &str,
        make: fn(Vec<Inline>) -> Inline,
    ) -> Vec<Inline> {
        let content = self.inlines(node);
        if content.is_empty() || has_space(&content) {
            let mut out = vec![Inline::Text(delimiter.to_string())];
            out.extend(content);
            out.push(Inline::Text(delimiter.to_string()));
            return merge_text(out);
        }
        vec![make(content)]
    }

    /// Inline math: its source as inline code.
    pub(super) fn math_inline(&mut self, node: &AstNode, math: &NodeMath) -> Inline {
        self.math.push(self.line(node));
        Inline::Code(math_source(math))
    }

    /// A paragraph of display math: its source as a code block.
    pub(super) fn math_block(&mut self, node: &'a AstNode<'a>) -> Block {
        let math = display_math(node).unwrap_or_default();
        self.math.push(self.line(node));
        let mut text = math_source(&math);
        text.push('\n');
        Block::Code {
            language: Some("math".into()),
            text,
        }
    }

    /// A ```` ```math ```` block: code already, but math nobody typesets, so it is counted.
    pub(super) fn math_fence(&mut self, node: &AstNode, code: &NodeCodeBlock) -> Block {
        self.math.push(self.line(node));
        Block::Code {
            language: Some("math".into()),
            text: code.literal.clone(),
        }
    }

    /// An escaped character: text, with brackets as stand-ins until the bracket passes ran.
    pub(super) fn escaped(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let mut text = String::new();
        for child in node.children() {
            if let NodeValue::Text(t) = &child.data().value {
                text.extend(t.chars().map(|c| {
                    ESCAPED
                        .iter()
                        .find(|(plain, _)| *plain == c)
                        .map_or(c, |(_, stand_in)| *stand_in)
                }));
            }
        }
        vec![Inline::Text(text)]
    }

    /// A definition list. An item with definitions but no term (a second `:` after a blank
    /// line) adds them to the term before it.
    pub(super) fn definitions(&mut self, node: &'a AstNode<'a>) -> Block {
        let mut items: Vec<Definition> = Vec::new();
        for item in node.children() {
            let mut term = None;
            let mut details = Vec::new();
            for part in item.children() {
                match part.data().value {
                    NodeValue::DescriptionTerm => {
                        let mut content = Vec::new();
                        for block in part.children() {
                            if !content.is_empty() {
                                content.push(Inline::SoftBreak);
                            }
                            content.extend(self.inlines(block));
                        }
                        term = Some(content);
                    }
                    NodeValue::DescriptionDetails => details.push(self.blocks(part)),
                    _ => {}
                }
            }
            match (term, items.last_mut()) {
                (None, Some(previous)) => previous.details.extend(details),
                (term, _) => items.push(Definition {
                    term: term.unwrap_or_default(),
                    details,
                }),
            }
        }
        Block::Definitions { items }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::model::{Block, Definition, Inline};
    use crate::source::markdown::{Parsed, math_warning};
    use std::path::Path;

    fn run(text: &str) -> (Parsed, Diagnostics) {
        crate::source::parse_for_test(text)
    }

    fn content(text: &str) -> Vec<Inline> {
        let (p, d) = run(text);
        assert!(d.is_empty(), "{d:?}");
        match p.blocks.as_slice() {
            [Block::Paragraph { content, .. }] => content.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    #[test]
    fn single_tilde_is_subscript_double_is_strikethrough() {
        assert_eq!(
            content("H~2~O and ~~gone~~\n"),
            vec![
                text("H"),
                Inline::Subscript(vec![text("2")]),
                text("O and "),
                Inline::Strike(vec![text("gone")]),
            ]
        );
    }

    #[test]
    fn caret_is_superscript_and_notes_still_cite() {
        let (p, d) = run("2^10^[^n] bytes\n\n[^n]: A note.\n");
        assert!(d.is_empty(), "{d:?}");
        let Block::Paragraph { content, .. } = &p.blocks[0] else {
            panic!()
        };
        assert_eq!(content[0], text("2"));
        assert_eq!(content[1], Inline::Superscript(vec![text("10")]));
        assert!(matches!(content[2], Inline::NoteRef { number: 1, .. }));
        assert_eq!(p.notes.len(), 1);
    }

    #[test]
    fn scripts_with_spaces_stay_as_written() {
        assert_eq!(
            content("a^b c^d and from ~10 to ~20 km\n"),
            vec![text("a^b c^d and from ~10 to ~20 km")]
        );
    }

    #[test]
    fn definition_list_with_two_definitions() {
        let (p, d) = run("Term\n: One *def*\n\nOther\n\n: First\n\n: Second\n\n    More.\n");
        assert!(d.is_empty(), "{d:?}");
        let [Block::Definitions { items }] = p.blocks.as_slice() else {
            panic!("{:?}", p.blocks)
        };
        let paragraph = |c: Vec<Inline>| Block::Paragraph {
            lang: None,
            content: c,
        };
        assert_eq!(
            items,
            &vec![
                Definition {
                    term: vec![text("Term")],
                    details: vec![vec![paragraph(vec![
                        text("One "),
                        Inline::Emph(vec![text("def")])
                    ])]],
                },
                Definition {
                    term: vec![text("Other")],
                    details: vec![
                        vec![paragraph(vec![text("First")])],
                        vec![
                            paragraph(vec![text("Second")]),
                            paragraph(vec![text("More.")])
                        ],
                    ],
                },
            ]
        );
    }

    #[test]
    fn math_is_kept_verbatim_as_code_with_its_lines() {
        let (p, d) = run(
            "Inline $a\\,b + \\frac{1}{2}$ and $`x^2`$ here.\n\n$$\n\\int_0^1 x\\,dx\n$$\n\nCosts $5 and $10.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let Block::Paragraph { content, .. } = &p.blocks[0] else {
            panic!()
        };
        assert_eq!(content[1], Inline::Code("$a\\,b + \\frac{1}{2}$".into()));
        assert_eq!(content[3], Inline::Code("$`x^2`$".into()));
        assert_eq!(
            p.blocks[1],
            Block::Code {
                language: Some("math".into()),
                text: "$$\n\\int_0^1 x\\,dx\n$$\n".into()
            }
        );
        // Dollars that are prices are no math.
        assert_eq!(
            p.blocks[2],
            Block::Paragraph {
                lang: None,
                content: vec![text("Costs $5 and $10.")]
            }
        );
        assert_eq!(p.math, vec![1, 1, 3]);
        let warning = math_warning(Path::new("entries/t.md"), &p.math).expect("a warning");
        assert_eq!(warning.line, Some(1));
        assert!(
            warning.message.contains("lines 1 and 3"),
            "{}",
            warning.message
        );
        assert!(math_warning(Path::new("entries/t.md"), &[]).is_none());
    }

    #[test]
    fn math_fence_is_counted() {
        let (p, _) = run("```math\nx^2\n```\n");
        assert_eq!(
            p.blocks,
            vec![Block::Code {
                language: Some("math".into()),
                text: "x^2\n".into()
            }]
        );
        assert_eq!(p.math, vec![1]);
    }

    #[test]
    fn escaped_brackets_are_text_not_citations_or_spans() {
        assert_eq!(
            content("Write \\[^x] and \\[a]{lang=kk} and [b\\]{lang=kk}.\n"),
            vec![text("Write [^x] and [a]{lang=kk} and [b]{lang=kk}.")]
        );
        // Escapes inside a real span and inside emphasis are put back too.
        let spans = content("[say \\[^1\\]]{lang=kk} *\\[^y]*\n");
        let Inline::Span { content: inner, .. } = &spans[0] else {
            panic!("{spans:?}")
        };
        assert_eq!(inner, &vec![text("say [^1]")]);
        assert_eq!(spans[2], Inline::Emph(vec![text("[^y]")]));
    }
}
