//! Markdown source → [`Document`].
//!
//! pulldown-cmark reads the body; one event loop builds the model with a stack
//! of open containers. Everything the model cannot hold (tables, footnotes,
//! raw HTML, code blocks, rules, …) is an error naming `file:line` and what to
//! write instead, never dropped silently. Two repairs are made for Chinese:
//!
//! - a soft line break between two CJK characters is removed (it is a space
//!   only between Latin words);
//! - `**…。**正文` is bold. CommonMark's flanking rules refuse a closing `**`
//!   that follows punctuation and precedes a letter, which is exactly how a
//!   Chinese bold lead sentence is written; delimiters that pulldown-cmark
//!   left unmatched next to CJK text are paired again here.

use anyhow::{bail, Context, Result};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::input::assets::check_image_path;
use crate::input::{frontmatter, grid, table};
use crate::model::{
    self, Align, Block, Cell, Column, Document, Figure, FigureRow, Heading, Inline, InlineImage, List, Note,
    Paragraph, Quote, Row, Table, LEVEL2_MARK, MAX_HEADING_LEVEL,
};
use crate::text::classes::is_cjk;

/// How deeply lists and block quotes may nest.
pub const MAX_NESTING: usize = 32;
/// How deeply emphasis, strong emphasis, links and image captions may nest
/// inside each other.
pub const MAX_INLINE_NESTING: usize = 16;

/// A parsed source: the document and non-fatal findings.
pub struct Parsed {
    /// The document.
    pub doc: Document,
    /// Warnings, each naming `file:line` (e.g. unknown front matter keys).
    pub warnings: Vec<String>,
}

/// Parses a whole source file (front matter and body). `name` is how the
/// file is named in messages.
pub fn parse(text: &str, name: &str) -> Result<Document> {
    parse_with_warnings(text, name).map(|p| p.doc)
}

/// Like [`parse`], also returning the warnings.
pub fn parse_with_warnings(text: &str, name: &str) -> Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    check_characters(text, name, &lines)?;
    let fm = frontmatter::split(text, name)?;
    let body = &text[fm.body_start..];
    let grids = grid::find(body, lines.line(fm.body_start), name)?;
    let masked = grid::mask(body, &grids);
    let mut builder = Builder::new(&masked, name, &lines, fm.body_start);
    builder.warnings = fm.warnings;
    builder.grids = grids.into_iter().map(|g| (g.start, g)).collect();
    let blocks = builder.run()?;
    let mut blocks = table::attach(blocks, name)?;
    refuse_misplaced_pictures(&blocks, name)?;
    model::number(&mut blocks);
    Ok(Parsed {
        doc: Document {
            source_name: name.to_string(),
            meta: fm.meta,
            blocks,
        },
        warnings: builder.warnings,
    })
}

/// Refuses a picture inside text that no edition can set: in a heading, a
/// caption, a table cell or a table note (a picture belongs in a paragraph
/// or a figure of its own).
fn refuse_misplaced_pictures(blocks: &[Block], name: &str) -> Result<()> {
    let mut found = None;
    let mut look = |inlines: &[Inline], line: usize, place: &'static str| {
        if found.is_none() {
            let mut images = Vec::new();
            model::images_in(inlines, line, &mut images);
            if let Some((img, _)) = images.first() {
                found = Some((line, place, img.src.clone()));
            }
        }
    };
    model::walk(blocks, &mut |b| match b {
        Block::Heading(h) => look(&h.content, h.line, "a heading"),
        Block::Figure(f) => {
            if let Some(c) = &f.caption {
                look(&c.content, f.line, "a figure's caption")
            }
        }
        Block::FigureRow(r) => r.figures.iter().for_each(|f| {
            if let Some(c) = &f.caption {
                look(&c.content, f.line, "a figure's caption")
            }
        }),
        Block::Table(t) => {
            if let Some(c) = &t.caption {
                look(&c.content, c.line, "a table's caption");
            }
            t.rows().for_each(|r| {
                r.cells
                    .iter()
                    .for_each(|c| look(&c.content, r.line, "a table cell"))
            });
            t.notes
                .iter()
                .for_each(|n| look(&n.content, n.line, "a table note"));
        }
        _ => {}
    });
    match found {
        Some((line, place, src)) => bail!(
            "{name}:{line}: the picture `{src}` stands inside {place}, where no edition can set it; put it in a paragraph, or in a figure of its own"
        ),
        None => Ok(()),
    }
}

/// The inline content of one grid table cell: `text` read as a paragraph
/// that starts on `line` of `name`.
fn cell_content(text: &str, line: usize, name: &str, warnings: &mut Vec<String>) -> Result<Vec<Inline>> {
    let lines = LineIndex::new(text);
    let mut builder = Builder::new(text, name, &lines, 0);
    builder.line_offset = line - 1;
    builder.in_cell = true;
    let blocks = builder.run()?;
    warnings.append(&mut builder.warnings);
    match blocks.into_iter().find(|b| !matches!(b, Block::Note(_))) {
        None => Ok(Vec::new()),
        Some(Block::Paragraph(p)) => Ok(p.content),
        Some(b @ (Block::Figure(_) | Block::FigureRow(_))) => bail!(
            "{name}:{}: a picture in a table cell is not supported; put it in a figure before or after the table",
            b.line()
        ),
        Some(other) => bail!(
            "{name}:{}: a table cell holds text only (one paragraph; end a line with `\\` for a line break), not a heading, list, quote or second paragraph",
            other.line()
        ),
    }
}

/// Whether a source may not hold `c`: a control character other than tab
/// and line ends, or a noncharacter.
pub fn forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c as u32, 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF)
}

/// Refuses control characters (other than tab and line ends) and
/// noncharacters anywhere in the source: no edition can hold them (XML 1.0
/// forbids them; a PDF would draw nothing).
fn check_characters(text: &str, name: &str, lines: &LineIndex) -> Result<()> {
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| forbidden_char(c)) {
        bail!(
            "{name}:{}: control character U+{:04X} is not allowed in a source; delete it",
            lines.line(offset),
            c as u32
        );
    }
    Ok(())
}

/// Paragraphs that other Markdown tools replace with a table of contents.
const CONTENTS_MARKERS: [&str; 3] = ["[TOC]", "[[TOC]]", "[[_TOC_]]"];

