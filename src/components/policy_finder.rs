//! The policy finder (政策): the county's policies in one list, narrowed by level, tool, way of
//! claiming and industry (expired ones only when asked for); with the enterprise's profile, each
//! policy says whether it is met, not met or unknown, requirement by requirement, and 免申即享
//! policies that are met say they are granted without applying (政策找企业).

use crate::components::facility_finder::{Choice, amount_field, fit_item, select};
use crate::components::policy_card::PolicyCard;
use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::{AppState, lang_of, use_app};
use crate::words::{counted, tr, use_language};
use leptos::prelude::*;
use ysmap_model::catalog::{
    ApplicationMode, EnterpriseSize, PolicyLevel, PolicyTool, Qualification,
};
use ysmap_model::eligibility::{self, Check, EnterpriseProfile, METRICS, Requirement, Standing};
use ysmap_model::finder::amount_text;
use ysmap_model::matching::Fit;

/// The choices of a menu over a model enum: its wire code and its words.
fn choices<T: Copy + serde::Serialize + Send + Sync + 'static>(
    all: &'static [T],
    words: fn(Locale, T) -> &'static str,
) -> Box<dyn Fn() -> Vec<Choice> + Send + Sync> {
    let i18n = use_language();
    Box::new(move || {
        let l = i18n.get_locale();
        all.iter()
            .map(|&v| (labels::code(v), words(l, v).to_owned(), None))
            .collect()
    })
}

const LEVELS: [PolicyLevel; 4] = [
    PolicyLevel::National,
    PolicyLevel::Provincial,
    PolicyLevel::Municipal,
    PolicyLevel::County,
];
const TOOLS: [PolicyTool; 6] = [
    PolicyTool::Tax,
    PolicyTool::Funding,
    PolicyTool::Land,
    PolicyTool::Talent,
    PolicyTool::Finance,
    PolicyTool::Service,
];
const MODES: [ApplicationMode; 3] = [
    ApplicationMode::Automatic,
    ApplicationMode::FastTrack,
    ApplicationMode::Apply,
];
const SIZES: [EnterpriseSize; 4] = [
    EnterpriseSize::Large,
    EnterpriseSize::Medium,
    EnterpriseSize::Small,
    EnterpriseSize::Micro,
];
const QUALIFICATIONS: [Qualification; 4] = [
    Qualification::HighTech,
    Qualification::Specialized,
    Qualification::TechSme,
    Qualification::AgriLeader,
];

