//! Markdown output of inline elements and text: emphasis, code, links, images, footnote
//! references, escapes.

use super::MAX_MARKDOWN_NESTING;
use super::blocks::{Writer, is_inline, longest_run};
use super::tree::{Element, Node};
use crate::model::links::strip_bidi;

impl Writer<'_> {
    /// Inline Markdown of `nodes` (block structure flattened).
    pub(super) fn inline_text(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        for node in nodes {
            self.inline(node, &mut out);
        }
        out
    }

    pub(super) fn inline(&mut self, node: &Node, out: &mut String) {
        let e = match node {
            Node::Text(t) => {
                if self.in_link {
                    // A link's text never changes direction: it could make it read as
                    // another address.
                    push_plain(out, &strip_bidi(t));
                } else {
                    push_text(out, t);
                }
                return;
            }
            Node::Element(e) => e,
        };
        match e.name.as_str() {
            "br" => out.push_str("\\\n"),
            "em" | "i" | "cite" | "dfn" | "var" => self.wrap(e, "*", out),
            "strong" | "b" => self.wrap(e, "**", out),
            "del" | "s" | "strike" => self.wrap(e, "~~", out),
            "code" | "kbd" | "tt" | "samp" => {
                let code = e.text().replace('\n', " ");
                if code.is_empty() {
                    return;
                }
                let ticks = "`".repeat(longest_run(&code, '`') + 1);
                let pad = if code.starts_with('`') || code.ends_with('`') {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
            }
            "q" => {
                out.push('“');
                for child in &e.children {
                    self.inline(child, out);
                }
                out.push('”');
            }
            "sup" if e.attr("data-fn").is_some() => {
                let id = e.attr("data-fn").unwrap_or_default().to_string();
                if self.footnotes.iter().any(|(fid, _)| *fid == id) {
                    let n = match self.cited.iter().position(|c| *c == id) {
                        Some(p) => p + 1,
                        None => {
                            self.cited.push(id);
                            self.cited.len()
                        }
                    };
                    out.push_str(&format!("[^{n}]"));
                } else {
                    self.notes
                        .insert("a footnote whose text is not in the export".into());
                    push_text(out, &format!("[{}]", e.text().trim()));
                }
            }
            "a" => self.link(e, out),
            "img" => self.image(e, out),
            "iframe" | "video" | "audio" | "object" | "form" | "input" | "select" | "button"
            | "textarea" | "script" | "style" | "svg" | "math" | "noscript" | "template" => {
                if e.name == "button" {
                    for child in &e.children {
                        self.inline(child, out);
                    }
                }
            }
            _ => {
                for child in &e.children {
                    if is_inline(child) {
                        self.inline(child, out);
                    } else {
                        // Block content inside an inline element (lenient HTML): flatten it.
                        let text = self.blocks(std::slice::from_ref(child)).join(" ");
                        out.push(' ');
                        out.push_str(&text.replace('\n', " "));
                        out.push(' ');
                    }
                }
            }
        }
    }

    fn wrap(&mut self, e: &Element, mark: &str, out: &mut String) {
        if self.nesting >= MAX_MARKDOWN_NESTING {
            self.flattened_marks += 1;
            let inner = self.inline_text(&e.children);
            out.push_str(&inner);
            return;
        }
        self.nesting += 1;
        let inner = self.inline_text(&e.children);
        self.nesting -= 1;
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            out.push_str(&inner);
            return;
        }
        let trimmed = trimmed.trim_end_matches("\\\n").trim_end();
        if inner.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(mark);
        out.push_str(trimmed);
        out.push_str(mark);
        if inner.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }

    fn link(&mut self, e: &Element, out: &mut String) {
        let raw = strip_bidi(e.attr("href").unwrap_or_default());
        let raw = raw.trim();
        let href = if raw.starts_with('#') {
            String::new()
        } else {
            resolve(self.base, raw)
        };
        // Only addresses a reader can open: http(s) and mailto; anything else (a relative
        // link without a base, a typo such as `hhttps:`) keeps its text without the link.
        let lower = href.to_ascii_lowercase();
        let openable = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:");
        if !href.is_empty() && !openable {
            self.notes.insert(format!(
                "a link to `{href}`, which is not a web address, became plain text"
            ));
        }
        let href = if openable { href } else { String::new() };
        let only_image = e
            .children
            .iter()
            .filter(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()))
            .all(|n| matches!(n, Node::Element(c) if c.name == "img"))
            && !e.children.is_empty();
        let usable = !href.is_empty()
            && !href.starts_with('#')
            && !href.to_ascii_lowercase().starts_with("javascript:")
            && !self.in_link;
        let too_deep = usable && !only_image && self.nesting >= MAX_MARKDOWN_NESTING;
        if too_deep {
            self.flattened_marks += 1;
        }
        if only_image || !usable || too_deep {
            for child in &e.children {
                self.inline(child, out);
            }
            return;
        }
        self.in_link = true;
        self.nesting += 1;
        let text = self.inline_text(&e.children);
        self.nesting -= 1;
        self.in_link = false;
        let text = text.trim().trim_end_matches("\\\n").trim();
        let text = if text.is_empty() {
            escape(&href)
        } else {
            text.to_string()
        };
        out.push_str(&format!("[{text}]({})", link_target(&href)));
    }

    fn image(&mut self, e: &Element, out: &mut String) {
        let src = strip_bidi(e.attr("src").unwrap_or_default())
            .trim()
            .to_string();
        if src.is_empty() {
            return;
        }
        let alt = e
            .attr("alt")
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        match self.resolver.image(&src) {
            Some(path) => {
                out.push_str(&format!("![{}]({})", escape(&alt), link_target(&path)));
                // WordPress's alignment classes, as the loader reads them.
                let class = e.attr("class").unwrap_or_default();
                let align = class
                    .split_whitespace()
                    .find(|c| matches!(*c, "alignleft" | "alignright" | "aligncenter"));
                if let Some(align) = align {
                    out.push_str(&format!("{{.{align}}}"));
                }
            }
            None => {
                self.missing_images.push(src.clone());
                let file = src
                    .rsplit('/')
                    .next()
                    .filter(|f| !f.is_empty())
                    .unwrap_or("image");
                let what = if alt.is_empty() {
                    String::new()
                } else {
                    format!("{} — ", escape(&alt))
                };
                let target = if src.starts_with("http") {
                    format!("[{}]({})", escape(file), link_target(&src))
                } else {
                    escape(file)
                };
                if self.in_link {
                    out.push_str(&format!("(image not imported: {what}{})", escape(file)));
                } else {
                    out.push_str(&format!("*(Image not imported: {what}{target})*"));
                }
            }
        }
    }
}

