//! The document model: the only contract between the parser and the backends.
//!
//! Everything that more than one edition shows — heading numbers and ids,
//! figure numbers and the words of a figure's caption line ([`caption`]),
//! the heading tree ([`headings`]) — is computed here, once, so the PDF, the
//! EPUB and the DOCX cannot disagree. Every text block has a [`BlockId`], so
//! one edition can tell another where something is ([`pages`]: where the
//! print edition's pages begin) without either counting blocks. Backends
//! never see Markdown events.

use serde::Serialize;

pub mod caption;
pub mod figure;
pub mod headings;
pub mod pages;
pub mod table;

pub use figure::{
    CaptionPart, CaptionPartKind, Figure, FigureCaption, FigureRow, InlineImage, PicturePlace, PictureShape,
};
pub use headings::HeadingTree;
pub use pages::{BlockId, PageMap, PageStart, TextPosition};
pub use table::{Align, Cell, Column, Row, Table, TableCaption};

pub use crate::text::linebreak::Punctuation;

/// The decoration every edition draws before a level-2 heading. It is never
/// part of the heading text (outlines, nav and the navigation pane stay clean).
pub const LEVEL2_MARK: char = '■';

/// The ideographic space that separates the parts of a caption line.
pub const CAPTION_SEPARATOR: char = '\u{3000}';

/// The deepest heading level the editions set (`###`); the parser refuses
/// deeper ones.
pub const MAX_HEADING_LEVEL: u8 = 3;

/// The prefix of a figure label, as in `图1`.
pub const FIGURE_PREFIX: &str = "图";

/// A parsed document: metadata and a tree of blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The source file as it should be named in messages (e.g. `source/summary.md`).
    pub source_name: String,
    /// The front matter.
    pub meta: Metadata,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Front-matter metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// The document title (required).
    pub title: String,
    /// The subtitle, shown under the title, e.g. `——十三届全国政协办公厅五年工作总结`.
    pub subtitle: Option<String>,
    /// The author (a person or an office).
    pub author: Option<String>,
    /// BCP 47 language tag, e.g. `zh-CN`.
    pub lang: String,
    /// Publication date as written in the front matter (`YYYY-MM-DD`), if any.
    pub date: Option<String>,
    /// How punctuation marks are set (`punctuation:`; 全角式 by default).
    pub punctuation: Punctuation,
    /// The cover image's path, relative to the source's folder, when the
    /// front matter names one (the EPUB draws a cover otherwise). It is also
    /// the key of the image in [`crate::input::assets::Assets`].
    pub cover: Option<String>,
    /// The `check-allow` list: findings the editor keeps, read by `check`
    /// and carried through the DOCX (not shown by any edition).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub check_allow: Vec<AllowEntry>,
    /// How tables are ruled (`table-rules:`; the three-line table by default).
    pub table_rules: table::TableRules,
}

/// One entry of the `check-allow` list: a rule the editor keeps findings of,
/// everywhere (`- doubled-word`) or where the text reads `text`
/// (`- doubled-word: 批示批示`). The rule name is checked by `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowEntry {
    /// 1-based line of the entry in the source file (0 for an entry read
    /// from a DOCX).
    pub line: usize,
    /// The rule's name as written.
    pub rule: String,
    /// The text the entry is limited to, if any.
    pub text: Option<String>,
}

impl Metadata {
    /// Metadata with only a title, in `zh-CN`: what a front matter holding
    /// just `title` gives.
    pub fn titled(title: impl Into<String>) -> Metadata {
        Metadata {
            title: title.into(),
            subtitle: None,
            author: None,
            lang: "zh-CN".into(),
            date: None,
            punctuation: Punctuation::default(),
            cover: None,
            check_allow: Vec::new(),
            table_rules: table::TableRules::default(),
        }
    }
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading.
    Heading(Heading),
    /// A paragraph of inline content.
    Paragraph(Paragraph),
    /// An ordered or unordered list.
    List(List),
    /// A block quote holding further blocks.
    Quote(Quote),
    /// A picture alone in its paragraph: numbered with a caption and
    /// credit, or uncaptioned (see [`figure`]).
    Figure(Figure),
    /// Pictures side by side in one row.
    FigureRow(FigureRow),
    /// A note standing between blocks (a Markdown comment on lines of its
    /// own); it belongs to the block that follows it.
    Note(Note),
    /// A table with its caption and notes (see [`table`]).
    Table(Table),
}

