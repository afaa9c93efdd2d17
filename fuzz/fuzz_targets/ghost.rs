//! A Ghost export (any bytes) into a book folder's files: files or diagnostics, never a panic
//! or a hang, and only safe file names.
#![no_main]

use chapbook::import::{Filters, ghost, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export");
    std::fs::write(&path, data).unwrap();
    let filters = Filters { include_drafts: true, include_pages: true, ..Filters::default() };
    if let Ok((book, _report)) = ghost::read(&path, &filters)
        && let Ok(files) = write::render(&book, dir.path())
    {
        for name in files.keys() {
            assert!(!name.contains("..") && !name.starts_with('/'), "unsafe file name {name:?}");
        }
    }
});
