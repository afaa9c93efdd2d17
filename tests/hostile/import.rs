//! Issue #14, the import side: exports built as an attacker (or a broken plugin) would build
//! them, run through the real `chapbook import`, then the written folder read back and built.
//! Each test names the attack; each failed before the fix (see the commit messages).

use crate::common::cli::{chapbook, import, write};
use crate::common::*;
use std::path::{Path, PathBuf};

/// A WXR 1.2 export of the blog at https://blog.example.org holding `items` (and `authors`,
/// written in the channel before them).
fn export(authors: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Hostile</title>
<link>https://blog.example.org</link>
<language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blog.example.org</wp:base_site_url>
<wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
{authors}
{items}
</channel>
</rss>
"#
    )
}

/// One published post (`extra` goes inside the item: comments, a different link).
fn post(n: usize, title: &str, html: &str, extra: &str) -> String {
    let link = if extra.contains("<link>") {
        String::new()
    } else {
        format!("<link>https://blog.example.org/p{n}/</link>")
    };
    format!(
        "<item><title><![CDATA[{title}]]></title>{link}<dc:creator>ann</dc:creator>\
<content:encoded><![CDATA[{html}]]></content:encoded><wp:post_id>{n}</wp:post_id>\
<wp:post_date>2024-01-0{d}10:00:00</wp:post_date><wp:post_name>p{n}</wp:post_name>\
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{extra}</item>\n",
        d = n % 9 + 1
    )
}

fn comment(id: &str, parent: &str, author_url: &str, body: &str) -> String {
    format!(
        "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Reader {id}</wp:comment_author>\
<wp:comment_author_url>{author_url}</wp:comment_author_url><wp:comment_date>2024-02-01 10:00:00</wp:comment_date>\
<wp:comment_content><![CDATA[{body}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )
}

fn import_ok(kind: &str, source: &Path, book: &Path, extra: &[&str]) -> String {
    let (code, stdout, stderr) = import(kind, source, book, extra);
    assert_eq!(code, 0, "import failed:\n{stdout}\n{stderr}");
    format!("{stdout}\n{stderr}")
}

/// Builds `book` to EPUB and PDF with the binary; returns the EPUB's path and stderr.
fn build_ok(book: &Path, out: &Path) -> (PathBuf, String) {
    let output = chapbook(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "build of {} failed ({:?}):\n{stderr}",
        book.display(),
        output.status
    );
    let epub = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    (epub, stderr)
}

/// Every file under `dir` with its text (lossy).
fn all_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap().flatten() {
            let p = item.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                out.push((p, text));
            }
        }
    }
    out.sort();
    out
}

/// Every entry of the EPUB as text.
fn epub_text(epub: &Path) -> String {
    let mut book = Epub::open(epub);
    let mut all = String::new();
    for name in book.names() {
        all.push_str(&name);
        all.push('\n');
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            all.push_str(&book.text(&name));
        }
    }
    all
}

