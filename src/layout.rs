//! Which of the app's two layouts (assets/app.css) is in use: beside each other on a wide
//! screen, the map on top of a page that scrolls on a phone. The map's gestures and where a
//! choice is brought into view depend on it.

use leptos::prelude::*;

/// The phone layout (assets/app.css): the map on top of a page that scrolls.
const PHONE_LAYOUT: &str = "(max-width: 767px)";

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten())
}

/// Whether the phone layout is in use now.
pub fn is_phone_layout() -> bool {
    media(PHONE_LAYOUT).is_some_and(|m| m.matches())
}

/// Whether the phone layout is in use, following the window as it turns or is resized.
pub fn phone_layout() -> Signal<bool> {
    let Some(list) = media(PHONE_LAYOUT) else {
        return Signal::stored(false);
    };
    let phone = RwSignal::new(list.matches());
    let on_change = wasm_bindgen::closure::Closure::<dyn Fn()>::new({
        let list = list.clone();
        move || {
            phone.try_set(list.matches());
        }
    });
    use wasm_bindgen::JsCast;
    let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Removed with the map (the closure lives until then).
    let held = StoredValue::new_local(Some((list, on_change)));
    on_cleanup(move || {
        if let Some(Some((list, on_change))) = held.try_update_value(Option::take) {
            let _ = list
                .remove_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        }
    });
    phone.into()
}
