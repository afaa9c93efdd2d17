//! The repairs made on the text before parsing (a raw `&`, a `<` that starts no tag), and
//! the map from offsets in the repaired text back to lines and columns of the original.

use super::{Pos, Problem};

pub(super) fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

pub(super) fn pos_in(line_starts: &[usize], offset: usize) -> Pos {
    let line = line_starts.partition_point(|&s| s <= offset).max(1);
    let start = line_starts[line - 1];
    Pos {
        line,
        column: offset - start + 1,
    }
}

/// `shifts`: (offset in the repaired text where a repair ended, bytes inserted so far).
pub(super) fn original_offset(shifts: &[(usize, usize)], offset: usize) -> usize {
    let i = shifts.partition_point(|&(at, _)| at < offset);
    if i == 0 {
        offset
    } else {
        offset.saturating_sub(shifts[i - 1].1)
    }
}

/// Escapes every `&` that does not start an entity or character reference (a raw `&` in a
/// URL is the commonest fault of hand-edited exports) and every `<` that cannot start a tag,
/// outside CDATA sections, comments and the document type declaration.
pub(super) fn repair_ampersands(
    input: &str,
    line_starts: &[usize],
) -> (String, Vec<(usize, usize)>, Vec<Problem>) {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut shifts = Vec::new();
    let mut repairs: Vec<Problem> = Vec::new();
    let mut count = 0usize;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' if bytes[i..].starts_with(b"<![CDATA[") => {
                i = find(bytes, i + 9, b"]]>").map_or(bytes.len(), |e| e + 3);
            }
            b'<' if bytes[i..].starts_with(b"<!--") => {
                i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            }
            b'<' if bytes[i..].starts_with(b"<!DOCTYPE") => {
                // The internal subset ends at `]>`, or the declaration at the first `>`.
                let subset = bytes[i..].iter().position(|&b| b == b'[' || b == b'>');
                i = match subset.map(|p| bytes[i + p]) {
                    Some(b'[') => find(bytes, i, b"]>").map_or(bytes.len(), |e| e + 2),
                    _ => find(bytes, i, b">").map_or(bytes.len(), |e| e + 1),
                };
            }
            // A `<` that cannot start markup (`5 < 12`) is text.
            b'<' if bytes.get(i + 1).is_none_or(|&b| {
                b.is_ascii_whitespace() || b.is_ascii_digit() || b == b'=' || b == b'<'
            }) =>
            {
                out.push_str(&input[copied..i]);
                out.push_str("&lt;");
                copied = i + 1;
                count += 3;
                shifts.push((out.len(), count));
                if repairs.len() < 20 {
                    repairs.push(Problem {
                        pos: pos_in(line_starts, i),
                        message: "a `<` that starts no tag was read as text".into(),
                    });
                }
                i += 1;
            }
            b'&' => {
                if !is_reference(&bytes[i + 1..]) {
                    out.push_str(&input[copied..=i]);
                    out.push_str("amp;");
                    copied = i + 1;
                    count += 4;
                    shifts.push((out.len(), count));
                    if repairs.len() < 20 {
                        repairs.push(Problem {
                            pos: pos_in(line_starts, i),
                            message: "a raw `&` (as in a URL) was read as `&amp;`".into(),
                        });
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&input[copied..]);
    (out, shifts, repairs)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// True when `rest` (after a `&`) is `name;`, `#123;` or `#x1F;`.
fn is_reference(rest: &[u8]) -> bool {
    let limit = rest.len().min(40);
    let Some(semi) = rest[..limit].iter().position(|&b| b == b';') else {
        return false;
    };
    let name = &rest[..semi];
    if name.is_empty() {
        return false;
    }
    if name[0] == b'#' {
        let digits = &name[1..];
        return match digits.first() {
            Some(b'x' | b'X') => digits.len() > 1 && digits[1..].iter().all(u8::is_ascii_hexdigit),
            Some(_) => digits.iter().all(u8::is_ascii_digit),
            None => false,
        };
    }
    (name[0].is_ascii_alphabetic() || name[0] == b'_' || name[0] >= 0x80)
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b >= 0x80)
}
