//! Tables in the EPUB: each `<table>` read back from the XHTML (caption,
//! header rows, `th` scopes, spans, alignment, notes) and compared with the
//! model; the page markers of pages that begin inside a table; the house
//! rules in the stylesheet; `verify` reading the tables; epubcheck and Ace.

use std::collections::BTreeMap;

use roxmltree::Node;

use crate::common;
use crate::epub::{
    ace, check_blocks, check_fonts, check_package, epubcheck, heading, node_text, para, text, Book,
};

use zhpress::model::table::{Scope, TableRules};
use zhpress::model::{
    self, Align, BlockId, Cell, Column, Document, Inline, Metadata, PageMap, PageStart, Paragraph, Row,
    Table, TableCaption, TextPosition,
};
use zhpress::verify::{self, Expected};

fn cell(content: Vec<Inline>) -> Cell {
    Cell::new(content)
}

fn plain(s: &str) -> Cell {
    cell(vec![text(s)])
}

fn spanning(s: &str, row_span: u32, col_span: u32) -> Cell {
    Cell {
        row_span,
        col_span,
        ..plain(s)
    }
}

fn row(cells: Vec<Cell>) -> Row {
    Row { cells, line: 1 }
}

fn caption(s: &str) -> Option<TableCaption> {
    Some(TableCaption {
        number: 0,
        content: vec![text(s)],
        block: BlockId::default(),
        line: 1,
    })
}

fn note(s: &str) -> Paragraph {
    Paragraph {
        content: vec![text(s)],
        line: 1,
        block: BlockId::default(),
    }
}

fn column(align: Align) -> Column {
    Column { align, width: None }
}

/// The fixture's four kinds of table: (a) captioned, four aligned columns,
/// bold and a link in cells, row labels; (b) a long one; (c) a header cell
/// over two columns, a row label over two rows, two notes; (d) uncaptioned,
/// a line break in a cell, column widths; and (e) a wide one.
fn tables_doc(rules: TableRules, long_rows: usize) -> Document {
    let strong = |s: &str| cell(vec![Inline::Strong(vec![text(s)])]);
    let a = Table {
        caption: caption("2022年提案办理情况（“双周协商”）"),
        columns: vec![
            column(Align::Left),
            column(Align::Right),
            column(Align::Center),
            column(Align::Default),
        ],
        head: vec![row(vec![
            plain("类别"),
            plain("件数"),
            plain("占比"),
            plain("说明"),
        ])],
        body: vec![
            row(vec![
                strong("经济"),
                plain("1,234"),
                plain("45.6%"),
                cell(vec![
                    text("详见"),
                    Inline::Link {
                        url: "https://www.cppcc.gov.cn/".into(),
                        content: vec![text("网站")],
                    },
                    text("。"),
                ]),
            ]),
            row(vec![
                strong("社会"),
                plain("987"),
                plain("36.1%"),
                cell(vec![Inline::Strong(vec![text("重点")]), text("督办。")]),
            ]),
            row(vec![plain("其他"), plain("512"), plain("18.3%"), plain("")]),
        ],
        notes: vec![],
        line: 1,
    };
    let b = Table {
        caption: caption("历次会议"),
        columns: vec![column(Align::Right), column(Align::Default)],
        head: vec![row(vec![plain("序号"), plain("会议")])],
        body: (1..=long_rows)
            .map(|i| row(vec![plain(&i.to_string()), plain(&format!("第{i}次主席会议"))]))
            .collect(),
        notes: vec![],
        line: 1,
    };
    let c = Table {
        caption: caption("提案办理"),
        columns: vec![column(Align::Default), column(Align::Right), column(Align::Right)],
        head: vec![
            row(vec![spanning("项目", 2, 1), spanning("数量", 1, 2)]),
            row(vec![plain("立案"), plain("办结")]),
        ],
        body: vec![
            row(vec![spanning("2018—2019年", 2, 1), plain("5"), plain("5")]),
            row(vec![plain("6"), plain("6")]),
        ],
        notes: vec![
            note("注：办结率按当年立案数计。"),
            note("资料来源：全国政协提案委员会。"),
        ],
        line: 1,
    };
    let d = Table {
        caption: None,
        columns: vec![
            Column {
                align: Align::Default,
                width: Some(0.3),
            },
            Column {
                align: Align::Default,
                width: Some(0.7),
            },
        ],
        head: vec![],
        body: vec![row(vec![
            plain("地点"),
            cell(vec![text("北京"), Inline::LineBreak, text("上海")]),
        ])],
        notes: vec![],
        line: 1,
    };
    // Ten columns of figures: wider than a phone's screen however its cells
    // break, so its box must scroll there.
    let heads = [
        "界别",
        "委员人数",
        "提案件数",
        "立案件数",
        "办结件数",
        "发言次数",
        "视察次数",
        "调研次数",
        "座谈次数",
        "信息篇数",
    ];
    let e = Table {
        caption: caption("各界别履职情况"),
        columns: vec![column(Align::Right); heads.len()],
        head: vec![row(heads.iter().map(|h| plain(h)).collect())],
        body: (1..=3)
            .map(|i| {
                let figures = (1..heads.len()).map(|k| plain(&format!("{},{:03}", 10 + i * k, 7 * i * k)));
                row(std::iter::once(plain(&format!("第{i}界别")))
                    .chain(figures)
                    .collect())
            })
            .collect(),
        notes: vec![],
        line: 1,
    };
    let mut blocks = vec![
        heading(1, "表格"),
        para(vec![text("正文段落。")]),
        model::Block::Table(a),
        para(vec![text("两表之间。")]),
        model::Block::Table(b),
        model::Block::Table(c),
        model::Block::Table(d),
        model::Block::Table(e),
        heading(1, "结尾"),
        para(vec![text("结尾。")]),
    ];
    model::number(&mut blocks);
    Document {
        source_name: "tables.md".into(),
        meta: Metadata {
            subtitle: Some("表格的样张".into()),
            author: Some("全国政协办公厅".into()),
            table_rules: rules,
            ..Metadata::titled("表格")
        },
        blocks,
    }
}

