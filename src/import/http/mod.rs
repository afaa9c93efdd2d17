//! Imports from a live site: `chapbook import wordpress https://SITE` over the WordPress REST
//! API, and `chapbook import feed https://…` with its comment feeds.
//!
//! Nothing here builds a book: a fetch saves what the site serves into a cache folder inside
//! the book folder (`.chapbook-cache/http/HOST/`), writes the WordPress site as a WXR export
//! there (`wordpress.rs`) or keeps the feed and its comment feeds as files (`feed.rs`), and
//! hands those files to the readers of exports, so that a book fetched over HTTP has exactly
//! the form of one imported from files, with the same guarantees. `client.rs` is the one HTTP
//! client.

pub mod client;
mod feed;
mod wordpress;

use super::{Report, Request, SourceKind};
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// Where fetched answers, the written export and downloaded images are kept, under the book
/// folder.
pub const CACHE: &str = ".chapbook-cache/http";

/// How a live site is fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpOptions {
    /// Requests per second at most.
    pub rate: f64,
    /// Retries of a request that met 429, a 5xx status, a timeout or a broken connection.
    pub retries: u32,
    /// The largest image downloaded, in bytes.
    pub max_image_bytes: u64,
    /// How long one request may take, in seconds.
    pub timeout_seconds: u64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            rate: 2.0,
            retries: 3,
            max_image_bytes: 10 * 1024 * 1024,
            timeout_seconds: 60,
        }
    }
}

/// An absolute http or https address, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lower case.
    pub host: String,
    /// The port when one is written.
    pub port: Option<u16>,
    /// The path and query, from its `/` (empty for none).
    pub rest: String,
}

