//! Bad input, part two: every diagnostic in `src/` that `tests/diagnostics.rs` does not
//! trigger, plus the limits on hostile input (nesting, thread depth, image size) and the
//! files a book may read. Each test runs the real binary on a small book and checks the
//! message, the file and line, the hint, the exit status and that nothing was written.

use std::path::{Path, PathBuf};

mod common;

use common::cli::*;

fn entry(body: &str) -> String {
    format!("+++\ntitle = \"A\"\n+++\n{body}")
}

/// Builds the book (EPUB only unless `pdf`); returns (exit code, stderr, files written).
fn build_with(root: &Path, formats: &str) -> (i32, String, Vec<PathBuf>) {
    let out = root.join("out");
    let output = chapbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        formats,
    ]);
    // Every file but the output folder's lock (which a build that writes leaves there).
    let files = std::fs::read_dir(&out)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| !p.ends_with(chapbook::build::LOCK_FILE))
                .collect()
        })
        .unwrap_or_default();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        files,
    )
}

/// True when `stderr` has a `label` block with `message` at a location ending in `location`,
/// followed by a hint.
fn reported(stderr: &str, label: &str, location: &str, message: &str) -> bool {
    stderr.split("\n\n").any(|block| {
        block.starts_with(&format!("{label}: "))
            && block.contains(message)
            && block
                .lines()
                .any(|l| l.trim_start().starts_with("-->") && l.ends_with(location))
            && block.contains("= help: ")
    })
}

/// The build fails with exit 1, writes nothing, and reports `message` at `location`;
/// `chapbook check` fails too.
fn assert_error(root: &Path, location: &str, message: &str) {
    let (code, stderr, files) = build_with(root, "epub,pdf");
    assert_eq!(code, 1, "exit status\n{stderr}");
    assert!(files.is_empty(), "nothing may be written: {files:?}");
    assert!(
        reported(&stderr, "error", location, message),
        "expected error `{message}` at {location}, got:\n{stderr}"
    );
    let check = chapbook(&["check", root.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "check must fail too");
}

/// The EPUB builds (exit 0) and `message` is reported as a warning at `location`.
fn assert_warning(root: &Path, location: &str, message: &str) {
    let (code, stderr, files) = build_with(root, "epub");
    assert_eq!(code, 0, "exit status\n{stderr}");
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        reported(&stderr, "warning", location, message),
        "expected warning `{message}` at {location}, got:\n{stderr}"
    );
}

// --- The book folder and book.toml -------------------------------------------------------

#[test]
fn book_folder_that_does_not_exist() {
    let b = book();
    let missing = b.path().join("no-such-book");
    let output = chapbook(&["build", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: this book folder does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("chapbook init"), "{stderr}");
}

#[test]
fn empty_title() {
    let b = book();
    write(b.path(), "book.toml", b"title = \"  \"\n");
    assert_error(b.path(), "book.toml:1", "the book has no title");
}

#[test]
fn missing_title_in_book_toml() {
    let b = book();
    write(b.path(), "book.toml", b"language = \"en\"\n");
    assert_error(b.path(), "book.toml:1", "the book has no title");
}

#[test]
fn identifier_neither_isbn_nor_uri() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}identifier = \"my book\"\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:4",
        "identifier `my book` is neither an ISBN-13 nor a URI",
    );
}

#[test]
fn bad_book_date() {
    let b = book();
    write(b.path(), "book.toml", b"title = \"T\"\n\ndate = \"soon\"\n");
    assert_error(b.path(), "book.toml:3", "`soon` is not a date");
}

#[test]
fn no_entries_folder() {
    let b = book();
    std::fs::remove_dir_all(b.path().join("entries")).unwrap();
    assert_error(b.path(), "entries", "the book has no entries/ folder");
}

#[test]
fn entries_folder_without_entries() {
    let b = book();
    std::fs::remove_file(b.path().join("entries/fine.md")).unwrap();
    assert_error(b.path(), "entries", "the entries/ folder has no .md files");
}

