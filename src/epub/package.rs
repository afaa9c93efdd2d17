//! The package: OPF (metadata, manifest, spine), NCX, container, and the zip around them.

use super::url_path;
use super::xhtml::{Document, Role, author_href, entry_href, image_paths};
use super::{DEFAULT_CSS, escape};
use crate::lang::Lang;
use crate::model::{Book, Identifier, Timestamp};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// The fonts a book may embed (`[epub] embed_fonts = true`): file name and bytes.
pub(crate) fn embedded_fonts() -> &'static [(&'static str, &'static [u8])] {
    crate::fonts::BUNDLED
}

/// Puts documents, styles, images and package files into an EPUB container.
pub(crate) fn assemble(book: &Book, documents: Vec<Document>) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push(("css/epub.css".into(), DEFAULT_CSS.as_bytes().to_vec()));
    if let Some(css) = &book.extra_css {
        files.push(("css/book.css".into(), css.as_bytes().to_vec()));
    }
    if book.embed_fonts {
        let mut css = String::new();
        for (name, data) in embedded_fonts() {
            let (family, weight, style) = crate::fonts::face_of(name);
            let _ = writeln!(
                css,
                "@font-face {{ font-family: \"{family}\"; font-weight: {weight}; font-style: {style}; src: url(\"../fonts/{name}\"); }}"
            );
            files.push((format!("fonts/{name}"), data.to_vec()));
        }
        css.push_str("body { font-family: \"Noto Serif\", \"Noto Naskh Arabic\", serif; }\n[dir=\"rtl\"], :lang(ar) { font-family: \"Noto Naskh Arabic\", \"Noto Serif\", serif; }\n");
        files.push(("css/fonts.css".into(), css.into_bytes()));
    }
    let media = image_paths(&book.images);
    for (image, path) in book.images.iter().zip(&media) {
        files.push((path.clone(), image.data.clone()));
    }
    if book.cover.is_none() {
        files.push((
            super::cover::PATH.into(),
            super::cover::svg(book).into_bytes(),
        ));
    }
    let opf = opf(book, &documents, &files);
    let ncx = ncx(book);
    for doc in documents {
        files.push((doc.path, doc.content.into_bytes()));
    }
    files.push(("content.opf".into(), opf.into_bytes()));
    files.push(("toc.ncx".into(), ncx.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    zip(files, &book.meta.modified)
}

fn zip(files: Vec<(String, Vec<u8>)>, modified: &Timestamp) -> Vec<u8> {
    let (h, m, s) = modified.time.unwrap_or((0, 0, 0));
    // Zip times cannot be before 1980; such dates are clamped to its first second.
    let time = DateTime::from_date_and_time(
        u16::try_from(modified.date.year.clamp(1980, 2107)).unwrap_or(1980),
        modified.date.month,
        modified.date.day,
        h,
        m,
        s,
    )
    .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let result: zip::result::ZipResult<()> = (|| {
        // The mimetype comes first and uncompressed, so readers can sniff the format.
        zip.start_file("mimetype", stored)?;
        zip.write_all(b"application/epub+zip")?;
        zip.start_file("META-INF/container.xml", deflated)?;
        zip.write_all(CONTAINER.as_bytes())?;
        for (path, data) in &files {
            // Images are already compressed; deflating them again only costs time.
            let options = if path.starts_with("media/") && !path.ends_with(".svg") {
                stored
            } else {
                deflated
            };
            zip.start_file(format!("OEBPS/{path}"), options)?;
            zip.write_all(data)?;
        }
        Ok(())
    })();
    result.expect("writing a zip into memory cannot fail");
    zip.finish()
        .expect("finishing a zip in memory cannot fail")
        .into_inner()
}

fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "xhtml" => "application/xhtml+xml",
        "css" => "text/css",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "ncx" => "application/x-dtbncx+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A manifest id for each path, in order: `i-` and the path's letters and digits (of any
/// script), every other character a hyphen, and `-2`, `-3`… after an id already given (so
/// `a-b.png` and `a_b.png`, or two names in another script, never share one).
fn item_ids<'a>(paths: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    for path in paths {
        if ids.contains_key(path) {
            continue;
        }
        let mut id = String::from("i-");
        for c in path.chars() {
            id.push(if c.is_alphanumeric() { c } else { '-' });
        }
        let mut unique = id.clone();
        let mut n = 2;
        while !used.insert(unique.clone()) {
            unique = format!("{id}-{n}");
            n += 1;
        }
        ids.insert(path, unique);
    }
    ids
}

