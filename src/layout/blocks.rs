//! Model blocks into typeset blocks, and the footnotes they cite.

use super::*;

impl Builder<'_> {
    pub(super) fn footnotes(&mut self, notes: &[model::Note], cx: &Context) {
        let size = self.style.footnotes.font_size;
        let leading = self.style.footnotes.leading;
        for note in notes {
            let note_node = self.node(Role::Note, None);
            // Read inside the paragraph, right after the reference that cites it first.
            self.structure[note_node].after = self.note_refs.get(&self.notes.len()).copied();
            let saved = self.parent.replace(note_node);
            // The note's number is its label: a link back to the reference, read as the
            // reference is ("Note 1").
            let label = self.node(Role::Label, None);
            let back = self.within(label, |b| b.node(Role::Link, None));
            let name = &locale::for_lang(&cx.lang).labels.note;
            self.structure[back].alt = Some(format!("{name} {}", note.number));
            let ncx = Context {
                lang: cx.lang.clone(),
                indent: 0.0,
                notes: NoteScope {
                    base: usize::MAX,
                    prefix: cx.notes.prefix.clone(),
                },
            };
            let mut blocks = Vec::new();
            self.blocks_sized(&note.body, &ncx, size, leading, &mut blocks);
            let mut paragraphs: Vec<Paragraph> = blocks
                .into_iter()
                .filter_map(|b| match b {
                    Block::Paragraph(p) => Some(p),
                    _ => None,
                })
                .collect();
            let mut number =
                self.plain(&format!("{}. ", note.number), self.serif(), size, &cx.lang);
            number
                .anchors
                .push(format!("note-{}{}", cx.notes.prefix, note.number));
            number.link = Some(LinkTarget::Anchor(format!(
                "noteref-{}{}-1",
                cx.notes.prefix, note.number
            )));
            number.node = Some(back);
            match paragraphs.first_mut() {
                Some(first) => first.spans.insert(0, number),
                None => {
                    let mut style = self.paragraph_style(&cx.lang);
                    style.leading = leading;
                    paragraphs.push(Paragraph {
                        spans: vec![number],
                        style,
                        node: None,
                    });
                }
            }
            for p in &mut paragraphs {
                p.style.first_indent = 0.0;
                p.style.space_before = 0.0;
                let mut block = Block::Paragraph(std::mem::replace(
                    p,
                    Paragraph {
                        spans: Vec::new(),
                        style: p.style.clone(),
                        node: None,
                    },
                ));
                self.tag(&mut block, Role::Paragraph);
                if let Block::Paragraph(tagged) = block {
                    *p = tagged;
                }
            }
            self.parent = saved;
            self.notes.push(Footnote { paragraphs });
        }
    }

    pub(super) fn blocks(&mut self, blocks: &[model::Block], cx: &Context, out: &mut Vec<Block>) {
        let size = self.style.text.font_size;
        let leading = self.style.text.leading;
        self.blocks_sized(blocks, cx, size, leading, out);
    }

    /// Converts blocks at a text size (body text, or notes).
    pub(super) fn blocks_sized(
        &mut self,
        blocks: &[model::Block],
        cx: &Context,
        size: f32,
        leading: f32,
        out: &mut Vec<Block>,
    ) {
        let mut previous_paragraph = false;
        for block in blocks {
            let is_paragraph = matches!(block, model::Block::Paragraph { .. });
            match block {
                model::Block::Paragraph { lang, content } => {
                    let lang = lang.clone().unwrap_or_else(|| cx.lang.clone());
                    let undeclared = matches!(block, model::Block::Paragraph { lang: None, .. });
                    // Images too tall for the line are figures of their own, where they stand.
                    let mut indent = previous_paragraph;
                    for part in self.split_figures(content, leading) {
                        match part {
                            Part::Text(content) => {
                                let text = TextPart {
                                    lang: &lang,
                                    undeclared,
                                    indent,
                                };
                                out.push(self.paragraph_block(&content, &text, cx, size, leading));
                            }
                            Part::Figure(figure) => {
                                if let Some(b) = self.figure_block(&figure, cx) {
                                    out.push(b);
                                }
                            }
                        }
                        // The text after a figure goes on with its paragraph: no indent.
                        indent = false;
                    }
                }
                model::Block::Figure(figure) => {
                    if let Some(b) = self.figure_block(figure, cx) {
                        out.push(b);
                    }
                }
                model::Block::Gallery { figures } => out.push(self.gallery_block(figures, cx)),
                model::Block::Heading { level, id, content } => {
                    // The heading's own space above is the space after what comes before.
                    if let Some(Block::Paragraph(p)) = out.last_mut() {
                        p.style.space_after = 0.0;
                    }
                    out.push(Block::Anchor(heading_anchor(&self.doc_anchor, id)));
                    // Images too tall for the line are figures right after the heading.
                    let (content, figures) = self.take_figures(content, leading);
                    // Set from its inlines, as a paragraph is: emphasis, links and the marks
                    // of the notes it cites (which then go to the foot of its page) are kept.
                    let level = (*level).max(2);
                    let mut b = self.heading_block("", level, &cx.lang);
                    if let Block::Paragraph(p) = &mut b {
                        let state = InlineState {
                            font: self.sans(true),
                            size: p
                                .spans
                                .first()
                                .map_or(self.style.text.font_size, |s| s.size),
                            lang: cx.lang.clone(),
                            link: None,
                        };
                        p.spans = self.spans(&content, &state, cx);
                        p.style.start_indent = cx.indent;
                    }
                    self.tag(&mut b, Role::Heading(level));
                    out.push(b);
                    for figure in figures {
                        if let Some(b) = self.figure_block(&figure, cx) {
                            out.push(b);
                        }
                    }
                }
                model::Block::Quote { blocks } => {
                    let inner = Context {
                        indent: cx.indent + size * INDENT_EM,
                        ..cx.clone()
                    };
                    let (before, after) = self.display_space(out, leading);
                    let mut quoted = Vec::new();
                    let quote = self.node(Role::BlockQuote, None);
                    self.within(quote, |b| {
                        b.blocks_sized(blocks, &inner, size, leading, &mut quoted)
                    });
                    for (i, b) in quoted.iter_mut().enumerate() {
                        if let Block::Paragraph(p) = b {
                            p.style.end_indent += size;
                            p.style.first_indent = 0.0;
                            if i == 0 {
                                p.style.space_before = before;
                            }
                            if !p.style.rtl {
                                for s in &mut p.spans {
                                    s.font.italic = !s.font.italic;
                                }
                            }
                        }
                    }
                    if let Some(Block::Paragraph(p)) = quoted.last_mut() {
                        p.style.space_after = after;
                    }
                    out.extend(quoted);
                }
                model::Block::List { start, items, .. } => {
                    let inner = Context {
                        indent: cx.indent + size * INDENT_EM,
                        ..cx.clone()
                    };
                    let (before, after) = self.display_space(out, leading);
                    let list = self.node(
                        Role::List {
                            numbered: start.is_some(),
                        },
                        None,
                    );
                    for (i, item) in items.iter().enumerate() {
                        let li = self.within(list, |b| b.node(Role::ListItem, None));
                        let (label, body) = self.within(li, |b| {
                            (b.node(Role::Label, None), b.node(Role::ListBody, None))
                        });
                        // A task's box is read as a word ("Done", "To do"), not as "[x]".
                        let labels = &locale::for_lang(&cx.lang).labels;
                        self.structure[label].alt = match item.task {
                            Some(true) => Some(labels.task_done.clone()),
                            Some(false) => Some(labels.task_open.clone()),
                            None => None,
                        };
                        // Task lists: ballot boxes, not the brackets typed in the source.
                        let marker = match (item.task, start) {
                            (Some(true), _) => "\u{2611}".to_string(),
                            (Some(false), _) => "\u{2610}".to_string(),
                            (None, Some(n)) => format!("{}.", *n as usize + i),
                            (None, None) => "•".to_string(),
                        };
                        let mut converted = Vec::new();
                        self.lists += 1;
                        self.within(body, |b| {
                            b.blocks_sized(&item.blocks, &inner, size, leading, &mut converted)
                        });
                        self.lists -= 1;
                        let mut marked = false;
                        for b in &mut converted {
                            if let Block::Paragraph(p) = b {
                                p.style.first_indent = 0.0;
                                if !marked {
                                    let mut span =
                                        self.plain(&marker, self.serif(), size, &cx.lang);
                                    span.node = Some(label);
                                    p.style.marker = Some(Box::new(span));
                                    // Items follow each other line after line; the list
                                    // as a whole is set off.
                                    p.style.space_before = if i == 0 { before } else { 0.0 };
                                    marked = true;
                                }
                            }
                        }
                        out.extend(converted);
                    }
                    // As much space after the list as before it (or above its heading).
                    if let Some(Block::Paragraph(p)) = out.last_mut().filter(|_| !items.is_empty())
                    {
                        p.style.space_after = p.style.space_after.max(after);
                    }
                }
                model::Block::Code { text, .. } => {
                    let code = &self.style.code;
                    let mut style = self.paragraph_style(&cx.lang);
                    style.align = Alignment::Start;
                    style.leading = code.leading;
                    style.hyphenate = false;
                    style.preformatted = true;
                    style.rtl = false;
                    style.start_indent = cx.indent + size * 0.8;
                    // A wrapped line's rest hangs by two characters of the monospaced face
                    // (0.6 em each), after the mark that ends the line it continues.
                    style.hang = code.font_size * 1.2;
                    style.space_before = leading * 0.5;
                    style.space_after = leading * 0.5;
                    let text = text.trim_end_matches('\n').replace('\t', "    ");
                    let span = self.plain(
                        &text,
                        FontRequest {
                            family: Family::Mono,
                            bold: false,
                            italic: false,
                        },
                        code.font_size,
                        &cx.lang,
                    );
                    let p = self.node(Role::Paragraph, None);
                    let code = self.within(p, |b| b.node(Role::Code, None));
                    out.push(Block::Paragraph(Paragraph {
                        spans: vec![span],
                        style,
                        node: Some(code),
                    }));
                }
                model::Block::Table {
                    align,
                    header,
                    rows,
                } => {
                    let state = InlineState {
                        font: self.serif(),
                        size: size * 0.9,
                        lang: cx.lang.clone(),
                        link: None,
                    };
                    // Each cell's content is set inside its cell's element (a picture in it is
                    // a figure of the cell); images too tall for a line keep their size, as
                    // blocks of their cells (the table scales them to the column).
                    // Read after the element before it, where it stands in the text, even
                    // when it is drawn later (a table too wide for the page waits for a
                    // landscape page of its own).
                    let before = self.structure.iter().rposition(|n| n.parent == self.parent);
                    let table = self.node(Role::Table, None);
                    self.structure[table].after = before;
                    let mut cell_nodes = Vec::new();
                    let mut set = Vec::new();
                    self.in_cell = true;
                    for (r, row) in std::iter::once(header).chain(rows.iter()).enumerate() {
                        let tr = self.within(table, |b| b.node(Role::TableRow, None));
                        let role = if r == 0 {
                            Role::TableHeader
                        } else {
                            Role::TableCell
                        };
                        let columns = align.len().max(row.len());
                        let nodes: Vec<usize> = (0..columns)
                            .map(|_| self.within(tr, |b| b.node(role, None)))
                            .collect();
                        set.push(
                            row.iter()
                                .zip(&nodes)
                                .map(|(c, &td)| self.within(td, |b| b.spans(c, &state, cx)))
                                .collect::<Vec<_>>(),
                        );
                        cell_nodes.push(nodes.into_iter().map(Some).collect());
                    }
                    self.in_cell = false;
                    let mut set = set.into_iter();
                    let header = set.next().unwrap_or_default();
                    let rows: Vec<_> = set.collect();
                    let mut block = Block::Table(Table {
                        align: align
                            .iter()
                            .map(|a| match a {
                                Align::Center => CellAlign::Center,
                                Align::Right => CellAlign::End,
                                _ => CellAlign::Start,
                            })
                            .collect(),
                        header,
                        rows,
                        leading: leading * 0.9,
                        start_indent: cx.indent,
                        cell_nodes,
                        rtl: cx.lang.direction() == Direction::Rtl,
                        min_scale: self.style.table_min_scale,
                    });
                    self.tag_links(&mut block);
                    out.push(block);
                }
                model::Block::Definitions { items } => {
                    self.definitions(items, cx, size, leading, out)
                }
                model::Block::Rule => out.push(Block::Rule {
                    fraction: 0.3,
                    thickness: 0.5,
                    space: leading * 0.6,
                }),
            }
            previous_paragraph = is_paragraph;
        }
    }
}

