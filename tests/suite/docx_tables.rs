//! Tables in the DOCX read back: `word/document.xml` and `word/styles.xml`
//! are compared with the model (the grid, spans, header rows, widths,
//! caption and notes), the edition verifier finds no difference (and finds
//! one planted), and LibreOffice reads the same cells with the header rows
//! set to repeat.

use crate::common;

use common::{checker, convert_with_soffice_to, edit_zip, scratch};

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use roxmltree::{Document as Xml, Node};
use zhpress::fonts::Fonts;
use zhpress::input::assets::Assets;
use zhpress::model::table::{Align, Cell, Column, Row, Table, TableCaption, TableRules};
use zhpress::model::{self, Block, BlockId, Document, Inline, Metadata, Paragraph};
use zhpress::style as house;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn cell(content: Vec<Inline>) -> Cell {
    Cell::new(content)
}

fn spanning(t: &str, row_span: u32, col_span: u32) -> Cell {
    Cell {
        row_span,
        col_span,
        ..Cell::new(vec![text(t)])
    }
}

fn row(cells: Vec<Cell>) -> Row {
    Row { cells, line: 1 }
}

fn para(content: Vec<Inline>) -> Paragraph {
    Paragraph {
        content,
        block: BlockId::default(),
        line: 1,
    }
}

fn caption(t: &str) -> Option<TableCaption> {
    Some(TableCaption {
        number: 0,
        content: vec![text(t)],
        block: BlockId::default(),
        line: 1,
    })
}

fn columns(aligns: &[Align]) -> Vec<Column> {
    aligns
        .iter()
        .map(|&align| Column { align, width: None })
        .collect()
}

/// The four tables of the fixture's kinds: (a) captioned, four columns,
/// aligned, bold and a link in cells, a note; (b) 45 rows that cross a
/// page; (c) a header cell over two columns and a row label over two rows,
/// two header rows, two notes; (d) uncaptioned, a hard break in a cell.
fn tables() -> Vec<Table> {
    let a = Table {
        caption: caption("2018—2022年主要工作指标"),
        columns: columns(&[Align::Left, Align::Center, Align::Right, Align::Right]),
        head: vec![row(["指标", "单位", "2018年", "2022年"]
            .map(|t| cell(vec![text(t)]))
            .to_vec())],
        body: vec![
            row(vec![
                cell(vec![Inline::Strong(vec![text("提案办理")])]),
                cell(vec![text("件")]),
                cell(vec![text("5,360")]),
                cell(vec![text("5,998")]),
            ]),
            row(vec![
                cell(vec![
                    text("网络议政（见"),
                    Inline::Link {
                        url: "https://www.cppcc.gov.cn/".into(),
                        content: vec![text("全国政协网")],
                    },
                    text("）"),
                ]),
                cell(vec![text("场")]),
                cell(vec![text("12")]),
                cell(vec![text("35")]),
            ]),
        ],
        notes: vec![para(vec![text("注：2022年数据为初步统计。")])],
        line: 1,
    };
    let b = Table {
        caption: caption("各地区提案办理情况"),
        columns: columns(&[Align::Right, Align::Left, Align::Right, Align::Right, Align::Left]),
        head: vec![row(["序号", "地区", "交办件数", "办结件数", "办理结果"]
            .map(|t| cell(vec![text(t)]))
            .to_vec())],
        body: (1..=45)
            .map(|i| {
                row(vec![
                    cell(vec![text(&i.to_string())]),
                    cell(vec![text(&format!("地区{i}"))]),
                    cell(vec![text(&(100 + i).to_string())]),
                    cell(vec![text(&(120 + i).to_string())]),
                    cell(vec![text(if i % 3 == 1 {
                        "已办结，转有关部门跟踪落实"
                    } else {
                        "按时办结"
                    })]),
                ])
            })
            .collect(),
        notes: vec![para(vec![text("资料来源：全国政协提案委员会。")])],
        line: 1,
    };
    let c = Table {
        caption: caption("2021—2022年委员履职情况"),
        columns: vec![
            Column {
                align: Align::Default,
                width: Some(0.34),
            },
            Column {
                align: Align::Right,
                width: Some(0.33),
            },
            Column {
                align: Align::Right,
                width: Some(0.33),
            },
        ],
        head: vec![
            row(vec![spanning("类别", 2, 1), spanning("人次", 1, 2)]),
            row(vec![spanning("2021年", 1, 1), spanning("2022年", 1, 1)]),
        ],
        body: vec![
            row(vec![
                spanning("视察", 1, 1),
                spanning("1,200", 1, 1),
                spanning("1,350", 1, 1),
            ]),
            row(vec![
                spanning("调研", 2, 1),
                spanning("860", 1, 1),
                spanning("920", 1, 1),
            ]),
            row(vec![spanning("另有专题", 1, 1), spanning("45", 1, 1)]),
        ],
        notes: vec![
            para(vec![text("注：“调研”一行含专题调研。")]),
            para(vec![text("资料来源：办公厅统计。")]),
        ],
        line: 1,
    };
    let d = Table {
        caption: None,
        columns: columns(&[Align::Default, Align::Default]),
        head: vec![row(vec![cell(vec![text("项目")]), cell(vec![text("说明")])])],
        body: vec![
            row(vec![
                cell(vec![text("会议")]),
                cell(vec![text("全体会议"), Inline::LineBreak, text("常委会会议")]),
            ]),
            row(vec![cell(vec![text("文件")]), cell(vec![])]),
        ],
        notes: vec![],
        line: 1,
    };
    vec![a, b, c, d]
}

