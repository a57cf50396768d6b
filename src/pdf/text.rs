//! Setting one block of text: styled characters in, lines of positioned
//! runs out. Break opportunities, kinsoku, justification and the lone
//! last character are the pure [`crate::text::linebreak`] module's business; this
//! module measures the characters and groups them into drawable runs.

use anyhow::Result;

use super::style::{pt, Metrics, TextStyle, BODY_SIZE};
use super::tags::{ElementId, Kind, LinkTarget, Owner, Tree};
use crate::model::{plain_text, Inline};
use crate::text::linebreak::{self, Item, Measure, Punctuation};

/// How the lines of a block sit in their measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush on both sides but the last line (body text).
    Justify,
    /// Flush left, ragged right (headings).
    Left,
    /// Centred (title, captions).
    Center,
    /// Flush right, ragged left (table columns of numbers).
    Right,
}

/// The measure and alignment of a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
    /// The line width in mm.
    pub width: f32,
    /// The first line's indent in mm.
    pub first_indent: f32,
    /// The alignment.
    pub align: Align,
    /// How punctuation is set (the document's choice).
    pub punctuation: Punctuation,
}

/// Characters of one style and one structure element that follow each other
/// on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Left edge (glyph origin) from the measure's left edge, in mm.
    pub x: f32,
    /// The style.
    pub style: TextStyle,
    /// The characters.
    pub text: String,
    /// The characters set apart from the one before them (justification,
    /// punctuation compression; see [`Placed`]).
    pub placed: Placed,
    /// The structure element the characters belong to.
    pub owner: Owner,
    /// The run's width in mm.
    pub width: f32,
}

/// Where characters of a run do not follow the one before them at its
/// advance: each such character's byte offset in the run's text and its
/// origin from the run's `x`, in mm, in order. Empty when the whole run is
/// set at the glyphs' advances. One entry for a character set apart, not a
/// run (or a mark) of its own: a justified line stays one run per style.
pub type Placed = Vec<(u32, f32)>;

/// One set line.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// The runs, left to right.
    pub runs: Vec<Run>,
    /// The line's text (its runs joined).
    pub text: String,
    /// Left edge of the first character, in mm from the measure's left edge.
    pub start_x: f32,
    /// Right edge of the last character, in mm from the measure's left edge.
    pub end_x: f32,
    /// The largest size on the line, in points.
    pub size: u8,
    /// The centre and the em (in mm) of each character that takes an
    /// emphasis dot (着重号): emphasized text but its punctuation and spaces.
    pub dots: Vec<(f32, f32)>,
    /// The index of the line's first character in the characters set.
    pub start: usize,
}

/// A character with its style and the structure element it belongs to.
pub type StyledChar = (char, TextStyle, Owner);

/// The characters of `text`, all in `style`, all belonging to `owner`.
pub fn plain_chars(text: &str, style: TextStyle, owner: Owner) -> Vec<StyledChar> {
    text.chars().map(|c| (c, style, owner)).collect()
}

/// Appends the characters of `inlines`, strong text in `strong`, the rest in
/// `base`. The text belongs to `parent`; each strong, emphasised, code or
/// link span gets an element of its own under it in `tree`.
pub fn styled_chars(
    inlines: &[Inline],
    base: TextStyle,
    strong: TextStyle,
    tree: &mut Tree,
    parent: ElementId,
    out: &mut Vec<StyledChar>,
) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.extend(t.chars().map(|c| (c, base, Some(parent)))),
            Inline::Code(t) => {
                let code = tree.add(Kind::Code, parent);
                out.extend(t.chars().map(|c| (c, base, Some(code))))
            }
            Inline::Strong(c) => {
                let id = tree.add(Kind::Strong, parent);
                styled_chars(c, strong, strong, tree, id, out)
            }
            // Emphasis inside emphasis is the same dots: one `Em` element,
            // as the model counts one emphasised span.
            Inline::Emphasis(c) if base.dots => styled_chars(c, base, strong, tree, parent, out),
            Inline::Emphasis(c) => {
                let id = tree.add(Kind::Em, parent);
                let dotted = |s: TextStyle| TextStyle { dots: true, ..s };
                styled_chars(c, dotted(base), dotted(strong), tree, id, out)
            }
            Inline::Link { url, content } => {
                let id = tree.add(Kind::Link, parent);
                tree.elements[id].link = Some(LinkTarget {
                    url: url.clone(),
                    text: plain_text(content),
                });
                styled_chars(content, base, strong, tree, id, out)
            }
            Inline::LineBreak => out.push(('\n', base, Some(parent))),
            Inline::Note(_) => {}
            Inline::Image(_) => {} // TODO(pictures)
        }
    }
}

/// Whether `c` takes an emphasis dot: clreq puts none under punctuation.
fn takes_dot(c: char) -> bool {
    !c.is_whitespace() && !c.is_ascii_punctuation() && linebreak::mark_kind(c).is_none() && !"—…·".contains(c)
}

/// Sets `chars` into lines.
pub fn set_text(chars: &[StyledChar], setting: &Setting, metrics: &Metrics) -> Result<Vec<SetLine>> {
    let items = chars
        .iter()
        .map(|&(ch, style, _)| Ok(Item::new(ch, metrics.advance(style, ch)?, pt(style.size))))
        .collect::<Result<Vec<Item>>>()?;
    let plain: Vec<char> = chars.iter().map(|&(c, _, _)| c).collect();
    let em = pt(BODY_SIZE);
    let measure = Measure {
        width: setting.width,
        first_indent: setting.first_indent,
        max_stretch: 0.3 * em,
        max_shrink: 0.05 * em,
        justify: setting.align == Align::Justify,
        punctuation: setting.punctuation,
    };
    let lines = linebreak::fit(&items, &linebreak::breaks(&plain), &measure);
    Ok(lines
        .into_iter()
        .map(|line| {
            let shift = match setting.align {
                Align::Center => (setting.width - line.end_x - line.start_x) / 2.0,
                Align::Right => setting.width - line.end_x,
                Align::Justify | Align::Left => 0.0,
            };
            let mut runs: Vec<Run> = Vec::new();
            let mut dots = Vec::new();
            for (k, i) in line.range.clone().enumerate() {
                let (ch, style, owner) = chars[i];
                if style.dots && takes_dot(ch) {
                    dots.push((line.x[k] + shift + items[i].width / 2.0, pt(style.size)));
                }
                // A run goes on while the style and the element stay; a
                // character set apart from the one before it is placed.
                let tight = k > 0 && (line.x[k] - line.x[k - 1] - items[i - 1].width).abs() < 1e-4;
                let joins = runs.last().is_some_and(|r| r.style == style && r.owner == owner);
                let x = line.x[k] + shift;
                match runs.last_mut() {
                    Some(run) if joins => {
                        if !tight {
                            run.placed.push((run.text.len() as u32, x - run.x));
                        }
                        run.text.push(ch);
                        run.width = x + items[i].width - run.x;
                    }
                    _ => runs.push(Run {
                        x,
                        style,
                        text: ch.to_string(),
                        placed: Placed::new(),
                        owner,
                        width: items[i].width,
                    }),
                }
            }
            SetLine {
                text: runs.iter().map(|r| r.text.as_str()).collect(),
                start_x: line.start_x + shift,
                end_x: line.end_x + shift,
                size: runs.iter().map(|r| r.style.size).max().unwrap_or(BODY_SIZE),
                start: line.range.start,
                runs,
                dots,
            }
        })
        .collect())
}
