//! The EPUB backend: an EPUB 3 book (with an NCX for older readers) for
//! e-readers, accessible (EPUB Accessibility 1.1, checked with Ace by DAISY
//! in the tests).
//!
//! The book holds a title page, the opening (the blocks before the first
//! heading, if any), then one XHTML document per top-level section (see
//! `xhtml::chapters`; tables in `xhtml::table`), a stylesheet with font
//! subsets of the body and heading faces (and table rules when the book has
//! a table, and for the kinds of picture it has), the pictures' images
//! (each once) and a generated cover (`cover`). The
//! navigation (`nav`) lists every heading, nested as in the model, the
//! print edition's pages — marked in the text where the print edition's
//! pages begin, from the [`PageMap`] the caller hands over — and landmarks
//! for the title page and the body.
//!
//! Everything is derived from the model and the assets only: the identifier
//! is a UUID v5 of the content, `dcterms:modified` and the zip entry times
//! come from [`Assets::epoch`], so the same source gives the same bytes.

mod cover;
mod metadata;
mod nav;
mod package;
mod punctuation;
mod style;
mod xhtml;

use std::collections::BTreeMap;

use anyhow::{anyhow, Context, Result};
use chrono::DateTime;
use uuid::Uuid;

use crate::input::assets::Assets;
use crate::model::{walk, Block, Document, Heading, PageMap, PicturePlace};
use nav::{Landmark, Navigation, TocEntry};
use package::Item;
use xhtml::{ImageRef, PageMarks, Writer};

pub use metadata::CONFORMS_TO;

/// The stylesheet's path, beside the content.
const STYLESHEET: &str = "stylesheet.css";

/// The title of the navigation document (目录, "contents").
const TOC_NAME: &str = "目录";

/// The heading of the print page list (页码, "page numbers").
const PAGES_NAME: &str = "页码";

/// The title page's file name.
const TITLE_PAGE: &str = "title.xhtml";

/// The file holding the blocks before the first chapter, if there are any.
const OPENING: &str = "opening.xhtml";

/// The label of the body's landmark (正文, "main text").
const BODY_NAME: &str = "正文";

/// The cover image's manifest id.
const COVER_ID: &str = "cover-image";

/// The print edition the page numbers come from (the PDF, A4).
const PAGE_SOURCE: &str = "PDF 印刷版（A4）";

/// The media types of the entries.
const XHTML: &str = "application/xhtml+xml";

/// The namespace of zhpress book identifiers (a fixed random UUID).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x39a9_7cd0_d0b5_4091_a490_bd39_bc97_4803);

