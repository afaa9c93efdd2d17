//! Many books at once (`chapbook batch MANIFEST.toml`): a manifest lists book folders, each is
//! built on its own thread (rayon), a failure or a panic in one book is reported while the others
//! go on, an unchanged book is not rebuilt, and the whole run is summed up in a [`Report`] that
//! CI can archive and diff.
//!
//! The manifest:
//!
//! ```toml
//! out = "out"                  # optional: where outputs go, relative to the manifest
//! formats = ["epub", "pdf"]    # optional: the default for every book
//!
//! [[book]]
//! path = "steppe"              # the book folder, relative to the manifest (required)
//! name = "steppe"              # optional: outputs go to OUT/NAME/ (default: the folder's name)
//! formats = ["epub"]           # optional
//! [book.config]                # optional: book.toml keys that replace the book's own
//! language = "ru"
//! [book.config.pdf.page]
//! size = "A4"
//! ```
//!
//! Library code only: events and diagnostics are data; the command line prints them.

use crate::build::{self, BuildHooks, BuildOptions, BuildOutcome, Format};
use crate::config::BookConfig;
use crate::diag::{Diagnostic, Severity, line_of};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;
use toml::Spanned;

/// The version of the JSON report's layout; raised when a field changes meaning or goes away
/// (new fields may be added without raising it).
pub const SCHEMA_VERSION: u32 = 1;

/// The file in each book's output folder that records what the outputs were built from.
pub const STAMP_FILE: &str = ".chapbook-stamp.json";

/// The manifest as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestSpec {
    out: Option<Spanned<String>>,
    formats: Option<Spanned<Vec<String>>>,
    #[serde(default, rename = "book")]
    books: Vec<Spanned<BookSpec>>,
}

/// One `[[book]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookSpec {
    path: Spanned<String>,
    name: Option<Spanned<String>>,
    formats: Option<Spanned<Vec<String>>>,
    config: Option<Spanned<toml::Table>>,
}

/// A checked manifest: the books to build, in the manifest's order.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The books.
    pub books: Vec<BookJob>,
}

/// One book to build.
#[derive(Debug, Clone)]
pub struct BookJob {
    /// Unique within the manifest; names the output folder.
    pub name: String,
    /// The book folder as the manifest writes it (relative to the manifest).
    pub path: String,
    /// The book folder on disk.
    pub book_dir: PathBuf,
    /// The output folder as reported (relative to the manifest, `/`-separated).
    pub out: String,
    /// The output folder on disk.
    pub out_dir: PathBuf,
    /// Formats to write, sorted.
    pub formats: Vec<Format>,
    /// book.toml with the manifest's `[book.config]` merged in, when the book has overrides.
    pub config: Option<String>,
}

/// Reads and checks a manifest. Every problem is returned at once, each with the manifest's
/// file and line.
pub fn load_manifest(file: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        vec![
            Diagnostic::error(file, None, format!("cannot read the manifest: {e}"))
                .with_hint("give the path of a batch manifest (a TOML file with [[book]] tables)"),
        ]
    })?;
    let dir = file.parent().unwrap_or(Path::new(""));
    parse_manifest(&text, file, dir)
}

