//! `chapbook import`: a WordPress export (WXR), an RSS/Atom feed, a static site's folder
//! (Jekyll, Hugo, Zola, Eleventy, with Staticman or Disqus comments), a Blogger export or a
//! Ghost export → a book folder.
//!
//! Each source reader ([`wordpress`], [`feed`], [`site`], [`blogger`], [`ghost`]) produces an [`ImportedBook`]; [`write`]
//! turns it into files and writes them without overwriting anything the user edited.
//! A WordPress site or a feed given by its address is fetched first ([`http`]) into a cache
//! folder inside the book folder and then read as an export; otherwise nothing is fetched:
//! images are copied only when the files are beside the export. Commenters' e-mail and IP
//! addresses are never read into the book.

pub mod args;
pub mod blogger;
pub mod dates;
pub mod disqus;
mod entities;
pub mod feed;
pub mod ghost;
pub mod html;
pub mod http;
pub mod site;
pub mod slug;
pub mod staticman;
mod threads;
mod urls;
pub mod wordpress;
pub mod write;
pub mod xml;
pub mod yaml;

use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A book read from an export, ready to be written as a folder.
#[derive(Debug, Clone, Default)]
pub struct ImportedBook {
    /// The site's title.
    pub title: String,
    /// The site's tagline.
    pub subtitle: Option<String>,
    /// The site's language, as the export gives it (`en-US`).
    pub language: Option<String>,
    /// The entries, in the order of the export.
    pub entries: Vec<ImportedEntry>,
    /// Author pages.
    pub authors: Vec<ImportedAuthor>,
    /// Images to copy: (name under `images/`, source file).
    pub images: Vec<(String, PathBuf)>,
}

/// One entry and its responses.
#[derive(Debug, Clone, Default)]
pub struct ImportedEntry {
    /// File stem under `entries/`, unique and safe.
    pub stem: String,
    /// Title.
    pub title: String,
    /// Author ids (file stems under `authors/`).
    pub authors: Vec<String>,
    /// RFC 3339 date, with the site's offset when known.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Categories; the first is the entry's category, the others are kept as a comment.
    pub categories: Vec<String>,
    /// The slug as the site had it.
    pub slug: Option<String>,
    /// The original address.
    pub url: Option<String>,
    /// The entry's language when it is not the book's (`lang` in its front matter).
    pub lang: Option<String>,
    /// Facts kept for the reader of the file (`status`, `local date`), written as TOML
    /// comments.
    pub notes: Vec<String>,
    /// The body in Markdown.
    pub body: String,
    /// Responses in the export's order; threading by `parent`.
    pub comments: Vec<ImportedComment>,
}

/// What kind of response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseKind {
    /// A reader's comment.
    #[default]
    Comment,
    /// A pingback from another blog.
    Pingback,
    /// A trackback from another blog.
    Trackback,
}

impl ResponseKind {
    /// The name used in `kind = "…"`.
    pub fn name(self) -> &'static str {
        match self {
            ResponseKind::Comment => "comment",
            ResponseKind::Pingback => "pingback",
            ResponseKind::Trackback => "trackback",
        }
    }
}

/// One response.
#[derive(Debug, Clone, Default)]
pub struct ImportedComment {
    /// Id, unique within the entry.
    pub id: String,
    /// The id of the comment it replies to.
    pub parent: Option<String>,
    /// The commenter's name (never an e-mail address).
    pub author: String,
    /// The commenter's site.
    pub url: Option<String>,
    /// RFC 3339 date.
    pub date: Option<String>,
    /// Comment, pingback or trackback.
    pub kind: ResponseKind,
    /// Body in Markdown.
    pub body: String,
}

/// An author page.
#[derive(Debug, Clone, Default)]
pub struct ImportedAuthor {
    /// File stem under `authors/`, the id entries use.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Links (the author's site).
    pub links: Vec<String>,
    /// Bio in Markdown; empty when the export has none.
    pub bio: String,
}

