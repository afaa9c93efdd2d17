//! Markdown (comrak) into the model: blocks, inlines, footnotes, language spans, images.
//! What Pandoc, Hugo and Zola users write besides (sub- and superscript, definition lists,
//! math, escaped brackets) is converted in [`pandoc`].

mod pandoc;
mod spans;
pub use pandoc::math_warning;
use spans::merge_text;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Align, Block, ImageAlign, Inline, ListItem, Note};
use crate::source::figures;
use crate::source::images::ImageStore;
use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};
use std::collections::HashMap;
use std::path::Path;

/// Where a piece of Markdown comes from, for diagnostics and relative paths.
pub struct Source<'a> {
    /// The file, relative to the book folder, as printed in diagnostics.
    pub file: &'a Path,
    /// Lines of the file before the Markdown text starts.
    pub line_offset: usize,
    /// The folder of the file, relative to the book folder (`entries`), for image paths.
    pub base_dir: &'a str,
    /// The book folder.
    pub root: &'a Path,
    /// The absolute address relative links resolve against: the entry's `url`, else the
    /// book's.
    pub base_url: Option<&'a str>,
    /// What an image at a web address becomes.
    pub remote_images: crate::config::RemoteImages,
}

/// Markdown converted to the model.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// The footnotes, numbered in order of first citation.
    pub notes: Vec<Note>,
    /// The lines holding math (`$…$`, `$$…$$`), kept as its TeX source: see
    /// [`math_warning`].
    pub math: Vec<usize>,
}

/// The Markdown dialect chapbook reads: CommonMark with GFM tables, strikethrough, autolinks,
/// task lists and footnotes, and typographic punctuation; with Pandoc's subscript (`~x~`;
/// `~~x~~` stays strikethrough), superscript (`^x^`), definition lists and math (`$…$`,
/// `$$…$$`, `` $`…`$ ``, kept as its source). Escapes are kept as nodes of their own, so an
/// escaped `\[` is never read as the start of a citation or a language span.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.parse.smart = true;
    // Definitions stay where they are written (we place notes ourselves), and unreferenced
    // ones stay in the tree so they can be reported.
    options.parse.leave_footnote_definitions = true;
    pandoc::extend(&mut options);
    options
}

/// Quotes, lists, emphasis, links and language spans may nest this deep, and no deeper.
/// Real text rarely goes past five; the limit keeps hostile input (ten thousand `>` in a row)
/// from exhausting the stack of every stage that walks the model.
pub const MAX_NESTING: usize = 64;

/// Parses Markdown into blocks and notes, reporting problems into `diags`.
pub fn parse(
    text: &str,
    source: &Source,
    images: &mut ImageStore,
    diags: &mut Diagnostics,
) -> Parsed {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    if let Some(line) = too_deep(root) {
        diags.push(
            Diagnostic::error(
                source.file,
                Some(line + source.line_offset),
                format!("quotes, lists or emphasis are nested more than {MAX_NESTING} deep"),
            )
            .with_hint("flatten the nesting: no booklet can show it"),
        );
        return Parsed::default();
    }
    // Definitions in source order. comrak never links a citation to a definition nested in
    // another definition, so such a definition is an error of its own.
    let mut definitions: HashMap<String, &AstNode> = HashMap::new();
    let mut in_order: Vec<(String, &AstNode)> = Vec::new();
    let mut nested_labels = std::collections::HashSet::new();
    for node in root.descendants() {
        if let NodeValue::FootnoteDefinition(def) = &node.data().value {
            let nested = node
                .ancestors()
                .skip(1)
                .any(|a| matches!(a.data().value, NodeValue::FootnoteDefinition(_)));
            if nested {
                nested_labels.insert(def.name.to_lowercase());
                let line = node.data().sourcepos.start.line + source.line_offset;
                diags.push(
                    Diagnostic::error(source.file, Some(line), format!("footnote [^{}] is defined inside another footnote", def.name))
                        .with_hint("un-indent the definition so it starts at the beginning of a line, after the other note"),
                );
                continue;
            }
            let key = def.name.to_lowercase();
            if let std::collections::hash_map::Entry::Vacant(slot) = definitions.entry(key) {
                slot.insert(node);
                in_order.push((def.name.clone(), node));
            }
        }
    }
    let mut converter = Converter {
        source,
        images,
        diags,
        definitions,
        numbers: HashMap::new(),
        notes: Vec::new(),
        nested: nested_labels,
        heading_ids: Default::default(),
        alts: Vec::new(),
        math: Vec::new(),
    };
    let blocks = converter.blocks(root);
    // Notes are converted after the body, in order of first citation; a note may cite
    // another, which then gets the next number.
    let mut next = 0;
    while next < converter.notes.len() {
        let label = converter.notes[next].label.to_lowercase();
        if let Some(node) = converter.definitions.get(&label).copied() {
            let body = converter.blocks(node);
            converter.notes[next].line = Some(converter.line(node));
            converter.notes[next].body = body;
        }
        next += 1;
    }
    for (label, node) in &in_order {
        if !converter.numbers.contains_key(&label.to_lowercase()) {
            let line = converter.line(node);
            converter.diags.push(
                Diagnostic::warning(
                    source.file,
                    Some(line),
                    format!("footnote [^{label}] is defined but never cited"),
                )
                .with_hint(format!(
                    "cite it with [^{label}] in the text, or remove the definition"
                )),
            );
        }
    }
    Parsed {
        blocks,
        notes: converter.notes,
        math: converter.math,
    }
}

