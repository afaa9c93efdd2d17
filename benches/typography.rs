//! How a typographer would judge the PDF's lines, measured from its word boxes
//! (`pdftotext -bbox-layout`), for chapbook and, when it is installed, for Typst on the same
//! text, page, margins, fonts and leading (issue #15).
//!
//! The corpus: the Universal Declaration of Human Rights in English, Russian and Kazakh from
//! `../shared/corpora/udhr/` (UN text, freely reproduced), and the GNU General Public License,
//! version 3 (`benches/corpus/GPL-3.txt`, copied from Debian's `/usr/share/common-licenses`;
//! "Everyone is permitted to copy and distribute verbatim copies of this license document"),
//! about 7,500 words of English between them. Each text is written as a book folder with one
//! entry (headings, paragraphs and the UDHR's numbered lists as Markdown) and built to PDF by
//! the release binary. For Typst, the same Markdown goes through `pandoc -t typst` and is set
//! by Typst (PyPI `typst`, with `pypandoc-binary` for pandoc) under a preamble giving it
//! chapbook's page (A5; margins inner 12, outer 18, top 16, bottom 18 mm), body face (the
//! bundled Noto Serif, 10 pt), leading (13.5 pt baseline to baseline), first-line indent
//! (1.2 em) and justification.
//!
//! Run with `cargo bench --bench typography`. `TYPST_PYTHON` names the Python that has
//! `typst` and `pypandoc` (default: `PAGE_VALIDATION_PYTHON`, then `python3`); without it
//! only chapbook's column is printed. `KEEP=DIR` keeps the books, PDFs and word boxes;
//! `ONLY=Russian,Kazakh` measures those groups alone.
//!
//! What is read from the word boxes: body lines are the lines whose words have the height
//! of the body face (headers, folios, headings and code have other sizes), from the page
//! where the text's first paragraph starts (the front matter is left out). A line is full
//! when it reaches the right edge of the page's text block, else it ends a paragraph. A line
//! is hyphenated when its last word ends in a hyphen (inserted or written). Word spaces are
//! the gaps between the word boxes of full lines, in widths of the face's space.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Page, face and leading shared by both engines (chapbook's defaults, `styles/default.toml`).
const FONT_SIZE: f32 = 10.0;
const PREAMBLE: &str = r#"#set page(paper: "a5", margin: (inside: 12mm, outside: 18mm, top: 16mm, bottom: 18mm))
#set text(font: "Noto Serif", size: 10pt, top-edge: 10pt, bottom-edge: "baseline", lang: "LANG")
#set par(justify: true, leading: 3.5pt, spacing: 3.5pt, first-line-indent: 1.2em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading: set block(above: 1.2em, below: 0.4em)
"#;
/// The outer and inner margins (a recto's right edge is the outer margin's), in points.
const MARGIN_OUTER: f32 = 18.0 * 72.0 / 25.4;
const MARGIN_INNER: f32 = 12.0 * 72.0 / 25.4;
/// How far short of the text block's right edge a line may end and still count as full (Typst
/// lets punctuation and hyphens hang past the edge, so the edge is taken from the margins,
/// not from the lines).
const FULL_LINE_SLACK: f32 = 1.0;
/// Word heights within this of the body's count as body text.
const HEIGHT_SLACK: f32 = 0.3;

