//! `word/numbering.xml`: each list level's format, level text and start,
//! as a numbered paragraph (`w:numId`, `w:ilvl`) finds them — through its
//! numbering instance (`w:num`), the instance's level overrides and the
//! abstract definition, followed through a numbering style link — and the
//! label Word draws before each numbered paragraph.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::xml::{attr, child, on};

/// The start of a level whose `w:lvl` has no `w:start`.
///
/// ECMA-376 Part 1 §17.9.25 (`start`, §17.9.26 in the first edition): "If
/// this element is omitted, the starting value shall be zero (0)."
/// Microsoft's notes on where Word departs from the standard (MS-OI29500)
/// have notes on the neighbouring `lvlRestart`, `lvlText` and `numFmt` but
/// none on `start`, and LibreOffice's DOCX import gives an abstract level
/// without it the start 0 as well (writerfilter's
/// `ListLevel::GetLevelProperties`). So a decimal list whose level omits
/// `w:start` counts 0, 1, 2.
pub const DEFAULT_START: u64 = 0;

/// The format of a level whose `w:lvl` has no `w:numFmt`: ECMA-376 Part 1
/// §17.9.17 (`numFmt`): "If this element is omitted, the level shall be
/// assumed to be of level type decimal."
pub const DEFAULT_FORMAT: &str = "decimal";

/// One list level, its defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// `w:numFmt`: `decimal`, `bullet`, `lowerLetter`, `none`, …
    pub format: String,
    /// `w:lvlText`: the label's pattern, `%1.` (empty when not given).
    pub text: String,
    /// `w:start`, or a `w:startOverride` of the instance.
    pub start: u64,
}

impl Level {
    /// Whether the level counts (its format is not a bullet or nothing).
    pub fn is_numbered(&self) -> bool {
        !matches!(self.format.as_str(), "bullet" | "none")
    }
}

/// An abstract numbering definition (`w:abstractNum`).
#[derive(Debug, Default)]
struct Abstract {
    levels: HashMap<u8, Level>,
    /// `w:numStyleLink`: the levels are those of the definition that
    /// defines this numbering style.
    num_style_link: Option<String>,
    /// `w:styleLink`: this definition defines that numbering style.
    style_link: Option<String>,
}

/// A numbering instance (`w:num`).
#[derive(Debug, Default)]
struct Instance {
    abstract_id: String,
    /// `w:lvlOverride/w:lvl`: levels replaced whole.
    levels: HashMap<u8, Level>,
    /// `w:lvlOverride/w:startOverride`.
    starts: HashMap<u8, u64>,
}

/// The numbering part, read.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
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
            let link = |name| child(a, name).and_then(|l| attr(l, "val")).map(str::to_string);
            let definition = Abstract {
                levels: levels(a),
                num_style_link: link("numStyleLink"),
                style_link: link("styleLink"),
            };
            n.abstracts.insert(id.to_string(), definition);
        }
        for num in root.children().filter(|c| on(*c, "num")) {
            let Some(id) = attr(num, "numId") else { continue };
            let Some(abstract_id) = child(num, "abstractNumId").and_then(|a| attr(a, "val")) else {
                continue;
            };
            let mut instance = Instance {
                abstract_id: abstract_id.to_string(),
                ..Instance::default()
            };
            for o in num.children().filter(|c| on(*c, "lvlOverride")) {
                let Some(ilvl) = level_index(o) else { continue };
                if let Some(start) = child(o, "startOverride").and_then(number) {
                    instance.starts.insert(ilvl, start);
                }
                if let Some(lvl) = child(o, "lvl") {
                    instance.levels.insert(ilvl, level(lvl));
                }
            }
            n.instances.insert(id.to_string(), instance);
        }
        n
    }

    /// Level `ilvl` of numbering instance `num_id` as a paragraph numbered
    /// with them shows it: an override's level or start wins over the
    /// abstract definition's. `None` when the instance or level is not
    /// defined (the paragraph shows no label).
    pub fn level(&self, num_id: &str, ilvl: u8) -> Option<Level> {
        let instance = self.instances.get(num_id)?;
        let mut level = match instance.levels.get(&ilvl) {
            Some(own) => own.clone(),
            None => self.definition(&instance.abstract_id)?.levels.get(&ilvl)?.clone(),
        };
        if let Some(&start) = instance.starts.get(&ilvl) {
            level.start = start;
        }
        Some(level)
    }

    /// `Some(start)` when level `ilvl` of `num_id` counts, `None` for
    /// bullets, no label, or a level not defined.
    pub fn start(&self, num_id: &str, ilvl: u8) -> Option<u64> {
        self.level(num_id, ilvl)
            .filter(Level::is_numbered)
            .map(|l| l.start)
    }

    /// The abstract definition `id`, or, when it only links to a numbering
    /// style (`w:numStyleLink`), the definition that defines that style
    /// (`w:styleLink`) — one step, so a link cannot loop.
    fn definition(&self, id: &str) -> Option<&Abstract> {
        let a = self.abstracts.get(id)?;
        let Some(link) = &a.num_style_link else {
            return Some(a);
        };
        self.abstracts
            .values()
            .find(|d| d.style_link.as_ref() == Some(link) && d.num_style_link.is_none())
            .or(Some(a))
    }
}

/// The levels of an abstract definition.
fn levels(a: Node) -> HashMap<u8, Level> {
    a.children()
        .filter(|c| on(*c, "lvl"))
        .filter_map(|l| Some((level_index(l)?, level(l))))
        .collect()
}

