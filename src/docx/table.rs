//! Tables in the DOCX: a Word table (`w:tbl`) in a table style the style
//! sheet defines, as Word itself writes one.
//!
//! - **Styles.** [`style_sheet_xml`] gives the two table styles: `Three Line
//!   Table` (三线表, the house style: a thick rule above and below the table,
//!   a thin one under the header through the style's `firstRow` conditional
//!   formatting, no vertical rules) and Word's own `Table Grid` (every cell
//!   ruled), which front matter `table-rules: grid` picks. docx-rs cannot
//!   write a table style's conditional formatting, so the packager adds
//!   this XML to `styles.xml`, only in a document that has a table.
//! - **Grid.** `w:tblGrid` gives each column its width in twips by the
//!   rule the PDF sizes its columns by ([`Table::column_widths`]: automatic
//!   table layout, a cell of up to four characters never broken, the
//!   proportions the source gives kept), over the cells' content measured
//!   ([`crate::text::measure`]) with the house fonts' own advances in the
//!   house table size. The table is as wide as its columns (`w:tblW`, at
//!   most the measure, fixed layout) and centred, as in the PDF and the EPUB.
//! - **Rows.** Every row is `w:cantSplit`; the header rows repeat on every
//!   page (`w:tblHeader`, which docx-rs cannot write either: the packager
//!   adds it from [`TableInfo`]). Merged cells are merged as Word does it:
//!   `w:gridSpan` across, `w:vMerge w:val="restart"` then `w:vMerge` down,
//!   each covered slot an empty cell.
//! - **Cells.** One paragraph per cell in the `Table Text` style (`Table
//!   Heading`, bold, in the header rows), aligned as its column says
//!   (`w:jc`); cells are centred vertically.
//!
//! Where the header has more than one row, the thin rule goes under the
//! last of them: its cells carry it directly (and the earlier header rows
//! carry none, but under a heading over a group of columns), since Word's
//! `firstRow` formatting covers only the first row in some programs. A
//! header cell over several columns is centred over them.

use std::collections::HashMap;
use std::convert::Infallible;

use docx_rs::{
    AlignmentType, BorderType, Paragraph, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableRow, VAlignType, VMergeType, WidthType,
};

use super::styles::id;
use crate::fonts::Fonts;
use crate::model::table::{Align, Placed, Table, TableRules};
use crate::model::Inline;
use crate::style as house;
use crate::text::measure;

/// Eighths of a point (the unit of a Word border's `w:sz`) in `pt` points.
const fn eighths(pt: f32) -> usize {
    (pt * 8.0 + 0.5) as usize
}

/// Twips in `ems` of the house table size.
const fn table_twips(ems: f32) -> u32 {
    (ems * house::TABLE_SIZE as f32 * 20.0 + 0.5) as u32
}

/// A thick rule (the top and bottom of a three-line table), in eighths of a
/// point: the house style's [`house::TABLE_THICK_RULE_PT`].
const THICK_RULE: usize = eighths(house::TABLE_THICK_RULE_PT);
/// A thin rule (under the header of a three-line table, and every rule of
/// a grid table): [`house::TABLE_THIN_RULE_PT`].
const THIN_RULE: usize = eighths(house::TABLE_THIN_RULE_PT);
/// Every rule of a grid table.
const GRID_RULE: usize = THIN_RULE;
/// The space between a cell's text and its left and right edges, in twips:
/// the house cell padding ([`house::TABLE_PADDING_EMS`]).
pub const CELL_SIDE_TWIPS: u32 = table_twips(house::TABLE_PADDING_EMS.0);
/// The space between a cell's text and its top and bottom edges, in twips.
const CELL_TOP_TWIPS: u32 = table_twips(house::TABLE_PADDING_EMS.1);

/// What the packager adds to each table docx-rs writes, in document order.
pub struct TableInfo {
    /// The table's properties (`w:tblPr`), in place of docx-rs's.
    pub properties: String,
    /// How many rows, from the first, repeat as header rows.
    pub head_rows: usize,
}

