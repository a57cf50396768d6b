//! The printed edition's page geometry and font measurement: the house style
//! ([`crate::style`]) in millimetres, and advance widths measured from the
//! full fonts with ttf-parser.

use anyhow::{anyhow, Result};

use crate::fonts::Fonts;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = crate::style::MM_PER_PT;
/// A4 width in mm.
pub const PAGE_WIDTH: f32 = crate::style::PAGE_WIDTH_MM;
/// A4 height in mm.
pub const PAGE_HEIGHT: f32 = crate::style::PAGE_HEIGHT_MM;
pub use crate::style::{BODY_SIZE, LEADING, MEASURE_EMS};
/// Top of the text area, from the top edge of the page.
pub const TEXT_TOP: f32 = crate::style::MARGIN_TOP_MM;
/// Bottom of the text area, from the top edge of the page.
pub const TEXT_BOTTOM: f32 = PAGE_HEIGHT - crate::style::MARGIN_BOTTOM_MM;
/// Baseline of the running head.
pub const HEAD_BASELINE: f32 = 20.0;
/// Baseline of the page number.
pub const FOOT_BASELINE: f32 = PAGE_HEIGHT - 15.0;
/// Size of the running head and page numbers.
pub const SMALL_SIZE: u8 = crate::style::FURNITURE_SIZE;

/// The width of the text area in mm.
pub fn text_width() -> f32 {
    MEASURE_EMS * pt(BODY_SIZE)
}

/// The left margin in mm (the text block is centred on the page).
pub fn left_margin() -> f32 {
    (PAGE_WIDTH - text_width()) / 2.0
}

/// A size in points as mm.
pub fn pt(size: u8) -> f32 {
    f32::from(size) * MM_PER_PT
}

pub use crate::fonts::Face;

/// A face at a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextStyle {
    /// The face.
    pub face: Face,
    /// The size in points (genpdfi sizes are whole points).
    pub size: u8,
}

impl TextStyle {
    /// Body text.
    pub const BODY: TextStyle = TextStyle {
        face: Face::Serif,
        size: BODY_SIZE,
    };
}

/// Advance widths of the three faces, read from the full font files.
pub struct Metrics<'a> {
    faces: [(Face, ttf_parser::Face<'a>); 3],
}

impl<'a> Metrics<'a> {
    /// Parses the three faces.
    pub fn new(fonts: &'a Fonts) -> Result<Metrics<'a>> {
        Ok(Metrics {
            faces: [
                (Face::Serif, fonts.serif.face()?),
                (Face::SerifBold, fonts.serif_bold.face()?),
                (Face::SansBold, fonts.sans_bold.face()?),
            ],
        })
    }

    fn face(&self, face: Face) -> &ttf_parser::Face<'a> {
        &self.faces.iter().find(|(f, _)| *f == face).expect("all faces").1
    }

    /// The advance width of `c` in `style`, in mm; an error naming the
    /// character (`U+XXXX`) when the face has no glyph for it.
    pub fn advance(&self, style: TextStyle, c: char) -> Result<f32> {
        if c == '\n' {
            return Ok(0.0);
        }
        let face = self.face(style.face);
        let gid = face
            .glyph_index(c)
            .ok_or_else(|| anyhow!("character U+{:04X} `{c}` is in none of the fonts", c as u32))?;
        let advance = f32::from(face.glyph_hor_advance(gid).unwrap_or(0));
        Ok(advance / f32::from(face.units_per_em()) * pt(style.size))
    }
}
