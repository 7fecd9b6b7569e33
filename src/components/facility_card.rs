//! One facility: its kind, availability, specifications and price, and a button that shows
//! it on the map.

use crate::components::photos::photos;
use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::layout::is_phone_layout;
use crate::state::{lang_of, use_app};
use crate::words::{counted, name_of, tr};
use leptos::prelude::*;
use ysmap_model::catalog::{Facility, FloorSpec, HubKind, Offer};

/// A facility's card.
#[component]
pub fn FacilityCard(facility: Facility) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let catalog = app.catalog();
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());
    let f = facility;
    let id = f.id.clone();
    let card: NodeRef<leptos::html::Article> = NodeRef::new();

    // Selected from the map: beside the map, bring the card into view in the panel. On a
    // phone the card is far down the page, under the map: the map's popup shows the choice,
    // and the page stays where it is.
    let watched = id.clone();
    Effect::new(move |_| {
        if app.facility.get().as_deref() == Some(watched.as_str())
            && !is_phone_layout()
            && let Some(el) = card.get()
        {
            el.scroll_into_view_with_scroll_into_view_options(&nearest());
        }
    });
    // "Show on the map": the map comes into view (on a phone it is above, off screen).
    let show_on_map = move |id: String| {
        app.facility.set(Some(id));
        let frame = card
            .get_untracked()
            .and_then(|el| el.closest(".ysmap").ok().flatten())
            .and_then(|root| root.query_selector(".ysmap-map-frame").ok().flatten());
        if let Some(frame) = frame {
            frame.scroll_into_view_with_scroll_into_view_options(&nearest());
        }
    };

    // The specification (the rows the comparison and the dossier show too), blanks said.
    let c = catalog.clone();
    let spec = f.clone();
    let specs = move || {
        spec_rows(
            crate::specs::rows(locale(), &spec, &c),
            td_string!(locale(), not_given),
        )
    };
    let storeys = f.storeys();
    let by_storey = storeys.len() > 1;

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
    let storey_table = by_storey.then(|| storey_table(storeys));
    let shown_photos = f.photos.clone();
    // Past its confirmation age (the county's setting): said, not hidden (the server hides it
    // past the second age).
    let stale = catalog.standing(
        &f,
        ysmap_model::clock::county_date_at_millis(js_sys::Date::now()),
    ) != ysmap_model::catalog::Standing::Fresh;
    // The catalog's hubs by straight-line distance (the model's rule), nearest first.
    let near: Vec<(ysmap_model::Text, HubKind, f64)> = catalog
        .hubs_by_distance(&f.location)
        .into_iter()
        .map(|(h, km)| (h.name.clone(), h.kind, km))
        .collect();
    let hubs = (!near.is_empty()).then(|| {
        view! {
            <h5>{tr(|l| td_string!(l, hubs_straight_line))}</h5>
            <ul class="ysmap-hubs">
                {move || {
                    let l = locale();
                    near.iter()
                        .map(|(name, kind, km)| view! {
                            <li>
                                {name.get(lang_of(l)).to_owned()} " · " {labels::hub_kind(l, *kind)} " · "
                                {format::quantity(l, *km, 1, Unit::Km)}
                            </li>
                        })
                        .collect_view()
                }}
            </ul>
        }
    });
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
                <span class="verified">{move || t_string!(i18n, verified_on, date = format::date(locale(), verified))}</span>
                {stale.then(|| view! { <span class="stale">{tr(|l| td_string!(l, may_be_out_of_date))}</span> })}
            </p>
            <p>{move || description.get(lang()).to_owned()}</p>
            {move || photos(&app.api.get_value(), &shown_photos, lang())}
            <dl class="ysmap-specs">{specs}</dl>
            {cost_estimate(catalog.clone(), f.clone())}
            {storey_table}
            {hubs}
            <p class="ysmap-card-actions">
                <button type="button" class="ysmap-link" on:click=move |_| show_on_map(show.clone())>
                    {tr(|l| td_string!(l, show_on_map))}
                </button>
                {shortlist_button(false, id.clone())}
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

