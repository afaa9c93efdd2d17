//! A Ghost export (the JSON of Settings → Labs → Export) → [`ImportedBook`].
//!
//! The export is `{"db": [{"meta": …, "data": {…}}]}` (or the `{"meta", "data"}` inside it):
//! `data.posts` (with `type` "post" or "page", or the older `page` flag), `users` (authors,
//! with `bio` and `website`), `tags` with `posts_tags`, `posts_authors` (or a post's older
//! `author_id`) and `settings` (`title`, `description`, `lang`). A post's content is read from
//! its `html` when Ghost rendered it, else from `lexical` (Ghost 5), `mobiledoc` (Ghost 1–4)
//! or `markdown` (Ghost 0.x). Images under `/content/images/` are copied when the export's
//! `content/images/` folder is beside it. Users' e-mail addresses are never written.

mod cards;

use super::html::{self, Resolver};
use super::slug::{self, Names};
use super::urls::{self, Allow};
use super::{Filters, Imported, ImportedAuthor, ImportedBook, ImportedEntry, Report};
use crate::diag::Diagnostic;
use cards::Part;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Copies images of the blog (`__GHOST_URL__/content/images/…`, `/content/images/…`) found
/// beside the export.
struct Images {
    dir: PathBuf,
    copied: HashMap<String, String>,
    copies: Vec<(String, PathBuf)>,
    names: Names,
    missing: Vec<String>,
}

impl Resolver for Images {
    fn image(&mut self, src: &str) -> Option<String> {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let path = path.strip_prefix("__GHOST_URL__").unwrap_or(path);
        let under = path.find("/content/images/").map(|i| &path[i + 1..])?;
        let rel = PathBuf::from(slug::percent_decode(under));
        if !rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return None;
        }
        if let Some(name) = self.copied.get(under) {
            return Some(format!("../images/{name}"));
        }
        if !crate::files::is_readable_inside(&self.dir, &rel) {
            self.missing.push(under.to_string());
            return None;
        }
        let file = rel.file_name().and_then(|n| n.to_str()).unwrap_or("image");
        let name = slug::image_name(&mut self.names, file);
        self.copied.insert(under.to_string(), name.clone());
        self.copies.push((name.clone(), self.dir.join(&rel)));
        Some(format!("../images/{name}"))
    }
    fn gallery(&self, _ids: &str) -> Vec<String> {
        Vec::new()
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn id_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn table<'a>(data: &'a Value, name: &str) -> &'a [Value] {
    data.get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Reads a Ghost export.
