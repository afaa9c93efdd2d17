//! Whole-book benchmark of the release binary: a book of 100 long entries (about 1,800 words
//! each, real prose in English, Russian and Kazakh, with headings, footnotes and threaded
//! comments) is generated in a temporary folder and built to EPUB and to PDF by
//! `chapbook batch --force` (one thread per core), five times each, as a child process whose peak resident
//! memory is read with `wait4`. Then the same for a book ten times as long, to check that the
//! cost is linear. Prints medians, pages and words per second and peak memory, and compares
//! with pandoc when it is installed.
//!
//! Run with `cargo bench --bench book`. `ENTRIES=n` sets the size of the small book (default
//! 100), `LARGE_RUNS=n` the runs of the large one (default 3; 0 skips it), `KEEP=DIR` writes
//! the books into DIR and keeps them (to profile a build by hand).
//!
//! Prose: the text of `book/entries/*.md` and the Universal Declaration of Human Rights from
//! `../shared/corpora/udhr/` (English, Russian, Kazakh) when that folder exists.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Budgets from issue #7.
const EPUB_BUDGET_S: f64 = 0.25;
const PDF_BUDGET_S: f64 = 2.0;
const MEMORY_BUDGET_MB: f64 = 300.0;
const LINEAR_BUDGET: f64 = 11.0;
/// Words of body text per entry.
const ENTRY_WORDS: usize = 1_800;

fn main() {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let entries = env("ENTRIES", 100);
    let large_runs = env("LARGE_RUNS", 3);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pools = prose(repo);
    let temp = tempfile::tempdir().expect("temporary folder");
    let keep = std::env::var_os("KEEP").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(temp.path());

    let small = dir.join("small");
    make_book(&small, entries, &pools);
    println!("book: {entries} entries, ~{ENTRY_WORDS} words each, with footnotes and comments");
    let epub = measure(&small, "epub", 5);
    let pdf = measure(&small, "pdf", 5);
    print(&format!("{entries} entries"), &epub, &pdf);
    let mut verdicts = vec![
        ("EPUB", epub.seconds, EPUB_BUDGET_S, "s"),
        ("PDF", pdf.seconds, PDF_BUDGET_S, "s"),
        ("EPUB peak memory", epub.peak_mb, MEMORY_BUDGET_MB, "MB"),
        ("PDF peak memory", pdf.peak_mb, MEMORY_BUDGET_MB, "MB"),
    ];
    if pdf.pages < 500 {
        println!("note: the PDF has {} pages, fewer than 500", pdf.pages);
    }

    if large_runs > 0 {
        let large = dir.join("large");
        make_book(&large, entries * 10, &pools);
        let epub10 = measure(&large, "epub", large_runs);
        let pdf10 = measure(&large, "pdf", large_runs);
        print(&format!("{} entries", entries * 10), &epub10, &pdf10);
        let (re, rp) = (epub10.seconds / epub.seconds, pdf10.seconds / pdf.seconds);
        println!("10x the entries: EPUB {re:.1}x the time, PDF {rp:.1}x");
        verdicts.push(("EPUB 10x ratio", re, LINEAR_BUDGET, "x"));
        verdicts.push(("PDF 10x ratio", rp, LINEAR_BUDGET, "x"));
    }

    pandoc(&small, epub.seconds);

    println!("budgets:");
    for (what, value, budget, unit) in verdicts {
        let verdict = if value <= budget { "ok" } else { "MISSED" };
        println!("  {what}: {value:.3} {unit} (budget {budget} {unit}) {verdict}");
    }
}

/// One format's figures: medians of the runs, peak memory the highest of them.
struct Figures {
    seconds: f64,
    /// Median CPU time (user + system): less disturbed than wall time by other work.
    cpu_seconds: f64,
    peak_mb: f64,
    pages: usize,
    words: usize,
    bytes: u64,
}

fn print(label: &str, epub: &Figures, pdf: &Figures) {
    println!(
        "{label}: {} words, EPUB {:.1} MB, PDF {} pages, {:.1} MB",
        epub.words,
        epub.bytes as f64 / 1e6,
        pdf.pages,
        pdf.bytes as f64 / 1e6
    );
    println!(
        "  EPUB: median {:.3} s (CPU {:.3} s), {:.0} words/s, peak RSS {:.0} MB",
        epub.seconds,
        epub.cpu_seconds,
        epub.words as f64 / epub.seconds,
        epub.peak_mb
    );
    println!(
        "  PDF:  median {:.3} s (CPU {:.3} s), {:.0} pages/s, {:.0} words/s, peak RSS {:.0} MB",
        pdf.seconds,
        pdf.cpu_seconds,
        pdf.pages as f64 / pdf.seconds,
        pdf.words as f64 / pdf.seconds,
        pdf.peak_mb
    );
}

