//! Punctuation in Chinese text, after GB/T 15834-2011 (标点符号用法):
//! full-width marks, curly quotes, the 省略号 `……` and the 破折号 `——` as
//! two-em marks, and no mark written twice.

use super::{Hit, Rule};
use crate::text::classes::is_cjk;

/// Half-width marks and the full-width mark GB/T 15834 writes for each.
const FULL_WIDTH: [(char, char); 8] = [
    (',', '，'),
    ('.', '。'),
    (';', '；'),
    (':', '：'),
    ('?', '？'),
    ('!', '！'),
    ('(', '（'),
    (')', '）'),
];

/// Marks that are never written twice in a row.
const SINGLE: [char; 5] = ['，', '。', '、', '；', '：'];

/// Finds every punctuation finding of one block's text.
pub fn find(text: &[char], out: &mut Vec<Hit>) {
    halfwidth(text, out);
    quotes(text, out);
    runs(text, out);
}

fn cjk_at(text: &[char], i: Option<usize>) -> bool {
    i.and_then(|i| text.get(i)).is_some_and(|&c| is_cjk(c))
}

fn before(i: usize) -> Option<usize> {
    i.checked_sub(1)
}

/// Half-width `, . ; : ? ! ( )` next to Chinese text.
fn halfwidth(text: &[char], out: &mut Vec<Hit>) {
    for (i, &c) in text.iter().enumerate() {
        let Some(&(_, full)) = FULL_WIDTH.iter().find(|p| p.0 == c) else {
            continue;
        };
        let after_cjk = cjk_at(text, before(i));
        let chinese = match c {
            // A full stop only after Chinese text, and not in `...` or `a.b`.
            '.' => {
                after_cjk
                    && text.get(i + 1).is_none_or(|n| !n.is_alphanumeric() && *n != '.')
                    && !(i > 0 && text[i - 1] == '.')
            }
            _ => after_cjk || cjk_at(text, Some(i + 1)),
        };
        if chinese {
            out.push(Hit::new(
                Rule::HalfwidthPunct,
                i,
                i + 1,
                format!("half-width “{c}” in Chinese text; write “{full}”"),
            ));
        }
    }
}

/// Straight quotes `"` and `'` next to Chinese text.
fn quotes(text: &[char], out: &mut Vec<Hit>) {
    for (straight, open, close) in [('"', '“', '”'), ('\'', '‘', '’')] {
        let mut seen = 0;
        for (i, &c) in text.iter().enumerate() {
            if c != straight {
                continue;
            }
            seen += 1;
            if cjk_at(text, before(i)) || cjk_at(text, Some(i + 1)) {
                let curly = if seen % 2 == 1 { open } else { close };
                out.push(Hit::new(
                    Rule::StraightQuote,
                    i,
                    i + 1,
                    format!("straight quote {c} in Chinese text; write {curly}"),
                ));
            }
        }
    }
}

/// Runs of one mark: ellipses, dashes and doubled marks.
fn runs(text: &[char], out: &mut Vec<Hit>) {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        let n = text[i..].iter().take_while(|&&d| d == c).count();
        let end = i + n;
        let chinese = cjk_at(text, before(i)) || cjk_at(text, Some(end));
        let run: String = text[i..end].iter().collect();
        let message = match c {
            '.' | '·' if n >= 3 && chinese => Some((Rule::Ellipsis, format!("“{run}” for the 省略号; write “……”"))),
            '。' if n >= 3 => Some((Rule::Ellipsis, format!("“{run}” for the 省略号; write “……”"))),
            '…' if n != 2 && n != 4 && chinese => Some((
                Rule::Ellipsis,
                format!("“{run}”: the 省略号 is two “…”; write “……”"),
            )),
            '-' | '－' if (n >= 2 || c == '－') && chinese => Some((Rule::Dash, format!("“{run}” for the 破折号; write “——”"))),
            '―' if chinese => Some((Rule::Dash, format!("“{run}” (U+2015) for the 破折号; write “——” (U+2014)"))),
            '—' if n != 2 && chinese && !(n == 1 && digits_around(text, i)) => Some((
                Rule::Dash,
                format!("“{run}”: the 破折号 is two “—”; write “——” (one “—” only joins the ends of a range, as in 北京—上海)"),
            )),
            _ => None,
        };
        if let Some((rule, message)) = message {
            out.push(Hit::new(rule, i, end, message));
            i = end;
        } else if let Some((to, message)) = doubled_mark(text, i, n) {
            out.push(Hit::new(Rule::DoubledPunct, i, to, message));
            i = to;
        } else {
            i = end;
        }
    }
}

/// A mark of [`SINGLE`] written twice (`，，`), or two of them together
/// (`，。`), starting at `i` where a run of `n` equal marks starts: the end of
/// the finding and its message.
fn doubled_mark(text: &[char], i: usize, n: usize) -> Option<(usize, String)> {
    let c = text[i];
    if !SINGLE.contains(&c) || (c == '。' && n >= 3) {
        return None;
    }
    if n >= 2 {
        let run: String = text[i..i + n].iter().collect();
        return Some((i + n, format!("“{run}” writes “{c}” {n} times; write “{c}”")));
    }
    let d = *text.get(i + 1)?;
    if !SINGLE.contains(&d) || (d == '。' && is_ellipsis(text, i + 1)) {
        return None;
    }
    Some((
        i + 2,
        format!("“{c}{d}” puts two marks together; keep the one that is meant"),
    ))
}

/// Whether a run of `。` starting at `i` is three or more long (an ellipsis).
fn is_ellipsis(text: &[char], i: usize) -> bool {
    text[i..].iter().take_while(|&&c| c == '。').count() >= 3
}

/// Whether the mark at `i` stands between two digits (a range, `2011—2015`).
fn digits_around(text: &[char], i: usize) -> bool {
    i > 0 && text[i - 1].is_ascii_digit() && text.get(i + 1).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(s: &str) -> Vec<(Rule, String)> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        find(&chars, &mut out);
        out.into_iter()
            .map(|h| (h.rule, chars[h.start..h.end].iter().collect()))
            .collect()
    }

    #[test]
    fn clean_text() {
        for s in [
            "他说：“好。”然后——走了……",
            "GDP增长5.2%，第3.5节，Node.js、C++和COVID-19。",
            "访问www.gov.cn。",
            "don't stop... in English, (yes).",
            "2011—2015年",
        ] {
            assert!(hits(s).is_empty(), "{s}: {:?}", hits(s));
        }
    }

    #[test]
    fn planted_marks() {
        use Rule::*;
        assert_eq!(
            hits("工作,推进."),
            [(HalfwidthPunct, ",".into()), (HalfwidthPunct, ".".into())]
        );
        assert_eq!(
            hits("干部(委员)培训"),
            [(HalfwidthPunct, "(".into()), (HalfwidthPunct, ")".into())]
        );
        assert_eq!(
            hits("叫\"十四五\"规划"),
            [(StraightQuote, "\"".into()), (StraightQuote, "\"".into())]
        );
        assert_eq!(
            hits("等等...还有。。。"),
            [(Ellipsis, "...".into()), (Ellipsis, "。。。".into())]
        );
        assert_eq!(hits("等等…"), [(Ellipsis, "…".into())]);
        assert_eq!(
            hits("他--走了，她—来了"),
            [(Dash, "--".into()), (Dash, "—".into())]
        );
        assert_eq!(
            hits("好，，对。。"),
            [(DoubledPunct, "，，".into()), (DoubledPunct, "。。".into())]
        );
        assert_eq!(hits("好，。"), [(DoubledPunct, "，。".into())]);
    }
}