/// The line of the first node nested more than [`MAX_NESTING`] deep, if any. The tree is
/// walked with a stack of its own, so the check cannot itself run out of stack.
fn too_deep<'a>(root: &'a AstNode<'a>) -> Option<usize> {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let nests = matches!(
            node.data().value,
            NodeValue::BlockQuote
                | NodeValue::MultilineBlockQuote(_)
                | NodeValue::List(_)
                | NodeValue::FootnoteDefinition(_)
                | NodeValue::Emph
                | NodeValue::Strong
                | NodeValue::Strikethrough
                | NodeValue::Subscript
                | NodeValue::Superscript
                | NodeValue::DescriptionList
                | NodeValue::Link(_)
                | NodeValue::Image(_)
        );
        let depth = depth + usize::from(nests);
        if depth > MAX_NESTING {
            return Some(node.data().sourcepos.start.line.max(1));
        }
        stack.extend(node.children().map(|child| (child, depth)));
    }
    None
}

struct Converter<'s, 'a> {
    source: &'s Source<'s>,
    images: &'s mut ImageStore,
    diags: &'s mut Diagnostics,
    definitions: HashMap<String, &'a AstNode<'a>>,
    /// Lower-cased label → index into `notes`.
    numbers: HashMap<String, usize>,
    notes: Vec<Note>,
    /// Labels whose definition sits inside another note (already reported).
    nested: std::collections::HashSet<String>,
    /// The heading ids given so far in this document.
    heading_ids: std::collections::HashSet<String>,
    /// The alternative text of each image converted, as written (a figure's caption).
    alts: Vec<Vec<Inline>>,
    /// The lines where math was kept as its source.
    math: Vec<usize>,
}

impl<'s, 'a> Converter<'s, 'a> {
    fn line(&self, node: &AstNode) -> usize {
        node.data().sourcepos.start.line + self.source.line_offset
    }

    fn blocks(&mut self, parent: &'a AstNode<'a>) -> Vec<Block> {
        let mut out = Vec::new();
        for node in parent.children() {
            self.block(node, &mut out);
        }
        out
    }

