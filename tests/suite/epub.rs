//! Integration tests of the EPUB edition: render a document, read the EPUB
//! back (zip, XML, fonts) and compare with the model; run epubcheck.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use zhpress::fonts::Fonts;
use zhpress::input::assets::{Assets, ImageAsset, ImageFormat};
use zhpress::model::{
    self, Block, Document, Figure, Heading, Inline, List, Metadata, Paragraph, Quote, Role, LEVEL2_MARK,
};

const EPOCH: i64 = 1_700_000_000; // 2023-11-14T22:13:20Z

pub(crate) fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

pub(crate) fn heading(level: u8, s: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: vec![],
        id: String::new(),
        content: vec![text(s)],
        line: 1,
        block: model::BlockId::default(),
    })
}

pub(crate) fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content,
        line: 1,
        block: model::BlockId::default(),
    })
}

fn figure(src: &str, caption: &str) -> Block {
    Block::Figure(Figure::captioned(
        src.into(),
        vec![text(caption)],
        Some("本报记者 齐波 摄".into()),
        1,
    ))
}

/// A document shaped like the summary, with markup characters in every
/// kind of text.
pub(crate) fn sample() -> Document {
    let mut blocks = vec![
        para(vec![text("开头段落：五年来 & <此前>。")]),
        heading(1, "主要工作情况"),
        para(vec![text("五年来，办公厅坚持“三服务”职责定位。")]),
        heading(2, "坚持党的领导 & <原则>"),
        para(vec![
            Inline::Strong(vec![text("一是坚持政治引领。")]),
            text("深入学习贯彻A&B <c> \"d\" 精神，开设147个委员读书群。"),
        ]),
        figure("images/photo-1.jpg", "全国政协委员读书活动 <现场>"),
        para(vec![
            Inline::Strong(vec![text("二是服务协商议政。")]),
            text("开展界别协商，"),
            Inline::Emphasis(vec![text("强调")]),
            Inline::LineBreak,
            text("第二行。"),
        ]),
        heading(2, "服务委员履职"),
        Block::List(List {
            start: Some(3),
            items: vec![vec![para(vec![text("列表第一项。")])]],
            line: 1,
        }),
        Block::Quote(Quote {
            blocks: vec![para(vec![text("引用的段落。")])],
            line: 1,
        }),
        heading(1, "工作体会"),
        heading(2, "必须坚持党的全面领导"),
        para(vec![text("六是服务做好对外交往工作。")]),
        figure("images/photo-2.jpg", "2021年10月21日，会议现场"),
        heading(3, "第三级标题"),
        para(vec![text("结尾。")]),
    ];
    model::number(&mut blocks);
    Document {
        source_name: "source/summary.md".into(),
        meta: Metadata {
            subtitle: Some("——十三届全国政协办公厅五年工作总结".into()),
            author: Some("全国政协办公厅".into()),
            ..Metadata::titled("在新时代 & 新征程上<书写>新篇章")
        },
        blocks,
    }
}

fn jpeg(width: u32, height: u32, shade: u8) -> ImageAsset {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([shade, 128, 200]));
    let mut data = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut data, 80)
        .encode_image(&img)
        .unwrap();
    ImageAsset {
        data,
        format: ImageFormat::Jpeg,
        width,
        height,
    }
}

pub(crate) fn assets(doc: &Document) -> Assets {
    let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap();
    fonts.check_coverage(doc).unwrap();
    let mut images = BTreeMap::new();
    images.insert("images/photo-1.jpg".to_string(), jpeg(300, 200, 40));
    images.insert("images/photo-2.jpg".to_string(), jpeg(300, 200, 90));
    Assets {
        fonts,
        images,
        epoch: EPOCH,
    }
}

/// The rendered sample, its model and its entries.
pub(crate) struct Book {
    pub(crate) doc: Document,
    pub(crate) assets: Assets,
    pub(crate) bytes: Vec<u8>,
    pub(crate) entries: BTreeMap<String, Vec<u8>>,
}

impl Book {
    pub(crate) fn new(doc: Document) -> Book {
        let assets = assets(&doc);
        Book::with_assets(doc, assets)
    }

    pub(crate) fn with_assets(doc: Document, assets: Assets) -> Book {
        let bytes = zhpress::Target::Epub.render(&doc, &assets).unwrap();
        Book::read(doc, assets, bytes)
    }

