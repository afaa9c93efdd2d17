//! The bookmarks and the document information.

use super::*;

impl Builder<'_> {
    pub(super) fn outline(&self) -> Vec<OutlineEntry> {
        let mut out = Vec::new();
        for entry in &self.book.entries {
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
        let pages: Vec<_> = self.book.authors.iter().filter(|a| a.has_page).collect();
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

    pub(super) fn info(&self) -> DocumentInfo {
        let meta = &self.book.meta;
        DocumentInfo {
            title: meta.title.clone(),
            authors: meta.creators.clone(),
            lang: Some(meta.lang.to_string()),
            subject: meta.description.clone(),
            keywords: meta.subjects.clone(),
            date: {
                let m = &meta.modified;
                let (h, min, sec) = m.time.unwrap_or((0, 0, 0));
                u16::try_from(m.date.year)
                    .ok()
                    .map(|y| (y, m.date.month, m.date.day, h, min, sec))
            },
        }
    }
}
