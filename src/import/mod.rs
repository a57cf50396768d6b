//! The way back: `zhpress import` reads a DOCX — zhpress's own, re-saved by
//! Word, WPS or LibreOffice, or written from scratch — into the document
//! model and writes it as a Markdown source in the canonical layout
//! ([`markdown`]), with its photos beside it.
//!
//! The stages: [`package`] opens the zip with caps; [`styles`] says what
//! each style means, [`numbering`] (shared with `verify`, in
//! [`crate::ooxml`]) where each list starts; [`comments`] reads the
//! editors' comments; [`body`] reads the paragraphs (tracked changes
//! applied or undone); [`tree`] builds the model's blocks; [`images`] names
//! the photos; [`markdown`] writes the source, and [`diff`] counts what it
//! changed. Nothing is written unless the whole document was
//! read and the Markdown parses back to the same text.

pub mod body;
mod comments;
mod diff;
mod grid;
mod images;
pub mod markdown;
mod package;
mod place;
mod styles;
mod table;
mod tree;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::files::{read_regular, same_file, FileError, MAX_IMAGE_BYTES, MAX_SOURCE_BYTES};
use crate::model::{self, Document, Metadata};
pub use body::Changes;
use body::Reader;
use diff::diff_counts;
use images::{cover_image, name_images, Cover};
use package::{parse_xml, Package};

use crate::ooxml::numbering::{self, Numbering};
use crate::ooxml::rels;
use crate::ooxml::xml::{attr, on};

/// A DOCX read into the model.
pub struct Imported {
    /// The document (figure `src`s name the images below).
    pub doc: Document,
    /// Each image as the source names it, with its bytes.
    pub images: Vec<(String, Vec<u8>)>,
    /// How many tracked changes were accepted or rejected.
    pub tracked: usize,
    /// How many comments became notes.
    pub notes: usize,
    /// Each DOCX paragraph's place for messages, by number (a block's
    /// `line` is the number of the paragraph it began at).
    pub places: HashMap<usize, String>,
    /// The cover path the DOCX's properties name when the DOCX holds no
    /// image for it (`doc.meta.cover` is then `None`).
    pub cover_missing: Option<String>,
    /// How many table captions were their label alone, left out.
    pub label_only_captions: usize,
    /// How many floating pictures were placed after their paragraphs.
    pub floating: usize,
}

/// Reads DOCX `bytes`; `name` names the file in messages and `stem` is the
/// title of last resort (a document with neither a Title paragraph nor a
/// title property).
/// `reserved` is a path (relative to the source's folder) no image may
/// take: the source itself.
pub fn read(
    bytes: Vec<u8>,
    name: &str,
    stem: &str,
    changes: Changes,
    reserved: Option<&str>,
) -> Result<Imported> {
    read_beside(bytes, name, stem, changes, reserved, &|_| None)
}

