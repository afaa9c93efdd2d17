//! WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2) → [`ImportedBook`].

use super::html::{self, Resolver};
use super::slug::{self, Names};
use super::xml::{self, Element, WP};
use super::{
    Filters, Imported, ImportedAuthor, ImportedBook, ImportedComment, ImportedEntry, Report,
    ResponseKind, days_from_civil,
};
use crate::diag::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// Reads the export at `path` and keeps what `filters` asks for.
pub fn read(path: &Path, filters: &Filters) -> Imported {
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
        images: Images::new(path),
        private: HashSet::new(),
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

    fn read_authors(&mut self, channel: &Element) {
        for author in channel.children_named(WP, "author") {
            let raw = author.child_text(WP, "author_login").unwrap_or_default();
            let login = clean_login(&raw);
            if let Some(email) = author.child_text(WP, "author_email") {
                self.private.insert(email.to_lowercase());
            }
            if login.is_empty() {
                self.warn(
                    author,
                    "an author without a login is skipped".into(),
                    "nothing to do unless posts lose their author",
                );
                continue;
            }
            let display = author
                .child_text(WP, "author_display_name")
                .filter(|n| !n.is_empty())
                .or_else(|| {
                    let first = author
                        .child_text(WP, "author_first_name")
                        .unwrap_or_default();
                    let last = author
                        .child_text(WP, "author_last_name")
                        .unwrap_or_default();
                    let full = format!("{first} {last}").trim().to_string();
                    (!full.is_empty()).then_some(full)
                })
                .unwrap_or_else(|| login.clone());
            let display = html::plain_text(&display);
            let display = slug::clean_title(&display).unwrap_or(display);
            let bio = author
                .child_text(WP, "author_description")
                .map(|b| {
                    html::to_markdown(
                        &html::Input {
                            html: &b,
                            autop: true,
                            footnotes: &[],
                            base: None,
                        },
                        &mut html::NoImages,
                    )
                    .markdown
                })
                .unwrap_or_default();
            let key = login.to_lowercase();
            if self.authors.contains_key(&key) {
                self.warn(
                    author,
                    format!("author `{login}` is listed twice; the first is used"),
                    "nothing to do",
                );
                continue;
            }
            let id = self.author_ids.unique(&slug::file_stem(&login, &display));
            self.authors.insert(
                key,
                ImportedAuthor {
                    id,
                    name: display,
                    links: Vec::new(),
                    bio,
                },
            );
        }
    }

    /// The author id for a login, creating a page for an author the export does not list
    /// (WXR 1.0 has no author list).
    fn author_id(&mut self, login: &str, display: Option<&str>) -> String {
        let key = login.to_lowercase();
        if !self.authors.contains_key(&key) {
            let name = display.unwrap_or(login).to_string();
            let id = self.author_ids.unique(&slug::file_stem(login, &name));
            self.authors.insert(
                key.clone(),
                ImportedAuthor {
                    id,
                    name,
                    links: Vec::new(),
                    bio: String::new(),
                },
            );
        }
        if !self.used_authors.contains(&key) {
            self.used_authors.push(key.clone());
        }
        self.authors[&key].id.clone()
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
        if !self.images.missing.is_empty() {
            let n = self.images.missing.len();
            let first: Vec<&str> = self
                .images
                .missing
                .iter()
                .take(3)
                .map(String::as_str)
                .collect();
            self.report.warnings.push(
                Diagnostic::warning(
                    self.path,
                    None,
                    format!(
                        "{n} image(s) are not beside the export and are replaced by a note in the entry (nothing is downloaded): {}{}",
                        first.join(", "),
                        if n > 3 { ", …" } else { "" }
                    ),
                )
                .with_hint("put the site's wp-content/uploads folder (or uploads/) beside the export and import again"),
            );
        }
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

    /// Why a post of the right type is left out, if it is.
    fn filtered_out(&self, item: &Element, kind: &str, status: &str) -> Option<String> {
        let f = self.filters;
        let statuses: Vec<&str> = if f.statuses.is_empty() {
            vec!["publish"]
        } else {
            f.statuses.iter().map(String::as_str).collect()
        };
        if !statuses.iter().any(|s| s.eq_ignore_ascii_case(status)) && kind != "attachment" {
            return Some(format!(
                "{kind} with status `{status}` (keep with --status {status})"
            ));
        }
        let password = item.child_text(WP, "post_password").unwrap_or_default();
        if !password.is_empty() && !f.include_protected {
            return Some(format!(
                "password-protected {kind} (keep with --include-protected)"
            ));
        }
        let terms = |domain: &str| -> Vec<(String, String)> {
            item.children_named("", "category")
                .filter(|c| c.attr("domain").unwrap_or("category") == domain)
                .map(|c| {
                    (
                        c.text().trim().to_lowercase(),
                        c.attr("nicename").unwrap_or_default().to_lowercase(),
                    )
                })
                .collect()
        };
        let matches = |wanted: &[String], have: &[(String, String)]| {
            wanted.iter().any(|w| {
                let w = w.to_lowercase();
                have.iter().any(|(name, nice)| *name == w || *nice == w)
            })
        };
        if !f.categories.is_empty() && !matches(&f.categories, &terms("category")) {
            return Some(format!(
                "{kind} not in category {}",
                f.categories.join(" or ")
            ));
        }
        if !f.tags.is_empty() && !matches(&f.tags, &terms("post_tag")) {
            return Some(format!("{kind} without tag {}", f.tags.join(" or ")));
        }
        if !f.authors.is_empty() {
            let login = clean_login(&item.child_text(DC, "creator").unwrap_or_default());
            let display = self
                .authors
                .get(&login.to_lowercase())
                .map(|a| a.name.to_lowercase())
                .unwrap_or_default();
            let mut have = vec![(login.to_lowercase(), display)];
            have.extend(terms("author"));
            if !matches(&f.authors, &have) {
                return Some(format!("{kind} not by {}", f.authors.join(" or ")));
            }
        }
        let day = item
            .child_text(WP, "post_date")
            .and_then(|d| d.get(..10).map(str::to_string))
            .unwrap_or_default();
        if let Some(since) = &f.since
            && day.as_str() < since.as_str()
        {
            return Some(format!("{kind} dated before {since}"));
        }
        if let Some(until) = &f.until
            && day.as_str() > until.as_str()
        {
            return Some(format!("{kind} dated after {until}"));
        }
        None
    }

    fn entry(
        &mut self,
        item: &Element,
        kind: &str,
        status: &str,
        stem: String,
        responses: &mut Tally,
        left_responses: &mut Tally,
    ) -> ImportedEntry {
        let raw_title = html::plain_text(&item.child_text("", "title").unwrap_or_default());
        let title = match slug::clean_title(&raw_title) {
            Some(clean) => {
                self.warn(
                    item,
                    format!(
                        "the title {:?} holds invisible or direction-changing characters; they were removed",
                        raw_title
                    ),
                    "check the entry's title",
                );
                clean
            }
            None => raw_title,
        };
        let title = if title.trim().is_empty() {
            "Untitled".to_string()
        } else {
            title.trim().to_string()
        };
        let raw_slug = item.child_text(WP, "post_name").unwrap_or_default();
        let decoded = slug::percent_decode(&raw_slug);
        let slug_text = match slug::clean_title(&decoded) {
            Some(clean) => {
                self.warn(
                    item,
                    format!("the slug {decoded:?} holds invisible or direction-changing characters; they were removed"),
                    "nothing to do; the file name is safe",
                );
                clean
            }
            None => decoded,
        };
        // Authors: dc:creator, then co-authors (Co-Authors Plus writes them as terms).
        let mut authors = Vec::new();
        let creator_raw = item.child_text(DC, "creator").unwrap_or_default();
        let creator = clean_login(&creator_raw);
        if creator != creator_raw.trim() {
            self.warn(
                item,
                format!(
                    "the author login {creator_raw:?} has stray characters; read as `{creator}`"
                ),
                "nothing to do",
            );
        }
        if !creator.is_empty() {
            authors.push(self.author_id(&creator, None));
        }
        let mut categories = Vec::new();
        let mut tags = Vec::new();
        for term in item.children_named("", "category") {
            let name = html::plain_text(&term.text());
            let name = slug::clean_title(&name).unwrap_or(name);
            match term.attr("domain").unwrap_or("category") {
                "category" if !name.is_empty() && !categories.contains(&name) => {
                    categories.push(name)
                }
                "post_tag" | "tag" if !name.is_empty() && !tags.contains(&name) => tags.push(name),
                "author" => {
                    let nicename = term.attr("nicename").unwrap_or_default();
                    let login = nicename.strip_prefix("cap-").unwrap_or(nicename);
                    let login = if login.is_empty() {
                        name.as_str()
                    } else {
                        login
                    };
                    let login = self
                        .authors
                        .iter()
                        .find(|(k, a)| {
                            k.as_str() == login.to_lowercase()
                                || slug::file_stem(k, "") == slug::file_stem(login, "")
                                || a.name == name
                        })
                        .map(|(k, _)| k.clone())
                        .unwrap_or_else(|| login.to_string());
                    let id = self.author_id(&login, Some(&name));
                    if !authors.contains(&id) {
                        authors.push(id);
                    }
                }
                _ => {}
            }
        }
        let date = timestamp(
            item.child_text(WP, "post_date").as_deref(),
            item.child_text(WP, "post_date_gmt").as_deref(),
        );
        let footnotes = footnotes(item);
        self.images.current = item.child_text(WP, "post_id").unwrap_or_default();
        let content = item
            .child(CONTENT, "encoded")
            .map(Element::text)
            .unwrap_or_default();
        let mut content = content;
        if kind == "attachment"
            && let Some(url) = item.child_text(WP, "attachment_url")
        {
            content = format!("<p><img src=\"{url}\" alt=\"\"></p>\n\n{content}");
        }
        let link = item.child_text("", "link").filter(|l| !l.is_empty());
        let converted = html::to_markdown(
            &html::Input {
                html: &content,
                autop: true,
                footnotes: &footnotes,
                base: link.as_deref(),
            },
            &mut self.images,
        );
        for note in &converted.notes {
            self.warn(
                item,
                format!("in `{title}`: {note}"),
                "check the entry and edit it by hand if something is missing",
            );
        }
        let mut notes = vec![format!(
            "imported from WordPress {kind} {} (status: {status})",
            item.child_text(WP, "post_id").unwrap_or_default()
        )];
        if let Some(local) = item.child_text(WP, "post_date") {
            notes.push(format!("site local date: {local}"));
        }
        let comments = self.comments(item, responses, left_responses);
        ImportedEntry {
            stem,
            title,
            authors,
            date,
            tags,
            categories,
            slug: (!slug_text.trim().is_empty()).then(|| slug_text.trim().to_string()),
            url: link,
            notes,
            body: converted.markdown,
            comments,
        }
    }

    fn comments(
        &mut self,
        item: &Element,
        kept: &mut Tally,
        left_out: &mut Tally,
    ) -> Vec<ImportedComment> {
        struct Raw {
            id: String,
            parent: Option<String>,
            keep: bool,
        }
        let mut raws = Vec::new();
        let mut out = Vec::new();
        for c in item.children_named(WP, "comment") {
            for private in ["comment_author_email", "comment_author_IP"] {
                if let Some(value) = c.child_text(WP, private).filter(|v| !v.is_empty()) {
                    self.private.insert(value.to_lowercase());
                }
            }
            // Without an id (a hand-made export), the comment's place in the post stands in.
            let id = c
                .child_text(WP, "comment_id")
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| format!("n{}", raws.len() + 1));
            let parent = c
                .child_text(WP, "comment_parent")
                .filter(|p| !p.is_empty() && p != "0");
            let approved = c
                .child_text(WP, "comment_approved")
                .unwrap_or_else(|| "1".into());
            let kind = match c.child_text(WP, "comment_type").as_deref() {
                Some("pingback") => ResponseKind::Pingback,
                Some("trackback") => ResponseKind::Trackback,
                _ => ResponseKind::Comment,
            };
            let keep = approved == "1" || self.filters.include_unapproved;
            raws.push(Raw {
                id: id.clone(),
                parent: parent.clone(),
                keep,
            });
            if !keep {
                let why = match approved.as_str() {
                    "spam" => "spam",
                    "trash" | "post-trashed" => "in the trash",
                    _ => "unapproved",
                };
                left_out.add(format!(
                    "{} {why} (keep with --include-unapproved)",
                    kind.name()
                ));
                continue;
            }
            kept.add(kind.name());
            let author = html::plain_text(&c.child_text(WP, "comment_author").unwrap_or_default());
            let author = slug::clean_title(&author).unwrap_or(author);
            let author = author.trim();
            let author = if author.is_empty() {
                "Anonymous".to_string()
            } else if looks_like_email(author) {
                // A commenter who typed an address as their name: it is not published.
                "(address removed)".to_string()
            } else {
                author.to_string()
            };
            let url = c
                .child_text(WP, "comment_author_url")
                .filter(|u| u.contains("://") && !u.ends_with("://"))
                .filter(|u| !u.to_lowercase().starts_with("mailto:"));
            let date = timestamp(
                c.child_text(WP, "comment_date").as_deref(),
                c.child_text(WP, "comment_date_gmt").as_deref(),
            );
            let content = c.child_text(WP, "comment_content").unwrap_or_default();
            let body = html::to_markdown(
                &html::Input {
                    html: &content,
                    autop: true,
                    footnotes: &[],
                    base: None,
                },
                &mut html::NoImages,
            )
            .markdown;
            out.push(ImportedComment {
                id: format!("c{id}"),
                parent: parent.map(|p| format!("c{p}")),
                author,
                url,
                date,
                kind,
                body,
            });
        }
        // A reply whose parent was left out (or is missing) moves up to the nearest kept
        // ancestor, or becomes a top-level comment.
        let parent_of: HashMap<&str, Option<&str>> = raws
            .iter()
            .map(|r| (r.id.as_str(), r.parent.as_deref()))
            .collect();
        let kept_ids: HashSet<&str> = raws
            .iter()
            .filter(|r| r.keep)
            .map(|r| r.id.as_str())
            .collect();
        let mut moved = 0;
        for comment in &mut out {
            let Some(parent) = comment.parent.clone() else {
                continue;
            };
            let mut candidate = Some(parent[1..].to_string());
            let mut seen = HashSet::new();
            while let Some(p) = candidate.clone() {
                if kept_ids.contains(p.as_str()) && format!("c{p}") != comment.id {
                    break;
                }
                if !seen.insert(p.clone()) {
                    candidate = None;
                    break;
                }
                candidate = parent_of
                    .get(p.as_str())
                    .copied()
                    .flatten()
                    .map(str::to_string);
            }
            let new_parent = candidate.map(|p| format!("c{p}"));
            if new_parent.as_deref() != Some(parent.as_str()) {
                moved += 1;
                comment.parent = new_parent;
            }
        }
        if moved > 0 {
            self.warn(
                item,
                format!("{moved} repl(ies) answered a comment that was left out or is missing; each now answers the nearest kept comment above it"),
                "check the thread in the entry's .comments.toml",
            );
        }
        out
    }
}

