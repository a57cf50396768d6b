//! Pictures in the XHTML, as the model has them:
//!
//! - a captioned figure: `<figure id="fig-N">` with the image (`alt=""`:
//!   the caption, which labels the figure, says what it shows) and its
//!   `<figcaption>` (`图N　caption　credit`);
//! - an uncaptioned picture: `<figure class="picture">` with the image,
//!   its `alt` the picture's text alternative; a decorative one has
//!   `alt=""` and `role="presentation"` (its figure `aria-hidden`), and no
//!   reader announces it;
//! - a row of pictures side by side: `<div class="figure-row">` holding
//!   one such `<figure>` per picture, each as wide as its share of the
//!   measure at the row's common height ([`row_sizes`], in percentages of
//!   the row), so the pictures line up top and bottom and each caption
//!   stands under its picture. On a screen narrower than
//!   [`NARROW_SCREEN_EMS`] the stylesheet stacks them, each as wide as the
//!   text (two pictures of 9 ems say less than one of 18);
//! - a picture inside text: `<img class="inline">` with its text
//!   alternative (or `alt=""` and `role="presentation"`), one em high
//!   ([`inline_picture_size`]), inside the paragraph.
//!
//! A row's captions are text blocks of their own: the markers of the print
//! pages that begin with one stand before its figure, inside the row.

use anyhow::{anyhow, Result};

use crate::model::{CaptionPartKind, Figure, FigureRow, InlineImage};
use crate::style::{inline_picture_size, row_sizes, FIGURE_ROW_GAP_EMS, MEASURE_EMS};

use super::{escape, table::percent, ImageRef, Writer};

/// The class of an uncaptioned picture's `<figure>`.
pub const PICTURE_CLASS: &str = "picture";

/// The class of the box around a row of pictures.
pub const ROW_CLASS: &str = "figure-row";

/// The class of a picture inside text.
pub const INLINE_CLASS: &str = "inline";

/// Below this width (in ems of the body) the stylesheet stacks the
/// pictures of a row, each the width of the text.
pub const NARROW_SCREEN_EMS: f32 = 20.0;

/// The tallest a row of pictures may be, in body ems: the house share of
/// the print edition's text area ([`crate::style::MAX_FIGURE_HEIGHT`]), so
/// a row keeps the proportions it has in print.
pub fn row_max_height_ems() -> f64 {
    use crate::style::{
        BODY_SIZE, MARGIN_BOTTOM_MM, MARGIN_TOP_MM, MAX_FIGURE_HEIGHT, MM_PER_PT, PAGE_HEIGHT_MM,
    };
    let text_height_pt = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) / MM_PER_PT;
    f64::from(MAX_FIGURE_HEIGHT * text_height_pt / f32::from(BODY_SIZE))
}

/// A row's pictures' widths and the gap between two of them, as shares of
/// the measure (the row box is the measure wide).
fn row_shares(images: &[&ImageRef]) -> (Vec<f32>, f32) {
    let px: Vec<(u32, u32)> = images.iter().map(|i| (i.width, i.height)).collect();
    let measure = f64::from(MEASURE_EMS);
    let gap = f64::from(FIGURE_ROW_GAP_EMS);
    let sizes = row_sizes(&px, measure, gap, row_max_height_ems());
    let widths = sizes.iter().map(|&(w, _)| (w / measure) as f32).collect();
    (widths, (gap / measure) as f32)
}

