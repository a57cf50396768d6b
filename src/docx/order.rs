//! Puts the children of WordprocessingML property containers in the order
//! the ECMA-376 schema (`wml.xsd`, transitional) prescribes.
//!
//! docx-rs 0.4.22 writes e.g. `w:sz` before `w:rFonts` in a `w:rPr`, a
//! style's `w:rPr` before its `w:pPr`, `w:numId` before `w:ilvl`. The schema
//! declares these children as sequences, so such a part is invalid; Word
//! drops out-of-sequence run properties (the font, say) or asks to repair
//! the file, while LibreOffice reads it anyway.
//!
//! [`schema_order`] parses a part and rebuilds it from the original bytes:
//! the children of each known container are stably sorted by their rank in
//! the container's sequence (children the table does not know, e.g. of
//! another namespace, keep their relative order after the known ones); text
//! between them and every other byte is copied as is.

use std::ops::Range;

use roxmltree::{Document, Node};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Run properties: `CT_ParaRPr` (the paragraph mark's, which starts with the
/// revision marks) and `CT_RPr` (`EG_RPrBase` then `rPrChange`).
const RPR: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

/// Paragraph properties: `CT_PPr` (`CT_PPrGeneral` lacks `rPr` and `sectPr`).
const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// `CT_Style`.
const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

/// Table properties: `CT_TblPr` (a style's, `CT_TblPrBase`, lacks
/// `tblPrChange`).
const TBL_PR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];

/// Table cell properties: `CT_TcPr`.
const TC_PR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];

/// A table style's conditional formatting: `CT_TblStylePr`.
const TBL_STYLE_PR: &[&str] = &["pPr", "rPr", "tblPr", "trPr", "tcPr"];

/// `CT_NumPr`.
const NUM_PR: &[&str] = &["ilvl", "numId", "numberingChange", "ins"];

/// `CT_Lvl`.
const LVL: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];

/// `CT_SectPr`: header and footer references are one repeated choice.
const SECT_PR: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

/// `CT_Settings`, its WordprocessingML children (`m:mathPr` and
/// `sl:schemaLibrary` are of other namespaces).
const SETTINGS: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

/// The child sequence of the WordprocessingML container `local`, if it is
/// one whose order is enforced here.
fn sequence(local: &str) -> Option<&'static [&'static str]> {
    Some(match local {
        "rPr" => RPR,
        "pPr" => PPR,
        "style" => STYLE,
        "numPr" => NUM_PR,
        "tblPr" => TBL_PR,
        "tcPr" => TC_PR,
        "tblStylePr" => TBL_STYLE_PR,
        "lvl" => LVL,
        "sectPr" => SECT_PR,
        "settings" => SETTINGS,
        _ => return None,
    })
}

/// The rank of `child` in the sequence of its parent `container`, if both
/// are WordprocessingML elements the table knows. A child the table does
/// not know has no rank and goes after the known ones.
pub fn rank(container: Node, child: Node) -> Option<usize> {
    if !is_container(container) || child.tag_name().namespace() != Some(W) {
        return None;
    }
    let name = child.tag_name().name();
    sequence(container.tag_name().name())?
        .iter()
        .position(|entry| entry.split('|').any(|n| n == name))
}

/// Whether `node` is a WordprocessingML container whose children are
/// ordered here.
pub fn is_container(node: Node) -> bool {
    node.tag_name().namespace() == Some(W) && sequence(node.tag_name().name()).is_some()
}

/// Returns `xml` with the children of every known container in schema
/// order; all else, attributes and text included, is copied byte for byte.
pub fn schema_order(xml: &str) -> Result<String, roxmltree::Error> {
    let doc = Document::parse(xml)?;
    let root = doc.root_element();
    let mut out = String::with_capacity(xml.len());
    out.push_str(&xml[..root.range().start]);
    element(xml, root, &mut out);
    out.push_str(&xml[root.range().end..]);
    Ok(out)
}

