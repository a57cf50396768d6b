//! Every fixture built to all three editions: they agree with each other
//! and with the model (`zhpress verify`), they pass the real validators,
//! a hand-edited edition is caught, and the same source gives the same bytes.

use crate::common;

use common::{checker, edit_zip, scratch, zhpress_at};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: [&str; 5] = [
    "source/summary.md",
    "tests/fixtures/mixed.md",
    "tests/fixtures/linebreak.md",
    "tests/fixtures/meaning.md",
    "tests/fixtures/tables.md",
];

fn stem(source: &str) -> &str {
    Path::new(source).file_stem().unwrap().to_str().unwrap()
}

/// Builds `source` into `dir` and returns the three paths (pdf, epub, docx).
fn build(source: &str, dir: &Path, epoch: Option<&str>) -> [PathBuf; 3] {
    let o = zhpress_at(&["build", source, "-o", dir.to_str().unwrap()], epoch);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{source}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    ["pdf", "epub", "docx"].map(|e| dir.join(format!("{}.{e}", stem(source))))
}

fn output_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The text pdftotext extracts, in content order, without whitespace.
fn pdf_text(pdftotext: &Path, pdf: &Path) -> String {
    let o = Command::new(pdftotext)
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn editions_agree_with_the_source() {
    for source in FIXTURES {
        let dir = scratch(&format!("agree-{}", stem(source)));
        build(source, &dir, Some("1700000000"));
        let o = zhpress_at(&["verify", dir.to_str().unwrap(), "--source", source], None);
        assert_eq!(o.status.code(), Some(0), "{source}: {}", output_text(&o));
        assert!(output_text(&o).contains("all editions agree"));
        // Without a source, the editions are compared with each other.
        let o = zhpress_at(&["verify", dir.to_str().unwrap(), "--stem", stem(source)], None);
        assert_eq!(o.status.code(), Some(0), "{source}: {}", output_text(&o));
    }
}

#[test]
fn a_page_marker_moved_off_its_pdf_page_start_is_caught() {
    let dir = scratch("page-marker");
    let [_, epub, _] = build("source/summary.md", &dir, None);
    let args = ["verify", dir.to_str().unwrap(), "--source", "source/summary.md"];
    assert_eq!(zhpress_at(&args, None).status.code(), Some(0));
    // Move the first marker of the first chapter past the end of its block.
    edit_zip(&epub, "OEBPS/sec-1.xhtml", |x| {
        let start = x.find("<span epub:type=\"pagebreak\"").unwrap();
        let end = start + x[start..].find("</span>").unwrap() + "</span>".len();
        let marker = x[start..end].to_string();
        let rest = x[..start].to_string() + &x[end..];
        let close = start + rest[start..].find("</p>").unwrap() + "</p>".len();
        rest[..close].to_string() + &marker + &rest[close..]
    });
    let o = zhpress_at(&args, None);
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("EPUB: page ") && text.contains(" starts: expected `"),
        "{text}"
    );
}

#[test]
fn a_hand_edited_edition_is_caught() {
    let dir = scratch("tamper");
    let [_, epub, docx] = build("source/summary.md", &dir, None);
    edit_zip(&docx, "word/document.xml", |xml| {
        xml.replacen("工作体会", "工作心得", 1)
    });
    let o = zhpress_at(
        &["verify", dir.to_str().unwrap(), "--source", "source/summary.md"],
        None,
    );
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("DOCX: heading 6: expected `1 工作体会`, found `1 工作心得`"),
        "{text}"
    );
    assert!(!text.contains("PDF:") && !text.contains("EPUB:"), "{text}");
    // A caption changed in the EPUB is caught too, also without the source.
    edit_zip(&epub, "OEBPS/sec-1.xhtml", |x| x.replacen("齐波", "齐某", 1));
    edit_zip(&docx, "word/document.xml", |xml| {
        xml.replacen("工作心得", "工作体会", 1)
    });
    let names: Vec<String> = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap())
        .unwrap()
        .file_names()
        .map(String::from)
        .collect();
    let o = zhpress_at(
        &["verify", dir.to_str().unwrap(), "--source", "source/summary.md"],
        None,
    );
    let text = output_text(&o);
    assert_eq!(o.status.code(), Some(1), "{names:?} {text}");
    assert!(text.contains("EPUB: caption"), "{text}");
}

