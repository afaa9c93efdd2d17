//! Each document of the book (entry, responses, author page) as XHTML: its head and body.

use super::*;

impl<'b> Context<'b> {
    pub(super) fn new(book: &'b Book) -> Self {
        let entry_links = book
            .entries
            .iter()
            .filter_map(|e| {
                let name = e.source.file_name()?.to_string_lossy().into_owned();
                Some((name, url_path(&format!("{}.xhtml", e.id))))
            })
            .collect();
        Context {
            book,
            entry_links,
            media: image_paths(&book.images),
        }
    }

    pub(super) fn css(&self) -> Vec<&'static str> {
        let mut css = vec!["epub.css"];
        if self.book.embed_fonts {
            css.push("fonts.css");
        }
        if self.book.extra_css.is_some() {
            css.push("book.css");
        }
        css
    }

    pub(super) fn locale(&self) -> &'static Locale {
        locale::for_lang(&self.book.meta.lang)
    }

    pub(super) fn cover(&self) -> String {
        let meta = &self.book.meta;
        let l = self.locale();
        let body = match self.book.cover {
            Some(index) => format!(
                "<section class=\"cover\" epub:type=\"cover\">\n<img role=\"doc-cover\" src=\"../{}\" alt=\"{}: {}\"/>\n</section>\n",
                escape(&image_href(&self.media[index])),
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

    pub(super) fn title_page(&self) -> String {
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

    pub(super) fn copyright(&self) -> String {
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
    pub(super) fn contents(&self) -> String {
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

    pub(super) fn entry(&self, entry: &Entry) -> String {
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
        w.footnotes(&entry.notes, "fn", None, &entry.lang, l, &mut s);
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

    pub(super) fn byline(&self, entry: &Entry, l: &Locale) -> String {
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

    pub(super) fn responses(&self, entry: &Entry, l: &Locale, w: &mut Writer, s: &mut String) {
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

    pub(super) fn comment(&self, c: &Comment, parent: &Lang, w: &mut Writer, s: &mut String) {
        let id = w.unique_id(&format!("comment-{}", crate::model::slug::safe_id(&c.id)));
        let cl = locale::for_lang(&c.lang);
        let class = match c.kind {
            CommentKind::Comment => "comment",
            CommentKind::Pingback => "pingback",
            CommentKind::Trackback => "trackback",
        };
        // The byline names the comment's notes (see `Writer::footnotes`), so it needs an id then.
        let byline_id = if c.notes.is_empty() {
            String::new()
        } else {
            format!(" id=\"{id}-meta\"")
        };
        let _ = write!(
            s,
            "<li class=\"{class}\" id=\"{id}\"{}>\n<p class=\"comment-meta\"{byline_id}>",
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
            let byline = format!("{id}-meta");
            w.footnotes(&c.notes, &prefix, Some(&byline), &c.lang, cl, s);
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

    pub(super) fn author(&self, index: usize) -> String {
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
                escape(&image_href(&self.media[photo])),
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
        w.footnotes(&author.notes, "fn", None, &author.lang, l, &mut s);
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

pub(super) fn count(comments: &[Comment]) -> u64 {
    comments.iter().map(|c| 1 + count(&c.replies)).sum()
}

/// How far to move body headings down so the first level used becomes `<h2>` (the entry title
/// is the document's `<h1>`).
pub(super) fn heading_shift(blocks: &[Block]) -> u8 {
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
