//! Post HTML → Markdown, over a small lenient HTML tokenizer.
//!
//! Handles what WordPress and feeds put in a post: auto-paragraphs (`wpautop`: blank lines
//! separate paragraphs, a single newline is a line break), Gutenberg block comments (dropped;
//! the HTML between them is kept), the common shortcodes, the core footnotes block, headings,
//! emphasis, links, lists, quotes, code, tables and images. What cannot be shown in a booklet
//! (scripts, forms, SVG, embeds) is left out or replaced by a link, and said so.

use std::collections::BTreeSet;

/// What the converter asks of its caller: images and galleries.
pub trait Resolver {
    /// A book-relative image path (`../images/x.png`) for `src`, or `None` when the image is
    /// not available offline.
    fn image(&mut self, src: &str) -> Option<String>;
    /// The image addresses of a `[gallery ids="1,2"]` shortcode.
    fn gallery(&self, ids: &str) -> Vec<String>;
}

/// A resolver for content whose images cannot be copied (feeds): every image becomes a note.
pub struct NoImages;

impl Resolver for NoImages {
    fn image(&mut self, _src: &str) -> Option<String> {
        None
    }
    fn gallery(&self, _ids: &str) -> Vec<String> {
        Vec::new()
    }
}

/// How to read the HTML.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// The post HTML.
    pub html: &'a str,
    /// Apply WordPress auto-paragraphs (classic editor posts and comments).
    pub autop: bool,
    /// Gutenberg footnotes: (id, HTML content) from the post's `footnotes` meta.
    pub footnotes: &'a [(String, String)],
    /// The post's own address, against which relative links are resolved.
    pub base: Option<&'a str>,
}

/// The Markdown and what the conversion had to leave out.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The Markdown body.
    pub markdown: String,
    /// Images not available offline (their addresses), replaced by a note.
    pub missing_images: Vec<String>,
    /// Things dropped or changed, one short phrase each (shortcode names, embeds).
    pub notes: BTreeSet<String>,
}

/// Converts post HTML to Markdown.
pub fn to_markdown(input: &Input, resolver: &mut dyn Resolver) -> Converted {
    let mut notes = BTreeSet::new();
    let html = input.html.replace("\r\n", "\n");
    let html = shortcodes(&html, resolver, &mut notes);
    let gutenberg = html.contains("<!-- wp:");
    let html = if input.autop && !gutenberg {
        autop(&html)
    } else {
        html
    };
    let tree = parse(&html);
    let mut writer = Writer {
        resolver,
        footnotes: input.footnotes,
        cited: Vec::new(),
        base: input.base,
        missing_images: Vec::new(),
        notes,
        in_link: false,
    };
    let blocks = writer.blocks(&tree);
    let mut markdown = blocks.join("\n\n");
    let mut definitions = Vec::new();
    for (n, id) in writer.cited.clone().iter().enumerate() {
        let content = input
            .footnotes
            .iter()
            .find(|(fid, _)| fid == id)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        let tree = parse(&content);
        let text = writer.inline_text(&tree);
        definitions.push(format!("[^{}]: {}", n + 1, text.trim()));
    }
    if !definitions.is_empty() {
        markdown.push_str("\n\n");
        markdown.push_str(&definitions.join("\n"));
    }
    if !markdown.is_empty() {
        markdown.push('\n');
    }
    Converted {
        markdown,
        missing_images: writer.missing_images,
        notes: writer.notes,
    }
}

// ---------------------------------------------------------------------------------------------
// Shortcodes and auto-paragraphs (string level, before parsing).

/// Shortcodes whose content is kept as is and whose tag is dropped.
const UNWRAP: &[&str] = &[
    "contact-form",
    "contact-form-7",
    "column",
    "one_half",
    "one_third",
    "two_thirds",
    "box",
    "button",
    "quote",
    "pullquote",
    "spoiler",
];
/// Shortcodes that stand for media: the URL becomes a link.
const MEDIA: &[&str] = &[
    "embed",
    "audio",
    "video",
    "youtube",
    "vimeo",
    "soundcloud",
    "playlist",
    "tweet",
    "twitter",
    "instagram",
    "googlemaps",
];
const CODE: &[&str] = &["code", "sourcecode", "source"];

