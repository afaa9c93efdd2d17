//! Quotation marks and no-break spaces in each language's own style, from the `typography`
//! table of `locales.toml`.
//!
//! Markdown's smart punctuation makes English marks of every straight quote ("…" → “…”,
//! '…' → ‘…’). This pass pairs them up within one paragraph, heading or table cell (across
//! emphasis, links and language spans) and gives each pair the marks of the language its
//! opening mark is written in: the outer marks, or the inner ones for a quotation inside
//! another. A ’ that closes no ‘ is an apostrophe and stays, as does any mark left unpaired.
//! Code, code blocks, image descriptions and the text of bare links are never touched.

use crate::lang::Lang;
use crate::locale::{self, Typography};
use crate::model::{Block, Inline, Note};

/// No-break space, bound before a dash.
const NBSP: char = '\u{00A0}';

/// Rewrites the quotation marks and spaces of `blocks`, written in `lang`, into that
/// language's typography (paragraphs and spans in another language follow their own).
pub fn localise(blocks: &mut [Block], lang: &Lang) {
    for block in blocks {
        match block {
            Block::Paragraph { lang: own, content } => {
                localise_run(content, own.as_ref().unwrap_or(lang));
            }
            Block::Heading { content, .. } => localise_run(content, lang),
            Block::Quote { blocks } => localise(blocks, lang),
            Block::List { items, .. } => {
                for item in items {
                    localise(&mut item.blocks, lang);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    localise_run(cell, lang);
                }
            }
            Block::Figure(figure) => localise_run(&mut figure.caption, lang),
            Block::Gallery { figures } => {
                for figure in figures {
                    localise_run(&mut figure.caption, lang);
                }
            }
            Block::Code { .. } | Block::Rule => {}
            Block::Definitions { items } => {
                for item in items {
                    localise_run(&mut item.term, lang);
                    for details in &mut item.details {
                        localise(details, lang);
                    }
                }
            }
        }
    }
}

/// [`localise`] for the footnotes of a document written in `lang`.
pub fn localise_notes(notes: &mut [Note], lang: &Lang) {
    for note in notes {
        localise(&mut note.body, lang);
    }
}

/// A piece of a run: text that may change, or something that stands in the text without
/// being text we may edit (code, an image, a line break).
struct Leaf<'a> {
    text: Option<&'a mut String>,
    lang: &'a Lang,
}

/// One character of the run as the pass sees it. What it may become is borrowed from the
/// locale tables (which live as long as the program), so a slot holds no string of its own.
struct Slot {
    c: char,
    /// Index into the leaves.
    leaf: usize,
    /// What the character becomes, if it changes.
    replace: Option<&'static str>,
    /// Text inserted after the character.
    after: &'static str,
    /// Text inserted before the character.
    before: &'static str,
}

/// What an opening mark is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// “ from smart punctuation (or typed).
    Double,
    /// ‘ from smart punctuation (or typed).
    Single,
    /// A « the author typed: kept as written, but quotations inside it are nested.
    Guillemet,
}

/// A pair of marks found in a run, by slot index.
struct Pair {
    open: usize,
    close: usize,
    /// False for typed guillemets, whose marks are kept.
    rewrite: bool,
}

/// Localises one run of inline content (a paragraph, a heading, a table cell).
fn localise_run(content: &mut [Inline], lang: &Lang) {
    // Only quotation marks, and spaces before dashes and ; : ! ?, can change: a run with none
    // of these characters (most paragraphs) is left before its slots are built.
    if !may_change(content) {
        return;
    }
    let mut leaves = Vec::new();
    let mut slots = Vec::new();
    collect(content, lang, &mut leaves, &mut slots);
    if !slots
        .iter()
        .any(|s| matches!(s.c, '“' | '”' | '‘' | '’' | '«' | '»' | ' '))
    {
        return;
    }
    let pairs = pair(&slots);
    mark_quotes(&mut slots, &pairs, &leaves);
    mark_spaces(&mut slots, &leaves);
    write_back(&slots, &mut leaves);
}

