//! One facility: its kind, availability, specifications and price, and a button that shows
//! it on the map.

use crate::components::photos::photos;
use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::{lang_of, use_app};
use crate::words::{name_of, tr, use_language};
use leptos::prelude::*;
use ysmap_model::catalog::{Facility, Offer};

/// A facility's card.
#[component]
pub fn FacilityCard(facility: Facility) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());
    let f = facility;
    let id = f.id.clone();
    let card: NodeRef<leptos::html::Article> = NodeRef::new();

    // Selected from the map: bring the card into view in the panel (the sheet's own scrolling
    // on a phone; the page itself never scrolls).
    let watched = id.clone();
    Effect::new(move |_| {
        if app.facility.get().as_deref() == Some(watched.as_str())
            && let Some(el) = card.get()
        {
            let o = web_sys::ScrollIntoViewOptions::new();
            o.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&o);
        }
    });
    // "Show on the map": on a phone the sheet goes down to its strip, so the map is seen.
    let show_on_map = move |id: String| {
        app.facility.set(Some(id));
        app.sheet.set(crate::layout::Sheet::Peek);
    };

    // The read-only body (the specification, storeys, hubs and the cost estimate for the
    // investor's needs and profile), drawn as one piece of markup (crate::markup).
    let c = catalog.clone();
    let body_of = f.clone();
    let body = move || {
        let wanted = app.needs.with(|n| n.area_m2);
        let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
        let cost = app
            .profile
            .with(|p| ysmap_model::cost::estimate(&c, &body_of, wanted, p, today));
        crate::specs::card_html(locale(), &body_of, &c, cost.as_ref(), false)
    };

    let (name, description, kind, availability, verified) = (
        f.name.clone(),
        f.description.clone(),
        f.kind,
        f.availability,
        f.verified_at,
    );
    let (sel, show, apply_id) = (id.clone(), id.clone(), id.clone());
    let apply_park = f.park_id.clone();
    let availability_class = match availability.offer() {
        Offer::OnOffer => "availability open",
        Offer::UnderConstruction => "availability soon",
        Offer::Taken => "availability taken",
    };
    let shown_photos = f.photos.clone();
    // Past its confirmation age (the county's setting): said, not hidden (the server hides it
    // past the second age).
    let stale = catalog.standing(
        &f,
        ysmap_model::clock::county_date_at_millis(js_sys::Date::now()),
    ) != ysmap_model::catalog::Standing::Fresh;
    view! {
        <article
            class="ysmap-facility"
            class:selected=move || app.facility.get().as_deref() == Some(sel.as_str())
            data-facility=id
            node_ref=card
        >
            <h4>{move || name.get(lang()).to_owned()}</h4>
            <p class="ysmap-tags">
                <span class="tag">{name_of(kind, labels::facility_kind)}</span>
                <span class=availability_class>{name_of(availability, labels::availability)}</span>
                <span class="verified">{move || td_string!(i18n.get_locale(), verified_on, date = format::date(locale(), verified))}</span>
                {stale.then(|| view! { <span class="stale">{tr(|l| td_string!(l, may_be_out_of_date))}</span> })}
            </p>
            <p>{move || description.get(lang()).to_owned()}</p>
            {move || photos(&app.api.get_value(), &shown_photos, lang())}
            <div class="ysmap-facility-body" inner_html=body></div>
            <p class="ysmap-card-actions">
                <button type="button" class="ysmap-link" on:click=move |_| show_on_map(show.clone())>
                    {tr(|l| td_string!(l, show_on_map))}
                </button>
                {shortlist_button(false, id.clone())}
                {dossier_button(crate::dossier::Subject::Facility(id.clone()))}
                <button type="button" class="ysmap-link" on:click=move |_| {
                    app.facility.set(Some(apply_id.clone()));
                    app.panel.set(crate::state::Panel::Apply(Some(apply_park.clone())));
                }>
                    {tr(|l| td_string!(l, apply_for_facility))}
                </button>
            </p>
        </article>
    }
}

/// A button that prints the dossier on `subject` (crate::dossier): it is put in the page (the
/// shell's), the browser's print (or save as PDF) opens once it is drawn; it leaves the page
/// when the printing is over (the shell listens for `afterprint`), so that a later print is of
/// the page.
pub fn dossier_button(subject: crate::dossier::Subject) -> impl IntoView {
    let app = use_app();
    view! {
        <button type="button" class="ysmap-link" on:click=move |_| {
            app.dossier.set(Some(subject.clone()));
        }>
            {tr(|l| td_string!(l, dossier_button))}
        </button>
    }
}

/// A button that puts a park (`park`) or facility on the shortlist or takes it off; pressed
/// while it is on.
pub fn shortlist_button(park: bool, id: String) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let on = {
        let id = id.clone();
        move || {
            app.shortlist
                .with(|s| if park { &s.parks } else { &s.facilities }.contains(&id))
        }
    };
    let pressed = on.clone();
    view! {
        <button
            type="button"
            class="ysmap-link ysmap-shortlist-toggle"
            aria-pressed=move || pressed().to_string()
            on:click=move |_| app.shortlist.update(|s| s.toggle(park, &id))
        >
            {move || {
                let l = i18n.get_locale();
                if on() { td_string!(l, shortlist_remove) } else { td_string!(l, shortlist_add) }
            }}
        </button>
    }
}
