//! Cutting the laid-out boxes into pages: a heading never ends a page (it
//! keeps the start of the next box), a figure never splits from its caption
//! (it is one chunk), a paragraph leaves neither its first nor its last line
//! alone on a page (and one of three lines or fewer does not split). Each
//! heading's page is recorded for the outline; the running head and the page
//! number are added last.

use anyhow::Result;

use super::layout::{Mark, OutlineEntry, Page};
use super::style::{
    left_margin, text_width, Face, Metrics, TextStyle, FOOT_BASELINE, HEAD_BASELINE, SMALL_SIZE, TEXT_BOTTOM,
    TEXT_TOP,
};
use super::text::{set_text, Align, Setting, StyledChar};

/// A line or a figure: the unit that goes onto one page.
pub(super) struct Chunk {
    /// Its height.
    pub height: f32,
    /// Its marks, positioned from its top-left corner.
    pub marks: Vec<Mark>,
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
}

/// The height a box needs at the bottom of a page to start there: its first
/// two lines if it may split, else all of it. A paragraph of three lines or
/// fewer cannot split without leaving one line alone, so it does not.
fn lead_height(b: &Boxed) -> f32 {
    let n = if b.splittable && b.chunks.len() > 3 {
        2
    } else {
        b.chunks.len()
    };
    b.chunks.iter().take(n).map(|c| c.height).sum()
}

pub(super) fn paginate(boxes: Vec<Boxed>) -> (Vec<Page>, Vec<OutlineEntry>) {
    let area = TEXT_BOTTOM - TEXT_TOP;
    let fits = |y: f32| y <= area + 1e-3;
    let mut pages = vec![Page::default()];
    let mut outline = Vec::new();
    let mut y = 0.0;
    for (i, b) in boxes.iter().enumerate() {
        let mut before = if y > 0.0 { b.before } else { 0.0 };
        let mut need = before + lead_height(b);
        if b.keep_with_next {
            if let Some(next) = boxes.get(i + 1) {
                need += b.after + next.before + lead_height(next);
            }
        }
        if y > 0.0 && !fits(y + need) {
            pages.push(Page::default());
            y = 0.0;
            before = 0.0;
        }
        y += before;
        if let Some((level, title)) = &b.heading {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pages.len() - 1,
                top: TEXT_TOP + y,
            });
        }
        let k = b.chunks.len();
        for (ci, chunk) in b.chunks.iter().enumerate() {
            // Keep the last line company: a paragraph's last line never
            // starts a page alone when two lines can go over together.
            let widow =
                b.splittable && ci >= 2 && ci + 2 == k && !fits(y + chunk.height + b.chunks[ci + 1].height);
            if y > 0.0 && (!fits(y + chunk.height) || widow) {
                pages.push(Page::default());
                y = 0.0;
            }
            let page = pages.last_mut().expect("at least one page");
            page.marks.extend(
                chunk
                    .marks
                    .iter()
                    .map(|m| m.clone().shifted(left_margin(), TEXT_TOP + y)),
            );
            y += chunk.height;
        }
        y += b.after;
    }
    (pages, outline)
}

/// Adds the running head (the title, after page 1) and the page numbers.
pub(super) fn add_page_furniture(pages: &mut [Page], title: &str, metrics: &Metrics) -> Result<()> {
    let centred = |text: &str, face: Face, baseline: f32| -> Result<Vec<Mark>> {
        let style = TextStyle {
            face,
            size: SMALL_SIZE,
        };
        let chars: Vec<StyledChar> = text.chars().map(|c| (c, style)).collect();
        let setting = Setting {
            width: text_width(),
            first_indent: 0.0,
            align: Align::Center,
        };
        let lines = set_text(&chars, &setting, metrics)?;
        Ok(lines
            .iter()
            .take(1)
            .flat_map(|l| &l.runs)
            .map(|r| Mark::Text {
                x: left_margin() + r.x,
                baseline,
                style: r.style,
                text: r.text.clone(),
            })
            .collect())
    };
    let head = centred(title, Face::SansBold, HEAD_BASELINE)?;
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            page.furniture.extend(head.iter().cloned());
            page.furniture.push(Mark::Rule {
                x: left_margin(),
                y: HEAD_BASELINE + 2.5,
                width: text_width(),
                thickness: 0.1,
            });
        }
        page.furniture
            .extend(centred(&(i + 1).to_string(), Face::Serif, FOOT_BASELINE)?);
    }
    Ok(())
}
