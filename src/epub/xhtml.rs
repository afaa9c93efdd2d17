//! Model → XHTML content documents: cover, title page, copyright page, contents, one
//! document per entry (byline, body, footnotes, responses) and one per author.

use super::escape;
use crate::lang::{Direction, Lang};
use crate::locale::{self, Locale};
use crate::model::{Align, Block, Book, Comment, CommentKind, Entry, Inline, Note};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One XHTML document of the package.
pub(crate) struct Document {
    /// Path inside `OEBPS/`.
    pub href: String,
    /// The XHTML.
    pub content: String,
    /// What the document is, for the spine, the landmarks and the NCX.
    pub role: Role,
}

/// The part a document plays in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Cover,
    TitlePage,
    Copyright,
    Contents,
    Entry(usize),
    Author(usize),
}

/// Where an entry's or author's document lives, relative to `OEBPS/`.
pub(crate) fn entry_href(entry: &Entry) -> String {
    format!("text/{}.xhtml", entry.id)
}

pub(crate) fn author_href(id: &str) -> String {
    format!("text/author-{}.xhtml", crate::model::slug::safe_id(id))
}

/// Path of an image inside `OEBPS/`.
pub(crate) fn image_href(path: &str) -> String {
    format!("media/{path}")
}

/// All content documents in reading order.
pub(crate) fn documents(book: &Book) -> Vec<Document> {
    let cx = Context::new(book);
    let mut docs = vec![
        Document {
            href: "text/cover.xhtml".into(),
            content: cx.cover(),
            role: Role::Cover,
        },
        Document {
            href: "text/title.xhtml".into(),
            content: cx.title_page(),
            role: Role::TitlePage,
        },
        Document {
            href: "text/copyright.xhtml".into(),
            content: cx.copyright(),
            role: Role::Copyright,
        },
        Document {
            href: "nav.xhtml".into(),
            content: cx.contents(),
            role: Role::Contents,
        },
    ];
    for (i, entry) in book.entries.iter().enumerate() {
        docs.push(Document {
            href: entry_href(entry),
            content: cx.entry(entry),
            role: Role::Entry(i),
        });
    }
    for (i, author) in book.authors.iter().enumerate() {
        if author.has_page {
            docs.push(Document {
                href: author_href(&author.id),
                content: cx.author(i),
                role: Role::Author(i),
            });
        }
    }
    docs
}

struct Context<'b> {
    book: &'b Book,
    /// Entry source file name (`x.md`) → document href, for links between entries.
    entry_links: HashMap<String, String>,
}

/// Attributes for an element in `lang` inside a parent in `parent`: nothing when they agree.
fn lang_attrs(lang: &Lang, parent: &Lang) -> String {
    if lang.same_as(parent) {
        return String::new();
    }
    let mut out = format!(" lang=\"{0}\" xml:lang=\"{0}\"", escape(lang.as_str()));
    if lang.direction() != parent.direction() {
        out.push_str(match lang.direction() {
            Direction::Rtl => " dir=\"rtl\"",
            Direction::Ltr => " dir=\"ltr\"",
        });
    }
    out
}

fn page(
    lang: &Lang,
    title: &str,
    body_attrs: &str,
    body: &str,
    css: &[&str],
    depth: &str,
) -> String {
    let dir = match lang.direction() {
        Direction::Rtl => " dir=\"rtl\"",
        Direction::Ltr => "",
    };
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = write!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{0}\" xml:lang=\"{0}\"{dir}>\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{1}</title>\n",
        escape(lang.as_str()),
        escape(title)
    );
    for sheet in css {
        let _ = writeln!(
            out,
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"{depth}css/{sheet}\"/>"
        );
    }
    let _ = write!(out, "</head>\n<body{body_attrs}>\n{body}</body>\n</html>\n");
    out
}

impl<'b> Context<'b> {
    fn new(book: &'b Book) -> Self {
        let entry_links = book
            .entries
            .iter()
            .filter_map(|e| {
                let name = e.source.file_name()?.to_string_lossy().into_owned();
                Some((name, format!("{}.xhtml", e.id)))
            })
            .collect();
        Context { book, entry_links }
    }

