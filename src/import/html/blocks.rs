//! Markdown output of block elements: paragraphs, headings, lists, quotes, code, tables,
//! figures and embeds.

use super::inlines::{collapse, escape, finish_paragraph, link_target};
use super::tree::{Element, Node};
use super::{MAX_MARKDOWN_NESTING, Resolver};
use crate::model::links::strip_bidi;
use std::collections::BTreeSet;

pub(super) struct Writer<'a> {
    pub(super) resolver: &'a mut dyn Resolver,
    pub(super) footnotes: &'a [(String, String)],
    /// Footnote ids in order of first citation; `[^n]` is index + 1.
    pub(super) cited: Vec<String>,
    pub(super) base: Option<&'a str>,
    pub(super) missing_images: Vec<String>,
    pub(super) notes: BTreeSet<String>,
    pub(super) in_link: bool,
    /// Quotes, lists, emphasis and links open around the node being written.
    pub(super) nesting: usize,
    /// How many of them were written without marks, being nested too deep.
    pub(super) flattened_marks: usize,
}

pub(super) fn is_inline(node: &Node) -> bool {
    match node {
        Node::Text(_) => true,
        Node::Element(e) => !matches!(
            e.name.as_str(),
            "p" | "div"
                | "ul"
                | "ol"
                | "li"
                | "dl"
                | "dt"
                | "dd"
                | "pre"
                | "table"
                | "blockquote"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
                | "figure"
                | "figcaption"
                | "section"
                | "article"
                | "aside"
                | "header"
                | "footer"
                | "details"
                | "summary"
                | "address"
                | "main"
                | "center"
                | "nav"
                | "iframe"
                | "video"
                | "audio"
                | "object"
                | "form"
        ),
    }
}

