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

use serde::Serialize;
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
    break_urls(chars, &mut out);
    out
}

/// Inside a URL, a line may end only after `/` or before `.` `?` `&` `#`:
/// never before `:` or inside `://`, so `https://` and a host's labels stay
/// readable (UAX #14 alone breaks `https` / `://example.org`).
fn break_urls(chars: &[char], out: &mut [Break]) {
    let mut i = 0;
    while i < chars.len() {
        let len = url_len(&chars[i..]);
        if len == 0 {
            i += 1;
            continue;
        }
        for j in i + 1..i + len {
            let (a, b) = (chars[j - 1], chars[j]);
            let allowed = (a == '/' && b != '/') || matches!(b, '.' | '?' | '&' | '#');
            out[j] = if allowed {
                Break::Allowed
            } else {
                Break::Prohibited
            };
        }
        i += len;
    }
}

/// The length of the URL `chars` starts with (0 when it starts none): from
/// `http://`, `https://` or `www.` up to white space or a character that is
/// not printable ASCII, without a trailing `.` or `,`.
fn url_len(chars: &[char]) -> usize {
    let starts = |p: &str| p.chars().zip(chars).filter(|(a, b)| a == *b).count() == p.len();
    if !["http://", "https://", "www."].iter().any(|p| starts(p)) {
        return 0;
    }
    let mut len = chars.iter().take_while(|c| c.is_ascii_graphic()).count();
    while len > 0 && matches!(chars[len - 1], '.' | ',') {
        len -= 1;
    }
    len
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

/// How punctuation marks are set: a front-matter choice (`punctuation:`),
/// after clreq's "punctuation width adjustment".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Punctuation {
    /// 全角式, as most books in mainland China: every mark takes a full em,
    /// two adjacent marks take 1.5 em, a mark at the end of a line half an
    /// em (GB/T 15834—2011 5.1.10), and a line is tightened by compressing
    /// its marks (brackets, quotes and pause marks first, then `。？！`)
    /// before any space is added between characters.
    #[default]
    Quanjiao,
    /// 开明式: `。？！` take a full em, every other mark half an em.
    Kaiming,
    /// 半角式: every mark takes half an em.
    Banjiao,
}

impl Punctuation {
    /// The front-matter names, in the order of the variants.
    pub const NAMES: [&'static str; 3] = ["quanjiao", "kaiming", "banjiao"];

    /// The style a front-matter name stands for.
    pub fn from_name(name: &str) -> Option<Punctuation> {
        match name {
            "quanjiao" => Some(Punctuation::Quanjiao),
            "kaiming" => Some(Punctuation::Kaiming),
            "banjiao" => Some(Punctuation::Banjiao),
            _ => None,
        }
    }
}

/// Where a full-width punctuation mark's blank half lies (clreq
/// "punctuation adjustment space"), and how readily it is given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Opening brackets and quotes: the blank is on the left.
    Opening,
    /// Closing brackets and quotes, `，、；：`: the blank is on the right.
    Closing,
    /// `。？！`: the blank is on the right and is compressed last.
    Stop,
}

/// The kind of `c` if it is a mark with a blank half (as in the fonts'
/// `halt` feature for simplified Chinese).
pub fn mark_kind(c: char) -> Option<MarkKind> {
    match c {
        '（' | '《' | '“' | '‘' | '「' | '『' | '【' | '〔' | '〈' | '〖' => {
            Some(MarkKind::Opening)
        }
        '，' | '、' | '；' | '：' | '）' | '》' | '”' | '’' | '」' | '』' | '】' | '〕' | '〉' | '〗' => {
            Some(MarkKind::Closing)
        }
        '。' | '？' | '！' => Some(MarkKind::Stop),
        _ => None,
    }
}

/// One character to set, with its advance width and the blank it may give up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// The character.
    pub ch: char,
    /// Its advance width (any unit, the same as [`Measure`]'s).
    pub width: f32,
    /// The blank on its left that may be removed (half the em of an opening mark).
    pub lead: f32,
    /// The blank on its right that may be removed (half the em of a closing mark).
    pub trail: f32,
    /// Its punctuation kind, when it has a blank half.
    pub kind: Option<MarkKind>,
    /// How much a word space may grow before other gaps do (half an em).
    pub stretch: f32,
}

