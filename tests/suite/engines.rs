//! The EPUB in the reading engines CI can install: the summary's and the
//! fixtures' content documents printed by Chromium (Blink), Firefox (Gecko),
//! WebKitGTK and Qt WebEngine, and the books drawn by MuPDF, then read back
//! glyph by glyph: adjacent marks close up to 1.5 em (once, not twice), `——`
//! is one unbroken line of two ems, the emphasis dots come from the book's
//! own fonts, and MuPDF draws every figure after its heading.
//!
//! The engines see no Chinese system font: each runs with a private
//! fontconfig that knows one Latin font only, so every Chinese glyph, mark
//! and dot must come from the fonts embedded in the book. The printing
//! scripts are in `tests/engines/`.

use crate::common::{self, checker, python_module, skipped, Scratch};

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use zhpress::text::linebreak::mark_kind;

/// The books under test, unpacked: the summary's and every fixture's EPUB.
struct Books {
    /// The scratch folder holding them (removed when the test ends).
    dir: Scratch,
    /// The EPUB files.
    epubs: Vec<PathBuf>,
    /// The content documents printed, each named `<book>--<file>.xhtml`
    /// beside the book's own (so its stylesheet and fonts resolve).
    pages: Vec<PathBuf>,
    /// The `——` runs in the printed documents' text.
    dashes: usize,
    /// Whether the printed documents have emphasised text (着重号).
    emphasis: bool,
}

/// The summary and the fixtures.
fn sources() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().unwrap() != "README.md")
        .collect();
    out.sort();
    out.insert(0, PathBuf::from("source/summary.md"));
    out
}

/// Builds and unpacks the books in a scratch folder named after `engine`.
fn books(engine: &str) -> Books {
    let dir = common::scratch(&format!("engines-{engine}"));
    let root = dir.path().to_path_buf();
    let mut books = Books {
        dir,
        epubs: Vec::new(),
        pages: Vec::new(),
        dashes: 0,
        emphasis: false,
    };
    for source in sources() {
        let name = source.file_stem().unwrap().to_string_lossy().into_owned();
        let out = root.join(&name);
        let built = common::zhpress(&[
            "build",
            source.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--to",
            "epub",
        ]);
        let epub = out.join(format!("{name}.epub"));
        assert!(
            epub.is_file(),
            "no EPUB from {}: {}",
            source.display(),
            String::from_utf8_lossy(&built.stderr)
        );
        let mut zip = zip::ZipArchive::new(Cursor::new(std::fs::read(&epub).unwrap())).unwrap();
        let root = out.join("book");
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let path = root.join(entry.name());
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            let printed = entry.name().ends_with(".xhtml") && !entry.name().ends_with("nav.xhtml");
            if printed {
                let xhtml = String::from_utf8(data.clone()).unwrap();
                let doc = xhtml_doc(&xhtml);
                let text: String = doc
                    .descendants()
                    .filter_map(|n| n.text().filter(|_| n.is_text()))
                    .collect();
                books.dashes += text.matches("——").count();
                books.emphasis |= doc.descendants().any(|n| n.has_tag_name("em"));
                let copy =
                    path.with_file_name(format!("{name}--{}", path.file_name().unwrap().to_string_lossy()));
                std::fs::write(&copy, &data).unwrap();
                books.pages.push(copy);
            }
            std::fs::write(&path, data).unwrap();
        }
        books.epubs.push(epub);
    }
    books
}

/// A content document, parsed (its `<!DOCTYPE html>` allowed).
fn xhtml_doc(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xhtml, options).expect("a content document parses")
}

