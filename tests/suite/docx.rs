//! The DOCX edition read back: its XML parts are compared with the model,
//! and LibreOffice must render every heading and caption.

use crate::common;

use common::{checker, convert_with_soffice, scratch};

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use zhpress::fonts::Fonts;
use zhpress::input::assets::{Assets, ImageAsset, ImageFormat};
use zhpress::model::{self, Block, Document, Figure, Heading, Inline, Metadata, Paragraph};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn heading(level: u8, t: &str, line: usize) -> Block {
    Block::Heading(Heading {
        level,
        number: vec![],
        id: String::new(),
        content: vec![text(t)],
        line,
        block: model::BlockId::default(),
    })
}

fn para(content: Vec<Inline>, line: usize) -> Block {
    Block::Paragraph(Paragraph {
        content,
        line,
        block: model::BlockId::default(),
    })
}

fn figure(src: &str, caption: &str, line: usize) -> Block {
    Block::Figure(Figure::captioned(
        src.into(),
        vec![text(caption)],
        Some("本报记者 齐波 摄".into()),
        line,
    ))
}

/// A document shaped like the summary: title, subtitle, level-1 and level-2
/// headings, bold lead sentences, quotation marks, two figures.
fn sample() -> Document {
    let mut blocks = vec![
        para(vec![text("五年来，全国政协办公厅坚持“两个确立”……")], 5),
        heading(1, "主要工作情况", 7),
        heading(2, "坚持党的全面领导，坚决做到“两个维护”", 9),
        para(
            vec![
                Inline::Strong(vec![text("一是坚持用思想武装头脑。")]),
                text("坚持党组示范与全体覆盖相结合——系统学习。"),
            ],
            11,
        ),
        para(
            vec![
                Inline::Strong(vec![text("二是开设147个委员读书群。")]),
                text("其余 & <文字>。"),
            ],
            13,
        ),
        figure("images/photo-1.jpg", "全国政协委员读书活动", 14),
        heading(2, "服务协商议政", 16),
        para(vec![text("三是开展界别协商，‘亲历’文库。")], 18),
        heading(3, "界别协商", 19),
        figure("images/photo-2.jpg", "2021年10月21日，会议现场", 20),
        heading(1, "工作体会", 22),
        para(
            vec![
                text("五年来的实践使我们深刻体会到，详见"),
                Inline::Link {
                    url: "http://www.cppcc.gov.cn/?a=1&b=2".into(),
                    content: vec![text("全国政协网")],
                },
                text("。"),
            ],
            24,
        ),
    ];
    blocks.push(Block::Quote(model::Quote {
        blocks: vec![para(vec![text("引文：“团结奋斗”。")], 26)],
        line: 26,
    }));
    blocks.push(Block::List(model::List {
        start: Some(3),
        items: vec![
            vec![para(vec![text("第三项")], 28)],
            vec![
                para(vec![text("第四项")], 29),
                Block::List(model::List {
                    start: None,
                    items: vec![vec![para(vec![text("子项")], 30)]],
                    line: 30,
                }),
            ],
        ],
        line: 28,
    }));
    model::number(&mut blocks);
    Document {
        source_name: "source/summary.md".into(),
        meta: Metadata {
            subtitle: Some("——十三届全国政协办公厅五年工作总结".into()),
            author: Some("全国政协办公厅".into()),
            ..Metadata::titled("在团结奋斗中干出新时代新样子")
        },
        blocks,
    }
}

fn jpeg(width: u32, height: u32, shade: u8) -> ImageAsset {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])
    });
    let mut data = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut data), image::ImageOutputFormat::Jpeg(80))
        .expect("encode test JPEG");
    ImageAsset {
        data,
        format: ImageFormat::Jpeg,
        width,
        height,
    }
}

/// The sample's build epoch: 2023-03-01T00:00:00Z.
const SAMPLE_EPOCH: i64 = 1_677_628_800;

fn assets() -> Assets {
    let fonts = Fonts::load(&manifest_dir().join("fonts")).expect("fonts");
    let mut images = BTreeMap::new();
    images.insert("images/photo-1.jpg".to_string(), jpeg(300, 200, 40));
    images.insert("images/photo-2.jpg".to_string(), jpeg(240, 160, 200));
    Assets {
        fonts,
        images,
        epoch: SAMPLE_EPOCH,
    }
}

