//! Relationship parts (`_rels/.rels`, `word/_rels/document.xml.rels`):
//! which part plays which role, and where a link or picture points.

use std::collections::HashMap;

use roxmltree::Document;

/// One relationship of a part.
#[derive(Debug, Clone)]
pub struct Relationship {
    /// The last segment of the relationship type, e.g. `image`, `hyperlink`.
    pub kind: String,
    /// The package path of an internal target, or the URL of an external one.
    pub target: String,
    /// Whether the target is outside the package (a hyperlink's URL).
    pub external: bool,
}

/// The relationships of a part, by id.
pub type Relationships = HashMap<String, Relationship>;

/// The main document part when the package's relationships name none.
pub const DEFAULT_MAIN: &str = "word/document.xml";
/// The style sheet when the main part's relationships name none.
pub const DEFAULT_STYLES: &str = "word/styles.xml";
/// The numbering part when the main part's relationships name none.
pub const DEFAULT_NUMBERING: &str = "word/numbering.xml";

/// The name of the relationship part of `part`: `word/document.xml` →
/// `word/_rels/document.xml.rels`; the package itself (`""`) → `_rels/.rels`.
pub fn rels_part(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Reads the relationship part of `part` (see [`rels_part`]): internal
/// targets are resolved against `part`'s folder.
pub fn read(doc: &Document, part: &str) -> Relationships {
    let folder = part.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut out = HashMap::new();
    for r in doc.descendants().filter(|n| n.has_tag_name("Relationship")) {
        let (Some(id), Some(target)) = (r.attribute("Id"), r.attribute("Target")) else {
            continue;
        };
        let external = r.attribute("TargetMode") == Some("External");
        let target = if external {
            target.to_string()
        } else {
            resolve(folder, target)
        };
        let kind = r.attribute("Type").unwrap_or("").rsplit('/').next().unwrap_or("");
        out.insert(
            id.to_string(),
            Relationship {
                kind: kind.to_string(),
                target,
                external,
            },
        );
    }
    out
}

/// The internal part of relationship type `kind` (e.g. `styles`,
/// `numbering`, `officeDocument`; the lowest name when several), else
/// `default`.
pub fn part_of(rels: &Relationships, kind: &str, default: &str) -> String {
    rels.values()
        .filter(|r| r.kind == kind && !r.external)
        .map(|r| r.target.clone())
        .min()
        .unwrap_or_else(|| default.to_string())
}

/// A relative target resolved against `folder` (`media/a.png` from `word`
/// is `word/media/a.png`; `/word/x` is absolute).
pub fn resolve(folder: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in target.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(resolve("word", "../customXml/item1.xml"), "customXml/item1.xml");
    }

    #[test]
    fn relationship_parts_and_roles() {
        assert_eq!(rels_part(""), "_rels/.rels");
        assert_eq!(rels_part("word/document2.xml"), "word/_rels/document2.xml.rels");
        // ECMA-376 Part 2 §9.3: a relationship's Target is relative to the
        // source part's folder unless TargetMode is External.
        let xml = concat!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/a" TargetMode="External"/>"#,
            r#"</Relationships>"#
        );
        let rels = read(&Document::parse(xml).unwrap(), "word/document.xml");
        assert_eq!(part_of(&rels, "styles", "x"), "word/styles.xml");
        assert_eq!(
            part_of(&rels, "numbering", "word/numbering.xml"),
            "word/numbering.xml"
        );
        assert_eq!(rels["rId2"].target, "https://example.org/a");
        assert!(rels["rId2"].external && rels["rId2"].kind == "hyperlink");
    }
}
