//! Column widths from the cells' content, as CSS automatic table layout
//! sizes them ([`column_widths`]): the one rule the PDF and the DOCX size
//! their columns by (the EPUB leaves it to the reading system's CSS, which
//! does the same). Pure: each edition measures its cells in its own unit,
//! with its own fonts, and hands the widths in as [`Extent`]s.

use super::{Placed, Table};

/// The longest a cell's line may be (in ems of the cell text) and still
/// count as one piece no line breaks: a short cell is not broken (a column
/// of labels squeezed to one character a line by a long neighbour). The
/// one departure from CSS.
pub const MIN_UNBROKEN_EMS: f32 = 4.0;

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

impl Extent {
    /// The extent of the cell `placed`, whose content is `min` wide at its
    /// narrowest and `max` on one line (as [`crate::text::measure`] gives
    /// them), set at `em` a em, with `padding` in all on its sides: a cell
    /// whose whole line is at most [`MIN_UNBROKEN_EMS`] counts as one piece.
    pub fn new(placed: &Placed<'_>, min: f32, max: f32, em: f32, padding: f32) -> Extent {
        let min = min.max(max.min(MIN_UNBROKEN_EMS * em));
        Extent {
            column: placed.column,
            span: placed.cell.col_span as usize,
            min: min + padding,
            max: max + padding,
        }
    }
}

impl Table {
    /// The shares of the measure the source gives its columns.
    pub fn given_widths(&self) -> Vec<Option<f32>> {
        self.columns.iter().map(|c| c.width).collect()
    }

    /// The width of each grid column in a `measure` ([`column_widths`]),
    /// `content` giving each cell's content widths (min, max) in the unit
    /// of `measure`, its text set at `em`, with `padding` on its sides.
    pub fn column_widths(
        &self,
        measure: f32,
        em: f32,
        padding: f32,
        mut content: impl FnMut(&Placed<'_>) -> (f32, f32),
    ) -> Vec<f32> {
        let extents: Vec<Extent> = self
            .grid()
            .iter()
            .map(|p| {
                let (min, max) = content(p);
                Extent::new(p, min, max, em, padding)
            })
            .collect();
        column_widths(self.column_count(), &extents, &self.given_widths(), measure)
    }
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
    if columns > 0
        && given.len() == columns
        && given.iter().all(|g| g.is_some_and(|w| w.is_finite() && w > 0.0))
    {
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

    fn table(rows: &[&[(&str, u32)]]) -> Table {
        use crate::model::table::{Cell, Column, Row};
        use crate::model::Inline;
        let body = rows
            .iter()
            .map(|cells| Row {
                cells: cells
                    .iter()
                    .map(|(text, span)| Cell {
                        col_span: *span,
                        ..Cell::new(vec![Inline::Text(text.to_string())])
                    })
                    .collect(),
                line: 1,
            })
            .collect();
        Table {
            caption: None,
            columns: vec![Column::default(); 2],
            head: Vec::new(),
            body,
            notes: Vec::new(),
            line: 1,
        }
    }

    /// One em a character; breaks anywhere (min one em).
    fn chars(p: &Placed<'_>) -> (f32, f32) {
        let n = p.cell.text().chars().count() as f32;
        (n.min(1.0), n)
    }

    #[test]
    fn a_cell_of_up_to_four_characters_is_never_broken() {
        // A label column beside a long text in a measure of 20 ems: the
        // label keeps its four characters on one line.
        let t = table(&[&[("一二三四", 1), (&"长".repeat(60), 1)]]);
        let w = t.column_widths(20.0, 1.0, 0.0, chars);
        assert!((w[0] - 4.0).abs() < 1e-3, "{w:?}");
        assert!((w.iter().sum::<f32>() - 20.0).abs() < 1e-3, "{w:?}");
        // Five characters may break, but not below four a line.
        let t = table(&[&[("一二三四五", 1), (&"长".repeat(60), 1)]]);
        let w = t.column_widths(20.0, 1.0, 0.0, chars);
        assert!(w[0] >= 4.0 - 1e-3 && w[0] < 5.0, "{w:?}");
    }

    #[test]
    fn a_table_with_a_spanning_cell_is_as_wide_as_its_content() {
        let t = table(&[&[("总计一二三四五六七八", 2)], &[("甲", 1), ("乙乙乙", 1)]]);
        let w = t.column_widths(100.0, 1.0, 1.0, chars);
        // Max 2 and 4, widened to the spanning cell's 11 in proportion.
        assert!((w.iter().sum::<f32>() - 11.0).abs() < 1e-3, "{w:?}");
        assert!((w[1] / w[0] - 2.0).abs() < 1e-3, "{w:?}");
    }
}
