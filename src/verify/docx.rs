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
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("not a zip archive")?;
    let styles = entry(&mut zip, "word/styles.xml")?;
    let styles = parse_xml(&styles, "word/styles.xml")?;
    let roles = style_roles(&styles);
    let body = entry(&mut zip, "word/document.xml")?;
    let body = parse_xml(&body, "word/document.xml")?;
    let mut reading = Reading {
        target: Target::Docx,
        headings: Vec::new(),
        captions: Some(Vec::new()),
        text: Vec::new(),
    };
    let mut joined: Option<(&str, String)> = None;
    for p in body.descendants().filter(|n| n.has_tag_name("p") && in_body(*n)) {
        let ppr = p.children().find(|n| n.has_tag_name("pPr"));
        let own_style = ppr
            .and_then(|ppr| ppr.children().find(|n| n.has_tag_name("pStyle")))
            .and_then(|s| attr(s, "val"))
            .unwrap_or("Normal");
        let (style, mut text) = joined.take().unwrap_or((own_style, String::new()));
        text.push_str(&paragraph_text(p));
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
            None => {}
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
}

/// Paragraph style id → role: an outline level (its own or inherited) makes
/// a heading; the style named `caption` makes a caption.
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

fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}
