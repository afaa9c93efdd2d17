//! SVG files as the book may carry them: without scripts, event handlers, embedded HTML or
//! references to anything outside the file (which a reading system would run or fetch), and
//! their size in pixels from their `width`, `height` and `viewBox`.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesStart, Event};

/// Elements removed with everything inside them: scripts, embedded HTML and other documents,
/// event listeners, and animations (which can set an attribute to a script).
const REMOVED: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "discard",
];

/// Data addresses an SVG may hold: raster pictures only (an SVG inside could hold a script).
const DATA_IMAGES: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/jpg",
    "data:image/gif",
    "data:image/webp",
];

/// An SVG with what a book must not carry removed, and what was removed (each kind once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitised {
    /// The file, rewritten.
    pub data: Vec<u8>,
    /// What was removed, in words (`a script`, `an event attribute (onload)`).
    pub removed: Vec<String>,
}

/// The SVG `data` without scripts, event attributes, `foreignObject`, animations, external
/// references (`href`s that are not `#fragment`s or raster `data:` addresses, `url(…)` outside
/// the file, `@import`) and processing instructions. Refused (the reason as `Err`) when it is
/// not well-formed XML, declares entities, or is not an SVG document.
pub fn sanitise(data: &[u8]) -> Result<Sanitised, String> {
    let text = std::str::from_utf8(data).map_err(|_| "it is not UTF-8 text".to_string())?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut writer = Writer::new(Vec::with_capacity(data.len()));
    let mut removed: Vec<String> = Vec::new();
    let mut note = |what: String| {
        if !removed.contains(&what) {
            removed.push(what);
        }
    };
    // Depth inside a removed element (0: not inside one).
    let mut skipping = 0usize;
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut in_style = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("it is not well-formed XML ({e})"))?;
        match event {
            Event::Eof => break,
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::End(_) if skipping > 0 => skipping -= 1,
            _ if skipping > 0 => {}
            Event::Start(_) | Event::Empty(_) => {
                let (tag, empty) = match &event {
                    Event::Start(tag) => (tag, false),
                    Event::Empty(tag) => (tag, true),
                    _ => unreachable!("matched above"),
                };
                let name = local_name(tag);
                if depth == 0 {
                    if root_seen || name != "svg" {
                        return Err(format!("its root element is <{name}>, not <svg>"));
                    }
                    root_seen = true;
                }
                if REMOVED.contains(&name.as_str()) {
                    note(match name.as_str() {
                        "script" => "a script".to_string(),
                        "foreignobject" => "embedded HTML (foreignObject)".to_string(),
                        other => format!("an element <{other}>"),
                    });
                    if !empty {
                        skipping = 1;
                    }
                    continue;
                }
                let clean = clean_element(tag, &mut note)?;
                in_style = name == "style" && !empty;
                if empty {
                    write(&mut writer, Event::Empty(clean))?;
                } else {
                    depth += 1;
                    write(&mut writer, Event::Start(clean))?;
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                in_style = false;
                write(&mut writer, Event::End(tag))?;
            }
            Event::Text(t) if in_style => {
                let css = t[..].to_owned();
                if external_css(&css) {
                    note("a style sheet that loads other files".into());
                } else {
                    write(&mut writer, Event::Text(t))?;
                }
            }
            Event::CData(t) if in_style => {
                let css = t[..].to_owned();
                if external_css(&css) {
                    note("a style sheet that loads other files".into());
                } else {
                    write(&mut writer, Event::CData(t))?;
                }
            }
            Event::DocType(doctype) => {
                let doctype = doctype[..].to_ascii_uppercase();
                if doctype.contains("<!ENTITY") {
                    return Err("it declares XML entities".into());
                }
                // The DTD is a reference to another file: it is dropped.
            }
            Event::PI(_) => note("a processing instruction".into()),
            Event::GeneralRef(r) => {
                let name = r[..].to_owned();
                let predefined = matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot")
                    || name.starts_with('#');
                if !predefined {
                    return Err(format!("it refers to an undeclared entity &{name};"));
                }
                write(&mut writer, Event::GeneralRef(r))?;
            }
            other => write(&mut writer, other)?,
        }
    }
    if !root_seen {
        return Err("it has no <svg> element".into());
    }
    Ok(Sanitised {
        data: writer.into_inner(),
        removed,
    })
}

fn write(writer: &mut Writer<Vec<u8>>, event: Event) -> Result<(), String> {
    writer
        .write_event(event)
        .map_err(|e| format!("it cannot be written again ({e})"))
}

/// The lower-cased local name of an element (no prefix).
fn local_name(tag: &BytesStart) -> String {
    tag.local_name().into_inner().to_ascii_lowercase()
}

