//! Writing the structure tree ([`super::tags`]) into the file: one
//! `/StructElem` per element that has content, its kids in reading order
//! (child elements, marked-content ids, link annotations), the `/ParentTree`
//! that leads from each page's marked content and each annotation back to its
//! element, the role map for the types PDF 1.7 does not define, and the link
//! annotations themselves (`/Link` with a `/URI` action and a
//! `/StructParent`).

use anyhow::{ensure, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::page::{Mark, Page};
use super::strings::text_string;
use super::style::{MM_PER_PT, PAGE_HEIGHT};
use super::tags::{AttributeValue, ElementId, Kind, Tree};

/// A kid of a structure element.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kid {
    /// A child element.
    Element(ElementId),
    /// Marked content `mcid` on page `page`.
    Mcid { page: usize, mcid: usize },
    /// A link annotation on page `page`.
    Annot { page: usize, annot: ObjectId },
}

/// The tree's kids, each element attached to its parent when its first
/// content appears, so that kids come in reading order.
struct Kids {
    kids: Vec<Vec<Kid>>,
    attached: Vec<bool>,
}

impl Kids {
    fn attach(&mut self, tree: &Tree, id: ElementId) {
        if self.attached[id] {
            return;
        }
        self.attached[id] = true;
        if let Some(parent) = tree.get(id).parent {
            self.attach(tree, parent);
            self.kids[parent].push(Kid::Element(id));
        }
    }

    fn push(&mut self, tree: &Tree, id: ElementId, kid: Kid) {
        self.attach(tree, id);
        self.kids[id].push(kid);
    }
}

