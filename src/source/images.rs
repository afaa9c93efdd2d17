//! Images referenced by a book: resolved inside the book folder, read once, shared by index.

use crate::model::Image;
use crate::source::svg;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Every image the book uses, each stored once.
#[derive(Debug, Default)]
pub struct ImageStore {
    images: Vec<Image>,
    by_path: HashMap<String, usize>,
    /// What was removed from SVG files read since last asked (see [`ImageStore::take_warnings`]).
    warnings: Vec<ImageProblem>,
    /// The paths of the SVG files that gave such a warning, in the order read.
    warned: Vec<String>,
}

/// Why an image reference cannot be used, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl ImageStore {
    /// Resolves `reference` (as written in a file inside `base_dir`, relative to the book
    /// folder `root`), reads the image and returns its index.
    pub fn add(
        &mut self,
        root: &Path,
        base_dir: &str,
        reference: &str,
    ) -> Result<usize, ImageProblem> {
        let mut path = book_relative(base_dir, reference)?;
        // A reference may be percent-encoded as a URL (`my%20photo%20%231.png`), as Markdown
        // writers and converters write file names with spaces.
        if !root.join(&path).exists()
            && let Some(decoded) = percent_decoded(reference)
            && let Ok(decoded) = book_relative(base_dir, &decoded)
            && root.join(&decoded).exists()
        {
            path = decoded;
        }
        // A path written from the book folder (`images/x.jpg` in an entry, where the file's
        // own folder would need `../images/x.jpg`) means the one file it can mean.
        if !root.join(&path).exists()
            && !base_dir.is_empty()
            && let Ok(from_root) = book_relative("", reference)
            && root.join(&from_root).is_file()
        {
            path = from_root;
        }
        if let Some(&index) = self.by_path.get(&path) {
            return Ok(index);
        }
        let media_type = media_type(&path).ok_or_else(|| ImageProblem {
            message: format!("image `{reference}` is not PNG, JPEG, GIF, WebP or SVG"),
            hint: "convert the image to PNG or JPEG".into(),
        })?;
        // Through the one door (crate::files): a regular file with one name, inside the book
        // once its links are resolved, its size counted on the bytes read; the pixel
        // dimensions are then checked from the header before anything decodes it.
        let data =
            crate::files::read_inside(root, Path::new(&path), MAX_IMAGE_BYTES).map_err(|e| {
                let hint = match e {
                    crate::files::FileError::NotFound => {
                        "check the file name, or put the image in the book's images/ folder"
                    }
                    crate::files::FileError::TooLarge { .. } => {
                        "scale the image down; 300 dpi at the printed size is plenty"
                    }
                    crate::files::FileError::Outside => {
                        "copy the image into the book's images/ folder"
                    }
                    _ => e.hint(),
                };
                ImageProblem {
                    message: format!(
                        "image `{reference}` cannot be read ({path}: {})",
                        e.reason()
                    ),
                    hint: hint.into(),
                }
            })?;
        check_dimensions(reference, &path, media_type, &data)?;
        let data = if media_type == "image/svg+xml" {
            let clean = svg::sanitise(&data).map_err(|reason| ImageProblem {
                message: format!("image `{reference}` ({path}) is refused: {reason}"),
                hint: "open it in a vector editor and save it again as plain SVG".into(),
            })?;
            if !clean.removed.is_empty() {
                self.warned.push(path.clone());
                self.warnings.push(ImageProblem {
                    message: format!(
                        "image `{reference}` ({path}): removed {}, which a book must not carry",
                        clean.removed.join(", ")
                    ),
                    hint: "save the drawing without scripts, links or embedded files".into(),
                });
            }
            clean.data
        } else {
            data
        };
        let index = self.images.len();
        self.images.push(Image {
            path: path.clone(),
            media_type,
            pixels: pixel_size(&data),
            data,
        });
        self.by_path.insert(path, index);
        Ok(index)
    }

    /// What was removed from the SVG files read since the last call (one warning per file).
    pub fn take_warnings(&mut self) -> Vec<ImageProblem> {
        std::mem::take(&mut self.warnings)
    }

    /// The images, in order of first use.
    pub fn into_images(self) -> Vec<Image> {
        self.images
    }

    /// Takes in the images of `apart`, a store that one entry was read with on its own, in
    /// their order of first use, as if that entry had been read with this store: the index
    /// each of `apart`'s images has here (one this store holds already keeps its index).
    pub fn absorb(&mut self, apart: ImageStore) -> Vec<usize> {
        apart
            .images
            .into_iter()
            .map(|image| match self.by_path.get(&image.path) {
                Some(&index) => index,
                None => {
                    let index = self.images.len();
                    self.by_path.insert(image.path.clone(), index);
                    self.images.push(image);
                    index
                }
            })
            .collect()
    }

    /// True when `apart` warned about an SVG file this store holds already: read with this
    /// store, that file would not have been read again, nor warned about.
    pub fn warned_again(&self, apart: &ImageStore) -> bool {
        apart
            .warned
            .iter()
            .any(|path| self.by_path.contains_key(path))
    }
}

