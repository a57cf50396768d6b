//! `word/numbering.xml`: whether a numbered paragraph is a bullet or a
//! number, and where an ordered list starts.

use std::collections::HashMap;

use roxmltree::Document;

use super::xml::{attr, child, on};

/// The list kind of each (`w:numId`, `w:ilvl`).
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (numId, level) → start override.
    overrides: HashMap<(String, u8), u64>,
    /// (abstractNumId, level) → (format, start).
    levels: HashMap<(String, u8), (String, u64)>,
}

impl Numbering {
    /// Reads `word/numbering.xml`.
    pub fn read(doc: &Document) -> Numbering {
        let mut n = Numbering::default();
        let root = doc.root_element();
        for a in root.children().filter(|c| on(*c, "abstractNum")) {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            for lvl in a.children().filter(|c| on(*c, "lvl")) {
                let level = attr(lvl, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                let format = child(lvl, "numFmt")
                    .and_then(|f| attr(f, "val"))
                    .unwrap_or("decimal");
                let start = child(lvl, "start")
                    .and_then(|s| attr(s, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                n.levels
                    .insert((id.to_string(), level), (format.to_string(), start));
            }
        }
        for num in root.children().filter(|c| on(*c, "num")) {
            let Some(id) = attr(num, "numId") else { continue };
            if let Some(abs) = child(num, "abstractNumId").and_then(|a| attr(a, "val")) {
                n.nums.insert(id.to_string(), abs.to_string());
            }
            for o in num.children().filter(|c| on(*c, "lvlOverride")) {
                let level = attr(o, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                if let Some(start) = child(o, "startOverride")
                    .and_then(|s| attr(s, "val"))
                    .and_then(|v| v.parse().ok())
                {
                    n.overrides.insert((id.to_string(), level), start);
                }
            }
        }
        n
    }

    /// `Some(start)` for a numbered list level, `None` for bullets.
    pub fn start(&self, num_id: &str, level: u8) -> Option<u64> {
        let (format, start) = self
            .nums
            .get(num_id)
            .and_then(|abs| self.levels.get(&(abs.clone(), level)))
            .cloned()
            .unwrap_or_else(|| ("bullet".into(), 1));
        if matches!(format.as_str(), "bullet" | "none") {
            return None;
        }
        Some(
            self.overrides
                .get(&(num_id.to_string(), level))
                .copied()
                .unwrap_or(start),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_start_overrides() {
        let xml = concat!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>"#,
            r#"<w:num w:numId="6"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#,
            r#"<w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num>"#,
            r#"</w:numbering>"#
        );
        let n = Numbering::read(&Document::parse(xml).unwrap());
        assert_eq!(n.start("5", 0), None);
        assert_eq!(n.start("6", 0), Some(3));
        assert_eq!(n.start("7", 0), Some(1));
        assert_eq!(n.start("99", 0), None);
    }
}