/// Parses manifest `text`; `file` names it in diagnostics and book paths are relative to `dir`.
pub fn parse_manifest(text: &str, file: &Path, dir: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let spec: ManifestSpec = toml::from_str(text)
        .map_err(|e| vec![crate::config::toml_diagnostic(&e, text, file, 0)])?;
    let mut errors = Vec::new();
    let line = |span: std::ops::Range<usize>| Some(line_of(text, span.start));
    if spec.books.is_empty() {
        errors.push(
            Diagnostic::error(file, None, "the manifest lists no books")
                .with_hint("add a [[book]] table with path = \"BOOK_DIR\" for each book"),
        );
    }
    let default_formats = match &spec.formats {
        Some(f) => formats(f, text, file).map_err(|d| errors.push(d)).ok(),
        None => Some(vec![Format::Epub, Format::Pdf]),
    }
    .unwrap_or_default();
    let out = spec
        .out
        .as_ref()
        .map(|o| o.get_ref().trim_end_matches('/').to_string())
        .unwrap_or_else(|| "out".into());
    let mut books: Vec<BookJob> = Vec::new();
    for book in &spec.books {
        let span = book.span();
        let book = book.get_ref();
        let path = book.path.get_ref().trim_end_matches('/').to_string();
        if path.is_empty() || Path::new(&path).is_absolute() {
            errors.push(
                Diagnostic::error(
                    file,
                    line(book.path.span()),
                    format!("book path `{path}` must be a folder relative to the manifest"),
                )
                .with_hint("write the path from the manifest's folder, such as \"books/steppe\""),
            );
            continue;
        }
        let book_dir = dir.join(&path);
        if !book_dir.join("book.toml").is_file() {
            errors.push(
                Diagnostic::error(
                    file,
                    line(book.path.span()),
                    format!("`{path}` is not a book folder (it has no book.toml)"),
                )
                .with_hint("check the path, relative to the manifest's folder"),
            );
            continue;
        }
        let name = match &book.name {
            Some(n) => n.get_ref().clone(),
            None => Path::new(&path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.clone()),
        };
        let name_line = book
            .name
            .as_ref()
            .map(|n| line(n.span()))
            .unwrap_or(line(span.clone()));
        if name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\'])
            || name.chars().any(char::is_control)
        {
            errors.push(
                Diagnostic::error(
                    file,
                    name_line,
                    format!("`{name}` cannot name an output folder"),
                )
                .with_hint("use letters, digits, hyphens and dots, not starting with a dot"),
            );
            continue;
        }
        if books.iter().any(|b| b.name == name) {
            errors.push(
                Diagnostic::error(
                    file,
                    name_line,
                    format!(
                        "two books are named `{name}`; their outputs would overwrite each other"
                    ),
                )
                .with_hint("give one of them another name = \"…\""),
            );
            continue;
        }
        let formats = match &book.formats {
            Some(f) => match formats(f, text, file) {
                Ok(f) => f,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            None => default_formats.clone(),
        };
        let config = match &book.config {
            Some(overrides) => match merge_config(&book_dir, overrides, text, file) {
                Ok(config) => config,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            None => None,
        };
        let out_rel = format!("{out}/{name}");
        books.push(BookJob {
            out_dir: dir.join(&out_rel),
            out: out_rel,
            name,
            path,
            book_dir,
            formats,
            config,
        });
    }
    if errors.is_empty() {
        Ok(Manifest { books })
    } else {
        Err(errors)
    }
}

/// `["epub", "pdf"]` checked, sorted and without repeats.
fn formats(
    list: &Spanned<Vec<String>>,
    text: &str,
    file: &Path,
) -> Result<Vec<Format>, Diagnostic> {
    let mut out = Vec::new();
    for f in list.get_ref() {
        out.push(match f.as_str() {
            "epub" => Format::Epub,
            "pdf" => Format::Pdf,
            other => {
                return Err(Diagnostic::error(
                    file,
                    Some(line_of(text, list.span().start)),
                    format!("unknown format `{other}`"),
                )
                .with_hint("formats are \"epub\" and \"pdf\""));
            }
        });
    }
    if out.is_empty() {
        return Err(Diagnostic::error(
            file,
            Some(line_of(text, list.span().start)),
            "the list of formats is empty",
        )
        .with_hint("give at least one of \"epub\" and \"pdf\""));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The book's book.toml with `overrides` merged in, key by key (tables merge, other values
/// replace), checked against the book.toml types so an unknown or mistyped key is reported at
/// its line in the manifest. `None` when book.toml itself cannot be read or parsed: the build
/// then reports that, with book.toml's own lines.
fn merge_config(
    book_dir: &Path,
    overrides: &Spanned<toml::Table>,
    text: &str,
    file: &Path,
) -> Result<Option<String>, Diagnostic> {
    let table_line = line_of(text, overrides.span().start);
    // A bad language tag would otherwise be reported against book.toml.
    if let Some(lang) = overrides.get_ref().get("language") {
        let ok = lang
            .as_str()
            .is_some_and(|l| crate::lang::Lang::parse(l).is_ok());
        if !ok {
            return Err(Diagnostic::error(
                file,
                Some(key_line(text, overrides.span(), "language").unwrap_or(table_line)),
                format!("`{lang}` is not a language tag"),
            )
            .with_hint("write a BCP 47 tag such as \"en\", \"ru\", \"kk\" or \"uz-Latn\""));
        }
    }
    let Ok(book_text) = std::fs::read_to_string(book_dir.join("book.toml")) else {
        return Ok(None);
    };
    let Ok(mut table) = book_text.parse::<toml::Table>() else {
        return Ok(None);
    };
    merge_tables(&mut table, overrides.get_ref());
    let merged = toml::to_string(&table).map_err(|e| {
        Diagnostic::error(
            file,
            Some(table_line),
            format!("the overrides cannot be merged: {e}"),
        )
    })?;
    if let Err(e) = toml::from_str::<BookConfig>(&merged) {
        let message = e.message().trim().to_string();
        // serde names the offending key between backticks: find it in the override table.
        let key = message.split('`').nth(1).unwrap_or("");
        let line = key_line(text, overrides.span(), key).unwrap_or(table_line);
        return Err(
            Diagnostic::error(file, Some(line), format!("[book.config]: {message}")).with_hint(
                "the keys of [book.config] are those of book.toml; the README lists them",
            ),
        );
    }
    Ok(Some(merged))
}

/// The line in `text` where `key =` is first written in the table that starts at `span`
/// (its sub-tables included), up to the next `[[book]]`.
fn key_line(text: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let region = text.get(span.start..)?;
    let mut offset = 0;
    for (n, l) in region.split_inclusive('\n').enumerate() {
        let t = l.trim_start();
        if n > 0 && t.starts_with("[[") {
            break;
        }
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(line_of(text, span.start + offset));
        }
        offset += l.len();
    }
    None
}

fn merge_tables(base: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// `--shard I/N`: the I-th of N shares of the manifest's books (I from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a shard: write I/N with 1 <= I <= N, such as 2/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The books of this shard: the manifest's books by position, round robin, so that every
    /// book is in exactly one shard, the split does not depend on the machine, and adding a
    /// book at the end moves no other book.
    pub fn select<'a>(&self, books: &'a [BookJob]) -> Vec<&'a BookJob> {
        books
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, b)| b)
            .collect()
    }
}

