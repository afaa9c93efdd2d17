//! Words of text in the book.

use crate::model::Book;
use crate::model::walk::{self, Kind};

/// Words of text in the entries: their titles and bodies, their notes and responses (with
/// the responses' notes), images' alternative text included; names, tags and the author
/// pages are not counted. Words are runs between white space in each piece of text, so a
/// word split by emphasis (`con*cat*enate`) counts as its pieces.
pub fn words(book: &Book) -> usize {
    let mut count = 0;
    walk::walk(book, &mut |text| {
        let counted = matches!(
            text.kind,
            Kind::Title | Kind::Prose | Kind::Code | Kind::ImageText
        );
        if text.entry.is_some() && counted {
            count += text.text.split_whitespace().count();
        }
    });
    count
}
