//! Word tables into the model: a table's cells (their paragraphs, read by
//! [`super::body`]) become a [`Table`] — spans resolved by
//! [`crate::ooxml::table::merge`], header rows found, each column's
//! alignment taken from its cells — and the paragraphs around it give its
//! caption and notes ([`attach`]).
//!
//! Which rows are the header: the leading rows marked to repeat
//! (`w:tblHeader`); when none is, the first row of a table of two rows or
//! more when `w:tblLook` turns on the style's *Header Row* option (on by
//! default in Word, WPS and python-docx: a table's first row is its
//! heading in nearly every document), or when the first row is bold
//! throughout and a later row is not (a heading made by hand); else none.
//! A header cell bold as a whole loses the bold: every edition sets header
//! cells bold.
//!
//! The caption: the paragraph directly above the table (the Chinese
//! convention, and zhpress's own), else the one directly below, when it
//! is a caption — a Caption-styled paragraph or one with a `SEQ` field
//! numbering tables (`SEQ 表`, `SEQ Table`), or a paragraph that reads
//! `表N…` or `Table N…` and does not end a sentence. Its label and the
//! number are taken off: the model numbers tables itself. A caption that
//! is its label alone (`Table {SEQ}`, no words) is left out, and the table
//! has none: a source numbers only tables with a caption. The notes: the
//! paragraphs right after the table (and its caption below) that begin as
//! the source's notes begin (`注：`, `资料来源：`…).

use anyhow::{bail, Result};

use super::body::Para;
use super::styles::Meaning;
use crate::model::{
    self, plain_text, Align, BlockId, Cell, Column, Inline, Paragraph, Row, Table, TableCaption,
};
use crate::ooxml::table::{merge, RawRow};

/// A table in the body's sequence, with the paragraphs that turn out to
/// be its caption and notes.
#[derive(Debug, Clone)]
pub struct TablePara {
    /// The table (no caption or notes yet, lines unset).
    pub table: Table,
    /// Its number among the document's tables, counting every table.
    pub ordinal: usize,
    /// Its caption paragraph, once [`attach`] found it.
    pub caption: Option<Para>,
    /// Its note paragraphs, once [`attach`] found them.
    pub notes: Vec<Para>,
    /// Whether [`attach`] left out a caption paragraph that was its label
    /// alone (`Table 1`, no words).
    pub label_only: bool,
}

impl TablePara {
    /// The table's place for messages: `table 2 (“项目”)`.
    pub fn place(&self, first_words: &str) -> String {
        place(self.ordinal, first_words)
    }
}

/// `table N (“first words”)`: a table named in a message by its number
/// among the document's tables and its first cell's words.
pub fn place(ordinal: usize, first_words: &str) -> String {
    format!("table {ordinal} (“{first_words}”)")
}

/// What a cell's paragraphs give.
#[derive(Debug, Clone, Default)]
pub struct CellText {
    /// The paragraphs' inlines, joined by line breaks.
    pub content: Vec<Inline>,
    /// The alignment its paragraphs agree on (none when they set none or
    /// disagree).
    pub align: Option<Align>,
}

/// A cell's paragraphs as one cell: empty paragraphs dropped, the others
/// joined by line breaks; the comments in it (notes) go to `notes`, to
/// stand before the table. A picture or a list in a cell is an error
/// naming the cell (`place`).
pub fn cell(paras: Vec<Para>, place: &str, notes: &mut Vec<String>) -> Result<CellText> {
    let mut content = Vec::new();
    let mut aligns = Vec::new();
    for mut p in paras {
        if p.holds_picture() {
            bail!("{place}: a picture in a table cell; a source's table holds text only: put the picture before or after the table, as a figure with its caption");
        }
        if p.table.is_some() {
            bail!("{place}: a table inside a table cell; a source's table holds text only: split it into tables of their own");
        }
        if p.list.is_some() {
            bail!("{place}: a list in a table cell; a source's table holds text only: write the items as lines of the cell (Shift+Enter), without list numbering");
        }
        notes.append(&mut p.notes_before);
        let mut inlines = take_notes(p.content, notes);
        model::trim_spaces(&mut inlines);
        let inlines = tidy_breaks(inlines);
        if inlines.is_empty() {
            continue;
        }
        if !content.is_empty() {
            content.push(Inline::LineBreak);
        }
        content.extend(inlines);
        aligns.push(p.align);
    }
    let align = match aligns.split_first() {
        Some((first, rest)) if rest.iter().all(|a| a == first) => *first,
        _ => None,
    };
    Ok(CellText { content, align })
}

