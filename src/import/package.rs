//! Reading a DOCX package defensively: a zip whose entry names are checked
//! and whose inflation is capped, and XML parsed without a DTD (so no
//! entity can expand).

use std::io::{Cursor, Read};

use anyhow::{bail, Context, Result};

use crate::ooxml::rels::{self, Relationships};
use crate::verify::limits::{check_xml_depth, check_zip_names, MAX_DEPTH};

/// The most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// The most bytes all entries read may inflate to together.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;
/// The most entries a package may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// An opened DOCX: the zip and what has been inflated from it so far.
pub struct Package {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// The file's name for messages.
    name: String,
    inflated: u64,
    /// The main document part: `word/document.xml`, or where the package's
    /// relationships put it (Word Online writes `word/document2.xml`).
    main: String,
}

impl Package {
    /// Opens `bytes` as a zip, refusing entry names that leave the package
    /// (`../`, absolute paths) and packages with too many entries.
    pub fn open(bytes: Vec<u8>, name: &str) -> Result<Package> {
        check_zip_names(&bytes).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .with_context(|| format!("{name}: not a DOCX file (it is not a zip archive)"))?;
        if zip.len() > MAX_ENTRIES {
            bail!(
                "{name}: the package holds {} entries, more than {MAX_ENTRIES}",
                zip.len()
            );
        }
        for entry in zip.file_names() {
            if !safe_name(entry) {
                bail!("{name}: the package holds an entry named `{entry}`, which points outside it; refusing to read it");
            }
        }
        let mut package = Package {
            zip,
            name: name.to_string(),
            inflated: 0,
            main: String::new(),
        };
        package.main = rels::part_of(&package.relationships("")?, "officeDocument", rels::DEFAULT_MAIN);
        if !package.has(&package.main.clone()) {
            bail!(
                "{name}: not a Word document: the package has no main document part `{}`",
                package.main
            );
        }
        Ok(package)
    }

    /// The main document part's name in the package.
    pub fn main_part(&self) -> &str {
        &self.main
    }

    /// The file's name for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the package has an entry `part`.
    pub fn has(&mut self, part: &str) -> bool {
        self.zip.index_for_name(part).is_some()
    }

    /// The bytes of entry `part`, within the caps.
    pub fn bytes(&mut self, part: &str) -> Result<Vec<u8>> {
        let name = &self.name;
        let entry = self
            .zip
            .by_name(part)
            .with_context(|| format!("{name}: the package has no `{part}`"))?;
        let budget = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES - self.inflated);
        let mut data = Vec::new();
        entry
            .take(budget + 1)
            .read_to_end(&mut data)
            .with_context(|| format!("{name}: `{part}` cannot be inflated"))?;
        if data.len() as u64 > budget {
            bail!(
                "{name}: `{part}` inflates to more than {} MB; refusing to read it (a zip bomb?)",
                budget >> 20
            );
        }
        self.inflated += data.len() as u64;
        Ok(data)
    }

    /// Entry `part` as UTF-8 text.
    pub fn text(&mut self, part: &str) -> Result<String> {
        let bytes = self.bytes(part)?;
        String::from_utf8(bytes).with_context(|| format!("{}: `{part}` is not UTF-8 XML", self.name))
    }

    /// Entry `part` as text when it exists.
    pub fn optional_text(&mut self, part: &str) -> Result<Option<String>> {
        if self.has(part) {
            self.text(part).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The relationships of `part` (e.g. `word/document.xml`; `""` for the
    /// package's own): id → target, internal targets resolved against the
    /// part's folder.
    pub fn relationships(&mut self, part: &str) -> Result<Relationships> {
        let rels_name = rels::rels_part(part);
        let Some(text) = self.optional_text(&rels_name)? else {
            return Ok(Relationships::new());
        };
        let doc = parse_xml(&text, &self.name, &rels_name)?;
        Ok(rels::read(&doc, part))
    }
}

/// Parses `text` as XML. The default options refuse a DTD, so entity
/// declarations (and their expansion) cannot occur; elements nested more
/// than [`MAX_DEPTH`] deep are refused before the parser (which recurses)
/// sees them, naming the paragraph they are in.
pub fn parse_xml<'a>(text: &'a str, file: &str, part: &str) -> Result<roxmltree::Document<'a>> {
    if let Err(offset) = check_xml_depth(text) {
        bail!(
            "{file}: `{part}` nests elements more than {MAX_DEPTH} deep{}; no document needs that",
            paragraph_at(text, offset)
        );
    }
    roxmltree::Document::parse(text).with_context(|| format!("{file}: `{part}` is not well-formed XML"))
}

/// ` in paragraph N (“first words”)` for the `w:p` element open at byte
/// `offset` of a WordprocessingML part, or ` after paragraph N (…)` when
/// none is open there (paragraphs counted as the body's are), or nothing
/// before the first paragraph.
fn paragraph_at(text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let starts: Vec<usize> = ["<w:p>", "<w:p "]
        .iter()
        .flat_map(|tag| before.match_indices(tag).map(|(i, _)| i))
        .collect();
    let Some(&start) = starts.iter().max() else {
        return String::new();
    };
    let open = before.matches("</w:p>").count() < starts.len();
    let paragraph = &text[start..];
    let paragraph = &paragraph[..paragraph.find("</w:p>").unwrap_or(paragraph.len())];
    let mut words = String::new();
    let mut rest = paragraph;
    let next_text = |r: &str| ["<w:t>", "<w:t "].iter().filter_map(|tag| r.find(tag)).min();
    while let Some(t) = next_text(rest) {
        rest = &rest[t..];
        let Some(open_end) = rest.find('>') else { break };
        let text_end = rest[open_end..].find('<').map_or(rest.len(), |e| open_end + e);
        words.push_str(&rest[open_end + 1..text_end]);
        rest = &rest[text_end..];
        if words.chars().count() >= 12 {
            break;
        }
    }
    let words: String = words.chars().take(12).collect();
    let (word, number) = if open {
        ("in", starts.len())
    } else {
        ("after", starts.len())
    };
    format!(" {word} paragraph {number} (“{words}”)")
}

/// Whether an entry name stays inside the package.
fn safe_name(name: &str) -> bool {
    !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && name.split('/').all(|segment| segment != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_leave_the_package_are_unsafe() {
        assert!(safe_name("word/media/image1.png"));
        for bad in [
            "../evil",
            "word/../../evil",
            "/etc/passwd",
            "C:\\x",
            "word\\..\\x",
        ] {
            assert!(!safe_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_dtd_is_refused() {
        let bomb =
            r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>"#;
        assert!(parse_xml(bomb, "t.docx", "word/document.xml").is_err());
    }
}
