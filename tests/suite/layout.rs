//! The printed page measured the way a proofreader's ruler would: every
//! character's position is read from the PDF's own content streams (the
//! text matrix of each run, advanced by the embedded fonts' `/W` widths),
//! the characters are grouped into lines by baseline, and each line is
//! checked against the rules of issue-grade Chinese typesetting (clreq):
//! adjacent punctuation keeps at most half an em of blank, `——` is one
//! unbroken 2-em mark, no line is stretched by more than 0.05 em a gap, no
//! line starts with a closing mark or ends with an opening one, no line
//! holds a lone character, and no page but the last leaves more than five
//! body lines empty.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
use zhpress::pdf::style::{BODY_SIZE, LEADING, MM_PER_PT, PAGE_HEIGHT, TEXT_BOTTOM};
use zhpress::text::classes::is_han;
use zhpress::text::linebreak::{mark_kind, MarkKind, LINE_END_PROHIBITED, LINE_START_PROHIBITED};
use zhpress::verify::pdf::parse_cmap;

/// One drawn character.
#[derive(Debug, Clone)]
struct Glyph {
    ch: char,
    /// Origin, in points from the left edge.
    x: f32,
    /// Advance, in points.
    advance: f32,
    /// Font size, in points.
    size: f32,
    /// Whether the glyph's ink spans its whole advance (a rule).
    edge_to_edge: bool,
}

/// A font of the file: code → (text, advance in 1/1000 em, ink edge to edge).
struct PdfFont {
    text: HashMap<u32, String>,
    widths: HashMap<u32, f32>,
    face_data: Option<Vec<u8>>,
}

impl PdfFont {
    fn read(doc: &Document, font: &Dictionary) -> PdfFont {
        let deref = |o: &Object| doc.dereference(o).unwrap().1.clone();
        let cmap = deref(font.get(b"ToUnicode").unwrap());
        let cmap = cmap.as_stream().unwrap().decompressed_content().unwrap();
        let text = parse_cmap(&String::from_utf8_lossy(&cmap)).expect("the ToUnicode map is within bounds");
        let descendants = deref(font.get(b"DescendantFonts").unwrap());
        let cid = deref(&descendants.as_array().unwrap()[0]);
        let cid = cid.as_dict().unwrap();
        let mut widths = HashMap::new();
        if let Ok(w) = cid.get(b"W") {
            let w = deref(w);
            let items = w.as_array().unwrap();
            let num = |o: &Object| match deref(o) {
                Object::Integer(i) => i as f32,
                Object::Real(r) => r,
                other => panic!("not a number: {other:?}"),
            };
            let mut i = 0;
            while i < items.len() {
                let start = num(&items[i]) as u32;
                match deref(&items[i + 1]) {
                    Object::Array(ws) => {
                        for (k, w) in ws.iter().enumerate() {
                            widths.insert(start + k as u32, num(w));
                        }
                        i += 2;
                    }
                    _ => {
                        let end = num(&items[i + 1]) as u32;
                        for code in start..=end {
                            widths.insert(code, num(&items[i + 2]));
                        }
                        i += 3;
                    }
                }
            }
        }
        let descriptor = deref(cid.get(b"FontDescriptor").unwrap());
        let face_data = descriptor
            .as_dict()
            .unwrap()
            .get(b"FontFile2")
            .ok()
            .map(|f| deref(f).as_stream().unwrap().decompressed_content().unwrap());
        PdfFont {
            text,
            widths,
            face_data,
        }
    }

    fn edge_to_edge(&self, code: u32) -> bool {
        let Some(data) = &self.face_data else {
            return false;
        };
        let face = ttf_parser::Face::parse(data, 0).unwrap();
        let gid = ttf_parser::GlyphId(code as u16);
        let (Some(bbox), Some(advance)) = (face.glyph_bounding_box(gid), face.glyph_hor_advance(gid)) else {
            return false;
        };
        let slack = f32::from(face.units_per_em()) * 0.01;
        f32::from(bbox.x_min) <= slack && f32::from(advance) - f32::from(bbox.x_max) <= slack
    }
}