/// Budgets from issue #15.
const BUDGET_HYPHENS_OTHER: f64 = 12.0;
const BUDGET_FRAGMENTS_PER_200: f64 = 1.0;
const BUDGET_SPREAD: f64 = 0.28;
const BUDGET_STRETCHED: f64 = 8.0;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().expect("temporary folder");
    let keep = std::env::var_os("KEEP").map(PathBuf::from);
    let dir = keep.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).expect("work folder");
    let only = std::env::var("ONLY").ok();
    let texts: Vec<Text> = corpus(repo)
        .into_iter()
        .filter(|t| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|g| g == t.group))
        })
        .collect();
    if texts.is_empty() {
        println!("no corpus found (../shared/corpora/udhr, benches/corpus)");
        return;
    }
    let typst = Typst::find(dir);
    if typst.is_none() {
        println!("Typst not found (set TYPST_PYTHON to a Python with `typst` and `pypandoc`)");
    }
    let space = space_width();
    // Per group (English, Russian, Kazakh): chapbook's and Typst's tallies.
    let mut groups: Vec<(&str, Tally, Option<Tally>)> = Vec::new();
    for text in &texts {
        let markdown = text.markdown();
        let book = dir.join(text.name);
        write_book(&book, text, &markdown);
        let pdf = build_chapbook(&book);
        let ours = measure(&pdf, text, space);
        let theirs = typst.as_ref().and_then(|t| {
            let pdf = t.build(dir, text, &markdown)?;
            Some(measure(&pdf, text, space))
        });
        println!(
            "{}: chapbook {} pages, {} body lines{}",
            text.name,
            ours.pages,
            ours.lines,
            theirs
                .as_ref()
                .map(|t| format!("; Typst {} pages, {} body lines", t.pages, t.lines))
                .unwrap_or_default()
        );
        match groups.iter_mut().find(|(g, _, _)| *g == text.group) {
            Some((_, a, b)) => {
                a.add(&ours);
                if let (Some(b), Some(t)) = (b.as_mut(), theirs.as_ref()) {
                    b.add(t);
                }
            }
            None => groups.push((text.group, ours, theirs)),
        }
    }
    let mut verdicts = Vec::new();
    for (group, ours, theirs) in &groups {
        println!();
        print_table(group, ours, theirs.as_ref());
        verdicts.extend(budgets(group, ours, theirs.as_ref()));
    }
    println!("\nbudgets (issue #15):");
    for (what, ok) in verdicts {
        println!("  {what}: {}", if ok { "ok" } else { "MISSED" });
    }
}

/// A text of the corpus.
struct Text {
    /// Book folder and file names.
    name: &'static str,
    /// The group its figures are added to.
    group: &'static str,
    lang: &'static str,
    title: String,
    blocks: Vec<Block>,
}

enum Block {
    Heading(String),
    Paragraph(String),
    /// A numbered list of paragraphs.
    List(Vec<String>),
}

fn corpus(repo: &Path) -> Vec<Text> {
    let udhr = repo.join("../shared/corpora/udhr");
    let mut texts = Vec::new();
    for (name, group, lang, file) in [
        ("udhr-en", "English", "en", "udhr_eng.xml"),
        ("udhr-ru", "Russian", "ru", "udhr_rus.xml"),
        ("udhr-kk", "Kazakh", "kk", "udhr_kaz.xml"),
    ] {
        let Ok(xml) = std::fs::read_to_string(udhr.join(file)) else {
            continue;
        };
        let (title, blocks) = udhr_blocks(&xml);
        texts.push(Text {
            name,
            group,
            lang,
            title,
            blocks,
        });
    }
    if let Ok(gpl) = std::fs::read_to_string(repo.join("benches/corpus/GPL-3.txt")) {
        texts.push(Text {
            name: "gpl-3",
            group: "English",
            lang: "en",
            title: "GNU General Public License".into(),
            blocks: plain_blocks(&gpl),
        });
    }
    texts
}

