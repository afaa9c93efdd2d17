//! The report of a batch run, for people and (as JSON) for CI.

use super::*;

/// What happens during a run, for progress displays. Events of different books interleave.
#[derive(Debug)]
pub enum Event<'a> {
    /// A book's build begins a stage: "hash", then those of [`build::BuildHooks::on_stage`].
    Stage {
        /// The book's name.
        book: &'a str,
        /// The stage.
        stage: &'static str,
    },
    /// A book is done (built, up to date or failed).
    Finished(&'a BookReport),
}

/// The report of a run: what `--format json` prints.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The chapbook that made it.
    pub chapbook_version: String,
    /// The shard run, if any.
    pub shard: Option<Shard>,
    /// Counts of books by status.
    pub summary: Summary,
    /// One per book of the run, in the manifest's order.
    pub books: Vec<BookReport>,
}

/// Counts of books by status.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    /// Books in the run.
    pub books: usize,
    /// Built now.
    pub built: usize,
    /// Skipped: their outputs were up to date.
    pub up_to_date: usize,
    /// Failed.
    pub failed: usize,
}

/// What became of one book.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Built now.
    Built,
    /// Not rebuilt: the inputs are those of the outputs on disk.
    UpToDate,
    /// An error (or, with `--deny-warnings`, a warning).
    Failed,
}

/// One book in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BookReport {
    /// The book's name in the manifest.
    pub name: String,
    /// The book folder, relative to the manifest.
    pub path: String,
    /// What became of it.
    pub status: Status,
    /// Wall-clock seconds spent on it (0 when up to date; not reproducible, ignore when diffing).
    pub seconds: f64,
    /// The outputs on disk.
    pub outputs: Vec<OutputReport>,
    /// Pages of the PDF, when one was made.
    pub pages: Option<usize>,
    /// Words of text (entries, notes, responses), when the book loaded.
    pub words: Option<usize>,
    /// Errors, with the file (relative to the manifest) and line.
    pub errors: Vec<DiagnosticReport>,
    /// Warnings, likewise.
    pub warnings: Vec<DiagnosticReport>,
}

/// One output file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutputReport {
    /// "epub" or "pdf".
    pub format: String,
    /// The file, relative to the manifest.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
}

/// A diagnostic in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DiagnosticReport {
    /// The file, relative to the manifest where it is in a book folder.
    pub file: String,
    /// 1-based line, when one line is to blame.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Report {
    /// True when every book was built or up to date.
    pub fn success(&self) -> bool {
        self.summary.failed == 0
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report is plain data") + "\n"
    }
}

/// An output as the build wrote it.
pub(super) fn output_report(job: &BookJob, written: &build::Written) -> OutputReport {
    let format = (written.path.extension())
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    OutputReport {
        format,
        file: format!("{}/{}", job.out, in_output(job, &written.path)),
        bytes: written.bytes,
        sha256: hex(&written.sha256),
    }
}

/// The path of an output inside the book's output folder, with `/` (`a.pdf`,
/// `handouts/entry.pdf`).
pub(super) fn in_output(job: &BookJob, path: &Path) -> String {
    match path.strip_prefix(&job.out_dir) {
        Ok(inside) => (inside.iter())
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => file_name(path),
    }
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A diagnostic with its file relative to the manifest: files in the book folder get the
/// book's path in front; others (the output folder) are named from the manifest's folder.
pub(super) fn diagnostic_report(job: &BookJob, d: &Diagnostic) -> DiagnosticReport {
    let file = if d.file.as_os_str().is_empty() {
        job.path.clone()
    } else if let Ok(rest) = d.file.strip_prefix(&job.out_dir) {
        join_rel(&job.out, rest)
    } else if let Ok(rest) = d.file.strip_prefix(&job.book_dir) {
        join_rel(&job.path, rest)
    } else if d.file.is_relative() {
        join_rel(&job.path, &d.file)
    } else {
        d.file.display().to_string()
    };
    // With overrides the build read a re-written book.toml, whose lines are not the file's.
    let merged = job.config.is_some() && d.file == Path::new("book.toml");
    DiagnosticReport {
        file,
        line: if merged { None } else { d.line },
        message: if merged {
            format!(
                "{} (with the manifest's [book.config] merged in)",
                d.message
            )
        } else {
            d.message.clone()
        },
        hint: d.hint.clone(),
    }
}

pub(super) fn join_rel(base: &str, rest: &Path) -> String {
    let rest: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{}", rest.join("/"))
    }
}
