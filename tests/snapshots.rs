//! Snapshot tests: for the sample book and every fixture under `tests/fixtures/`, the model
//! as loaded, the XHTML of the EPUB and a text dump of the laid-out pages, each compared with
//! the file of that name under `tests/snapshots/<case>/`. A change of output then shows in
//! review as a diff of readable text. `CHAPBOOK_BLESS=1 cargo test --test snapshots` writes
//! the files anew.

use chapbook::model::Book;
use std::io::Read;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample book and every fixture book, by name.
fn cases() -> Vec<(String, PathBuf)> {
    let mut cases = vec![("book".to_string(), repo().join("book"))];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    fixtures.sort();
    for f in fixtures {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        cases.push((name, f));
    }
    cases
}

/// Compares `actual` with the snapshot file, or writes it when blessing. Returns a
/// description of the difference, if any.
fn compare(case: &str, name: &str, actual: &str) -> Option<String> {
    let path = repo().join("tests/snapshots").join(case).join(name);
    if std::env::var_os("CHAPBOOK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "{}: no snapshot; run CHAPBOOK_BLESS=1 cargo test --test snapshots",
            path.display()
        ));
    };
    if expected == actual {
        return None;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!(
        "{}: differs from line {} ({} lines expected, {} now):\n",
        path.display(),
        first + 1,
        e.len(),
        a.len()
    );
    for line in e.iter().skip(first).take(6) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in a.iter().skip(first).take(6) {
        out.push_str(&format!("+ {line}\n"));
    }
    out.push_str("if the change is intended: CHAPBOOK_BLESS=1 cargo test --test snapshots\n");
    Some(out)
}

/// The model, without the bytes of images and fonts (their sizes stand in for them).
fn model_dump(book: &Book) -> String {
    let mut out = String::new();
    out.push_str(&format!("{:#?}\n", book.meta));
    for image in &book.images {
        out.push_str(&format!(
            "image {} {} {:?} {} bytes\n",
            image.path,
            image.media_type,
            image.pixels,
            image.data.len()
        ));
    }
    for font in &book.fonts {
        out.push_str(&format!("font {} {} bytes\n", font.name, font.data.len()));
    }
    out.push_str(&format!("cover: {:?}\n", book.cover));
    for entry in &book.entries {
        out.push_str(&format!("{entry:#?}\n"));
    }
    for author in &book.authors {
        out.push_str(&format!("{author:#?}\n"));
    }
    out
}

/// Every XHTML document of the EPUB, in package order, each after a line with its name.
fn xhtml_dump(epub: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        if !name.ends_with(".xhtml") {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.push_str(&format!("==> {name} <==\n{text}\n"));
    }
    out
}

fn check(case: &str, dir: &Path, problems: &mut Vec<String>) {
    let (book, diags) = chapbook::source::load(dir);
    let Some(book) = book else {
        problems.push(format!("{case}: does not load: {diags:?}"));
        return;
    };
    problems.extend(compare(case, "model.txt", &model_dump(&book)));
    problems.extend(compare(
        case,
        "xhtml.txt",
        &xhtml_dump(&chapbook::epub::write(&book)),
    ));
    let fonts = chapbook::typeset::font::FontBook::with_fallbacks(
        &book.fonts,
        &book.pdf_style.text.script_sizes,
    );
    let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
    problems.extend(compare(
        case,
        "pages.txt",
        &chapbook::typeset::dump::dump(&frames),
    ));
}

#[test]
fn model_xhtml_and_pages_match_their_snapshots() {
    let mut problems = Vec::new();
    for (case, dir) in cases() {
        check(&case, &dir, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