/// The id of the table style of `rules`.
pub fn style_id(rules: TableRules) -> &'static str {
    match rules {
        TableRules::ThreeLine => id::THREE_LINE_TABLE,
        TableRules::Grid => id::TABLE_GRID,
    }
}

/// `<w:{side} …/>`: a single rule `size` eighths of a point wide.
fn rule(side: &str, size: usize) -> String {
    format!(r#"<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000" />"#)
}

/// `<w:{side} w:val="nil" />`: no rule.
fn no_rule(side: &str) -> String {
    format!(r#"<w:{side} w:val="nil" />"#)
}

/// The cell margins both table styles give.
fn cell_margins() -> String {
    format!(
        r#"<w:tblCellMar><w:top w:w="{CELL_TOP_TWIPS}" w:type="dxa" /><w:left w:w="{CELL_SIDE_TWIPS}" w:type="dxa" /><w:bottom w:w="{CELL_TOP_TWIPS}" w:type="dxa" /><w:right w:w="{CELL_SIDE_TWIPS}" w:type="dxa" /></w:tblCellMar>"#
    )
}

/// The table styles, as `styles.xml` holds them (children in schema order).
pub fn style_sheet_xml() -> String {
    let three_line_borders = [
        rule("top", THICK_RULE),
        no_rule("left"),
        rule("bottom", THICK_RULE),
        no_rule("right"),
        no_rule("insideH"),
        no_rule("insideV"),
    ]
    .concat();
    let grid_borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|side| rule(side, GRID_RULE))
        .collect();
    let style = |style_id: &str, name: &str, borders: &str, first_row: &str| {
        format!(
            r#"<w:style w:type="table" w:styleId="{style_id}"><w:name w:val="{name}" /><w:uiPriority w:val="59" /><w:qFormat /><w:tblPr><w:jc w:val="center" /><w:tblBorders>{borders}</w:tblBorders>{margins}</w:tblPr><w:trPr><w:cantSplit /></w:trPr><w:tcPr><w:vAlign w:val="center" /></w:tcPr>{first_row}</w:style>"#,
            margins = cell_margins()
        )
    };
    let header_rule = format!(
        r#"<w:tblStylePr w:type="firstRow"><w:tcPr><w:tcBorders>{}</w:tcBorders></w:tcPr></w:tblStylePr>"#,
        rule("bottom", THIN_RULE)
    );
    [
        style(
            id::THREE_LINE_TABLE,
            THREE_LINE_TABLE_STYLE_NAME,
            &three_line_borders,
            &header_rule,
        ),
        style(id::TABLE_GRID, TABLE_GRID_STYLE_NAME, &grid_borders, ""),
    ]
    .concat()
}

/// The name of the three-line table style.
pub const THREE_LINE_TABLE_STYLE_NAME: &str = "Three Line Table";
/// The name of the grid table style (Word's built-in `Table Grid`).
pub const TABLE_GRID_STYLE_NAME: &str = "Table Grid";

/// The properties of table `t` (`w:tblPr`): its style, its `width` in
/// twips, centred, fixed layout, and the style's header-row formatting on when it has
/// header rows (`w:tblLook`).
pub fn properties_xml(t: &Table, rules: TableRules, width: u32) -> String {
    let head = !t.head.is_empty();
    let first_row = u8::from(head);
    // firstRow 0x0020, noHBand 0x0200, noVBand 0x0400.
    let look = if head { "0620" } else { "0600" };
    format!(
        r#"<w:tblPr><w:tblStyle w:val="{style}" /><w:tblW w:w="{width}" w:type="dxa" /><w:jc w:val="center" /><w:tblLayout w:type="fixed" /><w:tblLook w:val="{look}" w:firstRow="{first_row}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1" /></w:tblPr>"#,
        style = style_id(rules)
    )
}

/// How a cell's paragraph is aligned: as its column says; a column
/// without alignment justifies its body cells and centres its header.
fn alignment(align: Align, header: bool) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Default if header => AlignmentType::Center,
        Align::Default => AlignmentType::Both,
    }
}

