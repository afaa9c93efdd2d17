//! The table of contents, with the page numbers of the previous pass.

use super::*;

impl Builder<'_> {
    pub(super) fn contents(&mut self, numbers: &HashMap<String, usize>) -> Section {
        let lang = &self.book.meta.lang;
        let l = locale::for_lang(lang);
        let t = &self.style.text;
        let mut blocks = vec![self.heading_block(&l.labels.contents, 1, lang)];
        let number = |anchor: &str| {
            numbers
                .get(anchor)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "000".into())
        };
        // Entries with lines under them (responses, authors) are set off from each other by a
        // whole line, which keeps the contents on the baseline grid; single lines follow on.
        let grouped = self.book.entries.iter().any(|e| !e.responses.is_empty())
            || self.book.authors.iter().any(|a| a.has_page);
        let mut entry_line = |title: &str, lang: &Lang, anchor: String, indent: f32, bold: bool| {
            let font = FontRequest {
                family: Family::Serif,
                bold,
                italic: false,
            };
            let mut span = self.plain(title, font, t.font_size, lang);
            span.link = Some(LinkTarget::Anchor(anchor.clone()));
            // The space reads the number as a word of its own after the title (it sits at
            // the number's left, where the line's end leaves room, and draws nothing).
            let mut trailer = self.plain(
                &format!(" {}", number(&anchor)),
                self.serif(),
                t.font_size,
                &self.book.meta.lang,
            );
            trailer.link = Some(LinkTarget::Anchor(anchor));
            let mut style = self.paragraph_style(lang);
            style.align = Alignment::Start;
            style.hyphenate = false;
            // A long title's next lines hang under its first, deeper than the entries below
            // it (responses, authors), so they do not read as an entry of their own.
            let hang = 2.0 * t.font_size * INDENT_EM;
            style.start_indent = indent + hang;
            style.first_indent = -hang;
            style.end_indent = t.font_size * 3.0;
            let first = blocks.len() == 1;
            style.space_before = if indent == 0.0 && grouped && !first {
                t.leading
            } else {
                0.0
            };
            style.rtl = false;
            style.trailer = Some(Box::new(trailer));
            blocks.push(Block::Paragraph(Paragraph {
                spans: vec![span],
                style,
                node: None,
            }));
        };
        for entry in &self.book.entries {
            entry_line(&entry.title, &entry.lang, entry_anchor(entry), 0.0, false);
            if !entry.responses.is_empty() {
                let el = locale::for_lang(&entry.lang);
                entry_line(
                    &el.labels.responses,
                    &entry.lang,
                    responses_anchor(entry),
                    t.font_size * INDENT_EM,
                    false,
                );
            }
        }
        let pages: Vec<_> = self.book.authors.iter().filter(|a| a.has_page).collect();
        if let Some(first) = pages.first() {
            entry_line(
                &l.labels.authors,
                lang,
                author_anchor(&first.id),
                0.0,
                false,
            );
            for a in &pages {
                entry_line(
                    &a.name,
                    &a.lang,
                    author_anchor(&a.id),
                    t.font_size * INDENT_EM,
                    false,
                );
            }
        }
        // The heading, then the contents: an item per line, each a paragraph of links.
        if let Some((heading, lines)) = blocks.split_first_mut() {
            self.tag(heading, Role::Heading(1));
            let toc = self.node(Role::Contents, None);
            for line in lines {
                let item = self.within(toc, |b| b.node(Role::ContentsItem, None));
                self.within(item, |b| b.tag(line, Role::Paragraph));
            }
        }
        Section {
            blocks,
            start: Start::NewPage,
            running_title: Some(self.header_span(&l.labels.contents, lang)),
            header_on_opening: false,
            folios: true,
            grid: true,
        }
    }
}
