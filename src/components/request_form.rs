//! The assistance form (帮办代办). The same validation as the server runs before sending; the
//! draft is kept on this device until the county has it, so nothing typed is lost to a reload
//! or a dropped connection. A request being sent is kept too, with its idempotency key
//! ([`Pending`]): the page retries with backoff, waits for the connection when offline, and a
//! reload or a later visit resends it under the same key, so it never makes a second request
//! and the investor sees a receipt only for a request the server has committed.

use crate::api::{ApiError, CatalogOrigin};
use crate::draft::{Draft, field_label, form_position};
use crate::format;
use crate::i18n::*;
use crate::labels::{self, code};
use crate::saved_receipt;
use crate::state::{Panel, lang_of, use_app};
use crate::words::{counted, name_of, tr, use_language};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ysmap_model::Text;
use ysmap_model::catalog::{FacilityKind, Industry};
use ysmap_model::gbt4754;
use ysmap_model::request::{INDUSTRY_OTHER, PlannedStart, Receipt, Service};
use ysmap_model::validation::validate_request;

/// Where the draft is kept between visits, as name–value pairs (`Draft::to_pairs`).
const DRAFT_KEY: &str = "ysmap.request-draft.v2";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_draft() -> Option<Draft> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    let pairs = crate::url_state::decode_pairs(&text);
    Some(Draft::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ))
}

/// Where a request being sent is kept, with its key, until the server has committed it.
const PENDING_KEY: &str = "ysmap.request-pending.v1";

/// A request on its way: the key it is sent under, the language its answer is wanted in, and
/// the request as it is sent (JSON, kept as written: it is only ever sent again, never read).
/// Stored before the first attempt, removed on the server's 201 (or its refusal of the fields).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Pending {
    key: String,
    #[serde(default)]
    lang: Option<ysmap_model::Lang>,
    request: Box<serde_json::value::RawValue>,
}

fn load_pending() -> Option<Pending> {
    let text = storage()?.get_item(PENDING_KEY).ok()??;
    let pending = serde_json::from_slice(text.as_bytes()).ok();
    if pending.is_none() {
        // Not one this app wrote (a damaged entry): it could never be sent.
        store_pending(None);
    }
    pending
}

fn store_pending(p: Option<&Pending>) {
    if let Some(s) = storage() {
        let _ = match p.and_then(|p| serde_json::to_string(p).ok()) {
            Some(text) => s.set_item(PENDING_KEY, &text),
            None => s.remove_item(PENDING_KEY),
        };
    }
}

/// Whether a request from an earlier visit is still on its way (the shell then opens the form,
/// which resends it). Only whether one is stored: reading it is the form's, in its own chunk
/// (crate::chunks), so that the first screen carries no JSON reader.
pub fn has_pending() -> bool {
    storage().is_some_and(|s| s.get_item(PENDING_KEY).ok().flatten().is_some())
}

/// A random version-4 UUID from the browser's `crypto.getRandomValues`, which (unlike
/// `crypto.randomUUID`) is there on plain HTTP too: a county's intranet may serve the map so.
fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).map(|_| ()));
    if filled.is_err() {
        // No crypto at all (very old browsers): time and Math.random, still unique enough for
        // one device's retries.
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8)
                ^ ((js_sys::Date::now() as u64 >> (i % 8 * 8)) as u8);
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Waits `ms`, or until the browser says the connection is back, whichever is first.
async fn wait_for_retry(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
            "online", &resolve, &once,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn online() -> bool {
    window().navigator().on_line()
}

/// Why the last send did not go through, when it did not.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SendProblem {
    /// Not sent yet: retrying.
    Network,
    /// Not sent yet: the browser is offline; sent when it is back.
    Waiting,
    Server,
    Offline,
}