/// The UDHR's title, then its headings, paragraphs and lists in order.
fn udhr_blocks(xml: &str) -> (String, Vec<Block>) {
    let doc = roxmltree::Document::parse(xml).expect("UDHR XML");
    let flat = |n: roxmltree::Node| -> String {
        let text: String = n
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let root = doc.root_element();
    let title = root
        .children()
        .find(|n| n.has_tag_name(("http://efele.net/udhr", "title")))
        .map(flat)
        .unwrap_or_default();
    let mut blocks = Vec::new();
    for n in root.descendants().filter(|n| n.is_element()) {
        let parent_is_root = n.parent() == Some(root);
        match n.tag_name().name() {
            "title" if !parent_is_root => blocks.push(Block::Heading(flat(n))),
            "para"
                if n.parent()
                    .is_some_and(|p| p.tag_name().name() != "listitem") =>
            {
                blocks.push(Block::Paragraph(flat(n)))
            }
            "orderedlist" => blocks.push(Block::List(
                n.children()
                    .filter(|c| c.has_tag_name(("http://efele.net/udhr", "listitem")))
                    .map(flat)
                    .collect(),
            )),
            _ => {}
        }
    }
    blocks.retain(|b| !matches!(b, Block::Heading(t) | Block::Paragraph(t) if t.is_empty()));
    (title, blocks)
}

/// Paragraphs of a plain text (blank-line separated); short ones without a final stop are
/// headings.
fn plain_blocks(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let heading = p.len() < 50 && !p.ends_with(['.', ',', ';', ':']) || is_numbered(&p);
            if heading {
                Block::Heading(p)
            } else {
                Block::Paragraph(p)
            }
        })
        .collect()
}

/// "0. Definitions.": a numbered section title.
fn is_numbered(p: &str) -> bool {
    p.len() < 60
        && p.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Markdown with its special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    // A paragraph that starts "1." or "-" would be a list.
    if let Some((n, _)) = out.split_once(". ")
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        out.insert(n.len(), '\\');
    }
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    out
}

impl Text {
    /// The body as Markdown (the entry's title is the text's title).
    fn markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Heading(h) => out.push_str(&format!("## {}\n\n", escape(h))),
                Block::Paragraph(p) => out.push_str(&format!("{}\n\n", escape(p))),
                Block::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        out.push_str(&format!("{}. {}\n", i + 1, escape(item)));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The first words of the first paragraph: where the body starts in the PDF.
    fn first_words(&self) -> Vec<String> {
        let first = self.blocks.iter().find_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        });
        first
            .unwrap_or_default()
            .split_whitespace()
            .take(2)
            .map(str::to_string)
            .collect()
    }
}

fn write_book(dir: &Path, text: &Text, markdown: &str) {
    let entries = dir.join("entries");
    std::fs::create_dir_all(&entries).expect("entries folder");
    let title = text.title.replace('"', "'");
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "title = \"{title}\"\nlanguage = \"{}\"\n[pdf]\nqr = false\n",
            text.lang
        ),
    )
    .expect("book.toml");
    std::fs::write(
        entries.join(format!("{}.md", text.name)),
        format!("+++\ntitle = \"{title}\"\n+++\n{markdown}"),
    )
    .expect("entry");
}

