//! The external checkers the tests read editions back with (qpdf, poppler's
//! tools, epubcheck, LibreOffice, Ace, Chromium, pdfplumber, the PDF/UA
//! checkers…). Every test finds its checker here: one that is missing is
//! never passed over in silence. It prints
//! `SKIPPED: <test>: <checker> did not run (<why>)` where `cargo test` shows
//! it, and fails the test when the environment variable `CI` is set.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where `tool` is on the PATH; `None`, reported by [`skipped`], when it is
/// not there. Run the path returned, not the bare name.
pub fn checker(tool: &str) -> Option<PathBuf> {
    let found = on_path(tool);
    if found.is_none() {
        skipped(tool, "not on the PATH");
    }
    found
}

/// The first file named `tool` in a folder of the PATH.
fn on_path(tool: &str) -> Option<PathBuf> {
    all_on_path(tool).into_iter().next()
}

/// Every file named `tool` in the folders of the PATH, in order.
fn all_on_path(tool: &str) -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(tool))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// The first `python3` on the PATH that can import `modules` (a comma-
/// separated list, as `import` takes it), to run a script that needs them:
/// the Debian Python that has a browser engine's bindings may come after
/// another Python on the PATH. `None`, reported by [`skipped`] with the
/// first Python's reason, when none can.
pub fn python_module(modules: &str) -> Option<PathBuf> {
    let pythons = all_on_path("python3");
    if pythons.is_empty() {
        skipped("python3", "not on the PATH");
        return None;
    }
    let mut why = None;
    for python in pythons {
        let out = Command::new(&python)
            .args(["-c", &format!("import {modules}")])
            .output()
            .expect("python3 runs");
        if out.status.success() {
            return Some(python);
        }
        let err = String::from_utf8_lossy(&out.stderr);
        why.get_or_insert_with(|| {
            err.lines()
                .last()
                .unwrap_or("python3 cannot import it")
                .trim()
                .to_string()
        });
    }
    skipped(modules, why.as_deref().unwrap_or("python3 cannot import it"));
    None
}

/// Runs epubcheck on the EPUB at `epub` and returns its exit status's
/// success and its report (stdout and stderr); `None` when epubcheck (or
/// the Java it needs) is missing. Debian installs the jar itself as
/// `epubcheck`, run with `java -jar`; elsewhere it is a script.
pub fn epubcheck(epub: &Path) -> Option<(bool, String)> {
    let epubcheck = checker("epubcheck")?;
    let is_jar = std::fs::read(&epubcheck).is_ok_and(|d| d.starts_with(b"PK"));
    let mut cmd = if is_jar {
        let mut c = Command::new(checker("java")?);
        c.arg("-jar").arg(&epubcheck);
        c
    } else {
        Command::new(&epubcheck)
    };
    let out = cmd.arg(epub).output().expect("epubcheck runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), report))
}

/// Reports that `checker` did not run for the reason `why`: a failure when
/// `CI` is set; otherwise a `SKIPPED` line straight to the terminal (past
/// the test harness's capture, so a plain `cargo test` shows it), and the
/// caller passes over its check.
pub fn skipped(checker: &str, why: &str) {
    let ci = ci_is_set(std::env::var_os("CI").as_deref());
    report_skip(ci, checker, why, &mut std::io::stderr().lock());
}

/// Whether a value of `CI` asks for every checker: set, and not empty,
/// `0` or `false`.
fn ci_is_set(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The line that says `checker` did not run in the current test.
fn skip_line(checker: &str, why: &str) -> String {
    // The test harness names each test's thread after the test.
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    format!("SKIPPED: {test}: {checker} did not run ({why})")
}

/// [`skipped`], with whether CI is set and where the line goes given.
fn report_skip(ci: bool, checker: &str, why: &str, terminal: &mut dyn Write) {
    let line = skip_line(checker, why);
    assert!(!ci, "{line}, and CI is set: CI needs every checker");
    let _ = writeln!(terminal, "{line}");
}

#[test]
fn a_missing_checker_is_named_and_fails_under_ci() {
    let line = skip_line("qpdf", "not on the PATH");
    assert_eq!(
        line,
        "SKIPPED: common::checker::a_missing_checker_is_named_and_fails_under_ci: \
         qpdf did not run (not on the PATH)"
    );
    assert!(ci_is_set(Some(OsStr::new("true"))));
    assert!(ci_is_set(Some(OsStr::new("1"))));
    assert!(!ci_is_set(None));
    assert!(!ci_is_set(Some(OsStr::new(""))));
    assert!(!ci_is_set(Some(OsStr::new("false"))));
    // Outside CI the skip is printed and the test goes on; under CI it fails.
    let mut terminal = Vec::new();
    report_skip(false, "qpdf", "not on the PATH", &mut terminal);
    assert_eq!(String::from_utf8(terminal).unwrap(), format!("{line}\n"));
    let mut terminal = Vec::new();
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        report_skip(true, "qpdf", "not on the PATH", &mut terminal)
    }));
    let message = failed.expect_err("a missing checker under CI fails the test");
    let message = message.downcast_ref::<String>().expect("a formatted message");
    assert!(message.starts_with(&line), "{message}");
    assert!(terminal.is_empty());
    // The PATH lookup finds a program that is there and not one that is not.
    assert!(on_path("sh").is_some_and(|p| p.ends_with("sh")));
    assert_eq!(on_path("zhpress-no-such-checker"), None);
}
