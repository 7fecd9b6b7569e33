//! How numbers, quantities and dates are written in each language. Units and date patterns
//! come from the locale files like every other string.

use crate::i18n::*;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

/// A number with thousands separators and at most `decimals` decimals, trailing zeros dropped:
/// `12000` → `12,000`; `8.50` → `8.5`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = ysmap_decimal::trimmed(v.abs(), decimals as u32);
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Items in a sentence: `甲、乙` in Chinese, `a, b` in English.
pub fn list<S: AsRef<str>>(l: Locale, items: &[S]) -> String {
    let sep = match l {
        Locale::en => ", ",
        _ => "、",
    };
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// A unit a quantity can be shown in.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    /// km².
    Km2,
    /// m².
    M2,
    /// m.
    M,
    /// t/m².
    TPerM2,
    /// t.
    T,
    /// kVA.
    Kva,
    /// kV.
    Kv,
    /// t/day.
    TPerDay,
    /// yuan/m²/month.
    YuanPerM2Month,
    /// yuan/m².
    YuanPerM2,
    /// months.
    Months,
    /// km.
    Km,
}

/// A quantity in its unit: `9 米`, `9 m`.
pub fn quantity(l: Locale, v: f64, decimals: usize, unit: Unit) -> String {
    let v = number(v, decimals);
    match unit {
        Unit::Km2 => td_string!(l, q_km2, v),
        Unit::M2 => td_string!(l, q_m2, v),
        Unit::M => td_string!(l, q_m, v),
        Unit::TPerM2 => td_string!(l, q_t_per_m2, v),
        Unit::T => td_string!(l, q_t, v),
        Unit::Kva => td_string!(l, q_kva, v),
        Unit::Kv => td_string!(l, q_kv, v),
        Unit::TPerDay => td_string!(l, q_t_per_day, v),
        Unit::YuanPerM2Month => td_string!(l, q_yuan_m2_month, v),
        Unit::YuanPerM2 => td_string!(l, q_yuan_m2, v),
        Unit::Months => td_string!(l, q_months, v),
        Unit::Km => td_string!(l, q_km, v),
    }
    .to_string()
}

/// Money: `43.2 万元` or `8,600 元` in Chinese (万 from ten thousand up), `432,000 yuan` in
/// English.
pub fn yuan(l: Locale, v: f64) -> String {
    match l {
        Locale::zh_CN if v.abs() >= 10_000.0 => {
            td_string!(l, q_10k_yuan, v = number(v / 10_000.0, 2))
        }
        _ => td_string!(l, q_yuan, v = number(v, 0)),
    }
    .to_string()
}

/// 亿元 figures: `86.4 亿元` in Chinese, `8.64 billion yuan` in English (1 亿 = 0.1 billion).
pub fn hundred_million_yuan(l: Locale, v: f64) -> String {
    let v = match l {
        Locale::en => number(v / 10.0, 2),
        _ => number(v, 2),
    };
    td_string!(l, q_100m_yuan, v).to_string()
}

/// A date: `2026年11月3日` or `3 Nov 2026`.
pub fn date(l: Locale, d: NaiveDate) -> String {
    strftime(td_string!(l, fmt_date), d.and_time(chrono::NaiveTime::MIN))
}

/// A moment, in China Standard Time (UTC+8, no daylight saving), where the county is.
pub fn date_time(l: Locale, t: DateTime<Utc>) -> String {
    strftime(
        td_string!(l, fmt_date_time),
        ysmap_model::clock::county_time(t),
    )
}

/// `pattern` with `%Y` (year), `%-m` and `%-d` (month and day, no padding), `%b` (the month's
/// English abbreviation), `%H` and `%M` (hour and minute, two digits) and `%%` filled in from
/// `t`; other text as it is. The locale files' date patterns use these alone. Written here
/// because chrono's general formatter (its pattern parser and every field's formatting) is
/// about 10 KB of wasm for these six fields.
fn strftime(pattern: &str, t: NaiveDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let field = match chars.next() {
            Some('-') => chars.next().map(|f| (f, false)),
            Some(f) => Some((f, true)),
            None => None,
        };
        let month = t.month0() as usize;
        match field {
            Some(('Y', _)) => out.push_str(&t.year().to_string()),
            Some(('m', pad)) => out.push_str(&two(t.month(), pad)),
            Some(('d', pad)) => out.push_str(&two(t.day(), pad)),
            Some(('H', pad)) => out.push_str(&two(t.hour(), pad)),
            Some(('M', pad)) => out.push_str(&two(t.minute(), pad)),
            Some(('b', _)) => out.push_str(MONTHS.get(month).copied().unwrap_or_default()),
            Some(('%', _)) => out.push('%'),
            Some((other, _)) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// `n` in two digits when `pad`, else as it is.
fn two(n: u32, pad: bool) -> String {
    if pad {
        format!("{n:02}")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(number(12000.0, 0), "12,000");
        assert_eq!(number(8.50, 2), "8.5");
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(-1500.0, 0), "-1,500");
    }

    #[test]
    fn quantities_carry_their_unit_in_each_language() {
        assert_eq!(quantity(Locale::en, 9.0, 1, Unit::M), "9 m");
        assert!(quantity(Locale::zh_CN, 9.0, 1, Unit::M).starts_with('9'));
        assert_ne!(
            quantity(Locale::zh_CN, 5000.0, 0, Unit::M2),
            quantity(Locale::en, 5000.0, 0, Unit::M2)
        );
    }

    #[test]
    fn money_reads_in_wan_in_chinese_and_in_full_in_english() {
        assert_eq!(yuan(Locale::zh_CN, 432_000.0), "43.2 万元");
        assert_eq!(yuan(Locale::zh_CN, -8_600.0), "-8,600 元");
        assert_eq!(yuan(Locale::en, 432_000.0), "432,000 yuan");
    }

    #[test]
    fn hundred_million_yuan_reads_as_billions_in_english() {
        assert!(hundred_million_yuan(Locale::en, 86.4).starts_with("8.64"));
        assert!(hundred_million_yuan(Locale::zh_CN, 86.4).starts_with("86.4"));
    }

    #[test]
    fn dates_follow_each_locales_pattern() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).expect("valid");
        assert_eq!(date(Locale::zh_CN, d), "2026年11月3日");
        assert_eq!(date(Locale::en, d), "3 Nov 2026");
        let t = d.and_hms_opt(9, 5, 0).expect("valid");
        assert_eq!(strftime("%Y-%m-%d %H:%M %% %q", t), "2026-11-03 09:05 % %q");
        // What chrono would write, for every pattern the locale files use.
        for l in [Locale::zh_CN, Locale::en] {
            for p in [td_string!(l, fmt_date), td_string!(l, fmt_date_time)] {
                assert_eq!(strftime(p, t), t.format(p).to_string(), "{p}");
            }
        }
    }

    #[test]
    fn moments_are_shown_in_the_county_time() {
        // 17:30 UTC on the 24th is 01:30 on the 25th in the county.
        let t = Utc
            .with_ymd_and_hms(2026, 11, 24, 17, 30, 0)
            .single()
            .expect("valid");
        let shown = date_time(Locale::en, t);
        assert!(shown.contains("25"), "{shown}");
        assert!(shown.contains("01:30"), "{shown}");
    }
}