/// `name@host.tld` with nothing else around it.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !text.contains(char::is_whitespace)
                && !host.starts_with('.')
                && !host.ends_with('.')
        }
        None => false,
    }
}

/// A login without the stray `<`, `>` and spaces that hand-edited exports carry.
fn clean_login(raw: &str) -> String {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|&c| c != '<' && c != '>' && !slug::is_invisible_control(c))
        .collect();
    cleaned.trim().to_string()
}

/// The post's date as RFC 3339: the site's local time with its offset when both the local
/// and the GMT dates are given, else the one given.
pub fn timestamp(local: Option<&str>, gmt: Option<&str>) -> Option<String> {
    let parse = |s: &str| -> Option<(i64, [i64; 6])> {
        let s = s.trim();
        let (d, t) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
        let mut dp = d.split('-').map(|x| x.parse::<i64>().ok());
        let (y, m, day) = (dp.next()??, dp.next()??, dp.next()??);
        let mut tp = t.split(':').map(|x| x.parse::<i64>().ok());
        let (h, mi, sec) = (
            tp.next().flatten().unwrap_or(0),
            tp.next().flatten().unwrap_or(0),
            tp.next().flatten().unwrap_or(0),
        );
        if y == 0
            || !(1..=12).contains(&m)
            || !(1..=31).contains(&day)
            || h > 23
            || mi > 59
            || sec > 60
        {
            return None;
        }
        let epoch = days_from_civil(y, m, day) * 86_400 + h * 3600 + mi * 60 + sec;
        Some((epoch, [y, m, day, h, mi, sec]))
    };
    let fmt = |p: [i64; 6]| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            p[0], p[1], p[2], p[3], p[4], p[5]
        )
    };
    let local = local.and_then(parse);
    let gmt = gmt.and_then(parse);
    match (local, gmt) {
        (Some((l, lp)), Some((g, _))) => {
            let offset = l - g;
            if offset.abs() < 18 * 3600 && offset % 60 == 0 {
                let sign = if offset < 0 { '-' } else { '+' };
                let minutes = offset.abs() / 60;
                if offset == 0 {
                    Some(format!("{}Z", fmt(lp)))
                } else {
                    Some(format!(
                        "{}{sign}{:02}:{:02}",
                        fmt(lp),
                        minutes / 60,
                        minutes % 60
                    ))
                }
            } else {
                Some(fmt(lp))
            }
        }
        (None, Some((_, gp))) => Some(format!("{}Z", fmt(gp))),
        (Some((_, lp)), None) => Some(fmt(lp)),
        (None, None) => None,
    }
}

