//! The structure tree: elements for the blocks made, links tagged inside them.

use super::*;

impl Builder<'_> {
    /// A new structure element in the current parent; `lang` is kept when it is not the
    /// book's.
    pub(super) fn node(&mut self, role: Role, lang: Option<&Lang>) -> usize {
        // The language in force where the element goes: the nearest ancestor's, else the book's.
        let mut inherited = None;
        let mut up = self.parent;
        while let Some(n) = up {
            if let Some(l) = &self.structure[n].lang {
                inherited = Some(l.clone());
                break;
            }
            up = self.structure[n].parent;
        }
        let inherited = inherited.unwrap_or_else(|| self.book.meta.lang.to_string());
        let lang = lang.map(|l| l.to_string()).filter(|l| *l != inherited);
        self.structure.push(StructNode {
            role,
            parent: self.parent,
            lang,
            alt: None,
            after: None,
        });
        self.structure.len() - 1
    }

    /// Runs `f` with `node` as the parent of new elements.
    pub(super) fn within<R>(&mut self, node: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.parent.replace(node);
        let result = f(self);
        self.parent = saved;
        result
    }

    /// Makes a block a structure element of `role` in the current parent (a paragraph's text,
    /// an image's figure), with link elements for its links.
    pub(super) fn tag(&mut self, block: &mut Block, role: Role) {
        if let Block::Paragraph(p) = block
            && p.node.is_none()
        {
            let lang = p.spans.first().and_then(|s| s.lang.as_deref());
            let lang = lang.and_then(|l| Lang::parse(l).ok());
            let node = self.node(role, lang.as_ref());
            // A picture in the line is read where it stands, inside the paragraph.
            for image in p.spans.iter().filter_map(|s| s.image.as_ref()) {
                if let Some(figure) = image.node {
                    self.structure[figure].parent = Some(node);
                }
            }
            if let Role::Heading(_) = role {
                let title: String = p.spans.iter().map(|s| s.text.as_str()).collect();
                self.structure[node].alt = Some(title);
            }
            p.node = Some(node);
        }
        self.tag_links(block);
    }

    /// Gives every run of linked spans that has no element of its own a link element, in the
    /// element of its paragraph or table cell.
    pub(super) fn tag_links(&mut self, block: &mut Block) {
        match block {
            Block::Paragraph(p) => {
                let Some(parent) = p.node else { return };
                let mut spans: Vec<&mut Span> = p.spans.iter_mut().collect();
                if let Some(trailer) = p.style.trailer.as_mut() {
                    spans.push(trailer);
                }
                self.link_nodes(parent, spans);
            }
            Block::Table(t) => {
                let rows = std::iter::once(&mut t.header).chain(t.rows.iter_mut());
                for (r, row) in rows.enumerate() {
                    for (c, cell) in row.iter_mut().enumerate() {
                        if let Some(&Some(parent)) = t.cell_nodes.get(r).and_then(|n| n.get(c)) {
                            self.link_nodes(parent, cell.iter_mut().collect());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn link_nodes(&mut self, parent: usize, spans: Vec<&mut Span>) {
        let mut current: Option<(LinkTarget, usize)> = None;
        for span in spans {
            let Some(target) = span.link.clone() else {
                current = None;
                continue;
            };
            if span.node.is_some() {
                current = None;
                continue;
            }
            let node = match &current {
                Some((t, n)) if *t == target => *n,
                _ => {
                    let n = self.within(parent, |b| b.node(Role::Link, None));
                    self.structure[n].alt = self.note_names.get(&target).cloned();
                    current = Some((target, n));
                    n
                }
            };
            span.node = Some(node);
            for &note in &span.notes {
                self.note_refs.entry(note).or_insert(node);
            }
        }
    }

    /// Tags what a section's explicit structure left: paragraphs become paragraphs of the
    /// current parent; links get their elements.
    pub(super) fn tag_rest(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            self.tag(block, Role::Paragraph);
        }
    }

    /// A heading, tagged.
    pub(super) fn heading(&mut self, text: &str, level: u8, lang: &Lang) -> Block {
        let mut block = self.heading_block(text, level, lang);
        self.tag(&mut block, Role::Heading(level));
        block
    }
}