#[test]
fn entry_listed_twice() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}entries = [\n  \"fine.md\",\n  \"fine.md\",\n]\n").as_bytes(),
    );
    assert_error(b.path(), "book.toml:6", "entries lists `fine.md` twice");
}

#[test]
fn entry_not_in_the_list_is_a_warning() {
    let b = book();
    write(b.path(), "entries/extra.md", entry("More.\n").as_bytes());
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}entries = [\"fine.md\"]\n").as_bytes(),
    );
    assert_warning(
        b.path(),
        "entries/extra.md",
        "this entry is not in book.toml's entries list; it is placed at the end",
    );
}

#[test]
fn stylesheet_outside_the_book() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[epub]\ncss = \"../theirs.css\"\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:5",
        "stylesheet path `../theirs.css` leads outside the book folder",
    );
}

#[test]
fn missing_stylesheet() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[epub]\ncss = \"style.css\"\n").as_bytes(),
    );
    assert_error(b.path(), "style.css", "cannot read the file: no such file");
}

#[test]
fn cover_that_cannot_be_read() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}cover = \"images/cover.png\"\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:4",
        "cover: image `images/cover.png` cannot be read",
    );
}

#[test]
fn fallback_font_outside_the_book() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.fonts]\nfallback = [\"/usr/share/fonts/x.ttf\"]\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:5",
        "font path `/usr/share/fonts/x.ttf` is absolute",
    );
}

#[test]
fn fallback_font_that_is_not_a_font() {
    let b = book();
    write(b.path(), "fonts/fake.ttf", b"<html>not a font</html>");
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.fonts]\nfallback = [\"fonts/fake.ttf\"]\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:5",
        "`fonts/fake.ttf` is not a TrueType or OpenType font",
    );
}

#[test]
fn fallback_font_missing() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.fonts]\nfallback = [\"fonts/gone.ttf\"]\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:5",
        "font `fonts/gone.ttf` cannot be read",
    );
}

#[cfg(unix)]
#[test]
fn fallback_font_symlink_leaving_the_book() {
    let b = book();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "x.ttf", b"whatever");
    std::fs::create_dir_all(b.path().join("fonts")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.ttf"), b.path().join("fonts/x.ttf")).unwrap();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[pdf.fonts]\nfallback = [\"fonts/x.ttf\"]\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "book.toml:5",
        "font `fonts/x.ttf` cannot be read: it is a link to a file outside the book folder",
    );
}

#[cfg(unix)]
#[test]
fn stylesheet_symlink_leaving_the_book() {
    let b = book();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "x.css", b"p { color: red }");
    std::os::unix::fs::symlink(outside.path().join("x.css"), b.path().join("style.css")).unwrap();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}[epub]\ncss = \"style.css\"\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "style.css",
        "cannot read the file: it is a link to a file outside the book folder",
    );
}

#[cfg(unix)]
#[test]
fn entry_symlink_leaving_the_book() {
    let b = book();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.md",
        entry("Not yours.\n").as_bytes(),
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        b.path().join("entries/secret.md"),
    )
    .unwrap();
    assert_error(
        b.path(),
        "entries/secret.md",
        "cannot read the file: it is a link to a file outside the book folder",
    );
}

