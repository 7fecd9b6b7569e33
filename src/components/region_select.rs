//! The choice of county (区县) in a city's catalog: the whole city, or one county.

use crate::i18n::*;
use crate::state::{lang_of, use_app};
use crate::words::use_language;
use leptos::prelude::*;

/// A select of the city and its counties, shown when the catalog loaded has more than one.
/// Choosing writes the address first where the app keeps its state there (a new history
/// entry: back returns to the city) and then the county, which makes the shell again for it; the select then takes the focus back
/// so that a keyboard user stays where they were.
#[component]
pub fn RegionSelect() -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let whole = app.whole.get_value();
    if whole.regions.len() < 2 {
        return ().into_any();
    }
    let select: NodeRef<leptos::html::Select> = NodeRef::new();
    let in_address = crate::layout::use_host().url_state;
    if REFOCUS.with(|r| r.replace(false)) {
        request_animation_frame(move || {
            if let Some(s) = select.try_get_untracked().flatten() {
                let _ = s.focus();
            }
        });
    }
    let lang = move || lang_of(i18n.get_locale());
    let chosen = app.region.get_untracked().unwrap_or_default();
    let city = whole.meta.county.clone();
    let options = whole
        .regions
        .iter()
        .map(|r| {
            let (id, name) = (r.id.clone(), r.name.clone());
            let selected = id == chosen;
            view! { <option value=id selected=selected>{move || name.get(lang()).to_owned()}</option> }
        })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        use crate::url_state::web;
        let value = event_target_value(&ev);
        let next = (!value.is_empty()).then_some(value);
        // What belongs to the county left (a park, a facility, a view of the map) is left
        // behind; the finder's search and filters go along.
        if in_address {
            let mut state = web::read();
            state.region = next.clone();
            state.panel = None;
            state.facility = None;
            state.compared.clear();
            state.at = None;
            web::write(&state, true);
        }
        REFOCUS.with(|r| r.set(true));
        app.region.set(next);
    };
    view! {
        <label class="ysmap-region">
            <span>{move || td_string!(i18n.get_locale(), region_label)}</span>
            <select node_ref=select on:change=change>
                <option value="" selected=chosen.is_empty()>
                    {move || td_string!(i18n.get_locale(), region_whole, city = city.get(lang()).to_owned()).to_string()}
                </option>
                {options}
            </select>
        </label>
    }
    .into_any()
}

thread_local! {
    /// The county was just chosen here: the select made again takes the focus.
    static REFOCUS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
