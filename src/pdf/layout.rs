//! Page layout: every block of the model is set (the title, headings with
//! their level-2 mark, paragraphs with a 2 em indent, lists with their
//! markers, quotes indented, figures scaled to the text width with their
//! caption) into a box of chunks — a line, or a figure with its caption —
//! and the boxes are cut into A4 pages by `paginate`. Walking the model, it
//! also builds the structure tree ([`super::tags`]) and names, on every mark,
//! the element it belongs to.

use anyhow::{Context, Result};

use super::paginate::{add_page_furniture, paginate, Boxed, Chunk};
use super::style::{pt, text_width, Glyphs, Metrics, TextStyle, BODY_SIZE, LEADING, TEXT_BOTTOM, TEXT_TOP};
use super::tags::{self, ElementId, Owner, Tree};
use super::text::{plain_chars, set_text, styled_chars, Align, Placed, Run, SetLine, Setting, StyledChar};
use crate::input::assets::{Assets, ImageAsset};
use crate::model::{Block, CaptionPartKind, Document, Figure, Heading, List, Paragraph};
use crate::style::{self as house, BlockStyle, Kind};

/// Where the baseline sits in a character's em box, from its top: CJK
/// fonts' ideographic em box puts 0.88 em above the baseline.
const BASELINE_IN_EM: f32 = 0.88;
/// The gap between a list number and its item's text, in body ems.
const LIST_NUMBER_GAP_EMS: f32 = 0.4;
/// The bullet square of unordered lists: its left edge before the item's
/// text, its top below the line's em box top, and its side, in body ems.
const BULLET_X_EMS: f32 = 1.1;
const BULLET_TOP_EMS: f32 = 0.35;
const BULLET_SIDE_EMS: f32 = 0.3;

/// The text style (face and size) of a house block style.
fn text_style(b: &BlockStyle) -> TextStyle {
    TextStyle {
        dots: false,
        face: b.face,
        size: b.size,
    }
}

/// The PDF setting of a house alignment.
fn align(a: house::Align) -> Align {
    match a {
        house::Align::Start => Align::Left,
        house::Align::Centre => Align::Center,
        house::Align::Justify => Align::Justify,
    }
}

/// Something drawn on a page; positions in mm from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A run of text; `x` is the first glyph's origin.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        baseline: f32,
        /// Face and size.
        style: TextStyle,
        /// The characters.
        text: String,
        /// The characters set apart from the one before them, from `x`.
        placed: Placed,
        /// The structure element they belong to (`None`: page furniture).
        owner: Owner,
    },
    /// A filled square (the level-2 heading mark, list bullets): decoration.
    Square {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Side length.
        side: f32,
    },
    /// A horizontal rule: decoration.
    Rule {
        /// Left end.
        x: f32,
        /// Vertical position of its axis.
        y: f32,
        /// Length.
        width: f32,
        /// Thickness.
        thickness: f32,
    },
    /// A figure's image.
    Image {
        /// The image's key in [`Assets::images`].
        src: String,
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The figure element.
        owner: Owner,
    },
    /// The area of a link on one line: not drawn, it becomes a link
    /// annotation.
    Link {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The link element.
        link: ElementId,
    },
}

impl Mark {
    /// The mark of a set run on a line whose measure begins at `dx` and
    /// whose baseline is at `baseline`.
    pub(super) fn of_run(run: &Run, dx: f32, baseline: f32) -> Mark {
        Mark::Text {
            x: dx + run.x,
            baseline,
            style: run.style,
            text: run.text.clone(),
            placed: run.placed.clone(),
            owner: run.owner,
        }
    }

    /// The mark moved by `dx`, `dy`.
    pub(super) fn shifted(mut self, dx: f32, dy: f32) -> Mark {
        match &mut self {
            Mark::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Mark::Square { x, y, .. }
            | Mark::Rule { x, y, .. }
            | Mark::Image { x, y, .. }
            | Mark::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        self
    }
}

/// One page's marks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's content, in reading order.
    pub marks: Vec<Mark>,
    /// The running head and the page number: pagination artifacts.
    pub furniture: Vec<Mark>,
    /// Where in the model the page's first line or figure begins.
    pub start: PageStart,
}

/// Where a page begins: in the title block or in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageStart {
    /// Before character `offset` (counted in `char`s) of the title block's
    /// text: the title, the subtitle, the author and the date, one after
    /// another. Every title position comes before the body.
    Title(usize),
    /// At a place in the body.
    Body(TextPosition),
}

