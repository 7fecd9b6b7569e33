//! 营商地图 · Investment Navigation Map: the Leptos app, mounted into an element the host page
//! gives (`<div id="ysmap">`, or a portal's `data-ysmap` elements through embed.js), never onto
//! the whole `<body>`, so a county portal can embed it.

mod api;
mod app;
mod chunks;
mod components;
mod dossier;
mod draft;
mod elderly_mode;
mod format;
mod labels;
mod layout;
mod markup;
mod saved_receipt;
mod shortlist;
mod specs;
mod state;
mod url_state;
mod words;

/// The translations, generated from `locales/*.json` by build.rs.
#[allow(warnings)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
use generated::i18n;

use wasm_bindgen::JsCast;

/// The id of the element the stand-alone page mounts the app into.
const HOST_ID: &str = "ysmap";

fn main() {
    console_error_panic_hook::set_once();
    api::mark("ysmap-wasm-started");
    // The stand-alone page's element. A portal's elements have none: embed.js mounts the app
    // into each of them through [`mount`].
    let host = leptos::prelude::document()
        .get_element_by_id(HOST_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(host) = host {
        start(host, false);
    }
    listen_for_embeds();
}

/// The event embed.js sends the document for each element it makes in the shadow root of a
/// portal's `data-ysmap` element (README, "Embedding"), the element as its `detail`: the app
/// mounts there. An event, because a binary's wasm exports no function of its own, and a
/// global for the loader to call would be one more name in the portal's page.
const MOUNT_EVENT: &str = "ysmap:mount";

fn listen_for_embeds() {
    let on_mount = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
        |event: web_sys::CustomEvent| {
            if let Ok(host) = event.detail().dyn_into::<web_sys::HtmlElement>() {
                start(host, true);
            }
        },
    );
    let _ = leptos::prelude::document()
        .add_event_listener_with_callback(MOUNT_EVENT, on_mount.as_ref().unchecked_ref());
    // For the page's life: embeds may come at any time.
    on_mount.forget();
}

fn start(host: web_sys::HtmlElement, embedded: bool) {
    let config = app::HostConfig::from_element(&host, embedded);
    let element = host.clone();
    let mount = move || {
        leptos::mount::mount_to(
            host,
            move || leptos::view! { <app::App config host=element /> },
        )
        .forget();
    };
    if !embedded && app::first_screen().is_some() {
        // Let the browser paint the server's first screen before the app's work begins (the
        // second frame comes after the first has been painted): where the wasm arrives fast,
        // this costs a frame; where it arrives slowly, the screen was up long before anyway.
        leptos::prelude::request_animation_frame(move || {
            leptos::prelude::request_animation_frame(mount);
        });
    } else {
        mount();
    }
}
