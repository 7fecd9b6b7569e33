//! A record's history (变更记录): every change, newest first, who made it and when, each
//! changed field before and after; an earlier version can be restored (the restoration is a
//! change of its own, and goes through every check a save does).

use crate::Ctx;
use crate::api;
use crate::words::{Tr, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
struct FieldChange {
    field: String,
    before: Value,
    after: Value,
}

#[derive(Debug, Clone, Deserialize)]
struct Version {
    version: i64,
    action: String,
    actor: String,
    at: chrono::DateTime<chrono::Utc>,
    changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Deserialize)]
struct History {
    versions: Vec<Version>,
}

fn action_name(action: &str) -> Tr {
    match action {
        "created" => Tr("新建", "created"),
        "deleted" => Tr("删除", "deleted"),
        "restored" => Tr("恢复", "restored"),
        "confirmed" => Tr("确认仍然有效", "confirmed still true"),
        "imported" => Tr("导入", "imported"),
        _ => Tr("修改", "changed"),
    }
}

/// A value as a person reads it in a diff.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) if s.is_empty() => "“”".to_owned(),
        Value::String(s) => s.clone(),
        Value::Object(m) if m.contains_key("zh") => m
            .values()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" / "),
        other => other.to_string(),
    }
}

/// The history of `collection`/`id`, opened on demand; `restored` gets the record once a
/// version is back.
#[component]
pub fn RecordHistory(
    collection: &'static str,
    id: String,
    restored: impl Fn(Value) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let versions = RwSignal::new(None::<Result<Vec<Version>, String>>);
    let notice = RwSignal::new(None::<(bool, String)>);
    let path = StoredValue::new(format!("{collection}/{id}"));
    let load = move || {
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            let found = api::get::<History>(&format!("{}/history", path.get_value()), lang).await;
            versions.set(Some(found.map(|h| h.versions).map_err(|e| e.message)));
        });
    };
    let restore = move |version: i64| {
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            let body = serde_json::json!({ "version": version });
            match api::send::<Value, _>(
                "POST",
                &format!("{}/restore", path.get_value()),
                &body,
                lang,
                &csrf,
            )
            .await
            {
                Ok(record) => {
                    notice.set(Some((
                        true,
                        Tr(
                            "已恢复该版本并发布。",
                            "That version is back and published.",
                        )
                        .get(lang)
                        .to_owned(),
                    )));
                    restored(record);
                    load();
                }
                Err(e) => notice.set(Some((false, e.message))),
            }
        });
    };
    view! {
        <details class="ysc-history" on:toggle=move |_| if versions.get_untracked().is_none() { load() }>
            <summary>{t(Tr("变更记录", "History"))}</summary>
            {move || notice.get().map(|(ok, m)| view! { <p class=if ok { "ysc-ok" } else { "ysc-error" } role="alert">{m}</p> })}
            {move || match versions.get() {
                None => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
                Some(Err(m)) => view! { <p class="ysc-error" role="alert">{m}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{t(Tr("还没有变更。", "No changes yet."))}</p> }.into_any(),
                Some(Ok(list)) => {
                    let newest = list.first().map(|v| v.version);
                    view! {
                        <ol class="ysc-versions">
                            {list.into_iter().map(|v| {
                                let lang = ctx.lang.get_untracked();
                                let when = crate::words::when(v.at);
                                let version = v.version;
                                view! {
                                    <li>
                                        <p>{format!("{when} · {} · {}", v.actor, action_name(&v.action).get(lang))}</p>
                                        <ul class="ysc-diff">
                                            {v.changes.iter().map(|c| view! {
                                                <li><code>{c.field.clone()}</code>": " <del>{shown(&c.before)}</del>" → " <ins>{shown(&c.after)}</ins></li>
                                            }).collect_view()}
                                        </ul>
                                        {(Some(version) != newest && v.action != "deleted").then(|| view! {
                                            <button type="button" on:click=move |_| restore(version)>{t(Tr("恢复到此版本", "Restore this version"))}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </details>
    }
}
