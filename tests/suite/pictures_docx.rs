//! The DOCX's pictures read back (issue 23): the fixture
//! `tests/fixtures/pictures.md` (an uncaptioned screenshot, a decorative
//! rule, a row of two captioned photos, an icon inside a sentence, a GIF)
//! as Word sees it — drawings with their `descr` and decorative mark, a row
//! in one paragraph with its captions under tab stops, the icon one em high
//! among the words — as `verify` reads it, and as LibreOffice draws it.

use crate::common::{self, checker, convert_with_soffice, scratch};

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use roxmltree::{Document as Xml, Node};
use zhpress::model::{Document, PicturePlace};
use zhpress::Target;

const FIXTURE: &str = "tests/fixtures/pictures.md";

/// EMU per point and per twip.
const EMU_PER_PT: i64 = 12_700;
const EMU_PER_TWIP: i64 = 635;

fn manifest(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The model of `source` and its DOCX.
fn edition(source: &Path) -> (Document, Vec<u8>) {
    let (doc, assets) = zhpress::load(source).expect("the source loads");
    let bytes = zhpress::docx::render(&doc, &assets).expect("the DOCX renders");
    (doc, bytes)
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    String::from_utf8(unzip(bytes).remove(name).unwrap_or_else(|| panic!("no {name}"))).unwrap()
}

/// The style id of a paragraph.
fn style<'a>(p: Node<'a, '_>) -> Option<&'a str> {
    p.descendants()
        .find(|n| n.has_tag_name("pStyle"))
        .and_then(|s| s.attributes().find(|a| a.name() == "val"))
        .map(|a| a.value())
}

/// A w: attribute's value.
fn w_attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The paragraph's `wp:docPr` and `wp:extent` (cx, cy) of each drawing.
fn drawings<'a, 'i>(p: Node<'a, 'i>) -> Vec<(Node<'a, 'i>, (i64, i64))> {
    p.descendants()
        .filter(|n| n.has_tag_name("inline"))
        .map(|inline| {
            let doc_pr = inline.children().find(|n| n.has_tag_name("docPr")).unwrap();
            let extent = inline.children().find(|n| n.has_tag_name("extent")).unwrap();
            let size = |a| extent.attribute(a).unwrap().parse::<i64>().unwrap();
            (doc_pr, (size("cx"), size("cy")))
        })
        .collect()
}

/// The text of a paragraph, `w:tab` as a tab.
fn text(p: Node) -> String {
    p.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" => n.text(),
            "tab" if n.parent().is_some_and(|r| r.has_tag_name("r")) => Some("\t"),
            _ => None,
        })
        .collect()
}

/// The text block's width in EMU, from the section's page size and margins.
fn text_width(xml: &Xml) -> i64 {
    let get = |tag: &str, a: &str| -> i64 {
        let n = xml.descendants().find(|n| n.has_tag_name(tag)).unwrap();
        w_attr(n, a).unwrap().parse().unwrap()
    };
    (get("pgSz", "w") - get("pgMar", "left") - get("pgMar", "right")) * EMU_PER_TWIP
}