#[test]
fn images_come_only_from_the_blogs_own_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("Downloads");
    let secret = b"\x89PNG\r\n\x1a\n passport scan, not for the book";
    let picture = std::fs::read(repo().join("book/images/route-map.png")).unwrap();
    // The victim's Downloads folder: a private scan beside the export (and in uploads/ by
    // its bare name), and the blog's own upload where WordPress keeps it.
    write(&source, "passport-scan.png", secret);
    write(&source, "uploads/passport-scan.png", secret);
    write(&source, "uploads/x/passport-scan.png", secret);
    write(&source, "uploads/2024/01/map.png", &picture);
    let html = concat!(
        r#"<p><img src="https://any-host.example/x/passport-scan.png" alt="scan"></p>"#,
        r#"<p><img src="https://blog.example.org/passport-scan.png" alt="not an upload"></p>"#,
        r#"<p><img src="https://blog.example.org/wp-content/uploads/..%2F..%2Fpassport-scan.png" alt="climb"></p>"#,
        r#"<p><img src="https://blog.example.org/wp-content/uploads/%2Fetc%2Fpasswd.png" alt="absolute"></p>"#,
        r#"<p><img src="https://blog.example.org/wp-content/uploads/2024/01/map.png" alt="The map"></p>"#,
        r#"<p><img src="/wp-content/uploads/2024/01/map-300x200.png" alt="The map, small"></p>"#,
    );
    std::fs::write(
        source.join("export.xml"),
        export("", &post(1, "Pictures", html, "")),
    )
    .unwrap();
    let book = dir.path().join("book");
    let log = import_ok("wordpress", &source.join("export.xml"), &book, &[]);
    // Only the blog's upload was copied, once for both of its addresses.
    let images: Vec<PathBuf> = std::fs::read_dir(book.join("images"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(images.len(), 1, "{images:?}\n{log}");
    assert_eq!(std::fs::read(&images[0]).unwrap(), picture);
    for (path, text) in all_files(&book) {
        assert!(
            !text.contains("passport scan"),
            "{} holds the scan",
            path.display()
        );
    }
    let entry = std::fs::read_to_string(book.join("entries/p1.md")).unwrap();
    assert!(
        entry.contains("[passport-scan.png](https://any-host.example/x/passport-scan.png)"),
        "the other site's image stays a link to its address:\n{entry}"
    );
    assert_eq!(entry.matches("](../images/map.png)").count(), 2, "{entry}");
    assert!(
        log.contains("2 image(s) are not uploads of this blog and stay links"),
        "{log}"
    );
    assert!(
        log.contains("https://any-host.example/x/passport-scan.png"),
        "{log}"
    );
    // The two forged upload paths are refused, as uploads not beside the export.
    assert!(
        log.contains("2 image(s) are not beside the export"),
        "{log}"
    );
}

#[test]
fn unsafe_schemes_and_direction_controls_never_reach_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let rlo = '\u{202E}';
    let items = post(
        1,
        "Scripted",
        &format!(
            "<p>Pay at <a href=\"https://bank.example/{rlo}gpj.exe\">https://bank.example/{rlo}gpj.exe</a> or https://bank.example/{rlo}x.</p>"
        ),
        &format!(
            "<link>javascript:alert(document.cookie)</link>{}{}{}",
            comment(
                "1",
                "0",
                "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
                "One."
            ),
            comment("2", "0", "vbscript:msgbox(1)", "Two."),
            comment(
                "3",
                "0",
                &format!("https://reader.example/{rlo}home"),
                "Three."
            ),
        ),
    );
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, export("", &items)).unwrap();
    let book = dir.path().join("book");
    let log = import_ok("wordpress", &wxr, &book, &[]);
    for (path, text) in all_files(&book) {
        for bad in ["javascript", "data:", "vbscript", "\u{202E}"] {
            assert!(
                !text.contains(bad),
                "{} holds {bad:?}:\n{text}",
                path.display()
            );
        }
    }
    for warning in [
        "the <link> of `Scripted` is a `javascript:` address",
        "the commenter's address of comment c1 on `Scripted` is a `data:` address",
        "the commenter's address of comment c2 on `Scripted` is a `vbscript:` address",
    ] {
        assert!(log.contains(warning), "missing `{warning}` in\n{log}");
    }
    let comments = std::fs::read_to_string(book.join("entries/p1.comments.toml")).unwrap();
    assert!(
        comments.contains("url = \"https://reader.example/home\""),
        "{comments}"
    );
    let entry = std::fs::read_to_string(book.join("entries/p1.md")).unwrap();
    assert!(
        entry.contains("[https://bank.example/gpj.exe](https://bank.example/gpj.exe)"),
        "{entry}"
    );

    // A feed: the alternate link and the author's <uri>.
    let atom = dir.path().join("feed.atom");
    std::fs::write(
        &atom,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><id>urn:f</id>
<entry><id>urn:e1</id><title>Linked</title><link rel="alternate" href="javascript:alert(1)"/>
<author><name>Ann</name><uri>javascript:alert(2)</uri></author><updated>2024-01-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry>
<entry><id>urn:e2</id><title>Fine</title><link rel="alternate" href="https://f.example/fine"/>
<author><name>Ben</name><uri>https://ben.example/</uri></author><updated>2024-01-02T00:00:00Z</updated>
<content type="html">x</content></entry>
</feed>"#,
    )
    .unwrap();
    let fbook = dir.path().join("fbook");
    let log = import_ok("feed", &atom, &fbook, &[]);
    for (path, text) in all_files(&fbook) {
        assert!(
            !text.contains("javascript"),
            "{} holds it:\n{text}",
            path.display()
        );
    }
    assert!(
        log.contains("the link of `Linked` is a `javascript:` address"),
        "{log}"
    );
    assert!(
        log.contains("the author's <uri> of `Linked` is a `javascript:` address"),
        "{log}"
    );
    let ben = std::fs::read_to_string(fbook.join("authors/ben.md")).unwrap();
    assert!(ben.contains("links = [\"https://ben.example/\"]"), "{ben}");
}