impl Writer<'_> {
    /// Block-level Markdown for `nodes`; runs of inline nodes become paragraphs.
    pub(super) fn blocks(&mut self, nodes: &[Node]) -> Vec<String> {
        let mut out = Vec::new();
        let mut run: Vec<&Node> = Vec::new();
        for node in nodes {
            if is_inline(node) {
                run.push(node);
                continue;
            }
            self.paragraph(&run, &mut out);
            run.clear();
            if let Node::Element(e) = node {
                self.block(e, &mut out);
            }
        }
        self.paragraph(&run, &mut out);
        out
    }

    fn paragraph(&mut self, run: &[&Node], out: &mut Vec<String>) {
        if run.is_empty() {
            return;
        }
        let mut text = String::new();
        for node in run {
            self.inline(node, &mut text);
        }
        let text = finish_paragraph(&text);
        if !text.is_empty() {
            out.push(text);
        }
    }

    fn block(&mut self, e: &Element, out: &mut Vec<String>) {
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(e.name.as_bytes()[1] - b'0');
                let text = self.inline_text(&e.children).replace("\\\n", " ");
                let text = collapse(&text);
                if !text.is_empty() {
                    out.push(format!("{} {}", "#".repeat(level), text));
                }
            }
            "ul" | "ol" | "blockquote" if self.nesting >= MAX_MARKDOWN_NESTING => {
                // Too deep for the book's Markdown: the items and paragraphs, unmarked.
                self.flattened_marks += 1;
                out.extend(self.blocks(&e.children));
            }
            "ul" | "ol" => {
                self.nesting += 1;
                let list = self.list(e);
                self.nesting -= 1;
                if !list.is_empty() {
                    out.push(list);
                }
            }
            "blockquote" => {
                self.nesting += 1;
                let inner = self.blocks(&e.children).join("\n\n");
                self.nesting -= 1;
                if !inner.trim().is_empty() {
                    out.push(prefix_lines(&inner, "> ", ">"));
                }
            }
            "pre" => {
                let code = e.text();
                let code = code.trim_matches('\n');
                if code.trim().is_empty() {
                    return;
                }
                let lang = e
                    .attr("class")
                    .and_then(|c| {
                        c.split_whitespace()
                            .find_map(|w| w.strip_prefix("language-").or(w.strip_prefix("lang:")))
                    })
                    .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric()))
                    .unwrap_or("");
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                out.push(format!("{fence}{lang}\n{code}\n{fence}"));
            }
            "hr" => out.push("* * *".into()),
            "table" => {
                if let Some(table) = self.table(e) {
                    out.push(table);
                }
            }
            // WordPress renders `[caption]` as `<div class="wp-caption">` with a
            // `<p class="wp-caption-text">` (or, for themes with HTML5 captions, as a figure):
            // what its REST API serves, read as the shortcode is.
            "div" if has_class(e, "wp-caption") => self.figure(e, out),
            // `[gallery]` rendered: the galleries' images, full size, as the shortcode gives.
            "div" if has_class(e, "gallery") => self.rendered_gallery(e, out),
            "figure" => self.figure(e, out),
            "dl" => {
                for child in e.children.iter() {
                    let (text, term) = match child {
                        Node::Element(c) => (self.inline_text(&c.children), c.name == "dt"),
                        // Text straight inside the list (lenient HTML) is kept too.
                        Node::Text(_) => (self.inline_text(std::slice::from_ref(child)), false),
                    };
                    let text = finish_paragraph(&text);
                    if text.is_empty() {
                        continue;
                    }
                    if term {
                        out.push(format!("**{text}**"));
                    } else {
                        out.push(text);
                    }
                }
            }
            "iframe" | "video" | "audio" | "object" => {
                let src = e.attr("src").map(str::to_string).or_else(|| {
                    e.children.iter().find_map(|n| match n {
                        Node::Element(s) if s.name == "source" => s.attr("src").map(str::to_string),
                        _ => None,
                    })
                });
                self.notes
                    .insert(format!("<{}> embeds became links", e.name));
                if let Some(src) = src.filter(|s| s.starts_with("http")) {
                    out.push(format!("[{}]({})", escape(&src), link_target(&src)));
                }
            }
            "form" => {
                self.notes.insert("forms were left out".into());
            }
            _ => out.extend(self.blocks(&e.children)),
        }
    }

    fn list(&mut self, e: &Element) -> String {
        let ordered = e.name == "ol";
        let mut n: usize = e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
        let mut items = Vec::new();
        let mut stray: Vec<Node> = Vec::new();
        for child in &e.children {
            match child {
                Node::Element(li) if li.name == "li" => {
                    let marker = if ordered {
                        format!("{n}. ")
                    } else {
                        "- ".to_string()
                    };
                    n += 1;
                    let body = join_item_blocks(&self.blocks(&li.children));
                    let indent = " ".repeat(marker.len());
                    let mut item = marker.clone();
                    for (i, line) in body.lines().enumerate() {
                        if i > 0 {
                            item.push('\n');
                            if !line.is_empty() {
                                item.push_str(&indent);
                            }
                        }
                        item.push_str(line);
                    }
                    items.push(item.trim_end().to_string());
                }
                Node::Element(_) => stray.push(child.clone()),
                Node::Text(t) if !t.trim().is_empty() => stray.push(child.clone()),
                Node::Text(_) => {}
            }
        }
        let mut text = items.join("\n");
        if !stray.is_empty() {
            // A nested list written directly inside <ul> (not inside an <li>).
            let extra = self.blocks(&stray).join("\n\n");
            if !extra.is_empty() {
                text.push('\n');
                text.push_str(&prefix_lines(&extra, "  ", ""));
            }
        }
        text
    }

    fn table(&mut self, e: &Element) -> Option<String> {
        let mut rows: Vec<(bool, Vec<String>)> = Vec::new();
        self.rows(e, false, &mut rows);
        if rows.is_empty() {
            return None;
        }
        let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        if width == 0 {
            return None;
        }
        let mut out = String::new();
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for i in 0..width {
                s.push(' ');
                s.push_str(cells.get(i).map(String::as_str).unwrap_or(""));
                s.push_str(" |");
            }
            s
        };
        out.push_str(&line(&rows[0].1));
        out.push('\n');
        out.push('|');
        out.push_str(&" --- |".repeat(width));
        for (_, row) in &rows[1..] {
            out.push('\n');
            out.push_str(&line(row));
        }
        let caption = e.children.iter().find_map(|n| match n {
            Node::Element(c) if c.name == "caption" || c.name == "figcaption" => Some(c.clone()),
            _ => None,
        });
        if let Some(c) = caption {
            let text = finish_paragraph(&self.inline_text(&c.children));
            if !text.is_empty() {
                out.push_str(&format!("\n\n*{text}*"));
            }
        }
        Some(out)
    }

    fn rows(&mut self, e: &Element, head: bool, rows: &mut Vec<(bool, Vec<String>)>) {
        for child in &e.children {
            let c = match child {
                Node::Element(c) => c,
                // Text written straight into a table (lenient HTML, or nesting flattened)
                // is kept as a row of its own.
                Node::Text(_) => {
                    let text = self.cell(std::slice::from_ref(child));
                    if !text.is_empty() {
                        rows.push((false, vec![text]));
                    }
                    continue;
                }
            };
            match c.name.as_str() {
                "thead" => self.rows(c, true, rows),
                "tbody" | "tfoot" => self.rows(c, false, rows),
                "tr" => {
                    let mut cells = Vec::new();
                    let mut has_th = false;
                    for cell in &c.children {
                        match cell {
                            Node::Element(td) if td.name == "td" || td.name == "th" => {
                                has_th |= td.name == "th";
                                cells.push(self.cell(&td.children));
                            }
                            // Anything else in a row is kept as a cell.
                            _ => {
                                let text = self.cell(std::slice::from_ref(cell));
                                if !text.is_empty() {
                                    cells.push(text);
                                }
                            }
                        }
                    }
                    rows.push((head || has_th, cells));
                }
                "caption" | "figcaption" | "colgroup" | "col" => {}
                _ => {
                    let text = self.cell(&c.children);
                    if !text.is_empty() {
                        rows.push((false, vec![text]));
                    }
                }
            }
        }
    }

    /// The Markdown of a table cell: one line, `|` escaped.
    fn cell(&mut self, nodes: &[Node]) -> String {
        let text = self.inline_text(nodes);
        collapse(&text.replace("\\\n", " ")).replace('|', "\\|")
    }
}