    fn block(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Block>) {
        // Borrowed, never cloned: the converter only reads the tree.
        let data = node.data();
        match &data.value {
            // A paragraph of display math alone is a block of its source.
            NodeValue::Paragraph if pandoc::display_math(node).is_some() => {
                out.push(self.math_block(node));
            }
            NodeValue::DescriptionList => out.push(self.definitions(node)),
            NodeValue::Paragraph => {
                let mark = self.alts.len();
                let content = self.inlines(node);
                let figure = figures::figure_block(&content, &self.alts[mark..]);
                self.alts.truncate(mark);
                if let Some(figure) = figure {
                    out.push(figure);
                    return;
                }
                if content.is_empty() {
                    return;
                }
                out.push(paragraph(content));
            }
            NodeValue::Heading(h) => {
                let mut content = self.inlines(node);
                let id = super::headings::id(&mut content, &mut self.heading_ids);
                out.push(Block::Heading {
                    level: h.level,
                    id,
                    content,
                });
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => out.push(Block::Quote {
                blocks: self.blocks(node),
            }),
            NodeValue::List(list) => {
                let mut items = Vec::new();
                for item in node.children() {
                    let task = match &item.data().value {
                        NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                        _ => None,
                    };
                    items.push(ListItem {
                        task,
                        blocks: self.blocks(item),
                    });
                }
                let start = match list.list_type {
                    ListType::Ordered => Some(u32::try_from(list.start).unwrap_or(1)),
                    ListType::Bullet => None,
                };
                out.push(Block::List {
                    start,
                    tight: list.tight,
                    items,
                });
            }
            NodeValue::CodeBlock(code) if code.info.split_whitespace().next() == Some("math") => {
                out.push(self.math_fence(node, code));
            }
            NodeValue::CodeBlock(code) => {
                let language = code.info.split_whitespace().next().map(str::to_string);
                out.push(Block::Code {
                    language,
                    text: super::controls::code(&code.literal),
                });
            }
            NodeValue::ThematicBreak => out.push(Block::Rule),
            NodeValue::Table(table) => out.push(self.table(node, &table.alignments)),
            NodeValue::HtmlBlock(html) => {
                if let Some(text) = self.raw_html(node, &html.literal) {
                    out.push(Block::Paragraph {
                        lang: None,
                        content: vec![Inline::Text(text)],
                    });
                }
            }
            // Definitions are converted when first cited; front matter is split off before.
            NodeValue::FootnoteDefinition(_) | NodeValue::FrontMatter(_) => {}
            _ => {
                // Any other block (none is expected: every enabled kind has its arm) keeps
                // its children so no text is lost.
                out.extend(self.blocks(node));
            }
        }
    }

    fn table(&mut self, node: &'a AstNode<'a>, alignments: &[TableAlignment]) -> Block {
        let align = alignments
            .iter()
            .map(|a| match a {
                TableAlignment::None => Align::Default,
                TableAlignment::Left => Align::Left,
                TableAlignment::Center => Align::Center,
                TableAlignment::Right => Align::Right,
            })
            .collect();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for row in node.children() {
            let is_header = matches!(row.data().value, NodeValue::TableRow(true));
            let cells: Vec<Vec<Inline>> = row.children().map(|cell| self.inlines(cell)).collect();
            if is_header {
                header = cells;
            } else {
                rows.push(cells);
            }
        }
        Block::Table {
            align,
            header,
            rows,
        }
    }

    /// Raw HTML is not carried into the booklet as markup (it may not be valid XHTML and has
    /// no meaning in print); it is kept as visible text with a warning, so nothing is lost.
    fn raw_html(&mut self, node: &AstNode, html: &str) -> Option<String> {
        let trimmed = html.trim();
        if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            return None;
        }
        let line = self.line(node);
        self.diags.push(
            Diagnostic::warning(
                self.source.file,
                Some(line),
                format!("raw HTML `{}` is shown as text", shorten(trimmed)),
            )
            .with_hint(
                "write it in Markdown instead (emphasis, links, [text]{lang=xx} for languages)",
            ),
        );
        Some(trimmed.to_string())
    }

    fn inlines(&mut self, parent: &'a AstNode<'a>) -> Vec<Inline> {
        let mut out = Vec::new();
        for node in parent.children() {
            self.inline(node, &mut out);
        }
        let line = self.line(parent);
        let merged = figures::image_attributes(merge_text(out));
        self.check_undefined_notes(&merged, line);
        pandoc::unescape(self.lang_spans(merged, line))
    }