/// [`read`], where `beside` gives the bytes of a file already beside the
/// source (by its path relative to the source's folder): a GIF, BMP, TIFF
/// or WebP picture there that the DOCX holds as PNG keeps its name
/// ([`images::name_images`]).
pub fn read_beside(
    bytes: Vec<u8>,
    name: &str,
    stem: &str,
    changes: Changes,
    reserved: Option<&str>,
    beside: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Imported> {
    let mut pkg = Package::open(bytes, name)?;
    let main = pkg.main_part().to_string();
    let rels = pkg.relationships(&main)?;
    let part_of = |kind: &str, default: &str| rels::part_of(&rels, kind, default);
    let styles_part = part_of("styles", rels::DEFAULT_STYLES);
    let styles = match pkg.optional_text(&styles_part)? {
        Some(text) => styles::Styles::read(&parse_xml(&text, name, &styles_part)?),
        None => styles::Styles::default(),
    };
    let numbering_part = part_of("numbering", rels::DEFAULT_NUMBERING);
    let numbering = match pkg.optional_text(&numbering_part)? {
        Some(text) => Numbering::read(&parse_xml(&text, name, &numbering_part)?),
        None => Numbering::default(),
    };
    let comments = match pkg.optional_text(&part_of("comments", "word/comments.xml"))? {
        Some(text) => comments::read(&parse_xml(&text, name, "word/comments.xml")?),
        None => HashMap::new(),
    };
    let core = pkg.optional_text("docProps/core.xml")?;
    let core = core
        .as_deref()
        .map(|t| parse_xml(t, name, "docProps/core.xml"))
        .transpose()?;
    let custom = pkg.optional_text("docProps/custom.xml")?;
    let custom = custom
        .as_deref()
        .map(|t| parse_xml(t, name, "docProps/custom.xml"))
        .transpose()?;

    let text = pkg.text(&main)?;
    let document = parse_xml(&text, name, &main)?;
    let Some(body_node) = document.descendants().find(|n| on(*n, "body")) else {
        bail!("{name}: `{main}` has no body");
    };
    let mut reader = Reader::new(&styles, &rels, &comments, changes, name);
    let paras = reader.body(body_node)?;
    let (tracked, notes) = (reader.tracked, reader.notes);
    let pictures = std::mem::take(&mut reader.pictures);
    let mut tree = tree::build(paras, &pictures, &numbering, name)?;

    let core_text = |local: &str| {
        core.as_ref()
            .and_then(|d| d.descendants().find(|n| n.tag_name().name() == local))
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    let props: Vec<(String, String)> = custom.as_ref().map_or_else(Vec::new, |d| {
        d.descendants()
            .filter(|n| n.tag_name().name() == "property")
            .filter_map(|p| {
                let value = p.descendants().find_map(|n| n.text()).unwrap_or("");
                Some((attr(p, "name")?.to_string(), value.to_string()))
            })
            .collect()
    });
    let date = props
        .iter()
        .find(|(n, _)| n == crate::docx::properties::DATE)
        .map(|(_, d)| d.trim())
        .filter(|d| crate::input::epoch::date_to_epoch(d).is_some())
        .map(String::from);
    let carried = crate::docx::properties::read(&props)
        .map_err(|e| anyhow::anyhow!("{name}: docProps/custom.xml: {e:#}"))?;
    let mut meta = Metadata::titled(
        tree.title
            .take()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| core_text("title"))
            .unwrap_or_else(|| stem.to_string()),
    );
    meta.subtitle = tree.subtitle.take().filter(|s| !s.trim().is_empty());
    meta.author = tree
        .author
        .take()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| core_text("creator"));
    if let Some(lang) = core_text("language").filter(|l| crate::input::frontmatter::is_language_tag(l)) {
        meta.lang = lang;
    }
    meta.date = date;
    meta.punctuation = carried.punctuation.unwrap_or_default();
    meta.check_allow = carried.check_allow;

    let cover = match carried.cover {
        Some(path) => Some((path, cover_image(&mut pkg)?)),
        None => None,
    };
    model::number(&mut tree.blocks);
    let (images, cover) = name_images(&mut pkg, &mut tree.blocks, &pictures, cover, reserved, beside)?;
    let mut cover_missing = None;
    match cover {
        Some(Cover::Written(src)) => meta.cover = Some(src),
        Some(Cover::Missing(src)) => cover_missing = Some(src),
        None => {}
    }
    let doc = Document {
        source_name: name.to_string(),
        meta,
        blocks: tree.blocks,
    };
    place::check_characters(&doc, &tree.places, name)?;
    Ok(Imported {
        doc,
        images,
        tracked,
        notes,
        places: tree.places,
        cover_missing,
        label_only_captions: tree.label_only_captions,
        floating: pictures.iter().filter(|p| p.floating).count(),
    })
}

/// How `import` is asked to write.
pub struct Options {
    /// Accept or reject tracked changes.
    pub changes: Changes,
    /// Replace a source or image that exists and would change.
    pub force: bool,
}

