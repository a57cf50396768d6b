//! XML text shared by the backends that write XML (EPUB, DOCX).

/// Escapes text for XML content and double-quoted attribute values. The
/// parser refuses characters XML 1.0 forbids; any that reach here (from a
/// model built by other means) are dropped rather than written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            super::escape("a&b<c>\"d\"'\u{1}\u{3000}\n"),
            "a&amp;b&lt;c&gt;&quot;d&quot;'\u{3000}\n"
        );
    }
}
