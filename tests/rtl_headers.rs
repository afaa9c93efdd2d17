//! Right-to-left titles in running headers (issue #13): an Arabic entry's title on its
//! right-hand pages is set right to left, shaped, and reads back in logical order (it used to
//! print backwards: `ةيجمربلا تالباقملا ةعماج` for `جامعة المقابلات البرمجية`).

mod common;

use chapbook::build::Format;
use common::cli;
use std::process::Command;

#[test]
fn an_arabic_running_header_reads_in_logical_order() {
    let dir = cli::book();
    let title = "جامعة المقابلات البرمجية";
    let paragraph = "هذه فقرة طويلة باللغة العربية عن الجامعة والمقابلات والبرمجة والطلاب الذين يتعلمون كل يوم شيئا جديدا في المدينة. ";
    let body: String = (0..60)
        .map(|_| format!("{}\n\n", paragraph.repeat(3)))
        .collect();
    let entry = format!(
        "+++\ntitle = \"{title}\"\nlang = \"ar\"\nauthors = [\"ann\"]\ndate = 2026-01-02\n+++\n{body}"
    );
    cli::write(dir.path(), "entries/fine.md", entry.as_bytes());
    let (outcome, _out) = common::build_to(dir.path(), &[Format::Pdf]);
    assert!(!outcome.failed(), "{:?}", outcome.diagnostics);
    let pdf = &outcome.outputs[0];
    let text = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)")
        .stdout;
    let text = String::from_utf8_lossy(&text);
    // pdftotext marks right-to-left runs with embedding marks: drop them.
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
            .collect::<String>()
            .trim()
            .to_string()
    };
    let heads: Vec<String> = text
        .split('\u{c}')
        .filter_map(|page| page.lines().next().map(clean))
        .filter(|first| first.contains("المقابلات") || first.contains("تالباقملا"))
        .collect();
    assert!(heads.len() >= 2, "the title heads several pages: {heads:?}");
    let reversed: String = title.chars().rev().collect();
    for head in &heads {
        assert_ne!(head, &reversed, "printed backwards");
        assert_eq!(head, title, "the header reads in logical order");
    }
}
