//! Writes the DOCX package (the zip) from the parts docx-rs renders, with
//! the few things docx-rs 0.4.22 cannot express added to its XML:
//!
//! - every `word/*.xml` part: the children of run, paragraph, section,
//!   style, numbering and settings containers are put in schema order
//!   ([`super::order`]); docx-rs writes them out of sequence.
//! - `styles.xml` and `numbering.xml`: docx-rs puts an empty `w:rPr` in
//!   every style's and numbering level's `w:pPr`, where the schema
//!   (`CT_PPrGeneral`) allows none; it is dropped.
//! - `styles.xml`: docx-rs always emits an empty `Normal` style before the
//!   style sheet's own, which would give two styles with the id `Normal`; the
//!   empty one is dropped, and ours is marked the default paragraph style
//!   (`w:default="1"`: what a paragraph without a style takes, in any
//!   program). The document language (`w:lang`, East Asian
//!   `zh-CN`) goes into the run defaults, and each style's
//!   `w:firstLineChars` into its `w:ind` (docx-rs drops that attribute).
//! - `document.xml`: each picture's `wp:docPr` gets a unique id, a name,
//!   its alt text (`descr`: a figure's caption words, a picture's text
//!   alternative, empty and Word's decorative mark for a decorative one)
//!   and the image's path in the source as
//!   its title (`title`, which Word and LibreOffice keep when they re-save:
//!   `import` writes the photo back under that name); docx-rs writes
//!   `id="1"` for all. Each table gets its own properties (`w:tblPr`: the
//!   table style, the width, `w:tblLook`) in place of docx-rs's, which
//!   would rule every cell directly, and its header rows are marked to
//!   repeat (`w:tblHeader`), which docx-rs cannot write.
//! - `styles.xml`, in a document with tables: the table styles
//!   ([`super::table::style_sheet_xml`]), whose header-row formatting
//!   (`w:tblStylePr`) docx-rs cannot write.
//! - media: docx-rs names every image `*.png`; a JPEG is stored as `*.jpeg`
//!   (the content type docx-rs already declares) and its relationship points
//!   there.
//! - `word/comments.xml` (and its content type) only when the document has
//!   comments: docx-rs writes the part always but relates it only then.
//! - `word/_rels/document.xml.rels`: docx-rs gathers the hyperlinks'
//!   relationships in a hash map, so their order changed from build to
//!   build; they are put in the order of their ids (`rIdHyperlink1`, `2`, …,
//!   which the body numbers in document order).
//! - `docProps/core.xml` is written here: docx-rs has no setter for title,
//!   subject, creator or language.
//! - `docProps/custom.xml` is written here ([`super::properties`]): docx-rs
//!   keeps custom properties in a hash map, so two or more would come out
//!   in a different order from build to build.
//! - the cover image, when the source names one, is the package thumbnail
//!   (`docProps/thumbnail.jpeg` or `.png`, related from `_rels/.rels`),
//!   which file browsers show and `import` writes back as the cover.
//! - `word/fontTable.xml` is written here: docx-rs lists only Times New
//!   Roman, Symbol and Arial. Each face the styles name is declared with the
//!   GB 2312 character set and the Windows Chinese font that should stand in
//!   for it (`w:altName`) where the Noto fonts are not installed, so Word and
//!   WPS substitute 宋体 for the serif and 黑体 for the sans instead of a
//!   font that cannot show Chinese.
//!
//! Every edit looks for an exact anchor and fails loudly when docx-rs writes
//! something else, so an upgrade cannot silently drop a setting. Entries are
//! deflated and dated 1980-01-01, so the same parts give the same bytes.

use anyhow::{bail, Context, Result};
use docx_rs::XMLDocx;

use super::table::TableInfo;
use crate::pack::patch::replace_once;
use crate::pack::xml::escape;

