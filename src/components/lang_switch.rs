//! The language switch: 中文 / English.

use crate::i18n::*;
use crate::words::use_language;
use leptos::prelude::*;

/// Two buttons, the current language pressed.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_language();
    let button = move |locale: Locale, label: &'static str, tag: &'static str| {
        view! {
            <button
                type="button"
                lang=tag
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="ysmap-lang" role="group" aria-label=move || td_string!(i18n.get_locale(), language)>
            {button(Locale::zh_CN, td_string!(Locale::zh_CN, lang_zh), "zh-CN")}
            {button(Locale::en, td_string!(Locale::en, lang_en), "en")}
        </div>
    }
}
