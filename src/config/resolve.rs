//! The PDF style: `styles/default.toml`, overridden key by key by book.toml's `[pdf.…]`
//! tables, resolved into lengths in points.
//!
//! Two steps, as for the command line: what the book wrote ([`StyleSpec`], every key optional,
//! parsed with the rest of `book.toml` so unknown keys and unreadable lengths are reported by
//! the TOML reader with their line), then the checked settings ([`Style`], plain points) from
//! [`resolve`], whose errors point at the line of the key to fix.

use super::spec::*;
use super::style::*;
use super::units::*;
use crate::diag::{Diagnostic, line_of};
use std::path::Path;
use toml::Spanned;

/// The defaults, built into the binary.
pub const DEFAULT: &str = include_str!("../../styles/default.toml");

/// What a length may be.
#[derive(Clone, Copy, PartialEq)]
enum Allowed {
    /// Zero or more (margins, spacing, indents).
    ZeroOrMore,
    /// More than zero (sizes and leadings).
    Positive,
}

/// Resolves lengths and collects every problem, each at the line of the key to fix.
struct Resolver<'a> {
    /// The book's overrides (empty when it has none).
    book: &'a StyleSpec,
    /// The text of book.toml, for line numbers.
    text: &'a str,
    file: &'a Path,
    errors: Vec<Diagnostic>,
}

impl Resolver<'_> {
    /// Records an error about `key` ("section.key-name"); it points at the key when the book
    /// sets it, otherwise at the book's first `[pdf` table.
    fn error(&mut self, key: &str, message: String, hint: &str) {
        let at = self
            .book
            .offset(key)
            .or_else(|| self.text.find("[pdf"))
            .map(|at| line_of(self.text, at));
        self.errors
            .push(Diagnostic::error(self.file, at, message).with_hint(hint));
    }

    /// A value the merged style lacks: only possible if styles/default.toml lost a key.
    fn missing(&mut self, key: &str) {
        self.errors.push(Diagnostic::error(
            "styles/default.toml",
            None,
            format!("the default style lacks {}", label(key)),
        ));
    }

    /// A length in points; `em` is `font_size` points. A wrong value is recorded and stands
    /// as `fallback` so that resolving goes on and reports every problem.
    fn length(
        &mut self,
        key: &str,
        value: Option<Spanned<Length>>,
        font_size: f32,
        allowed: Allowed,
    ) -> f32 {
        const FALLBACK: f32 = 10.0;
        let Some(value) = value else {
            self.missing(key);
            return FALLBACK;
        };
        let points = match value.into_inner() {
            Length::Pt(v) => v,
            Length::Em(v) => v * font_size,
            Length::Percent(_) => {
                self.error(
                    key,
                    format!(
                        "{}: a percentage is only allowed for [pdf.footnotes] separator-width",
                        label(key)
                    ),
                    "give a length in pt, mm, cm, in or em",
                );
                return FALLBACK;
            }
        };
        if allowed == Allowed::Positive && points <= 0.0 {
            self.error(
                key,
                format!("{} must be more than zero", label(key)),
                "give a size such as \"10pt\"",
            );
            return FALLBACK;
        }
        points
    }

    /// A flag or count; only styles/default.toml can lack one.
    fn value<T: Default>(&mut self, key: &str, value: Option<Spanned<T>>) -> T {
        match value {
            Some(v) => v.into_inner(),
            None => {
                self.missing(key);
                T::default()
            }
        }
    }
}

/// The most and least a script's size may be changed: beyond them, a typo (`115` for `1.15`).
const SCRIPT_SIZES: std::ops::RangeInclusive<f32> = 0.5..=2.0;