/// Metadata for `docProps/core.xml`.
pub struct CoreProperties<'a> {
    /// `dc:title`.
    pub title: &'a str,
    /// `dc:subject` (the subtitle), if any.
    pub subject: Option<&'a str>,
    /// `dc:creator`, if any.
    pub creator: Option<&'a str>,
    /// `dc:language`, a BCP 47 tag.
    pub language: &'a str,
    /// Created and modified date, seconds since 1970 (UTC).
    pub epoch: i64,
}

/// One drawing's alt text and name, in document order.
pub struct PictureInfo {
    /// The name shown in Word's selection pane, e.g. `图1`.
    pub name: String,
    /// The alt text (a figure's caption words, a picture's text
    /// alternative; empty when decorative).
    pub descr: String,
    /// Whether the picture is decorative: it gets Word's decorative mark
    /// ([`DECORATIVE_MARK`]).
    pub decorative: bool,
    /// The image's path in the source, e.g. `images/photo-1.jpg`.
    pub title: String,
}

/// What the packager adds to the parts docx-rs renders.
pub struct Additions<'a> {
    /// Core properties.
    pub core: CoreProperties<'a>,
    /// `w:firstLineChars` per style id (see [`super::styles::first_line_chars`]).
    pub first_line_chars: Vec<(String, i32)>,
    /// The East Asian language of the text, e.g. `zh-CN`.
    pub east_asian_lang: &'a str,
    /// The pictures, in document order.
    pub pictures: Vec<PictureInfo>,
    /// The tables, in document order.
    pub tables: Vec<TableInfo>,
    /// The table styles' XML, when the document has tables.
    pub table_styles: Option<String>,
    /// The font families the styles name, each with its stand-in.
    pub fonts: Vec<FontEntry<'a>>,
    /// `docProps/custom.xml`.
    pub custom: String,
    /// The cover image's bytes (JPEG or PNG), stored as the thumbnail.
    pub thumbnail: Option<&'a [u8]>,
}

/// The relationship type of a package thumbnail (ECMA-376 Part 2, §8.3).
pub const THUMBNAIL_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail";

/// A part's name and bytes.
type Part = (String, Vec<u8>);

/// The package relationships with the thumbnail's, and the thumbnail part,
/// when there is one.
fn thumbnail(rels: Vec<u8>, image: Option<&[u8]>) -> Result<(Vec<u8>, Option<Part>)> {
    let Some(image) = image else {
        return Ok((rels, None));
    };
    let ext = match image::guess_format(image) {
        Ok(image::ImageFormat::Jpeg) => "jpeg",
        Ok(image::ImageFormat::Png) => "png",
        _ => bail!("the cover is neither JPEG nor PNG"),
    };
    let part = format!("docProps/thumbnail.{ext}");
    let rels = replace_once(
        &String::from_utf8(rels)?,
        "</Relationships>",
        &format!(
            r#"<Relationship Id="rIdThumbnail" Type="{THUMBNAIL_RELATIONSHIP}" Target="{part}" /></Relationships>"#
        ),
        "_rels/.rels",
    )?;
    Ok((rels.into_bytes(), Some((part, image.to_vec()))))
}

/// A font family the document uses, as `word/fontTable.xml` declares it.
pub struct FontEntry<'a> {
    /// The family name the styles use, e.g. `Noto Serif SC`.
    pub name: &'a str,
    /// The installed font to use where it is missing, e.g. `宋体`.
    pub alt_name: &'a str,
    /// The generic family: `roman` (serif) or `swiss` (sans).
    pub family: &'a str,
}

/// The empty `Normal` style docx-rs 0.4.22 puts before the style sheet's own.
const DOCX_RS_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;

/// The relationship type of `word/comments.xml`.
const COMMENTS_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\"";

/// The content type docx-rs declares for `word/comments.xml`, present or not.
const DOCX_RS_COMMENTS_TYPE: &str = r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml" />"#;