/// An image file larger than this is not read (64 MB: a photograph at 300 dpi on an A4 page
/// is about 25 MB even uncompressed).
pub use crate::files::MAX_IMAGE_BYTES;
/// No side may be longer than this many pixels (a 300 dpi print 1.4 m long).
pub const MAX_IMAGE_SIDE: u32 = 16_384;
/// Nor may an image have more pixels than this: decoded, 50 million pixels take 200 MB.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Every image must have a header (an SVG, a root element) that says its size, and a raster
/// image a size within the limits; checked before anything decodes the image, which could
/// otherwise take gigabytes.
fn check_dimensions(
    reference: &str,
    path: &str,
    media_type: &str,
    data: &[u8],
) -> Result<(), ImageProblem> {
    let kind = match media_type {
        "image/svg+xml" => "SVG".to_string(),
        "image/webp" => "WebP".to_string(),
        other => other.trim_start_matches("image/").to_ascii_uppercase(),
    };
    let signature_matches = match media_type {
        "image/png" => data.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => data.starts_with(&[0xFF, 0xD8]),
        "image/gif" => data.starts_with(b"GIF8"),
        "image/webp" => data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP"),
        // An SVG is text; its size is read from its root element.
        _ => true,
    };
    let Some((w, h)) = pixel_size(data).filter(|_| signature_matches) else {
        return Err(ImageProblem {
            message: format!("image `{reference}` ({path}) is not a readable {kind} file"),
            hint: format!("open it in an image editor and save it again as {kind}"),
        });
    };
    if w == 0 || h == 0 {
        return Err(ImageProblem {
            message: format!("image `{reference}` ({path}) has no pixels ({w} × {h})"),
            hint: format!("open it in an image editor and save it again as {kind}"),
        });
    }
    // An SVG is drawn as paths at any size: only rasters are limited.
    if media_type == "image/svg+xml" {
        return Ok(());
    }
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(ImageProblem {
            message: format!(
                "image `{reference}` ({path}) is {w} × {h} pixels, more than chapbook decodes (at most {MAX_IMAGE_SIDE} on a side and {} million in all)",
                MAX_IMAGE_PIXELS / 1_000_000
            ),
            hint: "scale the image down; 300 dpi at the printed size is plenty".into(),
        });
    }
    Ok(())
}

/// `text` with its `%XX` escapes decoded, when it has any and they decode to UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The path of `reference`, written in a file inside `base_dir`, relative to the book folder,
/// with `/` separators. Rejects addresses, absolute paths and paths that leave the folder.
pub fn book_relative(base_dir: &str, reference: &str) -> Result<String, ImageProblem> {
    if reference.contains("://") || reference.starts_with("data:") || reference.starts_with("//") {
        return Err(ImageProblem {
            message: format!("image `{reference}` is not a file in the book folder"),
            hint:
                "chapbook never downloads: save the image into images/ and refer to it by its path"
                    .into(),
        });
    }
    let reference_path = Path::new(reference);
    if reference_path.is_absolute() || reference.starts_with('/') || reference.starts_with('\\') {
        return Err(ImageProblem {
            message: format!("image path `{reference}` is absolute"),
            hint: "use a path relative to the file, such as ../images/photo.png".into(),
        });
    }
    let mut parts: Vec<String> = Vec::new();
    let joined: PathBuf = Path::new(base_dir).join(reference_path);
    for component in joined.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(ImageProblem {
                        message: format!("image path `{reference}` leads outside the book folder"),
                        hint: "copy the image into the book's images/ folder and refer to it there"
                            .into(),
                    });
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(ImageProblem {
                    message: format!("image path `{reference}` is absolute"),
                    hint: "use a path relative to the file, such as ../images/photo.png".into(),
                });
            }
        }
    }
    Ok(parts.join("/"))
}