/// Every language used anywhere in the book (the walk over all its text), the book's own
/// first.
fn languages(book: &Book) -> Vec<Lang> {
    let mut langs = vec![book.meta.lang.clone()];
    // Texts come in runs of one language: the last one found is asked first.
    let mut last = 0;
    crate::model::walk::walk(book, &mut |text| {
        if langs[last].same_as(text.lang) {
            return;
        }
        match langs.iter().position(|k| k.same_as(text.lang)) {
            Some(at) => last = at,
            None => {
                last = langs.len();
                langs.push(text.lang.clone());
            }
        }
    });
    langs
}

fn opf(book: &Book, documents: &[Document], files: &[(String, Vec<u8>)]) -> String {
    let meta = &book.meta;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{}\">",
        escape(meta.lang.as_str())
    );
    s.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    let _ = writeln!(
        s,
        "<dc:identifier id=\"pub-id\">{}</dc:identifier>",
        escape(&meta.identifier.urn())
    );
    if let Identifier::Isbn13(_) = meta.identifier {
        s.push_str("<meta refines=\"#pub-id\" property=\"identifier-type\" scheme=\"onix:codelist5\">15</meta>\n");
    }
    let _ = writeln!(
        s,
        "<dc:title id=\"title\">{}</dc:title>\n<meta refines=\"#title\" property=\"title-type\">main</meta>",
        escape(&meta.title)
    );
    if let Some(sub) = &meta.subtitle {
        let _ = writeln!(
            s,
            "<dc:title id=\"subtitle\">{}</dc:title>\n<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
            escape(sub)
        );
    }
    // The walk over the book's text is made once, for the list and for the summary's count.
    let langs = languages(book);
    for lang in &langs {
        let _ = writeln!(s, "<dc:language>{}</dc:language>", escape(lang.as_str()));
    }
    for (i, name) in meta.creators.iter().enumerate() {
        let _ = writeln!(
            s,
            "<dc:creator id=\"creator-{0}\">{1}</dc:creator>\n<meta refines=\"#creator-{0}\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            i + 1,
            escape(name)
        );
    }
    for (i, name) in meta.editors.iter().enumerate() {
        let _ = writeln!(
            s,
            "<dc:contributor id=\"editor-{0}\">{1}</dc:contributor>\n<meta refines=\"#editor-{0}\" property=\"role\" scheme=\"marc:relators\">edt</meta>",
            i + 1,
            escape(name)
        );
    }
    if let Some(publisher) = &meta.publisher {
        let _ = writeln!(s, "<dc:publisher>{}</dc:publisher>", escape(publisher));
    }
    let rights: Vec<&str> = [meta.rights.as_deref(), meta.licence.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !rights.is_empty() {
        let _ = writeln!(s, "<dc:rights>{}</dc:rights>", escape(&rights.join(". ")));
    }
    if let Some(date) = &meta.date {
        let _ = writeln!(s, "<dc:date>{}</dc:date>", date.iso());
    }
    if let Some(description) = &meta.description {
        let _ = writeln!(
            s,
            "<dc:description>{}</dc:description>",
            escape(description)
        );
    }
    for subject in &meta.subjects {
        let _ = writeln!(s, "<dc:subject>{}</dc:subject>", escape(subject));
    }
    let _ = writeln!(
        s,
        "<meta property=\"dcterms:modified\">{}</meta>",
        meta.modified.iso()
    );
    // The book's cover image, or the one chapbook draws.
    s.push_str("<meta name=\"cover\" content=\"cover-image\"/>\n");
    s.push_str(&accessibility(book, documents, langs.len()));
    s.push_str("</metadata>\n<manifest>\n");
    let cover_path = Some(
        book.cover
            .map(|i| image_paths(&book.images).swap_remove(i))
            .unwrap_or_else(|| super::cover::PATH.to_string()),
    );
    let ids = item_ids(
        files
            .iter()
            .map(|(path, _)| path.as_str())
            .chain(documents.iter().map(|d| d.path.as_str())),
    );
    for (path, _) in files {
        let id = if Some(path) == cover_path.as_ref() {
            "cover-image".to_string()
        } else {
            ids[path.as_str()].clone()
        };
        let props = if Some(path) == cover_path.as_ref() {
            " properties=\"cover-image\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<item id=\"{id}\" href=\"{}\" media-type=\"{}\"{props}/>",
            escape(&url_path(path)),
            media_type(path)
        );
    }
    for doc in documents {
        let props = if doc.role == Role::Contents {
            " properties=\"nav\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"{props}/>",
            ids[doc.path.as_str()],
            escape(&url_path(&doc.path))
        );
    }
    s.push_str("<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n</manifest>\n<spine toc=\"ncx\">\n");
    for doc in documents {
        let linear = if doc.role == Role::Cover {
            " linear=\"no\""
        } else {
            ""
        };
        let _ = writeln!(s, "<itemref idref=\"{}\"{linear}/>", ids[doc.path.as_str()]);
    }
    s.push_str("</spine>\n</package>\n");
    s
}