/// The inlines without their notes (at any depth), the notes' texts put
/// in `notes`.
fn take_notes(content: Vec<Inline>, notes: &mut Vec<String>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for i in content {
        match i {
            Inline::Note(n) => notes.push(n),
            Inline::Strong(c) => out.push(Inline::Strong(take_notes(c, notes))),
            Inline::Emphasis(c) => out.push(Inline::Emphasis(take_notes(c, notes))),
            Inline::Link { url, content } => out.push(Inline::Link {
                url,
                content: take_notes(content, notes),
            }),
            other => out.push(other),
        }
    }
    super::body::merge_text(out)
}

/// Line breaks at the ends of a cell's paragraph go, and a run of them
/// is one: a cell's lines are its lines of text.
fn tidy_breaks(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(content.len());
    for i in content {
        let is_break = matches!(i, Inline::LineBreak);
        if is_break && matches!(out.last(), None | Some(Inline::LineBreak)) {
            continue;
        }
        out.push(i);
    }
    if matches!(out.last(), Some(Inline::LineBreak)) {
        out.pop();
    }
    model::trim_spaces(&mut out);
    out
}

/// How the table says which rows head it.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeaderHints {
    /// Whether `w:tblLook` turns on the style's header row option.
    pub look_first_row: bool,
}

/// The model table of the rows read (`header` says which rows are marked
/// to repeat). `None` when the table has no cell at all.
pub fn assemble(
    rows: Vec<RawRow<CellText>>,
    header: &[bool],
    hints: HeaderHints,
) -> Result<Option<Table>, String> {
    let mut merged = merge(rows, CellText::default);
    let mut header = header.to_vec();
    // A row in which no cell starts (every cell above runs through it)
    // says nothing a source can say: it goes, and the cells over it
    // span one row less.
    for r in (0..merged.len()).rev() {
        if !merged[r].is_empty() {
            continue;
        }
        for (rr, row) in merged[..r].iter_mut().enumerate() {
            for c in row.iter_mut().filter(|c| rr + c.row_span as usize > r) {
                c.row_span -= 1;
            }
        }
        merged.remove(r);
        if r < header.len() {
            header.remove(r);
        }
    }
    let columns = merged
        .iter()
        .flat_map(|r| r.iter().map(|c| c.column + c.col_span as usize))
        .max()
        .unwrap_or(0);
    if merged.is_empty() || columns == 0 {
        return Ok(None);
    }
    let mut rows: Vec<Vec<(Cell, Option<Align>, usize)>> = merged
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|m| {
                    let cell = Cell {
                        row_span: m.row_span,
                        col_span: m.col_span,
                        ..Cell::new(m.content.content)
                    };
                    (cell, m.content.align, m.column)
                })
                .collect()
        })
        .collect();

    let mut head = header.iter().take_while(|h| **h).count();
    if head == 0 && rows.len() > 1 && (hints.look_first_row || bold_first_row(&rows)) {
        head = 1;
    }
    // Header rows with no text head nothing (and a source reads them as
    // none).
    if rows[..head].iter().flatten().all(|(c, ..)| c.content.is_empty()) {
        head = 0;
    }
    // A header cell spanning down into the body makes those rows header
    // rows too: a source's header rows end under all their cells.
    loop {
        let reach = rows[..head.min(rows.len())]
            .iter()
            .enumerate()
            .flat_map(|(r, row)| row.iter().map(move |(c, ..)| r + c.row_span as usize))
            .max()
            .unwrap_or(0);
        if reach <= head {
            break;
        }
        head = reach;
    }
    for row in &mut rows[..head] {
        for (cell, ..) in row.iter_mut() {
            if let [Inline::Strong(inner)] = cell.content.as_slice() {
                cell.content = inner.clone();
            }
        }
    }
    let aligns: Vec<Column> = (0..columns)
        .map(|column| Column {
            align: column_align(&rows, head, column),
            width: None,
        })
        .collect();
    let mut all: Vec<Row> = rows
        .into_iter()
        .map(|r| Row {
            cells: r.into_iter().map(|(c, ..)| c).collect(),
            line: 0,
        })
        .collect();
    let body = all.split_off(head);
    let table = Table {
        caption: None,
        columns: aligns,
        head: all,
        body,
        notes: Vec::new(),
        line: 0,
    };
    table.check_grid()?;
    Ok(Some(table))
}