    /// The EPUB `bytes` rendered from `doc` and `assets`, unpacked.
    pub(crate) fn read(doc: Document, assets: Assets, bytes: Vec<u8>) -> Book {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
        let mut entries = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            entries.insert(f.name().to_string(), data);
        }
        Book {
            doc,
            assets,
            bytes,
            entries,
        }
    }

    pub(crate) fn text(&self, name: &str) -> &str {
        let data = self.entries.get(name).unwrap_or_else(|| panic!("no {name}"));
        std::str::from_utf8(data).unwrap()
    }

    pub(crate) fn xml(&self, name: &str) -> roxmltree::Document<'_> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true, // `<!DOCTYPE html>`
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(self.text(name), options)
            .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
    }

    /// Manifest items: id → (href, media type, properties).
    fn manifest(&self) -> BTreeMap<String, (String, String, String)> {
        let opf = self.xml("OEBPS/content.opf");
        opf.descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| {
                let a = |k| n.attribute(k).unwrap_or_default().to_string();
                (a("id"), (a("href"), a("media-type"), a("properties")))
            })
            .collect()
    }

    /// The content documents in reading order (paths inside the zip).
    pub(crate) fn spine(&self) -> Vec<String> {
        let manifest = self.manifest();
        let opf = self.xml("OEBPS/content.opf");
        opf.descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .map(|n| format!("OEBPS/{}", manifest[n.attribute("idref").unwrap()].0))
            .collect()
    }
}

pub(crate) fn node_text(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn in_title_page(n: roxmltree::Node) -> bool {
    n.ancestors().any(|a| a.attribute("class") == Some("titlepage"))
}

pub(crate) fn check_package(book: &Book) {
    for name in book.entries.keys() {
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            book.xml(name);
        }
    }
    let hrefs: BTreeSet<String> = book
        .manifest()
        .values()
        .map(|(href, _, _)| format!("OEBPS/{href}"))
        .collect();
    let in_zip: BTreeSet<String> = book
        .entries
        .keys()
        .filter(|n| n.starts_with("OEBPS/") && *n != "OEBPS/content.opf")
        .cloned()
        .collect();
    assert_eq!(hrefs, in_zip);
    let spine = book.spine();
    // The title page, the opening (blocks before the first heading), then
    // one document per level-1 section.
    let mut expected = vec!["OEBPS/title.xhtml".to_string()];
    if !matches!(book.doc.blocks.first(), Some(Block::Heading(_))) {
        expected.push("OEBPS/opening.xhtml".to_string());
    }
    for b in &book.doc.blocks {
        if let Block::Heading(h) = b {
            if h.level == 1 {
                expected.push(format!("OEBPS/{}.xhtml", h.id));
            }
        }
    }
    assert_eq!(spine, expected);
    for name in &spine {
        let xml = book.xml(name);
        let root = xml.root_element();
        assert_eq!(root.attribute("lang"), Some("zh-CN"), "{name}");
        let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
        assert_eq!(root.attribute(xml_lang), Some("zh-CN"), "{name}");
    }
}

/// Flattens a nav `<ol>` into (depth, text, href) in document order.
fn nav_entries(ol: roxmltree::Node, depth: usize, out: &mut Vec<(usize, String, String)>) {
    for li in ol.children().filter(|n| n.has_tag_name("li")) {
        let a = li.children().find(|n| n.has_tag_name("a")).unwrap();
        out.push((depth, node_text(a), a.attribute("href").unwrap().into()));
        if let Some(sub) = li.children().find(|n| n.has_tag_name("ol")) {
            nav_entries(sub, depth + 1, out);
        }
    }
}

