//! The one deterministic zip writer of the EPUB and the DOCX: every entry
//! carries the build time and the same permissions, so the same source gives
//! the same bytes.

use std::io::{Cursor, Read, Seek, Write};

use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Timelike};
use zip::read::ZipFile;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

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

/// A zip archive being written in memory, every entry stamped with one time.
pub struct Writer {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    time: zip::DateTime,
}

impl Writer {
    /// An empty archive whose entries will carry the time of `epoch`.
    pub fn new(epoch: i64) -> Result<Writer> {
        Ok(Writer {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            time: zip_time(epoch)?,
        })
    }

    fn options(&self, method: CompressionMethod) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(self.time)
            .unix_permissions(0o644)
    }

    /// Adds `data` uncompressed (as an EPUB's `mimetype` must be).
    pub fn stored(&mut self, name: &str, data: &[u8]) -> Result<()> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Stored))?;
        Ok(self.zip.write_all(data)?)
    }

    /// Adds `data` deflated.
    pub fn deflated(&mut self, name: &str, data: &[u8]) -> Result<()> {
        self.zip
            .start_file(name, self.options(CompressionMethod::Deflated))?;
        Ok(self.zip.write_all(data)?)
    }

    /// Copies an entry of another archive as it is stored (no inflating and
    /// deflating again), with this archive's time.
    pub fn copy_raw<R: Read + Seek>(&mut self, entry: ZipFile<'_, R>) -> Result<()> {
        Ok(self.zip.raw_copy_file_touch(entry, self.time, Some(0o644))?)
    }

    /// The archive's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        Ok(self.zip.finish()?.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_clamped_to_what_zip_records() {
        let t = zip_time(0).unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
        let t = zip_time(1_700_000_000).unwrap(); // 2023-11-14T22:13:20Z
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2023, 11, 14, 22));
        assert!(zip_time(i64::MAX).is_ok());
    }

    #[test]
    fn every_entry_carries_the_build_time() {
        let mut w = Writer::new(1_700_000_000).unwrap();
        w.stored("mimetype", b"x").unwrap();
        w.deflated("a.xml", b"<a/>").unwrap();
        let bytes = w.finish().unwrap();
        let mut a = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..a.len() {
            let t = a.by_index(i).unwrap().last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (2023, 11, 14));
        }
        assert_eq!(a.by_index(0).unwrap().compression(), CompressionMethod::Stored);
        assert_eq!(a.by_index(1).unwrap().compression(), CompressionMethod::Deflated);
    }
}
