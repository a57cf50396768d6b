//! `w:tbl`: its rows and cells (through the wrappers Word and the other
//! producers put around them), each cell's spans as WordprocessingML says
//! them — `w:gridSpan` across, `w:vMerge` restart/continue down, the
//! legacy `w:hMerge` — and [`merge`], which turns those into cells with a
//! row span and a column span, the way the model holds them.
//!
//! A row in Word holds a `w:tc` for every slot, a cell merged down
//! included (it is empty and says `w:vMerge` without `restart`); the
//! model's row holds only the cells that start in it. [`merge`] does that
//! step once, for whichever reader needs it.

use roxmltree::Node;

use super::xml::{attr, child, on, toggle};

/// How a cell takes part in a vertical merge (`w:vMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    /// Not merged down.
    None,
    /// The first cell of a vertical merge (`w:val="restart"`).
    Restart,
    /// A cell that continues the merge above it (no `w:val`, or
    /// `continue`).
    Continue,
}

/// A cell's own span settings, from its `w:tcPr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSpans {
    /// `w:gridSpan` (1 when absent or unreadable; 0 is read as 1).
    pub grid_span: u32,
    /// `w:vMerge`.
    pub v_merge: VMerge,
    /// Whether a legacy `w:hMerge` says this cell continues the one on its
    /// left.
    pub h_continue: bool,
}

/// The largest `w:gridSpan` taken at its word: a table has at most 63
/// columns in Word; anything above this is damage, read as 1.
const MAX_GRID_SPAN: u32 = 1000;

impl CellSpans {
    /// Reads a `w:tc`'s spans.
    pub fn read(tc: Node) -> CellSpans {
        let pr = child(tc, "tcPr");
        let grid_span = pr
            .and_then(|p| child(p, "gridSpan"))
            .and_then(|g| attr(g, "val"))
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|&n| (1..=MAX_GRID_SPAN).contains(&n))
            .unwrap_or(1);
        let v_merge = match pr.and_then(|p| child(p, "vMerge")) {
            None => VMerge::None,
            Some(v) => match attr(v, "val") {
                Some("restart") => VMerge::Restart,
                _ => VMerge::Continue,
            },
        };
        let h_continue = pr
            .and_then(|p| child(p, "hMerge"))
            .is_some_and(|h| attr(h, "val") != Some("restart"));
        CellSpans {
            grid_span,
            v_merge,
            h_continue,
        }
    }
}

/// The elements that wrap rows or cells without meaning anything for the
/// table: content controls, custom XML, smart tags.
fn wrapped<'a, 'i>(parent: Node<'a, 'i>, name: &str, out: &mut Vec<Node<'a, 'i>>) {
    for n in parent.children().filter(Node::is_element) {
        if on(n, name) {
            out.push(n);
        } else if on(n, "sdt") {
            if let Some(content) = child(n, "sdtContent") {
                wrapped(content, name, out);
            }
        } else if on(n, "customXml") || on(n, "smartTag") {
            wrapped(n, name, out);
        }
    }
}

/// The rows (`w:tr`) of a `w:tbl`, in order.
pub fn rows<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    wrapped(tbl, "tr", &mut out);
    out
}

/// The cells (`w:tc`) of a `w:tr`, in order.
pub fn cells<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut out = Vec::new();
    wrapped(tr, "tc", &mut out);
    out
}

/// Whether a row repeats as a header row on each page (`w:tblHeader`).
pub fn is_header(tr: Node) -> bool {
    child(tr, "trPr").is_some_and(|p| toggle(p, "tblHeader"))
}

/// How many grid columns a row leaves out before its first cell and after
/// its last (`w:gridBefore`, `w:gridAfter`).
pub fn grid_before_after(tr: Node) -> (u32, u32) {
    let pr = child(tr, "trPr");
    let read = |name: &str| {
        pr.and_then(|p| child(p, name))
            .and_then(|g| attr(g, "val"))
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|&n| n <= MAX_GRID_SPAN)
            .unwrap_or(0)
    };
    (read("gridBefore"), read("gridAfter"))
}