/// Extensions are turned on only so that their syntax is recognised and
/// rejected with a clear message instead of printing as literal text.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Byte offset → 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// An inline token before emphasis repair and soft-break resolution.
enum Tok {
    Inline(Inline),
    /// A soft line break.
    Soft,
    /// A run of `*` that pulldown-cmark left unmatched.
    Stars(usize),
    /// An image, valid only as the sole content of a paragraph.
    Image {
        src: String,
        title: String,
        caption: Vec<Inline>,
        line: usize,
    },
}

/// An open container on the builder's stack.
enum Open {
    Root(Vec<Block>),
    Quote {
        line: usize,
        blocks: Vec<Block>,
    },
    List {
        start: Option<u64>,
        line: usize,
        items: Vec<Vec<Block>>,
    },
    Item {
        /// Where the item starts.
        line: usize,
        blocks: Vec<Block>,
    },
    /// A paragraph; `implicit` for the text of a tight list item.
    Para {
        line: usize,
        implicit: bool,
        toks: Vec<Tok>,
    },
    Heading {
        level: u8,
        line: usize,
        toks: Vec<Tok>,
    },
    Strong(Vec<Tok>),
    Emphasis(Vec<Tok>),
    Link {
        url: String,
        toks: Vec<Tok>,
    },
    Image {
        src: String,
        title: String,
        line: usize,
        toks: Vec<Tok>,
    },
    /// A pipe table.
    Table {
        aligns: Vec<Align>,
        line: usize,
        head: Vec<Row>,
        body: Vec<Row>,
    },
    /// A pipe table's header row or body row.
    TableRow {
        line: usize,
        cells: Vec<Cell>,
    },
    /// A pipe table's cell.
    Cell {
        line: usize,
        toks: Vec<Tok>,
    },
}

struct Builder<'a> {
    name: &'a str,
    body: &'a str,
    lines: &'a LineIndex,
    base: usize,
    stack: Vec<Open>,
    /// The first line and the text so far of an HTML block of comments.
    comment_block: Option<(usize, String)>,
    /// The level of the last heading opened (0 before the first).
    last_level: u8,
    /// Warnings, each naming `file:line`.
    warnings: Vec<String>,
    /// Lines before the text parsed (a grid table cell's first line - 1).
    line_offset: usize,
    /// The grid tables of the body, by the byte offset of their mask.
    grids: std::collections::BTreeMap<usize, grid::Found>,
    /// Inside a grid table's mask: its events are skipped.
    in_grid: bool,
    /// The text parsed is a grid table cell's.
    in_cell: bool,
}