fn check_nav(book: &Book) {
    let nav = book.xml("OEBPS/nav.xhtml");
    assert_eq!(nav.root_element().attribute("lang"), Some("zh-CN"));
    let toc = nav
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attributes().any(|a| a.value() == "toc"))
        .unwrap();
    let mut entries = Vec::new();
    nav_entries(
        toc.children().find(|n| n.has_tag_name("ol")).unwrap(),
        1,
        &mut entries,
    );
    let headings = &entries;
    let expected: Vec<(usize, String)> = book
        .doc
        .headings()
        .iter()
        .map(|h| (usize::from(h.level), h.text()))
        .collect();
    let got: Vec<(usize, String)> = headings.iter().map(|e| (e.0, e.1.clone())).collect();
    assert_eq!(got, expected);
    // Each link leads to the heading with that id and text.
    for ((_, text, href), h) in headings.iter().zip(book.doc.headings()) {
        let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
        let xml = book.xml(&format!("OEBPS/{file}"));
        let target = if fragment.is_empty() {
            xml.descendants()
                .find(|n| n.tag_name().name().starts_with('h') && n.has_attribute("id"))
                .unwrap()
        } else {
            xml.descendants()
                .find(|n| n.attribute("id") == Some(fragment))
                .unwrap()
        };
        assert_eq!(target.attribute("id"), Some(h.id.as_str()));
        assert_eq!(&node_text(target), text);
        assert!(!text.contains(LEVEL2_MARK));
    }
    let landmarks: Vec<_> = nav
        .descendants()
        .filter(|n| n.has_tag_name("a") && n.ancestors().any(|a| a.has_tag_name("nav")))
        .filter_map(|a| {
            a.attributes()
                .find(|x| x.name() == "type")
                .map(|t| (t.value().to_string(), a.attribute("href").unwrap().to_string()))
        })
        .collect();
    assert_eq!(
        landmarks,
        [
            ("titlepage".to_string(), "title.xhtml".to_string()),
            ("bodymatter".to_string(), book.spine()[1].replace("OEBPS/", ""))
        ]
    );
    // The NCX for older readers lists the same entries.
    let ncx = book.xml("OEBPS/toc.ncx");
    let labels: Vec<String> = ncx
        .descendants()
        .filter(|n| n.has_tag_name("navLabel"))
        .map(|n| node_text(n).trim().to_string())
        .collect();
    let all: Vec<String> = expected.iter().map(|e| e.1.clone()).collect();
    assert_eq!(labels, all);
    // …nested as in the nav, under the book's title, with the real depth.
    let mut ncx_depths = Vec::new();
    for p in ncx.descendants().filter(|n| n.has_tag_name("navPoint")) {
        ncx_depths.push(p.ancestors().filter(|a| a.has_tag_name("navPoint")).count());
    }
    let nav_depths: Vec<usize> = headings.iter().map(|e| e.0).collect();
    assert_eq!(ncx_depths, nav_depths);
    let doc_title = ncx.descendants().find(|n| n.has_tag_name("docTitle")).unwrap();
    assert_eq!(node_text(doc_title).trim(), book.doc.meta.title);
    let depth = ncx
        .descendants()
        .find(|n| n.attribute("name") == Some("dtb:depth"))
        .unwrap();
    let deepest = nav_depths.iter().max().unwrap().to_string();
    assert_eq!(depth.attribute("content"), Some(deepest.as_str()));
    let uid = ncx
        .descendants()
        .find(|n| n.attribute("name") == Some("dtb:uid"))
        .unwrap();
    let opf = book.xml("OEBPS/content.opf");
    let id = opf
        .descendants()
        .find(|n| n.tag_name().name() == "identifier")
        .unwrap();
    assert_eq!(uid.attribute("content"), Some(node_text(id).as_str()));
}

pub(crate) fn check_blocks(book: &Book) {
    let mut texts = Vec::new();
    let mut strong = Vec::new();
    for name in book.spine() {
        let xml = book.xml(&name);
        for n in xml.descendants().filter(|n| !in_title_page(*n)) {
            match n.tag_name().name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "figcaption" | "caption" | "th" | "td" => {
                    texts.push(node_text(n))
                }
                "strong" => strong.push(node_text(n)),
                _ => {}
            }
        }
    }
    // A line break reads as `\n` in the model and is a <br/> here.
    let expected: Vec<String> = book
        .doc
        .block_texts()
        .into_iter()
        .map(|t| t.replace('\n', ""))
        .collect();
    assert_eq!(texts, expected);
    // Every strong span of the paragraphs, also inside links and emphasis.
    fn strong_in(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::Strong(c) => out.push(model::plain_text(c)),
                Inline::Emphasis(c) | Inline::Link { content: c, .. } => strong_in(c, out),
                _ => {}
            }
        }
    }
    let mut model_strong = Vec::new();
    model::walk(&book.doc.blocks, &mut |b| match b {
        Block::Paragraph(p) => strong_in(&p.content, &mut model_strong),
        Block::Table(t) => {
            let caption = t.caption.iter().map(|c| c.content.as_slice());
            let cells = t.rows().flat_map(|r| &r.cells).map(|c| c.content.as_slice());
            let notes = t.notes.iter().map(|n| n.content.as_slice());
            for content in caption.chain(cells).chain(notes) {
                strong_in(content, &mut model_strong);
            }
        }
        _ => {}
    });
    assert_eq!(strong, model_strong);
    // The title page shows the front matter.
    let title = book.xml("OEBPS/title.xhtml");
    let shown: Vec<String> = title
        .descendants()
        .filter(|n| n.is_element() && in_title_page(*n) && n.has_attribute("class"))
        .filter(|n| n.parent().and_then(|p| p.attribute("class")) == Some("titlepage"))
        .map(node_text)
        .collect();
    let meta = &book.doc.meta;
    assert_eq!(
        shown,
        [
            meta.title.clone(),
            meta.subtitle.clone().unwrap(),
            meta.author.clone().unwrap()
        ]
    );
}