/// A row as read: the columns it leaves out first, and its cells.
#[derive(Debug, Clone)]
pub struct RawRow<T> {
    /// Grid columns left out before the first cell (`w:gridBefore`).
    pub before: u32,
    /// The cells with their spans.
    pub cells: Vec<(CellSpans, T)>,
}

/// A cell with its place and spans resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged<T> {
    /// Its first grid column (0-based).
    pub column: usize,
    /// Rows it spans (1 or more).
    pub row_span: u32,
    /// Columns it spans (1 or more).
    pub col_span: u32,
    /// What the caller read from it.
    pub content: T,
}

/// Resolves spans: each row's cells that start in it, with their column,
/// row span and column span. A continuing `w:vMerge` cell lengthens the
/// cell above it (same first column and width, ending just above) and is
/// dropped with its content; one with nothing to continue starts a cell
/// of its own. A continuing `w:hMerge` cell widens the cell on its left.
/// Slots no cell covers (a short row, `w:gridBefore`, `w:gridAfter`) are
/// filled with cells made by `fill`, one per slot, so every row covers as
/// many columns as the widest row.
pub fn merge<T>(rows: Vec<RawRow<T>>, fill: impl Fn() -> T) -> Vec<Vec<Merged<T>>> {
    let mut out: Vec<Vec<Merged<T>>> = Vec::with_capacity(rows.len());
    // The cell (row, index) that starts in each column, latest first.
    let mut starts: Vec<Option<(usize, usize)>> = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut cells: Vec<Merged<T>> = Vec::with_capacity(row.cells.len());
        let mut column = row.before as usize;
        for (spans, content) in row.cells {
            let span = spans.grid_span;
            if spans.h_continue {
                if let Some(left) = cells
                    .last_mut()
                    .filter(|c| c.column + c.col_span as usize == column)
                {
                    left.col_span += span;
                    column += span as usize;
                    continue;
                }
            }
            if spans.v_merge == VMerge::Continue {
                let above = starts.get(column).copied().flatten().filter(|&(rr, i)| {
                    let c = &out[rr][i];
                    c.col_span == span && rr + c.row_span as usize == r
                });
                if let Some((rr, i)) = above {
                    out[rr][i].row_span += 1;
                    column += span as usize;
                    continue;
                }
            }
            let end = column + span as usize;
            if starts.len() < end {
                starts.resize(end, None);
            }
            starts[column] = Some((r, cells.len()));
            cells.push(Merged {
                column,
                row_span: 1,
                col_span: span,
                content,
            });
            column = end;
        }
        out.push(cells);
    }
    fill_gaps(&mut out, fill);
    out
}

