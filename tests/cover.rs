//! Issue #15, "Elements": the cover image fills the page (scaled to cover it, keeping its
//! proportions, cropped by the page and, on an imposed sheet, at the page's edges), and the
//! display lines of the cover and the title page are balanced (no word alone on a line).
//!
//! The image's drawn box is read from the PDF by `tests/tools/image_boxes.py` (pikepdf); the
//! lines' widths from `pdftotext -bbox-layout`; the imposed sheet from `pdftoppm`'s pixels.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use chapbook::config::Impose;
use common::cli::write;
use common::reading::reader_python;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the PDF of `book` into `out` (and its booklet with `impose`): the book's PDF first.
fn build_pdf(book: &Path, out: &Path, impose: Option<Impose>) -> Vec<PathBuf> {
    let outcome = build(&BuildOptions {
        impose,
        handouts: false,
        book_dir: book.to_path_buf(),
        out_dir: out.to_path_buf(),
        formats: vec![Format::Pdf],
    });
    let messages: Vec<String> = outcome.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(!outcome.failed(), "{}", messages.join("\n"));
    outcome.outputs
}

/// An image as a page draws it, in PDF units (origin at the page's bottom left).
#[derive(Debug, Clone, Copy)]
struct Drawn {
    /// Its size in pixels.
    pixels: [f64; 2],
    /// The box it covers (x0, y0, x1, y1).
    drawn: [f64; 4],
    /// The page's MediaBox.
    page: [f64; 4],
}

/// The images drawn on `page` of `pdf`, from the PDF's content.
fn image_boxes(pdf: &Path, page: usize) -> Option<Vec<Drawn>> {
    let python = reader_python()?;
    let out = Command::new(python)
        .arg(repo().join("tests/tools/image_boxes.py"))
        .arg(pdf)
        .arg(page.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let numbers = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_f64().unwrap())
            .collect()
    };
    Some(
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|image| Drawn {
                pixels: numbers(&image["pixels"]).try_into().unwrap(),
                drawn: numbers(&image["box"]).try_into().unwrap(),
                page: numbers(&image["media_box"]).try_into().unwrap(),
            })
            .collect(),
    )
}

/// Asserts that the one image of a cover page covers its page box, keeps its aspect and
/// overhangs equally on opposite sides (a centred crop).
fn assert_fills_the_page(image: Drawn) {
    let Drawn {
        pixels,
        drawn,
        page,
    } = image;
    let [x0, y0, x1, y1] = drawn;
    let [px0, py0, px1, py1] = page;
    let slack = 0.01;
    assert!(
        x0 <= px0 + slack && y0 <= py0 + slack && x1 >= px1 - slack && y1 >= py1 - slack,
        "the cover image's box {drawn:?} does not cover the page {page:?}"
    );
    let aspect = (x1 - x0) / (y1 - y0);
    let natural = pixels[0] / pixels[1];
    assert!(
        (aspect / natural - 1.0).abs() < 0.001,
        "drawn at {aspect:.4}, its pixels at {natural:.4}: stretched"
    );
    // Scaled to cover, no more: one pair of opposite edges lies on the page's.
    let fits_width = (x0 - px0).abs() < slack && (x1 - px1).abs() < slack;
    let fits_height = (y0 - py0).abs() < slack && (y1 - py1).abs() < slack;
    assert!(fits_width || fits_height, "{drawn:?} larger than it needs");
    assert!(
        ((px0 - x0) - (x1 - px1)).abs() < slack,
        "not centred across"
    );
    assert!(
        ((py0 - y0) - (y1 - py1)).abs() < slack,
        "not centred up and down"
    );
}

#[test]
fn the_sample_books_cover_image_fills_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&repo().join("book"), dir.path(), None).remove(0);
    let Some(images) = image_boxes(&pdf, 1) else {
        return;
    };
    // book/images/cover.png: 1200 × 1800 pixels (2:3), on an A5 page (1:1.41): the page's
    // width, cropped top and bottom.
    assert_eq!(images.len(), 1, "one image on the cover: {images:?}");
    let Drawn {
        pixels,
        drawn,
        page,
    } = images[0];
    assert_eq!(pixels, [1200.0, 1800.0]);
    assert_fills_the_page(images[0]);
    assert!(drawn[1] < page[1] - 10.0, "cropped at the foot: {drawn:?}");
}

/// A solid PNG of `width` × `height` pixels, all `grey`.
fn png(width: u32, height: u32, grey: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![grey; (width * height) as usize])
            .unwrap();
    }
    bytes
}

