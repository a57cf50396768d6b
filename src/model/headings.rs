//! The heading tree: which heading each heading belongs under. The PDF's
//! bookmarks and the EPUB's table of contents nest by it, so a skipped
//! level (a `###` straight after a `#`) nests the same way in both.

/// The headings of a document (in the order of
/// [`super::Document::headings`]) as a tree: a heading's parent is the
/// nearest earlier heading of a lower level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingTree {
    /// The parent of each heading, `None` at the top.
    parents: Vec<Option<usize>>,
}

impl HeadingTree {
    /// The tree of a sequence of heading `levels` (1 = `#`).
    pub fn of_levels(levels: &[u8]) -> HeadingTree {
        let mut parents = Vec::with_capacity(levels.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            while stack.last().is_some_and(|&j| levels[j] >= *level) {
                stack.pop();
            }
            parents.push(stack.last().copied());
            stack.push(i);
        }
        HeadingTree { parents }
    }

    /// How many headings there are.
    pub fn len(&self) -> usize {
        self.parents.len()
    }

    /// Whether there are no headings.
    pub fn is_empty(&self) -> bool {
        self.parents.is_empty()
    }

    /// The parent of heading `i`, `None` at the top.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parents[i]
    }

    /// The depth of every heading, 1 at the top. A heading is at most one
    /// deeper than the one before it (its parent comes no later).
    pub fn depths(&self) -> Vec<usize> {
        let mut depths: Vec<usize> = Vec::with_capacity(self.len());
        for p in &self.parents {
            depths.push(p.map_or(1, |p| depths[p] + 1));
        }
        depths
    }

    /// The children of `parent` (`None`: the top-level headings), in order.
    pub fn children(&self, parent: Option<usize>) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.parents[i] == parent).collect()
    }

    /// How many headings stand under heading `i`, at any depth (they follow
    /// it directly).
    pub fn descendants(&self, i: usize) -> usize {
        let under = |mut j: usize| loop {
            match self.parents[j] {
                Some(p) if p == i => return true,
                Some(p) => j = p,
                None => return false,
            }
        };
        (i + 1..self.len()).take_while(|&j| under(j)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_depths_and_children_follow_levels() {
        let tree = HeadingTree::of_levels(&[1, 2, 3, 2, 1, 3]);
        let parents: Vec<_> = (0..tree.len()).map(|i| tree.parent(i)).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(0), None, Some(4)]);
        assert_eq!(tree.depths(), [1, 2, 3, 2, 1, 2]);
        assert_eq!(tree.children(None), [0, 4]);
        assert_eq!(tree.children(Some(0)), [1, 3]);
        assert_eq!(
            (0..tree.len()).map(|i| tree.descendants(i)).collect::<Vec<_>>(),
            [3, 1, 0, 0, 1, 0]
        );
    }

    #[test]
    fn a_skipped_level_nests_one_deeper_and_siblings_stay_siblings() {
        // `#`, `###`, `###`, `##`: both `###` are children of the `#`.
        let tree = HeadingTree::of_levels(&[1, 3, 3, 2]);
        assert_eq!(tree.depths(), [1, 2, 2, 2]);
        assert_eq!(tree.children(Some(0)), [1, 2, 3]);
        // A document opening below the top level starts at depth 1.
        assert_eq!(HeadingTree::of_levels(&[2, 3, 1, 2]).depths(), [1, 2, 1, 2]);
        assert!(HeadingTree::of_levels(&[]).is_empty());
    }
}
