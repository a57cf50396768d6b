//! The document model: the only contract between the parser and the backends.
//!
//! Everything that more than one edition shows — heading numbers and ids,
//! figure numbers and the words of a figure's caption line — is computed here,
//! once, so the PDF, the EPUB and the DOCX cannot disagree. Backends never see
//! Markdown events.

use serde::Serialize;

pub use crate::text::linebreak::Punctuation;

/// The decoration every edition draws before a level-2 heading. It is never
/// part of the heading text (outlines, nav and the navigation pane stay clean).
pub const LEVEL2_MARK: char = '■';

/// The ideographic space that separates the parts of a caption line.
pub const CAPTION_SEPARATOR: char = '\u{3000}';

/// The deepest heading level the editions set (`###`); the parser refuses
/// deeper ones.
pub const MAX_HEADING_LEVEL: u8 = 3;

/// The prefix of a figure label, as in `图1`.
pub const FIGURE_PREFIX: &str = "图";

/// A parsed document: metadata and a tree of blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The source file as it should be named in messages (e.g. `source/summary.md`).
    pub source_name: String,
    /// The front matter.
    pub meta: Metadata,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Front-matter metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// The document title (required).
    pub title: String,
    /// The subtitle, shown under the title, e.g. `——十三届全国政协办公厅五年工作总结`.
    pub subtitle: Option<String>,
    /// The author (a person or an office).
    pub author: Option<String>,
    /// BCP 47 language tag, e.g. `zh-CN`.
    pub lang: String,
    /// Publication date as written in the front matter (`YYYY-MM-DD`), if any.
    pub date: Option<String>,
    /// How punctuation marks are set (`punctuation:`; 全角式 by default).
    pub punctuation: Punctuation,
}

impl Metadata {
    /// Metadata with only a title, in `zh-CN`: what a front matter holding
    /// just `title` gives.
    pub fn titled(title: impl Into<String>) -> Metadata {
        Metadata {
            title: title.into(),
            subtitle: None,
            author: None,
            lang: "zh-CN".into(),
            date: None,
            punctuation: Punctuation::default(),
        }
    }
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading.
    Heading(Heading),
    /// A paragraph of inline content.
    Paragraph(Paragraph),
    /// An ordered or unordered list.
    List(List),
    /// A block quote holding further blocks.
    Quote(Quote),
    /// A numbered figure: an image with caption and credit.
    Figure(Figure),
    /// A note standing between blocks (a Markdown comment on lines of its
    /// own); it belongs to the block that follows it.
    Note(Note),
}

/// A heading with its number and stable id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Hierarchical number, e.g. `[1, 2]` for the second level-2 heading of
    /// the first level-1 section. Not printed by default; it defines the id.
    pub number: Vec<u32>,
    /// Stable id derived from the number, e.g. `sec-1-2`; used as an anchor,
    /// a bookmark name and a nav target.
    pub id: String,
    /// The heading text (never contains [`LEVEL2_MARK`]).
    pub content: Vec<Inline>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The inline runs.
    pub content: Vec<Inline>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// `Some(first number)` for an ordered list, `None` for bullets.
    pub start: Option<u64>,
    /// The items, each a sequence of blocks (usually one paragraph).
    pub items: Vec<Vec<Block>>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A block quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted blocks.
    pub blocks: Vec<Block>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A figure: `![caption](path "credit")` alone in its paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// 1-based figure number, in document order.
    pub number: u32,
    /// The image path as written in the source, relative to the source's folder.
    /// It is also the key of the image in [`crate::input::assets::Assets`].
    pub src: String,
    /// The caption (the image's alt text in Markdown).
    pub caption: Vec<Inline>,
    /// The photo credit (the image's title in Markdown), if any.
    pub credit: Option<String>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A note for the people who edit the document: a Markdown comment
/// `<!-- … -->`. No edition prints notes; the DOCX carries each as a Word
/// comment (anchored to the paragraph the note stands before, or at its
/// point in the text), and `import` turns Word comments back into notes, so
/// questions travel to the editor and back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// The comment's text, without `<!--`, `-->` and the spaces next to them.
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// How a note written by someone else than the source's authors starts:
/// `批注（author）：text`, the form `import` gives a Word comment.
const NOTE_AUTHOR_OPEN: &str = "批注（";
/// Closes the author of a [`NOTE_AUTHOR_OPEN`] note.
const NOTE_AUTHOR_CLOSE: &str = "）：";

