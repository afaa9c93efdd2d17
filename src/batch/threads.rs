//! Each book of a batch on a thread of its own, in this process ([`run`], [`run_with`]: the
//! library's batch), with the child processes' timeout: a book still building after
//! [`RunOptions::timeout`] is reported as failed and the run goes on, and the report is
//! written.
//!
//! A thread cannot be stopped from outside, so a stuck book's thread is left behind: it goes
//! on (or stays blocked) until it ends or the program does, and so does its hold on its output
//! folder's lock. What it may no longer do is write: the build asks before it writes its
//! outputs, and the batch before its stamp ([`BuildHooks::may_write`]), and a book reported as
//! timed out is refused. The two sides agree through one atomic state, so a book is either
//! reported as timed out and writes nothing, or writes and is waited for (writing the files it
//! has made takes moments). To stop a stuck book for good, build in child processes
//! ([`run_in_processes`], what the command line does).

use super::*;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, mpsc};

/// The book is building.
const RUNNING: u8 = 0;
/// The book writes its outputs: it is waited for, whatever the time.
const WRITING: u8 = 1;
/// The book was reported as timed out: it may not write.
const ABANDONED: u8 = 2;

/// What a book's thread tells the batch.
enum Message {
    Stage(&'static str),
    Done(Box<BookReport>),
}

/// Builds `books`, up to `options.jobs` at once (one per core for 0), each on a thread of its
/// own with an equal share of the threads for its paragraphs, and reports on each, in the
/// given order. Without a timeout the batch waits for every book.
pub fn run(books: &[&BookJob], options: RunOptions, on_event: &(dyn Fn(Event) + Sync)) -> Report {
    run_with(books, options, on_event, Arc::new(build::build_with))
}

/// [`run`] with another builder.
pub fn run_with(
    books: &[&BookJob],
    options: RunOptions,
    on_event: &(dyn Fn(Event) + Sync),
    builder: Arc<Builder>,
) -> Report {
    run_each(books, options, on_event, &|job, threads| {
        run_thread(job, options, threads, builder.clone(), on_event)
    })
}

/// One book on a thread of its own, given up when it outlives the timeout.
fn run_thread(
    job: &BookJob,
    options: RunOptions,
    threads: usize,
    builder: Arc<Builder>,
    on_event: &(dyn Fn(Event) + Sync),
) -> BookReport {
    let start = Instant::now();
    let state = Arc::new(AtomicU8::new(RUNNING));
    let (tx, rx) = mpsc::channel();
    let spawned = {
        let (job, state) = (job.clone(), state.clone());
        std::thread::Builder::new()
            .name(format!("chapbook batch: {}", job.name))
            .spawn(move || {
                let stages = tx.clone();
                let on_event = move |e: Event| {
                    if let Event::Stage { stage, .. } = e {
                        // The batch may have stopped listening (timed out): nothing to tell.
                        let _ = stages.send(Message::Stage(stage));
                    }
                };
                let may_write = || match state.compare_exchange(
                    RUNNING,
                    WRITING,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                ) {
                    Ok(_) => true,
                    Err(now) => now == WRITING,
                };
                let one = || run_one(&job, options, &on_event, &*builder, Some(&may_write));
                let report = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                    Ok(pool) => pool.install(one),
                    Err(_) => one(),
                };
                let _ = tx.send(Message::Done(Box::new(report)));
            })
    };
    let failed = |message: String, hint: &str| failed_report(job, options, start, message, hint);
    if let Err(e) = spawned {
        return failed(
            format!("chapbook cannot start a thread to build this book: {e}"),
            "check that the system allows more threads, or use fewer jobs",
        );
    }
    let mut deadline = options.timeout.map(|t| start + t);
    loop {
        let message = match deadline {
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(deadline) => rx.recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match message {
            Ok(Message::Stage(stage)) => on_event(Event::Stage {
                book: &job.name,
                stage,
            }),
            Ok(Message::Done(report)) => return *report,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if state
                    .compare_exchange(RUNNING, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
                {
                    let seconds = options.timeout.unwrap_or_default().as_secs_f64();
                    return failed(
                        format!(
                            "timed out after {seconds} s: the batch stopped waiting for this book, which writes nothing now (its thread goes on in this process until it ends)"
                        ),
                        "a book too large for the time given needs a larger timeout; a build that never ends is a bug in chapbook (please report it with the book). Its outputs are as the last good build left them. `chapbook batch` builds each book in a process of its own, which the timeout stops",
                    );
                }
                // It is writing its outputs: wait for it.
                deadline = None;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return failed(
                    "chapbook stopped while building this book (its thread ended without a report)"
                        .into(),
                    "this is a bug in chapbook; please report it with the book",
                );
            }
        }
    }
}
