//! A post's Markdown after its template markup is converted: HTML blocks through the
//! importer's HTML converter, the simple inline tags (`<a>`, `<em>`, `<img>`, …) as
//! Markdown, and images found in the site's folders and copied, or made links to their
//! address when they are not there.

use super::config::{Generator, Site};
use super::markup::arguments;
use crate::import::html::{self, Resolver};
use crate::import::slug::{self, Names};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// Where an image of the site is, and what was copied.
pub struct Images<'a> {
    dir: &'a Path,
    site: &'a Site,
    /// The post's folder, relative to the site (a page bundle's images sit beside it).
    pub post_dir: PathBuf,
    copied: HashMap<PathBuf, String>,
    names: Names,
    /// (name under images/, source file) to copy.
    pub copies: Vec<(String, PathBuf)>,
    /// Images of the site that are not in its folders, met while converting the current post
    /// (their address).
    pub missing: Vec<String>,
    /// Images on other sites, left as links.
    pub remote: usize,
}

/// What an image address is.
enum Found {
    /// Copied: its path from an entry (`../images/x.png`).
    Copied(String),
    /// The site's own, not in its folders: its absolute address when known.
    Missing(String),
    /// On another site.
    Remote,
}

impl<'a> Images<'a> {
    /// Images of the site in `dir`.
    pub fn new(dir: &'a Path, site: &'a Site) -> Images<'a> {
        Images {
            dir,
            site,
            post_dir: PathBuf::new(),
            copied: HashMap::new(),
            names: Names::default(),
            copies: Vec::new(),
            missing: Vec::new(),
            remote: 0,
        }
    }

    /// The site-relative path of an address of the site (`/assets/x.png`,
    /// `https://site/base/assets/x.png`, `x.png` beside the post), or `None` for another site.
    fn local_path(&self, src: &str) -> Option<(String, bool)> {
        let src = src.split(['?', '#']).next().unwrap_or(src).trim();
        let lower = src.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with("//") {
            let site = self.site.url.as_deref()?;
            let strip = |u: &str| {
                u.split_once("//")
                    .map_or(u, |(_, rest)| rest)
                    .trim_start_matches("www.")
                    .to_string()
            };
            let (s, u) = (strip(site), strip(src));
            let rest = u.strip_prefix(&s)?;
            if !rest.starts_with('/') {
                return None;
            }
            return Some((rest.to_string(), true));
        }
        if lower.contains(':') && !lower.starts_with('/') {
            return None;
        }
        Some((src.to_string(), src.starts_with('/')))
    }

    fn candidates(&self, path: &str, rooted: bool) -> Vec<PathBuf> {
        let decoded = slug::percent_decode(path);
        let rel = PathBuf::from(decoded.trim_start_matches('/'));
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Vec::new();
        }
        let mut out = Vec::new();
        if !rooted {
            out.push(self.post_dir.join(&rel));
        }
        // A root-relative address may still name the site's base path.
        let base = self
            .site
            .url
            .as_deref()
            .and_then(|u| u.split_once("://").map(|(_, r)| r))
            .and_then(|r| r.find('/').map(|i| r[i..].trim_matches('/').to_string()))
            .filter(|b| !b.is_empty());
        let mut rels = vec![rel.clone()];
        if let Some(base) = base
            && let Ok(stripped) = rel.strip_prefix(&base)
        {
            rels.push(stripped.to_path_buf());
        }
        for rel in rels {
            match self.site.generator {
                Generator::Hugo | Generator::Zola => {
                    out.push(Path::new("static").join(&rel));
                    out.push(Path::new("assets").join(&rel));
                    out.push(self.site.content_dir.join(&rel));
                }
                Generator::Eleventy => {
                    out.push(rel.clone());
                    out.push(Path::new("src").join(&rel));
                    out.push(Path::new("public").join(&rel));
                }
                Generator::Jekyll => out.push(rel.clone()),
            }
        }
        out
    }

    fn find(&mut self, src: &str) -> Found {
        let Some((path, rooted)) = self.local_path(src) else {
            self.remote += 1;
            return Found::Remote;
        };
        for candidate in self.candidates(&path, rooted) {
            if crate::files::is_readable_inside(self.dir, &candidate) {
                if let Some(name) = self.copied.get(&candidate) {
                    return Found::Copied(format!("../images/{name}"));
                }
                let file = candidate
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("image");
                let name = slug::image_name(&mut self.names, file);
                self.copied.insert(candidate.clone(), name.clone());
                self.copies.push((name.clone(), self.dir.join(&candidate)));
                return Found::Copied(format!("../images/{name}"));
            }
        }
        let absolute = match (self.site.url.as_deref(), path.starts_with('/')) {
            (_, false) if src.contains("://") => src.to_string(),
            (Some(url), true) => {
                let origin = url
                    .find("://")
                    .and_then(|s| url[s + 3..].find('/').map(|p| &url[..s + 3 + p]))
                    .unwrap_or(url);
                let base_path = &url[origin.len()..];
                if path.starts_with(base_path) && !base_path.is_empty() {
                    format!("{origin}{path}")
                } else {
                    format!("{url}{path}")
                }
            }
            (Some(url), false) => format!("{url}/{path}"),
            (None, _) => String::new(),
        };
        self.missing.push(if absolute.is_empty() {
            path
        } else {
            absolute.clone()
        });
        Found::Missing(absolute)
    }

    /// The Markdown of an image: `![alt](../images/x.png "title")`, or a link to its address.
    fn image(&mut self, alt: &str, src: &str, title: Option<&str>) -> String {
        let title = title
            .map(|t| format!(" \"{}\"", t.replace('"', "\\\"")))
            .unwrap_or_default();
        match self.find(src) {
            Found::Copied(path) => format!("![{alt}]({path}{title})"),
            Found::Remote => format!("![{alt}]({src}{title})"),
            Found::Missing(url) if url.is_empty() => {
                if alt.is_empty() {
                    format!("(image {src})")
                } else {
                    alt.to_string()
                }
            }
            Found::Missing(url) => {
                let text = if alt.is_empty() { "image" } else { alt };
                format!("[{text}]({url})")
            }
        }
    }
}