/// `[pdf.text] script-sizes`: each key an ISO 15924 script code, each value a factor.
fn script_sizes(
    r: &mut Resolver,
    value: Option<Spanned<std::collections::BTreeMap<String, f32>>>,
) -> Vec<([u8; 4], f32)> {
    let key = "text.script-sizes";
    let mut sizes = Vec::new();
    for (code, factor) in r.value(key, value) {
        let tag: Option<[u8; 4]> = code.as_bytes().try_into().ok();
        let Some(tag) =
            tag.filter(|t| t[0].is_ascii_uppercase() && t[1..].iter().all(u8::is_ascii_lowercase))
        else {
            r.error(
                key,
                format!("[pdf.text] script-sizes: `{code}` is not an ISO 15924 script code"),
                "give four letters, the first a capital, as `Arab`, `Cyrl`, `Hani` or `Latn`",
            );
            continue;
        };
        if !SCRIPT_SIZES.contains(&factor) {
            r.error(
                key,
                format!("[pdf.text] script-sizes: {code} = {factor} is not a size factor"),
                "give a factor from 0.5 to 2, as `1.15` for 15 % larger",
            );
            continue;
        }
        sizes.push((tag, factor));
    }
    sizes
}

/// "text.font-size" as the user sees it: "[pdf.text] font-size".
fn label(key: &str) -> String {
    match key.split_once('.') {
        Some((section, name)) => format!("[pdf.{section}] {name}"),
        None => format!("[pdf] {key}"),
    }
}

