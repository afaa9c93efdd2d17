//! Ghost's editor formats → parts of a body: mobiledoc (Ghost 1–4) and lexical (Ghost 5),
//! each as HTML blocks, with the Markdown of a Markdown card kept as it was written.

use serde_json::Value;

/// A piece of a post body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// HTML, for the importer's HTML converter.
    Html(String),
    /// Markdown as the author wrote it (a Markdown card).
    Markdown(String),
}

/// Cards and nodes that were not understood, by name.
pub type Unknown = std::collections::BTreeSet<String>;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A card of either format, by name and payload, as a part.
fn card(name: &str, p: &Value, unknown: &mut Unknown) -> Option<Part> {
    let html = match name {
        "markdown" | "card-markdown" => return Some(Part::Markdown(s(p, "markdown").to_string())),
        "html" => s(p, "html").to_string(),
        "image" => {
            let caption = s(p, "caption");
            let img = format!(
                "<img src=\"{}\" alt=\"{}\">",
                esc(s(p, "src")),
                esc(if s(p, "alt").is_empty() {
                    s(p, "altText")
                } else {
                    s(p, "alt")
                })
            );
            if caption.is_empty() {
                format!("<p>{img}</p>")
            } else {
                format!("<figure>{img}<figcaption>{caption}</figcaption></figure>")
            }
        }
        "code" | "codeblock" => {
            let lang = if s(p, "language").is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", esc(s(p, "language")))
            };
            format!("<pre><code{lang}>{}</code></pre>", esc(s(p, "code")))
        }
        "hr" | "horizontalrule" => "<hr>".into(),
        "embed" | "bookmark" => {
            let url = s(p, "url");
            let title = p
                .get("metadata")
                .map(|m| s(m, "title"))
                .filter(|t| !t.is_empty())
                .unwrap_or(url);
            if url.is_empty() {
                return None;
            }
            format!("<p><a href=\"{}\">{}</a></p>", esc(url), esc(title))
        }
        "callout" => format!("<blockquote>{}</blockquote>", s(p, "calloutText")),
        "toggle" => format!(
            "<p><strong>{}</strong></p>{}",
            s(p, "heading"),
            s(p, "content")
        ),
        _ => {
            unknown.insert(name.to_string());
            return None;
        }
    };
    Some(Part::Html(html))
}