fn build_chapbook(book: &Path) -> PathBuf {
    let out = book.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .arg("build")
        .arg(book)
        .arg("--out")
        .arg(&out)
        .args(["--format", "pdf"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("chapbook runs");
    assert!(status.success(), "chapbook build {}", book.display());
    std::fs::read_dir(&out)
        .expect("output folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF")
}

/// Typst through Python (`typst` and `pypandoc` from PyPI).
struct Typst {
    python: PathBuf,
    pandoc: PathBuf,
    fonts: PathBuf,
}

impl Typst {
    fn find(dir: &Path) -> Option<Typst> {
        let python = std::env::var_os("TYPST_PYTHON")
            .or_else(|| std::env::var_os("PAGE_VALIDATION_PYTHON"))
            .unwrap_or_else(|| "python3".into());
        let out = Command::new(&python)
            .args([
                "-c",
                "import typst, pypandoc; print(pypandoc.get_pandoc_path())",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let pandoc = String::from_utf8_lossy(&out.stdout).trim().to_string();
        // Only the Noto Serif faces, so that Typst sets the text in the face chapbook uses.
        let fonts = dir.join("typst-fonts");
        std::fs::create_dir_all(&fonts).ok()?;
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for face in ["Regular", "Bold", "Italic", "BoldItalic"] {
            let name = format!("NotoSerif-{face}.ttf");
            std::fs::copy(repo.join("fonts").join(&name), fonts.join(&name)).ok()?;
        }
        Some(Typst {
            python: python.into(),
            pandoc: pandoc.into(),
            fonts,
        })
    }

    fn build(&self, dir: &Path, text: &Text, markdown: &str) -> Option<PathBuf> {
        let md = dir.join(format!("{}.md", text.name));
        let title = format!("# {}\n\n", escape(&text.title));
        std::fs::write(&md, format!("{title}{markdown}")).ok()?;
        let body = Command::new(&self.pandoc)
            .args(["-f", "markdown", "-t", "typst"])
            .arg(&md)
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let source = dir.join(format!("{}.typ", text.name));
        let mut typ = PREAMBLE.replace("LANG", text.lang);
        typ.push_str(&String::from_utf8_lossy(&body.stdout));
        std::fs::write(&source, typ).ok()?;
        let pdf = dir.join(format!("{}-typst.pdf", text.name));
        let script = "import sys, typst\n\
                      typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)";
        let status = Command::new(&self.python)
            .args(["-c", script])
            .arg(&source)
            .arg(&pdf)
            .arg(&self.fonts)
            .status()
            .ok()?;
        if !status.success() {
            println!("Typst failed on {}", source.display());
            return None;
        }
        Some(pdf)
    }
}

/// The width of the body face's space, in points.
fn space_width() -> f32 {
    let fonts = chapbook::typeset::font::FontBook::bundled();
    let advance = fonts
        .faces()
        .find(|(_, f)| f.name == "NotoSerif-Regular.ttf")
        .and_then(|(_, f)| f.advance(' '))
        .expect("Noto Serif has a space");
    advance * FONT_SIZE
}

/// A word box.
#[derive(Debug, Clone)]
struct Word {
    x0: f32,
    x1: f32,
    height: f32,
    text: String,
}

/// A line of words on page `page` (0-based).
#[derive(Debug, Clone)]
struct BodyLine {
    page: usize,
    words: Vec<Word>,
}

/// The body lines of a PDF, in reading order.
fn body_lines(pdf: &Path, text: &Text) -> (Vec<f32>, Vec<BodyLine>) {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let xml = String::from_utf8_lossy(&out.stdout);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).expect("bbox XHTML");
    let attr = |n: &roxmltree::Node, a: &str| -> f32 {
        n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0)
    };
    let pages: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "page")
        .collect();
    // The right edge of each page's text block: pages alternate recto (the first) and verso.
    let right: Vec<f32> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            attr(p, "width")
                - if i % 2 == 0 {
                    MARGIN_OUTER
                } else {
                    MARGIN_INNER
                }
        })
        .collect();
    let mut lines = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let mut on_page: Vec<(f32, BodyLine)> = page
            .descendants()
            .filter(|n| n.tag_name().name() == "line")
            .map(|line| {
                let words = line
                    .children()
                    .filter(|w| w.tag_name().name() == "word")
                    .map(|w| Word {
                        x0: attr(&w, "xMin"),
                        x1: attr(&w, "xMax"),
                        height: attr(&w, "yMax") - attr(&w, "yMin"),
                        text: w.text().unwrap_or_default().to_string(),
                    })
                    .collect();
                (attr(&line, "yMin"), BodyLine { page: index, words })
            })
            .collect();
        on_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines.extend(on_page.into_iter().map(|(_, l)| l));
    }
    // The body's height: the commonest word height.
    let mut heights: Vec<i32> = lines
        .iter()
        .flat_map(|l| l.words.iter().map(|w| (w.height * 10.0).round() as i32))
        .collect();
    heights.sort_unstable();
    let body = mode(&heights) as f32 / 10.0;
    let first = text.first_words();
    let start = lines
        .windows(1)
        .position(|w| {
            let words: Vec<&str> = w[0].words.iter().map(|w| w.text.as_str()).collect();
            words.len() >= first.len() && words[..first.len()] == first[..]
        })
        .map(|i| lines[i].page)
        .unwrap_or(0);
    let body_lines = lines
        .into_iter()
        .filter(|l| l.page >= start && !l.words.is_empty())
        .filter(|l| {
            l.words
                .iter()
                .all(|w| (w.height - body).abs() <= HEIGHT_SLACK)
        })
        .collect();
    (right, body_lines)
}

