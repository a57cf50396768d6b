//! Tables in the PDF edition read back (issue 22): the fixture's tables
//! (a captioned table with alignments, bold and a link; a 45-row table that
//! crosses a page; merged cells with notes; a table without a caption)
//! come back from the structure tree as the model has them (`verify`),
//! the continued part of a table opens with `续表N` and the header row, no
//! two glyphs overlap and no text crosses a rule or the page number, and
//! the file passes qpdf and the PDF/UA checkers. The same holds for a grid
//! ruled table with a row taller than a page, which is split with a
//! warning.

use crate::common;

use common::{checker, python_module, Scratch};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use zhpress::input::assets::Assets;
use zhpress::model::table::TableRules;
use zhpress::model::PageStart;
use zhpress::verify::pdf::{page_texts, structure, StructNode};
use zhpress::verify::{compare, normalize, Expected};
use zhpress::Target;

use zhpress::model::table::{Cell, Column, Row, Table, TableCaption};
use zhpress::model::{Block, BlockId, Document, Inline};

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

fn cell(t: &str) -> Cell {
    Cell::new(text(t))
}

fn caption(t: &str) -> Option<TableCaption> {
    Some(TableCaption {
        number: 0,
        content: text(t),
        block: BlockId::default(),
        line: 1,
    })
}

/// A document built into its PDF.
struct Built {
    doc: Document,
    assets: Assets,
    pdf: Vec<u8>,
}

const FIXTURE: &str = "tests/fixtures/tables.md";

fn build(doc: Document, assets: Assets) -> Built {
    let pdf = zhpress::pdf::render(&doc, &assets).unwrap();
    Built { doc, assets, pdf }
}

/// The fixture's PDF.
fn fixture() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let (doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
        build(doc, assets)
    })
}

/// The fixture ruled as a grid, with a cell of its first table long enough
/// to make its row taller than a page, and a table of 16 columns too wide
/// for the measure (long Latin words, years) at the end.
fn ruled() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let (mut doc, assets) = zhpress::load(Path::new(FIXTURE)).unwrap();
        doc.meta.table_rules = TableRules::Grid;
        let long = "政协委员围绕国家重大战略开展调查研究，提出意见建议。".repeat(90);
        if let Some(Block::Table(t)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) {
            let last = t.body[1].cells.len() - 1;
            t.body[1].cells[last] = cell(&long);
        }
        let words = ["2019年", "Internationalization", "合计", "12,345", "政协委员履职"];
        let row = |r: usize| Row {
            cells: (0..16).map(|c| cell(words[(r + c) % words.len()])).collect(),
            line: 1,
        };
        doc.blocks.push(Block::Table(Table {
            caption: caption("宽表"),
            columns: vec![Column::default(); 16],
            head: vec![row(0)],
            body: (1..4).map(row).collect(),
            notes: vec![],
            line: 1,
        }));
        zhpress::model::number(&mut doc.blocks);
        build(doc, assets)
    })
}