#[test]
fn metadata_is_complete_and_ids_are_unique() {
    let book = Book::new(sample());
    let opf = book.xml("OEBPS/content.opf");
    let dc = |name: &str| -> Vec<String> {
        opf.descendants()
            .filter(|n| n.tag_name().name() == name)
            .map(node_text)
            .collect()
    };
    let meta = &book.doc.meta;
    assert_eq!(dc("title"), [meta.title.clone(), meta.subtitle.clone().unwrap()]);
    assert_eq!(dc("creator"), [meta.author.clone().unwrap()]);
    assert_eq!(dc("language"), ["zh-CN"]);
    let refines: BTreeMap<String, String> = opf
        .descendants()
        .filter(|n| n.has_tag_name("meta") && n.has_attribute("refines"))
        .filter(|n| n.attribute("property") == Some("title-type"))
        .map(|n| (n.attribute("refines").unwrap().to_string(), node_text(n)))
        .collect();
    assert_eq!(refines["#title"], "main");
    assert_eq!(refines["#subtitle"], "subtitle");
    let modified: Vec<String> = opf
        .descendants()
        .filter(|n| n.attribute("property") == Some("dcterms:modified"))
        .map(node_text)
        .collect();
    assert_eq!(modified, ["2023-11-14T22:13:20Z"]);
    let id = &dc("identifier")[0];
    let uuid = uuid::Uuid::parse_str(id.strip_prefix("urn:uuid:").unwrap()).unwrap();
    assert_eq!(uuid.get_version_num(), 5);
    // Every id in the package must be unique (epubcheck RSC-005): the
    // metadata, the manifest and the spine share one namespace.
    let ids: Vec<&str> = opf.descendants().filter_map(|n| n.attribute("id")).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in content.opf: {ids:?}");
}

#[test]
fn the_identifier_follows_the_content() {
    let id = |book: &Book| {
        let opf = book.xml("OEBPS/content.opf");
        let n = opf
            .descendants()
            .find(|n| n.tag_name().name() == "identifier")
            .unwrap();
        node_text(n)
    };
    let a = Book::new(sample());
    assert_eq!(id(&a), id(&Book::new(sample())));
    let mut moved = sample();
    moved.source_name = "elsewhere/summary.md".into();
    assert_eq!(id(&a), id(&Book::new(moved)));
    let mut changed = sample();
    changed.meta.title.push('！');
    assert_ne!(id(&a), id(&Book::new(changed)));
}

#[test]
fn two_builds_are_byte_identical_and_dated_from_the_epoch() {
    let doc = sample();
    let a = zhpress::Target::Epub.render(&doc, &assets(&doc)).unwrap();
    let b = zhpress::Target::Epub.render(&doc, &assets(&doc)).unwrap();
    assert!(a == b, "two builds differ");
    let mut zip = zip::ZipArchive::new(Cursor::new(a.clone())).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        let when = (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second());
        assert_eq!(when, (2023, 11, 14, 22, 13, 20), "{}", f.name());
    }
    let mut later = assets(&doc);
    later.epoch += 86_400;
    assert!(zhpress::Target::Epub.render(&doc, &later).unwrap() != a);
}

