//! One park: what it is for, its figures, industries, space on offer, the policies that may
//! apply, utilities, transport and whom to call, with the way to ask for help.

use crate::components::facility_card::FacilityCard;
use crate::components::photos::photos;
use crate::components::policy_card::PolicyCard;
use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::{Panel, lang_of, use_app};
use crate::words::{counted, name_of, tr, use_language};
use leptos::prelude::*;

/// The details of park `id`.
#[component]
pub fn ParkDetail(id: String) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let Some(park) = catalog.park(&id).cloned() else {
        // A park id that is no longer in the catalog (an old link): back to the list.
        app.panel.set(Panel::Parks);
        return ().into_any();
    };
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());
    let p = park.clone();
    let text = move |t: &ysmap_model::Text| {
        let t = t.clone();
        move || t.get(lang()).to_owned()
    };

    // What can be had (and what is being built) first; let and sold ones folded away below.
    let (shown, taken): (Vec<_>, Vec<_>) = catalog
        .facilities_of(&park.id)
        .cloned()
        .partition(|f| f.availability.is_shown_by_default());
    let cards = |fs: Vec<ysmap_model::catalog::Facility>| {
        view! {
            <ul class="ysmap-facilities">
                {fs.into_iter().map(|f| view! { <li><FacilityCard facility=f /></li> }).collect_view()}
            </ul>
        }
    };
    let facility_list = if shown.is_empty() {
        view! { <p>{tr(|l| td_string!(l, no_facilities))}</p> }.into_any()
    } else {
        cards(shown).into_any()
    };
    let taken_count = taken.len();
    let taken_list = (!taken.is_empty()).then(|| {
        view! {
            <details class="ysmap-taken">
                <summary>{counted(taken_count, |l, count| td_string!(l, taken_facilities, count).to_string())}</summary>
                {cards(taken)}
            </details>
        }
    });

    // The county's date, from the browser clock.
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let policies = catalog
        .policies_for_park(&park, today)
        .cloned()
        .map(|policy| view! { <li><PolicyCard policy /></li> })
        .collect_view();

    let verified = park.verified_at;
    let park_photos = park.photos.clone();
    let (kind, level) = (park.kind, park.level);
    let apply_id = park.id.clone();

    view! {
        <button type="button" class="ysmap-back" on:click=move |_| app.panel.set(Panel::Parks)>
            "← " {tr(|l| td_string!(l, back_to_list))}
        </button>
        <article class="ysmap-park-detail" data-park=p.id.clone()>
            <h2 tabindex="-1">{text(&p.name)}</h2>
            <p class="ysmap-tags">
                <span class="tag">{name_of(kind, labels::park_kind)}</span>
                <span class="tag">{name_of(level, labels::park_level)}</span>
                <span class="verified">{move || td_string!(i18n.get_locale(), verified_on, date = format::date(locale(), verified))}</span>
            </p>
            <p class="ysmap-summary">{text(&p.summary)}</p>
            {move || photos(&app.api.get_value(), &park_photos, lang())}
            <button type="button" class="ysmap-primary" on:click=move |_| app.panel.set(Panel::Apply(Some(apply_id.clone())))>
                {tr(|l| td_string!(l, apply_for_park))}
            </button>
            " "
            {crate::components::facility_card::shortlist_button(true, p.id.clone())}
            " "
            {crate::components::facility_card::dossier_button(crate::dossier::Subject::Park(p.id.clone()))}
            // The read-only sections, written as markup (crate::specs).
            <div class="ysmap-park-sections" inner_html={
                let (c, p) = (catalog.clone(), park.clone());
                move || crate::specs::park_upper_html(locale(), &p, &c)
            }></div>
            <section aria-labelledby="ysmap-sec-facilities">
                <h3 id="ysmap-sec-facilities">{tr(|l| td_string!(l, sec_facilities))}</h3>
                <button type="button" class="ysmap-link" on:click={
                    let id = park.id.clone();
                    move |_| {
                        app.query.set(ysmap_model::finder::FacilityQuery { park: Some(id.clone()), ..Default::default() });
                        app.panel.set(Panel::Facilities);
                    }
                }>
                    {tr(|l| td_string!(l, park_in_finder))}
                </button>
                {facility_list}
                {taken_list}
            </section>
            <section aria-labelledby="ysmap-sec-policies">
                <h3 id="ysmap-sec-policies">{tr(|l| td_string!(l, sec_policies))}</h3>
                <ul class="ysmap-policies">{policies}</ul>
            </section>
            <div class="ysmap-park-sections" inner_html={
                let (c, p) = (catalog.clone(), park.clone());
                move || crate::specs::park_lower_html(locale(), &p, &c)
            }></div>
        </article>
    }
    .into_any()
}
