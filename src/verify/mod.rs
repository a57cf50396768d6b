//! Reading the editions back and checking that they say the same thing.
//!
//! Each reader looks at a file the way a reader's tools do — the PDF's
//! outline and extracted text, the EPUB's nav and spine XHTML, the DOCX's
//! styled paragraphs — never at the model. [`compare`] then checks the
//! readings against each other and, when a source is given, the model.

pub mod docx;
pub mod epub;
pub mod limits;
pub mod pdf;

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};

use crate::model::table::TableShape;
use crate::model::{Document, PicturePlace, PictureShape, LEVEL2_MARK};
use crate::Target;

/// What a reader found in one edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Which edition.
    pub target: Target,
    /// Headings (level, text) in order, from the structure tree, nav or
    /// heading styles.
    pub headings: Vec<(u8, String)>,
    /// Figure caption lines (`图N　caption　credit`) when the format marks
    /// them (PDF `Caption` elements, EPUB figcaption, DOCX Caption style);
    /// `None` when an edition's captions can only be found in its text.
    pub captions: Option<Vec<String>>,
    /// Every piece of visible text in reading order (page furniture apart).
    pub text: Vec<String>,
    /// The body's blocks — headings, paragraphs, caption lines (not in the
    /// PDF, whose figures may float) — in reading order, each one text: the
    /// paragraph sequence every edition must share (the title block, list
    /// labels and page furniture apart).
    pub blocks: Vec<String>,
    /// The bookmarks (depth, title), when the format has them apart from the
    /// headings (PDF).
    pub outline: Option<Vec<(u8, String)>>,
    /// Each numbered figure's alternate text, when the format has it apart
    /// from the caption (PDF `/Alt`): it must be the caption's text.
    pub alts: Option<Vec<String>>,
    /// Each numbered list item's label and the text after it (`3.第三项…`),
    /// when the format marks list items; `None` for the PDF, whose labels
    /// are checked within its text.
    pub labels: Option<Vec<String>>,
    /// The text of each emphasis span, when the edition marks emphasis as
    /// something a tool can read (not the PDF's drawn dots).
    pub emphasis: Option<Vec<String>>,
    /// The target of each link, in order, when the edition has readable links.
    pub links: Option<Vec<String>>,
    /// Each table's caption line, header rows, cells (text and spans) and
    /// notes, from the edition's table structure (PDF `Table` elements,
    /// EPUB `<table>`, DOCX `w:tbl`).
    pub tables: Option<Vec<TableShape>>,
    /// Every picture in reading order — where it stands, its label, its
    /// text alternative — when the reader can tell (`None`: not read). The
    /// PDF's decorative pictures are artifacts, outside its structure: its
    /// reader lists only the others.
    pub pictures: Option<Vec<PictureShape>>,
}

/// Reads the edition `target` from its bytes.
pub fn read(target: Target, bytes: &[u8]) -> Result<Reading> {
    match target {
        Target::Pdf => pdf::read(bytes),
        Target::Epub => epub::read(bytes),
        Target::Docx => docx::read(bytes),
    }
}

/// What every edition must show.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// Where this expectation comes from (`source` or an edition).
    pub origin: String,
    /// Headings (level, text) in order.
    pub headings: Vec<(u8, String)>,
    /// Caption lines in order.
    pub captions: Vec<String>,
    /// Block texts in order: every edition must have these blocks, no
    /// more, no fewer, each with this text.
    pub blocks: Vec<String>,
    /// Numbered list items as label and text (`3.第三项…`), in order.
    pub labels: Vec<String>,
    /// Emphasis spans' text, in order.
    pub emphasis: Vec<String>,
    /// Link targets, in order.
    pub links: Vec<String>,
    /// Tables, in order.
    pub tables: Vec<TableShape>,
    /// Pictures, in order.
    pub pictures: Vec<PictureShape>,
}