/// Whether a cell's content is bold as a whole.
fn wholly_bold(cell: &Cell) -> bool {
    matches!(cell.content.as_slice(), [Inline::Strong(_)])
}

/// Whether the first row is bold throughout (each cell with text bold as
/// a whole) and some later row has a cell with text that is not.
fn bold_first_row(rows: &[Vec<(Cell, Option<Align>, usize)>]) -> bool {
    let has_text = |c: &Cell| !c.text().trim().is_empty();
    let first = &rows[0];
    first.iter().any(|(c, ..)| has_text(c))
        && first.iter().all(|(c, ..)| !has_text(c) || wholly_bold(c))
        && rows[1..]
            .iter()
            .flatten()
            .any(|(c, ..)| has_text(c) && !wholly_bold(c))
}

/// A column's alignment: the one all its body cells with text that start
/// in it and span it alone agree on (the header cells' when the body has
/// none); the default when they disagree or set none.
fn column_align(rows: &[Vec<(Cell, Option<Align>, usize)>], head: usize, column: usize) -> Align {
    let of = |rows: &[Vec<(Cell, Option<Align>, usize)>]| -> Vec<Align> {
        rows.iter()
            .flatten()
            .filter(|(c, _, col)| *col == column && c.col_span == 1 && !c.text().trim().is_empty())
            .map(|(_, a, _)| a.unwrap_or_default())
            .collect()
    };
    let mut found = of(&rows[head..]);
    if found.is_empty() {
        found = of(&rows[..head]);
    }
    match found.split_first() {
        Some((first, rest)) if rest.iter().all(|a| a == first) => *first,
        _ => Align::Default,
    }
}

/// The alignment a `w:jc` value gives: left, centre or right; justified
/// and distributed text (and what is not known) is the default.
pub fn align(jc: &str) -> Align {
    match jc {
        "left" | "start" => Align::Left,
        "center" => Align::Center,
        "right" | "end" => Align::Right,
        _ => Align::Default,
    }
}