/// A one-entry book with a square, black cover image and a long subtitle.
fn square_cover_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "book.toml",
        format!(
            "title = \"Notes from the Long Road\"\nsubtitle = \"{SUBTITLE}\"\n\
             language = \"en\"\nauthors = [\"Ann Example\"]\ndate = 2026-01-01\n\
             cover = \"images/cover.png\"\n"
        )
        .as_bytes(),
    );
    write(dir.path(), "images/cover.png", &png(1000, 1000, 0));
    write(
        dir.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Fine\"\ndate = 2026-01-02\n+++\nA sentence.\n",
    );
    dir
}

/// Long enough to take two lines on the title page, where the ragged setting left its last
/// word alone.
const SUBTITLE: &str = "Letters, Maps and Receipts Kept on a Journey by Bus, Train and \
                        Lorry from the Caspian Sea to the Mountains of the Tian Shan";

#[test]
fn a_square_cover_fills_the_page_height_and_is_cut_at_the_page_edge_on_the_booklet_sheet() {
    let book = square_cover_book();
    let out = tempfile::tempdir().unwrap();
    let outputs = build_pdf(book.path(), out.path(), Some(Impose::Booklet));
    let (pdf, booklet) = (&outputs[0], &outputs[1]);
    if let Some(images) = image_boxes(pdf, 1) {
        assert_eq!(images.len(), 1, "{images:?}");
        let Drawn { drawn, page, .. } = images[0];
        assert_fills_the_page(images[0]);
        // Square on a portrait page: its full height, cropped left and right.
        assert!(drawn[0] < page[0] - 80.0, "cropped at the sides: {drawn:?}");
    }
    // The booklet's first sheet: the (blank) last page on the left, the cover on the right.
    // The cover's overhang would print over the left page if it were not cut at its edge.
    let Some(sheet) = render(booklet, 1, out.path()) else {
        return;
    };
    let (w, h) = (sheet.width, sheet.height);
    let share_dark = |from: usize, to: usize| {
        let dark = (0..h)
            .flat_map(|y| (from..to).map(move |x| (x, y)))
            .filter(|&(x, y)| sheet.pixel(x, y)[0] < 128)
            .count();
        dark as f64 / ((to - from) * h) as f64
    };
    // A margin of two pixels either side of the fold, for anti-aliasing.
    let (left, right) = (share_dark(0, w / 2 - 2), share_dark(w / 2 + 2, w - 2));
    assert!(
        left < 0.001,
        "{:.1}% of the blank page is dark",
        left * 100.0
    );
    assert!(right > 0.999, "the cover is {:.1}% dark", right * 100.0);
}

/// A page rendered by pdftoppm.
struct Picture {
    width: usize,
    height: usize,
    bytes: Vec<u8>,
    /// Bytes per pixel and per row.
    channels: usize,
    line: usize,
}

impl Picture {
    /// The RGB of pixel (`x`, `y`).
    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let at = y * self.line + x * self.channels;
        if self.channels >= 3 {
            [self.bytes[at], self.bytes[at + 1], self.bytes[at + 2]]
        } else {
            [self.bytes[at]; 3]
        }
    }
}

/// Page `page` of `pdf` rendered at 20 dpi into `dir`. `None` (failing under
/// `CHAPBOOK_STRICT=1`) without pdftoppm.
fn render(pdf: &Path, page: usize, dir: &Path) -> Option<Picture> {
    let n = page.to_string();
    let prefix = dir.join(format!("page-{n}"));
    let status = Command::new("pdftoppm")
        .args(["-r", "20", "-png", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&prefix)
        .status();
    match status {
        Ok(s) => assert!(s.success(), "pdftoppm failed"),
        Err(e) => {
            assert!(!strict(), "pdftoppm is required (CHAPBOOK_STRICT=1): {e}");
            return None;
        }
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(prefix.with_extension("png")).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut bytes = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut bytes).unwrap();
    Some(Picture {
        width: info.width as usize,
        height: info.height as usize,
        channels: info.color_type.samples(),
        line: info.line_size,
        bytes,
    })
}

/// A cover image far from the page's shape (the Arabic fixture's 10:7 map on a portrait page
/// would lose half of itself to a crop) is set whole across the page, and the page around it
/// is the cover's colour: still no white page with a picture on it.
#[test]
fn a_landscape_cover_is_set_whole_across_a_page_of_the_cover_colour() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&repo().join("tests/fixtures/rtl-arabic"), dir.path(), None).remove(0);
    if let Some(images) = image_boxes(&pdf, 1) {
        assert_eq!(images.len(), 1, "{images:?}");
        let Drawn {
            pixels,
            drawn: [x0, y0, x1, y1],
            page: [px0, py0, px1, py1],
        } = images[0];
        assert_eq!(pixels, [1000.0, 700.0]);
        assert!(
            (x0 - px0).abs() < 0.01 && (x1 - px1).abs() < 0.01,
            "page width"
        );
        assert!(y0 > py0 + 50.0 && y1 < py1 - 50.0, "whole: {y0}..{y1}");
        assert!(((y0 - py0) - (py1 - y1)).abs() < 0.01, "centred");
        assert!(((x1 - x0) / (y1 - y0) - 10.0 / 7.0).abs() < 0.001, "aspect");
    }
    let Some(picture) = render(&pdf, 1, dir.path()) else {
        return;
    };
    let (w, h) = (picture.width, picture.height);
    // Above the map: the default cover colour, #dce6ee, to the page's edges.
    for y in [0, h / 10] {
        for x in [0, w / 2, w - 1] {
            let [r, g, b] = picture.pixel(x, y);
            assert!(
                r.abs_diff(0xdc) < 8 && g.abs_diff(0xe6) < 8 && b.abs_diff(0xee) < 8,
                "({x}, {y}) is {r},{g},{b}"
            );
        }
    }
}

