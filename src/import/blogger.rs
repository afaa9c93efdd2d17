//! A Blogger export → [`ImportedBook`], in both of its forms:
//!
//! - Google Takeout's `feed.atom` (2018 schema): each `<entry>` has `<blogger:type>` POST,
//!   PAGE or COMMENT and `<blogger:status>` LIVE, DRAFT, SOFT_TRASHED…; a comment names its
//!   post in `<blogger:parent>` and the comment it answers in `<blogger:inReplyTo>`;
//!   `<blogger:trashed>` with a date marks a deleted one.
//! - The older Atom export (Settings → Back up content): the kind is a
//!   `<category scheme="http://schemas.google.com/g/2005#kind">` term ending in `#post`,
//!   `#page` or `#comment` (settings and template entries are skipped); a draft has
//!   `<app:control><app:draft>yes`; a comment names its post in `<thr:in-reply-to ref>` and
//!   the comment it answers by a `<link rel="related">` to that comment's feed address.
//!
//! Published posts are kept with their live comments, threaded; drafts and pages only when
//! asked. Authors' `<email>` (Blogger writes `noreply@blogger.com` or the address) is never
//! read into the book.

use super::html::{self, NoImages};
use super::slug::{self, Names};
use super::urls::{self, Allow};
use super::xml::{self, Element};
use super::{
    Filters, Imported, ImportedAuthor, ImportedBook, ImportedComment, ImportedEntry, Report,
    ResponseKind, dates, threads,
};
use crate::diag::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const BLOGGER: &str = "http://schemas.google.com/blogger/2018";
const THR: &str = "http://purl.org/syndication/thread/1.0";
const KIND: &str = "http://schemas.google.com/g/2005#kind";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Post,
    Page,
    Comment,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Live,
    Draft,
    Gone,
}

struct Item {
    id: String,
    kind: Kind,
    status: Status,
    title: String,
    html: String,
    date: Option<String>,
    link: Option<String>,
    author: Option<(String, Option<String>)>,
    labels: Vec<String>,
    post: Option<String>,
    answers: Option<String>,
    line: usize,
}

/// The number a Blogger id ends with (`tag:blogger.com,1999:blog-1.post-42` → `42`), which is
/// how the older export's `related` links name a comment.
fn number(id: &str) -> &str {
    let tail = id.rsplit(['-', '/', '.']).next().unwrap_or(id);
    tail.trim()
}

