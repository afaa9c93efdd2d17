//! Reply threads the book can read: every id once, no reply cycle, no reply nested deeper
//! than the build accepts. An export may hold any of these (a hand-edited or merged export,
//! a feed with repeated ids); each repair is returned so the reader warns about it.

use super::ImportedComment;
use std::collections::{HashMap, HashSet};

/// Replies nested this deep or deeper are refused by the build (`source::comments::MAX_DEPTH`,
/// which import may not name: it writes folders and never reads them).
pub(crate) const MAX_DEPTH: usize = 100;

/// What [`repair`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Repairs {
    /// (id as written, new id) of each comment whose id was already taken.
    pub(crate) renamed: Vec<(String, String)>,
    /// The comments of each reply cycle, in file order; the first became a top-level comment.
    pub(crate) cycles: Vec<Vec<String>>,
    /// Replies nested deeper than [`MAX_DEPTH`], moved up to answer a comment higher in their
    /// thread.
    pub(crate) moved_up: Vec<String>,
}

impl Repairs {
    /// Sentences for warnings, one per kind of repair.
    pub(crate) fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.renamed.is_empty() {
            let names: Vec<String> = self
                .renamed
                .iter()
                .map(|(old, new)| format!("`{old}` (now `{new}`)"))
                .collect();
            out.push(format!(
                "comment id(s) used twice: {}; replies to a repeated id answer its first comment",
                shorten(&names)
            ));
        }
        for cycle in &self.cycles {
            let names: Vec<String> = cycle.iter().map(|id| format!("`{id}`")).collect();
            out.push(format!(
                "comments {} reply to each other in a circle; `{}` is now a top-level comment",
                shorten(&names),
                cycle[0]
            ));
        }
        if !self.moved_up.is_empty() {
            let names: Vec<String> = self.moved_up.iter().map(|id| format!("`{id}`")).collect();
            out.push(format!(
                "{} repl(ies) nested more than {MAX_DEPTH} deep now answer a comment higher in the thread: {}",
                self.moved_up.len(),
                shorten(&names)
            ));
        }
        out
    }
}

fn shorten(names: &[String]) -> String {
    let mut shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        shown.push_str(&format!(" and {} more", names.len() - 5));
    }
    shown
}

/// Makes the ids of `comments` unique, breaks reply cycles and caps the nesting depth, in
/// time linear in the number of comments. A parent that is not among the comments is dropped
/// (the reader moves such replies up before, and says so).
pub(crate) fn repair(comments: &mut [ImportedComment]) -> Repairs {
    let mut repairs = Repairs::default();
    // Ids: the first comment keeps its id, later ones get `-2`, `-3`, … (never an id in use).
    let mut taken: HashSet<String> = comments.iter().map(|c| c.id.clone()).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, comment) in comments.iter_mut().enumerate() {
        if first.contains_key(&comment.id) {
            let mut n = 2;
            let new = loop {
                let candidate = format!("{}-{n}", comment.id);
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
                n += 1;
            };
            repairs.renamed.push((comment.id.clone(), new.clone()));
            comment.id = new;
        }
        first.insert(comment.id.clone(), i);
    }
    let mut parent: Vec<Option<usize>> = comments
        .iter()
        .map(|c| c.parent.as_ref().and_then(|p| first.get(p).copied()))
        .collect();
    // Cycles: follow each comment's parents; meeting a comment of the same walk closes a cycle.
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; comments.len()];
    for start in 0..comments.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                DONE => break,
                ON_PATH => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let mut members: Vec<usize> = path[from..].to_vec();
                    members.sort_unstable();
                    parent[members[0]] = None;
                    repairs
                        .cycles
                        .push(members.iter().map(|&m| comments[m].id.clone()).collect());
                    break;
                }
                _ => {
                    state[i] = ON_PATH;
                    path.push(i);
                    at = parent[i];
                }
            }
        }
        for i in path {
            state[i] = DONE;
        }
    }
    // Depth: parents before their replies (breadth first from the top-level comments).
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); comments.len()];
    let mut queue = std::collections::VecDeque::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => queue.push_back(i),
        }
    }
    let mut depth = vec![0usize; comments.len()];
    while let Some(i) = queue.pop_front() {
        for &child in &children[i] {
            if depth[i] + 1 >= MAX_DEPTH {
                // `i` is at the deepest level allowed: its replies answer its parent.
                parent[child] = parent[i];
                depth[child] = depth[i];
                repairs.moved_up.push(comments[child].id.clone());
            } else {
                depth[child] = depth[i] + 1;
            }
            queue.push_back(child);
        }
    }
    let ids: Vec<String> = comments.iter().map(|c| c.id.clone()).collect();
    for (comment, p) in comments.iter_mut().zip(parent) {
        comment.parent = p.map(|p| ids[p].clone());
    }
    repairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, parent: Option<&str>) -> ImportedComment {
        ImportedComment {
            id: id.into(),
            parent: parent.map(str::to_string),
            ..ImportedComment::default()
        }
    }

    fn shape(comments: &[ImportedComment]) -> Vec<(&str, Option<&str>)> {
        comments
            .iter()
            .map(|c| (c.id.as_str(), c.parent.as_deref()))
            .collect()
    }

    #[test]
    fn duplicates_get_new_ids_and_replies_keep_the_first() {
        let mut all = vec![
            c("c1", None),
            c("c1", None),
            c("c2", Some("c1")),
            c("c1-2", None),
        ];
        let repairs = repair(&mut all);
        assert_eq!(
            shape(&all),
            [
                ("c1", None),
                ("c1-3", None),
                ("c2", Some("c1")),
                ("c1-2", None)
            ]
        );
        assert_eq!(repairs.renamed, [("c1".to_string(), "c1-3".to_string())]);
    }

    #[test]
    fn a_cycle_is_broken_at_its_first_comment() {
        let mut all = vec![
            c("c0", None),
            c("c3", Some("c5")),
            c("c4", Some("c3")),
            c("c5", Some("c4")),
            c("c6", Some("c6")),
            c("c7", Some("c5")),
        ];
        let repairs = repair(&mut all);
        assert_eq!(
            shape(&all),
            [
                ("c0", None),
                ("c3", None),
                ("c4", Some("c3")),
                ("c5", Some("c4")),
                ("c6", None),
                ("c7", Some("c5"))
            ]
        );
        assert_eq!(repairs.cycles, [vec!["c3", "c4", "c5"], vec!["c6"]]);
    }

    #[test]
    fn replies_deeper_than_the_build_takes_move_up() {
        let mut all = vec![c("c0", None)];
        for i in 1..150 {
            all.push(c(&format!("c{i}"), Some(&format!("c{}", i - 1))));
        }
        let repairs = repair(&mut all);
        assert_eq!(repairs.moved_up.len(), 50);
        assert_eq!(all[99].parent.as_deref(), Some("c98"));
        assert_eq!(all[100].parent.as_deref(), Some("c98"));
        assert_eq!(all[149].parent.as_deref(), Some("c98"));
    }
}
