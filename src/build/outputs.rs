//! Writing outputs so that they never lie: the output folder is locked while a build writes
//! into it, every file goes to a temporary file first, and all are renamed into place only
//! when all are written (and put back as they were if a rename fails).

use super::journal::{self, JOURNAL_FILE, Journal, Pending, settle};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file in an output folder (empty; it stays after the build).
pub const LOCK_FILE: &str = ".chapbook.lock";

/// One file a build wrote: what was written, not what is on disk later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where it went.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// The SHA-256 of the bytes written.
    pub sha256: [u8; 32],
}

/// The lock on an output folder, held until dropped. Builds and batches that write into the
/// same folder take turns: outputs and the stamp beside them always come from one build.
#[derive(Debug)]
pub struct OutputLock {
    /// `None` when the file system cannot lock (the build goes on without).
    _file: Option<std::fs::File>,
}

/// What [`lock_output`] found.
#[derive(Debug)]
pub enum LockError {
    /// The folder or its lock file cannot be made or opened.
    Io(std::io::Error),
    /// `.chapbook.lock` is a link, a folder or a special file.
    NotAFile,
    /// The outputs an interrupted build was switching could be neither finished nor put
    /// back ([`settle`]).
    Unsettled(std::io::Error),
}

/// Locks `dir` (created if missing) for writing, through the open file description of its
/// `.chapbook.lock` (`flock` on Unix, `LockFileEx` on Windows). When another build or batch
/// holds it, `on_wait` is called once and the call waits for it: a second build into the same
/// folder queues behind the first instead of mixing its files with the first one's. A file
/// system that cannot lock gives an unlocked [`OutputLock`] and `Ok(false)` as the second
/// value, for the caller to warn about. Once locked, the outputs a killed build left half
/// switched are switched ([`settle`]) before the caller goes on.
pub fn lock_output(dir: &Path, on_wait: &dyn Fn()) -> Result<(OutputLock, bool), LockError> {
    std::fs::create_dir_all(dir).map_err(LockError::Io)?;
    let path = dir.join(LOCK_FILE);
    // Never a link (which would make us create or open a file elsewhere) nor a FIFO (whose
    // open would block).
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && !meta.file_type().is_file()
    {
        return Err(LockError::NotAFile);
    }
    let file = crate::files::open_lock_file(&path).map_err(|e| match e {
        crate::files::FileError::Io(e) => LockError::Io(e),
        crate::files::FileError::NotFound => {
            LockError::Io(std::io::Error::from(std::io::ErrorKind::NotFound))
        }
        _ => LockError::NotAFile,
    })?;
    let locked = match file.try_lock() {
        Ok(()) => Ok((OutputLock { _file: Some(file) }, true)),
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            match file.lock() {
                Ok(()) => Ok((OutputLock { _file: Some(file) }, true)),
                Err(e) => unlocked(e),
            }
        }
        Err(std::fs::TryLockError::Error(e)) => unlocked(e),
    }?;
    // Before anything else: the switch a killed build left half made.
    settle(dir).map_err(LockError::Unsettled)?;
    Ok(locked)
}

/// At the start of a build: if a killed build left a switch half made in `dir` and no one
/// holds the folder's lock, finishes it now, so that even a build that fails (and writes
/// nothing) leaves the outputs whole. A problem is left for [`lock_output`] to report.
pub fn settle_if_free(dir: &Path) {
    let lock = dir.join(LOCK_FILE);
    if !dir.join(JOURNAL_FILE).exists()
        || !std::fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_file())
    {
        return;
    }
    if let Ok(file) = crate::files::open_lock_file(&lock)
        && file.try_lock().is_ok()
    {
        let _ = settle(dir);
    }
}

fn unlocked(e: std::io::Error) -> Result<(OutputLock, bool), LockError> {
    if e.kind() == std::io::ErrorKind::Unsupported {
        Ok((OutputLock { _file: None }, false))
    } else {
        Err(LockError::Io(e))
    }
}

