//! A pandoc grid table drawn from its cells' lines of Markdown: the form a
//! table takes in the source when a pipe table cannot say it (spans,
//! several header rows or none, lines inside a cell).
//!
//! Each column is as wide as the widest line of the cells that span it
//! alone, in display columns ([`crate::text::classes::display_width`]: a
//! Han character counts 2), plus one space each side; a cell spanning
//! several columns widens the last of them if its lines need more. Each
//! row is as tall as its tallest cell. Every cell is a box of `+`
//! corners, `-` edges and `|` sides; boxes share their edges, so a cell
//! spanning columns covers the `|` between them, and one spanning rows
//! covers the row borders between them (pandoc's syntax for spans). The
//! line under the header rows is drawn with `=` and a `+` at every
//! column's edge, with the columns' alignment as colons at its ends
//! (`+:==+` left, `+==:+` right, `+:=:+` centred); a table with no
//! header rows carries the colons in its top line.

use crate::model::Align;
use crate::text::classes::{columns as char_columns, display_width};

/// A cell to draw: where it starts, what it spans, its lines.
#[derive(Debug, Clone)]
pub struct GridCell {
    /// Its first row (0-based, header rows first).
    pub row: usize,
    /// Its first column (0-based).
    pub column: usize,
    /// Rows it spans.
    pub row_span: usize,
    /// Columns it spans.
    pub col_span: usize,
    /// Its lines of Markdown.
    pub lines: Vec<String>,
}

/// One place of the drawing: a character (with the zero-width characters
/// that go with it), or the second column of a wide one.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Char(char),
    /// A character with zero-width ones before or after it.
    Marked(String),
    /// Taken by the wide character on its left.
    Rest,
}

/// The table drawn, each line ending in a newline. `rows` and `columns`
/// are the grid's size, `head` the number of header rows, `aligns` one
/// per column.
pub fn draw(cells: &[GridCell], rows: usize, columns: usize, head: usize, aligns: &[Align]) -> String {
    let widths = column_widths(cells, columns);
    let heights = row_heights(cells, rows);
    // The drawing's x of each column's left edge (and the right edge).
    let mut xs = vec![0usize];
    for w in &widths {
        xs.push(xs.last().copied().unwrap_or(0) + w + 3);
    }
    let mut ys = vec![0usize];
    for h in &heights {
        ys.push(ys.last().copied().unwrap_or(0) + h + 1);
    }
    let width = xs[columns] + 1;
    let mut canvas = vec![vec![Slot::Char(' '); width]; ys[rows] + 1];
    for cell in cells {
        let (x0, x1) = (xs[cell.column], xs[cell.column + cell.col_span]);
        let (y0, y1) = (ys[cell.row], ys[cell.row + cell.row_span]);
        for y in [y0, y1] {
            for x in x0 + 1..x1 {
                put(&mut canvas, x, y, '-');
            }
        }
        for x in [x0, x1] {
            for y in y0 + 1..y1 {
                put(&mut canvas, x, y, '|');
            }
        }
        for (x, y) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
            canvas[y][x] = Slot::Char('+');
        }
        for (i, line) in cell.lines.iter().enumerate() {
            write_line(&mut canvas[y0 + 1 + i], x0 + 2, line);
        }
    }
    let rule = if head > 0 { ys[head] } else { 0 };
    let any_align = aligns.iter().any(|a| *a != Align::Default);
    if head > 0 || any_align {
        let fill = if head > 0 { '=' } else { '-' };
        for (c, align) in aligns.iter().enumerate().take(columns) {
            let (x0, x1) = (xs[c], xs[c + 1]);
            canvas[rule][x0] = Slot::Char('+');
            canvas[rule][x1] = Slot::Char('+');
            for slot in &mut canvas[rule][x0 + 1..x1] {
                *slot = Slot::Char(fill);
            }
            if matches!(align, Align::Left | Align::Center) {
                canvas[rule][x0 + 1] = Slot::Char(':');
            }
            if matches!(align, Align::Right | Align::Center) {
                canvas[rule][x1 - 1] = Slot::Char(':');
            }
        }
    }
    let mut out = String::new();
    for line in canvas {
        let start = out.len();
        for slot in line {
            match slot {
                Slot::Char(c) => out.push(c),
                Slot::Marked(s) => out.push_str(&s),
                Slot::Rest => {}
            }
        }
        let kept = start + out[start..].trim_end_matches(' ').len();
        out.truncate(kept);
        out.push('\n');
    }
    out
}

/// Writes a line of text into a drawing's line from column `x`: a wide
/// character takes two places, a zero-width one joins the character
/// before it (or the next, at the start).
fn write_line(line: &mut [Slot], mut x: usize, text: &str) {
    let mut pending = String::new();
    let mut last: Option<usize> = None;
    for c in text.chars() {
        let w = char_columns(c);
        if w == 0 {
            match last {
                Some(at) => {
                    let mut s = match std::mem::replace(&mut line[at], Slot::Rest) {
                        Slot::Char(b) => b.to_string(),
                        Slot::Marked(s) => s,
                        Slot::Rest => String::new(),
                    };
                    s.push(c);
                    line[at] = Slot::Marked(s);
                }
                None => pending.push(c),
            }
            continue;
        }
        line[x] = if pending.is_empty() {
            Slot::Char(c)
        } else {
            pending.push(c);
            Slot::Marked(std::mem::take(&mut pending))
        };
        if w == 2 {
            line[x + 1] = Slot::Rest;
        }
        last = Some(x);
        x += w;
    }
}