/// The core footnotes block keeps its notes as JSON in the `footnotes` post meta.
fn footnotes(item: &Element) -> Vec<(String, String)> {
    for meta in item.children_named(WP, "postmeta") {
        if meta.child_text(WP, "meta_key").as_deref() == Some("footnotes") {
            let value = meta.child_text(WP, "meta_value").unwrap_or_default();
            let parsed: Vec<serde_json::Value> = serde_json::from_str(&value).unwrap_or_default();
            return parsed
                .iter()
                .filter_map(|n| {
                    Some((
                        n.get("id")?.as_str()?.to_string(),
                        n.get("content")?.as_str()?.to_string(),
                    ))
                })
                .collect();
        }
    }
    Vec::new()
}

/// Finds images beside the export and copies them into `images/`; never downloads.
struct Images {
    dir: PathBuf,
    /// Attachment post id → URL.
    attachments: HashMap<String, String>,
    /// Post id → URLs of the attachments uploaded to it (a `[gallery]` without ids).
    children: HashMap<String, Vec<String>>,
    /// The post being converted.
    current: String,
    /// URL → name under images/.
    copied: HashMap<String, String>,
    copies: Vec<(String, PathBuf)>,
    names: Names,
    missing: Vec<String>,
}

impl Images {
    fn new(export: &Path) -> Images {
        Images {
            dir: export.parent().map(Path::to_path_buf).unwrap_or_default(),
            attachments: HashMap::new(),
            children: HashMap::new(),
            current: String::new(),
            copied: HashMap::new(),
            copies: Vec::new(),
            names: Names::default(),
            missing: Vec::new(),
        }
    }

