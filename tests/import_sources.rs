//! `chapbook import site|blogger|ghost`: static sites with Staticman and Disqus comments,
//! Blogger's two export forms and Ghost's JSON, run through the real binary on the fixtures
//! of `tests/import-fixtures/` (see its README for where each comes from), built, validated
//! with EPUBCheck, and every comment looked for under its parent in the EPUB.

mod common;

use common::cli::{build_outputs, chapbook, import, import_ok};
use common::{assert_epubcheck_clean, parse_xml, repo};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/import-fixtures").join(name)
}

/// Builds with the binary, checks the EPUB with EPUBCheck; returns the EPUB's documents by
/// name and the PDF's path.
fn build_checked(book: &Path, out: &Path) -> (BTreeMap<String, String>, PathBuf) {
    let (epub, pdf) = build_outputs(book, out);
    assert_epubcheck_clean(&epub);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut docs = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if name.ends_with(".xhtml") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            docs.insert(name, text);
        }
    }
    (docs, pdf)
}

/// Every comment of an EPUB document: its id and the id of the comment it is nested under
/// (`None` at the top of the entry's responses).
fn nesting(name: &str, xhtml: &str) -> HashMap<String, Option<String>> {
    let doc = parse_xml(name, xhtml);
    let mut out = HashMap::new();
    for li in doc
        .descendants()
        .filter(|n| n.has_tag_name("li") && n.attribute("class") == Some("comment"))
    {
        let id = li.attribute("id").unwrap().to_string();
        let parent = li
            .ancestors()
            .skip(1)
            .find(|a| a.has_tag_name("li") && a.attribute("class") == Some("comment"))
            .and_then(|a| a.attribute("id"))
            .map(str::to_string);
        out.insert(id, parent);
    }
    out
}

/// The single-line `key: value` fields of a Staticman data file, read by the test itself.
fn fields(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            (
                k.trim().to_string(),
                v.trim().trim_matches(['\'', '"']).to_string(),
            )
        })
        .collect()
}

fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

