//! The PDF edition read back: its text (pdftotext), outline, fonts, images
//! and metadata (lopdf) against the model; its structure (qpdf); and the
//! line breaker's decisions against the Chinese layout rules, on the summary
//! and on two fixtures of mixed Chinese/Latin text with lists and long words
//! (`mixed.md`, shared by all editions, and `linebreak.md`, made for the
//! line breaker: its last paragraph would end in a lone character).

use crate::common;

use common::{checker, Scratch};

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId};
use zhpress::input::assets::Assets;
use zhpress::model::{Block, Document};
use zhpress::pdf::layout::Layout;
use zhpress::pdf::style::MEASURE_EMS;
use zhpress::style::Kind;

const SUMMARY: &str = "source/summary.md";
const MIXED: &str = "tests/fixtures/mixed.md";
const LINEBREAK: &str = "tests/fixtures/linebreak.md";

struct Built {
    doc: Document,
    assets: Assets,
    pdf: Vec<u8>,
}

fn build(source: &str) -> Built {
    let (doc, assets) = zhpress::load(Path::new(source)).unwrap();
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    Built { doc, assets, pdf }
}

fn summary() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(SUMMARY))
}

fn mixed() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(MIXED))
}

fn linebreak() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(LINEBREAK))
}

/// Writes `bytes` to a file `name` in a scratch folder of its own, which
/// lasts as long as the guard returned.
fn write_temp(name: &str, bytes: &[u8]) -> (Scratch, std::path::PathBuf) {
    let dir = common::scratch(&format!("pdf-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn run(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a reader of the PDF must find, in reading order: title, subtitle,
/// then every heading and paragraph (ordered list items carry their printed
/// number). Figures float, so their caption lines are checked apart.
fn expected_text(doc: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading(h) => out.push_str(&h.text()),
                Block::Paragraph(p) => out.push_str(&zhpress::model::plain_text(&p.content)),
                Block::Figure(_) | Block::FigureRow(_) => {}
                Block::Quote(q) => walk(&q.blocks, out),
                Block::Note(_) => {}
                Block::Table(t) => t.text_blocks().iter().for_each(|(_, text)| out.push_str(text)),
                Block::List(l) => {
                    for (k, item) in l.items.iter().enumerate() {
                        if let Some(start) = l.start {
                            out.push_str(&format!("{}.", start + k as u64));
                        }
                        walk(item, out);
                    }
                }
            }
        }
    }
    let mut out = doc.meta.title.clone();
    out.push_str(doc.meta.subtitle.as_deref().unwrap_or(""));
    // The title block names the author and the date (2024-02-29 as 2024年2月29日).
    out.push_str(doc.meta.author.as_deref().unwrap_or(""));
    if let Some(date) = &doc.meta.date {
        let n: Vec<u32> = date.split('-').map(|p| p.parse().unwrap()).collect();
        out.push_str(&format!("{}年{}月{}日", n[0], n[1], n[2]));
    }
    walk(&doc.blocks, &mut out);
    squeeze(&out)
}

fn assert_text_round_trips(b: &Built, name: &str) {
    let Some(pdftotext) = checker("pdftotext") else {
        return;
    };
    let (_dir, path) = write_temp(name, &b.pdf);
    // `-raw` reads in the order the content streams give (as copying does);
    // plain pdftotext's column analysis may reorder a caption's parts when
    // two figures share a page.
    let mut got = common::pdftotext_body(&pdftotext, &path, &b.doc.meta.title);
    // Each caption line reads in one piece, the figures in order.
    let mut after = 0;
    for f in b.doc.figures() {
        let caption = squeeze(&f.caption_line().unwrap());
        let at = got
            .find(&caption)
            .unwrap_or_else(|| panic!("caption `{caption}` not in the text"));
        assert!(
            at >= after,
            "figure {:?} comes before the one it follows",
            f.number()
        );
        got.replace_range(at..at + caption.len(), "");
        after = at;
    }
    let want = expected_text(&b.doc);
    assert!(
        !got.chars().any(|c| ('\u{2F00}'..='\u{2FDF}').contains(&c)),
        "Kangxi radicals in the extracted text"
    );
    if got != want {
        let at = got
            .chars()
            .zip(want.chars())
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len()));
        let near = |s: &str| s.chars().skip(at.saturating_sub(10)).take(30).collect::<String>();
        panic!(
            "extracted text differs at char {at}:\n got: {}\nwant: {}",
            near(&got),
            near(&want)
        );
    }
}