/// How to run a batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Threads, shared by the books (several built at once) and by the paragraphs of a
    /// book (set in parallel); 0 means one per core.
    pub jobs: usize,
    /// Rebuild books even when their outputs are up to date.
    pub force: bool,
    /// A warning fails its book.
    pub deny_warnings: bool,
}

/// What happens during a run, for progress displays. Events of different books interleave.
#[derive(Debug)]
pub enum Event<'a> {
    /// A book's build begins a stage: "hash", then those of [`build::BuildHooks::on_stage`].
    Stage {
        /// The book's name.
        book: &'a str,
        /// The stage.
        stage: &'static str,
    },
    /// A book is done (built, up to date or failed).
    Finished(&'a BookReport),
}

/// The report of a run: what `--format json` prints.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The chapbook that made it.
    pub chapbook_version: String,
    /// The shard run, if any.
    pub shard: Option<Shard>,
    /// Counts of books by status.
    pub summary: Summary,
    /// One per book of the run, in the manifest's order.
    pub books: Vec<BookReport>,
}

/// Counts of books by status.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    /// Books in the run.
    pub books: usize,
    /// Built now.
    pub built: usize,
    /// Skipped: their outputs were up to date.
    pub up_to_date: usize,
    /// Failed.
    pub failed: usize,
}

/// What became of one book.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Built now.
    Built,
    /// Not rebuilt: the inputs are those of the outputs on disk.
    UpToDate,
    /// An error (or, with `--deny-warnings`, a warning).
    Failed,
}

