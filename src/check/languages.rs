//! The languages of each entry, the fonts that set them, and those without hyphenation.

use crate::diag::Diagnostic;
use crate::typeset::font::FontBook;
use std::path::PathBuf;

/// What `check` tells about one entry's languages: each language found, and for each script
/// in it, the face that will set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// The entry's file.
    pub file: PathBuf,
    /// Language tag → (script name, font file) pairs, in order of first appearance.
    pub languages: Vec<(String, Vec<(String, String)>)>,
}

/// The languages of each entry (its comments included) and the fonts that will set them.
pub fn language_report(book: &crate::model::Book) -> Vec<LanguageReport> {
    use crate::model::{Block, Comment, Inline};
    fn inlines(content: &[Inline], lang: &str, out: &mut Vec<(String, String)>) {
        for i in content {
            match i {
                Inline::Text(t) | Inline::Code(t) => push(out, lang, t),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. } => inlines(c, lang, out),
                Inline::Span { lang, content } => inlines(content, lang.as_str(), out),
                Inline::Image { alt, .. } => push(out, lang, alt),
                _ => {}
            }
        }
    }
    fn push(out: &mut Vec<(String, String)>, lang: &str, text: &str) {
        match out.iter_mut().find(|(l, _)| l == lang) {
            Some((_, t)) => t.push_str(text),
            None => out.push((lang.to_string(), text.to_string())),
        }
    }
    fn blocks(bs: &[Block], lang: &str, out: &mut Vec<(String, String)>) {
        for b in bs {
            match b {
                Block::Paragraph { lang: own, content } => inlines(
                    content,
                    own.as_ref().map(|l| l.as_str()).unwrap_or(lang),
                    out,
                ),
                Block::Heading { content, .. } => inlines(content, lang, out),
                Block::Quote { blocks: inner } => blocks(inner, lang, out),
                Block::List { items, .. } => {
                    items.iter().for_each(|i| blocks(&i.blocks, lang, out))
                }
                Block::Code { text, .. } => push(out, lang, text),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| inlines(c, lang, out)),
                Block::Rule => {}
            }
        }
    }
    fn comments(cs: &[Comment], out: &mut Vec<(String, String)>) {
        for c in cs {
            push(out, c.lang.as_str(), &c.author);
            blocks(&c.body, c.lang.as_str(), out);
            comments(&c.replies, out);
        }
    }
    let fonts = FontBook::with_fallbacks(&book.fonts);
    let chain = fonts.chain(crate::typeset::font::FontRequest {
        family: crate::typeset::font::Family::Serif,
        bold: false,
        italic: false,
    });
    book.entries
        .iter()
        .map(|entry| {
            let mut texts = Vec::new();
            push(&mut texts, entry.lang.as_str(), &entry.title);
            blocks(&entry.body, entry.lang.as_str(), &mut texts);
            for note in &entry.notes {
                blocks(&note.body, entry.lang.as_str(), &mut texts);
            }
            comments(&entry.responses, &mut texts);
            let languages = texts
                .into_iter()
                .map(|(lang, text)| {
                    let mut scripts: Vec<(String, String)> = Vec::new();
                    for c in text.chars() {
                        let Some(script) = crate::lang::script_of(c) else {
                            continue;
                        };
                        let face = fonts
                            .resolve(&chain, c)
                            .map(|f| fonts.face(f).name)
                            .unwrap_or("no font");
                        let pair = (script.name().to_string(), face.to_string());
                        if !scripts.contains(&pair) {
                            scripts.push(pair);
                        }
                    }
                    (lang, scripts)
                })
                .collect();
            LanguageReport {
                file: entry.source.clone(),
                languages,
            }
        })
        .collect()
}

/// One warning per language of the book that has no hyphenation patterns.
pub fn unhyphenated(book: &crate::model::Book) -> Vec<Diagnostic> {
    if !book.pdf_style.text.hyphenate {
        return Vec::new();
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for entry in language_report(book) {
        for (tag, _) in entry.languages {
            let Ok(lang) = crate::lang::Lang::parse(&tag) else {
                continue;
            };
            // Arabic script is not hyphenated in print; nothing to report.
            if lang.direction() == crate::lang::Direction::Rtl
                || seen.contains(&tag)
                || crate::typeset::hyphenate::supported(&tag)
            {
                continue;
            }
            seen.push(tag.clone());
            out.push(
                Diagnostic::warning(&entry.file, None, format!("language `{tag}` has no hyphenation patterns: its text is set without hyphenation"))
                    .with_hint("nothing to do unless lines look loose; narrow columns may set better with [pdf.text] justify = false"),
            );
        }
    }
    out
}
