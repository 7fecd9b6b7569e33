//! Accounts, for administrators: who may sign in, with which role and parks; a new account gets
//! a temporary password its owner replaces at the first sign-in.

use crate::Ctx;
use crate::api::{self, Failure};
use crate::words::{Tr, t, text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use ysmap_model::staff::{
    Account, AccountChange, Accounts as AccountList, NewAccount, PasswordReset, Role,
};
use ysmap_model::{Catalog, Lang};

const ROLES: [(Role, Tr); 3] = [
    (Role::Admin, Tr("管理员", "Administrator")),
    (Role::Editor, Tr("园区编辑", "Park editor")),
    (Role::Handler, Tr("帮办人员", "Request handler")),
];

fn role_name(r: Role, lang: Lang) -> &'static str {
    ROLES
        .iter()
        .find(|(x, _)| *x == r)
        .map_or("", |(_, n)| n.get(lang))
}

/// The accounts page.
#[component]
pub fn Accounts() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = RwSignal::new(None::<Result<AccountList, Failure>>);
    let catalog = RwSignal::new(None::<Arc<Catalog>>);
    let notice = RwSignal::new(None::<(bool, String)>);
    // Bumped when an account is made: the new-account form starts empty again.
    let created = RwSignal::new(0u32);
    let lang = ctx.lang.get_untracked();
    spawn_local(async move {
        if let Ok(c) = api::catalog(lang).await {
            catalog.set(Some(Arc::new(c)));
        }
        list.set(Some(api::get::<AccountList>("staff", lang).await));
    });
    // Sends a change; the answer (every account) replaces the list.
    let change = move |method: &'static str, path: String, body: serde_json::Value, done: Tr| {
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            let answer = if method == "RESET" {
                api::send_empty("POST", &path, Some(&body), lang, &csrf)
                    .await
                    .map(|()| None)
            } else {
                api::send::<AccountList, _>(method, &path, &body, lang, &csrf)
                    .await
                    .map(Some)
            };
            match answer {
                Ok(l) => {
                    if let Some(l) = l {
                        list.set(Some(Ok(l)));
                    }
                    if method == "POST" {
                        created.update(|n| *n += 1);
                    }
                    notice.set(Some((true, done.get(lang).to_owned())));
                }
                Err(e) => notice.set(Some((false, e.message))),
            }
        });
    };
    let change = StoredValue::new(change);
    view! {
        <section class="ysc-list ysc-accounts" aria-labelledby="ysc-accounts-h">
            <h2 id="ysc-accounts-h">{t(Tr("账号管理", "Accounts"))}</h2>
            {move || notice.get().map(|(ok, m)| view! { <p class=if ok { "ysc-ok" } else { "ysc-error" } role="alert">{m}</p> })}
            {move || { created.track(); catalog.get() }.map(|c| view! {
                <AccountForm catalog=c account=None on_save=Callback::new(move |(body, _): (serde_json::Value, String)| {
                    change.with_value(|f| f("POST", "staff".into(), body, Tr("账号已建立;请把临时密码告诉本人,首次登录时须改为自己的密码。", "Account created: give the temporary password to its owner, who sets their own at the first sign-in.")));
                }) />
            })}
            {move || match (list.get(), catalog.get()) {
                (Some(Ok(l)), Some(c)) => view! {
                    <ul class="ysc-rows">
                        {l.accounts.into_iter().map(|a| {
                            let c = c.clone();
                            view! { <li class="ysc-account"><AccountRow account=a catalog=c change /></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                (Some(Err(e)), _) => view! { <p class="ysc-error" role="alert">{e.message}</p> }.into_any(),
                _ => view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AccountRow<F>(account: Account, catalog: Arc<Catalog>, change: StoredValue<F>) -> impl IntoView
where
    F: Fn(&'static str, String, serde_json::Value, Tr) + Send + Sync + 'static,
{
    let ctx = expect_context::<Ctx>();
    let lang = ctx.lang.get_untracked();
    let name = account.user.username.clone();
    let parks: Vec<String> = account
        .user
        .park_ids
        .iter()
        .map(|p| catalog.park(p).map_or(p.clone(), |x| text(&x.name, lang)))
        .collect();
    // In a city's catalog, the county it works for (or the city).
    let county = if catalog.regions.is_empty() {
        String::new()
    } else {
        let name = account
            .user
            .region_id
            .as_deref()
            .and_then(|r| catalog.region(r))
            .map_or_else(|| text(&catalog.meta.county, lang), |r| text(&r.name, lang));
        format!(" · {name}")
    };
    let summary = format!(
        "{}{} · {}{county} · {}{}",
        account.user.username,
        if account.user.display_name.is_empty() {
            String::new()
        } else {
            format!(" ({})", account.user.display_name)
        },
        role_name(account.user.role, lang),
        if parks.is_empty() {
            Tr("全部园区", "all parks").get(lang).to_owned()
        } else {
            parks.join("、")
        },
        if account.disabled {
            Tr(" · 已停用", " · disabled").get(lang)
        } else {
            ""
        },
    );
    let temp = RwSignal::new(String::new());
    let reset_id = format!("ysc-reset-{name}");
    let (save_name, reset_name) = (name.clone(), name.clone());
    view! {
        <details>
            <summary class:ysc-disabled=account.disabled>{summary}</summary>
            <AccountForm catalog account=Some(account) on_save=Callback::new(move |(body, _): (serde_json::Value, String)| {
                change.with_value(|f| f("PUT", format!("staff/{save_name}"), body, Tr("已保存。", "Saved.")));
            }) />
            <form class="ysc-field" on:submit=move |ev| {
                ev.prevent_default();
                let body = serde_json::to_value(PasswordReset { password: temp.get_untracked() }).unwrap_or_default();
                change.with_value(|f| f("RESET", format!("staff/{reset_name}/password"), body, Tr("密码已重置;本人下次登录时须设置新密码。", "Password reset: its owner sets a new one at the next sign-in.")));
                temp.set(String::new());
            }>
                <label for=reset_id.clone()>{t(Tr("重置为临时密码(至少 12 个字符)", "Reset to a temporary password (12 characters at least)"))}</label>
                <input id=reset_id type="text" autocomplete="off" prop:value=move || temp.get() on:input:target=move |ev| temp.set(ev.target().value()) />
                <button type="submit">{t(Tr("重置密码", "Reset password"))}</button>
            </form>
        </details>
    }
}

/// Creating (no `account`) or changing an account.
#[component]
fn AccountForm(
    catalog: Arc<Catalog>,
    account: Option<Account>,
    on_save: Callback<(serde_json::Value, String)>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let creating = account.is_none();
    let key = account
        .as_ref()
        .map_or("new".to_owned(), |a| a.user.username.clone());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(account.as_ref().map_or(Role::Handler, |a| a.user.role));
    // A county's administrator makes and keeps its own county's accounts; the city's, any.
    let own_county = ctx
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.user.region_id.clone()));
    let region = RwSignal::new(
        account
            .as_ref()
            .map_or(own_county.clone(), |a| a.user.region_id.clone()),
    );
    let parks = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.user.park_ids.clone())
            .unwrap_or_default(),
    );
    let display = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.user.display_name.clone())
            .unwrap_or_default(),
    );
    let phone = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.user.phone.clone())
            .unwrap_or_default(),
    );
    let disabled = RwSignal::new(account.as_ref().is_some_and(|a| a.disabled));
    let key = StoredValue::new(key);
    let id = move |field: &str| key.with_value(|k| format!("ysc-acc-{k}-{field}"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = if creating {
            serde_json::to_value(NewAccount {
                username: username.get_untracked(),
                role: Some(role.get_untracked()),
                park_ids: parks.get_untracked(),
                region_id: region.get_untracked(),
                display_name: display.get_untracked(),
                phone: phone.get_untracked(),
                password: password.get_untracked(),
            })
        } else {
            serde_json::to_value(AccountChange {
                role: Some(role.get_untracked()),
                park_ids: parks.get_untracked(),
                region_id: region.get_untracked(),
                display_name: display.get_untracked(),
                phone: phone.get_untracked(),
                disabled: disabled.get_untracked(),
            })
        };
        on_save.run((body.unwrap_or_default(), String::new()));
    };
    let text_input = move |field: &'static str, label: Tr, value: RwSignal<String>| {
        let field_id = id(field);
        view! {
            <div class="ysc-field">
                <label for=field_id.clone()>{t(label)}</label>
                <input id=field_id type="text" autocomplete="off" prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value()) />
            </div>
        }
    };
    let form = view! {
        <form class="ysc-account-form" on:submit=submit>
            {creating.then(|| text_input("username", Tr("用户名", "User name"), username))}
            {text_input("display", Tr("对外显示的姓名", "Name investors see"), display)}
            {text_input("phone", Tr("工作电话", "Work phone"), phone)}
            <div class="ysc-field">
                <label for=id("role")>{t(Tr("角色", "Role"))}</label>
                <select id=id("role") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = Role::from_code(&v) { role.set(r); }
                }>
                    {ROLES.iter().map(|(r, name)| {
                        let r = *r;
                        view! { <option value=r.code() selected=move || role.get() == r>{t(*name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {(!catalog.regions.is_empty()).then(|| {
                let lang = ctx.lang.get_untracked();
                let city = text(&catalog.meta.county, lang);
                let counties: Vec<(String, String)> = catalog
                    .regions
                    .iter()
                    .filter(|r| own_county.as_ref().is_none_or(|own| *own == r.id))
                    .map(|r| (r.id.clone(), text(&r.name, lang)))
                    .collect();
                view! {
                    <div class="ysc-field">
                        <label for=id("region")>{t(Tr("所属区县", "County"))}</label>
                        <select id=id("region") on:change=move |ev| {
                            let v = event_target_value(&ev);
                            region.set((!v.is_empty()).then_some(v));
                            // Parks of another county leave the account's scope.
                            parks.set(Vec::new());
                        }>
                            {own_county.is_none().then(|| view! {
                                <option value="" selected=move || region.get().is_none()>{format!("{city}({})", Tr("全市", "the whole city").get(lang))}</option>
                            })}
                            {counties.into_iter().map(|(rid, name)| {
                                let chosen = rid.clone();
                                view! { <option value=rid selected=move || region.get().as_deref() == Some(chosen.as_str())>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })}
            <fieldset>
                <legend>{t(Tr("负责的园区(帮办人员不选即为全部园区)", "Parks (a handler with none handles all)"))}</legend>
                <ul class="ysc-picks">
                    {move || {
                        // The parks of the county chosen (every park for the city).
                        let county = region.get();
                        catalog.parks.iter().filter(|p| catalog.in_region(&p.id, county.as_deref())).map(|p| {
                            let pid = p.id.clone();
                            let checked = parks.get_untracked().contains(&pid);
                            let name = text(&p.name, ctx.lang.get_untracked());
                            view! { <li><label><input type="checkbox" checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                parks.update(|l| { l.retain(|x| *x != pid); if on { l.push(pid.clone()); } });
                            } />{name}</label></li> }
                        }).collect_view()
                    }}
                </ul>
            </fieldset>
            {creating.then(|| text_input("password", Tr("临时密码(至少 12 个字符)", "Temporary password (12 characters at least)"), password))}
            {(!creating).then(|| view! {
                <label class="ysc-check"><input type="checkbox" prop:checked=move || disabled.get() on:change=move |ev| disabled.set(event_target_checked(&ev)) />{t(Tr("停用此账号", "Disable this account"))}</label>
            })}
            <button type="submit" class="ysc-primary">{t(if creating { Tr("建立账号", "Create account") } else { Tr("保存", "Save") })}</button>
        </form>
    };
    if creating {
        view! { <details class="ysc-new-account"><summary>{t(Tr("新建账号", "New account"))}</summary>{form}</details> }.into_any()
    } else {
        form.into_any()
    }
}
