//! From a book folder to files on disk: load, check, make every format, then write them all
//! together into the locked output folder.

mod handouts;
mod journal;
mod outputs;
#[cfg(test)]
mod passes_tests;
pub use handouts::HANDOUTS_DIR;
pub use journal::{JOURNAL_FILE, Settled, settle};
pub use outputs::*;

use crate::config::Impose;
use crate::config::style::sheet_problem;
use crate::diag::{Diagnostic, Diagnostics};
use crate::typeset::font::FontBook;
use crate::{epub, pdf, source};
use std::path::{Path, PathBuf};

/// An output format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// EPUB 3.
    Epub,
    /// PDF, typeset by chapbook's own engine.
    Pdf,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The book folder.
    pub book_dir: PathBuf,
    /// Where outputs go (created if missing).
    pub out_dir: PathBuf,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Overrides the style's `impose` (an imposed copy of the PDF for printing).
    pub impose: Option<crate::config::Impose>,
    /// Also writes one PDF per entry into `handouts/` (as the style's `handouts = true`
    /// does), when a PDF is written.
    pub handouts: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// The same files, with the size and SHA-256 of the bytes written (what a stamp records:
    /// the file on disk may have been replaced since).
    pub written: Vec<Written>,
    /// Every diagnostic, warnings included.
    pub diagnostics: Diagnostics,
    /// Pages of the PDF, when one was typeset.
    pub pages: Option<usize>,
    /// Words of text in the book (entries, notes and responses), when it loaded.
    pub words: Option<usize>,
}

/// What [`build_with`] adds to a plain [`build`].
#[derive(Default, Clone, Copy)]
pub struct BuildHooks<'a> {
    /// The text of `book.toml` to use instead of the file (a batch manifest's overrides
    /// merged into it).
    pub config: Option<&'a str>,
    /// Called as each stage starts: "load", "epub", "layout", "pdf", "handouts" (waiting for
    /// them, or making them on one thread), "write".
    pub on_stage: Option<&'a (dyn Fn(&'static str) + Sync)>,
    /// Called when the output folder is locked by another build or batch, before waiting
    /// for it.
    pub on_wait: Option<&'a (dyn Fn() + Sync)>,
    /// The caller holds the output folder's lock ([`lock_output`]) for the whole build, as a
    /// batch does from its stamp check to its stamp write; otherwise the build takes it to write.
    pub locked: bool,
    /// Asked once, before the outputs are written: `false` (a batch that gave up waiting for
    /// this build, [`crate::batch::RunOptions::timeout`]) writes nothing, and the build fails.
    pub may_write: Option<&'a (dyn Fn() -> bool + Sync)>,
}

