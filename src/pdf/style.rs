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

pub use crate::style::Face;

/// A face at a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextStyle {
    /// The face.
    pub face: Face,
    /// The size in points (genpdfi sizes are whole points).
    pub size: u8,
    /// Whether each character has an emphasis dot (着重号) under it.
    pub dots: bool,
}

impl TextStyle {
    /// Body text.
    pub const BODY: TextStyle = TextStyle::new(Face::Serif, BODY_SIZE);

    /// `face` at `size`, without emphasis dots.
    pub const fn new(face: Face, size: u8) -> TextStyle {
        TextStyle {
            face,
            size,
            dots: false,
        }
    }
}

/// The character whose glyph draws a character in the PDF.
///
/// Noto's U+2014 `—` is 0.89 em wide with side bearings, so `——` printed
/// with it shows two dashes and a gap. The PDF draws `—` with the face's
/// U+2500 `─` instead: a full em, inked from edge to edge on the
/// ideographic centre line, so that `——` is one unbroken 2-em dash. The
/// ToUnicode map still reads the glyph as `—`; a document that uses `─`
/// itself keeps Noto's dash, so that each glyph reads as one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    full_width_dash: bool,
}

impl Glyphs {
    /// The choice for a document whose text is `used`, set in `fonts`.
    pub fn for_text<'s>(fonts: &Fonts, mut used: impl Iterator<Item = &'s str>) -> Result<Glyphs> {
        let mut all_have_rule = true;
        for font in [&fonts.serif, &fonts.serif_bold, &fonts.sans_bold] {
            all_have_rule &= font.face()?.glyph_index(RULE).is_some();
        }
        Ok(Glyphs {
            full_width_dash: all_have_rule && !used.any(|t| t.contains(RULE)),
        })
    }

    /// The character whose glyph draws `c`.
    pub fn drawn_as(self, c: char) -> char {
        if c == '—' && self.full_width_dash {
            RULE
        } else {
            c
        }
    }
}

/// U+2500 BOX DRAWINGS LIGHT HORIZONTAL.
const RULE: char = '─';

/// Advance widths of the three faces, read from the full font files.
pub struct Metrics<'a> {
    faces: [(Face, ttf_parser::Face<'a>); 3],
    glyphs: Glyphs,
}

impl<'a> Metrics<'a> {
    /// Parses the three faces; characters are measured as `glyphs` draws them.
    pub fn new(fonts: &'a Fonts, glyphs: Glyphs) -> Result<Metrics<'a>> {
        Ok(Metrics {
            faces: [
                (Face::Serif, fonts.serif.face()?),
                (Face::SerifBold, fonts.serif_bold.face()?),
                (Face::SansBold, fonts.sans_bold.face()?),
            ],
            glyphs,
        })
    }

    /// Which glyph draws each character.
    pub fn glyphs(&self) -> Glyphs {
        self.glyphs
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
            .glyph_index(self.glyphs.drawn_as(c))
            .ok_or_else(|| anyhow!("character U+{:04X} `{c}` is in none of the fonts", c as u32))?;
        let advance = f32::from(face.glyph_hor_advance(gid).unwrap_or(0));
        Ok(advance / f32::from(face.units_per_em()) * pt(style.size))
    }
}
