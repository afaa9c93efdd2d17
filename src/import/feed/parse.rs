//! Reading one feed file: RSS 2.0 or Atom 1.0 → a [`Feed`] of [`Item`]s, dates checked.

use super::{ATOM, CONTENT, DC, Feed, Item, THR, WFW};
use crate::diag::Diagnostic;
use crate::import::html;
use crate::import::xml::{self, Element};
use crate::import::{Report, dates};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(super) fn parse_feed(path: &Path, report: &mut Report) -> Result<Feed, Diagnostic> {
    let doc = crate::import::read_xml(
        path,
        "fix the feed there (or save it again), then import again",
        report,
    )?;
    let root = &doc.root;
    if root.name == "feed" && root.ns == ATOM {
        Ok(atom(&doc, path, report))
    } else if root.name == "rss" {
        let channel = root.child("", "channel").ok_or_else(|| {
            Diagnostic::error(
                path,
                Some(doc.pos(root.offset).line),
                "the RSS feed has no <channel>",
            )
            .with_hint("give an RSS 2.0 or Atom 1.0 feed")
        })?;
        Ok(rss(&doc, channel, path, report))
    } else {
        let pos = doc.pos(root.offset);
        Err(Diagnostic::error(
            path,
            Some(pos.line),
            format!(
                "line {}, column {}: <{}> is neither an RSS 2.0 <rss> nor an Atom 1.0 <feed>",
                pos.line, pos.column, root.name
            ),
        )
        .with_hint("give an RSS 2.0 or Atom 1.0 feed, or `chapbook import wordpress` for a WordPress export"))
    }
}

fn atom(doc: &xml::Document, path: &Path, report: &mut Report) -> Feed {
    let feed = &doc.root;
    let link = |e: &Element, rel: &str| -> Option<String> {
        e.children_named(ATOM, "link")
            .find(|l| l.attr("rel").unwrap_or("alternate") == rel)
            .and_then(|l| l.attr("href").map(str::to_string))
    };
    let base = link(feed, "self");
    let alternate = link(feed, "alternate").map(|a| html::resolve(base.as_deref(), &a));
    let person = |e: &Element| -> Option<(String, Option<String>)> {
        let author = e.child(ATOM, "author")?;
        let name = html::plain_text(&author.child_text(ATOM, "name")?);
        let uri = author
            .child_text(ATOM, "uri")
            .map(|u| html::resolve(base.as_deref(), &u));
        (!name.is_empty()).then_some((name, uri))
    };
    let feed_author = person(feed);
    let mut items = Vec::new();
    for entry in feed.children_named(ATOM, "entry") {
        let content = entry
            .child(ATOM, "content")
            .or_else(|| entry.child(ATOM, "summary"));
        let unknown_refs = content
            .map(|c| doc.unknown_references(c))
            .unwrap_or_default();
        let html = content.map(|c| match c.attr("type").unwrap_or("text") {
            "xhtml" => doc.inner_markup(c).to_string(),
            "html" | "text/html" => c.text(),
            _ => escape_html(&c.text()),
        });
        let reply = entry.child(THR, "in-reply-to");
        let replies = entry
            .children_named(ATOM, "link")
            .filter(|l| l.attr("rel") == Some("replies"))
            .filter_map(|l| {
                let href = l.attr("href")?.to_string();
                let count = l.attr_local("count").and_then(|c| c.parse().ok());
                Some((href, count))
            })
            .collect();
        items.push(Item {
            id: entry.child_text(ATOM, "id").unwrap_or_default(),
            title: html::plain_text(&entry.child_text(ATOM, "title").unwrap_or_default()),
            link: link(entry, "alternate").map(|l| html::resolve(base.as_deref(), &l)),
            date: entry
                .child(ATOM, "published")
                .map(|e| (e, "<published>"))
                .or_else(|| entry.child(ATOM, "updated").map(|e| (e, "<updated>")))
                .and_then(|(e, what)| iso_date(&dated(doc, path, e, what), report)),
            author: person(entry).or_else(|| feed_author.clone()),
            categories: entry
                .children_named(ATOM, "category")
                .filter_map(|c| c.attr("label").or(c.attr("term")).map(str::to_string))
                .collect(),
            html: html.unwrap_or_default(),
            in_reply_to: reply.and_then(|r| r.attr("ref").map(str::to_string)),
            in_reply_to_href: reply.and_then(|r| r.attr("href").map(str::to_string)),
            replies,
            comment_of: None,
            pos: doc.pos(entry.offset),
            unknown_refs,
            file: path.to_path_buf(),
        });
    }
    Feed {
        title: html::plain_text(&feed.child_text(ATOM, "title").unwrap_or_default()),
        subtitle: feed
            .child_text(ATOM, "subtitle")
            .map(|s| html::plain_text(&s)),
        language: feed.attr("xml:lang").map(str::to_string),
        base,
        alternate,
        items,
    }
}

