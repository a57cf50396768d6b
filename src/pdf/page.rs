//! What the layout makes and pagination cuts into pages: the marks drawn
//! on a page, the boxes of chunks a block is set into, the pages and the
//! outline's entries. Positions are in mm.

use super::style::TextStyle;
use super::tags::{ElementId, Owner};
use super::text::{Placed, Run};
use crate::model::{BlockId, PageStart};

/// Something drawn on a page; positions in mm from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A run of text; `x` is the first glyph's origin.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        baseline: f32,
        /// Face and size.
        style: TextStyle,
        /// The characters.
        text: String,
        /// The characters set apart from the one before them, from `x`.
        placed: Placed,
        /// The structure element they belong to (`None`: page furniture).
        owner: Owner,
    },
    /// A filled square (the level-2 heading mark, list bullets): decoration.
    Square {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side length.
        side: f32,
    },
    /// A horizontal rule: decoration.
    Rule {
        /// Left end.
        x: f32,
        /// Vertical position of its axis.
        y: f32,
        /// Length.
        width: f32,
        /// Thickness.
        thickness: f32,
    },
    /// A vertical rule (a table's grid): decoration.
    VRule {
        /// Horizontal position of its axis.
        x: f32,
        /// Top end.
        y: f32,
        /// Length.
        height: f32,
        /// Thickness.
        thickness: f32,
    },
    /// Nothing drawn: an empty marked-content sequence of `owner`, so that
    /// an element with no text (an empty table cell) still has its place
    /// in the reading order.
    Anchor {
        /// The element.
        owner: ElementId,
    },
    /// A figure's image.
    Image {
        /// The image's key in [`crate::input::assets::Assets::images`].
        src: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The figure element.
        owner: Owner,
    },
    /// The area of a link on one line: not drawn, it becomes a link
    /// annotation.
    Link {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The link element.
        link: ElementId,
    },
}

impl Mark {
    /// The mark of a set run on a line whose measure begins at `dx` and
    /// whose baseline is at `baseline`.
    pub(super) fn of_run(run: &Run, dx: f32, baseline: f32) -> Mark {
        Mark::Text {
            x: dx + run.x,
            baseline,
            style: run.style,
            text: run.text.clone(),
            placed: run.placed.clone(),
            owner: run.owner,
        }
    }

    /// The mark moved by `dx`, `dy`.
    pub(super) fn shifted(mut self, dx: f32, dy: f32) -> Mark {
        match &mut self {
            Mark::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Mark::Square { x, y, .. }
            | Mark::Rule { x, y, .. }
            | Mark::VRule { x, y, .. }
            | Mark::Image { x, y, .. }
            | Mark::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Mark::Anchor { .. } => {}
        }
        self
    }
}

/// One page's marks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's content, in reading order.
    pub marks: Vec<Mark>,
    /// The running head and the page number: pagination artifacts.
    pub furniture: Vec<Mark>,
    /// What opens a table's continued part at the top of the page (`续表N`,
    /// the header rows, their rules): pagination artifacts, drawn before
    /// the page's content.
    pub repeated: Vec<Mark>,
    /// Where in the model the page's first line or figure begins.
    pub start: PageStart,
}

/// A bookmark target: a heading and where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The heading level (1 = `#`).
    pub level: u8,
    /// The heading text (never the level-2 mark).
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, in mm from the top of the page.
    pub top: f32,
}

/// A line or a figure (or a table's rows that stay together): the unit
/// that goes onto one page.
#[derive(Debug, Clone, Default)]
pub(super) struct Chunk {
    /// Its height.
    pub height: f32,
    /// Its marks, positioned from its top-left corner.
    pub marks: Vec<Mark>,
    /// The offset of its first character in the text of its block.
    pub offset: usize,
    /// Its block when not its box's (a table's chunks begin in different
    /// cells and notes).
    pub block: Option<BlockId>,
}

/// How a box that breaks across pages between its rows (a table) is
/// continued: what closes the part on the page it leaves and what opens
/// the part on the next one.
pub(super) struct Continued {
    /// What opens each continued part: the line `续表N` and the header
    /// rows, drawn as pagination artifacts (the structure has each row
    /// once). Positioned from its top-left corner.
    pub head: Chunk,
    /// What closes a part a page break interrupts (the bottom rule),
    /// positioned from its top-left corner, drawn under the part's last row.
    pub foot: Chunk,
    /// How many of the box's chunks are rows (its first chunks); a break
    /// before one of them (but the first) opens a continued part. The
    /// chunks after them (the notes' lines) break like a paragraph's.
    pub rows: usize,
}

/// A block's chunks, with its spacing and page-break behaviour.
pub(super) struct Boxed {
    /// Lines, or one figure.
    pub chunks: Vec<Chunk>,
    /// Space above, dropped at the top of a page.
    pub before: f32,
    /// Space below.
    pub after: f32,
    /// Whether it must share a page with the start of the next box (headings).
    pub keep_with_next: bool,
    /// Whether it may be split between lines.
    pub splittable: bool,
    /// The heading (level, text) it sets, for the outline.
    pub heading: Option<(u8, String)>,
    /// Whether it may float to the top of the next page when it does not
    /// fit where it stands (a figure with its caption), the text after it
    /// filling the page.
    pub float: bool,
    /// The model's text block it sets; `None` for the title block.
    pub text_block: Option<BlockId>,
    /// How it continues on the next page when it breaks (tables).
    pub continued: Option<Continued>,
}
