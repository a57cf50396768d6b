//! The stylesheet and the font subsets it embeds.
//!
//! Each face is cut down to the characters set in it (see
//! [`crate::model::Document::text_runs`] and [`crate::fonts::Fonts::for_role`]);
//! the body face also gets every other character of the book, so text a
//! reading system styles on its own (the navigation, the title page) still
//! finds a glyph in it.

use std::collections::BTreeSet;

use anyhow::{Context, Result};

use super::punctuation::{DASH_CLASS, PAIR_CLASS};
use super::xhtml::{align_class, INLINE_CLASS, NARROW_SCREEN_EMS, ROW_CLASS, SHORT_CLASS, TABLE_CLASS};
use crate::fonts::subset::{subset, LAYOUT_FEATURES};
use crate::fonts::{Font, Fonts};
use crate::model::table::TableRules;
use crate::model::MAX_HEADING_LEVEL;
use crate::model::{Align as CellAlign, Document, Role, LEVEL2_MARK};
use crate::style::{self as house, Align, BlockStyle, Kind};
use crate::text::linebreak::Punctuation;

/// The characters `text-emphasis` draws for the stylesheet's `em` rule
/// (`filled dot`: U+2022).
const EMPHASIS_MARKS: [char; 1] = ['\u{2022}'];

/// A font subset as stored in the EPUB.
pub struct EmbeddedFont {
    /// Path relative to the stylesheet and the manifest, e.g. `fonts/NotoSansSC-Bold.ttf`.
    pub href: String,
    /// The face it was cut from.
    pub face: Font,
    /// The subset's bytes (a TrueType font).
    pub data: Vec<u8>,
}

/// Cuts each of the three faces down to the characters the book sets in it.
/// `ui_text` is text the book shows besides the model's (e.g. the name of
/// the table of contents); it is set in headings.
pub fn font_subsets(doc: &Document, fonts: &Fonts, ui_text: &[&str]) -> Result<Vec<EmbeddedFont>> {
    let faces = [&fonts.serif, &fonts.serif_bold, &fonts.sans_bold];
    let mut chars: Vec<BTreeSet<char>> = vec![BTreeSet::new(); faces.len()];
    let mut add = |font: &Font, text: &str| {
        let i = faces
            .iter()
            .position(|f| f.file_name == font.file_name)
            .unwrap_or(0);
        chars[i].extend(text.chars().filter(|c| !c.is_control()));
    };
    for run in doc.text_runs() {
        add(fonts.for_role(run.role), run.text);
    }
    for line in doc.figures().iter().filter_map(|f| f.caption_line()) {
        // The label (`图N`) is in the caption line but in no text run.
        add(fonts.for_role(Role::Caption), &line);
    }
    for caption in doc.tables().iter().filter_map(|t| t.caption.as_ref()) {
        // So is a table's (`表N`).
        add(fonts.for_role(Role::Caption), &caption.line());
    }
    let heading = fonts.for_role(Role::Heading);
    add(heading, &doc.meta.title);
    add(heading, doc.meta.subtitle.as_deref().unwrap_or_default());
    add(heading, &LEVEL2_MARK.to_string());
    ui_text.iter().for_each(|t| add(heading, t));
    add(
        fonts.for_role(Role::Body),
        doc.meta.author.as_deref().unwrap_or_default(),
    );
    let everything: BTreeSet<char> = chars.iter().flatten().copied().collect();
    let body = faces
        .iter()
        .position(|f| f.file_name == fonts.for_role(Role::Body).file_name)
        .unwrap_or(0);
    chars[body].extend(everything);
    // The emphasis dots (`text-emphasis-style: filled dot`) are drawn from
    // the emphasised text's own face: keep them in every face used.
    chars
        .iter_mut()
        .filter(|c| !c.is_empty())
        .for_each(|c| c.extend(EMPHASIS_MARKS));

    faces
        .iter()
        .zip(&chars)
        .filter(|(_, chars)| !chars.is_empty())
        .map(|(face, chars)| {
            let data = subset(&face.data, chars, LAYOUT_FEATURES)
                .with_context(|| format!("cannot subset font `{}`", face.file_name))?;
            Ok(EmbeddedFont {
                href: format!("fonts/{}", face.file_name),
                face: (*face).clone(),
                data,
            })
        })
        .collect()
}

