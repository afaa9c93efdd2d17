//! Reference page images: the cover, the title page, the contents, a page with footnotes, a
//! page of comments, the page with the Arabic quotation, a table split over two pages and a long
//! note split over two, rendered with `pdftoppm` and compared with the images committed under
//! `tests/reference/`.
//!
//! Tolerance: the images must have the same size, and at most 0.5% of the pixels may differ
//! by more than 64 grey levels (of 255). That absorbs anti-aliasing differences between
//! poppler versions, but not a line that moved, a missing glyph or a changed word.
//! `CHAPBOOK_BLESS=1 cargo test --test pdf_pages` rewrites the references (look at them!).

mod common;

use chapbook::build::{BuildOptions, Format, build};
use chapbook::config::Impose;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const RESOLUTION: &str = "50";
const MAX_DIFFERING: f64 = 0.005;
const GREY_TOLERANCE: i16 = 64;

fn render(pdf: &Path, page: usize, out: &Path) -> Option<()> {
    let n = page.to_string();
    let prefix = out.with_extension("");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            RESOLUTION,
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
        ])
        .arg(pdf)
        .arg(&prefix)
        .status();
    match status {
        Ok(s) if s.success() => Some(()),
        Ok(s) => panic!("pdftoppm failed: {s}"),
        Err(e) => {
            assert!(!strict(), "pdftoppm is required (CHAPBOOK_STRICT=1): {e}");
            eprintln!("NOTE: pdftoppm not found; page images not compared");
            None
        }
    }
}

fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    // Grey, or the first channel of anything else.
    let channels = info.color_type.samples();
    let grey: Vec<u8> = buf.chunks(channels).map(|c| c[0]).collect();
    (info.width, info.height, grey)
}