fn read_item(
    doc: &xml::Document,
    e: &Element,
    takeout: bool,
    path: &Path,
    report: &mut Report,
    private: &mut HashSet<String>,
) -> Item {
    let text = |ns: &str, name: &str| {
        e.child_text(ns, name)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let pos = doc.pos(e.offset);
    let (kind, status, post, answers) = if takeout {
        let kind = match text(BLOGGER, "type").as_deref() {
            Some("POST") => Kind::Post,
            Some("PAGE") => Kind::Page,
            Some("COMMENT") => Kind::Comment,
            _ => Kind::Other,
        };
        let trashed = text(BLOGGER, "trashed").is_some();
        let status = match text(BLOGGER, "status").as_deref() {
            _ if trashed => Status::Gone,
            Some("LIVE") | None => Status::Live,
            Some("DRAFT" | "SCHEDULED") => Status::Draft,
            Some(_) => Status::Gone,
        };
        (
            kind,
            status,
            text(BLOGGER, "parent"),
            text(BLOGGER, "inReplyTo"),
        )
    } else {
        let term = e
            .children_named(ATOM, "category")
            .find(|c| c.attr("scheme") == Some(KIND))
            .and_then(|c| c.attr("term"))
            .unwrap_or("");
        let kind = match term.rsplit('#').next() {
            Some("post") => Kind::Post,
            Some("page") => Kind::Page,
            Some("comment") => Kind::Comment,
            _ => Kind::Other,
        };
        let draft = e
            .elements()
            .find(|c| c.name == "control")
            .and_then(|c| c.elements().find(|d| d.name == "draft"))
            .is_some_and(|d| d.text().trim() == "yes");
        let reply = e.child(THR, "in-reply-to");
        let related = e
            .children_named(ATOM, "link")
            .find(|l| l.attr("rel") == Some("related"))
            .and_then(|l| l.attr("href"))
            .map(|h| number(h).to_string());
        (
            kind,
            if draft { Status::Draft } else { Status::Live },
            reply.and_then(|r| r.attr("ref").map(str::to_string)),
            related,
        )
    };
    let content = e.child(ATOM, "content");
    let html = content
        .map(|c| match c.attr("type").unwrap_or("text") {
            "html" | "text/html" => c.text(),
            "xhtml" => doc.inner_markup(c).to_string(),
            _ => html_escape(&c.text()),
        })
        .unwrap_or_default();
    let author = e.child(ATOM, "author").and_then(|a| {
        if let Some(email) = a.child_text(ATOM, "email") {
            private.insert(email.trim().to_lowercase());
        }
        let name = html::plain_text(&a.child_text(ATOM, "name")?);
        let uri = a
            .child_text(ATOM, "uri")
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        (!name.is_empty()).then_some((name, uri))
    });
    let date = e
        .child(ATOM, "published")
        .or_else(|| e.child(ATOM, "updated"))
        .and_then(|d| match dates::rfc3339(&d.text()) {
            Ok(t) => Some(t),
            Err(err) => {
                report.warnings.push(dates::not_a_date(
                    path,
                    doc.pos(d.offset),
                    "<published>",
                    &d.text(),
                    &err,
                ));
                None
            }
        });
    let link = e
        .children_named(ATOM, "link")
        .find(|l| {
            l.attr("rel").unwrap_or("alternate") == "alternate"
                && l.attr("type").is_none_or(|t| t == "text/html")
        })
        .and_then(|l| l.attr("href").map(str::to_string));
    let labels = e
        .children_named(ATOM, "category")
        .filter(|c| c.attr("scheme") != Some(KIND))
        .filter_map(|c| c.attr("term").map(html::plain_text))
        .filter(|t| !t.is_empty() && !t.starts_with("http://schemas.google.com/"))
        .collect();
    Item {
        id: text(ATOM, "id").unwrap_or_default(),
        kind,
        status,
        title: html::plain_text(&e.child_text(ATOM, "title").unwrap_or_default()),
        html,
        date,
        link,
        author,
        labels,
        post,
        answers,
        line: pos.line,
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Reads a Blogger export in either form.
pub fn read(path: &Path, filters: &Filters) -> Imported {
    let mut report = Report::default();
    let doc = super::read_xml(
        path,
        "fix the export there, or export the blog again",
        &mut report,
    )
    .map_err(|d| vec![d])?;
    let root = &doc.root;
    let entries: Vec<&Element> = if root.name == "feed" && root.ns == ATOM {
        root.children_named(ATOM, "entry").collect()
    } else {
        Vec::new()
    };
    let takeout = entries.iter().any(|e| e.child(BLOGGER, "type").is_some());
    let legacy = entries.iter().any(|e| {
        e.children_named(ATOM, "category")
            .any(|c| c.attr("scheme") == Some(KIND))
    });
    if !takeout && !legacy {
        let pos = doc.pos(root.offset);
        return Err(vec![Diagnostic::error(path, Some(pos.line), format!("line {}: this is not a Blogger export: no entry has <blogger:type> (Takeout) or a kind category (Back up content)", pos.line))
            .with_hint("give Takeout's feed.atom or the blog-….xml of Settings → Back up content; for another Atom feed use `chapbook import feed`")]);
    }
    let mut private = HashSet::new();
    let items: Vec<Item> = entries
        .iter()
        .map(|e| read_item(&doc, e, takeout, path, &mut report, &mut private))
        .collect();
    let (mut drafts, mut pages, mut gone_comments, mut orphans, mut gone_posts) = (0, 0, 0, 0, 0);
    let mut posts: Vec<&Item> = Vec::new();
    for item in &items {
        match (item.kind, item.status) {
            (Kind::Post | Kind::Page, Status::Gone) => gone_posts += 1,
            (Kind::Post | Kind::Page, Status::Draft) if !filters.include_drafts => drafts += 1,
            (Kind::Page, _) if !filters.include_pages => pages += 1,
            (Kind::Post | Kind::Page, _) => posts.push(item),
            _ => {}
        }
    }
    posts.sort_by(|a, b| {
        a.date
            .is_none()
            .cmp(&b.date.is_none())
            .then(a.date.cmp(&b.date))
    });
    let kept_ids: HashSet<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    let mut by_post: HashMap<&str, Vec<&Item>> = HashMap::new();
    for item in items.iter().filter(|i| i.kind == Kind::Comment) {
        if item.status != Status::Live {
            gone_comments += 1;
            continue;
        }
        match item.post.as_deref().filter(|p| kept_ids.contains(p)) {
            Some(p) => by_post.entry(p).or_default().push(item),
            None => orphans += 1,
        }
    }
    let mut names = Names::default();
    let mut author_names = Names::default();
    let mut authors: Vec<ImportedAuthor> = Vec::new();
    let mut author_ids: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let mut comment_count = 0;
    for post in &posts {
        let title = if post.title.trim().is_empty() {
            "Untitled".to_string()
        } else {
            post.title.clone()
        };
        let slug_source = post
            .link
            .as_deref()
            .and_then(|l| l.rsplit('/').next())
            .map(|l| l.trim_end_matches(".html"))
            .unwrap_or("");
        let stem = names.unique(&slug::file_stem(slug_source, &title));
        let mut ids = Vec::new();
        if let Some((name, uri)) = &post.author {
            let id = author_ids.entry(name.clone()).or_insert_with(|| {
                let n = authors.len() + 1;
                let id = author_names.unique(&slug::author_stem(name, name, n));
                authors.push(ImportedAuthor {
                    id: id.clone(),
                    name: slug::shown_name(name, n),
                    links: uri
                        .iter()
                        .filter_map(|u| urls::address(u, Allow::Web).ok())
                        .filter(|u| !u.contains("blogger.com/profile"))
                        .collect(),
                    bio: String::new(),
                });
                id
            });
            ids.push(id.clone());
        }
        let body = convert(
            &post.html,
            post.link.as_deref(),
            path,
            post.line,
            &title,
            &mut report,
        );
        let mine = by_post.remove(post.id.as_str()).unwrap_or_default();
        let local: HashMap<&str, String> = mine
            .iter()
            .enumerate()
            .flat_map(|(i, c)| {
                [
                    (c.id.as_str(), format!("c{}", i + 1)),
                    (number(&c.id), format!("c{}", i + 1)),
                ]
            })
            .collect();
        let mut comments = Vec::new();
        for (i, c) in mine.iter().enumerate() {
            let what = format!("comment c{} on `{title}`", i + 1);
            let (name, uri) = c.author.clone().unwrap_or(("Anonymous".into(), None));
            comments.push(ImportedComment {
                id: format!("c{}", i + 1),
                parent: c
                    .answers
                    .as_deref()
                    .and_then(|a| local.get(a).or_else(|| local.get(number(a))))
                    .cloned(),
                author: if slug::holds_address(&name) {
                    "(address removed)".into()
                } else {
                    name
                },
                url: urls::keep(
                    uri.filter(|u| !u.contains("blogger.com/profile")),
                    Allow::Web,
                    "the commenter's site",
                    &what,
                    path,
                    Some(c.line),
                    &mut report.warnings,
                ),
                date: c.date.clone(),
                kind: ResponseKind::Comment,
                body: convert(
                    &c.html,
                    post.link.as_deref(),
                    path,
                    c.line,
                    &what,
                    &mut report,
                ),
            });
        }
        for message in threads::repair(&mut comments).messages() {
            report.warnings.push(
                Diagnostic::warning(
                    path,
                    Some(post.line),
                    format!("in the comments of `{title}`: {message}"),
                )
                .with_hint("nothing to do if the threads look right; the book builds"),
            );
        }
        comment_count += comments.len();
        out.push(ImportedEntry {
            stem,
            title,
            authors: ids,
            date: post.date.clone(),
            tags: post.labels.clone(),
            url: urls::keep(
                post.link.clone(),
                Allow::Web,
                "the link",
                &format!("`{}`", post.title),
                path,
                Some(post.line),
                &mut report.warnings,
            ),
            notes: vec![format!(
                "imported from Blogger {} {}",
                if post.kind == Kind::Page {
                    "page"
                } else {
                    "post"
                },
                post.id
            )],
            body,
            comments,
            ..ImportedEntry::default()
        });
    }
    for (n, what) in [
        (drafts, "draft(s) (--drafts keeps them)"),
        (pages, "page(s) (--include-pages keeps them)"),
        (gone_posts, "deleted post(s)"),
        (gone_comments, "deleted, spam or unpublished comment(s)"),
        (orphans, "comment(s) on a post that is not imported"),
    ] {
        if n > 0 {
            report.left_out.push(format!("{n} {what}"));
        }
    }
    report.kept.push(format!("{} × entry", out.len()));
    report.kept.push(format!("{comment_count} × comment"));
    report.kept.push(format!("{} × author", authors.len()));
    let book = ImportedBook {
        title: html::plain_text(&root.child_text(ATOM, "title").unwrap_or_default()),
        subtitle: root
            .child_text(ATOM, "subtitle")
            .map(|s| html::plain_text(&s))
            .filter(|s| !s.is_empty()),
        language: None,
        entries: out,
        authors,
        images: Vec::new(),
    };
    let book = super::scrub(book, &private, path, &mut report);
    Ok((book, report))
}

fn convert(
    html_text: &str,
    base: Option<&str>,
    path: &Path,
    line: usize,
    what: &str,
    report: &mut Report,
) -> String {
    let converted = html::to_markdown(
        &html::Input {
            html: html_text,
            autop: true,
            footnotes: &[],
            base,
        },
        &mut NoImages,
    );
    for note in &converted.notes {
        report.warnings.push(
            Diagnostic::warning(path, Some(line), format!("line {line}: in {what}: {note}"))
                .with_hint("nothing to do unless the entry needs what was left out"),
        );
    }
    if let Some(message) = converted.flattened_message() {
        report.warnings.push(
            Diagnostic::warning(
                path,
                Some(line),
                format!("line {line}: in {what}: {message}"),
            )
            .with_hint("nothing to do: the text is all there"),
        );
    }
    converted.markdown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_end_in_their_number() {
        assert_eq!(number("tag:blogger.com,1999:blog-1.post-42"), "42");
        assert_eq!(
            number("http://www.blogger.com/feeds/1/2/comments/default/77"),
            "77"
        );
    }
}
