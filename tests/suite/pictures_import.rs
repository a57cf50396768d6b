//! `zhpress import` of pictures as Word files have them: without a caption
//! (Word's description is the text alternative, decorative when empty or
//! marked), several in one paragraph (a row, captioned in zhpress's tab-parted
//! form or one caption paragraph each), inside a line of text, floating,
//! and in GIF (stored as PNG); and the drawings a source cannot hold
//! (charts, SmartArt, embedded objects, shapes, vector pictures, linked
//! pictures) refused naming the paragraph and saying what they are. Each
//! imported source is read back and its pictures compared with what the
//! DOCX holds.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use crate::common::{self, scratch};
use crate::import::{import, ok, read, refused, s, zip_of};
use zhpress::model::{PicturePlace, PictureShape};

const NAMESPACES: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" "#,
    r#"xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" "#,
    r#"xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#
);

/// Word's decorative mark in a `wp:docPr`.
const DECORATIVE: &str = concat!(
    r#"<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">"#,
    r#"<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>"#,
    "</a:ext></a:extLst>"
);

/// A run holding a picture drawing of relationship `rid`, described by
/// `descr`, with `mark` inside its `wp:docPr`; `floating` anchors it.
fn drawing(rid: &str, descr: &str, mark: &str, floating: bool) -> String {
    let frame = if floating { "anchor" } else { "inline" };
    let position = if floating {
        r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>"#
    } else {
        ""
    };
    format!(
        concat!(
            r#"<w:r><w:drawing><wp:{frame}>{position}<wp:extent cx="1800000" cy="1200000"/>"#,
            r#"<wp:docPr id="1" name="Picture" descr="{descr}">{mark}</wp:docPr>"#,
            r#"<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>"#,
            r#"<pic:nvPicPr><pic:cNvPr id="0" name="p"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>"#,
            r#"</wp:{frame}></w:drawing></w:r>"#
        ),
        frame = frame,
        position = position,
        descr = descr,
        mark = mark,
        rid = rid
    )
}

/// A run of text, in character style `style` when given.
fn run(text: &str, style: Option<&str>) -> String {
    let props = style.map_or(String::new(), |s| {
        format!(r#"<w:rPr><w:rStyle w:val="{s}"/></w:rPr>"#)
    });
    format!(r#"<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A paragraph of `runs` in paragraph style `style` when given.
fn para(style: Option<&str>, runs: &str) -> String {
    let props = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{props}{runs}</w:p>")
}

/// `图` and a SEQ field showing `n`, as Word's Insert Caption writes it.
fn seq(n: u32) -> String {
    format!(
        r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ 图 \* ARABIC </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{n}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        run("图", None)
    )
}

/// A small picture in `format`, a colour gradient of `w` × `h` pixels.
fn picture(w: u32, h: u32, format: image::ImageOutputFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, 90])
    }))
    .write_to(&mut Cursor::new(&mut out), format)
    .unwrap();
    out
}

/// A package whose body is `body`, with the images of `media` (relationship
/// id, part name under `word/media/`, bytes) and the styles Word's template
/// has for captions, plus zhpress's credit character style.
fn package(body: &str, media: &[(&str, &str, Vec<u8>)]) -> BTreeMap<String, Vec<u8>> {
    let styles = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/></w:style>"#,
        r#"<w:style w:type="character" w:styleId="FigureCreditChar"><w:name w:val="Figure Credit Char"/></w:style>"#,
        r#"</w:styles>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    for (rid, name, _) in media {
        rels.push_str(&format!(
            r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#
        ));
    }
    rels.push_str(r#"<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///C:/photo.png" TargetMode="External"/>"#);
    rels.push_str("</Relationships>");
    let types = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
    );
    let package_rels = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut parts: BTreeMap<String, Vec<u8>> = [
        ("[Content_Types].xml", types.as_bytes().to_vec()),
        ("_rels/.rels", package_rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", rels.into_bytes()),
    ]
    .into_iter()
    .map(|(n, d)| (n.to_string(), d))
    .collect();
    for (_, name, bytes) in media {
        parts.insert(format!("word/media/{name}"), bytes.clone());
    }
    parts
}

