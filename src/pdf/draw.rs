//! Drawing the laid-out pages with genpdfi.
//!
//! genpdfi's renderer is driven page by page: each page's marks are drawn at
//! the positions the layout computed — the level-2 mark and rules as lines,
//! figures as images, text as text objects written here ([`text_objects`]:
//! the subset fonts' glyph ids, each character set apart by the layout at
//! its own position, the others at the glyphs' advances) in the fonts
//! genpdfi loaded. genpdfi measures with the subset fonts: a subset keeps
//! each glyph's advance and side bearing (see [`super::embedded`]), so it
//! never copies the 10–15 MB full files for its metrics.
//!
//! Every mark is drawn inside a marked-content sequence: consecutive marks of
//! one structure element share a sequence with a marked-content id (MCID),
//! decoration is a layout `/Artifact`, the running head and page number a
//! pagination `/Artifact` ([`super::tags`] and [`super::structure`] make the
//! structure tree that points at the MCIDs).
//!
//! printpdf re-encodes images as raw pixels. A JPEG figure, or a PNG one
//! (but an interlaced PNG), is therefore drawn as a one-pixel stand-in, and
//! [`super::finish`] later puts the compressed data of [`super::images`] in
//! its place (see [`Drawn::images`]).

use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{anyhow, Result};
use genpdfi::fonts::{Font as GenFont, FontCache, FontData, FontFamily, GlyphIdMap};
use genpdfi::render::{Area, Renderer};
use genpdfi::style::{LineStyle, Style};
use genpdfi::{Mm, Position, Rotation, Scale, Size};
use image::{DynamicImage, Rgb, RgbImage};
use lopdf::content::Operation;
use lopdf::{Dictionary, Object};

use super::embedded::Subset;
use super::images::{jpeg_info, png_info, png_rewritten, Passed};
use super::layout::Layout;
use super::page::Mark;
use super::style::{Face, TextStyle, PAGE_HEIGHT, PAGE_WIDTH};
use super::tags::{ElementId, Tree};
use super::text::Placed;
use crate::fonts::Font;
use crate::input::assets::{Assets, ImageFormat};

/// The dots per inch printpdf assumes for an image without one.
const PRINTPDF_DPI: f32 = 300.0;

/// What genpdfi produced.
pub struct Drawn {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// For every image drawn, in drawing order: the data to put in place of
    /// its one-pixel stand-in, or `None` when the image was drawn as is.
    pub images: Vec<Option<Passed>>,
    /// For every page, the element each marked-content id (the index)
    /// belongs to.
    pub mcids: Vec<Vec<ElementId>>,
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
    let mut cache = FontCache::new(FontFamily {
        regular: serif.clone(),
        bold: serif_bold.clone(),
        italic: serif,
        bold_italic: serif_bold,
    });
    let sans = cache.add_font_family(FontFamily {
        regular: sans.clone(),
        bold: sans.clone(),
        italic: sans.clone(),
        bold_italic: sans,
    });
    let serif = cache.default_font_family();
    let size = Size::new(PAGE_WIDTH, PAGE_HEIGHT);
    let genpdf = |e: genpdfi::error::Error| anyhow!("genpdfi could not render the PDF: {e}");
    // No conformance claimed here: the finishing step writes the metadata.
    let mut renderer =
        Renderer::new(size, "")
            .map_err(genpdf)?
            .with_conformance(printpdf::PdfConformance::Custom(printpdf::CustomPdfConformance {
                requires_icc_profile: false,
                requires_xmp_metadata: false,
                ..Default::default()
            }));
    cache.load_pdf_fonts(&renderer).map_err(genpdf)?;

