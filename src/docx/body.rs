//! The body of the DOCX: the model's blocks as Word paragraphs and runs.
//!
//! Headings, paragraphs and captions carry only a style and direct run
//! formatting that has a meaning in the model (bold for `Strong`); all the
//! look lives in the style sheet, so an editor can restyle the document.

use anyhow::Result;
use docx_rs::{
    AlignmentType, BreakType, Comment, CommentRangeStart, DocumentChild, Docx, FieldCharType, Hyperlink,
    HyperlinkData, HyperlinkType, IndentLevel, InstrText, LevelOverride, LineSpacing, Numbering, NumberingId,
    Paragraph, ParagraphChild, Run, RunFonts, RunProperty, SpecialIndentType, Tab, TabValueType,
    TableCellContent, TableChild, TableRowChild,
};

use super::package::PictureInfo;
use super::pictures::{self, Described, Pictures, TEXT_WIDTH_TWIPS};
use super::styles::{self, id};
use super::table::{self as tables, TableInfo};
use crate::input::assets::Assets;
use crate::model::table::{Table, TableRules, TABLE_PREFIX};
use crate::model::{
    self, caption, Block, CaptionPartKind, Document, Figure, FigureCaption, FigureRow, Inline, List,
    ListLabel, CAPTION_SEPARATOR,
};
use crate::style::{self as house, Kind};

/// The author of the Word comments that carry the source's own notes
/// (Markdown comments without a `批注（author）：` prefix).
pub const SOURCE_NOTE_AUTHOR: &str = "zhpress";

/// Characters Word must set in the East Asian font (full width): quotation
/// marks, the dash and the ellipsis are "ambiguous" and would otherwise take
/// the Latin font.
const EAST_ASIAN_HINTED: [char; 6] = ['“', '”', '‘', '’', '—', '…'];

/// Formatting inherited from enclosing inlines: strong text is bold (direct
/// formatting, as Word's own Bold button does), emphasis takes the Emphasis
/// character style (着重号, see [`styles::id::EMPHASIS`]), a link's text the
/// Hyperlink character style.
#[derive(Clone, Copy, Default)]
struct RunStyle {
    bold: bool,
    emphasis: bool,
    link: bool,
}

/// Builds paragraphs in document order, numbering lists as it goes.
pub struct BodyWriter<'a> {
    assets: &'a Assets,
    docx: Docx,
    /// The next free `w:numId` for a list instance.
    next_num_id: usize,
    /// The next paragraph id (`w14:paraId`).
    next_para_id: u32,
    /// The number of hyperlinks so far.
    links: u32,
    /// Word comments: the next id and their date.
    comments: Comments,
    /// Notes standing before the next paragraph.
    pending_notes: Vec<String>,
    /// How tables are ruled (the document's `table-rules`).
    table_rules: TableRules,
    /// What the packager adds to each table, in document order.
    tables: Vec<TableInfo>,
    /// The drawings so far.
    pictures: Pictures<'a>,
    /// Whether a caption set a credit in runs of the credit character
    /// style (a row's caption does).
    credit_runs: bool,
}

/// What the body writer gives the packager: the document and what it
/// adds to each table docx-rs writes.
pub struct Body {
    /// The document with its body.
    pub docx: Docx,
    /// Each table's properties and header rows, in document order.
    pub tables: Vec<TableInfo>,
    /// What each drawing's `wp:docPr` says, in document order.
    pub pictures: Vec<PictureInfo>,
    /// Whether the style sheet needs the credit character style
    /// ([`styles::add_credit_char`]).
    pub credit_runs: bool,
}

/// Makes the Word comments that carry the model's notes.
struct Comments {
    next_id: usize,
    /// `w:date` of every comment (the build epoch, so rebuilds are identical).
    date: String,
}

impl Comments {
    /// A comment saying `note` (see [`model::note_parts`] for its author);
    /// its paragraphs take ids from `para_ids`.
    fn make(&mut self, note: &str, para_ids: &mut u32) -> Comment {
        let (author, said) = model::note_parts(note);
        let mut comment = Comment::new(self.next_id)
            .author(author.unwrap_or(SOURCE_NOTE_AUTHOR))
            .date(self.date.clone());
        self.next_id += 1;
        for line in said.split('\n') {
            comment = comment.add_paragraph(Paragraph::new().id(para_id(*para_ids)).add_run(plain_run(line)));
            *para_ids += 1;
        }
        comment
    }
}

