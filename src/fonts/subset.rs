//! TrueType font subsetting that keeps a working `cmap`.
//!
//! [`subset`] takes a TrueType (glyf-outline) font and a set of characters and
//! returns a smaller, valid TrueType font holding only the glyphs those
//! characters need: glyph 0 (`.notdef`), one glyph per character the font
//! maps, and every component of a composite glyph. Glyphs are renumbered in
//! that order. The result carries the tables a renderer needs — `cmap`
//! (format 4 and 12), `glyf`/`loca`, `hmtx`/`hhea`, `maxp`, `head`, `name`,
//! `OS/2`, `post` (version 3, no glyph names) and, when present, the global
//! hinting tables `prep`, `cvt `, `fpgm` and `gasp` — so it works as a CSS
//! `@font-face` source. Layout tables (`GSUB`, `GPOS`, vertical metrics) are
//! left out. The `name` table is copied whole: it holds the copyright and the
//! licence notice.
//!
//! The function is pure and never panics on bad input: a font it cannot read
//! gives an error.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{anyhow, bail, Context, Result};

/// Tables copied unchanged when the font has them (the global hinting
/// program and the rasteriser hints refer to no glyph ids).
const COPIED_TABLES: [&[u8; 4]; 5] = [b"name", b"prep", b"cvt ", b"fpgm", b"gasp"];

/// Composite glyph flags (OpenType `glyf` table).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// Returns a TrueType font holding only the glyphs `chars` need (see the
/// module documentation). Characters the font does not map are left out, so
/// a reader falls back to another font for them.
pub fn subset(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).map_err(|e| anyhow!("cannot parse font: {e}"))?;
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| {
        raw.table(ttf_parser::Tag::from_bytes(tag))
            .ok_or_else(|| anyhow!("font has no `{}` table", String::from_utf8_lossy(tag)))
    };
    let head = table(b"head")?;
    let hhea = table(b"hhea")?;
    let maxp = table(b"maxp")?;
    let os2 = table(b"OS/2")?;
    let post = table(b"post")?;
    let glyphs = Glyphs::new(table(b"glyf")?, table(b"loca")?, head, maxp)?;
    let metrics = Metrics::new(table(b"hmtx")?, hhea, glyphs.count)?;

    // Glyph 0, then one glyph per character (in character order), then the
    // components of composite glyphs.
    let mut order: Vec<u16> = vec![0];
    let mut new_id: HashMap<u16, u16> = HashMap::from([(0, 0)]);
    let mut mapping: Vec<(char, u16)> = Vec::new();
    for &ch in chars {
        let Some(old) = face.glyph_index(ch) else {
            continue;
        };
        let id = add_glyph(old.0, &mut order, &mut new_id)?;
        mapping.push((ch, id));
    }
    let mut next = 0;
    while next < order.len() {
        for component in glyphs.components(order[next])? {
            add_glyph(component, &mut order, &mut new_id)?;
        }
        next += 1;
    }

    let mut glyf = Vec::new();
    let mut loca = Vec::with_capacity(4 * (order.len() + 1));
    let mut hmtx = Vec::with_capacity(4 * order.len());
    for &old in &order {
        loca.extend_from_slice(&offset32(glyf.len())?.to_be_bytes());
        glyf.extend_from_slice(&glyphs.renumbered(old, &new_id)?);
        glyf.resize(glyf.len().next_multiple_of(4), 0);
        let (advance, lsb) = metrics.get(old)?;
        hmtx.extend_from_slice(&advance.to_be_bytes());
        hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    loca.extend_from_slice(&offset32(glyf.len())?.to_be_bytes());
    let count = u16::try_from(order.len()).context("too many glyphs")?;

    let mut tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    let mut head = head.to_vec();
    check_len(&head, 54, "head")?;
    head[8..12].fill(0); // checkSumAdjustment, set once the file is complete
    head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca offsets
    tables.insert(*b"head", head);
    let mut hhea = hhea.to_vec();
    hhea[34..36].copy_from_slice(&count.to_be_bytes()); // numberOfHMetrics
    tables.insert(*b"hhea", hhea);
    let mut maxp = maxp.to_vec();
    maxp[4..6].copy_from_slice(&count.to_be_bytes()); // numGlyphs
    tables.insert(*b"maxp", maxp);
    let mut os2 = os2.to_vec();
    check_len(&os2, 68, "OS/2")?;
    let bmp = |c: char| u16::try_from(u32::from(c)).unwrap_or(u16::MAX);
    if let (Some(first), Some(last)) = (mapping.first(), mapping.last()) {
        os2[64..66].copy_from_slice(&bmp(first.0).to_be_bytes()); // usFirstCharIndex
        os2[66..68].copy_from_slice(&bmp(last.0).to_be_bytes()); // usLastCharIndex
    }
    tables.insert(*b"OS/2", os2);
    let mut post = post
        .get(..32)
        .context("font has a truncated `post` table")?
        .to_vec();
    post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes()); // no glyph names
    tables.insert(*b"post", post);
    tables.insert(*b"cmap", cmap(&mapping)?);
    tables.insert(*b"glyf", glyf);
    tables.insert(*b"loca", loca);
    tables.insert(*b"hmtx", hmtx);
    for tag in COPIED_TABLES {
        if let Some(data) = raw.table(ttf_parser::Tag::from_bytes(tag)) {
            tables.insert(*tag, data.to_vec());
        }
    }
    assemble(&tables)
}

