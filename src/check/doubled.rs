//! Doubled words and characters that are not Chinese reduplication.
//!
//! `批示批示` and `社理理事会` are slips; `人人`, `常常`, `步步深入`,
//! `仔仔细细`, `家家户户` are the language. The difference is where the word
//! boundaries fall, so the rule segments every run of Han characters that
//! holds a repetition with `jieba-rs` (its DAG and maximum-probability route)
//! over jieba's own dictionary ([`super::words`]), and then reads the tokens:
//!
//! - two equal tokens side by side (`批示|批示`, `认真|认真`) are a doubled
//!   word;
//! - a character doubled across a boundary where one side is that character
//!   alone (`社|理|理事会`, `开展|调|调研`, `界别|别|商`) is a doubled
//!   character, unless the lone character is a word that stands on its own
//!   often (`目的|的`), or starts a run of lone characters, a word the
//!   dictionary lacks such as a name (`学习|习|近|平`);
//! - a doubling inside one token (`常常`, `协会会长`), of a character the
//!   dictionary lists doubled, of a measure word (`件件`), or between two longer
//!   words (`人民|民主`, `常委会|会议`) is clean, and so is the AABB shape
//!   (`认认真真`) even when the dictionary lacks the word.
//!
//! Nothing is loaded up front: a run without a repetition is never
//! segmented, and the segmenter's dictionary holds only the words found in
//! the runs it was given.

use std::collections::HashSet;

use jieba_rs::Jieba;

use super::{words, Hit, Rule};
use crate::text::classes::is_han;

/// A lone character with at least this frequency in jieba's dictionary is a
/// word on its own (`的`, `了`, `是`, `在`, `会`), and may stand next to a word
/// that starts or ends with it.
const STANDALONE_FREQUENCY: u64 = 50_000;

/// Measure words (量词): doubled, each means “every one” (`件件`, `条条`,
/// `次次`), a reduplication the dictionary does not list one by one.
const MEASURE_WORDS: &str =
    "个件条项次步层样回句字声片张根颗只位门本篇场批届点种类滴朵封份顿趟家户天年月日处事代辈";

/// The longest repeated unit looked for, in characters.
const MAX_UNIT: usize = 4;

/// A word that no text holds; its frequency keeps the dictionary's total at
/// that of jieba's full dictionary.
const REST: &str = "\u{E000}";

/// `jieba-rs` with a dictionary that grows with the runs it segments.
#[derive(Default)]
pub struct Segmenter {
    jieba: Option<Jieba>,
    added: HashSet<String>,
    sum: u64,
}

impl Segmenter {
    /// A segmenter with nothing loaded yet.
    pub fn new() -> Segmenter {
        Segmenter::default()
    }

    /// The tokens of `run` (Han characters only), as character ranges.
    pub fn cut(&mut self, run: &[char]) -> Vec<(usize, usize)> {
        let jieba = self.jieba.get_or_insert_with(Jieba::empty);
        for start in 0..run.len() {
            for (len, freq) in words::words_at(&run[start..]) {
                let word: String = run[start..start + len].iter().collect();
                if !self.added.contains(&word) {
                    jieba.add_word(&word, Some(freq as usize), None);
                    self.sum += freq;
                    self.added.insert(word);
                }
            }
        }
        let rest = words::total_frequency().saturating_sub(self.sum).max(1);
        jieba.add_word(REST, Some(rest as usize), None);
        let text: String = run.iter().collect();
        jieba
            .cut(&text, false)
            .into_iter()
            .map(|t| (t.start, t.end))
            .collect()
    }
}

/// Finds doubled words and characters in `text`.
pub fn find(text: &[char], seg: &mut Segmenter, out: &mut Vec<Hit>) {
    let mut i = 0;
    while i < text.len() {
        if !is_han(text[i]) {
            i += 1;
            continue;
        }
        let end = text[i..]
            .iter()
            .position(|&c| !is_han(c))
            .map_or(text.len(), |n| i + n);
        let run = &text[i..end];
        if has_repetition(run) {
            find_in_run(run, i, seg, out);
        }
        i = end;
    }
}

