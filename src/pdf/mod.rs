//! PDF output: the style, the layout of the model into typeset pages, and the writer (the only
//! place krilla is used).

pub mod impose;
pub mod layout;
pub mod write;
