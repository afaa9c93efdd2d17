//! Which generator a site folder is for, from its configuration file, and what the book takes
//! from that file: the site's title, description, address, language and author.

use crate::diag::Diagnostic;
use crate::import::yaml::{self, Node, Value};
use std::path::{Path, PathBuf};

/// The static-site generators whose folders are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// `_config.yml`, posts in `_posts/`, drafts in `_drafts/`.
    Jekyll,
    /// `hugo.toml`/`config.toml` (with `baseURL`), posts under `content/`.
    Hugo,
    /// `config.toml` with `base_url`, posts under `content/`.
    Zola,
    /// `eleventy.config.js` or `.eleventy.js`, site data in `_data/`.
    Eleventy,
}

impl Generator {
    /// Its name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Jekyll => "Jekyll",
            Generator::Hugo => "Hugo",
            Generator::Zola => "Zola",
            Generator::Eleventy => "Eleventy",
        }
    }
}

/// The site's author as its configuration gives it.
#[derive(Debug, Clone, Default)]
pub struct SiteAuthor {
    /// Display name.
    pub name: String,
    /// Bio (Markdown).
    pub bio: String,
    /// Links (http and https only are kept later).
    pub links: Vec<String>,
}

/// What the book takes from the configuration.
#[derive(Debug, Clone)]
pub struct Site {
    /// The generator.
    pub generator: Generator,
    /// The configuration file, relative to the site folder.
    pub file: PathBuf,
    /// The site's title.
    pub title: String,
    /// Its tagline or description.
    pub subtitle: Option<String>,
    /// Its address with its base path, without the final `/` (`https://a.org/blog`).
    pub url: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// Its author.
    pub author: Option<SiteAuthor>,
    /// Jekyll's `permalink` pattern (`/:categories/:title/`).
    pub permalink: Option<String>,
    /// The folder Hugo and Zola keep content in, relative to the site.
    pub content_dir: PathBuf,
    /// E-mail addresses the configuration holds (never written; scrubbed from texts).
    pub private: Vec<String>,
}

const ELEVENTY: &[&str] = &[
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    ".eleventy.js",
];

/// Finds the generator of `dir` and reads its configuration.
pub fn detect(dir: &Path) -> Result<Site, Diagnostic> {
    let exists = |name: &str| dir.join(name).is_file();
    for name in ["_config.yml", "_config.yaml"] {
        if exists(name) {
            let node = read_yaml(dir, name)?;
            return Ok(jekyll(&node, name));
        }
    }
    for name in [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "config.toml",
        "config.yaml",
        "config.yml",
    ] {
        if !exists(name) {
            continue;
        }
        let node = if name.ends_with(".toml") {
            read_toml(dir, name)?
        } else {
            read_yaml(dir, name)?
        };
        if node.get("base_url").is_some() && name == "config.toml" {
            return Ok(zola(&node, name));
        }
        if name.starts_with("hugo.") || dir.join("content").is_dir() {
            return Ok(hugo(&node, name));
        }
    }
    if let Some(name) = ELEVENTY.iter().find(|n| exists(n)) {
        return eleventy(dir, name);
    }
    let hint = if exists("book.toml") {
        "this is a book folder already: build it with `chapbook build`"
    } else {
        "give the folder that holds the site's _config.yml (Jekyll), hugo.toml or config.toml (Hugo, Zola) or eleventy.config.js (Eleventy)"
    };
    Err(Diagnostic::error(
        dir,
        None,
        "no static-site configuration here: no _config.yml, hugo.toml, config.toml, config.yaml, eleventy.config.js or .eleventy.js",
    )
    .with_hint(hint))
}

fn read_text(dir: &Path, name: &str) -> Result<String, Diagnostic> {
    let bytes = crate::files::read_inside(dir, Path::new(name), crate::files::MAX_TEXT_BYTES)
        .map_err(|e| {
            Diagnostic::error(
                dir.join(name),
                None,
                format!("cannot read the file: {}", e.reason()),
            )
            .with_hint(e.hint())
        })?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(dir.join(name), None, "the file is not valid UTF-8")
            .with_hint("save it as UTF-8 and import again")
    })
}

fn read_yaml(dir: &Path, name: &str) -> Result<Node, Diagnostic> {
    let text = read_text(dir, name)?;
    yaml::parse(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Diagnostic::error(
            dir.join(name),
            Some(e.line),
            format!(
                "line {}, column {}: not YAML: {}",
                e.line, e.column, e.message
            ),
        )
        .with_hint("fix the configuration there (the site's generator would refuse it too)")
    })
}

fn read_toml(dir: &Path, name: &str) -> Result<Node, Diagnostic> {
    let text = read_text(dir, name)?;
    let text = text.trim_start_matches('\u{feff}');
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        Diagnostic::error(dir.join(name), line, format!("not TOML: {}", e.message()))
            .with_hint("fix the configuration there (the site's generator would refuse it too)")
    })?;
    Ok(yaml::from_toml(&table, text, 1))
}

fn string_of(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::text).map(str::to_string)
}

