//! Stamps: the hash of everything a book's outputs depend on, so an up-to-date book is skipped.

use super::*;

/// What the stamp file holds: the hash of the inputs and what the build gave.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Stamp {
    pub(super) input_sha256: String,
    pub(super) outputs: Vec<OutputReport>,
    pub(super) pages: Option<usize>,
    pub(super) words: Option<usize>,
    pub(super) warnings: Vec<DiagnosticReport>,
}

/// The stamp, when it matches `input` and every output it lists is on disk unchanged.
pub(super) fn up_to_date(job: &BookJob, stamp_path: &Path, input: &str) -> Option<Stamp> {
    let stamp: Stamp = serde_json::from_str(&std::fs::read_to_string(stamp_path).ok()?).ok()?;
    // The formats are part of the input hash; an imposed PDF is one more output.
    if stamp.input_sha256 != input || stamp.outputs.is_empty() {
        return None;
    }
    for output in &stamp.outputs {
        // `OUT/a.pdf` or `OUT/handouts/a.pdf`, relative to the manifest.
        let inside = (output.file.strip_prefix(job.out.as_str()))
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(output.file.rsplit('/').next()?);
        if inside
            .split('/')
            .any(|part| part == ".." || part.is_empty())
        {
            return None;
        }
        let on_disk = job.out_dir.join(inside);
        let bytes = crate::files::read_file(&on_disk, u64::MAX).ok()?;
        if hex(&Sha256::digest(&bytes)) != output.sha256 {
            return None;
        }
    }
    Some(stamp)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// [`toolchain_hash`], once per process (a child of a batch is given its parent's).
static TOOLCHAIN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Uses `hash` as [`toolchain_hash`] (which it is, computed by the parent of this child
/// process), sparing each child the hashing of the bundled fonts.
pub(super) fn set_toolchain_hash(hash: Vec<u8>) {
    let _ = TOOLCHAIN.set(hash);
}

/// What every build depends on besides the book: chapbook's version, its bundled fonts,
/// styles and locale table, and `SOURCE_DATE_EPOCH`.
pub(super) fn toolchain_hash() -> &'static [u8] {
    TOOLCHAIN.get_or_init(|| {
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
            include_str!("../locale/locales.toml"),
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
    for (rel, path, kind) in files {
        h.update(rel.as_bytes());
        h.update("\0");
        match kind {
            Kind::File => hash_file(&mut h, &path).ok()?,
            // The link itself: what it points to is hashed where it is, if in the book (the
            // build refuses links out of it).
            Kind::Link => {
                h.update("link\0");
                h.update(
                    std::fs::read_link(&path)
                        .ok()?
                        .as_os_str()
                        .as_encoded_bytes(),
                );
            }
            // Never read: a FIFO would block and a device never end (the build reports them).
            Kind::Special => h.update("special\0"),
        }
    }
    Some(hex(&h.finalize()))
}

/// The file's length and bytes into `h`, read in pieces.
fn hash_file(h: &mut Sha256, path: &Path) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    h.update(file.metadata()?.len().to_le_bytes());
    let mut buffer = vec![0; 1 << 16];
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(()),
            n => h.update(&buffer[..n]),
        }
    }
}

/// What an entry of the book folder is, for its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// A regular file: its bytes.
    File,
    /// A symbolic link: where it points.
    Link,
    /// A FIFO, a device or a socket: only that it is there.
    Special,
}

/// The entries under `dir` (hidden ones and the folder `skip` left out), by their path
/// relative to `root` with `/`; links are not followed.
pub(super) fn collect_files(
    root: &Path,
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<(String, PathBuf, Kind)>,
) -> std::io::Result<()> {
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        let path = item.path();
        if item.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = item.file_type()?;
        if kind.is_dir() {
            if skip.is_some_and(|s| path.canonicalize().is_ok_and(|p| p == s)) {
                continue;
            }
            collect_files(root, &path, skip, out)?;
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let kind = if kind.is_symlink() {
            Kind::Link
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Special
        };
        out.push((rel, path, kind));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(dir: &Path) -> BookJob {
        BookJob {
            name: "b".into(),
            path: "b".into(),
            book_dir: dir.to_path_buf(),
            out: "out/b".into(),
            out_dir: dir.join("../out/b"),
            formats: vec![Format::Epub],
            config: None,
        }
    }

    #[cfg(unix)]
    #[test]
    fn special_files_and_links_are_hashed_without_reading_them() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("b");
        std::fs::create_dir_all(dir.join("entries")).unwrap();
        std::fs::write(dir.join("book.toml"), "title = \"B\"\n").unwrap();
        let fifo = std::ffi::CString::new(dir.join("entries/a.md").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        std::os::unix::fs::symlink("/dev/zero", dir.join("entries/z.md")).unwrap();
        // A FIFO read would block and /dev/zero never end: in a thread, to fail rather than hang.
        let (tx, rx) = std::sync::mpsc::channel();
        let job = job(&dir);
        std::thread::spawn(move || tx.send(input_hash(&job)).unwrap());
        let first = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the hash reads no FIFO and no device");
        assert!(first.is_some());
        // The link is hashed by where it points.
        std::fs::remove_file(dir.join("entries/z.md")).unwrap();
        std::os::unix::fs::symlink("/dev/null", dir.join("entries/z.md")).unwrap();
        assert_ne!(input_hash(&self::job(&dir)), first);
    }
}
