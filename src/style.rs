//! The house style: one definition of how the publication looks, read by the
//! three editions so that they look like one publication.
//!
//! Sizes are in points at print size and spaces in body lines; each edition
//! converts them to its own units (the PDF to mm, the EPUB CSS to ems of the
//! reader's chosen size, the DOCX to half-points and twips). Where a format
//! cannot follow the definition, its module says so.

use crate::model::Role;

/// The three faces zhpress sets text in. Which face a piece of text takes is
/// the house style's decision ([`face_of`]); [`crate::fonts`] loads the
/// file of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Serif regular: body, captions, page numbers.
    Serif,
    /// Serif bold: lead sentences and other strong text.
    SerifBold,
    /// Sans bold: title, subtitle, headings, running head.
    SansBold,
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 3] = [Face::Serif, Face::SerifBold, Face::SansBold];

    /// Whether the face is a bold one.
    pub fn is_bold(self) -> bool {
        self != Face::Serif
    }
}

/// The face text of `role` is set in.
pub fn face_of(role: Role) -> Face {
    match role {
        Role::Body | Role::Caption => Face::Serif,
        Role::Strong => Face::SerifBold,
        Role::Heading => Face::SansBold,
    }
}

/// The page (A4) width in mm, for the editions that have pages.
pub const PAGE_WIDTH_MM: f32 = 210.0;
/// The page (A4) height in mm.
pub const PAGE_HEIGHT_MM: f32 = 297.0;
/// The top margin (page edge to the top of the text area) in mm.
pub const MARGIN_TOP_MM: f32 = 30.0;
/// The bottom margin (bottom of the text area to the page edge) in mm.
pub const MARGIN_BOTTOM_MM: f32 = 26.0;

/// Body text size in points.
pub const BODY_SIZE: u8 = 11;
/// Line height of body text, as a multiple of the body size.
pub const LEADING: f32 = 1.8;
/// The text width in body ems: a whole number, so that a line of Han
/// characters needs no stretching.
pub const MEASURE_EMS: f32 = 38.0;
/// The first-line indent of body paragraphs, in characters (ems).
pub const FIRST_LINE_INDENT_EMS: f32 = 2.0;
/// How far list items and block quotes are indented, in body ems.
pub const BLOCK_INDENT_EMS: f32 = 2.0;
/// Size of the running head and the page number, in points.
pub const FURNITURE_SIZE: u8 = 9;
/// The space after the title block (title, subtitle, author), in body lines.
pub const TITLE_BLOCK_AFTER: f32 = 1.5;
/// The space between a figure's image and its caption, in body lines.
pub const CAPTION_GAP: f32 = 0.4;
/// The tallest a figure's image may be, as a fraction of the text area's
/// height (so that a page keeps room for text and the caption).
pub const MAX_FIGURE_HEIGHT: f32 = 0.55;
/// The level-2 mark (■, [`crate::model::LEVEL2_MARK`]) before a level-2
/// heading's text, in ems of the heading. An edition that draws the mark
/// as a square (the PDF) takes its side and hang; one that sets it as a
/// character, a full em wide in the heading face (the EPUB), takes the gap
/// after it. Word's list numbering can only follow the mark with a space or
/// a tab, so the DOCX sets a space.
pub const LEVEL2_MARK_SIDE_EMS: f32 = 0.62;
/// How far a level-2 heading's text starts after the mark's left edge, in
/// ems of the heading (the mark plus a gap of about a third of an em).
pub const LEVEL2_HANG_EMS: f32 = 1.3;
/// The gap between the mark set as a character and the heading's text, in
/// ems of the heading.
pub const LEVEL2_MARK_GAP_EMS: f32 = 0.4;

/// Size of the text in table cells, in points (the caption and the notes
/// under a table take [`Kind::Caption`]'s).
pub const TABLE_SIZE: u8 = 10;
/// Line height in table cells, as a multiple of [`TABLE_SIZE`].
pub const TABLE_LEADING: f32 = 1.5;
/// A table cell's padding, in ems of [`TABLE_SIZE`]: left and right, then
/// top and bottom.
pub const TABLE_PADDING_EMS: (f32, f32) = (0.5, 0.3);
/// The thick rules of the three-line table (above and below it), in points.
pub const TABLE_THICK_RULE_PT: f32 = 1.0;
/// The thin rule under a table's header rows, and every rule of a ruled
/// grid (`table-rules: grid`), in points.
pub const TABLE_THIN_RULE_PT: f32 = 0.5;

