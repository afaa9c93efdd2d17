//! The typesetting engine behind chapbook's PDF output. It does no I/O and knows nothing of
//! Markdown, TOML, the book model or PDF: it takes styled text and returns positioned glyphs.
//! Of the rest of the crate it uses only `lang` (text direction) and `fonts` (the bundled
//! faces); a test below keeps it so.
//!
//! Stages: `font` (faces, fallback chains, coverage), `shape` (rustybuzz), `inline` (a
//! paragraph into lines: collect, prepare, break, finalize), `hyphenate` (patterns and
//! syllable rules), `linebreak` (Knuth–Plass over boxes, glue and penalties), `paginate`
//! (blocks into pages), `remember` (a bounded memo the threads share, for shaped words and
//! hyphenation points). `content` is what the engine is given, `frame` what it returns, and
//! `dump` a text dump of frames for tests.

pub mod content;
pub mod dump;
pub mod emoji;
pub mod font;
pub mod frame;
pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod paginate;
pub mod remember;
pub mod shape;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `crate::` path named in `dir` and its folders, with the file it is in.
    fn crate_paths(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/typeset") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                crate_paths(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                let ident = |s: &str| -> String {
                    s.trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect()
                };
                for (at, _) in text.match_indices("crate::") {
                    let rest = &text[at + "crate::".len()..];
                    // A group in braces after the crate root names each of its modules.
                    let names: Vec<String> = match rest.strip_prefix('{') {
                        Some(group) => group
                            .split('}')
                            .next()
                            .unwrap_or_default()
                            .split(',')
                            .map(ident)
                            .collect(),
                        None => vec![ident(rest)],
                    };
                    for name in names.into_iter().filter(|n| !n.is_empty()) {
                        out.push((path.display().to_string(), name));
                    }
                }
            }
        }
    }

    /// typeset sits below the model, the sources, the configuration and PDF (issue #12): it
    /// may use `lang` and `fonts`, nothing else of the crate.
    #[test]
    fn typeset_imports_only_lang_and_fonts() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/typeset");
        let mut paths = Vec::new();
        crate_paths(&dir, &mut paths);
        let upward: Vec<_> = paths
            .iter()
            .filter(|(_, name)| !matches!(name.as_str(), "typeset" | "lang" | "fonts"))
            .collect();
        assert!(upward.is_empty(), "typeset uses {upward:?}");
        assert!(
            paths.iter().any(|(_, name)| name == "lang"),
            "the scan found nothing"
        );
    }
}
