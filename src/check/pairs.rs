//! Paired marks (GB/T 15834 引号, 括号, 书名号): within a paragraph every
//! opening mark is closed, every closing mark was opened, and pairs nest
//! (`《…“…”…》`) without crossing (`《…“…》…”`).

use super::{Hit, Rule};

/// The pairs checked: opening and closing mark.
const PAIRS: [(char, char); 8] = [
    ('《', '》'),
    ('〈', '〉'),
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
];

/// How many characters after an unclosed mark the message quotes.
const SHOWN: usize = 12;

/// Finds the unbalanced and crossed pairs of one paragraph's text.
pub fn find(text: &[char], out: &mut Vec<Hit>) {
    let mut open: Vec<(usize, char)> = Vec::new();
    for (i, &c) in text.iter().enumerate() {
        if let Some(&(_, close)) = PAIRS.iter().find(|p| p.0 == c) {
            open.push((i, close));
            continue;
        }
        let Some(&(opener, _)) = PAIRS.iter().find(|p| p.1 == c) else {
            continue;
        };
        if c == '’' && is_apostrophe(text, i) {
            continue;
        }
        match open.iter().rposition(|&(_, close)| close == c) {
            Some(k) if k + 1 == open.len() => {
                open.pop();
            }
            Some(k) => {
                let (inner_at, inner_close) = open[k + 1];
                out.push(Hit::new(
                    Rule::UnbalancedPair,
                    i,
                    i + 1,
                    format!(
                        "“{c}” closes “{opener}” while “{}” opened inside it is still open; close “{}” first",
                        text[inner_at], inner_close
                    ),
                ));
                open.remove(k);
            }
            None => out.push(Hit::new(
                Rule::UnbalancedPair,
                i,
                i + 1,
                format!("“{c}” closes a “{opener}” that this paragraph never opened; add the “{opener}” or delete the “{c}”"),
            )),
        }
    }
    for (at, close) in open {
        let shown: String = text[at..].iter().take(SHOWN).collect();
        let more = if text.len() - at > SHOWN { "…" } else { "" };
        out.push(Hit::new(
            Rule::UnbalancedPair,
            at,
            at + 1,
            format!(
                "“{}” is never closed in this paragraph ({shown}{more}); add “{close}” where it ends",
                text[at]
            ),
        ));
    }
}

/// A `’` between two Latin letters (`don’t`) is an apostrophe, not a quote.
fn is_apostrophe(text: &[char], i: usize) -> bool {
    let letter = |j: Option<&char>| j.is_some_and(|c| c.is_ascii_alphabetic());
    letter(i.checked_sub(1).and_then(|j| text.get(j))) && letter(text.get(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(s: &str) -> Vec<(usize, String)> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        find(&chars, &mut out);
        out.into_iter().map(|h| (h.start, h.message)).collect()
    }

    #[test]
    fn balanced_and_nested_are_clean() {
        for s in [
            "《红楼梦》《三国演义》",
            "他说：“‘十四五’规划”。",
            "《亲历、亲见、亲闻》“文库”",
            "（一）【注】「甲『乙』」",
            "don’t",
        ] {
            assert!(hits(s).is_empty(), "{s}: {:?}", hits(s));
        }
    }

    #[test]
    fn unclosed_unopened_and_crossed() {
        let h = hits("支持《亲历、亲见、亲闻“文库”建设");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].0, 2);
        assert!(h[0].1.starts_with("“《” is never closed"), "{h:?}");
        assert!(hits("文库》")[0].1.contains("never opened"));
        let h = hits("《甲“乙》丙”");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(h[0].1.contains("close “”” first"), "{h:?}");
    }
}