pub(crate) fn check_fonts(book: &Book) {
    let assets = &book.assets;
    let css = book.text("OEBPS/stylesheet.css");
    let fonts: Vec<(String, String)> = book
        .manifest()
        .values()
        .filter(|(_, media, _)| media == "font/ttf")
        .map(|(href, _, _)| (href.clone(), format!("OEBPS/{href}")))
        .collect();
    // One subset per face the book sets text in (each role's is read below).
    assert!((2..=3).contains(&fonts.len()), "{fonts:?}");
    for (href, _) in &fonts {
        assert!(css.contains(&format!("src: url(\"{href}\")")), "{href}");
    }
    let mut runs: Vec<(Role, String)> = book
        .doc
        .text_runs()
        .iter()
        .map(|r| (r.role, r.text.to_string()))
        .collect();
    let figures = book.doc.figures();
    runs.extend(
        figures
            .iter()
            .filter_map(|f| Some((Role::Caption, f.caption_line()?))),
    );
    let tables = book.doc.tables();
    let captions = tables.iter().filter_map(|t| t.caption.as_ref());
    runs.extend(captions.map(|c| (Role::Caption, c.line())));
    for (role, text) in runs {
        let face = assets.fonts.for_role(role);
        let data = &book.entries[&format!("OEBPS/fonts/{}", face.file_name)];
        assert!(data.len() < face.data.len() / 20);
        let sub = ttf_parser::Face::parse(data, 0).unwrap();
        for ch in text.chars() {
            assert!(sub.glyph_index(ch).is_some(), "{ch:?} in {}", face.file_name);
        }
    }
    assert!(css.contains("text-spacing-trim: normal"), "{css}");
    assert!(css.contains("h2::before {\n  content: \"\\25A0\";"));
    for rule in ["text-indent: 2em", "text-align: justify", "line-break: strict"] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(!css.contains("background"));
}

/// Runs epubcheck on `bytes`; a missing epubcheck fails under CI=true and
/// is skipped loudly otherwise.
pub(crate) fn epubcheck(bytes: &[u8], name: &str) {
    let dir = common::scratch(&format!("epubcheck-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let Some((passed, report)) = common::epubcheck(&path) else {
        return;
    };
    assert!(
        passed && report.contains("No errors or warnings detected"),
        "epubcheck:\n{report}"
    );
}

#[test]
fn epubcheck_finds_no_errors_or_warnings() {
    let book = Book::new(sample());
    epubcheck(&book.bytes, "sample.epub");
}

#[test]
fn a_book_without_headings_lists_its_title_page() {
    let mut doc = sample();
    doc.blocks.retain(|b| !matches!(b, Block::Heading(_)));
    let book = Book::new(doc);
    assert_eq!(book.spine(), ["OEBPS/title.xhtml", "OEBPS/opening.xhtml"]);
    let nav = book.xml("OEBPS/nav.xhtml");
    let links: Vec<(String, String)> = nav
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter(|a| !a.ancestors().any(|n| n.attribute("id") == Some("page-list")))
        .map(|a| (node_text(a), a.attribute("href").unwrap().to_string()))
        .collect();
    let title = (book.doc.meta.title.clone(), "title.xhtml".to_string());
    let body = ("正文".to_string(), "opening.xhtml".to_string());
    assert_eq!(links, [title.clone(), title, body]);
    check_blocks(&book);
    crate::pictures_epub::check_pictures(&book);
    epubcheck(&book.bytes, "no-headings.epub");
}

#[test]
fn nav_lists_every_heading_nested_and_linked() {
    check_nav(&Book::new(sample()));
}

#[test]
fn every_block_text_is_present_in_reading_order() {
    check_blocks(&Book::new(sample()));
}

#[test]
fn figures_show_the_models_caption_line_and_their_image() {
    crate::pictures_epub::check_pictures(&Book::new(sample()));
}

#[test]
fn fonts_are_subsets_that_draw_every_character() {
    check_fonts(&Book::new(sample()));
}

#[test]
fn every_xml_entry_parses_and_the_manifest_matches_the_archive() {
    check_package(&Book::new(sample()));
}

/// The sources every edition is built from: the summary and every fixture.
fn fixtures() -> Vec<String> {
    let mut out = vec!["source/summary.md".to_string()];
    let mut more: Vec<String> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().unwrap() != "README.md")
        .map(|p| p.display().to_string())
        .collect();
    more.sort();
    out.extend(more);
    out
}

#[test]
fn every_fixture_reads_back_as_its_model_and_passes_epubcheck() {
    for source in fixtures() {
        let (doc, assets) = zhpress::load(Path::new(&source)).unwrap();
        let book = Book::with_assets(doc, assets);
        assert!(
            book.bytes.len() <= 1_500_000,
            "{source}: {} bytes",
            book.bytes.len()
        );
        check_package(&book);
        check_nav(&book);
        check_blocks(&book);
        crate::pictures_epub::check_pictures(&book);
        check_fonts(&book);
        epubcheck(&book.bytes, &format!("{}.epub", source.replace('/', "-")));
    }
}

