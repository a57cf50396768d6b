//! The fonts the PDF embeds: each face subset to the characters the pages
//! use, with the glyph id of each character.
//!
//! genpdfi's own subsetting numbers glyphs in the iteration order of a
//! `HashSet` (different bytes on every run) and drops the `cmap`. The
//! project's subsetter ([`crate::fonts::subset`], shared with the EPUB,
//! asked for no layout features) keeps the `cmap` and the `name` table (the
//! licence notice) and is deterministic;
//! the character → glyph map is read back from the subset's own `cmap`,
//! checked against the full font's advance widths, and is what the drawing
//! and the ToUnicode CMap use.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{anyhow, bail, Result};

use super::style::Glyphs;
use crate::fonts::subset::{subset as subset_font, PLACED};
use crate::fonts::Font;

/// A subset font and the glyph id of each character in it.
pub struct Subset {
    /// The subset font file (TrueType).
    pub data: Arc<Vec<u8>>,
    /// Character → glyph id in `data`.
    pub glyphs: BTreeMap<char, u16>,
}

/// Subsets `font` to the glyphs that draw `chars` (see [`Glyphs`]).
pub fn subset(font: &Font, chars: &BTreeSet<char>, drawn: Glyphs) -> Result<Subset> {
    let face = font.face()?;
    let mut glyph_chars: BTreeSet<char> = chars.iter().map(|&c| drawn.drawn_as(c)).collect();
    if glyph_chars.is_empty() {
        // A face the pages never use is still handed to genpdfi, whose
        // metrics reader refuses a font without a `cmap`: keep the space.
        glyph_chars.insert(' ');
    }
    let data = subset_font(&font.data, &glyph_chars, PLACED)
        .map_err(|e| anyhow!("cannot subset `{}`: {e:#}", font.file_name))?;
    let sub = ttf_parser::Face::parse(&data, 0)
        .map_err(|e| anyhow!("the subset of `{}` cannot be parsed: {e}", font.file_name))?;
    let mut glyphs = BTreeMap::new();
    for &c in chars {
        let missing = || {
            anyhow!(
                "character U+{:04X} `{c}` is not in `{}`",
                c as u32,
                font.file_name
            )
        };
        let old = face.glyph_index(drawn.drawn_as(c)).ok_or_else(missing)?;
        let new = sub.glyph_index(drawn.drawn_as(c)).ok_or_else(missing)?;
        if sub.glyph_hor_advance(new) != face.glyph_hor_advance(old) {
            bail!("the subset of `{}` gives `{c}` another width", font.file_name);
        }
        glyphs.insert(c, new.0);
    }
    Ok(Subset {
        data: Arc::new(data),
        glyphs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Fonts;
    use std::path::Path;

    #[test]
    fn glyph_ids_point_at_the_same_outlines() {
        let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap();
        let chars: BTreeSet<char> = "大干子十斗，Ab1 “”——".chars().collect();
        let drawn = Glyphs::for_text(&fonts, std::iter::empty()).unwrap();
        let s = subset(&fonts.serif, &chars, drawn).unwrap();
        let full = fonts.serif.face().unwrap();
        let sub = ttf_parser::Face::parse(&s.data, 0).unwrap();
        for (c, gid) in &s.glyphs {
            let old = full.glyph_index(drawn.drawn_as(*c)).unwrap();
            assert_eq!(
                sub.glyph_bounding_box(ttf_parser::GlyphId(*gid)),
                full.glyph_bounding_box(old),
                "{c}"
            );
        }
        // Deterministic: the same characters give the same bytes.
        assert_eq!(subset(&fonts.serif, &chars, drawn).unwrap().data, s.data);
    }
}