/// The first words (up to 12 characters) of a `w:tbl`'s first cell with
/// text, to name it before it is read.
pub fn first_words(tbl: roxmltree::Node) -> String {
    use crate::ooxml::xml::on;
    tbl.descendants()
        .filter(|n| on(*n, "tc"))
        .map(|tc| {
            tc.descendants()
                .filter(|n| on(*n, "t"))
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .find(|t| !t.trim().is_empty())
        .map(|t| t.trim().chars().take(12).collect())
        .unwrap_or_default()
}

/// Whether a paragraph after a table is one of its notes: it begins as
/// the source's notes begin ([`crate::input::table::is_note`]: `注：`,
/// `资料来源：`…, in its first run of plain text).
fn is_note(p: &Para) -> bool {
    let mut content = p.content.clone();
    model::trim_spaces(&mut content);
    p.table.is_none()
        && !p.holds_picture()
        && p.list.is_none()
        && matches!(p.meaning, Meaning::Body | Meaning::Caption)
        && p.seq.is_none()
        && matches!(content.first(), Some(Inline::Text(t)) if crate::input::table::is_note(t))
}

/// The `SEQ` identifiers that number tables.
const TABLE_SEQ: [&str; 4] = ["表", "表格", "Table", "Tab"];

/// The label prefixes a table caption may begin with, longest first.
const TABLE_LABELS: [&str; 4] = ["表格", "表", "Table", "TABLE"];

/// What a paragraph next to a table is as its caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsCaption {
    /// Not a caption.
    No,
    /// A caption with words.
    Words,
    /// A caption that is its label alone (`Table {SEQ}`, `表1`): no
    /// caption a source can write (the editions number only captioned
    /// tables), so it is left out and the table has none.
    LabelOnly,
}

/// Whether `p` can be a table's caption (see the module's notes).
fn as_caption(p: &Para) -> AsCaption {
    let text = plain_text(&p.content);
    if !is_caption_shaped(p, text.trim()) {
        AsCaption::No
    } else if plain_text(&caption_content(p)).trim().is_empty() {
        AsCaption::LabelOnly
    } else {
        AsCaption::Words
    }
}

/// Whether `p`, whose text is `text` (trimmed), has a caption's style,
/// field or label.
fn is_caption_shaped(p: &Para, text: &str) -> bool {
    if p.table.is_some() || p.holds_picture() || p.list.is_some() || text.is_empty() {
        return false;
    }
    match (&p.seq, p.meaning) {
        (Some(seq), _) => TABLE_SEQ.contains(&seq.as_str()),
        (None, Meaning::Caption) => {
            model::caption::parse_label(text).is_none() && !text.starts_with("Figure")
        }
        // A source would read one beginning `Table:` as a caption too.
        (None, Meaning::Body) if caption_marker(&p.content).is_some() => true,
        (None, Meaning::Body) => {
            label_end(text, false).is_some()
                && !text.contains('\n')
                && !text.ends_with(['。', '！', '？', '；', '.', '!', '?', ';'])
        }
        _ => false,
    }
}

/// The length of the source's caption marker (`Table:`, `:`) that the
/// first run of plain text of `content` begins with.
fn caption_marker(content: &[Inline]) -> Option<usize> {
    let Some(Inline::Text(t)) = content.first() else {
        return None;
    };
    let t = t.trim_start_matches([' ', '\t']);
    crate::input::table::CAPTION_MARKERS
        .iter()
        .find(|m| t.starts_with(**m))
        .map(|m| m.len())
}

/// Where a table label (`表2`, `表 2-1`, `Table 3.`, and the separator
/// after it) ends in `text`; `None` when `text` does not begin with one.
/// With `seq` (the number is a field, not text), the prefix alone is the
/// label.
fn label_end(text: &str, seq: bool) -> Option<usize> {
    for prefix in TABLE_LABELS {
        let Some(rest) = text.strip_prefix(prefix) else {
            continue;
        };
        // With a field, digits after a space are the caption's words
        // (`表　2018—2022年…`), not the number.
        let spaced = if seq { rest } else { rest.trim_start() };
        let mut number = spaced;
        if seq {
            // The field's number is not in the text: the words follow.
            let after = number.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, model::CAPTION_SEPARATOR | '：' | ':' | '.' | '、' | '．')
            });
            return Some(text.len() - after.len());
        }
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits(number) > 0 {
            number = &number[digits(number)..];
            // A chapter's number before the table's: 2-1, 3.2.
            while let Some(after) = number.strip_prefix(['-', '.', '．', '－', '–', '—']) {
                let d = digits(after);
                if d == 0 {
                    break;
                }
                number = &after[d..];
            }
        } else if !seq {
            continue;
        }
        // A chapter's number drawn by another field before the `SEQ` one
        // leaves its dash behind.
        let number = number.strip_prefix(['-', '－', '–']).unwrap_or(number);
        let after = number.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, model::CAPTION_SEPARATOR | '：' | ':' | '.' | '、' | '．')
        });
        return Some(text.len() - after.len());
    }
    None
}

/// A caption paragraph's words without the label.
fn caption_content(p: &Para) -> Vec<Inline> {
    let mut content = p.content.clone();
    model::trim_spaces(&mut content);
    if let (Some(len), Some(Inline::Text(t))) = (caption_marker(&content), content.first_mut()) {
        *t = t[len..].trim_start().to_string();
    }
    let seq = p.seq.is_some();
    strip_label(&mut content, seq);
    // A caption bold as a whole is bold by its style, not by its words.
    if let [Inline::Strong(inner)] = content.as_slice() {
        content = inner.clone();
    }
    model::trim_spaces(&mut content);
    content
}

/// Takes the label off the start of `content`, inside a leading bold or
/// italic span too.
fn strip_label(content: &mut Vec<Inline>, seq: bool) {
    let emptied = match content.first_mut() {
        Some(Inline::Text(t)) => {
            if let Some(end) = label_end(t, seq) {
                *t = t[end..].to_string();
            }
            t.is_empty()
        }
        Some(Inline::Strong(c) | Inline::Emphasis(c)) => {
            strip_label(c, seq);
            c.is_empty()
        }
        _ => false,
    };
    if emptied {
        content.remove(0);
        // The separator may be the next run's.
        if let Some(Inline::Text(t)) = content.first_mut() {
            *t = t
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, model::CAPTION_SEPARATOR | '：' | ':' | '.' | '、')
                })
                .to_string();
        }
        content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    }
}