impl Default for PageStart {
    fn default() -> Self {
        PageStart::Title(0)
    }
}

/// A place in the model's text: before character `offset` (counted in
/// `char`s) of the `block`-th text of [`Document::block_texts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPosition {
    /// The index of the block in [`Document::block_texts`].
    pub block: usize,
    /// The character offset inside that block's text.
    pub offset: usize,
}

/// A bookmark target: a heading and where it was set.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The heading level (1 = `#`).
    pub level: u8,
    /// The heading text (never the level-2 mark).
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, in mm from the top of the page.
    pub top: f32,
}

/// What a set block of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The title or subtitle.
    Title,
    /// A heading.
    Heading,
    /// A body paragraph (also inside lists and quotes).
    Paragraph,
    /// A figure caption line.
    Caption,
}

/// A block of text as the line breaker set it (kept for inspection by tests).
#[derive(Debug, Clone, PartialEq)]
pub struct SetBlock {
    /// What it is.
    pub kind: TextKind,
    /// Its measure.
    pub setting: Setting,
    /// Its lines.
    pub lines: Vec<SetLine>,
}

/// The whole document laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The pages.
    pub pages: Vec<Page>,
    /// Every heading, in document order, with its page.
    pub outline: Vec<OutlineEntry>,
    /// Every block of text, in reading order.
    pub blocks: Vec<SetBlock>,
    /// Which glyph draws each character.
    pub glyphs: Glyphs,
    /// The structure tree the marks' owners point into.
    pub tree: Tree,
}

struct Ctx<'a> {
    doc: &'a Document,
    assets: &'a Assets,
    metrics: &'a Metrics<'a>,
    boxes: Vec<Boxed>,
    blocks: Vec<SetBlock>,
    tree: Tree,
    /// How many of the model's text blocks have been laid out.
    text_blocks: usize,
}

/// Lays out `doc` on A4 pages.
pub fn lay_out(doc: &Document, assets: &Assets, metrics: &Metrics, glyphs: Glyphs) -> Result<Layout> {
    let mut ctx = Ctx {
        doc,
        assets,
        metrics,
        boxes: Vec::new(),
        blocks: Vec::new(),
        tree: Tree::default(),
        text_blocks: 0,
    };
    ctx.title_block()
        .with_context(|| format!("{}: front matter", doc.source_name))?;
    ctx.blocks_at(&doc.blocks, 0.0, text_width(), Tree::ROOT)?;
    let (mut pages, outline) = paginate(ctx.boxes);
    add_page_furniture(&mut pages, &doc.meta, metrics)?;
    Ok(Layout {
        pages,
        outline,
        blocks: ctx.blocks,
        glyphs,
        tree: ctx.tree,
    })
}

/// The side of an emphasis dot, in ems of the character above it.
pub const EMPHASIS_DOT: f32 = 0.16;

fn line_height(size: u8, leading: f32) -> f32 {
    pt(size) * leading
}

fn body_line() -> f32 {
    line_height(BODY_SIZE, LEADING)
}

/// Turns set lines into chunks of `leading` × size, shifted right by `dx`;
/// the runs of a link (of `tree`) on a line add one link area.
fn line_chunks(lines: &[SetLine], dx: f32, leading: f32, tree: &Tree) -> Vec<Chunk> {
    lines
        .iter()
        .map(|line| {
            let height = line_height(line.size, leading);
            let em = pt(line.size);
            // The em box is centred in the line.
            let baseline = (height - em) / 2.0 + BASELINE_IN_EM * em;
            let mut marks: Vec<Mark> = line.runs.iter().map(|r| Mark::of_run(r, dx, baseline)).collect();
            // 着重号: a dot centred under each emphasized character, below
            // the em box.
            marks.extend(line.dots.iter().map(|&(centre, em)| {
                let side = EMPHASIS_DOT * em;
                Mark::Square {
                    x: dx + centre - side / 2.0,
                    y: baseline + 0.2 * em,
                    side,
                }
            }));
            let mut areas: Vec<Mark> = Vec::new();
            for r in line.runs.iter().filter(|r| tree.is_link(r.owner)) {
                let link = r.owner.expect("a link run has an owner");
                match areas.last_mut() {
                    Some(Mark::Link {
                        link: l, x, width, ..
                    }) if *l == link => *width = dx + r.x + r.width - *x,
                    _ => areas.push(Mark::Link {
                        x: dx + r.x,
                        y: baseline - BASELINE_IN_EM * em,
                        width: r.width,
                        height: em,
                        link,
                    }),
                }
            }
            marks.extend(areas);
            Chunk {
                height,
                marks,
                offset: line.start,
            }
        })
        .collect()
}

