//! The command line of `chapbook batch` and `chapbook watch`: arguments, progress and printing.
//! The work is done by the library (`chapbook::batch`, `chapbook::watch`).

use chapbook::batch::{self, BookReport, DiagnosticReport, Event, RunOptions, Shard, Status};
use chapbook::build::BuildOptions;
use clap::Args;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use crate::output::{errln, out, outln};
use crate::report::{self, MessageFormat};

const BATCH_EXIT: &str = "Exit status: 0 every book built (or was up to date), 1 a book had errors \
(or warnings, with --deny-warnings), 2 bad command line or manifest.";

/// `chapbook batch`.
#[derive(Args)]
#[command(after_help = BATCH_EXIT)]
pub struct BatchArgs {
    /// The manifest: a TOML file with a [[book]] table per book (see the README).
    manifest: PathBuf,
    /// Books built at once, each by a process of its own, sharing this many threads for their
    /// paragraphs (default: one per core). Outputs are the same bytes whatever the number.
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
    /// Build only share I of N (1 <= I <= N), for a CI matrix of N jobs: every book is in
    /// exactly one share.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Rebuild every book, even those whose outputs are up to date.
    #[arg(long)]
    force: bool,
    /// A book with warnings fails (exit status 1).
    #[arg(long)]
    deny_warnings: bool,
    /// `human`: progress and diagnostics on stderr; `json`: also the report on stdout.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// The old spelling of --message-format (file formats are `--format` everywhere else).
    #[arg(long, value_enum, hide = true)]
    format: Option<MessageFormat>,
    /// Stop a book still building after SECONDS (it is reported as failed, "timed out", and
    /// the others go on). Each book is built in a process of its own, so it can be stopped.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    timeout: Option<Duration>,
}

/// A positive number of seconds, such as 600 or 2.5.
fn seconds(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() && s < 1e9 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "`{text}` is not a number of seconds: write a positive number, such as 600"
        )),
    }
}