/// Gives `old` a new glyph id (its position in `order`) unless it has one.
fn add_glyph(old: u16, order: &mut Vec<u16>, new_id: &mut HashMap<u16, u16>) -> Result<u16> {
    if let Some(&id) = new_id.get(&old) {
        return Ok(id);
    }
    let id = u16::try_from(order.len()).context("too many glyphs")?;
    order.push(old);
    new_id.insert(old, id);
    Ok(id)
}

fn check_len(data: &[u8], min: usize, tag: &str) -> Result<()> {
    if data.len() < min {
        bail!("font has a truncated `{tag}` table");
    }
    Ok(())
}

fn offset32(n: usize) -> Result<u32> {
    u32::try_from(n).context("subset font too large")
}

fn u16_at(data: &[u8], at: usize) -> Result<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| anyhow!("font data truncated at byte {at}"))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| anyhow!("font data truncated at byte {at}"))
}

/// The `glyf` table, indexed through `loca`.
struct Glyphs<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long_offsets: bool,
    count: u16,
}

impl<'a> Glyphs<'a> {
    fn new(glyf: &'a [u8], loca: &'a [u8], head: &[u8], maxp: &[u8]) -> Result<Glyphs<'a>> {
        let long_offsets = u16_at(head, 50)? == 1;
        let count = u16_at(maxp, 4)?;
        Ok(Glyphs {
            glyf,
            loca,
            long_offsets,
            count,
        })
    }

    /// The raw data of glyph `id` (empty for a glyph without outline).
    fn data(&self, id: u16) -> Result<&'a [u8]> {
        if id >= self.count {
            bail!("glyph {id} is out of range (the font has {})", self.count);
        }
        let i = usize::from(id);
        let (start, end) = if self.long_offsets {
            (u32_at(self.loca, 4 * i)?, u32_at(self.loca, 4 * i + 4)?)
        } else {
            (
                u32::from(u16_at(self.loca, 2 * i)?) * 2,
                u32::from(u16_at(self.loca, 2 * i + 2)?) * 2,
            )
        };
        let (start, end) = (start as usize, end as usize);
        self.glyf
            .get(start..end.max(start))
            .ok_or_else(|| anyhow!("glyph {id} lies outside the `glyf` table"))
    }

    /// The glyph ids a composite glyph refers to, and the byte offset of each
    /// reference inside the glyph's data; nothing for a simple glyph.
    fn component_refs(&self, id: u16) -> Result<Vec<(usize, u16)>> {
        let data = self.data(id)?;
        if data.is_empty() || (u16_at(data, 0)? as i16) >= 0 {
            return Ok(Vec::new());
        }
        let mut refs = Vec::new();
        let mut at = 10;
        loop {
            let flags = u16_at(data, at)?;
            refs.push((at + 2, u16_at(data, at + 2)?));
            at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
            at += if flags & WE_HAVE_A_SCALE != 0 {
                2
            } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
                4
            } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
                8
            } else {
                0
            };
            if flags & MORE_COMPONENTS == 0 {
                return Ok(refs);
            }
        }
    }

    fn components(&self, id: u16) -> Result<Vec<u16>> {
        Ok(self.component_refs(id)?.into_iter().map(|r| r.1).collect())
    }

    /// Glyph `id`'s data with component references rewritten to new ids.
    fn renumbered(&self, id: u16, new_id: &HashMap<u16, u16>) -> Result<Vec<u8>> {
        let mut data = self.data(id)?.to_vec();
        for (at, old) in self.component_refs(id)? {
            let new = new_id
                .get(&old)
                .ok_or_else(|| anyhow!("component glyph {old} was not kept"))?;
            data[at..at + 2].copy_from_slice(&new.to_be_bytes());
        }
        Ok(data)
    }
}

