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
    fn the_list_is_sorted_by_bytes() {
        let (_, body) = split_header();
        let words: Vec<&str> = body.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert!(words.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert_eq!(words.len(), 83_769);
    }
}