/// The `w14:paraId` of the `n`th paragraph. docx-rs would number paragraphs
/// from a thread-local counter that it resets only when building, so its ids
/// depend on what the thread did before; ours depend on the document alone.
pub fn para_id(n: u32) -> String {
    format!("{n:08X}")
}

impl<'a> BodyWriter<'a> {
    /// Starts a body on `docx` (which already holds the style sheet);
    /// paragraph ids start at `first_para_id`.
    pub fn new(docx: Docx, assets: &'a Assets, first_para_id: u32) -> Self {
        BodyWriter {
            assets,
            docx,
            next_num_id: styles::LEVEL2_MARK_NUM_ID + 1,
            next_para_id: first_para_id,
            links: 0,
            comments: Comments {
                next_id: 1,
                date: crate::input::epoch::iso8601(assets.epoch),
            },
            pending_notes: Vec::new(),
            table_rules: TableRules::default(),
            tables: Vec::new(),
            pictures: Pictures::new(assets),
            credit_runs: false,
        }
    }

    /// Adds the title block and every block of the document.
    pub fn write(mut self, doc: &Document) -> Result<Body> {
        self.table_rules = doc.meta.table_rules;
        self.push(
            Paragraph::new()
                .style(id::TITLE)
                .add_run(plain_run(&doc.meta.title)),
        );
        if let Some(subtitle) = &doc.meta.subtitle {
            self.push(Paragraph::new().style(id::SUBTITLE).add_run(plain_run(subtitle)));
        }
        if let Some(author) = &doc.meta.author {
            self.push(Paragraph::new().style(id::AUTHOR).add_run(plain_run(author)));
        }
        self.blocks(&doc.blocks, None)?;
        // Notes after the last block: at the end of the last paragraph.
        for note in std::mem::take(&mut self.pending_notes) {
            let comment = self.comments.make(&note, &mut self.next_para_id);
            let id = comment.id();
            if let Some(p) = last_paragraph(self.docx.document.children.last_mut()) {
                let last = std::mem::take(p);
                *p = last.add_comment_start(comment).add_comment_end(id);
            }
        }
        Ok(Body {
            docx: self.docx,
            tables: self.tables,
            pictures: self.pictures.finish()?,
            credit_runs: self.credit_runs,
        })
    }

