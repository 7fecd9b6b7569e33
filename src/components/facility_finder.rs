//! The facility finder (载体): every park's facilities in one list, searched by name, park or
//! industry (Chinese, English or pinyin), narrowed by the model's filters with the count each
//! choice would leave, and sorted. The map shows exactly the list's results; choosing a result
//! shows it on the map, and choosing a marker opens its result.

use crate::components::facility_card::FacilityCard;
use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::state::{lang_of, use_app};
use crate::words::{Words, counted, tr, use_language};
use leptos::prelude::*;
use ysmap_model::catalog::{FacilityKind, LandUse};
use ysmap_model::finder::{
    Facet, FacilityQuery, Figure, Offers, Range, SortKey, amount_text, parse_amount,
};
use ysmap_model::matching::{self, Fit, FitReport, Need, Reason, SpaceNeeds};

/// Results drawn at first, and added by "show more": a city's ten thousand facilities are not
/// all put in the page at once.
const PAGE: usize = 40;

/// The words of a ranged figure's label and its unit.
fn figure_words(f: Figure) -> (Words, Words) {
    match f {
        Figure::BuildingArea => (|l| td_string!(l, building_area), |l| td_string!(l, unit_m2)),
        Figure::DivisibleArea => (
            |l| td_string!(l, divisible_min_area),
            |l| td_string!(l, unit_m2),
        ),
        Figure::LandArea => (|l| td_string!(l, land_area), |l| td_string!(l, unit_m2)),
        Figure::FloorHeight => (|l| td_string!(l, floor_height), |l| td_string!(l, unit_m)),
        Figure::FloorLoad => (
            |l| td_string!(l, floor_load),
            |l| td_string!(l, unit_t_per_m2),
        ),
        Figure::Power => (|l| td_string!(l, power), |l| td_string!(l, unit_kva)),
        Figure::Crane => (|l| td_string!(l, crane), |l| td_string!(l, unit_t)),
        Figure::Rent => (
            |l| td_string!(l, rent),
            |l| td_string!(l, unit_yuan_m2_month),
        ),
        Figure::SalePrice => (
            |l| td_string!(l, sale_price),
            |l| td_string!(l, unit_yuan_m2),
        ),
    }
}

fn offers_words(l: Locale, o: Offers) -> &'static str {
    match o {
        Offers::Available => td_string!(l, offers_available),
        Offers::Now => td_string!(l, offers_now),
        Offers::All => td_string!(l, offers_all),
    }
}

fn sort_words(l: Locale, s: SortKey) -> &'static str {
    match s {
        SortKey::Relevance => td_string!(l, sort_relevance),
        SortKey::AreaAscending => td_string!(l, sort_area_ascending),
        SortKey::AreaDescending => td_string!(l, sort_area_descending),
        SortKey::Rent => td_string!(l, sort_rent),
        SortKey::Verified => td_string!(l, sort_verified),
    }
}

/// A choice's option: its value, its words and how many results it would leave.
pub type Choice = (String, String, Option<usize>);

