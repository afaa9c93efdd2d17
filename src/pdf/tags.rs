//! The structure tree of a tagged PDF, built as the pages are drawn from the layout's
//! structure elements.

use crate::typeset::frame::{Role, StructNode};
use krilla::tagging::{
    Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use std::num::NonZeroU16;

/// A child in the structure tree being built.
enum Child {
    Element(usize),
    Content(Identifier),
}

/// Builds the tag tree from the layout's structure elements: an element enters its parent
/// when its first content is drawn, so siblings are in reading order.
pub(super) struct TagBuilder {
    nodes: Vec<StructNode>,
    children: Vec<Vec<Child>>,
    attached: Vec<bool>,
    top: Vec<Child>,
}

impl TagBuilder {
    pub(super) fn new(nodes: Vec<StructNode>) -> Self {
        let n = nodes.len();
        TagBuilder {
            nodes,
            children: (0..n).map(|_| Vec::new()).collect(),
            attached: vec![false; n],
            top: Vec::new(),
        }
    }

    /// The language in force in element `node`, if any element up the tree sets one.
    pub(super) fn lang_of(&self, mut node: usize) -> Option<String> {
        loop {
            let n = self.nodes.get(node)?;
            if let Some(lang) = &n.lang {
                return Some(lang.clone());
            }
            node = n.parent?;
        }
    }

    /// What link element `node` is read as, when it says more than its text.
    pub(super) fn alt_of(&self, node: usize) -> Option<&str> {
        self.nodes.get(node)?.alt.as_deref()
    }

    fn attach(&mut self, node: usize) {
        if node >= self.nodes.len() || self.attached[node] {
            return;
        }
        self.attached[node] = true;
        if let Some(after) = self.nodes[node]
            .after
            .filter(|&a| a < self.nodes.len() && a != node)
        {
            // Right after `after` in its parent, and after the elements already placed
            // after it (a second note of the same reference).
            self.attach(after);
            let nodes = &self.nodes;
            let siblings = match nodes[after].parent {
                Some(parent) => &mut self.children[parent],
                None => &mut self.top,
            };
            let mut at = siblings
                .iter()
                .position(|c| matches!(c, Child::Element(e) if *e == after))
                .map_or(siblings.len(), |i| i + 1);
            while matches!(siblings.get(at), Some(Child::Element(e)) if nodes[*e].after == Some(after))
            {
                at += 1;
            }
            siblings.insert(at, Child::Element(node));
            return;
        }
        match self.nodes[node].parent {
            Some(parent) => {
                self.attach(parent);
                self.children[parent].push(Child::Element(node));
            }
            None => self.top.push(Child::Element(node)),
        }
    }

    pub(super) fn leaf(&mut self, node: usize, id: Identifier) {
        if node >= self.nodes.len() {
            self.top.push(Child::Content(id));
            return;
        }
        self.attach(node);
        self.children[node].push(Child::Content(id));
    }

    /// A link annotation: in its link element, or in a link element of its own.
    pub(super) fn annotation(&mut self, node: Option<usize>, id: Identifier) {
        match node.filter(|&n| self.nodes.get(n).is_some_and(|n| n.role == Role::Link)) {
            Some(node) => self.leaf(node, id),
            None => self.top.push(Child::Content(id)),
        }
    }

    pub(super) fn finish(mut self, lang: Option<String>) -> TagTree {
        let mut tree = TagTree::new().with_lang(lang);
        let top = std::mem::take(&mut self.top);
        for child in top {
            match child {
                Child::Element(n) => tree.push(self.group(n)),
                Child::Content(id) => {
                    let mut link = TagGroup::new(Tag::Link);
                    link.push(id);
                    tree.push(link);
                }
            }
        }
        tree
    }

    fn group(&mut self, node: usize) -> Node {
        let n = &self.nodes[node];
        let kind: TagKind = match n.role {
            Role::Part => Tag::Part.into(),
            Role::Section => Tag::Section.into(),
            Role::Div => Tag::Div.into(),
            Role::Heading(level) => Tag::Hn(
                NonZeroU16::new(u16::from(level.max(1))).expect("at least 1"),
                n.alt.clone(),
            )
            .into(),
            Role::Paragraph => Tag::P.into(),
            Role::BlockQuote => Tag::BlockQuote.into(),
            Role::List { numbered } => Tag::L(if numbered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            })
            .into(),
            Role::DefinitionList | Role::Thread => Tag::L(ListNumbering::None).into(),
            Role::ListItem => Tag::LI.into(),
            // A label read otherwise than it is drawn (a task's box): its /ActualText.
            Role::Label => TagKind::from(Tag::Lbl).with_actual_text(n.alt.clone()),
            Role::ListBody => Tag::LBody.into(),
            Role::Table => Tag::Table.into(),
            Role::TableRow => Tag::TR.into(),
            Role::TableHeader => Tag::TH(TableHeaderScope::Column).into(),
            Role::TableCell => Tag::TD.into(),
            Role::Figure => Tag::Figure(n.alt.clone()).into(),
            Role::Caption => Tag::Caption.into(),
            Role::Note => Tag::Note.into(),
            Role::Link => TagKind::from(Tag::Link).with_alt_text(n.alt.clone()),
            Role::Code => Tag::Code.into(),
            Role::Contents => Tag::TOC.into(),
            Role::ContentsItem => Tag::TOCI.into(),
        };
        let kind = kind.with_lang(n.lang.clone());
        let mut group = TagGroup::new(kind);
        for child in std::mem::take(&mut self.children[node]) {
            match child {
                Child::Element(c) => group.push(self.group(c)),
                Child::Content(id) => group.push(id),
            }
        }
        Node::Group(group)
    }
}
