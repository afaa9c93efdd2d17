//! Staticman's comments of a static site: one data file per comment (`.yml`, `.yaml` or
//! `.json`) under `_data/comments/SLUG/` (Jekyll, Eleventy) or `data/comments/SLUG/` (Hugo),
//! SLUG naming the post.
//!
//! Threads are read from whichever convention the site's templates use, in this order:
//! `replying_to_uid` (the `_id` of the comment answered, minimal-mistakes and Made Mistakes),
//! `parent_id` (an `_id`), `_parent` when it is the `_id` of another comment of the post (many
//! sites put the post's slug or address there instead: then the comment is top-level), and
//! `replying_to` (Made Mistakes' first convention: the number of the top-level comment
//! answered, counted from 1 in file-name order; an `_id` there is read as an `_id`). The
//! commenter's `email` (Staticman stores an MD5 hash or the address) is never written.
//! Comments marked `hidden: true` (or `approved: false`) are left out.

use crate::diag::Diagnostic;
use crate::import::urls::{self, Allow};
use crate::import::yaml::{self, Node, Value};
use crate::import::{ImportedComment, Report, dates, slug};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The folders Staticman writes to, relative to the site.
pub const FOLDERS: &[&str] = &["_data/comments", "data/comments", "src/_data/comments"];

/// Comments by the folder (post slug) they are in, in file-name order, threaded.
pub type ByPost = BTreeMap<String, Vec<ImportedComment>>;

/// One data file, read.
struct Raw {
    stem: String,
    id: Option<String>,
    node: Node,
    file: PathBuf,
}

fn field<'a>(node: &'a Node, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| node.str(k))
}

