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
    let lines = entries();
    let key = word.as_bytes();
    let i = lines.partition_point(|&e| word_of(e) < key);
    lines
        .get(i)
        .filter(|&&e| word_of(e) == key)
        .map(|&e| frequency_of(e))
}

/// The dictionary words that `text` begins with, shortest first, as
/// (length in characters, frequency), up to [`MAX_WORD_CHARS`]. The search
/// narrows the range of lines holding the prefix read so far and stops when
/// no word begins with it, so a character that starts no longer word costs
/// one search, not one for each length.
pub fn words_at(text: &[char]) -> Vec<(usize, u64)> {
    let mut found = Vec::new();
    let mut prefix = String::new();
    // The lines that begin with the prefix read so far.
    let mut range = entries();
    for (n, &c) in text.iter().take(MAX_WORD_CHARS).enumerate() {
        prefix.push(c);
        let key = prefix.as_bytes();
        let head = |e: Entry| {
            let w = word_of(e);
            &w[..w.len().min(key.len())]
        };
        let from = range.partition_point(|&e| head(e) < key);
        let to = from + range[from..].partition_point(|&e| head(e) == key);
        range = &range[from..to];
        let Some(&first) = range.first() else {
            break;
        };
        if word_of(first) == key {
            found.push((n + 1, frequency_of(first)));
        }
    }
    found
}

/// The list without its header line, found once.
fn body() -> &'static str {
    static BODY: std::sync::OnceLock<&str> = std::sync::OnceLock::new();
    BODY.get_or_init(|| split_header().1)
}

/// A line of the list: where it starts in the body, and how many bytes its
/// word takes.
type Entry = (u32, u8);

/// The word of a line.
fn word_of((start, len): Entry) -> &'static [u8] {
    &body().as_bytes()[start as usize..start as usize + len as usize]
}

/// The frequency written after the word of a line.
fn frequency_of((start, len): Entry) -> u64 {
    let body = body();
    let rest = &body[(start as usize + len as usize + 1).min(body.len())..];
    rest.split('\n').next().and_then(|f| f.parse().ok()).unwrap_or(0)
}

/// Where each line of the list's body starts and how many bytes its word
/// takes, found once (84 thousand entries, about a millisecond).
fn entries() -> &'static [Entry] {
    static ENTRIES: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut at = 0;
        body()
            .split_terminator('\n')
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
