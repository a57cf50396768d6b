//! Paragraphs read for meaning → the model's block tree: consecutive list
//! paragraphs become (nested) lists, quote paragraphs a block quote, a
//! picture and its caption paragraph a figure; the title and subtitle are
//! taken out for the front matter. Headings are checked the way the parser
//! checks them (levels 1 to 3, none skipped), naming the DOCX paragraph.

use std::collections::HashMap;

use anyhow::{bail, Result};

use super::body::{has_image, merge_text, Para, Picture, Segment};
use super::numbering::Numbering;
use super::styles::Meaning;
use crate::input::markdown::MAX_NESTING;
use crate::model::{self, MAX_HEADING_LEVEL};
use crate::model::{
    plain_text, Block, Figure, FigureRow, Heading, Inline, List, Note, Paragraph, Quote, CAPTION_SEPARATOR,
    LEVEL2_MARK,
};

/// The body as the model holds it, with what goes to the front matter.
#[derive(Debug, Default)]
pub struct Tree {
    /// The first Title-styled paragraph's text.
    pub title: Option<String>,
    /// The first Subtitle-styled paragraph's text.
    pub subtitle: Option<String>,
    /// The first Author-styled paragraph's text.
    pub author: Option<String>,
    /// The blocks (a picture's `src` still its index among the pictures
    /// read: see [`Picture`]).
    pub blocks: Vec<Block>,
    /// Each DOCX paragraph's place (`paragraph N (“first words”)`) by its
    /// number; a block's `line` is the number of the paragraph it began at.
    pub places: HashMap<usize, String>,
    /// How many tables had a caption that was their label alone (left
    /// out: the table has no caption).
    pub label_only_captions: usize,
}

/// The largest number CommonMark reads as an ordered list's item number
/// (nine digits).
const MAX_LIST_NUMBER: u64 = 999_999_999;

/// An open list: its level, numbering instance and the list so far.
struct OpenList {
    level: u8,
    num_id: String,
    list: List,
}

/// An open block quote: its blocks so far and the paragraph it began at.
struct OpenQuote {
    blocks: Vec<Block>,
    line: usize,
}

/// Builds the tree.
struct Builder<'a> {
    file: &'a str,
    /// Every picture read (a figure's `src` is its index here).
    pictures: &'a [Picture],
    numbering: &'a Numbering,
    tree: Tree,
    lists: Vec<OpenList>,
    quote: Option<OpenQuote>,
    last_level: u8,
    /// The number of the paragraph being placed (notes take it too).
    current: usize,
    /// Notes waiting for the next block.
    notes: Vec<String>,
}

