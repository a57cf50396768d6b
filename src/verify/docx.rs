//! Reads a DOCX back: paragraphs with their styles from `word/document.xml`,
//! heading levels and the caption style from `word/styles.xml`, as Word's
//! navigation pane and a TOC would see them. A paragraph whose mark is a
//! style separator (`w:specVanish`) is read on one line with the next, as
//! the editors show it.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use anyhow::{Context, Result};
use roxmltree::{Document, Node};

use super::limits::{parse_xml, zip_text};
use super::Reading;
use crate::Target;

/// Reads headings, captions and paragraph text of a DOCX.
pub fn read(bytes: &[u8]) -> Result<Reading> {
    crate::verify::limits::check_zip_names(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("not a zip archive")?;
    let styles = entry(&mut zip, "word/styles.xml")?;
    let styles = parse_xml(&styles, "word/styles.xml")?;
    let roles = style_roles(&styles);
    let emphasis_styles = emphasis_styles(&styles);
    let has_numbering = zip.index_for_name("word/numbering.xml").is_some();
    let numbering = match has_numbering {
        true => entry(&mut zip, "word/numbering.xml")?,
        false => String::new(),
    };
    let mut numbers = Numbers::read(&numbering)?;
    let rels = entry(&mut zip, "word/_rels/document.xml.rels").unwrap_or_default();
    let targets = link_targets(&rels)?;
    let body = entry(&mut zip, "word/document.xml")?;
    let body = parse_xml(&body, "word/document.xml")?;
    let mut reading = Reading {
        target: Target::Docx,
        headings: Vec::new(),
        captions: Some(Vec::new()),
        text: Vec::new(),
        blocks: Vec::new(),
        outline: None,
        alts: None,
        labels: Some(Vec::new()),
        emphasis: Some(Vec::new()),
        links: Some(Vec::new()),
    };
    let mut joined: Option<(&str, String)> = None;
    for p in body.descendants().filter(|n| n.has_tag_name("p") && in_body(*n)) {
        let ppr = p.children().find(|n| n.has_tag_name("pPr"));
        let own_style = ppr
            .and_then(|ppr| ppr.children().find(|n| n.has_tag_name("pStyle")))
            .and_then(|s| attr(s, "val"))
            .unwrap_or("Normal");
        let own_text = paragraph_text(p);
        if let Some(label) = numbers.label(p) {
            // The number Word draws before the paragraph's text.
            reading.text.push(label.clone());
            reading
                .labels
                .get_or_insert_with(Vec::new)
                .push(label + &own_text);
        }
        let emphasis = reading.emphasis.get_or_insert_with(Vec::new);
        emphasis.extend(emphasis_spans(p, &emphasis_styles));
        let links = reading.links.get_or_insert_with(Vec::new);
        for link in p.descendants().filter(|n| n.has_tag_name("hyperlink")) {
            let id = link.attributes().find(|a| a.name() == "id").map(|a| a.value());
            links.push(id.and_then(|id| targets.get(id)).cloned().unwrap_or_default());
        }
        let (style, mut text) = joined.take().unwrap_or((own_style, String::new()));
        text.push_str(&own_text);
        let separator = ppr
            .and_then(|ppr| ppr.children().find(|n| n.has_tag_name("rPr")))
            .is_some_and(|rpr| rpr.children().any(|n| n.has_tag_name("specVanish")));
        if separator {
            joined = Some((style, text));
            continue;
        }
        match roles.get(style) {
            Some(Role::Heading(level)) => reading.headings.push((*level, text.clone())),
            Some(Role::Caption) => reading.captions.get_or_insert_with(Vec::new).push(text.clone()),
            Some(Role::Front) | None => {}
        }
        if !matches!(roles.get(style), Some(Role::Front)) {
            reading.blocks.push(text.clone());
        }
        reading.text.push(text);
    }
    Ok(reading)
}

fn entry<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<String> {
    zip_text(zip, name, "DOCX")
}

/// What a paragraph style makes of its paragraphs.
enum Role {
    Heading(u8),
    Caption,
    /// The title block (title, subtitle, author): front matter, not body.
    Front,
}

/// Paragraph style id → role: an outline level (its own or inherited) makes
/// a heading; the style named `caption` makes a caption; those named
/// `title`, `subtitle` and `author` make the title block.
fn style_roles(styles: &Document) -> HashMap<String, Role> {
    let mut own: HashMap<&str, (Option<u8>, Option<&str>, String)> = HashMap::new();
    for s in styles
        .descendants()
        .filter(|n| n.has_tag_name("style") && attr(*n, "type") == Some("paragraph"))
    {
        let Some(id) = attr(s, "styleId") else { continue };
        let child = |tag| s.descendants().find(|n| n.has_tag_name(tag));
        let level = child("outlineLvl")
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.parse::<u8>().ok());
        let based = child("basedOn").and_then(|n| attr(n, "val"));
        let name = child("name")
            .and_then(|n| attr(n, "val"))
            .unwrap_or("")
            .to_lowercase();
        own.insert(id, (level, based, name));
    }
    let mut roles = HashMap::new();
    for (&id, (_, _, name)) in &own {
        let mut cur = Some(id);
        let mut level = None;
        for _ in 0..16 {
            let Some(c) = cur else { break };
            let Some((l, based, _)) = own.get(c) else { break };
            if l.is_some() {
                level = *l;
                break;
            }
            cur = *based;
        }
        if let Some(l) = level.filter(|&l| l < 9) {
            roles.insert(id.to_string(), Role::Heading(l + 1));
        } else if name == "caption" {
            roles.insert(id.to_string(), Role::Caption);
        } else if matches!(name.as_str(), "title" | "subtitle" | "author") {
            roles.insert(id.to_string(), Role::Front);
        }
    }
    roles
}

