//! Walks a book folder (`book.toml`, `entries/`, `authors/`, `images/`) into a [`Book`].
//! Every problem is collected, so one run reports them all.

use super::files::read_text;
use crate::config::{self, BookConfig};
use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::lang::Lang;
use crate::locale::quotes;
use crate::model::slug::safe_id;
use crate::model::{Author, Book, Date, Entry, Identifier, Metadata, Timestamp};
use crate::source::comments;
use crate::source::frontmatter::{self, AuthorFront, EntryFront};
use crate::source::images::ImageStore;
use crate::source::markdown::{self, Source};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Document names the EPUB writer uses for its own pages (`text/cover.xhtml`, …).
const RESERVED_IDS: &[&str] = &["cover", "title", "copyright", "nav", "toc"];

/// Reads the book folder at `root`. Returns the book when there were no errors, and every
/// diagnostic found either way.
pub fn load(root: &Path) -> (Option<Book>, Diagnostics) {
    load_with_config(root, None)
}

/// Like [`load`], with `config` read as the text of `book.toml` instead of the file (a batch
/// manifest's overrides merged into it); diagnostics still name `book.toml`.
pub fn load_with_config(root: &Path, config: Option<&str>) -> (Option<Book>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let book = Loader {
        root,
        config,
        diags: &mut diags,
        images: ImageStore::default(),
        author_lines: HashMap::new(),
    }
    .load();
    if diags.has_errors() {
        (None, diags)
    } else {
        (book, diags)
    }
}

struct Loader<'a> {
    root: &'a Path,
    /// book.toml's text when given instead of the file.
    config: Option<&'a str>,
    diags: &'a mut Diagnostics,
    images: ImageStore,
    /// Where each author id was first named: (entry file, line).
    author_lines: HashMap<String, (PathBuf, usize)>,
}

