//! A feed over HTTP, and the comment feeds its entries announce (`wfw:commentRss`,
//! `<link rel="replies">`), saved in the cache folder for [`crate::import::feed::read`].

use super::client::{Client, MAX_PAGE_BYTES};
use super::{Address, Fetched, failed};
use crate::diag::Diagnostic;
use crate::import::{Report, feed, html};
use std::collections::BTreeMap;

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
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (n, (href, count)) in announced.iter().enumerate() {
        if *count == Some(0) {
            continue;
        }
        let address = html::resolve(Some(url), href);
        if Address::parse(&address).is_err() {
            problems
                .entry("not an http or https address".into())
                .or_default()
                .push(address);
            continue;
        }
        match client.get(&address, MAX_PAGE_BYTES) {
            Ok(page) if page.status == 200 => {
                let name = format!("comments/{:05}.xml", n + 1);
                save(client, &name, &page.body)?;
                comment_feeds.push(client.cache_dir().join(name));
            }
            Ok(page) => problems
                .entry(format!("the server answered HTTP {}", page.status))
                .or_default()
                .push(address),
            Err(e) => problems.entry(e.reason()).or_default().push(address),
        }
    }
    for (why, addresses) in problems {
        report.warnings.push(
            Diagnostic::warning(
                &addresses[0],
                None,
                format!(
                    "{} comment feed(s) were not fetched ({why}): {}",
                    addresses.len(),
                    addresses.join(", ")
                ),
            )
            .with_hint("their comments are not in the book; import again later to try again"),
        );
    }
    Ok(Fetched {
        source,
        comment_feeds,
    })
}