/// A document with the four tables between paragraphs.
fn table_document(rules: TableRules) -> Document {
    let mut blocks = Vec::new();
    for (i, t) in tables().into_iter().enumerate() {
        blocks.push(Block::Paragraph(para(vec![text(&format!(
            "第{}段，见下表。",
            i + 1
        ))])));
        blocks.push(Block::Table(t));
    }
    blocks.push(Block::Paragraph(para(vec![text("表后的段落照常排印。")])));
    model::number(&mut blocks);
    Document {
        source_name: "tables.md".into(),
        meta: Metadata {
            table_rules: rules,
            ..Metadata::titled("表格样例")
        },
        blocks,
    }
}

fn assets() -> Assets {
    Assets {
        fonts: Fonts::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")).expect("fonts"),
        images: BTreeMap::new(),
        epoch: 1_677_628_800,
    }
}

fn render(doc: &Document) -> Vec<u8> {
    zhpress::docx::render(doc, &assets()).expect("render")
}

/// The hand-made tables and the fixture `tests/fixtures/tables.md` as the
/// parser reads it: each with its name and its DOCX.
fn documents() -> Vec<(&'static str, Document, Vec<u8>)> {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tables.md");
    let (parsed, parsed_assets) = zhpress::load(&fixture).expect("the fixture loads");
    let parsed_bytes = zhpress::docx::render(&parsed, &parsed_assets).expect("render");
    let made = table_document(TableRules::ThreeLine);
    let made_bytes = render(&made);
    vec![("made", made, made_bytes), ("fixture", parsed, parsed_bytes)]
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut s)
        .expect("UTF-8");
    s
}

fn w<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((W, name)))
}

fn ws<'a>(node: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    node.children().filter(move |c| c.has_tag_name((W, name)))
}

fn val<'a>(node: Option<Node<'a, 'a>>) -> Option<&'a str> {
    node?.attribute((W, "val"))
}

/// A paragraph's text: its `w:t` (field results included), `w:br` as `\n`.
fn para_text(p: Node) -> String {
    p.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" if n.tag_name().namespace() == Some(W) => n.text().map(str::to_string),
            "br" => Some("\n".into()),
            _ => None,
        })
        .collect()
}

fn style(p: Node) -> String {
    val(w(p, "pPr").and_then(|ppr| w(ppr, "pStyle")))
        .unwrap_or("Normal")
        .to_string()
}

/// One cell as read from the XML: (row, column, row span, column span,
/// header, text), read without the program's reader.
type ReadCell = (usize, usize, u32, u32, bool, String);