#[test]
fn a_heading_quoted_before_the_first_chapter_is_in_the_nav() {
    let mut doc = sample();
    doc.blocks.insert(
        0,
        Block::Quote(Quote {
            blocks: vec![heading(2, "引文里的标题"), para(vec![text("引文。")])],
            line: 1,
        }),
    );
    model::number(&mut doc.blocks);
    let book = Book::new(doc);
    check_package(&book);
    check_blocks(&book);
    let nav = book.xml("OEBPS/nav.xhtml");
    let toc = nav
        .descendants()
        .find(|n| n.attribute("id") == Some("toc"))
        .unwrap();
    let labels: Vec<String> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(node_text)
        .collect();
    let headings: Vec<String> = book.doc.headings().iter().map(|h| h.text()).collect();
    assert_eq!(labels, headings);
    epubcheck(&book.bytes, "quoted-heading.epub");
}

/// The package's `<meta property="…">` values, in order.
pub(crate) fn meta_values(book: &Book, property: &str) -> Vec<String> {
    let opf = book.xml("OEBPS/content.opf");
    opf.descendants()
        .filter(|n| n.has_tag_name("meta") && n.attribute("property") == Some(property))
        .map(node_text)
        .collect()
}

#[test]
fn accessibility_metadata_says_what_the_book_is() {
    let book = Book::new(sample());
    let opf = book.xml("OEBPS/content.opf");
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    assert_eq!(opf.root_element().attribute(xml_lang), Some("zh-CN"));
    assert_eq!(meta_values(&book, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(meta_values(&book, "schema:accessModeSufficient"), ["textual"]);
    assert_eq!(
        meta_values(&book, "schema:accessibilityFeature"),
        [
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "pageNavigation",
            "printPageNumbers",
            "displayTransformability"
        ]
    );
    assert_eq!(meta_values(&book, "schema:accessibilityHazard"), ["none"]);
    let summary = meta_values(&book, "schema:accessibilitySummary");
    assert_eq!(summary.len(), 1);
    assert!(
        summary[0].contains("页码") && summary[0].contains("图注"),
        "{summary:?}"
    );
    assert_eq!(
        meta_values(&book, "dcterms:conformsTo"),
        [zhpress::epub::CONFORMS_TO]
    );
    // The page numbers name their source, the print edition.
    let source = opf
        .descendants()
        .find(|n| n.tag_name().name() == "source")
        .unwrap();
    assert!(node_text(source).contains("PDF"));
    let refines = format!("#{}", source.attribute("id").unwrap());
    assert!(opf
        .descendants()
        .any(|n| n.attribute("refines") == Some(refines.as_str())
            && n.attribute("property") == Some("source-of")
            && node_text(n) == "pagination"));
    // No figures, no visual access mode.
    let mut plain = sample();
    plain.blocks.retain(|b| !matches!(b, Block::Figure(_)));
    assert_eq!(meta_values(&Book::new(plain), "schema:accessMode"), ["textual"]);
}

#[test]
fn every_epub_type_has_its_aria_role() {
    let book = Book::new(sample());
    let roles = BTreeMap::from([
        ("chapter", "doc-chapter"),
        ("pagebreak", "doc-pagebreak"),
        ("toc", "doc-toc"),
        ("page-list", "doc-pagelist"),
    ]);
    let mut seen = BTreeSet::new();
    let mut names: Vec<String> = book.spine();
    names.push("OEBPS/nav.xhtml".into());
    for name in names {
        let xml = book.xml(&name);
        for n in xml.descendants().filter(|n| n.is_element()) {
            let Some(kind) = n.attributes().find(|a| a.name() == "type").map(|a| a.value()) else {
                continue;
            };
            if let Some(role) = roles.get(kind) {
                assert_eq!(n.attribute("role"), Some(*role), "{name}: epub:type {kind}");
                seen.insert(kind.to_string());
            }
        }
    }
    assert_eq!(seen.len(), roles.len(), "{seen:?}");
}

#[test]
fn the_cover_is_a_generated_png_the_package_names() {
    let book = Book::new(sample());
    let covers: Vec<(String, String)> = book
        .manifest()
        .into_iter()
        .filter(|(_, (_, _, props))| props.split_whitespace().any(|p| p == "cover-image"))
        .map(|(id, (href, media, _))| (id, format!("{href} {media}")))
        .collect();
    assert_eq!(covers.len(), 1);
    let (id, href_media) = &covers[0];
    assert!(href_media.ends_with(" image/png"), "{href_media}");
    let opf = book.xml("OEBPS/content.opf");
    let named = opf
        .descendants()
        .find(|n| n.attribute("name") == Some("cover"))
        .unwrap();
    assert_eq!(named.attribute("content"), Some(id.as_str()));
    let href = href_media.split(' ').next().unwrap();
    let png = &book.entries[&format!("OEBPS/{href}")];
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 2400));
    // Ink where the title is set, paper in the margins.
    let rgb = image.to_rgb8();
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..1600).map(move |x| (x, y)))
            .filter(|&(x, y)| rgb.get_pixel(x, y).0.iter().all(|&c| c < 100))
            .count()
    };
    assert!(dark(600, 1000) > 10_000, "no title on the cover");
    assert_eq!(
        dark(1000 + 600, 1900),
        0,
        "ink below the subtitle and above the author"
    );
    // Another title, another cover.
    let mut other = sample();
    other.meta.title = "另一本书".into();
    let other = Book::new(other);
    assert!(other.entries[&format!("OEBPS/{href}")] != *png);
    // A cover the front matter names is used as it is.
    let mut named = sample();
    named.meta.cover = Some("images/photo-2.jpg".into());
    let book = Book::new(named);
    let (href, media, _) = &book.manifest()[id.as_str()];
    assert_eq!(media, "image/jpeg");
    assert_eq!(
        book.entries[&format!("OEBPS/{href}")],
        book.assets.images["images/photo-2.jpg"].data
    );
    epubcheck(&book.bytes, "named-cover.epub");
}

