//! The elderly-friendly mode (适老化, after the national guideline for websites): larger text,
//! higher contrast, larger targets, no motion (the map jumps instead of flying: the map engine
//! stands still inside `.ysmap-still`), no time limits (the app sets none). A visible switch in
//! the header turns it on and off; the device keeps the choice.

use crate::i18n::*;
use crate::url_state::device;
use crate::words::tr;
use leptos::prelude::*;

/// Where the device keeps the choice.
const KEY: &str = "ysmap.elderly-mode.v1";

/// Whether the mode is on, provided as context by the root.
#[derive(Debug, Clone, Copy)]
pub struct ElderlyMode(pub RwSignal<bool>);

impl ElderlyMode {
    /// The mode as the device kept it, provided to the app; the choice is kept as it changes.
    pub fn provide() -> ElderlyMode {
        let on = device::load(KEY).iter().any(|(k, v)| k == "on" && v == "1");
        let mode = ElderlyMode(RwSignal::new(on));
        Effect::new(move |_| {
            let pairs = if mode.0.get() {
                vec![("on".to_owned(), "1".to_owned())]
            } else {
                Vec::new()
            };
            device::store(KEY, &pairs);
        });
        provide_context(mode);
        mode
    }

    /// The root element's classes.
    pub fn classes(self) -> &'static str {
        if self.0.get() {
            "ysmap ysmap-elderly ysmap-still"
        } else {
            "ysmap"
        }
    }
}

/// The header's switch.
pub fn switch() -> impl IntoView {
    let ElderlyMode(on) = expect_context::<ElderlyMode>();
    view! {
        <button
            type="button"
            class="ysmap-elderly-switch"
            aria-pressed=move || on.get().to_string()
            on:click=move |_| on.update(|v| *v = !*v)
        >
            {tr(|l| td_string!(l, elderly_mode))}
        </button>
    }
}