/// The cells of `tbl` by Word's rules, and checks on each row and cell
/// that hold for every table: rows never split, the header rows repeat,
/// header cells are in the Table Heading style, covered slots are empty.
fn read_cells(tbl: Node, head: usize) -> Vec<ReadCell> {
    let mut out: Vec<ReadCell> = Vec::new();
    // column → index in `out` of the cell a vertical merge continues.
    let mut open: BTreeMap<usize, usize> = BTreeMap::new();
    for (r, tr) in ws(tbl, "tr").enumerate() {
        let tr_pr = w(tr, "trPr").expect("every row has properties");
        assert!(w(tr_pr, "cantSplit").is_some(), "row {r} may split");
        assert_eq!(w(tr_pr, "tblHeader").is_some(), r < head, "row {r}: header mark");
        let mut column = 0;
        for tc in ws(tr, "tc") {
            let tc_pr = w(tc, "tcPr").expect("cell properties");
            let span: u32 = val(w(tc_pr, "gridSpan")).map_or(1, |v| v.parse().unwrap());
            let paras: Vec<Node> = ws(tc, "p").collect();
            assert_eq!(paras.len(), 1, "one paragraph a cell");
            let want_style = if r < head { "TableHeading" } else { "TableText" };
            assert_eq!(style(paras[0]), want_style, "row {r}");
            match w(tc_pr, "vMerge").map(|m| m.attribute((W, "val")).unwrap_or("continue")) {
                Some("continue") => {
                    let first = open[&column];
                    assert_eq!(out[first].3, span, "a merge keeps its width");
                    assert_eq!(para_text(paras[0]), "", "a covered slot is empty");
                    out[first].2 += 1;
                }
                merge => {
                    if merge == Some("restart") {
                        open.insert(column, out.len());
                    }
                    out.push((r, column, 1, span, r < head, para_text(paras[0])));
                }
            }
            column += span as usize;
        }
    }
    out
}

/// The model's cells in the same form.
fn model_cells(t: &Table) -> Vec<ReadCell> {
    t.grid()
        .iter()
        .map(|p| {
            (
                p.row,
                p.column,
                p.cell.row_span,
                p.cell.col_span,
                p.header,
                p.cell.text(),
            )
        })
        .collect()
}

#[test]
fn document_xml_holds_each_table_of_the_model() {
    for (name, doc, bytes) in documents() {
        check_document_xml(name, &doc, &bytes);
    }
}

