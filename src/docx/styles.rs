//! The DOCX style sheet: Word's built-in paragraph styles (ids and names as
//! Word writes them, so the navigation pane, a Word TOC and an editor's habits
//! work) set for Chinese text, and the numbering definitions that draw the
//! level-2 mark and list markers.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelSuffixType, LevelText,
    LineSpacing, LineSpacingType, NumberFormat, NumberingId, RunFonts, SpecialIndentType, Start, Style,
    StyleType,
};

use crate::fonts::{Font, Fonts};
use crate::model::{LEVEL2_MARK, MAX_HEADING_LEVEL};
use crate::style::{self as house, Align, BlockStyle, Kind};

/// Style ids, as Word spells its built-in styles in `styles.xml`.
pub mod id {
    use crate::model::MAX_HEADING_LEVEL;

    /// The document title.
    pub const TITLE: &str = "Title";
    /// The line under the title.
    pub const SUBTITLE: &str = "Subtitle";
    /// The author's line under the title block (not a Word built-in; its
    /// name, `Author`, is how `import` finds it).
    pub const AUTHOR: &str = "Author";
    /// Body text.
    pub const NORMAL: &str = "Normal";
    /// Figure captions.
    pub const CAPTION: &str = "Caption";
    /// A figure's photo credit, after its caption on the same line (not a
    /// Word built-in; its name, `Figure Credit`, is how `import` finds it).
    pub const CREDIT: &str = "FigureCredit";
    /// The character style of a photo credit inside a row's caption
    /// paragraph, where a paragraph style cannot mark it (not a Word
    /// built-in; its name, `Figure Credit Char`, is how `import` finds it).
    pub const CREDIT_CHAR: &str = "FigureCreditChar";
    /// The paragraph holding a figure's picture (not a Word built-in: Word
    /// has none for it).
    pub const FIGURE: &str = "Figure";
    /// The page header.
    pub const HEADER: &str = "Header";
    /// The page footer.
    pub const FOOTER: &str = "Footer";
    /// Block quotes.
    pub const QUOTE: &str = "Quote";
    /// Paragraphs inside list items.
    pub const LIST_PARAGRAPH: &str = "ListParagraph";
    /// The character style of emphasis: 着重号 (emphasis dots under each
    /// character, `w:em`), as the other editions draw it; Chinese has no
    /// italic.
    pub const EMPHASIS: &str = "Emphasis";
    /// The character style of a link's text.
    pub const HYPERLINK: &str = "Hyperlink";
    /// The paragraph of a table's body cell (not a Word built-in).
    pub const TABLE_TEXT: &str = "TableText";
    /// The paragraph of a table's header cell: bold (not a Word built-in).
    pub const TABLE_HEADING: &str = "TableHeading";
    /// A note under a table (`注：…`); its name, `Table Note`, is how
    /// `import` finds it (not a Word built-in).
    pub const TABLE_NOTE: &str = "TableNote";
    /// The three-line table style (三线表), the house style of tables.
    pub const THREE_LINE_TABLE: &str = "ThreeLineTable";
    /// Word's built-in `Table Grid` style: every cell ruled.
    pub const TABLE_GRID: &str = "TableGrid";

    /// The id of the heading style of `level` (1-based), e.g. `Heading2`;
    /// levels deeper than [`MAX_HEADING_LEVEL`] share its style.
    pub fn heading(level: u8) -> String {
        format!("Heading{}", level.clamp(1, MAX_HEADING_LEVEL))
    }
}

/// The name of the [`id::CREDIT`] style, which survives a re-save by Word,
/// WPS and LibreOffice (ids may not).
pub const CREDIT_STYLE_NAME: &str = "Figure Credit";

/// The name of the [`id::CREDIT_CHAR`] style, which survives a re-save
/// (ids may not).
pub const CREDIT_CHAR_STYLE_NAME: &str = "Figure Credit Char";

/// The name of the [`id::TABLE_NOTE`] style, which survives a re-save by
/// Word, WPS and LibreOffice (ids may not).
pub const TABLE_NOTE_STYLE_NAME: &str = "Table Note";

/// Body text size in half-points.
pub const BODY_HALF_POINTS: usize = house::BODY_SIZE as usize * 2;
/// The first-line indent of body paragraphs, in characters.
pub const FIRST_LINE_CHARS: i32 = house::FIRST_LINE_INDENT_EMS as i32;
/// Twips per point.
const TWIPS_PER_PT: f32 = 20.0;

