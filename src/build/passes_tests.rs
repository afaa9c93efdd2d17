//! The passes of layout on the sample book, loaded and written as a build does: the pass
//! that settles is the one drawn, and a drawing that proves wrong is thrown away and made
//! again, into the same file.

use crate::layout::{FORGET, PASSES, Report, Scope, layout_scope_into};
use crate::model::Book;
use crate::typeset::font::FontBook;
use crate::typeset::frame::{Document, Page, PageSink};
use std::path::Path;

/// What a sink was given.
#[derive(Default)]
struct Record {
    begins: usize,
    /// Pages given since the last `begin`.
    pages: Vec<Page>,
    document: Document,
}

impl PageSink for Record {
    fn begin(&mut self, document: Document) {
        self.begins += 1;
        self.pages.clear();
        self.document = document;
    }
    fn page(&mut self, page: Page) {
        self.pages.push(page);
    }
}

fn sample() -> (Book, FontBook) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("book");
    let book = crate::source::folder::load(&root)
        .0
        .expect("the sample book loads");
    let fonts = FontBook::with_fallbacks(&book.fonts, &book.pdf_style.text.script_sizes);
    (book, fonts)
}

/// Lays the book out into a [`Record`], counting the passes.
fn record(book: &Book, fonts: &FontBook, scope: Scope) -> (Record, Report, usize) {
    PASSES.with(|p| p.set(0));
    let mut sink = Record::default();
    let report = layout_scope_into(book, &book.pdf_style, fonts, scope, &mut sink);
    (sink, report, PASSES.with(std::cell::Cell::get))
}

/// The PDF of what a sink was given.
fn pdf(record: &Record, fonts: &FontBook) -> Vec<u8> {
    let document = Document {
        pages: record.pages.clone(),
        ..record.document.clone()
    };
    crate::pdf::write::write(&document, fonts, &[]).expect("the PDF is written")
}

#[test]
fn the_second_pass_is_drawn_and_kept() {
    let (book, fonts) = sample();
    let (sink, report, passes) = record(&book, &fonts, Scope::Book);
    // The first pass finds the numbers, the second prints them, finds the same and is the
    // one drawn: no third pass.
    assert!(report.settled);
    assert_eq!(passes, 2);
    assert_eq!(sink.begins, 1);
    assert_eq!(sink.pages.len(), report.pages);
    assert_eq!(sink.document.pages.len(), report.pages);
    // A handout settles in one pass, which is drawn.
    let (sink, report, passes) = record(&book, &fonts, Scope::Handout(0));
    assert_eq!((passes, sink.begins), (1, 1));
    assert_eq!(sink.pages.len(), report.pages);
}

#[test]
fn a_wrong_drawing_is_made_again() {
    let (book, fonts) = sample();
    let (right, report, _) = record(&book, &fonts, Scope::Book);
    // The second pass is drawn as if every anchor after the contents had moved: where its
    // links lead is not known, so what it drew is thrown away and its input drawn again.
    FORGET.with(|f| f.set(true));
    let (redrawn, again, passes) = record(&book, &fonts, Scope::Book);
    // The PDF writer, begun twice, makes the same file as the pages drawn once.
    let mut writer = crate::pdf::write::Writer::new(&fonts, &[]).expect("a writer");
    layout_scope_into(&book, &book.pdf_style, &fonts, Scope::Book, &mut writer);
    FORGET.with(|f| f.set(false));
    assert_eq!(passes, 2);
    assert_eq!(redrawn.begins, 2);
    assert!(again.settled);
    assert_eq!(again.pages, report.pages);
    assert_eq!(redrawn.pages.len(), right.pages.len());
    let expected = pdf(&right, &fonts);
    assert_eq!(pdf(&redrawn, &fonts), expected);
    assert_eq!(writer.finish().expect("the PDF is written"), expected);
}
