//! An author page: name, photo, bio, links.

use super::*;

impl Builder<'_> {
    pub(super) fn author(&mut self, author: &model::Author) -> Section {
        let l = locale::for_lang(&author.lang);
        let lang = &author.lang;
        let t = &self.style.text;
        self.doc_anchor = author_anchor(&author.id);
        let mut blocks = vec![Block::Anchor(author_anchor(&author.id))];
        let mut label = self.line(
            self.plain(
                &l.labels.about_the_author,
                self.sans(false),
                t.font_size * 0.85,
                lang,
            ),
            Alignment::Start,
            t.leading,
            0.0,
        );
        if let Block::Paragraph(p) = &mut label {
            p.style.keep_with_next = true;
        }
        self.tag(&mut label, Role::Paragraph);
        blocks.push(label);
        let heading = self.heading(&author.name, 1, lang);
        blocks.push(heading);
        if let Some(photo) = author.photo
            && let Some(block) = self.image_block(photo, 0.0, Some(&author.name))
        {
            blocks.push(block);
        }
        let cx = Context {
            lang: lang.clone(),
            indent: 0.0,
            notes: NoteScope {
                base: self.notes.len(),
                prefix: format!("author-{}-", author.id),
            },
        };
        self.blocks(&author.bio, &cx, &mut blocks);
        for link in &author.links {
            let mut span = self.plain(link, self.sans(false), t.font_size * 0.9, lang);
            span.link = Some(LinkTarget::Url(link.clone()));
            blocks.push(self.line(span, Alignment::Start, t.leading, 0.0));
        }
        self.footnotes(&author.notes, &cx);
        Section {
            blocks,
            start: Start::NewPage,
            running_title: Some(self.header_span(&author.name, lang)),
            header_on_opening: false,
            folios: true,
            grid: true,
        }
    }
}