fn png(w: u32, h: u32) -> Vec<u8> {
    picture(w, h, image::ImageOutputFormat::Png)
}

/// The pictures of the source at `md`, as `verify` compares them.
fn shapes(md: &Path) -> Vec<PictureShape> {
    zhpress::input::markdown::parse(&read(md), "t.md")
        .expect("the imported source parses")
        .picture_shapes()
}

fn shape(place: PicturePlace, label: Option<&str>, alt: Option<&str>) -> PictureShape {
    PictureShape {
        place,
        label: label.map(String::from),
        alt: alt.map(String::from),
    }
}

#[test]
fn every_kind_of_picture_in_a_word_file_imports() {
    let dir = scratch("pictures-import-kinds");
    let gif = picture(48, 32, image::ImageOutputFormat::Gif);
    let media = [
        ("rIdShot", "image1.png", png(90, 60)),
        ("rIdRule", "image2.png", png(120, 4)),
        (
            "rIdLeft",
            "image3.jpeg",
            picture(60, 40, image::ImageOutputFormat::Jpeg(80)),
        ),
        ("rIdRight", "image4.png", png(40, 60)),
        ("rIdIcon", "image5.png", png(16, 16)),
        ("rIdGif", "image6.gif", gif.clone()),
    ];
    let body = [
        para(None, &run("正文。", None)),
        para(None, &drawing("rIdShot", "工作台截图", "", false)),
        // Word's "Mark as decorative": an empty description and the mark.
        para(None, &drawing("rIdRule", "", DECORATIVE, false)),
        // Two pictures in one paragraph, then a caption paragraph each.
        para(
            None,
            &[
                drawing("rIdLeft", "左图", "", false),
                run("\u{3000}", None),
                drawing("rIdRight", "右图", "", false),
            ]
            .concat(),
        ),
        para(Some("Caption"), &format!("{}{}", seq(1), run(" 调研现场", None))),
        para(
            Some("Caption"),
            &format!("{}{}", seq(2), run(" 座谈会场　本报记者 摄", None)),
        ),
        para(
            None,
            &[
                run("文件加盖", None),
                drawing("rIdIcon", "红色印章", "", false),
                run("标记。", None),
            ]
            .concat(),
        ),
        // A floating GIF anchored to a paragraph of text.
        para(
            None,
            &format!(
                "{}{}",
                run("图表如下。", None),
                drawing("rIdGif", "提案数量", "", true)
            ),
        ),
    ]
    .concat();
    let docx = dir.join("pics.docx");
    std::fs::write(&docx, zip_of(&package(&body, &media))).unwrap();
    let md = dir.join("src").join("pics.md");
    let report = ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        concat!(
            "---\ntitle: pics\nlang: zh-CN\n---\n\n正文。\n\n",
            "![](images/picture-1.png \"工作台截图\")\n\n",
            "![](images/picture-2.png)\n\n",
            "![调研现场](images/figure-1.jpg)\n![座谈会场](images/figure-2.png \"本报记者 摄\")\n\n",
            "文件加盖![红色印章](images/picture-3.png)标记。\n\n",
            "图表如下。\n\n![](images/picture-4.png \"提案数量\")\n",
        )
    );
    assert!(
        report.contains(
            "figures: 2, pictures without a caption: 3, pictures inside text: 1, images written: 6, floating pictures placed after their paragraphs: 1"
        ),
        "{report}"
    );
    use PicturePlace::*;
    assert_eq!(
        shapes(&md),
        [
            shape(Alone, None, Some("工作台截图")),
            shape(Alone, None, None),
            shape(Row, Some("图1"), None),
            shape(Row, Some("图2"), None),
            shape(Inline, None, Some("红色印章")),
            shape(Alone, None, Some("提案数量")),
        ]
    );
    // Each picture's file holds the DOCX's picture; the GIF as the PNG a
    // build makes of it.
    let back = |src: &str| std::fs::read(md.parent().unwrap().join(src)).unwrap();
    for (src, (_, _, bytes)) in [
        "images/picture-1.png",
        "images/picture-2.png",
        "images/figure-1.jpg",
        "images/figure-2.png",
        "images/picture-3.png",
    ]
    .iter()
    .zip(&media)
    {
        assert!(back(src) == *bytes, "{src}");
    }
    let converted = zhpress::input::assets::convert_to_png(&gif, image::ImageFormat::Gif).unwrap();
    assert!(back("images/picture-4.png") == converted);
}