/// Whether a paragraph is in the document body (not in a text box inside another paragraph).
fn in_body(p: Node) -> bool {
    !p.ancestors().skip(1).any(|a| a.has_tag_name("p"))
}

/// The text a reader sees: `w:t` runs (field results included, field codes
/// and deleted text excluded), `w:tab` as a tab, `w:br` as a line break.
fn paragraph_text(p: Node) -> String {
    let mut s = String::new();
    for n in p.descendants() {
        match n.tag_name().name() {
            "t" if n.tag_name().namespace() == p.tag_name().namespace() => {
                s.push_str(n.text().unwrap_or(""));
            }
            "tab" if n.parent().is_some_and(|r| r.has_tag_name("r")) => s.push('\t'),
            "br" => s.push('\n'),
            _ => {}
        }
    }
    s
}

/// The character styles that set emphasis dots (`w:em`).
fn emphasis_styles(styles: &Document) -> Vec<String> {
    styles
        .descendants()
        .filter(|n| n.has_tag_name("style") && attr(*n, "type") == Some("character"))
        .filter(|s| {
            s.descendants()
                .any(|n| n.has_tag_name("em") && attr(n, "val").is_some_and(|v| v != "none"))
        })
        .filter_map(|s| attr(s, "styleId").map(str::to_string))
        .collect()
}

/// The text of each stretch of emphasised runs (a character style with
/// `w:em`, or `w:em` set directly) in a paragraph.
fn emphasis_spans(p: Node, styles: &[String]) -> Vec<String> {
    let mut spans = Vec::new();
    let mut open: Option<String> = None;
    for run in p.descendants().filter(|n| n.has_tag_name("r")) {
        let rpr = run.children().find(|n| n.has_tag_name("rPr"));
        let styled = rpr
            .and_then(|r| r.children().find(|n| n.has_tag_name("rStyle")))
            .and_then(|n| attr(n, "val"))
            .is_some_and(|v| styles.iter().any(|s| s == v));
        let direct = rpr
            .and_then(|r| r.children().find(|n| n.has_tag_name("em")))
            .and_then(|n| attr(n, "val"));
        let emphasised = match direct {
            Some(v) => v != "none",
            None => styled,
        };
        let texts: Vec<&str> = run
            .children()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect();
        if texts.is_empty() {
            // A run without text (a comment mark, a field character, a
            // break) neither starts nor ends a span.
            continue;
        }
        let text = texts.concat();
        match (emphasised, &mut open) {
            (true, Some(span)) => span.push_str(&text),
            (true, None) => open = Some(text),
            (false, _) => spans.extend(open.take()),
        }
    }
    spans.extend(open);
    spans
}

