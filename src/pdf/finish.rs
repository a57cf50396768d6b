//! Post-processing of the file genpdfi wrote, with lopdf: what genpdfi and
//! printpdf cannot do or do wrong.
//!
//! - Each font gets a ToUnicode map built from the document's characters
//!   ([`super::tounicode`]), a subset name (`ABCDEF+NotoSerifSC-Regular`)
//!   and an identity `/CIDToGIDMap`.
//! - JPEG and PNG figures replace their one-pixel stand-ins with their own
//!   compressed data (`/DCTDecode`; `/FlateDecode` with PNG predictors).
//! - Font descriptors get the real font bounding box; pages list their
//!   fonts directly; printpdf's optional-content layer (one per page, all
//!   named "Layer 1") goes.
//! - The structure tree and the link annotations ([`super::structure`]),
//!   `/MarkInfo`, `/Outlines` ([`super::outline`]), `/Lang`, document info
//!   Title, Author, Subject and dates, the same in XMP metadata
//!   ([`super::xmp`]) with the PDF/A-2u and PDF/UA-1 identification, and an
//!   sRGB output intent ([`super::icc`]).
//! - Every stream is compressed once (fonts included), objects are renumbered,
//!   and the file `/ID` is derived from the content, so the same source
//!   gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use std::io::Write;

use anyhow::{anyhow, bail, Context, Result};
use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::embedded::Subset;
use super::icc;
use super::images::Passed;
use super::outline;
use super::page::{OutlineEntry, Page};
use super::strings::text_string;
use super::structure;
use super::style::Face;
use super::tags::{ElementId, Tree};
use super::tounicode;
use super::xmp;
use crate::fonts::Fonts;
use crate::model::Metadata;

/// What the finished file must say besides its pages.
pub struct Finish<'a> {
    /// Title, author, subtitle (as Subject), language.
    pub meta: &'a Metadata,
    /// Seconds since 1970 for the creation and modification dates.
    pub date: i64,
    /// The headings and their pages.
    pub outline: &'a [OutlineEntry],
    /// The pages, for their link areas.
    pub pages: &'a [Page],
    /// The structure tree.
    pub tree: &'a Tree,
    /// For every page, the element each marked-content id belongs to.
    pub mcids: &'a [Vec<ElementId>],
    /// The fonts in the file, by face.
    pub subsets: &'a BTreeMap<Face, Subset>,
    /// The full fonts (names, bounding boxes).
    pub fonts: &'a Fonts,
    /// The data for each image drawn, in drawing order (see [`super::draw::Drawn`]).
    pub images: &'a [Option<Passed>],
}

/// Finishes the PDF in `bytes`, which are dropped once read: genpdfi's
/// uncompressed file is the largest copy of the document in memory.
pub fn finish(bytes: Vec<u8>, f: &Finish) -> Result<Vec<u8>> {
    let mut pdf = lopdf::Document::load_mem(&bytes).context("cannot read back genpdfi's PDF")?;
    drop(bytes);
    pdf.version = "1.7".into();
    fix_fonts(&mut pdf, f)?;
    swap_images(&mut pdf, f.images)?;
    remove_layers(&mut pdf)?;
    inline_font_resources(&mut pdf)?;
    let pages: Vec<ObjectId> = pdf.get_pages().values().copied().collect();
    let structure = structure::write(&mut pdf, f.tree, &pages, f.pages, f.mcids)?;
    let outlines = outline::write(&mut pdf, f.outline, &pages);
    fix_catalog(&mut pdf, f.meta, outlines, structure)?;
    add_metadata(&mut pdf, f.meta, f.date)?;
    let info = pdf.add_object(info(f.meta, f.date));
    pdf.trailer.set("Info", Object::Reference(info));
    pdf.trailer.remove(b"ID");
    prune(&mut pdf);
    compress(&mut pdf)?;
    renumber(&mut pdf);
    pdf.max_id = pdf.objects.len() as u32;
    let mut out = Vec::new();
    pdf.save_to(&mut out)?;
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &out);
    let id = Object::String(id.as_bytes().to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    out.clear();
    pdf.save_to(&mut out)?;
    Ok(out)
}

