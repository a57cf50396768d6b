//! A table in the XHTML: `<table>` with its `<caption>` (the line `表N　…`,
//! above the table), `<thead>` with the header rows, `<tbody>`, `<th
//! scope>` and `<td>` with their spans and alignment, and the notes
//! (`注：…`) under it. Table and notes stand in one `<div class="table">`,
//! so the notes belong to the table, and the box scrolls sideways: a table
//! wider than a phone's screen stays whole, not cut off.
//!
//! Every cell, the caption and each note is a text block of its own, so a
//! page of the print edition that begins inside a cell has its marker
//! inside that cell (one that begins with a cell, at the cell's start: a
//! marker may stand in no `<tr>`); a page that begins with the caption
//! line begins with the table, and its marker goes before the box.

use crate::model::table::{Align, Cell, Placed, Scope, Table, MIN_UNBROKEN_EMS};
use crate::text::classes::is_cjk;

use super::{mark_up, Writer};

/// The class of the box around a table and its notes.
pub const TABLE_CLASS: &str = "table";

/// The class that aligns a cell as its column says; `None` for
/// [`Align::Default`] (the stylesheet's default for cells).
pub fn align_class(align: Align) -> Option<&'static str> {
    match align {
        Align::Default => None,
        Align::Left => Some("align-left"),
        Align::Center => Some("align-center"),
        Align::Right => Some("align-right"),
    }
}

/// The class of a cell no line break is made in (see [`is_short`]).
pub const SHORT_CLASS: &str = "short";

/// Whether every line of `cell` is at most [`MIN_UNBROKEN_EMS`] wide (the
/// model's rule, which the PDF's widths follow: a long neighbour never
/// squeezes a column of labels or numbers to a character a line on a narrow
/// screen, the box scrolls instead), counting Chinese characters and marks
/// as an em and others as half of one: the reading system has the fonts.
fn is_short(cell: &Cell) -> bool {
    let ems = |line: &str| -> f32 { line.chars().map(|c| if is_cjk(c) { 1.0 } else { 0.5 }).sum() };
    let text = cell.text();
    !text.is_empty() && text.split('\n').all(|line| ems(line) <= MIN_UNBROKEN_EMS)
}

/// The id of captioned table `number`'s box.
fn table_id(number: u32) -> String {
    format!("table-{number}")
}