impl Block {
    /// The block's text block id, for a heading, a paragraph or a captioned
    /// figure (whose caption line is its text); `None` for a container, a
    /// note, an uncaptioned picture, a row of figures (each captioned one
    /// has its own) or a table (whose text blocks are [`Table::text_blocks`]).
    pub fn text_block(&self) -> Option<BlockId> {
        match self {
            Block::Heading(h) => Some(h.block),
            Block::Paragraph(p) => Some(p.block),
            Block::Figure(f) => f.block(),
            Block::List(_) | Block::Quote(_) | Block::Note(_) | Block::Table(_) | Block::FigureRow(_) => None,
        }
    }

    /// The 1-based source line the block starts on.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading(h) => h.line,
            Block::Paragraph(p) => p.line,
            Block::List(l) => l.line,
            Block::Quote(q) => q.line,
            Block::Figure(f) => f.line,
            Block::FigureRow(r) => r.line,
            Block::Note(n) => n.line,
            Block::Table(t) => t.caption.as_ref().map_or(t.line, |c| c.line.min(t.line)),
        }
    }
}

/// A heading with its number and stable id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Hierarchical number, e.g. `[1, 2]` for the second level-2 heading of
    /// the first level-1 section. Not printed by default; it defines the id.
    pub number: Vec<u32>,
    /// Stable id derived from the number, e.g. `sec-1-2`; used as an anchor,
    /// a bookmark name and a nav target.
    pub id: String,
    /// The heading text (never contains [`LEVEL2_MARK`]).
    pub content: Vec<Inline>,
    /// The heading's text block id, given by [`number`] (not part of the
    /// serialized model: it follows from the order of the blocks).
    #[serde(skip)]
    pub block: BlockId,

    /// 1-based line in the source file.
    pub line: usize,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The inline runs.
    pub content: Vec<Inline>,
    /// The paragraph's text block id, given by [`number`] (not part of the
    /// serialized model: it follows from the order of the blocks).
    #[serde(skip)]
    pub block: BlockId,

    /// 1-based line in the source file.
    pub line: usize,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// `Some(first number)` for an ordered list, `None` for bullets.
    pub start: Option<u64>,
    /// The items, each a sequence of blocks (usually one paragraph).
    pub items: Vec<Vec<Block>>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// The label a reader sees before a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListLabel {
    /// An ordered list's item number (`3.`).
    Number(u64),
    /// A bullet list's mark, drawn as decoration (not text).
    Bullet,
}

impl ListLabel {
    /// The label's words, `3.` for a number; `None` for a bullet, which every
    /// edition draws as a mark rather than text.
    pub fn text(self) -> Option<String> {
        match self {
            ListLabel::Number(n) => Some(format!("{n}.")),
            ListLabel::Bullet => None,
        }
    }
}

impl List {
    /// The label of the item at `index` (0-based): the start number plus
    /// the index for an ordered list. Every edition labels items with this,
    /// and only an item's first block carries the label.
    pub fn label(&self, index: usize) -> ListLabel {
        match self.start {
            Some(start) => ListLabel::Number(start.saturating_add(index as u64)),
            None => ListLabel::Bullet,
        }
    }

    /// The items with their labels, in order.
    pub fn labelled_items(&self) -> impl Iterator<Item = (ListLabel, &[Block])> + '_ {
        self.items
            .iter()
            .enumerate()
            .map(|(i, blocks)| (self.label(i), blocks.as_slice()))
    }
}

/// A block quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted blocks.
    pub blocks: Vec<Block>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A note for the people who edit the document: a Markdown comment
/// `<!-- … -->`. No edition prints notes; the DOCX carries each as a Word
/// comment (anchored to the paragraph the note stands before, or at its
/// point in the text), and `import` turns Word comments back into notes, so
/// questions travel to the editor and back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// The comment's text, without `<!--`, `-->` and the spaces next to them.
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// How a note written by someone else than the source's authors starts:
/// `批注（author）：text`, the form `import` gives a Word comment.
const NOTE_AUTHOR_OPEN: &str = "批注（";
/// Closes the author of a [`NOTE_AUTHOR_OPEN`] note.
const NOTE_AUTHOR_CLOSE: &str = "）：";

