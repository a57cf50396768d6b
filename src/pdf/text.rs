//! Setting one block of text: styled characters in, lines of positioned
//! runs out. Break opportunities, kinsoku, justification and the lone
//! last character are the pure [`crate::text::linebreak`] module's business; this
//! module measures the characters and groups them into drawable runs.
//!
//! A picture inside the text ([`Inline::Image`]) is set as one character
//! would be: one unbreakable box of its width ([`InlinePicture`]), which
//! the line breaker sees as U+FFFC (the object replacement character: a
//! break is allowed on either side of it, kinsoku still holds) and which
//! comes out of a set line as a [`LinePicture`], not as text.

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
    /// The offset of the line's first character in the text of the
    /// characters set (pictures, which add no text, not counted).
    pub start: usize,
    /// The pictures set on the line, left to right.
    pub pictures: Vec<LinePicture>,
}

/// A picture inside a line of text, as the layout sizes it.
#[derive(Debug, Clone, PartialEq)]
pub struct InlinePicture {
    /// The image's key in [`crate::input::assets::Assets::images`].
    pub src: String,
    /// Its printed width and height in mm ([`crate::style::inline_picture_size`]);
    /// `None` until the layout has sized it ([`size_pictures`]).
    pub size: Option<(f32, f32)>,
}

/// A picture placed on a set line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePicture {
    /// The image's key in [`crate::input::assets::Assets::images`].
    pub src: String,
    /// Left edge from the measure's left edge, in mm.
    pub x: f32,
    /// Width and height in mm.
    pub width: f32,
    /// Height in mm.
    pub height: f32,
    /// The em (mm) of the text it stands in: it sits in that em box.
    pub em: f32,
    /// Its `Figure` element; `None`: decorative (an artifact).
    pub owner: Owner,
}

/// What the line breaker sees in place of an inline picture.
pub const PICTURE_CHAR: char = '\u{FFFC}';

/// A character (or a picture inside the text) with its style and the
/// structure element it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledChar {
    /// The character ([`PICTURE_CHAR`] for a picture).
    pub ch: char,
    /// Its face and size.
    pub style: TextStyle,
    /// Its element.
    pub owner: Owner,
    /// The picture set in the character's place, if it is one.
    pub picture: Option<Box<InlinePicture>>,
}

impl StyledChar {
    /// The character `ch` in `style`, belonging to `owner`.
    pub fn new(ch: char, style: TextStyle, owner: Owner) -> StyledChar {
        StyledChar {
            ch,
            style,
            owner,
            picture: None,
        }
    }
}

/// The characters of `text`, all in `style`, all belonging to `owner`.
pub fn plain_chars(text: &str, style: TextStyle, owner: Owner) -> Vec<StyledChar> {
    text.chars().map(|c| StyledChar::new(c, style, owner)).collect()
}

/// Sizes the pictures among `chars` for a measure of `width` mm, each one
/// em of its text high ([`crate::style::inline_picture_size`]); `px`
/// gives an image's size in pixels, `None` when it was not loaded (an
/// error naming it).
pub fn size_pictures(
    chars: &mut [StyledChar],
    width: f32,
    px: impl Fn(&str) -> Option<(u32, u32)>,
) -> Result<()> {
    for c in chars.iter_mut() {
        let em = pt(c.style.size);
        if let Some(p) = c.picture.as_deref_mut() {
            let dims = px(&p.src).ok_or_else(|| anyhow::anyhow!("image `{}` was not loaded", p.src))?;
            let (w, h) = crate::style::inline_picture_size(dims, f64::from(em), f64::from(width));
            p.size = Some((w as f32, h as f32));
        }
    }
    Ok(())
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
            Inline::Text(t) => out.extend(plain_chars(t, base, Some(parent))),
            Inline::Code(t) => {
                let code = tree.add(Kind::Code, parent);
                out.extend(plain_chars(t, base, Some(code)))
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
            Inline::LineBreak => out.push(StyledChar::new('\n', base, Some(parent))),
            Inline::Note(_) => {}
            // A described picture is a `Figure` inside the text's element;
            // a decorative one belongs to none (an artifact).
            Inline::Image(image) => {
                let owner = image.alt_text().map(|alt| {
                    let id = tree.add(Kind::Figure, parent);
                    tree.elements[id].alt = Some(alt.to_string());
                    id
                });
                out.push(StyledChar {
                    picture: Some(Box::new(InlinePicture {
                        src: image.src.clone(),
                        size: None,
                    })),
                    ..StyledChar::new(PICTURE_CHAR, base, owner)
                });
            }
        }
    }
}

/// Whether `c` takes an emphasis dot: clreq puts none under punctuation.
fn takes_dot(c: char) -> bool {
    !c.is_whitespace() && !c.is_ascii_punctuation() && linebreak::mark_kind(c).is_none() && !"—…·".contains(c)
}

/// Sets `chars` into lines; an inline picture must have been sized
/// ([`size_pictures`]).
pub fn set_text(chars: &[StyledChar], setting: &Setting, metrics: &Metrics) -> Result<Vec<SetLine>> {
    let items = chars
        .iter()
        .map(|c| {
            let width = match &c.picture {
                Some(p) => p.size.map(|(w, _)| w).ok_or_else(|| {
                    anyhow::anyhow!(
                        "a picture inside the text of image `{}` cannot be set here",
                        p.src
                    )
                })?,
                None => metrics.advance(c.style, c.ch)?,
            };
            Ok(Item::new(c.ch, width, pt(c.style.size)))
        })
        .collect::<Result<Vec<Item>>>()?;
    let plain: Vec<char> = chars.iter().map(|c| c.ch).collect();
    // Each character's offset in the text (pictures add none).
    let offsets: Vec<usize> = chars
        .iter()
        .scan(0, |n, c| {
            let at = *n;
            *n += usize::from(c.picture.is_none());
            Some(at)
        })
        .collect();
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
            let mut pictures = Vec::new();
            let mut dots = Vec::new();
            // The text after a picture starts a run of its own.
            let mut after_picture = false;
            for (k, i) in line.range.clone().enumerate() {
                let StyledChar {
                    ch,
                    style,
                    owner,
                    ref picture,
                } = chars[i];
                let x = line.x[k] + shift;
                if let Some(p) = picture {
                    let (width, height) = p.size.unwrap_or_default();
                    pictures.push(LinePicture {
                        src: p.src.clone(),
                        x,
                        width,
                        height,
                        em: pt(style.size),
                        owner,
                    });
                    after_picture = true;
                    continue;
                }
                if style.dots && takes_dot(ch) {
                    dots.push((x + items[i].width / 2.0, pt(style.size)));
                }
                // A run goes on while the style and the element stay; a
                // character set apart from the one before it is placed.
                let tight = k > 0 && (line.x[k] - line.x[k - 1] - items[i - 1].width).abs() < 1e-4;
                let joins =
                    !after_picture && runs.last().is_some_and(|r| r.style == style && r.owner == owner);
                after_picture = false;
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
            let sizes = line.range.clone().map(|i| chars[i].style.size);
            SetLine {
                text: runs.iter().map(|r| r.text.as_str()).collect(),
                start_x: line.start_x + shift,
                end_x: line.end_x + shift,
                size: sizes.max().unwrap_or(BODY_SIZE),
                start: offsets.get(line.range.start).copied().unwrap_or(line.range.start),
                runs,
                dots,
                pictures,
            }
        })
        .collect())
}
