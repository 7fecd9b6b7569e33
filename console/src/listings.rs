//! Listings, for park editors and administrators: the facilities in the account's parks with
//! what changes most (availability, rent, price, published or draft) and the verification date
//! (最后核实): "confirm still true" sets it to today in one action. Every save goes through the
//! server's checks and is on the public map at once.

use crate::Ctx;
use crate::api::{self, Failure};
use crate::history::RecordHistory;
use crate::words::{Tr, t, text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use std::sync::Arc;
use ysmap_model::catalog::{Availability, Facility, Standing};
use ysmap_model::{Catalog, Lang};

const AVAILABILITY: [(Availability, Tr); 5] = [
    (Availability::ForRent, Tr("可租", "For rent")),
    (Availability::ForSale, Tr("可售", "For sale")),
    (
        Availability::ForRentOrSale,
        Tr("可租可售", "For rent or sale"),
    ),
    (Availability::Let, Tr("已租/已售", "Let or sold")),
    (
        Availability::UnderConstruction,
        Tr("在建", "Under construction"),
    ),
];

#[derive(serde::Deserialize)]
struct Records {
    records: Vec<Value>,
}

fn today() -> chrono::NaiveDate {
    ysmap_model::clock::county_date_at_millis(js_sys::Date::now())
}

/// The listings page.
#[component]
pub fn Listings() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let records = RwSignal::new(None::<Result<Vec<Value>, Failure>>);
    let catalog = RwSignal::new(None::<Arc<Catalog>>);
    let lang = ctx.lang.get_untracked();
    let load = move || {
        spawn_local(async move {
            if let Ok(c) = api::catalog(lang).await {
                catalog.set(Some(Arc::new(c)));
            }
            records.set(Some(
                api::get::<Records>("facilities", lang)
                    .await
                    .map(|r| r.records),
            ));
        });
    };
    load();
    view! {
        <section class="ysc-list ysc-listings" aria-labelledby="ysc-listings-h">
            <h2 id="ysc-listings-h">{t(Tr("载体维护", "Listings"))}</h2>
            <p class="ysc-hint">{move || catalog.get().map(|c| {
                let a = c.meta.freshness.facilities;
                let hide = a.hide_after_days.map(|h| match ctx.lang.get() {
                    Lang::Zh => format!("超过 {h} 天即对投资者隐藏,直到再次确认。"),
                    Lang::En => format!(" After {h} days it is hidden from investors until confirmed again."),
                }).unwrap_or_default();
                match ctx.lang.get() {
                    Lang::Zh => format!("超过 {} 天未核实的载体标为“待核实”,投资者看到“信息可能已过时”;{hide}核实无误后点“确认仍然有效”。", a.due_after_days),
                    Lang::En => format!("Listings not confirmed for {} days are marked due and investors see “may be out of date”.{hide} When one is still true, press Confirm still true.", a.due_after_days),
                }
            })}</p>
            {move || match records.get() {
                None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(list)) => {
                    let cat = catalog.get();
                    view! {
                        <ul class="ysc-rows">
                            {list.into_iter().map(|r| view! { <li class="ysc-account"><Listing record=r catalog=cat.clone() /></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Listing(record: Value, catalog: Option<Arc<Catalog>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lang = ctx.lang.get_untracked();
    let record = RwSignal::new(record);
    let notice = RwSignal::new(None::<(bool, String)>);
    let parsed = move || serde_json::from_value::<Facility>(record.get()).ok();
    let Some(f) = parsed() else {
        return view! { <p>{record.get_untracked()["id"].as_str().unwrap_or("").to_owned()}</p> }
            .into_any();
    };
    let id = f.id.clone();
    let park = catalog
        .as_ref()
        .and_then(|c| c.park(&f.park_id))
        .map_or(f.park_id.clone(), |p| text(&p.name, lang));
    let rent = RwSignal::new(
        f.rent_yuan_per_m2_month
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let price = RwSignal::new(
        f.sale_price_yuan_per_m2
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let availability = RwSignal::new(f.availability);
    let published = RwSignal::new(f.published);
    let history_id = id.clone();
    // A restored version shows in the form at once.
    let restored = move |r: Value| {
        if let Ok(f) = serde_json::from_value::<Facility>(r.clone()) {
            rent.set(
                f.rent_yuan_per_m2_month
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            );
            price.set(
                f.sale_price_yuan_per_m2
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            );
            availability.set(f.availability);
            published.set(f.published);
        }
        record.set(r);
    };
    let field = move |name: &str| format!("ysc-l-{id}-{name}");
    let (rent_id, price_id, avail_id, pub_id) = (
        field("rent"),
        field("price"),
        field("availability"),
        field("published"),
    );

    // Saves the form's values (and, when `confirm`, today as the verification date).
    let save = move |confirm: bool| {
        let mut r = record.get_untracked();
        let number = |s: String| -> Result<Value, ()> {
            let s = s.trim().to_owned();
            if s.is_empty() {
                return Ok(Value::Null);
            }
            s.parse::<f64>().map(Value::from).map_err(|_| ())
        };
        let (Ok(rent_v), Ok(price_v)) =
            (number(rent.get_untracked()), number(price.get_untracked()))
        else {
            notice.set(Some((
                false,
                Tr("租金和售价须为数字。", "Rent and price must be numbers.")
                    .get(ctx.lang.get_untracked())
                    .to_owned(),
            )));
            return;
        };
        r["rent_yuan_per_m2_month"] = rent_v;
        r["sale_price_yuan_per_m2"] = price_v;
        r["availability"] = serde_json::to_value(availability.get_untracked()).unwrap_or_default();
        r["published"] = Value::Bool(published.get_untracked());
        if confirm {
            r["verified_at"] = Value::String(ysmap_model::clock::iso_date(today()));
        }
        let id = r["id"].as_str().unwrap_or("").to_owned();
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            match api::send::<Value, _>("PUT", &format!("facilities/{id}"), &r, lang, &csrf).await {
                Ok(saved) => {
                    record.set(saved);
                    let done = if confirm {
                        Tr(
                            "已确认并保存;投资者已能看到。",
                            "Confirmed and saved; investors see it now.",
                        )
                    } else {
                        Tr("已保存;投资者已能看到。", "Saved; investors see it now.")
                    };
                    notice.set(Some((true, done.get(lang).to_owned())));
                }
                Err(e) => {
                    let field = if e.field.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", e.field)
                    };
                    notice.set(Some((false, format!("{field}{}", e.message))));
                }
            }
        });
    };
    let badge = move || {
        parsed().map(|f| {
            let lang = ctx.lang.get();
            let state = if f.published {
                Tr("已发布", "Published")
            } else {
                Tr("草稿", "Draft")
            }
            .get(lang);
            let standing = catalog.as_ref().map_or(Standing::Fresh, |c| {
                c.meta.freshness.facilities.standing(f.verified_at, today())
            });
            let due = match standing {
                Standing::Fresh => None,
                Standing::Due => Some(Tr(" · 待核实", " · due for confirmation").get(lang)),
                Standing::Hidden => Some(
                    Tr(
                        " · 已对投资者隐藏,请确认",
                        " · hidden from investors: confirm it",
                    )
                    .get(lang),
                ),
            };
            format!(
                "{} · {state} · {}{}{}",
                text(&f.name, lang),
                Tr("最后核实 ", "verified ").get(lang),
                ysmap_model::clock::iso_date(f.verified_at),
                due.unwrap_or("")
            )
        })
    };
    view! {
        <details>
            <summary>{badge} <span class="ysc-muted">{format!(" · {park}")}</span></summary>
            <form class="ysc-account-form" on:submit=move |ev| { ev.prevent_default(); save(false); }>
                <div class="ysc-field">
                    <label for=avail_id.clone()>{t(Tr("供应状态", "Availability"))}</label>
                    <select id=avail_id on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((a, _)) = AVAILABILITY.iter().find(|(a, _)| ysmap_model::wire::code(*a) == v) { availability.set(*a); }
                    }>
                        {AVAILABILITY.iter().map(|(a, name)| {
                            let a = *a;
                            view! { <option value=ysmap_model::wire::code(a) selected=move || availability.get() == a>{t(*name)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="ysc-field">
                    <label for=rent_id.clone()>{t(Tr("租金(元/平方米/月)", "Rent (yuan/m²/month)"))}</label>
                    <input id=rent_id type="text" inputmode="decimal" prop:value=move || rent.get() on:input:target=move |ev| rent.set(ev.target().value()) />
                </div>
                <div class="ysc-field">
                    <label for=price_id.clone()>{t(Tr("售价(元/平方米)", "Sale price (yuan/m²)"))}</label>
                    <input id=price_id type="text" inputmode="decimal" prop:value=move || price.get() on:input:target=move |ev| price.set(ev.target().value()) />
                </div>
                <label class="ysc-check"><input id=pub_id type="checkbox" prop:checked=move || published.get() on:change=move |ev| published.set(event_target_checked(&ev)) />{t(Tr("发布(取消即为草稿,投资者看不到)", "Published (unticked: a draft investors do not see)"))}</label>
                <div class="ysc-buttons">
                    <button type="submit" class="ysc-primary">{t(Tr("保存", "Save"))}</button>
                    <button type="button" on:click=move |_| save(true)>{t(Tr("确认仍然有效", "Confirm still true"))}</button>
                </div>
                {move || notice.get().map(|(ok, m)| view! { <p class=if ok { "ysc-ok" } else { "ysc-error" } role="alert">{m}</p> })}
            </form>
            <RecordHistory collection="facilities" id=history_id restored=restored />
        </details>
    }.into_any()
}
