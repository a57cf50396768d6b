//! Reads a PDF back as assistive technology does: the structure tree (its
//! headings, figures' alternate text and captions, pictures — alone, in a
//! row's `Div`, inside a paragraph — tables with their
//! cells' spans and the notes after them), the text of every
//! page's marked content decoded through each font's ToUnicode map (the
//! artifacts — running heads, page numbers — apart), and the outline
//! (bookmarks).

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::{bail, ensure, Context, Result};
use lopdf::{content::Content, Dictionary, Document, Object, ObjectId, Stream};

use super::{limits, Reading};
use crate::model::table::{ShapeCell, TableShape};
use crate::model::{PicturePlace, PictureShape};
use crate::Target;

/// Reads the structure, text and outline of a PDF, within
/// [`limits`](super::limits).
pub fn read(bytes: &[u8]) -> Result<Reading> {
    limits::check_pdf(bytes)?;
    let doc = Document::load_mem(bytes).context("not a readable PDF")?;
    let pages = page_texts(&doc)?;
    let tree = structure(&doc, &pages)?.context("the PDF has no structure tree (it is not tagged)")?;
    let mut found = Found::default();
    found.visit(&tree, Within::default());
    Ok(Reading {
        target: Target::Pdf,
        headings: found.headings,
        captions: Some(found.captions),
        text: pages.into_iter().map(|p| p.content).collect(),
        blocks: found.blocks,
        outline: Some(outline(&doc)?),
        alts: Some(found.alts),
        labels: None,
        emphasis: Some(found.emphasis),
        links: None,
        tables: Some(found.tables),
        pictures: Some(found.pictures),
    })
}

/// What the structure tree says, element by element.
#[derive(Default)]
struct Found {
    headings: Vec<(u8, String)>,
    captions: Vec<String>,
    alts: Vec<String>,
    emphasis: Vec<String>,
    blocks: Vec<String>,
    tables: Vec<TableShape>,
    pictures: Vec<PictureShape>,
}

/// Where an element stands.
#[derive(Debug, Clone, Copy, Default)]
struct Within {
    /// Inside a `Table` (whose caption and cells are read with the table).
    table: bool,
    /// Inside a paragraph (`P`): a `Figure` there is a picture inside text.
    paragraph: bool,
}

/// The label (`图N`) a caption line begins with.
fn caption_label(caption: &str) -> Option<String> {
    let rest = caption.trim_start().strip_prefix('图')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| format!("图{digits}"))
}

/// An element's words: a line of text ends in a newline; the words do not.
fn words(n: &StructNode) -> String {
    n.text.replace('\n', "")
}

impl Found {
    /// Reads `n` and its descendants, `n` standing `within`.
    fn visit(&mut self, n: &StructNode, within: Within) {
        let mut within = within;
        let in_table = within.table;
        match n.kind.as_str() {
            "H1" | "H2" | "H3" | "H4" | "H5" | "H6" => {
                self.headings.push((n.kind.as_bytes()[1] - b'0', words(n)));
                self.blocks.push(words(n));
            }
            "Table" => {
                let shape = table_shape(n);
                self.blocks.extend(shape.caption.iter().cloned());
                self.blocks
                    .extend(shape.rows.iter().flatten().map(|c| c.text.clone()));
                self.tables.push(shape);
                within.table = true;
            }
            // A table's notes follow it.
            "TableNote" => {
                if let Some(t) = self.tables.last_mut() {
                    t.notes.push(words(n));
                }
                self.blocks.push(words(n));
            }
            // A figure may float to the next page, its caption with it: the
            // captions are compared on their own, in order.
            "Caption" if !in_table => self.captions.push(words(n)),
            "P" if !in_table => self.blocks.push(words(n)),
            "Em" => self.emphasis.push(words(n)),
            _ => {}
        }
        within.paragraph |= n.kind == "P";
        for (i, c) in n.children.iter().enumerate() {
            if c.kind == "Figure" {
                let next = n.children.get(i + 1).filter(|s| s.kind == "Caption");
                self.picture(c, next, n.kind == "Div", within);
            }
            self.visit(c, within);
        }
    }

