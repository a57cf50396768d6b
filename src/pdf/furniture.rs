//! The running head and the page numbers, drawn as filled glyph outlines
//! inside a pagination `/Artifact`: seen on the page, but not part of the
//! text a reader extracts, copies or searches — `pdftotext` returns the
//! document's own text, with no title or page number between the last line
//! of one page and the first of the next.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt::Write;

use anyhow::{anyhow, Result};
use ttf_parser::{GlyphId, OutlineBuilder};

use super::layout::Mark;
use super::style::{self, Face, MM_PER_PT, PAGE_HEIGHT};
use crate::fonts::Fonts;

/// The glyphs drawn so far, by face and character: the outline as path
/// operators (`None` for a blank glyph) and the advance, in font units. The
/// same head and digits recur on every page; each glyph is traced once.
pub struct Glyphs {
    traced: HashMap<(Face, char), (Option<String>, f32)>,
    drawn: style::Glyphs,
}

impl Glyphs {
    /// None traced yet; each character drawn with the glyph `drawn` picks.
    pub fn new(drawn: style::Glyphs) -> Glyphs {
        Glyphs {
            traced: HashMap::new(),
            drawn,
        }
    }
}

/// The content-stream operators that draw `marks` (text and rules only).
pub fn content(marks: &[Mark], fonts: &Fonts, glyphs: &mut Glyphs) -> Result<Vec<u8>> {
    let mut out = String::from("/Artifact <</Type /Pagination>> BDC\nq\n0 g 0 G\n");
    let x_pt = |mm: f32| mm / MM_PER_PT;
    let y_pt = |mm: f32| (PAGE_HEIGHT - mm) / MM_PER_PT;
    for mark in marks {
        match mark {
            Mark::Text {
                x,
                baseline,
                style,
                text,
            } => {
                let face = fonts.get(style.face).face()?;
                let scale = f32::from(style.size) / f32::from(face.units_per_em());
                let mut pen = x_pt(*x);
                for c in text.chars() {
                    let (ops, advance) = match glyphs.traced.entry((style.face, c)) {
                        Entry::Occupied(known) => known.into_mut(),
                        Entry::Vacant(new) => {
                            let gid = face.glyph_index(glyphs.drawn.drawn_as(c)).ok_or_else(|| {
                                anyhow!("character U+{:04X} `{c}` is in none of the fonts", c as u32)
                            })?;
                            let mut path = Path::default();
                            let ops = face.outline_glyph(gid, &mut path).map(|_| path.ops);
                            new.insert((ops, advance(&face, gid)))
                        }
                    };
                    if let Some(ops) = ops {
                        let _ = writeln!(
                            out,
                            "q {scale:.5} 0 0 {scale:.5} {pen:.3} {:.3} cm\n{ops}f Q",
                            y_pt(*baseline),
                        );
                    }
                    pen += *advance * scale;
                }
            }
            Mark::Rule {
                x,
                y,
                width,
                thickness,
            } => {
                let _ = writeln!(
                    out,
                    "{:.3} w {:.3} {:.3} m {:.3} {:.3} l S",
                    x_pt(*thickness),
                    x_pt(*x),
                    y_pt(*y),
                    x_pt(x + width),
                    y_pt(*y)
                );
            }
            Mark::Square { .. } | Mark::Image { .. } => {
                return Err(anyhow!("page furniture holds only text and rules"))
            }
        }
    }
    out.push_str("Q\nEMC\n");
    Ok(out.into_bytes())
}

fn advance(face: &ttf_parser::Face, gid: GlyphId) -> f32 {
    f32::from(face.glyph_hor_advance(gid).unwrap_or(0))
}

/// A glyph outline as PDF path operators, in font units.
#[derive(Default)]
struct Path {
    ops: String,
    at: (f32, f32),
}

impl OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = writeln!(self.ops, "{x} {y} m");
        self.at = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let _ = writeln!(self.ops, "{x} {y} l");
        self.at = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The cubic Bézier equal to the quadratic one.
        let (x0, y0) = self.at;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.curve_to(c1.0, c1.1, c2.0, c2.1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = writeln!(self.ops, "{x1:.1} {y1:.1} {x2:.1} {y2:.1} {x} {y} c");
        self.at = (x, y);
    }

    fn close(&mut self) {
        self.ops.push_str("h\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_segments_become_cubic_ones() {
        let mut p = Path::default();
        p.move_to(0.0, 0.0);
        p.quad_to(3.0, 3.0, 6.0, 0.0);
        p.close();
        assert_eq!(p.ops, "0 0 m\n2.0 2.0 4.0 2.0 6 0 c\nh\n");
    }
}