fn shortcodes(html: &str, resolver: &mut dyn Resolver, notes: &mut BTreeSet<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // `[[name]]` is WordPress's way of writing a shortcode literally.
        if tail.starts_with("[[")
            && let Some(end) = tail.find("]]")
            && shortcode_name(&tail[2..]).is_some()
        {
            out.push_str(&tail[1..end + 1]);
            rest = &tail[end + 2..];
            continue;
        }
        let Some(name) = shortcode_name(&tail[1..]) else {
            out.push('[');
            rest = &tail[1..];
            continue;
        };
        let known = name == "caption"
            || name == "wp_caption"
            || name == "gallery"
            || UNWRAP.contains(&name)
            || MEDIA.contains(&name)
            || CODE.contains(&name);
        let Some(open_end) = tail.find(']') else {
            out.push('[');
            rest = &tail[1..];
            continue;
        };
        if !known {
            out.push('[');
            rest = &tail[1..];
            continue;
        }
        let attrs = tail[1 + name.len()..open_end].trim().trim_end_matches('/');
        let after = &tail[open_end + 1..];
        let closing = format!("[/{name}]");
        let (inner, consumed) = match after.find(&closing) {
            Some(c) if !tail[..open_end].ends_with('/') => {
                (&after[..c], open_end + 1 + c + closing.len())
            }
            _ => ("", open_end + 1),
        };
        rest = &tail[consumed..];
        let attr = |key: &str| shortcode_attr(attrs, key);
        match name {
            "caption" | "wp_caption" => {
                // The caption is the text after the image (or the caption attribute).
                let (media, text) = match inner.rfind('>') {
                    Some(p) => (&inner[..=p], inner[p + 1..].trim()),
                    None => ("", inner.trim()),
                };
                let caption = attr("caption").unwrap_or_else(|| text.to_string());
                out.push_str(&format!(
                    "\n\n<figure>{media}<figcaption>{caption}</figcaption></figure>\n\n"
                ));
            }
            "gallery" => {
                let urls = resolver.gallery(&attr("ids").unwrap_or_default());
                if urls.is_empty() {
                    notes.insert("a [gallery] whose images are not in the export".into());
                    out.push_str("\n\n<p><em>(A gallery was here; its images are not in the export.)</em></p>\n\n");
                } else {
                    // Images available offline are shown; the others are named in one note.
                    let (found, missing): (Vec<String>, Vec<String>) =
                        urls.into_iter().partition(|u| resolver.image(u).is_some());
                    out.push_str("\n\n<p>");
                    for url in found {
                        out.push_str(&format!("<img src=\"{}\" alt=\"\"> ", escape_attr(&url)));
                    }
                    out.push_str("</p>\n\n");
                    if !missing.is_empty() {
                        notes.insert("gallery images not beside the export".into());
                        let names: Vec<String> = missing
                            .iter()
                            .map(|u| escape_text(u.rsplit('/').next().unwrap_or(u)))
                            .collect();
                        out.push_str(&format!(
                            "<p><em>(Gallery: {} image(s) not imported: {}.)</em></p>\n\n",
                            missing.len(),
                            names.join(", ")
                        ));
                    }
                }
            }
            _ if CODE.contains(&name) => {
                let lang = attr("language")
                    .or_else(|| attr("lang"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "\n\n<pre class=\"language-{}\">{}</pre>\n\n",
                    escape_attr(&lang),
                    escape_text(inner.trim_matches('\n'))
                ));
            }
            _ if MEDIA.contains(&name) => {
                let url = attr("src")
                    .or_else(|| attr("url"))
                    .or_else(|| attr("mp4"))
                    .or_else(|| attr("mp3"))
                    .unwrap_or_else(|| inner.trim().to_string());
                notes.insert(format!("[{name}] embeds became links"));
                if !url.is_empty() {
                    let url = escape_attr(&url);
                    out.push_str(&format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n"));
                }
            }
            _ => {
                notes.insert(format!("[{name}] shortcodes were removed, their text kept"));
                out.push_str(inner);
            }
        }
    }
    out.push_str(rest);
    out
}

fn shortcode_name(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    let name = &text[..end];
    let next = text[end..].chars().next();
    (!name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && matches!(next, Some(' ' | ']' | '/')))
    .then_some(name)
}