    /// Reads the `Figure` element `f`, followed by the caption `caption`
    /// (a numbered figure), standing in a row (`in_row`: its parent is a
    /// `Div`) or `within` a paragraph (a picture inside text) or alone. A
    /// numbered figure's `/Alt` must be its caption's words; another
    /// picture's `/Alt` is its text alternative.
    fn picture(&mut self, f: &StructNode, caption: Option<&StructNode>, in_row: bool, within: Within) {
        let place = if within.paragraph {
            PicturePlace::Inline
        } else if in_row {
            PicturePlace::Row
        } else {
            PicturePlace::Alone
        };
        let label = caption.and_then(|c| caption_label(&words(c)));
        if label.is_some() {
            self.alts.push(f.alt.clone().unwrap_or_default());
        }
        self.pictures.push(PictureShape {
            place,
            alt: if label.is_some() { None } else { f.alt.clone() },
            label,
        });
    }
}

/// A `Table` element read as [`TableShape`]: its `Caption` child, its `TR`
/// rows' `TH` and `TD` cells with their `/RowSpan` and `/ColSpan`, the
/// header rows being the first rows whose cells all head columns (`TH`
/// with `/Scope /Column`). A cell's text is its words: a PDF does not tell
/// a hard break in a cell from a wrapped line. The notes follow the table
/// (`TableNote`).
fn table_shape(table: &StructNode) -> TableShape {
    let caption = table.children.iter().find(|c| c.kind == "Caption").map(words);
    let rows: Vec<&StructNode> = table.children.iter().filter(|c| c.kind == "TR").collect();
    let heads_columns = |c: &StructNode| c.kind == "TH" && c.cell.scope.as_deref() == Some("Column");
    let head_rows = rows
        .iter()
        .take_while(|r| !r.children.is_empty() && r.children.iter().all(heads_columns))
        .count();
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.children
                .iter()
                .filter(|c| c.kind == "TH" || c.kind == "TD")
                .map(|c| ShapeCell {
                    text: words(c),
                    row_span: c.cell.row_span,
                    col_span: c.cell.col_span,
                    header: i < head_rows,
                })
                .collect()
        })
        .collect();
    TableShape {
        caption,
        head_rows,
        rows,
        notes: Vec::new(),
    }
}

/// One page's text, by marked content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// Everything but the artifacts, in content order.
    pub content: String,
    /// The artifacts' text (running head, page number), in content order.
    pub artifacts: String,
    /// The text of each marked-content id.
    pub mcids: BTreeMap<i64, String>,
    /// Text in no marked-content sequence with an id and in no artifact.
    pub unmarked: String,
}

/// The text of every page, by marked content, in page order.
pub fn page_texts(doc: &Document) -> Result<Vec<PageText>> {
    let mut pages = Vec::new();
    for (number, page) in doc.get_pages() {
        let maps: BTreeMap<Vec<u8>, Option<HashMap<u32, String>>> = page_fonts(doc, page)?
            .into_iter()
            .map(|(name, font)| Ok((name, to_unicode(doc, font)?)))
            .collect::<Result<_>>()?;
        let content = page_content(doc, page).with_context(|| format!("page {number}"))?;
        limits::check_pdf_syntax(&content).with_context(|| format!("page {number}: the content"))?;
        let content = Content::decode(&content).context("page content cannot be decoded")?;
        let mut font: Option<&Option<HashMap<u32, String>>> = None;
        let mut out = PageText::default();
        // The open marked-content sequences: artifact or MCID (or neither).
        let mut open: Vec<(bool, Option<i64>)> = Vec::new();
        for op in &content.operations {
            let mut s = String::new();
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let artifact = op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact");
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    open.push((artifact, mcid));
                }
                "EMC" => {
                    ensure!(open.pop().is_some(), "EMC without a marked-content sequence");
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| maps.get(n))
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    for operand in &op.operands {
                        show(operand, font.and_then(Option::as_ref), &mut s);
                    }
                }
                "ET" | "T*" | "Td" | "TD" => s.push('\n'),
                _ => {}
            }
            if s.is_empty() {
                continue;
            }
            if open.iter().any(|(artifact, _)| *artifact) {
                out.artifacts.push_str(&s);
                continue;
            }
            out.content.push_str(&s);
            match open.iter().rev().find_map(|(_, mcid)| *mcid) {
                Some(mcid) => out.mcids.entry(mcid).or_default().push_str(&s),
                None => out.unmarked.push_str(&s),
            }
        }
        ensure!(open.is_empty(), "a marked-content sequence is not closed");
        pages.push(out);
    }
    Ok(pages)
}