/// Renders the document as EPUB bytes; `page_map` gives where the print
/// edition's pages begin, which the book marks as its page list. It is
/// called after the fonts are subset, so a caller laying out the print
/// edition at the same time can hand its result over.
pub fn render(
    doc: &Document,
    assets: &Assets,
    page_map: impl FnOnce() -> Result<PageMap>,
) -> Result<Vec<u8>> {
    let fonts = style::font_subsets(doc, &assets.fonts, &[TOC_NAME, PAGES_NAME, BODY_NAME])?;
    let images = image_refs(doc, assets)?;
    let cover = match &doc.meta.cover {
        Some(src) => {
            let asset = assets
                .images
                .get(src)
                .ok_or_else(|| anyhow!("{}: cover image `{src}` was not loaded", doc.source_name))?;
            let href = format!("images/cover.{}", asset.format.extension());
            (href, asset.format.media_type(), asset.data.clone())
        }
        None => (
            "images/cover.png".to_string(),
            "image/png",
            cover::render(&doc.meta, &assets.fonts)?,
        ),
    };
    let lang = doc.meta.lang.as_str();
    let identifier = format!("urn:uuid:{}", identifier(doc, assets)?);

    // Tables' rules only in a book that has one.
    let tables = (!doc.tables().is_empty()).then_some(doc.meta.table_rules);
    // Pictures' rules only for the kinds it has.
    let shapes = doc.picture_shapes();
    let pictures = style::PictureKinds {
        rows: shapes.iter().any(|p| p.place == PicturePlace::Row),
        inline: shapes.iter().any(|p| p.place == PicturePlace::Inline),
    };
    let mut items = vec![Item {
        id: "css".into(),
        href: STYLESHEET.into(),
        media_type: "text/css",
        properties: "",
        spine: false,
        data: style::stylesheet(&fonts, doc.meta.punctuation, tables, pictures).into_bytes(),
    }];
    for (i, font) in fonts.into_iter().enumerate() {
        items.push(Item {
            id: format!("font-{}", i + 1),
            href: font.href,
            media_type: "font/ttf",
            properties: "",
            spine: false,
            data: font.data,
        });
    }
    for (i, (src, image)) in images.iter().enumerate() {
        let asset = assets
            .images
            .get(src)
            .context("image_refs names only loaded images")?;
        items.push(Item {
            id: format!("image-{}", i + 1),
            href: image.href.clone(),
            media_type: asset.format.media_type(),
            properties: "",
            spine: false,
            data: asset.data.clone(),
        });
    }
    items.push(Item {
        id: COVER_ID.into(),
        href: cover.0,
        media_type: cover.1,
        properties: "cover-image",
        spine: false,
        data: cover.2,
    });

    let mut marks = PageMarks::new(&page_map()?);
    let (opening, chapters) = xhtml::chapters(doc);
    // Where each heading is, in document order: the table of contents.
    let mut targets: Vec<(&Heading, String)> = Vec::new();
    let mut documents: Vec<(String, String, String)> = Vec::new();

    marks.enter(TITLE_PAGE);
    let title_page = xhtml::title_page(doc, &mut marks);
    documents.push((TITLE_PAGE.into(), doc.meta.title.clone(), title_page));

    if !opening.is_empty() {
        marks.enter(OPENING);
        let mut w = Writer::new(&images, &mut marks);
        w.blocks(opening)?;
        documents.push((OPENING.into(), doc.meta.title.clone(), w.finish()));
        add_targets(&mut targets, OPENING, opening);
    }
    for chapter in &chapters {
        let file = chapter.file_name();
        marks.enter(&file);
        let mut w = Writer::new(&images, &mut marks);
        w.raw(&format!(
            "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{}\">\n",
            xhtml::escape(&chapter.heading.id)
        ));
        w.blocks(chapter.blocks)?;
        w.raw("</section>\n");
        documents.push((file.clone(), chapter.heading.text(), w.finish()));
        targets.push((chapter.heading, file.clone()));
        add_targets(&mut targets, &file, &chapter.blocks[1..]);
    }
    if let Some((_, _, last)) = documents.last_mut() {
        last.push_str(&marks.rest());
    }
    // Nested as the model's heading tree (the targets are its headings, in
    // its order).
    let depths = doc.heading_tree().depths();
    debug_assert_eq!(depths.len(), targets.len());
    let mut toc: Vec<TocEntry> = targets
        .into_iter()
        .zip(depths)
        .map(|((h, href), depth)| TocEntry {
            depth,
            label: h.text(),
            href,
        })
        .collect();
    if toc.is_empty() {
        // A nav needs one entry: without headings, the title page.
        toc.push(TocEntry {
            depth: 1,
            label: doc.meta.title.clone(),
            href: TITLE_PAGE.into(),
        });
    }
    let body_start = documents.get(1).map_or(TITLE_PAGE, |d| d.0.as_str()).to_string();
    for (k, (file, title, body)) in documents.into_iter().enumerate() {
        let body_type = if k == 0 { "frontmatter" } else { "bodymatter" };
        items.push(Item {
            id: format!("text-{}", file.trim_end_matches(".xhtml")),
            href: file,
            media_type: XHTML,
            properties: "",
            spine: true,
            data: xhtml::page(lang, &title, body_type, &body).into_bytes(),
        });
    }

    let landmarks = [
        Landmark {
            kind: "titlepage",
            label: doc.meta.title.clone(),
            href: TITLE_PAGE.into(),
        },
        Landmark {
            kind: "bodymatter",
            label: BODY_NAME.into(),
            href: body_start,
        },
    ];
    let navigation = Navigation {
        lang,
        title: &doc.meta.title,
        identifier: &identifier,
        toc_name: TOC_NAME,
        pages_name: PAGES_NAME,
        toc: &toc,
        pages: marks.placed(),
        landmarks: &landmarks,
    };
    items.push(Item {
        id: "nav".into(),
        href: "nav.xhtml".into(),
        media_type: XHTML,
        properties: "nav",
        spine: false,
        data: nav::document(&navigation, STYLESHEET).into_bytes(),
    });
    items.push(Item {
        id: "ncx".into(),
        href: "toc.ncx".into(),
        media_type: "application/x-dtbncx+xml",
        properties: "",
        spine: false,
        data: nav::ncx(&navigation).into_bytes(),
    });

    let modified = DateTime::from_timestamp(assets.epoch, 0)
        .ok_or_else(|| anyhow!("build time {} is out of range", assets.epoch))?
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let facts = metadata::Facts {
        identifier: &identifier,
        modified: &modified,
        cover_id: COVER_ID,
        page_source: PAGE_SOURCE,
    };
    let opf = package::opf(lang, &metadata::metadata(doc, &facts), &items);
    package::zip(&opf, &items, assets.epoch)
}

