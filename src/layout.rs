//! Which of the app's two layouts (assets/app.css) is in use: the panel beside the map on a
//! wide screen; on a phone the map with the panel over it in a sheet that is raised and lowered
//! ([`Sheet`]). The map's gestures and the legend depend on it.

use crate::state::Panel;
use leptos::prelude::*;

/// The element the app is mounted in and how, provided by the app's root: the stand-alone
/// page's `#ysmap`, or inside a portal's element's shadow root by `embed.js`.
#[derive(Clone, Copy)]
pub struct Host {
    /// The element (its width decides the layout, as assets/app.css's container queries do).
    pub element: StoredValue<web_sys::HtmlElement, LocalStorage>,
    /// Mounted inline in another page by `embed.js`: that page scrolls past the map, and its
    /// address is its own.
    pub embedded: bool,
    /// The app keeps its state in the page's address (one query key of its own,
    /// `crate::url_state`): the stand-alone page always, an embed when the portal allows it
    /// (`data-url-state`).
    pub url_state: bool,
}

/// The host the app's root provided.
pub fn use_host() -> Host {
    expect_context::<Host>()
}

/// The widest the phone layout is, CSS px (assets/app.css: `@container ysmap (max-width:
/// 767px)`): the map, and the panel in a sheet over it.
const PHONE_MAX_WIDTH_PX: f64 = 767.0;

fn is_narrow(element: &web_sys::HtmlElement) -> bool {
    element.get_bounding_client_rect().width() <= PHONE_MAX_WIDTH_PX
}

/// Whether the phone layout is in use now: the host element is a phone's width (in a
/// portal's narrow column too, whatever the window's).
pub fn is_phone_layout() -> bool {
    use_host().element.with_value(is_narrow)
}

/// Whether the phone layout is in use, following the host element as it is resized (a phone
/// turned, a window or a portal's column resized).
pub fn phone_layout() -> Signal<bool> {
    use wasm_bindgen::JsCast;
    let element = use_host().element.get_value();
    let phone = RwSignal::new(is_narrow(&element));
    let measured = element.clone();
    let on_resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let now = is_narrow(&measured);
        if phone.try_get_untracked() != Some(now) {
            phone.try_set(now);
        }
    });
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return phone.into();
    };
    observer.observe(&element);
    // Released with the map (the closure lives until then).
    let held = StoredValue::new_local(Some((observer, on_resize)));
    on_cleanup(move || {
        if let Some(Some((observer, _))) = held.try_update_value(Option::take) {
            observer.disconnect();
        }
    });
    phone.into()
}

/// Whether the app is inside another page's frame: that page scrolls past the map with one
/// finger, so the map takes two (cooperative), as a map inside any scrolling page does.
pub fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| match (w.top(), w.self_()) {
        (Ok(Some(top)), own) => !js_sys::Object::is(&top, &own),
        _ => false,
    })
}

/// Whether the app grows with its content inside another page's frame (`?ysmap-auto-height` in
/// the frame's address; README "Embedding"): its heights are its own instead of the frame's,
/// and it tells the framing page how tall it is ([`report_height`]).
pub fn auto_height() -> bool {
    in_frame() && crate::url_state::web::has("ysmap-auto-height")
}

/// Tells the framing page the height of `root` whenever it changes:
/// `{type: "ysmap:height", height}` by `postMessage` (only a number: any page may hear it).
pub fn report_height(root: &web_sys::HtmlElement) {
    use wasm_bindgen::JsCast;
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let measured = root.clone();
    let on_resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let message = js_sys::Object::new();
        let height = measured.get_bounding_client_rect().height().ceil();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"ysmap:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(root);
        // Held for the page's life: the root is there until the page goes.
        std::mem::forget(observer);
        on_resize.forget();
    }
}

/// How far the phone's sheet (the panel over the map) is raised: a strip with the panel's
/// heading, half the map, or all of it. Beside the map on a wide screen it has no effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sheet {
    /// The bar and the panel's heading; the map fills the rest.
    Peek,
    /// Half the height: the map above, the panel below.
    Half,
    /// The whole height: the panel alone.
    Full,
}

/// Faster than this (px/ms) a drag that lets go is a flick: the sheet goes on to the next
/// height in its direction instead of the nearest.
const FLICK_PX_PER_MS: f64 = 0.5;

impl Sheet {
    const ALL: [Sheet; 3] = [Sheet::Peek, Sheet::Half, Sheet::Full];