/// The entries of a zip, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read entry");
        out.insert(f.name().to_string(), data);
    }
    out
}

fn part(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).unwrap_or_else(|| panic!("no {name}")).clone()).expect("UTF-8 XML")
}

fn w<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((W, name)))
}

fn val<'a>(node: roxmltree::Node<'a, 'a>) -> Option<&'a str> {
    node.attribute((W, "val"))
}

/// A body paragraph: its style id and its text (the `w:t` of its runs,
/// field results included).
#[derive(Debug)]
struct Para {
    style: String,
    text: String,
    has_seq: bool,
    has_picture: bool,
    /// The paragraph mark is a style separator (hidden, `w:specVanish`):
    /// the next paragraph continues this one's line.
    separator: bool,
}

/// The lines a reader sees: each paragraph, joined with the next after a
/// style separator; each with the style of its first paragraph.
fn lines(paras: &[Para]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut joined = false;
    for p in paras {
        match (joined, out.last_mut()) {
            (true, Some((_, text))) => text.push_str(&p.text),
            _ => out.push((p.style.clone(), p.text.clone())),
        }
        joined = p.separator;
    }
    out
}

fn paragraphs(document_xml: &str) -> Vec<Para> {
    let xml = roxmltree::Document::parse(document_xml).expect("document.xml parses");
    let body = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .expect("w:body");
    body.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = w(p, "pPr")
                .and_then(|ppr| w(ppr, "pStyle"))
                .and_then(val)
                .unwrap_or("Normal")
                .to_string();
            let text = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            let has_seq = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "instrText")))
                .any(|n| n.text().unwrap_or("").trim().starts_with("SEQ 图"));
            let has_picture = p.descendants().any(|n| n.has_tag_name("blip"));
            let mark = w(p, "pPr").and_then(|ppr| w(ppr, "rPr"));
            let separator = mark.is_some_and(|m| w(m, "vanish").is_some() && w(m, "specVanish").is_some());
            Para {
                style,
                text,
                has_seq,
                has_picture,
                separator,
            }
        })
        .collect()
}

/// The hand-made sample and the real summary (`source/summary.md`), each
/// with its assets and its DOCX.
fn editions() -> Vec<(Document, Assets, Vec<u8>)> {
    let (summary, summary_assets) =
        zhpress::load(&manifest_dir().join("source/summary.md")).expect("the summary loads");
    [(sample(), assets()), (summary, summary_assets)]
        .into_iter()
        .map(|(doc, assets)| {
            let bytes = zhpress::docx::render(&doc, &assets).expect("render");
            (doc, assets, bytes)
        })
        .collect()
}

#[test]
fn document_xml_holds_the_model() {
    for (doc, assets, bytes) in editions() {
        check_document_xml(&doc, &assets, &bytes);
    }
}

fn check_document_xml(doc: &Document, assets: &Assets, bytes: &[u8]) {
    let parts = unzip(bytes);
    let paras = paragraphs(&part(&parts, "word/document.xml"));

    // The title block: title, subtitle and author, each in its own style.
    let title_block: Vec<(&str, &String)> = [
        ("Title", Some(&doc.meta.title)),
        ("Subtitle", doc.meta.subtitle.as_ref()),
        ("Author", doc.meta.author.as_ref()),
    ]
    .into_iter()
    .filter_map(|(style, text)| text.map(|t| (style, t)))
    .collect();
    for (i, (style, text)) in title_block.iter().enumerate() {
        assert_eq!(paras[i].style, *style);
        assert_eq!(&paras[i].text, *text);
    }

    let headings: Vec<(String, String)> = paras
        .iter()
        .filter(|p| p.style.starts_with("Heading"))
        .map(|p| (p.style.clone(), p.text.clone()))
        .collect();
    let expected: Vec<(String, String)> = doc
        .headings()
        .iter()
        .map(|h| (format!("Heading{}", h.level), h.text()))
        .collect();
    assert_eq!(headings, expected);
    assert!(
        headings.iter().all(|(_, t)| !t.contains(model::LEVEL2_MARK)),
        "the mark is not part of the heading text"
    );

    let captions: Vec<&Para> = paras.iter().filter(|p| p.style == "Caption").collect();
    assert!(captions.iter().all(|p| p.has_seq), "{captions:?}");
    let caption_lines: Vec<String> = lines(&paras)
        .into_iter()
        .filter(|(style, _)| style == "Caption")
        .map(|(_, text)| text)
        .collect();
    let expected: Vec<String> = doc.figures().iter().filter_map(|f| f.caption_line()).collect();
    assert_eq!(caption_lines, expected, "caption and credit read on one line");

    // Every block's text, in order; the pictures stand just before their captions.
    let body: Vec<Para> = paras
        .into_iter()
        .skip(title_block.len())
        .filter(|p| !p.has_picture)
        .collect();
    let texts: Vec<String> = lines(&body).into_iter().map(|(_, text)| text).collect();
    assert_eq!(texts, doc.block_texts());
    let paras = paragraphs(&part(&parts, "word/document.xml"));
    for (i, p) in paras.iter().enumerate().filter(|(_, p)| p.has_picture) {
        assert_eq!(p.style, "Figure");
        assert_eq!(paras[i + 1].style, "Caption");
    }

    // The pictures are stored unchanged, as JPEG.
    let media: Vec<&Vec<u8>> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("word/media/"))
        .map(|(_, data)| data)
        .collect();
    assert_eq!(media.len(), assets.images.len());
    for image in assets.images.values() {
        assert!(media.contains(&&image.data));
    }
    assert!(parts.keys().any(|k| k.ends_with(".jpeg")));
}

