//! The pictures of an imported DOCX: which file each picture (and the
//! cover, the package thumbnail) is written to, so that no two pictures
//! share a file and the source shows what the DOCX showed. GIF, BMP, TIFF
//! and WebP pictures become PNG, as a build reads them; a vector drawing
//! (SVG, EMF, WMF) is refused naming its paragraph.

use std::collections::HashMap;

use anyhow::{bail, Result};

use super::body::Picture;
use super::package::Package;
use crate::input::assets::{check_image_path, convert_to_png, vector_kind};
use crate::model::{Block, Figure, Inline, InlineImage};

/// The package thumbnail's bytes, which zhpress writes as the cover; `None`
/// when the package has none (LibreOffice drops it when it re-saves).
pub fn cover_image(pkg: &mut Package) -> Result<Option<Vec<u8>>> {
    let rels = pkg.relationships("")?;
    let mut thumbnails: Vec<_> = rels
        .iter()
        .filter(|(_, r)| r.kind == "thumbnail" && !r.external)
        .collect();
    thumbnails.sort_by_key(|(id, _)| id.as_str());
    match thumbnails.first() {
        Some((_, r)) => {
            let part = r.target.clone();
            Ok(Some(pkg.bytes(&part)?))
        }
        None => Ok(None),
    }
}

/// Each image to write: its path as the source names it, and its bytes.
pub type Images = Vec<(String, Vec<u8>)>;

/// Where the cover named by the DOCX's properties went.
pub enum Cover {
    /// Its image is written under this path.
    Written(String),
    /// The DOCX holds no image for the cover the property names.
    Missing(String),
}

/// A picture's place in the model: a figure (alone or in a row) or a
/// picture inside text; its `src` is still its index among the pictures.
enum Target<'a> {
    Figure(&'a mut Figure),
    Inline(&'a mut InlineImage),
}

impl Target<'_> {
    fn src(&mut self) -> &mut String {
        match self {
            Target::Figure(f) => &mut f.src,
            Target::Inline(i) => &mut i.src,
        }
    }
}

/// One image to name: its bytes, extension, the title that may name it,
/// the stem of its default name, its part, and whether the title names a
/// file already beside the source that gives the same picture (a GIF the
/// DOCX holds as PNG): it is then not written.
struct Found {
    bytes: Vec<u8>,
    ext: &'static str,
    title: Option<String>,
    stem: String,
    part: Option<String>,
    beside: bool,
}