#[test]
fn verify_reads_every_picture_as_the_model_has_it() {
    let (doc, bytes) = edition(&manifest(FIXTURE));
    let reading = zhpress::verify::read(Target::Docx, &bytes).expect("verify reads the DOCX");
    let want = doc.picture_shapes();
    let places: Vec<PicturePlace> = want.iter().map(|p| p.place).collect();
    use PicturePlace::*;
    assert_eq!(places, [Alone, Alone, Row, Row, Inline, Alone], "the fixture");
    assert_eq!(reading.pictures.as_ref(), Some(&want));
    assert!(want.iter().any(|p| p.is_decorative()));
    let captions: Vec<String> = doc.figures().iter().filter_map(|f| f.caption_line()).collect();
    assert_eq!(
        reading.captions.as_ref(),
        Some(&captions),
        "a row's caption is one per picture"
    );
    let diffs = zhpress::verify::compare(&zhpress::verify::Expected::from_model(&doc), &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
}

#[test]
fn drawings_carry_their_text_alternative_or_the_decorative_mark() {
    let (doc, bytes) = edition(&manifest(FIXTURE));
    let xml_text = part(&bytes, "word/document.xml");
    let xml = Xml::parse(&xml_text).unwrap();
    let doc_prs: Vec<Node> = xml.descendants().filter(|n| n.has_tag_name("docPr")).collect();
    let shapes = doc.picture_shapes();
    assert_eq!(doc_prs.len(), shapes.len());
    // Block pictures and inline ones, in reading order: the alt text each
    // must carry (a captioned figure's: its caption words).
    let mut figures = doc.figures().into_iter();
    let mut inline = doc.inline_images().into_iter();
    for (i, (doc_pr, shape)) in doc_prs.iter().zip(&shapes).enumerate() {
        let alt = match shape.place {
            PicturePlace::Inline => inline.next().unwrap().0.alt_text().map(str::to_string),
            _ => figures.next().unwrap().alt_text(),
        };
        assert_eq!(
            doc_pr.attribute("id"),
            Some((i + 1).to_string().as_str()),
            "unique ids"
        );
        assert_eq!(doc_pr.attribute("descr"), Some(alt.as_deref().unwrap_or("")));
        let mark = doc_pr
            .descendants()
            .find(|n| n.has_tag_name("decorative"))
            .and_then(|n| n.attribute("val"));
        assert_eq!(mark, alt.is_none().then_some("1"), "picture {}", i + 1);
        if let Some(ext) = doc_pr.descendants().find(|n| n.has_tag_name("ext")) {
            assert_eq!(
                ext.attribute("uri"),
                Some("{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
            );
        }
    }
    // An uncaptioned picture has no caption paragraph after it.
    let paragraphs: Vec<Node> = xml.descendants().filter(|n| n.has_tag_name("p")).collect();
    for (i, p) in paragraphs.iter().enumerate() {
        let Some(doc_pr) = drawings(*p).first().map(|d| d.0) else {
            continue;
        };
        let next = paragraphs.get(i + 1).and_then(|n| style(*n));
        let captioned = doc_pr
            .attribute("name")
            .is_some_and(|n| n.starts_with('图') && !n.starts_with("图片"));
        if style(*p) == Some("Figure") {
            assert_eq!(
                next == Some("Caption"),
                captioned,
                "{:?}",
                doc_pr.attribute("title")
            );
        }
    }
}

#[test]
fn a_row_is_one_picture_paragraph_and_one_caption_paragraph_with_a_tab_stop_under_each() {
    let (doc, bytes) = edition(&manifest(FIXTURE));
    let xml_text = part(&bytes, "word/document.xml");
    let xml = Xml::parse(&xml_text).unwrap();
    let paragraphs: Vec<Node> = xml.descendants().filter(|n| n.has_tag_name("p")).collect();
    let at = paragraphs
        .iter()
        .position(|p| drawings(*p).len() > 1)
        .expect("a paragraph with two drawings");
    let row = paragraphs[at];
    assert_eq!(style(row), Some("Figure"));
    let sizes: Vec<(i64, i64)> = drawings(row).into_iter().map(|d| d.1).collect();
    assert_eq!(sizes.len(), 2);
    assert_eq!(sizes[0].1, sizes[1].1, "one common height");
    assert_eq!(text(row), "\u{3000}", "an ideographic space between the drawings");
    // The pictures and the em between them fill the text width.
    let em = i64::from(zhpress::style::BODY_SIZE) * EMU_PER_PT;
    let width = sizes[0].0 + sizes[1].0 + em;
    let measure = text_width(&xml);
    assert!((measure - width).abs() < 4, "{width} in {measure}");
    // The caption paragraph: a centre tab stop under the middle of each
    // picture, and per picture a tab and its caption line.
    let caption = paragraphs[at + 1];
    assert_eq!(style(caption), Some("Caption"));
    let stops: Vec<i64> = caption
        .descendants()
        .filter(|n| n.has_tag_name("tab") && n.parent().is_some_and(|t| t.has_tag_name("tabs")))
        .inspect(|t| assert_eq!(w_attr(*t, "val"), Some("center")))
        .map(|t| w_attr(t, "pos").unwrap().parse::<i64>().unwrap() * EMU_PER_TWIP)
        .collect();
    let middles = [sizes[0].0 / 2, sizes[0].0 + em + sizes[1].0 / 2];
    assert_eq!(stops.len(), 2);
    for (stop, middle) in stops.iter().zip(middles) {
        assert!(
            (stop - middle).abs() <= EMU_PER_TWIP,
            "stop {stop} under {middle}"
        );
    }
    let row_figures = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            zhpress::model::Block::FigureRow(r) => Some(r),
            _ => None,
        })
        .unwrap();
    let lines: String = row_figures
        .figures
        .iter()
        .map(|f| format!("\t{}", f.caption_line().unwrap_or_default()))
        .collect();
    assert_eq!(text(caption), lines);
    // The credit in runs of the credit character style, found by its name.
    let credit: String = caption
        .descendants()
        .filter(|r| r.has_tag_name("r"))
        .filter(|r| {
            r.descendants()
                .any(|n| n.has_tag_name("rStyle") && w_attr(n, "val") == Some("FigureCreditChar"))
        })
        .map(text)
        .collect();
    assert_eq!(credit, "\u{3000}本报记者 齐波 摄");
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:type="character" w:styleId="FigureCreditChar""#)
            && styles.contains(&format!(r#"w:val="{}""#, zhpress::docx::CREDIT_CHAR_STYLE_NAME)),
        "the credit character style"
    );
}

#[test]
fn a_picture_inside_text_is_a_drawing_one_em_high_among_the_words() {
    let (_, bytes) = edition(&manifest(FIXTURE));
    let xml_text = part(&bytes, "word/document.xml");
    let xml = Xml::parse(&xml_text).unwrap();
    let p = xml
        .descendants()
        .filter(|n| n.has_tag_name("p"))
        .find(|p| text(*p).starts_with("文件右上角加盖"))
        .unwrap();
    assert_eq!(style(p), None, "a body paragraph");
    let found = drawings(p);
    assert_eq!(found.len(), 1);
    let (doc_pr, (cx, cy)) = found[0];
    assert_eq!(
        cy,
        i64::from(zhpress::style::BODY_SIZE) * EMU_PER_PT,
        "one em high"
    );
    assert_eq!(cx, cy, "a square icon");
    assert_eq!(doc_pr.attribute("descr"), Some("红色印章"));
    // Words on both sides of the drawing's run.
    let runs: Vec<Node> = p.children().filter(|n| n.has_tag_name("r")).collect();
    let at = runs
        .iter()
        .position(|r| r.descendants().any(|n| n.has_tag_name("drawing")))
        .unwrap();
    assert!(at > 0 && at + 1 < runs.len());
}

#[test]
fn every_image_file_is_one_part_named_by_its_format() {
    let (doc, bytes) = edition(&manifest(FIXTURE));
    let parts = unzip(&bytes);
    let media: Vec<(&String, &Vec<u8>)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), doc.image_sources().len());
    for (name, data) in media {
        let png = data.starts_with(b"\x89PNG");
        let jpeg = data.starts_with(&[0xFF, 0xD8]);
        assert!(
            (png && name.ends_with(".png")) || (jpeg && name.ends_with(".jpeg")),
            "{name}: a GIF is stored as PNG, each part named by its format"
        );
    }

    // A row repeating one file, and the same file inside text: one part.
    let dir = scratch("pictures-docx-repeat");
    std::fs::create_dir_all(dir.path().join("images")).unwrap();
    std::fs::copy(
        manifest("tests/fixtures/images/icon.png"),
        dir.path().join("images/icon.png"),
    )
    .unwrap();
    let source = dir.path().join("repeat.md");
    std::fs::write(
        &source,
        "---\ntitle: 重复\nlang: zh-CN\n---\n\n![左](images/icon.png)\n![](images/icon.png \"右边的印章\")\n\n正文中的![印章](images/icon.png)一枚。\n",
    )
    .unwrap();
    let (doc, bytes) = edition(&source);
    assert_eq!(doc.picture_shapes().len(), 3);
    let parts = unzip(&bytes);
    let media: Vec<&String> = parts.keys().filter(|n| n.starts_with("word/media/")).collect();
    assert_eq!(media, ["word/media/rIdImage1.png"], "one part");
    let xml_text = part(&bytes, "word/document.xml");
    let xml = Xml::parse(&xml_text).unwrap();
    let embeds: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("blip"))
        .filter_map(|n| n.attributes().find(|a| a.name() == "embed").map(|a| a.value()))
        .collect();
    assert_eq!(embeds, ["rIdImage1"; 3]);
    let reading = zhpress::verify::read(Target::Docx, &bytes).unwrap();
    assert_eq!(reading.pictures, Some(doc.picture_shapes()));
}