impl<'a> Writer<'a> {
    /// The image of picture `src`, `what` naming the picture in the message
    /// when it was not loaded.
    fn image(&self, src: &str, what: &str) -> Result<&'a ImageRef> {
        self.images
            .get(src)
            .ok_or_else(|| anyhow!("{what}: image `{src}` was not loaded"))
    }

    /// A picture standing alone in its paragraph.
    pub(super) fn figure(&mut self, f: &Figure) -> Result<()> {
        self.figure_element(f, None)
    }

    /// A row of pictures side by side; each caption's punctuation is marked
    /// up on its own (a pair of marks never straddles two captions).
    pub(super) fn figure_row(&mut self, r: &FigureRow) -> Result<()> {
        let images = r
            .figures
            .iter()
            .map(|f| self.image(&f.src, &f.name()))
            .collect::<Result<Vec<_>>>()?;
        let (widths, gap) = row_shares(&images);
        self.out.push_str(&format!("<div class=\"{ROW_CLASS}\">\n"));
        for (k, (f, width)) in r.figures.iter().zip(widths).enumerate() {
            if let Some(block) = f.block() {
                let marks = self.marks.block_start(block);
                self.out.push_str(&marks);
            }
            let start = self.out.len();
            let mut style = format!("width: {}%", percent(width));
            if k > 0 {
                style.push_str(&format!("; margin-left: {}%", percent(gap)));
            }
            self.figure_element(f, Some(&style))?;
            self.mark_up_from(start);
        }
        self.out.push_str("</div>\n");
        Ok(())
    }

    /// One `<figure>`, with `style` when it stands in a row. A captioned
    /// figure is announced once, by its caption, which labels it: its
    /// image's own text alternative is empty, not the caption read twice.
    fn figure_element(&mut self, f: &Figure, style: Option<&str>) -> Result<()> {
        let image = self.image(&f.src, &f.name())?;
        let style = style.map(|s| format!(" style=\"{s}\"")).unwrap_or_default();
        let size = format!("width=\"{}\" height=\"{}\"", image.width, image.height);
        let src = escape(&image.href);
        let Some(cap) = &f.caption else {
            // A decorative picture's figure is hidden too: an empty group
            // is nothing to announce.
            let (hidden, alt) = match &f.alt {
                Some(alt) => ("", format!("alt=\"{}\"", escape(alt))),
                None => (
                    " aria-hidden=\"true\"",
                    "alt=\"\" role=\"presentation\"".to_string(),
                ),
            };
            self.out.push_str(&format!(
                "<figure class=\"{PICTURE_CLASS}\"{hidden}{style}>\n<img src=\"{src}\" {alt} {size}/>\n</figure>\n"
            ));
            return Ok(());
        };
        self.out.push_str(&format!(
            "<figure id=\"fig-{0}\" aria-labelledby=\"fig-{0}-caption\"{style}>\n\
             <img src=\"{src}\" alt=\"\" {size}/>\n\
             <figcaption id=\"fig-{0}-caption\">",
            cap.number,
        ));
        // The caption's own words keep their marks; a page break of the
        // print edition may fall anywhere in the line.
        for part in cap.parts() {
            match part.kind {
                CaptionPartKind::Text => self.inlines(part.inlines)?,
                CaptionPartKind::Credit => {
                    let text = self.marks.text(&part.text);
                    self.out
                        .push_str(&format!("<span class=\"credit\">{text}</span>"));
                }
                CaptionPartKind::Label | CaptionPartKind::Separator => {
                    let text = self.marks.text(&part.text);
                    self.out.push_str(&text);
                }
            }
        }
        let marks = self.marks.block_end();
        self.out.push_str(&marks);
        self.out.push_str("</figcaption>\n</figure>\n");
        Ok(())
    }

    /// A picture inside a line of text, after the markers of the print
    /// pages that begin where it stands (it starts their first line).
    pub(super) fn inline_image(&mut self, i: &InlineImage) -> Result<()> {
        let image = self.image(&i.src, "picture inside text")?;
        let marks = self.marks.at_picture();
        self.out.push_str(&marks);
        let alt = match i.alt_text() {
            Some(alt) => format!("alt=\"{}\"", escape(alt)),
            None => "alt=\"\" role=\"presentation\"".to_string(),
        };
        // One em high unless that would be wider than the measure: then as
        // wide as the text, and as high as that leaves.
        let (_, height) = inline_picture_size((image.width, image.height), 1.0, f64::from(MEASURE_EMS));
        let style = if height < 1.0 {
            format!(" style=\"height: {}em\"", super::super::style::num(height as f32))
        } else {
            String::new()
        };
        self.out.push_str(&format!(
            "<img class=\"{INLINE_CLASS}\" src=\"{}\" {alt} width=\"{}\" height=\"{}\"{style}/>",
            escape(&image.href),
            image.width,
            image.height,
        ));
        Ok(())
    }
}
