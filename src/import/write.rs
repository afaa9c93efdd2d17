//! Writes an [`ImportedBook`] as a book folder, safely.
//!
//! The folder records what import wrote in `.chapbook-import.toml` (a SHA-256 hash per file).
//! On a re-import a file is replaced only when it is still exactly what import wrote last time;
//! a file the user edited (or one import never wrote) is refused unless `force` is given.
//! Nothing is ever deleted.
//!
//! The record cannot be forged into permission to write outside the folder: every read and
//! write goes through [`crate::files`], which follows no link on the way to a file it writes
//! (a linked `entries/`, or a link where a file is to go, is an error naming it), and renames
//! a new file over the old one rather than writing into it. The record only ever speaks for
//! the paths import renders, inside the folder; a forged hash can at worst let import replace
//! a file of the folder whose bytes the forger knew, with what import would write anyway.

use super::{ImportedBook, ImportedComment, ImportedEntry, ResponseKind};
use crate::diag::Diagnostic;
use crate::files::{self, FileError};
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

/// Renders the book as files. The images are read from under `source_dir`, the folder the
/// export sits in, through [`crate::files`]: a link out of it, a hard link, a FIFO or a device
/// among the uploads is an error naming it (all of them in one run), and nothing is written.
pub fn render(book: &ImportedBook, source_dir: &Path) -> Result<Files, Vec<Diagnostic>> {
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
    let root = if source_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        source_dir
    };
    let mut errors = Vec::new();
    for (name, source) in &book.images {
        let relative = source.strip_prefix(source_dir).unwrap_or(source);
        match files::read_inside(root, relative, files::MAX_IMAGE_BYTES) {
            Ok(data) => {
                files.insert(format!("images/{name}"), data);
            }
            Err(e) => errors.push(
                Diagnostic::error(source, None, format!("cannot read the image: {}", e.reason()))
                    .with_hint(match e {
                        FileError::NotFound | FileError::Io(_) => {
                            "check that the uploads folder beside the export can be read"
                        }
                        _ => "the uploads folder holds links or special files: extract the archive again without them, or remove them",
                    }),
            ),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
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
    if let Some(lang) = &entry.lang {
        t.push_str(&format!("lang = {}\n", toml_string(lang)));
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

/// SHA-256 of what import wrote, in hex: whether a file changed since.
pub fn fingerprint(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 64-bit FNV-1a hash that records written before 0.2 hold (16 hex digits): still
/// honoured, as the record can only speak for files inside the folder (see the module).
fn legacy_fingerprint(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn read_manifest(root: &Path) -> BTreeMap<String, String> {
    let Ok(bytes) = files::read_inside(root, Path::new(MANIFEST), files::MAX_TEXT_BYTES) else {
        return BTreeMap::new();
    };
    let Ok(text) = String::from_utf8(bytes) else {
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
/// what import wrote there last time, unless `force`, or when a link or a special file stands
/// where a file is to go. Never deletes. The files are staged beside their targets and renamed
/// into place together, the record last.
pub fn write(root: &Path, files: &Files, force: bool) -> Result<Written, Vec<Diagnostic>> {
    let manifest = read_manifest(root);
    let mut written = Written::default();
    let mut refused = Vec::new();
    let mut problems = Vec::new();
    let mut plan: Vec<(&str, &[u8])> = Vec::new();
    for (path, data) in files {
        let full = root.join(path);
        let existing = if is_link(&full) {
            Err(FileError::LinkInTheWay { path: full })
        } else {
            files::read_inside(root, Path::new(path), files::MAX_TEXT_BYTES)
        };
        match existing {
            Err(FileError::NotFound) => {
                written.created.push(path.clone());
                plan.push((path, data));
            }
            Err(e) => problems.push(
                Diagnostic::error(
                    root.join(path),
                    None,
                    format!("cannot write the file: {}", e.reason()),
                )
                .with_hint(e.hint()),
            ),
            Ok(existing) if existing == *data => written.unchanged.push(path.clone()),
            Ok(existing) => {
                let ours = manifest.get(path).is_some_and(|h| {
                    *h == fingerprint(&existing)
                        || (h.len() == 16 && *h == legacy_fingerprint(&existing))
                });
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
    problems.extend(refused.iter().map(|path| {
        Diagnostic::error(
            root.join(path),
            None,
            "this file was edited since it was imported (or was not written by import); it is not overwritten",
        )
        .with_hint("keep your edits by importing into another folder, or pass --force to overwrite them")
    }));
    if !problems.is_empty() {
        return Err(problems);
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
    plan.push((MANIFEST, text.as_bytes()));
    let io = |e: FileError| {
        let path = match &e {
            FileError::LinkInTheWay { path } => path.clone(),
            _ => root.to_path_buf(),
        };
        vec![
            Diagnostic::error(
                path,
                None,
                format!("cannot write the book folder: {}", e.reason()),
            )
            .with_hint(e.hint()),
        ]
    };
    files::stage(root, plan).map_err(io)?.commit().map_err(io)?;
    Ok(written)
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
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
