//! Comments, pingbacks and trackbacks of a post, threaded.

use super::{Importer, Tally};
use crate::import::urls::{self, Allow};
use crate::import::xml::{Element, WP};
use crate::import::{ImportedComment, ResponseKind, html, slug, threads};
use std::collections::{HashMap, HashSet};

impl Importer<'_> {
    pub(super) fn comments(
        &mut self,
        item: &Element,
        title: &str,
        kept: &mut Tally,
        left_out: &mut Tally,
    ) -> Vec<ImportedComment> {
        struct Raw {
            id: String,
            parent: Option<String>,
            keep: bool,
        }
        let mut raws: Vec<Raw> = Vec::new();
        let mut out = Vec::new();
        // For each comment written, its index in `raws`.
        let mut out_raw = Vec::new();
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
            let line = self.doc.pos(c.offset).line;
            let url = urls::keep(
                c.child_text(WP, "comment_author_url")
                    .filter(|u| !matches!(u.as_str(), "http://" | "https://")),
                Allow::Web,
                "the commenter's address",
                &format!("comment {} on `{title}`", comment_id(&id, raws.len())),
                self.path,
                Some(line),
                &mut self.report.warnings,
            );
            let date = self.date(c, "comment_date", "comment_date_gmt");
            let content = c.child_text(WP, "comment_content").unwrap_or_default();
            let converted = html::to_markdown(
                &html::Input {
                    html: &content,
                    autop: true,
                    footnotes: &[],
                    base: None,
                },
                &mut html::NoImages,
            );
            self.warn_entities(
                c,
                c.child(WP, "comment_content"),
                &converted.unknown_entities,
            );
            let what = format!("comment {} on `{title}`", comment_id(&id, raws.len()));
            self.warn_flattened(c, &what, &converted);
            out_raw.push(raws.len() - 1);
            out.push(ImportedComment {
                id: comment_id(&id, raws.len()),
                parent: None,
                author,
                url,
                date,
                kind,
                body: converted.markdown,
            });
        }
        // A reply whose parent was left out (or is missing) moves up to the nearest kept
        // ancestor, or becomes a top-level comment. A repeated id stands for its first comment.
        let mut index_of: HashMap<&str, usize> = HashMap::new();
        for (i, raw) in raws.iter().enumerate() {
            index_of.entry(raw.id.as_str()).or_insert(i);
        }
        let mut moved = 0;
        for (comment, &r) in out.iter_mut().zip(&out_raw) {
            let Some(written) = raws[r].parent.as_deref() else {
                continue;
            };
            let mut candidate = Some(written);
            let mut seen = HashSet::new();
            let found = loop {
                let Some(p) = candidate.and_then(|p| index_of.get(p).copied()) else {
                    break None;
                };
                if raws[p].keep {
                    break Some(p);
                }
                if !seen.insert(p) {
                    break None;
                }
                candidate = raws[p].parent.as_deref();
            };
            if found.is_none_or(|p| raws[p].id != written) {
                moved += 1;
            }
            comment.parent = found.map(|p| comment_id(&raws[p].id, p + 1));
        }
        if moved > 0 {
            self.warn(
                item,
                format!("{moved} repl(ies) answered a comment that was left out or is missing; each now answers the nearest kept comment above it"),
                "check the thread in the entry's .comments.toml",
            );
        }
        let repairs = threads::repair(&mut out);
        for message in repairs.messages() {
            self.warn(
                item,
                format!("in the comments of `{title}`: {message}"),
                "nothing to do if the threads look right; the book builds",
            );
        }
        out
    }
}

/// The id a comment is written with: `c` and its number in the export, or `n` and its place
/// in the post when the export's id is not a plain number or name (never an address).
fn comment_id(raw: &str, place: usize) -> String {
    if !raw.is_empty()
        && raw.len() <= 40
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        format!("c{raw}")
    } else {
        format!("n{place}")
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
