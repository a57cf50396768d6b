//! Places in the model's text, and the page map: where the print edition's
//! pages begin, said in the model's terms (a text block's [`BlockId`] and a
//! character offset) so that an edition without pages (the EPUB) can mark
//! them without knowing how the print edition was laid out.

/// The stable id of a text block (a heading, a paragraph or a figure's
/// caption line): its index in [`super::Document::block_texts`], given by
/// [`super::number`] in document order. Every edition names a block by it
/// instead of counting blocks itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockId(pub u32);

impl BlockId {
    /// An id after every block of any document (a bound, never a block's).
    pub const END: BlockId = BlockId(u32::MAX);

    /// The index of the block in [`super::Document::block_texts`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A place in the model's text: before character `offset` (counted in
/// `char`s) of the text of `block` (as [`super::Document::block_texts`]
/// gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPosition {
    /// The text block.
    pub block: BlockId,
    /// The character offset inside that block's text.
    pub offset: usize,
}

/// Where a page begins: in the title block or in the body. The order is
/// reading order: every title position comes before the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageStart {
    /// Before character `offset` (counted in `char`s) of the title block's
    /// text: the title, the subtitle, the author and the date, one after
    /// another.
    Title(usize),
    /// At a place in the body.
    Body(TextPosition),
}

impl Default for PageStart {
    fn default() -> Self {
        PageStart::Title(0)
    }
}

/// Where each page of a paged edition begins, page 1 first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMap {
    /// The start of each page, in page order (a layout that floats a figure
    /// may start a page earlier in the text than the page before it ends).
    pub starts: Vec<PageStart>,
}

impl PageMap {
    /// The pages with their numbers (1-based), in reading order of where
    /// they begin.
    pub fn in_reading_order(&self) -> Vec<(PageStart, usize)> {
        let mut pages: Vec<_> = self.starts.iter().copied().zip(1..).collect();
        pages.sort();
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_in_reading_order_keep_their_numbers() {
        let at = |block, offset| {
            PageStart::Body(TextPosition {
                block: BlockId(block),
                offset,
            })
        };
        let map = PageMap {
            starts: vec![PageStart::Title(0), at(3, 0), at(2, 5), at(3, 40)],
        };
        assert_eq!(
            map.in_reading_order(),
            [
                (PageStart::Title(0), 1),
                (at(2, 5), 3),
                (at(3, 0), 2),
                (at(3, 40), 4)
            ]
        );
        assert!(PageStart::Title(usize::MAX) < at(0, 0));
    }
}