/// The deflate level of the file's streams. Measured on the summary's
/// 0.6 MB of fonts and pages: level 9 (lopdf's) takes 15 ms for 295 KB,
/// level 6 8 ms for 297 KB, level 2 6 ms for 309 KB.
const FLATE_LEVEL: u32 = 6;

/// Compresses every stream that allows it and has no filter yet, at
/// [`FLATE_LEVEL`], keeping the original when compression does not pay.
/// (lopdf's own `compress` always uses the slowest level.) The streams are
/// shared out, biggest first, among as many threads as there are cores:
/// each is compressed on its own, so the bytes do not depend on the split.
fn compress(pdf: &mut lopdf::Document) -> Result<()> {
    let mut streams: Vec<&mut Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && !s.dict.has(b"Filter") => Some(s),
            _ => None,
        })
        .collect();
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut shares: Vec<(usize, Vec<&mut Stream>)> = (0..threads).map(|_| (0, Vec::new())).collect();
    for stream in streams {
        let share = shares
            .iter_mut()
            .min_by_key(|(load, _)| *load)
            .expect("at least one thread");
        share.0 += stream.content.len();
        share.1.push(stream);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|(_, share)| scope.spawn(move || share.into_iter().try_for_each(compress_stream)))
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("compression panicked"))
    })
}

/// Deflates one stream's content, when that makes it smaller.
fn compress_stream(stream: &mut Stream) -> Result<()> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::new(FLATE_LEVEL));
    z.write_all(&stream.content)?;
    let compressed = z.finish()?;
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(compressed);
    }
    Ok(())
}

fn deref<'a>(pdf: &'a lopdf::Document, o: &'a Object) -> Result<&'a Object> {
    match o {
        Object::Reference(id) => Ok(pdf.get_object(*id)?),
        other => Ok(other),
    }
}

/// Gives every Type0 font its ToUnicode map and subset name.
fn fix_fonts(pdf: &mut lopdf::Document, f: &Finish) -> Result<()> {
    let type0: Vec<ObjectId> = pdf
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font")
                    && d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for font_id in type0 {
        let font = pdf.get_dictionary(font_id)?;
        let cid = deref(pdf, font.get(b"DescendantFonts")?)?
            .as_array()?
            .first()
            .ok_or_else(|| anyhow!("font without descendant"))?;
        let cid = deref(pdf, cid)?.as_dict()?;
        let descriptor_id = cid.get(b"FontDescriptor")?.as_reference()?;
        let file_id = pdf
            .get_dictionary(descriptor_id)?
            .get(b"FontFile2")?
            .as_reference()?;
        let file = pdf.get_object(file_id)?.as_stream()?;
        let Some((face, subset)) = f.subsets.iter().find(|(_, s)| *s.data == file.content) else {
            bail!("an embedded font is none of the document's subsets");
        };
        let name = subset_name(f.fonts.get(*face), subset)?;
        let cmap = pdf.add_object(Stream::new(Dictionary::new(), tounicode::cmap(&subset.glyphs)));
        let base = Object::Name(name.clone().into_bytes());
        let font = pdf.get_object_mut(font_id)?.as_dict_mut()?;
        font.set("BaseFont", base.clone());
        font.set("ToUnicode", Object::Reference(cmap));
        if let Ok(Object::Array(kids)) = font.get_mut(b"DescendantFonts") {
            if let Some(Object::Dictionary(cid)) = kids.first_mut() {
                cid.set("BaseFont", base.clone());
                // The codes are the subset's glyph ids (PDF/A-2 and PDF/UA-1
                // ask for the map to be written).
                cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
            }
        }
        let descriptor = pdf.get_object_mut(descriptor_id)?.as_dict_mut()?;
        descriptor.set("FontName", base);
        // printpdf computes the box from the subset's (missing) cmap: 0 0 0 0.
        descriptor.set("FontBBox", font_bbox(f.fonts.get(*face))?);
        if let Ok(Object::Stream(s)) = pdf.get_object_mut(file_id) {
            s.allows_compression = true;
        }
    }
    Ok(())
}

