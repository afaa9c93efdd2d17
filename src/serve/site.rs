//! The preview of one good build, held in memory: the EPUB's documents, stylesheet and images
//! under `/book/` (each page with a bar to the previous and next page of the spine, the
//! contents and the PDF, and the script that reloads it), a contents page at `/`, and the
//! EPUB and PDF themselves. Nothing is read from the disk when a page is asked for, so no
//! address can reach a file outside the preview.

use super::pages;
use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

/// The largest part of an EPUB read into the preview (the EPUB is the build's own).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// One file of the preview: its media type and bytes (shared, as the PDF may be large).
#[derive(Debug, Clone)]
pub struct Resource {
    /// The `Content-Type` it is served with.
    pub content_type: String,
    /// Its bytes.
    pub body: Arc<Vec<u8>>,
}

impl Resource {
    fn new(content_type: &str, body: Vec<u8>) -> Self {
        // Text is UTF-8 in every file chapbook writes; saying so spares the browser a guess.
        let content_type = if content_type.starts_with("text/")
            || content_type == "application/xhtml+xml"
            || content_type == "image/svg+xml"
        {
            format!("{content_type}; charset=utf-8")
        } else {
            content_type.to_string()
        };
        Self {
            content_type,
            body: Arc::new(body),
        }
    }
}

/// What a build's outputs give the preview.
pub struct Outputs<'a> {
    /// The EPUB's bytes.
    pub epub: &'a [u8],
    /// The EPUB's file name (`steppe-notes.epub`).
    pub epub_name: &'a str,
    /// The PDF's file name and bytes, when the PDF was built.
    pub pdf: Option<(String, Vec<u8>)>,
    /// The number of the build, written into every page for the reload script.
    pub build: u64,
}

/// A good build, ready to be served: paths (without the leading `/`) and their files.
#[derive(Debug, Default)]
pub struct Site {
    files: BTreeMap<String, Resource>,
}

impl Site {
    /// The file at `path` (decoded, no leading `/`; `""` is the contents page).
    pub fn get(&self, path: &str) -> Option<&Resource> {
        self.files.get(path)
    }

    /// A site of the given files (for tests of the answers).
    #[cfg(test)]
    pub(crate) fn from_files(files: BTreeMap<String, Resource>) -> Site {
        Site { files }
    }

    /// The preview of a build's EPUB (and PDF), or why the EPUB cannot be read.
    pub fn from_outputs(outputs: Outputs) -> Result<Site, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(outputs.epub))
            .map_err(|e| format!("the EPUB cannot be opened: {e}"))?;
        let container = text_part(&mut zip, "META-INF/container.xml")?;
        let opf_path = first_attribute(&container, "rootfile", "full-path")
            .ok_or("the EPUB's container.xml names no package file")?;
        let dir = match opf_path.rfind('/') {
            Some(at) => opf_path[..=at].to_string(),
            None => String::new(),
        };
        let package = Package::read(&text_part(&mut zip, &opf_path)?)?;
        let pdf_name = outputs.pdf.as_ref().map(|(name, _)| name.clone());
        let bar = Bar {
            pdf: pdf_name.as_deref(),
            build: outputs.build,
        };
        let mut files = BTreeMap::new();
        for (i, item) in package.items.iter().enumerate() {
            let bytes = part(&mut zip, &format!("{dir}{}", item.href))?;
            let bytes = match package.spine_position(i) {
                Some(at) => {
                    let prev = at.checked_sub(1).map(|p| package.href(p));
                    let next = (at + 1 < package.spine.len()).then(|| package.href(at + 1));
                    let depth = item.href.matches('/').count();
                    bar.page(&String::from_utf8_lossy(&bytes), depth, prev, next)
                        .into_bytes()
                }
                None => bytes,
            };
            files.insert(
                format!("book/{}", item.href),
                Resource::new(&item.media_type, bytes),
            );
        }
        let contents = match package.items.iter().find(|i| i.nav) {
            Some(nav) => toc(
                &text_part(&mut zip, &format!("{dir}{}", nav.href))?,
                &nav.href,
            )?,
            None => String::new(),
        };
        let index = pages::Index {
            title: &package.title,
            language: &package.language,
            contents: &contents,
            start: package.spine.first().map(|_| package.href(0)),
            epub: outputs.epub_name,
            pdf: pdf_name.as_deref(),
            build: outputs.build,
        };
        files.insert(
            String::new(),
            Resource::new("text/html", index.html().into()),
        );
        files.insert(
            outputs.epub_name.to_string(),
            Resource::new("application/epub+zip", outputs.epub.to_vec()),
        );
        if let Some((name, bytes)) = outputs.pdf {
            files.insert(name, Resource::new("application/pdf", bytes));
        }
        Ok(Site { files })
    }
}