/// Horizontal metrics (`hmtx` with `hhea.numberOfHMetrics`).
struct Metrics<'a> {
    hmtx: &'a [u8],
    long: usize,
}

impl<'a> Metrics<'a> {
    fn new(hmtx: &'a [u8], hhea: &[u8], count: u16) -> Result<Metrics<'a>> {
        check_len(hhea, 36, "hhea")?;
        let long = usize::from(u16_at(hhea, 34)?);
        if long == 0 || long > usize::from(count) {
            bail!("font has an invalid numberOfHMetrics ({long})");
        }
        Ok(Metrics { hmtx, long })
    }

    /// Advance width and left side bearing of glyph `id`.
    fn get(&self, id: u16) -> Result<(u16, u16)> {
        let i = usize::from(id);
        if i < self.long {
            Ok((u16_at(self.hmtx, 4 * i)?, u16_at(self.hmtx, 4 * i + 2)?))
        } else {
            let advance = u16_at(self.hmtx, 4 * (self.long - 1))?;
            let lsb = u16_at(self.hmtx, 4 * self.long + 2 * (i - self.long))?;
            Ok((advance, lsb))
        }
    }
}

/// A `cmap` table with a format 4 subtable (Windows, BMP) and a format 12
/// subtable (Windows, full repertoire) for `mapping`, sorted by character.
fn cmap(mapping: &[(char, u16)]) -> Result<Vec<u8>> {
    // Runs of consecutive characters with consecutive glyph ids.
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(ch, gid) in mapping {
        let c = u32::from(ch);
        match runs.last_mut() {
            Some((start, end, first))
                if *end + 1 == c && u32::from(*first) + (c - *start) == u32::from(gid) =>
            {
                *end = c
            }
            _ => runs.push((c, c, gid)),
        }
    }

    // Format 4: BMP runs (split at U+FFFF), then the closing 0xFFFF segment.
    let mut segments: Vec<(u16, u16, u16)> = runs
        .iter()
        .filter(|r| r.0 < 0xFFFF)
        .map(|&(start, end, gid)| {
            let end = end.min(0xFFFE);
            let delta = (u32::from(gid).wrapping_sub(start) & 0xFFFF) as u16;
            (start as u16, end as u16, delta)
        })
        .collect();
    segments.push((0xFFFF, 0xFFFF, 1));
    let seg_count = u16::try_from(segments.len()).context("too many characters")?;
    let search_range = 2 * (1u16 << (15 - seg_count.leading_zeros()).min(15));
    let entry_selector = (search_range / 2).trailing_zeros() as u16;
    let length = u16::try_from(16 + 8 * segments.len()).context("too many characters")?;
    let mut f4 = Vec::new();
    for v in [
        4,
        length,
        0,
        2 * seg_count,
        search_range,
        entry_selector,
        2 * seg_count - search_range,
    ] {
        f4.extend_from_slice(&v.to_be_bytes());
    }
    segments.iter().for_each(|s| f4.extend(s.1.to_be_bytes()));
    f4.extend(0u16.to_be_bytes()); // reservedPad
    segments.iter().for_each(|s| f4.extend(s.0.to_be_bytes()));
    segments.iter().for_each(|s| f4.extend(s.2.to_be_bytes()));
    segments.iter().for_each(|_| f4.extend(0u16.to_be_bytes())); // idRangeOffset

    // Format 12: all runs as sequential groups.
    let mut f12 = Vec::new();
    f12.extend(12u16.to_be_bytes());
    f12.extend(0u16.to_be_bytes());
    f12.extend(offset32(16 + 12 * runs.len())?.to_be_bytes());
    f12.extend(0u32.to_be_bytes()); // language
    f12.extend(offset32(runs.len())?.to_be_bytes());
    for &(start, end, gid) in &runs {
        f12.extend(start.to_be_bytes());
        f12.extend(end.to_be_bytes());
        f12.extend(u32::from(gid).to_be_bytes());
    }

    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes()); // version
    out.extend(2u16.to_be_bytes()); // numTables
    let f4_offset = 4 + 2 * 8;
    for (encoding, offset) in [(1u16, f4_offset), (10, f4_offset + f4.len())] {
        out.extend(3u16.to_be_bytes()); // Windows
        out.extend(encoding.to_be_bytes());
        out.extend(offset32(offset)?.to_be_bytes());
    }
    out.extend(f4);
    out.extend(f12);
    Ok(out)
}

