//! YAML front matter and data files (import::yaml over yaml-rust2's events): any text gives a
//! tree or an error with a line, never a panic, a hang or a blow-up of aliases.
#![no_main]

use chapbook::import::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match yaml::parse(text) {
        Ok(node) => assert!(node.line >= 1),
        Err(e) => assert!(e.line >= 1 || text.is_empty(), "{e:?}"),
    }
});
