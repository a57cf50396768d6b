//! `word/document.xml` → a flat list of paragraphs, each with its meaning
//! (from [`super::styles`]), its inline content as model inlines, its
//! picture, its list numbering and the notes anchored to it. Tracked
//! changes are applied or undone on the way ([`Changes`]); fields show their
//! results, except a caption's `SEQ` number; comments become notes.
//! Whatever the source conventions cannot express is an error naming the
//! paragraph and its first words.

use std::collections::HashMap;

use anyhow::{bail, Result};
use roxmltree::Node;

use super::styles::{Meaning, RunMarks, Styles};
use super::table::{self, align, TablePara};
use crate::model::{Align, Inline, InlineImage};
use crate::ooxml::rels::Relationship;
use crate::ooxml::table as ooxml_table;
use crate::ooxml::xml::{attr, child, on, toggle};

/// What to do with tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Changes {
    /// Apply insertions, deletions, moves and formatting changes.
    #[default]
    Accept,
    /// Restore the text as it was before them.
    Reject,
}

/// A picture (a `w:drawing` or VML `w:pict` showing an embedded image).
/// Until [`super::images::name_images`] names its file, the model's `src`
/// of the figure or inline image it became is its index in
/// [`Reader::pictures`].
#[derive(Debug, Clone)]
pub struct Picture {
    /// The image's part in the package, e.g. `word/media/image1.jpeg`.
    pub part: String,
    /// The picture's title (zhpress writes the image's source path there).
    pub title: Option<String>,
    /// The picture's text alternative (`wp:docPr/@descr`); `None` when it
    /// is empty or the picture is marked decorative.
    pub descr: Option<String>,
    /// Whether it floats (`wp:anchor`): it is placed after its paragraph.
    pub floating: bool,
    /// The paragraph it stands in, for messages.
    pub place: String,
}

/// One tab-led part of a caption paragraph under a row of pictures (see
/// [`Para::segments`]).
#[derive(Debug, Clone, Default)]
pub struct Segment {
    /// Its words (label included) as model inlines.
    pub content: Vec<Inline>,
    /// The text of its runs in the credit character style, if any.
    pub credit: Option<String>,
}

/// One body paragraph, read for meaning.
#[derive(Debug, Clone)]
pub struct Para {
    /// 1-based number among the body's paragraphs (for messages).
    pub number: usize,
    /// Its first words (for messages).
    pub first_words: String,
    /// What its style makes of it.
    pub meaning: Meaning,
    /// `w:numId` and level when it is numbered by a list.
    pub list: Option<(String, u8)>,
    /// Its text as model inlines (notes included).
    pub content: Vec<Inline>,
    /// The pictures standing as its content when it holds pictures and no
    /// text (indices into [`Reader::pictures`]; pictures among text are
    /// inline images of [`Para::content`]).
    pub pictures: Vec<usize>,
    /// The floating pictures anchored to it when it holds text: placed
    /// after it.
    pub floating: Vec<usize>,
    /// A caption paragraph's tab-led parts, when it has tabs: under a row
    /// of pictures, one per picture (the text before the first tab, if
    /// any, first).
    pub segments: Vec<Segment>,
    /// The identifier of the caption `SEQ` field it held (`图`, `表`,
    /// `Table`), if any.
    pub seq: Option<String>,
    /// Its own alignment (`w:jc`), when it sets one.
    pub align: Option<Align>,
    /// The table it stands for: a table is read as one item of the body's
    /// sequence, between the paragraphs around it.
    pub table: Option<Box<TablePara>>,
    /// Notes anchored to the whole paragraph.
    pub notes_before: Vec<String>,
    /// Whether its mark is a style separator (it reads on one line with the next).
    pub separator: bool,
}

impl Para {
    /// Whether it holds a picture of any kind: standing as its content,
    /// floating, or inside its text.
    pub fn holds_picture(&self) -> bool {
        !self.pictures.is_empty() || !self.floating.is_empty() || has_image(&self.content)
    }

    /// Where the paragraph is, for messages: `paragraph N (“first words”)`.
    pub fn place(&self) -> String {
        match &self.table {
            Some(t) => t.place(&self.first_words),
            None => format!("paragraph {} (“{}”)", self.number, self.first_words),
        }
    }
}

/// What reading the body needs.
pub struct Reader<'a> {
    /// The paragraph and character styles.
    pub styles: &'a Styles,
    /// The relationships of `word/document.xml`.
    pub rels: &'a HashMap<String, Relationship>,
    /// Comment id → note text.
    pub comments: &'a HashMap<String, String>,
    /// Accept or reject tracked changes.
    pub changes: Changes,
    /// The file's name for messages.
    pub file: &'a str,
    /// How many tracked changes were applied or undone.
    pub tracked: usize,
    /// How many comments became notes.
    pub notes: usize,
    /// Every picture read, in document order.
    pub pictures: Vec<Picture>,
    /// Where each comment started: paragraph index and whether at its start.
    starts: HashMap<String, (usize, bool)>,
    /// How many tables have been read.
    tables: usize,
    /// The cell being read, for messages (`table 2 (“项目”), row 3,
    /// column 1`), when reading one.
    cell: Option<String>,
}

/// The hyperlink a piece of text is in: a number telling one link from the
/// next (two links to one URL side by side stay two), and the URL.
type Link = Option<(usize, String)>;

/// A piece of paragraph content before it becomes inlines.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, RunMarks, Link),
    /// A tab: a space in text, a part's start in a row's caption.
    Tab(RunMarks, Link),
    /// A picture inline with the text (an index into [`Reader::pictures`]).
    Picture(usize, RunMarks, Link),
    Break(RunMarks, Link),
    Note(String),
    CommentStart(String),
    CommentEnd(String),
}