#[test]
fn summary_text_extracts_exactly() {
    assert_text_round_trips(summary(), "summary.pdf");
}

#[test]
fn mixed_text_extracts_exactly() {
    assert_text_round_trips(mixed(), "mixed.pdf");
    assert_text_round_trips(linebreak(), "linebreak.pdf");
}

fn load(b: &Built) -> lopdf::Document {
    lopdf::Document::load_mem(&b.pdf).unwrap()
}

fn dict<'a>(pdf: &'a lopdf::Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn text_of(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// The outline, depth first: (level, title, page number from 1).
fn outline(pdf: &lopdf::Document) -> Vec<(u8, String, u32)> {
    let page_no: std::collections::HashMap<ObjectId, u32> =
        pdf.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = pdf.catalog().unwrap();
    let root = dict(pdf, catalog.get(b"Outlines").unwrap());
    let mut out = Vec::new();
    fn items(
        pdf: &lopdf::Document,
        parent: &Dictionary,
        level: u8,
        page_no: &std::collections::HashMap<ObjectId, u32>,
        out: &mut Vec<(u8, String, u32)>,
    ) {
        let mut next = parent.get(b"First").ok().cloned();
        while let Some(o) = next {
            let item = dict(pdf, &o);
            let dest = item.get(b"Dest").unwrap().as_array().unwrap();
            let page = page_no[&dest[0].as_reference().unwrap()];
            out.push((level, text_of(item.get(b"Title").unwrap()), page));
            items(pdf, item, level + 1, page_no, out);
            next = item.get(b"Next").ok().cloned();
        }
    }
    items(pdf, root, 1, &page_no, &mut out);
    out
}

#[test]
fn outline_lists_every_heading_nested_on_its_page() {
    let b = summary();
    let pdf = load(b);
    let got = outline(&pdf);
    let want: Vec<(u8, String)> = b.doc.headings().iter().map(|h| (h.level, h.text())).collect();
    assert_eq!(want.len(), 6);
    assert_eq!(
        got.iter().map(|(l, t, _)| (*l, t.clone())).collect::<Vec<_>>(),
        want
    );
    let Some(pdftotext) = checker("pdftotext") else {
        return;
    };
    let (_dir, path) = write_temp("outline.pdf", &b.pdf);
    for (_, title, page) in &got {
        let p = page.to_string();
        let text = run(&pdftotext, &["-f", &p, "-l", &p, path.to_str().unwrap(), "-"]);
        assert!(
            squeeze(&text).contains(&squeeze(title)),
            "`{title}` not on page {page}"
        );
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let b = summary();
    let pdf = load(b);
    let mut fonts = 0;
    for (_, o) in pdf.objects.iter() {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        fonts += 1;
        let name = String::from_utf8(d.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
        assert_eq!(name.find('+'), Some(6), "{name} has no subset tag");
        assert!(d.get(b"ToUnicode").is_ok());
        let descendants = d.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = dict(&pdf, &descendants[0]);
        assert_eq!(cid.get(b"CIDToGIDMap").unwrap().as_name().unwrap(), b"Identity");
    }
    assert_eq!(fonts, 3);
    let Some(pdffonts) = checker("pdffonts") else {
        return;
    };
    let (_dir, path) = write_temp("fonts.pdf", &b.pdf);
    let listing = run(&pdffonts, &[path.to_str().unwrap()]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object, generation
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );
    }
}

#[test]
fn figures_are_embedded_as_the_original_jpegs() {
    let b = summary();
    let pdf = load(b);
    let mut images: Vec<(i64, i64, Vec<u8>)> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            assert_eq!(s.dict.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
            (
                s.dict.get(b"Width").unwrap().as_i64().unwrap(),
                s.dict.get(b"Height").unwrap().as_i64().unwrap(),
                s.content.clone(),
            )
        })
        .collect();
    let figures = b.doc.figures();
    assert_eq!(figures.len(), 2);
    let mut want: Vec<(i64, i64, Vec<u8>)> = figures
        .iter()
        .map(|f| {
            let a = &b.assets.images[&f.src];
            (i64::from(a.width), i64::from(a.height), a.data.clone())
        })
        .collect();
    images.sort();
    want.sort();
    want.dedup();
    assert_eq!(images, want);
}

#[test]
fn png_figures_are_drawn_from_their_pixels() {
    // mixed.md has a JPEG and an RGB PNG, both passed through: the PNG's
    // own compressed rows with its row filters (`/Predictor 15`).
    let b = mixed();
    let pdf = load(b);
    let mut found: Vec<(Vec<u8>, i64, i64)> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            let d = &s.dict;
            (
                d.get(b"Filter").unwrap().as_name().unwrap().to_vec(),
                d.get(b"Width").unwrap().as_i64().unwrap(),
                d.get(b"Height").unwrap().as_i64().unwrap(),
            )
        })
        .collect();
    found.sort();
    let mut want: Vec<(Vec<u8>, i64, i64)> = b
        .doc
        .figures()
        .iter()
        .map(|f| {
            let a = &b.assets.images[&f.src];
            let filter = match a.format {
                zhpress::input::assets::ImageFormat::Jpeg => b"DCTDecode".to_vec(),
                zhpress::input::assets::ImageFormat::Png => b"FlateDecode".to_vec(),
            };
            (filter, i64::from(a.width), i64::from(a.height))
        })
        .collect();
    want.sort();
    assert_eq!(found, want);
    let png = b
        .doc
        .figures()
        .iter()
        .map(|f| (&f.src, &b.assets.images[&f.src]))
        .find(|(_, a)| a.format == zhpress::input::assets::ImageFormat::Png)
        .expect("mixed.md has a PNG");
    let stream = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"DecodeParms").is_ok())
        .expect("an image with PNG predictors");
    let parms = stream.dict.get(b"DecodeParms").unwrap().as_dict().unwrap();
    assert_eq!(parms.get(b"Predictor").unwrap().as_i64().unwrap(), 15);
    assert_eq!(parms.get(b"Colors").unwrap().as_i64().unwrap(), 3);
    assert_eq!(
        parms.get(b"Columns").unwrap().as_i64().unwrap(),
        i64::from(png.1.width)
    );
    // A PDF reader (poppler) gets the PNG's pixels back.
    if let Some(pdfimages) = checker("pdfimages") {
        let (_dir, file) = write_temp("mixed-images.pdf", &b.pdf);
        let prefix = file.with_extension("");
        run(
            &pdfimages,
            &["-png", file.to_str().unwrap(), prefix.to_str().unwrap()],
        );
        let original = image::load_from_memory(&png.1.data).unwrap().to_rgb8();
        let found = (0..4)
            .filter_map(|i| image::open(format!("{}-{i:03}.png", prefix.display())).ok())
            .map(|i| i.to_rgb8())
            .find(|i| i.dimensions() == original.dimensions())
            .unwrap_or_else(|| panic!("pdfimages did not extract {}", png.0));
        assert!(found == original, "the PNG's pixels differ in the PDF");
    }
}

