//! The console's words: each in Chinese and English beside each other where it is used, shown
//! in the console's language. (The console is for a county's own staff: a handful of screens,
//! so a pair per string is clearer than a locale file.)

use crate::Ctx;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use ysmap_model::{Lang, Text};

/// A string in Chinese and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub &'static str, pub &'static str);

impl Tr {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick((self.0, self.1))
    }
}

/// `words`, following the console's language.
pub fn t(words: Tr) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let lang = expect_context::<Ctx>().lang;
    move || words.get(lang.get())
}

/// Catalog text in the console's language.
pub fn text(value: &Text, lang: Lang) -> String {
    value.get(lang).to_owned()
}

/// A moment as the county's date and time.
pub fn when(t: DateTime<Utc>) -> String {
    ysmap_model::clock::county_time(t)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A moment as the county's date.
pub fn day(t: DateTime<Utc>) -> String {
    ysmap_model::clock::county_time(t)
        .format("%Y-%m-%d")
        .to_string()
}
