//! The start page (工作台) of editors and administrators: per park, how many listings there
//! are, how many are confirmed within their age, drafts and open requests, and what is
//! hidden from investors, overdue or falls due soon, with "confirm still true" for a
//! selection in one action.

use crate::Ctx;
use crate::api::{self, Failure};
use crate::words::{Tr, t, text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use ysmap_model::Lang;
use ysmap_model::overview::{DUE_SOON_DAYS, DueRecord, DueState, Overview, ParkOverview};

fn state_name(s: DueState) -> Tr {
    match s {
        DueState::Hidden => Tr("已对投资者隐藏", "hidden from investors"),
        DueState::Overdue => Tr("已过核实期", "overdue"),
        DueState::DueSoon => Tr("即将到期", "due soon"),
    }
}

/// The start page.
#[component]
pub fn Start() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let overview = RwSignal::new(None::<Result<Overview, Failure>>);
    let load = move || {
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            overview.set(Some(api::get::<Overview>("overview", lang).await));
        });
    };
    load();
    view! {
        <section class="ysc-list ysc-start" aria-labelledby="ysc-start-h">
            <h2 id="ysc-start-h">{t(Tr("工作台", "Start"))}</h2>
            <p class="ysc-hint">{move || match ctx.lang.get() {
                Lang::Zh => format!("下列记录已对投资者隐藏、已过核实期或将在 {DUE_SOON_DAYS} 天内到期。核实无误后勾选并确认。"),
                Lang::En => format!("These records are hidden from investors, overdue, or fall due within {DUE_SOON_DAYS} days. Check them, tick those still true and confirm."),
            }}</p>
            {move || match overview.get() {
                None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(o)) if o.parks.is_empty() => view! { <p>{t(Tr("您的账号还没有分配园区。", "No park is assigned to your account yet."))}</p> }.into_any(),
                Some(Ok(o)) => o.parks.into_iter().map(|p| view! { <ParkCard park=p reload=load /> }).collect_view().into_any(),
            }}
        </section>
    }
}

#[component]
fn ParkCard(park: ParkOverview, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lang = ctx.lang.get_untracked();
    let heading = format!("ysc-park-{}", park.park_id);
    let chosen = RwSignal::new(Vec::<(String, String)>::new());
    let notice = RwSignal::new(None::<(bool, String)>);
    let figures = [
        (Tr("载体", "Listings"), park.listings),
        (
            Tr("核实期内", "Confirmed within age"),
            park.verified_within_age,
        ),
        (Tr("草稿", "Drafts"), park.drafts),
        (Tr("未办结申请", "Open requests"), park.open_requests),
    ];
    let due = park.due.clone();
    let all: Vec<(String, String)> = due
        .iter()
        .map(|d| (d.collection.clone(), d.id.clone()))
        .collect();
    let count = all.len();
    let confirm = move |_| {
        let picked = chosen.get_untracked();
        if picked.is_empty() {
            notice.set(Some((
                false,
                Tr(
                    "请先勾选要确认的记录。",
                    "Tick the records to confirm first.",
                )
                .get(ctx.lang.get_untracked())
                .to_owned(),
            )));
            return;
        }
        let mut by_collection: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (c, id) in picked {
            by_collection.entry(c).or_default().push(id);
        }
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            for (collection, ids) in by_collection {
                let body = serde_json::json!({ "ids": ids });
                if let Err(e) = api::send::<serde_json::Value, _>(
                    "POST",
                    &format!("{collection}/confirm"),
                    &body,
                    lang,
                    &csrf,
                )
                .await
                {
                    notice.set(Some((false, e.message)));
                    return;
                }
            }
            chosen.set(Vec::new());
            reload();
        });
    };
    view! {
        <article class="ysc-card ysc-park" aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{text(&park.name, lang)}</h3>
            <dl class="ysc-figures">
                {figures.into_iter().map(|(name, n)| view! { <div><dt>{t(name)}</dt><dd>{n}</dd></div> }).collect_view()}
            </dl>
            {if due.is_empty() {
                view! { <p class="ysc-ok">{t(Tr("全部记录都在核实期内。", "Every record is confirmed within its age."))}</p> }.into_any()
            } else {
                view! {
                    <fieldset class="ysc-due">
                        <legend>{move || match ctx.lang.get() {
                            Lang::Zh => format!("待核实 {count} 条"),
                            Lang::En => format!("{count} to confirm"),
                        }}</legend>
                        <label class="ysc-check">
                            <input type="checkbox"
                                prop:checked=move || chosen.with(|c| c.len() == count)
                                on:change={
                                    let all = all.clone();
                                    move |ev| chosen.set(if event_target_checked(&ev) { all.clone() } else { Vec::new() })
                                } />
                            {t(Tr("全选", "Select all"))}
                        </label>
                        <ul class="ysc-rows">
                            {due.iter().cloned().map(|d| view! { <DueRow record=d chosen=chosen /> }).collect_view()}
                        </ul>
                        <button type="button" class="ysc-primary" on:click=confirm>{t(Tr("确认所选仍然有效", "Confirm the selection still true"))}</button>
                    </fieldset>
                }.into_any()
            }}
            {move || notice.get().map(|(ok, m)| view! { <p class=if ok { "ysc-ok" } else { "ysc-error" } role="alert">{m}</p> })}
        </article>
    }
}

#[component]
fn DueRow(record: DueRecord, chosen: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = (record.collection.clone(), record.id.clone());
    let kind = match record.collection.as_str() {
        "parks" => Tr("园区", "Park"),
        "policies" => Tr("政策", "Policy"),
        _ => Tr("载体", "Listing"),
    };
    let (k1, k2) = (key.clone(), key);
    let class = match record.state {
        DueState::Hidden => "ysc-due-row ysc-hidden",
        DueState::Overdue => "ysc-due-row ysc-overdue",
        DueState::DueSoon => "ysc-due-row",
    };
    view! {
        <li class=class data-id=record.id.clone()>
            <label class="ysc-check">
                <input type="checkbox"
                    prop:checked=move || chosen.with(|c| c.contains(&k1))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        chosen.update(|c| {
                            c.retain(|x| *x != k2);
                            if on { c.push(k2.clone()); }
                        });
                    } />
                <span>
                    {move || format!("{} · {}", kind.get(ctx.lang.get()), text(&record.name, ctx.lang.get()))}
                    <span class="ysc-muted">{move || {
                        let lang = ctx.lang.get();
                        format!(
                            " · {} · {}{} · {}{}",
                            state_name(record.state).get(lang),
                            Tr("最后核实 ", "verified ").get(lang),
                            ysmap_model::clock::iso_date(record.verified_at),
                            Tr("到期 ", "due ").get(lang),
                            ysmap_model::clock::iso_date(record.due_on),
                        )
                    }}</span>
                </span>
            </label>
        </li>
    }
}