/// The table attributes of a structure element (`/A` with `/O /Table`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellAttributes {
    /// `/Scope`: `Column`, `Row` or `Both`.
    pub scope: Option<String>,
    /// `/RowSpan` (1 when not given).
    pub row_span: u32,
    /// `/ColSpan` (1 when not given).
    pub col_span: u32,
}

impl Default for CellAttributes {
    fn default() -> Self {
        CellAttributes {
            scope: None,
            row_span: 1,
            col_span: 1,
        }
    }
}

/// The table attributes of `element`: from its `/A`, one attribute
/// dictionary or an array of them (with revision numbers), those owned by
/// `/Table`.
fn cell_attributes(doc: &Document, element: &Dictionary) -> CellAttributes {
    let mut out = CellAttributes::default();
    let Ok(a) = element.get(b"A") else {
        return out;
    };
    let owned: Vec<&Object> = match doc.dereference(a) {
        Ok((_, Object::Array(items))) => items.iter().collect(),
        Ok((_, one)) => vec![one],
        Err(_) => Vec::new(),
    };
    for o in owned {
        let Ok((_, Object::Dictionary(d))) = doc.dereference(o) else {
            continue;
        };
        if d.get(b"O").and_then(Object::as_name).ok() != Some(b"Table") {
            continue;
        }
        if let Ok(scope) = d.get(b"Scope").and_then(Object::as_name) {
            out.scope = Some(String::from_utf8_lossy(scope).into_owned());
        }
        let span = |key: &[u8]| {
            d.get(key)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
        };
        out.row_span = span(b"RowSpan").unwrap_or(out.row_span);
        out.col_span = span(b"ColSpan").unwrap_or(out.col_span);
    }
    out
}

/// A structure element read back.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// Its structure type, as written (`P`, `H1`, `Figure`…).
    pub kind: String,
    /// Its `/Alt`.
    pub alt: Option<String>,
    /// The text of its marked content and its children's, in order.
    pub text: String,
    /// Its marked content: (0-based page, MCID), in order.
    pub mcids: Vec<(usize, i64)>,
    /// How many annotations (`/OBJR`) it holds.
    pub annotations: usize,
    /// Its table attributes (a cell's scope and spans).
    pub cell: CellAttributes,
    /// Its child elements, in order.
    pub children: Vec<StructNode>,
}

impl StructNode {
    /// Calls `f` on this node and its descendants, depth first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a StructNode)) {
        f(self);
        self.children.iter().for_each(|c| c.walk(f));
    }
}

/// The structure tree's root element (`/StructTreeRoot /K`), with the text of
/// each element from `pages`; `None` when the PDF is not tagged.
pub fn structure(doc: &Document, pages: &[PageText]) -> Result<Option<StructNode>> {
    let Ok(root) = doc.catalog()?.get(b"StructTreeRoot") else {
        return Ok(None);
    };
    let page_index: HashMap<ObjectId, usize> = doc
        .get_pages()
        .values()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let root = doc.dereference(root)?.1.as_dict()?;
    let k = root.get(b"K").context("the structure tree root has no /K")?;
    let mut walk = Walk {
        doc,
        page_index: &page_index,
        pages,
        seen: HashSet::new(),
    };
    Ok(Some(walk.element(k, None, 0)?))
}

/// A walk down the structure tree: each element is reached once, at most
/// [`limits::MAX_DEPTH`] deep.
struct Walk<'a> {
    doc: &'a Document,
    page_index: &'a HashMap<ObjectId, usize>,
    pages: &'a [PageText],
    /// The elements reached so far: one reached twice is a loop (or a
    /// shared child, which a tree does not have).
    seen: HashSet<ObjectId>,
}

