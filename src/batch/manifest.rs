//! The manifest: which books to build, with what overrides, and the shard to build.

use super::*;

/// The manifest as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ManifestSpec {
    pub(super) out: Option<Spanned<String>>,
    pub(super) formats: Option<Spanned<Vec<String>>>,
    #[serde(default, rename = "book")]
    pub(super) books: Vec<Spanned<BookSpec>>,
}

/// One `[[book]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BookSpec {
    pub(super) path: Spanned<String>,
    pub(super) name: Option<Spanned<String>>,
    pub(super) formats: Option<Spanned<Vec<String>>>,
    pub(super) config: Option<Spanned<toml::Table>>,
}

/// A checked manifest: the books to build, in the manifest's order.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The books.
    pub books: Vec<BookJob>,
}

/// One book to build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BookJob {
    /// Unique within the manifest; names the output folder.
    pub name: String,
    /// The book folder as the manifest writes it (relative to the manifest).
    pub path: String,
    /// The book folder on disk.
    pub book_dir: PathBuf,
    /// The output folder as reported (relative to the manifest, `/`-separated).
    pub out: String,
    /// The output folder on disk.
    pub out_dir: PathBuf,
    /// Formats to write, sorted.
    pub formats: Vec<Format>,
    /// book.toml with the manifest's `[book.config]` merged in, when the book has overrides.
    pub config: Option<String>,
}

/// Reads and checks a manifest. Every problem is returned at once, each with the manifest's
/// file and line.
pub fn load_manifest(file: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let text = crate::files::read_file(file, crate::files::MAX_TEXT_BYTES)
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                crate::files::FileError::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file is not valid UTF-8",
                ))
            })
        })
        .map_err(|e| {
            vec![
                Diagnostic::error(
                    file,
                    None,
                    format!("cannot read the manifest: {}", e.reason()),
                )
                .with_hint("give the path of a batch manifest (a TOML file with [[book]] tables)"),
            ]
        })?;
    let dir = file.parent().unwrap_or(Path::new(""));
    parse_manifest(&text, file, dir)
}

