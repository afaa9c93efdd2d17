//! Writes an [`ImportedBook`] as a book folder, safely.
//!
//! The folder records what import wrote in `.chapbook-import.toml` (a hash per file). On a
//! re-import a file is replaced only when it is still exactly what import wrote last time; a
//! file the user edited (or one import never wrote) is refused unless `force` is given.
//! Nothing is ever deleted.

use super::{ImportedBook, ImportedComment, ImportedEntry, ResponseKind};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

/// The record of what import wrote, at the top of the book folder.
pub const MANIFEST: &str = ".chapbook-import.toml";

/// The files of a book folder, by relative path (always with `/`).
pub type Files = BTreeMap<String, Vec<u8>>;

/// What writing did.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Files that did not exist.
    pub created: Vec<String>,
    /// Files replaced (they were import's own, unedited).
    pub updated: Vec<String>,
    /// Files already identical.
    pub unchanged: Vec<String>,
    /// Edited files overwritten because of `force`.
    pub forced: Vec<String>,
}

/// Renders the book as files.
pub fn render(book: &ImportedBook) -> Result<Files, Diagnostic> {
    let mut files = Files::new();
    let mut config = String::from(
        "# Written by `chapbook import`; edit freely (a re-import will not overwrite your edits).\n",
    );
    let title = if book.title.trim().is_empty() {
        "Imported blog"
    } else {
        book.title.trim()
    };
    config.push_str(&format!("title = {}\n", toml_string(title)));
    if let Some(subtitle) = book.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        config.push_str(&format!("subtitle = {}\n", toml_string(subtitle.trim())));
    }
    if let Some(lang) = book
        .language
        .as_deref()
        .and_then(|l| crate::lang::Lang::parse(l.trim()).ok().map(|_| l.trim()))
    {
        config.push_str(&format!("language = {}\n", toml_string(lang)));
    }
    if let Some(date) = book
        .entries
        .iter()
        .filter_map(|e| e.date.as_deref())
        .filter_map(|d| d.get(..10))
        .max()
    {
        config.push_str(&format!("date = {date}\n"));
    }
    files.insert("book.toml".into(), config.into_bytes());
    for entry in &book.entries {
        files.insert(
            format!("entries/{}.md", entry.stem),
            entry_file(entry).into_bytes(),
        );
        if !entry.comments.is_empty() {
            files.insert(
                format!("entries/{}.comments.toml", entry.stem),
                comments_file(&entry.comments).into_bytes(),
            );
        }
    }
    for author in &book.authors {
        let mut text = String::from("+++\n");
        text.push_str(&format!("name = {}\n", toml_string(&author.name)));
        if !author.links.is_empty() {
            let links: Vec<String> = author.links.iter().map(|l| toml_string(l)).collect();
            text.push_str(&format!("links = [{}]\n", links.join(", ")));
        }
        text.push_str("+++\n");
        text.push_str(&author.bio);
        files.insert(format!("authors/{}.md", author.id), text.into_bytes());
    }
    for (name, source) in &book.images {
        let data = std::fs::read(source).map_err(|e| {
            Diagnostic::error(source, None, format!("cannot read the image: {e}"))
                .with_hint("check that the uploads folder beside the export can be read")
        })?;
        files.insert(format!("images/{name}"), data);
    }
    Ok(files)
}

fn entry_file(entry: &ImportedEntry) -> String {
    let mut t = String::from("+++\n");
    t.push_str(&format!("title = {}\n", toml_string(&entry.title)));
    if !entry.authors.is_empty() {
        let ids: Vec<String> = entry.authors.iter().map(|a| toml_string(a)).collect();
        t.push_str(&format!("authors = [{}]\n", ids.join(", ")));
    }
    if let Some(date) = &entry.date {
        t.push_str(&format!("date = {}\n", toml_string(date)));
    }
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|a| toml_string(a)).collect();
        t.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    }
    if let Some(category) = entry.categories.first() {
        t.push_str(&format!("category = {}\n", toml_string(category)));
    }
    if let Some(slug) = &entry.slug {
        t.push_str(&format!("slug = {}\n", toml_string(slug)));
    }
    if let Some(url) = &entry.url {
        t.push_str(&format!("url = {}\n", toml_string(url)));
    }
    if entry.categories.len() > 1 {
        t.push_str(&format!(
            "# also in categories: {}\n",
            one_line(&entry.categories[1..].join(", "))
        ));
    }
    for note in &entry.notes {
        t.push_str(&format!("# {}\n", one_line(note)));
    }
    t.push_str("+++\n");
    t.push_str(&entry.body);
    t
}

