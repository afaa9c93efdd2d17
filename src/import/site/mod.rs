//! A static site's folder (Jekyll, Hugo, Zola, Eleventy) → [`ImportedBook`].
//!
//! [`config`] finds the generator and the site's title, address and author; [`posts`] finds
//! the post files and reads their front matter; [`markup`] converts Liquid, shortcodes and
//! kramdown attributes; [`body`] converts HTML and finds the images in the site's folders.
//! Comments come from Staticman's data files ([`crate::import::staticman`]) and from a
//! Disqus export given with `--comments` ([`crate::import::disqus`]).

pub mod body;
pub mod config;
pub mod markup;
pub mod posts;

use crate::diag::Diagnostic;
use crate::import::urls::{self, Allow};
use crate::import::{
    Filters, Imported, ImportedAuthor, ImportedBook, ImportedComment, ImportedEntry, Report,
    disqus, slug, staticman, threads,
};
use config::{Generator, Site};
use posts::Post;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Reads the site in `dir`, with Disqus exports given in `comment_files`.
pub fn read(dir: &Path, filters: &Filters, comment_files: &[PathBuf]) -> Imported {
    if !dir.is_dir() {
        let hint = if dir.is_file() {
            "give the site's folder (the one holding _config.yml, hugo.toml or config.toml), not a file in it"
        } else {
            "give the folder of the site's source (its repository)"
        };
        return Err(vec![
            Diagnostic::error(dir, None, "this is not a folder").with_hint(hint),
        ]);
    }
    let site = config::detect(dir).map_err(|d| vec![d])?;
    let mut report = Report::default();
    let mut private: HashSet<String> = site.private.iter().cloned().collect();
    let mut errors = Vec::new();
    let mut found = Vec::new();
    for (rel, draft) in posts::find(dir, &site) {
        match posts::read(dir, &rel, draft, &site) {
            Ok(p) => found.push(p),
            Err(d) => errors.push(d),
        }
    }
    let staticman = staticman::read(dir, &mut private, &mut report);
    let mut threads_of_disqus = Vec::new();
    for file in comment_files {
        match disqus::read(file, &mut private, &mut report) {
            Ok(t) => threads_of_disqus.extend(t),
            Err(d) => errors.push(d),
        }
    }
    let staticman = match staticman {
        Ok(s) => s,
        Err(e) => {
            errors.extend(e);
            Default::default()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    if found.is_empty() {
        let where_ = match site.generator {
            Generator::Jekyll => "_posts/ and _drafts/".to_string(),
            _ => format!("{}/", site.content_dir.display()),
        };
        return Err(vec![
            Diagnostic::error(
                dir.join(&site.file),
                None,
                format!(
                    "this {} site has no posts: no Markdown or HTML file in {where_}",
                    site.generator.name()
                ),
            )
            .with_hint("give the folder of the site's source, with its posts"),
        ]);
    }
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let mut kept: Vec<(Post, Option<String>)> = Vec::new();
    let (mut drafts, mut future, mut pages) = (0, 0, 0);
    for post in found {
        let date = post_date(&post, &mut report);
        if post.draft && !filters.include_drafts {
            drafts += 1;
        } else if post.page && !filters.include_pages {
            pages += 1;
        } else if !filters.include_future
            && date
                .as_deref()
                .and_then(|d| d.get(..10))
                .is_some_and(|d| d > today.as_str())
        {
            future += 1;
        } else {
            kept.push((post, date));
        }
    }
    for (n, what) in [
        (drafts, "draft(s) (--drafts keeps them)"),
        (future, "post(s) dated after today (--future keeps them)"),
        (pages, "page(s) (--include-pages keeps them)"),
    ] {
        if n > 0 {
            report.left_out.push(format!("{n} {what}"));
        }
    }
    kept.sort_by(|(a, da), (b, db)| {
        da.is_none()
            .cmp(&db.is_none())
            .then(da.cmp(db))
            .then(a.rel.cmp(&b.rel))
    });
    let book = assemble(dir, &site, kept, staticman, threads_of_disqus, &mut report);
    let book = crate::import::scrub(book, &private, dir, &mut report);
    Ok((book, report))
}

/// A post's date: its front matter's, else the date its Jekyll file name starts with.
fn post_date(post: &Post, report: &mut Report) -> Option<String> {
    if let Some(node) = post.front.get("date")
        && let Some(text) = node.text()
    {
        match posts::date(text) {
            Some(d) => return Some(d),
            None => report.warnings.push(
                Diagnostic::warning(&post.file, Some(node.line), format!("line {}: the date `{text}` is not a date (2024-02-10, 2024-02-10 09:30:00 -0500 or RFC 3339); the file name's date is used, if any", node.line))
                    .with_hint("correct the date in the front matter"),
            ),
        }
    }
    post.name.get(..10).and_then(posts::date)
}

/// The slug a post is known by: its front matter's, else its name without Jekyll's date.
fn slug_of(post: &Post) -> String {
    if let Some(s) = post.front.str("slug") {
        return s.to_string();
    }
    let name = post.name.as_str();
    if let (Some(day), Some(rest)) = (name.get(..10), name.get(11..))
        && posts::date(day).is_some()
        && name.as_bytes()[10] == b'-'
        && !rest.is_empty()
    {
        rest.to_string()
    } else {
        name.to_string()
    }
}

/// The post's address: its `permalink` or `url` (resolved against the site), else what the
/// generator makes of its path.
fn url_of(post: &Post, site: &Site, slug_text: &str, date: Option<&str>) -> Option<String> {
    let base = site.url.as_deref()?;
    let origin = base
        .find("://")
        .and_then(|s| base[s + 3..].find('/').map(|p| &base[..s + 3 + p]))
        .unwrap_or(base);
    let given = post
        .front
        .any(&["permalink", "url", "path"])
        .and_then(|n| n.text());
    if let Some(g) = given.filter(|g| !g.contains(':') || g.contains("://")) {
        if g.contains("://") {
            return Some(g.to_string());
        }
        let g = if g.starts_with('/') {
            g.to_string()
        } else {
            format!("/{g}")
        };
        return Some(format!("{base}{g}"));
    }
    let section = post
        .rel
        .strip_prefix(&site.content_dir)
        .ok()
        .and_then(|r| r.parent())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let path = match site.generator {
        Generator::Jekyll => {
            let pattern = match site.permalink.as_deref().unwrap_or("date") {
                "date" => "/:categories/:year/:month/:day/:title.html",
                "pretty" => "/:categories/:year/:month/:day/:title/",
                "ordinal" => "/:categories/:year/:y_day/:title.html",
                "none" => "/:categories/:title.html",
                other => other,
            };
            let cats: Vec<String> = categories(post)
                .iter()
                .map(|c| crate::model::slug::slug_within(c, 80))
                .collect();
            let d = date.unwrap_or("");
            let mut p = pattern
                .replace(":categories", &cats.join("/"))
                .replace(":year", d.get(..4).unwrap_or(""))
                .replace(":month", d.get(5..7).unwrap_or(""))
                .replace(":day", d.get(8..10).unwrap_or(""))
                .replace(":title", slug_text)
                .replace(":slug", slug_text)
                .replace(":output_ext", ".html");
            while p.contains("//") {
                p = p.replace("//", "/");
            }
            return Some(format!("{base}{p}"));
        }
        Generator::Hugo | Generator::Zola => {
            let section = if post.rel.file_stem().is_some_and(|s| s == "index") {
                section
                    .rsplit_once('/')
                    .map_or(String::new(), |(s, _)| s.to_string())
            } else {
                section
            };
            if section.is_empty() {
                format!("/{slug_text}/")
            } else {
                format!("/{section}/{slug_text}/")
            }
        }
        Generator::Eleventy => {
            let rel = post.rel.with_extension("");
            format!("/{}/", rel.to_string_lossy().replace('\\', "/"))
        }
    };
    Some(
        format!(
            "{}{path}",
            if site.generator == Generator::Eleventy {
                base
            } else {
                origin
            }
        )
        .replace("///", "/"),
    )
}

fn categories(post: &Post) -> Vec<String> {
    let mut out = post
        .front
        .get("categories")
        .map(|c| c.list(true))
        .unwrap_or_default();
    if let Some(c) = post.front.str("category") {
        out.push(c.to_string());
    }
    if let Some(t) = post.front.get("taxonomies") {
        out.extend(
            t.get("categories")
                .map(|c| c.list(false))
                .unwrap_or_default(),
        );
    }
    out
}

fn tags(post: &Post, generator: Generator) -> Vec<String> {
    let mut out = post
        .front
        .get("tags")
        .map(|t| t.list(generator == Generator::Jekyll))
        .unwrap_or_default();
    if let Some(t) = post.front.get("taxonomies") {
        out.extend(t.get("tags").map(|c| c.list(false)).unwrap_or_default());
    }
    if generator == Generator::Eleventy {
        out.retain(|t| t != "posts" && t != "post");
    }
    out
}

struct Authors {
    list: Vec<ImportedAuthor>,
    by_name: HashMap<String, String>,
    names: slug::Names,
}

impl Authors {
    fn id(&mut self, name: &str, site: &Site) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let n = self.list.len() + 1;
        let id = self.names.unique(&slug::author_stem(name, name, n));
        let mut author = ImportedAuthor {
            id: id.clone(),
            name: slug::shown_name(name, n),
            ..ImportedAuthor::default()
        };
        if let Some(a) = site.author.as_ref().filter(|a| a.name == name) {
            author.bio = a.bio.clone();
            author.links = a
                .links
                .iter()
                .filter_map(|l| urls::address(l, Allow::Web).ok())
                .collect();
        }
        self.by_name.insert(name.to_string(), id.clone());
        self.list.push(author);
        id
    }
}

fn assemble(
    dir: &Path,
    site: &Site,
    kept: Vec<(Post, Option<String>)>,
    mut staticman: staticman::ByPost,
    disqus_threads: Vec<disqus::Thread>,
    report: &mut Report,
) -> ImportedBook {
    let mut names = slug::Names::default();
    let slugs: Vec<String> = kept.iter().map(|(p, _)| slug_of(p)).collect();
    let stems: Vec<String> = kept
        .iter()
        .zip(&slugs)
        .map(|((p, _), s)| {
            names.unique(&slug::file_stem(s, p.front.str("title").unwrap_or(&p.name)))
        })
        .collect();
    // How links name a post: Jekyll's `post_url` its name, `link` and Hugo's `ref` its path or
    // file name.
    let mut lookup: HashMap<String, usize> = HashMap::new();
    for (i, (p, _)) in kept.iter().enumerate() {
        let rel = p.rel.to_string_lossy().replace('\\', "/");
        for key in [
            p.name.clone(),
            rel.clone(),
            p.rel
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/"),
            slugs[i].clone(),
        ] {
            lookup
                .entry(key.trim_start_matches('/').to_lowercase())
                .or_insert(i);
        }
        if let Ok(under) = p.rel.strip_prefix(&site.content_dir) {
            lookup
                .entry(under.to_string_lossy().replace('\\', "/").to_lowercase())
                .or_insert(i);
        }
    }
    let entry_of = |target: &str| -> Option<String> {
        let t = target
            .trim()
            .trim_start_matches('/')
            .split('#')
            .next()
            .unwrap_or("")
            .to_lowercase();
        let mut keys = vec![t.clone()];
        let file = t.rsplit('/').next().unwrap_or(&t).to_string();
        keys.push(file.clone());
        for k in [t.as_str(), file.as_str()] {
            if let Some((stem, _)) = k.rsplit_once('.') {
                keys.push(stem.to_string());
            }
        }
        keys.iter()
            .find_map(|k| lookup.get(k.trim_end_matches('/')))
            .map(|&i| format!("{}.md", stems[i]))
    };
    let mut authors = Authors {
        list: Vec::new(),
        by_name: HashMap::new(),
        names: slug::Names::default(),
    };
    let mut images = body::Images::new(dir, site);
    let mut entries = Vec::new();
    let mut dropped_all: HashMap<String, (usize, PathBuf, usize)> = HashMap::new();
    let mut disqus_used = vec![false; disqus_threads.len()];
    let disqus_keys: Vec<String> = disqus_threads
        .iter()
        .map(|t| disqus::link_key(&t.link))
        .collect();
    let mut comment_count = 0;
    for (i, (post, date)) in kept.iter().enumerate() {
        let title = post
            .front
            .str("title")
            .map(str::to_string)
            .unwrap_or_else(|| slugs[i].replace('-', " "));
        let title = slug::clean_title(&title).unwrap_or(title);
        let explicit: Vec<String> = match post.front.any(&["authors", "author"]) {
            Some(a) if matches!(a.value, crate::import::yaml::Value::Map(_)) => a
                .str("name")
                .map(|n| vec![n.to_string()])
                .unwrap_or_default(),
            Some(a) => a.list(false),
            None => Vec::new(),
        };
        // The site's author writes the posts that name no author.
        let names_of = if explicit.is_empty() {
            site.author.iter().map(|a| a.name.clone()).collect()
        } else {
            explicit
        };
        let mut ids: Vec<String> = Vec::new();
        for name in names_of.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let id = authors.id(name, site);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let url = url_of(post, site, &slugs[i], date.as_deref());
        // The body.
        let ctx = markup::Context {
            url: site.url.as_deref(),
            title: &site.title,
            entry: &entry_of,
        };
        let mut dropped = markup::Dropped::default();
        let text = markup::convert(&post.body, post.body_line, &ctx, &mut dropped);
        images.post_dir = post.rel.parent().map(Path::to_path_buf).unwrap_or_default();
        images.missing.clear();
        let mut notes = body::Notes::default();
        let markdown = body::convert(&text, post.html, url.as_deref(), &mut images, &mut notes);
        for (kind, (count, line)) in dropped.kinds {
            let e = dropped_all
                .entry(kind)
                .or_insert((0, post.file.clone(), line));
            e.0 += count;
        }
        for (target, line) in dropped.unresolved {
            report.warnings.push(Diagnostic::warning(&post.file, Some(line), format!("line {line}: `{target}` names no post of the site; the link goes to the site's address"))
                .with_hint("correct the link in the entry; the post may have been renamed or left out"));
        }
        for src in images.missing.drain(..) {
            let path = src
                .split("://")
                .nth(1)
                .and_then(|r| r.find('/').map(|i| &r[i..]))
                .unwrap_or(&src);
            let file_name = path.rsplit('/').next().unwrap_or(path);
            let line = post.body.find(file_name).map_or(post.body_line, |at| {
                post.body_line + post.body[..at].matches('\n').count()
            });
            report.warnings.push(Diagnostic::warning(&post.file, Some(line), format!("line {line}: the image `{src}` is not in the site's folders; it is a link to its address"))
                .with_hint("put the image in the site's folder (where the post names it) and import again, or add it to images/ and the entry"));
        }
        for note in notes.html {
            report.warnings.push(
                Diagnostic::warning(
                    &post.file,
                    Some(post.body_line),
                    format!("in the HTML of `{title}`: {note}"),
                )
                .with_hint("nothing to do unless the entry needs what was left out; edit it then"),
            );
        }
        // Comments: Staticman's by slug or name, Disqus's by address.
        let mut comments: Vec<ImportedComment> = Vec::new();
        for key in [slugs[i].as_str(), post.name.as_str(), stems[i].as_str()] {
            if let Some(c) = staticman.remove(key) {
                comments.extend(c);
            }
        }
        if let Some(u) = &url {
            let key = disqus::link_key(u);
            let mut hit = disqus_keys.iter().position(|k| *k == key);
            if hit.is_none() {
                let path = disqus::path_key(&key);
                let same: Vec<usize> = disqus_keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| !path.is_empty() && disqus::path_key(k) == path)
                    .map(|(i, _)| i)
                    .collect();
                if same.len() == 1 {
                    hit = Some(same[0]);
                }
            }
            if let Some(h) = hit.filter(|&h| !disqus_used[h]) {
                disqus_used[h] = true;
                comments.extend(disqus_threads[h].comments.iter().cloned());
            }
        }
        repair_threads(&mut comments, &post.file, &title, report);
        comment_count += comments.len();
        let lang = post
            .front
            .any(&["lang", "language"])
            .and_then(|l| l.text())
            .map(str::to_string);
        entries.push(ImportedEntry {
            stem: stems[i].clone(),
            title,
            authors: ids,
            date: date.clone(),
            tags: tags(post, site.generator),
            categories: categories(post),
            slug: Some(slugs[i].clone()),
            url,
            lang: lang.filter(|l| {
                crate::lang::Lang::parse(l).is_ok() && Some(l) != site.language.as_ref()
            }),
            notes: vec![format!(
                "imported from {} post {}",
                site.generator.name(),
                post.rel.display()
            )],
            body: markdown,
            comments,
        });
    }
    // Disqus threads that match no post: an entry holds each, as for a feed's comments.
    for (t, thread) in disqus_threads
        .iter()
        .enumerate()
        .filter(|(t, _)| !disqus_used[*t])
    {
        let title = if thread.title.is_empty() {
            format!("Comments on {}", thread.link)
        } else {
            thread.title.clone()
        };
        let stem = names.unique(&slug::file_stem("", &title));
        let mut comments = thread.comments.clone();
        repair_threads(
            &mut comments,
            Path::new(&format!("disqus thread {t}")),
            &title,
            report,
        );
        comment_count += comments.len();
        report.warnings.push(Diagnostic::warning(dir, None, format!("the Disqus thread `{}` (line {}) matches no post of the site; an entry `{stem}` was made to hold its {} comment(s)", thread.link, thread.line, comments.len()))
            .with_hint("write the entry's text, or move its comments file beside the post it belongs to"));
        let link = urls::address(&thread.link, Allow::Web).ok();
        entries.push(ImportedEntry {
            stem,
            title,
            body: match &link {
                Some(l) => {
                    format!("*The page these comments were on is not in the site: <{l}>.*\n")
                }
                None => "*The page these comments were on is not in the site.*\n".into(),
            },
            url: link,
            notes: vec![format!("made for the Disqus thread {}", thread.link)],
            comments,
            ..ImportedEntry::default()
        });
    }
    for (slug_key, c) in &staticman {
        report.warnings.push(Diagnostic::warning(dir.join(staticman::FOLDERS[0]).join(slug_key), None, format!("{} Staticman comment(s) in `{slug_key}` belong to no imported post; they are left out", c.len()))
            .with_hint("the post may be a draft, a page or renamed: import with --drafts or --include-pages, or rename the folder to the post's slug"));
    }
    let mut kinds: Vec<_> = dropped_all.into_iter().collect();
    kinds.sort();
    for (kind, (count, file, line)) in kinds {
        report.warnings.push(
            Diagnostic::warning(
                &file,
                Some(line),
                format!("line {line}: {count} × {kind} dropped (no meaning in a book); first here"),
            )
            .with_hint("nothing to do unless the text needs what it made; edit the entries then"),
        );
    }
    report.kept.push(format!("{} × entry", entries.len()));
    report.kept.push(format!("{comment_count} × comment"));
    report.kept.push(format!("{} × author", authors.list.len()));
    report.kept.push(format!("{} × image", images.copies.len()));
    if images.remote > 0 {
        report.kept.push(format!(
            "{} × image on another site (a link)",
            images.remote
        ));
    }
    ImportedBook {
        title: if site.title.is_empty() {
            "Imported site".into()
        } else {
            site.title.clone()
        },
        subtitle: site.subtitle.clone(),
        language: site.language.clone(),
        entries,
        authors: authors.list,
        images: images.copies,
    }
}

fn repair_threads(comments: &mut [ImportedComment], file: &Path, title: &str, report: &mut Report) {
    for message in threads::repair(comments).messages() {
        report.warnings.push(
            Diagnostic::warning(
                file,
                None,
                format!("in the comments of `{title}`: {message}"),
            )
            .with_hint("nothing to do if the threads look right; the book builds"),
        );
    }
}
