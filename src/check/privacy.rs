//! Personal data an editor should review before a booklet is printed: e-mail addresses and
//! strings that look like phone numbers, in comments, entries and author pages
//! (`chapbook check --privacy`). Each is a warning with the file and line; nothing is changed.

use crate::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `name@example.org`.
    Email,
    /// Seven to fifteen digits written the way phone numbers are.
    Phone,
}

/// One e-mail address or phone number in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it looks like.
    pub kind: Kind,
    /// The text as written.
    pub text: String,
}

/// Scans the book folder's entries, comments files and author pages, and returns one warning
/// per e-mail address or phone-number-like string, in file order.
pub fn scan(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (file, place) in files(root) {
        // Unreadable files are reported by the ordinary check.
        let Ok(text) = crate::source::files::read_text(root, &file) else {
            continue;
        };
        for (index, line) in text.lines().enumerate() {
            for found in find(line) {
                let what = match found.kind {
                    Kind::Email => "an e-mail address",
                    Kind::Phone => "what looks like a phone number",
                };
                diags.push(
                    Diagnostic::warning(
                        &file,
                        Some(index + 1),
                        format!("{what} `{}` in {place}", found.text),
                    )
                    .with_hint(
                        "print it only if its owner agreed; otherwise remove it from the source",
                    ),
                );
            }
        }
    }
    diags
}

/// The files to scan, sorted, each with how a warning names it.
fn files(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for dir in ["entries", "authors"] {
        let Ok(read) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = read
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let place = if name.ends_with(".comments.toml") {
                "a comment"
            } else if !name.ends_with(".md") {
                continue;
            } else if dir == "authors" {
                "an author page"
            } else {
                "an entry"
            };
            out.push((Path::new(dir).join(name), place));
        }
    }
    out
}

/// The e-mail addresses and phone-number-like strings in `line`, in order.
pub fn find(line: &str) -> Vec<Finding> {
    let mut out = emails(line);
    out.extend(phones(line));
    out.sort_by_key(|f| line.find(&f.text));
    out
}