/// Width and height in pixels of a PNG, JPEG, GIF, WebP or SVG, read from its header (an
/// SVG's root element) without decoding it.
pub fn pixel_size(data: &[u8]) -> Option<(u32, u32)> {
    if let Some(size) = webp_size(data) {
        return Some(size);
    }
    if data.len() >= 10 && (data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a")) {
        let w = u32::from(u16::from_le_bytes([data[6], data[7]]));
        let h = u32::from(u16::from_le_bytes([data[8], data[9]]));
        return Some((w, h));
    }
    if data.len() >= 24 && data.starts_with(b"\x89PNG\r\n\x1a\n") {
        let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if data.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2;
        while i + 9 < data.len() {
            if data[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = data[i + 1];
            let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
            let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                let h = u32::from(u16::from_be_bytes([data[i + 5], data[i + 6]]));
                let w = u32::from(u16::from_be_bytes([data[i + 7], data[i + 8]]));
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if data[start..].starts_with(b"<") {
        return svg::pixel_size(data);
    }
    None
}

/// The size of a WebP from its first chunk: lossy (`VP8 `), lossless (`VP8L`) or extended
/// (`VP8X`), as the WebP container specification lays them out.
fn webp_size(data: &[u8]) -> Option<(u32, u32)> {
    if !(data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP")) {
        return None;
    }
    let b = |i: usize| data.get(i).copied().map(u32::from);
    match data.get(12..16)? {
        b"VP8 " => {
            // After the frame tag (3 bytes) and the start code (3 bytes): 14-bit sizes.
            let w = (b(26)? | b(27)? << 8) & 0x3FFF;
            let h = (b(28)? | b(29)? << 8) & 0x3FFF;
            Some((w, h))
        }
        b"VP8L" => {
            // After the signature byte 0x2F: two 14-bit sizes less one.
            let bits = b(21)? | b(22)? << 8 | b(23)? << 16 | b(24)? << 24;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            let w = 1 + (b(24)? | b(25)? << 8 | b(26)? << 16);
            let h = 1 + (b(27)? | b(28)? << 8 | b(29)? << 16);
            Some((w, h))
        }
        _ => None,
    }
}

fn media_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_from_header() {
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/book/images/route-map.png"
        ))
        .unwrap();
        assert_eq!(pixel_size(&png), Some((1000, 700)));
        assert_eq!(pixel_size(b"not an image"), None);
    }

    #[test]
    fn gif_and_jpeg_sizes_from_header() {
        assert_eq!(pixel_size(b"GIF89a\x10\x00\x20\x00rest"), Some((16, 32)));
        // Start of image, an APP0 segment of length 4, then a baseline frame header.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x02,
            0x03, 0x04, 0x03, 0, 0, 0, 0,
        ];
        assert_eq!(pixel_size(&jpeg), Some((0x0304, 0x0102)));
    }

    #[test]
    fn paths_stay_inside() {
        assert_eq!(
            book_relative("entries", "../images/a.png").unwrap(),
            "images/a.png"
        );
        assert_eq!(book_relative("", "images/./a.png").unwrap(), "images/a.png");
        assert!(book_relative("entries", "../../secret.png").is_err());
        assert!(book_relative("entries", "/etc/a.png").is_err());
        assert!(book_relative("entries", "https://example.org/a.png").is_err());
    }
}
