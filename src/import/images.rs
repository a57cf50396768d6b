//! The photos of an imported DOCX: which file each figure's picture (and
//! the cover, the package thumbnail) is written to, so that no two pictures
//! share a file and the source shows what the DOCX showed.

use std::collections::HashMap;

use anyhow::{bail, Result};

use super::body;
use super::package::Package;
use crate::input::assets::check_image_path;
use crate::model::{self, Block};

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

/// Gives every figure its image path: the one the source used (kept in the
/// picture's title) when it is a safe relative path in canonical form (no
/// `.`, `..` or empty segments), with the right extension, that names no
/// other image and not the source (`reserved`, compared ignoring case, as
/// some file systems do); else `images/figure-N.jpg|png`, or
/// `images/figure-N-K.…` when a title already claimed that name. So no two
/// pictures ever share a file, and each figure shows its own picture.
/// The cover (its path from the properties and the thumbnail's bytes) is
/// named last by the same rules, its default `images/cover.jpg|png`.
pub fn name_images(
    pkg: &mut Package,
    blocks: &mut [Block],
    pictures: &[body::Picture],
    cover: Option<(String, Option<Vec<u8>>)>,
    reserved: Option<&str>,
) -> Result<(Images, Option<Cover>)> {
    let mut figures = Vec::new();
    collect_figures(blocks, &mut figures);
    // Each image to name: its bytes, extension, title and default stem.
    let mut found = Vec::new();
    for (n, (figure, picture)) in figures.iter().zip(pictures).enumerate() {
        let bytes = pkg.bytes(&picture.part)?;
        let ext = match image_extension(&bytes) {
            Some(ext) => ext,
            None => bail!(
                "{}: figure {} (“{}”): the picture is neither JPEG nor PNG; save it as one of those and insert it again",
                pkg.name(),
                n + 1,
                figure
                    .caption
                    .as_ref()
                    .map(|c| c.text())
                    .unwrap_or_default()
                    .chars()
                    .take(12)
                    .collect::<String>()
            ),
        };
        found.push((
            bytes,
            ext,
            picture.title.clone(),
            format!("images/figure-{}", n + 1),
        ));
    }
    let figure_count = found.len();
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
            found.push((bytes, ext, Some(src), "images/cover".to_string()));
        }
        Some((src, None)) => missing = Some(Cover::Missing(src)),
        None => {}
    }
    // Names taken so far, by their key, with the bytes written there.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let reserved = reserved.map(str::to_lowercase);
    let key = |src: &str| src.to_lowercase();
    let fits = |src: &str, ext: &str| {
        let lower = src.to_lowercase();
        check_image_path(src).is_ok()
            && src.split('/').all(|s| !matches!(s, "" | "." | ".."))
            && !src.contains('\\')
            && Some(&lower) != reserved.as_ref()
            && match ext {
                "jpg" => lower.ends_with(".jpg") || lower.ends_with(".jpeg"),
                _ => lower.ends_with(".png"),
            }
    };
    // First the titles, in order: a title another picture took is not kept.
    let mut names: Vec<Option<String>> = Vec::new();
    for (i, (bytes, ext, title, _)) in found.iter().enumerate() {
        let kept = title.clone().filter(|t| {
            fits(t, ext)
                && match taken.get(&key(t)) {
                    Some(&j) => found[j].0 == *bytes,
                    None => true,
                }
        });
        if let Some(t) = &kept {
            taken.entry(key(t)).or_insert(i);
        }
        names.push(kept);
    }
    // Then the defaults, each fresh.
    for (i, name) in names.iter_mut().enumerate() {
        if name.is_some() {
            continue;
        }
        let (_, ext, _, stem) = &found[i];
        let fresh = (1..)
            .map(|k| match k {
                1 => format!("{stem}.{ext}"),
                k => format!("{stem}-{k}.{ext}"),
            })
            .find(|c| !taken.contains_key(&key(c)) && Some(key(c)) != reserved)
            .expect("a free name");
        taken.insert(key(&fresh), i);
        *name = Some(fresh);
    }
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    let mut cover = missing;
    for (i, (name, (bytes, ..))) in names.into_iter().zip(found).enumerate() {
        let src = name.expect("named");
        if !images.iter().any(|(s, _)| *s == src) {
            images.push((src.clone(), bytes));
        }
        match figures.get_mut(i) {
            Some(figure) if i < figure_count => figure.src = src,
            _ => cover = Some(Cover::Written(src)),
        }
    }
    Ok((images, cover))
}

/// `jpg` or `png` for an image's bytes, `None` for any other format.
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Some("jpg"),
        Ok(image::ImageFormat::Png) => Some("png"),
        _ => None,
    }
}

fn collect_figures<'a>(blocks: &'a mut [Block], out: &mut Vec<&'a mut model::Figure>) {
    for b in blocks {
        match b {
            Block::Figure(f) => out.push(f),
            Block::List(l) => l.items.iter_mut().for_each(|i| collect_figures(i, out)),
            Block::Quote(q) => collect_figures(&mut q.blocks, out),
            _ => {}
        }
    }
}
