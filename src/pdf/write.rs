//! Frames → PDF with krilla: subset fonts with ToUnicode from our glyph ranges, the structure
//! tree (tagged PDF, with the language of every run that differs from its element's), internal
//! and external links, bookmarks and document information; and imposed sheets for printing.
//! With `images.rs`, the only files that import krilla.

use crate::config::units::Standard;
use crate::pdf::error::PdfError;
use crate::pdf::images::{Loaded, load};
use crate::pdf::impose::Sheet;
use crate::pdf::tags::TagBuilder;
use crate::pdf::text::draw_text;
use crate::typeset::font::{FontBook, FontId};
use crate::typeset::frame::{
    Document, DocumentInfo, ImageData, Item, LinkTarget, OutlineEntry, Page, PageSink, Positioned,
    Targets,
};
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, Configuration, PdfVersion, Validator};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::text::Font;
use krilla::{Document as PdfDocument, SerializeSettings};
use std::collections::HashMap;

/// Writes a laid-out document as a tagged PDF that conforms to `standards` (krilla checks
/// every requirement it can and refuses to write a file that breaks one). The same document
/// gives the same bytes.
pub fn write(
    doc: &Document,
    fonts: &FontBook,
    standards: &[Standard],
) -> Result<Vec<u8>, PdfError> {
    let mut writer = Writer::new(fonts, standards)?;
    writer.begin(Document {
        pages: doc.pages.iter().map(Page::outline_only).collect(),
        outline: doc.outline.clone(),
        info: doc.info.clone(),
        images: doc.images.clone(),
        structure: doc.structure.clone(),
    });
    for page in &doc.pages {
        writer.draw(page)?;
    }
    writer.finish()
}

/// A tagged PDF written a page at a time, as the layout makes the pages ([`PageSink`]): each
/// page is drawn into the file when it comes and can then be dropped. The bytes are those
/// [`write`] makes of the whole document.
pub struct Writer<'f> {
    pdf: PdfDocument,
    /// What the file is made with, to begin it again ([`PageSink::begin`]).
    settings: SerializeSettings,
    /// Whether [`PageSink::begin`] was called: called again, it starts a new file.
    begun: bool,
    painter: Painter<'f>,
    tags: TagBuilder,
    /// Where the anchors are and what the links say ([`Targets`]), from the outline pages.
    targets: Targets,
    outline: Vec<OutlineEntry>,
    info: DocumentInfo,
    /// The first failure: the pages after it are not drawn, and [`Writer::finish`] returns it.
    error: Option<PdfError>,
    /// Pages drawn so far.
    drawn: usize,
    /// The landscape pages among them (from 0), marked `/Rotate 90` once the file is made.
    turned: Vec<usize>,
    /// Every language of the text, the book's first, for the XMP's `dc:language`.
    langs: Vec<String>,
}

impl<'f> Writer<'f> {
    /// A PDF conforming to `standards`, with no pages yet.
    pub fn new(fonts: &'f FontBook, standards: &[Standard]) -> Result<Self, PdfError> {
        // PDF/A forbids asking viewers to smooth images.
        let interpolate = !standards
            .iter()
            .any(|s| matches!(s, Standard::A2b | Standard::A2u | Standard::A2a));
        Ok(Writer::with_settings(
            fonts,
            settings(standards)?,
            interpolate,
        ))
    }

    /// A PDF made with `settings`, with no pages yet.
    fn with_settings(fonts: &'f FontBook, settings: SerializeSettings, interpolate: bool) -> Self {
        let mut painter = Painter::new(Vec::new(), fonts);
        painter.interpolate = interpolate;
        Writer {
            pdf: PdfDocument::new_with(settings.clone()),
            settings,
            begun: false,
            painter,
            tags: TagBuilder::new(Vec::new()),
            targets: Targets::default(),
            outline: Vec::new(),
            info: DocumentInfo::default(),
            error: None,
            drawn: 0,
            turned: Vec::new(),
            langs: Vec::new(),
        }
    }

    /// Whether a PDF can conform to all of `standards` (what [`Writer::new`] checks first).
    pub fn check(standards: &[Standard]) -> Result<(), PdfError> {
        settings(standards).map(|_| ())
    }

