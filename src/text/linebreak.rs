//! Chinese line breaking, pure and format-independent.
//!
//! Two steps, both without fonts or PDF:
//!
//! 1. [`breaks`] finds where a line may end: UAX #14 (through the
//!    `unicode-linebreak` crate), tailored for Chinese after the W3C
//!    *Requirements for Chinese Text Layout* (clreq): curly quotes behave as
//!    opening / closing brackets, the line-start and line-end rules
//!    ([`LINE_START_PROHIBITED`], [`LINE_END_PROHIBITED`]) hold, `——` and
//!    `……` never split, a number stays with the character after it
//!    (`2021年`, `147个`) and short quoted terms stay whole (`“十四五”`).
//! 2. [`fit`] picks the line ends for items of known width: first fit,
//!    then the last line is made to hold more than one lone character
//!    (by a looser or a tighter penultimate line), and every line but the
//!    last is justified by spreading its slack over its gaps. A word longer
//!    than the line is broken rather than overflowing.
//!
//! The EPUB and DOCX editions express the same rules in CSS and Word
//! settings; only the PDF lays out lines itself.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::classes::{is_han, is_space, is_word_char};

/// Characters that never start a line (clreq line-start prohibition).
pub const LINE_START_PROHIBITED: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '”', '’', '」', '』', '】', '〕', '〉', '〗', '·',
    '・', ',', '.', ';', ':', '?', '!', ')', ']', '}',
];

/// Characters that never end a line (clreq line-end prohibition).
pub const LINE_END_PROHIBITED: &[char] = &[
    '（', '《', '“', '‘', '「', '『', '【', '〔', '〈', '〖', '(', '[', '{',
];

/// Characters whose doubled form (`——`, `……`) is one mark that never splits.
pub const NEVER_SPLIT_DOUBLED: &[char] = &['—', '…', '⸺'];

/// Quotation and title marks whose short content is kept on one line.
const SHORT_TERM_MARKS: &[(char, char)] = &[('“', '”'), ('‘', '’'), ('《', '》')];

/// The longest quoted term (in characters, marks excluded) kept whole.
pub const SHORT_TERM_MAX: usize = 4;

/// Whether a line may end before a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// No break here.
    Prohibited,
    /// A line may end here.
    Allowed,
    /// A line must end here (after a hard line break).
    Mandatory,
}

/// The break opportunity before each character of `chars`
/// (`result[i]` is about the boundary between `chars[i - 1]` and `chars[i]`;
/// `result[0]` is always [`Break::Prohibited`]).
pub fn breaks(chars: &[char]) -> Vec<Break> {
    let n = chars.len();
    let mut out = vec![Break::Prohibited; n];
    // UAX #14 treats “ ” ‘ ’ as ambiguous quotes (no break on either side);
    // in Chinese they open and close like brackets, so analyse with corner
    // brackets standing in for them.
    let analysed: String = chars.iter().map(|&c| uax14_stand_in(c)).collect();
    let starts: Vec<usize> = analysed.char_indices().map(|(b, _)| b).collect();
    for (offset, opportunity) in linebreaks(&analysed) {
        if let Ok(i) = starts.binary_search(&offset) {
            if i > 0 {
                out[i] = match opportunity {
                    BreakOpportunity::Mandatory => Break::Mandatory,
                    BreakOpportunity::Allowed => Break::Allowed,
                };
            }
        }
    }
    for i in 1..n {
        if out[i] == Break::Allowed && !tailored_allows(chars[i - 1], chars[i]) {
            out[i] = Break::Prohibited;
        }
    }
    keep_short_terms(chars, &mut out);
    out
}

fn uax14_stand_in(c: char) -> char {
    match c {
        '“' => '「',
        '”' => '」',
        '‘' => '『',
        '’' => '』',
        other => other,
    }
}

/// The Chinese tailoring of a break UAX #14 allows between `a` and `b`.
fn tailored_allows(a: char, b: char) -> bool {
    if LINE_START_PROHIBITED.contains(&b) || LINE_END_PROHIBITED.contains(&a) {
        return false;
    }
    if a == b && NEVER_SPLIT_DOUBLED.contains(&a) {
        return false;
    }
    // A slash inside a Latin word or number (`PDF/A`, `1/2`) holds it together.
    if a == '/' && b.is_ascii_alphanumeric() {
        return false;
    }
    // A number stays with the unit or measure word after it: 2021年, 147个.
    !(a.is_ascii_digit() && is_han(b))
}

