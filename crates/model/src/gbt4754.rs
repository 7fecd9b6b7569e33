//! GB/T 4754-2017 国民经济行业分类 (China's industrial classification of economic activities):
//! its 20 sections (门类) and 97 divisions (大类), for a project in none of the catalog's
//! industries. An investor finds theirs by name, code or pinyin (全拼 or 首字母); the table is
//! in `data/gbt4754-2017-divisions.tsv`, its pinyin checked by this module's tests against the
//! `pinyin` crate, so the app needs the table and not a pinyin dictionary. The server holds the
//! table ([`TABLE`]); the app fetches the same file when an investor first looks for an industry
//! (`data/gbt4754-2017-divisions.tsv` beside the app), so its bundle does not carry it.

/// The table, as shipped beside the app.
pub const TABLE: &str = include_str!("../data/gbt4754-2017-divisions.tsv");

/// A section (`C`) or a division (`C35`) of the classification, borrowed from its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division<'a> {
    /// The code: a section letter, and for a division its two digits.
    pub code: &'a str,
    /// The name in Chinese.
    pub zh: &'a str,
    /// The name in English.
    pub en: &'a str,
    /// The Chinese name's pinyin, without tones or spaces (`zhuanyongshebeizhizaoye`).
    pub pinyin: &'a str,
    /// Its initials (`zysbzzy`).
    pub initials: &'a str,
}

impl Division<'_> {
    /// True for a section (a letter alone), false for a division.
    pub fn is_section(&self) -> bool {
        self.code.len() == 1
    }
}

/// True when `code` has a division's shape (a section letter and two digits): what the app may
/// send without holding the table; the server checks it against the table ([`find`]).
///
/// ```
/// use ysmap_model::gbt4754::is_division_code;
/// assert!(is_division_code("C35") && !is_division_code("C") && !is_division_code("C3670"));
/// ```
pub fn is_division_code(code: &str) -> bool {
    code.len() == 3 && crate::catalog::is_gbt4754_code(code)
}

/// Every section and division of the server's table, in the standard's order.
pub fn all() -> impl Iterator<Item = Division<'static>> {
    parse(TABLE)
}

/// Every section and division of `table` (the TSV file's text), in its order (each section
/// before its divisions).
pub fn parse(table: &str) -> impl Iterator<Item = Division<'_>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut f = line.split('\t');
            Some(Division {
                code: f.next()?,
                zh: f.next()?,
                en: f.next()?,
                pinyin: f.next().unwrap_or(""),
                initials: f.next().unwrap_or(""),
            })
        })
}

/// The section or division with this code.
///
/// ```
/// assert_eq!(ysmap_model::gbt4754::find("C35").map(|d| d.zh), Some("专用设备制造业"));
/// assert!(ysmap_model::gbt4754::find("C99").is_none());
/// ```
pub fn find(code: &str) -> Option<Division<'static>> {
    all().find(|d| d.code == code)
}

/// The divisions (not the sections) matching `query`, best first: a code, a Chinese name that
/// contains it, pinyin or initials that start with it (spaces and case do not matter), pinyin
/// that contains it, or an English name that contains it. An empty query matches nothing. (Case
/// is folded for ASCII only: the names are Chinese and plain English, and the Unicode tables
/// would cost the app more than all of this.)
///
/// ```
/// use ysmap_model::gbt4754::{TABLE, search};
/// let codes = |q| search(TABLE, q).iter().map(|d| d.code).collect::<Vec<_>>();
/// assert_eq!(codes("c35"), ["C35"]);
/// assert_eq!(codes("zysb")[0], "C35");
/// assert!(codes("专用设备").contains(&"C35"));
/// assert!(codes("special-purpose").contains(&"C35"));
/// ```
pub fn search<'a>(table: &'a str, query: &str) -> Vec<Division<'a>> {
    let q: String = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if q.is_empty() {
        return Vec::new();
    }
    let rank = |d: &Division| -> Option<u8> {
        let code = d.code.to_ascii_lowercase();
        if code == q {
            Some(0)
        } else if code.starts_with(&q) && q.len() >= 2 {
            Some(1)
        } else if d.zh.contains(&q) {
            Some(2)
        } else if d.initials.starts_with(&q) || d.pinyin.starts_with(&q) {
            Some(3)
        } else if q.len() >= 2 && d.pinyin.contains(&q) {
            Some(4)
        } else if q.len() >= 3 && d.en.to_ascii_lowercase().contains(&q) {
            Some(5)
        } else {
            None
        }
    };
    let mut found: Vec<(u8, Division)> = parse(table)
        .filter(|d| !d.is_section())
        .filter_map(|d| rank(&d).map(|r| (r, d)))
        .collect();
    // Stable: within a rank, the standard's order.
    crate::order::sort_by_keys(&mut found, |(r, _)| (u64::from(*r), 0));
    found.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::ToPinyinMulti;

    /// Whether `full` and `initials` spell `zh` syllable by syllable, each syllable one of its
    /// character's readings (punctuation has none and is skipped).
    fn spells(zh: &str, full: &str, initials: &str) -> bool {
        fn go(chars: &[Vec<(&'static str, &'static str)>], full: &str, initials: &str) -> bool {
            let Some((readings, rest)) = chars.split_first() else {
                return full.is_empty() && initials.is_empty();
            };
            readings.iter().any(|(syllable, first)| {
                full.strip_prefix(syllable)
                    .zip(initials.strip_prefix(first))
                    .is_some_and(|(f, i)| go(rest, f, i))
            })
        }
        let chars: Vec<Vec<(&'static str, &'static str)>> = zh
            .to_pinyin_multi()
            .flatten()
            .map(|multi| {
                multi
                    .into_iter()
                    .map(|p| (p.plain(), p.first_letter()))
                    .collect()
            })
            .collect();
        go(&chars, full, initials)
    }

    #[test]
    fn the_table_has_every_section_and_division_once_with_its_pinyin() {
        let rows: Vec<Division> = all().collect();
        assert_eq!(rows.iter().filter(|d| d.is_section()).count(), 20);
        assert_eq!(rows.iter().filter(|d| !d.is_section()).count(), 97);
        for d in &rows {
            assert!(crate::catalog::is_gbt4754_code(d.code), "{}", d.code);
            assert!(!d.zh.is_empty() && !d.en.is_empty(), "{}", d.code);
            assert!(
                spells(d.zh, d.pinyin, d.initials),
                "{} {}: {} {}",
                d.code,
                d.zh,
                d.pinyin,
                d.initials
            );
        }
        let mut codes: Vec<&str> = rows.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), rows.len());
        // Any of a character's readings spells it; a syllable that is none of them does not.
        assert!(spells("畜牧业", "xumuye", "xmy") && spells("畜牧业", "chumuye", "cmy"));
        assert!(!spells("农业", "nongyu", "ny"));
    }

    #[test]
    fn a_division_sits_under_its_section() {
        let mut section = ' ';
        for d in all() {
            let letter = d.code.chars().next().unwrap_or(' ');
            if d.is_section() {
                section = letter;
            } else {
                assert_eq!(letter, section, "{} under {section}", d.code);
            }
        }
    }

    #[test]
    fn the_catalogs_industries_are_in_the_table() {
        for i in crate::catalog::tests::sample().industries {
            let division = &i.code[..3];
            assert!(find(division).is_some(), "{} ({})", i.code, division);
        }
    }
}