impl Expected {
    /// The expectation a source document sets.
    pub fn from_model(doc: &Document) -> Expected {
        let marks = doc.inline_marks();
        Expected {
            origin: "source".into(),
            headings: doc.headings().iter().map(|h| (h.level, h.text())).collect(),
            captions: doc.figures().iter().filter_map(|f| f.caption_line()).collect(),
            blocks: doc.block_texts(),
            labels: doc.list_labels(),
            emphasis: marks.emphasis,
            links: marks.links,
            tables: doc.tables().iter().map(|t| t.shape()).collect(),
            pictures: doc.picture_shapes(),
        }
    }

    /// The expectation an edition with marked captions sets for the others.
    pub fn from_reading(r: &Reading) -> Expected {
        Expected {
            origin: r.target.extension().to_uppercase(),
            headings: r.headings.clone(),
            captions: r.captions.clone().unwrap_or_default(),
            blocks: r.blocks.clone(),
            labels: r.labels.clone().unwrap_or_default(),
            emphasis: r.emphasis.clone().unwrap_or_default(),
            links: r.links.clone().unwrap_or_default(),
            tables: r.tables.clone().unwrap_or_default(),
            pictures: r.pictures.clone().unwrap_or_default(),
        }
    }
}

/// One disagreement between an edition and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The edition that disagrees.
    pub target: Target,
    /// What differs, e.g. `heading 3` or `caption 2` or `text`.
    pub what: String,
    /// The expected text.
    pub expected: String,
    /// What the edition has.
    pub found: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: expected `{}`, found `{}`",
            self.target.extension().to_uppercase(),
            limits::printable(&self.what),
            limits::printable(&self.expected),
            limits::printable(&self.found)
        )
    }
}

/// Text with all whitespace and the level-2 mark removed: line breaks,
/// justification and decoration differ between editions, the words do not.
/// Characters that the house fonts draw with one glyph are read as one (see
/// [`same_glyph`]).
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != LEVEL2_MARK)
        .map(same_glyph)
        .collect()
}

/// One character of each set that the house fonts draw with the same glyph:
/// a PDF's text gives back one character per glyph, so where a document
/// holds both `-` and the non-breaking hyphen U+2011, its PDF reads both as
/// the same one. These sets are compared as one character (the fonts' other
/// shared glyphs are compatibility forms no source is expected to mix).
fn same_glyph(c: char) -> char {
    match c {
        '\u{00AD}' | '\u{2011}' => '-',
        '\u{2012}' => '\u{2013}',
        '\u{22EF}' => '\u{2026}',
        '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' => '\u{00B7}',
        '\u{301C}' => '\u{FF5E}',
        '\u{2215}' => '\u{FF0F}',
        '\u{2329}' => '\u{3008}',
        '\u{232A}' => '\u{3009}',
        c => c,
    }
}