/// The EPUB of `doc`, with a page list of two pages (the title page, then
/// the body): given here, not laid out, so these tests read the EPUB alone;
/// `epub.rs` marks the PDF's own pages in every fixture's book.
fn book(doc: Document) -> Book {
    let first = BlockId::default();
    book_with_pages(
        doc,
        &PageMap {
            starts: vec![PageStart::Title(0), at(first, 0)],
        },
    )
}

/// The EPUB of `doc` with the print pages of `map`.
fn book_with_pages(doc: Document, map: &PageMap) -> Book {
    let assets = crate::epub::assets(&doc);
    let bytes = zhpress::epub::render(&doc, &assets, || Ok(map.clone())).unwrap();
    Book::read(doc, assets, bytes)
}

/// The `<table>` elements of the content documents `docs`, in reading
/// order.
fn tables_of<'a>(docs: &'a [roxmltree::Document<'a>]) -> Vec<Node<'a, 'a>> {
    docs.iter()
        .flat_map(|d| d.descendants().filter(|n| n.has_tag_name("table")))
        .collect()
}

fn documents(book: &Book) -> Vec<roxmltree::Document<'_>> {
    book.spine().iter().map(|name| book.xml(name)).collect()
}

fn elements<'a>(n: Node<'a, 'a>, tag: &'a str) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    n.children().filter(move |c| c.has_tag_name(tag))
}