/// Removes the breaks inside short quoted terms such as `“十四五”`.
fn keep_short_terms(chars: &[char], out: &mut [Break]) {
    for (open_at, &c) in chars.iter().enumerate() {
        let Some(&(_, close)) = SHORT_TERM_MARKS.iter().find(|(o, _)| *o == c) else {
            continue;
        };
        let limit = (open_at + SHORT_TERM_MAX + 2).min(chars.len());
        let Some(close_at) = (open_at + 1..limit).find(|&j| chars[j] == close || chars[j] == c) else {
            continue;
        };
        if chars[close_at] != close {
            continue;
        }
        for b in &mut out[open_at + 1..=close_at] {
            if *b == Break::Allowed {
                *b = Break::Prohibited;
            }
        }
    }
}

/// Whether the gap between `a` and `b` may take part of a line's slack:
/// every gap except those inside a Latin word or a number.
pub fn gap_stretches(a: char, b: char) -> bool {
    !(is_word_char(a) && is_word_char(b))
}

/// One character to set, with its advance width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// The character.
    pub ch: char,
    /// Its advance width (any unit, the same as [`Measure`]'s).
    pub width: f32,
}

/// The measure a paragraph is set to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The line width.
    pub width: f32,
    /// Indent of the first line (2 em for a body paragraph).
    pub first_indent: f32,
    /// The most a gap may grow to avoid a lone last character.
    pub max_stretch: f32,
    /// The most a gap may shrink to avoid a lone last character.
    pub max_shrink: f32,
    /// Whether lines but the last are flush on both sides.
    pub justify: bool,
}

/// A set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The items drawn on this line (trailing spaces excluded).
    pub range: Range<usize>,
    /// The x position of each item of `range`, from the measure's left edge
    /// (the first line's indent included).
    pub x: Vec<f32>,
    /// The right edge of the last item.
    pub end_x: f32,
}

/// Sets `items` into lines of `measure`, breaking only where `breaks`
/// allows (see [`breaks`]) unless a single word is longer than the line.
pub fn fit(items: &[Item], breaks: &[Break], measure: &Measure) -> Vec<Line> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let avail = available(measure, spans.is_empty());
        let (end, forced) = next_end(items, breaks, start, avail, measure.width);
        spans.push((start, end, forced));
        start = end;
    }
    avoid_lone_last_line(items, breaks, measure, &mut spans);
    let count = spans.len();
    spans
        .iter()
        .enumerate()
        .map(|(k, &(s, e, forced))| {
            let justify = measure.justify && k + 1 < count && !forced;
            set_line(items, trim(items, s, e), measure, k == 0, justify)
        })
        .collect()
}

fn available(measure: &Measure, first: bool) -> f32 {
    measure.width - if first { measure.first_indent } else { 0.0 }
}

/// Where the line starting at `start` ends, and whether the end is forced.
fn next_end(items: &[Item], breaks: &[Break], start: usize, avail: f32, full: f32) -> (usize, bool) {
    let mut best = None;
    let mut width = 0.0;
    let mut content = 0.0;
    for i in start..items.len() {
        if i > start {
            match breaks[i] {
                Break::Mandatory => return (i, true),
                Break::Allowed => best = Some(i),
                Break::Prohibited => {}
            }
        }
        width += items[i].width;
        if !is_space(items[i].ch) {
            content = width;
        }
        if content > avail + 1e-4 {
            // Overflow: end at the last allowed break, unless what follows
            // it is a word longer than any line: then fill this line and
            // break the word (as when there is no break at all).
            return match best {
                Some(b) if unit_width(items, breaks, b) <= full + 1e-4 => (b, false),
                _ => (i.max(start + 1), false),
            };
        }
    }
    (items.len(), false)
}

/// The width of the unbreakable unit starting at `start` (trailing spaces excluded).
fn unit_width(items: &[Item], breaks: &[Break], start: usize) -> f32 {
    let end = (start + 1..items.len())
        .find(|&i| breaks[i] != Break::Prohibited)
        .unwrap_or(items.len());
    natural_width(items, &trim(items, start, end))
}