/// Draws an edge character over what is there: where a `-` and a `|`
/// cross, a `+`; a `+` stays.
fn put(canvas: &mut [Vec<Slot>], x: usize, y: usize, c: char) {
    let slot = &mut canvas[y][x];
    *slot = match *slot {
        Slot::Char('+') => Slot::Char('+'),
        Slot::Char('-') if c == '|' => Slot::Char('+'),
        Slot::Char('|') if c == '-' => Slot::Char('+'),
        _ => Slot::Char(c),
    };
}

/// The width of each column's text (at least 1): its widest line among
/// the cells that span it alone, widened where a spanning cell needs more.
fn column_widths(cells: &[GridCell], columns: usize) -> Vec<usize> {
    let widest = |c: &GridCell| c.lines.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let mut widths = vec![1usize; columns];
    for c in cells.iter().filter(|c| c.col_span == 1) {
        widths[c.column] = widths[c.column].max(widest(c));
    }
    let mut spanning: Vec<&GridCell> = cells.iter().filter(|c| c.col_span > 1).collect();
    spanning.sort_by_key(|c| c.col_span);
    for c in spanning {
        let range = c.column..c.column + c.col_span;
        // The text room of the span: its columns, their padding and the
        // edges between them.
        let room: usize = widths[range.clone()].iter().sum::<usize>() + 3 * (c.col_span - 1);
        let need = widest(c);
        if need > room {
            widths[range.end - 1] += need - room;
        }
    }
    widths
}

/// The number of text lines of each row (at least 1): its tallest cell
/// that spans it alone, and a row-spanning cell's lines in its last row
/// when the rows and the borders between them are too few.
fn row_heights(cells: &[GridCell], rows: usize) -> Vec<usize> {
    let mut heights = vec![1usize; rows];
    for c in cells.iter().filter(|c| c.row_span == 1) {
        heights[c.row] = heights[c.row].max(c.lines.len());
    }
    let mut spanning: Vec<&GridCell> = cells.iter().filter(|c| c.row_span > 1).collect();
    spanning.sort_by_key(|c| c.row_span);
    for c in spanning {
        let range = c.row..c.row + c.row_span;
        let room: usize = heights[range.clone()].iter().sum::<usize>() + (c.row_span - 1);
        if c.lines.len() > room {
            heights[range.end - 1] += c.lines.len() - room;
        }
    }
    heights
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, column: usize, row_span: usize, col_span: usize, lines: &[&str]) -> GridCell {
        GridCell {
            row,
            column,
            row_span,
            col_span,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        }
    }

    #[test]
    fn spans_cover_the_edges_between_their_columns_and_rows() {
        let cells = [
            cell(0, 0, 2, 1, &["项目"]),
            cell(0, 1, 1, 2, &["数量"]),
            cell(1, 1, 1, 1, &["立案"]),
            cell(1, 2, 1, 1, &["办结"]),
            cell(2, 0, 2, 1, &["2018—2019年"]),
            cell(2, 1, 1, 1, &["5"]),
            cell(2, 2, 1, 1, &["5"]),
            cell(3, 1, 1, 1, &["6"]),
            cell(3, 2, 1, 1, &["6"]),
        ];
        let aligns = [Align::Default, Align::Right, Align::Center];
        let got = draw(&cells, 4, 3, 2, &aligns);
        let want = concat!(
            "+-------------+-------------+\n",
            "| 项目        | 数量        |\n",
            "|             +------+------+\n",
            "|             | 立案 | 办结 |\n",
            "+=============+=====:+:====:+\n",
            "| 2018—2019年 | 5    | 5    |\n",
            "|             +------+------+\n",
            "|             | 6    | 6    |\n",
            "+-------------+------+------+\n",
        );
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn a_headerless_table_carries_its_alignment_in_the_top_line() {
        let cells = [cell(0, 0, 1, 1, &["甲\\", "乙"]), cell(0, 1, 1, 1, &["12"])];
        let got = draw(&cells, 1, 2, 0, &[Align::Left, Align::Right]);
        let want = concat!(
            "+:----+---:+\n",
            "| 甲\\ | 12 |\n",
            "| 乙  |    |\n",
            "+-----+----+\n",
        );
        assert_eq!(got, want, "\n{got}");
        // A wide cell spanning two narrow columns widens the last one.
        let cells = [
            cell(0, 0, 1, 2, &["一二三四五六七八"]),
            cell(1, 0, 1, 1, &["a"]),
            cell(1, 1, 1, 1, &["b"]),
        ];
        let got = draw(&cells, 2, 2, 0, &[Align::Default; 2]);
        let want = concat!(
            "+------------------+\n",
            "| 一二三四五六七八 |\n",
            "+---+--------------+\n",
            "| a | b            |\n",
            "+---+--------------+\n",
        );
        assert_eq!(got, want, "\n{got}");
    }
}
