//! Tables in the printed edition.
//!
//! A table is set by the project's own layout, as its paragraphs are:
//!
//! - **Columns** are sized from their cells' content as CSS's automatic
//!   table layout does ([`crate::model::table::column_widths`]): each column gets its widest
//!   unbreakable piece (its min-content width, padding included), and
//!   what the measure has beyond that is shared in proportion to how much
//!   more each column's longest line wants (max − min). A table whose
//!   content fits on one line a cell is as wide as that content and
//!   **centred** in the measure. Columns whose widths the source gives (a
//!   grid table's borders) take their share of the measure instead, never
//!   less than their min-content width. One departure from CSS: a cell of
//!   up to four characters counts as unbreakable, so that a long neighbour
//!   never squeezes a column of labels to one character a line.
//! - **Cells** are set with [`set_text`]: the body's Chinese line breaking,
//!   kinsoku, punctuation compression and no lone last character, in the
//!   column's alignment (justified by default, right for numbers when the
//!   column says so; header cells centred by default, and always when they
//!   span several columns), header cells bold,
//!   vertically centred in their row.
//! - **Rules**: the three-line table (三线表) by default — a thick rule
//!   above and below, a thin one under the header rows — or a full grid
//!   (`table-rules: grid`). Rules are decoration (layout artifacts).
//! - **Caption** `表N　…` centred above the table, never parted from the
//!   header rows and the first row: they are one chunk.
//! - **Pages**: a table breaks only between rows (rows joined by a cell
//!   spanning them stay together). The part a break leaves is closed with
//!   the bottom rule; the next part opens with a right-aligned `续表N` (`续表`
//!   for a table without a caption, which has no number) and
//!   the header rows again, both pagination artifacts so the structure
//!   holds each row once (`page::Continued`). A row taller than a
//!   page is cut between its lines, with a warning.
//! - **Notes** (`注：…`) follow the bottom rule in the caption size,
//!   justified to the table's width (at least 24 body ems, centred on the
//!   table), the first line kept with the last row.
//! - **Tags**: `Table` > `Caption`, `TR` > `TH` (`/Scope`) / `TD`, with
//!   `/RowSpan` and `/ColSpan` over 1; the notes are `TableNote` elements
//!   (role-mapped to `P`) after the table.

use anyhow::{bail, Result};

use super::layout::{body_line, line_chunks};
use super::page::{Boxed, Chunk, Continued, Mark};
use super::style::{pt, Metrics, TextStyle, TEXT_BOTTOM, TEXT_TOP};
use super::tags::{self, CellAttributes, ElementId, Tree};
use super::text::{plain_chars, set_text, styled_chars, Align, Setting, StyledChar};
use crate::model::table::{
    column_widths, Align as ColumnAlign, Extent, Placed, Scope, Table, TableRules, CONTINUED_PREFIX,
};
use crate::model::{Role, CAPTION_SEPARATOR};
use crate::style::{self as house, Kind};
use crate::text::classes::is_han;
use crate::text::linebreak::Punctuation;
use crate::text::measure;

mod rows;

use rows::{as_artifact, cuts, draw_group, groups, row_heights, Cells, Geometry, SetCell};

/// What one table lays out into: its box (caption, rows and notes) and
/// the warnings it raises.
pub(super) struct SetTable {
    /// The box paginate places.
    pub boxed: Boxed,
    /// Warnings (a row taller than a page), each naming the table.
    pub warnings: Vec<String>,
}

/// What a table is set with from the rest of the layout.
pub(super) struct Frame<'a> {
    /// The measure's left edge.
    pub dx: f32,
    /// The measure's width.
    pub width: f32,
    /// The element the table's elements go under.
    pub parent: ElementId,
    /// How punctuation is set.
    pub punctuation: Punctuation,
    /// How the table is ruled.
    pub rules: TableRules,
    /// The source file's name, for messages.
    pub source: &'a str,
}

/// The narrowest a table's caption or notes are set, in body ems.
const MIN_TEXT_EMS: f32 = 24.0;

/// A cell before it is set: its place, element, characters, alignment and
/// content widths.
struct Prepared<'t> {
    placed: Placed<'t>,
    element: ElementId,
    chars: Vec<StyledChar>,
    align: Align,
    extent: Extent,
}