/// `start..end` without trailing spaces.
fn trim(items: &[Item], start: usize, end: usize) -> Range<usize> {
    let mut e = end;
    while e > start && is_space(items[e - 1].ch) {
        e -= 1;
    }
    start..e
}

fn natural_width(items: &[Item], r: &Range<usize>) -> f32 {
    items[r.clone()].iter().map(|i| i.width).sum()
}

fn gap_count(items: &[Item], r: &Range<usize>) -> usize {
    (r.start + 1..r.end)
        .filter(|&i| gap_stretches(items[i - 1].ch, items[i].ch))
        .count()
}

/// A last line with at most one character that is not punctuation or space.
fn is_lone(items: &[Item], r: &Range<usize>) -> bool {
    items[r.clone()]
        .iter()
        .filter(|i| !is_space(i.ch) && !LINE_START_PROHIBITED.contains(&i.ch))
        .count()
        <= 1
}

/// Moves the last line break earlier (a looser penultimate line) or removes
/// it (a tighter one) when the last line would hold a lone character.
fn avoid_lone_last_line(
    items: &[Item],
    breaks: &[Break],
    measure: &Measure,
    spans: &mut Vec<(usize, usize, bool)>,
) {
    let n = spans.len();
    if n < 2 {
        return;
    }
    let (ps, pe, pforced) = spans[n - 2];
    let (_, le, lforced) = spans[n - 1];
    if pforced || !is_lone(items, &trim(items, pe, le)) {
        return;
    }
    let avail = available(measure, n == 2);
    let last_avail = measure.width;
    for b in (ps + 1..pe).rev() {
        if breaks[b] != Break::Allowed {
            continue;
        }
        let pen = trim(items, ps, b);
        let last = trim(items, b, le);
        let gaps = gap_count(items, &pen);
        if gaps == 0 || is_lone(items, &last) || natural_width(items, &last) > last_avail {
            continue;
        }
        if (avail - natural_width(items, &pen)) / gaps as f32 <= measure.max_stretch {
            spans[n - 2] = (ps, b, false);
            spans[n - 1] = (b, le, lforced);
            return;
        }
        break;
    }
    let merged = trim(items, ps, le);
    let gaps = gap_count(items, &merged) as f32;
    if natural_width(items, &merged) <= avail + gaps * measure.max_shrink {
        spans.pop();
        spans[n - 2] = (ps, le, lforced);
    }
}