/// Compares one reading with the expectation.
pub fn compare(expected: &Expected, r: &Reading) -> Vec<Difference> {
    let mut diffs = Vec::new();
    let diff = |what: String, e: &str, f: &str| Difference {
        target: r.target,
        what,
        expected: e.to_string(),
        found: f.to_string(),
    };
    let text = normalize(&r.text.concat());
    // A reader's navigation shows a heading's whitespace collapsed (a hard
    // break in a heading is a space in the EPUB nav): compare it so. A
    // PDF's text cannot tell a hard break from a wrapped line, so its
    // tagged headings are compared without whitespace, as its body text is.
    let collapsed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let levels = |h: &[(u8, String)], words: &dyn Fn(&str) -> String| {
        h.iter()
            .map(|(l, t)| format!("{l} {}", words(t)))
            .collect::<Vec<_>>()
    };
    let tagged: &dyn Fn(&str) -> String = match r.target {
        Target::Pdf => &normalize,
        _ => &collapsed,
    };
    list_diffs(
        r.target,
        "heading",
        &levels(&expected.headings, tagged),
        &levels(&r.headings, tagged),
        &mut diffs,
    );
    if let Some(outline) = &r.outline {
        list_diffs(
            r.target,
            "bookmark",
            &levels(&expected.headings, &collapsed),
            &levels(outline, &collapsed),
            &mut diffs,
        );
    }
    if let Some(alts) = &r.alts {
        for (i, caption) in expected.captions.iter().enumerate() {
            let alt = alts.get(i).map_or("(none)", String::as_str);
            if alt.is_empty() || !normalize(caption).contains(&normalize(alt)) {
                diffs.push(diff(format!("figure {} /Alt", i + 1), caption, alt));
            }
        }
        if alts.len() > expected.captions.len() {
            diffs.push(diff(
                "figures".into(),
                &expected.captions.len().to_string(),
                &alts.len().to_string(),
            ));
        }
    }
    match &r.captions {
        Some(captions) => {
            // Spacing aside: a printed caption may put its credit on a line
            // of its own in place of the separator.
            for (i, pair) in zip_longest(&expected.captions, captions).into_iter().enumerate() {
                if let Some((e, f)) = pair.filter(|(e, f)| normalize(e) != normalize(f)) {
                    diffs.push(diff(format!("caption {}", i + 1), &e, &f));
                }
            }
        }
        None => in_order_diffs(r.target, "caption", &expected.captions, &text, &mut diffs),
    }
    // Labels, emphasis and link targets are compared as words (line breaks
    // inside them are layout); link targets exactly.
    let words = |v: &[String]| v.iter().map(|t| normalize(t)).collect::<Vec<_>>();
    match &r.labels {
        Some(labels) => list_diffs(
            r.target,
            "list label",
            &words(&expected.labels),
            &words(labels),
            &mut diffs,
        ),
        None => in_order_diffs(r.target, "list label", &expected.labels, &text, &mut diffs),
    }
    if let Some(emphasis) = &r.emphasis {
        list_diffs(
            r.target,
            "emphasis",
            &words(&expected.emphasis),
            &words(emphasis),
            &mut diffs,
        );
    }
    if let Some(links) = &r.links {
        list_diffs(r.target, "link", &expected.links, links, &mut diffs);
    }
    if let Some(tables) = &r.tables {
        table_diffs(r.target, &expected.tables, tables, &mut diffs);
    }
    if let Some(pictures) = &r.pictures {
        // The PDF lists no decorative picture: held against it, or read
        // from it, the others' are left out.
        let pdf = r.target == Target::Pdf || expected.origin == Target::Pdf.extension().to_uppercase();
        picture_diffs(r.target, &expected.pictures, pictures, pdf, &mut diffs);
    }
    let want = match r.target {
        Target::Pdf => without_captions(&expected.blocks, &expected.captions),
        _ => expected.blocks.clone(),
    };
    block_diffs(r.target, &want, &r.blocks, &mut diffs);
    diffs
}

/// The differences between the pictures `want` and `found`: their number
/// and, in order, where each stands, its label and its text alternative
/// (as words). The PDF does not list decorative pictures (artifacts):
/// with `pdf`, neither list's are compared.
fn picture_diffs(
    target: Target,
    want: &[PictureShape],
    found: &[PictureShape],
    pdf: bool,
    out: &mut Vec<Difference>,
) {
    let listed = |p: &&PictureShape| !pdf || !p.is_decorative();
    let want: Vec<&PictureShape> = want.iter().filter(listed).collect();
    let found: Vec<&PictureShape> = found.iter().filter(listed).collect();
    let mut diff = |what: String, e: String, f: String| {
        out.push(Difference {
            target,
            what,
            expected: e,
            found: f,
        })
    };
    if want.len() != found.len() {
        diff("pictures".into(), want.len().to_string(), found.len().to_string());
    }
    let show = |p: &PictureShape| {
        let place = match p.place {
            PicturePlace::Alone => "alone",
            PicturePlace::Row => "in a row",
            PicturePlace::Inline => "inside text",
        };
        let what = match (&p.label, &p.alt) {
            (Some(label), _) => label.clone(),
            (None, Some(alt)) => format!("“{}”", normalize(alt)),
            (None, None) => "decorative".into(),
        };
        format!("{what}, {place}")
    };
    let same = |a: &PictureShape, b: &PictureShape| {
        a.place == b.place
            && a.label == b.label
            && a.alt.as_deref().map(normalize) == b.alt.as_deref().map(normalize)
    };
    for (i, (w, f)) in want.iter().zip(found).enumerate() {
        if !same(w, f) {
            diff(format!("picture {}", i + 1), show(w), show(f));
            break;
        }
    }
}

