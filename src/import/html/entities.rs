//! HTML character references: numeric ones, and the named ones of HTML's whole table
//! ([`crate::import::entities`]).

use crate::import::entities::{LONGEST_NAME, is_name, named};

/// `text` with its character references decoded. A name HTML does not have (`&bogus;`) stays
/// as written and, when `unknown` is given, is added to it (once).
pub(super) fn decode_entities(text: &str, mut unknown: Option<&mut Vec<String>>) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        // `#x10FFFF` and the longest name both fit: the `;` is at most this far.
        let semi = after.find(';').filter(|&s| s > 0 && s <= LONGEST_NAME + 1);
        let decoded = semi.and_then(|s| {
            let name = &after[..s];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32).map(|c| (c.to_string(), s))
            } else {
                let value = named(name).map(|v| (v.to_string(), s));
                if value.is_none()
                    && is_name(name)
                    && let Some(unknown) = unknown.as_deref_mut()
                    && !unknown.iter().any(|n| n == name)
                {
                    unknown.push(name.to_string());
                }
                value
            }
        });
        match decoded {
            Some((value, s)) => {
                out.push_str(&value);
                rest = &after[s + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