#[test]
fn metadata_xmp_output_intent_and_conformance_claim() {
    let b = summary();
    let pdf = load(b);
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    assert_eq!(text_of(info.get(b"Title").unwrap()), b.doc.meta.title);
    assert_eq!(
        text_of(info.get(b"Author").unwrap()),
        b.doc.meta.author.clone().unwrap()
    );
    let subject = text_of(info.get(b"Subject").unwrap());
    assert!(b.doc.meta.subtitle.as_ref().unwrap().ends_with(&subject));
    assert_eq!(pdf.version, "1.7");
    let catalog = pdf.catalog().unwrap();
    assert_eq!(text_of(catalog.get(b"Lang").unwrap()), "zh-CN");
    assert!(catalog.get(b"OCProperties").is_err(), "optional content");
    let prefs = dict(&pdf, catalog.get(b"ViewerPreferences").unwrap());
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let mark_info = dict(&pdf, catalog.get(b"MarkInfo").unwrap());
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(pdf.trailer.get(b"ID").is_ok());
    // XMP: the same title, author, subject and dates as the info dictionary.
    let (_, xmp) = pdf.dereference(catalog.get(b"Metadata").unwrap()).unwrap();
    let xmp = xmp.as_stream().unwrap();
    assert!(!xmp.dict.has(b"Filter"), "the XMP packet is compressed");
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    let date = zhpress::pdf::finish::pdf_date(b.assets.epoch);
    for key in [&b"CreationDate"[..], b"ModDate"] {
        assert_eq!(text_of(info.get(key).unwrap()), date);
    }
    let xmp_date = zhpress::pdf::finish::xmp_date(b.assets.epoch);
    for want in [
        format!(">{}</rdf:li>", b.doc.meta.title),
        format!("<rdf:li>{}</rdf:li>", b.doc.meta.author.clone().unwrap()),
        format!(">{subject}</rdf:li>"),
        format!("<xmp:CreateDate>{xmp_date}</xmp:CreateDate>"),
        format!("<xmp:ModifyDate>{xmp_date}</xmp:ModifyDate>"),
        "<pdfaid:part>2</pdfaid:part>".into(),
        "<pdfaid:conformance>U</pdfaid:conformance>".into(),
        "<pdfuaid:part>1</pdfuaid:part>".into(),
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>".into(),
    ] {
        assert!(xmp.contains(&want), "XMP lacks {want}");
    }
    // The output intent carries the sRGB profile.
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = dict(&pdf, &intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let (_, profile) = pdf
        .dereference(intent.get(b"DestOutputProfile").unwrap())
        .unwrap();
    let profile = profile.as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    assert_eq!(profile.decompressed_content().unwrap(), zhpress::pdf::icc::srgb());
}

#[test]
fn a_front_matter_date_dates_the_pdf() {
    let (mut doc, assets) = zhpress::load(Path::new(MIXED)).unwrap();
    doc.meta.date = Some("2023-03-01".into());
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    let pdf = lopdf::Document::load_mem(&pdf).unwrap();
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    assert_eq!(text_of(info.get(b"CreationDate").unwrap()), "D:20230301000000Z");
}

#[test]
fn same_source_same_bytes_and_small() {
    let b = summary();
    let again = zhpress::pdf::render(&b.doc, &b.assets).unwrap();
    assert!(again == b.pdf, "two renders differ");
    assert!(b.pdf.len() <= 400 * 1024, "{} bytes", b.pdf.len());
}

#[test]
fn qpdf_check_is_clean() {
    let Some(qpdf) = checker("qpdf") else {
        return;
    };
    for (name, b) in [("s.pdf", summary()), ("m.pdf", mixed()), ("l.pdf", linebreak())] {
        let (_dir, path) = write_temp(name, &b.pdf);
        let out = Command::new(&qpdf)
            .args(["--check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("No syntax or stream encoding errors"), "{text}");
        assert!(!text.to_lowercase().contains("warning"), "{text}");
    }
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it_and_its_line() {
    let text = "---\ntitle: 测试\n---\n\n第一段。\n\n第二段有\u{E000}字。\n";
    let doc = zhpress::input::markdown::parse(text, "bad.md").unwrap();
    let fonts = zhpress::fonts::Fonts::load(&zhpress::default_font_dir()).unwrap();
    let assets = Assets {
        fonts,
        images: Default::default(),
        epoch: 0,
    };
    let err = format!("{:#}", zhpress::pdf::render(&doc, &assets).unwrap_err());
    assert!(err.contains("U+E000") && err.contains("bad.md:7"), "{err}");
}

// ---- the line breaker's output, checked against the rules ----

const NO_LINE_START: &str = "，。、；：？！）》”’";
const NO_LINE_END: &str = "（《“‘";

fn layout(b: &Built) -> Layout {
    zhpress::pdf::lay_out(&b.doc, &b.assets).unwrap()
}

fn check_rules(b: &Built) -> usize {
    let layout = layout(b);
    let mut sources = Vec::new();
    zhpress::model::walk(&b.doc.blocks, &mut |block| {
        if let Block::Paragraph(p) = block {
            sources.push(zhpress::model::plain_text(&p.content));
        }
    });
    let set: Vec<_> = layout.blocks.iter().filter(|x| x.kind == Kind::Body).collect();
    assert_eq!(set.len(), sources.len());
    for (block, source) in set.iter().zip(&sources) {
        let lines = &block.lines;
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let width = block.setting.width;
        assert!(
            (lines[0].start_x - block.setting.first_indent).abs() < 1e-3,
            "first line not indented: {texts:?}"
        );
        // The lines are the paragraph, in order, cut only at spaces or
        // between characters; `cut_at_space[k]` says how line k ended.
        let mut rest = source.as_str();
        let mut cut_at_space = Vec::new();
        let mut hard_break = Vec::new();
        for t in &texts {
            rest = rest.trim_start();
            rest = rest
                .strip_prefix(t)
                .unwrap_or_else(|| panic!("line `{t}` is not the source at `{rest}`"));
            cut_at_space.push(rest.starts_with(char::is_whitespace));
            hard_break.push(rest.trim_start_matches([' ', '\t']).starts_with('\n'));
        }
        assert!(rest.trim().is_empty(), "text left over: {rest}");
        for (k, line) in lines.iter().enumerate() {
            let first = line.text.chars().next().unwrap();
            let last = line.text.chars().last().unwrap();
            assert!(
                !NO_LINE_START.contains(first),
                "line starts with {first}: {texts:?}"
            );
            assert!(!NO_LINE_END.contains(last), "line ends with {last}: {texts:?}");
            assert!(line.end_x <= width + 1e-3, "overflow: {}", line.text);
            if k + 1 < lines.len() {
                assert!(
                    hard_break[k] || (line.end_x - width).abs() < 1e-3,
                    "not justified: {}",
                    line.text
                );
                let next = lines[k + 1].text.chars().next().unwrap();
                for pair in ["——", "……"] {
                    let p: Vec<char> = pair.chars().collect();
                    assert!(!(last == p[0] && next == p[1]), "{pair} split: {texts:?}");
                }
                // Numbers and Latin words stay whole, unless a word is
                // longer than a line.
                if last.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() && !cut_at_space[k] {
                    let tail = line.text.chars().rev().take_while(char::is_ascii_alphanumeric);
                    let head = lines[k + 1].text.chars().take_while(char::is_ascii_alphanumeric);
                    let word = tail.count() + head.count();
                    assert!(word > 2 * MEASURE_EMS as usize, "word split: {texts:?}");
                }
                assert!(
                    !(last.is_ascii_digit() && zhpress::text::classes::is_han(next)),
                    "number split from its unit: {texts:?}"
                );
            }
        }
        if lines.len() > 1 {
            let last = lines.last().unwrap();
            let content = last
                .text
                .chars()
                .filter(|c| !c.is_whitespace() && !NO_LINE_START.contains(*c))
                .count();
            assert!(content >= 2, "lone last character: {texts:?}");
        }
    }
    set.len()
}

#[test]
fn summary_lines_obey_the_rules() {
    assert_eq!(check_rules(summary()), 27);
    // Every body paragraph is indented 2 em (body size 11 pt).
    let em = 11.0 * 25.4 / 72.0;
    for block in layout(summary()).blocks {
        if block.kind == Kind::Body {
            assert!((block.setting.first_indent - 2.0 * em).abs() < 1e-3);
            assert!((block.lines[0].start_x - 2.0 * em).abs() < 1e-3);
        }
    }
}

#[test]
fn mixed_lines_obey_the_rules() {
    assert!(check_rules(mixed()) >= 8);
    assert!(check_rules(linebreak()) >= 8);
}

#[test]
fn short_quoted_terms_and_numbers_are_never_split() {
    for b in [summary(), mixed(), linebreak()] {
        let layout = layout(b);
        for block in &layout.blocks {
            for pair in block.lines.windows(2) {
                let (a, z) = (&pair[0].text, &pair[1].text);
                let joined = format!("{a}|{z}");
                for term in ["“十四五”", "2021年", "147个", "“两个维护”"] {
                    let chars: Vec<char> = term.chars().collect();
                    for cut in 1..chars.len() {
                        let (l, r): (String, String) =
                            (chars[..cut].iter().collect(), chars[cut..].iter().collect());
                        assert!(!joined.contains(&format!("{l}|{r}")), "{term} split: {joined}");
                    }
                }
            }
        }
    }
}

#[test]
fn headings_never_end_a_page_and_figures_keep_their_captions() {
    use zhpress::pdf::page::Mark;
    use zhpress::pdf::style::{Face, TEXT_BOTTOM};
    for b in [summary(), mixed(), linebreak()] {
        let layout = layout(b);
        for (i, page) in layout.pages.iter().enumerate() {
            let lowest = page
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text { baseline, style, .. } if *baseline < TEXT_BOTTOM => {
                        Some((*baseline, style.face))
                    }
                    _ => None,
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, face)) = lowest {
                assert_ne!(face, Face::SansBold, "page {} ends with a heading", i + 1);
            }
            let images = page
                .marks
                .iter()
                .filter(|m| matches!(m, Mark::Image { .. }))
                .count();
            let captions = page
                .marks
                .iter()
                .filter(|m| matches!(m, Mark::Text { text, .. } if text.starts_with('图')))
                .count();
            assert!(captions >= images, "page {}: a figure without caption", i + 1);
        }
        let images_drawn: usize = layout
            .pages
            .iter()
            .map(|p| p.marks.iter().filter(|m| matches!(m, Mark::Image { .. })).count())
            .sum();
        assert_eq!(images_drawn, b.doc.figures().len());
    }
}

#[test]
fn emphasis_is_drawn_as_dots_under_each_character() {
    use zhpress::model::Inline;
    use zhpress::pdf::layout::EMPHASIS_DOT;
    use zhpress::pdf::page::Mark;
    fn emphasized(inlines: &[Inline], on: bool, out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) if on => out.push_str(t),
                Inline::Emphasis(c) => emphasized(c, true, out),
                Inline::Strong(c) | Inline::Link { content: c, .. } => emphasized(c, on, out),
                _ => {}
            }
        }
    }
    let b = mixed();
    let mut text = String::new();
    zhpress::model::walk(&b.doc.blocks, &mut |block| {
        if let Block::Paragraph(p) = block {
            emphasized(&p.content, false, &mut text);
        }
    });
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    assert!(letters >= 4, "the fixture has emphasis: {text}");
    let em = 11.0 * 25.4 / 72.0;
    let dots: Vec<(f32, f32)> = layout(b)
        .pages
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Square { x, y, side } if (side - EMPHASIS_DOT * em).abs() < 1e-3 => Some((*x, *y)),
            _ => None,
        })
        .collect();
    assert_eq!(dots.len(), letters, "one dot under each of `{text}`");
    // Each dot lies below a character of its line, one em box apart at most.
    for w in dots.windows(2) {
        if (w[0].1 - w[1].1).abs() < 1e-3 {
            assert!(w[1].0 - w[0].0 <= em + 1e-3, "{dots:?}");
        }
    }
}

