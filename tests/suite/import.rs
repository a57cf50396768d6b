//! `zhpress import`, the way back: a DOCX — zhpress's own, edited as Word
//! does, re-saved by LibreOffice, with WPS's numeric style ids, or written
//! from scratch — becomes a source again. The fixed point (build, then
//! import, gives the source byte for byte) is checked for every fixture.

use crate::common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{checker, scratch, zhpress};

const SOURCES: [&str; 6] = [
    "source/summary.md",
    "tests/fixtures/mixed.md",
    "tests/fixtures/linebreak.md",
    "tests/fixtures/meaning.md",
    "tests/fixtures/tables.md",
    "tests/fixtures/pictures.md",
];

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Builds the DOCX of `source` into `out`; returns its path.
fn build_docx(source: &Path, out: &Path) -> PathBuf {
    let o = zhpress(&["build", s(source), "-o", s(out), "--to", "docx"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out.join(format!("{}.docx", source.file_stem().unwrap().to_str().unwrap()))
}

/// Runs `import DOCX -o MD` with `extra` arguments.
pub(crate) fn import(docx: &Path, md: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", s(docx), "-o", s(md)];
    args.extend(extra);
    zhpress(&args)
}

pub(crate) fn ok(o: &Output) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The entries of a zip, by name.
pub(crate) fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// A zip of `entries`.
pub(crate) fn zip_of(entries: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Edits a text part of a package in place; fails when the edit changes
/// nothing.
fn edit(parts: &mut BTreeMap<String, Vec<u8>>, name: &str, f: impl FnOnce(String) -> String) {
    let text = String::from_utf8(parts.remove(name).unwrap_or_else(|| panic!("no {name}"))).unwrap();
    let edited = f(text.clone());
    assert!(edited != text, "the edit of {name} changed nothing");
    parts.insert(name.to_string(), edited.into_bytes());
}

/// Replaces the one occurrence of `from`.
fn replace_one(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in the part");
    text.replacen(from, to, 1)
}

/// Builds the editions of `md` into `out` and has `verify --source
/// original` compare them with the original source.
fn editions_match(md: &Path, out: &Path, original: &Path) {
    // `--source` names the editions after the source's file stem.
    assert_eq!(md.file_stem(), original.file_stem());
    ok(&zhpress(&["build", s(md), "-o", s(out)]));
    let stdout = ok(&zhpress(&["verify", s(out), "--source", s(original)]));
    assert!(stdout.contains("all editions agree"), "{stdout}");
}

#[test]
fn build_then_import_gives_every_source_back_byte_for_byte() {
    for source in SOURCES {
        let source = manifest(source);
        let name = source.file_stem().unwrap().to_str().unwrap().to_string();
        let dir = scratch(&format!("fixed-{name}"));
        let docx = build_docx(&source, &dir.join("out"));
        let md = dir.join("back").join(format!("{name}.md"));
        let doc = zhpress::input::markdown::parse(&read(&source), "t.md").unwrap();
        // A GIF, BMP, TIFF or WebP picture is a PNG in the DOCX: its source
        // keeps its name when the file is beside the source (else it would
        // be written as PNG under a new name).
        for (src, _) in doc.image_sources() {
            let lower = src.to_lowercase();
            if [".gif", ".bmp", ".tif", ".tiff", ".webp"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                let beside = md.parent().unwrap().join(src);
                std::fs::create_dir_all(beside.parent().unwrap()).unwrap();
                std::fs::copy(source.parent().unwrap().join(src), beside).unwrap();
            }
        }
        let report = ok(&import(&docx, &md, &[]));
        assert_eq!(read(&md), read(&source), "{name}: the fixed point");
        for (src, _) in doc.image_sources() {
            let original = std::fs::read(source.parent().unwrap().join(src)).unwrap();
            let back = std::fs::read(md.parent().unwrap().join(src)).unwrap();
            assert!(original == back, "{name}: {src} byte for byte");
        }
        assert!(report.contains("tracked changes accepted: 0"), "{report}");
        // Importing again over the same files changes nothing and needs no --force.
        let again = ok(&import(&docx, &md, &[]));
        assert!(again.contains("0 changed, 0 added, 0 removed"), "{again}");
    }
}

/// The summary's DOCX edited as Word does: a deletion and an insertion
/// inside a sentence, a deleted paragraph mark, a comment on a sentence.
fn edited_by_word(dir: &Path) -> PathBuf {
    let docx = build_docx(&manifest("source/summary.md"), &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    edit(&mut parts, "word/document.xml", |d| {
        let d = replace_one(
            &d,
            ">六是服务做好对外交往工作。</w:t></w:r>",
            concat!(
                ">六是服务做好</w:t></w:r>",
                r#"<w:del w:id="901" w:author="编辑甲" w:date="2024-01-02T03:04:05Z"><w:r><w:rPr><w:b /></w:rPr><w:delText>对外交往</w:delText></w:r></w:del>"#,
                r#"<w:ins w:id="902" w:author="编辑甲" w:date="2024-01-02T03:04:05Z"><w:r><w:rPr><w:b /></w:rPr><w:t>外事</w:t></w:r></w:ins>"#,
                r#"<w:r><w:rPr><w:b /></w:rPr><w:t>工作。</w:t></w:r>"#,
            ),
        );
        let d = replace_one(
            &d,
            "支持社理理事会",
            concat!(
                r#"支持社理理事会</w:t></w:r><w:commentRangeStart w:id="7" /><w:r><w:t>、</w:t></w:r>"#,
                r#"<w:commentRangeEnd w:id="7" /><w:r><w:commentReference w:id="7" /></w:r><w:r><w:t xml:space="preserve">"#,
            ),
        );
        replace_one(&d, "、“中宗和”", "“中宗和”")
    });
    parts.insert(
        "word/comments.xml".into(),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:comment w:id="7" w:author="审校乙" w:date="2024-01-02T03:04:05Z" w:initials="乙">"#,
            r#"<w:p><w:r><w:t>“社理理事会”疑为“社理事会”。</w:t></w:r></w:p></w:comment></w:comments>"#
        )
        .as_bytes()
        .to_vec(),
    );
    edit(&mut parts, "word/_rels/document.xml.rels", |r| {
        replace_one(
            &r,
            "</Relationships>",
            r#"<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml" /></Relationships>"#,
        )
    });
    edit(&mut parts, "[Content_Types].xml", |c| {
        replace_one(
            &c,
            "</Types>",
            r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml" /></Types>"#,
        )
    });
    let edited = dir.join("edited.docx");
    std::fs::write(&edited, zip_of(&parts)).unwrap();
    edited
}

#[test]
fn tracked_changes_are_accepted_or_rejected_and_comments_kept() {
    let dir = scratch("word-edits");
    let edited = edited_by_word(&dir);
    let original = read(&manifest("source/summary.md"));

    let accepted = dir.join("accept").join("summary.md");
    let report = ok(&import(&edited, &accepted, &[]));
    assert!(report.contains("tracked changes accepted: 2"), "{report}");
    assert!(report.contains("comments kept as notes: 1"), "{report}");
    let note = "<!-- 批注（审校乙）：“社理理事会”疑为“社理事会”。 -->";
    let expected = original
        .replacen("**六是服务做好对外交往工作。**", "**六是服务做好外事工作。**", 1)
        .replacen("支持社理理事会、", &format!("支持社理理事会、{note}"), 1);
    assert_ne!(expected, original);
    assert_eq!(read(&accepted), expected);

    let rejected = dir.join("reject").join("summary.md");
    let report = ok(&import(&edited, &rejected, &["--changes", "reject"]));
    assert!(report.contains("tracked changes rejected: 2"), "{report}");
    assert_eq!(
        read(&rejected),
        original.replacen("支持社理理事会、", &format!("支持社理理事会、{note}"), 1)
    );

    // The note travels on: the next DOCX carries it as the editor's comment,
    // and importing that gives the same source.
    let docx = build_docx(&accepted, &dir.join("again"));
    let parts = unzip(&std::fs::read(&docx).unwrap());
    let comments = String::from_utf8(parts["word/comments.xml"].clone()).unwrap();
    assert!(comments.contains(r#"w:author="审校乙""#), "{comments}");
    let back = dir.join("back").join("summary.md");
    ok(&import(&docx, &back, &[]));
    assert_eq!(read(&back), expected);
}

#[test]
fn a_libreoffice_resave_imports_to_the_same_editions() {
    let Some(soffice) = checker("soffice") else {
        return;
    };
    let dir = scratch("libreoffice");
    let docx = build_docx(&manifest("source/summary.md"), &dir.join("out"));
    let resaved = dir.join("resaved");
    let profile = format!("file://{}", dir.join("profile").display());
    let o = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&resaved)
        .arg(&docx)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let resaved = resaved.join("summary.docx");
    assert!(std::fs::read(&resaved).unwrap() != std::fs::read(&docx).unwrap());
    let md = dir.join("back").join("summary.md");
    ok(&import(&resaved, &md, &[]));
    editions_match(&md, &dir.join("editions"), &manifest("source/summary.md"));
    assert_eq!(
        read(&md),
        read(&manifest("source/summary.md")),
        "even byte for byte"
    );
}

#[test]
fn wps_numeric_style_ids_import_to_the_same_source() {
    let dir = scratch("wps");
    let source = manifest("tests/fixtures/mixed.md");
    let docx = build_docx(&source, &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    // WPS numbers the styles and keeps the English names (`heading 1`).
    let styles = String::from_utf8(parts["word/styles.xml"].clone()).unwrap();
    let ids: Vec<String> = styles
        .split("w:styleId=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    assert!(ids.len() > 10);
    for name in ["word/styles.xml", "word/document.xml", "word/numbering.xml"] {
        edit(&mut parts, name, |mut text| {
            for (n, id) in ids.iter().enumerate() {
                let n = n + 1;
                text = text.replace(&format!("w:styleId=\"{id}\""), &format!("w:styleId=\"{n}\""));
                for tag in ["basedOn", "next", "link", "pStyle", "rStyle"] {
                    let from = format!("<w:{tag} w:val=\"{id}\"");
                    text = text.replace(&from, &format!("<w:{tag} w:val=\"{n}\""));
                }
            }
            text
        });
    }
    let styles = String::from_utf8(parts["word/styles.xml"].clone()).unwrap();
    assert!(!styles.contains(r#"w:styleId="Heading1""#) && styles.contains(r#"<w:name w:val="heading 1""#));
    let renamed = dir.join("wps.docx");
    std::fs::write(&renamed, zip_of(&parts)).unwrap();
    let md = dir.join("back").join("mixed.md");
    ok(&import(&renamed, &md, &[]));
    assert_eq!(read(&md), read(&source));
    editions_match(&md, &dir.join("editions"), &source);
}

/// Word Online keeps the main document at `word/document2.xml`, named by
/// the package relationships: it imports as the same source (it was refused
/// as "not a Word document").
#[test]
fn a_main_document_part_elsewhere_imports_to_the_same_source() {
    let dir = scratch("document2");
    let source = manifest("tests/fixtures/mixed.md");
    let docx = build_docx(&source, &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    for (from, to) in [
        ("word/document.xml", "word/document2.xml"),
        ("word/_rels/document.xml.rels", "word/_rels/document2.xml.rels"),
    ] {
        let part = parts
            .remove(from)
            .unwrap_or_else(|| panic!("{from} is in the package"));
        parts.insert(to.to_string(), part);
    }
    edit(&mut parts, "_rels/.rels", |t| {
        replace_one(&t, "word/document.xml", "word/document2.xml")
    });
    edit(&mut parts, "[Content_Types].xml", |t| {
        replace_one(&t, "/word/document.xml", "/word/document2.xml")
    });
    let moved = dir.join("online.docx");
    std::fs::write(&moved, zip_of(&parts)).unwrap();
    let md = dir.join("back").join("mixed.md");
    ok(&import(&moved, &md, &[]));
    assert_eq!(read(&md), read(&source));
}

/// Word's *List Number* and *List Bullet* styles number their paragraphs
/// from the style (`w:numPr` in the style, not the paragraph): the lists
/// come back as lists, with their numbers (they came back as plain
/// paragraphs).
#[test]
fn numbering_from_a_paragraph_style_imports_as_lists() {
    let dir = scratch("style-numbering");
    let source = manifest("tests/fixtures/mixed.md");
    let docx = build_docx(&source, &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    // Each distinct numbering becomes a style based on List Paragraph.
    let mut styles = Vec::new();
    let mut rest = document.as_str();
    let mut moved = String::new();
    let opener = r#"<w:pStyle w:val="ListParagraph" /><w:numPr>"#;
    while let Some(at) = rest.find(opener) {
        let end = at + rest[at..].find("</w:numPr>").unwrap() + "</w:numPr>".len();
        let num_pr = &rest[at + opener.len() - "<w:numPr>".len()..end];
        let k = match styles.iter().position(|s| s == num_pr) {
            Some(k) => k,
            None => {
                styles.push(num_pr.to_string());
                styles.len() - 1
            }
        };
        moved.push_str(&rest[..at]);
        moved.push_str(&format!(r#"<w:pStyle w:val="StyledList{k}" />"#));
        rest = &rest[end..];
    }
    moved.push_str(rest);
    assert!(styles.len() >= 2, "{styles:?}");
    assert!(!moved.contains("<w:numPr>"));
    parts.insert("word/document.xml".into(), moved.into_bytes());
    edit(&mut parts, "word/styles.xml", |t| {
        let defs: String = styles
            .iter()
            .enumerate()
            .map(|(k, num_pr)| {
                format!(
                    r#"<w:style w:type="paragraph" w:styleId="StyledList{k}"><w:name w:val="Styled List {k}" /><w:basedOn w:val="ListParagraph" /><w:pPr>{num_pr}</w:pPr></w:style>"#
                )
            })
            .collect();
        replace_one(&t, "</w:styles>", &format!("{defs}</w:styles>"))
    });
    let styled = dir.join("styled.docx");
    std::fs::write(&styled, zip_of(&parts)).unwrap();
    let md = dir.join("back").join("mixed.md");
    ok(&import(&styled, &md, &[]));
    assert_eq!(read(&md), read(&source));
}

/// A DOCX as Word's default template writes it: Title, Heading 1 and 2,
/// Normal (the default style) with bold runs, a picture and a Caption
/// paragraph `图 {SEQ} caption` (Word's "Insert Caption"), a bullet list.
fn from_scratch() -> BTreeMap<String, Vec<u8>> {
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;
    let style = |kind: &str, id: &str, name: &str, extra: &str| {
        format!(r#"<w:style w:type="{kind}" w:styleId="{id}"><w:name w:val="{name}"/>{extra}</w:style>"#)
    };
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {w}>{}{}{}{}{}{}{}</w:styles>"#,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        style("paragraph", "Title", "Title", r#"<w:basedOn w:val="Normal"/>"#),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            r#"<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>"#
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            r#"<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr>"#
        ),
        style(
            "paragraph",
            "Caption",
            "caption",
            r#"<w:basedOn w:val="Normal"/>"#
        ),
        style(
            "paragraph",
            "ListBullet",
            "List Bullet",
            r#"<w:basedOn w:val="Normal"/>"#
        ),
        style("character", "Strong", "Strong", "<w:rPr><w:b/></w:rPr>"),
    );
    let p =
        |style: &str, runs: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#);
    let r = |text: &str| format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#);
    let bullet = |text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            r(text)
        )
    };
    let picture = concat!(
        r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="3000000" cy="2000000"/><wp:docPr id="1" name="Picture 1"/>"#,
        r#"<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>"#,
        r#"<pic:nvPicPr><pic:cNvPr id="0" name="photo.png"/><pic:cNvPicPr/></pic:nvPicPr>"#,
        r#"<pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>"#,
        r#"</wp:inline></w:drawing></w:r></w:p>"#
    );
    let caption = p(
        "Caption",
        &format!(
            r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ 图 \* ARABIC </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}"#,
            r("图 "),
            r(" 会场全景　新华社记者 某某 摄")
        ),
    );
    let body = [
        p("Title", &r("从零写成的文档")),
        p("Heading1", &r("第一章")),
        format!(
            r#"<w:p>{}{}</w:p>"#,
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t>一是加粗的首句。</w:t></w:r>"#,
            r("其余正文，Latin words too。")
        ),
        p("Heading2", &r("第一节")),
        picture.to_string(),
        caption,
        bullet("甲项"),
        bullet("乙项"),
        format!(
            "<w:p>{}{}</w:p>",
            r("另有"),
            r#"<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>要点</w:t></w:r>"#
        ),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let numbering = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>"#,
        r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let rels = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
        r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>"#,
        r#"</Relationships>"#
    );
    let types = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
    );
    let package_rels = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(90, 60, |x, y| {
        image::Rgb([x as u8, y as u8, 128])
    }))
    .write_to(&mut Cursor::new(&mut png), image::ImageOutputFormat::Png)
    .unwrap();
    [
        ("[Content_Types].xml", types.as_bytes().to_vec()),
        ("_rels/.rels", package_rels.as_bytes().to_vec()),
        ("word/document.xml", document.into_bytes()),
        ("word/styles.xml", styles.into_bytes()),
        ("word/numbering.xml", numbering.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", rels.as_bytes().to_vec()),
        ("word/media/image1.png", png),
    ]
    .into_iter()
    .map(|(n, d)| (n.to_string(), d))
    .collect()
}

#[test]
fn a_docx_written_from_scratch_imports_to_a_source_that_builds() {
    let dir = scratch("scratch-docx");
    let parts = from_scratch();
    let docx = dir.join("new.docx");
    std::fs::write(&docx, zip_of(&parts)).unwrap();
    let md = dir.join("src").join("new.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        concat!(
            "---\ntitle: 从零写成的文档\nlang: zh-CN\n---\n\n",
            "# 第一章\n\n**一是加粗的首句。**其余正文，Latin words too。\n\n## 第一节\n\n",
            "![会场全景](images/figure-1.png \"新华社记者 某某 摄\")\n\n- 甲项\n- 乙项\n\n另有**要点**\n",
        )
    );
    assert!(
        std::fs::read(md.parent().unwrap().join("images/figure-1.png")).unwrap()
            == parts["word/media/image1.png"]
    );
    editions_match(&md, &dir.join("editions"), &md);
}

#[test]
fn content_the_source_cannot_hold_is_an_error_naming_the_paragraph() {
    let dir = scratch("unsupported");
    let docx = build_docx(&manifest("tests/fixtures/linebreak.md"), &dir.join("out"));
    let parts = unzip(&std::fs::read(&docx).unwrap());
    let cases = [
        (
            "</w:p>",
            "</w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
            "table 1 (“项目”), row 1, cell 1: a table inside a table cell",
        ),
        (
            "</w:p>",
            "</w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:drawing/></w:r></w:p></w:tc></w:tr></w:tbl>",
            "table 1 (“项目”), row 1, cell 2: a drawing that is not an embedded picture",
        ),
        (
            "<w:t xml:space=\"preserve\">The quick",
            "<w:footnoteReference w:id=\"1\" /><w:t xml:space=\"preserve\">The quick",
            "(“The quick br”): a footnote",
        ),
    ];
    for (i, (from, to, expected)) in cases.into_iter().enumerate() {
        let mut parts = parts.clone();
        edit(&mut parts, "word/document.xml", |d| d.replacen(from, to, 1));
        let bad = dir.join(format!("bad-{i}.docx"));
        std::fs::write(&bad, zip_of(&parts)).unwrap();
        refused(&bad, &dir.join(format!("case-{i}")), expected);
    }
}

/// Imports `docx` into `dir/x.md`: exit 1, `expected` in the message,
/// nothing written.
pub(crate) fn refused(docx: &Path, dir: &Path, expected: &str) {
    let o = import(docx, &dir.join("x.md"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "expected `{expected}` in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.exists(), "nothing written for {}", docx.display());
}

#[test]
fn bad_packages_are_refused_and_nothing_is_written() {
    let dir = scratch("bad-packages");
    let good = unzip(
        &std::fs::read(build_docx(
            &manifest("tests/fixtures/linebreak.md"),
            &dir.join("out"),
        ))
        .unwrap(),
    );
    let with = |name: &str, data: &[u8]| {
        let mut parts = good.clone();
        parts.insert(name.to_string(), data.to_vec());
        zip_of(&parts)
    };
    let without_document = {
        let mut parts = good.clone();
        parts.remove("word/document.xml");
        zip_of(&parts)
    };
    let bomb = {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        zip.start_file("word/document.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..65 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not-a-zip", "这不是 DOCX".as_bytes().to_vec(), "not a DOCX file (it is not a zip archive)"),
        ("no-document", without_document, "the package has no main document part `word/document.xml`"),
        ("malformed", with("word/document.xml", b"<w:document><w:body>"), "`word/document.xml` is not well-formed XML"),
        (
            "entities",
            with(
                "word/document.xml",
                br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>"#,
            ),
            "`word/document.xml` is not well-formed XML",
        ),
        ("bomb", bomb, "inflates to more than 64 MB"),
        ("escape", with("../../evil.xml", b"<x/>"), "an entry named `../../evil.xml`"),
    ];
    for (name, bytes, expected) in cases {
        let docx = dir.join(format!("{name}.docx"));
        std::fs::write(&docx, bytes).unwrap();
        refused(&docx, &dir.join(name), expected);
    }
}

#[test]
fn existing_files_change_only_with_force() {
    let dir = scratch("force");
    let docx = build_docx(&manifest("tests/fixtures/mixed.md"), &dir.join("out"));
    let md = dir.join("src").join("mixed.md");
    ok(&import(&docx, &md, &[]));
    let fresh = read(&md);
    let edited = format!("{fresh}\n本地新加的一段。\n");
    std::fs::write(&md, &edited).unwrap();
    let o = import(&docx, &md, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("exists and would change"), "{stderr}");
    assert_eq!(read(&md), edited, "untouched without --force");
    // A photo that would change is refused the same way.
    let photo = md.parent().unwrap().join("images/landscape.jpg");
    std::fs::write(&md, &fresh).unwrap();
    std::fs::write(&photo, b"another photo").unwrap();
    let o = import(&docx, &md, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&photo).unwrap(), b"another photo");

    std::fs::write(&md, &edited).unwrap();
    let report = ok(&import(&docx, &md, &["--force"]));
    assert!(
        report.contains("paragraphs: 0 changed, 0 added, 1 removed"),
        "{report}"
    );
    assert_eq!(read(&md), fresh);
    assert!(
        std::fs::read(&photo).unwrap()
            == std::fs::read(manifest("tests/fixtures/images/landscape.jpg")).unwrap()
    );
}

/// The editor retypes the author's line of the title block: the source's
/// front matter takes the new author, although the package's core
/// properties still name the old one.
#[test]
fn an_edited_author_line_becomes_the_front_matter_author() {
    let dir = scratch("import-author");
    let docx = build_docx(&manifest("source/summary.md"), &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    edit(&mut parts, "word/document.xml", |d| {
        replace_one(&d, ">全国政协办公厅</w:t>", ">全国政协办公厅秘书局</w:t>")
    });
    let edited = dir.join("edited.docx");
    std::fs::write(&edited, zip_of(&parts)).unwrap();
    let md = dir.join("summary.md");
    ok(&import(&edited, &md, &[]));
    let text = read(&md);
    assert!(
        text.contains("\nauthor: 全国政协办公厅秘书局\n"),
        "{}",
        &text[..300]
    );
    assert!(
        !text.contains("\n全国政协办公厅秘书局\n"),
        "the author line is not body text"
    );
}

/// A source with the front matter no edition shows: `punctuation`, a
/// `cover` (a small JPEG made here) and a `check-allow` list of two.
fn hidden_front_matter_source(dir: &Path) -> (PathBuf, Vec<u8>) {
    let img = image::RgbImage::from_fn(24, 36, |x, y| image::Rgb([200, (x * 9) as u8, (y * 7) as u8]));
    let mut cover = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut cover, 80)
        .encode_image(&img)
        .unwrap();
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("images")).unwrap();
    std::fs::write(src.join("images/cover.jpg"), &cover).unwrap();
    let md = src.join("doc.md");
    std::fs::write(
        &md,
        "---\ntitle: 封面与校对\nlang: zh-CN\npunctuation: kaiming\ncover: images/cover.jpg\n\
         check-allow:\n  - dash\n  - doubled-word: \"批示: 批示\"\n---\n\n正文，批示批示。\n",
    )
    .unwrap();
    (md, cover)
}

#[test]
fn punctuation_cover_and_check_allow_survive_build_and_import() {
    let dir = scratch("hidden-front-matter");
    let (source, cover) = hidden_front_matter_source(&dir);
    let docx = build_docx(&source, &dir.join("out"));
    let parts = unzip(&std::fs::read(&docx).unwrap());
    assert!(
        parts["docProps/thumbnail.jpeg"] == cover,
        "the cover is the package thumbnail"
    );
    let rels = String::from_utf8_lossy(&parts["_rels/.rels"]).into_owned();
    assert!(
        rels.contains(r#"relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg""#),
        "{rels}"
    );
    let custom = String::from_utf8_lossy(&parts["docProps/custom.xml"]).into_owned();
    for property in [
        r#"pid="2" name="zhpress.punctuation"><vt:lpwstr>kaiming<"#,
        r#"pid="3" name="zhpress.cover"><vt:lpwstr>images/cover.jpg<"#,
        "pid=\"4\" name=\"zhpress.check-allow\"><vt:lpwstr>dash\ndoubled-word: 批示: 批示<",
    ] {
        assert!(custom.contains(property), "{property} in {custom}");
    }
    // The same source gives the same bytes.
    let again = build_docx(&source, &dir.join("again"));
    assert!(std::fs::read(&again).unwrap() == std::fs::read(&docx).unwrap());

    let md = dir.join("back").join("doc.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(read(&md), read(&source), "the fixed point");
    assert!(
        std::fs::read(dir.join("back/images/cover.jpg")).unwrap() == cover,
        "the cover byte for byte"
    );
}

#[test]
fn a_libreoffice_resave_keeps_the_hidden_front_matter() {
    let Some(soffice) = checker("soffice") else {
        return;
    };
    let dir = scratch("hidden-libreoffice");
    let (source, cover) = hidden_front_matter_source(&dir);
    let docx = build_docx(&source, &dir.join("out"));
    let resaved = dir.join("resaved");
    let profile = format!("file://{}", dir.join("profile").display());
    let o = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&resaved)
        .arg(&docx)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let resaved = resaved.join("doc.docx");
    // LibreOffice keeps the properties but drops the thumbnail: into the
    // source's own folder, where the cover is, the source comes back whole.
    let report = ok(&import(&resaved, &source, &["--force"]));
    assert!(report.contains("0 changed, 0 added, 0 removed"), "{report}");
    assert_eq!(read(&source), read(&dir.join("src/doc.md")));
    assert!(std::fs::read(dir.join("src/images/cover.jpg")).unwrap() == cover);
    let text = read(&source);
    assert!(text.contains("punctuation: kaiming\ncover: images/cover.jpg\ncheck-allow:\n  - dash\n  - doubled-word: \"批示: 批示\"\n"), "{text}");
    // Elsewhere the cover is left out, and the report says so.
    let md = dir.join("elsewhere").join("doc.md");
    let report = ok(&import(&resaved, &md, &[]));
    assert!(
        report.contains(
            "cover: the DOCX names `images/cover.jpg` (property `zhpress.cover`) but holds no image for it"
        ),
        "{report}"
    );
    assert_eq!(read(&md), text.replace("cover: images/cover.jpg\n", ""));
}

#[test]
fn unknown_or_malformed_properties_are_refused_naming_them() {
    let dir = scratch("bad-properties");
    let (source, _) = hidden_front_matter_source(&dir);
    let docx = build_docx(&source, &dir.join("out"));
    let parts = unzip(&std::fs::read(&docx).unwrap());
    for (from, to, expected) in [
        (
            ">kaiming<",
            ">wide<",
            "docProps/custom.xml: property `zhpress.punctuation`: `wide` is not a punctuation style",
        ),
        (
            ">images/cover.jpg<",
            ">../cover.jpg<",
            "docProps/custom.xml: property `zhpress.cover`",
        ),
        (
            ">dash\n",
            ">dashes\n",
            "docProps/custom.xml: property `zhpress.check-allow`: names no rule `dashes`",
        ),
        (
            r#"name="zhpress.cover""#,
            r#"name="zhpress.colour""#,
            "docProps/custom.xml: property `zhpress.colour` is not one zhpress writes",
        ),
    ] {
        let mut edited = parts.clone();
        edit(&mut edited, "docProps/custom.xml", |t| replace_one(&t, from, to));
        let bad = dir.join("bad.docx");
        std::fs::write(&bad, zip_of(&edited)).unwrap();
        refused(&bad, &dir.join("into"), expected);
    }
    // A thumbnail that is not JPEG or PNG, for a cover, is refused too.
    let mut edited = parts.clone();
    edited.insert("docProps/thumbnail.jpeg".into(), b"GIF89a not a cover".to_vec());
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, zip_of(&edited)).unwrap();
    refused(&bad, &dir.join("into"), "the package thumbnail, the image of the cover `images/cover.jpg` (property `zhpress.cover`), is neither JPEG nor PNG");
}

/// A decimal list level without `w:start` counts from 0 (ECMA-376 Part 1
/// §17.9.25: "If this element is omitted, the starting value shall be zero
/// (0)"), and `import` and `verify`'s DOCX reader both say so: they read
/// the numbering part with one reader.
#[test]
fn a_list_level_without_start_counts_from_zero_in_import_and_verify() {
    let dir = scratch("no-start");
    let source = dir.join("list.md");
    std::fs::write(
        &source,
        "---\ntitle: 列表\n---\n\n正文。\n\n1. 甲\n2. 乙\n3. 丙\n",
    )
    .unwrap();
    let docx = build_docx(&source, &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    edit(&mut parts, "word/numbering.xml", |t| {
        // The ordered list's instance loses the override that restarts it
        // at 1, and level 0 of its abstract definition its start.
        let override_ = r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1" /></w:lvlOverride>"#;
        let before = &t[..t.find(override_).expect("the list's start override")];
        let abstract_id = before.rsplit(r#"<w:abstractNumId w:val=""#).next().unwrap();
        let abstract_id = &abstract_id[..abstract_id.find('"').unwrap()];
        let level = format!(
            r#"<w:abstractNum w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="1" /><w:numFmt w:val="decimal" />"#
        );
        let t = replace_one(&t, &level, &level.replace(r#"<w:start w:val="1" />"#, ""));
        replace_one(&t, override_, "")
    });
    let numbering = String::from_utf8(parts["word/numbering.xml"].clone()).unwrap();
    assert!(!numbering.contains("<w:startOverride"), "{numbering}");
    let bytes = zip_of(&parts);

    let reading = zhpress::verify::docx::read(&bytes).expect("verify reads the DOCX");
    assert_eq!(
        reading.labels.as_deref(),
        Some(&["0.甲".to_string(), "1.乙".into(), "2.丙".into()][..])
    );

    let edited = dir.join("edited.docx");
    std::fs::write(&edited, &bytes).unwrap();
    let md = dir.join("back").join("list.md");
    ok(&import(&edited, &md, &[]));
    let text = read(&md);
    assert!(text.contains("0. 甲\n1. 乙\n2. 丙\n"), "{text}");
}

/// A Word file written from scratch with python-docx's default template:
/// a `Table Grid` table (the header row option on, no row marked to
/// repeat), numbers aligned right, its caption BELOW with a `SEQ Table`
/// field (`Table 1: …`) and a note; a second table with merged cells
/// (python-docx's `merge`: `w:gridSpan` across, `w:vMerge` down) under a
/// typed caption `表2 …` above it.
const PYTHON_DOCX: &str = r#"
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

doc = Document()
doc.add_heading("从零写成的表格", level=1)
doc.add_paragraph("各界别委员人数见下表。")
rows = [["界别", "人数", "占比"], ["中共", "99", "4.6%"], ["民革", "65", "3.0%"], ["合计", "164", "7.6%"]]
table = doc.add_table(rows=len(rows), cols=3)
table.style = "Table Grid"
for r, row in enumerate(rows):
    for c, text in enumerate(row):
        cell = table.cell(r, c)
        cell.text = text
        if r > 0 and c > 0:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
caption = doc.add_paragraph("Table ", style="Caption")
def field(kind=None, instr=None, text=None):
    run = caption.add_run()
    if kind:
        f = OxmlElement("w:fldChar")
        f.set(qn("w:fldCharType"), kind)
        run._r.append(f)
    elif instr:
        t = OxmlElement("w:instrText")
        t.set(qn("xml:space"), "preserve")
        t.text = instr
        run._r.append(t)
    else:
        run.text = text
field(kind="begin")
field(instr=" SEQ Table \\* ARABIC ")
field(kind="separate")
field(text="1")
field(kind="end")
caption.add_run(": 各界别委员人数")
doc.add_paragraph("注：人数为2023年数。")
doc.add_paragraph("表2 提案办理")
merged = doc.add_table(rows=4, cols=3)
merged.style = "Table Grid"
for r, row in enumerate([["项目", "数量", ""], ["", "立案", "办结"], ["2018年", "5", "5"], ["", "6", "6"]]):
    for c, text in enumerate(row):
        merged.cell(r, c).text = text
merged.cell(0, 1).merge(merged.cell(0, 2))
merged.cell(0, 0).merge(merged.cell(1, 0))
merged.cell(2, 0).merge(merged.cell(3, 0))
doc.add_paragraph("下文。")
doc.save(sys.argv[1])
"#;

#[test]
fn a_python_docx_table_imports_and_builds() {
    let Some(python) = common::python_module("docx") else {
        return;
    };
    let dir = scratch("python-docx");
    let docx = dir.join("tables.docx");
    let o = Command::new(python)
        .args(["-c", PYTHON_DOCX])
        .arg(&docx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = dir.join("src").join("tables.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        concat!(
            "---\ntitle: tables\nauthor: python-docx\nlang: zh-CN\n---\n\n# 从零写成的表格\n\n各界别委员人数见下表。\n\n",
            "Table: 各界别委员人数\n\n",
            "| 界别 | 人数 | 占比 |\n|---|--:|--:|\n| 中共 | 99 | 4.6% |\n| 民革 | 65 | 3.0% |\n| 合计 | 164 | 7.6% |\n\n",
            "注：人数为2023年数。\n\n",
            "Table: 提案办理\n\n",
            "+--------+-------------+\n",
            "| 项目   | 数量        |\n",
            "|        +------+------+\n",
            "|        | 立案 | 办结 |\n",
            "+========+======+======+\n",
            "| 2018年 | 5    | 5    |\n",
            "|        +------+------+\n",
            "|        | 6    | 6    |\n",
            "+--------+------+------+\n\n",
            "下文。\n",
        )
    );
    editions_match(&md, &dir.join("editions"), &md);
}

/// A DOCX with tables in the shape zhpress writes them: the caption a
/// Caption paragraph `表 {SEQ 表}　…` above, header rows marked to repeat
/// (`w:tblHeader`), merged cells (`w:gridSpan`, `w:vMerge`), alignment on
/// the cells' paragraphs (`w:jc`), notes after in a `Table Note` style;
/// a table with a line break in a cell (a grid table) and no caption.
fn zhpress_shaped() -> BTreeMap<String, Vec<u8>> {
    let mut parts = from_scratch();
    parts.remove("word/media/image1.png");
    edit(&mut parts, "word/styles.xml", |s| {
        s.replace(
            "</w:styles>",
            concat!(
                r#"<w:style w:type="paragraph" w:styleId="TableNote"><w:name w:val="Table Note"/><w:basedOn w:val="Caption"/></w:style>"#,
                r#"<w:style w:type="table" w:styleId="ThreeLineTable"><w:name w:val="Three Line Table"/><w:tblStylePr w:type="firstRow"/></w:style>"#,
                "</w:styles>"
            ),
        )
    });
    let r = |text: &str| format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#);
    let p =
        |style: &str, runs: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#);
    let caption = |n: u32, text: &str| {
        p(
            "Caption",
            &format!(
                r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ 表 \* ARABIC </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{n}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}"#,
                r("表"),
                r(&format!("\u{3000}{text}"))
            ),
        )
    };
    let tc = |props: &str, jc: &str, runs: &str| {
        format!(
            r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr>{runs}</w:p></w:tc>"#
        )
    };
    let tr = |header: bool, cells: Vec<String>| {
        let head = if header { "<w:tblHeader/>" } else { "" };
        format!(
            "<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{}</w:tr>",
            cells.concat()
        )
    };
    let tbl = |rows: Vec<String>| {
        format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="ThreeLineTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:firstRow="1" w:val="0020"/></w:tblPr><w:tblGrid/>{}</w:tbl>"#,
            rows.concat()
        )
    };
    let bold = |t: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r>"#);
    let link = r#"<w:hyperlink r:id="rId20"><w:r><w:t>政协网</w:t></w:r></w:hyperlink>"#;
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let first = tbl(vec![
        tr(
            true,
            vec![
                tc("", "both", &bold("项目")),
                tc("", "left", &bold("说明")),
                tc("", "right", &bold("件数")),
                tc("", "center", &bold("占比")),
            ],
        ),
        tr(
            false,
            vec![
                tc("", "both", &bold("提案")),
                tc("", "left", &format!("{}{link}", r("立案与"))),
                tc("", "right", &r("5,621")),
                tc("", "center", &r("97%")),
            ],
        ),
        tr(
            false,
            vec![
                tc("", "both", &r("建议")),
                tc("", "left", &r("a|b")),
                tc("", "right", &r("12")),
                tc("", "center", &r("3%")),
            ],
        ),
    ]);
    let merged = tbl(vec![
        tr(
            true,
            vec![
                tc(restart, "both", &bold("项目")),
                tc(r#"<w:gridSpan w:val="2"/>"#, "center", &bold("数量")),
            ],
        ),
        tr(
            true,
            vec![
                tc("<w:vMerge/>", "both", ""),
                tc("", "right", &bold("立案")),
                tc("", "right", &bold("办结")),
            ],
        ),
        tr(
            false,
            vec![
                tc(restart, "both", &r("2018—2019年")),
                tc("", "right", &r("5")),
                tc("", "right", &r("5")),
            ],
        ),
        tr(
            false,
            vec![
                tc("<w:vMerge/>", "both", ""),
                tc("", "right", &r("6")),
                tc("", "right", &r("6")),
            ],
        ),
    ]);
    let broken = tbl(vec![
        tr(
            true,
            vec![tc("", "both", &bold("甲")), tc("", "both", &bold("乙"))],
        ),
        tr(
            false,
            vec![
                tc(
                    "",
                    "both",
                    &format!("{}<w:r><w:br/></w:r>{}", r("一行"), r("二行")),
                ),
                tc("", "both", &r("丙")),
            ],
        ),
    ]);
    let body = [
        p("Heading1", &r("表格")),
        caption(1, "提案办理概况"),
        first,
        p("TableNote", &r("注：件数为立案数。")),
        caption(2, "分年度"),
        merged,
        p("TableNote", &r("注：2018年起。")),
        p("TableNote", &r("资料来源：提案委员会。")),
        broken,
        format!("<w:p>{}</w:p>", r("正文。")),
    ]
    .concat();
    edit(&mut parts, "word/document.xml", |d| {
        let start = d.find("<w:body>").unwrap() + "<w:body>".len();
        let end = d.find("<w:sectPr/>").unwrap();
        format!("{}{body}{}", &d[..start], &d[end..])
    });
    edit(&mut parts, "word/_rels/document.xml.rels", |d| {
        d.replace(
            "</Relationships>",
            r#"<Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.cppcc.gov.cn/" TargetMode="External"/></Relationships>"#,
        )
    });
    parts
}

#[test]
fn zhpress_shaped_tables_import_as_pipe_and_grid_tables() {
    let dir = scratch("tables-shape");
    let docx = dir.join("shape.docx");
    std::fs::write(&docx, zip_of(&zhpress_shaped())).unwrap();
    let md = dir.join("src").join("shape.md");
    ok(&import(&docx, &md, &[]));
    assert_eq!(
        read(&md),
        concat!(
            "---\ntitle: shape\nlang: zh-CN\n---\n\n# 表格\n\n",
            "Table: 提案办理概况\n\n",
            "| 项目 | 说明 | 件数 | 占比 |\n|---|:--|--:|:-:|\n",
            "| **提案** | 立案与[政协网](https://www.cppcc.gov.cn/) | 5,621 | 97% |\n",
            "| 建议 | a\\|b | 12 | 3% |\n\n",
            "注：件数为立案数。\n\n",
            "Table: 分年度\n\n",
            "+-------------+-------------+\n",
            "| 项目        | 数量        |\n",
            "|             +------+------+\n",
            "|             | 立案 | 办结 |\n",
            "+=============+=====:+=====:+\n",
            "| 2018—2019年 | 5    | 5    |\n",
            "|             +------+------+\n",
            "|             | 6    | 6    |\n",
            "+-------------+------+------+\n\n",
            "注：2018年起。\n\n资料来源：提案委员会。\n\n",
            "+-------+----+\n",
            "| 甲    | 乙 |\n",
            "+=======+====+\n",
            "| 一行\\ | 丙 |\n",
            "| 二行  |    |\n",
            "+-------+----+\n\n",
            "正文。\n",
        )
    );
    editions_match(&md, &dir.join("editions"), &md);
}

/// The tables fixture's DOCX re-saved by LibreOffice (which writes its
/// own table properties, `w:jc w:val="start"` and its caption fields)
/// imports to the same source, byte for byte.
#[test]
fn a_libreoffice_resave_of_the_tables_imports_to_the_same_source() {
    let Some(soffice) = checker("soffice") else {
        return;
    };
    let dir = scratch("libreoffice-tables");
    let source = manifest("tests/fixtures/tables.md");
    let docx = build_docx(&source, &dir.join("out"));
    let resaved = dir.join("resaved");
    let profile = format!("file://{}", dir.join("profile").display());
    let o = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&resaved)
        .arg(&docx)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let resaved = resaved.join("tables.docx");
    let document =
        String::from_utf8(unzip(&std::fs::read(&resaved).unwrap())["word/document.xml"].clone()).unwrap();
    assert!(
        document.contains("<w:tblHeader"),
        "LibreOffice keeps the repeated header rows"
    );
    let md = dir.join("back").join("tables.md");
    ok(&import(&resaved, &md, &[]));
    assert_eq!(read(&md), read(&source));
}

/// The tables fixture's DOCX as WPS and hand-made tables have it: no row
/// marked to repeat, the header option of `w:tblLook` off, the first row
/// bold by direct formatting. The first row (and the rows its merged cells
/// run into) heads each table again, and the source comes back the same.
#[test]
fn tables_with_a_bold_first_row_and_no_repeat_marks_import_to_the_same_source() {
    let dir = scratch("wps-tables");
    let source = manifest("tests/fixtures/tables.md");
    let docx = build_docx(&source, &dir.join("out"));
    let mut parts = unzip(&std::fs::read(&docx).unwrap());
    edit(&mut parts, "word/document.xml", |d| {
        let d = d
            .replace("<w:tblHeader />", "")
            .replace(r#"w:firstRow="1""#, r#"w:firstRow="0""#);
        // Each header cell's runs bold by direct formatting.
        d.split("<w:p ")
            .map(|p| match p.contains(r#"w:val="TableHeading""#) {
                true => p.replace("<w:r><w:rPr />", "<w:r><w:rPr><w:b /></w:rPr>"),
                false => p.to_string(),
            })
            .collect::<Vec<_>>()
            .join("<w:p ")
    });
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    assert!(!document.contains("tblHeader") && !document.contains(r#"w:firstRow="1""#));
    let edited = dir.join("wps.docx");
    std::fs::write(&edited, zip_of(&parts)).unwrap();
    let md = dir.join("back").join("tables.md");
    ok(&import(&edited, &md, &[]));
    assert_eq!(read(&md), read(&source));
}

/// A line break that ends a paragraph (or opens one), inside a bold run or
/// not, shows only an empty line in Word: it goes, and the paragraph comes
/// in (it was an internal error: `\` ending a paragraph is text).
#[test]
fn line_breaks_ending_or_opening_a_paragraph_go() {
    let dir = scratch("edge-breaks");
    let mut parts = from_scratch();
    edit(&mut parts, "word/document.xml", |x| {
        replace_one(
            &x,
            "<w:sectPr/>",
            concat!(
                "<w:p><w:r><w:t>结尾换行</w:t><w:br/></w:r></w:p>",
                "<w:p><w:r><w:br/><w:t xml:space=\"preserve\"> 开头换行</w:t></w:r></w:p>",
                "<w:p><w:r><w:t>中间</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>加粗</w:t><w:br/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r></w:p>",
                "<w:sectPr/>"
            ),
        )
    });
    let docx = dir.join("breaks.docx");
    std::fs::write(&docx, zip_of(&parts)).unwrap();
    let md = dir.join("src").join("breaks.md");
    ok(&import(&docx, &md, &[]));
    assert!(
        read(&md).ends_with("另有**要点**\n\n结尾换行\n\n开头换行\n\n中间**加粗**\n"),
        "{}",
        read(&md)
    );
    editions_match(&md, &dir.join("editions"), &md);
}
