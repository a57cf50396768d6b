//! Tables in the printed edition.
//!
//! A table is set by the project's own layout, as its paragraphs are:
//!
//! - **Columns** are sized from their cells' content as CSS's automatic
//!   table layout does ([`column_widths`]): each column gets its widest
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
//!   column says so; header cells centred by default), header cells bold,
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
//!   holds each row once ([`super::page::Continued`]). A row taller than a
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
use super::style::{pt, Metrics, TextStyle, MM_PER_PT, TEXT_BOTTOM, TEXT_TOP};
use super::tags::{self, CellAttributes, ElementId, Tree};
use super::text::{plain_chars, set_text, styled_chars, Align, Setting, StyledChar};
use crate::model::table::{Align as ColumnAlign, Scope, Table, TableRules, CONTINUED_PREFIX};
use crate::model::{BlockId, Role, CAPTION_SEPARATOR};
use crate::style::{self as house, Kind};
use crate::text::classes::is_han;
use crate::text::linebreak::{self, Break, Punctuation};

/// One cell's place and content widths, for [`column_widths`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Its first column.
    pub column: usize,
    /// How many columns it spans (1 or more).
    pub span: usize,
    /// Its min-content width: the widest piece no line may break, padding included.
    pub min: f32,
    /// Its max-content width: its longest line unbroken, padding included.
    pub max: f32,
}

/// The widths of `columns` columns holding `cells`, in a `measure`, as CSS
/// automatic table layout sizes them: each column's min- and max-content
/// widths come from the cells that span it alone; a cell over several
/// columns widens them (in proportion to their max-content widths) as far
/// as it needs. When the max-content widths fit, the columns take them (a
/// table narrower than the measure); else each column gets its min and the
/// rest of the measure is shared in proportion to max − min. When even the
/// min-content widths do not fit, they are scaled down to the measure (a
/// cell's long word then breaks). `given` are the shares of the measure
/// the source sets: when every column has one, the columns take them, none
/// below its min-content width.
pub fn column_widths(columns: usize, cells: &[Extent], given: &[Option<f32>], measure: f32) -> Vec<f32> {
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    let valid = |e: &&Extent| e.span > 0 && e.column + e.span <= columns;
    for e in cells.iter().filter(valid).filter(|e| e.span == 1) {
        min[e.column] = min[e.column].max(e.min);
        max[e.column] = max[e.column].max(e.max);
    }
    let mut spanning: Vec<&Extent> = cells.iter().filter(valid).filter(|e| e.span > 1).collect();
    spanning.sort_by_key(|e| e.span);
    for e in spanning {
        let range = e.column..e.column + e.span;
        let weights: Vec<f32> = max[range.clone()].to_vec();
        widen(&mut min[range.clone()], e.min, &weights);
        widen(&mut max[range], e.max, &weights);
    }
    for (mx, mn) in max.iter_mut().zip(&min) {
        *mx = mx.max(*mn);
    }
    let total = |v: &[f32]| v.iter().sum::<f32>();
    if columns > 0 && given.len() == columns && given.iter().all(|g| g.is_some_and(|w| w > 0.0)) {
        let shares: Vec<f32> = given.iter().map(|g| g.unwrap_or(0.0)).collect();
        let scale = measure / total(&shares).max(1.0);
        let wanted: Vec<f32> = shares.iter().map(|s| s * scale).collect();
        let table = total(&wanted);
        let widths: Vec<f32> = wanted.iter().zip(&min).map(|(w, m)| w.max(*m)).collect();
        return shrink_to(&widths, &min, table.max(total(&min).min(measure)));
    }
    let (least, most) = (total(&min), total(&max));
    if most <= measure {
        return max;
    }
    if least >= measure {
        return min.iter().map(|m| m * measure / least).collect();
    }
    let share = (measure - least) / (most - least);
    min.iter()
        .zip(&max)
        .map(|(mn, mx)| mn + (mx - mn) * share)
        .collect()
}

/// Widens `columns` so that together they are at least `need` wide, each
/// in proportion to its weight (equally when no column weighs anything).
fn widen(columns: &mut [f32], need: f32, weights: &[f32]) {
    let have: f32 = columns.iter().sum();
    if need <= have || columns.is_empty() {
        return;
    }
    let extra = need - have;
    let total: f32 = weights.iter().sum();
    let n = columns.len() as f32;
    for (c, w) in columns.iter_mut().zip(weights) {
        *c += extra * if total > 0.0 { w / total } else { 1.0 / n };
    }
}