/// One book in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BookReport {
    /// The book's name in the manifest.
    pub name: String,
    /// The book folder, relative to the manifest.
    pub path: String,
    /// What became of it.
    pub status: Status,
    /// Wall-clock seconds spent on it (0 when up to date; not reproducible, ignore when diffing).
    pub seconds: f64,
    /// The outputs on disk.
    pub outputs: Vec<OutputReport>,
    /// Pages of the PDF, when one was made.
    pub pages: Option<usize>,
    /// Words of text (entries, notes, responses), when the book loaded.
    pub words: Option<usize>,
    /// Errors, with the file (relative to the manifest) and line.
    pub errors: Vec<DiagnosticReport>,
    /// Warnings, likewise.
    pub warnings: Vec<DiagnosticReport>,
}

/// One output file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutputReport {
    /// "epub" or "pdf".
    pub format: String,
    /// The file, relative to the manifest.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
}

/// A diagnostic in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DiagnosticReport {
    /// The file, relative to the manifest where it is in a book folder.
    pub file: String,
    /// 1-based line, when one line is to blame.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Report {
    /// True when every book was built or up to date.
    pub fn success(&self) -> bool {
        self.summary.failed == 0
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report is plain data") + "\n"
    }
}

/// What the stamp file holds: the hash of the inputs and what the build gave.
#[derive(Debug, Serialize, Deserialize)]
struct Stamp {
    input_sha256: String,
    outputs: Vec<OutputReport>,
    pages: Option<usize>,
    words: Option<usize>,
    warnings: Vec<DiagnosticReport>,
}

/// The function that builds one book; [`run`] uses [`build::build_with`]. Tests pass their own.
pub type Builder = dyn Fn(&BuildOptions, BuildHooks) -> BuildOutcome + Sync;

/// Builds `books` in parallel and reports on each, in the given order.
pub fn run(books: &[&BookJob], options: RunOptions, on_event: &(dyn Fn(Event) + Sync)) -> Report {
    run_with(books, options, on_event, &build::build_with)
}

/// [`run`] with another builder.
pub fn run_with(
    books: &[&BookJob],
    options: RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
    builder: &Builder,
) -> Report {
    let one = |job: &&BookJob| {
        let report = run_one(job, options, on_event, builder);
        on_event(Event::Finished(&report));
        report
    };
    let reports: Vec<BookReport> = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
    {
        Ok(pool) => pool.install(|| books.par_iter().map(one).collect()),
        // No threads to be had: build one after another on this one.
        Err(_) => books.iter().map(one).collect(),
    };
    let mut summary = Summary {
        books: reports.len(),
        ..Summary::default()
    };
    for r in &reports {
        match r.status {
            Status::Built => summary.built += 1,
            Status::UpToDate => summary.up_to_date += 1,
            Status::Failed => summary.failed += 1,
        }
    }
    Report {
        schema_version: SCHEMA_VERSION,
        chapbook_version: env!("CARGO_PKG_VERSION").into(),
        shard: None,
        summary,
        books: reports,
    }
}

