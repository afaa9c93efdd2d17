//! The languages of each entry, the fonts that set them, and those without hyphenation.

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::model::walk::{self, Kind};
use crate::typeset::font::FontBook;
use std::path::PathBuf;
use unicode_script::UnicodeScript;

/// What `check` tells about one entry's languages: each language found, and for each script
/// in it, the face that will set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// The entry's file.
    pub file: PathBuf,
    /// Language tag → (script name, font file) pairs, in order of first appearance.
    pub languages: Vec<(String, Vec<(String, String)>)>,
}

/// The languages of each entry (its notes and comments, with theirs, included) and the fonts
/// that will set them.
pub fn language_report(book: &Book) -> Vec<LanguageReport> {
    // Per entry: language tag → its text, in order of first appearance.
    let mut texts: Vec<Vec<(String, String)>> = vec![Vec::new(); book.entries.len()];
    walk::walk(book, &mut |text| {
        let Some(entry) = text.entry else {
            return;
        };
        if text.kind == Kind::Taxonomy || !text.kind.is_printed() {
            return;
        }
        let out = &mut texts[entry];
        let tag = text.lang.as_str();
        match out.iter_mut().find(|(l, _)| l == tag) {
            Some((_, t)) => t.push_str(text.text),
            None => out.push((tag.to_string(), text.text.to_string())),
        }
    });
    let fonts = FontBook::with_fallbacks(&book.fonts, &book.pdf_style.text.script_sizes);
    let chain = fonts.chain(crate::typeset::font::FontRequest {
        family: crate::typeset::font::Family::Serif,
        bold: false,
        italic: false,
    });
    book.entries
        .iter()
        .zip(texts)
        .map(|(entry, texts)| {
            let languages = texts
                .into_iter()
                .map(|(lang, text)| {
                    let mut scripts: Vec<(String, String)> = Vec::new();
                    for (range, font) in fonts.segments(&chain, &text) {
                        let face = fonts.face(font);
                        for c in text[range].chars() {
                            // Scripts by name (Unicode's, beyond the few chapbook knows), and
                            // the symbols and emoji that a fallback face sets.
                            let name = match crate::lang::script_of(c) {
                                Some(crate::lang::Script::Other) => {
                                    UnicodeScript::script(&c).full_name().replace('_', " ")
                                }
                                Some(script) => script.name().to_string(),
                                None if face.emoji && face.covers(c) => "emoji".to_string(),
                                None if face.fallback && face.covers(c) => "symbols".to_string(),
                                None => continue,
                            };
                            let file = if face.covers(c) { face.name } else { "no font" };
                            let pair = (name, file.to_string());
                            if !scripts.contains(&pair) {
                                scripts.push(pair);
                            }
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
