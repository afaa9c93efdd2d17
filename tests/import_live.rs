//! `chapbook import wordpress https://SITE` and `chapbook import feed https://…` against a
//! real WordPress: Debian's `wordpress` package served by PHP's built-in server on
//! 127.0.0.1, with a private MariaDB on a socket in a temporary folder, filled through
//! WordPress's own functions (`tests/live-wordpress/fill.php`). The book fetched over HTTP is
//! compared, entry by entry, with the book imported from the same site's WXR export made by
//! WordPress's own `export_wp()`; both are built and checked with EPUBCheck. WordPress is
//! started once, by one test; no request leaves the loopback address (WordPress itself is
//! configured with `WP_HTTP_BLOCK_EXTERNAL` and without cron).
//!
//! Without PHP, MariaDB or the package, the test says it is skipped, and fails under
//! `CHAPBOOK_STRICT=1`. The other tests here use a few lines of HTTP server of their own.

mod common;

#[path = "import_live/live.rs"]
mod live;

use common::assert_epubcheck_clean;
use common::cli::{build_outputs, chapbook, import, import_ok};
use live::{Book, Server, WordPress};
use std::path::Path;

#[test]
fn a_live_wordpress_fetched_over_http_matches_its_own_wxr_export() {
    let Some(wp) = WordPress::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let http = work.path().join("http");
    let (stdout, stderr) = fetch_ok(&wp, &http, &["--include-pages"]);
    assert!(
        stdout.contains("left out: pingbacks and trackbacks: the REST API lists only comments"),
        "{stdout}"
    );
    // Every request accounted for, none to another host: /wp-json/ (a page, not the API, on
    // a site without pretty permalinks) and ?rest_route=/, posts, pages, comments, users,
    // categories, tags, media (one page each), the RSS feed for the language, the image and
    // its medium size (which a caption shows).
    assert!(stdout.contains("12 × request over HTTP"), "{stdout}");
    // The image on another site stays a link, with a warning naming it.
    assert!(
        stderr.contains("https://images.example.org/far.png"),
        "{stderr}"
    );
    let export = work.path().join("wxr/export.xml");
    wp.export(&export);
    let wxr = work.path().join("wxr-book");
    let (wxr_out, _) = import_ok("wordpress", &export, &wxr, &["--include-pages"]);
    assert!(wxr_out.contains("1 × pingback"), "{wxr_out}");

    let fetched = Book::read(&http);
    let exported = Book::read(&wxr);
    // Entry by entry: the same files, front matter and bodies.
    let names: Vec<&String> = fetched.entries.keys().collect();
    assert_eq!(names, exported.entries.keys().collect::<Vec<_>>());
    assert_eq!(fetched.entries.len(), 6, "5 posts and a page: {names:?}");
    let titles: Vec<&str> = fetched
        .entries
        .values()
        .map(|e| e.front["title"].as_str().unwrap())
        .collect();
    for title in [
        "Notes from the Steppe Library",
        "Заметки о переводе",
        "Кітапханадағы күз",
        "An Older Post",
        "About the Library",
        "Captions and a Gallery",
    ] {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
    for (name, entry) in &fetched.entries {
        assert_eq!(entry, &exported.entries[name], "entry {name}");
    }
    // Comments, their threads and kinds: the same, but for the pingback, which the REST API
    // does not give to visitors (and the report says so).
    let pingbacks = |book: &Book| -> usize {
        book.comments
            .values()
            .flatten()
            .filter(|c| c.kind == "pingback")
            .count()
    };
    assert_eq!(pingbacks(&exported), 1);
    assert_eq!(pingbacks(&fetched), 0);
    let mut comment_count = 0;
    for (name, exported_comments) in &exported.comments {
        let expected: Vec<_> = exported_comments
            .iter()
            .filter(|c| c.kind != "pingback")
            .collect();
        let got: Vec<_> = fetched.comments[name].iter().collect();
        assert_eq!(got, expected, "comments of {name}");
        comment_count += got.len();
    }
    assert_eq!(
        comment_count,
        wp.approved_comments(),
        "every approved comment"
    );
    let replies = |book: &Book| {
        book.comments
            .values()
            .flatten()
            .filter(|c| c.parent.is_some())
            .count()
    };
    assert_eq!(replies(&fetched), 4, "four replies, one of them two deep");
    // Authors: the same pages; the bios come over the REST API only (WXR has none).
    assert_eq!(
        fetched.authors.keys().collect::<Vec<_>>(),
        vec!["aigerim", "nikolai"]
    );
    for (id, (name, bio)) in &fetched.authors {
        assert_eq!(name, &exported.authors[id].0, "author {id}");
        assert!(exported.authors[id].1.is_empty(), "WXR carries no bio");
        assert!(bio.contains(wp.bio(id)), "{id}: {bio:?}");
    }
    // Images: the site's own upload, byte for byte, in both books and on the site.
    assert_eq!(fetched.images, exported.images);
    assert_eq!(fetched.images.len(), 2, "the image and its medium size");
    assert_eq!(
        fetched.images["shelves-300x225.png"],
        wp.upload("2024/03/shelves-300x225.png")
    );
    assert_eq!(
        fetched.images["shelves.png"],
        wp.upload("2024/03/shelves.png")
    );
    assert!(
        fetched.entries["notes-from-the-steppe-library.md"].contains("](../images/shelves.png")
    );
    // Captions and the gallery, served rendered by the API, are the export's shortcodes again.
    let captions = &fetched.entries["captions-and-a-gallery.md"];
    for figure in [
        "![Shelves at *dawn*](../images/shelves-300x225.png){.alignright}",
        "![Shelves](../images/shelves.png \"The reading room\"){.aligncenter}",
        "\n![](../images/shelves.png)\n",
    ] {
        assert!(captions.contains(figure), "{figure} in {}", captions.body);
    }
    // Nothing private: no commenter's e-mail or IP address, no author's e-mail, anywhere in
    // either folder (the cache of the fetch included).
    for book in [&http, &wxr] {
        live::assert_nothing_private(book);
    }

    // Both build, EPUBCheck clean, with the same threads in the EPUB.
    let (http_epub, _) = build_outputs(&http, &work.path().join("http-out"));
    let (wxr_epub, _) = build_outputs(&wxr, &work.path().join("wxr-out"));
    assert_epubcheck_clean(&http_epub);
    assert_epubcheck_clean(&wxr_epub);
    let http_threads = live::epub_threads(&http_epub);
    let mut wxr_threads = live::epub_threads(&wxr_epub);
    wxr_threads.retain(|(_, author, _)| author != "Partner Library Blog");
    assert_eq!(http_threads, wxr_threads);
    assert_eq!(http_threads.len(), comment_count);

    // A re-import over HTTP keeps an edit: the edited file is refused, nothing is written.
    let edited = http.join("entries/an-older-post.md");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nAn editor's line.\n");
    std::fs::write(&edited, &text).unwrap();
    let (code, _, stderr) = import(
        "wordpress",
        Path::new(&wp.url),
        &http,
        &["--include-pages", "--rate", "50"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("an-older-post.md"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), text);

    // --since asks the API for the newer posts only.
    let since = work.path().join("since");
    let (out, _) = fetch_ok(&wp, &since, &["--since", "2024-04-01"]);
    assert!(out.contains("kept: 3 × post"), "{out}");
    assert_eq!(Book::read(&since).entries.len(), 3);

    // An image over the size limit is not downloaded: a warning names it, the entry keeps a
    // note in its place.
    let small = work.path().join("small");
    let (_, stderr) = fetch_ok(&wp, &small, &["--max-image-size", "0"]);
    assert!(
        stderr.contains(
            "2 image(s) of the site were not fetched (the answer is larger than 0 bytes)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&wp.image_url()), "{stderr}");
    assert!(
        stderr.contains("2 image(s) of the site could not be downloaded (the warning above says why) and are replaced by a note in the entry"),
        "{stderr}"
    );
    assert!(Book::read(&small).images.is_empty());

    // The feed and its comment feeds, over HTTP.
    let feed = work.path().join("feed");
    let (out, _) = import_ok(
        "feed",
        Path::new(&format!("{}/?feed=rss2", wp.url)),
        &feed,
        &["--rate", "50"],
    );
    let feed_book = Book::read(&feed);
    assert_eq!(feed_book.entries.len(), 5, "{out}");
    let feed_comments: usize = feed_book.comments.values().map(Vec::len).sum();
    assert_eq!(feed_comments, comment_count + 1, "with the pingback: {out}");

    // An interrupted fetch resumes from the cache: with the server gone, a fetch marked
    // unfinished is completed from what it had saved, without one request.
    let resumed = work.path().join("resumed");
    common::copy_dir(
        &http.join(".chapbook-cache"),
        &resumed.join(".chapbook-cache"),
    );
    let state = live::only_cache_folder(&resumed).join("fetch-state");
    std::fs::write(&state, "fetching").unwrap();
    let url = wp.url.clone();
    drop(wp);
    let (out, _) = import_ok(
        "wordpress",
        Path::new(&url),
        &resumed,
        &["--include-pages", "--rate", "50"],
    );
    assert!(out.contains("0 × request over HTTP"), "{out}");
    assert_eq!(Book::read(&resumed).entries, fetched.entries);
    // A finished fetch is not reused: the site is asked again, and its absence is an error
    // naming the address, after the retries.
    let (code, _, stderr) = import(
        "wordpress",
        Path::new(&url),
        &resumed,
        &["--rate", "50", "--retries", "0"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains(&format!("{url}/wp-json/")), "{stderr}");
    assert!(stderr.contains("export it from wp-admin"), "{stderr}");
}

/// `chapbook import wordpress` of the live site into `out`, 50 requests a second at most.
fn fetch_ok(wp: &WordPress, out: &Path, extra: &[&str]) -> (String, String) {
    let mut args = vec!["--rate", "50"];
    args.extend_from_slice(extra);
    import_ok("wordpress", Path::new(&wp.url), out, &args)
}

#[test]
fn a_site_that_is_not_wordpress_is_named_with_what_to_do() {
    let page = b"<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\"></head><p>Hello</p></html>";
    let server = Server::start(|_| (200, "text/html", page.to_vec()));
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = import("wordpress", Path::new(&server.url), out.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "{} does not answer as a WordPress site with its REST API on",
            server.url
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("a page that is not JSON (text/html)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("export it from wp-admin (Tools → Export) and run `chapbook import wordpress EXPORT.xml`"),
        "{stderr}"
    );
    assert!(!out.path().join("book.toml").exists());
    // The same page given as a feed: it says so, and names the feed the page announces.
    let (code, _, stderr) = import("feed", Path::new(&server.url), out.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("{} is a web page, not a feed", server.url)),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "import one: chapbook import feed {}/feed/",
            server.url
        )),
        "{stderr}"
    );
}

#[test]
fn bad_addresses_and_options_are_refused() {
    let out = tempfile::tempdir().unwrap();
    for address in ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"] {
        for kind in ["wordpress", "feed"] {
            let (code, _, stderr) = import(kind, Path::new(address), out.path(), &[]);
            assert_eq!(code, 1, "{address}");
            assert!(
                stderr.contains("addresses are not fetched; only http and https are"),
                "{stderr}"
            );
        }
    }
    // Options are checked before anything is fetched (exit 2, bad command line).
    for (option, value, message) in [
        ("--rate", "0", "`0` is not a rate"),
        (
            "--since",
            "2024-02-30",
            "`2024-02-30` is not a day of the calendar; write it as 2024-03-31",
        ),
    ] {
        let args = ["import", "wordpress", "https://127.0.0.1:1", "--out", "x"];
        let output = chapbook(&[&args[..], &[option, value]].concat());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
}

#[test]
fn the_rest_api_is_read_page_after_page() {
    // A site with pretty permalinks (/wp-json/) and 150 posts: two pages of the list.
    let server = Server::serve(|_, path| {
        let json = |v: serde_json::Value| v.to_string().into_bytes();
        let post = |id: u64| {
            serde_json::json!({
                "id": id, "type": "post", "status": "publish", "slug": format!("post-{id}"),
                "date": "2024-01-02T03:04:05", "date_gmt": "2024-01-01T22:04:05",
                "link": format!("https://blog.example/post-{id}/"), "author": 1,
                "title": {"rendered": format!("Post {id}")},
                "content": {"rendered": format!("<p>Text of post {id}.</p>"), "protected": false},
                "categories": [], "tags": [],
            })
        };
        let list = |items: Vec<serde_json::Value>, pages: u32| {
            (
                200,
                "application/json",
                json(items.into()),
                format!("X-WP-TotalPages: {pages}\r\n"),
            )
        };
        if path == "/wp-json/" {
            let index = serde_json::json!({"name": "Paged", "description": "", "url": "https://blog.example",
                "home": "https://blog.example", "namespaces": ["wp/v2"]});
            (200, "application/json", json(index), String::new())
        } else if path.starts_with("/wp-json/wp/v2/posts?per_page=100&page=1&") {
            list((1..=100).map(post).collect(), 2)
        } else if path.starts_with("/wp-json/wp/v2/posts?per_page=100&page=2&") {
            list((101..=150).map(post).collect(), 2)
        } else if path.starts_with("/wp-json/wp/v2/users?") {
            list(
                vec![
                    serde_json::json!({"id": 1, "name": "Ann Writer", "slug": "ann", "description": "Ann writes."}),
                ],
                1,
            )
        } else if path.starts_with("/wp-json/wp/v2/") {
            list(Vec::new(), 1)
        } else {
            (404, "text/html", b"no".to_vec(), String::new())
        }
    });
    let out = tempfile::tempdir().unwrap();
    let (stdout, _) = import_ok(
        "wordpress",
        Path::new(&server.url),
        out.path(),
        &["--rate", "100"],
    );
    assert!(stdout.contains("kept: 150 × post"), "{stdout}");
    // The index, two pages of posts, comments, users, categories, tags, media, the feed.
    assert!(stdout.contains("9 × request over HTTP"), "{stdout}");
    let book = Book::read(out.path());
    assert_eq!(book.entries.len(), 150);
    assert_eq!(
        book.authors["ann"],
        ("Ann Writer".to_string(), "Ann writes.\n".to_string())
    );
    let last = &book.entries["post-150.md"];
    assert_eq!(
        last.front["date"].as_str(),
        Some("2024-01-02T03:04:05+05:00")
    );
    assert!(last.contains("Text of post 150."));
}

#[test]
fn an_unfinished_fetch_resumes_from_the_cache() {
    let feed = live::small_feed();
    let server = Server::start(move |_| (200, "application/rss+xml", feed.clone().into_bytes()));
    let out = tempfile::tempdir().unwrap();
    let url = format!("{}/feed/", server.url);
    let count = || server.count.load(std::sync::atomic::Ordering::SeqCst);
    let (stdout, _) = import_ok("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert!(
        stdout.contains("1 × request over HTTP, 0 × answer from the cache"),
        "{stdout}"
    );
    assert_eq!(count(), 1);
    // As if the fetch had been cut off: the saved answer is used, the site is not asked.
    let state = live::only_cache_folder(out.path()).join("fetch-state");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), "complete");
    std::fs::write(&state, "fetching").unwrap();
    let (stdout, _) = import_ok("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert!(
        stdout.contains("0 × request over HTTP, 1 × answer from the cache"),
        "{stdout}"
    );
    assert_eq!(count(), 1);
    // A finished fetch is fetched again: the site may have changed.
    let (stdout, _) = import_ok("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert!(
        stdout.contains("1 × request over HTTP, 0 × answer from the cache"),
        "{stdout}"
    );
    assert_eq!(count(), 2);
}

#[test]
fn redirects_and_answer_sizes_are_limited() {
    // A redirect to itself, for ever: refused after 5.
    let server = Server::start(|_| (302, "text/plain", b"/feed/".to_vec()));
    let out = tempfile::tempdir().unwrap();
    let url = format!("{}/feed/", server.url);
    let (code, _, stderr) = import("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("GET {url}: no answer")),
        "{stderr}"
    );
    assert!(stderr.to_lowercase().contains("redirect"), "{stderr}");
    assert_eq!(server.count.load(std::sync::atomic::Ordering::SeqCst), 6);
    // An answer over 32 MB is refused, not read to its end.
    let server = Server::start(|_| (200, "application/rss+xml", vec![b' '; 33 * 1024 * 1024]));
    let url = format!("{}/feed/", server.url);
    let (code, _, stderr) = import("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "GET {url}: the answer is larger than 33554432 bytes"
        )),
        "{stderr}"
    );
}

