//! Characters no font has, found before any layout is done, summed up per script.

use crate::diag::{Diagnostic, line_of};
use crate::model::Book;
use crate::model::walk;
use crate::source;
use crate::typeset::font::{Family, FontBook, FontRequest};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_script::{Script, UnicodeScript};

/// How many places a summary names.
const PLACES: usize = 3;

/// The Debian package and the family that cover a script, for the hint of its summary.
fn cover(script: Script) -> Option<(&'static str, &'static str)> {
    Some(match script {
        Script::Han | Script::Bopomofo => ("fonts-noto-cjk", "Noto Sans CJK SC"),
        Script::Hangul => ("fonts-noto-cjk", "Noto Sans CJK KR"),
        Script::Hiragana | Script::Katakana => ("fonts-noto-cjk", "Noto Sans CJK JP"),
        Script::Hebrew => ("fonts-noto-core", "Noto Sans Hebrew"),
        Script::Devanagari => ("fonts-noto-core", "Noto Sans Devanagari"),
        Script::Bengali => ("fonts-noto-core", "Noto Sans Bengali"),
        Script::Tamil => ("fonts-noto-core", "Noto Sans Tamil"),
        Script::Telugu => ("fonts-noto-core", "Noto Sans Telugu"),
        Script::Gujarati => ("fonts-noto-core", "Noto Sans Gujarati"),
        Script::Gurmukhi => ("fonts-noto-core", "Noto Sans Gurmukhi"),
        Script::Kannada => ("fonts-noto-core", "Noto Sans Kannada"),
        Script::Malayalam => ("fonts-noto-core", "Noto Sans Malayalam"),
        Script::Sinhala => ("fonts-noto-core", "Noto Sans Sinhala"),
        Script::Thai => ("fonts-noto-core", "Noto Sans Thai"),
        Script::Lao => ("fonts-noto-core", "Noto Sans Lao"),
        Script::Khmer => ("fonts-noto-core", "Noto Sans Khmer"),
        Script::Myanmar => ("fonts-noto-core", "Noto Sans Myanmar"),
        Script::Georgian => ("fonts-noto-core", "Noto Sans Georgian"),
        Script::Armenian => ("fonts-noto-core", "Noto Sans Armenian"),
        Script::Ethiopic => ("fonts-noto-core", "Noto Sans Ethiopic"),
        Script::Common | Script::Inherited => ("fonts-noto-core", "Noto Sans Symbols"),
        _ => return None,
    })
}

/// What one script lacks: its distinct characters in order, how often they occur, and the
/// first places (file, line).
struct Gap {
    script: Script,
    chars: Vec<char>,
    count: usize,
    places: Vec<(PathBuf, Option<usize>)>,
}

/// Characters that no font of the book has, in every text the PDF prints (the walk over the
/// book: titles, bodies, notes, comments and their notes, author pages, metadata): one error
/// per script, before any layout is done, with how many characters it lacks, the first three
/// places and the Debian package and family that cover it.
pub fn coverage(book: &Book, fonts: &FontBook, book_dir: &Path) -> Vec<Diagnostic> {
    let chain = fonts.chain(FontRequest {
        family: Family::Serif,
        bold: false,
        italic: false,
    });
    // The texts the PDF prints, copied out of the walk (the description and subjects go into
    // the package metadata only, addresses and ids are never printed as they are), so that
    // the faces are asked on every core; what they lack is then taken in reading order.
    let mut texts: Vec<Printed> = Vec::new();
    let mut names: Vec<PathBuf> = Vec::new();
    walk::walk(book, &mut |text| {
        if !text.kind.is_printed() {
            return;
        }
        if names.last().is_none_or(|name| name != text.file) {
            names.push(text.file.to_path_buf());
        }
        texts.push(Printed {
            file: names.len() - 1,
            line: text.line,
            text: text.text.to_string(),
        });
    });
    let missing: Vec<Vec<char>> = texts
        .par_iter()
        .map(|printed| fonts.missing(&chain, &printed.text))
        .collect();
    let mut gaps: Vec<Gap> = Vec::new();
    let mut files: HashMap<PathBuf, String> = HashMap::new();
    for (printed, missing) in texts.iter().zip(missing) {
        let file = names[printed.file].as_path();
        for c in missing {
            // Common punctuation of CJK text (`，` U+FF0C, `。`) goes with the script it serves.
            let script = match c.script() {
                Script::Common | Script::Inherited => {
                    let ext = c.script_extension();
                    [
                        Script::Han,
                        Script::Hangul,
                        Script::Devanagari,
                        Script::Bengali,
                    ]
                    .into_iter()
                    .find(|&s| ext.contains_script(s))
                    .unwrap_or(Script::Common)
                }
                script => script,
            };
            let at = match gaps.iter().position(|g| g.script == script) {
                Some(at) => at,
                None => {
                    gaps.push(Gap {
                        script,
                        chars: Vec::new(),
                        count: 0,
                        places: Vec::new(),
                    });
                    gaps.len() - 1
                }
            };
            let gap = &mut gaps[at];
            gap.count += printed.text.matches(c).count();
            if !gap.chars.contains(&c) {
                gap.chars.push(c);
            }
            if gap.places.len() < PLACES {
                let source = files.entry(file.to_path_buf()).or_insert_with(|| {
                    source::files::read_text(book_dir, file).unwrap_or_default()
                });
                let place = (file.to_path_buf(), line_in(source, printed.line, c));
                if !gap.places.contains(&place) {
                    gap.places.push(place);
                }
            }
        }
    }
    gaps.into_iter().map(summary).collect()
}