/// The style for a book: `styles/default.toml` with the book's `[pdf]` overrides over it, key
/// by key. `book_toml` is the text the overrides were parsed from and `file` its name, for the
/// diagnostics: a size of zero, a percentage where none is allowed, or margins that leave no
/// room for text, each at the line of the key (or table) to fix. Unknown keys and unreadable
/// lengths never get here: parsing book.toml reports them.
pub fn resolve(
    overrides: Option<&StyleSpec>,
    book_toml: &str,
    file: &Path,
) -> Result<Style, Vec<Diagnostic>> {
    let base: StyleSpec = toml::from_str(DEFAULT).map_err(|e| {
        vec![Diagnostic::error(
            "styles/default.toml",
            e.span().map(|s| line_of(DEFAULT, s.start)),
            e.message().trim().to_string(),
        )]
    })?;
    let empty = StyleSpec::default();
    let book = overrides.unwrap_or(&empty);
    let o = book.clone();
    let page = merge_section(
        o.page.map(Spanned::into_inner),
        base.page.map(Spanned::into_inner),
        PageSpec::merge,
    );
    let text = merge_section(o.text, base.text, TextSpec::merge);
    let headings = merge_section(o.headings, base.headings, HeadingsSpec::merge);
    let footnotes = merge_section(o.footnotes, base.footnotes, FootnotesSpec::merge);
    let code = merge_section(o.code, base.code, CodeSpec::merge);
    let header = merge_section(o.header, base.header, HeaderSpec::merge);
    let front = merge_section(o.front, base.front, FrontSpec::merge);
    let tables = merge_section(o.tables, base.tables, TablesSpec::merge);
    let flow = merge_section(o.flow, base.flow, FlowSpec::merge);
    let imposition = merge_section(o.imposition, base.imposition, ImpositionSpec::merge);
    let cover = merge_section(o.cover, base.cover, CoverSpec::merge);
    let standard = o.standard.or(base.standard);
    let impose = o.impose.or(base.impose);

    let mut r = Resolver {
        book,
        text: book_toml,
        file,
        errors: Vec::new(),
    };
    use Allowed::{Positive, ZeroOrMore};
    // The text size first: `em` everywhere else is relative to it. An `em` here would be
    // circular, so it must be absolute.
    let font_size = match text.font_size.as_ref().map(|v| *v.get_ref()) {
        Some(Length::Em(_) | Length::Percent(_)) => {
            r.error(
                "text.font-size",
                "[pdf.text] font-size must be absolute (pt, mm, cm or in): em means the text size itself".into(),
                "give a size such as \"10pt\"",
            );
            10.0
        }
        _ => r.length("text.font-size", text.font_size, 0.0, Positive),
    };
    let size = match page.size {
        Some(size) => size.into_inner(),
        None => {
            r.missing("page.size");
            "A5".parse().expect("A5 is a named size")
        }
    };
    let page_style = PageStyle {
        width: size.width,
        height: size.height,
        margin_top: r.length("page.margin-top", page.margin_top, font_size, ZeroOrMore),
        margin_bottom: r.length(
            "page.margin-bottom",
            page.margin_bottom,
            font_size,
            ZeroOrMore,
        ),
        margin_inner: r.length(
            "page.margin-inner",
            page.margin_inner,
            font_size,
            ZeroOrMore,
        ),
        margin_outer: r.length(
            "page.margin-outer",
            page.margin_outer,
            font_size,
            ZeroOrMore,
        ),
    };
    let text_width = page_style.width - page_style.margin_inner - page_style.margin_outer;
    let text_height = page_style.height - page_style.margin_top - page_style.margin_bottom;
    let text_style = TextStyle {
        font_size,
        leading: r.length("text.leading", text.leading, font_size, Positive),
        paragraph_indent: r.length(
            "text.paragraph-indent",
            text.paragraph_indent,
            font_size,
            ZeroOrMore,
        ),
        paragraph_spacing: r.length(
            "text.paragraph-spacing",
            text.paragraph_spacing,
            font_size,
            ZeroOrMore,
        ),
        justify: r.value("text.justify", text.justify),
        hyphenate: r.value("text.hyphenate", text.hyphenate),
        consecutive_hyphens: r.value("text.consecutive-hyphens", text.consecutive_hyphens),
        baseline_grid: r.value("text.baseline-grid", text.baseline_grid),
        script_sizes: script_sizes(&mut r, text.script_sizes),
    };
    let separator_width = match footnotes.separator_width.as_ref().map(|v| *v.get_ref()) {
        Some(Length::Percent(p)) if p > 100.0 => {
            r.error(
                "footnotes.separator-width",
                format!(
                    "[pdf.footnotes] separator-width is {p}% of the text width, more than all of it"
                ),
                "give a percentage from 0% to 100%",
            );
            0.25
        }
        Some(Length::Percent(p)) => p / 100.0,
        // A length: as a fraction of the text width (clamped; too wide is harmless).
        Some(_) => {
            let points = r.length(
                "footnotes.separator-width",
                footnotes.separator_width,
                font_size,
                ZeroOrMore,
            );
            (points / text_width.max(1.0)).min(1.0)
        }
        None => {
            r.missing("footnotes.separator-width");
            0.25
        }
    };
    let style = Style {
        text: text_style,
        headings: HeadingsStyle {
            title_size: r.length(
                "headings.title-size",
                headings.title_size,
                font_size,
                Positive,
            ),
            h2_size: r.length("headings.h2-size", headings.h2_size, font_size, Positive),
            h3_size: r.length("headings.h3-size", headings.h3_size, font_size, Positive),
            space_before: r.length(
                "headings.space-before",
                headings.space_before,
                font_size,
                ZeroOrMore,
            ),
            space_after: r.length(
                "headings.space-after",
                headings.space_after,
                font_size,
                ZeroOrMore,
            ),
        },
        footnotes: FootnotesStyle {
            font_size: r.length(
                "footnotes.font-size",
                footnotes.font_size,
                font_size,
                Positive,
            ),
            leading: r.length("footnotes.leading", footnotes.leading, font_size, Positive),
            separator_width,
            gap: r.length("footnotes.gap", footnotes.gap, font_size, ZeroOrMore),
        },
        code: CodeStyle {
            font_size: r.length("code.font-size", code.font_size, font_size, Positive),
            leading: r.length("code.leading", code.leading, font_size, Positive),
        },
        header: HeaderStyle {
            font_size: r.length("header.font-size", header.font_size, font_size, Positive),
        },
        table_min_scale: {
            let scale = r.value("tables.min-scale", tables.min_scale);
            if !(scale > 0.0 && scale <= 1.0) {
                r.error(
                    "tables.min-scale",
                    format!(
                        "{} is {scale}: it must be more than 0 and at most 1",
                        label("tables.min-scale")
                    ),
                    "write a fraction such as 0.8 (tables may shrink to 80 % of the text size)",
                );
            }
            scale.clamp(0.1, 1.0)
        },
        front: FrontStyle {
            cover_title_size: r.length(
                "front.cover-title-size",
                front.cover_title_size,
                font_size,
                Positive,
            ),
            cover_title_leading: r.length(
                "front.cover-title-leading",
                front.cover_title_leading,
                font_size,
                Positive,
            ),
            cover_subtitle_size: r.length(
                "front.cover-subtitle-size",
                front.cover_subtitle_size,
                font_size,
                Positive,
            ),
            cover_subtitle_leading: r.length(
                "front.cover-subtitle-leading",
                front.cover_subtitle_leading,
                font_size,
                Positive,
            ),
            title_size: r.length("front.title-size", front.title_size, font_size, Positive),
            title_leading: r.length(
                "front.title-leading",
                front.title_leading,
                font_size,
                Positive,
            ),
            subtitle_size: r.length(
                "front.subtitle-size",
                front.subtitle_size,
                font_size,
                Positive,
            ),
            subtitle_leading: r.length(
                "front.subtitle-leading",
                front.subtitle_leading,
                font_size,
                Positive,
            ),
            byline_size: r.length("front.byline-size", front.byline_size, font_size, Positive),
            byline_leading: r.length(
                "front.byline-leading",
                front.byline_leading,
                font_size,
                Positive,
            ),
            small_size: r.length("front.small-size", front.small_size, font_size, Positive),
            small_leading: r.length(
                "front.small-leading",
                front.small_leading,
                font_size,
                Positive,
            ),
        },
        flow: FlowStyle {
            widows: r.value("flow.widows", flow.widows).max(1),
            orphans: r.value("flow.orphans", flow.orphans).max(1),
            recto: r.value("flow.recto", flow.recto),
        },
        output: OutputStyle {
            standards: {
                let mut list = standard.map(Spanned::into_inner).unwrap_or_default();
                list.dedup();
                list
            },
            impose: impose
                .map(|i| i.into_inner().into())
                .unwrap_or(Impose::None),
            sheet: match imposition.sheet.map(Spanned::into_inner) {
                Some(SheetSize::Size(size)) => {
                    Some((size.width.max(size.height), size.width.min(size.height)))
                }
                _ => None,
            },
            signature: r.value("imposition.signature", imposition.signature),
            creep: r.length("imposition.creep", imposition.creep, font_size, ZeroOrMore),
            marks: r.value("imposition.marks", imposition.marks),
            handouts: r.value("handouts", o.handouts.or(base.handouts)),
        },
        cover_background: r.value("cover.background", cover.background).0,
        qr: r.value("qr", o.qr.or(base.qr)),
        page: page_style,
    };
    // Room for a few words on a line and a few lines on a page; narrower measures are set
    // ragged by the engine, but below this nothing sensible can be set at all.
    if text_width < 4.0 * font_size || text_height < 6.0 * style.text.leading {
        let at = book
            .page
            .as_ref()
            .map(|p| p.span().start)
            .or_else(|| book_toml.find("[pdf"))
            .map(|at| line_of(book_toml, at));
        r.errors.push(
            Diagnostic::error(
                file,
                at,
                format!(
                    "[pdf.page] the margins leave a text area of {:.0} × {:.0} pt, too small to set text in",
                    text_width.max(0.0),
                    text_height.max(0.0)
                ),
            )
            .with_hint(format!(
                "the page is {:.0} × {:.0} pt; make the margins smaller or the page larger (the text needs at least 4 em across and 6 lines down)",
                style.page.width, style.page.height
            )),
        );
    }
    // An imposed sheet of "auto" size holds two pages side by side, and is a PDF page too.
    if style.output.impose != Impose::None
        && style.output.sheet.is_none()
        && let Some(problem) = sheet_problem(&style, file, {
            let key = (book.offset("imposition.sheet"))
                .or_else(|| book.impose.as_ref().map(|i| i.span().start));
            key.or_else(|| book_toml.find("[pdf"))
                .map(|at| line_of(book_toml, at))
        })
    {
        r.errors.push(problem);
    }
    if r.errors.is_empty() {
        Ok(style)
    } else {
        Err(r.errors)
    }
}

#[cfg(test)]
mod tests;