/// A private fontconfig setup in `dir` that knows one Latin font and no
/// Chinese one; `None` after [`skipped`] when fontconfig cannot name one.
fn latin_only_fontconfig(dir: &Path) -> Option<PathBuf> {
    let fc_match = checker("fc-match")?;
    let fc_query = checker("fc-query")?;
    let out = Command::new(fc_match)
        .args(["-f", "%{file}", "sans-serif:lang=en"])
        .output()
        .expect("fc-match runs");
    let font = PathBuf::from(String::from_utf8_lossy(&out.stdout).into_owned());
    let langs = Command::new(fc_query)
        .args(["-f", "%{lang}\n"])
        .arg(&font)
        .output()
        .expect("fc-query runs");
    let langs = String::from_utf8_lossy(&langs.stdout);
    if !font.is_file() || langs.split(['|', '\n']).any(|l| l.starts_with("zh")) {
        skipped(
            "a Latin-only font",
            &format!("fontconfig's sans-serif is `{}`", font.display()),
        );
        return None;
    }
    let fonts = dir.join("latin-font");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(&font, fonts.join(font.file_name().unwrap())).unwrap();
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            dir.join("font-cache").display()
        ),
    )
    .unwrap();
    Some(conf)
}

/// A glyph of a printed PDF, as pdfplumber reads it.
#[derive(Debug, serde::Deserialize)]
struct Glyph {
    text: String,
    x0: f64,
    x1: f64,
    top: f64,
    size: f64,
    font: String,
}

