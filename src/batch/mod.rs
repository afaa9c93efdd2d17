//! Many books at once (`chapbook batch MANIFEST.toml`): a manifest lists book folders, each is
//! built on its own thread (rayon, [`run`]) or in its own process ([`run_in_processes`], what
//! the command line does, so a stuck book can be stopped), a failure or a panic in one book is
//! reported while the others go on, an unchanged book is not rebuilt, and the whole run is
//! summed up in a [`Report`] that CI can archive and diff.
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

mod child;
mod manifest;
mod report;
mod stamp;
mod threads;
pub use child::*;
pub use manifest::*;
pub use report::*;
pub use stamp::*;
pub use threads::*;

use crate::build::{self, BuildHooks, BuildOptions, BuildOutcome, Format};
use crate::config::BookConfig;
use crate::diag::{Diagnostic, Severity, line_of};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};
use toml::Spanned;

/// The version of the JSON report's layout; raised when a field changes meaning or goes away
/// (new fields may be added without raising it).
pub const SCHEMA_VERSION: u32 = 1;

/// The file in each book's output folder that records what the outputs were built from.
pub const STAMP_FILE: &str = ".chapbook-stamp.json";

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
    /// A book still building after this long is reported as failed, and the run goes on
    /// (in child processes, [`run_in_processes`], it is killed; on a thread, [`run`], it is
    /// left to end, and may no longer write).
    pub timeout: Option<Duration>,
}

/// The function that builds one book; [`run`] uses [`build::build_with`]. Tests pass their own.
pub type Builder = dyn Fn(&BuildOptions, BuildHooks) -> BuildOutcome + Send + Sync;

/// Runs `one(book, threads)` for each of `books`, up to `options.jobs` at once (one per core
/// for 0), each given an equal share of the threads for its paragraphs; tells `on_event` as
/// each is finished, and sums up the reports in the books' order.
fn run_each(
    books: &[&BookJob],
    options: RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
    one: &(dyn Fn(&BookJob, usize) -> BookReport + Sync),
) -> Report {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs = match options.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let workers = jobs.min(books.len()).max(1);
    let threads = (jobs / workers).max(1);
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<Option<BookReport>>> = Mutex::new(vec![None; books.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = books.get(i) else { break };
                    let report = one(job, threads);
                    on_event(Event::Finished(&report));
                    reports.lock().expect("not poisoned")[i] = Some(report);
                }
            });
        }
    });
    let reports = reports
        .into_inner()
        .expect("not poisoned")
        .into_iter()
        .map(|r| r.expect("every book was run"))
        .collect();
    summarize(reports)
}

/// The report of `job`, failed with one error (`message`, and what to do), begun at `start`.
fn failed_report(
    job: &BookJob,
    options: RunOptions,
    start: Instant,
    message: String,
    hint: &str,
) -> BookReport {
    let mut report = empty_report(job);
    report.status = Status::Failed;
    report.errors.push(DiagnosticReport {
        file: job.path.clone(),
        line: None,
        message,
        hint: Some(hint.into()),
    });
    finish(report, options, start)
}

/// The report of a run whose books ended as `reports`.
fn summarize(reports: Vec<BookReport>) -> Report {
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

/// A report of `job` with nothing in it yet.
fn empty_report(job: &BookJob) -> BookReport {
    BookReport {
        name: job.name.clone(),
        path: job.path.clone(),
        status: Status::Built,
        seconds: 0.0,
        outputs: Vec::new(),
        pages: None,
        words: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

/// One book: its input hash, the output folder's lock, the stamp check, the build (a panic
/// caught), the stamp. `may_write` is asked before the outputs and the stamp are written
/// ([`BuildHooks::may_write`]).
fn run_one(
    job: &BookJob,
    options: RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
    builder: &Builder,
    may_write: Option<&(dyn Fn() -> bool + Sync)>,
) -> BookReport {
    let start = Instant::now();
    on_event(Event::Stage {
        book: &job.name,
        stage: "hash",
    });
    let input = input_hash(job);
    let mut report = empty_report(job);
    let stamp_path = job.out_dir.join(STAMP_FILE);
    // Held from the stamp check to the stamp write: another build or batch writing into the
    // same folder waits, so the stamp always describes the outputs beside it.
    let _lock = match build::lock_output(&job.out_dir, &|| {
        on_event(Event::Stage {
            book: &job.name,
            stage: "wait",
        })
    }) {
        Ok((lock, locked)) => {
            if !locked {
                report
                    .warnings
                    .push(diagnostic_report(job, &build::unlockable(&job.out_dir)));
            }
            lock
        }
        Err(e) => {
            let d = build::lock_diagnostic(&job.out_dir, &e);
            report.errors.push(diagnostic_report(job, &d));
            report.status = Status::Failed;
            return finish(report, options, start);
        }
    };
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
        handouts: false,
    };
    let hooks = BuildHooks {
        config: job.config.as_deref(),
        on_stage: Some(&stage),
        on_wait: None,
        locked: true,
        may_write,
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
    // What was written, not what is on disk now.
    report.outputs = outcome
        .written
        .iter()
        .map(|w| output_report(job, w))
        .collect();
    if !report.errors.is_empty() {
        report.status = Status::Failed;
    } else if let Some(input) = input
        && may_write.is_none_or(|may| may())
    {
        let stamp = Stamp {
            input_sha256: input,
            outputs: report.outputs.clone(),
            pages: report.pages,
            words: report.words,
            warnings: report.warnings.clone(),
        };
        let text = serde_json::to_string_pretty(&stamp).expect("a stamp is plain data") + "\n";
        // Without a stamp the book is rebuilt next time; that is all a failure here costs.
        let _ = build::write_together(&job.out_dir, &[(STAMP_FILE.into(), text.into_bytes())]);
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
