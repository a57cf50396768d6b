//! Anchored patches: the one way the EPUB and DOCX packagers change the XML
//! their libraries write. An anchor must occur exactly once, so a change in
//! a library's output is an error, not a silent no-op.

use anyhow::{bail, Result};

/// Replaces the one occurrence of `anchor` in `text` with `with`; fails,
/// naming `part`, when `anchor` occurs any other number of times.
pub fn replace_once(text: &str, anchor: &str, with: &str, part: &str) -> Result<String> {
    let mut found = text.match_indices(anchor);
    match (found.next(), found.next()) {
        (Some((at, _)), None) => Ok(format!("{}{with}{}", &text[..at], &text[at + anchor.len()..])),
        (None, _) => bail!("library output changed: `{anchor}` not found in {part}"),
        (Some(_), Some(_)) => bail!("library output changed: `{anchor}` occurs more than once in {part}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_must_occur_exactly_once() {
        assert_eq!(replace_once("x y x", "y", "z", "a").unwrap(), "x z x");
        assert!(replace_once("x y x", "x", "z", "a").is_err());
        assert!(replace_once("x y x", "w", "z", "a").is_err());
    }
}
