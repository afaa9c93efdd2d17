//! The PDF drawn on a thread of its own while the layout makes the pages on the caller's:
//! the two halves of the last layout pass (filling pages; drawing, compressing and tagging
//! them) run on both cores at once. Pages go to the writer through a short channel, in the
//! order they are made, and the writer is the one [`Writer`] that is otherwise given the
//! pages directly, so the file is byte for byte the same either way.

use crate::config::units::Standard;
use crate::pdf::error::PdfError;
use crate::pdf::write::Writer;
use crate::typeset::font::FontBook;
use crate::typeset::frame::{Document, Page, PageSink};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Pages made but not yet drawn: enough that neither side waits on the other for long, few
/// enough that memory stays flat however long the book.
const IN_FLIGHT: usize = 16;

/// Runs `layout`, which gives its pages to the sink it is handed, and writes them as a
/// tagged PDF conforming to `standards`: on a thread of its own when the rayon pool has more
/// than one thread (`RAYON_NUM_THREADS=1` keeps everything on this one), else here as the
/// pages come. Returns what `layout` returned and the PDF's bytes (or the first failure), or
/// an error before anything is laid out when `standards` cannot be met.
pub fn write_alongside<R>(
    fonts: &FontBook,
    standards: &[Standard],
    layout: impl FnOnce(&mut dyn PageSink) -> R,
) -> Result<(R, Result<Vec<u8>, PdfError>), PdfError> {
    if rayon::current_num_threads() < 2 {
        let mut writer = Writer::new(fonts, standards)?;
        let laid = layout(&mut writer);
        return Ok((laid, writer.finish()));
    }
    // The writer (krilla's document) cannot move between threads: it is made on its own.
    Writer::check(standards)?;
    let (sender, receiver) = sync_channel(IN_FLIGHT);
    Ok(std::thread::scope(|scope| {
        let writing = scope.spawn(move || draw_received(fonts, standards, receiver));
        let laid = layout(&mut Sender(sender));
        // The sender is gone with `layout`'s sink: the writer has every page.
        let written = writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (laid, written)
    }))
}

/// What the layout tells the writer.
enum Message {
    Begin(Document),
    Page(Page),
}

/// The layout's end of the channel.
struct Sender(SyncSender<Message>);

impl PageSink for Sender {
    fn begin(&mut self, document: Document) {
        // A send fails only when the writer is gone, and then its failure is what is reported.
        let _ = self.0.send(Message::Begin(document));
    }

    fn page(&mut self, page: Page) {
        let _ = self.0.send(Message::Page(page));
    }
}

/// The writer's end: draws each page as it comes, and makes the file when the layout is done.
fn draw_received(
    fonts: &FontBook,
    standards: &[Standard],
    receiver: Receiver<Message>,
) -> Result<Vec<u8>, PdfError> {
    let mut writer = Writer::new(fonts, standards)?;
    for message in receiver {
        match message {
            Message::Begin(document) => writer.begin(document),
            Message::Page(page) => writer.page(page),
        }
    }
    writer.finish()
}