/// Checks every `<table>` of `book` against its model: caption (first, the
/// caption line, labelling the box), header rows in `<thead>`, each cell's
/// element, scope, spans, alignment class and text, the notes in the box.
fn check_tables(book: &Book) {
    let docs = documents(book);
    let found = tables_of(&docs);
    let model = book.doc.tables();
    assert_eq!(found.len(), model.len());
    for (k, (table, t)) in found.iter().zip(&model).enumerate() {
        let what = format!("table {}", k + 1);
        let first = table.children().find(Node::is_element).unwrap();
        let wrapper = table.parent_element().unwrap();
        assert_eq!(wrapper.attribute("class"), Some("table"), "{what}");
        assert_eq!(
            wrapper.attribute("tabindex"),
            Some("0"),
            "{what}: a box that scrolls is focusable"
        );
        match &t.caption {
            Some(c) => {
                assert!(first.has_tag_name("caption"), "{what}: the caption comes first");
                assert_eq!(node_text(first), c.line(), "{what}");
                assert_eq!(wrapper.attribute("role"), Some("region"), "{what}");
                assert_eq!(
                    wrapper.attribute("aria-labelledby"),
                    first.attribute("id"),
                    "{what}"
                );
            }
            None => assert!(elements(*table, "caption").next().is_none(), "{what}"),
        }
        let head: Vec<Node> = elements(*table, "thead")
            .flat_map(|g| elements(g, "tr"))
            .collect();
        let body: Vec<Node> = elements(*table, "tbody")
            .flat_map(|g| elements(g, "tr"))
            .collect();
        assert_eq!(head.len(), t.head.len(), "{what}: header rows");
        assert_eq!(body.len(), t.body.len(), "{what}: body rows");
        let cells: Vec<Node> = head
            .iter()
            .chain(&body)
            .flat_map(|tr| tr.children().filter(Node::is_element))
            .collect();
        let grid = t.grid();
        assert_eq!(cells.len(), grid.len(), "{what}: cells");
        for (n, p) in cells.iter().zip(&grid) {
            let at = format!("{what} row {} column {}", p.row + 1, p.column + 1);
            let words = p.cell.text();
            let (tag, scope) = match t.scope(p).filter(|_| !words.is_empty()) {
                Some(Scope::Column) => ("th", Some("col")),
                Some(Scope::Row) => ("th", Some("row")),
                None => ("td", None),
            };
            assert_eq!(n.tag_name().name(), tag, "{at}");
            assert_eq!(n.attribute("scope"), scope, "{at}");
            let span = |a: &str| n.attribute(a).map_or(1, |v| v.parse::<u32>().unwrap());
            assert_eq!(
                (span("rowspan"), span("colspan")),
                (p.cell.row_span, p.cell.col_span),
                "{at}"
            );
            let align = match t.columns[p.column].align {
                Align::Default => None,
                Align::Left => Some("align-left"),
                Align::Center => Some("align-center"),
                Align::Right => Some("align-right"),
            };
            let classes: Vec<&str> = n
                .attribute("class")
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            let aligned: Vec<&str> = classes
                .iter()
                .copied()
                .filter(|c| c.starts_with("align-"))
                .collect();
            assert_eq!(aligned, Vec::from_iter(align), "{at}");
            // A cell whose lines are at most four Chinese characters (eight
            // digits) long is set unbroken; a longer one may break.
            let ems = |l: &str| -> f32 { l.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum() };
            let short = !words.is_empty() && words.split('\n').all(|l| ems(l) <= 4.0);
            assert_eq!(classes.contains(&"short"), short, "{at}");
            // A line break is a `<br/>` here, `\n` in the model.
            assert_eq!(node_text(*n), words.replace('\n', ""), "{at}");
            let breaks = n.descendants().filter(|d| d.has_tag_name("br")).count();
            assert_eq!(breaks, words.matches('\n').count(), "{at}");
        }
        let notes: Vec<String> = elements(wrapper, "p").map(node_text).collect();
        let want: Vec<String> = t.notes.iter().map(|n| model::plain_text(&n.content)).collect();
        assert_eq!(notes, want, "{what}: notes");
    }
}