fn comments_file(comments: &[ImportedComment]) -> String {
    let mut t = String::new();
    for (i, c) in comments.iter().enumerate() {
        if i > 0 {
            t.push('\n');
        }
        t.push_str("[[comment]]\n");
        t.push_str(&format!("id = {}\n", toml_string(&c.id)));
        if let Some(parent) = &c.parent {
            t.push_str(&format!("parent = {}\n", toml_string(parent)));
        }
        if c.kind != ResponseKind::Comment {
            t.push_str(&format!("kind = \"{}\"\n", c.kind.name()));
        }
        t.push_str(&format!("author = {}\n", toml_string(&c.author)));
        if let Some(url) = &c.url {
            t.push_str(&format!("url = {}\n", toml_string(url)));
        }
        if let Some(date) = &c.date {
            t.push_str(&format!("date = {}\n", toml_string(date)));
        }
        if !c.body.trim().is_empty() {
            t.push_str(&format!("body = {}\n", toml_multiline(&c.body)));
        }
    }
    t
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string, starting on the line after the quotes.
fn toml_multiline(text: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    let text = text.trim_end_matches('\n');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\n\"\"\"");
    out
}

/// FNV-1a, 64 bits: enough to tell whether a file changed since import wrote it (not a
/// defence against someone forging a collision, which nobody gains from here).
pub fn fingerprint(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn read_manifest(root: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(root.join(MANIFEST)) else {
        return BTreeMap::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return BTreeMap::new();
    };
    table
        .get("files")
        .and_then(|f| f.as_table())
        .map(|f| {
            f.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `files` under `root`. Refuses (writing nothing) when an existing file differs from
/// what import wrote there last time, unless `force`. Never deletes.
pub fn write(root: &Path, files: &Files, force: bool) -> Result<Written, Vec<Diagnostic>> {
    let manifest = read_manifest(root);
    let mut written = Written::default();
    let mut refused = Vec::new();
    let mut plan: Vec<(&String, &Vec<u8>)> = Vec::new();
    for (path, data) in files {
        let full = root.join(path);
        match std::fs::read(&full) {
            Err(_) => {
                written.created.push(path.clone());
                plan.push((path, data));
            }
            Ok(existing) if existing == *data => written.unchanged.push(path.clone()),
            Ok(existing) => {
                let ours = manifest
                    .get(path)
                    .is_some_and(|h| *h == fingerprint(&existing));
                if ours {
                    written.updated.push(path.clone());
                } else if force {
                    written.forced.push(path.clone());
                } else {
                    refused.push(path.clone());
                }
                plan.push((path, data));
            }
        }
    }
    if !refused.is_empty() {
        return Err(refused
            .iter()
            .map(|path| {
                Diagnostic::error(
                    root.join(path),
                    None,
                    "this file was edited since it was imported (or was not written by import); it is not overwritten",
                )
                .with_hint("keep your edits by importing into another folder, or pass --force to overwrite them")
            })
            .collect());
    }
    let io = |path: &Path, e: std::io::Error| {
        vec![
            Diagnostic::error(path, None, format!("cannot write the file: {e}"))
                .with_hint("check that the output folder can be written"),
        ]
    };
    for (path, data) in plan {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&full, data).map_err(|e| io(&full, e))?;
    }
    // The record keeps entries for files this run did not write: nothing is forgotten.
    let mut record = manifest;
    for (path, data) in files {
        record.insert(path.clone(), fingerprint(data));
    }
    let mut text = String::from(
        "# What `chapbook import` wrote, so that a re-import can tell which files you edited.\n[files]\n",
    );
    for (path, hash) in &record {
        text.push_str(&format!("{} = \"{hash}\"\n", toml_string(path)));
    }
    std::fs::create_dir_all(root).map_err(|e| io(root, e))?;
    let manifest_path = root.join(MANIFEST);
    std::fs::write(&manifest_path, text).map_err(|e| io(&manifest_path, e))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip() {
        let text = "He said \"hi\"\\ \u{1}\nnext";
        let toml_text = format!("a = {}\nb = {}\n", toml_string(text), toml_multiline(text));
        let table: toml::Table = toml_text.parse().unwrap();
        assert_eq!(table["a"].as_str(), Some(text));
        // A multi-line body ends with its line's newline.
        assert_eq!(table["b"].as_str(), Some(format!("{text}\n").as_str()));
    }

    #[test]
    fn edited_files_are_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert("entries/a.md".into(), b"one".to_vec());
        let w = write(dir.path(), &files, false).unwrap();
        assert_eq!(w.created, vec!["entries/a.md"]);
        // Import's own file is updated.
        files.insert("entries/a.md".into(), b"two".to_vec());
        let w = write(dir.path(), &files, false).unwrap();
        assert_eq!(w.updated, vec!["entries/a.md"]);
        // An edited file is refused, then forced.
        std::fs::write(dir.path().join("entries/a.md"), b"edited").unwrap();
        files.insert("entries/a.md".into(), b"three".to_vec());
        let errors = write(dir.path(), &files, false).unwrap_err();
        assert!(errors[0].message.contains("edited"));
        assert_eq!(
            std::fs::read(dir.path().join("entries/a.md")).unwrap(),
            b"edited"
        );
        let w = write(dir.path(), &files, true).unwrap();
        assert_eq!(w.forced, vec!["entries/a.md"]);
    }
}
