//! Pictures in the DOCX body: each one an inline drawing (`wp:inline`),
//! sized by the house rules ([`crate::style`]) in EMU, and what the
//! packager writes in its `wp:docPr` ([`PictureInfo`]).
//!
//! - A picture alone: a `Figure` paragraph with one drawing, at
//!   [`crate::style::figure_size`] in the text block.
//! - A row: one `Figure` paragraph with the drawings at
//!   [`crate::style::row_sizes`], an ideographic space between two; the
//!   caption paragraph under it has a centre tab stop under the middle of
//!   each picture ([`caption_tab_stops`]).
//! - A picture inside text: a drawing run among the text's runs, one em
//!   high ([`crate::style::inline_picture_size`]).
//!
//! Every image file is one part of the package: the relationship id of its
//! first drawing names it (`rIdImage{N}` for figure N, `rIdPicture{K}` for
//! the K-th other file), and docx-rs relates every later drawing of the
//! same bytes to that part.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use docx_rs::{Pic, Run};

use super::package::PictureInfo;
use crate::input::assets::{Assets, ImageAsset};
use crate::style as house;

/// The width of the text block in twips; pictures are scaled to it.
pub const TEXT_WIDTH_TWIPS: u32 = super::PAGE_WIDTH_TWIPS - 2 * super::MARGIN_SIDE_TWIPS;

/// The highest a picture may be, in twips: the house share of the text
/// block's height, as in print.
const MAX_PICTURE_HEIGHT_TWIPS: u32 =
    ((super::PAGE_HEIGHT_TWIPS - super::MARGIN_TOP_TWIPS - super::MARGIN_BOTTOM_TWIPS) as f32
        * house::MAX_FIGURE_HEIGHT) as u32;

/// English Metric Units per twip.
const EMU_PER_TWIP: u64 = 635;

/// English Metric Units per point.
const EMU_PER_PT: f64 = 12_700.0;

/// What stands between two pictures of a row: ideographic spaces, each one
/// body em wide, as many as [`house::FIGURE_ROW_GAP_EMS`] says.
pub fn row_gap() -> String {
    "\u{3000}".repeat(gap_ems())
}

/// The row gap in whole ems (the spaces [`row_gap`] writes).
fn gap_ems() -> usize {
    house::FIGURE_ROW_GAP_EMS.round().max(0.0) as usize
}

/// The text block's width in EMU.
fn measure_emu() -> u64 {
    u64::from(TEXT_WIDTH_TWIPS) * EMU_PER_TWIP
}

/// The body em in EMU.
fn body_em_emu() -> f64 {
    f64::from(house::BODY_SIZE) * EMU_PER_PT
}

/// The size in EMU of a picture alone of `width` × `height` pixels: the
/// house style's figure size ([`house::figure_size`]) in the text width
/// and [`MAX_PICTURE_HEIGHT_TWIPS`].
pub fn alone_size(width: u32, height: u32) -> (u32, u32) {
    let (cx, cy) = house::figure_size(
        (width, height),
        measure_emu(),
        u64::from(MAX_PICTURE_HEIGHT_TWIPS) * EMU_PER_TWIP,
    );
    // Both are below the text block's size in EMU (≈ 10⁷), far within u32.
    (cx as u32, cy as u32)
}

/// The sizes in EMU of a row of pictures of `px` pixels: a common height
/// at which they and the gaps fill the text width, or the highest a
/// picture may be ([`house::row_sizes`]). Rounded down, so the row never
/// overflows its line.
pub fn row_sizes(px: &[(u32, u32)]) -> Vec<(u32, u32)> {
    house::row_sizes(
        px,
        measure_emu() as f64,
        gap_ems() as f64 * body_em_emu(),
        f64::from(MAX_PICTURE_HEIGHT_TWIPS) * EMU_PER_TWIP as f64,
    )
    .into_iter()
    .map(|(w, h)| (w.floor().max(1.0) as u32, h.floor().max(1.0) as u32))
    .collect()
}

/// The size in EMU of a picture of `px` pixels inside a line of body text:
/// one em high ([`house::inline_picture_size`]).
pub fn inline_size(px: (u32, u32)) -> (u32, u32) {
    let (w, h) = house::inline_picture_size(px, body_em_emu(), measure_emu() as f64);
    (w.round().max(1.0) as u32, h.round().max(1.0) as u32)
}

/// The centre tab stops, in twips from the paragraph's start, under the
/// middle of each picture of a row of `sizes` (EMU) set as [`row_sizes`]
/// does and centred in the text width.
pub fn caption_tab_stops(sizes: &[(u32, u32)]) -> Vec<usize> {
    let gap = gap_ems() as f64 * body_em_emu();
    let row: f64 =
        sizes.iter().map(|&(w, _)| f64::from(w)).sum::<f64>() + gap * sizes.len().saturating_sub(1) as f64;
    let mut left = (measure_emu() as f64 - row).max(0.0) / 2.0;
    sizes
        .iter()
        .map(|&(w, _)| {
            let middle = left + f64::from(w) / 2.0;
            left += f64::from(w) + gap;
            (middle / EMU_PER_TWIP as f64).round() as usize
        })
        .collect()
}

/// What a drawing shows a reader who cannot see it, and how it is named.
pub struct Described<'a> {
    /// The image path in the source.
    pub src: &'a str,
    /// The figure number, when it is numbered.
    pub number: Option<u32>,
    /// The text alternative (a captioned figure's caption words); `None`:
    /// decorative.
    pub alt: Option<String>,
}

