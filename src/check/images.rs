//! Images whose data cannot be decoded.

use crate::diag::Diagnostic;
use crate::pdf;

/// The book's PNG and JPEG images that cannot be decoded (their header was checked when the
/// book was read, their data only now): one error each, naming the file.
pub fn broken_images(book: &crate::model::Book) -> Vec<Diagnostic> {
    use crate::typeset::frame::ImageFormat;
    book.images
        .iter()
        .filter_map(|image| {
            let format = match image.media_type {
                "image/png" => ImageFormat::Png,
                "image/jpeg" => ImageFormat::Jpeg,
                _ => return None,
            };
            let reason = pdf::write::check_image(&image.data, format).err()?;
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