/// Whether `e` has `class` among its classes.
fn has_class(e: &Element, class: &str) -> bool {
    e.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// The `src` of every image under `e`, in order.
fn collect_images(e: &Element, out: &mut Vec<String>) {
    for child in &e.children {
        if let Node::Element(c) = child {
            match (c.name.as_str(), c.attr("src")) {
                ("img", Some(src)) => out.push(src.to_string()),
                _ => collect_images(c, out),
            }
        }
    }
}

/// The full-size image of a resized copy WordPress made (`photo-150x150.jpg` → `photo.jpg`);
/// any other address as it is.
fn full_size(src: &str) -> String {
    let (path, query) = src.split_at(src.find(['?', '#']).unwrap_or(src.len()));
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return src.to_string();
    };
    let resized = stem.rsplit_once('-').filter(|(_, size)| {
        size.split_once('x').is_some_and(|(w, h)| {
            !w.is_empty() && !h.is_empty() && w.chars().chain(h.chars()).all(|c| c.is_ascii_digit())
        })
    });
    match resized {
        Some((base, _)) if !dir.is_empty() => format!("{dir}/{base}.{ext}{query}"),
        Some((base, _)) => format!("{base}.{ext}{query}"),
        None => src.to_string(),
    }
}

/// The one image among `nodes` (white space aside), also inside a link or a paragraph.
fn lone_image<'n>(nodes: &[&'n Node]) -> Option<&'n Element> {
    let mut level: Vec<&Node> = nodes.to_vec();
    loop {
        let mut visible = level
            .iter()
            .filter(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()));
        let (Some(Node::Element(only)), None) = (visible.next(), visible.next()) else {
            return None;
        };
        match only.name.as_str() {
            "img" => return Some(only),
            "a" | "p" | "div" | "span" | "picture" => level = only.children.iter().collect(),
            _ => return None,
        }
    }
}

