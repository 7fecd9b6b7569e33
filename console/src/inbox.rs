//! The inbox: the requests in the account's scope with filters, and one request in full with
//! the changes a helper makes. Every change sends the version it was made on; when someone else
//! changed the request first, the console says so and shows the request as it now is.

use crate::Ctx;
use crate::api::{self, Failure};
use crate::words::{Tr, day, t, text, when};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use ysmap_model::request::{RequestStatus, Service};
use ysmap_model::staff::{
    AssignBody, EventKind, Helpers, Inbox as InboxList, InboxDetail, InboxItem, ProposalBody,
    StatusBody, TextBody,
};
use ysmap_model::{Catalog, Lang};

/// The list's filters, as the query string the server reads.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    status: String,
    overdue: bool,
    assignee: String,
    q: String,
    sort: String,
}

impl Filters {
    fn query(&self) -> String {
        let mut parts = Vec::new();
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        if !self.status.is_empty() {
            parts.push(format!("status={}", enc(&self.status)));
        }
        if self.overdue {
            parts.push("overdue=true".to_owned());
        }
        if !self.assignee.is_empty() {
            parts.push(format!("assignee={}", enc(&self.assignee)));
        }
        if !self.q.trim().is_empty() {
            parts.push(format!("q={}", enc(self.q.trim())));
        }
        if !self.sort.is_empty() {
            parts.push(format!("sort={}", enc(&self.sort)));
        }
        parts.join("&")
    }
}

fn service_names(services: &[Service], lang: Lang) -> String {
    services
        .iter()
        .map(|s| s.name(lang))
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "、" } else { ", " })
}

fn park_names(catalog: &Catalog, ids: &[String], lang: Lang) -> String {
    if ids.is_empty() {
        return Tr("未指定(请推荐)", "None named (recommend one)")
            .get(lang)
            .to_owned();
    }
    ids.iter()
        .map(|id| catalog.park(id).map_or(id.clone(), |p| text(&p.name, lang)))
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "、" } else { ", " })
}

