//! A comments file (`NAME.comments.toml`) into threaded responses: any bytes must give
//! responses or diagnostics, never a panic, a hang or a stack overflow.
#![no_main]

use chapbook::diag::Diagnostics;
use chapbook::lang::Lang;
use chapbook::model::Comment;
use chapbook::source::comments;
use chapbook::source::images::ImageStore;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn count(forest: &[Comment]) -> usize {
    forest.iter().map(|c| 1 + count(&c.replies)).sum()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As `source::files::read_source` gives it to the loader: Unix line ends, then controls
    // and noncharacters dropped.
    let text = chapbook::source::files::normalize_newlines(text.to_string());
    let (text, _) = chapbook::source::controls::strip(text);
    let text = text.as_str();
    let mut images = ImageStore::default();
    let mut diags = Diagnostics::default();
    let forest = comments::parse(
        text,
        Path::new("entries/fuzz.comments.toml"),
        &Lang::parse("en").unwrap(),
        (
            Path::new("/nonexistent-chapbook-fuzz"),
            Some("https://blog.example.org/fuzz/"),
            chapbook::config::RemoteImages::Link,
        ),
        &mut images,
        &mut diags,
    );
    // Every diagnostic points into the file.
    for d in diags.iter() {
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= text.lines().count() + 1, "{d}");
        }
    }
    // Without errors, every [[comment]] is placed exactly once.
    if !diags.has_errors() {
        let records = toml::from_str::<toml::Table>(text)
            .ok()
            .and_then(|t| t.get("comment").and_then(|c| c.as_array()).map(Vec::len))
            .unwrap_or(0);
        assert_eq!(count(&forest), records);
    }
});