fn run_one(
    job: &BookJob,
    options: RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
    builder: &Builder,
) -> BookReport {
    let start = Instant::now();
    on_event(Event::Stage {
        book: &job.name,
        stage: "hash",
    });
    let input = input_hash(job);
    let mut report = BookReport {
        name: job.name.clone(),
        path: job.path.clone(),
        status: Status::Built,
        seconds: 0.0,
        outputs: Vec::new(),
        pages: None,
        words: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let stamp_path = job.out_dir.join(STAMP_FILE);
    if let (false, Some(input)) = (options.force, &input)
        && let Some(stamp) = up_to_date(job, &stamp_path, input)
    {
        report.status = Status::UpToDate;
        report.outputs = stamp.outputs;
        report.pages = stamp.pages;
        report.words = stamp.words;
        report.warnings = stamp.warnings;
        return finish(report, options, start);
    }
    let stage = |stage| {
        on_event(Event::Stage {
            book: &job.name,
            stage,
        })
    };
    let build_options = BuildOptions {
        book_dir: job.book_dir.clone(),
        out_dir: job.out_dir.clone(),
        formats: job.formats.clone(),
        // The book's own `[pdf] impose` (or the manifest's override of it) decides.
        impose: None,
    };
    let hooks = BuildHooks {
        config: job.config.as_deref(),
        on_stage: Some(&stage),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder(&build_options, hooks)
    }));
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            let mut outcome = BuildOutcome::default();
            outcome.diagnostics.push(
                Diagnostic::error(
                    "",
                    None,
                    format!(
                        "chapbook stopped on an internal error while building this book: {what}"
                    ),
                )
                .with_hint("this is a bug in chapbook; please report it with the book"),
            );
            outcome
        }
    };
    for d in outcome.diagnostics.iter() {
        let r = diagnostic_report(job, d);
        match d.severity {
            Severity::Error => report.errors.push(r),
            Severity::Warning => report.warnings.push(r),
        }
    }
    report.pages = outcome.pages;
    report.words = outcome.words;
    for path in &outcome.outputs {
        match output_report(job, path) {
            Ok(o) => report.outputs.push(o),
            Err(e) => report.errors.push(DiagnosticReport {
                file: format!("{}/{}", job.out, file_name(path)),
                line: None,
                message: format!("cannot read the output back: {e}"),
                hint: None,
            }),
        }
    }
    if !report.errors.is_empty() {
        report.status = Status::Failed;
    } else if let Some(input) = input {
        let stamp = Stamp {
            input_sha256: input,
            outputs: report.outputs.clone(),
            pages: report.pages,
            words: report.words,
            warnings: report.warnings.clone(),
        };
        let text = serde_json::to_string_pretty(&stamp).expect("a stamp is plain data") + "\n";
        // Without a stamp the book is rebuilt next time; that is all a failure here costs.
        let _ = std::fs::write(&stamp_path, text);
    }
    finish(report, options, start)
}

fn finish(mut report: BookReport, options: RunOptions, start: Instant) -> BookReport {
    if options.deny_warnings && !report.warnings.is_empty() {
        report.status = Status::Failed;
    }
    report.seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    report
}

/// The stamp, when it matches `input` and every output it lists is on disk unchanged.
fn up_to_date(job: &BookJob, stamp_path: &Path, input: &str) -> Option<Stamp> {
    let stamp: Stamp = serde_json::from_str(&std::fs::read_to_string(stamp_path).ok()?).ok()?;
    // The formats are part of the input hash; an imposed PDF is one more output.
    if stamp.input_sha256 != input || stamp.outputs.is_empty() {
        return None;
    }
    for output in &stamp.outputs {
        let on_disk = job.out_dir.join(output.file.rsplit('/').next()?);
        let bytes = std::fs::read(&on_disk).ok()?;
        if hex(&Sha256::digest(&bytes)) != output.sha256 {
            return None;
        }
    }
    Some(stamp)
}

