//! Images as units: a figure centred with its caption below, a figure floated to a side with
//! the text that follows set around it, and galleries in rows of equal height.

use super::Paginator;
use super::units::{Unit, UnitKind};
use crate::typeset::content::{GalleryImage, Paragraph, Side, Wrap};
use crate::typeset::frame::{Item, Positioned};
use crate::typeset::inline::BASELINE;

/// Points per pixel, at 96 pixels per inch (CSS's reference pixel).
const PX: f32 = 0.75;
/// A figure is never taller than this fraction of the text area, so that it leaves room for
/// its caption and some text on its page.
const MAX_HEIGHT: f32 = 0.7;
/// A floated image takes at most this fraction of the measure, as WordPress themes set it.
const FLOAT_MAX: f32 = 0.45;
/// The text beside a float needs at least this many points of measure (twelve ems of 10 pt
/// text), or the image is centred instead: narrower, its lines would hold a word or two.
const FLOAT_MIN_TEXT: f32 = 120.0;
/// Space between a floated image and the text beside it, and below it.
const FLOAT_GAP: f32 = 9.0;
/// Space above and below a centred figure.
const FIGURE_SPACE: f32 = 6.0;
/// Space between an image and its caption.
const CAPTION_GAP: f32 = 3.0;
/// Rows of a gallery aim at this fraction of the measure in height, and are stretched or
/// shrunk to fill it: three pictures of 4:3 fill a row.
const GALLERY_ROW: f32 = 0.25;
/// How far past the target height the last row of a gallery may stretch to fill the measure.
const LAST_ROW_STRETCH: f32 = 1.5;
/// Space between the images of a gallery.
const GALLERY_GAP: f32 = 4.0;

/// An image floated beside the text: the room it keeps free for the text that follows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Float {
    /// Height still beside the text, from the top of the next unit.
    pub(super) remaining: f32,
    /// The room kept free at the side (the image and the gap).
    pub(super) width: f32,
    /// Its side.
    pub(super) side: Side,
}

/// An image and its caption as [`Paginator::image_units`] is given them.
pub(super) struct Figure<'b> {
    pub(super) image: usize,
    pub(super) width_px: u32,
    pub(super) height_px: u32,
    pub(super) start_indent: f32,
    pub(super) node: Option<usize>,
    pub(super) caption: Option<&'b Paragraph>,
    pub(super) float: Option<Side>,
}

