//! What krilla (0.8) cannot write, edited into the finished file: `/Rotate 90` on the page
//! objects of landscape pages, and the XMP's lists of authors and languages. krilla writes every object uncompressed, a flat page tree and one
//! classic cross-reference table, so the entry is put into each page's dictionary and the
//! offsets of everything after it are moved by its length. The rotation is allowed by every
//! standard the writer meets (PDF/A-2 and PDF/UA ask only for a multiple of 90).

use crate::pdf::error::PdfError;
use std::ops::Range;

const ENTRY: &[u8] = b"/Rotate 90";

/// `pdf` with the pages `pages` (from 0) shown turned a quarter clockwise.
pub fn rotate_pages(pdf: Vec<u8>, pages: &[usize]) -> Result<Vec<u8>, PdfError> {
    if pages.is_empty() {
        return Ok(pdf);
    }
    edit(pdf, pages).ok_or(PdfError::Writer(
        "the landscape pages could not be marked as turned (/Rotate)",
    ))
}

fn edit(bytes: Vec<u8>, pages: &[usize]) -> Option<Vec<u8>> {
    let pdf = &bytes[..];
    let file = File::read(pdf)?;
    let tree = reference_after(pdf, file.catalog(pdf)?, b"/Pages")?;
    let tree_at = *file.table.get(tree)?;
    let kids_at = find(&pdf[tree_at..], b"/Kids")? + tree_at;
    let kids_end = find(&pdf[kids_at..], b"]")? + kids_at;
    let kids: Vec<usize> = std::str::from_utf8(&pdf[kids_at + 5..kids_end])
        .ok()?
        .trim_start_matches('[')
        .split(" R")
        .filter_map(|r| r.split_whitespace().next()?.parse().ok())
        .collect();
    // Each entry goes right after the `<<` that opens the page's dictionary.
    let mut splices: Vec<Splice> = Vec::new();
    for &page in pages {
        let object = *kids.get(page)?;
        let at = *file.table.get(object)?;
        let open = find(&pdf[at..], b"<<")? + at + 2;
        if !pdf[open..].starts_with(b"/Type/Page") {
            return None;
        }
        if !splices.iter().any(|(r, _)| r.start == open) {
            splices.push((open..open, ENTRY.to_vec()));
        }
    }
    file.splice(bytes, splices)
}

/// A stretch of the file and what replaces it.
type Splice = (Range<usize>, Vec<u8>);

/// Where things are in a file as krilla writes it.
struct File {
    /// The offset of each object, by number (0 for a free one).
    table: Vec<usize>,
    xref_at: usize,
    trailer: usize,
    startxref: usize,
}

impl File {
    fn read(pdf: &[u8]) -> Option<File> {
        let startxref = rfind(pdf, b"startxref")?;
        let xref_at: usize = number_after(pdf, startxref + b"startxref".len())?;
        let table = parse_xref(pdf, xref_at)?;
        let trailer = find(&pdf[xref_at..], b"trailer")? + xref_at;
        Some(File {
            table,
            xref_at,
            trailer,
            startxref,
        })
    }

    /// Where the catalog object is.
    fn catalog(&self, pdf: &[u8]) -> Option<usize> {
        let root = reference_after(pdf, self.trailer, b"/Root")?;
        self.table.get(root).copied()
    }