/// What the documents hold that the accessibility metadata speaks of, read from the XHTML
/// the reader gets (so the claims follow what was written, not what books usually have).
#[derive(Debug, Default, PartialEq)]
struct Holds {
    images: usize,
    undescribed: usize,
    notes: bool,
    tables: bool,
    languages: usize,
    animated: bool,
}

/// `languages`: how many the book's text is in ([`languages`]).
fn holds(book: &Book, documents: &[Document], languages: usize) -> Holds {
    let mut holds = Holds {
        languages,
        animated: book.images.iter().any(|i| i.media_type == "image/gif"),
        ..Holds::default()
    };
    for doc in documents.iter().filter(|d| d.role != Role::Cover) {
        let text = &doc.content;
        for img in memchr::memmem::find_iter(text.as_bytes(), "<img ").map(|at| &text[at..]) {
            let tag = &img[..img.find('>').unwrap_or(img.len())];
            holds.images += 1;
            if tag.contains(" alt=\"\"") || !tag.contains(" alt=\"") {
                holds.undescribed += 1;
            }
        }
        // Each asked until one document has it: the rest need not be read again.
        holds.notes =
            holds.notes || memchr::memmem::find(text.as_bytes(), b"role=\"doc-noteref\"").is_some();
        holds.tables = holds.tables || memchr::memmem::find(text.as_bytes(), b"<table").is_some();
    }
    holds
}

