//! One park: what it is for, its figures, industries, space on offer, the policies that may
//! apply, utilities, transport and whom to call, with the way to ask for help.

use crate::components::facility_card::FacilityCard;
use crate::components::photos::photos;
use crate::components::policy_card::PolicyCard;
use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::state::{Panel, lang_of, use_app};
use crate::words::{amount, counted, name_of, tr};
use leptos::prelude::*;

/// The details of park `id`.
#[component]
pub fn ParkDetail(id: String) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
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

    let figures = park.economy.clone().map(|e| {
        let year = e.year;
        view! {
            <section aria-labelledby="ysmap-sec-figures">
                <h3 id="ysmap-sec-figures">{tr(|l| td_string!(l, sec_figures))}</h3>
                <p class="ysmap-note">{t!(i18n, figures_year, year)}</p>
                <dl class="ysmap-figures">
                    <div><dt>{tr(|l| td_string!(l, output_value))}</dt><dd>{move || format::hundred_million_yuan(locale(), e.output_value_100m_yuan)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, tax_revenue))}</dt><dd>{move || format::hundred_million_yuan(locale(), e.tax_revenue_100m_yuan)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, enterprises))}</dt><dd>{format::number(e.enterprise_count as f64, 0)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, above_scale))}</dt><dd>{format::number(e.above_scale_enterprise_count as f64, 0)}</dd></div>
                </dl>
            </section>
        }
    });

    let industries = park
        .leading_industry_ids
        .iter()
        .filter_map(|i| catalog.industry(i).cloned())
        .map(|ind| {
            let (name, code, chain) = (ind.name.clone(), ind.code.clone(), ind.chain);
            view! {
                <li>
                    <span class="name">{move || name.get(lang()).to_owned()}</span>
                    <span class="code">{format!("GB/T 4754: {code}")}</span>
                    <span class="chain">{name_of(chain, labels::chain)}</span>
                </li>
            }
        })
        .collect_view();

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

    let u = park.utilities.clone();
    let broadband = u.broadband.clone();
    let transport = park
        .transport
        .iter()
        .filter_map(|t| catalog.hub(&t.hub_id).map(|h| (h.clone(), t.clone())))
        .map(|(hub, t)| {
            let (name, kind) = (hub.name.clone(), hub.kind);
            let km = format::number(t.distance_km, 1);
            let minutes = t.drive_minutes;
            view! {
                <li>
                    <span class="name">{move || name.get(lang()).to_owned()}</span>
                    <span class="kind">{name_of(kind, labels::hub_kind)}</span>
                    <span class="distance">{t!(i18n, drive_time, km = km.clone(), minutes)}</span>
                </li>
            }
        })
        .collect_view();

    let contact = park.contact.clone();
    let phone_href = ysmap_model::text::dial(&contact.phone);
    let enterprises = park
        .key_enterprises
        .iter()
        .map(|e| view! { <li>{text(e)}</li> })
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
                <span class="verified">{move || t_string!(i18n, verified_on, date = format::date(locale(), verified))}</span>
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
            <section aria-labelledby="ysmap-sec-overview">
                <h3 id="ysmap-sec-overview">{tr(|l| td_string!(l, sec_overview))}</h3>
                <dl class="ysmap-figures">
                    <div><dt>{tr(|l| td_string!(l, planned_area))}</dt><dd>{amount(p.planned_area_km2, 2, Unit::Km2)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, built_area))}</dt><dd>{amount(park.built_area_km2, 2, Unit::Km2)}</dd></div>
                </dl>
            </section>
            {figures}
            <section aria-labelledby="ysmap-sec-industries">
                <h3 id="ysmap-sec-industries">{tr(|l| td_string!(l, sec_industries))}</h3>
                <ul class="ysmap-industries">{industries}</ul>
            </section>
            <section aria-labelledby="ysmap-sec-facilities">
                <h3 id="ysmap-sec-facilities">{tr(|l| td_string!(l, sec_facilities))}</h3>
                {facility_list}
                {taken_list}
            </section>
            <section aria-labelledby="ysmap-sec-policies">
                <h3 id="ysmap-sec-policies">{tr(|l| td_string!(l, sec_policies))}</h3>
                <ul class="ysmap-policies">{policies}</ul>
            </section>
            <section aria-labelledby="ysmap-sec-planning">
                <h3 id="ysmap-sec-planning">{tr(|l| td_string!(l, sec_planning))}</h3>
                <p>{text(&park.planning)}</p>
                <h4>{tr(|l| td_string!(l, sec_goals))}</h4>
                <p>{text(&park.goals)}</p>
                <h4>{tr(|l| td_string!(l, sec_enterprises))}</h4>
                <ul class="ysmap-plain-list">{enterprises}</ul>
            </section>
            <section aria-labelledby="ysmap-sec-utilities">
                <h3 id="ysmap-sec-utilities">{tr(|l| td_string!(l, sec_utilities))}</h3>
                <dl class="ysmap-specs">
                    <div><dt>{tr(|l| td_string!(l, substation))}</dt><dd>{amount(u.substation_kv as f64, 0, Unit::Kv)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, power_capacity))}</dt><dd>{amount(u.power_capacity_kva as f64, 0, Unit::Kva)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, water_supply))}</dt><dd>{amount(u.water_t_per_day as f64, 0, Unit::TPerDay)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, sewage))}</dt><dd>{amount(u.sewage_t_per_day as f64, 0, Unit::TPerDay)}</dd></div>
                    <div>
                        <dt>{tr(|l| td_string!(l, natural_gas))}</dt>
                        <dd>{move || if u.natural_gas { t_string!(i18n, piped) } else { t_string!(i18n, not_piped) }}</dd>
                    </div>
                    <div><dt>{tr(|l| td_string!(l, broadband))}</dt><dd>{text(&broadband)}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="ysmap-sec-transport">
                <h3 id="ysmap-sec-transport">{tr(|l| td_string!(l, sec_transport))}</h3>
                <ul class="ysmap-transport">{transport}</ul>
            </section>
            <section aria-labelledby="ysmap-sec-contact">
                <h3 id="ysmap-sec-contact">{tr(|l| td_string!(l, sec_contact))}</h3>
                <dl class="ysmap-specs">
                    <div><dt>{tr(|l| td_string!(l, contact_office))}</dt><dd>{text(&contact.office)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, contact_helper))}</dt><dd>{text(&contact.helper)}</dd></div>
                    <div><dt>{tr(|l| td_string!(l, contact_phone))}</dt><dd><a href=phone_href>{contact.phone.clone()}</a></dd></div>
                    {contact.email.clone().map(|e| view! {
                        <div><dt>{tr(|l| td_string!(l, contact_email))}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd></div>
                    })}
                    <div><dt>{tr(|l| td_string!(l, contact_address))}</dt><dd>{text(&contact.address)}</dd></div>
                </dl>
            </section>
        </article>
    }
    .into_any()
}
