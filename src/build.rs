//! From a book folder to files on disk: load, check, write each format atomically.

use crate::config::Impose;
use crate::diag::{Diagnostic, Diagnostics};
use crate::typeset::font::FontBook;
use crate::{epub, pdf, source};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// EPUB 3.
    Epub,
    /// PDF, typeset by chapbook's own engine.
    Pdf,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The book folder.
    pub book_dir: PathBuf,
    /// Where outputs go (created if missing).
    pub out_dir: PathBuf,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Overrides the style's `impose` (an imposed copy of the PDF for printing).
    pub impose: Option<crate::config::Impose>,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// Every diagnostic, warnings included.
    pub diagnostics: Diagnostics,
    /// Pages of the PDF, when one was typeset.
    pub pages: Option<usize>,
    /// Words of text in the book (entries, notes and responses), when it loaded.
    pub words: Option<usize>,
}

/// What [`build_with`] adds to a plain [`build`].
#[derive(Default, Clone, Copy)]
pub struct BuildHooks<'a> {
    /// The text of `book.toml` to use instead of the file (a batch manifest's overrides
    /// merged into it).
    pub config: Option<&'a str>,
    /// Called as each stage starts: "load", "epub", "layout", "pdf", "write".
    pub on_stage: Option<&'a (dyn Fn(&'static str) + Sync)>,
}