/// A length in an edition's own unit, as the figure-size rule
/// ([`figure_size`]) scales it by an image's aspect (height / width, from
/// its pixel size). Each edition keeps its unit's arithmetic: the PDF's mm
/// as `f32`, the DOCX's EMU as whole numbers.
pub trait Length: Copy + PartialOrd {
    /// `self` × height / width of an image of `px` (width, height) pixels.
    fn times_aspect(self, px: (u32, u32)) -> Self;
    /// `self` ÷ (height / width): the width of an image `self` high.
    fn over_aspect(self, px: (u32, u32)) -> Self;
}

impl Length for f32 {
    fn times_aspect(self, (w, h): (u32, u32)) -> f32 {
        self * (h.max(1) as f32 / w.max(1) as f32)
    }

    fn over_aspect(self, (w, h): (u32, u32)) -> f32 {
        self / (h.max(1) as f32 / w.max(1) as f32)
    }
}

impl Length for u64 {
    fn times_aspect(self, (w, h): (u32, u32)) -> u64 {
        self * u64::from(h.max(1)) / u64::from(w.max(1))
    }

    fn over_aspect(self, (w, h): (u32, u32)) -> u64 {
        self * u64::from(w.max(1)) / u64::from(h.max(1))
    }
}

/// The printed size (width, height) of a figure's image of `px` (width,
/// height) pixels: the full `measure`, with the image's aspect, unless that
/// is taller than `max_height` ([`MAX_FIGURE_HEIGHT`] of the text area, in
/// the same unit); then `max_height` high.
pub fn figure_size<L: Length>(px: (u32, u32), measure: L, max_height: L) -> (L, L) {
    let height = measure.times_aspect(px);
    if height > max_height {
        (max_height.over_aspect(px), max_height)
    } else {
        (measure, height)
    }
}

/// The gap between two pictures of a row ([`row_sizes`]), in body ems.
pub const FIGURE_ROW_GAP_EMS: f32 = 1.0;

/// The printed sizes (width, height) of a row of pictures of `px` (width,
/// height) pixels side by side: one common height at which their widths
/// and the `gap`s between them fill the `measure`, unless that is taller
/// than `max_height`; then `max_height` high (the row is narrower than the
/// measure, and each edition centres it). In any one unit; the DOCX rounds
/// to whole EMU.
pub fn row_sizes(px: &[(u32, u32)], measure: f64, gap: f64, max_height: f64) -> Vec<(f64, f64)> {
    let widths_per_height: f64 = px
        .iter()
        .map(|&(w, h)| f64::from(w.max(1)) / f64::from(h.max(1)))
        .sum();
    let gaps = gap * px.len().saturating_sub(1) as f64;
    let height = ((measure - gaps).max(0.0) / widths_per_height.max(f64::MIN_POSITIVE)).min(max_height);
    px.iter()
        .map(|&(w, h)| (height * f64::from(w.max(1)) / f64::from(h.max(1)), height))
        .collect()
}

/// The printed size (width, height) of a picture inside a line of text of
/// font size `em`: one em high, its width by its aspect, unless that is
/// wider than the `measure`; then the measure wide (and lower). In any one
/// unit.
pub fn inline_picture_size(px: (u32, u32), em: f64, measure: f64) -> (f64, f64) {
    let aspect = f64::from(px.0.max(1)) / f64::from(px.1.max(1));
    if em * aspect > measure {
        (measure, measure / aspect)
    } else {
        (em * aspect, em)
    }
}

/// How the lines of a block sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush with the start of the line, ragged end.
    Start,
    /// Centred.
    Centre,
    /// Justified to both edges; the last line starts flush.
    Justify,
}

/// The look of one kind of block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockStyle {
    /// The face.
    pub face: Face,
    /// The size in points (whole points: the PDF library sets no others).
    pub size: u8,
    /// Line height, as a multiple of `size`.
    pub leading: f32,
    /// Space above, in body lines.
    pub before: f32,
    /// Space below, in body lines.
    pub after: f32,
    /// Alignment.
    pub align: Align,
    /// First-line indent, in ems of `size`.
    pub first_indent: f32,
}

impl BlockStyle {
    /// The size as a multiple of the body size (CSS `em` of the body).
    pub fn relative_size(&self) -> f32 {
        f32::from(self.size) / f32::from(BODY_SIZE)
    }

    /// The line height in points.
    pub fn line_height_pt(&self) -> f32 {
        self.leading * f32::from(self.size)
    }
}