/// The finder.
#[component]
pub fn PolicyFinder() -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let locale = move || i18n.get_locale();
    let query = app.policy_query;
    let profile = app.profile;
    let catalog = app.catalog();
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let c = catalog.clone();
    let industries = move || -> Vec<Choice> {
        let l = lang_of(i18n.get_locale());
        c.industries
            .iter()
            .map(|i| (i.id.clone(), i.name.get(l).to_owned(), None))
            .collect()
    };
    let c = catalog.clone();
    let found = Memo::new(move |_| {
        let indices = query.with(|q| q.run(&c, today));
        let p = profile.get();
        let mut assessed: Vec<(usize, Vec<Check>)> = indices
            .into_iter()
            .map(|i| (i, eligibility::assess(&c.policies[i], &p)))
            .collect();
        // With a profile: met first, then unknown, then not met (the catalog's order within).
        if !p.is_empty() {
            let rank = |checks: &[Check]| match eligibility::standing(checks) {
                Standing::Met => 0,
                Standing::Unknown => 1,
                Standing::NotMet => 2,
            };
            ysmap_model::order::sort_by_keys(&mut assessed, |(_, checks)| (rank(checks), 0));
        }
        assessed
    });
    let c = catalog.clone();
    let list = move || {
        let judged = !profile.with(EnterpriseProfile::is_empty);
        found
            .get()
            .into_iter()
            .map(|(i, checks)| {
                let policy = c.policies[i].clone();
                let automatic = policy.mode == ApplicationMode::Automatic;
                view! {
                    <li class="ysmap-policy-result">
                        {judged.then(|| standing_view(&checks, automatic))}
                        <PolicyCard policy />
                    </li>
                }
            })
            .collect_view()
    };
    let total = move || found.with(Vec::len);
    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, policies_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, policies_intro))}</p>
        <div class="ysmap-finder" role="search" aria-label=move || td_string!(locale(), policies_heading)>
            <div class="ysmap-filters">
                {select(|l| td_string!(l, filter_level), Some(|l| td_string!(l, any_level)), choices(&LEVELS, labels::policy_level),
                    Box::new(move || query.with(|q| q.level.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| query.update(|q| q.level = ysmap_model::wire::from_code(&v))))}
                {select(|l| td_string!(l, filter_tool), Some(|l| td_string!(l, any_tool)), choices(&TOOLS, labels::policy_tool),
                    Box::new(move || query.with(|q| q.tool.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| query.update(|q| q.tool = ysmap_model::wire::from_code(&v))))}
                {select(|l| td_string!(l, filter_mode), Some(|l| td_string!(l, any_mode)), choices(&MODES, labels::policy_mode),
                    Box::new(move || query.with(|q| q.mode.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| query.update(|q| q.mode = ysmap_model::wire::from_code(&v))))}
                {select(|l| td_string!(l, filter_industry), Some(|l| td_string!(l, any_industry)), Box::new(industries.clone()),
                    Box::new(move || query.with(|q| q.industry_id.clone().unwrap_or_default())),
                    Box::new(move |v| query.update(|q| q.industry_id = (!v.is_empty()).then_some(v))))}
                <label class="ysmap-check">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.include_expired)
                        on:change=move |ev| query.update(|q| q.include_expired = event_target_checked(&ev))
                    />
                    <span>{tr(|l| td_string!(l, include_expired))}</span>
                </label>
            </div>
            {profile_form(app, Box::new(industries))}
        </div>
        <p class="ysmap-result-count" role="status">
            {move || counted(total(), |l, count| td_string!(l, policies_found, count).to_string())}
        </p>
        <ul class="ysmap-policies">{list}</ul>
    }
}

/// A policy's standing for the profile, and each requirement with its sign.
fn standing_view(checks: &[Check], automatic: bool) -> impl IntoView + use<> {
    let i18n = use_language();
    let checks = checks.to_vec();
    let standing = eligibility::standing(&checks);
    view! {
        <div class=move || format!("ysmap-standing {}", match standing {
            Standing::Met => "met",
            Standing::NotMet => "not-met",
            Standing::Unknown => "unknown",
        })>
            {move || {
                let l = i18n.get_locale();
                let headline = match (standing, automatic) {
                    (Standing::Met, true) => td_string!(l, standing_granted),
                    (Standing::Met, false) => td_string!(l, standing_met),
                    (Standing::NotMet, _) => td_string!(l, standing_not_met),
                    (Standing::Unknown, _) => td_string!(l, standing_unknown),
                };
                let items = checks
                    .iter()
                    .map(|c| fit_item(l, c.fit, check_text(l, c)))
                    .collect_view();
                view! {
                    <strong>{headline}</strong>
                    <ul class="ysmap-reasons">{items}</ul>
                }
            }}
        </div>
    }
}

/// One requirement in words: `计划投资(万元) 8,000 ≥ 5,000`, `企业资质`.
fn check_text(l: Locale, c: &Check) -> String {
    match c.requirement {
        Requirement::Industry => td_string!(l, req_industry).to_owned(),
        Requirement::Park => td_string!(l, req_park).to_owned(),
        Requirement::Size => td_string!(l, req_size).to_owned(),
        Requirement::Qualification => td_string!(l, req_qualification).to_owned(),
        Requirement::Figure(m) => {
            let label = labels::metric(l, m);
            let min = c.min.map(|v| format::number(v, 0)).unwrap_or_default();
            match (c.fit, c.given) {
                (Fit::Pass, Some(g)) => format!("{label} {} ≥ {min}", format::number(g, 0)),
                (_, Some(g)) => format!("{label} {} < {min}", format::number(g, 0)),
                _ => format!("{label} ≥ {min}: {}", td_string!(l, fit_not_given)),
            }
        }
    }
}

