//! The one door through which the build and import open and write files.
//!
//! Reading: only regular files (a FIFO, a device or a socket is refused by its type before it
//! is opened, and again on the open handle, which is opened non-blocking so that a FIFO put in
//! its place meanwhile cannot hang the build); never through a symbolic link that leads
//! outside the root; never a file with more than one name (a hard link, whose other name may be
//! anywhere on the disk); and never more than a limit, counted on the bytes actually read (the
//! length in the metadata is 0 for a character device).
//!
//! Writing: under a root, without following any link: every folder on the way is checked to be
//! a real folder (a symbolic link there is refused, not followed), the bytes go to a new
//! temporary file in the target's folder, and the temporary file is renamed over the target,
//! which replaces a name and never writes through it. [`stage`] and [`Staged::commit`] write
//! many files so that either all of them change or none does.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// Why a file was not read or written. [`FileError::reason`] says it in words for a
/// diagnostic, [`FileError::hint`] says what to do.
#[derive(Debug)]
pub enum FileError {
    /// No such file.
    NotFound,
    /// A FIFO, a device, a socket or a folder: `kind` names it.
    NotRegular { kind: &'static str },
    /// A symbolic link (or a `..`) that leads outside the root.
    Outside,
    /// A file with `names` names (hard links): its other names may be anywhere.
    HardLinked { names: u64 },
    /// More than `limit` bytes; `size` is the length the file system gives, when it gives one.
    TooLarge { limit: u64, size: Option<u64> },
    /// A symbolic link where a file or folder is to be written.
    LinkInTheWay { path: PathBuf },
    /// Anything else the system said.
    Io(std::io::Error),
}

impl FileError {
    /// The problem in words, to follow "cannot read the file: ".
    pub fn reason(&self) -> String {
        match self {
            FileError::NotFound => "no such file".into(),
            FileError::NotRegular { kind } => format!("it is {kind}, not a regular file"),
            FileError::Outside => "it is a link to a file outside the book folder".into(),
            FileError::HardLinked { names } => format!(
                "it is a hard link (the file has {names} names, and the others may be outside the book folder)"
            ),
            FileError::TooLarge { limit, size } => match size {
                Some(size) => format!(
                    "it is {} MB, more than the {} MB chapbook reads",
                    size.div_ceil(1_000_000),
                    limit / 1_000_000
                ),
                None => format!(
                    "it is larger than the {} MB chapbook reads",
                    limit / 1_000_000
                ),
            },
            FileError::LinkInTheWay { path } => format!(
                "{} is a symbolic link; chapbook writes no file through a link",
                path.display()
            ),
            FileError::Io(e) => e.to_string(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            FileError::NotFound => "check that the file exists and can be read",
            FileError::NotRegular { .. } => {
                "remove it or replace it with an ordinary file; chapbook reads only regular files"
            }
            FileError::Outside | FileError::HardLinked { .. } => {
                "copy the file into the folder instead of linking to it"
            }
            FileError::TooLarge { .. } => "make the file smaller, or split it",
            FileError::LinkInTheWay { .. } => {
                "remove the link (or choose another folder) and run the command again"
            }
            FileError::Io(_) => "check that the file and its folder can be read and written",
        }
    }
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            FileError::NotFound
        } else {
            FileError::Io(e)
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason())
    }
}

/// The largest text file chapbook reads (an entry, its responses, `book.toml`, a stylesheet,
/// an export): far above any real one, far below what would exhaust memory.
pub const MAX_TEXT_BYTES: u64 = 512 * 1024 * 1024;

/// The largest image chapbook reads.
pub const MAX_IMAGE_BYTES: u64 = 64_000_000;

/// The bytes of `relative` under `root`, read as the module's documentation says: a regular
/// file with one name, inside the root once its links are resolved, at most `limit` bytes.
pub fn read_inside(root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let full = root.join(relative);
    let real = full.canonicalize()?;
    let real_root = root.canonicalize()?;
    if !real.starts_with(&real_root) {
        return Err(FileError::Outside);
    }
    read_regular(&real, limit)
}

/// The bytes of a file named outright (an export the user gave, an installed font): a regular
/// file with one name, at most `limit` bytes; links are followed, as the user named the file.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    read_regular(&path.canonicalize()?, limit)
}

/// Whether `relative` under `root` is a regular file that [`read_inside`] would open.
pub fn is_readable_inside(root: &Path, relative: &Path) -> bool {
    let Ok(real) = root.join(relative).canonicalize() else {
        return false;
    };
    let Ok(real_root) = root.canonicalize() else {
        return false;
    };
    real.starts_with(real_root) && std::fs::metadata(&real).is_ok_and(|m| m.is_file())
}