impl Item {
    /// `ch` of advance `width` set at `em`: a mark is given its blank half
    /// only when it is full width.
    pub fn new(ch: char, width: f32, em: f32) -> Item {
        let kind = mark_kind(ch).filter(|_| (width - em).abs() <= 0.01 * em);
        let half = em / 2.0;
        let (lead, trail) = match kind {
            Some(MarkKind::Opening) => (half, 0.0),
            Some(_) => (0.0, half),
            None => (0.0, 0.0),
        };
        Item {
            ch,
            width,
            lead,
            trail,
            kind,
            stretch: if is_space(ch) { half } else { 0.0 },
        }
    }

    /// The width this item needs at least inside a line (`at_end`: as
    /// the line's last item) in `style`.
    fn min_width(&self, style: Punctuation, at_end: bool) -> f32 {
        let stop_keeps = style == Punctuation::Kaiming && self.kind == Some(MarkKind::Stop);
        let trail = if at_end || !stop_keeps { self.trail } else { 0.0 };
        self.width - self.lead - trail
    }
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
    /// How punctuation is set.
    pub punctuation: Punctuation,
}

/// A set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The items drawn on this line (trailing spaces excluded).
    pub range: Range<usize>,
    /// The x position of each item's glyph origin, from the measure's left
    /// edge (the first line's indent included). A mark whose left blank
    /// was removed has its origin that much left of the previous item's end.
    pub x: Vec<f32>,
    /// The left edge of the first item's ink side (its origin plus any blank removed).
    pub start_x: f32,
    /// The right edge of the last item.
    pub end_x: f32,
    /// The space added to each gap that stretches once the word spaces
    /// took their share (0 unless justified; below 0 for a word squeezed
    /// into a line too short for it).
    pub expansion: f32,
}