/// The numbering instance (`w:numId`) and abstract numbering that draw
/// [`LEVEL2_MARK`] before level-2 headings. docx-rs always writes a
/// numbering of its own with the ids 1, so ours start at 2.
pub const LEVEL2_MARK_NUM_ID: usize = 2;
/// The abstract numbering of bulleted lists.
pub const BULLET_ABSTRACT_ID: usize = 3;
/// The abstract numbering of ordered lists.
pub const DECIMAL_ABSTRACT_ID: usize = 4;
/// List nesting deeper than this is drawn at the deepest level.
pub const MAX_LIST_LEVEL: usize = 8;

/// The fonts of a role: the Chinese face for East Asian text and the same
/// family for Latin text (it covers both, as in the other editions).
fn fonts_of(font: &Font) -> RunFonts {
    RunFonts::new()
        .east_asia(font.family)
        .ascii(font.family)
        .hi_ansi(font.family)
        .cs(font.family)
}

/// The spacing of a house block style: space before and after (in body
/// lines) as twips, and lines at least as high as the house leading (at
/// least, so that a picture in a line is never clipped).
fn spacing(b: &BlockStyle) -> LineSpacing {
    let line = house::body_line_pt() * TWIPS_PER_PT;
    LineSpacing::new()
        .before((b.before * line).round() as u32)
        .after((b.after * line).round() as u32)
        .line((b.line_height_pt() * TWIPS_PER_PT).round() as i32)
        .line_rule(LineSpacingType::AtLeast)
}

/// The size of a house block style in half-points.
fn half_points(b: &BlockStyle) -> usize {
    usize::from(b.size) * 2
}

/// Word's paragraph alignment of a house alignment.
fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Start => AlignmentType::Left,
        Align::Centre => AlignmentType::Center,
        Align::Justify => AlignmentType::Both,
    }
}

/// The fonts of a house block style's face.
fn fonts_for(b: &BlockStyle, fonts: &Fonts) -> RunFonts {
    fonts_of(fonts.get(b.face))
}

/// The `w:firstLineChars` value (hundredths of a character) of each style
/// that sets a first-line indent. docx-rs does not write this attribute, so
/// the packager adds it; a zero stops Heading, Title, etc. from inheriting
/// Normal's two-character indent. `tables`: whether the style sheet has the
/// table paragraph styles ([`add_table_styles`]).
pub fn first_line_chars(tables: bool) -> Vec<(String, i32)> {
    let mut out = vec![(id::NORMAL.to_string(), FIRST_LINE_CHARS * 100)];
    if tables {
        out.extend([id::TABLE_TEXT, id::TABLE_NOTE].map(|s| (s.to_string(), 0)));
    }
    for s in [
        id::TITLE,
        id::SUBTITLE,
        id::AUTHOR,
        id::CAPTION,
        id::FIGURE,
        id::HEADER,
        id::FOOTER,
        id::LIST_PARAGRAPH,
    ] {
        out.push((s.to_string(), 0));
    }
    out.extend((1..=MAX_HEADING_LEVEL).map(|l| (id::heading(l), 0)));
    out
}