fn check_document_xml(doc_name: &str, doc: &Document, bytes: &[u8]) {
    let xml = part(bytes, "word/document.xml");
    let xml = Xml::parse(&xml).unwrap();
    let body = xml.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
    let tbls: Vec<Node> = ws(body, "tbl").collect();
    let model_tables = doc.tables();
    assert_eq!(tbls.len(), model_tables.len(), "{doc_name}");
    assert_eq!(model_tables.len(), 4, "{doc_name}");
    let text_width = zhpress::docx::PAGE_WIDTH_TWIPS - 2 * zhpress::docx::MARGIN_SIDE_TWIPS;
    for (tbl, t) in tbls.iter().zip(&model_tables) {
        let name = format!("{doc_name}: {}", t.first_words());
        // Properties: the house table style, as wide as its columns and
        // centred (as in the PDF and the EPUB), header-row formatting on.
        let pr = w(*tbl, "tblPr").unwrap();
        assert_eq!(val(w(pr, "tblStyle")), Some("ThreeLineTable"), "{name}");
        let width = w(pr, "tblW").unwrap();
        assert_eq!(width.attribute((W, "type")), Some("dxa"), "{name}");
        let table_width: u32 = width.attribute((W, "w")).unwrap().parse().unwrap();
        assert_eq!(val(w(pr, "jc")), Some("center"), "{name}");
        assert!(w(pr, "tblBorders").is_none(), "{name}: the style rules the table");
        assert_eq!(w(pr, "tblLook").unwrap().attribute((W, "firstRow")), Some("1"));
        // The grid: a column each, as wide as the table, within the
        // measure; each cell as wide as the columns it spans.
        let grid: Vec<u32> = ws(w(*tbl, "tblGrid").unwrap(), "gridCol")
            .map(|g| g.attribute((W, "w")).unwrap().parse().unwrap())
            .collect();
        assert_eq!(grid.len(), t.column_count(), "{name}");
        assert_eq!(grid.iter().sum::<u32>(), table_width, "{name}");
        assert!(table_width <= text_width, "{name}: {table_width} > {text_width}");
        for tr in ws(*tbl, "tr") {
            let mut column = 0;
            for tc in ws(tr, "tc") {
                let tc_pr = w(tc, "tcPr").unwrap();
                let span: usize = val(w(tc_pr, "gridSpan")).map_or(1, |v| v.parse().unwrap());
                let tcw: u32 = w(tc_pr, "tcW")
                    .unwrap()
                    .attribute((W, "w"))
                    .unwrap()
                    .parse()
                    .unwrap();
                assert_eq!(tcw, grid[column..column + span].iter().sum::<u32>(), "{name}");
                column += span;
            }
            assert_eq!(column, grid.len(), "{name}: every row covers the grid");
        }
        // The cells, their spans and kinds.
        assert_eq!(read_cells(*tbl, t.head.len()), model_cells(t), "{name}");
        // Paragraph alignment follows the column; a header over several
        // columns is centred.
        for p in t.grid() {
            let want = match (t.columns[p.column].align, p.header) {
                _ if p.header && p.cell.col_span > 1 => "center",
                (Align::Left, _) => "left",
                (Align::Center, _) => "center",
                (Align::Right, _) => "right",
                (Align::Default, true) => "center",
                (Align::Default, false) => "both",
            };
            let tr = ws(*tbl, "tr").nth(p.row).unwrap();
            let tc = ws(tr, "tc")
                .scan(0, |col, tc| {
                    let at = *col;
                    *col += val(w(w(tc, "tcPr").unwrap(), "gridSpan")).map_or(1, |v| v.parse().unwrap());
                    Some((at, tc))
                })
                .find(|(at, _)| *at == p.column)
                .unwrap()
                .1;
            let jc = val(w(w(tc, "p").unwrap(), "pPr").and_then(|ppr| w(ppr, "jc")));
            assert_eq!(jc, Some(want), "{name}: row {} column {}", p.row, p.column);
        }
        // The caption stands above, kept with the table: 表 + SEQ 表 + the number.
        let before = tbl.prev_sibling_element().unwrap();
        match &t.caption {
            Some(c) => {
                assert_eq!(style(before), "Caption", "{name}");
                assert_eq!(para_text(before), c.line(), "{name}");
                let instr: String = before
                    .descendants()
                    .filter(|n| n.has_tag_name((W, "instrText")))
                    .filter_map(|n| n.text())
                    .collect();
                assert_eq!(instr.trim(), "SEQ 表 \\* ARABIC", "{name}");
                assert!(w(w(before, "pPr").unwrap(), "keepNext").is_some(), "{name}");
            }
            None => assert_ne!(style(before), "Caption", "{name}"),
        }
        // The notes follow in the Table Note style.
        let after: Vec<Node> =
            std::iter::successors(tbl.next_sibling_element(), |n| n.next_sibling_element())
                .take(t.notes.len() + 1)
                .collect();
        for (i, note) in t.notes.iter().enumerate() {
            assert_eq!(style(after[i]), "TableNote", "{name}");
            assert_eq!(para_text(after[i]), model::plain_text(&note.content), "{name}");
        }
        let next = style(after[t.notes.len()]);
        assert!(
            next == "Normal" || next.starts_with("Heading"),
            "{name}: the body resumes: {next}"
        );
    }
    // Strong text in a cell is bold; the link is a hyperlink.
    let strong = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .find(|r| para_text(*r) == "提案办理")
        .unwrap();
    assert!(w(w(strong, "rPr").unwrap(), "b").is_some());
    let link = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "hyperlink")))
        .unwrap();
    assert_eq!(para_text(link), "全国政协网");
}