/// A labelled `<select>`: the first option is "any" (value ""), each other says its count. Its
/// closures come boxed: one copy of this view in the bundle for all the finder's menus.
pub fn select(
    label: Words,
    any: Option<Words>,
    choices: Box<dyn Fn() -> Vec<Choice> + Send + Sync>,
    current: Box<dyn Fn() -> String + Send + Sync>,
    set: Box<dyn Fn(String)>,
) -> impl IntoView {
    let i18n = use_language();
    view! {
        <label class="ysmap-field">
            <span>{tr(label)}</span>
            <select
                prop:value=current
                on:change=move |ev| set(event_target_value(&ev))
            >
                {move || {
                    let l = i18n.get_locale();
                    let options = any
                        .map(|a| (String::new(), a(l).to_owned(), None))
                        .into_iter()
                        .chain(choices());
                    options
                        .map(|(value, words, n)| {
                            let text = match n {
                                Some(n) => format!("{words} ({n})"),
                                None => words,
                            };
                            view! { <option value=value>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The finder.
#[component]
pub fn FacilityFinder() -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());
    let query = app.query;
    let shown = RwSignal::new(PAGE);
    // A new query starts at its first page.
    Effect::new(move |_| {
        query.track();
        shown.set(PAGE);
    });
    // A facility chosen on the map beyond the page drawn: draw up to it.
    let c = catalog.clone();
    Effect::new(move |_| {
        if let Some(id) = app.facility.get()
            && let Some(at) = app
                .found
                .with_untracked(|fs| fs.iter().position(|f| c.facilities[f.index].id == id))
            && at >= shown.get_untracked()
        {
            shown.set(at + 1);
        }
    });
    let update = move |change: fn(&mut FacilityQuery, String), value: String| {
        query.update(|q| change(q, value));
    };
    let counts = move |facet: Facet| {
        let c = app.catalog();
        app.scores.with(|s| query.with(|q| q.counts(facet, &c, s)))
    };

    let c = catalog.clone();
    let park_choices = move || {
        let l = lang();
        counts(Facet::Park)
            .into_iter()
            .filter_map(|(id, n)| {
                c.park(&id)
                    .map(|p| (id.clone(), p.name.get(l).to_owned(), Some(n)))
            })
            .collect()
    };
    let kind_choices = move || {
        let l = locale();
        counts(Facet::Kind)
            .into_iter()
            .zip(FacilityKind::ALL)
            .map(|((code, n), k)| (code, labels::facility_kind(l, k).to_owned(), Some(n)))
            .collect()
    };
    let offers_choices = move || {
        let l = locale();
        counts(Facet::Offers)
            .into_iter()
            .zip(Offers::ALL)
            .map(|((code, n), o)| (code, offers_words(l, o).to_owned(), Some(n)))
            .collect()
    };
    let land_use_choices = move || {
        let l = locale();
        counts(Facet::LandUse)
            .into_iter()
            .zip([
                LandUse::Industrial,
                LandUse::Warehousing,
                LandUse::Commercial,
            ])
            .map(|((code, n), u)| (code, labels::land_use(l, u).to_owned(), Some(n)))
            .collect()
    };
    let fire_choices = move || {
        let l = locale();
        counts(Facet::FireGrade)
            .into_iter()
            .map(|(g, n)| {
                let grade: u8 = g.parse().unwrap_or(4);
                (
                    g,
                    td_string!(l, fire_grade_at_least, grade).to_string(),
                    Some(n),
                )
            })
            .collect()
    };
    let sort_choices = move || {
        let l = locale();
        SortKey::ALL
            .iter()
            .map(|&s| (s.code().to_owned(), sort_words(l, s).to_owned(), None))
            .collect()
    };
    let eia_count = move || counts(Facet::Eia).first().map_or(0, |(_, n)| *n);

    let ranges = Figure::ALL
        .into_iter()
        .map(|fig| {
            let (label, unit) = figure_words(fig);
            let (has_min, has_max) = fig.ends();
            let end = move |is_min: bool| {
                let value = move || {
                    let r = query.with(|q| q.range(fig));
                    let v = if is_min { r.min } else { r.max };
                    v.map(amount_text).unwrap_or_default()
                };
                let set = move |text: String| {
                    let v = parse_amount(&text);
                    query.update(|q| {
                        let mut r: Range = q.range(fig);
                        if is_min {
                            r.min = v;
                        } else {
                            r.max = v;
                        }
                        q.set_range(fig, r);
                    });
                };
                let aria = move || {
                    let l = locale();
                    let bound = if is_min { td_string!(l, range_min) } else { td_string!(l, range_max) };
                    format!("{} {} ({})", label(l), bound, unit(l))
                };
                view! {
                    <input
                        type="number"
                        inputmode="decimal"
                        min="0"
                        step="any"
                        aria-label=aria
                        placeholder=move || if is_min { td_string!(locale(), range_min) } else { td_string!(locale(), range_max) }
                        prop:value=value
                        on:change=move |ev| set(event_target_value(&ev))
                    />
                }
            };
            view! {
                <div class="ysmap-range" data-figure=fig.code()>
                    <span class="label">{tr(label)} " (" {tr(unit)} ")"</span>
                    {has_min.then(|| end(true))}
                    {(has_min && has_max).then(|| view! { <span aria-hidden="true">"–"</span> })}
                    {has_max.then(|| end(false))}
                </div>
            }
        })
        .collect_view();

    let c = catalog.clone();
    let results = move || {
        let c = c.clone();
        let n = shown.get();
        let needs = app.needs.get();
        let indices: Vec<usize> = app
            .found
            .with(|found| found.iter().map(|f| f.index).collect());
        if needs.is_empty() {
            return indices
                .into_iter()
                .take(n)
                .map(|i| result_row(app, &c, i, None, None))
                .collect_view();
        }
        // With needs, the best fit first (the finder's order breaks ties).
        matching::rank(&c, &needs, &indices)
            .into_iter()
            .take(n)
            .map(|report| result_row(app, &c, report.index, Some(report), None))
            .collect_view()
    };
    let total = move || app.found.with(Vec::len);
    let active = move || query.with(|q| !q.is_default());

    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, facilities_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, facilities_intro))}</p>
        <div class="ysmap-finder" role="search">
            <label class="ysmap-field ysmap-search">
                <span>{tr(|l| td_string!(l, search_label))}</span>
                <input
                    type="search"
                    role="searchbox"
                    placeholder=move || td_string!(locale(), search_placeholder)
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| {
                        crate::api::time_finder_change();
                        update(|q, v| q.text = v, event_target_value(&ev))
                    }
                />
            </label>
            <div class="ysmap-filters">
                {select(|l| td_string!(l, filter_park), Some(|l| td_string!(l, any_park)), Box::new(park_choices),
                    Box::new(move || query.with(|q| q.park.clone().unwrap_or_default())),
                    Box::new(move |v| update(|q, v| q.park = (!v.is_empty()).then_some(v), v)))}
                {select(|l| td_string!(l, filter_kind), Some(|l| td_string!(l, any_kind)), Box::new(kind_choices),
                    Box::new(move || query.with(|q| q.kind.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| update(|q, v| q.kind = ysmap_model::wire::from_code(&v), v)))}
                {select(|l| td_string!(l, filter_offers), None, Box::new(offers_choices),
                    Box::new(move || query.with(|q| q.offers.code().to_owned())),
                    Box::new(move |v| update(|q, v| q.offers = Offers::ALL.into_iter().find(|o| o.code() == v).unwrap_or_default(), v)))}
                {select(|l| td_string!(l, land_use), Some(|l| td_string!(l, any_land_use)), Box::new(land_use_choices),
                    Box::new(move || query.with(|q| q.land_use.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| update(|q, v| q.land_use = ysmap_model::wire::from_code(&v), v)))}
                {select(|l| td_string!(l, fire_grade), Some(|l| td_string!(l, any_fire_grade)), Box::new(fire_choices),
                    Box::new(move || query.with(|q| q.fire_grade.map(|g| g.to_string()).unwrap_or_default())),
                    Box::new(move |v| update(|q, v| q.fire_grade = v.parse().ok(), v)))}
                {select(|l| td_string!(l, sort_label), None, Box::new(sort_choices),
                    Box::new(move || query.with(|q| q.sort.code().to_owned())),
                    Box::new(move |v| update(|q, v| q.sort = SortKey::ALL.into_iter().find(|s| s.code() == v).unwrap_or_default(), v)))}
                <label class="ysmap-check">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.eia)
                        on:change=move |ev| query.update(|q| q.eia = event_target_checked(&ev))
                    />
                    <span>{tr(|l| td_string!(l, eia))} {move || format!(" ({})", eia_count())}</span>
                </label>
            </div>
            <details class="ysmap-more-filters">
                <summary>{tr(|l| td_string!(l, more_filters))}</summary>
                {ranges}
            </details>
            {needs_form(app)}
            <button
                type="button"
                class="ysmap-link ysmap-clear"
                disabled=move || !active()
                on:click=move |_| query.update(|q| *q = FacilityQuery { sort: q.sort, ..Default::default() })
            >
                {tr(|l| td_string!(l, clear_filters))}
            </button>
        </div>
        <p class="ysmap-result-count" role="status">
            {move || counted(total(), |l, count| td_string!(l, facilities_found, count).to_string())}
        </p>
        <ul class="ysmap-results">{results}</ul>
        {move || (total() > shown.get()).then(|| view! {
            <button type="button" class="ysmap-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                {counted(total() - shown.get_untracked(), |l, count| td_string!(l, show_more, count).to_string())}
            </button>
        })}
    }
}

/// One result: a button with the facility's name, park and headline figures that shows it on
/// the map and opens its card below, its fit to the needs, and any `controls` of the list it is
/// in (the shortlist's).
pub fn result_row(
    app: crate::state::AppState,
    catalog: &ysmap_model::Catalog,
    index: usize,
    fit: Option<FitReport>,
    controls: Option<AnyView>,
) -> impl IntoView + use<> {
    let i18n = use_language();
    let f = catalog.facilities[index].clone();
    let park = catalog
        .park(&f.park_id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let id = f.id.clone();
    let (open_id, is_open_id) = (id.clone(), id.clone());
    let is_open = move || app.facility.get().as_deref() == Some(is_open_id.as_str());
    let open = is_open.clone();
    let (name, kind, availability) = (f.name.clone(), f.kind, f.availability);
    let area = f.building_area_m2.or(f.land_area_m2);
    let rent = f.rent_yuan_per_m2_month.filter(|_| f.offers_rent());
    let figures = move || {
        let l = i18n.get_locale();
        let mut parts = vec![
            labels::facility_kind(l, kind).to_owned(),
            labels::availability(l, availability).to_owned(),
        ];
        parts.extend(area.map(|a| format::quantity(l, a, 0, Unit::M2)));
        parts.extend(rent.map(|r| format::quantity(l, r, 1, Unit::YuanPerM2Month)));
        parts.join(" · ")
    };
    view! {
        <li class="ysmap-result" data-facility=id.clone()>
            // A heading, so that the card's own headings (h4) sit under it and a screen
            // reader can move from result to result.
            <h3>
            <button
                type="button"
                class="ysmap-result-button"
                aria-expanded=move || open().to_string()
                on:click=move |_| {
                    let now_open = app.facility.get_untracked().as_deref() == Some(open_id.as_str());
                    app.facility.set((!now_open).then(|| open_id.clone()));
                }
            >
                <span class="name">{move || name.get(lang_of(i18n.get_locale())).to_owned()}</span>
                <span class="park">{move || park.get(lang_of(i18n.get_locale())).to_owned()}</span>
                <span class="meta">{figures}</span>
            </button>
            </h3>
            {fit.map(reasons)}
            {controls}
            {move || is_open().then(|| view! { <FacilityCard facility=f.clone() /> })}
        </li>
    }
}

/// The words of a need: its label, and its unit when it has a figure.
fn need_words(need: Need) -> (Words, Option<Unit>) {
    match need {
        Need::Industry => (|l| td_string!(l, reason_industry), None),
        Need::Area => (|l| td_string!(l, reason_area), Some(Unit::M2)),
        Need::FloorHeight => (|l| td_string!(l, floor_height), Some(Unit::M)),
        Need::FloorLoad => (|l| td_string!(l, floor_load), Some(Unit::TPerM2)),
        Need::Power => (|l| td_string!(l, power), Some(Unit::Kva)),
        Need::Crane => (|l| td_string!(l, crane), Some(Unit::T)),
        Need::Rent => (|l| td_string!(l, rent), Some(Unit::YuanPerM2Month)),
        Need::Eia => (|l| td_string!(l, eia), None),
        Need::Wastewater => (|l| td_string!(l, sewage), Some(Unit::TPerDay)),
    }
}

/// One reason in words: `层高 9 米 ≥ 8 米`, `承重 3 吨/平方米 < 5 吨/平方米`, `用电 未提供`.
fn reason_text(l: Locale, r: &Reason) -> String {
    let (label, unit) = need_words(r.need);
    let label = label(l);
    let q = |v: f64| match unit {
        Some(u) => format::quantity(l, v, if v.fract() == 0.0 { 0 } else { 1 }, u),
        None => String::new(),
    };
    match (r.fit, r.offered, r.wanted) {
        (Fit::Unknown, None, _) => format!("{label} {}", td_string!(l, fit_not_given)),
        (Fit::NotApplicable, ..) => format!("{label} {}", td_string!(l, fit_not_applicable)),
        (_, Some(most), Some(w)) if r.need == Need::Area => {
            let range = match r.offered_min {
                Some(least) if least < most => format!("{}–{}", format::number(least, 0), q(most)),
                _ => q(most),
            };
            td_string!(l, reason_area_range, range, wanted = q(w)).to_string()
        }
        (fit, Some(o), Some(w)) => {
            let at_most = r.need == Need::Rent;
            let op = match (fit == Fit::Pass, at_most) {
                (true, false) => "≥",
                (false, false) => "<",
                (true, true) => "≤",
                (false, true) => ">",
            };
            format!("{label} {} {op} {}", q(o), q(w))
        }
        _ => label.to_owned(),
    }
}

/// A result's fit to the needs, criterion by criterion, each with its sign and, for screen
/// readers, its word.
fn reasons(report: FitReport) -> impl IntoView {
    let i18n = use_language();
    view! {
        <ul class="ysmap-reasons">
            {move || {
                let l = i18n.get_locale();
                report
                    .reasons
                    .iter()
                    .map(|r| fit_item(l, r.fit, reason_text(l, r)))
                    .collect_view()
            }}
        </ul>
    }
}

/// A labelled field for an amount (digits and a point, read by `finder::parse_amount`): the
/// project's needs and the enterprise's figures alike.
pub fn amount_field(
    words: Box<dyn Fn() -> String + Send + Sync>,
    value: Box<dyn Fn() -> String + Send + Sync>,
    set: Box<dyn Fn(Option<f64>)>,
) -> impl IntoView {
    view! {
        <label class="ysmap-field">
            <span>{words}</span>
            <input
                type="number"
                inputmode="decimal"
                min="0"
                step="any"
                prop:value=value
                on:change=move |ev| set(parse_amount(&event_target_value(&ev)))
            />
        </label>
    }
}

/// One criterion's outcome in a list: its words, its sign, and for screen readers the sign's
/// word (the needs' reasons and the policies' requirements alike).
pub fn fit_item(l: Locale, fit: Fit, text: String) -> impl IntoView + use<> {
    let (class, sign, word) = match fit {
        Fit::Pass => ("pass", "✓", td_string!(l, fit_pass)),
        Fit::Fail => ("fail", "✗", td_string!(l, fit_fail)),
        Fit::Unknown => ("unknown", "?", td_string!(l, fit_unknown)),
        Fit::NotApplicable => ("na", "–", td_string!(l, fit_not_applicable)),
    };
    view! {
        <li class=class>
            {text} " "
            <span aria-hidden="true">{sign}</span>
            <span class="ysmap-visually-hidden">{word}</span>
        </li>
    }
}

/// The form for the project's needs (kept on the device as they are typed: the shell's
/// `device::keep`); with any set, the results are ranked by them and say why.
fn needs_form(app: crate::state::AppState) -> impl IntoView {
    let i18n = use_language();
    let locale = move || i18n.get_locale();
    let needs = app.needs;
    let catalog = app.catalog();
    let industries = move || {
        let l = lang_of(locale());
        catalog
            .industries
            .iter()
            .map(|i| (i.id.clone(), i.name.get(l).to_owned(), None))
            .collect()
    };
    let figures = SpaceNeeds::default()
        .figures()
        .into_iter()
        .map(|(need, _)| {
            let (label, unit) = need_words(need);
            let value = move || {
                needs
                    .with(|n| {
                        n.figures()
                            .into_iter()
                            .find(|(x, _)| *x == need)
                            .and_then(|(_, v)| v)
                    })
                    .map(amount_text)
                    .unwrap_or_default()
            };
            let words = move || {
                let l = locale();
                // Worded apart from the filters' ranges (最低/最高), which are also on screen.
                let bound = match need {
                    Need::Area => "",
                    Need::Rent | Need::Wastewater => td_string!(l, need_at_most),
                    _ => td_string!(l, need_at_least),
                };
                // The unit as the quantities write it, without a number.
                let unit = unit.map(|u| {
                    format::quantity(l, 0.0, 0, u)
                        .trim_start_matches('0')
                        .trim()
                        .to_owned()
                });
                let words = format!("{}{} {bound}", td_string!(l, need_prefix), label(l));
                format!("{} ({})", words.trim_end(), unit.unwrap_or_default())
            };
            amount_field(
                Box::new(words),
                Box::new(value),
                Box::new(move |v| needs.update(|n| n.set_figure(need, v))),
            )
        })
        .collect_view();
    view! {
        <details class="ysmap-needs" open=move || !needs.with_untracked(SpaceNeeds::is_empty)>
            <summary>{tr(|l| td_string!(l, needs_heading))}</summary>
            <p class="ysmap-note">{tr(|l| td_string!(l, needs_intro))}</p>
            <div class="ysmap-filters">
                {select(|l| td_string!(l, reason_industry), Some(|l| td_string!(l, any_industry)), Box::new(industries),
                    Box::new(move || needs.with(|n| n.industry_id.clone().unwrap_or_default())),
                    Box::new(move |v| needs.update(|n| n.industry_id = (!v.is_empty()).then_some(v))))}
                {figures}
                <label class="ysmap-check">
                    <input
                        type="checkbox"
                        prop:checked=move || needs.with(|n| n.eia)
                        on:change=move |ev| needs.update(|n| n.eia = event_target_checked(&ev))
                    />
                    <span>{tr(|l| td_string!(l, need_eia))}</span>
                </label>
            </div>
            <button
                type="button"
                class="ysmap-link"
                disabled=move || needs.with(SpaceNeeds::is_empty)
                on:click=move |_| needs.set(SpaceNeeds::default())
            >
                {tr(|l| td_string!(l, clear_needs))}
            </button>
        </details>
    }
}