/// A field being read: its instruction and whether its result has started.
struct Field {
    instr: String,
    in_result: bool,
    /// Its number among the paragraph's links and fields.
    id: usize,
}

/// The state of one paragraph's walk.
struct Walk {
    pieces: Vec<Piece>,
    fields: Vec<Field>,
    link: Link,
    /// How many links and fields have opened so far.
    opened: usize,
    /// Floating pictures anchored here (indices into [`Reader::pictures`]).
    floating: Vec<usize>,
    seq: Option<String>,
}

impl<'a> Reader<'a> {
    /// A reader; counts start at zero.
    pub fn new(
        styles: &'a Styles,
        rels: &'a HashMap<String, Relationship>,
        comments: &'a HashMap<String, String>,
        changes: Changes,
        file: &'a str,
    ) -> Reader<'a> {
        Reader {
            styles,
            rels,
            comments,
            changes,
            file,
            tracked: 0,
            notes: 0,
            pictures: Vec::new(),
            starts: HashMap::new(),
            tables: 0,
            cell: None,
        }
    }

    /// Reads the paragraphs of `w:body`, in order, with tracked paragraph
    /// marks applied (a deleted mark joins a paragraph to the next).
    pub fn body(&mut self, body: Node) -> Result<Vec<Para>> {
        let mut paras = Vec::new();
        let mut joins = Vec::new();
        self.blocks(body, &mut paras, &mut joins)?;
        Ok(join_paragraphs(paras, &joins))
    }

    /// The block content of `parent` (its nesting is bounded by the XML
    /// depth limit of [`super::package::parse_xml`]).
    fn blocks(&mut self, parent: Node, paras: &mut Vec<Para>, joins: &mut Vec<bool>) -> Result<()> {
        for n in parent.children().filter(Node::is_element) {
            let name = n.tag_name().name();
            if on(n, "p") {
                let (para, join) = self.paragraph(n, paras)?;
                paras.push(para);
                joins.push(join);
            } else if on(n, "tbl") {
                if let Some(table) = self.table(n, paras)? {
                    paras.push(table);
                    joins.push(false);
                }
            } else if on(n, "sdt") {
                if let Some(content) = child(n, "sdtContent") {
                    self.blocks(content, paras, joins)?;
                }
            } else if on(n, "customXml") || on(n, "ins") || on(n, "moveTo") {
                self.blocks(n, paras, joins)?;
            } else if name == "oMathPara" || name == "oMath" {
                bail!(
                    "{}: an equation after {}: equations are not supported; write the formula as text",
                    self.file,
                    self.after(paras)
                );
            } else if on(n, "altChunk") {
                bail!(
                    "{}: a document embedded as a whole (`altChunk`) after {}: its content is not part of the document's text; open the file in Word and save it as DOCX (Word merges it), or paste its text",
                    self.file,
                    self.after(paras)
                );
            } else if name == "AlternateContent" {
                bail!(
                    "{}: a drawing object after {}: only pictures with a caption are supported",
                    self.file,
                    self.after(paras)
                );
            }
        }
        Ok(())
    }

    /// A table, read as one item of the sequence: each cell's paragraphs
    /// become the cell's inlines ([`table::cell`]), the rows a model table
    /// ([`table::assemble`]). Rows inserted or deleted as tracked changes
    /// are kept or dropped as paragraphs are. `None` for a table without
    /// cells.
    fn table(&mut self, tbl: Node, paras: &[Para]) -> Result<Option<Para>> {
        let first_words = table::first_words(tbl);
        if let Some(cell) = &self.cell {
            bail!(
                "{}: {cell}: a table inside a table cell; a source's table holds text only: split it into tables of their own",
                self.file
            );
        }
        self.tables += 1;
        let ordinal = self.tables;
        let name = table::place(ordinal, &first_words);
        let hints = table::HeaderHints {
            look_first_row: child(tbl, "tblPr")
                .and_then(|p| child(p, "tblLook"))
                .is_some_and(look_first_row),
        };
        let mut rows = Vec::new();
        let mut header = Vec::new();
        let mut notes = Vec::new();
        for tr in ooxml_table::rows(tbl) {
            let trpr = child(tr, "trPr");
            let inserted = trpr.is_some_and(|p| child(p, "ins").is_some());
            let deleted = trpr.is_some_and(|p| child(p, "del").is_some());
            if inserted || deleted {
                self.tracked += 1;
            }
            let gone = match self.changes {
                Changes::Accept => deleted,
                Changes::Reject => inserted,
            };
            if gone {
                continue;
            }
            header.push(ooxml_table::is_header(tr));
            let mut cells = Vec::new();
            for (c, tc) in ooxml_table::cells(tr).into_iter().enumerate() {
                let place = format!("{name}, row {}, cell {}", rows.len() + 1, c + 1);
                let text = self.cell(tc, &place, &mut notes)?;
                cells.push((ooxml_table::CellSpans::read(tc), text));
            }
            let (before, _) = ooxml_table::grid_before_after(tr);
            rows.push(ooxml_table::RawRow { before, cells });
        }
        let Some(model) = table::assemble(rows, &header, hints)
            .map_err(|e| anyhow::anyhow!("{}: {name}: {e}; a source's table cannot hold it", self.file))?
        else {
            return Ok(None);
        };
        Ok(Some(Para {
            number: paras.len() + 1,
            first_words,
            meaning: Meaning::Body,
            list: None,
            content: Vec::new(),
            pictures: Vec::new(),
            floating: Vec::new(),
            segments: Vec::new(),
            seq: None,
            align: None,
            table: Some(Box::new(TablePara {
                table: model,
                ordinal,
                caption: None,
                notes: Vec::new(),
                label_only: false,
            })),
            notes_before: notes,
            separator: false,
        }))
    }

    /// Where the paragraphs so far end, for messages: after the last one,
    /// or the cell being read.
    fn after(&self, paras: &[Para]) -> String {
        match &self.cell {
            Some(cell) => format!("the start of {cell}"),
            None => after(paras),
        }
    }

    /// One cell's paragraphs as the cell's text; `place` names the cell.
    /// Comments are resolved within the cell; their notes go to `notes`.
    fn cell(&mut self, tc: Node, place: &str, notes: &mut Vec<String>) -> Result<table::CellText> {
        let outer = self.cell.replace(place.to_string());
        let starts = std::mem::take(&mut self.starts);
        let mut paras = Vec::new();
        let mut joins = Vec::new();
        let read = self.blocks(tc, &mut paras, &mut joins);
        self.cell = outer;
        self.starts = starts;
        read?;
        table::cell(
            join_paragraphs(paras, &joins),
            &format!("{}: {place}", self.file),
            notes,
        )
    }

    /// One paragraph, and whether its mark is gone (it joins the next).
    fn paragraph(&mut self, p: Node, before: &mut [Para]) -> Result<(Para, bool)> {
        let number = before.len() + 1;
        let first_words: String = p
            .descendants()
            .filter(|n| on(*n, "t"))
            .filter_map(|n| n.text())
            .collect::<String>()
            .chars()
            .take(12)
            .collect();
        let place = match &self.cell {
            Some(cell) => format!("{}: {cell}", self.file),
            None => format!("{}: paragraph {number} (“{first_words}”)", self.file),
        };
        let mut ppr = child(p, "pPr");
        if self.changes == Changes::Reject {
            if let Some(old) = ppr
                .and_then(|x| child(x, "pPrChange"))
                .and_then(|c| child(c, "pPr"))
            {
                self.tracked += 1;
                ppr = Some(old);
            }
        } else if ppr.and_then(|x| child(x, "pPrChange")).is_some() {
            self.tracked += 1;
        }
        let style = ppr.and_then(|x| child(x, "pStyle")).and_then(|s| attr(s, "val"));
        let mut meaning = self.styles.paragraph(style);
        if meaning == Meaning::Body {
            let level = ppr
                .and_then(|x| child(x, "outlineLvl"))
                .and_then(|o| attr(o, "val"))
                .and_then(|v| v.parse::<u8>().ok());
            if let Some(l) = level.filter(|&l| l < 9) {
                meaning = Meaning::Heading(l + 1);
            }
        }
        // A paragraph's own `w:numPr`, else its style's (Word's *List
        // Number*, *List Bullet*); its own `w:numId` 0 turns numbering off.
        // A heading's numbering (`1.1`) is not a list.
        let own = ppr.and_then(|x| child(x, "numPr"));
        let own_id = own.and_then(|np| child(np, "numId")).and_then(|n| attr(n, "val"));
        let own_level: Option<u8> = own
            .and_then(|np| child(np, "ilvl"))
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.parse().ok());
        let styled = match meaning {
            Meaning::Heading(_) | Meaning::Title | Meaning::Subtitle | Meaning::Author => None,
            _ => self.styles.numbering(style),
        };
        let list = match (own_id, styled) {
            (Some(id), styled) => Some((id.to_string(), own_level.or(styled.and_then(|s| s.1)))),
            (None, Some((id, level))) => Some((id.clone(), own_level.or(*level))),
            (None, None) => None,
        }
        .map(|(id, level)| (id, level.unwrap_or(0)))
        .filter(|(id, _)| id != "0");
        let mark = ppr.and_then(|x| child(x, "rPr"));
        let separator = mark.is_some_and(|m| toggle(m, "specVanish"));
        let mark_inserted = mark.is_some_and(|m| child(m, "ins").is_some() || child(m, "moveTo").is_some());
        let mark_deleted = mark.is_some_and(|m| child(m, "del").is_some() || child(m, "moveFrom").is_some());
        if mark_inserted || mark_deleted {
            self.tracked += 1;
        }
        let join = match self.changes {
            Changes::Accept => mark_deleted,
            Changes::Reject => mark_inserted,
        };

        let mut walk = Walk {
            pieces: Vec::new(),
            fields: Vec::new(),
            link: None,
            opened: 0,
            floating: Vec::new(),
            seq: None,
        };
        self.inline(p, &mut walk, &place)?;
        // Pictures with no text beside them stand as the paragraph's
        // content (with the floating ones); among text they are inline.
        let has_text = walk
            .pieces
            .iter()
            .any(|x| matches!(x, Piece::Text(t, ..) if !t.trim().is_empty()));
        let mut pictures = Vec::new();
        let mut floating = walk.floating;
        if !has_text {
            walk.pieces.retain(|x| match x {
                Piece::Picture(i, ..) => {
                    pictures.push(*i);
                    false
                }
                _ => true,
            });
            pictures.append(&mut floating);
        }
        let segments = match meaning == Meaning::Caption || walk.seq.is_some() {
            true => segments(&walk.pieces),
            false => Vec::new(),
        };
        let index = before.len();
        let has_picture = !pictures.is_empty() || !floating.is_empty();
        let (content, notes_before) = self.resolve_comments(walk.pieces, has_picture, index, before);
        Ok((
            Para {
                number,
                first_words,
                meaning,
                list,
                content,
                pictures,
                floating,
                segments,
                seq: walk.seq,
                align: ppr
                    .and_then(|x| child(x, "jc"))
                    .and_then(|j| attr(j, "val"))
                    .map(align),
                table: None,
                notes_before,
                separator,
            },
            join,
        ))
    }

    /// Walks the inline content of `n` (a paragraph or an inline
    /// container; nesting is bounded as for [`Reader::blocks`]).
    fn inline(&mut self, n: Node, walk: &mut Walk, place: &str) -> Result<()> {
        for c in n.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            match name {
                "r" if on(c, "r") => self.run(c, walk, place)?,
                "ins" | "moveTo" if on(c, name) => {
                    self.tracked += 1;
                    if self.changes == Changes::Accept {
                        self.inline(c, walk, place)?;
                    }
                }
                "del" | "moveFrom" if on(c, name) => {
                    self.tracked += 1;
                    if self.changes == Changes::Reject {
                        self.inline(c, walk, place)?;
                    }
                }
                "hyperlink" if on(c, name) => {
                    let url = attr(c, "id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone());
                    walk.opened += 1;
                    let id = walk.opened;
                    let inner = url.map(|u| (id, u)).or_else(|| walk.link.clone());
                    let outer = std::mem::replace(&mut walk.link, inner);
                    self.inline(c, walk, place)?;
                    walk.link = outer;
                }
                "fldSimple" if on(c, name) => {
                    walk.opened += 1;
                    walk.fields.push(Field {
                        instr: attr(c, "instr").unwrap_or("").to_string(),
                        in_result: true,
                        id: walk.opened,
                    });
                    self.field_started(walk);
                    self.inline(c, walk, place)?;
                    walk.fields.pop();
                }
                "smartTag" | "customXml" | "dir" | "bdo" if on(c, name) => self.inline(c, walk, place)?,
                "sdt" if on(c, name) => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.inline(content, walk, place)?;
                    }
                }
                "commentRangeStart" if on(c, name) => {
                    walk.pieces
                        .push(Piece::CommentStart(attr(c, "id").unwrap_or("").into()));
                }
                "commentRangeEnd" if on(c, name) => {
                    walk.pieces
                        .push(Piece::CommentEnd(attr(c, "id").unwrap_or("").into()));
                }
                "oMath" | "oMathPara" => {
                    bail!("{place}: an equation; equations are not supported, write the formula as text")
                }
                // Content for newer readers with a fallback for older ones:
                // the fallback is what a reader that knows no extension shows.
                "AlternateContent" => {
                    if let Some(branch) = alternate_branch(c) {
                        self.inline(branch, walk, place)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Notes that a field with a `SEQ` instruction is a caption number,
    /// and what it numbers (its identifier: `图`, `表`, `Table`).
    fn field_started(&self, walk: &mut Walk) {
        if let Some(f) = walk.fields.last().filter(|f| field_kind(&f.instr) == "SEQ") {
            let identifier = f.instr.split_whitespace().nth(1).unwrap_or("");
            walk.seq.get_or_insert_with(|| identifier.to_string());
        }
    }

    /// One run: its marks, then its text, breaks, fields and pictures.
    fn run(&mut self, r: Node, walk: &mut Walk, place: &str) -> Result<()> {
        let mut rpr = child(r, "rPr");
        if let Some(change) = rpr.and_then(|x| child(x, "rPrChange")) {
            self.tracked += 1;
            if self.changes == Changes::Reject {
                rpr = child(change, "rPr");
            }
        }
        let mut marks = rpr.map(RunMarks::direct).unwrap_or_default();
        if let Some(style) = rpr.and_then(|x| child(x, "rStyle")).and_then(|s| attr(s, "val")) {
            let s = self.styles.character(style);
            marks.bold |= s.bold;
            marks.emphasis |= s.emphasis;
            marks.code |= s.code;
            marks.credit |= s.credit;
        }
        for c in r.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            let w = |n: &str| on(c, n);
            if w("fldChar") {
                match attr(c, "fldCharType") {
                    Some("begin") => {
                        walk.opened += 1;
                        walk.fields.push(Field {
                            instr: String::new(),
                            in_result: false,
                            id: walk.opened,
                        })
                    }
                    Some("separate") => {
                        if let Some(f) = walk.fields.last_mut() {
                            f.in_result = true;
                        }
                        self.field_started(walk);
                    }
                    Some("end") => {
                        walk.fields.pop();
                    }
                    _ => {}
                }
                continue;
            }
            if w("instrText") {
                if let Some(f) = walk.fields.last_mut() {
                    f.instr.push_str(c.text().unwrap_or(""));
                }
                continue;
            }
            if walk.fields.iter().any(|f| !f.in_result) {
                continue;
            }
            if walk.fields.iter().any(|f| field_kind(&f.instr) == "SEQ") {
                // The caption number: the model numbers figures itself.
                continue;
            }
            let link = walk
                .fields
                .iter()
                .rev()
                .find_map(|f| hyperlink_field(&f.instr).map(|url| (f.id, url)))
                .or_else(|| walk.link.clone());
            if w("t") || (w("delText") && self.changes == Changes::Reject) {
                let text = c.text().unwrap_or("").replace(['\n', '\r'], " ");
                walk.pieces.push(Piece::Text(text, marks, link));
            } else if w("tab") || w("ptab") {
                walk.pieces.push(Piece::Tab(marks, link));
            } else if w("sym") {
                let text = symbol(c).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{place}: a symbol from the font `{}` (code {}) that has no Unicode character; insert the character itself (Insert → Symbol, font “(normal text)”)",
                        attr(c, "font").unwrap_or("?"),
                        attr(c, "char").unwrap_or("?")
                    )
                })?;
                walk.pieces.push(Piece::Text(text.to_string(), marks, link));
            } else if w("ruby") {
                // Phonetic guide text: the base text is the text; the guide is decoration.
                if let Some(base) = child(c, "rubyBase") {
                    self.inline(base, walk, place)?;
                }
            } else if w("noBreakHyphen") {
                walk.pieces.push(Piece::Text("\u{2011}".into(), marks, link));
            } else if w("br") || w("cr") {
                if matches!(attr(c, "type"), None | Some("textWrapping")) {
                    walk.pieces.push(Piece::Break(marks, link));
                }
            } else if w("commentReference") {
                walk.pieces
                    .push(Piece::CommentEnd(attr(c, "id").unwrap_or("").into()));
            } else if w("footnoteReference") || w("endnoteReference") {
                bail!("{place}: a footnote; footnotes are not supported, put the note in parentheses in the text");
            } else if w("drawing") || w("pict") || w("object") || name == "AlternateContent" {
                let picture = self.picture(c, place)?;
                let index = self.pictures.len();
                if picture.floating {
                    walk.floating.push(index);
                } else {
                    walk.pieces.push(Piece::Picture(index, marks, link));
                }
                self.pictures.push(picture);
            }
        }
        Ok(())
    }

    /// The picture of a `w:drawing`, `w:pict`, `w:object` or
    /// `mc:AlternateContent`; anything else drawn there (a text box, chart,
    /// SmartArt graphic, embedded object, shape or linked picture) is an
    /// error saying what it is and what to do.
    fn picture(&self, d: Node, place: &str) -> Result<Picture> {
        let any = |local: &str| {
            d.descendants()
                .find(|n| n.is_element() && n.tag_name().name() == local)
        };
        if let Some(what) = drawing_kind(d) {
            bail!("{place}: {what}");
        }
        let blip = any("blip");
        let embedded = blip
            .and_then(|b| attr(b, "embed"))
            .or_else(|| any("imagedata").and_then(|i| attr(i, "id")));
        let linked = blip.and_then(|b| attr(b, "link")).is_some()
            || any("imagedata").is_some_and(|i| attr(i, "href").is_some() && attr(i, "id").is_none());
        let rel = embedded.and_then(|id| self.rels.get(id));
        let Some(rel) = rel.filter(|r| !r.external) else {
            if linked || rel.is_some_and(|r| r.external) {
                bail!("{place}: a linked picture (its file is outside the document); insert the picture itself (Insert → Pictures, not “Link to File”)");
            }
            if any("svgBlip").is_some() {
                bail!(
                    "{place}: an SVG drawing with no picture beside it; export it as PNG and insert the PNG"
                );
            }
            bail!("{place}: a drawing that is not an embedded picture (a drawing shape); draw it in a graphics program, export it as PNG and insert the PNG, or delete it");
        };
        let doc_pr = any("docPr");
        let non_empty = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        let decorative = doc_pr.is_some_and(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "decorative")
                .any(|n| matches!(attr(n, "val"), Some("1" | "true" | "on")))
        });
        // A VML picture's description is its shape's `alt`.
        let vml_alt = any("imagedata")
            .and_then(|i| i.parent_element())
            .and_then(|s| s.attribute("alt"));
        Ok(Picture {
            part: rel.target.clone(),
            title: non_empty(doc_pr.and_then(|n| attr(n, "title"))),
            descr: match decorative {
                true => None,
                false => non_empty(doc_pr.and_then(|n| attr(n, "descr")).or(vml_alt)),
            },
            // DrawingML anchors a floating picture; VML positions one absolutely.
            floating: any("anchor").is_some()
                || d.descendants()
                    .filter_map(|n| n.attribute("style"))
                    .any(|st| st.replace(' ', "").contains("position:absolute")),
            place: place.to_string(),
        })
    }

    /// Turns comment ranges into notes: a comment around the whole
    /// paragraph (or a run of whole paragraphs) is a note before it, any
    /// other one a note where its range ends. Returns the inlines and the
    /// notes before the paragraph.
    fn resolve_comments(
        &mut self,
        pieces: Vec<Piece>,
        has_picture: bool,
        index: usize,
        before: &mut [Para],
    ) -> (Vec<Inline>, Vec<String>) {
        let is_content = |p: &Piece| {
            matches!(
                p,
                Piece::Text(..) | Piece::Tab(..) | Piece::Picture(..) | Piece::Break(..)
            )
        };
        let has_content = has_picture || pieces.iter().any(is_content);
        let mut notes_before = Vec::new();
        let mut out = Vec::new();
        let mut seen_content = false;
        // The index of the last piece of content: a range ending after it ends the paragraph.
        let last_content = pieces.iter().rposition(is_content);
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::CommentStart(id) => {
                    self.starts.insert(id.clone(), (index, !seen_content));
                }
                Piece::CommentEnd(id) => {
                    let Some(text) = self.comments.get(id) else {
                        continue;
                    };
                    if self.starts.get(id) == Some(&(usize::MAX, false)) {
                        continue; // already placed (range end, then reference)
                    }
                    let start = self.starts.insert(id.clone(), (usize::MAX, false));
                    let at_end = last_content.is_none_or(|last| last < i);
                    self.notes += 1;
                    match start {
                        Some((j, true)) if at_end && (j < index || has_content) => {
                            if j < index {
                                before[j].notes_before.push(text.clone());
                            } else {
                                notes_before.push(text.clone());
                            }
                        }
                        _ => out.push(Piece::Note(text.clone())),
                    }
                }
                other => {
                    seen_content |= is_content(other);
                    out.push(other.clone());
                }
            }
        }
        (inlines(&out), notes_before)
    }
}

