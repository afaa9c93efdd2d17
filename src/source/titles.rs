//! Titles with the typography of the body: the book's title and subtitle and each entry's
//! title get the same dashes, ellipses and quotation marks as the text, so the contents, the
//! running heads, the bookmarks and the package metadata show them too.
//!
//! A title is plain text, not Markdown: `*` or `[` in a title are printed as written. The
//! punctuation is made by the same rules as the body's (comrak's smart punctuation: `---` an
//! em dash, `--` an en dash, `...` an ellipsis, straight quotes curly by their flanking), with
//! every other ASCII punctuation character escaped so nothing else is read as Markdown, then
//! the quotation marks are put in the language's style by [`quotes::localise`]. Names (of
//! authors and commenters) are never changed: they are written as their owners write them.

use crate::lang::Lang;
use crate::locale::quotes;
use crate::model::{Block, Inline};
use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

/// Starts the text comrak reads, so that a title is never a list, heading or rule (`1. Day`,
/// `- notes`, `---`): a line that starts with a no-break space is a paragraph. It is Unicode
/// whitespace, so a quote after it opens, as at the start of any paragraph.
const LEAD: char = '\u{00A0}';

/// `text` (a title written in `lang`) with typographic dashes, ellipses and quotation marks.
pub fn typographic(text: &str, lang: &Lang) -> String {
    // Only these characters can change; a title with a control character is left alone
    // (comrak would replace a NUL, and the control-character checks report it as written).
    if !text.contains(['"', '\'', '-', '.']) || text.contains(char::is_control) {
        return text.to_string();
    }
    // Leading and trailing spaces are not part of a paragraph's text: kept aside.
    let body = text.trim();
    let start = text.len() - text.trim_start().len();
    let (before, after) = (&text[..start], &text[start + body.len()..]);
    let mut source = String::with_capacity(body.len() * 2 + 2);
    source.push(LEAD);
    for c in body.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '"' | '\'' | '-' | '.') {
            source.push('\\');
        }
        source.push(c);
    }
    let mut options = Options::default();
    options.parse.smart = true;
    let arena = Arena::new();
    let root = parse_document(&arena, &source, &options);
    let mut smart = String::with_capacity(source.len());
    for node in root.descendants() {
        if let NodeValue::Text(t) = &node.data().value {
            smart.push_str(t);
        }
    }
    let Some(smart) = smart.strip_prefix(LEAD) else {
        return text.to_string();
    };
    let mut blocks = [Block::Paragraph {
        lang: None,
        content: vec![Inline::Text(smart.to_string())],
    }];
    quotes::localise(&mut blocks, lang);
    let [Block::Paragraph { content, .. }] = &blocks else {
        return text.to_string();
    };
    format!("{before}{}{after}", Inline::plain_text(content))
}

#[cfg(test)]
mod tests {
    use super::typographic;
    use crate::lang::Lang;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    #[test]
    fn dashes_ellipses_and_quotes_as_in_the_body() {
        let en = lang("en");
        assert_eq!(
            typographic("The \"real\" world --- and 1990--2000...", &en),
            "The “real” world — and 1990–2000…"
        );
        assert_eq!(typographic("Don't 'quote' me", &en), "Don’t ‘quote’ me");
        assert_eq!(typographic("\"Opening\" first", &en), "“Opening” first");
    }

    #[test]
    fn the_language_gives_its_marks() {
        assert_eq!(
            typographic("Он сказал \"да\" -- и ушёл", &lang("ru")),
            "Он сказал «да»\u{a0}– и ушёл"
        );
        assert_eq!(
            typographic("Il a dit \"oui\"", &lang("fr")),
            "Il a dit «\u{202f}oui\u{202f}»"
        );
    }

    #[test]
    fn nothing_else_is_read_as_markdown() {
        let en = lang("en");
        for title in [
            "C++ & <Rust> *not* _em_ `code` [link](x) \\back #tag ~x~ ^y^ $z$ &amp;",
            "1. Day one",
            "- a list?",
            "# Not a heading",
            "> not a quote",
            "  spaced  ",
            "Tab\there",
            "plain",
        ] {
            assert_eq!(typographic(title, &en), title);
        }
        assert_eq!(typographic("--- rule?", &en), "— rule?");
        assert_eq!(typographic("  \"x\"  ", &en), "  “x”  ");
    }
}
