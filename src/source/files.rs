//! Reading a text file of the book: through [`crate::files`] (a regular file inside the book
//! folder), UTF-8, with Unix line ends.

use crate::diag::{Diagnostic, Diagnostics};
use std::path::Path;

/// Reads a text file of the book as [`read_text`] does, and drops the control characters and
/// noncharacters it holds, with one warning for the file ([`super::controls`]).
pub fn read_source(
    root: &Path,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let (text, lines) = super::controls::strip(read_text(root, file)?);
    diags.extend(super::controls::warning(file, &lines));
    Ok(text)
}

/// Reads a text file of the book, checking it is UTF-8 (an error names the first bad line).
pub fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let bytes =
        crate::files::read_inside(root, file, crate::files::MAX_TEXT_BYTES).map_err(|e| {
            let hint = match e {
                crate::files::FileError::Outside => {
                    "copy the file into the book folder instead of linking to it"
                }
                _ => e.hint(),
            };
            Diagnostic::error(file, None, format!("cannot read the file: {}", e.reason()))
                .with_hint(hint)
        })?;
    String::from_utf8(bytes)
        .map(normalize_newlines)
        .map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Diagnostic::error(file, Some(line), "the file is not valid UTF-8").with_hint(
                "save the file as UTF-8 in your editor (it may be in Windows-1251 or Latin-1)",
            )
        })
}

/// Line ends as `\n` only: `\r\n` and a lone `\r` (which CommonMark also takes for a line end)
/// become `\n`, so that comrak, the TOML parser and every diagnostic count the same lines.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
