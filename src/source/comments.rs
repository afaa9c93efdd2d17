//! `NAME.comments.toml`: an entry's responses, threaded exactly as given.

use crate::config::read::{Input, read};
use crate::diag::{Diagnostic, Diagnostics, LineIndex};
use crate::lang::Lang;
use crate::locale::quotes;
use crate::model::{Comment, CommentKind};
use crate::source::frontmatter;
use crate::source::images::ImageStore;
use crate::source::markdown::{self, Source};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// Replies nested deeper than this are refused (a guard against runaway input; real blogs
/// stop at about ten).
pub const MAX_DEPTH: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentsFile {
    #[serde(default)]
    comment: Vec<toml::Spanned<Record>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: toml::Spanned<String>,
    parent: Option<toml::Spanned<String>>,
    author: String,
    url: Option<String>,
    date: Option<toml::Spanned<toml::Value>>,
    kind: Option<toml::Spanned<String>>,
    lang: Option<toml::Spanned<String>>,
    body: Option<toml::Spanned<String>>,
}

/// Parses a comments file into a forest of responses, in file order.
pub fn parse(
    text: &str,
    file: &Path,
    entry_lang: &Lang,
    (root, base_url, remote_images): (&Path, Option<&str>, crate::config::RemoteImages),
    images: &mut ImageStore,
    diags: &mut Diagnostics,
) -> Vec<Comment> {
    let (parsed, problems) = read::<CommentsFile>(Input {
        text,
        file,
        line_offset: 0,
        keys: crate::config::keys::COMMENT,
    });
    let ok = problems.is_empty();
    diags.extend(problems);
    // Every problem of the file is reported; responses are kept only from a file without.
    let Some(parsed) = parsed.filter(|_| ok) else {
        return Vec::new();
    };
    // One pass over the file for every line number asked below: counting from the start of
    // the file for each comment made a file of many comments quadratic to read.
    let lines = LineIndex::new(text);
    let line = |span: std::ops::Range<usize>| lines.line(span.start);
    let mut nodes: Vec<Option<Comment>> = Vec::new();
    let mut parents: Vec<Option<usize>> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    // The lines of the file holding math, for one warning for the whole file.
    let mut math = Vec::new();
    for record in &parsed.comment {
        let record = record.get_ref();
        let id = record.id.get_ref().trim().to_string();
        if index_of.insert(id.clone(), nodes.len()).is_some() {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(line(record.id.span())),
                    format!("comment id `{id}` is used twice"),
                )
                .with_hint("give every [[comment]] in this file its own id"),
            );
        }
        let kind = match record.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("comment") => CommentKind::Comment,
            Some("pingback") => CommentKind::Pingback,
            Some("trackback") => CommentKind::Trackback,
            Some(other) => {
                let span = record.kind.as_ref().map(|k| k.span()).unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        file,
                        Some(line(span)),
                        format!("unknown comment kind `{other}`"),
                    )
                    .with_hint("use kind = \"comment\", \"pingback\" or \"trackback\""),
                );
                CommentKind::Comment
            }
        };
        // A pingback or trackback without an address is printed as it came (a blog's own
        // record may lack one): faithful, so no warning.
        let lang = match &record.lang {
            None => entry_lang.clone(),
            Some(tag) => {
                let (lang, problem) =
                    super::subtags::read(tag.get_ref(), file, Some(line(tag.span())));
                diags.extend(problem);
                lang.unwrap_or_else(|| entry_lang.clone())
            }
        };
        let date = record.date.as_ref().and_then(|d| {
            frontmatter::timestamp(d.get_ref())
                .map_err(|message| {
                    diags.push(
                        Diagnostic::error(file, Some(line(d.span())), message)
                            .with_hint("write the date as 2026-03-09T10:15:00Z"),
                    );
                })
                .ok()
        });
        let mut body_line = line(record.id.span());
        let (body, notes) = match &record.body {
            None => (Vec::new(), Vec::new()),
            Some(body) => {
                // Triple-quoted bodies start on the line after the opening quotes.
                let opening = &text[body.span().start..];
                let skip =
                    usize::from(opening.starts_with("\"\"\"\n") || opening.starts_with("'''\n"));
                let first_line = line(body.span()) + skip;
                body_line = first_line;
                let source = Source {
                    file,
                    line_offset: first_line - 1,
                    base_dir: "entries",
                    root,
                    base_url,
                    remote_images,
                };
                // Escapes such as \n in a one-line string make lines the file does not have:
                // then every problem of the body is placed on the line of `body =`.
                let raw = &text[body.span()];
                let lines_match = raw.matches('\n').count()
                    == body.get_ref().matches('\n').count() + skip
                    && !body.get_ref().contains('\r');
                let mut found = Diagnostics::default();
                let mut parsed = markdown::parse(body.get_ref(), &source, images, &mut found);
                for mut d in found {
                    if !lines_match {
                        d.line = Some(line(body.span()));
                    }
                    diags.push(d);
                }
                if lines_match {
                    math.extend(parsed.math.iter().copied());
                } else if !parsed.math.is_empty() {
                    math.push(line(body.span()));
                }
                // quotes: the comment's quotation marks and no-break spaces in its language.
                quotes::localise(&mut parsed.blocks, &lang);
                quotes::localise_notes(&mut parsed.notes, &lang);
                (parsed.blocks, parsed.notes)
            }
        };
        nodes.push(Some(Comment {
            id,
            kind,
            author: record.author.clone(),
            url: record.url.as_deref().and_then(|url| {
                match crate::model::links::resolve(url, base_url) {
                    Ok(url) => Some(url),
                    Err(refused) => {
                        diags.push(
                            Diagnostic::warning(
                                file,
                                Some(line(record.id.span())),
                                refused.message(url),
                            )
                            .with_hint(refused.hint()),
                        );
                        None
                    }
                }
            }),
            date,
            lang,
            line: Some(body_line),
            body,
            notes,
            replies: Vec::new(),
        }));
        parents.push(None);
    }
    diags.extend(markdown::math_warning(file, &math));
    // Resolve parents after all ids are known: a reply may come before its parent in the file.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (i, record) in parsed.comment.iter().enumerate() {
        match &record.get_ref().parent {
            None => roots.push(i),
            Some(parent) => match index_of.get(parent.get_ref().trim()) {
                Some(&p) if p != i => {
                    parents[i] = Some(p);
                    children[p].push(i);
                }
                _ => {
                    diags.push(
                        Diagnostic::error(file, Some(line(parent.span())), format!("comment `{}` replies to `{}`, which is not in this file", record.get_ref().id.get_ref(), parent.get_ref()))
                            .with_hint("set parent to the id of another [[comment]] here, or remove `parent` to make it a top-level comment"),
                    );
                    roots.push(i);
                }
            },
        }
    }
    let placed = vec![false; nodes.len()];
    let mut tree = Tree {
        nodes: &mut nodes,
        children: &children,
        placed,
        file,
        parsed: &parsed,
        lines: &lines,
        diags: &mut *diags,
    };
    let forest: Vec<Comment> = roots.iter().filter_map(|&r| tree.build(r, 0)).collect();
    let placed = tree.placed;
    for (i, was_placed) in placed.iter().enumerate() {
        if !was_placed && nodes[i].is_some() {
            let record = parsed.comment[i].get_ref();
            diags.push(
                Diagnostic::error(
                    file,
                    Some(line(record.id.span())),
                    format!("comment `{}` is part of a reply cycle", record.id.get_ref()),
                )
                .with_hint("a comment cannot reply to one of its own replies: fix the parent ids"),
            );
        }
    }
    forest
}

