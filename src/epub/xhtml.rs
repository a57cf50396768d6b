//! XHTML content documents: the title page and one chapter per top-level
//! section, written straight from the model (tables by [`table`]), with the
//! print edition's page breaks marked where its pages begin ([`PageMarks`]).

use std::collections::BTreeMap;

use anyhow::Result;

use crate::model::{Block, BlockId, Document, Heading, Inline, ListLabel, PageMap, PageStart, TextPosition};
pub use crate::pack::xml::escape;

use super::punctuation::mark_up;

mod picture;
mod table;

pub use picture::{INLINE_CLASS, NARROW_SCREEN_EMS, ROW_CLASS};
pub use table::{align_class, SHORT_CLASS, TABLE_CLASS};

/// A chapter: a top-level heading and the blocks up to the next one.
pub struct Chapter<'a> {
    /// The heading that opens the chapter (its id names the file).
    pub heading: &'a Heading,
    /// The chapter's blocks, its heading first.
    pub blocks: &'a [Block],
}

impl Chapter<'_> {
    /// The chapter's file name inside the EPUB, e.g. `sec-1.xhtml`.
    pub fn file_name(&self) -> String {
        format!("{}.xhtml", self.heading.id)
    }
}

/// Splits the body into the blocks before the first chapter (the opening)
/// and the chapters. A chapter opens at each top-level heading
/// of the smallest level present (level 1 in a usual document) and at the
/// first top-level heading, so no top-level heading is left in the opening.
pub fn chapters(doc: &Document) -> (&[Block], Vec<Chapter<'_>>) {
    let top = |b: &Block| match b {
        Block::Heading(h) => Some(h.level),
        _ => None,
    };
    let Some(level) = doc.blocks.iter().filter_map(top).min() else {
        return (&doc.blocks, Vec::new());
    };
    let starts: Vec<usize> = (0..doc.blocks.len())
        .filter(|&i| match top(&doc.blocks[i]) {
            Some(l) => l == level || !doc.blocks[..i].iter().any(|b| top(b).is_some()),
            None => false,
        })
        .collect();
    let chapters = starts
        .iter()
        .enumerate()
        .filter_map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(doc.blocks.len());
            match &doc.blocks[start] {
                Block::Heading(heading) => Some(Chapter {
                    heading,
                    blocks: &doc.blocks[start..end],
                }),
                _ => None,
            }
        })
        .collect();
    (&doc.blocks[..starts[0]], chapters)
}

/// Where each picture's image lives inside the EPUB, with its pixel size.
pub struct ImageRef {
    /// Path relative to the content documents, e.g. `images/figure-1.jpg`.
    pub href: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A print page break placed in the book: its page number and the content
/// document that holds its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedPage {
    /// The page number, as printed (1-based).
    pub number: usize,
    /// The content document holding the marker, e.g. `sec-1.xhtml`.
    pub file: String,
}

/// The print edition's page starts ([`PageMap`]), and where their markers
/// went.
///
/// Markers go out in reading order: a page that begins with a block goes
/// before the block's element; one that begins inside a block's text goes
/// before that character (inside `strong`, `a`… as it falls); pages that
/// begin with the title block go at the start of the title page.
pub struct PageMarks {
    /// Page starts not yet placed, in order: (position, page number).
    pending: Vec<(PageStart, usize)>,
    /// The next of `pending` to place.
    next: usize,
    /// The text block being written.
    block: BlockId,
    /// The character offset inside it.
    offset: usize,
    /// The document being written.
    file: String,
    /// The markers placed so far.
    placed: Vec<PlacedPage>,
}

impl PageMarks {
    /// Marks for the pages of `map`.
    pub fn new(map: &PageMap) -> PageMarks {
        PageMarks {
            pending: map.in_reading_order(),
            next: 0,
            block: BlockId::default(),
            offset: 0,
            file: String::new(),
            placed: Vec::new(),
        }
    }

    /// Starts writing the content document `file`.
    pub fn enter(&mut self, file: &str) {
        self.file = file.to_string();
    }

