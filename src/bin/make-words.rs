//! Writes the word list `zhpress check` segments with, from jieba's
//! dictionary: `cargo run --bin make-words -- DICT.TXT src/check/words.txt`.
//!
//! `DICT.TXT` is jieba's `dict.txt` (`word frequency tag` lines; the
//! `jieba-rs` crate ships it under `src/data/`). Kept: the words written only
//! in Han characters with a frequency of at least [`MIN_FREQUENCY`], and every
//! word holding a doubled character whatever its frequency (the lexical
//! reduplications the doubled-word rule must know). The output starts with
//! `total N`, the frequency sum of the whole dictionary, then `word frequency`
//! lines sorted by their UTF-8 bytes, as `src/check/words.rs` searches them.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};

/// The least frequency a word without a doubled character needs to be kept.
const MIN_FREQUENCY: u64 = 20;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dict, out] = args.as_slice() else {
        bail!("usage: make-words DICT.TXT OUT.TXT");
    };
    let text = std::fs::read_to_string(dict).with_context(|| format!("reading {dict}"))?;
    let mut total = 0u64;
    let mut kept = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let (Some(word), Some(freq)) = (fields.next(), fields.next()) else {
            bail!("{dict}:{}: expected `word frequency [tag]`", i + 1);
        };
        let freq: u64 = freq
            .parse()
            .with_context(|| format!("{dict}:{}: bad frequency", i + 1))?;
        total += freq;
        let chars: Vec<char> = word.chars().collect();
        let doubled = chars.windows(2).any(|w| w[0] == w[1]);
        if chars.iter().all(|&c| zhpress::text::classes::is_han(c)) && (freq >= MIN_FREQUENCY || doubled) {
            let f = kept.entry(word.to_string()).or_insert(0);
            *f = freq.max(*f);
        }
    }
    let mut body = format!("total {total}\n");
    for (word, freq) in &kept {
        body.push_str(&format!("{word} {freq}\n"));
    }
    std::fs::write(out, body).with_context(|| format!("writing {out}"))?;
    eprintln!("{out}: {} words, total frequency {total}", kept.len());
    Ok(())
}
