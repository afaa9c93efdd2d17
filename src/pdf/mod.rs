//! PDF output: `write` turns typeset frames into PDF bytes (the only place krilla is used).

pub mod write;