impl Writer<'_> {
    /// Appends table `t` with its caption and notes.
    pub(super) fn table(&mut self, t: &Table) -> anyhow::Result<()> {
        match &t.caption {
            Some(c) => {
                let marks = self.marks.block_start(c.block);
                let id = table_id(c.number);
                // A region named by its caption, reachable from the
                // keyboard: a box that scrolls must be (WCAG 2.1.1).
                self.out.push_str(&format!(
                    "{marks}<div class=\"{TABLE_CLASS}\" id=\"{id}\" role=\"region\" \
                     aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n<table>\n"
                ));
                let start = self.out.len();
                self.out.push_str(&format!("<caption id=\"{id}-caption\">"));
                // The label and separator are the line before the caption's
                // words, which keep their marks.
                let line = c.line();
                let label = line.strip_suffix(c.text().as_str()).unwrap_or(&line);
                let label = self.marks.text(label);
                self.out.push_str(&label);
                self.inlines(&c.content)?;
                let marks = self.marks.block_end();
                self.out.push_str(&marks);
                self.out.push_str("</caption>\n");
                self.mark_up_from(start);
            }
            None => self.out.push_str(&format!(
                "<div class=\"{TABLE_CLASS}\" tabindex=\"0\">\n<table>\n"
            )),
        }
        if t.columns.iter().any(|c| c.width.is_some()) {
            self.out.push_str("<colgroup>");
            for c in &t.columns {
                match c.width.filter(|w| w.is_finite() && *w > 0.0) {
                    Some(w) => self
                        .out
                        .push_str(&format!("<col style=\"width: {}%\"/>", percent(w))),
                    None => self.out.push_str("<col/>"),
                }
            }
            self.out.push_str("</colgroup>\n");
        }
        // The grid is in reading order: each row's cells follow the last's.
        let grid = t.grid();
        let mut cells = grid.iter().peekable();
        let head = t.head.len();
        let groups = [("thead", 0..head), ("tbody", head..t.row_count())];
        for (tag, rows) in groups {
            if rows.is_empty() {
                continue;
            }
            self.out.push_str(&format!("<{tag}>\n"));
            for r in rows {
                self.out.push_str("<tr>");
                while let Some(p) = cells.next_if(|p| p.row == r) {
                    self.cell(t, p)?;
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str(&format!("</{tag}>\n"));
        }
        self.out.push_str("</table>\n");
        for note in &t.notes {
            let marks = self.marks.block_start(note.block);
            self.out.push_str(&marks);
            let start = self.out.len();
            self.out.push_str("<p>");
            self.inlines(&note.content)?;
            let marks = self.marks.block_end();
            self.out.push_str(&format!("{marks}</p>\n"));
            self.mark_up_from(start);
        }
        self.out.push_str("</div>\n");
        Ok(())
    }

    /// One cell: `<th scope>` for a header cell with words, else `<td>` (a
    /// header slot left empty heads nothing), its spans and alignment; the
    /// page markers due at its start go inside it.
    fn cell(&mut self, t: &Table, p: &Placed<'_>) -> anyhow::Result<()> {
        let cell = p.cell;
        let scope = t.scope(p).filter(|_| !cell.text().trim().is_empty());
        let (tag, mut attrs) = match scope {
            Some(Scope::Column) => ("th", " scope=\"col\"".to_string()),
            Some(Scope::Row) => ("th", " scope=\"row\"".to_string()),
            None => ("td", String::new()),
        };
        if cell.row_span > 1 {
            attrs.push_str(&format!(" rowspan=\"{}\"", cell.row_span));
        }
        if cell.col_span > 1 {
            attrs.push_str(&format!(" colspan=\"{}\"", cell.col_span));
        }
        let align = t.columns.get(p.column).map_or(Align::Default, |c| c.align);
        let short = is_short(cell).then_some(SHORT_CLASS);
        let classes: Vec<&str> = align_class(align).into_iter().chain(short).collect();
        if !classes.is_empty() {
            attrs.push_str(&format!(" class=\"{}\"", classes.join(" ")));
        }
        let start = self.out.len();
        self.out.push_str(&format!("<{tag}{attrs}>"));
        let marks = self.marks.block_start(cell.block);
        self.out.push_str(&marks);
        self.inlines(&cell.content)?;
        let marks = self.marks.block_end();
        self.out.push_str(&format!("{marks}</{tag}>"));
        self.mark_up_from(start);
        Ok(())
    }

    /// Marks up the punctuation of the text block written from `start` on.
    pub(super) fn mark_up_from(&mut self, start: usize) {
        let marked = mark_up(&self.out[start..]);
        self.out.truncate(start);
        self.out.push_str(&marked);
    }
}

/// A column's share of the width as a CSS percentage: at most two decimals,
/// no trailing zeros.
pub(super) fn percent(share: f32) -> String {
    let s = format!("{:.2}", share.clamp(0.0, 1.0) * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{PageMarks, Writer};
    use crate::model::table::TableCaption;
    use crate::model::{Align, Block, BlockId, Cell, Column, Inline, PageMap, Paragraph, Row, Table};

    fn cell(text: &str) -> Cell {
        Cell::new(vec![Inline::Text(text.into())])
    }

    #[test]
    fn a_table_is_a_captioned_box_with_head_body_spans_and_notes() {
        let mut blocks = [Block::Table(Table {
            caption: Some(TableCaption {
                number: 0,
                content: vec![Inline::Text("人数".into())],
                block: BlockId::default(),
                line: 1,
            }),
            columns: vec![
                Column::default(),
                Column {
                    align: Align::Right,
                    width: None,
                },
            ],
            head: vec![Row {
                cells: vec![cell(""), cell("人数")],
                line: 2,
            }],
            body: vec![
                Row {
                    cells: vec![
                        Cell {
                            row_span: 2,
                            ..Cell::new(vec![Inline::Strong(vec![Inline::Text("委员".into())])])
                        },
                        cell("2,000"),
                    ],
                    line: 3,
                },
                Row {
                    cells: vec![cell("（“新”）。")],
                    line: 4,
                },
            ],
            notes: vec![Paragraph {
                content: vec![Inline::Text("注：约数。".into())],
                line: 5,
                block: BlockId::default(),
            }],
            line: 2,
        })];
        crate::model::number(&mut blocks);
        let images = BTreeMap::new();
        let mut marks = PageMarks::new(&PageMap::default());
        let mut w = Writer::new(&images, &mut marks);
        w.blocks(&blocks).unwrap();
        assert_eq!(
            w.finish(),
            "<div class=\"table\" id=\"table-1\" role=\"region\" aria-labelledby=\"table-1-caption\" \
             tabindex=\"0\">\n<table>\n<caption id=\"table-1-caption\">表1\u{3000}人数</caption>\n\
             <thead>\n<tr><td></td><th scope=\"col\" class=\"align-right short\">人数</th></tr>\n</thead>\n\
             <tbody>\n<tr><th scope=\"row\" rowspan=\"2\" class=\"short\"><strong>委员</strong></th>\
             <td class=\"align-right short\">2,000</td></tr>\n\
             <tr><td class=\"align-right\">（“新<span class=\"pair\">”</span><span class=\"pair\">）</span>。</td></tr>\n\
             </tbody>\n</table>\n<p>注：约数。</p>\n</div>\n"
        );
    }
}
