//! Reads an EPUB back: the nav document's table of contents and print page
//! list, and the text, figcaptions, tables and pictures of the spine's
//! XHTML documents in reading order.

use std::io::{Cursor, Read};

use anyhow::{bail, Context, Result};
use roxmltree::Node;

use super::limits::{parse_xml, printable, zip_text};
use super::Reading;
use crate::model::table::{ShapeCell, TableShape};
use crate::model::{caption, PicturePlace, PictureShape};
use crate::Target;

/// The elements whose text is a block of the reading: a table's caption
/// and each of its cells are blocks of their own.
const BLOCKS: [&str; 13] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "li",
    "div",
    "caption",
    "th",
    "td",
];

/// The class of the box that holds a table and its notes (the notes are
/// its paragraphs).
const TABLE_BOX: &str = "table";

/// The class of the box that holds a row of pictures side by side (its
/// figures' captions are its blocks).
const ROW_BOX: &str = "figure-row";

/// An EPUB opened: its archive, the nav document and the spine.
struct Book {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// The nav document's text.
    nav: String,
    /// The folder of the package document, with a trailing `/` (or empty).
    base: String,
    /// The spine's content documents (not the nav), as paths relative to `base`.
    spine: Vec<String>,
}

impl Book {
    fn open(bytes: &[u8]) -> Result<Book> {
        crate::verify::limits::check_zip_names(bytes)?;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).context("not a zip archive")?;
        let container = entry(&mut zip, "META-INF/container.xml")?;
        let container = parse_xml(&container, "META-INF/container.xml")?;
        let opf_path = container
            .descendants()
            .find(|n| n.has_tag_name("rootfile"))
            .and_then(|n| n.attribute("full-path"))
            .context("container.xml names no package document")?
            .to_string();
        let base = opf_path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        let opf = entry(&mut zip, &opf_path)?;
        let opf = parse_xml(&opf, &format!("`{}`", printable(&opf_path)))?;
        let items: Vec<(String, String, String)> = opf
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| {
                let attr = |a| n.attribute(a).unwrap_or("").to_string();
                (attr("id"), attr("href"), attr("properties"))
            })
            .collect();
        let nav_href = items
            .iter()
            .find(|(_, _, props)| props.split_whitespace().any(|p| p == "nav"))
            .map(|(_, href, _)| href.clone())
            .context("the package has no nav document")?;
        let nav = entry(&mut zip, &format!("{base}{nav_href}"))?;
        let mut spine = Vec::new();
        for idref in opf
            .descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .filter_map(|n| n.attribute("idref"))
        {
            let Some((_, href, _)) = items.iter().find(|(id, _, _)| id == idref) else {
                bail!("the spine names `{}`, which the manifest lacks", printable(idref));
            };
            if *href != nav_href {
                spine.push(href.clone());
            }
        }
        Ok(Book {
            zip,
            nav,
            base,
            spine,
        })
    }

    /// The content document `href` (relative to the package document).
    fn document(&mut self, href: &str) -> Result<String> {
        entry(&mut self.zip, &format!("{}{href}", self.base))
    }
}

/// Reads the nav, the spine text and the figcaptions of an EPUB.
pub fn read(bytes: &[u8]) -> Result<Reading> {
    let mut book = Book::open(bytes)?;
    let headings = nav_headings(&book.nav)?;
    let mut text = Vec::new();
    let mut blocks = Vec::new();
    let mut captions = Vec::new();
    let mut marks = Marks::default();
    let mut tables = Vec::new();
    let mut pictures = Vec::new();
    for href in book.spine.clone() {
        let xhtml = book.document(&href)?;
        let doc = parse_xml(&xhtml, &format!("`{}`", printable(&href)))?;
        if let Some(body) = doc.descendants().find(|n| n.has_tag_name("body")) {
            collect_blocks(body, &mut text, &mut blocks, &mut captions);
            marks.collect(body);
            pictures.extend(picture_shapes(body));
            for table in body.descendants().filter(|n| n.has_tag_name("table")) {
                let shape = table_shape(table)
                    .with_context(|| format!("`{}`: table {}", printable(&href), tables.len() + 1))?;
                tables.push(shape);
            }
        }
    }
    Ok(Reading {
        target: Target::Epub,
        headings,
        captions: Some(captions),
        text,
        blocks,
        outline: None,
        alts: None,
        labels: Some(marks.labels),
        emphasis: Some(marks.emphasis),
        links: Some(marks.links),
        tables: Some(tables),
        pictures: Some(pictures),
    })
}