/// A note's text split into its author (for `批注（author）：text`) and
/// what it says.
pub fn note_parts(text: &str) -> (Option<&str>, &str) {
    text.strip_prefix(NOTE_AUTHOR_OPEN)
        .and_then(|rest| rest.split_once(NOTE_AUTHOR_CLOSE))
        .filter(|(author, _)| !author.is_empty() && !author.contains('\n'))
        .map_or((None, text), |(author, said)| (Some(author), said))
}

/// The text of a note by `author` (none: the source's own) saying `said`;
/// the inverse of [`note_parts`].
pub fn note_text(author: Option<&str>, said: &str) -> String {
    match author {
        Some(a) => format!("{NOTE_AUTHOR_OPEN}{a}{NOTE_AUTHOR_CLOSE}{said}"),
        None => said.to_string(),
    }
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "content", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text (no newlines: soft breaks are resolved by the parser).
    Text(String),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Emphasis (italic in Latin text; an emphasis style in Chinese).
    Emphasis(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// The target URL.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A hard line break.
    LineBreak,
    /// A picture inside the line (see [`InlineImage`]); it adds no text.
    Image(InlineImage),
    /// A note at this point of the text (a Markdown comment inside a
    /// paragraph). No edition prints it; see [`Note`].
    Note(String),
}

/// How deeply inline containers nest in `inlines` (0 for plain text). The
/// parser bounds the depth, so this recursion is shallow.
pub fn inline_depth(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => 1 + inline_depth(c),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

impl Inline {
    /// The text of this inline as a reader sees it (a line break reads as `\n`).
    pub fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                c.iter().for_each(|i| i.push_plain_text(out))
            }
            Inline::LineBreak => out.push('\n'),
            Inline::Note(_) | Inline::Image(_) => {}
        }
    }
}

/// Trims spaces and tabs at both ends of a block's inline content, as
/// Markdown does (an ideographic space stays); a text run left empty goes.
pub fn trim_spaces(content: &mut Vec<Inline>) {
    const SPACE: [char; 2] = [' ', '\t'];
    if let Some(Inline::Text(t)) = content.first_mut() {
        *t = t.trim_start_matches(SPACE).to_string();
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        *t = t.trim_end_matches(SPACE).to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// The plain text of a sequence of inlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    inlines.iter().for_each(|i| i.push_plain_text(&mut out));
    out
}

impl Heading {
    /// The heading's plain text (without any decoration).
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }
}

