//! WordPress auto-paragraphs (string level, before parsing).

const BLOCK_TAGS: &[&str] = &[
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "blockquote",
    "address",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "summary",
    "main",
    "center",
    "iframe",
    "script",
    "style",
    "video",
    "audio",
    "object",
    "svg",
];

/// WordPress's `wpautop`, simplified: blank-line-separated chunks that do not start with a
/// block tag become paragraphs, and single newlines in them line breaks. `<pre>` is left
/// alone.
pub(super) fn autop(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    loop {
        let (before, pre, after) = match rest.find("<pre") {
            Some(s) => {
                let e = rest[s..].find("</pre>").map_or(rest.len(), |e| s + e + 6);
                (&rest[..s], &rest[s..e], &rest[e..])
            }
            None => (rest, "", ""),
        };
        for chunk in split_blank_lines(before) {
            let chunk = chunk.trim();
            if chunk.is_empty() {
                continue;
            }
            if starts_with_block_tag(chunk) {
                out.push_str(chunk);
            } else {
                out.push_str("<p>");
                let lines: Vec<&str> = chunk.lines().map(str::trim_end).collect();
                for (i, line) in lines.iter().enumerate() {
                    out.push_str(line);
                    let next_is_block = lines.get(i + 1).is_some_and(|l| starts_with_block_tag(l));
                    if i + 1 < lines.len() && !starts_with_block_tag(line) && !next_is_block {
                        out.push_str("<br>");
                    }
                    out.push('\n');
                }
                out.push_str("</p>");
            }
            out.push_str("\n\n");
        }
        out.push_str(pre);
        if after.is_empty() {
            break;
        }
        rest = after;
    }
    out
}

fn split_blank_lines(text: &str) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let mut blank_run = false;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let line = &text[line_start..i];
            if line.trim().is_empty() && i > 0 {
                if !blank_run {
                    chunks.push(&text[start..line_start]);
                }
                blank_run = true;
                start = i + 1;
            } else {
                blank_run = false;
            }
            line_start = i + 1;
        }
    }
    chunks.push(&text[start..]);
    chunks
}

fn starts_with_block_tag(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with("<!--") {
        return true;
    }
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    BLOCK_TAGS.contains(&rest[..end].to_ascii_lowercase().as_str())
}
