//! The package metadata: Dublin Core, the build date, the cover, the source
//! of the print page numbers, and the EPUB Accessibility 1.1 statements.
//!
//! The accessibility statements describe what this backend always makes,
//! and hold for every book it writes:
//!
//! - text, and pictures each described by its caption, or by its text
//!   alternative (`alternativeText`) when it has none, a decorative one
//!   hidden from screen readers (access mode `textual`, plus `visual` when
//!   there are pictures; `textual` alone suffices);
//! - headings in order, a table of contents, one reading order, print page
//!   numbers with a page list, a stylesheet that leaves size and colours to
//!   the reader (`structuralNavigation`, `tableOfContents`, `readingOrder`,
//!   `pageNavigation`, `printPageNumbers`, `displayTransformability`);
//! - nothing that flashes, moves or sounds (hazard `none`);
//! - WCAG 2.2 level AA as far as EPUB Accessibility 1.1 asks for it: text
//!   alternatives (captions, `alt`), language on every document, navigation, no
//!   colour or size forced. Ace by DAISY checks the books in the tests.

use crate::model::Document;

use super::xhtml::escape;

/// The conformance claim (EPUB Accessibility 1.1).
pub const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// The accessibility summary, in Chinese (what a reader's catalogue
/// shows): [`SUMMARY_HEAD`], what the pictures are described by
/// ([`CAPTIONED`] or [`DESCRIBED`]), [`SUMMARY_TAIL`].
const SUMMARY_HEAD: &str = "本书符合 EPUB 无障碍 1.1 与 WCAG 2.2 AA 级要求：\
    各级标题有序，附完整目录和统一的阅读顺序；标有与印刷版（PDF）一致的页码，可按页码查找；";

/// The summary's pictures in a book whose every picture is a captioned figure.
const CAPTIONED: &str = "每幅图片均有图注说明其内容，屏幕阅读器只朗读一次；";

/// The summary's pictures in a book with pictures that have no caption.
const DESCRIBED: &str = "有图注的图片由图注说明其内容，屏幕阅读器只朗读一次；\
    其余图片附有替代文字，纯装饰的图片不予朗读；";

/// The end of the summary.
const SUMMARY_TAIL: &str = "样式表不限定字号与颜色，读者可自行调整；无闪烁、动画或声音。";

/// What the metadata says besides the model.
pub struct Facts<'a> {
    /// The book's identifier (`urn:uuid:…`).
    pub identifier: &'a str,
    /// `dcterms:modified`, e.g. `2023-11-14T22:13:20Z`.
    pub modified: &'a str,
    /// The manifest id of the cover image.
    pub cover_id: &'a str,
    /// What the page numbers are taken from: the print edition.
    pub page_source: &'a str,
}

/// The `<metadata>` content of the package document.
pub fn metadata(doc: &Document, facts: &Facts) -> String {
    let meta = &doc.meta;
    let mut out = format!(
        "<dc:identifier id=\"book-id\">{}</dc:identifier>\n\
         <dc:title id=\"title\">{}</dc:title>\n\
         <meta refines=\"#title\" property=\"title-type\">main</meta>\n",
        escape(facts.identifier),
        escape(&meta.title)
    );
    if let Some(subtitle) = &meta.subtitle {
        out.push_str(&format!(
            "<dc:title id=\"subtitle\">{}</dc:title>\n\
             <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n",
            escape(subtitle)
        ));
    }
    if let Some(author) = &meta.author {
        out.push_str(&format!(
            "<dc:creator id=\"creator\">{}</dc:creator>\n\
             <meta refines=\"#creator\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n",
            escape(author)
        ));
    }
    out.push_str(&format!(
        "<dc:language>{}</dc:language>\n\
         <meta property=\"dcterms:modified\">{}</meta>\n\
         <meta name=\"cover\" content=\"{}\"/>\n\
         <dc:source id=\"print\">{}</dc:source>\n\
         <meta refines=\"#print\" property=\"source-of\">pagination</meta>\n",
        escape(&meta.lang),
        escape(facts.modified),
        escape(facts.cover_id),
        escape(facts.page_source),
    ));
    let pictures = doc.picture_shapes();
    let mut modes = vec![("accessMode", "textual")];
    if !pictures.is_empty() {
        modes.push(("accessMode", "visual"));
    }
    modes.push(("accessModeSufficient", "textual"));
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "pageNavigation",
        "printPageNumbers",
        "displayTransformability",
    ] {
        modes.push(("accessibilityFeature", feature));
    }
    // An uncaptioned picture or one inside text that is not decorative is
    // described by its `alt`.
    if pictures.iter().any(|p| p.label.is_none() && p.alt.is_some()) {
        modes.push(("accessibilityFeature", "alternativeText"));
    }
    modes.push(("accessibilityHazard", "none"));
    let described = if pictures.iter().all(|p| p.label.is_some()) {
        CAPTIONED
    } else {
        DESCRIBED
    };
    let summary = format!("{SUMMARY_HEAD}{described}{SUMMARY_TAIL}");
    modes.push(("accessibilitySummary", &summary));
    for (property, value) in modes {
        out.push_str(&format!("<meta property=\"schema:{property}\">{value}</meta>\n"));
    }
    out.push_str(&format!(
        "<meta property=\"dcterms:conformsTo\">{CONFORMS_TO}</meta>\n"
    ));
    out
}
