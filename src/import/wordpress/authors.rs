//! Authors: the export's author list, and pages for authors it does not list.

use super::super::ImportedAuthor;
use super::Importer;
use crate::import::html;
use crate::import::slug;
use crate::import::xml::{Element, WP};

impl Importer<'_> {
    pub(super) fn read_authors(&mut self, channel: &Element) {
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
            let description = author.child(WP, "author_description");
            let bio = match description {
                Some(b) => {
                    let converted = html::to_markdown(
                        &html::Input {
                            html: b.text().trim(),
                            autop: true,
                            footnotes: &[],
                            base: None,
                        },
                        &mut html::NoImages,
                    );
                    self.warn_entities(author, description, &converted.unknown_entities);
                    converted.markdown
                }
                None => String::new(),
            };
            let key = login.to_lowercase();
            if self.authors.contains_key(&key) {
                self.warn(
                    author,
                    format!("author `{login}` is listed twice; the first is used"),
                    "nothing to do",
                );
                continue;
            }
            if slug::holds_address(&login) {
                self.private.insert(login.to_lowercase());
            }
            let n = self.authors.len() + 1;
            let id = self
                .author_ids
                .unique(&slug::author_stem(&login, &display, n));
            let display = slug::shown_name(&display, n);
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
    pub(super) fn author_id(&mut self, login: &str, display: Option<&str>) -> String {
        let key = login.to_lowercase();
        if !self.authors.contains_key(&key) {
            if slug::holds_address(login) {
                self.private.insert(login.to_lowercase());
            }
            let n = self.authors.len() + 1;
            let name = display.unwrap_or(login).to_string();
            let id = self.author_ids.unique(&slug::author_stem(login, &name, n));
            let name = slug::shown_name(&name, n);
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
}

/// A login without the stray `<`, `>` and spaces that hand-edited exports carry.
pub(super) fn clean_login(raw: &str) -> String {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|&c| c != '<' && c != '>' && !slug::is_invisible_control(c))
        .collect();
    cleaned.trim().to_string()
}
