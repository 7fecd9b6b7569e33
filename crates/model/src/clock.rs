//! The county's clock: China Standard Time (UTC+8, no daylight saving). Dates a person reads or
//! a rule compares against ("today", "in force", "in the future") are the county's dates, not
//! UTC's: between 00:00 and 08:00 in the county they differ by a day.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

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

/// The working day `n` working days after `day` (Saturdays and Sundays skipped): the date by
/// which something promised "within `n` working days" of `day` is due. The county's public
/// holidays and the weekends worked in their place are not known here (a later change makes
/// them configurable), so around a holiday the date is early, never late.
///
/// ```
/// use chrono::NaiveDate;
/// use ysmap_model::clock::add_working_days;
/// let fri = NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date");
/// assert_eq!(add_working_days(fri, 1), NaiveDate::from_ymd_opt(2026, 11, 30).expect("Monday"));
/// ```
pub fn add_working_days(day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
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

    #[test]
    fn working_days_skip_the_weekend() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("valid");
        // Wednesday 25th: Thursday, Friday, then Monday 30th.
        assert_eq!(add_working_days(day(25), 1), day(26));
        assert_eq!(add_working_days(day(25), 3), day(30));
        // Saturday 28th: Monday is the first.
        assert_eq!(add_working_days(day(28), 1), day(30));
        assert_eq!(add_working_days(day(25), 0), day(25));
    }
}
