//! The EPUB backend: an EPUB 3 book (with an NCX for older readers) for
//! e-readers, built with epub-builder.
//!
//! The book holds a title page, the opening (the blocks before the first
//! heading, if any), then one XHTML document per top-level section (see
//! `xhtml::chapters`), a stylesheet with font subsets of the
//! body and heading faces, and the figures' images. The navigation lists
//! every heading, nested as in the model, and has landmarks for the title
//! page and the body.
//!
//! Everything is derived from the model and the assets only: the identifier
//! is a UUID v5 of the content, `dcterms:modified` and the zip entry times
//! come from [`Assets::epoch`], so the same source gives the same bytes.
//! `package::repack` works around what epub-builder 0.8.3 gets wrong for
//! that (entry times) and for epubcheck (see `fixes`).

mod package;
mod style;
mod xhtml;

use std::collections::BTreeMap;

use anyhow::{anyhow, Context, Result};
use chrono::DateTime;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use uuid::Uuid;

use crate::input::assets::Assets;
use crate::model::{walk, Block, Document, Heading};
use package::Fix;
use xhtml::{escape, ImageRef, Writer};

/// The stylesheet's path (epub-builder's fixed name, beside the content).
const STYLESHEET: &str = "stylesheet.css";

/// The title of the navigation document (目录, "contents").
const TOC_NAME: &str = "目录";

/// The title page's file name.
const TITLE_PAGE: &str = "title.xhtml";

/// The file holding the blocks before the first chapter, if there are any.
const OPENING: &str = "opening.xhtml";

/// The label of the body's landmark (正文, "main text").
const BODY_NAME: &str = "正文";

/// The media type of the embedded TrueType fonts.
const FONT_MEDIA_TYPE: &str = "font/ttf";

/// The namespace of zhpress book identifiers (a fixed random UUID).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x39a9_7cd0_d0b5_4091_a490_bd39_bc97_4803);

/// Renders the document as EPUB bytes.
pub fn render(doc: &Document, assets: &Assets) -> Result<Vec<u8>> {
    let fonts = style::font_subsets(doc, &assets.fonts, &[TOC_NAME, BODY_NAME])?;
    let images = image_refs(doc, assets)?;
    let lang = doc.meta.lang.as_str();

    let mut book = EpubBuilder::new(ZipLibrary::new()?)?;
    book.epub_version(EpubVersion::V30);
    book.set_title(doc.meta.title.as_str());
    if let Some(author) = &doc.meta.author {
        book.add_author(author.as_str());
    }
    book.add_language(lang);
    book.set_generator("zhpress");
    book.set_toc_name(TOC_NAME);
    book.set_uuid(identifier(doc, assets)?);
    book.set_modified_date(
        DateTime::from_timestamp(assets.epoch, 0)
            .ok_or_else(|| anyhow!("build time {} is out of range", assets.epoch))?,
    );
    book.stylesheet(style::stylesheet(&fonts).as_bytes())?;
    for font in &fonts {
        book.add_resource(&font.href, font.data.as_slice(), FONT_MEDIA_TYPE)?;
    }
    for (src, image) in &images {
        let asset = assets
            .images
            .get(src)
            .context("image_refs names only loaded images")?;
        book.add_resource(&image.href, asset.data.as_slice(), asset.format.media_type())?;
    }

    let (opening, chapters) = xhtml::chapters(doc);
    let base_level = chapters.first().map_or(1, |c| c.heading.level);
    let page = xhtml::page(lang, &doc.meta.title, "frontmatter", &xhtml::title_page(doc));
    let title_page = EpubContent::new(TITLE_PAGE, page.as_bytes());
    book.add_content(if chapters.is_empty() {
        // Without chapters the title page is the navigation's one entry (a
        // nav needs one); the opening's headings, if any, go under it.
        let mut content = title_page.title(doc.meta.title.as_str());
        add_toc_entries(&mut content.toc, OPENING, &headings_in(opening), base_level);
        content
    } else {
        title_page.reftype(ReferenceType::TitlePage)
    })?;

    let mut body_start = None;
    if !opening.is_empty() {
        let mut w = Writer::new(&images);
        w.blocks(opening)?;
        let page = xhtml::page(lang, &doc.meta.title, "bodymatter", &w.finish());
        let content = EpubContent::new(OPENING, page.as_bytes());
        let headings = headings_in(opening);
        book.add_content(match headings.split_first() {
            // Headings nested in a quote or list before the first chapter:
            // the first is the opening's entry, the others go under it.
            Some((first, rest)) if !chapters.is_empty() => {
                let mut content = content.title(first.text());
                add_toc_entries(&mut content.toc, OPENING, rest, base_level);
                content
            }
            _ => content.reftype(ReferenceType::Text),
        })?;
        body_start = Some(OPENING.to_string());
    }
    for chapter in &chapters {
        let mut w = Writer::new(&images);
        w.raw("<section epub:type=\"chapter\">\n");
        w.blocks(chapter.blocks)?;
        w.raw("</section>\n");
        let title = chapter.heading.text();
        let page = xhtml::page(lang, &title, "bodymatter", &w.finish());
        let file = chapter.file_name();
        let mut content = EpubContent::new(file.as_str(), page.as_bytes()).title(title);
        add_toc_entries(
            &mut content.toc,
            &file,
            &headings_in(&chapter.blocks[1..]),
            base_level,
        );
        book.add_content(content)?;
        body_start.get_or_insert(file);
    }

    let mut bytes = Vec::new();
    book.generate(&mut bytes)?;
    package::repack(
        &bytes,
        package::zip_time(assets.epoch)?,
        &fixes(doc, body_start.as_deref().unwrap_or(TITLE_PAGE)),
    )
}

