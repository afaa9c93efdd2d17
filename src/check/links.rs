//! Links inside the book that lead nowhere: `#id` with no heading of that id in its entry,
//! `other.md` that is no entry of the book, `other.md#id` with no such heading there.

use crate::diag::{Diagnostic, line_of};
use crate::model::Book;
use crate::model::links::{decode, scheme};
use crate::model::walk::{self, Kind, Part};
use crate::source;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One warning per link inside the book whose target does not exist, naming the file and
/// the line where the link is written.
pub fn broken_links(book: &Book, book_dir: &Path) -> Vec<Diagnostic> {
    // Entry index → the ids of its headings (body and notes); entry file name → index.
    let mut ids: Vec<HashSet<String>> = vec![HashSet::new(); book.entries.len()];
    let files: HashMap<String, usize> = book
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.source.file_name()?.to_string_lossy().into_owned(), i)))
        .collect();
    // (file, its container's line, the address, the entry it is in).
    let mut links: Vec<(PathBuf, Option<usize>, String, Option<usize>)> = Vec::new();
    walk::walk(book, &mut |text| match text.kind {
        Kind::Anchor if text.part == Part::Entry || text.part == Part::Note => {
            if let Some(entry) = text.entry {
                ids[entry].insert(text.text.to_string());
            }
        }
        Kind::Address if scheme(text.text).is_none() => links.push((
            text.file.to_path_buf(),
            text.line,
            text.text.to_string(),
            text.entry,
        )),
        _ => {}
    });
    let mut out = Vec::new();
    for (file, from, url, entry) in links {
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (url.as_str(), None),
        };
        let target = if path.is_empty() {
            entry
        } else {
            let name = decode(path.rsplit('/').next().unwrap_or(path));
            match files.get(&name) {
                Some(&i) => Some(i),
                None => {
                    out.push(warning(
                        book_dir,
                        &file,
                        from,
                        &decode(path),
                        format!("the link to `{}` leads to no entry of the book: it is kept as text", decode(path)),
                        "link to the file name of an entry in entries/ (other.md), or give the full address",
                    ));
                    continue;
                }
            }
        };
        let (Some(target), Some(id)) = (target, fragment) else {
            continue;
        };
        if !ids[target].contains(&id) {
            out.push(warning(
                book_dir,
                &file,
                from,
                &format!("#{id}"),
                format!("the link to `#{id}` leads to no heading: no heading of that entry has the id `{id}`"),
                "use the id of a heading (its text in lower case with hyphens, or {#id} written after it)",
            ));
        }
    }
    out
}

fn warning(
    book_dir: &Path,
    file: &Path,
    from: Option<usize>,
    needle: &str,
    message: String,
    hint: &str,
) -> Diagnostic {
    let text = source::files::read_text(book_dir, file).unwrap_or_default();
    let start = from
        .and_then(|l| {
            text.match_indices('\n')
                .nth(l.saturating_sub(2))
                .map(|(at, _)| at + 1)
        })
        .filter(|_| from.is_some_and(|l| l > 1))
        .unwrap_or(0);
    let line = text[start..]
        .find(needle)
        .map(|at| start + at)
        .or_else(|| text.find(needle))
        .map(|at| line_of(&text, at));
    Diagnostic::warning(file, line, message).with_hint(hint)
}
