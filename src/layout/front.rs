//! The front matter: cover, title page, copyright page.

use super::*;
use crate::typeset::frame::{Item, Positioned};

// The page geometry of the front matter: where the blocks sit, as fractions of the text
// height (so they scale with the page) or as gaps in points between lines that belong
// together. The sizes of the text are style keys ([pdf.front]).

/// Space above the title on a generated cover: the title sits in the upper third.
const COVER_TOP: f32 = 0.25;
/// Gap above the cover's subtitle, in points.
const SUBTITLE_GAP: f32 = 10.0;
/// The rule under the cover's title: its length as a fraction of the text width, its
/// thickness and the space around it, in points.
const COVER_RULE_FRACTION: f32 = 0.3;
const COVER_RULE_THICKNESS: f32 = 1.0;
const COVER_RULE_SPACE: f32 = 18.0;
/// Space above the publisher on the cover.
const COVER_PUBLISHER_GAP: f32 = 0.25;
/// Space above the title on the title page (a little higher than on the cover).
const TITLE_TOP: f32 = 0.2;
/// Gap above the title page's subtitle and its editors line, in points.
const TITLE_SUBTITLE_GAP: f32 = 8.0;
/// Gap above the creators on the title page, in points: the byline stands apart.
const TITLE_BYLINE_GAP: f32 = 30.0;
/// Space above the publisher on the title page.
const TITLE_PUBLISHER_GAP: f32 = 0.3;

/// A cover image is cropped to the page's proportions when at least this share of its width
/// (or height) stays on the page: a portrait picture loses a sliver (2:3 on A5: 6 % of its
/// height), a square one 29 % of its width. A picture further from the page's shape (a
/// landscape map on a portrait page would keep under half of itself, names cut in two) is set
/// whole across the page, on the cover's colour, instead.
const COVER_KEEPS: f32 = 0.65;

/// What the cover page is drawn on, under its text: the whole page, to its edges.
#[derive(Debug, Clone, Copy)]
pub(super) struct Backdrop {
    /// The field of colour the page is filled with where no image covers it (the style's
    /// cover colour).
    color: [u8; 3],
    /// The book's cover image.
    image: Option<CoverImage>,
}

/// A cover image, as the page draws it.
#[derive(Debug, Clone, Copy)]
struct CoverImage {
    /// Index into the document's images.
    image: usize,
    /// Its size in pixels.
    pixels: (u32, u32),
    /// Its figure (`None`: a book without a title to name it by).
    node: Option<usize>,
}

impl Backdrop {
    /// The backdrop's items, first on a `width` × `height` page: the cover image scaled to
    /// cover the page (which crops it), or the field of colour with the image (if any) whole
    /// on it.
    pub(super) fn items(&self, width: f32, height: f32) -> Vec<Positioned> {
        let field = Positioned {
            x: 0.0,
            y: 0.0,
            item: Item::Fill {
                rects: vec![[0.0, 0.0, width, height]],
                color: self.color,
                node: None,
            },
        };
        let Some(cover) = self.image else {
            return vec![field];
        };
        let (placed, bled) = place(width, height, cover.pixels);
        let [x, y, w, h] = placed;
        let image = Positioned {
            x,
            y,
            item: Item::Image {
                image: cover.image,
                width: w,
                height: h,
                node: cover.node,
            },
        };
        if bled {
            vec![image]
        } else {
            vec![field, image]
        }
    }
}

/// Where an image of `pixels` is drawn on a `width` × `height` page (x, y, width, height),
/// and whether it covers the page. Scaled to cover it, keeping its proportions, and centred,
/// so that the page crops what overhangs it equally on both sides, when that keeps
/// [`COVER_KEEPS`] of it; else scaled to fit the page whole, centred.
fn place(width: f32, height: f32, pixels: (u32, u32)) -> ([f32; 4], bool) {
    let (pw, ph) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let (across, down) = (width / pw, height / ph);
    let (big, small) = (across.max(down), across.min(down));
    let bled = small / big >= COVER_KEEPS;
    let scale = if bled { big } else { small };
    let (w, h) = (pw * scale, ph * scale);
    ([(width - w) / 2.0, (height - h) / 2.0, w, h], bled)
}