#[test]
fn the_fixture_keeps_schema_order() {
    let (_, bytes) = edition(&manifest(FIXTURE));
    let (seen, models) = crate::docx::schema_order(&bytes);
    assert!(
        seen.get("word/document.xml pPr").is_some_and(|&n| n > 0),
        "{seen:?}"
    );
    assert!(models.contains("CT_PPr") && models.contains("CT_R"), "{models:?}");
}

#[test]
fn an_empty_description_without_the_decorative_mark_is_told_apart() {
    let (doc, bytes) = edition(&manifest(FIXTURE));
    let dir = scratch("pictures-docx-mark");
    let path = dir.path().join("unmarked.docx");
    std::fs::write(&path, &bytes).unwrap();
    common::edit_zip(&path, "word/document.xml", |xml| {
        let start = xml.find("<a:extLst").expect("the decorative mark");
        let end = start + xml[start..].find("</a:extLst>").unwrap() + "</a:extLst>".len();
        format!("{}{}", &xml[..start], &xml[end..])
    });
    let reading = zhpress::verify::read(Target::Docx, &std::fs::read(&path).unwrap()).unwrap();
    let diffs = zhpress::verify::compare(&zhpress::verify::Expected::from_model(&doc), &reading);
    assert_eq!(diffs.len(), 1, "{diffs:#?}");
    let pictures = reading.pictures.unwrap();
    assert!(pictures.iter().all(|p| !p.is_decorative()));
}

