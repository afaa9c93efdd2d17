//! A newcomer's first hour (issue 19), through the real binary: the book found from inside it,
//! every mistake named once with its fix, the references printed, cargo's conventions
//! (`--message-format json`, completions, a man page, `--color`, `-q`/`-v`), and `watch`
//! that ignores editors' files and its own output folder.

mod common;

use common::cli::{AUTHOR, BOOK, ENTRY, book, write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary in `dir` with `args`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The diagnostic blocks of stderr that start with `label` ("error", "warning").
fn blocks<'a>(stderr: &'a str, label: &str) -> Vec<&'a str> {
    stderr
        .split("\n\n")
        .map(str::trim_start)
        .filter(|b| b.starts_with(&format!("{label}: ")))
        .collect()
}

/// Asserts a block with `message`, at a location ending in `location`, whose hint has `hint`.
fn assert_block(stderr: &str, label: &str, location: &str, message: &str, hint: &str) {
    let found = blocks(stderr, label).into_iter().any(|b| {
        b.lines().next().is_some_and(|l| l.contains(message))
            && b.lines()
                .any(|l| l.trim_start().starts_with("-->") && l.ends_with(location))
            && b.lines()
                .any(|l| l.trim_start().starts_with("= help:") && l.contains(hint))
    });
    assert!(
        found,
        "expected {label} `{message}` at {location} with help `{hint}`, got:\n{stderr}"
    );
}

/// Runs `chapbook check` in `root`, which must fail (exit 1); its stderr.
fn failing_check(root: &Path) -> String {
    let output = run_in(root, &["check"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    stderr
}

// --- 1. Found as cargo finds Cargo.toml --------------------------------------------------

#[test]
fn init_then_build_from_inside_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let init = run_in(dir.path(), &["init", "mybook"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    assert_eq!(
        text(&init.stdout),
        "next, from inside the new book folder:\n  cd mybook\n  chapbook build\n"
    );
    // From a folder inside the book, as cargo finds Cargo.toml above it.
    let entries = dir.path().join("mybook/entries");
    let build = run_in(&entries, &["build", "--format", "epub"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert_eq!(text(&build.stdout), "wrote ../out/my-blog-in-print.epub\n");
    assert!(
        dir.path()
            .join("mybook/out/my-blog-in-print.epub")
            .is_file()
    );
    // And from the book folder itself: out/ beside book.toml.
    let check = run_in(&dir.path().join("mybook"), &["check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).ends_with("\nmybook: 0 error(s), 0 warning(s)\n"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn a_path_to_book_toml_is_its_book_and_outputs_go_beside_it() {
    let b = book();
    let parent = b.path().parent().unwrap();
    let name = b.path().file_name().unwrap().to_str().unwrap();
    let given = format!("{name}/book.toml");
    let build = run_in(parent, &["build", &given, "--format", "epub"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert_eq!(
        text(&build.stdout),
        format!("wrote {name}/out/test-book.epub\n")
    );
    assert!(b.path().join("out/test-book.epub").is_file());
}

#[test]
fn no_book_here_or_above_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: there is no book.toml in {} or any folder above it",
            dir.path().canonicalize().unwrap().display()
        )) || stderr.contains("there is no book.toml in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("create one with `chapbook init my-book`"),
        "{stderr}"
    );
}

// --- 2. Every mistake once, with its fix ---------------------------------------------------

#[test]
fn three_bad_keys_in_book_toml_are_three_errors_in_one_run() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}autors = [\"A\"]\nsubtitel = \"S\"\ncolour = \"red\"\n").as_bytes(),
    );
    let stderr = failing_check(b.path());
    assert_eq!(blocks(&stderr, "error").len(), 3, "{stderr}");
    assert_block(
        &stderr,
        "error",
        "book.toml:4",
        "unknown key `autors`",
        "did you mean `authors`?",
    );
    assert_block(
        &stderr,
        "error",
        "book.toml:5",
        "unknown key `subtitel`",
        "did you mean `subtitle`?",
    );
    assert_block(
        &stderr,
        "error",
        "book.toml:6",
        "unknown key `colour`",
        "remove it, or use one of the keys",
    );
}

#[test]
fn two_typos_in_one_front_matter_are_both_reported() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Fine\"\nautor = \"ann\"\ndat = 2026-01-02\n+++\nText.\n",
    );
    let stderr = failing_check(b.path());
    assert_block(
        &stderr,
        "error",
        "entries/fine.md:3",
        "unknown key `autor`",
        "did you mean `author`?",
    );
    assert_block(
        &stderr,
        "error",
        "entries/fine.md:4",
        "unknown key `dat`",
        "did you mean `date`?",
    );
}

#[test]
fn toml_wording_is_rewritten_into_the_books_words() {
    let b = book();
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Fine\"\nauthors = \"ann\"\n+++\nText.\n",
    );
    write(
        b.path(),
        "entries/second.md",
        b"+++\ntitle = \"Second\"\nauthors = newchallengekz\n+++\nText.\n",
    );
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}\ntitle = \"Again\"\n").as_bytes(),
    );
    let stderr = failing_check(b.path());
    assert_block(
        &stderr,
        "error",
        "entries/fine.md:3",
        "authors must be a list of author ids, like `authors = [\"ann\"]`",
        "Several authors",
    );
    assert_block(
        &stderr,
        "error",
        "entries/second.md:3",
        "the value of `authors` cannot be read",
        "authors must be a list of author ids, like `authors = [\"ann\"]` (text goes in quotes, lists in [ ])",
    );
    assert_block(
        &stderr,
        "error",
        "book.toml:5",
        "the key `title` is given twice, first at line 1",
        "keep one of them",
    );
    for leak in [
        "invalid type",
        "expected a sequence",
        "duplicate key",
        "expected `nan`",
    ] {
        assert!(
            !stderr.contains(leak),
            "TOML's wording `{leak}` leaked:\n{stderr}"
        );
    }
}

