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

use crate::model::{Document, LEVEL2_MARK};
use crate::Target;

/// What a reader found in one edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Which edition.
    pub target: Target,
    /// Headings (level, text) in order, from the outline, nav or heading styles.
    pub headings: Vec<(u8, String)>,
    /// Figure caption lines (`图N　caption　credit`) when the format marks
    /// them (EPUB figcaption, DOCX Caption style); `None` for the PDF, whose
    /// captions are checked within its text.
    pub captions: Option<Vec<String>>,
    /// Every piece of visible text in reading order.
    pub text: Vec<String>,
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
    /// Block texts in order; each must appear, in this order, in every edition.
    pub blocks: Vec<String>,
}

impl Expected {
    /// The expectation a source document sets.
    pub fn from_model(doc: &Document) -> Expected {
        Expected {
            origin: "source".into(),
            headings: doc.headings().iter().map(|h| (h.level, h.text())).collect(),
            captions: doc.figures().iter().map(|f| f.caption_line()).collect(),
            blocks: doc.block_texts(),
        }
    }

    /// The expectation an edition with marked captions sets for the others.
    pub fn from_reading(r: &Reading) -> Expected {
        Expected {
            origin: r.target.extension().to_uppercase(),
            headings: r.headings.clone(),
            captions: r.captions.clone().unwrap_or_default(),
            blocks: r.text.clone(),
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
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != LEVEL2_MARK)
        .collect()
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
    // A reader's navigation shows a heading's whitespace collapsed (a hard
    // break in a heading is a space in the EPUB nav): compare it so.
    let levels = |h: &[(u8, String)]| {
        h.iter()
            .map(|(l, t)| format!("{l} {}", t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect::<Vec<_>>()
    };
    for (i, pair) in zip_longest(&levels(&expected.headings), &levels(&r.headings))
        .into_iter()
        .enumerate()
    {
        if let Some((e, f)) = pair {
            diffs.push(diff(format!("heading {}", i + 1), &e, &f));
        }
    }
    match &r.captions {
        Some(captions) => {
            for (i, pair) in zip_longest(&expected.captions, captions).into_iter().enumerate() {
                if let Some((e, f)) = pair {
                    diffs.push(diff(format!("caption {}", i + 1), &e, &f));
                }
            }
        }
        None => {
            let text = normalize(&r.text.concat());
            let mut at = 0;
            for (i, c) in expected.captions.iter().enumerate() {
                match text[at..].find(&normalize(c)) {
                    Some(p) => at += p,
                    None => diffs.push(diff(
                        format!("caption {}", i + 1),
                        c,
                        "(not in the text, in order)",
                    )),
                }
            }
        }
    }
    let text = normalize(&r.text.concat());
    let mut at = 0;
    for block in &expected.blocks {
        let want = normalize(block);
        // A figure may float to the next page in the PDF: captions are
        // compared, in order, above; the text reads around them.
        if want.is_empty() || expected.captions.contains(block) {
            continue;
        }
        match text[at..].find(&want) {
            Some(p) => at += p + want.len(),
            None => {
                let near = nearest(&text[at..], &want);
                diffs.push(diff("text".into(), block, &near));
            }
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

/// The stretch of `text` that starts like `want` does (for a useful message).
fn nearest(text: &str, want: &str) -> String {
    let head: String = want.chars().take(4).collect();
    let start = text.find(&head).unwrap_or(0);
    text[start..]
        .chars()
        .take(want.chars().count().min(60))
        .collect::<String>()
        + if want.chars().count() > 60 { "…" } else { "" }
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

/// Reads `dir/<stem>.{pdf,epub,docx}` and compares them with the model of
/// `source` when given, else with each other (the EPUB, or the DOCX, sets the
/// expectation). Fails when no edition is there, or when a build into the
/// folder was interrupted between editions; waits while a build writes it.
pub fn verify_dir(dir: &Path, stem: &str, source: Option<&Document>) -> Result<Report> {
    let _lock = crate::output::lock_for_reading(dir)?;
    if crate::output::interrupted(dir, stem) {
        anyhow::bail!(
            "{}: a build of {stem} into this folder was interrupted, so its editions may not be one set; build again",
            dir.display()
        );
    }
    let mut readings = Vec::new();
    for target in Target::ALL {
        let path = dir.join(format!("{stem}.{}", target.extension()));
        if !path.exists() {
            continue;
        }
        let bytes = crate::input::files::read_regular(&path, limits::MAX_EDITION_BYTES)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        readings.push(
            read(target, &bytes).with_context(|| format!("{}: cannot read the edition", path.display()))?,
        );
    }
    if readings.is_empty() {
        anyhow::bail!(
            "{}: no {stem}.pdf, {stem}.epub or {stem}.docx here",
            dir.display()
        );
    }
    let expected = match source {
        Some(doc) => Expected::from_model(doc),
        None => {
            let reference = readings
                .iter()
                .find(|r| r.captions.is_some())
                .unwrap_or(&readings[0]);
            Expected::from_reading(reference)
        }
    };
    let differences = readings.iter().flat_map(|r| compare(&expected, r)).collect();
    Ok(Report {
        origin: expected.origin,
        readings,
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(headings: &[(u8, &str)], captions: Option<&[&str]>, text: &[&str]) -> Reading {
        Reading {
            target: Target::Docx,
            headings: headings.iter().map(|(l, t)| (*l, t.to_string())).collect(),
            captions: captions.map(|c| c.iter().map(|s| s.to_string()).collect()),
            text: text.iter().map(|s| s.to_string()).collect(),
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
        assert_eq!(d[2].what, "text");
        let pdf_like = reading(
            &[(1, "甲"), (2, "乙")],
            None,
            &["甲乙正文一段", "图1", "\u{3000}说明"],
        );
        assert_eq!(compare(&expected, &pdf_like), vec![]);
    }
}
