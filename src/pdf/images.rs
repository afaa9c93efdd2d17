//! Image files decoded for the PDF: PNG, JPEG, GIF and WebP (the first frame) as raster
//! images through krilla, SVG as vector paths through usvg and krilla-svg.

use crate::typeset::font::FontBook;
use crate::typeset::frame::ImageFormat;
use krilla::geom::Size;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};
use std::sync::Arc;

/// An image ready to draw.
#[derive(Clone)]
pub(super) enum Loaded {
    /// A raster image.
    Raster(krilla::image::Image),
    /// An SVG drawing.
    Svg(Arc<usvg::Tree>),
}

impl Loaded {
    /// Draws the image into a box of `size` at the current origin.
    pub(super) fn draw(&self, surface: &mut Surface, size: Size) {
        match self {
            Loaded::Raster(image) => surface.draw_image(image.clone(), size),
            Loaded::Svg(tree) => {
                // Text in an SVG is drawn as outlines: it is part of the picture, whose
                // words are its alternative text.
                let settings = SvgSettings {
                    embed_text: false,
                    ..SvgSettings::default()
                };
                surface.draw_svg(tree, size, settings);
            }
        }
    }
}

/// Decodes an image file of `format`; `fonts` set the text of an SVG.
pub(super) fn load(
    data: &[u8],
    format: ImageFormat,
    interpolate: bool,
    fonts: Option<&FontBook>,
) -> Result<Loaded, String> {
    let bytes = || -> krilla::Data { data.to_vec().into() };
    let raster = match format {
        ImageFormat::Png => krilla::image::Image::from_png(bytes(), interpolate),
        ImageFormat::Jpeg => krilla::image::Image::from_jpeg(bytes(), interpolate),
        ImageFormat::Gif => krilla::image::Image::from_gif(bytes(), interpolate),
        ImageFormat::Webp => krilla::image::Image::from_webp(bytes(), interpolate),
        ImageFormat::Svg => return svg_tree(data, fonts).map(|t| Loaded::Svg(Arc::new(t))),
    };
    raster.map(Loaded::Raster)
}

/// Parses an SVG with no access to anything outside it: images it refers to by a path or
/// address are left out (the book's loader has already removed such references), and its text
/// is set in the bundled fonts, so the drawing is the same on every machine.
fn svg_tree(data: &[u8], fonts: Option<&FontBook>) -> Result<usvg::Tree, String> {
    let mut db = usvg::fontdb::Database::new();
    if let Some(fonts) = fonts {
        for (_, face) in fonts.faces() {
            db.load_font_data(face.data.to_vec());
        }
    }
    let options = usvg::Options {
        font_family: "Noto Serif".into(),
        fontdb: Arc::new(db),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(data, &options).map_err(|e| e.to_string())
}

/// Embeds one image on a page of its own and finishes the PDF, to tell whether the image can
/// be decoded. Used to name the file when an image is broken.
pub fn check_image(data: &[u8], format: ImageFormat) -> Result<(), String> {
    let image = load(data, format, true, None)?;
    let mut pdf = krilla::Document::new();
    let settings = PageSettings::from_wh(10.0, 10.0).ok_or("no page size")?;
    let size = Size::from_wh(10.0, 10.0).ok_or("no image size")?;
    let mut page = pdf.start_page_with(settings);
    let mut surface = page.surface();
    image.draw(&mut surface, size);
    surface.finish();
    page.finish();
    match pdf.finish() {
        Ok(_) => Ok(()),
        Err(krilla::error::KrillaError::Image(_, _, reason)) => Err(reason),
        Err(other) => Err(super::error::PdfError::from_krilla(other).to_string()),
    }
}
