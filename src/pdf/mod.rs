//! The PDF edition, for print: A4, Chinese text set line by line with
//! genpdfi.
//!
//! genpdfi alone cannot set a Chinese paragraph (it breaks lines only at
//! spaces) and its text cannot be extracted (its subset fonts have no
//! `cmap`, so printpdf's ToUnicode map is empty). The pipeline here:
//!
//! 1. [`layout`] sets every block with [`crate::text::linebreak`] (measuring
//!    with the full fonts, [`style`]), tables by [`table`], and cuts the
//!    result into pages (`paginate`: a table between its rows, its header
//!    repeated), recording where each heading landed;
//! 2. [`embedded`] subsets the three faces to the characters the pages use
//!    (with [`crate::fonts::subset`], no layout features) and reads back each
//!    character's glyph id;
//! 3. [`draw`] draws the pages with genpdfi's renderer, every mark inside
//!    marked content: its structure element's ([`tags`]) or an artifact;
//! 4. [`finish`] repairs and completes the file with lopdf: ToUnicode maps
//!    ([`tounicode`]), JPEG pass-through ([`images`]), the structure tree
//!    and link annotations ([`structure`]), bookmarks ([`outline`]),
//!    metadata, compression, reproducible bytes.

pub mod draw;
pub mod embedded;
pub mod finish;
pub mod icc;
pub mod images;
pub mod layout;
pub mod outline;
pub mod page;
mod paginate;
pub mod strings;
pub mod structure;
pub mod style;
pub mod table;
pub mod tags;
pub mod text;
pub mod tounicode;
pub mod xmp;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;

use crate::input::assets::Assets;
use crate::model::Document;
use layout::Layout;
use page::Mark;
use style::{Face, Glyphs, Metrics};

/// Lays out `doc` without drawing it: the pages, the headings' pages and
/// every set line (what the line breaker decided).
pub fn lay_out(doc: &Document, assets: &Assets) -> Result<Layout> {
    let metrics = metrics(doc, assets)?;
    layout::lay_out(doc, assets, &metrics, metrics.glyphs())
}

/// The faces measured as the document's text draws them.
fn metrics<'a>(doc: &Document, assets: &'a Assets) -> Result<Metrics<'a>> {
    let meta = &doc.meta;
    let front = [Some(&meta.title), meta.subtitle.as_ref(), meta.author.as_ref()];
    let text = front.into_iter().flatten().map(String::as_str);
    let glyphs = Glyphs::for_text(&assets.fonts, text.chain(doc.text_runs().iter().map(|r| r.text)))?;
    Metrics::new(&assets.fonts, glyphs)
}

/// Renders the document as PDF bytes.
pub fn render(doc: &Document, assets: &Assets) -> Result<Vec<u8>> {
    render_laid_out(doc, assets, &lay_out(doc, assets)?)
}

/// Renders the document as PDF bytes from its `layout` (made by [`lay_out`]).
pub fn render_laid_out(doc: &Document, assets: &Assets, layout: &Layout) -> Result<Vec<u8>> {
    let mut chars: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for face in [Face::Serif, Face::SerifBold, Face::SansBold] {
        chars.insert(face, BTreeSet::new());
    }
    for mark in layout
        .pages
        .iter()
        .flat_map(|p| p.repeated.iter().chain(&p.marks).chain(&p.furniture))
    {
        if let Mark::Text { style, text, .. } = mark {
            chars.entry(style.face).or_default().extend(text.chars());
        }
    }
    let mut subsets = BTreeMap::new();
    for (face, used) in &chars {
        subsets.insert(
            *face,
            embedded::subset(assets.fonts.get(*face), used, layout.glyphs)?,
        );
    }
    let drawn = draw::draw(layout, assets, &subsets)?;
    finish::finish(
        drawn.bytes,
        &finish::Finish {
            meta: &doc.meta,
            // The document's own date first, else the build epoch.
            date: doc
                .meta
                .date
                .as_deref()
                .and_then(crate::input::epoch::date_to_epoch)
                .unwrap_or(assets.epoch),
            outline: &layout.outline,
            pages: &layout.pages,
            tree: &layout.tree,
            mcids: &drawn.mcids,
            subsets: &subsets,
            fonts: &assets.fonts,
            images: &drawn.images,
        },
    )
}
