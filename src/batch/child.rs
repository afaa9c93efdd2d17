//! Each book of a batch in a child process (what `chapbook batch` does): a book that never
//! finishes (a file that blocks, a book too large for the time given) is killed after
//! `--timeout` seconds and reported as failed, and a crash that a thread could not survive (a
//! stack overflow, an abort) fails that book alone. A thread cannot be stopped from outside,
//! a process can; the report is always written.
//!
//! The parent starts `chapbook` itself ([`CHILD_COMMAND`]) and writes one [`Request`] as JSON
//! to its stdin; the child runs [`run_one`] and answers with JSON lines on its stdout: the
//! stages as they start, then the book's report.

use super::*;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use std::sync::mpsc;

/// The hidden subcommand of `chapbook` that builds one book for a batch.
pub const CHILD_COMMAND: &str = "batch-child";

/// What a child is asked to do.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    job: BookJob,
    force: bool,
    deny_warnings: bool,
    /// Threads for the book's paragraphs.
    threads: usize,
    /// The parent's [`toolchain_hash`] (the same program, so the same hash).
    toolchain: Vec<u8>,
}

/// A line a child writes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    /// A stage starts.
    Stage(String),
    /// The book is done.
    Report(BookReport),
}

/// How [`run_in_processes`] starts its children.
#[derive(Debug, Clone, Copy)]
pub struct Processes<'a> {
    /// The `chapbook` program (`std::env::current_exe()` of the command line).
    pub exe: &'a Path,
}

/// [`run`], with each book built by a child process (killed after `options.timeout`): up to `options.jobs` at once (one per
/// core for 0), each with an equal share of the threads for its paragraphs.
pub fn run_in_processes(
    books: &[&BookJob],
    options: RunOptions,
    processes: Processes,
    on_event: &(dyn Fn(Event) + Sync),
) -> Report {
    run_each(books, options, on_event, &|job, threads| {
        run_child(job, options, threads, processes, on_event)
    })
}

/// One book in a child process, killed when it outlives the timeout.
fn run_child(
    job: &BookJob,
    options: RunOptions,
    threads: usize,
    processes: Processes,
    on_event: &(dyn Fn(Event) + Sync),
) -> BookReport {
    let start = Instant::now();
    let failed = |message: String, hint: &str| failed_report(job, options, start, message, hint);
    let request = Request {
        job: job.clone(),
        force: options.force,
        deny_warnings: options.deny_warnings,
        threads,
        toolchain: toolchain_hash().to_vec(),
    };
    let Ok(request) = serde_json::to_string(&request) else {
        return failed(
            "the book's paths cannot be handed to a child process (they are not UTF-8)".into(),
            "rename the folders to names in UTF-8",
        );
    };
    let child = Command::new(processes.exe)
        .arg(CHILD_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return failed(
                format!("chapbook cannot start a process to build this book: {e}"),
                "check that the system allows more processes, or use fewer --jobs",
            );
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A child that died at once is reported below, by its status.
        let _ = stdin.write_all(request.as_bytes());
    }
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let deadline = options.timeout.map(|t| start + t);
    let mut report = None;
    loop {
        let line = match deadline {
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(deadline) => rx.recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match line {
            Ok(line) => match serde_json::from_str::<Line>(&line) {
                Ok(Line::Stage(stage)) => on_event(Event::Stage {
                    book: &job.name,
                    stage: stage_name(&stage),
                }),
                Ok(Line::Report(r)) => report = Some(r),
                // Not ours: something in the child wrote to stdout.
                Err(_) => {}
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Killed (SIGKILL): its lock on the output folder goes with it.
                let _ = child.kill();
                let _ = child.wait();
                let seconds = options.timeout.unwrap_or_default().as_secs_f64();
                return failed(
                    format!("timed out after {seconds} s: the build was stopped"),
                    "a file that never ends (a FIFO or a device named like a book file) blocks a build; otherwise the book needs more time: raise --timeout. Its outputs are as the last good build left them, or partly renamed; the next batch rebuilds it",
                );
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait();
    match (report, status) {
        (Some(report), _) => report,
        (None, status) => {
            let how = match status {
                Ok(s) => describe_exit(s),
                Err(e) => e.to_string(),
            };
            failed(
                format!("chapbook stopped while building this book ({how})"),
                "this is a bug in chapbook (a crash a thread cannot survive, such as a stack overflow); please report it with the book",
            )
        }
    }
}

/// How a child ended, in words.
fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    status.to_string()
}

/// The stage names [`build::BuildHooks::on_stage`] and [`run_one`] use, as `'static` names.
fn stage_name(stage: &str) -> &'static str {
    const STAGES: &[&str] = &[
        "hash", "wait", "load", "epub", "layout", "pdf", "handouts", "write",
    ];
    STAGES
        .iter()
        .find(|s| **s == stage)
        .copied()
        .unwrap_or("build")
}

/// The child's side: runs the request (JSON, as the parent wrote it on stdin) and hands each
/// line to `emit` (which the command line prints on stdout). An error when the request cannot
/// be read.
pub fn serve_child(request: &str, emit: &(dyn Fn(String) + Sync)) -> Result<(), String> {
    let request: Request = serde_json::from_str(request)
        .map_err(|e| format!("{CHILD_COMMAND} is chapbook's own: bad request ({e})"))?;
    set_toolchain_hash(request.toolchain);
    let options = RunOptions {
        jobs: request.threads,
        force: request.force,
        deny_warnings: request.deny_warnings,
        // The parent times the child.
        timeout: None,
    };
    let line = |l: Line| emit(serde_json::to_string(&l).expect("a line is plain data"));
    let on_event = |e: Event| {
        if let Event::Stage { stage, .. } = e {
            line(Line::Stage(stage.into()));
        }
    };
    let one = || run_one(&request.job, options, &on_event, &build::build_with, None);
    let report = match rayon::ThreadPoolBuilder::new()
        .num_threads(request.threads)
        .build()
    {
        Ok(pool) => pool.install(one),
        Err(_) => one(),
    };
    line(Line::Report(report));
    Ok(())
}
