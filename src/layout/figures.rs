//! Images as figures (centred or floated, with captions), galleries and images in the
//! line; QR codes.

use super::*;
use crate::model::ImageAlign;
use crate::typeset::content::{GalleryImage, InlineImage, Side};

/// A caption is set at this fraction of the text size.
const CAPTION_SCALE: f32 = 0.9;
/// An image in a line of text is this many ems high: a little over the height of capitals,
/// as a smiley drawn in a font would be.
const INLINE_IMAGE_EM: f32 = 1.0;
/// The part of an inline image below the baseline, as a font's descenders reach.
const INLINE_IMAGE_DESCENT: f32 = 0.2;
/// Images at most this many line heights high are set in the line (smileys, icons); taller
/// ones are figures of their own.
const INLINE_IMAGE_LINES: f32 = 2.0;
/// Points per pixel, at 96 pixels per inch (CSS's reference pixel).
const PX: f32 = 0.75;

impl Builder<'_> {
    /// A QR code that leads to `url`, as a figure whose alternative text is the address; `None`
    /// if the address is too long to encode.
    pub(super) fn qr_block(&mut self, url: &str, start_indent: f32) -> Option<Block> {
        // Encoding (choosing the mask) is the costly part; layout runs more than once.
        let (modules, size) = match self.qr_codes.get(url) {
            Some(code) => code.clone()?,
            None => {
                let code = qr_modules(url);
                self.qr_codes.insert(url.to_string(), code.clone());
                code?
            }
        };
        let module = (QR_SIDE / size as f32).max(QR_MIN_MODULE);
        let node = self.node(Role::Figure, None);
        self.structure[node].alt = Some(format!("QR code: {url}"));
        Some(Block::Qr {
            modules,
            size,
            module,
            start_indent,
            node: Some(node),
        })
    }

    /// The document's image for book image `index` (added on first use), with its size in
    /// pixels; `None` for a format the PDF cannot hold or an image of unknown size.
    pub(super) fn frame_image(&mut self, index: usize) -> Option<(usize, u32, u32)> {
        let image = self.book.images.get(index)?;
        let format = ImageFormat::from_media_type(image.media_type)?;
        let (width_px, height_px) = image.pixels?;
        let next = self.image_list.len();
        let frame_index = *self.image_map.entry(index).or_insert(next);
        if frame_index == next {
            self.image_list.push(ImageData {
                data: Arc::new(image.data.clone()),
                format,
            });
        }
        Some((frame_index, width_px, height_px))
    }

    /// A figure element with `alt` as its alternative text, or `None` (decorative, an
    /// artifact) when it has none.
    pub(super) fn figure_node(&mut self, alt: &str) -> Option<usize> {
        let alt = alt.trim();
        (!alt.is_empty()).then(|| {
            let node = self.node(Role::Figure, None);
            self.structure[node].alt = Some(alt.to_string());
            node
        })
    }

    /// An image; a figure with `alt` as its alternative text, or decorative (an artifact)
    /// when it has none.
    pub(super) fn image_block(
        &mut self,
        index: usize,
        start_indent: f32,
        alt: Option<&str>,
    ) -> Option<Block> {
        let (image, width_px, height_px) = self.frame_image(index)?;
        let node = self.figure_node(alt.unwrap_or(""));
        Some(Block::Image {
            image,
            width_px,
            height_px,
            start_indent,
            node,
            caption: None,
            float: None,
        })
    }

    /// A figure of the text: its image centred or floated to the side its alignment says,
    /// with its caption (tagged as the caption, the figure and it in one element).
    pub(super) fn figure_block(&mut self, figure: &model::Figure, cx: &Context) -> Option<Block> {
        let (image, width_px, height_px) = self.frame_image(figure.image)?;
        let float = match figure.align {
            ImageAlign::Left => Some(Side::Left),
            ImageAlign::Right => Some(Side::Right),
            ImageAlign::None | ImageAlign::Center => None,
        };
        let caption = figure.caption.iter().any(|i| {
            !Inline::plain_text(std::slice::from_ref(i))
                .trim()
                .is_empty()
        });
        let (node, caption) = if caption {
            let group = self.node(Role::Div, None);
            self.within(group, |b| {
                let node = b.figure_node(&figure.alt);
                let caption = b.caption(&figure.caption, cx);
                (node, Some(caption))
            })
        } else {
            (self.figure_node(&figure.alt), None)
        };
        Some(Block::Image {
            image,
            width_px,
            height_px,
            start_indent: cx.indent,
            node,
            caption,
            float,
        })
    }

    /// A caption: a small centred paragraph, its text in a caption element.
    fn caption(&mut self, content: &[Inline], cx: &Context) -> Paragraph {
        let size = self.style.text.font_size * CAPTION_SCALE;
        let state = InlineState {
            font: FontRequest {
                italic: true,
                ..self.serif()
            },
            size,
            lang: cx.lang.clone(),
            link: None,
        };
        let spans = self.spans(content, &state, cx);
        let mut style = self.paragraph_style(&cx.lang);
        style.align = Alignment::Center;
        style.leading = self.style.text.leading * CAPTION_SCALE;
        style.space_before = 0.0;
        style.hyphenate = false;
        let node = self.node(Role::Caption, None);
        let mut block = Block::Paragraph(Paragraph {
            spans,
            style,
            node: Some(node),
        });
        self.tag_links(&mut block);
        match block {
            Block::Paragraph(p) => p,
            _ => unreachable!("made as a paragraph above"),
        }
    }

    /// A gallery: its images in rows of equal height.
    pub(super) fn gallery_block(&mut self, figures: &[model::Figure], cx: &Context) -> Block {
        let images = figures
            .iter()
            .filter_map(|figure| {
                let (image, width_px, height_px) = self.frame_image(figure.image)?;
                let node = self.figure_node(&figure.alt);
                Some(GalleryImage {
                    image,
                    width_px,
                    height_px,
                    node,
                })
            })
            .collect();
        Block::Gallery {
            images,
            start_indent: cx.indent,
        }
    }

    /// An image in a line of text, scaled to the text's size (a smiley, an icon).
    pub(super) fn inline_image(&mut self, index: usize, alt: &str, state: &InlineState) -> Span {
        let Some((image, width_px, height_px)) = self.frame_image(index) else {
            return self.span(alt, state);
        };
        let (width, height, descent) =
            if self.in_cell && !self.is_small(index, self.style.text.leading) {
                // In a table cell, a picture: at its size (96 pixels an inch), which the table
                // takes as a block of the cell and scales to the column.
                (width_px as f32 * PX, height_px as f32 * PX, 0.0)
            } else {
                let height = state.size * INLINE_IMAGE_EM;
                let width = height * width_px as f32 / height_px.max(1) as f32;
                (width, height, height * INLINE_IMAGE_DESCENT)
            };
        let node = self.figure_node(alt);
        let image = InlineImage {
            image,
            width,
            height,
            descent,
            node,
        };
        let mut span = Span::image(image, state.font, state.size);
        span.lang = Some(state.lang.to_string());
        span.link = state.link.clone();
        span
    }

    /// True when image `index` is small enough to be set in a line of text of `leading`:
    /// at most [`INLINE_IMAGE_LINES`] lines high at 96 pixels per inch.
    pub(super) fn is_small(&self, index: usize, leading: f32) -> bool {
        self.book
            .images
            .get(index)
            .and_then(|i| i.pixels)
            .is_some_and(|(_, h)| h as f32 * PX <= INLINE_IMAGE_LINES * leading)
    }

    /// A paragraph's content cut around the images too tall for its lines (alone, or inside
    /// a link, emphasis or a span), which become figures where they stand, captioned by their
    /// title; the text between them stays text (in its emphasis, link or span), and small
    /// images stay in it.
    pub(super) fn split_figures(&self, content: &[Inline], leading: f32) -> Vec<Part> {
        let mut parts = Vec::new();
        let mut text: Vec<Inline> = Vec::new();
        let mut pieces = Vec::new();
        for inline in content {
            self.pieces(inline, leading, &mut pieces);
        }
        for piece in pieces {
            match piece {
                Part::Text(mut inlines) => text.append(&mut inlines),
                Part::Figure(figure) => {
                    push_text_part(&mut parts, std::mem::take(&mut text));
                    parts.push(Part::Figure(figure));
                }
            }
        }
        push_text_part(&mut parts, text);
        parts
    }

    /// Content without the images too tall for a line of `leading` (wherever they are
    /// nested), and those images as figures, in order: a heading's, whose figures follow it.
    pub(super) fn take_figures(
        &self,
        content: &[Inline],
        leading: f32,
    ) -> (Vec<Inline>, Vec<model::Figure>) {
        let mut pieces = Vec::new();
        for inline in content {
            self.pieces(inline, leading, &mut pieces);
        }
        let mut text = Vec::new();
        let mut figures = Vec::new();
        for piece in pieces {
            match piece {
                Part::Text(mut inlines) => text.append(&mut inlines),
                Part::Figure(figure) => figures.push(figure),
            }
        }
        if !figures.is_empty() {
            trim_edges(&mut text);
        }
        (text, figures)
    }

    /// `inline` in pieces: itself (one text piece) when it holds no image too tall for the
    /// line; else the text around each such image, in copies of its containers, and the
    /// images as figures. A link around a figure is dropped (a figure is no link's text).
    fn pieces(&self, inline: &Inline, leading: f32, out: &mut Vec<Part>) {
        let content = match inline {
            Inline::Image {
                image,
                alt,
                title,
                align,
            } if !self.is_small(*image, leading) => {
                out.push(Part::Figure(model::Figure {
                    image: *image,
                    alt: alt.clone(),
                    align: *align,
                    caption: title.iter().map(|t| Inline::Text(t.clone())).collect(),
                }));
                return;
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Subscript(c)
            | Inline::Superscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Span { content: c, .. } => c,
            _ => {
                push_inline(out, inline.clone());
                return;
            }
        };
        let mut inner = Vec::new();
        for child in content {
            self.pieces(child, leading, &mut inner);
        }
        if !inner.iter().any(|p| matches!(p, Part::Figure(_))) {
            push_inline(out, inline.clone());
            return;
        }
        for piece in inner {
            match piece {
                Part::Text(run) => push_inline(out, rewrap(inline, run)),
                figure => out.push(figure),
            }
        }
    }

    pub(super) fn images(&self) -> Vec<ImageData> {
        self.image_list.clone()
    }
}

