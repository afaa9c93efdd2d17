//! The entries are read apart, in parallel, and taken in in their order: the diagnostics of
//! many bad entries come in file order, and images are numbered in the book's order of first
//! use, with an SVG file's cleaning reported once, at its first use, as a reading in order
//! reports them.

use chapbook::model::Book;
use std::path::Path;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn entry(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}\n")
}

/// Every diagnostic as `file:line: message`, in the order reported.
fn diagnostics(root: &Path) -> (Option<Book>, Vec<String>) {
    let (book, diags) = chapbook::source::load_partial(root, None);
    let listed = diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.file.display(),
                d.line.unwrap_or(0),
                d.message
            )
        })
        .collect();
    (book, listed)
}

#[test]
fn diagnostics_of_many_bad_entries_come_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "book.toml",
        "title = \"Order\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    );
    for n in 0..40 {
        let name = format!("entries/e{n:02}.md");
        let text = match n % 5 {
            0 => entry(&format!("Fine {n}"), "Nothing wrong here."),
            1 => format!("+++\ntitle = \"Bad tag {n}\"\nlang = \"kz\"\n+++\nText.\n"),
            2 => entry(
                &format!("Note {n}"),
                "A citation[^missing] and <b>raw</b> HTML.",
            ),
            3 => entry(&format!("Image {n}"), "![gone](../images/none.png)"),
            _ => format!("+++\ntitle = \"Broken {n}\"\nunknown-key = 1\n+++\nText[^x].\n"),
        };
        write(root, &name, &text);
    }
    let (book, listed) = diagnostics(root);
    assert!(book.is_some(), "a partial book is kept");
    // Each entry's diagnostics in the order its text gives them, the entries in name order.
    let mut expected = Vec::new();
    for n in 0..40 {
        let f = format!("entries/e{n:02}.md");
        let lines: &[&str] = match n % 5 {
            0 => &[],
            1 => &[":3: `kz` is a country code (Kazakhstan); Kazakh is kk"],
            2 => &[
                ":4: raw HTML `<b>` is shown as text",
                ":4: raw HTML `</b>` is shown as text",
                ":4: footnote [^missing] is cited but never defined",
            ],
            3 => &[":4: image `../images/none.png` cannot be read (images/none.png: no such file)"],
            _ => &[
                ":3: unknown key `unknown-key`",
                ":5: footnote [^x] is cited but never defined",
            ],
        };
        expected.extend(lines.iter().map(|l| format!("{f}{l}")));
    }
    assert_eq!(listed, expected);
    // The same on every run.
    for _ in 0..3 {
        assert_eq!(diagnostics(root).1, listed);
    }
}

#[test]
fn images_are_numbered_in_the_books_order_and_a_cleaned_svg_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "book.toml",
        "title = \"Images\"\nlanguage = \"en\"\ndate = 2026-01-01\n",
    );
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
    write(root, "images/one.svg", svg);
    write(root, "images/two.svg", svg);
    write(
        root,
        "images/bad.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>",
    );
    write(
        root,
        "entries/a.md",
        &entry("A", "Text ![one](../images/one.svg) text."),
    );
    write(
        root,
        "entries/b.md",
        &entry(
            "B",
            "![two](../images/two.svg) ![one](../images/one.svg)\n\nText [^n].\n\n[^n]: ![bad](../images/bad.svg) in a note.",
        ),
    );
    write(
        root,
        "entries/c.md",
        &entry("C", "![bad](../images/bad.svg)"),
    );
    write(
        root,
        "entries/d.md",
        &entry("D", "> - ![two](../images/two.svg) in a list in a quote."),
    );
    let (book, listed) = diagnostics(root);
    let mut book = book.expect("book");
    let paths: Vec<&str> = book.images.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        ["images/one.svg", "images/two.svg", "images/bad.svg"]
    );
    let names: Vec<String> = book.images.iter().map(|i| i.path.clone()).collect();
    let mut used = Vec::new();
    for entry in &mut book.entries {
        let mut images = Vec::new();
        chapbook::model::walk::entry_images_mut(entry, &mut |image| {
            images.push(names[*image].trim_start_matches("images/").to_string())
        });
        used.push(images.join(" "));
    }
    assert_eq!(
        used,
        ["one.svg", "two.svg one.svg bad.svg", "bad.svg", "two.svg"]
    );
    let cleaned: Vec<&String> = listed.iter().filter(|l| l.contains("removed")).collect();
    assert_eq!(cleaned.len(), 1, "{listed:#?}");
    assert!(cleaned[0].starts_with("entries/b.md:"), "{cleaned:?}");
}