/// Gives every picture its image path and an inline picture its text
/// alternative: the path the source used (kept in the picture's title)
/// when it is a safe relative path in canonical form (no `.`, `..` or
/// empty segments), with the right extension, that names no other image
/// and not the source (`reserved`, compared ignoring case, as some file
/// systems do); else `images/figure-N.jpg|png` for figure N,
/// `images/picture-K.…` for the K-th other image file, or `…-2.…` when a
/// title already claimed that name. So no two pictures ever share a file,
/// and each shows its own picture. A title naming a GIF, BMP, TIFF or WebP
/// file is kept when `beside` (the bytes of a file beside the source) gives
/// one that converts to the very PNG the DOCX holds: that file stays.
/// The cover (its path from the properties and the thumbnail's bytes) is
/// named last by the same rules, its default `images/cover.jpg|png`.
pub fn name_images(
    pkg: &mut Package,
    blocks: &mut [Block],
    pictures: &[Picture],
    cover: Option<(String, Option<Vec<u8>>)>,
    reserved: Option<&str>,
    beside: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<(Images, Option<Cover>)> {
    let mut targets = Vec::new();
    collect(blocks, &mut targets);
    // Each part's readable bytes and extension, read once.
    let mut parts: HashMap<String, (Vec<u8>, &'static str)> = HashMap::new();
    let mut others = 0;
    let mut found = Vec::new();
    for target in &mut targets {
        let picture = target
            .src()
            .parse::<usize>()
            .ok()
            .and_then(|i| pictures.get(i))
            .expect("a picture's src is its index until named");
        if let Target::Inline(image) = target {
            image.alt = picture.descr.clone().unwrap_or_default();
        }
        let (bytes, ext) = match parts.get(&picture.part) {
            Some(read) => read.clone(),
            None => {
                let read = readable(pkg.bytes(&picture.part)?, &picture.place)?;
                parts.insert(picture.part.clone(), read.clone());
                read
            }
        };
        let stem = match target {
            Target::Figure(f) if f.number().is_some() => {
                format!("images/figure-{}", f.number().unwrap_or(0))
            }
            _ => {
                let seen = found
                    .iter()
                    .any(|f: &Found| f.part.as_deref() == Some(picture.part.as_str()));
                if !seen {
                    others += 1;
                }
                format!("images/picture-{others}")
            }
        };
        let kept_beside = picture
            .title
            .as_deref()
            .filter(|t| ext == "png" && converted_extension(t) && safe(t))
            .and_then(beside)
            .and_then(|old| {
                let format = image::guess_format(&old).ok()?;
                convert_to_png(&old, format).ok()
            })
            .is_some_and(|png| png == bytes);
        found.push(Found {
            bytes,
            ext,
            title: picture.title.clone(),
            stem,
            part: Some(picture.part.clone()),
            beside: kept_beside,
        });
    }
    let picture_count = found.len();
    let mut missing = None;
    match cover {
        Some((src, Some(bytes))) => {
            let Some(ext) = image_extension(&bytes) else {
                bail!(
                    "{}: the package thumbnail, the image of the cover `{src}` (property `{}`), is neither JPEG nor PNG",
                    pkg.name(),
                    crate::docx::properties::COVER
                );
            };
            found.push(Found {
                bytes,
                ext,
                title: Some(src),
                stem: "images/cover".to_string(),
                part: None,
                beside: false,
            });
        }
        Some((src, None)) => missing = Some(Cover::Missing(src)),
        None => {}
    }
    // Names taken so far, by their key, with the image written there.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let reserved = reserved.map(str::to_lowercase);
    let key = |src: &str| src.to_lowercase();
    let fits = |src: &str, found: &Found| {
        let lower = src.to_lowercase();
        safe(src)
            && Some(&lower) != reserved.as_ref()
            && (found.beside
                || match found.ext {
                    "jpg" => lower.ends_with(".jpg") || lower.ends_with(".jpeg"),
                    _ => lower.ends_with(".png"),
                })
    };
    // First the titles, in order: a title another picture took is not kept.
    let mut names: Vec<Option<String>> = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let kept = f.title.clone().filter(|t| {
            fits(t, f)
                && match taken.get(&key(t)) {
                    Some(&j) => found[j].bytes == f.bytes,
                    None => true,
                }
        });
        if let Some(t) = &kept {
            taken.entry(key(t)).or_insert(i);
        }
        names.push(kept);
    }
    // Then the defaults, each fresh; one part's pictures share one.
    let mut by_part: HashMap<&str, String> = HashMap::new();
    for (i, name) in names.iter_mut().enumerate() {
        if name.is_some() {
            continue;
        }
        let f = &found[i];
        if let Some(shared) = f.part.as_deref().and_then(|p| by_part.get(p)) {
            *name = Some(shared.clone());
            continue;
        }
        let fresh = (1..)
            .map(|k| match k {
                1 => format!("{}.{}", f.stem, f.ext),
                k => format!("{}-{k}.{}", f.stem, f.ext),
            })
            .find(|c| !taken.contains_key(&key(c)) && Some(key(c)) != reserved)
            .expect("a free name");
        taken.insert(key(&fresh), i);
        if let Some(part) = f.part.as_deref() {
            by_part.insert(part, fresh.clone());
        }
        *name = Some(fresh);
    }
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    let mut cover = missing;
    let mut targets = targets.into_iter();
    for (i, (name, f)) in names.into_iter().zip(&found).enumerate() {
        let src = name.expect("named");
        if !f.beside && !images.iter().any(|(s, _)| *s == src) {
            images.push((src.clone(), f.bytes.clone()));
        }
        match targets.next() {
            Some(mut target) if i < picture_count => *target.src() = src,
            _ => cover = Some(Cover::Written(src)),
        }
    }
    Ok((images, cover))
}

/// Whether `src` is a path an image may be written under: relative, in
/// canonical form, without backslashes.
fn safe(src: &str) -> bool {
    check_image_path(src).is_ok()
        && src.split('/').all(|s| !matches!(s, "" | "." | ".."))
        && !src.contains('\\')
}

/// Whether `src` names a file a build converts to PNG (GIF, BMP, TIFF, WebP).
fn converted_extension(src: &str) -> bool {
    let lower = src.to_lowercase();
    [".gif", ".bmp", ".tif", ".tiff", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// A picture's bytes as a source holds them, with their extension: JPEG
/// and PNG as they are, GIF (its first frame), BMP, TIFF and WebP as PNG;
/// a vector drawing or anything else is an error naming the paragraph
/// (`place`, which names the DOCX).
fn readable(bytes: Vec<u8>, place: &str) -> Result<(Vec<u8>, &'static str)> {
    if let Some(ext) = image_extension(&bytes) {
        return Ok((bytes, ext));
    }
    let format = image::guess_format(&bytes).ok().filter(|f| {
        matches!(
            f,
            image::ImageFormat::Gif
                | image::ImageFormat::Bmp
                | image::ImageFormat::Tiff
                | image::ImageFormat::WebP
        )
    });
    match (format, vector_kind(&bytes)) {
        (Some(format), _) => match convert_to_png(&bytes, format) {
            Ok(png) => Ok((png, "png")),
            Err(e) => bail!("{place}: the picture cannot be decoded ({e}); save it as PNG and insert it again"),
        },
        (None, Some(kind)) => bail!(
            "{place}: the picture is {kind}, which zhpress cannot draw faithfully; in Word, right-click it → Save as Picture (PNG), insert the PNG in its place"
        ),
        (None, None) => bail!(
            "{place}: the picture is not a JPEG, PNG, GIF, BMP, TIFF or WebP image; save it as PNG and insert it again"
        ),
    }
}

/// `jpg` or `png` for an image's bytes, `None` for any other format.
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Some("jpg"),
        Ok(image::ImageFormat::Png) => Some("png"),
        _ => None,
    }
}

/// Every picture of `blocks` in reading order: figures (alone or in a
/// row) and pictures inside paragraphs, in lists and quotes too.
fn collect<'a>(blocks: &'a mut [Block], out: &mut Vec<Target<'a>>) {
    for b in blocks {
        match b {
            Block::Figure(f) => out.push(Target::Figure(f)),
            Block::FigureRow(r) => out.extend(r.figures.iter_mut().map(Target::Figure)),
            Block::Paragraph(p) => inline_targets(&mut p.content, out),
            Block::List(l) => l.items.iter_mut().for_each(|i| collect(i, out)),
            Block::Quote(q) => collect(&mut q.blocks, out),
            _ => {}
        }
    }
}

fn inline_targets<'a>(content: &'a mut [Inline], out: &mut Vec<Target<'a>>) {
    for i in content {
        match i {
            Inline::Image(image) => out.push(Target::Inline(image)),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { content: c, .. } => {
                inline_targets(c, out)
            }
            _ => {}
        }
    }
}