/// The modules of a QR code for `text` (error correction M), with the quiet zone, row by
/// row, and the number per side; `None` if the text is too long for a QR code.
fn qr_modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let inner = code.width();
    let size = inner + 2 * QR_QUIET_ZONE;
    let mut modules = vec![false; size * size];
    for (i, color) in code.to_colors().iter().enumerate() {
        let (row, col) = (i / inner + QR_QUIET_ZONE, i % inner + QR_QUIET_ZONE);
        modules[row * size + col] = *color == qrcode::Color::Dark;
    }
    Some((modules, size))
}

/// A piece of a paragraph: text, or an image set apart.
pub(super) enum Part {
    /// Text (and images small enough for its lines).
    Text(Vec<Inline>),
    /// An image too tall for the line.
    Figure(model::Figure),
}

/// Adds `inline` to the text piece at the end of `out` (or a new one).
fn push_inline(out: &mut Vec<Part>, inline: Inline) {
    match out.last_mut() {
        Some(Part::Text(text)) => text.push(inline),
        _ => out.push(Part::Text(vec![inline])),
    }
}

/// A copy of the container `outer` holding `content`.
fn rewrap(outer: &Inline, content: Vec<Inline>) -> Inline {
    match outer {
        Inline::Emph(_) => Inline::Emph(content),
        Inline::Strong(_) => Inline::Strong(content),
        Inline::Strike(_) => Inline::Strike(content),
        Inline::Subscript(_) => Inline::Subscript(content),
        Inline::Superscript(_) => Inline::Superscript(content),
        Inline::Link { url, title, .. } => Inline::Link {
            url: url.clone(),
            title: title.clone(),
            content,
        },
        Inline::Span { lang, .. } => Inline::Span {
            lang: lang.clone(),
            content,
        },
        other => other.clone(),
    }
}

/// Adds text to the parts unless it is only white space; the spaces and line ends at its
/// edges, left by the images cut out, are dropped.
fn push_text_part(parts: &mut Vec<Part>, mut text: Vec<Inline>) {
    trim_edges(&mut text);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
}

/// Drops the spaces and line ends at the edges of `text`.
fn trim_edges(text: &mut Vec<Inline>) {
    let blank = |i: &Inline| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::SoftBreak | Inline::LineBreak => true,
        _ => false,
    };
    while text.first().is_some_and(blank) {
        text.remove(0);
    }
    while text.last().is_some_and(blank) {
        text.pop();
    }
    if let Some(Inline::Text(t)) = text.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = text.last_mut() {
        *t = t.trim_end().to_string();
    }
}