#[test]
fn direction_controls_are_dropped_from_link_targets_and_autolinks_in_the_build() {
    let b = crate::common::cli::book();
    write(
        b.path(),
        "entries/fine.md",
        "+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\nSee <https://bank.example/\u{202E}gpj.exe> and [the bank](https://bank.example/\u{2066}x\u{2069}) and https://bank.example/\u{202E}y.\n"
            .as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let (epub, _) = build_ok(b.path(), out.path());
    let text = epub_text(&epub);
    for c in ['\u{202E}', '\u{2066}', '\u{2069}'] {
        assert!(!text.contains(c), "U+{:04X} reached the EPUB", c as u32);
    }
    assert!(
        text.contains("href=\"https://bank.example/gpj.exe\">https://bank.example/gpj.exe</a>"),
        "{text}"
    );
    assert!(text.contains("href=\"https://bank.example/x\""), "{text}");
}

#[test]
fn addresses_never_become_author_ids_or_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let authors = "<wp:author><wp:author_login>jane.roe@ngo.example</wp:author_login><wp:author_email>jane.roe@ngo.example</wp:author_email><wp:author_display_name>Jane Roe</wp:author_display_name></wp:author>\
<wp:author><wp:author_login>x.y@mail.example</wp:author_login><wp:author_display_name>x.y@mail.example</wp:author_display_name></wp:author>";
    let mut items = post(1, "First", "<p>One.</p>", "").replace(
        "<dc:creator>ann</dc:creator>",
        "<dc:creator>jane.roe@ngo.example</dc:creator>",
    );
    items.push_str(&post(2, "Second", "<p>Two.</p>", "").replace(
        "<dc:creator>ann</dc:creator>",
        "<dc:creator>x.y@mail.example</dc:creator>",
    ));
    items.push_str(
        &post(3, "Third", "<p>Three.</p>", "")
            .replace(
                "<dc:creator>ann</dc:creator>",
                "<dc:creator>who@unlisted.example</dc:creator>",
            )
            .replace(
                "<wp:post_name>p3</wp:post_name>",
                "<wp:post_name>mail-me-at-who@unlisted.example</wp:post_name>",
            ),
    );
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, export(authors, &items)).unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &wxr, &book, &[]);
    let (epub, _) = build_ok(&book, &dir.path().join("out"));
    let mut everything: Vec<(String, String)> = all_files(&book)
        .into_iter()
        .map(|(p, t)| (p.display().to_string(), t))
        .collect();
    everything.push(("the EPUB".into(), epub_text(&epub)));
    for (what, text) in &everything {
        for form in [
            "ngo-example",
            "ngo.example",
            "mail-example",
            "mail.example",
            "unlisted",
        ] {
            assert!(
                !what.contains(form) && !text.contains(form),
                "{what} holds `{form}`:\n{text}"
            );
        }
    }
    let mut ids: Vec<String> = std::fs::read_dir(book.join("authors"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, ["author-2.md", "author-3.md", "jane-roe.md"]);
    let second = std::fs::read_to_string(book.join("authors/author-2.md")).unwrap();
    assert!(second.contains("name = \"Author 2\""), "{second}");

    // A feed whose author is an address.
    let rss = dir.path().join("feed.rss");
    std::fs::write(
        &rss,
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>F</title>
<item><title>Hi</title><link>https://f.example/hi</link><guid>g1</guid><dc:creator>someone@feed.example</dc:creator><description>x</description></item>
</channel></rss>"#,
    )
    .unwrap();
    let fbook = dir.path().join("fbook");
    import_ok("feed", &rss, &fbook, &[]);
    for (path, text) in all_files(&fbook) {
        let shown = path.display().to_string();
        assert!(
            !shown.contains("feed-example")
                && !text.contains("feed.example")
                && !text.contains("feed-example"),
            "{shown}:\n{text}"
        );
    }
    assert!(fbook.join("authors/author-1.md").is_file());
}

