//! Bilingual text. Everything an investor reads in the catalog carries Chinese and English.

use serde::{Deserialize, Serialize};

/// A language the product is read in. Chinese is the default; English is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
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
