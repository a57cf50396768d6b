//! Everything a backend needs besides the model: fonts and image files,
//! each read from disk once by the pipeline and shared by all backends.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use anyhow::{bail, Context, Result};

use crate::files::{self, ConfineError};
use crate::fonts::Fonts;
use crate::model::Document;

/// Fonts and images for one document.
pub struct Assets {
    /// The three faces (serif, serif bold, sans bold).
    pub fonts: Fonts,
    /// Image files keyed by [`crate::model::Figure::src`] (and the cover's
    /// path, [`crate::model::Metadata::cover`]).
    pub images: BTreeMap<String, ImageAsset>,
    /// The build's timestamp in seconds since 1970 (UTC): `SOURCE_DATE_EPOCH`
    /// when set, else the front matter `date`, else 0. Every date an edition
    /// records comes from here, so the same source gives the same bytes.
    pub epoch: i64,
}

/// The encoded file formats a figure may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (baseline or progressive).
    Jpeg,
    /// PNG.
    Png,
}

impl ImageFormat {
    /// The media type, e.g. `image/jpeg`.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }
}

/// One image file, checked to decode.
pub struct ImageAsset {
    /// The file's bytes, unchanged.
    pub data: Vec<u8>,
    /// Its format, from its content (not its name).
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Assets {
    /// Loads the fonts from `font_dir`, every figure's image and the cover
    /// the front matter names, if any, resolving image paths against
    /// `source_dir`. Fails naming the source file and line
    /// of a figure whose image is missing, unreadable or not JPEG/PNG.
    pub fn load(doc: &Document, source_dir: &Path, font_dir: &Path, epoch: i64) -> Result<Assets> {
        let fonts = Fonts::load(font_dir)?;
        fonts.check_coverage(doc)?;
        let mut images = BTreeMap::new();
        let mut numbers = BTreeMap::new();
        for f in doc.figures() {
            if let Some(n) = f.number() {
                numbers.entry(f.src.as_str()).or_insert(n);
            }
        }
        for (src, line) in doc.image_sources() {
            let at = format!("{}:{}", doc.source_name, line);
            let what = numbers
                .get(src)
                .map_or("picture".to_string(), |n| format!("figure {n}"));
            let image = load_image(source_dir, src).with_context(|| format!("{at}: {what}"))?;
            images.insert(src.to_string(), image);
        }
        if let Some(src) = doc.meta.cover.as_ref().filter(|src| !images.contains_key(*src)) {
            let image = load_image(source_dir, src)
                .with_context(|| format!("{}: the front matter's `cover`", doc.source_name))?;
            images.insert(src.clone(), image);
        }
        Ok(Assets { fonts, images, epoch })
    }
}

/// Checks that an image path is relative and stays inside the source folder.
pub fn check_image_path(src: &str) -> Result<()> {
    let path = Path::new(src);
    if src.is_empty() {
        bail!("the image path is empty");
    }
    if path.is_absolute() || src.starts_with('/') || src.starts_with('\\') {
        bail!("image path `{src}` is absolute; write it relative to the source file's folder");
    }
    if src.contains("://") {
        bail!("image `{src}` is a URL; copy the file next to the source and use a relative path");
    }
    let mut depth = 0i32;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    bail!("image path `{src}` leaves the source file's folder");
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                bail!("image path `{src}` is absolute; write it relative to the source file's folder")
            }
        }
    }
    Ok(())
}

/// The most pixels an image may have: 50 million (e.g. 8660 × 5773), more
/// than print at 300 dpi needs on any page zhpress sets. Decoding one costs
/// three bytes a pixel, so this bounds a build's memory for images.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

fn load_image(source_dir: &Path, src: &str) -> Result<ImageAsset> {
    check_image_path(src)?;
    let path = match files::confined(source_dir, src) {
        Ok(path) => path,
        Err(ConfineError::Missing) => bail!("cannot read image `{src}`: no such file"),
        Err(ConfineError::Outside) => {
            bail!("image path `{src}` leads outside the source file's folder through a symbolic link")
        }
    };
    let data = files::read_regular(&path, files::MAX_IMAGE_BYTES)
        .map_err(|e| anyhow::anyhow!("cannot read image `{src}`: it {e}"))?;
    let format = match image::guess_format(&data) {
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        _ => bail!("image `{src}` is not a JPEG or PNG file"),
    };
    let undecodable = |e: image::ImageError| anyhow::anyhow!("image `{src}` cannot be decoded: {e}");
    let reader = || {
        image::io::Reader::new(std::io::Cursor::new(&data[..]))
            .with_guessed_format()
            .map_err(|e| anyhow::anyhow!("image `{src}` cannot be read: {e}"))
    };
    let (width, height) = reader()?.into_dimensions().map_err(undecodable)?;
    if width == 0 || height == 0 {
        bail!("image `{src}` has no pixels");
    }
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        bail!(
            "image `{src}` is {width} × {height} pixels, over the limit of {} million; scale it down",
            MAX_IMAGE_PIXELS / 1_000_000
        );
    }
    check_decodes(&data, format).map_err(|e| anyhow::anyhow!("image `{src}` cannot be decoded: {e}"))?;
    Ok(ImageAsset {
        data,
        format,
        width,
        height,
    })
}

/// Decodes the whole file to prove it sound, without holding its pixels: a
/// PNG row by row, a JPEG at an eighth of its size (every coded block is
/// still read). The editions embed the file's own compressed data.
fn check_decodes(data: &[u8], format: ImageFormat) -> Result<(), String> {
    match format {
        ImageFormat::Png => {
            let mut reader = png::Decoder::new(std::io::Cursor::new(data))
                .read_info()
                .map_err(|e| e.to_string())?;
            while reader.next_row().map_err(|e| e.to_string())?.is_some() {}
        }
        ImageFormat::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(data);
            decoder.read_info().map_err(|e| e.to_string())?;
            let info = decoder.info().ok_or("no frame header")?;
            decoder
                .scale((info.width / 8).max(1), (info.height / 8).max(1))
                .map_err(|e| e.to_string())?;
            decoder.decode().map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_image_path;

    #[test]
    fn image_paths_must_stay_inside_the_source_folder() {
        assert!(check_image_path("images/a.jpg").is_ok());
        assert!(check_image_path("./images/../a.jpg").is_ok());
        assert!(check_image_path("../a.jpg").is_err());
        assert!(check_image_path("images/../../a.jpg").is_err());
        assert!(check_image_path("/etc/a.jpg").is_err());
        assert!(check_image_path("http://x/a.jpg").is_err());
        assert!(check_image_path("").is_err());
    }
}
