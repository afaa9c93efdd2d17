//! Images whose container names would meet (`a b.png` becomes `a_b.png` in the EPUB, beside a
//! real `a_b.png`): each keeps its own file and each `<img>` shows its own picture; the build
//! once panicked here ("Duplicate filename"). Control characters written as TOML escapes in
//! titles and tags never reach the package.

mod common;

use common::cli::write;
use common::*;

#[test]
fn images_whose_names_meet_keep_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "book.toml",
        b"title = \"Bell\\u0007 book\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    );
    write(
        root,
        "entries/a.md",
        b"+++\ntitle = \"A\\u0007b\\u001bc\"\ntags = [\"x\\u0008y\"]\ndate = 2026-01-02\n+++\nOne ![spaced](../images/a%20b.png) and ![plain](../images/a_b.png) and ![numbered](../images/a_b-2.png).\n",
    );
    let images = repo().join("tests/fixtures/real-world/images");
    let pictures = [
        ("images/a b.png", "lighthouse-right.png"),
        ("images/a_b.png", "smile.png"),
        ("images/a_b-2.png", "my photo #1.png"),
    ];
    for (name, source) in pictures {
        write(root, name, &std::fs::read(images.join(source)).unwrap());
    }
    let (_out, epub) = build_epub(root);
    assert_epubcheck_clean(&epub);
    let mut book = Epub::open(&epub);
    let entry = book.text("OEBPS/text/a.xhtml");
    let doc = parse_xml("a.xhtml", &entry);
    for (alt, (_, source)) in ["spaced", "plain", "numbered"].iter().zip(pictures) {
        let img = doc
            .descendants()
            .find(|n| n.attribute("alt") == Some(alt))
            .unwrap_or_else(|| panic!("no <img alt=\"{alt}\">"));
        let src = img.attribute("src").unwrap().trim_start_matches("../");
        let mut archive = Epub::open(&epub);
        let packed = archive.bytes(&format!("OEBPS/{}", src.replace("%20", " ")));
        assert_eq!(
            packed,
            std::fs::read(images.join(source)).unwrap(),
            "<img alt=\"{alt}\" src=\"{src}\"> shows another picture"
        );
    }
    for (name, text) in book.xhtml() {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && !"\n\t\r".contains(c)),
            "{name} holds a control character"
        );
    }
    let opf = book.text("OEBPS/content.opf");
    assert!(!opf.chars().any(|c| c.is_control() && !"\n\t\r".contains(c)));
    assert!(opf.contains("Bell book"), "{opf}");
}