/// Which posts to keep.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Keep posts in one of these categories (name or slug, any case); empty: all.
    pub categories: Vec<String>,
    /// Keep posts with one of these tags; empty: all.
    pub tags: Vec<String>,
    /// Keep posts by one of these authors (login or display name); empty: all.
    pub authors: Vec<String>,
    /// Keep posts on or after this date (`YYYY-MM-DD`, the site's local date).
    pub since: Option<String>,
    /// Keep posts on or before this date.
    pub until: Option<String>,
    /// Keep posts with these statuses; empty means `publish`.
    pub statuses: Vec<String>,
    /// Also import pages.
    pub include_pages: bool,
    /// Also import attachments as entries.
    pub include_attachments: bool,
    /// Also import drafts (a static site's `_drafts/`, `draft: true`, `published: false`).
    pub include_drafts: bool,
    /// Also import posts dated after today.
    pub include_future: bool,
    /// Keep comments that are unapproved, spam or trash.
    pub include_unapproved: bool,
    /// Keep password-protected posts.
    pub include_protected: bool,
    /// Keep items without `wp:status` or `wp:post_type`, or whose `wp:` prefix is bound to
    /// another namespace than WordPress's (read as published posts).
    pub include_unknown: bool,
}

/// What an import kept, left out and repaired, for the user to read.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One line per kind of thing kept ("35 posts", "29 comments").
    pub kept: Vec<String>,
    /// One line per reason something was left out.
    pub left_out: Vec<String>,
    /// Repairs and losses, as warnings with the export's file and line.
    pub warnings: Vec<Diagnostic>,
}

/// The outcome of reading a source.
pub type Imported = Result<(ImportedBook, Report), Vec<Diagnostic>>;

/// Reads `path` as UTF-8 text, or explains why not.
pub(crate) fn read_source(path: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::files::read_file(path, crate::files::MAX_TEXT_BYTES).map_err(|e| {
        let hint = match e {
            crate::files::FileError::NotFound => {
                "give the path of an export or feed saved on this computer"
            }
            _ => e.hint(),
        };
        Diagnostic::error(path, None, format!("cannot read the file: {}", e.reason()))
            .with_hint(hint)
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..valid];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            return Err(Diagnostic::error(
                path,
                Some(line),
                format!("line {line}, column {column}: the file is not valid UTF-8"),
            )
            .with_hint("WordPress exports are UTF-8; re-export, or convert the file to UTF-8"));
        }
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Reads `path` as XML: the document, its repairs added to `report` as warnings; or the error
/// naming the line and column, with `hint`.
pub(crate) fn read_xml(
    path: &Path,
    hint: &str,
    report: &mut Report,
) -> Result<xml::Document, Diagnostic> {
    let text = read_source(path)?;
    let doc = xml::parse(&text).map_err(|p| xml_error(path, &p, hint))?;
    for repair in &doc.repairs {
        report.warnings.push(repair_warning(path, repair));
    }
    Ok(doc)
}

/// A diagnostic for an XML problem at a position in `file`.
pub(crate) fn xml_error(file: &Path, problem: &xml::Problem, hint: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(problem.pos.line),
        format!(
            "line {}, column {}: {}",
            problem.pos.line, problem.pos.column, problem.message
        ),
    )
    .with_hint(hint.to_string())
}

/// A warning for a repair made while reading `file`.
pub(crate) fn repair_warning(file: &Path, problem: &xml::Problem) -> Diagnostic {
    Diagnostic::warning(
        file,
        Some(problem.pos.line),
        format!(
            "line {}, column {}: repaired: {}",
            problem.pos.line, problem.pos.column, problem.message
        ),
    )
    .with_hint("the import went on; fix the export if the repair is not what was meant")
}

/// Warnings for the references HTML does not have (`&bogus;`) that a conversion kept as
/// text (`names`, from [`html::Converted::unknown_entities`]): each at the first place it is
/// written in `refs` (the content's [`xml::UnknownReference`]s), or at `fallback` when it is
/// not found there (a footnote kept in the post's meta). A name the XML reader read itself
/// (written raw outside CDATA) has been reported among the repairs and is not repeated.
pub(crate) fn entity_warnings(
    file: &Path,
    names: &[String],
    refs: &[xml::UnknownReference],
    fallback: xml::Pos,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for name in names {
        let mut written = refs.iter().filter(|r| r.name == *name).peekable();
        let pos = match written.peek() {
            None => fallback,
            Some(_) => match written.find(|r| !r.reported) {
                Some(r) => r.pos,
                None => continue,
            },
        };
        out.push(
            Diagnostic::warning(
                file,
                Some(pos.line),
                format!(
                    "line {}, column {}: `&{name};` is not an HTML entity; kept as text",
                    pos.line, pos.column
                ),
            )
            .with_hint("write the character itself, or its number (`&#937;` for Ω)"),
        );
    }
    out
}