    /// Draws the next page.
    fn draw(&mut self, page: &Page) -> Result<(), PdfError> {
        let anchors = &self.targets.anchors;
        let destination = |name: &str| -> Option<XyzDestination> {
            anchors
                .get(name)
                .map(|&(page, y)| XyzDestination::new(page, Point::from_xy(0.0, y)))
        };
        let settings = PageSettings::from_wh(page.width, page.height).ok_or(PdfError::PageSize)?;
        let mut pdf_page = self.pdf.start_page_with(settings);
        if page.turned {
            self.turned.push(self.drawn);
        }
        for positioned in &page.items {
            if let Item::Text(text) = &positioned.item
                && let Some(lang) = text.lang.as_deref()
                && !self.langs.iter().any(|l| l == lang)
            {
                self.langs.push(lang.to_string());
            }
        }
        self.drawn += 1;
        let mut links = Vec::new();
        {
            let mut surface = pdf_page.surface();
            if page.turned {
                surface.push_transform(&turn(page));
            }
            self.painter.furniture = page.furniture;
            self.painter
                .draw(&mut surface, &page.items, Some(&mut self.tags))?;
            if page.turned {
                surface.pop();
            }
            surface.finish();
            for positioned in &page.items {
                if let Item::Link {
                    width,
                    height,
                    target,
                    node,
                } = &positioned.item
                {
                    // On a landscape page the area is turned with what it covers.
                    let (x, y, w, h) = if page.turned {
                        (
                            positioned.y,
                            page.height - positioned.x - width,
                            *height,
                            *width,
                        )
                    } else {
                        (positioned.x, positioned.y, *width, *height)
                    };
                    let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                        continue;
                    };
                    let (target, fallback) = match target {
                        LinkTarget::Url(url) => (
                            Target::Action(LinkAction::new(url.clone()).into()),
                            url.clone(),
                        ),
                        LinkTarget::Anchor(name) => match destination(name) {
                            Some(dest) => (Target::Destination(dest.into()), name.clone()),
                            None => continue,
                        },
                    };
                    links.push((LinkAnnotation::new(rect, target), *node, fallback));
                }
            }
        }
        for (link, node, fallback) in links {
            // What a screen reader says for the link: what it is read as ("Note 1"), else
            // its text.
            let alt = node
                .and_then(|n| self.tags.alt_of(n).map(str::to_string))
                .or_else(|| node.and_then(|n| self.targets.link_texts.get(&n).cloned()))
                .filter(|t| !t.is_empty())
                .or(Some(fallback));
            let id = pdf_page.add_tagged_annotation(Annotation::new_link(link, alt));
            self.tags.annotation(node, id);
        }
        pdf_page.finish();
        Ok(())
    }

    /// The PDF's bytes: the pages given, the bookmarks, the document information and the
    /// structure tree; or the first failure.
    pub fn finish(mut self) -> Result<Vec<u8>, PdfError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let anchors = &self.targets.anchors;
        let destination = |name: &str| -> Option<XyzDestination> {
            anchors
                .get(name)
                .map(|&(page, y)| XyzDestination::new(page, Point::from_xy(0.0, y)))
        };
        let mut outline = Outline::new();
        for entry in &self.outline {
            if let Some(node) = outline_node(entry, &destination) {
                outline.push_child(node);
            }
        }
        self.pdf.set_outline(outline);
        self.pdf.set_metadata(metadata(&self.info));
        self.pdf
            .set_tag_tree(self.tags.finish(self.info.lang.clone()));
        let bytes = self.pdf.finish().map_err(PdfError::from_krilla)?;
        let bytes = crate::pdf::rotate::rotate_pages(bytes, &self.turned)?;
        crate::pdf::rotate::metadata_lists(bytes, &self.info.authors, &self.langs)
    }
}

/// From a landscape page's frame (x along the page's height from its bottom edge, y across
/// it from its left edge) to the page's: what is drawn is turned a quarter to the left, so
/// the page shown turned a quarter clockwise shows it upright.
fn turn(page: &Page) -> Transform {
    Transform::from_row(0.0, -1.0, 1.0, 0.0, 0.0, page.height)
}

impl PageSink for Writer<'_> {
    /// Begins the file; again, begins a new one: what was drawn before is thrown away.
    fn begin(&mut self, document: Document) {
        if self.begun {
            let (fonts, interpolate) = (self.painter.fonts, self.painter.interpolate);
            *self = Writer::with_settings(fonts, self.settings.clone(), interpolate);
        }
        self.begun = true;
        self.targets = Targets::of(&document.pages, &document.structure);
        self.painter.images_data = document.images;
        self.langs = document.info.lang.iter().cloned().collect();
        for lang in document.structure.iter().filter_map(|n| n.lang.as_ref()) {
            if !self.langs.contains(lang) {
                self.langs.push(lang.clone());
            }
        }
        self.tags = TagBuilder::new(document.structure);
        self.outline = document.outline;
        self.info = document.info;
    }

    fn page(&mut self, page: Page) {
        if self.error.is_none()
            && let Err(error) = self.draw(&page)
        {
            self.error = Some(error);
        }
    }
}

