//! The passes of layout, until the page numbers the contents print are those the pages have,
//! and the drawing: the pass that settles is drawn while it is laid out (speculatively: the
//! pages it draws use where the previous pass put the anchors and what its links said) and
//! kept when those prove to be this pass's own; else its input is laid out once more.

use super::*;
use crate::typeset::frame::{Document, Item, Page, Targets};

/// Lays out what `scope` holds and gives the pages to `sink` (see [`layout_into`]).
pub(super) fn run(
    book: &Book,
    style: &Style,
    fonts: &FontBook,
    scope: Scope,
    sink: &mut dyn PageSink,
) -> Report {
    let setter = Setter::new(fonts);
    let mut builder = Builder::new(book, style, scope);
    // First pass with placeholder page numbers, to learn where everything lands; the
    // contents take the same room either way, since numbers are set flush right.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut printed = numbers.clone();
    let mut outlines: Vec<Page> = Vec::new();
    let mut settled = false;
    // The last pass's input: when what it drew is not kept, it is laid out again.
    let mut last = None;
    // The pages of the last pass, when they were drawn right.
    let mut drawn = None;
    for pass in 0..MAX_PASSES {
        if let Some((sections, notes)) = last.take() {
            builder.keep_body(sections, notes);
        }
        let (sections, notes) = builder.sections(&numbers);
        let previous = std::mem::take(&mut outlines);
        // The first pass of a book prints placeholders, so its pages are never the last:
        // only found. Every later pass (and a handout's first, which is its last) is drawn
        // as it is laid out.
        let draws = pass > 0 || scope != Scope::Book;
        let mut right = None;
        if draws {
            setter.start_drawing();
            let (own, pages) = draw_pass(&setter, &builder, &sections, &notes, previous, sink);
            outlines = own;
            right = pages;
        } else {
            drop(previous);
            paginate::paginate_into(&setter, &builder.input(&sections, &notes), &mut |page| {
                outlines.push(page.outline_only())
            });
        }
        passes_made(pass + 1);
        last = Some((sections, notes));
        let found = anchor_pages(&outlines);
        printed = std::mem::replace(&mut numbers, found);
        // A handout has no contents: no page number is printed, so one pass finds them all.
        settled = numbers == printed || scope != Scope::Book;
        if settled || pass + 1 == MAX_PASSES {
            drawn = right;
            break;
        }
    }
    let pages = match drawn {
        Some(pages) => pages,
        None => {
            // The last pass again, drawn with its own outlines this time. The numbers it
            // printed are `printed`: its sections (and the builder's structure, outline and
            // images) are those this pass needs, made once.
            let (sections, notes) = last.unwrap_or_else(|| builder.sections(&printed));
            setter.start_drawing();
            let mut draft = Draft::new(&builder, Vec::new(), sink);
            draft.start(outlines);
            paginate::paginate_into(&setter, &builder.input(&sections, &notes), &mut |page| {
                draft.page(page)
            });
            draft.pages
        }
    };
    Report {
        forced_breaks: setter.forced_breaks(),
        wide_tables: setter.wide_tables(),
        settled,
        pages,
    }
}

/// Lays out `sections` and `notes` and draws the pages into `sink` as they come, begun with
/// the outline pages of the previous pass (`previous`) where this pass's are not made yet.
/// Returns this pass's outline pages, and the number of pages when what was drawn is right:
/// when the link texts this pass's pages have, and where the anchors that links and
/// bookmarks lead to are, are those the drawing used.
fn draw_pass(
    setter: &Setter,
    builder: &Builder,
    sections: &[Section],
    notes: &[Footnote],
    previous: Vec<Page>,
    sink: &mut dyn PageSink,
) -> (Vec<Page>, Option<usize>) {
    let mut draft = Draft::new(builder, previous, sink);
    paginate::paginate_into(setter, &builder.input(sections, notes), &mut |page| {
        draft.page(page)
    });
    if draft.used.is_none() {
        draft.begin();
    }
    let own = Targets::of(&draft.outlines, &builder.structure);
    let right = draft.used.as_ref().is_some_and(|used| {
        used.link_texts == own.link_texts && {
            // The anchors a link or a bookmark leads to (the others are not drawn).
            let mut led: Vec<&str> = Vec::new();
            for page in &draft.outlines {
                for p in &page.items {
                    if let Item::Link {
                        target: LinkTarget::Anchor(name),
                        ..
                    } = &p.item
                    {
                        led.push(name);
                    }
                }
            }
            let outline = builder.outline();
            let mut stack: Vec<&OutlineEntry> = outline.iter().collect();
            while let Some(entry) = stack.pop() {
                led.push(&entry.anchor);
                stack.extend(&entry.children);
            }
            led.iter()
                .all(|n| used.anchors.get(*n) == own.anchors.get(*n))
        }
    });
    (draft.outlines, right.then_some(draft.pages))
}