impl Loader<'_> {
    fn load(mut self) -> Option<Book> {
        let config_path = Path::new("book.toml");
        if !self.root.is_dir() {
            self.diags.push(
                Diagnostic::error(self.root, None, "this book folder does not exist").with_hint(
                    "give the folder that holds book.toml, or create one with `chapbook init DIR`",
                ),
            );
            return None;
        }
        let text = match self.config {
            Some(text) => Ok(text.to_string()),
            None => read_text(self.root, config_path),
        };
        let config = match text {
            Ok(text) => match config::parse(&text, config_path) {
                Ok(config) => Some((config, text)),
                Err(d) => {
                    self.diags.push(d);
                    None
                }
            },
            Err(d) => {
                self.diags.push(d);
                None
            }
        };
        // Without a usable book.toml the entries are still checked, in English.
        let (config, config_text) = match config {
            Some(c) => c,
            None => {
                let fallback: BookConfig = toml::from_str("title = \"\"").expect("minimal config");
                (fallback, String::new())
            }
        };
        let book_lang =
            self.lang_setting(config.language.as_ref(), &config_text, config_path, 0, None);
        let entry_files = self.entry_files(&config, &config_text);
        let mut entries = Vec::new();
        // Ids name the EPUB's documents (text/ID.xhtml): they must differ from each other and
        // from the pages every book has. An entry whose slug is `cover` or `title` (an imported
        // blog may well have one) or `author-…` gets a suffix or prefix instead of a clash.
        let mut taken: BTreeSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
        for file in entry_files {
            if let Some(mut entry) = self.entry(&file, &book_lang) {
                if entry.id.starts_with("author-") {
                    entry.id = format!("e-{}", entry.id);
                }
                let base = entry.id.clone();
                let mut n = 1;
                while !taken.insert(entry.id.clone()) {
                    n += 1;
                    entry.id = format!("{base}-{n}");
                }
                entries.push(entry);
            }
        }
        if config.entries.is_none() {
            // By date, then file name; entries without a date come first, as undated notes.
            entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.cmp(&b.source)));
        }
        let authors = self.authors(&entries, &book_lang);
        let cover = config.cover.as_ref().and_then(|cover| {
            let line = line_of(&config_text, cover.span().start);
            self.images
                .add(self.root, "", cover.get_ref())
                .map_err(|p| {
                    self.diags.push(
                        Diagnostic::error(config_path, Some(line), format!("cover: {}", p.message))
                            .with_hint(p.hint),
                    )
                })
                .ok()
        });
        let extra_css = config.epub.css.as_ref().and_then(|css| {
            let line = line_of(&config_text, css.span().start);
            let path = match crate::source::images::book_relative("", css.get_ref()) {
                Ok(path) => path,
                Err(p) => {
                    self.diags.push(
                        Diagnostic::error(
                            config_path,
                            Some(line),
                            p.message.replace("image", "stylesheet"),
                        )
                        .with_hint("put the CSS file in the book folder"),
                    );
                    return None;
                }
            };
            read_text(self.root, Path::new(&path))
                .map_err(|d| self.diags.push(d))
                .ok()
        });
        let meta = self.metadata(&config, &config_text, book_lang, &entries);
        if config.title.trim().is_empty() && !config_text.is_empty() {
            self.diags.push(
                Diagnostic::error(config_path, Some(1), "the book has an empty title")
                    .with_hint("set title = \"…\" in book.toml"),
            );
        }
        let pdf_style = match crate::config::resolve(config.pdf.as_ref(), &config_text, config_path)
        {
            Ok(style) => style,
            Err(problems) => {
                self.diags.extend(problems);
                crate::config::style::Style::default()
            }
        };
        let fonts = self.fonts(&config, &config_text);
        Some(Book {
            fonts,
            pdf_style,
            meta,
            entries,
            authors,
            cover,
            images: self.images.into_images(),
            extra_css,
            embed_fonts: config.epub.embed_fonts,
        })
    }

    /// The fallback font files `[pdf.fonts]` names, read and checked.
    fn fonts(&mut self, config: &BookConfig, text: &str) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let Some(spec) = config.pdf.as_ref().and_then(|p| p.fonts.as_ref()) else {
            return out;
        };
        for path in &spec.fallback {
            let line = line_of(text, path.span().start);
            let file = Path::new("book.toml");
            let relative = match crate::source::images::book_relative("", path.get_ref()) {
                Ok(r) => r,
                Err(p) => {
                    self.diags.push(
                        Diagnostic::error(file, Some(line), p.message.replace("image", "font"))
                            .with_hint("put the font file inside the book folder"),
                    );
                    continue;
                }
            };
            if crate::source::images::leads_outside(self.root, Path::new(&relative)) {
                self.diags.push(
                    Diagnostic::error(
                        file,
                        Some(line),
                        format!("font `{relative}` is a link to a file outside the book folder"),
                    )
                    .with_hint("copy the font file into the book folder"),
                );
                continue;
            }
            match std::fs::read(self.root.join(&relative)) {
                Ok(data) if crate::fonts::is_font(&data) => out.push((relative, data)),
                Ok(_) => self.diags.push(
                    Diagnostic::error(
                        file,
                        Some(line),
                        format!("`{relative}` is not a TrueType or OpenType font"),
                    )
                    .with_hint("give a .ttf or .otf file"),
                ),
                Err(e) => self.diags.push(
                    Diagnostic::error(
                        file,
                        Some(line),
                        format!("font `{relative}` cannot be read: {e}"),
                    )
                    .with_hint("check the path, relative to the book folder"),
                ),
            }
        }
        out
    }

    /// Reads a language setting; a bad tag is an error and the fallback (or `en`) is used.
    fn lang_setting(
        &mut self,
        value: Option<&toml::Spanned<String>>,
        text: &str,
        file: &Path,
        line_offset: usize,
        fallback: Option<&Lang>,
    ) -> Lang {
        let default = || {
            fallback
                .cloned()
                .unwrap_or_else(|| Lang::parse("en").expect("en"))
        };
        let Some(value) = value else { return default() };
        match Lang::parse(value.get_ref()) {
            Ok(lang) => lang,
            Err(message) => {
                let line = line_of(text, value.span().start) + line_offset;
                self.diags.push(
                    Diagnostic::error(file, Some(line), message)
                        .with_hint("use a BCP 47 tag such as en, ru, kk, uz-Latn, ar"),
                );
                default()
            }
        }
    }

    /// The entry files in reading order when `book.toml` lists them, else sorted by name
    /// (the date order is applied after loading).
    fn entry_files(&mut self, config: &BookConfig, config_text: &str) -> Vec<PathBuf> {
        let dir = self.root.join("entries");
        let mut on_disk = BTreeSet::new();
        match std::fs::read_dir(&dir) {
            Ok(read) => {
                for item in read.flatten() {
                    let name = item.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".md") && !name.starts_with('.') {
                        on_disk.insert(name);
                    }
                }
            }
            Err(_) => {
                self.diags.push(
                    Diagnostic::error("entries", None, "the book has no entries/ folder")
                        .with_hint("create entries/ and put one Markdown file per entry in it"),
                );
                return Vec::new();
            }
        }
        let Some(listed) = &config.entries else {
            if on_disk.is_empty() {
                self.diags.push(
                    Diagnostic::error("entries", None, "the entries/ folder has no .md files")
                        .with_hint("add an entry such as entries/first.md with +++ front matter"),
                );
            }
            return on_disk
                .into_iter()
                .map(|name| Path::new("entries").join(name))
                .collect();
        };
        let mut order = Vec::new();
        let mut seen = BTreeSet::new();
        for name in listed {
            let line = line_of(config_text, name.span().start);
            let name = name.get_ref().trim_start_matches("entries/").to_string();
            if !on_disk.contains(&name) {
                self.diags.push(
                    Diagnostic::error(
                        "book.toml",
                        Some(line),
                        format!("entries lists `{name}`, which is not in entries/"),
                    )
                    .with_hint("correct the file name, or remove it from the entries list"),
                );
            } else if !seen.insert(name.clone()) {
                self.diags.push(
                    Diagnostic::error(
                        "book.toml",
                        Some(line),
                        format!("entries lists `{name}` twice"),
                    )
                    .with_hint("list each entry once"),
                );
            } else {
                order.push(Path::new("entries").join(&name));
            }
        }
        for name in on_disk.difference(&seen) {
            self.diags.push(
                Diagnostic::warning(
                    Path::new("entries").join(name),
                    None,
                    "this entry is not in book.toml's entries list; it is placed at the end",
                )
                .with_hint("add it to `entries` in book.toml where it belongs"),
            );
            order.push(Path::new("entries").join(name));
        }
        order
    }

    fn entry(&mut self, file: &Path, book_lang: &Lang) -> Option<Entry> {
        let text = match read_text(self.root, file) {
            Ok(text) => text,
            Err(d) => {
                self.diags.push(d);
                // The responses are still checked, so one run reports everything.
                self.responses(file, book_lang);
                return None;
            }
        };
        let split = frontmatter::split(&text, file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        // A broken front matter is reported, and the body is still checked so one run
        // lists every problem of the file.
        let (front, front_ok): (EntryFront, bool) = match frontmatter::parse(split.front, file) {
            Ok(front) => (front, true),
            Err(d) => {
                self.diags.push(d);
                (EntryFront::default(), false)
            }
        };
        let line = |span: std::ops::Range<usize>| line_of(split.front, span.start) + 1;
        let lang = self.lang_setting(front.lang.as_ref(), split.front, file, 1, Some(book_lang));
        let date = front
            .date
            .as_ref()
            .and_then(|d| match frontmatter::timestamp(d.get_ref()) {
                Ok(t) => Some(t),
                Err(message) => {
                    self.diags.push(
                        Diagnostic::error(file, Some(line(d.span())), message).with_hint(
                            "write the date as 2026-03-08, 2026-03-08T10:00:00Z or \"2026-03-08\"",
                        ),
                    );
                    None
                }
            });
        let mut authors: Vec<(String, usize)> = Vec::new();
        for author in front.author.iter().chain(front.authors.iter()) {
            authors.push((author.get_ref().trim().to_string(), line(author.span())));
        }
        let source = Source {
            file,
            line_offset: split.body_line_offset,
            base_dir: "entries",
            root: self.root,
        };
        let mut parsed = markdown::parse(split.body, &source, &mut self.images, self.diags);
        self.diags
            .extend(markdown::math_warning(file, &parsed.math));
        // quotes: the entry's quotation marks and no-break spaces in its language.
        quotes::localise(&mut parsed.blocks, &lang);
        quotes::localise_notes(&mut parsed.notes, &lang);
        let responses = self.responses(file, &lang);
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = safe_id(front.slug.as_deref().unwrap_or(&stem));
        // Remember where each author was named, for the missing-page warning.
        for (author, author_line) in &authors {
            self.author_lines
                .entry(author.clone())
                .or_insert_with(|| (file.to_path_buf(), *author_line));
        }
        if !front_ok {
            return None;
        }
        Some(Entry {
            id,
            source: file.to_path_buf(),
            title: super::titles::typographic(&front.title, &lang),
            authors: authors.into_iter().map(|(a, _)| a).collect(),
            date,
            lang,
            tags: front.tags,
            category: front.category,
            url: front.url,
            body: parsed.blocks,
            notes: parsed.notes,
            responses,
        })
    }

    /// The responses to the entry `file`, from `NAME.comments.toml` beside it, if any.
    fn responses(&mut self, file: &Path, lang: &Lang) -> Vec<crate::model::Comment> {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let responses_file = file.with_file_name(format!("{stem}.comments.toml"));
        if !self.root.join(&responses_file).exists() {
            return Vec::new();
        }
        match read_text(self.root, &responses_file) {
            Ok(text) => comments::parse(
                &text,
                &responses_file,
                lang,
                self.root,
                &mut self.images,
                self.diags,
            ),
            Err(d) => {
                self.diags.push(d);
                Vec::new()
            }
        }
    }

    /// Author pages for every author id the entries name, in order of first appearance.
    fn authors(&mut self, entries: &[Entry], book_lang: &Lang) -> Vec<Author> {
        let mut ids: Vec<&str> = Vec::new();
        for entry in entries {
            for id in &entry.authors {
                if !ids.contains(&id.as_str()) {
                    ids.push(id);
                }
            }
        }
        let mut authors = Vec::new();
        for id in ids {
            if let Some(author) = self.author(id, book_lang) {
                authors.push(author);
            }
        }
        authors
    }

    fn author(&mut self, id: &str, book_lang: &Lang) -> Option<Author> {
        let file = Path::new("authors").join(format!("{id}.md"));
        let valid_id = !id.is_empty() && !id.contains(['/', '\\']) && !id.starts_with('.');
        if !valid_id || !self.root.join(&file).is_file() {
            let (entry_file, line) = self.author_lines.get(id).cloned().unwrap_or_default();
            self.diags.push(
                Diagnostic::warning(&entry_file, Some(line), format!("author `{id}` has no page (authors/{id}.md); the byline shows `{id}` without a link"))
                    .with_hint(format!("create authors/{id}.md with +++ name = \"Full Name\" +++ and a short bio")),
            );
            return Some(Author {
                id: id.to_string(),
                name: id.to_string(),
                links: Vec::new(),
                photo: None,
                lang: book_lang.clone(),
                bio: Vec::new(),
                notes: Vec::new(),
                has_page: false,
            });
        }
        let text = read_text(self.root, &file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        let split = frontmatter::split(&text, &file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        let front: AuthorFront = frontmatter::parse(split.front, &file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        let lang = self.lang_setting(front.lang.as_ref(), split.front, &file, 1, Some(book_lang));
        let photo = front.photo.as_ref().and_then(|photo| {
            let line = line_of(split.front, photo.span().start) + 1;
            self.images
                .add(self.root, "authors", photo.get_ref())
                .map_err(|p| {
                    self.diags
                        .push(Diagnostic::error(&file, Some(line), p.message).with_hint(p.hint))
                })
                .ok()
        });
        let source = Source {
            file: &file,
            line_offset: split.body_line_offset,
            base_dir: "authors",
            root: self.root,
        };
        let mut parsed = markdown::parse(split.body, &source, &mut self.images, self.diags);
        self.diags
            .extend(markdown::math_warning(&file, &parsed.math));
        if parsed.blocks.is_empty() {
            // Imports write an empty page when the blog had no bio, for the user to fill in.
            self.diags.push(
                Diagnostic::warning(
                    &file,
                    Some(split.body_line_offset + 1),
                    format!(
                        "{} has no bio; the \"About the author\" page shows only the name",
                        front.name
                    ),
                )
                .with_hint(format!(
                    "write a few sentences about {} below the closing +++",
                    front.name
                )),
            );
        }
        // quotes: the bio's quotation marks and no-break spaces in its language.
        quotes::localise(&mut parsed.blocks, &lang);
        quotes::localise_notes(&mut parsed.notes, &lang);
        Some(Author {
            id: id.to_string(),
            name: front.name,
            links: front.links,
            photo,
            lang,
            bio: parsed.blocks,
            notes: parsed.notes,
            has_page: true,
        })
    }

    fn metadata(
        &mut self,
        config: &BookConfig,
        text: &str,
        lang: Lang,
        entries: &[Entry],
    ) -> Metadata {
        let file = Path::new("book.toml");
        let identifier = match &config.identifier {
            None => Identifier::Uuid(derived_uuid(&config.title)),
            Some(given) => {
                let value = given.get_ref().trim();
                let line = line_of(text, given.span().start);
                let looks_like_isbn = value.starts_with("urn:isbn:")
                    || value
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
                if let Some(uuid) = value.strip_prefix("urn:uuid:") {
                    Identifier::Uuid(uuid.to_ascii_lowercase())
                } else if looks_like_isbn {
                    match config::isbn13(value) {
                        Some(digits) => Identifier::Isbn13(digits),
                        None => {
                            self.diags.push(
                                Diagnostic::error(file, Some(line), format!("identifier `{value}` is not a valid ISBN-13 (wrong length, prefix or check digit)"))
                                    .with_hint("check the ISBN, or remove `identifier` to use a UUID derived from the title"),
                            );
                            Identifier::Uuid(derived_uuid(&config.title))
                        }
                    }
                } else if value.contains(':') {
                    Identifier::Uri(value.to_string())
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            file,
                            Some(line),
                            format!("identifier `{value}` is neither an ISBN-13 nor a URI"),
                        )
                        .with_hint("use an ISBN-13, urn:uuid:…, a DOI or URL, or remove the key"),
                    );
                    Identifier::Uuid(derived_uuid(&config.title))
                }
            }
        };
        let date = config
            .date
            .as_ref()
            .and_then(|d| match frontmatter::timestamp(d.get_ref()) {
                Ok(t) => Some(t.date),
                Err(message) => {
                    let line = line_of(text, d.span().start);
                    self.diags.push(
                        Diagnostic::error(file, Some(line), message)
                            .with_hint("write the date as 2026-11-28"),
                    );
                    None
                }
            });
        let modified = source_date_epoch()
            .or_else(|| date.map(Timestamp::from_date))
            .or_else(|| {
                entries
                    .iter()
                    .filter_map(|e| e.date.clone())
                    .max()
                    .map(|t| Timestamp::from_date(t.date))
            })
            .unwrap_or_else(|| {
                Timestamp::from_date(Date {
                    year: 1980,
                    month: 1,
                    day: 1,
                })
            });
        let modified = Timestamp {
            time: Some(modified.time.unwrap_or((0, 0, 0))),
            offset: Some("Z".into()),
            ..modified
        };
        Metadata {
            title: super::titles::typographic(&config.title, &lang),
            subtitle: (config.subtitle.as_deref()).map(|s| super::titles::typographic(s, &lang)),
            lang,
            creators: config.authors.clone(),
            editors: config.editors.clone(),
            publisher: config.publisher.clone(),
            url: config.url.clone(),
            rights: config.rights.clone(),
            licence: config.licence.clone(),
            identifier,
            date,
            modified,
            description: config.description.clone(),
            subjects: config.subjects.clone(),
        }
    }
}

/// A UUID (version 5) derived from the title, so a book keeps its identifier between builds.
fn derived_uuid(title: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("chapbook:{title}").as_bytes(),
    )
    .to_string()
}

/// `SOURCE_DATE_EPOCH` as a UTC timestamp, if set to a number of seconds.
fn source_date_epoch() -> Option<Timestamp> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    let time = (
        (rem / 3600) as u8,
        ((rem % 3600) / 60) as u8,
        (rem % 60) as u8,
    );
    Some(Timestamp {
        date: Date { year, month, day },
        time: Some(time),
        offset: Some("Z".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_stable() {
        assert_eq!(derived_uuid("A"), derived_uuid("A"));
        assert_ne!(derived_uuid("A"), derived_uuid("B"));
    }
}