/// The enterprise's profile: kept on the device as it is typed, never sent unless the investor
/// sends a request.
fn profile_form(
    app: AppState,
    industries: Box<dyn Fn() -> Vec<Choice> + Send + Sync>,
) -> impl IntoView {
    let profile = app.profile;
    let c = app.catalog();
    let i18n = use_language();
    let parks = Box::new(move || -> Vec<Choice> {
        let l = lang_of(i18n.get_locale());
        c.parks
            .iter()
            .map(|p| (p.id.clone(), p.name.get(l).to_owned(), None))
            .collect()
    });
    let qualifications = QUALIFICATIONS
        .into_iter()
        .map(|q| {
            view! {
                <label class="ysmap-check">
                    <input
                        type="checkbox"
                        prop:checked=move || profile.with(|p| p.qualifications.as_ref().is_some_and(|qs| qs.contains(&q)))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            profile.update(|p| {
                                let qs = p.qualifications.get_or_insert_with(Vec::new);
                                qs.retain(|x| *x != q);
                                if on {
                                    qs.push(q);
                                }
                            });
                        }
                    />
                    <span>{move || labels::qualification(i18n.get_locale(), q)}</span>
                </label>
            }
        })
        .collect_view();
    let figures = METRICS
        .into_iter()
        .map(|m| {
            amount_field(
                Box::new(move || labels::metric(i18n.get_locale(), m).to_owned()),
                Box::new(move || {
                    profile.with(|p| p.figure(m).map(amount_text).unwrap_or_default())
                }),
                Box::new(move |v| profile.update(|p| p.set_figure(m, v))),
            )
        })
        .collect_view();
    view! {
        <details class="ysmap-needs" open=move || !profile.with_untracked(EnterpriseProfile::is_empty)>
            <summary>{tr(|l| td_string!(l, profile_heading))}</summary>
            <p class="ysmap-note">{tr(|l| td_string!(l, profile_intro))}</p>
            <div class="ysmap-filters">
                {select(|l| td_string!(l, reason_industry), Some(|l| td_string!(l, any_industry)), industries,
                    Box::new(move || profile.with(|p| p.industry_id.clone().unwrap_or_default())),
                    Box::new(move |v| profile.update(|p| p.industry_id = (!v.is_empty()).then_some(v))))}
                {select(|l| td_string!(l, profile_park), Some(|l| td_string!(l, any_park)), parks,
                    Box::new(move || profile.with(|p| p.park_id.clone().unwrap_or_default())),
                    Box::new(move |v| profile.update(|p| p.park_id = (!v.is_empty()).then_some(v))))}
                {select(|l| td_string!(l, profile_size), Some(|l| td_string!(l, not_said)), choices(&SIZES, labels::enterprise_size),
                    Box::new(move || profile.with(|p| p.size.map(labels::code).unwrap_or_default())),
                    Box::new(move |v| profile.update(|p| p.size = ysmap_model::wire::from_code(&v))))}
                {figures}
            </div>
            <fieldset class="ysmap-fieldset">
                <legend>{tr(|l| td_string!(l, profile_qualifications))}</legend>
                <div class="ysmap-check-grid">{qualifications}</div>
            </fieldset>
            <button
                type="button"
                class="ysmap-link"
                disabled=move || profile.with(EnterpriseProfile::is_empty)
                on:click=move |_| profile.set(EnterpriseProfile::default())
            >
                {tr(|l| td_string!(l, clear_profile))}
            </button>
        </details>
    }
}