/// The project's own edition reader (as the navigation pane sees headings:
/// by outline level) finds no difference with the model either.
#[test]
fn the_edition_verifier_agrees() {
    use zhpress::verify;
    for (doc, _, bytes) in editions() {
        let reading = verify::read(zhpress::Target::Docx, &bytes).expect("the verifier reads the DOCX");
        let diffs = verify::compare(&verify::Expected::from_model(&doc), &reading);
        assert!(
            diffs.is_empty(),
            "{}",
            diffs.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        );
    }
}

#[test]
fn pictures_fill_the_text_width_with_their_aspect_and_carry_alt_text() {
    for (doc, assets, bytes) in editions() {
        check_pictures(&doc, &assets, &bytes);
    }
}

fn check_pictures(doc: &Document, assets: &Assets, bytes: &[u8]) {
    let parts = unzip(bytes);
    let xml_text = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&xml_text).unwrap();
    let extents: Vec<(u64, u64)> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "extent")
        .map(|n| {
            let get = |a| n.attribute(a).unwrap().parse::<u64>().unwrap();
            (get("cx"), get("cy"))
        })
        .collect();
    let doc_prs: Vec<(String, String)> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .map(|n| {
            (
                n.attribute("id").unwrap().to_string(),
                n.attribute("descr").unwrap_or("").to_string(),
            )
        })
        .collect();
    let figures = doc.figures();
    assert_eq!(extents.len(), figures.len());
    let text_width = u64::from(zhpress::docx::PAGE_WIDTH_TWIPS - 2 * zhpress::docx::MARGIN_SIDE_TWIPS) * 635;
    for (i, f) in figures.iter().enumerate() {
        let image = &assets.images[&f.src];
        let (cx, cy) = extents[i];
        assert_eq!(cx, text_width);
        let expected = text_width * u64::from(image.height) / u64::from(image.width);
        assert!(cy.abs_diff(expected) <= 1, "{cy} vs {expected}");
        assert_eq!(doc_prs[i], ((i + 1).to_string(), f.alt_text().unwrap()));
    }
}

#[test]
fn runs_are_bold_and_hinted_where_the_model_says() {
    for (doc, _, bytes) in editions() {
        check_runs(&doc, &bytes);
    }
}

fn check_runs(doc: &Document, bytes: &[u8]) {
    let parts = unzip(bytes);
    let xml_text = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&xml_text).unwrap();
    let runs: Vec<(String, bool, Option<String>)> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .map(|r| {
            let t: String = r
                .children()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            let rpr = w(r, "rPr");
            let bold = rpr.and_then(|p| w(p, "b")).is_some();
            let hint = rpr
                .and_then(|p| w(p, "rFonts"))
                .and_then(|f| f.attribute((W, "hint")))
                .map(str::to_string);
            (t, bold, hint)
        })
        .collect();
    // Bold runs are exactly the Strong inlines.
    let bold: Vec<&str> = runs.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
    let mut strong = Vec::new();
    for run in doc.text_runs() {
        if run.role == model::Role::Strong {
            strong.push(run.text);
        }
    }
    assert_eq!(bold, strong);
    // Every run holding “ ” ‘ ’ — … is hinted East Asian; others are not.
    let marks = ['“', '”', '‘', '’', '—', '…'];
    let mut hinted = 0;
    for (t, _, hint) in &runs {
        let needs = t.chars().any(|c| marks.contains(&c));
        assert_eq!(hint.as_deref() == Some("eastAsia"), needs, "run `{t}`");
        hinted += usize::from(needs);
    }
    assert!(hinted >= 4);
}

