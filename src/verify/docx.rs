//! Reads a DOCX back: paragraphs with their styles from the main document
//! part, heading levels and the caption style from the style sheet, list
//! labels from the numbering part, as Word's navigation pane and a TOC
//! would see them. The parts are found and read by the shared package
//! reader ([`crate::ooxml`]), as `import` reads them. A paragraph whose
//! mark is a style separator (`w:specVanish`) is read on one line with the
//! next, as the editors show it.
//!
//! Pictures are the drawings (`wp:docPr`): those of a paragraph in the
//! `Figure` style stand alone (one) or in a row (several), the others inside
//! text. The Caption paragraph right after a picture paragraph labels its
//! pictures; after a row it holds one tab-led part per picture (empty for an
//! uncaptioned one), each read as a caption of its own. A picture's text
//! alternative is its `descr`; an empty one with Word's decorative mark is
//! decorative.
//!
//! A table (`w:tbl`) is read as its grid ([`crate::ooxml::table`]): header
//! rows are those marked to repeat, a cell's paragraphs are one block; its
//! caption is the Caption paragraph with a `SEQ 表` field right above it
//! (a table caption, not a figure's), its notes the Table Note paragraphs
//! right after it.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use anyhow::{Context, Result};
use roxmltree::Node;

use super::limits::{parse_xml, zip_text};
use super::Reading;
use crate::model::table::{ShapeCell, TableShape, TABLE_PREFIX};
use crate::model::{caption, PicturePlace, PictureShape};
use crate::ooxml::numbering::{Counters, Numbering};
use crate::ooxml::rels::{self, Relationships};
use crate::ooxml::runs::RunProps;
use crate::ooxml::styles::{Kind, StyleSheet};
use crate::ooxml::table as grid;
use crate::ooxml::xml::attr;
use crate::Target;

/// Reads headings, captions and paragraph text of a DOCX.
pub fn read(bytes: &[u8]) -> Result<Reading> {
    crate::verify::limits::check_zip_names(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("not a zip archive")?;
    let main = rels::part_of(
        &relationships(&mut zip, "")?,
        "officeDocument",
        rels::DEFAULT_MAIN,
    );
    let doc_rels = relationships(&mut zip, &main)?;
    let styles_part = rels::part_of(&doc_rels, "styles", rels::DEFAULT_STYLES);
    let styles = entry(&mut zip, &styles_part)?;
    let styles = StyleSheet::read(&parse_xml(&styles, &styles_part)?);
    let roles = style_roles(&styles);
    let emphasis_styles = emphasis_styles(&styles);
    let numbering_part = rels::part_of(&doc_rels, "numbering", rels::DEFAULT_NUMBERING);
    let numbering = match zip.index_for_name(&numbering_part) {
        Some(_) => Numbering::read(&parse_xml(&entry(&mut zip, &numbering_part)?, &numbering_part)?),
        None => Numbering::default(),
    };
    let mut counters = Counters::default();
    let targets: HashMap<&str, &str> = doc_rels
        .iter()
        .filter(|(_, r)| r.kind == "hyperlink")
        .map(|(id, r)| (id.as_str(), r.target.as_str()))
        .collect();
    let body = entry(&mut zip, &main)?;
    let body = parse_xml(&body, &main)?;
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
        tables: Some(Vec::new()),
        pictures: Some(Vec::new()),
    };
    let mut joined: Option<(&str, String)> = None;
    let mut pictures: Vec<PictureShape> = Vec::new();
    // The pictures of the last picture paragraph, waiting for its caption.
    let mut uncaptioned = 0..0;
    for p in body.descendants().filter(|n| n.has_tag_name("p") && in_body(*n)) {
        let ppr = p.children().find(|n| n.has_tag_name("pPr"));
        let own_style = style_of(p);
        let own_text = paragraph_text(p);
        if let Some(label) = label(p, &numbering, &mut counters) {
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
            links.push(id.and_then(|id| targets.get(id)).unwrap_or(&"").to_string());
        }
        let place = match (roles.get(own_style), drawings(p).count()) {
            (_, 0) => None,
            (Some(Role::Figure), 1) => Some(PicturePlace::Alone),
            (Some(Role::Figure), _) => Some(PicturePlace::Row),
            _ => Some(PicturePlace::Inline),
        };
        let start = pictures.len();
        pictures.extend(drawings(p).map(|d| PictureShape {
            place: place.unwrap_or(PicturePlace::Inline),
            label: None,
            alt: alt_of(d),
        }));
        let (style, mut text) = joined.take().unwrap_or((own_style, String::new()));
        text.push_str(&own_text);
        let separator = ppr
            .and_then(|ppr| ppr.children().find(|n| n.has_tag_name("rPr")))
            .is_some_and(|rpr| rpr.children().any(|n| n.has_tag_name("specVanish")));
        if separator {
            joined = Some((style, text));
            continue;
        }
        let figure_caption = matches!(roles.get(style), Some(Role::Caption)) && !is_table_caption(p);
        let is_figure = matches!(place, Some(PicturePlace::Alone | PicturePlace::Row));
        // A picture paragraph's caption, if any, comes next.
        let next = if is_figure { start..pictures.len() } else { 0..0 };
        let waiting = std::mem::replace(&mut uncaptioned, next);
        if figure_caption && waiting.len() > 1 {
            // A row's caption: a tab-led part per picture, each a caption
            // and a block (without tabs: the first picture's).
            let parts: Vec<&str> = match text.contains('\t') {
                true => text.split('\t').skip(1).collect(),
                false => vec![text.as_str()],
            };
            for (picture, part) in pictures[waiting].iter_mut().zip(&parts) {
                label_picture(picture, part);
            }
            for part in parts.into_iter().filter(|t| !t.trim().is_empty()) {
                reading
                    .captions
                    .get_or_insert_with(Vec::new)
                    .push(part.to_string());
                reading.blocks.push(part.to_string());
                reading.text.push(part.to_string());
            }
            continue;
        } else if figure_caption {
            if let Some(picture) = pictures[waiting].first_mut() {
                label_picture(picture, &text);
            }
        }
        match roles.get(style) {
            Some(Role::Heading(level)) => reading.headings.push((*level, text.clone())),
            Some(Role::Caption) if figure_caption => {
                reading.captions.get_or_insert_with(Vec::new).push(text.clone())
            }
            Some(Role::Caption | Role::Front | Role::TableNote | Role::Figure) | None => {}
        }
        if later_in_cell(p) {
            // A cell's paragraphs are one block, a line each.
            if let Some(block) = reading.blocks.last_mut() {
                block.push('\n');
                block.push_str(&text);
            }
        } else if !matches!(roles.get(style), Some(Role::Front)) {
            reading.blocks.push(text.clone());
        }
        reading.text.push(text);
    }
    let tables = body
        .descendants()
        .filter(|n| n.has_tag_name("tbl") && !n.ancestors().skip(1).any(|a| a.has_tag_name("tbl")));
    reading.tables = Some(tables.map(|t| table_shape(t, &roles)).collect());
    reading.pictures = Some(pictures);
    Ok(reading)
}

