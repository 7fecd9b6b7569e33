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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkCalendar {
    /// Weekdays that are not worked.
    #[serde(default, deserialize_with = "wire::dates")]
    pub holidays: Vec<NaiveDate>,
    /// Saturdays and Sundays that are worked.
    #[serde(default, deserialize_with = "wire::dates")]
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

/// A moment in RFC 3339 as the wire writes it: `2026-11-20T10:00:00Z`, with a fraction of a
/// second (`…:00.123Z`) or an offset (`…:00+08:00`) when given.
///
/// ```
/// use ysmap_model::clock::parse_rfc3339;
/// let t = parse_rfc3339("2026-11-20T18:00:00.5+08:00").expect("a moment");
/// assert_eq!(t.to_rfc3339(), "2026-11-20T10:00:00.500+00:00");
/// assert_eq!(parse_rfc3339("2026-11-20 10:00"), None);
/// ```
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let date = parse_iso_date(date).filter(|_| s.as_bytes()[4] == b'-')?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let number = |t: &str| -> Option<u32> {
        (t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
    };
    let (h, m, sec) = (
        number(rest.get(0..2)?)?,
        number(rest.get(3..5)?)?,
        number(rest.get(6..8)?)?,
    );
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" {
        return None;
    }
    let mut rest = &rest[8..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        for (i, b) in fraction.bytes().take(9).take(digits).enumerate() {
            nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &fraction[digits..];
    }
    let offset_minutes: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.get(3..4)? != ":" {
                return None;
            }
            let (oh, om) = (number(rest.get(1..3)?)?, number(rest.get(4..6)?)?);
            sign * i64::from(oh * 60 + om)
        }
    };
    let local = date.and_hms_nano_opt(h, m, sec, nanos)?;
    Some((local - Duration::minutes(offset_minutes)).and_utc())
}

/// Dates and moments read from the wire (JSON, the compact catalog) by [`parse_iso_date`] and
/// [`parse_rfc3339`]: `#[serde(deserialize_with = "crate::clock::wire::date")]`. Chrono's own
/// `Deserialize` goes through its general format interpreter (about 6 KB of the app's gzip'd
/// wasm) for the two shapes the model writes. Writing stays chrono's.
pub mod wire {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::de::{Deserialize, Deserializer, Error};

    fn read<'de, D: Deserializer<'de>, T>(
        d: D,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<T, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| D::Error::custom(format!("not {what}: {s}")))
    }

    fn read_opt<'de, D: Deserializer<'de>, T>(
        d: D,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<Option<T>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => parse(&s)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("not {what}: {s}"))),
            None => Ok(None),
        }
    }

    fn strict_date(s: &str) -> Option<NaiveDate> {
        (s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
            .then(|| super::parse_iso_date(s))?
    }

    /// A date, `2026-11-20`.
    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        read(d, strict_date, "a date (YYYY-MM-DD)")
    }

    /// A date or null (with `#[serde(default)]`: or absent).
    pub fn date_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        read_opt(d, strict_date, "a date (YYYY-MM-DD)")
    }

    /// A list of dates.
    pub fn dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| {
                strict_date(s)
                    .ok_or_else(|| D::Error::custom(format!("not a date (YYYY-MM-DD): {s}")))
            })
            .collect()
    }

    /// A moment, RFC 3339.
    pub fn moment<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        read(d, super::parse_rfc3339, "a moment (RFC 3339)")
    }

    /// A moment or null (with `#[serde(default)]`: or absent).
    pub fn moment_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        read_opt(d, super::parse_rfc3339, "a moment (RFC 3339)")
    }
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

    #[test]
    fn the_wire_reads_what_chrono_writes_and_nothing_looser() {
        use chrono::TimeZone;
        for t in [
            Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
                .single()
                .expect("valid"),
            Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59)
                .single()
                .expect("valid")
                + Duration::nanoseconds(123_456_789),
            Utc.with_ymd_and_hms(2028, 2, 29, 0, 0, 0)
                .single()
                .expect("valid")
                + Duration::milliseconds(5),
        ] {
            let written = serde_json::to_string(&t).expect("writes");
            assert_eq!(
                parse_rfc3339(written.trim_matches('"')),
                Some(t),
                "{written}"
            );
            assert_eq!(
                t.to_rfc3339().parse::<DateTime<Utc>>().ok(),
                parse_rfc3339(&t.to_rfc3339())
            );
        }
        let at = |s: &str| parse_rfc3339(s).map(|t| t.to_rfc3339());
        assert_eq!(
            at("2026-11-20T18:30:00+08:00").as_deref(),
            Some("2026-11-20T10:30:00+00:00")
        );
        assert_eq!(
            at("2026-11-20t02:00:00-05:30").as_deref(),
            Some("2026-11-20T07:30:00+00:00")
        );
        for bad in [
            "2026-11-20",
            "2026-11-20T10:00:00",
            "2026-11-20T25:00:00Z",
            "2026-11-20T10:00:00.Z",
            "2026-11-20T10:00:00+0800",
            "2026-13-20T10:00:00Z",
            "2026-11-20T1:00:00Z",
            "x",
            "",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Dates {
            #[serde(deserialize_with = "wire::date")]
            on: NaiveDate,
            #[serde(default, deserialize_with = "wire::date_opt")]
            until: Option<NaiveDate>,
            #[serde(default, deserialize_with = "wire::moment_opt")]
            at: Option<DateTime<Utc>>,
        }
        let d: Dates = serde_json::from_str(r#"{"on":"2026-12-01","at":null}"#).expect("reads");
        assert_eq!(
            (d.on.to_string().as_str(), d.until, d.at),
            ("2026-12-01", None, None)
        );
        assert!(serde_json::from_str::<Dates>(r#"{"on":"2026-12-1"}"#).is_err());
        assert!(
            serde_json::from_str::<Dates>(r#"{"on":"2026-12-01","until":"soon"}"#)
                .expect_err("not a date")
                .to_string()
                .contains("not a date (YYYY-MM-DD): soon")
        );
    }
}
