//! Page layout: every block of the model is set (the title, headings with
//! their level-2 mark, paragraphs with a 2 em indent and the pictures
//! inside their lines, lists with their markers, quotes indented, figures
//! scaled to the text width with their caption, rows of pictures at one
//! height with a caption under each) into a box of chunks — a line, or a
//! figure with its caption —
//! and the boxes are cut into A4 pages by `paginate`. Walking the model, it
//! also builds the structure tree ([`super::tags`]) and names, on every mark,
//! the element it belongs to.

use anyhow::{Context, Result};

use super::page::{Boxed, Chunk, Mark, OutlineEntry, Page};
use super::paginate::{add_page_furniture, paginate};
use super::style::{pt, text_width, Glyphs, Metrics, TextStyle, BODY_SIZE, LEADING, TEXT_BOTTOM, TEXT_TOP};
use super::table;
use super::tags::{self, ElementId, Tree};
use super::text::{
    plain_chars, set_text, size_pictures, styled_chars, Align, LinePicture, Placed, SetLine, Setting,
    StyledChar,
};
use crate::input::assets::{Assets, ImageAsset};
use crate::model::{
    Block, CaptionPartKind, Document, Figure, FigureCaption, FigureRow, Heading, List, PageMap, Paragraph,
    Table,
};
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

/// A block of text as the line breaker set it (kept for inspection by tests).
#[derive(Debug, Clone, PartialEq)]
pub struct SetBlock {
    /// What it is, in the house style's kinds.
    pub kind: Kind,
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
    /// What the layout had to do that the author should know (a table row
    /// split across pages), each naming the source line.
    pub warnings: Vec<String>,
}

impl Layout {
    /// Where each page begins, in the model's terms: what an edition without
    /// pages (the EPUB) marks as the print edition's page breaks.
    pub fn page_map(&self) -> PageMap {
        PageMap {
            starts: self.pages.iter().map(|p| p.start).collect(),
        }
    }
}

struct Ctx<'a> {
    doc: &'a Document,
    assets: &'a Assets,
    metrics: &'a Metrics<'a>,
    boxes: Vec<Boxed>,
    blocks: Vec<SetBlock>,
    tree: Tree,
    warnings: Vec<String>,
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
        warnings: Vec::new(),
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
        warnings: ctx.warnings,
    })
}

/// The side of an emphasis dot, in ems of the character above it.
pub const EMPHASIS_DOT: f32 = 0.16;

fn line_height(size: u8, leading: f32) -> f32 {
    pt(size) * leading
}

pub(super) fn body_line() -> f32 {
    line_height(BODY_SIZE, LEADING)
}

/// Turns set lines into chunks of `leading` × size, shifted right by `dx`;
/// the runs of a link (of `tree`) on a line add one link area.
pub(super) fn line_chunks(lines: &[SetLine], dx: f32, leading: f32, tree: &Tree) -> Vec<Chunk> {
    lines
        .iter()
        .map(|line| {
            let height = line_height(line.size, leading);
            let em = pt(line.size);
            // The em box is centred in the line.
            let baseline = (height - em) / 2.0 + BASELINE_IN_EM * em;
            // Text and pictures in reading order (left to right).
            let mut marks: Vec<Mark> = Vec::new();
            let mut pictures = line.pictures.iter().peekable();
            for r in &line.runs {
                while let Some(p) = pictures.next_if(|p| p.x < r.x) {
                    marks.push(picture_mark(p, dx, baseline));
                }
                marks.push(Mark::of_run(r, dx, baseline));
            }
            marks.extend(pictures.map(|p| picture_mark(p, dx, baseline)));
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
                block: None,
            }
        })
        .collect()
}

/// The mark of a picture on a line whose measure begins at `dx` and whose
/// baseline is at `baseline`: it stands in the em box of its text, as a
/// Chinese character does, its foot on the box's foot.
fn picture_mark(p: &LinePicture, dx: f32, baseline: f32) -> Mark {
    Mark::Image {
        src: p.src.clone(),
        x: dx + p.x,
        y: baseline + (1.0 - BASELINE_IN_EM) * p.em - p.height,
        width: p.width,
        height: p.height,
        owner: p.owner,
    }
}

