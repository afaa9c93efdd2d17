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
