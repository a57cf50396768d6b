//! Writes the placeholder photos the summary's figures point at:
//! `cargo run --bin make-placeholders -- source/images`.
//!
//! Each is a 600×400 (3:2) grey JPEG crossed out and lettered
//! "PLACEHOLDER PHOTO N", so nobody mistakes it for the real photo.

use std::path::PathBuf;

use anyhow::{Context, Result};
use image::{ImageOutputFormat, Rgb, RgbImage};

const WIDTH: u32 = 600;
const HEIGHT: u32 = 400;

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
    let advance = 6 * scale;
    let width = advance * text.chars().count() as u32 - scale;
    let x0 = (WIDTH - width) / 2;
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

fn placeholder(n: u32) -> RgbImage {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([200, 200, 200]));
    let line = Rgb([150, 150, 150]);
    for x in 0..WIDTH {
        let y = x * (HEIGHT - 1) / (WIDTH - 1);
        for t in 0..3 {
            img.put_pixel(x, (y + t).min(HEIGHT - 1), line);
            img.put_pixel(x, (HEIGHT - 1 - y).saturating_sub(t), line);
        }
    }
    for x in 0..WIDTH {
        for t in 0..4 {
            img.put_pixel(x, t, line);
            img.put_pixel(x, HEIGHT - 1 - t, line);
        }
    }
    for y in 0..HEIGHT {
        for t in 0..4 {
            img.put_pixel(t, y, line);
            img.put_pixel(WIDTH - 1 - t, y, line);
        }
    }
    let ink = Rgb([60, 60, 60]);
    draw_text(&mut img, "PLACEHOLDER", 150, 8, ink);
    draw_text(&mut img, &format!("PHOTO {n}"), 230, 6, ink);
    img
}

fn main() -> Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "source/images".into()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for n in 1..=2 {
        let path = dir.join(format!("photo-{n}.jpg"));
        let mut bytes = Vec::new();
        placeholder(n)
            .write_to(&mut std::io::Cursor::new(&mut bytes), ImageOutputFormat::Jpeg(80))
            .context("cannot encode JPEG")?;
        std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}  {} bytes", path.display(), bytes.len());
    }
    Ok(())
}