    /// Its name in the page (`data-sheet`, which app.css sizes).
    pub fn code(self) -> &'static str {
        match self {
            Sheet::Peek => "peek",
            Sheet::Half => "half",
            Sheet::Full => "full",
        }
    }

    /// One height up (the top stays the top).
    pub fn raised(self) -> Self {
        match self {
            Sheet::Peek => Sheet::Half,
            _ => Sheet::Full,
        }
    }

    /// One height down (the strip stays the strip).
    pub fn lowered(self) -> Self {
        match self {
            Sheet::Full => Sheet::Half,
            _ => Sheet::Peek,
        }
    }

    /// Where a tap on the bar takes it: up, and from the top back to half.
    pub fn tapped(self) -> Self {
        match self {
            Sheet::Full => Sheet::Half,
            other => other.raised(),
        }
    }

    /// Its height in px, in a body `body` px high whose strip is `peek` px.
    fn height(self, body: f64, peek: f64) -> f64 {
        match self {
            Sheet::Peek => peek,
            Sheet::Half => (body / 2.0).max(peek),
            Sheet::Full => body,
        }
    }

    /// Where a drag that let go at `height` px settles, moving at `velocity` px/ms (upwards
    /// positive), in a body `body` px high whose strip is `peek` px: a flick goes on to the next
    /// height in its direction, a slow release to the nearest.
    pub fn settle(height: f64, velocity: f64, body: f64, peek: f64) -> Self {
        let h = |s: Sheet| s.height(body, peek);
        if velocity > FLICK_PX_PER_MS {
            return Self::ALL
                .into_iter()
                .find(|s| h(*s) > height + 1.0)
                .unwrap_or(Sheet::Full);
        }
        if velocity < -FLICK_PX_PER_MS {
            return Self::ALL
                .into_iter()
                .rev()
                .find(|s| h(*s) < height - 1.0)
                .unwrap_or(Sheet::Peek);
        }
        Self::ALL
            .into_iter()
            .min_by(|a, b| (h(*a) - height).abs().total_cmp(&(h(*b) - height).abs()))
            .unwrap_or(Sheet::Half)
    }

    /// The height for `panel` just opened from this one: a form or the comparison wants the
    /// whole height; a list or a park's details at least half, so that what was asked for is
    /// seen (a park chosen on the map opens its details under it).
    pub fn for_panel(self, panel: &Panel) -> Self {
        match panel {
            Panel::Apply(_) | Panel::Track(_) | Panel::Shortlist => Sheet::Full,
            _ => self.max(Sheet::Half),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raising_and_lowering_stop_at_the_ends() {
        assert_eq!(Sheet::Peek.raised(), Sheet::Half);
        assert_eq!(Sheet::Half.raised(), Sheet::Full);
        assert_eq!(Sheet::Full.raised(), Sheet::Full);
        assert_eq!(Sheet::Full.lowered(), Sheet::Half);
        assert_eq!(Sheet::Half.lowered(), Sheet::Peek);
        assert_eq!(Sheet::Peek.lowered(), Sheet::Peek);
        assert_eq!(Sheet::Peek.tapped(), Sheet::Half);
        assert_eq!(Sheet::Half.tapped(), Sheet::Full);
        assert_eq!(Sheet::Full.tapped(), Sheet::Half);
    }

    #[test]
    fn a_slow_release_settles_at_the_nearest_height() {
        // A body 600 px high with a 140 px strip: heights 140, 300, 600.
        assert_eq!(Sheet::settle(150.0, 0.0, 600.0, 140.0), Sheet::Peek);
        assert_eq!(Sheet::settle(219.0, 0.1, 600.0, 140.0), Sheet::Peek);
        assert_eq!(Sheet::settle(221.0, -0.1, 600.0, 140.0), Sheet::Half);
        assert_eq!(Sheet::settle(449.0, 0.0, 600.0, 140.0), Sheet::Half);
        assert_eq!(Sheet::settle(451.0, 0.0, 600.0, 140.0), Sheet::Full);
    }

    #[test]
    fn a_flick_goes_on_to_the_next_height_in_its_direction() {
        // Just above the strip, flicked up: half, not back to the nearest (the strip).
        assert_eq!(Sheet::settle(160.0, 1.2, 600.0, 140.0), Sheet::Half);
        // Just past half, flicked up: the whole height.
        assert_eq!(Sheet::settle(310.0, 0.8, 600.0, 140.0), Sheet::Full);
        // Exactly at half, flicked down: the strip.
        assert_eq!(Sheet::settle(300.0, -0.8, 600.0, 140.0), Sheet::Peek);
        // Flicked beyond the ends: the ends.
        assert_eq!(Sheet::settle(600.0, 2.0, 600.0, 140.0), Sheet::Full);
        assert_eq!(Sheet::settle(140.0, -2.0, 600.0, 140.0), Sheet::Peek);
    }

    #[test]
    fn on_a_short_screen_half_is_never_below_the_strip() {
        // 240 px of body with a 140 px strip: half would be 120, under the strip.
        assert_eq!(Sheet::settle(141.0, 1.0, 240.0, 140.0), Sheet::Full);
        assert_eq!(Sheet::settle(141.0, 0.0, 240.0, 140.0), Sheet::Peek);
    }

    #[test]
    fn an_opened_panel_is_seen() {
        assert_eq!(Sheet::Peek.for_panel(&Panel::Park("p".into())), Sheet::Half);
        assert_eq!(Sheet::Full.for_panel(&Panel::Facilities), Sheet::Full);
        assert_eq!(Sheet::Half.for_panel(&Panel::Apply(None)), Sheet::Full);
        assert_eq!(Sheet::Peek.for_panel(&Panel::Shortlist), Sheet::Full);
    }
}
