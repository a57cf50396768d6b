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
