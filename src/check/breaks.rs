//! Words wider than the line, broken by force in the PDF.

use crate::diag::Diagnostic;
use crate::source;
use std::path::{Path, PathBuf};

/// One warning per word that no line of the PDF was wide enough for, so it was broken by force
/// where it had no break point; the file and line are those of its first occurrence in the
/// sources, when it is found there as written.
pub fn forced_breaks(
    book: &crate::model::Book,
    words: &[String],
    book_dir: &Path,
) -> Vec<Diagnostic> {
    if words.is_empty() {
        return Vec::new();
    }
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
    words
        .iter()
        .map(|word| {
            // Smart quotes and the like may differ from the source: look for the word's start.
            let probe: String = word.chars().take(16).collect();
            let (file, line) = texts
                .iter()
                .find_map(|(f, t)| t.find(&probe).map(|at| (f.clone(), Some(crate::diag::line_of(t, at)))))
                .unwrap_or_else(|| (PathBuf::from("book.toml"), None));
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
