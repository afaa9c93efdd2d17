//! PDF output: laid-out frames into a PDF file (the only place krilla is used), and imposed
//! sheets for printing.

pub mod alongside;
pub mod error;
pub mod images;
pub mod impose;
mod rotate;
mod tags;
mod text;
pub mod write;
