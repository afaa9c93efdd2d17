//! The first stage: a paragraph's spans into one text, with the byte range of each span.

use crate::typeset::content::Span;
use std::ops::Range;

/// A paragraph's text and where each span sits in it.
pub(super) struct Collected {
    /// The spans' text, concatenated.
    pub(super) text: String,
    /// The byte range of each span in `text`, in the order of the spans.
    pub(super) ranges: Vec<Range<usize>>,
}

/// Concatenates the spans' text.
pub(super) fn collect(spans: &[Span]) -> Collected {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(spans.len());
    for span in spans {
        let start = text.len();
        text.push_str(&span.text);
        ranges.push(start..text.len());
    }
    Collected { text, ranges }
}
