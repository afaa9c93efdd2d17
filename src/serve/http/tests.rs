use super::*;
use std::collections::BTreeMap;

fn book() -> Preview {
    let mut files = BTreeMap::new();
    files.insert(
        String::new(),
        Resource {
            content_type: "text/html; charset=utf-8".into(),
            body: Arc::new(b"contents".to_vec()),
        },
    );
    files.insert(
        "book/text/a b.xhtml".to_string(),
        Resource {
            content_type: "application/xhtml+xml; charset=utf-8".into(),
            body: Arc::new(b"entry".to_vec()),
        },
    );
    Preview {
        build: 3,
        shown: Shown::Book(Site::from_files(files)),
    }
}

#[test]
fn paths_are_decoded_and_anything_leading_out_is_refused() {
    assert_eq!(decode("/").as_deref(), Some(""));
    assert_eq!(
        decode("/book/text/a%20b.xhtml?x=1#f").as_deref(),
        Some("book/text/a b.xhtml")
    );
    assert_eq!(
        decode("/book/%D0%B0.xhtml").as_deref(),
        Some("book/а.xhtml")
    );
    for bad in [
        "/../book.toml",
        "/book/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/book.toml",
        "/book/..%2f..%2fbook.toml",
        "/book/%2e%2e%2f%2e%2e%2fbook.toml",
        "/book/.%2e/x",
        "/./book",
        "/..\\book.toml",
        "/%5c..%5cbook.toml",
        "/a%00b",
        "/a%zz",
        "/a%2",
        "/%ff",
        "book.toml",
        "http://example.org/",
    ] {
        assert_eq!(decode(bad), None, "{bad}");
    }
}

#[test]
fn the_book_its_files_and_the_build_number_are_answered() {
    let preview = book();
    let reply = respond(&preview, "/");
    assert_eq!(
        (reply.status, reply.resource.body.as_slice()),
        (200, &b"contents"[..])
    );
    let reply = respond(&preview, "/book/text/a%20b.xhtml");
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .resource
            .content_type
            .starts_with("application/xhtml+xml")
    );
    let reply = respond(&preview, "/_chapbook/version");
    assert_eq!(
        (reply.status, reply.resource.body.as_slice()),
        (200, &b"3"[..])
    );
    assert_eq!(respond(&preview, "/_chapbook/live.js").status, 200);
    let missing = respond(&preview, "/book/text/none.xhtml");
    assert_eq!(missing.status, 404);
    assert!(String::from_utf8_lossy(&missing.resource.body).contains("/book/text/none.xhtml"));
    assert_eq!(respond(&preview, "/../book.toml").status, 400);
    assert_eq!(respond(&preview, "/book.toml").status, 404);
}

#[test]
fn a_failed_build_is_shown_instead_of_every_page_and_building_before_the_first() {
    let problem = crate::diag::Diagnostic::error("entries/a.md", Some(4), "the <key> is wrong")
        .with_hint("write it right");
    let failed = Preview {
        build: 2,
        shown: Shown::Failed(pages::failed(2, &[&problem])),
    };
    for url in ["/", "/book/text/a%20b.xhtml"] {
        let reply = respond(&failed, url);
        let text = String::from_utf8_lossy(&reply.resource.body).into_owned();
        assert_eq!(reply.status, 503);
        assert!(
            text.contains("error: the &lt;key&gt; is wrong\n  --&gt; entries/a.md:4"),
            "{text}"
        );
        assert!(text.contains("= help: write it right"), "{text}");
        assert!(
            text.contains("<meta name=\"chapbook-build\" content=\"2\"/>"),
            "{text}"
        );
    }
    assert_eq!(
        respond(&failed, "/_chapbook/version")
            .resource
            .body
            .as_slice(),
        b"2"
    );
    let building = Preview {
        build: 0,
        shown: Shown::Building,
    };
    let reply = respond(&building, "/");
    assert_eq!(reply.status, 503);
    assert!(String::from_utf8_lossy(&reply.resource.body).contains("Building the book"));
}

#[test]
fn only_requests_to_this_machine_are_answered() {
    assert!(local_host(Some("127.0.0.1:3000"), 3000));
    assert!(local_host(Some("localhost:3000"), 3000));
    assert!(local_host(Some("LOCALHOST:3000"), 3000));
    assert!(local_host(None, 3000));
    for host in [
        "evil.example:3000",
        "127.0.0.1:3001",
        "127.0.0.1",
        "127.0.0.1.evil.example:3000",
        "",
    ] {
        assert!(!local_host(Some(host), 3000), "{host}");
    }
    assert_eq!(wrong_host(&book(), 3000).status, 400);
}
