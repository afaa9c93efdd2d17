//! WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2) → [`ImportedBook`].
//!
//! [`read`] parses the export and hands the channel to an `Importer`, whose work is split by
//! concern: `authors`, `select` (which posts the filters keep), `entry` (one post),
//! `comments` and `images` (attachments and the files beside the export).

mod authors;
mod comments;
mod entry;
mod images;
mod select;

use super::html;
use super::slug::{self, Names};
use super::xml::{self, Element, WP};
use super::{Filters, Imported, ImportedAuthor, ImportedBook, Report, dates};
use crate::diag::Diagnostic;
use images::Images;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// Reads the export at `path` and keeps what `filters` asks for.
pub fn read(path: &Path, filters: &Filters) -> Imported {
    read_export(path, filters, false)
}

/// Reads an export that [`crate::import::http`] wrote from a live site, with the images it
/// downloaded beside it: the same as [`read`], but an image missing there is said to be one
/// that could not be downloaded.
pub fn read_fetched(path: &Path, filters: &Filters) -> Imported {
    read_export(path, filters, true)
}

fn read_export(path: &Path, filters: &Filters, fetched: bool) -> Imported {
    let text = super::read_source(path).map_err(|d| vec![d])?;
    let doc = xml::parse(&text).map_err(|p| {
        vec![super::xml_error(
            path,
            &p,
            "fix the export there (or export it again from WordPress), then import again",
        )]
    })?;
    drop(text);
    let mut report = Report::default();
    for repair in &doc.repairs {
        report.warnings.push(super::repair_warning(path, repair));
    }
    let channel = match doc.root.child("", "channel") {
        Some(c) if doc.root.name == "rss" => c,
        _ => {
            return Err(vec![
                Diagnostic::error(
                    path,
                    Some(doc.pos(doc.root.offset).line),
                    format!(
                        "this is not a WordPress export: the top element is <{}>, not <rss> with a <channel>",
                        doc.root.name
                    ),
                )
                .with_hint("export from WordPress with Tools → Export, or use `chapbook import feed` for an RSS or Atom feed"),
            ]);
        }
    };
    let mut importer = Importer {
        path,
        doc: &doc,
        filters,
        report,
        authors: HashMap::new(),
        author_ids: Names::default(),
        used_authors: Vec::new(),
        images: Images::new(path, sites(channel)),
        private: HashSet::new(),
        fetched,
    };
    importer.check_version(channel);
    importer.read_authors(channel);
    let book = importer.read_items(channel);
    let Importer {
        mut report,
        private,
        ..
    } = importer;
    let book = super::scrub(book, &private, path, &mut report);
    Ok((book, report))
}

/// The blog's own addresses, whose uploads are its images.
fn sites(channel: &Element) -> Vec<images::Site> {
    [
        channel.child_text(WP, "base_site_url"),
        channel.child_text(WP, "base_blog_url"),
        channel.child_text("", "link"),
    ]
    .iter()
    .flatten()
    .filter_map(|url| images::Site::of(url))
    .collect()
}

struct Importer<'a> {
    path: &'a Path,
    doc: &'a xml::Document,
    filters: &'a Filters,
    report: Report,
    /// Author pages by login, lower case.
    authors: HashMap<String, ImportedAuthor>,
    author_ids: Names,
    /// Logins of the authors of kept entries, in order of first use.
    used_authors: Vec<String>,
    images: Images,
    /// Commenters' and authors' e-mail and IP addresses, to make sure none is written.
    private: HashSet<String>,
    /// Whether the export was written from a live site (its images downloaded beside it).
    fetched: bool,
}

/// What was kept or left out, with reasons, in the order first met.
#[derive(Default)]
struct Tally {
    counts: Vec<(String, usize)>,
}

impl Tally {
    fn add(&mut self, what: impl Into<String>) {
        let what = what.into();
        match self.counts.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((what, 1)),
        }
    }
    fn lines(&self) -> Vec<String> {
        self.counts
            .iter()
            .map(|(what, n)| format!("{n} × {what}"))
            .collect()
    }
}

