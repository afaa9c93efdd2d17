//! The posts of a site folder: which files they are for each generator, and their front
//! matter (YAML between `---` lines or TOML between `+++` lines) read into one tree.

use super::config::{Generator, Site};
use crate::diag::Diagnostic;
use crate::import::yaml::{self, Node, Value};
use std::path::{Component, Path, PathBuf};

/// Folders never searched for posts: outputs, dependencies, themes, templates.
const SKIPPED: &[&str] = &[
    "_site",
    "public",
    "node_modules",
    "vendor",
    "themes",
    "resources",
    "_includes",
    "_layouts",
    "_data",
    "_sass",
    "static",
    "assets",
    "layouts",
    "templates",
    "sass",
    "archetypes",
];

/// More files than this under a site folder are not searched (a folder given by mistake).
const MAX_FILES: usize = 200_000;

/// One post file, its front matter read.
#[derive(Debug, Clone)]
pub struct Post {
    /// Its path relative to the site folder.
    pub rel: PathBuf,
    /// Its path as messages give it.
    pub file: PathBuf,
    /// The name links use: Jekyll's `2012-01-02-slug`, Hugo's and Zola's file name without
    /// extension (the folder's for a bundle's `index.md`).
    pub name: String,
    /// The front matter (an empty mapping when there is none).
    pub front: Node,
    /// The text after the front matter.
    pub body: String,
    /// The line of the file the body starts on.
    pub body_line: usize,
    /// The body is HTML (`.html`), not Markdown.
    pub html: bool,
    /// In `_drafts/`, or `draft: true`, or `published: false`.
    pub draft: bool,
    /// A page rather than a post (a Hugo or Zola file at the top of `content/`).
    pub page: bool,
}

fn is_post_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "mkd" | "mkdn" | "mdown" | "html")
    )
}

/// Every file under `dir/start` (relative paths), not following links, skipping hidden and
/// output folders.
fn walk(dir: &Path, start: &Path, out: &mut Vec<PathBuf>) {
    let mut pending = vec![start.to_path_buf()];
    while let Some(rel) = pending.pop() {
        let Ok(read) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        let mut names: Vec<_> = read.flatten().collect();
        names.sort_by_key(|e| e.file_name());
        for entry in names {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let child = rel.join(&name);
            if kind.is_dir() {
                if !name.starts_with('.') && !SKIPPED.contains(&name.as_str()) {
                    pending.push(child);
                }
            } else if kind.is_file() && out.len() < MAX_FILES && is_post_file(&child) {
                out.push(child);
            }
        }
    }
    out.sort();
}

/// The post files of the site, by generator.
pub fn find(dir: &Path, site: &Site) -> Vec<(PathBuf, bool)> {
    let mut files = Vec::new();
    match site.generator {
        Generator::Jekyll => {
            // `_posts/` anywhere (category folders may hold their own), `_drafts/` on top.
            let mut all = Vec::new();
            walk_jekyll(dir, Path::new(""), &mut all);
            for rel in all {
                let draft = rel.components().next() == Some(Component::Normal("_drafts".as_ref()));
                files.push((rel, draft));
            }
        }
        Generator::Hugo | Generator::Zola | Generator::Eleventy => {
            let mut all = Vec::new();
            walk(dir, &site.content_dir, &mut all);
            for rel in all {
                let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let skip = name.starts_with('_')
                    || (site.generator == Generator::Eleventy
                        && rel.parent() == Some(Path::new(""))
                        && name.eq_ignore_ascii_case("readme.md"));
                if !skip {
                    files.push((rel, false));
                }
            }
        }
    }
    files
}

fn walk_jekyll(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    let mut pending = vec![rel.to_path_buf()];
    while let Some(rel) = pending.pop() {
        let Ok(read) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if !kind.is_dir() {
                continue;
            }
            let child = rel.join(&name);
            if name == "_posts" || (name == "_drafts" && rel.as_os_str().is_empty()) {
                walk(dir, &child, out);
            } else if !name.starts_with('.')
                && !name.starts_with('_')
                && !SKIPPED.contains(&name.as_str())
            {
                pending.push(child);
            }
        }
    }
    out.sort();
}

