//! Model inlines into spans of text.

use super::*;

impl Builder<'_> {
    pub(super) fn spans(
        &mut self,
        content: &[Inline],
        state: &InlineState,
        cx: &Context,
    ) -> Vec<Span> {
        let mut out = Vec::new();
        self.collect_spans(content, state, cx, &mut out);
        out
    }

    pub(super) fn collect_spans(
        &mut self,
        content: &[Inline],
        state: &InlineState,
        cx: &Context,
        out: &mut Vec<Span>,
    ) {
        for inline in content {
            match inline {
                Inline::Text(t) => out.push(self.span(t, state)),
                Inline::SoftBreak => out.push(self.span(" ", state)),
                Inline::LineBreak => out.push(self.span("\n", state)),
                Inline::Emph(c) => self.collect_spans(
                    c,
                    &InlineState {
                        font: FontRequest {
                            italic: !state.font.italic,
                            ..state.font
                        },
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
                Inline::Strong(c) => self.collect_spans(
                    c,
                    &InlineState {
                        font: FontRequest {
                            bold: true,
                            ..state.font
                        },
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
                Inline::Strike(c) => {
                    let start = out.len();
                    self.collect_spans(c, state, cx, out);
                    for span in &mut out[start..] {
                        span.strike = true;
                    }
                }
                Inline::Subscript(c) => self.script_spans(c, false, state, cx, out),
                Inline::Superscript(c) => self.script_spans(c, true, state, cx, out),
                Inline::Code(t) => {
                    let mut span = self.span(
                        t,
                        &InlineState {
                            font: FontRequest {
                                family: Family::Mono,
                                bold: false,
                                italic: false,
                            },
                            size: state.size * 0.9,
                            ..state.clone()
                        },
                    );
                    // Code reads left to right in every script: an isolate in Arabic text.
                    span.ltr = true;
                    out.push(span);
                }
                Inline::Link { url, content, .. } => {
                    let target = self.link_target(url);
                    self.collect_spans(
                        content,
                        &InlineState {
                            link: target.or(state.link.clone()),
                            ..state.clone()
                        },
                        cx,
                        out,
                    );
                }
                Inline::Image { image, alt, .. } => out.push(self.inline_image(*image, alt, state)),
                Inline::NoteRef { number, citation } => {
                    let mut span = self.span(
                        &number.to_string(),
                        &InlineState {
                            size: state.size * SUPERSCRIPT_SCALE,
                            ..state.clone()
                        },
                    );
                    span.superscript = true;
                    let target = LinkTarget::Anchor(format!("note-{}{number}", cx.notes.prefix));
                    // A listener hears "Note 1", not a bare "1" run into the word before it.
                    let name = locale::for_lang(&state.lang).labels.note.clone();
                    self.note_names
                        .insert(target.clone(), format!("{name} {number}"));
                    span.link = Some(target);
                    span.anchors
                        .push(format!("noteref-{}{number}-{citation}", cx.notes.prefix));
                    // The note goes to the page of its first citation.
                    if *citation == 1 && cx.notes.base != usize::MAX {
                        span.notes.push(cx.notes.base + *number as usize - 1);
                    }
                    out.push(span);
                }
                Inline::Span { lang, content } => self.collect_spans(
                    content,
                    &InlineState {
                        lang: lang.clone(),
                        ..state.clone()
                    },
                    cx,
                    out,
                ),
            }
        }
    }

    /// Sub- or superscript text: smaller, lowered or raised by the setter.
    fn script_spans(
        &mut self,
        content: &[Inline],
        raised: bool,
        state: &InlineState,
        cx: &Context,
        out: &mut Vec<Span>,
    ) {
        let start = out.len();
        let smaller = InlineState {
            size: state.size * SUPERSCRIPT_SCALE,
            ..state.clone()
        };
        self.collect_spans(content, &smaller, cx, out);
        for span in &mut out[start..] {
            // A script inside a script stays where the outer one put it.
            if !span.superscript && !span.subscript {
                span.superscript = raised;
                span.subscript = !raised;
            }
        }
    }

    pub(super) fn span(&self, text: &str, state: &InlineState) -> Span {
        let mut span = Span::new(text, state.font, state.size);
        span.lang = Some(state.lang.to_string());
        span.link = state.link.clone();
        span
    }

    /// Where a link goes in the PDF: addresses with a scheme as they are (the reader made
    /// sure they are http, https or mailto), `#id` to the heading's page in this entry,
    /// `other.md` and `other.md#id` to that entry or its heading (in a handout that does not
    /// hold it, to its original post's address); a link to a file that is not an entry of the
    /// book nowhere.
    pub(super) fn link_target(&self, url: &str) -> Option<LinkTarget> {
        use crate::model::links::{decode, scheme};
        if scheme(url).is_some() {
            return Some(LinkTarget::Url(url.to_string()));
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (url, None),
        };
        let doc = if path.is_empty() {
            self.doc_anchor.clone()
        } else {
            let name = decode(path.rsplit('/').next().unwrap_or(path));
            match self.entry_links.get(&name) {
                Some(anchor) => anchor.clone(),
                // An entry a handout does not hold: its original post, if it has one.
                None => return Some(LinkTarget::Url(self.elsewhere.get(&name)?.clone())),
            }
        };
        Some(LinkTarget::Anchor(match fragment {
            Some(id) => heading_anchor(&doc, &id),
            None => doc,
        }))
    }
}