/// Gives each table its caption (the paragraph directly above, else the
/// one directly below) and its notes (the note paragraphs right after
/// it), taking those paragraphs out of the sequence.
pub fn attach(paras: Vec<Para>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    let mut rest = paras.into_iter().peekable();
    while let Some(mut p) = rest.next() {
        let Some(t) = p.table.as_deref_mut() else {
            out.push(p);
            continue;
        };
        // Above: not a figure's caption (a picture just before it).
        let above = out.last().is_some_and(|c| as_caption(c) != AsCaption::No)
            && !(out.len() >= 2
                && !out[out.len() - 2].pictures.is_empty()
                && out[out.len() - 1].seq.is_none());
        if above {
            t.caption = out.pop();
        } else if let Some(next) = rest.peek() {
            // Below: unless it stands above a table or a picture of its own.
            if as_caption(next) != AsCaption::No {
                let taken = rest.next().expect("peeked");
                let owned_by_next = rest
                    .peek()
                    .is_some_and(|n| n.table.is_some() || (!n.pictures.is_empty() && taken.seq.is_none()));
                if owned_by_next {
                    out.push(p);
                    out.push(taken);
                    continue;
                }
                t.caption = Some(taken);
            }
        }
        t.label_only = matches!(&t.caption, Some(c) if as_caption(c) == AsCaption::LabelOnly);
        if t.label_only {
            t.caption = None;
        }
        while rest.peek().is_some_and(is_note) {
            t.notes.push(rest.next().expect("peeked"));
        }
        out.push(p);
    }
    out
}

