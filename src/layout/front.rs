//! The front matter: cover, title page, copyright page.

use super::*;

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
        // The anchor holds the space below it at the top of the page (space alone at the top
        // of a page is dropped).
        let mut blocks = vec![Block::Anchor("cover".into()), Block::Space(h * 0.25)];
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), 26.0, lang),
            Alignment::Center,
            32.0,
            0.0,
        ));
        if let Some(sub) = &meta.subtitle {
            blocks.push(self.line(
                self.plain(sub, self.serif(), 13.0, lang),
                Alignment::Center,
                17.0,
                10.0,
            ));
        }
        blocks.push(Block::Rule {
            fraction: 0.3,
            thickness: 1.0,
            space: 18.0,
        });
        if !meta.creators.is_empty() {
            blocks.push(self.line(
                self.plain(&meta.creators.join(", "), self.sans(false), 12.0, lang),
                Alignment::Center,
                16.0,
                0.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * 0.25));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), 10.0, lang),
                Alignment::Center,
                14.0,
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
        let mut blocks = vec![Block::Anchor("title-page".into()), Block::Space(h * 0.2)];
        blocks.push(self.line(
            self.plain(&meta.title, self.sans(true), 20.0, lang),
            Alignment::Center,
            25.0,
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
                    12.0,
                    lang,
                ),
                Alignment::Center,
                16.0,
                8.0,
            ));
        }
        if !meta.creators.is_empty() {
            blocks.push(self.line(
                self.plain(&meta.creators.join(", "), self.serif(), 12.0, lang),
                Alignment::Center,
                16.0,
                30.0,
            ));
        }
        if !meta.editors.is_empty() {
            let text = format!("{} {}", l.labels.edited_by, meta.editors.join(", "));
            blocks.push(self.line(
                self.plain(&text, self.serif(), 10.0, lang),
                Alignment::Center,
                14.0,
                8.0,
            ));
        }
        if let Some(publisher) = &meta.publisher {
            blocks.push(Block::Space(h * 0.3));
            blocks.push(self.line(
                self.plain(publisher, self.sans(false), 10.0, lang),
                Alignment::Center,
                14.0,
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
