//! The build timestamp: one number every edition takes its dates from, so the
//! same source gives byte-identical files.

use anyhow::{bail, Result};

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
/// the text is not a valid date.
pub fn date_to_epoch(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month[m as usize - 1] {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC calendar date and time of `secs`: (year, month, day, hour, minute, second).
pub fn civil_from_epoch(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
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
        assert_eq!(date_to_epoch("2023-+3-01"), None);
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
        assert_eq!(build_epoch(Some("253402300799"), &meta).unwrap(), MAX_EPOCH);
        assert!(build_epoch(Some("253402300800"), &meta)
            .unwrap_err()
            .to_string()
            .contains("after the year 9999"));
    }
}
