//! An RSS 2.0 or Atom 1.0 feed into a book folder's files: any bytes must give files or
//! diagnostics, never a panic or a hang, and only safe file names.
#![no_main]

use chapbook::import::{feed, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, data).unwrap();
    if let Ok((book, _report)) = feed::read(&path, &[])
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