/// The rules after the `@font-face` blocks. Body text: 2em first-line
/// indent, justified, strict CJK line breaking; sans headings; smaller
/// captions; emphasis dots (着重号) rather than slanted Chinese; images
/// never wider than the screen; no colours or backgrounds,
/// so a reading system's night mode works.
const RULES: &str = r#"section, nav, figure, figcaption {
  display: block;
}
body {
  font-family: "Noto Serif SC", serif;
  line-break: strict;
  -epub-line-break: strict;
  word-break: normal;
  -epub-word-break: normal;
  overflow-wrap: break-word;
}
p {
  margin: 0;
}
h1, h2, h3, h4, h5, h6 {
  font-family: "Noto Sans SC", sans-serif;
  font-weight: bold;
  page-break-after: avoid;
  break-after: avoid;
}
strong {
  font-weight: bold;
}
em {
  font-style: normal;
  -epub-text-emphasis-style: filled dot;
  text-emphasis-style: filled dot;
  -epub-text-emphasis-position: under;
  text-emphasis-position: under right;
}
figure {
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}
img {
  width: auto;
  height: auto;
  max-width: 100%;
  max-height: 95vh;
}
figcaption {
  text-indent: 0;
}
li > p {
  text-indent: 0;
}
.titlepage {
  margin: 25% 0 3em 0;
  text-align: center;
}
.titlepage .subtitle {
  font-family: "Noto Sans SC", sans-serif;
  font-weight: bold;
}
nav ol {
  list-style-type: none;
}
"#;

/// How the reading system is asked to set punctuation, after the book's
/// choice. The subsets keep the fonts' `chws`, `halt` and `fwid` features
/// (see [`crate::fonts::subset::LAYOUT_FEATURES`]).
/// - 全角式: adjacent marks close up to 1.5 em: Blink through
///   `text-spacing-trim: normal` (which may also drop a closing mark's
///   trailing half at the end of a line), Gecko and WebKit through the
///   fonts' `chws` feature; for engines that have neither (Qt WebEngine),
///   one mark of each closing–opening or closing–closing pair gives up its
///   blank half through `halt` (see [`super::punctuation`]). `chws` is named on the body, not `normal`, which
///   would also stop a reader's own stylesheet from asking for it.
/// - 开明式: the same; CSS cannot halve all but `。？！`, so the reading
///   system sets it as 全角式.
/// - 半角式: every mark half an em, through the fonts' `halt` feature.
///
/// A run of `——` is set with `fwid`: two full-width ems, unbroken, in every
/// engine. `——` and `……` never break: `line-break: strict` (above) keeps
/// them.
fn punctuation_rules(punctuation: Punctuation) -> String {
    let (trim, features) = match punctuation {
        Punctuation::Quanjiao | Punctuation::Kaiming => ("normal", "\"chws\""),
        Punctuation::Banjiao => ("space-all", "\"halt\""),
    };
    format!(
        "body {{\n  text-spacing-trim: {trim};\n  font-feature-settings: {features};\n}}\n\
         .{PAIR_CLASS} {{\n  font-feature-settings: \"halt\";\n}}\n\
         .{DASH_CLASS} {{\n  font-feature-settings: \"fwid\";\n}}\n"
    )
}

/// The rules the house style ([`crate::style`]) decides: sizes relative to
/// the body (the reader chooses the body size), line heights, spaces and
/// alignment of the body, headings, captions and the title page.
fn house_rules() -> String {
    let body = house::of(Kind::Body);
    let caption = house::of(Kind::Caption);
    let mut css = format!("body {{\n  line-height: {};\n}}\n", num(body.leading));
    css += &rule("p", &body);
    for level in 1..=MAX_HEADING_LEVEL {
        css += &rule(&format!("h{level}"), &house::of(Kind::Heading(level)));
    }
    let figure = BlockStyle {
        size: house::BODY_SIZE,
        leading: body.leading,
        ..caption
    };
    css += &rule("figure", &figure);
    let figcaption = BlockStyle {
        before: house::CAPTION_GAP,
        after: 0.0,
        ..caption
    };
    css += &rule("figcaption", &figcaption);
    css += &rule(".titlepage .title", &house::of(Kind::Title));
    css += &rule(".titlepage .subtitle", &house::of(Kind::Subtitle));
    css += &rule(".titlepage .author", &house::of(Kind::Author));
    css
}