/// The differences between the tables `want` and `found`: their number,
/// and for each table its caption line, header rows, row and column
/// counts, and each cell's text (as words), spans and kind, in order; then
/// the notes under it. A table's differences stop at its first differing
/// cell.
fn table_diffs(target: Target, want: &[TableShape], found: &[TableShape], out: &mut Vec<Difference>) {
    let mut diff = |what: String, e: String, f: String| {
        out.push(Difference {
            target,
            what,
            expected: e,
            found: f,
        })
    };
    if want.len() != found.len() {
        diff("tables".into(), want.len().to_string(), found.len().to_string());
    }
    let cell = |c: &crate::model::table::ShapeCell| {
        let kind = if c.header { "th" } else { "td" };
        let span = match (c.row_span, c.col_span) {
            (1, 1) => String::new(),
            (r, c) => format!(" {r}×{c}"),
        };
        format!("{kind}{span} {}", normalize(&c.text))
    };
    for (t, (w, f)) in want.iter().zip(found).enumerate() {
        let name = |what: &str| format!("table {} {what}", t + 1);
        let caption = |c: &Option<String>| c.as_deref().map_or("(none)".to_string(), normalize);
        if caption(&w.caption) != caption(&f.caption) {
            diff(name("caption"), caption(&w.caption), caption(&f.caption));
        }
        let size = |s: &TableShape| {
            format!(
                "{} rows × {} columns, {} header",
                s.rows.len(),
                s.columns(),
                s.head_rows
            )
        };
        if size(w) != size(f) {
            diff(name("size"), size(w), size(f));
        }
        let cells = |s: &TableShape| -> Vec<String> {
            s.rows
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().map(move |c| format!("row {}: {}", r + 1, cell(c))))
                .collect()
        };
        if let Some((e, g)) = zip_longest(&cells(w), &cells(f)).into_iter().flatten().next() {
            diff(name("cell"), e, g);
        }
        let notes = |s: &TableShape| s.notes.iter().map(|n| normalize(n)).collect::<Vec<_>>();
        if notes(w) != notes(f) {
            diff(name("notes"), notes(w).join(" / "), notes(f).join(" / "));
        }
    }
}

/// `blocks` without the caption lines, as the PDF's blocks are.
fn without_captions(blocks: &[String], captions: &[String]) -> Vec<String> {
    let captions: std::collections::HashSet<&String> = captions.iter().collect();
    blocks.iter().filter(|b| !captions.contains(b)).cloned().collect()
}

/// The most block differences reported for one edition; the rest are
/// counted in one line.
const MAX_BLOCK_DIFFS: usize = 20;

/// How far ahead (in blocks) a run of extra or missing blocks is looked for
/// before two blocks are taken as one block changed.
const RESYNC_WINDOW: usize = 64;