impl BuildOutcome {
    /// True when the build failed (an error was reported).
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Builds the book in every requested format. Nothing is written when the book has errors;
/// the outputs are written to temporary files in the output folder, which is locked meanwhile,
/// and renamed into place together once all are written ([`write_together`]), so a failed or
/// interrupted build never leaves a truncated file nor one format of this build beside another
/// of the last.
pub fn build(options: &BuildOptions) -> BuildOutcome {
    build_with(options, BuildHooks::default())
}

/// [`build`], with another `book.toml` text and a stage callback.
pub fn build_with(options: &BuildOptions, hooks: BuildHooks) -> BuildOutcome {
    let stage = |name| {
        if let Some(f) = hooks.on_stage {
            f(name)
        }
    };
    if !hooks.locked {
        settle_if_free(&options.out_dir);
    }
    stage("load");
    // What could be read is checked even when some of it could not, so one run reports
    // every problem; a book with errors is never written.
    let (book, mut diagnostics) = source::load_partial(&options.book_dir, hooks.config);
    let mut outcome = BuildOutcome::default();
    if let Some(problem) = out_dir_problem(&options.book_dir, &options.out_dir) {
        diagnostics.push(problem);
    }
    let Some(book) = book else {
        outcome.diagnostics = diagnostics;
        return outcome;
    };
    let fonts = FontBook::with_fallbacks(&book.fonts, &book.pdf_style.text.script_sizes);
    if options.formats.contains(&Format::Pdf) {
        diagnostics.extend(crate::check::coverage::coverage(
            &book,
            &fonts,
            &options.book_dir,
        ));
    }
    diagnostics.extend(crate::check::links::broken_links(&book, &options.book_dir));
    if diagnostics.has_errors() {
        outcome.diagnostics = diagnostics;
        return outcome;
    }
    outcome.words = Some(crate::check::words(&book));
    let name = output_name(&book.meta.title, &options.book_dir);
    // Every file is made before any is written, so a failure in one writes none.
    let mut files: Vec<(String, Output)> = Vec::new();
    let output = &book.pdf_style.output;
    let mode = options.impose.unwrap_or(output.impose);
    let handouts = (options.handouts || output.handouts) && options.formats.contains(&Format::Pdf);
    if options.handouts && !handouts {
        diagnostics.push(
            Diagnostic::warning(
                "",
                None,
                "handouts are PDFs: without the PDF format no handout is written",
            )
            .with_hint("add pdf to --format (`--format epub,pdf`), or leave out --handouts"),
        );
    }
    std::thread::scope(|scope| {
        // Handouts are laid out on their own, entry by entry in parallel, while the book is
        // (on this thread alone when the pool has one).
        let mut handouts_job = (handouts && rayon::current_num_threads() > 1)
            .then(|| scope.spawn(|| handouts::handouts(&book, &fonts, mode, &options.out_dir)));
        // With a PDF to typeset as well, the EPUB (which reads only the model) is made on a
        // thread of its own meanwhile, and takes its place among the files when it is done.
        let both = options.formats.contains(&Format::Epub)
            && options.formats.contains(&Format::Pdf)
            && rayon::current_num_threads() > 1;
        let mut epub_job = both.then(|| scope.spawn(|| epub::write(&book)));
        let mut pending = None;
        for format in &options.formats {
            match format {
                Format::Epub => {
                    stage("epub");
                    let bytes = match epub_job.take() {
                        Some(job) => {
                            pending = Some((files.len(), job));
                            Vec::new()
                        }
                        None => epub::write(&book),
                    };
                    files.push((format!("{name}.epub"), Output::Bytes(bytes)))
                }
                Format::Pdf => {
                    stage("layout");
                    // Without imposition, each page is drawn into the PDF as it is made and then
                    // dropped, so memory stays flat as the book grows; imposing needs every page.
                    // They are drawn on a thread of their own while the layout fills the next.
                    let streamed = (mode == Impose::None)
                        .then(|| {
                            pdf::alongside::write_alongside(&fonts, &output.standards, |sink| {
                                crate::layout::layout_into(&book, &book.pdf_style, &fonts, sink)
                            })
                            .ok()
                        })
                        .flatten();
                    let (laid, written, frames) = match streamed {
                        Some((report, written)) => (report, written, None),
                        None => {
                            let (frames, report) =
                                crate::layout::layout_reporting(&book, &book.pdf_style, &fonts)
                                    .into_parts();
                            let written = pdf::write::write(&frames, &fonts, &output.standards);
                            (report, written, Some(frames))
                        }
                    };
                    diagnostics.extend(crate::check::breaks::forced_breaks(
                        &book,
                        &laid.forced_breaks,
                        &options.book_dir,
                    ));
                    diagnostics.extend(crate::check::breaks::wide_tables(
                        &book,
                        &laid.wide_tables,
                        &options.book_dir,
                    ));
                    if !laid.settled {
                        diagnostics.push(
                            Diagnostic::warning(
                                "book.toml",
                                None,
                                "the page numbers in the PDF's contents did not settle: some may be off by a page",
                            )
                            .with_hint("please report this as a bug in chapbook, with the book if you can"),
                        );
                    }
                    outcome.pages = Some(laid.pages);
                    stage("pdf");
                    match written {
                        Ok(bytes) => files.push((format!("{name}.pdf"), Output::Bytes(bytes))),
                        Err(error) => {
                            let broken = crate::check::images::broken_images(&book);
                            if broken.is_empty() {
                                diagnostics.push(pdf_diagnostic(&error));
                            }
                            diagnostics.extend(broken);
                            continue;
                        }
                    }
                    // book.toml's own `impose` was checked with the style; `--impose` is checked here.
                    let too_wide = (mode != Impose::None
                        && output.impose == Impose::None
                        && output.sheet.is_none())
                    .then(|| sheet_problem(&book.pdf_style, Path::new("book.toml"), None))
                    .flatten();
                    if let Some(problem) = too_wide {
                        diagnostics.push(problem);
                    } else if let Some(suffix) = handouts::impose_suffix(mode)
                        && let Some(frames) = &frames
                    {
                        match handouts::imposed(frames, &fonts, &book.pdf_style, mode) {
                            Ok(bytes) => {
                                files.push((format!("{name}-{suffix}.pdf"), Output::Bytes(bytes)))
                            }
                            Err(error) => diagnostics.push(pdf_diagnostic(&error)),
                        }
                    }
                }
            }
        }
        if let Some((at, job)) = pending {
            files[at].1 = Output::Bytes(
                job.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        if handouts {
            stage("handouts");
            let made = match handouts_job.take() {
                Some(job) => job
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => handouts::handouts(&book, &fonts, mode, &options.out_dir),
            };
            match made {
                Ok(mut made) => files.append(&mut made),
                Err(problems) => diagnostics.extend(problems),
            }
        }
    });
    if diagnostics.has_errors() {
        outcome.diagnostics = diagnostics;
        return outcome;
    }
    stage("write");
    let out = &options.out_dir;
    if let Some(may_write) = hooks.may_write
        && !may_write()
    {
        diagnostics.push(
            Diagnostic::error(
                out,
                None,
                "the batch stopped waiting for this build (its timeout passed): nothing was written",
            )
            .with_hint("give the batch a larger timeout"),
        );
        outcome.diagnostics = diagnostics;
        return outcome;
    }
    let _lock = if hooks.locked {
        None
    } else {
        match lock_output(out, &|| {
            if let Some(f) = hooks.on_wait {
                f()
            }
        }) {
            Ok((lock, true)) => Some(lock),
            Ok((lock, false)) => {
                diagnostics.push(unlockable(out));
                Some(lock)
            }
            Err(e) => {
                diagnostics.push(lock_diagnostic(out, &e));
                outcome.diagnostics = diagnostics;
                return outcome;
            }
        }
    };
    match write_outputs(out, files) {
        Ok(written) => {
            outcome.outputs = written.iter().map(|w| w.path.clone()).collect();
            outcome.written = written;
        }
        Err(failure) => diagnostics.push(write_diagnostic(&failure)),
    }
    outcome.diagnostics = diagnostics;
    outcome
}

/// What is wrong with the output folder `out` (as the user gave it), in words, when the
/// system's error says it: a file where the folder should be, a folder or file system that
/// cannot be written.
fn out_path_problem(out: &Path, e: &std::io::Error) -> Option<Diagnostic> {
    // The first part of the path that exists and is not a folder.
    let blocked = out
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| p.exists() && !p.is_dir());
    let (message, hint) = if let Some(file) = blocked {
        (
            format!(
                "the output folder `{}` cannot be made: `{}` is a file, not a folder",
                out.display(),
                file.display()
            ),
            "choose another folder with --out, or move the file away",
        )
    } else if e.kind() == std::io::ErrorKind::PermissionDenied
        || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem
    {
        (
            format!(
                "the output folder `{}` is read-only: nothing can be written into it",
                out.display()
            ),
            "make it writable (chmod u+w), or choose another folder with --out",
        )
    } else {
        return None;
    };
    Some(Diagnostic::error(out, None, message).with_hint(hint))
}

/// An output that could not be written: which, why, and that nothing was changed.
pub fn write_diagnostic(failure: &WriteFailure) -> Diagnostic {
    // An output in a folder of the output folder (`handouts/`) whose name a file or a link has.
    if failure.error.kind() == std::io::ErrorKind::NotADirectory
        && let Some(folder) = failure.target.parent()
        && !std::fs::symlink_metadata(folder).is_ok_and(|m| m.file_type().is_dir())
    {
        return Diagnostic::error(
            folder,
            None,
            format!(
                "cannot write the output: `{}` is a file or a link, not a folder; no output was changed",
                folder.display()
            ),
        )
        .with_hint("move it away (chapbook makes the folder), or choose another folder with --out");
    }
    if failure.not_restored.is_empty()
        && let Some(out) = failure.target.parent()
        && let Some(problem) = out_path_problem(out, &failure.error)
    {
        return problem;
    }
    let mut message = format!("cannot write the output: {}", failure.error);
    if failure.not_restored.is_empty() {
        message.push_str("; no output was changed");
    }
    for (path, e) in &failure.not_restored {
        message.push_str(&format!(
            "; {} could not be put back as it was ({e})",
            path.display()
        ));
    }
    let hint = if failure.error.kind() == std::io::ErrorKind::IsADirectory {
        "a folder has the output's name: move it away, or choose another folder with --out"
    } else {
        "check that the output folder is writable and the disk is not full"
    };
    Diagnostic::error(&failure.target, None, message).with_hint(hint)
}

/// The output folder cannot be locked: nothing is written.
pub fn lock_diagnostic(out: &Path, error: &LockError) -> Diagnostic {
    match error {
        LockError::Io(e) => out_path_problem(out, e).unwrap_or_else(|| {
            Diagnostic::error(
                out,
                None,
                format!("cannot write the output: the output folder cannot be made or locked ({e})"),
            )
            .with_hint("check that the output folder is writable and the disk is not full")
        }),
        LockError::NotAFile => Diagnostic::error(
            out.join(LOCK_FILE),
            None,
            format!("cannot write the output: `{LOCK_FILE}` in the output folder is a link, a folder or a special file"),
        )
        .with_hint("remove it: chapbook makes it, as a plain empty file, to lock the folder"),
        LockError::Unsettled(e) => Diagnostic::error(
            out.join(JOURNAL_FILE),
            None,
            format!("cannot write the output: a build that was stopped while renaming its outputs left them half switched, and they can be neither finished nor put back ({e})"),
        )
        .with_hint(format!("look at the outputs in the folder, then remove {JOURNAL_FILE} and the .chapbook-* files beside it and build again")),
    }
}

/// The output folder's file system has no locks: written anyway, with this warning.
pub fn unlockable(out: &Path) -> Diagnostic {
    Diagnostic::warning(
        out,
        None,
        "the output folder cannot be locked (its file system has no file locks): a build or batch writing into it at the same time could mix its outputs with these",
    )
    .with_hint("build into a folder on a local disk, or make sure one build at a time writes here")
}

/// A PDF that could not be written, as a diagnostic: what went wrong in words, and what to
/// do (a bug report only when the book is not at fault).
/// Its file is the empty path: the book as a whole.
fn pdf_diagnostic(error: &pdf::error::PdfError) -> Diagnostic {
    Diagnostic::error("", None, error.to_string()).with_hint(error.hint())
}

/// The output folder may not be the book folder or inside its sources.
fn out_dir_problem(book_dir: &Path, out_dir: &Path) -> Option<Diagnostic> {
    let book = book_dir.canonicalize().ok()?;
    let out = absolute(out_dir);
    let inside_sources = ["entries", "authors", "images"]
        .iter()
        .any(|d| out.starts_with(book.join(d)));
    if out == book || inside_sources {
        let which = if out == book {
            "the book folder itself".to_string()
        } else {
            let source = ["entries", "authors", "images"]
                .into_iter()
                .find(|d| out.starts_with(book.join(d)))
                .unwrap_or("entries");
            format!("inside the book's {source}/ folder")
        };
        return Some(
            Diagnostic::error(
                out_dir,
                None,
                format!(
                    "the output folder `{}` is {which}: outputs would mix with the sources",
                    out_dir.display()
                ),
            )
            .with_hint(
                "leave out --out (outputs go to out/ beside book.toml), or choose another folder",
            ),
        );
    }
    None
}

/// An absolute path for `path`, resolving the parts that exist: the path `canonicalize`
/// gives once it exists.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The file name for outputs: the title in lower case with hyphens (cut near 100 bytes),
/// else the folder's name.
pub fn output_name(title: &str, book_dir: &Path) -> String {
    // At most about 100 bytes, whole characters: a file name may hold 255 (a title of 150
    // Cyrillic letters made `File name too long`).
    let name = crate::model::slug::slug_within(title, 100);
    if !name.is_empty() {
        return name;
    }
    absolute(book_dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into())
}
