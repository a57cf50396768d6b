//! Font subsetting with a known glyph numbering.
//!
//! genpdfi's `subset_font_with_mapping` numbers the subset's glyphs in the
//! iteration order of a `HashSet`, which changes from run to run (and with
//! it the PDF's bytes). Its `subset_font` keeps the order of the text it is
//! given, so we hand it the characters in sorted order and derive the same
//! numbering ourselves: glyph 0 stays 0, then each new glyph gets the next
//! number, in order of first use. The result is checked against the subset
//! font's own advance widths. The char → glyph map is also what the
//! ToUnicode CMap is built from.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use anyhow::{anyhow, bail, Result};

use crate::fonts::Font;

/// A subset font and the glyph id of each character in it.
pub struct Subset {
    /// The subset font file (TrueType).
    pub data: Arc<Vec<u8>>,
    /// Character → glyph id in `data`.
    pub glyphs: BTreeMap<char, u16>,
}

/// Subsets `font` to `chars`.
pub fn subset(font: &Font, chars: &BTreeSet<char>) -> Result<Subset> {
    let face = font.face()?;
    let text: String = chars.iter().collect();
    let mut order: Vec<u16> = vec![0];
    let mut glyphs = BTreeMap::new();
    for &c in chars {
        let old = face.glyph_index(c).ok_or_else(|| {
            anyhow!(
                "character U+{:04X} `{c}` is not in `{}`",
                c as u32,
                font.file_name
            )
        })?;
        let new = match order.iter().position(|&g| g == old.0) {
            Some(k) => k,
            None => {
                order.push(old.0);
                order.len() - 1
            }
        };
        glyphs.insert(c, u16::try_from(new)?);
    }
    let data = genpdfi::subsetting::subset_font(&font.data, &text)
        .map_err(|e| anyhow!("cannot subset `{}`: {e}", font.file_name))?;
    let sub = ttf_parser::Face::parse(&data, 0)
        .map_err(|e| anyhow!("the subset of `{}` cannot be parsed: {e}", font.file_name))?;
    for (k, &old) in order.iter().enumerate() {
        let k = u16::try_from(k)?;
        let want = face.glyph_hor_advance(ttf_parser::GlyphId(old));
        if sub.glyph_hor_advance(ttf_parser::GlyphId(k)) != want {
            bail!(
                "the subset of `{}` does not number its glyphs as expected",
                font.file_name
            );
        }
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
    fn numbering_follows_sorted_characters_and_matches_outlines() {
        let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap();
        let chars: BTreeSet<char> = "大干子十斗，Ab1 “”".chars().collect();
        let s = subset(&fonts.serif, &chars).unwrap();
        let full = fonts.serif.face().unwrap();
        let sub = ttf_parser::Face::parse(&s.data, 0).unwrap();
        let ids: Vec<u16> = s.glyphs.values().copied().collect();
        assert_eq!(ids.iter().copied().max(), Some(chars.len() as u16));
        for (c, gid) in &s.glyphs {
            let old = full.glyph_index(*c).unwrap();
            assert_eq!(
                sub.glyph_bounding_box(ttf_parser::GlyphId(*gid)),
                full.glyph_bounding_box(old),
                "{c}"
            );
        }
        // Deterministic: the same characters give the same bytes.
        assert_eq!(subset(&fonts.serif, &chars).unwrap().data, s.data);
    }
}