/// Builds `book` to `format` `runs` times through the release binary.
fn measure(book: &Path, format: &str, runs: usize) -> Figures {
    let work = book.with_extension(format!("{format}-run"));
    std::fs::create_dir_all(&work).expect("work folder");
    let manifest = work.join("books.toml");
    std::fs::write(
        &manifest,
        format!(
            "formats = [\"{format}\"]\n[[book]]\npath = \"../{}\"\nname = \"bench\"\n",
            book.file_name().expect("name").to_string_lossy()
        ),
    )
    .expect("manifest");
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut peak_kb = 0;
    let mut report = serde_json::Value::Null;
    for _ in 0..runs {
        let start = Instant::now();
        let (stdout, kb, cpu) = run_measured(
            Command::new(env!("CARGO_BIN_EXE_chapbook"))
                .args(["batch", "--force", "--quiet", "--format", "json"])
                .arg(&manifest),
        );
        times.push(start.elapsed().as_secs_f64());
        cpu_times.push(cpu);
        peak_kb = peak_kb.max(kb);
        report = serde_json::from_slice(&stdout).expect("JSON report");
        assert_eq!(report["summary"]["failed"], 0, "{report:#}");
    }
    times.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    cpu_times.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    let book = &report["books"][0];
    Figures {
        seconds: times[times.len() / 2],
        cpu_seconds: cpu_times[cpu_times.len() / 2],
        peak_mb: peak_kb as f64 / 1024.0,
        pages: book["pages"].as_u64().unwrap_or(0) as usize,
        words: book["words"].as_u64().unwrap_or(0) as usize,
        bytes: book["outputs"][0]["bytes"].as_u64().unwrap_or(0),
    }
}

/// Runs the command to its end; returns its stdout, its peak resident memory in KB and its
/// CPU seconds (from `wait4`'s rusage: the child's own high-water mark and times).
fn run_measured(command: &mut Command) -> (Vec<u8>, i64, f64) {
    let stdout_file = tempfile::tempfile().expect("temporary file");
    let child = command
        .stdout(stdout_file.try_clone().expect("clone"))
        .spawn()
        .expect("run chapbook");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: `pid` is our child, not yet waited for; the pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "chapbook failed: {status}"
    );
    // The child is reaped; dropping `Child` neither waits nor kills.
    drop(child);
    use std::io::{Read, Seek};
    let mut out = Vec::new();
    let mut f = stdout_file;
    f.rewind().expect("rewind");
    f.read_to_end(&mut out).expect("read stdout");
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        out,
        usage.ru_maxrss,
        secs(usage.ru_utime) + secs(usage.ru_stime),
    )
}

/// pandoc on the same Markdown, when installed.
fn pandoc(book: &Path, epub_seconds: f64) {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("pandoc: not installed, no comparison");
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(book.join("entries"))
        .expect("entries")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let out = book.with_extension("pandoc.epub");
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let status = Command::new("pandoc")
            .args(["--from", "markdown", "-o"])
            .arg(&out)
            .args(&files)
            .status()
            .expect("pandoc");
        times.push(start.elapsed().as_secs_f64());
        assert!(status.success(), "pandoc failed");
    }
    times.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    let median = times[2];
    println!(
        "pandoc to EPUB: median {median:.3} s; chapbook takes {:.2}x pandoc's time",
        epub_seconds / median
    );
}

/// Paragraphs of real prose by language.
struct Pools {
    by_lang: Vec<(&'static str, Clauses)>,
}

/// The clauses of a language's prose (its paragraphs cut at commas, semicolons and full stops).
struct Clauses(Vec<String>);

impl Clauses {
    fn new(paragraphs: &[String]) -> Self {
        let mut out = Vec::new();
        for p in paragraphs {
            for c in p.split([',', ';', '.']) {
                let c = c.trim();
                if c.split_whitespace().count() >= 3 {
                    out.push(c.to_string());
                }
            }
        }
        Clauses(out)
    }