/// The drawings of the body, in document order.
pub struct Pictures<'a> {
    assets: &'a Assets,
    /// The relationship id of each image file drawn so far, by source path.
    ids: BTreeMap<String, String>,
    /// How many files not first drawn as a numbered figure there are so far.
    other_files: u32,
    /// How many unnumbered drawings there are so far (for their names).
    unnumbered: u32,
    /// What the packager writes in each drawing's `wp:docPr`.
    info: Vec<PictureInfo>,
    /// The first image asked for that was not loaded (reported by
    /// [`Pictures::finish`]; loading fails first, so it is never seen).
    missing: Option<String>,
}

impl<'a> Pictures<'a> {
    /// No drawings yet; images come from `assets`.
    pub fn new(assets: &'a Assets) -> Self {
        Pictures {
            assets,
            ids: BTreeMap::new(),
            other_files: 0,
            unnumbered: 0,
            info: Vec::new(),
            missing: None,
        }
    }

    /// The loaded image of `src`, noting it missing when it is not.
    fn image(&mut self, src: &str) -> Option<&'a ImageAsset> {
        let image = self.assets.images.get(src);
        if image.is_none() {
            self.missing.get_or_insert_with(|| src.to_string());
        }
        image
    }

    /// The size in pixels of the image of `src` ((1, 1) when it was not
    /// loaded: see [`Pictures::finish`]).
    pub fn pixels(&mut self, src: &str) -> (u32, u32) {
        self.image(src).map_or((1, 1), |i| (i.width, i.height))
    }

    /// A run holding the drawing of `pic` at `size` (EMU).
    pub fn run(&mut self, pic: Described, size: (u32, u32)) -> Run {
        let Some(image) = self.image(pic.src) else {
            return Run::new();
        };
        let id = match self.ids.get(pic.src) {
            Some(id) => id.clone(),
            None => {
                let id = match pic.number {
                    Some(n) => format!("rIdImage{n}"),
                    None => {
                        self.other_files += 1;
                        format!("rIdPicture{}", self.other_files)
                    }
                };
                self.ids.insert(pic.src.to_string(), id.clone());
                id
            }
        };
        let name = match pic.number {
            Some(n) => crate::model::caption::label(n),
            None => {
                self.unnumbered += 1;
                format!("图片{}", self.unnumbered)
            }
        };
        self.info.push(PictureInfo {
            name,
            decorative: pic.alt.is_none(),
            descr: pic.alt.unwrap_or_default(),
            title: pic.src.to_string(),
        });
        let drawing = Pic::new_with_dimensions(image.data.clone(), image.width, image.height)
            .id(id)
            .size(size.0, size.1);
        Run::new().add_image(drawing)
    }

    /// What the packager writes in each drawing's `wp:docPr`, in document
    /// order; an error when an image was not loaded.
    pub fn finish(self) -> Result<Vec<PictureInfo>> {
        if let Some(src) = self.missing {
            bail!("picture `{src}`: the image was not loaded");
        }
        Ok(self.info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_alone_take_the_text_width_unless_too_tall() {
        let text_width = measure_emu();
        let (cx, cy) = alone_size(3000, 2000);
        assert_eq!(u64::from(cx), text_width);
        assert_eq!(u64::from(cy), text_width * 2 / 3);
        let (cx, cy) = alone_size(1000, 3000);
        assert_eq!(u64::from(cy), u64::from(MAX_PICTURE_HEIGHT_TWIPS) * EMU_PER_TWIP);
        assert_eq!(u64::from(cx), u64::from(cy) / 3);
        // A square picture is as tall as the house lets a figure be.
        let (cx, cy) = alone_size(0, 0);
        assert_eq!(
            (u64::from(cx), u64::from(cy)),
            (u64::from(cy), u64::from(MAX_PICTURE_HEIGHT_TWIPS) * EMU_PER_TWIP)
        );
    }

    #[test]
    fn a_row_and_its_gaps_fill_the_text_width_at_one_height() {
        let sizes = row_sizes(&[(3000, 2000), (1000, 2000)]);
        assert_eq!(sizes[0].1, sizes[1].1, "one height");
        let gap = gap_ems() as u64 * body_em_emu() as u64;
        let width: u64 = sizes.iter().map(|&(w, _)| u64::from(w)).sum::<u64>() + gap;
        assert!(width <= measure_emu() && measure_emu() - width < 4, "{width}");
        // The tab stops stand under the middle of each picture.
        let tabs = caption_tab_stops(&sizes);
        let first = u64::from(sizes[0].0) / 2 / EMU_PER_TWIP;
        assert!((tabs[0] as i64 - first as i64).abs() <= 1, "{tabs:?}");
        assert!(tabs[1] > tabs[0] && (tabs[1] as u32) < TEXT_WIDTH_TWIPS);
    }

    #[test]
    fn a_row_of_tall_pictures_is_capped_and_centred() {
        let sizes = row_sizes(&[(100, 1000), (100, 1000)]);
        let max = u64::from(MAX_PICTURE_HEIGHT_TWIPS) * EMU_PER_TWIP;
        assert!(sizes.iter().all(|&(_, h)| u64::from(h) == max));
        let tabs = caption_tab_stops(&sizes);
        // Symmetric about the middle of the text block.
        let middle = TEXT_WIDTH_TWIPS as i64;
        assert!((tabs[0] as i64 + tabs[1] as i64 - middle).abs() <= 1, "{tabs:?}");
    }

    #[test]
    fn a_picture_in_a_line_is_one_em_high() {
        let (w, h) = inline_size((64, 32));
        assert_eq!(f64::from(h), body_em_emu());
        assert_eq!(w, 2 * h);
    }
}