impl Builder<'_> {
    /// A centred line of display text (a title, a subtitle, a byline): its lines, when it
    /// needs more than one, balanced to nearly equal lengths.
    fn display(&self, span: Span, leading: f32, space_before: f32) -> Block {
        let mut block = self.line(span, Alignment::Center, leading, space_before);
        if let Block::Paragraph(par) = &mut block {
            par.style.balance = true;
        }
        block
    }

    /// A section as a part of the document's structure; what it did not tag itself becomes
    /// paragraphs of the part.
    pub(super) fn part(
        &mut self,
        lang: Option<&Lang>,
        f: impl FnOnce(&mut Self) -> Section,
    ) -> Section {
        let part = self.node(Role::Part, lang);
        self.within(part, |b| {
            let mut section = f(b);
            b.tag_rest(&mut section.blocks);
            section
        })
    }

    pub(super) fn front(&self, blocks: Vec<Block>) -> Section {
        Section {
            blocks,
            start: Start::NewPage,
            running_title: None,
            header_on_opening: false,
            folios: false,
            grid: false,
        }
    }

    /// The cover: the book's cover image over the whole page (its backdrop, the page
    /// otherwise empty; see [`place`]), or a cover set from the book's title on a page-sized
    /// field of the style's colour.
    pub(super) fn cover(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        if let Some(index) = self.book.cover
            && let Some((image, width_px, height_px)) = self.frame_image(index)
        {
            // The cover usually prints the title itself: read as a figure named by it.
            let title = meta.title.clone();
            let node = self.figure_node(&title);
            self.backdrop = Some(Backdrop {
                color: self.style.cover_background,
                image: Some(CoverImage {
                    image,
                    pixels: (width_px, height_px),
                    node,
                }),
            });
            return self.front(vec![Block::Anchor("cover".into())]);
        }
        self.backdrop = Some(Backdrop {
            color: self.style.cover_background,
            image: None,
        });
        let h = self.text_height();
        let f = &self.style.front;
        // The anchor holds the space below it at the top of the page (space alone at the top
        // of a page is dropped).
        let mut blocks = vec![Block::Anchor("cover".into()), Block::Space(h * COVER_TOP)];
        blocks.push(self.display(
            self.plain(&meta.title, self.sans(true), f.cover_title_size, lang),
            f.cover_title_leading,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.display(
                self.plain(sub, self.serif(), f.cover_subtitle_size, lang),
                f.cover_subtitle_leading,
                SUBTITLE_GAP,
            ));
        }
        blocks.push(Block::Rule {
            fraction: COVER_RULE_FRACTION,
            thickness: COVER_RULE_THICKNESS,
            space: COVER_RULE_SPACE,
        });
        if !meta.creators.is_empty() {
            blocks.push(self.display(
                self.plain(
                    &meta.creators.join(", "),
                    self.sans(false),
                    f.byline_size,
                    lang,
                ),
                f.byline_leading,
                0.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * COVER_PUBLISHER_GAP));
            blocks.push(self.display(
                self.plain(publisher, self.sans(false), f.small_size, lang),
                f.small_leading,
                0.0,
            ));
        }
        self.front(blocks)
    }

    pub(super) fn title_page(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        let l = locale::for_lang(lang);
        let h = self.text_height();
        let f = &self.style.front;
        let mut blocks = vec![
            Block::Anchor("title-page".into()),
            Block::Space(h * TITLE_TOP),
        ];
        blocks.push(self.display(
            self.plain(&meta.title, self.sans(true), f.title_size, lang),
            f.title_leading,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.display(
                self.plain(
                    sub,
                    FontRequest {
                        italic: true,
                        ..self.serif()
                    },
                    f.subtitle_size,
                    lang,
                ),
                f.subtitle_leading,
                TITLE_SUBTITLE_GAP,
            ));
        }
        if !meta.creators.is_empty() {
            blocks.push(self.display(
                self.plain(&meta.creators.join(", "), self.serif(), f.byline_size, lang),
                f.byline_leading,
                TITLE_BYLINE_GAP,
            ));
        }
        if !meta.editors.is_empty() {
            let text = format!("{} {}", l.labels.edited_by, meta.editors.join(", "));
            blocks.push(self.display(
                self.plain(&text, self.serif(), f.small_size, lang),
                f.small_leading,
                TITLE_SUBTITLE_GAP,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * TITLE_PUBLISHER_GAP));
            blocks.push(self.display(
                self.plain(publisher, self.sans(false), f.small_size, lang),
                f.small_leading,
                0.0,
            ));
        }
        self.front(blocks)
    }

    pub(super) fn copyright_page(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        let l = locale::for_lang(lang);
        let size = self.style.footnotes.font_size;
        let leading = self.style.footnotes.leading;
        let h = self.text_height();
        let mut lines: Vec<String> = vec![meta.title.clone()];
        if let Some(rights) = &meta.rights {
            lines.push(rights.clone());
        }
        if let Some(licence) = &meta.licence {
            lines.push(format!("{}: {licence}", l.labels.licence));
        }
        if let Some(publisher) = &meta.publisher {
            lines.push(format!("{}: {publisher}", l.labels.publisher));
        }
        if let Some(date) = &meta.date {
            lines.push(format!("{}: {}", l.labels.published, l.date(date)));
        }
        lines.push(match &meta.identifier {
            Identifier::Isbn13(_) => meta.identifier.printed(),
            other => format!("{}: {}", l.labels.identifier, other.urn()),
        });
        let url = meta.url.clone();
        let qr = match &url {
            Some(url) if self.style.qr => self.qr_block(url, 0.0),
            _ => None,
        };
        // The notice sits at the foot of the page; a QR code takes its room above it.
        let qr_height = match &qr {
            Some(Block::Qr { size, module, .. }) => *size as f32 * module + 4.0,
            _ => 0.0,
        };
        let mut blocks = vec![
            Block::Anchor("copyright".into()),
            Block::Space((h * 0.6 - qr_height).max(0.0)),
        ];
        for (i, text) in lines.iter().enumerate() {
            let mut p = self.line(
                self.plain(text, self.serif(), size, lang),
                Alignment::Start,
                leading,
                if i == 0 { 0.0 } else { 3.0 },
            );
            if let Block::Paragraph(par) = &mut p {
                par.style.hyphenate = false;
            }
            blocks.push(p);
        }
        if let Some(url) = url {
            let mut span = self.plain(&url, self.serif(), size, lang);
            span.link = Some(LinkTarget::Url(url.clone()));
            blocks.push(self.line(span, Alignment::Start, leading, 3.0));
        }
        blocks.extend(qr);
        self.front(blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::place;

    /// An A5 page, in points.
    const A5: (f32, f32) = (420.0, 595.0);

    #[test]
    fn a_tall_cover_fills_the_page_width_and_overhangs_top_and_bottom_equally() {
        let ([x, y, w, h], bled) = place(A5.0, A5.1, (1200, 1800));
        assert!(bled);
        assert_eq!((x, w), (0.0, 420.0));
        assert!(
            (h - 630.0).abs() < 1e-3 && (y + 17.5).abs() < 1e-3,
            "{y} {h}"
        );
    }

    #[test]
    fn a_square_cover_fills_the_page_height_and_overhangs_both_sides_equally() {
        let ([x, y, w, h], bled) = place(A5.0, A5.1, (1000, 1000));
        assert!(bled);
        assert_eq!((y, h, w), (0.0, 595.0, 595.0));
        assert!((x * 2.0 + w - 420.0).abs() < 1e-3 && x < 0.0);
    }

    #[test]
    fn a_landscape_cover_is_set_whole_across_the_page() {
        // A 10:7 map would keep under half of its width on a portrait page.
        let ([x, y, w, h], bled) = place(A5.0, A5.1, (1000, 700));
        assert!(!bled);
        assert_eq!((x, w), (0.0, 420.0));
        assert!((w / h - 1000.0 / 700.0).abs() < 1e-4);
        assert!((y * 2.0 + h - 595.0).abs() < 1e-3 && y > 0.0);
    }
}