/// The model table of `t`, which stands at DOCX paragraph `line`: its
/// caption's words (label taken off) and its notes' content set; the
/// comments on the caption and notes go to `notes` (they stand before the
/// table in the source).
pub fn finish(t: TablePara, line: usize, notes: &mut Vec<String>) -> Table {
    let TablePara {
        mut table,
        caption,
        notes: note_paras,
        ..
    } = t;
    table.line = line;
    for row in table.head.iter_mut().chain(table.body.iter_mut()) {
        row.line = line;
    }
    table.caption = caption.map(|mut c| {
        notes.append(&mut c.notes_before);
        let content = take_notes(caption_content(&c), notes);
        TableCaption {
            number: 0,
            content,
            block: BlockId::default(),
            line: c.number,
        }
    });
    table.notes = note_paras
        .into_iter()
        .map(|mut n| {
            notes.append(&mut n.notes_before);
            let mut content = take_notes(n.content, notes);
            model::trim_spaces(&mut content);
            Paragraph {
                content,
                line: n.number,
                block: BlockId::default(),
            }
        })
        .collect();
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// Reads a `w:body` (with `styles`) into blocks, the way `import` does.
    fn blocks(styles: &str, body: &str) -> Vec<model::Block> {
        blocks_with_comments(styles, body, Default::default())
    }

    /// [`blocks`], with comments by id.
    fn blocks_with_comments(
        styles: &str,
        body: &str,
        comments: std::collections::HashMap<String, String>,
    ) -> Vec<model::Block> {
        use super::super::{body::Reader, styles::Styles, tree};
        let styles = format!("<w:styles {W}>{styles}</w:styles>");
        let styles = Styles::read(&roxmltree::Document::parse(&styles).unwrap());
        let xml = format!("<w:body {W}>{body}</w:body>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let rels = Default::default();
        let mut reader = Reader::new(&styles, &rels, &comments, Default::default(), "t.docx");
        let paras = reader.body(doc.root_element()).unwrap();
        let mut blocks = tree::build(paras, &[], &Default::default(), "t.docx")
            .unwrap()
            .blocks;
        model::number(&mut blocks);
        blocks
    }

    /// The reading errors of a body.
    fn refused(body: &str) -> String {
        use super::super::{body::Reader, styles::Styles};
        let styles = Styles::default();
        let xml = format!("<w:body {W}>{body}</w:body>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let (rels, comments) = (Default::default(), Default::default());
        let mut reader = Reader::new(&styles, &rels, &comments, Default::default(), "t.docx");
        format!("{:#}", reader.body(doc.root_element()).unwrap_err())
    }

    fn p(style: &str, inner: &str) -> String {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{inner}</w:p>"#)
    }

    fn r(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    fn tc(props: &str, jc: &str, runs: &str) -> String {
        let jc = if jc.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:jc w:val="{jc}"/></w:pPr>"#)
        };
        format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p>{jc}{runs}</w:p></w:tc>")
    }

    fn tr(header: bool, cells: &[String]) -> String {
        let pr = if header {
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:trPr><w:cantSplit/></w:trPr>"
        };
        format!("<w:tr>{pr}{}</w:tr>", cells.concat())
    }

    /// zhpress's own shape: a Caption paragraph `表 {SEQ 表}　…` above,
    /// two header rows marked to repeat, a header cell over two columns, a
    /// row label over two rows, right-aligned numbers, notes after.
    fn own_shape() -> String {
        let seq = concat!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ 表 \* ARABIC </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        );
        let bold = |t: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r>"#);
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let rows = [
            tr(
                true,
                &[
                    tc(restart, "", &bold("项目")),
                    tc(r#"<w:gridSpan w:val="2"/>"#, "center", &bold("数量")),
                ],
            ),
            tr(
                true,
                &[
                    tc("<w:vMerge/>", "", ""),
                    tc("", "right", &bold("立案")),
                    tc("", "right", &bold("办结")),
                ],
            ),
            tr(
                false,
                &[
                    tc(restart, "", &r("2018—2019年")),
                    tc("", "right", &r("5")),
                    tc("", "right", &r("5")),
                ],
            ),
            tr(
                false,
                &[
                    tc("<w:vMerge/>", "", ""),
                    tc("", "right", &r("6")),
                    tc("", "right", &r("6|7")),
                ],
            ),
        ];
        [
            p("Caption", &format!("{}{seq}{}", r("表"), r("\u{3000}提案办理"))),
            format!(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="ThreeLine"/></w:tblPr><w:tblGrid/>{}</w:tbl>"#,
                rows.concat()
            ),
            p("TableNote", &r("注：2018年起统计。")),
            p("TableNote", &r("资料来源：提案委员会。")),
            p("Normal", &r("正文。")),
        ]
        .concat()
    }

    const STYLES: &str = concat!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="TableNote"><w:name w:val="Table Note"/><w:basedOn w:val="Caption"/></w:style>"#,
        r#"<w:style w:type="table" w:styleId="ThreeLine"><w:name w:val="Three Line Table"/><w:tblStylePr w:type="firstRow"/></w:style>"#,
    );

    #[test]
    fn zhpress_tables_read_back_with_caption_spans_header_rows_and_notes() {
        let blocks = blocks(STYLES, &own_shape());
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        let model::Block::Table(t) = &blocks[0] else {
            panic!("{blocks:#?}")
        };
        let shape = t.shape();
        assert_eq!(
            shape.caption.as_deref(),
            Some("表1\u{3000}提案办理"),
            "Word's number 3 is not kept"
        );
        assert_eq!(shape.head_rows, 2);
        let cells: Vec<Vec<(&str, u32, u32)>> = shape
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.as_str(), c.row_span, c.col_span))
                    .collect()
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                vec![("项目", 2, 1), ("数量", 1, 2)],
                vec![("立案", 1, 1), ("办结", 1, 1)],
                vec![("2018—2019年", 2, 1), ("5", 1, 1), ("5", 1, 1)],
                vec![("6", 1, 1), ("6|7", 1, 1)],
            ]
        );
        assert_eq!(shape.notes, ["注：2018年起统计。", "资料来源：提案委员会。"]);
        let aligns: Vec<_> = t.columns.iter().map(|c| c.align).collect();
        assert_eq!(aligns, [Align::Default, Align::Right, Align::Right]);
        // Header cells lose the bold every edition gives them.
        assert_eq!(t.head[0].cells[0].content, [Inline::Text("项目".into())]);
        let doc = model::Document {
            source_name: "t.md".into(),
            meta: model::Metadata::titled("t"),
            blocks,
        };
        let md = super::super::markdown::write(&doc);
        let want = concat!(
            "---\ntitle: t\nlang: zh-CN\n---\n\n",
            "Table: 提案办理\n\n",
            "+-------------+-------------+\n",
            "| 项目        | 数量        |\n",
            "|             +------+------+\n",
            "|             | 立案 | 办结 |\n",
            "+=============+=====:+=====:+\n",
            "| 2018—2019年 | 5    | 5    |\n",
            "|             +------+------+\n",
            "|             | 6    | 6\\|7 |\n",
            "+-------------+------+------+\n\n",
            "注：2018年起统计。\n\n资料来源：提案委员会。\n\n正文。\n",
        );
        assert_eq!(md, want, "{md}");
    }

    /// python-docx's default template: `Table Grid`, no row marked as a
    /// header, the caption below with a `SEQ Table` field; a second table
    /// with a typed `表2` caption above and a bold first row (WPS).
    #[test]
    fn captions_below_typed_labels_and_bold_first_rows() {
        let seq = concat!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SEQ Table \* ARABIC </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        );
        let plain = |cells: &[&str]| {
            tr(
                false,
                &cells.iter().map(|c| tc("", "", &r(c))).collect::<Vec<_>>(),
            )
        };
        let bold = |t: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r>"#);
        let grid = r#"<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblLook w:val="04A0"/></w:tblPr>"#;
        let body = [
            format!(
                "<w:tbl>{grid}{}{}</w:tbl>",
                plain(&["Name", "Count"]),
                plain(&["甲", "1"])
            ),
            p("Caption", &format!("{}{seq}{}", r("Table "), r(": Counts"))),
            p("Normal", &r("表2　委员构成")),
            format!(
                "<w:tbl>{}{}</w:tbl>",
                tr(false, &[tc("", "", &bold("界别")), tc("", "", &bold("人数"))]),
                plain(&["中共", "99"])
            ),
        ]
        .concat();
        let styles = concat!(
            r#"<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>"#,
            r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>"#,
        );
        let blocks = blocks(styles, &body);
        let shapes: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                model::Block::Table(t) => t.shape(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes[0].caption.as_deref(), Some("表1\u{3000}Counts"));
        assert_eq!(shapes[0].head_rows, 1, "tblLook's header row option");
        assert_eq!(shapes[1].caption.as_deref(), Some("表2\u{3000}委员构成"));
        assert_eq!(shapes[1].head_rows, 1);
        assert_eq!(shapes[1].rows[0][0].text, "界别");
    }

    /// Comments in cells, on the caption and across the table's edge
    /// become notes before the table (a source's table cell holds no
    /// comment).
    #[test]
    fn comments_in_and_around_a_table_stand_before_it() {
        let comments = [("1", "核实数字"), ("2", "改标题"), ("3", "跨表")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let body = [
            p(
                "Caption",
                &format!(
                    r#"<w:commentRangeStart w:id="3"/>{}<w:commentRangeStart w:id="2"/>{}<w:commentRangeEnd w:id="2"/><w:r><w:commentReference w:id="2"/></w:r>"#,
                    r("表1　"),
                    r("人数")
                ),
            ),
            format!(
                "<w:tbl>{}{}</w:tbl>",
                tr(true, &[tc("", "", &r("界别"))]),
                tr(
                    false,
                    &[tc(
                        "",
                        "",
                        &format!(
                            r#"<w:commentRangeStart w:id="1"/>{}<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:commentRangeEnd w:id="3"/>"#,
                            r("99")
                        )
                    )]
                )
            ),
            p("Normal", &r("下文。")),
        ]
        .concat();
        let blocks = blocks_with_comments(STYLES, &body, comments);
        let kinds: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                model::Block::Note(n) => format!("note {}", n.text),
                model::Block::Table(t) => format!("table {}", t.shape().caption.unwrap_or_default()),
                model::Block::Paragraph(p) => plain_text(&p.content),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "note 核实数字",
                "note 跨表",
                "note 改标题",
                "table 表1\u{3000}人数",
                "下文。"
            ]
        );
    }

    /// A caption that is its label alone (pandoc's test files: `Table
    /// {SEQ Table}` above the table) is left out; the table stays.
    #[test]
    fn a_caption_of_a_label_alone_is_left_out() {
        let seq = concat!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SEQ Table \* ARABIC </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        );
        let table = format!(
            "<w:tbl>{}{}</w:tbl>",
            tr(true, &[tc("", "", &r("a"))]),
            tr(false, &[tc("", "", &r("1"))])
        );
        let body = [
            p("Caption", &format!("{}{seq}", r("Table "))),
            table,
            p("Normal", &r("后文。")),
        ]
        .concat();
        let blocks = blocks(STYLES, &body);
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        let model::Block::Table(t) = &blocks[0] else {
            panic!("{blocks:#?}")
        };
        assert!(t.caption.is_none());
    }

    /// An uncaptioned table, then a caption, then a table: the caption is
    /// the second table's, and the source says so (below it).
    #[test]
    fn a_caption_between_two_tables_is_the_next_ones() {
        let table = |t: &str| {
            format!(
                "<w:tbl>{}{}</w:tbl>",
                tr(true, &[tc("", "", &r(t))]),
                tr(false, &[tc("", "", &r("1"))])
            )
        };
        let body = [table("甲"), p("Normal", &r("表2　第二")), table("乙")].concat();
        let blocks = blocks(STYLES, &body);
        let captions: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                model::Block::Table(t) => t.shape().caption,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(captions, [None, Some("表1\u{3000}第二".to_string())]);
        let doc = model::Document {
            source_name: "t.md".into(),
            meta: model::Metadata::titled("t"),
            blocks,
        };
        let md = super::super::markdown::write(&doc);
        let back = crate::input::markdown::parse(&md, "t.md").unwrap();
        let shapes = |d: &model::Document| d.tables().iter().map(|t| t.shape()).collect::<Vec<_>>();
        assert_eq!(shapes(&back), shapes(&doc), "{md}");
    }

    #[test]
    fn what_a_cell_cannot_hold_is_an_error_naming_the_table_and_cell() {
        let table = |cell: &str| {
            let first = tr(false, &[tc("", "", &r("项目")), tc("", "", &r("数量"))]);
            format!(
                "<w:tbl>{first}<w:tr><w:tc><w:p>{}</w:p></w:tc>{cell}</w:tr></w:tbl>",
                r("甲")
            )
        };
        let nested = table(&format!("<w:tc>{}</w:tc>", table("<w:tc><w:p/></w:tc>")));
        let msg = refused(&format!("<w:p>{}</w:p>{nested}", r("前文")));
        assert!(
            msg.contains("t.docx: table 1 (“项目”), row 2, cell 2: a table inside a table cell"),
            "{msg}"
        );
        let listed = table(
            r#"<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>一项</w:t></w:r></w:p></w:tc>"#,
        );
        let msg = refused(&listed);
        assert!(
            msg.contains("table 1 (“项目”), row 2, cell 2: a list in a table cell"),
            "{msg}"
        );
        let footnote = table(r#"<w:tc><w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:tc>"#);
        let msg = refused(&footnote);
        assert!(
            msg.contains("table 1 (“项目”), row 2, cell 2: a footnote"),
            "{msg}"
        );
    }

    #[test]
    fn labels_come_off_in_the_forms_people_type() {
        fn off(t: &str, seq: bool) -> Option<&str> {
            label_end(t, seq).map(|e| &t[e..])
        }
        assert_eq!(off("表1　提案办理", false), Some("提案办理"));
        assert_eq!(off("表 2-1 提案办理", false), Some("提案办理"));
        assert_eq!(off("Table 3: Results", false), Some("Results"));
        assert_eq!(off("Table 3.2. Results", false), Some("Results"));
        assert_eq!(off("表格 1 分布", false), Some("分布"));
        // The number was a field: the prefix alone is the label.
        assert_eq!(off("表 　提案", true), Some("提案"));
        assert_eq!(off("Table : Results", true), Some("Results"));
        assert_eq!(off("表　2018—2022年主要指标", true), Some("2018—2022年主要指标"));
        assert_eq!(off("表示感谢", false), None);
        assert_eq!(off("提案", true), None);
        let marked = vec![Inline::Text("Table: 表2　指标".into())];
        assert_eq!(caption_marker(&marked), Some("Table:".len()));
    }

    fn text_cell(t: &str) -> CellText {
        CellText {
            content: vec![Inline::Text(t.into())],
            align: None,
        }
    }

    #[test]
    fn a_bold_first_row_heads_the_table_and_loses_its_bold() {
        use crate::ooxml::table::{CellSpans, VMerge};
        let spans = CellSpans {
            grid_span: 1,
            v_merge: VMerge::None,
            h_continue: false,
        };
        let bold = |t: &str| CellText {
            content: vec![Inline::Strong(vec![Inline::Text(t.into())])],
            align: Some(Align::Center),
        };
        let right = |t: &str| CellText {
            align: Some(Align::Right),
            ..text_cell(t)
        };
        let rows = vec![
            RawRow {
                before: 0,
                cells: vec![(spans, bold("项目")), (spans, bold("数量"))],
            },
            RawRow {
                before: 0,
                cells: vec![(spans, text_cell("甲")), (spans, right("5"))],
            },
            RawRow {
                before: 0,
                cells: vec![(spans, text_cell("乙")), (spans, right("12"))],
            },
        ];
        let t = assemble(rows.clone(), &[false; 3], HeaderHints::default())
            .unwrap()
            .unwrap();
        assert_eq!(t.head.len(), 1);
        assert_eq!(t.head[0].cells[0].content, [Inline::Text("项目".into())]);
        let aligns: Vec<_> = t.columns.iter().map(|c| c.align).collect();
        assert_eq!(aligns, [Align::Default, Align::Right]);
        // Marked rows win; unmarked and not bold, no header.
        let t = assemble(rows, &[true, true, false], HeaderHints::default())
            .unwrap()
            .unwrap();
        assert_eq!(t.head.len(), 2);
    }
}
