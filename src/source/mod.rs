//! Reading a book folder into the model.

pub mod comments;
pub mod controls;
mod figures;
pub mod files;
pub mod folder;
pub mod fonts;
pub mod frontmatter;
pub mod headings;
pub mod images;
pub mod markdown;
#[cfg(test)]
mod quotes_tests;
pub mod subtags;
pub mod svg;
pub mod titles;

pub use folder::{load, load_partial, load_with_config};

/// Markdown parsed as the body of `entries/t.md` in a book folder that does not exist, for
/// the unit tests of the reader and of the passes over what it reads.
#[cfg(test)]
pub(crate) fn parse_for_test(text: &str) -> (markdown::Parsed, crate::diag::Diagnostics) {
    let mut images = images::ImageStore::default();
    let mut diags = crate::diag::Diagnostics::default();
    let source = markdown::Source {
        file: std::path::Path::new("entries/t.md"),
        line_offset: 0,
        base_dir: "entries",
        root: std::path::Path::new("/nonexistent"),
        base_url: None,
        remote_images: crate::config::RemoteImages::Link,
    };
    let parsed = markdown::parse(text, &source, &mut images, &mut diags);
    (parsed, diags)
}
