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

/// The encoded file formats the editions embed. A GIF (its first frame),
/// BMP, TIFF or WebP picture is converted to PNG when it is read
/// ([`convert_to_png`]); vector drawings (SVG, EMF, WMF) are refused.
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
    let data = match image::guess_format(&data) {
        Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png) => data,
        Ok(
            f @ (image::ImageFormat::Gif
            | image::ImageFormat::Bmp
            | image::ImageFormat::Tiff
            | image::ImageFormat::WebP),
        ) => convert_to_png(&data, f).map_err(|e| anyhow::anyhow!("image `{src}` cannot be decoded: {e}"))?,
        _ => match vector_kind(&data) {
            Some(kind) => bail!(
                "image `{src}` is {kind}, which zhpress cannot draw faithfully; export it as PNG (at 300 dpi for print) and link the PNG"
            ),
            None => bail!("image `{src}` is not a JPEG, PNG, GIF, BMP, TIFF or WebP file"),
        },
    };
    let format = match image::guess_format(&data) {
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        _ => ImageFormat::Png,
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

/// The picture in `data` (a GIF's first frame, a BMP, TIFF or WebP, in
/// `format`) as a PNG: 8-bit RGB, or RGBA when it has transparency. The
/// pixel limit is checked before the pixels are decoded. The same bytes
/// give the same PNG.
pub fn convert_to_png(data: &[u8], format: image::ImageFormat) -> Result<Vec<u8>, String> {
    let reader = image::io::Reader::with_format(std::io::Cursor::new(data), format);
    let (width, height) = reader.into_dimensions().map_err(|e| e.to_string())?;
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "it is {width} × {height} pixels, over the limit of {} million; scale it down",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    let image = image::load_from_memory_with_format(data, format).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut out);
    let result = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        image::ImageEncoder::write_image(encoder, &rgba, width, height, image::ColorType::Rgba8)
    } else {
        let rgb = image.to_rgb8();
        image::ImageEncoder::write_image(encoder, &rgb, width, height, image::ColorType::Rgb8)
    };
    result.map_err(|e| e.to_string())?;
    Ok(out)
}

/// What kind of vector drawing `data` is (`an SVG drawing`, `an EMF
/// drawing`, `a WMF drawing`), when it is one.
pub fn vector_kind(data: &[u8]) -> Option<&'static str> {
    let head = &data[..data.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg")) {
        return Some("an SVG drawing");
    }
    if data.len() >= 44 && data[..4] == [1, 0, 0, 0] && &data[40..44] == b" EMF" {
        return Some("an EMF drawing");
    }
    if data.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A])
        || data.starts_with(&[1, 0, 9, 0])
        || data.starts_with(&[2, 0, 9, 0])
    {
        return Some("a WMF drawing");
    }
    None
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
    use super::{check_image_path, convert_to_png, vector_kind};

    /// A 3 × 2 picture with one transparent pixel, encoded as `format`.
    fn encoded(format: image::ImageOutputFormat, alpha: bool) -> Vec<u8> {
        let mut img = image::RgbaImage::from_pixel(3, 2, image::Rgba([200, 16, 46, 255]));
        if alpha {
            img.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        }
        let mut out = std::io::Cursor::new(Vec::new());
        let dynamic = if alpha {
            image::DynamicImage::ImageRgba8(img)
        } else {
            image::DynamicImage::ImageRgb8(image::DynamicImage::ImageRgba8(img).to_rgb8())
        };
        dynamic.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn gif_bmp_tiff_and_webp_become_the_same_png_each_time() {
        use image::ImageFormat as F;
        use image::ImageOutputFormat as O;
        // A 1 × 1 lossless WebP (no WebP encoder is built in).
        let webp: &[u8] = &[
            0x52, 0x49, 0x46, 0x46, 0x1a, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 0x0d, 0,
            0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0,
        ];
        let cases = [
            (encoded(O::Gif, false), F::Gif, (3, 2)),
            (encoded(O::Bmp, false), F::Bmp, (3, 2)),
            (encoded(O::Tiff, true), F::Tiff, (3, 2)),
            (webp.to_vec(), F::WebP, (1, 1)),
        ];
        for (data, format, size) in cases {
            assert_eq!(image::guess_format(&data).unwrap(), format);
            let png = convert_to_png(&data, format).unwrap();
            assert_eq!(png, convert_to_png(&data, format).unwrap(), "{format:?}");
            let back = image::load_from_memory_with_format(&png, F::Png).unwrap();
            assert_eq!((back.width(), back.height()), size, "{format:?}");
            if format != F::WebP {
                assert_eq!(
                    back.to_rgba8().get_pixel(2, 1).0,
                    [200, 16, 46, 255],
                    "{format:?}"
                );
            }
        }
        let tiff = convert_to_png(&encoded(O::Tiff, true), F::Tiff).unwrap();
        let back = image::load_from_memory(&tiff).unwrap();
        assert!(back.color().has_alpha(), "transparency is kept");
        assert!(convert_to_png(b"GIF89a broken", F::Gif).is_err());
    }

    #[test]
    fn vector_drawings_are_named() {
        assert_eq!(
            vector_kind(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("an SVG drawing")
        );
        assert_eq!(
            vector_kind(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg/>"),
            Some("an SVG drawing")
        );
        let mut emf = vec![1, 0, 0, 0];
        emf.resize(40, 0);
        emf.extend_from_slice(b" EMF");
        assert_eq!(vector_kind(&emf), Some("an EMF drawing"));
        assert_eq!(
            vector_kind(&[0xD7, 0xCD, 0xC6, 0x9A, 0, 0]),
            Some("a WMF drawing")
        );
        assert_eq!(vector_kind(b"\x89PNG\r\n"), None);
    }

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
