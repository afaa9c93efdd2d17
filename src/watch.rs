//! `chapbook watch`: build a book, then build it again whenever one of its files changes.
//!
//! Changes are debounced (an editor's save is often several events) and a failed build writes
//! nothing, so the last good outputs stay in place until the book builds again. Library code
//! only: what happens is handed to a callback; the command line prints it.

use crate::build::{self, BuildOptions, BuildOutcome};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long the book folder must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the watcher reports.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// Files changed (relative to the book folder); a build starts.
    Changed(&'a [PathBuf]),
    /// A build finished (the first one, or one after a change).
    Built(&'a BuildOutcome),
}

/// Builds the book, then rebuilds after each change until `on_event` returns `false` or the
/// watcher stops. Changes inside the output folder and to hidden files are ignored. Returns an
/// error message when the folder cannot be watched.
pub fn watch(
    options: &BuildOptions,
    debounce: Duration,
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<(), String> {
    watch_with(options, debounce, &|| {}, on_event)
}

/// [`watch`], calling `on_wait` whenever a build finds the output folder locked by another
/// build or batch, before it waits for it ([`build::BuildHooks::on_wait`]).
pub fn watch_with(
    options: &BuildOptions,
    debounce: Duration,
    on_wait: &(dyn Fn() + Sync),
    on_event: &mut dyn FnMut(WatchEvent) -> bool,
) -> Result<(), String> {
    let build = || {
        build::build_with(
            options,
            build::BuildHooks {
                on_wait: Some(on_wait),
                ..Default::default()
            },
        )
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver is gone only when watching has stopped.
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let book = options
        .book_dir
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", options.book_dir.display()))?;
    watcher
        .watch(&book, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", options.book_dir.display()))?;
    // Before the first build: a first build that fails creates no output folder, and an
    // output folder inside the book that was not known would make every build a change.
    let out = Some(build::absolute(&options.out_dir));
    if !on_event(WatchEvent::Built(&build())) {
        return Ok(());
    }
    loop {
        // Wait for a change that matters, then until the folder has been quiet for `debounce`.
        let mut changed: Vec<PathBuf> = Vec::new();
        while changed.is_empty() {
            match rx.recv() {
                Ok(event) => relevant(event, &book, out.as_deref(), &mut changed),
                Err(_) => return Ok(()),
            }
        }
        loop {
            match rx.recv_timeout(debounce) {
                Ok(event) => relevant(event, &book, out.as_deref(), &mut changed),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        changed.sort();
        changed.dedup();
        if !on_event(WatchEvent::Changed(&changed)) {
            return Ok(());
        }
        if !on_event(WatchEvent::Built(&build())) {
            return Ok(());
        }
    }
}

/// Adds the event's paths that are book sources (relative to the book folder) to `changed`.
fn relevant(
    event: notify::Result<notify::Event>,
    book: &Path,
    out: Option<&Path>,
    changed: &mut Vec<PathBuf>,
) {
    let Ok(event) = event else { return };
    if event.kind.is_access() {
        return;
    }
    for path in event.paths {
        if out.is_some_and(|o| path.starts_with(o)) {
            continue;
        }
        let rel = path.strip_prefix(book).unwrap_or(&path).to_path_buf();
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if !hidden && !editor_temporary(&rel) {
            changed.push(rel);
        }
    }
}

/// An editor's temporary file, never a book source: vim's swap files (`.swp`, `.swx`) and the
/// `4913` it writes to test a folder, backups (`name~`), Emacs's lock and autosave files
/// (`.#name`, `#name#`).
pub fn editor_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_not_sources() {
        for name in [
            "entries/.a.md.swp",
            "entries/a.md~",
            "entries/.#a.md",
            "entries/#a.md#",
            "entries/4913",
            "a.swx",
        ] {
            assert!(editor_temporary(Path::new(name)), "{name}");
        }
        for name in ["entries/a.md", "book.toml", "images/4913.jpg"] {
            assert!(!editor_temporary(Path::new(name)), "{name}");
        }
    }
}
