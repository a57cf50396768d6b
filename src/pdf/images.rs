//! Image pass-through: the facts about a JPEG or PNG file that a PDF image
//! dictionary needs, read from its headers, so that the compressed data is
//! embedded unchanged instead of as decoded pixels — a JPEG as `/DCTDecode`,
//! a PNG's zlib stream as `/FlateDecode` with its PNG row filters
//! (`/Predictor 15`). Neither is decoded for the PDF, so a large photo costs
//! its file size, not three bytes a pixel. A PNG PDF cannot take as is
//! (alpha, a palette, 16 bits) is rewritten one row at a time.

use lopdf::{Dictionary, Object};

/// An image file to embed without decoding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    /// The compressed image data: the whole JPEG file, or the PNG's `IDAT`
    /// data joined (one zlib stream).
    pub data: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour components: 1 (grey) or 3 (YCbCr/RGB).
    pub components: u8,
    /// Which kind of data.
    pub kind: PassedKind,
}

/// The compression of [`Passed::data`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassedKind {
    /// A JPEG file (`/DCTDecode`).
    Jpeg,
    /// PNG image data: zlib with a filter byte before each row.
    Png,
}

impl Passed {
    /// The image XObject's dictionary, without `/Length`.
    pub fn dictionary(&self) -> Dictionary {
        let colour: &[u8] = if self.components == 1 {
            b"DeviceGray"
        } else {
            b"DeviceRGB"
        };
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Image".to_vec())),
            ("Width", Object::Integer(i64::from(self.width))),
            ("Height", Object::Integer(i64::from(self.height))),
            ("ColorSpace", Object::Name(colour.to_vec())),
            ("BitsPerComponent", Object::Integer(8)),
        ]);
        match self.kind {
            PassedKind::Jpeg => dict.set("Filter", Object::Name(b"DCTDecode".to_vec())),
            PassedKind::Png => {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                dict.set(
                    "DecodeParms",
                    Dictionary::from_iter(vec![
                        ("Predictor", Object::Integer(15)),
                        ("Colors", Object::Integer(i64::from(self.components))),
                        ("BitsPerComponent", Object::Integer(8)),
                        ("Columns", Object::Integer(i64::from(self.width))),
                    ]),
                );
            }
        }
        dict
    }
}

/// Reads the frame header of a JPEG file; `None` when the file is not a
/// JPEG this pass-through handles (e.g. CMYK), which is then drawn decoded.
pub fn jpeg_info(data: &[u8]) -> Option<Passed> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    loop {
        while *data.get(i)? == 0xFF && *data.get(i + 1)? == 0xFF {
            i += 1;
        }
        if *data.get(i)? != 0xFF {
            return None;
        }
        let marker = *data.get(i + 1)?;
        let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let seg = data.get(i + 4..i + 2 + len).filter(|s| s.len() >= 6)?;
            let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
            let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
            let components = seg[5];
            if seg[0] != 8 || !matches!(components, 1 | 3) || width == 0 || height == 0 {
                return None;
            }
            return Some(Passed {
                data: data.to_vec(),
                width,
                height,
                components,
                kind: PassedKind::Jpeg,
            });
        }
        i += 2 + len;
    }
}