/// `verify` reads the tables back as the model's shapes and finds the
/// book the same as its model.
fn check_verify(book: &Book) {
    let reading = verify::epub::read(&book.bytes).unwrap();
    let shapes: Vec<_> = book.doc.tables().iter().map(|t| t.shape()).collect();
    assert_eq!(reading.tables.as_ref(), Some(&shapes));
    let diffs = verify::compare(&Expected::from_model(&book.doc), &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
}

#[test]
fn every_table_reads_back_as_its_model() {
    let book = book(tables_doc(TableRules::ThreeLine, 45));
    check_package(&book);
    check_tables(&book);
    check_blocks(&book);
    check_fonts(&book);
    check_verify(&book);
}

#[test]
fn verify_names_the_cell_the_epub_changed() {
    let book = book(tables_doc(TableRules::ThreeLine, 3));
    let dir = common::scratch("epub-table-changed");
    let path = dir.path().join("changed.epub");
    std::fs::write(&path, &book.bytes).unwrap();
    common::edit_zip(&path, "OEBPS/sec-1.xhtml", |x| {
        let x = common::replaced(&x, ">987</td>", ">978</td>");
        common::replaced(&x, " colspan=\"2\"", "")
    });
    let reading = verify::epub::read(&std::fs::read(&path).unwrap()).unwrap();
    let diffs: Vec<String> = verify::compare(&Expected::from_model(&book.doc), &reading)
        .iter()
        .map(ToString::to_string)
        .collect();
    let has = |s: &str| diffs.iter().any(|d| d.contains(s));
    assert!(
        has("table 1 cell: expected `row 3: td 987`, found `row 3: td 978`"),
        "{diffs:#?}"
    );
    assert!(
        has("table 3 size: expected `4 rows × 3 columns, 2 header`"),
        "{diffs:#?}"
    );
}

#[test]
fn the_stylesheet_rules_tables_as_the_front_matter_says() {
    let css = |rules| {
        let book = book(tables_doc(rules, 3));
        book.text("OEBPS/stylesheet.css").to_string()
    };
    let three = css(TableRules::ThreeLine);
    let grid = css(TableRules::Grid);
    for css in [&three, &grid] {
        for rule in [
            "div.table {\n  overflow-x: auto;",
            "border-collapse: collapse;",
            "th {\n  font-weight: bold;\n}",
            "caption {\n  caption-side: top;\n}",
            ".align-right {\n  text-align: right;\n}",
            ".short {\n  white-space: nowrap;\n}",
        ] {
            assert!(css.contains(rule), "{rule}\n{css}");
        }
        assert!(!css.contains("background") && !css.contains("color"), "{css}");
    }
    // Three lines: thick above and below the table, thin under the header.
    let (thick, thin) = (
        zhpress::style::TABLE_THICK_RULE_PT,
        zhpress::style::TABLE_THIN_RULE_PT,
    );
    assert!(three.contains(&format!(
        "border-top: {thick}pt solid;\n  border-bottom: {thick}pt solid;"
    )));
    assert!(three.contains(&format!("thead {{\n  border-bottom: {thin}pt solid;\n}}")));
    assert!(!three.contains("th, td {\n  border:"));
    // A grid: every cell ruled.
    assert!(grid.contains(&format!("th, td {{\n  border: {thin}pt solid;\n}}")));
    assert!(!grid.contains("thead {\n  border-bottom"));
    // Cells at the house's table size (10 pt of an 11 pt body).
    assert!(three.contains("th, td {\n  font-size: 0.909em;\n  line-height: 1.5;\n  padding: 0.3em 0.5em;"));
    // A book without a table has no table rules at all.
    let plain = Book::new(crate::epub::sample());
    assert!(!plain.text("OEBPS/stylesheet.css").contains("table"));
}

/// Page starts at block `block`, character `offset`.
fn at(block: BlockId, offset: usize) -> PageStart {
    PageStart::Body(TextPosition { block, offset })
}

#[test]
fn a_page_that_begins_in_a_table_has_its_marker_in_the_cell() {
    let doc = tables_doc(TableRules::ThreeLine, 3);
    let t = doc.tables();
    let (a, c) = (t[0], t[2]);
    let economy = a.body[0].cells[0].block; // 经济, a row header
    let percent = a.body[0].cells[2].block; // 45.6%
    let first_note = c.notes[0].block;
    let span_head = c.head[0].cells[1].block; // 数量, over two columns
    let map = PageMap {
        starts: vec![
            PageStart::Title(0),
            at(a.caption.as_ref().unwrap().block, 0),
            at(economy, 0),
            at(percent, 2),
            at(span_head, 0),
            at(first_note, 0),
        ],
    };
    let book = book_with_pages(doc, &map);
    let xml = book.xml("OEBPS/sec-1.xhtml");
    let marker = |n: usize| {
        xml.descendants()
            .find(|d| d.attribute("id") == Some(format!("page-{n}").as_str()))
            .unwrap_or_else(|| panic!("no marker of page {n}"))
    };
    // Page 2 begins with the caption line: its marker stands before the box.
    let m = marker(2);
    let next = m.next_sibling_element().unwrap();
    assert_eq!(next.attribute("class"), Some("table"));
    // Page 3 begins with a cell: its marker opens the cell.
    let m = marker(3);
    let td = m.parent_element().unwrap();
    assert_eq!((td.tag_name().name(), td.attribute("scope")), ("th", Some("row")));
    assert!(m.prev_sibling().is_none());
    assert_eq!(node_text(td), "经济");
    // Page 4 begins inside a cell, before its third character.
    let m = marker(4);
    assert_eq!(m.parent_element().unwrap().tag_name().name(), "td");
    let before: String = m
        .prev_siblings()
        .filter(|s| s.is_text())
        .filter_map(|s| s.text())
        .collect();
    assert_eq!(before, "45");
    // Page 5 begins with a header cell over two columns.
    let m = marker(5);
    assert_eq!(m.parent_element().unwrap().attribute("colspan"), Some("2"));
    // Page 6 begins with the note, inside the box, before its paragraph.
    let m = marker(6);
    assert_eq!(m.parent_element().unwrap().attribute("class"), Some("table"));
    assert_eq!(
        node_text(m.next_sibling_element().unwrap()),
        "注：办结率按当年立案数计。"
    );
    // The page list reads each page's text from its marker on.
    let pages: BTreeMap<String, String> = verify::epub::page_list(&book.bytes)
        .unwrap()
        .into_iter()
        .collect();
    let starts = [
        ("2", "表1\u{3000}2022年提案办理情况"),
        ("3", "经济1,234"),
        ("4", ".6%详见"),
        ("5", "数量立案"),
        ("6", "注：办结率"),
    ];
    for (page, head) in starts {
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let text = squeeze(&pages[page]);
        assert!(text.starts_with(&squeeze(head)), "page {page}: {text}");
    }
    // The test helper finds each marker at the block and offset the map says.
    let places = crate::epub::marker_places(&book);
    for (i, start) in map.starts.iter().enumerate().skip(1) {
        let PageStart::Body(p) = start else { unreachable!() };
        assert_eq!(
            places[&(i + 1)].2,
            Some((p.block.index(), p.offset)),
            "page {}",
            i + 1
        );
    }
    epubcheck(&book.bytes, "table-pages.epub");
}

#[test]
fn epubcheck_and_ace_find_nothing_in_either_rule_style() {
    for (rules, name) in [(TableRules::ThreeLine, "three-line"), (TableRules::Grid, "grid")] {
        let book = book(tables_doc(rules, 45));
        epubcheck(&book.bytes, &format!("tables-{name}.epub"));
        let Some(violations) = ace(&book.bytes, &format!("tables-{name}")) else {
            return;
        };
        assert!(
            violations.is_empty(),
            "{name}: Ace reports\n{}",
            violations.join("\n")
        );
    }
}

/// What `tests/engines/table_measure.js` measured.
#[derive(Debug, serde::Deserialize)]
struct Measured {
    /// The body's width (CSS px).
    width: f64,
    /// How wide its content is: wider than the body when something sticks
    /// out.
    content: f64,
    /// Each table's box.
    boxes: Vec<MeasuredBox>,
    /// Each cell set unbroken.
    short: Vec<MeasuredCell>,
}

/// A table's box as measured.
#[derive(Debug, serde::Deserialize)]
struct MeasuredBox {
    /// The width of its content (the table): more than `client` when the
    /// box scrolls.
    scroll: f64,
    /// Its own width.
    client: f64,
    /// How far its right edge is past the body's.
    past: f64,
    /// Whether it takes the keyboard's focus.
    focusable: bool,
}

/// A cell set unbroken, as measured.
#[derive(Debug, serde::Deserialize)]
struct MeasuredCell {
    /// Its text.
    text: String,
    /// The lines it is drawn on.
    lines: usize,
    /// Its line breaks (`<br/>`).
    breaks: usize,
}

/// The width of a phone's screen in CSS px, less the body's margins
/// (8 px each side, a browser's own style).
const PHONE_BODY_PX: u32 = 344;

/// `xhtml` set as wide as a phone's screen (a browser's window is no
/// narrower than 500 px in headless Chromium), with the measuring script
/// run at the end of its body.
fn with_measure(xhtml: &str) -> String {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engines/table_measure.js"),
    )
    .unwrap();
    let xhtml = common::replaced(
        xhtml,
        "</head>",
        &format!("<style>body {{ width: {PHONE_BODY_PX}px; }}</style>\n</head>"),
    );
    common::replaced(
        &xhtml,
        "</body>",
        &format!("<script>//<![CDATA[\n{script}//]]></script>\n</body>"),
    )
}

