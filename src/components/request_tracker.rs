//! Following a request: tracking code plus the phone's last four digits show its status and
//! history.

use crate::api::ApiError;
use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::{lang_of, use_app};
use crate::words::{Words, tr, use_language};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ysmap_model::request::{
    InvestorAction, Proposal as ProposalView, RequestStatus, RequestView, tracking_code,
};

/// The tracker, with `code` filled in when opened right after sending.
#[component]
pub fn RequestTracker(code: Option<String>) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let locale = move || i18n.get_locale();
    // Opened without a code: the one kept on this device, if any.
    let code = RwSignal::new(code.or_else(crate::saved_receipt::load).unwrap_or_default());
    let last4 = RwSignal::new(String::new());
    let code_error = RwSignal::new(false);
    let last4_error = RwSignal::new(false);
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let result: RwSignal<Option<RequestView>> = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = tracking_code::parse(&code.get_untracked());
        let digits = last4.get_untracked().trim().to_owned();
        let digits_ok = digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit());
        code_error.set(parsed.is_none());
        last4_error.set(!digits_ok);
        let Some(parsed) = parsed.filter(|_| digits_ok) else {
            return;
        };
        code.set(parsed.clone());
        busy.set(true);
        failure.set(None);
        let api = app.api.get_value();
        let l = locale();
        // The answer may come after the tracker has gone (another panel, another county):
        // written with `try_`, it is then dropped.
        spawn_local(async move {
            let answer = api.lookup(&parsed, &digits, lang_of(l)).await;
            busy.try_set(false);
            match answer {
                Ok(v) => {
                    result.try_set(Some(v));
                }
                Err(ApiError::Rejected { errors, .. }) => {
                    result.try_set(None);
                    failure.try_set(errors.into_iter().next().map(|e| e.message));
                }
                Err(e) => {
                    leptos::logging::warn!("lookup failed: {e}");
                    result.try_set(None);
                    failure.try_set(Some(td_string!(l, network_error).to_owned()));
                }
            }
        });
    };

    // An action on the request (rate, escalate, withdraw, delete), with the same proof as the
    // look-up; the answer replaces what is shown.
    let act = move |verb: &'static str, action: InvestorAction| {
        let Some(code) = result.with_untracked(|r| r.as_ref().map(|v| v.tracking_code.clone()))
        else {
            return;
        };
        let api = app.api.get_value();
        let l = locale();
        busy.set(true);
        spawn_local(async move {
            let answer = api.act(&code, verb, &action, lang_of(l)).await;
            busy.try_set(false);
            match answer {
                Ok(v) => {
                    failure.try_set(None);
                    result.try_set(Some(v));
                }
                Err(ApiError::Rejected { errors, .. }) => {
                    failure.try_set(errors.into_iter().next().map(|e| e.message));
                }
                Err(e) => {
                    leptos::logging::warn!("{verb} failed: {e}");
                    failure.try_set(Some(td_string!(l, action_failed).to_owned()));
                }
            }
        });
    };
    let act =
        Callback::new(move |(verb, action): (&'static str, InvestorAction)| act(verb, action));
    let proof = move || InvestorAction {
        phone_last4: last4.get_untracked().trim().to_owned(),
        ..Default::default()
    };
    let proof = Callback::new(move |()| proof());
    let shown = move || result.get().map(|v| view! { <TrackResult v act proof /> });

    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, track_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, track_intro))}</p>
        <form class="ysmap-form" novalidate on:submit=on_submit>
            <div class="ysmap-field">
                <label for="ysmap-t-code">{tr(|l| td_string!(l, f_tracking_code))}</label>
                <p class="hint" id="ysmap-t-code-hint">{tr(|l| td_string!(l, f_tracking_code_hint))}</p>
                <input
                    id="ysmap-t-code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby=move || if code_error.get() { "ysmap-t-code-hint ysmap-t-code-error" } else { "ysmap-t-code-hint" }
                    aria-invalid=move || code_error.get().then_some("true")
                    prop:value=move || code.get()
                    on:input:target=move |ev| code.set(ev.target().value())
                />
                {move || code_error.get().then(|| view! { <p class="error" id="ysmap-t-code-error">{tr(|l| td_string!(l, bad_code))}</p> })}
            </div>
            <div class="ysmap-field">
                <label for="ysmap-t-last4">{tr(|l| td_string!(l, f_phone_last4))}</label>
                <p class="hint" id="ysmap-t-last4-hint">{tr(|l| td_string!(l, f_phone_last4_hint))}</p>
                <input
                    id="ysmap-t-last4"
                    type="text"
                    inputmode="numeric"
                    maxlength="4"
                    autocomplete="off"
                    aria-describedby=move || if last4_error.get() { "ysmap-t-last4-hint ysmap-t-last4-error" } else { "ysmap-t-last4-hint" }
                    aria-invalid=move || last4_error.get().then_some("true")
                    prop:value=move || last4.get()
                    on:input:target=move |ev| last4.set(ev.target().value())
                />
                {move || last4_error.get().then(|| view! { <p class="error" id="ysmap-t-last4-error">{tr(|l| td_string!(l, bad_last4))}</p> })}
            </div>
            <button type="submit" class="ysmap-primary" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { td_string!(i18n.get_locale(), looking_up) } else { td_string!(i18n.get_locale(), lookup) }}
            </button>
        </form>
        {move || failure.get().map(|m| view! { <p class="ysmap-alert" role="alert">{m}</p> })}
        {shown}
    }
}

