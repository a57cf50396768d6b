//! An oracle for the order of the WordprocessingML elements the DOCX holds
//! that owes nothing to the program's own table (`zhpress::docx::order`):
//! the content models of ECMA-376's transitional schema, `wml.xsd`, as the
//! python-docx repository carries it (`ref/xsd/wml.xsd`, at e4545460),
//! written out here for every element the program writes.
//!
//! A model is a list of slots: the children of an element take the slots in
//! order, each slot holding the names a `xsd:element`, `xsd:choice` or
//! repeated group allows there (a group is expanded in place). `*` stands
//! for the many kinds of block, inline or run content that may come in any
//! order. In the transitional schema `EG_RPrBase` is a choice repeated
//! without bound, so run properties may come in any order; the order Word
//! is known to need there (`rFonts` before `sz`) is checked beside this.

use std::collections::BTreeSet;

use roxmltree::{Document, Node};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The prefixes `wml.xsd` uses for the other namespaces it names.
const PREFIXES: &[(&str, &str)] = &[
    (
        "wp",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    ("m", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
    ("sl", "http://schemas.openxmlformats.org/schemaLibrary/2006/main"),
];

/// A content model: slots in order, each the names allowed there.
type Schema = &'static [&'static [&'static str]];

/// Where the DOCX departs from `wml.xsd`, known and kept while the editions
/// may not change by a byte: (parent, child, why). Each must still occur
/// (see [`assert_deviations_seen`]), so that it is struck off when fixed.
const DEVIATIONS: &[(&str, &str, &str)] = &[(
    "compat",
    "characterSpacingControl",
    "docx-rs writes the punctuation compression in w:compat; \
     CT_Settings holds it, after w:noPunctuationKerning",
)];

/// `CT_Document`
const DOCUMENT: Schema = &[&["background"], &["body"]];

/// `CT_Body`: block content in any order, then the section.
const BODY: Schema = &[&["*"], &["sectPr"]];

/// `CT_P`: the properties, then inline content in any order.
const P: Schema = &[&["pPr"], &["*"]];

/// `CT_R`: the properties, then run content in any order.
const R: Schema = &[&["rPr"], &["*"]];

/// `CT_Hyperlink`: inline content in any order.
const HYPERLINK: Schema = &[&["*"]];

/// `CT_HdrFtr`: block content in any order.
const HDR_FTR: Schema = &[&["*"]];

/// `CT_PPr` (`CT_PPrBase`, then its extension), a paragraph's.
const PPR: Schema = &[
    &["pStyle"],
    &["keepNext"],
    &["keepLines"],
    &["pageBreakBefore"],
    &["framePr"],
    &["widowControl"],
    &["numPr"],
    &["suppressLineNumbers"],
    &["pBdr"],
    &["shd"],
    &["tabs"],
    &["suppressAutoHyphens"],
    &["kinsoku"],
    &["wordWrap"],
    &["overflowPunct"],
    &["topLinePunct"],
    &["autoSpaceDE"],
    &["autoSpaceDN"],
    &["bidi"],
    &["adjustRightInd"],
    &["snapToGrid"],
    &["spacing"],
    &["ind"],
    &["contextualSpacing"],
    &["mirrorIndents"],
    &["suppressOverlap"],
    &["jc"],
    &["textDirection"],
    &["textAlignment"],
    &["textboxTightWrap"],
    &["outlineLvl"],
    &["divId"],
    &["cnfStyle"],
    &["rPr"],
    &["sectPr"],
    &["pPrChange"],
];

/// `CT_PPrGeneral` (`CT_PPrBase`, then its extension), a style's or a level's.
const PPR_GENERAL: Schema = &[
    &["pStyle"],
    &["keepNext"],
    &["keepLines"],
    &["pageBreakBefore"],
    &["framePr"],
    &["widowControl"],
    &["numPr"],
    &["suppressLineNumbers"],
    &["pBdr"],
    &["shd"],
    &["tabs"],
    &["suppressAutoHyphens"],
    &["kinsoku"],
    &["wordWrap"],
    &["overflowPunct"],
    &["topLinePunct"],
    &["autoSpaceDE"],
    &["autoSpaceDN"],
    &["bidi"],
    &["adjustRightInd"],
    &["snapToGrid"],
    &["spacing"],
    &["ind"],
    &["contextualSpacing"],
    &["mirrorIndents"],
    &["suppressOverlap"],
    &["jc"],
    &["textDirection"],
    &["textAlignment"],
    &["textboxTightWrap"],
    &["outlineLvl"],
    &["divId"],
    &["cnfStyle"],
    &["pPrChange"],
];

/// `CT_RPr`: `EG_RPrBase` is a choice repeated, in any order, then `rPrChange`.
const RPR: Schema = &[
    &[
        "b",
        "bCs",
        "bdr",
        "caps",
        "color",
        "cs",
        "dstrike",
        "eastAsianLayout",
        "effect",
        "em",
        "emboss",
        "fitText",
        "highlight",
        "i",
        "iCs",
        "imprint",
        "kern",
        "lang",
        "noProof",
        "oMath",
        "outline",
        "position",
        "rFonts",
        "rStyle",
        "rtl",
        "shadow",
        "shd",
        "smallCaps",
        "snapToGrid",
        "spacing",
        "specVanish",
        "strike",
        "sz",
        "szCs",
        "u",
        "vanish",
        "vertAlign",
        "w",
        "webHidden",
    ],
    &["rPrChange"],
];

/// `CT_ParaRPr`, a paragraph mark's: the revision marks, then as `CT_RPr`.
const PARA_RPR: Schema = &[
    &["ins"],
    &["del"],
    &["moveFrom"],
    &["moveTo"],
    &[
        "b",
        "bCs",
        "bdr",
        "caps",
        "color",
        "cs",
        "dstrike",
        "eastAsianLayout",
        "effect",
        "em",
        "emboss",
        "fitText",
        "highlight",
        "i",
        "iCs",
        "imprint",
        "kern",
        "lang",
        "noProof",
        "oMath",
        "outline",
        "position",
        "rFonts",
        "rStyle",
        "rtl",
        "shadow",
        "shd",
        "smallCaps",
        "snapToGrid",
        "spacing",
        "specVanish",
        "strike",
        "sz",
        "szCs",
        "u",
        "vanish",
        "vertAlign",
        "w",
        "webHidden",
    ],
    &["rPrChange"],
];

/// `CT_NumPr`
const NUM_PR: Schema = &[&["ilvl"], &["numId"], &["numberingChange"], &["ins"]];

/// `CT_SectPr`: the header and footer references in any order first.
const SECT_PR: Schema = &[
    &["footerReference", "headerReference"],
    &["footnotePr"],
    &["endnotePr"],
    &["type"],
    &["pgSz"],
    &["pgMar"],
    &["paperSrc"],
    &["pgBorders"],
    &["lnNumType"],
    &["pgNumType"],
    &["cols"],
    &["formProt"],
    &["vAlign"],
    &["noEndnote"],
    &["titlePg"],
    &["textDirection"],
    &["bidi"],
    &["rtlGutter"],
    &["docGrid"],
    &["printerSettings"],
    &["sectPrChange"],
];

/// `CT_Styles`
const STYLES: Schema = &[&["docDefaults"], &["latentStyles"], &["style"]];

/// `CT_Style`
const STYLE: Schema = &[
    &["name"],
    &["aliases"],
    &["basedOn"],
    &["next"],
    &["link"],
    &["autoRedefine"],
    &["hidden"],
    &["uiPriority"],
    &["semiHidden"],
    &["unhideWhenUsed"],
    &["qFormat"],
    &["locked"],
    &["personal"],
    &["personalCompose"],
    &["personalReply"],
    &["rsid"],
    &["pPr"],
    &["rPr"],
    &["tblPr"],
    &["trPr"],
    &["tcPr"],
    &["tblStylePr"],
];

/// `CT_DocDefaults`
const DOC_DEFAULTS: Schema = &[&["rPrDefault"], &["pPrDefault"]];

/// `CT_PPrDefault`
const PPR_DEFAULT: Schema = &[&["pPr"]];

/// `CT_RPrDefault`
const RPR_DEFAULT: Schema = &[&["rPr"]];

/// `CT_Numbering`
const NUMBERING: Schema = &[
    &["numPicBullet"],
    &["abstractNum"],
    &["num"],
    &["numIdMacAtCleanup"],
];

/// `CT_AbstractNum`
const ABSTRACT_NUM: Schema = &[
    &["nsid"],
    &["multiLevelType"],
    &["tmpl"],
    &["name"],
    &["styleLink"],
    &["numStyleLink"],
    &["lvl"],
];

/// `CT_Lvl`
const LVL: Schema = &[
    &["start"],
    &["numFmt"],
    &["lvlRestart"],
    &["pStyle"],
    &["isLgl"],
    &["suff"],
    &["lvlText"],
    &["lvlPicBulletId"],
    &["legacy"],
    &["lvlJc"],
    &["pPr"],
    &["rPr"],
];

/// `CT_Num`
const NUM: Schema = &[&["abstractNumId"], &["lvlOverride"]];

/// `CT_NumLvl`
const LVL_OVERRIDE: Schema = &[&["startOverride"], &["lvl"]];

/// `CT_Settings`
const SETTINGS: Schema = &[
    &["writeProtection"],
    &["view"],
    &["zoom"],
    &["removePersonalInformation"],
    &["removeDateAndTime"],
    &["doNotDisplayPageBoundaries"],
    &["displayBackgroundShape"],
    &["printPostScriptOverText"],
    &["printFractionalCharacterWidth"],
    &["printFormsData"],
    &["embedTrueTypeFonts"],
    &["embedSystemFonts"],
    &["saveSubsetFonts"],
    &["saveFormsData"],
    &["mirrorMargins"],
    &["alignBordersAndEdges"],
    &["bordersDoNotSurroundHeader"],
    &["bordersDoNotSurroundFooter"],
    &["gutterAtTop"],
    &["hideSpellingErrors"],
    &["hideGrammaticalErrors"],
    &["activeWritingStyle"],
    &["proofState"],
    &["formsDesign"],
    &["attachedTemplate"],
    &["linkStyles"],
    &["stylePaneFormatFilter"],
    &["stylePaneSortMethod"],
    &["documentType"],
    &["mailMerge"],
    &["revisionView"],
    &["trackRevisions"],
    &["doNotTrackMoves"],
    &["doNotTrackFormatting"],
    &["documentProtection"],
    &["autoFormatOverride"],
    &["styleLockTheme"],
    &["styleLockQFSet"],
    &["defaultTabStop"],
    &["autoHyphenation"],
    &["consecutiveHyphenLimit"],
    &["hyphenationZone"],
    &["doNotHyphenateCaps"],
    &["showEnvelope"],
    &["summaryLength"],
    &["clickAndTypeStyle"],
    &["defaultTableStyle"],
    &["evenAndOddHeaders"],
    &["bookFoldRevPrinting"],
    &["bookFoldPrinting"],
    &["bookFoldPrintingSheets"],
    &["drawingGridHorizontalSpacing"],
    &["drawingGridVerticalSpacing"],
    &["displayHorizontalDrawingGridEvery"],
    &["displayVerticalDrawingGridEvery"],
    &["doNotUseMarginsForDrawingGridOrigin"],
    &["drawingGridHorizontalOrigin"],
    &["drawingGridVerticalOrigin"],
    &["doNotShadeFormData"],
    &["noPunctuationKerning"],
    &["characterSpacingControl"],
    &["printTwoOnOne"],
    &["strictFirstAndLastChars"],
    &["noLineBreaksAfter"],
    &["noLineBreaksBefore"],
    &["savePreviewPicture"],
    &["doNotValidateAgainstSchema"],
    &["saveInvalidXml"],
    &["ignoreMixedContent"],
    &["alwaysShowPlaceholderText"],
    &["doNotDemarcateInvalidXml"],
    &["saveXmlDataOnly"],
    &["useXSLTWhenSaving"],
    &["saveThroughXslt"],
    &["showXMLTags"],
    &["alwaysMergeEmptyNamespace"],
    &["updateFields"],
    &["hdrShapeDefaults"],
    &["footnotePr"],
    &["endnotePr"],
    &["compat"],
    &["docVars"],
    &["rsids"],
    &["m:mathPr"],
    &["attachedSchema"],
    &["themeFontLang"],
    &["clrSchemeMapping"],
    &["doNotIncludeSubdocsInStats"],
    &["doNotAutoCompressPictures"],
    &["forceUpgrade"],
    &["captions"],
    &["readModeInkLockDown"],
    &["smartTagType"],
    &["sl:schemaLibrary"],
    &["shapeDefaults"],
    &["doNotEmbedSmartTags"],
    &["decimalSymbol"],
    &["listSeparator"],
];

/// `CT_Compat`
const COMPAT: Schema = &[
    &["useSingleBorderforContiguousCells"],
    &["wpJustification"],
    &["noTabHangInd"],
    &["noLeading"],
    &["spaceForUL"],
    &["noColumnBalance"],
    &["balanceSingleByteDoubleByteWidth"],
    &["noExtraLineSpacing"],
    &["doNotLeaveBackslashAlone"],
    &["ulTrailSpace"],
    &["doNotExpandShiftReturn"],
    &["spacingInWholePoints"],
    &["lineWrapLikeWord6"],
    &["printBodyTextBeforeHeader"],
    &["printColBlack"],
    &["wpSpaceWidth"],
    &["showBreaksInFrames"],
    &["subFontBySize"],
    &["suppressBottomSpacing"],
    &["suppressTopSpacing"],
    &["suppressSpacingAtTopOfPage"],
    &["suppressTopSpacingWP"],
    &["suppressSpBfAfterPgBrk"],
    &["swapBordersFacingPages"],
    &["convMailMergeEsc"],
    &["truncateFontHeightsLikeWP6"],
    &["mwSmallCaps"],
    &["usePrinterMetrics"],
    &["doNotSuppressParagraphBorders"],
    &["wrapTrailSpaces"],
    &["footnoteLayoutLikeWW8"],
    &["shapeLayoutLikeWW8"],
    &["alignTablesRowByRow"],
    &["forgetLastTabAlignment"],
    &["adjustLineHeightInTable"],
    &["autoSpaceLikeWord95"],
    &["noSpaceRaiseLower"],
    &["doNotUseHTMLParagraphAutoSpacing"],
    &["layoutRawTableWidth"],
    &["layoutTableRowsApart"],
    &["useWord97LineBreakRules"],
    &["doNotBreakWrappedTables"],
    &["doNotSnapToGridInCell"],
    &["selectFldWithFirstOrLastChar"],
    &["applyBreakingRules"],
    &["doNotWrapTextWithPunct"],
    &["doNotUseEastAsianBreakRules"],
    &["useWord2002TableStyleRules"],
    &["growAutofit"],
    &["useFELayout"],
    &["useNormalStyleForList"],
    &["doNotUseIndentAsNumberingTabStop"],
    &["useAltKinsokuLineBreakRules"],
    &["allowSpaceOfSameStyleInTable"],
    &["doNotSuppressIndentation"],
    &["doNotAutofitConstrainedTables"],
    &["autofitToFirstFixedWidthCell"],
    &["underlineTabInNumList"],
    &["displayHangulFixedWidth"],
    &["splitPgBreakAndParaMark"],
    &["doNotVertAlignCellWithSp"],
    &["doNotBreakConstrainedForcedTable"],
    &["doNotVertAlignInTxbx"],
    &["useAnsiKerningPairs"],
    &["cachedColBalance"],
    &["compatSetting"],
];

/// `CT_FontsList`
const FONTS: Schema = &[&["font"]];

/// `CT_Font`
const FONT: Schema = &[
    &["altName"],
    &["panose1"],
    &["charset"],
    &["family"],
    &["notTrueType"],
    &["pitch"],
    &["sig"],
    &["embedRegular"],
    &["embedBold"],
    &["embedItalic"],
    &["embedBoldItalic"],
];

/// `CT_Comments`
const COMMENTS: Schema = &[&["comment"]];

/// `CT_Comment`: block content in any order.
const COMMENT: Schema = &[&["*"]];

/// `CT_Tbl`: the properties, the grid, then the rows (row-level content in
/// any order).
const TBL: Schema = &[&["tblPr"], &["tblGrid"], &["*"]];

/// `CT_TblPrBase`, a table style's or its conditional formatting's.
const TBL_PR_BASE: Schema = &[
    &["tblStyle"],
    &["tblpPr"],
    &["tblOverlap"],
    &["bidiVisual"],
    &["tblStyleRowBandSize"],
    &["tblStyleColBandSize"],
    &["tblW"],
    &["jc"],
    &["tblCellSpacing"],
    &["tblInd"],
    &["tblBorders"],
    &["shd"],
    &["tblLayout"],
    &["tblCellMar"],
    &["tblLook"],
    &["tblCaption"],
    &["tblDescription"],
];

/// `CT_TblPr`, a table's: `CT_TblPrBase`, then `tblPrChange`.
const TBL_PR: Schema = &[
    &["tblStyle"],
    &["tblpPr"],
    &["tblOverlap"],
    &["bidiVisual"],
    &["tblStyleRowBandSize"],
    &["tblStyleColBandSize"],
    &["tblW"],
    &["jc"],
    &["tblCellSpacing"],
    &["tblInd"],
    &["tblBorders"],
    &["shd"],
    &["tblLayout"],
    &["tblCellMar"],
    &["tblLook"],
    &["tblCaption"],
    &["tblDescription"],
    &["tblPrChange"],
];

/// `CT_TblGrid`
const TBL_GRID: Schema = &[&["gridCol"], &["tblGridChange"]];

/// `CT_Row`: the exceptions, the properties, then the cells (cell-level
/// content in any order).
const TR: Schema = &[&["tblPrEx"], &["trPr"], &["*"]];

/// `CT_TrPr`: `CT_TrPrBase` is a choice repeated in any order, then the
/// revision marks.
const TR_PR: Schema = &[
    &[
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
    ],
    &["ins"],
    &["del"],
    &["trPrChange"],
];

/// `CT_Tc`: the properties, then block content in any order.
const TC: Schema = &[&["tcPr"], &["*"]];

/// `CT_TcPr` (`CT_TcPrInner`, then `tcPrChange`).
const TC_PR: Schema = &[
    &["cnfStyle"],
    &["tcW"],
    &["gridSpan"],
    &["hMerge"],
    &["vMerge"],
    &["tcBorders"],
    &["shd"],
    &["noWrap"],
    &["tcMar"],
    &["textDirection"],
    &["tcFitText"],
    &["vAlign"],
    &["hideMark"],
    &["headers"],
    &["cellIns", "cellDel", "cellMerge"],
    &["tcPrChange"],
];

/// `CT_TcBorders` (`CT_TblBorders` is the same without the diagonals).
const BORDERS: Schema = &[
    &["top"],
    &["start"],
    &["left"],
    &["bottom"],
    &["end"],
    &["right"],
    &["insideH"],
    &["insideV"],
    &["tl2br"],
    &["tr2bl"],
];

/// `CT_TblCellMar`
const TBL_CELL_MAR: Schema = &[&["top"], &["start"], &["left"], &["bottom"], &["end"], &["right"]];

/// `CT_TblStylePr`
const TBL_STYLE_PR: Schema = &[&["pPr"], &["rPr"], &["tblPr"], &["trPr"], &["tcPr"]];

/// `CT_Tabs`: the tab stops of a paragraph (a row of pictures' caption).
const TABS: Schema = &[&["tab"]];

/// `CT_Drawing`: DrawingML's inline or anchor.
const DRAWING: Schema = &[&["wp:anchor", "wp:inline"]];

/// The content model of `node`, a WordprocessingML element, by its name and,
/// for the property containers that differ by place, its parent's.
fn model(node: Node) -> Option<(&'static str, Schema)> {
    let parent = node.parent_element().map(|p| p.tag_name().name());
    Some(match (node.tag_name().name(), parent) {
        ("document", _) => ("CT_Document", DOCUMENT),
        ("body", _) => ("CT_Body", BODY),
        ("p", _) => ("CT_P", P),
        ("r", _) => ("CT_R", R),
        ("hyperlink", _) => ("CT_Hyperlink", HYPERLINK),
        ("hdr" | "ftr", _) => ("CT_HdrFtr", HDR_FTR),
        ("pPr", Some("p")) => ("CT_PPr", PPR),
        ("pPr", _) => ("CT_PPrGeneral", PPR_GENERAL),
        ("rPr", Some("pPr")) => ("CT_ParaRPr", PARA_RPR),
        ("rPr", _) => ("CT_RPr", RPR),
        ("numPr", _) => ("CT_NumPr", NUM_PR),
        ("sectPr", _) => ("CT_SectPr", SECT_PR),
        ("styles", _) => ("CT_Styles", STYLES),
        ("style", _) => ("CT_Style", STYLE),
        ("docDefaults", _) => ("CT_DocDefaults", DOC_DEFAULTS),
        ("pPrDefault", _) => ("CT_PPrDefault", PPR_DEFAULT),
        ("rPrDefault", _) => ("CT_RPrDefault", RPR_DEFAULT),
        ("numbering", _) => ("CT_Numbering", NUMBERING),
        ("abstractNum", _) => ("CT_AbstractNum", ABSTRACT_NUM),
        ("lvl", _) => ("CT_Lvl", LVL),
        ("num", _) => ("CT_Num", NUM),
        ("lvlOverride", _) => ("CT_NumLvl", LVL_OVERRIDE),
        ("settings", _) => ("CT_Settings", SETTINGS),
        ("compat", _) => ("CT_Compat", COMPAT),
        ("fonts", _) => ("CT_FontsList", FONTS),
        ("font", _) => ("CT_Font", FONT),
        ("comments", _) => ("CT_Comments", COMMENTS),
        ("comment", _) => ("CT_Comment", COMMENT),
        ("drawing", _) => ("CT_Drawing", DRAWING),
        ("tbl", _) => ("CT_Tbl", TBL),
        ("tblPr", Some("tbl")) => ("CT_TblPr", TBL_PR),
        ("tblPr", _) => ("CT_TblPrBase", TBL_PR_BASE),
        ("tblGrid", _) => ("CT_TblGrid", TBL_GRID),
        ("tr", _) => ("CT_Row", TR),
        ("trPr", _) => ("CT_TrPr", TR_PR),
        ("tc", _) => ("CT_Tc", TC),
        ("tcPr", _) => ("CT_TcPr", TC_PR),
        ("tcBorders", _) => ("CT_TcBorders", BORDERS),
        ("tblBorders", _) => ("CT_TblBorders", &BORDERS[..8]),
        ("tblCellMar", _) => ("CT_TblCellMar", TBL_CELL_MAR),
        ("tblStylePr", _) => ("CT_TblStylePr", TBL_STYLE_PR),
        ("tabs", _) => ("CT_Tabs", TABS),
        _ => return None,
    })
}

/// `node`'s name as `wml.xsd` writes it: bare in its own namespace, with a
/// prefix in another.
fn schema_name(node: Node) -> String {
    let ns = node.tag_name().namespace().unwrap_or_default();
    let name = node.tag_name().name();
    if ns == W {
        return name.to_string();
    }
    match PREFIXES.iter().find(|(_, uri)| *uri == ns) {
        Some((prefix, _)) => format!("{prefix}:{name}"),
        None => format!("{{{ns}}}{name}"),
    }
}

/// The slot of `child` in `schema`: the one that names it, else a `*` one.
fn slot(schema: Schema, child: &str) -> Option<usize> {
    schema
        .iter()
        .position(|s| s.contains(&child))
        .or_else(|| schema.iter().position(|s| s.contains(&"*")))
}

/// What [`check_part`] records for a known deviation.
fn deviation(parent: &str, child: &str) -> String {
    format!("deviation: w:{parent} holds w:{child}")
}

/// Checks every WordprocessingML element of the part `name` that has
/// element children against its model: each child allowed, in the order of
/// the slots. Returns the models it checked and the known deviations it
/// met; an element with children and no model here fails (its model is to
/// be written in from `wml.xsd`).
pub fn check_part(name: &str, xml: &Document) -> BTreeSet<String> {
    let mut checked = BTreeSet::new();
    for node in xml.descendants().filter(|n| n.tag_name().namespace() == Some(W)) {
        let element = node.tag_name().name();
        let mut children: Vec<String> = node
            .children()
            .filter(|c| c.is_element())
            .map(schema_name)
            .collect();
        children.retain(|c| {
            let known = DEVIATIONS.iter().any(|(p, d, _)| *p == element && d == c);
            if known {
                checked.insert(deviation(element, c));
            }
            !known
        });
        if children.is_empty() {
            continue;
        }
        let (model_name, schema) = model(node).unwrap_or_else(|| {
            panic!("{name}: no content model for w:{element} here: write it in from wml.xsd")
        });
        let slots: Vec<usize> = children
            .iter()
            .map(|c| {
                slot(schema, c).unwrap_or_else(|| {
                    panic!("{name}: w:{element} ({model_name}) may not hold {c}: {children:?}")
                })
            })
            .collect();
        assert!(
            slots.windows(2).all(|w| w[0] <= w[1]),
            "{name}: the children of w:{element} are out of {model_name}'s order: {children:?}"
        );
        checked.insert(model_name.to_string());
    }
    checked
}

/// Fails when a known deviation no longer occurs in what was checked.
pub fn assert_deviations_seen(checked: &BTreeSet<String>) {
    for (parent, child, why) in DEVIATIONS {
        assert!(
            checked.contains(&deviation(parent, child)),
            "w:{parent} no longer holds w:{child} ({why}): strike it off DEVIATIONS"
        );
    }
}

#[test]
fn the_oracle_refuses_what_the_schema_refuses() {
    let part = |body: &str| {
        format!(
            r#"<w:document xmlns:w="{W}"><w:body><w:p>{body}<w:r><w:t>字</w:t></w:r></w:p></w:body></w:document>"#
        )
    };
    let ok = part(
        r#"<w:pPr><w:pStyle w:val="a"/><w:spacing/><w:jc w:val="left"/><w:rPr><w:sz w:val="2"/><w:rFonts/></w:rPr></w:pPr>"#,
    );
    let checked = check_part("ok", &Document::parse(&ok).unwrap());
    let want = ["CT_Body", "CT_Document", "CT_P", "CT_PPr", "CT_ParaRPr", "CT_R"];
    assert_eq!(checked, want.map(String::from).into());
    for bad in [
        // `jc` comes after `spacing` in CT_PPrBase.
        r#"<w:pPr><w:jc w:val="left"/><w:spacing/></w:pPr>"#,
        // A paragraph's properties come before its runs.
        r#"<w:r/><w:pPr><w:jc w:val="left"/></w:pPr>"#,
        // A paragraph mark's run properties end the paragraph's properties.
        r#"<w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="left"/></w:pPr>"#,
        // Not a paragraph property at all.
        r#"<w:pPr><w:t/></w:pPr>"#,
    ] {
        let xml = part(bad);
        let doc = Document::parse(&xml).unwrap();
        let failed = std::panic::catch_unwind(|| check_part("bad", &doc));
        assert!(failed.is_err(), "accepted: {bad}");
    }
}

#[test]
fn the_oracle_knows_tables() {
    let part = |tbl: &str| format!(r#"<w:document xmlns:w="{W}"><w:body>{tbl}</w:body></w:document>"#);
    let ok = part(concat!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/><w:tblW w:w="0"/><w:tblLook/></w:tblPr>"#,
        r#"<w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"#,
        r#"<w:tc><w:tcPr><w:tcW/><w:vMerge/><w:tcBorders><w:top/><w:bottom/></w:tcBorders><w:vAlign/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#
    ));
    let checked = check_part("ok", &Document::parse(&ok).unwrap());
    for model in [
        "CT_Tbl",
        "CT_TblPr",
        "CT_TblGrid",
        "CT_Row",
        "CT_TrPr",
        "CT_Tc",
        "CT_TcPr",
        "CT_TcBorders",
    ] {
        assert!(checked.contains(model), "{model}: {checked:?}");
    }
    for bad in [
        // The grid comes after the properties.
        r#"<w:tbl><w:tblGrid/><w:tblPr><w:tblW/></w:tblPr></w:tbl>"#,
        // The style comes first in a table's properties.
        r#"<w:tbl><w:tblPr><w:tblW/><w:tblStyle/></w:tblPr></w:tbl>"#,
        // A cell's borders come after its merge.
        r#"<w:tbl><w:tr><w:tc><w:tcPr><w:tcBorders><w:top/></w:tcBorders><w:gridSpan/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
        // The bottom border comes after the top one.
        r#"<w:tbl><w:tr><w:tc><w:tcPr><w:tcBorders><w:bottom/><w:top/></w:tcBorders></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
    ] {
        let xml = part(bad);
        let doc = Document::parse(&xml).unwrap();
        let failed = std::panic::catch_unwind(|| check_part("bad", &doc));
        assert!(failed.is_err(), "accepted: {bad}");
    }
}
