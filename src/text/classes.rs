//! Unicode character classes the text rules and the parser share.

/// Whether `c` is Chinese/Japanese text or CJK punctuation: characters next
/// to which no space is written.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // fullwidth forms
        | 0x20000..=0x3FFFF  // extensions B–H
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Whether `c` is a Han ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Whether `c` is white space that vanishes at the end of a line.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `c` belongs to a Latin word or a number (set tight, never stretched inside).
pub fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && (c.is_ascii_graphic() || (c.is_alphanumeric() && !is_han(c) && (c as u32) < 0x2E80))
}

/// How many columns `c` takes in a monospaced editor: 2 for East Asian
/// wide and fullwidth characters (Han, kana, Hangul, fullwidth forms, CJK
/// punctuation), 0 for combining marks, zero-width characters and
/// variation selectors, 1 for the rest (East Asian ambiguous characters
/// such as `“` and `—` included, as editors outside East Asian locales
/// set them), as Unicode's East Asian Width says (UAX #11, the
/// `unicode-width` tables) and pandoc counts. A grid table's borders line
/// up by it: the source's reader and `import`'s writer both measure with it.
pub fn columns(c: char) -> usize {
    use unicode_width::UnicodeWidthChar;
    match c {
        '\t' => 1,
        _ => c.width().unwrap_or(0),
    }
}

/// How many columns `text` takes in a monospaced editor ([`columns`]).
pub fn display_width(text: &str) -> usize {
    text.chars().map(columns).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("提案，１２"), 10);
        assert_eq!(display_width("“引”—"), 5);
        assert_eq!(display_width("e\u{301}\u{200B}"), 1);
        assert_eq!(display_width("表\u{3000}"), 4);
    }
}
