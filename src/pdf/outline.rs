//! The document outline (bookmarks): one entry per heading, nested by
//! level, each pointing at the page and height where the heading was set.

use lopdf::{Dictionary, Object, ObjectId};

use super::page::OutlineEntry;
use super::strings::text_string;
use super::style::{left_margin, MM_PER_PT, PAGE_HEIGHT};
use crate::model::HeadingTree;

/// Writes `/Outlines` for `entries` into `pdf` and returns its id, or
/// `None` when there are no headings. `pages` are the page objects in order.
pub fn write(pdf: &mut lopdf::Document, entries: &[OutlineEntry], pages: &[ObjectId]) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let levels: Vec<u8> = entries.iter().map(|e| e.level).collect();
    let tree = HeadingTree::of_levels(&levels);
    let root = pdf.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| pdf.new_object_id()).collect();
    let link_siblings = |dict: &mut Dictionary, siblings: &[usize], i: usize| {
        let k = siblings.iter().position(|&s| s == i).expect("own sibling");
        if k > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[k - 1]]));
        }
        if let Some(&next) = siblings.get(k + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
    };
    for (i, e) in entries.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set(
            "Parent",
            Object::Reference(tree.parent(i).map_or(root, |p| ids[p])),
        );
        let page = pages.get(e.page).copied().unwrap_or(pages[0]);
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Real(left_margin() / MM_PER_PT),
                Object::Real((PAGE_HEIGHT - e.top) / MM_PER_PT),
                Object::Null,
            ]),
        );
        link_siblings(&mut dict, &tree.children(tree.parent(i)), i);
        let kids = tree.children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(tree.descendants(i) as i64));
        }
        pdf.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = tree.children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(ids[top[0]]));
    dict.set("Last", Object::Reference(ids[top[top.len() - 1]]));
    dict.set("Count", Object::Integer(entries.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}