/// Accessibility metadata (EPUB Accessibility 1.1, schema.org properties), derived from what
/// the documents hold; the summary is in the book's language (English, marked as such, for a
/// language without labels). Conformance to WCAG 2.1 AA is claimed only when every image is
/// described, and a book with GIFs (which may flash) says its flashing hazard is unknown.
fn accessibility(book: &Book, documents: &[Document], languages: usize) -> String {
    let holds = holds(book, documents, languages);
    let mut s = String::new();
    s.push_str("<meta property=\"schema:accessMode\">textual</meta>\n");
    if holds.images > 0 {
        s.push_str("<meta property=\"schema:accessMode\">visual</meta>\n");
    }
    let sufficient = if holds.undescribed == 0 {
        "textual"
    } else {
        "textual,visual"
    };
    let _ = writeln!(
        s,
        "<meta property=\"schema:accessModeSufficient\">{sufficient}</meta>"
    );
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if holds.images > 0 && holds.undescribed == 0 {
        features.push("alternativeText");
    }
    for feature in features {
        let _ = writeln!(
            s,
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        );
    }
    let hazards: &[&str] = if holds.animated {
        &[
            "unknownFlashingHazard",
            "noMotionSimulationHazard",
            "noSoundHazard",
        ]
    } else {
        &["none"]
    };
    for hazard in hazards {
        let _ = writeln!(
            s,
            "<meta property=\"schema:accessibilityHazard\">{hazard}</meta>"
        );
    }
    let (tag, words) = crate::locale::accessibility_for(&book.meta.lang);
    let mut summary = vec![words.structure.as_str()];
    if holds.notes {
        summary.push(&words.notes);
    }
    if holds.images > 0 {
        summary.push(if holds.undescribed == 0 {
            &words.images_described
        } else {
            &words.images_undescribed
        });
    }
    if holds.tables {
        summary.push(&words.tables);
    }
    if holds.languages > 1 {
        summary.push(&words.languages);
    }
    summary.push(if holds.animated {
        &words.reading_animated
    } else {
        &words.reading
    });
    let _ = writeln!(
        s,
        "<meta property=\"schema:accessibilitySummary\" xml:lang=\"{}\">{}</meta>",
        escape(&tag),
        escape(&summary.join(" "))
    );
    if holds.undescribed == 0 {
        s.push_str(
            "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n",
        );
    }
    s
}

/// The NCX, for reading systems that predate EPUB 3.
fn ncx(book: &Book) -> String {
    let meta = &book.meta;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">",
        escape(meta.lang.as_str())
    );
    let depth = if book.entries.iter().any(|e| !e.responses.is_empty())
        || book.authors.iter().any(|a| a.has_page)
    {
        2
    } else {
        1
    };
    let _ = writeln!(
        s,
        "<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>",
        escape(&meta.identifier.urn())
    );
    let _ = writeln!(
        s,
        "<docTitle><text>{}</text></docTitle>\n<navMap>",
        escape(&meta.title)
    );
    // Points to the same place share a playOrder, as the NCX specification requires.
    let mut orders: Vec<String> = Vec::new();
    let mut ids = 0;
    let mut point = |s: &mut String, label: &str, src: &str, open: bool| {
        ids += 1;
        let order = match orders.iter().position(|o| o == src) {
            Some(i) => i + 1,
            None => {
                orders.push(src.to_string());
                orders.len()
            }
        };
        let _ = write!(
            s,
            "<navPoint id=\"nav-{ids}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>",
            escape(label),
            escape(src)
        );
        if !open {
            s.push_str("</navPoint>\n");
        } else {
            s.push('\n');
        }
    };
    for entry in &book.entries {
        let href = entry_href(entry);
        let has_responses = !entry.responses.is_empty();
        point(&mut s, &entry.title, &href, has_responses);
        if has_responses {
            let l = crate::locale::for_lang(&entry.lang);
            point(
                &mut s,
                &l.labels.responses,
                &format!("{href}#responses"),
                false,
            );
            s.push_str("</navPoint>\n");
        }
    }
    let pages: Vec<_> = book.authors.iter().filter(|a| a.has_page).collect();
    if let Some(first) = pages.first() {
        let l = crate::locale::for_lang(&meta.lang);
        point(&mut s, &l.labels.authors, &author_href(&first.id), true);
        for author in &pages {
            point(&mut s, &author.name, &author_href(&author.id), false);
        }
        s.push_str("</navPoint>\n");
    }
    s.push_str("</navMap>\n</ncx>\n");
    s
}
