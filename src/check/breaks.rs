//! Words wider than the line, broken by force in the PDF.

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::source;
use crate::typeset::inline::WideTable;
use std::path::{Path, PathBuf};

/// One warning per word that no line of the PDF was wide enough for, so it was broken by force
/// where it had no break point; the file and line are those of its first occurrence in the
/// sources, when it is found there as written.
pub fn forced_breaks(book: &Book, words: &[String], book_dir: &Path) -> Vec<Diagnostic> {
    if words.is_empty() {
        return Vec::new();
    }
    let texts = source_texts(book, book_dir);
    words
        .iter()
        .map(|word| {
            // Smart quotes and the like may differ from the source: look for the word's start.
            let probe: String = word.chars().take(16).collect();
            let (file, line) = locate(&texts, &probe);
            let shown: String = word.chars().take(40).collect();
            let ellipsis = if word.chars().count() > 40 { "…" } else { "" };
            Diagnostic::warning(
                &file,
                line,
                format!("`{shown}{ellipsis}` is wider than the line and is broken by force in the PDF"),
            )
            .with_hint("let it break: add spaces or hyphens, or shorten it (a long address can be a link with a short text)")
        })
        .collect()
}

/// One warning per table that was wider than the page, saying how it was fitted; the file and
/// line are those of its header row in the sources, when found there as written.
pub fn wide_tables(book: &Book, tables: &[WideTable], book_dir: &Path) -> Vec<Diagnostic> {
    if tables.is_empty() {
        return Vec::new();
    }
    let texts = source_texts(book, book_dir);
    tables
        .iter()
        .map(|table| {
            let probe: String = table
                .header
                .iter()
                .find(|h| !h.trim().is_empty())
                .map(|h| h.trim().chars().take(16).collect())
                .unwrap_or_default();
            let (file, line) = locate(&texts, &probe);
            let names: Vec<String> = table
                .header
                .iter()
                .take(4)
                .map(|h| format!("`{}`", h.trim()))
                .collect();
            let more = if table.header.len() > 4 { ", …" } else { "" };
            let size = (table.scale * 100.0).round();
            let groups = (table.groups > 1).then(|| {
                format!(
                    "split into {} column groups, one after the other (the first column in each)",
                    table.groups
                )
            });
            let how = match groups {
                _ if table.landscape => {
                    let mut how = "it is set on a landscape page of its own (turned: the top of \
                                   the table at the page's left edge)"
                        .to_string();
                    if size < 100.0 {
                        how.push_str(&format!(", its type at {size} %"));
                    }
                    if let Some(groups) = groups {
                        how.push_str(&format!(" and {groups}"));
                    }
                    how
                }
                Some(groups) => format!("its type is set at {size} % and its columns {groups}"),
                None => format!("its type is set at {size} % of its size"),
            };
            Diagnostic::warning(
                &file,
                line,
                format!("the table with the columns {}{more} is wider than the page: {how}", names.join(", ")),
            )
            .with_hint("shorten its cells or split it into smaller tables; [pdf.tables] min-scale sets how small its type may get")
        })
        .collect()
}

/// The sources a piece of laid-out text may come from: the entries, their comments files, the
/// author pages, each with its text.
fn source_texts(book: &Book, book_dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in &book.entries {
        files.push(entry.source.clone());
        let stem = entry
            .source
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy();
        files.push(entry.source.with_file_name(format!("{stem}.comments.toml")));
    }
    for author in book.authors.iter().filter(|a| a.has_page) {
        files.push(Path::new("authors").join(format!("{}.md", author.id)));
    }
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|f| {
            let text = source::files::read_text(book_dir, &f).ok()?;
            Some((f, text))
        })
        .collect();
    texts
}

/// The first file and line where `probe` is written, else book.toml.
fn locate(texts: &[(PathBuf, String)], probe: &str) -> (PathBuf, Option<usize>) {
    texts
        .iter()
        .filter(|_| !probe.is_empty())
        .find_map(|(f, t)| {
            t.find(probe)
                .map(|at| (f.clone(), Some(crate::diag::line_of(t, at))))
        })
        .unwrap_or_else(|| (PathBuf::from("book.toml"), None))
}
