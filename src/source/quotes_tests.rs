//! The quotation-mark pass of `locale::quotes` on Markdown as the book loader reads it.

use crate::lang::Lang;
use crate::locale::quotes::{localise, localise_notes};
use crate::model::{Block, Inline};

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

/// Markdown parsed and localised as `tag`, then the text of its first block.
fn run(tag: &str, text: &str) -> (Vec<Block>, String) {
    let (mut parsed, _) = super::parse_for_test(text);
    localise(&mut parsed.blocks, &lang(tag));
    localise_notes(&mut parsed.notes, &lang(tag));
    let first = match &parsed.blocks[0] {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
            Inline::plain_text(content)
        }
        Block::Code { text, .. } => text.clone(),
        _ => String::new(),
    };
    (parsed.blocks, first)
}

fn text(tag: &str, markdown: &str) -> String {
    run(tag, markdown).1
}

#[test]
fn russian_and_kazakh_take_guillemets_and_low_inner_marks() {
    assert_eq!(text("ru", "Он сказал \"нет\"."), "Он сказал «нет».");
    assert_eq!(
        text("ru", "\"Он сказал 'нет' и ушёл\""),
        "«Он сказал „нет“ и ушёл»"
    );
    assert_eq!(
        text("ru", "\"Он сказал \"нет\" и ушёл\""),
        "«Он сказал „нет“ и ушёл»"
    );
    assert_eq!(text("kk", "Ол \"иә\" деді."), "Ол «иә» деді.");
    assert_eq!(
        text("kk-Cyrl", "\"Әжем: 'кел' деді\""),
        "«Әжем: „кел“ деді»"
    );
    assert_eq!(text("ky", "\"Ак жол!\""), "«Ак жол!»");
    assert_eq!(text("uz", "\"Xush kelibsiz!\""), "«Xush kelibsiz!»");
    assert_eq!(text("uz-Latn", "\"a 'b' c\""), "«a „b“ c»");
}

#[test]
fn english_and_turkmen_keep_english_marks() {
    let source = "He said \"she said 'no' twice\" and left.";
    let english = "He said “she said ‘no’ twice” and left.";
    assert_eq!(text("en", source), english);
    assert_eq!(text("en-GB", source), english);
    assert_eq!(text("tk", "\"Salam\""), "“Salam”");
    // British style, single marks outside, is the writer's choice and stays.
    assert_eq!(text("en", "'a \"b\" c'"), "‘a “b” c’");
}

#[test]
fn other_tables_give_their_marks() {
    assert_eq!(
        text("de", "Er sagte \"nein 'nie'\"."),
        "Er sagte „nein ‚nie‘“."
    );
    assert_eq!(text("ar", "قال \"نعم\""), "قال «نعم»");
}

#[test]
fn apostrophes_stay() {
    assert_eq!(
        text("en", "I don't know, it's 'fine'."),
        "I don’t know, it’s ‘fine’."
    );
    assert_eq!(text("ru", "Don't \"так\"."), "Don’t «так».");
    // A ’ that closes no quotation: a plural possessive, a year.
    assert_eq!(
        text("ru", "the students' books in the '90s"),
        "the students’ books in the ’90s"
    );
    // The modifier letter of Uzbek is no quotation mark; nor is a ‘ inside a word.
    assert_eq!(text("uz", "Oʻzbekiston, togʻ"), "Oʻzbekiston, togʻ");
    assert_eq!(
        text("uz", "\"O‘zbekiston va tog‘ bog’i\""),
        "«O‘zbekiston va tog‘ bog’i»"
    );
    assert_eq!(text("uz", "\"O'zbekiston\""), "«O’zbekiston»");
    // Inside a quotation the apostrophe does not close it.
    assert_eq!(text("ru", "'it's mine'"), "«it’s mine»");
}

#[test]
fn a_span_in_another_language_takes_its_own_marks() {
    let (blocks, plain) = run(
        "en",
        "He wrote \"hello\" and [\"привет, 'друг'\"]{lang=ru} and \"bye\".",
    );
    assert_eq!(plain, "He wrote “hello” and «привет, „друг“» and “bye”.");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!()
    };
    assert!(matches!(&content[1], Inline::Span { .. }), "{content:?}");
    // Marks around a span are the surrounding language's.
    assert_eq!(
        text("en", "\"[Тот, который есть]{lang=ru}\" -- she said"),
        "“Тот, который есть” – she said"
    );
    // A whole paragraph in another language.
    assert_eq!(text("en", "[\"Сам!\"]{lang=ru}"), "«Сам!»");
}

