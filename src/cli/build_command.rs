//! `chapbook build` and `chapbook check`: run the library, then say what happened, stage by
//! stage on a terminal (or with `-v`), as JSON lines with `--message-format json`.

use crate::locate;
use crate::output::{errln, outln};
use crate::report::{self, MessageFormat};
use chapbook::build::{self, BuildOptions};
use chapbook::diag::Diagnostic;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

/// Runs `chapbook build`.
pub fn run(options: BuildOptions, format: MessageFormat) -> ExitCode {
    let voice = report::voice();
    let stages =
        (format == MessageFormat::Human && !voice.quiet && (voice.terminal || voice.verbose))
            .then(Stages::new);
    let out = options.out_dir.clone();
    let waiting = || {
        report::note(
            format,
            &format!("waiting for another build writing into {}…", out.display()),
        )
    };
    let on_stage = |name: &'static str| {
        if let Some(stages) = &stages {
            stages.start(name)
        }
    };
    let hooks = build::BuildHooks {
        on_wait: Some(&waiting),
        on_stage: Some(&on_stage),
        ..Default::default()
    };
    let started = Instant::now();
    let outcome = build::build_with(&options, hooks);
    if let Some(stages) = &stages {
        stages.start("");
    }
    print(
        &options.book_dir,
        Some(&options.out_dir),
        &outcome.diagnostics,
        format,
    );
    let (errors, warnings) = counts(&outcome.diagnostics);
    match format {
        MessageFormat::Json => {
            for output in &outcome.outputs {
                outln!(
                    "{}",
                    serde_json::json!({"reason": "output", "path": output.to_string_lossy()})
                );
            }
            outln!(
                "{}",
                serde_json::json!({
                    "reason": "build-finished",
                    "success": !outcome.failed(),
                    "errors": errors,
                    "warnings": warnings,
                    "pages": outcome.pages,
                    "words": outcome.words,
                })
            );
        }
        MessageFormat::Human => {
            if !voice.quiet {
                for output in &outcome.outputs {
                    outln!("wrote {}", output.display());
                }
            }
            if outcome.failed() && !voice.quiet {
                errln!(
                    "{}: {errors} error(s), {warnings} warning(s); nothing was written",
                    report::paint("build failed", "1;31")
                );
            } else if stages.is_some() {
                let mut summary = Vec::new();
                if let Some(pages) = outcome.pages {
                    summary.push(format!("{pages} pages"));
                }
                if let Some(words) = outcome.words {
                    summary.push(format!("{words} words"));
                }
                errln!(
                    "{} {} in {:.2} s{}",
                    report::paint("finished", "1;32"),
                    summary.join(", "),
                    started.elapsed().as_secs_f64(),
                    if warnings > 0 {
                        format!(", {warnings} warning(s)")
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    if outcome.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `chapbook check`.
pub fn check(book_dir: &Path, privacy: bool, format: MessageFormat) -> ExitCode {
    let mut diags = chapbook::check::check(book_dir);
    if privacy {
        diags.extend(chapbook::check::privacy::scan(book_dir));
    }
    print(book_dir, None, &diags, format);
    let (errors, warnings) = counts(&diags);
    if format == MessageFormat::Json {
        outln!(
            "{}",
            serde_json::json!({"reason": "check-finished", "success": !diags.has_errors(), "errors": errors, "warnings": warnings})
        );
    } else if !report::voice().quiet {
        if let (Some(book), _) = chapbook::source::load(book_dir) {
            for entry in chapbook::check::language_report(&book) {
                outln!("{}:", locate::shown(book_dir, &entry.file).display());
                for (lang, scripts) in entry.languages {
                    let faces: Vec<String> = scripts
                        .iter()
                        .map(|(script, face)| format!("{script} in {face}"))
                        .collect();
                    let hyphenation = if chapbook::typeset::hyphenate::supported(&lang) {
                        "hyphenated"
                    } else {
                        "not hyphenated"
                    };
                    outln!("  {lang}: {} ({hyphenation})", faces.join(", "));
                }
            }
        }
        // The book by its folder's name when it is this folder or one above.
        let relative = book_dir
            .components()
            .all(|c| matches!(c, Component::CurDir | Component::ParentDir));
        let name = match book_dir.canonicalize() {
            Ok(real) if relative => real
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| ".".into()),
            _ => book_dir.display().to_string(),
        };
        outln!("{name}: {errors} error(s), {warnings} warning(s)");
    }
    if diags.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Each stage's time, printed when the next one starts.
struct Stages {
    current: Mutex<Option<(&'static str, Instant)>>,
}

impl Stages {
    fn new() -> Self {
        Stages {
            current: Mutex::new(None),
        }
    }

    /// `name` starts (the empty name: the last one ended).
    fn start(&self, name: &'static str) {
        let mut current = self.current.lock().expect("not poisoned");
        if let Some((done, since)) = current.take() {
            errln!(
                "{} {:.2} s",
                report::paint(&format!("{:>9}", stage_label(done)), "1;32"),
                since.elapsed().as_secs_f64()
            );
        }
        if !name.is_empty() {
            *current = Some((name, Instant::now()));
        }
    }
}

/// A stage as a person reads it.
fn stage_label(stage: &str) -> &str {
    match stage {
        "load" => "read",
        "epub" => "epub",
        "layout" => "typeset",
        "pdf" => "pdf",
        "write" => "write",
        "wait" => "wait",
        other => other,
    }
}

fn counts(diags: &chapbook::diag::Diagnostics) -> (usize, usize) {
    diags.iter().fold(
        (0, 0),
        |(e, w), d| if d.is_error() { (e + 1, w) } else { (e, w + 1) },
    )
}

/// Prints diagnostics with paths as the user can open them.
pub fn print(
    book_dir: &Path,
    out: Option<&Path>,
    diags: &chapbook::diag::Diagnostics,
    format: MessageFormat,
) {
    for d in diags.iter() {
        report::diagnostic(&openable(book_dir, out, d), format);
    }
}

/// `d` with its file as the user can open it: a file of the book (relative to the book
/// folder) with the book folder in front, the book itself (an empty path) as the book folder,
/// or as `book.toml` when the book is the current folder (as cargo names `Cargo.toml`; a bare
/// `.` reads as no place at all); an output (in `out`, as the user gave it) and an absolute
/// path as they are.
pub fn openable(book_dir: &Path, out: Option<&Path>, d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    let as_given = d.file.is_absolute()
        || out.is_some_and(|o| !o.as_os_str().is_empty() && d.file.starts_with(o))
        || (!d.file.as_os_str().is_empty() && d.file.starts_with(book_dir));
    if !as_given {
        d.file = if d.file.as_os_str().is_empty() {
            if book_dir == Path::new(".") {
                PathBuf::from("book.toml")
            } else {
                book_dir.to_path_buf()
            }
        } else {
            locate::shown(book_dir, &d.file)
        };
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem of the whole book (a PDF that could not be made) points at the book: its
    /// folder, or its `book.toml` when the book is the current folder, never a bare `.`.
    #[test]
    fn the_whole_book_is_named_by_its_folder_or_its_book_toml() {
        let whole = Diagnostic::error("", None, "the PDF could not be written");
        let here = openable(Path::new("."), None, &whole);
        assert_eq!(here.location(), "book.toml");
        let there = openable(Path::new("mybook"), None, &whole);
        assert_eq!(there.location(), "mybook");
        let entry = Diagnostic::error("entries/a.md", Some(3), "x");
        assert_eq!(
            openable(Path::new("."), None, &entry).location(),
            "entries/a.md:3"
        );
    }
}
