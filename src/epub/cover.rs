//! The generated cover: the title, subtitle and author set in the house
//! fonts on a portrait PNG, for the shelf of a reading system.
//!
//! The glyph outlines come from the full fonts (ttf-parser) and are filled
//! with ab_glyph_rasterizer; lines are broken with [`crate::text::linebreak`], so a
//! long title wraps where the body text could. The image is an indexed PNG
//! (paper, sixteen grades of ink, one red): small, quick to compress, and the
//! same bytes for the same metadata.

use ab_glyph_rasterizer::{point, Point, Rasterizer};
use anyhow::{anyhow, Context, Result};

use crate::fonts::{Font, Fonts};
use crate::model::{Metadata, Punctuation};
use crate::text::linebreak::{self, Item, Measure};

/// Width of the cover in pixels.
pub const WIDTH: u32 = 1600;
/// Height of the cover in pixels (2:3, as e-reader shelves show books).
pub const HEIGHT: u32 = 2400;

/// Left and right margin of the text, in pixels.
const MARGIN: f32 = 180.0;
/// The paper colour.
const PAPER: [u8; 3] = [250, 247, 240];
/// The ink colour.
const INK: [u8; 3] = [28, 28, 28];
/// The red of the band and the rule.
const RED: [u8; 3] = [178, 34, 34];
/// Grades of ink between paper (0) and full ink (`GRADES - 1`).
const GRADES: u8 = 16;
/// The palette index of [`RED`].
const RED_INDEX: u8 = GRADES;

/// An 8-bit indexed image.
struct Canvas {
    pixels: Vec<u8>,
    /// How punctuation is set (the book's choice).
    punctuation: Punctuation,
}

impl Canvas {
    fn new(punctuation: Punctuation) -> Canvas {
        Canvas {
            pixels: vec![0; (WIDTH * HEIGHT) as usize],
            punctuation,
        }
    }

    /// Fills the rectangle `x0..x1`, `y0..y1` (clipped) with palette index `index`.
    fn fill(&mut self, x0: u32, y0: u32, x1: u32, y1: u32, index: u8) {
        for y in y0.min(HEIGHT)..y1.min(HEIGHT) {
            let row = (y * WIDTH) as usize;
            self.pixels[row + x0.min(WIDTH) as usize..row + x1.min(WIDTH) as usize].fill(index);
        }
    }