    /// Four to nine clauses, as one paragraph.
    fn paragraph(&self, rng: &mut Lcg) -> String {
        let n = 4 + rng.next() % 6;
        let mut text = String::new();
        for k in 0..n {
            let clause = &self.0[rng.next() as usize % self.0.len()];
            if k == 0 {
                let mut chars = clause.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(if k % 3 == 0 { "; " } else { ", " });
                text.push_str(clause);
            }
        }
        text.push('.');
        text
    }
}

/// A small deterministic generator (Knuth's MMIX constants), so every run makes the same book.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn prose(repo: &Path) -> Pools {
    let mut english = Vec::new();
    // The sample book's paragraphs of plain prose (English, Russian and Kazakh entries mixed:
    // the languages are marked per entry below only for the UDHR text).
    for item in std::fs::read_dir(repo.join("book/entries"))
        .expect("sample entries")
        .flatten()
    {
        let path = item.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("entry");
        let body = text.splitn(3, "+++").nth(2).unwrap_or("");
        for para in body.split("\n\n") {
            let para = para.trim();
            let plain = para
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '"' || c == '“' || c == '«');
            if plain && !para.contains("[^") && !para.contains('|') {
                english.push(para.replace('\n', " "));
            }
        }
    }
    let corpora = repo.join("../shared/corpora/udhr");
    let mut by_lang = Vec::new();
    for (lang, file) in [
        ("en", "udhr_eng.xml"),
        ("ru", "udhr_rus.xml"),
        ("kk", "udhr_kaz.xml"),
    ] {
        let mut paras = udhr(&corpora.join(file));
        if lang == "en" {
            paras.extend(english.iter().cloned());
        }
        if paras.is_empty() {
            paras = english.clone();
        }
        by_lang.push((lang, Clauses::new(&paras)));
    }
    Pools { by_lang }
}

/// The `<para>` texts of a UDHR XML file (empty when absent).
fn udhr(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.split("<para>")
        .skip(1)
        .filter_map(|p| p.split("</para>").next())
        .map(|p| {
            p.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// A book of `entries` long entries: every fifth in Russian, every fifth in Kazakh, the rest
/// in English; headings, three footnotes and four comments (one a reply) each.
fn make_book(dir: &Path, entries: usize, pools: &Pools) {
    let entries_dir = dir.join("entries");
    std::fs::create_dir_all(&entries_dir).expect("entries folder");
    std::fs::write(
        dir.join("book.toml"),
        "title = \"Long Roads\"\nlanguage = \"en\"\ndate = 2026-11-28\nauthors = [\"Bench Writer\"]\n",
    )
    .expect("book.toml");
    for i in 0..entries {
        let (lang, pool) = &pools.by_lang[match i % 5 {
            3 => 1,
            4 => 2,
            _ => 0,
        }];
        let mut body = String::new();
        let mut words = 0;
        let mut paragraphs = 0;
        let mut notes = Vec::new();
        // Paragraphs are new combinations of the prose's clauses, so that no two are alike:
        // a book that repeated whole paragraphs would flatter the layout's paragraph cache.
        let mut rng = Lcg(i as u64 * 0x9E37_79B9 + 1);
        while words < ENTRY_WORDS {
            let para = pool.paragraph(&mut rng);
            if paragraphs % 6 == 0 {
                body.push_str(&format!("## Part {}\n\n", paragraphs / 6 + 1));
            }
            body.push_str(&para);
            if paragraphs % 5 == 2 && notes.len() < 3 {
                notes.push(pool.paragraph(&mut rng));
                body.push_str(&format!("[^n{}]", notes.len()));
            }
            body.push_str("\n\n");
            words += para.split_whitespace().count();
            paragraphs += 1;
        }
        for (n, note) in notes.iter().enumerate() {
            body.push_str(&format!("[^n{}]: {note}\n\n", n + 1));
        }
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        std::fs::write(
            entries_dir.join(format!("e{i:04}.md")),
            format!(
                "+++\ntitle = \"Road {}\"\ndate = 2026-{month:02}-{day:02}\nlang = \"{lang}\"\ntags = [\"road\", \"t{}\"]\n+++\n{body}",
                i + 1,
                i % 13
            ),
        )
        .expect("entry");
        let mut comment = |_| pool.paragraph(&mut rng).replace('"', "'");
        std::fs::write(
            entries_dir.join(format!("e{i:04}.comments.toml")),
            format!(
                "[[comment]]\nid = \"c1\"\nauthor = \"Reader One\"\nbody = \"{}\"\n\n\
                 [[comment]]\nid = \"c2\"\nparent = \"c1\"\nauthor = \"Bench Writer\"\nbody = \"{}\"\n\n\
                 [[comment]]\nid = \"c3\"\nauthor = \"Reader Two\"\nbody = \"{}\"\n\n\
                 [[comment]]\nid = \"p1\"\nkind = \"pingback\"\nauthor = \"Another blog\"\nurl = \"https://example.org/p/{i}\"\n",
                comment(1),
                comment(2),
                comment(3)
            ),
        )
        .expect("comments");
    }
}
