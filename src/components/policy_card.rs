//! One policy, folded to its title, level, mode and validity; unfolded to its benefit,
//! conditions, and how and where to apply. Read-only: written as markup (crate::markup) by a
//! pure function, tested natively.

use crate::format;
use crate::i18n::*;
use crate::labels;
use crate::markup::Markup;
use crate::state::lang_of;
use crate::words::use_language;
use chrono::NaiveDate;
use leptos::prelude::*;
use ysmap_model::catalog::{ApplicationMode, Metric, Policy};
use ysmap_model::text::{ContactPart, contact_parts, dial};

/// A policy's card.
#[component]
pub fn PolicyCard(policy: Policy) -> impl IntoView {
    let i18n = use_language();
    // The county's date, from the browser clock.
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let id = policy.id.clone();
    view! {
        <details
            class="ysmap-policy"
            data-policy=id
            inner_html=move || policy_html(i18n.get_locale(), &policy, today)
        ></details>
    }
}

/// The card's summary and body: title, level, mode (told apart by colour, border and a sign as
/// well as by name) and whether it is in force `today`; the summary, benefit, conditions, how
/// to apply, the contact with its telephone numbers as links, issuer, document, source,
/// validity and tools.
pub fn policy_html(l: Locale, p: &Policy, today: NaiveDate) -> String {
    let lang = lang_of(l);
    let mut m = Markup::new();
    let (state_class, state) = if p.in_force_on(today) {
        ("state in-force", td_string!(l, policy_in_force))
    } else if today < p.valid_from {
        ("state not-yet", td_string!(l, policy_not_yet))
    } else {
        ("state expired", td_string!(l, policy_expired))
    };
    let (mode_class, mode_sign) = match p.mode {
        ApplicationMode::Automatic => ("tag mode automatic", "✓ "),
        ApplicationMode::FastTrack => ("tag mode fast_track", "» "),
        ApplicationMode::Apply => ("tag mode apply", "✎ "),
    };
    m.open("summary", "");
    m.element("span", "title", p.title.get(lang));
    m.open("span", "ysmap-tags");
    m.element("span", "tag", labels::policy_level(l, p.level));
    m.open("span", mode_class)
        .open_with("span", "aria-hidden=\"true\"")
        .text(mode_sign)
        .close("span")
        .text(labels::policy_mode(l, p.mode))
        .close("span");
    m.element("span", state_class, state);
    m.close("span").close("summary");
    m.element("p", "", p.summary.get(lang));
    m.open("dl", "ysmap-specs");
    let row = |m: &mut Markup, label: &str| {
        m.open("div", "").element("dt", "", label).open("dd", "");
    };
    let end = |m: &mut Markup| {
        m.close("dd").close("div");
    };
    row(&mut m, td_string!(l, policy_benefit));
    m.text(p.benefit.get(lang));
    end(&mut m);
    if !p.conditions.is_empty() {
        row(&mut m, td_string!(l, policy_conditions));
        m.open("ul", "");
        for c in &p.conditions {
            let min = format::number(c.min, 0);
            let text = match c.metric {
                Metric::Investment10kYuan => td_string!(l, cond_investment, min),
                Metric::Jobs => td_string!(l, cond_jobs, min),
                Metric::AnnualOutput10kYuan => td_string!(l, cond_output, min),
                Metric::AnnualTax10kYuan => td_string!(l, cond_tax, min),
            }
            .to_string();
            m.element("li", "", &text);
        }
        m.close("ul");
        end(&mut m);
    }
    row(&mut m, td_string!(l, policy_how));
    m.text(p.how_to_apply.get(lang));
    end(&mut m);
    row(&mut m, td_string!(l, policy_contact));
    for part in contact_parts(p.contact.get(lang)) {
        match part {
            ContactPart::Words(w) => {
                m.text(w);
            }
            ContactPart::Phone(phone) => {
                m.link(&dial(phone), phone);
            }
        }
    }
    end(&mut m);
    row(&mut m, td_string!(l, policy_issuer));
    m.text(p.issuer.get(lang));
    end(&mut m);
    row(&mut m, td_string!(l, policy_doc));
    m.text(&p.doc_number);
    end(&mut m);
    if let Some(url) = &p.source_url {
        row(&mut m, td_string!(l, policy_source));
        let attributes = format!(
            "href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\"",
            Markup::escaped(url)
        );
        m.open_with("a", &attributes)
            .text(td_string!(l, policy_source_link))
            .close("a");
        end(&mut m);
    }
    m.close("dl");
    let validity = match p.valid_to {
        Some(to) => td_string!(
            l,
            valid_range,
            from = format::date(l, p.valid_from),
            to = format::date(l, to)
        )
        .to_string(),
        None => td_string!(l, valid_open, from = format::date(l, p.valid_from)).to_string(),
    };
    let tools: Vec<&str> = p.tools.iter().map(|t| labels::policy_tool(l, *t)).collect();
    m.element(
        "p",
        "ysmap-note",
        &format!("{validity} · {}", tools.join(" · ")),
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_card_says_its_mode_state_conditions_and_links_its_telephones() {
        let c: ysmap_model::Catalog =
            serde_json::from_str(include_str!("../../public/data/catalog.json")).expect("sample");
        let p = c
            .policies
            .iter()
            .find(|p| p.id == "pol-county-factory-rent")
            .expect("sample");
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let html = policy_html(Locale::zh_CN, p, today);
        assert!(
            html.contains(
                "<span class=\"tag mode fast_track\"><span aria-hidden=\"true\">» </span>"
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"state in-force\">"), "{html}");
        assert!(html.contains("<ul><li>"), "{html}");
        assert!(html.contains("<a href=\"tel:"), "{html}");
        let late = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
        assert!(policy_html(Locale::en, p, late).contains("state expired"));
    }
}