/// Applies the tracked paragraph marks: a paragraph whose `joins` entry is
/// set takes the next one into it (a chain of them becomes one paragraph).
/// One pass, so a long chain costs no more than its length.
fn join_paragraphs(paras: Vec<Para>, joins: &[bool]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    let mut joining = false;
    for (next, &join) in paras.into_iter().zip(joins) {
        match out.last_mut() {
            // A table takes in no paragraph, and no paragraph a table.
            Some(p) if joining && p.table.is_none() && next.table.is_none() => {
                if p.content.is_empty() && p.pictures.is_empty() {
                    p.meaning = next.meaning;
                    p.list = next.list;
                }
                p.content.extend(next.content);
                p.pictures.extend(next.pictures);
                p.floating.extend(next.floating);
                p.segments.extend(next.segments);
                p.notes_before.extend(next.notes_before);
                if p.seq.is_none() {
                    p.seq = next.seq;
                }
                p.separator = next.separator;
            }
            _ => out.push(next),
        }
        joining = join;
    }
    out
}

/// Whether a `w:tblLook` turns on the table style's header row option:
/// `w:firstRow`, or bit 0x0020 of the older hexadecimal `w:val`.
fn look_first_row(look: Node) -> bool {
    match attr(look, "firstRow") {
        Some(v) => matches!(v, "1" | "true" | "on"),
        None => attr(look, "val")
            .and_then(|v| u32::from_str_radix(v.trim(), 16).ok())
            .is_some_and(|bits| bits & 0x0020 != 0),
    }
}