impl<'a> Builder<'a> {
    fn new(body: &'a str, name: &'a str, lines: &'a LineIndex, base: usize) -> Builder<'a> {
        Builder {
            body,
            name,
            lines,
            base,
            stack: vec![Open::Root(Vec::new())],
            comment_block: None,
            last_level: 0,
            warnings: Vec::new(),
            line_offset: 0,
            grids: Default::default(),
            in_grid: false,
            in_cell: false,
        }
    }

    /// Reads the whole body into its top-level blocks.
    fn run(&mut self) -> Result<Vec<Block>> {
        let parser = Parser::new_ext(self.body, options());
        for (event, range) in parser.into_offset_iter() {
            let raw = &self.body[range.clone()];
            self.event(event, range.start, raw)?;
        }
        if let Some(g) = self.grids.values().next() {
            bail!(
                "{}:{}: internal error: the grid table was not read",
                self.name,
                g.line
            );
        }
        let Some(Open::Root(blocks)) = self.stack.pop() else {
            bail!("{}: internal error: unbalanced Markdown events", self.name);
        };
        Ok(blocks)
    }

    /// The table of a grid table found before parsing.
    fn grid_table(&mut self, found: grid::Found) -> Result<Table> {
        let mut head = Vec::new();
        let mut body = Vec::new();
        for (r, cells) in found.rows.into_iter().enumerate() {
            let mut row = Row {
                cells: Vec::with_capacity(cells.len()),
                line: found.row_lines[r],
            };
            for c in cells {
                let mut cell = Cell::new(cell_content(&c.text, c.line, self.name, &mut self.warnings)?);
                cell.row_span = c.row_span;
                cell.col_span = c.col_span;
                row.cells.push(cell);
            }
            if r < found.head_rows {
                head.push(row);
            } else {
                body.push(row);
            }
        }
        let columns = found
            .aligns
            .into_iter()
            .map(|align| Column { align, width: None })
            .collect();
        table_block(columns, head, body, found.line, self.name)
    }

    fn in_cell(&self) -> bool {
        self.in_cell || self.stack.iter().any(|o| matches!(o, Open::Cell { .. }))
    }

    fn event(&mut self, event: Event<'_>, offset: usize, raw: &str) -> Result<()> {
        if self.in_grid {
            self.in_grid = !matches!(event, Event::End(TagEnd::HtmlBlock));
            return Ok(());
        }
        let line = self.lines.line(self.base + offset) + self.line_offset;
        let at = format!("{}:{line}", self.name);
        if matches!(event, Event::Start(Tag::HtmlBlock)) {
            if let Some(found) = self.grids.remove(&offset) {
                if self.stack.len() != 1 {
                    bail!("{at}: a table inside a list or block quote is not supported; put it after the list or quote");
                }
                let table = self.grid_table(found)?;
                self.push_block(Block::Table(table));
                self.in_grid = true;
                return Ok(());
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, line, &at, raw),
            Event::End(tag) => self.end(tag, &at),
            // A line end in text (only an entity, `&#10;`, puts one there)
            // is white space, as a soft break is.
            Event::Text(t) if t.contains(['\n', '\r']) => {
                for (k, piece) in t.split(['\n', '\r']).enumerate() {
                    if k > 0 {
                        self.push_tok(Tok::Soft, line);
                    }
                    if !piece.is_empty() {
                        self.event(Event::Text(piece.to_string().into()), offset, raw)?;
                    }
                }
                Ok(())
            }
            Event::Text(t) => {
                let escaped = raw.len() == t.len() && offset > 0 && self.body.as_bytes()[offset - 1] == b'\\';
                let stars = !t.is_empty() && t.chars().all(|c| c == '*') && raw == &*t && !escaped;
                self.push_tok(
                    if stars {
                        Tok::Stars(t.len())
                    } else {
                        // A tab in running text is a space: no edition sets tab stops.
                        Tok::Inline(Inline::Text(t.replace('\t', " ")))
                    },
                    line,
                );
                Ok(())
            }
            Event::Code(t) => {
                self.push_tok(Tok::Inline(Inline::Code(t.replace('\t', " "))), line);
                Ok(())
            }
            Event::SoftBreak => {
                self.push_tok(Tok::Soft, line);
                Ok(())
            }
            Event::HardBreak => {
                self.push_tok(Tok::Inline(Inline::LineBreak), line);
                Ok(())
            }
            Event::Html(html) => {
                if let Some((_, text)) = &mut self.comment_block {
                    text.push_str(&html);
                    return Ok(());
                }
                bail!(
                    "{at}: raw HTML `{}` is not supported (only <!-- comments -->); write Markdown instead",
                    html.trim()
                )
            }
            Event::InlineHtml(html) if html.starts_with("<!--") => {
                let text = comment_text(&html).with_context(|| format!("{at}: an unterminated comment"))?;
                self.push_tok(Tok::Inline(Inline::Note(text)), line);
                Ok(())
            }
            Event::InlineHtml(html) if self.in_cell() && is_line_break(&html) => {
                self.push_tok(Tok::Inline(Inline::LineBreak), line);
                Ok(())
            }
            Event::InlineHtml(html) => {
                bail!("{at}: inline HTML `{html}` is not supported; use Markdown (**bold**, *emphasis*, [link](url))")
            }
            Event::FootnoteReference(_) => {
                unsupported(&at, "footnotes", "put the note in parentheses in the text")
            }
            Event::TaskListMarker(_) => unsupported(&at, "task list checkboxes", "write a plain list"),
            Event::Rule => unsupported(
                &at,
                "thematic breaks (---, ***)",
                "start a new section with a heading",
            ),
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                unsupported(&at, "math", "write the formula as text")
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: usize, at: &str, raw: &str) -> Result<()> {
        if is_block(&tag) {
            self.close_implicit_para()?;
        } else if self.needs_implicit_para() {
            // The first inline of a tight list item may be emphasis or a
            // link: its paragraph opens here, on its line.
            self.open_implicit_para(line);
        }
        // No edition shows a link's title (a tooltip on screen): say so.
        if let Tag::Link { title, .. } = &tag {
            if !title.trim().is_empty() {
                self.warnings.push(format!(
                    "{at}: the link title “{}” is shown by no edition; write it in the text if readers need it",
                    title.trim()
                ));
            }
        }
        let open = match tag {
            Tag::Paragraph => Open::Para {
                line,
                implicit: false,
                toks: Vec::new(),
            },
            Tag::Heading { level, .. } => {
                let level = heading_level(level);
                if level > MAX_HEADING_LEVEL {
                    bail!("{at}: heading level {level} is not supported; use levels 1 to {MAX_HEADING_LEVEL} (#, ##, ###)");
                }
                // Outlines, navs and Word's navigation pane nest by level: a
                // skipped level would show differently in each edition.
                if level > self.last_level + 1 {
                    let what = match self.last_level {
                        0 => "the first heading".to_string(),
                        l => format!("a heading after a level-{l} heading"),
                    };
                    bail!(
                        "{at}: {what} must be level {} or higher, not {level}: levels may not be skipped",
                        self.last_level + 1
                    );
                }
                self.last_level = level;
                Open::Heading {
                    level,
                    line,
                    toks: Vec::new(),
                }
            }
            Tag::BlockQuote(_) => {
                self.check_depth(at)?;
                Open::Quote {
                    line,
                    blocks: Vec::new(),
                }
            }
            Tag::List(start) => {
                self.check_depth(at)?;
                Open::List {
                    start,
                    line,
                    items: Vec::new(),
                }
            }
            Tag::Item => Open::Item {
                line,
                blocks: Vec::new(),
            },
            Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. }
                if self.inline_depth() >= MAX_INLINE_NESTING =>
            {
                bail!("{at}: emphasis, links and images are nested more than {MAX_INLINE_NESTING} deep")
            }
            Tag::Emphasis => Open::Emphasis(Vec::new()),
            Tag::Strong => Open::Strong(Vec::new()),
            Tag::Link {
                link_type, dest_url, ..
            } => Open::Link {
                // CommonMark: an e-mail autolink `<name@example.org>` links to `mailto:`.
                url: match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                },
                toks: Vec::new(),
            },
            Tag::Image { dest_url, title, .. } => {
                let src = dest_url.into_string();
                check_image_path(&src).map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
                Open::Image {
                    src,
                    title: title.into_string(),
                    line,
                    toks: Vec::new(),
                }
            }
            Tag::HtmlBlock if raw.trim_start().starts_with("<!--") => {
                self.comment_block = Some((line, String::new()));
                return Ok(());
            }
            Tag::HtmlBlock => {
                let first = raw.lines().next().unwrap_or("").trim();
                bail!("{at}: raw HTML `{first}` is not supported (only <!-- comments -->); write Markdown instead")
            }
            Tag::CodeBlock(_) => return unsupported(at, "code blocks", "use `inline code` in a paragraph"),
            Tag::Table(_) if self.stack.len() != 1 || self.in_cell => {
                bail!("{at}: a table inside a list or block quote is not supported; put it after the list or quote")
            }
            Tag::Table(aligns) => Open::Table {
                aligns: aligns.into_iter().map(align).collect(),
                line,
                head: Vec::new(),
                body: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => Open::TableRow {
                line,
                cells: Vec::new(),
            },
            Tag::TableCell => Open::Cell {
                line,
                toks: Vec::new(),
            },
            Tag::FootnoteDefinition(_) => {
                return unsupported(at, "footnotes", "put the note in parentheses in the text")
            }
            Tag::Strikethrough => {
                return unsupported(at, "strikethrough (~~)", "delete the text or say it in words")
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                return unsupported(
                    at,
                    "definition lists",
                    "write a list of `**term**: definition` items",
                )
            }
            Tag::MetadataBlock(_) => {
                return unsupported(at, "a second front matter block", "merge it into the first")
            }
            Tag::Superscript | Tag::Subscript => {
                return unsupported(at, "superscript and subscript", "write it as text")
            }
        };
        self.stack.push(open);
        Ok(())
    }

    fn end(&mut self, tag: TagEnd, at: &str) -> Result<()> {
        match tag {
            TagEnd::HtmlBlock => {
                if let Some((line, text)) = self.comment_block.take() {
                    for note in block_notes(&text, line, self.name)? {
                        self.push_block(Block::Note(note));
                    }
                }
                return Ok(());
            }
            TagEnd::Item => self.close_implicit_para()?,
            _ => {}
        }
        let open = self.stack.pop().expect("pulldown-cmark balances its events");
        let name = self.name;
        let done = match open {
            Open::Para { line, toks, .. } => match self.paragraph(toks, line)? {
                Some(block) => Done::Block(block),
                None => return Ok(()),
            },
            Open::Heading { level, line, toks } => {
                let mut content = resolve(toks, name, line)?;
                model::trim_spaces(&mut content);
                let text = model::plain_text(&content);
                if text.trim().is_empty() {
                    bail!("{at}: the heading is empty");
                }
                if text.trim_start().starts_with(LEVEL2_MARK) {
                    bail!("{name}:{line}: leave the `{LEVEL2_MARK}` out of the heading text: every edition draws it for level-2 headings");
                }
                Done::Block(Block::Heading(Heading {
                    level,
                    number: Vec::new(),
                    id: String::new(),
                    content,
                    line,
                    block: model::BlockId::default(),
                }))
            }
            Open::Quote { line, blocks } => Done::Block(Block::Quote(Quote { blocks, line })),
            Open::List { start, line, items } => Done::Block(Block::List(List { start, items, line })),
            Open::Item { line, blocks } => {
                // Every edition sets the item's label on its first line of
                // text: an item without one would lose its label.
                if !matches!(
                    blocks.iter().find(|b| !matches!(b, Block::Note(_))),
                    Some(Block::Paragraph(_))
                ) {
                    bail!(
                        "{name}:{line}: a list item must begin with its text (this one is empty or begins with a list, quote or figure); write the item's words first"
                    );
                }
                Done::Item(blocks)
            }
            Open::Strong(toks) => Done::Inline(Inline::Strong(resolve(toks, name, 0)?)),
            Open::Emphasis(toks) => Done::Inline(Inline::Emphasis(resolve(toks, name, 0)?)),
            Open::Link { url, toks } => {
                let content = resolve(toks, name, 0)?;
                if model::plain_text(&content).trim().is_empty()
                    && !content.iter().any(|i| matches!(i, Inline::Code(_)))
                {
                    bail!("{at}: the link to `{url}` has no text, so no reader could see or follow it; write its words between the brackets");
                }
                Done::Inline(Inline::Link { url, content })
            }
            Open::Image {
                src,
                title,
                line,
                toks,
            } => Done::Tok(Tok::Image {
                src,
                title,
                caption: resolve(toks, name, line)?,
                line,
            }),
            Open::Cell { line, toks } => {
                let mut content = resolve(toks, name, line)?;
                model::trim_spaces(&mut content);
                Done::Cell(Cell::new(content))
            }
            Open::TableRow { line, cells } => Done::Row(Row { cells, line }, tag == TagEnd::TableHead),
            Open::Table {
                aligns,
                line,
                head,
                body,
            } => {
                let columns = aligns
                    .into_iter()
                    .map(|align| Column { align, width: None })
                    .collect();
                Done::Block(Block::Table(table_block(columns, head, body, line, name)?))
            }
            Open::Root(_) => bail!("{at}: internal error: the document root was closed"),
        };
        match (done, self.stack.last_mut()) {
            (
                Done::Block(b),
                Some(Open::Root(blocks) | Open::Quote { blocks, .. } | Open::Item { blocks, .. }),
            ) => blocks.push(b),
            (Done::Item(blocks), Some(Open::List { items, .. })) => items.push(blocks),
            (Done::Cell(cell), Some(Open::TableRow { cells, .. })) => cells.push(cell),
            (Done::Row(row, true), Some(Open::Table { head, .. })) => head.push(row),
            (Done::Row(row, false), Some(Open::Table { body, .. })) => body.push(row),
            (Done::Inline(i), _) => self.push_tok(Tok::Inline(i), 0),
            (Done::Tok(t), _) => self.push_tok(t, 0),
            _ => bail!("{at}: internal error: a block closed in an unexpected place"),
        }
        Ok(())
    }

    /// Adds an inline token to the innermost inline container, opening an
    /// implicit paragraph in a tight list item.
    fn push_tok(&mut self, tok: Tok, line: usize) {
        if self.needs_implicit_para() {
            self.open_implicit_para(line);
        }
        match self.stack.last_mut() {
            Some(
                Open::Para { toks, .. }
                | Open::Heading { toks, .. }
                | Open::Strong(toks)
                | Open::Emphasis(toks)
                | Open::Link { toks, .. }
                | Open::Image { toks, .. }
                | Open::Cell { toks, .. },
            ) => toks.push(tok),
            _ => unreachable!("an inline container was just ensured"),
        }
    }

    /// Whether the innermost container holds blocks, so that an inline must
    /// first open a paragraph.
    fn needs_implicit_para(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Open::Item { .. } | Open::Quote { .. } | Open::Root(_))
        )
    }

    /// Opens the paragraph of a tight list item, starting on `line`.
    fn open_implicit_para(&mut self, line: usize) {
        self.stack.push(Open::Para {
            line,
            implicit: true,
            toks: Vec::new(),
        });
    }

    /// Adds a finished block to the innermost block container.
    fn push_block(&mut self, block: Block) {
        if let Some(Open::Root(blocks) | Open::Quote { blocks, .. } | Open::Item { blocks, .. }) =
            self.stack.last_mut()
        {
            blocks.push(block);
        }
    }

    fn close_implicit_para(&mut self) -> Result<()> {
        if let Some(Open::Para { implicit: true, .. }) = self.stack.last() {
            let Some(Open::Para { line, toks, .. }) = self.stack.pop() else {
                unreachable!()
            };
            if let Some(block) = self.paragraph(toks, line)? {
                self.push_block(block);
            }
        }
        Ok(())
    }

    /// The paragraph (or figure) of `toks`, starting on `line`; `None`, with
    /// a warning, for a contents marker such as `[TOC]`, which CommonMark
    /// reads as text: every edition's navigation lists the headings already.
    fn paragraph(&mut self, toks: Vec<Tok>, line: usize) -> Result<Option<Block>> {
        let block = paragraph(toks, line, self.name)?;
        if let Block::Paragraph(p) = &block {
            let text = model::plain_text(&p.content);
            // Never print a grid table as its raw `+---+` text.
            if grid::looks_like_border(&text) {
                bail!(
                    "{}:{line}: this reads like a grid table but is not one: a grid table starts at the beginning of a line, after a blank line, outside lists and quotes",
                    self.name
                );
            }
            let marker = text.trim();
            if CONTENTS_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(marker)) {
                self.warnings.push(format!(
                    "{}:{line}: `{marker}` (a table of contents) is left out: the PDF's bookmarks, the EPUB's contents and Word's navigation pane list the headings",
                    self.name
                ));
                return Ok(None);
            }
        }
        Ok(Some(block))
    }

    /// How many inline containers are open.
    fn inline_depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|o| {
                matches!(
                    o,
                    Open::Strong(_) | Open::Emphasis(_) | Open::Link { .. } | Open::Image { .. }
                )
            })
            .count()
    }

    fn check_depth(&self, at: &str) -> Result<()> {
        let depth = self
            .stack
            .iter()
            .filter(|o| matches!(o, Open::Quote { .. } | Open::List { .. }))
            .count();
        if depth >= MAX_NESTING {
            bail!("{at}: lists and block quotes are nested more than {MAX_NESTING} deep");
        }
        Ok(())
    }
}

