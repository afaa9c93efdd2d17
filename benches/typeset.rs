//! Typesetting benchmark: a large book made from the sample book's entries (real text in
//! English, Russian, Kazakh and Arabic, with footnotes and comments), repeated until it runs to
//! several hundred pages, laid out and written to PDF five times. Prints the median time,
//! pages per second, words per second and the peak resident memory.
//!
//! Run with `cargo bench --bench typeset` (COPIES=n changes the size; default 25).

use chapbook::typeset::font::FontBook;
use std::path::Path;
use std::time::Instant;

fn main() {
    let copies: usize = std::env::var("COPIES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(25);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    let book_dir = dir.path().join("big");
    make_book(&repo.join("book"), &book_dir, copies);
    let (book, diags) = chapbook::source::load(&book_dir);
    let book = book.unwrap_or_else(|| panic!("{:?}", diags.into_vec()));
    let words: usize = book
        .entries
        .iter()
        .map(|e| {
            let mut text = String::new();
            for b in &e.body {
                if let chapbook::model::Block::Paragraph { content, .. } = b {
                    text.push_str(&chapbook::model::Inline::plain_text(content));
                    text.push(' ');
                }
            }
            text.split_whitespace().count()
        })
        .sum();
    let fonts = FontBook::with_fallbacks(&book.fonts, &book.pdf_style.text.script_sizes);
    let mut layout_times = Vec::new();
    let mut write_times = Vec::new();
    let mut pages = 0;
    let mut bytes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let frames = chapbook::layout::layout(&book, &book.pdf_style, &fonts);
        let laid = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let pdf = chapbook::pdf::write::write(&frames, &fonts, &book.pdf_style.output.standards)
            .expect("PDF");
        write_times.push(start.elapsed().as_secs_f64());
        layout_times.push(laid);
        pages = frames.pages.len();
        bytes = pdf.len();
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
        v[v.len() / 2]
    };
    let layout = median(&mut layout_times);
    let write = median(&mut write_times);
    let total = layout + write;
    println!(
        "book: {} entries, {words} words of body text, {pages} pages, PDF {:.1} MB",
        book.entries.len(),
        bytes as f64 / 1e6
    );
    println!("median of 5: layout {layout:.3} s + PDF writing {write:.3} s = {total:.3} s");
    println!(
        "{:.0} pages/s, {:.0} words/s",
        pages as f64 / total,
        words as f64 / total
    );
    println!("peak resident memory: {} MB", peak_rss_kb() / 1024);
}

/// Copies the sample book's entries (with their comments) `copies` times under new names.
fn make_book(sample: &Path, target: &Path, copies: usize) {
    let entries = target.join("entries");
    std::fs::create_dir_all(&entries).expect("entries folder");
    let config = std::fs::read_to_string(sample.join("book.toml")).expect("book.toml");
    let config: String = config
        .lines()
        .take_while(|l| !l.starts_with("entries"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(target.join("book.toml"), config).expect("write book.toml");
    for dir in ["authors", "images"] {
        std::fs::create_dir_all(target.join(dir)).expect("folder");
        for item in std::fs::read_dir(sample.join(dir))
            .expect("sample folder")
            .flatten()
        {
            std::fs::copy(item.path(), target.join(dir).join(item.file_name())).expect("copy");
        }
    }
    for item in std::fs::read_dir(sample.join("entries"))
        .expect("sample entries")
        .flatten()
    {
        let name = item.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(item.path()).expect("entry");
        for n in 0..copies {
            let new_name = format!("{n:03}-{name}");
            let text = if name.ends_with(".md") {
                text.replacen("title = \"", &format!("title = \"{} ", n + 1), 1)
                    .lines()
                    .filter(|l| !l.starts_with("slug"))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text.clone()
            };
            std::fs::write(entries.join(new_name), text).expect("write entry");
        }
    }
}

/// Peak resident set size of this process, from /proc (0 where unavailable).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