/// Builds the block tree from the body's paragraphs.
pub fn build(paras: Vec<Para>, pictures: &[Picture], numbering: &Numbering, file: &str) -> Result<Tree> {
    let mut b = Builder {
        file,
        pictures,
        numbering,
        tree: Tree::default(),
        lists: Vec::new(),
        quote: None,
        last_level: 0,
        current: 0,
        notes: Vec::new(),
    };
    let mut paras = super::table::attach(place_floating(paras)).into_iter().peekable();
    while let Some(mut p) = paras.next() {
        trim_breaks(&mut p.content);
        model::trim_spaces(&mut p.content);
        b.current = p.number;
        b.tree.places.insert(p.number, p.place());
        b.notes.append(&mut p.notes_before);
        if p.pictures.is_empty()
            && p.table.is_none()
            && p.content.iter().all(|i| matches!(i, Inline::Note(_)))
        {
            // An empty paragraph; its notes wait for the next block.
            b.notes.extend(p.content.drain(..).filter_map(|i| match i {
                Inline::Note(n) => Some(n),
                _ => None,
            }));
            continue;
        }
        if has_image(&p.content) && p.list.is_none() {
            let what = match p.meaning {
                Meaning::Title => Some("the title"),
                Meaning::Subtitle => Some("the subtitle"),
                Meaning::Author => Some("the author line"),
                Meaning::Heading(_) => Some("a heading"),
                _ if is_caption(&p) => Some("a caption"),
                _ => None,
            };
            if let Some(what) = what {
                bail!(
                    "{file}: {}: a picture inside {what}, which holds text only; move the picture into a paragraph of its own",
                    p.place()
                );
            }
        }
        match p.meaning {
            Meaning::Title if b.tree.title.is_none() => b.tree.title = Some(b.front_matter_text(&p)),
            Meaning::Subtitle if b.tree.subtitle.is_none() => b.tree.subtitle = Some(b.front_matter_text(&p)),
            Meaning::Author if b.tree.author.is_none() => b.tree.author = Some(b.front_matter_text(&p)),
            _ if p.table.is_some() => b.table(p),
            _ if !p.pictures.is_empty() => {
                let captions = captions_after(&p, &mut paras)?;
                b.figures(p, captions)?;
            }
            _ if is_caption(&p) && paras.peek().is_some_and(|n| !n.pictures.is_empty()) => {
                let picture = paras.next().expect("peeked");
                let caption = Caption::of(p, None);
                b.figures(picture, vec![caption])?;
            }
            _ if is_caption(&p) => bail!(
                "{}: {}: a caption with no picture or table next to it; put the picture just before it (a table just after it), or make it a body paragraph",
                file,
                p.place()
            ),
            Meaning::Heading(level) => b.heading(p, level)?,
            _ if p.list.is_some() => b.list_item(p)?,
            Meaning::ListParagraph if !b.lists.is_empty() => {
                let block = b.paragraph(p);
                b.push(block);
            }
            Meaning::Quote => {
                b.close_lists();
                if b.quote.is_none() {
                    let notes = b.take_notes();
                    b.tree.blocks.extend(notes);
                    b.quote = Some(OpenQuote {
                        blocks: Vec::new(),
                        line: p.number,
                    });
                }
                let block = b.paragraph(p);
                b.push(block);
            }
            _ => {
                b.close_all();
                let block = b.paragraph(p);
                b.push(block);
            }
        }
    }
    b.close_all();
    let notes = b.take_notes();
    b.tree.blocks.extend(notes);
    Ok(b.tree)
}