/// Imports `docx` into the source `out` (images beside it), refusing to
/// change existing files without `force`. Returns the report lines.
pub fn import(docx: &Path, out: &Path, options: &Options) -> Result<Vec<String>> {
    let name = docx.display().to_string();
    let out_name = out.display().to_string();
    let Some(source_file) = out.file_name().map(|f| f.to_string_lossy().into_owned()) else {
        bail!(
            "{out_name}: names a folder; give the source file's path, e.g. `{}`",
            Path::new(&out_name).join("document.md").display()
        );
    };
    if out.is_dir() || out_name.ends_with('/') {
        bail!(
            "{out_name}: is a folder; give the source file's path, e.g. `{}`",
            out.join("document.md").display()
        );
    }
    let bytes = read_regular(docx, MAX_DOCX_BYTES).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if same_file(docx, out) {
        bail!("{out_name}: is the DOCX being imported; give the source another name (`.md`)");
    }
    let stem = out
        .file_stem()
        .map_or("document".into(), |s| s.to_string_lossy().into_owned());
    let source_file = Some(source_file);
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let beside = |src: &str| {
        inside(dir, src).ok()?;
        read_regular(&dir.join(src), MAX_IMAGE_BYTES).ok()
    };
    let mut imported = read_beside(
        bytes,
        &name,
        &stem,
        options.changes,
        source_file.as_deref(),
        &beside,
    )?;
    let mut report = Vec::new();
    if let Some(src) = imported.cover_missing.take() {
        // A cover already beside the source is kept; the DOCX cannot say
        // what image it was, so none is invented.
        inside(dir, &src)?;
        if matches!(existing(&dir.join(&src), MAX_IMAGE_BYTES)?, Some(Some(_))) {
            imported.doc.meta.cover = Some(src);
        } else {
            report.push(format!(
                "cover: the DOCX names `{src}` (property `{}`) but holds no image for it (a program that re-saved it dropped the thumbnail), and there is none beside the source: `cover:` is left out",
                crate::docx::properties::COVER
            ));
        }
    }
    let text = markdown::write(&imported.doc);
    let problem = match crate::input::markdown::parse(&text, &out_name) {
        Err(e) => Some(format!("does not parse ({e:#})")),
        Ok(d) if !reads_back(&d, &imported.doc) => Some("reads back differently".to_string()),
        Ok(_) => None,
    };
    if let Some(problem) = problem {
        let place = place::culprit(&imported.doc, &imported.places).unwrap_or_else(|| "the document".into());
        bail!("{name}: {place}: internal error: the Markdown written for it {problem}; the source cannot say what this paragraph shows, so nothing was written");
    }

    let previous = existing(out, MAX_SOURCE_BYTES)?;
    let mut clobbered = Vec::new();
    if previous
        .as_ref()
        .is_some_and(|p| p.as_deref() != Some(text.as_bytes()))
    {
        clobbered.push(out_name.clone());
    }
    for (src, bytes) in &imported.images {
        let path = dir.join(src);
        inside(dir, src)?;
        if same_file(docx, &path) {
            bail!(
                "{}: is the DOCX being imported; a photo may not replace it",
                path.display()
            );
        }
        if existing(&path, MAX_IMAGE_BYTES)?.is_some_and(|old| old.as_deref() != Some(bytes.as_slice())) {
            clobbered.push(path.display().to_string());
        }
    }
    if !clobbered.is_empty() && !options.force {
        bail!(
            "{} exist{} and would change; nothing was written (use --force to replace)",
            clobbered.join(", "),
            if clobbered.len() == 1 { "s" } else { "" }
        );
    }

    let old_texts = previous
        .flatten()
        .and_then(|p| String::from_utf8(p).ok())
        .and_then(|p| crate::input::markdown::parse(&p, &out_name).ok())
        .map(|d| d.block_texts());
    let new_texts = imported.doc.block_texts();
    report.push(match old_texts {
        Some(old) => {
            let (changed, added, removed) = diff_counts(&old, &new_texts);
            format!(
                "paragraphs: {changed} changed, {added} added, {removed} removed (of {})",
                new_texts.len()
            )
        }
        None => format!("paragraphs: {} (new source)", new_texts.len()),
    });
    let verb = match options.changes {
        Changes::Accept => "accepted",
        Changes::Reject => "rejected",
    };
    report.push(format!("tracked changes {verb}: {}", imported.tracked));
    report.push(format!("comments kept as notes: {}", imported.notes));

    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    for (src, bytes) in &imported.images {
        let path = dir.join(src);
        if let Some(parent) = path.parent() {
            crate::output::ensure_dir(parent)?;
        }
        files.push((path, bytes));
    }
    let figures = imported.doc.figures();
    let numbered = figures.iter().filter(|f| f.caption.is_some()).count();
    let mut line = format!(
        "figures: {numbered}, pictures without a caption: {}, pictures inside text: {}, images written: {}",
        figures.len() - numbered,
        imported.doc.inline_images().len(),
        imported.images.len()
    );
    if imported.floating > 0 {
        line.push_str(&format!(
            ", floating pictures placed after their paragraphs: {}",
            imported.floating
        ));
    }
    report.push(line);
    let tables = imported.doc.tables();
    let captioned = tables.iter().filter(|t| t.caption.is_some()).count();
    let mut line = format!("tables: {}, captioned: {captioned}", tables.len());
    if imported.label_only_captions > 0 {
        line.push_str(&format!(
            ", captions that were a number alone left out: {}",
            imported.label_only_captions
        ));
    }
    report.push(line);
    crate::output::ensure_dir(dir)?;
    files.push((out.to_path_buf(), text.as_bytes()));
    crate::output::write_all_atomic(&files)?;
    report.push(format!("wrote {out_name}"));
    Ok(report)
}

