//! The word list the segmenter reads: jieba's dictionary, stored so that
//! nothing has to be loaded.
//!
//! `words.txt` is jieba's `dict.txt` (MIT licence, as shipped with the
//! `jieba-rs` crate) reduced by `src/bin/make-words.rs` to the words written
//! only in Han characters with a frequency of at least 20, plus every word that
//! holds a doubled character (`常常`, `仔仔细细`, `协会会长`) whatever its
//! frequency: 83,769 words, one `word frequency` line each, sorted by their
//! UTF-8 bytes. Its first line, `total N`, is the frequency sum of the whole
//! dictionary, so that jieba's route probabilities are those of the full one.
//! Loading the full dictionary into `jieba-rs` takes about 0.8 s; a sorted text
//! compiled into the binary is searched in place, in microseconds.

/// The word list (see the module documentation).
static WORDS: &str = include_str!("words.txt");

/// The longest word looked up, in characters: longer words are rare and never
/// decide a doubled character.
pub const MAX_WORD_CHARS: usize = 8;

/// The sum of the frequencies of jieba's whole dictionary.
pub fn total_frequency() -> u64 {
    let (header, _) = split_header();
    header
        .strip_prefix("total ")
        .and_then(|n| n.parse().ok())
        .expect("words.txt starts with `total N`")
}

/// The frequency of `word` in jieba's dictionary, if the list holds it.
pub fn frequency(word: &str) -> Option<u64> {
    let (_, body) = split_header();
    let key = word.as_bytes();
    let bytes = body.as_bytes();
    // Binary search over whole lines: `lo` is always at the start of a line
    // and `hi` just past the end of one.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let line = &body[start..end];
        let (w, f) = line.split_once(' ').unwrap_or((line, "0"));
        match key.cmp(w.as_bytes()) {
            std::cmp::Ordering::Equal => return f.parse().ok(),
            std::cmp::Ordering::Less => hi = start,
            std::cmp::Ordering::Greater => lo = end + 1,
        }
    }
    None
}

/// The dictionary words that `text` begins with, shortest first, as
/// (length in characters, frequency), up to [`MAX_WORD_CHARS`]. The search
/// narrows the range of lines holding the prefix read so far and stops when
/// no word begins with it, so a character that starts no longer word costs
/// one search, not one for each length.
pub fn words_at(text: &[char]) -> Vec<(usize, u64)> {
    let (_, body) = split_header();
    let lines = entries();
    let word = |i: usize| {
        let (start, len) = lines[i];
        &body.as_bytes()[start as usize..start as usize + len as usize]
    };
    let mut found = Vec::new();
    let mut prefix = String::new();
    let (mut lo, mut hi) = (0, lines.len());
    for (n, &c) in text.iter().take(MAX_WORD_CHARS).enumerate() {
        prefix.push(c);
        let key = prefix.as_bytes();
        // The lines in lo..hi all begin with the previous prefix; those that
        // begin with this one are a contiguous part of them.
        let head = |i: usize| {
            let w = word(i);
            &w[..w.len().min(key.len())]
        };
        let from = partition(lo, hi, |i| head(i) < key);
        let to = partition(from, hi, |i| head(i) == key);
        if from == to {
            break;
        }
        (lo, hi) = (from, to);
        if word(lo) == key {
            let rest = &body[lines[lo].0 as usize + key.len() + 1..];
            let freq = rest.split('\n').next().and_then(|f| f.parse().ok()).unwrap_or(0);
            found.push((n + 1, freq));
        }
    }
    found
}

/// The first index in `lo..hi` for which `pred` is false, `pred` being true
/// on a leading part of the range and false after it.
fn partition(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Where each line of the list's body starts and how many bytes its word
/// takes, found once (84 thousand entries, about a millisecond).
fn entries() -> &'static [(u32, u8)] {
    static ENTRIES: std::sync::OnceLock<Vec<(u32, u8)>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        let (_, body) = split_header();
        let mut at = 0;
        body.split_terminator('\n')
            .map(|line| {
                let entry = (at as u32, line.find(' ').unwrap_or(line.len()) as u8);
                at += line.len() + 1;
                entry
            })
            .collect()
    })
}

fn split_header() -> (&'static str, &'static str) {
    WORDS.split_once('\n').unwrap_or((WORDS, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_first_last_and_between() {
        assert_eq!(frequency("一"), Some(217830));
        assert_eq!(frequency("一一"), Some(1670));
        assert_eq!(frequency("理事会"), frequency("理事会").filter(|&f| f >= 20));
        assert!(frequency("常常").is_some());
        assert!(frequency("协会会长").is_some(), "kept for its doubled character");
        assert_eq!(frequency("社理"), None);
        assert_eq!(frequency(""), None);
        assert_eq!(frequency("total"), None);
        let (_, body) = split_header();
        let last = body.lines().last().unwrap().split(' ').next().unwrap();
        assert!(frequency(last).is_some());
        assert_eq!(total_frequency(), 60_101_964);
    }

    #[test]
    fn words_at_lists_the_prefixes_that_are_words() {
        let text: Vec<char> = "理事会议".chars().collect();
        let want: Vec<(usize, u64)> = (1..=4)
            .filter_map(|n| frequency(&text[..n].iter().collect::<String>()).map(|f| (n, f)))
            .collect();
        assert_eq!(words_at(&text), want);
        assert!(!want.is_empty());
        let text: Vec<char> = "一一".chars().collect();
        assert_eq!(words_at(&text), [(1, 217830), (2, 1670)]);
        assert_eq!(words_at(&['\u{E000}']), []);
        let (_, body) = split_header();
        let last = body.lines().last().unwrap().split(' ').next().unwrap();
        let chars: Vec<char> = last.chars().collect();
        assert_eq!(words_at(&chars).last().map(|w| w.0), Some(chars.len()));
    }

    #[test]
    fn the_list_is_sorted_by_bytes() {
        let (_, body) = split_header();
        let words: Vec<&str> = body.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert!(words.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert_eq!(words.len(), 83_769);
    }
}