/// The element without event attributes and external references.
fn clean_element(
    tag: &BytesStart,
    note: &mut impl FnMut(String),
) -> Result<BytesStart<'static>, String> {
    let name = tag.name().into_inner().to_owned();
    let mut clean = BytesStart::new(name);
    for attr in tag.attributes() {
        let attr = attr.map_err(|e| format!("it has a malformed attribute ({e})"))?;
        let key = attr.key.into_inner().to_owned();
        let local = attr.key.local_name().into_inner().to_ascii_lowercase();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("it has a malformed attribute value ({e})"))?
            .into_owned();
        if local.starts_with("on") {
            note(format!("an event attribute ({key})"));
            continue;
        }
        if local == "href" || local == "src" {
            let v = value.trim().to_ascii_lowercase();
            let inside = v.starts_with('#') || DATA_IMAGES.iter().any(|d| v.starts_with(d));
            if !inside {
                note(format!("a reference to another file ({})", shorten(&value)));
                continue;
            }
        }
        if external_css(&value) {
            note(format!("a reference to another file ({})", shorten(&value)));
            continue;
        }
        clean.push_attribute((key.as_str(), value.as_str()));
    }
    Ok(clean)
}

/// True when CSS (a style sheet or an attribute value) loads anything from outside the file:
/// `@import`, or a `url(…)` that is not a `#fragment` or a raster `data:` address.
fn external_css(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("javascript:") || lower.contains("expression(") {
        return true;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        let target = rest[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !(target.starts_with('#') || DATA_IMAGES.iter().any(|d| target.starts_with(d))) {
            return true;
        }
        rest = &rest[at + 4..];
    }
    false
}

fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Width and height in CSS pixels of an SVG, from the `width` and `height` of its root
/// element (in any absolute unit) or else its `viewBox`; 300 × 150, as browsers take, when it
/// says neither.
pub fn pixel_size(data: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(data).ok()?;
    let mut reader = Reader::from_str(text);
    let root = loop {
        match reader.read_event().ok()? {
            Event::Start(tag) | Event::Empty(tag) => break tag.into_owned(),
            Event::Eof => return None,
            _ => {}
        }
    };
    if local_name(&root) != "svg" {
        return None;
    }
    let attr = |name: &str| -> Option<String> {
        root.attributes()
            .flatten()
            .find_map(|a| (a.key.into_inner() == name).then(|| a.value.to_string()))
    };
    let view_box = attr("viewBox").and_then(|v| {
        let numbers: Vec<f32> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match numbers.as_slice() {
            [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
            _ => None,
        }
    });
    let width = attr("width").and_then(|v| length(&v));
    let height = attr("height").and_then(|v| length(&v));
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(size)) => size,
        _ => (300.0, 150.0),
    };
    let px = |v: f32| (v.round() as u32).max(1);
    (w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0).then(|| (px(w), px(h)))
}

/// A length in CSS pixels; `None` for a relative one (percentages).
fn length(value: &str) -> Option<f32> {
    let value = value.trim();
    let unit_at = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
        .unwrap_or(value.len());
    let number: f32 = value[..unit_at].parse().ok()?;
    let scale = match value[unit_at..].trim() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "mm" => 96.0 / 25.4,
        "cm" => 96.0 / 2.54,
        "in" => 96.0,
        "em" => 16.0,
        "ex" => 8.0,
        _ => return None,
    };
    Some(number * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        String::from_utf8(sanitise(svg.as_bytes()).unwrap().data).unwrap()
    }

    #[test]
    fn scripts_handlers_and_foreign_content_are_removed() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"><script>alert(2)</script><script/><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div></foreignObject><rect ONCLICK="x()" width="5" height="5" fill="url(#g)"/><set attributeName="href" to="javascript:x"/></svg>"##,
        );
        assert_eq!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5" fill="url(#g)"/></svg>"##
        );
    }

    #[test]
    fn external_references_are_removed_and_inner_ones_kept() {
        let out = clean(
            r##"<?xml version="1.0"?><?xml-stylesheet href="http://evil/x.css"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><style>@import url(http://evil/a.css);</style><image xlink:href="http://evil/a.png"/><image href="data:image/svg+xml;base64,AAAA"/><use href="#a"/><a xlink:href="javascript:alert(1)"><path d="M0 0" style="fill:url(https://evil/p)"/></a><image href="data:image/png;base64,AAAA"/></svg>"##,
        );
        assert!(!out.contains("evil"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("svg+xml"), "{out}");
        assert!(out.contains(r##"<use href="#a"/>"##), "{out}");
        assert!(out.contains("data:image/png"), "{out}");
    }

    #[test]
    fn entities_and_other_documents_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><svg>&b;</svg>"#;
        assert!(
            sanitise(laughs.as_bytes())
                .unwrap_err()
                .contains("entities")
        );
        assert!(sanitise(b"<html><svg/></html>").is_err());
        assert!(sanitise(b"<svg><g></svg>").is_err());
        assert!(sanitise(b"not xml at all").is_err());
        assert!(sanitise(b"\xff\xfe").is_err());
    }

    #[test]
    fn size_from_width_height_and_view_box() {
        assert_eq!(
            pixel_size(br#"<svg width="120" height="60pt"/>"#),
            Some((120, 80))
        );
        assert_eq!(
            pixel_size(br#"<svg viewBox="0 0 400 200" width="100%"/>"#),
            Some((400, 200))
        );
        assert_eq!(
            pixel_size(br#"<svg viewBox="0,0,400,200" width="200"/>"#),
            Some((200, 100))
        );
        assert_eq!(pixel_size(br#"<svg/>"#), Some((300, 150)));
        assert_eq!(pixel_size(br#"<html/>"#), None);
    }
}
