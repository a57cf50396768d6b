//! pandoc's grid tables: the table syntax that carries merged cells.
//!
//! ```text
//! +--------+---------------+
//! | 地区   | 产值（亿元）  |
//! |        +-------+-------+
//! |        | 2021  | 2022  |
//! +========+======:+======:+
//! | 东部   | 1,200 | 1,350 |
//! +--------+-------+-------+
//! ```
//!
//! CommonMark knows no such thing, so [`find`] reads every grid table of a
//! body before pulldown-cmark sees it and [`mask`] replaces its lines with
//! a comment of the same length, which the parser then swaps for the
//! table: byte offsets and line numbers stay those of the source.
//!
//! A grid table starts at the beginning of a line after a blank line (or
//! the body's start) with `+-`, `+=` or `+:`, and runs while lines start
//! with `+` or `|`. Columns are measured in display columns (a Chinese
//! character takes two, as a monospace editor shows it; ambiguous-width
//! marks such as `“` one, as pandoc counts). Cell borders are traced from
//! each cell's top-left corner: a cell spans the columns whose `|` is
//! missing in its rows and the rows whose border is missing under it. The
//! rows above a `+===+` border are the header rows; colons at the ends of
//! that border's segments (or of the top border when there is none) give
//! the alignment. A cell holds inline Markdown: its lines are joined as a
//! paragraph's lines are (a `\` at a line's end is a line break).

use anyhow::{bail, Result};

use crate::model::Align;
use crate::text::classes::columns as char_width;

/// A grid table found in a body, before its cells are parsed as Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range of its lines in the body (the last line's end, without
    /// its line break).
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// 1-based line of its first line in the file.
    pub line: usize,
    /// Column alignments.
    pub aligns: Vec<Align>,
    /// How many of `rows` are header rows.
    pub head_rows: usize,
    /// The rows (grid row index = position): each a list of cells that
    /// start in it.
    pub rows: Vec<Vec<RawCell>>,
    /// The 1-based line of each row's first line in the file.
    pub row_lines: Vec<usize>,
}

/// A cell's Markdown text and extent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCell {
    /// Its lines, trimmed, joined by line breaks.
    pub text: String,
    /// 1-based line of its first text line in the file.
    pub line: usize,
    /// Rows it spans.
    pub row_span: u32,
    /// Columns it spans.
    pub col_span: u32,
}

/// Whether `line` opens a grid table's border.
pub fn is_border_start(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0] == b'+' && matches!(b[1], b'-' | b'=' | b':')
}

/// Whether `text` begins as a grid table's border does: `+`, a run of
/// `-`, `=` or `:`, `+`.
pub fn looks_like_border(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let after = rest.trim_start_matches(['-', '=', ':']);
    after.len() < rest.len() && after.starts_with('+')
}

/// Every grid table of `body`, in order. `name` names the file in errors.
/// `first_line` is the 1-based line of the body's first line in its file.
pub fn find(body: &str, first_line: usize, name: &str) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    let lines: Vec<(usize, &str)> = line_spans(body);
    let mut previous_blank = true;
    let mut in_comment = false;
    let mut i = 0;
    while i < lines.len() {
        let (start, text) = lines[i];
        if in_comment {
            in_comment = !text.contains("-->");
            previous_blank = false;
            i += 1;
            continue;
        }
        if previous_blank && is_border_start(text) {
            let mut j = i + 1;
            while j < lines.len() && matches!(lines[j].1.as_bytes().first(), Some(b'+' | b'|')) {
                j += 1;
            }
            let table = &lines[i..j];
            let (last_start, last) = table[table.len() - 1];
            found.push(read(table, first_line + i, name)?);
            let f = found.last_mut().expect("just pushed");
            f.start = start;
            f.end = last_start + last.len();
            previous_blank = false;
            i = j;
            continue;
        }
        if let Some(open) = text.find("<!--") {
            in_comment = !text[open + 4..].contains("-->");
        }
        previous_blank = text.trim().is_empty();
        i += 1;
    }
    Ok(found)
}

/// `body` with each found table's bytes replaced by one HTML comment of
/// the same length and lines (CommonMark reads it as one HTML block).
pub fn mask(body: &str, found: &[Found]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for f in found {
        for b in &mut bytes[f.start..f.end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
        bytes[f.start..f.start + 4].copy_from_slice(b"<!--");
        bytes[f.end - 3..f.end].copy_from_slice(b"-->");
    }
    String::from_utf8(bytes).expect("only ASCII bytes replaced whole lines")
}

/// Each line's byte offset and text, without its line break.
fn line_spans(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in body.split_inclusive('\n') {
        let text = piece.trim_end_matches(['\n', '\r']);
        out.push((start, text));
        start += piece.len();
    }
    out
}

/// A line as display columns: each column's character, `None` for the
/// second column of a wide character.
fn columns(text: &str) -> Vec<Option<char>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let w = char_width(c);
        if w == 0 {
            // A combining mark belongs to the character before it.
            continue;
        }
        out.push(Some(c));
        out.extend(std::iter::repeat_n(None, w - 1));
    }
    out
}

