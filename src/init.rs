//! `chapbook init`: a new book folder that builds as it is and shows the format.

use std::path::{Path, PathBuf};

const BOOK_TOML: &str = r#"# The book: `chapbook reference` lists every key (and `chapbook style` the PDF style).
title = "My Blog in Print"
subtitle = "Selected entries"
language = "en"
authors = ["Your Name"]
publisher = "Your Organisation"
rights = "© 2026 Your Name"
licence = "CC BY 4.0"
date = 2026-01-01
description = "Entries from my blog, with readers' responses."
subjects = ["Blogs"]
# cover = "images/cover.png"
# entries = ["welcome.md"]      # reading order; by date when absent
"#;

const ENTRY: &str = r#"+++
title = "Welcome"
authors = ["you"]
date = 2026-01-01
tags = ["first post"]
category = "News"
url = "https://example.org/welcome/"
+++
This is an entry. Write it in Markdown: *emphasis*, **strong**, [links](https://example.org),
lists, tables and footnotes.[^first]

A phrase in another language is marked like this: [Сәлем, әлем!]{lang=kk}

[^first]: Footnotes are numbered per entry and link back to the text.
"#;

const COMMENTS: &str = r#"# Responses to welcome.md, in display order. `parent` makes a reply.
[[comment]]
id = "c1"
author = "A Reader"
date = 2026-01-02T09:30:00Z
body = "Congratulations on the first post!"

[[comment]]
id = "c2"
parent = "c1"
author = "Your Name"
date = 2026-01-02T11:00:00Z
body = "Thank you!"

[[comment]]
id = "p1"
kind = "pingback"
author = "A post that links here « Another Blog"
url = "https://example.net/a-post/"
date = 2026-01-03T08:00:00Z
"#;

const AUTHOR: &str = r#"+++
name = "Your Name"
links = ["https://example.org/"]
+++
A few sentences about the author, in Markdown.
"#;

/// Creates a book folder at `dir`. Refuses to write into a folder that has files in it.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        let mut items = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if items.next().is_some() {
            return Err(format!(
                "{} already has files in it; give a new or empty folder",
                dir.display()
            ));
        }
    }
    let files = [
        ("book.toml", BOOK_TOML),
        ("entries/welcome.md", ENTRY),
        ("entries/welcome.comments.toml", COMMENTS),
        ("authors/you.md", AUTHOR),
    ];
    // Through the one door: no link is followed, and the files appear together.
    crate::files::stage(dir, files.iter().map(|(n, t)| (*n, t.as_bytes())))
        .and_then(|staged| staged.commit())
        .map_err(|e| format!("{}: {}", dir.display(), e.reason()))?;
    std::fs::create_dir_all(dir.join("images")).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}