impl Document {
    /// All headings in document order (including those inside quotes and lists).
    pub fn headings(&self) -> Vec<&Heading> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            if let Block::Heading(h) = b {
                out.push(h)
            }
        });
        out
    }

    /// Every numbered list item as its label followed by the text of its
    /// first block (`3.第三项…`), in reading order: what a reader sees at
    /// the start of each item. Bullet items have no label text. An item's
    /// nested lists follow it, before the next item.
    pub fn list_labels(&self) -> Vec<String> {
        let mut out = Vec::new();
        labels_in(&self.blocks, &mut out);
        out
    }

    /// The text of every emphasis span and the target of every link, in
    /// reading order (headings, paragraphs and captions).
    pub fn inline_marks(&self) -> InlineMarks {
        let mut marks = InlineMarks::default();
        walk(&self.blocks, &mut |b| match b {
            Block::Heading(h) => marks.collect(&h.content),
            Block::Paragraph(p) => marks.collect(&p.content),
            Block::Figure(f) => marks.collect_figure(f),
            Block::FigureRow(r) => r.figures.iter().for_each(|f| marks.collect_figure(f)),
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    marks.collect(&c.content);
                }
                t.rows()
                    .flat_map(|r| &r.cells)
                    .for_each(|c| marks.collect(&c.content));
                t.notes.iter().for_each(|n| marks.collect(&n.content));
            }
            Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
        });
        marks
    }

    /// The tree of [`Document::headings`]: the PDF outline and the EPUB
    /// nav nest by it.
    pub fn heading_tree(&self) -> HeadingTree {
        HeadingTree::of_levels(&self.headings().iter().map(|h| h.level).collect::<Vec<_>>())
    }

    /// All tables in document order.
    pub fn tables(&self) -> Vec<&Table> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            if let Block::Table(t) = b {
                out.push(t)
            }
        });
        out
    }

    /// All block pictures in document order, captioned or not, those of
    /// a [`FigureRow`] left to right.
    pub fn figures(&self) -> Vec<&Figure> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| match b {
            Block::Figure(f) => out.push(f),
            Block::FigureRow(r) => out.extend(&r.figures),
            _ => {}
        });
        out
    }

    /// Every picture — alone, in a row, inside text — in reading order, as
    /// `verify` compares them across the editions.
    pub fn picture_shapes(&self) -> Vec<PictureShape> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            match b {
                Block::Figure(f) => out.push(f.shape(PicturePlace::Alone)),
                Block::FigureRow(r) => out.extend(r.figures.iter().map(|f| f.shape(PicturePlace::Row))),
                _ => {}
            }
            each_inline_list(b, &mut |inlines, line| {
                let mut images = Vec::new();
                images_in(inlines, line, &mut images);
                out.extend(images.into_iter().map(|(i, _)| PictureShape {
                    place: PicturePlace::Inline,
                    label: None,
                    alt: i.alt_text().map(str::to_string),
                }));
            });
        });
        out
    }

    /// The numbered (captioned) figures in document order.
    pub fn numbered_figures(&self) -> Vec<&Figure> {
        self.figures()
            .into_iter()
            .filter(|f| f.caption.is_some())
            .collect()
    }

    /// Every picture inside a line of text, with its block's source line,
    /// in reading order.
    pub fn inline_images(&self) -> Vec<(&InlineImage, usize)> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            each_inline_list(b, &mut |inlines, line| images_in(inlines, line, &mut out))
        });
        out
    }

    /// Every image file the editions embed, with the source line that
    /// first names it: block pictures and pictures inside text, in reading
    /// order, each path once.
    pub fn image_sources(&self) -> Vec<(&str, usize)> {
        let mut seen = std::collections::BTreeSet::new();
        let figures = self.figures().into_iter().map(|f| (f.src.as_str(), f.line));
        let inline = self
            .inline_images()
            .into_iter()
            .map(|(i, line)| (i.src.as_str(), line));
        let mut all: Vec<(&str, usize)> = figures.chain(inline).collect();
        all.sort_by_key(|&(_, line)| line);
        all.retain(|(src, _)| seen.insert(*src));
        all
    }

    /// The plain text of every text-bearing block in reading order, one entry
    /// per heading, paragraph, figure caption line, table caption line,
    /// table cell and table note, indexed by their [`BlockId`]s. Lists and
    /// quotes contribute their inner blocks. This is what the editions must
    /// all show.
    pub fn block_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| match b {
            Block::Heading(h) => out.push(h.text()),
            Block::Paragraph(p) => out.push(plain_text(&p.content)),
            Block::Figure(f) => out.extend(f.caption_line()),
            Block::FigureRow(r) => out.extend(r.figures.iter().filter_map(Figure::caption_line)),
            Block::Table(t) => out.extend(t.text_blocks().into_iter().map(|(_, text)| text)),
            Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
        });
        out
    }

    /// Every piece of text with the role it is set in and its source line,
    /// in reading order. Used for font coverage checks and by backends that
    /// need to know which face a character is drawn in.
    pub fn text_runs(&self) -> Vec<TextRun<'_>> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| match b {
            Block::Heading(h) => inline_runs(&h.content, Role::Heading, h.line, &mut out),
            Block::Paragraph(p) => inline_runs(&p.content, Role::Body, p.line, &mut out),
            Block::Figure(f) => figure_runs(f, &mut out),
            Block::FigureRow(r) => r.figures.iter().for_each(|f| figure_runs(f, &mut out)),
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    inline_runs(&c.content, Role::Caption, c.line, &mut out);
                }
                for row in &t.head {
                    row.cells
                        .iter()
                        .for_each(|c| inline_runs(&c.content, Role::Strong, row.line, &mut out));
                }
                for row in &t.body {
                    row.cells
                        .iter()
                        .for_each(|c| inline_runs(&c.content, Role::Body, row.line, &mut out));
                }
                t.notes
                    .iter()
                    .for_each(|n| inline_runs(&n.content, Role::Caption, n.line, &mut out));
            }
            Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
        });
        out
    }
}