/// The rules for tables, set as `rules` says (only in a book that has a
/// table, so a book without one keeps its stylesheet).
///
/// The box around a table and its notes scrolls sideways when the table is
/// wider than the screen; the table is centred in it and collapses its
/// borders, the house's rule widths. The caption is set as a figure's,
/// above the table and with the caption gap under it; the notes as
/// captions, justified from the start of the line. Cells are set at the
/// house's table size, leading and padding, middle-aligned (merged cells
/// centre their words on the rows they span), header cells bold and
/// centred, other cells justified, unless their column says otherwise: as
/// the PDF sets them; a short cell is not broken. No colours: the rules are drawn in the text's.
fn table_rules(rules: TableRules) -> String {
    let caption = house::of(Kind::Caption);
    let body_line = house::LEADING;
    let (thick, thin) = (house::TABLE_THICK_RULE_PT, house::TABLE_THIN_RULE_PT);
    let mut css = format!(
        "div.{TABLE_CLASS} {{\n  overflow-x: auto;\n  margin: {}em 0 {}em 0;\n}}\n",
        num(caption.before * body_line),
        num(caption.after * body_line),
    );
    let (outer, inner) = match rules {
        TableRules::ThreeLine => (
            format!("  border-top: {thick}pt solid;\n  border-bottom: {thick}pt solid;\n"),
            format!("thead {{\n  border-bottom: {thin}pt solid;\n}}\n"),
        ),
        TableRules::Grid => (
            format!("  border: {thin}pt solid;\n"),
            format!("th, td {{\n  border: {thin}pt solid;\n}}\n"),
        ),
    };
    css += &format!(
        "table {{\n  border-collapse: collapse;\n  margin: 0 auto {}em auto;\n{outer}}}\n{inner}",
        num(house::CAPTION_GAP * body_line)
    );
    let (pad_x, pad_y) = house::TABLE_PADDING_EMS;
    css += &format!(
        "th, td {{\n  font-size: {}em;\n  line-height: {};\n  padding: {}em {}em;\n  \
         text-indent: 0;\n  text-align: justify;\n  vertical-align: middle;\n}}\n\
         th {{\n  font-weight: bold;\n}}\nthead th, thead td {{\n  text-align: center;\n}}\n",
        num(f32::from(house::TABLE_SIZE) / f32::from(house::BODY_SIZE)),
        num(house::TABLE_LEADING),
        num(pad_y),
        num(pad_x),
    );
    let aligns = [
        (CellAlign::Left, "left"),
        (CellAlign::Center, "center"),
        (CellAlign::Right, "right"),
    ];
    for (class, value) in aligns.iter().filter_map(|&(a, v)| Some((align_class(a)?, v))) {
        css += &format!(".{class} {{\n  text-align: {value};\n}}\n");
    }
    css += &format!(".{SHORT_CLASS} {{\n  white-space: nowrap;\n}}\n");
    css += "caption {\n  caption-side: top;\n}\n";
    css += &rule(
        "caption",
        &BlockStyle {
            before: 0.0,
            after: house::CAPTION_GAP,
            ..caption
        },
    );
    css += &rule(
        &format!("div.{TABLE_CLASS} > p"),
        &BlockStyle {
            before: 0.0,
            after: 0.0,
            align: Align::Justify,
            ..caption
        },
    );
    css
}

/// Which kinds of picture a book has that the base rules do not set (see
/// [`picture_rules`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureKinds {
    /// A row of pictures side by side.
    pub rows: bool,
    /// A picture inside a line of text.
    pub inline: bool,
}

/// How far the ideographic em box of the body face reaches below the
/// baseline, in ems: Noto Serif SC's `BASE` table puts the `ideo` baseline
/// at −120 of 1000 units. A picture inside text sits on it, so it fills the
/// em box as a Chinese character does.
const IDEOGRAPHIC_DESCENT_EMS: f32 = 0.12;