    /// `pdf` with each stretch (before the cross-reference table, none overlapping) replaced,
    /// and every offset after one moved by what it changed. The file is edited where it is,
    /// not copied: it is the largest thing a long book's build holds, and a copy beside it
    /// was its peak of memory.
    fn splice(&self, mut pdf: Vec<u8>, mut splices: Vec<Splice>) -> Option<Vec<u8>> {
        splices.sort_by_key(|(r, _)| (r.start, r.end));
        if splices.windows(2).any(|w| w[0].0.end > w[1].0.start)
            || splices.last().is_some_and(|(r, _)| r.end > self.xref_at)
        {
            return None;
        }
        let shift = |offset: usize| {
            let moved: isize = splices
                .iter()
                .filter(|(r, _)| r.end <= offset)
                .map(|(r, with)| with.len() as isize - r.len() as isize)
                .sum();
            offset.checked_add_signed(moved)
        };
        // The table again, every in-use offset moved, then the trailer: made apart, as they
        // are small beside the objects.
        let mut tail = Vec::with_capacity(pdf.len() - self.xref_at + 32);
        let mut rest = &pdf[self.xref_at..self.trailer];
        while !rest.is_empty() {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |p| p + 1);
            let line = &rest[..end];
            if line.len() >= 18 && line[17] == b'n' && line[10] == b' ' {
                let offset: usize = std::str::from_utf8(&line[..10]).ok()?.parse().ok()?;
                tail.extend_from_slice(format!("{:010}", shift(offset)?).as_bytes());
                tail.extend_from_slice(&line[10..]);
            } else {
                tail.extend_from_slice(line);
            }
            rest = &rest[end..];
        }
        tail.extend_from_slice(&pdf[self.trailer..self.startxref]);
        tail.extend_from_slice(format!("startxref\n{}\n%%EOF\n", shift(self.xref_at)?).as_bytes());
        pdf.truncate(self.xref_at);
        if splices.iter().all(|(r, with)| with.len() >= r.len()) {
            // Every stretch grows (as every edit here does): the bytes move towards the end
            // once, from the last stretch back, each into room the moves after it made.
            let growth: usize = splices.iter().map(|(r, with)| with.len() - r.len()).sum();
            let mut end = pdf.len();
            pdf.resize(end + growth, 0);
            let mut to = pdf.len();
            for (range, with) in splices.iter().rev() {
                let kept = end - range.end;
                pdf.copy_within(range.end..end, to - kept);
                to -= kept;
                pdf[to - with.len()..to].copy_from_slice(with);
                to -= with.len();
                end = range.start;
            }
        } else {
            for (range, with) in splices.into_iter().rev() {
                pdf.splice(range, with);
            }
        }
        pdf.extend_from_slice(&tail);
        Some(pdf)
    }
}

/// `pdf` with one `dc:creator` entry per author and every language of the book in
/// `dc:language`: krilla 0.8 joins the authors into one entry below PDF 2.0 (for Acrobat,
/// which shows the document information's `/Author` beside the XMP's) and takes one
/// language. Nothing changes when there is one of each; the XMP stream is uncompressed.
pub fn metadata_lists(
    pdf: Vec<u8>,
    authors: &[String],
    langs: &[String],
) -> Result<Vec<u8>, PdfError> {
    if authors.len() < 2 && langs.len() < 2 {
        return Ok(pdf);
    }
    lists(pdf, authors, langs).ok_or(PdfError::Writer(
        "the XMP metadata could not list every author and language",
    ))
}

fn lists(bytes: Vec<u8>, authors: &[String], langs: &[String]) -> Option<Vec<u8>> {
    let pdf = &bytes[..];
    let file = File::read(pdf)?;
    let catalog = file.catalog(pdf)?;
    let metadata = reference_after(pdf, catalog, b"/Metadata")?;
    let at = *file.table.get(metadata)?;
    let mut length_at = find(&pdf[at..], b"/Length")? + at + b"/Length".len();
    while pdf.get(length_at)?.is_ascii_whitespace() {
        length_at += 1;
    }
    let length: usize = number_after(pdf, length_at)?;
    let length_digits = length_at..length_at + length.to_string().len();
    let data = find(&pdf[at..], b"stream\n")? + at + b"stream\n".len();
    let stream = data..data + length;
    let mut splices = Vec::new();
    let mut grown: isize = 0;
    let mut replace = |open: &str, close: &str, items: &[String]| -> Option<()> {
        if items.len() < 2 {
            return Some(());
        }
        let start = find(&pdf[stream.clone()], open.as_bytes())? + stream.start;
        let end = find(&pdf[start..stream.end], close.as_bytes())? + start + close.len();
        let mut with = open.to_string();
        for item in items {
            with.push_str(&format!("<rdf:li>{}</rdf:li>", escape(item)));
        }
        with.push_str(close);
        grown += with.len() as isize - (end - start) as isize;
        splices.push((start..end, with.into_bytes()));
        Some(())
    };
    replace("<dc:creator><rdf:Seq>", "</rdf:Seq></dc:creator>", authors)?;
    replace("<dc:language><rdf:Bag>", "</rdf:Bag></dc:language>", langs)?;
    let new_length = length.checked_add_signed(grown)?;
    splices.push((length_digits, new_length.to_string().into_bytes()));
    file.splice(bytes, splices)
}