#[test]
fn a_row_captioned_in_zhpress_form_gives_each_picture_its_caption_and_credit() {
    let dir = scratch("pictures-import-row");
    let media = [("rIdA", "a.png", png(60, 40)), ("rIdB", "b.png", png(40, 60))];
    let tab = "<w:r><w:tab/></w:r>";
    let body = [
        para(
            Some("Figure"),
            &[
                drawing("rIdA", "甲照片", "", false),
                run("\u{3000}", None),
                drawing("rIdB", "乙图说明", "", false),
            ]
            .concat(),
        ),
        // A tab and a caption for the first picture, its credit in the
        // credit character style (which no stated rule would tell); a tab
        // alone for the uncaptioned second.
        para(
            Some("Caption"),
            &[
                tab.to_string(),
                seq(1),
                run("\u{3000}甲照片", None),
                run("\u{3000}张三", Some("FigureCreditChar")),
                tab.to_string(),
            ]
            .concat(),
        ),
        para(None, &run("下文。", None)),
    ]
    .concat();
    let docx = dir.join("row.docx");
    std::fs::write(&docx, zip_of(&package(&body, &media))).unwrap();
    let md = dir.join("src").join("row.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        concat!(
            "---\ntitle: row\nlang: zh-CN\n---\n\n",
            "![甲照片](images/figure-1.png \"张三\")\n![](images/picture-1.png \"乙图说明\")\n\n下文。\n",
        )
    );
    use PicturePlace::*;
    assert_eq!(
        shapes(&md),
        [shape(Row, Some("图1"), None), shape(Row, None, Some("乙图说明"))]
    );
}

