//! Which book a command means, as cargo finds `Cargo.toml`: the folder given, the folder of a
//! `book.toml` given, or else the nearest `book.toml` in the current folder or above it; and
//! where its outputs go: `out/` beside `book.toml` unless `--out` says otherwise.

use std::path::{Path, PathBuf};

/// The book file whose folder is a book.
pub const BOOK_FILE: &str = "book.toml";

/// The book folder `given` means (as the user can read it in messages), or why there is none.
pub fn book_dir(given: Option<&Path>) -> Result<PathBuf, String> {
    match given {
        Some(path) => Ok(given_dir(path)),
        None => {
            let here = std::env::current_dir()
                .map_err(|e| format!("cannot read the current folder: {e}"))?;
            nearest(&here).ok_or_else(|| {
                format!(
                    "there is no {BOOK_FILE} in {} or any folder above it\n  = help: run this inside a book folder, give one (`chapbook build my-book`), or create one with `chapbook init my-book`",
                    here.display()
                )
            })
        }
    }
}

/// A folder as given, or the folder of a `book.toml` given (`.` when it is in this folder).
fn given_dir(path: &Path) -> PathBuf {
    if path.is_file() && path.file_name().is_some_and(|n| n == BOOK_FILE) {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    } else {
        path.to_path_buf()
    }
}

/// The nearest folder from `here` upwards that holds a `book.toml`, written relative to `here`
/// (`.`, `..`, `../..`), as the user would type it.
fn nearest(here: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::from(".");
    for (depth, dir) in here.ancestors().enumerate() {
        if dir.join(BOOK_FILE).is_file() {
            return Some(relative);
        }
        relative = if depth == 0 {
            PathBuf::from("..")
        } else {
            relative.join("..")
        };
    }
    None
}

/// Where the outputs go: `--out` as given, else `out/` beside `book.toml`.
pub fn out_dir(book_dir: &Path, out: Option<&Path>) -> PathBuf {
    match out {
        Some(out) => out.to_path_buf(),
        None if book_dir == Path::new(".") => PathBuf::from("out"),
        None => book_dir.join("out"),
    }
}

/// A file of the book as the user can open it from where they stand: `entries/a.md` for a
/// book in this folder, `my-book/entries/a.md` for one below.
pub fn shown(book_dir: &Path, file: &Path) -> PathBuf {
    if book_dir == Path::new(".") {
        file.to_path_buf()
    } else {
        book_dir.join(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_book_is_found_from_below() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(BOOK_FILE), "title = \"T\"\n").unwrap();
        let deep = dir.path().join("entries/sub");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(nearest(dir.path()), Some(PathBuf::from(".")));
        assert_eq!(nearest(&deep), Some(PathBuf::from("../..")));
        assert_eq!(given_dir(&dir.path().join(BOOK_FILE)), dir.path());
        assert_eq!(out_dir(Path::new("."), None), Path::new("out"));
        assert_eq!(out_dir(Path::new("book"), None), Path::new("book/out"));
    }
}
