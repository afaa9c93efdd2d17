//! Issue #13: the WordPress theme-unit-test export imported with a local uploads folder that
//! holds a small picture for every image address it references (made here, of the name and
//! format each address asks for): the PDF holds as many pictures as the EPUB.

mod common;

use common::cli::chapbook;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A picture of our own for each format, copied under every name the export asks for.
fn template(ext: &str) -> Option<PathBuf> {
    let name = match ext {
        "png" => "lighthouse-right.png",
        "jpg" | "jpeg" => "sunset-left.jpg",
        "gif" => "spinner.gif",
        "webp" => "meadow.webp",
        "svg" => "flow.svg",
        _ => return None,
    };
    Some(repo().join("tests/fixtures/real-world/images").join(name))
}

/// Every image address in the export, as the path after its host.
fn image_paths(export: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = export;
    while let Some(at) = rest.find("://") {
        let tail = &rest[at + 3..];
        let end = tail
            .find(|c: char| c.is_whitespace() || "\"'<>?#]),".contains(c))
            .unwrap_or(tail.len());
        let address = &tail[..end];
        rest = &tail[end..];
        let Some((_, path)) = address.split_once('/') else {
            continue;
        };
        let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if template(&ext).is_some() && !out.iter().any(|p| p == path) {
            out.push(path.to_string());
        }
    }
    out
}

fn run(args: &[&str]) -> String {
    let output = chapbook(args);
    assert!(
        output.status.success(),
        "chapbook {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `<img>` references in the EPUB's documents, all and those to raster files.
fn epub_images(epub: &Path) -> (usize, usize) {
    let mut book = Epub::open(epub);
    let (mut all, mut rasters) = (0, 0);
    for (name, text) in book.xhtml() {
        let doc = parse_xml(&name, &text);
        for img in doc.descendants().filter(|n| n.has_tag_name("img")) {
            let src = img.attribute("src").unwrap_or_default();
            // The generated cover is chapbook's own drawing, not a picture of the blog.
            if src.contains("generated-cover") {
                continue;
            }
            all += 1;
            if !src.ends_with(".svg") {
                rasters += 1;
            }
        }
    }
    (all, rasters)
}

#[test]
fn theme_unit_test_pictures_all_reach_the_pdf() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; the theme unit test pictures were not counted");
        return;
    };
    let export = shared.join("corpora/wordpress/themeunittestdata.wordpress.xml");
    let text = std::fs::read_to_string(&export).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("export");
    let paths = image_paths(&text);
    assert!(paths.len() > 20, "{paths:?}");
    for path in &paths {
        let ext = path.rsplit('.').next().unwrap().to_ascii_lowercase();
        let target = source.join("uploads").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(template(&ext).unwrap(), &target).unwrap();
    }
    std::fs::copy(&export, source.join("export.xml")).unwrap();
    let book = dir.path().join("book");
    run(&[
        "import",
        "wordpress",
        source.join("export.xml").to_str().unwrap(),
        "--out",
        book.to_str().unwrap(),
    ]);
    let out = dir.path().join("out");
    run(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let find = |ext: &str| {
        std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    let (epub, pdf) = (find("epub"), find("pdf"));
    let (all, rasters) = epub_images(&epub);
    let listed = match Command::new("pdfimages").arg("-list").arg(&pdf).output() {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(e) => {
            assert!(!strict(), "pdfimages is required (CHAPBOOK_STRICT=1): {e}");
            return;
        }
    };
    let in_pdf = listed
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    eprintln!(
        "theme unit test: {all} pictures in the EPUB ({rasters} raster), {in_pdf} in the PDF"
    );
    assert!(rasters > 100, "the import kept too few pictures: {rasters}");
    assert_eq!(in_pdf, rasters, "pictures in the PDF vs the EPUB");
    if let Ok(out) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("[] []"), "a gallery printed as [] [] []");
    }
}
