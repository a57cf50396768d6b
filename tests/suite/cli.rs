//! The command line: exit statuses, and errors that name file and line
//! without leaving partial output.

use crate::common;

use common::{scratch, zhpress};

use std::path::{Path, PathBuf};

/// Runs `build` on `source` into `dir/out`; asserts exit 1, a message
/// containing `expected`, and an output folder with nothing in it.
fn fails_cleanly(dir: &Path, source: &Path, expected: &str) {
    let out = dir.join("out");
    let o = zhpress(&["build", source.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(expected), "expected `{expected}` in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "partial output: {leftovers:?}");
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn missing_source_and_folder_source() {
    let dir = scratch("missing");
    let src = dir.join("nope.md");
    fails_cleanly(&dir, &src, &format!("{}: no such file", src.display()));
    fails_cleanly(&dir, &dir.join("images"), "is a folder, not a Markdown file");
}

#[test]
fn invalid_utf8_names_the_line() {
    let dir = scratch("utf8");
    let src = write(&dir, "bad.md", b"---\ntitle: t\n---\n\n\xe4\xb8\n");
    fails_cleanly(
        &dir,
        &src,
        &format!("{}:5: the file is not valid UTF-8", src.display()),
    );
}

#[test]
fn broken_front_matter_names_the_line() {
    let dir = scratch("yaml");
    let src = write(
        &dir,
        "fm.md",
        "---\ntitle: 标题\nauthor: [未闭合\n---\n\n正文。\n".as_bytes(),
    );
    fails_cleanly(&dir, &src, &format!("{}:", src.display()));
    fails_cleanly(&dir, &src, "front matter is not valid YAML");
    let src = write(&dir, "open.md", "---\ntitle: 标题\n\n正文。\n".as_bytes());
    fails_cleanly(
        &dir,
        &src,
        &format!(
            "{}:1: the front matter opened here is never closed",
            src.display()
        ),
    );
}

#[test]
fn missing_image_names_the_line() {
    let dir = scratch("image");
    let src = write(
        &dir,
        "img.md",
        "---\ntitle: 标题\n---\n\n![说明](images/none.jpg \"摄\")\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!(
            "{}:5: figure 1: cannot read image `images/none.jpg`",
            src.display()
        ),
    );
    write(&dir, "images/bad.jpg", b"not a jpeg");
    let src = write(
        &dir,
        "bad.md",
        "---\ntitle: 标题\n---\n\n![说明](images/bad.jpg)\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!(
            "{}:5: figure 1: image `images/bad.jpg` is not a JPEG, PNG, GIF, BMP, TIFF or WebP file",
            src.display()
        ),
    );
    // A vector drawing is named, with what to do; an uncaptioned one too.
    write(
        &dir,
        "images/plan.svg",
        b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n",
    );
    let src = write(
        &dir,
        "svg.md",
        "---\ntitle: 标题\n---\n\n正文。\n\n![](images/plan.svg \"平面图\")\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!(
            "{}:7: picture: image `images/plan.svg` is an SVG drawing, which zhpress cannot draw faithfully; export it as PNG",
            src.display()
        ),
    );
}

#[test]
fn image_outside_the_source_folder_names_the_line() {
    let dir = scratch("escape");
    let src = write(
        &dir,
        "esc.md",
        "---\ntitle: 标题\n---\n\n正文。\n\n![说明](../secret.jpg)\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!(
            "{}:7: image path `../secret.jpg` leaves the source file's folder",
            src.display()
        ),
    );
    let src = write(
        &dir,
        "abs.md",
        "---\ntitle: 标题\n---\n\n![说明](/etc/secret.jpg)\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!("{}:5: image path `/etc/secret.jpg` is absolute", src.display()),
    );
}