#[test]
fn busy_answers_are_retried_with_back_off() {
    // The first two answers to each address are 503 with Retry-After: 0, then the feed.
    let feed = live::small_feed();
    let server = Server::start(move |n| {
        if n < 2 {
            (503, "text/plain", b"busy".to_vec())
        } else {
            (200, "application/rss+xml", feed.clone().into_bytes())
        }
    });
    let out = tempfile::tempdir().unwrap();
    let url = format!("{}/feed/", server.url);
    let (stdout, _) = import_ok("feed", Path::new(&url), out.path(), &["--rate", "100"]);
    assert!(stdout.contains("3 × request over HTTP"), "{stdout}");
    assert_eq!(server.count.load(std::sync::atomic::Ordering::SeqCst), 3);
    // The pace holds between retries too: at most 4 requests a second, so a quarter second
    // apart at least (a lower bound on a sleep, not a measure of speed).
    let slow = tempfile::tempdir().unwrap();
    let feed = live::small_feed();
    let server = Server::start(move |n| {
        if n < 2 {
            (429, "text/plain", b"slow down".to_vec())
        } else {
            (200, "application/rss+xml", feed.clone().into_bytes())
        }
    });
    let url = format!("{}/feed/", server.url);
    import_ok("feed", Path::new(&url), slow.path(), &["--rate", "4"]);
    let times = server.times.lock().unwrap().clone();
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= std::time::Duration::from_millis(240),
            "{times:?}"
        );
    }
    assert_eq!(Book::read(out.path()).entries.len(), 1);
    // Without retries, the 503 is the error, with the address.
    let again = tempfile::tempdir().unwrap();
    let server = Server::start(|_| (503, "text/plain", b"busy".to_vec()));
    let url = format!("{}/feed/", server.url);
    let (code, _, stderr) = import(
        "feed",
        Path::new(&url),
        again.path(),
        &["--retries", "1", "--rate", "100"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("GET {url}: the server answered HTTP 503")),
        "{stderr}"
    );
}
