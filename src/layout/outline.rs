//! The bookmarks and the document information.

use super::*;

impl Builder<'_> {
    /// The bookmarks: each entry the layout holds (with its responses), then the author pages.
    pub(super) fn outline(&self) -> Vec<OutlineEntry> {
        let (entries, pages) = self.held();
        let mut out = Vec::new();
        for entry in entries {
            let mut children = Vec::new();
            if !entry.responses.is_empty() {
                let l = locale::for_lang(&entry.lang);
                children.push(OutlineEntry {
                    title: l.labels.responses.clone(),
                    anchor: responses_anchor(entry),
                    children: Vec::new(),
                });
            }
            out.push(OutlineEntry {
                title: entry.title.clone(),
                anchor: entry_anchor(entry),
                children,
            });
        }
        if let Some(first) = pages.first() {
            let l = locale::for_lang(&self.book.meta.lang);
            out.push(OutlineEntry {
                title: l.labels.authors.clone(),
                anchor: author_anchor(&first.id),
                children: pages
                    .iter()
                    .map(|a| OutlineEntry {
                        title: a.name.clone(),
                        anchor: author_anchor(&a.id),
                        children: Vec::new(),
                    })
                    .collect(),
            });
        }
        out
    }

    /// The document information: the book's, or a handout's own (its entry's title, authors,
    /// language and tags).
    pub(super) fn info(&self) -> DocumentInfo {
        let meta = &self.book.meta;
        let date = {
            let m = &meta.modified;
            let (h, min, sec) = m.time.unwrap_or((0, 0, 0));
            u16::try_from(m.date.year)
                .ok()
                .map(|y| (y, m.date.month, m.date.day, h, min, sec))
        };
        if let Scope::Handout(index) = self.scope
            && let Some(entry) = self.book.entries.get(index)
        {
            return DocumentInfo {
                title: entry.title.clone(),
                authors: entry
                    .authors
                    .iter()
                    .map(|id| self.author_name(id).to_string())
                    .collect(),
                lang: Some(entry.lang.to_string()),
                subject: None,
                keywords: entry.tags.clone(),
                date,
            };
        }
        DocumentInfo {
            title: meta.title.clone(),
            authors: meta.creators.clone(),
            lang: Some(meta.lang.to_string()),
            subject: meta.description.clone(),
            keywords: meta.subjects.clone(),
            date,
        }
    }
}