/// The character of a `w:sym`: its `w:char` in hex, when that is a Unicode
/// character outside the private use area (a code in the private use area
/// means a glyph of a symbol font, which has no character of its own).
fn symbol(sym: Node) -> Option<char> {
    let code = u32::from_str_radix(attr(sym, "char")?.trim(), 16).ok()?;
    let c = char::from_u32(code)?;
    let private = matches!(code, 0xE000..=0xF8FF | 0xF0000..);
    (!private && !c.is_control()).then_some(c)
}

/// The branch of an `mc:AlternateContent` to read: its `mc:Fallback`, else
/// its first `mc:Choice`.
fn alternate_branch<'a, 'i>(alternate: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    let branch = |name: &str| {
        alternate
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == name)
    };
    branch("Fallback").or_else(|| branch("Choice"))
}

/// What a drawing that is not a picture is, and what to do, when it is
/// one: a text box, chart, SmartArt graphic, embedded (OLE) object, group
/// of drawings, ink or drawing shape. `None` for what may be a picture.
fn drawing_kind(d: Node) -> Option<String> {
    let has = |local: &str| {
        d.descendants()
            .any(|n| n.is_element() && n.tag_name().name() == local)
    };
    let uri = d
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "graphicData")
        .and_then(|g| g.attribute("uri"))
        .unwrap_or("");
    let save_as_picture =
        "in Word, right-click it → Save as Picture (PNG), insert that picture in its place and delete";
    Some(if has("txbx") || has("txbxContent") || has("textbox") {
        "a text box; move its text into the body as paragraphs".to_string()
    } else if has("chart") || uri.ends_with("/chart") {
        format!("a chart; {save_as_picture} the chart")
    } else if has("relIds") || uri.ends_with("/diagram") {
        format!("a SmartArt graphic; {save_as_picture} the graphic")
    } else if let Some(ole) = d
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "OLEObject")
    {
        let program = ole
            .attribute("ProgID")
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        format!("an embedded object{program}; copy it, paste it back as a picture (Paste Special → Picture (PNG)) and delete the object")
    } else if has("wgp") || has("grpSp") || has("group") {
        "a group of drawings; draw it in a graphics program and insert it as one PNG picture, or ungroup it and delete the shapes".to_string()
    } else if has("contentPart") {
        "ink (a handwritten drawing); insert it as a PNG picture, or delete it".to_string()
    } else if has("wsp") {
        "a drawing shape, not an embedded picture; draw it in a graphics program, export it as PNG and insert the PNG, or delete it".to_string()
    } else {
        return None;
    })
}

