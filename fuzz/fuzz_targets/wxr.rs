//! A WordPress export (WXR) into a book folder's files: any bytes must give files or
//! diagnostics, never a panic or a hang; no e-mail address of the input's commenters may be in
//! the files written.
#![no_main]

use chapbook::import::{Filters, wordpress, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xml");
    std::fs::write(&path, data).unwrap();
    let filters = Filters {
        include_pages: true,
        include_unapproved: true,
        include_protected: true,
        include_unknown: true,
        ..Filters::default()
    };
    if let Ok((book, _report)) = wordpress::read(&path, &filters)
        && let Ok(files) = write::render(&book, dir.path())
    {
        for name in files.keys() {
            assert!(
                !name.contains("..") && !name.starts_with('/'),
                "unsafe file name {name:?}"
            );
        }
    }
});