#[test]
fn captions_are_one_centred_line_or_one_justified_block() {
    for b in [summary(), mixed()] {
        let captions: Vec<_> = layout(b)
            .blocks
            .into_iter()
            .filter(|x| x.kind == Kind::Caption)
            .collect();
        assert_eq!(captions.len(), b.doc.figures().len());
        for (block, f) in captions.iter().zip(b.doc.figures()) {
            let text: String = block.lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(
                squeeze(&text),
                squeeze(&f.caption_line().unwrap()),
                "the credit runs on"
            );
            let lines = &block.lines;
            if lines.len() > 1 {
                assert!(block.setting.width < zhpress::pdf::style::text_width() + 1e-3);
                for l in &lines[..lines.len() - 1] {
                    assert!(
                        (l.end_x - block.setting.width).abs() < 1e-3,
                        "not justified: {}",
                        l.text
                    );
                }
            } else {
                let l = &lines[0];
                let (left, right) = (l.start_x, block.setting.width - l.end_x);
                assert!((left - right).abs() < 1e-2, "not centred: {}", l.text);
            }
        }
    }
}

#[test]
fn running_heads_and_page_numbers_are_text_in_artifacts() {
    // Real text, so that they can be searched, but marked as pagination
    // artifacts, so that assistive technology and tag-aware extraction skip
    // them (the text tests read pdftotext, which does not, without them).
    let b = summary();
    let pdf = load(b);
    let pages = zhpress::verify::pdf::page_texts(&pdf).unwrap();
    assert!(pages.len() > 1);
    for (i, page) in pages.iter().enumerate() {
        let want = match i {
            0 => "1".to_string(),
            _ => format!("{}{}", b.doc.meta.title, i + 1),
        };
        assert_eq!(squeeze(&page.artifacts), want, "page {}", i + 1);
        if i > 0 {
            assert!(!squeeze(&page.content).contains(&squeeze(&b.doc.meta.title)));
        }
    }
}

