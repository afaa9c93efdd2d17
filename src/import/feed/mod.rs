//! RSS 2.0 and Atom 1.0 feeds → [`ImportedBook`].
//!
//! Entries that answer another entry (Atom threading, `thr:in-reply-to`) are comments, kept
//! in their threads. Comment feeds are read from local files only: those given with
//! `--comments`, and an entry's `rel="replies"` feed when it is a file beside the feed.

use super::html::{self, NoImages};
use super::slug::{self, Names};
use super::urls::{self, Allow};
use super::xml;
use super::{Imported, ImportedAuthor, ImportedBook, ImportedComment, ImportedEntry, Report};
use crate::diag::Diagnostic;
use parse::{parse_feed, private_addresses};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

mod parse;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const THR: &str = "http://purl.org/syndication/thread/1.0";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const WFW: &str = "http://wellformedweb.org/CommentAPI/";

/// One entry of a feed, post or comment, before threading.
#[derive(Debug, Clone, Default)]
struct Item {
    id: String,
    title: String,
    link: Option<String>,
    date: Option<String>,
    author: Option<(String, Option<String>)>,
    categories: Vec<String>,
    html: String,
    /// The id (Atom `ref`) of the entry this one answers.
    in_reply_to: Option<String>,
    /// The address of what it answers (`href`), for a post not in the feed.
    in_reply_to_href: Option<String>,
    /// Comment feeds announced for this entry: (address, announced count).
    replies: Vec<(String, Option<usize>)>,
    /// Set for items read from a comment feed that belongs to a known post.
    comment_of: Option<String>,
    /// Where the entry starts in its file, for messages.
    pos: xml::Pos,
    /// References HTML does not have, in its content as written.
    unknown_refs: Vec<xml::UnknownReference>,
    file: PathBuf,
}

/// A parsed feed file.
struct Feed {
    title: String,
    subtitle: Option<String>,
    language: Option<String>,
    /// Its own address (self link), for matching comment feeds and resolving links.
    base: Option<String>,
    /// Its alternate (HTML) address.
    alternate: Option<String>,
    items: Vec<Item>,
}