/// Writes the structure tree and the link annotations; returns the id of the
/// `/StructTreeRoot`. `pages` are the page objects, `laid` the laid-out
/// pages (for the link areas) and `mcids` what [`super::draw::Drawn::mcids`]
/// says each page's marked content belongs to.
pub fn write(
    pdf: &mut lopdf::Document,
    tree: &Tree,
    pages: &[ObjectId],
    laid: &[Page],
    mcids: &[Vec<ElementId>],
) -> Result<ObjectId> {
    ensure!(
        pages.len() == laid.len() && pages.len() == mcids.len(),
        "the file has {} pages, the layout {}",
        pages.len(),
        laid.len()
    );
    let n = tree.elements.len();
    let mut kids = Kids {
        kids: vec![Vec::new(); n],
        attached: vec![false; n],
    };
    kids.attached[Tree::ROOT] = true;
    // Annotations take the parent-tree keys after the pages'.
    let mut annots: Vec<(ObjectId, ElementId)> = Vec::new();
    for (page, (page_id, page_mcids)) in pages.iter().zip(mcids).enumerate() {
        for (mcid, &id) in page_mcids.iter().enumerate() {
            kids.push(tree, id, Kid::Mcid { page, mcid });
        }
        let mut on_page = Vec::new();
        for mark in &laid[page].marks {
            let Mark::Link {
                x,
                y,
                width,
                height,
                link,
            } = *mark
            else {
                continue;
            };
            let Some(target) = &tree.get(link).link else {
                continue;
            };
            let key = pages.len() + annots.len();
            let pt = |mm: f32| Object::Real(mm / MM_PER_PT);
            let annot = pdf.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(vec![
                        pt(x),
                        pt(PAGE_HEIGHT - y - height),
                        pt(x + width),
                        pt(PAGE_HEIGHT - y),
                    ]),
                ),
                (
                    "Border",
                    Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)]),
                ),
                ("F", Object::Integer(4)),
                ("P", Object::Reference(*page_id)),
                ("Contents", text_string(&target.text)),
                (
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"Action".to_vec())),
                        ("S", Object::Name(b"URI".to_vec())),
                        (
                            "URI",
                            Object::String(uri_bytes(&target.url), StringFormat::Literal),
                        ),
                    ])),
                ),
                ("StructParent", Object::Integer(key as i64)),
            ]));
            kids.push(tree, link, Kid::Annot { page, annot });
            annots.push((annot, link));
            on_page.push(Object::Reference(annot));
        }
        let page_dict = pdf.get_object_mut(*page_id)?.as_dict_mut()?;
        page_dict.set("StructParents", Object::Integer(page as i64));
        if on_page.is_empty() {
            page_dict.remove(b"Annots");
        } else {
            page_dict.set("Annots", Object::Array(on_page));
            page_dict.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }

    let root_id = pdf.new_object_id();
    let ids: Vec<Option<ObjectId>> = (0..n)
        .map(|i| kids.attached[i].then(|| pdf.new_object_id()))
        .collect();
    let reference = |id: ElementId| Object::Reference(ids[id].expect("attached element"));
    for (i, element) in tree.elements.iter().enumerate() {
        let Some(own) = ids[i] else { continue };
        let first_page = kids.kids[i].iter().find_map(|k| match k {
            Kid::Mcid { page, .. } | Kid::Annot { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        let k: Vec<Object> = kids.kids[i]
            .iter()
            .map(|kid| match *kid {
                Kid::Element(child) => reference(child),
                Kid::Mcid { page, mcid } if Some(page) == first_page => Object::Integer(mcid as i64),
                Kid::Mcid { page, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(pages[page])),
                    ("MCID", Object::Integer(mcid as i64)),
                ])),
                Kid::Annot { page, annot } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Pg", Object::Reference(pages[page])),
                    ("Obj", Object::Reference(annot)),
                ])),
            })
            .collect();
        // One kid is written alone, not in an array (as PDF allows, and as
        // some checkers read best).
        let k = match <[Object; 1]>::try_from(k) {
            Ok([one]) => one,
            Err(k) => Object::Array(k),
        };
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(element.kind.name().as_bytes().to_vec())),
            (
                "P",
                Object::Reference(
                    element
                        .parent
                        .map_or(root_id, |p| ids[p].expect("attached parent")),
                ),
            ),
            ("K", k),
        ]);
        if let Some(page) = first_page {
            dict.set("Pg", Object::Reference(pages[page]));
        }
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        if let Some(attributes) = element.cell.map(|c| c.entries()).filter(|e| !e.is_empty()) {
            let mut a = Dictionary::from_iter(vec![("O", Object::Name(b"Table".to_vec()))]);
            for (key, value) in attributes {
                a.set(
                    key,
                    match value {
                        AttributeValue::Name(n) => Object::Name(n.as_bytes().to_vec()),
                        AttributeValue::Integer(i) => Object::Integer(i64::from(i)),
                    },
                );
            }
            dict.set("A", Object::Dictionary(a));
        }
        pdf.objects.insert(own, Object::Dictionary(dict));
    }

    let mut nums = Vec::new();
    for (page, page_mcids) in mcids.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(
            page_mcids.iter().map(|&id| reference(id)).collect(),
        ));
    }
    for (k, (_, link)) in annots.iter().enumerate() {
        nums.push(Object::Integer((pages.len() + k) as i64));
        nums.push(reference(*link));
    }
    let parent_tree = pdf.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    // The types of tables are mapped only where a table uses them, so that
    // a document without tables keeps the file it had before tables.
    let used = |kind: &Kind| *kind != Kind::TableNote || tree.elements.iter().any(|e| e.kind == *kind);
    let role_map = Dictionary::from_iter(Kind::CUSTOM.iter().filter(|k| used(k)).filter_map(|kind| {
        let standard = kind.role_map()?;
        Some((kind.name(), Object::Name(standard.as_bytes().to_vec())))
    }));
    let root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", reference(Tree::ROOT)),
        ("ParentTree", Object::Reference(parent_tree)),
        (
            "ParentTreeNextKey",
            Object::Integer((pages.len() + annots.len()) as i64),
        ),
        ("RoleMap", Object::Dictionary(role_map)),
    ]);
    pdf.objects.insert(root_id, Object::Dictionary(root));
    Ok(root_id)
}

/// A URI as the 7-bit ASCII a `/URI` action holds: bytes outside printable
/// ASCII percent-encoded.
fn uri_bytes(url: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for &b in url.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(b);
        } else {
            out.extend(format!("%{b:02X}").into_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_ascii() {
        assert_eq!(uri_bytes("https://例.cn/a b"), b"https://%E4%BE%8B.cn/a%20b");
    }

    #[test]
    fn elements_attach_in_reading_order() {
        let mut tree = Tree::default();
        let p = tree.add(Kind::P, Tree::ROOT);
        let strong = tree.add(Kind::Strong, p);
        let mut kids = Kids {
            kids: vec![Vec::new(); 3],
            attached: vec![true, false, false],
        };
        kids.push(&tree, strong, Kid::Mcid { page: 0, mcid: 0 });
        kids.push(&tree, p, Kid::Mcid { page: 0, mcid: 1 });
        assert_eq!(kids.kids[Tree::ROOT], [Kid::Element(p)]);
        assert_eq!(
            kids.kids[p],
            [Kid::Element(strong), Kid::Mcid { page: 0, mcid: 1 }]
        );
    }
}