/// Which reader to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A WordPress export.
    Wordpress,
    /// An RSS or Atom feed.
    Feed,
    /// A static site's folder (Jekyll, Hugo, Zola, Eleventy).
    Site,
    /// A Blogger export (Takeout's feed.atom or the older Atom export).
    Blogger,
    /// A Ghost export (JSON).
    Ghost,
}

/// One import, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Request {
    /// Which reader.
    pub kind: SourceKind,
    /// The export or feed file.
    pub source: PathBuf,
    /// Comment feeds given beside a feed.
    pub comment_feeds: Vec<PathBuf>,
    /// The book folder to write.
    pub out: PathBuf,
    /// Overwrite edited files.
    pub force: bool,
    /// What to keep.
    pub filters: Filters,
    /// How a source given as an address (`https://…`) is fetched.
    pub http: http::HttpOptions,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What was kept, left out and repaired.
    pub report: Report,
    /// The files written, when the import got that far.
    pub written: Option<write::Written>,
    /// Errors; when any, nothing was written.
    pub errors: Vec<Diagnostic>,
}

/// Runs an import: reads the source, renders the folder, writes it safely.
pub fn run(request: &Request) -> Outcome {
    if http::is_address(&request.source) {
        return run_fetched(request);
    }
    read_and_write(request, None)
}

/// Fetches a live site or feed into the book folder's cache, then imports what was saved.
fn run_fetched(request: &Request) -> Outcome {
    let mut report = Report::default();
    match http::fetch(request, &mut report) {
        Ok(fetched) => {
            let local = Request {
                source: fetched.source,
                comment_feeds: fetched.comment_feeds,
                ..request.clone()
            };
            read_and_write(&local, Some(report))
        }
        Err(errors) => Outcome {
            report,
            errors,
            ..Outcome::default()
        },
    }
}

/// Reads a source saved on this computer and writes the book folder; `fetched` holds what a
/// fetch before it kept and warned about, when the source was fetched.
fn read_and_write(request: &Request, fetched: Option<Report>) -> Outcome {
    let read = match request.kind {
        SourceKind::Wordpress if fetched.is_some() => {
            wordpress::read_fetched(&request.source, &request.filters)
        }
        SourceKind::Wordpress => wordpress::read(&request.source, &request.filters),
        SourceKind::Feed => feed::read(&request.source, &request.comment_feeds),
        SourceKind::Site => site::read(&request.source, &request.filters, &request.comment_feeds),
        SourceKind::Blogger => blogger::read(&request.source, &request.filters),
        SourceKind::Ghost => ghost::read(&request.source, &request.filters),
    };
    let (book, mut report) = match read {
        Ok(r) => r,
        Err(errors) => {
            return Outcome {
                report: fetched.unwrap_or_default(),
                errors,
                ..Outcome::default()
            };
        }
    };
    let Report {
        kept,
        left_out,
        warnings,
    } = fetched.unwrap_or_default();
    report.kept.extend(kept);
    report.left_out.extend(left_out);
    report.warnings.splice(0..0, warnings);
    let mut outcome = Outcome {
        report,
        ..Outcome::default()
    };
    if book.entries.is_empty() {
        outcome.errors.push(
            Diagnostic::error(&request.source, None, "nothing to import: no entry was kept")
                .with_hint("see what was left out and why above; loosen the filters (--status, --include-pages, …)"),
        );
        return outcome;
    }
    // A site's images are under the site's folder; an export's beside it.
    let source_dir = if request.kind == SourceKind::Site {
        request.source.as_path()
    } else {
        request.source.parent().unwrap_or(Path::new(""))
    };
    let files = match write::render(&book, source_dir) {
        Ok(files) => files,
        Err(errors) => {
            outcome.errors = errors;
            return outcome;
        }
    };
    match write::write(&request.out, &files, request.force) {
        Ok(written) => outcome.written = Some(written),
        Err(errors) => outcome.errors = errors,
    }
    outcome
}