/// Reads every comment under the site's comment folders. A data file that does not parse is
/// an error naming it and its line; e-mail addresses found are added to `private`.
pub fn read(
    dir: &Path,
    private: &mut HashSet<String>,
    report: &mut Report,
) -> Result<ByPost, Vec<Diagnostic>> {
    let mut out = ByPost::new();
    let mut errors = Vec::new();
    let mut hidden = 0;
    for folder in FOLDERS {
        let root = dir.join(folder);
        let Ok(read) = std::fs::read_dir(&root) else {
            continue;
        };
        let mut posts: Vec<_> = read.flatten().collect();
        posts.sort_by_key(|e| e.file_name());
        for post in posts {
            let name = post.file_name().to_string_lossy().into_owned();
            let Ok(kind) = post.file_type() else { continue };
            let mut raws = Vec::new();
            if kind.is_dir() {
                let Ok(files) = std::fs::read_dir(post.path()) else {
                    continue;
                };
                let mut files: Vec<_> = files
                    .flatten()
                    .filter(|f| f.file_type().is_ok_and(|t| t.is_file()))
                    .collect();
                files.sort_by_key(|e| e.file_name());
                for f in files {
                    let rel = Path::new(folder).join(&name).join(f.file_name());
                    match read_one(dir, &rel) {
                        Ok(Some(raw)) => raws.push(raw),
                        Ok(None) => {}
                        Err(d) => errors.push(d),
                    }
                }
                let comments = thread(raws, private, &mut hidden, report);
                if !comments.is_empty() {
                    out.entry(name).or_default().extend(comments);
                }
            } else if kind.is_file() {
                // A comment file directly in the folder: its `_parent` or `slug` names the post.
                let rel = Path::new(folder).join(&name);
                match read_one(dir, &rel) {
                    Ok(Some(raw)) => {
                        let owner = field(&raw.node, &["slug", "_parent", "post_id"]).map(|s| {
                            s.trim_matches('/')
                                .rsplit('/')
                                .next()
                                .unwrap_or(s)
                                .to_string()
                        });
                        match owner {
                            Some(o) => {
                                let comments = thread(vec![raw], private, &mut hidden, report);
                                out.entry(o).or_default().extend(comments);
                            }
                            None => report.warnings.push(
                                Diagnostic::warning(&raw.file, Some(1), "this comment is not in a post's folder and names no post (`_parent`, `slug`); it is left out")
                                    .with_hint("move it into the folder of its post (_data/comments/SLUG/)"),
                            ),
                        }
                    }
                    Ok(None) => {}
                    Err(d) => errors.push(d),
                }
            }
        }
    }
    if hidden > 0 {
        report.left_out.push(format!(
            "{hidden} Staticman comment(s) marked hidden or not approved"
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn read_one(dir: &Path, rel: &Path) -> Result<Option<Raw>, Diagnostic> {
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "yml" | "yaml" | "json") {
        return Ok(None);
    }
    let file = dir.join(rel);
    let bytes = crate::files::read_inside(dir, rel, crate::files::MAX_TEXT_BYTES).map_err(|e| {
        Diagnostic::error(
            &file,
            None,
            format!("cannot read the comment: {}", e.reason()),
        )
        .with_hint(e.hint())
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(&file, None, "the comment file is not valid UTF-8")
            .with_hint("save it as UTF-8")
    })?;
    // JSON is YAML 1.2; one reader for both.
    let node = yaml::parse(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Diagnostic::error(
            &file,
            Some(e.line),
            format!(
                "line {}, column {}: the comment does not parse: {}",
                e.line, e.column, e.message
            ),
        )
        .with_hint("fix the data file (the site's build would refuse it too)")
    })?;
    if !matches!(node.value, Value::Map(_)) {
        return Err(Diagnostic::error(
            &file,
            Some(node.line),
            "the comment file holds no fields (`name`, `message`, …)",
        )
        .with_hint("a Staticman comment is a mapping of its fields"));
    }
    let stem = rel
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("comment")
        .to_string();
    Ok(Some(Raw {
        id: field(&node, &["_id", "id", "uid"]).map(str::to_string),
        stem,
        node,
        file,
    }))
}

/// A date as Staticman writes it: ISO 8601 text, or a Unix time in seconds or milliseconds.
fn date_of(node: &Node) -> Option<String> {
    let text = field(node, &["date", "timestamp", "created_at"])?;
    if let Ok(n) = text.parse::<i64>() {
        let seconds = if n > 100_000_000_000 { n / 1000 } else { n };
        return jiff::Timestamp::from_second(seconds)
            .ok()
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    dates::rfc3339(text)
        .ok()
        .or_else(|| crate::import::site::posts::date(text))
}

fn thread(
    raws: Vec<Raw>,
    private: &mut HashSet<String>,
    hidden: &mut usize,
    report: &mut Report,
) -> Vec<ImportedComment> {
    let raws: Vec<Raw> = raws
        .into_iter()
        .filter(|r| {
            let gone = r.node.get("hidden").is_some_and(Node::is_true)
                || r.node.get("approved").is_some_and(Node::is_false);
            *hidden += usize::from(gone);
            !gone
        })
        .collect();
    let ids: HashMap<&str, usize> = raws
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.id.as_deref().map(|id| (id, i)))
        .collect();
    let top_level: Vec<usize> = (0..raws.len())
        .filter(|&i| {
            let n = &raws[i].node;
            ["replying_to_uid", "parent_id", "replying_to"]
                .iter()
                .all(|k| n.str(k).is_none())
                && n.str("_parent").is_none_or(|p| !ids.contains_key(p))
        })
        .collect();
    let mut out = Vec::with_capacity(raws.len());
    for raw in &raws {
        let n = &raw.node;
        let parent = n
            .str("replying_to_uid")
            .and_then(|p| ids.get(p))
            .or_else(|| n.str("parent_id").and_then(|p| ids.get(p)))
            .or_else(|| n.str("_parent").and_then(|p| ids.get(p)))
            .copied()
            .or_else(|| {
                let r = n.str("replying_to")?;
                match r.parse::<usize>() {
                    Ok(k) if k >= 1 => top_level.get(k - 1).copied(),
                    _ => ids.get(r).copied(),
                }
            });
        if n.str("replying_to_uid").or(n.str("parent_id")).is_some() && parent.is_none() {
            report.warnings.push(
                Diagnostic::warning(&raw.file, Some(n.line), "this comment answers a comment that is not among the post's comments; it is a top-level comment")
                    .with_hint("nothing to do unless the comment it answers was moved"),
            );
        }
        if let Some(e) = field(n, &["email", "mail"]) {
            private.insert(e.trim().to_lowercase());
        }
        let author = field(n, &["name", "author", "username"]).unwrap_or("Anonymous");
        let author = if slug::holds_address(author) {
            "(address removed)".to_string()
        } else {
            author.to_string()
        };
        let url = urls::keep(
            field(n, &["url", "website", "web"]).map(str::to_string),
            Allow::Web,
            "the commenter's site",
            &format!("the comment {}", raw.stem),
            &raw.file,
            n.get("url").map(|u| u.line),
            &mut report.warnings,
        );
        out.push(ImportedComment {
            id: raw.stem.clone(),
            parent: parent.map(|p| raws[p].stem.clone()),
            author,
            url,
            date: date_of(n),
            kind: crate::import::ResponseKind::Comment,
            body: field(n, &["message", "comment", "body", "text", "content"])
                .unwrap_or("")
                .replace("\r\n", "\n")
                .replace('\r', "\n"),
        });
    }
    out
}