/// True when the run's text has a quotation mark, or a space before a dash or ; : ! ? (the
/// space may end the text before: a text that starts with one of these counts too).
fn may_change(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Text(text) => may_change_text(text),
        Inline::Emph(inner) | Inline::Strong(inner) | Inline::Strike(inner) => may_change(inner),
        Inline::Subscript(inner) | Inline::Superscript(inner) => may_change(inner),
        Inline::Span { content, .. } | Inline::Link { content, .. } => may_change(content),
        _ => false,
    })
}

/// [`may_change`] for one text: it has one of “ ” ‘ ’ « », or one of — – ; : ! ? at its
/// start or after a space. One scan of the bytes (every paragraph of a book is asked):
/// these characters' UTF-8 forms are C2 AB, C2 BB, E2 80 98, 99, 9C, 9D (quotes) and
/// E2 80 93, 94 (dashes).
fn may_change_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let spaced = |at: usize| at == 0 || bytes[at - 1] == b' ';
    // At the start, a dash or ; : ! ? counts without a space before it.
    if matches!(bytes.first(), Some(b';' | b':' | b'!' | b'?'))
        || matches!(bytes, [0xE2, 0x80, 0x93 | 0x94, ..])
    {
        return true;
    }
    // Elsewhere each case is a pair of bytes: C2 then AB or BB; 80 then a quote's or a
    // dash's last byte (after E2, asked on a hit); a space then ; : ! ?. Pairs are found in
    // chunks of the scan, compared many at once: in most texts none is there.
    let pair = |before: u8, byte: u8| {
        ((before == 0xC2) & ((byte == 0xAB) | (byte == 0xBB)))
            | ((before == 0x80)
                & ((byte == 0x93)
                    | (byte == 0x94)
                    | (byte == 0x98)
                    | (byte == 0x99)
                    | (byte == 0x9C)
                    | (byte == 0x9D)))
            | ((before == b' ')
                & ((byte == b';') | (byte == b':') | (byte == b'!') | (byte == b'?')))
    };
    let mut from = 1;
    while from < bytes.len() {
        let end = (from + 32).min(bytes.len());
        // Two slices zipped, not indices: no bounds check, so the compiler compares at once.
        let (before, here) = (&bytes[from - 1..end - 1], &bytes[from..end]);
        let found = before
            .iter()
            .zip(here)
            .fold(false, |found, (&a, &b)| found | pair(a, b));
        if found {
            for at in (from..end).filter(|&at| pair(bytes[at - 1], bytes[at])) {
                let changes = match bytes[at - 1] {
                    0x80 => {
                        at >= 2
                            && bytes[at - 2] == 0xE2
                            && (!matches!(bytes[at], 0x93 | 0x94) || spaced(at - 2))
                    }
                    _ => true,
                };
                if changes {
                    return true;
                }
            }
        }
        from = end;
    }
    false
}

/// Flattens a run into leaves and slots. Opaque inlines get one slot with a stand-in
/// character: a letter for code and images (they sit inside words), a space for breaks and
/// note citations.
fn collect<'a>(
    content: &'a mut [Inline],
    lang: &'a Lang,
    leaves: &mut Vec<Leaf<'a>>,
    slots: &mut Vec<Slot>,
) {
    let opaque = |c: char, leaves: &mut Vec<Leaf<'a>>, slots: &mut Vec<Slot>| {
        slots.push(slot(c, leaves.len()));
        leaves.push(Leaf { text: None, lang });
    };
    for inline in content {
        match inline {
            Inline::Text(text) => {
                let leaf = leaves.len();
                slots.extend(text.chars().map(|c| slot(c, leaf)));
                leaves.push(Leaf {
                    text: Some(text),
                    lang,
                });
            }
            Inline::Emph(inner) | Inline::Strong(inner) | Inline::Strike(inner) => {
                collect(inner, lang, leaves, slots)
            }
            Inline::Subscript(inner) | Inline::Superscript(inner) => {
                collect(inner, lang, leaves, slots)
            }
            Inline::Span {
                lang: span_lang,
                content,
            } => collect(content, span_lang, leaves, slots),
            Inline::Link { url, content, .. } => {
                if is_bare_link(url, content) {
                    opaque('x', leaves, slots);
                } else {
                    collect(content, lang, leaves, slots);
                }
            }
            Inline::Code(_) | Inline::Image { .. } => opaque('x', leaves, slots),
            Inline::NoteRef { .. } | Inline::LineBreak | Inline::SoftBreak => {
                opaque(' ', leaves, slots)
            }
        }
    }
}

