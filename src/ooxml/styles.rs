//! `word/styles.xml`: each style's own settings that the readers need —
//! its kind, name, the style it is based on, outline level, list
//! numbering and run properties — and the `w:basedOn` chain that passes
//! them on. What a style *means* (a heading, a caption) is the reader's
//! question, answered from these.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::runs::RunProps;
use super::xml::{attr, child, on};

/// The longest `w:basedOn` chain followed; a longer one (or a loop: a
/// style based on itself) is cut there.
pub const MAX_CHAIN: usize = 16;

/// What a style applies to (`w:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A paragraph style.
    Paragraph,
    /// A character (run) style.
    Character,
    /// A table or numbering style, or one whose `w:type` is missing.
    Other,
}

/// One style's own settings.
#[derive(Debug, Clone)]
pub struct Style {
    /// `w:type`.
    pub kind: Kind,
    /// `w:name`, as written (empty when none).
    pub name: String,
    /// `w:basedOn`.
    pub based_on: Option<String>,
    /// `w:pPr/w:outlineLvl` (0-based; 9 is body text).
    pub outline_level: Option<u8>,
    /// `w:pPr/w:numPr/w:numId`.
    pub num_id: Option<String>,
    /// `w:pPr/w:numPr/w:ilvl`.
    pub num_level: Option<u8>,
    /// `w:rPr`.
    pub run: RunProps,
}

/// The style sheet: every style by `w:styleId`.
#[derive(Debug, Default)]
pub struct StyleSheet {
    styles: HashMap<String, Style>,
    /// The paragraph style a paragraph without `w:pStyle` takes.
    default_paragraph: Option<String>,
}

impl StyleSheet {
    /// Reads `word/styles.xml`.
    pub fn read(doc: &Document) -> StyleSheet {
        let mut sheet = StyleSheet::default();
        for s in doc.descendants().filter(|n| on(*n, "style")) {
            let Some(id) = attr(s, "styleId") else { continue };
            let style = style(s);
            if style.kind == Kind::Paragraph && matches!(attr(s, "default"), Some("1" | "true" | "on")) {
                sheet.default_paragraph = Some(id.to_string());
            }
            sheet.styles.insert(id.to_string(), style);
        }
        sheet
    }

    /// Every style, by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Style)> {
        self.styles.iter().map(|(id, s)| (id.as_str(), s))
    }

    /// The paragraph style a paragraph without `w:pStyle` takes.
    pub fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// Style `id`, then the style it is based on, and so on (at most
    /// [`MAX_CHAIN`]; a style not defined ends the chain).
    pub fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Style> + 'a {
        std::iter::successors(self.styles.get(id), |s| {
            s.based_on.as_deref().and_then(|b| self.styles.get(b))
        })
        .take(MAX_CHAIN)
    }

    /// The outline level style `id` has or inherits (0-based; 9 is body
    /// text).
    pub fn outline_level(&self, id: &str) -> Option<u8> {
        self.chain(id).find_map(|s| s.outline_level)
    }

    /// The list numbering paragraph style `id` has or inherits, as Word's
    /// *List Number* and *List Bullet* do: its `w:numId` and, when set on
    /// the way, its `w:ilvl`.
    pub fn numbering(&self, id: &str) -> Option<(String, Option<u8>)> {
        let mut level = None;
        for s in self.chain(id) {
            level = level.or(s.num_level);
            if let Some(num) = &s.num_id {
                return Some((num.clone(), level));
            }
        }
        None
    }

    /// Whether style `id` sets emphasis dots, itself or by inheritance.
    pub fn dots(&self, id: &str) -> bool {
        self.chain(id).find_map(|s| s.run.dots).unwrap_or(false)
    }
}

/// The `w:val` of element `n`, if both are there.
fn val<'a>(n: Option<Node<'a, '_>>) -> Option<&'a str> {
    n.and_then(|n| attr(n, "val"))
}

/// One `w:style` element's own settings.
fn style(s: Node) -> Style {
    let ppr = child(s, "pPr");
    let num_pr = ppr.and_then(|p| child(p, "numPr"));
    Style {
        kind: match attr(s, "type") {
            Some("character") => Kind::Character,
            Some("paragraph") => Kind::Paragraph,
            _ => Kind::Other,
        },
        name: val(child(s, "name")).unwrap_or("").to_string(),
        based_on: val(child(s, "basedOn")).map(str::to_string),
        outline_level: val(ppr.and_then(|p| child(p, "outlineLvl"))).and_then(|v| v.parse().ok()),
        num_id: val(num_pr.and_then(|n| child(n, "numId"))).map(str::to_string),
        num_level: val(num_pr.and_then(|n| child(n, "ilvl"))).and_then(|v| v.parse().ok()),
        run: child(s, "rPr").map(RunProps::read).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(body: &str) -> StyleSheet {
        let xml = format!(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:styles>"#
        );
        StyleSheet::read(&Document::parse(&xml).unwrap())
    }

    #[test]
    fn a_style_based_on_another_inherits_what_it_does_not_set() {
        // ECMA-376 Part 1 §17.7.4.3 (basedOn): a style inherits the
        // properties of its parent that it does not set itself.
        let s = sheet(concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="Heading1"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Flat"><w:name w:val="Flat"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="ListNumber2"><w:name w:val="List Number 2"/><w:basedOn w:val="ListNumber"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#,
            r#"<w:style w:type="character" w:styleId="Dots"><w:name w:val="Dots"/><w:rPr><w:em w:val="dot"/></w:rPr></w:style>"#,
            r#"<w:style w:type="character" w:styleId="MoreDots"><w:name w:val="More"/><w:basedOn w:val="Dots"/><w:rPr><w:b/></w:rPr></w:style>"#,
            r#"<w:style w:type="character" w:styleId="NoDots"><w:name w:val="No"/><w:basedOn w:val="Dots"/><w:rPr><w:em w:val="none"/></w:rPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>"#,
        ));
        assert_eq!(s.default_paragraph(), Some("Normal"));
        assert_eq!(s.outline_level("Mine"), Some(0));
        assert_eq!(s.outline_level("Flat"), Some(9), "its own level wins");
        assert_eq!(s.outline_level("Normal"), None);
        assert_eq!(s.numbering("ListNumber2"), Some(("4".to_string(), Some(1))));
        assert_eq!(s.numbering("ListNumber"), Some(("4".to_string(), None)));
        assert!(s.dots("MoreDots") && !s.dots("NoDots") && !s.dots("Normal"));
        assert_eq!(s.chain("Loop").count(), MAX_CHAIN);
        assert_eq!(s.chain("Missing").count(), 0);
        assert_eq!(
            s.iter().find(|(id, _)| *id == "Dots").unwrap().1.kind,
            Kind::Character
        );
    }
}