fn read(lines: &[(usize, &str)], first_line: usize, name: &str) -> Result<Found> {
    let at = |k: usize| format!("{name}:{}", first_line + k);
    if lines[0].1.len() < 4 {
        bail!("{}: a grid table's border must be at least `+--+`", at(0));
    }
    let grid: Vec<Vec<Option<char>>> = lines.iter().map(|(_, t)| columns(t.trim_end())).collect();
    let width = grid[0].len();
    for (k, row) in grid.iter().enumerate() {
        if row.len() != width {
            bail!(
                "{}: this grid table line is {} columns wide, its first line {} (a Chinese character counts two): line up the right border",
                at(k),
                row.len(),
                width
            );
        }
        let last = row[width - 1];
        let first = row[0];
        let border = first == Some('+');
        if !matches!(last, Some('+' | '|')) || (border && last != Some('+')) {
            bail!(
                "{}: a grid table line must end with its border (`|` or `+`) in column {width}",
                at(k)
            );
        }
    }
    // Column boundaries: every `+` that a rule `-`/`=` touches.
    let mut bounds: Vec<usize> = Vec::new();
    for row in &grid {
        for (x, c) in row.iter().enumerate() {
            let touches = |y: Option<usize>| {
                y.and_then(|y| row.get(y))
                    .is_some_and(|c| matches!(c, Some('-' | '=' | ':')))
            };
            if *c == Some('+') && (touches(x.checked_sub(1)) || touches(Some(x + 1))) && !bounds.contains(&x)
            {
                bounds.push(x);
            }
        }
    }
    bounds.sort_unstable();
    if bounds.first() != Some(&0) || bounds.last() != Some(&(width - 1)) {
        bail!(
            "{}: a grid table's border must run from its first column to its last",
            at(0)
        );
    }
    let ncols = bounds.len() - 1;
    let seg = |k: usize, a: usize, b: usize| &grid[k][a + 1..b];
    // Whether line `k` is a rule under grid columns `j..l`: a run of `fill`
    // (colons allowed) between each pair of boundaries, `+` or `fill` on the
    // boundaries inside.
    let is_rule = |k: usize, j: usize, l: usize, fill: char| {
        (j..l).all(|c| {
            let s = seg(k, bounds[c], bounds[c + 1]);
            !s.is_empty()
                && s.iter()
                    .all(|ch| matches!(ch, Some(ch) if *ch == fill || *ch == ':'))
                && s.contains(&Some(fill))
        }) && (j + 1..l).all(|c| matches!(grid[k][bounds[c]], Some(ch) if ch == '+' || ch == fill))
    };
    // Border lines: those with a rule under some column.
    let borders: Vec<usize> = (0..grid.len())
        .filter(|&k| (0..ncols).any(|c| is_rule(k, c, c + 1, '-') || is_rule(k, c, c + 1, '=')))
        .collect();
    let full = |k: usize| is_rule(k, 0, ncols, '-') || is_rule(k, 0, ncols, '=');
    if !full(0) {
        bail!("{}: a grid table opens with a border across every column", at(0));
    }
    if !full(grid.len() - 1) || borders.len() < 2 {
        bail!(
            "{}: the grid table is not closed: its last line must be a border `+---+` across every column",
            at(grid.len() - 1)
        );
    }
    let nrows = borders.len() - 1;
    // The header border.
    let mut head_rows = 0;
    let mut align_line = 0;
    for (r, &k) in borders.iter().enumerate() {
        if (0..ncols).any(|c| is_rule(k, c, c + 1, '=')) {
            if head_rows != 0 || r == 0 || r == nrows || !is_rule(k, 0, ncols, '=') {
                bail!(
                    "{}: a grid table has one `+===+` border, across every column, under its header rows",
                    at(k)
                );
            }
            head_rows = r;
            align_line = k;
        }
    }
    let mut aligns = Vec::with_capacity(ncols);
    for j in 0..ncols {
        let s = seg(align_line, bounds[j], bounds[j + 1]);
        let (l, r) = (s[0] == Some(':'), s[s.len() - 1] == Some(':'));
        aligns.push(match (l, r) {
            (true, true) => Align::Center,
            (true, false) => Align::Left,
            (false, true) => Align::Right,
            (false, false) => Align::Default,
        });
    }
    // Trace the cells.
    let mut taken = vec![vec![false; ncols]; nrows];
    let mut rows: Vec<Vec<RawCell>> = vec![Vec::new(); nrows];
    for i in 0..nrows {
        for j in 0..ncols {
            if taken[i][j] {
                continue;
            }
            let (top, bottom_first) = (borders[i], borders[i + 1]);
            let band = top + 1..bottom_first;
            // Columns: up to the first boundary with a `|` all down the band.
            let mut k = j + 1;
            while k < ncols
                && !band
                    .clone()
                    .all(|y| matches!(grid[y][bounds[k]], Some('|' | '+')))
            {
                if band.clone().any(|y| grid[y][bounds[k]] == Some('|')) {
                    bail!("{}: a cell's right border `|` is broken off", at(top + 1));
                }
                k += 1;
            }
            // Rows: down to the first border whose segment is a rule.
            let mut l = i + 1;
            while l < nrows && !is_rule(borders[l], j, k, '-') && !is_rule(borders[l], j, k, '=') {
                l += 1;
            }
            if (i..l).any(|r| (j..k).any(|c| taken[r][c])) {
                bail!(
                    "{}: the grid table's cells overlap: each cell must be a rectangle",
                    at(top + 1)
                );
            }
            if i < head_rows && l > head_rows {
                bail!(
                    "{}: a header cell may not span past the `+===+` border",
                    at(top + 1)
                );
            }
            for row in taken.iter_mut().take(l).skip(i) {
                for t in row.iter_mut().take(k).skip(j) {
                    *t = true;
                }
            }
            let (a, b) = (bounds[j], bounds[k]);
            let mut text_lines: Vec<(usize, String)> = Vec::new();
            for y in top + 1..borders[l] {
                let s: String = seg(y, a, b).iter().flatten().collect();
                text_lines.push((y, s.trim().to_string()));
            }
            while text_lines.last().is_some_and(|(_, t)| t.is_empty()) {
                text_lines.pop();
            }
            let skip = text_lines.iter().take_while(|(_, t)| t.is_empty()).count();
            let line = text_lines.get(skip).map_or(top + 1, |(y, _)| *y);
            let text = text_lines[skip..]
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            rows[i].push(RawCell {
                text,
                line: first_line + line,
                row_span: (l - i) as u32,
                col_span: (k - j) as u32,
            });
        }
    }
    Ok(Found {
        start: 0,
        end: 0,
        line: first_line,
        aligns,
        head_rows,
        rows,
        row_lines: borders[..nrows].iter().map(|k| first_line + k + 1).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Found {
        let mut f = find(body, 1, "t.md").unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        f.remove(0)
    }

    fn texts(f: &Found) -> Vec<Vec<(String, u32, u32)>> {
        f.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.clone(), c.row_span, c.col_span))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spans_header_and_alignment_by_display_width() {
        let body = "前文\n\n+------+--------------+\n| 地区 | 产值         |\n|      +------+-------+\n|      | 2021 | 2022  |\n+======+=====:+:=====:+\n| 东部 | 1    | 2     |\n+------+------+-------+\n\n后文\n";
        let f = one(body);
        assert_eq!(f.line, 3);
        assert_eq!(f.head_rows, 2);
        assert_eq!(f.aligns, vec![Align::Default, Align::Right, Align::Center]);
        let s = |t: &str, r, c| (t.to_string(), r, c);
        assert_eq!(
            texts(&f),
            vec![
                vec![s("地区", 2, 1), s("产值", 1, 2)],
                vec![s("2021", 1, 1), s("2022", 1, 1)],
                vec![s("东部", 1, 1), s("1", 1, 1), s("2", 1, 1)],
            ]
        );
        assert_eq!(f.row_lines, vec![4, 6, 8]);
        assert_eq!(
            &body[f.start..f.end],
            body.lines().skip(2).take(7).collect::<Vec<_>>().join("\n")
        );
        let masked = mask(body, &[f]);
        assert_eq!(masked.len(), body.len());
        assert_eq!(masked.lines().count(), body.lines().count());
        assert!(masked.contains("\n<!--") && masked.contains("-->\n\n后文"));
    }

    #[test]
    fn multi_line_cells_and_no_header() {
        let f = one("+:----+-----+\n| a   | b\\  |\n| c   | d   |\n+-----+-----+\n");
        assert_eq!(f.head_rows, 0);
        assert_eq!(f.aligns, vec![Align::Left, Align::Default]);
        assert_eq!(f.rows[0][0].text, "a\nc");
        assert_eq!(f.rows[0][1].text, "b\\\nd");
    }

    #[test]
    fn not_a_table_unless_it_opens_a_block() {
        assert!(find("text\n+---+\n| a |\n+---+\n", 1, "t.md").unwrap().is_empty());
        assert!(find("<!--\n\n+---+\n| a |\n+---+\n-->\n", 1, "t.md")
            .unwrap()
            .is_empty());
    }

    #[test]
    fn broken_tables_name_their_line() {
        let err = |b: &str| find(b, 1, "t.md").unwrap_err().to_string();
        assert!(
            err("+----+\n| 中文 |\n+----+\n").starts_with("t.md:2: this grid table line is 8 columns wide")
        );
        assert!(err("+----+\n| ab |\n").starts_with("t.md:2: the grid table is not closed"));
        assert!(err("+----+\n| ab |\n+====+\n").starts_with("t.md:3: a grid table has one"));
        assert!(err("+----+\n| ab x\n+----+\n").starts_with("t.md:2: a grid table line must end"));
    }
}