    fn local_file(&self, src: &str) -> Option<PathBuf> {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let after_host = match path.find("://") {
            Some(i) => path[i + 3..].split_once('/').map_or("", |(_, p)| p),
            None => path.trim_start_matches('/'),
        };
        let uploads = after_host
            .find("wp-content/uploads/")
            .map(|i| &after_host[i + "wp-content/uploads/".len()..])
            .unwrap_or(after_host);
        let relative = PathBuf::from(slug::percent_decode(uploads));
        // Only plain relative paths: never `..`, never absolute.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let file_name = relative.file_name()?.to_os_string();
        let ext = Path::new(&file_name)
            .extension()?
            .to_string_lossy()
            .to_lowercase();
        if !["png", "jpg", "jpeg", "gif", "webp", "svg"].contains(&ext.as_str()) {
            return None;
        }
        let mut candidates = vec![
            self.dir.join("uploads").join(&relative),
            self.dir.join("wp-content/uploads").join(&relative),
            self.dir.join("uploads").join(&file_name),
            self.dir.join(&file_name),
        ];
        // WordPress links resized copies (`photo-300x200.jpg`); the original will do.
        let stem = Path::new(&file_name)
            .file_stem()?
            .to_string_lossy()
            .into_owned();
        if let Some((base, size)) = stem.rsplit_once('-')
            && size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty()
                    && !h.is_empty()
                    && (w.to_owned() + h).chars().all(|c| c.is_ascii_digit())
            })
        {
            let original = format!("{base}.{ext}");
            candidates.push(
                self.dir
                    .join("uploads")
                    .join(relative.with_file_name(&original)),
            );
            candidates.push(
                self.dir
                    .join("wp-content/uploads")
                    .join(relative.with_file_name(&original)),
            );
            candidates.push(self.dir.join(&original));
        }
        candidates.into_iter().find(|c| c.is_file())
    }
}