/// The text of one comment `<!-- text -->`, without the spaces next to its
/// delimiters; `None` when `html` is not one whole comment.
fn comment_text(html: &str) -> Option<String> {
    let html = html.trim();
    // CommonMark 0.31: `<!-->` and `<!--->` are whole, empty comments.
    if matches!(html, "<!-->" | "<!--->") {
        return Some(String::new());
    }
    let inner = html.strip_prefix("<!--")?.strip_suffix("-->")?;
    (!inner.contains("-->")).then(|| inner.trim().to_string())
}

/// The notes of an HTML block that starts with a comment: comments separated
/// by white space, nothing else (text after `-->` on its line would be raw
/// HTML, which no edition can hold).
fn block_notes(text: &str, first_line: usize, name: &str) -> Result<Vec<Note>> {
    let mut notes = Vec::new();
    let mut rest = text;
    let mut line = first_line;
    loop {
        let trimmed = rest.trim_start();
        line += rest[..rest.len() - trimmed.len()].matches('\n').count();
        if trimmed.is_empty() {
            return Ok(notes);
        }
        let Some(end) = trimmed.find("-->").filter(|_| trimmed.starts_with("<!--")) else {
            let first = trimmed.lines().next().unwrap_or("").trim();
            bail!("{name}:{line}: raw HTML `{first}` is not supported (only <!-- comments -->); put the text in a paragraph of its own");
        };
        let comment = &trimmed[..end + 3];
        notes.push(Note {
            text: comment_text(comment).unwrap_or_default(),
            line,
        });
        line += comment.matches('\n').count();
        rest = &trimmed[end + 3..];
    }
}