#[test]
fn styles_xml_has_words_built_in_styles_set_for_chinese() {
    for (doc, _, bytes) in editions() {
        check_styles(&doc, &bytes);
    }
}

fn check_styles(doc: &Document, bytes: &[u8]) {
    let parts = unzip(bytes);
    let styles_text = part(&parts, "word/styles.xml");
    let xml = roxmltree::Document::parse(&styles_text).expect("styles.xml parses");
    let style = |id: &str| {
        let found: Vec<_> = xml
            .descendants()
            .filter(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .collect();
        assert_eq!(found.len(), 1, "exactly one style `{id}`");
        found[0]
    };
    let names = [
        ("Title", "Title"),
        ("Subtitle", "Subtitle"),
        ("Author", "Author"),
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Normal", "Normal"),
        ("Caption", "caption"),
    ];
    for (id, name) in names {
        let s = style(id);
        assert_eq!(w(s, "name").and_then(val), Some(name));
        let fonts = w(s, "rPr").and_then(|r| w(r, "rFonts")).expect("rFonts");
        assert!(fonts.attribute((W, "eastAsia")).is_some(), "{id}");
        assert!(fonts.attribute((W, "ascii")).is_some(), "{id}");
    }
    // The subtitle is set like the headings (as in the PDF and the EPUB):
    // the bold sans, not the body's serif.
    let fonts_of = |id: &str| {
        let f = w(style(id), "rPr").and_then(|r| w(r, "rFonts")).unwrap();
        (f.attribute((W, "eastAsia")), f.attribute((W, "ascii")))
    };
    assert_eq!(fonts_of("Subtitle"), fonts_of("Heading1"));
    assert_ne!(fonts_of("Subtitle"), fonts_of("Normal"));
    assert!(w(style("Subtitle"), "rPr").and_then(|r| w(r, "b")).is_some());
    for (id, level) in [("Heading1", "0"), ("Heading2", "1")] {
        let ppr = w(style(id), "pPr").unwrap();
        assert_eq!(w(ppr, "outlineLvl").and_then(val), Some(level));
        assert!(w(ppr, "keepNext").is_some());
    }
    let normal = w(style("Normal"), "pPr").unwrap();
    assert_eq!(w(normal, "jc").and_then(val), Some("both"));
    let ind = w(normal, "ind").unwrap();
    assert_eq!(ind.attribute((W, "firstLineChars")), Some("200"));
    for id in ["Title", "Subtitle", "Author", "Heading1", "Heading2", "Caption"] {
        let ind = w(w(style(id), "pPr").unwrap(), "ind").unwrap();
        assert_eq!(ind.attribute((W, "firstLineChars")), Some("0"), "{id}");
    }
    let lang = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .and_then(|d| d.descendants().find(|n| n.has_tag_name((W, "lang"))))
        .expect("w:lang in the run defaults");
    assert_eq!(lang.attribute((W, "eastAsia")), Some(doc.meta.lang.as_str()));
    assert_eq!(doc.meta.lang, "zh-CN");

    // The level-2 mark is the Heading 2 style's numbering, a ■ bullet.
    let num_id = w(style("Heading2"), "pPr")
        .and_then(|p| w(p, "numPr"))
        .and_then(|n| w(n, "numId"))
        .and_then(val)
        .expect("Heading 2 is numbered");
    let numbering_text = part(&parts, "word/numbering.xml");
    let numbering = roxmltree::Document::parse(&numbering_text).unwrap();
    let abstract_id = numbering
        .descendants()
        .find(|n| n.has_tag_name((W, "num")) && n.attribute((W, "numId")) == Some(num_id))
        .and_then(|n| w(n, "abstractNumId"))
        .and_then(val)
        .unwrap();
    let lvl_text = numbering
        .descendants()
        .find(|n| {
            n.has_tag_name((W, "abstractNum")) && n.attribute((W, "abstractNumId")) == Some(abstract_id)
        })
        .and_then(|a| a.descendants().find(|n| n.has_tag_name((W, "lvlText"))))
        .and_then(val);
    assert_eq!(lvl_text, Some(model::LEVEL2_MARK.to_string().as_str()));
    assert!(part(&parts, "word/_rels/document.xml.rels").contains("numbering.xml"));
}

#[test]
fn page_header_footer_and_core_properties() {
    for (doc, assets, bytes) in editions() {
        check_page_and_core(&doc, &assets, &bytes);
    }
}

fn check_page_and_core(doc: &Document, assets: &Assets, bytes: &[u8]) {
    let parts = unzip(bytes);
    let document = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let pg_sz = xml.descendants().find(|n| n.has_tag_name((W, "pgSz"))).unwrap();
    assert_eq!(pg_sz.attribute((W, "w")), Some("11906"));
    assert_eq!(pg_sz.attribute((W, "h")), Some("16838"));
    assert!(part(&parts, "word/header1.xml").contains(&doc.meta.title));
    let footer = part(&parts, "word/footer1.xml");
    assert!(footer.contains(">PAGE<"), "{footer}");

    let core_text = part(&parts, "docProps/core.xml");
    let core = roxmltree::Document::parse(&core_text).unwrap();
    let get = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(get("title"), Some(doc.meta.title.clone()));
    assert_eq!(get("subject"), doc.meta.subtitle.clone());
    assert_eq!(get("creator"), doc.meta.author.clone());
    assert_eq!(get("language").as_deref(), Some("zh-CN"));
    // The dates are the build epoch (the sample's is 2023-03-01).
    let date = zhpress::input::epoch::iso8601(assets.epoch);
    if assets.epoch == SAMPLE_EPOCH {
        assert_eq!(date, "2023-03-01T00:00:00Z");
    }
    assert_eq!(get("created"), Some(date.clone()));
    assert_eq!(get("modified"), Some(date));
}

#[test]
fn property_children_are_in_schema_order() {
    for (_, _, bytes) in editions() {
        check_schema_order(&bytes);
    }
}

/// Checks every part's element order (the oracle of [`crate::wml_schema`],
/// the program's own rank tables, and the cases Word is known to get
/// wrong) and says what it checked: how many of each container in each
/// part, and which schema models.
pub(crate) fn schema_order(bytes: &[u8]) -> (BTreeMap<String, usize>, std::collections::BTreeSet<String>) {
    use zhpress::docx::order::{is_container, rank};
    let parts = unzip(bytes);
    let mut seen = BTreeMap::<String, usize>::new();
    let mut models = std::collections::BTreeSet::new();
    for (name, data) in &parts {
        if !(name.starts_with("word/") && name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(data.clone()).expect("UTF-8 XML");
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        models.extend(crate::wml_schema::check_part(name, &xml));
        for node in xml.descendants().filter(|n| is_container(*n)) {
            let ranks: Vec<usize> = node
                .children()
                .filter(|c| c.is_element())
                .map(|c| rank(node, c).unwrap_or(usize::MAX))
                .collect();
            let names: Vec<&str> = node
                .children()
                .filter(|c| c.is_element())
                .map(|c| c.tag_name().name())
                .collect();
            assert!(
                ranks.windows(2).all(|w| w[0] <= w[1]),
                "{name}: children of w:{} out of schema order: {names:?}",
                node.tag_name().name()
            );
            *seen
                .entry(format!("{name} {}", node.tag_name().name()))
                .or_default() += 1;
            let position = |tag: &str| names.iter().position(|n| *n == tag);
            // Independent of the rank tables: the cases Word is known to
            // get wrong.
            match node.tag_name().name() {
                "rPr" => {
                    if let (Some(fonts), Some(size)) = (position("rFonts"), position("sz")) {
                        assert!(fonts < size, "{name}: rFonts after sz");
                    }
                }
                "style" => {
                    if let (Some(p), Some(r)) = (position("pPr"), position("rPr")) {
                        assert!(p < r, "{name}: style rPr before pPr");
                    }
                    if let (Some(b), Some(p)) = (position("basedOn"), position("pPr")) {
                        assert!(b < p, "{name}: basedOn after pPr");
                    }
                }
                "pPr" if name == "word/styles.xml" || name == "word/numbering.xml" => {
                    assert_eq!(position("rPr"), None, "{name}: run properties in a pPr");
                }
                _ => {}
            }
        }
    }
    (seen, models)
}

/// Every element of the generated parts holds its children in the order of
/// ECMA-376's `wml.xsd`, by an oracle written from the schema
/// ([`crate::wml_schema`]); every rPr, pPr, style, numPr, lvl and sectPr
/// (and the settings) also in the order of the program's own table, and the
/// paragraph properties of styles and numbering levels (`CT_PPrGeneral`)
/// hold no run properties.
fn check_schema_order(bytes: &[u8]) {
    let (seen, models) = schema_order(bytes);

    for key in [
        "word/styles.xml rPr",
        "word/styles.xml pPr",
        "word/styles.xml style",
        "word/styles.xml numPr",
        "word/numbering.xml lvl",
        "word/document.xml rPr",
        "word/document.xml pPr",
        "word/document.xml sectPr",
        "word/settings.xml settings",
    ] {
        assert!(
            seen.get(key).is_some_and(|&n| n > 0),
            "no {key} checked: {seen:?}"
        );
    }
    for model in [
        "CT_PPr",
        "CT_PPrGeneral",
        "CT_RPr",
        "CT_ParaRPr",
        "CT_NumPr",
        "CT_SectPr",
        "CT_Style",
        "CT_AbstractNum",
        "CT_Lvl",
        "CT_Settings",
    ] {
        assert!(models.contains(model), "no {model} checked: {models:?}");
    }
    crate::wml_schema::assert_deviations_seen(&models);
}

#[test]
fn two_renders_are_byte_identical() {
    let doc = sample();
    let assets = assets();
    let a = zhpress::docx::render(&doc, &assets).unwrap();
    let b = zhpress::docx::render(&doc, &assets).unwrap();
    assert!(a == b, "two renders differ");
}

/// Three links: docx-rs gathers their relationships in a hash map, whose
/// order differs from one map to the next; eight renders in one process
/// (eight maps) must give the same bytes, the relationships in link order.
#[test]
fn three_links_render_byte_identical() {
    let link = |url: &str, t: &str| Inline::Link {
        url: url.into(),
        content: vec![text(t)],
    };
    let mut doc = sample();
    doc.blocks.push(para(
        vec![
            link("https://example.org/a", "甲"),
            text("，"),
            link("https://example.org/b", "乙"),
            text("，"),
            link("https://example.org/c", "丙"),
            text("。"),
        ],
        40,
    ));
    let assets = assets();
    let first = zhpress::docx::render(&doc, &assets).unwrap();
    for i in 1..8 {
        let again = zhpress::docx::render(&doc, &assets).unwrap();
        assert!(again == first, "render {i} differs from the first");
    }
    let rels = part(&unzip(&first), "word/_rels/document.xml.rels");
    let at = |url: &str| rels.find(url).unwrap_or_else(|| panic!("{url} in {rels}"));
    assert!(
        at("example.org/a") < at("example.org/b") && at("example.org/b") < at("example.org/c"),
        "{rels}"
    );
}

#[test]
fn output_does_not_depend_on_what_the_thread_rendered_before() {
    let fresh = std::thread::spawn(|| zhpress::docx::render(&sample(), &assets()).unwrap())
        .join()
        .unwrap();
    let assets = assets();
    // A render that fails half way (its second figure's image is missing)…
    let mut broken = sample();
    if let Some(Block::Figure(f)) = broken
        .blocks
        .iter_mut()
        .rev()
        .find(|b| matches!(b, Block::Figure(_)))
    {
        f.src = "images/missing.jpg".into();
    }
    let err = zhpress::docx::render(&broken, &assets).unwrap_err();
    assert!(err.to_string().contains("images/missing.jpg"), "{err:#}");
    // …leaves no trace in the next one.
    let after = zhpress::docx::render(&sample(), &assets).unwrap();
    assert!(after == fresh, "output depends on earlier renders");
}

/// Converts both DOCX files with LibreOffice and checks that each PDF holds
/// the title, every heading and every caption line.
#[test]
fn libreoffice_renders_every_heading_and_caption() {
    let (Some(soffice), Some(pdftotext)) = (checker("soffice"), checker("pdftotext")) else {
        return;
    };
    let editions = editions();
    let dir = scratch("docx-soffice");
    let names: Vec<String> = (0..editions.len()).map(|i| format!("edition-{i}")).collect();
    for ((_, _, bytes), name) in editions.iter().zip(&names) {
        std::fs::write(dir.path().join(format!("{name}.docx")), bytes).unwrap();
    }
    convert_with_soffice(&soffice, dir.path(), &names);
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for ((doc, _, _), name) in editions.iter().zip(&names) {
        let out = Command::new(&pdftotext)
            .args(["-raw", "-enc", "UTF-8"])
            .arg(dir.path().join(format!("{name}.pdf")))
            .arg("-")
            .output()
            .expect("run pdftotext");
        assert!(out.status.success());
        let text = squash(&String::from_utf8_lossy(&out.stdout));
        assert!(text.contains(&squash(&doc.meta.title)), "title in {name}");
        for h in doc.headings() {
            assert!(
                text.contains(&squash(&h.text())),
                "heading `{}` in {name}",
                h.text()
            );
        }
        for f in doc.figures() {
            let line = squash(&f.caption_line().unwrap());
            assert!(text.contains(&line), "caption `{line}` in {name}");
        }
        // LibreOffice turns outline levels into PDF bookmarks: they must be
        // the headings, nested by level, without the level-2 mark.
        if let Some(qpdf) = checker("qpdf") {
            let expected: Vec<(u8, String)> = doc.headings().iter().map(|h| (h.level, h.text())).collect();
            assert_eq!(
                pdf_outline(&qpdf, &dir.path().join(format!("{name}.pdf"))),
                expected,
                "{name}"
            );
        }
    }
}

/// The PDF's bookmarks as (depth from 1, title), in order, read with qpdf.
fn pdf_outline(qpdf: &Path, pdf: &Path) -> Vec<(u8, String)> {
    fn walk(items: &[serde_json::Value], depth: u8, out: &mut Vec<(u8, String)>) {
        for item in items {
            out.push((depth, item["title"].as_str().unwrap_or_default().to_string()));
            walk(
                item["kids"].as_array().map(Vec::as_slice).unwrap_or_default(),
                depth + 1,
                out,
            );
        }
    }
    let out = Command::new(qpdf)
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .expect("run qpdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("qpdf JSON");
    let mut outline = Vec::new();
    walk(json["outlines"].as_array().expect("outlines"), 1, &mut outline);
    outline
}

/// Word's table of figures collects the Caption paragraph: it holds
/// `图N　caption` only; the credit follows in a `Figure Credit` paragraph
/// after a style separator, so every editor shows one line.
#[test]
fn the_credit_stands_outside_the_caption_paragraph() {
    for (doc, _, bytes) in editions() {
        let parts = unzip(&bytes);
        let paras = paragraphs(&part(&parts, "word/document.xml"));
        let captions: Vec<usize> = (0..paras.len())
            .filter(|&i| paras[i].style == "Caption")
            .collect();
        for (&i, f) in captions.iter().zip(doc.figures()) {
            assert_eq!(
                paras[i].text,
                format!(
                    "{}\u{3000}{}",
                    f.caption.as_ref().unwrap().label(),
                    f.alt_text().unwrap()
                )
            );
            match &f.caption.as_ref().unwrap().credit {
                Some(credit) => {
                    assert!(paras[i].separator, "the caption's mark is a style separator");
                    assert_eq!(paras[i + 1].style, "FigureCredit");
                    assert_eq!(paras[i + 1].text, format!("\u{3000}{credit}"));
                }
                None => assert!(!paras[i].separator),
            }
        }
        let styles = part(&parts, "word/styles.xml");
        let xml = roxmltree::Document::parse(&styles).unwrap();
        let credit = xml
            .descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some("FigureCredit"))
            .expect("the credit style");
        assert_eq!(w(credit, "name").and_then(val), Some("Figure Credit"));
        assert_eq!(w(credit, "basedOn").and_then(val), Some("Caption"));
    }
}

#[test]
fn normal_is_the_default_paragraph_style() {
    let (_, _, bytes) = editions().remove(0);
    let styles = part(&unzip(&bytes), "word/styles.xml");
    let xml = roxmltree::Document::parse(&styles).unwrap();
    let defaults: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "style")) && n.attribute((W, "default")) == Some("1"))
        .filter_map(|n| n.attribute((W, "styleId")))
        .collect();
    assert_eq!(defaults, ["Normal"]);
}