/// The bytes of a part of the EPUB.
fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let file = zip
        .by_name(name)
        .map_err(|e| format!("the EPUB has no {name}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} cannot be read from the EPUB: {e}"))?;
    Ok(bytes)
}

fn text_part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<String, String> {
    String::from_utf8(part(zip, name)?).map_err(|_| format!("{name} in the EPUB is not UTF-8"))
}

/// An attribute's value, unescaped.
fn attribute(tag: &BytesStart, name: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The `attr` of the first `element` in `xml`.
fn first_attribute(xml: &str, element: &str, attr: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(tag) | Event::Empty(tag) if tag.local_name().into_inner() == element => {
                return attribute(&tag, attr);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A document, stylesheet or image of the package.
struct Item {
    id: String,
    href: String,
    media_type: String,
    nav: bool,
}

/// What the preview needs of the OPF: title, language, manifest, and the spine's linear
/// documents (indices into `items`) in reading order.
struct Package {
    title: String,
    language: String,
    items: Vec<Item>,
    spine: Vec<usize>,
}

impl Package {
    fn read(opf: &str) -> Result<Package, String> {
        let mut package = Package {
            title: String::new(),
            language: String::new(),
            items: Vec::new(),
            spine: Vec::new(),
        };
        let mut reader = Reader::from_str(opf);
        let mut inside: Option<&'static str> = None;
        let mut idrefs = Vec::new();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("the EPUB's package file cannot be read: {e}"))?;
            match event {
                Event::Start(tag) | Event::Empty(tag) => match tag.local_name().into_inner() {
                    "title" if package.title.is_empty() => inside = Some("title"),
                    "language" if package.language.is_empty() => inside = Some("language"),
                    "item" => package.items.push(Item {
                        id: attribute(&tag, "id").unwrap_or_default(),
                        href: attribute(&tag, "href").unwrap_or_default(),
                        media_type: attribute(&tag, "media-type").unwrap_or_default(),
                        nav: attribute(&tag, "properties")
                            .is_some_and(|p| p.split(' ').any(|p| p == "nav")),
                    }),
                    "itemref" if attribute(&tag, "linear").as_deref() != Some("no") => {
                        idrefs.extend(attribute(&tag, "idref"));
                    }
                    _ => {}
                },
                // Raw text and references, unescaped once the element ends.
                Event::Text(text) => match inside {
                    Some("title") => package.title.push_str(&text),
                    Some("language") => package.language.push_str(&text),
                    _ => {}
                },
                Event::GeneralRef(name) if inside == Some("title") => {
                    package.title.push_str(&format!("&{};", &*name));
                }
                Event::End(_) => inside = None,
                Event::Eof => break,
                _ => {}
            }
        }
        for text in [&mut package.title, &mut package.language] {
            *text = quick_xml::escape::unescape(text)
                .map(|t| t.trim().to_string())
                .map_err(|e| format!("the EPUB's package file cannot be read: {e}"))?;
        }
        // Items that point out of the package, or to nothing, are not served.
        package
            .items
            .retain(|i| !i.href.is_empty() && !i.href.contains("..") && !i.href.contains(':'));
        for idref in idrefs {
            if let Some(at) = package.items.iter().position(|i| i.id == idref) {
                package.spine.push(at);
            }
        }
        Ok(package)
    }

    /// Where in the spine item `i` is.
    fn spine_position(&self, i: usize) -> Option<usize> {
        self.spine.iter().position(|&s| s == i)
    }

    /// The href of the spine's document `at`.
    fn href(&self, at: usize) -> &str {
        &self.items[self.spine[at]].href
    }
}

/// What every page of the book gets: the bar and the reload script.
struct Bar<'a> {
    pdf: Option<&'a str>,
    build: u64,
}