/// Where the table stands in the measure: its columns' widths, their left
/// edges from the table's, its left edge and its width.
struct Columns {
    widths: Vec<f32>,
    lefts: Vec<f32>,
    x0: f32,
    width: f32,
}

/// Lays out `table` in `frame`, adding its elements to `tree`.
pub(super) fn lay_out(table: &Table, frame: &Frame, metrics: &Metrics, tree: &mut Tree) -> Result<SetTable> {
    let g = Geometry::new(frame.rules);
    let element = tree.add(tags::Kind::Table, frame.parent);
    let caption = table
        .caption
        .as_ref()
        .map(|_| tree.add(tags::Kind::Caption, element));
    let cells = prepare(table, element, metrics, tree, &g)?;
    let extents: Vec<Extent> = cells.iter().map(|c| c.extent).collect();
    let widths = column_widths(table.column_count(), &extents, &table.given_widths(), frame.width);
    let width: f32 = widths.iter().sum();
    let lefts = widths
        .iter()
        .scan(0.0, |x, w| {
            let left = *x;
            *x += w;
            Some(left)
        })
        .collect();
    let columns = Columns {
        x0: frame.dx + (frame.width - width).max(0.0) / 2.0,
        width,
        widths,
        lefts,
    };
    let set = set_cells(&cells, &columns, frame, metrics, tree, &g)?;
    let lines = Lines {
        caption: caption_lines(table, caption, columns.width, frame, metrics, tree)?,
        notes: note_lines(table, columns.width, frame, metrics, tree)?,
        continued: continued_line(table, &columns, frame, metrics, tree)?,
    };
    assemble(table, frame, &columns, &set, lines, &g)
}

/// Each cell's element (`TH` with its scope, or `TD`, under a `TR` per
/// row, with its spans), characters (header cells bold), alignment and
/// content widths.
fn prepare<'t>(
    table: &'t Table,
    element: ElementId,
    metrics: &Metrics,
    tree: &mut Tree,
    g: &Geometry,
) -> Result<Vec<Prepared<'t>>> {
    let size = house::TABLE_SIZE;
    let plain = TextStyle::new(house::face_of(Role::Body), size);
    let bold = TextStyle::new(house::face_of(Role::Strong), size);
    let mut rows: Vec<ElementId> = Vec::new();
    let mut out = Vec::new();
    for p in table.grid() {
        while rows.len() <= p.row {
            rows.push(tree.add(tags::Kind::TR, element));
        }
        let scope = table.scope(&p);
        let kind = if scope.is_some() {
            tags::Kind::TH
        } else {
            tags::Kind::TD
        };
        let id = tree.add(kind, rows[p.row]);
        tree.elements[id].cell = Some(CellAttributes {
            scope,
            row_span: p.cell.row_span,
            col_span: p.cell.col_span,
        });
        let mut chars = Vec::new();
        let base = if p.header { bold } else { plain };
        styled_chars(&p.cell.content, base, bold, tree, id, &mut chars);
        let text: Vec<char> = chars.iter().map(|c| c.ch).collect();
        let (min, max) = measure::content_widths(&text, |i, ch| metrics.advance(chars[i].style, ch))?;
        let extent = Extent::new(&p, min, max, pt(size), 2.0 * g.pad_x);
        let column = table.columns.get(p.column).map(|c| c.align).unwrap_or_default();
        let align = match column {
            // A header over several columns is centred over them.
            _ if scope == Some(Scope::Column) && p.cell.col_span > 1 => Align::Center,
            ColumnAlign::Left => Align::Left,
            ColumnAlign::Center => Align::Center,
            ColumnAlign::Right => Align::Right,
            ColumnAlign::Default if scope == Some(Scope::Column) => Align::Center,
            // Chinese text is justified as the body is; a cell of Latin
            // words and numbers alone is set flush left, so that a number
            // or word broken in a narrow column is not letterspaced.
            ColumnAlign::Default if chars.iter().any(|c| is_han(c.ch)) => Align::Justify,
            ColumnAlign::Default => Align::Left,
        };
        out.push(Prepared {
            placed: p,
            element: id,
            chars,
            align,
            extent,
        });
    }
    Ok(out)
}

