//! Words of text in the book.

/// Words of text in the book: entry titles and bodies, their notes and responses.
pub fn words(book: &crate::model::Book) -> usize {
    use crate::model::{Block, Comment, Inline};
    fn count(text: &str) -> usize {
        text.split_whitespace().count()
    }
    fn blocks(bs: &[Block]) -> usize {
        bs.iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    count(&Inline::plain_text(content))
                }
                Block::Quote { blocks: inner } => blocks(inner),
                Block::List { items, .. } => items.iter().map(|i| blocks(&i.blocks)).sum(),
                Block::Code { text, .. } => count(text),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows.iter().flatten())
                    .map(|c| count(&Inline::plain_text(c)))
                    .sum(),
                Block::Rule => 0,
            })
            .sum()
    }
    fn comments(cs: &[Comment]) -> usize {
        cs.iter()
            .map(|c| {
                blocks(&c.body)
                    + c.notes.iter().map(|n| blocks(&n.body)).sum::<usize>()
                    + comments(&c.replies)
            })
            .sum()
    }
    book.entries
        .iter()
        .map(|e| {
            count(&e.title)
                + blocks(&e.body)
                + e.notes.iter().map(|n| blocks(&n.body)).sum::<usize>()
                + comments(&e.responses)
        })
        .sum()
}