/// Why [`write_together`] wrote nothing.
#[derive(Debug)]
pub struct WriteFailure {
    /// The output that could not be written.
    pub target: PathBuf,
    /// What the system said.
    pub error: std::io::Error,
    /// Outputs that could not be put back as they were after a failed rename (empty unless
    /// the folder changed under the build).
    pub not_restored: Vec<(PathBuf, std::io::Error)>,
}

/// Writes each `(file name, bytes)` into `dir`: every file to a temporary `.chapbook-*.part`
/// first (synced to disk), then all are renamed into place. A failure while writing (a full
/// disk) renames none; a failed rename puts back the outputs already renamed (from hard-linked
/// copies of the old ones, or removes those that were new), so the folder holds either every
/// new output or the previous ones. Before the first rename a journal of the renames is
/// written ([`journal`](super::journal)): if the process dies between two renames, whoever
/// locks the folder next finishes them ([`lock_output`] calls [`settle`]). The same names in
/// the folder are replaced; others are left alone. A name may hold one folder (`handouts/a.pdf`):
/// the folder is made when missing, and must be a real folder, never a link.
pub fn write_together(
    dir: &Path,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<Written>, WriteFailure> {
    let files = (files.iter())
        .map(|(name, bytes)| (name.clone(), Output::Bytes(bytes.clone())))
        .collect();
    write_outputs(dir, files)
}

/// An output's bytes already in a temporary file of the output folder (synced), made while
/// the rest of the build goes on so that its bytes need not be held until all are made (a
/// book's handouts); renamed into place by [`write_outputs`], or removed when dropped.
#[derive(Debug)]
pub struct Staged {
    part: tempfile::NamedTempFile,
    bytes: u64,
    sha256: [u8; 32],
}

/// Puts `bytes` into a temporary file in `dir` (made when missing), for [`write_outputs`] into
/// the same `dir`.
pub fn stage(dir: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    std::fs::create_dir_all(dir)?;
    Ok(Staged {
        part: write_part(dir, bytes).map_err(plain)?,
        bytes: bytes.len() as u64,
        sha256: Sha256::digest(bytes).into(),
    })
}

/// An output for [`write_outputs`]: its bytes, or a file [`stage`]d for it.
#[derive(Debug)]
pub enum Output {
    /// The bytes, written to a temporary file by [`write_outputs`].
    Bytes(Vec<u8>),
    /// Already in a temporary file of the output folder.
    Staged(Staged),
}

/// [`write_together`] for outputs given as bytes or already staged ([`stage`], in `dir`).
pub fn write_outputs(
    dir: &Path,
    files: Vec<(String, Output)>,
) -> Result<Vec<Written>, WriteFailure> {
    let fail = |target: PathBuf| {
        move |error| WriteFailure {
            target,
            error,
            not_restored: Vec::new(),
        }
    };
    std::fs::create_dir_all(dir).map_err(fail(dir.to_path_buf()))?;
    // Folders this call made, removed again (when still empty) if nothing is switched.
    let mut made: Vec<PathBuf> = Vec::new();
    let unmake = |made: &[PathBuf]| {
        for folder in made {
            let _ = std::fs::remove_dir(folder);
        }
    };
    let mut parts = Vec::with_capacity(files.len());
    for (name, output) in files {
        let target = dir.join(&name);
        let staged = subfolder(dir, &name, &mut made)
            .and_then(|()| match output {
                Output::Bytes(bytes) => stage(dir, &bytes),
                // (`tempfile` makes a relative folder absolute.)
                Output::Staged(staged)
                    if staged.part.path().parent().map(super::absolute)
                        == Some(super::absolute(dir)) =>
                {
                    Ok(staged)
                }
                Output::Staged(_) => Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "staged in another folder",
                )),
            })
            .map_err(fail(target.clone()));
        let Staged {
            part,
            bytes,
            sha256,
        } = match staged {
            Ok(staged) => staged,
            Err(failure) => {
                unmake(&made);
                return Err(failure);
            }
        };
        // A backup that could not be made only costs the rollback of this one file.
        let old = backup(dir, &target).ok().flatten();
        parts.push((part, target, name, bytes, sha256, old));
    }
    // Every file is on disk: the journal, then the renames.
    let pending = Journal {
        files: parts
            .iter()
            .map(|(part, _, name, _, sha256, old)| Pending {
                target: name.to_string(),
                part: file_name(part.path()),
                old: old.as_deref().map(file_name),
                sha256: journal::hex(sha256),
            })
            .collect(),
    };
    if let Err(e) = journal::write(dir, &pending) {
        unmake(&made);
        return Err(fail(dir.join(JOURNAL_FILE))(plain(e)));
    }
    // Now replace the outputs, keeping the old ones until all are in.
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    let mut written = Vec::with_capacity(parts.len());
    for (part, target, _, bytes, sha256, old) in parts {
        if let Err(e) = part.persist(&target) {
            let mut failure = WriteFailure {
                target,
                error: plain(e.error),
                not_restored: Vec::new(),
            };
            // The failed one is as it was; its copy goes (when `old` drops).
            for (target, old) in done.into_iter().rev() {
                let restored = match old {
                    Some(old) => old.persist(&target).map_err(|e| plain(e.error)),
                    None => std::fs::remove_file(&target),
                };
                if let Err(e) = restored {
                    failure.not_restored.push((target, e));
                }
            }
            // Every output is the old one again: nothing is left to finish.
            let _ = journal::remove(dir);
            unmake(&made);
            return Err(failure);
        }
        written.push(Written {
            path: target.clone(),
            bytes,
            sha256,
        });
        done.push((target, old));
        abort_for_tests(written.len());
    }
    // The switch is made; a journal left behind (if it cannot be removed) names only
    // outputs that are in place, which the next lock finds finished.
    let _ = journal::sync_dir(dir);
    let _ = journal::remove(dir);
    // `done` drops here, and with it the copies of the old outputs.
    Ok(written)
}

