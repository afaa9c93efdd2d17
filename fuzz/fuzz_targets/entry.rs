//! An entry file (front matter and Markdown) into the model, as `source::load` reads it:
//! any bytes must give a model or diagnostics, never a panic, a hang or a stack overflow.
#![no_main]

use chapbook::diag::Diagnostics;
use chapbook::lang::Lang;
use chapbook::source::frontmatter::{self, EntryFront};
use chapbook::source::images::ImageStore;
use chapbook::source::markdown::{self, Source};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As `source::files::read_source` gives it to the loader: Unix line ends, then controls
    // and noncharacters dropped.
    let text = chapbook::source::files::normalize_newlines(text.to_string());
    let (text, _) = chapbook::source::controls::strip(text);
    let text = text.as_str();
    let file = Path::new("entries/fuzz.md");
    // Front matter first; the body is parsed whether or not the front matter is valid,
    // as the loader does.
    let (front, body, offset) = match frontmatter::split(text, file) {
        Ok(split) => (split.front, split.body, split.body_line_offset),
        Err(_) => ("", text, 0),
    };
    let (front, _problems) =
        frontmatter::parse::<EntryFront>(front, file, chapbook::config::keys::ENTRY);
    let lang = front
        .and_then(|front| front.lang.and_then(|l| Lang::parse(l.get_ref()).ok()))
        .unwrap_or_else(|| Lang::parse("en").unwrap());
    let source = Source {
        file,
        line_offset: offset,
        base_dir: "entries",
        root: Path::new("/nonexistent-chapbook-fuzz"),
        base_url: Some("https://blog.example.org/fuzz/"),
        remote_images: chapbook::config::RemoteImages::Link,
    };
    let mut images = ImageStore::default();
    let mut diags = Diagnostics::default();
    let mut parsed = markdown::parse(body, &source, &mut images, &mut diags);
    chapbook::locale::quotes::localise(&mut parsed.blocks, &lang);
    chapbook::locale::quotes::localise_notes(&mut parsed.notes, &lang);
    for d in diags.iter() {
        // Every diagnostic points into the file.
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= text.lines().count() + 1, "{d}");
        }
    }
});