fn read_regular(real: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    // By type before opening: opening a FIFO for reading blocks until a writer comes, and
    // opening a device can have effects of its own.
    check_regular(&std::fs::metadata(real)?)?;
    let file = open_for_reading(real)?;
    // Again on the handle: the name may have been replaced between the two.
    let meta = file.metadata()?;
    check_regular(&meta)?;
    let mut data = Vec::with_capacity(meta.len().min(limit) as usize);
    (&file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)?;
    if data.len() as u64 > limit {
        let size = Some(meta.len()).filter(|&n| n > limit);
        return Err(FileError::TooLarge { limit, size });
    }
    Ok(data)
}

fn check_regular(meta: &std::fs::Metadata) -> Result<(), FileError> {
    let kind = kind_of(&meta.file_type());
    if kind != "a regular file" {
        return Err(FileError::NotRegular { kind });
    }
    let names = names_of(meta);
    if names > 1 {
        return Err(FileError::HardLinked { names });
    }
    Ok(())
}

/// What a file is, in words.
pub fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a file"
    }
}

#[cfg(unix)]
fn names_of(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn names_of(_meta: &std::fs::Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
}

#[cfg(not(unix))]
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Opens (creating it if need be) a file to hold a lock on, such as an output folder's
/// `.chapbook.lock`: never through a link, never blocking on a FIFO put there, and only a
/// regular file.
pub fn open_lock_file(path: &Path) -> Result<File, FileError> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let file_type = meta.file_type();
        if file_type.is_symlink() {
            return Err(FileError::LinkInTheWay {
                path: path.to_path_buf(),
            });
        }
        if !file_type.is_file() {
            return Err(FileError::NotRegular {
                kind: kind_of(&file_type),
            });
        }
    }
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW on a link fails with ELOOP.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            FileError::LinkInTheWay {
                path: path.to_path_buf(),
            }
        } else {
            FileError::from(e)
        }
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            kind: kind_of(&meta.file_type()),
        });
    }
    Ok(file)
}

/// Files written to temporary names beside their targets, not yet in place.
#[derive(Debug, Default)]
pub struct Staged {
    parts: Vec<(tempfile::TempPath, PathBuf)>,
}

/// Writes each `(relative path, bytes)` under `root` to a temporary file beside its target,
/// creating the folders on the way (a link on the way, or at a target, is refused; nothing
/// is followed). Nothing is in place until [`Staged::commit`]; dropping the result removes the
/// temporary files.
pub fn stage<'a>(
    root: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Staged, FileError> {
    let mut staged = Staged::default();
    for (relative, bytes) in files {
        let target = target_inside(root, Path::new(relative))?;
        let dir = target.parent().unwrap_or(root);
        let mut temp = tempfile::Builder::new()
            .prefix(".chapbook-")
            .suffix(".part")
            .tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        // Temporary files are private (0600); what is written is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        staged.parts.push((temp.into_temp_path(), target));
    }
    Ok(staged)
}

impl Staged {
    /// Renames every temporary file over its target. A rename replaces the name; it never
    /// writes through a link that was put there meanwhile.
    pub fn commit(self) -> Result<(), FileError> {
        for (temp, target) in self.parts {
            temp.persist(&target).map_err(|e| FileError::Io(e.error))?;
        }
        Ok(())
    }
}

/// Writes one file under `root` as [`stage`] and [`Staged::commit`] do.
pub fn write_inside(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), FileError> {
    stage(root, [(relative, bytes)])?.commit()
}