#[test]
fn language_tags_are_checked_against_the_registry() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        b"title = \"T\"\nlanguage = \"kz\"\ndate = 2026-01-01\n",
    );
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Fine\"\nauthors = [\"ann\"]\nlang = \"xx\"\n+++\nText in [English]{lang=english}.\n",
    );
    let stderr = failing_check(b.path());
    assert_block(
        &stderr,
        "error",
        "book.toml:2",
        "`kz` is a country code (Kazakhstan); Kazakh is kk",
        "write kk; a country goes after the language, as in kk-KZ",
    );
    assert_block(
        &stderr,
        "error",
        "entries/fine.md:4",
        "`xx` is not a language in the IANA registry",
        "the nearest known tags: ",
    );
    assert_block(
        &stderr,
        "error",
        "entries/fine.md:6",
        "`english` is a language's name, not its tag; English is en in `{lang=english}`",
        "write en",
    );
}

#[test]
fn a_book_without_any_date_is_warned_about() {
    let b = tempfile::tempdir().unwrap();
    write(b.path(), "book.toml", b"title = \"Undated\"\n");
    write(
        b.path(),
        "entries/a.md",
        b"+++\ntitle = \"A\"\n+++\nText.\n",
    );
    let output = run_in(b.path(), &["build", "--format", "epub"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_block(
        &stderr,
        "warning",
        "book.toml",
        "the book has no date, nor has any entry: its files are stamped 1980-01-01",
        "add `date = 2026-01-01` (the publication date) to book.toml",
    );
    // A date that is not a number of seconds is an error, not ignored.
    let bad = Command::new(common::bin())
        .current_dir(b.path())
        .args(["check"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("error: the environment variable SOURCE_DATE_EPOCH is `yesterday`, not a whole number of seconds since 1970-01-01"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn an_image_path_written_from_the_book_folder_is_accepted() {
    let b = book();
    let png = std::fs::read(common::repo().join("book/images/route-map.png")).unwrap();
    write(b.path(), "images/x.png", &png);
    write(
        b.path(),
        "entries/fine.md",
        format!("{}\n![A picture](images/x.png)\n", ENTRY).as_bytes(),
    );
    let output = run_in(b.path(), &["build", "--format", "epub"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !text(&output.stderr).contains("x.png"),
        "{}",
        text(&output.stderr)
    );
    let epub = common::Epub::open(&b.path().join("out/test-book.epub")).names();
    assert!(epub.iter().any(|n| n.ends_with(".png")), "{epub:?}");
}

// --- 3. References printed -------------------------------------------------------------

#[test]
fn style_prints_every_key_with_its_meaning() {
    let output = run_in(Path::new("."), &["style"]);
    assert!(output.status.success());
    let style = text(&output.stdout);
    assert_eq!(style.trim_end(), chapbook::config::DEFAULT.trim_end());
    assert!(
        style.contains("margin-outer = \"18mm\"       # away from the binding"),
        "{style}"
    );
}

#[test]
fn the_reference_in_docs_is_up_to_date() {
    let output = run_in(Path::new("."), &["reference"]);
    assert!(output.status.success());
    let generated = text(&output.stdout);
    let file = common::repo().join("docs/reference.md");
    if std::env::var_os("CHAPBOOK_BLESS").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        written == generated,
        "docs/reference.md is out of date: run `chapbook reference > docs/reference.md` (or CHAPBOOK_BLESS=1 cargo test --test newcomer)"
    );
    for key in [
        "| `authors` | a list of author ids |",
        "| `[pdf.page]` | `size` | `\"A5\"` |",
        "| `kind` |",
        "| `fallback` |",
    ] {
        assert!(generated.contains(key), "{key} missing");
    }
}

// --- 4. Conventions of cargo --------------------------------------------------------------

#[test]
fn message_format_json_writes_one_diagnostic_per_line() {
    let b = book();
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}autor = \"x\"\n").as_bytes(),
    );
    for command in ["build", "check"] {
        let output = run_in(b.path(), &[command, "--message-format", "json"]);
        assert_eq!(output.status.code(), Some(1));
        let lines: Vec<serde_json::Value> = text(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        let diagnostic = &lines[0];
        assert_eq!(diagnostic["reason"], "diagnostic");
        assert_eq!(diagnostic["level"], "error");
        assert_eq!(diagnostic["message"], "unknown key `autor`");
        assert_eq!(diagnostic["file"], "book.toml");
        assert_eq!(diagnostic["line"], 4);
        assert_eq!(diagnostic["hint"], "did you mean `authors`?");
        let last = lines.last().unwrap();
        assert_eq!(last["reason"], format!("{command}-finished"));
        assert_eq!(last["success"], false);
        assert!(text(&output.stderr).is_empty(), "{}", text(&output.stderr));
    }
}

#[test]
fn completions_and_man_page() {
    let bash = run_in(Path::new("."), &["completions", "bash"]);
    assert!(bash.status.success());
    let script = text(&bash.stdout);
    assert!(
        script.contains("_chapbook()") && script.contains("--message-format"),
        "{script}"
    );
    let man = run_in(Path::new("."), &["man"]);
    assert!(man.status.success());
    let page = text(&man.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH chapbook"),
        "{page}"
    );
    assert!(page.contains("completions"), "{page}");
}

#[test]
fn color_quiet_and_verbose() {
    let b = book();
    write(b.path(), "authors/ann.md", b"+++\nname = \"Ann\"\n+++\n");
    let coloured = run_in(b.path(), &["--color", "always", "check"]);
    assert!(
        text(&coloured.stderr).contains("\x1b[1;33mwarning\x1b[0m"),
        "{}",
        text(&coloured.stderr)
    );
    let plain = run_in(b.path(), &["check", "--color", "never"]);
    assert!(!text(&plain.stderr).contains('\x1b'));
    assert!(text(&plain.stderr).contains("warning: Ann has no bio"));
    let no_color = Command::new(common::bin())
        .current_dir(b.path())
        .args(["check", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!text(&no_color.stderr).contains('\x1b'));
    // -q: errors only; the warning is gone.
    let quiet = run_in(b.path(), &["build", "-q", "--format", "epub"]);
    assert!(quiet.status.success());
    assert_eq!(text(&quiet.stderr), "");
    assert_eq!(text(&quiet.stdout), "");
    // -v: each stage with its time, then the page count.
    let verbose = run_in(b.path(), &["build", "-v"]);
    assert!(verbose.status.success(), "{}", text(&verbose.stderr));
    let stderr = text(&verbose.stderr);
    for stage in [
        "     read ",
        "     epub ",
        "  typeset ",
        "      pdf ",
        "    write ",
    ] {
        assert!(stderr.contains(stage), "stage `{stage}` missing:\n{stderr}");
    }
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("finished ") && l.contains(" pages, ")),
        "{stderr}"
    );
}

#[test]
fn batch_report_format_has_its_own_flag_and_the_old_one_still_works() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one/book.toml", BOOK.as_bytes());
    write(dir.path(), "one/entries/fine.md", ENTRY.as_bytes());
    write(dir.path(), "one/authors/ann.md", AUTHOR.as_bytes());
    write(
        dir.path(),
        "books.toml",
        b"formats = [\"epub\"]\n\n[[book]]\npath = \"one\"\n",
    );
    let new = run_in(
        dir.path(),
        &["batch", "books.toml", "--message-format", "json"],
    );
    assert!(new.status.success(), "{}", text(&new.stderr));
    let report: serde_json::Value = serde_json::from_slice(&new.stdout).unwrap();
    assert_eq!(report["summary"]["books"], 1);
    assert!(!text(&new.stderr).contains("--message-format"));
    let old = run_in(
        dir.path(),
        &["batch", "books.toml", "--format", "json", "--force"],
    );
    assert!(old.status.success(), "{}", text(&old.stderr));
    assert!(serde_json::from_slice::<serde_json::Value>(&old.stdout).is_ok());
    assert!(
        text(&old.stderr).contains(
            "warning: `--format` for the report is now `--message-format` (`--format` names file formats on the other commands); the old spelling still works"
        ),
        "{}",
        text(&old.stderr)
    );
}

// --- 5. watch -----------------------------------------------------------------------------

#[test]
fn watch_ignores_its_output_inside_the_book_and_editors_files() {
    let b = book();
    // The first build fails: out/ does not exist yet when the watch starts.
    write(
        b.path(),
        "entries/fine.md",
        b"+++\ntitle = \"Broken\"\n+++\nA note that is not there.[^gone]\n",
    );
    let mut child = Command::new(common::bin())
        .current_dir(b.path())
        .args(["watch", "--format", "epub"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    write(b.path(), "entries/fine.md", ENTRY.as_bytes());
    let epub = b.path().join("out/test-book.epub");
    let start = Instant::now();
    while !epub.is_file() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no rebuild after the fix"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Editors' temporary files are no change.
    std::thread::sleep(Duration::from_secs(1));
    for name in [
        "entries/.fine.md.swp",
        "entries/fine.md~",
        "entries/4913",
        "entries/.#fine.md",
    ] {
        write(b.path(), name, b"x");
    }
    std::thread::sleep(Duration::from_secs(3));
    child.kill().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    child.wait().unwrap();
    // One change (the fix) and one good build: writing out/ did not start another.
    assert_eq!(stderr.matches("changed: ").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("wrote ").count(), 1, "{stderr}");
    assert!(stderr.contains("changed: entries/fine.md\n"), "{stderr}");
}

// --- 3b. Body, heading and code fonts ------------------------------------------------------

#[test]
fn body_heading_and_mono_fonts_are_chosen_in_book_toml() {
    let b = book();
    // A file of the book for the body, installed families (Debian's fonts-dejavu-core) for
    // headings and code.
    let mono = std::fs::read(common::repo().join("fonts/NotoSansMono-Regular.ttf")).unwrap();
    write(b.path(), "fonts/body.ttf", &mono);
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}\n[pdf.fonts]\nbody = \"fonts/body.ttf\"\nheading = \"DejaVu Serif\"\nmono = \"DejaVu Sans Mono\"\n").as_bytes(),
    );
    write(
        b.path(),
        "entries/fine.md",
        format!("{ENTRY}\n## A heading\n\n```\nlet code = 1;\n```\n").as_bytes(),
    );
    let output = run_in(b.path(), &["build", "--format", "pdf"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let fonts = Command::new("pdffonts")
        .arg(b.path().join("out/test-book.pdf"))
        .output()
        .expect("pdffonts (poppler-utils) runs");
    let fonts = text(&fonts.stdout);
    for used in ["NotoSansMono-Regular", "DejaVuSerif-Bold", "DejaVuSansMono"] {
        assert!(fonts.contains(used), "{used} not in the PDF:\n{fonts}");
    }
    // The bundled families stepped aside.
    for replaced in ["NotoSerif", "NotoSans-"] {
        assert!(
            !fonts.contains(replaced),
            "{replaced} still in the PDF:\n{fonts}"
        );
    }
    // A font that is not there is named with its line.
    write(
        b.path(),
        "book.toml",
        format!("{BOOK}\n[pdf.fonts]\nbody = \"No Such Family\"\n").as_bytes(),
    );
    let output = run_in(b.path(), &["check"]);
    assert_block(
        &text(&output.stderr),
        "error",
        "book.toml:6",
        "no font of the family \"No Such Family\" is installed on this machine",
        "install it",
    );
}

#[test]
fn a_read_only_output_folder_is_named_as_given() {
    let b = book();
    let ro = b.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    // Readable by all, the output folder by none: root may write anywhere, so as root the
    // build runs as `nobody` (setpriv, util-linux).
    use std::os::unix::fs::PermissionsExt;
    for dir in [
        b.path(),
        &b.path().join("entries"),
        &b.path().join("authors"),
    ] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(common::bin());
        c
    } else {
        Command::new(common::bin())
    };
    let output = command
        .current_dir(b.path())
        .args(["build", "--format", "epub", "--out", "ro"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_block(
        &stderr,
        "error",
        "ro",
        "the output folder `ro` is read-only: nothing can be written into it",
        "make it writable (chmod u+w), or choose another folder with --out",
    );
    assert!(
        !stderr.contains(".part") && !stderr.contains(".chapbook-"),
        "{stderr}"
    );
}