/// Adds the document defaults, the styles and the numbering definitions.
pub fn add(docx: Docx, fonts: &Fonts) -> Docx {
    let serif = fonts_of(&fonts.serif);
    let body = house::of(Kind::Body);
    let normal = Style::new(id::NORMAL, StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts_for(&body, fonts))
        .size(half_points(&body))
        .align(alignment(body.align))
        .line_spacing(spacing(&body))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(
                FIRST_LINE_CHARS * BODY_HALF_POINTS as i32 * 10,
            )),
            None,
            None,
        );
    // A paragraph style set in the house style of `kind`, with no first-line
    // indent.
    let block = |style_id: &str, name: &str, kind: Kind| {
        let b = house::of(kind);
        let mut s = Style::new(style_id, StyleType::Paragraph)
            .name(name)
            .based_on(id::NORMAL)
            .next(id::NORMAL)
            .fonts(fonts_for(&b, fonts))
            .size(half_points(&b))
            .align(alignment(b.align))
            .line_spacing(spacing(&b))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
        if b.face.is_bold() {
            s = s.bold();
        }
        s
    };
    let title = block(id::TITLE, "Title", Kind::Title);
    let subtitle = block(id::SUBTITLE, "Subtitle", Kind::Subtitle);
    let author = block(id::AUTHOR, "Author", Kind::Author);
    let heading = |level: u8| {
        let mut s = block(
            &id::heading(level),
            &format!("heading {level}"),
            Kind::Heading(level),
        )
        .outline_lvl(usize::from(level - 1));
        s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
        s
    };
    let mut heading2 = heading(2);
    heading2.paragraph_property = heading2
        .paragraph_property
        .numbering(NumberingId::new(LEVEL2_MARK_NUM_ID), IndentLevel::new(0));
    // The figure's space before goes above the picture, its space after
    // below the caption.
    let figure_space = house::of(Kind::Caption);
    let caption = block(id::CAPTION, "caption", Kind::Caption).line_spacing(spacing(&BlockStyle {
        before: house::CAPTION_GAP,
        ..figure_space
    }));
    let credit = Style::new(id::CREDIT, StyleType::Paragraph)
        .name(CREDIT_STYLE_NAME)
        .based_on(id::CAPTION)
        .next(id::NORMAL);
    let mut figure = Style::new(id::FIGURE, StyleType::Paragraph)
        .name("Figure")
        .based_on(id::NORMAL)
        .next(id::CAPTION)
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .before((figure_space.before * house::body_line_pt() * TWIPS_PER_PT).round() as u32)
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        )
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
    figure.paragraph_property = figure.paragraph_property.keep_next(true);
    let header_footer = |style: &str, name: &str| {
        Style::new(style, StyleType::Paragraph)
            .name(name)
            .based_on(id::NORMAL)
            .size(usize::from(house::FURNITURE_SIZE) * 2)
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            )
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
    };
    let block_indent = (house::BLOCK_INDENT_EMS * f32::from(house::BODY_SIZE) * TWIPS_PER_PT) as i32;
    let quote = Style::new(id::QUOTE, StyleType::Paragraph)
        .name("Quote")
        .based_on(id::NORMAL)
        .next(id::NORMAL)
        .indent(Some(block_indent), None, Some(block_indent), None);
    let list_paragraph = Style::new(id::LIST_PARAGRAPH, StyleType::Paragraph)
        .name("List Paragraph")
        .based_on(id::NORMAL)
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None);

    let docx = docx
        .default_fonts(serif)
        .default_size(BODY_HALF_POINTS)
        .add_style(normal)
        .add_style(title)
        .add_style(subtitle)
        .add_style(author)
        .add_style(heading(1))
        .add_style(heading2);
    (3..=MAX_HEADING_LEVEL)
        .fold(docx, |d, l| d.add_style(heading(l)))
        .add_style(figure)
        .add_style(caption)
        .add_style(credit)
        .add_style(header_footer(id::HEADER, "header"))
        .add_style(header_footer(id::FOOTER, "footer"))
        .add_style(quote)
        .add_style(
            // The dots are added by the packager: docx-rs cannot write `w:em`.
            Style::new(id::EMPHASIS, StyleType::Character)
                .name("Emphasis")
                .ui_priority(20)
                .q_format(true),
        )
        .add_style(
            Style::new(id::HYPERLINK, StyleType::Character)
                .name("Hyperlink")
                .underline("single"),
        )
        .add_style(list_paragraph)
        .add_abstract_numbering(level2_mark(fonts))
        .add_numbering(docx_rs::Numbering::new(LEVEL2_MARK_NUM_ID, LEVEL2_MARK_NUM_ID))
        .add_abstract_numbering(list_numbering(BULLET_ABSTRACT_ID, "bullet", |_| "•".to_string()))
        .add_abstract_numbering(list_numbering(DECIMAL_ABSTRACT_ID, "decimal", |l| {
            format!("%{}.", l + 1)
        }))
}

/// Adds the credit character style ([`id::CREDIT_CHAR`]), for a document
/// whose row of pictures has a credit: it sets the credit as the credit
/// paragraph style does, which is as a caption.
pub fn add_credit_char(docx: Docx) -> Docx {
    docx.add_style(Style::new(id::CREDIT_CHAR, StyleType::Character).name(CREDIT_CHAR_STYLE_NAME))
}