/// Collapses whitespace, drops trailing line breaks and escapes what Markdown would read as
/// block syntax at the start of a line.
pub(super) fn finish_paragraph(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.split("\\\n") {
        let line = collapse(line);
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    let lines: Vec<String> = lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| escape_line_start(&l))
        .collect();
    lines.join("\\\n")
}

/// Runs of ASCII white space as one space, trimmed; a no-break space is kept, as it is meant.
pub(super) fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('#' | '-' | '+' | '=' | '>' | '|') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(line.len());
            match line[digits..].chars().next() {
                Some(p @ ('.' | ')')) => format!("{}\\{p}{}", &line[..digits], &line[digits + 1..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

fn push_text(out: &mut String, text: &str) {
    // A bare web address stays one: `<https://…>`, never escaped (escapes would become
    // part of the address).
    let mut rest = text;
    while let Some(i) = find_url(rest) {
        push_plain(out, &rest[..i]);
        let url_len = rest[i..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .unwrap_or(rest.len() - i);
        let mut url = &rest[i..i + url_len];
        url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '’']);
        out.push('<');
        out.push_str(&strip_bidi(url));
        out.push('>');
        rest = &rest[i + url.len()..];
    }
    push_plain(out, rest);
}

/// Where a bare `http://` or `https://` address starts in `text` (at a word boundary).
fn find_url(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http") {
        let at = from + i;
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '(');
        let tail = &text[at..];
        let long_enough = tail.find(char::is_whitespace).unwrap_or(tail.len()) > "https://".len();
        if boundary && long_enough && (tail.starts_with("http://") || tail.starts_with("https://"))
        {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

fn push_plain(out: &mut String, text: &str) {
    // Whitespace is collapsed when the paragraph is finished; keep one space here.
    let mut last_space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        if crate::import::slug::is_invisible_control(c) && c != '\u{200E}' && c != '\u{200F}' {
            continue;
        }
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Escapes text for use inside `[…]`.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::new();
    push_plain(&mut out, text);
    out
}

/// `href` made absolute against `base` (scheme-relative, root-relative or path-relative);
/// unchanged when it is already absolute or there is no base.
pub fn resolve(base: Option<&str>, href: &str) -> String {
    let Some(base) = base else {
        return href.to_string();
    };
    let has_scheme = href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if href.is_empty() || has_scheme {
        return href.to_string();
    }
    let Some(scheme_end) = base.find("://") else {
        return href.to_string();
    };
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}://{rest}", &base[..scheme_end]);
    }
    let host_end = base[scheme_end + 3..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + 3 + i);
    if href.starts_with('/') {
        return format!("{}{href}", &base[..host_end]);
    }
    let dir_end = base
        .rfind('/')
        .filter(|&i| i >= host_end)
        .map_or(base.len(), |i| i + 1);
    let mut dir = base[..dir_end].to_string();
    if !dir.ends_with('/') {
        dir.push('/');
    }
    format!("{dir}{href}")
}

pub(super) fn link_target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}
