//! What the import benchmarks share: their sizes from the environment, five timed imports of
//! one source into fresh book folders, and the report against a budget.

use chapbook::import::{Filters, Request, SourceKind, run};
use std::path::Path;
use std::time::{Duration, Instant};

/// The number in the environment variable `name`, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Imports `source` five times into new folders under `dir`, as `chapbook import` does, each
/// run writing more files than `posts`; the times, fastest first.
pub fn time_imports(kind: SourceKind, source: &Path, dir: &Path, posts: usize) -> Vec<Duration> {
    let mut times = Vec::new();
    for run_number in 0..5 {
        let request = Request {
            kind,
            source: source.to_path_buf(),
            comment_feeds: Vec::new(),
            out: dir.join(format!("book-{run_number}")),
            force: false,
            filters: Filters::default(),
            http: Default::default(),
        };
        let start = Instant::now();
        let outcome = run(&request);
        times.push(start.elapsed());
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        let written = outcome.written.expect("files written");
        assert!(
            written.created.len() > posts,
            "every post and its comments are written"
        );
    }
    times.sort();
    times
}

/// Prints `what` with the median, fastest and slowest of `times`, and exits with a failure
/// when the median is over `budget`.
pub fn report(what: &str, times: &[Duration], budget: Duration) {
    let median = times[times.len() / 2];
    println!(
        "{what}: median {:.3} s over {} runs (min {:.3} s, max {:.3} s); budget {} s",
        median.as_secs_f64(),
        times.len(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        budget.as_secs()
    );
    if median > budget {
        eprintln!("{what} is over its budget of {} s", budget.as_secs());
        std::process::exit(1);
    }
}
