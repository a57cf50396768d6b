//! Tables: the block every edition sets as a table, with its caption
//! (`表N　…`, above the table), its header and body rows, cells that may
//! span rows and columns, and the notes under it (`注：…`).
//!
//! The model says everything a backend needs — which grid slot each cell
//! takes ([`Table::grid`]), whether a header cell heads a column or a row
//! ([`Table::scope`]), the caption line and the continued line (`续表N`) —
//! so the PDF, the EPUB and the DOCX derive nothing of their own.

use serde::Serialize;

mod widths;
pub use widths::{column_widths, Extent, MIN_UNBROKEN_EMS};

use super::{caption, plain_text, BlockId, Inline, Paragraph, CAPTION_SEPARATOR};

/// The prefix of a table label, as in `表1`.
pub const TABLE_PREFIX: &str = "表";

/// What a continued part of a table opens with, before the number: `续表1`.
pub const CONTINUED_PREFIX: &str = "续表";

/// How the editions rule a table (front matter `table-rules:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableRules {
    /// The three-line table (三线表): a thick rule above and below the
    /// table, a thin one under the header rows. The house style.
    #[default]
    ThreeLine,
    /// A full grid: every cell ruled on all sides.
    Grid,
}

impl TableRules {
    /// The names the front matter accepts, in the order of the variants.
    pub const NAMES: [&'static str; 2] = ["three-line", "grid"];

    /// The style named `name` in the front matter.
    pub fn from_name(name: &str) -> Option<TableRules> {
        match name {
            "three-line" => Some(TableRules::ThreeLine),
            "grid" => Some(TableRules::Grid),
            _ => None,
        }
    }

    /// The name the front matter uses for this style.
    pub fn name(self) -> &'static str {
        match self {
            TableRules::ThreeLine => Self::NAMES[0],
            TableRules::Grid => Self::NAMES[1],
        }
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The caption, when the table has one. Only captioned tables are
    /// numbered (`表N`), in document order, apart from figures.
    pub caption: Option<TableCaption>,
    /// One entry per grid column: how its cells align and, when the source
    /// gives it, its share of the table's width.
    pub columns: Vec<Column>,
    /// The header rows (repeated on every continued part), possibly none.
    pub head: Vec<Row>,
    /// The body rows.
    pub body: Vec<Row>,
    /// The notes under the table (`注：…`, `资料来源：…`), each a paragraph
    /// that belongs to the table in every edition.
    pub notes: Vec<Paragraph>,
    /// 1-based line of the table's first row in the source file.
    pub line: usize,
}

/// A table's caption: the words after the label, and the number the model
/// gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCaption {
    /// 1-based table number, in document order (given by
    /// [`super::number`]).
    pub number: u32,
    /// The caption's words, without the label.
    pub content: Vec<Inline>,
    /// The caption line's text block id, given by [`super::number`].
    #[serde(skip)]
    pub block: BlockId,
    /// 1-based line of the caption in the source file.
    pub line: usize,
}

/// How the cells of a column are aligned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// As the edition sets text by default (justified, from the left).
    #[default]
    Default,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right (numbers that line up on their last digit).
    Right,
}

/// A grid column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Column {
    /// How its cells are aligned.
    pub align: Align,
    /// Its share of the table's width (0 < w ≤ 1) when the source gives
    /// one (a grid table's border); `None` lets each edition size the
    /// column from its content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<f32>,
}

/// A row of cells. A cell that another cell above spans into is not
/// repeated: the row holds only the cells that start in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The cells that start in this row, left to right.
    pub cells: Vec<Cell>,
    /// 1-based line of the row in the source file.
    pub line: usize,
}

/// A cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The cell's inline content (hard breaks for lines inside the cell).
    pub content: Vec<Inline>,
    /// How many rows it spans (1 or more).
    pub row_span: u32,
    /// How many columns it spans (1 or more).
    pub col_span: u32,
    /// The cell's text block id, given by [`super::number`].
    #[serde(skip)]
    pub block: BlockId,
}