impl Ctx<'_> {
    fn set(&mut self, kind: TextKind, chars: &[StyledChar], setting: Setting) -> Result<Vec<SetLine>> {
        let lines = set_text(chars, &setting, self.metrics)?;
        self.blocks.push(SetBlock {
            kind,
            setting,
            lines: lines.clone(),
        });
        Ok(lines)
    }

    fn title_block(&mut self) -> Result<()> {
        let meta = &self.doc.meta;
        let mut parts = vec![(meta.title.clone(), house::of(Kind::Title), tags::Kind::Title)];
        if let Some(s) = &meta.subtitle {
            parts.push((s.clone(), house::of(Kind::Subtitle), tags::Kind::Subtitle));
        }
        // The author, and the date in Chinese (2023年3月1日), in the body face.
        let byline = [meta.author.clone(), meta.date.as_deref().map(chinese_date)];
        let body = BlockStyle {
            align: house::of(Kind::Title).align,
            ..house::of(Kind::Body)
        };
        parts.extend(
            byline
                .into_iter()
                .flatten()
                .map(|t| (t, body, tags::Kind::Byline)),
        );
        let mut chunks = Vec::new();
        // Where each part begins in the title block's text.
        let mut part_start = 0;
        for (k, (text, block, kind)) in parts.iter().enumerate() {
            let style = text_style(block);
            let owner = self.tree.add(*kind, Tree::ROOT);
            let chars = plain_chars(text, style, Some(owner));
            let setting = Setting {
                width: text_width(),
                first_indent: 0.0,
                align: align(block.align),
                punctuation: meta.punctuation,
            };
            let lines = self.set(TextKind::Title, &chars, setting)?;
            if k == 2 {
                // Half a line between the titles and the byline.
                chunks.push(Chunk {
                    height: 0.5 * body_line(),
                    marks: Vec::new(),
                    offset: part_start,
                });
            }
            chunks.extend(
                line_chunks(&lines, 0.0, house::of(Kind::Title).leading, &self.tree)
                    .into_iter()
                    .map(|c| Chunk {
                        offset: part_start + c.offset,
                        ..c
                    }),
            );
            part_start += text.chars().count();
        }
        self.boxes.push(Boxed {
            chunks,
            before: 0.0,
            after: house::TITLE_BLOCK_AFTER * body_line(),
            keep_with_next: true,
            splittable: false,
            heading: None,
            float: false,
            text_block: None,
        });
        Ok(())
    }

    /// The index of the next text block of the model (they are laid out in
    /// the order of [`Document::block_texts`]).
    fn next_text_block(&mut self) -> Option<usize> {
        self.text_blocks += 1;
        Some(self.text_blocks - 1)
    }

    /// Lays out `blocks` at `dx` in `width`, their elements under `parent`.
    fn blocks_at(&mut self, blocks: &[Block], dx: f32, width: f32, parent: ElementId) -> Result<()> {
        for block in blocks {
            match block {
                Block::Heading(h) => self.heading(h, dx, width, parent),
                Block::Paragraph(p) => {
                    let indent = house::of(Kind::Body).first_indent * pt(BODY_SIZE);
                    self.paragraph(p, dx, width, indent, None, parent)
                }
                Block::List(l) => self.list(l, dx, width, parent),
                Block::Quote(q) => {
                    let indent = house::BLOCK_INDENT_EMS * pt(BODY_SIZE);
                    let quote = self.tree.add(tags::Kind::BlockQuote, parent);
                    self.blocks_at(&q.blocks, dx + indent, width - 2.0 * indent, quote)
                }
                Block::Figure(f) => self.figure(f, dx, width, parent),
                Block::Note(_) => Ok(()),
            }
            .with_context(|| format!("{}:{}", self.doc.source_name, block_line(block)))?;
        }
        Ok(())
    }

    fn heading(&mut self, h: &Heading, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let block = house::of(Kind::Heading(h.level));
        let style = text_style(&block);
        let mut chars = Vec::new();
        let element = self.tree.add(tags::Kind::H(h.level), parent);
        styled_chars(&h.content, style, style, &mut self.tree, element, &mut chars);
        let em = pt(block.size);
        // Level 2 hangs after the mark, drawn as a square (not text, so the
        // extracted text and the outline stay the heading's own words).
        let hang = if h.level == 2 {
            house::LEVEL2_HANG_EMS * em
        } else {
            0.0
        };
        let setting = Setting {
            width: width - hang,
            first_indent: 0.0,
            align: align(block.align),
            punctuation: self.doc.meta.punctuation,
        };
        let lines = self.set(TextKind::Heading, &chars, setting)?;
        let mut chunks = line_chunks(&lines, dx + hang, block.leading, &self.tree);
        if h.level == 2 {
            if let Some(first) = chunks.first_mut() {
                // Centred on the line, as the characters' em boxes are.
                let side = house::LEVEL2_MARK_SIDE_EMS * em;
                let top = (first.height - side) / 2.0;
                first.marks.insert(0, Mark::Square { x: dx, y: top, side });
            }
        }
        let line = body_line();
        let text_block = self.next_text_block();
        self.boxes.push(Boxed {
            chunks,
            before: block.before * line,
            after: block.after * line,
            keep_with_next: true,
            splittable: false,
            heading: Some((h.level, h.text())),
            float: false,
            text_block,
        });
        Ok(())
    }

    fn paragraph(
        &mut self,
        p: &Paragraph,
        dx: f32,
        width: f32,
        indent: f32,
        marker: Option<Mark>,
        parent: ElementId,
    ) -> Result<()> {
        let strong = TextStyle::new(house::face_of(crate::model::Role::Strong), BODY_SIZE);
        let mut chars = Vec::new();
        let element = self.tree.add(tags::Kind::P, parent);
        styled_chars(
            &p.content,
            TextStyle::BODY,
            strong,
            &mut self.tree,
            element,
            &mut chars,
        );
        let setting = Setting {
            width,
            first_indent: indent,
            align: align(house::of(Kind::Body).align),
            punctuation: self.doc.meta.punctuation,
        };
        let lines = self.set(TextKind::Paragraph, &chars, setting)?;
        let mut chunks = line_chunks(&lines, dx, LEADING, &self.tree);
        if let (Some(marker), Some(first)) = (marker, chunks.first_mut()) {
            let shift = (first.height - pt(BODY_SIZE)) / 2.0;
            first.marks.insert(0, marker.shifted(0.0, shift));
        }
        let text_block = self.next_text_block();
        self.boxes.push(Boxed {
            chunks,
            before: 0.0,
            after: 0.0,
            keep_with_next: false,
            splittable: true,
            heading: None,
            float: false,
            text_block,
        });
        Ok(())
    }

    fn list(&mut self, l: &List, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let em = pt(BODY_SIZE);
        let indent = house::BLOCK_INDENT_EMS * em;
        let inner = dx + indent;
        let list = self.tree.add(tags::Kind::L, parent);
        for (label, item) in l.labelled_items() {
            let li = self.tree.add(tags::Kind::LI, list);
            let marker = match label.text() {
                Some(text) => {
                    let w: f32 = text
                        .chars()
                        .map(|c| self.metrics.advance(TextStyle::BODY, c))
                        .sum::<Result<f32>>()?;
                    Mark::Text {
                        x: inner - LIST_NUMBER_GAP_EMS * em - w,
                        baseline: BASELINE_IN_EM * em,
                        style: TextStyle::BODY,
                        text,
                        placed: Placed::new(),
                        owner: Some(self.tree.add(tags::Kind::Lbl, li)),
                    }
                }
                None => Mark::Square {
                    x: inner - BULLET_X_EMS * em,
                    y: BULLET_TOP_EMS * em,
                    side: BULLET_SIDE_EMS * em,
                },
            };
            let body = self.tree.add(tags::Kind::LBody, li);
            let mut marker = Some(marker);
            for block in item {
                match block {
                    Block::Paragraph(p) if marker.is_some() => {
                        self.paragraph(p, inner, width - indent, 0.0, marker.take(), body)?
                    }
                    Block::Paragraph(p) => self.paragraph(p, inner, width - indent, 0.0, None, body)?,
                    other => self.blocks_at(std::slice::from_ref(other), inner, width - indent, body)?,
                }
            }
        }
        Ok(())
    }

    fn figure(&mut self, f: &Figure, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let image = self
            .assets
            .images
            .get(&f.src)
            .with_context(|| format!("figure {}: image `{}` was not loaded", f.number, f.src))?;
        let (w, h) = figure_size(image, width);
        let block = house::of(Kind::Caption);
        let style = text_style(&block);
        let mut setting = Setting {
            width,
            first_indent: 0.0,
            align: align(block.align),
            punctuation: self.doc.meta.punctuation,
        };
        let figure = self.tree.add(tags::Kind::Figure, parent);
        self.tree.elements[figure].alt = Some(f.caption_text());
        let caption = self.tree.add(tags::Kind::Caption, parent);
        // The caption's own words keep their marks (emphasis dots, links);
        // label, separators and credit are plain.
        let mut chars = Vec::new();
        for part in f.caption_parts() {
            match part.kind {
                CaptionPartKind::Text => {
                    styled_chars(part.inlines, style, style, &mut self.tree, caption, &mut chars)
                }
                _ => chars.extend(plain_chars(&part.text, style, Some(caption))),
            }
        }
        let mut lines = set_text(&chars, &setting, self.metrics)?;
        // A caption too long for one centred line is one justified block
        // the width of the image, the credit running on after the caption.
        let mut caption_dx = dx;
        if lines.len() > 1 {
            setting.width = w;
            setting.align = Align::Justify;
            caption_dx = dx + (width - w) / 2.0;
            lines = set_text(&chars, &setting, self.metrics)?;
        }
        self.blocks.push(SetBlock {
            kind: TextKind::Caption,
            setting,
            lines: lines.clone(),
        });
        let gap = house::CAPTION_GAP * body_line();
        let mut marks = vec![Mark::Image {
            src: f.src.clone(),
            x: dx + (width - w) / 2.0,
            y: 0.0,
            width: w,
            height: h,
            owner: Some(figure),
        }];
        // The picture and the caption's first line are one chunk; the other
        // lines follow as chunks of their own, kept with it unless the whole
        // figure is taller than a page, when the caption runs on.
        let mut height = h + gap;
        let mut caption = line_chunks(&lines, caption_dx, block.leading, &self.tree).into_iter();
        if let Some(first) = caption.next() {
            marks.extend(first.marks.into_iter().map(|m| m.shifted(0.0, height)));
            height += first.height;
        }
        let picture = Chunk {
            height,
            marks,
            offset: 0,
        };
        let chunks: Vec<Chunk> = std::iter::once(picture).chain(caption).collect();
        let total: f32 = chunks.iter().map(|c| c.height).sum();
        let line = body_line();
        let text_block = self.next_text_block();
        self.boxes.push(Boxed {
            chunks,
            before: block.before * line,
            after: block.after * line,
            keep_with_next: false,
            splittable: total > TEXT_BOTTOM - TEXT_TOP,
            heading: None,
            float: true,
            text_block,
        });
        Ok(())
    }
}