#[test]
fn output_folder_is_the_book_folder() {
    let b = book();
    let before = std::fs::read_dir(b.path()).unwrap().count();
    let output = chapbook(&[
        "build",
        b.path().to_str().unwrap(),
        "--out",
        b.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is the book folder itself: outputs would mix with the sources")
    );
    assert_eq!(std::fs::read_dir(b.path()).unwrap().count(), before);
}

#[test]
fn output_folder_that_is_a_file() {
    let b = book();
    write(b.path(), "out", b"a file, not a folder");
    let (code, stderr, _) = build_with(b.path(), "epub");
    assert_eq!(code, 1, "{stderr}");
    // The path as given and what is wrong with it, never a temporary file's name.
    let out = b.path().join("out");
    assert!(
        stderr.contains(&format!(
            "the output folder `{0}` cannot be made: `{0}` is a file, not a folder",
            out.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("choose another folder with --out, or move the file away"));
    assert!(!stderr.contains(".part"), "{stderr}");
}

// --- Entries and Markdown ----------------------------------------------------------------

#[test]
fn entry_without_front_matter() {
    let b = book();
    write(b.path(), "entries/fine.md", b"# Just a heading\n\nText.\n");
    assert_error(
        b.path(),
        "entries/fine.md:1",
        "the file does not start with `+++` front matter",
    );
}

#[test]
fn entry_without_title() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\nlang = \"en\"\n+++\nText.\n",
    );
    assert_error(b.path(), "entries/fine.md:2", "the key `title` is missing");
}

#[test]
fn footnote_defined_inside_another() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        entry("Cites[^a] and[^b].\n\n[^a]: Outer.\n\n    [^b]: Inner.\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:8",
        "footnote [^b] is defined inside another footnote",
    );
}

#[test]
fn raw_html_is_a_warning() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        entry("Text.\n\n<div class=\"x\">boxed</div>\n").as_bytes(),
    );
    assert_warning(
        b.path(),
        "entries/fine.md:6",
        "raw HTML `<div class=\"x\">boxed</div>` is shown as text",
    );
}

#[test]
fn image_without_alternative_text_is_a_warning() {
    let b = book();
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/book/images/route-map.png"
    ))
    .unwrap();
    write(b.path(), "images/map.png", &png);
    write(
        b.path(),
        "entries/fine.md",
        entry("![](../images/map.png)\n").as_bytes(),
    );
    assert_warning(
        b.path(),
        "entries/fine.md:4",
        "image `../images/map.png` has no alternative text",
    );
}

#[test]
fn image_in_an_unknown_format() {
    let b = book();
    write(b.path(), "images/scan.tiff", b"II*\0");
    write(
        b.path(),
        "entries/fine.md",
        entry("![A scan](../images/scan.tiff)\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image `../images/scan.tiff` is not PNG, JPEG, GIF, WebP or SVG",
    );
}

/// A PNG's header says how large it is; a huge one is refused before anything decodes it
/// (this 100,000 × 100,000 image would take 40 GB decoded; the file is 60 bytes).
#[test]
fn huge_image_is_refused_from_its_header() {
    let b = book();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(100_000u32.to_be_bytes());
    png.extend(100_000u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png.extend(b"\0\0\0\0IEND\xaeB`\x82");
    write(b.path(), "images/huge.png", &png);
    write(
        b.path(),
        "entries/fine.md",
        entry("![Huge](../images/huge.png)\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image `../images/huge.png` (images/huge.png) is 100000 × 100000 pixels, more than chapbook decodes",
    );
}

#[test]
fn image_that_is_not_what_its_name_says() {
    let b = book();
    write(b.path(), "images/photo.png", b"GIF89a\x10\0\x10\0");
    write(
        b.path(),
        "entries/fine.md",
        entry("![Photo](../images/photo.png)\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image `../images/photo.png` (images/photo.png) is not a readable PNG file",
    );
}

#[test]
fn image_with_no_pixels() {
    let b = book();
    write(b.path(), "images/empty.gif", b"GIF89a\0\0\0\0");
    write(
        b.path(),
        "entries/fine.md",
        entry("![Nothing](../images/empty.gif)\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image `../images/empty.gif` (images/empty.gif) has no pixels (0 × 0)",
    );
}

/// Ten thousand `>` in a row: an error with the line, not a stack overflow.
#[test]
fn quotes_nested_too_deep() {
    let b = book();
    let deep = ">".repeat(10_000);
    write(
        b.path(),
        "entries/fine.md",
        entry(&format!("Fine.\n\n{deep} deep\n")).as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:6",
        "quotes, lists or emphasis are nested more than 64 deep",
    );
}

#[test]
fn lists_nested_too_deep() {
    let b = book();
    let mut text = String::new();
    for depth in 0..100 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    write(b.path(), "entries/fine.md", entry(&text).as_bytes());
    // The 65th list opens on line 68.
    assert_error(
        b.path(),
        "entries/fine.md:68",
        "quotes, lists or emphasis are nested more than 64 deep",
    );
}

#[test]
fn emphasis_nested_too_deep() {
    let b = book();
    let text = format!("{}x{}\n", "*a _b ".repeat(80), " b_ a*".repeat(80));
    write(b.path(), "entries/fine.md", entry(&text).as_bytes());
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "quotes, lists or emphasis are nested more than 64 deep",
    );
}

/// Nesting within the limit builds.
#[test]
fn nesting_within_the_limit_builds() {
    let b = book();
    let text = format!(
        "{} quoted\n\n{}x{}\n",
        ">".repeat(30),
        "*a _b ".repeat(15),
        " b_ a*".repeat(15)
    );
    write(b.path(), "entries/fine.md", entry(&text).as_bytes());
    let (code, stderr, files) = build_with(b.path(), "epub,pdf");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files.len(), 2);
}

// --- Comments ----------------------------------------------------------------------------

#[test]
fn pingback_without_url_is_accepted_without_a_warning() {
    // Faithful to a blog's own record, which may lack the address: `batch --deny-warnings`
    // must not fail on it.
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"p1\"\nkind = \"pingback\"\nauthor = \"Other blog\"\n",
    );
    let (code, stderr, files) = build_with(b.path(), "epub");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        !stderr.contains("warning"),
        "no warning expected:\n{stderr}"
    );
}

#[test]
fn comment_with_bad_language() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nlang = \"Russian language\"\nbody = \"Hi\"\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:4",
        "`Russian language` is not a language tag",
    );
}