/// What closing a container yields for its parent.
enum Done {
    Block(Block),
    Cell(Cell),
    /// A table row, and whether it is the header row.
    Row(Row, bool),
    Item(Vec<Block>),
    Inline(Inline),
    Tok(Tok),
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Table(_)
    )
}

/// A table of `columns`, `head` and `body` rows, checked; header rows whose
/// cells are all empty (a pipe table must have one) are no header.
fn table_block(
    columns: Vec<Column>,
    mut head: Vec<Row>,
    body: Vec<Row>,
    line: usize,
    name: &str,
) -> Result<Table> {
    if head.iter().all(|r| r.cells.iter().all(|c| c.content.is_empty())) {
        head.clear();
    }
    let table = Table {
        caption: None,
        columns,
        head,
        body,
        notes: Vec::new(),
        line,
    };
    if let Err(e) = table.check_grid() {
        bail!("{name}:{line}: the table's cells do not form a grid: {e}");
    }
    Ok(table)
}

fn align(a: pulldown_cmark::Alignment) -> Align {
    match a {
        pulldown_cmark::Alignment::None => Align::Default,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// Whether inline HTML is a line break, `<br>`, `<br/>` or `<br />`.
fn is_line_break(html: &str) -> bool {
    let inner = html
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    inner.eq_ignore_ascii_case("br")
}

fn unsupported(at: &str, what: &str, instead: &str) -> Result<()> {
    bail!("{at}: {what} are not supported by zhpress; {instead}")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A paragraph; a figure when an image stands alone in it; a row of
/// figures when it holds two or more images and nothing else but white
/// space. An image among words is a picture inside the line.
fn paragraph(toks: Vec<Tok>, line: usize, name: &str) -> Result<Block> {
    let blank =
        |t: &Tok| matches!(t, Tok::Soft) || matches!(t, Tok::Inline(Inline::Text(s)) if s.trim().is_empty());
    let images_only = toks.iter().all(|t| blank(t) || matches!(t, Tok::Image { .. }));
    if images_only && toks.iter().any(|t| matches!(t, Tok::Image { .. })) {
        let mut figures: Vec<Figure> = toks.into_iter().filter_map(block_picture).collect();
        return Ok(if figures.len() == 1 {
            Block::Figure(figures.remove(0))
        } else {
            Block::FigureRow(FigureRow { figures, line })
        });
    }
    // White space that opens or ends a paragraph (only an entity such as
    // `&#9;` can put it there) is not printed.
    let mut content = resolve(toks, name, line)?;
    model::trim_spaces(&mut content);
    Ok(Block::Paragraph(Paragraph {
        content,
        line,
        block: model::BlockId::default(),
    }))
}

/// The picture an image token stands for as a block: captioned by its alt
/// text (the title its credit), or, with empty alt text, uncaptioned (the
/// title its text alternative; no title: decorative).
fn block_picture(tok: Tok) -> Option<Figure> {
    let Tok::Image {
        src,
        title,
        caption,
        line,
    } = tok
    else {
        return None;
    };
    let title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
    Some(if model::plain_text(&caption).trim().is_empty() {
        Figure::uncaptioned(src, title, line)
    } else {
        Figure::captioned(src, caption, title, line)
    })
}

/// Pairs leftover `*` runs next to CJK text, resolves soft breaks and merges
/// adjacent text.
fn resolve(toks: Vec<Tok>, name: &str, line: usize) -> Result<Vec<Inline>> {
    let toks = merge_stars(toks);
    let flanks = neighbours(&toks);
    let mut out: Vec<Tok> = Vec::new();
    // Unmatched runs that may open: (index in `out`, length, next to CJK).
    let mut openers: Vec<(usize, usize, bool)> = Vec::new();
    for (tok, (before, after)) in toks.into_iter().zip(flanks) {
        let Tok::Stars(n) = tok else {
            out.push(tok);
            continue;
        };
        // A pair is repaired when either of its runs touches CJK text
        // (`*!*一` as well as `**一是。**正文`).
        let cjk_side = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
        let can_close = before.is_some_and(|c| !c.is_whitespace());
        let can_open = after.is_some_and(|c| !c.is_whitespace());
        if can_close && (n == 1 || n == 2) {
            if let Some(k) = openers
                .iter()
                .rposition(|&(_, m, cjk)| m == n && (cjk || cjk_side))
            {
                let pos = openers[k].0;
                openers.truncate(k);
                let inner: Vec<Tok> = out.drain(pos + 1..).collect();
                out.pop();
                let inner = finish(inner, name, line)?;
                if 1 + model::inline_depth(&inner) > MAX_INLINE_NESTING {
                    bail!("{name}:{line}: emphasis is nested more than {MAX_INLINE_NESTING} deep");
                }
                out.push(Tok::Inline(if n == 2 {
                    Inline::Strong(inner)
                } else {
                    Inline::Emphasis(inner)
                }));
                continue;
            }
        }
        if can_open {
            openers.push((out.len(), n, cjk_side));
        }
        out.push(Tok::Stars(n));
    }
    finish(out, name, line)
}

/// Joins adjacent `*` runs (pulldown-cmark reports each star alone).
fn merge_stars(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    for tok in toks {
        match (out.last_mut(), tok) {
            (Some(Tok::Stars(a)), Tok::Stars(b)) => *a += b,
            (_, tok) => out.push(tok),
        }
    }
    out
}

/// Turns tokens into inlines: leftover stars become text, soft breaks a
/// space between Latin words and nothing next to CJK; adjacent text merges.
fn finish(toks: Vec<Tok>, name: &str, line: usize) -> Result<Vec<Inline>> {
    let flanks = neighbours(&toks);
    let mut out: Vec<Inline> = Vec::new();
    for (tok, (before, after)) in toks.into_iter().zip(flanks) {
        let inline = match tok {
            Tok::Inline(i) => i,
            Tok::Stars(n) => Inline::Text("*".repeat(n)),
            Tok::Soft if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) => continue,
            Tok::Soft => Inline::Text(" ".into()),
            Tok::Image {
                src,
                title,
                caption,
                line: l,
            } => {
                let l = if l > 0 { l } else { line };
                if !title.trim().is_empty() {
                    bail!(
                        "{name}:{l}: the picture `{src}` inside the text has a title (`{title}`); a picture among words takes no credit: give what it shows as its alt text, ![印章]({src}), or set it as a figure in a paragraph of its own"
                    );
                }
                Inline::Image(InlineImage {
                    src,
                    alt: model::plain_text(&caption).trim().to_string(),
                })
            }
        };
        match (out.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => out.push(inline),
        }
    }
    Ok(out)
}

/// The characters just before and after each token (tokens without text,
/// such as notes, are looked past): one pass each way, so a line of many
/// notes costs no more than its length.
fn neighbours(toks: &[Tok]) -> Vec<(Option<char>, Option<char>)> {
    let mut out = vec![(None, None); toks.len()];
    let mut before = None;
    for (i, t) in toks.iter().enumerate() {
        out[i].0 = before;
        before = edge(t, true).or(before);
    }
    let mut after = None;
    for (i, t) in toks.iter().enumerate().rev() {
        out[i].1 = after;
        after = edge(t, false).or(after);
    }
    out
}

/// The last (or first) character of a token's text, if it has any.
fn edge(tok: &Tok, last: bool) -> Option<char> {
    let text = match tok {
        Tok::Inline(i) => {
            let mut s = String::new();
            i.push_plain_text(&mut s);
            s
        }
        Tok::Stars(_) => "*".into(),
        Tok::Soft => "\n".into(),
        Tok::Image { .. } => "\u{fffc}".into(),
    };
    if last {
        text.chars().next_back()
    } else {
        text.chars().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "---\ntitle: 标题\n---\n";

    fn doc(body: &str) -> Document {
        parse(&format!("{FM}{body}"), "t.md").unwrap()
    }

    fn warnings(body: &str) -> Vec<String> {
        parse_with_warnings(&format!("{FM}{body}"), "t.md")
            .unwrap()
            .warnings
    }

    #[test]
    fn commonmark_reads_colons_empty_comments_and_contents_markers() {
        // A paragraph opening with `:` is text (definition lists are no
        // CommonMark), and names no other line.
        let d = doc("\n术语\n\n: 不是定义。\n");
        assert_eq!(d.block_texts(), ["术语", ": 不是定义。"]);
        // `<!-->` and `<!--->` are whole, empty comments (CommonMark 0.31).
        let d = doc("\nfoo <!--> foo -->\n\nbar <!---> bar\n");
        assert_eq!(d.block_texts(), ["foo  foo -->", "bar  bar"]);
        // `[TOC]` is left out with a warning naming its line.
        let d = doc("\n# 标题\n\n[TOC]\n\n正文。\n");
        assert_eq!(d.block_texts(), ["标题", "正文。"]);
        let w = warnings("\n[TOC]\n");
        assert!(w.len() == 1 && w[0].starts_with("t.md:5: `[TOC]`"), "{w:?}");
        // A link's title is named once, even where the link opens a list item.
        let w = warnings("\n- [链接](https://example.org \"提示\")后文\n");
        assert!(
            w.len() == 1 && w[0].starts_with("t.md:5: the link title “提示”"),
            "{w:?}"
        );
    }

    #[test]
    fn entities_that_make_white_space_and_empty_links() {
        // `&#10;` is a line end in the text: white space, as a soft break;
        // `&#9;` opening a paragraph is not printed.
        assert_eq!(
            doc("\nfoo&#10;&#10;bar\n\n&#9;baz\n").block_texts(),
            ["foo  bar", "baz"]
        );
        assert_eq!(doc("\n中&#10;文\n").block_texts(), ["中文"]);
        // A link with no text is refused by line.
        assert!(err("\n[](./target.md)\n").starts_with("t.md:5: the link to `./target.md` has no text"));
    }

    #[test]
    fn a_list_item_opening_with_marks_starts_on_its_line() {
        let d = doc("\n- **要点**：正文\n1. *甲*乙\n");
        let mut lines = Vec::new();
        model::walk(&d.blocks, &mut |b| {
            if let Block::Paragraph(p) = b {
                lines.push(p.line);
            }
        });
        assert_eq!(lines, [5, 6]);
    }

    fn err(body: &str) -> String {
        format!(
            "{:#}",
            parse(&format!("{FM}{body}"), "t.md").expect_err("an error")
        )
    }

    #[test]
    fn bold_lead_sentence_before_cjk_text() {
        let d = doc("**一是坚持。**坚持党组，“两个”。\n");
        let Block::Paragraph(p) = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(
            p.content,
            vec![
                Inline::Strong(vec![Inline::Text("一是坚持。".into())]),
                Inline::Text("坚持党组，“两个”。".into())
            ]
        );
    }

    #[test]
    fn unmatched_stars_stay_literal() {
        let d = doc("2 * 3 * 4，星号*不配对\n");
        assert_eq!(d.block_texts(), ["2 * 3 * 4，星号*不配对"]);
        let d = doc("转义\\*\\*不加粗。\\*\\*正文\n");
        assert_eq!(d.block_texts(), ["转义**不加粗。**正文"]);
    }

    #[test]
    fn a_headings_spaces_and_tabs_at_the_ends_are_not_its_text() {
        let d = doc("# 标题 \t\n\n正文。\n");
        assert_eq!(d.block_texts(), ["标题", "正文。"]);
    }

    #[test]
    fn soft_breaks_vanish_between_cjk_and_stay_between_words() {
        let d = doc("中文\n接着 and Latin\nwords\n");
        assert_eq!(d.block_texts(), ["中文接着 and Latin words"]);
    }

    #[test]
    fn figures_headings_lists_quotes() {
        let d = doc(
            "# 一\n\n## 二\n\n![说明 *文字*](images/a.jpg \"某 摄\")\n\n- 甲\n- 乙\n\n> 引\n>\n> 1. 丙\n",
        );
        assert_eq!(
            d.headings()
                .iter()
                .map(|h| (h.level, h.id.as_str()))
                .collect::<Vec<_>>(),
            [(1, "sec-1"), (2, "sec-1-1")]
        );
        let f = d.figures()[0];
        assert_eq!(
            (
                f.number(),
                f.src.as_str(),
                f.caption.as_ref().and_then(|c| c.credit.as_deref()),
                f.line
            ),
            (Some(1), "images/a.jpg", Some("某 摄"), 8)
        );
        assert_eq!(f.caption_line().unwrap(), "图1\u{3000}说明 文字\u{3000}某 摄");
        assert_eq!(
            d.block_texts(),
            [
                "一",
                "二",
                "图1\u{3000}说明 文字\u{3000}某 摄",
                "甲",
                "乙",
                "引",
                "丙"
            ]
        );
        let Block::Quote(q) = &d.blocks[4] else {
            panic!("{:?}", d.blocks[4])
        };
        assert!(matches!(&q.blocks[1], Block::List(List { start: Some(1), .. })));
    }

    #[test]
    fn rejects_what_the_model_cannot_hold_with_line_numbers() {
        assert!(err("> | a | b |\n> |---|---|\n").starts_with("t.md:4: a table inside a list or block quote"));
        assert!(
            err("- 项\n\n  +---+\n  | a |\n  +---+\n").starts_with("t.md:6: this reads like a grid table")
        );
        assert!(err("Table: 题\n\n| a |\n|---|\n\nTable: 又\n")
            .starts_with("t.md:9: the table already has its caption on line 4"));
        // Between two tables, a second caption is the next table's.
        assert!(parse(
            "---\ntitle: t\n---\n\nTable: 题\n\n| a |\n|---|\n\nTable: 又\n\n| b |\n|---|\n",
            "t.md"
        )
        .is_ok());
        assert!(err("+--------------+\n| ![图](a.jpg) |\n+--------------+\n")
            .starts_with("t.md:5: a picture in a table cell"));
        assert!(err("+-----+\n| - a |\n+-----+\n").starts_with("t.md:5: a table cell holds text only"));
        assert!(err("正文[^1]\n\n[^1]: 注\n").starts_with("t.md:4: footnotes"));
        assert!(err("<div>x</div>\n").starts_with("t.md:4: raw HTML"));
        assert!(err("a <b>x</b>\n").starts_with("t.md:4: inline HTML"));
        assert!(err("```\ncode\n```\n").starts_with("t.md:4: code blocks"));
        assert!(err("a\n\n---\n").starts_with("t.md:6: thematic breaks"));
        assert!(err("#### 四级\n").starts_with("t.md:4: heading level 4"));
        assert!(err("# 一\n\n## ■ 标题\n").contains("leave the `■` out"));
        assert!(err("## 二\n").starts_with("t.md:4: the first heading must be level 1 or higher, not 2"));
        assert!(
            err("# 一\n\n### 三\n").starts_with("t.md:6: a heading after a level-1 heading must be level 2")
        );
        assert!(err("![图](../a.jpg)\n").starts_with("t.md:4: image path `../a.jpg` leaves"));
        assert!(err(&">".repeat(500)).contains("nested more than"));
        assert!(doc("<!-- 注释 -->\n\n正文<!-- x -->\n").block_texts() == ["正文"]);
        assert!(err("<!-- 注 --> <b>x</b>\n").starts_with("t.md:4: raw HTML `<b>x</b>`"));
        assert!(err("正文\n\n甲\u{1b}乙\n").starts_with("t.md:6: control character U+001B"));
    }

    #[test]
    fn pictures_alone_side_by_side_and_inside_text() {
        let d = doc(concat!(
            "![](shot.png \"登录页面截图\")\n\n",
            "![](rule.png)\n\n",
            "![甲](a.jpg \"某 摄\") ![](b.png \"说明\")\n![丙](c.jpg)\n\n",
            "文字![印章](seal.png)文字，*强调![](dot.png)*。\n\n",
            "![丁](d.gif)\n",
        ));
        let kinds: Vec<_> = d
            .blocks
            .iter()
            .map(|b| match b {
                Block::Figure(f) => format!("figure {:?} {:?}", f.number(), f.alt),
                Block::FigureRow(r) => format!("row of {}", r.figures.len()),
                Block::Paragraph(_) => "paragraph".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "figure None Some(\"登录页面截图\")",
                "figure None None",
                "row of 3",
                "paragraph",
                "figure Some(3) None",
            ]
        );
        let Block::FigureRow(row) = &d.blocks[2] else {
            unreachable!()
        };
        let numbers: Vec<_> = row.figures.iter().map(|f| f.number()).collect();
        assert_eq!(numbers, [Some(1), None, Some(2)]);
        assert_eq!(
            row.figures[0].caption_line().unwrap(),
            "图1\u{3000}甲\u{3000}某 摄"
        );
        assert_eq!(row.figures[1].alt.as_deref(), Some("说明"));
        assert_eq!((row.line, row.figures[2].line), (8, 9));
        let inline: Vec<_> = d
            .inline_images()
            .iter()
            .map(|(i, l)| (i.src.as_str(), i.alt_text(), *l))
            .collect();
        assert_eq!(inline, [("seal.png", Some("印章"), 11), ("dot.png", None, 11)]);
        // Pictures add no text; only captioned ones have a caption line.
        assert_eq!(
            d.block_texts(),
            [
                "图1\u{3000}甲\u{3000}某 摄",
                "图2\u{3000}丙",
                "文字文字，强调。",
                "图3\u{3000}丁"
            ]
        );
        assert_eq!(d.image_sources().len(), 8);
    }

    #[test]
    fn pictures_where_no_edition_can_set_them_are_refused() {
        assert!(err("文字 ![图](a.jpg \"某 摄\") 文字\n")
            .starts_with("t.md:4: the picture `a.jpg` inside the text has a title"));
        assert!(
            err("# 标题![印](a.png)\n").starts_with("t.md:4: the picture `a.png` stands inside a heading")
        );
        assert!(err("| 甲 |\n|---|\n| ![印](a.png) |\n").contains("stands inside a table cell"));
        assert!(err("![说明![印](a.png)](b.jpg)\n").starts_with("t.md:4:"));
    }

    fn table(d: &Document, k: usize) -> &Table {
        d.tables()[k]
    }

    #[test]
    fn pipe_tables_with_captions_alignment_marks_breaks_and_notes() {
        let d = doc("\n前文。\n\nTable: 表2　主要指标\n\n| 指标 | 数值 |\n|:--|--:|\n| **提案** | 5,998 |\n| 会议 | 全体<br>常委 |\n\n注：初步统计。\n\n资料来源：办公厅。\n\n后文。\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n: 在下面的题\n");
        let t = table(&d, 0);
        let c = t.caption.as_ref().unwrap();
        // The typed label is the model's to give.
        assert_eq!((c.number, c.line(), c.line), (1, "表1　主要指标".to_string(), 7));
        assert_eq!(t.line, 9);
        assert_eq!(
            t.columns.iter().map(|c| c.align).collect::<Vec<_>>(),
            [Align::Left, Align::Right]
        );
        assert_eq!(t.head.len(), 1);
        assert_eq!(
            t.body[0].cells[0].content,
            [Inline::Strong(vec![Inline::Text("提案".into())])]
        );
        assert_eq!(
            t.body[1].cells[1].content,
            [
                Inline::Text("全体".into()),
                Inline::LineBreak,
                Inline::Text("常委".into())
            ]
        );
        assert_eq!(t.notes.iter().map(|n| n.line).collect::<Vec<_>>(), [14, 16]);
        let t = table(&d, 1);
        assert_eq!(t.caption.as_ref().unwrap().line(), "表2　在下面的题");
        assert_eq!(t.columns[0].align, Align::Center);
        assert_eq!(
            d.block_texts(),
            [
                "前文。",
                "表1　主要指标",
                "指标",
                "数值",
                "提案",
                "5,998",
                "会议",
                "全体\n常委",
                "注：初步统计。",
                "资料来源：办公厅。",
                "后文。",
                "表2　在下面的题",
                "a",
                "b",
                "1",
                "2"
            ]
        );
    }

    #[test]
    fn grid_tables_carry_spans_and_an_empty_header_is_none() {
        let d = doc("\n+------+-------------+\n| 地区 | 人次        |\n|      +------+------+\n|      | 2021 | 2022 |\n+======+=====:+=====:+\n| 东部 | *1*  | 2\\   |\n|      |      | 3    |\n+------+------+------+\n\n| | |\n|-|-|\n| a | b |\n");
        let t = table(&d, 0);
        assert!(t.caption.is_none());
        assert_eq!((t.head.len(), t.body.len(), t.line), (2, 1, 5));
        let spans: Vec<Vec<(String, u32, u32)>> = t
            .rows()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.text(), c.row_span, c.col_span))
                    .collect()
            })
            .collect();
        let c = |t: &str, r, k| (t.to_string(), r, k);
        assert_eq!(
            spans,
            [
                vec![c("地区", 2, 1), c("人次", 1, 2)],
                vec![c("2021", 1, 1), c("2022", 1, 1)],
                vec![c("东部", 1, 1), c("1", 1, 1), c("2\n3", 1, 1)]
            ]
        );
        assert_eq!(
            t.body[0].cells[1].content,
            [Inline::Emphasis(vec![Inline::Text("1".into())])]
        );
        assert_eq!(t.body[0].line, 10);
        // A pipe table whose header cells are all empty has no header row.
        assert!(table(&d, 1).head.is_empty());
    }

    #[test]
    fn comments_become_notes_where_they_stand() {
        let d = doc("<!-- 甲 -->\n<!-- 乙\n丙 -->\n\n正文<!-- 丁 -->续。\n\n> <!-- 戊 -->\n> 引\n");
        let note = |text: &str, line| {
            Block::Note(Note {
                text: text.into(),
                line,
            })
        };
        assert_eq!(d.blocks[..2], [note("甲", 4), note("乙\n丙", 5)]);
        let Block::Paragraph(p) = &d.blocks[2] else {
            panic!("{:?}", d.blocks[2])
        };
        assert_eq!(
            p.content,
            [
                Inline::Text("正文".into()),
                Inline::Note("丁".into()),
                Inline::Text("续。".into())
            ]
        );
        let Block::Quote(q) = &d.blocks[3] else { panic!() };
        assert_eq!(q.blocks[0], note("戊", 10));
        assert_eq!(d.block_texts(), ["正文续。", "引"]);
    }

    #[test]
    fn line_index_counts_from_one() {
        let li = LineIndex::new("a\nb\n\nc");
        assert_eq!([0, 1, 2, 3, 4, 5].map(|o| li.line(o)), [1, 1, 2, 2, 3, 4]);
    }
}
