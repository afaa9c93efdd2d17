//! The responses of an entry: comments with their replies, pingbacks, trackbacks.

use super::*;

impl Builder<'_> {
    pub(super) fn responses(&mut self, entry: &Entry, l: &Locale, blocks: &mut Vec<Block>) {
        let section = self.node(Role::Section, None);
        self.within(section, |b| b.responses_in_section(entry, l, blocks));
    }

    pub(super) fn responses_in_section(
        &mut self,
        entry: &Entry,
        l: &Locale,
        blocks: &mut Vec<Block>,
    ) {
        let lang = &entry.lang;
        blocks.push(Block::Anchor(responses_anchor(entry)));
        let heading = self.heading(&l.labels.responses, 2, lang);
        blocks.push(heading);
        let total = count(&entry.responses);
        let t = &self.style.text;
        let mut count_line = self.line(
            self.plain(
                &l.count(&l.counts.responses, total),
                FontRequest {
                    italic: true,
                    ..self.serif()
                },
                t.font_size * 0.9,
                lang,
            ),
            Alignment::Start,
            t.leading,
            0.0,
        );
        self.tag(&mut count_line, Role::Paragraph);
        blocks.push(count_line);
        let (comments, pings): (Vec<&Comment>, Vec<&Comment>) = entry
            .responses
            .iter()
            .partition(|c| c.kind == CommentKind::Comment);
        self.thread(entry, &comments, 0, blocks);
        if !pings.is_empty() {
            let heading = self.heading(&l.labels.pingbacks, 3, lang);
            blocks.push(heading);
            self.thread(entry, &pings, 0, blocks);
        }
    }

    /// Comments as a list, each an item whose body holds the comment and the list of its
    /// replies: who answers whom is in the structure, as in the EPUB's nested lists.
    pub(super) fn thread(
        &mut self,
        entry: &Entry,
        comments: &[&Comment],
        depth: usize,
        blocks: &mut Vec<Block>,
    ) {
        if comments.is_empty() {
            return;
        }
        let list = self.node(Role::Thread, None);
        for c in comments {
            let item = self.within(list, |b| b.node(Role::ListItem, Some(&c.lang)));
            let body = self.within(item, |b| b.node(Role::ListBody, None));
            self.within(body, |b| b.comment_in_item(entry, c, depth, blocks));
        }
    }

    pub(super) fn comment_in_item(
        &mut self,
        entry: &Entry,
        c: &Comment,
        depth: usize,
        blocks: &mut Vec<Block>,
    ) {
        let t = &self.style.text;
        let cl = locale::for_lang(&c.lang);
        let indent = depth as f32 * t.font_size * INDENT_EM;
        let small = t.font_size * 0.9;
        let mut meta = Vec::new();
        if c.kind != CommentKind::Comment {
            let label = if c.kind == CommentKind::Pingback {
                &cl.labels.pingback
            } else {
                &cl.labels.trackback
            };
            meta.push(self.plain(
                &format!("{label}: "),
                FontRequest {
                    italic: true,
                    ..self.sans(false)
                },
                small,
                &c.lang,
            ));
        }
        let mut author = self.plain(&c.author, self.sans(true), small, &c.lang);
        if let Some(url) = &c.url {
            author.link = Some(LinkTarget::Url(url.clone()));
        }
        meta.push(author);
        if let Some(date) = &c.date {
            meta.push(self.plain(
                &format!(" · {}", cl.date(&date.date)),
                self.sans(false),
                small,
                &c.lang,
            ));
        }
        let mut style = self.paragraph_style(&c.lang);
        style.align = Alignment::Start;
        style.hyphenate = false;
        style.start_indent = indent;
        style.space_before = t.leading * 0.6;
        style.leading = small * 1.35;
        style.keep_with_next = !c.body.is_empty();
        blocks.push(Block::Anchor(format!("comment-{}-{}", entry.id, c.id)));
        let mut meta = Block::Paragraph(Paragraph {
            spans: meta,
            style,
            node: None,
        });
        self.tag(&mut meta, Role::Paragraph);
        blocks.push(meta);
        let cx = Context {
            lang: c.lang.clone(),
            indent,
            notes: NoteScope {
                base: self.notes.len(),
                prefix: format!("{}-{}-", entry.id, c.id),
            },
        };
        let mut body = Vec::new();
        self.blocks(&c.body, &cx, &mut body);
        for block in &mut body {
            if let Block::Paragraph(p) = block {
                p.style.first_indent = 0.0;
            }
        }
        blocks.extend(body);
        self.footnotes(&c.notes, &cx);
        let replies: Vec<&Comment> = c.replies.iter().collect();
        self.thread(entry, &replies, depth + 1, blocks);
    }
}

pub(super) fn count(comments: &[Comment]) -> u64 {
    comments.iter().map(|c| 1 + count(&c.replies)).sum()
}
