//! The outputs of a build switch as one: a build killed between two renames (a power cut, a
//! `kill -9`) leaves a journal in the output folder, and whoever locks the folder next
//! finishes the switch (or, when it cannot, puts the old outputs back) before anything else.
//!
//! [`write_together`](super::write_together) writes every output to a temporary file and
//! syncs it, links the outputs it replaces to hidden copies, and only then writes the journal
//! ([`JOURNAL_FILE`]: each output's name, its temporary file, its old copy and the SHA-256 of
//! its new bytes), itself through a temporary file renamed into place, so it is there whole or
//! not at all. Then it renames the outputs into place, and removes the journal and the copies.
//! Killed before the journal is in place, the folder holds the old outputs (and temporary
//! files nobody reads); killed after, [`settle`] completes it:
//!
//! - forward, when every output is either still in its temporary file or already in place
//!   with the new bytes (always, unless something else removed a temporary file): the rest
//!   are renamed;
//! - else back: each output the journal names is put back from its old copy, or removed if it
//!   was new.
//!
//! The journal is read as data an attacker may have written: it may only name plain file
//! names in the folder (no separator, no `..`) or in one real folder inside it
//! (`handouts/a.pdf`, never through a link), temporary files and copies only with chapbook's
//! own prefix, and never the lock or the journal itself.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

/// The journal of a switch under way, in the output folder.
pub const JOURNAL_FILE: &str = ".chapbook-switch.json";

/// The prefix of chapbook's temporary files and old copies in an output folder.
pub(super) const TEMP_PREFIX: &str = ".chapbook-";

/// A journal is a few hundred bytes; anything much larger is not one of ours.
const MAX_JOURNAL: u64 = 1 << 20;

/// The renames a build is making.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    pub(super) files: Vec<Pending>,
}

/// One output to rename into place.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Pending {
    /// The output's file name.
    pub(super) target: String,
    /// The temporary file that holds its new bytes.
    pub(super) part: String,
    /// The hidden copy of the output it replaces, if there was one.
    pub(super) old: Option<String>,
    /// The SHA-256 of the new bytes, in hex.
    pub(super) sha256: String,
}

/// What [`settle`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// There was no switch to finish.
    Nothing,
    /// An interrupted switch was finished: every output is the new one.
    Completed,
    /// An interrupted switch could not be finished: every output is the old one again.
    RolledBack,
}

/// Writes `journal` into `dir`, whole or not at all, and syncs it and the folder.
pub(super) fn write(dir: &Path, journal: &Journal) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(journal).map_err(std::io::Error::other)?;
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".part")
        .tempfile_in(dir)?;
    temp.as_file_mut().write_all(&text)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(JOURNAL_FILE)).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Removes the journal of a finished switch (and syncs the folder).
pub(super) fn remove(dir: &Path) -> std::io::Result<()> {
    std::fs::remove_file(dir.join(JOURNAL_FILE))?;
    sync_dir(dir)
}

/// Makes the renames and removals in `dir` durable (a no-op where folders cannot be opened).
pub(super) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A digest in hex.
pub(super) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finishes the switch an interrupted build left in `dir` (see the module's comment), if any.
/// The caller holds the folder's lock.
pub fn settle(dir: &Path) -> std::io::Result<Settled> {
    let path = dir.join(JOURNAL_FILE);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settled::Nothing),
        Err(e) => return Err(e),
    };
    if !meta.file_type().is_file() || meta.len() > MAX_JOURNAL {
        return Err(invalid("it is not a file chapbook wrote"));
    }
    let mut text = Vec::new();
    std::fs::File::open(&path)?
        .take(MAX_JOURNAL)
        .read_to_end(&mut text)?;
    let journal: Journal =
        serde_json::from_slice(&text).map_err(|e| invalid(&format!("it cannot be read ({e})")))?;
    for pending in &journal.files {
        check_names(pending)?;
        // An output in a folder of the output folder: that folder must be a real one.
        if let Some((folder, _)) = pending.target.split_once('/')
            && !std::fs::symlink_metadata(dir.join(folder)).is_ok_and(|m| m.file_type().is_dir())
        {
            return Err(invalid(&format!(
                "it names `{}`, and `{folder}` is not a folder of the output folder",
                pending.target
            )));
        }
    }
    let file = |name: &str| {
        std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_file())
    };
    let is_new = |pending: &Pending| {
        file(&pending.target)
            && std::fs::read(dir.join(&pending.target))
                .is_ok_and(|bytes| hex(&Sha256::digest(&bytes)) == pending.sha256)
    };
    let forward = journal.files.iter().all(|p| file(&p.part) || is_new(p));
    for pending in &journal.files {
        let target = dir.join(&pending.target);
        if forward {
            if file(&pending.part) {
                std::fs::rename(dir.join(&pending.part), &target)?;
            }
        } else {
            match &pending.old {
                Some(old) if file(old) => std::fs::rename(dir.join(old), &target)?,
                _ if is_new(pending) => std::fs::remove_file(&target)?,
                _ => {}
            }
            if file(&pending.part) {
                std::fs::remove_file(dir.join(&pending.part))?;
            }
        }
    }
    sync_dir(dir)?;
    for old in journal.files.iter().filter_map(|p| p.old.as_deref()) {
        if file(old) {
            std::fs::remove_file(dir.join(old))?;
        }
    }
    remove(dir)?;
    Ok(if forward {
        Settled::Completed
    } else {
        Settled::RolledBack
    })
}

fn invalid(why: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("the journal of an interrupted build, {JOURNAL_FILE}, is not usable: {why}"),
    )
}

