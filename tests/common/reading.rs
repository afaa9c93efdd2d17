//! The PDF read as a screen reader reads it (issue #16): `tests/tools/structure_text.py`
//! walks the structure tree in order and gives the text of each element's marked content
//! (with `/ActualText`, `/Alt` for figures, artifacts left out); this module makes the text a
//! listener should hear from the book's model, and has the script compare the two word for
//! word.

use super::{checkers::page_validation_python, repo, strict};
use chapbook::model::{Block, Book, Comment, CommentKind, Inline, Note};
use std::path::Path;
use std::process::Command;

/// How the PDF's structure-order text compares with the source, word for word.
#[derive(Debug)]
pub struct Comparison {
    /// Words of the source.
    pub source_words: usize,
    /// Of them, how many the PDF gives back, in order.
    pub matched: usize,
    /// Each stretch of source words the PDF lacks (or gives otherwise), with the PDF's words
    /// around where it should be.
    pub missing: Vec<String>,
    /// Words the PDF says and the source does not have (labels, dates, page numbers, the
    /// contents): not counted against it, printed to look at.
    pub extra: Vec<String>,
}

impl Comparison {
    /// The share of the source's words given back, in per cent.
    pub fn percent(&self) -> f64 {
        100.0 * self.matched as f64 / self.source_words.max(1) as f64
    }
}

