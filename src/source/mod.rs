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
pub mod svg;
pub mod titles;

pub use folder::{load, load_partial, load_with_config};
