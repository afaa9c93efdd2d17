//! comrak alone: every `.md` file of a folder (TOML front matter left out) parsed with the
//! Markdown options chapbook reads its entries with and written as one HTML file. The floor
//! of an EPUB build, timed by `benches/peers.sh` beside `chapbook build --format epub`.
//!
//! `cargo run --release --example comrak_html -- ENTRIES_DIR OUT.html`

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, out] = args.as_slice() else {
        eprintln!("usage: comrak_html ENTRIES_DIR OUT.html");
        std::process::exit(2);
    };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(dir, &e))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let options = chapbook::source::markdown::options();
    let file = std::fs::File::create(out).unwrap_or_else(|e| fail(out, &e));
    let mut html = std::io::BufWriter::new(file);
    for path in &names {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&path.display(), &e));
        // The body after `+++ … +++`, as chapbook's loader splits it.
        let body = match text.strip_prefix("+++") {
            Some(rest) => rest.split_once("\n+++").map_or(rest, |(_, body)| body),
            None => &text,
        };
        let rendered = comrak::markdown_to_html(body, &options);
        html.write_all(rendered.as_bytes())
            .unwrap_or_else(|e| fail(out, &e));
    }
    html.flush().unwrap_or_else(|e| fail(out, &e));
}

fn fail(what: &dyn std::fmt::Display, error: &std::io::Error) -> ! {
    eprintln!("comrak_html: {what}: {error}");
    std::process::exit(1);
}