/// The checksum of table data (padded with zeros to 4 bytes).
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Writes the table directory and the tables (sorted by tag, 4-byte aligned),
/// then sets `head.checkSumAdjustment`.
fn assemble(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Result<Vec<u8>> {
    let n = u16::try_from(tables.len()).context("too many tables")?;
    let pow = 1u16 << (15 - n.leading_zeros());
    let search_range = 16 * pow;
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    for v in [
        n,
        search_range,
        pow.trailing_zeros() as u16,
        16 * n - search_range,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_offset = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_offset = Some(offset);
        }
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend(offset32(offset)?.to_be_bytes());
        out.extend(offset32(data.len())?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for data in tables.values() {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let head = head_offset.context("no `head` table")?;
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[head + 8..head + 12].copy_from_slice(&adjustment.to_be_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn font(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").join(name);
        std::fs::read(path).expect("font file in fonts/")
    }

    /// The outline of a glyph as a list of drawing commands.
    #[derive(Default, PartialEq, Debug)]
    struct Outline(Vec<String>);

    impl ttf_parser::OutlineBuilder for Outline {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x},{y}"))
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x},{y}"))
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1},{y1},{x},{y}"))
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1},{y1},{x2},{y2},{x},{y}"))
        }
        fn close(&mut self) {
            self.0.push("Z".into())
        }
    }

    fn outline(face: &ttf_parser::Face, id: ttf_parser::GlyphId) -> Outline {
        let mut o = Outline::default();
        face.outline_glyph(id, &mut o);
        o
    }

    /// Every character draws the same outline with the same advance in the
    /// subset as in the original, and nothing else is mapped.
    fn assert_same_glyphs(original: &[u8], sub: &[u8], chars: &BTreeSet<char>) {
        let a = ttf_parser::Face::parse(original, 0).unwrap();
        let b = ttf_parser::Face::parse(sub, 0).unwrap();
        for &ch in chars {
            let (ga, gb) = (a.glyph_index(ch), b.glyph_index(ch));
            assert_eq!(ga.is_some(), gb.is_some(), "{ch:?} mapped differently");
            let (Some(ga), Some(gb)) = (ga, gb) else {
                continue;
            };
            assert_eq!(outline(&a, ga), outline(&b, gb), "outline of {ch:?}");
            assert_eq!(a.glyph_hor_advance(ga), b.glyph_hor_advance(gb));
            assert_eq!(a.glyph_hor_side_bearing(ga), b.glyph_hor_side_bearing(gb));
        }
        let zero = ttf_parser::GlyphId(0);
        assert_eq!(outline(&a, zero), outline(&b, zero), ".notdef kept");
        assert_eq!(b.glyph_index('丁'), None);
        assert_eq!(b.names().len(), a.names().len());
    }

    #[test]
    fn subset_keeps_outlines_metrics_and_cmap() {
        let data = font(crate::fonts::SERIF_FILE);
        let chars: BTreeSet<char> = "全国政协办公厅五年工作总结，。■《》“”a1 &\u{3000}"
            .chars()
            .collect();
        let sub = subset(&data, &chars).unwrap();
        assert!(sub.len() < 100_000, "subset is {} bytes", sub.len());
        assert_same_glyphs(&data, &sub, &chars);
        let face = ttf_parser::Face::parse(&sub, 0).unwrap();
        let distinct: BTreeSet<_> = chars.iter().filter_map(|&c| face.glyph_index(c)).collect();
        assert_eq!(usize::from(face.number_of_glyphs()), distinct.len() + 1);
    }

    /// A font whose glyph 3, mapped to `X`, is a composite of glyphs 1 and 2
    /// (`中` and `国`, the second moved and scaled); the shipped fonts have
    /// no composite glyphs.
    fn font_with_composite() -> Vec<u8> {
        let chars: BTreeSet<char> = "中国".chars().collect();
        let base = subset(&font(crate::fonts::SANS_BOLD_FILE), &chars).unwrap();
        let face = ttf_parser::Face::parse(&base, 0).unwrap();
        let raw = face.raw_face();
        let t = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag)).unwrap();
        let glyphs = Glyphs::new(t(b"glyf"), t(b"loca"), t(b"head"), t(b"maxp")).unwrap();
        let mut composite = vec![0xFF, 0xFF];
        composite.extend(&glyphs.data(1).unwrap()[2..10]); // bounding box
        let words_xy_more = ARG_1_AND_2_ARE_WORDS | 0x0002 | MORE_COMPONENTS;
        for v in [words_xy_more, 1, 0, 0, 0x0002 | WE_HAVE_A_SCALE, 2] {
            composite.extend(v.to_be_bytes());
        }
        composite.extend([100u8, 0]); // byte offsets x, y
        composite.extend(0x2000u16.to_be_bytes()); // scale 0.5
        let (mut glyf, mut loca) = (Vec::new(), Vec::new());
        for id in 0..3 {
            loca.extend((glyf.len() as u32).to_be_bytes());
            glyf.extend(glyphs.data(id).unwrap());
        }
        loca.extend((glyf.len() as u32).to_be_bytes());
        glyf.extend(composite);
        loca.extend((glyf.len() as u32).to_be_bytes());
        let mut hmtx = t(b"hmtx").to_vec();
        hmtx.extend(&t(b"hmtx")[4..8]);
        let mut tables = BTreeMap::new();
        for tag in [b"head", b"OS/2", b"post", b"name"] {
            tables.insert(*tag, t(tag).to_vec());
        }
        let mut hhea = t(b"hhea").to_vec();
        hhea[34..36].copy_from_slice(&4u16.to_be_bytes());
        let mut maxp = t(b"maxp").to_vec();
        maxp[4..6].copy_from_slice(&4u16.to_be_bytes());
        tables.insert(*b"hhea", hhea);
        tables.insert(*b"maxp", maxp);
        tables.insert(*b"hmtx", hmtx);
        tables.insert(*b"glyf", glyf);
        tables.insert(*b"loca", loca);
        tables.insert(*b"cmap", cmap(&[('X', 3), ('中', 1), ('国', 2)]).unwrap());
        assemble(&tables).unwrap()
    }

    #[test]
    fn composite_glyphs_keep_their_components() {
        let data = font_with_composite();
        let chars: BTreeSet<char> = "X".chars().collect();
        let sub = subset(&data, &chars).unwrap();
        assert_same_glyphs(&data, &sub, &chars);
        let face = ttf_parser::Face::parse(&sub, 0).unwrap();
        assert_eq!(face.number_of_glyphs(), 4, ".notdef, X and its two components");
        assert_eq!(face.glyph_index('X'), Some(ttf_parser::GlyphId(1)));
        assert!(!outline(&face, ttf_parser::GlyphId(1)).0.is_empty());
    }

    #[test]
    fn bad_fonts_are_errors_not_panics() {
        let chars: BTreeSet<char> = "中".chars().collect();
        assert!(subset(b"not a font", &chars).is_err());
        let data = font(crate::fonts::SANS_BOLD_FILE);
        for cut in [12, 200, 4000] {
            assert!(subset(&data[..cut], &chars).is_err());
        }
    }

    #[test]
    fn cmap_merges_runs_and_covers_the_astral_planes() {
        let table = cmap(&[('a', 1), ('b', 2), ('c', 3), ('x', 4), ('\u{20000}', 5)]).unwrap();
        // Two BMP segments plus the closing one; three format-12 groups.
        assert_eq!(u16_at(&table, 20 + 6).unwrap(), 2 * 3);
        let f12 = 20 + usize::from(u16_at(&table, 22).unwrap());
        assert_eq!(u32_at(&table, f12 + 12).unwrap(), 3);
    }
}
