//! Records (资料维护): every record of a collection in the account's scope (parks,
//! facilities, policies; industries and transport hubs for administrators), each opened into
//! the full editor with its history; a new record starts as a draft shaped like the others;
//! deleting asks first and is restorable by an administrator.

use crate::Ctx;
use crate::api::{self, Failure};
use crate::history::RecordHistory;
use crate::record_form::{RecordForm, blank_like};
use crate::words::{Tr, t, text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use ysmap_model::Text;
use ysmap_model::staff::Role;

/// The collections, their names, and whether only the whole catalog's administrators keep them
/// (a county's administrator keeps its county's parks, listings and policies, not the shared
/// industries and hubs); then the catalog's single documents (its information, the vector
/// base and the counties).
const COLLECTIONS: [(&str, Tr, bool); 8] = [
    ("facilities", Tr("载体", "Listings (facilities)"), false),
    ("parks", Tr("园区", "Parks"), false),
    ("policies", Tr("政策", "Policies"), false),
    ("industries", Tr("产业", "Industries"), true),
    ("transport_hubs", Tr("交通节点", "Transport hubs"), true),
    (
        "meta",
        Tr(
            "目录信息(县、服务中心、隐私告知、核实时效…)",
            "Catalog information (county, service centre, privacy notice, verification ages…)",
        ),
        true,
    ),
    ("base_layer", Tr("矢量底图", "Vector base map"), true),
    (
        "regions",
        Tr(
            "区县(名称、边界与底图、服务中心)",
            "Counties (names, outlines and base maps, service centres)",
        ),
        true,
    ),
];

/// True for the catalog's single documents.
fn is_part(collection: &str) -> bool {
    matches!(collection, "meta" | "base_layer" | "regions")
}

/// The message the model's own type gives for `record` of `collection`, if it is not one.
pub fn parse_error(collection: &str, record: &Value) -> Option<String> {
    use ysmap_model::catalog as c;
    fn err<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
        serde_json::from_value::<T>(v.clone())
            .err()
            .map(|e| e.to_string())
    }
    match collection {
        "parks" => err::<c::Park>(record),
        "facilities" => err::<c::Facility>(record),
        "industries" => err::<c::Industry>(record),
        "policies" => err::<c::Policy>(record),
        "meta" => err::<c::CatalogMeta>(record),
        "base_layer" => err::<c::BaseLayer>(record),
        "regions" => err::<c::RegionsPart>(record),
        _ => err::<c::TransportHub>(record),
    }
}

/// A record's name for its heading: `name` or `title`, in the console's language.
pub fn name_of(record: &Value, lang: ysmap_model::Lang) -> String {
    let name = record.get("name").or_else(|| record.get("title"));
    name.and_then(|n| serde_json::from_value::<Text>(n.clone()).ok())
        .map(|n| text(&n, lang))
        .unwrap_or_default()
}

#[derive(serde::Deserialize)]
struct Records {
    records: Vec<Value>,
}

