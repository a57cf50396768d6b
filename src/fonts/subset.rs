//! Font subsetting, for both the PDF and the EPUB (skera, fontations' port
//! of HarfBuzz's subsetter).
//!
//! [`subset`] keeps the glyphs of the characters asked for, every glyph the
//! layout features asked for can substitute for them, and every `name`
//! record, so the licence travels with the font. The two editions ask for
//! different features:
//!
//! - The PDF places every glyph where its own layout put it and shapes
//!   nothing: it asks for none ([`PLACED`]) and reads each character's new
//!   glyph id back from the subset's `cmap` (see `pdf::embedded`).
//! - An e-reader shapes the text itself, and what it can do with Chinese
//!   punctuation depends on the font's layout features ([`LAYOUT_FEATURES`]):
//!   `chws` and `halt` let it close the half-em blank between adjacent marks
//!   (CSS `text-spacing-trim`), `fwid` gives the full-width dash that makes
//!   `——` one unbroken line, `vert` the vertical forms; `kern`, `palt`,
//!   `locl` and `ccmp` are what they build on.
//!
//! The same input gives the same bytes.

use std::collections::BTreeSet;

use anyhow::{anyhow, Result};
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::FontRef;
use skera::{subset_font, Plan, SubsetFlags};

/// The layout features a reading system needs for Chinese text.
pub const LAYOUT_FEATURES: &[&[u8; 4]] = &[
    b"chws", b"halt", b"fwid", b"vert", b"kern", b"palt", b"locl", b"ccmp",
];

/// No layout features: for an edition whose glyphs are placed already.
pub const PLACED: &[&[u8; 4]] = &[];

/// A subset of the TrueType or OpenType font `font` holding the glyphs of
/// `chars` and every glyph the layout `features` can substitute for them,
/// with those features kept in `GSUB` and `GPOS`. Characters the font does
/// not map are left out, so a reader falls back to another font for them.
/// The same input gives the same bytes.
pub fn subset(font: &[u8], chars: &BTreeSet<char>, features: &[&[u8; 4]]) -> Result<Vec<u8>> {
    let font = FontRef::new(font).map_err(|e| anyhow!("cannot parse font: {e}"))?;
    let unicodes: IntSet<u32> = chars.iter().map(|&c| u32::from(c)).collect();
    let features: IntSet<Tag> = features.iter().map(|t| Tag::new(t)).collect();
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::new(0)..=NameId::new(u16::MAX));
    let mut languages = IntSet::<u16>::empty();
    languages.invert();
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        SubsetFlags::default(),
        &IntSet::empty(),
        &scripts,
        &features,
        &name_ids,
        &languages,
    );
    subset_font(&font, &plan).map_err(|e| anyhow!("cannot subset font: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The GSUB and GPOS feature tags of `font`.
    fn features(font: &[u8]) -> (BTreeSet<String>, BTreeSet<String>) {
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        let tags = |t: Option<ttf_parser::opentype_layout::LayoutTable>| {
            t.into_iter()
                .flat_map(|t| t.features.into_iter().map(|f| f.tag.to_string()))
                .collect()
        };
        (tags(face.tables().gsub), tags(face.tables().gpos))
    }

    #[test]
    fn punctuation_features_and_the_licence_are_kept() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let fonts = crate::fonts::Fonts::load(&dir).unwrap();
        let chars: BTreeSet<char> = "“伟大历程——中共一大”，《人民政协》《简史》。……".chars().collect();
        let full = &fonts.serif.data[..];
        let data = subset(full, &chars, LAYOUT_FEATURES).unwrap();
        assert!(data.len() < full.len() / 20, "{} bytes", data.len());
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        for c in &chars {
            assert!(face.glyph_index(*c).is_some(), "{c}");
        }
        let (gsub, gpos) = features(&data);
        assert!(gsub.contains("fwid") && gsub.contains("vert"), "GSUB {gsub:?}");
        assert!(gpos.contains("chws") && gpos.contains("halt"), "GPOS {gpos:?}");
        let licence = |f: &ttf_parser::Face| {
            f.names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::LICENSE)
                .count()
        };
        let original = ttf_parser::Face::parse(full, 0).unwrap();
        assert!(licence(&original) > 0);
        assert_eq!(licence(&face), licence(&original));
        assert_eq!(
            subset(full, &chars, LAYOUT_FEATURES).unwrap(),
            data,
            "not deterministic"
        );
    }

    #[test]
    fn not_a_font_is_an_error() {
        assert!(subset(b"not a font", &BTreeSet::from(['中']), PLACED).is_err());
    }
}
