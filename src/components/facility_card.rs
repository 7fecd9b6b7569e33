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

    type Spec = (
        fn(Locale) -> &'static str,
        Box<dyn Fn(Locale) -> String + Send + Sync>,
    );
    let q = |v: Option<f64>, d: usize, unit: Unit| {
        v.map(move |v| {
            Box::new(move |l: Locale| format::quantity(l, v, d, unit))
                as Box<dyn Fn(Locale) -> String + Send + Sync>
        })
    };
    let mut specs: Vec<Spec> = Vec::new();
    let mut push = |label: fn(Locale) -> &'static str,
                    value: Option<Box<dyn Fn(Locale) -> String + Send + Sync>>| {
        if let Some(v) = value {
            specs.push((label, v));
        }
    };
    push(
        |l| td_string!(l, building_area),
        q(f.building_area_m2, 0, Unit::M2),
    );
    push(
        |l| td_string!(l, divisible_min_area),
        q(f.divisible_min_area_m2, 0, Unit::M2),
    );
    push(|l| td_string!(l, land_area), q(f.land_area_m2, 0, Unit::M2));
    let storeys = f.storeys();
    let floors = f.floors;
    push(
        |l| td_string!(l, floors),
        floors.map(|n| {
            Box::new(move |_: Locale| n.to_string()) as Box<dyn Fn(Locale) -> String + Send + Sync>
        }),
    );
    // Several storeys: their figures go in a table of their own (an upper floor is not the
    // ground floor); one storey: its figures are the building's.
    let by_storey = storeys.len() > 1;
    if !by_storey {
        push(
            |l| td_string!(l, floor_height),
            q(f.floor_height_m, 1, Unit::M),
        );
        push(
            |l| td_string!(l, floor_load),
            q(f.floor_load_t_per_m2, 2, Unit::TPerM2),
        );
        push(|l| td_string!(l, crane), q(f.crane_t, 1, Unit::T));
    }
    push(|l| td_string!(l, power), q(f.power_kva, 0, Unit::Kva));
    let grade = f.fire_resistance_grade;
    push(
        |l| td_string!(l, fire_grade),
        grade.map(|g| {
            Box::new(move |l: Locale| td_string!(l, fire_grade_value, grade = g).to_string())
                as Box<dyn Fn(Locale) -> String + Send + Sync>
        }),
    );
    let eia = f.eia_allowed;
    push(
        |l| td_string!(l, eia),
        Some(Box::new(move |l: Locale| {
            if eia {
                td_string!(l, yes)
            } else {
                td_string!(l, no)
            }
            .to_owned()
        })),
    );
    let land_use = f.land_use;
    push(
        |l| td_string!(l, land_use),
        Some(Box::new(move |l: Locale| {
            labels::land_use(l, land_use).to_owned()
        })),
    );
    push(
        |l| td_string!(l, rent),
        q(f.rent_yuan_per_m2_month, 1, Unit::YuanPerM2Month),
    );
    push(
        |l| td_string!(l, sale_price),
        q(f.sale_price_yuan_per_m2, 0, Unit::YuanPerM2),
    );
    push(
        |l| td_string!(l, property_fee),
        q(f.property_fee_yuan_per_m2_month, 1, Unit::YuanPerM2Month),
    );
    push(
        |l| td_string!(l, free_rent),
        q(f.free_rent_months.map(f64::from), 0, Unit::Months),
    );
    push(
        |l| td_string!(l, min_lease),
        q(f.min_lease_months.map(f64::from), 0, Unit::Months),
    );
    if let Some(d) = f.available_from {
        push(
            |l| td_string!(l, available_from),
            Some(Box::new(move |l: Locale| format::date(l, d))),
        );
    }
    let suitable: Vec<_> = f
        .suitable_industry_ids
        .iter()
        .filter_map(|i| catalog.industry(i))
        .map(|i| i.name.clone())
        .collect();
    if !suitable.is_empty() {
        push(
            |l| td_string!(l, suitable_industries),
            Some(Box::new(move |l: Locale| {
                let names: Vec<&str> = suitable.iter().map(|n| n.get(lang_of(l))).collect();
                format::list(l, &names)
            })),
        );
    }
    let specs = specs
        .into_iter()
        .map(|(label, value)| view! { <div><dt>{tr(label)}</dt><dd>{move || value(locale())}</dd></div> })
        .collect_view();

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
            {storey_table}
            {hubs}
            <p class="ysmap-card-actions">
                <button type="button" class="ysmap-link" on:click=move |_| show_on_map(show.clone())>
                    {tr(|l| td_string!(l, show_on_map))}
                </button>
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