impl BuildOutcome {
    /// True when the build failed (an error was reported).
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Checks a book without writing anything: every diagnostic of a build, plus the characters
/// no font has, the languages that will not be hyphenated and the images that cannot be
/// decoded.
pub fn check(book_dir: &Path) -> Diagnostics {
    let (book, mut diags) = source::load(book_dir);
    if let Some(book) = book {
        diags.extend(coverage(
            &book,
            &FontBook::with_fallbacks(&book.fonts),
            book_dir,
        ));
        diags.extend(unhyphenated(&book));
        diags.extend(broken_images(&book));
    }
    diags
}

/// One warning per language of the book that has no hyphenation patterns.
fn unhyphenated(book: &crate::model::Book) -> Vec<Diagnostic> {
    if !book.pdf_style.text.hyphenate {
        return Vec::new();
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for entry in language_report(book) {
        for (tag, _) in entry.languages {
            let Ok(lang) = crate::lang::Lang::parse(&tag) else {
                continue;
            };
            // Arabic script is not hyphenated in print; nothing to report.
            if lang.direction() == crate::lang::Direction::Rtl
                || seen.contains(&tag)
                || crate::typeset::hyphenate::supported(&tag)
            {
                continue;
            }
            seen.push(tag.clone());
            out.push(
                Diagnostic::warning(&entry.file, None, format!("language `{tag}` has no hyphenation patterns: its text is set without hyphenation"))
                    .with_hint("nothing to do unless lines look loose; narrow columns may set better with [pdf.text] justify = false"),
            );
        }
    }
    out
}

/// Builds the book in every requested format. Nothing is written when the book has errors;
/// each output is written to a temporary file in the output folder and renamed into place,
/// so an interrupted build never leaves a truncated file.
pub fn build(options: &BuildOptions) -> BuildOutcome {
    build_with(options, BuildHooks::default())
}

/// [`build`], with another `book.toml` text and a stage callback.
pub fn build_with(options: &BuildOptions, hooks: BuildHooks) -> BuildOutcome {
    let stage = |name| {
        if let Some(f) = hooks.on_stage {
            f(name)
        }
    };
    stage("load");
    let (book, mut diagnostics) = source::load_with_config(&options.book_dir, hooks.config);
    let mut outcome = BuildOutcome::default();
    if let Some(problem) = out_dir_problem(&options.book_dir, &options.out_dir) {
        diagnostics.push(problem);
    }
    let book = match book {
        Some(book) if !diagnostics.has_errors() => book,
        _ => {
            outcome.diagnostics = diagnostics;
            return outcome;
        }
    };
    outcome.words = Some(words(&book));
    let fonts = FontBook::with_fallbacks(&book.fonts);
    if options.formats.contains(&Format::Pdf) {
        diagnostics.extend(coverage(&book, &fonts, &options.book_dir));
        if diagnostics.has_errors() {
            outcome.diagnostics = diagnostics;
            return outcome;
        }
    }
    let name = output_name(&book.meta.title, &options.book_dir);
    // Every file is made before any is written, so a failure in one writes none.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for format in &options.formats {
        match format {
            Format::Epub => {
                stage("epub");
                files.push((format!("{name}.epub"), epub::write(&book)))
            }
            Format::Pdf => {
                let output = &book.pdf_style.output;
                stage("layout");
                let (frames, forced) =
                    crate::layout::layout_reporting(&book, &book.pdf_style, &fonts);
                diagnostics.extend(forced_breaks(&book, &forced, &options.book_dir));
                outcome.pages = Some(frames.pages.len());
                stage("pdf");
                match pdf::write::write(&frames, &fonts, &output.standards) {
                    Ok(bytes) => files.push((format!("{name}.pdf"), bytes)),
                    Err(message) => {
                        let broken = broken_images(&book);
                        if broken.is_empty() {
                            diagnostics.push(
                                Diagnostic::error(&options.book_dir, None, message)
                                    .with_hint("please report this as a bug in chapbook"),
                            );
                        }
                        diagnostics.extend(broken);
                        continue;
                    }
                }
                let mode = options.impose.unwrap_or(output.impose);
                if let Some(suffix) = match mode {
                    Impose::None => None,
                    Impose::Booklet => Some("booklet"),
                    Impose::TwoUp => Some("2up"),
                } {
                    let style = &book.pdf_style;
                    let sheets = pdf::impose::impose(
                        frames.pages.len(),
                        (style.page.width, style.page.height),
                        &pdf::impose::Settings {
                            mode,
                            sheet: output.sheet,
                            signature: output.signature,
                            creep: output.creep,
                            marks: output.marks,
                        },
                    );
                    match pdf::write::write_sheets(&frames, &fonts, &sheets) {
                        Ok(bytes) => files.push((format!("{name}-{suffix}.pdf"), bytes)),
                        Err(message) => diagnostics.push(
                            Diagnostic::error(&options.book_dir, None, message)
                                .with_hint("please report this as a bug in chapbook"),
                        ),
                    }
                }
            }
        }
    }
    if diagnostics.has_errors() {
        outcome.diagnostics = diagnostics;
        return outcome;
    }
    stage("write");
    for (file, bytes) in files {
        let target = options.out_dir.join(file);
        match write_atomically(&options.out_dir, &target, &bytes) {
            Ok(()) => outcome.outputs.push(target),
            Err(e) => diagnostics.push(
                Diagnostic::error(&target, None, format!("cannot write the output: {e}"))
                    .with_hint("check that the output folder is writable and the disk is not full"),
            ),
        }
    }
    outcome.diagnostics = diagnostics;
    outcome
}

/// Words of text in the book: entry titles and bodies, their notes and responses.
pub fn words(book: &crate::model::Book) -> usize {
    use crate::model::{Block, Comment, Inline};
    fn count(text: &str) -> usize {
        text.split_whitespace().count()
    }
    fn blocks(bs: &[Block]) -> usize {
        bs.iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    count(&Inline::plain_text(content))
                }
                Block::Quote { blocks: inner } => blocks(inner),
                Block::List { items, .. } => items.iter().map(|i| blocks(&i.blocks)).sum(),
                Block::Code { text, .. } => count(text),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows.iter().flatten())
                    .map(|c| count(&Inline::plain_text(c)))
                    .sum(),
                Block::Rule => 0,
            })
            .sum()
    }
    fn comments(cs: &[Comment]) -> usize {
        cs.iter()
            .map(|c| {
                blocks(&c.body)
                    + c.notes.iter().map(|n| blocks(&n.body)).sum::<usize>()
                    + comments(&c.replies)
            })
            .sum()
    }
    book.entries
        .iter()
        .map(|e| {
            count(&e.title)
                + blocks(&e.body)
                + e.notes.iter().map(|n| blocks(&n.body)).sum::<usize>()
                + comments(&e.responses)
        })
        .sum()
}

