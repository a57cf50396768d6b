//! A table's rows: the cells set in their columns ([`SetCell`]), the groups
//! of rows that stay together ([`Group`]), where a group taller than a page
//! is cut ([`cuts`]) and how a part of a group is drawn ([`draw_group`]).

use super::super::page::{Chunk, Mark};
use super::super::style::{pt, MM_PER_PT};
use crate::model::table::TableRules;
use crate::model::BlockId;
use crate::style as house;

/// The table's measurements in mm.
pub(super) struct Geometry {
    /// Cell padding, left and right.
    pub(super) pad_x: f32,
    /// Cell padding, top and bottom.
    pub(super) pad_y: f32,
    /// A cell line's height.
    pub(super) line: f32,
    /// The thick rules' thickness.
    pub(super) thick: f32,
    /// The thin rules' thickness.
    pub(super) thin: f32,
    /// Whether every cell is ruled.
    pub(super) grid: bool,
}

impl Geometry {
    pub(super) fn new(rules: TableRules) -> Geometry {
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
    pub(super) fn rule(&self, x: f32, y: f32, width: f32, thickness: f32) -> Mark {
        Mark::Rule {
            x,
            y: y + thickness / 2.0,
            width,
            thickness,
        }
    }
}

/// A cell set in its column(s).
pub(super) struct SetCell {
    /// Its first row (header rows counted first) and rows spanned.
    pub(super) row: usize,
    pub(super) rows: usize,
    /// Its left edge from the table's, its width and the columns it spans.
    pub(super) x: f32,
    pub(super) width: f32,
    pub(super) columns: usize,
    /// Its lines, each positioned from the top of the cell's text.
    pub(super) lines: Vec<Chunk>,
    /// Its text block.
    pub(super) block: BlockId,
}

impl SetCell {
    pub(super) fn text_height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

/// Rows that stay together (no cell spans out of them), set one under the
/// other: the unit a table breaks between.
pub(super) struct Group {
    /// Its height.
    pub(super) height: f32,
    /// Its cells: their top and height within the group, and their index
    /// in the table's set cells.
    pub(super) cells: Vec<(f32, f32, usize)>,
    /// The first table row it holds.
    pub(super) first_row: usize,
    /// Whether it is the header rows.
    pub(super) head: bool,
}

/// The header rows (when `head_rows` > 0) as one group, then the body's
/// rows in groups that no cell spans out of.
pub(super) fn groups(set: &[SetCell], heights: &[f32], head_rows: usize) -> Vec<Group> {
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
pub(super) fn cuts(group: &Group, set: &[SetCell], g: &Geometry, room: f32) -> Vec<f32> {
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
pub(super) struct Cells<'a> {
    pub(super) set: &'a [SetCell],
    pub(super) geometry: &'a Geometry,
    pub(super) x0: f32,
}

/// Appends the marks of the part `part` (a range of heights) of `group`,
/// drawn with its top at `y`: each
/// cell's lines that fall in the part — centred in the cell when the group
/// is not cut, else from the top padding — and, for a grid, the cells'
/// rules. `artifact` draws text as artifacts. Returns the block and offset
/// of the first text in the part.
pub(super) fn draw_group(
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

/// Row heights: each row as high as its tallest cell (one line at least); a
/// cell over several rows makes the last of them higher when it needs more.
pub(super) fn row_heights(set: &[SetCell], rows: usize, g: &Geometry) -> Vec<f32> {
    let mut heights = vec![g.line + 2.0 * g.pad_y; rows];
    let mut by_span: Vec<&SetCell> = set.iter().collect();
    by_span.sort_by_key(|c| c.rows);
    for c in by_span {
        let end = (c.row + c.rows).min(rows);
        if end <= c.row {
            continue;
        }
        let need = c.text_height() + 2.0 * g.pad_y;
        let have: f32 = heights[c.row..end].iter().sum();
        if need > have {
            heights[end - 1] += need - have;
        }
    }
    heights
}

/// A mark of the header rows as the continued head draws it: text as an
/// artifact, links and anchors gone.
pub(super) fn as_artifact(m: Mark) -> Option<Mark> {
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
