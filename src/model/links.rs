//! What an address in the book may be, decided once when the book is read: a link inside the
//! book (`#id`, `other.md`, `other.md#id`), an absolute `http`, `https` or `mailto` address,
//! or a relative address resolved against the entry's or the book's `url`. Anything else
//! (`javascript:`, `data:`, `file:`, a relative address with nothing to resolve it against) is
//! not a link in any format: the text stays, and a warning says why. Every address kept is
//! percent-encoded as URLs require (spaces, brackets, a second `#`, letters of other scripts).

/// Why an address is not kept as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A scheme other than http, https and mailto.
    Scheme(String),
    /// A relative address, and neither the entry nor the book has a `url` to resolve it
    /// against.
    Relative,
    /// Nothing but white space.
    Empty,
}

impl Refused {
    /// The warning's message for `url`.
    pub fn message(&self, url: &str) -> String {
        let shown: String = url.chars().take(60).collect();
        match self {
            Refused::Scheme(scheme) => format!(
                "the address `{shown}` is kept as text, not as a link: `{scheme}:` addresses are not links in a book"
            ),
            Refused::Relative => format!(
                "the relative address `{shown}` is kept as text, not as a link: there is no url to resolve it against"
            ),
            Refused::Empty => "a link without an address is kept as text".to_string(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refused::Scheme(_) => {
                "only http, https and mailto addresses and links inside the book become links"
            }
            Refused::Relative => {
                "give the entry a `url` in its front matter (or the book one in book.toml), or write the full address"
            }
            Refused::Empty => "give the link an address, or remove the brackets",
        }
    }
}

/// The schemes that become links.
const SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The scheme of `url`, if it starts with one (`javascript:`, `https:`), lower-cased.
pub fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
        .then(|| head.to_ascii_lowercase())
}

