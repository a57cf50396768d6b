//! ToUnicode CMaps built from the document's own characters.
//!
//! printpdf derives the ToUnicode map from the embedded font's `cmap`:
//! genpdfi's subsets have none (nothing could be extracted), and the full
//! fonts map glyphs shared with Kangxi radicals to the radicals (`⼤` for
//! `大`). Here every glyph maps back to the character the document drew with
//! it, so copying and searching return the source text.

use std::collections::BTreeMap;
use std::fmt::Write;

/// The most entries a `beginbfchar` section may hold.
const SECTION: usize = 100;

/// A ToUnicode CMap for a font whose glyph ids are `glyphs` (character →
/// glyph id). Should two characters share a glyph, the first one (in code
/// point order) is what the glyph extracts as.
pub fn cmap(glyphs: &BTreeMap<char, u16>) -> Vec<u8> {
    let mut by_glyph: BTreeMap<u16, char> = BTreeMap::new();
    for (&c, &g) in glyphs {
        by_glyph.entry(g).or_insert(c);
    }
    let entries: Vec<(u16, char)> = by_glyph.into_iter().collect();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for section in entries.chunks(SECTION) {
        let _ = writeln!(out, "{} beginbfchar", section.len());
        for (g, c) in section {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(out, "<{g:04X}> <{hex}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_each_glyph_to_its_character_in_sections_of_100() {
        let mut glyphs: BTreeMap<char, u16> = BTreeMap::new();
        glyphs.insert('大', 1);
        glyphs.insert('𠀀', 2);
        for k in 0..150u16 {
            glyphs.insert(char::from_u32(0x4E00 + u32::from(k) + 1).unwrap(), k + 3);
        }
        let text = String::from_utf8(cmap(&glyphs)).unwrap();
        assert!(text.contains("<0001> <5927>"));
        assert!(text.contains("<0002> <D840DC00>"), "surrogate pair");
        assert_eq!(text.matches("beginbfchar").count(), 2);
        assert!(text.contains("100 beginbfchar") && text.contains("52 beginbfchar"));
    }

    #[test]
    fn a_shared_glyph_extracts_as_the_first_character() {
        let glyphs: BTreeMap<char, u16> = [('⼤', 7), ('大', 7)].into_iter().collect();
        let text = String::from_utf8(cmap(&glyphs)).unwrap();
        assert!(text.contains("<0007> <2F24>"));
        assert_eq!(text.matches("<0007>").count(), 1);
    }
}