#[test]
fn wide_content_gets_the_wide_column() {
    let doc = table_document(TableRules::ThreeLine);
    let xml = part(&render(&doc), "word/document.xml");
    let xml = Xml::parse(&xml).unwrap();
    let grids: Vec<Vec<u32>> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tblGrid")))
        .map(|g| {
            ws(g, "gridCol")
                .map(|c| c.attribute((W, "w")).unwrap().parse().unwrap())
                .collect()
        })
        .collect();
    // (b): 办理结果 holds the longest text, 序号 the shortest.
    let b = &grids[1];
    assert!(b[4] > b[2] && b[2] > b[0], "{b:?}");
    // (c): the source's widths, 34 : 33 : 33.
    let c = &grids[2];
    assert!(c[0] > c[1] && c[1] == c[2], "{c:?}");
    assert!((c[0] as f32 / c[1] as f32 - 34.0 / 33.0).abs() < 0.01, "{c:?}");
}

#[test]
fn styles_define_the_three_line_and_grid_tables() {
    let xml = part(&render(&table_document(TableRules::ThreeLine)), "word/styles.xml");
    let xml = Xml::parse(&xml).unwrap();
    let style = |id: &str| {
        xml.descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
    };
    fn border<'a>(borders: Node<'a, 'a>, side: &str) -> Option<(&'a str, Option<&'a str>)> {
        w(borders, side).map(|b| (b.attribute((W, "val")).unwrap(), b.attribute((W, "sz"))))
    }
    let three = style("ThreeLineTable");
    assert_eq!(three.attribute((W, "type")), Some("table"));
    assert_eq!(val(w(three, "name")), Some("Three Line Table"));
    let borders = w(w(three, "tblPr").unwrap(), "tblBorders").unwrap();
    // The rules of the house style (eighths of a point), as the PDF draws them.
    let eighths = |pt: f32| (pt * 8.0).round().to_string();
    let (thick, thin) = (
        eighths(house::TABLE_THICK_RULE_PT),
        eighths(house::TABLE_THIN_RULE_PT),
    );
    assert_eq!(border(borders, "top"), Some(("single", Some(thick.as_str()))));
    assert_eq!(border(borders, "bottom"), Some(("single", Some(thick.as_str()))));
    for side in ["left", "right", "insideH", "insideV"] {
        assert_eq!(border(borders, side).map(|b| b.0), Some("nil"), "{side}");
    }
    let first_row = ws(three, "tblStylePr")
        .find(|s| s.attribute((W, "type")) == Some("firstRow"))
        .expect("header-row formatting");
    let rule = w(w(w(first_row, "tcPr").unwrap(), "tcBorders").unwrap(), "bottom").unwrap();
    assert_eq!(
        (rule.attribute((W, "val")), rule.attribute((W, "sz"))),
        (Some("single"), Some(thin.as_str()))
    );
    let grid = style("TableGrid");
    assert_eq!(val(w(grid, "name")), Some("Table Grid"));
    let borders = w(w(grid, "tblPr").unwrap(), "tblBorders").unwrap();
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert_eq!(border(borders, side).map(|b| b.0), Some("single"), "{side}");
    }
    // The paragraph styles of cells and notes.
    assert!(w(style("TableHeading"), "rPr").and_then(|r| w(r, "b")).is_some());
    assert_eq!(val(w(style("TableNote"), "name")), Some("Table Note"));
    let note_size = val(w(w(style("TableNote"), "rPr").unwrap(), "sz"));
    assert_eq!(note_size, Some("18"), "notes at the caption's size");
    // Cells in the house table size and leading, as in the PDF and the EPUB.
    let text = style("TableText");
    let cell_size = (u32::from(house::TABLE_SIZE) * 2).to_string();
    assert_eq!(val(w(w(text, "rPr").unwrap(), "sz")), Some(cell_size.as_str()));
    let line = (f32::from(house::TABLE_SIZE) * house::TABLE_LEADING * 20.0)
        .round()
        .to_string();
    let spacing = w(w(text, "pPr").unwrap(), "spacing").unwrap();
    assert_eq!(spacing.attribute((W, "line")), Some(line.as_str()));

    // With `table-rules: grid` the tables take the grid style.
    let xml = part(&render(&table_document(TableRules::Grid)), "word/document.xml");
    let xml = Xml::parse(&xml).unwrap();
    let styles: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tblStyle")))
        .filter_map(|n| n.attribute((W, "val")))
        .collect();
    assert_eq!(styles, ["TableGrid"; 4]);
    // No cell carries a rule of its own in a grid table.
    assert!(!xml.descendants().any(|n| n.has_tag_name((W, "tcBorders"))));
}