impl Cell {
    /// A cell spanning one row and one column.
    pub fn new(content: Vec<Inline>) -> Cell {
        Cell {
            content,
            row_span: 1,
            col_span: 1,
            block: BlockId::default(),
        }
    }

    /// The cell's plain text.
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }
}

/// Whether a header cell heads its column or its row (HTML `scope`, PDF
/// `/Scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A cell of the header rows: it heads the column(s) below it.
    Column,
    /// A body row's label (the first column of a table whose header rows
    /// leave that column's head empty or name it): it heads its row.
    Row,
}

/// Where a cell sits in the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed<'a> {
    /// The cell.
    pub cell: &'a Cell,
    /// Its first row, counting the header rows first (0-based).
    pub row: usize,
    /// Its first column (0-based).
    pub column: usize,
    /// Whether it is in the header rows.
    pub header: bool,
}

/// One cell as [`Table::shape`] describes it: what `verify` compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeCell {
    /// Its plain text.
    pub text: String,
    /// Rows it spans.
    pub row_span: u32,
    /// Columns it spans.
    pub col_span: u32,
    /// Whether it is a header cell (in the header rows).
    pub header: bool,
}

/// A table as every edition must show it: caption line, the number of
/// header rows, and each row's cells (see [`Table::shape`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    /// The caption line (`表N　…`), if any.
    pub caption: Option<String>,
    /// How many of the rows are header rows.
    pub head_rows: usize,
    /// The rows, header rows first; each holds the cells that start in it.
    pub rows: Vec<Vec<ShapeCell>>,
    /// The notes' texts.
    pub notes: Vec<String>,
}

impl TableShape {
    /// The number of grid columns the first row covers.
    pub fn columns(&self) -> u32 {
        self.rows
            .first()
            .map_or(0, |r| r.iter().map(|c| c.col_span).sum())
    }
}

impl TableCaption {
    /// The label, `表N`.
    pub fn label(&self) -> String {
        caption::label_with(TABLE_PREFIX, self.number)
    }

    /// The caption's own words.
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }

    /// The words every edition prints above the table: `表N　caption`
    /// (the label alone when the caption has no words).
    pub fn line(&self) -> String {
        let text = self.text();
        if text.is_empty() {
            self.label()
        } else {
            format!("{}{CAPTION_SEPARATOR}{text}", self.label())
        }
    }

    /// What a continued part of the table opens with: `续表N`.
    pub fn continued_line(&self) -> String {
        caption::label_with(CONTINUED_PREFIX, self.number)
    }
}