/// The drawings of paragraph `p` (their `wp:docPr`), in order.
fn drawings<'a, 'i>(p: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    p.descendants()
        .filter(|n| n.has_tag_name("docPr") && n.ancestors().any(|a| a.has_tag_name("drawing")))
}

/// The text alternative of the drawing whose `wp:docPr` is `doc_pr`: its
/// `descr`; `None` when that is empty and Word's decorative mark is set (an
/// empty one without the mark is read as it is, an empty text alternative).
fn alt_of(doc_pr: Node) -> Option<String> {
    let descr = doc_pr.attribute("descr").unwrap_or("");
    let decorative = doc_pr
        .descendants()
        .filter(|n| n.has_tag_name("decorative"))
        .any(|n| matches!(n.attribute("val"), Some("1" | "true")));
    (!(descr.trim().is_empty() && decorative)).then(|| descr.to_string())
}

/// Labels `picture` with the caption line `line` (`图N　…`) under it: a
/// captioned picture has a label and no text alternative of its own (its
/// caption says what it shows). An empty line leaves it uncaptioned.
fn label_picture(picture: &mut PictureShape, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    picture.label = Some(match caption::parse_label(line.trim()) {
        Some((Some(n), _)) => caption::label(n),
        _ => line.trim().to_string(),
    });
    picture.alt = None;
}

/// The style id of paragraph `p` (`Normal` when it names none).
fn style_of<'a>(p: Node<'a, '_>) -> &'a str {
    p.children()
        .find(|n| n.has_tag_name("pPr"))
        .and_then(|ppr| ppr.children().find(|n| n.has_tag_name("pStyle")))
        .and_then(|s| attr(s, "val"))
        .unwrap_or("Normal")
}

/// Whether `p` is a table cell's paragraph after its first.
fn later_in_cell(p: Node) -> bool {
    p.parent().is_some_and(|tc| tc.has_tag_name("tc"))
        && p.prev_siblings().skip(1).any(|s| s.has_tag_name("p"))
}

/// Whether the caption paragraph `p` numbers a table: its field is
/// `SEQ 表`.
fn is_table_caption(p: Node) -> bool {
    p.descendants().filter(|n| n.has_tag_name("instrText")).any(|n| {
        n.text()
            .unwrap_or("")
            .split_whitespace()
            .take(2)
            .eq(["SEQ", TABLE_PREFIX])
    })
}

