//! Word tables read back: the grid of a `w:tbl` as Word lays it out —
//! which rows repeat as header rows (`w:tblHeader` on the first rows), and
//! each cell's grid column and spans: `w:gridSpan` across (after any
//! `w:gridBefore` the row starts with), `w:vMerge` down (a cell that
//! continues a merge is no cell of its own but one more row of the cell
//! that starts the merge in the same column).

use std::collections::BTreeMap;

use roxmltree::Node;

use super::xml::{attr, child, on, toggle};

/// A table's grid.
#[derive(Debug)]
pub struct Grid<'a, 'i> {
    /// How many rows, from the first, repeat as header rows.
    pub head_rows: usize,
    /// Each row's cells that start in it, left to right.
    pub rows: Vec<Vec<GridCell<'a, 'i>>>,
}

/// A cell and where it sits.
#[derive(Debug, Clone, Copy)]
pub struct GridCell<'a, 'i> {
    /// The `w:tc` that starts the cell.
    pub tc: Node<'a, 'i>,
    /// Its first grid column (0-based).
    pub column: usize,
    /// How many rows it spans (1 or more).
    pub row_span: u32,
    /// How many columns it spans (1 or more).
    pub col_span: u32,
}

/// The number in the `w:val` of the child `name` of `props`.
fn number(props: Option<Node>, name: &str) -> Option<u32> {
    attr(child(props?, name)?, "val")?.parse().ok()
}

/// Reads the grid of `tbl`, a `w:tbl` element (its own rows only, not
/// those of tables inside its cells).
pub fn read<'a, 'i>(tbl: Node<'a, 'i>) -> Grid<'a, 'i> {
    let mut rows: Vec<Vec<GridCell>> = Vec::new();
    let mut head_rows = 0;
    // The merge open in each column: (row, index in the row) of its first cell.
    let mut open: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for tr in tbl.children().filter(|n| on(*n, "tr")) {
        let r = rows.len();
        let tr_pr = child(tr, "trPr");
        if head_rows == r && tr_pr.is_some_and(|p| toggle(p, "tblHeader")) {
            head_rows += 1;
        }
        let mut column = number(tr_pr, "gridBefore").unwrap_or(0) as usize;
        let mut cells: Vec<GridCell> = Vec::new();
        for tc in tr.children().filter(|n| on(*n, "tc")) {
            let tc_pr = child(tc, "tcPr");
            let col_span = number(tc_pr, "gridSpan").filter(|s| *s > 0).unwrap_or(1);
            let merge = tc_pr
                .and_then(|p| child(p, "vMerge"))
                .map(|m| attr(m, "val").unwrap_or("continue"));
            let span = col_span as usize;
            if merge.is_some_and(|m| m != "restart") {
                // A continuation: one more row of the merge above, when
                // there is one of the same width.
                if let Some(&(row, index)) = open.get(&column) {
                    let first = &mut rows[row][index];
                    if first.col_span == col_span {
                        first.row_span += 1;
                        column += span;
                        continue;
                    }
                }
            }
            open.retain(|c, _| *c < column || *c >= column + span);
            if merge.is_some() {
                open.insert(column, (r, cells.len()));
            }
            cells.push(GridCell {
                tc,
                column,
                row_span: 1,
                col_span,
            });
            column += span;
        }
        rows.push(cells);
    }
    Grid { head_rows, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn grid(rows: &str) -> Vec<(usize, usize, u32, u32, String)> {
        let xml = format!("<w:tbl {NS}>{rows}</w:tbl>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let g = read(doc.root_element());
        g.rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().map(move |c| {
                    let text =
                        c.tc.descendants()
                            .filter(|n| n.is_text())
                            .filter_map(|n| n.text())
                            .collect::<String>();
                    (r, c.column, c.row_span, c.col_span, text)
                })
            })
            .collect()
    }

    #[test]
    fn spans_come_from_grid_span_and_vertical_merges() {
        let rows = concat!(
            r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>"#,
            r#"<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>立案</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>办结</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"#,
        );
        assert_eq!(
            grid(rows),
            vec![
                (0, 0, 2, 1, "项目".into()),
                (0, 1, 1, 2, "数量".into()),
                (1, 1, 1, 1, "立案".into()),
                (1, 2, 1, 1, "办结".into()),
                (2, 0, 1, 1, "甲".into()),
                (2, 1, 1, 1, String::new()),
                (2, 2, 1, 1, String::new()),
            ]
        );
        let xml = format!("<w:tbl {NS}>{rows}</w:tbl>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(read(doc.root_element()).head_rows, 2);
    }

    #[test]
    fn a_continuation_without_a_start_is_a_cell_and_grid_before_shifts_a_row() {
        let rows = concat!(
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"#,
        );
        // The first cell starts a merge of its own; the second row's header
        // mark does not make it a header row (the first row is none).
        assert_eq!(
            grid(rows),
            vec![
                (0, 0, 1, 1, String::new()),
                (0, 1, 1, 1, String::new()),
                (1, 1, 1, 1, String::new()),
            ]
        );
    }
}