/// The labels of [`Document::list_labels`] in `blocks`, in document order
/// (the parser bounds the nesting, so the recursion is bounded).
fn labels_in(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::List(l) => {
                for (label, item) in l.labelled_items() {
                    if let Some(text) = label.text() {
                        out.push(text + &item.first().map(block_text).unwrap_or_default());
                    }
                    labels_in(item, out);
                }
            }
            Block::Quote(q) => labels_in(&q.blocks, out),
            _ => {}
        }
    }
}

/// The text of a block as [`Document::block_texts`] gives it; a list or a
/// quote reads as its first block.
fn block_text(b: &Block) -> String {
    match b {
        Block::Heading(h) => h.text(),
        Block::Paragraph(p) => plain_text(&p.content),
        Block::Figure(f) => f.caption_line().unwrap_or_default(),
        Block::FigureRow(r) => r
            .figures
            .iter()
            .find_map(Figure::caption_line)
            .unwrap_or_default(),
        Block::List(l) => l
            .items
            .first()
            .and_then(|i| i.first())
            .map(block_text)
            .unwrap_or_default(),
        Block::Quote(q) => q.blocks.first().map(block_text).unwrap_or_default(),
        Block::Table(t) => t
            .text_blocks()
            .into_iter()
            .next()
            .map(|(_, text)| text)
            .unwrap_or_default(),
        Block::Note(_) => String::new(),
    }
}

/// What the inline marks of a document say (see [`Document::inline_marks`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InlineMarks {
    /// The plain text of each emphasis span.
    pub emphasis: Vec<String>,
    /// The target of each link.
    pub links: Vec<String>,
}

impl InlineMarks {
    fn collect_figure(&mut self, f: &Figure) {
        if let Some(c) = &f.caption {
            self.collect(&c.content);
        }
    }

    fn collect(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Emphasis(c) => {
                    self.emphasis.push(plain_text(c));
                    self.collect_links(c);
                }
                Inline::Strong(c) => self.collect(c),
                Inline::Link { url, content } => {
                    self.links.push(url.clone());
                    self.collect(content);
                }
                Inline::Text(_)
                | Inline::Code(_)
                | Inline::LineBreak
                | Inline::Note(_)
                | Inline::Image(_) => {}
            }
        }
    }

    fn collect_links(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Link { url, content } => {
                    self.links.push(url.clone());
                    self.collect_links(content);
                }
                Inline::Strong(c) | Inline::Emphasis(c) => self.collect_links(c),
                Inline::Text(_)
                | Inline::Code(_)
                | Inline::LineBreak
                | Inline::Note(_)
                | Inline::Image(_) => {}
            }
        }
    }
}

/// The typographic role of a piece of text; each role maps to one font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    /// Body text (serif regular).
    Body,
    /// Strong text in the body (serif bold).
    Strong,
    /// Heading text (sans bold).
    Heading,
    /// Caption and credit text (serif regular, smaller).
    Caption,
}

/// A piece of text with its role and source line (see [`Document::text_runs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRun<'a> {
    /// The text.
    pub text: &'a str,
    /// The role it is set in.
    pub role: Role,
    /// 1-based source line of the block holding it.
    pub line: usize,
}

/// A figure's caption words and credit, set in the caption's role.
fn figure_runs<'a>(f: &'a Figure, out: &mut Vec<TextRun<'a>>) {
    let Some(c) = &f.caption else { return };
    inline_runs(&c.content, Role::Caption, f.line, out);
    if let Some(credit) = &c.credit {
        out.push(TextRun {
            text: credit,
            role: Role::Caption,
            line: f.line,
        });
    }
}

/// Calls `f` on each list of inlines a block holds directly (a heading's or
/// paragraph's content, captions, table cells and notes) with the block's line.
fn each_inline_list<'a>(b: &'a Block, f: &mut impl FnMut(&'a [Inline], usize)) {
    match b {
        Block::Heading(h) => f(&h.content, h.line),
        Block::Paragraph(p) => f(&p.content, p.line),
        Block::Figure(fig) => {
            if let Some(c) = &fig.caption {
                f(&c.content, fig.line)
            }
        }
        Block::FigureRow(r) => r.figures.iter().for_each(|fig| {
            if let Some(c) = &fig.caption {
                f(&c.content, fig.line)
            }
        }),
        Block::Table(t) => {
            if let Some(c) = &t.caption {
                f(&c.content, c.line);
            }
            t.rows()
                .for_each(|r| r.cells.iter().for_each(|c| f(&c.content, r.line)));
            t.notes.iter().for_each(|n| f(&n.content, n.line));
        }
        Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
    }
}

