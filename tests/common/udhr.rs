//! The UDHR corpus (`../shared/corpora/udhr/`) as a book: the preamble and the first articles
//! of each of its ten languages, an entry each.

use std::path::Path;

/// Articles taken from each language besides the preamble (enough to fill several pages per
/// language while keeping a debug build of the test quick).
pub const ARTICLES: usize = 5;

/// One language of the corpus: its text, and the Markdown of its entry.
pub struct Language {
    pub key: String,
    pub tag: String,
    pub rtl: bool,
    pub title: String,
    pub paragraphs: Vec<String>,
    /// Markdown of the entry body.
    pub body: String,
}

/// Escapes every ASCII punctuation character, so Markdown takes the text literally.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(path: &Path) -> Language {
    let xml = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    let tag = root
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .unwrap()
        .to_string();
    let rtl = root.attribute("dir") == Some("rtl");
    let key = root.attribute("key").unwrap().to_string();
    let text_of = |n: roxmltree::Node| {
        clean(
            &n.descendants()
                .filter(|d| d.is_text())
                .map(|d| d.text().unwrap())
                .collect::<String>(),
        )
    };
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .map(text_of)
        .unwrap();
    let mut paragraphs = Vec::new();
    let mut body = String::new();
    fn add_paragraph(body: &mut String, paragraphs: &mut Vec<String>, text: String) {
        if !text.is_empty() {
            body.push_str(&escape(&text));
            body.push_str("\n\n");
            paragraphs.push(text);
        }
    }
    if let Some(preamble) = root.children().find(|n| n.has_tag_name("preamble")) {
        for para in preamble.children().filter(|n| n.has_tag_name("para")) {
            add_paragraph(&mut body, &mut paragraphs, text_of(para));
        }
    }
    for article in root
        .children()
        .filter(|n| n.has_tag_name("article"))
        .take(ARTICLES)
    {
        if let Some(t) = article.children().find(|n| n.has_tag_name("title")) {
            let heading = text_of(t);
            body.push_str(&format!("## {}\n\n", escape(&heading)));
            paragraphs.push(heading);
        }
        for para in article.descendants().filter(|n| n.has_tag_name("para")) {
            add_paragraph(&mut body, &mut paragraphs, text_of(para));
        }
    }
    Language {
        key,
        tag,
        rtl,
        title,
        paragraphs,
        body,
    }
}

/// Writes the UDHR book into `book` (a book folder: `book.toml` and an entry per language, in
/// the corpus's file order) and returns its languages.
pub fn write_book(shared: &Path, book: &Path) -> Vec<Language> {
    let mut files: Vec<_> = std::fs::read_dir(shared.join("corpora/udhr"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let languages: Vec<Language> = files.iter().map(|p| read(p)).collect();
    assert_eq!(languages.len(), 10);
    let order: Vec<String> = languages
        .iter()
        .map(|l| format!("\"{}.md\"", l.key))
        .collect();
    std::fs::create_dir_all(book.join("entries")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "title = \"UDHR\"\nlanguage = \"en\"\nentries = [{}]\n",
            order.join(", ")
        ),
    )
    .unwrap();
    for l in &languages {
        let front = format!(
            "+++\ntitle = \"{}\"\nlang = \"{}\"\n+++\n",
            l.title.replace('"', "\\\""),
            l.tag
        );
        std::fs::write(
            book.join(format!("entries/{}.md", l.key)),
            format!("{front}{}", l.body),
        )
        .unwrap();
    }
    languages
}
