//! 营商地图 staff console: sign-in, the password change an administrator's reset asks for, and
//! the inbox of assistance requests (list, filters, one request's history, and the changes a
//! helper makes: accept, assign, note, message, proposal, resolve). Its own page and wasm
//! bundle, so that the investors' map does not carry any of it.

mod accounts;
mod api;
mod boundary;
mod history;
mod inbox;
mod listings;
mod location;
mod overview;
mod photos;
mod record_form;
mod records;
mod transfer;
mod words;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use words::{Tr, t};
use ysmap_model::Lang;
use ysmap_model::staff::{PasswordChange, Session, SignIn};

/// What every view shares.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The console's language.
    pub lang: RwSignal<Lang>,
    /// The session, once signed in.
    pub session: RwSignal<Option<Session>>,
}

impl Ctx {
    /// The CSRF token of the session.
    pub fn csrf(&self) -> String {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.csrf_token.clone()))
            .unwrap_or_default()
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let host = document()
        .get_element_by_id("ysmap-console")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(host) = host else {
        leptos::logging::error!("营商地图 console: no element with id=\"ysmap-console\"");
        return;
    };
    leptos::mount::mount_to(host, Console).forget();
}

fn initial_lang() -> Lang {
    let nav = window().navigator().language().unwrap_or_default();
    if nav.to_ascii_lowercase().starts_with("zh") || nav.is_empty() {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[component]
fn Console() -> impl IntoView {
    let ctx = Ctx {
        lang: RwSignal::new(initial_lang()),
        session: RwSignal::new(None),
    };
    provide_context(ctx);
    let checked = RwSignal::new(false);
    // A reload keeps the session (the cookie): ask who is signed in.
    spawn_local(async move {
        if let Ok(s) = api::get::<Session>("session", ctx.lang.get_untracked()).await {
            ctx.session.set(Some(s));
        }
        checked.set(true);
    });
    let lang_code = move || match ctx.lang.get() {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    view! {
        <div class="ysc" lang=lang_code>
            <header class="ysc-bar">
                <h1>{t(Tr("营商地图 · 工作人员控制台", "Investment map · staff console"))}</h1>
                <nav aria-label=t(Tr("控制台", "Console"))>
                    <a href="../">{t(Tr("公众地图", "Public map"))}</a>
                    <button type="button" on:click=move |_| ctx.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                        {move || if ctx.lang.get() == Lang::Zh { "English" } else { "中文" }}
                    </button>
                    {move || ctx.session.get().map(|s| view! {
                        <span class="ysc-user">{s.user.shown_name().to_owned()}</span>
                        <button type="button" on:click=move |_| sign_out(ctx)>{t(Tr("退出登录", "Sign out"))}</button>
                    })}
                </nav>
            </header>
            <main class="ysc-main">
                {move || {
                    if !checked.get() {
                        return view! { <p role="status">{t(Tr("正在载入…", "Loading…"))}</p> }.into_any();
                    }
                    match ctx.session.get() {
                        None => view! { <SignInForm /> }.into_any(),
                        Some(s) if s.user.must_change_password => view! { <PasswordForm forced=true /> }.into_any(),
                        Some(s) => view! { <Pages role=s.user.role city_admin=s.user.is_city_admin() /> }.into_any(),
                    }
                }}
            </main>
        </div>
    }
}

/// A page of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Start,
    Requests,
    Listings,
    Records,
    Transfer,
    Accounts,
}

/// The signed-in pages the role may use: the start page, listings, records, import and
/// export (administrators, editors), requests (administrators, handlers), accounts (administrators).
#[component]
fn Pages(
    role: ysmap_model::staff::Role,
    /// An administrator of the whole catalog (not of one county): the catalog's parts, shared
    /// industries and hubs are theirs.
    city_admin: bool,
) -> impl IntoView {
    use ysmap_model::staff::Role;
    let pages: Vec<(Page, Tr)> = [
        (Page::Start, Tr("工作台", "Start"), role != Role::Handler),
        (
            Page::Requests,
            Tr("帮办代办申请", "Assistance requests"),
            role != Role::Editor,
        ),
        (
            Page::Listings,
            Tr("载体维护", "Listings"),
            role != Role::Handler,
        ),
        (
            Page::Records,
            Tr("资料维护", "Records"),
            role != Role::Handler,
        ),
        (
            Page::Transfer,
            Tr("导入导出", "Import and export"),
            role != Role::Handler,
        ),
        (
            Page::Accounts,
            Tr("账号管理", "Accounts"),
            role == Role::Admin,
        ),
    ]
    .into_iter()
    .filter(|(_, _, allowed)| *allowed)
    .map(|(p, name, _)| (p, name))
    .collect();
    let shown = RwSignal::new(pages.first().map_or(Page::Requests, |(p, _)| *p));
    view! {
        {(pages.len() > 1).then(|| view! {
            <nav class="ysc-tabs" aria-label=t(Tr("页面", "Pages"))>
                {pages.into_iter().map(|(p, name)| view! {
                    <button type="button" aria-current=move || (shown.get() == p).then_some("page") on:click=move |_| shown.set(p)>{t(name)}</button>
                }).collect_view()}
            </nav>
        })}
        {move || match shown.get() {
            Page::Start => view! { <overview::Start /> }.into_any(),
            Page::Requests => view! { <inbox::Inbox /> }.into_any(),
            Page::Listings => view! { <listings::Listings /> }.into_any(),
            Page::Records => view! { <records::RecordsPage role=role city_admin /> }.into_any(),
            Page::Transfer => view! { <transfer::Transfer role=role /> }.into_any(),
            Page::Accounts => view! { <accounts::Accounts /> }.into_any(),
        }}
    }
}

fn sign_out(ctx: Ctx) {
    let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
    spawn_local(async move {
        let _ = api::send_empty::<()>("DELETE", "session", None, lang, &csrf).await;
        ctx.session.set(None);
    });
}

/// One labelled text input bound to a signal.
#[component]
fn Field(
    id: &'static str,
    label: Tr,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <div class="ysc-field">
            <label for=id>{t(label)}</label>
            <input id=id type=kind autocomplete=autocomplete required
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value()) />
        </div>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SignIn {
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            match api::send::<Session, _>("POST", "session", &body, lang, "").await {
                Ok(s) => ctx.session.set(Some(s)),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="ysc-card ysc-narrow" on:submit=submit>
            <h2>{t(Tr("登录", "Sign in"))}</h2>
            <Field id="ysc-username" label=Tr("用户名", "User name") value=username autocomplete="username" />
            <Field id="ysc-password" label=Tr("密码", "Password") value=password kind="password" autocomplete="current-password" />
            {move || error.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
            <button type="submit" class="ysc-primary" disabled=move || busy.get()>{t(Tr("登录", "Sign in"))}</button>
        </form>
    }
}

#[component]
fn PasswordForm(forced: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        spawn_local(async move {
            match api::send_empty("PUT", "password", Some(&body), lang, &csrf).await {
                Ok(()) => ctx.session.update(|s| {
                    if let Some(s) = s {
                        s.user.must_change_password = false;
                    }
                }),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <form class="ysc-card ysc-narrow" on:submit=submit>
            <h2>{t(Tr("设置新密码", "Set a new password"))}</h2>
            {forced.then(|| view! { <p>{t(Tr("管理员为您重置了密码,请先设置自己的新密码(至少 12 个字符)。", "An administrator reset your password: set your own (at least 12 characters) first."))}</p> })}
            <Field id="ysc-current" label=Tr("当前密码", "Current password") value=current kind="password" autocomplete="current-password" />
            <Field id="ysc-new" label=Tr("新密码", "New password") value=new kind="password" autocomplete="new-password" />
            {move || error.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
            <button type="submit" class="ysc-primary">{t(Tr("保存", "Save"))}</button>
        </form>
    }
}
