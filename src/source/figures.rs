//! Images as Markdown writes them beyond CommonMark: the alignment written after an image
//! (`![a cat](cat.png){.alignright}`, as Pandoc writes classes and chapbook's importer writes
//! WordPress's alignment), figures (an image alone in its paragraph, captioned by its title
//! or else by its alternative text, as Pandoc's implicit figures) and galleries (a paragraph
//! of images only).

use crate::model::{Block, Figure, ImageAlign, Inline};

/// Reads an alignment written in braces right after an image, `{.alignleft}` (also
/// `.alignright`, `.aligncenter`, `.alignnone`, or `align=left`, `right`, `center`), into the
/// image, and drops the braces. Braces holding anything else stay text.
pub(super) fn image_attributes(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(content.len());
    for inline in content {
        if let Inline::Text(text) = &inline
            && let Some(Inline::Image { align, .. }) = out.last_mut()
            && let Some((found, used)) = alignment(text)
        {
            *align = found;
            let rest = &text[used..];
            if !rest.is_empty() {
                out.push(Inline::Text(rest.to_string()));
            }
            continue;
        }
        out.push(inline);
    }
    out
}

/// The alignment in `{…}` at the start of `text`, and the bytes it takes.
fn alignment(text: &str) -> Option<(ImageAlign, usize)> {
    let inner = text.strip_prefix('{')?;
    let end = inner.find('}')?;
    let mut found = None;
    for token in inner[..end].split_whitespace() {
        let token = token.trim_matches(|c| c == '"' || c == '\'');
        let value = token
            .strip_prefix(".align")
            .or_else(|| token.strip_prefix("align="))?;
        found = Some(match value.trim_matches(|c| c == '"' || c == '\'') {
            "left" => ImageAlign::Left,
            "right" => ImageAlign::Right,
            "center" | "centre" => ImageAlign::Center,
            "none" => ImageAlign::None,
            _ => return None,
        });
    }
    Some((found?, end + 2))
}

/// A paragraph of images only (white space between them) as a figure or a gallery;
/// `alts` holds the alternative text of each image as written, in order. `None` for any other
/// paragraph.
pub(super) fn figure_block(content: &[Inline], alts: &[Vec<Inline>]) -> Option<Block> {
    let mut figures = Vec::new();
    for inline in content {
        match inline {
            Inline::Image {
                image,
                alt,
                title,
                align,
            } => {
                let caption = match title {
                    Some(title) if !title.trim().is_empty() => vec![Inline::Text(title.clone())],
                    _ => alts.get(figures.len()).cloned().unwrap_or_default(),
                };
                figures.push(Figure {
                    image: *image,
                    alt: alt.clone(),
                    align: *align,
                    caption,
                });
            }
            Inline::Text(t) if t.trim().is_empty() => {}
            Inline::SoftBreak | Inline::LineBreak => {}
            _ => return None,
        }
    }
    match figures.len() {
        0 => None,
        1 => figures.pop().map(Block::Figure),
        // In a gallery the alternative text is no caption (they would be a column of
        // repeated text under a row of pictures); a title is.
        _ => Some(Block::Gallery {
            figures: figures
                .into_iter()
                .zip(content.iter().filter(|i| matches!(i, Inline::Image { .. })))
                .map(|(mut figure, inline)| {
                    if let Inline::Image { title, .. } = inline
                        && title.as_deref().is_none_or(|t| t.trim().is_empty())
                    {
                        figure.caption.clear();
                    }
                    figure
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(index: usize) -> Inline {
        Inline::Image {
            image: index,
            alt: format!("picture {index}"),
            title: None,
            align: ImageAlign::None,
        }
    }

    #[test]
    fn alignment_after_an_image_is_read_and_dropped() {
        let content = image_attributes(vec![image(0), Inline::Text("{.alignright} Text".into())]);
        assert!(matches!(
            content[0],
            Inline::Image {
                align: ImageAlign::Right,
                ..
            }
        ));
        assert_eq!(content[1], Inline::Text(" Text".into()));
        // Anything else in braces stays text, and braces not after an image too.
        let other = image_attributes(vec![image(0), Inline::Text("{.big}".into())]);
        assert_eq!(other[1], Inline::Text("{.big}".into()));
        let text = image_attributes(vec![Inline::Text("{.alignleft}".into())]);
        assert_eq!(text, vec![Inline::Text("{.alignleft}".into())]);
        assert_eq!(alignment("{align=left}"), Some((ImageAlign::Left, 12)));
    }

    #[test]
    fn a_lone_image_is_a_figure_captioned_by_its_alt_and_several_a_gallery() {
        let alt = vec![Inline::Emph(vec![Inline::Text("picture 0".into())])];
        let Some(Block::Figure(figure)) = figure_block(&[image(0)], std::slice::from_ref(&alt))
        else {
            panic!("not a figure");
        };
        assert_eq!(figure.caption, alt);
        let content = [
            image(0),
            Inline::SoftBreak,
            image(1),
            Inline::Text(" ".into()),
        ];
        let Some(Block::Gallery { figures }) = figure_block(&content, &[alt.clone(), alt]) else {
            panic!("not a gallery");
        };
        assert_eq!(figures.len(), 2);
        assert!(figures[0].caption.is_empty());
        assert!(figure_block(&[image(0), Inline::Text("text".into())], &[]).is_none());
    }
}
