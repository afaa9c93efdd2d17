//! Every key a book's files accept, with what it takes and what it means: the one source of
//! the messages about a wrong value (``authors must be a list of author ids, like `authors =
//! ["ann"]` ``) and of the key reference in `docs/reference.md` (`chapbook reference`). A test
//! compares each table with the fields the reader really accepts, so neither can drift.

/// One key of a file.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The key as written; a dotted name for a key of a table (`epub.css`).
    pub name: &'static str,
    /// What its value is, in words ("a list of author ids").
    pub kind: &'static str,
    /// The key with a value, as it would be written.
    pub example: &'static str,
    /// What it does.
    pub meaning: &'static str,
}

const fn key(
    name: &'static str,
    kind: &'static str,
    example: &'static str,
    meaning: &'static str,
) -> Key {
    Key {
        name,
        kind,
        example,
        meaning,
    }
}

/// `book.toml` (the `[pdf]` style keys are in `styles/default.toml`: `chapbook style`).
pub const BOOK: &[Key] = &[
    key(
        "title",
        "text",
        r#"title = "My Blog in Print""#,
        "The book's title (required).",
    ),
    key(
        "subtitle",
        "text",
        r#"subtitle = "Selected entries""#,
        "A subtitle, under the title.",
    ),
    key(
        "language",
        "a language tag",
        r#"language = "en""#,
        "The book's language, a BCP 47 tag from the IANA registry (`en`, `kk`, `uz-Latn`); `en` when absent. Entries, authors and comments inherit it.",
    ),
    key(
        "authors",
        "a list of names",
        r#"authors = ["Ann Example"]"#,
        "The book's creators, as printed on the cover and title page.",
    ),
    key(
        "editors",
        "a list of names",
        r#"editors = ["Ben Editor"]"#,
        "Editors, as printed.",
    ),
    key(
        "publisher",
        "text",
        r#"publisher = "Our Organisation""#,
        "The publisher.",
    ),
    key(
        "url",
        "an address",
        r#"url = "https://example.org/""#,
        "The blog's address: printed with a QR code on the copyright page; entries' relative links resolve against it.",
    ),
    key(
        "rights",
        "text",
        r#"rights = "© 2026 Ann Example""#,
        "The copyright statement.",
    ),
    key(
        "licence",
        "text",
        r#"licence = "CC BY 4.0""#,
        "The licence, by name or in full (`license` also works).",
    ),
    key(
        "identifier",
        "an ISBN-13 or a URI",
        r#"identifier = "978-3-16-148410-0""#,
        "The book's identifier; derived from the title when absent.",
    ),
    key(
        "date",
        "a date",
        "date = 2026-01-01",
        "The publication date; without it (and without dated entries) the outputs carry no real date.",
    ),
    key(
        "description",
        "text",
        r#"description = "Entries from my blog""#,
        "A short description, for the EPUB's metadata.",
    ),
    key(
        "subjects",
        "a list of subjects",
        r#"subjects = ["Blogs"]"#,
        "Subject headings, for the EPUB's metadata.",
    ),
    key(
        "cover",
        "a path in the book",
        r#"cover = "images/cover.jpg""#,
        "The cover image, from the book folder; chapbook draws a cover when absent.",
    ),
    key(
        "entries",
        "a list of file names in entries/",
        r#"entries = ["welcome.md"]"#,
        "The reading order; by date when absent.",
    ),
    key(
        "epub",
        "a table",
        "[epub]",
        "EPUB settings: `css`, `embed_fonts`.",
    ),
    key(
        "epub.css",
        "a path in the book",
        r#"css = "extra.css""#,
        "A CSS file added after the default style of the EPUB.",
    ),
    key(
        "epub.embed_fonts",
        "true or false",
        "embed_fonts = true",
        "Embed chapbook's bundled fonts in the EPUB.",
    ),
    key(
        "build",
        "a table",
        "[build]",
        "Build settings: `remote-images`.",
    ),
    key(
        "build.remote-images",
        r#""link" or "error""#,
        r#"remote-images = "error""#,
        "What an image at a web address becomes: a link with a warning, or an error (chapbook never downloads).",
    ),
    key(
        "pdf",
        "a table",
        "[pdf.page]",
        "The PDF style over the default: `chapbook style` prints every key.",
    ),
];

/// The front matter of `entries/NAME.md`.
pub const ENTRY: &[Key] = &[
    key(
        "title",
        "text",
        r#"title = "Welcome""#,
        "The entry's title (required).",
    ),
    key(
        "author",
        "an author id",
        r#"author = "ann""#,
        "One author: the id of a page `authors/ID.md`.",
    ),
    key(
        "authors",
        "a list of author ids",
        r#"authors = ["ann"]"#,
        "Several authors, each the id of a page `authors/ID.md`.",
    ),
    key(
        "date",
        "a date",
        "date = 2026-03-08",
        "When it was published: `2026-03-08`, `2026-03-08T10:00:00Z` or a quoted RFC 3339 text. Entries are in date order.",
    ),
    key(
        "lang",
        "a language tag",
        r#"lang = "kk""#,
        "The entry's language when it differs from the book's.",
    ),
    key(
        "tags",
        "a list of tags",
        r#"tags = ["travel", "food"]"#,
        "Tags, printed under the title.",
    ),
    key(
        "category",
        "text",
        r#"category = "News""#,
        "A category, printed under the title.",
    ),
    key(
        "slug",
        "text",
        r#"slug = "welcome""#,
        "The id in file names and links; the file's name when absent.",
    ),
    key(
        "url",
        "an address",
        r#"url = "https://example.org/welcome/""#,
        "The original post's address (a QR code in the PDF).",
    ),
];

