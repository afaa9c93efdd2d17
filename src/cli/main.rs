//! The `chapbook` command line.

mod batch;
mod output;

use chapbook::build::{self, BuildOptions, Format};
use chapbook::diag::Diagnostic;
use clap::{Parser, Subcommand, ValueEnum};
use output::{errln, outln};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: setting a long book makes millions of small
/// allocations that live across passes, and glibc's allocator spent a fifth of a 7,000-page
/// build in `malloc` and `free`, more as the heap grew, and held ~150 MB it had freed
/// (`benches/growth.sh`; README, "Performance"). Only the binary: the library leaves the
/// choice to its users. Built without transparent huge pages (the `no_thp` feature): with
/// them, the kernel zeroed a 2 MB page for each of mimalloc's fresh regions, a fifth of the
/// CPU time of a 700-page build (`benches/peers.sh`, issue #18).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// chapbook turns a folder of blog entries, with their comments and author pages, into
/// booklets: EPUB 3 for e-readers and PDF for print.
///
/// A book folder holds book.toml, entries/*.md (with +++ TOML front matter),
/// entries/NAME.comments.toml (threaded responses), authors/ID.md and images/.
/// Start one with `chapbook init my-book`.
#[derive(Parser)]
#[command(name = "chapbook", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a book folder into out/ (EPUB and PDF by default).
    ///
    /// Exit status: 0 built, 1 the book has errors (every problem is listed with its file and
    /// line), 2 bad command line.
    Build {
        /// The book folder (the one with book.toml).
        #[arg(default_value = "book")]
        book_dir: PathBuf,
        /// Where to write the outputs.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Formats to write, comma-separated.
        #[arg(
            long,
            short,
            value_enum,
            value_delimiter = ',',
            default_value = "epub,pdf"
        )]
        format: Vec<FormatArg>,
        /// Also write an imposed copy of the PDF for printing (overrides book.toml's
        /// `[pdf] impose`): `booklet` (NAME-booklet.pdf: pages two-up in saddle-stitch order,
        /// duplex with short-edge flip) or `2up` (NAME-2up.pdf); `none` writes neither.
        #[arg(long, value_enum)]
        impose: Option<ImposeArg>,
    },
    /// Check a book folder and list every problem; writes nothing.
    Check {
        /// The book folder (the one with book.toml).
        #[arg(default_value = "book")]
        book_dir: PathBuf,
        /// Also list e-mail addresses and phone numbers in entries, comments and author
        /// pages, with file and line, for review before printing.
        #[arg(long)]
        privacy: bool,
    },
    /// Import a WordPress export or an RSS/Atom feed into a book folder you can edit.
    ///
    /// Local files only: nothing is fetched from the network. Re-importing into the same
    /// folder never deletes anything and refuses to overwrite files you edited (--force does).
    /// Exit status: 0 imported, 1 the source could not be read or a file would be overwritten.
    Import {
        #[command(subcommand)]
        source: chapbook::import::args::ImportCommand,
    },
    /// Create a new book folder that builds as it is.
    Init {
        /// The folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Build the books a manifest lists, in parallel, skipping those that are up to date.
    ///
    /// Exit status: 0 every book built or up to date, 1 a book had errors (or warnings, with
    /// --deny-warnings), 2 bad command line or manifest.
    Batch(batch::BatchArgs),
    /// Build a book folder, then rebuild it whenever one of its files changes.
    Watch(batch::WatchArgs),
    /// Build one book of a batch in a process of its own (started by `chapbook batch`).
    #[command(name = "batch-child", hide = true)]
    BatchChild,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImposeArg {
    /// No imposed copy.
    None,
    /// A saddle-stitched booklet.
    Booklet,
    /// Two pages per sheet.
    #[value(name = "2up")]
    TwoUp,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// EPUB 3.
    Epub,
    /// PDF, typeset by chapbook.
    Pdf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            book_dir,
            out,
            format,
            impose,
        } => {
            let mut formats: Vec<Format> = format
                .iter()
                .map(|f| match f {
                    FormatArg::Epub => Format::Epub,
                    FormatArg::Pdf => Format::Pdf,
                })
                .collect();
            formats.sort();
            formats.dedup();
            let waiting = || errln!("waiting for another build writing into {}…", out.display());
            let hooks = build::BuildHooks {
                on_wait: Some(&waiting),
                ..Default::default()
            };
            let outcome = build::build_with(
                &BuildOptions {
                    book_dir: book_dir.clone(),
                    out_dir: out.clone(),
                    formats,
                    impose: impose.map(|i| match i {
                        ImposeArg::None => chapbook::config::Impose::None,
                        ImposeArg::Booklet => chapbook::config::Impose::Booklet,
                        ImposeArg::TwoUp => chapbook::config::Impose::TwoUp,
                    }),
                },
                hooks,
            );
            report(&book_dir, Some(&out), outcome.diagnostics.iter());
            for output in &outcome.outputs {
                outln!("wrote {}", output.display());
            }
            if outcome.failed() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Check { book_dir, privacy } => {
            let mut diags = chapbook::check::check(&book_dir);
            if privacy {
                diags.extend(chapbook::check::privacy::scan(&book_dir));
            }
            report(&book_dir, None, diags.iter());
            if let (Some(book), _) = chapbook::source::load(&book_dir) {
                for entry in chapbook::check::language_report(&book) {
                    outln!("{}:", book_dir.join(&entry.file).display());
                    for (lang, scripts) in entry.languages {
                        let faces: Vec<String> = scripts
                            .iter()
                            .map(|(script, face)| format!("{script} in {face}"))
                            .collect();
                        let hyphenation = if chapbook::typeset::hyphenate::supported(&lang) {
                            "hyphenated"
                        } else {
                            "not hyphenated"
                        };
                        outln!("  {lang}: {} ({hyphenation})", faces.join(", "));
                    }
                }
            }
            let (errors, warnings) = counts(diags.iter());
            outln!(
                "{}: {errors} error(s), {warnings} warning(s)",
                book_dir.display()
            );
            if diags.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Batch(args) => batch::batch(args),
        Command::Watch(args) => batch::watch(args),
        Command::BatchChild => batch::child(),
        Command::Import { source } => import(source.request()),
        Command::Init { dir } => match chapbook::init::init(&dir) {
            Ok(files) => {
                for file in files {
                    outln!("created {}", file.display());
                }
                outln!("build it with: chapbook build {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(message) => {
                errln!("error: {message}");
                ExitCode::from(1)
            }
        },
    }
}

/// Runs `chapbook import` and prints what it kept, left out and repaired.
fn import(request: chapbook::import::Request) -> ExitCode {
    let outcome = chapbook::import::run(&request);
    for d in &outcome.report.warnings {
        errln!("{d}\n");
    }
    for d in &outcome.errors {
        errln!("{d}\n");
    }
    if !outcome.report.kept.is_empty() {
        outln!("kept: {}", outcome.report.kept.join(", "));
    }
    for line in &outcome.report.left_out {
        outln!("left out: {line}");
    }
    let Some(written) = outcome.written.filter(|_| outcome.errors.is_empty()) else {
        return ExitCode::from(1);
    };
    outln!(
        "{}: {} created, {} updated, {} unchanged, {} overwritten with --force",
        request.out.display(),
        written.created.len(),
        written.updated.len(),
        written.unchanged.len(),
        written.forced.len()
    );
    outln!("build it with: chapbook build {}", request.out.display());
    ExitCode::SUCCESS
}

fn counts<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> (usize, usize) {
    diags.fold(
        (0, 0),
        |(e, w), d| if d.is_error() { (e + 1, w) } else { (e, w + 1) },
    )
}

/// Prints diagnostics with paths as the user can open them.
fn report<'a>(book_dir: &Path, out: Option<&Path>, diags: impl Iterator<Item = &'a Diagnostic>) {
    for d in diags {
        errln!("{}\n", openable(book_dir, out, d));
    }
}

/// `d` with its file as the user can open it: a file of the book (relative to the book
/// folder) with the book folder in front, the book itself (an empty path) as the book folder;
/// an output (in `out`, as the user gave it) and an absolute path as they are.
pub(crate) fn openable(book_dir: &Path, out: Option<&Path>, d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    let as_given = d.file.is_absolute()
        || out.is_some_and(|o| !o.as_os_str().is_empty() && d.file.starts_with(o))
        || (!d.file.as_os_str().is_empty() && d.file.starts_with(book_dir));
    if !as_given {
        d.file = book_dir.join(&d.file);
    }
    d
}
