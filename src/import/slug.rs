//! Safe, unique, stable file names from WordPress slugs and titles.

use std::collections::HashSet;

pub use crate::lang::is_invisible as is_invisible_control;

/// `text` without bidi overrides and zero-width characters (joiners, which some scripts need
/// inside words, are kept) nor other control characters; `None` when nothing was removed.
pub fn clean_title(text: &str) -> Option<String> {
    if !text
        .chars()
        .any(|c| is_invisible_control(c) || (c.is_control() && c != '\n'))
    {
        return None;
    }
    Some(
        text.chars()
            .filter(|&c| !is_invisible_control(c) && !c.is_control())
            .collect(),
    )
}

/// Windows refuses these as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Longest file stem in bytes; leaves room for `.comments.toml` and a `-N` suffix within the
/// 255-byte limit of common file systems.
const MAX_STEM: usize = 80;

/// A file stem from a slug (percent-decoded) or, failing that, a title: lower-case letters and
/// digits of any script, joined by hyphens; never a path separator, `..`, a dot file, a
/// control or invisible character, nor a name Windows reserves.
pub fn file_stem(slug: &str, fallback: &str) -> String {
    let decoded = percent_decode(slug);
    let mut stem = simplify(&decoded);
    if stem.is_empty() {
        stem = simplify(fallback);
    }
    if stem.is_empty() {
        stem = "untitled".into();
    }
    if RESERVED.contains(&stem.as_str()) {
        stem.push_str("-post");
    }
    stem
}

/// The crate's one slug rule, within the longest stem a file system takes, after every
/// e-mail address in `text` is removed: an address never becomes a name, even in the
/// reversible form a slug would give it (`jane.roe@ngo.example` → `jane-roe-ngo-example`).
fn simplify(text: &str) -> String {
    let mut stem = crate::model::slug::slug_within(&without_addresses(text), MAX_STEM);
    // `slug_within` may end a few bytes past its limit (a letter whose lower case is longer);
    // cut on a character boundary.
    while stem.len() > MAX_STEM {
        stem.pop();
    }
    stem.trim_end_matches('-').to_string()
}

/// True when `token` (no white space) holds an e-mail address: an `@` with a letter or
/// digit on each side (`jane.roe@ngo.example`, `mailto:a@b`), not a handle (`@jane`).
fn is_address(token: &str) -> bool {
    token.char_indices().any(|(i, c)| {
        c == '@'
            && token[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && token[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// True when `text` holds an e-mail address anywhere.
pub fn holds_address(text: &str) -> bool {
    text.split_whitespace().any(is_address)
}

/// `text` without the words that hold an e-mail address.
pub fn without_addresses(text: &str) -> String {
    if !holds_address(text) {
        return text.to_string();
    }
    text.split_whitespace()
        .filter(|w| !is_address(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An author's name as the book shows it: never an e-mail address (the addresses are removed;
/// a name that was nothing else becomes `Author N`).
pub fn shown_name(name: &str, n: usize) -> String {
    let kept = without_addresses(name);
    if kept.trim().is_empty() {
        format!("Author {n}")
    } else {
        kept
    }
}

/// The file stem of an author: from the login, unless it holds an e-mail address; then from
/// the display name (without addresses); else a neutral `author-N`.
pub fn author_stem(login: &str, display: &str, n: usize) -> String {
    let login = percent_decode(login);
    let mut stem = if holds_address(&login) {
        String::new()
    } else {
        simplify(&login)
    };
    if stem.is_empty() {
        stem = simplify(display);
    }
    if stem.is_empty() {
        stem = format!("author-{n}");
    }
    if RESERVED.contains(&stem.as_str()) {
        stem.push_str("-author");
    }
    stem
}

/// The name under `images/` of an image file copied into the book: its stem as a unique file
/// stem, its extension in lower case (letters and digits only).
pub fn image_name(names: &mut Names, file: &str) -> String {
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, "png"));
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("{}.{ext}", names.unique(&file_stem(stem, "image")))
}

/// Decodes `%D0%BF…` (WordPress stores non-ASCII slugs percent-encoded); invalid sequences
/// are left as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(v) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Hands out unique stems: the first taker of a stem keeps it, later ones get `-2`, `-3`, …
/// Given the same sequence of requests it gives the same names, so re-imports are stable.
#[derive(Debug, Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// A stem not handed out before, based on `stem`.
    pub fn unique(&mut self, stem: &str) -> String {
        if self.taken.insert(stem.to_string()) {
            return stem.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{stem}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_slugs_become_safe_names() {
        assert_eq!(file_stem("../../etc/passwd", ""), "etc-passwd");
        assert_eq!(file_stem("CON", ""), "con-post");
        assert_eq!(file_stem("..", "Hello"), "hello");
        assert_eq!(file_stem("a\u{202E}txt.exe", ""), "atxt-exe");
        assert_eq!(file_stem("zero\u{200B}width", ""), "zerowidth");
        assert_eq!(file_stem("%d0%bf%d1%80%d0%b8", ""), "при");
        assert_eq!(file_stem("", "Ақ жол!"), "ақ-жол");
        assert_eq!(file_stem("", ""), "untitled");
    }

    #[test]
    fn addresses_never_become_names() {
        assert_eq!(
            file_stem("jane.roe@ngo.example", "Jane's post"),
            "jane-s-post"
        );
        assert_eq!(
            file_stem("", "Write to jane.roe@ngo.example today"),
            "write-to-today"
        );
        assert_eq!(file_stem("jane.roe%40ngo.example", ""), "untitled");
        assert_eq!(file_stem("", "@jane says"), "jane-says");
        assert_eq!(
            author_stem("jane.roe@ngo.example", "Jane Roe", 1),
            "jane-roe"
        );
        assert_eq!(
            author_stem("jane.roe@ngo.example", "jane.roe@ngo.example", 3),
            "author-3"
        );
        assert_eq!(author_stem("ann", "Ann Example", 1), "ann");
        assert!(holds_address("mailto:a@b.org") && !holds_address("a @ b"));
    }

    #[test]
    fn long_titles_are_cut_on_a_character_boundary() {
        let cyrillic = "Ж".repeat(150);
        let stem = file_stem("", &cyrillic);
        assert!(
            stem.len() <= MAX_STEM && stem.chars().all(|c| c == 'ж'),
            "{stem}"
        );
        let stem = file_stem("", &"word ".repeat(1000));
        assert!(stem.len() <= MAX_STEM && !stem.ends_with('-'), "{stem}");
        // A letter whose lower case is longer (İ → i̇, three bytes) does not overflow.
        let stem = file_stem("", &"İ".repeat(100));
        assert!(stem.len() <= MAX_STEM, "{}", stem.len());
    }

    #[test]
    fn duplicates_are_numbered_in_order() {
        let mut names = Names::default();
        assert_eq!(names.unique("a"), "a");
        assert_eq!(names.unique("a"), "a-2");
        assert_eq!(names.unique("a-2"), "a-2-2");
    }

    #[test]
    fn titles_lose_invisible_controls() {
        assert_eq!(clean_title("A\u{202E}B\u{200B}C").as_deref(), Some("ABC"));
        assert_eq!(clean_title("plain"), None);
    }
}