#[test]
fn drawings_that_are_not_pictures_are_refused_saying_what_they_are() {
    let dir = scratch("pictures-import-refused");
    let emf = {
        let mut b = vec![1, 0, 0, 0];
        b.resize(40, 0);
        b.extend_from_slice(b" EMF");
        b.resize(120, 0);
        b
    };
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#.to_vec();
    let media = [
        ("rIdPng", "fallback.png", png(30, 20)),
        ("rIdEmf", "image.emf", emf),
        ("rIdSvg", "image.svg", svg),
    ];
    let graphic = |uri: &str, inner: &str| {
        format!(
            r#"<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="x"/><a:graphic><a:graphicData uri="{uri}">{inner}</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    };
    let svg_blip = |embed: &str| {
        format!(
            r#"<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="x" descr="矢量图"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip {embed}><a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip r:embed="rIdSvg"/></a:ext></a:extLst></a:blip></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    };
    let cases = [
        (
            graphic(
                "http://schemas.openxmlformats.org/drawingml/2006/chart",
                r#"<c:chart r:id="rIdChart"/>"#,
            ),
            "paragraph 2 (“”): a chart; in Word, right-click it → Save as Picture",
        ),
        (
            graphic(
                "http://schemas.openxmlformats.org/drawingml/2006/diagram",
                r#"<dgm:relIds r:dm="rId7"/>"#,
            ),
            "paragraph 2 (“”): a SmartArt graphic;",
        ),
        (
            r#"<w:r><w:object><v:shape id="s1" style="width:90pt;height:60pt"><v:imagedata r:id="rIdPng"/></v:shape><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="s1" r:id="rIdOle"/></w:object></w:r>"#.to_string(),
            "paragraph 2 (“”): an embedded object (Excel.Sheet.12); copy it, paste it back as a picture",
        ),
        (
            graphic(
                "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
                r#"<wps:wsp><wps:spPr/><wps:bodyPr/></wps:wsp>"#,
            ),
            "paragraph 2 (“”): a drawing shape, not an embedded picture;",
        ),
        (
            drawing("rIdEmf", "流程图", "", false),
            "paragraph 2 (“”): the picture is an EMF drawing, which zhpress cannot draw faithfully; in Word, right-click it → Save as Picture (PNG)",
        ),
        (
            svg_blip(""),
            "paragraph 2 (“”): an SVG drawing with no picture beside it; export it as PNG",
        ),
        (
            r#"<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="x"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:link="rIdLink"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#.to_string(),
            "paragraph 2 (“”): a linked picture (its file is outside the document)",
        ),
    ];
    for (i, (drawing, expected)) in cases.iter().enumerate() {
        let body = format!("{}{}", para(None, &run("上文。", None)), para(None, drawing));
        let bad = dir.join(format!("bad-{i}.docx"));
        std::fs::write(&bad, zip_of(&package(&body, &media))).unwrap();
        refused(&bad, &dir.join(format!("case-{i}")), expected);
    }
    // An SVG with Word's PNG fallback beside it imports as the PNG.
    let body = para(None, &svg_blip(r#"r:embed="rIdPng""#));
    let docx = dir.join("svg.docx");
    std::fs::write(&docx, zip_of(&package(&body, &media))).unwrap();
    let md = dir.join("svg").join("svg.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        "---\ntitle: svg\nlang: zh-CN\n---\n\n![](images/picture-1.png \"矢量图\")\n"
    );
    assert!(std::fs::read(md.parent().unwrap().join("images/picture-1.png")).unwrap() == media[0].2);
}

/// python-docx, as a program writing a Word file from scratch does: a
/// picture with a description and no caption, then two pictures in one
/// paragraph (the second the first's image again, one part in the package).
const PYTHON_DOCX: &str = r#"
import sys
from docx import Document
doc = Document()
doc.add_heading("从零写成的图片", level=1)
doc.add_paragraph("下面是一张截图。")
shot = doc.add_paragraph().add_run().add_picture(sys.argv[2])
shot._inline.docPr.set("descr", "系统登录页面截图")
doc.add_paragraph("下面两张并排。")
row = doc.add_paragraph()
row.add_run().add_picture(sys.argv[3])
row.add_run("\u3000")
second = row.add_run().add_picture(sys.argv[2])
second._inline.docPr.set("descr", "登录页面")
doc.save(sys.argv[1])
"#;

#[test]
fn a_python_docx_file_with_an_uncaptioned_picture_and_a_row_imports() {
    let Some(python) = common::python_module("docx") else {
        return;
    };
    let dir = scratch("pictures-import-python-docx");
    let (shot, other) = (dir.join("shot.png"), dir.join("other.png"));
    std::fs::write(&shot, png(90, 60)).unwrap();
    std::fs::write(&other, png(40, 60)).unwrap();
    let docx = dir.join("pics.docx");
    let o = Command::new(python)
        .args(["-c", PYTHON_DOCX])
        .args([&docx, &shot, &other])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = dir.join("src").join("pics.md");
    ok(&import(&docx, &md, &[]));
    let text = read(&md);
    let body = text.split("---\n").nth(2).expect("front matter, then the body");
    assert_eq!(
        body,
        concat!(
            "\n# 从零写成的图片\n\n下面是一张截图。\n\n",
            "![](images/picture-1.png \"系统登录页面截图\")\n\n下面两张并排。\n\n",
            // python-docx writes no description: the first is decorative.
            "![](images/picture-2.png)\n![](images/picture-1.png \"登录页面\")\n",
        ),
        "{}",
        s(&md)
    );
    assert!(
        std::fs::read(md.parent().unwrap().join("images/picture-1.png")).unwrap()
            == std::fs::read(&shot).unwrap()
    );
}