    /// The markers due at or before the current place (`within` the current
    /// block up to `offset`), as XHTML.
    fn due(&mut self, through: PageStart) -> String {
        let mut out = String::new();
        while let Some(&(at, number)) = self.pending.get(self.next) {
            if at > through {
                break;
            }
            out.push_str(&format!(
                "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{number}\"></span>",
                page_id(number)
            ));
            self.placed.push(PlacedPage {
                number,
                file: self.file.clone(),
            });
            self.next += 1;
        }
        out
    }

    /// The markers of pages that begin with the title block.
    pub fn title(&mut self) -> String {
        self.due(PageStart::Title(0))
    }

    /// `text`, the part of the title block that begins at character `start`
    /// of its text, with the markers of the pages that begin inside it.
    fn title_text(&mut self, text: &str, start: usize) -> String {
        let mut out = String::new();
        for (i, c) in text.chars().enumerate() {
            if start + i > 0 {
                out.push_str(&self.due(PageStart::Title(start + i)));
            }
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        }
        mark_up(&out)
    }

    /// The markers of every page not placed yet (those beginning past the
    /// text, which a layout never makes; kept so no page goes missing).
    pub fn rest(&mut self) -> String {
        self.due(PageStart::Body(TextPosition {
            block: BlockId::END,
            offset: usize::MAX,
        }))
    }

    /// Every marker placed, in reading order.
    pub fn placed(&self) -> &[PlacedPage] {
        &self.placed
    }

    /// Starts the text block `block`: the markers due before its element.
    fn block_start(&mut self, block: BlockId) -> String {
        self.block = block;
        self.offset = 0;
        self.due(PageStart::Body(TextPosition {
            block: self.block,
            offset: 0,
        }))
    }

    /// `text` of the current block, with the markers due inside it.
    fn text(&mut self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        loop {
            let len = rest.chars().count();
            let inside = self
                .pending
                .get(self.next)
                .and_then(|&(at, _)| match at {
                    PageStart::Body(at) => Some(at),
                    PageStart::Title(_) => None,
                })
                .filter(|at| at.block == self.block && at.offset >= self.offset.max(1))
                .map(|at| at.offset)
                .filter(|&offset| offset < self.offset + len);
            let Some(offset) = inside else {
                out.push_str(&escape(rest));
                self.offset += len;
                return out;
            };
            let split = rest
                .char_indices()
                .nth(offset - self.offset)
                .map_or(rest.len(), |(i, _)| i);
            out.push_str(&escape(&rest[..split]));
            self.offset = offset;
            out.push_str(&self.due(PageStart::Body(TextPosition {
                block: self.block,
                offset,
            })));
            rest = &rest[split..];
        }
    }

    /// A line break (one character, `\n`, of the block's text), with the
    /// markers due before it.
    fn line_break(&mut self) -> String {
        let out = if self.offset > 0 {
            self.due(PageStart::Body(TextPosition {
                block: self.block,
                offset: self.offset,
            }))
        } else {
            String::new()
        };
        self.offset += 1;
        out
    }

    /// The markers due where a picture inside the current block's text
    /// stands (at the current offset, past its start): the picture begins
    /// the page's first line.
    fn at_picture(&mut self) -> String {
        if self.offset == 0 {
            return String::new();
        }
        self.due(PageStart::Body(TextPosition {
            block: self.block,
            offset: self.offset,
        }))
    }

    /// The markers left in the current block (after its last character).
    fn block_end(&mut self) -> String {
        self.due(PageStart::Body(TextPosition {
            block: self.block,
            offset: usize::MAX,
        }))
    }
}

/// The id of page `number`'s marker.
pub fn page_id(number: usize) -> String {
    format!("page-{number}")
}

/// Writes XHTML for blocks of one document.
pub struct Writer<'a> {
    images: &'a BTreeMap<String, ImageRef>,
    marks: &'a mut PageMarks,
    out: String,
}

