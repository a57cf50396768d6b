//! Styles by meaning, not by id: what each paragraph and character style of
//! the style sheet ([`crate::ooxml::styles`]) means for the source, read
//! from its name (Word's English names, WPS's and LibreOffice's, the
//! Chinese UI names) and its outline level, following `w:basedOn`; and the
//! marks a run's own properties give. WPS writes numeric style ids and
//! LibreOffice its own, so ids are never trusted.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use crate::docx::CREDIT_STYLE_NAME;
use crate::ooxml::runs::RunProps;
use crate::ooxml::styles::{Kind, Style, StyleSheet};

/// What a paragraph style makes of its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Body text.
    Body,
    /// The document title.
    Title,
    /// The line under the title.
    Subtitle,
    /// The author's line in the title block.
    Author,
    /// A heading of this level (1-based).
    Heading(u8),
    /// A figure caption `图N　caption`.
    Caption,
    /// A figure's photo credit (zhpress's `Figure Credit`).
    Credit,
    /// A block quote paragraph.
    Quote,
    /// A list paragraph (numbered by its own `w:numPr`).
    ListParagraph,
}

/// Direct meaning of a character style: bold, emphasis, code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunMarks {
    /// Bold (`w:b`) or a style named `Strong`.
    pub bold: bool,
    /// Italic, emphasis dots (`w:em`) or a style named `Emphasis`.
    pub emphasis: bool,
    /// A monospaced font.
    pub code: bool,
    /// A photo credit inside a row's caption paragraph (zhpress's character
    /// style `Figure Credit Char`).
    pub credit: bool,
}

impl RunMarks {
    /// The marks run properties give: bold, italic or emphasis dots, a
    /// monospaced Latin font.
    pub fn of(props: &RunProps) -> RunMarks {
        RunMarks {
            bold: props.bold,
            emphasis: props.italic || props.dots == Some(true),
            code: props.monospace,
            credit: false,
        }
    }

    /// The marks a run's own properties (`w:rPr`) give.
    pub fn direct(rpr: Node) -> RunMarks {
        RunMarks::of(&RunProps::read(rpr))
    }
}

/// The style sheet, read for meaning.
#[derive(Debug, Default)]
pub struct Styles {
    paragraph: HashMap<String, Meaning>,
    character: HashMap<String, RunMarks>,
    /// The list numbering a paragraph style gives (`w:numId`, and `w:ilvl`
    /// when the style says), as Word's *List Number* and *List Bullet* do.
    numbering: HashMap<String, (String, Option<u8>)>,
    /// The paragraph style a paragraph without `w:pStyle` takes.
    default_paragraph: Option<String>,
}

impl Styles {
    /// Reads `word/styles.xml`.
    pub fn read(doc: &Document) -> Styles {
        Styles::of(&StyleSheet::read(doc))
    }

    /// The meaning of each style of `sheet`.
    pub fn of(sheet: &StyleSheet) -> Styles {
        let mut styles = Styles {
            default_paragraph: sheet.default_paragraph().map(str::to_string),
            ..Styles::default()
        };
        for (id, style) in sheet.iter() {
            match style.kind {
                Kind::Paragraph => {
                    styles
                        .paragraph
                        .insert(id.to_string(), paragraph_meaning(id, sheet));
                    if let Some(list) = sheet.numbering(id) {
                        styles.numbering.insert(id.to_string(), list);
                    }
                }
                Kind::Character => {
                    styles
                        .character
                        .insert(id.to_string(), character_marks(id, sheet));
                }
                Kind::Other => {}
            }
        }
        styles
    }

    /// The meaning of paragraph style `id` (`None`: the default style).
    pub fn paragraph(&self, id: Option<&str>) -> Meaning {
        id.or(self.default_paragraph.as_deref())
            .and_then(|id| self.paragraph.get(id))
            .copied()
            .unwrap_or(Meaning::Body)
    }

    /// The list numbering paragraph style `id` gives (`None`: the default
    /// style), as (`w:numId`, `w:ilvl` if the style sets it).
    pub fn numbering(&self, id: Option<&str>) -> Option<&(String, Option<u8>)> {
        id.or(self.default_paragraph.as_deref())
            .and_then(|id| self.numbering.get(id))
    }

    /// The marks character style `id` gives its runs.
    pub fn character(&self, id: &str) -> RunMarks {
        self.character.get(id).copied().unwrap_or_default()
    }
}