/// Every cell set in its column(s): its lines, or an anchor for an empty
/// cell so that it keeps its place in the reading order.
fn set_cells(
    cells: &[Prepared],
    columns: &Columns,
    frame: &Frame,
    metrics: &Metrics,
    tree: &Tree,
    g: &Geometry,
) -> Result<Vec<SetCell>> {
    let size = house::TABLE_SIZE;
    let n = columns.widths.len();
    let mut set = Vec::with_capacity(cells.len());
    for c in cells {
        let p = &c.placed;
        let end = (p.column + p.cell.col_span as usize).min(n);
        let width: f32 = columns.widths[p.column.min(end)..end].iter().sum();
        // A column narrower than its padding and a character (a table of
        // very many columns) gives up padding first.
        let pad = g.pad_x.min((width - pt(size)) / 2.0).max(0.0);
        let setting = Setting {
            width: (width - 2.0 * pad).max(pt(size)),
            first_indent: 0.0,
            align: c.align,
            punctuation: frame.punctuation,
        };
        let lines = set_text(&c.chars, &setting, metrics)?;
        let mut lines = line_chunks(&lines, pad, house::TABLE_LEADING, tree);
        if lines.is_empty() {
            lines.push(Chunk {
                height: 0.0,
                marks: vec![Mark::Anchor { owner: c.element }],
                ..Chunk::default()
            });
        }
        set.push(SetCell {
            row: p.row,
            rows: p.cell.row_span as usize,
            x: columns.lefts.get(p.column).copied().unwrap_or(0.0),
            width,
            columns: p.cell.col_span as usize,
            lines,
            block: p.cell.block,
        });
    }
    Ok(set)
}

/// The lines set around the rows: the caption above, the notes under, and
/// the `续表N` line that opens a continued part.
struct Lines {
    caption: Vec<Chunk>,
    notes: Vec<Chunk>,
    continued: Vec<Chunk>,
}

/// The caption and notes' style: the house caption's face and size.
fn small() -> TextStyle {
    let c = house::of(Kind::Caption);
    TextStyle::new(c.face, c.size)
}

/// The caption `表N　…` (in element `caption`), centred on one line, or a
/// justified block as wide as the table (see [`block_width`]).
fn caption_lines(
    table: &Table,
    caption: Option<ElementId>,
    table_width: f32,
    frame: &Frame,
    metrics: &Metrics,
    tree: &mut Tree,
) -> Result<Vec<Chunk>> {
    let (Some(c), Some(id)) = (&table.caption, caption) else {
        return Ok(Vec::new());
    };
    let small = small();
    let mut chars = plain_chars(&c.label(), small, Some(id));
    if !c.content.is_empty() {
        chars.extend(plain_chars(&CAPTION_SEPARATOR.to_string(), small, Some(id)));
        styled_chars(&c.content, small, small, tree, id, &mut chars);
    }
    let mut setting = Setting {
        width: frame.width,
        first_indent: 0.0,
        align: Align::Center,
        punctuation: frame.punctuation,
    };
    let mut lines = set_text(&chars, &setting, metrics)?;
    let mut dx = frame.dx;
    if lines.len() > 1 {
        setting.width = block_width(table_width, frame.width);
        setting.align = Align::Justify;
        dx = frame.dx + (frame.width - setting.width) / 2.0;
        lines = set_text(&chars, &setting, metrics)?;
    }
    Ok(line_chunks(&lines, dx, house::of(Kind::Caption).leading, tree))
}

/// The notes, each a `TableNote` element after the table, justified as
/// wide as the table (see [`block_width`]); each line names its note's
/// block.
fn note_lines(
    table: &Table,
    table_width: f32,
    frame: &Frame,
    metrics: &Metrics,
    tree: &mut Tree,
) -> Result<Vec<Chunk>> {
    let small = small();
    let strong = TextStyle::new(house::face_of(Role::Strong), small.size);
    let setting = Setting {
        width: block_width(table_width, frame.width),
        first_indent: 0.0,
        align: Align::Justify,
        punctuation: frame.punctuation,
    };
    let dx = frame.dx + (frame.width - setting.width) / 2.0;
    let mut out = Vec::new();
    for note in &table.notes {
        let id = tree.add(tags::Kind::TableNote, frame.parent);
        let mut chars = Vec::new();
        styled_chars(&note.content, small, strong, tree, id, &mut chars);
        let lines = set_text(&chars, &setting, metrics)?;
        let lines = line_chunks(&lines, dx, house::of(Kind::Caption).leading, tree);
        out.extend(lines.into_iter().map(|c| Chunk {
            block: Some(note.block),
            ..c
        }));
    }
    Ok(out)
}

