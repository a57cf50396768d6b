//! Column widths from the cells' content, as CSS automatic table layout
//! sizes them (see [`column_widths`]).

use anyhow::Result;

use super::super::style::Metrics;
use super::super::text::StyledChar;
use crate::text::linebreak::{self, Break};

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
pub(super) fn content_widths(chars: &[StyledChar], metrics: &Metrics) -> Result<(f32, f32)> {
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
