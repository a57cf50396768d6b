//! Reads an EPUB back: the nav document's table of contents, and the text
//! and figcaptions of the spine's XHTML documents in reading order.

use std::io::{Cursor, Read};

use anyhow::{bail, Context, Result};
use roxmltree::Node;

use super::limits::{parse_xml, printable, zip_text};
use super::Reading;
use crate::Target;

/// The elements whose text is a block of the reading.
const BLOCKS: [&str; 10] = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "li", "div"];

/// Reads the nav, the spine text and the figcaptions of an EPUB.
pub fn read(bytes: &[u8]) -> Result<Reading> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("not a zip archive")?;
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
    let headings = nav_headings(&nav)?;
    let mut text = Vec::new();
    let mut captions = Vec::new();
    for idref in opf
        .descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .filter_map(|n| n.attribute("idref"))
    {
        let Some((_, href, _)) = items.iter().find(|(id, _, _)| id == idref) else {
            bail!("the spine names `{}`, which the manifest lacks", printable(idref));
        };
        if *href == nav_href {
            continue;
        }
        let xhtml = entry(&mut zip, &format!("{base}{href}"))?;
        let doc = parse_xml(&xhtml, &format!("`{}`", printable(href)))?;
        if let Some(body) = doc.descendants().find(|n| n.has_tag_name("body")) {
            collect_blocks(body, &mut text, &mut captions);
        }
    }
    Ok(Reading {
        target: Target::Epub,
        headings,
        captions: Some(captions),
        text,
    })
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

/// Collects the text of the innermost block elements, in document order.
/// The title page (`epub:type="titlepage"`) is front matter, not body text.
fn collect_blocks(node: Node, text: &mut Vec<String>, captions: &mut Vec<String>) {
    for child in node.children().filter(Node::is_element) {
        if child
            .attributes()
            .any(|a| a.name() == "type" && a.value().split_whitespace().any(|t| t == "titlepage"))
        {
            continue;
        }
        let name = child.tag_name().name();
        let has_block_child = child
            .descendants()
            .skip(1)
            .any(|d| BLOCKS.contains(&d.tag_name().name()));
        if BLOCKS.contains(&name) && !has_block_child {
            let t = text_of(child);
            if name == "figcaption" {
                captions.push(t.clone());
            }
            text.push(t);
        } else {
            collect_blocks(child, text, captions);
        }
    }
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}