/// The pictures inside `inlines`, at any depth, each with `line`.
pub fn images_in<'a>(inlines: &'a [Inline], line: usize, out: &mut Vec<(&'a InlineImage, usize)>) {
    for i in inlines {
        match i {
            Inline::Image(img) => out.push((img, line)),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                images_in(c, line, out)
            }
            Inline::Text(_) | Inline::Code(_) | Inline::LineBreak | Inline::Note(_) => {}
        }
    }
}

fn inline_runs<'a>(inlines: &'a [Inline], role: Role, line: usize, out: &mut Vec<TextRun<'a>>) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push(TextRun { text: t, role, line }),
            Inline::Strong(c) => {
                let r = if role == Role::Body { Role::Strong } else { role };
                inline_runs(c, r, line, out)
            }
            Inline::Emphasis(c) | Inline::Link { content: c, .. } => inline_runs(c, role, line, out),
            Inline::LineBreak | Inline::Note(_) | Inline::Image(_) => {}
        }
    }
}

/// Calls `f` on every block in document order, depth first (a list or quote
/// before its children).
pub fn walk<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List(l) => l.items.iter().for_each(|item| walk(item, f)),
            Block::Quote(q) => walk(&q.blocks, f),
            _ => {}
        }
    }
}

/// Assigns heading numbers and ids, figure and table numbers and the text blocks'
/// [`BlockId`]s, in document order (the order of [`walk`]). Called once by
/// the parser and by `import`; backends only read the results.
pub fn number(blocks: &mut [Block]) {
    let mut counters = Counters::default();
    number_in(blocks, &mut counters);
}

/// What [`number`] has counted so far.
#[derive(Default)]
struct Counters {
    /// The current heading number, one counter per level.
    headings: Vec<u32>,
    /// Captioned figures so far.
    figures: u32,
    /// Captioned tables so far.
    tables: u32,
    /// Text blocks so far.
    text_blocks: u32,
}

impl Counters {
    /// The id of the next text block.
    fn next_block(&mut self) -> BlockId {
        self.text_blocks += 1;
        BlockId(self.text_blocks - 1)
    }
}

/// A captioned figure takes the next figure number and text block.
fn number_figure(f: &mut Figure, c: &mut Counters) {
    if let Some(caption) = &mut f.caption {
        caption.block = c.next_block();
        c.figures += 1;
        caption.number = c.figures;
    }
}