/// A note's text split into its author (for `批注（author）：text`) and
/// what it says.
pub fn note_parts(text: &str) -> (Option<&str>, &str) {
    text.strip_prefix(NOTE_AUTHOR_OPEN)
        .and_then(|rest| rest.split_once(NOTE_AUTHOR_CLOSE))
        .filter(|(author, _)| !author.is_empty() && !author.contains('\n'))
        .map_or((None, text), |(author, said)| (Some(author), said))
}

/// The text of a note by `author` (none: the source's own) saying `said`;
/// the inverse of [`note_parts`].
pub fn note_text(author: Option<&str>, said: &str) -> String {
    match author {
        Some(a) => format!("{NOTE_AUTHOR_OPEN}{a}{NOTE_AUTHOR_CLOSE}{said}"),
        None => said.to_string(),
    }
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "content", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text (no newlines: soft breaks are resolved by the parser).
    Text(String),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Emphasis (italic in Latin text; an emphasis style in Chinese).
    Emphasis(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// The target URL.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A hard line break.
    LineBreak,
    /// A note at this point of the text (a Markdown comment inside a
    /// paragraph). No edition prints it; see [`Note`].
    Note(String),
}

/// How deeply inline containers nest in `inlines` (0 for plain text). The
/// parser bounds the depth, so this recursion is shallow.
pub fn inline_depth(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => 1 + inline_depth(c),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

impl Inline {
    /// The text of this inline as a reader sees it (a line break reads as `\n`).
    pub fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                c.iter().for_each(|i| i.push_plain_text(out))
            }
            Inline::LineBreak => out.push('\n'),
            Inline::Note(_) => {}
        }
    }
}

/// The plain text of a sequence of inlines.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    inlines.iter().for_each(|i| i.push_plain_text(&mut out));
    out
}

impl Heading {
    /// The heading's plain text (without any decoration).
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }
}

impl Figure {
    /// The figure label, e.g. `图1`.
    pub fn label(&self) -> String {
        format!("{FIGURE_PREFIX}{}", self.number)
    }

    /// The caption's plain text.
    pub fn caption_text(&self) -> String {
        plain_text(&self.caption)
    }

    /// The words every edition prints under the figure:
    /// `图N　caption　credit` (the credit part only when there is one).
    pub fn caption_line(&self) -> String {
        let mut s = format!("{}{CAPTION_SEPARATOR}{}", self.label(), self.caption_text());
        if let Some(credit) = &self.credit {
            s.push(CAPTION_SEPARATOR);
            s.push_str(credit);
        }
        s
    }
}

impl Document {
    /// All headings in document order (including those inside quotes and lists).
    pub fn headings(&self) -> Vec<&Heading> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            if let Block::Heading(h) = b {
                out.push(h)
            }
        });
        out
    }

    /// All figures in document order.
    pub fn figures(&self) -> Vec<&Figure> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| {
            if let Block::Figure(f) = b {
                out.push(f)
            }
        });
        out
    }

    /// The plain text of every text-bearing block in reading order, one entry
    /// per heading, paragraph or figure caption line. Lists and quotes
    /// contribute their inner blocks. This is what the editions must all show.
    pub fn block_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| match b {
            Block::Heading(h) => out.push(h.text()),
            Block::Paragraph(p) => out.push(plain_text(&p.content)),
            Block::Figure(f) => out.push(f.caption_line()),
            Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
        });
        out
    }

    /// Every piece of text with the role it is set in and its source line,
    /// in reading order. Used for font coverage checks and by backends that
    /// need to know which face a character is drawn in.
    pub fn text_runs(&self) -> Vec<TextRun<'_>> {
        let mut out = Vec::new();
        walk(&self.blocks, &mut |b| match b {
            Block::Heading(h) => inline_runs(&h.content, Role::Heading, h.line, &mut out),
            Block::Paragraph(p) => inline_runs(&p.content, Role::Body, p.line, &mut out),
            Block::Figure(f) => {
                inline_runs(&f.caption, Role::Caption, f.line, &mut out);
                if let Some(c) = &f.credit {
                    out.push(TextRun {
                        text: c,
                        role: Role::Caption,
                        line: f.line,
                    });
                }
            }
            Block::List(_) | Block::Quote(_) | Block::Note(_) => {}
        });
        out
    }
}

/// The typographic role of a piece of text; each role maps to one font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    /// Body text (serif regular).
    Body,
    /// Strong text in the body (serif bold).
    Strong,
    /// Heading text (sans bold).
    Heading,
    /// Caption and credit text (serif regular, smaller).
    Caption,
}