    /// Adds `p` to the body; notes standing before it become comments
    /// anchored to the whole paragraph.
    fn push(&mut self, p: Paragraph) {
        let p = self.with_notes(p);
        let p = self.identified(p);
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    /// `p` with its id, the next one.
    fn identified(&mut self, p: Paragraph) -> Paragraph {
        let p = p.id(para_id(self.next_para_id));
        self.next_para_id += 1;
        p
    }

    /// `p` anchoring the notes standing before it, as comments on the
    /// whole paragraph.
    fn with_notes(&mut self, mut p: Paragraph) -> Paragraph {
        for note in std::mem::take(&mut self.pending_notes) {
            let comment = self.comments.make(&note, &mut self.next_para_id);
            let id = comment.id();
            p.children.insert(
                0,
                ParagraphChild::CommentStart(Box::new(CommentRangeStart::new(comment))),
            );
            p = p.add_comment_end(id);
        }
        p
    }

    /// Appends the runs of `content` to `p`, notes as comments at their point.
    fn inlines(&mut self, p: Paragraph, content: &[Inline]) -> Paragraph {
        let mut ctx = InlineCtx {
            links: &mut self.links,
            comments: &mut self.comments,
            para_ids: &mut self.next_para_id,
            pictures: &mut self.pictures,
        };
        inlines(p, content, RunStyle::default(), &mut ctx)
    }

    /// `list` is the numbering instance and level of the enclosing list item
    /// and whether its next paragraph carries the item's label (only the
    /// item's first paragraph does).
    fn blocks(&mut self, blocks: &[Block], mut list: Option<(usize, usize, bool)>) -> Result<()> {
        for block in blocks {
            match block {
                Block::Heading(h) => {
                    let p = self.inlines(Paragraph::new().style(&id::heading(h.level)), &h.content);
                    self.push(p);
                }
                Block::Paragraph(para) => {
                    let p = match list {
                        Some((num, level, labelled)) => {
                            // Direct indent: LibreOffice lets the style's
                            // indent win over the numbering's.
                            let (left, hanging) = styles::list_indent(level);
                            let p = Paragraph::new().style(id::LIST_PARAGRAPH);
                            if labelled {
                                p.numbering(NumberingId::new(num), IndentLevel::new(level))
                                    .indent(Some(left), Some(SpecialIndentType::Hanging(hanging)), None, None)
                            } else {
                                // A later paragraph of the same item: aligned
                                // with the item's text, no label of its own.
                                p.indent(Some(left), Some(SpecialIndentType::FirstLine(0)), None, None)
                            }
                        }
                        None => Paragraph::new(),
                    };
                    let p = self.inlines(p, &para.content);
                    self.push(p);
                    if let Some((_, _, labelled)) = &mut list {
                        *labelled = false;
                    }
                }
                Block::Quote(q) => {
                    for b in &q.blocks {
                        self.quote_block(b)?;
                    }
                }
                Block::List(l) => self.list(l, list.map(|(_, level, _)| level + 1))?,
                Block::Figure(f) => self.figure(f)?,
                Block::FigureRow(r) => self.row(r)?,
                Block::Note(n) => self.pending_notes.push(n.text.clone()),
                Block::Table(t) => self.table(t)?,
            }
        }
        Ok(())
    }

    /// A block inside a quote: paragraphs take the Quote style; anything
    /// else is written as usual.
    fn quote_block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Paragraph(para) => {
                let p = self.inlines(Paragraph::new().style(id::QUOTE), &para.content);
                self.push(p);
                Ok(())
            }
            other => self.blocks(std::slice::from_ref(other), None),
        }
    }

    /// A list is one numbering instance (so an ordered list restarts at its
    /// own start number, the model's first label); the first paragraph of
    /// each item is numbered at `level`.
    fn list(&mut self, list: &List, level: Option<usize>) -> Result<()> {
        let level = level.unwrap_or(0).min(styles::MAX_LIST_LEVEL);
        let num_id = self.next_num_id;
        self.next_num_id += 1;
        let numbering = match list.label(0) {
            ListLabel::Number(start) => Numbering::new(num_id, styles::DECIMAL_ABSTRACT_ID)
                .add_override(LevelOverride::new(level).start(usize::try_from(start).unwrap_or(1))),
            ListLabel::Bullet => Numbering::new(num_id, styles::BULLET_ABSTRACT_ID),
        };
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_numbering(numbering);
        for (_, item) in list.labelled_items() {
            self.blocks(item, Some((num_id, level, true)))?;
        }
        Ok(())
    }

    /// The picture at text width ([`pictures::alone_size`]), its alt text
    /// the caption's words, kept with its caption, then the caption `图` +
    /// SEQ field + `　caption` and, when there is a credit, `　credit` in a
    /// paragraph of its own style after a style separator (the caption
    /// paragraph's mark is hidden, `w:specVanish`): Word, WPS and LibreOffice
    /// set both on one line, the words of [`Figure::caption_line`], while
    /// Word's table of figures collects only the caption paragraph, and the
    /// credit's style tells `import` exactly where it starts. An uncaptioned
    /// picture is the picture paragraph alone, its alt text its text
    /// alternative (none: decorative), with the space a caption would leave
    /// below it.
    fn figure(&mut self, fig: &Figure) -> Result<()> {
        let (width, height) = self.pictures.pixels(&fig.src);
        let run = self
            .pictures
            .run(described(fig), pictures::alone_size(width, height));
        let picture = Paragraph::new().style(id::FIGURE).add_run(run);
        let Some(cap) = &fig.caption else {
            self.push(picture.line_spacing(LineSpacing::new().after(space_after_figure())));
            return Ok(());
        };
        self.push(picture);

        let caption = Paragraph::new().style(id::CAPTION).keep_lines(true);
        let (caption, credit) = self.caption_words(caption, cap);
        let Some(credit) = credit else {
            self.push(caption);
            return Ok(());
        };
        self.push(
            caption
                .keep_next(true)
                .run_property(RunProperty::new().vanish().spec_vanish()),
        );
        self.push(
            Paragraph::new()
                .style(id::CREDIT)
                .keep_lines(true)
                .add_run(text_run(&credit, RunStyle::default())),
        );
        Ok(())
    }

    /// Pictures side by side: one picture paragraph holding the drawings
    /// at [`pictures::row_sizes`], [`pictures::row_gap`] between two; then,
    /// when any has a caption, one caption paragraph with a centre tab stop
    /// under the middle of each picture and, per picture, a tab and its
    /// caption (`图` + SEQ field + `　caption`, the credit's `　credit` in
    /// runs of the credit character style); an uncaptioned picture's part
    /// is the tab alone. Without captions the row leaves the space a
    /// caption would below it.
    fn row(&mut self, row: &FigureRow) -> Result<()> {
        let px: Vec<(u32, u32)> = row.figures.iter().map(|f| self.pictures.pixels(&f.src)).collect();
        let sizes = pictures::row_sizes(&px);
        let mut picture = Paragraph::new().style(id::FIGURE);
        for (i, (fig, size)) in row.figures.iter().zip(&sizes).enumerate() {
            if i > 0 {
                picture = picture.add_run(plain_run(&pictures::row_gap()));
            }
            picture = picture.add_run(self.pictures.run(described(fig), *size));
        }
        if row.figures.iter().all(|f| f.caption.is_none()) {
            self.push(picture.line_spacing(LineSpacing::new().after(space_after_figure())));
            return Ok(());
        }
        self.push(picture);
        let mut caption = Paragraph::new()
            .style(id::CAPTION)
            .keep_lines(true)
            .align(AlignmentType::Left);
        for stop in pictures::caption_tab_stops(&sizes) {
            caption = caption.add_tab(Tab::new().val(TabValueType::Center).pos(stop));
        }
        for fig in &row.figures {
            caption = caption.add_run(Run::new().add_tab());
            let Some(cap) = &fig.caption else { continue };
            let (words, credit) = self.caption_words(caption, cap);
            caption = words;
            if let Some(credit) = credit {
                self.credit_runs = true;
                caption = caption.add_run(text_run(&credit, RunStyle::default()).style(id::CREDIT_CHAR));
            }
        }
        self.push(caption);
        Ok(())
    }

    /// Appends to `p` a caption's label (`图` + SEQ field), separator and
    /// words; gives back the credit with the separator before it, for the
    /// caller to set apart.
    fn caption_words(&mut self, mut p: Paragraph, cap: &FigureCaption) -> (Paragraph, Option<String>) {
        let parts = cap.parts();
        let mut credit: Option<String> = None;
        for (i, part) in parts.iter().enumerate() {
            let before_credit = parts
                .get(i + 1)
                .is_some_and(|p| p.kind == CaptionPartKind::Credit);
            p = match part.kind {
                // `图` and a SEQ field showing the number, so that Word can
                // renumber figures and list them (图表目录).
                CaptionPartKind::Label => {
                    let (prefix, digits) = caption::label_parts(cap.number);
                    seq_label(p, prefix, &digits)
                }
                CaptionPartKind::Text => self.inlines(p, part.inlines),
                CaptionPartKind::Separator if !before_credit => {
                    p.add_run(text_run(&part.text, RunStyle::default()))
                }
                CaptionPartKind::Separator | CaptionPartKind::Credit => {
                    credit.get_or_insert_with(String::new).push_str(&part.text);
                    p
                }
            };
        }
        (p, credit)
    }

    /// A table (see [`tables`]): its caption above it, `表` + SEQ field +
    /// `　caption` in the Caption style, kept with the table; the table;
    /// then its notes in the Table Note style, the last one with the space
    /// a figure's caption leaves below it.
    fn table(&mut self, t: &Table) -> Result<()> {
        if t.row_count() == 0 || t.column_count() == 0 {
            // Word requires a row and a cell in every table.
            anyhow::bail!("line {}: the table has no cells", t.line);
        }
        let caption_style = house::of(Kind::Caption);
        let line = house::body_line_pt() * 20.0;
        if let Some(c) = &t.caption {
            let p = Paragraph::new()
                .style(id::CAPTION)
                .keep_next(true)
                .keep_lines(true)
                .line_spacing(
                    LineSpacing::new()
                        .before((caption_style.before * line).round() as u32)
                        .after((house::CAPTION_GAP * line).round() as u32),
                );
            let mut p = seq_label(p, TABLE_PREFIX, &c.number.to_string());
            if !c.text().is_empty() {
                p = p.add_run(text_run(&CAPTION_SEPARATOR.to_string(), RunStyle::default()));
                p = self.inlines(p, &c.content);
            }
            self.push(p);
        }
        let em = f32::from(house::TABLE_SIZE) * 20.0;
        let mut measurer = tables::Measurer::new(&self.assets.fonts);
        let widths = tables::column_widths(t, TEXT_WIDTH_TWIPS, em, &mut measurer);
        let table = tables::build(t, self.table_rules, &widths, |p, content| {
            // Notes before an uncaptioned table go to its first cell.
            let p = self.inlines(p, content);
            let p = self.with_notes(p);
            self.identified(p)
        });
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(table);
        self.tables.push(TableInfo {
            properties: tables::properties_xml(t, self.table_rules, widths.iter().sum()),
            head_rows: t.head.len(),
        });
        for (i, note) in t.notes.iter().enumerate() {
            let mut p = Paragraph::new().style(id::TABLE_NOTE);
            if i + 1 == t.notes.len() {
                p = p.line_spacing(LineSpacing::new().after((caption_style.after * line).round() as u32));
            }
            let p = self.inlines(p, &note.content);
            self.push(p);
        }
        Ok(())
    }
}

