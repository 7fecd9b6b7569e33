//! 营商地图 · Investment Navigation Map: the Leptos app, mounted into an element the host page
//! gives (`<div id="ysmap">`), never onto the whole `<body>`, so a county portal can embed it.

mod api;
mod app;
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

/// The id of the element the app mounts into.
const HOST_ID: &str = "ysmap";

fn main() {
    console_error_panic_hook::set_once();
    api::mark("ysmap-wasm-started");
    let host = leptos::prelude::document()
        .get_element_by_id(HOST_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(host) = host else {
        leptos::logging::error!("营商地图: no element with id=\"{HOST_ID}\" to mount into");
        return;
    };
    let config = app::HostConfig::from_element(&host);
    let mount = move || {
        leptos::mount::mount_to(host, move || leptos::view! { <app::App config /> }).forget();
    };
    if app::first_screen().is_some() {
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