/// A caption paragraph's tab-led parts (see [`Para::segments`]): its pieces
/// split at each tab, the runs in the credit character style taken out as
/// the part's credit. Empty when the paragraph has no tab.
fn segments(pieces: &[Piece]) -> Vec<Segment> {
    if !pieces.iter().any(|p| matches!(p, Piece::Tab(..))) {
        return Vec::new();
    }
    pieces
        .split(|p| matches!(p, Piece::Tab(..)))
        .map(|chunk| {
            let mut credit = String::new();
            let words: Vec<Piece> = chunk
                .iter()
                .filter(|p| match p {
                    Piece::Text(t, m, _) if m.credit => {
                        credit.push_str(t);
                        false
                    }
                    _ => true,
                })
                .cloned()
                .collect();
            let credit =
                credit.trim_matches(|c: char| c.is_whitespace() || c == crate::model::CAPTION_SEPARATOR);
            Segment {
                content: inlines(&words),
                credit: Some(credit.to_string()).filter(|c| !c.is_empty()),
            }
        })
        .collect()
}

/// Whether inlines hold a picture, at any depth.
pub fn has_image(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::Image(_) => true,
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => has_image(c),
        _ => false,
    })
}

/// The first word of a field instruction, e.g. `SEQ`, `HYPERLINK`.
fn field_kind(instr: &str) -> &str {
    instr.split_whitespace().next().unwrap_or("")
}