/// The page.
#[component]
pub fn RecordsPage(role: Role, city_admin: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let collection = RwSignal::new("facilities");
    let records = RwSignal::new(None::<Result<Vec<Value>, Failure>>);
    let adding = RwSignal::new(false);
    let load = move || {
        let (lang, c) = (ctx.lang.get_untracked(), collection.get_untracked());
        records.set(None);
        spawn_local(async move {
            let found = if is_part(c) {
                api::get::<Value>(&format!("parts/{c}"), lang)
                    .await
                    .map(|part| vec![part])
            } else {
                api::get::<Records>(c, lang).await.map(|r| r.records)
            };
            // An answer for a collection no longer chosen is dropped (it came late).
            if collection.get_untracked() == c {
                records.set(Some(found));
            }
        });
    };
    load();
    let choices: Vec<(&'static str, Tr)> = COLLECTIONS
        .iter()
        .filter(|(_, _, city)| !city || city_admin)
        .map(|(c, name, _)| (*c, *name))
        .collect();
    view! {
        <section class="ysc-list ysc-records" aria-labelledby="ysc-records-h">
            <h2 id="ysc-records-h">{t(Tr("资料维护", "Records"))}</h2>
            <p class="ysc-hint">{t(Tr(
                "每条记录的全部字段。保存前服务器会检查格式、权限和整个目录的一致性,有问题会在对应字段旁说明。",
                "Every field of each record. Before saving, the server checks the form, your scope and the whole catalog's consistency, and names any problem beside its field.",
            ))}</p>
            <div class="ysc-field">
                <label for="ysc-records-kind">{t(Tr("内容", "What"))}</label>
                <select id="ysc-records-kind" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((c, _, _)) = COLLECTIONS.iter().find(|(c, _, _)| *c == v) {
                        collection.set(c);
                        adding.set(false);
                        load();
                    }
                }>
                    {choices.into_iter().map(|(c, name)| view! { <option value=c selected=move || collection.get() == c>{t(name)}</option> }).collect_view()}
                </select>
            </div>
            {move || match records.get() {
                None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(list)) if is_part(collection.get_untracked()) => {
                    let c = collection.get_untracked();
                    list.into_iter().next().map(|part| view! {
                        <RecordForm collection=c record=part endpoint=format!("parts/{c}") saved=move |_| {} />
                    }).into_any()
                }
                Some(Ok(list)) => {
                    let c = collection.get_untracked();
                    let template = list.first().cloned();
                    view! {
                        {template.map(|shape| view! {
                            <details class="ysc-new-record" prop:open=move || adding.get() on:toggle=move |ev| {
                                let open = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok()).is_some_and(|d| d.open());
                                adding.set(open);
                            }>
                                <summary>{t(Tr("新建一条(先存为草稿)", "Add one (saved as a draft first)"))}</summary>
                                {move || adding.get().then(|| view! { <RecordForm collection=c record=new_record(&shape) new=true saved=move |_| load() /> })}
                            </details>
                        })}
                        <ul class="ysc-rows">
                            {list.into_iter().map(|r| view! { <li class="ysc-account"><RecordRow collection=c record=r reload=load /></li> }).collect_view()}
                        </ul>
                        {(role == Role::Admin).then(|| view! { <DeletedRecords collection=c reload=load /> })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// A new record shaped like `like`: every field empty, a draft, confirmed today.
fn new_record(like: &Value) -> Value {
    let mut r = blank_like(like);
    r["published"] = Value::Bool(false);
    r["verified_at"] = Value::String(ysmap_model::clock::iso_date(
        ysmap_model::clock::county_date_at_millis(js_sys::Date::now()),
    ));
    if let Some(point) = like.get("location") {
        r["location"] = point.clone();
    }
    if let Some(boundary) = like.get("boundary") {
        r["boundary"] = boundary.clone();
    }
    r
}

#[component]
fn RecordRow(
    collection: &'static str,
    record: Value,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = record["id"].as_str().unwrap_or("").to_owned();
    let current = RwSignal::new(record);
    let open = RwSignal::new(false);
    // Bumped when a restored version replaces the record: the editor is laid out again.
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<String>);
    let heading = move || {
        let lang = ctx.lang.get();
        current.with(|r| {
            let draft =
                (r["published"] == Value::Bool(false)).then(|| Tr(" · 草稿", " · draft").get(lang));
            format!(
                "{} · {}{}",
                name_of(r, lang),
                r["id"].as_str().unwrap_or(""),
                draft.unwrap_or("")
            )
        })
    };
    let remove_id = StoredValue::new(id.clone());
    let remove = move |_: leptos::ev::MouseEvent| {
        let lang = ctx.lang.get_untracked();
        let sure = window()
            .confirm_with_message(
                Tr(
                    "确定删除这条记录?管理员可从变更记录中恢复。",
                    "Delete this record? An administrator can restore it from its history.",
                )
                .get(lang),
            )
            .unwrap_or(false);
        if !sure {
            return;
        }
        let (csrf, path) = (
            ctx.csrf(),
            format!("{collection}/{}", remove_id.get_value()),
        );
        spawn_local(async move {
            match api::send_empty::<()>("DELETE", &path, None, lang, &csrf).await {
                Ok(()) => reload(),
                Err(e) => notice.set(Some(e.message)),
            }
        });
    };
    view! {
        <details on:toggle=move |_| open.set(true)>
            <summary>{heading}</summary>
            {move || { version.track(); open.get() }.then(|| {
                let r = current.get_untracked();
                let id = id.clone();
                view! {
                    <RecordForm collection=collection record=r saved=move |r| current.set(r) />
                    <RecordHistory collection=collection id=id restored=move |r| { current.set(r); version.update(|n| *n += 1); } />
                    <button type="button" class="ysc-danger" on:click=remove>{t(Tr("删除这条记录", "Delete this record"))}</button>
                    {move || notice.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
                }
            })}
        </details>
    }
}

#[derive(Debug, Clone, serde::Deserialize)]
struct Deleted {
    id: String,
    version: i64,
    actor: String,
    at: chrono::DateTime<chrono::Utc>,
    record: Value,
}

/// The deleted records of a collection, for an administrator to bring back.
#[component]
fn DeletedRecords(
    collection: &'static str,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = RwSignal::new(None::<Result<Vec<Deleted>, Failure>>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            list.set(Some(
                api::get::<Vec<Deleted>>(&format!("{collection}/deleted"), lang).await,
            ));
        });
    };
    let restore = move |id: String, version: i64| {
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            let body = serde_json::json!({ "version": version });
            match api::send::<Value, _>(
                "POST",
                &format!("{collection}/{id}/restore"),
                &body,
                lang,
                &csrf,
            )
            .await
            {
                Ok(_) => reload(),
                Err(e) => notice.set(Some(e.message)),
            }
        });
    };
    view! {
        <details class="ysc-deleted" on:toggle=move |_| if list.get_untracked().is_none() { load() }>
            <summary>{t(Tr("已删除的记录", "Deleted records"))}</summary>
            {move || notice.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
            {move || match list.get() {
                None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! { <p>{t(Tr("没有已删除的记录。", "No deleted records."))}</p> }.into_any(),
                Some(Ok(items)) => view! {
                    <ul class="ysc-rows">
                        {items.into_iter().map(|d| {
                            let lang = ctx.lang.get_untracked();
                            let when = crate::words::when(d.at);
                            let (id, version) = (d.id.clone(), d.version);
                            view! {
                                <li class="ysc-account">
                                    {format!("{} · {} · {} {when}", name_of(&d.record, lang), d.id, d.actor)}
                                    " "
                                    <button type="button" on:click=move |_| restore(id.clone(), version)>{t(Tr("恢复", "Restore"))}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </details>
    }
}
