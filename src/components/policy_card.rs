//! One policy, folded to its title, level, mode and validity; unfolded to its benefit,
//! conditions, and how and where to apply.

use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::state::lang_of;
use crate::words::{name_of, tr};
use leptos::prelude::*;
use ysmap_model::catalog::{ApplicationMode, Metric, Policy};
use ysmap_model::text::{ContactPart, contact_parts, dial};

/// Contact text with its telephone numbers as links that dial them.
pub fn contact_view(text: String) -> impl IntoView {
    contact_parts(&text)
        .into_iter()
        .map(|part| match part {
            ContactPart::Words(w) => w.to_owned().into_any(),
            ContactPart::Phone(p) => view! { <a href=dial(p)>{p.to_owned()}</a> }.into_any(),
        })
        .collect_view()
}

/// A policy's card.
#[component]
pub fn PolicyCard(policy: Policy) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let lang = move || lang_of(locale());
    let p = policy;
    // The county's date, from the browser clock.
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let (state_class, state): (&str, fn(Locale) -> &'static str) = if p.in_force_on(today) {
        ("state in-force", |l| td_string!(l, policy_in_force))
    } else if today < p.valid_from {
        ("state not-yet", |l| td_string!(l, policy_not_yet))
    } else {
        ("state expired", |l| td_string!(l, policy_expired))
    };
    let (from, to) = (p.valid_from, p.valid_to);
    let validity = move || {
        let l = locale();
        match to {
            Some(to) => td_string!(
                l,
                valid_range,
                from = format::date(l, from),
                to = format::date(l, to)
            )
            .to_string(),
            None => td_string!(l, valid_open, from = format::date(l, from)).to_string(),
        }
    };
    let conditions = p
        .conditions
        .iter()
        .map(|c| {
            let min = format::number(c.min, 0);
            let metric = c.metric;
            view! {
                <li>
                    {move || {
                        let (l, min) = (locale(), min.clone());
                        match metric {
                            Metric::Investment10kYuan => td_string!(l, cond_investment, min),
                            Metric::Jobs => td_string!(l, cond_jobs, min),
                            Metric::AnnualOutput10kYuan => td_string!(l, cond_output, min),
                            Metric::AnnualTax10kYuan => td_string!(l, cond_tax, min),
                        }
                        .to_string()
                    }}
                </li>
            }
        })
        .collect_view();
    let has_conditions = !p.conditions.is_empty();
    let tools = p.tools.clone();
    let (level, mode) = (p.level, p.mode);
    // Told apart by colour, border and a sign as well as by name.
    let (mode_class, mode_sign) = match mode {
        ApplicationMode::Automatic => ("tag mode automatic", "✓ "),
        ApplicationMode::FastTrack => ("tag mode fast_track", "» "),
        ApplicationMode::Apply => ("tag mode apply", "✎ "),
    };
    let contact = p.contact.clone();
    let contact = move || contact_view(contact.get(lang()).to_owned());
    let text = move |t: &ysmap_model::Text| {
        let t = t.clone();
        move || t.get(lang()).to_owned()
    };
    view! {
        <details class="ysmap-policy" data-policy=p.id.clone()>
            <summary>
                <span class="title">{text(&p.title)}</span>
                <span class="ysmap-tags">
                    <span class="tag">{name_of(level, labels::policy_level)}</span>
                    <span class=mode_class><span aria-hidden="true">{mode_sign}</span>{name_of(mode, labels::policy_mode)}</span>
                    <span class=state_class>{move || state(locale())}</span>
                </span>
            </summary>
            <p>{text(&p.summary)}</p>
            <dl class="ysmap-specs">
                <div><dt>{tr(|l| td_string!(l, policy_benefit))}</dt><dd>{text(&p.benefit)}</dd></div>
                {has_conditions.then(|| view! { <div><dt>{tr(|l| td_string!(l, policy_conditions))}</dt><dd><ul>{conditions}</ul></dd></div> })}
                <div><dt>{tr(|l| td_string!(l, policy_how))}</dt><dd>{text(&p.how_to_apply)}</dd></div>
                <div><dt>{tr(|l| td_string!(l, policy_contact))}</dt><dd>{contact}</dd></div>
                <div><dt>{tr(|l| td_string!(l, policy_issuer))}</dt><dd>{text(&p.issuer)}</dd></div>
                <div><dt>{tr(|l| td_string!(l, policy_doc))}</dt><dd>{p.doc_number.clone()}</dd></div>
                {p.source_url.clone().map(|url| view! {
                    <div><dt>{tr(|l| td_string!(l, policy_source))}</dt><dd><a href=url rel="noopener noreferrer" target="_blank">{tr(|l| td_string!(l, policy_source_link))}</a></dd></div>
                })}
            </dl>
            <p class="ysmap-note">
                {validity} " · "
                {move || tools.iter().map(|t| labels::policy_tool(locale(), *t)).collect::<Vec<_>>().join(" · ")}
            </p>
        </details>
    }
}