#[test]
fn the_rule_under_a_two_row_header_is_under_its_last_row() {
    let doc = table_document(TableRules::ThreeLine);
    let xml = part(&render(&doc), "word/document.xml");
    let xml = Xml::parse(&xml).unwrap();
    let tbl = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .nth(2)
        .unwrap();
    let bottoms: Vec<Vec<Option<&str>>> = ws(tbl, "tr")
        .take(2)
        .map(|tr| {
            ws(tr, "tc")
                .map(|tc| {
                    let b = w(w(tc, "tcPr").unwrap(), "tcBorders").and_then(|b| w(b, "bottom"));
                    b.and_then(|b| b.attribute((W, "val")))
                })
                .collect()
        })
        .collect();
    // 类别 spans both header rows (its rule at the bottom), 人次 heads the
    // group of two columns on the first (a rule under the group's heading);
    // the second row's cells all carry the rule.
    assert_eq!(bottoms, vec![vec![Some("single"); 2], vec![Some("single"); 3]]);
    // A one-row header relies on the style's header-row formatting.
    let first = xml.descendants().find(|n| n.has_tag_name((W, "tbl"))).unwrap();
    assert!(!first.descendants().any(|n| n.has_tag_name((W, "tcBorders"))));
}

#[test]
fn the_edition_verifier_reads_the_tables_and_finds_a_planted_difference() {
    use zhpress::verify;
    for (name, doc, bytes) in documents() {
        let expected = verify::Expected::from_model(&doc);
        let reading = verify::read(zhpress::Target::Docx, &bytes).expect("the verifier reads the DOCX");
        let tables = reading.tables.as_ref().expect("tables read");
        assert_eq!(tables, &expected.tables, "{name}");
        assert_eq!(
            reading.captions.as_deref(),
            Some(&[][..]),
            "{name}: table captions are not figure captions"
        );
        let diffs = verify::compare(&expected, &reading);
        assert!(
            diffs.is_empty(),
            "{name}: {}",
            diffs.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        );
    }
    let doc = table_document(TableRules::ThreeLine);
    let bytes = render(&doc);
    let expected = verify::Expected::from_model(&doc);

    // A header row no longer repeating, a merge undone and a cell changed
    // are each named.
    let dir = scratch("docx-tables-plants");
    let plants = [
        ("<w:tblHeader />", "", "table 1 size"),
        (r#"<w:vMerge w:val="continue" />"#, "", "table 3"),
        ("已办结，转有关部门跟踪落实", "已办结", "table 2 cell"),
    ];
    for (i, (from, to, what)) in plants.into_iter().enumerate() {
        let path = dir.path().join(format!("plant-{i}.docx"));
        std::fs::write(&path, &bytes).unwrap();
        edit_zip(&path, "word/document.xml", |xml| {
            assert!(xml.contains(from), "`{from}` is not in the part");
            xml.replacen(from, to, 1)
        });
        let reading = verify::read(zhpress::Target::Docx, &std::fs::read(&path).unwrap()).unwrap();
        let diffs = verify::compare(&expected, &reading);
        assert!(
            diffs.iter().any(|d| d.what.starts_with(what)),
            "{what}: {}",
            diffs.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        );
    }
}

/// Every part holds its children in `wml.xsd`'s order, by the oracle of
/// [`crate::wml_schema`], tables and table styles included, and in the
/// order of the program's own rank tables (the summary's check,
/// [`crate::docx::schema_order`]).
#[test]
fn table_elements_are_in_schema_order() {
    for rules in [TableRules::ThreeLine, TableRules::Grid] {
        let (_, models) = crate::docx::schema_order(&render(&table_document(rules)));
        for model in [
            "CT_Tbl",
            "CT_TblPr",
            "CT_TblPrBase",
            "CT_TblGrid",
            "CT_Row",
            "CT_TrPr",
            "CT_Tc",
            "CT_TcPr",
            "CT_TblBorders",
            "CT_TblCellMar",
        ] {
            assert!(models.contains(model), "no {model} checked: {models:?}");
        }
        if rules == TableRules::ThreeLine {
            assert!(models.contains("CT_TblStylePr") && models.contains("CT_TcBorders"));
        }
    }
}

#[test]
fn a_table_without_cells_is_an_error_naming_its_line() {
    let mut t = tables().remove(3);
    t.head.clear();
    t.body.clear();
    t.line = 7;
    let mut blocks = vec![Block::Table(t)];
    model::number(&mut blocks);
    let doc = Document {
        source_name: "x.md".into(),
        meta: Metadata::titled("空表"),
        blocks,
    };
    let err = zhpress::docx::render(&doc, &assets()).unwrap_err();
    assert!(
        err.to_string().contains("line 7: the table has no cells"),
        "{err:#}"
    );
}

#[test]
fn two_renders_are_byte_identical() {
    let doc = table_document(TableRules::ThreeLine);
    assert!(render(&doc) == render(&doc));
}

/// LibreOffice reads the DOCX (converted to ODT) with the same cells,
/// spans and header rows, and the header rows set to repeat
/// (`table:table-header-rows`).
#[test]
fn libreoffice_reads_the_same_cells_with_the_header_rows_repeating() {
    let Some(soffice) = checker("soffice") else {
        return;
    };
    let docs = documents();
    let dir = scratch("docx-tables-soffice");
    for (name, _, bytes) in &docs {
        std::fs::write(dir.path().join(format!("{name}.docx")), bytes).unwrap();
    }
    let names: Vec<String> = docs.iter().map(|(n, _, _)| n.to_string()).collect();
    convert_with_soffice_to(&soffice, dir.path(), &names, "odt");
    for (doc_name, doc, _) in &docs {
        check_odt(
            doc_name,
            doc,
            &std::fs::read(dir.path().join(format!("{doc_name}.odt"))).unwrap(),
        );
    }
}

/// The tables LibreOffice read, as the ODT it wrote holds them, are the
/// model's: cells, spans, and header rows in `table:table-header-rows`.
fn check_odt(doc_name: &str, doc: &Document, odt: &[u8]) {
    let content = part(odt, "content.xml");
    let xml = Xml::parse(&content).unwrap();
    const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    let tables: Vec<Node> = xml
        .descendants()
        .filter(|n| n.has_tag_name((TABLE, "table")))
        .collect();
    let model_tables = doc.tables();
    assert_eq!(tables.len(), model_tables.len(), "{doc_name}");
    for (table, t) in tables.iter().zip(&model_tables) {
        let name = format!("{doc_name}: {}", t.first_words());
        let mut cells: Vec<ReadCell> = Vec::new();
        let mut r = 0;
        for part in table.children().filter(|n| n.is_element()) {
            let (header, rows): (bool, Vec<Node>) = match part.tag_name().name() {
                "table-header-rows" => (
                    true,
                    part.children()
                        .filter(|n| n.has_tag_name((TABLE, "table-row")))
                        .collect(),
                ),
                "table-row" => (false, vec![part]),
                "table-rows" => (
                    false,
                    part.children()
                        .filter(|n| n.has_tag_name((TABLE, "table-row")))
                        .collect(),
                ),
                _ => continue,
            };
            for tr in rows {
                // A covered slot is an element of its own: one per column.
                for (column, tc) in tr.children().filter(|n| n.is_element()).enumerate() {
                    let span = |a: &str| tc.attribute((TABLE, a)).map_or(1, |v| v.parse().unwrap());
                    if tc.has_tag_name((TABLE, "table-cell")) {
                        let text: Vec<String> = tc
                            .children()
                            .filter(|n| n.has_tag_name((TEXT, "p")))
                            .map(|p| {
                                p.descendants()
                                    .filter_map(|n| match n.tag_name().name() {
                                        "line-break" => Some("\n".to_string()),
                                        _ if n.is_text() => n.text().map(str::to_string),
                                        _ => None,
                                    })
                                    .collect()
                            })
                            .collect();
                        cells.push((
                            r,
                            column,
                            span("number-rows-spanned"),
                            span("number-columns-spanned"),
                            header,
                            text.join("\n"),
                        ));
                    }
                }
                r += 1;
            }
        }
        assert_eq!(cells, model_cells(t), "{name}");
    }
}