/// The differences between the block sequence `want` and `found` (compared
/// as words, empty blocks aside): a block that `found` lacks (`missing
/// block N`, numbered as in `want`), one it has in addition (`extra block
/// N`, numbered as in `found`), one whose text differs (`block N`, the
/// texts shown from just before the first difference).
fn block_diffs(target: Target, want: &[String], found: &[String], out: &mut Vec<Difference>) {
    let words = |v: &[String]| -> Vec<(usize, String)> {
        v.iter()
            .map(|t| normalize(t))
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .collect()
    };
    let (want, found) = (words(want), words(found));
    let mut diffs = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut push = |what: String, expected: String, found: String| {
        diffs.push(Difference {
            target,
            what,
            expected,
            found,
        })
    };
    while i < want.len() || j < found.len() {
        let (w, f) = (want.get(i), found.get(j));
        if let (Some(w), Some(f)) = (w, f) {
            if w.1 == f.1 {
                (i, j) = (i + 1, j + 1);
                continue;
            }
        }
        // How many blocks are missing before `found[j]` reappears, or
        // extra before `want[i]` does; the nearer one wins. With one side
        // used up, the other's blocks are missing or extra.
        let missing = f.and_then(|f| want[i..].iter().take(RESYNC_WINDOW).position(|w| w.1 == f.1));
        let extra = w.and_then(|w| found[j..].iter().take(RESYNC_WINDOW).position(|f| f.1 == w.1));
        match (w, f) {
            (Some(w), f) if f.is_none() || missing.is_some_and(|m| extra.is_none_or(|e| m <= e)) => {
                push(
                    format!("missing block {}", w.0 + 1),
                    excerpt(&w.1, 0),
                    "(none)".into(),
                );
                i += 1;
            }
            (w, Some(f)) if w.is_none() || extra.is_some() => {
                push(
                    format!("extra block {}", f.0 + 1),
                    "(none)".into(),
                    excerpt(&f.1, 0),
                );
                j += 1;
            }
            (Some(w), Some(f)) => {
                let at = w.1.chars().zip(f.1.chars()).take_while(|(a, b)| a == b).count();
                push(format!("block {}", w.0 + 1), excerpt(&w.1, at), excerpt(&f.1, at));
                (i, j) = (i + 1, j + 1);
            }
            _ => break,
        }
    }
    let more = diffs.len().saturating_sub(MAX_BLOCK_DIFFS);
    diffs.truncate(MAX_BLOCK_DIFFS);
    out.extend(diffs);
    if more > 0 {
        out.push(Difference {
            target,
            what: "blocks".into(),
            expected: "the same blocks".into(),
            found: format!("{more} more differences"),
        });
    }
}

/// How many characters of a block a difference shows.
const EXCERPT_CHARS: usize = 40;

/// The part of `text` that shows a difference at character `at`: from a
/// few characters before it, at most [`EXCERPT_CHARS`], `…` where cut.
fn excerpt(text: &str, at: usize) -> String {
    let start = at.saturating_sub(8);
    let total = text.chars().count();
    let shown: String = text.chars().skip(start).take(EXCERPT_CHARS).collect();
    let head = if start > 0 { "…" } else { "" };
    let tail = if start + EXCERPT_CHARS < total { "…" } else { "" };
    format!("{head}{shown}{tail}")
}

/// One difference, named `what N`, for each position where `found`
/// differs from `want` (a missing entry reads `(none)`).
fn list_diffs(target: Target, what: &str, want: &[String], found: &[String], out: &mut Vec<Difference>) {
    for (i, pair) in zip_longest(want, found).into_iter().enumerate() {
        if let Some((expected, found)) = pair {
            out.push(Difference {
                target,
                what: format!("{what} {}", i + 1),
                expected,
                found,
            });
        }
    }
}

/// One difference, named `what N`, for each entry of `want` that does not
/// appear in the normalized `text` at or after where the previous one did:
/// how an edition that does not mark them apart is checked.
fn in_order_diffs(target: Target, what: &str, want: &[String], text: &str, out: &mut Vec<Difference>) {
    let mut at = 0;
    for (i, w) in want.iter().enumerate() {
        match text[at..].find(&normalize(w)) {
            Some(p) => at += p,
            None => out.push(Difference {
                target,
                what: format!("{what} {}", i + 1),
                expected: w.clone(),
                found: "(not in the text, in order)".into(),
            }),
        }
    }
}

/// How many characters after each page-break marker must match the start
/// of the PDF's page.
const PAGE_SAMPLE: usize = 12;

