//! Issue #13, "every character" and "control characters": the real-world fixture's emoji
//! comment thread builds to both formats with every emoji, symbol and kaomoji; TABs and
//! controls never reach a format; a book in scripts no bundled font has gets one summary per
//! script from `check`, and builds once the named family is installed and given.

mod common;

use common::cli::{self, chapbook};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The emoji of `entries/emoji-thread.comments.toml`, each as written (with its selectors,
/// joiners, skin tones and keycaps).
const EMOJI: &[&str] = &[
    "🙂",
    "🚀",
    "🎉",
    "❤️",
    "⚠️",
    "👩‍💻",
    "👨‍👩‍👧",
    "👍🏽",
    "👋🏿",
    "#️⃣",
    "1️⃣",
    "🇫🇷",
    "🇯🇵",
    "🇺🇦",
    "🏳️‍🌈",
    "🏴‍☠️",
    "😀",
    "😂",
    "🤔",
    "😅",
    "😍",
    "🥳",
    "😢",
    "🤯",
    "👀",
    "🤷",
    "🐛",
    "🦀",
    "☕",
    "✨",
    "🌍",
    "📚",
    "💡",
    "✅",
    "❌",
    "🔥",
    "💯",
    "🙏",
    "👎",
    "✔️",
];

/// The other characters the thread holds that once stopped the PDF.
const SYMBOLS: &[&str] = &["¯\\_(ツ)_/¯", "𝕠", "𝔸", "→", "⇒", "←", "↩"];

fn fixture() -> PathBuf {
    common::repo().join("tests/fixtures/real-world")
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = chapbook(args);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), all)
}

fn build(book: &Path, out: &Path, format: &str) -> String {
    let (code, all) = run(&[
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        format,
    ]);
    assert_eq!(code, Some(0), "{all}");
    all
}

fn output(dir: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == ext) && {
                let name = p.to_string_lossy();
                !name.contains("-booklet.") && !name.contains("-2up.")
            }
        })
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            assert!(
                !common::strict(),
                "pdftotext is required (CHAPBOOK_STRICT=1)"
            );
            eprintln!("NOTE: pdftotext not found, the PDF's text not checked");
            None
        }
    }
}

#[test]
fn every_emoji_and_symbol_comes_back_from_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture(), out.path(), "pdf");
    let Some(text) = pdftotext(&output(out.path(), "pdf")) else {
        return;
    };
    // pdftotext keeps U+FE0F and U+200D as the PDF's text mapping gives them: the emoji
    // are compared as written, with no normalisation.
    let lost: Vec<&&str> = EMOJI.iter().filter(|e| !text.contains(**e)).collect();
    eprintln!(
        "emoji recovered from pdftotext: {}/{}",
        EMOJI.len() - lost.len(),
        EMOJI.len()
    );
    assert!(lost.is_empty(), "emoji not in the PDF's text: {lost:?}");
    for s in SYMBOLS {
        assert!(text.contains(s), "{s} is not in the PDF's text");
    }
    // The TAB is a space in running text; the bell is gone.
    assert!(text.contains("TAB: column two"), "{text}");
    assert!(text.contains("a bell that no page"), "{text}");
    assert!(!text.contains('\u{7}') && !text.contains('\t'));
}

#[test]
fn the_epub_has_every_character_and_no_control() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture(), out.path(), "epub");
    let epub = output(out.path(), "epub");
    let mut book = common::Epub::open(&epub);
    let all: String = book.xhtml().into_iter().map(|(_, text)| text).collect();
    for e in EMOJI.iter().chain(SYMBOLS) {
        assert!(all.contains(e), "{e} is not in the EPUB");
    }
    let controls: Vec<char> = all
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        .collect();
    assert!(controls.is_empty(), "controls in the EPUB: {controls:?}");
    assert!(!all.contains('\t'), "TABs are spaces or tab stops");
    // The code block's TABs went to 4-column stops.
    assert!(
        all.contains("name    value\na   1\nlonger  2"),
        "tab stops in code"
    );
    common::assert_epubcheck_clean(&epub);
}

