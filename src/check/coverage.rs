//! Characters no font has, found before any layout is done.

use crate::diag::{Diagnostic, line_of};
use crate::model::Book;
use crate::model::walk;
use crate::source;
use crate::typeset::font::{Family, FontBook, FontRequest};
use std::path::{Path, PathBuf};

/// Characters that no font of the book has, in every text the PDF prints (the walk over the
/// book: titles, bodies, notes, comments and their notes, author pages, metadata): each is
/// an error naming the file, the line where it occurs and the character, before any layout
/// is done.
pub fn coverage(book: &Book, fonts: &FontBook, book_dir: &Path) -> Vec<Diagnostic> {
    let chain = fonts.chain(FontRequest {
        family: Family::Serif,
        bold: false,
        italic: false,
    });
    // (file, the line its text starts at, character), each (file, character) once.
    let mut found: Vec<(PathBuf, Option<usize>, char)> = Vec::new();
    walk::walk(book, &mut |text| {
        // The description and subjects go into the package metadata only, addresses and ids
        // are never printed as they are.
        if !text.kind.is_printed() {
            return;
        }
        for c in fonts.missing(&chain, text.text) {
            if !found.iter().any(|(f, _, k)| f == text.file && *k == c) {
                found.push((text.file.to_path_buf(), text.line, c));
            }
        }
    });
    found
        .into_iter()
        .map(|(file, from, c)| {
            let text = source::files::read_text(book_dir, &file).unwrap_or_default();
            let name = format!("U+{:04X}", c as u32);
            Diagnostic::error(
                &file,
                line_in(&text, from, c),
                format!(
                    "no font has the character `{c}` ({name}); the PDF would show a blank or a box"
                ),
            )
            .with_hint("replace the character, or add a font that has it to the style")
        })
        .collect()
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