fn set_line(items: &[Item], r: Range<usize>, measure: &Measure, first: bool, justify: bool) -> Line {
    let indent = if first { measure.first_indent } else { 0.0 };
    let avail = available(measure, first);
    let natural = natural_width(items, &r);
    // A line cut out of a word longer than the line has no gap that may
    // stretch; its few hundredths of an em go between its letters.
    let letterspace = gap_count(items, &r) == 0;
    let stretches = |i: usize| letterspace || gap_stretches(items[i - 1].ch, items[i].ch);
    let gaps = (r.start + 1..r.end).filter(|&i| stretches(i)).count();
    let extra = if (justify || natural > avail) && gaps > 0 {
        (avail - natural) / gaps as f32
    } else {
        0.0
    };
    let mut x = Vec::with_capacity(r.len());
    let mut cur = indent;
    for i in r.clone() {
        if i > r.start && stretches(i) {
            cur += extra;
        }
        x.push(cur);
        cur += items[i].width;
    }
    Line {
        range: r,
        x,
        end_x: cur,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The text with `|` at every allowed break.
    fn marked(s: &str) -> String {
        let cs = chars(s);
        let bs = breaks(&cs);
        let mut out = String::new();
        for (c, b) in cs.iter().zip(&bs) {
            if *b != Break::Prohibited {
                out.push('|');
            }
            out.push(*c);
        }
        out
    }

    fn set(s: &str, width: f32, indent: f32) -> Vec<String> {
        let cs = chars(s);
        let items: Vec<Item> = cs
            .iter()
            .map(|&ch| Item {
                ch,
                width: if is_word_char(ch) || ch == ' ' { 0.5 } else { 1.0 },
            })
            .collect();
        let m = Measure {
            width,
            first_indent: indent,
            max_stretch: 0.5,
            max_shrink: 0.1,
            justify: true,
        };
        let lines = fit(&items, &breaks(&cs), &m);
        for (k, l) in lines.iter().enumerate() {
            assert_eq!(l.x.len(), l.range.len());
            assert!(l.end_x <= width + 1e-3, "line {k} overflows: {}", l.end_x);
            if k + 1 < lines.len() && l.range.len() > 1 {
                assert!((l.end_x - width).abs() < 1e-3, "line {k} not justified");
            }
        }
        lines
            .iter()
            .map(|l| cs[l.range.clone()].iter().collect())
            .collect()
    }

    #[test]
    fn han_breaks_everywhere_but_before_closing_punctuation() {
        assert_eq!(marked("中文，中文。好"), "中|文，|中|文。|好");
        assert_eq!(marked("看（书）了"), "看|（书）|了");
        assert_eq!(marked("说：“好”"), "说：|“好”");
    }

    #[test]
    fn quotes_open_and_close_like_brackets() {
        assert_eq!(marked("了“四个意识”后"), "了|“四个意识”|后");
        // A long quotation may break inside, but never after its opening mark.
        assert_eq!(marked("“一二三四五六七”"), "“一|二|三|四|五|六|七”");
    }

    #[test]
    fn numbers_stay_whole_and_with_their_unit() {
        assert_eq!(marked("在2021年开设147个群"), "在|2021年|开|设|147个|群");
    }

    #[test]
    fn dashes_and_ellipses_never_split() {
        let m = marked("题——副题……完");
        assert!(!m.contains("—|—") && !m.contains("…|…"), "{m}");
    }

    #[test]
    fn latin_breaks_between_words() {
        assert_eq!(marked("see the PDF文件"), "see |the |PDF|文|件");
        assert_eq!(marked("如PDF/A、"), "如|PDF/A、");
    }

    #[test]
    fn lines_are_justified_and_indented() {
        let lines = set("一二三四五六七八九十一二三四五六七八九十一二三", 10.0, 2.0);
        assert_eq!(lines, ["一二三四五六七八", "九十一二三四五六七八", "九十一二三"]);
    }

    #[test]
    fn line_start_rule_pushes_a_character_down() {
        let lines = set("一二三四五六七八九十，一二三", 10.0, 0.0);
        assert_eq!(lines[0], "一二三四五六七八九");
        assert!(lines[1].starts_with("十，"));
    }

    #[test]
    fn lone_last_character_is_avoided() {
        // 11 characters in lines of 10: the naive last line is `一`.
        let lines = set("一二三四五六七八九十一", 10.0, 0.0);
        assert_eq!(lines, ["一二三四五六七八九", "十一"]);
        // With punctuation: `一。` also counts as a lone character.
        let lines = set("一二三四五六七八九十一。", 10.0, 0.0);
        assert_eq!(lines.last().unwrap(), "十一。");
    }

    #[test]
    fn long_words_are_broken_not_overflowing() {
        let lines = set("abcdefghijklmnopqrstuvwxyzabcdefghij", 5.0, 0.0);
        assert!(lines.len() >= 4, "{lines:?}");
        assert_eq!(lines.concat(), "abcdefghijklmnopqrstuvwxyzabcdefghij");
        // A long word after other text fills the line it starts on.
        let lines = set("一二三abcdefghijklmnopqrstuvwxyz", 5.0, 0.0);
        assert_eq!(lines[0], "一二三abcd");
    }

    #[test]
    fn latin_lines_end_at_spaces() {
        let lines = set("one two three four five six", 5.0, 0.0);
        assert_eq!(lines[0], "one two");
        assert!(lines.iter().all(|l| !l.ends_with(' ') && !l.starts_with(' ')));
    }

    #[test]
    fn hard_breaks_end_a_line_unjustified() {
        let cs = chars("一二\n三四");
        let items: Vec<Item> = cs.iter().map(|&ch| Item { ch, width: 1.0 }).collect();
        let m = Measure {
            width: 10.0,
            first_indent: 0.0,
            max_stretch: 0.5,
            max_shrink: 0.1,
            justify: true,
        };
        let lines = fit(&items, &breaks(&cs), &m);
        assert_eq!(lines[0].range, 0..2);
        assert_eq!(lines[0].end_x, 2.0);
        assert_eq!(lines[1].range, 3..5);
    }
}
