//! Answers to requests: an address decoded into a path of the preview (anything that could
//! lead out of it refused), then the file, the build number, the script, a failed build's
//! diagnostics or a "not found" page. Pure functions of the shown state, tested without a
//! socket; `mod.rs` hands them to tiny_http.

use super::pages::{self, PREFIX};
use super::site::{Resource, Site};
use std::sync::Arc;

/// What the preview shows at a moment.
#[derive(Debug)]
pub enum Shown {
    /// The first build has not finished.
    Building,
    /// The last build was good.
    Book(Site),
    /// The last build failed: its diagnostics, as a page.
    Failed(String),
}

/// The shown state and the number of the build it comes from (0 before the first).
#[derive(Debug)]
pub struct Preview {
    /// Builds finished so far, good or failed.
    pub build: u64,
    /// What they left to show.
    pub shown: Shown,
}

/// An answer: status, media type, bytes.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The file to send.
    pub resource: Resource,
}

impl Reply {
    fn html(status: u16, text: String) -> Reply {
        Reply::of(status, "text/html; charset=utf-8", text.into_bytes())
    }

    fn of(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            resource: Resource {
                content_type: content_type.to_string(),
                body: Arc::new(body),
            },
        }
    }
}

/// The answer to a GET of `url` (the request target as sent: path and maybe a query).
pub fn respond(preview: &Preview, url: &str) -> Reply {
    let build = preview.build;
    let Some(path) = decode(url) else {
        return Reply::html(400, pages::bad_request(build));
    };
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "version" => Reply::of(200, "text/plain; charset=utf-8", build.to_string().into()),
            "live.js" => Reply::of(200, "text/javascript; charset=utf-8", pages::LIVE_JS.into()),
            "preview.css" => Reply::of(200, "text/css; charset=utf-8", pages::PREVIEW_CSS.into()),
            _ => Reply::html(404, pages::not_found(build, &path)),
        };
    }
    match &preview.shown {
        // 503: the book is not there to be shown yet, or not any more; the page says why.
        Shown::Building => Reply::html(503, pages::building(build)),
        Shown::Failed(page) => Reply::html(503, page.clone()),
        Shown::Book(site) => match site.get(&path) {
            Some(resource) => Reply {
                status: 200,
                resource: resource.clone(),
            },
            None => Reply::html(404, pages::not_found(build, &path)),
        },
    }
}

/// Whether a request's `Host` names this machine (`127.0.0.1:PORT` or `localhost:PORT`): a
/// page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) sends its own name
/// and is refused, so it cannot read an unpublished book.
pub fn local_host(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 clients may send none; a browser always does.
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) => (name, p.parse::<u16>().ok()),
        None => (host.as_str(), Some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost") && given_port == Some(port)
}

/// The answer to a request whose `Host` is not this machine.
pub fn wrong_host(preview: &Preview, port: u16) -> Reply {
    Reply::html(400, pages::wrong_host(preview.build, port))
}

/// The path of the preview a request target names, without its leading `/`, query and
/// fragment, percent-decoded; `None` when it is not a plain path inside the preview: not
/// starting with `/`, a `.` or `..` segment (also encoded, as `%2e%2e`), an encoded `/`, a
/// backslash, a NUL or bad percent-encoding or UTF-8.
pub fn decode(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in path.split('/') {
        let segment = percent_decode(raw)?;
        if segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(segment);
    }
    Some(segments.join("/"))
}

/// `%XX` sequences decoded; `None` for a broken sequence or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let digit = |b: u8| (b as char).to_digit(16);
            out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests;