    fn css(&self) -> Vec<&'static str> {
        let mut css = vec!["epub.css"];
        if self.book.embed_fonts {
            css.push("fonts.css");
        }
        if self.book.extra_css.is_some() {
            css.push("book.css");
        }
        css
    }

    fn locale(&self) -> &'static Locale {
        locale::for_lang(&self.book.meta.lang)
    }

    fn cover(&self) -> String {
        let meta = &self.book.meta;
        let l = self.locale();
        let body = match self.book.cover {
            Some(index) => format!(
                "<section class=\"cover\" epub:type=\"cover\">\n<img role=\"doc-cover\" src=\"../{}\" alt=\"{}: {}\"/>\n</section>\n",
                escape(&image_href(&self.book.images[index].path)),
                escape(&l.labels.cover),
                escape(&meta.title)
            ),
            None => {
                let [r, g, b] = self.book.pdf_style.cover_background;
                let mut s = format!(
                    "<section class=\"cover generated-cover\" epub:type=\"cover\" style=\"background-color: #{r:02x}{g:02x}{b:02x}\">\n"
                );
                let _ = writeln!(s, "<p class=\"cover-title\">{}</p>", escape(&meta.title));
                if let Some(sub) = &meta.subtitle {
                    let _ = writeln!(s, "<p class=\"cover-subtitle\">{}</p>", escape(sub));
                }
                if !meta.creators.is_empty() {
                    let _ = writeln!(
                        s,
                        "<p class=\"cover-authors\">{}</p>",
                        escape(&meta.creators.join(", "))
                    );
                }
                if let Some(publisher) = &meta.publisher {
                    let _ = writeln!(s, "<p class=\"cover-publisher\">{}</p>", escape(publisher));
                }
                s.push_str("</section>\n");
                s
            }
        };
        page(
            &meta.lang,
            &l.labels.cover,
            " class=\"cover-page\"",
            &body,
            &self.css(),
            "../",
        )
    }

    fn title_page(&self) -> String {
        let meta = &self.book.meta;
        let l = self.locale();
        let mut s = String::from("<section class=\"title-page\" epub:type=\"titlepage\">\n");
        let _ = writeln!(s, "<h1 class=\"book-title\">{}</h1>", escape(&meta.title));
        if let Some(sub) = &meta.subtitle {
            let _ = writeln!(s, "<p class=\"book-subtitle\">{}</p>", escape(sub));
        }
        if !meta.creators.is_empty() {
            let _ = writeln!(
                s,
                "<p class=\"book-authors\">{}</p>",
                escape(&meta.creators.join(", "))
            );
        }
        if !meta.editors.is_empty() {
            let _ = writeln!(
                s,
                "<p class=\"book-editors\">{} {}</p>",
                escape(&l.labels.edited_by),
                escape(&meta.editors.join(", "))
            );
        }
        if let Some(publisher) = &meta.publisher {
            let _ = writeln!(s, "<p class=\"book-publisher\">{}</p>", escape(publisher));
        }
        s.push_str("</section>\n");
        page(&meta.lang, &l.labels.title_page, "", &s, &self.css(), "../")
    }

    fn copyright(&self) -> String {
        let meta = &self.book.meta;
        let l = self.locale();
        let mut s = String::from(
            "<section class=\"copyright-page\" epub:type=\"copyright-page\" aria-label=\"",
        );
        let _ = writeln!(s, "{}\">", escape(&l.labels.copyright));
        let _ = writeln!(s, "<p class=\"book-title\">{}</p>", escape(&meta.title));
        if let Some(rights) = &meta.rights {
            let _ = writeln!(s, "<p class=\"rights\">{}</p>", escape(rights));
        }
        if let Some(licence) = &meta.licence {
            let _ = writeln!(
                s,
                "<p class=\"licence\">{}: {}</p>",
                escape(&l.labels.licence),
                escape(licence)
            );
        }
        if let Some(publisher) = &meta.publisher {
            let _ = writeln!(
                s,
                "<p class=\"publisher\">{}: {}</p>",
                escape(&l.labels.publisher),
                escape(publisher)
            );
        }
        if let Some(url) = &meta.url {
            let _ = writeln!(
                s,
                "<p class=\"blog\"><a href=\"{}\">{}</a></p>",
                escape(url),
                escape(url)
            );
        }
        if let Some(date) = &meta.date {
            let _ = writeln!(
                s,
                "<p class=\"published\">{}: <time datetime=\"{}\">{}</time></p>",
                escape(&l.labels.published),
                date.iso(),
                escape(&l.date(date))
            );
        }
        let identifier = meta.identifier.printed();
        let _ = writeln!(
            s,
            "<p class=\"identifier\">{}: {}</p>",
            escape(&l.labels.identifier),
            escape(&identifier)
        );
        if let Some(description) = &meta.description {
            let _ = writeln!(s, "<p class=\"description\">{}</p>", escape(description));
        }
        s.push_str("</section>\n");
        page(&meta.lang, &l.labels.copyright, "", &s, &self.css(), "../")
    }

    /// The navigation document: the table of contents and the landmarks.
    fn contents(&self) -> String {
        let book = self.book;
        let meta = &book.meta;
        let l = self.locale();
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{}</h1>\n<ol>",
            escape(&l.labels.contents)
        );
        for entry in &book.entries {
            let href = entry_href(entry);
            let _ = write!(
                s,
                "<li><a href=\"{}\"{}>{}</a>",
                escape(&href),
                lang_attrs(&entry.lang, &meta.lang),
                escape(&entry.title)
            );
            if !entry.responses.is_empty() {
                let el = locale::for_lang(&entry.lang);
                let _ = write!(
                    s,
                    "\n<ol><li><a href=\"{}#responses\"{}>{}</a></li></ol>\n",
                    escape(&href),
                    lang_attrs(&entry.lang, &meta.lang),
                    escape(&el.labels.responses)
                );
            }
            s.push_str("</li>\n");
        }
        let pages: Vec<_> = book.authors.iter().filter(|a| a.has_page).collect();
        if !pages.is_empty() {
            let _ = write!(
                s,
                "<li><a href=\"{}\">{}</a>\n<ol>\n",
                escape(&author_href(&pages[0].id)),
                escape(&l.labels.authors)
            );
            for author in pages {
                let _ = writeln!(
                    s,
                    "<li><a href=\"{}\">{}</a></li>",
                    escape(&author_href(&author.id)),
                    escape(&author.name)
                );
            }
            s.push_str("</ol></li>\n");
        }
        s.push_str("</ol>\n</nav>\n");
        let _ = writeln!(
            s,
            "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">{}</h2>\n<ol>",
            escape(&l.labels.guide)
        );
        let _ = writeln!(
            s,
            "<li><a epub:type=\"cover\" href=\"text/cover.xhtml\">{}</a></li>",
            escape(&l.labels.cover)
        );
        let _ = writeln!(
            s,
            "<li><a epub:type=\"titlepage\" href=\"text/title.xhtml\">{}</a></li>",
            escape(&l.labels.title_page)
        );
        let _ = writeln!(
            s,
            "<li><a epub:type=\"copyright-page\" href=\"text/copyright.xhtml\">{}</a></li>",
            escape(&l.labels.copyright)
        );
        let _ = writeln!(
            s,
            "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">{}</a></li>",
            escape(&l.labels.contents)
        );
        if let Some(first) = book.entries.first() {
            let _ = writeln!(
                s,
                "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>",
                escape(&entry_href(first)),
                escape(&first.title)
            );
        }
        s.push_str("</ol>\n</nav>\n");
        page(
            &meta.lang,
            &l.labels.contents,
            " epub:type=\"frontmatter\"",
            &s,
            &self.css(),
            "",
        )
    }

    fn entry(&self, entry: &Entry) -> String {
        let l = locale::for_lang(&entry.lang);
        let mut w = Writer::new(self, "../");
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<section class=\"entry\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"entry-title\">\n<header>\n<h1 id=\"entry-title\">{}</h1>",
            escape(&entry.title)
        );
        let byline = self.byline(entry, l);
        if !byline.is_empty() {
            let _ = writeln!(s, "<p class=\"byline\">{byline}</p>");
        }
        s.push_str("</header>\n");
        let shift = heading_shift(&entry.body);
        w.shift = shift;
        w.notes_prefix = "fn".into();
        w.blocks(&entry.body, &entry.lang, &mut s);
        let mut meta = String::new();
        if let Some(category) = &entry.category {
            let _ = writeln!(
                meta,
                "<p class=\"category\">{}: <span class=\"category-name\">{}</span></p>",
                escape(&l.labels.category),
                escape(category)
            );
        }
        if !entry.tags.is_empty() {
            let tags: Vec<String> = entry
                .tags
                .iter()
                .map(|t| format!("<span class=\"tag\">{}</span>", escape(t)))
                .collect();
            let _ = writeln!(
                meta,
                "<p class=\"tags\">{}: {}</p>",
                escape(&l.labels.tags),
                tags.join(", ")
            );
        }
        if let Some(url) = &entry.url {
            let _ = writeln!(
                meta,
                "<p class=\"original\">{}: <a href=\"{1}\">{1}</a></p>",
                escape(&l.labels.original_post),
                escape(url)
            );
        }
        if !meta.is_empty() {
            let _ = write!(s, "<footer class=\"entry-meta\">\n{meta}</footer>\n");
        }
        w.footnotes(&entry.notes, "fn", &entry.lang, l, &mut s);
        if !entry.responses.is_empty() {
            self.responses(entry, l, &mut w, &mut s);
        }
        s.push_str("</section>\n");
        page(
            &entry.lang,
            &entry.title,
            " epub:type=\"bodymatter\"",
            &s,
            &self.css(),
            "../",
        )
    }

    fn byline(&self, entry: &Entry, l: &Locale) -> String {
        let mut parts = Vec::new();
        if !entry.authors.is_empty() {
            let names: Vec<String> = entry
                .authors
                .iter()
                .map(|id| match self.book.authors.iter().find(|a| &a.id == id) {
                    Some(a) if a.has_page => format!(
                        "<a class=\"author\" href=\"{}\">{}</a>",
                        escape(&author_href(id).replacen("text/", "", 1)),
                        escape(&a.name)
                    ),
                    Some(a) => format!("<span class=\"author\">{}</span>", escape(&a.name)),
                    None => format!("<span class=\"author\">{}</span>", escape(id)),
                })
                .collect();
            parts.push(format!("{} {}", escape(&l.labels.by), names.join(", ")));
        }
        if let Some(date) = &entry.date {
            parts.push(format!(
                "<time datetime=\"{}\">{}</time>",
                escape(&date.iso()),
                escape(&l.date(&date.date))
            ));
        }
        parts.join(" · ")
    }

    fn responses(&self, entry: &Entry, l: &Locale, w: &mut Writer, s: &mut String) {
        let total = count(&entry.responses);
        let _ = writeln!(
            s,
            "<section class=\"responses\" id=\"responses\" aria-labelledby=\"responses-title\">\n<h2 id=\"responses-title\">{}</h2>\n<p class=\"response-count\">{}</p>",
            escape(&l.labels.responses),
            escape(&l.count(&l.counts.responses, total))
        );
        let (comments, pings): (Vec<&Comment>, Vec<&Comment>) = entry
            .responses
            .iter()
            .partition(|c| c.kind == CommentKind::Comment);
        if !comments.is_empty() {
            s.push_str("<ol class=\"comment-list\">\n");
            for comment in comments {
                self.comment(comment, &entry.lang, w, s);
            }
            s.push_str("</ol>\n");
        }
        if !pings.is_empty() {
            let _ = writeln!(
                s,
                "<h3 class=\"pingbacks-title\">{}</h3>\n<ul class=\"pingback-list\">",
                escape(&l.labels.pingbacks)
            );
            for ping in pings {
                self.comment(ping, &entry.lang, w, s);
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }

    fn comment(&self, c: &Comment, parent: &Lang, w: &mut Writer, s: &mut String) {
        let id = w.unique_id(&format!("comment-{}", crate::model::slug::safe_id(&c.id)));
        let cl = locale::for_lang(&c.lang);
        let class = match c.kind {
            CommentKind::Comment => "comment",
            CommentKind::Pingback => "pingback",
            CommentKind::Trackback => "trackback",
        };
        let _ = write!(
            s,
            "<li class=\"{class}\" id=\"{id}\"{}>\n<p class=\"comment-meta\">",
            lang_attrs(&c.lang, parent)
        );
        if c.kind != CommentKind::Comment {
            let label = if c.kind == CommentKind::Pingback {
                &cl.labels.pingback
            } else {
                &cl.labels.trackback
            };
            let _ = write!(s, "<span class=\"kind\">{}:</span> ", escape(label));
        }
        let name = match &c.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&c.author)),
            None => escape(&c.author),
        };
        let _ = write!(s, "<span class=\"comment-author\">{name}</span>");
        if let Some(date) = &c.date {
            let _ = write!(
                s,
                " <time datetime=\"{}\">{}</time>",
                escape(&date.iso()),
                escape(&cl.date(&date.date))
            );
        }
        s.push_str("</p>\n");
        if !c.body.is_empty() {
            s.push_str("<div class=\"comment-body\">\n");
            w.shift = 0;
            w.notes_prefix = format!("{id}-fn");
            w.blocks(&c.body, &c.lang, s);
            let prefix = w.notes_prefix.clone();
            w.footnotes(&c.notes, &prefix, &c.lang, cl, s);
            s.push_str("</div>\n");
        }
        if !c.replies.is_empty() {
            s.push_str("<ol class=\"replies\">\n");
            for reply in &c.replies {
                self.comment(reply, &c.lang, w, s);
            }
            s.push_str("</ol>\n");
        }
        s.push_str("</li>\n");
    }

    fn author(&self, index: usize) -> String {
        let author = &self.book.authors[index];
        let l = locale::for_lang(&author.lang);
        let mut w = Writer::new(self, "../");
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<section class=\"author-page\" epub:type=\"backmatter\" aria-labelledby=\"author-title\">\n<p class=\"about-label\">{}</p>\n<h1 id=\"author-title\">{}</h1>",
            escape(&l.labels.about_the_author),
            escape(&author.name)
        );
        if let Some(photo) = author.photo {
            let _ = writeln!(
                s,
                "<p class=\"author-photo\"><img src=\"../{}\" alt=\"{}\"/></p>",
                escape(&image_href(&self.book.images[photo].path)),
                escape(&author.name)
            );
        }
        w.notes_prefix = "fn".into();
        w.blocks(&author.bio, &author.lang, &mut s);
        if !author.links.is_empty() {
            s.push_str("<ul class=\"author-links\">\n");
            for link in &author.links {
                let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", escape(link));
            }
            s.push_str("</ul>\n");
        }
        w.footnotes(&author.notes, "fn", &author.lang, l, &mut s);
        s.push_str("</section>\n");
        page(
            &author.lang,
            &author.name,
            " epub:type=\"backmatter\"",
            &s,
            &self.css(),
            "../",
        )
    }
}

