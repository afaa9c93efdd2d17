//! Comments, pingbacks and trackbacks of a post, threaded.

use super::{Importer, Tally};
use crate::import::xml::{Element, WP};
use crate::import::{ImportedComment, ResponseKind, html, slug};
use std::collections::{HashMap, HashSet};

impl Importer<'_> {
    pub(super) fn comments(
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
            let body = converted.markdown;
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