#[test]
fn reply_cycles_and_duplicate_ids_are_repaired_and_the_book_builds() {
    let dir = tempfile::tempdir().unwrap();
    let mut comments = String::new();
    for (id, parent) in [
        ("1", "0"),
        ("2", "3"),
        ("3", "2"),
        ("4", "4"),
        ("5", "0"),
        ("5", "1"),
        ("6", "5"),
    ] {
        comments.push_str(&comment(
            id,
            parent,
            "",
            &format!("Comment {id} answering {parent}."),
        ));
    }
    // A chain of 120 replies: deeper than the build takes (100).
    comments.push_str(&comment("100", "0", "", "Chain start."));
    for i in 101..220 {
        comments.push_str(&comment(
            &i.to_string(),
            &(i - 1).to_string(),
            "",
            &format!("Link {i}."),
        ));
    }
    let wxr = dir.path().join("export.xml");
    std::fs::write(
        &wxr,
        export("", &post(1, "Threads", "<p>Text.</p>", &comments)),
    )
    .unwrap();
    let book = dir.path().join("book");
    let log = import_ok("wordpress", &wxr, &book, &[]);
    for warning in [
        "comment id(s) used twice: `c5` (now `c5-2`)",
        "comments `c2`, `c3` reply to each other in a circle; `c2` is now a top-level comment",
        "comments `c4` reply to each other in a circle; `c4` is now a top-level comment",
        "20 repl(ies) nested more than 100 deep now answer a comment higher in the thread",
    ] {
        assert!(log.contains(warning), "missing `{warning}` in\n{log}");
    }
    let file = std::fs::read_to_string(book.join("entries/p1.comments.toml")).unwrap();
    let parsed: toml::Value = toml::from_str(&file).unwrap();
    let records = parsed["comment"].as_array().unwrap();
    let find = |id: &str| {
        records
            .iter()
            .find(|r| r["id"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no {id} in\n{file}"))
    };
    assert!(find("c2").get("parent").is_none());
    assert_eq!(find("c3")["parent"].as_str(), Some("c2"));
    assert!(find("c4").get("parent").is_none());
    assert_eq!(find("c5-2")["parent"].as_str(), Some("c1"));
    assert_eq!(
        find("c6")["parent"].as_str(),
        Some("c5"),
        "a reply keeps the first c5"
    );
    assert_eq!(find("c219")["parent"].as_str(), Some("c198"));
    let (epub, _) = build_ok(&book, &dir.path().join("out"));
    let text = epub_text(&epub);
    for id in [
        "Comment 2 answering 3",
        "Comment 5 answering 1",
        "Link 219.",
    ] {
        assert!(text.contains(id), "`{id}` is not in the EPUB");
    }

    // A feed with a repeated entry id and replies answering each other.
    let atom = dir.path().join("feed.atom");
    std::fs::write(
        &atom,
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"><title>F</title><id>urn:f</id>
<entry><id>urn:post</id><title>Post</title><link href="https://f.example/post"/><updated>2024-01-01T00:00:00Z</updated><content type="html">Body.</content></entry>
<entry><id>urn:a</id><title>a</title><thr:in-reply-to ref="urn:post"/><updated>2024-01-02T00:00:00Z</updated><content type="html">First a.</content></entry>
<entry><id>urn:a</id><title>a again</title><thr:in-reply-to ref="urn:post"/><updated>2024-01-03T00:00:00Z</updated><content type="html">Second a.</content></entry>
<entry><id>urn:b</id><title>b</title><thr:in-reply-to ref="urn:c"/><updated>2024-01-04T00:00:00Z</updated><content type="html">B answers c.</content></entry>
<entry><id>urn:c</id><title>c</title><thr:in-reply-to ref="urn:b"/><updated>2024-01-05T00:00:00Z</updated><content type="html">C answers b.</content></entry>
</feed>"#,
    )
    .unwrap();
    let fbook = dir.path().join("fbook");
    let log = import_ok("feed", &atom, &fbook, &[]);
    let (epub, _) = build_ok(&fbook, &dir.path().join("fout"));
    let text = epub_text(&epub);
    for body in ["First a.", "Second a.", "B answers c.", "C answers b."] {
        assert!(text.contains(body), "`{body}` is not in the EPUB\n{log}");
    }
    assert!(log.contains("reply to each other in a circle"), "{log}");
}

#[test]
fn items_without_status_or_type_or_with_a_foreign_namespace_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut items = post(1, "Real", "<p>Real.</p>", "");
    items.push_str(
        &post(2, "No status", "<p>2</p>", "").replace("<wp:status>publish</wp:status>", ""),
    );
    items.push_str(
        &post(3, "No type", "<p>3</p>", "").replace("<wp:post_type>post</wp:post_type>", ""),
    );
    items.push_str(&post(4, "Foreign", "<p>4</p>", "").replace(
        "<item>",
        "<item xmlns:wp=\"https://evil.example/wordpress.org/export/1.2/\">",
    ));
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, export("", &items)).unwrap();
    let book = dir.path().join("book");
    let log = import_ok("wordpress", &wxr, &book, &[]);
    let names = |book: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(book.join("entries"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&book), ["p1.md"], "{log}");
    for warning in [
        "the item `No status` has no <wp:status>; it was left out",
        "the item `No type` has no <wp:post_type>; it was left out",
        "the item `Foreign` binds `wp:` to `https://evil.example/wordpress.org/export/1.2/`",
        "left out: 3 × item without <wp:status> or <wp:post_type>, or with a foreign `wp:` namespace (keep with --include-unknown)",
    ] {
        assert!(log.contains(warning), "missing `{warning}` in\n{log}");
    }
    let all = dir.path().join("all");
    import_ok("wordpress", &wxr, &all, &["--include-unknown"]);
    assert_eq!(names(&all), ["foreign.md", "p1.md", "p2.md", "p3.md"]);
    build_ok(&all, &dir.path().join("out"));
}