/// Whether `node` is an element of class `class`.
fn has_class(node: Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// The pictures of a document's body in reading order, as `verify`
/// compares them: a `<figure>` stands alone, or in a row when its parent is
/// the row box; its label is the leading `图N` of its `<figcaption>`; an
/// uncaptioned figure's text alternative is its image's `alt` (empty:
/// decorative). An `<img>` outside a figure is a picture inside text, with
/// its `alt`. The title page has none.
fn picture_shapes(body: Node) -> Vec<PictureShape> {
    let mut out = Vec::new();
    for n in body.descendants().filter(Node::is_element) {
        if n.ancestors().any(is_title_page) {
            continue;
        }
        let alt = |img: Node| {
            img.attribute("alt")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
        };
        if n.has_tag_name("figure") {
            let place = match n.parent_element() {
                Some(p) if p.has_tag_name("div") && has_class(p, ROW_BOX) => PicturePlace::Row,
                _ => PicturePlace::Alone,
            };
            let caption = n.children().find(|c| c.has_tag_name("figcaption"));
            let label = caption.map(|c| figure_label(&text_of(c)));
            let alt = match caption {
                Some(_) => None,
                None => n.descendants().find(|d| d.has_tag_name("img")).and_then(alt),
            };
            out.push(PictureShape { place, label, alt });
        } else if n.has_tag_name("img") && !n.ancestors().any(|a| a.has_tag_name("figure")) {
            out.push(PictureShape {
                place: PicturePlace::Inline,
                label: None,
                alt: alt(n),
            });
        }
    }
    out
}

/// The label a caption line begins with (`图N`, read by the model's
/// [`caption::parse_label`]); the whole line when it has none, so a
/// difference names it.
fn figure_label(caption: &str) -> String {
    let line = caption.trim_start();
    match caption::parse_label(line) {
        Some((Some(n), _)) => caption::label(n),
        _ => line.to_string(),
    }
}

/// Whether `node` is the title page (`epub:type="titlepage"`).
fn is_title_page(node: Node) -> bool {
    node.attributes()
        .any(|a| a.name() == "type" && a.value().split_whitespace().any(|t| t == "titlepage"))
}

/// A `<table>` as `verify` compares it: its caption, its rows (those of
/// `<thead>` are the header rows), each cell's text and spans, and the
/// notes, the paragraphs of the box the table stands in.
fn table_shape(table: Node) -> Result<TableShape> {
    let caption = table.children().find(|n| n.has_tag_name("caption")).map(text_of);
    let mut head_rows = 0;
    let mut rows = Vec::new();
    for group in table.children().filter(Node::is_element) {
        let header = group.has_tag_name("thead");
        let trs: Vec<Node> = match group.tag_name().name() {
            "thead" | "tbody" | "tfoot" => group.children().filter(|n| n.has_tag_name("tr")).collect(),
            "tr" => vec![group],
            _ => continue,
        };
        for tr in trs {
            head_rows += usize::from(header);
            let mut cells = Vec::new();
            for cell in tr
                .children()
                .filter(|n| n.has_tag_name("th") || n.has_tag_name("td"))
            {
                cells.push(ShapeCell {
                    text: cell_text(cell),
                    row_span: span(cell, "rowspan", rows.len() + 1)?,
                    col_span: span(cell, "colspan", rows.len() + 1)?,
                    header,
                });
            }
            rows.push(cells);
        }
    }
    let notes = table
        .parent_element()
        .filter(|p| {
            p.has_tag_name("div")
                && p.attribute("class")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == TABLE_BOX))
        })
        .map(|b| {
            b.children()
                .filter(|n| n.has_tag_name("p"))
                .map(text_of)
                .collect()
        })
        .unwrap_or_default();
    Ok(TableShape {
        caption,
        head_rows,
        rows,
        notes,
    })
}