/// Every glyph of `pdf`, page by page in drawing order (a page's glyphs
/// all come after the previous page's).
fn glyphs(python: &Path, pdf: &Path) -> Vec<Glyph> {
    let script = "import json,sys,pdfplumber\n\
                  p=pdfplumber.open(sys.argv[1])\n\
                  print(json.dumps([dict(text=c['text'],x0=c['x0'],x1=c['x1'],top=c['top']+10000*i,\
                  size=c['size'],font=c['fontname']) for i,pg in enumerate(p.pages) for c in pg.chars]))";
    let out = Command::new(python)
        .args(["-c", script])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdfplumber cannot read {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What one engine made of the books' punctuation and emphasis.
#[derive(Debug, Default)]
struct Measured {
    /// Adjacent marks on one line: the pair and the distance from the first
    /// mark's origin to the second's, in ems (1 uncompressed, 0.5 closed up).
    pairs: Vec<(String, f64)>,
    /// `——` drawn whole (one two-em glyph, or two one-em glyphs touching).
    whole_dashes: usize,
    /// `——` drawn otherwise, with the glyphs' widths in ems.
    broken_dashes: Vec<String>,
    /// The fonts the emphasis dots were drawn from, with their count.
    dot_fonts: BTreeMap<String, usize>,
}

/// Whether `c` is a full-width mark of a pair.
fn is_mark(c: &str) -> bool {
    let mut chars = c.chars();
    matches!((chars.next().and_then(mark_kind), chars.next()), (Some(_), None))
}

/// Reads the glyphs of an engine's prints.
fn measure(glyphs: &[Glyph]) -> Measured {
    let mut m = Measured::default();
    // A ligature glyph without a Unicode mapping (cairo's PDFs) two ems
    // wide is the dash ligature.
    let text = |g: &Glyph| -> String {
        let unmapped = g.text == "\u{fffd}" || g.text == "\0" || g.text.starts_with("(cid:");
        if unmapped && ((g.x1 - g.x0) / g.size - 2.0).abs() < 0.03 {
            "——".into()
        } else {
            g.text.clone()
        }
    };
    let body = {
        let mut sizes: Vec<f64> = glyphs.iter().map(|g| g.size).collect();
        sizes.sort_by(f64::total_cmp);
        sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
    };
    let mut i = 0;
    while i < glyphs.len() {
        let a = &glyphs[i];
        let (ta, em) = (text(a), a.size.max(1e-6));
        if ta == "•" && a.size < 0.7 * body {
            let font = a.font.split_once('+').map_or(a.font.as_str(), |(_, f)| f);
            *m.dot_fonts.entry(font.to_string()).or_default() += 1;
        }
        let next = glyphs.get(i + 1).filter(|b| (b.top - a.top).abs() < 0.3 * em);
        if let Some(b) = next {
            let tb = text(b);
            if is_mark(&ta) && is_mark(&tb) {
                m.pairs.push((format!("{ta}{tb}"), (b.x0 - a.x0) / em));
            }
        }
        let width = |g: &Glyph| (g.x1 - g.x0) / em;
        if ta == "——" {
            if (width(a) - 2.0).abs() < 0.03 {
                m.whole_dashes += 1;
            } else {
                m.broken_dashes.push(format!("one glyph {:.3} em", width(a)));
            }
        } else if ta == "—" {
            match next.filter(|b| text(b) == "—") {
                Some(b)
                    if (width(a) - 1.0).abs() < 0.03
                        && (width(b) - 1.0).abs() < 0.03
                        && (b.x0 - a.x1).abs() / em < 0.03 =>
                {
                    m.whole_dashes += 1
                }
                Some(b) => m.broken_dashes.push(format!(
                    "{:.3} + {:.3} em, gap {:.3} em",
                    width(a),
                    width(b),
                    (b.x0 - a.x1) / em
                )),
                // A single `—` in the source (a range connector in
                // `2018—2022年`, a table's "no figure"): no `——` to draw
                // whole. A `——` split in two is caught by the count of
                // whole ones against the source's.
                None => {}
            }
            i += usize::from(next.is_some_and(|b| text(b) == "—"));
        }
        i += 1;
    }
    m
}

/// Prints every page of `books` with `print` (which writes `<stem>.pdf`
/// into the folder it is given), reads the glyphs back and asserts the
/// module's claims; prints the figures measured.
fn check_engine(
    engine: &str,
    books: &Books,
    python: &Path,
    print: impl FnOnce(&Path) -> std::process::Output,
) {
    let out_dir = books.dir.join(format!("printed-{engine}"));
    std::fs::create_dir_all(&out_dir).unwrap();
    let run = print(&out_dir);
    let mut all = Vec::new();
    for page in &books.pages {
        let pdf = out_dir.join(page.with_extension("pdf").file_name().unwrap());
        assert!(
            pdf.is_file(),
            "{engine} printed no {}: {}{}",
            pdf.display(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        all.extend(glyphs(python, &pdf));
    }
    let m = measure(&all);
    let closed = m.pairs.iter().filter(|(_, d)| (0.4..=0.6).contains(d)).count();
    let dots: usize = m.dot_fonts.values().sum();
    eprintln!(
        "{engine}: adjacent pairs closed up {closed}/{}, `——` whole {}/{}, emphasis dots {:?}; broken {:?}",
        m.pairs.len(),
        m.whole_dashes,
        books.dashes,
        m.dot_fonts,
        m.broken_dashes
    );
    // Each pair spans 1.5 em: closed up once, neither left at 2 em nor
    // closed twice.
    let wrong: Vec<_> = m.pairs.iter().filter(|(_, d)| !(0.4..=0.6).contains(d)).collect();
    assert!(
        m.pairs.len() >= 25,
        "{engine}: only {} adjacent pairs found",
        m.pairs.len()
    );
    assert!(
        wrong.is_empty(),
        "{engine}: pairs not closed up once: {wrong:?} of {}",
        m.pairs.len()
    );
    assert!(
        m.broken_dashes.is_empty() && m.whole_dashes == books.dashes,
        "{engine}: {} of {} `——` whole; broken: {:?}",
        m.whole_dashes,
        books.dashes,
        m.broken_dashes
    );
    // The dots come from the book's fonts, not from the Latin fallback.
    assert!(!books.emphasis || dots > 0, "{engine}: no emphasis dots drawn");
    let foreign: Vec<_> = m.dot_fonts.keys().filter(|f| !f.starts_with("NotoS")).collect();
    assert!(foreign.is_empty(), "{engine}: emphasis dots from {foreign:?}");
}

/// A command that runs `program` with the private fontconfig of `books`.
fn command(program: impl AsRef<std::ffi::OsStr>, fonts: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("FONTCONFIG_FILE", fonts);
    cmd
}

/// The printing script `name` of `tests/engines/`.
fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/engines")
        .join(name)
}

#[test]
fn chromium_closes_up_every_pair_draws_the_dash_whole_and_the_dots_from_the_book() {
    let (Some(chromium), Some(python)) = (checker("chromium"), python_module("pdfplumber")) else {
        return;
    };
    let books = books("chromium");
    let Some(fonts) = latin_only_fontconfig(&books.dir) else {
        return;
    };
    check_engine("Chromium", &books, &python, |out| {
        let mut last = None;
        for page in &books.pages {
            let pdf = out.join(page.with_extension("pdf").file_name().unwrap());
            last = Some(
                command(&chromium, &fonts)
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-pdf-header-footer",
                    ])
                    .arg(format!("--print-to-pdf={}", pdf.display()))
                    .arg(format!("file://{}", page.display()))
                    .output()
                    .expect("chromium runs"),
            );
        }
        last.expect("a page to print")
    });
}

#[test]
fn firefox_closes_up_every_pair_draws_the_dash_whole_and_the_dots_from_the_book() {
    let (Some(_), Some(python)) = (checker("firefox-esr"), python_module("pdfplumber")) else {
        return;
    };
    let books = books("firefox");
    let Some(fonts) = latin_only_fontconfig(&books.dir) else {
        return;
    };
    check_engine("Firefox", &books, &python, |out| {
        command(&python, &fonts)
            .arg(script("firefox_print.py"))
            .arg(out)
            .args(&books.pages)
            .output()
            .expect("the Firefox script runs")
    });
}

/// Runs one of the scripts that need a display (WebKitGTK, Qt WebEngine)
/// under `xvfb-run`, with a Python that imports `modules`.
fn check_displayed_engine(engine: &str, modules: &str, name: &str) {
    let (Some(xvfb), Some(python), Some(reader)) = (
        checker("xvfb-run"),
        python_module(modules),
        python_module("pdfplumber"),
    ) else {
        return;
    };
    let books = books(name);
    let Some(fonts) = latin_only_fontconfig(&books.dir) else {
        return;
    };
    check_engine(engine, &books, &reader, |out| {
        command(&xvfb, &fonts)
            .arg("-a")
            .arg(&python)
            .arg(script(&format!("{name}_print.py")))
            .arg(out)
            .args(&books.pages)
            .output()
            .expect("xvfb-run runs")
    });
}

#[test]
fn webkitgtk_closes_up_every_pair_draws_the_dash_whole_and_the_dots_from_the_book() {
    check_displayed_engine("WebKitGTK", "gi", "webkit");
}

#[test]
fn qt_webengine_closes_up_every_pair_draws_the_dash_whole_and_the_dots_from_the_book() {
    check_displayed_engine("Qt WebEngine", "PyQt6.QtWebEngineCore", "qtwebengine");
}

/// What MuPDF draws of a book, in reading order (page, then top to bottom):
/// its text without white space, an image as U+FFFC.
fn mupdf_reading(mutool: &Path, epub: &Path, fonts: &Path) -> String {
    let out = command(mutool, fonts)
        .args(["draw", "-F", "trace", "-o", "-"])
        .arg(epub)
        .output()
        .expect("mutool runs");
    let trace = String::from_utf8_lossy(&out.stdout);
    let start = trace
        .find("<page")
        .unwrap_or_else(|| panic!("mutool drew nothing of {}", epub.display()));
    let end = trace
        .rfind("</page>")
        .map_or(trace.len(), |e| e + "</page>".len());
    let xml = format!("<pages>{}</pages>", &trace[start..end]);
    let doc = roxmltree::Document::parse(&xml).expect("mutool's trace parses");
    let mut items: Vec<(usize, f64, char)> = Vec::new();
    for (page, node) in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("page"))
        .enumerate()
    {
        for n in node.descendants() {
            let y = |s: Option<&str>| s.and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            if n.has_tag_name("fill_image") {
                let top = n.attribute("transform").and_then(|t| t.split(' ').nth(5));
                items.push((page, y(top), '\u{fffc}'));
            } else if n.has_tag_name("g") {
                for c in n
                    .attribute("unicode")
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                {
                    items.push((page, y(n.attribute("y")), c));
                }
            }
        }
    }
    // Stable: a line's glyphs keep their order.
    items.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
    items.into_iter().map(|(_, _, c)| c).collect()
}

