//! Reading the TOML of a book's files so that one run names every mistake, each once, in the
//! book's words: every syntax error the parser recovers from, then every key the reader
//! refuses (an unknown key with the nearest known one, a value of the wrong kind with an
//! example of the right one), each found by taking the refused key out and reading again.

use super::keys::{self, Key};
use crate::diag::{Diagnostic, LineIndex};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue, Deserializer};

/// More problems than this in one file are not worth listing one by one.
const MAX_PROBLEMS: usize = 100;

/// A TOML text to read: where it is, and which keys it takes.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The text.
    pub text: &'a str,
    /// The file it is in (relative to the book folder).
    pub file: &'a Path,
    /// Lines of the file before the text (1 for front matter, after its `+++`).
    pub line_offset: usize,
    /// The keys the file takes, for the wording of wrong values.
    pub keys: &'a [Key],
}

/// Reads `input` into `T`. Returns the value read with every refused key left out (`None`
/// when even that cannot be read, such as a required key missing) and every problem found.
pub fn read<T: DeserializeOwned>(input: Input) -> (Option<T>, Vec<Diagnostic>) {
    let lines = LineIndex::new(input.text);
    let line = |at: usize| lines.line(at) + input.line_offset;
    let (mut table, errors) = DeTable::parse_recoverable(input.text);
    let mut problems: Vec<Diagnostic> = errors
        .iter()
        .map(|e| syntax(e, &input, table.get_ref(), &line))
        .collect();
    let syntax_errors = !problems.is_empty();
    // A value the parser could not read stands as a guess in the table: its line was
    // reported, so what the reader then refuses on it is not reported again.
    let unreadable: Vec<Option<usize>> = problems.iter().map(|d| d.line).collect();
    while problems.len() < MAX_PROBLEMS {
        let e = match T::deserialize(Deserializer::from(table.clone())) {
            Ok(value) => return (Some(value), problems),
            Err(e) => e,
        };
        let removed = e
            .span()
            .and_then(|span| remove_at(table.get_mut(), &span, ""));
        match removed {
            Some((path, key_span)) => {
                let at = line(key_span.start);
                if !unreadable.contains(&Some(at)) {
                    problems.push(refused(&e, &path, &input, at));
                }
            }
            None => {
                // A required key is missing. After a syntax error it may only be unreadable,
                // and that was said.
                if !syntax_errors {
                    problems.push(missing(&e, &input, e.span().map(|s| line(s.start))));
                }
                break;
            }
        }
    }
    (None, problems)
}

/// Takes out of `table` the innermost key whose key or value holds `span`; returns its
/// dotted path (array indices left out) and the span of its key.
fn remove_at(
    table: &mut toml::de::DeTable<'_>,
    span: &Range<usize>,
    prefix: &str,
) -> Option<(String, Range<usize>)> {
    let holds = |s: Range<usize>| s.start <= span.start && span.end <= s.end.max(s.start + 1);
    let path_of = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    // A key of a table (or of a table in an array) inside is more precise than the table: a
    // table's own span may or may not cover its keys, so every table is searched.
    for (key, value) in table.iter_mut() {
        let path = path_of(key.get_ref());
        let inner = match value.get_mut() {
            DeValue::Table(inner) => remove_at(inner, span, &path),
            DeValue::Array(items) => items.iter_mut().find_map(|item| match item.get_mut() {
                DeValue::Table(inner) => remove_at(inner, span, &path),
                _ => None,
            }),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
    }
    let found = table
        .iter()
        .find(|(key, value)| holds(key.span()) || holds(value.span()))
        .map(|(key, _)| (key.clone(), path_of(key.get_ref())));
    let (key, path) = found?;
    table.remove(&key);
    Some((path, key.span()))
}

/// A key the reader refused, in the book's words.
fn refused(e: &toml::de::Error, path: &str, input: &Input, line: usize) -> Diagnostic {
    let message = e.message().trim();
    let shown = shown_key(path);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked(expected);
        let hint = match nearest(name, &known) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.is_empty() => "remove it".to_string(),
            None => format!(
                "remove it, or use one of the keys this place takes: {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Diagnostic::error(input.file, Some(line), format!("unknown key `{shown}`"))
            .with_hint(hint);
    }
    if message.starts_with("missing field") {
        return missing(e, input, Some(line));
    }
    match key_doc(input.keys, path) {
        Some(key) => Diagnostic::error(
            input.file,
            Some(line),
            format!("{shown} must be {}, like `{}`", key.kind, key.example),
        )
        .with_hint(format!("{} ({})", key.meaning, plain_toml_problem(message))),
        None => match style_default(path) {
            Some(key) => Diagnostic::error(
                input.file,
                Some(line),
                format!(
                    "{shown} must be written like its default, `{} = {}`",
                    key.name, key.default
                ),
            )
            .with_hint(format!(
                "{} ({}); `chapbook style` prints every style key",
                key.meaning,
                plain_toml_problem(message)
            )),
            None => Diagnostic::error(
                input.file,
                Some(line),
                format!("{shown}: {}", plain_toml_problem(message)),
            )
            .with_hint("`chapbook style` prints every style key with an example of its value"),
        },
    }
}

/// The style key at `path` (`pdf.text.font-size`), with its default and meaning.
fn style_default(path: &str) -> Option<super::reference::StyleKey> {
    let rest = path.strip_prefix("pdf.")?;
    let (section, name) = rest.rsplit_once('.').unwrap_or(("", rest));
    super::reference::style_keys()
        .into_iter()
        .find(|k| k.section == section && k.name == name)
}

/// `pdf.text.font-size` as written in book.toml: `[pdf.text] font-size`.
fn shown_key(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((table, key)) if table != "comment" => format!("[{table}] {key}"),
        Some((_, key)) => key.to_string(),
        None => path.to_string(),
    }
}

