//! Following a request: tracking code plus the phone's last four digits show its status and
//! history.

use crate::api::ApiError;
use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::{lang_of, use_app};
use crate::words::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ysmap_model::request::{RequestView, tracking_code};

/// The tracker, with `code` filled in when opened right after sending.
#[component]
pub fn RequestTracker(code: Option<String>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let catalog = app.catalog();
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
        spawn_local(async move {
            let answer = api.lookup(&parsed, &digits, lang_of(l)).await;
            busy.set(false);
            match answer {
                Ok(v) => result.set(Some(v)),
                Err(ApiError::Rejected { errors, .. }) => {
                    result.set(None);
                    failure.set(errors.into_iter().next().map(|e| e.message));
                }
                Err(e) => {
                    leptos::logging::warn!("lookup failed: {e}");
                    result.set(None);
                    failure.set(Some(td_string!(l, network_error).to_owned()));
                }
            }
        });
    };

    let shown = move || {
        result.get().map(|v| {
            let catalog = catalog.clone();
            let l = locale();
            let parks: Vec<&str> = v
                .park_ids
                .iter()
                .filter_map(|id| catalog.park(id))
                .map(|p| p.name.get(lang_of(l)))
                .collect();
            let parks = format::list(l, &parks);
            let services: Vec<&str> = v.services.iter().map(|s| labels::service(l, *s)).collect();
            let services = format::list(l, &services);
            view! {
                <div class="ysmap-track-result" role="status" data-status=ysmap_model::request::RequestStatus::code(v.status)>
                    <h3>{v.tracking_code.clone()}</h3>
                    <dl class="ysmap-specs">
                        <div><dt>{tr(|l| td_string!(l, current_status))}</dt><dd class="status">{labels::status(locale(), v.status)}</dd></div>
                        <div><dt>{tr(|l| td_string!(l, f_company))}</dt><dd>{v.company.clone()}</dd></div>
                        <div><dt>{tr(|l| td_string!(l, submitted_at))}</dt><dd>{format::date_time(locale(), v.submitted_at)}</dd></div>
                        {(!parks.is_empty()).then(|| view! { <div><dt>{tr(|l| td_string!(l, f_parks))}</dt><dd>{parks}</dd></div> })}
                        <div><dt>{tr(|l| td_string!(l, f_services))}</dt><dd>{services}</dd></div>
                    </dl>
                    <h4>{tr(|l| td_string!(l, history))}</h4>
                    <ol class="ysmap-history">
                        {v.history
                            .iter()
                            .map(|h| view! { <li>{format::date_time(locale(), h.at)} " · " {labels::status(locale(), h.status)}</li> })
                            .collect_view()}
                    </ol>
                </div>
            }
        })
    };

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
                {move || if busy.get() { t_string!(i18n, looking_up) } else { t_string!(i18n, lookup) }}
            </button>
        </form>
        {move || failure.get().map(|m| view! { <p class="ysmap-alert" role="alert">{m}</p> })}
        {shown}
    }
}