#[test]
fn long_titles_make_names_of_at_most_100_bytes_that_stay_unique() {
    let dir = tempfile::tempdir().unwrap();
    let long = "word ".repeat(1000);
    let cyrillic = "Ж".repeat(150);
    let mut items = String::new();
    for (n, title) in [
        (1, long.as_str()),
        (2, cyrillic.as_str()),
        (3, cyrillic.as_str()),
    ] {
        items.push_str(
            &post(n, title, "<p>Text.</p>", "")
                .replace(&format!("<wp:post_name>p{n}</wp:post_name>"), ""),
        );
    }
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, export("", &items)).unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &wxr, &book, &[]);
    let names: Vec<String> = std::fs::read_dir(book.join("entries"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in &names {
        assert!(name.len() <= 100, "{name} has {} bytes", name.len());
    }
    let stems: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(stems.len(), 3);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("жжж") && n.ends_with("-2.md")),
        "{names:?}"
    );
    let (epub, _) = build_ok(&book, &dir.path().join("out"));
    assert!(epub_text(&epub).contains(&cyrillic));
}

/// 20,000 nested `<div>`s, 20,000 `<blockquote>`s and 75,000 `<em>`s, and lists, links and
/// tables as deep.
fn nesting_bombs() -> Vec<(&'static str, String)> {
    let nest = |open: &str, close: &str, n: usize, inner: &str| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    vec![
        ("divs", nest("<div>", "</div>", 20_000, "deep divs")),
        (
            "quotes",
            nest("<blockquote>", "</blockquote>", 20_000, "deep quotes"),
        ),
        ("emphasis", nest("<em>", "</em>", 75_000, "deep emphasis")),
        (
            "lists",
            nest("<ul><li>", "</li></ul>", 20_000, "deep lists"),
        ),
        (
            "links",
            nest(
                "<a href=\"https://a.example/\">",
                "</a>",
                20_000,
                "deep links",
            ),
        ),
        (
            "tables",
            nest(
                "<table><tr><td>",
                "</td></tr></table>",
                10_000,
                "deep tables",
            ),
        ),
        ("unclosed", "<span><b>".repeat(20_000) + "deep unclosed"),
    ]
}

