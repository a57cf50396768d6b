//! Hostile and broken input: every case gets exit 1 and a message naming
//! file and line — or a valid build where that is the right answer — and
//! never a panic, a stack overflow or a hang. A failed build leaves the
//! previous editions untouched and no stray files.

use crate::common;

use common::{scratch, zhpress, Scratch};

use std::path::Path;
use std::process::Output;

const FM: &str = "---\ntitle: 标题\nauthor: 作者\n---\n\n";

fn build(dir: &Path, source: &Path) -> Output {
    let out = dir.join("out");
    zhpress(&["build", source.to_str().unwrap(), "-o", out.to_str().unwrap()])
}

/// Writes `text` as `dir/in.md`, builds, and checks exit 1 with `file:line: message`.
fn rejects(name: &str, text: &[u8], line: usize, message: &str) {
    let dir = scratch(name);
    let src = dir.join("in.md");
    std::fs::write(&src, text).unwrap();
    let o = build(&dir, &src);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{name}: {stderr}");
    let at = if line == 0 {
        format!("{}:", src.display())
    } else {
        format!("{}:{line}:", src.display())
    };
    assert!(stderr.contains(&at), "{name}: expected `{at}` in {stderr}");
    assert!(
        stderr.contains(message),
        "{name}: expected `{message}` in {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let stray: Vec<_> = std::fs::read_dir(dir.join("out"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(stray.is_empty(), "{name}: partial output {stray:?}");
}

/// Writes `text`, builds, and checks that all three editions were written.
fn accepts(name: &str, text: &str) -> (Scratch, String) {
    let dir = scratch(name);
    let src = dir.join("in.md");
    std::fs::write(&src, text).unwrap();
    let o = build(&dir, &src);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{name}: {stderr}");
    for ext in ["pdf", "epub", "docx"] {
        let size = std::fs::metadata(dir.join("out").join(format!("in.{ext}")))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(size > 1000, "{name}: in.{ext} is {size} bytes");
    }
    (dir, stderr)
}

#[test]
fn empty_file_and_front_matter_errors() {
    rejects("empty", b"", 1, "must start with YAML front matter");
    rejects(
        "unterminated",
        "---\ntitle: 标题\n\n正文。\n".as_bytes(),
        1,
        "never closed",
    );
    rejects(
        "ill-typed",
        "---\ntitle: [1, 2]\n---\n\n正文。\n".as_bytes(),
        2,
        "`title` must be a text value",
    );
    rejects(
        "no-title",
        "---\nauthor: 某\n---\n\n正文。\n".as_bytes(),
        2,
        "has no `title`",
    );
    rejects(
        "bad-yaml",
        "---\ntitle: 标题\n: : :\n  - x\n---\n".as_bytes(),
        0,
        "front matter is not valid YAML",
    );
}

#[test]
fn unknown_front_matter_key_is_a_warning() {
    let (_, stderr) = accepts("unknown-key", "---\ntitle: 标题\nkeywords: 政协\n---\n\n正文。\n");
    assert!(
        stderr.contains("in.md:3: unknown front matter key `keywords` is ignored"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8() {
    rejects(
        "utf8",
        &[FM.as_bytes(), b"\xe6\xad\xa3\xff\n"].concat(),
        6,
        "not valid UTF-8",
    );
}

#[test]
fn images_missing_corrupt_absolute_or_outside() {
    rejects(
        "missing-image",
        format!("{FM}![说明](images/none.jpg)\n").as_bytes(),
        6,
        "cannot read image",
    );
    let dir = scratch("corrupt-image");
    std::fs::write(dir.join("images/c.jpg"), b"\xff\xd8\xff\xe0 truncated jpeg").unwrap();
    let src = dir.join("in.md");
    std::fs::write(&src, format!("{FM}正文。\n\n![说明](images/c.jpg)\n")).unwrap();
    let o = build(&dir, &src);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:8: figure 1: image `images/c.jpg` cannot be decoded",
            src.display()
        )),
        "{stderr}"
    );
    rejects(
        "absolute",
        format!("{FM}![说明](/etc/passwd)\n").as_bytes(),
        6,
        "is absolute",
    );
    rejects(
        "climb",
        format!("{FM}![说明](images/../../x.jpg)\n").as_bytes(),
        6,
        "leaves the source file's folder",
    );
}

#[test]
fn unsupported_markdown() {
    rejects(
        "table-in-list",
        format!("{FM}- 项目\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n").as_bytes(),
        8,
        "a table inside a list or block quote is not supported",
    );
    rejects(
        "footnote",
        format!("{FM}正文[^1]。\n\n[^1]: 注。\n").as_bytes(),
        6,
        "footnotes are not supported",
    );
    rejects(
        "html",
        format!("{FM}<table><tr><td>x</td></tr></table>\n").as_bytes(),
        6,
        "raw HTML",
    );
    rejects(
        "inline-html",
        format!("{FM}正文<span>x</span>。\n").as_bytes(),
        6,
        "inline HTML",
    );
    rejects(
        "code-block",
        format!("{FM}    缩进代码\n").as_bytes(),
        6,
        "code blocks are not supported",
    );
}

/// Every edition sets an item's label on its first line of text, so an
/// item without text of its own first would lose its label (the PDF and
/// the DOCX used to print `丙` as item 1 here).
#[test]
fn a_list_item_without_text_first_is_refused() {
    let message = "a list item must begin with its text";
    rejects(
        "empty-item",
        format!("{FM}正文。\n\n1. \n").as_bytes(),
        8,
        message,
    );
    rejects(
        "nested-first",
        format!("{FM}正文。\n\n1. - 甲\n   - 乙\n2. 丙\n").as_bytes(),
        8,
        message,
    );
    rejects(
        "quote-first",
        format!("{FM}1. > 甲\n2. 丙\n").as_bytes(),
        6,
        message,
    );
    let (dir, _) = accepts("text-first", &format!("{FM}1. 甲\n   - 乙\n2. 丙\n"));
    let out = dir.join("out");
    let o = zhpress(&[
        "verify",
        out.to_str().unwrap(),
        "--source",
        dir.join("in.md").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn characters_no_font_has() {
    // U+E000 is private use; U+1F600 is an emoji: Noto Serif SC has neither.
    rejects(
        "pua",
        format!("{FM}正文。\n\n私用区\u{E000}字符。\n").as_bytes(),
        8,
        "U+E000",
    );
    rejects("emoji", format!("{FM}# 标题😀\n").as_bytes(), 6, "U+1F600");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    rejects(
        "nested",
        format!("{FM}{}引文\n", "> ".repeat(500)).as_bytes(),
        6,
        "nested more than",
    );
}

#[test]
fn huge_words_and_paragraphs_build() {
    accepts(
        "long-word",
        &format!("{FM}{}\n\n中文{}结尾。\n", "a".repeat(3000), "字".repeat(3000)),
    );
    accepts(
        "long-paragraph",
        &format!("{FM}{}\n", "人民政协，协商民主；".repeat(16_000)),
    );
}

#[test]
fn markup_characters_are_text() {
    let text = "---\ntitle: \"A & B < C > D ]]>\"\nsubtitle: 副题 <b>\n---\n\n# 标题 & <章> ]]>\n\n正文 a < b && c > d ]]> 结束。\n\n![说明 & <图> ]]>](images/p.png \"摄 & <>\")\n";
    let dir = scratch("markup-png");
    let png = image::RgbImage::from_pixel(40, 60, image::Rgb([90, 90, 90]));
    png.save(dir.join("images/p.png")).unwrap();
    let src = dir.join("in.md");
    std::fs::write(&src, text).unwrap();
    let o = build(&dir, &src);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = zhpress(&[
        "verify",
        dir.join("out").to_str().unwrap(),
        "--source",
        src.to_str().unwrap(),
    ]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}

#[test]
fn failed_build_keeps_previous_editions() {
    let (dir, _) = accepts("keep", &format!("{FM}正文。\n"));
    let out = dir.join("out");
    let before: Vec<Vec<u8>> = ["pdf", "epub", "docx"]
        .iter()
        .map(|e| std::fs::read(out.join(format!("in.{e}"))).unwrap())
        .collect();
    std::fs::write(dir.join("in.md"), format!("{FM}正文[^1]。\n\n[^1]: 注。\n")).unwrap();
    let o = build(&dir, &dir.join("in.md"));
    assert_eq!(o.status.code(), Some(1));
    let after: Vec<Vec<u8>> = ["pdf", "epub", "docx"]
        .iter()
        .map(|e| std::fs::read(out.join(format!("in.{e}"))).unwrap())
        .collect();
    assert!(before == after, "a failed build changed the previous editions");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "stray files: {names:?}");
}

#[test]
fn unwritable_output_folder_is_a_clear_error() {
    let dir = scratch("unwritable");
    let src = dir.join("in.md");
    std::fs::write(&src, format!("{FM}正文。\n")).unwrap();
    // A file where the output folder should be: no permission games needed.
    let blocker = dir.join("out");
    std::fs::write(&blocker, b"a file").unwrap();
    let o = zhpress(&[
        "build",
        src.to_str().unwrap(),
        "-o",
        blocker.join("sub").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot create the output folder"), "{stderr}");
}