/// The inbox page.
#[component]
pub fn Inbox() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let filters = RwSignal::new(Filters::default());
    let list = RwSignal::new(None::<Result<InboxList, Failure>>);
    let selected = RwSignal::new(None::<String>);
    let catalog = RwSignal::new(None::<Arc<Catalog>>);
    let helpers = RwSignal::new(Vec::new());

    spawn_local(async move {
        let lang = ctx.lang.get_untracked();
        if let Ok(c) = api::catalog(lang).await {
            catalog.set(Some(Arc::new(c)));
        }
        if let Ok(h) = api::get::<Helpers>("helpers", lang).await {
            helpers.set(h.helpers);
        }
    });
    let reload = move || {
        let query = filters.get_untracked().query();
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            let answer = api::get::<InboxList>(&format!("requests?{query}"), lang).await;
            if answer.as_ref().is_err_and(Failure::signed_out) {
                ctx.session.set(None);
            }
            list.set(Some(answer));
        });
    };
    Effect::new(move |_| {
        filters.track();
        reload();
    });

    let set = move |f: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filters.update(|x| f(x, v));
        }
    };
    let me = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| s.user.username.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <div class="ysc-inbox">
            <section class="ysc-list" aria-labelledby="ysc-list-h">
                <h2 id="ysc-list-h">{t(Tr("帮办代办申请", "Assistance requests"))}</h2>
                <form class="ysc-filters" role="search" on:submit=|ev| ev.prevent_default()>
                    <label>{t(Tr("状态", "Status"))}
                        <select on:change=set(|f, v| f.status = v)>
                            <option value="">{t(Tr("全部", "All"))}</option>
                            {RequestStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.code()>{move || s.name(ctx.lang.get())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>{t(Tr("经办人", "Assignee"))}
                        <select on:change=set(|f, v| f.assignee = v)>
                            <option value="">{t(Tr("全部", "All"))}</option>
                            <option value=me>{t(Tr("我的", "Mine"))}</option>
                            <option value="none">{t(Tr("未分派", "Unassigned"))}</option>
                        </select>
                    </label>
                    <label>{t(Tr("排序", "Sort"))}
                        <select on:change=set(|f, v| f.sort = v)>
                            <option value="newest">{t(Tr("最新", "Newest"))}</option>
                            <option value="oldest">{t(Tr("最早", "Oldest"))}</option>
                            <option value="due">{t(Tr("时限最近", "Due soonest"))}</option>
                        </select>
                    </label>
                    <label class="ysc-check">
                        <input type="checkbox" on:change:target=move |ev| {
                            let on = ev.target().checked();
                            filters.update(|f| f.overdue = on);
                        } />
                        {t(Tr("只看超时", "Overdue only"))}
                    </label>
                    <label class="ysc-search">{t(Tr("搜索企业或编号", "Search company or code"))}
                        <input type="search" on:change=set(|f, v| f.q = v) />
                    </label>
                </form>
                {move || match list.get() {
                    None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                    Some(Ok(l)) if l.requests.is_empty() => view! { <p>{t(Tr("没有符合条件的申请。", "No requests match."))}</p> }.into_any(),
                    Some(Ok(l)) => view! {
                        <p class="ysc-count" role="status">{move || match ctx.lang.get() {
                            Lang::Zh => format!("共 {} 条", l.total),
                            Lang::En => format!("{} in all", l.total),
                        }}</p>
                        <p class="ysc-export">
                            <a href=move || crate::api::server_url(&format!("api/admin/requests.csv?{}", filters.get().query())) download>{t(Tr("导出 CSV", "Export CSV"))}</a>
                            <a href=move || crate::api::server_url(&format!("api/admin/requests.xlsx?{}", filters.get().query())) download>{t(Tr("导出 Excel", "Export Excel"))}</a>
                        </p>
                        <ul class="ysc-rows">
                            {l.requests.into_iter().map(|item| view! { <Row item selected /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            {move || selected.get().map(|code| view! {
                <Detail code catalog helpers on_change=Callback::new(move |_| reload()) on_close=Callback::new(move |_| selected.set(None)) />
            })}
        </div>
    }
}

#[component]
fn Row(item: InboxItem, selected: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let code = item.tracking_code.clone();
    let is_selected = {
        let code = code.clone();
        move || selected.get().as_deref() == Some(code.as_str())
    };
    let open = {
        let code = code.clone();
        move |_| selected.set(Some(code.clone()))
    };
    let company = if item.company.is_empty() {
        "—".to_owned()
    } else {
        item.company.clone()
    };
    let status = item.status;
    view! {
        <li class="ysc-row" class:overdue=item.overdue>
            <button type="button" aria-current=move || is_selected().then_some("true") on:click=open>
                <span class="ysc-code">{code.clone()}</span>
                <span class="ysc-company">{company}</span>
                <span class="ysc-status" data-status=status.code()>{move || status.name(ctx.lang.get())}</span>
                <span class="ysc-due">
                    {t(Tr("时限 ", "Due "))}{day(item.due_at)}
                    {item.overdue.then(|| view! { <strong class="ysc-late">{t(Tr(" · 已超时", " · overdue"))}</strong> })}
                    {item.complained.then(|| view! { <strong class="ysc-late">{t(Tr(" · 已督办", " · escalated"))}</strong> })}
                </span>
                <span class="ysc-assignee">{item.assignee.clone().unwrap_or_default()}</span>
            </button>
        </li>
    }
}

#[component]
fn Detail(
    code: String,
    catalog: RwSignal<Option<Arc<Catalog>>>,
    helpers: RwSignal<Vec<ysmap_model::staff::StaffUser>>,
    on_change: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let detail = RwSignal::new(None::<InboxDetail>);
    let notice = RwSignal::new(None::<String>);
    let load = {
        let code = code.clone();
        move || {
            let code = code.clone();
            let lang = ctx.lang.get_untracked();
            spawn_local(async move {
                match api::get::<InboxDetail>(&format!("requests/{code}"), lang).await {
                    Ok(d) => detail.set(Some(d)),
                    Err(e) => notice.set(Some(e.message)),
                }
            });
        }
    };
    load();
    let load = StoredValue::new(load);

    // Sends one change; on success shows the answer, on a conflict reloads and says why.
    let change = move |method: &'static str,
                       what: &'static str,
                       body: serde_json::Value,
                       done: Option<Callback<()>>| {
        let Some(code) =
            detail.with_untracked(|d| d.as_ref().map(|d| d.item.tracking_code.clone()))
        else {
            return;
        };
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            match api::send::<InboxDetail, _>(
                method,
                &format!("requests/{code}/{what}"),
                &body,
                lang,
                &csrf,
            )
            .await
            {
                Ok(d) => {
                    detail.set(Some(d));
                    notice.set(None);
                    on_change.run(());
                    if let Some(done) = done {
                        done.run(());
                    }
                }
                Err(e) => {
                    if e.conflict() {
                        load.with_value(|l| l());
                    }
                    notice.set(Some(e.message));
                }
            }
        });
    };
    let version = move || detail.with_untracked(|d| d.as_ref().map_or(0, |d| d.item.version));

    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let move_to = move |to: RequestStatus| {
        let body = serde_json::to_value(StatusBody {
            to,
            reason: reason.get_untracked(),
            version: version(),
        })
        .unwrap_or_default();
        change(
            "POST",
            "status",
            body,
            Some(Callback::new(move |_| reason.set(String::new()))),
        );
    };

    view! {
        <section class="ysc-detail" aria-labelledby="ysc-detail-h">
            <div class="ysc-detail-head">
                <h2 id="ysc-detail-h" tabindex="-1">{code.clone()}</h2>
                <button type="button" on:click=move |_| on_close.run(())>{t(Tr("关闭", "Close"))}</button>
            </div>
            {move || notice.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
            {move || detail.get().map(|d| {
                let lang = ctx.lang.get();
                let r = d.request.clone();
                let cat = catalog.get();
                let parks = cat.as_ref().map(|c| park_names(c, &d.item.park_ids, lang)).unwrap_or_default();
                let industry = cat.as_ref().and_then(|c| c.industry(&r.industry_id)).map(|i| text(&i.name, lang))
                    .or_else(|| ysmap_model::gbt4754::find(&r.industry_id).map(|d| format!("{} {}", d.code, if lang == Lang::Zh { d.zh } else { d.en })))
                    .unwrap_or_else(|| if r.industry_other.is_empty() { r.industry_id.clone() } else { r.industry_other.clone() });
                let tel = format!("tel:{}", r.phone);
                let next = d.next.clone();
                let item = d.item.clone();
                view! {
                    <p class="ysc-state">
                        <span class="ysc-status" data-status=item.status.code()>{item.status.name(lang)}</span>
                        " · " {t(Tr("承诺时限 ", "Due "))}{day(item.due_at)}
                        {item.overdue.then(|| view! { <strong class="ysc-late">{t(Tr(" · 已超时", " · overdue"))}</strong> })}
                    </p>
                    <dl class="ysc-facts">
                        <dt>{t(Tr("企业", "Company"))}</dt><dd>{if item.company.is_empty() { "—".to_owned() } else { item.company.clone() }}</dd>
                        <dt>{t(Tr("联系人", "Contact"))}</dt><dd>{r.contact_name.clone()} " " <a href=tel>{r.phone.clone()}</a> " " {r.email.clone()}</dd>
                        <dt>{t(Tr("行业", "Industry"))}</dt><dd>{industry}</dd>
                        <dt>{t(Tr("园区", "Parks"))}</dt><dd>{parks}</dd>
                        <dt>{t(Tr("服务", "Services"))}</dt><dd>{service_names(&item.services, lang)}</dd>
                        {r.planned_investment_10k_yuan.map(|v| view! { <dt>{t(Tr("计划投资", "Planned investment"))}</dt><dd>{format!("{v} 万元")}</dd> })}
                        {r.space.area_m2.map(|v| view! { <dt>{t(Tr("需求面积", "Area needed"))}</dt><dd>{format!("{v} m²")}</dd> })}
                        {r.jobs.map(|v| view! { <dt>{t(Tr("新增就业", "Jobs"))}</dt><dd>{v}</dd> })}
                        {(!r.credit_code.is_empty()).then(|| view! { <dt>{t(Tr("统一社会信用代码", "Credit code"))}</dt><dd>{r.credit_code.clone()}</dd> })}
                        {(!r.tour_slots.is_empty()).then(|| view! { <dt>{t(Tr("视频考察时间", "Video tour times"))}</dt><dd>{r.tour_slots.iter().map(|s| format!("{} {}", s.date, if s.part == ysmap_model::request::DayPart::Morning { Tr("上午", "morning").get(lang) } else { Tr("下午", "afternoon").get(lang) })).collect::<Vec<_>>().join(" / ")}</dd> })}
                        {(!r.message.is_empty()).then(|| view! { <dt>{t(Tr("留言", "Message"))}</dt><dd class="ysc-pre">{r.message.clone()}</dd> })}
                        {d.rating.as_ref().map(|rt| view! { <dt>{t(Tr("评价", "Rating"))}</dt><dd>{format!("{} / 5 {}", rt.stars, rt.comment)}</dd> })}
                    </dl>

                    {(!next.is_empty()).then(|| view! {
                        <fieldset class="ysc-actions">
                            <legend>{t(Tr("办理", "Work on it"))}</legend>
                            <div class="ysc-field">
                                <label for="ysc-reason">{t(Tr("说明(不予受理时必填)", "Reason (required to refuse)"))}</label>
                                <input id="ysc-reason" type="text" prop:value=move || reason.get() on:input:target=move |ev| reason.set(ev.target().value()) />
                            </div>
                            <div class="ysc-buttons">
                                {next.iter().map(|&to| view! {
                                    <button type="button" class:ysc-primary=to != RequestStatus::Rejected data-to=to.code() on:click=move |_| move_to(to)>
                                        {move || match ctx.lang.get() {
                                            Lang::Zh => format!("改为“{}”", to.name(Lang::Zh)),
                                            Lang::En => format!("Mark {}", to.name(Lang::En)),
                                        }}
                                    </button>
                                }).collect_view()}
                            </div>
                        </fieldset>
                    })}

                    <div class="ysc-field">
                        <label for="ysc-assignee">{t(Tr("分派给", "Assigned to"))}</label>
                        <select id="ysc-assignee" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let body = serde_json::to_value(AssignBody { assignee: (!v.is_empty()).then_some(v), version: version() }).unwrap_or_default();
                            change("POST", "assignee", body, None);
                        }>
                            <option value="" selected=item.assignee.is_none()>{t(Tr("未分派", "Unassigned"))}</option>
                            {helpers.get().into_iter().filter(|h| cat.as_ref().is_none_or(|c| h.handles(&item.park_ids, c))).map(|h| {
                                let chosen = item.assignee.as_deref() == Some(h.username.as_str());
                                let label = if h.display_name.is_empty() { h.username.clone() } else { format!("{} ({})", h.display_name, h.username) };
                                view! { <option value=h.username.clone() selected=chosen>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>

                    <TextAction id="ysc-message" label=Tr("给投资者的消息(投资者可见)", "Message to the investor (they see it)") button=Tr("发送消息", "Send message") value=message
                        on_send=Callback::new(move |text: String| {
                            let body = serde_json::to_value(TextBody { text, version: version() }).unwrap_or_default();
                            change("POST", "messages", body, Some(Callback::new(move |_| message.set(String::new()))));
                        }) />
                    <TextAction id="ysc-note" label=Tr("内部备注(投资者不可见)", "Internal note (never shown to the investor)") button=Tr("添加备注", "Add note") value=note
                        on_send=Callback::new(move |text: String| {
                            let body = serde_json::to_value(TextBody { text, version: version() }).unwrap_or_default();
                            change("POST", "notes", body, Some(Callback::new(move |_| note.set(String::new()))));
                        }) />

                    {cat.clone().map(|c| view! { <ProposalEditor detail=d.clone() catalog=c on_save=Callback::new(move |body: ProposalBody| {
                        let body = serde_json::to_value(ProposalBody { version: version(), ..body }).unwrap_or_default();
                        change("PUT", "proposal", body, None);
                    }) /> })}

                    <h3>{t(Tr("办理记录", "History"))}</h3>
                    <ol class="ysc-history">
                        {d.events.iter().map(|e| {
                            let what = match e.kind {
                                EventKind::Status => e.status.name(lang).to_owned(),
                                EventKind::Assigned => format!("{}{}", Tr("分派给 ", "assigned to ").get(lang), if e.body.is_empty() { "—" } else { &e.body }),
                                EventKind::Note => format!("{}{}", Tr("内部备注:", "note: ").get(lang), e.body),
                                EventKind::Message => format!("{}{}", Tr("消息:", "message: ").get(lang), e.body),
                                EventKind::Proposal => format!("{}{}", Tr("发布招商方案 ", "proposal published ").get(lang), e.body),
                                EventKind::Complaint => format!("{}{}", Tr("投资者督办:", "escalated by the investor: ").get(lang), e.body),
                                EventKind::Rating => format!("{}{}", Tr("投资者评价 ", "rated ").get(lang), e.body),
                                EventKind::Erased => Tr("投资者删除了个人信息", "the investor deleted their data").get(lang).to_owned(),
                            };
                            let reason = (e.kind == EventKind::Status && !e.body.is_empty()).then(|| format!(" · {}", e.body));
                            let who = e.actor.clone().unwrap_or_else(|| Tr("投资者", "investor").get(lang).to_owned());
                            view! { <li data-kind=e.kind.code()><time>{when(e.at)}</time> " · " {who} " · " {what} {reason}</li> }
                        }).collect_view()}
                    </ol>
                }
            })}
        </section>
    }
}

#[component]
fn TextAction(
    id: &'static str,
    label: Tr,
    button: Tr,
    value: RwSignal<String>,
    on_send: Callback<String>,
) -> impl IntoView {
    view! {
        <form class="ysc-field" on:submit=move |ev| {
            ev.prevent_default();
            let text = value.get_untracked();
            if !text.trim().is_empty() {
                on_send.run(text);
            }
        }>
            <label for=id>{t(label)}</label>
            <textarea id=id rows="3" prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())></textarea>
            <button type="submit">{t(button)}</button>
        </form>
    }
}

/// The tailored proposal (招商方案): facilities on offer in the request's parks (all parks when
/// it names none) and the policies that apply to those parks, picked by checkbox, with a note.
#[component]
fn ProposalEditor(
    detail: InboxDetail,
    catalog: Arc<Catalog>,
    on_save: Callback<ProposalBody>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let current = detail.proposal.clone().unwrap_or_default();
    let published = current.published_at;
    let facilities = RwSignal::new(current.facility_ids.clone());
    let policies = RwSignal::new(current.policy_ids.clone());
    let note = RwSignal::new(current.note.clone());
    let parks = detail.item.park_ids.clone();
    let in_scope = |park: &str| parks.is_empty() || parks.iter().any(|p| p == park);
    let today = ysmap_model::clock::county_date_at_millis(js_sys::Date::now());
    let facility_choices: Vec<(String, String)> = catalog
        .facilities
        .iter()
        .filter(|f| {
            in_scope(&f.park_id) && f.availability.offer() == ysmap_model::catalog::Offer::OnOffer
        })
        .map(|f| (f.id.clone(), text(&f.name, ctx.lang.get_untracked())))
        .collect();
    let policy_choices: Vec<(String, String)> = catalog
        .policies
        .iter()
        .filter(|p| {
            p.in_force_on(today)
                && (parks.is_empty()
                    || parks
                        .iter()
                        .any(|id| catalog.park(id).is_some_and(|park| p.applies_to_park(park))))
        })
        .map(|p| (p.id.clone(), text(&p.title, ctx.lang.get_untracked())))
        .collect();
    let toggle = |list: RwSignal<Vec<String>>, id: String| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            list.update(|l| {
                l.retain(|x| *x != id);
                if on {
                    l.push(id.clone());
                }
            });
        }
    };
    let save = move |publish: bool| {
        on_save.run(ProposalBody {
            facility_ids: facilities.get_untracked(),
            policy_ids: policies.get_untracked(),
            note: note.get_untracked(),
            publish,
            version: 0,
        });
    };
    view! {
        <fieldset class="ysc-proposal">
            <legend>{t(Tr("招商方案", "Tailored proposal"))}</legend>
            <p>{match published {
                Some(at) => format!("{}{}", Tr("已发布于 ", "Published ").get(ctx.lang.get_untracked()), when(at)),
                None => Tr("尚未发布:投资者看不到草稿。", "Not published: the investor does not see a draft.").get(ctx.lang.get_untracked()).to_owned(),
            }}</p>
            <h3>{t(Tr("载体", "Facilities"))}</h3>
            <ul class="ysc-picks">
                {facility_choices.into_iter().map(|(id, name)| {
                    let checked = facilities.get_untracked().contains(&id);
                    view! { <li><label><input type="checkbox" value=id.clone() checked=checked on:change=toggle(facilities, id.clone()) />{name}</label></li> }
                }).collect_view()}
            </ul>
            <h3>{t(Tr("适用政策", "Policies that apply"))}</h3>
            <ul class="ysc-picks">
                {policy_choices.into_iter().map(|(id, name)| {
                    let checked = policies.get_untracked().contains(&id);
                    view! { <li><label><input type="checkbox" value=id.clone() checked=checked on:change=toggle(policies, id.clone()) />{name}</label></li> }
                }).collect_view()}
            </ul>
            <div class="ysc-field">
                <label for="ysc-proposal-note">{t(Tr("方案说明", "Note"))}</label>
                <textarea id="ysc-proposal-note" rows="3" prop:value=move || note.get() on:input:target=move |ev| note.set(ev.target().value())></textarea>
            </div>
            <div class="ysc-buttons">
                <button type="button" on:click=move |_| save(false)>{t(Tr("保存草稿", "Save draft"))}</button>
                <button type="button" class="ysc-primary" on:click=move |_| save(true)>{t(Tr("发布给投资者", "Publish to the investor"))}</button>
            </div>
        </fieldset>
    }
}