/// A Markdown link title: `"…"` with the characters that end or change it escaped.
fn title(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Writer<'_> {
    /// A figure (or WordPress's rendered caption): one image with its caption as one captioned
    /// figure, else its blocks and its captions in italics.
    fn figure(&mut self, e: &Element, out: &mut Vec<String>) {
        let (captions, rest): (Vec<&Node>, Vec<&Node>) = e.children.iter().partition(|n| {
            matches!(n, Node::Element(c) if c.name == "figcaption" || has_class(c, "wp-caption-text"))
        });
        // One image and its caption: one captioned figure.
        if let ([Node::Element(caption)], Some(img)) = (captions.as_slice(), lone_image(&rest))
            && let Some(figure) = self.captioned(img, caption, e.attr("class"))
        {
            out.push(figure);
            return;
        }
        let rest: Vec<Node> = rest.into_iter().cloned().collect();
        out.extend(self.blocks(&rest));
        for caption in captions {
            if let Node::Element(c) = caption {
                let text = finish_paragraph(&self.inline_text(&c.children));
                if !text.is_empty() {
                    out.push(format!("*{}*", text.trim()));
                }
            }
        }
    }

    /// The images of a rendered gallery (`<div class="gallery">`, each a thumbnail, often
    /// linked to its attachment page), full size, in one paragraph as `[gallery]` gives them.
    fn rendered_gallery(&mut self, e: &Element, out: &mut Vec<String>) {
        let mut images = Vec::new();
        collect_images(e, &mut images);
        let mut nodes = Vec::new();
        for src in images {
            nodes.push(Node::Element(Element {
                name: "img".into(),
                attrs: vec![
                    ("src".into(), full_size(&src)),
                    ("alt".into(), String::new()),
                ],
                children: Vec::new(),
            }));
            nodes.push(Node::Text(" ".into()));
        }
        let run: Vec<&Node> = nodes.iter().collect();
        self.paragraph(&run, out);
    }

    /// `img` with `caption` as one figure: `![alt](path "caption"){.alignleft}` (a caption
    /// of plain text is the image's title, which the book shows as the caption, and the
    /// alternative text stays), or `![caption](path)` when the caption holds links or
    /// emphasis (the book's captions from the alternative text keep them). `None` when the
    /// image is not available offline.
    fn captioned(
        &mut self,
        img: &Element,
        caption: &Element,
        class: Option<&str>,
    ) -> Option<String> {
        let src = strip_bidi(img.attr("src").unwrap_or_default())
            .trim()
            .to_string();
        let plain = collapse(&caption.text());
        if src.is_empty() || plain.is_empty() {
            return None;
        }
        let path = self.resolver.image(&src)?;
        let rich = caption
            .children
            .iter()
            .any(|n| matches!(n, Node::Element(c) if c.name != "br"));
        let alt = img
            .attr("alt")
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let mut out = if rich {
            let text = finish_paragraph(&self.inline_text(&caption.children)).replace("\\\n", " ");
            format!("![{}]({})", text.trim(), link_target(&path))
        } else {
            format!(
                "![{}]({} {})",
                escape(&alt),
                link_target(&path),
                title(&plain)
            )
        };
        let align = [class, img.attr("class")]
            .into_iter()
            .flatten()
            .flat_map(str::split_whitespace)
            .find(|c| matches!(*c, "alignleft" | "alignright" | "aligncenter"));
        if let Some(align) = align {
            out.push_str(&format!("{{.{align}}}"));
        }
        Some(out)
    }
}

/// The blocks of a list item: a nested list follows its paragraph directly, so the list
/// stays tight.
fn join_item_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let nested_list = block.starts_with("- ")
                || block
                    .split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            out.push_str(if nested_list { "\n" } else { "\n\n" });
        }
        out.push_str(block);
    }
    out
}

pub(super) fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

fn prefix_lines(text: &str, prefix: &str, empty_prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                empty_prefix.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
