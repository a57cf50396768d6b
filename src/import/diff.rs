//! How many paragraphs an import changed, added and removed against the
//! source it replaces: what `import` reports.

use std::collections::HashMap;

/// Paragraphs changed, added and removed from `old` to `new`: the common
/// beginning and end are set aside, then a longest common subsequence
/// aligns the rest (in each gap, pairs count as changed). When the rest is
/// too large for that (its table would pass [`MAX_DIFF_CELLS`]), the
/// paragraphs are counted as multisets instead: linear time either way.
pub fn diff_counts(old: &[String], new: &[String]) -> (usize, usize, usize) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old, new) = (&old[prefix..], &new[prefix..]);
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old, new) = (&old[..old.len() - suffix], &new[..new.len() - suffix]);
    let (n, m) = (old.len(), new.len());
    if (n + 1).saturating_mul(m + 1) > MAX_DIFF_CELLS {
        let mut count: HashMap<&str, isize> = HashMap::new();
        for t in old {
            *count.entry(t).or_default() += 1;
        }
        for t in new {
            *count.entry(t).or_default() -= 1;
        }
        let removed: usize = count.values().filter(|&&c| c > 0).map(|&c| c as usize).sum();
        let added: usize = count.values().filter(|&&c| c < 0).map(|&c| (-c) as usize).sum();
        let changed = removed.min(added);
        return (changed, added - changed, removed - changed);
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut changed, mut added, mut removed) = (0, 0, 0);
    let (mut gap_del, mut gap_add) = (0, 0);
    let mut flush = |d: &mut usize, a: &mut usize| {
        let c = (*d).min(*a);
        changed += c;
        removed += *d - c;
        added += *a - c;
        *d = 0;
        *a = 0;
    };
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            flush(&mut gap_del, &mut gap_add);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            gap_add += 1;
            j += 1;
        } else {
            gap_del += 1;
            i += 1;
        }
    }
    flush(&mut gap_del, &mut gap_add);
    (changed, added, removed)
}

/// The largest table [`diff_counts`] aligns paragraphs with: 4 million
/// cells (16 MB).
const MAX_DIFF_CELLS: usize = 4_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &[&str]) -> Vec<String> {
        s.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn diff_counts_pair_changes_in_a_gap() {
        assert_eq!(
            diff_counts(&texts(&["a", "b", "c"]), &texts(&["a", "b", "c"])),
            (0, 0, 0)
        );
        assert_eq!(
            diff_counts(&texts(&["a", "b", "c"]), &texts(&["a", "B", "c", "d"])),
            (1, 1, 0)
        );
        assert_eq!(diff_counts(&texts(&["a", "b", "c"]), &texts(&["c"])), (0, 0, 2));
    }

    #[test]
    fn diff_counts_is_linear_on_long_documents() {
        let old: Vec<String> = (0..150_000).map(|i| format!("段{i}")).collect();
        let mut new: Vec<String> = (0..150_000).map(|i| format!("段{}", i * 7 % 150_000)).collect();
        new.push("新".into());
        let start = std::time::Instant::now();
        assert_eq!(diff_counts(&old, &new), (0, 1, 0));
        let mut edited = old.clone();
        edited[3] = "改".into();
        edited.remove(70_000);
        assert_eq!(diff_counts(&old, &edited), (1, 0, 1));
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }
}