/// The book's PNG and JPEG images that cannot be decoded (their header was checked when the
/// book was read, their data only now): one error each, naming the file.
fn broken_images(book: &crate::model::Book) -> Vec<Diagnostic> {
    use crate::typeset::frame::ImageFormat;
    book.images
        .iter()
        .filter_map(|image| {
            let format = match image.media_type {
                "image/png" => ImageFormat::Png,
                "image/jpeg" => ImageFormat::Jpeg,
                _ => return None,
            };
            let reason = pdf::write::check_image(&image.data, format).err()?;
            Some(
                Diagnostic::error(
                    &image.path,
                    None,
                    format!("the image cannot be decoded: {reason}"),
                )
                .with_hint("open it in an image editor and save it again"),
            )
        })
        .collect()
}

/// Characters that no bundled font has: each is an error naming the file, the line where
/// it first occurs and the character, before any layout is done.
fn coverage(book: &crate::model::Book, fonts: &FontBook, book_dir: &Path) -> Vec<Diagnostic> {
    crate::layout::uncovered(book, fonts)
        .into_iter()
        .map(|(file, c)| {
            let text = source::folder::read_text(book_dir, &file).unwrap_or_default();
            let line = text.find(c).map(|at| crate::diag::line_of(&text, at));
            let name = format!("U+{:04X}", c as u32);
            Diagnostic::error(
                &file,
                line,
                format!(
                    "no font has the character `{c}` ({name}); the PDF would show a blank or a box"
                ),
            )
            .with_hint("replace the character, or add a font that has it to the style")
        })
        .collect()
}

/// One warning per word that no line of the PDF was wide enough for, so it was broken by force
/// where it had no break point; the file and line are those of its first occurrence in the
/// sources, when it is found there as written.
fn forced_breaks(book: &crate::model::Book, words: &[String], book_dir: &Path) -> Vec<Diagnostic> {
    if words.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in &book.entries {
        files.push(entry.source.clone());
        let stem = entry
            .source
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy();
        files.push(entry.source.with_file_name(format!("{stem}.comments.toml")));
    }
    for author in book.authors.iter().filter(|a| a.has_page) {
        files.push(Path::new("authors").join(format!("{}.md", author.id)));
    }
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|f| {
            let text = source::folder::read_text(book_dir, &f).ok()?;
            Some((f, text))
        })
        .collect();
    words
        .iter()
        .map(|word| {
            // Smart quotes and the like may differ from the source: look for the word's start.
            let probe: String = word.chars().take(16).collect();
            let (file, line) = texts
                .iter()
                .find_map(|(f, t)| t.find(&probe).map(|at| (f.clone(), Some(crate::diag::line_of(t, at)))))
                .unwrap_or_else(|| (PathBuf::from("book.toml"), None));
            let shown: String = word.chars().take(40).collect();
            let ellipsis = if word.chars().count() > 40 { "…" } else { "" };
            Diagnostic::warning(
                &file,
                line,
                format!("`{shown}{ellipsis}` is wider than the line and is broken by force in the PDF"),
            )
            .with_hint("let it break: add spaces or hyphens, or shorten it (a long address can be a link with a short text)")
        })
        .collect()
}

/// The output folder may not be the book folder or inside its sources.
fn out_dir_problem(book_dir: &Path, out_dir: &Path) -> Option<Diagnostic> {
    let book = book_dir.canonicalize().ok()?;
    let out = absolute(out_dir);
    let inside_sources = ["entries", "authors", "images"]
        .iter()
        .any(|d| out.starts_with(book.join(d)));
    if out == book || inside_sources {
        return Some(
            Diagnostic::error(
                out_dir,
                None,
                "the output folder is the book folder or one of its source folders",
            )
            .with_hint("choose another folder with --out, such as out/"),
        );
    }
    None
}