/// The kinds of block the house style defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document title.
    Title,
    /// The line under the title.
    Subtitle,
    /// The author line of the title block.
    Author,
    /// A heading of the given level (1 = `#`); levels below 3 look like 3.
    Heading(u8),
    /// Body paragraphs (also inside lists and quotes).
    Body,
    /// A figure caption (`图N　caption　credit`).
    Caption,
}

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// The width of the text area in points (the text block is centred on the page).
pub fn text_width_pt() -> f32 {
    MEASURE_EMS * f32::from(BODY_SIZE)
}

/// The side margins in mm.
pub fn side_margin_mm() -> f32 {
    (PAGE_WIDTH_MM - text_width_pt() * MM_PER_PT) / 2.0
}

/// The body text height of one line, in points.
pub fn body_line_pt() -> f32 {
    LEADING * f32::from(BODY_SIZE)
}

/// The house style of `kind`.
pub fn of(kind: Kind) -> BlockStyle {
    let block = |face, size, leading, before, after, align| BlockStyle {
        face,
        size,
        leading,
        before,
        after,
        align,
        first_indent: 0.0,
    };
    match kind {
        Kind::Title => block(Face::SansBold, 20, 1.7, 0.0, 0.0, Align::Centre),
        Kind::Subtitle => block(Face::SansBold, 13, 1.7, 0.0, 0.0, Align::Centre),
        Kind::Author => block(Face::Serif, BODY_SIZE, 1.7, 0.5, 0.0, Align::Centre),
        Kind::Heading(1) => block(Face::SansBold, 15, 1.6, 1.0, 0.5, Align::Centre),
        Kind::Heading(2) => block(Face::SansBold, 12, 1.6, 0.6, 0.2, Align::Start),
        Kind::Heading(_) => block(Face::SansBold, BODY_SIZE, 1.6, 0.6, 0.2, Align::Start),
        Kind::Body => BlockStyle {
            first_indent: FIRST_LINE_INDENT_EMS,
            ..block(Face::Serif, BODY_SIZE, LEADING, 0.0, 0.0, Align::Justify)
        },
        Kind::Caption => block(Face::Serif, 9, 1.6, 0.6, 0.8, Align::Centre),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_faces_follow_roles() {
        assert_eq!(of(Kind::Body).face, face_of(Role::Body));
        assert_eq!(of(Kind::Caption).face, face_of(Role::Caption));
        assert_eq!(of(Kind::Heading(2)).face, face_of(Role::Heading));
    }

    #[test]
    fn a_row_of_pictures_shares_one_height_and_fills_the_measure() {
        // 3:2 and 2:3 at 170 wide with a gap of 10: h × (1.5 + 0.667) = 160.
        let sizes = row_sizes(&[(600, 400), (200, 300)], 170.0, 10.0, 1000.0);
        let h = 160.0 / (1.5 + 2.0 / 3.0);
        assert!((sizes[0].1 - h).abs() < 1e-9 && (sizes[1].1 - h).abs() < 1e-9);
        assert!((sizes[0].0 + sizes[1].0 + 10.0 - 170.0).abs() < 1e-9);
        // Too tall: capped, narrower than the measure, aspects kept.
        let capped = row_sizes(&[(100, 400), (100, 400)], 170.0, 10.0, 100.0);
        assert_eq!(capped, [(25.0, 100.0), (25.0, 100.0)]);
        let (w, h) = inline_picture_size((96, 48), 11.0, 400.0);
        assert_eq!((w, h), (22.0, 11.0));
        assert_eq!(inline_picture_size((4000, 10), 11.0, 400.0), (400.0, 1.0));
    }

    #[test]
    fn figures_fill_the_measure_unless_too_tall_in_every_unit() {
        // A wide image fills the measure; a tall one is held to the height.
        assert_eq!(figure_size((400, 200), 100.0_f32, 60.0), (100.0, 50.0));
        assert_eq!(figure_size((200, 400), 100.0_f32, 60.0), (30.0, 60.0));
        assert_eq!(figure_size((400, 200), 1000_u64, 600), (1000, 500));
        assert_eq!(figure_size((200, 400), 1000_u64, 600), (300, 600));
        // Whole units round down; an image without pixels is one pixel.
        assert_eq!(figure_size((3, 1), 1000_u64, 600), (1000, 333));
        assert_eq!(figure_size((0, 0), 1000_u64, 2000), (1000, 1000));
    }

    #[test]
    fn headings_get_smaller_with_depth_and_stop_at_body_size() {
        let sizes: Vec<u8> = (1..=6).map(|l| of(Kind::Heading(l)).size).collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        assert_eq!(sizes[5], BODY_SIZE);
    }
}
