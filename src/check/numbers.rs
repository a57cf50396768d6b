//! Numbers in Chinese text, after GB/T 15835-2011 (出版物上数字用法) and the
//! 连接号 of GB/T 15834: half-width digits and Latin letters, and number
//! ranges written one way throughout the document.
//!
//! GB/T 15834 joins the ends of a range of years or places with `—`
//! (`2011—2015年`) and of other values with `～` (`5～10米`). A range written
//! with `-`, `–`, `~` or `〜` is reported, and so is a range written with the
//! other of the two marks than most ranges of its kind in the document.

use super::{Hit, Rule};
use crate::text::classes::is_cjk;

/// Finds full-width digits and letters in one block's text.
pub fn fullwidth(text: &[char], out: &mut Vec<Hit>) {
    let mut i = 0;
    while i < text.len() {
        let n = text[i..].iter().take_while(|&&c| half_width(c).is_some()).count();
        if n == 0 {
            i += 1;
            continue;
        }
        let run: String = text[i..i + n].iter().collect();
        let half: String = text[i..i + n].iter().filter_map(|&c| half_width(c)).collect();
        out.push(Hit::new(
            Rule::FullwidthAlnum,
            i,
            i + n,
            format!(
                "full-width “{run}”; write “{half}” (GB/T 15835: digits and Latin letters are half-width)"
            ),
        ));
        i += n;
    }
}

/// The half-width form of a full-width digit or Latin letter.
fn half_width(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// What a range joins: years (`2011—2015年`) or other values (`5～10米`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Two four-digit numbers, bare or followed by `年`.
    Years,
    /// Any other pair of numbers.
    Values,
}

impl Kind {
    /// The mark GB/T 15834 joins this kind of range with.
    fn standard(self) -> char {
        match self {
            Kind::Years => '—',
            Kind::Values => '～',
        }
    }
}

/// A number range in a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// Character range of the whole range in the block's text.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The mark joining the two numbers.
    pub mark: char,
    /// Years or values.
    pub kind: Kind,
    /// The range as written.
    pub text: String,
}

/// The marks a range may be written with; the first two are the standard ones.
const MARKS: [char; 6] = ['—', '～', '-', '–', '~', '〜'];

/// Finds the number ranges of one block's text.
pub fn ranges(text: &[char]) -> Vec<Range> {
    let digits = |from: usize| text[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let a = digits(i);
        if a == 0 || (i > 0 && (text[i - 1].is_ascii_digit() || !starts_number(text, i))) {
            i += a.max(1);
            continue;
        }
        let mut p = i + a;
        let unit = text.get(p).copied().filter(|&c| crate::text::classes::is_han(c));
        if unit.is_some() {
            p += 1;
        }
        let Some(&mark) = text.get(p).filter(|c| MARKS.contains(c)) else {
            i += a;
            continue;
        };
        let b = digits(p + 1);
        let mut end = p + 1 + b;
        if b == 0 || text.get(end).is_some_and(|&c| MARKS.contains(&c) || c == '.') {
            i += a;
            continue;
        }
        if let Some(u) = unit {
            if text.get(end) == Some(&u) {
                end += 1;
            }
        }
        let chinese =
            (i > 0 && is_cjk(text[i - 1])) || unit.is_some() || text.get(end).is_some_and(|&c| is_cjk(c));
        if !chinese && !MARKS[..2].contains(&mark) {
            i = end;
            continue;
        }
        let years = a == 4 && b == 4 && unit.is_none_or(|u| u == '年');
        out.push(Range {
            start: i,
            end,
            mark,
            kind: if years { Kind::Years } else { Kind::Values },
            text: text[i..end].iter().collect(),
        });
        i = end;
    }
    out
}

/// Whether a number starting at `i` is free-standing: not part of a code
/// such as `GB/T 15834-2011`, a date `2021-10-21` or a version `v1.2`.
fn starts_number(text: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && text[j - 1] == ' ' {
        j -= 1;
    }
    j == 0 || !(text[j - 1].is_ascii_alphanumeric() || matches!(text[j - 1], '/' | '-' | '.' | '_'))
}

/// Reports the ranges written against GB/T 15834 or against the document's
/// own habit. `ranges` holds every range of the document with the index of
/// its block; the result holds the findings with their block index.
pub fn inconsistent(ranges: &[(usize, Range)]) -> Vec<(usize, Hit)> {
    let habit = |kind: Kind| -> char {
        let count = |m: char| {
            ranges
                .iter()
                .filter(|(_, r)| r.kind == kind && r.mark == m)
                .count()
        };
        let standard = kind.standard();
        let other = if standard == MARKS[0] { MARKS[1] } else { MARKS[0] };
        if count(other) > count(standard) {
            other
        } else {
            standard
        }
    };
    ranges
        .iter()
        .filter_map(|(block, r)| {
            let want = habit(r.kind);
            if r.mark == want {
                return None;
            }
            let fixed = r.text.replacen(r.mark, &want.to_string(), 1);
            let why = if MARKS[..2].contains(&r.mark) {
                format!("the other ranges of this kind in the document use “{want}”")
            } else {
                "GB/T 15834 joins years with “—” and other values with “～”".to_string()
            };
            Some((
                *block,
                Hit::new(
                    Rule::Range,
                    r.start,
                    r.end,
                    format!(
                        "range “{}” is written with “{}”; write “{fixed}” ({why})",
                        r.text, r.mark
                    ),
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, char)> {
        let chars: Vec<char> = s.chars().collect();
        ranges(&chars).into_iter().map(|r| (r.text, r.mark)).collect()
    }

    #[test]
    fn finds_ranges_not_codes_or_dates() {
        assert_eq!(
            found("2011—2015年，3-5天"),
            [("2011—2015".into(), '—'), ("3-5".into(), '-')]
        );
        assert_eq!(found("2011年—2015年"), [("2011年—2015年".into(), '—')]);
        assert!(found("按GB/T 15834-2011要求，2021-10-21举行，COVID-19疫情，v1.2-3版").is_empty());
    }

    #[test]
    fn reports_non_standard_and_minority_marks() {
        let doc: Vec<(usize, Range)> = ["2011—2015年", "2016—2020年", "2021～2025年", "5～10米", "3-5天"]
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                ranges(&s.chars().collect::<Vec<_>>())
                    .into_iter()
                    .map(move |r| (i, r))
            })
            .collect();
        let hits = inconsistent(&doc);
        let blocks: Vec<usize> = hits.iter().map(|(b, _)| *b).collect();
        assert_eq!(blocks, [2, 4], "{hits:?}");
        assert!(
            hits[0].1.message.contains("write “2021—2025”"),
            "{}",
            hits[0].1.message
        );
    }

    #[test]
    fn fullwidth_digits_and_letters() {
        let chars: Vec<char> = "共１２３人，ＡＢｃ".chars().collect();
        let mut out = Vec::new();
        fullwidth(&chars, &mut out);
        assert_eq!(out.len(), 2);
        assert!(out[0].message.contains("write “123”"));
        assert!(out[1].message.contains("write “ABc”"));
    }
}
