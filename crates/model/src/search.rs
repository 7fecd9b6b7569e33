//! Finding parks, facilities, industries and policies by what an investor types: Chinese
//! (a substring), English (a case-free substring), or the pinyin of a Chinese name, in full or
//! by initials (`gongye` and `gy` both find 工业园区).
//!
//! The pinyin of the catalog's names is worked out where a dictionary is at hand (the server
//! and the build, with the `spelling` feature and the `pinyin` crate) and travels with the
//! app's compact catalog as [`Spellings`], so the browser carries no dictionary.

use crate::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A Chinese text's pinyin, without tones, spaces or case.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spelling {
    /// Every syllable (`gongyeyuanqu`).
    pub full: String,
    /// Each syllable's first letter (`gyyq`).
    pub initials: String,
}

/// The pinyin of the names an investor searches, by their Chinese text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Spellings(pub BTreeMap<String, Spelling>);

impl Spellings {
    /// The spelling of `zh`, when it was worked out.
    pub fn of(&self, zh: &str) -> Option<&Spelling> {
        self.0.get(zh)
    }
}

#[cfg(feature = "spelling")]
impl Spellings {
    /// The pinyin of every name in `catalog` that search reads: parks, facilities, industries
    /// and policies. A character the dictionary does not know (a digit, a Latin letter) stands
    /// for itself.
    pub fn of_catalog(catalog: &crate::Catalog) -> Spellings {
        let names = catalog
            .parks
            .iter()
            .map(|p| &p.name)
            .chain(catalog.facilities.iter().map(|f| &f.name))
            .chain(catalog.industries.iter().map(|i| &i.name))
            .chain(catalog.policies.iter().map(|p| &p.title));
        Spellings(
            names
                .map(|n| (n.zh.clone(), spell(&n.zh)))
                .collect::<BTreeMap<_, _>>(),
        )
    }
}

/// The pinyin of `zh` (the first reading of each character).
#[cfg(feature = "spelling")]
pub fn spell(zh: &str) -> Spelling {
    use pinyin::ToPinyin;
    let mut s = Spelling::default();
    for (c, p) in zh.chars().zip(zh.to_pinyin()) {
        match p {
            Some(p) => {
                s.full.push_str(p.plain());
                s.initials.push_str(p.first_letter());
            }
            None if c.is_ascii_alphanumeric() => {
                let c = c.to_ascii_lowercase();
                s.full.push(c);
                s.initials.push(c);
            }
            None => {}
        }
    }
    s
}

/// What was typed, ready to compare: without spaces, Latin letters in lower case (ASCII only:
/// Unicode's case tables would cost the browser's bundle more than the catalog's few
/// non-ASCII Latin letters are worth).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Needle(String);

impl Needle {
    /// The needle for `typed`; empty when nothing but spaces was typed.
    pub fn new(typed: &str) -> Needle {
        Needle(
            typed
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect(),
        )
    }

    /// True when there is nothing to look for (everything matches).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How well a name made ready ([`Hay`]) matches: `None` when it does not. A name that
    /// starts with the needle beats one that only contains it; pinyin counts as much as the
    /// characters. Nothing is allocated: a keystroke compares every facility of a city's
    /// catalog.
    pub fn score(&self, hay: &Hay) -> Option<u8> {
        if self.is_empty() {
            return Some(0);
        }
        let q = self.0.as_str();
        let mut best = None;
        let mut consider = |hay: &str, min_len: usize| {
            if q.len() < min_len {
                return;
            }
            let s = if hay.starts_with(q) {
                2
            } else if hay.contains(q) {
                1
            } else {
                return;
            };
            best = best.max(Some(s));
        };
        consider(&hay.zh, 0);
        consider(&hay.en, 0);
        if q.is_ascii()
            && let Some(s) = &hay.spelling
        {
            consider(&s.initials, 0);
            // One or two letters inside a full spelling match almost anything.
            consider(&s.full, 3);
            if s.full.starts_with(q) {
                best = best.max(Some(2));
            }
        }
        best
    }
}

/// A name ready to be compared with a [`Needle`]: its Chinese and English without spaces and
/// in lower case (ASCII), and its pinyin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hay {
    zh: String,
    en: String,
    spelling: Option<Spelling>,
}

impl Hay {
    /// `name` made ready, with its pinyin from `spellings`.
    pub fn of(name: &Text, spellings: &Spellings) -> Hay {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        Hay {
            zh: plain(&name.zh),
            en: plain(&name.en),
            spelling: spellings.of(&name.zh).cloned(),
        }
    }
}

#[cfg(all(test, feature = "spelling"))]
mod tests {
    use super::*;

    fn spellings(names: &[&str]) -> Spellings {
        Spellings(names.iter().map(|n| (n.to_string(), spell(n))).collect())
    }

    #[test]
    fn spells_chinese_in_full_and_by_initials_and_keeps_digits() {
        assert_eq!(
            spell("示例县工业园区"),
            Spelling {
                full: "shilixiangongyeyuanqu".into(),
                initials: "slxgyyq".into()
            }
        );
        assert_eq!(spell("3号标准化厂房").initials, "3hbzhcf");
        assert_eq!(spell("A座 楼宇").full, "azuolouyu");
    }

    #[test]
    fn finds_by_chinese_english_pinyin_and_initials() {
        let name = Text::new("示例县工业园区", "Sample County Industrial Park");
        let s = spellings(&["示例县工业园区"]);
        for (typed, score) in [
            ("工业", Some(1)),
            ("示例县", Some(2)),
            ("industrial", Some(1)),
            ("Sample County", Some(2)),
            ("gongye", Some(1)),
            ("shili", Some(2)),
            ("slx", Some(2)),
            ("gyyq", Some(1)),
            ("ye", None),
            ("农业", None),
            ("nongye", None),
            ("  ", Some(0)),
        ] {
            assert_eq!(
                Needle::new(typed).score(&Hay::of(&name, &s)),
                score,
                "{typed}"
            );
        }
    }

    #[test]
    fn the_sample_catalog_has_a_spelling_for_every_name() {
        let c = crate::catalog::tests::sample();
        let s = Spellings::of_catalog(&c);
        for p in &c.parks {
            assert!(!s.of(&p.name.zh).expect("spelled").full.is_empty());
        }
        for f in &c.facilities {
            assert!(s.of(&f.name.zh).is_some(), "{}", f.name.zh);
        }
    }
}