/// The font's bounding box in PDF glyph space (thousandths of an em).
fn font_bbox(font: &crate::fonts::Font) -> Result<Object> {
    let face = font.face()?;
    let scale = 1000.0 / f32::from(face.units_per_em());
    let b = face.global_bounding_box();
    let n = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    Ok(Object::Array(vec![
        n(b.x_min),
        n(b.y_min),
        n(b.x_max),
        n(b.y_max),
    ]))
}

/// Removes printpdf's optional-content layers: the `/OC … BDC` … `EMC`
/// around each page's content, the `/Properties` naming them and the
/// catalog's `/OCProperties` (PDF/A-2 would want every layer named apart,
/// and nothing here is optional).
fn remove_layers(pdf: &mut lopdf::Document) -> Result<()> {
    for page_id in pdf.get_pages().into_values() {
        let contents = pdf.get_page_contents(page_id);
        let [content_id] = contents[..] else {
            bail!("a page has {} content streams, not one", contents.len());
        };
        let bytes = pdf.get_page_content(page_id)?;
        let text = bytes.trim_ascii();
        let open = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
        let (first, rest) = text.split_at(open);
        let inner = rest.strip_suffix(b"EMC").map(<[u8]>::trim_ascii);
        let (true, Some(inner)) = (first.starts_with(b"/OC ") && first.ends_with(b"BDC"), inner) else {
            bail!("a page's content is not wrapped in one optional-content layer");
        };
        let inner = inner.to_vec();
        let stream = pdf.get_object_mut(content_id)?.as_stream_mut()?;
        stream.dict.remove(b"Filter");
        stream.set_content(inner);
        let (_, referenced) = pdf.get_page_resources(page_id);
        for id in referenced {
            pdf.get_object_mut(id)?.as_dict_mut()?.remove(b"Properties");
        }
    }
    let root = pdf.trailer.get(b"Root")?.as_reference()?;
    pdf.get_object_mut(root)?.as_dict_mut()?.remove(b"OCProperties");
    Ok(())
}

/// Writes each page's `/Font` resource dictionary in place of printpdf's
/// shared reference to it: some readers (lopdf's `get_page_fonts` among
/// them) only look for a direct dictionary there.
fn inline_font_resources(pdf: &mut lopdf::Document) -> Result<()> {
    let mut resources = Vec::new();
    for page_id in pdf.get_pages().into_values() {
        let (direct, referenced) = pdf.get_page_resources(page_id);
        anyhow::ensure!(direct.is_none(), "page resources written in place");
        resources.extend(referenced);
    }
    for id in resources {
        let fonts = match pdf.get_dictionary(id)?.get(b"Font") {
            Ok(Object::Reference(r)) => pdf.get_dictionary(*r)?.clone(),
            _ => continue,
        };
        pdf.get_object_mut(id)?
            .as_dict_mut()?
            .set("Font", Object::Dictionary(fonts));
    }
    Ok(())
}

/// `ABCDEF+PostScriptName`, the tag derived from the subset's bytes.
fn subset_name(font: &crate::fonts::Font, subset: &Subset) -> Result<String> {
    let face = font.face()?;
    let ps = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| font.family.replace(' ', ""));
    let hash = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &subset.data);
    let tag: String = hash.as_bytes()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    Ok(format!("{tag}+{ps}"))
}