/// Page 1 starts with the title: its header is empty, its footer still
/// numbers the page; later pages repeat the title in the header.
#[test]
fn page_one_has_no_running_head() {
    let (doc, _, bytes) = editions().remove(0);
    let parts = unzip(&bytes);
    let document = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let sect = xml.descendants().find(|n| n.has_tag_name((W, "sectPr"))).unwrap();
    assert!(w(sect, "titlePg").is_some(), "a different first page");
    let rels = part(&parts, "word/_rels/document.xml.rels");
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = |id: &str| {
        rels.descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .map(|t| format!("word/{t}"))
            .unwrap()
    };
    let reference = |kind: &str, of: &str| {
        sect.children()
            .find(|n| n.has_tag_name((W, kind)) && n.attribute((W, "type")) == Some(of))
            .and_then(|n| {
                n.attribute((
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    "id",
                ))
            })
            .map(target)
            .unwrap_or_else(|| panic!("no {of} {kind}"))
    };
    let text_of = |name: &str| {
        let xml = part(&parts, name);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name((W, "t")))
            .filter_map(|n| n.text())
            .collect::<String>()
    };
    assert_eq!(text_of(&reference("headerReference", "first")), "");
    assert_eq!(text_of(&reference("headerReference", "default")), doc.meta.title);
    for kind in ["first", "default"] {
        let footer = part(&parts, &reference("footerReference", kind));
        assert!(footer.contains(">PAGE<"), "{kind} footer numbers the page");
    }
}