#[test]
fn the_html_converter_survives_deep_nesting_on_a_2_mb_stack() {
    // The main thread has 8 MB; a spawned thread 2 MB, so a pass is not luck.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for (name, html) in nesting_bombs() {
                let converted = chapbook::import::html::to_markdown(
                    &chapbook::import::html::Input {
                        html: &html,
                        autop: true,
                        footnotes: &[],
                        base: None,
                    },
                    &mut chapbook::import::html::NoImages,
                );
                assert!(
                    converted.markdown.contains(&format!("deep {name}")),
                    "{name}: the text was lost"
                );
                assert!(converted.flattened_elements > 0, "{name}");
                let deepest_quote = converted
                    .markdown
                    .lines()
                    .map(|l| l.matches("> ").count())
                    .max()
                    .unwrap_or(0);
                assert!(deepest_quote <= 48, "{name}: {deepest_quote} quote levels");
                assert!(converted.flattened_message().is_some());
            }
            // The XML reader too: 20,000 nested elements in a feed.
            let xml = format!(
                "<rss><channel>{}deep xml{}</channel></rss>",
                "<x>".repeat(20_000),
                "</x>".repeat(20_000)
            );
            let doc = chapbook::import::xml::parse(&xml).unwrap();
            assert_eq!(doc.root.text(), "deep xml");
            assert!(doc.repairs[0].message.contains("nested more than 200 deep"));
        })
        .unwrap();
    worker
        .join()
        .expect("the converter overflowed its stack or panicked");
}

#[test]
fn nesting_bombs_import_and_build_without_overflowing() {
    let dir = tempfile::tempdir().unwrap();
    let items: String = nesting_bombs()
        .iter()
        .enumerate()
        .map(|(i, (name, html))| post(i + 1, &format!("Deep {name}"), html, ""))
        .collect();
    let wxr = dir.path().join("export.xml");
    std::fs::write(&wxr, export("", &items)).unwrap();
    let book = dir.path().join("book");
    let log = import_ok("wordpress", &wxr, &book, &[]);
    for (name, _) in nesting_bombs() {
        assert!(
            log.contains(&format!("in `Deep {name}`: "))
                && log.contains("nested more than 200 deep were flattened"),
            "no warning for {name}:\n{log}"
        );
    }
    let (epub, _) = build_ok(&book, &dir.path().join("out"));
    let text = epub_text(&epub);
    for (name, _) in nesting_bombs() {
        assert!(
            text.contains(&format!("deep {name}")),
            "`deep {name}` is not in the EPUB"
        );
    }
}