impl<'a> Writer<'a> {
    /// A writer that resolves pictures' images through `images` (keyed by
    /// their source path, [`crate::model::Figure::src`]) and places the page `marks` due in what it writes.
    pub fn new(images: &'a BTreeMap<String, ImageRef>, marks: &'a mut PageMarks) -> Writer<'a> {
        Writer {
            images,
            marks,
            out: String::new(),
        }
    }

    /// The XHTML written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Appends raw, already well-formed XHTML.
    pub fn raw(&mut self, xhtml: &str) {
        self.out.push_str(xhtml);
    }

    /// Appends `blocks`, one element per line.
    pub fn blocks(&mut self, blocks: &[Block]) -> Result<()> {
        blocks.iter().try_for_each(|b| self.block(b))
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        if let Some(id) = block.text_block() {
            let marks = self.marks.block_start(id);
            self.out.push_str(&marks);
        }
        // A text block's punctuation is marked up once it is written whole.
        let start = self.out.len();
        match block {
            Block::Heading(h) => {
                let n = h.level.clamp(1, 6);
                self.out.push_str(&format!("<h{n} id=\"{}\">", escape(&h.id)));
                self.inlines(&h.content)?;
                let marks = self.marks.block_end();
                self.out.push_str(&format!("{marks}</h{n}>\n"));
            }
            Block::Paragraph(p) => {
                self.out.push_str("<p>");
                self.inlines(&p.content)?;
                let marks = self.marks.block_end();
                self.out.push_str(&format!("{marks}</p>\n"));
            }
            Block::List(l) => {
                let tag = if l.start.is_some() { "ol" } else { "ul" };
                match l.start {
                    Some(n) if n != 1 => self.out.push_str(&format!("<ol start=\"{n}\">\n")),
                    _ => self.out.push_str(&format!("<{tag}>\n")),
                }
                for (label, item) in l.labelled_items() {
                    match label {
                        ListLabel::Number(n) => self.out.push_str(&format!("<li value=\"{n}\">\n")),
                        ListLabel::Bullet => self.out.push_str("<li>\n"),
                    }
                    self.blocks(item)?;
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote(q) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(&q.blocks)?;
                self.out.push_str("</blockquote>\n");
            }
            Block::Figure(f) => self.figure(f)?,
            Block::FigureRow(r) => self.figure_row(r)?,
            Block::Note(_) => {}
            Block::Table(t) => self.table(t)?,
        }
        if matches!(block, Block::Heading(_) | Block::Paragraph(_) | Block::Figure(_)) {
            let marked = mark_up(&self.out[start..]);
            self.out.truncate(start);
            self.out.push_str(&marked);
        }
        Ok(())
    }

    fn inlines(&mut self, inlines: &[Inline]) -> Result<()> {
        for i in inlines {
            match i {
                Inline::Text(t) => {
                    let text = self.marks.text(t);
                    self.out.push_str(&text);
                }
                Inline::Strong(c) => self.wrap("strong", c)?,
                Inline::Emphasis(c) => self.wrap("em", c)?,
                Inline::Code(t) => {
                    let text = self.marks.text(t);
                    self.out.push_str(&format!("<code>{text}</code>"));
                }
                Inline::Link { url, content } => {
                    self.out.push_str(&format!("<a href=\"{}\">", escape(url)));
                    self.inlines(content)?;
                    self.out.push_str("</a>");
                }
                Inline::LineBreak => {
                    let marks = self.marks.line_break();
                    self.out.push_str(&marks);
                    self.out.push_str("<br/>");
                }
                Inline::Note(_) => {}
                Inline::Image(image) => self.inline_image(image)?,
            }
        }
        Ok(())
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) -> Result<()> {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content)?;
        self.out.push_str(&format!("</{tag}>"));
        Ok(())
    }
}

/// A complete XHTML content document around `body` (already XHTML).
/// `body_type` is the body's `epub:type` (`frontmatter`, `bodymatter`).
pub fn page(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>\n\
         <body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        escape(title),
        super::STYLESHEET,
    )
}