impl Paginator<'_, '_, '_> {
    /// A figure as units: a centred one as one unit (image and caption kept together); a
    /// floated one as a unit that takes no height, with the room it keeps beside the text.
    pub(super) fn image_units(&self, figure: &Figure, width: f32) -> (Vec<Unit>, Option<Float>) {
        let measure = width - figure.start_indent;
        let natural = figure.width_px as f32 * PX;
        let aspect = figure.height_px as f32 / figure.width_px.max(1) as f32;
        if let Some(side) = figure.float {
            let w = natural.min(measure * FLOAT_MAX);
            if measure - w - FLOAT_GAP >= FLOAT_MIN_TEXT {
                let h = w * aspect;
                let x = match side {
                    Side::Left => figure.start_indent,
                    Side::Right => width - w,
                };
                let mut items = vec![image_item(figure, x, 0.0, w, h)];
                let caption = self.caption_items(figure.caption, x, h + CAPTION_GAP, w);
                let height = h + caption.1 + FLOAT_GAP;
                items.extend(caption.0);
                let unit = Unit {
                    kind: UnitKind::Block(items),
                    height: 0.0,
                    space_before: 0.0,
                    breakable: true,
                    notes: Vec::new(),
                    header: None,
                };
                let float = Float {
                    remaining: height,
                    width: w + FLOAT_GAP,
                    side,
                };
                return (vec![unit], Some(float));
            }
        }
        let mut w = natural.min(measure);
        let mut h = w * aspect;
        let max_h = self.geometry().text_height() * MAX_HEIGHT;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let x = figure.start_indent + (measure - w) / 2.0;
        let mut items = vec![image_item(figure, x, 0.0, w, h)];
        let (caption, caption_height) = self.caption_items(
            figure.caption,
            figure.start_indent,
            h + CAPTION_GAP,
            measure,
        );
        items.extend(caption);
        let unit = Unit {
            kind: UnitKind::Block(items),
            height: h + caption_height + FIGURE_SPACE,
            space_before: FIGURE_SPACE,
            breakable: true,
            notes: Vec::new(),
            header: None,
        };
        (vec![unit], None)
    }

    /// The lines of a caption set at `width` from (`x`, `y`), and their height (with the gap
    /// above them).
    fn caption_items(
        &self,
        caption: Option<&Paragraph>,
        x: f32,
        y: f32,
        width: f32,
    ) -> (Vec<Positioned>, f32) {
        let Some(caption) = caption else {
            return (Vec::new(), 0.0);
        };
        let leading = caption.style.leading;
        let mut items = Vec::new();
        let lines = self.setter.set(caption, width);
        for (i, line) in lines.iter().enumerate() {
            let baseline = y + i as f32 * leading + BASELINE * leading;
            for item in &line.items {
                items.push(Positioned {
                    x: x + item.x,
                    y: baseline + item.y,
                    ..item.clone()
                });
            }
        }
        (items, CAPTION_GAP + lines.len() as f32 * leading)
    }

    /// A gallery as one unit per row: images in order, as many to a row as fill the measure
    /// at about [`GALLERY_ROW`] of it in height, scaled to one height that fills it exactly
    /// (the last row keeps that height and is centred when it falls short).
    pub(super) fn gallery_units(
        &self,
        images: &[GalleryImage],
        start_indent: f32,
        width: f32,
    ) -> Vec<Unit> {
        let measure = width - start_indent;
        let target = measure * GALLERY_ROW;
        let aspect = |i: &GalleryImage| i.width_px as f32 / i.height_px.max(1) as f32;
        let mut units = Vec::new();
        let mut row: Vec<&GalleryImage> = Vec::new();
        let mut flush = |row: &mut Vec<&GalleryImage>, last: bool| {
            if row.is_empty() {
                return;
            }
            let gaps = GALLERY_GAP * (row.len() - 1) as f32;
            let sum: f32 = row.iter().map(|i| aspect(i)).sum();
            let fill = (measure - gaps) / sum.max(0.01);
            // The last row is stretched to fill the measure only up to half again the target
            // height (two pictures alone would be huge); none is taller than a third of the
            // text area.
            let stretched = if last {
                fill.min(target * LAST_ROW_STRETCH)
            } else {
                fill
            };
            let h = stretched.min(self.geometry().text_height() / 3.0);
            let total: f32 = row.iter().map(|i| aspect(i) * h).sum::<f32>() + gaps;
            let mut x = start_indent + (measure - total).max(0.0) / 2.0;
            let mut items = Vec::new();
            for image in row.drain(..) {
                let w = aspect(image) * h;
                items.push(Positioned {
                    x,
                    y: 0.0,
                    item: Item::Image {
                        image: image.image,
                        width: w,
                        height: h,
                        node: image.node,
                    },
                });
                x += w + GALLERY_GAP;
            }
            units.push(Unit {
                kind: UnitKind::Block(items),
                height: h + GALLERY_GAP,
                space_before: if units.is_empty() { FIGURE_SPACE } else { 0.0 },
                breakable: true,
                notes: Vec::new(),
                header: None,
            });
        };
        let mut width_at_target = 0.0;
        for image in images {
            row.push(image);
            width_at_target += aspect(image) * target + GALLERY_GAP;
            if width_at_target >= measure {
                flush(&mut row, false);
                width_at_target = 0.0;
            }
        }
        flush(&mut row, true);
        if let Some(last) = units.last_mut() {
            last.height += FIGURE_SPACE;
        }
        units
    }

    /// The paragraph as set beside a float: the room it keeps on the lines it reaches.
    pub(super) fn wrapped(&self, par: &Paragraph, float: &Float) -> Paragraph {
        let lines = ((float.remaining - par.style.space_before) / par.style.leading)
            .ceil()
            .max(0.0) as usize;
        let mut par = par.clone();
        par.style.wrap = Some(Wrap {
            lines,
            width: float.width,
            left: float.side == Side::Left,
        });
        par
    }
}

fn image_item(figure: &Figure, x: f32, y: f32, width: f32, height: f32) -> Positioned {
    Positioned {
        x,
        y,
        item: Item::Image {
            image: figure.image,
            width,
            height,
            node: figure.node,
        },
    }
}
