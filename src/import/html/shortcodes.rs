//! Shortcodes (string level, before parsing): captions, galleries, code, media and the
//! layout shortcodes whose text is kept.

use super::Resolver;
use std::collections::BTreeSet;

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

pub(super) fn expand(
    html: &str,
    resolver: &mut dyn Resolver,
    notes: &mut BTreeSet<String>,
) -> String {
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
                // The media is the image, or the link around it; the caption is what follows
                // (which may hold links of its own, so it is not "after the last tag").
                let media_end = inner
                    .find("<img")
                    .and_then(|i| inner[i..].find('>').map(|e| i + e + 1))
                    .map(|end| match inner[end..].trim_start().strip_prefix("</a>") {
                        Some(after) => inner.len() - after.len(),
                        None => end,
                    });
                let (media, text) = match media_end {
                    Some(p) => (&inner[..p], inner[p..].trim()),
                    None => ("", inner.trim()),
                };
                let caption = attr("caption").unwrap_or_else(|| text.to_string());
                // `align="alignleft"` is the figure's class, as WordPress writes it.
                let align = attr("align")
                    .filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "\n\n<figure class=\"{align}\">{media}<figcaption>{caption}</figcaption></figure>\n\n"
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