/// The rules for the pictures of [`PictureKinds`] (only in a book that has
/// them, so a book without them keeps its stylesheet).
///
/// A row is a flex box of figures whose widths (in the XHTML, percentages
/// of the row from [`crate::style::row_sizes`]) set one common height;
/// each image fills its figure's width. Below [`NARROW_SCREEN_EMS`] the
/// figures stack, each image as a picture standing alone.
///
/// A picture inside text is one em high on the ideographic em box (its
/// bottom [`IDEOGRAPHIC_DESCENT_EMS`] below the baseline): inside the line
/// box the body's leading makes, so the line keeps its spacing.
fn picture_rules(kinds: PictureKinds) -> String {
    let mut css = String::new();
    if kinds.rows {
        css += &format!(
            "div.{ROW_CLASS} {{\n  display: flex;\n  flex-wrap: nowrap;\n  justify-content: center;\n  \
             align-items: flex-start;\n  page-break-inside: avoid;\n  break-inside: avoid;\n}}\n\
             div.{ROW_CLASS} > figure {{\n  flex: 0 1 auto;\n}}\n\
             div.{ROW_CLASS} img {{\n  width: 100%;\n  max-height: none;\n}}\n\
             @media (max-width: {}em) {{\n  div.{ROW_CLASS} {{\n    display: block;\n  }}\n  \
             div.{ROW_CLASS} > figure {{\n    width: auto !important;\n    margin-left: 0 !important;\n  }}\n  \
             div.{ROW_CLASS} img {{\n    width: auto;\n    max-height: 95vh;\n  }}\n}}\n",
            num(NARROW_SCREEN_EMS)
        );
    }
    if kinds.inline {
        css += &format!(
            "img.{INLINE_CLASS} {{\n  width: auto;\n  height: 1em;\n  vertical-align: -{}em;\n}}\n",
            num(IDEOGRAPHIC_DESCENT_EMS)
        );
    }
    css
}

/// One CSS rule setting `selector` in the house block style `b`. Sizes are
/// relative to the body; margins are in ems of the element's own size.
fn rule(selector: &str, b: &BlockStyle) -> String {
    let per_line = house::LEADING / b.relative_size();
    let align = match b.align {
        Align::Start => "left",
        Align::Centre => "center",
        Align::Justify => "justify",
    };
    format!(
        "{selector} {{\n  font-size: {}em;\n  line-height: {};\n  margin: {}em 0 {}em 0;\n  \
         text-align: {align};\n  text-indent: {}em;\n}}\n",
        num(b.relative_size()),
        num(b.leading),
        num(b.before * per_line),
        num(b.after * per_line),
        num(b.first_indent),
    )
}

/// A CSS number: at most three decimals, no trailing zeros.
pub(super) fn num(x: f32) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The stylesheet: one `@font-face` per embedded subset, then [`RULES`],
/// the level-2 mark, drawn before each level-2 heading (outside its text),
/// when the book has tables, their rules ruled as `tables` says, and the
/// rules for the kinds of picture it has.
pub fn stylesheet(
    fonts: &[EmbeddedFont],
    punctuation: Punctuation,
    tables: Option<TableRules>,
    pictures: PictureKinds,
) -> String {
    let mut css = String::new();
    for f in fonts {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: normal;\n  \
             font-weight: {};\n  src: url(\"{}\");\n}}\n",
            f.face.family,
            if f.face.bold { "bold" } else { "normal" },
            f.href,
        ));
    }
    css.push_str(RULES);
    css.push_str(&punctuation_rules(punctuation));
    css.push_str(&house_rules());
    css.push_str(&format!(
        "h2::before {{\n  content: \"\\{:X}\";\n  margin-right: {}em;\n}}\n",
        u32::from(LEVEL2_MARK),
        num(house::LEVEL2_MARK_GAP_EMS)
    ));
    if let Some(rules) = tables {
        css.push_str(&table_rules(rules));
    }
    css.push_str(&picture_rules(pictures));
    css
}