/// Parses manifest `text`; `file` names it in diagnostics and book paths are relative to `dir`.
pub fn parse_manifest(text: &str, file: &Path, dir: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let spec: ManifestSpec = toml::from_str(text)
        .map_err(|e| vec![crate::config::toml_diagnostic(&e, text, file, 0)])?;
    let mut errors = Vec::new();
    let line = |span: std::ops::Range<usize>| Some(line_of(text, span.start));
    if spec.books.is_empty() {
        errors.push(
            Diagnostic::error(file, None, "the manifest lists no books")
                .with_hint("add a [[book]] table with path = \"BOOK_DIR\" for each book"),
        );
    }
    let default_formats = match &spec.formats {
        Some(f) => formats(f, text, file).map_err(|d| errors.push(d)).ok(),
        None => Some(vec![Format::Epub, Format::Pdf]),
    }
    .unwrap_or_default();
    let out = spec
        .out
        .as_ref()
        .map(|o| o.get_ref().trim_end_matches('/').to_string())
        .unwrap_or_else(|| "out".into());
    let mut books: Vec<BookJob> = Vec::new();
    for book in &spec.books {
        let span = book.span();
        let book = book.get_ref();
        let path = book.path.get_ref().trim_end_matches('/').to_string();
        if path.is_empty() || Path::new(&path).is_absolute() {
            errors.push(
                Diagnostic::error(
                    file,
                    line(book.path.span()),
                    format!("book path `{path}` must be a folder relative to the manifest"),
                )
                .with_hint("write the path from the manifest's folder, such as \"books/steppe\""),
            );
            continue;
        }
        let book_dir = dir.join(&path);
        if !book_dir.join("book.toml").is_file() {
            errors.push(
                Diagnostic::error(
                    file,
                    line(book.path.span()),
                    format!("`{path}` is not a book folder (it has no book.toml)"),
                )
                .with_hint("check the path, relative to the manifest's folder"),
            );
            continue;
        }
        let name = match &book.name {
            Some(n) => n.get_ref().clone(),
            None => Path::new(&path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.clone()),
        };
        let name_line = book
            .name
            .as_ref()
            .map(|n| line(n.span()))
            .unwrap_or(line(span.clone()));
        if name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\'])
            || name.chars().any(char::is_control)
        {
            errors.push(
                Diagnostic::error(
                    file,
                    name_line,
                    format!("`{name}` cannot name an output folder"),
                )
                .with_hint("use letters, digits, hyphens and dots, not starting with a dot"),
            );
            continue;
        }
        if books.iter().any(|b| b.name == name) {
            errors.push(
                Diagnostic::error(
                    file,
                    name_line,
                    format!(
                        "two books are named `{name}`; their outputs would overwrite each other"
                    ),
                )
                .with_hint("give one of them another name = \"…\""),
            );
            continue;
        }
        let formats = match &book.formats {
            Some(f) => match formats(f, text, file) {
                Ok(f) => f,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            None => default_formats.clone(),
        };
        let config = match &book.config {
            Some(overrides) => match merge_config(&book_dir, overrides, text, file) {
                Ok(config) => config,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
            None => None,
        };
        let out_rel = format!("{out}/{name}");
        books.push(BookJob {
            out_dir: dir.join(&out_rel),
            out: out_rel,
            name,
            path,
            book_dir,
            formats,
            config,
        });
    }
    if errors.is_empty() {
        Ok(Manifest { books })
    } else {
        Err(errors)
    }
}

/// `["epub", "pdf"]` checked, sorted and without repeats.
pub(super) fn formats(
    list: &Spanned<Vec<String>>,
    text: &str,
    file: &Path,
) -> Result<Vec<Format>, Diagnostic> {
    let mut out = Vec::new();
    for f in list.get_ref() {
        out.push(match f.as_str() {
            "epub" => Format::Epub,
            "pdf" => Format::Pdf,
            other => {
                return Err(Diagnostic::error(
                    file,
                    Some(line_of(text, list.span().start)),
                    format!("unknown format `{other}`"),
                )
                .with_hint("formats are \"epub\" and \"pdf\""));
            }
        });
    }
    if out.is_empty() {
        return Err(Diagnostic::error(
            file,
            Some(line_of(text, list.span().start)),
            "the list of formats is empty",
        )
        .with_hint("give at least one of \"epub\" and \"pdf\""));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The book's book.toml with `overrides` merged in, key by key (tables merge, other values
/// replace), checked against the book.toml types so an unknown or mistyped key is reported at
/// its line in the manifest. `None` when book.toml itself cannot be read or parsed: the build
/// then reports that, with book.toml's own lines.
pub(super) fn merge_config(
    book_dir: &Path,
    overrides: &Spanned<toml::Table>,
    text: &str,
    file: &Path,
) -> Result<Option<String>, Diagnostic> {
    let table_line = line_of(text, overrides.span().start);
    // A bad language tag would otherwise be reported against book.toml.
    if let Some(lang) = overrides.get_ref().get("language") {
        let ok = lang
            .as_str()
            .is_some_and(|l| crate::lang::Lang::parse(l).is_ok());
        if !ok {
            return Err(Diagnostic::error(
                file,
                Some(key_line(text, overrides.span(), "language").unwrap_or(table_line)),
                format!("`{lang}` is not a language tag"),
            )
            .with_hint("write a BCP 47 tag such as \"en\", \"ru\", \"kk\" or \"uz-Latn\""));
        }
    }
    // Through the one door: a FIFO named book.toml must not block the batch.
    let Ok(book_text) = crate::files::read_inside(
        book_dir,
        Path::new("book.toml"),
        crate::files::MAX_TEXT_BYTES,
    )
    .map(|b| String::from_utf8_lossy(&b).into_owned()) else {
        return Ok(None);
    };
    let Ok(mut table) = book_text.parse::<toml::Table>() else {
        return Ok(None);
    };
    merge_tables(&mut table, overrides.get_ref());
    let merged = toml::to_string(&table).map_err(|e| {
        Diagnostic::error(
            file,
            Some(table_line),
            format!("the overrides cannot be merged: {e}"),
        )
    })?;
    if let Err(e) = toml::from_str::<BookConfig>(&merged) {
        let message = e.message().trim().to_string();
        // serde names the offending key between backticks: find it in the override table.
        let key = message.split('`').nth(1).unwrap_or("");
        let line = key_line(text, overrides.span(), key).unwrap_or(table_line);
        return Err(
            Diagnostic::error(file, Some(line), format!("[book.config]: {message}")).with_hint(
                "the keys of [book.config] are those of book.toml; `chapbook reference` lists them",
            ),
        );
    }
    Ok(Some(merged))
}

/// The line in `text` where `key =` is first written in the table that starts at `span`
/// (its sub-tables included), up to the next `[[book]]`.
pub(super) fn key_line(text: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let region = text.get(span.start..)?;
    let mut offset = 0;
    for (n, l) in region.split_inclusive('\n').enumerate() {
        let t = l.trim_start();
        if n > 0 && t.starts_with("[[") {
            break;
        }
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(line_of(text, span.start + offset));
        }
        offset += l.len();
    }
    None
}

pub(super) fn merge_tables(base: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// `--shard I/N`: the I-th of N shares of the manifest's books (I from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a shard: write I/N with 1 <= I <= N, such as 2/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The books of this shard: the manifest's books by position, round robin, so that every
    /// book is in exactly one shard, the split does not depend on the machine, and adding a
    /// book at the end moves no other book.
    pub fn select<'a>(&self, books: &'a [BookJob]) -> Vec<&'a BookJob> {
        books
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, b)| b)
            .collect()
    }
}