impl Resolver for Images<'_> {
    fn image(&mut self, src: &str) -> Option<String> {
        match self.find(src) {
            Found::Copied(path) => Some(path),
            _ => None,
        }
    }
    fn gallery(&self, _ids: &str) -> Vec<String> {
        Vec::new()
    }
}

/// What the conversion of a body left out, for the warnings.
#[derive(Debug, Default)]
pub struct Notes {
    /// The HTML converter's notes (scripts, embeds, forms).
    pub html: BTreeSet<String>,
}

fn is_html_start(line: &str) -> bool {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return false;
    }
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && rest[name.len()..].starts_with([' ', '>', '/', '\n', '\t'])
        || t.starts_with("<!--")
}

/// Converts the Markdown of a post: HTML blocks, inline tags and images.
pub fn convert(
    markdown: &str,
    is_html: bool,
    base: Option<&str>,
    images: &mut Images,
    notes: &mut Notes,
) -> String {
    if is_html {
        return html_block(markdown, base, images, notes);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<String> = None;
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if let Some(open) = &fence {
            if marker.len() >= open.len() && trimmed.len() == marker.len() {
                fence = None;
            }
            out.push_str(line);
            i += 1;
            continue;
        }
        if marker.len() >= 3 {
            fence = Some(marker);
            out.push_str(line);
            i += 1;
            continue;
        }
        if is_html_start(line) {
            let start = i;
            let raw_end = ["script", "pre", "style", "textarea"]
                .iter()
                .find(|t| trimmed.to_ascii_lowercase().starts_with(&format!("<{t}")))
                .map(|t| format!("</{t}>"));
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                match &raw_end {
                    Some(end) if l.to_ascii_lowercase().contains(end.as_str()) => break,
                    Some(_) => {}
                    None if i < lines.len() && lines[i].trim().is_empty() => break,
                    None => {}
                }
            }
            let block: String = lines[start..i].concat();
            if block.trim_start().starts_with("<!--") && block.trim_end().ends_with("-->") {
                out.push_str(&block);
                continue;
            }
            let md = html_block(&block, base, images, notes);
            out.push_str(md.trim_end());
            out.push('\n');
            continue;
        }
        out.push_str(&images_in(&inline_tags(line), images));
        i += 1;
    }
    out
}

fn html_block(block: &str, base: Option<&str>, images: &mut Images, notes: &mut Notes) -> String {
    let converted = html::to_markdown(
        &html::Input {
            html: block,
            autop: false,
            footnotes: &[],
            base,
        },
        images,
    );
    notes.html.extend(converted.notes);
    for src in converted.missing_images {
        if !images.missing.contains(&src) && !src.starts_with("http") {
            images.missing.push(src);
        }
    }
    converted.markdown
}

