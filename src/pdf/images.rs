//! JPEG pass-through: the facts about a JPEG file that a PDF image
//! dictionary needs, read from its frame header, so that the file can be
//! embedded unchanged (`/DCTDecode`) instead of as decoded pixels.

/// A JPEG file to embed as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JpegInfo {
    /// The file.
    pub data: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour components: 1 (grey) or 3 (YCbCr/RGB).
    pub components: u8,
}

/// Reads the frame header of a JPEG file; `None` when the file is not a
/// JPEG this pass-through handles (e.g. CMYK), which is then drawn decoded.
pub fn jpeg_info(data: &[u8]) -> Option<JpegInfo> {
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
            return Some(JpegInfo {
                data: data.to_vec(),
                width,
                height,
                components,
            });
        }
        i += 2 + len;
    }
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
}