/// The page list: (label, file, id) per entry, in order.
fn page_list(book: &Book) -> Vec<(String, String, String)> {
    let nav = book.xml("OEBPS/nav.xhtml");
    let list = nav
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attributes().any(|a| a.value() == "page-list"))
        .expect("a page-list nav");
    list.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let (file, id) = a.attribute("href").unwrap().split_once('#').unwrap();
            (node_text(a), file.to_string(), id.to_string())
        })
        .collect()
}

/// A page marker read back: its content document, its id and, `None` on
/// the title page, else (index of the text block — heading, paragraph,
/// caption line or table cell, counted through the spine —, characters of
/// that block before the marker; a `<br/>` is one).
pub(crate) type MarkerPlace = (String, String, Option<(usize, usize)>);

/// Where the EPUB's page markers stand, by page number.
pub(crate) fn marker_places(book: &Book) -> BTreeMap<usize, MarkerPlace> {
    let is_block = |n: &roxmltree::Node| {
        matches!(
            n.tag_name().name(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "figcaption" | "caption" | "th" | "td"
        )
    };
    let mut out = BTreeMap::new();
    let mut block = 0;
    for name in book.spine() {
        let xml = book.xml(&name);
        let title = name.ends_with("title.xhtml");
        // The text block being read and the characters read of it.
        let mut open: Option<(roxmltree::NodeId, usize)> = None;
        for node in xml.descendants() {
            if let Some((id, _)) = open {
                if !node.ancestors().any(|a| a.id() == id) {
                    open = None;
                    block += 1;
                }
            }
            if !title && is_block(&node) {
                open = Some((node.id(), 0));
            }
            if node.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("pagebreak") {
                let number: usize = node.attribute("aria-label").unwrap().parse().unwrap();
                let place = (!title).then(|| (block, open.map_or(0, |(_, read)| read)));
                let file = name.trim_start_matches("OEBPS/").to_string();
                out.insert(number, (file, node.attribute("id").unwrap().to_string(), place));
            }
            if let Some((_, read)) = &mut open {
                if node.is_text() {
                    *read += node.text().unwrap().chars().count();
                } else if node.has_tag_name("br") {
                    *read += 1;
                }
            }
        }
        if open.is_some() {
            block += 1;
        }
    }
    out
}

#[test]
fn the_epub_marks_and_the_pdf_pages_name_the_same_block_and_offset() {
    for source in fixtures() {
        let (doc, assets) = zhpress::load(Path::new(&source)).unwrap();
        let layout = zhpress::pdf::lay_out(&doc, &assets).unwrap();
        let map = layout.page_map();
        assert!(map.starts.len() > 1, "{source}: a document of several pages");
        // The EPUB gets the page map through the model's types only.
        let bytes = zhpress::epub::render(&doc, &assets, || Ok(map.clone())).unwrap();
        assert_eq!(bytes, zhpress::Target::Epub.render(&doc, &assets).unwrap());
        let pdf = zhpress::pdf::render_laid_out(&doc, &assets, &layout).unwrap();
        let pdf = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = zhpress::verify::pdf::page_texts(&pdf).unwrap();
        assert_eq!(pages.len(), map.starts.len(), "{source}");
        let book = Book::with_assets(doc, assets);
        let marks = marker_places(&book);
        // The page list names every page, in order, at its marker.
        let list: Vec<_> = page_list(&book)
            .into_iter()
            .map(|(label, file, id)| (label.parse::<usize>().unwrap(), (file, id)))
            .collect();
        let placed: Vec<_> = marks
            .iter()
            .map(|(&n, (file, id, _))| (n, (file.clone(), id.clone())))
            .collect();
        assert_eq!(list, placed, "{source}");
        assert_eq!(placed.len(), map.starts.len(), "{source}: one entry per PDF page");
        // Page 1 begins with the title block: its marker opens the title page.
        assert_eq!(list[0].1, ("title.xhtml".to_string(), "page-1".to_string()));
        let texts = book.doc.block_texts();
        let squeeze = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
        let mut body_pages = 0;
        for (i, start) in map.starts.iter().enumerate() {
            let number = i + 1;
            let model::PageStart::Body(at) = start else {
                assert_eq!(
                    marks[&number].2, None,
                    "{source}: page {number} begins in the title block"
                );
                continue;
            };
            body_pages += 1;
            // The EPUB's marker stands at that block and offset …
            assert_eq!(
                marks[&number].2,
                Some((at.block.index(), at.offset)),
                "{source}: page {number}"
            );
            // … and the PDF's page begins with the block's text from there
            // (after an ordered list's number, which is drawn, not text).
            let want = squeeze(
                &texts[at.block.index()]
                    .chars()
                    .skip(at.offset)
                    .collect::<String>(),
            );
            let page = squeeze(&pages[i].content);
            let page = match page.split_once('.') {
                Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) && !want.starts_with(n) => rest,
                _ => &page,
            };
            let n = want.chars().count().min(8);
            let head: String = want.chars().take(n).collect();
            assert!(
                n > 0 && page.starts_with(&head),
                "{source}: page {number} begins `{page:.20}`, block {} at {} reads `{head}`",
                at.block.index(),
                at.offset
            );
        }
        assert!(body_pages > 0, "{source}");
    }
}