#[test]
fn code_links_and_code_blocks_are_untouched() {
    assert_eq!(
        text("ru", "Пишите `\"так\"` и \"так\"."),
        "Пишите \"так\" и «так»."
    );
    let (blocks, _) = run("ru", "```\nprint(\"да\")  # 'нет'\n```\n");
    assert_eq!(
        blocks[0],
        Block::Code {
            language: None,
            text: "print(\"да\")  # 'нет'\n".into()
        }
    );
    // Code between marks still pairs them.
    assert_eq!(text("ru", "\"`x`\""), "«x»");
    let (blocks, _) = run("ru", "<https://example.com/it's>\n");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!()
    };
    let Inline::Link { url, content, .. } = &content[0] else {
        panic!("{content:?}")
    };
    assert_eq!(url, "https://example.com/it's");
    assert_eq!(Inline::plain_text(content), "https://example.com/it's");
}

#[test]
fn quotes_pair_across_emphasis_and_links() {
    let (blocks, plain) = run("ru", "\"*слово*\" и **\"жирное** слово\"");
    assert_eq!(plain, "«слово» и «жирное слово»");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!()
    };
    assert_eq!(content[0], Inline::Text("«".into()));
    assert_eq!(content[1], Inline::Emph(vec![Inline::Text("слово".into())]));
    assert_eq!(
        text("ru", "\"[ссылка](https://example.com) тут\""),
        "«ссылка тут»"
    );
}

#[test]
fn unpaired_marks_stay() {
    assert_eq!(text("ru", "\"нет конца"), "“нет конца");
    assert_eq!(text("ru", "typed «a \"b\" c»"), "typed «a „b“ c»");
}

#[test]
fn no_break_space_before_a_dash_in_russian_kazakh_kyrgyz_uzbek() {
    assert_eq!(text("ru", "слово --- слово"), "слово\u{a0}— слово");
    assert_eq!(
        text("ru", "«Сам!» --- сказал он"),
        "«Сам!»\u{a0}— сказал он"
    );
    assert_eq!(
        text("kk", "Ел іші — өнер кеніші"),
        "Ел іші\u{a0}— өнер кеніші"
    );
    assert_eq!(text("ky", "Тоо -- бийик"), "Тоо\u{a0}– бийик");
    assert_eq!(
        text("uz-Cyrl", "Тил — миллат кўзгуси"),
        "Тил\u{a0}— миллат кўзгуси"
    );
    // A dash opening a line of dialogue, a dash between numbers, and English are left.
    assert_eq!(
        text("ru", "--- Да, --- сказал он."),
        "— Да,\u{a0}— сказал он."
    );
    assert_eq!(text("ru", "1941--1945"), "1941–1945");
    assert_eq!(text("en", "word --- word"), "word — word");
    // Spans follow their own language.
    assert_eq!(
        text("en", "as [Ел іші — өнер кеніші]{lang=kk} says — so"),
        "as Ел іші\u{a0}— өнер кеніші says — so"
    );
}

#[test]
fn french_spaces_inside_guillemets_and_before_punctuation() {
    assert_eq!(
        text("fr", "Il dit \"oui\" ; puis : \"non !\""),
        "Il dit «\u{202f}oui\u{202f}»\u{202f}; puis\u{202f}: «\u{202f}non\u{202f}!\u{202f}»"
    );
    // Typed guillemets keep their marks; their spaces become narrow no-break ones.
    assert_eq!(text("fr", "« oui »"), "«\u{202f}oui\u{202f}»");
    // No space is added where none was written (12:30, a URL).
    assert_eq!(text("fr", "à 12:30!"), "à 12:30!");
}

#[test]
fn notes_headings_lists_and_tables() {
    let (blocks, plain) = run(
        "ru",
        "# \"Заголовок\"\n\n- \"пункт\"\n\n| \"a\" |\n|---|\n| \"b\" |\n\nТекст[^1].\n\n[^1]: \"Сноска\".\n",
    );
    assert_eq!(plain, "«Заголовок»");
    let all = format!("{blocks:?}");
    assert!(
        all.contains("«пункт»") && all.contains("«a»") && all.contains("«b»"),
        "{all}"
    );
    let (mut parsed, _) = super::parse_for_test("Текст[^1].\n\n[^1]: \"Сноска\".\n");
    localise_notes(&mut parsed.notes, &lang("ru"));
    assert_eq!(
        parsed.notes[0].body[0],
        Block::Paragraph {
            lang: None,
            content: vec![Inline::Text("«Сноска».".into())]
        }
    );
}