/// Whether `read` (the Markdown written, parsed) says what `doc` says:
/// the same text blocks, and the same tables.
fn reads_back(read: &Document, doc: &Document) -> bool {
    read.block_texts() == doc.block_texts() && tables(read) == tables(doc)
}

/// Each table's shape (caption, header rows, cells with their spans,
/// notes) and its columns' alignment: what the Markdown written must say
/// again, besides the text.
fn tables(doc: &Document) -> Vec<(model::table::TableShape, Vec<model::Align>)> {
    doc.tables()
        .into_iter()
        .map(|t| (t.shape(), t.columns.iter().map(|c| c.align).collect()))
        .collect()
}

/// The largest DOCX read: 512 MiB, as for an edition `verify` reads.
const MAX_DOCX_BYTES: u64 = crate::verify::limits::MAX_EDITION_BYTES;

/// What is at `path` before the import writes it: `None` when nothing,
/// `Some(None)` when a file too large to compare (it would change),
/// `Some(Some(bytes))` for a file. A folder, FIFO or device there is an
/// error (reading one could wait for ever).
fn existing(path: &Path, cap: u64) -> Result<Option<Option<Vec<u8>>>> {
    match read_regular(path, cap) {
        Ok(bytes) => Ok(Some(Some(bytes))),
        Err(FileError::Missing) => Ok(None),
        Err(FileError::TooLarge(..)) => Ok(Some(None)),
        Err(e) => bail!("{}: {e}; import writes only regular files", path.display()),
    }
}

/// Refuses a photo path (relative to the source's folder `dir`) that passes
/// through a symbolic link or a non-folder: a link could lead the write
/// outside the folder.
fn inside(dir: &Path, src: &str) -> Result<()> {
    let mut path = dir.to_path_buf();
    for segment in src.split('/') {
        path.push(segment);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => bail!(
                "{}: is a symbolic link; import writes photos only inside the source's folder: remove the link",
                path.display()
            ),
            _ => {}
        }
    }
    Ok(())
}