#[test]
fn jekyll_site_with_staticman_comments_imports_builds_and_nests_every_comment() {
    let site = fixture("jekyll-mm");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok("site", &site, &book, &[]);
    assert!(
        stdout.contains("kept: 5 × entry, 24 × comment, 1 × author, 2 × image"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left out: 1 draft(s)")
            && stdout.contains("left out: 1 post(s) dated after today"),
        "{stdout}"
    );
    // The warnings, counted by kind, each naming the post and its line.
    let warnings = warning_lines(&stderr);
    for (kind, file_line) in [
        (
            "1 × {% include toc %} dropped",
            "2024-02-10-staticman-threads.md:21",
        ),
        (
            "1 × kramdown attribute list `{: …}` dropped",
            "2024-02-10-staticman-threads.md:17",
        ),
        (
            "1 × {% capture %} dropped",
            "2010-08-07-post-image-caption.md:10",
        ),
        (
            "1 × {{ fig_img }} dropped",
            "2010-08-07-post-image-caption.md:15",
        ),
        (
            "not-in-the-repository.jpg` is not in the site's folders",
            "2024-02-10-staticman-threads.md:19",
        ),
        (
            "<iframe> embeds became links",
            "2010-06-02-post-video-youtube.md",
        ),
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(kind)),
            "no warning `{kind}`:\n{stderr}"
        );
        assert!(stderr.contains(file_line), "no `{file_line}`:\n{stderr}");
    }
    assert_eq!(warnings.len(), 6, "{stderr}");
    // Front matter and the config: the site's author with the bio and links of _config.yml
    // (an alias of an anchor), the post's own language, a link between entries.
    let author = std::fs::read_to_string(book.join("authors/michael-rose.md")).unwrap();
    assert!(
        author.contains("name = \"Michael Rose\"") && author.contains("*time traveling*"),
        "{author}"
    );
    let entry = std::fs::read_to_string(book.join("entries/staticman-threads.md")).unwrap();
    for expected in [
        "date = \"2024-02-10T09:30:00-05:00\"",
        "lang = \"en\"",
        "[another post](layout-comments.md)",
        "![A pier at dusk](../images/pier.png \"The pier, from the site's own images.\")",
        "[site's home](https://mmistakes.github.io/minimal-mistakes/)",
    ] {
        assert!(entry.contains(expected), "`{expected}` not in:\n{entry}");
    }
    let code = std::fs::read_to_string(book.join("entries/markup-syntax-highlighting.md")).unwrap();
    assert!(
        code.contains("```scss\n.highlight {")
            && code.contains("<a href=\"{{ site.url }}{{ page.previous.url }}\""),
        "{code}"
    );
    assert!(
        !code.contains("{% raw %}")
            && !code.contains("{% endhighlight")
            && code.contains("[`{% highlight %}` tag]"),
        "{code}"
    );
    // The book needs a CJK font for a comment in Chinese: the user adds it as the build says.
    let config = book.join("book.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[pdf.fonts]\nfallback = [\"Noto Sans CJK SC\"]\n");
    std::fs::write(&config, &text).unwrap();
    // A re-import never overwrites that edit.
    let (code, _, stderr) = import("site", &site, &book, &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("book.toml") && stderr.contains("edited"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
    let (docs, _pdf) = build_checked(&book, &dir.path().join("out"));
    // Every comment of the data files is in the EPUB, under its parent as the site threads
    // it (`replying_to_uid`, else the n-th top-level comment for `replying_to: n`).
    let root = site.join("_data/comments");
    let mut seen = 0;
    for post in std::fs::read_dir(&root).unwrap().flatten() {
        let slug = post.file_name().to_string_lossy().into_owned();
        let doc = &docs[&format!("OEBPS/text/{slug}.xhtml")];
        let nested = nesting(&slug, doc);
        let mut files: Vec<PathBuf> = std::fs::read_dir(post.path())
            .unwrap()
            .flatten()
            .map(|f| f.path())
            .collect();
        files.sort();
        let records: Vec<(String, HashMap<String, String>)> = files
            .iter()
            .map(|f| {
                (
                    f.file_stem().unwrap().to_string_lossy().into_owned(),
                    fields(&std::fs::read_to_string(f).unwrap()),
                )
            })
            .collect();
        let top: Vec<&String> = records
            .iter()
            .filter(|(_, f)| {
                f.get("replying_to").is_none_or(String::is_empty)
                    && f.get("replying_to_uid").is_none_or(String::is_empty)
            })
            .map(|(s, _)| s)
            .collect();
        for (stem, f) in &records {
            let expected = match (
                f.get("replying_to_uid").filter(|u| !u.is_empty()),
                f.get("replying_to").filter(|r| !r.is_empty()),
            ) {
                (Some(uid), _) => records
                    .iter()
                    .find(|(_, g)| g.get("_id") == Some(uid))
                    .map(|(s, _)| s.clone()),
                (None, Some(n)) => top
                    .get(n.parse::<usize>().unwrap() - 1)
                    .map(|s| (*s).clone()),
                _ => None,
            };
            let id = format!("comment-{stem}");
            assert_eq!(
                nested.get(&id),
                Some(&expected.map(|p| format!("comment-{p}"))),
                "{slug}/{stem}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 24);
    // Staticman's e-mail field (an MD5 of the address) is never written.
    let everything: String = docs.values().cloned().collect();
    assert!(
        !everything.contains("1ce71bc10b86565464b612093d89707e") && !everything.contains("email")
    );
    let comments =
        std::fs::read_to_string(book.join("entries/layout-comments.comments.toml")).unwrap();
    assert!(
        !comments.contains("1ce71bc10b86565464b612093d89707e"),
        "{comments}"
    );
}

#[test]
fn hugo_site_with_shortcodes_imports_and_builds() {
    let site = fixture("hugo-ananke");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok("site", &site, &book, &[]);
    assert!(stdout.contains("kept: 4 × entry, 0 × comment, 3 × author, 1 × image, 1 × image on another site (a link)"), "{stdout}");
    assert!(stdout.contains("left out: 1 draft(s)"), "{stdout}");
    let warnings = warning_lines(&stderr);
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("1 × {{< notice >}} dropped")
            && stderr.contains("in-this-together.md:19"),
        "{stderr}"
    );
    let entry = std::fs::read_to_string(book.join("entries/together.md")).unwrap();
    for expected in [
        "authors = [\"quasimodo\", \"esmeralda\"]",
        "url = \"https://example.com/post/together/\"",
        "\n![](../images/in-this-together.jpg \"The square: Seen from the tower.\")\n",
        "\n[YouTube video](https://www.youtube.com/watch?v=ZJthWmvUzzc)\n",
        "[the second chapter](chapter-2.md), or on to [Vimeo video](https://vimeo.com/48912912) and\n[Post on X](https://x.com/SanDiegoZoo/status/1453110110599868418).",
        "A theme's own shortcode: its text is kept.",
    ] {
        assert!(entry.contains(expected), "`{expected}` not in:\n{entry}");
    }
    let chapter = std::fs::read_to_string(book.join("entries/chapter-2.md")).unwrap();
    assert!(
        chapter.contains("date = \"2017-04-10T11:00:59-04:00\"")
            && chapter.contains("“Michel Giborne!”"),
        "{chapter}"
    );
    let (docs, _) = build_checked(&book, &dir.path().join("out"));
    let together = &docs["OEBPS/text/together.xhtml"];
    assert!(
        together.contains("<a href=\"chapter-2.xhtml\">the second chapter</a>"),
        "{together}"
    );
    assert!(
        together.contains("<figcaption>The square: Seen from the tower.</figcaption>"),
        "{together}"
    );
}

#[test]
fn a_disqus_export_s_threads_are_reproduced_exactly() {
    let export = fixture("disqus/isso-disqus.xml");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok(
        "site",
        &fixture("disqus/site"),
        &book,
        &["--comments", export.to_str().unwrap()],
    );
    assert!(
        stdout.contains("kept: 2 × entry, 4 × comment")
            && stdout.contains("left out: 1 deleted Disqus comment(s)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 Disqus comment(s) name a thread that is not in the export")
            && stderr.contains("isso-disqus.xml:66"),
        "{stderr}"
    );
    assert!(
        stderr.contains("answer a deleted or spam comment"),
        "{stderr}"
    );
    let (docs, _) = build_checked(&book, &dir.path().join("out"));
    // The export, read by the test: each live post's thread and parent.
    let text = std::fs::read_to_string(&export).unwrap();
    let xml = parse_xml("isso-disqus.xml", &text);
    let dsq = "http://disqus.com/disqus-internals";
    let id_of = |n: roxmltree::Node| n.attribute((dsq, "id")).map(str::to_string);
    let threads: HashMap<String, String> = xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("thread"))
        .filter_map(|t| {
            Some((
                id_of(t)?,
                t.children()
                    .find(|c| c.has_tag_name("link"))?
                    .text()?
                    .trim()
                    .to_string(),
            ))
        })
        .collect();
    let child_text = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let gone: Vec<String> = xml
        .root_element()
        .children()
        .filter(|n| {
            n.has_tag_name("post")
                && (child_text(*n, "isDeleted") == "true" || child_text(*n, "isSpam") == "true")
        })
        .filter_map(id_of)
        .collect();
    let all: HashMap<String, Option<String>> = docs
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/text/"))
        .flat_map(|(n, d)| nesting(n, d))
        .collect();
    let mut live = 0;
    for post in xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("post"))
    {
        let id = id_of(post).unwrap();
        let thread = post
            .children()
            .find(|c| c.has_tag_name("thread"))
            .and_then(id_of)
            .unwrap();
        let key = format!("comment-disqus-{id}");
        if gone.contains(&id) || !threads.contains_key(&thread) {
            assert!(!all.contains_key(&key), "{key} is left out");
            continue;
        }
        live += 1;
        let parent = post
            .children()
            .find(|c| c.has_tag_name("parent"))
            .and_then(id_of)
            .filter(|p| !gone.contains(p));
        assert_eq!(
            all.get(&key),
            Some(&parent.map(|p| format!("comment-disqus-{p}"))),
            "{key}"
        );
    }
    assert_eq!(live, 4);
    // The thread whose link is the post's address is under that post; the other has an entry.
    assert!(
        nesting("redacted", &docs["OEBPS/text/redacted.xhtml"]).contains_key("comment-disqus-8")
    );
    assert!(
        nesting("hello", &docs["OEBPS/text/hello-world.xhtml"]).contains_key("comment-disqus-5")
    );
    // Commenters' e-mail and IP addresses are not in the book.
    let everything: String = docs.values().cloned().collect::<String>()
        + &std::fs::read_to_string(book.join("entries/hello-world.comments.toml")).unwrap();
    for private in ["foo@bar.com", "baz@email.foo", "127.0.0.1"] {
        assert!(!everything.contains(private), "{private} leaked");
    }
}

#[test]
fn blogger_exports_in_both_forms_import_with_their_threads_and_build() {
    for (file, kept, left, chain) in [
        (
            "takeout-feed.atom",
            "kept: 2 × entry, 4 × comment, 1 × author",
            "left out: 1 deleted, spam or unpublished comment(s)",
            "spring-planting-day",
        ),
        (
            "blog-legacy-export.xml",
            "kept: 1 × entry, 3 × comment, 1 × author",
            "left out: 1 draft(s)",
            "setting-type-by-hand",
        ),
    ] {
        let export = fixture("blogger").join(file);
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        let (stdout, _) = import_ok("blogger", &export, &book, &[]);
        assert!(
            stdout.contains(kept) && stdout.contains(left),
            "{file}: {stdout}"
        );
        let (docs, _) = build_checked(&book, &dir.path().join("out"));
        let nested = nesting(chain, &docs[&format!("OEBPS/text/{chain}.xhtml")]);
        assert_eq!(nested.get("comment-c1"), Some(&None), "{file}");
        assert_eq!(
            nested.get("comment-c2"),
            Some(&Some("comment-c1".to_string())),
            "{file}"
        );
        let everything: String = docs.values().cloned().collect();
        for private in [
            "aigerim.s@garden.example",
            "dana@mail.example",
            "reader@mail.example",
            "noreply@blogger.com",
        ] {
            assert!(!everything.contains(private), "{file}: {private} leaked");
        }
        if file.starts_with("takeout") {
            assert_eq!(
                nested.get("comment-c3"),
                Some(&Some("comment-c2".to_string()))
            );
            assert!(
                docs.contains_key("OEBPS/text/blog-post.xhtml"),
                "the Russian post"
            );
            assert!(!everything.contains("Buy cheap seeds"), "a deleted comment");
        } else {
            assert_eq!(nested.get("comment-c3"), Some(&None));
            assert!(!everything.contains("Inks (unfinished)"), "a draft");
        }
        // Pages and drafts when asked.
        let more = dir.path().join("more");
        let (stdout, _) = import_ok("blogger", &export, &more, &["--drafts", "--include-pages"]);
        assert!(
            !stdout.contains("draft(s)") && !stdout.contains("page(s)"),
            "{stdout}"
        );
    }
}

#[test]
fn a_ghost_export_imports_authors_tags_and_every_content_form() {
    let export = fixture("ghost/river-friends.ghost.json");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let (stdout, stderr) = import_ok("ghost", &export, &book, &[]);
    assert!(
        stdout.contains("kept: 3 × entry, 2 × author, 1 × image"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left out: 1 draft or scheduled post(s)")
            && stdout.contains("left out: 1 page(s)"),
        "{stdout}"
    );
    assert!(stderr.contains("left out: signup"), "{stderr}");
    let lexical = std::fs::read_to_string(book.join("entries/river-clean-up-march.md")).unwrap();
    for expected in [
        "authors = [\"aliya\", \"tom\"]",
        "tags = [\"Clean-ups\"]",
        "**sixty**",
        "![The river bank](../images/river.jpg \"The east bank after the clean-up.\")",
        "## What we found",
        "- *one bicycle*",
    ] {
        assert!(
            lexical.contains(expected),
            "`{expected}` not in:\n{lexical}"
        );
    }
    let mobiledoc = std::fs::read_to_string(book.join("entries/how-we-started.md")).unwrap();
    assert!(
        mobiledoc.contains("Our *first* meeting")
            && mobiledoc.contains("[our site](https://river-friends.example.org/)"),
        "{mobiledoc}"
    );
    let author = std::fs::read_to_string(book.join("authors/aliya.md")).unwrap();
    assert!(
        author.contains("Founder of River Friends")
            && author.contains("https://x.com/riverfriends"),
        "{author}"
    );
    let (docs, _) = build_checked(&book, &dir.path().join("out"));
    let everything: String = docs.values().cloned().collect();
    assert!(everything.contains("Жаңа маусым"));
    for private in ["aliya@river-friends.example.org", "tom.weller@mail.example"] {
        assert!(!everything.contains(private), "{private} leaked");
    }
}

#[test]
fn a_site_folder_given_to_build_says_to_import_it_and_yaml_entries_name_the_command() {
    let out = tempfile::tempdir().unwrap();
    let output = chapbook(&[
        "build",
        fixture("jekyll-mm").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("this is the source folder of a Jekyll site")
            && stderr.contains("chapbook import site"),
        "{stderr}"
    );
    let book = common::cli::book();
    common::cli::write(
        book.path(),
        "entries/yaml.md",
        b"---\ntitle: A post\n---\nText\n",
    );
    let output = chapbook(&["check", book.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("entries/yaml.md:1")
            && stderr.contains("YAML")
            && stderr.contains("chapbook import site"),
        "{stderr}"
    );
}

#[test]
fn hostile_sites_give_errors_with_lines_and_never_copy_outside_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let put = |rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put("_config.yml", "title: Hostile\nurl: https://h.example\n");
    // An alias bomb in the front matter: refused with its line, nothing written.
    let mut bomb = String::from("---\ntitle: x\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9u8 {
        let (p, c) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    bomb.push_str("---\nBody\n");
    put("_posts/2020-01-01-bomb.md", &bomb);
    put(
        "_posts/2020-01-02-fine.md",
        "---\ntitle: Fine\n---\n![secret](/assets/secret.png)\n",
    );
    std::fs::create_dir_all(site.join("assets")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.join("assets/secret.png")).unwrap();
    let book = dir.path().join("book");
    let (code, _, stderr) = import("site", &site, &book, &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("2020-01-01-bomb.md:") && stderr.contains("more than 200000 values"),
        "{stderr}"
    );
    assert!(!book.exists());
    std::fs::remove_file(site.join("_posts/2020-01-01-bomb.md")).unwrap();
    let (stdout, stderr) = import_ok("site", &site, &book, &[]);
    assert!(stdout.contains("0 × image"), "{stdout}");
    assert!(
        stderr.contains("secret.png` is not in the site's folders"),
        "{stderr}"
    );
    assert!(!book.join("images").exists());
    // A broken data file is an error with its line.
    put(
        "_data/comments/fine/comment-1.yml",
        "name: A\nmessage: [unclosed\n",
    );
    let (code, _, stderr) = import("site", &site, &dir.path().join("book2"), &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("comment-1.yml:") && stderr.contains("does not parse"),
        "{stderr}"
    );
}

/// Writes `files` (path, text) under a new folder `site` of `dir`.
fn site_of(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let site = dir.join("site");
    for (rel, text) in files {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    site
}

#[test]
fn zola_and_eleventy_sites_in_their_documented_layouts() {
    // Zola: config.toml with base_url, TOML front matter, taxonomies, a draft, a section page.
    let dir = tempfile::tempdir().unwrap();
    let zola = site_of(
        dir.path(),
        &[
            (
                "config.toml",
                "base_url = \"https://zola.example\"\ntitle = \"Zola notes\"\ndefault_language = \"en\"\n\n[extra]\nauthor = \"Ada\"\n",
            ),
            ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            (
                "content/blog/_index.md",
                "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
            ),
            (
                "content/blog/first.md",
                "+++\ntitle = \"First\"\ndate = 2023-05-01\n\n[taxonomies]\ntags = [\"rust\"]\ncategories = [\"notes\"]\n+++\nHello {{ youtube(id=\"dQw4w9WgXcQ\") }} there.\n\nSee [the second](@/blog/second.md).\n",
            ),
            (
                "content/blog/second.md",
                "+++\ntitle = \"Second\"\ndate = 2023-06-01\ndraft = true\n+++\nNot yet.\n",
            ),
            ("content/about.md", "+++\ntitle = \"About\"\n+++\nA page.\n"),
        ],
    );
    let book = dir.path().join("book");
    let (stdout, _) = import_ok("site", &zola, &book, &[]);
    assert!(
        stdout.contains("kept: 1 × entry")
            && stdout.contains("1 draft(s)")
            && stdout.contains("1 page(s)"),
        "{stdout}"
    );
    let first = std::fs::read_to_string(book.join("entries/first.md")).unwrap();
    for expected in [
        "tags = [\"rust\"]",
        "category = \"notes\"",
        "url = \"https://zola.example/blog/first/\"",
        "authors = [\"ada\"]",
        "Hello [YouTube video](https://www.youtube.com/watch?v=dQw4w9WgXcQ) there.",
        "[the second](https://zola.example/)",
    ] {
        assert!(first.contains(expected), "`{expected}` not in:\n{first}");
    }
    build_checked(&book, &dir.path().join("out"));

    // Eleventy (eleventy-base-blog's layout): .eleventy.js, _data/metadata.json, posts tagged.
    let dir = tempfile::tempdir().unwrap();
    let eleventy = site_of(
        dir.path(),
        &[
            (
                ".eleventy.js",
                "module.exports = function(eleventyConfig) {};\n",
            ),
            (
                "_data/metadata.json",
                "{\n  \"title\": \"Eleventy Base Blog\",\n  \"url\": \"https://example.com/\",\n  \"language\": \"en\",\n  \"description\": \"I am writing about my experiences as a naval navel-gazer.\",\n  \"author\": {\n    \"name\": \"Your Name Here\",\n    \"email\": \"youremailaddress@example.com\",\n    \"url\": \"https://example.com/about-me/\"\n  }\n}\n",
            ),
            (
                "posts/firstpost.md",
                "---\ntitle: This is my first post.\ndescription: This is a post on My Blog about agile frameworks.\ndate: 2018-05-01\ntags:\n  - another tag\n---\nLeverage agile frameworks to provide a robust synopsis for high level overviews.\n",
            ),
            ("posts/posts.json", "{ \"tags\": [\"posts\"] }\n"),
            (
                "about/index.md",
                "---\nlayout: layouts/post.njk\ntitle: About Me\n---\nI am a person.\n",
            ),
            ("README.md", "# eleventy-base-blog\n"),
        ],
    );
    let book = dir.path().join("book");
    let (stdout, _) = import_ok("site", &eleventy, &book, &[]);
    assert!(
        stdout.contains("kept: 1 × entry") && stdout.contains("1 page(s)"),
        "{stdout}"
    );
    let config = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(
        config.contains("title = \"Eleventy Base Blog\"") && config.contains("language = \"en\""),
        "{config}"
    );
    let post = std::fs::read_to_string(book.join("entries/firstpost.md")).unwrap();
    assert!(
        post.contains("authors = [\"your-name-here\"]")
            && post.contains("tags = [\"another tag\"]"),
        "{post}"
    );
    let (docs, _) = build_checked(&book, &dir.path().join("out"));
    let everything: String = docs.values().cloned().collect();
    assert!(!everything.contains("youremailaddress@example.com"));
}
