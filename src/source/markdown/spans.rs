//! Language spans, `[text]{lang=xx}`, read from the text comrak leaves, and the joining of
//! adjacent texts that every converted run goes through.

use super::{Converter, MAX_NESTING};
use crate::model::Inline;

impl Converter<'_, '_> {
    /// Turns `[text]{lang=xx}` into [`Inline::Span`].
    pub(super) fn lang_spans(&mut self, content: Vec<Inline>, line: usize) -> Vec<Inline> {
        // A stack of open `[` frames; frame 0 is the container itself.
        let mut stack: Vec<Vec<Inline>> = vec![Vec::new()];
        // Brackets opened deeper than MAX_NESTING are plain text, and so are their closes:
        // spans nest no deeper, and `[[[[…` costs time in proportion to its length.
        let mut literal = 0usize;
        for inline in content {
            let Inline::Text(text) = inline else {
                stack.last_mut().expect("frame").push(inline);
                continue;
            };
            // Most texts hold no bracket: they are moved whole.
            if memchr::memchr2(b'[', b']', text.as_bytes()).is_none() {
                push_owned(stack.last_mut().expect("frame"), text);
                continue;
            }
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let next = rest.find(['[', ']']);
                let Some(at) = next else {
                    push_text(stack.last_mut().expect("frame"), rest);
                    break;
                };
                push_text(stack.last_mut().expect("frame"), &rest[..at]);
                if rest[at..].starts_with('[') {
                    if stack.len() > MAX_NESTING {
                        literal += 1;
                        push_text(stack.last_mut().expect("frame"), "[");
                    } else {
                        stack.push(Vec::new());
                    }
                    rest = &rest[at + 1..];
                    continue;
                }
                if literal > 0 {
                    literal -= 1;
                    push_text(stack.last_mut().expect("frame"), "]");
                    rest = &rest[at + 1..];
                    continue;
                }
                // A `]`: a language close if `{lang=…}` follows and a `[` is open.
                let after = &rest[at + 1..];
                if stack.len() > 1
                    && let Some((tag, used)) = lang_attribute(after)
                {
                    let inner = stack.pop().expect("frame");
                    let parent = stack.last_mut().expect("frame");
                    let (lang, problem) =
                        crate::source::subtags::read(tag, self.source.file, Some(line));
                    if let Some(mut problem) = problem {
                        problem.message.push_str(&format!(" in `{{lang={tag}}}`"));
                        self.diags.push(problem);
                    }
                    match lang {
                        Some(lang) => parent.push(Inline::Span {
                            lang,
                            content: merge_text(inner),
                        }),
                        None => parent.extend(inner),
                    }
                    rest = &after[used..];
                    continue;
                }
                if stack.len() > 1 {
                    let inner = stack.pop().expect("frame");
                    let parent = stack.last_mut().expect("frame");
                    push_text(parent, "[");
                    parent.extend(inner);
                    push_text(parent, "]");
                } else {
                    push_text(stack.last_mut().expect("frame"), "]");
                }
                rest = after;
            }
        }
        while stack.len() > 1 {
            let inner = stack.pop().expect("frame");
            let parent = stack.last_mut().expect("frame");
            push_text(parent, "[");
            parent.extend(inner);
        }
        merge_text(stack.pop().expect("frame"))
    }
}

/// Reads `{lang=xx}` (quotes optional) at the start of `text`: the tag and bytes used.
/// Reads `{lang=xx}` (quotes optional) at the start of `text`: the tag and bytes used.
fn lang_attribute(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix('{')?;
    let end = inner.find('}')?;
    let body = inner[..end].trim();
    let value = body
        .strip_prefix("lang")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let value = value.trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'));
    Some((value, end + 2))
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_string()));
    }
}

/// [`push_text`] for a text of its own: moved, not copied, unless it joins the text before.
fn push_owned(out: &mut Vec<Inline>, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(&text);
    } else {
        out.push(Inline::Text(text));
    }
}

/// Adjacent texts joined into one, empty ones left out.
pub(super) fn merge_text(content: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for inline in content {
        match inline {
            Inline::Text(text) => push_owned(&mut out, text),
            other => out.push(other),
        }
    }
    out
}