/// Checks the EPUB's print page list (label, text after the marker; see
/// [`epub::page_list`]) against the PDF's pages (`pdf_pages`, the text of
/// each): one entry per page, labelled 1, 2, …, each marker followed by the
/// text the page begins with (an ordered-list number, which the EPUB's list
/// draws by itself, aside).
pub fn compare_pages(pdf_pages: &[String], epub_pages: &[(String, String)]) -> Vec<Difference> {
    let diff = |what: String, expected: String, found: String| Difference {
        target: Target::Epub,
        what,
        expected,
        found,
    };
    let mut diffs = Vec::new();
    if pdf_pages.len() != epub_pages.len() {
        diffs.push(diff(
            "page list".into(),
            format!("{} pages, as the PDF", pdf_pages.len()),
            format!("{} entries", epub_pages.len()),
        ));
    }
    for (i, (pdf, (label, after))) in pdf_pages.iter().zip(epub_pages).enumerate() {
        let number = (i + 1).to_string();
        if *label != number {
            diffs.push(diff(
                format!("page list entry {number}"),
                number.clone(),
                label.clone(),
            ));
        }
        // List labels are text in the PDF but drawn by CSS in the EPUB:
        // where a page begins is compared without digits and full stops.
        let without_labels = |s: &str| -> String {
            normalize(s)
                .chars()
                .filter(|c| !c.is_ascii_digit() && *c != '.')
                .collect()
        };
        let after: String = without_labels(after).chars().take(PAGE_SAMPLE).collect();
        let page = without_labels(pdf);
        let n = after.chars().count().min(page.chars().count());
        let start: String = page.chars().take(n).collect();
        if n == 0 || !after.starts_with(&start) {
            let page_start: String = page.chars().take(PAGE_SAMPLE).collect();
            diffs.push(diff(format!("page {number} starts"), page_start, after));
        }
    }
    diffs
}

/// Pairs two lists; yields `Some((expected, found))` where they differ
/// (a missing entry reads `(none)`).
fn zip_longest(a: &[String], b: &[String]) -> Vec<Option<(String, String)>> {
    let none = || "(none)".to_string();
    (0..a.len().max(b.len()))
        .map(|i| {
            let (e, f) = (
                a.get(i).cloned().unwrap_or_else(none),
                b.get(i).cloned().unwrap_or_else(none),
            );
            (e != f).then_some((e, f))
        })
        .collect()
}

/// The result of [`verify_dir`].
pub struct Report {
    /// What each edition was compared with.
    pub origin: String,
    /// The readings, one per edition found.
    pub readings: Vec<Reading>,
    /// Every difference found.
    pub differences: Vec<Difference>,
}

/// The edition the others are compared with when no source is given: the
/// one whose blocks the most others share, so that the edition that
/// differs from two that agree is the one named; on a tie the EPUB, then
/// the DOCX (they mark list labels, which the PDF's text only shows).
fn reference(readings: &[Reading]) -> &Reading {
    let blocks = |r: &Reading| -> Vec<String> {
        without_captions(&r.blocks, r.captions.as_deref().unwrap_or_default())
            .iter()
            .map(|b| normalize(b))
            .filter(|b| !b.is_empty())
            .collect()
    };
    let all: Vec<Vec<String>> = readings.iter().map(blocks).collect();
    let preference = |t: Target| match t {
        Target::Epub => 0,
        Target::Docx => 1,
        Target::Pdf => 2,
    };
    let mut best = 0;
    let mut best_key = (usize::MAX, usize::MAX);
    for (i, r) in readings.iter().enumerate() {
        let agree = all.iter().filter(|b| **b == all[i]).count();
        // Fewest disagreeing editions first, then preference.
        let key = (readings.len() - agree, preference(r.target));
        if key < best_key {
            (best, best_key) = (i, key);
        }
    }
    &readings[best]
}