/// One `w:lvl`, its defaults applied.
fn level(l: Node) -> Level {
    let val = |name| child(l, name).and_then(|c| attr(c, "val"));
    Level {
        format: val("numFmt").unwrap_or(DEFAULT_FORMAT).to_string(),
        text: val("lvlText").unwrap_or("").to_string(),
        start: child(l, "start").and_then(number).unwrap_or(DEFAULT_START),
    }
}

/// The `w:ilvl` attribute of a `w:lvl` or `w:lvlOverride` (required by the
/// schema: an element without it is skipped).
fn level_index(n: Node) -> Option<u8> {
    attr(n, "ilvl").and_then(|v| v.parse().ok())
}

/// The number in an element's `w:val`.
fn number(n: Node) -> Option<u64> {
    attr(n, "val").and_then(|v| v.trim().parse().ok())
}

/// The counters of the numbered paragraphs read so far, in document order:
/// what label each paragraph shows.
#[derive(Debug, Default)]
pub struct Counters {
    /// The last number shown per (`w:numId`, `w:ilvl`).
    last: HashMap<(String, u8), u64>,
}

impl Counters {
    /// Counts the next paragraph numbered `num_id` at level `ilvl` and
    /// returns its label, when the level is decimal (bullets and other
    /// formats are decoration here): the level text with `%N` (N = `ilvl`
    /// + 1) replaced by the number. A deeper level starts again after it.
    pub fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<String> {
        let level = numbering.level(num_id, ilvl)?;
        let n = match self.last.get(&(num_id.to_string(), ilvl)) {
            Some(last) => last.saturating_add(1),
            None => level.start,
        };
        self.last.insert((num_id.to_string(), ilvl), n);
        self.last.retain(|(id, l), _| id != num_id || *l <= ilvl);
        (level.format == "decimal").then(|| level.text.replace(&format!("%{}", ilvl + 1), &n.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A numbering part around `body`, as in ECMA-376 Part 1 §17.9's examples.
    fn numbering(body: &str) -> Numbering {
        let xml = format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:numbering>"#
        );
        Numbering::read(&Document::parse(&xml).unwrap())
    }

    fn labels(n: &Numbering, paragraphs: &[(&str, u8)]) -> Vec<Option<String>> {
        let mut counters = Counters::default();
        paragraphs
            .iter()
            .map(|(id, l)| counters.next(n, id, *l))
            .collect()
    }

    fn some(labels: &[&str]) -> Vec<Option<String>> {
        labels.iter().map(|l| Some(l.to_string())).collect()
    }

    #[test]
    fn a_level_without_start_counts_from_zero() {
        // §17.9.25: start omitted → 0; §17.9.17: numFmt omitted → decimal.
        let n = numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        ));
        assert_eq!(n.start("1", 0), Some(0));
        assert_eq!(
            labels(&n, &[("1", 0), ("1", 0), ("1", 0)]),
            some(&["0.", "1.", "2."])
        );
        assert_eq!(n.level("2", 0).unwrap().format, "decimal");
        assert_eq!(labels(&n, &[("2", 0), ("2", 0)]), some(&["0)", "1)"]));
    }

    #[test]
    fn start_and_start_overrides() {
        // ECMA-376 Part 1 §17.9: start 5 counts from 5; an instance's
        // startOverride wins over the level's start; an lvlOverride holding
        // a whole w:lvl replaces the level (§17.9.8).
        let n = numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
            r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#,
            r#"<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl></w:lvlOverride></w:num>"#,
        ));
        assert_eq!(n.start("1", 0), Some(5));
        assert_eq!(n.start("2", 0), Some(3));
        assert_eq!(n.start("1", 1), None, "a bullet level");
        assert_eq!(n.start("1", 2), None, "a level not defined");
        assert_eq!(n.start("9", 0), None, "an instance not defined");
        assert_eq!(
            labels(&n, &[("1", 0), ("1", 1), ("1", 0)]),
            vec![Some("5.".into()), None, Some("6.".into())]
        );
        assert_eq!(labels(&n, &[("2", 0), ("2", 0)]), some(&["3.", "4."]));
        assert_eq!(labels(&n, &[("3", 0), ("3", 0)]), some(&["(7)", "(8)"]));
    }

    #[test]
    fn a_deeper_level_starts_again_after_a_shallower_one() {
        let n = numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="%1."/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
        ));
        let got = labels(&n, &[("1", 0), ("1", 1), ("1", 1), ("1", 0), ("1", 1)]);
        assert_eq!(got, some(&["1.", "(1)", "(2)", "2.", "(1)"]));
    }

    #[test]
    fn a_numbering_style_link_finds_the_defining_levels() {
        // ECMA-376 Part 1 §17.9 (numStyleLink, styleLink): the instance's
        // definition only names the numbering style; the levels are in the
        // definition that defines it.
        let n = numbering(concat!(
            r#"<w:abstractNum w:abstractNumId="10"><w:styleLink w:val="MyList"/><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="11"><w:numStyleLink w:val="MyList"/></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="12"><w:numStyleLink w:val="Nowhere"/></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="11"/></w:num>"#,
            r#"<w:num w:numId="2"><w:abstractNumId w:val="12"/></w:num>"#,
        ));
        assert_eq!(n.start("1", 0), Some(4));
        assert_eq!(n.start("2", 0), None);
    }
}