/// The comments of a file being put into threads: each comment is placed once, under its
/// parent, to at most [`MAX_DEPTH`] levels.
struct Tree<'a> {
    nodes: &'a mut [Option<Comment>],
    children: &'a [Vec<usize>],
    placed: Vec<bool>,
    file: &'a Path,
    parsed: &'a CommentsFile,
    lines: &'a LineIndex,
    diags: &'a mut Diagnostics,
}

impl Tree<'_> {
    /// Comment `index` at `depth`, with its replies.
    fn build(&mut self, index: usize, depth: usize) -> Option<Comment> {
        self.placed[index] = true;
        let mut comment = self.nodes[index].take()?;
        if depth >= MAX_DEPTH {
            let record = self.parsed.comment[index].get_ref();
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    Some(self.lines.line(record.id.span().start)),
                    format!(
                        "comment `{}` is a reply nested more than {MAX_DEPTH} deep",
                        record.id.get_ref()
                    ),
                )
                .with_hint("attach the deepest replies to an earlier comment"),
            );
            // Its own replies are reported with it, not as a reply cycle.
            let mut stack = self.children[index].clone();
            while let Some(next) = stack.pop() {
                if !self.placed[next] {
                    self.placed[next] = true;
                    stack.extend(&self.children[next]);
                }
            }
            return None;
        }
        for &child in self.children[index].iter() {
            if let Some(reply) = self.build(child, depth + 1) {
                comment.replies.push(reply);
            }
        }
        Some(comment)
    }
}

#[cfg(test)]
mod key_tests {
    use super::{CommentsFile, Record};
    use crate::config::keys::{COMMENT, accepted};

    #[test]
    fn the_reference_lists_exactly_the_comment_fields() {
        assert_eq!(accepted::<CommentsFile>(), ["comment"]);
        let listed: Vec<&str> = COMMENT.iter().skip(1).map(|k| k.name).collect();
        assert_eq!(accepted::<Record>(), listed);
    }
}
