//! Issue #14: import and build never leave the book folder and never hang on a special file.
//! Every case runs the real binary on a folder set up as an attacker (or `tar x` as root)
//! would leave it, and checks what it said, that it finished, and what it wrote (or not).

use crate::common::cli::{book, write};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary; a run still going after two minutes is killed, and the test fails saying
/// it blocked (a FIFO opened for reading waits for a writer for ever).
fn run(args: &[&str]) -> Output {
    let mut child = Command::new(crate::common::bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("chapbook {args:?} blocked");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
}

fn build(book: &Path, out: &Path) -> Output {
    run(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "epub",
    ])
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return out;
    };
    for item in read.flatten() {
        if item.file_type().unwrap().is_dir() {
            out.extend(files_in(&item.path()));
        } else {
            out.push(item.path());
        }
    }
    out
}

/// A FIFO named like an entry, a comment file, an author page, an image, the cover, the
/// stylesheet and a font: one run, one error naming each, no hang, nothing written.
#[test]
fn special_files_are_refused_by_type_without_blocking() {
    let dir = book();
    let root = dir.path();
    write(
        root,
        "book.toml",
        b"title = \"Test Book\"\nlanguage = \"en\"\ndate = 2026-01-01\ncover = \"images/cover.png\"\n\n[epub]\ncss = \"extra.css\"\n",
    );
    write(
        root,
        "entries/pictures.md",
        b"+++\ntitle = \"Pictures\"\ndate = 2026-01-03\n+++\n![A picture](../images/photo.png)\n",
    );
    for fifo in [
        "entries/stuck.md",
        "entries/fine.comments.toml",
        "images/photo.png",
        "images/cover.png",
        "extra.css",
    ] {
        mkfifo(&root.join(fifo));
    }
    let out = tempfile::tempdir().unwrap();
    let output = build(root, out.path());
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    for fifo in [
        "entries/stuck.md",
        "entries/fine.comments.toml",
        "images/photo.png",
        "images/cover.png",
        "extra.css",
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(fifo) || l.contains(fifo.rsplit('/').next().unwrap())),
            "no error names {fifo}:\n{err}"
        );
    }
    assert!(
        err.contains("FIFO (named pipe), not a regular file"),
        "{err}"
    );
    assert!(
        files_in(out.path()).is_empty(),
        "a failed build wrote {:?}",
        files_in(out.path())
    );
}

/// A character device linked into the book (as a crafted archive would): refused, not read
/// without limit.
#[test]
fn a_device_is_never_read() {
    let dir = book();
    let root = dir.path();
    std::fs::create_dir_all(root.join("images")).unwrap();
    symlink("/dev/zero", root.join("images/zero.png")).unwrap();
    write(
        root,
        "entries/zero.md",
        b"+++\ntitle = \"Zero\"\ndate = 2026-01-03\n+++\n![Zero](../images/zero.png)\n",
    );
    let out = tempfile::tempdir().unwrap();
    let output = build(root, out.path());
    let err = stderr(&output);
    assert!(!output.status.success());
    assert!(err.contains("images/zero.png"), "{err}");
    assert!(err.contains("outside the book folder"), "{err}");
}

/// A character device in the book folder itself, as `tar x` restores one for root (made with
/// `mknod` when the test runs as root; skipped with a note otherwise): refused by type, never
/// read, nothing written.
#[test]
fn a_character_device_in_the_book_is_refused_by_type() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mknod needs root (the link to /dev/zero is tested above)");
        return;
    }
    let dir = book();
    let root = dir.path();
    std::fs::create_dir_all(root.join("images")).unwrap();
    let device = root.join("images/zero.png");
    let name = std::ffi::CString::new(device.as_os_str().as_encoded_bytes()).unwrap();
    // 1:5 is /dev/zero: endless zero bytes.
    let made = unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) };
    assert_eq!(made, 0, "mknod failed");
    write(
        root,
        "entries/zero.md",
        b"+++\ntitle = \"Zero\"\ndate = 2026-01-03\n+++\n![Zero](../images/zero.png)\n",
    );
    let out = tempfile::tempdir().unwrap();
    let output = build(root, out.path());
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert!(err.contains("images/zero.png"), "{err}");
    assert!(err.contains("character device"), "{err}");
    assert!(
        files_in(out.path()).is_empty(),
        "a failed build wrote {:?}",
        files_in(out.path())
    );
}