/// A style's name, lower case, spaces collapsed (`Heading 1`, `heading1`
/// and `标题 1` compare as `heading1`, `heading1`, `标题1`).
fn name_key(style: &Style) -> String {
    style
        .name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The meaning a style's own name gives, if any.
fn meaning_of_name(key: &str) -> Option<Meaning> {
    let heading_level = ["heading", "标题"]
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=9).contains(n));
    if let Some(level) = heading_level {
        return Some(Meaning::Heading(level));
    }
    let credit_key: String = CREDIT_STYLE_NAME.to_lowercase().split_whitespace().collect();
    Some(match key {
        "title" | "标题" => Meaning::Title,
        "subtitle" | "副标题" => Meaning::Subtitle,
        "author" | "作者" => Meaning::Author,
        "caption" | "题注" => Meaning::Caption,
        k if k == credit_key => Meaning::Credit,
        // A table's note (zhpress's `Table Note`) is text, whatever style
        // it is based on.
        "tablenote" | "表注" => Meaning::Body,
        "quote" | "quotations" | "引用" | "intensequote" | "明显引用" | "blockquote" | "blocktext" => {
            Meaning::Quote
        }
        "listparagraph" | "列表段落" | "列出段落" | "listbullet" | "listnumber" | "list" => {
            Meaning::ListParagraph
        }
        _ => return None,
    })
}

/// A paragraph style's meaning: its name, else an outline level of its own,
/// else what the style it is based on means.
fn paragraph_meaning(id: &str, sheet: &StyleSheet) -> Meaning {
    for style in sheet.chain(id) {
        if let Some(m) = meaning_of_name(&name_key(style)) {
            return m;
        }
        if let Some(l) = style.outline_level.filter(|&l| l < 9) {
            return Meaning::Heading(l + 1);
        }
    }
    Meaning::Body
}

/// The name key of zhpress's character style for a credit inside a row's
/// caption paragraph (`Figure Credit Char`, as the DOCX writer names it).
const CREDIT_CHAR_KEY: &str = "figurecreditchar";

/// The marks a character style gives, following `w:basedOn`.
fn character_marks(id: &str, sheet: &StyleSheet) -> RunMarks {
    let mut marks = RunMarks::default();
    for style in sheet.chain(id) {
        match name_key(style).as_str() {
            "strong" | "要点" | "strongemphasis" => marks.bold = true,
            "emphasis" | "强调" => marks.emphasis = true,
            "htmlcode" | "sourcetext" | "verbatimchar" | "code" => marks.code = true,
            CREDIT_CHAR_KEY => marks.credit = true,
            _ => {}
        }
        let own = RunMarks::of(&style.run);
        marks.bold |= own.bold;
        marks.emphasis |= own.emphasis;
        marks.code |= own.code;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn styles(body: &str) -> Styles {
        let xml = format!(r#"<w:styles xmlns:w="{W}">{body}</w:styles>"#);
        Styles::read(&Document::parse(&xml).unwrap())
    }

    #[test]
    fn names_and_outline_levels_decide_not_ids() {
        let s = styles(concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="1"><w:name w:val="Normal"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 2"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="15"><w:name w:val="Title"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="x"><w:name w:val="Mine"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="y"><w:name w:val="Derived"/><w:basedOn w:val="x"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="c"><w:name w:val="caption"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="f"><w:name w:val="Figure Credit"/><w:basedOn w:val="c"/></w:style>"#,
            r#"<w:style w:type="character" w:styleId="s"><w:name w:val="Strong"/></w:style>"#,
            r#"<w:style w:type="character" w:styleId="b"><w:name w:val="Mine"/><w:rPr><w:b/></w:rPr></w:style>"#,
        ));
        assert_eq!(s.paragraph(None), Meaning::Body);
        assert_eq!(s.paragraph(Some("2")), Meaning::Heading(1));
        assert_eq!(s.paragraph(Some("3")), Meaning::Heading(2));
        assert_eq!(s.paragraph(Some("15")), Meaning::Title);
        assert_eq!(s.paragraph(Some("y")), Meaning::Heading(3));
        assert_eq!(s.paragraph(Some("c")), Meaning::Caption);
        assert_eq!(s.paragraph(Some("f")), Meaning::Credit);
        assert_eq!(s.paragraph(Some("missing")), Meaning::Body);
        assert!(s.character("s").bold && s.character("b").bold);
        assert!(!s.character("none").bold);
    }
}