/// Writes `b`'s PDF into a scratch folder of its own.
fn write(b: &Built, name: &str) -> (Scratch, PathBuf) {
    let dir = common::scratch(&format!("tables-pdf-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, &b.pdf).unwrap();
    (dir, path)
}

#[test]
fn verify_finds_the_tables_as_the_model_has_them() {
    for (b, name) in [(fixture(), "fixture"), (ruled(), "ruled")] {
        let reading = zhpress::verify::read(Target::Pdf, &b.pdf).unwrap();
        let expected = Expected::from_model(&b.doc);
        let diffs = compare(&expected, &reading);
        assert!(diffs.is_empty(), "{name}: {diffs:#?}");
        let tables = reading.tables.as_ref().unwrap();
        assert_eq!(tables.len(), b.doc.tables().len(), "{name}");
        // Cell by cell, as words (a PDF's lines do not tell a hard break).
        let words = |t: &zhpress::model::table::TableShape| {
            let cells = t.rows.iter().flatten();
            let cells: Vec<_> = cells
                .map(|c| (normalize(&c.text), c.row_span, c.col_span, c.header))
                .collect();
            (
                t.caption.as_deref().map(normalize),
                t.head_rows,
                cells,
                t.notes.clone(),
            )
        };
        for (k, (t, e)) in tables.iter().zip(&expected.tables).enumerate() {
            assert!(words(t) == words(e), "{name}: table {}", k + 1);
        }
        // A cell read with another span, a lost note is caught.
        let mut changed = expected.clone();
        let mut cells = changed.tables[2].rows.iter_mut().flatten();
        cells
            .find(|c| c.row_span > 1)
            .expect("a cell over two rows")
            .row_span = 1;
        let found = compare(&changed, &reading);
        assert!(found.iter().any(|d| d.what == "table 3 cell"), "{found:#?}");
        let mut changed = expected.clone();
        changed.tables[2].notes.pop();
        assert!(compare(&changed, &reading)
            .iter()
            .any(|d| d.what == "table 3 notes"));
    }
}

/// Each page's lines as `pdftotext -layout` sets them, without the running
/// head (the first line of every page but the first) and blank lines.
fn layout_pages(pdf: &Path) -> Option<Vec<Vec<String>>> {
    let pdftotext = checker("pdftotext")?;
    let out = Command::new(pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty());
    Some(
        pages
            .enumerate()
            .map(|(i, p)| {
                let lines = p.lines().map(str::trim).filter(|l| !l.is_empty());
                lines.skip(usize::from(i > 0)).map(String::from).collect()
            })
            .collect(),
    )
}

#[test]
fn a_continued_part_opens_with_its_label_and_the_header_rows() {
    let b = fixture();
    let (_dir, path) = write(b, "continued.pdf");
    let Some(pages) = layout_pages(&path) else {
        return;
    };
    let tables = b.doc.tables();
    let all: String = pages.iter().flatten().map(|l| squeeze(l)).collect();
    // Every caption printed once, in order, above its table.
    let mut at = 0;
    for t in &tables {
        let Some(c) = &t.caption else { continue };
        let line = squeeze(&c.line());
        let found = all[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("`{line}` not printed in order"));
        at += found + line.len();
        assert_eq!(all.matches(&line).count(), 1, "`{line}` printed twice");
    }
    // The long table goes on over a page: that page opens with `续表2` and
    // the header row, each cell's words in order.
    let long = tables.iter().find(|t| t.row_count() > 40).expect("a long table");
    let label = long.caption.as_ref().unwrap().continued_line();
    let continued: Vec<&Vec<String>> = pages.iter().filter(|p| p.contains(&label)).collect();
    assert!(!continued.is_empty(), "no page opens with {label}");
    let head: Vec<String> = long.head[0].cells.iter().map(|c| c.text()).collect();
    for page in continued {
        assert_eq!(page[0], label, "{page:#?}");
        let words: Vec<&str> = page[1].split_whitespace().collect();
        assert_eq!(words, head, "{page:#?}");
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads every glyph and every rule of a PDF with pdfplumber and prints
/// what collides: two glyphs whose boxes overlap (a full-width mark counts
/// only its inked half, the half punctuation compression keeps), a glyph
/// that crosses a rule, and text below the text area that is not the page
/// number. Also prints, for each page, the right edges of the glyphs that
/// end a run of digits, to check columns aligned on the right.
const COLLISIONS: &str = r#"
import json, sys, pdfplumber
TEXT_BOTTOM = float(sys.argv[2])
LEFT_INK = set("，、；：。？！）》”’」』】〕〉〗")
RIGHT_INK = set("（《“‘「『【〔〈〖")
def ink(c):
    half = c['size'] / 2
    if c['text'] in LEFT_INK and c['x1'] - c['x0'] > 0.9 * c['size']:
        return c['x0'], c['x0'] + half
    if c['text'] in RIGHT_INK and c['x1'] - c['x0'] > 0.9 * c['size']:
        return c['x1'] - half, c['x1']
    return c['x0'], c['x1']
found, eps = [], 0.05
with pdfplumber.open(sys.argv[1]) as pdf:
    for n, page in enumerate(pdf.pages, 1):
        chars = [c for c in page.chars if c['text'].strip()]
        for c in chars:
            c['ix0'], c['ix1'] = ink(c)
        body = [c for c in chars if c['top'] <= TEXT_BOTTOM]
        for c in chars:
            if c['top'] > TEXT_BOTTOM and not c['text'].isdigit():
                found.append(f"page {n}: `{c['text']}` below the text area")
        boxes = sorted(body, key=lambda c: c['ix0'])
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b['ix0'] >= a['ix1'] - eps:
                    break
                if min(a['bottom'], b['bottom']) - max(a['top'], b['top']) > eps:
                    found.append(f"page {n}: `{a['text']}` and `{b['text']}` overlap at {a['x0']:.1f},{a['top']:.1f}")
        for l in page.lines + page.rects:
            w = l.get('linewidth') or 0
            y0, y1 = l['top'] - w / 2, l['bottom'] + w / 2
            x0, x1 = l['x0'] - w / 2, l['x1'] + w / 2
            for c in body:
                if c['ix0'] < x1 - eps and c['ix1'] > x0 + eps and c['top'] < y1 - eps and c['bottom'] > y0 + eps:
                    found.append(f"page {n}: `{c['text']}` crosses a rule at {l['x0']:.1f},{l['top']:.1f}")
print(json.dumps(found[:40], ensure_ascii=False))
"#;

fn collisions(b: &Built, name: &str) -> Option<Vec<String>> {
    let python = python_module("pdfplumber")?;
    let (_dir, path) = write(b, name);
    let bottom = zhpress::pdf::style::TEXT_BOTTOM / zhpress::pdf::style::MM_PER_PT;
    let out = Command::new(python)
        .args(["-c", COLLISIONS])
        .arg(&path)
        .arg(bottom.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn no_glyphs_overlap_and_no_text_crosses_a_rule_or_the_page_number() {
    for (b, name) in [(fixture(), "fixture.pdf"), (ruled(), "ruled.pdf")] {
        let Some(found) = collisions(b, name) else {
            return;
        };
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn the_structure_holds_each_row_once_with_scopes_and_spans() {
    let b = fixture();
    let pdf = lopdf::Document::load_mem(&b.pdf).unwrap();
    let pages = page_texts(&pdf).unwrap();
    let tree = structure(&pdf, &pages).unwrap().unwrap();
    let mut tables: Vec<&StructNode> = Vec::new();
    tree.walk(&mut |n| {
        if n.kind == "Table" {
            tables.push(n)
        }
    });
    let model = b.doc.tables();
    assert_eq!(tables.len(), model.len());
    for (t, m) in tables.iter().zip(&model) {
        let kinds: Vec<&str> = t.children.iter().map(|c| c.kind.as_str()).collect();
        let rows = vec!["TR"; m.row_count()];
        match &m.caption {
            Some(c) => {
                assert_eq!(kinds[0], "Caption");
                assert_eq!(normalize(&t.children[0].text), normalize(&c.line()));
                assert_eq!(kinds[1..], rows[..]);
            }
            None => assert_eq!(kinds, rows),
        }
        let grid = m.grid();
        let mut cells = Vec::new();
        t.walk(&mut |n| {
            if n.kind == "TH" || n.kind == "TD" {
                cells.push(n)
            }
        });
        assert_eq!(cells.len(), grid.len());
        for (c, p) in cells.iter().zip(&grid) {
            let scope = m.scope(p).map(|s| format!("{s:?}"));
            assert_eq!(c.kind, if scope.is_some() { "TH" } else { "TD" });
            assert_eq!(c.cell.scope, scope);
            assert_eq!(
                (c.cell.row_span, c.cell.col_span),
                (p.cell.row_span, p.cell.col_span)
            );
            assert_eq!(normalize(&c.text), normalize(&p.cell.text()));
        }
    }
    // The link in the first table's cell is a link annotation in its cell.
    let mut links = Vec::new();
    tables[0].walk(&mut |n| {
        if n.kind == "Link" {
            links.push(n.annotations)
        }
    });
    assert_eq!(links, [1], "the link in table 1");
    // The continued part's label and header are artifacts: on the page
    // that opens with `续表2`, tagged text starts with the next row.
    let label = model[1].caption.as_ref().unwrap().continued_line();
    let page = pages
        .iter()
        .find(|p| p.artifacts.contains(&label))
        .expect("a continued page");
    let head: String = model[1].head[0].cells.iter().map(|c| c.text()).collect();
    assert!(normalize(&page.artifacts).contains(&normalize(&format!("{label}{head}"))));
    assert!(!normalize(&page.content).contains(&normalize(&head)));
}

#[test]
fn each_page_starts_where_the_page_map_says() {
    // The EPUB marks the print pages from this map: a page that opens in a
    // table's continued part starts at a cell of its first row.
    let b = fixture();
    let layout = zhpress::pdf::lay_out(&b.doc, &b.assets).unwrap();
    let blocks = b.doc.block_texts();
    let pdf = lopdf::Document::load_mem(&b.pdf).unwrap();
    let pages = page_texts(&pdf).unwrap();
    assert_eq!(layout.pages.len(), pages.len());
    for (k, (start, text)) in layout.page_map().starts.iter().zip(&pages).enumerate().skip(1) {
        let PageStart::Body(at) = start else {
            panic!("page {} starts in the title block", k + 1)
        };
        let from: String = blocks[at.block.index()].chars().skip(at.offset).collect();
        let (from, text) = (normalize(&from), normalize(&text.content));
        let n = from.chars().count().min(6);
        let head: String = from.chars().take(n).collect();
        assert!(
            text.starts_with(&head),
            "page {}: starts `{head}`? {text:.40}",
            k + 1
        );
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_with_a_warning() {
    let b = ruled();
    let warnings = zhpress::pdf::lay_out(&b.doc, &b.assets).unwrap().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("表1") && warnings[0].contains("taller than a page"),
        "{warnings:?}"
    );
    assert!(zhpress::pdf::lay_out(&fixture().doc, &fixture().assets)
        .unwrap()
        .warnings
        .is_empty());
}

#[test]
fn qpdf_and_the_pdf_ua_checkers_pass_on_tables() {
    let files = [write(fixture(), "ua-tables.pdf"), write(ruled(), "ua-ruled.pdf")];
    if let Some(qpdf) = checker("qpdf") {
        for (_, path) in &files {
            let out = Command::new(&qpdf).arg("--check").arg(path).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        }
    }
    if let Some(pdfua) = checker("pdfua") {
        for (_, path) in &files {
            let out = Command::new(&pdfua).arg("check").arg(path).output().unwrap();
            let report = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success() && !report.contains("[skip"), "{report}");
        }
    }
    if let Some(outloud) = checker("outloud") {
        let out = Command::new(&outloud)
            .args(["--fail-on", "error", "--no-info"])
            .args(files.iter().map(|(_, p)| p))
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && !report.contains("ERROR"), "{report}");
    }
}

#[test]
fn the_same_tables_give_the_same_bytes() {
    let b = fixture();
    assert!(zhpress::pdf::render(&b.doc, &b.assets).unwrap() == b.pdf);
}

#[test]
fn the_fixture_builds_and_verify_finds_its_pdf_as_the_source() {
    let dir = common::scratch("tables-pdf-cli");
    let out = dir.to_str().unwrap();
    let built = common::zhpress(&["build", FIXTURE, "--to", "pdf", "-o", out]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let verified = common::zhpress(&["verify", out, "--source", FIXTURE]);
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(report.contains("all editions agree"), "{report}");
}

/// The first word of every line of five words or more that is a number,
/// as (x0, x1) in points: in the fixture, the long table's 序号 column.
const FIRST_NUMBERS: &str = r#"
import json, sys, pdfplumber
out = []
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        lines = {}
        for w in page.extract_words():
            lines.setdefault(round(w['top']), []).append(w)
        for ws in lines.values():
            first = min(ws, key=lambda w: w['x0'])
            if len(ws) >= 5 and first['text'].isdigit():
                out.append((first['x0'], first['x1']))
print(json.dumps(out))
"#;

#[test]
fn a_column_aligned_right_lines_its_numbers_up_on_the_right() {
    // The long table's 序号 column is `---:`: 1 to 45 end at one x.
    let Some(python) = python_module("pdfplumber") else {
        return;
    };
    let (_dir, path) = write(fixture(), "right.pdf");
    let out = Command::new(python)
        .args(["-c", FIRST_NUMBERS])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let numbers: Vec<(f64, f64)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(numbers.len(), 45, "{numbers:?}");
    let right = numbers[0].1;
    assert!(numbers.iter().all(|n| (n.1 - right).abs() < 0.05), "{numbers:?}");
    let lefts: std::collections::BTreeSet<i64> = numbers.iter().map(|n| (n.0 * 10.0) as i64).collect();
    assert!(
        lefts.len() >= 2,
        "one- and two-digit numbers start apart: {numbers:?}"
    );
}