impl Importer<'_> {
    fn warn(&mut self, element: &Element, message: String, hint: &str) {
        let pos = self.doc.pos(element.offset);
        self.report.warnings.push(
            Diagnostic::warning(
                self.path,
                Some(pos.line),
                format!("line {}, column {}: {message}", pos.line, pos.column),
            )
            .with_hint(hint.to_string()),
        );
    }

    /// Warns once when the HTML of `element` was nested so deep that its deepest elements
    /// were flattened into their parent.
    fn warn_flattened(&mut self, element: &Element, what: &str, converted: &html::Converted) {
        if let Some(message) = converted.flattened_message() {
            self.warn(
                element,
                format!("in {what}: {message}"),
                "nothing to do: the text is all there; check the entry's layout",
            );
        }
    }

    /// Warns about the references HTML does not have that the conversion of `content` (a
    /// child of `item`) kept as text, each where it is written.
    fn warn_entities(&mut self, item: &Element, content: Option<&Element>, names: &[String]) {
        if names.is_empty() {
            return;
        }
        let refs = content
            .map(|c| self.doc.unknown_references(c))
            .unwrap_or_default();
        let fallback = self.doc.pos(content.unwrap_or(item).offset);
        let warnings = super::entity_warnings(self.path, names, &refs, fallback);
        self.report.warnings.extend(warnings);
    }

    /// The date of `item` (a post or a comment) from its children `wp:{local}` and
    /// `wp:{gmt}`, with a warning for each that is not a date.
    fn date(&mut self, item: &Element, local: &str, gmt: &str) -> Option<String> {
        let mut read = |name: &str| {
            let element = item.child(WP, name)?;
            let text = element.text();
            match dates::wordpress(&text) {
                Ok(date) => date,
                Err(error) => {
                    let pos = self.doc.pos(element.offset);
                    let what = format!("<wp:{name}>");
                    let warning = dates::not_a_date(self.path, pos, &what, &text, &error);
                    self.report.warnings.push(warning);
                    None
                }
            }
        };
        let local = read(local);
        let gmt = read(gmt);
        dates::site_time(local, gmt)
    }

    fn check_version(&mut self, channel: &Element) {
        match channel.child_text(WP, "wxr_version") {
            None => self.warn(
                channel,
                "the export has no <wp:wxr_version>; read as WXR 1.2".into(),
                "nothing to do if the imported entries look right",
            ),
            Some(v) if !["1.0", "1.1", "1.2"].contains(&v.as_str()) => self.warn(
                channel,
                format!("WXR version `{v}` is not one chapbook knows (1.0–1.2); read as 1.2"),
                "check the imported entries",
            ),
            Some(_) => {}
        }
    }

    /// Why `item` is not known to be a WordPress post, page or attachment (`None` when it
    /// is, or when `--include-unknown` keeps it anyway).
    fn unknown(&self, item: &Element) -> Option<String> {
        if self.filters.include_unknown {
            return None;
        }
        let foreign = item
            .elements()
            .chain(
                item.children_named(WP, "comment")
                    .flat_map(Element::elements),
            )
            .find(|e| e.prefix == "wp" && e.ns != WP && e.ns != xml::WP_EXCERPT);
        if let Some(e) = foreign {
            return Some(format!(
                "binds `wp:` to `{}`, not to WordPress's export namespace (http://wordpress.org/export/1.x/)",
                e.ns
            ));
        }
        match (
            item.child(WP, "status").is_some(),
            item.child(WP, "post_type").is_some(),
        ) {
            (true, true) => None,
            (false, true) => Some("has no <wp:status>".into()),
            (true, false) => Some("has no <wp:post_type>".into()),
            (false, false) => Some("has neither <wp:status> nor <wp:post_type>".into()),
        }
    }

    fn read_items(&mut self, channel: &Element) -> ImportedBook {
        let items: Vec<&Element> = channel.children_named("", "item").collect();
        // Attachments first: galleries and images refer to them.
        for item in &items {
            if item.child_text(WP, "post_type").as_deref() == Some("attachment")
                && let (Some(id), Some(url)) = (
                    item.child_text(WP, "post_id"),
                    item.child_text(WP, "attachment_url"),
                )
            {
                if let Some(parent) = item.child_text(WP, "post_parent") {
                    self.images
                        .children
                        .entry(parent)
                        .or_default()
                        .push(url.clone());
                }
                self.images.attachments.insert(id, url);
            }
        }
        // File names are given to every post and page in export order, before filtering, so
        // that a name does not change when the filters do.
        let mut names = Names::default();
        let stems: Vec<String> = items
            .iter()
            .map(|item| {
                let title = item.child_text("", "title").unwrap_or_default();
                let slug = item.child_text(WP, "post_name").unwrap_or_default();
                names.unique(&slug::file_stem(&slug, &title))
            })
            .collect();
        let mut posts = Tally::default();
        let mut left_out = Tally::default();
        let mut responses = Tally::default();
        let mut left_responses = Tally::default();
        let mut entries = Vec::new();
        for (item, stem) in items.iter().zip(stems) {
            if let Some(why) = self.unknown(item) {
                left_out.add(
                    "item without <wp:status> or <wp:post_type>, or with a foreign `wp:` namespace (keep with --include-unknown)",
                );
                let title = html::plain_text(&item.child_text("", "title").unwrap_or_default());
                self.warn(
                    item,
                    format!("the item `{}` {why}; it was left out", title.trim()),
                    "an export written by WordPress has both, in its own namespace; keep such items with --include-unknown",
                );
                continue;
            }
            let kind = item
                .child_text(WP, "post_type")
                .unwrap_or_else(|| "post".into());
            let status = item
                .child_text(WP, "status")
                .unwrap_or_else(|| "publish".into());
            let wanted_type = match kind.as_str() {
                "post" => true,
                "page" => self.filters.include_pages,
                "attachment" => self.filters.include_attachments,
                _ => false,
            };
            if !wanted_type {
                let why = match kind.as_str() {
                    "page" => "page (keep pages with --include-pages)".to_string(),
                    "attachment" => {
                        "attachment (keep them as entries with --include-attachments)".to_string()
                    }
                    other => format!("`{other}` item (not an entry of the blog)"),
                };
                left_out.add(why);
                continue;
            }
            if let Some(reason) = self.filtered_out(item, &kind, &status) {
                left_out.add(reason);
                continue;
            }
            let entry = self.entry(
                item,
                &kind,
                &status,
                stem,
                &mut responses,
                &mut left_responses,
            );
            posts.add(kind);
            entries.push(entry);
        }
        let mut authors = Vec::new();
        for key in &self.used_authors {
            if let Some(author) = self.authors.get(key) {
                authors.push(author.clone());
            }
        }
        self.report.kept.extend(posts.lines());
        self.report.kept.extend(responses.lines());
        self.report.kept.push(format!("{} × author", authors.len()));
        let copied = self.images.copies.len();
        if copied > 0 {
            self.report
                .kept
                .push(format!("{copied} × image (copied from beside the export)"));
        }
        self.report.left_out.extend(left_out.lines());
        self.report.left_out.extend(left_responses.lines());
        let missing = if self.fetched {
            image_warning(
                self.path,
                &self.images.missing,
                "of the site could not be downloaded (the warning above says why) and are replaced by a note in the entry",
                "raise --max-image-size, or import again later",
            )
        } else {
            image_warning(
                self.path,
                &self.images.missing,
                "are not beside the export and are replaced by a note in the entry (nothing is downloaded)",
                "put the site's wp-content/uploads folder (or uploads/) beside the export and import again",
            )
        };
        let warnings = [
            missing,
            image_warning(
                self.path,
                &self.images.elsewhere,
                "are not uploads of this blog and stay links to their addresses (nothing is copied or downloaded)",
                "only files under the blog's wp-content/uploads/ are copied from the uploads folder beside the export; download others into the book's images/ by hand if you have the right to",
            ),
        ];
        self.report.warnings.extend(warnings.into_iter().flatten());
        let channel_title = html::plain_text(&channel.child_text("", "title").unwrap_or_default());
        ImportedBook {
            title: slug::clean_title(&channel_title).unwrap_or(channel_title),
            subtitle: channel
                .child_text("", "description")
                .map(|d| html::plain_text(&d)),
            language: channel.child_text("", "language"),
            entries,
            authors,
            images: std::mem::take(&mut self.images.copies),
        }
    }
}

/// One warning for the images of `list` (the first three named), saying what became of them.
fn image_warning(
    export: &Path,
    list: &[String],
    what: &str,
    hint: &'static str,
) -> Option<Diagnostic> {
    let n = list.len();
    if n == 0 {
        return None;
    }
    let first: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
    Some(
        Diagnostic::warning(
            export,
            None,
            format!(
                "{n} image(s) {what}: {}{}",
                first.join(", "),
                if n > 3 { ", …" } else { "" }
            ),
        )
        .with_hint(hint),
    )
}