/// Replaces each image stand-in (in drawing order) that has [`Passed`]
/// data with an image of that data.
fn swap_images(pdf: &mut lopdf::Document, images: &[Option<Passed>]) -> Result<()> {
    let mut drawn: Vec<ObjectId> = Vec::new();
    for page_id in pdf.get_pages().into_values() {
        let content = pdf.get_page_content(page_id)?;
        let (direct, referenced) = pdf.get_page_resources(page_id);
        let mut resources: Vec<&Dictionary> = direct.into_iter().collect();
        for id in referenced {
            resources.push(pdf.get_dictionary(id)?);
        }
        for name in painted_names(&content)? {
            let found = resources.iter().find_map(|r| {
                let xobjects = deref(pdf, r.get(b"XObject").ok()?).ok()?.as_dict().ok()?;
                xobjects.get(&name).ok()?.as_reference().ok()
            });
            drawn.push(found.ok_or_else(|| anyhow!("a painted image has no resource"))?);
        }
    }
    if drawn.len() != images.len() {
        bail!(
            "{} images were drawn but the file paints {}",
            images.len(),
            drawn.len()
        );
    }
    // printpdf writes a page's images in the order of a hash map, so two
    // images on one page would get their object numbers, and their names
    // their place in the resources, in a different order from one build to
    // the next: the images go into the same numbers, sorted, in drawing
    // order, the references follow, and the names are sorted.
    let mut slots = drawn.clone();
    slots.sort();
    slots.dedup();
    if slots.len() != drawn.len() {
        bail!("an image object is painted twice");
    }
    let moved: BTreeMap<ObjectId, ObjectId> = drawn.iter().copied().zip(slots.iter().copied()).collect();
    let mut objects = Vec::with_capacity(drawn.len());
    for id in &drawn {
        objects.push(pdf.objects.remove(id).context("a painted image has no object")?);
    }
    for object in pdf.objects.values_mut() {
        renumber_references(object, &moved);
        if let Ok(dict) = object.as_dict_mut() {
            sort_xobject_names(dict);
            if let Ok(Object::Dictionary(resources)) = dict.get_mut(b"Resources") {
                sort_xobject_names(resources);
            }
        }
    }
    for ((slot, object), passed) in slots.into_iter().zip(objects).zip(images) {
        let object = match passed {
            Some(passed) => {
                Object::Stream(Stream::new(passed.dictionary(), passed.data.clone()).with_compression(false))
            }
            None => object,
        };
        pdf.objects.insert(slot, object);
    }
    Ok(())
}

/// Sorts the names of a resource dictionary's `/XObject` entry.
fn sort_xobject_names(resources: &mut Dictionary) {
    if let Ok(Object::Dictionary(xobjects)) = resources.get_mut(b"XObject") {
        let mut names: Vec<(Vec<u8>, Object)> =
            xobjects.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        *xobjects = Dictionary::from_iter(names);
    }
}

/// Removes the objects that nothing reached from the trailer refers to, as
/// lopdf's `prune_objects` does — which looks each reference up in a list,
/// quadratic in the objects of a long table's structure.
fn prune(pdf: &mut lopdf::Document) {
    fn refs(o: &Object, out: &mut Vec<ObjectId>) {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Array(items) => items.iter().for_each(|i| refs(i, out)),
            Object::Dictionary(dict) => dict.iter().for_each(|(_, v)| refs(v, out)),
            Object::Stream(stream) => stream.dict.iter().for_each(|(_, v)| refs(v, out)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    pdf.trailer.iter().for_each(|(_, v)| refs(v, &mut pending));
    let mut reached = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if reached.insert(id) {
            if let Some(o) = pdf.objects.get(&id) {
                refs(o, &mut pending);
            }
        }
    }
    pdf.objects.retain(|id, _| reached.contains(id));
}

/// Numbers the objects 1, 2, 3… in the order of their ids, as lopdf's
/// `renumber_objects` does (its references are found the quadratic way
/// [`prune`] avoids). lopdf first gives the pages ids in page order when
/// they are not; genpdfi numbers them in order, and a file that is not so
/// is left to lopdf.
fn renumber(pdf: &mut lopdf::Document) {
    let pages: Vec<ObjectId> = pdf.page_iter().collect();
    if pages.windows(2).any(|w| w[0] > w[1]) {
        pdf.renumber_objects();
        return;
    }
    let moved: BTreeMap<ObjectId, ObjectId> = pdf
        .objects
        .keys()
        .zip(1u32..)
        .map(|(&id, n)| (id, (n, id.1)))
        .filter(|(old, new)| old != new)
        .collect();
    let objects = std::mem::take(&mut pdf.objects);
    pdf.objects = objects
        .into_iter()
        .map(|(id, mut o)| {
            renumber_references(&mut o, &moved);
            (moved.get(&id).copied().unwrap_or(id), o)
        })
        .collect();
    pdf.trailer
        .iter_mut()
        .for_each(|(_, o)| renumber_references(o, &moved));
}

/// Points every reference in `object` to an id in `moved` at its new id.
fn renumber_references(object: &mut Object, moved: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = moved.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| renumber_references(o, moved)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| renumber_references(o, moved)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber_references(o, moved)),
        _ => {}
    }
}