/// Relationship id → target of the external links in `document.xml.rels`.
fn link_targets(rels: &str) -> Result<HashMap<String, String>> {
    if rels.is_empty() {
        return Ok(HashMap::new());
    }
    let doc = Document::parse(rels).context("word/_rels/document.xml.rels is not XML")?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("Relationship"))
        .filter(|n| attr(*n, "Type").is_some_and(|t| t.ends_with("/hyperlink")))
        .filter_map(|n| Some((attr(n, "Id")?.to_string(), attr(n, "Target")?.to_string())))
        .collect())
}

/// Word's list numbering, followed paragraph by paragraph: which number
/// each numbered paragraph shows.
struct Numbers {
    /// `w:numId` → (abstract numbering id, start overrides per level).
    nums: HashMap<String, (String, HashMap<u8, i64>)>,
    /// Abstract numbering id → per level: format, level text, start.
    levels: HashMap<String, HashMap<u8, (String, String, i64)>>,
    /// Current counter per (numId, level).
    counters: HashMap<(String, u8), i64>,
}

impl Numbers {
    fn read(xml: &str) -> Result<Numbers> {
        let mut numbers = Numbers {
            nums: HashMap::new(),
            levels: HashMap::new(),
            counters: HashMap::new(),
        };
        if xml.is_empty() {
            return Ok(numbers);
        }
        let doc = Document::parse(xml).context("word/numbering.xml is not XML")?;
        let val = |n: Node, tag: &str| {
            n.children()
                .find(|c| c.has_tag_name(tag))
                .and_then(|c| attr(c, "val"))
                .map(str::to_string)
        };
        for a in doc.descendants().filter(|n| n.has_tag_name("abstractNum")) {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            let mut levels = HashMap::new();
            for l in a.children().filter(|n| n.has_tag_name("lvl")) {
                let Some(ilvl) = attr(l, "ilvl").and_then(|v| v.parse().ok()) else {
                    continue;
                };
                let start = val(l, "start").and_then(|v| v.parse().ok()).unwrap_or(0);
                levels.insert(
                    ilvl,
                    (
                        val(l, "numFmt").unwrap_or_default(),
                        val(l, "lvlText").unwrap_or_default(),
                        start,
                    ),
                );
            }
            numbers.levels.insert(id.to_string(), levels);
        }
        for n in doc.descendants().filter(|n| n.has_tag_name("num")) {
            let Some(id) = attr(n, "numId") else { continue };
            let Some(abs) = val(n, "abstractNumId") else {
                continue;
            };
            let mut starts = HashMap::new();
            for o in n.children().filter(|c| c.has_tag_name("lvlOverride")) {
                let ilvl = attr(o, "ilvl").and_then(|v| v.parse().ok());
                let start = val(o, "startOverride").and_then(|v| v.parse().ok());
                if let (Some(ilvl), Some(start)) = (ilvl, start) {
                    starts.insert(ilvl, start);
                }
            }
            numbers.nums.insert(id.to_string(), (abs, starts));
        }
        Ok(numbers)
    }

    /// The label Word shows before paragraph `p`, when it is numbered with
    /// decimal numbers (bullets and the heading mark are decoration).
    fn label(&mut self, p: Node) -> Option<String> {
        let num_pr = p
            .children()
            .find(|n| n.has_tag_name("pPr"))?
            .children()
            .find(|n| n.has_tag_name("numPr"))?;
        let val = |tag| {
            num_pr
                .children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| attr(n, "val"))
        };
        let num_id = val("numId")?.to_string();
        let ilvl: u8 = val("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
        let (abs, starts) = self.nums.get(&num_id)?;
        let (format, text, start) = self.levels.get(abs)?.get(&ilvl)?.clone();
        let start = starts.get(&ilvl).copied().unwrap_or(start);
        let counter = self.counters.entry((num_id.clone(), ilvl)).or_insert(start - 1);
        *counter += 1;
        let n = *counter;
        // A deeper level starts again after each item of this one.
        self.counters.retain(|(id, l), _| *id != num_id || *l <= ilvl);
        (format == "decimal").then(|| text.replace(&format!("%{}", ilvl + 1), &n.to_string()))
    }
}

fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}
