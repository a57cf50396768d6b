//! Drawing the laid-out pages with genpdfi.
//!
//! The whole body is one custom genpdfi [`Element`]: genpdfi calls it once
//! per page and it draws that page's marks at the positions the layout
//! computed — each run of text with `Area::print_str`, the level-2 mark and
//! rules as lines, figures as images. Text is set in the subset fonts, and
//! genpdfi measures with them too: a subset keeps each glyph's advance and
//! side bearing (see [`super::embedded`]) and has no `kern` table, so genpdfi
//! spaces a run's glyphs by their advances alone, as the layout does — and
//! it never copies the 10–15 MB full files for its metrics.
//!
//! printpdf re-encodes images as raw pixels. A JPEG figure is therefore
//! drawn as a one-pixel stand-in, and [`super::finish`] later puts the
//! original JPEG stream in its place (see [`Drawn::images`]).

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use genpdfi::elements::Image;
use genpdfi::error::{Error as GenError, ErrorKind};
use genpdfi::fonts::{Font as GenFont, FontData, FontFamily, GlyphIdMap};
use genpdfi::style::{LineStyle, Style};
use genpdfi::{Context, Element, Mm, Position, RenderResult, Scale};
use image::{DynamicImage, Rgb, RgbImage};

use super::embedded::Subset;
use super::images::{jpeg_info, JpegInfo};
use super::layout::{Layout, Mark, Page};
use super::style::{Face, TextStyle, PAGE_HEIGHT, PAGE_WIDTH};
use crate::fonts::Font;
use crate::input::assets::{Assets, ImageFormat};

/// The dots per inch printpdf assumes for an image without one.
const PRINTPDF_DPI: f32 = 300.0;

/// What genpdfi produced.
pub struct Drawn {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// For every image drawn, in drawing order: the JPEG to put in place of
    /// its one-pixel stand-in, or `None` when the image was drawn as is.
    pub images: Vec<Option<JpegInfo>>,
}

/// Draws `layout` into a PDF with the subset fonts.
pub fn draw(layout: &Layout, assets: &Assets, subsets: &BTreeMap<Face, Subset>) -> Result<Drawn> {
    let fonts = &assets.fonts;
    let data = |face: Face, font: &Font| -> Result<FontData> {
        let s = subsets
            .get(&face)
            .ok_or_else(|| anyhow!("font `{}` was not subset", font.file_name))?;
        let mut map = GlyphIdMap::new();
        s.glyphs.iter().for_each(|(&c, &g)| map.insert(c, g));
        FontData::new_with_subset(s.data.clone(), s.data.clone(), map)
            .map_err(|e| anyhow!("font `{}`: {e}", font.file_name))
    };
    let serif = data(Face::Serif, &fonts.serif)?;
    let serif_bold = data(Face::SerifBold, &fonts.serif_bold)?;
    let sans = data(Face::SansBold, &fonts.sans_bold)?;
    let mut doc = genpdfi::Document::new(FontFamily {
        regular: serif.clone(),
        bold: serif_bold.clone(),
        italic: serif,
        bold_italic: serif_bold,
    });
    let sans = doc.add_font_family(FontFamily {
        regular: sans.clone(),
        bold: sans.clone(),
        italic: sans.clone(),
        bold_italic: sans,
    });
    let serif = doc.font_cache().default_font_family();
    doc.set_paper_size(genpdfi::Size::new(PAGE_WIDTH, PAGE_HEIGHT));
    doc.set_minimal_conformance();

    let mut images = Vec::new();
    let mut pictures = BTreeMap::new();
    for page in &layout.pages {
        for mark in &page.marks {
            if let Mark::Image { src, .. } = mark {
                let asset = assets
                    .images
                    .get(src)
                    .ok_or_else(|| anyhow!("image `{src}` was not loaded"))?;
                let jpeg = match asset.format {
                    ImageFormat::Jpeg => jpeg_info(&asset.data),
                    ImageFormat::Png => None,
                };
                if !pictures.contains_key(src) {
                    let picture = match &jpeg {
                        Some(_) => DynamicImage::ImageRgb8(RgbImage::from_pixel(1, 1, Rgb([128; 3]))),
                        None => DynamicImage::ImageRgb8(
                            image::load_from_memory(&asset.data)
                                .map_err(|e| anyhow!("image `{src}`: {e}"))?
                                .to_rgb8(),
                        ),
                    };
                    pictures.insert(src.clone(), picture);
                }
                images.push(jpeg);
            }
        }
    }
    doc.push(Pages {
        pages: layout.pages.clone(),
        next: 0,
        serif,
        sans,
        pictures,
    });
    let mut bytes = Vec::new();
    doc.render(&mut bytes)
        .map_err(|e| anyhow!("genpdfi could not render the PDF: {e}"))?;
    Ok(Drawn { bytes, images })
}