/// Writes imposed sheets: each a page of the printed paper with the document's pages placed
/// (and scaled) on it, plus its printer's marks. No links or structure: this file is for the
/// press; the logical PDF is the one to read.
pub fn write_sheets(
    doc: &Document,
    fonts: &FontBook,
    sheets: &[Sheet],
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new_with(settings(&[])?);
    let mut painter = Painter::new(doc.images.clone(), fonts);
    for sheet in sheets {
        let settings =
            PageSettings::from_wh(sheet.width, sheet.height).ok_or(PdfError::PageSize)?;
        let mut pdf_page = pdf.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for slot in &sheet.slots {
            let Some(page) = slot.page.and_then(|p| doc.pages.get(p)) else {
                continue;
            };
            surface.push_transform(&Transform::from_row(
                slot.scale, 0.0, 0.0, slot.scale, slot.x, slot.y,
            ));
            // What reaches past the page's edges (a cover image bled to them) is cut off
            // there, as the page's box cuts it in the book, not printed on its neighbour.
            let clipped = bleeds(page);
            if clipped && let Some(rect) = Rect::from_xywh(0.0, 0.0, page.width, page.height) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.push_clip_path(&path, &krilla::paint::FillRule::NonZero);
                }
            }
            // A landscape page is printed as it stands in the book: turned.
            if page.turned {
                surface.push_transform(&turn(page));
            }
            painter.draw(&mut surface, &page.items, None)?;
            if page.turned {
                surface.pop();
            }
            if clipped {
                surface.pop();
            }
            surface.pop();
        }
        for mark in &sheet.marks {
            fill_rect(&mut surface, mark.x, mark.y, mark.width, mark.height);
        }
        surface.finish();
        pdf_page.finish();
    }
    pdf.set_metadata(metadata(&doc.info));
    pdf.finish().map_err(PdfError::from_krilla)
}

/// True when an image or a field of colour on `page` reaches past its edges (a cover image
/// scaled to cover the page), which imposition must cut off at them.
fn bleeds(page: &Page) -> bool {
    page.items.iter().any(|p| {
        let boxes: Vec<[f32; 4]> = match &p.item {
            Item::Image { width, height, .. } => vec![[0.0, 0.0, *width, *height]],
            Item::Fill { rects, .. } => rects.clone(),
            _ => Vec::new(),
        };
        boxes.iter().any(|[x, y, w, h]| {
            p.x + x < 0.0 || p.y + y < 0.0 || p.x + x + w > page.width || p.y + y + h > page.height
        })
    })
}

fn settings(standards: &[Standard]) -> Result<SerializeSettings, PdfError> {
    let validators: Vec<Validator> = standards
        .iter()
        .map(|s| match s {
            Standard::Ua1 => Validator::Ua(Accessibility::UA1),
            Standard::A2b => Validator::A(Archival::A2_B),
            Standard::A2u => Validator::A(Archival::A2_U),
            Standard::A2a => Validator::A(Archival::A2_A),
        })
        .collect();
    let configuration = if validators.is_empty() {
        Configuration::default()
    } else {
        let mut builder =
            krilla::configure::ConfigurationBuilder::new().with_version(PdfVersion::Pdf17);
        for v in validators {
            builder = builder.set_validator(v);
        }
        builder.finish().map_err(|_| PdfError::Standards)?
    };
    Ok(SerializeSettings {
        configuration,
        enable_tagging: !standards.is_empty(),
        ..SerializeSettings::default()
    })
}

fn metadata(info: &DocumentInfo) -> Metadata {
    let mut metadata = Metadata::new()
        .title(info.title.clone())
        .authors(info.authors.clone())
        .creator("chapbook".into());
    if let Some(lang) = &info.lang {
        metadata = metadata.language(lang.clone());
    }
    if let Some(subject) = &info.subject {
        metadata = metadata.description(subject.clone());
    }
    if !info.keywords.is_empty() {
        metadata = metadata.keywords(info.keywords.clone());
    }
    if let Some((year, month, day, hour, minute, second)) = info.date {
        metadata = metadata.creation_date(
            krilla::metadata::DateTime::new(year)
                .month(month)
                .day(day)
                .hour(hour)
                .minute(minute)
                .second(second)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        );
    }
    metadata
}

fn fill_rect(surface: &mut Surface, x: f32, y: f32, width: f32, height: f32) {
    if let Some(rect) = Rect::from_xywh(x, y, width, height) {
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            surface.draw_path(&path);
        }
    }
}

/// Draws items, loading each font and decoding each image once per document.
struct Painter<'d> {
    /// The document's image files, by index.
    images_data: Vec<ImageData>,
    fonts: &'d FontBook,
    loaded: HashMap<FontId, Font>,
    images: HashMap<usize, Loaded>,
    /// Let viewers smooth scaled images.
    interpolate: bool,
    /// The page's running header ends and its footer begins here ([`Page::furniture`]).
    furniture: [f32; 2],
}