/// Runs `chapbook batch`.
pub fn batch(mut args: BatchArgs) -> ExitCode {
    if let Some(format) = args.format {
        errln!(
            "{}: `--format` for the report is now `--message-format` (`--format` names file formats on the other commands); the old spelling still works",
            report::paint("warning", "1;33")
        );
        args.message_format = format;
    }
    let quiet = report::voice().quiet;
    let manifest = match batch::load_manifest(&args.manifest) {
        Ok(m) => m,
        Err(problems) => {
            for d in problems {
                report::diagnostic(&d, MessageFormat::Human);
            }
            return ExitCode::from(2);
        }
    };
    let books: Vec<&batch::BookJob> = match args.shard {
        Some(shard) => shard.select(&manifest.books),
        None => manifest.books.iter().collect(),
    };
    let total = books.len();
    let progress = Progress::new(total, quiet);
    let options = RunOptions {
        jobs: args.jobs,
        force: args.force,
        deny_warnings: args.deny_warnings,
        timeout: args.timeout,
    };
    let on_event = |e: batch::Event| progress.event(e, quiet);
    let mut report = match std::env::current_exe() {
        Ok(exe) => {
            let processes = batch::Processes { exe: &exe };
            batch::run_in_processes(&books, options, processes, &on_event)
        }
        Err(e) => {
            // Without its own program chapbook cannot start a process per book.
            errln!(
                "warning: chapbook cannot find its own program ({e}); the books are built in this process{}",
                if args.timeout.is_some() {
                    ": one past --timeout is reported as failed, but cannot be stopped"
                } else {
                    ""
                }
            );
            batch::run(&books, options, &on_event)
        }
    };
    report.shard = args.shard;
    progress.finish();
    if args.message_format == MessageFormat::Json {
        out!("{}", report.to_json());
    }
    if !quiet {
        let s = &report.summary;
        errln!(
            "{} book(s): {} built, {} up to date, {} failed",
            s.books,
            s.built,
            s.up_to_date,
            s.failed
        );
    }
    if report.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `chapbook batch-child`: one book of a batch, asked for on stdin, answered on stdout.
pub fn child() -> ExitCode {
    let mut request = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut request) {
        errln!("error: cannot read the request: {e}");
        return ExitCode::from(2);
    }
    match batch::serve_child(&request, &|line| outln!("{line}")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            errln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// A progress bar on a terminal, plain lines otherwise, nothing when quiet.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: Mutex<usize>,
    /// Books in progress and their current stage, for the bar's message.
    active: Mutex<BTreeMap<String, &'static str>>,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} books  {wide_msg}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            total,
            done: Mutex::new(0),
            active: Mutex::new(BTreeMap::new()),
        }
    }

    fn event(&self, event: Event, quiet: bool) {
        match event {
            Event::Stage { book, stage } => {
                let mut active = self.active.lock().expect("not poisoned");
                active.insert(book.to_string(), stage);
                if let Some(bar) = &self.bar {
                    let msg: Vec<String> =
                        active.iter().map(|(b, s)| format!("{b}: {s}")).collect();
                    bar.set_message(msg.join(", "));
                }
                if stage == "wait" && !quiet {
                    let text = format!(
                        "{book}: waiting for another build writing into its output folder…"
                    );
                    match &self.bar {
                        Some(bar) => bar.println(text),
                        None => errln!("{text}"),
                    }
                }
            }
            Event::Finished(report) => {
                self.active
                    .lock()
                    .expect("not poisoned")
                    .remove(&report.name);
                let mut done = self.done.lock().expect("not poisoned");
                *done += 1;
                let text = describe(report, *done, self.total);
                let failed = report.status == Status::Failed;
                match &self.bar {
                    Some(bar) => {
                        bar.inc(1);
                        bar.println(text);
                    }
                    // Quiet still shows why a book failed.
                    None if !quiet || failed => errln!("{text}"),
                    None => {}
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A book's line, then its diagnostics.
fn describe(report: &BookReport, done: usize, total: usize) -> String {
    let status = match report.status {
        Status::Built => "built",
        Status::UpToDate => "up to date",
        Status::Failed => "FAILED",
    };
    let files: Vec<&str> = report.outputs.iter().map(|o| o.file.as_str()).collect();
    let mut text = format!(
        "[{done}/{total}] {status} {} ({:.1} s){}{}",
        report.name,
        report.seconds,
        if files.is_empty() { "" } else { ": " },
        files.join(", ")
    );
    for (label, list) in [("error", &report.errors), ("warning", &report.warnings)] {
        for d in list {
            text.push_str(&format!("\n{}", diagnostic(label, d)));
        }
    }
    text
}

fn diagnostic(label: &str, d: &DiagnosticReport) -> String {
    let location = match d.line {
        Some(line) => format!("{}:{line}", d.file),
        None => d.file.clone(),
    };
    let mut text = format!("{label}: {}\n  --> {location}", d.message);
    if let Some(hint) = &d.hint {
        text.push_str(&format!("\n  = help: {hint}"));
    }
    text
}

/// `chapbook watch`.
#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    book: crate::BookArg,
    /// Where to write the outputs [default: out/ beside book.toml].
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    format: crate::Formats,
    /// Also write one PDF per entry into handouts/ in the output folder, on every build.
    #[arg(long)]
    handouts: bool,
}

impl WatchArgs {
    /// The build the arguments ask for: the book found, its outputs' folder, the formats; or
    /// the exit status of a command line that names no book.
    pub fn options(&self) -> Result<BuildOptions, ExitCode> {
        let book_dir = crate::locate::book_dir(self.book.book.as_deref())
            .map_err(|message| crate::usage_error(&message))?;
        Ok(BuildOptions {
            out_dir: crate::locate::out_dir(&book_dir, self.out.as_deref()),
            book_dir,
            formats: crate::formats(&self.format.format),
            impose: None,
            handouts: self.handouts,
        })
    }
}

/// Runs `chapbook watch` until interrupted.
pub fn watch(args: WatchArgs) -> ExitCode {
    let options = match args.options() {
        Ok(options) => options,
        Err(status) => return status,
    };
    let book_dir = options.book_dir.clone();
    let waiting = waiting_note(&options.out_dir);
    let result = chapbook::watch::watch_with(
        &options,
        chapbook::watch::DEBOUNCE,
        &waiting,
        &mut |event| {
            print_watch_event(&book_dir, &options.out_dir, &event);
            true
        },
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            errln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// What `watch` and `serve` say while another build or batch holds the output folder.
pub fn waiting_note(out: &Path) -> impl Fn() + Sync + use<> {
    let out = out.to_path_buf();
    move || {
        report::note(
            MessageFormat::Human,
            &format!("waiting for another build writing into {}…", out.display()),
        )
    }
}

/// What `watch` and `serve` print as files change and builds finish.
pub fn print_watch_event(book_dir: &Path, out_dir: &Path, event: &chapbook::watch::WatchEvent) {
    let human = MessageFormat::Human;
    match event {
        chapbook::watch::WatchEvent::Changed(files) => {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            report::note(human, &format!("changed: {}", names.join(", ")));
        }
        chapbook::watch::WatchEvent::Built(outcome) => {
            crate::build_command::print(book_dir, Some(out_dir), &outcome.diagnostics, human);
            if outcome.failed() {
                errln!("build failed; the last good outputs are kept. Waiting for changes…");
            } else {
                for output in &outcome.outputs {
                    report::note(human, &format!("wrote {}", output.display()));
                }
                report::note(human, "waiting for changes…");
            }
        }
    }
}
