//! Pictures: a figure standing alone (captioned and numbered `图N`, or
//! uncaptioned), a row of figures side by side, and a picture inside a
//! line of text.
//!
//! What each picture tells a reader who cannot see it is decided here once
//! ([`Figure::alt_text`]): a captioned figure is described by its caption
//! line, an uncaptioned one by its text alternative, and a picture with
//! neither is decorative (an artifact in the PDF, `alt=""` in the EPUB).

use serde::Serialize;

use super::{caption, plain_text, BlockId, Inline, CAPTION_SEPARATOR};

/// A picture standing as a block: `![caption](path "credit")` (numbered),
/// `![](path "text alternative")` (uncaptioned) or `![](path)`
/// (decorative), alone in its paragraph or in a [`FigureRow`].
///
/// Serialized (`zhpress ast`, and the EPUB's identifier, which is derived
/// from the model) as a captioned figure always was — `number`, `src`,
/// `caption`, `credit`, `line` — or, uncaptioned, as `src`, `alt`, `line`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The image path as written in the source, relative to the source's folder.
    /// It is also the key of the image in [`crate::input::assets::Assets`].
    pub src: String,
    /// The caption, when the picture has one; only a captioned picture is
    /// numbered.
    pub caption: Option<FigureCaption>,
    /// An uncaptioned picture's text alternative (the image title in
    /// Markdown, Word's picture description); `None` with no caption: the
    /// picture is decorative. A captioned figure has none: its caption says
    /// what it shows.
    pub alt: Option<String>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A figure's caption: `图N`, its words and the photo credit.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCaption {
    /// 1-based figure number, in document order (captioned figures only).
    pub number: u32,
    /// The caption's words (the image's alt text in Markdown).
    pub content: Vec<Inline>,
    /// The photo credit (the image's title in Markdown), if any.
    pub credit: Option<String>,
    /// The caption line's text block id, given by [`super::number`] (not
    /// part of the serialized model: it follows from the order of the blocks).
    pub block: BlockId,
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match &self.caption {
            Some(c) => {
                let mut s = serializer.serialize_struct("Figure", 5)?;
                s.serialize_field("number", &c.number)?;
                s.serialize_field("src", &self.src)?;
                s.serialize_field("caption", &c.content)?;
                s.serialize_field("credit", &c.credit)?;
                s.serialize_field("line", &self.line)?;
                s.end()
            }
            None => {
                let mut s = serializer.serialize_struct("Figure", 3)?;
                s.serialize_field("src", &self.src)?;
                s.serialize_field("alt", &self.alt)?;
                s.serialize_field("line", &self.line)?;
                s.end()
            }
        }
    }
}

/// Two or more pictures side by side (several images in one paragraph and
/// nothing else): set in one row at a common height that fills the
/// measure, each with its own caption and number if it has one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    /// The pictures, left to right (at least two).
    pub figures: Vec<Figure>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// A picture inside a line of text (an icon, a seal, a small formula
/// image): `文字![印章](seal.png)文字`. It is set at the height of the
/// text's em, its width by its aspect ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InlineImage {
    /// The image path, as for [`Figure::src`].
    pub src: String,
    /// The text alternative (the Markdown alt text); empty: decorative.
    pub alt: String,
}

impl InlineImage {
    /// What a reader who cannot see the picture is told; `None`: decorative.
    pub fn alt_text(&self) -> Option<&str> {
        Some(self.alt.as_str()).filter(|a| !a.trim().is_empty())
    }
}

/// Where a picture stands (see [`PictureShape`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PicturePlace {
    /// Alone in its paragraph ([`super::Block::Figure`]).
    Alone,
    /// In a row of pictures side by side ([`FigureRow`]).
    Row,
    /// Inside a line of text ([`InlineImage`]).
    Inline,
}

/// What `verify` compares of each picture across the editions: where it
/// stands, its label when it is numbered (`图3`), and the text
/// alternative of an uncaptioned or inline picture (a captioned figure's
/// words are compared as its caption line; `None` with no label:
/// decorative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PictureShape {
    /// Where it stands.
    pub place: PicturePlace,
    /// `图N` for a numbered figure.
    pub label: Option<String>,
    /// The text alternative of an uncaptioned or inline picture.
    pub alt: Option<String>,
}

impl PictureShape {
    /// Whether the picture is decorative (no label, no text alternative).
    pub fn is_decorative(&self) -> bool {
        self.label.is_none() && self.alt.is_none()
    }
}

impl Figure {
    /// The figure's [`PictureShape`], standing at `place`.
    pub fn shape(&self, place: PicturePlace) -> PictureShape {
        PictureShape {
            place,
            label: self.caption.as_ref().map(FigureCaption::label),
            alt: if self.caption.is_some() {
                None
            } else {
                self.alt.clone()
            },
        }
    }
}

/// What a piece of a caption line is (see [`FigureCaption::parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptionPartKind {
    /// The label, `图N`.
    Label,
    /// The separator between two parts ([`CAPTION_SEPARATOR`]).
    Separator,
    /// The caption's own words.
    Text,
    /// The photo credit.
    Credit,
}