pub fn read(path: &Path, filters: &Filters) -> Imported {
    let source = super::read_source(path).map_err(|d| vec![d])?;
    let json: Value = serde_json::from_str(&source).map_err(|e| {
        vec![
            Diagnostic::error(
                path,
                Some(e.line()),
                format!("line {}, column {}: not JSON: {e}", e.line(), e.column()),
            )
            .with_hint("give the .json file Ghost exports (Settings → Labs → Export your content)"),
        ]
    })?;
    let data = json
        .get("db")
        .and_then(|db| db.get(0))
        .unwrap_or(&json)
        .get("data")
        .filter(|d| d.get("posts").is_some())
        .ok_or_else(|| {
            vec![Diagnostic::error(path, Some(1), "this JSON is not a Ghost export: it has no `db[0].data.posts` (nor `data.posts`)")
                .with_hint("give the .json file Ghost exports (Settings → Labs → Export your content)")]
        })?;
    let mut report = Report::default();
    let mut private: HashSet<String> = HashSet::new();
    let setting = |key: &str| {
        table(data, "settings")
            .iter()
            .find(|s| text(s, "key") == Some(key))
            .and_then(|s| text(s, "value"))
            .map(str::to_string)
    };
    // Authors.
    let mut author_names = Names::default();
    let mut users: HashMap<String, ImportedAuthor> = HashMap::new();
    let mut user_order: Vec<String> = Vec::new();
    for (n, u) in table(data, "users").iter().enumerate() {
        let Some(id) = id_of(u, "id") else { continue };
        if let Some(e) = text(u, "email") {
            private.insert(e.to_lowercase());
        }
        let name = text(u, "name").unwrap_or("Author");
        let author_id = author_names.unique(&slug::author_stem(
            text(u, "slug").unwrap_or(""),
            name,
            n + 1,
        ));
        let mut links = Vec::new();
        for key in ["website", "twitter", "facebook"] {
            let Some(v) = text(u, key) else { continue };
            let url = match key {
                "twitter" if !v.contains("://") => {
                    format!("https://x.com/{}", v.trim_start_matches('@'))
                }
                "facebook" if !v.contains("://") => format!("https://www.facebook.com/{v}"),
                _ => v.to_string(),
            };
            links.extend(urls::address(&url, Allow::Web).ok());
        }
        let mut bio = text(u, "bio").unwrap_or("").to_string();
        if let Some(place) = text(u, "location") {
            bio = if bio.is_empty() {
                place.to_string()
            } else {
                format!("{bio}\n\n{place}")
            };
        }
        users.insert(
            id.clone(),
            ImportedAuthor {
                id: author_id,
                name: slug::shown_name(name, n + 1),
                links,
                bio: if bio.is_empty() {
                    bio
                } else {
                    format!("{bio}\n")
                },
            },
        );
        user_order.push(id);
    }
    let tags: HashMap<String, String> = table(data, "tags")
        .iter()
        .filter_map(|t| Some((id_of(t, "id")?, text(t, "name")?.to_string())))
        .collect();
    let mut post_tags: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for pt in table(data, "posts_tags") {
        if let (Some(p), Some(t)) = (id_of(pt, "post_id"), id_of(pt, "tag_id"))
            && let Some(name) = tags.get(&t)
            && !name.starts_with('#')
        {
            post_tags.entry(p).or_default().push((
                pt.get("sort_order").and_then(Value::as_i64).unwrap_or(0),
                name.clone(),
            ));
        }
    }
    let mut post_authors: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for pa in table(data, "posts_authors") {
        if let (Some(p), Some(a)) = (id_of(pa, "post_id"), id_of(pa, "author_id")) {
            post_authors
                .entry(p)
                .or_default()
                .push((pa.get("sort_order").and_then(Value::as_i64).unwrap_or(0), a));
        }
    }
    let mut images = Images {
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        copied: HashMap::new(),
        copies: Vec::new(),
        names: Names::default(),
        missing: Vec::new(),
    };
    let (mut drafts, mut pages) = (0, 0);
    let mut posts: Vec<&Value> = Vec::new();
    for p in table(data, "posts") {
        let page = text(p, "type") == Some("page")
            || matches!(p.get("page"), Some(Value::Bool(true)))
            || p.get("page").and_then(Value::as_i64) == Some(1);
        let published = matches!(text(p, "status"), Some("published" | "sent"));
        if !published && !filters.include_drafts {
            drafts += 1;
        } else if page && !filters.include_pages {
            pages += 1;
        } else {
            posts.push(p);
        }
    }
    let date_of = |p: &Value| {
        text(p, "published_at")
            .or(text(p, "created_at"))
            .and_then(|d| super::dates::rfc3339(d).ok())
    };
    posts.sort_by_key(|p| (date_of(p).is_none(), date_of(p)));
    let mut names = Names::default();
    let mut used_authors: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    let mut unknown_cards = cards::Unknown::new();
    for p in posts {
        let id = id_of(p, "id").unwrap_or_default();
        let title = text(p, "title").unwrap_or("Untitled").to_string();
        let title = slug::clean_title(&title).unwrap_or(title);
        let slug_text = text(p, "slug").unwrap_or("").to_string();
        let stem = names.unique(&slug::file_stem(&slug_text, &title));
        let mut by = post_authors.remove(&id).unwrap_or_default();
        by.sort();
        let mut author_ids: Vec<String> = by.into_iter().map(|(_, a)| a).collect();
        if author_ids.is_empty() {
            author_ids.extend(id_of(p, "author_id"));
        }
        let authors: Vec<String> = author_ids
            .iter()
            .filter_map(|a| {
                users.get(a).map(|u| {
                    if !used_authors.contains(a) {
                        used_authors.push(a.clone())
                    }
                    u.id.clone()
                })
            })
            .collect();
        let mut t = post_tags.remove(&id).unwrap_or_default();
        t.sort();
        let parts = content(p, &mut unknown_cards);
        images.missing.clear();
        let mut body = Vec::new();
        for part in parts {
            match part {
                Part::Markdown(md) => body.push(md.trim().to_string()),
                Part::Html(h) => {
                    let converted = html::to_markdown(
                        &html::Input {
                            html: &h,
                            autop: false,
                            footnotes: &[],
                            base: None,
                        },
                        &mut images,
                    );
                    for note in converted.notes {
                        report.warnings.push(
                            Diagnostic::warning(path, None, format!("in `{title}`: {note}"))
                                .with_hint(
                                    "nothing to do unless the entry needs what was left out",
                                ),
                        );
                    }
                    body.push(converted.markdown.trim().to_string());
                }
            }
        }
        for m in images.missing.drain(..) {
            report.warnings.push(Diagnostic::warning(path, None, format!("in `{title}`: the image `{m}` is not beside the export (content/images/); it is a link to its address"))
                .with_hint("unzip the export with its content/images/ folder beside the .json and import again"));
        }
        let mut body = body
            .into_iter()
            .filter(|b| !b.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        body.push('\n');
        entries.push(ImportedEntry {
            stem,
            title,
            authors,
            date: date_of(p),
            tags: t.into_iter().map(|(_, n)| n).collect(),
            slug: (!slug_text.is_empty()).then_some(slug_text),
            url: text(p, "canonical_url").and_then(|u| urls::address(u, Allow::Web).ok()),
            notes: vec![format!(
                "imported from Ghost {} {id} (status: {})",
                text(p, "type").unwrap_or("post"),
                text(p, "status").unwrap_or("published")
            )],
            body,
            ..ImportedEntry::default()
        });
    }
    if !unknown_cards.is_empty() {
        report.warnings.push(
            Diagnostic::warning(
                path,
                None,
                format!(
                    "cards Ghost's editor made that have no meaning in a book were left out: {}",
                    unknown_cards.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
            .with_hint("nothing to do unless the posts need them; edit the entries then"),
        );
    }
    for (n, what) in [
        (drafts, "draft or scheduled post(s) (--drafts keeps them)"),
        (pages, "page(s) (--include-pages keeps them)"),
    ] {
        if n > 0 {
            report.left_out.push(format!("{n} {what}"));
        }
    }
    let authors: Vec<ImportedAuthor> = user_order
        .iter()
        .filter(|u| used_authors.contains(u))
        .filter_map(|u| users.remove(u))
        .collect();
    report.kept.push(format!("{} × entry", entries.len()));
    report.kept.push(format!("{} × author", authors.len()));
    report.kept.push(format!("{} × image", images.copies.len()));
    let book = ImportedBook {
        title: setting("title").unwrap_or_default(),
        subtitle: setting("description"),
        language: setting("lang").or_else(|| setting("locale")),
        entries,
        authors,
        images: images.copies,
    };
    let book = super::scrub(book, &private, path, &mut report);
    Ok((book, report))
}

/// The content of a post, from the first form present: rendered HTML, lexical, mobiledoc,
/// Markdown (Ghost 0.x).
fn content(p: &Value, unknown: &mut cards::Unknown) -> Vec<Part> {
    if let Some(h) = text(p, "html") {
        return vec![Part::Html(h.to_string())];
    }
    let parsed = |key: &str| -> Option<Value> { serde_json::from_str(text(p, key)?).ok() };
    if let Some(doc) = parsed("lexical") {
        return cards::lexical(&doc, unknown);
    }
    if let Some(doc) = parsed("mobiledoc") {
        return cards::mobiledoc(&doc, unknown);
    }
    if let Some(md) = text(p, "markdown") {
        return vec![Part::Markdown(md.to_string())];
    }
    text(p, "plaintext")
        .map(|t| {
            vec![Part::Html(format!(
                "<p>{}</p>",
                t.replace('&', "&amp;").replace('<', "&lt;")
            ))]
        })
        .unwrap_or_default()
}
