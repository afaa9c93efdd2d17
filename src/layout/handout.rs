//! A handout: one entry as a document of its own (the entry with its notes and responses,
//! then its authors' pages), set by the same code as the book, from page 1.

use super::*;

impl<'b> Builder<'b> {
    /// The entries and the author pages the layout holds, in order.
    pub(super) fn held(&self) -> (Vec<&'b Entry>, Vec<&'b model::Author>) {
        let book = self.book;
        match self.scope {
            Scope::Book => (
                book.entries.iter().collect(),
                book.authors.iter().filter(|a| a.has_page).collect(),
            ),
            Scope::Handout(index) => {
                let Some(entry) = book.entries.get(index) else {
                    return (Vec::new(), Vec::new());
                };
                // The entry's authors in its byline's order, each once.
                let mut pages: Vec<&model::Author> = Vec::new();
                for id in &entry.authors {
                    if let Some(author) = book.authors.iter().find(|a| &a.id == id)
                        && author.has_page
                        && !pages.iter().any(|a| a.id == author.id)
                    {
                        pages.push(author);
                    }
                }
                (vec![entry], pages)
            }
        }
    }

    /// The name of the author `id` (the id itself when the book has no such author).
    pub(super) fn author_name<'a>(&self, id: &'a str) -> &'a str
    where
        'b: 'a,
    {
        (self.book.authors.iter())
            .find(|a| a.id == id)
            .map(|a| a.name.as_str())
            .unwrap_or(id)
    }

    /// The sections of a handout: its entry, then its authors' pages.
    pub(super) fn handout_sections(&mut self) -> (Vec<Section>, Vec<Footnote>) {
        let (entries, authors) = self.held();
        let mut sections = Vec::new();
        for entry in entries {
            sections.push(self.part(Some(&entry.lang), |b| b.entry(entry)));
        }
        for author in authors {
            sections.push(self.part(Some(&author.lang), |b| b.author(author)));
        }
        (sections, std::mem::take(&mut self.notes))
    }
}