/// The start of our Normal style, once docx-rs's own is gone.
const NORMAL_STYLE: &str = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;

/// The `wp:docPr` docx-rs writes for every picture.
const DOCX_RS_DOC_PR: &str = r#"<wp:docPr id="1" name="Figure" />"#;

/// Writes the package: the parts of `xml` with `add` applied.
pub fn write(mut xml: XMLDocx, add: &Additions) -> Result<Vec<u8>> {
    let styles = String::from_utf8(std::mem::take(&mut xml.styles))?;
    let styles = line_breaking_defaults(&drop_general_ppr_rpr(&patch_styles(&styles, add)?)?)?;
    let numbering = drop_general_ppr_rpr(&String::from_utf8(std::mem::take(&mut xml.numberings))?)?;
    let document = String::from_utf8(std::mem::take(&mut xml.document))?;
    let document = patch_tables(&patch_pictures(&document, &add.pictures)?, &add.tables)?;
    let mut rels = hyperlinks_in_order(&String::from_utf8(std::mem::take(&mut xml.document_rels))?)?;
    let has_comments = rels.contains(COMMENTS_RELATIONSHIP);
    let content_types = if has_comments {
        xml.content_type
    } else {
        replace_once(
            &String::from_utf8(xml.content_type)?,
            DOCX_RS_COMMENTS_TYPE,
            "",
            "[Content_Types].xml",
        )?
        .into_bytes()
    };
    let mut media = Vec::new();
    for (id, data) in std::mem::take(&mut xml.media) {
        let ext = match image::guess_format(&data) {
            Ok(image::ImageFormat::Jpeg) => "jpeg",
            Ok(image::ImageFormat::Png) => "png",
            _ => bail!("picture `{id}` is neither JPEG nor PNG"),
        };
        if ext != "png" {
            rels = replace_once(
                &rels,
                &format!("\"media/{id}.png\""),
                &format!("\"media/{id}.{ext}\""),
                "word/_rels/document.xml.rels",
            )
            .with_context(|| format!("relationship of picture `{id}`"))?;
        }
        media.push((format!("word/media/{id}.{ext}"), data));
    }

    let (package_rels, thumbnail) = thumbnail(xml.rels, add.thumbnail)?;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types),
        ("_rels/.rels".into(), package_rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), core_xml(&add.core).into_bytes()),
        ("docProps/custom.xml".into(), add.custom.clone().into_bytes()),
        ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.into_bytes()),
        ("word/settings.xml".into(), xml.settings),
        (
            "word/fontTable.xml".into(),
            font_table_xml(&add.fonts).into_bytes(),
        ),
        ("word/numbering.xml".into(), numbering.into_bytes()),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    parts.extend(thumbnail);
    if has_comments {
        parts.push(("word/comments.xml".into(), xml.comments));
    }
    // docx-rs renders relationship parts for headers and footers that do
    // not exist; like its own zipper, keep only those of existing parts.
    let mut header_rels = xml.header_rels.into_iter();
    for (i, h) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(r) = header_rels.next() {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), r));
        }
    }
    let mut footer_rels = xml.footer_rels.into_iter();
    for (i, f) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(r) = footer_rels.next() {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), r));
        }
    }
    parts.extend(media);

    let mut zip = crate::pack::zip::Writer::new(add.core.epoch)?;
    for (name, mut data) in parts {
        if name.starts_with("word/") && name.ends_with(".xml") {
            let xml = String::from_utf8(data).with_context(|| format!("{name} is not UTF-8"))?;
            data = super::order::schema_order(&xml)
                .with_context(|| format!("{name} is not well-formed"))?
                .into_bytes();
        }
        zip.deflated(&name, &data)?;
    }
    zip.finish()
}