fn rss(doc: &xml::Document, channel: &Element, path: &Path, report: &mut Report) -> Feed {
    let base = channel
        .children_named(ATOM, "link")
        .find(|l| l.attr("rel") == Some("self"))
        .and_then(|l| l.attr("href").map(str::to_string));
    let alternate = channel.child_text("", "link");
    let mut items = Vec::new();
    for (n, item) in channel.children_named("", "item").enumerate() {
        let content = item
            .child(CONTENT, "encoded")
            .or_else(|| item.child("", "description"));
        let html = content.map(Element::text).unwrap_or_default();
        let unknown_refs = content
            .map(|c| doc.unknown_references(c))
            .unwrap_or_default();
        // RSS <author> is an e-mail address with an optional name: only the name is kept.
        let author = item
            .child_text(DC, "creator")
            .filter(|c| !c.is_empty())
            .or_else(|| {
                let raw = item.child_text("", "author")?;
                let name = raw
                    .split_once('(')
                    .map(|(_, n)| n.trim_end_matches(')').trim().to_string())?;
                (!name.is_empty()).then_some(name)
            })
            .map(|n| (html::plain_text(&n), None));
        let link = item.child_text("", "link");
        let id = item
            .child_text("", "guid")
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("item-{}", n + 1));
        let replies = item
            .child_text(WFW, "commentRss")
            .map(|r| vec![(r, None)])
            .unwrap_or_default();
        items.push(Item {
            id,
            title: html::plain_text(&item.child_text("", "title").unwrap_or_default()),
            link,
            date: item
                .child("", "pubDate")
                .and_then(|e| rss_date(&dated(doc, path, e, "<pubDate>"), report))
                .or_else(|| {
                    let e = item.child(DC, "date")?;
                    iso_date(&dated(doc, path, e, "<dc:date>"), report)
                }),
            author,
            categories: item
                .children_named("", "category")
                .map(|c| html::plain_text(&c.text()))
                .filter(|c| !c.is_empty())
                .collect(),
            html,
            in_reply_to: item
                .child(THR, "in-reply-to")
                .and_then(|r| r.attr("ref").map(str::to_string)),
            in_reply_to_href: item
                .child(THR, "in-reply-to")
                .and_then(|r| r.attr("href").map(str::to_string)),
            replies,
            comment_of: None,
            pos: doc.pos(item.offset),
            unknown_refs,
            file: path.to_path_buf(),
        });
    }
    Feed {
        title: html::plain_text(&channel.child_text("", "title").unwrap_or_default()),
        subtitle: channel
            .child_text("", "description")
            .map(|d| html::plain_text(&d)),
        language: channel.child_text("", "language"),
        base,
        alternate,
        items,
    }
}

/// The e-mail addresses a feed and its comment feeds hold in `<email>` and RSS `<author>`.
pub(super) fn private_addresses(path: &Path, comment_feeds: &[PathBuf]) -> HashSet<String> {
    let mut out = HashSet::new();
    for file in std::iter::once(path).chain(comment_feeds.iter().map(PathBuf::as_path)) {
        let Ok(text) = crate::import::read_source(file) else {
            continue;
        };
        let Ok(doc) = xml::parse(&text) else { continue };
        let mut stack = vec![&doc.root];
        while let Some(e) = stack.pop() {
            if e.name == "email" || (e.name == "author" && e.ns.is_empty()) {
                let value = e.text();
                let address = value.split_whitespace().next().unwrap_or("").to_lowercase();
                if address.contains('@') {
                    out.insert(address);
                }
            }
            stack.extend(e.elements());
        }
    }
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A date element of a feed, for reading and for messages.
struct Dated<'a> {
    file: &'a Path,
    pos: xml::Pos,
    /// The element as the message names it (`<pubDate>`).
    what: &'a str,
    text: String,
}

fn dated<'a>(doc: &xml::Document, file: &'a Path, e: &Element, what: &'a str) -> Dated<'a> {
    Dated {
        file,
        pos: doc.pos(e.offset),
        what,
        text: e.text(),
    }
}

/// An Atom or Dublin Core date (RFC 3339), or a warning.
fn iso_date(d: &Dated, report: &mut Report) -> Option<String> {
    match dates::rfc3339(&d.text) {
        Ok(date) => Some(date),
        Err(e) => {
            let warning = dates::not_a_date(d.file, d.pos, d.what, &d.text, &e);
            report.warnings.push(warning);
            None
        }
    }
}

/// An RSS date (RFC 822), or a warning; a warning too when its time zone was dropped.
fn rss_date(d: &Dated, report: &mut Report) -> Option<String> {
    match dates::rfc822(&d.text) {
        Ok(stamp) => {
            if let Some(zone) = &stamp.unknown_zone {
                let warning = dates::unknown_zone(d.file, d.pos, d.what, &d.text, zone);
                report.warnings.push(warning);
            }
            Some(stamp.text)
        }
        Err(e) => {
            let warning = dates::not_a_date(d.file, d.pos, d.what, &d.text, &e);
            report.warnings.push(warning);
            None
        }
    }
}
