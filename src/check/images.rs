//! Images whose data cannot be decoded.

use crate::diag::Diagnostic;
use crate::pdf;

/// The book's images that cannot be decoded (PNG, JPEG, GIF, WebP and SVG: their header was
/// checked when the book was read, their data only now): one error each, naming the file.
pub fn broken_images(book: &crate::model::Book) -> Vec<Diagnostic> {
    use crate::typeset::frame::ImageFormat;
    book.images
        .iter()
        .filter_map(|image| {
            let format = ImageFormat::from_media_type(image.media_type)?;
            let reason = pdf::images::check_image(&image.data, format).err()?;
            Some(
                Diagnostic::error(
                    &image.path,
                    None,
                    format!("the image cannot be decoded: {reason}"),
                )
                .with_hint("open it in an image editor and save it again"),
            )
        })
        .collect()
}
