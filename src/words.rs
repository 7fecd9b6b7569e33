//! Translated text as views. `t!(i18n, key)` makes a closure of its own type for every string,
//! and the view code for each is generated again (a few hundred bytes of wasm apiece). These
//! helpers take the string's lookup as a plain `fn`, so every translated word on screen is one
//! and the same closure type, generated once; it still follows a change of language.

use crate::i18n::*;
use leptos::prelude::*;

/// A string's lookup in the locale files: `|l| td_string!(l, key)`.
pub type Words = fn(Locale) -> &'static str;

/// A word or sentence of the locale files, following the language: `tr(|l| td_string!(l, key))`.
pub fn tr(word: Words) -> impl IntoView + Clone {
    let i18n = use_language();
    move || word(i18n.get_locale())
}

/// The translated name of `value` (a kind, a level, a status …), following the language:
/// `name_of(kind, labels::park_kind)`.
pub fn name_of<T: Copy + Send + Sync + 'static>(
    value: T,
    name: fn(Locale, T) -> &'static str,
) -> impl IntoView + Clone {
    let i18n = use_language();
    move || name(i18n.get_locale(), value)
}

/// A sentence with a number in it, following the language:
/// `counted(n, |l, count| td_string!(l, key, count).to_string())`.
pub fn counted(n: usize, words: fn(Locale, usize) -> String) -> impl IntoView + Clone {
    let i18n = use_language();
    move || words(i18n.get_locale(), n)
}

/// The language the app is shown in: the browser's first language the app speaks, until the
/// reader picks one with the switch. The app's own context rather than leptos_i18n's provider,
/// which matched the browser's languages with a full locale parser (icu) and brought cookie and
/// storage code, 19.1 KiB of gzip on the first screen, to choose between two languages.
#[derive(Clone, Copy)]
pub struct Language(RwSignal<Locale>);

impl Language {
    /// Provides the language for the app under the current owner, first the browser's.
    pub fn provide() {
        let languages = window().navigator().languages();
        let preferred = locale_for(languages.iter().filter_map(|l| l.as_string()));
        provide_context(Language(RwSignal::new(preferred)));
    }

    /// The language shown (tracked).
    pub fn get_locale(self) -> Locale {
        self.0.get()
    }

    /// The language shown, without tracking it.
    pub fn get_locale_untracked(self) -> Locale {
        self.0.get_untracked()
    }

    /// Shows the app in `locale`.
    pub fn set_locale(self, locale: Locale) {
        self.0.set(locale);
    }
}

/// The language provided by the app.
pub fn use_language() -> Language {
    expect_context::<Language>()
}

/// The first of the browser's languages (BCP 47 tags, in the reader's order) that the app
/// speaks, by its primary subtag: any Chinese reads the Chinese text, any English the English;
/// Chinese when none is either.
pub fn locale_for(languages: impl IntoIterator<Item = String>) -> Locale {
    languages
        .into_iter()
        .find_map(|tag| {
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            if primary.eq_ignore_ascii_case("zh") {
                Some(Locale::zh_CN)
            } else if primary.eq_ignore_ascii_case("en") {
                Some(Locale::en)
            } else {
                None
            }
        })
        .unwrap_or(Locale::zh_CN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_first_language_the_app_speaks_wins() {
        assert_eq!(locale_for(tags(&["en-US", "zh-CN"])), Locale::en);
        assert_eq!(locale_for(tags(&["zh-TW", "en"])), Locale::zh_CN);
        assert_eq!(locale_for(tags(&["de-DE", "EN-gb", "zh"])), Locale::en);
        assert_eq!(locale_for(tags(&["zh_Hans_CN"])), Locale::zh_CN);
    }

    #[test]
    fn chinese_when_the_browser_names_no_language_the_app_speaks() {
        assert_eq!(locale_for(tags(&[])), Locale::zh_CN);
        assert_eq!(locale_for(tags(&["fr", "ja-JP", "eng"])), Locale::zh_CN);
    }
}
