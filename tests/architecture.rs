//! The crate's rooms and the one-way flow between them (ARCHITECTURE.md): every `crate::`
//! path in `src/` is read, and an edge that points up the pipeline fails the test. Also: no
//! file in `src/` over 700 lines.
//!
//! Run with `--nocapture` to see every room's edges and the line counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rooms of the crate: the first component under `src/`, `.rs` dropped.
const ROOMS: &[&str] = &[
    "batch", "build", "check", "cli", "config", "diag", "epub", "files", "fonts", "import", "init",
    "lang", "layout", "locale", "model", "pdf", "serve", "source", "typeset", "watch",
];

/// The stages and the drivers above them, which the foundation rooms may not know.
const STAGES: &[&str] = &[
    "source", "check", "epub", "layout", "typeset", "pdf", "import", "build", "batch", "watch",
    "serve", "init", "cli",
];

/// Room → the rooms it must not use.
fn forbidden(room: &str) -> Vec<&'static str> {
    let except = |allowed: &[&str]| -> Vec<&'static str> {
        STAGES
            .iter()
            .copied()
            .filter(|s| !allowed.contains(s))
            .collect()
    };
    match room {
        // The foundation knows no stage.
        "model" | "config" | "lang" | "locale" | "diag" | "fonts" | "files" => except(&[]),
        // The typesetter knows text, fonts and languages: no book, no TOML, no PDF.
        "typeset" => {
            let mut f = except(&[]);
            f.extend(["model", "config", "locale"]);
            f
        }
        // Readers and writers of formats stand side by side and never call each other.
        "source" => except(&[]),
        "import" => except(&[]),
        "epub" => except(&[]),
        "layout" => except(&["typeset"]),
        "pdf" => {
            let mut f = except(&["typeset"]);
            f.push("model");
            f
        }
        "check" => except(&["source", "typeset", "pdf"]),
        "build" => except(&["source", "check", "epub", "layout", "typeset", "pdf"]),
        "batch" | "watch" => except(&["build", "source", "check", "epub", "typeset", "pdf"]),
        // The preview drives `watch` and reads back what the EPUB build wrote.
        "serve" => except(&["build", "watch", "epub"]),
        _ => Vec::new(),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The room a file of `src/` belongs to.
fn room_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The rooms named by `crate::ROOM` paths in a line of code (comments dropped), including
/// groups such as `use crate::{epub, pdf};`.
fn rooms_used(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
        rest = after;
    }
    out.retain(|r| ROOMS.contains(&r.as_str()));
    out
}

#[test]
fn edges_point_down_the_pipeline_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    for file in &files {
        let room = room_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for used in rooms_used(line) {
                if used == room {
                    continue;
                }
                if forbidden(&room).contains(&used.as_str()) {
                    broken.push(format!(
                        "{}:{}: {room} uses {used}: `{}`",
                        file.strip_prefix(&src).unwrap().display(),
                        n + 1,
                        line.trim()
                    ));
                }
                edges.entry(room.clone()).or_default().insert(used);
            }
        }
    }
    println!("edges between rooms (room -> rooms it uses):");
    for (room, used) in &edges {
        let used: Vec<&str> = used.iter().map(String::as_str).collect();
        println!("  {room:8} -> {}", used.join(", "));
    }
    assert!(
        broken.is_empty(),
        "edges that point up or sideways:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_edge_reader_sees_groups_and_paths() {
    assert_eq!(
        rooms_used("use crate::{epub, pdf, source};"),
        ["epub", "pdf", "source"]
    );
    assert_eq!(
        rooms_used("    let x = crate::source::load(p); // crate::pdf"),
        ["source"]
    );
    assert_eq!(rooms_used("use crate::model::{self, Book};"), ["model"]);
}

/// No file of `src/` has more than 700 lines, its unit tests included (long test modules
/// live in a file of their own beside the code).
#[test]
fn no_file_is_over_700_lines_of_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut long = Vec::new();
    println!("lines of code (before #[cfg(test)]) / lines in all:");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let all = text.lines().count();
        let code = text
            .lines()
            .position(|l| l.starts_with("#[cfg(test)]"))
            .unwrap_or(all);
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        println!("  {code:5} / {all:5}  {name}");
        if all > 700 {
            long.push(format!("{name}: {all} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over 700 lines:\n{}",
        long.join("\n")
    );
}