/// Whether some unit of 1 to [`MAX_UNIT`] characters follows itself in `run`.
fn has_repetition(run: &[char]) -> bool {
    (1..=MAX_UNIT).any(|k| {
        run.len() >= 2 * k && (0..=run.len() - 2 * k).any(|i| run[i..i + k] == run[i + k..i + 2 * k])
    })
}

fn find_in_run(run: &[char], base: usize, seg: &mut Segmenter, out: &mut Vec<Hit>) {
    let tokens = seg.cut(run);
    let word = |t: (usize, usize)| -> String { run[t.0..t.1].iter().collect() };
    for (k, pair) in tokens.windows(2).enumerate() {
        let (left, right) = (pair[0], pair[1]);
        let (l, r) = (word(left), word(right));
        let span = (base + left.0, base + right.1);
        if l == r {
            // A character the dictionary lists doubled (`步步`), or a measure
            // word (`件件` “every one”), is a reduplication even where the
            // route split it.
            if l.chars().count() == 1
                && (in_aabb(run, left.0)
                    || MEASURE_WORDS.contains(&*l)
                    || words::frequency(&format!("{l}{r}")).is_some())
            {
                continue;
            }
            out.push(Hit::new(
                Rule::DoubledWord,
                span.0,
                span.1,
                format!("“{l}{r}” repeats “{l}”; write “{l}”"),
            ));
            continue;
        }
        let x = run[left.1 - 1];
        if x != run[right.0] || in_aabb(run, left.1 - 1) {
            continue;
        }
        let lone_left = left.1 - left.0 == 1;
        let lone_right = right.1 - right.0 == 1;
        let lone = match (lone_left, lone_right) {
            (true, _) => &l,
            // A lone character followed by more lone characters starts a
            // word the dictionary lacks, often a name (`学习|习|近|平`).
            (_, true) if tokens.get(k + 2).is_some_and(|t| t.1 - t.0 == 1) => continue,
            (_, true) => &r,
            _ => continue,
        };
        if words::frequency(lone).is_some_and(|f| f >= STANDALONE_FREQUENCY) {
            continue;
        }
        let fixed = if lone_left { r.clone() } else { l.clone() };
        out.push(Hit::new(
            Rule::DoubledWord,
            span.0,
            span.1,
            format!("“{l}{r}” doubles “{x}”; write “{fixed}”"),
        ));
    }
}

/// Whether the doubled character at `i`, `i + 1` is one half of an AABB
/// reduplication (`认认真真`, `家家户户`).
fn in_aabb(run: &[char], i: usize) -> bool {
    let doubled = |j: usize| j + 1 < run.len() && run[j] == run[j + 1] && run[j] != run[i];
    (i >= 2 && doubled(i - 2)) || doubled(i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        find(&chars, &mut Segmenter::new(), &mut out);
        out.into_iter()
            .map(|h| chars[h.start..h.end].iter().collect())
            .collect()
    }

    #[test]
    fn slips_are_found() {
        assert_eq!(hits("根据批示批示办理"), ["批示批示"]);
        assert_eq!(hits("支持社理理事会、"), ["理理事会"]);
        assert_eq!(hits("开展调调研"), ["调调研"]);
        assert_eq!(hits("开展界别别商"), ["别别"]);
        assert_eq!(hits("要认真认真落实，审议审议报告"), ["认真认真", "审议审议"]);
        // Verb reduplication is reported too: formal text writes `研究一下`.
        assert_eq!(hits("我们研究研究再说"), ["研究研究"]);
    }

    #[test]
    fn reduplication_and_shared_characters_are_clean() {
        for s in [
            "人人参与，常常提起，渐渐形成",
            "仔仔细细、高高兴兴、家家户户",
            "接续开展、压茬推进、步步深入",
            "常委会会议、会议议定事项",
            "人民民主，协会会长，学生生活",
            "达到目的的手段",
            "紧紧围绕，件件有着落、事事有回音，项项落实",
            "扎扎实实，认认真真，明明白白",
        ] {
            assert!(hits(s).is_empty(), "{s}: {:?}", hits(s));
        }
    }
}
