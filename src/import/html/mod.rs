//! Post HTML → Markdown, over a small lenient HTML tokenizer.
//!
//! Handles what WordPress and feeds put in a post: auto-paragraphs (`wpautop`: blank lines
//! separate paragraphs, a single newline is a line break), Gutenberg block comments (dropped;
//! the HTML between them is kept), the common shortcodes, the core footnotes block, headings,
//! emphasis, links, lists, quotes, code, tables and images. What cannot be shown in a booklet
//! (scripts, forms, SVG, embeds) is left out or replaced by a link, and said so.

mod autop;
mod blocks;
mod entities;
mod inlines;
mod shortcodes;
mod tree;

pub use inlines::resolve;

use blocks::Writer;
use inlines::collapse;
use std::collections::BTreeSet;
pub use tree::MAX_DEPTH;
use tree::{parse, text_of};

/// What the converter asks of its caller: images and galleries.
pub trait Resolver {
    /// A book-relative image path (`../images/x.png`) for `src`, or `None` when the image is
    /// not available offline.
    fn image(&mut self, src: &str) -> Option<String>;
    /// The image addresses of a `[gallery ids="1,2"]` shortcode.
    fn gallery(&self, ids: &str) -> Vec<String>;
}

/// A resolver for content whose images cannot be copied (feeds): every image becomes a note.
pub struct NoImages;

impl Resolver for NoImages {
    fn image(&mut self, _src: &str) -> Option<String> {
        None
    }
    fn gallery(&self, _ids: &str) -> Vec<String> {
        Vec::new()
    }
}

/// How to read the HTML.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// The post HTML.
    pub html: &'a str,
    /// Apply WordPress auto-paragraphs (classic editor posts and comments).
    pub autop: bool,
    /// Gutenberg footnotes: (id, HTML content) from the post's `footnotes` meta.
    pub footnotes: &'a [(String, String)],
    /// The post's own address, against which relative links are resolved.
    pub base: Option<&'a str>,
}

/// The Markdown and what the conversion had to leave out.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The Markdown body.
    pub markdown: String,
    /// Images not available offline (their addresses), replaced by a note.
    pub missing_images: Vec<String>,
    /// Things dropped or changed, one short phrase each (shortcode names, embeds).
    pub notes: BTreeSet<String>,
    /// Names of references HTML does not have (`bogus` for `&bogus;`), kept as text, in the
    /// order first met; the caller says where they are written.
    pub unknown_entities: Vec<String>,
    /// Elements nested deeper than [`MAX_DEPTH`], flattened into their parent.
    pub flattened_elements: usize,
    /// Quotes, lists, emphasis and links nested deeper than [`MAX_MARKDOWN_NESTING`], written
    /// without their deeper marks (their text kept).
    pub flattened_marks: usize,
}

impl Converted {
    /// A sentence for the warning about flattened nesting, when there was any.
    pub fn flattened_message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.flattened_elements > 0 {
            parts.push(format!(
                "{} HTML element(s) nested more than {MAX_DEPTH} deep were flattened into their parent",
                self.flattened_elements
            ));
        }
        if self.flattened_marks > 0 {
            parts.push(format!(
                "{} quote(s), list(s), emphasis or link(s) nested more than {MAX_MARKDOWN_NESTING} deep were written without their marks",
                self.flattened_marks
            ));
        }
        (!parts.is_empty()).then(|| format!("{}; their text is kept", parts.join(", and ")))
    }
}

/// Quotes, lists, emphasis and links are written at most this deep in the Markdown (the
/// build refuses more than 64, `source::markdown::MAX_NESTING`); deeper ones lose their
/// marks and keep their text.
pub const MAX_MARKDOWN_NESTING: usize = 48;

/// Converts post HTML to Markdown.
pub fn to_markdown(input: &Input, resolver: &mut dyn Resolver) -> Converted {
    let mut notes = BTreeSet::new();
    let html = input.html.replace("\r\n", "\n");
    let html = shortcodes::expand(&html, resolver, &mut notes);
    let gutenberg = html.contains("<!-- wp:");
    let html = if input.autop && !gutenberg {
        autop::autop(&html)
    } else {
        html
    };
    let mut unknown_entities = Vec::new();
    let mut flattened_elements = 0;
    let tree = parse(&html, &mut unknown_entities, &mut flattened_elements);
    let mut writer = Writer {
        resolver,
        footnotes: input.footnotes,
        cited: Vec::new(),
        base: input.base,
        missing_images: Vec::new(),
        notes,
        in_link: false,
        nesting: 0,
        flattened_marks: 0,
    };
    let blocks = writer.blocks(&tree);
    let mut markdown = blocks.join("\n\n");
    let mut definitions = Vec::new();
    for (n, id) in writer.cited.clone().iter().enumerate() {
        let content = input
            .footnotes
            .iter()
            .find(|(fid, _)| fid == id)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        let tree = parse(&content, &mut unknown_entities, &mut flattened_elements);
        let text = writer.inline_text(&tree);
        definitions.push(format!("[^{}]: {}", n + 1, text.trim()));
    }
    if !definitions.is_empty() {
        markdown.push_str("\n\n");
        markdown.push_str(&definitions.join("\n"));
    }
    if !markdown.is_empty() {
        markdown.push('\n');
    }
    Converted {
        markdown,
        missing_images: writer.missing_images,
        notes: writer.notes,
        unknown_entities,
        flattened_elements,
        flattened_marks: writer.flattened_marks,
    }
}