/// Reads a post file: front matter and body. An unreadable file or front matter that does not
/// parse is an error naming the file and line.
pub fn read(dir: &Path, rel: &Path, draft_folder: bool, site: &Site) -> Result<Post, Diagnostic> {
    let file = dir.join(rel);
    let bytes = crate::files::read_inside(dir, rel, crate::files::MAX_TEXT_BYTES).map_err(|e| {
        Diagnostic::error(&file, None, format!("cannot read the post: {}", e.reason()))
            .with_hint(e.hint())
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Diagnostic::error(
            &file,
            Some(line),
            format!("line {line}: the post is not valid UTF-8"),
        )
        .with_hint("save the post as UTF-8 and import again")
    })?;
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let (front, body, body_line) = split_front(&text, &file)?;
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let name = if stem == "index" {
        rel.parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    let draft = draft_folder
        || front.get("draft").is_some_and(Node::is_true)
        || front.get("published").is_some_and(Node::is_false);
    let depth = rel
        .strip_prefix(&site.content_dir)
        .map_or(0, |r| r.components().count());
    let page = match site.generator {
        Generator::Hugo | Generator::Zola => depth <= 1,
        Generator::Eleventy => {
            let tags = front.get("tags").map(|t| t.list(false)).unwrap_or_default();
            !rel.components()
                .any(|c| matches!(c.as_os_str().to_str(), Some("posts" | "post" | "blog")))
                && !tags.iter().any(|t| t == "posts" || t == "post")
        }
        Generator::Jekyll => false,
    };
    Ok(Post {
        rel: rel.to_path_buf(),
        file,
        name: name.to_string(),
        front,
        body: body.to_string(),
        body_line,
        html: rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html")),
        draft,
        page,
    })
}

/// Front matter of `text`: YAML between `---` lines (closed by `---` or `...`), or TOML
/// between `+++` lines; an empty mapping when the text has none.
pub fn split_front<'a>(text: &'a str, file: &Path) -> Result<(Node, &'a str, usize), Diagnostic> {
    let empty = Node {
        value: Value::Map(Vec::new()),
        line: 1,
        plain: false,
    };
    let first = text.lines().next().unwrap_or("").trim_end();
    let toml = match first {
        "---" => false,
        "+++" => true,
        _ => return Ok((empty, text, 1)),
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (line, l) in (2..).zip(text[start..].split_inclusive('\n')) {
        let t = l.trim_end();
        if (toml && t == "+++") || (!toml && (t == "---" || t == "...")) {
            let front_text = &text[start..offset];
            let body = &text[offset + l.len()..];
            let node = if toml {
                let table: toml::Table = front_text.parse().map_err(|e: toml::de::Error| {
                    let at = e.span().map_or(0, |s| {
                        front_text[..s.start.min(front_text.len())]
                            .matches('\n')
                            .count()
                    });
                    Diagnostic::error(
                        file,
                        Some(2 + at),
                        format!(
                            "line {}: the TOML front matter does not parse: {}",
                            2 + at,
                            e.message()
                        ),
                    )
                    .with_hint(
                        "fix the front matter there (the site's generator would refuse it too)",
                    )
                })?;
                yaml::from_toml(&table, front_text, 2)
            } else {
                let mut node = yaml::parse(front_text).map_err(|e| {
                    let at = e.line + 1;
                    Diagnostic::error(
                        file,
                        Some(at),
                        format!(
                            "line {at}, column {}: the YAML front matter does not parse: {}",
                            e.column, e.message
                        ),
                    )
                    .with_hint(
                        "fix the front matter there (the site's generator would refuse it too)",
                    )
                })?;
                shift_lines(&mut node, 1);
                if node.value == Value::Null {
                    empty.clone()
                } else {
                    node
                }
            };
            return Ok((node, body, line + 1));
        }
        offset += l.len();
    }
    let what = if toml { "+++" } else { "---" };
    Err(Diagnostic::error(
        file,
        Some(1),
        format!("the front matter opened on line 1 is never closed by a `{what}` line"),
    )
    .with_hint(format!("add a line `{what}` after the front matter")))
}

fn shift_lines(node: &mut Node, by: usize) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        n.line += by;
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => stack.extend(entries.iter_mut().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// A front-matter or file-name date as RFC 3339 (or a plain `YYYY-MM-DD`): `2024-02-10`,
/// `2024-02-10 09:30:00 -0500`, `2024-02-10T09:30:00Z`; `None` when it is none of them.
pub fn date(text: &str) -> Option<String> {
    let t = text.trim();
    let day = t.get(..10)?;
    let b = day.as_bytes();
    if !(b[4] == b'-'
        && b[7] == b'-'
        && day
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()))
    {
        return None;
    }
    let rest = t[10..].trim();
    if rest.is_empty() {
        return crate::import::dates::rfc3339(day).ok();
    }
    let rest = rest.strip_prefix('T').unwrap_or(rest);
    let (time, zone) = match rest.find([' ', '+', '-', 'Z', 'z']) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_string()
    };
    let zone =
        if zone.is_empty() || zone.eq_ignore_ascii_case("z") || zone.eq_ignore_ascii_case("utc") {
            if zone.is_empty() {
                String::new()
            } else {
                "Z".into()
            }
        } else if zone.len() == 5 && !zone.contains(':') {
            format!("{}:{}", &zone[..3], &zone[3..])
        } else {
            zone.to_string()
        };
    crate::import::dates::rfc3339(&format!("{day}T{time}{zone}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_sites_write() {
        assert_eq!(date("2024-02-10").as_deref(), Some("2024-02-10"));
        assert_eq!(
            date("2024-02-10 09:30:00 -0500").as_deref(),
            Some("2024-02-10T09:30:00-05:00")
        );
        assert_eq!(
            date("2017-04-10T11:00:59-04:00").as_deref(),
            Some("2017-04-10T11:00:59-04:00")
        );
        assert_eq!(
            date("2010-08-07T13:00:19Z").as_deref(),
            Some("2010-08-07T13:00:19Z")
        );
        assert_eq!(
            date("2024-02-10 09:30").as_deref(),
            Some("2024-02-10T09:30:00")
        );
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-02-31"), None);
    }

    #[test]
    fn front_matter_in_yaml_and_toml() {
        let f = Path::new("p.md");
        let (n, body, line) = split_front("---\ntitle: A\ntags: [x]\n---\nBody\n", f).unwrap();
        assert_eq!((n.str("title"), body, line), (Some("A"), "Body\n", 5));
        assert_eq!(n.get("tags").unwrap().line, 3);
        let (n, body, _) = split_front("+++\ntitle = \"B\"\n+++\nText", f).unwrap();
        assert_eq!((n.str("title"), body), (Some("B"), "Text"));
        let e = split_front("---\ntitle: [\n---\n", f).unwrap_err();
        assert!(e.message.contains("does not parse"), "{e:?}");
        assert!(split_front("---\ntitle: A\n", f).is_err());
    }
}