/// What stands in one grid slot of a row.
enum Slot<'a> {
    /// A cell starts here.
    Start(Placed<'a>),
    /// A cell from a row above continues down into this slot (spanning
    /// `col_span` columns, as the cell does).
    Continue { col_span: usize },
    /// Nothing covers the slot (a table the model did not check).
    Empty,
}

/// Each row's slots, left to right.
fn slots<'a>(t: &'a Table) -> Vec<Vec<Slot<'a>>> {
    let (rows, columns) = (t.row_count(), t.column_count());
    let placed = t.grid();
    // owner[r][c]: the index in `placed` of the cell that covers the slot.
    let mut owner = vec![vec![None; columns]; rows];
    for (i, p) in placed.iter().enumerate() {
        let row_end = (p.row + p.cell.row_span.max(1) as usize).min(rows);
        let column_end = (p.column + p.cell.col_span.max(1) as usize).min(columns);
        for row in &mut owner[p.row..row_end] {
            for slot in &mut row[p.column.min(column_end)..column_end] {
                slot.get_or_insert(i);
            }
        }
    }
    owner
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut out = Vec::new();
            let mut c = 0;
            while c < columns {
                match row[c].map(|i| placed[i]) {
                    Some(p) if p.column == c => {
                        let span = (p.cell.col_span.max(1) as usize).min(columns - c);
                        out.push(if p.row == r {
                            Slot::Start(p)
                        } else {
                            Slot::Continue { col_span: span }
                        });
                        c += span;
                    }
                    _ => {
                        out.push(Slot::Empty);
                        c += 1;
                    }
                }
            }
            out
        })
        .collect()
}