/// An author from a name or a mapping (`name`, `bio`, `links`/`url`); its `email` is kept
/// only as a private address.
fn author_of(node: Option<&Node>, private: &mut Vec<String>) -> Option<SiteAuthor> {
    let node = node?;
    if let Some(name) = node.text() {
        return Some(SiteAuthor {
            name: name.to_string(),
            ..SiteAuthor::default()
        });
    }
    if let Some(email) = node.str("email") {
        private.push(email.to_lowercase());
    }
    let name = node.str("name")?.to_string();
    let mut links = Vec::new();
    for key in ["url", "uri", "website"] {
        links.extend(node.str(key).map(str::to_string));
    }
    if let Some(Value::Seq(items)) = node.get("links").map(|l| &l.value) {
        for item in items {
            links.extend(item.text().or_else(|| item.str("url")).map(str::to_string));
        }
    }
    Some(SiteAuthor {
        name,
        bio: node
            .any(&["bio", "description"])
            .and_then(Node::text)
            .unwrap_or("")
            .to_string(),
        links,
    })
}

fn join_url(url: Option<String>, base: Option<String>) -> Option<String> {
    let url = url?.trim().trim_end_matches('/').to_string();
    let base = base.unwrap_or_default();
    let base = base.trim().trim_matches('/');
    Some(if base.is_empty() {
        url
    } else {
        format!("{url}/{base}")
    })
}

fn jekyll(node: &Node, name: &str) -> Site {
    let mut private = Vec::new();
    let author = author_of(node.get("author"), &mut private).or_else(|| {
        string_of(node.get("name")).map(|name| SiteAuthor {
            name,
            ..SiteAuthor::default()
        })
    });
    if let Some(e) = node.str("email") {
        private.push(e.to_lowercase());
    }
    Site {
        generator: Generator::Jekyll,
        file: name.into(),
        title: string_of(node.get("title")).unwrap_or_default(),
        subtitle: string_of(node.any(&["subtitle", "tagline", "description"])),
        url: join_url(string_of(node.get("url")), string_of(node.get("baseurl"))),
        language: string_of(node.any(&["lang", "locale", "language"])),
        author,
        permalink: string_of(node.get("permalink")),
        content_dir: PathBuf::new(),
        private,
    }
}

fn hugo(node: &Node, name: &str) -> Site {
    let mut private = Vec::new();
    let params = node.get("params");
    let author = author_of(node.get("author"), &mut private)
        .or_else(|| author_of(params.and_then(|p| p.get("author")), &mut private));
    Site {
        generator: Generator::Hugo,
        file: name.into(),
        title: string_of(node.get("title")).unwrap_or_default(),
        subtitle: string_of(params.and_then(|p| p.any(&["subtitle", "description", "tagline"]))),
        url: join_url(
            string_of(node.any(&["baseURL", "baseurl", "baseUrl"])),
            None,
        ),
        language: string_of(node.any(&[
            "languageCode",
            "defaultContentLanguage",
            "DefaultContentLanguage",
        ])),
        author,
        permalink: None,
        content_dir: string_of(node.get("contentDir"))
            .unwrap_or("content".into())
            .into(),
        private,
    }
}

fn zola(node: &Node, name: &str) -> Site {
    let mut private = Vec::new();
    let extra = node.get("extra");
    let author = author_of(node.get("author"), &mut private)
        .or_else(|| author_of(extra.and_then(|p| p.get("author")), &mut private));
    Site {
        generator: Generator::Zola,
        file: name.into(),
        title: string_of(node.get("title")).unwrap_or_default(),
        subtitle: string_of(node.get("description")),
        url: join_url(string_of(node.get("base_url")), None),
        language: string_of(node.get("default_language")),
        author,
        permalink: None,
        content_dir: "content".into(),
        private,
    }
}

/// Eleventy's configuration is JavaScript, which is not run: the site's data comes from
/// `_data/metadata.json` (eleventy-base-blog's) or `_data/site.json`, under the folder itself
/// or `src/`.
fn eleventy(dir: &Path, name: &str) -> Result<Site, Diagnostic> {
    let mut private = Vec::new();
    let mut data = Node {
        value: Value::Null,
        line: 1,
        plain: false,
    };
    for candidate in [
        "_data/metadata.json",
        "_data/site.json",
        "src/_data/metadata.json",
        "src/_data/site.json",
        "_data/metadata.yaml",
        "_data/site.yaml",
    ] {
        if dir.join(candidate).is_file() {
            // JSON is YAML 1.2.
            data = read_yaml(dir, candidate)?;
            break;
        }
    }
    Ok(Site {
        generator: Generator::Eleventy,
        file: name.into(),
        title: string_of(data.get("title")).unwrap_or_default(),
        subtitle: string_of(data.any(&["subtitle", "description"])),
        url: join_url(string_of(data.get("url")), None),
        language: string_of(data.get("language")),
        author: author_of(data.get("author"), &mut private),
        permalink: None,
        content_dir: PathBuf::new(),
        private,
    })
}
