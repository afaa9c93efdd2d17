//! QR codes in the PDF of `book/`: one on the copyright page for the blog's address and one
//! after each entry that has an original address; rendered with `pdftoppm` and read back with
//! `zbarimg` (zbar-tools), each must decode to exactly its address.

mod common;

use chapbook::build::{BuildOptions, Format, build};
use common::*;
use std::collections::BTreeSet;
use std::process::Command;

#[test]
fn qr_codes_decode_to_the_blog_and_entry_addresses() {
    let out = tempfile::tempdir().unwrap();
    let outcome = build(&BuildOptions {
        book_dir: repo().join("book"),
        out_dir: out.path().to_path_buf(),
        formats: vec![Format::Pdf],
        impose: None,
        handouts: false,
    });
    assert!(!outcome.failed());
    let (book, _) = chapbook::source::load(&repo().join("book"));
    let book = book.unwrap();
    let mut expected: BTreeSet<String> =
        book.entries.iter().filter_map(|e| e.url.clone()).collect();
    expected.extend(book.meta.url.clone());
    assert!(
        expected.len() >= 2,
        "the sample book has addresses to encode"
    );

    let prefix = out.path().join("page");
    match Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png"])
        .arg(&outcome.outputs[0])
        .arg(&prefix)
        .status()
    {
        Ok(s) => assert!(s.success()),
        Err(e) => {
            assert!(!strict(), "pdftoppm is required (CHAPBOOK_STRICT=1): {e}");
            return;
        }
    }
    let mut pages: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    pages.sort();
    let output = match Command::new("zbarimg")
        .args(["-q", "--raw"])
        .args(&pages)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            assert!(!strict(), "zbarimg is required (CHAPBOOK_STRICT=1): {e}");
            eprintln!("NOTE: zbarimg not found; QR codes not decoded");
            return;
        }
    };
    let decoded: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let found: BTreeSet<String> = decoded.iter().cloned().collect();
    assert_eq!(found, expected, "decoded: {decoded:?}");
    assert_eq!(decoded.len(), expected.len(), "one code per address");
}