#[test]
fn mupdf_draws_every_figure_after_its_heading() {
    let Some(mutool) = checker("mutool") else {
        return;
    };
    let books = books("mupdf");
    let Some(fonts) = latin_only_fontconfig(&books.dir) else {
        return;
    };
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut figures = 0;
    for epub in &books.epubs {
        let drawn = mupdf_reading(&mutool, epub, &fonts);
        // The book's pictures in reading order (figures, those in a row,
        // those inside text), each with the heading before it and, for a
        // captioned figure, its caption's label.
        let mut zip = zip::ZipArchive::new(Cursor::new(std::fs::read(epub).unwrap())).unwrap();
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        let opf = roxmltree::Document::parse(&opf).unwrap();
        let hrefs: BTreeMap<&str, &str> = opf
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| (n.attribute("id").unwrap(), n.attribute("href").unwrap()))
            .collect();
        let mut expected = Vec::new();
        let mut heading = String::new();
        for itemref in opf.descendants().filter(|n| n.has_tag_name("itemref")) {
            let href = hrefs[itemref.attribute("idref").unwrap()];
            let mut xhtml = String::new();
            zip.by_name(&format!("OEBPS/{href}"))
                .unwrap()
                .read_to_string(&mut xhtml)
                .unwrap();
            let doc = xhtml_doc(&xhtml);
            for n in doc.descendants() {
                let text = || {
                    squeeze(
                        &n.descendants()
                            .filter_map(|t| t.text().filter(|_| t.is_text()))
                            .collect::<String>(),
                    )
                };
                if matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    heading = text();
                } else if n.has_tag_name("img") {
                    let caption = n
                        .parent_element()
                        .filter(|p| p.has_tag_name("figure"))
                        .and_then(|f| f.children().find(|c| c.has_tag_name("figcaption")));
                    let label: Option<String> = caption.map(|c| {
                        squeeze(
                            &c.descendants()
                                .filter_map(|t| t.text().filter(|_| t.is_text()))
                                .collect::<String>(),
                        )
                        .chars()
                        .take(3)
                        .collect()
                    });
                    expected.push((heading.clone(), label));
                }
            }
        }
        let images = drawn.matches('\u{fffc}').count();
        assert_eq!(
            images,
            expected.len(),
            "{}: MuPDF drew {images} images",
            epub.display()
        );
        let mut from = 0;
        for (k, (heading, label)) in expected.iter().enumerate() {
            let image = drawn.match_indices('\u{fffc}').nth(k).unwrap().0;
            let at = drawn[from..].find(heading.as_str()).map(|i| i + from);
            assert!(
                at.is_some_and(|at| at < image),
                "{}: picture {} ({label:?}) is drawn before its heading `{heading}`",
                epub.display(),
                k + 1
            );
            if let Some(label) = label {
                assert!(
                    drawn[image..].starts_with(&format!("\u{fffc}{label}")),
                    "{}: the caption `{label}` is not drawn right after picture {}",
                    epub.display(),
                    k + 1
                );
            }
            from = at.unwrap();
            figures += 1;
        }
    }
    eprintln!("MuPDF: {figures} pictures, each drawn after its heading");
    assert!(figures >= 2, "only {figures} pictures in the books");
}