/// A piece of text with its role and source line (see [`Document::text_runs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRun<'a> {
    /// The text.
    pub text: &'a str,
    /// The role it is set in.
    pub role: Role,
    /// 1-based source line of the block holding it.
    pub line: usize,
}

fn inline_runs<'a>(inlines: &'a [Inline], role: Role, line: usize, out: &mut Vec<TextRun<'a>>) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push(TextRun { text: t, role, line }),
            Inline::Strong(c) => {
                let r = if role == Role::Body { Role::Strong } else { role };
                inline_runs(c, r, line, out)
            }
            Inline::Emphasis(c) | Inline::Link { content: c, .. } => inline_runs(c, role, line, out),
            Inline::LineBreak | Inline::Note(_) => {}
        }
    }
}

/// Calls `f` on every block in document order, depth first (a list or quote
/// before its children).
pub fn walk<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List(l) => l.items.iter().for_each(|item| walk(item, f)),
            Block::Quote(q) => walk(&q.blocks, f),
            _ => {}
        }
    }
}

/// Assigns heading numbers and ids and figure numbers, in document order.
/// Called once by the parser; backends only read the results.
pub fn number(blocks: &mut [Block]) {
    let mut counters: Vec<u32> = Vec::new();
    let mut figures = 0;
    number_in(blocks, &mut counters, &mut figures);
}

fn number_in(blocks: &mut [Block], counters: &mut Vec<u32>, figures: &mut u32) {
    for b in blocks {
        match b {
            Block::Heading(h) => {
                let level = usize::from(h.level.max(1));
                counters.resize(level, 0);
                counters[level - 1] += 1;
                h.number = counters.clone();
                let parts: Vec<String> = counters.iter().map(u32::to_string).collect();
                h.id = format!("sec-{}", parts.join("-"));
            }
            Block::Figure(f) => {
                *figures += 1;
                f.number = *figures;
            }
            Block::List(l) => l.items.iter_mut().for_each(|i| number_in(i, counters, figures)),
            Block::Quote(q) => number_in(&mut q.blocks, counters, figures),
            Block::Paragraph(_) | Block::Note(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: vec![],
            id: String::new(),
            content: vec![Inline::Text(text.into())],
            line: 1,
        })
    }

    fn figure(caption: &str, credit: Option<&str>) -> Block {
        Block::Figure(Figure {
            number: 0,
            src: "images/a.jpg".into(),
            caption: vec![Inline::Text(caption.into())],
            credit: credit.map(Into::into),
            line: 1,
        })
    }

    #[test]
    fn numbers_headings_hierarchically_and_figures_in_order() {
        let mut blocks = vec![
            heading(1, "甲"),
            heading(2, "子"),
            figure("一", None),
            heading(2, "丑"),
            heading(1, "乙"),
            heading(3, "深"),
            figure("二", Some("摄")),
        ];
        number(&mut blocks);
        let doc = Document {
            source_name: "t.md".into(),
            meta: Metadata::titled("t"),
            blocks,
        };
        let ids: Vec<_> = doc.headings().iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, ["sec-1", "sec-1-1", "sec-1-2", "sec-2", "sec-2-0-1"]);
        let lines: Vec<_> = doc.figures().iter().map(|f| f.caption_line()).collect();
        assert_eq!(lines, ["图1\u{3000}一", "图2\u{3000}二\u{3000}摄"]);
    }

    #[test]
    fn strong_inside_body_is_its_own_role() {
        let p = [
            Inline::Strong(vec![Inline::Text("一是。".into())]),
            Inline::Text("其余".into()),
        ];
        let mut runs = Vec::new();
        inline_runs(&p, Role::Body, 3, &mut runs);
        assert_eq!(runs[0].role, Role::Strong);
        assert_eq!(runs[1].role, Role::Body);
        assert_eq!(plain_text(&p), "一是。其余");
    }

    #[test]
    fn notes_name_their_author_only_in_the_editors_form() {
        assert_eq!(
            note_parts("批注（张三）：此处待核。"),
            (Some("张三"), "此处待核。")
        );
        assert_eq!(note_parts("批注（）：空"), (None, "批注（）：空"));
        assert_eq!(note_parts("76 characters"), (None, "76 characters"));
        assert_eq!(note_text(Some("张三"), "此处待核。"), "批注（张三）：此处待核。");
        assert_eq!(note_text(None, "原注"), "原注");
        let p = [
            Inline::Text("甲".into()),
            Inline::Note("注".into()),
            Inline::Text("乙".into()),
        ];
        assert_eq!(plain_text(&p), "甲乙");
    }
}