/// The front matter of `authors/ID.md`.
pub const AUTHOR: &[Key] = &[
    key(
        "name",
        "text",
        r#"name = "Ann Example""#,
        "The author's name as printed (required).",
    ),
    key(
        "links",
        "a list of addresses",
        r#"links = ["https://example.org/ann/"]"#,
        "The author's pages, printed under the bio.",
    ),
    key(
        "photo",
        "a path",
        r#"photo = "../images/ann.jpg""#,
        "A photo, from the author page's folder.",
    ),
    key(
        "lang",
        "a language tag",
        r#"lang = "ru""#,
        "The bio's language when it differs from the book's.",
    ),
];

/// A `[[comment]]` of `entries/NAME.comments.toml`.
pub const COMMENT: &[Key] = &[
    key(
        "comment",
        "a list of [[comment]] tables",
        "[[comment]]",
        "One table per response, in display order.",
    ),
    key(
        "id",
        "text",
        r#"id = "c1""#,
        "The response's id, unique in the file (required).",
    ),
    key(
        "parent",
        "a comment id",
        r#"parent = "c1""#,
        "The response this one answers: it is printed as a reply.",
    ),
    key(
        "author",
        "text",
        r#"author = "A Reader""#,
        "Who wrote it, as printed (required).",
    ),
    key(
        "url",
        "an address",
        r#"url = "https://example.net/a-post/""#,
        "The author's site, or for a pingback the post that linked here.",
    ),
    key(
        "date",
        "a date",
        "date = 2026-01-02T09:30:00Z",
        "When it was written.",
    ),
    key(
        "kind",
        r#""comment", "pingback" or "trackback""#,
        r#"kind = "pingback""#,
        "What it is; a comment when absent.",
    ),
    key(
        "lang",
        "a language tag",
        r#"lang = "ru""#,
        "Its language when it differs from the entry's.",
    ),
    key(
        "body",
        "Markdown text",
        "body = \"\"\"Thank you!\"\"\"",
        "The response, in Markdown.",
    ),
];

/// The key `name` (dotted for a key in a table) of `keys`.
pub fn find<'a>(keys: &'a [Key], name: &str) -> Option<&'a Key> {
    keys.iter().find(|k| k.name == name)
}

/// `[pdf.fonts]` of book.toml.
pub const FONTS: &[Key] = &[
    key(
        "fallback",
        "a list of font files or installed families",
        r#"fallback = ["fonts/NotoSansThai.ttf", "Noto Sans Ethiopic"]"#,
        "Fonts tried, in order, for characters the bundled ones lack.",
    ),
    key(
        "body",
        "a font file or an installed family",
        r#"body = "Liberation Serif""#,
        "The body text's font, in place of Noto Serif (its bold and italic faces too, when the family has them); characters it lacks come from the bundled fonts.",
    ),
    key(
        "heading",
        "a font file or an installed family",
        r#"heading = "fonts/Heading-Bold.ttf""#,
        "The font of titles and headings, in place of Noto Sans.",
    ),
    key(
        "mono",
        "a font file or an installed family",
        r#"mono = "DejaVu Sans Mono""#,
        "The font of code, in place of Noto Sans Mono.",
    ),
];

/// The keys serde accepts for `T`: the list its "unknown field" error gives.
#[cfg(test)]
pub(crate) fn accepted<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let message = match toml::from_str::<T>("zzz-not-a-key = 1") {
        Ok(_) => return Vec::new(),
        Err(e) => e.message().to_string(),
    };
    let expected = message.split_once("expected").map(|(_, e)| e).unwrap_or("");
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top-level names of `keys` (a dotted key is a key of a table).
    fn top(keys: &[Key]) -> Vec<String> {
        keys.iter()
            .filter(|k| !k.name.contains('.'))
            .map(|k| k.name.to_string())
            .collect()
    }

    #[test]
    fn the_tables_list_exactly_the_keys_the_reader_takes() {
        use crate::config::BookConfig;
        let mut book = accepted::<BookConfig>();
        book.retain(|k| k != "license");
        assert_eq!(top(BOOK), book);
        assert_eq!(top(FONTS), accepted::<crate::config::spec::FontsSpec>());
        let dotted = |prefix: &str| -> Vec<String> {
            BOOK.iter()
                .filter_map(|k| k.name.strip_prefix(prefix).map(str::to_string))
                .collect()
        };
        assert_eq!(dotted("epub."), accepted::<crate::config::EpubConfig>());
        assert_eq!(dotted("build."), accepted::<crate::config::BuildConfig>());
    }
}
