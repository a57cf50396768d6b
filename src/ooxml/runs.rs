//! Run properties (`w:rPr`): the marks a run's own properties, or a
//! style's, give its text.

use roxmltree::Node;

use super::xml::{attr, child, toggle};

/// Monospaced fonts: a run set in one of these is code.
const MONOSPACE_FONTS: [&str; 6] = [
    "courier new",
    "courier",
    "consolas",
    "menlo",
    "monaco",
    "dejavu sans mono",
];

/// What one `w:rPr` says about the marks of its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps {
    /// Bold (`w:b`).
    pub bold: bool,
    /// Italic (`w:i`).
    pub italic: bool,
    /// Emphasis dots (`w:em`): `Some(false)` when set to `none`, `None`
    /// when not set here (a style may set them).
    pub dots: Option<bool>,
    /// The Latin font (`w:rFonts/@w:ascii`) is a monospaced one.
    pub monospace: bool,
}

impl RunProps {
    /// Reads a `w:rPr` element.
    pub fn read(rpr: Node) -> RunProps {
        let font = child(rpr, "rFonts")
            .and_then(|f| attr(f, "ascii"))
            .unwrap_or("")
            .to_lowercase();
        RunProps {
            bold: toggle(rpr, "b"),
            italic: toggle(rpr, "i"),
            dots: child(rpr, "em").map(|_| toggle(rpr, "em")),
            monospace: MONOSPACE_FONTS.contains(&font.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(inner: &str) -> RunProps {
        let xml = format!(
            r#"<w:rPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{inner}</w:rPr>"#
        );
        RunProps::read(roxmltree::Document::parse(&xml).unwrap().root_element())
    }

    #[test]
    fn toggles_dots_and_fonts() {
        // ECMA-376 Part 1 §17.3.2.1 (b): present without w:val is on; w:val="0" is off.
        assert!(props(r#"<w:b/>"#).bold);
        assert!(!props(r#"<w:b w:val="0"/>"#).bold);
        assert!(props(r#"<w:i w:val="true"/>"#).italic);
        // §17.3.2.12 (em): w:val="dot" sets the dots, "none" clears them.
        assert_eq!(props(r#"<w:em w:val="dot"/>"#).dots, Some(true));
        assert_eq!(props(r#"<w:em w:val="none"/>"#).dots, Some(false));
        assert_eq!(props("").dots, None);
        assert!(props(r#"<w:rFonts w:ascii="Courier New"/>"#).monospace);
        assert!(!props(r#"<w:rFonts w:ascii="Times New Roman"/>"#).monospace);
    }
}
