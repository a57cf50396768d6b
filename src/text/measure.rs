//! The min- and max-content widths of a run of text ([`content_widths`]),
//! as table layout needs them: one rule for every edition, each bringing
//! the advances of its own fonts.

use super::linebreak::{self, Break};

/// The min- and max-content widths of `chars`: the widest run no line may
/// break (as [`linebreak::breaks`] says) and the widest line between hard
/// breaks, trailing spaces left out of both. `advance` gives the width of
/// the character at an index (in any unit; an error stops the measuring).
pub fn content_widths<E>(
    chars: &[char],
    mut advance: impl FnMut(usize, char) -> Result<f32, E>,
) -> Result<(f32, f32), E> {
    let breaks = linebreak::breaks(chars);
    let (mut min, mut max) = (0.0f32, 0.0f32);
    // The run and the line so far: their whole width and their width up
    // to their last character that is not a space.
    let (mut run, mut run_ink, mut line, mut line_ink) = (0.0, 0.0, 0.0, 0.0);
    for (i, &ch) in chars.iter().enumerate() {
        if i > 0 && breaks[i] != Break::Prohibited {
            min = min.max(run_ink);
            (run, run_ink) = (0.0, 0.0);
        }
        if i > 0 && breaks[i] == Break::Mandatory {
            max = max.max(line_ink);
            (line, line_ink) = (0.0, 0.0);
        }
        let w = advance(i, ch)?;
        run += w;
        line += w;
        if !ch.is_whitespace() {
            run_ink = run;
            line_ink = line;
        }
    }
    Ok((min.max(run_ink), max.max(line_ink)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn widths(text: &str) -> (f32, f32) {
        let chars: Vec<char> = text.chars().collect();
        content_widths(&chars, |_, _| Ok::<f32, Infallible>(1.0)).unwrap()
    }

    #[test]
    fn chinese_breaks_between_characters_latin_between_words() {
        assert_eq!(widths("中文表格"), (1.0, 4.0));
        // "hello " is 6 with its space, which hangs: 5.
        assert_eq!(widths("hello world"), (5.0, 11.0));
        // Kinsoku: a closing mark stays with the character before it.
        assert_eq!(widths("甲，乙"), (2.0, 3.0));
    }

    #[test]
    fn a_hard_break_ends_the_line_and_trailing_spaces_do_not_count() {
        assert_eq!(widths("ab cd\nabcdefg  "), (7.0, 7.0));
        assert_eq!(widths(""), (0.0, 0.0));
    }

    #[test]
    fn an_advance_error_stops_the_measuring() {
        let chars: Vec<char> = "ab".chars().collect();
        assert_eq!(
            content_widths(&chars, |i, _| if i == 1 { Err("no glyph") } else { Ok(1.0) }),
            Err("no glyph")
        );
    }
}