/// The path to write `relative` at, under `root`: its folders created or checked to be real
/// folders, never links; the target itself not a link and not a folder.
fn target_inside(root: &Path, relative: &Path) -> Result<PathBuf, FileError> {
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(FileError::Outside);
    }
    std::fs::create_dir_all(root)?;
    let mut at = root.to_path_buf();
    let parts: Vec<_> = relative.components().collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(FileError::LinkInTheWay { path: at });
            }
            Ok(meta) if last => {
                if !meta.is_file() {
                    return Err(FileError::NotRegular {
                        kind: kind_of(&meta.file_type()),
                    });
                }
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(FileError::NotRegular {
                    kind: kind_of(&meta.file_type()),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !last => {
                std::fs::create_dir(&at)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FileError::Io(e)),
        }
    }
    Ok(at)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn mkfifo(path: &Path) {
        let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn reads_a_regular_file_inside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "text").unwrap();
        assert_eq!(
            read_inside(dir.path(), Path::new("a.md"), 10).unwrap(),
            b"text"
        );
    }

    #[test]
    fn refuses_a_fifo_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join("p.md"));
        let error = read_inside(dir.path(), Path::new("p.md"), 10).unwrap_err();
        assert_eq!(
            error.reason(),
            "it is a FIFO (named pipe), not a regular file"
        );
    }

    #[test]
    fn refuses_a_device_and_a_folder() {
        let error = read_file(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(
            error,
            FileError::NotRegular {
                kind: "a character device"
            }
        ));
        let dir = tempfile::tempdir().unwrap();
        let error = read_file(dir.path(), 10).unwrap_err();
        assert!(matches!(error, FileError::NotRegular { kind: "a folder" }));
    }

    #[test]
    fn refuses_links_that_lead_outside_and_keeps_those_inside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "key").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(outside.path().join("secret"), dir.path().join("a.svg")).unwrap();
        std::fs::write(dir.path().join("real.png"), "png").unwrap();
        symlink("real.png", dir.path().join("alias.png")).unwrap();
        assert!(matches!(
            read_inside(dir.path(), Path::new("a.svg"), 10),
            Err(FileError::Outside)
        ));
        assert!(matches!(
            read_inside(dir.path(), Path::new("../secret"), 10),
            Err(FileError::NotFound | FileError::Outside)
        ));
        assert_eq!(
            read_inside(dir.path(), Path::new("alias.png"), 10).unwrap(),
            b"png"
        );
    }

    #[test]
    fn refuses_a_hard_link() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "key").unwrap();
        let dir = tempfile::tempdir().unwrap();
        if std::fs::hard_link(outside.path().join("secret"), dir.path().join("a.png")).is_err() {
            // Two temporary folders on different file systems: no hard link can join them.
            std::fs::write(dir.path().join("b"), "x").unwrap();
            std::fs::hard_link(dir.path().join("b"), dir.path().join("a.png")).unwrap();
        }
        let error = read_inside(dir.path(), Path::new("a.png"), 10).unwrap_err();
        assert!(
            matches!(error, FileError::HardLinked { names: 2 }),
            "{error:?}"
        );
    }

    #[test]
    fn a_lock_file_is_never_a_link_or_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path().join("x"), dir.path().join("link.lock")).unwrap();
        assert!(matches!(
            open_lock_file(&dir.path().join("link.lock")),
            Err(FileError::LinkInTheWay { .. })
        ));
        assert!(!outside.path().join("x").exists());
        mkfifo(&dir.path().join("fifo.lock"));
        assert!(matches!(
            open_lock_file(&dir.path().join("fifo.lock")),
            Err(FileError::NotRegular { .. })
        ));
        assert!(open_lock_file(&dir.path().join("ok.lock")).is_ok());
    }

    #[test]
    fn stops_reading_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("big"), vec![b'x'; 11]).unwrap();
        assert!(matches!(
            read_inside(dir.path(), Path::new("big"), 10),
            Err(FileError::TooLarge {
                limit: 10,
                size: Some(11)
            })
        ));
        assert_eq!(
            read_inside(dir.path(), Path::new("big"), 11).unwrap().len(),
            11
        );
    }

    #[test]
    fn writes_never_follow_a_link() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        // A linked folder on the way.
        symlink(outside.path(), dir.path().join("entries")).unwrap();
        let error = write_inside(dir.path(), "entries/a.md", b"x").unwrap_err();
        assert!(matches!(error, FileError::LinkInTheWay { .. }), "{error:?}");
        // A dangling link at the target.
        std::fs::create_dir(dir.path().join("authors")).unwrap();
        symlink(outside.path().join("new"), dir.path().join("authors/a.md")).unwrap();
        let error = write_inside(dir.path(), "authors/a.md", b"x").unwrap_err();
        assert!(matches!(error, FileError::LinkInTheWay { .. }), "{error:?}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        // `..` is no way out either.
        assert!(matches!(
            write_inside(dir.path(), "../x", b"x"),
            Err(FileError::Outside)
        ));
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old").unwrap();
        let staged = stage(
            dir.path(),
            [
                ("a", b"new".as_slice()),
                ("images/b.png", b"png".as_slice()),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), b"old");
        assert!(!dir.path().join("images/b.png").exists());
        staged.commit().unwrap();
        assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), b"new");
        assert_eq!(
            std::fs::read(dir.path().join("images/b.png")).unwrap(),
            b"png"
        );
        let dropped = stage(dir.path(), [("c", b"c".as_slice())]).unwrap();
        drop(dropped);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
