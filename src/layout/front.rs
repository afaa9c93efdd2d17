//! The front matter: cover, title page, copyright page.

use super::*;

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

impl Builder<'_> {
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

    pub(super) fn cover(&mut self) -> Section {
        let meta = &self.book.meta;
        let lang = &meta.lang;
        if let Some(index) = self.book.cover
            && let Some(block) = self.image_block(index, 0.0, Some(&meta.title))
        {
            return self.front(vec![block]);
        }
        let h = self.text_height();
        let f = &self.style.front;
        // The anchor holds the space below it at the top of the page (space alone at the top
        // of a page is dropped).
        let mut blocks = vec![Block::Anchor("cover".into()), Block::Space(h * COVER_TOP)];
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), f.cover_title_size, lang),
            Alignment::Center,
            f.cover_title_leading,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.line(
                self.plain(sub, self.serif(), f.cover_subtitle_size, lang),
                Alignment::Center,
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
            blocks.push(self.line(
                self.plain(
                    &meta.creators.join(", "),
                    self.sans(false),
                    f.byline_size,
                    lang,
                ),
                Alignment::Center,
                f.byline_leading,
                0.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * COVER_PUBLISHER_GAP));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), f.small_size, lang),
                Alignment::Center,
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
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), f.title_size, lang),
            Alignment::Center,
            f.title_leading,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.line(
                self.plain(
                    sub,
                    FontRequest {
                        italic: true,
                        ..self.serif()
                    },
                    f.subtitle_size,
                    lang,
                ),
                Alignment::Center,
                f.subtitle_leading,
                TITLE_SUBTITLE_GAP,
            ));
        }
        if !meta.creators.is_empty() {
            blocks.push(self.line(
                self.plain(&meta.creators.join(", "), self.serif(), f.byline_size, lang),
                Alignment::Center,
                f.byline_leading,
                TITLE_BYLINE_GAP,
            ));
        }
        if !meta.editors.is_empty() {
            let text = format!("{} {}", l.labels.edited_by, meta.editors.join(", "));
            blocks.push(self.line(
                self.plain(&text, self.serif(), f.small_size, lang),
                Alignment::Center,
                f.small_leading,
                TITLE_SUBTITLE_GAP,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * TITLE_PUBLISHER_GAP));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), f.small_size, lang),
                Alignment::Center,
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