/// The genpdfi element that draws one laid-out page per call.
struct Pages {
    pages: Vec<Page>,
    next: usize,
    serif: FontFamily<GenFont>,
    sans: FontFamily<GenFont>,
    pictures: BTreeMap<String, DynamicImage>,
}

impl Pages {
    fn style(&self, s: TextStyle) -> Style {
        let style = match s.face {
            Face::Serif => Style::new().with_font_family(self.serif),
            Face::SerifBold => Style::new().with_font_family(self.serif).bold(),
            Face::SansBold => Style::new().with_font_family(self.sans).bold(),
        };
        style.with_font_size(s.size)
    }

    /// Draws `marks` on `area` (the whole page).
    fn draw_marks(
        &self,
        marks: &[Mark],
        context: &Context,
        area: &genpdfi::render::Area<'_>,
        style: Style,
    ) -> Result<(), GenError> {
        let cache = &context.font_cache;
        for mark in marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    style: s,
                    text,
                } => {
                    let gs = self.style(*s);
                    let first = text.chars().next().unwrap_or(' ');
                    // genpdfi starts a text at minus the first glyph's left
                    // side bearing; add it back so the origin lands on x.
                    let lsb = gs.char_left_side_bearing(cache, first);
                    let top = Mm::from(*baseline) - gs.metrics(cache).ascent;
                    let at = Position::new(Mm::from(*x) + lsb, top);
                    if !area.print_str(cache, at, gs, text)? {
                        return Err(GenError::new(
                            format!("text `{text}` falls outside the page"),
                            ErrorKind::PageSizeExceeded,
                        ));
                    }
                }
                Mark::Square { x, y, side } => {
                    let mid = y + side / 2.0;
                    area.draw_line(
                        [Position::new(*x, mid), Position::new(x + side, mid)],
                        LineStyle::new().with_thickness(*side),
                    );
                }
                Mark::Rule {
                    x,
                    y,
                    width,
                    thickness,
                } => area.draw_line(
                    [Position::new(*x, *y), Position::new(x + width, *y)],
                    LineStyle::new().with_thickness(*thickness),
                ),
                Mark::Image {
                    src,
                    x,
                    y,
                    width,
                    height,
                } => {
                    let picture = self.pictures.get(src).ok_or_else(|| {
                        GenError::new(format!("image `{src}` missing"), ErrorKind::Internal)
                    })?;
                    let px_per_mm = PRINTPDF_DPI / 25.4;
                    let scale = Scale::new(
                        width * px_per_mm / picture.width() as f32,
                        height * px_per_mm / picture.height() as f32,
                    );
                    let mut image = Image::from_dynamic_image(picture.clone())?
                        .with_position(Position::new(*x, *y))
                        .with_scale(scale);
                    image.render(context, area.clone(), style)?;
                }
            }
        }
        Ok(())
    }
}

impl Element for Pages {
    fn render(
        &mut self,
        context: &Context,
        area: genpdfi::render::Area<'_>,
        style: Style,
    ) -> Result<RenderResult, GenError> {
        let page = self
            .pages
            .get(self.next)
            .ok_or_else(|| GenError::new("no page left to draw", ErrorKind::Internal))?;
        // The running head and page number are added by the finishing step.
        self.draw_marks(&page.marks, context, &area, style)?;
        self.next += 1;
        Ok(RenderResult {
            size: area.size(),
            has_more: self.next < self.pages.len(),
        })
    }
}