    /// Sets `text` in `font` at `size` pixels, broken into centred lines
    /// `leading` × `size` apart, the first baseline at `baseline`; returns
    /// the last line's baseline.
    fn centred(&mut self, font: &Font, text: &str, size: f32, leading: f32, baseline: f32) -> Result<f32> {
        let punctuation = self.punctuation;
        let face = font.face()?;
        let scale = size / f32::from(face.units_per_em());
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        let glyphs = chars
            .iter()
            .map(|&c| {
                face.glyph_index(c).ok_or_else(|| {
                    anyhow!(
                        "character U+{:04X} `{c}` is not in `{}`",
                        c as u32,
                        font.file_name
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let items: Vec<Item> = chars
            .iter()
            .zip(&glyphs)
            .map(|(&ch, &g)| {
                Item::new(
                    ch,
                    f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * scale,
                    size,
                )
            })
            .collect();
        let measure = Measure {
            width: WIDTH as f32 - 2.0 * MARGIN,
            first_indent: 0.0,
            max_stretch: 0.0,
            max_shrink: 0.0,
            justify: false,
            punctuation,
        };
        let mut y = baseline;
        for line in linebreak::fit(&items, &linebreak::breaks(&chars), &measure) {
            let left = MARGIN + (measure.width - line.end_x) / 2.0;
            for (k, i) in line.range.clone().enumerate() {
                self.glyph(&face, glyphs[i], scale, left + line.x[k], y);
            }
            y += size * leading;
        }
        Ok(y - size * leading)
    }

    /// Fills glyph `gid` with its origin at (`x`, `baseline`).
    fn glyph(
        &mut self,
        face: &ttf_parser::Face,
        gid: ttf_parser::GlyphId,
        scale: f32,
        x: f32,
        baseline: f32,
    ) {
        let Some(bbox) = face.glyph_bounding_box(gid) else {
            return; // a space
        };
        let left = (x + f32::from(bbox.x_min) * scale).floor();
        let top = (baseline - f32::from(bbox.y_max) * scale).floor();
        let width = (x + f32::from(bbox.x_max) * scale).ceil() - left + 1.0;
        let height = (baseline - f32::from(bbox.y_min) * scale).ceil() - top + 1.0;
        let mut pen = Pen {
            raster: Rasterizer::new(width as usize, height as usize),
            to: |px: f32, py: f32| point(x + px * scale - left, baseline - py * scale - top),
            start: point(0.0, 0.0),
            last: point(0.0, 0.0),
        };
        if face.outline_glyph(gid, &mut pen).is_none() {
            return;
        }
        let (left, top) = (left as i64, top as i64);
        pen.raster.for_each_pixel_2d(|px, py, coverage| {
            let (cx, cy) = (left + i64::from(px), top + i64::from(py));
            if coverage <= 0.0 || cx < 0 || cy < 0 || cx >= i64::from(WIDTH) || cy >= i64::from(HEIGHT) {
                return;
            }
            let grade = (coverage.min(1.0) * f32::from(GRADES - 1)).round() as u8;
            let pixel = &mut self.pixels[(cy * i64::from(WIDTH) + cx) as usize];
            if *pixel < GRADES {
                *pixel = (*pixel).max(grade);
            }
        });
    }

    /// The canvas as a PNG.
    fn png(&self) -> Result<Vec<u8>> {
        let mut palette = Vec::new();
        for g in 0..GRADES {
            let t = f32::from(g) / f32::from(GRADES - 1);
            palette.extend(
                PAPER
                    .iter()
                    .zip(INK)
                    .map(|(&p, i)| (f32::from(p) + (f32::from(i) - f32::from(p)) * t).round() as u8),
            );
        }
        palette.extend(RED);
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette);
        encoder.set_compression(png::Compression::Fast);
        // Palette indices are not magnitudes: filtering them gains nothing.
        encoder.set_filter(png::Filter::NoFilter);
        let mut writer = encoder.write_header().context("cover: PNG header")?;
        writer.write_image_data(&self.pixels).context("cover: PNG data")?;
        writer.finish().context("cover: PNG end")?;
        Ok(out)
    }
}

/// Forwards a glyph outline, scaled and placed, to the rasterizer.
struct Pen<F: Fn(f32, f32) -> Point> {
    raster: Rasterizer,
    to: F,
    start: Point,
    last: Point,
}

impl<F: Fn(f32, f32) -> Point> ttf_parser::OutlineBuilder for Pen<F> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = (self.to)(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = (self.to)(x, y);
        self.raster.draw_line(self.last, p);
        self.last = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = ((self.to)(x1, y1), (self.to)(x, y));
        self.raster.draw_quad(self.last, c, p);
        self.last = p;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = ((self.to)(x1, y1), (self.to)(x2, y2), (self.to)(x, y));
        self.raster.draw_cubic(self.last, c1, c2, p);
        self.last = p;
    }

    fn close(&mut self) {
        if self.last != self.start {
            self.raster.draw_line(self.last, self.start);
        }
        self.last = self.start;
    }
}

/// The cover for `meta`: a red band at the top, the title in the heading
/// face (as large as fits one line, within limits), a red rule, the
/// subtitle in the heading face, and the author in the body face near the
/// foot. A PNG of [`WIDTH`] × [`HEIGHT`].
pub fn render(meta: &Metadata, fonts: &Fonts) -> Result<Vec<u8>> {
    let mut canvas = Canvas::new(meta.punctuation);
    canvas.fill(0, 0, WIDTH, 220, RED_INDEX);
    let measure = WIDTH as f32 - 2.0 * MARGIN;
    let chars = meta.title.chars().count().max(1) as f32;
    let title_size = (measure / chars).clamp(84.0, 132.0);
    let last = canvas.centred(&fonts.sans_bold, &meta.title, title_size, 1.35, 760.0)?;
    let rule = (last + 0.9 * title_size) as u32;
    canvas.fill(WIDTH / 2 - 160, rule, WIDTH / 2 + 160, rule + 10, RED_INDEX);
    if let Some(subtitle) = &meta.subtitle {
        canvas.centred(&fonts.sans_bold, subtitle, 56.0, 1.5, rule as f32 + 150.0)?;
    }
    if let Some(author) = &meta.author {
        canvas.centred(&fonts.serif, author, 64.0, 1.5, 0.82 * HEIGHT as f32)?;
    }
    canvas.png()
}
