//! A feed over HTTP, and the comment feeds its entries announce (`wfw:commentRss`,
//! `<link rel="replies">`), saved in the cache folder for [`crate::import::feed::read`].

use super::client::{Client, MAX_PAGE_BYTES};
use super::{Address, Fetched, Misses, failed};
use crate::diag::Diagnostic;
use crate::import::{Report, feed, html};

/// Fetches the feed at `url` and its comment feeds.
pub(super) fn fetch(
    client: &mut Client,
    url: &str,
    report: &mut Report,
) -> Result<Fetched, Vec<Diagnostic>> {
    let page = client.get(url, MAX_PAGE_BYTES).map_err(|e| {
        vec![failed(
            url,
            &e,
            "check the address; save the feed from a browser and import the file if the site refuses",
        )]
    })?;
    if page.status != 200 {
        return Err(vec![
            Diagnostic::error(
                url,
                None,
                format!("GET {url}: the server answered HTTP {}", page.status),
            )
            .with_hint("check the feed's address (a WordPress blog's is https://SITE/feed/)"),
        ]);
    }
    if page.content_type.starts_with("text/html") {
        let feeds = announced_feeds(&String::from_utf8_lossy(&page.body), url);
        let hint = match feeds.first() {
            Some(first) => format!(
                "the page names its feed(s): {}; import one: chapbook import feed {first} --out …",
                feeds.join(", ")
            ),
            None => "give the feed's address (a WordPress blog's is https://SITE/feed/)".into(),
        };
        return Err(vec![
            Diagnostic::error(url, None, format!("{url} is a web page, not a feed"))
                .with_hint(hint),
        ]);
    }
    let save = |client: &Client, name: &str, body: &[u8]| {
        client.write(name, body).map_err(|e| {
            vec![
                Diagnostic::error(url, None, e.reason())
                    .with_hint("check that the book folder can be written"),
            ]
        })
    };
    save(client, "feed.xml", &page.body)?;
    let source = client.cache_dir().join("feed.xml");
    // A file that is not a feed is said so by the reader of feeds, with its line.
    let announced = feed::announced_comment_feeds(&source).unwrap_or_default();
    let mut comment_feeds = Vec::new();
    let mut misses = Misses::default();
    for (n, (href, count)) in announced.iter().enumerate() {
        if *count == Some(0) {
            continue;
        }
        let address = html::resolve(Some(url), href);
        if Address::parse(&address).is_err() {
            misses.add("not an http or https address".into(), &address);
            continue;
        }
        let answer = client.get(&address, MAX_PAGE_BYTES);
        if let Some(body) = misses.body(answer, &address) {
            let name = format!("comments/{:05}.xml", n + 1);
            save(client, &name, &body)?;
            comment_feeds.push(client.cache_dir().join(name));
        }
    }
    misses.warn(
        "comment feed(s)",
        "their comments are not in the book; import again later to try again",
        report,
    );
    Ok(Fetched {
        source,
        comment_feeds,
    })
}

/// The feeds a web page names (`<link rel="alternate" type="application/rss+xml" href=…>`, or
/// Atom), resolved against the page's address.
fn announced_feeds(page: &str, url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = page.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<link").map(|i| at + i) {
        let end = lower[start..].find('>').map_or(lower.len(), |i| start + i);
        let tag = &page[start..end];
        let tag_lower = &lower[start..end];
        at = end;
        if !(tag_lower.contains("application/rss+xml")
            || tag_lower.contains("application/atom+xml"))
        {
            continue;
        }
        let Some(h) = tag_lower.find("href=") else {
            continue;
        };
        let value = &tag[h + 5..];
        let href = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value.split(char::is_whitespace).next().unwrap_or_default(),
        };
        let href = html::resolve(Some(url), &href.replace("&amp;", "&"));
        if !href.is_empty() && !out.contains(&href) {
            out.push(href);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_page_names_its_feeds() {
        let page = r#"<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" title="Blog &raquo; Feed" href="https://blog.example/feed/" />
<LINK REL='alternate' TYPE='application/atom+xml' HREF='/atom.xml'></head></html>"#;
        assert_eq!(
            announced_feeds(page, "https://blog.example/2024/post/"),
            vec![
                "https://blog.example/feed/",
                "https://blog.example/atom.xml"
            ]
        );
        assert!(announced_feeds("<p>none</p>", "https://x.example/").is_empty());
    }
}