/// For an output named `folder/file`: the folder `dir/folder`, made (and added to `made`) when
/// missing; an error when something else than a folder has its name (a link is not followed).
fn subfolder(dir: &Path, name: &str, made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let Some((folder, _)) = name.split_once('/') else {
        return Ok(());
    };
    let path = dir.join(folder);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_dir() => Ok(()),
        Ok(_) => Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("`{folder}` in the output folder is not a folder"),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir(&path)?;
            made.push(path);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// The last part of `path`, as a string (chapbook's temporary names are ASCII).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// For the kill tests (`tests/hostile/kill.rs`): with `CHAPBOOK_ABORT_AFTER_RENAMES=N` in
/// the environment the process aborts right after the N-th output is renamed into place, as
/// a `kill -9` at that moment would end it (nothing is cleaned up), which no timing can hit
/// reliably.
fn abort_for_tests(renamed: usize) {
    let wanted = std::env::var("CHAPBOOK_ABORT_AFTER_RENAMES")
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    if wanted == Some(renamed) {
        std::process::abort();
    }
}

/// The system's error without the temporary file's path that `tempfile` adds to it (the
/// message names the output instead).
fn plain(e: std::io::Error) -> std::io::Error {
    let mut code = e.raw_os_error();
    let mut inner: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|i| i as _);
    while code.is_none()
        && let Some(err) = inner
    {
        code = err
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error);
        inner = err.source();
    }
    match code {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None if e.get_ref().is_some() => std::io::Error::from(e.kind()),
        None => e,
    }
}

/// `bytes` in a new temporary file in `dir`, synced, readable by all (temporary files are
/// private, 0600; an output is an ordinary file).
fn write_part(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".chapbook-")
        .suffix(".part")
        .tempfile_in(dir)?;
    // Through the file itself: `tempfile`'s own writer puts the temporary path in errors.
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(temp)
}

