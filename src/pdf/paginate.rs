//! Cutting the laid-out boxes into pages: a heading never ends a page (it
//! keeps the start of the next box), a figure never splits from its caption
//! (it is one chunk), a paragraph leaves neither its first nor its last line
//! alone on a page (and one of three lines or fewer does not split). Each
//! heading's page is recorded for the outline; the running head and the page
//! number are added last.

use anyhow::Result;

use super::page::{Boxed, Chunk, Mark, OutlineEntry, Page};
use super::style::{
    left_margin, text_width, Face, Metrics, TextStyle, FOOT_BASELINE, HEAD_BASELINE, SMALL_SIZE, TEXT_BOTTOM,
    TEXT_TOP,
};
use super::text::{plain_chars, set_text, Align, Setting};
use crate::model::{BlockId, Metadata, PageStart, TextPosition};

/// The height a box needs at the bottom of a page to start there: its first
/// two lines if it may split, else all of it. A paragraph of three lines or
/// fewer cannot split without leaving one line alone, so it does not. A
/// table needs its first chunk (caption, header rows and first row), and
/// room for the rule that closes it there when more rows follow.
fn lead_height(b: &Boxed) -> f32 {
    if let Some(c) = &b.continued {
        let first = b.chunks.first().map_or(0.0, |c| c.height);
        return first + if c.rows > 1 { c.foot.height } else { 0.0 };
    }
    let n = if b.splittable && b.chunks.len() > 3 {
        2
    } else {
        b.chunks.len()
    };
    b.chunks.iter().take(n).map(|c| c.height).sum()
}

pub(super) fn paginate(boxes: Vec<Boxed>) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut pages = Pages {
        pages: vec![Page::default()],
        y: 0.0,
        floating: Vec::new(),
        unstarted: vec![0],
    };
    let mut outline = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        // Figures keep their order: one behind a floating figure floats too.
        let waits = !pages.floating.is_empty() || !pages.fits(b.before + lead_height(b));
        if b.float && pages.y > 0.0 && waits {
            let room = TEXT_BOTTOM - TEXT_TOP - pages.y - b.before;
            match shrunk(b, room) {
                Some(smaller) if pages.floating.is_empty() => pages.place(&smaller),
                _ => pages.floating.push(b),
            }
            continue;
        }
        let mut need = lead_height(b);
        if b.keep_with_next {
            // A heading keeps the start of the text after it; a figure
            // that would float away does not count as that text.
            if let Some(next) = boxes[i + 1..]
                .iter()
                .find(|n| !n.float || pages.fits(need + n.before + lead_height(n)))
            {
                need += b.after + next.before + lead_height(next);
            }
        }
        if pages.y > 0.0 && !pages.fits(b.before + need) {
            pages.new_page();
        }
        if let Some((level, title)) = &b.heading {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pages.pages.len() - 1,
                top: TEXT_TOP + pages.y + if pages.y > 0.0 { b.before } else { 0.0 },
            });
        }
        pages.place(b);
    }
    while !pages.floating.is_empty() {
        pages.new_page();
    }
    // A page of pictures alone begins where the text ends.
    for i in std::mem::take(&mut pages.unstarted) {
        pages.pages[i].start = PageStart::Body(TextPosition {
            block: BlockId::END,
            offset: 0,
        });
    }
    (pages.pages, outline)
}

/// The least a figure is scaled to so that it fits at the foot of a page
/// rather than floating to the next one.
const MIN_FIGURE_SCALE: f32 = 0.7;

/// The figure `b` scaled down (about its centre line, the caption moved
/// up with its foot) to fit a height of `room`, if it can keep at least
/// [`MIN_FIGURE_SCALE`] of its size.
fn shrunk(b: &Boxed, room: f32) -> Option<Boxed> {
    let [chunk] = &b.chunks[..] else {
        return None;
    };
    // The pictures of a row share their height: each is scaled about
    // its own centre line, the captions under them move up.
    let height = chunk.marks.iter().find_map(|m| match m {
        Mark::Image { height, .. } => Some(*height),
        _ => None,
    })?;
    let cut = chunk.height - room;
    let scale = (height - cut) / height;
    if !(MIN_FIGURE_SCALE..1.0).contains(&scale) {
        return None;
    }
    let marks = chunk
        .marks
        .iter()
        .map(|m| match m {
            Mark::Image {
                src,
                x,
                y,
                width,
                height,
                owner,
            } => Mark::Image {
                src: src.clone(),
                x: x + width * (1.0 - scale) / 2.0,
                y: *y,
                width: width * scale,
                height: height * scale,
                owner: *owner,
            },
            other => other.clone().shifted(0.0, -cut),
        })
        .collect();
    Some(Boxed {
        chunks: vec![Chunk {
            height: chunk.height - cut,
            marks,
            offset: chunk.offset,
            block: chunk.block,
        }],
        before: b.before,
        after: b.after,
        keep_with_next: b.keep_with_next,
        splittable: false,
        heading: b.heading.clone(),
        float: true,
        text_block: b.text_block,
        continued: None,
    })
}

/// The pages being filled.
struct Pages<'b> {
    pages: Vec<Page>,
    /// How far down the current page's text area is filled.
    y: f32,
    /// Figures waiting for the top of the next page, in order.
    floating: Vec<&'b Boxed>,
    /// The pages that hold only pictures without text so far: each begins
    /// where the next text placed begins.
    unstarted: Vec<usize>,
}

