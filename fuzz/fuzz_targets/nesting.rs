//! Deep nesting into the HTML converter (import::html): the bytes are read as a program that
//! opens, closes and repeats elements (up to 1 MB of HTML), so a 4 KB input can nest 100,000 deep. On a 2 MB stack
//! (a spawned thread's, not the main thread's 8 MB) the conversion must finish without a panic
//! or a stack overflow, keep every word written, and write quotes no deeper than the book's
//! Markdown takes.
#![no_main]

use chapbook::import::html::{Input, MAX_MARKDOWN_NESTING, NoImages, to_markdown};
use libfuzzer_sys::fuzz_target;

const TAGS: &[(&str, &str)] = &[
    ("<div>", "</div>"),
    ("<blockquote>", "</blockquote>"),
    ("<em>", "</em>"),
    ("<strong>", "</strong>"),
    ("<ul>", "</ul>"),
    ("<ol>", "</ol>"),
    ("<li>", "</li>"),
    ("<a href=\"https://a.example/\">", "</a>"),
    ("<table>", "</table>"),
    ("<tr>", "</tr>"),
    ("<td>", "</td>"),
    ("<p>", "</p>"),
    ("<span>", "</span>"),
    ("<figure>", "</figure>"),
    ("<figcaption>", "</figcaption>"),
    ("<h2>", "</h2>"),
    ("<del>", "</del>"),
    ("<section>", "</section>"),
    ("<dl>", "</dl>"),
    ("<dd>", "</dd>"),
];

/// The HTML the bytes describe, and the words written into it.
fn program(data: &[u8]) -> (String, Vec<String>) {
    let mut html = String::new();
    let mut words = Vec::new();
    let mut last = String::new();
    for &byte in data {
        let op = if byte & 0x80 != 0 {
            // Repeat the last step 64 × (1 + the low bits) times.
            last.repeat(64 * (1 + usize::from(byte & 0x3f)))
        } else {
            let n = usize::from(byte & 0x3f);
            let step = match byte & 0x40 {
                0 => TAGS[n % TAGS.len()].0.to_string(),
                _ if n < TAGS.len() => TAGS[n].1.to_string(),
                _ => {
                    let word = format!(" w{} ", words.len());
                    words.push(word.trim().to_string());
                    word
                }
            };
            last = step.clone();
            step
        };
        if html.len() + op.len() > 1 << 20 {
            break;
        }
        html.push_str(&op);
    }
    (html, words)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (html, words) = program(rest);
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let converted = to_markdown(
                &Input {
                    html: &html,
                    autop: flags & 1 == 1,
                    footnotes: &[],
                    base: None,
                },
                &mut NoImages,
            );
            for word in &words {
                // A repeated word step writes the same word again; each must be there.
                assert!(
                    converted.markdown.contains(word.as_str()),
                    "`{word}` was lost"
                );
            }
            let deepest = converted
                .markdown
                .lines()
                .map(|l| l.trim_start().matches("> ").count())
                .max()
                .unwrap_or(0);
            assert!(deepest <= MAX_MARKDOWN_NESTING, "{deepest} quote levels");
        })
        .unwrap();
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
});