/// Runs `verify --source` on `dir` and returns its exit code and output.
fn verify_against(dir: &Path, source: &str) -> (Option<i32>, String) {
    let o = zhpress_at(&["verify", dir.to_str().unwrap(), "--source", source], None);
    (o.status.code(), output_text(&o))
}

#[test]
fn a_hand_edited_list_label_emphasis_or_link_is_caught() {
    let source = "tests/fixtures/meaning.md";
    // The EPUB: the second item of the list that starts at 3 renumbered.
    let dir = scratch("label-epub");
    let [_, epub, _] = build(source, &dir, None);
    let chapter = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap())
        .unwrap()
        .file_names()
        .find(|n| n.ends_with("sec-1.xhtml"))
        .unwrap()
        .to_string();
    edit_zip(&epub, &chapter, |x| {
        assert!(x.contains(r#"<li value="4">"#), "{x}");
        x.replacen(r#"<li value="4">"#, r#"<li value="7">"#, 1)
    });
    let (code, text) = verify_against(&dir, source);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("EPUB: list label 2: expected `4.第四项的第一段。`, found `7.第四项的第一段。`"),
        "{text}"
    );
    assert!(!text.contains("PDF:") && !text.contains("DOCX:"), "{text}");

    // The DOCX: the list restarted at 6 instead of 3; an emphasis dropped;
    // a link retargeted.
    let dir = scratch("label-docx");
    let [_, _, docx] = build(source, &dir, None);
    edit_zip(&docx, "word/numbering.xml", |x| {
        x.replacen(
            r#"<w:startOverride w:val="3" />"#,
            r#"<w:startOverride w:val="6" />"#,
            1,
        )
    });
    edit_zip(&docx, "word/document.xml", |x| {
        x.replacen(r#"<w:rStyle w:val="Emphasis" />"#, "", 1)
    });
    edit_zip(&docx, "word/_rels/document.xml.rels", |x| {
        x.replacen("https://example.org/plain", "https://example.com/other", 1)
    });
    let (code, text) = verify_against(&dir, source);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("DOCX: list label 1: expected `3.第三项，只有一段。`, found `6.第三项，只有一段。`"),
        "{text}"
    );
    assert!(text.contains("DOCX: emphasis 1: expected `着重`"), "{text}");
    assert!(
        text.contains(
            "DOCX: link 3: expected `https://example.org/plain`, found `https://example.com/other`"
        ),
        "{text}"
    );
}

#[test]
fn same_source_same_bytes() {
    for epoch in [Some("1700000000"), None] {
        let (dir_a, dir_b) = (scratch("repro-a"), scratch("repro-b"));
        let a = build("source/summary.md", &dir_a, epoch);
        let b = build("source/summary.md", &dir_b, epoch);
        for (x, y) in a.iter().zip(&b) {
            assert!(
                std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
                "{} differs between builds ({epoch:?})",
                x.display()
            );
        }
    }
    // Two images on one page: their order must not depend on a hash map's
    // (each build's is different); six builds, the same bytes.
    let dir = scratch("repro-mixed-0");
    let first = build("tests/fixtures/mixed.md", &dir, None);
    for i in 1..6 {
        let again_dir = scratch(&format!("repro-mixed-{i}"));
        let again = build("tests/fixtures/mixed.md", &again_dir, None);
        for (x, y) in first.iter().zip(&again) {
            assert!(
                std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
                "{} differs between builds",
                x.display()
            );
        }
    }
}

#[test]
fn validators_accept_every_fixture() {
    for source in FIXTURES {
        let dir = scratch(&format!("valid-{}", stem(source)));
        let [pdf, epub, docx] = build(source, &dir, None);
        if let Some(qpdf) = checker("qpdf") {
            let o = Command::new(qpdf).arg("--check").arg(&pdf).output().unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "qpdf --check {source}: {}",
                output_text(&o)
            );
        }
        if let Some(pdffonts) = checker("pdffonts") {
            let o = Command::new(pdffonts).arg(&pdf).output().unwrap();
            let table = output_text(&o);
            let fonts: Vec<&str> = table.lines().skip(2).collect();
            assert!(!fonts.is_empty(), "{table}");
            for line in fonts {
                let cols: Vec<&str> = line.split_whitespace().collect();
                let n = cols.len();
                assert_eq!(
                    &cols[n - 5..n - 2],
                    ["yes", "yes", "yes"],
                    "emb/sub/uni in {source}: {line}"
                );
            }
        }
        if let Some(pdftotext) = checker("pdftotext") {
            let model = zhpress::load(Path::new(source)).unwrap().0;
            let text = common::pdftotext_body(&pdftotext, &pdf, &model.meta.title);
            for block in model.block_texts() {
                let block: String = block.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(text.contains(&block), "pdftotext of {source} lacks `{block}`");
            }
            for kangxi in '\u{2F00}'..='\u{2FDF}' {
                assert!(
                    !text.contains(kangxi),
                    "pdftotext of {source} has Kangxi radical {kangxi}"
                );
            }
        }
        if let Some((passed, report)) = common::epubcheck(&epub) {
            assert!(passed, "epubcheck {source}: {report}");
            assert!(
                report.contains("No errors or warnings detected"),
                "epubcheck {source}: {report}"
            );
        }
        if let Some(soffice) = checker("soffice") {
            let lo = dir.join("lo");
            std::fs::create_dir_all(&lo).unwrap();
            std::fs::copy(&docx, lo.join(format!("{}.docx", stem(source)))).unwrap();
            common::convert_with_soffice(&soffice, &lo, &[stem(source).to_string()]);
            let converted = lo.join(format!("{}.pdf", stem(source)));
            if let Some(pdftotext) = checker("pdftotext") {
                let text = pdf_text(&pdftotext, &converted);
                let model = zhpress::load(Path::new(source)).unwrap().0;
                for h in model.headings() {
                    assert!(
                        text.contains(&h.text().replace(' ', "")),
                        "LibreOffice's PDF of {source} lacks heading {}",
                        h.text()
                    );
                }
                for f in model.figures() {
                    let line: String = f
                        .caption_line()
                        .unwrap()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    assert!(
                        text.contains(&line),
                        "LibreOffice's PDF of {source} lacks caption {line}"
                    );
                }
            }
        }
    }
}

