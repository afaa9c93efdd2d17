//! Helpers shared by the integration tests: build a book, open the EPUB, validate it.
#![allow(dead_code)]

pub mod bbox;
pub mod checkers;
pub mod cli;
pub mod reading;
pub mod udhr;

use chapbook::build::{BuildOptions, Format, build};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `chapbook` binary the tests run: `CHAPBOOK_BIN` when it is set (to run the same tests
/// against another build, such as an older commit's, to show which of them fail there), else
/// the one Cargo built for this test run.
pub fn bin() -> PathBuf {
    match std::env::var_os("CHAPBOOK_BIN") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_chapbook")),
    }
}

/// The fixture books (`tests/fixtures/*/book.toml`), in name order.
pub fn fixture_dirs() -> Vec<PathBuf> {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    fixtures.sort();
    fixtures
}

/// Copies the folder `from` to `to` (made if missing), files and folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `../shared` beside the repository, when it exists.
pub fn shared() -> Option<PathBuf> {
    let path = repo().join("../shared");
    path.is_dir().then_some(path)
}

/// True when CI asked for every external check to run (`CHAPBOOK_STRICT=1`).
pub fn strict() -> bool {
    std::env::var("CHAPBOOK_STRICT").is_ok_and(|v| v == "1")
}

/// Builds `book_dir` in `formats` into a fresh temporary folder, which lives as long as the
/// folder returned with the outcome.
pub fn build_to(
    book_dir: &Path,
    formats: &[Format],
) -> (chapbook::BuildOutcome, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: book_dir.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: formats.to_vec(),
    });
    (outcome, out)
}

/// Builds `book_dir` to EPUB in a fresh temporary folder; panics with the diagnostics on error.
pub fn build_epub(book_dir: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: book_dir.to_path_buf(),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Epub],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        !outcome.failed(),
        "build of {} failed:\n{}",
        book_dir.display(),
        messages.join("\n")
    );
    assert_eq!(outcome.outputs.len(), 1);
    let path = outcome.outputs[0].clone();
    (out, path)
}

/// An opened EPUB.
pub struct Epub {
    pub archive: zip::ZipArchive<std::fs::File>,
}

impl Epub {
    pub fn open(path: &Path) -> Epub {
        Epub {
            archive: zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap(),
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect()
    }

    pub fn text(&mut self, name: &str) -> String {
        let mut file = self
            .archive
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} missing from the EPUB"));
        let mut s = String::new();
        file.read_to_string(&mut s).unwrap();
        s
    }

    /// The bytes of one file of the package.
    pub fn bytes(&mut self, name: &str) -> Vec<u8> {
        let mut file = self
            .archive
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} missing from the EPUB"));
        let mut out = Vec::new();
        file.read_to_end(&mut out).unwrap();
        out
    }

    /// Every XHTML document, by path.
    pub fn xhtml(&mut self) -> Vec<(String, String)> {
        let names: Vec<String> = self
            .names()
            .into_iter()
            .filter(|n| n.ends_with(".xhtml"))
            .collect();
        names
            .into_iter()
            .map(|n| {
                let t = self.text(&n);
                (n, t)
            })
            .collect()
    }
}

/// Where the EPUBCheck jar is: `EPUBCHECK_JAR`, else the copy `.ci/run` installs.
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(jar) = std::env::var("EPUBCHECK_JAR") {
        return Some(PathBuf::from(jar));
    }
    let home = std::env::var("HOME").ok()?;
    let venv = Path::new(&home).join(".cache/chapbook-tools/epubcheck-venv/lib");
    let python = std::fs::read_dir(&venv).ok()?.flatten().next()?.path();
    let jar = python.join("site-packages/epubcheck/epubcheck.jar");
    jar.is_file().then_some(jar)
}

/// Runs EPUBCheck and asserts 0 fatals, 0 errors, 0 warnings. Without EPUBCheck the check
/// fails under `CHAPBOOK_STRICT=1` and is reported loudly otherwise.
pub fn assert_epubcheck_clean(epub: &Path) {
    let Some(jar) = epubcheck_jar() else {
        assert!(
            !strict(),
            "EPUBCheck is required (CHAPBOOK_STRICT=1) but was not found; run .ci/run or set EPUBCHECK_JAR"
        );
        eprintln!(
            "NOTE: EPUBCheck not found, {} not validated (set EPUBCHECK_JAR or run .ci/run)",
            epub.display()
        );
        return;
    };
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            assert!(!strict(), "java could not be started for EPUBCheck: {e}");
            eprintln!("NOTE: java not found, {} not validated", epub.display());
            return;
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck reports problems in {}:\n{text}",
        epub.display()
    );
}

/// Parses XML, panicking with the file name on error.
pub fn parse_xml<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
}

pub const XHTML: &str = "http://www.w3.org/1999/xhtml";
pub const OPS: &str = "http://www.idpf.org/2007/ops";
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
