//! A Ghost export → [`super::ImportedBook`].

use super::{Filters, Imported};
use std::path::Path;

/// Reads a Ghost export.
pub fn read(path: &Path, _filters: &Filters) -> Imported {
    Err(vec![crate::diag::Diagnostic::error(path, None, "not yet")])
}