/// Notes become Word comments: `comments.xml` with its relationship and
/// content type when there are any, no part at all when there are none.
#[test]
fn notes_are_word_comments_with_their_part_related() {
    let (_, assets, plain) = editions().remove(0);
    let parts = unzip(&plain);
    assert!(!parts.contains_key("word/comments.xml"), "no empty comments part");
    assert!(!part(&parts, "[Content_Types].xml").contains("comments.xml\""));

    let mut doc = sample();
    doc.blocks.insert(
        0,
        Block::Note(model::Note {
            text: "源注：核对数字".into(),
            line: 4,
        }),
    );
    let Block::Paragraph(p) = &mut doc.blocks[4] else {
        panic!("the sample's first lead sentence")
    };
    p.content
        .insert(1, Inline::Note("批注（张三）：此句待核。".into()));
    let bytes = zhpress::docx::render(&doc, &assets).unwrap();
    let parts = unzip(&bytes);
    let comments = part(&parts, "word/comments.xml");
    let comments = roxmltree::Document::parse(&comments).unwrap();
    let found: Vec<(&str, String)> = comments
        .descendants()
        .filter(|n| n.has_tag_name((W, "comment")))
        .map(|c| {
            let text = c
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            (c.attribute((W, "author")).unwrap(), text)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("zhpress", "源注：核对数字".to_string()),
            ("张三", "此句待核。".to_string())
        ]
    );
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"relationships/comments" Target="comments.xml""#),
        "{rels}"
    );
    assert!(part(&parts, "[Content_Types].xml").contains(r#"PartName="/word/comments.xml""#));

    // The source's note covers the paragraph after it; the editor's is a
    // point in the text.
    let document = part(&parts, "word/document.xml");
    let xml = roxmltree::Document::parse(&document).unwrap();
    let body_paras: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")) && n.ancestors().any(|a| a.has_tag_name((W, "body"))))
        .collect();
    // After the title block: title, subtitle, author.
    let first = body_paras[3];
    let kids: Vec<&str> = first
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(kids[1], "commentRangeStart", "{kids:?}");
    assert_eq!(kids[kids.len() - 2], "commentRangeEnd", "{kids:?}");
}

/// Word and WPS compress adjacent punctuation when the settings ask them to.
#[test]
fn settings_ask_word_to_compress_punctuation() {
    let parts = unzip(&zhpress::docx::render(&sample(), &assets()).unwrap());
    let settings = part(&parts, "word/settings.xml");
    let xml = roxmltree::Document::parse(&settings).unwrap();
    let control = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "characterSpacingControl")))
        .expect("w:characterSpacingControl");
    assert_eq!(val(control), Some("compressPunctuation"));
}
