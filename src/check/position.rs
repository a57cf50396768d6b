//! Where a character of the model's text stands in the source.
//!
//! The model keeps the line a block starts on, not the place of each
//! character; the rules run on the model's text (no `**`, no link targets, soft
//! breaks resolved). This module walks the block's source from its first line
//! and pairs each character of the text with the same character in the
//! source, skipping the markup between them (emphasis marks, escapes, link
//! targets, the line ends a paragraph's lines are joined at).

/// Stands in the checked text for an inline code span: no rule looks inside
/// code, and no rule sees the characters on either side as neighbours.
pub const CODE: char = '\u{FFFC}';

use super::finding::{Quote, QUOTE_CONTEXT};

/// The source text with its line starts.
pub struct SourceMap<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

/// A place in the source: 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text`, the whole source file.
    pub fn new(text: &'a str) -> SourceMap<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceMap { text, starts }
    }

    /// The number of lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The text of 1-based `line`, without its line end (empty for a line
    /// that does not exist).
    pub fn line(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e.max(start));
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where 1-based `line` starts (the end of the text for
    /// a line that does not exist).
    pub fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The line and column of byte `offset`.
    pub fn place(&self, offset: usize) -> Place {
        self.place_after(None, offset)
    }

    /// The line and column of byte `offset`, counting from `known`, an
    /// earlier offset and its place on the same line if there is one: places
    /// found in order along a line cost the distance between them, not the
    /// length of the line each time.
    pub fn place_after(&self, known: Option<(usize, Place)>, offset: usize) -> Place {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let (from, column) = match known {
            Some((at, place)) if place.line == line && at <= offset => (at, place.column),
            _ => (self.starts[line - 1], 1),
        };
        let column = column + self.text[from..offset].chars().count();
        Place { line, column }
    }

    /// The source around the `chars` characters at byte `offset`, cut to
    /// [`QUOTE_CONTEXT`] characters on each side within its line.
    pub fn quote(&self, offset: usize, chars: usize) -> Quote {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let end = start + self.line(line).len();
        let head = &self.text[start..offset.max(start).min(end)];
        let mut before: Vec<char> = head.chars().rev().take(QUOTE_CONTEXT + 1).collect();
        if before.len() > QUOTE_CONTEXT {
            before[QUOTE_CONTEXT] = '…';
        }
        let mut text: String = before.into_iter().rev().collect();
        let start = text.len();
        let mut rest = self.text[offset.min(end)..end].chars();
        text.extend(rest.by_ref().take(chars));
        let span = start..text.len();
        text.extend(rest.by_ref().take(QUOTE_CONTEXT));
        if rest.next().is_some() {
            text.push('…');
        }
        Quote { text, span }
    }

    /// The byte offset of each character of `chars`, a block's text, found in
    /// the source from byte `from` up to the end of the block (the next blank
    /// line). A character that cannot be found (the source spells it as an
    /// entity, say) takes the place of the one before it.
    pub fn align(&self, from: usize, chars: &[char]) -> Vec<usize> {
        let end = self.block_end(from);
        let src = &self.text[..end];
        let mut cursor = from;
        let mut out = Vec::with_capacity(chars.len());
        for &c in chars {
            let found = if c == CODE {
                skip_code(src, cursor)
            } else {
                find(src, cursor, c)
            };
            match found {
                Some((at, next)) => {
                    out.push(at);
                    cursor = next;
                }
                None => out.push(out.last().copied().unwrap_or(from)),
            }
        }
        out
    }

    /// The byte offset where the text of a block starting on `line` begins:
    /// after the indentation, quote and list markers, heading marks and the
    /// `![` of an image.
    pub fn content_start(&self, line: usize) -> usize {
        let text = self.line(line);
        self.line_start(line) + (text.len() - skip_markers(text).len())
    }

    /// The byte offset of the value of front-matter `key` (after `key:`), if
    /// the front matter has it on a line of its own.
    pub fn front_matter_value(&self, key: &str) -> Option<usize> {
        (2..=self.lines()).find_map(|line| {
            let text = self.line(line);
            if text.trim_end() == "---" {
                return Some(None);
            }
            let rest = text.strip_prefix(key)?.strip_prefix(':')?;
            Some(Some(self.starts[line - 1] + text.len() - rest.len()))
        })?
    }

    /// The end of the block holding byte `from`: the start of the next blank
    /// line, or the end of the text.
    fn block_end(&self, from: usize) -> usize {
        let line = self.place(from).line;
        (line + 1..=self.lines())
            .find(|&l| self.line(l).trim().is_empty())
            .map_or(self.text.len(), |l| self.starts[l - 1])
    }
}

