//! One post, page or attachment → an [`ImportedEntry`].

use super::authors::clean_login;
use super::{CONTENT, DC, Importer, Tally};
use crate::import::urls::{self, Allow};
use crate::import::xml::{Element, WP};
use crate::import::{ImportedEntry, html, slug};

impl Importer<'_> {
    pub(super) fn entry(
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
        // A slug never carries an e-mail address into the book.
        let slug_text = slug::without_addresses(&slug_text);
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
        let date = self.date(item, "post_date", "post_date_gmt");
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
        let line = self.doc.pos(item.offset).line;
        let link = urls::keep(
            item.child_text("", "link"),
            Allow::WebOrMail,
            "the <link>",
            &format!("`{title}`"),
            self.path,
            Some(line),
            &mut self.report.warnings,
        );
        let converted = html::to_markdown(
            &html::Input {
                html: &content,
                autop: true,
                footnotes: &footnotes,
                base: link.as_deref(),
            },
            &mut self.images,
        );
        self.warn_entities(
            item,
            item.child(CONTENT, "encoded"),
            &converted.unknown_entities,
        );
        self.warn_flattened(item, &format!("`{title}`"), &converted);
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
        let comments = self.comments(item, &title, responses, left_responses);
        ImportedEntry {
            stem,
            title,
            authors,
            date,
            tags,
            categories,
            slug: (!slug_text.trim().is_empty()).then(|| slug_text.trim().to_string()),
            url: link,
            lang: None,
            notes,
            body: converted.markdown,
            comments,
        }
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