/// Fills every slot no cell covers with a cell of its own, and puts each
/// row's cells in column order.
fn fill_gaps<T>(rows: &mut [Vec<Merged<T>>], fill: impl Fn() -> T) {
    let columns = rows
        .iter()
        .flat_map(|r| r.iter().map(|c| c.column + c.col_span as usize))
        .max()
        .unwrap_or(0);
    // How many more rows each column is taken for by a cell above.
    let mut taken = vec![0u32; columns];
    for row in rows.iter_mut() {
        let mut covered = vec![false; columns];
        for (t, c) in taken.iter().zip(covered.iter_mut()) {
            *c = *t > 0;
        }
        for cell in row.iter() {
            for c in &mut covered[cell.column..cell.column + cell.col_span as usize] {
                *c = true;
            }
        }
        for (column, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
            row.push(Merged {
                column,
                row_span: 1,
                col_span: 1,
                content: fill(),
            });
        }
        row.sort_by_key(|c| c.column);
        for t in &mut taken {
            *t = t.saturating_sub(1);
        }
        for cell in row.iter() {
            for t in &mut taken[cell.column..cell.column + cell.col_span as usize] {
                *t = (*t).max(cell.row_span - 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(span: u32, v_merge: VMerge, text: &str) -> (CellSpans, String) {
        (
            CellSpans {
                grid_span: span,
                v_merge,
                h_continue: false,
            },
            text.to_string(),
        )
    }

    fn row(cells: Vec<(CellSpans, String)>) -> RawRow<String> {
        RawRow { before: 0, cells }
    }

    fn summary(rows: &[Vec<Merged<String>>]) -> Vec<Vec<(String, usize, u32, u32)>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.content.clone(), c.column, c.row_span, c.col_span))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn grid_spans_and_vertical_merges_become_spans() {
        use VMerge::*;
        // 项目 merged down two rows, 数量 across two columns; a row label
        // merged down two body rows.
        let rows = vec![
            row(vec![cell(1, Restart, "项目"), cell(2, None, "数量")]),
            row(vec![
                cell(1, Continue, ""),
                cell(1, None, "立案"),
                cell(1, None, "办结"),
            ]),
            row(vec![
                cell(1, Restart, "2018"),
                cell(1, None, "5"),
                cell(1, None, "5"),
            ]),
            row(vec![
                cell(1, Continue, "stray"),
                cell(1, None, "6"),
                cell(1, None, "6"),
            ]),
        ];
        let got = merge(rows, String::new);
        let s = |t: &str| t.to_string();
        assert_eq!(
            summary(&got),
            vec![
                vec![(s("项目"), 0, 2, 1), (s("数量"), 1, 1, 2)],
                vec![(s("立案"), 1, 1, 1), (s("办结"), 2, 1, 1)],
                vec![(s("2018"), 0, 2, 1), (s("5"), 1, 1, 1), (s("5"), 2, 1, 1)],
                vec![(s("6"), 1, 1, 1), (s("6"), 2, 1, 1)],
            ]
        );
    }

    #[test]
    fn a_continuation_with_nothing_above_and_short_rows_are_cells_of_their_own() {
        use VMerge::*;
        let mut short = row(vec![cell(1, None, "b")]);
        short.before = 1;
        let rows = vec![
            row(vec![cell(1, Continue, "a"), cell(2, None, "x")]),
            short,
            // A continuation under a cell of another width does not merge.
            row(vec![cell(1, None, "c"), cell(2, Continue, "d")]),
        ];
        let got = merge(rows, || "-".to_string());
        let s = |t: &str| t.to_string();
        assert_eq!(
            summary(&got),
            vec![
                vec![(s("a"), 0, 1, 1), (s("x"), 1, 1, 2)],
                vec![(s("-"), 0, 1, 1), (s("b"), 1, 1, 1), (s("-"), 2, 1, 1)],
                vec![(s("c"), 0, 1, 1), (s("d"), 1, 1, 2)],
            ]
        );
    }

    #[test]
    fn legacy_horizontal_merges_widen_the_cell_on_the_left() {
        let mut spans = cell(1, VMerge::None, "b");
        spans.0.h_continue = true;
        let got = merge(vec![row(vec![cell(1, VMerge::None, "a"), spans])], String::new);
        assert_eq!(summary(&got), vec![vec![("a".to_string(), 0, 1, 2)]]);
    }

    #[test]
    fn spans_are_read_from_the_cell_properties() {
        let xml = concat!(
            r#"<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:tr><w:trPr><w:tblHeader/><w:gridAfter w:val="1"/></w:trPr>"#,
            r#"<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr></w:tc>"#,
            r#"<w:sdt><w:sdtContent><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="x"/></w:tcPr></w:tc></w:sdtContent></w:sdt>"#,
            r#"</w:tr><w:customXml><w:tr><w:trPr><w:tblHeader w:val="0"/></w:trPr></w:tr></w:customXml></w:tbl>"#
        );
        let doc = roxmltree::Document::parse(xml).unwrap();
        let tbl = doc.root_element();
        let rows = rows(tbl);
        assert_eq!(rows.len(), 2);
        assert!(is_header(rows[0]) && !is_header(rows[1]));
        assert_eq!(grid_before_after(rows[0]), (0, 1));
        let cells = cells(rows[0]);
        assert_eq!(cells.len(), 2);
        assert_eq!(
            CellSpans::read(cells[0]),
            CellSpans {
                grid_span: 2,
                v_merge: VMerge::Restart,
                h_continue: false
            }
        );
        assert_eq!(CellSpans::read(cells[1]).v_merge, VMerge::Continue);
        assert_eq!(CellSpans::read(cells[1]).grid_span, 1);
    }
}