#[test]
fn unsupported_markdown_names_the_line() {
    let dir = scratch("table");
    let src = write(
        &dir,
        "t.md",
        "---\ntitle: 标题\n---\n\n+----+\n| 中文 |\n+----+\n".as_bytes(),
    );
    fails_cleanly(
        &dir,
        &src,
        &format!("{}:6: this grid table line is 8 columns wide", src.display()),
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(zhpress(&["build", "--to", "rtf"]).status.code(), Some(2));
    assert_eq!(zhpress(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn ast_prints_the_model_as_json() {
    let o = zhpress(&["ast"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    let count = |t: &str| blocks.iter().filter(|b| b["type"] == t).count();
    assert_eq!(
        (count("heading"), count("paragraph"), count("figure")),
        (6, 27, 2)
    );
    assert_eq!(json["meta"]["subtitle"], "——十三届全国政协办公厅五年工作总结");
    let fig = blocks.iter().find(|b| b["type"] == "figure").unwrap();
    assert_eq!(fig["credit"], "本报记者 齐波 摄");
    assert_eq!(fig["number"], 1);
}

#[test]
fn photos_below_150_ppi_are_a_warning_naming_file_and_resolution() {
    let out = scratch("ppi").join("out");
    let o = zhpress(&[
        "build",
        "tests/fixtures/mixed.md",
        "-o",
        out.to_str().unwrap(),
        "--to",
        "docx",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let source = std::fs::read_to_string("tests/fixtures/mixed.md").unwrap();
    let line = 1 + source
        .lines()
        .position(|l| l.contains("images/landscape.jpg"))
        .unwrap();
    // 300 px across the 147 mm measure.
    let want = format!("warning: tests/fixtures/mixed.md:{line}: `images/landscape.jpg` prints at 52 ppi");
    assert!(stderr.contains(&want), "{stderr}");
    assert!(stderr.contains("`images/portrait.png` prints at"), "{stderr}");
}

#[test]
fn an_edition_named_twice_is_built_once() {
    let dir = scratch("twice");
    let o = zhpress(&[
        "build",
        "tests/fixtures/linebreak.md",
        "-o",
        dir.to_str().unwrap(),
        "--to",
        "pdf,epub,pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("linebreak.pdf") && lines[1].contains("linebreak.epub"),
        "{lines:?}"
    );
}

/// Standard output closed under the program (`zhpress ast | head -1`): every
/// command that prints ends quietly with 141 (128 + SIGPIPE), no panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    for args in [
        &["ast", "source/summary.md"][..],
        &["check", "source/summary.md"],
        &["check", "--format", "json", "source/summary.md"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhpress"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {stderr}"
        );
    }
}

/// A full device as standard output: an error saying so, exit 1.
#[test]
fn a_full_device_is_an_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_zhpress"))
        .args(["ast", "source/summary.md"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("writing to standard output"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Escape sequences and bidirectional overrides in a file name, a front
/// matter key or a finding reach the terminal escaped, on every stream.
#[test]
fn control_and_bidi_characters_never_reach_the_terminal_raw() {
    let dir = scratch("escapes");
    let src = write(
        &dir,
        "a\u{1b}[2J\u{202E}.md",
        "---\ntitle: 题\n\"k\\e]0;x\\a\\x9b\\u202e\": v\n---\n\n正文\u{202E}批示批示。\n".as_bytes(),
    );
    let out = dir.join("out");
    for args in [
        vec!["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()],
        vec!["check", src.to_str().unwrap()],
        vec!["check", "--format", "json", src.to_str().unwrap()],
        vec!["ast", src.to_str().unwrap()],
    ] {
        let o = zhpress(&args);
        for stream in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(stream);
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| c != '\n' && (c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)))
                .collect();
            assert!(raw.is_empty(), "{:?}: raw {raw:?} in {text}", args[0]);
        }
        let all = String::from_utf8_lossy(&o.stderr) + String::from_utf8_lossy(&o.stdout);
        assert!(
            all.contains("\\u{1b}") || all.contains("\\u001b"),
            "{:?}: {all}",
            args[0]
        );
        assert!(!all.contains("panicked"), "{all}");
    }
}
