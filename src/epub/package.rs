//! The EPUB container: the package document (metadata, manifest, spine),
//! and the zip that holds it and every other entry.
//!
//! [`zip`] writes the archive the way the OCF wants it — `mimetype` first
//! and stored, everything else deflated — with the project's one zip writer
//! ([`crate::pack::zip`]): every entry dated from the build time, so the same
//! book gives the same bytes.

use anyhow::Result;

use super::xhtml::escape;
use crate::pack::zip::Writer;

/// The entry that must come first, uncompressed.
const MIMETYPE: &str = "mimetype";

/// The folder holding the package document and the content.
pub const CONTENT_DIR: &str = "OEBPS";

/// `META-INF/container.xml`, pointing at the package document.
const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n  \
<rootfiles>\n    \
<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n  \
</rootfiles>\n</container>\n";

/// One file of the publication, listed in the manifest.
pub struct Item {
    /// The manifest id.
    pub id: String,
    /// The path relative to the package document, e.g. `sec-1.xhtml`.
    pub href: String,
    /// The media type.
    pub media_type: &'static str,
    /// Manifest properties (`nav`, `cover-image`), space-separated, or empty.
    pub properties: &'static str,
    /// Whether it is in the spine (a content document read in order).
    pub spine: bool,
    /// The bytes.
    pub data: Vec<u8>,
}

/// The package document: `metadata` (already XML), then the manifest of
/// `items` and the spine of those that are read in order.
pub fn opf(lang: &str, metadata: &str, items: &[Item]) -> String {
    let mut opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" \
         unique-identifier=\"book-id\" xml:lang=\"{}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{metadata}</metadata>\n<manifest>\n",
        escape(lang)
    );
    for item in items {
        opf.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            escape(&item.id),
            escape(&item.href),
            item.media_type
        ));
        if !item.properties.is_empty() {
            opf.push_str(&format!(" properties=\"{}\"", item.properties));
        }
        opf.push_str("/>\n");
    }
    opf.push_str("</manifest>\n<spine toc=\"ncx\">\n");
    for item in items.iter().filter(|i| i.spine) {
        opf.push_str(&format!("<itemref idref=\"{}\"/>\n", escape(&item.id)));
    }
    opf.push_str("</spine>\n</package>\n");
    opf
}

/// The EPUB archive: `mimetype` (stored), the container, the package
/// document `opf`, then `items` under [`CONTENT_DIR`] (deflated), every
/// entry dated `time`.
pub fn zip(opf: &str, items: &[Item], epoch: i64) -> Result<Vec<u8>> {
    let mut out = Writer::new(epoch)?;
    out.stored(MIMETYPE, b"application/epub+zip")?;
    let entries = [
        ("META-INF/container.xml".to_string(), CONTAINER.as_bytes()),
        (format!("{CONTENT_DIR}/content.opf"), opf.as_bytes()),
    ];
    let rest = items
        .iter()
        .map(|i| (format!("{CONTENT_DIR}/{}", i.href), i.data.as_slice()));
    for (name, data) in entries.into_iter().chain(rest) {
        out.deflated(&name, data)?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use zip::{CompressionMethod, ZipArchive};

    use super::*;

    #[test]
    fn mimetype_comes_first_stored_and_the_spine_lists_content_in_order() {
        let item = |id: &str, spine| Item {
            id: id.into(),
            href: format!("{id}.xhtml"),
            media_type: "application/xhtml+xml",
            properties: "",
            spine,
            data: b"<x/>".to_vec(),
        };
        let items = [item("b", true), item("nav", false), item("a", true)];
        let opf = opf("zh-CN", "", &items);
        let spine = &opf[opf.find("<spine").unwrap()..];
        assert!(spine.find("\"b\"").unwrap() < spine.find("\"a\"").unwrap());
        assert!(!spine.contains("\"nav\""));
        let bytes = zip(&opf, &items, 0).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), MIMETYPE);
        assert_eq!(first.compression(), CompressionMethod::Stored);
        drop(first);
        let mut text = String::new();
        archive
            .by_name("OEBPS/a.xhtml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<x/>");
    }
}
