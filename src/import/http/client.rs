//! One small blocking HTTP client (ureq with rustls, no async runtime): http and https only,
//! responses limited in size, redirects limited, a polite pause between requests, retries with
//! back-off on 429, 5xx, timeouts and broken connections, and a cache folder inside the book
//! folder (written through [`crate::files`]) so that an interrupted fetch resumes.

use super::{Address, HttpOptions};
use crate::files;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The most a JSON page, feed or HTML page may weigh.
pub const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;
/// At most this many redirects per request.
const MAX_REDIRECTS: u32 = 5;
/// The first pause before a retry; each retry waits twice as long as the one before.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// A server's `Retry-After` is honoured up to this long.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// A response, fetched or read back from the cache.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// The address asked for.
    pub url: String,
    /// The HTTP status.
    pub status: u16,
    /// `Content-Type`, lower case.
    pub content_type: String,
    /// WordPress's `X-WP-TotalPages`.
    pub total_pages: Option<u32>,
    /// The body.
    #[serde(skip)]
    pub body: Vec<u8>,
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Not an http or https address.
    Scheme(String),
    /// The body is larger than the limit (bytes).
    TooLarge(u64),
    /// No answer, after every retry: what went wrong last.
    Network(String),
    /// An error status after every retry (for 429 and 5xx) or at once.
    Status(u16),
    /// The cache folder could not be written.
    Cache(String),
}

impl FetchError {
    /// The reason, in a sentence's words.
    pub fn reason(&self) -> String {
        match self {
            FetchError::Scheme(s) => {
                format!("`{s}` is not an http or https address; only those are fetched")
            }
            FetchError::TooLarge(limit) => format!("the answer is larger than {limit} bytes"),
            FetchError::Network(e) => format!("no answer: {e}"),
            FetchError::Status(s) => format!("the server answered HTTP {s}"),
            FetchError::Cache(e) => format!("the cache folder cannot be written: {e}"),
        }
    }
}

/// The client of one import: its agent, its pace and its cache.
pub struct Client {
    agent: ureq::Agent,
    interval: Duration,
    retries: u32,
    last: Option<Instant>,
    /// The book folder, root of every cache write.
    root: PathBuf,
    /// The cache folder, relative to `root`.
    cache: String,
    /// Whether cached pages may be used (an unfinished fetch is being resumed).
    resume: bool,
    /// Requests sent over the network.
    pub sent: usize,
    /// Answers read back from the cache.
    pub cached: usize,
}

const STATE: &str = "fetch-state";

impl Client {
    /// A client whose cache is `root/cache`. Cached pages are used when the last fetch into
    /// that cache did not finish; a finished one is fetched afresh (the site may have changed).
    pub fn new(options: &HttpOptions, root: &Path, cache: String) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_global(Some(Duration::from_secs(options.timeout_seconds.max(1))))
            .user_agent(concat!("chapbook/", env!("CARGO_PKG_VERSION"), " (import)"))
            .build();
        let state = files::read_inside(root, &Path::new(&cache).join(STATE), 64)
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .unwrap_or_default();
        let rate = if options.rate > 0.0 {
            options.rate
        } else {
            1.0
        };
        Client {
            agent: config.into(),
            interval: Duration::from_secs_f64(1.0 / rate),
            retries: options.retries,
            last: None,
            root: root.to_path_buf(),
            cache,
            resume: state == "fetching",
            sent: 0,
            cached: 0,
        }
    }

    /// Whether this fetch resumes an unfinished one.
    pub fn resuming(&self) -> bool {
        self.resume
    }

    /// The cache folder (absolute), where the export and the uploads are put.
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(&self.cache)
    }

    /// Marks the cache as being filled (`fetching`) or finished (`complete`).
    pub fn mark(&self, state: &str) -> Result<(), FetchError> {
        self.write(STATE, state.as_bytes())
    }

    /// Writes `bytes` at `relative` under the cache folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), FetchError> {
        files::write_inside(&self.root, &format!("{}/{relative}", self.cache), bytes)
            .map_err(|e| FetchError::Cache(e.reason()))
    }

    /// Whether a file is in the cache folder already.
    pub fn has(&self, relative: &str) -> bool {
        files::is_readable_inside(&self.root, &Path::new(&self.cache).join(relative))
    }

    /// GET `url`, at most `limit` bytes: from the cache when resuming, else over the network
    /// (and then cached). Only a success (2xx) is cached.
    pub fn get(&mut self, url: &str, limit: u64) -> Result<Page, FetchError> {
        let key = format!("pages/{}", hex(&Sha256::digest(url.as_bytes())[..16]));
        if self.resume
            && let Some(page) = self.read_cached(&key, url)
        {
            self.cached += 1;
            return Ok(page);
        }
        let page = self.fetch(url, limit)?;
        if (200..300).contains(&page.status) {
            let head = serde_json::to_vec(&page).unwrap_or_default();
            self.write(&format!("{key}.body"), &page.body)?;
            self.write(&format!("{key}.json"), &head)?;
        }
        Ok(page)
    }

    fn read_cached(&self, key: &str, url: &str) -> Option<Page> {
        let dir = Path::new(&self.cache);
        let head = files::read_inside(&self.root, &dir.join(format!("{key}.json")), 64 * 1024);
        let mut page: Page = serde_json::from_slice(&head.ok()?).ok()?;
        if page.url != url {
            return None;
        }
        page.body =
            files::read_inside(&self.root, &dir.join(format!("{key}.body")), MAX_PAGE_BYTES)
                .ok()?;
        Some(page)
    }

    /// GET over the network, with the pause, the retries and the size limit.
    pub fn fetch(&mut self, url: &str, limit: u64) -> Result<Page, FetchError> {
        Address::parse(url).map_err(|_| FetchError::Scheme(url.to_string()))?;
        let mut attempt = 0;
        loop {
            self.pause();
            self.sent += 1;
            let answer = self.agent.get(url).call();
            // The pause counts from the answer, so that a slow answer is not followed at once.
            self.last = Some(Instant::now());
            let (retry_after, error) = match answer {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let header = |name: &str| {
                        response
                            .headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                    };
                    let retry_after = header("retry-after")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s).min(MAX_RETRY_AFTER));
                    if status == 429 || status >= 500 {
                        (retry_after, FetchError::Status(status))
                    } else {
                        let content_type = header("content-type").unwrap_or_default();
                        let total_pages =
                            header("x-wp-totalpages").and_then(|v| v.trim().parse().ok());
                        let body = response.body_mut().with_config().limit(limit).read_to_vec();
                        match body {
                            Ok(body) => {
                                return Ok(Page {
                                    url: url.to_string(),
                                    status,
                                    content_type: content_type.to_ascii_lowercase(),
                                    total_pages,
                                    body,
                                });
                            }
                            Err(ureq::Error::BodyExceedsLimit(_)) => {
                                return Err(FetchError::TooLarge(limit));
                            }
                            Err(e) => (None, network(e)),
                        }
                    }
                }
                Err(e @ ureq::Error::TooManyRedirects) => {
                    return Err(FetchError::Network(e.to_string()));
                }
                Err(e) => (None, network(e)),
            };
            if attempt >= self.retries {
                return Err(error);
            }
            std::thread::sleep(retry_after.unwrap_or(FIRST_BACKOFF * 2u32.pow(attempt.min(6))));
            attempt += 1;
        }
    }

    /// Waits until the interval since the last answer has passed.
    fn pause(&self) {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < self.interval {
                std::thread::sleep(self.interval - since);
            }
        }
    }
}

fn network(e: ureq::Error) -> FetchError {
    FetchError::Network(e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