impl Builder<'_> {
    /// The space that sets a list, a quotation or a definition list off the text, before
    /// and after it: a whole line, so that the text around stays on the baseline grid; none
    /// for a list inside a list (part of its item), and none before one right under a
    /// heading or a term, which keeps with it.
    pub(super) fn display_space(&self, out: &[Block], leading: f32) -> (f32, f32) {
        if self.lists > 0 {
            return (0.0, 0.0);
        }
        let under_heading =
            matches!(out.last(), Some(Block::Paragraph(p)) if p.style.keep_with_next);
        (if under_heading { 0.0 } else { leading }, leading)
    }
}

/// How a paragraph's text is set: its language, whether it was declared, and whether its
/// first line is indented (it follows a paragraph).
struct TextPart<'l> {
    lang: &'l Lang,
    undeclared: bool,
    indent: bool,
}

impl Builder<'_> {
    /// A paragraph of body text at a size.
    fn paragraph_block(
        &mut self,
        content: &[Inline],
        part: &TextPart,
        cx: &Context,
        size: f32,
        leading: f32,
    ) -> Block {
        let lang = part.lang;
        let state = InlineState {
            font: self.serif(),
            size,
            lang: lang.clone(),
            link: None,
        };
        let spans = self.spans(content, &state, cx);
        let mut style = self.paragraph_style(lang);
        // A paragraph without a language of its own, written wholly in a right-to-left
        // script, is set right to left.
        if part.undeclared
            && crate::lang::detected_direction(&Inline::plain_text(content)) == Some(Direction::Rtl)
        {
            style.rtl = true;
        }
        style.leading = leading;
        style.start_indent = cx.indent;
        if part.indent {
            style.first_indent =
                self.style.text.paragraph_indent * size / self.style.text.font_size;
        }
        let mut block = Block::Paragraph(Paragraph {
            spans,
            style,
            node: None,
        });
        self.tag(&mut block, Role::Paragraph);
        block
    }
}
