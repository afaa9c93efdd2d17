//! Reading a book folder into the model.

pub mod comments;
pub mod files;
pub mod folder;
pub mod frontmatter;
pub mod images;
pub mod markdown;
#[cfg(test)]
mod quotes_tests;
pub mod titles;

pub use folder::{load, load_with_config};