/// The reference entry of the key at `path` (a comment's keys are looked up without
/// `comment.`).
fn key_doc<'a>(keys: &'a [Key], path: &str) -> Option<&'a Key> {
    keys::find(keys, path).or_else(|| keys::find(keys, path.strip_prefix("comment.")?))
}

/// A required key is missing.
fn missing(e: &toml::de::Error, input: &Input, line: Option<usize>) -> Diagnostic {
    let message = e.message().trim();
    let name = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match name {
        Some(name) => {
            let example = key_doc(input.keys, name)
                .map(|k| k.example.to_string())
                .unwrap_or_else(|| format!("{name} = \"…\""));
            Diagnostic::error(input.file, line, format!("the key `{name}` is missing"))
                .with_hint(format!("add it, like `{example}`"))
        }
        None => Diagnostic::error(input.file, line, plain_toml_problem(message))
            .with_hint("fix the value this line gives"),
    }
}

/// A syntax error the parser recovered from, in the book's words.
fn syntax(
    e: &toml::de::Error,
    input: &Input,
    table: &DeTable<'_>,
    line: &dyn Fn(usize) -> usize,
) -> Diagnostic {
    let at = e.span().map(|s| s.start).unwrap_or(0);
    let message = e.message().trim();
    if message.starts_with("duplicate key") {
        let name = e
            .span()
            .and_then(|s| input.text.get(s))
            .map(|k| k.trim().trim_matches(['"', '\'']).to_string())
            .unwrap_or_default();
        let first = first_key(table, &name, at).map(|s| line(s.start));
        let message = match first {
            Some(first) => format!("the key `{name}` is given twice, first at line {first}"),
            None => format!("the key `{name}` is given twice"),
        };
        return Diagnostic::error(input.file, Some(line(at)), message)
            .with_hint("keep one of them and remove the other");
    }
    // The key on the error's line, for an example of its value.
    let line_text = input.text[..at.min(input.text.len())]
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']))
        .and_then(|k| key_doc(input.keys, k));
    let (message, hint) = match key {
        Some(key) if line_text.contains('=') => (
            format!(
                "the value of `{}` cannot be read: {}",
                key.name.rsplit('.').next().unwrap_or(key.name),
                plain_toml_problem(message)
            ),
            format!(
                "{} must be {}, like `{}` (text goes in quotes, lists in [ ])",
                key.name, key.kind, key.example
            ),
        ),
        _ => (
            format!("this line is not valid TOML: {}", plain_toml_problem(message)),
            "write `key = value`: text in quotes, lists in [ ], tables as [name] on a line of their own".to_string(),
        ),
    };
    Diagnostic::error(input.file, Some(line(at)), message).with_hint(hint)
}

/// Where the key `name` was first written in `table` (any depth) before `before`.
fn first_key(table: &DeTable<'_>, name: &str, before: usize) -> Option<Range<usize>> {
    table.iter().find_map(|(key, value)| {
        if key.get_ref() == name && key.span().start < before {
            return Some(key.span());
        }
        match value.get_ref() {
            DeValue::Table(inner) => first_key(inner, name, before),
            _ => None,
        }
    })
}

/// The TOML reader's words made plain: serde's "a sequence" is a list, and so on.
fn plain_toml_problem(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let plain = first
        .replace("invalid type: ", "")
        .replace("expected a sequence", "expected a list in [ ]")
        .replace("a sequence", "a list")
        .replace("expected a string", "expected text in quotes")
        .replace("a map", "a table")
        .replace("string ", "text ")
        .replace("invalid float, expected `nan`", "text needs quotes")
        .replace("invalid float, expected `inf`", "text needs quotes")
        .replace("invalid string", "text needs quotes")
        .replace(", expected literal string", "")
        .replace("unknown variant", "unknown value");
    plain.trim_end_matches('.').to_string()
}

/// The `names` in backticks of serde's "expected one of `a`, `b`".
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo
/// (about a third of its letters wrong at most).
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = word.chars().count().div_ceil(3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters, with a transposition of two neighbours as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one before the last, the last, the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("autor", "author"), 1);
        assert_eq!(edit_distance("tilte", "title"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            nearest("autor", &["author", "authors", "date"]),
            Some("author")
        );
        assert_eq!(nearest("colour", &["title", "date"]), None);
    }
}