fn mode(sorted: &[i32]) -> i32 {
    let mut best = (0, 0);
    let mut i = 0;
    while i < sorted.len() {
        let j = i + sorted[i..].partition_point(|&h| h == sorted[i]);
        if j - i > best.1 {
            best = (sorted[i], j - i);
        }
        i = j;
    }
    best.0
}

/// The counts behind the table; they add up over texts.
#[derive(Debug, Default, Clone)]
struct Tally {
    pages: usize,
    lines: usize,
    hyphenated: usize,
    runs2: usize,
    runs3: usize,
    paragraphs: usize,
    ending_hyphenated: usize,
    lone_fragment: usize,
    /// Each full line's mean word space, in spaces.
    spaces: Vec<f64>,
    recto_foot: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.pages += other.pages;
        self.lines += other.lines;
        self.hyphenated += other.hyphenated;
        self.runs2 += other.runs2;
        self.runs3 += other.runs3;
        self.paragraphs += other.paragraphs;
        self.ending_hyphenated += other.ending_hyphenated;
        self.lone_fragment += other.lone_fragment;
        self.spaces.extend(&other.spaces);
        self.recto_foot += other.recto_foot;
    }

    fn per_100_lines(&self) -> f64 {
        100.0 * self.hyphenated as f64 / self.lines.max(1) as f64
    }

    fn spread(&self) -> f64 {
        let n = self.spaces.len().max(1) as f64;
        let mean = self.spaces.iter().sum::<f64>() / n;
        (self.spaces.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt()
    }

    fn share(&self, pred: impl Fn(f64) -> bool) -> f64 {
        let n = self.spaces.iter().filter(|&&s| pred(s)).count();
        100.0 * n as f64 / self.spaces.len().max(1) as f64
    }

    fn fragments_per_200(&self) -> f64 {
        200.0 * self.lone_fragment as f64 / self.paragraphs.max(1) as f64
    }
}

fn is_hyphen_end(word: &str) -> bool {
    word.chars().count() > 1 && word.ends_with(['-', '\u{2010}', '\u{00AD}'])
}

fn measure(pdf: &Path, text: &Text, space: f32) -> Tally {
    let (right, lines) = body_lines(pdf, text);
    let pages = right.len();
    let full = |l: &BodyLine| {
        l.words
            .last()
            .is_some_and(|w| w.x1 >= right[l.page] - FULL_LINE_SLACK)
    };
    let hyphenated =
        |l: &BodyLine| full(l) && l.words.last().is_some_and(|w| is_hyphen_end(&w.text));
    let mut t = Tally {
        pages,
        lines: lines.len(),
        ..Tally::default()
    };
    let mut run = 0;
    for (i, line) in lines.iter().enumerate() {
        if hyphenated(line) {
            t.hyphenated += 1;
            run += 1;
        } else {
            if run >= 2 {
                t.runs2 += 1;
            }
            if run >= 3 {
                t.runs3 += 1;
            }
            run = 0;
        }
        if !full(line) {
            t.paragraphs += 1;
            if i > 0 && hyphenated(&lines[i - 1]) {
                t.ending_hyphenated += 1;
                if line.words.len() == 1 {
                    t.lone_fragment += 1;
                }
            }
        } else if line.words.len() >= 2 {
            let gaps: Vec<f32> = line.words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
            let mean = gaps.iter().sum::<f32>() / gaps.len() as f32;
            t.spaces.push(f64::from(mean / space));
        }
        // The last body line of a recto (an odd page, counting from 1) carried over.
        let last_on_page = lines.get(i + 1).is_none_or(|n| n.page != line.page);
        if last_on_page && line.page % 2 == 0 && i + 1 < lines.len() && hyphenated(line) {
            t.recto_foot += 1;
        }
    }
    t
}

