//! Diagnostics that need the whole book: characters no font has, languages without
//! hyphenation, images that cannot be decoded, words, words broken by force, privacy.

pub mod breaks;
pub mod coverage;
pub mod images;
pub mod languages;
pub mod links;
pub mod privacy;
pub mod words;

pub use languages::{LanguageReport, language_report};
pub use words::words;

use crate::diag::Diagnostics;
use crate::model::Book;
use crate::source;
use crate::typeset::font::FontBook;
use std::path::Path;

/// Checks a book without writing anything: every diagnostic of a build, plus the characters
/// no font has, the languages that will not be hyphenated and the images that cannot be
/// decoded.
pub fn check(book_dir: &Path) -> Diagnostics {
    // What could be read is checked even when some of it could not: one run lists every
    // problem (a missing image and a character no font has, together).
    let (book, mut diags) = source::load_partial(book_dir, None);
    if let Some(book) = book {
        diags.extend(whole_book(&book, book_dir));
        diags.extend(languages::unhyphenated(&book));
    }
    diags
}

/// The checks of the whole book that a build runs too, before anything is laid out: the
/// characters no font has, the images that cannot be decoded, the links that lead nowhere.
pub fn whole_book(book: &Book, book_dir: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.extend(coverage::coverage(
        book,
        &FontBook::with_fallbacks(&book.fonts, &book.pdf_style.text.script_sizes),
        book_dir,
    ));
    diags.extend(images::broken_images(book));
    diags.extend(links::broken_links(book, book_dir));
    diags
}
