//! Characters no font has, found before any layout is done.

use crate::diag::Diagnostic;
use crate::source;
use crate::typeset::font::FontBook;
use std::path::Path;

/// Characters that no bundled font has: each is an error naming the file, the line where
/// it first occurs and the character, before any layout is done.
pub fn coverage(book: &crate::model::Book, fonts: &FontBook, book_dir: &Path) -> Vec<Diagnostic> {
    crate::layout::uncovered(book, fonts)
        .into_iter()
        .map(|(file, c)| {
            let text = source::files::read_text(book_dir, &file).unwrap_or_default();
            let line = text.find(c).map(|at| crate::diag::line_of(&text, at));
            let name = format!("U+{:04X}", c as u32);
            Diagnostic::error(
                &file,
                line,
                format!(
                    "no font has the character `{c}` ({name}); the PDF would show a blank or a box"
                ),
            )
            .with_hint("replace the character, or add a font that has it to the style")
        })
        .collect()
}
