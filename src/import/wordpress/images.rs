//! Images: attachments, galleries and the files beside the export.

use crate::import::html::Resolver;
use crate::import::slug::{self, Names};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Finds images beside the export and copies them into `images/`; never downloads.
pub(super) struct Images {
    dir: PathBuf,
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
    pub(super) missing: Vec<String>,
}

impl Images {
    pub(super) fn new(export: &Path) -> Images {
        Images {
            dir: export.parent().map(Path::to_path_buf).unwrap_or_default(),
            attachments: HashMap::new(),
            children: HashMap::new(),
            current: String::new(),
            copied: HashMap::new(),
            copies: Vec::new(),
            names: Names::default(),
            missing: Vec::new(),
        }
    }

    fn local_file(&self, src: &str) -> Option<PathBuf> {
        let path = src.split(['?', '#']).next().unwrap_or(src);
        let after_host = match path.find("://") {
            Some(i) => path[i + 3..].split_once('/').map_or("", |(_, p)| p),
            None => path.trim_start_matches('/'),
        };
        let uploads = after_host
            .find("wp-content/uploads/")
            .map(|i| &after_host[i + "wp-content/uploads/".len()..])
            .unwrap_or(after_host);
        let relative = PathBuf::from(slug::percent_decode(uploads));
        // Only plain relative paths: never `..`, never absolute.
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
        let mut candidates = vec![
            self.dir.join("uploads").join(&relative),
            self.dir.join("wp-content/uploads").join(&relative),
            self.dir.join("uploads").join(&file_name),
            self.dir.join(&file_name),
        ];
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
            let original = format!("{base}.{ext}");
            candidates.push(
                self.dir
                    .join("uploads")
                    .join(relative.with_file_name(&original)),
            );
            candidates.push(
                self.dir
                    .join("wp-content/uploads")
                    .join(relative.with_file_name(&original)),
            );
            candidates.push(self.dir.join(&original));
        }
        candidates.into_iter().find(|c| c.is_file())
    }
}

impl Resolver for Images {
    fn image(&mut self, src: &str) -> Option<String> {
        if let Some(name) = self.copied.get(src) {
            return Some(format!("../images/{name}"));
        }
        let Some(file) = self.local_file(src) else {
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