/// Builds table `t` with grid column widths `widths` (twips). `paragraph`
/// fills a cell's paragraph (already styled and aligned) with the inline
/// content given and gives it its id; covered slots get an empty one.
pub fn build(
    t: &Table,
    rules: TableRules,
    widths: &[u32],
    mut paragraph: impl FnMut(Paragraph, &[Inline]) -> Paragraph,
) -> docx_rs::Table {
    let head = t.head.len();
    let width = |column: usize, span: usize| -> usize {
        widths.iter().skip(column).take(span).map(|w| *w as usize).sum()
    };
    let rows = slots(t)
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            let header = r < head;
            let mut column = 0;
            let cells = row
                .into_iter()
                .map(|slot| {
                    let (cell, span, ends_at, group) = match slot {
                        Slot::Start(p) => {
                            let span = (p.cell.col_span.max(1) as usize)
                                .min(widths.len().saturating_sub(column).max(1));
                            let style = if header { id::TABLE_HEADING } else { id::TABLE_TEXT };
                            let align = match t.columns.get(column) {
                                // A header over several columns heads a group: centred.
                                _ if header && span > 1 => Align::Center,
                                Some(c) => c.align,
                                None => Align::Default,
                            };
                            let para = Paragraph::new().style(style).align(alignment(align, header));
                            let mut cell = TableCell::new().add_paragraph(paragraph(para, &p.cell.content));
                            if p.cell.row_span > 1 {
                                cell = cell.vertical_merge(VMergeType::Restart);
                            }
                            (cell, span, r + p.cell.row_span.max(1) as usize, span > 1)
                        }
                        Slot::Continue { col_span } => {
                            let style = if header { id::TABLE_HEADING } else { id::TABLE_TEXT };
                            let cell = TableCell::new()
                                .vertical_merge(VMergeType::Continue)
                                .add_paragraph(paragraph(Paragraph::new().style(style), &[]));
                            // A continued cell ends where the cell above does;
                            // only the last row of a merge draws its bottom.
                            (cell, col_span, r + 1, false)
                        }
                        Slot::Empty => {
                            let para = Paragraph::new().style(id::TABLE_TEXT);
                            (
                                TableCell::new().add_paragraph(paragraph(para, &[])),
                                1,
                                r + 1,
                                false,
                            )
                        }
                    };
                    let mut cell = cell.width(width(column, span), WidthType::Dxa);
                    if span > 1 {
                        cell = cell.grid_span(span);
                    }
                    column += span;
                    cell = cell.vertical_align(VAlignType::Center);
                    if header && head > 1 && rules == TableRules::ThreeLine {
                        cell = cell.set_borders(header_bottom(ends_at >= head || group));
                    }
                    cell
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    docx_rs::Table::new(rows).set_grid(widths.iter().map(|w| *w as usize).collect())
}

/// The bottom rule of a header cell in a header of several rows: the thin
/// rule where the cell ends on the header's last row or heads a group of
/// columns (the rule under a group's heading), none elsewhere above it.
fn header_bottom(last: bool) -> TableCellBorders {
    let bottom = TableCellBorder::new(TableCellBorderPosition::Bottom);
    let bottom = if last {
        bottom.size(THIN_RULE)
    } else {
        bottom.border_type(BorderType::Nil)
    };
    TableCellBorders::with_empty().set(bottom)
}

/// Measures text with the advances of the house fonts, cached per
/// character (a table of a thousand rows measures each character once).
pub struct Measurer<'a> {
    faces: [Option<ttf_parser::Face<'a>>; 2],
    cache: HashMap<(bool, char), f32>,
}

impl<'a> Measurer<'a> {
    /// A measurer with the body face and its bold (for header cells).
    pub fn new(fonts: &'a Fonts) -> Measurer<'a> {
        Measurer {
            faces: [fonts.serif.face().ok(), fonts.serif_bold.face().ok()],
            cache: HashMap::new(),
        }
    }

    /// The advance of `c` in ems; a character the face lacks counts as
    /// one em (full width), as does any when the face could not be read.
    fn advance(&mut self, c: char, bold: bool) -> f32 {
        let faces = &self.faces;
        *self.cache.entry((bold, c)).or_insert_with(|| {
            faces[usize::from(bold)]
                .as_ref()
                .and_then(|f| {
                    let g = f.glyph_index(c)?;
                    Some(f32::from(f.glyph_hor_advance(g)?) / f32::from(f.units_per_em()))
                })
                .unwrap_or(1.0)
        })
    }

    /// The min-content and max-content widths of `text` in ems
    /// ([`measure::content_widths`]).
    pub fn content_widths(&mut self, text: &str, bold: bool) -> (f32, f32) {
        let chars: Vec<char> = text.chars().collect();
        let measured = measure::content_widths(&chars, |_, c| Ok::<f32, Infallible>(self.advance(c, bold)));
        match measured {
            Ok(widths) => widths,
            Err(never) => match never {},
        }
    }
}

/// The grid column widths of `t` in twips, at most `total` in all: the
/// shared table layout rule ([`Table::column_widths`]) over the cells'
/// content set at `em` twips, the cell margins included.
pub fn column_widths(t: &Table, total: u32, em: f32, measurer: &mut Measurer) -> Vec<u32> {
    let pad = 2.0 * CELL_SIDE_TWIPS as f32;
    let widths = t.column_widths(total as f32, em, pad, |p| {
        let (min, max) = measurer.content_widths(&p.cell.text(), p.header);
        (min * em, max * em)
    });
    let sum = (widths.iter().sum::<f32>().round() as u32).min(total);
    round_to(&widths, sum)
}

/// `widths` in whole twips summing to `total`: each rounded down, the
/// twips left over given one each to the columns that lost the most.
fn round_to(widths: &[f32], total: u32) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().map(|w| w.max(0.0).floor() as u32).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by(|&a, &b| {
        let frac = |i: usize| widths[i] - widths[i].floor();
        frac(b).total_cmp(&frac(a)).then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(order.len() * 2) {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::table::sample::{cell, merged};

    #[test]
    fn every_slot_is_a_cell_or_the_continuation_of_one() {
        let t = merged();
        let shape: Vec<Vec<String>> = slots(&t)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|s| match s {
                        Slot::Start(p) => p.cell.text(),
                        Slot::Continue { col_span } => format!("↓{col_span}"),
                        Slot::Empty => "∅".into(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            [
                vec!["项目", "数量"],
                vec!["↓1", "立案", "办结"],
                vec!["2018—2019年", "5", "5"],
                vec!["↓1", "6", "6"],
            ]
        );
        // A row short of cells is padded, not mis-set.
        let mut t = merged();
        t.body[1].cells.pop();
        assert!(matches!(slots(&t)[3][2], Slot::Empty));
    }

    #[test]
    fn the_table_xml_merges_as_word_does() {
        let t = merged();
        let table = build(&t, TableRules::ThreeLine, &[3000, 2000, 2000], |p, _| p);
        let xml = String::from_utf8(docx_rs::BuildXML::build(&table)).unwrap();
        assert_eq!(xml.matches("<w:tr>").count(), 4, "{xml}");
        assert_eq!(xml.matches(r#"<w:vMerge w:val="restart" />"#).count(), 2, "{xml}");
        assert_eq!(
            xml.matches(r#"<w:vMerge w:val="continue" />"#).count(),
            2,
            "{xml}"
        );
        assert_eq!(xml.matches(r#"<w:gridSpan w:val="2" />"#).count(), 1, "{xml}");
        assert_eq!(xml.matches("<w:cantSplit />").count(), 4, "{xml}");
        assert!(xml.contains(r#"<w:gridCol w:w="3000" w:type="dxa" />"#), "{xml}");
        assert!(xml.contains(r#"<w:tcW w:w="4000" w:type="dxa" />"#), "{xml}");
        // The rule under a two-row header is under its second row: 项目
        // (both its slots), 立案 and 办结 carry it; and 数量, over the two,
        // has the group's rule under it.
        assert_eq!(xml.matches(r#"w:val="nil""#).count(), 0, "{xml}");
        assert_eq!(xml.matches(&format!(r#"w:sz="{THIN_RULE}""#)).count(), 5, "{xml}");
        // Without the group, the cell above the last header row has none.
        let mut t = merged();
        t.head[0].cells[1].col_span = 1;
        t.head[0].cells.push(cell("另", 1, 1));
        let table = build(&t, TableRules::ThreeLine, &[3000, 2000, 2000], |p, _| p);
        let xml = String::from_utf8(docx_rs::BuildXML::build(&table)).unwrap();
        assert_eq!(xml.matches(r#"w:val="nil""#).count(), 2, "{xml}");
    }

    #[test]
    fn widths_are_whole_twips_that_fill_the_measure() {
        // Two twips left over: to the largest remainders (0.8, then the first 0.6).
        assert_eq!(round_to(&[100.6, 100.6, 98.8], 300), vec![101, 100, 99]);
        assert_eq!(round_to(&[1.0, 2.0], 3), vec![1, 2]);
        assert_eq!(round_to(&[], 3), Vec::<u32>::new());
    }

    #[test]
    fn header_formatting_is_on_only_with_header_rows() {
        let mut t = merged();
        assert!(properties_xml(&t, TableRules::ThreeLine, 7000).contains(r#"w:firstRow="1""#));
        assert!(properties_xml(&t, TableRules::Grid, 7000).contains(r#"w:val="TableGrid""#));
        t.body.splice(0..0, std::mem::take(&mut t.head));
        assert!(properties_xml(&t, TableRules::ThreeLine, 7000).contains(r#"w:firstRow="0""#));
    }
}