/// A hidden hard link to the regular file at `target` (a copy where links are not possible),
/// removed when dropped; `None` when there is no such file.
fn backup(dir: &Path, target: &Path) -> std::io::Result<Option<tempfile::TempPath>> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_file() => {}
        _ => return Ok(None),
    }
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix(".chapbook-").suffix(".old");
        b
    };
    let link = builder
        .make_in(dir, |path| std::fs::hard_link(target, path))
        .or_else(|_| {
            builder.make_in(dir, |path| {
                std::fs::copy(target, path)?;
                Ok(())
            })
        })?;
    Ok(Some(link.into_temp_path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "<dir>".into());
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn all_files_are_written_with_the_hashes_of_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.epub"), "old a").unwrap();
        let written =
            write_together(dir.path(), &files(&[("a.epub", "A"), ("a.pdf", "P")])).unwrap();
        assert_eq!(
            listing(dir.path()),
            [("a.epub".into(), "A".into()), ("a.pdf".into(), "P".into())],
            "no temporary file or copy is left"
        );
        assert_eq!(written[1].path, dir.path().join("a.pdf"));
        assert_eq!(written[1].bytes, 1);
        assert_eq!(written[1].sha256, <[u8; 32]>::from(Sha256::digest(b"P")));
    }

    #[test]
    fn staged_outputs_are_renamed_with_the_others_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage(dir.path(), b"H").unwrap();
        let files = vec![
            ("a.pdf".to_string(), Output::Bytes(b"P".to_vec())),
            ("handouts/e.pdf".to_string(), Output::Staged(staged)),
        ];
        let written = write_outputs(dir.path(), files).unwrap();
        assert_eq!(written[1].path, dir.path().join("handouts/e.pdf"));
        assert_eq!(written[1].sha256, <[u8; 32]>::from(Sha256::digest(b"H")));
        assert_eq!(
            listing(dir.path()),
            [
                ("a.pdf".into(), "P".into()),
                ("handouts".into(), "<dir>".into())
            ]
        );
        assert_eq!(
            listing(&dir.path().join("handouts")),
            [("e.pdf".into(), "H".into())]
        );
        // A file staged elsewhere is refused, and nothing is written; one not used is removed.
        let elsewhere = tempfile::tempdir().unwrap();
        let stray = stage(elsewhere.path(), b"X").unwrap();
        let files = vec![
            ("b.pdf".to_string(), Output::Bytes(b"B".to_vec())),
            ("c.pdf".to_string(), Output::Staged(stray)),
        ];
        write_outputs(dir.path(), files).unwrap_err();
        assert_eq!(listing(elsewhere.path()), []);
        assert_eq!(listing(dir.path()).len(), 2, "{:?}", listing(dir.path()));
    }

    #[test]
    fn a_failed_rename_puts_back_what_was_renamed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.epub"), "old a").unwrap();
        // The second output's name is taken by a folder with a file in it.
        std::fs::create_dir(dir.path().join("a.pdf")).unwrap();
        std::fs::write(dir.path().join("a.pdf/x"), "x").unwrap();
        let before = listing(dir.path());
        let failure = write_together(
            dir.path(),
            &files(&[("a.epub", "A"), ("a.pdf", "P"), ("c.txt", "C")]),
        )
        .unwrap_err();
        assert_eq!(failure.target, dir.path().join("a.pdf"));
        assert!(failure.not_restored.is_empty());
        assert_eq!(listing(dir.path()), before);
        // An output that was new is removed again.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b.pdf")).unwrap();
        write_together(dir.path(), &files(&[("b.epub", "B"), ("b.pdf", "P")])).unwrap_err();
        assert_eq!(listing(dir.path()), [("b.pdf".into(), "<dir>".into())]);
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let (first, locked) = lock_output(dir.path(), &|| panic!("nothing to wait for")).unwrap();
        assert!(locked);
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let second = s.spawn(|| {
                lock_output(dir.path(), &|| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .unwrap()
            });
            // The second one reports that it waits, then gets the lock once the first goes.
            while !waited.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::yield_now();
            }
            assert!(!second.is_finished());
            drop(first);
            second.join().unwrap();
        });
    }

    #[test]
    fn a_lock_file_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(elsewhere.path().join("x"), dir.path().join(LOCK_FILE))
                .unwrap();
            assert!(matches!(
                lock_output(dir.path(), &|| {}),
                Err(LockError::NotAFile)
            ));
            assert!(!elsewhere.path().join("x").exists());
        }
    }
}