impl Builder<'_> {
    /// Adds a block to the innermost open container.
    fn push(&mut self, block: Block) {
        if let Some(top) = self.lists.last_mut() {
            match top.list.items.last_mut() {
                Some(item) => item.push(block),
                None => top.list.items.push(vec![block]),
            }
        } else if let Some(q) = &mut self.quote {
            q.blocks.push(block);
        } else {
            self.tree.blocks.push(block);
        }
    }

    /// The text of a title-block paragraph (the front matter holds plain
    /// text); its notes wait for the next block, as a comment on a whole
    /// paragraph does.
    fn front_matter_text(&mut self, p: &Para) -> String {
        collect_notes(&p.content, &mut self.notes);
        plain_text(&p.content)
    }

    /// The waiting notes as blocks.
    fn take_notes(&mut self) -> Vec<Block> {
        self.notes
            .drain(..)
            .map(|text| {
                Block::Note(Note {
                    text,
                    line: self.current,
                })
            })
            .collect()
    }

    /// A paragraph block, preceded by the waiting notes.
    fn paragraph(&mut self, p: Para) -> Block {
        let notes = self.take_notes();
        for n in notes {
            self.push(n);
        }
        Block::Paragraph(Paragraph {
            content: p.content,
            line: p.number,
            block: model::BlockId::default(),
        })
    }

    fn close_lists(&mut self) {
        while let Some(open) = self.lists.pop() {
            self.push(Block::List(open.list));
        }
    }

    fn close_all(&mut self) {
        self.close_lists();
        if let Some(q) = self.quote.take() {
            self.tree.blocks.push(Block::Quote(Quote {
                blocks: q.blocks,
                line: q.line,
            }));
        }
    }

    fn heading(&mut self, mut p: Para, level: u8) -> Result<()> {
        self.close_all();
        if level > MAX_HEADING_LEVEL {
            bail!(
                "{}: {}: a level-{level} heading; the editions set levels 1 to {MAX_HEADING_LEVEL}: make it a Heading {MAX_HEADING_LEVEL} or a body paragraph",
                self.file,
                p.place()
            );
        }
        if level > self.last_level + 1 {
            bail!(
                "{}: {}: a level-{level} heading after {}; levels may not be skipped: make it a Heading {}",
                self.file,
                p.place(),
                match self.last_level {
                    0 => "no heading".to_string(),
                    l => format!("a level-{l} heading"),
                },
                self.last_level + 1
            );
        }
        self.last_level = level;
        // The level-2 mark is decoration; an editor may have typed it.
        strip_level2_mark(&mut p.content);
        p.content = merge_text(p.content);
        model::trim_spaces(&mut p.content);
        if plain_text(&p.content).trim().is_empty() {
            bail!(
                "{}: {}: a heading with no text (a `{LEVEL2_MARK}` is drawn by the editions, not typed); type its text or delete it",
                self.file,
                p.place()
            );
        }
        if model::plain_text(&p.content).starts_with(LEVEL2_MARK) {
            bail!(
                "{}: {}: a heading that begins with `{LEVEL2_MARK}` inside a mark; delete the `{LEVEL2_MARK}`: the editions draw it",
                self.file,
                p.place()
            );
        }
        if has_break(&p.content) {
            bail!(
                "{}: {}: a line break inside a heading; a heading is one line in the source: delete the break",
                self.file,
                p.place()
            );
        }
        let notes = self.take_notes();
        self.tree.blocks.extend(notes);
        self.tree.blocks.push(Block::Heading(Heading {
            level,
            number: Vec::new(),
            id: String::new(),
            content: p.content,
            line: p.number,
            block: model::BlockId::default(),
        }));
        Ok(())
    }

    fn list_item(&mut self, p: Para) -> Result<()> {
        let (num_id, level) = p.list.clone().expect("a list paragraph");
        if self.quote.is_some() {
            self.close_all();
        }
        while self.lists.last().is_some_and(|top| top.level > level) {
            let open = self.lists.pop().expect("checked");
            self.push(Block::List(open.list));
        }
        if self
            .lists
            .last()
            .is_some_and(|top| top.level == level && top.num_id != num_id)
        {
            let open = self.lists.pop().expect("checked");
            self.push(Block::List(open.list));
        }
        let continues = self.lists.last().is_some_and(|top| top.level == level);
        let mut item = Vec::new();
        if continues {
            item.extend(self.take_notes());
        } else {
            if self.lists.len() >= MAX_NESTING {
                bail!(
                    "{}: {}: a list nested more than {MAX_NESTING} deep, more than a source can hold; promote it to a shallower level",
                    self.file,
                    p.place()
                );
            }
            let notes = self.take_notes();
            for n in notes {
                self.push(n);
            }
            self.lists.push(OpenList {
                level,
                num_id: num_id.clone(),
                list: List {
                    start: self.numbering.start(&num_id, level),
                    items: Vec::new(),
                    line: p.number,
                },
            });
        }
        let list = &mut self.lists.last_mut().expect("opened").list;
        if let Some(start) = list.start {
            let number = start.saturating_add(list.items.len() as u64);
            if number > MAX_LIST_NUMBER {
                bail!(
                    "{}: {}: the list numbers this item {number}; a source numbers lists up to {MAX_LIST_NUMBER}: restart the numbering lower",
                    self.file,
                    p.place()
                );
            }
        }
        item.push(Block::Paragraph(Paragraph {
            content: p.content,
            line: p.number,
            block: model::BlockId::default(),
        }));
        list.items.push(item);
        Ok(())
    }

    /// A table, with its caption and notes; the comments on any of them
    /// stand before it.
    fn table(&mut self, mut p: Para) {
        self.close_all();
        let t = *p.table.take().expect("a table paragraph");
        self.tree.label_only_captions += usize::from(t.label_only);
        for q in t.caption.iter().chain(&t.notes) {
            self.tree.places.insert(q.number, q.place());
        }
        let mut notes = Vec::new();
        let table = super::table::finish(t, p.number, &mut notes);
        self.notes.extend(notes);
        let notes = self.take_notes();
        self.tree.blocks.extend(notes);
        self.tree.blocks.push(Block::Table(table));
    }

    /// The figure, or row of figures, of a picture paragraph, the
    /// captions under it given in order (a picture past them, or with an
    /// empty caption, is uncaptioned: its text alternative is Word's
    /// description, none when it is decorative).
    fn figures(&mut self, picture: Para, captions: Vec<Caption>) -> Result<()> {
        self.close_all();
        let mut notes = picture.content.iter().filter_map(|i| match i {
            Inline::Note(n) => Some(n.clone()),
            _ => None,
        });
        self.notes.extend(&mut notes);
        let mut captions = captions.into_iter();
        let mut figures = Vec::new();
        for &index in &picture.pictures {
            let caption = captions.next().unwrap_or_default();
            if let Some(place) = &caption.place {
                if has_image(&caption.content) {
                    bail!(
                        "{}: {place}: a picture inside a caption, which holds text only; move the picture into a paragraph of its own",
                        self.file
                    );
                }
            }
            self.notes.extend(caption.notes);
            let src = index.to_string();
            figures.push(
                match caption_words(caption.content, caption.credit, caption.may_split) {
                    Some((content, credit)) => Figure::captioned(src, content, credit, picture.number),
                    None => {
                        let descr = self.pictures.get(index).and_then(|p| p.descr.clone());
                        Figure::uncaptioned(src, descr, picture.number)
                    }
                },
            );
        }
        let notes = self.take_notes();
        self.tree.blocks.extend(notes);
        self.tree.blocks.push(match figures.len() {
            1 => Block::Figure(figures.pop().expect("one")),
            _ => Block::FigureRow(FigureRow {
                figures,
                line: picture.number,
            }),
        });
        Ok(())
    }
}