/// Only plain names of files in the folder: outputs, and chapbook's own temporary files and
/// copies; never the lock or the journal.
fn check_names(pending: &Pending) -> std::io::Result<()> {
    let plain = |name: &str| {
        !name.is_empty()
            && name != "."
            && name != ".."
            && !name.contains(['/', '\\', '\0'])
            && name != JOURNAL_FILE
            && name != super::LOCK_FILE
    };
    let ours = |name: &str| plain(name) && name.starts_with(TEMP_PREFIX);
    // An output's name, or one folder and a name in it.
    let output = |name: &str| match name.split_once('/') {
        Some((folder, file)) => plain(folder) && !folder.starts_with(TEMP_PREFIX) && plain(file),
        None => plain(name),
    };
    let ok = output(&pending.target)
        && ours(&pending.part)
        && pending.old.as_deref().is_none_or(ours)
        && pending.sha256.len() == 64;
    if ok {
        Ok(())
    } else {
        Err(invalid(&format!(
            "it names `{}`, which is not a file of the output folder",
            pending.target
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name)).ok()
    }

    fn pending(target: &str, new: &str, old: Option<&str>) -> Pending {
        Pending {
            target: target.into(),
            part: format!(".chapbook-{target}.part"),
            old: old.map(|_| format!(".chapbook-{target}.old")),
            sha256: hex(&Sha256::digest(new.as_bytes())),
        }
    }

    /// The folder as a build killed after its first rename leaves it: `a.epub` new (its old
    /// copy beside it), `a.pdf` old with the new one in its temporary file, `b.txt` new.
    fn half_switched(dir: &Path) -> Journal {
        put(dir, "a.epub", "new epub");
        put(dir, ".chapbook-a.epub.old", "old epub");
        put(dir, "a.pdf", "old pdf");
        put(dir, ".chapbook-a.pdf.old", "old pdf");
        put(dir, ".chapbook-a.pdf.part", "new pdf");
        put(dir, ".chapbook-b.txt.part", "new b");
        let journal = Journal {
            files: vec![
                pending("a.epub", "new epub", Some("old epub")),
                pending("a.pdf", "new pdf", Some("old pdf")),
                pending("b.txt", "new b", None),
            ],
        };
        write(dir, &journal).unwrap();
        journal
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_interrupted_switch_is_finished() {
        let dir = tempfile::tempdir().unwrap();
        half_switched(dir.path());
        assert_eq!(settle(dir.path()).unwrap(), Settled::Completed);
        assert_eq!(read(dir.path(), "a.epub").as_deref(), Some("new epub"));
        assert_eq!(read(dir.path(), "a.pdf").as_deref(), Some("new pdf"));
        assert_eq!(read(dir.path(), "b.txt").as_deref(), Some("new b"));
        assert_eq!(listing(dir.path()), ["a.epub", "a.pdf", "b.txt"]);
        assert_eq!(settle(dir.path()).unwrap(), Settled::Nothing);
    }

    #[test]
    fn a_switch_into_a_folder_of_the_output_folder_is_finished() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("handouts")).unwrap();
        put(dir.path(), ".chapbook-handouts-a.pdf.part", "new a");
        write(
            dir.path(),
            &Journal {
                files: vec![Pending {
                    target: "handouts/a.pdf".into(),
                    part: ".chapbook-handouts-a.pdf.part".into(),
                    old: None,
                    sha256: hex(&Sha256::digest(b"new a")),
                }],
            },
        )
        .unwrap();
        assert_eq!(settle(dir.path()).unwrap(), Settled::Completed);
        assert_eq!(read(dir.path(), "handouts/a.pdf").as_deref(), Some("new a"));
        assert_eq!(listing(dir.path()), ["handouts"]);
    }

    #[test]
    fn a_switch_that_cannot_be_finished_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        half_switched(dir.path());
        // Something removed a temporary file: the PDF's new bytes are gone.
        std::fs::remove_file(dir.path().join(".chapbook-a.pdf.part")).unwrap();
        assert_eq!(settle(dir.path()).unwrap(), Settled::RolledBack);
        assert_eq!(read(dir.path(), "a.epub").as_deref(), Some("old epub"));
        assert_eq!(read(dir.path(), "a.pdf").as_deref(), Some("old pdf"));
        assert_eq!(listing(dir.path()), ["a.epub", "a.pdf"], "b.txt was new");
    }

    #[test]
    fn a_journal_naming_files_outside_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        put(outside.path(), "victim", "keep me");
        put(dir.path(), ".chapbook-x.part", "evil");
        let target = outside.path().join("victim").to_string_lossy().into_owned();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        for (target, part) in [
            (target.as_str(), ".chapbook-x.part"),
            ("../victim", ".chapbook-x.part"),
            ("a.pdf", "../.chapbook-x.part"),
            ("a.pdf", "a.epub"),
            (LOCK_FILE_NAME, ".chapbook-x.part"),
            ("handouts/../victim", ".chapbook-x.part"),
            ("handouts/a/b.pdf", ".chapbook-x.part"),
            (".chapbook-x/a.pdf", ".chapbook-x.part"),
            // `out` is a link to the folder outside: never renamed through.
            ("out/victim", ".chapbook-x.part"),
        ] {
            let journal = Journal {
                files: vec![Pending {
                    target: target.into(),
                    part: part.into(),
                    old: None,
                    sha256: hex(&Sha256::digest(b"evil")),
                }],
            };
            write(dir.path(), &journal).unwrap();
            let e = settle(dir.path()).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidData, "{target} {part}");
            assert!(e.to_string().contains(JOURNAL_FILE), "{e}");
        }
        assert_eq!(read(outside.path(), "victim").as_deref(), Some("keep me"));
        assert_eq!(
            read(dir.path(), ".chapbook-x.part").as_deref(),
            Some("evil")
        );
    }

    const LOCK_FILE_NAME: &str = super::super::LOCK_FILE;
}
