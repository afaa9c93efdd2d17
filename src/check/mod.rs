//! Diagnostics that need the whole book: characters no font has, languages without
//! hyphenation, images that cannot be decoded, words, words broken by force, privacy.

pub mod breaks;
pub mod coverage;
pub mod images;
pub mod languages;
pub mod privacy;
pub mod words;

pub use languages::{LanguageReport, language_report};
pub use words::words;

use crate::diag::Diagnostics;
use crate::source;
use crate::typeset::font::FontBook;
use std::path::Path;

/// Checks a book without writing anything: every diagnostic of a build, plus the characters
/// no font has, the languages that will not be hyphenated and the images that cannot be
/// decoded.
pub fn check(book_dir: &Path) -> Diagnostics {
    let (book, mut diags) = source::load(book_dir);
    if let Some(book) = book {
        diags.extend(coverage::coverage(
            &book,
            &FontBook::with_fallbacks(&book.fonts),
            book_dir,
        ));
        diags.extend(languages::unhyphenated(&book));
        diags.extend(images::broken_images(&book));
    }
    diags
}