/// `widths` brought down to `target` in all, each column giving in
/// proportion to what it has above its `min` (never below it).
fn shrink_to(widths: &[f32], min: &[f32], target: f32) -> Vec<f32> {
    let total: f32 = widths.iter().sum();
    let room: f32 = widths.iter().zip(min).map(|(w, m)| w - m).sum();
    if total <= target || room <= 0.0 {
        return widths.to_vec();
    }
    let cut = ((total - target) / room).min(1.0);
    widths.iter().zip(min).map(|(w, m)| w - (w - m) * cut).collect()
}

/// The min- and max-content widths of `chars`: the widest run no line may
/// break (as [`linebreak::breaks`] says) and the widest line between hard
/// breaks, trailing spaces left out of both.
fn content_widths(chars: &[StyledChar], metrics: &Metrics) -> Result<(f32, f32)> {
    let plain: Vec<char> = chars.iter().map(|c| c.0).collect();
    let breaks = linebreak::breaks(&plain);
    let (mut min, mut max) = (0.0f32, 0.0f32);
    // The run and the line so far: their whole width and their width up
    // to their last character that is not a space.
    let (mut run, mut run_ink, mut line, mut line_ink) = (0.0, 0.0, 0.0, 0.0);
    for (i, &(ch, style, _)) in chars.iter().enumerate() {
        if i > 0 && breaks[i] != Break::Prohibited {
            min = min.max(run_ink);
            (run, run_ink) = (0.0, 0.0);
        }
        if i > 0 && breaks[i] == Break::Mandatory {
            max = max.max(line_ink);
            (line, line_ink) = (0.0, 0.0);
        }
        let w = metrics.advance(style, ch)?;
        run += w;
        line += w;
        if !ch.is_whitespace() {
            run_ink = run;
            line_ink = line;
        }
    }
    Ok((min.max(run_ink), max.max(line_ink)))
}

/// The table's measurements in mm.
struct Geometry {
    /// Cell padding, left and right.
    pad_x: f32,
    /// Cell padding, top and bottom.
    pad_y: f32,
    /// A cell line's height.
    line: f32,
    /// The thick rules' thickness.
    thick: f32,
    /// The thin rules' thickness.
    thin: f32,
    /// Whether every cell is ruled.
    grid: bool,
}

impl Geometry {
    fn new(rules: TableRules) -> Geometry {
        let em = pt(house::TABLE_SIZE);
        Geometry {
            pad_x: house::TABLE_PADDING_EMS.0 * em,
            pad_y: house::TABLE_PADDING_EMS.1 * em,
            line: em * house::TABLE_LEADING,
            thick: house::TABLE_THICK_RULE_PT * MM_PER_PT,
            thin: house::TABLE_THIN_RULE_PT * MM_PER_PT,
            grid: rules == TableRules::Grid,
        }
    }

    /// A horizontal rule `thickness` thick whose top edge is at `y`.
    fn rule(&self, x: f32, y: f32, width: f32, thickness: f32) -> Mark {
        Mark::Rule {
            x,
            y: y + thickness / 2.0,
            width,
            thickness,
        }
    }
}

/// A cell set in its column(s).
struct SetCell {
    /// Its first row (header rows counted first) and rows spanned.
    row: usize,
    rows: usize,
    /// Its left edge from the table's, its width and the columns it spans.
    x: f32,
    width: f32,
    columns: usize,
    /// Its lines, each positioned from the top of the cell's text.
    lines: Vec<Chunk>,
    /// Its text block.
    block: BlockId,
}