/// Mobiledoc (0.3) → parts.
pub fn mobiledoc(doc: &Value, unknown: &mut Unknown) -> Vec<Part> {
    let empty = Vec::new();
    let arr = |k: &str| doc.get(k).and_then(Value::as_array).unwrap_or(&empty);
    let (markups, cards, atoms) = (arr("markups"), arr("cards"), arr("atoms"));
    let open_tag = |i: usize| -> (String, String) {
        let Some(m) = markups.get(i).and_then(Value::as_array) else {
            return (String::new(), String::new());
        };
        let tag = m
            .first()
            .and_then(Value::as_str)
            .unwrap_or("span")
            .to_ascii_lowercase();
        let tag: String = tag.chars().filter(char::is_ascii_alphanumeric).collect();
        let attrs = m
            .get(1)
            .and_then(Value::as_array)
            .map(|a| {
                a.chunks(2)
                    .filter_map(|kv| {
                        Some(format!(
                            " {}=\"{}\"",
                            kv.first()?
                                .as_str()?
                                .chars()
                                .filter(char::is_ascii_alphanumeric)
                                .collect::<String>(),
                            esc(kv.get(1)?.as_str()?)
                        ))
                    })
                    .collect::<String>()
            })
            .unwrap_or_default();
        (format!("<{tag}{attrs}>"), format!("</{tag}>"))
    };
    let markers = |ms: &Value| -> String {
        let mut out = String::new();
        let mut stack: Vec<String> = Vec::new();
        for m in ms.as_array().unwrap_or(&empty) {
            let Some(m) = m.as_array() else { continue };
            for i in m.get(1).and_then(Value::as_array).unwrap_or(&empty) {
                let (open, close) = open_tag(i.as_u64().unwrap_or(0) as usize);
                out.push_str(&open);
                stack.push(close);
            }
            match m.first().and_then(Value::as_u64) {
                Some(1) => {
                    let atom = atoms.get(m.get(3).and_then(Value::as_u64).unwrap_or(0) as usize);
                    let text = atom
                        .and_then(|a| a.get(1))
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    out.push_str(&esc(text));
                }
                _ => out.push_str(&esc(m.get(3).and_then(Value::as_str).unwrap_or(""))),
            }
            for _ in 0..m.get(2).and_then(Value::as_u64).unwrap_or(0) {
                if let Some(c) = stack.pop() {
                    out.push_str(&c);
                }
            }
        }
        while let Some(c) = stack.pop() {
            out.push_str(&c);
        }
        out
    };
    let mut parts = Vec::new();
    for section in arr("sections") {
        let Some(sec) = section.as_array() else {
            continue;
        };
        let tag = |v: Option<&Value>| {
            v.and_then(Value::as_str)
                .unwrap_or("p")
                .to_ascii_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        };
        match sec.first().and_then(Value::as_u64) {
            Some(1) => {
                let t = tag(sec.get(1));
                let t = if t == "aside" {
                    "blockquote".to_string()
                } else {
                    t
                };
                parts.push(Part::Html(format!(
                    "<{t}>{}</{t}>",
                    markers(sec.get(2).unwrap_or(&Value::Null))
                )));
            }
            Some(2) => parts.push(Part::Html(format!(
                "<p><img src=\"{}\"></p>",
                esc(sec.get(1).and_then(Value::as_str).unwrap_or(""))
            ))),
            Some(3) => {
                let t = tag(sec.get(1));
                let items: String = sec
                    .get(2)
                    .and_then(Value::as_array)
                    .unwrap_or(&empty)
                    .iter()
                    .map(|i| format!("<li>{}</li>", markers(i)))
                    .collect();
                parts.push(Part::Html(format!("<{t}>{items}</{t}>")));
            }
            Some(10) => {
                let c = sec
                    .get(1)
                    .and_then(Value::as_u64)
                    .and_then(|i| cards.get(i as usize));
                if let Some(c) = c.and_then(Value::as_array) {
                    let name = c.first().and_then(Value::as_str).unwrap_or("");
                    if let Some(part) = card(name, c.get(1).unwrap_or(&Value::Null), unknown) {
                        parts.push(part);
                    }
                }
            }
            _ => {}
        }
    }
    parts
}

/// Lexical text formats: bold, italic, strikethrough, underline, code, subscript, superscript.
const FORMATS: [(u64, &str); 7] = [
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
];

fn lexical_inline(nodes: &[Value], depth: usize) -> String {
    let mut out = String::new();
    if depth > 60 {
        return out;
    }
    for n in nodes {
        let children = n
            .get("children")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        match s(n, "type") {
            "text" | "extended-text" => {
                let format = n.get("format").and_then(Value::as_u64).unwrap_or(0);
                let mut text = esc(s(n, "text"));
                for (bit, tag) in FORMATS {
                    if format & bit != 0 {
                        text = format!("<{tag}>{text}</{tag}>");
                    }
                }
                out.push_str(&text);
            }
            "linebreak" => out.push_str("<br>"),
            "link" | "autolink" => out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                esc(s(n, "url")),
                lexical_inline(children, depth + 1)
            )),
            _ => out.push_str(&lexical_inline(children, depth + 1)),
        }
    }
    out
}