/// The title page: title, subtitle and author, after the page breaks of
/// the pages that begin with the title block; a page that begins inside
/// it (a title longer than page 1) has its marker before its character.
pub fn title_page(doc: &Document, marks: &mut PageMarks) -> String {
    let meta = &doc.meta;
    let mut out = format!(
        "<section epub:type=\"titlepage\" class=\"titlepage\">\n{}",
        marks.title()
    );
    out.push_str(&format!(
        "<h1 class=\"title\">{}</h1>\n",
        marks.title_text(&meta.title, 0)
    ));
    let mut start = meta.title.chars().count();
    if let Some(s) = &meta.subtitle {
        out.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            marks.title_text(s, start)
        ));
        start += s.chars().count();
    }
    if let Some(a) = &meta.author {
        out.push_str(&format!(
            "<p class=\"author\">{}</p>\n",
            marks.title_text(a, start)
        ));
    }
    out.push_str("</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, Paragraph, TextPosition};

    fn heading(level: u8, id: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: vec![],
            id: id.into(),
            content: vec![Inline::Text(id.into())],
            line: 1,
            block: BlockId::default(),
        })
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            content: vec![Inline::Text(text.into())],
            line: 1,
            block: BlockId::default(),
        })
    }

    #[test]
    fn chapters_open_at_the_smallest_top_level_heading() {
        let doc = Document {
            source_name: "t.md".into(),
            meta: Metadata::titled("t"),
            blocks: vec![
                para("前言"),
                heading(3, "a"),
                heading(2, "b"),
                para("x"),
                heading(3, "c"),
                heading(2, "d"),
            ],
        };
        let (pre, chapters) = chapters(&doc);
        assert_eq!(pre.len(), 1);
        let files: Vec<_> = chapters.iter().map(|c| c.file_name()).collect();
        assert_eq!(files, ["a.xhtml", "b.xhtml", "d.xhtml"]);
        assert_eq!(chapters[1].blocks.len(), 3);
    }

    #[test]
    fn inline_markup_becomes_semantic_elements() {
        let images = BTreeMap::new();
        let mut marks = PageMarks::new(&PageMap::default());
        let mut w = Writer::new(&images, &mut marks);
        w.blocks(&[Block::Paragraph(Paragraph {
            content: vec![
                Inline::Strong(vec![Inline::Text("一是<重点>。".into())]),
                Inline::Text("A&B".into()),
                Inline::LineBreak,
            ],
            line: 1,
            block: BlockId::default(),
        })])
        .unwrap();
        assert_eq!(
            w.finish(),
            "<p><strong>一是&lt;重点&gt;。</strong>A&amp;B<br/></p>\n"
        );
    }

    #[test]
    fn page_breaks_go_before_the_character_the_page_begins_with() {
        let at = |block, offset| {
            PageStart::Body(TextPosition {
                block: BlockId(block),
                offset,
            })
        };
        // Page 1: the title block; 2: paragraph 0 at `是`; 3: inside the
        // strong run of paragraph 1 after the line break; 4: paragraph 2.
        let mut marks = PageMarks::new(&PageMap {
            starts: vec![PageStart::Title(0), at(0, 1), at(1, 3), at(2, 0)],
        });
        marks.enter("a.xhtml");
        assert_eq!(
            marks.title(),
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-1\" aria-label=\"1\"></span>"
        );
        let images = BTreeMap::new();
        let mut w = Writer::new(&images, &mut marks);
        let mut blocks = [
            para("一是"),
            Block::Paragraph(Paragraph {
                content: vec![
                    Inline::Text("甲".into()),
                    Inline::LineBreak,
                    Inline::Strong(vec![Inline::Text("乙丙".into())]),
                ],
                line: 1,
                block: BlockId::default(),
            }),
            para("丁"),
        ];
        // The model names each text block; the marks follow the names.
        crate::model::number(&mut blocks);
        w.blocks(&blocks).unwrap();
        let xhtml = w.finish();
        let mark = |n: usize| {
            format!("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{n}\" aria-label=\"{n}\"></span>")
        };
        assert_eq!(
            xhtml,
            format!(
                "<p>一{}是</p>\n<p>甲<br/><strong>乙{}丙</strong></p>\n{}<p>丁</p>\n",
                mark(2),
                mark(3),
                mark(4)
            )
        );
        let files: Vec<_> = marks
            .placed()
            .iter()
            .map(|p| (p.number, p.file.as_str()))
            .collect();
        assert_eq!(
            files,
            [(1, "a.xhtml"), (2, "a.xhtml"), (3, "a.xhtml"), (4, "a.xhtml")]
        );
    }
}