/// Drops docx-rs's empty Normal, adds the language and the first-line
/// character indents.
fn patch_styles(styles: &str, add: &Additions) -> Result<String> {
    let mut s = replace_once(styles, DOCX_RS_NORMAL, "", STYLES)?;
    let lang = format!(
        r#"<w:lang w:val="en-US" w:eastAsia="{}" />"#,
        escape(add.east_asian_lang)
    );
    const EMPTY: &str = "<w:rPrDefault><w:rPr /></w:rPrDefault>";
    s = if s.contains(EMPTY) {
        replace_once(
            &s,
            EMPTY,
            &format!("<w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault>"),
            STYLES,
        )?
    } else {
        replace_once(
            &s,
            "</w:rPr></w:rPrDefault>",
            &format!("{lang}</w:rPr></w:rPrDefault>"),
            STYLES,
        )?
    };
    s = emphasis_dots(&s)?;
    if let Some(table_styles) = &add.table_styles {
        s = replace_once(&s, "</w:styles>", &format!("{table_styles}</w:styles>"), STYLES)?;
    }
    for (style, chars) in &add.first_line_chars {
        let start = s
            .find(&format!(r#"w:styleId="{style}">"#))
            .with_context(|| format!("style `{style}` not in styles.xml"))?;
        let end = start + s[start..].find("</w:style>").context("unterminated style")?;
        let ind = start
            + s[start..end]
                .find("<w:ind ")
                .with_context(|| format!("style `{style}` sets no indent"))?;
        let at = ind + "<w:ind ".len();
        s.insert_str(at, &format!(r#"w:firstLineChars="{chars}" "#));
    }
    replace_once(
        &s,
        NORMAL_STYLE,
        r#"<w:style w:type="paragraph" w:styleId="Normal" w:default="1">"#,
        STYLES,
    )
}

/// Gives the Emphasis character style its dots (`w:em w:val="dot"`).
fn emphasis_dots(styles: &str) -> Result<String> {
    let start = styles
        .find(&format!(r#"w:styleId="{}">"#, super::styles::id::EMPHASIS))
        .context("the Emphasis style is not in styles.xml")?;
    let end = start + styles[start..].find("</w:style>").context("unterminated style")?;
    let style = &styles[start..end];
    let em = r#"<w:em w:val="dot" />"#;
    let patched = if style.contains("<w:rPr />") {
        style.replacen("<w:rPr />", &format!("<w:rPr>{em}</w:rPr>"), 1)
    } else if style.contains("<w:rPr>") {
        style.replacen("<w:rPr>", &format!("<w:rPr>{em}"), 1)
    } else {
        format!("{style}<w:rPr>{em}</w:rPr>")
    };
    Ok(format!("{}{patched}{}", &styles[..start], &styles[end..]))
}

/// The start of every hyperlink relationship the body writes (see
/// `super::body`): its id is `rIdHyperlink` and the link's number.
const HYPERLINK_RELATIONSHIP: &str = r#"<Relationship Id="rIdHyperlink"#;

/// `rels` with its hyperlink relationships sorted by their number. docx-rs
/// writes them last, one after another, in its hash map's order; anything
/// else between them or after them is an error (its output changed).
fn hyperlinks_in_order(rels: &str) -> Result<String> {
    const PART: &str = "word/_rels/document.xml.rels";
    let Some(start) = rels.find(HYPERLINK_RELATIONSHIP) else {
        return Ok(rels.to_string());
    };
    let end = start
        + rels[start..]
            .find("</Relationships>")
            .with_context(|| format!("library output changed: {PART} is not closed"))?;
    let mut links = Vec::new();
    let mut rest = &rels[start..end];
    while !rest.is_empty() {
        let Some(tail) = rest.strip_prefix(HYPERLINK_RELATIONSHIP) else {
            bail!("library output changed: something else follows the hyperlinks in {PART}");
        };
        let close = rest
            .find("/>")
            .with_context(|| format!("library output changed: an unclosed relationship in {PART}"))?
            + 2;
        let number: u64 = tail
            .split('"')
            .next()
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("library output changed: a hyperlink id without a number in {PART}"))?;
        links.push((number, &rest[..close]));
        rest = &rest[close..];
    }
    links.sort_by_key(|(number, _)| *number);
    let sorted: String = links.into_iter().map(|(_, r)| r).collect();
    Ok(format!("{}{sorted}{}", &rels[..start], &rels[end..]))
}

/// The part the style patches apply to, as messages name it.
const STYLES: &str = "word/styles.xml";

/// The paragraph defaults docx-rs writes (once its empty `w:rPr` is gone).
const DOCX_RS_PPR_DEFAULT: &str = "<w:pPrDefault><w:pPr></w:pPr></w:pPrDefault>";

/// The line-breaking rules of [`crate::text::linebreak`], as Word settings for
/// every paragraph: East Asian line-start and line-end rules on
/// (`kinsoku`), no punctuation hanging past the margin (`overflowPunct`
/// off: the PDF's lines end flush), and no space added between Chinese and
/// Latin letters or digits (`autoSpaceDE`/`autoSpaceDN` off: the PDF and
/// the EPUB keep the spacing the source has).
const LINE_BREAKING: &str = concat!(
    r#"<w:pPrDefault><w:pPr><w:kinsoku w:val="1" /><w:overflowPunct w:val="0" />"#,
    r#"<w:autoSpaceDE w:val="0" /><w:autoSpaceDN w:val="0" /></w:pPr></w:pPrDefault>"#,
);

/// Puts [`LINE_BREAKING`] into the document defaults of `styles.xml`.
fn line_breaking_defaults(styles: &str) -> Result<String> {
    replace_once(styles, DOCX_RS_PPR_DEFAULT, LINE_BREAKING, STYLES)
}

/// The empty run properties docx-rs writes first in a `w:pPr`.
const DOCX_RS_PPR_RPR: &str = "<w:pPr><w:rPr />";

/// Drops the empty `w:rPr` from every `w:pPr` of a styles or numbering
/// part, whose paragraph properties (`CT_PPrGeneral`) have no run
/// properties.
fn drop_general_ppr_rpr(part: &str) -> Result<String> {
    if !part.contains(DOCX_RS_PPR_RPR) {
        bail!("docx-rs output changed: `{DOCX_RS_PPR_RPR}` not found");
    }
    Ok(part.replace(DOCX_RS_PPR_RPR, "<w:pPr>"))
}

/// The extension Word writes in a decorative picture's `wp:docPr` (Alt
/// Text pane: "Mark as decorative"); the `a` namespace is declared here,
/// as docx-rs declares it only further in, on `a:graphic`.
pub const DECORATIVE_MARK: &str = concat!(
    r#"<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#,
    r#"<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">"#,
    r#"<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1" />"#,
    "</a:ext></a:extLst>",
);

/// Gives each picture's `wp:docPr` a unique id, its name and its alt text,
/// and a decorative picture Word's mark ([`DECORATIVE_MARK`]).
fn patch_pictures(document: &str, pictures: &[PictureInfo]) -> Result<String> {
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    for (i, pic) in pictures.iter().enumerate() {
        let at = rest
            .find(DOCX_RS_DOC_PR)
            .with_context(|| format!("picture {} has no wp:docPr", i + 1))?;
        out.push_str(&rest[..at]);
        let attributes = format!(
            r#"id="{}" name="{}" descr="{}" title="{}""#,
            i + 1,
            escape(&pic.name),
            escape(&pic.descr),
            escape(&pic.title)
        );
        if pic.decorative {
            out.push_str(&format!("<wp:docPr {attributes}>{DECORATIVE_MARK}</wp:docPr>"));
        } else {
            out.push_str(&format!("<wp:docPr {attributes} />"));
        }
        rest = &rest[at + DOCX_RS_DOC_PR.len()..];
    }
    if rest.contains(DOCX_RS_DOC_PR) {
        bail!("more pictures in document.xml than in the model");
    }
    out.push_str(rest);
    Ok(out)
}

/// Gives each table (a `w:tbl` of the body, in document order) its
/// properties and marks its header rows to repeat on every page.
fn patch_tables(document: &str, tables: &[TableInfo]) -> Result<String> {
    const PART: &str = "word/document.xml";
    if tables.is_empty() {
        return Ok(document.to_string());
    }
    let xml = roxmltree::Document::parse(document).with_context(|| format!("{PART} is not well-formed"))?;
    let is = |n: &roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name;
    let found: Vec<roxmltree::Node> = xml
        .descendants()
        .filter(|n| is(n, "tbl") && !n.ancestors().skip(1).any(|a| is(&a, "tbl")))
        .collect();
    if found.len() != tables.len() {
        bail!(
            "library output changed: {} tables in {PART}, {} in the model",
            found.len(),
            tables.len()
        );
    }
    // (byte range replaced, text put there), in document order.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (tbl, info) in found.iter().zip(tables) {
        let tbl_pr = tbl
            .children()
            .find(|n| is(n, "tblPr"))
            .with_context(|| format!("library output changed: a table without w:tblPr in {PART}"))?;
        edits.push((tbl_pr.range(), info.properties.clone()));
        for tr in tbl.children().filter(|n| is(n, "tr")).take(info.head_rows) {
            let tr_pr = tr
                .children()
                .find(|n| is(n, "trPr"))
                .with_context(|| format!("library output changed: a table row without w:trPr in {PART}"))?;
            let range = tr_pr.range();
            let text = &document[range.clone()];
            let marked = match text.strip_suffix("</w:trPr>") {
                Some(open) => format!("{open}<w:tblHeader /></w:trPr>"),
                None => "<w:trPr><w:tblHeader /></w:trPr>".to_string(),
            };
            edits.push((range, marked));
        }
    }
    let mut out = String::with_capacity(document.len() + edits.len() * 64);
    let mut cursor = 0;
    for (range, text) in edits {
        out.push_str(&document[cursor..range.start]);
        out.push_str(&text);
        cursor = range.end;
    }
    out.push_str(&document[cursor..]);
    Ok(out)
}

/// `word/fontTable.xml`: charset 86 is GB 2312.
fn font_table_xml(fonts: &[FontEntry]) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    ));
    for f in fonts {
        s.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}" /><w:charset w:val="86" /><w:family w:val="{}" /><w:pitch w:val="variable" /></w:font>"#,
            escape(f.name),
            escape(f.alt_name),
            escape(f.family)
        ));
    }
    s.push_str("</w:fonts>");
    s
}

