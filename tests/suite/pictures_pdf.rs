//! Pictures in the PDF edition read back (issue 23): the fixture's
//! uncaptioned screenshot (a `Figure` with its text alternative as `/Alt`,
//! no `Caption`), its decorative rule (an artifact, outside the
//! structure), its row of two captioned photos (one `Div`: each photo a
//! `Figure` and its `Caption`, both drawn at one height filling the
//! measure), its icon inside a sentence (a `Figure` inside the `P`, one em
//! high on the text line, adding no text) and its GIF, as the file's
//! content streams and structure tree say. `verify` finds the PDF as the
//! model has it and the PDF/UA checkers find no error.

use crate::common;

use common::{checker, Scratch};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::content::Content;
use zhpress::input::assets::Assets;
use zhpress::model::{Block, Document, Figure, FigureRow, Inline, PicturePlace, PictureShape};
use zhpress::style::{text_width_pt, BODY_SIZE, FIGURE_ROW_GAP_EMS};
use zhpress::verify::pdf::{page_texts, structure, StructNode};
use zhpress::verify::{compare, normalize, Expected};
use zhpress::Target;

const FIXTURE: &str = "tests/fixtures/pictures.md";

/// A document built into its PDF.
struct Built {
    doc: Document,
    assets: Assets,
    pdf: Vec<u8>,
}

fn build(doc: Document, assets: Assets) -> Built {
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    Built { doc, assets, pdf }
}

/// The fixture's PDF.
fn fixture() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let (doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
        build(doc, assets)
    })
}