/// The operators that paint (text, paths, images, shadings).
const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do",
];

/// Walks the structure tree of `b` and checks it against the model: see
/// `structure_tree_matches_the_model`.
fn check_structure(b: &Built, name: &str) {
    use zhpress::verify::pdf::{page_texts, structure, StructNode};
    let pdf = load(b);
    let pages = page_texts(&pdf).unwrap();
    let tree = structure(&pdf, &pages).unwrap().expect("a structure tree");
    assert_eq!(tree.kind, "Document", "{name}");
    let mut by_kind: std::collections::BTreeMap<&str, Vec<&StructNode>> = Default::default();
    tree.walk(&mut |n| by_kind.entry(n.kind.as_str()).or_default().push(n));
    let of = |kind: &str| by_kind.get(kind).cloned().unwrap_or_default();
    let words = |s: &str| squeeze(s);

    // Headings: the model's, in order, at their level.
    let mut headings = Vec::new();
    tree.walk(&mut |n| {
        if let Some(level) = n.kind.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
            headings.push((level, words(&n.text)));
        }
    });
    let want: Vec<(u8, String)> = b
        .doc
        .headings()
        .iter()
        .map(|h| (h.level, words(&h.text())))
        .collect();
    assert_eq!(headings, want, "{name}: headings");

    // Figures: one Figure with /Alt (the caption text) and one Caption each.
    let figures = b.doc.figures();
    let (tagged, captions) = (of("Figure"), of("Caption"));
    assert_eq!(
        (tagged.len(), captions.len()),
        (figures.len(), figures.len()),
        "{name}"
    );
    for ((f, tag), caption) in figures.iter().zip(&tagged).zip(&captions) {
        assert_eq!(tag.alt.as_deref(), f.alt_text().as_deref(), "{name}");
        assert!(
            !tag.mcids.is_empty() && tag.text.is_empty(),
            "{name}: figure {:?}",
            f.number()
        );
        assert_eq!(words(&caption.text), words(&f.caption_line().unwrap()), "{name}");
    }

    // Paragraphs: every one a P whose marked content decodes to its text.
    let mut paragraphs = Vec::new();
    zhpress::model::walk(&b.doc.blocks, &mut |block| {
        if let Block::Paragraph(p) = block {
            paragraphs.push(words(&zhpress::model::plain_text(&p.content)));
        }
    });
    let tagged: Vec<String> = of("P").iter().map(|p| words(&p.text)).collect();
    assert_eq!(tagged, paragraphs, "{name}: paragraphs");
    assert_eq!(of("Title").len(), 1, "{name}");
    assert_eq!(words(&of("Title")[0].text), words(&b.doc.meta.title));

    // Lists: L > LI > (Lbl) LBody, with the printed number as the label.
    let mut lists = Vec::new();
    zhpress::model::walk(&b.doc.blocks, &mut |block| {
        if let Block::List(l) = block {
            lists.push(l);
        }
    });
    let tagged = of("L");
    assert_eq!(tagged.len(), lists.len(), "{name}: lists");
    for (l, t) in lists.iter().zip(&tagged) {
        assert_eq!(t.children.len(), l.items.len(), "{name}");
        for (k, li) in t.children.iter().enumerate() {
            assert_eq!(li.kind, "LI");
            let kinds: Vec<&str> = li.children.iter().map(|c| c.kind.as_str()).collect();
            match l.start {
                Some(start) => {
                    assert_eq!(kinds, ["Lbl", "LBody"], "{name}");
                    assert_eq!(words(&li.children[0].text), format!("{}.", start + k as u64));
                }
                None => assert_eq!(kinds, ["LBody"], "{name}"),
            }
        }
    }

    // Links: each holds its annotation(s), which lead back to it.
    for link in of("Link") {
        assert!(link.annotations > 0 && !link.text.is_empty(), "{name}: link");
    }

    // Every MCID on the pages is referenced by exactly one element, and no
    // text is outside both the structure and the artifacts.
    let mut referenced = Vec::new();
    tree.walk(&mut |n| referenced.extend(n.mcids.iter().copied()));
    let count = referenced.len();
    referenced.sort();
    referenced.dedup();
    assert_eq!(referenced.len(), count, "{name}: an MCID referenced twice");
    let on_pages: Vec<(usize, i64)> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, t)| t.mcids.keys().map(move |m| (p, *m)))
        .collect();
    let images: usize = tagged_images(&pdf);
    assert_eq!(referenced.len(), on_pages.len() + images, "{name}: MCIDs");
    for (p, t) in pages.iter().enumerate() {
        assert!(t.unmarked.is_empty(), "{name}: page {} text outside tags", p + 1);
    }

    // Every painting operator is inside an MCID sequence or an artifact.
    for (n, page) in pdf.get_pages() {
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page).unwrap()).unwrap();
        let mut open: Vec<bool> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let artifact = op.operands[0].as_name().unwrap() == b"Artifact";
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|d| d.as_dict().ok())
                        .is_some_and(|d| d.has(b"MCID"));
                    open.push(artifact || mcid);
                }
                "EMC" => {
                    open.pop().expect("balanced marked content");
                }
                o if PAINTING.contains(&o) => {
                    assert!(open.iter().any(|m| *m), "{name}: page {n}: `{o}` outside tags")
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "{name}: page {n}");
    }
}