/// A pass being drawn into a sink.
struct Draft<'a, 'b, 's> {
    builder: &'a Builder<'b>,
    sink: &'s mut dyn PageSink,
    /// The outline pages the sink is begun with where this pass's are not made yet (until
    /// it is begun).
    previous: Vec<Page>,
    /// The pass's pages held until the sink is begun: those up to the one with this anchor,
    /// the first after the contents, whose links say the page numbers this pass prints (and
    /// so can differ from the previous pass's). `None`: all of them.
    release: Option<String>,
    held: Vec<Page>,
    /// This pass's outline pages so far.
    outlines: Vec<Page>,
    /// What the drawing reads of the outline pages the sink was begun with.
    used: Option<Targets>,
    /// Pages made.
    pages: usize,
}

impl<'a, 'b, 's> Draft<'a, 'b, 's> {
    fn new(builder: &'a Builder<'b>, previous: Vec<Page>, sink: &'s mut dyn PageSink) -> Self {
        let book = builder.book;
        let release = match builder.scope {
            Scope::Book => (book.entries.first().map(entry_anchor)).or_else(|| {
                let author = book.authors.iter().find(|a| a.has_page)?;
                Some(author_anchor(&author.id))
            }),
            Scope::Handout(_) => None,
        };
        Draft {
            builder,
            sink,
            previous,
            release,
            held: Vec::new(),
            outlines: Vec::new(),
            used: None,
            pages: 0,
        }
    }

    /// The next page.
    fn page(&mut self, mut page: Page) {
        // The cover's backdrop (its image, or the field of the cover's colour) covers the
        // whole page, past the margins the pages are filled within.
        if self.pages == 0
            && let Some(backdrop) = &self.builder.backdrop
        {
            let items = backdrop.items(page.width, page.height);
            page.items.splice(0..0, items);
        }
        self.pages += 1;
        self.outlines.push(page.outline_only());
        if self.used.is_some() {
            self.sink.page(page);
            return;
        }
        let release = (self.release.as_ref())
            .is_some_and(|name| page.anchors.iter().any(|a| a.name == *name));
        self.held.push(page);
        if release {
            self.begin();
        }
    }

    /// Begins the sink with this pass's outline pages so far and the previous pass's after
    /// them, and draws the pages held.
    fn begin(&mut self) {
        let mut pages = self.outlines.clone();
        let mut previous = std::mem::take(&mut self.previous);
        if forget_previous() {
            previous.clear();
        }
        pages.extend(previous.into_iter().skip(self.outlines.len()));
        self.start(pages);
    }

    /// Begins the sink with `pages` as the outline pages, and draws the pages held.
    fn start(&mut self, pages: Vec<Page>) {
        let b = self.builder;
        let document = Document {
            pages,
            outline: b.outline(),
            info: b.info(),
            images: b.images(),
            structure: b.structure.clone(),
        };
        self.used = Some(Targets::of(&document.pages, &document.structure));
        self.sink.begin(document);
        for page in std::mem::take(&mut self.held) {
            self.sink.page(page);
        }
    }
}

/// The page (1-based) each anchor is on.
fn anchor_pages(pages: &[Page]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for anchor in &page.anchors {
            out.entry(anchor.name.clone()).or_insert(i + 1);
        }
    }
    out
}

#[cfg(test)]
thread_local! {
    /// The passes of layout made on this thread, for the tests.
    pub(crate) static PASSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
thread_local! {
    /// Set by a test: the drawing is begun without the previous pass's outline pages, as if
    /// every anchor after the contents had moved, so that what is drawn is wrong.
    pub(crate) static FORGET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Counts a pass (for the tests).
fn passes_made(_pass: usize) {
    #[cfg(test)]
    PASSES.with(|p| p.set(p.get() + 1));
}

/// Whether a test asks to draw without the previous pass's outline pages ([`FORGET`]).
fn forget_previous() -> bool {
    #[cfg(test)]
    return FORGET.with(std::cell::Cell::get);
    #[cfg(not(test))]
    false
}
