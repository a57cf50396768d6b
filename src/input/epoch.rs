//! The build timestamp: one number every edition takes its dates from, so the
//! same source gives byte-identical files.

use anyhow::{bail, Result};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};

use crate::model::Metadata;

/// The last second the editions' date formats can hold (four-digit years):
/// 9999-12-31T23:59:59Z.
pub const MAX_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH` (seconds, as the reproducible-builds convention
/// defines it) when `env` holds it, else midnight UTC of the front matter
/// `date`, else 0 (1970-01-01).
pub fn build_epoch(env: Option<&str>, meta: &Metadata) -> Result<i64> {
    if let Some(v) = env {
        match v.trim().parse::<i64>() {
            Ok(secs) if (0..=MAX_EPOCH).contains(&secs) => return Ok(secs),
            Ok(secs) if secs > MAX_EPOCH => {
                bail!(
                    "SOURCE_DATE_EPOCH=`{v}` is after the year 9999, which no edition's date format can hold"
                )
            }
            _ => bail!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds since 1970"),
        }
    }
    Ok(meta.date.as_deref().and_then(date_to_epoch).unwrap_or(0))
}

/// Midnight UTC of a `YYYY-MM-DD` date, in seconds since 1970; `None` when
/// the text is not a valid date written with exactly those digits.
pub fn date_to_epoch(date: &str) -> Option<i64> {
    let digits = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.and_time(NaiveTime::MIN).and_utc().timestamp())
}

/// The UTC calendar date and time of `secs`: (year, month, day, hour, minute, second).
pub fn civil_from_epoch(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let t = DateTime::from_timestamp(secs.clamp(0, MAX_EPOCH), 0).unwrap_or_default();
    (
        i64::from(t.year()),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
}

/// `secs` as an ISO 8601 UTC timestamp, e.g. `2023-03-01T00:00:00Z`.
pub fn iso8601(secs: i64) -> String {
    let (y, m, d, h, min, s) = civil_from_epoch(secs);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(date_to_epoch("1970-01-01"), Some(0));
        assert_eq!(date_to_epoch("2023-03-01"), Some(1_677_628_800));
        assert_eq!(
            date_to_epoch("2024-02-29").map(iso8601).as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(date_to_epoch("2023-02-29"), None);
        assert_eq!(date_to_epoch("2023-3-1"), None);
        assert_eq!(date_to_epoch("+202-03-01"), None);
        assert_eq!(iso8601(MAX_EPOCH), "9999-12-31T23:59:59Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn environment_wins_over_front_matter() {
        let meta = Metadata {
            date: Some("2023-03-01".into()),
            ..Metadata::titled("t")
        };
        assert_eq!(build_epoch(Some("42"), &meta).unwrap(), 42);
        assert_eq!(build_epoch(None, &meta).unwrap(), 1_677_628_800);
        assert!(build_epoch(Some("soon"), &meta).is_err());
        assert!(build_epoch(Some("253402300800"), &meta).is_err());
    }
}