/// How many MCID sequences paint an image (and so hold no text).
fn tagged_images(pdf: &lopdf::Document) -> usize {
    let mut n = 0;
    for (_, page) in pdf.get_pages() {
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page).unwrap()).unwrap();
        let mut in_figure = false;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => in_figure = op.operands[0].as_name().unwrap() == b"Figure",
                "Do" if in_figure => n += 1,
                _ => {}
            }
        }
    }
    n
}

#[test]
fn structure_tree_matches_the_model() {
    check_structure(summary(), "summary");
    check_structure(mixed(), "mixed");
    check_structure(linebreak(), "linebreak");
}

#[test]
fn links_are_link_annotations_in_the_structure() {
    let b = mixed();
    let pdf = load(b);
    let mut annots = Vec::new();
    for (_, page) in pdf.get_pages() {
        let page = pdf.get_dictionary(page).unwrap();
        if let Ok(list) = page.get(b"Annots") {
            assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
            for a in list.as_array().unwrap() {
                annots.push(pdf.dereference(a).unwrap().1.as_dict().unwrap().clone());
            }
        }
    }
    assert!(!annots.is_empty());
    let root = dict(&pdf, pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let parent_tree = dict(&pdf, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    for a in &annots {
        assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        let action = dict(&pdf, a.get(b"A").unwrap());
        assert_eq!(
            action.get(b"URI").unwrap().as_str().unwrap(),
            b"https://example.org/a?b=1&c=2"
        );
        assert_eq!(text_of(a.get(b"Contents").unwrap()), "链接 zhpress");
        let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
        let at = nums
            .chunks(2)
            .find(|kv| kv[0].as_i64().unwrap() == key)
            .expect("the annotation's key is in the parent tree");
        let element = dict(&pdf, &at[1]);
        assert_eq!(element.get(b"S").unwrap().as_name().unwrap(), b"Link");
    }
}

#[test]
fn pdfua_checker_finds_nothing() {
    // PyPI `pdfua` checks 16 of the 106 machine-checkable PDF/UA-1 rules
    // (`pdfua rules` lists them); CI installs it.
    let Some(pdfua) = checker("pdfua") else {
        return;
    };
    for (b, name) in [(summary(), "ua-summary.pdf"), (mixed(), "ua-mixed.pdf")] {
        let (_dir, path) = write_temp(name, &b.pdf);
        let out = Command::new(&pdfua)
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "pdfua on {name}:\n{report}");
        assert!(
            !report.contains("[skip"),
            "pdfua skipped a rule on {name}:\n{report}"
        );
    }
}

#[test]
fn outloud_finds_no_error() {
    // PyPI `outloud` checks the PDF/UA-1 checkpoints a program can (fonts,
    // CID maps, tagging, role map, headings, figures, links, metadata) and
    // semantic ones; CI installs it. Its warnings are read, not gated on:
    // ORD-001 ranks an element's own content before its children's, so a
    // paragraph that opens with a bold lead sentence reads to it as
    // reordered.
    let Some(outloud) = checker("outloud") else {
        return;
    };
    let files: Vec<_> = [(summary(), "ol-summary.pdf"), (mixed(), "ol-mixed.pdf")]
        .iter()
        .map(|(b, name)| write_temp(name, &b.pdf))
        .collect();
    let out = Command::new(&outloud)
        .args(["--fail-on", "error", "--no-info"])
        .args(files.iter().map(|(_, path)| path))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "outloud:\n{report}");
    assert!(!report.contains("ERROR"), "outloud:\n{report}");
}
