//! What makes a table of the blocks around it: its caption and its notes.
//!
//! A table's caption is a paragraph that begins `Table:` (or `:`, as pandoc
//! writes it) standing directly above the table (the Chinese convention,
//! and the canonical layout) or directly below it. The label `表N` is the
//! model's to give: a caption that types one (`Table: 表2　…`) has it taken
//! off, and `check` reports it. The paragraphs directly after the table (and
//! after a caption below it) that begin `注：`, `资料来源：`, `数据来源：` or
//! `来源：` (or with `:`) are its notes.

use anyhow::{bail, Result};

use crate::model::{caption, table::TABLE_PREFIX, trim_spaces, Block, Inline, Paragraph};

/// What a caption paragraph begins with.
pub const CAPTION_MARKERS: [&str; 2] = ["Table:", ":"];

/// What a note paragraph begins with (then `：` or `:`).
pub const NOTE_WORDS: [&str; 4] = ["注", "资料来源", "数据来源", "来源"];

/// Whether a paragraph that begins with `text` is a table note.
pub fn is_note(text: &str) -> bool {
    NOTE_WORDS.iter().any(|w| {
        text.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with('：') || rest.starts_with(':'))
    })
}

/// The caption words of `p` when it is a caption paragraph (its marker
/// and a typed label `表N` taken off).
fn caption_words(p: &Paragraph) -> Option<Vec<Inline>> {
    let Some(Inline::Text(first)) = p.content.first() else {
        return None;
    };
    let rest = CAPTION_MARKERS.iter().find_map(|m| first.strip_prefix(m))?;
    let mut content = p.content.clone();
    let mut rest = rest.trim_start().to_string();
    if let Some((Some(_), after)) = caption::parse_label_with(TABLE_PREFIX, &rest) {
        rest = after.to_string();
    }
    content[0] = Inline::Text(rest);
    if matches!(&content[0], Inline::Text(t) if t.is_empty()) {
        content.remove(0);
    }
    trim_spaces(&mut content);
    Some(content)
}

/// Gives each table of `blocks` (the document's top level) the caption and
/// the notes that stand next to it, removing those paragraphs from the
/// blocks. `name` names the source in errors.
pub fn attach(blocks: Vec<Block>, name: &str) -> Result<Vec<Block>> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut iter = std::collections::VecDeque::from(blocks);
    while let Some(block) = iter.pop_front() {
        let Block::Table(mut table) = block else {
            out.push(block);
            continue;
        };
        if let Some(Block::Paragraph(p)) = out.last() {
            if let Some(content) = caption_words(p) {
                let line = p.line;
                out.pop();
                table.caption = Some(caption_of(content, line, name)?);
            }
        }
        if let Some(Block::Paragraph(p)) = iter.front() {
            if let Some(content) = caption_words(p) {
                match &table.caption {
                    // Between two tables, a caption is the next one's (above it).
                    Some(_) if matches!(iter.get(1), Some(Block::Table(_))) => {}
                    Some(above) => bail!(
                        "{name}:{}: the table already has its caption on line {}: a table has one caption",
                        p.line,
                        above.line
                    ),
                    None => {
                        table.caption = Some(caption_of(content, p.line, name)?);
                        iter.pop_front();
                    }
                }
            }
        }
        while let Some(Block::Paragraph(p)) = iter.front() {
            if !matches!(p.content.first(), Some(Inline::Text(t)) if is_note(t)) {
                break;
            }
            let Some(Block::Paragraph(p)) = iter.pop_front() else {
                unreachable!("just peeked")
            };
            table.notes.push(p);
        }
        out.push(Block::Table(table));
    }
    Ok(out)
}

fn caption_of(content: Vec<Inline>, line: usize, name: &str) -> Result<crate::model::TableCaption> {
    if crate::model::plain_text(&content).trim().is_empty() {
        bail!("{name}:{line}: the table caption is empty; write its words after `Table:`");
    }
    Ok(crate::model::TableCaption {
        number: 0,
        content,
        block: Default::default(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_words() {
        assert!(is_note("注：数据为初步统计"));
        assert!(is_note("资料来源: 国家统计局"));
        assert!(!is_note("注意：这不是注释"));
        assert!(!is_note("注"));
    }
}