/// The URL of a `HYPERLINK "url"` field instruction.
fn hyperlink_field(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?.trim();
    if rest.starts_with("\\l") {
        return None;
    }
    let url = rest.strip_prefix('"')?.split('"').next()?;
    Some(url.to_string())
}

/// Where the paragraph before a block is, for messages.
fn after(paras: &[Para]) -> String {
    paras
        .last()
        .map_or("the start of the document".into(), Para::place)
}

/// Pieces → model inlines: links group their runs, bold wraps emphasis,
/// code runs are code; white space at the edges of a mark moves outside it;
/// a note or break between two runs of one mark stays inside it.
fn inlines(pieces: &[Piece]) -> Vec<Inline> {
    // Each piece with its marks and link; notes take what both neighbours share.
    let marks = |p: &Piece| match p {
        Piece::Text(_, m, l) | Piece::Tab(m, l) | Piece::Picture(_, m, l) | Piece::Break(m, l) => {
            Some((*m, l.clone()))
        }
        _ => None,
    };
    // The marks of the next piece of content after each piece (one pass
    // from the end, so a run of many notes costs no more than its length).
    let mut next_marks = vec![None; pieces.len()];
    let mut following = None;
    for (i, p) in pieces.iter().enumerate().rev() {
        next_marks[i] = following.clone();
        if let Some(m) = marks(p) {
            following = Some(m);
        }
    }
    let mut items: Vec<(Item, RunMarks, Link)> = Vec::new();
    let mut prev: Option<(RunMarks, Link)> = None;
    for (i, p) in pieces.iter().enumerate() {
        match p {
            Piece::Text(t, m, l) => items.push((Item::Text(t.clone()), *m, l.clone())),
            Piece::Tab(m, l) => items.push((Item::Text(" ".into()), *m, l.clone())),
            Piece::Picture(i, m, l) => items.push((Item::Picture(*i), *m, l.clone())),
            Piece::Break(m, l) => items.push((Item::Break, *m, l.clone())),
            Piece::Note(t) => {
                let (m, l) = match (prev.clone(), next_marks[i].clone()) {
                    (Some((a, la)), Some((b, lb))) => (
                        RunMarks {
                            bold: a.bold && b.bold,
                            emphasis: a.emphasis && b.emphasis,
                            code: false,
                            credit: false,
                        },
                        if la == lb { la } else { None },
                    ),
                    _ => (RunMarks::default(), None),
                };
                items.push((Item::Note(t.clone()), m, l));
            }
            Piece::CommentStart(_) | Piece::CommentEnd(_) => {}
        }
        if let Some(m) = marks(p) {
            prev = Some(m);
        }
    }
    group_links(&items)
}