fn number_in(blocks: &mut [Block], c: &mut Counters) {
    for b in blocks {
        match b {
            Block::Heading(h) => {
                h.block = c.next_block();
                let level = usize::from(h.level.max(1));
                c.headings.resize(level, 0);
                c.headings[level - 1] += 1;
                h.number = c.headings.clone();
                let parts: Vec<String> = c.headings.iter().map(u32::to_string).collect();
                h.id = format!("sec-{}", parts.join("-"));
            }
            Block::Paragraph(p) => p.block = c.next_block(),
            Block::Figure(f) => number_figure(f, c),
            Block::FigureRow(r) => r.figures.iter_mut().for_each(|f| number_figure(f, c)),
            Block::List(l) => l.items.iter_mut().for_each(|i| number_in(i, c)),
            Block::Quote(q) => number_in(&mut q.blocks, c),
            Block::Table(t) => {
                if let Some(caption) = &mut t.caption {
                    caption.block = c.next_block();
                    c.tables += 1;
                    caption.number = c.tables;
                }
                for row in t.head.iter_mut().chain(&mut t.body) {
                    row.cells.iter_mut().for_each(|cell| cell.block = c.next_block());
                }
                t.notes.iter_mut().for_each(|n| n.block = c.next_block());
            }
            Block::Note(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: vec![],
            id: String::new(),
            content: vec![Inline::Text(text.into())],
            line: 1,
            block: BlockId::default(),
        })
    }

    fn figure(caption: &str, credit: Option<&str>) -> Block {
        Block::Figure(Figure::captioned(
            "images/a.jpg".into(),
            vec![Inline::Text(caption.into())],
            credit.map(Into::into),
            1,
        ))
    }

    #[test]
    fn numbers_headings_hierarchically_and_figures_in_order() {
        let mut blocks = vec![
            heading(1, "甲"),
            heading(2, "子"),
            figure("一", None),
            heading(2, "丑"),
            heading(1, "乙"),
            heading(2, "寅"),
            heading(3, "深"),
            Block::FigureRow(FigureRow {
                figures: vec![
                    Figure::uncaptioned("s.png".into(), Some("截图".into()), 1),
                    Figure::captioned(
                        "b.jpg".into(),
                        vec![Inline::Text("二".into())],
                        Some("摄".into()),
                        1,
                    ),
                ],
                line: 1,
            }),
        ];
        number(&mut blocks);
        let doc = Document {
            source_name: "t.md".into(),
            meta: Metadata::titled("t"),
            blocks,
        };
        let ids: Vec<_> = doc.headings().iter().map(|h| h.id.clone()).collect();
        assert_eq!(
            ids,
            ["sec-1", "sec-1-1", "sec-1-2", "sec-2", "sec-2-1", "sec-2-1-1"]
        );
        let lines: Vec<_> = doc.figures().iter().map(|f| f.caption_line()).collect();
        assert_eq!(
            lines,
            [
                Some("图1\u{3000}一".into()),
                None,
                Some("图2\u{3000}二\u{3000}摄".into())
            ]
        );
        assert_eq!(doc.numbered_figures().len(), 2);
        assert_eq!(doc.block_texts().len(), 8);
    }

    #[test]
    fn text_block_ids_name_the_block_texts_in_order() {
        let para = |text: &str| {
            Block::Paragraph(Paragraph {
                content: vec![Inline::Text(text.into())],
                line: 1,
                block: BlockId::default(),
            })
        };
        let mut blocks = vec![
            heading(1, "甲"),
            Block::Quote(Quote {
                blocks: vec![para("引"), figure("图说", None)],
                line: 1,
            }),
            Block::List(List {
                start: Some(1),
                items: vec![vec![para("一"), para("续")], vec![para("二")]],
                line: 1,
            }),
            Block::Note(Note {
                text: "注".into(),
                line: 1,
            }),
            para("尾"),
        ];
        number(&mut blocks);
        let doc = Document {
            source_name: "t.md".into(),
            meta: Metadata::titled("t"),
            blocks,
        };
        let texts = doc.block_texts();
        let mut named = Vec::new();
        walk(&doc.blocks, &mut |b| {
            if let Some(id) = b.text_block() {
                named.push((id, block_text(b)));
            }
        });
        let ids: Vec<_> = named.iter().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6]);
        for (id, text) in named {
            assert_eq!(texts[id.index()], text);
        }
        assert_eq!(texts[2], "图1\u{3000}图说");
        assert_eq!(texts[6], "尾");
    }

    #[test]
    fn list_labels_count_from_the_start_number() {
        let list = List {
            start: Some(3),
            items: vec![vec![], vec![]],
            line: 1,
        };
        let labels: Vec<_> = list.labelled_items().map(|(l, _)| l.text()).collect();
        assert_eq!(labels, [Some("3.".to_string()), Some("4.".to_string())]);
        let bullets = List { start: None, ..list };
        assert_eq!(bullets.label(1), ListLabel::Bullet);
        assert_eq!(bullets.label(1).text(), None);
    }

    #[test]
    fn strong_inside_body_is_its_own_role() {
        let p = [
            Inline::Strong(vec![Inline::Text("一是。".into())]),
            Inline::Text("其余".into()),
        ];
        let mut runs = Vec::new();
        inline_runs(&p, Role::Body, 3, &mut runs);
        assert_eq!(runs[0].role, Role::Strong);
        assert_eq!(runs[1].role, Role::Body);
        assert_eq!(plain_text(&p), "一是。其余");
    }

    #[test]
    fn notes_name_their_author_only_in_the_editors_form() {
        assert_eq!(
            note_parts("批注（张三）：此处待核。"),
            (Some("张三"), "此处待核。")
        );
        assert_eq!(note_parts("批注（）：空"), (None, "批注（）：空"));
        assert_eq!(note_parts("76 characters"), (None, "76 characters"));
        assert_eq!(note_text(Some("张三"), "此处待核。"), "批注（张三）：此处待核。");
        assert_eq!(note_text(None, "原注"), "原注");
        let p = [
            Inline::Text("甲".into()),
            Inline::Note("注".into()),
            Inline::Text("乙".into()),
        ];
        assert_eq!(plain_text(&p), "甲乙");
    }
}
