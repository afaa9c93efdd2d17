//! `[pdf.fonts] fallback`: the fonts a book adds, each a file of the book folder or a family
//! installed on the machine (found with fontdb), read and checked.

use crate::config::BookConfig;
use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::fonts::FontFile;
use std::path::Path;
use std::sync::OnceLock;

/// The fonts `[pdf.fonts] fallback` names, in order. A value that looks like a file (a path
/// with `/`, or a name ending in `.ttf`, `.otf`, `.ttc` or `.otc`) is a file of the book
/// folder; any other value is a family installed on the machine (its regular face, and its
/// bold one when it has one). Every problem is an error naming book.toml's line.
pub fn fallbacks(
    root: &Path,
    config: &BookConfig,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<FontFile> {
    let mut out = Vec::new();
    let Some(spec) = config.pdf.as_ref().and_then(|p| p.fonts.as_ref()) else {
        return out;
    };
    for value in &spec.fallback {
        let line = line_of(text, value.span().start);
        let result = if is_file(value.get_ref()) {
            book_file(root, value.get_ref()).map(|f| vec![f])
        } else {
            installed(value.get_ref())
        };
        match result {
            Ok(files) => out.extend(files),
            Err((message, hint)) => {
                diags.push(Diagnostic::error("book.toml", Some(line), message).with_hint(hint))
            }
        }
    }
    out
}

type Problem = (String, &'static str);

/// True when `value` names a font file rather than a family.
fn is_file(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.contains(['/', '\\'])
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// A font file of the book folder.
fn book_file(root: &Path, value: &str) -> Result<FontFile, Problem> {
    let relative = crate::source::images::book_relative("", value).map_err(|p| {
        (
            p.message.replace("image", "font"),
            "put the font file inside the book folder",
        )
    })?;
    match crate::files::read_inside(root, Path::new(&relative), crate::files::MAX_TEXT_BYTES) {
        Ok(data) if crate::fonts::is_font(&data) => Ok(FontFile {
            name: relative,
            data,
            index: 0,
        }),
        Ok(_) => Err((
            format!("`{relative}` is not a TrueType or OpenType font"),
            "give a .ttf or .otf file",
        )),
        Err(crate::files::FileError::NotFound) => Err((
            format!("font `{relative}` cannot be read: no such file"),
            "check the path, relative to the book folder",
        )),
        Err(e) => Err((
            format!("font `{relative}` cannot be read: {}", e.reason()),
            e.hint(),
        )),
    }
}

/// The fonts installed on this machine, read once per process.
fn database() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// The regular face of an installed family, and its bold face when it has one. Each is named
/// by its file (and its index in a collection), so the language report says which file set
/// the text.
fn installed(family: &str) -> Result<Vec<FontFile>, Problem> {
    let db = database();
    let mut files: Vec<FontFile> = Vec::new();
    for weight in [fontdb::Weight::NORMAL, fontdb::Weight::BOLD] {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight,
            ..fontdb::Query::default()
        };
        let Some(id) = db.query(&query) else {
            continue;
        };
        let Some((source, index)) = db.face_source(id) else {
            continue;
        };
        let path = match source {
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
            fontdb::Source::Binary(_) => continue,
        };
        let name = if index == 0 {
            path.display().to_string()
        } else {
            format!("{}#{index}", path.display())
        };
        if files.iter().any(|f| f.name == name) {
            continue;
        }
        let data = crate::files::read_file(&path, crate::files::MAX_TEXT_BYTES).map_err(|e| {
            (
                format!(
                    "the font `{name}` of the family \"{family}\" cannot be read: {}",
                    e.reason()
                ),
                "check the installed font, or give a font file of the book folder",
            )
        })?;
        files.push(FontFile { name, data, index });
    }
    if files.is_empty() {
        return Err((
            format!("no font of the family \"{family}\" is installed on this machine"),
            "install it (`fc-list : family` lists the families installed; Debian's fonts-noto-cjk has \"Noto Sans CJK SC\"), or give a font file of the book folder",
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::is_file;

    #[test]
    fn a_path_or_a_font_extension_is_a_file_anything_else_a_family() {
        assert!(is_file("fonts/Chess.ttf"));
        assert!(is_file("NotoSansCJK-Regular.TTC"));
        assert!(is_file("fonts/Some Font"));
        assert!(!is_file("Noto Sans CJK SC"));
        assert!(!is_file("DejaVu Sans"));
    }
}
