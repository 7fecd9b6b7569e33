//! Bilingual text. Everything an investor reads in the catalog carries Chinese and English.

use serde::{Deserialize, Serialize};

/// A language the product is read in. Chinese is the default; English is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// Simplified Chinese (zh-CN).
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The one of a `(Chinese, English)` pair for this language.
    ///
    /// ```
    /// use ysmap_model::Lang;
    /// assert_eq!(Lang::En.pick(("已提交", "submitted")), "submitted");
    /// ```
    pub fn pick(self, pair: (&'static str, &'static str)) -> &'static str {
        match self {
            Lang::Zh => pair.0,
            Lang::En => pair.1,
        }
    }

    /// Picks the best language for an HTTP `Accept-Language` value: the first listed tag whose
    /// primary subtag is `en` or `zh`, in the order given (quality weights are rarely mixed with
    /// reordering in practice, and the order is what browsers send by preference).
    ///
    /// ```
    /// use ysmap_model::Lang;
    /// assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
    /// assert_eq!(Lang::from_accept_language("fr-FR, zh-CN;q=0.8"), Lang::Zh);
    /// assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    /// ```
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| match tag.split('-').next() {
                Some("en") => Some(Lang::En),
                Some("zh") => Some(Lang::Zh),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The BCP 47 tag, for `lang` attributes and `Accept-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// Text in both of the product's languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Text from its two translations.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to the other language when a translation is empty.
    ///
    /// ```
    /// use ysmap_model::{Lang, Text};
    /// let t = Text::new("园区", "");
    /// assert_eq!(t.get(Lang::En), "园区");
    /// ```
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if wanted.trim().is_empty() {
            other
        } else {
            wanted
        }
    }

    /// True when either translation is missing.
    pub fn is_incomplete(&self) -> bool {
        self.zh.trim().is_empty() || self.en.trim().is_empty()
    }
}
/// A piece of contact text: words, or a telephone number to dial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactPart<'a> {
    /// Words, shown as they are.
    Words(&'a str),
    /// A telephone number as written (`029-3312 1366`); [`dial`] gives its `tel:` form.
    Phone(&'a str),
}

/// Splits contact text (a department and its number) into words and telephone numbers: runs
/// of digits, spaces and hyphens (a leading `+` too) holding 7 to 15 digits. A year or a room
/// number holds fewer and stays words; contact text holds no hyphenated dates.
///
/// ```
/// use ysmap_model::text::{ContactPart::*, contact_parts};
/// assert_eq!(
///     contact_parts("示例县税务局 029-3312 1366"),
///     vec![Words("示例县税务局 "), Phone("029-3312 1366")]
/// );
/// assert_eq!(contact_parts("2025 年"), vec![Words("2025 年")]);
/// ```
pub fn contact_parts(text: &str) -> Vec<ContactPart<'_>> {
    let mut parts = Vec::new();
    let (mut words_from, mut i) = (0, 0);
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            || (bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b' ' | b'-') {
            end += 1;
        }
        // Trailing separators belong to the words after it.
        while end > i && matches!(bytes[end - 1], b' ' | b'-') {
            end -= 1;
        }
        let digits = text[i..end].bytes().filter(u8::is_ascii_digit).count();
        if (7..=15).contains(&digits) {
            if words_from < i {
                parts.push(ContactPart::Words(&text[words_from..i]));
            }
            parts.push(ContactPart::Phone(&text[i..end]));
            words_from = end;
        }
        i = end.max(i + 1);
    }
    if words_from < text.len() {
        parts.push(ContactPart::Words(&text[words_from..]));
    }
    parts
}

/// A telephone number as a `tel:` link takes it: digits and a leading `+` only.
///
/// ```
/// assert_eq!(ysmap_model::text::dial("029-3312 1366"), "tel:02933121366");
/// ```
pub fn dial(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}
