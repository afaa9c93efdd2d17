//! Definition lists: each term in bold, its definitions indented below it, tagged as a list
//! whose labels are the terms.

use super::*;

impl Builder<'_> {
    /// Lays out a definition list at a text size (body text, or notes).
    pub(super) fn definitions(
        &mut self,
        items: &[model::Definition],
        cx: &Context,
        size: f32,
        leading: f32,
        out: &mut Vec<Block>,
    ) {
        let inner = Context {
            indent: cx.indent + size * INDENT_EM,
            ..cx.clone()
        };
        let start = out.len();
        let (before, after) = self.display_space(out, leading);
        let list = self.node(Role::DefinitionList, None);
        for (i, item) in items.iter().enumerate() {
            let li = self.within(list, |b| b.node(Role::ListItem, None));
            if !item.term.is_empty() {
                let label = self.within(li, |b| b.node(Role::Label, None));
                let state = InlineState {
                    font: FontRequest {
                        bold: true,
                        ..self.serif()
                    },
                    size,
                    lang: cx.lang.clone(),
                    link: None,
                };
                let spans = self.spans(&item.term, &state, cx);
                let mut style = self.paragraph_style(&cx.lang);
                style.align = Alignment::Start;
                style.leading = leading;
                style.start_indent = cx.indent;
                // Set off as a whole, as a list is; a bold term starts each item.
                style.space_before = if i == 0 { before } else { 0.0 };
                // A term never ends a page without the start of its definition.
                style.keep_with_next = true;
                let mut block = Block::Paragraph(Paragraph {
                    spans,
                    style,
                    node: Some(label),
                });
                self.tag_links(&mut block);
                out.push(block);
            }
            let body = self.within(li, |b| b.node(Role::ListBody, None));
            for details in &item.details {
                let mut converted = Vec::new();
                self.within(body, |b| {
                    b.blocks_sized(details, &inner, size, leading, &mut converted)
                });
                for block in &mut converted {
                    if let Block::Paragraph(p) = block {
                        p.style.first_indent = 0.0;
                    }
                }
                out.extend(converted);
            }
        }
        // As much space after the list as before it, so the next paragraph does not read as
        // one more definition.
        if out.len() > start
            && let Some(Block::Paragraph(p)) = out.last_mut()
        {
            p.style.space_after = p.style.space_after.max(after);
        }
    }
}