fn shortcode_attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(key) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + key.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                return value[1..].split(quote).next().map(str::to_string);
            }
            return value.split_whitespace().next().map(str::to_string);
        }
        rest = &rest[i + key.len()..];
    }
    None
}

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
fn autop(html: &str) -> String {
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

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// ---------------------------------------------------------------------------------------------
// A lenient HTML tree.

#[derive(Debug, Clone)]
enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        let mut out = String::new();
        text_of(&self.children, &mut out);
        out
    }
}

fn text_of(nodes: &[Node], out: &mut String) {
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

fn parse(html: &str) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element::default()];
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |stack: &mut Vec<Element>, text: &str| {
        if !text.is_empty() {
            let decoded = decode_entities(text);
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
            let end_tag = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            let end = lower.find(&end_tag).map_or(html.len(), |e| i + e);
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
        if VOID.contains(&name.as_str()) || self_closing {
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
                    value = decode_entities(&after[1..end]);
                    rest = after.get(end + 1..).unwrap_or("");
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = decode_entities(&after[..end]);
                    rest = &after[end..];
                }
            }
        }
        attrs.push((key, value));
    }
    attrs
}

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("middot", "·"),
    ("bull", "•"),
    ("deg", "°"),
    ("times", "×"),
    ("shy", "\u{ad}"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("uuml", "ü"),
    ("ouml", "ö"),
    ("auml", "ä"),
    ("szlig", "ß"),
    ("euro", "€"),
    ("pound", "£"),
];