/// `docProps/core.xml`.
fn core_xml(core: &CoreProperties) -> String {
    let date = crate::input::epoch::iso8601(core.epoch);
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    s.push_str(&format!("<dc:title>{}</dc:title>", escape(core.title)));
    if let Some(subject) = core.subject {
        s.push_str(&format!("<dc:subject>{}</dc:subject>", escape(subject)));
    }
    if let Some(creator) = core.creator {
        s.push_str(&format!("<dc:creator>{}</dc:creator>", escape(creator)));
    }
    s.push_str(&format!(
        "<dc:language>{}</dc:language><cp:revision>1</cp:revision>",
        escape(core.language)
    ));
    s.push_str(&format!(
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#
    ));
    s.push_str("</cp:coreProperties>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn additions() -> Additions<'static> {
        Additions {
            core: CoreProperties {
                title: "标题 & <题>",
                subject: None,
                creator: Some("办公厅"),
                language: "zh-CN",
                epoch: 86_400,
            },
            first_line_chars: vec![("Normal".into(), 200), ("Title".into(), 0)],
            east_asian_lang: "zh-CN",
            pictures: vec![],
            tables: vec![],
            table_styles: None,
            fonts: vec![FontEntry {
                name: "Noto Serif SC",
                alt_name: "宋体",
                family: "roman",
            }],
            custom: String::new(),
            thumbnail: None,
        }
    }

    /// The styles part as docx-rs 0.4.22 renders it for a Normal and a
    /// Title style that set indents.
    fn docx_rs_styles() -> String {
        use docx_rs::{SpecialIndentType, Style, StyleType};
        let indent = |s: Style| s.indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
        let docx = docx_rs::Docx::new()
            .add_style(indent(Style::new("Normal", StyleType::Paragraph).name("Normal")))
            .add_style(indent(Style::new("Title", StyleType::Paragraph).name("Title")))
            .add_style(Style::new("Emphasis", StyleType::Character).name("Emphasis"));
        String::from_utf8(docx.build().styles).unwrap()
    }

    #[test]
    fn hyperlink_relationships_are_put_in_link_order() {
        let link = |n: u32| {
            format!(
                r#"<Relationship Id="rIdHyperlink{n}" Type="t/hyperlink" Target="u{n}" TargetMode="External" />"#
            )
        };
        let head =
            r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="t/styles" Target="styles.xml" />"#;
        let rels = format!("{head}{}{}{}</Relationships>", link(10), link(2), link(1));
        let sorted = format!("{head}{}{}{}</Relationships>", link(1), link(2), link(10));
        assert_eq!(hyperlinks_in_order(&rels).unwrap(), sorted);
        let none = format!("{head}</Relationships>");
        assert_eq!(hyperlinks_in_order(&none).unwrap(), none);
        let mixed = format!(
            "{head}{}<Relationship Id=\"rId9\" />{}</Relationships>",
            link(2),
            link(1)
        );
        assert!(hyperlinks_in_order(&mixed).is_err());
    }

    #[test]
    fn styles_get_one_normal_the_language_and_first_line_chars() {
        let before = docx_rs_styles();
        assert_eq!(
            before.matches(r#"w:styleId="Normal""#).count(),
            2,
            "docx-rs adds its own Normal"
        );
        let after = patch_styles(&before, &additions()).unwrap();
        assert_eq!(after.matches(r#"w:styleId="Normal""#).count(), 1);
        assert!(after.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault>"#));
        assert!(after.contains(r#"<w:ind w:firstLineChars="200" "#));
        assert!(after.contains(r#"<w:ind w:firstLineChars="0" "#));
        assert!(after.contains(r#"<w:em w:val="dot" />"#), "{after}");
        roxmltree::Document::parse(&after).expect("still well-formed");
    }

    #[test]
    fn style_paragraph_properties_lose_their_empty_run_properties() {
        let before = docx_rs_styles();
        assert!(before.contains(DOCX_RS_PPR_RPR));
        let after = drop_general_ppr_rpr(&before).unwrap();
        let doc = roxmltree::Document::parse(&after).expect("still well-formed");
        let ppr_rpr = doc
            .descendants()
            .filter(|n| n.has_tag_name("pPr"))
            .flat_map(|p| p.children())
            .filter(|n| n.has_tag_name("rPr"))
            .count();
        assert_eq!(ppr_rpr, 0);
        assert_eq!(
            after.matches("<w:rPr").count(),
            before.matches("<w:rPr").count() - before.matches(DOCX_RS_PPR_RPR).count(),
            "only those in a pPr go"
        );
        assert!(drop_general_ppr_rpr("<w:styles/>").is_err());
    }

    #[test]
    fn a_changed_docx_rs_output_is_an_error_not_a_silent_loss() {
        assert!(patch_styles("<w:styles/>", &additions()).is_err());
        let mut add = additions();
        add.first_line_chars.push(("Missing".into(), 0));
        assert!(patch_styles(&docx_rs_styles(), &add).is_err());
        let pictures = [PictureInfo {
            name: "图1".into(),
            descr: "说明".into(),
            decorative: false,
            title: "images/a.jpg".into(),
        }];
        assert!(patch_pictures("<w:document/>", &pictures).is_err());
        let two = format!("{DOCX_RS_DOC_PR}{DOCX_RS_DOC_PR}");
        assert!(
            patch_pictures(&two, &pictures).is_err(),
            "more pictures than figures"
        );
    }

    #[test]
    fn pictures_get_ids_names_and_escaped_alt_text() {
        let doc = format!("<a>{DOCX_RS_DOC_PR}</a><b>{DOCX_RS_DOC_PR}</b>");
        let pictures = [
            PictureInfo {
                name: "图1".into(),
                descr: "“甲”&乙".into(),
                decorative: false,
                title: "images/a.jpg".into(),
            },
            PictureInfo {
                name: "图2".into(),
                descr: "丙".into(),
                decorative: false,
                title: "images/b.png".into(),
            },
        ];
        let out = patch_pictures(&doc, &pictures).unwrap();
        assert_eq!(
            out,
            r#"<a><wp:docPr id="1" name="图1" descr="“甲”&amp;乙" title="images/a.jpg" /></a><b><wp:docPr id="2" name="图2" descr="丙" title="images/b.png" /></b>"#
        );
        let rule = [PictureInfo {
            name: "图片1".into(),
            descr: String::new(),
            decorative: true,
            title: "images/rule.png".into(),
        }];
        let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
        let out = patch_pictures(&format!(r#"<a xmlns:wp="{wp}">{DOCX_RS_DOC_PR}</a>"#), &rule).unwrap();
        let xml = roxmltree::Document::parse(&out).expect("well-formed");
        let mark = xml
            .descendants()
            .find(|n| n.has_tag_name("decorative"))
            .expect("the decorative mark");
        assert_eq!(mark.attribute("val"), Some("1"));
        assert_eq!(
            mark.ancestors()
                .find(|n| n.has_tag_name("docPr"))
                .and_then(|n| n.attribute("descr")),
            Some("")
        );
    }

    #[test]
    fn paragraph_defaults_carry_the_line_breaking_rules() {
        let styles = drop_general_ppr_rpr(&docx_rs_styles()).unwrap();
        let out = line_breaking_defaults(&styles).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        let ppr = doc
            .descendants()
            .find(|n| n.has_tag_name((w, "pPrDefault")))
            .unwrap();
        let val = |tag: &str| {
            ppr.descendants()
                .find(|n| n.has_tag_name((w, tag)))
                .and_then(|n| n.attribute((w, "val")))
        };
        assert_eq!(
            ["kinsoku", "overflowPunct", "autoSpaceDE", "autoSpaceDN"].map(val),
            [Some("1"), Some("0"), Some("0"), Some("0")]
        );
        assert!(
            line_breaking_defaults("<w:styles/>").is_err(),
            "a changed docx-rs output must be an error"
        );
    }

    #[test]
    fn font_table_names_the_faces_and_their_stand_ins() {
        let xml = font_table_xml(&additions().fonts);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let font = doc.descendants().find(|n| n.has_tag_name("font")).unwrap();
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        assert_eq!(font.attribute((w, "name")), Some("Noto Serif SC"));
        let val = |tag| {
            font.children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.attribute((w, "val")))
        };
        assert_eq!(
            (val("altName"), val("charset"), val("family")),
            (Some("宋体"), Some("86"), Some("roman"))
        );
    }

    #[test]
    fn core_properties_are_escaped_and_dated_from_the_epoch() {
        let xml = core_xml(&additions().core);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let text = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
        };
        assert_eq!(text("title"), Some("标题 & <题>"));
        assert_eq!(text("subject"), None);
        assert_eq!(text("creator"), Some("办公厅"));
        assert_eq!(text("created"), Some("1970-01-02T00:00:00Z"));
        assert_eq!(text("modified"), Some("1970-01-02T00:00:00Z"));
    }
}