/// The names of the XObjects a content stream paints (`/Name Do`), in order,
/// read with lopdf's content parser (as `verify` reads content).
fn painted_names(content: &[u8]) -> Result<Vec<Vec<u8>>> {
    Ok(lopdf::content::Content::decode(content)
        .context("a page's content stream cannot be parsed")?
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| {
            op.operands
                .first()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
        })
        .collect())
}

fn fix_catalog(
    pdf: &mut lopdf::Document,
    meta: &Metadata,
    outlines: Option<ObjectId>,
    structure: ObjectId,
) -> Result<()> {
    let root = pdf.trailer.get(b"Root")?.as_reference()?;
    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(structure));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![("Marked", Object::Boolean(true))])),
    );
    catalog.set(
        "Lang",
        Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    match outlines {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(())
}

/// Points the catalog at the XMP packet and the sRGB output intent.
fn add_metadata(pdf: &mut lopdf::Document, meta: &Metadata, date: i64) -> Result<()> {
    let mut packet = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp::packet(meta, &xmp_date(date)).into_bytes(),
    );
    // Left uncompressed, so that any tool finds the packet.
    packet.allows_compression = false;
    let packet = pdf.add_object(packet);
    let profile = pdf.add_object(Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        icc::srgb(),
    ));
    let name = || Object::String(icc::DESCRIPTION.as_bytes().to_vec(), StringFormat::Literal);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", name()),
        ("Info", name()),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    let root = pdf.trailer.get(b"Root")?.as_reference()?;
    let catalog = pdf.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("Metadata", Object::Reference(packet));
    catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
    Ok(())
}

fn info(meta: &Metadata, date: i64) -> Dictionary {
    let date = Object::String(pdf_date(date).into_bytes(), StringFormat::Literal);
    let mut d = Dictionary::new();
    d.set("Title", text_string(&meta.title));
    if let Some(a) = &meta.author {
        d.set("Author", text_string(a));
    }
    if let Some(s) = xmp::subject(meta) {
        d.set("Subject", text_string(s));
    }
    d.set("Creator", text_string(xmp::CREATOR));
    d.set("Producer", text_string(xmp::PRODUCER));
    d.set("CreationDate", date.clone());
    d.set("ModDate", date);
    d
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since 1970 (UTC).
pub fn pdf_date(epoch: i64) -> String {
    let (year, month, day, hour, minute, second) = crate::input::epoch::civil_from_epoch(epoch);
    format!("D:{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z")
}

/// `YYYY-MM-DDTHH:mm:SSZ` (XMP's date form) for seconds since 1970 (UTC).
pub fn xmp_date(epoch: i64) -> String {
    let (year, month, day, hour, minute, second) = crate::input::epoch::civil_from_epoch(epoch);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_the_epoch() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_678_233_600), "D:20230308000000Z");
        assert_eq!(pdf_date(951_782_400 + 3661), "D:20000229010101Z");
        assert_eq!(xmp_date(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn finds_painted_xobjects_in_order() {
        let names = painted_names(b"q 1 0 0 1 0 0 cm /X2 Do Q q /X1 Do Q BT /F0 11 Tf ET").unwrap();
        assert_eq!(names, [b"X2".to_vec(), b"X1".to_vec()]);
    }
}
