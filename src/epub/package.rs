//! Re-packing epub-builder's archive so the same book gives the same bytes.
//!
//! epub-builder 0.8.3 stamps each zip entry with the current time and cannot
//! express a few things zhpress needs. [`repack`] copies every entry in order
//! into a new archive whose entries all carry the build time, `mimetype`
//! first and stored, the rest deflated, and applies [`Fix`]es: exact text
//! replacements in named entries, each of which must match exactly once (so
//! a change in epub-builder's templates is an error, not a silent no-op).

use std::io::{Cursor, Read, Write};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Datelike, Timelike};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The entry that must come first, uncompressed.
const MIMETYPE: &str = "mimetype";

/// An exact replacement in one archive entry.
pub struct Fix {
    /// The entry's path, e.g. `OEBPS/content.opf`.
    pub entry: &'static str,
    /// Text that must occur exactly once in the entry.
    pub find: String,
    /// Its replacement.
    pub replace: String,
}

/// The zip timestamp for `epoch` (seconds since 1970, UTC), clamped to the
/// range zip can record (1980–2107).
pub fn zip_time(epoch: i64) -> Result<zip::DateTime> {
    const MIN: i64 = 315_532_800; // 1980-01-01T00:00:00Z
    const MAX: i64 = 4_354_819_198; // 2107-12-31T23:59:58Z
    let t = DateTime::from_timestamp(epoch.clamp(MIN, MAX), 0).context("invalid epoch")?;
    let narrow = |v: u32| u8::try_from(v).context("invalid date");
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).context("invalid year")?,
        narrow(t.month())?,
        narrow(t.day())?,
        narrow(t.hour())?,
        narrow(t.minute())?,
        narrow(t.second())?,
    )
    .map_err(|e| anyhow::anyhow!("cannot encode {t} as a zip time: {e}"))
}

/// Copies the archive `epub` entry by entry, stamping every entry with
/// `time` and applying `fixes`. Entries after `mimetype` that need no fix
/// are copied still compressed (epub-builder deflated them), not inflated
/// and deflated again.
pub fn repack(epub: &[u8], time: zip::DateTime, fixes: &[Fix]) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).context("epub-builder's archive")?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut used = vec![false; fixes.len()];
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        let name = entry.name().to_string();
        if (i == 0) != (name == MIMETYPE) {
            bail!("epub-builder output changed: `{MIMETYPE}` is not the first entry");
        }
        if i > 0 && !fixes.iter().any(|f| f.entry == name) {
            out.raw_copy_file_touch(entry, time, Some(0o644))?;
            continue;
        }
        drop(entry);
        let mut text = String::new();
        archive
            .by_index(i)?
            .read_to_string(&mut text)
            .with_context(|| format!("{name} is not UTF-8"))?;
        for (fix, used) in fixes.iter().zip(&mut used).filter(|(f, _)| f.entry == name) {
            let found = text.matches(fix.find.as_str()).count();
            if found != 1 {
                bail!(
                    "epub-builder output changed: `{}` occurs {found} times in {name}",
                    fix.find
                );
            }
            text = text.replacen(&fix.find, &fix.replace, 1);
            *used = true;
        }
        let method = if i == 0 {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644);
        out.start_file(name.as_str(), options)?;
        out.write_all(text.as_bytes())?;
    }
    if let Some(k) = used.iter().position(|u| !u) {
        bail!("epub-builder output changed: no entry {}", fixes[k].entry);
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn times_are_clamped_to_what_zip_records() {
        let t = zip_time(0).unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
        let t = zip_time(1_700_000_000).unwrap(); // 2023-11-14T22:13:20Z
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2023, 11, 14, 22));
        assert!(zip_time(i64::MAX).is_ok());
    }

    #[test]
    fn fixes_must_match_exactly_once() {
        let epub = archive(&[("mimetype", "application/epub+zip"), ("a", "x y x")]);
        let time = zip_time(0).unwrap();
        let fix = |find: &str| Fix {
            entry: "a",
            find: find.into(),
            replace: "z".into(),
        };
        let out = repack(&epub, time, &[fix("y")]).unwrap();
        let mut a = ZipArchive::new(Cursor::new(out)).unwrap();
        let mut text = String::new();
        a.by_name("a").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "x z x");
        assert_eq!(a.by_index(0).unwrap().compression(), CompressionMethod::Stored);
        assert!(repack(&epub, time, &[fix("x")]).is_err());
        assert!(repack(&epub, time, &[fix("w")]).is_err());
        let missing = Fix {
            entry: "b",
            find: "x".into(),
            replace: String::new(),
        };
        assert!(repack(&epub, time, &[missing]).is_err());
    }

    #[test]
    fn mimetype_must_come_first() {
        let epub = archive(&[("a", "x"), ("mimetype", "application/epub+zip")]);
        assert!(repack(&epub, zip_time(0).unwrap(), &[]).is_err());
    }
}