/// `prefix` (`图`, `表`) and a SEQ field named after it showing `digits`:
/// the label of a caption, which Word can renumber and list (图表目录).
fn seq_label(p: Paragraph, prefix: &str, digits: &str) -> Paragraph {
    let plain = RunStyle::default();
    p.add_run(text_run(prefix, plain))
        .add_run(
            Run::new()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::Unsupported(format!(" SEQ {prefix} \\* ARABIC ")))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(text_run(digits, plain))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
}

/// The last paragraph of a body child: the paragraph itself, or the last
/// paragraph of a table's last cell.
fn last_paragraph(child: Option<&mut DocumentChild>) -> Option<&mut Paragraph> {
    match child? {
        DocumentChild::Paragraph(p) => Some(p.as_mut()),
        DocumentChild::Table(t) => {
            let TableChild::TableRow(row) = t.rows.last_mut()?;
            let TableRowChild::TableCell(cell) = row.cells.last_mut()?;
            match cell.children.last_mut()? {
                TableCellContent::Paragraph(p) => Some(p.as_mut()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a picture drawing shows a reader who cannot see it (see
/// [`Figure::alt_text`]).
fn described(fig: &Figure) -> Described<'_> {
    Described {
        src: &fig.src,
        number: fig.number(),
        alt: fig.alt_text(),
    }
}

/// The space below a picture without a caption, in twips: what a caption
/// leaves below a figure.
fn space_after_figure() -> u32 {
    (house::of(Kind::Caption).after * house::body_line_pt() * 20.0).round() as u32
}

/// What writing inlines counts on: hyperlinks, comments, paragraph ids,
/// drawings.
struct InlineCtx<'a, 'b> {
    links: &'a mut u32,
    comments: &'a mut Comments,
    para_ids: &'a mut u32,
    pictures: &'a mut Pictures<'b>,
}

/// Appends the runs of `content` to `p`.
fn inlines(mut p: Paragraph, content: &[Inline], style: RunStyle, ctx: &mut InlineCtx) -> Paragraph {
    for inline in content {
        p = match inline {
            Inline::Link { url, content } => {
                *ctx.links += 1;
                let mut link = Hyperlink::new(url, HyperlinkType::External);
                // docx-rs numbers links from a process-wide counter; the
                // relationship id must depend on the document alone.
                if let HyperlinkData::External { rid, .. } = &mut link.link {
                    *rid = format!("rIdHyperlink{}", ctx.links);
                }
                let mut runs = Vec::new();
                push_runs(content, RunStyle { link: true, ..style }, ctx.pictures, &mut runs);
                p.add_hyperlink(runs.into_iter().fold(link, Hyperlink::add_run))
            }
            Inline::Strong(c) => inlines(p, c, RunStyle { bold: true, ..style }, ctx),
            Inline::Emphasis(c) => inlines(
                p,
                c,
                RunStyle {
                    emphasis: true,
                    ..style
                },
                ctx,
            ),
            Inline::Note(note) => {
                let comment = ctx.comments.make(note, ctx.para_ids);
                let id = comment.id();
                p.add_comment_start(comment).add_comment_end(id)
            }
            other => {
                let mut runs = Vec::new();
                push_runs(std::slice::from_ref(other), style, ctx.pictures, &mut runs);
                runs.into_iter().fold(p, Paragraph::add_run)
            }
        };
    }
    p
}

/// The runs of `content` (which holds no link: links do not nest); a
/// picture inside the text is a drawing one em high
/// ([`pictures::inline_size`]), its alt text its text alternative.
fn push_runs(content: &[Inline], style: RunStyle, pics: &mut Pictures, out: &mut Vec<Run>) {
    for inline in content {
        match inline {
            Inline::Text(t) => out.push(text_run(t, style)),
            Inline::Code(t) => {
                out.push(text_run(t, style).fonts(hinted(t, RunFonts::new().ascii("Courier New"))))
            }
            Inline::Strong(c) => push_runs(c, RunStyle { bold: true, ..style }, pics, out),
            Inline::Emphasis(c) => push_runs(
                c,
                RunStyle {
                    emphasis: true,
                    ..style
                },
                pics,
                out,
            ),
            Inline::Link { content, .. } => push_runs(content, style, pics, out),
            Inline::LineBreak => out.push(Run::new().add_break(BreakType::TextWrapping)),
            // A note inside a link's text has no place in Word (a comment
            // cannot start inside a hyperlink); the link's words are kept.
            Inline::Note(_) => {}
            Inline::Image(image) => {
                let size = pictures::inline_size(pics.pixels(&image.src));
                let pic = Described {
                    src: &image.src,
                    number: None,
                    alt: image.alt_text().map(str::to_string),
                };
                out.push(pics.run(pic, size));
            }
        }
    }
}

/// A run of `text` with the formatting of `style`, hinted East Asian when it
/// holds a mark Word would otherwise set in the Latin font.
fn text_run(text: &str, style: RunStyle) -> Run {
    let mut run = Run::new().add_text(text);
    if needs_east_asian_hint(text) {
        run = run.fonts(RunFonts::new().hint("eastAsia"));
    }
    if style.emphasis {
        run = run.style(id::EMPHASIS);
    } else if style.link {
        run = run.style(id::HYPERLINK);
    }
    if style.bold {
        run = run.bold();
    }
    if style.link && style.emphasis {
        run = run.underline("single");
    }
    run
}

/// A run of `text` without direct formatting.
pub fn plain_run(text: &str) -> Run {
    text_run(text, RunStyle::default())
}

/// `fonts` with the East Asian hint added when `text` needs it.
fn hinted(text: &str, fonts: RunFonts) -> RunFonts {
    if needs_east_asian_hint(text) {
        fonts.hint("eastAsia")
    } else {
        fonts
    }
}

/// Whether `text` holds one of [`EAST_ASIAN_HINTED`].
pub fn needs_east_asian_hint(text: &str) -> bool {
    text.chars().any(|c| EAST_ASIAN_HINTED.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotation_marks_dashes_and_ellipses_need_the_east_asian_hint() {
        for s in ["“两个维护”", "‘亲历’", "——总结", "……"] {
            assert!(needs_east_asian_hint(s), "{s}");
        }
        for s in ["五年来，全国政协办公厅。", "《文库》", "147个", "\"ascii\" - ..."] {
            assert!(!needs_east_asian_hint(s), "{s}");
        }
    }

    #[test]
    fn paragraph_ids_are_eight_hex_digits() {
        assert_eq!(para_id(1), "00000001");
        assert_eq!(para_id(255), "000000FF");
    }
}