/// The figures the measuring script wrote into the page `dom` (serialised
/// as HTML).
fn measured(dom: &str) -> Measured {
    let json = dom
        .rsplit_once("id=\"zhpress-measure\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| {
            json.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| panic!("the page has no measure:\n{dom:.2000}"));
    serde_json::from_str(&json).unwrap()
}

/// On a phone's width: nothing sticks out of the page, a table too wide
/// for the screen scrolls inside its box (which takes the keyboard's focus),
/// and no cell set unbroken is broken.
fn check_phone(engine: &str, m: &Measured) {
    eprintln!(
        "{engine}: body {} px, its content {} px; boxes (scroll/client) {:?}; {} short cells",
        m.width,
        m.content,
        m.boxes.iter().map(|b| (b.scroll, b.client)).collect::<Vec<_>>(),
        m.short.len()
    );
    assert_eq!(
        m.width,
        f64::from(PHONE_BODY_PX),
        "{engine}: the body is not a phone's width"
    );
    assert!(
        m.content <= m.width,
        "{engine}: the content is {} px wide in {} px",
        m.content,
        m.width
    );
    assert_eq!(m.boxes.len(), 5, "{engine}");
    for b in &m.boxes {
        assert!(b.past <= 0.5 && b.focusable, "{engine}: {b:?}");
    }
    assert!(
        m.boxes.iter().any(|b| b.scroll > b.client + 50.0),
        "{engine}: the wide table does not scroll: {:?}",
        m.boxes
    );
    assert!(m.short.len() > 50, "{engine}: {} short cells", m.short.len());
    let broken: Vec<(&str, usize)> = m
        .short
        .iter()
        .filter(|c| c.lines != c.breaks + 1)
        .map(|c| (c.text.as_str(), c.lines))
        .collect();
    assert!(broken.is_empty(), "{engine}: short cells broken: {broken:?}");
}