/// A text the PDF prints: its file (an index into the names of the files met), the line its
/// container starts at and the text.
struct Printed {
    file: usize,
    line: Option<usize>,
    text: String,
}

/// The one error for a script.
fn summary(gap: Gap) -> Diagnostic {
    let shown: String = gap
        .chars
        .iter()
        .take(5)
        .map(|&c| describe(c))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if gap.chars.len() > 5 { ", …" } else { "" };
    let places: Vec<String> = gap
        .places
        .iter()
        .map(|(file, line)| match line {
            Some(line) => format!("{}:{line}", file.display()),
            None => file.display().to_string(),
        })
        .collect();
    let (file, line) = gap.places[0].clone();
    let what = match gap.script {
        Script::Common | Script::Inherited => "symbols".to_string(),
        script => format!("the {} script", script.full_name().replace('_', " ")),
    };
    let distinct = gap.chars.len();
    let message = format!(
        "no font has {what}: {distinct} character{} ({shown}{more}), {} time{} in all, first at {}; the PDF would show boxes",
        if distinct == 1 { "" } else { "s" },
        gap.count,
        if gap.count == 1 { "" } else { "s" },
        places.join(", ")
    );
    let hint = match cover(gap.script) {
        Some((package, family)) => format!(
            "install the Debian package {package} and add fallback = [\"{family}\"] under [pdf.fonts] in book.toml (or give a font file of the book folder that has these characters)"
        ),
        None => "add a font that has these characters: [pdf.fonts] fallback = [\"Family Name\"] or a font file of the book folder".to_string(),
    };
    Diagnostic::error(&file, line, message).with_hint(hint)
}

/// A character and its code point: `中` (U+4E2D).
fn describe(c: char) -> String {
    format!("`{c}` U+{:04X}", c as u32)
}

/// The line of the first `c` at or after line `from` of `text` (else anywhere in it).
fn line_in(text: &str, from: Option<usize>, c: char) -> Option<usize> {
    let start = match from {
        Some(line) if line > 1 => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(0, |(at, _)| at + 1),
        _ => 0,
    };
    let at = text[start..]
        .find(c)
        .map(|at| start + at)
        .or_else(|| text.find(c))?;
    Some(line_of(text, at))
}

#[cfg(test)]
mod tests {
    use super::line_in;

    #[test]
    fn a_character_is_found_from_the_line_its_container_starts_at() {
        let text = "a ж\nb\nc ж\n";
        assert_eq!(line_in(text, None, 'ж'), Some(1));
        assert_eq!(line_in(text, Some(2), 'ж'), Some(3));
        assert_eq!(line_in(text, Some(9), 'ж'), Some(1));
        assert_eq!(line_in(text, Some(1), 'q'), None);
    }
}