impl<'b> Pages<'b> {
    fn fits(&self, height: f32) -> bool {
        self.y + height <= TEXT_BOTTOM - TEXT_TOP + 1e-3
    }

    /// Starts a page, with the figures that were waiting for it on top.
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = 0.0;
        self.unstarted.push(self.pages.len() - 1);
        let waiting = std::mem::take(&mut self.floating);
        for b in waiting {
            let room = TEXT_BOTTOM - TEXT_TOP - self.y - b.before;
            if !self.floating.is_empty() {
                self.floating.push(b);
            } else if self.y == 0.0 || self.fits(b.before + lead_height(b)) {
                self.place(b);
            } else if let Some(smaller) = shrunk(b, room) {
                self.place(&smaller);
            } else {
                self.floating.push(b);
            }
        }
    }

    /// Places `b` from the current position on, breaking pages between
    /// its chunks where it may split. A table broken between its rows is
    /// closed on the page it leaves and opens the next with its continued
    /// head.
    fn place(&mut self, b: &Boxed) {
        if self.y > 0.0 {
            self.y += b.before;
        }
        let k = b.chunks.len();
        for (ci, chunk) in b.chunks.iter().enumerate() {
            // A table row with rows after it leaves room for the closing rule.
            let row = b.continued.as_ref().filter(|c| ci < c.rows);
            let need = chunk.height + row.filter(|c| ci + 1 < c.rows).map_or(0.0, |c| c.foot.height);
            // Keep the last line company: a paragraph's last line never
            // starts a page alone when two lines can go over together.
            let widow = b.splittable
                && b.continued.is_none()
                && ci >= 2
                && ci + 2 == k
                && !self.fits(chunk.height + b.chunks[ci + 1].height);
            if self.y > 0.0 && (!self.fits(need) || widow) {
                match row.filter(|_| ci > 0) {
                    Some(c) => {
                        self.put(&c.foot, false);
                        self.new_page();
                        // Figures that waited for this page may leave too
                        // little room for the row: it goes on the next.
                        while self.y > 0.0 && !self.fits(c.head.height + need) {
                            self.new_page();
                        }
                        self.put(&c.head, true);
                    }
                    None => self.new_page(),
                }
            }
            // A page begins where its first chunk with more than pictures
            // (text, a rule, an empty cell's place) begins.
            let text = chunk.marks.iter().any(|m| !matches!(m, Mark::Image { .. }));
            if text && !self.unstarted.is_empty() {
                let start = match chunk.block.or(b.text_block) {
                    Some(block) => PageStart::Body(TextPosition {
                        block,
                        offset: chunk.offset,
                    }),
                    None => PageStart::Title(chunk.offset),
                };
                for i in std::mem::take(&mut self.unstarted) {
                    self.pages[i].start = start;
                }
            }
            self.put(chunk, false);
        }
        self.y += b.after;
    }

    /// Puts the marks of `chunk` at the current position, as page content
    /// or (`repeated`) as pagination artifacts, and moves below it.
    fn put(&mut self, chunk: &Chunk, repeated: bool) {
        let page = self.pages.last_mut().expect("at least one page");
        let marks = chunk
            .marks
            .iter()
            .map(|m| m.clone().shifted(left_margin(), TEXT_TOP + self.y));
        if repeated {
            page.repeated.extend(marks);
        } else {
            page.marks.extend(marks);
        }
        self.y += chunk.height;
    }
}

/// The running head for `title`: the title when it fits on one line (as
/// `fits` measures), else its longest beginning that fits with `…` after it.
fn running_head(title: &str, fits: impl Fn(&str) -> Result<bool>) -> Result<String> {
    if fits(title)? {
        return Ok(title.to_string());
    }
    // No line of the measure holds more than a few hundred characters.
    let chars: Vec<char> = title.chars().take(400).collect();
    for n in (1..chars.len()).rev() {
        let cut: String = chars[..n].iter().collect::<String>() + "…";
        if fits(&cut)? {
            return Ok(cut);
        }
    }
    Ok("…".to_string())
}

/// Adds the running head (the title, after page 1) and the page numbers.
pub(super) fn add_page_furniture(pages: &mut [Page], meta: &Metadata, metrics: &Metrics) -> Result<()> {
    // The page furniture's lines, set centred on the measure.
    let set = |text: &str, face: Face| {
        let setting = Setting {
            width: text_width(),
            first_indent: 0.0,
            align: Align::Center,
            punctuation: meta.punctuation,
        };
        set_text(
            &plain_chars(text, TextStyle::new(face, SMALL_SIZE), None),
            &setting,
            metrics,
        )
    };
    let centred = |text: &str, face: Face, baseline: f32| -> Result<Vec<Mark>> {
        Ok(set(text, face)?
            .iter()
            .take(1)
            .flat_map(|l| &l.runs)
            .map(|r| Mark::of_run(r, left_margin(), baseline))
            .collect())
    };
    let one_line = |text: &str| -> Result<bool> { Ok(set(text, Face::SansBold)?.len() <= 1) };
    let head = centred(
        &running_head(&meta.title, one_line)?,
        Face::SansBold,
        HEAD_BASELINE,
    )?;
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

#[cfg(test)]
mod running_head_tests {
    use super::running_head;

    #[test]
    fn a_long_title_is_cut_to_one_line_with_an_ellipsis() {
        let fits = |t: &str| Ok(t.chars().count() <= 6);
        assert_eq!(running_head("短标题", fits).unwrap(), "短标题");
        assert_eq!(running_head("一二三四五六七八", fits).unwrap(), "一二三四五…");
    }
}
