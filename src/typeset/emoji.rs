//! Emoji sequences (Unicode TR 51): the characters that must be set as one cluster from an
//! emoji font, and the characters shaping hides when a font has no glyph for them.

use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};

/// U+FE0F VARIATION SELECTOR-16: "show the character before as an emoji".
const EMOJI_SELECTOR: char = '\u{FE0F}';
/// U+FE0E VARIATION SELECTOR-15: "show the character before as text".
const TEXT_SELECTOR: char = '\u{FE0E}';
/// U+20E3 COMBINING ENCLOSING KEYCAP (`1️⃣`).
const KEYCAP: char = '\u{20E3}';
/// U+200D ZERO WIDTH JOINER, between the parts of `👩‍💻`.
const ZWJ: char = '\u{200D}';

/// U+203C DOUBLE EXCLAMATION MARK, the first emoji character past Latin-1.
const FIRST_EMOJI_PUNCTUATION: char = '\u{203C}';

/// The only emoji characters below [`FIRST_EMOJI_PUNCTUATION`] (`Emoji=Yes` in TR 51's
/// emoji-data): `#`, `*`, the digits (keycap bases), `©` and `®`.
fn is_emoji_below_punctuation(c: char) -> bool {
    matches!(c, '#' | '*' | '0'..='9' | '\u{A9}' | '\u{AE}')
}

fn is_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// `Emoji_Presentation=Yes`: shown as an emoji even without U+FE0F (`🙂`, `⚡`, but not `❤`).
fn has_emoji_presentation(c: char) -> bool {
    matches!(
        c.emoji_status(),
        EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent
    )
}

/// The length in bytes of the emoji sequence `text` starts with, if it starts with one: an
/// emoji-presentation character, or an emoji followed by U+FE0F, a keycap or a skin tone,
/// with what follows it in the sequence (selectors, keycaps, skin tones, tags, and further
/// emoji joined by U+200D), or a pair of regional indicators (a flag). `❤` alone, `#`, `1`
/// and anything followed by U+FE0E are text, not emoji.
pub fn sequence(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    let (_, first) = chars.next()?;
    if first < FIRST_EMOJI_PUNCTUATION && !is_emoji_below_punctuation(first) {
        // Most text is answered here, without the property tables.
        return None;
    }
    let next = chars.peek().map(|&(_, c)| c);
    if is_regional_indicator(first) {
        let len = first.len_utf8();
        return Some(match next {
            Some(n) if is_regional_indicator(n) => len + n.len_utf8(),
            _ => len,
        });
    }
    if !first.is_emoji_char() || next == Some(TEXT_SELECTOR) {
        return None;
    }
    let marked = matches!(next, Some(n) if n == EMOJI_SELECTOR || n == KEYCAP || is_modifier(n));
    if !(marked || has_emoji_presentation(first)) {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some(&(at, c)) = chars.peek() {
        if c == EMOJI_SELECTOR || c == KEYCAP || is_modifier(c) || is_tag(c) {
            chars.next();
            end = at + c.len_utf8();
        } else if c == ZWJ {
            chars.next();
            match chars.peek() {
                Some(&(at, joined)) if joined.is_emoji_char() => {
                    chars.next();
                    end = at + joined.len_utf8();
                }
                // A joiner at the end stays with the sequence (shaping hides it).
                _ => end = at + c.len_utf8(),
            }
        } else {
            break;
        }
    }
    Some(end)
}

/// Characters that shaping hides when the font has no glyph for them (Unicode's
/// `Default_Ignorable_Code_Point`, the crate's one table in `lang`), and the spaces it sets
/// with the font's own space (any `Zs` character, and the line end of preformatted text).
/// Every other character needs a glyph.
pub fn needs_no_glyph(c: char) -> bool {
    matches!(
        c,
        '\n' | ' ' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    ) || crate::lang::is_default_ignorable(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_below_u203c_agrees_with_the_property_table() {
        for c in (0..0x203C).filter_map(char::from_u32) {
            assert_eq!(
                c.is_emoji_char(),
                is_emoji_below_punctuation(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(FIRST_EMOJI_PUNCTUATION.is_emoji_char());
    }

    fn seq(text: &str) -> Option<&str> {
        sequence(text).map(|n| &text[..n])
    }

    #[test]
    fn sequences_keep_their_selectors_joiners_and_modifiers() {
        assert_eq!(seq("🙂 ok"), Some("🙂"));
        assert_eq!(seq("❤️ love"), Some("❤️"));
        assert_eq!(seq("⚠️!"), Some("⚠️"));
        assert_eq!(seq("👩‍💻 code"), Some("👩‍💻"));
        assert_eq!(seq("👋🏽 hi"), Some("👋🏽"));
        assert_eq!(seq("👨‍👩‍👧‍👦."), Some("👨‍👩‍👧‍👦"));
        assert_eq!(seq("#️⃣ tag"), Some("#️⃣"));
        assert_eq!(seq("1⃣"), Some("1⃣"));
        assert_eq!(seq("🇫🇷🇩🇪"), Some("🇫🇷"));
        assert_eq!(seq("🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland"), Some("🏴󠁧󠁢󠁳󠁣󠁴󠁿"));
    }

    #[test]
    fn text_presentation_is_not_an_emoji_sequence() {
        assert_eq!(seq("❤ love"), None);
        assert_eq!(seq("❤︎"), None);
        assert_eq!(seq("#1"), None);
        assert_eq!(seq("1 cat"), None);
        assert_eq!(seq("© 2026"), None);
        assert_eq!(seq("a"), None);
        assert_eq!(seq(""), None);
    }

    #[test]
    fn joiners_and_selectors_need_no_glyph_but_controls_do() {
        assert!(needs_no_glyph('\u{FE0F}') && needs_no_glyph('\u{200D}'));
        assert!(needs_no_glyph('\u{202F}') && needs_no_glyph('\u{E0067}'));
        assert!(!needs_no_glyph('\t') && !needs_no_glyph('\u{7}') && !needs_no_glyph('a'));
    }
}