/// The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed (for
/// titles, names and terms, which WordPress stores HTML-escaped).
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.trim().to_string();
    }
    let mut out = String::new();
    text_of(&parse(html), &mut out);
    collapse(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let semi = after.find(';').filter(|&s| s > 0 && s <= 10);
        let decoded = semi.and_then(|s| {
            let name = &after[..s];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32).map(|c| (c.to_string(), s))
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (v.to_string(), s))
            }
        });
        match decoded {
            Some((value, s)) => {
                out.push_str(&value);
                rest = &after[s + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown output.

struct Writer<'a> {
    resolver: &'a mut dyn Resolver,
    footnotes: &'a [(String, String)],
    /// Footnote ids in order of first citation; `[^n]` is index + 1.
    cited: Vec<String>,
    base: Option<&'a str>,
    missing_images: Vec<String>,
    notes: BTreeSet<String>,
    in_link: bool,
}

fn is_inline(node: &Node) -> bool {
    match node {
        Node::Text(_) => true,
        Node::Element(e) => !matches!(
            e.name.as_str(),
            "p" | "div"
                | "ul"
                | "ol"
                | "li"
                | "dl"
                | "dt"
                | "dd"
                | "pre"
                | "table"
                | "blockquote"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
                | "figure"
                | "figcaption"
                | "section"
                | "article"
                | "aside"
                | "header"
                | "footer"
                | "details"
                | "summary"
                | "address"
                | "main"
                | "center"
                | "nav"
                | "iframe"
                | "video"
                | "audio"
                | "object"
                | "form"
        ),
    }
}

impl Writer<'_> {
    /// Block-level Markdown for `nodes`; runs of inline nodes become paragraphs.
    fn blocks(&mut self, nodes: &[Node]) -> Vec<String> {
        let mut out = Vec::new();
        let mut run: Vec<&Node> = Vec::new();
        for node in nodes {
            if is_inline(node) {
                run.push(node);
                continue;
            }
            self.paragraph(&run, &mut out);
            run.clear();
            if let Node::Element(e) = node {
                self.block(e, &mut out);
            }
        }
        self.paragraph(&run, &mut out);
        out
    }

    fn paragraph(&mut self, run: &[&Node], out: &mut Vec<String>) {
        if run.is_empty() {
            return;
        }
        let mut text = String::new();
        for node in run {
            self.inline(node, &mut text);
        }
        let text = finish_paragraph(&text);
        if !text.is_empty() {
            out.push(text);
        }
    }

    fn block(&mut self, e: &Element, out: &mut Vec<String>) {
        match e.name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(e.name.as_bytes()[1] - b'0');
                let text = self.inline_text(&e.children).replace("\\\n", " ");
                let text = collapse(&text);
                if !text.is_empty() {
                    out.push(format!("{} {}", "#".repeat(level), text));
                }
            }
            "ul" | "ol" => {
                let list = self.list(e);
                if !list.is_empty() {
                    out.push(list);
                }
            }
            "blockquote" => {
                let inner = self.blocks(&e.children).join("\n\n");
                if !inner.trim().is_empty() {
                    out.push(prefix_lines(&inner, "> ", ">"));
                }
            }
            "pre" => {
                let code = e.text();
                let code = code.trim_matches('\n');
                if code.trim().is_empty() {
                    return;
                }
                let lang = e
                    .attr("class")
                    .and_then(|c| {
                        c.split_whitespace()
                            .find_map(|w| w.strip_prefix("language-").or(w.strip_prefix("lang:")))
                    })
                    .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric()))
                    .unwrap_or("");
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                out.push(format!("{fence}{lang}\n{code}\n{fence}"));
            }
            "hr" => out.push("* * *".into()),
            "table" => {
                if let Some(table) = self.table(e) {
                    out.push(table);
                }
            }
            "figure" => {
                let (captions, rest): (Vec<&Node>, Vec<&Node>) = e
                    .children
                    .iter()
                    .partition(|n| matches!(n, Node::Element(c) if c.name == "figcaption"));
                let rest: Vec<Node> = rest.into_iter().cloned().collect();
                out.extend(self.blocks(&rest));
                for caption in captions {
                    if let Node::Element(c) = caption {
                        let text = finish_paragraph(&self.inline_text(&c.children));
                        if !text.is_empty() {
                            out.push(format!("*{}*", text.trim()));
                        }
                    }
                }
            }
            "dl" => {
                for child in e.children.iter() {
                    if let Node::Element(c) = child {
                        let text = finish_paragraph(&self.inline_text(&c.children));
                        if text.is_empty() {
                            continue;
                        }
                        if c.name == "dt" {
                            out.push(format!("**{text}**"));
                        } else {
                            out.push(text);
                        }
                    }
                }
            }
            "iframe" | "video" | "audio" | "object" => {
                let src = e.attr("src").map(str::to_string).or_else(|| {
                    e.children.iter().find_map(|n| match n {
                        Node::Element(s) if s.name == "source" => s.attr("src").map(str::to_string),
                        _ => None,
                    })
                });
                self.notes
                    .insert(format!("<{}> embeds became links", e.name));
                if let Some(src) = src.filter(|s| s.starts_with("http")) {
                    out.push(format!("[{}]({})", escape(&src), link_target(&src)));
                }
            }
            "form" => {
                self.notes.insert("forms were left out".into());
            }
            _ => out.extend(self.blocks(&e.children)),
        }
    }

    fn list(&mut self, e: &Element) -> String {
        let ordered = e.name == "ol";
        let mut n: usize = e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1);
        let mut items = Vec::new();
        let mut stray: Vec<Node> = Vec::new();
        for child in &e.children {
            match child {
                Node::Element(li) if li.name == "li" => {
                    let marker = if ordered {
                        format!("{n}. ")
                    } else {
                        "- ".to_string()
                    };
                    n += 1;
                    let body = join_item_blocks(&self.blocks(&li.children));
                    let indent = " ".repeat(marker.len());
                    let mut item = marker.clone();
                    for (i, line) in body.lines().enumerate() {
                        if i > 0 {
                            item.push('\n');
                            if !line.is_empty() {
                                item.push_str(&indent);
                            }
                        }
                        item.push_str(line);
                    }
                    items.push(item.trim_end().to_string());
                }
                Node::Element(_) => stray.push(child.clone()),
                Node::Text(t) if !t.trim().is_empty() => stray.push(child.clone()),
                Node::Text(_) => {}
            }
        }
        let mut text = items.join("\n");
        if !stray.is_empty() {
            // A nested list written directly inside <ul> (not inside an <li>).
            let extra = self.blocks(&stray).join("\n\n");
            if !extra.is_empty() {
                text.push('\n');
                text.push_str(&prefix_lines(&extra, "  ", ""));
            }
        }
        text
    }

    fn table(&mut self, e: &Element) -> Option<String> {
        let mut rows: Vec<(bool, Vec<String>)> = Vec::new();
        self.rows(e, false, &mut rows);
        if rows.is_empty() {
            return None;
        }
        let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        if width == 0 {
            return None;
        }
        let mut out = String::new();
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for i in 0..width {
                s.push(' ');
                s.push_str(cells.get(i).map(String::as_str).unwrap_or(""));
                s.push_str(" |");
            }
            s
        };
        out.push_str(&line(&rows[0].1));
        out.push('\n');
        out.push('|');
        out.push_str(&" --- |".repeat(width));
        for (_, row) in &rows[1..] {
            out.push('\n');
            out.push_str(&line(row));
        }
        let caption = e.children.iter().find_map(|n| match n {
            Node::Element(c) if c.name == "caption" || c.name == "figcaption" => Some(c.clone()),
            _ => None,
        });
        if let Some(c) = caption {
            let text = finish_paragraph(&self.inline_text(&c.children));
            if !text.is_empty() {
                out.push_str(&format!("\n\n*{text}*"));
            }
        }
        Some(out)
    }

    fn rows(&mut self, e: &Element, head: bool, rows: &mut Vec<(bool, Vec<String>)>) {
        for child in &e.children {
            let Node::Element(c) = child else { continue };
            match c.name.as_str() {
                "thead" => self.rows(c, true, rows),
                "tbody" | "tfoot" => self.rows(c, false, rows),
                "tr" => {
                    let mut cells = Vec::new();
                    let mut has_th = false;
                    for cell in &c.children {
                        if let Node::Element(td) = cell
                            && (td.name == "td" || td.name == "th")
                        {
                            has_th |= td.name == "th";
                            let text = self.inline_text(&td.children);
                            let text = collapse(&text.replace("\\\n", " ")).replace('|', "\\|");
                            cells.push(text);
                        }
                    }
                    rows.push((head || has_th, cells));
                }
                _ => {}
            }
        }
    }

    /// Inline Markdown of `nodes` (block structure flattened).
    fn inline_text(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        for node in nodes {
            self.inline(node, &mut out);
        }
        out
    }

    fn inline(&mut self, node: &Node, out: &mut String) {
        let e = match node {
            Node::Text(t) => {
                if self.in_link {
                    push_plain(out, t);
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
        let inner = self.inline_text(&e.children);
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
        let raw = e.attr("href").unwrap_or_default().trim();
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
        if only_image || !usable {
            for child in &e.children {
                self.inline(child, out);
            }
            return;
        }
        self.in_link = true;
        let text = self.inline_text(&e.children);
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
        let src = e.attr("src").unwrap_or_default().trim().to_string();
        if src.is_empty() {
            return;
        }
        let alt = e
            .attr("alt")
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        match self.resolver.image(&src) {
            Some(path) => out.push_str(&format!("![{}]({})", escape(&alt), link_target(&path))),
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
fn finish_paragraph(text: &str) -> String {
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
fn collapse(text: &str) -> String {
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
        out.push_str(url);
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
fn escape(text: &str) -> String {
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

fn link_target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// The blocks of a list item: a nested list follows its paragraph directly, so the list
/// stays tight.
fn join_item_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let nested_list = block.starts_with("- ")
                || block
                    .split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            out.push_str(if nested_list { "\n" } else { "\n\n" });
        }
        out.push_str(block);
    }
    out
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

fn prefix_lines(text: &str, prefix: &str, empty_prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                empty_prefix.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str, autop: bool) -> String {
        to_markdown(
            &Input {
                html,
                autop,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        )
        .markdown
    }

    #[test]
    fn autop_paragraphs_and_breaks() {
        assert_eq!(
            md("First line\nsecond line\n\nNext *para*", true),
            "First line\\\nsecond line\n\nNext \\*para\\*\n"
        );
    }

    #[test]
    fn inline_markup() {
        assert_eq!(
            md(
                "<p>A <strong>bold</strong> and <em>em </em>word, <a href=\"https://x.org/a?b=1&amp;c=2\">link</a> <code>x`y</code></p>",
                false
            ),
            "A **bold** and *em* word, [link](https://x.org/a?b=1&c=2) ``x`y``\n"
        );
    }

    #[test]
    fn lists_quotes_code_tables() {
        let out = md(
            "<ul><li>one<ul><li>nested</li></ul></li><li>two</ul><blockquote><p>q</p><p>r</p></blockquote><pre>a &lt; b\n  c</pre><table><tr><th>h</th><th>i</th></tr><tr><td>1</td><td>2|3</td></tr></table>",
            false,
        );
        assert_eq!(
            out,
            "- one\n  - nested\n- two\n\n> q\n>\n> r\n\n```\na < b\n  c\n```\n\n| h | i |\n| --- | --- |\n| 1 | 2\\|3 |\n"
        );
    }

    #[test]
    fn gutenberg_footnotes() {
        let notes = vec![("a1".to_string(), "The <em>note</em>.".to_string())];
        let out = to_markdown(
            &Input {
                html: "<!-- wp:paragraph --><p>Text<sup data-fn=\"a1\" class=\"fn\"><a href=\"#a1\" id=\"a1-link\">1</a></sup></p><!-- /wp:paragraph --><!-- wp:footnotes /-->",
                autop: true,
                footnotes: &notes,
                base: None,
            },
            &mut NoImages,
        );
        assert_eq!(out.markdown, "Text[^1]\n\n[^1]: The *note*.\n");
    }

    #[test]
    fn shortcodes_and_missing_images() {
        let out = to_markdown(
            &Input {
                html: "[caption id=\"x\" align=\"alignnone\" width=\"300\"]<img src=\"https://ex.org/a.jpg\" alt=\"A cat\" /> The cat[/caption]\n\n[[gallery]] and [code]if a < b {}[/code]",
                autop: true,
                footnotes: &[],
                base: None,
            },
            &mut NoImages,
        );
        assert_eq!(
            out.markdown,
            "*(Image not imported: A cat — [a.jpg](https://ex.org/a.jpg))*\n\n*The cat*\n\n\\[gallery\\] and\n\n```\nif a < b {}\n```\n"
        );
        assert_eq!(out.missing_images, vec!["https://ex.org/a.jpg"]);
    }

    #[test]
    fn any_truncation_converts_without_panicking() {
        let html = "<p>Ab <a href=\"x?a=1&amp;b\" title='q>r'>l<em>i</em></a> [caption id=\"1\"]<img src=\"a.png\" alt=\"é\"> Cap[/caption] [[gallery]] [code lang=\"x\"]a<b[/code]</p>\n\n<ul><li>1<ol start=\"3\"><li>ж</li></ol></ul><table><tr><td>|</td></tr></table><pre>`x`</pre><!-- wp:x --><sup data-fn=\"n\">1</sup>&#x41;&bogus; <svg><p>hidden</p></svg>";
        for (i, _) in html.char_indices() {
            for autop in [false, true] {
                let out = to_markdown(
                    &Input {
                        html: &html[..i],
                        autop,
                        footnotes: &[],
                        base: Some("https://b.example/p/"),
                    },
                    &mut NoImages,
                );
                assert!(!out.markdown.contains("hidden"), "{}", out.markdown);
            }
        }
    }

    #[test]
    fn no_break_spaces_stay() {
        assert_eq!(
            md("<p>Media&nbsp;&amp;&nbsp;Text</p>", false),
            "Media\u{a0}\\&\u{a0}Text\n"
        );
    }

    #[test]
    fn line_starts_are_escaped() {
        assert_eq!(
            md("<p>1. not a list</p><p># not a heading</p>", false),
            "1\\. not a list\n\n\\# not a heading\n"
        );
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn md(html: &str, base: Option<&str>) -> String {
        to_markdown(
            &Input {
                html,
                autop: false,
                footnotes: &[],
                base,
            },
            &mut NoImages,
        )
        .markdown
    }

    #[test]
    fn bare_urls_become_autolinks_unescaped() {
        assert_eq!(
            md("<p>See https://ex.org/a_b/?x=1&amp;y=2.</p>", None),
            "See <https://ex.org/a_b/?x=1&y=2>.\n"
        );
    }

    #[test]
    fn relative_and_broken_links() {
        assert_eq!(
            md(
                "<p><a href=\"/about\">About</a> <a href=\"hhttps://x.org\">x</a></p>",
                Some("https://blog.example/2020/post/")
            ),
            "[About](https://blog.example/about) x\n"
        );
    }
}
