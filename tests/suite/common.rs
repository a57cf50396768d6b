//! Helpers shared by the integration tests: running the `zhpress` binary,
//! scratch folders, and the external checkers editions are read back with.

mod checker;
mod libreoffice;
mod scratch;
mod zip_edit;

pub use checker::{checker, epubcheck, python_module, skipped};
pub use libreoffice::{convert_with_soffice, convert_with_soffice_to};
pub use scratch::{scratch, Scratch, ScratchPath};
pub use zip_edit::{edit_zip, put_raw_entry, replaced};

use std::path::Path;
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

/// What `pdftotext -raw` extracts from `pdf`, without whitespace and without
/// the page furniture: on every page a last line that is its page number,
/// and before it, on every page after the first, a line that begins the
/// running head `title` (both are drawn after the page's text). pdftotext
/// ignores tags, so it reads the running head and page numbers, marked as
/// artifacts, as text.
pub fn pdftotext_body(pdftotext: &Path, pdf: &Path, title: &str) -> String {
    let o = Command::new(pdftotext)
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
