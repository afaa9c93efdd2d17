//! A Disqus export (XML: `<thread dsq:id>`s with their `<link>`, `<post dsq:id>`s naming
//! their `<thread dsq:id>` and the `<parent dsq:id>` they answer) → comments by thread.
//!
//! Deleted (`<isDeleted>true`) and spam (`<isSpam>true`) posts are left out; a reply to one
//! of them becomes a top-level comment, said once per thread. A post whose thread is not in
//! the export is left out with a warning. Commenters' `<email>` and `<ipAddress>` are never
//! read into the book: they are returned for scrubbing.

use crate::diag::Diagnostic;
use crate::import::html::{self, NoImages};
use crate::import::xml;
use crate::import::{ImportedComment, Report, ResponseKind, dates, slug};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One thread: the page it is on, and its comments, threaded.
#[derive(Debug, Clone, Default)]
pub struct Thread {
    /// `<link>`: the address of the page.
    pub link: String,
    /// `<title>`.
    pub title: String,
    /// The line of the `<thread>`.
    pub line: usize,
    /// Its comments in the export's order.
    pub comments: Vec<ImportedComment>,
}

/// Reads the export: threads that have comments, in the export's order.
pub fn read(
    path: &Path,
    private: &mut HashSet<String>,
    report: &mut Report,
) -> Result<Vec<Thread>, Diagnostic> {
    let doc = crate::import::read_xml(
        path,
        "fix the export there, or export again from Disqus",
        report,
    )?;
    let root = &doc.root;
    if root.name != "disqus" {
        let pos = doc.pos(root.offset);
        return Err(Diagnostic::error(
            path,
            Some(pos.line),
            format!(
                "line {}: <{}> is not a Disqus export (<disqus>)",
                pos.line, root.name
            ),
        )
        .with_hint("give the XML file Disqus sends from Admin → Moderation → Export"));
    }
    let ns = root.ns.as_str();
    let dsq_id = |e: &xml::Element| {
        e.attrs
            .iter()
            .find(|(k, _)| k.ends_with(":id") || k == "id")
            .map(|(_, v)| v.clone())
    };
    let mut threads: Vec<Thread> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for t in root.children_named(ns, "thread") {
        let Some(id) = dsq_id(t) else { continue };
        let link = t
            .child_text(ns, "link")
            .unwrap_or_default()
            .trim()
            .to_string();
        by_id.insert(id, threads.len());
        threads.push(Thread {
            link,
            title: html::plain_text(&t.child_text(ns, "title").unwrap_or_default()),
            line: doc.pos(t.offset).line,
            comments: Vec::new(),
        });
    }
    let (mut deleted, mut spam, mut orphans) = (0, 0, Vec::new());
    let mut gone: HashSet<String> = HashSet::new();
    let mut parents: Vec<(usize, usize, Option<String>)> = Vec::new();
    for post in root.children_named(ns, "post") {
        let id = dsq_id(post).unwrap_or_default();
        let line = doc.pos(post.offset).line;
        let flag = |name: &str| {
            post.child_text(ns, name)
                .is_some_and(|v| v.trim() == "true")
        };
        if let Some(author) = post.child(ns, "author")
            && let Some(email) = author.child_text(ns, "email")
        {
            private.insert(email.trim().to_lowercase());
        }
        if let Some(ip) = post.child_text(ns, "ipAddress") {
            private.insert(ip.trim().to_lowercase());
        }
        if flag("isDeleted") || flag("isSpam") {
            if flag("isSpam") {
                spam += 1
            } else {
                deleted += 1
            }
            gone.insert(id);
            continue;
        }
        let thread = post.child(ns, "thread").and_then(dsq_id);
        let Some(&t) = thread.as_ref().and_then(|t| by_id.get(t)) else {
            orphans.push(line);
            continue;
        };
        let author = post.child(ns, "author");
        let name = author
            .and_then(|a| {
                a.child_text(ns, "name")
                    .filter(|n| !n.trim().is_empty())
                    .or_else(|| a.child_text(ns, "username"))
            })
            .map(|n| html::plain_text(&n))
            .unwrap_or_else(|| "Anonymous".into());
        let name = if slug::holds_address(&name) {
            "(address removed)".to_string()
        } else {
            name
        };
        let date = post
            .child_text(ns, "createdAt")
            .and_then(|d| match dates::rfc3339(&d) {
                Ok(d) => Some(d),
                Err(e) => {
                    report.warnings.push(dates::not_a_date(
                        path,
                        doc.pos(post.offset),
                        "<createdAt>",
                        &d,
                        &e,
                    ));
                    None
                }
            });
        let message = post
            .child(ns, "message")
            .map(|m| m.text())
            .unwrap_or_default();
        let converted = html::to_markdown(
            &html::Input {
                html: &message,
                autop: true,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        );
        let parent = post.child(ns, "parent").and_then(dsq_id);
        parents.push((t, threads[t].comments.len(), parent));
        threads[t].comments.push(ImportedComment {
            id: format!("disqus-{id}"),
            parent: None,
            author: name,
            url: None,
            date,
            kind: ResponseKind::Comment,
            body: converted.markdown,
        });
    }
    let mut answered_gone: HashMap<usize, usize> = HashMap::new();
    for (t, i, parent) in parents {
        let Some(p) = parent else { continue };
        if gone.contains(&p) {
            *answered_gone.entry(t).or_default() += 1;
            continue;
        }
        threads[t].comments[i].parent = Some(format!("disqus-{p}"));
    }
    for (t, n) in answered_gone {
        report.warnings.push(
            Diagnostic::warning(path, Some(threads[t].line), format!("line {}: {n} comment(s) of the thread `{}` answer a deleted or spam comment; they are top-level comments", threads[t].line, threads[t].link))
                .with_hint("nothing to do: the comment answered is not published"),
        );
    }
    if deleted > 0 {
        report
            .left_out
            .push(format!("{deleted} deleted Disqus comment(s)"));
    }
    if spam > 0 {
        report
            .left_out
            .push(format!("{spam} Disqus comment(s) marked spam"));
    }
    if let Some(&first) = orphans.first() {
        report.warnings.push(
            Diagnostic::warning(path, Some(first), format!("line {first}: {} Disqus comment(s) name a thread that is not in the export; they are left out", orphans.len()))
                .with_hint("export the whole forum again if the threads are missing"),
        );
    }
    Ok(threads
        .into_iter()
        .filter(|t| !t.comments.is_empty())
        .collect())
}

/// An address reduced for matching: no scheme, `www.`, query, fragment, `index.html` or final
/// `/`, lower case.
pub fn link_key(url: &str) -> String {
    let u = url.trim().split(['?', '#']).next().unwrap_or("");
    let u = u.split_once("://").map_or(u, |(_, r)| r);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.strip_suffix("index.html").unwrap_or(u);
    u.trim_end_matches('/').to_lowercase()
}

/// The path of a [`link_key`] (without its host).
pub fn path_key(key: &str) -> &str {
    key.find('/').map_or("", |i| &key[i..])
}
