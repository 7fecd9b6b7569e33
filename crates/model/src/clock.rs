//! The county's clock: China Standard Time (UTC+8, no daylight saving). Dates a person reads or
//! a rule compares against ("today", "in force", "in the future") are the county's dates, not
//! UTC's: between 00:00 and 08:00 in the county they differ by a day.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// China Standard Time's offset from UTC, in hours.
pub const CHINA_UTC_OFFSET_HOURS: i64 = 8;

/// The county's wall-clock time at the moment `t`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use ysmap_model::clock::county_time;
/// let t = Utc.with_ymd_and_hms(2026, 11, 24, 17, 30, 0).single().expect("valid");
/// assert_eq!(county_time(t).to_string(), "2026-11-25 01:30:00");
/// ```
pub fn county_time(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc() + Duration::hours(CHINA_UTC_OFFSET_HOURS)
}

/// The county's date at the moment `t`: what "today" means to its investors and staff.
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use ysmap_model::clock::county_date;
/// let t = Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).single().expect("valid");
/// assert_eq!(county_date(t), NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid"));
/// ```
pub fn county_date(t: DateTime<Utc>) -> NaiveDate {
    county_time(t).date()
}

/// The county's date at `millis` since the Unix epoch (a browser's `Date.now()`); the epoch's
/// date when the number is out of range.
///
/// ```
/// use chrono::NaiveDate;
/// use ysmap_model::clock::county_date_at_millis;
/// // 2026-11-24T16:00:00Z is already the 25th in the county.
/// assert_eq!(county_date_at_millis(1_795_536_000_000.0), NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid"));
/// ```
pub fn county_date_at_millis(millis: f64) -> NaiveDate {
    county_date(DateTime::from_timestamp_millis(millis as i64).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn the_county_date_turns_at_16_utc() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("valid");
        assert_eq!(county_date(utc(24, 15)), day(24));
        assert_eq!(county_date(utc(24, 16)), day(25));
        assert_eq!(county_date(utc(25, 0)), day(25));
    }
}