fn slot(c: char, leaf: usize) -> Slot {
    Slot {
        c,
        leaf,
        replace: None,
        after: "",
        before: "",
    }
}

/// A link whose text is its address (an autolink): the text is a URL and stays as it is.
fn is_bare_link(url: &str, content: &[Inline]) -> bool {
    let text = Inline::plain_text(content);
    text == url || url.strip_prefix("mailto:") == Some(text.as_str())
}

/// Pairs the quotation marks of a run. Marks that pair with nothing are left out.
fn pair(slots: &[Slot]) -> Vec<Pair> {
    let word = |i: Option<usize>| {
        i.and_then(|i| slots.get(i))
            .is_some_and(|s| s.c.is_alphanumeric())
    };
    let mut stack: Vec<(Opener, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let mut close = |stack: &mut Vec<(Opener, usize)>, kind: Opener, at: usize| {
        if let Some(depth) = stack.iter().rposition(|(k, _)| *k == kind) {
            // Openers above it never closed: they stay as written.
            let (_, open) = stack[depth];
            stack.truncate(depth);
            pairs.push(Pair {
                open,
                close: at,
                rewrite: kind != Opener::Guillemet,
            });
        }
    };
    for (i, s) in slots.iter().enumerate() {
        // Looked at only for ‘ and ’: asking every character whether it is a letter costs
        // more than the rest of the pass.
        let before = || word(i.checked_sub(1));
        let after = || word(Some(i + 1));
        match s.c {
            '“' => stack.push((Opener::Double, i)),
            '”' => close(&mut stack, Opener::Double, i),
            '«' => stack.push((Opener::Guillemet, i)),
            '»' => close(&mut stack, Opener::Guillemet, i),
            // After a letter ‘ is part of the word (Uzbek g‘ and o‘ typed with it).
            '‘' if !before() => stack.push((Opener::Single, i)),
            // Between letters ’ is an apostrophe (don’t, O’zbekiston); it closes only the
            // quotation opened last, so the ’ of students’ or ’90s outside one stays.
            '’' if !(before() && after())
                && stack.last().is_some_and(|(k, _)| *k == Opener::Single) =>
            {
                close(&mut stack, Opener::Single, i)
            }
            _ => {}
        }
    }
    pairs.sort_by_key(|p| p.open);
    pairs
}

/// Gives each pair the marks of its language at its depth, and the spaces inside them.
fn mark_quotes(slots: &mut [Slot], pairs: &[Pair], leaves: &[Leaf]) {
    for (n, p) in pairs.iter().enumerate() {
        let depth = pairs[..n]
            .iter()
            .filter(|outer| outer.close > p.close)
            .count();
        let typography = typography(leaves[slots[p.open].leaf].lang);
        let q = &typography.quotes;
        // A language that uses the marks smart punctuation makes keeps them as written, so
        // an English writer's ‘…’ outside “…” (British style) stays.
        let as_written = [&q.open, &q.close, &q.inner_open, &q.inner_close] == ["“", "”", "‘", "’"];
        if p.rewrite && !as_written {
            let (open, close) = if depth.is_multiple_of(2) {
                (&q.open, &q.close)
            } else {
                (&q.inner_open, &q.inner_close)
            };
            slots[p.open].replace = Some(open.as_str());
            slots[p.close].replace = Some(close.as_str());
        }
        if let Some(space) = &typography.space_inside_quotes {
            // A space written inside the marks becomes this one; marks written by the pass
            // also get it where none was written.
            for (mark, inside) in [(p.open, p.open + 1), (p.close, p.close.wrapping_sub(1))] {
                match slots.get(inside) {
                    Some(s) if matches!(s.c, ' ' | NBSP) && leaves[s.leaf].text.is_some() => {
                        slots[inside].replace = Some(space.as_str());
                    }
                    _ if p.rewrite && mark == p.open => slots[mark].after = space.as_str(),
                    _ if p.rewrite => slots[mark].before = space.as_str(),
                    _ => {}
                }
            }
        }
    }
}

/// The no-break spaces before dashes and before French punctuation.
fn mark_spaces(slots: &mut [Slot], leaves: &[Leaf]) {
    for i in 1..slots.len() {
        if slots[i].c != ' ' || leaves[slots[i].leaf].text.is_none() {
            continue;
        }
        let prev = slots[i - 1].c;
        let next = slots.get(i + 1).map(|s| s.c);
        let after_next = slots.get(i + 2).map(|s| s.c);
        // Only a space before a dash or ; : ! ? can change; the language's table is looked
        // up for those alone (the lookup is slow next to this loop).
        if prev.is_whitespace() || !matches!(next, Some('—' | '–' | ';' | ':' | '!' | '?')) {
            continue;
        }
        let typography = typography(leaves[slots[i].leaf].lang);
        let spaced_dash =
            matches!(next, Some('—' | '–')) && after_next.is_none_or(|c| c.is_whitespace());
        if typography.nbsp_before_dash && spaced_dash {
            slots[i].replace = Some("\u{00A0}");
        } else if let Some(space) = &typography.space_before_punctuation
            && matches!(next, Some(';' | ':' | '!' | '?'))
        {
            slots[i].replace = Some(space.as_str());
        }
    }
}

fn typography(lang: &Lang) -> &'static Typography {
    &locale::for_lang(lang).typography
}

