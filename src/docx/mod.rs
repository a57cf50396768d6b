//! The DOCX backend: the edition an editor opens in Word or WPS.
//!
//! docx-rs builds the document from the model: Word's built-in styles
//! ([`styles`]), the body ([`body`]) with its tables ([`table`]) and
//! pictures ([`pictures`]), an A4 page with the title in the header
//! and the page number in the footer. [`package`] then writes the zip,
//! adding the few settings docx-rs cannot express (core properties, the
//! East Asian language, first-line indents in characters, picture alt text
//! and Word's decorative mark,
//! table styles and header rows)
//! and puts the children of every property container in schema order
//! ([`order`]).
//! The output depends only on the model and the assets: the same source
//! gives the same bytes.

mod body;
pub mod order;
mod package;
mod pictures;
pub mod properties;
mod styles;
pub mod table;

use anyhow::Result;
use docx_rs::{CharacterSpacingValues, Docx, Footer, Header, PageMargin, PageNum, Paragraph};

use crate::input::assets::Assets;
use crate::model::Document;
use crate::style as house;

use styles::id as style_id;

pub use body::SOURCE_NOTE_AUTHOR;
pub use styles::{CREDIT_CHAR_STYLE_NAME, CREDIT_STYLE_NAME, TABLE_NOTE_STYLE_NAME};

/// Twips in a millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// A4 width in twips (210 mm).
pub const PAGE_WIDTH_TWIPS: u32 = 11_906;
/// A4 height in twips (297 mm).
pub const PAGE_HEIGHT_TWIPS: u32 = 16_838;
/// Left and right margin in twips: the house measure of 38 body ems,
/// centred, as in print.
pub const MARGIN_SIDE_TWIPS: u32 =
    (PAGE_WIDTH_TWIPS - (house::MEASURE_EMS * house::BODY_SIZE as f32 * 20.0) as u32) / 2;
/// Top margin in twips, as in print.
pub const MARGIN_TOP_TWIPS: u32 = (house::MARGIN_TOP_MM * TWIPS_PER_MM) as u32;
/// Bottom margin in twips, as in print.
pub const MARGIN_BOTTOM_TWIPS: u32 = (house::MARGIN_BOTTOM_MM * TWIPS_PER_MM) as u32;
/// Distance of the header and footer from the page edge in twips (15 mm).
const HEADER_FOOTER_TWIPS: i32 = 850;

/// A footer holding the page number; its paragraph has the id `para_id`.
fn page_number_footer(para_id: u32) -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .id(body::para_id(para_id))
            .style(style_id::FOOTER)
            .add_page_num(PageNum::new()),
    )
}

/// Renders the document as DOCX bytes.
pub fn render(doc: &Document, assets: &Assets) -> Result<Vec<u8>> {
    let side = MARGIN_SIDE_TWIPS as i32;

    let docx = Docx::new()
        .page_size(PAGE_WIDTH_TWIPS, PAGE_HEIGHT_TWIPS)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP_TWIPS as i32)
                .bottom(MARGIN_BOTTOM_TWIPS as i32)
                .left(side)
                .right(side)
                .header(HEADER_FOOTER_TWIPS)
                .footer(HEADER_FOOTER_TWIPS)
                .gutter(0),
        )
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .id(body::para_id(1))
                    .style(style_id::HEADER)
                    .add_run(body::plain_run(&doc.meta.title)),
            ),
        )
        // Page 1 opens with the title itself: its header stays empty.
        .first_header(
            Header::new().add_paragraph(Paragraph::new().id(body::para_id(2)).style(style_id::HEADER)),
        )
        .footer(page_number_footer(3))
        .first_footer(page_number_footer(4));
    let has_tables = !doc.tables().is_empty();
    let mut docx = styles::add(docx, &assets.fonts);
    if has_tables {
        docx = styles::add_table_styles(docx, &assets.fonts);
    }
    let body = body::BodyWriter::new(docx, assets, 5).write(doc)?;
    let mut docx = body.docx;
    if body.credit_runs {
        docx = styles::add_credit_char(docx);
    }
    // The Heading 2 style refers to the numbering that draws the level-2
    // mark; docx-rs only links numbering.xml when a paragraph uses one.
    docx.document_rels.has_numberings = true;
    // Word and WPS compress adjacent full-width punctuation, as the PDF
    // does (LibreOffice reads the setting but draws every mark a full em).
    docx.settings = docx
        .settings
        .clone()
        .character_spacing_control(CharacterSpacingValues::CompressPunctuation);

    let additions = package::Additions {
        core: package::CoreProperties {
            title: &doc.meta.title,
            subject: doc.meta.subtitle.as_deref(),
            creator: doc.meta.author.as_deref(),
            language: &doc.meta.lang,
            epoch: assets.epoch,
        },
        first_line_chars: styles::first_line_chars(has_tables),
        east_asian_lang: &doc.meta.lang,
        pictures: body.pictures,
        tables: body.tables,
        table_styles: has_tables.then(table::style_sheet_xml),
        // The front matter's date (which core properties cannot hold apart
        // from the build time) and the keys no edition shows; `import`
        // reads them back. docx-rs would write them in a hash map's order.
        custom: properties::custom_xml(&properties::of(&doc.meta)),
        thumbnail: doc
            .meta
            .cover
            .as_ref()
            .and_then(|src| assets.images.get(src))
            .map(|image| image.data.as_slice()),
        fonts: vec![
            package::FontEntry {
                name: assets.fonts.serif.family,
                alt_name: "宋体",
                family: "roman",
            },
            package::FontEntry {
                name: assets.fonts.sans_bold.family,
                alt_name: "黑体",
                family: "swiss",
            },
        ],
    };
    package::write(docx.build(), &additions)
}