impl Address {
    /// Splits `url`, refusing any scheme but http and https and addresses with a user name.
    pub fn parse(url: &str) -> Result<Address, String> {
        let url = url.trim();
        let (scheme, after) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not an address (http://… or https://…)"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "`{scheme}:` addresses are not fetched; only http and https are"
            ));
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        if authority.contains('@') {
            return Err("an address with a user name or password is not fetched".into());
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
                let port = p
                    .parse::<u16>()
                    .map_err(|_| format!("`{p}` is not a port"))?;
                (h, Some(port))
            }
            _ => (authority, None),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{url}` names no host"));
        }
        let rest = rest.split('#').next().unwrap_or_default().to_string();
        Ok(Address {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            rest,
        })
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// Whether `other` is on the same host and port.
    pub fn same_host(&self, other: &Address) -> bool {
        let port = |a: &Address| a.port.unwrap_or(if a.scheme == "https" { 443 } else { 80 });
        let bare = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_string();
        bare(&self.host) == bare(&other.host) && port(self) == port(other)
    }

    /// The cache folder of this site, relative to the book folder.
    fn cache_folder(&self) -> String {
        let name: String = format!(
            "{}{}",
            self.host,
            self.port.map(|p| format!("_{p}")).unwrap_or_default()
        )
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
        format!("{CACHE}/{}", name.trim_start_matches('.'))
    }
}

/// Whether a source given on the command line is an address (`scheme://…`) rather than a file.
pub fn is_address(source: &Path) -> bool {
    let Some(text) = source.to_str() else {
        return false;
    };
    match text.split_once("://") {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// What a fetch leaves for the readers of exports.
pub struct Fetched {
    /// The export or feed, saved in the cache folder.
    pub source: PathBuf,
    /// Comment feeds saved beside it.
    pub comment_feeds: Vec<PathBuf>,
}

/// Fetches the site or feed `request.source` names into the cache folder under
/// `request.out`; the fetch's own warnings and counts go into `report`.
pub fn fetch(request: &Request, report: &mut Report) -> Result<Fetched, Vec<Diagnostic>> {
    let url = request.source.to_string_lossy().to_string();
    let address = Address::parse(&url).map_err(|why| {
        vec![Diagnostic::error(&request.source, None, why).with_hint(
            "give the site's address as https://… (or http://…), or the path of a saved export",
        )]
    })?;
    let mut client = client::Client::new(&request.http, &request.out, address.cache_folder());
    if let Err(e) = client.mark("fetching") {
        return Err(vec![
            Diagnostic::error(&request.out, None, e.reason())
                .with_hint("check that the book folder can be written"),
        ]);
    }
    let fetched = match request.kind {
        SourceKind::Wordpress => wordpress::fetch(&mut client, &address, request, report),
        SourceKind::Feed => feed::fetch(&mut client, &url, report),
        _ => Err(vec![
            Diagnostic::error(&request.source, None, "this source is read from files only")
                .with_hint("save it on this computer and give its path"),
        ]),
    }?;
    if let Err(e) = client.mark("complete") {
        report
            .warnings
            .push(Diagnostic::warning(&request.out, None, e.reason()));
    }
    report.kept.push(format!(
        "{} × request over HTTP, {} × answer from the cache of an unfinished fetch ({})",
        client.sent,
        client.cached,
        client.cache_dir().display()
    ));
    Ok(fetched)
}

/// Addresses that could not be had, grouped by why, for one warning per reason.
#[derive(Default)]
struct Misses(std::collections::BTreeMap<String, Vec<String>>);

impl Misses {
    fn add(&mut self, why: String, address: &str) {
        self.0.entry(why).or_default().push(address.to_string());
    }

    /// The body of a successful answer; anything else is recorded as a miss of `address`.
    fn body(
        &mut self,
        answer: Result<client::Page, client::FetchError>,
        address: &str,
    ) -> Option<Vec<u8>> {
        match answer {
            Ok(page) if page.status == 200 => Some(page.body),
            Ok(page) => {
                self.add(format!("the server answered HTTP {}", page.status), address);
                None
            }
            Err(e) => {
                self.add(e.reason(), address);
                None
            }
        }
    }

    /// One warning per reason: "N `what` were not fetched (why): addresses".
    fn warn(self, what: &str, hint: &str, report: &mut Report) {
        for (why, addresses) in self.0 {
            report.warnings.push(
                Diagnostic::warning(
                    &addresses[0],
                    None,
                    format!(
                        "{} {what} were not fetched ({why}): {}",
                        addresses.len(),
                        addresses.join(", ")
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

/// The error for a request that failed: the address, the reason and what to do.
fn failed(url: &str, error: &client::FetchError, hint: &str) -> Diagnostic {
    Diagnostic::error(url, None, format!("GET {url}: {}", error.reason())).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_fetched() {
        let a = Address::parse("https://Blog.Example.org:8443/path?q=1#top").unwrap();
        assert_eq!(a.host, "blog.example.org");
        assert_eq!(a.port, Some(8443));
        assert_eq!(a.rest, "/path?q=1");
        assert_eq!(a.origin(), "https://blog.example.org:8443");
        for bad in [
            "file:///etc/passwd",
            "ftp://example.org/",
            "gopher://x/",
            "https://user:pw@example.org/",
            "https:///nohost",
            "example.org",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad}");
        }
        assert!(is_address(Path::new("file:///etc/passwd")));
        assert!(is_address(Path::new("https://example.org")));
        assert!(!is_address(Path::new("export.xml")));
        assert!(!is_address(Path::new("./a://b")));
    }

    #[test]
    fn same_host_compares_host_and_port() {
        let site = Address::parse("http://127.0.0.1:8080/").unwrap();
        assert!(site.same_host(&Address::parse("http://127.0.0.1:8080/wp-content/x.png").unwrap()));
        assert!(!site.same_host(&Address::parse("http://127.0.0.1:9090/x.png").unwrap()));
        assert!(!site.same_host(&Address::parse("http://example.org:8080/x.png").unwrap()));
        let plain = Address::parse("https://www.example.org").unwrap();
        assert!(plain.same_host(&Address::parse("https://example.org:443/a").unwrap()));
    }
}