/// The simple inline tags as Markdown; any other tag is left for the build to report.
fn inline_tags(line: &str) -> String {
    if !line.contains('<') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut hrefs: Vec<String> = Vec::new();
    let mut at = 0;
    let mut in_code = false;
    while let Some(i) = line[at..].find(['<', '`']) {
        let start = at + i;
        out.push_str(&line[at..start]);
        if line[start..].starts_with('`') {
            in_code = !in_code;
            out.push('`');
            at = start + 1;
            continue;
        }
        let Some(close) = line[start..].find('>').map(|c| start + c) else {
            out.push_str(&line[start..]);
            return out;
        };
        let inner = &line[start + 1..close];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let attrs = inner
            .trim_start_matches('/')
            .get(name.len()..)
            .unwrap_or("")
            .trim_end_matches('/');
        let (_, named) = arguments(attrs);
        let attr = |k: &str| {
            named
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let replacement = if in_code {
            None
        } else {
            match (name.as_str(), closing) {
                ("a", false) => attr("href").map(|h| {
                    hrefs.push(h);
                    "[".to_string()
                }),
                ("a", true) => hrefs.pop().map(|h| format!("]({h})")),
                ("em" | "i" | "cite", _) => Some("*".into()),
                ("strong" | "b", _) => Some("**".into()),
                ("code" | "kbd" | "tt", _) => Some("`".into()),
                ("br", _) => Some("\\\n".into()),
                ("sup", _) => Some("^".into()),
                ("sub", _) => Some("~".into()),
                ("span" | "small" | "abbr" | "font" | "u" | "mark" | "time", _) => {
                    Some(String::new())
                }
                ("img", false) => attr("src").map(|src| {
                    let alt = attr("alt").unwrap_or_default().replace(['[', ']'], "");
                    match attr("title") {
                        Some(t) => format!("![{alt}]({src} \"{}\")", t.replace('"', "\\\"")),
                        None => format!("![{alt}]({src})"),
                    }
                }),
                _ => None,
            }
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&line[start..=close]),
        }
        at = close + 1;
    }
    out.push_str(&line[at..]);
    out
}

/// Markdown images `![alt](src "title")` of a line, resolved.
fn images_in(line: &str, images: &mut Images) -> String {
    if !line.contains("![") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    while let Some(i) = line[at..].find("![") {
        let start = at + i;
        out.push_str(&line[at..start]);
        let parsed = (|| {
            let alt_end = start + line[start..].find("](")?;
            let alt = &line[start + 2..alt_end];
            if alt.contains('[') {
                return None;
            }
            let close = alt_end + line[alt_end..].find(')')?;
            let target = line[alt_end + 2..close].trim();
            let (src, title) = match target.split_once(char::is_whitespace) {
                Some((s, t)) => (s, Some(t.trim().trim_matches(['"', '\'']))),
                None => (target, None),
            };
            Some((
                alt.to_string(),
                src.trim_matches(['<', '>']).to_string(),
                title.map(str::to_string),
                close + 1,
            ))
        })();
        match parsed {
            Some((alt, src, title, end)) if !src.is_empty() && !src.starts_with("../images/") => {
                out.push_str(&images.image(&alt, &src, title.as_deref()));
                at = end;
            }
            _ => {
                out.push_str("![");
                at = start + 2;
            }
        }
    }
    out.push_str(&line[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_tags_become_markdown() {
        assert_eq!(
            inline_tags(
                "Learn <a title=\"W\" href=\"http://x.org/\" target=\"_blank\">more</a>, <em>now</em><br>"
            ),
            "Learn [more](http://x.org/), *now*\\\n"
        );
        assert_eq!(inline_tags("`<a href=\"x\">`"), "`<a href=\"x\">`");
        assert_eq!(inline_tags("<div>x</div>"), "<div>x</div>");
    }

    #[test]
    fn html_blocks_are_found() {
        assert!(is_html_start("<figure class=\"x\">\n"));
        assert!(is_html_start("<iframe src=x></iframe>"));
        assert!(!is_html_start("<https://example.org>"));
        assert!(!is_html_start("    <pre>"));
    }
}