impl Ctx<'_> {
    fn set(&mut self, kind: Kind, chars: &[StyledChar], setting: Setting) -> Result<Vec<SetLine>> {
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
        let mut parts = vec![(
            meta.title.clone(),
            Kind::Title,
            house::of(Kind::Title),
            tags::Kind::Title,
        )];
        if let Some(s) = &meta.subtitle {
            parts.push((
                s.clone(),
                Kind::Subtitle,
                house::of(Kind::Subtitle),
                tags::Kind::Subtitle,
            ));
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
                .map(|t| (t, Kind::Author, body, tags::Kind::Byline)),
        );
        let mut chunks = Vec::new();
        // Where each part begins in the title block's text.
        let mut part_start = 0;
        for (k, (text, house_kind, block, kind)) in parts.iter().enumerate() {
            let style = text_style(block);
            let owner = self.tree.add(*kind, Tree::ROOT);
            let chars = plain_chars(text, style, Some(owner));
            let setting = Setting {
                width: text_width(),
                first_indent: 0.0,
                align: align(block.align),
                punctuation: meta.punctuation,
            };
            let lines = self.set(*house_kind, &chars, setting)?;
            if k == 2 {
                // Half a line between the titles and the byline.
                chunks.push(Chunk {
                    height: 0.5 * body_line(),
                    marks: Vec::new(),
                    offset: part_start,
                    block: None,
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
            continued: None,
        });
        Ok(())
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
                Block::FigureRow(r) => self.row(r, dx, width, parent),
                Block::Note(_) => Ok(()),
                Block::Table(t) => self.table(t, dx, width, parent),
            }
            .with_context(|| format!("{}:{}", self.doc.source_name, block.line()))?;
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
        let lines = self.set(Kind::Heading(h.level), &chars, setting)?;
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
        self.boxes.push(Boxed {
            chunks,
            before: block.before * line,
            after: block.after * line,
            keep_with_next: true,
            splittable: false,
            heading: Some((h.level, h.text())),
            float: false,
            text_block: Some(h.block),
            continued: None,
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
        let images = &self.assets.images;
        size_pictures(&mut chars, width, |src| {
            images.get(src).map(|i| (i.width, i.height))
        })?;
        let setting = Setting {
            width,
            first_indent: indent,
            align: align(house::of(Kind::Body).align),
            punctuation: self.doc.meta.punctuation,
        };
        let lines = self.set(Kind::Body, &chars, setting)?;
        let mut chunks = line_chunks(&lines, dx, LEADING, &self.tree);
        if let (Some(marker), Some(first)) = (marker, chunks.first_mut()) {
            let shift = (first.height - pt(BODY_SIZE)) / 2.0;
            first.marks.insert(0, marker.shifted(0.0, shift));
        }
        self.boxes.push(Boxed {
            chunks,
            before: 0.0,
            after: 0.0,
            keep_with_next: false,
            splittable: true,
            heading: None,
            float: false,
            text_block: Some(p.block),
            continued: None,
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

    fn table(&mut self, t: &Table, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let frame = table::Frame {
            dx,
            width,
            parent,
            punctuation: self.doc.meta.punctuation,
            rules: self.doc.meta.table_rules,
            source: &self.doc.source_name,
        };
        let set = table::lay_out(t, &frame, self.metrics, &mut self.tree)?;
        self.warnings.extend(set.warnings);
        self.boxes.push(set.boxed);
        Ok(())
    }

    /// The loaded image of the picture `f`.
    fn image(&self, f: &Figure) -> Result<&'_ ImageAsset> {
        self.assets
            .images
            .get(&f.src)
            .with_context(|| format!("{}: image `{}` was not loaded", f.name(), f.src))
    }

    /// The structure element of the picture `f` under `parent`: a `Figure`
    /// with its text alternative as `/Alt`; `None` (an artifact) when it is
    /// decorative.
    fn picture_element(&mut self, f: &Figure, parent: ElementId) -> Option<ElementId> {
        let alt = f.alt_text()?;
        let figure = self.tree.add(tags::Kind::Figure, parent);
        self.tree.elements[figure].alt = Some(alt);
        Some(figure)
    }

    /// The characters of a caption line, belonging to a `Caption` element
    /// under `parent` (returned).
    fn caption_chars(&mut self, cap: &FigureCaption, parent: ElementId) -> (ElementId, Vec<StyledChar>) {
        let style = text_style(&house::of(Kind::Caption));
        let caption = self.tree.add(tags::Kind::Caption, parent);
        // The caption's own words keep their marks (emphasis dots, links);
        // label, separators and credit are plain.
        let mut chars = Vec::new();
        for part in cap.parts() {
            match part.kind {
                CaptionPartKind::Text => {
                    styled_chars(part.inlines, style, style, &mut self.tree, caption, &mut chars)
                }
                _ => chars.extend(plain_chars(&part.text, style, Some(caption))),
            }
        }
        (caption, chars)
    }

    /// A picture alone in its paragraph, scaled to the measure, with its
    /// caption when it has one; it floats as a figure does.
    fn figure(&mut self, f: &Figure, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let (w, h) = figure_size(self.image(f)?, width);
        let block = house::of(Kind::Caption);
        let line = body_line();
        let figure = self.picture_element(f, parent);
        let image = Mark::Image {
            src: f.src.clone(),
            x: dx + (width - w) / 2.0,
            y: 0.0,
            width: w,
            height: h,
            owner: figure,
        };
        let Some(cap) = &f.caption else {
            // No caption: the picture alone, spaced as a captioned one.
            self.boxes.push(Boxed {
                chunks: vec![Chunk {
                    height: h,
                    marks: vec![image],
                    offset: 0,
                    block: None,
                }],
                before: block.before * line,
                after: block.after * line,
                keep_with_next: false,
                splittable: false,
                heading: None,
                float: true,
                text_block: None,
                continued: None,
            });
            return Ok(());
        };
        let mut setting = Setting {
            width,
            first_indent: 0.0,
            align: align(block.align),
            punctuation: self.doc.meta.punctuation,
        };
        let (_, chars) = self.caption_chars(cap, parent);
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
            kind: Kind::Caption,
            setting,
            lines: lines.clone(),
        });
        let gap = house::CAPTION_GAP * line;
        let mut marks = vec![image];
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
            block: None,
        };
        let chunks: Vec<Chunk> = std::iter::once(picture).chain(caption).collect();
        let total: f32 = chunks.iter().map(|c| c.height).sum();
        self.boxes.push(Boxed {
            chunks,
            before: block.before * line,
            after: block.after * line,
            keep_with_next: false,
            splittable: total > TEXT_BOTTOM - TEXT_TOP,
            heading: None,
            float: true,
            text_block: Some(cap.block),
            continued: None,
        });
        Ok(())
    }

    /// Pictures side by side at one height filling the measure (centred
    /// when capped), each captioned one's caption centred under it and
    /// broken within its width; the whole row is one chunk that floats as
    /// a figure does. The pictures are grouped in a `Div`, each its own
    /// `Figure` followed by its `Caption`.
    fn row(&mut self, r: &FigureRow, dx: f32, width: f32, parent: ElementId) -> Result<()> {
        let images = r
            .figures
            .iter()
            .map(|f| self.image(f))
            .collect::<Result<Vec<_>>>()?;
        let sizes = row_sizes(&images, width);
        let gap = row_gap();
        let total = sizes.iter().map(|s| s.0).sum::<f32>() + gap * (sizes.len().saturating_sub(1)) as f32;
        let block = house::of(Kind::Caption);
        let line = body_line();
        let caption_gap = house::CAPTION_GAP * line;
        let div = self.tree.add(tags::Kind::Div, parent);
        let mut marks = Vec::new();
        let mut height: f32 = 0.0;
        let mut text_block = None;
        let mut x = dx + (width - total) / 2.0;
        for (f, &(w, h)) in r.figures.iter().zip(&sizes) {
            let owner = self.picture_element(f, div);
            marks.push(Mark::Image {
                src: f.src.clone(),
                x,
                y: 0.0,
                width: w,
                height: h,
                owner,
            });
            height = height.max(h);
            if let Some(cap) = &f.caption {
                let (_, chars) = self.caption_chars(cap, div);
                let setting = Setting {
                    width: w,
                    first_indent: 0.0,
                    align: Align::Center,
                    punctuation: self.doc.meta.punctuation,
                };
                let lines = self.set(Kind::Caption, &chars, setting)?;
                let mut y = h + caption_gap;
                for chunk in line_chunks(&lines, x, block.leading, &self.tree) {
                    marks.extend(chunk.marks.into_iter().map(|m| m.shifted(0.0, y)));
                    y += chunk.height;
                }
                height = height.max(y);
                text_block.get_or_insert(cap.block);
            }
            x += w + gap;
        }
        self.boxes.push(Boxed {
            chunks: vec![Chunk {
                height,
                marks,
                offset: 0,
                block: None,
            }],
            before: block.before * line,
            after: block.after * line,
            keep_with_next: false,
            splittable: false,
            heading: None,
            float: true,
            text_block,
            continued: None,
        });
        Ok(())
    }
}

/// The printed size (mm) of `image` as a figure in a measure of `width`:
/// the full width, unless that makes it taller than the house style allows.
pub fn figure_size(image: &ImageAsset, width: f32) -> (f32, f32) {
    let max_height = house::MAX_FIGURE_HEIGHT * (TEXT_BOTTOM - TEXT_TOP);
    house::figure_size((image.width, image.height), width, max_height)
}

/// The gap between two pictures of a row, in mm.
fn row_gap() -> f32 {
    house::FIGURE_ROW_GAP_EMS * pt(BODY_SIZE)
}

/// The printed sizes (mm) of `images` side by side in a measure of
/// `width` ([`house::row_sizes`]), no taller than a figure may be.
pub fn row_sizes(images: &[&ImageAsset], width: f32) -> Vec<(f32, f32)> {
    let px: Vec<(u32, u32)> = images.iter().map(|i| (i.width, i.height)).collect();
    let max_height = house::MAX_FIGURE_HEIGHT * (TEXT_BOTTOM - TEXT_TOP);
    house::row_sizes(&px, f64::from(width), f64::from(row_gap()), f64::from(max_height))
        .into_iter()
        .map(|(w, h)| (w as f32, h as f32))
        .collect()
}

/// The least resolution a photo needs at its printed size.
pub const MIN_PPI: f32 = 150.0;

/// A warning for every block picture printed below [`MIN_PPI`] at the
/// full measure, alone or in its row (a figure in a list or quote prints
/// narrower, so sharper; a picture inside text is an em high), naming its
/// file, line and resolution.
pub fn low_resolution_warnings(doc: &Document, assets: &Assets) -> Vec<String> {
    let mut printed: Vec<(&Figure, &ImageAsset, f32)> = Vec::new();
    crate::model::walk(&doc.blocks, &mut |b| match b {
        Block::Figure(f) => {
            if let Some(image) = assets.images.get(&f.src) {
                printed.push((f, image, figure_size(image, text_width()).0));
            }
        }
        Block::FigureRow(r) => {
            let loaded: Option<Vec<&ImageAsset>> =
                r.figures.iter().map(|f| assets.images.get(&f.src)).collect();
            if let Some(images) = loaded {
                let sizes = row_sizes(&images, text_width());
                printed.extend(
                    r.figures
                        .iter()
                        .zip(images)
                        .zip(sizes)
                        .map(|((f, i), (w, _))| (f, i, w)),
                );
            }
        }
        _ => {}
    });
    let mut out = Vec::new();
    for (f, image, w) in printed {
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