/// A caption read for one picture: its words, its credit when a credit
/// style marks it, the notes on its paragraph.
#[derive(Default)]
struct Caption {
    content: Vec<Inline>,
    credit: Option<String>,
    /// Whether the credit may be told from the words by
    /// [`split_credit`]'s rule (not when a style marked where it starts).
    may_split: bool,
    notes: Vec<String>,
    /// Its paragraph, for messages (`None` for no caption).
    place: Option<String>,
}

impl Caption {
    /// The caption of a caption paragraph, with the credit paragraph after
    /// it (zhpress's own form) if any.
    fn of(p: Para, credit: Option<Para>) -> Caption {
        Caption {
            may_split: credit.is_none() && !p.separator,
            credit: credit.map(|c| plain_text(&c.content).trim_matches(is_space).to_string()),
            notes: p.notes_before.clone(),
            place: Some(p.place()),
            content: p.content,
        }
    }

    /// The caption of one tab-led part of a row's caption paragraph `p`.
    fn of_segment(segment: Segment, p: &Para) -> Caption {
        Caption {
            may_split: segment.credit.is_none(),
            credit: segment.credit,
            content: segment.content,
            notes: Vec::new(),
            place: Some(p.place()),
        }
    }
}

/// The captions under the picture paragraph `p`, one per picture in
/// order: for one picture, the caption paragraph after it (and its credit
/// paragraph); for a row, zhpress's one caption paragraph with a tab-led
/// part per picture (credits in the credit character style), else the
/// caption paragraphs after it, one per picture, as Word users write them.
fn captions_after<I: Iterator<Item = Para>>(
    p: &Para,
    paras: &mut std::iter::Peekable<I>,
) -> Result<Vec<Caption>> {
    let count = p.pictures.len();
    let mut captions = Vec::new();
    if count > 1
        && paras
            .peek()
            .is_some_and(|n| is_caption(n) && !n.segments.is_empty())
    {
        let mut caption = paras.next().expect("peeked");
        let mut segments = std::mem::take(&mut caption.segments);
        // The part before the first tab, empty in zhpress's form.
        if segments.first().is_some_and(|s| {
            s.credit.is_none() && plain_text(&s.content).trim().is_empty() && !has_image(&s.content)
        }) {
            segments.remove(0);
        }
        if segments.len() > count {
            bail!(
                "{}: a caption paragraph with {} tab-separated parts under a row of {count} pictures; give each picture one part (or a caption paragraph of its own)",
                caption.place(),
                segments.len()
            );
        }
        let notes = caption.notes_before.clone();
        captions.extend(segments.into_iter().map(|s| Caption::of_segment(s, &caption)));
        if let Some(first) = captions.first_mut() {
            first.notes = notes;
        }
        return Ok(captions);
    }
    while captions.len() < count && paras.peek().is_some_and(is_caption) {
        let caption = paras.next().expect("peeked");
        let credit = match paras.peek().is_some_and(|n| n.meaning == Meaning::Credit) {
            true => paras.next(),
            false => None,
        };
        captions.push(Caption::of(caption, credit));
    }
    Ok(captions)
}