/// A cell's text, a `<br/>` read as the line break it is in the model.
fn cell_text(cell: Node) -> String {
    cell.descendants()
        .filter_map(|n| match n.text().filter(|_| n.is_text()) {
            Some(t) => Some(t),
            None => n.has_tag_name("br").then_some("\n"),
        })
        .collect()
}

/// A cell's `rowspan` or `colspan` (1 when it has none); `row` (1-based)
/// names the row in the message when it is no whole number from 1 on.
fn span(cell: Node, attribute: &str, row: usize) -> Result<u32> {
    let Some(value) = cell.attribute(attribute) else {
        return Ok(1);
    };
    match value.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!(
            "row {row}: {attribute} `{}` is not a whole number from 1 on",
            printable(value)
        ),
    }
}

/// The print page list: each entry's label, and the text that follows its
/// page-break marker in reading order, up to the next marker. An entry whose
/// marker is missing is an error.
pub fn page_list(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let mut book = Book::open(bytes)?;
    let nav = parse_xml(&book.nav, "the nav document")?;
    let Some(list) = nav.descendants().find(|n| {
        n.has_tag_name("nav")
            && n.attributes()
                .any(|a| a.name() == "type" && a.value() == "page-list")
    }) else {
        return Ok(Vec::new());
    };
    let targets: Vec<(String, String)> = list
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| (text_of(a), a.attribute("href").unwrap_or_default().to_string()))
        .collect();
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut found = 0;
    for href in book.spine.clone() {
        let xhtml = book.document(&href)?;
        let doc = parse_xml(&xhtml, &format!("`{}`", printable(&href)))?;
        let Some(body) = doc.descendants().find(|n| n.has_tag_name("body")) else {
            continue;
        };
        for node in body.descendants() {
            if let Some(id) = node.attribute("id") {
                if let Some((label, _)) = targets.get(found).filter(|(_, t)| *t == format!("{href}#{id}")) {
                    pages.push((label.clone(), String::new()));
                    found += 1;
                }
            }
            if let (Some(text), Some((_, page))) = (node.text().filter(|_| node.is_text()), pages.last_mut())
            {
                page.push_str(text);
            }
        }
    }
    if let Some((label, href)) = targets.get(found) {
        bail!("page {label} of the page list: no marker `{href}` in reading order");
    }
    Ok(pages)
}

fn entry<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<String> {
    zip_text(zip, name, "EPUB")
}

/// The entries of `<nav epub:type="toc">` as (depth, text).
fn nav_headings(nav: &str) -> Result<Vec<(u8, String)>> {
    let doc = parse_xml(nav, "the nav document")?;
    let toc = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attributes().any(|a| a.name() == "type" && a.value() == "toc"))
        .context("the nav document has no toc")?;
    // The title page's entry (a nav needs one when the book has no heading)
    // names the book, not a heading: its landmark says which it is.
    let title_pages: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("a")
                && n.attributes()
                    .any(|a| a.name() == "type" && a.value() == "titlepage")
        })
        .filter_map(|n| n.attribute("href"))
        .collect();
    let mut out = Vec::new();
    if let Some(ol) = toc.children().find(|n| n.has_tag_name("ol")) {
        nav_list(ol, 1, &title_pages, &mut out);
    }
    Ok(out)
}