/// Text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The offset of each object (by number) in the cross-reference table at `at`; 0 for free.
fn parse_xref(pdf: &[u8], at: usize) -> Option<Vec<usize>> {
    let text = std::str::from_utf8(&pdf[at..at + find(&pdf[at..], b"trailer")?]).ok()?;
    let mut lines = text.lines();
    if lines.next()?.trim() != "xref" {
        return None;
    }
    let mut table = Vec::new();
    let mut next = 0;
    for line in lines {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [first, _count] => next = first.parse().ok()?,
            [offset, _generation, kind] => {
                if table.len() <= next {
                    table.resize(next + 1, 0);
                }
                table[next] = if *kind == "n" {
                    offset.parse().ok()?
                } else {
                    0
                };
                next += 1;
            }
            [] => {}
            _ => return None,
        }
    }
    Some(table)
}

/// The object number of the reference after `key`, searched from `from`.
fn reference_after(pdf: &[u8], from: usize, key: &[u8]) -> Option<usize> {
    let at = find(&pdf[from..], key)? + from + key.len();
    number_after(pdf, at)
}

/// The decimal number after `at`, past white space.
fn number_after(pdf: &[u8], at: usize) -> Option<usize> {
    let digits: String = pdf[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{metadata_lists, rotate_pages};

    /// A file as krilla writes one (flat page tree, classic table) of `objects`, numbered
    /// from 1.
    fn file(objects: &[&str]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        let size = objects.len() + 1;
        pdf.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f\r\n").as_bytes());
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size {size}/Root 2 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        pdf
    }

    /// A two-page file.
    fn sample() -> Vec<u8> {
        file(&[
            "<</Type/Pages/Count 2/Kids[3 0 R 4 0 R]>>",
            "<</Type/Catalog/Pages 1 0 R>>",
            "<</Type/Page/MediaBox[0 0 100 200]/Parent 1 0 R>>",
            "<</Type/Page/MediaBox[0 0 100 200]/Parent 1 0 R>>",
        ])
    }

    /// Every offset of the table points at its object.
    fn assert_offsets(text: &str) {
        let xref: usize = text
            .split("startxref\n")
            .nth(1)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[xref..].starts_with("xref\n"));
        let entries: Vec<usize> = text[xref..]
            .lines()
            .filter(|l| l.ends_with(" n\r") || l.ends_with(" n"))
            .map(|l| l[..10].parse().unwrap())
            .collect();
        for (i, at) in entries.iter().enumerate() {
            assert!(
                text[*at..].starts_with(&format!("{} 0 obj", i + 1)),
                "object {} at {at}",
                i + 1
            );
        }
    }

    #[test]
    fn the_second_page_is_turned_and_every_offset_still_points_at_its_object() {
        let out = rotate_pages(sample(), &[1]).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains("4 0 obj\n<</Rotate 90/Type/Page/"), "{text}");
        assert_eq!(text.matches("/Rotate 90").count(), 1);
        assert_offsets(&text);
    }

    #[test]
    fn the_xmp_lists_every_author_and_language_and_its_length_follows() {
        let xmp = "<x><dc:creator><rdf:Seq><rdf:li>A &amp; B, C</rdf:li></rdf:Seq></dc:creator>\
                   <dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language></x>";
        let stream = format!(
            "<</Length {}/Type/Metadata>>\nstream\n{xmp}\nendstream",
            xmp.len()
        );
        let pdf = file(&[
            "<</Type/Pages/Count 1/Kids[3 0 R]>>",
            "<</Type/Catalog/Pages 1 0 R/Metadata 4 0 R>>",
            "<</Type/Page/MediaBox[0 0 100 200]/Parent 1 0 R>>",
            &stream,
        ]);
        let authors = ["A & B".to_string(), "C".to_string()];
        let langs = ["en".to_string(), "kk".to_string()];
        let out = metadata_lists(pdf, &authors, &langs).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lists = "<rdf:li>A &amp; B</rdf:li><rdf:li>C</rdf:li>";
        assert!(text.contains(lists), "{text}");
        assert!(
            text.contains("<rdf:li>en</rdf:li><rdf:li>kk</rdf:li>"),
            "{text}"
        );
        let data = &text[text.find(">>\nstream\n").unwrap() + 10..];
        let length: usize = text
            .split("/Length ")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(&data[length..length + 10], "\nendstream");
        assert_offsets(&text);
        // One author and one language: the file is left as it is.
        let one = file(&["<</Type/Catalog>>"]);
        assert_eq!(
            metadata_lists(one.clone(), &authors[..1], &langs[..1]).unwrap(),
            one
        );
    }

    #[test]
    fn a_file_not_as_expected_is_refused() {
        assert!(rotate_pages(b"%PDF-1.7\nnothing".to_vec(), &[0]).is_err());
        assert!(rotate_pages(sample(), &[2]).is_err());
    }
}