/// Writes `node`, an element, with its subtree reordered.
fn element(xml: &str, node: Node, out: &mut String) {
    let Range { start, end } = node.range();
    let children: Vec<Node> = node.children().collect();
    let (Some(first), Some(last)) = (children.first(), children.last()) else {
        out.push_str(&xml[start..end]);
        return;
    };
    let mut elements: Vec<Node> = children.iter().copied().filter(Node::is_element).collect();
    if is_container(node) {
        elements.sort_by_key(|&c| rank(node, c).unwrap_or(usize::MAX));
    }
    let mut sorted = elements.into_iter();
    out.push_str(&xml[start..first.range().start]);
    let mut cursor = first.range().start;
    for child in &children {
        out.push_str(&xml[cursor..child.range().start]);
        cursor = child.range().end;
        if child.is_element() {
            let next = sorted.next().expect("one sorted element per element slot");
            element(xml, next, out);
        } else {
            out.push_str(&xml[child.range()]);
        }
    }
    out.push_str(&xml[last.range().end..end]);
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;

    fn wrap(body: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:root {NS}>{body}</w:root>"#)
    }

    fn ordered(body: &str) -> String {
        schema_order(&wrap(body)).unwrap()
    }

    #[test]
    fn run_properties_come_out_in_schema_order() {
        assert_eq!(
            ordered(
                r#"<w:rPr><w:sz w:val="24" /><w:szCs w:val="24" /><w:b /><w:rFonts w:ascii="A" /></w:rPr>"#
            ),
            wrap(r#"<w:rPr><w:rFonts w:ascii="A" /><w:b /><w:sz w:val="24" /><w:szCs w:val="24" /></w:rPr>"#)
        );
        assert_eq!(
            ordered(r#"<w:rPr><w:b /><w:ins w:id="1" /><w:rStyle w:val="S" /></w:rPr>"#),
            wrap(r#"<w:rPr><w:ins w:id="1" /><w:rStyle w:val="S" /><w:b /></w:rPr>"#),
            "a paragraph mark's revision marks come first"
        );
    }

    #[test]
    fn paragraph_style_and_numbering_properties_come_out_in_schema_order() {
        assert_eq!(
            ordered(
                r#"<w:pPr><w:rPr /><w:jc w:val="both" /><w:ind w:left="0" /><w:spacing w:line="440" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr><w:pStyle w:val="Heading2" /></w:pPr>"#
            ),
            wrap(
                r#"<w:pPr><w:pStyle w:val="Heading2" /><w:numPr><w:ilvl w:val="0" /><w:numId w:val="2" /></w:numPr><w:spacing w:line="440" /><w:ind w:left="0" /><w:jc w:val="both" /><w:rPr /></w:pPr>"#
            )
        );
        assert_eq!(
            ordered(
                r#"<w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title" /><w:rPr><w:b /></w:rPr><w:pPr><w:jc w:val="center" /></w:pPr><w:qFormat /><w:next w:val="Normal" /><w:basedOn w:val="Normal" /></w:style>"#
            ),
            wrap(
                r#"<w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title" /><w:basedOn w:val="Normal" /><w:next w:val="Normal" /><w:qFormat /><w:pPr><w:jc w:val="center" /></w:pPr><w:rPr><w:b /></w:rPr></w:style>"#
            )
        );
        assert_eq!(
            ordered(
                r#"<w:sectPr><w:pgSz w:w="1" /><w:footerReference w:type="default" /><w:cols /><w:headerReference w:type="default" /><w:footerReference w:type="first" /></w:sectPr>"#
            ),
            wrap(
                r#"<w:sectPr><w:footerReference w:type="default" /><w:headerReference w:type="default" /><w:footerReference w:type="first" /><w:pgSz w:w="1" /><w:cols /></w:sectPr>"#
            ),
            "references keep their order, before the page settings"
        );
    }

    #[test]
    fn table_and_cell_properties_come_out_in_schema_order() {
        assert_eq!(
            ordered(
                r#"<w:tblPr><w:tblW w:w="0" /><w:jc w:val="left" /><w:tblBorders /><w:tblStyle w:val="T" /><w:tblLayout /></w:tblPr>"#
            ),
            wrap(
                r#"<w:tblPr><w:tblStyle w:val="T" /><w:tblW w:w="0" /><w:jc w:val="left" /><w:tblBorders /><w:tblLayout /></w:tblPr>"#
            )
        );
        assert_eq!(
            ordered(r#"<w:tcPr><w:tcW /><w:tcBorders /><w:gridSpan /><w:vMerge /><w:vAlign /></w:tcPr>"#),
            wrap(r#"<w:tcPr><w:tcW /><w:gridSpan /><w:vMerge /><w:tcBorders /><w:vAlign /></w:tcPr>"#)
        );
    }

    #[test]
    fn unknown_and_extension_children_follow_in_their_order() {
        assert_eq!(
            ordered(r#"<w:rPr><w14:ligatures w14:val="all" /><w:sz w:val="2" /><w:madeUp /><w:b /></w:rPr>"#),
            wrap(r#"<w:rPr><w:b /><w:sz w:val="2" /><w14:ligatures w14:val="all" /><w:madeUp /></w:rPr>"#)
        );
    }

    #[test]
    fn text_attributes_namespaces_and_entities_are_kept_byte_for_byte() {
        let body = concat!(
            "<w:p w14:paraId=\"0001\">\n  <!-- note -->\n  <w:r><w:rPr><w:sz w:val='2'/><w:b/></w:rPr>",
            "<w:t xml:space=\"preserve\">甲 &amp; &lt;乙&gt; &#x4E19;</w:t></w:r>",
            "<?pi data?><w:x a=\"&quot;q&quot;\"><w:y/>tail</w:x></w:p>"
        );
        let out = ordered(body);
        assert_eq!(
            out,
            wrap(&body.replace("<w:sz w:val='2'/><w:b/>", "<w:b/><w:sz w:val='2'/>"))
        );
        // An element the tables do not know keeps its children in their order.
        let unknown = wrap(r#"<w:foo><w:sz /><w:b /></w:foo>"#);
        assert_eq!(schema_order(&unknown).unwrap(), unknown);
    }

    #[test]
    fn whitespace_between_children_stays_in_place() {
        assert_eq!(
            ordered("<w:rPr>\n  <w:sz/>\n  <w:b/>\n</w:rPr>"),
            wrap("<w:rPr>\n  <w:b/>\n  <w:sz/>\n</w:rPr>")
        );
    }

    #[test]
    fn ordering_is_idempotent() {
        let once = ordered(
            r#"<w:style><w:rPr><w:sz /><w:rFonts /></w:rPr><w:pPr><w:rPr /><w:jc /><w:pStyle /></w:pPr><w:basedOn /></w:style>"#,
        );
        assert_eq!(schema_order(&once).unwrap(), once);
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(schema_order("<w:rPr>").is_err());
    }
}
