//! Issue #14's proof: every attack of a hostile archive, a hostile export or a hostile
//! machine, one module per kind, in one test binary (`cargo test --test hostile`). Each test
//! runs the real `chapbook` binary, or `CHAPBOOK_BIN` when it is set, so the same tests can be
//! run against an older build to show which of them failed there
//! (`benches/hostile-before-after.md`). A few also call the library (said in the test).

#[path = "../common/mod.rs"]
mod common;

/// Special files, links out of the folder, and writes through links (build and import).
mod escapes;
/// Hostile exports through `chapbook import`, then built.
mod import;
/// A build killed at any moment, sources never changed, the privacy report, Markdown made to
/// defeat parsers.
mod kill;
/// Outputs that never lie: locks, stamps, a full disk, timeouts.
mod outputs;
/// The "Smaller" items: long titles, `SOURCE_DATE_EPOCH`, huge pages, dates and hours,
/// output paths in messages.
mod smaller;