/// No file under `out` holds the private key's bytes.
fn assert_no_key(out: &Path) {
    for file in files_in(out) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(11).any(|w| w == b"BEGIN OPENS"),
            "{} holds the key",
            file.display()
        );
    }
}

/// A book beside a private key outside it, whose one entry shows `images/NAME`.
fn book_beside_a_key(secrets: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let secret = secrets.join("id_rsa");
    std::fs::write(&secret, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
    let dir = tempfile::tempdir_in(secrets).unwrap();
    let root = dir.path();
    write(root, "book.toml", crate::common::cli::BOOK.as_bytes());
    write(
        root,
        "authors/ann.md",
        crate::common::cli::AUTHOR.as_bytes(),
    );
    write(
        root,
        "entries/fine.md",
        format!("+++\ntitle = \"Fine\"\ndate = 2026-01-02\n+++\n![Key](../images/{name})\n")
            .as_bytes(),
    );
    std::fs::create_dir_all(root.join("images")).unwrap();
    (dir, secret)
}

/// An SVG that is a link to a private file outside: the build fails naming it, and no output
/// carries its bytes.
#[test]
fn a_link_to_an_outside_file_never_reaches_the_epub() {
    let secrets = tempfile::tempdir().unwrap();
    let (dir, secret) = book_beside_a_key(secrets.path(), "key.svg");
    symlink(&secret, dir.path().join("images/key.svg")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = build(dir.path(), out.path());
    let err = stderr(&output);
    assert_no_key(out.path());
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains("images/key.svg") && err.contains("outside the book folder"),
        "{err}"
    );
}

/// A picture that is a hard link to a private file outside (a second name of the same file,
/// which no path check sees; here a PNG that carries the key after its end, as any private
/// scan would carry its own bytes): the build fails naming it, and no output carries its bytes.
#[test]
fn a_hard_link_to_an_outside_file_never_reaches_the_epub() {
    let secrets = tempfile::tempdir().unwrap();
    let (dir, _) = book_beside_a_key(secrets.path(), "hard.png");
    let mut scan = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/real-world/images/lighthouse-right.png"),
    )
    .unwrap();
    scan.extend_from_slice(b"-----BEGIN OPENSSH PRIVATE KEY-----\n");
    let private = secrets.path().join("scan.png");
    std::fs::write(&private, &scan).unwrap();
    std::fs::hard_link(&private, dir.path().join("images/hard.png")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = build(dir.path(), out.path());
    let err = stderr(&output);
    assert_no_key(out.path());
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains("images/hard.png") && err.contains("hard link"),
        "{err}"
    );
}

const EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Notes</title>
  <link>https://blog.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://blog.example.org</wp:base_site_url>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <item>
    <title>A post</title>
    <dc:creator>ann</dc:creator>
    <content:encoded><![CDATA[Text.

<img src="https://blog.example.org/wp-content/uploads/2024/01/map.png" alt="A map" />]]></content:encoded>
    <wp:post_id>1</wp:post_id>
    <wp:post_date>2024-03-01 10:00:00</wp:post_date>
    <wp:post_name>a-post</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
"#;

/// An export with its uploads beside it, in a folder of its own.
fn export_with_upload() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "export.xml", EXPORT.as_bytes());
    let png = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/real-world/images/lighthouse-right.png"),
    )
    .unwrap();
    write(dir.path(), "wp-content/uploads/2024/01/map.png", &png);
    dir
}

fn import(export: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args)
}