fn print_table(group: &str, ours: &Tally, theirs: Option<&Tally>) {
    type Row = (&'static str, Box<dyn Fn(&Tally) -> String>);
    let rows: Vec<Row> = vec![
        (
            "pages / body lines",
            Box::new(|t| format!("{} / {}", t.pages, t.lines)),
        ),
        (
            "hyphenated lines per 100 lines",
            Box::new(|t| format!("{:.1}", t.per_100_lines())),
        ),
        (
            "runs of 2+ / 3+ hyphenated lines in a row",
            Box::new(|t| format!("{} / {}", t.runs2, t.runs3)),
        ),
        (
            "paragraphs ending in a hyphenated word / with a lone fragment as last line",
            Box::new(|t| {
                format!(
                    "{} / {} (of {})",
                    t.ending_hyphenated, t.lone_fragment, t.paragraphs
                )
            }),
        ),
        (
            "word-space spread (standard deviation, in normal spaces)",
            Box::new(|t| format!("{:.2}", t.spread())),
        ),
        (
            "lines with spaces stretched over 1.5x",
            Box::new(|t| format!("{:.1} %", t.share(|s| s > 1.5))),
        ),
        (
            "lines with spaces squeezed under 0.8x",
            Box::new(|t| format!("{:.1} %", t.share(|s| s < 0.8))),
        ),
        (
            "hyphens at the foot of a recto page",
            Box::new(|t| t.recto_foot.to_string()),
        ),
    ];
    println!("{group}");
    println!("| measure | chapbook | Typst |");
    println!("|---|---|---|");
    for (name, value) in rows {
        let typst = theirs.map(&value).unwrap_or_else(|| "-".into());
        println!("| {name} | {} | {typst} |", value(ours));
    }
}

fn budgets(group: &str, ours: &Tally, theirs: Option<&Tally>) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let hyphens = ours.per_100_lines();
    match (group, theirs) {
        ("English", Some(t)) => out.push((
            format!(
                "{group}: hyphenated lines per 100 {hyphens:.1} <= Typst's {:.1}",
                t.per_100_lines()
            ),
            hyphens <= t.per_100_lines(),
        )),
        ("English", None) => {}
        _ => out.push((
            format!("{group}: hyphenated lines per 100 {hyphens:.1} <= {BUDGET_HYPHENS_OTHER}"),
            hyphens <= BUDGET_HYPHENS_OTHER,
        )),
    }
    out.push((
        format!("{group}: runs of three {} = 0", ours.runs3),
        ours.runs3 == 0,
    ));
    if let Some(t) = theirs {
        out.push((
            format!("{group}: runs of two {} < Typst's {}", ours.runs2, t.runs2),
            ours.runs2 < t.runs2 || ours.runs2 == 0,
        ));
    }
    let f = ours.fragments_per_200();
    out.push((
        format!("{group}: lone fragments per 200 paragraphs {f:.2} <= {BUDGET_FRAGMENTS_PER_200}"),
        f <= BUDGET_FRAGMENTS_PER_200,
    ));
    out.push((
        format!(
            "{group}: hyphens at the foot of a recto {} = 0",
            ours.recto_foot
        ),
        ours.recto_foot == 0,
    ));
    let s = ours.spread();
    out.push((
        format!("{group}: word-space spread {s:.2} <= {BUDGET_SPREAD}"),
        s <= BUDGET_SPREAD,
    ));
    let st = ours.share(|s| s > 1.5);
    out.push((
        format!("{group}: lines stretched over 1.5x {st:.1} % <= {BUDGET_STRETCHED} %"),
        st <= BUDGET_STRETCHED,
    ));
    out
}