/// A piece of content with no marks of its own.
#[derive(Debug, Clone)]
enum Item {
    Text(String),
    /// A picture (an index into [`Reader::pictures`]).
    Picture(usize),
    Break,
    Note(String),
}

fn group_links(items: &[(Item, RunMarks, Link)]) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let link = items[i].2.clone();
        let end = i + items[i..].iter().take_while(|x| x.2 == link).count();
        let inner: Vec<(Item, RunMarks)> = items[i..end].iter().map(|(it, m, _)| (it.clone(), *m)).collect();
        let content = nest_marks(&inner);
        match link {
            Some((_, url)) => out.push(Inline::Link { url, content }),
            None => out.extend(content),
        }
        i = end;
    }
    merge_text(out)
}

/// The inlines of `items`, bold and emphasis nested whichever way gives
/// fewer spans: an italic sentence with a bold word is one emphasis holding
/// a strong span (`*a **b** c*`), a bold one with an italic word the other
/// way round; on a tie bold is outside. Three spans side by side
/// (`*a* ***b****c*`) could not be written as Markdown that reads back.
fn nest_marks(items: &[(Item, RunMarks)]) -> Vec<Inline> {
    let bold_out = group_marks(items, 0, true);
    let emphasis_out = group_marks(items, 0, false);
    match spans(&emphasis_out) < spans(&bold_out) {
        true => emphasis_out,
        false => bold_out,
    }
}

/// How many inlines `inlines` holds, at every depth.
fn spans(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => 1 + spans(c),
            _ => 1,
        })
        .sum()
}

/// Groups items by bold then emphasis (`bold_first`) or the other way
/// round (depths 0 and 1), then by code (depth 2).
fn group_marks(items: &[(Item, RunMarks)], depth: u8, bold_first: bool) -> Vec<Inline> {
    let bold = (depth == 0) == bold_first;
    let key = |m: &RunMarks| match depth {
        0 | 1 if bold => m.bold,
        0 | 1 => m.emphasis,
        _ => m.code,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let on = key(&items[i].1);
        let end = i + items[i..].iter().take_while(|x| key(&x.1) == on).count();
        let group = &items[i..end];
        if depth == 2 {
            for (item, m) in group {
                out.push(match item {
                    Item::Text(t) if m.code => Inline::Code(t.clone()),
                    Item::Text(t) => Inline::Text(t.clone()),
                    Item::Break => Inline::LineBreak,
                    Item::Picture(i) => Inline::Image(InlineImage {
                        src: i.to_string(),
                        alt: String::new(),
                    }),
                    Item::Note(n) => Inline::Note(n.clone()),
                });
            }
        } else if on {
            let inner = merge_text(group_marks(group, depth + 1, bold_first));
            let (leading, inner, trailing) = split_edge_space(inner);
            out.extend(leading);
            if !inner.is_empty() {
                out.push(if bold {
                    Inline::Strong(inner)
                } else {
                    Inline::Emphasis(inner)
                });
            }
            out.extend(trailing);
        } else {
            out.extend(group_marks(group, depth + 1, bold_first));
        }
        i = end;
    }
    out
}