/// An element of `pdftohtml -xml`: its box.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    top: f64,
    left: f64,
    width: f64,
    height: f64,
}

impl Box2 {
    fn of(n: Node) -> Box2 {
        let get = |a| n.attribute(a).unwrap().parse().unwrap();
        Box2 {
            top: get("top"),
            left: get("left"),
            width: get("width"),
            height: get("height"),
        }
    }
    fn centre_x(&self) -> f64 {
        self.left + self.width / 2.0
    }
    fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// LibreOffice sets the row side by side, a caption centred under each
/// photo, and the icon inside its line of text.
#[test]
fn libreoffice_sets_the_row_side_by_side_and_the_icon_in_its_line() {
    let (Some(soffice), Some(pdftohtml)) = (checker("soffice"), checker("pdftohtml")) else {
        return;
    };
    let (_, bytes) = edition(&manifest(FIXTURE));
    let dir = scratch("pictures-docx-soffice");
    std::fs::write(dir.path().join("pictures.docx"), &bytes).unwrap();
    convert_with_soffice(&soffice, dir.path(), &["pictures".to_string()]);
    let out = Command::new(&pdftohtml)
        .args(["-xml", "-stdout", "-q"])
        .arg(dir.path().join("pictures.pdf"))
        .output()
        .expect("run pdftohtml");
    assert!(out.status.success());
    let xml_text = String::from_utf8_lossy(&out.stdout).into_owned();
    let xml = Xml::parse_with_options(
        &xml_text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let mut images = Vec::new();
    let mut texts = Vec::new();
    for (page, node) in xml.descendants().filter(|n| n.has_tag_name("page")).enumerate() {
        for n in node.children() {
            if n.has_tag_name("image") {
                images.push((page, Box2::of(n)));
            } else if n.has_tag_name("text") {
                let words = n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text());
                texts.push((page, Box2::of(n), words.collect::<String>()));
            }
        }
    }
    assert_eq!(images.len(), 6, "{images:?}");
    // The row: two images on one page at one top, side by side.
    let (page, a, b) = images
        .windows(2)
        .find_map(|w| {
            let ((pa, a), (pb, b)) = (w[0], w[1]);
            (pa == pb && (a.top - b.top).abs() < 2.0 && (a.height - b.height).abs() < 2.0)
                .then_some((pa, a, b))
        })
        .expect("two pictures at one height, side by side");
    assert!(b.left > a.left + a.width, "{a:?} {b:?}");
    // Under each, its caption, centred.
    let below = |t: &Box2, s: &str| t.top > a.bottom() && !s.trim().is_empty();
    let first_line = texts
        .iter()
        .filter(|(p, t, s)| *p == page && below(t, s))
        .map(|(_, t, _)| t.top)
        .min_by(f64::total_cmp)
        .expect("a line under the row");
    let under: Vec<&(usize, Box2, String)> = texts
        .iter()
        .filter(|(p, t, s)| *p == page && below(t, s) && (t.top - first_line).abs() < 2.0)
        .collect();
    assert_eq!(under.len(), 2, "{under:?}");
    for ((_, t, s), picture) in under.iter().zip([a, b]) {
        assert!(
            (t.centre_x() - picture.centre_x()).abs() < 4.0,
            "`{s}` {t:?} under {picture:?}"
        );
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(
        squash(&under[0].2).starts_with("图1") && squash(&under[1].2).starts_with("图2"),
        "{under:?}"
    );
    // The icon: the narrowest image, inside a line of text.
    let (icon_page, icon) = *images
        .iter()
        .min_by(|x, y| x.1.width.total_cmp(&y.1.width))
        .unwrap();
    let mid = (icon.centre_x(), icon.top + icon.height / 2.0);
    assert!(
        texts.iter().any(|(p, t, _)| *p == icon_page
            && t.left < mid.0
            && mid.0 < t.left + t.width
            && t.top <= mid.1
            && mid.1 <= t.bottom()),
        "the icon {icon:?} stands in no line of text"
    );
}