    let mut images = Vec::new();
    let mut pictures = BTreeMap::new();
    for page in &layout.pages {
        for mark in &page.marks {
            if let Mark::Image { src, .. } = mark {
                let asset = assets
                    .images
                    .get(src)
                    .ok_or_else(|| anyhow!("image `{src}` was not loaded"))?;
                let passed = match asset.format {
                    ImageFormat::Jpeg => jpeg_info(&asset.data),
                    ImageFormat::Png => png_info(&asset.data).or_else(|| png_rewritten(&asset.data)),
                };
                if !pictures.contains_key(src) {
                    let picture = match &passed {
                        Some(_) => DynamicImage::ImageRgb8(RgbImage::from_pixel(1, 1, Rgb([128; 3]))),
                        None => DynamicImage::ImageRgb8(
                            image::load_from_memory(&asset.data)
                                .map_err(|e| anyhow!("image `{src}`: {e}"))?
                                .to_rgb8(),
                        ),
                    };
                    pictures.insert(src.clone(), picture);
                }
                images.push(passed);
            }
        }
    }
    let pen = Pen {
        cache: &cache,
        subsets,
        serif,
        sans,
        pictures,
        tree: &layout.tree,
    };
    let mut mcids = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        if i > 0 {
            renderer.add_page(size);
        }
        let layer = renderer
            .get_page(i)
            .ok_or_else(|| anyhow!("page {} was not added", i + 1))?
            .first_layer();
        let mut marked = Marked {
            ops: layer.layer(),
            open: None,
            mcids: Vec::new(),
        };
        let area = layer.area();
        for mark in &page.repeated {
            pen.draw(mark, &area, &mut marked, Sequence::Pagination)?;
        }
        for mark in &page.marks {
            pen.draw(mark, &area, &mut marked, Sequence::Layout)?;
        }
        for mark in &page.furniture {
            pen.draw(mark, &area, &mut marked, Sequence::Pagination)?;
        }
        marked.close();
        mcids.push(marked.mcids);
    }
    let mut bytes = Vec::new();
    renderer.write(&mut bytes).map_err(genpdf)?;
    Ok(Drawn { bytes, images, mcids })
}

/// The content of a text mark: one text object for each group of characters
/// set at the glyphs' advances (the whole mark, unless characters of it are
/// [`Placed`]), `BT x y Td <glyph ids> Tj ET`, in the font set before it.
///
/// printpdf keeps every page's operations as lopdf objects until the whole
/// file is written, a few hundred bytes for each object; the text, most of
/// the content, is therefore written here as content bytes and handed to the
/// layer as one operation whose operator is those bytes (lopdf's content
/// encoder writes an operator as it is). Positions are in points, to a
/// thousandth.
fn text_objects(
    x: f32,
    baseline: f32,
    text: &str,
    placed: &Placed,
    glyphs: &BTreeMap<char, u16>,
) -> Result<String> {
    let pt = |mm: f32| printpdf::Pt::from(printpdf::Mm(mm)).0;
    let y = pt(PAGE_HEIGHT - baseline);
    let mut out = String::with_capacity(text.len() * 4 + 32 * (placed.len() + 1));
    let mut groups = std::iter::once((0, 0.0)).chain(placed.iter().copied()).peekable();
    while let Some((from, dx)) = groups.next() {
        let to = groups.peek().map_or(text.len(), |&(to, _)| to as usize);
        if !out.is_empty() {
            out.push('\n');
        }
        write!(out, "BT\n{:.3} {y:.3} Td\n<", pt(x + dx))?;
        for c in text[from as usize..to].chars() {
            let glyph = glyphs
                .get(&c)
                .ok_or_else(|| anyhow!("character U+{:04X} of `{text}` is not in its font", c as u32))?;
            write!(out, "{glyph:04X}")?;
        }
        out.push_str("> Tj\nET");
    }
    Ok(out)
}

/// A marked-content sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sequence {
    /// Content of a structure element.
    Element(ElementId),
    /// Decoration (`/Artifact` of type `/Layout`).
    Layout,
    /// Page furniture (`/Artifact` of type `/Pagination`).
    Pagination,
}

/// The marked-content sequences of one page, opened and closed around the
/// marks in drawing order.
struct Marked<'a> {
    ops: &'a printpdf::PdfLayerReference,
    open: Option<Sequence>,
    mcids: Vec<ElementId>,
}

impl Marked<'_> {
    /// Makes sure the marks that follow are drawn in `seq`.
    fn enter(&mut self, seq: Sequence, tree: &Tree) {
        if self.open == Some(seq) {
            return;
        }
        self.close();
        let (tag, props) = match seq {
            Sequence::Element(id) => {
                let mcid = Object::Integer(self.mcids.len() as i64);
                self.mcids.push(id);
                (tree.get(id).kind.name(), ("MCID", mcid))
            }
            Sequence::Layout => ("Artifact", ("Type", Object::Name(b"Layout".to_vec()))),
            Sequence::Pagination => ("Artifact", ("Type", Object::Name(b"Pagination".to_vec()))),
        };
        self.ops.add_operation(Operation::new(
            "BDC",
            vec![
                Object::Name(tag.as_bytes().to_vec()),
                Object::Dictionary(Dictionary::from_iter(vec![props])),
            ],
        ));
        self.open = Some(seq);
    }

    /// Ends the open sequence, if any.
    fn close(&mut self) {
        if self.open.take().is_some() {
            self.ops.add_operation(Operation::new("EMC", vec![]));
        }
    }
}

