//! Pictures in the EPUB (the fixture `pictures.md`: an uncaptioned
//! screenshot, a decorative rule, a row of two captioned photos, an icon
//! inside a sentence, a GIF): each read back from the XHTML — element,
//! text alternative, image bytes and name, the row's widths — and compared
//! with the model; images stored once; the print pages' markers beside the
//! pictures; punctuation around a picture; `verify` reading the pictures;
//! the stylesheet; epubcheck and Ace.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::Node;

use crate::common;
use crate::epub::{
    ace, check_blocks, check_package, epubcheck, marker_places, meta_values, node_text, para, text, Book,
};

use zhpress::input::assets::Assets;
use zhpress::model::{
    self, Block, BlockId, Document, Figure, Inline, InlineImage, PageMap, PageStart, TextPosition,
};
use zhpress::verify::{self, Expected};

const FIXTURE: &str = "tests/fixtures/pictures.md";

/// The fixture's model and assets.
fn fixture() -> (Document, Assets) {
    zhpress::load(Path::new(FIXTURE)).unwrap()
}

fn body(block: u32, offset: usize) -> PageStart {
    PageStart::Body(TextPosition {
        block: BlockId(block),
        offset,
    })
}

/// The fixture's print pages as these tests give them (not laid out, so
/// the EPUB is tested alone): the title page; the body; a page that begins
/// with the second picture of the row (its caption, block 6); one that
/// begins with the icon (block 8, after `文件右上角加盖`); one with 图3.
fn pages() -> PageMap {
    PageMap {
        starts: vec![
            PageStart::Title(0),
            body(0, 0),
            body(6, 0),
            body(8, 7),
            body(10, 0),
        ],
    }
}

/// The EPUB of `doc` with the print pages of `map`.
fn book_with(doc: Document, assets: Assets, map: &PageMap) -> Book {
    let bytes = zhpress::epub::render(&doc, &assets, || Ok(map.clone())).unwrap();
    Book::read(doc, assets, bytes)
}

fn fixture_book() -> Book {
    let (doc, assets) = fixture();
    book_with(doc, assets, &pages())
}