/// One piece of a caption line.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptionPart<'a> {
    /// What it is.
    pub kind: CaptionPartKind,
    /// The caption's inlines for [`CaptionPartKind::Text`]; empty otherwise.
    pub inlines: &'a [Inline],
    /// Its plain text.
    pub text: String,
}

impl FigureCaption {
    /// The caption line in its parts, in reading order: label, separator,
    /// caption text and, when there is a credit, a separator and the credit.
    /// Backends set each part from here; joined, they are
    /// [`FigureCaption::line`].
    pub fn parts(&self) -> Vec<CaptionPart<'_>> {
        let part = |kind, text: String| CaptionPart {
            kind,
            inlines: &[],
            text,
        };
        let sep = || part(CaptionPartKind::Separator, CAPTION_SEPARATOR.to_string());
        let mut parts = vec![
            part(CaptionPartKind::Label, self.label()),
            sep(),
            CaptionPart {
                kind: CaptionPartKind::Text,
                inlines: &self.content,
                text: self.text(),
            },
        ];
        if let Some(credit) = &self.credit {
            parts.push(sep());
            parts.push(part(CaptionPartKind::Credit, credit.clone()));
        }
        parts
    }

    /// The figure label, e.g. `图1` (see [`caption::label`]).
    pub fn label(&self) -> String {
        caption::label(self.number)
    }

    /// The caption's plain text (without label and credit).
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }

    /// The words every edition prints under the figure:
    /// `图N　caption　credit` (the credit part only when there is one).
    pub fn line(&self) -> String {
        self.parts().into_iter().map(|p| p.text).collect()
    }
}

impl Figure {
    /// A captioned figure (numbered by [`super::number`]).
    pub fn captioned(src: String, content: Vec<Inline>, credit: Option<String>, line: usize) -> Figure {
        Figure {
            src,
            caption: Some(FigureCaption {
                number: 0,
                content,
                credit,
                block: BlockId::default(),
            }),
            alt: None,
            line,
        }
    }

    /// An uncaptioned picture with its text alternative (`None`: decorative;
    /// blank text counts as none).
    pub fn uncaptioned(src: String, alt: Option<String>, line: usize) -> Figure {
        Figure {
            src,
            caption: None,
            alt: alt.filter(|a| !a.trim().is_empty()),
            line,
        }
    }

    /// The figure's number, when it has a caption.
    pub fn number(&self) -> Option<u32> {
        self.caption.as_ref().map(|c| c.number)
    }

    /// The caption line's text block, when it has a caption.
    pub fn block(&self) -> Option<BlockId> {
        self.caption.as_ref().map(|c| c.block)
    }

    /// The caption line (`图N　caption　credit`), or `None` uncaptioned.
    pub fn caption_line(&self) -> Option<String> {
        self.caption.as_ref().map(FigureCaption::line)
    }

    /// What a reader who cannot see the picture is told: a captioned
    /// figure's caption words (PDF `/Alt`), an uncaptioned picture's text
    /// alternative; `None` for a decorative picture (an artifact, `alt=""`).
    pub fn alt_text(&self) -> Option<String> {
        match &self.caption {
            Some(c) => Some(c.text()),
            None => self.alt.clone(),
        }
    }

    /// Whether the picture is decorative: no caption and no text alternative.
    pub fn is_decorative(&self) -> bool {
        self.caption.is_none() && self.alt.is_none()
    }

    /// A name for messages: `图3`, or the image path of an uncaptioned picture.
    pub fn name(&self) -> String {
        match &self.caption {
            Some(c) => c.label(),
            None => format!("picture `{}`", self.src),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_parts_join_to_the_caption_line() {
        let mut f = Figure::captioned(
            "a.jpg".into(),
            vec![Inline::Text("说明".into())],
            Some("摄".into()),
            1,
        );
        let c = f.caption.as_mut().unwrap();
        c.number = 2;
        let kinds: Vec<_> = c.parts().iter().map(|p| p.kind).collect();
        use CaptionPartKind::*;
        assert_eq!(kinds, [Label, Separator, Text, Separator, Credit]);
        assert_eq!(c.line(), "图2\u{3000}说明\u{3000}摄");
        c.credit = None;
        assert_eq!(c.parts().len(), 3);
        assert_eq!(f.alt_text().as_deref(), Some("说明"));
        assert_eq!(f.number(), Some(2));
    }

    #[test]
    fn an_uncaptioned_picture_is_described_or_decorative() {
        let shot = Figure::uncaptioned("s.png".into(), Some("登录页面截图".into()), 1);
        assert_eq!(shot.alt_text().as_deref(), Some("登录页面截图"));
        assert!(!shot.is_decorative());
        assert_eq!(shot.number(), None);
        assert_eq!(shot.caption_line(), None);
        let rule = Figure::uncaptioned("r.png".into(), Some("  ".into()), 1);
        assert!(rule.is_decorative());
        assert_eq!(rule.alt_text(), None);
        let icon = InlineImage {
            src: "i.png".into(),
            alt: String::new(),
        };
        assert_eq!(icon.alt_text(), None);
    }
}