/// The table `tbl` as every edition must show it: its caption, its grid
/// (each cell's paragraphs joined by line breaks) and its notes.
fn table_shape(tbl: Node, roles: &HashMap<String, Role>) -> TableShape {
    let caption = tbl
        .prev_sibling_element()
        .filter(|p| p.has_tag_name("p") && matches!(roles.get(style_of(*p)), Some(Role::Caption)))
        .filter(|p| is_table_caption(*p))
        .map(paragraph_text);
    let trs = grid::rows(tbl);
    let head_rows = trs.iter().take_while(|tr| grid::is_header(**tr)).count();
    let raw = trs
        .iter()
        .map(|tr| grid::RawRow {
            before: grid::grid_before_after(*tr).0,
            cells: grid::cells(*tr)
                .into_iter()
                .map(|tc| (grid::CellSpans::read(tc), Some(tc)))
                .collect(),
        })
        .collect();
    let cell_text = |tc: Option<Node>| {
        tc.map(|tc| {
            tc.children()
                .filter(|n| n.has_tag_name("p"))
                .map(paragraph_text)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
    };
    let rows = grid::merge(raw, || None)
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            row.into_iter()
                .map(|c| ShapeCell {
                    text: cell_text(c.content),
                    row_span: c.row_span,
                    col_span: c.col_span,
                    header: r < head_rows,
                })
                .collect()
        })
        .collect();
    let notes = std::iter::successors(tbl.next_sibling_element(), |n| n.next_sibling_element())
        .take_while(|p| p.has_tag_name("p") && matches!(roles.get(style_of(*p)), Some(Role::TableNote)))
        .map(paragraph_text)
        .collect();
    TableShape {
        caption,
        head_rows,
        rows,
        notes,
    }
}

fn entry<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<String> {
    zip_text(zip, name, "DOCX")
}

/// The relationships of `part` (`""`: the package's own), none when the
/// package has no relationship part for it.
fn relationships<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> Result<Relationships> {
    let name = rels::rels_part(part);
    if zip.index_for_name(&name).is_none() {
        return Ok(Relationships::new());
    }
    let text = entry(zip, &name)?;
    Ok(rels::read(&parse_xml(&text, &name)?, part))
}

/// What a paragraph style makes of its paragraphs.
enum Role {
    Heading(u8),
    Caption,
    /// The title block (title, subtitle, author): front matter, not body.
    Front,
    /// A note under a table.
    TableNote,
    /// A paragraph of pictures standing as a block.
    Figure,
}

/// Paragraph style id → role: an outline level (its own or inherited) makes
/// a heading; the style named `caption` makes a caption; those named
/// `title`, `subtitle` and `author` make the title block; `table note` a
/// table's note; `figure` a paragraph of pictures.
fn style_roles(styles: &StyleSheet) -> HashMap<String, Role> {
    let mut roles = HashMap::new();
    for (id, style) in styles.iter().filter(|(_, s)| s.kind == Kind::Paragraph) {
        let name = style.name.to_lowercase();
        if let Some(l) = styles.outline_level(id).filter(|&l| l < 9) {
            roles.insert(id.to_string(), Role::Heading(l + 1));
        } else if name == "caption" {
            roles.insert(id.to_string(), Role::Caption);
        } else if matches!(name.as_str(), "title" | "subtitle" | "author") {
            roles.insert(id.to_string(), Role::Front);
        } else if name == "table note" {
            roles.insert(id.to_string(), Role::TableNote);
        } else if name == "figure" {
            roles.insert(id.to_string(), Role::Figure);
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

/// The character styles that set emphasis dots (`w:em`), themselves or
/// by inheritance.
fn emphasis_styles(styles: &StyleSheet) -> Vec<String> {
    styles
        .iter()
        .filter(|(id, s)| s.kind == Kind::Character && styles.dots(id))
        .map(|(id, _)| id.to_string())
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
        let emphasised = rpr.and_then(|r| RunProps::read(r).dots).unwrap_or(styled);
        let texts: Vec<&str> = run
            .children()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect();
        if run.children().any(|n| n.has_tag_name("tab")) {
            // A tab parts the captions of a row of pictures.
            spans.extend(open.take());
        }
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

/// The label Word draws before paragraph `p` when it is numbered with
/// decimal numbers (bullets and the heading mark are decoration), counted
/// by `counters`.
fn label(p: Node, numbering: &Numbering, counters: &mut Counters) -> Option<String> {
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
    let num_id = val("numId")?;
    let ilvl: u8 = val("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
    counters.next(numbering, num_id, ilvl)
}
