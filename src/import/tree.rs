//! Paragraphs read for meaning → the model's block tree: consecutive list
//! paragraphs become (nested) lists, quote paragraphs a block quote, a
//! picture and its caption paragraph a figure; the title and subtitle are
//! taken out for the front matter. Headings are checked the way the parser
//! checks them (levels 1 to 3, none skipped), naming the DOCX paragraph.

use anyhow::{bail, Result};

use super::body::{merge_text, Para, Picture};
use super::numbering::Numbering;
use super::styles::Meaning;
use crate::model::{self, MAX_HEADING_LEVEL};
use crate::model::{
    plain_text, Block, Figure, Heading, Inline, List, Note, Paragraph, Quote, CAPTION_SEPARATOR,
    FIGURE_PREFIX, LEVEL2_MARK,
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
    /// The blocks (figures' `src` still empty).
    pub blocks: Vec<Block>,
    /// Each figure's picture, in document order.
    pub pictures: Vec<Picture>,
}

/// An open list: its level, numbering instance and the list so far.
struct OpenList {
    level: u8,
    num_id: String,
    list: List,
}

/// Builds the tree.
struct Builder<'a> {
    file: &'a str,
    numbering: &'a Numbering,
    tree: Tree,
    lists: Vec<OpenList>,
    quote: Option<Vec<Block>>,
    last_level: u8,
    /// Notes waiting for the next block.
    notes: Vec<String>,
}