/// `续表N` (a table without a caption has no number: `续表`), flush with
/// the table's right edge: not text of the document (no element).
fn continued_line(
    table: &Table,
    columns: &Columns,
    frame: &Frame,
    metrics: &Metrics,
    tree: &Tree,
) -> Result<Vec<Chunk>> {
    let small = small();
    let label = table
        .caption
        .as_ref()
        .map_or(CONTINUED_PREFIX.to_string(), |c| c.continued_line());
    let setting = Setting {
        width: columns.width.max(pt(small.size) * 4.0),
        first_indent: 0.0,
        align: Align::Right,
        punctuation: frame.punctuation,
    };
    let lines = set_text(&plain_chars(&label, small, None), &setting, metrics)?;
    let dx = columns.x0 + columns.width - setting.width;
    Ok(line_chunks(&lines, dx, house::of(Kind::Caption).leading, tree))
}

/// The table's box: the first chunk (caption, top rule, header rows, the
/// rule under them and the first group of rows, or its first part), a
/// chunk per further group or part of one, the last ending with the bottom
/// rule and the notes' first line, then the notes' other lines; with the
/// head and foot of its continued parts.
fn assemble(
    table: &Table,
    frame: &Frame,
    columns: &Columns,
    set: &[SetCell],
    lines: Lines,
    g: &Geometry,
) -> Result<SetTable> {
    let name = table_name(table);
    let (x0, table_width) = (columns.x0, columns.width);
    let heights = row_heights(set, table.row_count(), g);
    let head_rows = table.head.len().min(heights.len());
    let groups = groups(set, &heights, head_rows);
    let drawn = Cells { set, geometry: g, x0 };
    let (head, body) = match head_rows {
        0 => (None, &groups[..]),
        _ => (groups.first(), &groups[1..]),
    };
    // Three-line: the thick rule on top, the thin one under the header rows
    // (none when there is no body), the thick one at the bottom.
    let (top_rule, mid_rule, bottom_rule) = match (g.grid, body.is_empty()) {
        (true, _) => (0.0, 0.0, 0.0),
        (false, true) => (g.thick, 0.0, g.thick),
        (false, false) => (g.thick, if head.is_some() { g.thin } else { 0.0 }, g.thick),
    };
    // Draws the top rule, the header rows and the rule under them at `y`.
    let opening = |marks: &mut Vec<Mark>, mut y: f32, artifact: bool| -> f32 {
        if top_rule > 0.0 {
            marks.push(g.rule(x0, y, table_width, top_rule));
            y += top_rule;
        }
        if let Some(h) = head {
            draw_group(marks, h, &drawn, y, 0.0..h.height, artifact);
            y += h.height;
        }
        if mid_rule > 0.0 {
            marks.push(g.rule(x0, y, table_width, mid_rule));
            y += mid_rule;
        }
        y
    };
    let gap = 0.25 * body_line();
    let note_gap = 0.3 * body_line();

    // The continued head and the foot that closes a part.
    let mut head_marks: Vec<Mark> = Vec::new();
    let y = stack(&mut head_marks, &lines.continued, 0.0) + gap / 2.0;
    let y = opening(&mut head_marks, y, true);
    let repeated = Chunk {
        height: y,
        marks: head_marks.into_iter().filter_map(as_artifact).collect(),
        ..Chunk::default()
    };
    // A grid's part is closed by a thin rule on the last row's bottom edge
    // (where a cut row has none).
    let foot = match g.grid {
        false => Chunk {
            height: bottom_rule,
            marks: vec![g.rule(x0, 0.0, table_width, bottom_rule)],
            ..Chunk::default()
        },
        true => Chunk {
            height: g.thin / 2.0,
            marks: vec![g.rule(x0 - g.thin / 2.0, -g.thin / 2.0, table_width + g.thin, g.thin)],
            ..Chunk::default()
        },
    };

    // The first chunk: caption, opening and the first group (or part of it).
    let page = TEXT_BOTTOM - TEXT_TOP;
    let mut first: Vec<Mark> = Vec::new();
    let mut y = stack(&mut first, &lines.caption, 0.0);
    if !lines.caption.is_empty() {
        y += gap;
    }
    let y = opening(&mut first, y, false);
    let first_block = match &table.caption {
        Some(c) if !lines.caption.is_empty() => Some(c.block),
        _ => set.first().map(|c| c.block),
    };
    // The end of the last part: the bottom rule and the notes' first line.
    let closing = bottom_rule + lines.notes.first().map_or(0.0, |l| note_gap + l.height);
    let room_first = page - y - foot.height.max(closing);
    let room = page - repeated.height - foot.height.max(closing);
    if room_first <= g.line + 2.0 * g.pad_y || room <= g.line + 2.0 * g.pad_y {
        bail!("{name}: its caption and header rows leave no room for a row on a page");
    }
    let mut chunks = vec![Chunk {
        height: y,
        marks: first,
        offset: 0,
        block: first_block,
    }];
    let mut warnings = Vec::new();
    for (k, group) in body.iter().enumerate() {
        let cuts = cuts(group, set, g, if k == 0 { room_first } else { room });
        if cuts.len() > 2 {
            let line = table.rows().nth(group.first_row).map_or(table.line, |r| r.line);
            warnings.push(format!(
                "{}:{line}: {name}: row {} (header rows counted) is taller than a page: it is split between its lines across pages",
                frame.source,
                group.first_row + 1,
            ));
        }
        for (s, cut) in cuts.windows(2).enumerate() {
            let (a, b) = (cut[0], cut[1]);
            let mut marks = Vec::new();
            let start = draw_group(&mut marks, group, &drawn, 0.0, a..b, false);
            let chunk = Chunk {
                height: b - a,
                marks,
                offset: start.map_or(0, |s| s.1),
                block: start.map(|s| s.0),
            };
            if k == 0 && s == 0 {
                let first = &mut chunks[0];
                first
                    .marks
                    .extend(chunk.marks.into_iter().map(|m| m.shifted(0.0, first.height)));
                first.height += chunk.height;
            } else {
                chunks.push(chunk);
            }
        }
    }
    // The bottom rule and the first line of the notes end the last part.
    let rows = chunks.len();
    let last = chunks.last_mut().expect("the first chunk");
    if bottom_rule > 0.0 {
        last.marks.push(g.rule(x0, last.height, table_width, bottom_rule));
        last.height += bottom_rule;
    }
    let mut notes = lines.notes.into_iter();
    if let Some(line) = notes.next() {
        last.height += note_gap;
        let dy = last.height;
        last.marks
            .extend(line.marks.into_iter().map(|m| m.shifted(0.0, dy)));
        last.height += line.height;
    }
    chunks.extend(notes);
    let caption = house::of(Kind::Caption);
    Ok(SetTable {
        boxed: Boxed {
            chunks,
            before: caption.before * body_line(),
            after: caption.after * body_line(),
            keep_with_next: false,
            splittable: true,
            heading: None,
            float: false,
            text_block: first_block,
            continued: Some(Continued {
                head: repeated,
                foot,
                rows,
            }),
        },
        warnings,
    })
}

/// The width of the caption's and the notes' lines under a table
/// `table` wide in a `measure`: the table's, but not narrower than
/// [`MIN_TEXT_EMS`] body ems (then centred on the table).
fn block_width(table: f32, measure: f32) -> f32 {
    table.max(MIN_TEXT_EMS * pt(house::BODY_SIZE)).min(measure)
}

/// `表N` with the first cell's words, or `the table at line N (first
/// words)` for one without a caption: how messages name a table.
fn table_name(table: &Table) -> String {
    match &table.caption {
        Some(c) => format!("table {} ({})", c.label(), table.first_words()),
        None => format!("the table at line {} ({})", table.line, table.first_words()),
    }
}

/// Appends the marks of `lines` set one under the other from `y`; returns
/// the y under the last.
fn stack(marks: &mut Vec<Mark>, lines: &[Chunk], mut y: f32) -> f32 {
    for l in lines {
        marks.extend(l.marks.iter().map(|m| m.clone().shifted(0.0, y)));
        y += l.height;
    }
    y
}
