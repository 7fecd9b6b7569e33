//! The list of parks: the way into every park for keyboard and screen-reader users, and a
//! quick overview for everyone. Hovering or focusing a park highlights it on the map.

use crate::i18n::*;
use crate::labels;
use crate::state::{AppState, lang_of, use_app};
use crate::words::{counted, tr, use_language};
use leptos::prelude::*;
use ysmap_model::Catalog;
use ysmap_model::catalog::{OfferCounts, Park};

/// Cards drawn in the first frame; a county's whole list follows a frame later, so that the map
/// beside it is complete first (a city of a few hundred parks would otherwise hold it up by
/// tens of milliseconds). More than a phone's or a desktop's screen holds.
const FIRST_CARDS: usize = 24;

/// The parks, each a button that opens its details.
#[component]
pub fn ParkList() -> impl IntoView {
    let app = use_app();
    let catalog = app.catalog();
    let total = catalog.parks.len();
    let rest_shown = RwSignal::new(total <= FIRST_CARDS);
    if total > FIRST_CARDS {
        // The second frame: the first has been drawn with the map in it.
        request_animation_frame(move || {
            request_animation_frame(move || {
                rest_shown.try_set(true);
            })
        });
    }
    let cards = move |range: std::ops::Range<usize>| {
        let catalog = app.catalog();
        catalog.parks[range]
            .iter()
            .map(|p| park_card(app, &catalog, p))
            .collect_view()
    };
    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, parks_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, parks_intro))}</p>
        <ul class="ysmap-park-list">
            {cards(0..total.min(FIRST_CARDS))}
            {move || rest_shown.get().then(|| cards(total.min(FIRST_CARDS)..total))}
        </ul>
    }
}

/// One park's card: name, kind and level, leading industries, facilities on offer.
fn park_card(app: AppState, catalog: &Catalog, p: &Park) -> impl IntoView + use<> {
    let i18n = use_language();
    let locale = move || i18n.get_locale();
    let id = p.id.clone();
    // The model's rule, the same the map's markers and the server's first screen count by.
    let counts = OfferCounts::of(catalog.facilities_of(&p.id));
    let (on_offer, building, taken) = (counts.on_offer, counts.under_construction, counts.taken);
    let industries: Vec<_> = p
        .leading_industry_ids
        .iter()
        .filter_map(|i| catalog.industry(i))
        .map(|i| i.name.clone())
        .collect();
    let (name, kind, level) = (p.name.clone(), p.kind, p.level);
    let (hover_in, focus_in, open) = (id.clone(), id.clone(), id.clone());
    view! {
        <li>
            <button
                type="button"
                class="ysmap-park-card"
                data-park=id
                data-shown=counts.shown_by_default()
                on:click=move |_| app.open_park(open.clone())
                on:mouseenter=move |_| app.hovered_park.set(Some(hover_in.clone()))
                on:mouseleave=move |_| app.hovered_park.set(None)
                on:focus=move |_| app.hovered_park.set(Some(focus_in.clone()))
                on:blur=move |_| app.hovered_park.set(None)
            >
                <span class="name">{move || name.get(lang_of(locale())).to_owned()}</span>
                <span class="meta">
                    {move || format!("{} · {}", labels::park_kind(locale(), kind), labels::park_level(locale(), level))}
                </span>
                <span class="industries">
                    {move || industries.iter().map(|n| n.get(lang_of(locale())).to_owned()).collect::<Vec<_>>().join(" · ")}
                </span>
                <span class="count">
                    {counted(on_offer, |l, count| td_string!(l, park_facility_count, count).to_string())}
                    {(building > 0).then(|| view! { " · " {counted(building, |l, count| td_string!(l, park_under_construction_count, count).to_string())} })}
                    {(taken > 0).then(|| view! { <span class="taken">" · " {counted(taken, |l, count| td_string!(l, park_taken_count, count).to_string())}</span> })}
                </span>
            </button>
        </li>
    }
}