/// Writes the changed characters back into the text leaves that hold them.
fn write_back(slots: &[Slot], leaves: &mut [Leaf]) {
    let mut start = 0;
    while start < slots.len() {
        let leaf = slots[start].leaf;
        let end = start + slots[start..].iter().take_while(|s| s.leaf == leaf).count();
        let run = &slots[start..end];
        let changed = run
            .iter()
            .any(|s| s.replace.is_some() || !s.after.is_empty() || !s.before.is_empty());
        if changed && let Some(text) = leaves[leaf].text.as_deref_mut() {
            let mut out = String::with_capacity(text.len() + 8);
            for s in run {
                out.push_str(s.before);
                match s.replace {
                    Some(r) => out.push_str(r),
                    None => out.push(s.c),
                }
                out.push_str(s.after);
            }
            *text = out;
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::may_change_text;

    /// The byte scan answers as the definition reads, character by character.
    #[test]
    fn may_change_text_agrees_with_its_definition() {
        const SPACED: [char; 6] = ['—', '–', ';', ':', '!', '?'];
        let by_chars = |text: &str| {
            text.contains(['“', '”', '‘', '’', '«', '»'])
                || text.starts_with(SPACED)
                || text
                    .match_indices(' ')
                    .any(|(i, _)| text[i + 1..].starts_with(SPACED))
        };
        let texts = [
            "",
            "plain words",
            "«ёлка»",
            "a “b” c",
            "it’s",
            "‘single’",
            "a — b",
            "a—b",
            "— starts",
            "–",
            "x; y",
            "x ; y",
            ";",
            "a :b",
            "a: b",
            "why ?",
            "why?",
            "a !",
            "…‚„‹›",
            "€ ™ → ←",
            "Ω ø ¿ ¡ «",
            "中文 テキスト",
            "مرحبا ؟ ؛",
            "a \u{2012} b",
            "a \u{2015} b",
            "a \u{201A} b",
            "\u{201E}x\u{201F}",
        ];
        // Longer than a chunk of the scan, before and after (р is D1 80: an 80 not after E2).
        let long = "Всеобщая декларация прав человека, все люди р";
        for text in texts {
            for text in [
                text.to_string(),
                format!("{long}{text}"),
                format!("{text}{long}"),
                format!("{long}{long}{text}{long}"),
            ] {
                assert_eq!(may_change_text(&text), by_chars(&text), "{text:?}");
            }
        }
    }
}