/// A page's text lines (glyphs by baseline, left to right, top to bottom)
/// and the lowest point of its body content, in points from the top.
struct PageLines {
    lines: Vec<Vec<Glyph>>,
    bottom: f32,
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

fn read_pages(bytes: &[u8]) -> Vec<PageLines> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts: BTreeMap<Vec<u8>, PdfFont> = doc
            .get_page_fonts(page)
            .into_iter()
            .map(|(name, font)| (name, PdfFont::read(&doc, font)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page).unwrap()).unwrap();
        let mut by_baseline: BTreeMap<i64, Vec<Glyph>> = BTreeMap::new();
        let mut font: Option<&PdfFont> = None;
        let mut size = 0.0;
        let (mut x, mut y) = (0.0f32, 0.0f32);
        let mut lowest = f32::MAX;
        // Marked-content nesting: whether each open section is an artifact.
        let mut sections: Vec<bool> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let name = op.operands.first().and_then(|o| o.as_name().ok());
                    sections.push(name == Some(b"Artifact".as_slice()));
                }
                "EMC" => {
                    sections.pop();
                }
                "BT" => (x, y) = (0.0, 0.0),
                "Td" => {
                    x += number(&op.operands[0]);
                    y += number(&op.operands[1]);
                }
                "Tf" => {
                    font = fonts.get(op.operands[0].as_name().unwrap());
                    size = number(&op.operands[1]);
                }
                "cm" if !sections.contains(&true) => {
                    // An image: its bottom edge is the matrix's f.
                    lowest = lowest.min(number(&op.operands[5]));
                }
                "TJ" | "Tj" if !sections.contains(&true) => {
                    let f = font.expect("a font is set before text");
                    let mut codes = Vec::new();
                    let mut collect = |o: &Object| {
                        if let Object::String(b, _) = o {
                            codes.extend(b.chunks(2).map(|c| u32::from(c[0]) << 8 | u32::from(c[1])));
                        }
                    };
                    match &op.operands[0] {
                        Object::Array(items) => items.iter().for_each(&mut collect),
                        other => collect(other),
                    }
                    let line = by_baseline.entry((y * 10.0).round() as i64).or_default();
                    for code in codes {
                        let advance = f.widths.get(&code).copied().unwrap_or(1000.0) * size / 1000.0;
                        for ch in f
                            .text
                            .get(&code)
                            .map(String::as_str)
                            .unwrap_or("\u{fffd}")
                            .chars()
                        {
                            line.push(Glyph {
                                ch,
                                x,
                                advance,
                                size,
                                edge_to_edge: f.edge_to_edge(code),
                            });
                        }
                        x += advance;
                    }
                    lowest = lowest.min(y - 0.12 * size);
                }
                _ => {}
            }
        }
        let mut lines: Vec<Vec<Glyph>> = by_baseline
            .into_values()
            .rev()
            .map(|mut l| {
                l.sort_by(|a, b| a.x.total_cmp(&b.x));
                l
            })
            .collect();
        lines.retain(|l| !l.is_empty());
        let height = PAGE_HEIGHT / MM_PER_PT;
        out.push(PageLines {
            lines,
            bottom: height - lowest,
        });
    }
    out
}

/// What the measurements found, for one PDF.
#[derive(Debug, Default)]
struct Figures {
    lines: usize,
    /// Largest space added between two Han characters, in em.
    max_expansion: f32,
    /// Lines whose Han gaps grew by more than 0.02 em.
    over_002: usize,
    /// Adjacent punctuation pairs, and those set at a half-em pitch.
    pairs: usize,
    compressed: usize,
    /// `——` marks.
    dashes: usize,
    problems: Vec<String>,
}