/// Sets `items` into lines of `measure`, breaking only where `breaks`
/// allows (see [`breaks`]) unless a single word is longer than the line.
///
/// The line adjustment follows clreq: a line takes as many characters as
/// fit once its punctuation is compressed as far as the style allows;
/// then its marks are compressed only as far as it needs (the opening
/// mark starting it first, then brackets, quotes and pause marks, then
/// `。？！`), and a line that is short is justified by spreading what
/// remains over its gaps.
pub fn fit(items: &[Item], breaks: &[Break], measure: &Measure) -> Vec<Line> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let avail = available(measure, spans.is_empty());
        let (end, forced) = next_end(items, breaks, start, avail, measure);
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
fn next_end(items: &[Item], breaks: &[Break], start: usize, avail: f32, measure: &Measure) -> (usize, bool) {
    let style = measure.punctuation;
    let mut best = None;
    let mut inside = 0.0;
    for i in start..items.len() {
        if i > start {
            match breaks[i] {
                Break::Mandatory => return (i, true),
                Break::Allowed => best = Some(i),
                Break::Prohibited => {}
            }
        }
        let content = inside + items[i].min_width(style, true);
        inside += items[i].min_width(style, false);
        if !is_space(items[i].ch) && content > avail + 1e-4 {
            // Overflow: end at the last allowed break, unless what follows
            // it is a word longer than any line: then fill this line and
            // break the word (as when there is no break at all).
            return match best {
                Some(b) if unit_width(items, breaks, b) <= measure.width + 1e-4 => (b, false),
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
    items[trim(items, start, end)].iter().map(|i| i.width).sum()
}

/// `start..end` without trailing spaces.
fn trim(items: &[Item], start: usize, end: usize) -> Range<usize> {
    let mut e = end;
    while e > start && is_space(items[e - 1].ch) {
        e -= 1;
    }
    start..e
}

/// How the marks of one line are set: the blank each item keeps on either
/// side, before the line is fitted to its measure.
struct Blanks {
    /// Blank removed on the left of each item.
    cut_lead: Vec<f32>,
    /// Blank removed on the right of each item.
    cut_trail: Vec<f32>,
}

impl Blanks {
    /// What the style, adjacent marks and the line's end take away.
    fn new(items: &[Item], r: &Range<usize>, style: Punctuation) -> Blanks {
        let n = r.len();
        let line = &items[r.clone()];
        let mut cut_lead = vec![0.0; n];
        let mut cut_trail = vec![0.0; n];
        for (k, item) in line.iter().enumerate() {
            let half_width = match item.kind {
                Some(MarkKind::Stop) => style == Punctuation::Banjiao,
                Some(_) => style != Punctuation::Quanjiao,
                None => false,
            };
            if half_width {
                cut_lead[k] = item.lead;
                cut_trail[k] = item.trail;
            }
        }
        // Two adjacent marks give up half an em of the blank between them
        // (clreq: 2 em become 1.5 em), the first mark's first.
        for k in 1..n {
            if line[k - 1].kind.is_none() || line[k].kind.is_none() {
                continue;
            }
            let left = line[k - 1].trail - cut_trail[k - 1];
            let right = line[k].lead - cut_lead[k];
            let mut excess = (left + right).min(line[k].width.min(line[k - 1].width) / 2.0);
            let from_left = left.min(excess);
            cut_trail[k - 1] += from_left;
            excess -= from_left;
            cut_lead[k] += right.min(excess);
        }
        // A mark at the end of a line is half width (GB/T 15834—2011 5.1.10).
        if let Some(last) = n.checked_sub(1) {
            cut_trail[last] = line[last].trail;
        }
        Blanks { cut_lead, cut_trail }
    }

    fn width(&self, items: &[Item], r: &Range<usize>) -> f32 {
        items[r.clone()]
            .iter()
            .enumerate()
            .map(|(k, i)| i.width - self.cut_lead[k] - self.cut_trail[k])
            .sum()
    }

    /// Removes up to `excess` of the blanks still there, in clreq's order.
    fn compress(&mut self, items: &[Item], r: &Range<usize>, style: Punctuation, mut excess: f32) {
        let line = &items[r.clone()];
        // 1. An opening mark starting the line.
        if let Some(first) = line.first() {
            let take = (first.lead - self.cut_lead[0]).min(excess).max(0.0);
            self.cut_lead[0] += take;
            excess -= take;
        }
        // 2. Brackets, quotes and pause marks, all alike; 3. `。？！`.
        for stops in [false, true] {
            if excess <= 0.0 || (stops && style == Punctuation::Kaiming) {
                break;
            }
            let picked = |i: &Item| i.kind.is_some() && (i.kind == Some(MarkKind::Stop)) == stops;
            let room: f32 = line
                .iter()
                .enumerate()
                .filter(|(_, i)| picked(i))
                .map(|(k, i)| (i.lead - self.cut_lead[k]) + (i.trail - self.cut_trail[k]))
                .sum();
            if room <= 0.0 {
                continue;
            }
            let share = (excess / room).min(1.0);
            for (k, i) in line.iter().enumerate().filter(|(_, i)| picked(i)) {
                self.cut_lead[k] += (i.lead - self.cut_lead[k]) * share;
                self.cut_trail[k] += (i.trail - self.cut_trail[k]) * share;
            }
            excess -= room * share;
        }
    }
}

/// The width of `r` as a line with its punctuation set (before fitting),
/// and the least it can be compressed to.
fn widths(items: &[Item], r: &Range<usize>, style: Punctuation) -> (f32, f32) {
    let blanks = Blanks::new(items, r, style);
    let set = blanks.width(items, r);
    let least = items[r.clone()]
        .iter()
        .enumerate()
        .map(|(k, i)| i.min_width(style, k + 1 == r.len()))
        .sum();
    (set, least)
}

/// Whether the gap before item `i` may take part of a line's slack.
fn stretches_at(items: &[Item], i: usize) -> bool {
    let (a, b) = (items[i - 1].ch, items[i].ch);
    gap_stretches(a, b) && !(a == b && NEVER_SPLIT_DOUBLED.contains(&a))
}

fn gap_count(items: &[Item], r: &Range<usize>) -> usize {
    (r.start + 1..r.end).filter(|&i| stretches_at(items, i)).count()
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
    let style = measure.punctuation;
    let (ps, pe, pforced) = spans[n - 2];
    let (_, le, lforced) = spans[n - 1];
    if pforced || !is_lone(items, &trim(items, pe, le)) {
        return;
    }
    let avail = available(measure, n == 2);
    for b in (ps + 1..pe).rev() {
        if breaks[b] != Break::Allowed {
            continue;
        }
        let pen = trim(items, ps, b);
        let last = trim(items, b, le);
        let gaps = gap_count(items, &pen);
        if gaps == 0 || is_lone(items, &last) || widths(items, &last, style).1 > measure.width {
            continue;
        }
        if (avail - widths(items, &pen, style).0) / gaps as f32 <= measure.max_stretch {
            spans[n - 2] = (ps, b, false);
            spans[n - 1] = (b, le, lforced);
            return;
        }
        break;
    }
    let merged = trim(items, ps, le);
    let gaps = gap_count(items, &merged) as f32;
    if widths(items, &merged, style).1 <= avail + gaps * measure.max_shrink {
        spans.pop();
        spans[n - 2] = (ps, le, lforced);
    }
}

fn set_line(items: &[Item], r: Range<usize>, measure: &Measure, first: bool, justify: bool) -> Line {
    let indent = if first { measure.first_indent } else { 0.0 };
    let avail = available(measure, first);
    let style = measure.punctuation;
    let mut blanks = Blanks::new(items, &r, style);
    let set = blanks.width(items, &r);
    if set > avail {
        blanks.compress(items, &r, style, set - avail);
    }
    let natural = blanks.width(items, &r);
    // A line cut out of a word longer than the line has no gap that may
    // stretch; its few hundredths of an em go between its letters.
    let letterspace = gap_count(items, &r) == 0;
    let stretches = |i: usize| letterspace || stretches_at(items, i);
    let gaps = (r.start + 1..r.end).filter(|&i| stretches(i)).count();
    let mut slack = if justify || natural > avail {
        avail - natural
    } else {
        0.0
    };
    // Word spaces grow first, each by up to half an em (clreq); only what
    // they cannot take is spread over every gap.
    let word_room: f32 = (r.start + 1..r.end).map(|i| items[i - 1].stretch).sum();
    let word_share = if slack > 0.0 && word_room > 0.0 {
        (slack / word_room).min(1.0)
    } else {
        0.0
    };
    slack -= word_room * word_share;
    let extra = if gaps > 0 { slack / gaps as f32 } else { 0.0 };
    let mut x = Vec::with_capacity(r.len());
    let mut cur = indent;
    for (k, i) in r.clone().enumerate() {
        if i > r.start {
            cur += items[i - 1].stretch * word_share;
            if stretches(i) {
                cur += extra;
            }
        }
        x.push(cur - blanks.cut_lead[k]);
        cur += items[i].width - blanks.cut_lead[k] - blanks.cut_trail[k];
    }
    Line {
        range: r,
        x,
        start_x: indent,
        end_x: cur,
        expansion: extra,
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
        set_in(s, width, indent, Punctuation::Quanjiao)
            .iter()
            .map(|(text, _)| text.clone())
            .collect()
    }

    /// The lines' texts and glyph origins, in ems.
    fn set_in(s: &str, width: f32, indent: f32, punctuation: Punctuation) -> Vec<(String, Vec<f32>)> {
        let cs = chars(s);
        let items: Vec<Item> = cs
            .iter()
            .map(|&ch| Item::new(ch, if is_word_char(ch) || ch == ' ' { 0.5 } else { 1.0 }, 1.0))
            .collect();
        let m = Measure {
            width,
            first_indent: indent,
            max_stretch: 0.5,
            max_shrink: 0.1,
            justify: true,
            punctuation,
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
            .map(|l| (cs[l.range.clone()].iter().collect(), l.x.clone()))
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
    fn urls_break_after_slashes_or_before_dots_and_queries() {
        assert_eq!(
            marked("见https://example.org/a/b?c=1&d=2#x。"),
            "见|https://|example|.org/|a/|b|?c=1|&d=2|#x。"
        );
        assert_eq!(marked("www.zhpress.cn，好"), "www|.zhpress|.cn，|好");
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
        let items: Vec<Item> = cs.iter().map(|&ch| Item::new(ch, 1.0, 1.0)).collect();
        let m = Measure {
            width: 10.0,
            first_indent: 0.0,
            max_stretch: 0.5,
            max_shrink: 0.1,
            justify: true,
            punctuation: Punctuation::Quanjiao,
        };
        let lines = fit(&items, &breaks(&cs), &m);
        assert_eq!(lines[0].range, 0..2);
        assert_eq!(lines[0].end_x, 2.0);
        assert_eq!(lines[1].range, 3..5);
    }

    /// The advance each glyph was given on a line (the last one's up to `end`).
    fn pitches(x: &[f32]) -> Vec<f32> {
        x.windows(2).map(|w| w[1] - w[0]).collect()
    }

    #[test]
    fn adjacent_marks_give_up_half_an_em() {
        // One short line (not justified): `》《` 1.5 em, `，“` 1.5 em, `。”` 1.5 em.
        let lines = set_in("读《甲》《乙》，“丙。”", 30.0, 0.0, Punctuation::Quanjiao);
        let (text, x) = &lines[0];
        assert_eq!(text, "读《甲》《乙》，“丙。”");
        let p = pitches(x);
        // 读 → 《: a full em (《 keeps its left blank: 读 is no mark).
        assert_eq!(p[0], 1.0, "{p:?}");
        // 》《: 》 gives up its right blank.
        assert_eq!(&p[2..5], &[1.0, 0.5, 1.0]);
        // 》，, then ，“: the first mark of each pair gives up its blank.
        assert_eq!(&p[6..8], &[0.5, 0.5]);
        // 。”: the stop gives up its blank.
        assert_eq!(p[10], 0.5);
    }

    #[test]
    fn kaiming_and_banjiao_halve_marks() {
        let pitch = |style| pitches(&set_in("甲，乙。丙", 30.0, 0.0, style)[0].1);
        assert_eq!(pitch(Punctuation::Quanjiao), [1.0, 1.0, 1.0, 1.0]);
        assert_eq!(pitch(Punctuation::Kaiming), [1.0, 0.5, 1.0, 1.0]);
        assert_eq!(pitch(Punctuation::Banjiao), [1.0, 0.5, 1.0, 0.5]);
    }

    #[test]
    fn a_line_takes_a_mark_by_compressing_others_not_by_stretching() {
        // Ten em of text with two commas: in 9.5 em the line end trims the
        // last mark and one comma inside gives up what is missing.
        let lines = set_in("一二，三四，五六七。八九", 9.5, 0.0, Punctuation::Quanjiao);
        assert_eq!(lines[0].0, "一二，三四，五六七。");
        let p = pitches(&lines[0].1);
        // Every pitch is between a compressed mark's and a character's: no gap grew.
        assert!(p.iter().all(|d| (0.5 - 1e-4..=1.0 + 1e-4).contains(d)), "{p:?}");
    }

    #[test]
    fn a_line_ending_in_a_mark_is_flush_and_unstretched() {
        // 10 characters and a comma in a 10.5 em line: the comma at the end
        // is half width, so the line is full without stretching.
        let lines = set_in(
            "一二三四五六七八九十，一二三四五",
            10.5,
            0.0,
            Punctuation::Quanjiao,
        );
        assert_eq!(lines[0].0, "一二三四五六七八九十，");
        assert!(pitches(&lines[0].1).iter().all(|&d| (d - 1.0).abs() < 1e-4));
    }

    #[test]
    fn an_opening_mark_starting_a_line_gives_up_its_blank_only_when_needed() {
        let lines = set_in("“一二三四五”", 6.0, 0.0, Punctuation::Quanjiao);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].1[0], -0.5);
        let lines = set_in("“一二三四五”", 7.0, 0.0, Punctuation::Quanjiao);
        assert_eq!(lines[0].1[0], 0.0);
    }

    #[test]
    fn doubled_dashes_never_stretch_apart() {
        let cs: Vec<char> = "题——副题一二三四五六七八九十".repeat(3).chars().collect();
        let items: Vec<Item> = cs.iter().map(|&ch| Item::new(ch, 1.0, 1.0)).collect();
        let m = Measure {
            width: 11.7,
            first_indent: 0.0,
            max_stretch: 0.5,
            max_shrink: 0.1,
            justify: true,
            punctuation: Punctuation::Quanjiao,
        };
        for line in fit(&items, &breaks(&cs), &m) {
            for (k, i) in line.range.clone().enumerate().skip(1) {
                if cs[i] == '—' && cs[i - 1] == '—' {
                    assert!((line.x[k] - line.x[k - 1] - 1.0).abs() < 1e-5);
                }
            }
        }
    }

    #[test]
    fn style_names_round_trip() {
        for name in Punctuation::NAMES {
            let p = Punctuation::from_name(name).unwrap();
            assert_eq!(serde_json::to_value(p).unwrap(), name);
        }
        assert_eq!(Punctuation::from_name("x"), None);
        assert_eq!(Punctuation::default(), Punctuation::Quanjiao);
    }
}
