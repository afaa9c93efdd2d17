//! How the command line speaks: diagnostics for people (coloured on a terminal) or as JSON
//! lines (`--message-format json`, one object per line on stdout, as cargo writes them), and
//! how much it says (`-q`, `-v`). Set once from the global options, read everywhere.

use crate::output::{errln, outln};
use chapbook::diag::{Diagnostic, Severity};
use clap::ValueEnum;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when printing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--message-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Messages for people on stderr.
    Human,
    /// One JSON object per line on stdout: each diagnostic, each output, then a summary.
    Json,
}

/// How much to say and how.
#[derive(Clone, Copy, Debug)]
pub struct Voice {
    /// Colour on stderr.
    pub color: bool,
    /// `-q`: errors only.
    pub quiet: bool,
    /// `-v`: stages and times even when stderr is not a terminal.
    pub verbose: bool,
    /// stderr is a terminal.
    pub terminal: bool,
}

static VOICE: OnceLock<Voice> = OnceLock::new();

/// Sets the voice from the global options (once, at start).
pub fn set(color: ColorChoice, quiet: bool, verbose: bool) {
    let terminal = std::io::stderr().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    let _ = VOICE.set(Voice {
        color,
        quiet,
        verbose,
        terminal,
    });
}

/// The voice set at start.
pub fn voice() -> Voice {
    *VOICE.get_or_init(|| Voice {
        color: false,
        quiet: false,
        verbose: false,
        terminal: false,
    })
}

/// `text` in an ANSI style (`1;31`: bold red) when colouring.
pub fn paint(text: &str, style: &str) -> String {
    if voice().color {
        format!("\x1b[{style}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A diagnostic for people, as `Diagnostic`'s `Display` writes it, coloured on a terminal.
pub fn human(d: &Diagnostic) -> String {
    let (label, style) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut text = format!(
        "{}{} {}\n  {} {}",
        paint(label, style),
        paint(":", "1"),
        d.message,
        paint("-->", "1;34"),
        d.location()
    );
    if let Some(hint) = &d.hint {
        text.push_str(&format!("\n  {} {hint}", paint("= help:", "1;36")));
    }
    text
}

/// A diagnostic as one JSON object, cargo's way: `reason`, `level`, `message`, `file`,
/// `line`, `hint`.
pub fn json(d: &Diagnostic) -> String {
    serde_json::json!({
        "reason": "diagnostic",
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": d.message,
        "file": d.file.to_string_lossy(),
        "line": d.line,
        "hint": d.hint,
    })
    .to_string()
}

/// Prints one diagnostic in `format` (a warning not at all with `-q`).
pub fn diagnostic(d: &Diagnostic, format: MessageFormat) {
    match format {
        MessageFormat::Json => outln!("{}", json(d)),
        MessageFormat::Human if voice().quiet && !d.is_error() => {}
        MessageFormat::Human => errln!("{}\n", human(d)),
    }
}

/// Prints a line of news for people on stderr (not with `-q`, nor in JSON mode).
pub fn note(format: MessageFormat, text: &str) {
    if format == MessageFormat::Human && !voice().quiet {
        errln!("{text}");
    }
}