    fn inline(&mut self, node: &'a AstNode<'a>, out: &mut Vec<Inline>) {
        // Borrowed, never cloned: a text is copied once, as it is cleaned.
        let data = node.data();
        match &data.value {
            NodeValue::Text(text) => out.push(Inline::Text(super::controls::prose(text))),
            NodeValue::SoftBreak => out.push(Inline::SoftBreak),
            NodeValue::LineBreak => out.push(Inline::LineBreak),
            NodeValue::Code(code) => out.push(Inline::Code(super::controls::code(&code.literal))),
            NodeValue::Emph => out.push(Inline::Emph(self.inlines(node))),
            NodeValue::Strong => out.push(Inline::Strong(self.inlines(node))),
            NodeValue::Strikethrough => out.push(Inline::Strike(self.inlines(node))),
            NodeValue::Subscript => out.extend(self.script(node, "~", Inline::Subscript)),
            NodeValue::Superscript => out.extend(self.script(node, "^", Inline::Superscript)),
            NodeValue::Math(math) => out.push(self.math_inline(node, math)),
            NodeValue::Escaped => out.extend(self.escaped(node)),
            NodeValue::Link(link) => {
                let mut content = self.inlines(node);
                // An autolink shows its address: without direction controls, as the target.
                if let [Inline::Text(text)] = content.as_mut_slice()
                    && crate::model::links::strip_bidi(text)
                        == crate::model::links::strip_bidi(&link.url)
                {
                    *text = crate::model::links::strip_bidi(text).into_owned();
                }
                let title = (!link.title.is_empty()).then(|| link.title.clone());
                match crate::model::links::resolve(&link.url, self.source.base_url) {
                    Ok(url) => out.push(Inline::Link {
                        url,
                        title,
                        content,
                    }),
                    Err(refused) => {
                        let line = self.line(node);
                        self.diags.push(
                            Diagnostic::warning(
                                self.source.file,
                                Some(line),
                                refused.message(&link.url),
                            )
                            .with_hint(refused.hint()),
                        );
                        out.extend(content);
                    }
                }
            }
            NodeValue::Image(link)
                if self.source.remote_images == crate::config::RemoteImages::Link
                    && matches!(
                        crate::model::links::scheme(&link.url).as_deref(),
                        Some("http" | "https")
                    ) =>
            {
                // Nothing is downloaded: the image becomes a link to its address.
                let mut content = self.inlines(node);
                if Inline::plain_text(&content).trim().is_empty() {
                    content = vec![Inline::Text(link.url.clone())];
                }
                let line = self.line(node);
                self.diags.push(
                    Diagnostic::warning(
                        self.source.file,
                        Some(line),
                        format!("the image `{}` is on the web: it becomes a link to its address", link.url),
                    )
                    .with_hint("download it into images/ and use its path to print it; [build] remote-images = \"error\" makes this an error"),
                );
                out.push(Inline::Link {
                    url: crate::model::links::encode(&link.url),
                    title: None,
                    content,
                });
            }
            NodeValue::Image(link) => {
                let rich = self.inlines(node);
                let alt = Inline::plain_text(&rich);
                let title = (!link.title.is_empty()).then(|| link.title.clone());
                let line = self.line(node);
                match self
                    .images
                    .add(self.source.root, self.source.base_dir, &link.url)
                {
                    Ok(image) => {
                        for problem in self.images.take_warnings() {
                            self.diags.push(
                                Diagnostic::warning(self.source.file, Some(line), problem.message)
                                    .with_hint(problem.hint),
                            );
                        }
                        if alt.trim().is_empty() {
                            self.diags.push(
                                Diagnostic::warning(self.source.file, Some(line), format!("image `{}` has no alternative text", link.url))
                                    .with_hint("describe the image between the brackets: ![a yurt on the steppe](…)"),
                            );
                        }
                        self.alts.push(rich);
                        out.push(Inline::Image {
                            image,
                            alt,
                            title,
                            align: ImageAlign::None,
                        });
                    }
                    Err(problem) => {
                        self.diags.push(
                            Diagnostic::error(self.source.file, Some(line), problem.message)
                                .with_hint(problem.hint),
                        );
                    }
                }
            }
            NodeValue::FootnoteReference(reference) => {
                let label = reference.name.to_lowercase();
                let index = match self.numbers.get(&label) {
                    Some(&index) => index,
                    None => {
                        let index = self.notes.len();
                        self.notes.push(Note {
                            number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                            label: reference.name.clone(),
                            citations: 0,
                            line: None,
                            body: Vec::new(),
                        });
                        self.numbers.insert(label, index);
                        index
                    }
                };
                let note = &mut self.notes[index];
                note.citations += 1;
                out.push(Inline::NoteRef {
                    number: note.number,
                    citation: note.citations,
                });
            }
            NodeValue::HtmlInline(html) => {
                if let Some(text) = self.raw_html(node, html) {
                    out.push(Inline::Text(text));
                }
            }
            _ => {
                for child in node.children() {
                    self.inline(child, out);
                }
            }
        }
    }

    /// comrak leaves `[^label]` as text when no definition exists: that is an error here.
    fn check_undefined_notes(&mut self, content: &[Inline], line: usize) {
        for inline in content {
            let Inline::Text(text) = inline else { continue };
            if memchr::memchr(b'[', text.as_bytes()).is_none() {
                continue;
            }
            let mut rest = text.as_str();
            while let Some(start) = rest.find("[^") {
                let after = &rest[start + 2..];
                match after.find(']') {
                    Some(end) if end > 0 && !after[..end].contains(char::is_whitespace) => {
                        let label = &after[..end];
                        if self.nested.contains(&label.to_lowercase()) {
                            rest = &after[end + 1..];
                            continue;
                        }
                        self.diags.push(
                            Diagnostic::error(self.source.file, Some(line), format!("footnote [^{label}] is cited but never defined"))
                                .with_hint(format!("add a line `[^{label}]: text of the note` after the paragraph, or remove the citation")),
                        );
                        rest = &after[end + 1..];
                    }
                    _ => rest = after,
                }
            }
        }
    }
}

/// A paragraph whose only content is a language span takes that language itself.
fn paragraph(content: Vec<Inline>) -> Block {
    if let [Inline::Span { lang, content }] = content.as_slice() {
        return Block::Paragraph {
            lang: Some(lang.clone()),
            content: content.clone(),
        };
    }
    Block::Paragraph {
        lang: None,
        content,
    }
}

fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
