//! Bugs found by fuzzing (`fuzz/run.sh`), each named after what went wrong, with the input
//! that showed it cut down to its cause. Each runs the library on the input, in memory or in
//! a temporary book folder.

use chapbook::build::{BuildOptions, Format, build};
use chapbook::diag::Diagnostic;
use std::path::Path;

/// Builds a one-entry book (and its comments file, if given) to EPUB; returns the diagnostics.
fn diagnostics(entry: &[u8], comments: Option<&[u8]>) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("entries")).unwrap();
    std::fs::write(root.join("book.toml"), "title = \"T\"\ndate = 2026-01-01\n").unwrap();
    std::fs::write(root.join("entries/e.md"), entry).unwrap();
    if let Some(comments) = comments {
        std::fs::write(root.join("entries/e.comments.toml"), comments).unwrap();
    }
    let outcome = build(&BuildOptions {
        impose: None,
        handouts: false,
        book_dir: root.to_path_buf(),
        out_dir: root.join("out"),
        formats: vec![Format::Epub],
    });
    outcome.diagnostics.into_vec()
}

fn find<'a>(diags: &'a [Diagnostic], message: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no `{message}` in {diags:?}"))
}

/// Fuzz target `entry`, crash f0af5f88: an entry with a lone carriage return (an old Mac line
/// end, or a stray one from a blog export) got footnote warnings two lines past the end of the
/// file. comrak takes a lone `\r` for a line end, chapbook's line counting did not; every file
/// is now read with `\r\n` and `\r` turned into `\n`, so all count the same lines.
#[test]
fn lone_carriage_returns_count_as_line_ends() {
    let entry = b"+++\rtitle = \"A\"\r\n+++\nOne.\rTwo.\r\rThree[^x].\r\r[^y]: Unused.\r";
    let diags = diagnostics(entry, None);
    let lines = 10; // as an editor that honours \r shows the file
    let cited = find(&diags, "footnote [^x] is cited but never defined");
    assert_eq!(cited.line, Some(7), "{cited}");
    let unused = find(&diags, "footnote [^y] is defined but never cited");
    assert_eq!(unused.line, Some(9), "{unused}");
    for d in &diags {
        assert!(d.line.is_none_or(|l| l <= lines), "{d}");
    }
    assert_eq!(
        chapbook::source::files::normalize_newlines("a\r\nb\rc\n".into()),
        "a\nb\nc\n"
    );
}

/// The same class in comments: a body written on one line with `\n` escapes has more Markdown
/// lines than the file has; its problems were placed on lines past the end of the file. They
/// are now placed on the line of `body =`.
#[test]
fn escaped_newlines_in_a_comment_body_point_at_the_body_line() {
    let comments =
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nbody = \"One.\\n\\nTwo.\\n\\nThree[^x].\"\n";
    let diags = diagnostics(b"+++\ntitle = \"A\"\n+++\nText.\n", Some(comments));
    let cited = find(&diags, "footnote [^x] is cited but never defined");
    assert_eq!(cited.file, Path::new("entries/e.comments.toml"));
    assert_eq!(cited.line, Some(4), "{cited}");
    // A triple-quoted body keeps its real lines.
    let comments =
        b"[[comment]]\nid = \"c1\"\nauthor = \"R\"\nbody = \"\"\"\nOne.\n\nThree[^x].\n\"\"\"\n";
    let diags = diagnostics(b"+++\ntitle = \"A\"\n+++\nText.\n", Some(comments));
    assert_eq!(
        find(&diags, "footnote [^x] is cited but never defined").line,
        Some(7)
    );
}