/// A Python with pikepdf: that of page-validation's virtual environment, where `.ci/run`
/// installs it. `None` (with a note, or a failure under `CHAPBOOK_STRICT=1`) without one.
pub fn reader_python() -> Option<std::path::PathBuf> {
    let python = page_validation_python();
    let ok = python.as_ref().is_some_and(|p| {
        Command::new(p)
            .args(["-c", "import pikepdf"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !ok {
        assert!(
            !strict(),
            "pikepdf (PyPI, in the page-validation virtualenv) is required (CHAPBOOK_STRICT=1); run .ci/run"
        );
        eprintln!("NOTE: pikepdf not found; the structure-order reading is not checked");
        return None;
    }
    python
}

/// Runs `tests/tools/SCRIPT` on `pdf` and a file holding `expected`, with `args` after them,
/// and returns the JSON it prints.
pub fn run_tool(
    python: &Path,
    script: &str,
    pdf: &Path,
    expected: &str,
    args: &[&str],
) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("expected.txt");
    std::fs::write(&file, expected).unwrap();
    let output = Command::new(python)
        .arg(repo().join("tests/tools").join(script))
        .arg(pdf)
        .arg(&file)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {script}: {e}"));
    assert!(
        output.status.success(),
        "{script} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Compares the PDF's structure-order text with `expected`, word for word.
pub fn compare(python: &Path, pdf: &Path, expected: &str) -> Comparison {
    let json = run_tool(python, "structure_text.py", pdf, expected, &[]);
    let list = |key: &str, context: &str| -> Vec<String> {
        json[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                format!(
                    "{:?} (near: {})",
                    m["words"].as_str().unwrap_or_default(),
                    m[context].as_str().unwrap_or_default()
                )
            })
            .collect()
    };
    Comparison {
        source_words: json["source_words"].as_u64().unwrap_or(0) as usize,
        matched: json["matched"].as_u64().unwrap_or(0) as usize,
        missing: list("missing", "pdf"),
        extra: list("extra", "source"),
    }
}

/// What a listener should hear of `book`, in the order the PDF presents it: the title page's
/// metadata, then each entry (its title, its body with each note right after the reference
/// that cites it first, its category and tags, its responses with their replies), then the
/// author pages. Blocks are separated by line ends. Only the book's own words: the labels the layout
/// adds (dates, "Contents", page numbers) are the PDF's extra words.
pub fn expected_text(book: &Book) -> String {
    let mut out = Reading::default();
    let meta = &book.meta;
    for field in [&meta.title].into_iter().chain(&meta.subtitle) {
        out.block(field);
    }
    // Names and tags are printed as lists: "A, B".
    out.block(&meta.creators.join(", "));
    out.block(&meta.editors.join(", "));
    if let Some(publisher) = &meta.publisher {
        out.block(publisher);
    }
    for entry in &book.entries {
        out.block(&entry.title);
        out.blocks(&entry.body, &entry.notes);
        if let Some(category) = &entry.category {
            out.block(category);
        }
        out.block(&entry.tags.join(", "));
        // Comments with their replies, then pingbacks and trackbacks.
        let (comments, notices): (Vec<Comment>, Vec<Comment>) = entry
            .responses
            .iter()
            .cloned()
            .partition(|c| c.kind == CommentKind::Comment);
        out.comments(&comments);
        out.comments(&notices);
    }
    for author in book.authors.iter().filter(|a| a.has_page) {
        out.block(&author.name);
        out.blocks(&author.bio, &author.notes);
    }
    out.text
}

#[derive(Default)]
struct Reading {
    text: String,
    /// The notes of the document being read.
    notes: Vec<Note>,
}

impl Reading {
    fn block(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn comments(&mut self, comments: &[Comment]) {
        for c in comments {
            self.block(&c.author);
            self.blocks(&c.body, &c.notes);
            self.comments(&c.replies);
        }
    }

    /// A document's blocks, each note read right after its first reference.
    fn blocks(&mut self, blocks: &[Block], notes: &[Note]) {
        let saved = std::mem::replace(&mut self.notes, notes.to_vec());
        blocks.iter().for_each(|b| self.block_text(b));
        self.notes = saved;
    }

    fn block_text(&mut self, block: &Block) {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                self.inlines(content);
                self.text.push('\n');
            }
            Block::Quote { blocks } => blocks.iter().for_each(|b| self.block_text(b)),
            Block::List { items, .. } => {
                for item in items {
                    item.blocks.iter().for_each(|b| self.block_text(b));
                }
            }
            Block::Code { text, .. } => self.block(text),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    self.inlines(cell);
                    self.text.push('\n');
                }
            }
            Block::Rule => {}
            Block::Figure(figure) => self.figure(figure),
            Block::Gallery { figures } => figures.iter().for_each(|f| self.figure(f)),
            Block::Definitions { items } => {
                for item in items {
                    self.inlines(&item.term);
                    self.text.push('\n');
                    for details in &item.details {
                        details.iter().for_each(|b| self.block_text(b));
                    }
                }
            }
        }
    }

    fn figure(&mut self, figure: &chapbook::model::Figure) {
        self.block(&figure.alt);
        let caption = Inline::plain_text(&figure.caption);
        if !caption.trim().is_empty() && caption != figure.alt {
            self.inlines(&figure.caption);
            self.text.push('\n');
        }
    }

    fn inlines(&mut self, content: &[Inline]) {
        for inline in content {
            match inline {
                Inline::Text(t) | Inline::Code(t) => self.text.push_str(t),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Subscript(c)
                | Inline::Superscript(c)
                | Inline::Span { content: c, .. }
                | Inline::Link { content: c, .. } => self.inlines(c),
                // An image in the line is a figure of its own: its alternative text.
                Inline::Image { alt, .. } => {
                    self.text.push(' ');
                    self.text.push_str(alt);
                    self.text.push(' ');
                }
                // A reference is read as a phrase of its own ("Note 1"), then, the first
                // time, its note.
                Inline::NoteRef { number, citation } => {
                    self.text.push(' ');
                    let note = self.notes.iter().find(|n| n.number == *number).cloned();
                    if let (1, Some(note)) = (citation, note) {
                        self.text.push('\n');
                        note.body.iter().for_each(|b| self.block_text(b));
                    }
                }
                Inline::LineBreak | Inline::SoftBreak => self.text.push(' '),
            }
        }
    }
}