/// The entries of one `<ol>` and those nested in it; the XML is at most
/// [`super::limits::MAX_DEPTH`] deep, so the recursion is bounded.
fn nav_list(ol: Node, depth: u8, title_pages: &[&str], out: &mut Vec<(u8, String)>) {
    for li in ol.children().filter(|n| n.has_tag_name("li")) {
        let label = li
            .children()
            .find(|n| n.has_tag_name("a") || n.has_tag_name("span"));
        let is_title = label
            .and_then(|l| l.attribute("href"))
            .is_some_and(|href| title_pages.contains(&href));
        if let Some(label) = label.filter(|_| !is_title) {
            out.push((depth, text_of(label)));
        }
        if let Some(sub) = li.children().find(|n| n.has_tag_name("ol")) {
            let depth = if is_title { depth } else { depth.saturating_add(1) };
            nav_list(sub, depth, title_pages, out);
        }
    }
}

/// Collects the text of the innermost block elements, in document order,
/// into `blocks`, and into `text` with the list labels before their items.
/// The title page (`epub:type="titlepage"`) is front matter, not body text.
fn collect_blocks(node: Node, text: &mut Vec<String>, blocks: &mut Vec<String>, captions: &mut Vec<String>) {
    for child in node.children().filter(Node::is_element) {
        if is_title_page(child) {
            continue;
        }
        let name = child.tag_name().name();
        if name == "div" && has_class(child, ROW_BOX) {
            // A row is no block: its captions are.
            collect_blocks(child, text, blocks, captions);
            continue;
        }
        let has_block_child = child
            .descendants()
            .skip(1)
            .any(|d| BLOCKS.contains(&d.tag_name().name()));
        if let Some(label) = item_label(child) {
            // The number a reading system draws before the item's text.
            text.push(label);
        }
        if BLOCKS.contains(&name) && !has_block_child {
            let t = text_of(child);
            if name == "figcaption" {
                captions.push(t.clone());
            }
            text.push(t.clone());
            blocks.push(t);
        } else {
            collect_blocks(child, text, blocks, captions);
        }
    }
}

/// The label a reading system draws before an item of an ordered list:
/// the item's `value`, else the list's `start` plus the items before it.
fn item_label(li: Node) -> Option<String> {
    let ol = li
        .parent()
        .filter(|p| li.has_tag_name("li") && p.has_tag_name("ol"))?;
    let n = match li.attribute("value").and_then(|v| v.trim().parse::<i64>().ok()) {
        Some(v) => v,
        None => {
            let start = ol
                .attribute("start")
                .and_then(|v| v.trim().parse::<i64>().ok())
                .unwrap_or(1);
            let before = li
                .prev_siblings()
                .skip(1)
                .filter(|n| n.has_tag_name("li"))
                .count();
            start + before as i64
        }
    };
    Some(format!("{n}."))
}

/// List labels, emphasis and links of the spine's documents, in order.
#[derive(Default)]
struct Marks {
    labels: Vec<String>,
    emphasis: Vec<String>,
    links: Vec<String>,
}

impl Marks {
    fn collect(&mut self, body: Node) {
        for n in body.descendants().filter(Node::is_element) {
            if n.ancestors().any(is_title_page) {
                continue;
            }
            match n.tag_name().name() {
                // An emphasis inside another is part of the outer span.
                "em" if !n.ancestors().skip(1).any(|a| a.has_tag_name("em")) => {
                    self.emphasis.push(text_of(n))
                }
                "a" => self.links.extend(n.attribute("href").map(str::to_string)),
                "li" => {
                    if let Some(label) = item_label(n) {
                        // The item's first block: a page-break marker
                        // may stand before it.
                        let first = n
                            .children()
                            .find(|c| BLOCKS.contains(&c.tag_name().name()))
                            .map(text_of)
                            .unwrap_or_default();
                        self.labels.push(label + &first);
                    }
                }
                _ => {}
            }
        }
    }
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}