/// Reads `dir/<stem>.{pdf,epub,docx}` and compares them with the model of
/// `source` when given, else with each other (see [`reference`]). Fails
/// when no edition is there, or when a build into the folder was
/// interrupted between editions; waits while a build writes it.
pub fn verify_dir(dir: &Path, stem: &str, source: Option<&Document>) -> Result<Report> {
    let _lock = crate::output::lock_for_reading(dir)?;
    if crate::output::interrupted(dir, stem) {
        anyhow::bail!(
            "{}: a build of {stem} into this folder was interrupted, so its editions may not be one set; build again",
            dir.display()
        );
    }
    let mut readings = Vec::new();
    let mut epub_pages = None;
    for target in Target::ALL {
        let path = dir.join(format!("{stem}.{}", target.extension()));
        if !path.exists() {
            continue;
        }
        let bytes = crate::files::read_regular(&path, limits::MAX_EDITION_BYTES)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        readings.push(
            read(target, &bytes).with_context(|| format!("{}: cannot read the edition", path.display()))?,
        );
        if target == Target::Epub {
            epub_pages = Some(
                epub::page_list(&bytes)
                    .with_context(|| format!("{}: cannot read the page list", path.display()))?,
            );
        }
    }
    if readings.is_empty() {
        anyhow::bail!(
            "{}: no {stem}.pdf, {stem}.epub or {stem}.docx here",
            dir.display()
        );
    }
    let expected = match source {
        Some(doc) => Expected::from_model(doc),
        None => Expected::from_reading(reference(&readings)),
    };
    let mut differences: Vec<Difference> = readings.iter().flat_map(|r| compare(&expected, r)).collect();
    if let (Some(pdf), Some(pages)) = (readings.iter().find(|r| r.target == Target::Pdf), &epub_pages) {
        differences.extend(compare_pages(&pdf.text, pages));
    }
    Ok(Report {
        origin: expected.origin,
        readings,
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reading whose blocks are its pieces of text.
    fn reading(headings: &[(u8, &str)], captions: Option<&[&str]>, text: &[&str]) -> Reading {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Reading {
            target: Target::Docx,
            headings: headings.iter().map(|(l, t)| (*l, t.to_string())).collect(),
            captions: captions.map(strings),
            text: strings(text),
            blocks: strings(text),
            outline: None,
            alts: None,
            labels: None,
            emphasis: None,
            links: None,
            tables: None,
            pictures: None,
        }
    }

    #[test]
    fn finds_changed_headings_captions_and_text() {
        let expected = Expected {
            origin: "source".into(),
            headings: vec![(1, "甲".into()), (2, "乙".into())],
            captions: vec!["图1\u{3000}说明".into()],
            blocks: vec![
                "甲".into(),
                "乙".into(),
                "正文 一段".into(),
                "图1\u{3000}说明".into(),
            ],
            labels: vec![],
            emphasis: vec![],
            links: vec![],
            tables: vec![],
            pictures: vec![],
        };
        let good = reading(
            &[(1, "甲"), (2, "乙")],
            Some(&["图1\u{3000}说明"]),
            &["甲", "■乙", "正文\n一段", "图1\u{3000}说明"],
        );
        assert_eq!(compare(&expected, &good), vec![]);
        let bad = reading(
            &[(1, "甲"), (2, "丙")],
            Some(&[]),
            &["甲", "丙", "正文一段", "图1\u{3000}说明"],
        );
        let d = compare(&expected, &bad);
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].to_string(), "DOCX: heading 2: expected `2 乙`, found `2 丙`");
        assert_eq!(d[1].what, "caption 1");
        assert_eq!(d[2].to_string(), "DOCX: block 2: expected `乙`, found `丙`");
        let mut pdf_like = reading(
            &[(1, "甲"), (2, "乙")],
            None,
            &["甲乙正文一段", "图1", "\u{3000}说明"],
        );
        pdf_like.blocks = good.blocks.clone();
        assert_eq!(compare(&expected, &pdf_like), vec![]);
    }

    #[test]
    fn finds_an_extra_a_missing_and_a_changed_block() {
        let blocks = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let want = blocks(&["甲", "乙", "丙", "丁"]);
        let found = |v: &[&str]| {
            let mut d = Vec::new();
            block_diffs(Target::Epub, &want, &blocks(v), &mut d);
            d.iter().map(|d| d.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(found(&["甲", "乙", "", "丙", "丁"]), Vec::<String>::new());
        assert_eq!(
            found(&["甲", "乙", "多", "丙", "丁"]),
            ["EPUB: extra block 3: expected `(none)`, found `多`"]
        );
        assert_eq!(
            found(&["甲", "乙", "丙", "丁", "多"]),
            ["EPUB: extra block 5: expected `(none)`, found `多`"]
        );
        assert_eq!(
            found(&["甲", "丙", "丁"]),
            ["EPUB: missing block 2: expected `乙`, found `(none)`"]
        );
        assert_eq!(
            found(&["甲", "乙", "丙多一句", "丁"]),
            ["EPUB: block 3: expected `丙`, found `丙多一句`"]
        );
        // A long block shows where it differs.
        let long = "一二三四五六七八九十".repeat(6);
        let want = blocks(&[&long]);
        let mut d = Vec::new();
        block_diffs(Target::Pdf, &want, &[format!("{long}多")], &mut d);
        assert_eq!(
            d[0].to_string(),
            "PDF: block 1: expected `…三四五六七八九十`, found `…三四五六七八九十多`"
        );
    }

    #[test]
    fn decorative_pictures_are_left_out_with_the_pdf_on_either_side() {
        let shape = |alt: Option<&str>| PictureShape {
            place: PicturePlace::Alone,
            label: None,
            alt: alt.map(str::to_string),
        };
        let mut pdf = reading(&[], Some(&[]), &[]);
        pdf.target = Target::Pdf;
        pdf.pictures = Some(vec![shape(Some("截图"))]);
        let mut epub = reading(&[], Some(&[]), &[]);
        epub.target = Target::Epub;
        epub.pictures = Some(vec![shape(Some("截图")), shape(None)]);
        // Held against the PDF, the EPUB's decorative picture is not an
        // extra one; held against the EPUB, the PDF does not miss it.
        assert_eq!(compare(&Expected::from_reading(&pdf), &epub), vec![]);
        assert_eq!(compare(&Expected::from_reading(&epub), &pdf), vec![]);
        // Between two editions that list them, it counts.
        let mut docx = epub.clone();
        docx.target = Target::Docx;
        docx.pictures = pdf.pictures.clone();
        let d = compare(&Expected::from_reading(&epub), &docx);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].what, "pictures");
    }

    #[test]
    fn page_markers_must_sit_where_the_pdf_pages_begin() {
        // The print edition's title block has no author line.
        let pdf = [
            "在团结奋斗中干出\n新时代新样子\n正文",
            "1. 列表项目继续",
            "第三页\n1. 甲\n2. 乙",
        ]
        .map(String::from);
        let page = |label: &str, text: &str| (label.to_string(), text.to_string());
        let title = "在团结奋斗中干出新时代新样子 作者 正文";
        // The EPUB's labels are drawn by CSS: not in its text.
        let good = [
            page("1", title),
            page("2", "列表项目继续。"),
            page("3", "第三页甲乙"),
        ];
        assert_eq!(compare_pages(&pdf, &good), vec![]);
        let moved = [page("1", title), page("2", "项目继续"), page("3", "第三页甲乙")];
        let d = compare_pages(&pdf, &moved);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            "EPUB: page 2 starts: expected `列表项目继续`, found `项目继续`"
        );
        let short = [page("1", title), page("3", "列表项目继续")];
        let d = compare_pages(&pdf, &short);
        assert_eq!(d[0].what, "page list");
        assert_eq!(d[1].what, "page list entry 2");
    }

    #[test]
    fn finds_changed_list_labels_emphasis_and_links() {
        let expected = Expected {
            origin: "source".into(),
            headings: vec![],
            captions: vec![],
            blocks: vec!["第一项".into(), "第二项".into()],
            labels: vec!["3.第一项".into(), "4.第二项".into()],
            emphasis: vec!["重点".into()],
            links: vec!["https://example.org/".into()],
            tables: vec![],
            pictures: vec![],
        };
        let mut r = reading(&[], Some(&[]), &["3.", "第一项", "4.", "第二项"]);
        r.blocks = expected.blocks.clone();
        assert_eq!(compare(&expected, &r), vec![], "labels found in the text");
        r.text[2] = "7.".into();
        let d = compare(&expected, &r);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].what, "list label 2");
        r.labels = Some(vec!["3.第一项".into(), "5.第二项".into()]);
        r.emphasis = Some(vec!["重点".into()]);
        r.links = Some(vec!["https://example.com/".into()]);
        let d = compare(&expected, &r);
        let whats: Vec<_> = d.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(whats, ["list label 2", "link 1"]);
    }
}
