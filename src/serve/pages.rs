//! The pages the preview writes itself: the contents page, the page shown while the first
//! build runs, the diagnostics of a failed build, "not found", and the script and stylesheet
//! they share. Every page carries the number of the build it shows; the script asks the
//! server for the current number and reloads the page when it changes.

use crate::diag::Diagnostic;
use crate::epub::escape;

/// Where the script, the stylesheet and the build number are served (no book file is named
/// `_chapbook`: the book's files are under `book/`).
pub const PREFIX: &str = "_chapbook/";

/// The script every page loads: it polls the build number and reloads on a new one. A server
/// that has stopped is asked again, more slowly, so the page comes back with it.
pub const LIVE_JS: &str = r#"(function () {
  "use strict";
  var meta = document.querySelector('meta[name="chapbook-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  function poll() {
    fetch("/_chapbook/version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (build) {
        build = build.trim();
        if (shown !== null && build !== shown) { location.reload(); return; }
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"#;

/// The preview's own look: the bar over each page, the contents page and the messages. Its
/// colours keep a contrast of at least 4.5:1 (WCAG AA).
pub const PREVIEW_CSS: &str = r#".chapbook-bar { font: 0.9rem/1.4 system-ui, sans-serif; border-bottom: 1px solid #767676; margin: 0 0 1.5em; padding: 0.4em 0; }
.chapbook-bar p { margin: 0; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; text-indent: 0; }
.chapbook-bar a { color: #1a4f8b; }
body.chapbook-page { font: 1rem/1.5 system-ui, sans-serif; max-width: 42em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; background: #fff; }
body.chapbook-page a { color: #1a4f8b; }
.chapbook-page ol ol { margin-top: 0.2em; }
.chapbook-page li { margin: 0.2em 0; }
.chapbook-diagnostic { border-left: 4px solid #b00020; padding: 0.3em 0.8em; margin: 1em 0; background: #fdf3f4; }
.chapbook-diagnostic.warning { border-color: #8a5a00; background: #fdf8ec; }
.chapbook-diagnostic pre { white-space: pre-wrap; margin: 0.3em 0; font-size: 0.95em; }
"#;

/// What the head of every page gets: the build number, the stylesheet and the script.
pub fn head_extras(build: u64) -> String {
    format!(
        "<meta name=\"chapbook-build\" content=\"{build}\"/>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"/{PREFIX}preview.css\"/>\n<script src=\"/{PREFIX}live.js\"></script>\n"
    )
}

/// An HTML page of the preview's own.
fn page(lang: &str, title: &str, build: u64, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n{}</head>\n<body class=\"chapbook-page\">\n{body}</body>\n</html>\n",
        escape(lang),
        escape(title),
        head_extras(build)
    )
}

/// The contents page at `/`.
pub struct Index<'a> {
    /// The book's title.
    pub title: &'a str,
    /// Its language tag.
    pub language: &'a str,
    /// The EPUB's table of contents as an HTML list, links from `/`.
    pub contents: &'a str,
    /// The first page in reading order (an href under `book/`).
    pub start: Option<&'a str>,
    /// The EPUB's file name.
    pub epub: &'a str,
    /// The PDF's file name, when one was built.
    pub pdf: Option<&'a str>,
    /// The build shown.
    pub build: u64,
}

impl Index<'_> {
    /// The page.
    pub fn html(&self) -> String {
        let mut body = String::from("<header>\n<p>Preview by chapbook");
        if let Some(pdf) = self.pdf {
            body.push_str(&format!(
                " · <a href=\"{0}\">the PDF ({0})</a>",
                escape(pdf)
            ));
        }
        body.push_str(&format!(
            " · <a href=\"{0}\">the EPUB ({0})</a></p>\n</header>\n<main>\n<h1>{1}</h1>\n",
            escape(self.epub),
            escape(self.title)
        ));
        if let Some(start) = self.start {
            body.push_str(&format!(
                "<p><a href=\"book/{}\">Start reading</a></p>\n",
                escape(start)
            ));
        }
        body.push_str(&format!(
            "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n{}\n</nav>\n</main>\n",
            self.contents
        ));
        let language = if self.language.is_empty() {
            "en"
        } else {
            self.language
        };
        page(language, self.title, self.build, &body)
    }
}

/// Shown while the first build runs.
pub fn building(build: u64) -> String {
    page(
        "en",
        "Building the book…",
        build,
        "<main>\n<h1>Building the book…</h1>\n<p>This page reloads by itself when the build is done.</p>\n</main>\n",
    )
}

/// Shown instead of the book while its last build failed: every diagnostic, errors first.
pub fn failed(build: u64, diagnostics: &[&Diagnostic]) -> String {
    let mut body = String::from(
        "<main>\n<h1>The book does not build</h1>\n<p>Fix these problems and save: this page reloads by itself with the book when it builds again.</p>\n",
    );
    let mut sorted: Vec<&&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| !d.is_error());
    for d in sorted {
        let class = if d.is_error() { "error" } else { "warning" };
        body.push_str(&format!(
            "<section class=\"chapbook-diagnostic {class}\" aria-label=\"{class}\">\n<pre>{}</pre>\n</section>\n",
            escape(&d.to_string())
        ));
    }
    body.push_str("</main>\n");
    page("en", "The book does not build", build, &body)
}

/// The page of an address the preview does not have.
pub fn not_found(build: u64, path: &str) -> String {
    page(
        "en",
        "Not found",
        build,
        &format!(
            "<main>\n<h1>Not found</h1>\n<p>The preview has no page at <code>/{}</code>. <a href=\"/\">The contents</a> list every page.</p>\n</main>\n",
            escape(path)
        ),
    )
}

/// The page of an address that is not a path inside the preview (`..`, a backslash, bad
/// percent-encoding).
pub fn bad_request(build: u64) -> String {
    page(
        "en",
        "Bad request",
        build,
        "<main>\n<h1>Bad request</h1>\n<p>That address leads outside the preview. <a href=\"/\">The contents</a> list every page.</p>\n</main>\n",
    )
}

/// The page of a request sent to another name than this machine's.
pub fn wrong_host(build: u64, port: u16) -> String {
    page(
        "en",
        "Bad request",
        build,
        &format!(
            "<main>\n<h1>Bad request</h1>\n<p>The preview answers only at <a href=\"http://127.0.0.1:{port}/\">http://127.0.0.1:{port}/</a>.</p>\n</main>\n"
        ),
    )
}
