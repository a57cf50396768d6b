//! Naming the DOCX paragraph behind a problem found after the paragraphs
//! became the model: characters no source can hold, and — when the
//! Markdown written for the document does not read back — the block that
//! does not. Each block's `line` is the number of the DOCX paragraph it
//! began at ([`super::tree::Tree::places`] gives its first words).

use std::collections::HashMap;

use anyhow::{bail, Result};

use crate::input::markdown::{forbidden_char, parse};
use crate::model::{walk, Block, Document, Figure, Inline};

/// The number of the DOCX paragraph a block began at.
fn line(block: &Block) -> usize {
    block.line()
}

/// `paragraph N (“first words”)` for the paragraph numbered `number`.
fn place(places: &HashMap<usize, String>, number: usize) -> String {
    places
        .get(&number)
        .cloned()
        .unwrap_or_else(|| format!("paragraph {number}"))
}

/// Refuses text no source can hold: a control character or noncharacter in
/// the title block or any block, a control character or line break in a
/// link's address.
pub fn check_characters(doc: &Document, places: &HashMap<usize, String>, file: &str) -> Result<()> {
    let meta = &doc.meta;
    for (what, value) in [
        ("the title", Some(&meta.title)),
        ("the subtitle", meta.subtitle.as_ref()),
        ("the author", meta.author.as_ref()),
    ] {
        if let Some(c) = value.and_then(|v| v.chars().find(|&c| forbidden_char(c))) {
            bail!(
                "{file}: {what} holds control character U+{:04X}, which no source can hold; delete it",
                c as u32
            );
        }
    }
    let mut found = None;
    walk(&doc.blocks, &mut |b| {
        if found.is_some() {
            return;
        }
        let problem = match b {
            Block::Heading(h) => in_inlines(&h.content),
            Block::Paragraph(p) => in_inlines(&p.content),
            Block::Figure(f) => in_figure(f),
            Block::FigureRow(r) => r.figures.iter().find_map(in_figure),
            Block::Note(n) => in_text(&n.text),
            Block::Table(t) => t
                .caption
                .iter()
                .map(|c| &c.content)
                .chain(t.rows().flat_map(|r| r.cells.iter().map(|c| &c.content)))
                .chain(t.notes.iter().map(|n| &n.content))
                .find_map(|c| in_inlines(c)),
            Block::List(_) | Block::Quote(_) => None,
        };
        found = problem.map(|p| (line(b), p));
    });
    if let Some((number, problem)) = found {
        bail!("{file}: {}: {problem}", place(places, number));
    }
    Ok(())
}

/// What is wrong with the characters of a figure's caption, credit or
/// text alternative, if anything.
fn in_figure(f: &Figure) -> Option<String> {
    match &f.caption {
        Some(c) => in_inlines(&c.content).or_else(|| c.credit.as_deref().and_then(in_text)),
        None => f.alt.as_deref().and_then(in_text),
    }
}

/// What is wrong with the characters of `text`, if anything.
fn in_text(text: &str) -> Option<String> {
    text.chars().find(|&c| forbidden_char(c)).map(|c| {
        format!(
            "control character U+{:04X}, which no source can hold; delete it",
            c as u32
        )
    })
}

/// What is wrong with the characters of inlines, if anything.
fn in_inlines(content: &[Inline]) -> Option<String> {
    content.iter().find_map(|i| match i {
        Inline::Text(t) | Inline::Code(t) | Inline::Note(t) => in_text(t),
        Inline::Image(img) => in_text(&img.alt),
        Inline::Strong(c) | Inline::Emphasis(c) => in_inlines(c),
        Inline::Link { url, content } => match url.chars().find(|c| c.is_control()) {
            Some(c) => Some(format!(
                "a link whose address holds {}; correct the address (Edit Hyperlink)",
                match c {
                    '\n' | '\r' => "a line break".to_string(),
                    c => format!("control character U+{:04X}", c as u32),
                }
            )),
            None => in_inlines(content),
        },
        Inline::LineBreak => None,
    })
}

/// The place of the first block whose Markdown, written alone, does not
/// parse back to the same text (looking inside lists and quotes for the
/// item or paragraph), or `None` when each block reads back alone.
pub fn culprit(doc: &Document, places: &HashMap<usize, String>) -> Option<String> {
    first_bad(&doc.blocks, doc).map(|number| place(places, number))
}

fn first_bad(blocks: &[Block], doc: &Document) -> Option<usize> {
    for block in blocks {
        let alone = Document {
            source_name: doc.source_name.clone(),
            meta: doc.meta.clone(),
            blocks: vec![block.clone()],
        };
        let text = super::markdown::write(&alone);
        let good = parse(&text, &doc.source_name).is_ok_and(|d| super::reads_back(&d, &alone));
        if good {
            continue;
        }
        let inner = match block {
            Block::List(l) => l.items.iter().find_map(|item| first_bad(item, doc)),
            Block::Quote(q) => first_bad(&q.blocks, doc),
            _ => None,
        };
        return Some(inner.unwrap_or(line(block)));
    }
    None
}
