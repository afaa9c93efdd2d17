//! Walks a book folder (`book.toml`, `entries/`, `authors/`, `images/`) into a [`Book`].
//! Every problem is collected, so one run reports them all.

mod metadata;

use super::files::{read_source, read_text};
use crate::config::{self, BookConfig, keys};
use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::lang::Lang;
use crate::locale::quotes;
use crate::model::slug::safe_id;
use crate::model::{Author, Book, Date, Entry, Identifier, Metadata, Timestamp};
use crate::source::comments;
use crate::source::frontmatter::{self, AuthorFront, EntryFront};
use crate::source::images::ImageStore;
use crate::source::markdown::{self, Source};
use rayon::prelude::*;
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
    let (book, diags) = load_partial(root, config);
    if diags.has_errors() {
        (None, diags)
    } else {
        (book, diags)
    }
}

/// [`load_with_config`], keeping what could be read even when there were errors (an entry
/// whose image is missing, say), so that the whole-book checks (fonts, links) still run and
/// one run reports every problem. Such a book is for checking only, never for writing.
pub fn load_partial(root: &Path, config: Option<&str>) -> (Option<Book>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let book = Loader {
        root,
        config,
        diags: &mut diags,
        images: ImageStore::default(),
        author_lines: HashMap::new(),
        book_url: None,
        remote_images: Default::default(),
    }
    .load();
    (book, diags)
}

/// One entry read on its own ([`Loader::read_apart`]).
struct Apart {
    entry: Option<Entry>,
    diags: Diagnostics,
    images: ImageStore,
    author_lines: HashMap<String, (PathBuf, usize)>,
}