fn output_report(job: &BookJob, path: &Path) -> std::io::Result<OutputReport> {
    let bytes = std::fs::read(path)?;
    let format = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(OutputReport {
        format,
        file: format!("{}/{}", job.out, file_name(path)),
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(&bytes)),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A diagnostic with its file relative to the manifest: files in the book folder get the
/// book's path in front; others (the output folder) are named from the manifest's folder.
fn diagnostic_report(job: &BookJob, d: &Diagnostic) -> DiagnosticReport {
    let file = if d.file.as_os_str().is_empty() {
        job.path.clone()
    } else if let Ok(rest) = d.file.strip_prefix(&job.out_dir) {
        join_rel(&job.out, rest)
    } else if let Ok(rest) = d.file.strip_prefix(&job.book_dir) {
        join_rel(&job.path, rest)
    } else if d.file.is_relative() {
        join_rel(&job.path, &d.file)
    } else {
        d.file.display().to_string()
    };
    // With overrides the build read a re-written book.toml, whose lines are not the file's.
    let merged = job.config.is_some() && d.file == Path::new("book.toml");
    DiagnosticReport {
        file,
        line: if merged { None } else { d.line },
        message: if merged {
            format!(
                "{} (with the manifest's [book.config] merged in)",
                d.message
            )
        } else {
            d.message.clone()
        },
        hint: d.hint.clone(),
    }
}

fn join_rel(base: &str, rest: &Path) -> String {
    let rest: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{}", rest.join("/"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What every build depends on besides the book: chapbook's version, its bundled fonts,
/// styles and locale table, and `SOURCE_DATE_EPOCH`.
fn toolchain_hash() -> &'static [u8] {
    static HASH: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(concat!("chapbook ", env!("CARGO_PKG_VERSION"), "\0"));
        for (name, data) in crate::fonts::ALL {
            h.update(name.as_bytes());
            h.update((data.len() as u64).to_le_bytes());
            h.update(data);
        }
        for text in [
            crate::config::DEFAULT,
            crate::epub::DEFAULT_CSS,
            include_str!("locale/locales.toml"),
        ] {
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.finalize().to_vec()
    })
}

/// The hash of everything the book's outputs are made from: the toolchain, the
/// `SOURCE_DATE_EPOCH`, the formats, the manifest's overrides and every file of the book folder
/// (names and bytes, in sorted order; hidden files and an output folder inside it excluded).
/// `None` when the folder cannot be read: the book is then always built.
pub fn input_hash(job: &BookJob) -> Option<String> {
    let mut h = Sha256::new();
    h.update(toolchain_hash());
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    h.update(format!("SOURCE_DATE_EPOCH={epoch}\0"));
    for f in &job.formats {
        h.update(f.extension());
        h.update("\0");
    }
    if let Some(config) = &job.config {
        h.update("config\0");
        h.update(config.as_bytes());
    }
    let out = job.out_dir.canonicalize().ok();
    let mut files = Vec::new();
    collect_files(&job.book_dir, &job.book_dir, out.as_deref(), &mut files).ok()?;
    files.sort();
    for (rel, path) in files {
        let bytes = std::fs::read(&path).ok()?;
        h.update(rel.as_bytes());
        h.update("\0");
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Some(hex(&h.finalize()))
}

fn collect_files(
    root: &Path,
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<(String, PathBuf)>,
) -> std::io::Result<()> {
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        let path = item.path();
        if item.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let meta = std::fs::metadata(&path)?;
        if meta.is_dir() {
            if skip.is_some_and(|s| path.canonicalize().is_ok_and(|p| p == s)) {
                continue;
            }
            collect_files(root, &path, skip, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_books() {
        let books: Vec<BookJob> = (0..7)
            .map(|i| BookJob {
                name: format!("b{i}"),
                path: format!("b{i}"),
                book_dir: PathBuf::from(format!("b{i}")),
                out: format!("out/b{i}"),
                out_dir: PathBuf::from(format!("out/b{i}")),
                formats: vec![Format::Epub],
                config: None,
            })
            .collect();
        for count in 1..=9 {
            let mut seen: Vec<String> = Vec::new();
            for index in 1..=count {
                let shard = Shard { index, count };
                seen.extend(shard.select(&books).iter().map(|b| b.name.clone()));
            }
            seen.sort();
            let mut all: Vec<String> = books.iter().map(|b| b.name.clone()).collect();
            all.sort();
            assert_eq!(seen, all, "{count} shards");
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn overrides_merge_key_by_key() {
        let mut base: toml::Table =
            "title = \"A\"\n[pdf.page]\nsize = \"A5\"\nmargin-top = \"1cm\"\n"
                .parse()
                .unwrap();
        let over: toml::Table = "[pdf.page]\nsize = \"A4\"\n".parse().unwrap();
        merge_tables(&mut base, &over);
        let page = base["pdf"]["page"].as_table().unwrap();
        assert_eq!(page["size"].as_str(), Some("A4"));
        assert_eq!(page["margin-top"].as_str(), Some("1cm"));
        assert_eq!(base["title"].as_str(), Some("A"));
    }
}