/// An absolute path for `path`, resolving the parts that exist.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The file name for outputs: the title in lower case with hyphens, else the folder's name.
pub fn output_name(title: &str, book_dir: &Path) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    if !name.is_empty() {
        return name;
    }
    absolute(book_dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into())
}

fn write_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".chapbook-")
        .suffix(".part")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // Temporary files are private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// What `check` tells about one entry's languages: each language found, and for each script
/// in it, the face that will set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// The entry's file.
    pub file: PathBuf,
    /// Language tag → (script name, font file) pairs, in order of first appearance.
    pub languages: Vec<(String, Vec<(String, String)>)>,
}

/// The languages of each entry (its comments included) and the fonts that will set them.
pub fn language_report(book: &crate::model::Book) -> Vec<LanguageReport> {
    use crate::model::{Block, Comment, Inline};
    fn inlines(content: &[Inline], lang: &str, out: &mut Vec<(String, String)>) {
        for i in content {
            match i {
                Inline::Text(t) | Inline::Code(t) => push(out, lang, t),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. } => inlines(c, lang, out),
                Inline::Span { lang, content } => inlines(content, lang.as_str(), out),
                Inline::Image { alt, .. } => push(out, lang, alt),
                _ => {}
            }
        }
    }
    fn push(out: &mut Vec<(String, String)>, lang: &str, text: &str) {
        match out.iter_mut().find(|(l, _)| l == lang) {
            Some((_, t)) => t.push_str(text),
            None => out.push((lang.to_string(), text.to_string())),
        }
    }
    fn blocks(bs: &[Block], lang: &str, out: &mut Vec<(String, String)>) {
        for b in bs {
            match b {
                Block::Paragraph { lang: own, content } => inlines(
                    content,
                    own.as_ref().map(|l| l.as_str()).unwrap_or(lang),
                    out,
                ),
                Block::Heading { content, .. } => inlines(content, lang, out),
                Block::Quote { blocks: inner } => blocks(inner, lang, out),
                Block::List { items, .. } => {
                    items.iter().for_each(|i| blocks(&i.blocks, lang, out))
                }
                Block::Code { text, .. } => push(out, lang, text),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| inlines(c, lang, out)),
                Block::Rule => {}
            }
        }
    }
    fn comments(cs: &[Comment], out: &mut Vec<(String, String)>) {
        for c in cs {
            push(out, c.lang.as_str(), &c.author);
            blocks(&c.body, c.lang.as_str(), out);
            comments(&c.replies, out);
        }
    }
    let fonts = FontBook::with_fallbacks(&book.fonts);
    let chain = fonts.chain(crate::typeset::font::FontRequest {
        family: crate::typeset::font::Family::Serif,
        bold: false,
        italic: false,
    });
    book.entries
        .iter()
        .map(|entry| {
            let mut texts = Vec::new();
            push(&mut texts, entry.lang.as_str(), &entry.title);
            blocks(&entry.body, entry.lang.as_str(), &mut texts);
            for note in &entry.notes {
                blocks(&note.body, entry.lang.as_str(), &mut texts);
            }
            comments(&entry.responses, &mut texts);
            let languages = texts
                .into_iter()
                .map(|(lang, text)| {
                    let mut scripts: Vec<(String, String)> = Vec::new();
                    for c in text.chars() {
                        let Some(script) = crate::lang::script_of(c) else {
                            continue;
                        };
                        let face = fonts
                            .resolve(&chain, c)
                            .map(|f| fonts.face(f).name)
                            .unwrap_or("no font");
                        let pair = (script.name().to_string(), face.to_string());
                        if !scripts.contains(&pair) {
                            scripts.push(pair);
                        }
                    }
                    (lang, scripts)
                })
                .collect();
            LanguageReport {
                file: entry.source.clone(),
                languages,
            }
        })
        .collect()
}
