//! chapbook: blog entries, with their comments and author pages, compiled into booklets.
//!
//! The stable surface is the facade below: [`load()`] a book folder into a [`model::Book`],
//! [`check()`] it, [`build()`] it into EPUB and PDF, [`import()`] a blog export into a book
//! folder, [`batch()`] many books. The stages behind it (`ARCHITECTURE.md` describes the rooms
//! and the one-way flow between them) are public for the integration tests and benchmarks,
//! and may change between versions.

pub use build::{BuildOptions, BuildOutcome, Format, build};
pub use check::check;
pub use import::run as import;
pub use source::load;

/// Builds many books of a manifest at once (see [`batch::run`]).
pub use batch::run as batch;

pub mod batch;
pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod epub;
pub mod files;
pub mod fonts;
pub mod import;
pub mod init;
pub mod lang;
pub mod layout;
pub mod locale;
pub mod model;
pub mod pdf;
pub mod serve;
pub mod source;
pub mod typeset;
pub mod watch;