fn lexical_blocks(nodes: &[Value], unknown: &mut Unknown, parts: &mut Vec<Part>, depth: usize) {
    if depth > 60 {
        return;
    }
    for n in nodes {
        let children = n
            .get("children")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let kind = s(n, "type");
        let html = match kind {
            "paragraph" | "extended-paragraph" => format!("<p>{}</p>", lexical_inline(children, 0)),
            "heading" | "extended-heading" => {
                let tag: String = s(n, "tag")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                let tag = if tag.is_empty() {
                    "h2".to_string()
                } else {
                    tag
                };
                format!("<{tag}>{}</{tag}>", lexical_inline(children, 0))
            }
            "quote" | "aside" | "extended-quote" => format!(
                "<blockquote><p>{}</p></blockquote>",
                lexical_inline(children, 0)
            ),
            "list" => {
                let tag = if s(n, "listType") == "number" {
                    "ol"
                } else {
                    "ul"
                };
                let items: String = children
                    .iter()
                    .map(|li| {
                        let kids = li
                            .get("children")
                            .and_then(Value::as_array)
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        let nested: Vec<&Value> =
                            kids.iter().filter(|k| s(k, "type") == "list").collect();
                        let mut inner = lexical_inline(
                            &kids
                                .iter()
                                .filter(|k| s(k, "type") != "list")
                                .cloned()
                                .collect::<Vec<_>>(),
                            0,
                        );
                        for list in nested {
                            let mut sub = Vec::new();
                            lexical_blocks(
                                std::slice::from_ref(list),
                                unknown,
                                &mut sub,
                                depth + 1,
                            );
                            for p in sub {
                                if let Part::Html(h) = p {
                                    inner.push_str(&h);
                                }
                            }
                        }
                        format!("<li>{inner}</li>")
                    })
                    .collect();
                format!("<{tag}>{items}</{tag}>")
            }
            _ => match card(kind, n, unknown) {
                Some(part) => {
                    parts.push(part);
                    continue;
                }
                None => continue,
            },
        };
        parts.push(Part::Html(html));
    }
}

/// Lexical (Ghost 5) → parts.
pub fn lexical(doc: &Value, unknown: &mut Unknown) -> Vec<Part> {
    let mut parts = Vec::new();
    let children = doc
        .get("root")
        .and_then(|r| r.get("children"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    lexical_blocks(children, unknown, &mut parts, 0);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiledoc_sections_markups_and_cards() {
        let doc: Value = serde_json::from_str(r#"{"version":"0.3.1","atoms":[],"markups":[["a",["href","https://ghost.org"]],["strong"]],"cards":[["markdown",{"markdown":"*kept*"}],["image",{"src":"/content/images/a.jpg","caption":"A cap"}]],"sections":[[1,"h2",[[0,[],0,"Title"]]],[1,"p",[[0,[],0,"See "],[0,[0,1],2,"Ghost"],[0,[],0,"."]]],[10,0],[10,1],[3,"ul",[[[0,[],0,"one"]],[[0,[],0,"two"]]]]]}"#).unwrap();
        let parts = mobiledoc(&doc, &mut Unknown::new());
        assert_eq!(parts[0], Part::Html("<h2>Title</h2>".into()));
        assert_eq!(
            parts[1],
            Part::Html(
                "<p>See <a href=\"https://ghost.org\"><strong>Ghost</strong></a>.</p>".into()
            )
        );
        assert_eq!(parts[2], Part::Markdown("*kept*".into()));
        assert!(matches!(&parts[3], Part::Html(h) if h.contains("<figcaption>A cap</figcaption>")));
        assert_eq!(
            parts[4],
            Part::Html("<ul><li>one</li><li>two</li></ul>".into())
        );
    }

    #[test]
    fn lexical_nodes_and_formats() {
        let doc: Value = serde_json::from_str(r#"{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"Bold","format":1},{"type":"linebreak"},{"type":"link","url":"https://a.org","children":[{"type":"text","text":"a","format":0}]}]},{"type":"list","listType":"number","children":[{"type":"listitem","children":[{"type":"text","text":"x","format":2}]}]},{"type":"codeblock","code":"x < 1","language":"js"},{"type":"mystery"}]}}"#).unwrap();
        let mut unknown = Unknown::new();
        let parts = lexical(&doc, &mut unknown);
        assert_eq!(
            parts[0],
            Part::Html("<p><strong>Bold</strong><br><a href=\"https://a.org\">a</a></p>".into())
        );
        assert_eq!(parts[1], Part::Html("<ol><li><em>x</em></li></ol>".into()));
        assert_eq!(
            parts[2],
            Part::Html("<pre><code class=\"language-js\">x &lt; 1</code></pre>".into())
        );
        assert!(unknown.contains("mystery"));
    }
}
