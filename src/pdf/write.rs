//! Frames → PDF with krilla: subset fonts with ToUnicode from our glyph ranges, internal and
//! external links, bookmarks and document information. The only file that imports krilla.

use crate::typeset::font::{FontBook, FontId};
use crate::typeset::frame::{Document, ImageFormat, Item, LinkTarget, OutlineEntry};
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::collections::HashMap;

/// Writes a laid-out document as PDF. The same document gives the same bytes.
pub fn write(doc: &Document, fonts: &FontBook) -> Result<Vec<u8>, String> {
    let mut pdf = krilla::Document::new();
    let mut loaded: HashMap<FontId, Font> = HashMap::new();
    let mut images: HashMap<usize, krilla::image::Image> = HashMap::new();
    let mut anchors: HashMap<&str, (usize, f32)> = HashMap::new();
    for (index, page) in doc.pages.iter().enumerate() {
        for anchor in &page.anchors {
            anchors
                .entry(anchor.name.as_str())
                .or_insert((index, anchor.y));
        }
    }
    let destination = |name: &str| -> Option<XyzDestination> {
        anchors
            .get(name)
            .map(|&(page, y)| XyzDestination::new(page, Point::from_xy(0.0, y)))
    };
    for page in &doc.pages {
        let settings =
            PageSettings::from_wh(page.width, page.height).ok_or("a page has no size")?;
        let mut pdf_page = pdf.start_page_with(settings);
        let mut annotations = Vec::new();
        {
            let mut surface = pdf_page.surface();
            for positioned in &page.items {
                match &positioned.item {
                    Item::Text(text) => {
                        let font = match loaded.get(&text.run.font) {
                            Some(f) => f.clone(),
                            None => {
                                let face = fonts.face(text.run.font);
                                let font = Font::new(face.data.into(), 0)
                                    .ok_or_else(|| format!("font {} cannot be used", face.name))?;
                                loaded.insert(text.run.font, font.clone());
                                font
                            }
                        };
                        let glyphs: Vec<KrillaGlyph> = text
                            .run
                            .glyphs
                            .iter()
                            .map(|g| {
                                KrillaGlyph::new(
                                    GlyphId::new(u32::from(g.id)),
                                    g.advance,
                                    g.x_offset,
                                    -g.y_offset,
                                    0.0,
                                    g.range.clone(),
                                    None,
                                )
                            })
                            .collect();
                        surface.draw_glyphs(
                            Point::from_xy(positioned.x, positioned.y),
                            &glyphs,
                            font,
                            &text.text,
                            text.run.size,
                            false,
                        );
                    }
                    Item::Rule { width, thickness } => {
                        if let Some(rect) =
                            Rect::from_xywh(positioned.x, positioned.y, *width, *thickness)
                        {
                            let mut path = PathBuilder::new();
                            path.push_rect(rect);
                            if let Some(path) = path.finish() {
                                surface.draw_path(&path);
                            }
                        }
                    }
                    Item::Image {
                        image,
                        width,
                        height,
                    } => {
                        let Some(data) = doc.images.get(*image) else {
                            continue;
                        };
                        // Each image is decoded once, however often it is drawn.
                        let loaded = match images.get(image) {
                            Some(loaded) => loaded.clone(),
                            None => {
                                let bytes: krilla::Data = data.data.clone().into();
                                let loaded = match data.format {
                                    ImageFormat::Png => krilla::image::Image::from_png(bytes, true),
                                    ImageFormat::Jpeg => {
                                        krilla::image::Image::from_jpeg(bytes, true)
                                    }
                                }
                                .map_err(|e| format!("image {image} cannot be embedded: {e}"))?;
                                images.insert(*image, loaded.clone());
                                loaded
                            }
                        };
                        let Some(size) = krilla::geom::Size::from_wh(*width, *height) else {
                            continue;
                        };
                        surface.push_transform(&krilla::geom::Transform::from_translate(
                            positioned.x,
                            positioned.y,
                        ));
                        surface.draw_image(loaded, size);
                        surface.pop();
                    }
                    Item::Link {
                        width,
                        height,
                        target,
                    } => {
                        let Some(rect) =
                            Rect::from_xywh(positioned.x, positioned.y, *width, *height)
                        else {
                            continue;
                        };
                        let target = match target {
                            LinkTarget::Url(url) => {
                                Target::Action(LinkAction::new(url.clone()).into())
                            }
                            LinkTarget::Anchor(name) => match destination(name) {
                                Some(dest) => Target::Destination(dest.into()),
                                None => continue,
                            },
                        };
                        annotations.push(Annotation::new_link(
                            LinkAnnotation::new(rect, target),
                            None,
                        ));
                    }
                }
            }
            surface.finish();
        }
        for annotation in annotations {
            pdf_page.add_annotation(annotation);
        }
        pdf_page.finish();
    }
    let mut outline = Outline::new();
    for entry in &doc.outline {
        if let Some(node) = outline_node(entry, &destination) {
            outline.push_child(node);
        }
    }
    pdf.set_outline(outline);
    let info = &doc.info;
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
    pdf.set_metadata(metadata);
    pdf.finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
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

/// Embeds one image on a page of its own and finishes the PDF, to tell whether the image can
/// be decoded. Used to name the file when writing a book's PDF failed.
pub fn check_image(data: &[u8], format: ImageFormat) -> Result<(), String> {
    let bytes: krilla::Data = data.to_vec().into();
    let image = match format {
        ImageFormat::Png => krilla::image::Image::from_png(bytes, true),
        ImageFormat::Jpeg => krilla::image::Image::from_jpeg(bytes, true),
    }?;
    let mut pdf = krilla::Document::new();
    let settings = PageSettings::from_wh(10.0, 10.0).ok_or("no page size")?;
    let size = krilla::geom::Size::from_wh(10.0, 10.0).ok_or("no image size")?;
    let mut page = pdf.start_page_with(settings);
    let mut surface = page.surface();
    surface.draw_image(image, size);
    surface.finish();
    page.finish();
    match pdf.finish() {
        Ok(_) => Ok(()),
        Err(krilla::error::KrillaError::Image(_, _, reason)) => Err(reason),
        Err(other) => Err(format!("{other:?}")),
    }
}