impl<'d> Painter<'d> {
    fn new(images_data: Vec<ImageData>, fonts: &'d FontBook) -> Self {
        Painter {
            images_data,
            fonts,
            loaded: HashMap::new(),
            images: HashMap::new(),
            interpolate: true,
            furniture: [0.0, f32::INFINITY],
        }
    }

    fn font(&mut self, id: FontId) -> Result<Font, PdfError> {
        if let Some(font) = self.loaded.get(&id) {
            return Ok(font.clone());
        }
        let face = self.fonts.face(id);
        let font = Font::new(face.data.into(), face.index).ok_or_else(|| PdfError::Font {
            face: face.name.to_string(),
        })?;
        self.loaded.insert(id, font.clone());
        Ok(font)
    }

    fn image(&mut self, index: usize) -> Result<Option<Loaded>, PdfError> {
        if let Some(image) = self.images.get(&index) {
            return Ok(Some(image.clone()));
        }
        let Some(data) = self.images_data.get(index) else {
            return Ok(None);
        };
        let image = load(&data.data, data.format, self.interpolate, Some(self.fonts))
            .map_err(|reason| PdfError::Image { index, reason })?;
        self.images.insert(index, image.clone());
        Ok(Some(image))
    }

    /// Draws a page's items; with `tags`, each is marked as content of its structure element
    /// or as an artifact.
    fn draw(
        &mut self,
        surface: &mut Surface,
        items: &[Positioned],
        mut tags: Option<&mut TagBuilder>,
    ) -> Result<(), PdfError> {
        for positioned in items {
            match &positioned.item {
                Item::Text(text) => {
                    let font = self.font(text.run.font)?;
                    let at = Point::from_xy(positioned.x, positioned.y);
                    // Text of no element: the running header, the folio, or another artifact.
                    let [header, footer] = self.furniture;
                    let artifact = if positioned.y < header {
                        ArtifactType::Header
                    } else if positioned.y > footer {
                        ArtifactType::Footer
                    } else {
                        ArtifactType::PaginationOther
                    };
                    draw_text(surface, text, at, font, tags.as_deref_mut(), artifact);
                }
                Item::Rule { width, thickness } => {
                    if tags.is_some() {
                        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                            ArtifactType::Layout,
                        )));
                    }
                    fill_rect(surface, positioned.x, positioned.y, *width, *thickness);
                    if tags.is_some() {
                        surface.end_tagged();
                    }
                }
                Item::Image {
                    image,
                    width,
                    height,
                    node,
                } => {
                    let Some(loaded) = self.image(*image)? else {
                        continue;
                    };
                    let Some(size) = krilla::geom::Size::from_wh(*width, *height) else {
                        continue;
                    };
                    let marked = begin_mark(surface, tags.as_deref_mut(), *node);
                    surface.push_transform(&Transform::from_translate(positioned.x, positioned.y));
                    loaded.draw(surface, size);
                    surface.pop();
                    if marked.is_some() {
                        surface.end_tagged();
                    }
                }
                Item::Fill { rects, color, node } => {
                    let marked = begin_mark(surface, tags.as_deref_mut(), *node);
                    let [r, g, b] = *color;
                    surface.set_fill(Some(Fill {
                        paint: rgb::Color::new(r, g, b).into(),
                        ..Fill::default()
                    }));
                    let mut path = PathBuilder::new();
                    for [x, y, w, h] in rects {
                        if let Some(rect) =
                            Rect::from_xywh(positioned.x + x, positioned.y + y, *w, *h)
                        {
                            path.push_rect(rect);
                        }
                    }
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                    surface.set_fill(None);
                    if marked.is_some() {
                        surface.end_tagged();
                    }
                }
                // Link areas are annotations, added after the page's content.
                Item::Link { .. } => {}
            }
        }
        Ok(())
    }
}

/// Starts marked content for a drawn item, when tagging: content of structure element `node`,
/// or an artifact when it has none. `Some` when the caller must end it.
fn begin_mark(
    surface: &mut Surface,
    tags: Option<&mut TagBuilder>,
    node: Option<usize>,
) -> Option<()> {
    let tags = tags?;
    match node {
        Some(node) => {
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            tags.leaf(node, id);
        }
        None => {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Other,
            )));
        }
    }
    Some(())
}

fn outline_node(
    entry: &OutlineEntry,
    destination: &dyn Fn(&str) -> Option<XyzDestination>,
) -> Option<OutlineNode> {
    let mut node = OutlineNode::new(entry.title.clone(), destination(&entry.anchor)?);
    for child in &entry.children {
        if let Some(child) = outline_node(child, destination) {
            node.push_child(child);
        }
    }
    Some(node)
}
