//! Integration tests of the EPUB edition: render a document, read the EPUB
//! back (zip, XML, fonts) and compare with the model; run epubcheck.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use zhpress::fonts::Fonts;
use zhpress::input::assets::{Assets, ImageAsset, ImageFormat};
use zhpress::model::{
    self, Block, Document, Figure, Heading, Inline, List, Metadata, Paragraph, Quote, Role, LEVEL2_MARK,
};

const EPOCH: i64 = 1_700_000_000; // 2023-11-14T22:13:20Z

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn heading(level: u8, s: &str) -> Block {
    Block::Heading(Heading {
        level,
        number: vec![],
        id: String::new(),
        content: vec![text(s)],
        line: 1,
    })
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph { content, line: 1 })
}

fn figure(src: &str, caption: &str) -> Block {
    Block::Figure(Figure {
        number: 0,
        src: src.into(),
        caption: vec![text(caption)],
        credit: Some("本报记者 齐波 摄".into()),
        line: 1,
    })
}

/// A document shaped like the summary, with markup characters in every
/// kind of text.
fn sample() -> Document {
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

fn assets(doc: &Document) -> Assets {
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
struct Book {
    doc: Document,
    assets: Assets,
    bytes: Vec<u8>,
    entries: BTreeMap<String, Vec<u8>>,
}

impl Book {
    fn new(doc: Document) -> Book {
        let assets = assets(&doc);
        Book::with_assets(doc, assets)
    }

    fn with_assets(doc: Document, assets: Assets) -> Book {
        let bytes = zhpress::epub::render(&doc, &assets).unwrap();
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

    fn text(&self, name: &str) -> &str {
        let data = self.entries.get(name).unwrap_or_else(|| panic!("no {name}"));
        std::str::from_utf8(data).unwrap()
    }

    fn xml(&self, name: &str) -> roxmltree::Document<'_> {
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
    fn spine(&self) -> Vec<String> {
        let manifest = self.manifest();
        let opf = self.xml("OEBPS/content.opf");
        opf.descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .map(|n| format!("OEBPS/{}", manifest[n.attribute("idref").unwrap()].0))
            .collect()
    }
}

fn node_text(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn in_title_page(n: roxmltree::Node) -> bool {
    n.ancestors().any(|a| a.attribute("class") == Some("titlepage"))
}

fn check_package(book: &Book) {
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
    let all: Vec<String> = expected.into_iter().map(|e| e.1).collect();
    assert_eq!(labels, all);
}

fn check_blocks(book: &Book) {
    let mut texts = Vec::new();
    let mut strong = Vec::new();
    for name in book.spine() {
        let xml = book.xml(&name);
        for n in xml.descendants().filter(|n| !in_title_page(*n)) {
            match n.tag_name().name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "figcaption" => texts.push(node_text(n)),
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
    let mut model_strong = Vec::new();
    model::walk(&book.doc.blocks, &mut |b| {
        if let Block::Paragraph(p) = b {
            for i in &p.content {
                if let Inline::Strong(c) = i {
                    model_strong.push(model::plain_text(c));
                }
            }
        }
    });
    assert_eq!(strong, model_strong);
    // The title page shows the front matter.
    let title = book.xml("OEBPS/title.xhtml");
    let shown: Vec<String> = title
        .descendants()
        .filter(|n| n.is_element() && in_title_page(*n) && n.has_attribute("class"))
        .filter(|n| n.attribute("class") != Some("titlepage"))
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

fn check_figures(book: &Book) {
    let assets = &book.assets;
    let mut found = Vec::new();
    for name in book.spine() {
        let xml = book.xml(&name);
        for fig in xml.descendants().filter(|n| n.has_tag_name("figure")) {
            let img = fig.descendants().find(|n| n.has_tag_name("img")).unwrap();
            let caption = fig.descendants().find(|n| n.has_tag_name("figcaption")).unwrap();
            let src = img.attribute("src").unwrap();
            found.push((
                node_text(caption),
                img.attribute("alt").unwrap().to_string(),
                book.entries[&format!("OEBPS/{src}")].clone(),
            ));
        }
    }
    let expected: Vec<_> = book
        .doc
        .figures()
        .iter()
        .map(|f| {
            (
                f.caption_line(),
                f.caption_text(),
                assets.images[&f.src].data.clone(),
            )
        })
        .collect();
    assert_eq!(found, expected);
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
    // epub-builder 0.8.3 gives dc:language and dc:creator the same id; every
    // id in the package must be unique (epubcheck RSC-005).
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
    let a = zhpress::epub::render(&doc, &assets(&doc)).unwrap();
    let b = zhpress::epub::render(&doc, &assets(&doc)).unwrap();
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
    assert!(zhpress::epub::render(&doc, &later).unwrap() != a);
}

fn check_fonts(book: &Book) {
    let assets = &book.assets;
    let css = book.text("OEBPS/stylesheet.css");
    let fonts: Vec<(String, String)> = book
        .manifest()
        .values()
        .filter(|(_, media, _)| media == "font/ttf")
        .map(|(href, _, _)| (href.clone(), format!("OEBPS/{href}")))
        .collect();
    assert_eq!(fonts.len(), 3);
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
    runs.extend(figures.iter().map(|f| (Role::Caption, f.caption_line())));
    for (role, text) in runs {
        let face = assets.fonts.for_role(role);
        let data = &book.entries[&format!("OEBPS/fonts/{}", face.file_name)];
        assert!(data.len() < face.data.len() / 20);
        let sub = ttf_parser::Face::parse(data, 0).unwrap();
        for ch in text.chars() {
            assert!(sub.glyph_index(ch).is_some(), "{ch:?} in {}", face.file_name);
        }
    }
    assert!(css.contains("h2::before {\n  content: \"\\25A0\";"));
    for rule in ["text-indent: 2em", "text-align: justify", "line-break: strict"] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(!css.contains("background"));
}

/// Runs epubcheck on `bytes`; a missing epubcheck fails under CI=true and
/// is skipped loudly otherwise.
fn epubcheck(bytes: &[u8], name: &str) {
    let Some(jar) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("epubcheck"))
            .find(|p| p.exists())
    }) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("epubcheck is not installed (CI=true)");
        }
        eprintln!("SKIPPED: epubcheck not installed");
        return;
    };
    let path: PathBuf = std::env::temp_dir().join(format!("zhpress-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    // Debian installs the jar itself as `epubcheck`; elsewhere it is a script.
    let is_jar = std::fs::read(&jar).is_ok_and(|d| d.starts_with(b"PK"));
    let mut cmd = if is_jar {
        let mut c = Command::new("java");
        c.arg("-jar").arg(&jar);
        c
    } else {
        Command::new(&jar)
    };
    let out = cmd.arg(&path).output().expect("epubcheck runs");
    std::fs::remove_file(&path).ok();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.contains("No errors or warnings detected"),
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
        .map(|a| (node_text(a), a.attribute("href").unwrap().to_string()))
        .collect();
    let title = (book.doc.meta.title.clone(), "title.xhtml".to_string());
    let body = ("正文".to_string(), "opening.xhtml".to_string());
    assert_eq!(links, [title.clone(), title, body]);
    check_blocks(&book);
    check_figures(&book);
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
    check_figures(&Book::new(sample()));
}

#[test]
fn fonts_are_subsets_that_draw_every_character() {
    check_fonts(&Book::new(sample()));
}

#[test]
fn every_xml_entry_parses_and_the_manifest_matches_the_archive() {
    check_package(&Book::new(sample()));
}

/// The fixtures every edition is built from.
const FIXTURES: [&str; 2] = ["source/summary.md", "tests/fixtures/mixed.md"];

#[test]
fn every_fixture_reads_back_as_its_model_and_passes_epubcheck() {
    for source in FIXTURES {
        let (doc, assets) = zhpress::load(Path::new(source)).unwrap();
        let book = Book::with_assets(doc, assets);
        assert!(
            book.bytes.len() <= 1_500_000,
            "{source}: {} bytes",
            book.bytes.len()
        );
        check_package(&book);
        check_nav(&book);
        check_blocks(&book);
        check_figures(&book);
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