fn classes<'a>(n: Node<'a, '_>) -> Vec<&'a str> {
    n.attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

/// The names the book must give the images: `figure-N` after the first
/// numbered figure showing one, `picture-K` for the others in reading
/// order, with the stored format's extension.
fn expected_names(book: &Book) -> BTreeMap<String, String> {
    let mut numbers = BTreeMap::new();
    for f in book.doc.figures() {
        if let Some(n) = f.number() {
            numbers.entry(f.src.clone()).or_insert(n);
        }
    }
    let mut k = 0;
    let mut out = BTreeMap::new();
    for (src, _) in book.doc.image_sources() {
        let ext = book.assets.images[src].format.extension();
        let name = match numbers.get(src) {
            Some(n) => format!("images/figure-{n}.{ext}"),
            None => {
                k += 1;
                format!("images/picture-{k}.{ext}")
            }
        };
        out.insert(src.to_string(), name);
    }
    out
}

/// Checks an `<img>` against the picture `src` with text alternative
/// `alt` (`None`: decorative; a captioned figure's is empty too, but not
/// presentational): its stored name, bytes, pixel size and alternative.
fn check_img(book: &Book, img: Node, src: &str, alt: Option<&str>, captioned: bool, what: &str) {
    let names = expected_names(book);
    let href = img.attribute("src").unwrap();
    assert_eq!(href, names[src], "{what}");
    let asset = &book.assets.images[src];
    assert!(
        book.entries[&format!("OEBPS/{href}")] == asset.data,
        "{what}: the stored image is the loaded one"
    );
    assert_eq!(
        img.attribute("width"),
        Some(asset.width.to_string().as_str()),
        "{what}"
    );
    assert_eq!(
        img.attribute("height"),
        Some(asset.height.to_string().as_str()),
        "{what}"
    );
    assert_eq!(img.attribute("alt"), Some(alt.unwrap_or_default()), "{what}: alt");
    let role = (alt.is_none() && !captioned).then_some("presentation");
    assert_eq!(img.attribute("role"), role, "{what}: role");
}

/// The share of a row figure's `style` property `name` (`width: 47.5%`).
fn style_percent(figure: Node, name: &str) -> Option<f64> {
    figure.attribute("style")?.split(';').find_map(|decl| {
        let (k, v) = decl.split_once(':')?;
        (k.trim() == name).then(|| v.trim().trim_end_matches('%').parse().unwrap())
    })
}

/// Checks every picture of `book` against its model: each block picture's
/// `<figure>` (captioned: `fig-N`, labelled by its caption line, `alt=""`;
/// uncaptioned: `class="picture"`, its alternative; decorative: `alt=""`,
/// `role="presentation"`), whether it stands in the row box, the row's
/// widths (one height, filling the row); each picture inside text an
/// `img.inline` in its paragraph; every image stored once.
pub(crate) fn check_pictures(book: &Book) {
    let docs: Vec<roxmltree::Document> = book.spine().iter().map(|name| book.xml(name)).collect();
    let figures: Vec<Node> = docs
        .iter()
        .flat_map(|d| d.descendants().filter(|n| n.has_tag_name("figure")))
        .collect();
    let mut in_rows = Vec::new();
    model::walk(&book.doc.blocks, &mut |b| match b {
        Block::Figure(_) => in_rows.push(false),
        Block::FigureRow(r) => in_rows.extend(r.figures.iter().map(|_| true)),
        _ => {}
    });
    let model_figures = book.doc.figures();
    assert_eq!(figures.len(), model_figures.len(), "figures");
    for ((fig, f), in_row) in figures.iter().zip(&model_figures).zip(in_rows) {
        let what = f.name();
        let img = fig.children().find(|n| n.has_tag_name("img")).unwrap();
        let caption = fig.children().find(|n| n.has_tag_name("figcaption"));
        match &f.caption {
            Some(c) => {
                let caption = caption.unwrap_or_else(|| panic!("{what}: no figcaption"));
                assert_eq!(node_text(caption), c.line(), "{what}");
                assert_eq!(fig.attribute("id"), Some(format!("fig-{}", c.number).as_str()));
                assert_eq!(
                    fig.attribute("aria-labelledby"),
                    caption.attribute("id"),
                    "{what}"
                );
                check_img(book, img, &f.src, None, true, &what);
            }
            None => {
                assert!(
                    caption.is_none(),
                    "{what}: an uncaptioned picture has no figcaption"
                );
                assert_eq!(classes(*fig), ["picture"], "{what}");
                assert_eq!(fig.attribute("aria-labelledby"), None, "{what}");
                let hidden = f.is_decorative().then_some("true");
                assert_eq!(fig.attribute("aria-hidden"), hidden, "{what}");
                check_img(book, img, &f.src, f.alt.as_deref(), false, &what);
            }
        }
        let parent = fig.parent_element().unwrap();
        assert_eq!(classes(parent) == ["figure-row"], in_row, "{what}: in a row");
    }
    let mut rows = Vec::new();
    model::walk(&book.doc.blocks, &mut |b| {
        if let Block::FigureRow(r) = b {
            rows.push(r.figures.clone());
        }
    });
    let boxes: Vec<Node> = docs
        .iter()
        .flat_map(|d| d.descendants().filter(|n| classes(*n) == ["figure-row"]))
        .collect();
    assert_eq!(boxes.len(), rows.len(), "rows");
    for (row_box, row) in boxes.iter().zip(&rows) {
        check_row(book, *row_box, row);
    }
    let inline: Vec<Node> = docs
        .iter()
        .flat_map(|d| {
            d.descendants()
                .filter(|n| n.has_tag_name("img") && classes(*n) == ["inline"])
        })
        .collect();
    let model_inline = book.doc.inline_images();
    assert_eq!(inline.len(), model_inline.len(), "pictures inside text");
    for (img, (i, _)) in inline.iter().zip(&model_inline) {
        let what = format!("picture `{}` inside text", i.src);
        assert!(
            img.ancestors().any(|a| a.has_tag_name("p")),
            "{what}: in its paragraph"
        );
        assert!(!img.ancestors().any(|a| a.has_tag_name("figure")), "{what}");
        check_img(book, *img, &i.src, i.alt_text(), false, &what);
    }
    // Every image once, however often shown: the manifest's images are
    // the distinct sources and the cover.
    let opf = book.xml("OEBPS/content.opf");
    let mut hrefs: Vec<&str> = opf
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .filter(|n| n.attribute("media-type").unwrap().starts_with("image/"))
        .filter(|n| n.attribute("properties") != Some("cover-image"))
        .map(|n| n.attribute("href").unwrap())
        .collect();
    hrefs.sort_unstable();
    let mut want: Vec<String> = expected_names(book).into_values().collect();
    want.sort_unstable();
    assert_eq!(hrefs, want);
}

/// A row's figures: each as wide as its picture at one common height, the
/// widths and the gaps between them (one body em of the 38-em measure)
/// filling the row.
fn check_row(book: &Book, row_box: Node, row: &[Figure]) {
    let figures: Vec<Node> = row_box.children().filter(|n| n.has_tag_name("figure")).collect();
    assert_eq!(figures.len(), row.len());
    let mut total = 0.0;
    let mut heights = Vec::new();
    for (k, (fig, f)) in figures.iter().zip(row).enumerate() {
        let width = style_percent(*fig, "width").unwrap_or_else(|| panic!("{}: no width", f.name()));
        let gap = style_percent(*fig, "margin-left");
        assert_eq!(
            gap.is_some(),
            k > 0,
            "{}: a gap before all but the first",
            f.name()
        );
        let gap = gap.unwrap_or(0.0);
        if k > 0 {
            assert!((gap - 100.0 / 38.0).abs() < 0.01, "gap {gap}%");
        }
        let asset = &book.assets.images[&f.src];
        heights.push(width * f64::from(asset.height) / f64::from(asset.width));
        total += width + gap;
    }
    assert!(
        (total - 100.0).abs() < 0.02,
        "the row fills the measure: {total}%"
    );
    for h in &heights {
        assert!((h - heights[0]).abs() < 0.02, "one height: {heights:?}");
    }
}

#[test]
fn every_picture_reads_back_as_its_model() {
    let book = fixture_book();
    check_package(&book);
    check_blocks(&book);
    check_pictures(&book);
    // The GIF is stored as the PNG it was converted to.
    let names = expected_names(&book);
    assert_eq!(names["images/chart.gif"], "images/figure-3.png");
    assert_eq!(names["images/screenshot.png"], "images/picture-1.png");
    assert_eq!(names["images/icon.png"], "images/picture-3.png");
    let again = fixture_book();
    assert!(again.bytes == book.bytes, "two builds differ");
}

#[test]
fn verify_reads_the_pictures_back_and_names_a_changed_one() {
    let book = fixture_book();
    let reading = verify::epub::read(&book.bytes).unwrap();
    assert_eq!(reading.pictures.as_ref(), Some(&book.doc.picture_shapes()));
    let expected = Expected::from_model(&book.doc);
    let diffs = verify::compare(&expected, &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");

    let dir = common::scratch("epub-pictures-changed");
    let changed = |name: &str, file: &str, from: &str, to: &str| -> Vec<String> {
        let path = dir.path().join(name);
        std::fs::write(&path, &book.bytes).unwrap();
        common::edit_zip(&path, file, |x| common::replaced(&x, from, to));
        let reading = verify::epub::read(&std::fs::read(&path).unwrap()).unwrap();
        verify::compare(&expected, &reading)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let diffs = changed(
        "alt.epub",
        "OEBPS/sec-1.xhtml",
        "alt=\"工作台页面截图",
        "alt=\"首页截图",
    );
    assert!(
        diffs
            .iter()
            .any(|d| d.contains("picture 1") && d.contains("首页截图")),
        "{diffs:#?}"
    );
    let diffs = changed(
        "row.epub",
        "OEBPS/sec-2.xhtml",
        "<div class=\"figure-row\">",
        "<div class=\"figures\">",
    );
    assert!(
        diffs
            .iter()
            .any(|d| d.contains("picture 3") && d.contains("图1, in a row") && d.contains("图1, alone")),
        "{diffs:#?}"
    );
    let diffs = changed("icon.epub", "OEBPS/sec-2.xhtml", "alt=\"红色印章\"", "alt=\"\"");
    assert!(
        diffs
            .iter()
            .any(|d| d.contains("picture 5") && d.contains("decorative, inside text")),
        "{diffs:#?}"
    );
}

#[test]
fn the_print_pages_markers_stand_before_the_pictures_they_begin_with() {
    let book = fixture_book();
    let marks = marker_places(&book);
    let place = |n: usize| marks[&n].2;
    // Page 3 begins with the row's second caption, page 4 inside the
    // icon's paragraph, at the icon.
    assert_eq!(place(3), Some((6, 0)));
    assert_eq!(place(4), Some((8, 7)));
    let xml = book.xml("OEBPS/sec-2.xhtml");
    let marker = |n: &str| {
        xml.descendants()
            .find(|d| d.attribute("id") == Some(n))
            .unwrap_or_else(|| panic!("no marker {n}"))
    };
    fn next<'a, 'i>(n: Node<'a, 'i>) -> Node<'a, 'i> {
        n.next_sibling_element().unwrap()
    }
    // Inside the row, before the second figure.
    let page3 = marker("page-3");
    assert_eq!(classes(page3.parent_element().unwrap()), ["figure-row"]);
    assert_eq!(next(page3).attribute("id"), Some("fig-2"));
    // Right before the icon.
    assert_eq!(classes(next(marker("page-4"))), ["inline"]);
}

/// A paragraph with pictures inside its text: `甲》[icon]《乙` and the same
/// icon again, decorative, after `”`.
fn icon_doc() -> (Document, Assets) {
    let (fixture, assets) = fixture();
    let icon = |alt: &str| {
        Inline::Image(InlineImage {
            src: "images/icon.png".into(),
            alt: alt.into(),
        })
    };
    let mut blocks = vec![
        crate::epub::heading(1, "图标"),
        para(vec![
            text("甲》"),
            icon("印章"),
            text("《乙。“丙”"),
            icon(""),
            text("，丁。"),
        ]),
        Block::Figure(Figure::captioned(
            "images/landscape.jpg".into(),
            vec![text("调研")],
            None,
            1,
        )),
        Block::Figure(Figure::uncaptioned(
            "images/landscape.jpg".into(),
            Some("同一张照片".into()),
            1,
        )),
    ];
    model::number(&mut blocks);
    let doc = Document { blocks, ..fixture };
    (doc, assets)
}

#[test]
fn a_picture_parts_the_marks_around_it_and_an_image_shown_twice_is_stored_once() {
    let (doc, assets) = icon_doc();
    let map = PageMap {
        starts: vec![PageStart::Title(0), body(0, 0)],
    };
    let book = book_with(doc, assets, &map);
    check_blocks(&book);
    check_pictures(&book);
    let xhtml = book.text("OEBPS/sec-1.xhtml");
    // `》` and `《` are not adjacent: the icon stands between them. `”` and
    // `，` are (a decorative icon between them still parts them).
    assert!(xhtml.contains("甲》<img class=\"inline\""), "{xhtml}");
    assert!(
        xhtml.contains("/>《乙。<span class=\"pair\">“</span>丙”<img"),
        "{xhtml}"
    );
    assert!(xhtml.contains("alt=\"\" role=\"presentation\""), "{xhtml}");
    let names = expected_names(&book);
    assert_eq!(names["images/landscape.jpg"], "images/figure-1.jpg");
    assert_eq!(names["images/icon.png"], "images/picture-1.png");
    // Four pictures of two images: two files.
    let xml = book.xml("OEBPS/sec-1.xhtml");
    assert_eq!(xml.descendants().filter(|n| n.has_tag_name("img")).count(), 4);
    assert_eq!(names.len(), 2);
    epubcheck(&book.bytes, "icons.epub");
}

#[test]
fn the_stylesheet_sets_rows_and_inline_pictures_only_in_a_book_that_has_them() {
    let css = fixture_book().text("OEBPS/stylesheet.css").to_string();
    for rule in [
        "div.figure-row {\n  display: flex;",
        "div.figure-row img {\n  width: 100%;",
        "@media (max-width: 20em) {",
        "img.inline {\n  width: auto;\n  height: 1em;\n  vertical-align: -0.12em;\n}",
    ] {
        assert!(css.contains(rule), "{rule}\n{css}");
    }
    let (doc, assets) = icon_doc();
    let css = book_with(doc, assets, &pages())
        .text("OEBPS/stylesheet.css")
        .to_string();
    assert!(
        css.contains("img.inline {") && !css.contains("figure-row"),
        "{css}"
    );
    let plain = Book::new(crate::epub::sample());
    let css = plain.text("OEBPS/stylesheet.css");
    assert!(
        !css.contains("figure-row") && !css.contains("img.inline"),
        "{css}"
    );
}

#[test]
fn the_accessibility_metadata_says_pictures_are_described_by_their_alt() {
    let book = fixture_book();
    assert_eq!(meta_values(&book, "schema:accessMode"), ["textual", "visual"]);
    let features = meta_values(&book, "schema:accessibilityFeature");
    assert!(features.iter().any(|f| f == "alternativeText"), "{features:?}");
    let summary = &meta_values(&book, "schema:accessibilitySummary")[0];
    assert!(
        summary.contains("替代文字") && summary.contains("装饰"),
        "{summary}"
    );
    // A book of captioned figures only says what it said before.
    let plain = Book::new(crate::epub::sample());
    let features = meta_values(&plain, "schema:accessibilityFeature");
    assert!(!features.iter().any(|f| f == "alternativeText"), "{features:?}");
    let summary = &meta_values(&plain, "schema:accessibilitySummary")[0];
    assert!(
        summary.contains("每幅图片均有图注") && !summary.contains("替代文字"),
        "{summary}"
    );
}

#[test]
fn the_fixture_passes_epubcheck_and_ace() {
    let book = fixture_book();
    epubcheck(&book.bytes, "pictures.epub");
    if let Some(violations) = ace(&book.bytes, "pictures") {
        assert!(violations.is_empty(), "Ace reports\n{}", violations.join("\n"));
    }
}

/// A box as the measuring script gives it, in CSS px.
#[derive(Debug, serde::Deserialize)]
struct Rect {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

#[derive(Debug, serde::Deserialize)]
struct MeasuredFigure {
    image: Rect,
    caption: Option<Rect>,
}

#[derive(Debug, serde::Deserialize)]
struct MeasuredRow {
    #[serde(rename = "box")]
    row: Rect,
    figures: Vec<MeasuredFigure>,
}

#[derive(Debug, serde::Deserialize)]
struct MeasuredInline {
    height: f64,
    em: f64,
    paragraph: f64,
    without: f64,
}

/// What `tests/engines/picture_measure.js` reports of a chapter.
#[derive(Debug, serde::Deserialize)]
struct Measured {
    rows: Vec<MeasuredRow>,
    inline: Vec<MeasuredInline>,
}

/// The chapter with the row and the icon, unpacked into `dir` with the
/// measuring script at the end of its body and the body `width` px wide;
/// returns the page's path.
fn measured_page(dir: &Path, width: u32) -> std::path::PathBuf {
    let book = fixture_book();
    for (name, data) in &book.entries {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, data).unwrap();
    }
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engines/picture_measure.js"),
    )
    .unwrap();
    let xhtml = common::replaced(
        book.text("OEBPS/sec-2.xhtml"),
        "</head>",
        &format!("<style>body {{ width: {width}px; }}</style>\n</head>"),
    );
    let xhtml = common::replaced(
        &xhtml,
        "</body>",
        &format!("<script>//<![CDATA[\n{script}//]]></script>\n</body>"),
    );
    let page = dir.join("OEBPS/measure.xhtml");
    std::fs::write(&page, xhtml).unwrap();
    page
}

/// As a reader sees it: the row's pictures side by side at one height,
/// filling the row, each caption under its own picture; the icon one em
/// high, its paragraph no taller than with a character in its place.
fn check_measured(engine: &str, m: &Measured) {
    eprintln!("{engine}: {m:?}");
    assert_eq!(m.rows.len(), 1, "{engine}");
    let row = &m.rows[0];
    let [a, b] = &row.figures[..] else {
        panic!("{engine}: {row:?}")
    };
    let height = |f: &MeasuredFigure| f.image.bottom - f.image.top;
    assert!((a.image.top - b.image.top).abs() < 1.0, "{engine}: tops {row:?}");
    assert!((height(a) - height(b)).abs() < 1.0, "{engine}: heights {row:?}");
    assert!(a.image.right < b.image.left, "{engine}: side by side {row:?}");
    assert!(
        (a.image.left - row.row.left).abs() < 1.0 && (b.image.right - row.row.right).abs() < 1.0,
        "{engine}: the row fills the measure {row:?}"
    );
    for f in [a, b] {
        let c = f.caption.as_ref().unwrap();
        assert!(
            c.top >= f.image.bottom,
            "{engine}: caption under its picture {row:?}"
        );
        assert!(
            c.left >= f.image.left - 0.5 && c.right <= f.image.right + 0.5,
            "{engine}: caption within its picture's width {row:?}"
        );
    }
    assert_eq!(m.inline.len(), 1, "{engine}");
    let icon = &m.inline[0];
    assert!((icon.height - icon.em).abs() < 0.5, "{engine}: {icon:?}");
    assert!((icon.paragraph - icon.without).abs() < 0.5, "{engine}: {icon:?}");
}

/// The figures the measuring script wrote into the page `dom`.
fn measured(dom: &str) -> Measured {
    let json = dom
        .rsplit_once("id=\"zhpress-measure\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| {
            json.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| panic!("the page has no measure:\n{dom:.2000}"));
    serde_json::from_str(&json).unwrap()
}

#[test]
fn chromium_sets_the_row_at_one_height_and_the_icon_on_the_line() {
    let Some(chromium) = common::checker("chromium") else {
        return;
    };
    let dir = common::scratch("epub-pictures-chromium");
    let page = measured_page(dir.path(), 600);
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=700,900",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    check_measured("Chromium", &measured(&String::from_utf8_lossy(&out.stdout)));
}

#[test]
fn firefox_sets_the_row_at_one_height_and_the_icon_on_the_line() {
    let (Some(_), Some(python)) = (common::checker("firefox-esr"), common::python_module("socket")) else {
        return;
    };
    let dir = common::scratch("epub-pictures-firefox");
    let page = measured_page(dir.path(), 600);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engines/firefox_measure.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(dir.path())
        .arg(&page)
        .output()
        .expect("the Firefox script runs");
    let json = String::from_utf8_lossy(&out.stdout);
    let m: Measured = serde_json::from_str(json.trim())
        .unwrap_or_else(|e| panic!("{e}: {json}{}", String::from_utf8_lossy(&out.stderr)));
    check_measured("Firefox", &m);
}