/// Writes `b`'s PDF into a scratch folder of its own.
fn write(b: &Built, name: &str) -> (Scratch, PathBuf) {
    let dir = common::scratch(&format!("pictures-pdf-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, &b.pdf).unwrap();
    (dir, path)
}

/// An image painted on a page: where (points, from the page's lower
/// left corner), and the marked content it is drawn in (`Figure` with an
/// MCID, or `Artifact`).
#[derive(Debug, Clone, PartialEq)]
struct Painted {
    page: usize,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    tag: String,
}

/// Every image painted, in content order, and every text baseline (`Td`)
/// of each page.
fn painted(pdf: &[u8]) -> (Vec<Painted>, Vec<Vec<f32>>) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut images = Vec::new();
    let mut baselines = Vec::new();
    for (page, id) in doc.get_pages().into_values().enumerate() {
        let content = Content::decode(&doc.get_page_content(id).unwrap()).unwrap();
        let mut tags: Vec<String> = Vec::new();
        let mut matrix = [0.0f32; 6];
        let mut lines = Vec::new();
        for op in &content.operations {
            let num = |i: usize| op.operands[i].as_float().unwrap();
            match op.operator.as_str() {
                "BDC" | "BMC" => tags.push(String::from_utf8_lossy(op.operands[0].as_name().unwrap()).into()),
                "EMC" => {
                    tags.pop();
                }
                "cm" => matrix = [num(0), num(1), num(2), num(3), num(4), num(5)],
                "Td" => lines.push(num(1)),
                "Do" => images.push(Painted {
                    page,
                    x: matrix[4],
                    y: matrix[5],
                    width: matrix[0],
                    height: matrix[3],
                    tag: tags.last().cloned().unwrap_or_default(),
                }),
                _ => {}
            }
        }
        baselines.push(lines);
    }
    (images, baselines)
}

/// The structure tree of `pdf`.
fn tree(pdf: &[u8]) -> StructNode {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = page_texts(&doc).unwrap();
    structure(&doc, &pages).unwrap().unwrap()
}

/// The kinds of `n`'s children.
fn kinds(n: &StructNode) -> Vec<&str> {
    n.children.iter().map(|c| c.kind.as_str()).collect()
}

#[test]
fn verify_finds_the_pictures_as_the_model_has_them() {
    let b = fixture();
    let reading = zhpress::verify::read(Target::Pdf, &b.pdf).unwrap();
    let expected = Expected::from_model(&b.doc);
    let diffs = compare(&expected, &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
    let shape = |place, label: Option<&str>, alt: Option<&str>| PictureShape {
        place,
        label: label.map(str::to_string),
        alt: alt.map(str::to_string),
    };
    // The decorative rule is an artifact: not among the pictures read.
    assert_eq!(
        reading.pictures.as_deref().unwrap(),
        [
            shape(
                PicturePlace::Alone,
                None,
                Some("工作台页面截图：左侧为功能菜单，右侧为六条待办事项")
            ),
            shape(PicturePlace::Row, Some("图1"), None),
            shape(PicturePlace::Row, Some("图2"), None),
            shape(PicturePlace::Inline, None, Some("红色印章")),
            shape(PicturePlace::Alone, Some("图3"), None),
        ]
    );
    // A picture read elsewhere or with another text alternative, or
    // pictures the model does not have, are named (the model's second
    // picture is the rule, which the PDF does not list).
    for (k, change) in [
        |p: &mut Vec<PictureShape>| p[0].alt = Some("别的截图".into()),
        |p: &mut Vec<PictureShape>| p[2].place = PicturePlace::Alone,
        |p: &mut Vec<PictureShape>| p[4].place = PicturePlace::Row,
        |p: &mut Vec<PictureShape>| p.retain(|s| s.label.is_some()),
    ]
    .into_iter()
    .enumerate()
    {
        let mut changed = expected.clone();
        change(&mut changed.pictures);
        let found = compare(&changed, &reading);
        assert!(
            found.iter().any(|d| d.what.starts_with("picture")),
            "change {k}: {found:#?}"
        );
    }
}

#[test]
fn the_structure_holds_each_picture_where_it_stands() {
    let root = tree(&fixture().pdf);
    let doc = &root;
    assert_eq!(doc.kind, "Document");
    let mut figures = Vec::new();
    root.walk(&mut |n| {
        if n.kind == "Figure" {
            figures.push(n)
        }
    });
    // Five pictures in the structure: the rule is not one of them.
    assert_eq!(figures.len(), 5, "{:#?}", kinds(doc));
    // The screenshot stands alone, with its text alternative and no caption.
    let at = doc.children.iter().position(|c| c.kind == "Figure").unwrap();
    assert_eq!(
        doc.children[at].alt.as_deref(),
        Some("工作台页面截图：左侧为功能菜单，右侧为六条待办事项")
    );
    assert_ne!(doc.children[at + 1].kind, "Caption");
    // The row: a Div of two figures, each followed by its caption, the
    // captioned photos' /Alt their caption words.
    let div = doc.children.iter().find(|c| c.kind == "Div").expect("a Div");
    assert_eq!(kinds(div), ["Figure", "Caption", "Figure", "Caption"]);
    assert_eq!(div.children[0].alt.as_deref(), Some("调研组在基层听取意见"));
    assert_eq!(
        normalize(&div.children[1].text),
        normalize("图1　调研组在基层听取意见　本报记者 齐波 摄")
    );
    assert_eq!(div.children[2].alt.as_deref(), Some("座谈会现场"));
    assert_eq!(normalize(&div.children[3].text), normalize("图2　座谈会现场"));
    // The icon: a Figure inside its paragraph, between the words around
    // it, which read on without a character in its place.
    let p = doc
        .children
        .iter()
        .find(|c| c.kind == "P" && c.children.iter().any(|k| k.kind == "Figure"))
        .expect("a paragraph with a picture");
    let icon = p.children.iter().find(|k| k.kind == "Figure").unwrap();
    assert_eq!(icon.alt.as_deref(), Some("红色印章"));
    assert_eq!(icon.text, "");
    assert!(
        p.mcids.len() >= 2,
        "text before and after the icon: {:?}",
        p.mcids
    );
    assert_eq!(
        normalize(&p.text),
        normalize("文件右上角加盖标记的，表示已经审核；未加盖的请勿对外发布。")
    );
}

#[test]
fn the_decorative_rule_is_an_artifact_and_every_other_picture_a_figure() {
    let (images, _) = painted(&fixture().pdf);
    let tags: Vec<&str> = images.iter().map(|i| i.tag.as_str()).collect();
    // Drawing order: screenshot, rule; the row, the icon, the GIF.
    assert_eq!(
        tags,
        ["Figure", "Artifact", "Figure", "Figure", "Figure", "Figure"]
    );
    // The extracted text gains nothing from the pictures.
    let doc = lopdf::Document::load_mem(&fixture().pdf).unwrap();
    let text: String = page_texts(&doc)
        .unwrap()
        .iter()
        .map(|p| p.content.clone())
        .collect();
    assert!(!text.contains('\u{FFFC}'));
    assert!(normalize(&text).contains("文件右上角加盖标记的，表示已经审核"));
}

#[test]
fn a_row_fills_the_measure_at_one_height_and_an_icon_is_an_em_high_on_its_line() {
    let (images, baselines) = painted(&fixture().pdf);
    let (left, right) = (&images[2], &images[3]);
    assert_eq!(left.page, right.page);
    assert!((left.height - right.height).abs() < 0.01, "{left:?} {right:?}");
    assert!((left.y - right.y).abs() < 0.01, "{left:?} {right:?}");
    let gap = FIGURE_ROW_GAP_EMS * f32::from(BODY_SIZE);
    assert!(
        (right.x - (left.x + left.width) - gap).abs() < 0.01,
        "{left:?} {right:?}"
    );
    assert!(
        (left.width + gap + right.width - text_width_pt()).abs() < 0.01,
        "the row is {} pt wide, the measure {} pt",
        left.width + gap + right.width,
        text_width_pt()
    );
    // The screenshot alone is the measure's width too: the row's left
    // edge is the text's.
    assert!((images[0].x - left.x).abs() < 0.01);
    // The icon is an em high (a square image: an em wide), its foot at
    // the foot of its line's em box (0.12 em under the baseline).
    let icon = &images[4];
    let em = f32::from(BODY_SIZE);
    assert!(
        (icon.height - em).abs() < 0.01 && (icon.width - em).abs() < 0.01,
        "{icon:?}"
    );
    let foot = icon.y + 0.12 * em;
    assert!(
        baselines[icon.page].iter().any(|b| (b - foot).abs() < 0.01),
        "no line of page {} has its baseline at {foot}",
        icon.page + 1
    );
}

#[test]
fn row_pictures_are_warned_of_at_their_printed_size() {
    let b = fixture();
    let warnings = zhpress::pdf::layout::low_resolution_warnings(&b.doc, &b.assets);
    let (images, _) = painted(&b.pdf);
    // landscape.jpg is 300 px across the row's left picture, portrait.png
    // 200 px across its right one; the icon, an em high, is not warned of.
    let mm = |pt: f32| pt * 25.4 / 72.0;
    for (src, px, painted) in [
        ("images/landscape.jpg", 300.0, &images[2]),
        ("images/portrait.png", 200.0, &images[3]),
    ] {
        let ppi = px / (mm(painted.width) / 25.4);
        let w = warnings.iter().find(|w| w.contains(src)).expect(src);
        assert!(w.contains(&format!("prints at {ppi:.0} ppi")), "{w} ({ppi})");
    }
    assert!(!warnings.iter().any(|w| w.contains("icon.png")), "{warnings:?}");
}

#[test]
fn a_page_that_begins_with_a_floated_picture_begins_where_its_text_does() {
    // Text enough to leave too little room for the screenshot at the foot
    // of page 1: it floats to page 2, and the text after it fills page 1.
    let (mut doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
    let para = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Figure(_)))
        .unwrap();
    for _ in 0..14 {
        doc.blocks.insert(at, Block::Paragraph(para.clone()));
    }
    zhpress::model::number(&mut doc.blocks);
    let layout = zhpress::pdf::lay_out(&doc, &assets).unwrap();
    let b = build(doc, assets);
    let pdf = lopdf::Document::load_mem(&b.pdf).unwrap();
    let pages = page_texts(&pdf).unwrap();
    let (images, _) = painted(&b.pdf);
    let shot = &images[0];
    assert_eq!(shot.page, 1, "the screenshot floats to page 2: {images:?}");
    let texts = b.doc.block_texts();
    for (i, start) in layout.page_map().starts.iter().enumerate().skip(1) {
        let zhpress::model::PageStart::Body(at) = start else {
            panic!("page {} begins in the title", i + 1)
        };
        let from: String = texts[at.block.index()].chars().skip(at.offset).take(8).collect();
        assert!(
            normalize(&pages[i].content).starts_with(&normalize(&from)),
            "page {} begins with {:?}, its start says {from:?}",
            i + 1,
            pages[i].content.chars().take(20).collect::<String>()
        );
    }
}

#[test]
fn a_row_of_uncaptioned_and_decorative_pictures_is_tagged_as_such() {
    // A row of a described picture and a decorative one, and an icon
    // without a text alternative inside a paragraph.
    let (mut doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
    let shot =
        |alt: Option<&str>| Figure::uncaptioned("images/screenshot.png".into(), alt.map(str::to_string), 1);
    doc.blocks.push(Block::FigureRow(FigureRow {
        figures: vec![shot(Some("左图")), shot(None)],
        line: 1,
    }));
    if let Some(Block::Paragraph(p)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Paragraph(_))) {
        p.content.push(Inline::Image(zhpress::model::InlineImage {
            src: "images/icon.png".into(),
            alt: String::new(),
        }));
    }
    zhpress::model::number(&mut doc.blocks);
    let b = build(doc, assets);
    let reading = zhpress::verify::read(Target::Pdf, &b.pdf).unwrap();
    let diffs = compare(&Expected::from_model(&b.doc), &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
    let root = tree(&b.pdf);
    let mut divs = Vec::new();
    root.walk(&mut |n| {
        if n.kind == "Div" {
            divs.push(n)
        }
    });
    let last = divs.last().unwrap();
    assert_eq!(kinds(last), ["Figure"]);
    assert_eq!(last.children[0].alt.as_deref(), Some("左图"));
    let (images, _) = painted(&b.pdf);
    let artifacts = images.iter().filter(|i| i.tag == "Artifact").count();
    assert_eq!(
        artifacts, 3,
        "the rule, the row's second picture and the icon: {images:?}"
    );
}

#[test]
fn the_same_pictures_give_the_same_bytes() {
    let b = fixture();
    assert!(zhpress::pdf::render(&b.doc, &b.assets).unwrap() == b.pdf);
}

#[test]
fn qpdf_and_the_pdf_ua_checkers_pass_on_pictures() {
    let (_dir, path) = write(fixture(), "ua-pictures.pdf");
    if let Some(qpdf) = checker("qpdf") {
        let out = Command::new(&qpdf).arg("--check").arg(&path).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
    if let Some(pdfua) = checker("pdfua") {
        let out = Command::new(&pdfua).arg("check").arg(&path).output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && !report.contains("[skip"), "{report}");
    }
    if let Some(outloud) = checker("outloud") {
        let out = Command::new(&outloud)
            .args(["--fail-on", "error", "--no-info"])
            .arg(&path)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && !report.contains("ERROR"), "{report}");
    }
}

#[test]
fn the_fixture_builds_and_verify_finds_its_pdf_as_the_source() {
    let dir = common::scratch("pictures-pdf-cli");
    let out = dir.to_str().unwrap();
    let built = common::zhpress(&["build", FIXTURE, "--to", "pdf", "-o", out]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let verified = common::zhpress(&["verify", out, "--source", FIXTURE]);
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(report.contains("all editions agree"), "{report}");
}

#[test]
fn a_row_at_the_foot_of_a_page_shrinks_as_one_its_captions_under_its_pictures() {
    // More and more text before the row, until the row is set smaller to
    // stay on the page of the text before it.
    let (doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
    let para = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap();
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::FigureRow(_)))
        .unwrap();
    let full = zhpress::pdf::lay_out(&doc, &assets).unwrap();
    let images = |layout: &zhpress::pdf::layout::Layout| -> Vec<(usize, f32, f32, f32, f32)> {
        let mut out = Vec::new();
        for (page, p) in layout.pages.iter().enumerate() {
            for m in &p.marks {
                if let zhpress::pdf::page::Mark::Image {
                    src,
                    x,
                    y,
                    width,
                    height,
                    ..
                } = m
                {
                    if src.ends_with("landscape.jpg") || src.ends_with("portrait.png") {
                        out.push((page, *x, *y, *width, *height));
                    }
                }
            }
        }
        out
    };
    let row_height = images(&full)[0].4;
    let shrunk = (0..60).find_map(|n| {
        let mut doc = doc.clone();
        for _ in 0..n {
            doc.blocks.insert(at, Block::Paragraph(para.clone()));
        }
        zhpress::model::number(&mut doc.blocks);
        let layout = zhpress::pdf::lay_out(&doc, &assets).unwrap();
        let row = images(&layout);
        (row[0].4 < row_height - 0.01).then_some((doc, layout, row))
    });
    let (doc, layout, row) = shrunk.expect("some text before the row makes it shrink");
    let (left, right) = (row[0], row[1]);
    assert!(left.4 >= 0.7 * row_height, "{left:?}");
    assert_eq!(left.0, right.0);
    assert!((left.4 - right.4).abs() < 1e-3 && (left.2 - right.2).abs() < 1e-3);
    // Each caption stays centred under its own picture, just below it.
    let page = &layout.pages[left.0];
    for (k, picture) in [left, right].iter().enumerate() {
        let label = format!("图{}", k + 1);
        let caption = page
            .marks
            .iter()
            .find_map(|m| match m {
                zhpress::pdf::page::Mark::Text {
                    text, x, baseline, ..
                } if text.starts_with(&label) => Some((*x, *baseline)),
                _ => None,
            })
            .expect("the caption");
        let bottom = picture.2 + picture.4;
        assert!(
            caption.1 > bottom && caption.1 < bottom + 10.0,
            "{caption:?} {picture:?}"
        );
        assert!(
            caption.0 > picture.1 && caption.0 < picture.1 + picture.3,
            "{caption:?} {picture:?}"
        );
    }
    // And the file says what the model says.
    let b = build(doc, assets);
    let diffs = compare(
        &Expected::from_model(&b.doc),
        &zhpress::verify::read(Target::Pdf, &b.pdf).unwrap(),
    );
    assert!(diffs.is_empty(), "{diffs:#?}");
}