/// The headings in `blocks`, including those nested in quotes and lists.
fn headings_in(blocks: &[Block]) -> Vec<&Heading> {
    let mut out = Vec::new();
    walk(blocks, &mut |b| {
        if let Block::Heading(h) = b {
            out.push(h)
        }
    });
    out
}

/// Adds `headings` under `toc` (the entry of `file`), nested by level
/// (`base_level` is the level of a chapter heading).
fn add_toc_entries(toc: &mut TocElement, file: &str, headings: &[&Heading], base_level: u8) {
    for h in headings {
        let level = i32::from(h.level) - i32::from(base_level) + 1;
        toc.add(TocElement::new(format!("{file}#{}", h.id), h.text()).level(level));
    }
}

/// The images of the figures, keyed by [`crate::model::Figure::src`], named
/// after the first figure that shows each.
fn image_refs(doc: &Document, assets: &Assets) -> Result<BTreeMap<String, ImageRef>> {
    let mut images = BTreeMap::new();
    for fig in doc.figures() {
        if images.contains_key(&fig.src) {
            continue;
        }
        let asset = assets.images.get(&fig.src).ok_or_else(|| {
            anyhow!(
                "{}:{}: image `{}` of figure {} was not loaded",
                doc.source_name,
                fig.line,
                fig.src,
                fig.number
            )
        })?;
        let image = ImageRef {
            href: format!("images/figure-{}.{}", fig.number, asset.format.extension()),
            width: asset.width,
            height: asset.height,
        };
        images.insert(fig.src.clone(), image);
    }
    Ok(images)
}

/// The book's identifier: a UUID v5 of the model (metadata and blocks, not
/// the source's file name) and the figures' images, so it stays the same as
/// long as the content does, wherever the source is built from.
fn identifier(doc: &Document, assets: &Assets) -> Result<Uuid> {
    let mut content = serde_json::to_vec(&(&doc.meta, &doc.blocks)).context("cannot serialise the model")?;
    for fig in doc.figures() {
        if let Some(image) = assets.images.get(&fig.src) {
            content.extend_from_slice(&image.data);
        }
    }
    Ok(Uuid::new_v5(&ID_NAMESPACE, &content))
}

/// Corrections to epub-builder 0.8.3's output:
///
/// - its EPUB 3 template gives `dc:language` and `dc:creator` the same id
///   (`epub-creator-0`), which epubcheck rejects (RSC-005): the language
///   gets its own id;
/// - it has no subtitle: a second `dc:title` refined as `subtitle`;
/// - its navigation document has no language: `lang`/`xml:lang` on `<html>`;
/// - it makes landmarks only of documents listed in the table of contents,
///   which lists exactly the model's headings: the landmarks (title page,
///   start of the body at `body_start`) are written here, into its empty
///   landmarks `nav`.
fn fixes(doc: &Document, body_start: &str) -> Vec<Fix> {
    let opf = "OEBPS/content.opf";
    let nav = "OEBPS/nav.xhtml";
    let mut fixes = vec![
        Fix {
            entry: opf,
            find: "<dc:language id=\"epub-creator-".into(),
            replace: "<dc:language id=\"epub-language-".into(),
        },
        Fix {
            entry: nav,
            find: "<html xmlns=\"http://www.w3.org/1999/xhtml\" \
                   xmlns:epub=\"http://www.idpf.org/2007/ops\">"
                .into(),
            replace: format!(
                "<html xmlns=\"http://www.w3.org/1999/xhtml\" \
                 xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{0}\" xml:lang=\"{0}\">",
                escape(&doc.meta.lang)
            ),
        },
    ];
    fixes.push(Fix {
        entry: nav,
        find: "<nav epub:type = \"landmarks\">\n\n  </nav>".into(),
        replace: format!(
            "<nav epub:type=\"landmarks\" hidden=\"hidden\">\n    <ol>\n      \
             <li><a epub:type=\"titlepage\" href=\"{TITLE_PAGE}\">{}</a></li>\n      \
             <li><a epub:type=\"bodymatter\" href=\"{}\">{BODY_NAME}</a></li>\n    </ol>\n  </nav>",
            escape(&doc.meta.title),
            escape(body_start),
        ),
    });
    if let Some(subtitle) = &doc.meta.subtitle {
        fixes.push(Fix {
            entry: opf,
            find: "<dc:title>".into(),
            replace: "<dc:title id=\"title\">".into(),
        });
        fixes.push(Fix {
            entry: opf,
            find: "</dc:title>".into(),
            replace: format!(
                "</dc:title>\n    <meta refines=\"#title\" property=\"title-type\">main</meta>\n    \
                 <dc:title id=\"subtitle\">{}</dc:title>\n    \
                 <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
                escape(subtitle)
            ),
        });
    }
    fixes
}
