//! Unit tests of `markdown`, kept beside it so that the code file stays short.

use super::*;

fn run(text: &str) -> (Parsed, Diagnostics) {
    crate::source::parse_for_test(text)
}

#[test]
fn lang_span_inline_and_paragraph() {
    let (p, d) = run("He said [сәлем *достар*]{lang=kk} twice.\n\n[مرحبا]{lang=ar}\n");
    assert!(d.is_empty(), "{d:?}");
    let Block::Paragraph {
        content,
        lang: None,
    } = &p.blocks[0]
    else {
        panic!()
    };
    assert_eq!(content[0], Inline::Text("He said ".into()));
    let Inline::Span {
        lang,
        content: inner,
    } = &content[1]
    else {
        panic!("{content:?}")
    };
    assert_eq!(lang.as_str(), "kk");
    assert_eq!(inner[0], Inline::Text("сәлем ".into()));
    let Block::Paragraph {
        lang: Some(lang), ..
    } = &p.blocks[1]
    else {
        panic!()
    };
    assert_eq!(lang.as_str(), "ar");
}

#[test]
fn plain_brackets_survive() {
    let (p, _) = run("a [b] c [d\n");
    let Block::Paragraph { content, .. } = &p.blocks[0] else {
        panic!()
    };
    assert_eq!(content, &vec![Inline::Text("a [b] c [d".into())]);
}

#[test]
fn notes_numbered_by_first_citation_and_counted() {
    let (p, d) = run("One[^b] two[^a] three[^b].\n\n[^a]: A.\n[^b]: B.\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p.notes.len(), 2);
    assert_eq!((p.notes[0].label.as_str(), p.notes[0].citations), ("b", 2));
    assert_eq!((p.notes[1].label.as_str(), p.notes[1].citations), ("a", 1));
}

#[test]
fn undefined_note_is_an_error_with_line() {
    let (_, d) = run("Line one.\n\nCited[^nope] here.\n");
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(3));
    assert!(errors[0].message.contains("[^nope]"));
}
