//! The typesetting engine behind chapbook's PDF output. It does no I/O and knows nothing of
//! Markdown or TOML: it takes styled text and returns positioned glyphs.
//!
//! Stages, each a file: `font` (faces, fallback chains, coverage), `shape` (rustybuzz).

pub mod content;
pub mod dump;
pub mod font;
pub mod frame;
pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod paginate;
pub mod shape;
