//! The shortlist (备选): the parks and facilities the investor kept on this device, and the
//! facilities ticked for a side-by-side comparison with the rows that differ marked. The map
//! shows the shortlisted facilities.

use crate::components::facility_finder::result_row;
use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::shortlist::{differs, tick};
use crate::state::{lang_of, use_app};
use crate::words::{tr, use_language};
use leptos::prelude::*;
use ysmap_model::Catalog;
use ysmap_model::catalog::Facility;

/// The shortlist panel.
#[component]
pub fn ShortlistPanel() -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    // Said when a fifth facility is ticked.
    let over = RwSignal::new(false);

    let c = catalog.clone();
    let parks = move || {
        let l = lang_of(i18n.get_locale());
        app.shortlist
            .with(|s| s.parks.clone())
            .into_iter()
            .filter_map(|id| c.park(&id).map(|p| (id, p.name.get(l).to_owned())))
            .map(|(id, name)| {
                let open = id.clone();
                view! {
                    <li>
                        <button type="button" class="ysmap-link" on:click=move |_| app.open_park(open.clone())>{name}</button>
                        " "
                        {remove_button(true, id)}
                    </li>
                }
            })
            .collect_view()
    };
    let c = catalog.clone();
    let facilities = move || {
        app.shortlist
            .with(|s| s.facilities.clone())
            .into_iter()
            .filter_map(|id| c.facilities.iter().position(|f| f.id == id))
            .map(|index| {
                let id = c.facilities[index].id.clone();
                let (ticked, set) = (id.clone(), id.clone());
                let controls = view! {
                    <p class="ysmap-shortlist-controls">
                        <label class="ysmap-check">
                            <input
                                type="checkbox"
                                prop:checked=move || app.compared.with(|c| c.contains(&ticked))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    match app.compared.with_untracked(|c| tick(c, &set, on)) {
                                        Some(next) => {
                                            over.set(false);
                                            app.compared.set(next);
                                        }
                                        None => {
                                            // Not ticked: the box shows it, the note says why.
                                            event_target::<web_sys::HtmlInputElement>(&ev).set_checked(false);
                                            over.set(true);
                                        }
                                    }
                                }
                            />
                            <span>{tr(|l| td_string!(l, compare_this))}</span>
                        </label>
                        " "
                        {remove_button(false, id)}
                    </p>
                }
                .into_any();
                result_row(app, &c, index, None, Some(controls))
            })
            .collect_view()
    };
    let c = catalog.clone();
    let comparison = move || {
        let compared: Vec<Facility> = app
            .compared
            .get()
            .iter()
            .filter_map(|id| c.facility(id).cloned())
            .collect();
        (compared.len() >= 2).then(|| compare_table(&c, compared))
    };
    let empty = move || app.shortlist.with(|s| s.is_empty()) && app.compared.with(Vec::is_empty);

    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, shortlist_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, shortlist_intro))}</p>
        {move || empty().then(|| view! { <p class="ysmap-note">{tr(|l| td_string!(l, shortlist_empty))}</p> })}
        {move || app.shortlist.with(|s| !s.parks.is_empty()).then(|| view! {
            <h3>{tr(|l| td_string!(l, shortlist_parks))}</h3>
            <ul class="ysmap-shortlist-parks">{parks.clone()}</ul>
        })}
        {move || app.shortlist.with(|s| !s.facilities.is_empty()).then(|| view! {
            <h3>{tr(|l| td_string!(l, shortlist_facilities))}</h3>
            <ul class="ysmap-results">{facilities.clone()}</ul>
        })}
        <p class="ysmap-note" role="status">
            {move || over.get().then(|| td_string!(i18n.get_locale(), compare_limit))}
        </p>
        <h3>{tr(|l| td_string!(l, compare_heading))}</h3>
        {move || comparison().unwrap_or_else(|| {
            view! { <p class="ysmap-note">{tr(|l| td_string!(l, compare_none))}</p> }.into_any()
        })}
    }
}

