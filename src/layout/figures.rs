//! Images and QR codes as figures.

use super::*;

impl Builder<'_> {
    /// A QR code that leads to `url`, as a figure whose alternative text is the address; `None`
    /// if the address is too long to encode.
    pub(super) fn qr_block(&mut self, url: &str, start_indent: f32) -> Option<Block> {
        // Encoding (choosing the mask) is the costly part; layout runs more than once.
        let (modules, size) = match self.qr_codes.get(url) {
            Some(code) => code.clone()?,
            None => {
                let code = qr_modules(url);
                self.qr_codes.insert(url.to_string(), code.clone());
                code?
            }
        };
        let module = (QR_SIDE / size as f32).max(QR_MIN_MODULE);
        let node = self.node(Role::Figure, None);
        self.structure[node].alt = Some(format!("QR code: {url}"));
        Some(Block::Qr {
            modules,
            size,
            module,
            start_indent,
            node: Some(node),
        })
    }

    /// An image; a figure with `alt` as its alternative text, or decorative (an artifact)
    /// when it has none.
    pub(super) fn image_block(
        &mut self,
        index: usize,
        start_indent: f32,
        alt: Option<&str>,
    ) -> Option<Block> {
        let image = self.book.images.get(index)?;
        let format = match image.media_type {
            "image/png" => ImageFormat::Png,
            "image/jpeg" => ImageFormat::Jpeg,
            _ => return None,
        };
        let (width_px, height_px) = image.pixels?;
        let next = self.image_list.len();
        let frame_index = *self.image_map.entry(index).or_insert(next);
        if frame_index == next {
            self.image_list.push(ImageData {
                data: Arc::new(image.data.clone()),
                format,
            });
        }
        let node = alt.map(str::trim).filter(|a| !a.is_empty()).map(|alt| {
            let node = self.node(Role::Figure, None);
            self.structure[node].alt = Some(alt.to_string());
            node
        });
        Some(Block::Image {
            image: frame_index,
            width_px,
            height_px,
            start_indent,
            node,
        })
    }

    pub(super) fn images(&self) -> Vec<ImageData> {
        self.image_list.clone()
    }
}

/// The modules of a QR code for `text` (error correction M), with the quiet zone, row by
/// row, and the number per side; `None` if the text is too long for a QR code.
fn qr_modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let inner = code.width();
    let size = inner + 2 * QR_QUIET_ZONE;
    let mut modules = vec![false; size * size];
    for (i, color) in code.to_colors().iter().enumerate() {
        let (row, col) = (i / inner + QR_QUIET_ZONE, i % inner + QR_QUIET_ZONE);
        modules[row * size + col] = *color == qrcode::Color::Dark;
    }
    Some((modules, size))
}