fn count(comments: &[Comment]) -> u64 {
    comments.iter().map(|c| 1 + count(&c.replies)).sum()
}

/// How far to move body headings down so the first level used becomes `<h2>` (the entry title
/// is the document's `<h1>`).
fn heading_shift(blocks: &[Block]) -> u8 {
    let min = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    2u8.saturating_sub(min)
}

/// Writes blocks and inlines of one document, keeping its ids unique.
struct Writer<'c, 'b> {
    cx: &'c Context<'b>,
    depth: &'static str,
    shift: u8,
    /// Prefix of note ids in the current part (`fn` in the body, `comment-x-fn` in a comment).
    notes_prefix: String,
    ids: HashSet<String>,
}

impl<'c, 'b> Writer<'c, 'b> {
    fn new(cx: &'c Context<'b>, depth: &'static str) -> Self {
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

    fn unique_id(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_string();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        id
    }

    fn blocks(&mut self, blocks: &[Block], lang: &Lang, s: &mut String) {
        for block in blocks {
            self.block(block, lang, s);
        }
    }

    fn block(&mut self, block: &Block, lang: &Lang, s: &mut String) {
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
            Block::Heading { level, content } => {
                let level = (level + self.shift).clamp(2, 6);
                let _ = write!(s, "<h{level}>");
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
                        let _ = write!(s, "<pre><code class=\"language-{}\">", escape(l));
                    }
                    None => s.push_str("<pre><code>"),
                }
                s.push_str(&escape(text));
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
        }
    }

    fn inlines(&mut self, content: &[Inline], lang: &Lang, s: &mut String) {
        for inline in content {
            self.inline(inline, lang, s);
        }
    }

    fn inline(&mut self, inline: &Inline, lang: &Lang, s: &mut String) {
        match inline {
            Inline::Text(t) => s.push_str(&escape(t)),
            Inline::Emph(c) => self.wrap("em", c, lang, s),
            Inline::Strong(c) => self.wrap("strong", c, lang, s),
            Inline::Strike(c) => self.wrap("del", c, lang, s),
            Inline::Code(t) => {
                let _ = write!(s, "<code>{}</code>", escape(t));
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
            Inline::Image { image, alt, title } => {
                let path = &self.cx.book.images[*image].path;
                let _ = write!(
                    s,
                    "<img src=\"{}{}\" alt=\"{}\"",
                    self.depth,
                    escape(&image_href(path)),
                    escape(alt)
                );
                if let Some(title) = title {
                    let _ = write!(s, " title=\"{}\"", escape(title));
                }
                s.push_str("/>");
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

    fn wrap(&mut self, tag: &str, content: &[Inline], lang: &Lang, s: &mut String) {
        let _ = write!(s, "<{tag}>");
        self.inlines(content, lang, s);
        let _ = write!(s, "</{tag}>");
    }

    /// Where a link goes in the EPUB: addresses with a scheme as they are, a link to another
    /// entry's Markdown file to that entry's document, anything else nowhere.
    fn link_target(&self, url: &str) -> Option<String> {
        let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        if scheme.is_some() {
            return Some(url.to_string());
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let target = self.cx.entry_links.get(name)?;
        Some(match fragment {
            None => target.clone(),
            Some(_) => target.clone(),
        })
    }

    /// The notes of one part of a document, as pop-up footnotes with back-links.
    fn footnotes(&mut self, notes: &[Note], prefix: &str, lang: &Lang, l: &Locale, s: &mut String) {
        if notes.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">",
            escape(&l.labels.footnotes)
        );
        let _ = writeln!(
            s,
            "<h2 class=\"footnotes-title\">{}</h2>",
            escape(&l.labels.footnotes)
        );
        for note in notes {
            let n = note.number;
            let _ = writeln!(
                s,
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{prefix}-{n}\" class=\"footnote\">"
            );
            let mut backlinks = String::new();
            for c in 1..=note.citations {
                let letter = if note.citations > 1 {
                    format!("<sup>{}</sup>", citation_letter(c))
                } else {
                    String::new()
                };
                let _ = write!(
                    backlinks,
                    " <a role=\"doc-backlink\" href=\"#{prefix}ref-{n}-{c}\" aria-label=\"{}\">↩\u{fe0e}{letter}</a>",
                    escape(&l.labels.back_to_text)
                );
            }
            let mut body = String::new();
            self.blocks(&note.body, lang, &mut body);
            let number = format!("<span class=\"note-number\">{n}.</span> ");
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

fn citation_letter(n: u32) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

fn align_attr(align: Option<&Align>) -> &'static str {
    match align {
        Some(Align::Left) => " class=\"align-left\"",
        Some(Align::Center) => " class=\"align-center\"",
        Some(Align::Right) => " class=\"align-right\"",
        _ => "",
    }
}
