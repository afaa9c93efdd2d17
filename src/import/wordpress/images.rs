//! Images: attachments, galleries and the files beside the export. Only the blog's own
//! uploads are copied, found by their path under the uploads folder; an image on another
//! site is never matched by its file name to a file that happens to be beside the export.

use crate::import::html::Resolver;
use crate::import::slug::{self, Names};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Finds images beside the export and copies them into `images/`; never downloads.
pub(super) struct Images {
    dir: PathBuf,
    /// The blog's own addresses: only their uploads are copied.
    sites: Vec<Site>,
    /// Attachment post id → URL.
    pub(super) attachments: HashMap<String, String>,
    /// Post id → URLs of the attachments uploaded to it (a `[gallery]` without ids).
    pub(super) children: HashMap<String, Vec<String>>,
    /// The post being converted.
    pub(super) current: String,
    /// URL → name under images/.
    copied: HashMap<String, String>,
    pub(super) copies: Vec<(String, PathBuf)>,
    names: Names,
    /// Uploads of the blog that are not beside the export.
    pub(super) missing: Vec<String>,
    /// Images on other sites, which stay links.
    pub(super) elsewhere: Vec<String>,
}

/// An address of the blog (`<wp:base_site_url>`, `<wp:base_blog_url>`, the channel's
/// `<link>`): its host, lower case without `www.`, and its path without the final `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Site {
    host: String,
    path: String,
}

impl Site {
    /// The site of an absolute http(s) address.
    pub(super) fn of(url: &str) -> Option<Site> {
        let (host, path) = host_and_path(url.trim())?;
        Some(Site {
            host,
            path: path.trim_end_matches('/').to_string(),
        })
    }
}

/// The host (lower case, without `www.` and port) and path of an `http`, `https` or
/// scheme-relative address.
fn host_and_path(url: &str) -> Option<(String, &str)> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("https://") {
        &url[8..]
    } else {
        url.strip_prefix("//")?
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some((host, path))
}

/// Where an image address points, for the importer.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// A file of the blog's own uploads: its path under the uploads folder.
    Upload(String),
    /// An address on another site (or not an upload): it stays a link.
    Elsewhere,
}

impl Images {
    pub(super) fn new(export: &Path, sites: Vec<Site>) -> Images {
        Images {
            dir: export.parent().map(Path::to_path_buf).unwrap_or_default(),
            sites,
            attachments: HashMap::new(),
            children: HashMap::new(),
            current: String::new(),
            copied: HashMap::new(),
            copies: Vec::new(),
            names: Names::default(),
            missing: Vec::new(),
            elsewhere: Vec::new(),
        }
    }

    /// Whether `src` is a file of the blog's own uploads (`wp-content/uploads/` on one of its
    /// addresses, or root-relative; WordPress.com's `NAME.files.wordpress.com` for a blog at
    /// `NAME.wordpress.com`), and its path under the uploads folder. Never a bare file name.
    fn source(&self, src: &str) -> Source {
        const UPLOADS: &str = "/wp-content/uploads/";
        let path_only = src.split(['?', '#']).next().unwrap_or(src);
        let under = |path: &str, site_path: &str| -> Option<String> {
            [format!("{site_path}{UPLOADS}"), UPLOADS.to_string()]
                .iter()
                .find_map(|prefix| path.strip_prefix(prefix.as_str()))
                .map(str::to_string)
        };
        let found = if path_only.starts_with('/') && !path_only.starts_with("//") {
            under(path_only, "")
        } else if let Some((host, path)) = host_and_path(path_only) {
            self.sites.iter().find_map(|site| {
                if site.host == host {
                    return under(path, &site.path);
                }
                let name = site.host.strip_suffix(".wordpress.com")?;
                (host == format!("{name}.files.wordpress.com"))
                    .then(|| path.trim_start_matches('/').to_string())
            })
        } else {
            None
        };
        match found {
            Some(relative) if !relative.is_empty() => Source::Upload(relative),
            _ => Source::Elsewhere,
        }
    }

    fn local_file(&self, uploads: &str) -> Option<PathBuf> {
        let decoded = slug::percent_decode(uploads);
        if decoded.contains(['\\', '\0']) {
            return None;
        }
        let relative = PathBuf::from(decoded);
        // Only plain relative paths: never `..`, never absolute, after decoding.
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let file_name = relative.file_name()?.to_os_string();
        let ext = Path::new(&file_name)
            .extension()?
            .to_string_lossy()
            .to_lowercase();
        if !["png", "jpg", "jpeg", "gif", "webp", "svg"].contains(&ext.as_str()) {
            return None;
        }
        let mut names = vec![relative.clone()];
        // WordPress links resized copies (`photo-300x200.jpg`); the original will do.
        let stem = Path::new(&file_name)
            .file_stem()?
            .to_string_lossy()
            .into_owned();
        if let Some((base, size)) = stem.rsplit_once('-')
            && size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty()
                    && !h.is_empty()
                    && (w.to_owned() + h).chars().all(|c| c.is_ascii_digit())
            })
        {
            names.push(relative.with_file_name(format!("{base}.{ext}")));
        }
        names
            .iter()
            .flat_map(|name| {
                [
                    self.dir.join("uploads").join(name),
                    self.dir.join("wp-content/uploads").join(name),
                ]
            })
            .find(|c| c.is_file())
    }
}

impl Resolver for Images {
    fn image(&mut self, src: &str) -> Option<String> {
        if let Some(name) = self.copied.get(src) {
            return Some(format!("../images/{name}"));
        }
        let uploads = match self.source(src) {
            Source::Upload(path) => path,
            Source::Elsewhere => {
                if !self.elsewhere.iter().any(|m| m == src) {
                    self.elsewhere.push(src.to_string());
                }
                return None;
            }
        };
        let Some(file) = self.local_file(&uploads) else {
            if !self.missing.iter().any(|m| m == src) {
                self.missing.push(src.to_string());
            }
            return None;
        };
        // Two addresses of one file (a resized copy and the original) share one copy.
        if let Some((name, _)) = self.copies.iter().find(|(_, f)| *f == file) {
            let name = name.clone();
            self.copied.insert(src.to_string(), name.clone());
            return Some(format!("../images/{name}"));
        }
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!(
            "{}.{ext}",
            self.names.unique(&slug::file_stem(&stem, "image"))
        );
        self.copied.insert(src.to_string(), name.clone());
        self.copies.push((name.clone(), file));
        Some(format!("../images/{name}"))
    }

    fn gallery(&self, ids: &str) -> Vec<String> {
        if ids.trim().is_empty() {
            return self
                .children
                .get(&self.current)
                .cloned()
                .unwrap_or_default();
        }
        ids.split(',')
            .filter_map(|id| self.attachments.get(id.trim()).cloned())
            .collect()
    }
}