/// Adds the headings in `blocks` (written to `file`, nested in quotes and
/// lists too) to `targets`, each with its link.
fn add_targets<'a>(targets: &mut Vec<(&'a Heading, String)>, file: &str, blocks: &'a [Block]) {
    walk(blocks, &mut |b| {
        if let Block::Heading(h) = b {
            targets.push((h, format!("{file}#{}", h.id)));
        }
    });
}

/// The pictures' images, keyed by their source path
/// ([`crate::model::Figure::src`], [`crate::model::InlineImage::src`]),
/// each once however often it is shown: named after the first numbered
/// figure that shows it (`images/figure-N.jpg`), else `images/picture-K.png`
/// with K = 1, 2… over the other images in reading order; the extension is
/// the stored format's (a GIF is stored as PNG).
fn image_refs(doc: &Document, assets: &Assets) -> Result<BTreeMap<String, ImageRef>> {
    let mut numbers = BTreeMap::new();
    for fig in doc.figures() {
        if let Some(n) = fig.number() {
            numbers.entry(fig.src.as_str()).or_insert(n);
        }
    }
    let mut images = BTreeMap::new();
    let mut others = 0;
    for (src, line) in doc.image_sources() {
        let asset = assets
            .images
            .get(src)
            .ok_or_else(|| anyhow!("{}:{line}: image `{src}` was not loaded", doc.source_name))?;
        let name = match numbers.get(src) {
            Some(n) => format!("figure-{n}"),
            None => {
                others += 1;
                format!("picture-{others}")
            }
        };
        let image = ImageRef {
            href: format!("images/{name}.{}", asset.format.extension()),
            width: asset.width,
            height: asset.height,
        };
        images.insert(src.to_string(), image);
    }
    Ok(images)
}

/// The book's identifier: a UUID v5 of the model (metadata and blocks, not
/// the source's file name) and the pictures' images (the figures', then
/// those inside text), so it stays the same as long as the content does,
/// wherever the source is built from.
fn identifier(doc: &Document, assets: &Assets) -> Result<Uuid> {
    let mut content = serde_json::to_vec(&(&doc.meta, &doc.blocks)).context("cannot serialise the model")?;
    let figures = doc.figures().into_iter().map(|f| f.src.as_str());
    let inline = doc.inline_images().into_iter().map(|(i, _)| i.src.as_str());
    for src in figures.chain(inline) {
        if let Some(image) = assets.images.get(src) {
            content.extend_from_slice(&image.data);
        }
    }
    Ok(Uuid::new_v5(&ID_NAMESPACE, &content))
}