/// The rating's five choices, from 1 star.
const STAR_WORDS: [Words; 5] = [
    |l| td_string!(l, stars_1),
    |l| td_string!(l, stars_2),
    |l| td_string!(l, stars_3),
    |l| td_string!(l, stars_4),
    |l| td_string!(l, stars_5),
];

/// The tailored proposal the helper published: facilities to open on the map, the policies
/// that apply, the helper's note; printable.
#[component]
fn Proposal(proposal: ProposalView) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let l = i18n.get_locale_untracked();
    let lang = lang_of(l);
    let facilities: Vec<(String, String, String)> = proposal
        .facility_ids
        .iter()
        .filter_map(|id| catalog.facility(id))
        .map(|f| (f.id.clone(), f.park_id.clone(), f.name.get(lang).to_owned()))
        .collect();
    let policies: Vec<String> = proposal
        .policy_ids
        .iter()
        .filter_map(|id| catalog.policies.iter().find(|p| &p.id == id))
        .map(|p| p.title.get(lang).to_owned())
        .collect();
    view! {
        <section class="ysmap-proposal" aria-labelledby="ysmap-proposal-h">
            <h4 id="ysmap-proposal-h">{tr(|l| td_string!(l, proposal_heading))}</h4>
            {(!proposal.note.is_empty()).then(|| view! { <p>{proposal.note.clone()}</p> })}
            {(!facilities.is_empty()).then(|| view! {
                <h5>{tr(|l| td_string!(l, proposal_facilities))}</h5>
                <ul>
                    {facilities.into_iter().map(|(id, park, name)| view! {
                        <li>{name} " "
                            <button type="button" class="ysmap-link" on:click=move |_| {
                                app.open_park(park.clone());
                                app.facility.set(Some(id.clone()));
                            }>{tr(|l| td_string!(l, show_on_map))}</button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!policies.is_empty()).then(|| view! {
                <h5>{tr(|l| td_string!(l, proposal_policies))}</h5>
                <ul>{policies.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
            <button type="button" on:click=|_| { let _ = window().print(); }>{tr(|l| td_string!(l, print_proposal))}</button>
        </section>
    }
}

/// A request's facts (code, status, company, when sent, parks, services, the time limit and
/// whether it was met, the helper) and the helper's messages, then its history, as markup.
fn track_html(l: Locale, v: &RequestView, catalog: &ysmap_model::Catalog) -> (String, String) {
    use crate::markup::Markup;
    let lang = lang_of(l);
    let mut m = Markup::new();
    m.element("h3", "", &v.tracking_code);
    if v.erased {
        m.element("p", "ysmap-alert", td_string!(l, erased_done));
    }
    m.open("dl", "ysmap-specs");
    let row = |m: &mut Markup, class: &str, label: &str, value: &str| {
        m.open("div", class)
            .element("dt", "", label)
            .element("dd", "", value)
            .close("div");
    };
    m.open("div", "")
        .element("dt", "", td_string!(l, current_status))
        .element("dd", "status", labels::status(l, v.status))
        .close("div");
    if !v.company.is_empty() {
        row(&mut m, "", td_string!(l, f_company), &v.company);
    }
    row(
        &mut m,
        "",
        td_string!(l, submitted_at),
        &format::date_time(l, v.submitted_at),
    );
    let parks: Vec<&str> = v
        .park_ids
        .iter()
        .filter_map(|id| catalog.park(id))
        .map(|p| p.name.get(lang))
        .collect();
    if !parks.is_empty() {
        row(&mut m, "", td_string!(l, f_parks), &format::list(l, &parks));
    }
    let services: Vec<&str> = v.services.iter().map(|s| labels::service(l, *s)).collect();
    row(
        &mut m,
        "",
        td_string!(l, f_services),
        &format::list(l, &services),
    );
    if let Some(at) = v.due_at {
        let date = format::date(l, ysmap_model::clock::county_date(at));
        let days = v.time_limit_working_days.unwrap_or_default();
        let met = match v.time_limit_met() {
            Some(true) => td_string!(l, met_in_time),
            Some(false) => td_string!(l, met_late),
            None => "",
        };
        m.open("div", "")
            .element("dt", "", td_string!(l, due_by))
            .open("dd", "due");
        m.text(&td_string!(l, due_value, date, days).to_string())
            .text(" ")
            .element("strong", "", met);
        m.close("dd").close("div");
    }
    if let Some(h) = &v.helper {
        m.open("div", "helper")
            .element("dt", "", td_string!(l, helper))
            .open("dd", "");
        m.text(&h.name)
            .text(" ")
            .link(&ysmap_model::text::dial(&h.phone), &h.phone);
        m.close("dd").close("div");
    }
    m.close("dl");
    if !v.messages.is_empty() {
        m.element("h4", "", td_string!(l, helper_messages));
        m.open("ol", "ysmap-messages");
        for msg in &v.messages {
            let meta = format!("{} · {}", format::date_time(l, msg.at), msg.from);
            m.open("li", "")
                .element("p", "meta", &meta)
                .element("p", "", &msg.text)
                .close("li");
        }
        m.close("ol");
    }
    let facts = m.finish();
    m.element("h4", "", td_string!(l, history));
    m.open("ol", "ysmap-history");
    for h in &v.history {
        let mut line = format!(
            "{} · {}",
            format::date_time(l, h.at),
            labels::status(l, h.status)
        );
        if !h.reason.is_empty() {
            line.push_str(" · ");
            line.push_str(&h.reason);
        }
        m.element("li", "", &line);
    }
    m.close("ol");
    (facts, m.finish())
}

/// A request as the investor sees it, with what they may do to it.
#[component]
fn TrackResult(
    v: RequestView,
    act: Callback<(&'static str, InvestorAction)>,
    proof: Callback<(), InvestorAction>,
) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let l = i18n.get_locale_untracked();
    let catalog = app.catalog();
    let status = v.status;
    let erased = v.erased;
    let overdue = v
        .overdue
        .then(|| view! { <Overdue complained_at=v.complained_at act proof /> });
    let proposal = v
        .proposal
        .clone()
        .map(|p| view! { <Proposal proposal=p /> });
    let rating = status
        .is_resolved()
        .then(|| view! { <RatingForm rating=v.rating.clone() act proof /> });
    let actions = (!erased).then(|| view! { <TrackActions open=status.is_open() act proof /> });
    // What is only read, written as markup (crate::markup): the request's facts, the helper's
    // messages, the history.
    let (facts, history) = track_html(l, &v, &catalog);
    view! {
        <div class="ysmap-track-result" role="status" data-status=RequestStatus::code(status)>
            <div inner_html=facts></div>
            {overdue}
            {proposal}
            <div inner_html=history></div>
            {rating}
            {actions}
        </div>
    }
}

/// Past the time limit: the notice, and escalation (once).
#[component]
fn Overdue(
    complained_at: Option<chrono::DateTime<chrono::Utc>>,
    act: Callback<(&'static str, InvestorAction)>,
    proof: Callback<(), InvestorAction>,
) -> impl IntoView {
    let l = use_language().get_locale_untracked();
    match complained_at {
        Some(at) => view! { <p class="ysmap-alert overdue" role="alert">{td_string!(l, complained, date = format::date_time(l, at)).to_string()}</p> }.into_any(),
        None => view! {
            <div class="ysmap-alert overdue" role="alert">
                <p>{tr(|l| td_string!(l, overdue_notice))}</p>
                <button type="button" class="ysmap-primary" on:click=move |_| act.run(("complaint", proof.run(())))>{tr(|l| td_string!(l, complain))}</button>
            </div>
        }.into_any(),
    }
}

/// The rating (好差评): 1–5 with a comment, changeable for a day.
#[component]
fn RatingForm(
    rating: Option<ysmap_model::request::Rating>,
    act: Callback<(&'static str, InvestorAction)>,
    proof: Callback<(), InvestorAction>,
) -> impl IntoView {
    let l = use_language().get_locale_untracked();
    if let Some(r) = rating
        .as_ref()
        .filter(|r| js_sys::Date::now() > r.editable_until.timestamp_millis() as f64)
    {
        return view! { <p class="ysmap-rated">{td_string!(l, rated_final, stars = r.stars).to_string()}</p> }.into_any();
    }
    let stars = RwSignal::new(rating.as_ref().map_or(0, |r| r.stars));
    let comment = RwSignal::new(
        rating
            .as_ref()
            .map(|r| r.comment.clone())
            .unwrap_or_default(),
    );
    let note = rating.as_ref().map(|r| {
        td_string!(
            l,
            rated,
            stars = r.stars,
            date = format::date_time(l, r.editable_until)
        )
        .to_string()
    });
    view! {
        <form class="ysmap-form ysmap-rating" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if stars.get_untracked() > 0 {
                act.run(("rating", InvestorAction { stars: Some(stars.get_untracked()), text: comment.get_untracked(), ..proof.run(()) }));
            }
        }>
            {note.map(|n| view! { <p class="ysmap-rated">{n}</p> })}
            <fieldset>
                <legend>{tr(|l| td_string!(l, rate_heading))}</legend>
                {STAR_WORDS.iter().enumerate().map(|(i, words)| {
                    let n = i as u8 + 1;
                    view! { <label class="ysmap-choice"><input type="radio" name="ysmap-stars" value=n prop:checked=move || stars.get() == n on:change=move |_| stars.set(n) />{tr(*words)}</label> }
                }).collect_view()}
            </fieldset>
            <div class="ysmap-field">
                <label for="ysmap-rating-comment">{tr(|l| td_string!(l, rating_comment))}</label>
                <textarea id="ysmap-rating-comment" rows="2" maxlength="1000" prop:value=move || comment.get() on:input:target=move |ev| comment.set(ev.target().value())></textarea>
            </div>
            <button type="submit" class="ysmap-primary">{tr(|l| td_string!(l, send_rating))}</button>
        </form>
    }.into_any()
}

/// Withdraw (while open) and delete the personal data, each confirmed first.
#[component]
fn TrackActions(
    open: bool,
    act: Callback<(&'static str, InvestorAction)>,
    proof: Callback<(), InvestorAction>,
) -> impl IntoView {
    let i18n = use_language();
    let confirmed = move |verb: &'static str, question: Words| {
        if window()
            .confirm_with_message(question(i18n.get_locale_untracked()))
            .unwrap_or(false)
        {
            act.run((verb, proof.run(())));
        }
    };
    view! {
        <div class="ysmap-track-actions">
            {open.then(|| view! {
                <button type="button" on:click=move |_| confirmed("withdraw", |l| td_string!(l, confirm_withdraw))>{tr(|l| td_string!(l, withdraw))}</button>
            })}
            <button type="button" on:click=move |_| confirmed("erase", |l| td_string!(l, confirm_erase))>{tr(|l| td_string!(l, erase))}</button>
        </div>
    }
}
