//! `[pdf.fonts]`: the fonts a book adds (`fallback`) or sets its text in (`body`, `heading`,
//! `mono`), each a file of the book folder or a family installed on the machine (found with
//! fontdb), read and checked.

use crate::config::BookConfig;
use crate::diag::{Diagnostic, Diagnostics, line_of};
use crate::fonts::{FontFile, FontRole};
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
    let roles = [
        (spec.body.as_ref(), FontRole::Body),
        (spec.heading.as_ref(), FontRole::Heading),
        (spec.mono.as_ref(), FontRole::Mono),
    ];
    let given = roles
        .into_iter()
        .filter_map(|(value, role)| Some((value?, role)))
        .chain(spec.fallback.iter().map(|v| (v, FontRole::Fallback)));
    for (value, role) in given {
        let line = line_of(text, value.span().start);
        let result = if is_file(value.get_ref()) {
            book_file(root, value.get_ref()).map(|f| vec![f])
        } else {
            installed(value.get_ref(), role != FontRole::Fallback)
        };
        match result {
            Ok(files) => out.extend(files.into_iter().map(|f| FontFile { role, ..f })),
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
            role: FontRole::Fallback,
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

/// The regular face of an installed family, and its bold face when it has one (and its
/// italic faces, for `italics`: a font the text is set in, not a fallback). Each is named
/// by its file (and its index in a collection), so the language report says which file set
/// the text.
fn installed(family: &str, italics: bool) -> Result<Vec<FontFile>, Problem> {
    let db = database();
    let mut files: Vec<FontFile> = Vec::new();
    // The regular and bold faces, and the italic ones (a body font's emphasis).
    let faces = [
        (fontdb::Weight::NORMAL, fontdb::Style::Normal),
        (fontdb::Weight::BOLD, fontdb::Style::Normal),
        (fontdb::Weight::NORMAL, fontdb::Style::Italic),
        (fontdb::Weight::BOLD, fontdb::Style::Italic),
    ];
    let faces = if italics { &faces[..] } else { &faces[..2] };
    for &(weight, style) in faces {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight,
            style,
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
        files.push(FontFile {
            name,
            data,
            index,
            role: FontRole::Fallback,
        });
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