/// True for the characters that change the direction text is shown in (U+200E/F marks,
/// U+202A–E embeddings and overrides, U+2066–9 isolates, U+061C): inside an address they can
/// make it read as another (`https://bank.example/\u{202E}moc.evil`), so addresses never
/// keep them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// `text` without [`is_bidi_control`] characters.
pub fn strip_bidi(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Decides what `url` is: the address to keep (percent-encoded), or why it is refused.
/// `base` is the absolute address relative ones resolve against (the entry's `url`, else the
/// book's). Direction controls ([`is_bidi_control`]) are removed first.
pub fn resolve(url: &str, base: Option<&str>) -> Result<String, Refused> {
    let url = strip_bidi(url);
    let url = url.trim();
    if url.is_empty() {
        return Err(Refused::Empty);
    }
    if url.starts_with('#') {
        return Ok(encode(url));
    }
    if let Some(scheme) = scheme(url) {
        return if SCHEMES.contains(&scheme.as_str()) {
            Ok(encode(url))
        } else {
            Err(Refused::Scheme(scheme))
        };
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    if is_entry_link(path) {
        return Ok(encode(url));
    }
    match base.filter(|b| matches!(scheme(b).as_deref(), Some("http" | "https"))) {
        Some(base) => Ok(encode(&join(base, url))),
        None => Err(Refused::Relative),
    }
}

/// A link to another entry's source file (`other.md`, `./other.md`, `../entries/other.md`).
pub fn is_entry_link(path: &str) -> bool {
    path.ends_with(".md") && !path.contains("://")
}

/// `rel` resolved against the absolute `base` (RFC 3986, section 5.2, for the forms blogs
/// use: `//host/p`, `/p`, `p`, `../p`, `?q`).
pub fn join(base: &str, rel: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(net) = rel.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let (authority, base_path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let base_path = base_path.split('?').next().unwrap_or(base_path);
    let merged = if rel.starts_with('/') {
        rel.to_string()
    } else if rel.starts_with('?') {
        format!("{base_path}{rel}")
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{rel}")
    };
    format!("{scheme}://{authority}{}", remove_dot_segments(&merged))
}

fn remove_dot_segments(path: &str) -> String {
    let (path, tail) = match path.find(['?', '#']) {
        Some(at) => (&path[..at], &path[at..]),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == segments.len() - 1 {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == segments.len() - 1 {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut joined = out.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    joined + tail
}

/// `url` with every character a URL may not hold percent-encoded: white space, `"<>\^`{|}`,
/// brackets outside the host, a `#` after the first, a `%` that starts no escape, and every
/// non-ASCII character (as its UTF-8 bytes). What is already valid is left as it is.
/// Direction controls ([`is_bidi_control`]) are dropped, not encoded.
pub fn encode(url: &str) -> String {
    let url = &*strip_bidi(url);
    let mut out = String::with_capacity(url.len());
    let bytes = url.as_bytes();
    let mut seen_hash = false;
    // Brackets are allowed in the authority only (an IPv6 host).
    let authority = url.find("://").map(|at| {
        let start = at + 3;
        let end = url[start..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |e| start + e);
        start..end
    });
    for (i, c) in url.char_indices() {
        let keep = match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => true,
            '-' | '.' | '_' | '~' | ':' | '/' | '?' | '@' | '!' | '$' | '&' | '\'' | '(' | ')'
            | '*' | '+' | ',' | ';' | '=' => true,
            '[' | ']' => authority.as_ref().is_some_and(|a| a.contains(&i)),
            '#' => {
                let first = !seen_hash;
                seen_hash = true;
                first
            }
            '%' => {
                bytes.len() > i + 2
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit()
            }
            _ => false,
        };
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `text` with `%XX` escapes decoded (invalid UTF-8 or escapes are left as written).
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_mailto_and_book_links_are_kept() {
        assert_eq!(
            resolve("https://a.org/x", None),
            Ok("https://a.org/x".into())
        );
        assert_eq!(resolve("MAILTO:a@b.org", None), Ok("MAILTO:a@b.org".into()));
        assert_eq!(resolve("#setup", None), Ok("#setup".into()));
        assert_eq!(resolve("other.md#x", None), Ok("other.md#x".into()));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(resolve(bad, None), Err(Refused::Scheme(_))),
                "{bad}"
            );
        }
        assert_eq!(
            resolve("/blog/basic-post.html", None),
            Err(Refused::Relative)
        );
        assert_eq!(resolve("  ", None), Err(Refused::Empty));
    }

    #[test]
    fn relative_addresses_resolve_against_the_base() {
        let base = Some("https://blog.example.org/2024/05/post.html");
        assert_eq!(
            resolve("/blog/basic-post.html", base).unwrap(),
            "https://blog.example.org/blog/basic-post.html"
        );
        assert_eq!(
            resolve("other.html", base).unwrap(),
            "https://blog.example.org/2024/05/other.html"
        );
        assert_eq!(
            resolve("../../about/", base).unwrap(),
            "https://blog.example.org/about/"
        );
        assert_eq!(
            resolve("//cdn.example.net/a.png", base).unwrap(),
            "https://cdn.example.net/a.png"
        );
        assert_eq!(
            join("https://example.org", "a/b"),
            "https://example.org/a/b"
        );
    }

    #[test]
    fn addresses_are_percent_encoded_as_urls_require() {
        assert_eq!(
            encode("https://a.org/docs#the-[features]-section"),
            "https://a.org/docs#the-%5Bfeatures%5D-section"
        );
        assert_eq!(encode("https://a.org/lang#C#"), "https://a.org/lang#C%23");
        assert_eq!(
            encode("https://a.org/my photo #1.png"),
            "https://a.org/my%20photo%20#1.png"
        );
        assert_eq!(encode("https://[::1]:8080/a"), "https://[::1]:8080/a");
        assert_eq!(
            encode("https://kk.wikipedia.org/wiki/Қазақ"),
            "https://kk.wikipedia.org/wiki/%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B"
        );
        assert_eq!(
            encode("https://a.org/100%25/50%"),
            "https://a.org/100%25/50%25"
        );
        assert_eq!(decode("%D2%9A%D0%B0"), "Қа");
        // Direction controls never reach an address.
        assert_eq!(
            encode("https://bank.example/\u{202E}gpj.exe"),
            "https://bank.example/gpj.exe"
        );
        assert_eq!(
            resolve("\u{2066}https://a.org/\u{200F}x\u{2069}", None),
            Ok("https://a.org/x".into())
        );
        assert_eq!(
            resolve("java\u{202E}script:alert(1)", None),
            Err(Refused::Scheme("javascript".into()))
        );
        assert_eq!(decode("100%"), "100%");
    }
}
