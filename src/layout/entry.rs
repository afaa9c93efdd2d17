//! One entry: its title, byline, body and notes.

use super::*;

impl Builder<'_> {
    pub(super) fn heading_block(&self, text: &str, level: u8, lang: &Lang) -> Block {
        let h = &self.style.headings;
        let size = match level {
            1 => h.title_size,
            2 => h.h2_size,
            _ => h.h3_size,
        };
        let mut style = self.paragraph_style(lang);
        style.align = Alignment::Start;
        style.leading = size * 1.25;
        style.space_before = if level == 1 { 0.0 } else { h.space_before };
        style.space_after = h.space_after;
        style.keep_with_next = true;
        style.hyphenate = false;
        Block::Paragraph(Paragraph {
            spans: vec![self.plain(text, self.sans(true), size, lang)],
            style,
            node: None,
        })
    }

    pub(super) fn entry(&mut self, entry: &Entry) -> Section {
        let l = locale::for_lang(&entry.lang);
        let lang = &entry.lang;
        let t = &self.style.text;
        self.doc_anchor = entry_anchor(entry);
        let mut blocks = vec![
            Block::Anchor(entry_anchor(entry)),
            self.heading(&entry.title, 1, lang),
        ];
        // Byline: authors linked to their pages, then the date.
        let mut byline: Vec<Span> = Vec::new();
        let small = t.font_size * 0.9;
        if !entry.authors.is_empty() {
            byline.push(self.plain(&format!("{} ", l.labels.by), self.sans(false), small, lang));
            for (i, id) in entry.authors.iter().enumerate() {
                if i > 0 {
                    byline.push(self.plain(", ", self.sans(false), small, lang));
                }
                let author = self.book.authors.iter().find(|a| &a.id == id);
                let name = author.map(|a| a.name.as_str()).unwrap_or(id);
                let mut span = self.plain(name, self.sans(true), small, lang);
                if author.is_some_and(|a| a.has_page) {
                    span.link = Some(LinkTarget::Anchor(author_anchor(id)));
                }
                byline.push(span);
            }
        }
        if let Some(date) = &entry.date {
            let sep = if byline.is_empty() { "" } else { " · " };
            byline.push(self.plain(
                &format!("{sep}{}", l.date(&date.date)),
                self.sans(false),
                small,
                lang,
            ));
        }
        if !byline.is_empty() {
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            style.space_after = t.leading;
            blocks.push(Block::Paragraph(Paragraph {
                spans: byline,
                style,
                node: None,
            }));
        }
        let note_base = self.notes.len();
        let cx = Context {
            lang: lang.clone(),
            indent: 0.0,
            notes: NoteScope {
                base: note_base,
                prefix: format!("{}-", entry.id),
            },
        };
        self.blocks(&entry.body, &cx, &mut blocks);
        self.footnotes(&entry.notes, &cx);
        // Category, tags, original address.
        let mut meta_lines = Vec::new();
        if let Some(category) = &entry.category {
            meta_lines.push(vec![self.plain(
                &format!("{}: {category}", l.labels.category),
                self.sans(false),
                small,
                lang,
            )]);
        }
        if !entry.tags.is_empty() {
            meta_lines.push(vec![self.plain(
                &format!("{}: {}", l.labels.tags, entry.tags.join(", ")),
                self.sans(false),
                small,
                lang,
            )]);
        }
        if let Some(url) = &entry.url {
            let mut link = self.plain(url, self.sans(false), small, lang);
            link.link = Some(LinkTarget::Url(url.clone()));
            meta_lines.push(vec![
                self.plain(
                    &format!("{}: ", l.labels.original_post),
                    self.sans(false),
                    small,
                    lang,
                ),
                link,
            ]);
        }
        for (i, spans) in meta_lines.into_iter().enumerate() {
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            style.leading = small * 1.35;
            style.space_before = if i == 0 { t.leading } else { 0.0 };
            blocks.push(Block::Paragraph(Paragraph {
                spans,
                style,
                node: None,
            }));
        }
        if self.style.qr
            && let Some(url) = &entry.url
            && let Some(qr) = self.qr_block(url, 0.0)
        {
            blocks.push(qr);
        }
        if !entry.responses.is_empty() {
            self.responses(entry, l, &mut blocks);
        }
        Section {
            blocks,
            start: if self.style.flow.recto {
                Start::NewRecto
            } else {
                Start::NewPage
            },
            running_title: Some(self.header_span(&entry.title, lang)),
            header_on_opening: false,
            folios: true,
            grid: true,
        }
    }
}
