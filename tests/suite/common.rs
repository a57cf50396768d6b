//! Helpers shared by the integration tests that run the `zhpress` binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `zhpress` with `args`; `SOURCE_DATE_EPOCH` set to `epoch` or unset.
pub fn zhpress_at(args: &[&str], epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhpress"));
    cmd.args(args);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    cmd.output().expect("zhpress runs")
}

/// Runs `zhpress` with `args` and no `SOURCE_DATE_EPOCH`.
pub fn zhpress(args: &[&str]) -> Output {
    zhpress_at(args, None)
}

/// A fresh folder (with an `images/` inside) under the system temp dir,
/// unique to this test process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhpress-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    dir
}

/// Whether the external `tool` is on the PATH. When it is not, the test
/// fails under `CI=true`; otherwise a `SKIPPED` line goes straight to the
/// terminal (past the test harness's capture, so a plain `cargo test` shows
/// it) and the caller skips its check.
pub fn have(tool: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is not installed, and CI needs it"
        );
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED: {tool} is not installed, so a check that needs it did not run"
        );
    }
    found
}

/// What `pdftotext -raw` extracts from `pdf`, without whitespace and without
/// the page furniture: on every page a last line that is its page number,
/// and before it, on every page after the first, a line that begins the
/// running head `title` (both are drawn after the page's text). pdftotext
/// ignores tags, so it reads the running head and page numbers, marked as
/// artifacts, as text.
pub fn pdftotext_body(pdf: &std::path::Path, title: &str) -> String {
    let o = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let title = squeeze(title);
    let mut out = String::new();
    for (i, page) in String::from_utf8_lossy(&o.stdout).split('\u{c}').enumerate() {
        let mut lines: Vec<String> = page.lines().map(squeeze).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        assert_eq!(
            lines.pop().as_deref(),
            Some((i + 1).to_string().as_str()),
            "page {} of {} does not end in its number",
            i + 1,
            pdf.display()
        );
        // The running head is drawn after the page's text.
        if i > 0 {
            let head = lines.pop().unwrap_or_default();
            assert!(
                title.starts_with(&head),
                "page {} of {} does not end with the running head: `{head}`",
                i + 1,
                pdf.display()
            );
        }
        out.extend(lines);
    }
    out
}