/// Replaces any e-mail or IP address the export holds privately (commenters', authors') that
/// turns up in the book's text, and says how many were removed.
pub(crate) fn scrub(
    mut book: ImportedBook,
    private: &HashSet<String>,
    source: &Path,
    report: &mut Report,
) -> ImportedBook {
    if private.is_empty() {
        return book;
    }
    let mut removed = 0;
    let mut clean = |text: &mut String, markdown: bool| {
        if let Some(cleaned) = scrub_text(text, private) {
            *text = if markdown {
                unlink_removed(&cleaned)
            } else {
                cleaned
            };
            removed += 1;
        }
    };
    for entry in &mut book.entries {
        clean(&mut entry.title, false);
        clean(&mut entry.body, true);
        for comment in &mut entry.comments {
            clean(&mut comment.author, false);
            clean(&mut comment.body, true);
            if let Some(url) = &mut comment.url {
                clean(url, false);
            }
        }
    }
    for author in &mut book.authors {
        clean(&mut author.name, false);
        clean(&mut author.bio, true);
    }
    if removed > 0 {
        report.warnings.push(
            Diagnostic::warning(
                source,
                None,
                format!("{removed} text(s) quoted a commenter's or author's e-mail or IP address; it was replaced by “(address removed)”"),
            )
            .with_hint("nothing to do: those addresses are never copied into a book"),
        );
    }
    book
}

/// What a Markdown link or image whose address was scrubbed becomes: `[text]((address
/// removed))` would be a link to a file named "(address removed)", so the link goes and its
/// text stays (an image keeps its alternative text).
fn unlink_removed(markdown: &str) -> String {
    const DESTINATION: &str = "]((address removed))";
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(DESTINATION) {
        let before = &rest[..at];
        // The link's text opens at the last `[` that no `]` closes before the destination.
        match before
            .rfind('[')
            .filter(|&open| !before[open..].contains(']'))
        {
            Some(open) => {
                let lead = &before[..open];
                out.push_str(lead.strip_suffix('!').unwrap_or(lead));
                out.push_str(&before[open + 1..]);
            }
            None => {
                out.push_str(before);
                out.push_str(DESTINATION);
            }
        }
        rest = &rest[at + DESTINATION.len()..];
    }
    out.push_str(rest);
    out
}

fn scrub_text(text: &str, private: &HashSet<String>) -> Option<String> {
    let is_token = |c: char| c.is_alphanumeric() || "._%+-@:".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(is_token).unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_token(c)).unwrap_or(rest.len());
        let token = &rest[..end];
        let core = token.trim_matches(|c: char| ".:-".contains(c));
        let lower = core.to_lowercase();
        let lower = lower.strip_prefix("mailto:").unwrap_or(&lower);
        let hit = private.contains(lower)
            || lower.split(':').any(|part| private.contains(part))
            || lower.split(['.', ':']).count() > 3
                && lower
                    .rsplit_once(':')
                    .is_some_and(|(_, ip)| private.contains(ip));
        if hit && !core.is_empty() {
            let at = token.find(core).unwrap_or(0);
            out.push_str(&token[..at]);
            out.push_str("(address removed)");
            out.push_str(&token[at + core.len()..]);
            changed = true;
        } else {
            out.push_str(token);
        }
        rest = &rest[end..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_scrubbed() {
        let private: HashSet<String> = ["a@b.org".to_string(), "10.0.0.1".to_string()].into();
        assert_eq!(
            scrub_text("mail A@b.org, from 10.0.0.1.", &private).as_deref(),
            Some("mail (address removed), from (address removed).")
        );
        assert_eq!(scrub_text("nothing here", &private), None);
    }

    #[test]
    fn a_link_to_a_scrubbed_address_keeps_its_text_only() {
        let private: HashSet<String> = ["jane@ngo.example".to_string()].into();
        let body = "Write to [Jane](mailto:jane@ngo.example) or [jane@ngo.example](mailto:jane@ngo.example).";
        let scrubbed = scrub_text(body, &private).unwrap();
        assert_eq!(
            unlink_removed(&scrubbed),
            "Write to Jane or (address removed)."
        );
        // Brackets that are not the link's own are kept as they are.
        assert_eq!(
            unlink_removed("a ] b]((address removed)) ![x]((address removed))"),
            "a ] b]((address removed)) x"
        );
    }
}