/// The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed (for
/// titles, names and terms, which WordPress stores HTML-escaped).
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    let mut out = String::new();
    text_of(&parse(html, &mut Vec::new(), &mut 0), &mut out);
    collapse(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str, autop: bool) -> String {
        to_markdown(
            &Input {
                html,
                autop,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        )
        .markdown
    }

    #[test]
    fn autop_paragraphs_and_breaks() {
        assert_eq!(
            md("First line\nsecond line\n\nNext *para*", true),
            "First line\\\nsecond line\n\nNext \\*para\\*\n"
        );
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            md(
                "<p>A <strong>bold</strong> and <em>em </em>word, <a href=\"https://x.org/a?b=1&amp;c=2\">link</a> <code>x`y</code></p>",
                false
            ),
            "A **bold** and *em* word, [link](https://x.org/a?b=1&c=2) ``x`y``\n"
        );
    }

    #[test]
    fn lists_quotes_code_tables() {
        let out = md(
            "<ul><li>one<ul><li>nested</li></ul></li><li>two</ul><blockquote><p>q</p><p>r</p></blockquote><pre>a &lt; b\n  c</pre><table><tr><th>h</th><th>i</th></tr><tr><td>1</td><td>2|3</td></tr></table>",
            false,
        );
        assert_eq!(
            out,
            "- one\n  - nested\n- two\n\n> q\n>\n> r\n\n```\na < b\n  c\n```\n\n| h | i |\n| --- | --- |\n| 1 | 2\\|3 |\n"
        );
    }

    #[test]
    fn gutenberg_footnotes() {
        let notes = vec![("a1".to_string(), "The <em>note</em>.".to_string())];
        let out = to_markdown(
            &Input {
                html: "<!-- wp:paragraph --><p>Text<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">1</a></sup></p><!-- /wp:paragraph --><!-- wp:footnotes /-->",
                autop: true,
                footnotes: &notes,
                base: None,
            },
            &mut NoImages,
        );
        assert_eq!(out.markdown, "Text[^1]\n\n[^1]: The *note*.\n");
    }

    #[test]
    fn shortcodes_and_missing_images() {
        let out = to_markdown(
            &Input {
                html: "[caption id=\"x\" align=\"alignnone\" width=\"300\"]<img src=\"https://ex.org/a.jpg\" alt=\"A cat\" /> The cat[/caption]\n\n[[gallery]] and [code]if a < b {}[/code]",
                autop: true,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        );
        assert_eq!(
            out.markdown,
            "*(Image not imported: A cat — [a.jpg](https://ex.org/a.jpg))*\n\n*The cat*\n\n\\[gallery\\] and\n\n```\nif a < b {}\n```\n"
        );
        assert_eq!(out.missing_images, vec!["https://ex.org/a.jpg"]);
    }

    #[test]
    fn any_truncation_converts_without_panicking() {
        let html = "<p>Ab <a href=\"x?a=1&amp;b\" title='q>r'>l<em>i</em></a> [caption id=\"1\"]<img src=\"a.png\" alt=\"é\"> Cap[/caption] [[gallery]] [code lang=\"x\"]a<b[/code]</p>\n\n<ul><li>1<ol start=\"3\"><li>ж</li></ol></ul><table><tr><td>|</td></tr></table><pre>`x`</pre><!-- wp:x --><sup data-fn=\"n\">1</sup>&#x41;&bogus; <svg><p>hidden</p></svg>";
        for (i, _) in html.char_indices() {
            for autop in [false, true] {
                let out = to_markdown(
                    &Input {
                        html: &html[..i],
                        autop,
                        footnotes: &[],
                        base: Some("https://b.example/p/"),
                    },
                    &mut NoImages,
                );
                assert!(!out.markdown.contains("hidden"), "{}", out.markdown);
            }
        }
    }

    #[test]
    fn no_break_spaces_stay() {
        assert_eq!(
            md("<p>Media&nbsp;&amp;&nbsp;Text</p>", false),
            "Media\u{a0}\\&\u{a0}Text\n"
        );
    }

    #[test]
    fn every_html_entity_and_an_unknown_one() {
        let out = to_markdown(
            &Input {
                html: "<p>&Omega; &hearts; &frac34; &Eacute; &CounterClockwiseContourIntegral; &bogus; &bogus; <a href=\"?a=1&b;\">x</a></p>",
                autop: false,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        );
        assert_eq!(out.markdown, "Ω ♥ ¾ É ∳ \\&bogus; \\&bogus; x\n");
        // Once per name; a reference in an attribute (an address) is not a text to warn about.
        assert_eq!(out.unknown_entities, ["bogus"]);
    }

    #[test]
    fn text_straight_inside_a_definition_list_is_kept() {
        // Found by the `nesting` fuzz target: the words outside <dt> and <dd> were lost.
        assert_eq!(
            md("<dl> w5 <dt>term</dt> w6 <dd>def</dd></dl>", false),
            "w5\n\n**term**\n\nw6\n\ndef\n"
        );
    }

    #[test]
    fn line_starts_are_escaped() {
        assert_eq!(
            md("<p>1. not a list</p><p># not a heading</p>", false),
            "1\\. not a list\n\n\\# not a heading\n"
        );
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn md(html: &str, base: Option<&str>) -> String {
        to_markdown(
            &Input {
                html,
                autop: false,
                footnotes: &[],
                base,
            },
            &mut NoImages,
        )
        .markdown
    }

    #[test]
    fn bare_urls_become_autolinks_unescaped() {
        assert_eq!(
            md("<p>See https://ex.org/a_b/?x=1&amp;y=2.</p>", None),
            "See <https://ex.org/a_b/?x=1&y=2>.\n"
        );
    }

    #[test]
    fn relative_and_broken_links() {
        assert_eq!(
            md(
                "<p><a href=\"/about\">About</a> <a href=\"hhttps://x.org\">x</a></p>",
                Some("https://blog.example/2020/post/")
            ),
            "[About](https://blog.example/about) x\n"
        );
    }

    /// Every image is available, at `../images/` and its file name; galleries are attachment 6.
    struct AllImages;

    impl Resolver for AllImages {
        fn image(&mut self, src: &str) -> Option<String> {
            Some(format!(
                "../images/{}",
                src.rsplit('/').next().unwrap_or(src)
            ))
        }
        fn gallery(&self, ids: &str) -> Vec<String> {
            match ids {
                "6" => vec!["https://b.example/wp-content/uploads/shelves.png".to_string()],
                _ => Vec::new(),
            }
        }
    }

    fn with_images(html: &str) -> String {
        let input = Input {
            html,
            autop: true,
            footnotes: &[],
            base: None,
        };
        to_markdown(&input, &mut AllImages).markdown
    }

    #[test]
    fn captions_and_galleries_as_wordpress_renders_them_read_as_their_shortcodes() {
        let src = "https://b.example/wp-content/uploads/shelves.png";
        let small = "https://b.example/wp-content/uploads/shelves-150x150.png";
        let shortcodes = format!(
            "[caption id=\"attachment_6\" align=\"alignright\" width=\"300\"]<img src=\"{src}\" alt=\"Shelves\" /> Shelves at <em>dawn</em>[/caption]\n\n[caption align=\"aligncenter\"]<img src=\"{src}\" alt=\"Shelves\" /> Plain caption[/caption]\n\n[gallery ids=\"6\"]"
        );
        // As the REST API serves them: a theme without HTML5 captions, then one with.
        let rendered = format!(
            "<div id=\"attachment_6\" style=\"width: 310px\" class=\"wp-caption alignright\"><img aria-describedby=\"caption-attachment-6\" src=\"{src}\" alt=\"Shelves\" srcset=\"{src} 400w\" /><p id=\"caption-attachment-6\" class=\"wp-caption-text\">Shelves at <em>dawn</em></p></div>\n<figure class=\"wp-caption aligncenter\"><img src=\"{src}\" alt=\"Shelves\" /><figcaption class=\"wp-caption-text\">Plain caption</figcaption></figure>\n<style>#gallery-1 {{ margin: auto; }}</style><div id='gallery-1' class='gallery galleryid-11 gallery-columns-3'><dl class='gallery-item'><dt class='gallery-icon landscape'><a href='https://b.example/?attachment_id=6'><img width=\"150\" src=\"{small}\" class=\"attachment-thumbnail\" alt=\"\" /></a></dt></dl><br style='clear: both' /></div>"
        );
        let expected = "![Shelves at *dawn*](../images/shelves.png){.alignright}\n\n![Shelves](../images/shelves.png \"Plain caption\"){.aligncenter}\n\n![](../images/shelves.png)\n";
        assert_eq!(with_images(&shortcodes), expected);
        assert_eq!(with_images(&rendered), expected);
    }
}