#[test]
fn import_copies_a_regular_upload() {
    let source = export_with_upload();
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("book");
    let output = import(&source.path().join("export.xml"), &book, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(book.join("images/map.png").is_file());
}

/// An upload that is a link to a private file, or a hard link to one: import fails naming it
/// and writes nothing at all. A FIFO is no upload at all: the picture is reported missing (a
/// warning names it), and import does not wait on it.
#[test]
fn import_refuses_an_upload_that_is_a_symlink() {
    import_refuses_an_upload("symlink");
}

#[test]
fn import_refuses_an_upload_that_is_a_hard_link() {
    import_refuses_an_upload("hard link");
}

#[test]
fn import_never_waits_on_an_upload_that_is_a_fifo() {
    import_refuses_an_upload("fifo");
}

fn import_refuses_an_upload(kind: &str) {
    {
        let secrets = tempfile::tempdir().unwrap();
        let secret = secrets.path().join("shadow");
        std::fs::write(&secret, "root:$6$secret").unwrap();
        let source = tempfile::tempdir_in(secrets.path()).unwrap();
        write(source.path(), "export.xml", EXPORT.as_bytes());
        let upload = source.path().join("wp-content/uploads/2024/01/map.png");
        std::fs::create_dir_all(upload.parent().unwrap()).unwrap();
        match kind {
            "symlink" => symlink(&secret, &upload).unwrap(),
            "hard link" => std::fs::hard_link(&secret, &upload).unwrap(),
            _ => mkfifo(&upload),
        }
        let out = tempfile::tempdir().unwrap();
        let book = out.path().join("book");
        let output = import(&source.path().join("export.xml"), &book, &[]);
        let err = stderr(&output);
        for file in files_in(&book) {
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                !bytes.windows(9).any(|w| w == b"$6$secret"),
                "{kind}: {} holds the secret",
                file.display()
            );
        }
        assert!(err.contains("map.png"), "{kind}: {err}");
        if kind == "fifo" {
            assert!(output.status.success(), "{kind}: {err}");
            assert!(err.contains("not beside the export"), "{err}");
            assert!(!book.join("images/map.png").exists());
            return;
        }
        assert!(!output.status.success(), "{kind}: {err}");
        assert!(
            files_in(&book).is_empty(),
            "{kind}: wrote {:?}",
            files_in(&book)
        );
    }
}

/// An outside folder holding one precious file, and a check that it is as it was.
struct Outside {
    dir: tempfile::TempDir,
    before: Vec<PathBuf>,
}

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("victim"), "precious").unwrap();
        let before = files_in(dir.path());
        Outside { dir, before }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn assert_unchanged(&self) {
        assert_eq!(
            files_in(self.path()),
            self.before,
            "a file was written outside"
        );
        assert_eq!(
            std::fs::read(self.path().join("victim")).unwrap(),
            b"precious",
            "the outside file was overwritten"
        );
    }
}

/// A linked `entries/` folder: import refuses it, naming it, and writes nothing outside.
#[test]
fn import_never_writes_through_a_linked_entries_folder() {
    let source = export_with_upload();
    let outside = Outside::new();
    let book = tempfile::tempdir().unwrap();
    symlink(outside.path(), book.path().join("entries")).unwrap();
    let output = import(&source.path().join("export.xml"), book.path(), &[]);
    let err = stderr(&output);
    outside.assert_unchanged();
    assert!(!output.status.success(), "{err}");
    assert!(err.contains("entries"), "{err}");
}

/// A dangling link where the post is to be written: refused, naming the file and the link;
/// nothing is created where it points.
#[test]
fn import_never_writes_through_a_dangling_link() {
    let source = export_with_upload();
    let outside = Outside::new();
    let book = tempfile::tempdir().unwrap();
    std::fs::create_dir(book.path().join("entries")).unwrap();
    symlink(
        outside.path().join("new-file"),
        book.path().join("entries/a-post.md"),
    )
    .unwrap();
    let output = import(&source.path().join("export.xml"), book.path(), &[]);
    let err = stderr(&output);
    outside.assert_unchanged();
    assert!(!output.status.success(), "{err}");
    assert!(err.contains("a-post.md") && err.contains("link"), "{err}");
}

/// FNV-1a, 64 bits, as the record of what import wrote held it before 0.2 (and as it is still
/// honoured for files inside the folder): the hash an attacker forges from known bytes.
fn fnv1a(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A forged record of what import wrote (the outside file's hash, under a name that is a link
/// to it): import refuses to overwrite it, with or without `--force`.
#[test]
fn a_forged_import_record_never_lets_import_overwrite_an_outside_file() {
    let source = export_with_upload();
    let export = source.path().join("export.xml");
    let outside = Outside::new();
    let book = tempfile::tempdir().unwrap();
    std::fs::create_dir(book.path().join("entries")).unwrap();
    symlink(
        outside.path().join("victim"),
        book.path().join("entries/a-post.md"),
    )
    .unwrap();
    std::fs::write(
        book.path().join(".chapbook-import.toml"),
        format!(
            "[files]\n\"entries/a-post.md\" = \"{}\"\n",
            fnv1a(b"precious")
        ),
    )
    .unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let output = import(&export, book.path(), extra);
        let err = stderr(&output);
        outside.assert_unchanged();
        assert!(!output.status.success(), "{extra:?}: {err}");
        assert!(err.contains("a-post.md"), "{err}");
    }
}