fn emails(line: &str) -> Vec<Finding> {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let mut out = Vec::new();
    for (at, _) in line.match_indices('@') {
        let before = &line[..at];
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| local(c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = &line[at + 1..];
        let len = after
            .char_indices()
            .find(|&(_, c)| !domain(c))
            .map_or(after.len(), |(i, _)| i);
        let host = after[..len].trim_end_matches(['.', '-']);
        let user = line[start..at].trim_start_matches('.');
        let tld = host.rsplit('.').next().unwrap_or("");
        let plausible = !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && tld.chars().count() >= 2
            && tld.chars().all(char::is_alphabetic);
        if plausible {
            out.push(Finding {
                kind: Kind::Email,
                text: format!("{user}@{host}"),
            });
        }
    }
    out
}

fn phones(line: &str) -> Vec<Finding> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts = (c.is_ascii_digit() || (c == b'+' || c == b'(') && next_is_digit(bytes, i))
            && (i == 0 || !is_word_byte(bytes[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        // The run: digits and separators (at most two in a row, as in `) `), ending on a
        // digit.
        let mut end = i;
        let mut j = i;
        let mut separators = 0;
        while j < bytes.len() {
            let b = bytes[j];
            if b.is_ascii_digit() {
                end = j + 1;
                separators = 0;
            } else if b" -.()/".contains(&b) || (j == i && b == b'+') {
                separators += 1;
                if separators > 2 {
                    break;
                }
            } else {
                break;
            }
            j += 1;
        }
        // A date followed by an hour (`2024-03-01 10`, `2024-03-01 10:30`) is a date and a
        // time: what follows the date is judged on its own.
        let run = after_date(&line[i..end]);
        let followed_by_word = end < bytes.len() && is_word_byte(bytes[end]);
        if !followed_by_word && looks_like_phone(run) {
            out.push(Finding {
                kind: Kind::Phone,
                text: run.to_string(),
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// What follows a date that `run` starts with (`2024-03-01`, `01.03.2024`, `3/1/2024`: three
/// groups joined by one separator, `-`, `.` or `/`, with a plausible month and day), separators
/// dropped; the whole run when it does not start with one.
fn after_date(run: &str) -> &str {
    let mut groups = Vec::new();
    let mut rest = run;
    for _ in 0..3 {
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return run;
        }
        groups.push(&rest[..len]);
        rest = &rest[len..];
        if groups.len() < 3 {
            let Some(sep) = rest.bytes().next() else {
                return run;
            };
            let same = groups.len() == 1 || run.as_bytes()[groups[0].len()] == sep;
            if !b"-./".contains(&sep) || !same {
                return run;
            }
            rest = &rest[1..];
        }
    }
    let number = |g: &str| g.parse::<u32>().unwrap_or(0);
    let (year, a, b) = match groups.iter().map(|g| g.len()).collect::<Vec<_>>()[..] {
        [4, 2, 2] => (groups[0], groups[1], groups[2]),
        [2 | 1, 2 | 1, 4] => (groups[2], groups[0], groups[1]),
        _ => return run,
    };
    let (a, b) = (number(a), number(b));
    // Month and day, either way round (day.month.year and month/day/year).
    let plausible = (1000..=2999).contains(&number(year))
        && (1..=31).contains(&a)
        && (1..=31).contains(&b)
        && (a <= 12 || b <= 12);
    if !plausible {
        return run;
    }
    rest.trim_start_matches([' ', '-', '.', '(', ')', '/'])
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// Letters, digits and the bytes of non-ASCII characters: a phone number is not part of a word.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || b == b'_'
}

/// Seven to fifteen digits (E.164 allows fifteen), grouped as phone numbers are: not a date
/// (`2026-11-28`, `28.11.2026`), not a decimal number, not an ISBN, and when written without
/// separators or `+`, at least ten digits (shorter bare numbers are counts and years).
fn looks_like_phone(run: &str) -> bool {
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    let groups: Vec<usize> = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    let international = run.starts_with('+');
    if groups.len() == 1 && !international {
        return digits >= 10;
    }
    // Dates and ranges of years.
    let date_like = matches!(
        groups.as_slice(),
        [4, 2, 2] | [2, 2, 4] | [1, 2, 4] | [2, 1, 4] | [4, 4]
    );
    let decimal = groups.len() == 2 && run.matches('.').count() == 1 && !run.contains(' ');
    let isbn = digits == 13 && (run.starts_with("978") || run.starts_with("979"));
    !(date_like || decimal || isbn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(Kind, String)> {
        find(line).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn emails_are_found_with_their_edges() {
        assert_eq!(
            texts("Write to dilnoza.k+blog@mail.example.uz. Thanks!"),
            [(Kind::Email, "dilnoza.k+blog@mail.example.uz".to_string())]
        );
        assert_eq!(
            texts("<ann@example.org>"),
            [(Kind::Email, "ann@example.org".to_string())]
        );
        assert!(texts("@twitter handle, a@b, x@localhost, 5 @ 6").is_empty());
    }

    #[test]
    fn phone_numbers_in_the_usual_forms() {
        for phone in [
            "+7 701 234 56 78",
            "+7 (727) 123-45-67",
            "8 (701) 234-56-78",
            "87012345678",
            "555-123-4567",
            "+998 90 123 45 67",
            "+44 20 7946 0958",
        ] {
            assert_eq!(
                texts(&format!("Call {phone} now")),
                [(Kind::Phone, phone.to_string())],
                "{phone}"
            );
        }
    }

    #[test]
    fn dates_counts_and_isbns_are_not_phone_numbers() {
        for text in [
            "date = 2026-09-13T09:20:00+05:00",
            "on 28.11.2026 and 1.12.2026",
            "75278 words, 1500000 people, 3.14159265",
            "ISBN 978-3-16-148410-0",
            "https://example.org/2026/09/13/white-roads/",
            "years 1941-1945",
            "id = \"c1234567\"",
        ] {
            assert!(texts(text).is_empty(), "{text}: {:?}", texts(text));
        }
    }

    #[test]
    fn a_date_followed_by_an_hour_is_not_a_phone_number() {
        for text in [
            "posted 2024-03-01 10 by ann",
            "posted 2024-03-01 10:30",
            "2024-03-01 9:05:12",
            "on 01.03.2024 10:30",
            "on 3/1/2024 10 am",
            "from 2024-03-01 10:00 to 2024-03-02 18:00",
        ] {
            assert!(texts(text).is_empty(), "{text}: {:?}", texts(text));
        }
    }

    #[test]
    fn a_phone_number_after_a_date_is_still_found() {
        assert_eq!(
            texts("2024-03-01 555-123-4567"),
            [(Kind::Phone, "555-123-4567".to_string())]
        );
        assert_eq!(
            texts("on 2024-03-01 call +7 701 234 56 78"),
            [(Kind::Phone, "+7 701 234 56 78".to_string())]
        );
        // Not a date (month 13 and day 45 both), so still a phone-like run.
        assert_eq!(
            texts("call 2024-13-45 10"),
            [(Kind::Phone, "2024-13-45 10".to_string())]
        );
    }
}