/// The form, with `park` ticked in advance when opened from a park.
#[component]
pub fn RequestForm(park: Option<String>) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());

    let restored = load_draft();
    let was_restored = restored.as_ref().is_some_and(|d| *d != Draft::default());
    let mut initial = restored.unwrap_or_default();
    if !was_restored {
        // What the finders were told on this device (the needs, the enterprise), once.
        let profile = app.profile.get_untracked();
        let needs = app.needs.get_untracked();
        let code = profile
            .industry_id
            .as_ref()
            .or(needs.industry_id.as_ref())
            .and_then(|id| catalog.industry(id))
            // The form asks for the GB/T 4754 division (`C35` of `C3511`).
            .and_then(|i| i.code.get(..3))
            .filter(|code| ysmap_model::gbt4754::is_division_code(code));
        initial.prefill(&needs, &profile, code);
    }
    // Opened from a facility's card: that facility, in its park.
    if let Some(f) = app
        .facility
        .get_untracked()
        .and_then(|id| catalog.facility(&id))
        && park.as_deref() == Some(f.park_id.as_str())
        && !initial.facility_ids.contains(&f.id)
    {
        initial.facility_ids.push(f.id.clone());
    }
    if let Some(p) = park
        && !initial.park_ids.contains(&p)
    {
        initial.park_ids.push(p);
    }
    let draft = RwSignal::new(initial);
    // This effect is the only place that writes the stored draft.
    Effect::new(move |_| {
        let text = draft.with(|d| crate::url_state::encode_pairs(&d.to_pairs()));
        if let Some(s) = storage() {
            let _ = s.set_item(DRAFT_KEY, &text);
        }
    });

    let errors: RwSignal<Vec<(String, Text)>> = RwSignal::new(Vec::new());
    let problem: RwSignal<Option<SendProblem>> = RwSignal::new(None);
    let sending = RwSignal::new(false);
    let receipt: RwSignal<Option<Receipt>> = RwSignal::new(None);
    let summary_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    let receipt_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    // A request sent earlier from this device, shown until dismissed.
    let earlier = RwSignal::new(saved_receipt::load());

    let error_for = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|(f, _)| f == field || f.starts_with(&format!("{field}[")))
                    .map(|(_, m)| m.get(lang()).to_owned())
            })
        }
    };

    // Sends `pending` until the server answers: retries a failed network or server with
    // backoff (1 s doubling to 30 s), waits for the connection when offline; a 201 is the only
    // success shown, a 422 hands the fields back.
    let send = move |pending: Pending| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let api = app.api.get_value();
        let l = pending
            .lang
            .unwrap_or_else(|| lang_of(i18n.get_locale_untracked()));
        spawn_local(async move {
            let mut delay = 1000;
            loop {
                let result = api.submit(&pending.key, pending.request.get(), l).await;
                match result {
                    Ok(r) => {
                        store_pending(None);
                        if let Some(s) = storage() {
                            let _ = s.remove_item(DRAFT_KEY);
                        }
                        saved_receipt::save(&r.tracking_code);
                        problem.try_set(None);
                        receipt.try_set(Some(r));
                        // The receipt replaces the form: focus goes to it, not to the page top.
                        request_animation_frame(move || {
                            if let Some(el) = receipt_ref.try_get_untracked().flatten() {
                                let _ = el.focus();
                            }
                        });
                        break;
                    }
                    Err(ApiError::Rejected {
                        status: 422,
                        errors: e,
                    }) => {
                        store_pending(None);
                        errors.try_set(
                            e.into_iter()
                                .map(|e| (e.field, Text::new(e.message.clone(), e.message)))
                                .collect(),
                        );
                        request_animation_frame(move || {
                            if let Some(el) = summary_ref.try_get_untracked().flatten() {
                                let _ = el.focus();
                            }
                        });
                        break;
                    }
                    Err(e @ (ApiError::Network(_) | ApiError::Status(500..))) => {
                        leptos::logging::warn!("request not sent yet ({e}); retrying");
                        let waiting = if online() {
                            SendProblem::Network
                        } else {
                            SendProblem::Waiting
                        };
                        if problem.try_set(Some(waiting)).is_some() {
                            // The form is gone (another panel): the pending request waits for
                            // the next visit.
                            break;
                        }
                        wait_for_retry(delay).await;
                        delay = (delay * 2).min(30_000);
                    }
                    Err(e) => {
                        // Refused for a reason a retry cannot fix (409, 429, 413 …).
                        leptos::logging::error!("request refused: {e}");
                        store_pending(None);
                        problem.try_set(Some(SendProblem::Server));
                        break;
                    }
                }
            }
            sending.try_set(false);
        });
    };
    // Left on its way at the last visit (a reload mid-send, a closed tab): on with the same key.
    if let Some(p) = load_pending() {
        request_animation_frame(move || send(p));
    }

    let on_submit = {
        let catalog = catalog.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sending.get_untracked() {
                return;
            }
            let l = lang();
            let (request, mut found) = draft.with_untracked(|d| d.to_request(l));
            found.extend(validate_request(&request, &catalog));
            problem.set(None);
            if !found.is_empty() {
                errors.set(found.into_iter().map(|e| (e.field, e.message)).collect());
                request_animation_frame(move || {
                    if let Some(el) = summary_ref.try_get_untracked().flatten() {
                        let _ = el.focus();
                    }
                });
                return;
            }
            errors.set(Vec::new());
            if app.origin == CatalogOrigin::StaticFile {
                problem.set(Some(SendProblem::Offline));
                return;
            }
            // The same request again keeps its key; a changed one is a new request.
            let Ok(body) = serde_json::value::to_raw_value(&request) else {
                return;
            };
            let pending = match load_pending() {
                Some(p) if p.request.get() == body.get() => p,
                _ => Pending {
                    key: new_idempotency_key(),
                    lang: Some(l),
                    request: body,
                },
            };
            store_pending(Some(&pending));
            send(pending);
        }
    };

    let text_field = move |id: &'static str,
                           field: &'static str,
                           label: fn(Locale) -> &'static str,
                           required: bool,
                           kind: &'static str,
                           hint: Option<fn(Locale) -> &'static str>,
                           get: fn(&Draft) -> String,
                           set: fn(&mut Draft, String)| {
        let input_id = format!("ysmap-f-{id}");
        let error_id = format!("{input_id}-error");
        let hint_id = format!("{input_id}-hint");
        let err = error_for(field);
        let err2 = error_for(field);
        let described = {
            let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
            move || {
                let mut ids = Vec::new();
                if hint.is_some() {
                    ids.push(hint_id.clone());
                }
                if err2().is_some() {
                    ids.push(error_id.clone());
                }
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        };
        let (inputmode, input_type, autocomplete) = match kind {
            "tel" => (None, "tel", Some("tel")),
            "email" => (None, "email", Some("email")),
            "number" => (Some("decimal"), "text", None),
            "org" => (None, "text", Some("organization")),
            "code" => (None, "text", Some("off")),
            "name" => (None, "text", Some("name")),
            _ => (None, "text", None),
        };
        view! {
            <div class="ysmap-field">
                <label for=input_id.clone()>{tr(label)} {required.then_some(" *")}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{tr(h)}</p> })}
                <input
                    id=input_id
                    name=field
                    type=input_type
                    inputmode=inputmode
                    autocomplete=autocomplete
                    required=required
                    aria-invalid=move || err().is_some().then_some("true")
                    aria-describedby=described
                    prop:value=move || draft.with(get)
                    on:input:target=move |ev| draft.update(|d| set(d, ev.target().value()))
                />
                {move || err().map(|m| view! { <p class="error" id=error_id.clone()>{m}</p> })}
            </div>
        }
    };

    let industries = catalog.industries.clone();
    let parks = catalog.parks.clone();
    // The service centre of the parks asked about: their county's when they lie in one.
    let centre_of = {
        let catalog = catalog.clone();
        move || draft.with_untracked(|d| catalog.service_center_for(&d.park_ids).clone())
    };
    let center = centre_of.clone();
    let privacy = catalog.meta.privacy_notice.clone();

    let form = move || {
        let industries = industries.clone();
        let parks = parks.clone();
        let privacy = privacy.clone();
        let center = center.clone();
        let industry_err = error_for("industry_id");
        let services_err = error_for("services");
        let parks_err = error_for("park_ids");
        let consent_err = error_for("consent");
        let consent_err2 = error_for("consent");
        let message_err = error_for("message");
        view! {
            <form class="ysmap-form" novalidate on:submit=on_submit.clone()>
                {move || {
                    let n = errors.with(Vec::len);
                    (n > 0)
                        .then(|| {
                            view! {
                                <div class="ysmap-error-summary" role="alert" tabindex="-1" node_ref=summary_ref>
                                    <p>{counted(n, |l, count| td_string!(l, errors_summary, count).to_string())}</p>
                                    <ul>
                                        {summary_items(errors.get())
                                            .into_iter()
                                            .map(|(field, m)| {
                                                let id = format!("ysmap-f-{}", field_anchor(&field));
                                                let href = format!("#{id}");
                                                // Focus the field without touching the host page's URL.
                                                let focus = move |ev: leptos::ev::MouseEvent| {
                                                    ev.prevent_default();
                                                    use wasm_bindgen::JsCast;
                                                    if let Some(link) = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) {
                                                        focus_field(&link, &id);
                                                    }
                                                };
                                                let text = move || {
                                                    let (l, message) = (locale(), m.get(lang()).to_owned());
                                                    match field_label(l, &field) {
                                                        Some(label) => td_string!(l, error_in_field, field = label, message).to_string(),
                                                        None => message,
                                                    }
                                                };
                                                view! { <li><a href=href on:click=focus>{text}</a></li> }
                                            })
                                            .collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                }}
                {text_field("company", "company", |l| td_string!(l, f_company), true, "org", None, |d| d.company.clone(), |d, v| d.company = v)}
                {text_field("contact_name", "contact_name", |l| td_string!(l, f_contact_name), true, "name", None, |d| d.contact_name.clone(), |d, v| d.contact_name = v)}
                {text_field("phone", "phone", |l| td_string!(l, f_phone), true, "tel", Some(|l| td_string!(l, f_phone_hint)), |d| d.phone.clone(), |d, v| d.phone = v)}
                {text_field("email", "email", |l| td_string!(l, f_email), false, "email", None, |d| d.email.clone(), |d, v| d.email = v)}
                {industry_picker(draft, industries.clone(), industry_err)}
                {move || draft.with(|d| d.industry_id == INDUSTRY_OTHER).then(|| {
                    text_field("industry_other", "industry_other", |l| td_string!(l, f_industry_other), true, "text", Some(|l| td_string!(l, f_industry_other_hint)), |d| d.industry_other.clone(), |d, v| d.industry_other = v)
                })}
                {text_field("planned_investment_10k_yuan", "planned_investment_10k_yuan", |l| td_string!(l, f_investment), false, "number", None, |d| d.investment.clone(), |d, v| d.investment = v)}
                <div class="ysmap-field">
                    <label for="ysmap-f-planned_start">{tr(|l| td_string!(l, f_planned_start))}</label>
                    <select
                        id="ysmap-f-planned_start"
                        name="planned_start"
                        on:change:target=move |ev| {
                            let v = ev.target().value();
                            draft.update(|d| d.planned_start = PlannedStart::ALL.into_iter().find(|p| code(*p) == v));
                        }
                    >
                        <option value="" selected=move || draft.with(|d| d.planned_start.is_none())>{tr(|l| td_string!(l, f_planned_start_choose))}</option>
                        {PlannedStart::ALL
                            .into_iter()
                            .map(|p| view! {
                                <option value=code(p) selected=move || draft.with(|d| d.planned_start == Some(p))>
                                    {name_of(p, labels::planned_start)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <fieldset class="ysmap-fieldset">
                    <legend>{tr(|l| td_string!(l, f_space))}</legend>
                    <p class="hint">{tr(|l| td_string!(l, f_space_hint))}</p>
                    <div class="ysmap-field">
                        <label for="ysmap-f-space_kind">{tr(|l| td_string!(l, f_space_kind))}</label>
                        <select
                            id="ysmap-f-space_kind"
                            on:change:target=move |ev| {
                                let v = ev.target().value();
                                draft.update(|d| d.space_kind = FacilityKind::ALL.into_iter().find(|k| code(*k) == v));
                            }
                        >
                            <option value="" selected=move || draft.with(|d| d.space_kind.is_none())>{tr(|l| td_string!(l, f_any_kind))}</option>
                            {FacilityKind::ALL
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <option value=code(k) selected=move || draft.with(|d| d.space_kind == Some(k))>
                                            {name_of(k, labels::facility_kind)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="ysmap-field-row">
                        {text_field("space.area_m2", "space.area_m2", |l| td_string!(l, f_area), false, "number", None, |d| d.area.clone(), |d, v| d.area = v)}
                        {text_field("space.floor_height_m", "space.floor_height_m", |l| td_string!(l, f_floor_height), false, "number", None, |d| d.floor_height.clone(), |d, v| d.floor_height = v)}
                        {text_field("space.floor_load_t_per_m2", "space.floor_load_t_per_m2", |l| td_string!(l, f_floor_load), false, "number", None, |d| d.floor_load.clone(), |d, v| d.floor_load = v)}
                        {text_field("space.power_kva", "space.power_kva", |l| td_string!(l, f_power), false, "number", None, |d| d.power.clone(), |d, v| d.power = v)}
                        {text_field("space.crane_t", "space.crane_t", |l| td_string!(l, f_crane), false, "number", None, |d| d.crane.clone(), |d, v| d.crane = v)}
                    </div>
                    <label class="ysmap-check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.needs_eia) on:change:target=move |ev| draft.update(|d| d.needs_eia = ev.target().checked()) />
                        {tr(|l| td_string!(l, f_needs_eia))}
                    </label>
                    <label class="ysmap-check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.needs_sewage) on:change:target=move |ev| draft.update(|d| d.needs_sewage = ev.target().checked()) />
                        {tr(|l| td_string!(l, f_needs_sewage))}
                    </label>
                </fieldset>
                <fieldset class="ysmap-fieldset" id="ysmap-f-park_ids" aria-describedby="ysmap-f-park_ids-hint">
                    <legend>{tr(|l| td_string!(l, f_parks))}</legend>
                    <p class="hint" id="ysmap-f-park_ids-hint">{tr(|l| td_string!(l, f_parks_hint))}</p>
                    {parks
                        .iter()
                        .map(|p| {
                            let (id, name) = (p.id.clone(), p.name.clone());
                            let (checked, toggle) = (id.clone(), id.clone());
                            view! {
                                <label class="ysmap-check">
                                    <input
                                        type="checkbox"
                                        name="park_ids"
                                        value=id
                                        prop:checked=move || draft.with(|d| d.park_ids.contains(&checked))
                                        on:change:target=move |ev| {
                                            let on = ev.target().checked();
                                            draft.update(|d| toggle_in(&mut d.park_ids, toggle.clone(), on));
                                        }
                                    />
                                    {move || name.get(lang()).to_owned()}
                                </label>
                            }
                        })
                        .collect_view()}
                    {move || parks_err().map(|m| view! { <p class="error">{m}</p> })}
                    {
                        let c = app.catalog();
                        move || {
                            draft
                                .with(|d| d.facility_ids.clone())
                                .into_iter()
                                .filter_map(|id| c.facility(&id).map(|f| (id, f.name.clone())))
                                .map(|(id, name)| view! {
                                    <p class="ysmap-chosen-facility">
                                        {tr(|l| td_string!(l, f_facility))} ": " {name.get(lang()).to_owned()} " "
                                        <button type="button" class="ysmap-link" on:click=move |_| draft.update(|d| d.facility_ids.retain(|x| *x != id))>
                                            {tr(|l| td_string!(l, f_facility_remove))}
                                        </button>
                                    </p>
                                })
                                .collect_view()
                        }
                    }
                </fieldset>
                <fieldset class="ysmap-fieldset" id="ysmap-f-services" aria-describedby="ysmap-f-services-error">
                    <legend>{tr(|l| td_string!(l, f_services))} " *"</legend>
                    <div class="ysmap-check-grid">
                        {Service::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <label class="ysmap-check">
                                        <input
                                            type="checkbox"
                                            name="services"
                                            value=code(s)
                                            prop:checked=move || draft.with(|d| d.services.contains(&s))
                                            on:change:target=move |ev| {
                                                let on = ev.target().checked();
                                                draft.update(|d| toggle_in(&mut d.services, s, on));
                                            }
                                        />
                                        {name_of(s, labels::service)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    {move || services_err().map(|m| view! { <p class="error" id="ysmap-f-services-error">{m}</p> })}
                </fieldset>
                {move || draft.with(|d| d.services.contains(&Service::VideoTour)).then(|| view! { <TourSlots draft /> })}
                <div class="ysmap-field-row">
                    {text_field("credit_code", "credit_code", |l| td_string!(l, f_credit_code), false, "code", Some(|l| td_string!(l, f_credit_code_hint)), |d| d.credit_code.clone(), |d, v| d.credit_code = v)}
                    {text_field("jobs", "jobs", |l| td_string!(l, f_jobs), false, "number", None, |d| d.jobs.clone(), |d, v| d.jobs = v)}
                </div>
                <div class="ysmap-field">
                    <label for="ysmap-f-message">{tr(|l| td_string!(l, f_message))}</label>
                    <textarea
                        id="ysmap-f-message"
                        name="message"
                        rows="4"
                        prop:value=move || draft.with(|d| d.message.clone())
                        on:input:target=move |ev| draft.update(|d| d.message = ev.target().value())
                    ></textarea>
                    {move || message_err().map(|m| view! { <p class="error">{m}</p> })}
                </div>
                // A trap for robots: off screen, out of the tab order and hidden from screen
                // readers, so no person fills it in.
                <div class="ysmap-hp" aria-hidden="true">
                    <label for="ysmap-f-website">{tr(|l| td_string!(l, f_website))}</label>
                    <input id="ysmap-f-website" name="website" type="text" tabindex="-1" autocomplete="off"
                        prop:value=move || draft.with(|d| d.website.clone())
                        on:input:target=move |ev| draft.update(|d| d.website = ev.target().value()) />
                </div>
                <section class="ysmap-privacy" aria-labelledby="ysmap-privacy-heading">
                    <h3 id="ysmap-privacy-heading">{tr(|l| td_string!(l, privacy_heading))}</h3>
                    <p>{move || privacy.get(lang()).to_owned()}</p>
                </section>
                <label class="ysmap-check ysmap-consent">
                    <input
                        id="ysmap-f-consent"
                        type="checkbox"
                        name="consent"
                        aria-invalid=move || consent_err().is_some().then_some("true")
                        aria-describedby=move || consent_err2().is_some().then_some("ysmap-f-consent-error")
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change:target=move |ev| draft.update(|d| d.consent = ev.target().checked())
                    />
                    {tr(|l| td_string!(l, f_consent))} " *"
                </label>
                {move || consent_err().map(|m| view! { <p class="error" id="ysmap-f-consent-error">{m}</p> })}
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            let center = center();
                            match p {
                                SendProblem::Network => view! { <p class="ysmap-alert" role="alert">{tr(|l| td_string!(l, network_error))}</p> }.into_any(),
                                SendProblem::Waiting => view! { <p class="ysmap-alert" role="alert">{tr(|l| td_string!(l, waiting_online))}</p> }.into_any(),
                                SendProblem::Server => view! { <p class="ysmap-alert" role="alert">{tr(|l| td_string!(l, server_error))}</p> }.into_any(),
                                SendProblem::Offline => {
                                    view! {
                                        <div class="ysmap-alert" role="alert">
                                            <p>{tr(|l| td_string!(l, offline_form))}</p>
                                            <p>
                                                {center.name.get(lang()).to_owned()} " · "
                                                <a href=ysmap_model::text::dial(&center.phone)>{center.phone.clone()}</a> " · "
                                                <a href=format!("mailto:{}", center.email)>{center.email.clone()}</a>
                                            </p>
                                            <p>{center.address.get(lang()).to_owned()} " · " {center.hours.get(lang()).to_owned()}</p>
                                        </div>
                                    }
                                    .into_any()
                                }
                            }
                        })
                }}
                <button type="submit" class="ysmap-primary" aria-disabled=move || sending.get().then_some("true")>
                    {move || if sending.get() { td_string!(i18n.get_locale(), submitting) } else { td_string!(i18n.get_locale(), submit) }}
                </button>
            </form>
        }
    };

    let done = move |r: Receipt| {
        let reply = centre_of();
        let code = r.tracking_code.clone();
        let (copy_code, track_code) = (code.clone(), code.clone());
        let copied = RwSignal::new(false);
        let center = reply.name.clone();
        let days = reply.reply_within_working_days;
        let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
        let by = reply.first_reply_by(today);
        let next = move || {
            let l = locale();
            td_string!(
                l,
                receipt_next,
                center = center.get(lang_of(l)),
                days,
                date = format::date(l, by)
            )
            .to_string()
        };
        view! {
            <div class="ysmap-success" role="status" tabindex="-1" node_ref=receipt_ref>
                <h3>{tr(|l| td_string!(l, success_heading))}</h3>
                <p>{tr(|l| td_string!(l, success_code))} ": " <strong class="ysmap-code" data-tracking-code=code.clone()>{code.clone()}</strong></p>
                <p class="ysmap-next">{next}</p>
                <p>{tr(|l| td_string!(l, success_hint))}</p>
                <div class="ysmap-actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            let _ = window().navigator().clipboard().write_text(&copy_code);
                            copied.set(true);
                        }
                    >
                        {move || if copied.get() { td_string!(i18n.get_locale(), copied) } else { td_string!(i18n.get_locale(), copy_code) }}
                    </button>
                    <button type="button" class="ysmap-primary" on:click=move |_| app.panel.set(Panel::Track(Some(track_code.clone())))>
                        {tr(|l| td_string!(l, track_this))}
                    </button>
                    <button
                        type="button"
                        on:click=move |_| {
                            draft.set(Draft::default());
                            receipt.set(None);
                        }
                    >
                        {tr(|l| td_string!(l, new_request))}
                    </button>
                </div>
            </div>
        }
    };

    view! {
        <h2 tabindex="-1">{tr(|l| td_string!(l, form_heading))}</h2>
        <p class="ysmap-intro">{tr(|l| td_string!(l, form_intro))}</p>
        {was_restored.then(|| view! { <p class="ysmap-note" role="status">{tr(|l| td_string!(l, draft_restored))}</p> })}
        {move || {
            let code = earlier.get().filter(|_| receipt.with(Option::is_none))?;
            let track = code.clone();
            Some(view! {
                <div class="ysmap-saved-receipt" role="status">
                    <p>{move || td_string!(i18n.get_locale(), saved_receipt, code = code.clone())}</p>
                    <div class="ysmap-actions">
                        <button type="button" class="ysmap-link" on:click=move |_| app.panel.set(Panel::Track(Some(track.clone())))>
                            {tr(|l| td_string!(l, track_this))}
                        </button>
                        <button type="button" class="ysmap-link" on:click=move |_| { saved_receipt::forget(); earlier.set(None); }>
                            {tr(|l| td_string!(l, forget_code))}
                        </button>
                    </div>
                </div>
            })
        }}
        {move || receipt.with(Option::is_none).then(|| view! { <p class="ysmap-note">{tr(|l| td_string!(l, required_hint))}</p> })}
        {move || match receipt.get() {
            Some(r) => done(r).into_any(),
            None => form().into_any(),
        }}
    }
}

/// The industry: a search over the catalog's industries and GB/T 4754-2017's divisions (by
/// name, code or pinyin) narrowing one native select, which stays the field a screen reader
/// and the keyboard know; "another industry" opens a field to describe it.
fn industry_picker(
    draft: RwSignal<Draft>,
    industries: Vec<Industry>,
    err: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_language();
    let locale = move || i18n.get_locale();
    let query = RwSignal::new(String::new());
    let table = classification();
    let selected = move |value: String| move || draft.with(|d| d.industry_id == value);
    // The catalog's industries whose name or code holds the query (all of them without one).
    let ours = move || {
        let (q, l) = (query.get().trim().to_ascii_lowercase(), lang_of(locale()));
        industries
            .iter()
            .filter(|i| {
                q.is_empty()
                    || i.name.get(l).to_ascii_lowercase().contains(&q)
                    || i.code.to_ascii_lowercase().starts_with(&q)
            })
            .map(|i| {
                let text = format!("{} ({})", i.name.get(l), i.code);
                view! { <option value=i.id.clone() selected=selected(i.id.clone())>{text}</option> }
            })
            .collect_view()
    };
    // The standard's divisions matching the query (all of them without one), and the one
    // chosen even when the query no longer matches it; worked out once per keystroke (the
    // options and the count both read it).
    let found = Memo::new(move |_| {
        let q = query.get();
        let Some(table) = table.get() else {
            return Vec::new();
        };
        let chosen = draft.with(|d| gbt4754::parse(table).find(|c| c.code == d.industry_id));
        let mut list: Vec<gbt4754::Division> = if q.trim().is_empty() {
            gbt4754::parse(table).filter(|d| !d.is_section()).collect()
        } else {
            gbt4754::search(table, &q)
        };
        if let Some(c) = chosen.filter(|c| !list.contains(c)) {
            list.insert(0, c);
        }
        list
    });
    let divisions = move || {
        let en = locale() == Locale::en;
        found
            .get()
            .into_iter()
            .map(|d| {
                let text = format!("{} {}", d.code, if en { d.en } else { d.zh });
                view! { <option value=d.code selected=selected(d.code.to_owned())>{text}</option> }
            })
            .collect_view()
    };
    let count = move || {
        let n = if query.with(|q| q.trim().is_empty()) {
            0
        } else {
            found.with(Vec::len)
        };
        (n > 0 || !query.with(|q| q.trim().is_empty()))
            .then(|| td_string!(locale(), f_industry_found, count = n).to_string())
    };
    view! {
        <div class="ysmap-field">
            <label for="ysmap-f-industry_search">{tr(|l| td_string!(l, f_industry_search))}</label>
            <p class="hint" id="ysmap-f-industry_search-hint">{tr(|l| td_string!(l, f_industry_search_hint))}</p>
            <input
                id="ysmap-f-industry_search"
                type="search"
                autocomplete="off"
                aria-describedby="ysmap-f-industry_search-hint ysmap-f-industry_search-count"
                aria-controls="ysmap-f-industry_id"
                prop:value=move || query.get()
                on:input:target=move |ev| query.set(ev.target().value())
            />
            <p class="hint" id="ysmap-f-industry_search-count" aria-live="polite">{count}</p>
        </div>
        <div class="ysmap-field">
            <label for="ysmap-f-industry_id">{tr(|l| td_string!(l, f_industry))} " *"</label>
            <select
                id="ysmap-f-industry_id"
                name="industry_id"
                required
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=move || err().is_some().then_some("ysmap-f-industry_id-error")
                prop:value=move || draft.with(|d| d.industry_id.clone())
                on:change:target=move |ev| draft.update(|d| d.industry_id = ev.target().value())
            >
                <option value="">{tr(|l| td_string!(l, f_industry_choose))}</option>
                <optgroup label=move || td_string!(locale(), f_industry_ours)>{ours}</optgroup>
                <optgroup label=move || td_string!(locale(), f_industry_gbt)>{divisions}</optgroup>
                <option value=INDUSTRY_OTHER selected=selected(INDUSTRY_OTHER.to_owned())>
                    {tr(|l| td_string!(l, f_industry_other_option))}
                </option>
            </select>
            {move || err().map(|m| view! { <p class="error" id="ysmap-f-industry_id-error">{m}</p> })}
        </div>
    }
}

/// The GB/T 4754-2017 table, fetched the first time the form is shown and kept for the page's
/// life (a few KiB); `None` until it has come (or when it cannot: the picker then offers the
/// county's industries and "another industry").
fn classification() -> RwSignal<Option<&'static str>> {
    static TABLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let table = RwSignal::new(TABLE.get().map(String::as_str));
    if table.get_untracked().is_none() {
        let api = use_app().api.get_value();
        spawn_local(async move {
            match api.classification().await {
                Ok(text) => {
                    table.try_set(Some(TABLE.get_or_init(|| text).as_str()));
                }
                Err(e) => leptos::logging::warn!("the industry classification did not load: {e}"),
            }
        });
    }
    table
}

/// Up to three half-days for the video tour (不见面考察), shown when that service is ticked.
#[component]
fn TourSlots(draft: RwSignal<Draft>) -> impl IntoView {
    let tomorrow =
        ysmap_model::clock::county_date_at_millis(js_sys::Date::now()) + chrono::Duration::days(1);
    let min = ysmap_model::clock::iso_date(tomorrow);
    view! {
        <fieldset class="ysmap-fieldset" id="ysmap-f-tour_slots" aria-describedby="ysmap-f-tour_slots-hint">
            <legend>{tr(|l| td_string!(l, f_tour_slots))}</legend>
            <p class="hint" id="ysmap-f-tour_slots-hint">{tr(|l| td_string!(l, f_tour_slots_hint))}</p>
            {(0..3usize).map(|i| {
                let date_id = format!("ysmap-f-tour-date-{i}");
                let part_id = format!("ysmap-f-tour-part-{i}");
                view! {
                    <div class="ysmap-field-row">
                        <div class="ysmap-field">
                            <label for=date_id.clone()>{tr(|l| td_string!(l, f_tour_date))} {format!(" {}", i + 1)}</label>
                            <input id=date_id type="date" min=min.clone()
                                prop:value=move || draft.with(|d| d.tour_dates[i].clone())
                                on:input:target=move |ev| draft.update(|d| d.tour_dates[i] = ev.target().value()) />
                        </div>
                        <div class="ysmap-field">
                            <label for=part_id.clone()>{tr(|l| td_string!(l, morning))} " / " {tr(|l| td_string!(l, afternoon))}</label>
                            <select id=part_id on:change:target=move |ev| { let pm = ev.target().value() == "afternoon"; draft.update(|d| d.tour_afternoon[i] = pm); }>
                                <option value="morning" selected=move || draft.with(|d| !d.tour_afternoon[i])>{tr(|l| td_string!(l, morning))}</option>
                                <option value="afternoon" selected=move || draft.with(|d| d.tour_afternoon[i])>{tr(|l| td_string!(l, afternoon))}</option>
                            </select>
                        </div>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The errors for the summary: in the form's order, one line each.
fn summary_items(mut errors: Vec<(String, Text)>) -> Vec<(String, Text)> {
    ysmap_model::order::sort_by_keys(&mut errors, |(field, _)| (form_position(field) as u64, 0));
    errors
}

/// Moves focus to a field of the form `near` is in: an input itself, or the first input of a
/// group (a fieldset cannot take focus). Looked for in `near`'s own tree: an embed's form is in
/// a shadow root, where the page's `getElementById` does not look.
fn focus_field(near: &web_sys::Node, id: &str) {
    use wasm_bindgen::JsCast;
    let root = near.get_root_node();
    let found = match root.dyn_ref::<web_sys::Document>() {
        Some(page) => page.get_element_by_id(id),
        None => root
            .dyn_ref::<web_sys::DocumentFragment>()
            .and_then(|tree| tree.get_element_by_id(id)),
    };
    let Some(el) = found else {
        return;
    };
    let target = if el.tag_name().eq_ignore_ascii_case("fieldset") {
        el.query_selector("input, select, textarea").ok().flatten()
    } else {
        Some(el)
    };
    if let Some(t) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = t.focus();
    }
}

/// The id suffix of the input for an error's field (`park_ids[1]` → `park_ids`).
fn field_anchor(field: &str) -> String {
    field.split('[').next().unwrap_or(field).to_owned()
}

fn toggle_in<T: PartialEq>(list: &mut Vec<T>, item: T, on: bool) {
    let present = list.contains(&item);
    if on && !present {
        list.push(item);
    } else if !on && present {
        list.retain(|x| *x != item);
    }
}
