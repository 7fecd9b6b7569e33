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
    let i18n = use_i18n();
    move || word(i18n.get_locale())
}

/// The translated name of `value` (a kind, a level, a status …), following the language:
/// `name_of(kind, labels::park_kind)`.
pub fn name_of<T: Copy + Send + Sync + 'static>(
    value: T,
    name: fn(Locale, T) -> &'static str,
) -> impl IntoView + Clone {
    let i18n = use_i18n();
    move || name(i18n.get_locale(), value)
}

/// A sentence with a number in it, following the language:
/// `counted(n, |l, count| td_string!(l, key, count).to_string())`.
pub fn counted(n: usize, words: fn(Locale, usize) -> String) -> impl IntoView + Clone {
    let i18n = use_i18n();
    move || words(i18n.get_locale(), n)
}