#[test]
fn theme_test_captions_are_figure_captions_in_the_epub() {
    let Some(shared) = shared() else {
        eprintln!("NOTE: ../shared not found; captions not checked on the theme test export");
        return;
    };
    let export = shared.join("corpora/wordpress/themeunittestdata.wordpress.xml");
    let text = std::fs::read_to_string(&export).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("export");
    // A picture of ours under every upload path the export names (WordPress.com serves the
    // blog's uploads from wpthemetestdata.files.wordpress.com/YYYY/MM/…).
    let png = std::fs::read(repo().join("book/images/route-map.png")).unwrap();
    let jpg =
        std::fs::read(repo().join("tests/fixtures/real-world/images/sunset-left.jpg")).unwrap();
    let host = "wpthemetestdata.files.wordpress.com/";
    for (at, _) in text.match_indices(host) {
        let tail = &text[at + host.len()..];
        let end = tail
            .find(|c: char| "\"'<> ?#]),".contains(c))
            .unwrap_or(tail.len());
        let path = &tail[..end];
        let bytes = match path
            .rsplit('.')
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => &png,
            Some("jpg" | "jpeg") => &jpg,
            _ => continue,
        };
        write(&source, &format!("uploads/{path}"), bytes);
    }
    std::fs::copy(&export, source.join("export.xml")).unwrap();
    let book = dir.path().join("book");
    import_ok("wordpress", &source.join("export.xml"), &book, &[]);
    let alignment =
        std::fs::read_to_string(book.join("entries/markup-image-alignment.md")).unwrap();
    assert!(
        alignment.contains("\"Feels good to be right all the time.\"){.alignright}"),
        "{alignment}"
    );
    assert!(
        !alignment.contains("*Feels good"),
        "the caption is no separate paragraph:\n{alignment}"
    );
    let (_out, epub) = build_epub(&book);
    assert_epubcheck_clean(&epub);
    let mut opened = Epub::open(&epub);
    let mut captions = Vec::new();
    for (name, xhtml) in opened.xhtml() {
        let doc = parse_xml(&name, &xhtml);
        for figure in doc.descendants().filter(|n| n.has_tag_name("figure")) {
            let Some(caption) = figure.children().find(|n| n.has_tag_name("figcaption")) else {
                continue;
            };
            let text: String = caption
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            let link = caption
                .descendants()
                .find(|n| n.has_tag_name("a"))
                .and_then(|a| a.attribute("href").map(str::to_string));
            captions.push((figure.attribute("class").map(str::to_string), text, link));
        }
    }
    let find = |needle: &str| {
        captions
            .iter()
            .find(|(_, t, _)| t.contains(needle))
            .unwrap_or_else(|| panic!("no <figcaption> with `{needle}`: {captions:#?}"))
    };
    assert_eq!(
        find("Feels good to be right all the time.").0.as_deref(),
        Some("alignright")
    );
    assert_eq!(
        find("Bigger caption than the image usually is.")
            .0
            .as_deref(),
        Some("alignleft")
    );
    assert_eq!(
        find("This massive image is centered.").0.as_deref(),
        Some("aligncenter")
    );
    let linked = find("Look at 580x300 getting some caption love.");
    assert_eq!(
        linked.2.as_deref(),
        Some("https://en.support.wordpress.com/images/image-settings/"),
        "the link in the caption is kept"
    );
    find("Chunk of resinous blackboy husk");
    find("Bell on wharf in San Francisco");
    eprintln!(
        "theme test: {} captioned figures in the EPUB",
        captions.len()
    );
}