fn page_with(pdf: &Path, pages: usize, needle: &str) -> usize {
    for n in 1..=pages {
        let s = n.to_string();
        let out = Command::new("pdftotext")
            .args(["-f", &s, "-l", &s, "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        let text: String = String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
            .collect();
        if text.contains(needle) {
            return n;
        }
    }
    panic!("no page has `{needle}`");
}

#[test]
fn reference_pages_match() {
    compare_pages(
        "book",
        &[
            ("cover", Find::Page(1)),
            // Issue #15: the subtitle on two balanced lines.
            ("title-page", Find::Page(2)),
            ("contents", Find::Page(4)),
            (
                "footnotes",
                Find::Text("The akimat is the local executive authority"),
            ),
            ("comments", Find::Text("Гульнара Ахметова")),
            ("arabic", Find::Text("اطلبوا العلم")),
        ],
    );
}

/// The Kazakh, Uzbek and Arabic pages of the multilingual fixture book.
#[test]
fn multilingual_reference_pages_match() {
    compare_pages(
        "tests/fixtures/multilingual",
        &[
            ("kazakh", Find::Text("Барлық адамдар тумысынан")),
            ("uzbek", Find::Text("Barcha odamlar erkin")),
            ("arabic-udhr", Find::Text("يولد جميع الناس")),
        ],
    );
}

/// The wide table (on a landscape page of its own, shown turned by the viewer) and the Arabic
/// table (right to left, against the right edge) of the real-world fixture, looked at when
/// blessed.
#[test]
fn real_world_reference_pages_match() {
    compare_pages(
        "tests/fixtures/real-world",
        &[
            ("wide-table", Find::Text("Kostanay")),
            ("arabic-table", Find::Text("مقتطفات من الإعلان العالمي")),
        ],
    );
}

/// Issue #13: the real-world fixture's page of images aligned left and right in their
/// paragraphs, with a smiley in the line, the page of the gallery, and the page with big
/// pictures in a heading and in emphasis (figures of their own where they stand).
#[test]
fn real_world_image_pages_match() {
    compare_pages(
        "tests/fixtures/real-world",
        &[
            ("aligned-images", Find::Text("Blogs put their pictures")),
            ("gallery", Find::Text("An animated GIF shows")),
            ("heading-picture", Find::Text("The pier at noon")),
        ],
    );
}

/// Issue #15: the makeup fixture's ten-row table split five and five at a page's foot (its
/// header repeated on the next page, which also holds the two-line paragraph citing a long
/// note, the note's first lines at its foot), and the page where the note ends, at the foot,
/// before that page's own note.
#[test]
fn makeup_reference_pages_match() {
    compare_pages(
        "tests/fixtures/makeup",
        &[
            ("makeup-table", Find::Text("07:15")),
            (
                "makeup-table-note",
                Find::Text("wrote to the company about the bus"),
            ),
            ("makeup-note", Find::Text("basket of bread from the town")),
        ],
    );
}

/// How a reference page is found: by number, or by a phrase on it.
enum Find {
    Page(usize),
    Text(&'static str),
}

fn compare_pages(book: &str, wanted: &[(&str, Find)]) {
    compare_output(book, None, wanted)
}

/// A sheet of the booklet imposition of `book/`: the inner side of the second sheet, where
/// page 4 sits left of page 21 (the pair that faces each other once folded).
#[test]
fn booklet_sheet_matches() {
    compare_output(
        "book",
        Some(Impose::Booklet),
        &[("booklet-sheet", Find::Page(4))],
    );
}

/// The booklet sheet of the real-world fixture that holds the landscape page (page 11): printed as it stands in the book, turned, the table's top at the binding.
#[test]
fn booklet_sheet_with_a_landscape_page_matches() {
    compare_output(
        "tests/fixtures/real-world",
        Some(Impose::Booklet),
        &[("booklet-landscape", Find::Text("Kostanay"))],
    );
}

/// The generated cover of a book without a cover image.
#[test]
fn generated_cover_matches() {
    compare_pages(
        "tests/fixtures/multilingual",
        &[("generated-cover", Find::Page(1))],
    );
}

/// Compares pages of the book's PDF, or of its imposed copy.
fn compare_output(book: &str, impose: Option<Impose>, wanted: &[(&str, Find)]) {
    let dir = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        impose,
        handouts: false,
        book_dir: repo().join(book),
        out_dir: dir.path().to_path_buf(),
        formats: vec![Format::Pdf],
    });
    assert!(!outcome.failed());
    let pdf = outcome.outputs[if impose.is_some() { 1 } else { 0 }].clone();
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1)");
        return;
    }
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let wanted: Vec<(&str, usize)> = wanted
        .iter()
        .map(|(name, find)| match find {
            Find::Page(n) => (*name, *n),
            Find::Text(phrase) => (*name, page_with(&pdf, pages, phrase)),
        })
        .collect();
    let reference_dir = repo().join("tests/reference");
    let bless = std::env::var("CHAPBOOK_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, page) in wanted {
        let rendered: PathBuf = dir.path().join(format!("{name}.png"));
        if render(&pdf, page, &rendered).is_none() {
            return;
        }
        let reference = reference_dir.join(format!("{name}.png"));
        if bless {
            std::fs::create_dir_all(&reference_dir).unwrap();
            std::fs::copy(&rendered, &reference).unwrap();
            eprintln!("blessed {} (page {page})", reference.display());
            continue;
        }
        let (w, h, got) = decode(&rendered);
        let (rw, rh, want) = decode(&reference);
        if (w, h) != (rw, rh) {
            failures.push(format!(
                "{name} (page {page}): {w}×{h}, reference {rw}×{rh}"
            ));
            continue;
        }
        let differing = got
            .iter()
            .zip(&want)
            .filter(|(a, b)| (i16::from(**a) - i16::from(**b)).abs() > GREY_TOLERANCE)
            .count();
        let share = differing as f64 / got.len() as f64;
        if share > MAX_DIFFERING {
            let keep = std::env::temp_dir().join(format!("chapbook-{name}-actual.png"));
            std::fs::copy(&rendered, &keep).unwrap();
            failures.push(format!("{name} (page {page}): {:.2}% of pixels differ (limit {:.2}%); actual image kept at {}", share * 100.0, MAX_DIFFERING * 100.0, keep.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "page images differ from tests/reference:\n{}",
        failures.join("\n")
    );
}
