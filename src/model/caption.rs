//! The figure and table labels and the caption line's form: `图N` (`表N`), the separator, the
//! caption's words (and the credit). Written here once and read back here
//! once: the editions set the label from [`label_parts`], `import` takes it
//! off a caption with [`parse_label`].

use super::{CAPTION_SEPARATOR, FIGURE_PREFIX};

/// The label of figure `number` in its two parts: the prefix (`图`) and
/// the number's digits. Word sets the digits from a field named after the
/// prefix; joined, they are [`label`].
pub fn label_parts(number: u32) -> (&'static str, String) {
    (FIGURE_PREFIX, number.to_string())
}

/// The label of figure `number`, e.g. `图1`.
pub fn label(number: u32) -> String {
    let (prefix, digits) = label_parts(number);
    format!("{prefix}{digits}")
}

/// A label with another prefix: `表1`, `续表1`.
pub fn label_with(prefix: &str, number: u32) -> String {
    format!("{prefix}{number}")
}

/// A caption line's label taken off: the number it states (`None` when
/// the number was not typed, as where a field drew it) and the text after
/// the separator. The inverse of the line the editions write, and lenient
/// with what people type instead of [`CAPTION_SEPARATOR`]: spaces, `：`,
/// `:`, `.` or `、`. `None` when the line does not begin with the label's
/// prefix.
pub fn parse_label(line: &str) -> Option<(Option<u32>, &str)> {
    parse_label_with(FIGURE_PREFIX, line)
}

/// [`parse_label`] for a label with another prefix (`表`).
pub fn parse_label_with<'a>(prefix: &str, line: &'a str) -> Option<(Option<u32>, &'a str)> {
    let rest = line.strip_prefix(prefix)?;
    let after_digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let number = rest[..rest.len() - after_digits.len()].parse().ok();
    let text = after_digits.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, CAPTION_SEPARATOR | '：' | ':' | '.' | '、')
    });
    Some((number, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_written_reads_back() {
        for n in [1, 9, 12, 305] {
            let line = format!("{}{CAPTION_SEPARATOR}会场全景", label(n));
            assert_eq!(parse_label(&line), Some((Some(n), "会场全景")));
        }
        assert_eq!(label_parts(7), ("图", "7".to_string()));
        assert_eq!(label(7), "图7");
    }

    #[test]
    fn typed_labels_are_read_leniently() {
        assert_eq!(parse_label("图3：会场"), Some((Some(3), "会场")));
        assert_eq!(parse_label("图 会场"), Some((None, "会场")));
        assert_eq!(parse_label("图12. 　会场"), Some((Some(12), "会场")));
        assert_eq!(parse_label("会场全景"), None);
        // A number too long to be one is no number, and stays off the text.
        assert_eq!(parse_label("图99999999999　会场"), Some((None, "会场")));
    }
}