/// Reads the feed at `path`, with comment feeds given beside it.
pub fn read(path: &Path, comment_feeds: &[PathBuf]) -> Imported {
    let mut report = Report::default();
    let feed = parse_feed(path, &mut report).map_err(|d| vec![d])?;
    if feed.items.is_empty() {
        return Err(vec![
            Diagnostic::error(
                path,
                None,
                "the feed has no entries (no Atom <entry>, no RSS <item>)",
            )
            .with_hint("give a feed that holds the blog's posts"),
        ]);
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut posts: Vec<Item> = Vec::new();
    let mut comments: Vec<Item> = Vec::new();
    for item in feed.items.iter().cloned() {
        if item.in_reply_to.is_some() {
            comments.push(item);
        } else {
            posts.push(item);
        }
    }
    // Comment feeds: those given, and `rel="replies"` files found beside the feed.
    let mut read_files: HashSet<PathBuf> = HashSet::new();
    let mut given: Vec<(PathBuf, Option<String>)> =
        comment_feeds.iter().map(|p| (p.clone(), None)).collect();
    let mut unread = Vec::new();
    for post in &posts {
        for (href, count) in &post.replies {
            match local_file(&dir, href) {
                Some(file) if file.is_file() => given.push((file, Some(post.id.clone()))),
                _ if count.unwrap_or(1) > 0 => {
                    unread.push((post.id.clone(), post.title.clone(), href.clone(), *count))
                }
                _ => {}
            }
        }
    }
    // The entries whose comment feed was read (given, fetched or beside the feed).
    let mut owners_read = HashSet::new();
    for (file, owner) in given {
        if !read_files.insert(file.clone()) {
            continue;
        }
        let sub = match parse_feed(&file, &mut report) {
            Ok(f) => f,
            Err(d) => return Err(vec![d]),
        };
        // Which post does a comment feed belong to: the one that named it, or the one whose
        // `wfw:commentRss` is the feed's address, or whose link is the feed's alternate link.
        let owner = owner.or_else(|| {
            posts
                .iter()
                .find(|p| {
                    p.replies.iter().any(|(r, _)| Some(r) == sub.base.as_ref())
                        || (p.link.is_some() && p.link == sub.alternate)
                })
                .map(|p| p.id.clone())
        });
        owners_read.extend(owner.clone());
        for mut item in sub.items {
            if item.in_reply_to.is_none() {
                match &owner {
                    Some(o) => item.comment_of = Some(o.clone()),
                    None => {
                        report.warnings.push(
                            Diagnostic::warning(
                                &file,
                                Some(item.pos.line),
                                "this comment feed names no entry of the feed, and its items do not say what they answer; they are left out",
                            )
                            .with_hint("give the comment feed of an entry in the feed"),
                        );
                        break;
                    }
                }
            }
            comments.push(item);
        }
    }
    unread.retain(|(owner, ..)| !owners_read.contains(owner));
    for (_, title, href, count) in unread {
        report.warnings.push(
            Diagnostic::warning(
                path,
                None,
                format!(
                    "{} repl(ies) to “{title}” are in {href}, which is not beside the feed; they are not imported (nothing is downloaded)",
                    count.map_or("the".to_string(), |n| n.to_string())
                ),
            )
            .with_hint("save that comment feed beside the feed (or pass it with --comments) and import again"),
        );
    }
    let book = assemble(&feed, posts, comments, &mut report);
    // Authors' e-mail addresses (Atom <email>, RSS <author>) are never read into the book;
    // one quoted in a text is replaced.
    let private = private_addresses(path, comment_feeds);
    let book = super::scrub(book, &private, path, &mut report);
    Ok((book, report))
}

fn assemble(
    feed: &Feed,
    mut posts: Vec<Item>,
    mut comments: Vec<Item>,
    report: &mut Report,
) -> ImportedBook {
    for item in posts.iter_mut().chain(comments.iter_mut()) {
        keep_addresses(item, &mut report.warnings);
    }
    // Every comment's root: follow in-reply-to through comments until a post (or an entry
    // that is not in the feed, for which a placeholder entry is made).
    let by_id: HashMap<&str, &Item> = comments.iter().map(|c| (c.id.as_str(), c)).collect();
    let order: HashMap<&str, usize> = comments
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let post_ids: HashSet<String> = posts.iter().map(|p| p.id.clone()).collect();
    let mut roots: Vec<String> = Vec::new();
    for comment in &comments {
        let mut current = comment;
        let mut seen = HashSet::new();
        let root = loop {
            if let Some(o) = &current.comment_of {
                break o.clone();
            }
            let Some(target) = &current.in_reply_to else {
                break current.id.clone();
            };
            if post_ids.contains(target) {
                break target.clone();
            }
            if !seen.insert(target.clone()) {
                // Replies answering each other in a circle: all of them go to one entry,
                // named after the first of them in the feed (the cycle is broken there).
                let first = seen.iter().min_by_key(|id| order.get(id.as_str()).copied());
                break first.cloned().unwrap_or_else(|| target.clone());
            }
            match by_id.get(target.as_str()) {
                Some(parent) => current = parent,
                None => break target.clone(),
            }
        };
        roots.push(root);
    }
    for (comment, root) in comments.iter().zip(&roots) {
        if !posts.iter().any(|p| p.id == *root) {
            // The post answered is not in the feed (a comment feed on its own).
            let href = comment.in_reply_to_href.clone();
            let all_replies = feed.items.iter().all(|i| i.in_reply_to.is_some());
            let title = if all_replies && !feed.title.is_empty() {
                feed.title.clone()
            } else {
                format!("Comments on {}", href.as_deref().unwrap_or(root))
            };
            let link = href
                .clone()
                .map(|h| format!("<a href=\"{h}\">{h}</a>"))
                .unwrap_or_default();
            posts.push(Item {
                id: root.clone(),
                title,
                link: href,
                html: format!(
                    "<p><em>The post itself is not in this feed; its comments follow.</em> {link}</p>"
                ),
                date: comment.date.clone(),
                ..Item::default()
            });
            report.warnings.push(
                Diagnostic::warning(
                    &comment.file,
                    Some(comment.pos.line),
                    format!("comments answer an entry not in the feed ({root}); an entry was made to hold them"),
                )
                .with_hint("write the entry's text in its file, or import the feed that has the post"),
            );
        }
    }
    let mut names = Names::default();
    let mut author_ids = Names::default();
    let mut authors: Vec<ImportedAuthor> = Vec::new();
    let mut author_key: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    let mut kept_comments = 0;
    for post in &posts {
        let mut entry_authors = Vec::new();
        if let Some((name, uri)) = &post.author {
            let id = match author_key.get(name) {
                Some(id) => id.clone(),
                None => {
                    let n = authors.len() + 1;
                    let id = author_ids.unique(&slug::author_stem(name, name, n));
                    author_key.insert(name.clone(), id.clone());
                    authors.push(ImportedAuthor {
                        id: id.clone(),
                        name: slug::shown_name(name, n),
                        links: uri.iter().cloned().collect(),
                        bio: String::new(),
                    });
                    id
                }
            };
            entry_authors.push(id);
        }
        let slug_source = post
            .link
            .as_deref()
            .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
            .unwrap_or("");
        let stem = names.unique(&slug::file_stem(slug_source, &post.title));
        let title = if post.title.trim().is_empty() {
            "Untitled".to_string()
        } else {
            post.title.clone()
        };
        let body = converted(post, post.link.as_deref(), &format!("`{title}`"), report);
        // Comment ids: c1, c2, … in feed order, so files stay readable whatever the feed ids;
        // a repeated feed id stands for its first comment.
        let mine: Vec<&Item> = comments
            .iter()
            .zip(&roots)
            .filter(|(_, r)| **r == post.id)
            .map(|(c, _)| c)
            .collect();
        let mut local: HashMap<&str, String> = HashMap::new();
        for (i, c) in mine.iter().enumerate() {
            local.entry(c.id.as_str()).or_insert(format!("c{}", i + 1));
        }
        let mut out = Vec::new();
        for (i, c) in mine.iter().enumerate() {
            kept_comments += 1;
            let id = format!("c{}", i + 1);
            let what = format!("comment {id} on `{title}`");
            let text = converted(c, post.link.as_deref(), &what, report);
            out.push(ImportedComment {
                id: local.get(c.id.as_str()).cloned().unwrap_or_default(),
                parent: c.in_reply_to.as_deref().and_then(|p| local.get(p)).cloned(),
                author: match c.author.as_ref() {
                    // A commenter who gave an address as a name: it is not published.
                    Some((n, _)) if slug::holds_address(n) => "(address removed)".into(),
                    Some((n, _)) => n.clone(),
                    None => "Anonymous".into(),
                },
                url: c.author.as_ref().and_then(|(_, u)| u.clone()),
                date: c.date.clone(),
                kind: super::ResponseKind::Comment,
                body: text.markdown,
            });
        }
        let repairs = super::threads::repair(&mut out);
        for message in repairs.messages() {
            report.warnings.push(
                Diagnostic::warning(
                    &post.file,
                    Some(post.pos.line),
                    format!("in the comments of `{title}`: {message}"),
                )
                .with_hint("nothing to do if the threads look right; the book builds"),
            );
        }
        entries.push(ImportedEntry {
            stem,
            title,
            authors: entry_authors,
            date: post.date.clone(),
            tags: Vec::new(),
            categories: post.categories.clone(),
            slug: None,
            url: post.link.clone(),
            lang: None,
            notes: vec![format!("imported from feed entry {}", post.id)],
            body: body.markdown,
            comments: out,
        });
    }
    report.kept.push(format!("{} × entry", entries.len()));
    report.kept.push(format!("{kept_comments} × comment"));
    report.kept.push(format!("{} × author", authors.len()));
    ImportedBook {
        title: feed.title.clone(),
        subtitle: feed.subtitle.clone(),
        language: feed.language.clone(),
        entries,
        authors,
        images: Vec::new(),
    }
}

/// The addresses of `item` that a book may keep (http, https; mailto for its own link),
/// each other one dropped with a warning naming the item.
fn keep_addresses(item: &mut Item, warnings: &mut Vec<Diagnostic>) {
    let what = if item.title.trim().is_empty() {
        format!("the entry `{}`", item.id)
    } else {
        format!("`{}`", item.title.trim())
    };
    let line = Some(item.pos.line);
    let file = item.file.clone();
    item.link = urls::keep(
        item.link.take(),
        Allow::WebOrMail,
        "the link",
        &what,
        &file,
        line,
        warnings,
    );
    item.in_reply_to_href = urls::keep(
        item.in_reply_to_href.take(),
        Allow::Web,
        "the address it answers",
        &what,
        &file,
        line,
        warnings,
    );
    if let Some((_, uri)) = &mut item.author {
        *uri = urls::keep(
            uri.take(),
            Allow::Web,
            "the author's <uri>",
            &what,
            &file,
            line,
            warnings,
        );
    }
}

/// A warning when the HTML of `item` was nested too deep and flattened.
/// `item`'s HTML as Markdown (its links read against `base`), with its unknown entities and
/// flattened nesting reported, the latter as `what`.
fn converted(item: &Item, base: Option<&str>, what: &str, report: &mut Report) -> html::Converted {
    let converted = html::to_markdown(
        &html::Input {
            html: &item.html,
            autop: true,
            footnotes: &[],
            base,
        },
        &mut NoImages,
    );
    report
        .warnings
        .extend(entity_warnings(item, &converted.unknown_entities));
    flattened_warning(item, what, &converted, report);
    converted
}

fn flattened_warning(item: &Item, what: &str, converted: &html::Converted, report: &mut Report) {
    if let Some(message) = converted.flattened_message() {
        report.warnings.push(
            Diagnostic::warning(
                &item.file,
                Some(item.pos.line),
                format!("in {what}: {message}"),
            )
            .with_hint("nothing to do: the text is all there; check the entry's layout"),
        );
    }
}

/// The comment feeds the entries of the feed at `path` announce (`wfw:commentRss`,
/// `rel="replies"`), as written, each once, with the number of replies announced.
pub(crate) fn announced_comment_feeds(
    path: &Path,
) -> Result<Vec<(String, Option<usize>)>, Diagnostic> {
    let feed = parse_feed(path, &mut Report::default())?;
    let mut out: Vec<(String, Option<usize>)> = Vec::new();
    for (href, count) in feed.items.into_iter().flat_map(|i| i.replies) {
        if !out.iter().any(|(h, _)| *h == href) {
            out.push((href, count));
        }
    }
    Ok(out)
}

/// Warnings for the references HTML does not have that the conversion of `item` kept.
fn entity_warnings(item: &Item, names: &[String]) -> Vec<Diagnostic> {
    super::entity_warnings(&item.file, names, &item.unknown_refs, item.pos)
}

/// A file beside the feed for a relative `href` (`3299.atom`); never outside that folder,
/// never for an absolute address.
fn local_file(dir: &Path, href: &str) -> Option<PathBuf> {
    if href.contains("://") || href.starts_with('/') {
        return None;
    }
    let relative = PathBuf::from(href.split(['?', '#']).next()?);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dir.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_feed() {
        let base = Some("http://intertwingly.net/blog/index.atom");
        assert_eq!(
            html::resolve(base, "/blog/x"),
            "http://intertwingly.net/blog/x"
        );
        assert_eq!(
            html::resolve(base, "3299.atom"),
            "http://intertwingly.net/blog/3299.atom"
        );
        assert_eq!(html::resolve(base, "https://a.org/"), "https://a.org/");
    }

    #[test]
    fn comment_feeds_stay_beside_the_feed() {
        let dir = Path::new("/feeds");
        assert_eq!(
            local_file(dir, "3299.atom"),
            Some(PathBuf::from("/feeds/3299.atom"))
        );
        assert_eq!(local_file(dir, "../secret"), None);
        assert_eq!(local_file(dir, "http://x.org/c.atom"), None);
        assert_eq!(local_file(dir, "/etc/passwd"), None);
    }
}
