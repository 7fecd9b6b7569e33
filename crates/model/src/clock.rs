//! The county's clock: China Standard Time (UTC+8, no daylight saving). Dates a person reads or
//! a rule compares against ("today", "in force", "in the future") are the county's dates, not
//! UTC's: between 00:00 and 08:00 in the county they differ by a day.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

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

/// The county's working calendar: Monday to Friday, less its public holidays (法定节假日), plus
/// the weekend days worked in their place (调休上班日). The State Council publishes both each
/// year; the county keeps them in its catalog (`meta.service_center`), so a time limit counted in
/// working days (承诺时限) is the one its service centre works to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Weekdays that are not worked.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
    /// Saturdays and Sundays that are worked.
    #[serde(default)]
    pub extra_workdays: Vec<NaiveDate>,
}

impl WorkCalendar {
    /// Whether `day` is worked.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.extra_workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The working day `n` working days after `day`: the date by which something promised
    /// "within `n` working days" of `day` is due.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use ysmap_model::clock::WorkCalendar;
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    /// let plain = WorkCalendar::default();
    /// assert_eq!(plain.add_working_days(d(11, 27), 1), d(11, 30)); // Friday → Monday
    /// // National Day week 2026: 1–7 October off, Saturday 10 October worked.
    /// let cal = WorkCalendar {
    ///     holidays: (1..=7).map(|n| d(10, n)).collect(),
    ///     extra_workdays: vec![d(10, 10)],
    /// };
    /// assert_eq!(cal.add_working_days(d(9, 30), 1), d(10, 8));
    /// assert_eq!(cal.add_working_days(d(9, 30), 3), d(10, 10));
    /// ```
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// A date as `YYYY-MM-DD` (what an HTML date input holds), and back, without chrono's general
/// formatter and parser (kilobytes of wasm for one pattern).
///
/// ```
/// use chrono::NaiveDate;
/// use ysmap_model::clock::{iso_date, parse_iso_date};
/// let d = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
/// assert_eq!(iso_date(d), "2026-12-01");
/// assert_eq!(parse_iso_date(" 2026-12-01 "), Some(d));
/// assert_eq!(parse_iso_date("2026-02-30"), None);
/// assert_eq!(parse_iso_date("not a date"), None);
/// ```
pub fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// See [`iso_date`].
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The last moment of the county's day `day` (23:59:59 in the county), as UTC: a thing due "on"
/// a day is late from the next county midnight.
///
/// ```
/// use chrono::NaiveDate;
/// use ysmap_model::clock::end_of_county_day;
/// let d = NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date");
/// assert_eq!(end_of_county_day(d).to_rfc3339(), "2026-11-30T15:59:59+00:00");
/// ```
pub fn end_of_county_day(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(23, 59, 59).unwrap_or_default();
    (local - Duration::hours(CHINA_UTC_OFFSET_HOURS)).and_utc()
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
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_days(day(25), 1), day(26));
        assert_eq!(cal.add_working_days(day(25), 3), day(30));
        // Saturday 28th: Monday is the first.
        assert_eq!(cal.add_working_days(day(28), 1), day(30));
        assert_eq!(cal.add_working_days(day(25), 0), day(25));
    }

    #[test]
    fn holidays_are_skipped_and_worked_weekends_count() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("valid");
        let cal = WorkCalendar {
            holidays: vec![day(26), day(27)],
            extra_workdays: vec![day(29)],
        };
        // Wednesday 25th: Thursday and Friday are holidays, Sunday 29th is worked.
        assert_eq!(cal.add_working_days(day(25), 1), day(29));
        assert_eq!(cal.add_working_days(day(25), 2), day(30));
        assert!(!cal.is_working_day(day(28)));
    }
}