/// `text` without the block markers that open it.
fn skip_markers(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let before = rest.len();
        if let Some(r) = rest.strip_prefix('>') {
            rest = r.trim_start();
        }
        if let Some(r) = rest.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with(' ')) {
            rest = r.trim_start();
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=9).contains(&digits) {
            if let Some(r) = rest[digits..]
                .strip_prefix(['.', ')'])
                .filter(|r| r.starts_with(' '))
            {
                rest = r.trim_start();
            }
        }
        if rest.len() == before {
            break;
        }
    }
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if hashes > 0 && rest[hashes..].starts_with([' ', '\t']) {
        rest = rest[hashes..].trim_start();
    }
    rest.strip_prefix("![").unwrap_or(rest)
}

/// How far, in bytes, markup between two characters of the text may reach
/// (beyond it the character is taken as not found, so that a block full of
/// characters spelled as entities costs no more than a linear pass).
const MAX_SKIP: usize = 1024;

/// The next occurrence of `c` in `src` from `cursor`, as (its offset, the
/// offset after it), stepping over link targets. A space in the text matches
/// any white space (a soft line break between Latin words reads as one).
fn find(src: &str, cursor: usize, c: char) -> Option<(usize, usize)> {
    let mut iter = src[cursor..].char_indices().peekable();
    while let Some((i, s)) = iter.next() {
        if i > MAX_SKIP {
            return None;
        }
        let at = cursor + i;
        if s == c || (c == ' ' && s.is_whitespace()) {
            return Some((at, at + s.len_utf8()));
        }
        if s == ']' && iter.peek().is_some_and(|&(_, n)| n == '(') {
            let close = src[at..].find(')')?;
            return find(src, at + close + 1, c);
        }
    }
    None
}

/// The inline code span at or after `cursor`: (its opening backtick, the
/// offset after its closing run).
fn skip_code(src: &str, cursor: usize) -> Option<(usize, usize)> {
    let open = cursor + src[cursor..].find('`')?;
    let run = src[open..].bytes().take_while(|&b| b == b'`').count();
    let fence = "`".repeat(run);
    let mut at = open + run;
    while let Some(i) = src[at..].find(&fence) {
        let close = at + i;
        let len = src[close..].bytes().take_while(|&b| b == b'`').count();
        if len == run {
            return Some((open, close + run));
        }
        at = close + len;
    }
    Some((open, open + run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(source: &str, line: usize, text: &str) -> Vec<usize> {
        let map = SourceMap::new(source);
        let chars: Vec<char> = text.chars().collect();
        map.align(map.content_start(line), &chars)
            .into_iter()
            .map(|o| map.place(o).column)
            .collect()
    }

    #[test]
    fn steps_over_markup_and_joined_lines() {
        let src = "---\ntitle: t\n---\n\n**一是。**正文[链接](http://a.b)后\n续行\n";
        assert_eq!(
            columns(src, 5, "一是。正文链接后续行"),
            [3, 4, 5, 8, 9, 11, 12, 26, 1, 2]
        );
        let map = SourceMap::new(src);
        let places: Vec<Place> = map
            .align(map.content_start(5), &['后', '续'])
            .into_iter()
            .map(|o| map.place(o))
            .collect();
        assert_eq!(places[1], Place { line: 6, column: 1 });
    }

    #[test]
    fn skips_block_markers_and_code() {
        assert_eq!(columns("## 标题", 1, "标题"), [4, 5]);
        assert_eq!(columns("> 1. 一`a1`二", 1, "一\u{FFFC}二"), [6, 7, 11]);
        assert_eq!(columns("![图注](a.jpg \"摄\")", 1, "图注"), [3, 4]);
    }

    #[test]
    fn finds_front_matter_values() {
        let map = SourceMap::new("---\ntitle: 题\nsubtitle: ——副\n---\ntitle: x\n");
        assert_eq!(
            map.front_matter_value("subtitle").map(|o| map.place(o)),
            Some(Place { line: 3, column: 10 })
        );
        assert_eq!(map.front_matter_value("author"), None);
    }
}