impl Bar<'_> {
    /// An XHTML page with the preview's head (build number, stylesheet, script), its bar of
    /// links before the content and the content in a `main` landmark. `depth` is how many
    /// folders below `book/` the page is; `prev` and `next` are hrefs from `book/`.
    fn page(&self, xhtml: &str, depth: usize, prev: Option<&str>, next: Option<&str>) -> String {
        let (Some(head_end), Some(body_start), Some(body_end)) = (
            xhtml.find("</head>"),
            xhtml.find("<body"),
            xhtml.rfind("</body>"),
        ) else {
            return xhtml.to_string();
        };
        let Some(body_open) = xhtml[body_start..].find('>').map(|at| body_start + at + 1) else {
            return xhtml.to_string();
        };
        let up = "../".repeat(depth);
        let link = |href: Option<&str>, rel: &str, label: &str| match href {
            Some(href) => format!(
                "<a rel=\"{rel}\" href=\"{up}{}\">{label}</a>",
                crate::epub::escape(href)
            ),
            None => String::new(),
        };
        let mut bar = String::from("<nav class=\"chapbook-bar\" aria-label=\"Preview\"><p>");
        bar.push_str(&link(prev, "prev", "← Previous"));
        bar.push_str(&format!("<a href=\"{up}../\">Contents</a>"));
        bar.push_str(&link(next, "next", "Next →"));
        if let Some(pdf) = self.pdf {
            bar.push_str(&format!(
                "<a href=\"{up}../{}\">PDF</a>",
                crate::epub::escape(pdf)
            ));
        }
        bar.push_str("</p></nav>\n<main>");
        format!(
            "{}{}\n{}{}{}\n</main>{}",
            &xhtml[..head_end],
            pages::head_extras(self.build),
            &xhtml[head_end..body_open],
            bar,
            &xhtml[body_open..body_end],
            &xhtml[body_end..]
        )
    }
}

/// The `ol` of the navigation document's table of contents, as HTML for the contents page:
/// links from `/`, without the EPUB's own attributes.
fn toc(nav: &str, nav_href: &str) -> Result<String, String> {
    let base = match nav_href.rfind('/') {
        Some(at) => format!("book/{}", &nav_href[..=at]),
        None => "book/".to_string(),
    };
    let mut reader = Reader::from_str(nav);
    let mut writer = Writer::new(Vec::new());
    // 0: before the toc; 1: inside its `nav`; 2+: inside its list, at that depth.
    let mut depth = 0usize;
    let failed = |e: &dyn std::fmt::Display| format!("the EPUB's contents cannot be read: {e}");
    loop {
        let event = reader.read_event().map_err(|e| failed(&e))?;
        match event {
            Event::Start(tag) if depth == 0 => {
                let toc = attribute(&tag, "epub:type").is_some_and(|t| t.contains("toc"));
                if tag.local_name().into_inner() == "nav" && toc {
                    depth = 1;
                }
            }
            Event::Start(tag) if depth >= 2 || tag.local_name().into_inner() == "ol" => {
                depth += 1;
                let tag = web_tag(&tag, &base);
                writer
                    .write_event(Event::Start(tag))
                    .map_err(|e| failed(&e))?;
            }
            Event::End(end) if depth >= 2 => {
                depth -= 1;
                writer
                    .write_event(Event::End(end))
                    .map_err(|e| failed(&e))?;
                if depth == 1 {
                    break;
                }
            }
            Event::Text(text) if depth >= 2 => {
                writer
                    .write_event(Event::Text(text))
                    .map_err(|e| failed(&e))?;
            }
            Event::GeneralRef(name) if depth >= 2 => {
                writer
                    .write_event(Event::GeneralRef(name))
                    .map_err(|e| failed(&e))?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|e| failed(&e))
}

/// An element of the EPUB's contents for a web page: `epub:` and `xml:` attributes dropped,
/// a relative `href` made relative to the contents page.
fn web_tag(tag: &BytesStart, base: &str) -> BytesStart<'static> {
    let name = tag.name().into_inner().to_owned();
    let mut out = BytesStart::new(name);
    for attr in tag.attributes().flatten() {
        let key = attr.key.into_inner().to_owned();
        if key.starts_with("epub:") || key.starts_with("xml:") {
            continue;
        }
        let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
            continue;
        };
        let value = if key == "href" && !value.contains(':') && !value.starts_with('#') {
            format!("{base}{value}")
        } else {
            value.into_owned()
        };
        out.push_attribute((key.as_str(), value.as_str()));
    }
    out
}