/// The occupancy cost estimate (the model's `cost::estimate`) for the investor's needs and
/// profile, following both: the net figures, then the working line by line and its rules.
/// Nothing when it cannot be made (not for rent, or no rent given).
fn cost_estimate(catalog: std::sync::Arc<ysmap_model::Catalog>, f: Facility) -> impl IntoView {
    use ysmap_model::cost::{self, Item};
    let app = use_app();
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let wanted = app.needs.with(|n| n.area_m2);
        let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
        let e = app
            .profile
            .with(|p| cost::estimate(&catalog, &f, wanted, p, today))?;
        let area = format::quantity(l, e.area_m2, 0, Unit::M2);
        let lang = lang_of(l);
        let title = |i: usize| catalog.policies[i].title.get(lang).to_owned();
        let names = |ids: &[usize]| {
            let titles: Vec<String> = ids.iter().map(|&i| title(i)).collect();
            format::list(l, &titles)
        };
        let lines = e
            .lines
            .iter()
            .map(|line| {
                let what = match line.item {
                    Item::Rent => td_string!(l, rent).to_owned(),
                    Item::PropertyFee => td_string!(l, property_fee).to_owned(),
                    Item::FreeRent => td_string!(l, free_rent).to_owned(),
                    Item::Relief { policy, share } => td_string!(
                        l,
                        cost_relief,
                        policy = title(policy),
                        share = format::number(share * 100.0, 0)
                    )
                    .to_string(),
                };
                let working = match line.rate {
                    Some(rate) => td_string!(
                        l,
                        cost_formula,
                        months = line.months,
                        rate = format::quantity(l, rate.abs(), 1, Unit::YuanPerM2Month),
                        area = area.clone()
                    )
                    .to_string(),
                    None => td_string!(l, cost_not_counted).to_owned(),
                };
                view! { <tr><th scope="row">{what}</th><td>{working}</td><td class="num">{format::yuan(l, line.yuan)}</td></tr> }
            })
            .collect_view();
        let area_note = if wanted.is_some() {
            td_string!(l, cost_area_needs)
        } else {
            td_string!(l, cost_area_whole)
        };
        let unknown = (!e.unknown.is_empty())
            .then(|| view! { <p class="ysmap-note">{td_string!(l, cost_unknown, names = names(&e.unknown)).to_string()}</p> });
        let not_combined = (!e.not_combined.is_empty())
            .then(|| view! { <p class="ysmap-note">{td_string!(l, cost_not_combined, names = names(&e.not_combined)).to_string()}</p> });
        Some(view! {
            <section class="ysmap-cost">
                <h5>{td_string!(l, cost_heading)}</h5>
                <p class="ysmap-cost-net">
                    {td_string!(
                        l,
                        cost_summary,
                        per_m2 = format::quantity(l, e.per_m2_month_yuan(), 1, Unit::YuanPerM2Month),
                        per_year = format::yuan(l, e.per_year_yuan()),
                        area = area.clone()
                    ).to_string()}
                </p>
                {unknown}
                <details>
                    <summary>{td_string!(l, cost_working)}</summary>
                    <div class="ysmap-table-scroll">
                        <table>
                            <tbody>{lines}</tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{td_string!(l, cost_total, months = e.months).to_string()}</th>
                                    <td></td>
                                    <td class="num">{format::yuan(l, e.total_yuan())}</td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                    {not_combined}
                    <p class="ysmap-note">{area_note} " " {td_string!(l, cost_rules, months = e.months).to_string()}</p>
                </details>
            </section>
        })
    }
}

/// A button that puts a park (`park`) or facility on the shortlist or takes it off; pressed
/// while it is on.
pub fn shortlist_button(park: bool, id: String) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
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

/// Rows of a specification as the `<dl>`'s groups; a blank reads `blank`.
pub fn spec_rows(rows: Vec<crate::specs::Row>, blank: &'static str) -> impl IntoView + use<> {
    rows.into_iter()
        .map(|(label, value)| {
            let missing = value.is_none();
            view! {
                <div class:missing=missing><dt>{label}</dt><dd>{value.unwrap_or_else(|| blank.to_owned())}</dd></div>
            }
        })
        .collect_view()
}

/// Each storey's area, height, load and crane, ground floor first; blanks say so.
fn storey_table(storeys: Vec<FloorSpec>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    // A blank is "not given", except a crane's: the model leaves it out when there is none.
    let cell = move |v: Option<f64>, d: usize, unit: Unit| {
        move || match v {
            Some(v) => format::quantity(locale(), v, d, unit),
            None if matches!(unit, Unit::T) => t_string!(i18n, no_crane).to_owned(),
            None => t_string!(i18n, not_given).to_owned(),
        }
    };
    let rows = storeys
        .into_iter()
        .map(|s| {
            let n = s.floor;
            view! {
                <tr>
                    <th scope="row">{counted(n as usize, |l, n| td_string!(l, storey_n, n).to_string())}</th>
                    <td>{cell(s.area_m2, 0, Unit::M2)}</td>
                    <td>{cell(s.floor_height_m, 1, Unit::M)}</td>
                    <td>{cell(s.floor_load_t_per_m2, 2, Unit::TPerM2)}</td>
                    <td>{cell(s.crane_t, 1, Unit::T)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="ysmap-table-scroll">
            <table class="ysmap-storeys">
                <caption>{tr(|l| td_string!(l, storeys_heading))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(|l| td_string!(l, storey_col))}</th>
                        <th scope="col">{tr(|l| td_string!(l, area_col))}</th>
                        <th scope="col">{tr(|l| td_string!(l, floor_height))}</th>
                        <th scope="col">{tr(|l| td_string!(l, floor_load))}</th>
                        <th scope="col">{tr(|l| td_string!(l, crane))}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Scrolling that moves as little as it must: nothing when already in view.
fn nearest() -> web_sys::ScrollIntoViewOptions {
    let o = web_sys::ScrollIntoViewOptions::new();
    o.set_block(web_sys::ScrollLogicalPosition::Nearest);
    o
}