/// The table chapter of the test book, unpacked into `dir` with the
/// measuring script in it; returns the page's path.
fn measured_page(dir: &std::path::Path) -> std::path::PathBuf {
    let book = book(tables_doc(TableRules::ThreeLine, 3));
    for (name, data) in &book.entries {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, data).unwrap();
    }
    let page = dir.join("OEBPS/measure.xhtml");
    std::fs::write(&page, with_measure(book.text("OEBPS/sec-1.xhtml"))).unwrap();
    page
}

#[test]
fn on_a_phone_chromium_scrolls_a_wide_table_in_its_box_and_keeps_short_cells_whole() {
    let Some(chromium) = common::checker("chromium") else {
        return;
    };
    let dir = common::scratch("epub-table-phone-chromium");
    let page = measured_page(dir.path());
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=360,800",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    check_phone("Chromium", &measured(&String::from_utf8_lossy(&out.stdout)));
}

#[test]
fn on_a_phone_firefox_scrolls_a_wide_table_in_its_box_and_keeps_short_cells_whole() {
    let (Some(_), Some(python)) = (common::checker("firefox-esr"), common::python_module("socket")) else {
        return;
    };
    let dir = common::scratch("epub-table-phone-firefox");
    let page = measured_page(dir.path());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/engines/firefox_measure.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(dir.path())
        .arg(&page)
        .output()
        .expect("the Firefox script runs");
    let json = String::from_utf8_lossy(&out.stdout);
    let m: Measured = serde_json::from_str(json.trim())
        .unwrap_or_else(|e| panic!("{e}: {json}{}", String::from_utf8_lossy(&out.stderr)));
    check_phone("Firefox", &m);
}