impl Walk<'_> {
    fn element(&mut self, o: &Object, page: Option<usize>, depth: usize) -> Result<StructNode> {
        let (doc, page_index, pages) = (self.doc, self.page_index, self.pages);
        ensure!(
            depth <= limits::MAX_DEPTH,
            "the structure tree nests more than {} deep",
            limits::MAX_DEPTH
        );
        if let Object::Reference(id) = o {
            ensure!(
                self.seen.insert(*id),
                "the structure tree reaches element {} {} R twice (a loop)",
                id.0,
                id.1
            );
        }
        let dict = doc.dereference(o)?.1.as_dict()?;
        let pg = |d: &Dictionary| -> Option<usize> {
            d.get(b"Pg")
                .ok()
                .and_then(|p| p.as_reference().ok())
                .and_then(|r| page_index.get(&r).copied())
        };
        let page = pg(dict).or(page);
        let mut node = StructNode {
            kind: String::from_utf8_lossy(dict.get(b"S")?.as_name()?).into_owned(),
            alt: dict
                .get(b"Alt")
                .and_then(Object::as_str)
                .ok()
                .map(decode_text_string),
            text: String::new(),
            mcids: Vec::new(),
            annotations: 0,
            cell: cell_attributes(doc, dict),
            children: Vec::new(),
        };
        let kids = match dict.get(b"K") {
            Ok(Object::Array(a)) => a.iter().collect(),
            Ok(one) => vec![one],
            Err(_) => Vec::new(),
        };
        for kid in kids {
            let mcid = match kid {
                Object::Integer(m) => page.map(|p| (p, *m)),
                _ => {
                    let kid_dict = doc.dereference(kid)?.1.as_dict()?;
                    match kid_dict.get(b"Type").and_then(Object::as_name).ok() {
                        Some(b"MCR") => pg(kid_dict).or(page).zip(kid_dict.get(b"MCID")?.as_i64().ok()),
                        Some(b"OBJR") => {
                            node.annotations += 1;
                            None
                        }
                        _ => {
                            let child = self.element(kid, page, depth + 1)?;
                            node.text.push_str(&child.text);
                            node.children.push(child);
                            None
                        }
                    }
                }
            };
            if let Some((p, m)) = mcid {
                node.mcids.push((p, m));
                if let Some(t) = pages.get(p).and_then(|pt| pt.mcids.get(&m)) {
                    node.text.push_str(t);
                }
            }
        }
        Ok(node)
    }
}

/// The outline entries as (depth, title), depth 1 for top-level bookmarks.
/// An item reached twice (a loop) or nested deeper than
/// [`limits::MAX_DEPTH`] is an error.
pub fn outline(doc: &Document) -> Result<Vec<(u8, String)>> {
    let mut out = Vec::new();
    let Ok(outlines) = doc.catalog()?.get(b"Outlines") else {
        return Ok(out);
    };
    let (_, outlines) = doc.dereference(outlines)?;
    let Ok(first) = outlines.as_dict()?.get(b"First") else {
        return Ok(out);
    };
    let mut seen = HashSet::new();
    // The items still to visit: each level's next sibling, innermost last.
    let mut pending: Vec<(&Object, usize)> = vec![(first, 1)];
    while let Some((item, depth)) = pending.pop() {
        if depth > MAX_OUTLINE_DEPTH {
            bail!("the outline nests more than {MAX_OUTLINE_DEPTH} deep");
        }
        if let Object::Reference(id) = item {
            if !seen.insert(*id) {
                bail!("the outline loops: item {} {} R is reached twice", id.0, id.1);
            }
        }
        let (_, item) = doc.dereference(item)?;
        let dict = item.as_dict()?;
        let title = dict
            .get(b"Title")
            .and_then(Object::as_str)
            .map(decode_text_string)
            .unwrap_or_default();
        out.push((depth as u8, title));
        if let Ok(next) = dict.get(b"Next") {
            pending.push((next, depth));
        }
        if let Ok(child) = dict.get(b"First") {
            pending.push((child, depth + 1));
        }
    }
    Ok(out)
}