impl Table {
    /// All rows, header rows first.
    pub fn rows(&self) -> impl Iterator<Item = &Row> + '_ {
        self.head.iter().chain(&self.body)
    }

    /// The number of grid columns.
    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    /// The number of rows, header rows included.
    pub fn row_count(&self) -> usize {
        self.head.len() + self.body.len()
    }

    /// Every cell with the grid slot it starts in, in reading order (row by
    /// row, left to right). Spans are honoured: a slot that a cell above
    /// spans into is skipped. The parser and `import` make tables whose
    /// cells fill the grid exactly ([`Table::check_grid`]).
    pub fn grid(&self) -> Vec<Placed<'_>> {
        let columns = self.column_count();
        // How many more rows each column is taken for by a cell above.
        let mut taken = vec![0u32; columns];
        let mut out = Vec::new();
        for (r, row) in self.rows().enumerate() {
            let mut column = 0;
            for cell in &row.cells {
                while column < columns && taken[column] > 0 {
                    column += 1;
                }
                out.push(Placed {
                    cell,
                    row: r,
                    column,
                    header: r < self.head.len(),
                });
                let end = (column + cell.col_span as usize).min(columns);
                for t in &mut taken[column..end] {
                    *t = cell.row_span;
                }
                column = end;
            }
            for t in &mut taken {
                *t = t.saturating_sub(1);
            }
        }
        out
    }

    /// Checks that the cells fill the grid exactly: every row covers every
    /// column once, and no span runs past the last column or row. Returns
    /// what is wrong, naming the row (1-based, header rows first).
    pub fn check_grid(&self) -> Result<(), String> {
        let columns = self.column_count();
        let rows = self.row_count();
        let mut taken = vec![0u32; columns];
        for (r, row) in self.rows().enumerate() {
            let mut covered = taken.iter().filter(|t| **t > 0).count();
            let mut column = 0;
            for cell in &row.cells {
                if cell.row_span == 0 || cell.col_span == 0 {
                    return Err(format!("row {}: a cell spans no rows or columns", r + 1));
                }
                while column < columns && taken[column] > 0 {
                    column += 1;
                }
                let end = column + cell.col_span as usize;
                if end > columns {
                    return Err(format!(
                        "row {}: the cells cover more than {columns} columns",
                        r + 1
                    ));
                }
                if r + cell.row_span as usize > rows {
                    return Err(format!("row {}: a cell spans past the last row", r + 1));
                }
                if taken[column..end].iter().any(|t| *t > 0) {
                    return Err(format!("row {}: two cells take the same place", r + 1));
                }
                for t in &mut taken[column..end] {
                    *t = cell.row_span;
                }
                covered += cell.col_span as usize;
                column = end;
            }
            if covered != columns {
                return Err(format!(
                    "row {}: the cells cover {covered} of {columns} columns",
                    r + 1
                ));
            }
            for t in &mut taken {
                *t = t.saturating_sub(1);
            }
        }
        Ok(())
    }

    /// Whether the cell at `placed` heads a column or a row; `None` for a
    /// data cell. Header-row cells head columns; a body cell in the first
    /// column of a table of two or more columns heads its row when it is
    /// bold as a whole (the way statistical tables mark a row's label, and
    /// the way the editions print a row header).
    pub fn scope(&self, placed: &Placed<'_>) -> Option<Scope> {
        if placed.header {
            return Some(Scope::Column);
        }
        let whole_strong = matches!(placed.cell.content.as_slice(), [Inline::Strong(_)]);
        (placed.column == 0 && self.columns.len() > 1 && whole_strong).then_some(Scope::Row)
    }

    /// The table as `verify` compares it.
    pub fn shape(&self) -> TableShape {
        let mut rows: Vec<Vec<ShapeCell>> = vec![Vec::new(); self.row_count()];
        for p in self.grid() {
            rows[p.row].push(ShapeCell {
                text: p.cell.text(),
                row_span: p.cell.row_span,
                col_span: p.cell.col_span,
                header: p.header,
            });
        }
        TableShape {
            caption: self.caption.as_ref().map(TableCaption::line),
            head_rows: self.head.len(),
            rows,
            notes: self.notes.iter().map(|n| plain_text(&n.content)).collect(),
        }
    }

    /// The table's text blocks in reading order: the caption line, each
    /// cell row by row, then each note; with their ids and texts. This is
    /// the order of [`super::Document::block_texts`].
    pub fn text_blocks(&self) -> Vec<(BlockId, String)> {
        let mut out = Vec::new();
        if let Some(c) = &self.caption {
            out.push((c.block, c.line()));
        }
        for row in self.rows() {
            for cell in &row.cells {
                out.push((cell.block, cell.text()));
            }
        }
        for n in &self.notes {
            out.push((n.block, plain_text(&n.content)));
        }
        out
    }

    /// The first cell's words (up to 12 characters), to name the table in
    /// a message.
    pub fn first_words(&self) -> String {
        let text = self
            .rows()
            .flat_map(|r| &r.cells)
            .map(Cell::text)
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default();
        text.chars().take(12).collect()
    }
}