/// What draws the marks: the fonts, the decoded pictures, the structure.
struct Pen<'a> {
    cache: &'a FontCache,
    subsets: &'a BTreeMap<Face, Subset>,
    serif: FontFamily<GenFont>,
    sans: FontFamily<GenFont>,
    pictures: BTreeMap<String, DynamicImage>,
    tree: &'a Tree,
}

impl Pen<'_> {
    fn style(&self, s: TextStyle) -> Style {
        let style = match s.face {
            Face::Serif => Style::new().with_font_family(self.serif),
            Face::SerifBold => Style::new().with_font_family(self.serif).bold(),
            Face::SansBold => Style::new().with_font_family(self.sans).bold(),
        };
        style.with_font_size(s.size)
    }

    /// Draws `mark` on `area` (the whole page) in its marked-content
    /// sequence: its element's, else `artifact`.
    fn draw(&self, mark: &Mark, area: &Area<'_>, marked: &mut Marked, artifact: Sequence) -> Result<()> {
        let cache = self.cache;
        let seq = |owner: &Option<ElementId>| owner.map_or(artifact, Sequence::Element);
        match mark {
            Mark::Text {
                x,
                baseline,
                style: s,
                text,
                placed,
                owner,
            } => {
                marked.enter(seq(owner), self.tree);
                let gs = self.style(*s);
                let metrics = gs.metrics(cache);
                anyhow::ensure!(
                    Mm::from(*baseline) - metrics.ascent + metrics.glyph_height <= Mm::from(PAGE_HEIGHT),
                    "text `{text}` falls outside the page"
                );
                let font = cache
                    .get_pdf_font(gs.font(cache))
                    .ok_or_else(|| anyhow!("the font of `{text}` was not loaded"))?;
                let glyphs = &self
                    .subsets
                    .get(&s.face)
                    .ok_or_else(|| anyhow!("the font of `{text}` was not subset"))?
                    .glyphs;
                marked.ops.set_font(font, f32::from(s.size));
                marked.ops.add_operation(Operation {
                    operator: text_objects(*x, *baseline, text, placed, glyphs)?,
                    operands: Vec::new(),
                });
            }
            Mark::Square { x, y, side } => {
                marked.enter(artifact, self.tree);
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
            } => {
                marked.enter(artifact, self.tree);
                area.draw_line(
                    [Position::new(*x, *y), Position::new(x + width, *y)],
                    LineStyle::new().with_thickness(*thickness),
                )
            }
            Mark::Image {
                src,
                x,
                y,
                width,
                height,
                owner,
            } => {
                marked.enter(seq(owner), self.tree);
                let picture = self
                    .pictures
                    .get(src)
                    .ok_or_else(|| anyhow!("image `{src}` missing"))?;
                let px_per_mm = PRINTPDF_DPI / 25.4;
                let scale = Scale::new(
                    width * px_per_mm / picture.width() as f32,
                    height * px_per_mm / picture.height() as f32,
                );
                // genpdfi places an image by its lower-left corner.
                let corner = Position::new(*x, Mm::from(*y) + Mm::from(*height));
                area.add_image(picture, corner, scale, Rotation::default(), None);
            }
            Mark::VRule {
                x,
                y,
                height,
                thickness,
            } => {
                marked.enter(artifact, self.tree);
                area.draw_line(
                    [Position::new(*x, *y), Position::new(*x, y + height)],
                    LineStyle::new().with_thickness(*thickness),
                )
            }
            // Nothing to draw: the element's place in the content.
            Mark::Anchor { owner } => marked.enter(Sequence::Element(*owner), self.tree),
            // A link area is not drawn: it becomes an annotation.
            Mark::Link { .. } => {}
        }
        Ok(())
    }
}
