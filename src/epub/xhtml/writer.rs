//! Blocks and inlines of the model written as XHTML, with footnotes and back-links.

use super::*;

/// Writes blocks and inlines of one document, keeping its ids unique.
pub(super) struct Writer<'c, 'b> {
    pub(super) cx: &'c Context<'b>,
    pub(super) depth: &'static str,
    pub(super) shift: u8,
    /// Prefix of note ids in the current part (`fn` in the body, `comment-x-fn` in a comment).
    pub(super) notes_prefix: String,
    pub(super) ids: HashSet<String>,
}

impl<'c, 'b> Writer<'c, 'b> {
    pub(super) fn new(cx: &'c Context<'b>, depth: &'static str) -> Self {
        let ids = [
            "entry-title",
            "responses",
            "responses-title",
            "author-title",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        Writer {
            cx,
            depth,
            shift: 0,
            notes_prefix: "fn".into(),
            ids,
        }
    }

    pub(super) fn unique_id(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_string();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        id
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], lang: &Lang, s: &mut String) {
        for block in blocks {
            self.block(block, lang, s);
        }
    }

    pub(super) fn block(&mut self, block: &Block, lang: &Lang, s: &mut String) {
        match block {
            Block::Paragraph { lang: own, content } => {
                let (attrs, inner) = match own {
                    Some(own) => (lang_attrs(own, lang), own),
                    // Undeclared, but all in a right-to-left script: the direction is set.
                    None if lang.direction() == Direction::Ltr
                        && crate::lang::detected_direction(&Inline::plain_text(content))
                            == Some(Direction::Rtl) =>
                    {
                        (" dir=\"rtl\"".to_string(), lang)
                    }
                    None => (String::new(), lang),
                };
                let _ = write!(s, "<p{attrs}>");
                self.inlines(content, inner, s);
                s.push_str("</p>\n");
            }
            Block::Heading { level, id, content } => {
                let level = (level + self.shift).clamp(2, 6);
                let id = self.unique_id(&crate::epub::xml_id(id));
                let _ = write!(s, "<h{level} id=\"{}\">", escape(&id));
                self.inlines(content, lang, s);
                let _ = writeln!(s, "</h{level}>");
            }
            Block::Quote { blocks } => {
                s.push_str("<blockquote>\n");
                self.blocks(blocks, lang, s);
                s.push_str("</blockquote>\n");
            }
            Block::List { start, items, .. } => {
                match start {
                    Some(1) => s.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(s, "<ol start=\"{n}\">");
                    }
                    None => s.push_str("<ul>\n"),
                }
                for item in items {
                    match item.task {
                        Some(done) => {
                            let (mark, label) = if done {
                                ("☑", "done")
                            } else {
                                ("☐", "to do")
                            };
                            let _ = write!(
                                s,
                                "<li class=\"task\"><span class=\"task-mark\" role=\"img\" aria-label=\"{label}\">{mark}</span> "
                            );
                        }
                        None => s.push_str("<li>"),
                    }
                    // A single paragraph is written without <p>, as tight lists are.
                    match item.blocks.as_slice() {
                        [
                            Block::Paragraph {
                                lang: None,
                                content,
                            },
                        ] => self.inlines(content, lang, s),
                        blocks => {
                            s.push('\n');
                            self.blocks(blocks, lang, s);
                        }
                    }
                    s.push_str("</li>\n");
                }
                s.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Code { language, text } => {
                match language {
                    Some(l) => {
                        let _ = write!(
                            s,
                            "<pre dir=\"ltr\"><code class=\"language-{}\">",
                            escape(l)
                        );
                    }
                    None => s.push_str("<pre dir=\"ltr\"><code>"),
                }
                escape_into(s, text);
                s.push_str("</code></pre>\n");
            }
            Block::Table {
                align,
                header,
                rows,
            } => {
                s.push_str("<table>\n<thead>\n<tr>");
                for (i, cell) in header.iter().enumerate() {
                    let _ = write!(s, "<th{}>", align_attr(align.get(i)));
                    self.inlines(cell, lang, s);
                    s.push_str("</th>");
                }
                s.push_str("</tr>\n</thead>\n<tbody>\n");
                for row in rows {
                    s.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let _ = write!(s, "<td{}>", align_attr(align.get(i)));
                        self.inlines(cell, lang, s);
                        s.push_str("</td>");
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
            Block::Rule => s.push_str("<hr/>\n"),
            Block::Figure(figure) => self.figure(figure, lang, s),
            Block::Gallery { figures } => {
                s.push_str("<div class=\"gallery\">\n");
                for figure in figures {
                    self.figure(figure, lang, s);
                }
                s.push_str("</div>\n");
            }
            Block::Definitions { items } => self.definitions(items, lang, s),
        }
    }

    pub(super) fn inlines(&mut self, content: &[Inline], lang: &Lang, s: &mut String) {
        for inline in content {
            self.inline(inline, lang, s);
        }
    }

    pub(super) fn inline(&mut self, inline: &Inline, lang: &Lang, s: &mut String) {
        match inline {
            Inline::Text(t) => escape_into(s, t),
            Inline::Emph(c) => self.wrap("em", c, lang, s),
            Inline::Strong(c) => self.wrap("strong", c, lang, s),
            Inline::Strike(c) => self.wrap("del", c, lang, s),
            Inline::Subscript(c) => self.wrap("sub", c, lang, s),
            Inline::Superscript(c) => self.wrap("sup", c, lang, s),
            // Code is left to right in every script; `dir` also isolates it (HTML gives
            // `[dir]` `unicode-bidi: isolate`), so its quotes and brackets never join the
            // text around, which matters in right-to-left text and changes nothing in
            // left-to-right text. Always, so it does not hang on a detected direction.
            Inline::Code(t) => {
                let _ = write!(s, "<code dir=\"ltr\">{}</code>", escape(t));
            }
            Inline::Link {
                url,
                title,
                content,
            } => match self.link_target(url) {
                Some(href) => {
                    let _ = write!(s, "<a href=\"{}\"", escape(&href));
                    if let Some(title) = title {
                        let _ = write!(s, " title=\"{}\"", escape(title));
                    }
                    s.push('>');
                    self.inlines(content, lang, s);
                    s.push_str("</a>");
                }
                // A relative link to something that is not in the book keeps its text.
                None => self.wrap("span", content, lang, s),
            },
            Inline::Image {
                image,
                alt,
                title,
                align,
            } => {
                self.img(*image, alt, *align, s);
                if let Some(title) = title {
                    // Inserted before the tag's end.
                    s.truncate(s.len() - 2);
                    let _ = write!(s, " title=\"{}\"/>", escape(title));
                }
            }
            Inline::NoteRef { number, citation } => {
                let p = &self.notes_prefix;
                let _ = write!(
                    s,
                    "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{p}ref-{number}-{citation}\" href=\"#{p}-{number}\">{number}</a></sup>"
                );
            }
            Inline::Span { lang: own, content } => {
                let _ = write!(s, "<span{}>", lang_attrs(own, lang));
                self.inlines(content, own, s);
                s.push_str("</span>");
            }
            Inline::LineBreak => s.push_str("<br/>\n"),
            Inline::SoftBreak => s.push('\n'),
        }
    }

    /// A definition list: each term in `<dt>`, each of its definitions in a `<dd>` (a single
    /// paragraph without its `<p>`, as list items are written).
    pub(super) fn definitions(
        &mut self,
        items: &[crate::model::Definition],
        lang: &Lang,
        s: &mut String,
    ) {
        s.push_str("<dl>\n");
        for item in items {
            s.push_str("<dt>");
            self.inlines(&item.term, lang, s);
            s.push_str("</dt>\n");
            for details in &item.details {
                s.push_str("<dd>");
                match details.as_slice() {
                    [
                        Block::Paragraph {
                            lang: None,
                            content,
                        },
                    ] => self.inlines(content, lang, s),
                    blocks => {
                        s.push('\n');
                        self.blocks(blocks, lang, s);
                    }
                }
                s.push_str("</dd>\n");
            }
        }
        s.push_str("</dl>\n");
    }

    pub(super) fn wrap(&mut self, tag: &str, content: &[Inline], lang: &Lang, s: &mut String) {
        let _ = write!(s, "<{tag}>");
        self.inlines(content, lang, s);
        let _ = write!(s, "</{tag}>");
    }

    /// Where a link goes in the EPUB: addresses with a scheme as they are (the reader made
    /// sure they are http, https or mailto), `#id` to the heading in this document, a link to
    /// another entry's Markdown file (`other.md#id`) to that entry's document and heading; a
    /// link to a file that is not an entry of the book nowhere.
    pub(super) fn link_target(&self, url: &str) -> Option<String> {
        if crate::model::links::scheme(url).is_some() {
            return Some(url.to_string());
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let fragment = fragment.map(|f| {
            let id = crate::epub::xml_id(&crate::model::links::decode(f));
            format!("#{}", crate::model::links::encode(&id))
        });
        if path.is_empty() {
            return fragment;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let target = self
            .cx
            .entry_links
            .get(&crate::model::links::decode(name))?;
        Some(format!("{target}{}", fragment.unwrap_or_default()))
    }

    /// The notes of one part of a document, as pop-up footnotes with back-links. The notes of a
    /// comment pass the id of the comment's byline as `owner`: their landmark is then named by
    /// the title and the byline together, so that two sets of notes on one page differ in name
    /// (Ace, axe's `landmark-unique`).
    pub(super) fn footnotes(
        &mut self,
        notes: &[Note],
        prefix: &str,
        owner: Option<&str>,
        lang: &Lang,
        l: &Locale,
        s: &mut String,
    ) {
        if notes.is_empty() {
            return;
        }
        let title = escape(&l.labels.footnotes);
        match owner {
            Some(owner) => {
                let _ = writeln!(
                    s,
                    "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"{prefix}-title {owner}\">\n<h2 class=\"footnotes-title\" id=\"{prefix}-title\">{title}</h2>"
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{title}\">\n<h2 class=\"footnotes-title\">{title}</h2>"
                );
            }
        }
        for note in notes {
            let n = note.number;
            // Named by its number: an `aside` in a section with a role is a complementary
            // landmark to a checker that does not know DPUB roles (axe-core), and landmarks of
            // one kind need names that tell them apart ("footnote, 2." to a screen reader).
            let _ = writeln!(
                s,
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{prefix}-{n}\" class=\"footnote\" aria-labelledby=\"{prefix}-{n}-number\">"
            );
            let mut backlinks = String::new();
            for c in 1..=note.citations {
                // A note cited more than once has a lettered link back to each citation; the
                // letter is then part of the link's name too, as what is seen must be in what is
                // heard (WCAG 2.5.3, axe's label-content-name-mismatch).
                let (letter, label) = if note.citations > 1 {
                    let letter = citation_letter(c);
                    (
                        format!("<sup>{letter}</sup>"),
                        format!("{} {letter}", l.labels.back_to_text),
                    )
                } else {
                    (String::new(), l.labels.back_to_text.to_string())
                };
                let _ = write!(
                    backlinks,
                    " <a role=\"doc-backlink\" href=\"#{prefix}ref-{n}-{c}\" aria-label=\"{}\">↩\u{fe0e}{letter}</a>",
                    escape(&label)
                );
            }
            let mut body = String::new();
            self.blocks(&note.body, lang, &mut body);
            let number =
                format!("<span class=\"note-number\" id=\"{prefix}-{n}-number\">{n}.</span> ");
            // The number goes into the first paragraph and the back-links into the last, when
            // the note starts and ends with one; otherwise they get paragraphs of their own.
            if body.starts_with("<p>") {
                body.replace_range(0..3, &format!("<p>{number}"));
            } else {
                body.insert_str(0, &format!("<p>{number}</p>\n"));
            }
            if body.ends_with("</p>\n") {
                let at = body.len() - 5;
                body.insert_str(at, &backlinks);
            } else {
                let _ = writeln!(body, "<p>{}</p>", backlinks.trim_start());
            }
            s.push_str(&body);
            s.push_str("</aside>\n");
        }
        s.push_str("</section>\n");
    }
}

pub(super) fn citation_letter(n: u32) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

pub(super) fn align_attr(align: Option<&Align>) -> &'static str {
    match align {
        Some(Align::Left) => " class=\"align-left\"",
        Some(Align::Center) => " class=\"align-center\"",
        Some(Align::Right) => " class=\"align-right\"",
        _ => "",
    }
}

impl Writer<'_, '_> {
    /// An `<img/>` of image `index`, its source percent-encoded, its alignment as a class.
    fn img(&self, index: usize, alt: &str, align: ImageAlign, s: &mut String) {
        let path = &self.cx.media[index];
        let _ = write!(
            s,
            "<img src=\"{}{}\" alt=\"{}\"",
            self.depth,
            escape(&image_href(path)),
            escape(alt)
        );
        if let Some(class) = align.class() {
            let _ = write!(s, " class=\"{class}\"");
        }
        s.push_str("/>");
    }

    /// A figure: its image and, when it has one, its caption.
    fn figure(&mut self, figure: &Figure, lang: &Lang, s: &mut String) {
        match figure.align.class() {
            Some(class) => {
                let _ = write!(s, "<figure class=\"{class}\">");
            }
            None => s.push_str("<figure>"),
        }
        self.img(figure.image, &figure.alt, ImageAlign::None, s);
        if !figure.caption.is_empty() {
            s.push_str("<figcaption>");
            self.inlines(&figure.caption, lang, s);
            s.push_str("</figcaption>");
        }
        s.push_str("</figure>\n");
    }
}