#[test]
fn comment_with_bad_date() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\ndate = \"yesterday\"\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:4",
        "`yesterday` is not a date",
    );
}

#[test]
fn comments_file_with_bad_toml() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = R\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:3",
        "the value of `author` cannot be read: text values must be quoted",
    );
}

#[test]
fn comment_body_with_an_undefined_note_points_at_its_line() {
    let b = book();
    write(
        b.path(),
        "entries/fine.comments.toml",
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nbody = \"\"\"\nFirst.\n\nCites[^x].\n\"\"\"\n",
    );
    assert_error(
        b.path(),
        "entries/fine.comments.toml:7",
        "footnote [^x] is cited but never defined",
    );
}

/// A chain of replies deeper than the limit is one clear error naming the comment where it
/// goes too deep; its own replies are not misreported as a reply cycle.
#[test]
fn replies_nested_too_deep() {
    let b = book();
    let mut text = String::from("[[comment]]\nid = \"c0\"\nauthor = \"R\"\n");
    for i in 1..=150 {
        text.push_str(&format!(
            "\n[[comment]]\nid = \"c{i}\"\nparent = \"c{}\"\nauthor = \"R\"\n",
            i - 1
        ));
    }
    write(b.path(), "entries/fine.comments.toml", text.as_bytes());
    let line = text
        .find("id = \"c100\"")
        .map(|at| text[..at].lines().count() + 1);
    assert_error(
        b.path(),
        &format!("entries/fine.comments.toml:{}", line.unwrap()),
        "comment `c100` is a reply nested more than 100 deep",
    );
    let (_, stderr, _) = build_with(b.path(), "epub");
    assert!(!stderr.contains("reply cycle"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// A thread as deep as the limit allows builds to EPUB and PDF.
#[test]
fn replies_at_the_limit_build() {
    let b = book();
    let mut text = String::from("[[comment]]\nid = \"c0\"\nauthor = \"R\"\nbody = \"Start.\"\n");
    for i in 1..100 {
        text.push_str(&format!(
            "\n[[comment]]\nid = \"c{i}\"\nparent = \"c{}\"\nauthor = \"R\"\nbody = \"Reply {i}.\"\n",
            i - 1
        ));
    }
    write(b.path(), "entries/fine.comments.toml", text.as_bytes());
    let (code, stderr, files) = build_with(b.path(), "epub,pdf");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files.len(), 2);
}

// --- chapbook check ----------------------------------------------------------------------

#[test]
fn language_without_hyphenation_is_a_warning_of_check() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"A\"\nlang = \"sw\"\n+++\nHabari za asubuhi.\n",
    );
    let output = chapbook(&["check", b.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: language `sw` has no hyphenation patterns"),
        "{stderr}"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let b = book();
    let output = chapbook(&["init", b.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("already has files in it"), "{stderr}");
}

/// A word wider than the line is broken by force in the PDF (never run off the page), with a
/// warning that names the word and where it is.
#[test]
fn word_wider_than_the_line_is_a_warning() {
    let b = book();
    let word = "ab".repeat(150);
    write(
        b.path(),
        "entries/fine.md",
        entry(&format!("Short words first.\n\nThen {word} here.\n")).as_bytes(),
    );
    let (code, stderr, files) = build_with(b.path(), "pdf");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files.len(), 1);
    assert!(
        reported(
            &stderr,
            "warning",
            "entries/fine.md:6",
            &format!(
                "`{}…` is wider than the line and is broken by force in the PDF",
                &word[..40]
            )
        ),
        "{stderr}"
    );
    // The EPUB reflows: no warning there.
    let (code, stderr, _) = build_with(b.path(), "epub");
    assert_eq!(code, 0);
    assert!(!stderr.contains("broken by force"), "{stderr}");
}

/// TOML nested without end (`tags = [[[[…`) is the TOML parser's own limit, reported with the
/// line, not a stack overflow.
#[test]
fn front_matter_nested_too_deep() {
    let b = book();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    write(
        b.path(),
        "entries/fine.md",
        format!("+++\ntitle = \"A\"\ntags = {deep}\n+++\nText.\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:3",
        "cannot recurse further; max recursion depth met",
    );
}

/// An image file over 64 MB is refused before it is read (a sparse file: no disk is used).
#[test]
fn image_file_too_large() {
    let b = book();
    std::fs::create_dir_all(b.path().join("images")).unwrap();
    let file = std::fs::File::create(b.path().join("images/big.jpg")).unwrap();
    file.set_len(65_000_000).unwrap();
    write(
        b.path(),
        "entries/fine.md",
        entry("![Big](../images/big.jpg)\n").as_bytes(),
    );
    assert_error(
        b.path(),
        "entries/fine.md:4",
        "image `../images/big.jpg` cannot be read (images/big.jpg: it is 65 MB, more than the 64 MB chapbook reads)",
    );
}

/// A PNG whose header is sound but whose data is not: the PDF cannot embed it, and the error
/// names the image (it used to say "please report this as a bug" and name the book folder).
/// Neither the EPUB nor the PDF is written, since every format is made before any is written.
#[test]
fn image_whose_data_is_corrupt() {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        // The CRC is left zero: a wrong CRC is corrupt data too.
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(data);
        out.extend([0, 0, 0, 0]);
        out
    }
    let b = book();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = 10u32.to_be_bytes().to_vec();
    ihdr.extend(10u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", b"garbage, not deflate"));
    png.extend(chunk(b"IEND", b""));
    write(b.path(), "images/b.png", &png);
    write(
        b.path(),
        "entries/fine.md",
        entry("![Broken](../images/b.png)\n").as_bytes(),
    );
    assert_error(b.path(), "images/b.png", "the image cannot be decoded");
    let (_, stderr, _) = build_with(b.path(), "epub,pdf");
    assert!(!stderr.contains("report this as a bug"), "{stderr}");
}