impl Resolver for Images {
    fn image(&mut self, src: &str) -> Option<String> {
        if let Some(name) = self.copied.get(src) {
            return Some(format!("../images/{name}"));
        }
        let Some(file) = self.local_file(src) else {
            if !self.missing.iter().any(|m| m == src) {
                self.missing.push(src.to_string());
            }
            return None;
        };
        // Two addresses of one file (a resized copy and the original) share one copy.
        if let Some((name, _)) = self.copies.iter().find(|(_, f)| *f == file) {
            let name = name.clone();
            self.copied.insert(src.to_string(), name.clone());
            return Some(format!("../images/{name}"));
        }
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!(
            "{}.{ext}",
            self.names.unique(&slug::file_stem(&stem, "image"))
        );
        self.copied.insert(src.to_string(), name.clone());
        self.copies.push((name.clone(), file));
        Some(format!("../images/{name}"))
    }

    fn gallery(&self, ids: &str) -> Vec<String> {
        if ids.trim().is_empty() {
            return self
                .children
                .get(&self.current)
                .cloned()
                .unwrap_or_default();
        }
        ids.split(',')
            .filter_map(|id| self.attachments.get(id.trim()).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_the_site_offset() {
        assert_eq!(
            timestamp(Some("2013-01-10 20:15:40"), Some("2013-01-10 15:15:40")).as_deref(),
            Some("2013-01-10T20:15:40+05:00")
        );
        assert_eq!(
            timestamp(Some("2013-01-10 20:15:40"), Some("0000-00-00 00:00:00")).as_deref(),
            Some("2013-01-10T20:15:40")
        );
        assert_eq!(
            timestamp(Some("2013-01-10 10:00:00"), Some("2013-01-10 10:00:00")).as_deref(),
            Some("2013-01-10T10:00:00Z")
        );
    }
}