/// The lines of `page` of `pdf` as `pdftotext -bbox-layout` finds them: each line's width
/// and words.
fn lines(pdf: &Path, page: usize) -> Option<Vec<(f64, Vec<String>)>> {
    let n = page.to_string();
    let out = match Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-bbox-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(!strict(), "pdftotext is required (CHAPBOOK_STRICT=1): {e}");
            return None;
        }
    };
    let xml = String::from_utf8_lossy(&out.stdout);
    let doc = roxmltree::Document::parse_with_options(
        &xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let number =
        |node: roxmltree::Node, name| node.attribute(name).unwrap().parse::<f64>().unwrap();
    Some(
        doc.descendants()
            .filter(|n| n.has_tag_name("line"))
            .map(|line| {
                let words = line
                    .children()
                    .filter(|w| w.has_tag_name("word"))
                    .map(|w| w.text().unwrap_or("").to_string())
                    .collect();
                (number(line, "xMax") - number(line, "xMin"), words)
            })
            .collect(),
    )
}

/// The widths of the lines that set `text` on `page`, in order (consecutive lines whose words
/// are its words).
fn text_lines(pdf: &Path, page: usize, text: &str) -> Option<Vec<(f64, Vec<String>)>> {
    let all = lines(pdf, page)?;
    let want: Vec<&str> = text.split_whitespace().collect();
    for start in 0..all.len() {
        let mut got: Vec<(f64, Vec<String>)> = Vec::new();
        let mut words = 0;
        for line in &all[start..] {
            let n = line.1.len();
            if words + n > want.len() || line.1.iter().zip(&want[words..]).any(|(a, b)| a != b) {
                break;
            }
            got.push(line.clone());
            words += n;
            if words == want.len() {
                return Some(got);
            }
        }
    }
    panic!("page {page} does not set `{text}` on lines of its own: {all:?}");
}

/// Asserts the issue's measure of balanced lines: two or more lines, the shortest at least
/// 0.6 of the longest, never a word alone.
fn assert_balanced(lines: &[(f64, Vec<String>)], what: &str) {
    assert!(lines.len() >= 2, "{what} takes one line: {lines:?}");
    let widths: Vec<f64> = lines.iter().map(|l| l.0).collect();
    let short = widths.iter().copied().fold(f64::MAX, f64::min);
    let long = widths.iter().copied().fold(0.0, f64::max);
    assert!(
        short / long >= 0.6,
        "{what}: lines of {widths:?}: {lines:?}"
    );
    assert!(
        lines.iter().all(|l| l.1.len() > 1),
        "{what}: a word alone: {lines:?}"
    );
}

#[test]
fn long_subtitles_are_set_on_balanced_lines() {
    // The sample book's subtitle on its title page (page 2).
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(&repo().join("book"), dir.path(), None).remove(0);
    let sample = "Civic Life, Languages and Travel in Kazakhstan and Central Asia";
    let Some(title_page) = text_lines(&pdf, 2, sample) else {
        return;
    };
    assert_balanced(&title_page, "the sample book's subtitle");
    // A longer one, on the title page and on a cover set from the title (no image).
    let book = square_cover_book();
    std::fs::remove_file(book.path().join("images/cover.png")).unwrap();
    let toml = std::fs::read_to_string(book.path().join("book.toml")).unwrap();
    write(
        book.path(),
        "book.toml",
        toml.replace("cover = \"images/cover.png\"\n", "")
            .as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let pdf = build_pdf(book.path(), out.path(), None).remove(0);
    for (page, what) in [
        (1, "the cover's subtitle"),
        (2, "the title page's subtitle"),
    ] {
        let lines = text_lines(&pdf, page, SUBTITLE).unwrap();
        assert_balanced(&lines, what);
    }
}