impl SetCell {
    fn text_height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

/// Rows that stay together (no cell spans out of them), set one under the
/// other: the unit a table breaks between.
struct Group {
    /// Its height.
    height: f32,
    /// Its cells: their top and height within the group, and whether their
    /// text is centred in that height (else it starts at the top padding).
    cells: Vec<(f32, f32, usize)>,
    /// The first table row it holds.
    first_row: usize,
    /// Whether it is the header rows.
    head: bool,
}

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
    /// The measure's left edge and width.
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

/// Lays out `table` in `frame`, adding its elements to `tree`.
pub(super) fn lay_out(table: &Table, frame: &Frame, metrics: &Metrics, tree: &mut Tree) -> Result<SetTable> {
    let g = Geometry::new(frame.rules);
    let name = table_name(table);
    let element = tree.add(tags::Kind::Table, frame.parent);
    let caption_element = table
        .caption
        .as_ref()
        .map(|_| tree.add(tags::Kind::Caption, element));

    // The cells' characters and elements, row by row.
    let size = house::TABLE_SIZE;
    let plain = TextStyle::new(house::face_of(Role::Body), size);
    let bold = TextStyle::new(house::face_of(Role::Strong), size);
    let placed = table.grid();
    let mut rows: Vec<ElementId> = Vec::new();
    let mut cells = Vec::new();
    for p in &placed {
        while rows.len() <= p.row {
            rows.push(tree.add(tags::Kind::TR, element));
        }
        let scope = table.scope(p);
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
        let (min, max) = content_widths(&chars, metrics)?;
        // A short cell is not broken (a column of labels squeezed to one
        // character a line by a long neighbour): its min-content width is
        // at least its whole line, up to a few characters.
        let min = min.max(max.min(MIN_UNBROKEN_EMS * pt(size)));
        let column = table.columns.get(p.column).map(|c| c.align).unwrap_or_default();
        let align = match column {
            ColumnAlign::Left => Align::Left,
            ColumnAlign::Center => Align::Center,
            ColumnAlign::Right => Align::Right,
            ColumnAlign::Default if scope == Some(Scope::Column) => Align::Center,
            // Chinese text is justified as the body is; a cell of Latin
            // words and numbers alone is set flush left, so that a number
            // or word broken in a narrow column is not letterspaced.
            ColumnAlign::Default if chars.iter().any(|c| is_han(c.0)) => Align::Justify,
            ColumnAlign::Default => Align::Left,
        };
        cells.push((p, id, chars, align, min + 2.0 * g.pad_x, max + 2.0 * g.pad_x));
    }

    // Column widths, the table's width and where it starts.
    let columns = table.column_count();
    let extents: Vec<Extent> = cells
        .iter()
        .map(|(p, _, _, _, min, max)| Extent {
            column: p.column,
            span: p.cell.col_span as usize,
            min: *min,
            max: *max,
        })
        .collect();
    let given: Vec<Option<f32>> = table.columns.iter().map(|c| c.width).collect();
    let widths = column_widths(columns, &extents, &given, frame.width);
    let table_width: f32 = widths.iter().sum();
    let x0 = frame.dx + (frame.width - table_width).max(0.0) / 2.0;
    let lefts: Vec<f32> = widths
        .iter()
        .scan(0.0, |x, w| {
            let left = *x;
            *x += w;
            Some(left)
        })
        .collect();

    // Every cell set in its columns.
    let mut set = Vec::with_capacity(cells.len());
    for (p, id, chars, align, _, _) in &cells {
        let end = (p.column + p.cell.col_span as usize).min(columns);
        let width: f32 = widths[p.column.min(end)..end].iter().sum();
        // A column narrower than its padding and a character (a table of
        // very many columns) gives up padding first.
        let pad = g.pad_x.min((width - pt(size)) / 2.0).max(0.0);
        let setting = Setting {
            width: (width - 2.0 * pad).max(pt(size)),
            first_indent: 0.0,
            align: *align,
            punctuation: frame.punctuation,
        };
        let lines = set_text(chars, &setting, metrics)?;
        let mut lines = line_chunks(&lines, pad, house::TABLE_LEADING, tree);
        if lines.is_empty() {
            // An empty cell keeps its place in the reading order.
            lines.push(Chunk {
                height: 0.0,
                marks: vec![Mark::Anchor { owner: *id }],
                ..Chunk::default()
            });
        }
        set.push(SetCell {
            row: p.row,
            rows: p.cell.row_span as usize,
            x: lefts.get(p.column).copied().unwrap_or(0.0),
            width,
            columns: p.cell.col_span as usize,
            lines,
            block: p.cell.block,
        });
    }

    // Row heights: each row as high as its tallest cell; a cell over
    // several rows makes their last one higher when it needs more.
    let row_count = table.row_count();
    let mut heights = vec![g.line + 2.0 * g.pad_y; row_count];
    let mut by_span: Vec<&SetCell> = set.iter().collect();
    by_span.sort_by_key(|c| c.rows);
    for c in by_span {
        let end = (c.row + c.rows).min(row_count);
        if end <= c.row {
            continue;
        }
        let need = c.text_height() + 2.0 * g.pad_y;
        let have: f32 = heights[c.row..end].iter().sum();
        if need > have {
            heights[end - 1] += need - have;
        }
    }

    // The caption, the continued line and the notes.
    let caption_style = house::of(Kind::Caption);
    let small = TextStyle::new(caption_style.face, caption_style.size);
    let caption_lines = match (&table.caption, caption_element) {
        (Some(c), Some(id)) => {
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
            // Too long for one line: a justified block as wide as the table.
            if lines.len() > 1 {
                setting.width = block_width(table_width, frame.width);
                setting.align = Align::Justify;
                dx = frame.dx + (frame.width - setting.width) / 2.0;
                lines = set_text(&chars, &setting, metrics)?;
            }
            line_chunks(&lines, dx, caption_style.leading, tree)
        }
        _ => Vec::new(),
    };
    let mut note_lines = Vec::new();
    for note in &table.notes {
        let id = tree.add(tags::Kind::TableNote, frame.parent);
        let mut chars = Vec::new();
        let strong = TextStyle::new(house::face_of(Role::Strong), caption_style.size);
        styled_chars(&note.content, small, strong, tree, id, &mut chars);
        let setting = Setting {
            width: block_width(table_width, frame.width),
            first_indent: 0.0,
            align: Align::Justify,
            punctuation: frame.punctuation,
        };
        let lines = set_text(&chars, &setting, metrics)?;
        let dx = frame.dx + (frame.width - setting.width) / 2.0;
        note_lines.extend(
            line_chunks(&lines, dx, caption_style.leading, tree)
                .into_iter()
                .map(|c| Chunk {
                    block: Some(note.block),
                    ..c
                }),
        );
    }
    // `续表N` (a table without a caption has no number: `续表`), flush
    // with the table's right edge.
    let continued_line = {
        let label = table
            .caption
            .as_ref()
            .map_or(CONTINUED_PREFIX.to_string(), |c| c.continued_line());
        let chars = plain_chars(&label, small, None);
        let setting = Setting {
            width: table_width.max(pt(caption_style.size) * 4.0),
            first_indent: 0.0,
            align: Align::Right,
            punctuation: frame.punctuation,
        };
        let dx = x0 + table_width - setting.width;
        line_chunks(
            &set_text(&chars, &setting, metrics)?,
            dx,
            caption_style.leading,
            tree,
        )
    };

    // The header rows and the body's groups of rows.
    let head_rows = table.head.len().min(row_count);
    let groups = groups(&set, &heights, head_rows);
    let drawn = Cells {
        set: &set,
        geometry: &g,
        x0,
    };
    let rows_part = |marks: &mut Vec<Mark>, group: &Group, y: f32, artifact: bool| {
        draw_group(marks, group, &drawn, y, 0.0..group.height, artifact)
    };
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
    let opening = |marks: &mut Vec<Mark>, y: f32, artifact: bool| -> f32 {
        let mut y = y;
        if top_rule > 0.0 {
            marks.push(g.rule(x0, y, table_width, top_rule));
            y += top_rule;
        }
        if let Some(h) = head {
            rows_part(marks, h, y, artifact);
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
    let y = stack(&mut head_marks, &continued_line, 0.0) + gap / 2.0;
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
    let mut y = stack(&mut first, &caption_lines, 0.0);
    if !caption_lines.is_empty() {
        y += gap;
    }
    let y = opening(&mut first, y, false);
    let first_block = caption_lines
        .first()
        .and(table.caption.as_ref().map(|c| c.block))
        .or_else(|| set.first().map(|c| c.block));
    // The end of the last part: the bottom rule and the notes' first line.
    let closing = bottom_rule + note_lines.first().map_or(0.0, |l| note_gap + l.height);
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
        let cuts = cuts(group, &set, &g, if k == 0 { room_first } else { room });
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
    let mut notes = note_lines.into_iter();
    if let Some(line) = notes.next() {
        last.height += note_gap;
        let dy = last.height;
        last.marks
            .extend(line.marks.into_iter().map(|m| m.shifted(0.0, dy)));
        last.height += line.height;
    }
    chunks.extend(notes);
    let line = body_line();
    Ok(SetTable {
        boxed: Boxed {
            chunks,
            before: caption_style.before * line,
            after: caption_style.after * line,
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

/// The longest a cell's line may be (in ems of the cell text) and still
/// count as one piece no line breaks, for the column widths.
const MIN_UNBROKEN_EMS: f32 = 4.0;

/// The narrowest a table's caption or notes are set, in body ems.
const MIN_TEXT_EMS: f32 = 24.0;

/// `表N` with the first cell's words, or `a table (first words)` for one
/// without a caption: how messages name a table.
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

/// A mark of the header rows as the continued head draws it: text as an
/// artifact, links and anchors gone.
fn as_artifact(m: Mark) -> Option<Mark> {
    match m {
        Mark::Text {
            x,
            baseline,
            style,
            text,
            placed,
            ..
        } => Some(Mark::Text {
            x,
            baseline,
            style,
            text,
            placed,
            owner: None,
        }),
        Mark::Link { .. } | Mark::Anchor { .. } | Mark::Image { .. } => None,
        other => Some(other),
    }
}

/// The header rows (when `head_rows` > 0) as one group, then the body's
/// rows in groups that no cell spans out of.
fn groups(set: &[SetCell], heights: &[f32], head_rows: usize) -> Vec<Group> {
    let n = heights.len();
    let mut tops = Vec::with_capacity(n + 1);
    let mut y = 0.0;
    for h in heights {
        tops.push(y);
        y += h;
    }
    tops.push(y);
    // The cells starting in each row (the grid lists them row by row).
    let mut starting: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in set.iter().enumerate() {
        if let Some(row) = starting.get_mut(c.row) {
            row.push(i);
        }
    }
    let mut out = Vec::new();
    let (mut start, mut end) = (0, 0);
    for r in 0..n {
        let reach = starting[r].iter().map(|&i| set[i].row + set[i].rows).max();
        end = end.max(reach.unwrap_or(r + 1)).max(r + 1).min(n);
        if r < head_rows {
            end = end.max(head_rows);
        }
        if r + 1 == end {
            out.push(Group {
                height: tops[end] - tops[start],
                cells: starting[start..end]
                    .iter()
                    .flatten()
                    .map(|&i| {
                        let c = &set[i];
                        let bottom = tops[(c.row + c.rows).min(end)];
                        (tops[c.row] - tops[start], bottom - tops[c.row], i)
                    })
                    .collect(),
                first_row: start,
                head: start < head_rows,
            });
            start = end;
        }
    }
    out
}

/// Where a group is cut to go onto pages: 0 and its height when it is at
/// most `room` high; else also every height between lines that no cell's
/// line crosses, so that pagination fills each page with as many of its
/// lines as fit.
fn cuts(group: &Group, set: &[SetCell], g: &Geometry, room: f32) -> Vec<f32> {
    if group.height <= room + 1e-3 {
        return vec![0.0, group.height];
    }
    // Each line's top and bottom in the group, the text set from the top.
    let mut lines: Vec<(f32, f32)> = Vec::new();
    for &(top, _, i) in &group.cells {
        let mut y = top + g.pad_y;
        for l in &set[i].lines {
            lines.push((y, y + l.height));
            y += l.height;
        }
    }
    let last = lines.iter().map(|l| l.1).fold(0.0f32, f32::max);
    let crosses = |y: f32| lines.iter().any(|&(a, b)| a < y - 1e-3 && y < b - 1e-3);
    let mut out: Vec<f32> = lines
        .iter()
        .map(|l| l.1)
        .filter(|&y| y < last - 1e-3 && !crosses(y))
        .collect();
    out.sort_by(f32::total_cmp);
    out.dedup_by(|a, b| (*a - *b).abs() < 1e-3);
    out.insert(0, 0.0);
    out.push(group.height);
    out
}

/// The set cells of a table, its geometry and its left edge: what
/// [`draw_group`] draws from.
struct Cells<'a> {
    set: &'a [SetCell],
    geometry: &'a Geometry,
    x0: f32,
}

/// Appends the marks of the part `part` (a range of heights) of `group`,
/// drawn with its top at `y`: each
/// cell's lines that fall in the part — centred in the cell when the group
/// is not cut, else from the top padding — and, for a grid, the cells'
/// rules. `artifact` draws text as artifacts. Returns the block and offset
/// of the first text in the part.
fn draw_group(
    marks: &mut Vec<Mark>,
    group: &Group,
    cells: &Cells,
    y: f32,
    part: std::ops::Range<f32>,
    artifact: bool,
) -> Option<(BlockId, usize)> {
    let (set, g, x0) = (cells.set, cells.geometry, cells.x0);
    let whole = part.start <= 0.0 && part.end >= group.height;
    let shift = y - part.start;
    let mut start = None;
    for &(top, height, i) in &group.cells {
        let c = &set[i];
        let text = c.text_height();
        let mut ly = if whole {
            top + (height - text) / 2.0
        } else {
            top + g.pad_y
        };
        for l in &c.lines {
            let inside = ly >= part.start - 1e-3 && ly < part.end - 1e-3 && ly + l.height <= part.end + 1e-3;
            if inside {
                start.get_or_insert((c.block, l.offset));
                marks.extend(
                    l.marks
                        .iter()
                        .map(|m| m.clone().shifted(x0 + c.x, ly + shift))
                        .filter_map(|m| if artifact { as_artifact(m) } else { Some(m) }),
                );
            }
            ly += l.height;
        }
        if g.grid {
            // The cell's rules where it meets the part: its sides, and its
            // top and bottom where they fall in the part (a part that a
            // page break ends is closed by the foot).
            let bottom = top + height;
            let (a, b) = (top.max(part.start), bottom.min(part.end));
            if b > a {
                let (left, right) = (x0 + c.x, x0 + c.x + c.width);
                for x in [left, right] {
                    marks.push(Mark::VRule {
                        x,
                        y: a + shift,
                        height: b - a,
                        thickness: g.thin,
                    });
                }
                let edges = [
                    (top >= part.start - 1e-3).then_some(top),
                    (bottom <= part.end + 1e-3).then_some(bottom),
                ];
                for edge in edges.into_iter().flatten() {
                    marks.push(Mark::Rule {
                        x: left - g.thin / 2.0,
                        y: edge + shift,
                        width: c.width + g.thin,
                        thickness: g.thin,
                    });
                }
            }
        } else if group.head && c.columns > 1 && top + height < group.height - 1e-3 {
            // A three-line table's header cell over several columns, with
            // header cells under it: a thin rule under it, over its columns
            // only, a little short of their edges.
            let inset = g.pad_x / 2.0;
            marks.push(Mark::Rule {
                x: x0 + c.x + inset,
                y: top + height + shift,
                width: c.width - 2.0 * inset,
                thickness: g.thin,
            });
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(column: usize, span: usize, min: f32, max: f32) -> Extent {
        Extent {
            column,
            span,
            min,
            max,
        }
    }

    #[test]
    fn a_table_that_fits_takes_its_max_content_widths() {
        let w = column_widths(2, &[e(0, 1, 5.0, 20.0), e(1, 1, 5.0, 30.0)], &[None, None], 100.0);
        assert_eq!(w, [20.0, 30.0]);
    }

    #[test]
    fn spare_width_goes_in_proportion_to_max_minus_min() {
        // min 10 + 10, max 50 + 110: 80 to share, 40 : 100.
        let w = column_widths(
            2,
            &[e(0, 1, 10.0, 50.0), e(1, 1, 10.0, 110.0)],
            &[None, None],
            100.0,
        );
        assert!((w[0] - (10.0 + 80.0 * 40.0 / 140.0)).abs() < 1e-3, "{w:?}");
        assert!((w.iter().sum::<f32>() - 100.0).abs() < 1e-3);
    }

    #[test]
    fn min_widths_that_do_not_fit_are_scaled_to_the_measure() {
        let w = column_widths(
            2,
            &[e(0, 1, 60.0, 60.0), e(1, 1, 90.0, 90.0)],
            &[None, None],
            100.0,
        );
        assert_eq!(w, [40.0, 60.0]);
    }

    #[test]
    fn a_spanning_cell_widens_its_columns() {
        let w = column_widths(
            2,
            &[e(0, 1, 5.0, 10.0), e(1, 1, 5.0, 30.0), e(0, 2, 20.0, 60.0)],
            &[None, None],
            200.0,
        );
        // Max 40 widened to 60 in proportion 10 : 30.
        assert!((w[0] - 15.0).abs() < 1e-3 && (w[1] - 45.0).abs() < 1e-3, "{w:?}");
    }

    #[test]
    fn given_shares_are_kept_above_the_min_content() {
        let w = column_widths(
            2,
            &[e(0, 1, 30.0, 30.0), e(1, 1, 5.0, 5.0)],
            &[Some(0.2), Some(0.8)],
            100.0,
        );
        assert!((w[0] - 30.0).abs() < 1e-3 && (w[1] - 70.0).abs() < 1e-3, "{w:?}");
    }
}
