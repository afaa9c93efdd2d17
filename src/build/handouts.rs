//! Handouts: one PDF per entry, for a class or a meeting that discusses one post. Each is laid
//! out by the same code as the book ([`Scope::Handout`]): the entry, its notes and responses,
//! then its authors' pages, in the book's style, numbered from 1, with its own title and
//! language and tagged like the book. The entries are laid out in parallel, each on its own,
//! and each handout is staged in the output folder as soon as it is made ([`stage`]: a
//! temporary file, renamed into place with the other outputs or removed), so that a book of
//! thousands of entries never holds their bytes all at once.

use super::{Output, WriteFailure, stage, write_diagnostic};
use crate::config::Impose;
use crate::config::style::Style;
use crate::diag::Diagnostic;
use crate::layout::Scope;
use crate::model::Book;
use crate::pdf;
use crate::pdf::error::PdfError;
use crate::typeset::font::FontBook;
use crate::typeset::frame::Document;
use rayon::prelude::*;
use std::path::Path;

/// The handouts' folder inside the output folder.
pub const HANDOUTS_DIR: &str = "handouts";

/// The name of the imposed copy of a PDF, after the PDF's own name: `booklet` or `2up`.
pub(super) fn impose_suffix(mode: Impose) -> Option<&'static str> {
    match mode {
        Impose::None => None,
        Impose::Booklet => Some("booklet"),
        Impose::TwoUp => Some("2up"),
    }
}

/// The laid-out `frames` imposed on sheets as `mode` and the style's `[pdf.imposition]` ask.
pub(super) fn imposed(
    frames: &Document,
    fonts: &FontBook,
    style: &Style,
    mode: Impose,
) -> Result<Vec<u8>, PdfError> {
    let output = &style.output;
    let sheets = pdf::impose::impose(
        frames.pages.len(),
        (style.page.width, style.page.height),
        &pdf::impose::Settings {
            mode,
            sheet: output.sheet,
            signature: output.signature,
            creep: output.creep,
            marks: output.marks,
        },
    );
    pdf::write::write_sheets(frames, fonts, &sheets)
}

/// Outputs in the output folder, by path in it.
type Files = Vec<(String, Output)>;

/// Why a handout is missing.
enum Failure {
    /// The entry could not be set or drawn.
    Entry(Diagnostic),
    /// The handout could not be staged in the output folder (the same for every handout).
    Folder(Diagnostic),
}

/// Every entry's handout, `handouts/ID.pdf` (and `handouts/ID-2up.pdf` or `-booklet.pdf` when
/// `mode` imposes), staged in the output folder `out`, in the entries' order; or a diagnostic
/// for each handout that could not be made, naming its entry (and only the first that could
/// not be staged: the others failed for the same reason).
pub(super) fn handouts(
    book: &Book,
    fonts: &FontBook,
    mode: Impose,
    out: &Path,
) -> Result<Files, Vec<Diagnostic>> {
    let clashes = clashes(book, mode);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let made: Vec<Result<Files, Failure>> = (0..book.entries.len())
        .into_par_iter()
        .map(|index| {
            let entry = &book.entries[index];
            let made = handout(book, fonts, index, mode).map_err(|error| {
                let message = format!("the handout of this entry cannot be written: {error}");
                let problem = Diagnostic::error(&entry.source, None, message);
                Failure::Entry(problem.with_hint(error.hint()))
            })?;
            (made.into_iter())
                .map(|(name, bytes)| match stage(out, &bytes) {
                    Ok(staged) => Ok((name, Output::Staged(staged))),
                    Err(error) => Err(Failure::Folder(write_diagnostic(&WriteFailure {
                        target: out.join(&name),
                        error,
                        not_restored: Vec::new(),
                    }))),
                })
                .collect()
        })
        .collect();
    let mut files = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut folder_failed = false;
    for result in made {
        match result {
            Ok(mut made) => files.append(&mut made),
            Err(Failure::Entry(problem)) => problems.push(problem),
            Err(Failure::Folder(_)) if folder_failed => {}
            Err(Failure::Folder(problem)) => {
                folder_failed = true;
                problems.push(problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// The names of entry `id`'s handout and its imposed copy.
fn names(id: &str, mode: Impose) -> Vec<String> {
    let mut names = vec![format!("{HANDOUTS_DIR}/{id}.pdf")];
    if let Some(suffix) = impose_suffix(mode) {
        names.push(format!("{HANDOUTS_DIR}/{id}-{suffix}.pdf"));
    }
    names
}

/// Entries whose handouts would have the same name: the imposed copy of entry `a` and the
/// handout of an entry whose id is `a-2up` (ids differ from each other, but not from that).
fn clashes(book: &Book, mode: Impose) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for entry in &book.entries {
        for name in names(&entry.id, mode) {
            match seen.get(&name) {
                Some(other) => problems.push(
                    Diagnostic::error(
                        &entry.source,
                        None,
                        format!(
                            "this entry's handout and that of {} would both be {name}",
                            other.display()
                        ),
                    )
                    .with_hint("give one of the two entries another slug (slug = \"…\" in its front matter)"),
                ),
                None => {
                    seen.insert(name, &entry.source);
                }
            }
        }
    }
    problems
}

/// The handout of entry `index` (and its imposed copy), as (path in the output folder, bytes).
fn handout(
    book: &Book,
    fonts: &FontBook,
    index: usize,
    mode: Impose,
) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let style = &book.pdf_style;
    let id = &book.entries[index].id;
    let frames = crate::layout::layout_scope(book, style, fonts, Scope::Handout(index)).document;
    let names = names(id, mode);
    let plain = pdf::write::write(&frames, fonts, &style.output.standards)?;
    let mut files = vec![(names[0].clone(), plain)];
    if let Some(name) = names.get(1) {
        files.push((name.clone(), imposed(&frames, fonts, style, mode)?));
    }
    Ok(files)
}