/// The printed size (mm) of `image` as a figure in a measure of `width`:
/// the full width, unless that makes it taller than the house style allows.
pub fn figure_size(image: &ImageAsset, width: f32) -> (f32, f32) {
    let max_height = house::MAX_FIGURE_HEIGHT * (TEXT_BOTTOM - TEXT_TOP);
    let aspect = image.height as f32 / image.width as f32;
    if width * aspect > max_height {
        (max_height / aspect, max_height)
    } else {
        (width, width * aspect)
    }
}

/// The least resolution a photo needs at its printed size.
pub const MIN_PPI: f32 = 150.0;

/// A warning for every figure printed below [`MIN_PPI`] at the full
/// measure (a figure in a list or quote prints narrower, so sharper),
/// naming its file, line and resolution.
pub fn low_resolution_warnings(doc: &Document, assets: &Assets) -> Vec<String> {
    let mut out = Vec::new();
    for f in doc.figures() {
        let Some(image) = assets.images.get(&f.src) else {
            continue;
        };
        let (w, _) = figure_size(image, text_width());
        let ppi = image.width as f32 / (w / 25.4);
        if ppi < MIN_PPI {
            out.push(format!(
                "{}:{}: `{}` prints at {ppi:.0} ppi ({} px across {w:.0} mm); print wants {MIN_PPI:.0} ppi",
                doc.source_name, f.line, f.src, image.width
            ));
        }
    }
    out
}

/// A front-matter date `YYYY-MM-DD` as Chinese print writes it: `2023年3月1日`.
fn chinese_date(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => date.to_string(),
    }
}

fn block_line(block: &Block) -> usize {
    match block {
        Block::Heading(h) => h.line,
        Block::Paragraph(p) => p.line,
        Block::List(l) => l.line,
        Block::Quote(q) => q.line,
        Block::Figure(f) => f.line,
        Block::Note(n) => n.line,
    }
}