/// Adds the paragraph styles of tables, for a document that has one: `Table
/// Text` (body cells: the body face in the house table size
/// [`house::TABLE_SIZE`], no indent, lines of [`house::TABLE_LEADING`], as
/// in the PDF and the EPUB), `Table Heading` (header cells: the same, bold and
/// centred) and `Table Note` (notes under a table: the caption's size,
/// justified, no indent). The table styles themselves are XML the packager
/// adds ([`super::table::style_sheet_xml`]).
pub fn add_table_styles(docx: Docx, fonts: &Fonts) -> Docx {
    let body = house::of(Kind::Body);
    let cell = BlockStyle {
        size: house::TABLE_SIZE,
        leading: house::TABLE_LEADING,
        before: 0.0,
        after: 0.0,
        ..body
    };
    let text = Style::new(id::TABLE_TEXT, StyleType::Paragraph)
        .name("Table Text")
        .based_on(id::NORMAL)
        .fonts(fonts_for(&cell, fonts))
        .size(half_points(&cell))
        .align(AlignmentType::Both)
        .line_spacing(spacing(&cell))
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
    let heading = Style::new(id::TABLE_HEADING, StyleType::Paragraph)
        .name("Table Heading")
        .based_on(id::TABLE_TEXT)
        .align(AlignmentType::Center)
        .bold();
    let caption = house::of(Kind::Caption);
    let note_style = BlockStyle {
        before: house::CAPTION_GAP / 2.0,
        after: 0.0,
        align: house::Align::Justify,
        ..caption
    };
    let note = Style::new(id::TABLE_NOTE, StyleType::Paragraph)
        .name(TABLE_NOTE_STYLE_NAME)
        .based_on(id::NORMAL)
        .next(id::NORMAL)
        .fonts(fonts_for(&note_style, fonts))
        .size(half_points(&note_style))
        .align(alignment(note_style.align))
        .line_spacing(spacing(&note_style))
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
    docx.add_style(text).add_style(heading).add_style(note)
}

/// The numbering that draws the level-2 mark: a bullet whose text is
/// [`LEVEL2_MARK`], followed by a space, tied to the Heading 2 style.
fn level2_mark(fonts: &Fonts) -> AbstractNumbering {
    let level = Level::new(
        0,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new(LEVEL2_MARK.to_string()),
        LevelJc::new("left"),
    )
    .paragraph_style(id::heading(2))
    .suffix(LevelSuffixType::Space)
    .fonts(fonts_of(&fonts.sans_bold).hint("eastAsia"))
    .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
    AbstractNumbering::new(LEVEL2_MARK_NUM_ID).add_level(level)
}

/// The left indent and the hanging indent (for the marker) of list level
/// `level` (0-based), in twips: the marker of the first level stands where
/// a paragraph's first line starts, two characters in, and each level adds two.
pub fn list_indent(level: usize) -> (i32, i32) {
    let two_chars = 2 * BODY_HALF_POINTS as i32 * 10;
    (two_chars * (level.min(MAX_LIST_LEVEL) as i32 + 2), two_chars)
}

/// A list numbering with one level per nesting depth; `text` gives the
/// level text of a 0-based level.
fn list_numbering(abstract_id: usize, format: &str, text: impl Fn(usize) -> String) -> AbstractNumbering {
    (0..=MAX_LIST_LEVEL).fold(AbstractNumbering::new(abstract_id), |n, l| {
        let (left, hanging) = list_indent(l);
        n.add_level(
            Level::new(
                l,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text(l)),
                LevelJc::new("left"),
            )
            .indent(Some(left), Some(SpecialIndentType::Hanging(hanging)), None, None),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_normal_indents_the_first_line() {
        let chars = first_line_chars(true);
        assert!(chars.iter().any(|(s, _)| s == id::TABLE_TEXT));
        assert!(!first_line_chars(false).iter().any(|(s, _)| s == id::TABLE_TEXT));
        assert!(chars.contains(&(id::NORMAL.to_string(), 200)));
        for (style, n) in &chars {
            assert!(style == id::NORMAL || *n == 0, "{style}");
        }
        for style in [
            id::TITLE,
            id::SUBTITLE,
            id::CAPTION,
            id::FIGURE,
            "Heading1",
            "Heading2",
        ] {
            assert!(chars.iter().any(|(s, _)| s == style), "{style}");
        }
    }

    #[test]
    fn list_levels_step_two_characters() {
        assert_eq!(list_indent(0), (880, 440));
        assert_eq!(list_indent(1), (1320, 440));
        assert_eq!(list_indent(99), list_indent(MAX_LIST_LEVEL));
    }
}