/// The deepest outline level read (levels are counted in a byte).
const MAX_OUTLINE_DEPTH: usize = if limits::MAX_DEPTH < 255 {
    limits::MAX_DEPTH
} else {
    255
};

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding
/// (read as Latin-1, which agrees with it on printable ASCII).
pub fn decode_text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// The fonts of a page's resources, its own and those inherited through
/// `/Parent`; a parent chain that loops or runs deeper than
/// [`limits::MAX_DEPTH`] is an error.
fn page_fonts(doc: &Document, page: ObjectId) -> Result<BTreeMap<Vec<u8>, &Dictionary>> {
    let mut fonts = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut node = Some(page);
    while let Some(id) = node {
        if !seen.insert(id) || seen.len() > limits::MAX_DEPTH {
            bail!("the page tree loops or nests too deep at {} {} R", id.0, id.1);
        }
        let dict = doc.get_dictionary(id)?;
        if let Ok(resources) = dict.get(b"Resources") {
            let (_, resources) = doc.dereference(resources)?;
            if let Ok(font_dict) = resources.as_dict().and_then(|r| r.get(b"Font")) {
                let (_, font_dict) = doc.dereference(font_dict)?;
                for (name, font) in font_dict.as_dict()? {
                    if let Ok((_, Object::Dictionary(font))) = doc.dereference(font) {
                        fonts.entry(name.clone()).or_insert(font);
                    }
                }
            }
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    Ok(fonts)
}

/// A page's content streams, inflated within [`limits::MAX_INFLATED`] and joined.
fn page_content(doc: &Document, page: ObjectId) -> Result<Vec<u8>> {
    let dict = doc.get_dictionary(page)?;
    let refs: Vec<&Object> = match dict.get(b"Contents") {
        Ok(Object::Array(items)) => items.iter().collect(),
        Ok(item) => vec![item],
        Err(_) => Vec::new(),
    };
    let mut content = Vec::new();
    for r in refs {
        let (_, stream) = doc.dereference(r)?;
        let data = stream_data(stream.as_stream()?, "the content stream")?;
        content.extend_from_slice(&data);
        content.push(b'\n');
        if content.len() as u64 > limits::MAX_INFLATED {
            bail!(
                "the content streams inflate to more than {} MiB",
                limits::MAX_INFLATED >> 20
            );
        }
    }
    Ok(content)
}

/// A stream's data, inflated when it is `FlateDecode`d (the only filter
/// zhpress writes for text).
fn stream_data(stream: &Stream, what: &str) -> Result<Vec<u8>> {
    let filters = stream.filters().unwrap_or_default();
    let filters: Vec<&str> = filters.iter().map(String::as_str).collect();
    match filters.as_slice() {
        [] => Ok(stream.content.clone()),
        ["FlateDecode"] => limits::inflate(&stream.content, what),
        other => bail!("{what} uses the filter {other:?}, which zhpress does not read"),
    }
}

fn show(operand: &Object, map: Option<&HashMap<u32, String>>, out: &mut String) {
    match operand {
        Object::String(bytes, _) => match map {
            Some(map) => {
                for code in bytes.chunks(2) {
                    let code = code.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
                    match map.get(&code) {
                        Some(t) => out.push_str(t),
                        None => out.push('\u{fffd}'),
                    }
                }
            }
            None => out.extend(bytes.iter().map(|&b| b as char)),
        },
        Object::Array(items) => items.iter().for_each(|i| show(i, map, out)),
        _ => {}
    }
}

/// The code → text map of a font's ToUnicode CMap, if it has one.
fn to_unicode(doc: &Document, font: &Dictionary) -> Result<Option<HashMap<u32, String>>> {
    let Ok(map) = font.get(b"ToUnicode") else {
        return Ok(None);
    };
    let Ok((_, Object::Stream(stream))) = doc.dereference(map) else {
        return Ok(None);
    };
    let data = stream_data(stream, "a ToUnicode map")?;
    parse_cmap(&String::from_utf8_lossy(&data)).map(Some)
}

/// Parses the `bfchar` and `bfrange` sections of a CMap; a map with more
/// than [`limits::MAX_CMAP_ENTRIES`] entries (ranges counted code by code)
/// is an error.
pub fn parse_cmap(cmap: &str) -> Result<HashMap<u32, String>> {
    let tokens = tokenize(cmap);
    let mut map = HashMap::new();
    let mut i = 0;
    let mut section = "";
    // Entries read, counting codes given twice: the work is bounded too.
    let mut entries = 0usize;
    let too_many = || {
        anyhow::anyhow!(
            "a ToUnicode map gives text for more than {} codes",
            limits::MAX_CMAP_ENTRIES
        )
    };
    while i < tokens.len() {
        match tokens[i].as_str() {
            "beginbfchar" | "beginbfrange" => {
                section = if tokens[i] == "beginbfchar" {
                    "char"
                } else {
                    "range"
                }
            }
            "endbfchar" | "endbfrange" => section = "",
            _ if section == "char" && i + 1 < tokens.len() => {
                if let (Some(code), Some(text)) = (hex_code(&tokens[i]), hex_text(&tokens[i + 1])) {
                    entries += 1;
                    map.insert(code, text);
                }
                i += 1;
            }
            _ if section == "range" && i + 2 < tokens.len() => {
                let (lo, hi) = (hex_code(&tokens[i]), hex_code(&tokens[i + 1]));
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    if hi >= lo && (hi - lo) as usize >= limits::MAX_CMAP_ENTRIES - entries {
                        return Err(too_many());
                    }
                    if tokens[i + 2] == "[" {
                        let mut j = i + 3;
                        let mut code = lo;
                        while j < tokens.len() && tokens[j] != "]" {
                            if let Some(t) = hex_text(&tokens[j]) {
                                entries += 1;
                                map.insert(code, t);
                            }
                            code = code.wrapping_add(1);
                            j += 1;
                        }
                        i = j;
                    } else if let Some(start) = hex_text(&tokens[i + 2]) {
                        let mut chars: Vec<char> = start.chars().collect();
                        for code in lo..=hi {
                            entries += 1;
                            map.insert(code, chars.iter().collect());
                            if let Some(last) = chars.last_mut() {
                                *last = char::from_u32(*last as u32 + 1).unwrap_or(*last);
                            }
                        }
                        i += 2;
                    }
                }
            }
            _ => {}
        }
        if entries > limits::MAX_CMAP_ENTRIES {
            return Err(too_many());
        }
        i += 1;
    }
    Ok(map)
}

fn tokenize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                let hex: String = chars.by_ref().take_while(|&c| c != '>').collect();
                out.push(format!("<{hex}>"));
            }
            '[' | ']' => out.push(c.to_string()),
            c if c.is_whitespace() => {}
            c => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "<[]".contains(n) {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                out.push(word);
            }
        }
    }
    out
}

fn hex_bytes(token: &str) -> Option<Vec<u8>> {
    let hex: String = token
        .strip_prefix('<')?
        .strip_suffix('>')?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn hex_code(token: &str) -> Option<u32> {
    Some(hex_bytes(token)?.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)))
}

fn hex_text(token: &str) -> Option<String> {
    let bytes = hex_bytes(token)?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_chars_and_ranges() {
        let cmap = "2 beginbfchar\n<0003> <4E00>\n<0004> <D840DC00>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n1 beginbfrange <0020> <0021> [<4E8C> <4E09>] endbfrange";
        let m = parse_cmap(cmap).unwrap();
        assert_eq!(m[&3], "一");
        assert_eq!(m[&4], "\u{20000}");
        assert_eq!((m[&0x10].as_str(), m[&0x12].as_str()), ("A", "C"));
        assert_eq!((m[&0x20].as_str(), m[&0x21].as_str()), ("二", "三"));
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode_text_string(&[0xFE, 0xFF, 0x4E, 0x00, 0x00, 0x41]), "一A");
        assert_eq!(decode_text_string(b"Title"), "Title");
    }
}