/// A caption's words and credit as a figure has them: the label `图N`
/// taken off, the credit told from the words by the stated rule when no
/// style marked it; `None` when no words are left (the picture is
/// uncaptioned).
fn caption_words(
    mut content: Vec<Inline>,
    credit: Option<String>,
    may_split: bool,
) -> Option<(Vec<Inline>, Option<String>)> {
    strip_label(&mut content);
    let mut credit = credit;
    if credit.is_none() && may_split {
        credit = split_credit(&mut content);
    }
    model::trim_spaces(&mut content);
    if plain_text(&content).trim().is_empty() {
        return None;
    }
    Some((content, credit.filter(|c| !c.is_empty())))
}

/// Each paragraph holding text and floating pictures, followed by a
/// picture paragraph of its own for each of them: a floating picture is
/// placed after the paragraph it is anchored to.
fn place_floating(paras: Vec<Para>) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    for mut p in paras {
        let floating = std::mem::take(&mut p.floating);
        let (number, first_words) = (p.number, p.first_words.clone());
        out.push(p);
        out.extend(floating.into_iter().map(|index| Para {
            number,
            first_words: first_words.clone(),
            meaning: Meaning::Body,
            list: None,
            content: Vec::new(),
            pictures: vec![index],
            floating: Vec::new(),
            segments: Vec::new(),
            seq: None,
            align: None,
            table: None,
            notes_before: Vec::new(),
            separator: false,
        }));
    }
    out
}

/// Removes the level-2 mark (and the space after it) from the start of a
/// heading's first text, inside marks and links too.
fn strip_level2_mark(content: &mut Vec<Inline>) {
    let emptied = match content.first_mut() {
        Some(Inline::Text(t)) => {
            *t = t.trim_start_matches(LEVEL2_MARK).trim_start().to_string();
            t.is_empty()
        }
        Some(Inline::Strong(c) | Inline::Emphasis(c)) => {
            strip_level2_mark(c);
            c.is_empty()
        }
        Some(Inline::Link { content: c, .. }) => {
            strip_level2_mark(c);
            false
        }
        _ => false,
    };
    if emptied {
        content.remove(0);
    }
}

/// The texts of the notes in `content`, at any depth.
fn collect_notes(content: &[Inline], out: &mut Vec<String>) {
    for i in content {
        match i {
            Inline::Note(n) => out.push(n.clone()),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                collect_notes(c, out)
            }
            _ => {}
        }
    }
}