#[test]
fn check_reports_each_file_with_controls_once_with_its_lines() {
    let (code, all) = run(&["check", fixture().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{all}");
    for (file, line) in [
        ("entries/emoji-thread.md", 10),
        ("entries/emoji-thread.comments.toml", 33),
    ] {
        let warnings = all
            .lines()
            .filter(|l| l.contains("control characters") && !l.contains("-->"))
            .count();
        assert_eq!(warnings, 2, "one warning per file:\n{all}");
        assert!(
            all.contains(&format!("{file}:{line}")),
            "{file}:{line} named:\n{all}"
        );
        assert!(
            all.contains(&format!("line {line} holds control characters")),
            "{all}"
        );
    }
    assert!(
        !all.contains("no font has"),
        "every character has a font:\n{all}"
    );
}

/// A book in Chinese, Korean, Hebrew and Hindi.
fn scripts_book(fallback: Option<&str>) -> tempfile::TempDir {
    let dir = cli::book();
    let mut config = cli::BOOK.to_string();
    if let Some(family) = fallback {
        config.push_str(&format!("\n[pdf.fonts]\nfallback = [\"{family}\"]\n"));
    }
    cli::write(dir.path(), "book.toml", config.as_bytes());
    let mut entry =
        String::from("+++\ntitle = \"Scripts\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\n");
    entry.push_str("中文字符测试，汉字很多。\n\n한국어 문장입니다.\n");
    if fallback.is_none() {
        entry.push_str("\nשלום עולם\n\nनमस्ते दुनिया\n");
    }
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    dir
}

#[test]
fn check_sums_up_each_script_without_a_font_once() {
    let dir = scripts_book(None);
    let (code, all) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(1), "{all}");
    let errors: Vec<&str> = all.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors.len(),
        4,
        "one error per script, not per character:\n{all}"
    );
    for (script, package, family, line) in [
        ("Han", "fonts-noto-cjk", "Noto Sans CJK SC", 6),
        ("Hangul", "fonts-noto-cjk", "Noto Sans CJK KR", 8),
        ("Hebrew", "fonts-noto-core", "Noto Sans Hebrew", 10),
        ("Devanagari", "fonts-noto-core", "Noto Sans Devanagari", 12),
    ] {
        let at = all
            .find(&format!("no font has the {script} script"))
            .unwrap_or_else(|| panic!("no summary for {script}:\n{all}"));
        let summary = &all[at..];
        let summary = &summary[..summary.find("\n\n").unwrap_or(summary.len())];
        assert!(
            summary.contains(&format!("first at entries/fine.md:{line}")),
            "{summary}"
        );
        assert!(
            summary.contains(package) && summary.contains(family),
            "{summary}"
        );
    }
}

#[test]
fn an_installed_family_sets_the_scripts_and_is_named_by_its_file() {
    let installed = Command::new("fc-list")
        .args([":", "family"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("Noto Sans CJK SC"))
        .unwrap_or(false);
    if !installed {
        assert!(
            !common::strict(),
            "fonts-noto-cjk is required (CHAPBOOK_STRICT=1): .ci/run installs it"
        );
        eprintln!("NOTE: Noto Sans CJK SC is not installed; the fallback by family is not tested");
        return;
    }
    let dir = scripts_book(Some("Noto Sans CJK SC"));
    let (code, all) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{all}");
    assert!(
        all.contains("Han in /") && all.contains("NotoSansCJK"),
        "the file is named:\n{all}"
    );
    let out = tempfile::tempdir().unwrap();
    build(dir.path(), out.path(), "pdf");
    if let Some(text) = pdftotext(&output(out.path(), "pdf")) {
        assert!(
            text.contains("中文字符测试") && text.contains("한국어"),
            "{text}"
        );
    }
    // An unknown family is an error naming book.toml's line.
    let dir = scripts_book(Some("No Such Family Anywhere"));
    let (code, all) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(1), "{all}");
    assert!(
        all.contains("\"No Such Family Anywhere\" is installed")
            || all.contains("No Such Family Anywhere\" is installed"),
        "{all}"
    );
    assert!(all.contains("book.toml:"), "{all}");
}