/// A button that takes a park (`park`) or facility off the shortlist (and out of the comparison).
fn remove_button(park: bool, id: String) -> impl IntoView {
    let app = use_app();
    view! {
        <button type="button" class="ysmap-link" on:click=move |_| {
            app.shortlist.update(|s| s.toggle(park, &id));
            app.compared.update(|c| c.retain(|x| *x != id));
        }>
            {tr(|l| td_string!(l, shortlist_remove))}
        </button>
    }
}

/// The rows of one compared facility: its park, kind and availability, its specification, its
/// estimated net cost for the investor's needs and profile (followed as they change), the date
/// it was verified.
fn compared_rows(
    app: crate::state::AppState,
    l: Locale,
    catalog: &Catalog,
    f: &Facility,
) -> Vec<crate::specs::Row> {
    let lang = lang_of(l);
    let mut rows = vec![
        (
            td_string!(l, compare_park),
            catalog
                .park(&f.park_id)
                .map(|p| p.name.get(lang).to_owned()),
        ),
        (
            td_string!(l, filter_kind),
            Some(labels::facility_kind(l, f.kind).to_owned()),
        ),
        (
            td_string!(l, filter_offers),
            Some(labels::availability(l, f.availability).to_owned()),
        ),
    ];
    rows.extend(crate::specs::rows(l, f, catalog));
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let wanted = app.needs.with(|n| n.area_m2);
    let cost = app.profile.with(|p| {
        ysmap_model::cost::estimate(catalog, f, wanted, p, today)
            .map(|e| format::quantity(l, e.per_m2_month_yuan(), 1, Unit::YuanPerM2Month))
    });
    if cost.is_some() {
        rows.push((td_string!(l, compare_net_cost), cost));
    }
    rows.push((
        td_string!(l, compare_verified),
        Some(format::date(l, f.verified_at)),
    ));
    rows
}

/// The comparison: a column per facility, a row per figure any of them has; a row whose values
/// differ is marked (and said to screen readers); a figure a facility has no place for reads –.
fn compare_table(catalog: &Catalog, compared: Vec<Facility>) -> AnyView {
    let app = use_app();
    let i18n = use_language();
    let c = catalog.clone();
    let body = move || {
        let l = i18n.get_locale();
        // Each facility's rows; then every label any has, in the specification's order.
        let each: Vec<Vec<crate::specs::Row>> = compared
            .iter()
            .map(|f| compared_rows(app, l, &c, f))
            .collect();
        let labels = crate::shortlist::merged(each.iter().map(|rows| rows.iter().map(|(l, _)| *l)));
        let names = compared
            .iter()
            .map(|f| {
                let id = f.id.clone();
                view! {
                    <th scope="col">
                        {f.name.get(lang_of(l)).to_owned()}
                        <button type="button" class="ysmap-link" on:click=move |_| app.compared.update(|c| c.retain(|x| *x != id))>
                            {td_string!(l, compare_remove)}
                        </button>
                    </th>
                }
            })
            .collect_view();
        let rows = labels
            .into_iter()
            .map(|label| {
                let values: Vec<Option<Option<String>>> = each
                    .iter()
                    .map(|rows| rows.iter().find(|(x, _)| *x == label).map(|(_, v)| v.clone()))
                    .collect();
                let differ = differs(&values);
                let cells = values
                    .into_iter()
                    .map(|v| {
                        let text = match v {
                            Some(Some(v)) => v,
                            Some(None) => td_string!(l, not_given).to_owned(),
                            None => "–".to_owned(),
                        };
                        view! { <td>{text}</td> }
                    })
                    .collect_view();
                view! {
                    <tr class:differs=differ>
                        <th scope="row">
                            {label}
                            {differ.then(|| view! { <span class="ysmap-visually-hidden">{td_string!(l, compare_differs)}</span> })}
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <thead><tr><td></td>{names}</tr></thead>
            <tbody>{rows}</tbody>
        }
    };
    view! {
        <div class="ysmap-table-scroll">
            <table class="ysmap-compare">
                <caption class="ysmap-visually-hidden">{tr(|l| td_string!(l, compare_heading))}</caption>
                {body}
            </table>
        </div>
    }
    .into_any()
}