/// Takes off the line breaks that open or end a paragraph (at any depth of
/// its first or last run), with the white space beside them: Word shows
/// them as an empty line in the paragraph, which no source line can say
/// (a `\\` ending a paragraph is text).
fn trim_breaks(content: &mut Vec<Inline>) {
    let blank = |i: &Inline| match i {
        Inline::LineBreak => true,
        Inline::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    loop {
        if content.last().is_some_and(blank) {
            content.pop();
            continue;
        }
        let Some(Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. }) =
            content.last_mut()
        else {
            break;
        };
        let before = c.len();
        trim_breaks(c);
        if c.is_empty() {
            content.pop();
        } else if c.len() == before {
            break;
        }
    }
    while content.first().is_some_and(blank) {
        content.remove(0);
    }
    if let Some(Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. }) =
        content.first_mut()
    {
        trim_breaks(c);
    }
}

/// Whether inlines hold a line break, at any depth.
fn has_break(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::LineBreak => true,
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => has_break(c),
        _ => false,
    })
}

/// Whether a paragraph is a figure caption: in a caption style, or
/// numbered by a `SEQ` field (a producer's own caption style).
fn is_caption(p: &Para) -> bool {
    p.meaning == Meaning::Caption || p.seq.is_some()
}

/// Spaces that separate caption parts.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == CAPTION_SEPARATOR
}

/// Removes the label `图` (and a typed number, also after a space, as
/// Word's `图 1` has it) and the separator after it from the start of a
/// caption; the `SEQ` number was never read.
fn strip_label(content: &mut Vec<Inline>) {
    let Some(Inline::Text(t)) = content.first_mut() else {
        return;
    };
    let Some((number, mut rest)) = model::caption::parse_label(t) else {
        return;
    };
    if number.is_none() {
        // `图 1 会场`: a number standing alone, not the caption's first
        // word (`图 2018年…`).
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let separated = after.starts_with(|c: char| {
            c.is_whitespace() || matches!(c, CAPTION_SEPARATOR | '：' | ':' | '.' | '、')
        });
        if after.len() < rest.len() && separated {
            rest = model::caption::parse_label_with("", rest).map_or(rest, |(_, r)| r);
        }
    }
    *t = rest.to_string();
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// The stated rule for captions that zhpress did not write: the text after
/// the last ideographic space is the credit when it reads like one (ends in
/// `摄` or `供图`, or starts with `来源`, `图片来源`, `图源`).
fn split_credit(content: &mut [Inline]) -> Option<String> {
    let Some(Inline::Text(t)) = content.last_mut() else {
        return None;
    };
    let (before, last) = t.rsplit_once(CAPTION_SEPARATOR)?;
    let last = last.trim();
    let is_credit = last.ends_with('摄')
        || last.ends_with("供图")
        || ["来源", "图片来源", "图源"].iter().any(|p| last.starts_with(p));
    if !is_credit || last.is_empty() {
        return None;
    }
    let credit = last.to_string();
    *t = before.trim_end().to_string();
    Some(credit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_credits_come_off_captions() {
        let mut c = vec![Inline::Text("图3　会场全景".into())];
        strip_label(&mut c);
        assert_eq!(c, [Inline::Text("会场全景".into())]);
        let mut c = vec![Inline::Text("　会场全景　新华社记者 某某 摄".into())];
        strip_label(&mut c);
        assert_eq!(split_credit(&mut c), Some("新华社记者 某某 摄".into()));
        assert_eq!(c, [Inline::Text("　会场全景".into())]);
        for (typed, words) in [
            ("图 1 会场", "会场"),
            ("图 2018年会场", "2018年会场"),
            ("图 12：会场", "会场"),
        ] {
            let mut c = vec![Inline::Text(typed.into())];
            strip_label(&mut c);
            assert_eq!(c, [Inline::Text(words.into())], "{typed}");
        }
        let mut c = vec![Inline::Text("会场　全景".into())];
        assert_eq!(split_credit(&mut c), None);
    }
}
