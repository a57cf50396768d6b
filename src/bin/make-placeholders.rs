//! Writes the placeholder photos the summary's figures point at:
//! `cargo run --bin make-placeholders -- source/images`.
//!
//! Each is a 600×400 (3:2) grey JPEG crossed out and lettered
//! "PLACEHOLDER PHOTO N", so nobody mistakes it for the real photo.
//! With `--fixtures` it writes the test fixtures' images instead: a
//! landscape JPEG and a portrait PNG.

use std::path::PathBuf;

use anyhow::{Context, Result};
use image::{ImageOutputFormat, Rgb, RgbImage};

/// 5×7 bitmaps, one row a byte (bit 4 = leftmost column).
fn glyph(c: char) -> [u8; 7] {
    match c {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        _ => [0; 7],
    }
}

/// Draws `text` centred horizontally with its top at `y`, `scale` pixels a dot.
fn draw_text(img: &mut RgbImage, text: &str, y: u32, scale: u32, colour: Rgb<u8>) {
    let width_px = img.width();
    let advance = 6 * scale;
    let width = advance * text.chars().count() as u32 - scale;
    let x0 = width_px.saturating_sub(width) / 2;
    for (i, c) in text.chars().enumerate() {
        for (row, bits) in glyph(c).iter().enumerate() {
            for col in 0..5u32 {
                if bits & (0x10 >> col) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let x = x0 + i as u32 * advance + col * scale + dx;
                        img.put_pixel(x, y + row as u32 * scale + dy, colour);
                    }
                }
            }
        }
    }
}

fn placeholder(n: u32, (w, h): (u32, u32)) -> RgbImage {
    let (width, height) = (w, h);
    let mut img = RgbImage::from_pixel(width, height, Rgb([200, 200, 200]));
    let line = Rgb([150, 150, 150]);
    for x in 0..width {
        let y = x * (height - 1) / (width - 1);
        for t in 0..3 {
            img.put_pixel(x, (y + t).min(height - 1), line);
            img.put_pixel(x, (height - 1 - y).saturating_sub(t), line);
        }
    }
    for x in 0..width {
        for t in 0..4 {
            img.put_pixel(x, t, line);
            img.put_pixel(x, height - 1 - t, line);
        }
    }
    for y in 0..height {
        for t in 0..4 {
            img.put_pixel(t, y, line);
            img.put_pixel(width - 1 - t, y, line);
        }
    }
    let ink = Rgb([60, 60, 60]);
    let scale = width / 75;
    draw_text(&mut img, "PLACEHOLDER", height / 2 - 10 * scale, scale, ink);
    draw_text(
        &mut img,
        &format!("PHOTO {n}"),
        height / 2 + 2 * scale,
        scale * 3 / 4,
        ink,
    );
    img
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fixtures = args.iter().any(|a| a == "--fixtures");
    let dir = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .map_or("source/images", |s| s.as_str()),
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let files: &[(&str, u32, (u32, u32), ImageOutputFormat)] = if fixtures {
        &[
            ("landscape.jpg", 1, (300, 200), ImageOutputFormat::Jpeg(70)),
            ("portrait.png", 2, (200, 300), ImageOutputFormat::Png),
        ]
    } else {
        &[
            ("photo-1.jpg", 1, (600, 400), ImageOutputFormat::Jpeg(80)),
            ("photo-2.jpg", 2, (600, 400), ImageOutputFormat::Jpeg(80)),
        ]
    };
    for (name, n, size, format) in files {
        let path = dir.join(name);
        let mut bytes = Vec::new();
        placeholder(*n, *size)
            .write_to(&mut std::io::Cursor::new(&mut bytes), format.clone())
            .context("cannot encode the image")?;
        std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}  {} bytes", path.display(), bytes.len());
    }
    Ok(())
}
