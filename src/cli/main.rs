//! The `chapbook` command line.

mod batch;
mod build_command;
mod locate;
mod output;
mod report;
mod serve;

use chapbook::build::{BuildOptions, Format};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use output::{errln, out, outln};
use report::MessageFormat;
use std::path::PathBuf;
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

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h of v3; the
/// Rust bindings do not name it): how long freed memory is kept before it is given back to
/// the system. At mimalloc 3's default of a second, a 1,000-entry book's peak resident memory
/// varied from 346 to 432 MB between runs of the same build (pages freed after drawing
/// waited to be given back); at 10 ms (mimalloc 2's default) it is 329–333 MB every time, for
/// no measurable CPU time on `benches/peers.sh`'s book (at 0 ms: 323 MB, but 8 % more CPU for
/// the PDF, 20 % for the EPUB, in system calls).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// Milliseconds.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

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
    /// Colour the messages: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: report::ColorChoice,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print each stage of a build and its time, also when not on a terminal.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    verbose: bool,
}

/// Which book: a folder, its book.toml, or (when absent) the nearest book.toml here or above.
#[derive(clap::Args)]
struct BookArg {
    /// The book folder, or its book.toml; by default the nearest book.toml in the current
    /// folder or above it.
    #[arg(value_name = "BOOK")]
    book: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build a book into out/ beside its book.toml (EPUB and PDF by default).
    ///
    /// Exit status: 0 built, 1 the book has errors (every problem is listed with its file and
    /// line), 2 bad command line.
    Build {
        #[command(flatten)]
        book: BookArg,
        /// Where to write the outputs [default: out/ beside book.toml].
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[command(flatten)]
        format: Formats,
        /// Also write an imposed copy of the PDF for printing (overrides book.toml's
        /// `[pdf] impose`): `booklet` (NAME-booklet.pdf: pages two-up in saddle-stitch order,
        /// duplex with short-edge flip) or `2up` (NAME-2up.pdf); `none` writes neither.
        #[arg(long, value_enum)]
        impose: Option<ImposeArg>,
        /// Also write one PDF per entry into handouts/ in the output folder (as book.toml's
        /// `[pdf] handouts = true` does): the entry, its notes, responses and authors' pages,
        /// numbered from 1; `--impose` imposes them too.
        #[arg(long)]
        handouts: bool,
        /// How to print messages: human, or json (one object per line on stdout).
        #[arg(long, value_enum, default_value = "human")]
        message_format: report::MessageFormat,
    },
    /// Check a book and list every problem; writes nothing.
    Check {
        #[command(flatten)]
        book: BookArg,
        /// Also list e-mail addresses and phone numbers in entries, comments and author
        /// pages, with file and line, for review before printing.
        #[arg(long)]
        privacy: bool,
        /// How to print messages: human, or json (one object per line on stdout).
        #[arg(long, value_enum, default_value = "human")]
        message_format: report::MessageFormat,
    },
    /// Import a WordPress export or an RSS/Atom feed into a book folder you can edit.
    ///
    /// From files, or a WordPress site or feed by its address (https://…). Re-importing into the same
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
    /// Build a book, then rebuild it whenever one of its files changes.
    Watch(batch::WatchArgs),
    /// Serve a live preview of the book on 127.0.0.1: its pages as a web book, and the PDF,
    /// rebuilt on every change and reloaded in the browser.
    ///
    /// Exit status: 0 stopped with Ctrl-C, 1 the port or the book folder cannot be used,
    /// 2 bad command line.
    Serve(serve::ServeArgs),
    /// Print the default PDF style: every key of book.toml's [pdf.…] tables, its default and
    /// its meaning.
    Style,
    /// Print the reference of every key of book.toml, front matter, comments and the style
    /// (Markdown; docs/reference.md is this).
    Reference,
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// For bash: `chapbook completions bash > ~/.local/share/bash-completion/completions/chapbook`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `chapbook man > chapbook.1 && man ./chapbook.1`.
    Man,
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

/// `--format`, the file formats, as every command that writes takes it.
#[derive(clap::Args)]
struct Formats {
    /// File formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_enum,
        value_delimiter = ',',
        default_value = "epub,pdf"
    )]
    format: Vec<FormatArg>,
}

/// A file format, as `--format` takes it on every command.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    /// EPUB 3.
    Epub,
    /// PDF, typeset by chapbook.
    Pdf,
}

/// The formats asked for, in order, each once.
pub(crate) fn formats(args: &[FormatArg]) -> Vec<Format> {
    let mut formats: Vec<Format> = args
        .iter()
        .map(|f| match f {
            FormatArg::Epub => Format::Epub,
            FormatArg::Pdf => Format::Pdf,
        })
        .collect();
    formats.sort();
    formats.dedup();
    formats
}

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's options, an integer it reads when it purges; any
    // value is valid, and it may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    let cli = Cli::parse();
    report::set(cli.color, cli.quiet, cli.verbose);
    match cli.command {
        Command::Build {
            book,
            out,
            format,
            impose,
            handouts,
            message_format,
        } => {
            let book_dir = match locate::book_dir(book.book.as_deref()) {
                Ok(dir) => dir,
                Err(message) => return usage_error(&message),
            };
            let out = locate::out_dir(&book_dir, out.as_deref());
            build_command::run(
                BuildOptions {
                    book_dir,
                    out_dir: out,
                    formats: formats(&format.format),
                    impose: impose.map(|i| match i {
                        ImposeArg::None => chapbook::config::Impose::None,
                        ImposeArg::Booklet => chapbook::config::Impose::Booklet,
                        ImposeArg::TwoUp => chapbook::config::Impose::TwoUp,
                    }),
                    handouts,
                },
                message_format,
            )
        }
        Command::Check {
            book,
            privacy,
            message_format,
        } => match locate::book_dir(book.book.as_deref()) {
            Ok(book_dir) => build_command::check(&book_dir, privacy, message_format),
            Err(message) => usage_error(&message),
        },
        Command::Batch(args) => batch::batch(args),
        Command::Watch(args) => batch::watch(args),
        Command::Serve(args) => serve::serve(args),
        Command::BatchChild => batch::child(),
        Command::Import { source } => import(source.request()),
        Command::Init { dir } => match chapbook::init::init(&dir) {
            Ok(files) => {
                for file in files {
                    report::note(MessageFormat::Human, &format!("created {}", file.display()));
                }
                outln!(
                    "next, from inside the new book folder:\n  cd {}\n  chapbook build",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                errln!("{}: {message}", report::paint("error", "1;31"));
                ExitCode::from(1)
            }
        },
        Command::Style => {
            outln!("{}", chapbook::config::DEFAULT.trim_end());
            ExitCode::SUCCESS
        }
        Command::Reference => {
            out!("{}", chapbook::config::reference::markdown());
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut command, "chapbook", &mut text);
            out!("{}", String::from_utf8_lossy(&text));
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => {
                    out!("{}", String::from_utf8_lossy(&page));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    errln!("error: cannot write the man page: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// A command line that names no usable book: the message, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    errln!("{}: {message}", report::paint("error", "1;31"));
    ExitCode::from(2)
}

/// Runs `chapbook import` and prints what it kept, left out and repaired.
fn import(request: chapbook::import::Request) -> ExitCode {
    let outcome = chapbook::import::run(&request);
    for d in outcome.report.warnings.iter().chain(&outcome.errors) {
        report::diagnostic(d, MessageFormat::Human);
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
    outln!(
        "next, from inside the book folder:\n  cd {}\n  chapbook build",
        request.out.display()
    );
    ExitCode::SUCCESS
}
