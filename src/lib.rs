//! chapbook: blog entries, with their comments and author pages, compiled into booklets.
//!
//! The pipeline: [`source::load`] reads a book folder into a [`model::Book`];
//! [`epub::write`] turns the model into an EPUB 3 package; [`build`] ties them to the disk.

pub mod batch;
pub mod build;
pub mod check;
pub mod config;
pub mod diag;
pub mod epub;
pub mod fonts;
pub mod import;
pub mod init;
pub mod lang;
pub mod layout;
pub mod locale;
pub mod model;
pub mod pdf;
pub mod source;
pub mod typeset;
pub mod watch;