/// `verify` with and without the source: each must exit 1 and print
/// `want` (the edition and the place).
fn assert_caught(dir: &Path, source: &str, want: &str) {
    for args in [
        vec!["verify", dir.to_str().unwrap(), "--source", source],
        vec!["verify", dir.to_str().unwrap(), "--stem", stem(source)],
    ] {
        let o = zhpress_at(&args, None);
        let text = output_text(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {text}");
        assert!(text.contains(want), "{args:?}: no `{want}` in {text}");
    }
}

#[test]
fn an_extra_or_missing_paragraph_in_one_edition_is_caught() {
    let source = "tests/fixtures/meaning.md";
    let extra = "<p>多出来的一段。</p>\n";
    // The EPUB: a paragraph added after the chapter's first one.
    let dir = scratch("extra-epub");
    let [_, epub, _] = build(source, &dir, None);
    edit_zip(&epub, "OEBPS/sec-1.xhtml", |x| {
        x.replacen("</p>\n", &format!("</p>\n{extra}"), 1)
    });
    assert_caught(
        &dir,
        source,
        "EPUB: extra block 3: expected `(none)`, found `多出来的一段。`",
    );
    // The DOCX: one appended at the end of the body, then one removed.
    let dir = scratch("extra-docx");
    let [_, _, docx] = build(source, &dir, None);
    let paragraph = "<w:p><w:r><w:t>多出来的一段。</w:t></w:r></w:p>";
    edit_zip(&docx, "word/document.xml", |x| {
        x.replacen("<w:sectPr", &format!("{paragraph}<w:sectPr"), 1)
    });
    assert_caught(&dir, source, "DOCX: extra block ");
    assert_caught(&dir, source, "found `多出来的一段。`");
    let dir = scratch("missing-docx");
    let [_, _, docx] = build(source, &dir, None);
    edit_zip(&docx, "word/document.xml", |x| {
        let at = x.find("这一段有").unwrap();
        let start = x[..at].rfind("<w:p ").unwrap();
        let end = at + x[at..].find("</w:p>").unwrap() + "</w:p>".len();
        x[..start].to_string() + &x[end..]
    });
    assert_caught(&dir, source, "DOCX: missing block 12: expected `这一段有两处着重");
}

#[test]
fn a_pdf_from_another_source_is_caught() {
    // The PDF of a source with one sentence more at the end of a paragraph,
    // beside the EPUB and the DOCX of the fixture: a mixed set.
    let source = "tests/fixtures/meaning.md";
    let dir = scratch("mixed-set");
    let other = scratch("mixed-set-other");
    build(source, &dir, None);
    let text = std::fs::read_to_string(source)
        .unwrap()
        .replace("/em)中。", "/em)中。还多一句话。");
    let changed = other.join("meaning.md");
    std::fs::write(&changed, text).unwrap();
    std::fs::copy(
        Path::new(source).parent().unwrap().join("images/landscape.jpg"),
        other.join("images/landscape.jpg"),
    )
    .unwrap();
    let [pdf, _, _] = build(changed.to_str().unwrap(), &other.join("out"), None);
    std::fs::copy(pdf, dir.join("meaning.pdf")).unwrap();
    assert_caught(
        &dir,
        source,
        "PDF: block 12: expected `…接里的着重字中。`, found `…接里的着重字中。还多一句话。`",
    );
    let (_, text) = verify_against(&dir, source);
    assert!(!text.contains("EPUB:") && !text.contains("DOCX:"), "{text}");
}

/// Sources whose editions are correct and must verify, each a case that
/// `verify` once failed on.
#[test]
fn correct_sets_verify() {
    let head = "---\ntitle: 测试\n---\n\n";
    let items: String = (1..=60).map(|i| format!("{i}. 第{i}项。\n")).collect();
    let cases = [
        // Some item of sixty begins a PDF page: the EPUB's page-break
        // marker stands before the item's paragraph.
        ("page-item", format!("{head}# 列表\n\n{items}")),
        // The labels of a nested list come in document order.
        (
            "nested",
            format!("{head}# 嵌套\n\n1. 外一\n\n   1. 内一\n   2. 内二\n\n2. 外二\n"),
        ),
        // The fonts draw U+2011 with the glyph of `-`: the PDF's text
        // reads one for the other.
        (
            "nb-hyphen",
            format!("{head}# 连字\u{2011}符\n\n电话010\u{2011}12345678，e-mail，*着\u{2011}重*。\n"),
        ),
        (
            "same-target",
            format!("{head}# 链接\n\n相邻[甲](https://example.org/a)[乙](https://example.org/a)两个。\n"),
        ),
    ];
    for (name, text) in cases {
        let dir = scratch(&format!("correct-{name}"));
        let source = dir.join(format!("{name}.md"));
        std::fs::write(&source, text).unwrap();
        let source = source.to_str().unwrap();
        let out = dir.join("out");
        build(source, &out, None);
        let out = out.to_str().unwrap();
        for args in [
            ["verify", out, "--source", source],
            ["verify", out, "--stem", name],
        ] {
            let o = zhpress_at(&args, None);
            let report = output_text(&o);
            assert_eq!(o.status.code(), Some(0), "{name} {args:?}: {report}");
            assert!(report.contains("all editions agree"), "{name}: {report}");
        }
    }
}

/// A title block longer than a page: the PDF's pages that begin inside it
/// have their page-break markers inside the EPUB's title page, before the
/// character each begins with, and the set verifies.
#[test]
fn a_title_longer_than_a_page_verifies() {
    let dir = scratch("long-title");
    let source = dir.join("long.md");
    let title = "题目文字".repeat(500);
    let subtitle = "副题".repeat(400);
    std::fs::write(
        &source,
        format!("---\ntitle: {title}\nsubtitle: {subtitle}\nauthor: 作者\n---\n\n# 一\n\n正文。\n"),
    )
    .unwrap();
    let source = source.to_str().unwrap();
    let [pdf, epub, _] = build(source, &dir.join("out"), None);
    let pages = zhpress::verify::read(zhpress::Target::Pdf, &std::fs::read(pdf).unwrap())
        .unwrap()
        .text
        .len();
    assert!(pages >= 4, "{pages} pages");
    let mut title_page = String::new();
    zip::ZipArchive::new(std::fs::File::open(&epub).unwrap())
        .unwrap()
        .by_name("OEBPS/title.xhtml")
        .unwrap()
        .read_to_string(&mut title_page)
        .unwrap();
    let h1 = &title_page[title_page.find("<h1").unwrap()..title_page.find("</h1>").unwrap()];
    assert!(h1.contains("id=\"page-2\""), "{h1}");
    let (code, text) = verify_against(&dir.join("out"), source);
    assert_eq!(code, Some(0), "{text}");
}
