//! Tables in the PDF, read back: see issue 22.

use std::path::Path;

use zhpress::model::table::{Cell, Column, Row, Table, TableCaption};
use zhpress::model::{Align, Block, BlockId, Document, Inline};

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

fn cell(t: &str) -> Cell {
    Cell::new(text(t))
}

fn span(t: &str, row_span: u32, col_span: u32) -> Cell {
    Cell {
        row_span,
        col_span,
        ..cell(t)
    }
}

fn row(cells: Vec<Cell>) -> Row {
    Row { cells, line: 1 }
}

fn caption(t: &str) -> Option<TableCaption> {
    Some(TableCaption {
        number: 0,
        content: text(t),
        block: BlockId::default(),
        line: 1,
    })
}

/// The four tables of the fixture, built directly.
pub fn tables_doc() -> Document {
    let src = "---\ntitle: 表格测试\n---\n\n# 表格\n\n一段正文，说明下面的表格。\n\nA\n\n这是第二个表格前的文字。\n\nB\n\n合并单元格的表格如下。\n\nC\n\n最后一个表格没有标题。\n\nD\n\n表格之后的正文。\n";
    let mut doc = zhpress::input::markdown::parse(src, "tables.md").unwrap();
    let a = Table {
        caption: caption("政协全国委员会主要工作指标"),
        columns: [Align::Left, Align::Center, Align::Right, Align::Default]
            .map(|align| Column { align, width: None })
            .to_vec(),
        head: vec![row(vec![cell("指标"), cell("单位"), cell("数量"), cell("说明")])],
        body: vec![
            row(vec![
                Cell::new(vec![Inline::Strong(text("提案"))]),
                cell("件"),
                cell("29,412"),
                cell("立案提案全部办复，办复率达到百分之百，提案办理协商更加深入。"),
            ]),
            row(vec![
                cell("大会发言"),
                cell("篇"),
                cell("1,284"),
                Cell::new(vec![
                    Inline::Text("详见".into()),
                    Inline::Link {
                        url: "https://www.cppcc.gov.cn/".into(),
                        content: text("全国政协网站"),
                    },
                    Inline::Text("。".into()),
                ]),
            ]),
            row(vec![cell("视察考察"), cell("次"), cell("356"), cell("")]),
        ],
        notes: vec![],
        line: 1,
    };
    let b = Table {
        caption: caption("各专门委员会历年工作量统计"),
        columns: [Align::Default, Align::Default, Align::Right]
            .map(|align| Column { align, width: None })
            .to_vec(),
        head: vec![row(vec![cell("序号"), cell("委员会"), cell("件数")])],
        body: (1..=45)
            .map(|i| {
                row(vec![
                    cell(&i.to_string()),
                    cell(&format!("第{i}专门委员会（含调研、视察）")),
                    cell(&(i * 37).to_string()),
                ])
            })
            .collect(),
        notes: vec![],
        line: 1,
    };
    let c = Table {
        caption: caption("提案办理情况"),
        columns: vec![Column::default(); 3],
        head: vec![
            row(vec![span("项目", 2, 1), span("数量", 1, 2)]),
            row(vec![cell("立案"), cell("办结")]),
        ],
        body: vec![
            row(vec![span("2018—2019年", 2, 1), cell("5"), cell("5")]),
            row(vec![cell("6"), cell("6")]),
            row(vec![
                Cell::new(vec![Inline::Strong(text("合计"))]),
                cell("11"),
                cell("11"),
            ]),
        ],
        notes: vec![
            zhpress::model::Paragraph {
                content: text("注：数量为件数，不含并案处理的提案。"),
                ..para(&doc)
            },
            zhpress::model::Paragraph {
                content: text("资料来源：全国政协提案委员会。"),
                ..para(&doc)
            },
        ],
        line: 1,
    };
    let d = Table {
        caption: None,
        columns: vec![Column::default(); 2],
        head: vec![row(vec![cell("名称"), cell("内容")])],
        body: vec![row(vec![
            cell("地址"),
            Cell::new(vec![
                Inline::Text("北京市西城区".into()),
                Inline::LineBreak,
                Inline::Text("太平桥大街23号".into()),
            ]),
        ])],
        notes: vec![],
        line: 1,
    };
    let mut tables = vec![a, b, c, d].into_iter();
    for block in doc.blocks.iter_mut() {
        if let Block::Paragraph(p) = block {
            if matches!(
                zhpress::model::plain_text(&p.content).as_str(),
                "A" | "B" | "C" | "D"
            ) {
                *block = Block::Table(tables.next().unwrap());
            }
        }
    }
    zhpress::model::number(&mut doc.blocks);
    doc
}

fn para(doc: &Document) -> zhpress::model::Paragraph {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn dev_render() {
    let doc = tables_doc();
    let assets = zhpress::input::assets::Assets::load(&doc, Path::new("."), Path::new("fonts"), 0).unwrap();
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    std::fs::write("target/dev/tables.pdf", pdf).unwrap();
}

#[test]
fn dev_verify() {
    let doc = tables_doc();
    let assets = zhpress::input::assets::Assets::load(&doc, Path::new("."), Path::new("fonts"), 0).unwrap();
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    let reading = zhpress::verify::read(zhpress::Target::Pdf, &pdf).unwrap();
    let expected = zhpress::verify::Expected::from_model(&doc);
    let diffs = zhpress::verify::compare(&expected, &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
    assert_eq!(reading.tables.as_ref().unwrap().len(), 4);
}

#[test]
fn dev_grid_and_tall() {
    let mut doc = tables_doc();
    doc.meta.table_rules = zhpress::model::table::TableRules::Grid;
    let long: String = "政协委员围绕国家重大战略开展调查研究，提出意见建议。".repeat(90);
    for b in doc.blocks.iter_mut() {
        if let Block::Table(t) = b {
            if t.caption.as_ref().is_some_and(|c| c.number == 1) {
                t.body[1].cells[3] = cell(&long);
            }
        }
    }
    zhpress::model::number(&mut doc.blocks);
    let assets = zhpress::input::assets::Assets::load(&doc, Path::new("."), Path::new("fonts"), 0).unwrap();
    let warnings = zhpress::pdf::table_warnings(&doc, &assets);
    eprintln!("{warnings:?}");
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    std::fs::write("target/dev/grid.pdf", &pdf).unwrap();
    let reading = zhpress::verify::read(zhpress::Target::Pdf, &pdf).unwrap();
    let diffs = zhpress::verify::compare(&zhpress::verify::Expected::from_model(&doc), &reading);
    assert!(diffs.is_empty(), "{diffs:#?}");
}