/// Builds the block tree from the body's paragraphs.
pub fn build(paras: Vec<Para>, numbering: &Numbering, file: &str) -> Result<Tree> {
    let mut b = Builder {
        file,
        numbering,
        tree: Tree::default(),
        lists: Vec::new(),
        quote: None,
        last_level: 0,
        notes: Vec::new(),
    };
    let mut paras = paras.into_iter().peekable();
    while let Some(mut p) = paras.next() {
        model::trim_spaces(&mut p.content);
        b.notes.append(&mut p.notes_before);
        if p.picture.is_none() && p.content.iter().all(|i| matches!(i, Inline::Note(_))) {
            // An empty paragraph; its notes wait for the next block.
            b.notes.extend(p.content.drain(..).filter_map(|i| match i {
                Inline::Note(n) => Some(n),
                _ => None,
            }));
            continue;
        }
        match p.meaning {
            Meaning::Title if b.tree.title.is_none() => b.tree.title = Some(plain_text(&p.content)),
            Meaning::Subtitle if b.tree.subtitle.is_none() => b.tree.subtitle = Some(plain_text(&p.content)),
            Meaning::Author if b.tree.author.is_none() => b.tree.author = Some(plain_text(&p.content)),
            _ if p.picture.is_some() => {
                let mut caption = None;
                if paras.peek().is_some_and(is_caption) {
                    caption = paras.next();
                }
                let credit = if caption.is_some() && paras.peek().is_some_and(|n| n.meaning == Meaning::Credit) {
                    paras.next()
                } else {
                    None
                };
                b.figure(p, caption, credit)?;
            }
            _ if is_caption(&p) && paras.peek().is_some_and(|n| n.picture.is_some()) => {
                let picture = paras.next().expect("peeked");
                b.figure(picture, Some(p), None)?;
            }
            _ if is_caption(&p) => bail!(
                "{}: {}: a caption with no picture next to it; put the picture just before it, or make it a body paragraph",
                file,
                p.place()
            ),
            Meaning::Heading(level) => b.heading(p, level)?,
            _ if p.list.is_some() => b.list_item(p),
            Meaning::ListParagraph if !b.lists.is_empty() => {
                let block = b.paragraph(p);
                b.push(block);
            }
            Meaning::Quote => {
                b.close_lists();
                if b.quote.is_none() {
                    let notes = b.take_notes();
                    b.tree.blocks.extend(notes);
                    b.quote = Some(Vec::new());
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
            q.push(block);
        } else {
            self.tree.blocks.push(block);
        }
    }

    /// The waiting notes as blocks.
    fn take_notes(&mut self) -> Vec<Block> {
        self.notes
            .drain(..)
            .map(|text| Block::Note(Note { text, line: 0 }))
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
            line: 0,
        })
    }

    fn close_lists(&mut self) {
        while let Some(open) = self.lists.pop() {
            self.push(Block::List(open.list));
        }
    }

    fn close_all(&mut self) {
        self.close_lists();
        if let Some(blocks) = self.quote.take() {
            self.tree.blocks.push(Block::Quote(Quote { blocks, line: 0 }));
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
        if let Some(Inline::Text(t)) = p.content.first_mut() {
            let rest = t.trim_start_matches(LEVEL2_MARK).trim_start().to_string();
            *t = rest;
        }
        p.content = merge_text(p.content);
        let notes = self.take_notes();
        self.tree.blocks.extend(notes);
        self.tree.blocks.push(Block::Heading(Heading {
            level,
            number: Vec::new(),
            id: String::new(),
            content: p.content,
            line: 0,
        }));
        Ok(())
    }

    fn list_item(&mut self, p: Para) {
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
                    line: 0,
                },
            });
        }
        item.push(Block::Paragraph(Paragraph {
            content: p.content,
            line: 0,
        }));
        self.lists.last_mut().expect("opened").list.items.push(item);
    }

    /// A figure from its picture paragraph, its caption and credit paragraphs.
    fn figure(&mut self, picture: Para, caption: Option<Para>, credit: Option<Para>) -> Result<()> {
        self.close_all();
        let place = picture.place();
        let mut notes = picture.content.iter().filter_map(|i| match i {
            Inline::Note(n) => Some(n.clone()),
            _ => None,
        });
        self.notes.extend(&mut notes);
        let pic = picture.picture.expect("a picture paragraph");
        let mut content = caption.as_ref().map(|c| c.content.clone()).unwrap_or_default();
        if let Some(c) = &caption {
            self.notes.extend(c.notes_before.iter().cloned());
        }
        strip_label(&mut content);
        let mut credit = credit.map(|c| plain_text(&c.content).trim_matches(is_space).to_string());
        if credit.is_none() && caption.as_ref().is_some_and(|c| !c.separator) {
            credit = split_credit(&mut content);
        }
        model::trim_spaces(&mut content);
        if plain_text(&content).trim().is_empty() {
            match &pic.descr {
                Some(d) => content = vec![Inline::Text(d.clone())],
                None => bail!(
                    "{}: {place}: a picture without a caption; add one after it (References → Insert Caption: `图1　caption`)",
                    self.file
                ),
            }
        }
        let notes = self.take_notes();
        self.tree.blocks.extend(notes);
        self.tree.blocks.push(Block::Figure(Figure {
            number: 0,
            src: String::new(),
            caption: content,
            credit: credit.filter(|c| !c.is_empty()),
            line: 0,
        }));
        self.tree.pictures.push(pic);
        Ok(())
    }
}

/// Whether a paragraph is a figure caption: in a caption style, or
/// numbered by a `SEQ` field (a producer's own caption style).
fn is_caption(p: &Para) -> bool {
    p.meaning == Meaning::Caption || p.has_seq
}

/// Spaces that separate caption parts.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == CAPTION_SEPARATOR
}

/// Removes the label `图` (and a typed number) and the separator after it
/// from the start of a caption; the `SEQ` number was never read.
fn strip_label(content: &mut Vec<Inline>) {
    let Some(Inline::Text(t)) = content.first_mut() else {
        return;
    };
    let Some(rest) = t.strip_prefix(FIGURE_PREFIX) else {
        return;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.trim_start_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '.' | '、'));
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
        let mut c = vec![Inline::Text("会场　全景".into())];
        assert_eq!(split_credit(&mut c), None);
    }
}