/// Moves white space at the edges of a mark's content outside it.
fn split_edge_space(mut inner: Vec<Inline>) -> (Option<Inline>, Vec<Inline>, Option<Inline>) {
    let mut leading = None;
    if let Some(Inline::Text(t)) = inner.first_mut() {
        let trimmed = t.trim_start().to_string();
        if trimmed.len() < t.len() {
            leading = Some(Inline::Text(t[..t.len() - trimmed.len()].to_string()));
            *t = trimmed;
        }
    }
    let mut trailing = None;
    if let Some(Inline::Text(t)) = inner.last_mut() {
        let trimmed = t.trim_end().to_string();
        if trimmed.len() < t.len() {
            trailing = Some(Inline::Text(t[trimmed.len()..].to_string()));
            *t = trimmed;
        }
    }
    inner.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    (leading, inner, trailing)
}

/// Joins adjacent text and adjacent code, and drops empty text.
pub fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (out.last_mut(), i) {
            (_, Inline::Text(t)) if t.is_empty() => {}
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (Some(Inline::Code(a)), Inline::Code(b)) => a.push_str(&b),
            (Some(Inline::Strong(a)), Inline::Strong(b)) => {
                a.extend(b);
                let merged = merge_text(std::mem::take(a));
                *a = merged;
            }
            (Some(Inline::Emphasis(a)), Inline::Emphasis(b)) => {
                a.extend(b);
                let merged = merge_text(std::mem::take(a));
                *a = merged;
            }
            (_, i) => out.push(i),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longer_mark_goes_outside() {
        let run = |t: &str, bold: bool, emphasis: bool| {
            let marks = RunMarks {
                bold,
                emphasis,
                ..RunMarks::default()
            };
            (Item::Text(t.into()), marks)
        };
        let em = |c: Vec<Inline>| Inline::Emphasis(c);
        let strong = |c: Vec<Inline>| Inline::Strong(c);
        let text = |t: &str| Inline::Text(t.into());
        // An italic sentence with a bold word (pandoc's char_styles.docx).
        let items = [
            run("甲乙", false, true),
            run("丙", true, true),
            run("。", false, true),
        ];
        assert_eq!(
            nest_marks(&items),
            [em(vec![text("甲乙"), strong(vec![text("丙")]), text("。")])]
        );
        // A bold sentence with an italic word, and a tie: bold outside.
        let items = [
            run("甲", true, false),
            run("乙", true, true),
            run("丙", true, false),
        ];
        assert_eq!(
            nest_marks(&items),
            [strong(vec![text("甲"), em(vec![text("乙")]), text("丙")])]
        );
        let items = [run("甲", true, true)];
        assert_eq!(nest_marks(&items), [strong(vec![em(vec![text("甲")])])]);
    }

    fn text(t: &str, bold: bool) -> Piece {
        Piece::Text(
            t.into(),
            RunMarks {
                bold,
                ..Default::default()
            },
            None,
        )
    }

    #[test]
    fn runs_group_into_marks_with_space_outside() {
        let got = inlines(&[text("一是", true), text("坚持。 ", true), text("正文", false)]);
        assert_eq!(
            got,
            [
                Inline::Strong(vec![Inline::Text("一是坚持。".into())]),
                Inline::Text(" 正文".into())
            ]
        );
    }

    #[test]
    fn a_note_between_bold_runs_stays_inside_the_bold() {
        let got = inlines(&[text("甲", true), Piece::Note("注".into()), text("乙", true)]);
        assert_eq!(
            got,
            [Inline::Strong(vec![
                Inline::Text("甲".into()),
                Inline::Note("注".into()),
                Inline::Text("乙".into())
            ])]
        );
    }

    /// A paragraph where a word moved in and another out, and a run's bold
    /// is a tracked formatting change.
    fn moved_and_reformatted(changes: Changes) -> (Vec<Inline>, usize) {
        let xml = concat!(
            r#"<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p>"#,
            r#"<w:moveFrom w:id="1" w:author="甲"><w:r><w:t>旧</w:t></w:r></w:moveFrom>"#,
            r#"<w:moveTo w:id="2" w:author="甲"><w:r><w:t>新</w:t></w:r></w:moveTo>"#,
            r#"<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="甲"><w:rPr/></w:rPrChange></w:rPr><w:t>词</w:t></w:r>"#,
            r#"</w:p></w:body>"#
        );
        let doc = roxmltree::Document::parse(xml).unwrap();
        let (styles, rels, comments) = (Styles::default(), HashMap::new(), HashMap::new());
        let mut reader = Reader::new(&styles, &rels, &comments, changes, "t.docx");
        let paras = reader.body(doc.root_element()).unwrap();
        (paras[0].content.clone(), reader.tracked)
    }

    #[test]
    fn moves_and_formatting_changes_are_accepted_or_rejected() {
        let strong = |t: &str| Inline::Strong(vec![Inline::Text(t.into())]);
        assert_eq!(
            moved_and_reformatted(Changes::Accept),
            (vec![Inline::Text("新".into()), strong("词")], 3)
        );
        assert_eq!(
            moved_and_reformatted(Changes::Reject),
            (vec![Inline::Text("旧词".into())], 3)
        );
    }

    #[test]
    fn hyperlink_fields_give_their_url() {
        assert_eq!(
            hyperlink_field(" HYPERLINK \"https://a.b/c\" "),
            Some("https://a.b/c".into())
        );
        assert_eq!(hyperlink_field("HYPERLINK \\l \"x\""), None);
        assert_eq!(field_kind(" SEQ 图 \\* ARABIC "), "SEQ");
    }
}
