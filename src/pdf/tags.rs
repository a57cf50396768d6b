//! The logical structure of the PDF (ISO 32000-1 §14.7, as PDF/UA-1 asks):
//! one structure element per block and per meaningful inline span of the
//! model, built while the layout walks the model. Every mark the layout
//! places names the element it belongs to ([`Owner`]); a mark that belongs to
//! none is an artifact (decoration, page furniture).

/// The index of an element in [`Tree::elements`].
pub type ElementId = usize;

/// The element a mark on the page belongs to; `None` for an artifact.
pub type Owner = Option<ElementId>;

/// A structure type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole document (the root's only child).
    Document,
    /// The document title (role-mapped to `P`).
    Title,
    /// The subtitle (role-mapped to `P`).
    Subtitle,
    /// The author or the date under the titles (role-mapped to `P`).
    Byline,
    /// A heading of level 1 to 6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's label (its number).
    Lbl,
    /// A list item's body.
    LBody,
    /// A block quote.
    BlockQuote,
    /// A picture (with `/Alt`): alone, in a row, or inside a line of
    /// text (a child of its `P`).
    Figure,
    /// A row of pictures side by side (their `Figure`s and `Caption`s).
    Div,
    /// A figure's caption line.
    Caption,
    /// Strong text (role-mapped to `Span`: PDF 1.7 has no `Strong`).
    Strong,
    /// Emphasised text (role-mapped to `Span`).
    Em,
    /// Inline code.
    Code,
    /// A link (its annotations are its children too).
    Link,
    /// A table: its caption first, then its rows.
    Table,
    /// A table row.
    TR,
    /// A header cell (with `/Scope`).
    TH,
    /// A data cell.
    TD,
    /// A note under a table, `注：…` (role-mapped to `P`).
    TableNote,
}

impl Kind {
    /// The structure type's name as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::Title => "Title",
            Kind::Subtitle => "Subtitle",
            Kind::Byline => "Byline",
            Kind::H(1) => "H1",
            Kind::H(2) => "H2",
            Kind::H(3) => "H3",
            Kind::H(4) => "H4",
            Kind::H(5) => "H5",
            Kind::H(_) => "H6",
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::BlockQuote => "BlockQuote",
            Kind::Figure => "Figure",
            Kind::Div => "Div",
            Kind::Caption => "Caption",
            Kind::Strong => "Strong",
            Kind::Em => "Em",
            Kind::Code => "Code",
            Kind::Link => "Link",
            Kind::Table => "Table",
            Kind::TR => "TR",
            Kind::TH => "TH",
            Kind::TD => "TD",
            Kind::TableNote => "TableNote",
        }
    }

    /// The standard PDF 1.7 type a custom type is role-mapped to.
    pub fn role_map(self) -> Option<&'static str> {
        match self {
            Kind::Title | Kind::Subtitle | Kind::Byline | Kind::TableNote => Some("P"),
            Kind::Strong | Kind::Em => Some("Span"),
            _ => None,
        }
    }

    /// Every custom type, for the role map.
    pub const CUSTOM: [Kind; 6] = [
        Kind::Title,
        Kind::Subtitle,
        Kind::Byline,
        Kind::Strong,
        Kind::Em,
        Kind::TableNote,
    ];
}

/// A structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its type.
    pub kind: Kind,
    /// Its parent (`None` only for the document element).
    pub parent: Option<ElementId>,
    /// Alternate text (figures: the caption text).
    pub alt: Option<String>,
    /// A link's target and text.
    pub link: Option<LinkTarget>,
    /// A table cell's attributes (`/A << /O /Table … >>`).
    pub cell: Option<CellAttributes>,
}

/// The table attributes of a cell (ISO 32000-1 §14.8.5.7): written only
/// where they say something (a header cell's scope, spans over 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellAttributes {
    /// A header cell's scope: `Column` or `Row`.
    pub scope: Option<Scope>,
    /// Rows spanned.
    pub row_span: u32,
    /// Columns spanned.
    pub col_span: u32,
}

pub use crate::model::table::Scope;

impl CellAttributes {
    /// The attribute dictionary's entries besides `/O /Table`, in the order
    /// written: `/Scope`, `/RowSpan`, `/ColSpan`; empty when it says nothing.
    pub fn entries(&self) -> Vec<(&'static str, AttributeValue)> {
        let mut out = Vec::new();
        if let Some(scope) = self.scope {
            let name = match scope {
                Scope::Column => "Column",
                Scope::Row => "Row",
            };
            out.push(("Scope", AttributeValue::Name(name)));
        }
        if self.row_span > 1 {
            out.push(("RowSpan", AttributeValue::Integer(self.row_span)));
        }
        if self.col_span > 1 {
            out.push(("ColSpan", AttributeValue::Integer(self.col_span)));
        }
        out
    }
}

/// The value of a table attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeValue {
    /// A name (`/Column`).
    Name(&'static str),
    /// A whole number.
    Integer(u32),
}

/// Where a link leads and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTarget {
    /// The URL.
    pub url: String,
    /// The link text (the annotations' `/Contents`).
    pub text: String,
}

/// The structure elements of a document in document order; element 0 is the
/// `Document` element. A child always comes after its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The elements.
    pub elements: Vec<Element>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            elements: vec![Element {
                kind: Kind::Document,
                parent: None,
                alt: None,
                link: None,
                cell: None,
            }],
        }
    }
}

impl Tree {
    /// The document element.
    pub const ROOT: ElementId = 0;

    /// Adds an element of `kind` under `parent` and returns its id.
    pub fn add(&mut self, kind: Kind, parent: ElementId) -> ElementId {
        self.elements.push(Element {
            kind,
            parent: Some(parent),
            alt: None,
            link: None,
            cell: None,
        });
        self.elements.len() - 1
    }

    /// The element `id`.
    pub fn get(&self, id: ElementId) -> &Element {
        &self.elements[id]
    }

    /// Whether `owner` is an element of kind [`Kind::Link`].
    pub fn is_link(&self, owner: Owner) -> bool {
        owner.is_some_and(|id| self.elements[id].kind == Kind::Link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_follow_their_parents() {
        let mut t = Tree::default();
        let p = t.add(Kind::P, Tree::ROOT);
        let link = t.add(Kind::Link, p);
        assert_eq!(t.get(link).parent, Some(p));
        assert!(t.is_link(Some(link)) && !t.is_link(Some(p)) && !t.is_link(None));
        assert_eq!(Kind::H(2).name(), "H2");
        assert_eq!(Kind::Strong.role_map(), Some("Span"));
        assert_eq!(Kind::P.role_map(), None);
    }
}