fn measure(pdf: &[u8]) -> Figures {
    let pages = read_pages(pdf);
    let mut f = Figures::default();
    let count = pages.len();
    for (p, page) in pages.iter().enumerate() {
        for line in &page.lines {
            f.lines += 1;
            let text: String = line.iter().map(|g| g.ch).collect();
            let at = format!("page {} `{text}`", p + 1);
            let first = line[0].ch;
            let last = line[line.len() - 1].ch;
            if LINE_START_PROHIBITED.contains(&first) {
                f.problems.push(format!("{at}: starts with {first}"));
            }
            if LINE_END_PROHIBITED.contains(&last) {
                f.problems.push(format!("{at}: ends with {last}"));
            }
            let content = line
                .iter()
                .filter(|g| !g.ch.is_whitespace() && mark_kind(g.ch).is_none())
                .count();
            if content == 1 && line.len() > 1 {
                f.problems.push(format!("{at}: a lone character"));
            }
            let mut line_max = 0.0f32;
            for w in line.windows(2) {
                let (a, b) = (&w[0], &w[1]);
                let em = a.size.max(b.size);
                let pitch = (b.x - a.x) / em;
                if is_han(a.ch) && is_han(b.ch) {
                    line_max = line_max.max(pitch - a.advance / em);
                }
                if let (Some(ka), Some(kb)) = (mark_kind(a.ch), mark_kind(b.ch)) {
                    f.pairs += 1;
                    // The blank between the two marks' inks: a closing mark's
                    // ink is its left half, an opening mark's its right half.
                    let ink_end = if ka == MarkKind::Opening { 1.0 } else { 0.5 };
                    let ink_start = if kb == MarkKind::Opening { 0.5 } else { 0.0 };
                    let blank = pitch + ink_start - ink_end;
                    if blank > 0.5 + 0.01 {
                        f.problems
                            .push(format!("{at}: {}{} leave {blank:.2} em blank", a.ch, b.ch));
                    }
                    if pitch <= 0.5 + 0.01 {
                        f.compressed += 1;
                    }
                }
                if a.ch == '—' && b.ch == '—' {
                    f.dashes += 1;
                    let whole = (pitch - 1.0).abs() < 0.01
                        && (a.advance / em - 1.0).abs() < 0.01
                        && a.edge_to_edge
                        && b.edge_to_edge;
                    if !whole {
                        f.problems.push(format!("{at}: —— is not one 2-em rule"));
                    }
                }
            }
            f.max_expansion = f.max_expansion.max(line_max);
            if line_max > 0.02 {
                f.over_002 += 1;
            }
            if line_max > 0.05 {
                f.problems
                    .push(format!("{at}: stretched by {line_max:.3} em a gap"));
            }
        }
        // Empty body lines at the foot of every page but the last.
        let body_line = f32::from(BODY_SIZE) * LEADING;
        let empty = (TEXT_BOTTOM / MM_PER_PT - page.bottom) / body_line;
        if p + 1 < count && empty > 5.0 {
            f.problems
                .push(format!("page {}: {empty:.1} body lines left empty", p + 1));
        }
    }
    f
}

fn check(source: &str) -> Figures {
    let (doc, assets) = zhpress::load(Path::new(source)).unwrap();
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    let f = measure(&pdf);
    eprintln!(
        "{source}: {} lines; widest Han gap +{:.3} em, {} lines over 0.02 em; \
         {} of {} adjacent mark pairs at half an em; {} ——",
        f.lines, f.max_expansion, f.over_002, f.compressed, f.pairs, f.dashes
    );
    assert!(f.problems.is_empty(), "{source}:\n{}", f.problems.join("\n"));
    assert!(f.lines > 10, "{source}: too few lines read: {f:?}");
    f
}

#[test]
fn summary_pages_measure_up() {
    let f = check("source/summary.md");
    assert!(f.pairs >= 20 && f.compressed == f.pairs, "{f:?}");
    assert!(f.dashes >= 3, "{f:?}");
}

#[test]
fn mixed_fixture_pages_measure_up() {
    check("tests/fixtures/mixed.md");
}

#[test]
fn linebreak_fixture_pages_measure_up() {
    let f = check("tests/fixtures/linebreak.md");
    assert!(f.dashes >= 2, "{f:?}");
}