/// Runs Ace by DAISY on `bytes` and returns its violations (impact, rule,
/// document); `None` when Ace is not installed (a failure under CI=true).
pub(crate) fn ace(bytes: &[u8], name: &str) -> Option<Vec<String>> {
    let (Some(ace), Some(chromium)) = (common::checker("ace-cli"), common::checker("chromium")) else {
        return None;
    };
    let dir = common::scratch(&format!("ace-{name}"));
    let epub = dir.join(format!("{name}.epub"));
    std::fs::write(&epub, bytes).unwrap();
    let out = Command::new(ace)
        .env(
            "PUPPETEER_EXECUTABLE_PATH",
            std::env::var_os("PUPPETEER_EXECUTABLE_PATH").unwrap_or(chromium.into_os_string()),
        )
        .args(["-f", "-s", "-o"])
        .arg(dir.join("report"))
        .arg(&epub)
        .output()
        .expect("ace-cli runs");
    let report = std::fs::read_to_string(dir.join("report/report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let mut violations = Vec::new();
    for doc in report["assertions"].as_array().unwrap() {
        for a in doc["assertions"].as_array().into_iter().flatten() {
            if a["earl:result"]["earl:outcome"] == "fail" {
                violations.push(format!(
                    "{} {} in {}",
                    a["earl:test"]["earl:impact"],
                    a["earl:test"]["dct:title"],
                    doc["earl:testSubject"]["url"]
                ));
            }
        }
    }
    Some(violations)
}

#[test]
fn ace_finds_no_violation_in_the_summary_or_any_fixture() {
    let mut sources: Vec<(String, Book)> = fixtures()
        .into_iter()
        .map(|source| {
            let (doc, assets) = zhpress::load(Path::new(&source)).unwrap();
            (source, Book::with_assets(doc, assets))
        })
        .collect();
    sources.push(("sample".into(), Book::new(sample())));
    for (source, book) in sources {
        let name = source.replace(['/', '.'], "-");
        let Some(violations) = ace(&book.bytes, &name) else {
            return;
        };
        assert!(
            violations.is_empty(),
            "{source}: Ace reports\n{}",
            violations.join("\n")
        );
    }
}