/// Tables the unit tests of the model and of the editions share.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// A cell of `text` over `row_span` rows and `col_span` columns.
    pub fn cell(text: &str, row_span: u32, col_span: u32) -> Cell {
        Cell {
            row_span,
            col_span,
            ..Cell::new(vec![Inline::Text(text.into())])
        }
    }

    /// A row of `cells` on line 1.
    pub fn row(cells: Vec<Cell>) -> Row {
        Row { cells, line: 1 }
    }

    /// 项目 over two header rows, 数量 over two columns, a row label over
    /// two body rows; captioned 表2.
    pub fn merged() -> Table {
        Table {
            caption: Some(TableCaption {
                number: 2,
                content: vec![Inline::Text("提案办理".into())],
                block: BlockId::default(),
                line: 1,
            }),
            columns: vec![Column::default(); 3],
            head: vec![
                row(vec![cell("项目", 2, 1), cell("数量", 1, 2)]),
                row(vec![cell("立案", 1, 1), cell("办结", 1, 1)]),
            ],
            body: vec![
                row(vec![cell("2018—2019年", 2, 1), cell("5", 1, 1), cell("5", 1, 1)]),
                row(vec![cell("6", 1, 1), cell("6", 1, 1)]),
            ],
            notes: vec![],
            line: 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sample::{cell, merged};
    use super::*;

    #[test]
    fn spans_place_cells_in_the_free_slots() {
        let t = merged();
        t.check_grid().unwrap();
        let slots: Vec<_> = t
            .grid()
            .iter()
            .map(|p| (p.cell.text(), p.row, p.column))
            .collect();
        let want = [
            ("项目", 0, 0),
            ("数量", 0, 1),
            ("立案", 1, 1),
            ("办结", 1, 2),
            ("2018—2019年", 2, 0),
            ("5", 2, 1),
            ("5", 2, 2),
            ("6", 3, 1),
            ("6", 3, 2),
        ];
        let want: Vec<_> = want.iter().map(|(t, r, c)| (t.to_string(), *r, *c)).collect();
        assert_eq!(slots, want);
        assert_eq!(t.shape().columns(), 3);
        assert_eq!(t.shape().head_rows, 2);
    }

    #[test]
    fn a_grid_with_a_gap_or_an_overlap_is_named_by_row() {
        let mut t = merged();
        t.body[1].cells.pop();
        assert_eq!(
            t.check_grid(),
            Err("row 4: the cells cover 2 of 3 columns".into())
        );
        let mut t = merged();
        t.body[1].cells.push(cell("多", 1, 1));
        assert_eq!(
            t.check_grid(),
            Err("row 4: the cells cover more than 3 columns".into())
        );
        let mut t = merged();
        t.body[1].cells[0].row_span = 2;
        assert_eq!(
            t.check_grid(),
            Err("row 4: a cell spans past the last row".into())
        );
    }

    #[test]
    fn caption_and_continued_lines() {
        let t = merged();
        let c = t.caption.as_ref().unwrap();
        assert_eq!(c.line(), "表2\u{3000}提案办理");
        assert_eq!(c.continued_line(), "续表2");
        let texts: Vec<_> = t.text_blocks().into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts[0], "表2\u{3000}提案办理");
        assert_eq!(texts.len(), 10);
        assert_eq!(t.first_words(), "项目");
    }

    #[test]
    fn header_cells_head_columns_and_bold_row_labels_head_rows() {
        let mut t = merged();
        t.body[1].cells[0].content = vec![Inline::Strong(vec![Inline::Text("6".into())])];
        let g = t.grid();
        let scopes: Vec<_> = g.iter().map(|p| t.scope(p)).collect();
        assert_eq!(scopes[0], Some(Scope::Column));
        assert_eq!(scopes[4], None);
        // "6" starts in column 1 (the label above spans into column 0).
        assert_eq!(scopes[7], None);
        t.body[0].cells[0].content = vec![Inline::Strong(vec![Inline::Text("合计".into())])];
        assert_eq!(t.scope(&t.grid()[4]), Some(Scope::Row));
    }
}
