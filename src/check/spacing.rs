//! Spaces in Chinese text: none is written between two Chinese characters
//! or marks (a line break inside a paragraph adds none either).

use super::{Hit, Rule};
use crate::text::classes::is_cjk;

/// Finds runs of spaces between two Chinese characters in one block's text.
pub fn find(text: &[char], out: &mut Vec<Hit>) {
    let stray = |c: char| matches!(c, ' ' | '\t' | '\u{A0}');
    let mut i = 1;
    while i < text.len() {
        let n = text[i..].iter().take_while(|&&c| stray(c)).count();
        if n > 0 && is_cjk(text[i - 1]) && text.get(i + n).is_some_and(|&c| is_cjk(c)) {
            out.push(Hit::new(
                Rule::CjkSpace,
                i,
                i + n,
                format!(
                    "space between “{}” and “{}”; Chinese text has none: delete it",
                    text[i - 1],
                    text[i + n]
                ),
            ));
        }
        i += n.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_chinese_only() {
        let chars: Vec<char> = "工作 推进，5G 网络，iPhone 15，用 Rust 写".chars().collect();
        let mut out = Vec::new();
        find(&chars, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].start, out[0].end), (2, 3));
    }
}
