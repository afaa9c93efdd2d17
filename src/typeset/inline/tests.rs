//! Tests of setting paragraphs: hyphenation through ligatures, code and capitals left whole.

use super::*;
use crate::typeset::content::{Alignment, ParagraphStyle};
use crate::typeset::font::{Family, FontRequest};
use crate::typeset::hyphenate::Hyphenator;

const SIZE: f32 = 10.0;

fn serif() -> FontRequest {
    FontRequest {
        family: Family::Serif,
        bold: false,
        italic: false,
    }
}

fn span(text: &str, family: Family) -> Span {
    let mut span = Span::new(text, FontRequest { family, ..serif() }, SIZE);
    span.lang = Some("en".into());
    span
}

fn paragraph(spans: Vec<Span>) -> Paragraph {
    Paragraph {
        spans,
        style: ParagraphStyle {
            hyphenate: true,
            ..ParagraphStyle::plain(Alignment::Justify, 13.5)
        },
        node: None,
    }
}

/// The glyphs of a set line, each with the bytes it sets.
fn glyph_ranges(line: &Line) -> Vec<std::ops::Range<usize>> {
    line.items
        .iter()
        .filter_map(|p| match &p.item {
            Item::Text(t) => Some(t.run.glyphs.iter().map(|g| g.range.clone())),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn hyphens_inside_ligatures_fall_where_the_patterns_put_them() {
    let fonts = FontBook::bundled();
    let setter = Setter::new(&fonts);
    let english = Hyphenator::for_lang("en").unwrap();
    for (word, first) in [
        ("reaffirmed", "reaf"),
        ("different", "dif"),
        ("offer", "of"),
        ("efficient", "ef"),
        ("office", "of"),
        ("affluent", "af"),
    ] {
        let at = first.len();
        assert!(english.breaks(word).contains(&at), "{word}: the patterns");
        // The face sets the word with a ligature over the break: the case this is about.
        let whole = setter.set(&paragraph(vec![span(word, Family::Serif)]), 1000.0);
        let ranges = glyph_ranges(&whole[0]);
        assert!(
            ranges.iter().any(|r| r.start < at && at < r.end),
            "{word}: no ligature over the break in {ranges:?}"
        );
        // A measure with room for the first half and its hyphen, not for more; the word is
        // not the paragraph's last (that one is never hyphenated).
        let half = setter.span_width(&span(&format!("{first}-"), Family::Serif));
        let width = half + 0.5;
        let par = paragraph(vec![span(&format!("{word} and more"), Family::Serif)]);
        let lines = setter.set(&par, width);
        assert_eq!(lines[0].text, format!("{first}-"), "{word}: {lines:?}");
        // The next line goes on with the rest of the word (broken again, in so narrow a
        // measure, or followed by the next words).
        let (rest, second) = (&word[at..], lines[1].text.trim_end_matches('-'));
        assert!(
            rest.starts_with(second) || second.starts_with(rest),
            "{word}: {lines:?}"
        );
        assert!(
            (lines[0].width - half).abs() < 0.01,
            "{word}: the line is as wide as its letters shaped alone ({} vs {half})",
            lines[0].width
        );
        // No glyph on the first line sets a letter of the second; the second line's glyphs
        // start at the break.
        assert!(
            glyph_ranges(&lines[0]).iter().all(|r| r.end <= at),
            "{word}"
        );
        let second = glyph_ranges(&lines[1]);
        assert_eq!(second.first().map(|r| r.start), Some(at), "{word}");
    }
}

#[test]
fn code_is_never_hyphenated_nor_stretched() {
    let fonts = FontBook::bundled();
    let setter = Setter::new(&fonts);
    let code = "configuration management   implementation";
    let par = paragraph(vec![
        span("Some words before the ", Family::Serif),
        span(code, Family::Mono),
        span(
            " and a great many words after it, to fill the lines.",
            Family::Serif,
        ),
    ]);
    let mut justified_code = 0;
    for width in [200.0, 215.0, 230.0, 245.0, 260.0, 290.0] {
        let lines = setter.set(&par, width);
        for line in &lines {
            let last = line.text.trim_end_matches('-').rsplit(' ').next().unwrap();
            assert!(
                !(line.text.ends_with('-') && code.contains(last)),
                "{width}: {lines:?}"
            );
        }
        // The code's glyphs keep their advances: its spaces are as wide as when set alone.
        for line in &lines {
            // A line that ends at a space keeps it as a glyph of no width (so that text read
            // out of the page has its word break): that one is not set, only carried.
            let last_text = line
                .items
                .iter()
                .rposition(|p| matches!(p.item, Item::Text(_)));
            for (index, p) in line.items.iter().enumerate() {
                if let Item::Text(t) = &p.item
                    && fonts.face(t.run.font).name.contains("Mono")
                {
                    let face = fonts.face(t.run.font);
                    let space = face.advance(' ').unwrap();
                    for (k, g) in t.run.glyphs.iter().enumerate() {
                        let line_end = Some(index) == last_text && k + 1 == t.run.glyphs.len();
                        if line_end && g.advance == 0.0 {
                            continue;
                        }
                        if t.text[g.range.clone()].starts_with(' ') {
                            assert!((g.advance - space).abs() < 1e-4, "{width}: {g:?}");
                            justified_code += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(justified_code > 0, "no code space was set");
}

#[test]
fn hyphens_near_a_words_edges_cost_more() {
    use super::items::hyphen_cost;
    // "hyphen-ation": five letters or more on each side, the plain cost.
    let plain = hyphen_cost(6, 5);
    assert_eq!(plain, hyphen_cost(9, 9));
    // "re-affirmed" and "reaffirm-ed"-like breaks cost more, the nearer the edge the more.
    assert!(hyphen_cost(2, 8) > hyphen_cost(3, 7));
    assert!(hyphen_cost(3, 7) > plain);
    assert!(hyphen_cost(8, 2) > hyphen_cost(7, 3));
    assert_eq!(hyphen_cost(2, 8), hyphen_cost(8, 2));
}

#[test]
fn justified_lines_fill_the_measure_with_their_letters_spaced() {
    let fonts = FontBook::bundled();
    let setter = Setter::new(&fonts);
    let text = "Whereas recognition of the inherent dignity and of the equal and inalienable \
                rights of all members of the human family is the foundation of freedom, justice \
                and peace in the world, whereas disregard and contempt for human rights have \
                resulted in barbarous acts which have outraged the conscience of mankind, and \
                the advent of a world in which human beings shall enjoy freedom of speech and \
                belief and freedom from fear and want has been proclaimed as the highest \
                aspiration of the common people, reaffirmed in different offices.";
    let par = paragraph(vec![span(text, Family::Serif)]);
    let mut spaced = 0;
    for width in [220.0, 260.0, 300.0, 337.0] {
        let lines = setter.set(&par, width);
        for line in &lines[..lines.len() - 1] {
            let mut right: f32 = 0.0;
            for p in &line.items {
                if let Item::Text(t) = &p.item {
                    right = right.max(p.x + t.run.width());
                    let face = fonts.face(t.run.font);
                    // An expanded run's letters keep the face's advances, and the run is
                    // drawn wider as a whole: its letters are spaced out.
                    if t.run.track > 0.0 {
                        spaced += t
                            .run
                            .glyphs
                            .iter()
                            .filter(|g| {
                                let c = t.text[g.range.clone()].chars().next();
                                c.is_some_and(|c| {
                                    c.is_alphabetic() && g.range.len() == c.len_utf8()
                                }) && face
                                    .advance(c.unwrap())
                                    .is_some_and(|a| (g.advance - a).abs() < 1e-4)
                            })
                            .count();
                    }
                }
            }
            assert!(
                (right - width).abs() < 0.2,
                "{width}: {} ends at {right}",
                line.text
            );
        }
    }
    assert!(spaced > 0, "no letter was spaced out");
}

#[test]
fn a_wrapped_code_line_hangs_under_the_line_it_continues() {
    let fonts = FontBook::bundled();
    let setter = Setter::new(&fonts);
    let text = "curl --silent --fail \"https://example.org/api/v1/entries?lang=kk&since=2026\" \
                | jq '.entries[]'\nshort line";
    let hang = 12.0;
    let par = Paragraph {
        spans: vec![span(text, Family::Mono)],
        style: ParagraphStyle {
            preformatted: true,
            hang,
            start_indent: 8.0,
            ..ParagraphStyle::plain(Alignment::Start, 13.5)
        },
        node: None,
    };
    let width = 200.0;
    let lines = setter.set(&par, width);
    let starts: Vec<f32> = lines
        .iter()
        .map(|l| l.items.iter().map(|p| p.x).fold(f32::INFINITY, f32::min))
        .collect();
    let ends: Vec<f32> = lines
        .iter()
        .map(|l| {
            l.items
                .iter()
                .filter_map(|p| match &p.item {
                    Item::Text(t) => Some(p.x + t.run.width()),
                    _ => None,
                })
                .fold(0.0, f32::max)
        })
        .collect();
    assert!(
        lines.len() >= 3,
        "{:?}",
        lines.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
    // The first line and the next source line start at the indent; every line the long one
    // wraps into, two characters further in; none passes the measure.
    assert!((starts[0] - 8.0).abs() < 0.01, "{starts:?}");
    for start in &starts[1..lines.len() - 1] {
        assert!((start - 8.0 - hang).abs() < 0.01, "{starts:?}");
    }
    assert!((starts[lines.len() - 1] - 8.0).abs() < 0.01, "{starts:?}");
    assert_eq!(lines.last().unwrap().text.trim(), "short line");
    for end in ends {
        assert!(end <= width + 0.01, "{end}");
    }
}

/// Issue #15: "the title page leaves one word alone on the subtitle's second line". A
/// balanced paragraph keeps its number of lines and makes them nearly equal.
#[test]
fn balanced_display_lines_are_nearly_equal_and_never_leave_a_word_alone() {
    let fonts = FontBook::bundled();
    let setter = Setter::new(&fonts);
    // Whole lines, with their text, each time.
    setter.start_drawing();
    let text = "Civic Life, Languages and Travel in Kazakhstan and Central Asia";
    let par = |balance: bool| Paragraph {
        spans: vec![span(text, Family::Serif)],
        style: ParagraphStyle {
            balance,
            ..ParagraphStyle::plain(Alignment::Center, 13.5)
        },
        node: None,
    };
    let whole = setter.set(&par(false), 1.0e4)[0].width;
    let words = |line: &Line| line.text.split_whitespace().count();
    // Measures at which the text just overflows one line (a scrap below it) or two.
    for width in [whole - 5.0, whole * 0.4] {
        let ragged = setter.set(&par(false), width);
        let balanced = setter.set(&par(true), width);
        assert!(ragged.len() >= 2 + usize::from(width < whole / 2.0));
        assert_eq!(balanced.len(), ragged.len(), "as many lines at {width}");
        let widths: Vec<f32> = balanced.iter().map(|l| l.width).collect();
        let (short, long) = widths
            .iter()
            .fold((f32::MAX, 0.0f32), |(s, l), &w| (s.min(w), l.max(w)));
        assert!(long <= width, "within the measure: {widths:?}");
        // Two lines share the words nearly evenly; three of these words cannot be split
        // closer than 78 : 101 : 121 points (the measure: at least 0.6).
        let even = if balanced.len() == 2 { 0.8 } else { 0.6 };
        assert!(
            short / long >= even,
            "lines of {widths:?} at {width}: {:?}",
            balanced.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert!(balanced.iter().all(|l| words(l) > 1));
        // Centred in the whole measure, not the narrowed one: each line's middle is the
        // measure's.
        for line in &balanced {
            let (left, right) = line
                .items
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), p| match &p.item {
                    Item::Text(t) => (a.min(p.x), b.max(p.x + t.run.width())),
                    _ => (a, b),
                });
            assert!(
                ((left + right) / 2.0 - width / 2.0).abs() < 1.0,
                "{left}..{right} in {width}"
            );
        }
    }
    // The first measure is the case: without balancing, a long line and a scrap.
    let ragged = setter.set(&par(false), whole - 5.0);
    assert!(ragged[1].width < ragged[0].width * 0.3, "{ragged:?}");
}
