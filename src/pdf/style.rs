//! The look of the printed edition: page geometry, type sizes, leading, and
//! the faces text is set in, measured from the full fonts with ttf-parser.

use anyhow::{anyhow, Result};

use crate::fonts::Fonts;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;
/// A4 width in mm.
pub const PAGE_WIDTH: f32 = 210.0;
/// A4 height in mm.
pub const PAGE_HEIGHT: f32 = 297.0;
/// Body size in points.
pub const BODY_SIZE: u8 = 11;
/// The text width in body ems: a whole number, so that a line of Han
/// characters needs no stretching.
pub const MEASURE_EMS: f32 = 38.0;
/// Line height of body text, as a multiple of the body size.
pub const LEADING: f32 = 1.8;
/// Top of the text area, from the top edge of the page.
pub const TEXT_TOP: f32 = 30.0;
/// Bottom of the text area, from the top edge of the page.
pub const TEXT_BOTTOM: f32 = PAGE_HEIGHT - 26.0;
/// Baseline of the running head.
pub const HEAD_BASELINE: f32 = 20.0;
/// Baseline of the page number.
pub const FOOT_BASELINE: f32 = PAGE_HEIGHT - 15.0;
/// Size of the running head, page numbers and captions.
pub const SMALL_SIZE: u8 = 9;
/// Size of the title.
pub const TITLE_SIZE: u8 = 20;
/// Size of the subtitle.
pub const SUBTITLE_SIZE: u8 = 13;
/// Size of level-1 headings.
pub const H1_SIZE: u8 = 15;
/// Size of level-2 headings.
pub const H2_SIZE: u8 = 12;
/// Size of deeper headings.
pub const H3_SIZE: u8 = 11;

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

/// The faces the PDF sets text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Serif regular: body, captions, page numbers.
    Serif,
    /// Serif bold: lead sentences and other strong text.
    SerifBold,
    /// Sans bold: title, subtitle, headings, running head.
    SansBold,
}

impl Face {
    /// The font file this face is.
    pub fn font(self, fonts: &Fonts) -> &crate::fonts::Font {
        match self {
            Face::Serif => &fonts.serif,
            Face::SerifBold => &fonts.serif_bold,
            Face::SansBold => &fonts.sans_bold,
        }
    }
}

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