struct Loader<'a> {
    root: &'a Path,
    /// book.toml's text when given instead of the file.
    config: Option<&'a str>,
    diags: &'a mut Diagnostics,
    images: ImageStore,
    /// Where each author id was first named: (entry file, line).
    author_lines: HashMap<String, (PathBuf, usize)>,
    /// book.toml's `url`, when it is an address that may be a link.
    book_url: Option<String>,
    /// `[build] remote-images`.
    remote_images: crate::config::RemoteImages,
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
            None => read_source(self.root, config_path, self.diags),
        };
        // Every problem of book.toml is reported; what could be read is still used, so the
        // entries are checked in the book's language.
        let config = match text {
            Ok(text) => {
                let (config, problems) = config::read_book(&text, config_path);
                self.diags.extend(problems);
                config.map(|c| (c, text))
            }
            Err(d) => {
                if self.config.is_none()
                    && let Some(generator) = static_site(self.root)
                {
                    self.diags.push(
                        Diagnostic::error(
                            config_path,
                            None,
                            format!("there is no book.toml here: this is the source folder of a {generator} site, not a book folder"),
                        )
                        .with_hint(format!(
                            "import it into a book folder first: chapbook import site {} --out BOOK_FOLDER, then build that folder",
                            self.root.display()
                        )),
                    );
                    return None;
                }
                self.diags.push(d);
                None
            }
        };
        let (config, config_text) = match config {
            Some(c) => c,
            None => {
                let fallback: BookConfig = toml::from_str("title = \"\"").expect("minimal config");
                (fallback, String::new())
            }
        };
        let book_lang =
            self.lang_setting(config.language.as_ref(), &config_text, config_path, 0, None);
        let url_line = config_text
            .find("\nurl")
            .map(|at| line_of(&config_text, at + 1));
        self.remote_images = config.build.remote_images;
        self.book_url = self.address(config.url.as_deref(), None, config_path, url_line);
        let entry_files = self.entry_files(&config, &config_text);
        let mut entries = Vec::new();
        // Ids name the EPUB's documents (text/ID.xhtml): they must differ from each other and
        // from the pages every book has. An entry whose slug is `cover` or `title` (an imported
        // blog may well have one) or `author-…` gets a suffix or prefix instead of a clash.
        let mut taken: BTreeSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
        let apart = self.read_apart(&entry_files, &book_lang);
        for (file, apart) in entry_files.iter().zip(apart) {
            if let Some(mut entry) = self.join(file, apart, &book_lang) {
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
                Diagnostic::error(config_path, Some(1), "the book has no title")
                    .with_hint("add a line `title = \"My Blog in Print\"` to book.toml"),
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
        let fonts = super::fonts::fallbacks(self.root, &config, &config_text, self.diags);
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
        let line = line_of(text, value.span().start) + line_offset;
        let (lang, problem) = super::subtags::read(value.get_ref(), file, Some(line));
        self.diags.extend(problem);
        lang.unwrap_or_else(default)
    }

    /// The entry files in reading order when `book.toml` lists them, else sorted by name
    /// (the date order is applied after loading).
    fn entry_files(&mut self, config: &BookConfig, config_text: &str) -> Vec<PathBuf> {
        let dir = self.root.join("entries");
        let mut on_disk = BTreeSet::new();
        let mut comment_files = BTreeSet::new();
        match std::fs::read_dir(&dir) {
            Ok(read) => {
                for item in read.flatten() {
                    let name = item.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    if name.ends_with(".md") {
                        on_disk.insert(name);
                    } else if let Some(stem) = name.strip_suffix(".comments.toml") {
                        comment_files.insert(stem.to_string());
                    }
                }
                // Responses whose entry was renamed would vanish without a word.
                for stem in comment_files {
                    if !on_disk.contains(&format!("{stem}.md")) {
                        self.diags.push(
                            Diagnostic::warning(
                                Path::new("entries").join(format!("{stem}.comments.toml")),
                                None,
                                format!("these responses belong to no entry: there is no entries/{stem}.md, so they are left out"),
                            )
                            .with_hint(format!("rename the file after its entry (entries/NAME.md takes entries/NAME.comments.toml), or restore entries/{stem}.md")),
                        );
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

    /// An address given in a field (book.toml's or an entry's `url`, an author's `links`):
    /// kept, percent-encoded, when it may be a link; else `None`, with a warning.
    fn address(
        &mut self,
        url: Option<&str>,
        base: Option<&str>,
        file: &Path,
        line: Option<usize>,
    ) -> Option<String> {
        match crate::model::links::resolve(url?, base) {
            Ok(url) => Some(url),
            Err(refused) => {
                self.diags.push(
                    Diagnostic::warning(file, line, refused.message(url?))
                        .with_hint(refused.hint()),
                );
                None
            }
        }
    }

    /// Every entry read on its own, on the rayon pool, each with diagnostics and images of
    /// its own; [`Loader::join`] then takes them in, in the entries' order.
    fn read_apart(&self, files: &[PathBuf], book_lang: &Lang) -> Vec<Apart> {
        let (root, config, remote_images) = (self.root, self.config, self.remote_images);
        let book_url = self.book_url.as_deref();
        files
            .par_iter()
            .map(|file| {
                let mut diags = Diagnostics::default();
                let mut loader = Loader {
                    root,
                    config,
                    diags: &mut diags,
                    images: ImageStore::default(),
                    author_lines: HashMap::new(),
                    book_url: book_url.map(str::to_string),
                    remote_images,
                };
                let entry = loader.entry(file, book_lang);
                let (images, author_lines) = (loader.images, loader.author_lines);
                Apart {
                    entry,
                    diags,
                    images,
                    author_lines,
                }
            })
            .collect()
    }

    /// Takes in an entry read apart as if it had been read here, after the entries before it:
    /// its diagnostics, where its authors were first named, its images numbered in the book's
    /// order. An entry that warned about an SVG file an entry before it read is read again
    /// here, as reading in order would not have warned about that file twice.
    fn join(&mut self, file: &Path, apart: Apart, book_lang: &Lang) -> Option<Entry> {
        if self.images.warned_again(&apart.images) {
            return self.entry(file, book_lang);
        }
        self.diags.extend(apart.diags);
        for (author, named) in apart.author_lines {
            self.author_lines.entry(author).or_insert(named);
        }
        let numbers = self.images.absorb(apart.images);
        let mut entry = apart.entry?;
        if !numbers.is_empty() {
            crate::model::walk::entry_images_mut(&mut entry, &mut |image| *image = numbers[*image]);
        }
        Some(entry)
    }

    fn entry(&mut self, file: &Path, book_lang: &Lang) -> Option<Entry> {
        let text = match read_source(self.root, file, self.diags) {
            Ok(text) => text,
            Err(d) => {
                self.diags.push(d);
                // The responses are still checked, so one run reports everything.
                self.responses(file, book_lang, None);
                return None;
            }
        };
        let split = frontmatter::split(&text, file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        // A broken front matter is reported, and the body is still checked so one run
        // lists every problem of the file.
        let (front, problems) = frontmatter::parse::<EntryFront>(split.front, file, keys::ENTRY);
        let front_ok = problems.is_empty();
        self.diags.extend(problems);
        let front = front.unwrap_or_default();
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
        let url_line = text.find("\nurl").map(|at| line_of(&text, at + 1));
        let book_url = self.book_url.clone();
        let entry_url = self.address(front.url.as_deref(), book_url.as_deref(), file, url_line);
        let base_url = entry_url.clone().or(book_url);
        let source = Source {
            file,
            line_offset: split.body_line_offset,
            base_dir: "entries",
            root: self.root,
            base_url: base_url.as_deref(),
            remote_images: self.remote_images,
        };
        let mut parsed = markdown::parse(split.body, &source, &mut self.images, self.diags);
        self.diags
            .extend(markdown::math_warning(file, &parsed.math));
        // quotes: the entry's quotation marks and no-break spaces in its language.
        quotes::localise(&mut parsed.blocks, &lang);
        quotes::localise_notes(&mut parsed.notes, &lang);
        let responses = self.responses(file, &lang, base_url.as_deref());
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
            title: super::titles::typographic(&super::controls::prose(&front.title), &lang),
            authors: authors.into_iter().map(|(a, _)| a).collect(),
            date,
            lang,
            tags: front.tags,
            category: front.category,
            url: entry_url,
            body: parsed.blocks,
            notes: parsed.notes,
            responses,
        })
    }

    /// The responses to the entry `file`, from `NAME.comments.toml` beside it, if any.
    fn responses(
        &mut self,
        file: &Path,
        lang: &Lang,
        base_url: Option<&str>,
    ) -> Vec<crate::model::Comment> {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let responses_file = file.with_file_name(format!("{stem}.comments.toml"));
        if !self.root.join(&responses_file).exists() {
            return Vec::new();
        }
        match read_source(self.root, &responses_file, self.diags) {
            Ok(text) => comments::parse(
                &text,
                &responses_file,
                lang,
                (self.root, base_url, self.remote_images),
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
        let text = read_source(self.root, &file, self.diags)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        let split = frontmatter::split(&text, &file)
            .map_err(|d| self.diags.push(d))
            .ok()?;
        let (front, problems) = frontmatter::parse::<AuthorFront>(split.front, &file, keys::AUTHOR);
        let front_ok = problems.is_empty();
        self.diags.extend(problems);
        let front = front.filter(|_| front_ok)?;
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
        let book_url = self.book_url.clone();
        let source = Source {
            file: &file,
            line_offset: split.body_line_offset,
            base_dir: "authors",
            root: self.root,
            base_url: book_url.as_deref(),
            remote_images: self.remote_images,
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
            links: front
                .links
                .iter()
                .filter_map(|link| {
                    let at = text.find(link.as_str()).map(|at| line_of(&text, at));
                    self.address(Some(link), book_url.as_deref(), &file, at)
                })
                .collect(),
            photo,
            lang,
            bio: parsed.blocks,
            notes: parsed.notes,
            has_page: true,
        })
    }
}

/// The static-site generator whose configuration file `root` holds, when it has no
/// book.toml (the same files `chapbook import site` detects).
fn static_site(root: &Path) -> Option<&'static str> {
    if root.join("book.toml").exists() {
        return None;
    }
    let has = |name: &str| root.join(name).is_file();
    if has("_config.yml") || has("_config.yaml") {
        Some("Jekyll")
    } else if has("hugo.toml")
        || has("hugo.yaml")
        || (has("config.toml") || has("config.yaml")) && root.join("content").is_dir()
    {
        Some(
            if std::fs::read_to_string(root.join("config.toml"))
                .is_ok_and(|t| t.contains("base_url"))
            {
                "Zola"
            } else {
                "Hugo"
            },
        )
    } else if [
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
        ".eleventy.js",
    ]
    .iter()
    .any(|n| has(n))
    {
        Some("Eleventy")
    } else {
        None
    }
}
