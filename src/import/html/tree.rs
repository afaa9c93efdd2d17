//! A lenient HTML tree: the tokenizer and the rules that close open elements.

use super::entities::decode_entities;

#[derive(Debug, Clone)]
pub(super) enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, Default)]
pub(super) struct Element {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) children: Vec<Node>,
}

impl Element {
    pub(super) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        text_of(&self.children, &mut out);
        out
    }
}

pub(super) fn text_of(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name == "br" => out.push('\n'),
            Node::Element(e) => text_of(&e.children, out),
        }
    }
}

const VOID: &[&str] = &[
    "br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "embed", "param",
    "track", "base",
];
/// Elements whose content is not HTML and is skipped whole.
const RAW: &[&str] = &[
    "script", "style", "svg", "math", "template", "noscript", "textarea",
];
/// Block elements that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "pre",
    "table",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "figure",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "details",
    "address",
];

/// Elements nest at most this deep in the tree; a deeper element is flattened into its
/// parent (its content kept, its tag dropped), so that no walk over the tree can run out of
/// stack, whatever the input (20,000 nested `<div>`s are 120 KB of HTML).
pub const MAX_DEPTH: usize = 200;

/// The tree of `html`; the names of unknown references in its text are added to `unknown`,
/// and the number of elements flattened (nested deeper than [`MAX_DEPTH`]) to `flattened`.
pub(super) fn parse(html: &str, unknown: &mut Vec<String>, flattened: &mut usize) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element::default()];
    // Open elements that were flattened, by name: their closing tags close nothing.
    let mut open_flat: Vec<(String, usize)> = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let mut flush = |stack: &mut Vec<Element>, text: &str| {
        if !text.is_empty() {
            let decoded = decode_entities(text, Some(&mut *unknown));
            let top = stack.last_mut().expect("root");
            if let Some(Node::Text(last)) = top.children.last_mut() {
                last.push_str(&decoded);
            } else {
                top.children.push(Node::Text(decoded));
            }
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            flush(&mut stack, &html[text_start..i]);
            i = rest.find("-->").map_or(html.len(), |e| i + e + 3);
            text_start = i;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            flush(&mut stack, &html[text_start..i]);
            let end = rest.find("]]>").map_or(html.len(), |e| i + e);
            let raw = html[i + 9..end].to_string();
            if let Some(top) = stack.last_mut() {
                top.children.push(Node::Text(raw));
            }
            i = (end + 3).min(html.len());
            text_start = i;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            flush(&mut stack, &html[text_start..i]);
            i = rest.find('>').map_or(html.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 || !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let Some(tag_end) = tag_end(rest) else {
            i += 1;
            continue;
        };
        flush(&mut stack, &html[text_start..i]);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let tag = &rest[name_start + name_len..tag_end];
        i += tag_end + 1;
        text_start = i;
        if closing {
            if let Some(flat) = open_flat.iter_mut().find(|(n, _)| *n == name)
                && flat.1 > 0
            {
                flat.1 -= 1;
                continue;
            }
            if let Some(pos) = stack.iter().rposition(|e| e.name == name)
                && pos > 0
            {
                while stack.len() > pos {
                    close(&mut stack);
                }
            }
            continue;
        }
        let self_closing = tag.trim_end().ends_with('/');
        if RAW.contains(&name.as_str()) {
            let end = find_end_tag(&html[i..], &name).map_or(html.len(), |e| i + e);
            i = html[end..].find('>').map_or(html.len(), |e| end + e + 1);
            text_start = i;
            if !self_closing {
                stack
                    .last_mut()
                    .expect("root")
                    .children
                    .push(Node::Element(Element {
                        name,
                        attrs: Vec::new(),
                        children: Vec::new(),
                    }));
            }
            continue;
        }
        let void = VOID.contains(&name.as_str()) || self_closing;
        if !void && stack.len() > MAX_DEPTH {
            // Too deep: flattened into the open element (which the rules below could close).
            *flattened += 1;
            match open_flat.iter_mut().find(|(n, _)| *n == name) {
                Some(flat) => flat.1 += 1,
                None => open_flat.push((name, 1)),
            }
            continue;
        }
        if CLOSES_P.contains(&name.as_str())
            && let Some(pos) = stack.iter().rposition(|e| e.name == "p")
            && !stack[pos..].iter().any(|e| e.name == "button")
        {
            while stack.len() > pos {
                close(&mut stack);
            }
        }
        if name == "li" {
            close_up_to(&mut stack, "li", &["ul", "ol"]);
        } else if name == "tr" {
            close_up_to(&mut stack, "tr", &["table", "tbody", "thead", "tfoot"]);
        } else if name == "td" || name == "th" {
            close_up_to(&mut stack, "td", &["tr", "table"]);
            close_up_to(&mut stack, "th", &["tr", "table"]);
        } else if name == "dt" || name == "dd" {
            close_up_to(&mut stack, "dt", &["dl"]);
            close_up_to(&mut stack, "dd", &["dl"]);
        }
        let element = Element {
            name: name.clone(),
            attrs: attributes(tag),
            children: Vec::new(),
        };
        if void {
            stack
                .last_mut()
                .expect("root")
                .children
                .push(Node::Element(element));
        } else {
            stack.push(element);
        }
    }
    flush(&mut stack, &html[text_start..]);
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

fn close(stack: &mut Vec<Element>) {
    if let Some(element) = stack.pop()
        && let Some(parent) = stack.last_mut()
    {
        parent.children.push(Node::Element(element));
    }
}

/// Closes an open `name` unless one of `scope` is nearer.
fn close_up_to(stack: &mut Vec<Element>, name: &str, scope: &[&str]) {
    for pos in (1..stack.len()).rev() {
        if stack[pos].name == name {
            while stack.len() > pos {
                close(stack);
            }
            return;
        }
        if scope.contains(&stack[pos].name.as_str()) {
            return;
        }
    }
}

/// Where `</name` (in any case) starts in `text`, without copying it (a lower-cased copy of
/// the rest of the post for every `<script>` made the tokenizer quadratic).
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let name = name.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("</") {
        let start = from + at;
        let candidate = &bytes[start + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

/// The index of the `>` ending the tag that starts `rest`, skipping quoted values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = tag.trim().trim_end_matches('/');
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        if key_end == 0 {
            // A stray `=`: skip it (one character, whatever its width).
            let skip = rest.chars().next().map_or(1, char::len_utf8);
            rest = &rest[skip..];
            continue;
        }
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    value = decode_entities(&after[1..end], None);
                    rest = after.get(end + 1..).unwrap_or("");
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = decode_entities(&after[..end], None);
                    rest = &after[end..];
                }
            }
        }
        attrs.push((key, value));
    }
    attrs
}
