//! Punctuation markup for reading engines that do not compress marks by
//! themselves.
//!
//! Blink closes up adjacent marks through CSS `text-spacing-trim`; Gecko and
//! WebKit do it through the fonts' `chws` feature (set on the body in the
//! stylesheet); Qt WebEngine (an older Blink) does neither for a mark
//! followed by a closing or an opening mark. So in each pair of adjacent
//! marks one gives up its blank half through the fonts' `halt` feature, in a
//! [`PAIR_CLASS`] span: the opening mark of a closing–opening pair, the
//! first of two closing marks. Measured, this closes every pair once in
//! Chromium, Firefox, WebKitGTK and Qt WebEngine (halting the first mark of a
//! closing–opening pair instead closes some twice in Blink). Two opening
//! marks are left to the engines, which all close them up.
//! A run of em dashes (`——`) is wrapped in a [`DASH_CLASS`] span set with
//! `fwid`, so every engine draws it full-width, two ems unbroken.

use crate::text::linebreak::{mark_kind, MarkKind};

/// The class of the mark of a pair that gives up its blank half.
pub const PAIR_CLASS: &str = "pair";

/// The class of a run of two or more em dashes.
pub const DASH_CLASS: &str = "dash";

/// The em dash.
const DASH: char = '—';

/// Whether `c` has a blank on its right (a closing mark, `。？！`).
fn closes(c: char) -> bool {
    matches!(mark_kind(c), Some(MarkKind::Closing | MarkKind::Stop))
}

/// What a picture inside the text counts as: a character that is no mark,
/// so the marks on either side of it are not adjacent.
const PICTURE: char = '\u{FFFC}';

/// The XHTML of one text block (a paragraph, a heading, a caption) with its
/// marks wrapped as the module says. Tags are copied whole and are no
/// characters of the text, so a pair may straddle `</strong>` or a page
/// marker; an `<img>` (a picture inside the text) stands between the marks
/// around it as a character does.
pub fn mark_up(xhtml: &str) -> String {
    // The text's characters, as (byte offset, char), tags left out.
    let mut text = Vec::new();
    let mut in_tag = false;
    for (i, c) in xhtml.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                if xhtml[i..].starts_with("<img ") {
                    text.push((i, PICTURE));
                }
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push((i, c)),
            _ => {}
        }
    }
    let mut out = String::with_capacity(xhtml.len() + 64);
    let mut copied = 0;
    let mut k = 0;
    while k < text.len() {
        let (at, c) = text[k];
        let next = text.get(k + 1).map(|&(_, n)| n);
        let prev = k.checked_sub(1).map(|j| text[j].1);
        let (class, end) = if c == DASH && next == Some(DASH) {
            let run = text[k..].iter().take_while(|&&(_, d)| d == DASH).count();
            (DASH_CLASS, k + run)
        } else if (mark_kind(c) == Some(MarkKind::Opening) && prev.is_some_and(closes))
            || (closes(c) && next.is_some_and(closes))
        {
            (PAIR_CLASS, k + 1)
        } else {
            k += 1;
            continue;
        };
        // The run's characters are contiguous unless a tag falls inside
        // (a page marker between two dashes): then only the first goes in.
        let last = text[end - 1].0 + text[end - 1].1.len_utf8();
        let contiguous = text[k..end]
            .windows(2)
            .all(|w| w[0].0 + w[0].1.len_utf8() == w[1].0);
        let (stop, end) = if contiguous {
            (last, end)
        } else {
            (at + c.len_utf8(), k + 1)
        };
        out.push_str(&xhtml[copied..at]);
        out.push_str(&format!("<span class=\"{class}\">{}</span>", &xhtml[at..stop]));
        copied = stop;
        k = end;
    }
    out.push_str(&xhtml[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mark_of_each_pair_is_wrapped() {
        assert_eq!(
            mark_up("《甲》《乙》"),
            "《甲》<span class=\"pair\">《</span>乙》"
        );
        assert_eq!(
            mark_up("了。“好”，"),
            "了。<span class=\"pair\">“</span>好<span class=\"pair\">”</span>，"
        );
        // Two opening marks are left to the engines.
        assert_eq!(mark_up("（“甲"), "（“甲");
    }

    #[test]
    fn a_pair_may_straddle_a_tag() {
        assert_eq!(
            mark_up("<p><strong>甲》</strong><span id=\"p\"></span>《乙</p>"),
            "<p><strong>甲》</strong><span id=\"p\"></span><span class=\"pair\">《</span>乙</p>"
        );
        assert_eq!(
            mark_up("<p>“<em>甲”</em>，</p>"),
            "<p>“<em>甲<span class=\"pair\">”</span></em>，</p>"
        );
    }

    #[test]
    fn a_picture_parts_the_marks_around_it() {
        let icon = "<img class=\"inline\" src=\"i.png\" alt=\"印\"/>";
        assert_eq!(mark_up(&format!("甲》{icon}《乙")), format!("甲》{icon}《乙"));
        assert_eq!(mark_up(&format!("甲。{icon}”")), format!("甲。{icon}”"));
        assert_eq!(mark_up(&format!("—{icon}—")), format!("—{icon}—"));
        // Without it, the same marks pair.
        assert_eq!(mark_up("甲》《乙"), "甲》<span class=\"pair\">《</span>乙");
        // A picture elsewhere in the block changes nothing.
        assert_eq!(
            mark_up(&format!("{icon}了。“好”，")),
            format!("{icon}了。<span class=\"pair\">“</span>好<span class=\"pair\">”</span>，")
        );
    }

    #[test]
    fn a_dash_run_is_wrapped_whole_and_a_single_dash_is_not() {
        assert_eq!(mark_up("甲——乙"), "甲<span class=\"dash\">——</span>乙");
        assert_eq!(mark_up("<h1>——</h1>"), "<h1><span class=\"dash\">——</span></h1>");
        assert_eq!(mark_up("a—b"), "a—b");
        // After a dash an opening mark is not a pair.
        assert_eq!(mark_up("》——“"), "》<span class=\"dash\">——</span>“");
    }
}