/// Reads the chunks of a PNG file; `None` unless it is a kind PDF's PNG
/// predictors take as is: 8 bits per sample, grey or RGB without alpha, not
/// interlaced (other PNGs are drawn decoded). The `IDAT` chunks' CRCs are
/// checked; the zlib data itself was checked when the image was loaded.
pub fn png_info(data: &[u8]) -> Option<Passed> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.get(..8)? != SIGNATURE {
        return None;
    }
    let crc32 = |bytes: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        crc.sum()
    };
    let (mut i, mut header, mut idat) = (8, None, Vec::new());
    loop {
        let len = u32::from_be_bytes(data.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = data.get(i + 4..i + 8)?;
        let body = data.get(i + 8..i.checked_add(8 + len)?)?;
        let crc = u32::from_be_bytes(data.get(i + 8 + len..i + 12 + len)?.try_into().ok()?);
        if crc32(&data[i + 4..i + 8 + len]) != crc {
            return None;
        }
        match kind {
            b"IHDR" if body.len() == 13 => header = Some(body),
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    let h = header?;
    let width = u32::from_be_bytes(h[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(h[4..8].try_into().ok()?);
    let (depth, colour, interlace) = (h[8], h[9], h[12]);
    let components = match colour {
        0 => 1,
        2 => 3,
        _ => return None,
    };
    if depth != 8 || interlace != 0 || width == 0 || height == 0 || idat.is_empty() {
        return None;
    }
    Some(Passed {
        data: idat,
        width,
        height,
        components,
        kind: PassedKind::Png,
    })
}

/// Any other PNG that is not interlaced, rewritten row by row without
/// holding its pixels: a palette and bit depths under 8 expanded, 16 bits
/// cut to 8, alpha composited over white paper (what a reader of the EPUB
/// or the DOCX sees on a white page), each row compressed again unfiltered.
/// `None` for an interlaced PNG, which is drawn decoded.
pub fn png_rewritten(data: &[u8]) -> Option<Passed> {
    use png::{BitDepth, ColorType, Transformations};
    let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    if reader.info().interlaced {
        return None;
    }
    let (width, height) = reader.info().size();
    let (channels, components) = match reader.output_color_type() {
        (ColorType::Grayscale, BitDepth::Eight) => (1, 1),
        (ColorType::GrayscaleAlpha, BitDepth::Eight) => (2, 1),
        (ColorType::Rgb, BitDepth::Eight) => (3, 3),
        (ColorType::Rgba, BitDepth::Eight) => (4, 3),
        _ => return None,
    };
    let mut rows = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let mut out = Vec::with_capacity(1 + width as usize * components);
    while let Some(row) = reader.next_row().ok()? {
        out.clear();
        out.push(0); // filter type None
        for pixel in row.data().chunks_exact(channels) {
            let (colour, alpha) = pixel.split_at(components);
            let a = u32::from(alpha.first().copied().unwrap_or(255));
            out.extend(
                colour
                    .iter()
                    .map(|&c| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8),
            );
        }
        std::io::Write::write_all(&mut rows, &out).ok()?;
    }
    Some(Passed {
        data: rows.finish().ok()?,
        width,
        height,
        components: components as u8,
        kind: PassedKind::Png,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_size_and_components_of_a_jpeg() {
        let img = image::RgbImage::from_pixel(30, 20, image::Rgb([10, 200, 30]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageOutputFormat::Jpeg(80))
            .unwrap();
        let info = jpeg_info(out.get_ref()).unwrap();
        assert_eq!((info.width, info.height, info.components), (30, 20, 3));
        assert!(jpeg_info(b"not a jpeg").is_none());
        // A truncated frame header is refused, not a panic.
        assert!(jpeg_info(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x03, 0x08]).is_none());
    }

    fn png(image: image::DynamicImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageOutputFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_rgb_or_grey_png_passes_its_compressed_rows_through() {
        let rgb = image::RgbImage::from_fn(30, 20, |x, y| image::Rgb([x as u8 * 8, y as u8 * 12, 7]));
        let file = png(image::DynamicImage::ImageRgb8(rgb.clone()));
        let info = png_info(&file).unwrap();
        assert_eq!((info.width, info.height, info.components), (30, 20, 3));
        // The data is the zlib stream of filtered rows: inflated and
        // unfiltered, it is the picture (what a PDF reader does with
        // `/Predictor 15`).
        let mut rows = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&info.data[..]), &mut rows).unwrap();
        assert_eq!(rows.len(), 20 * (1 + 30 * 3));
        let dict = info.dictionary();
        assert_eq!(dict.get(b"Filter").unwrap().as_name().unwrap(), b"FlateDecode");
        let grey = image::GrayImage::from_pixel(5, 4, image::Luma([9]));
        let info = png_info(&png(image::DynamicImage::ImageLuma8(grey))).unwrap();
        assert_eq!((info.width, info.height, info.components), (5, 4, 1));
        // Alpha, 16 bits, a damaged chunk: drawn decoded instead.
        let rgba = image::RgbaImage::from_pixel(3, 3, image::Rgba([1, 2, 3, 4]));
        assert!(png_info(&png(image::DynamicImage::ImageRgba8(rgba))).is_none());
        let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_pixel(3, 3, image::Rgb([1, 2, 3]));
        assert!(png_info(&png(image::DynamicImage::ImageRgb16(deep))).is_none());
        let mut damaged = file.clone();
        let at = damaged.len() / 2;
        damaged[at] ^= 0xFF;
        assert!(png_info(&damaged).is_none());
        assert!(png_info(b"not a png").is_none());
    }

    /// The rows of a [`Passed`] PNG, unfiltered (every row has filter 0).
    fn rows(p: &Passed) -> Vec<Vec<u8>> {
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&p.data[..]), &mut data).unwrap();
        let stride = 1 + p.width as usize * usize::from(p.components);
        data.chunks(stride)
            .map(|r| {
                assert_eq!(r[0], 0);
                r[1..].to_vec()
            })
            .collect()
    }

    #[test]
    fn other_pngs_are_rewritten_on_white_paper() {
        let rgba = image::RgbaImage::from_fn(2, 1, |x, _| {
            if x == 0 {
                image::Rgba([255, 0, 0, 255])
            } else {
                image::Rgba([255, 0, 0, 128])
            }
        });
        let p = png_rewritten(&png(image::DynamicImage::ImageRgba8(rgba))).unwrap();
        assert_eq!((p.width, p.height, p.components), (2, 1, 3));
        assert_eq!(rows(&p), vec![vec![255, 0, 0, 255, 127, 127]]);
        // A palette of two colours, one bit a pixel.
        let mut file = Vec::new();
        let mut encoder = png::Encoder::new(&mut file, 3, 1);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_palette(vec![0, 0, 0, 10, 20, 30]);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&[0b0100_0000])
            .unwrap();
        let p = png_rewritten(&file).unwrap();
        assert_eq!(rows(&p), vec![vec![0, 0, 0, 10, 20, 30, 0, 0, 0]]);
        assert!(png_rewritten(b"not a png").is_none());
    }
}
