//! The bar of the phone's sheet (the panel over the map, `crate::layout::Sheet`): dragged up
//! or down (a flick goes on to the next height, a slow release settles at the nearest), tapped
//! to raise, or raised and lowered with its two buttons, which is how a keyboard, a screen
//! reader or anyone who does not drag works it. Beside the map on a wide screen the bar is not
//! shown (assets/app.css).

use crate::i18n::*;
use crate::layout::Sheet;
use crate::state::use_app;
use crate::words::tr;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A drag of the bar under way.
#[derive(Clone, Copy)]
struct Drag {
    pointer: i32,
    start_y: f64,
    start_height: f64,
    last_y: f64,
    last_t: f64,
    /// Upwards, px/ms, smoothed over the last moves.
    velocity: f64,
    moved: bool,
}

/// The sheet (the bar's parent) and the body it is raised in.
fn sheet_of(ev: &web_sys::PointerEvent) -> Option<(web_sys::HtmlElement, web_sys::HtmlElement)> {
    let bar = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let sheet = bar
        .parent_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let body = sheet
        .parent_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    Some((sheet, body))
}

/// The strip's height in px: the sheet's `min-height` (app.css), so that the rule lives there.
fn peek_px(sheet: &web_sys::HtmlElement) -> f64 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(sheet).ok().flatten())
        .and_then(|s| s.get_property_value("min-height").ok())
        .map(|v| js_sys::Number::parse_float(&v))
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// The sheet's bar.
#[component]
pub fn SheetBar() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let drag = StoredValue::new(None::<Drag>);
    let end = move |ev: &web_sys::PointerEvent, settle: bool| {
        let Some(d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        drag.set_value(None);
        let Some((sheet, body)) = sheet_of(ev) else {
            return;
        };
        let now = app.sheet.get_untracked();
        let next = if !settle {
            now
        } else if d.moved {
            let height = f64::from(sheet.offset_height());
            Sheet::settle(
                height,
                d.velocity,
                f64::from(body.offset_height()),
                peek_px(&sheet),
            )
        } else if now == Sheet::Full {
            // A tap: up, and from the top back to half.
            Sheet::Half
        } else {
            now.raised()
        };
        let _ = sheet.style().remove_property("height");
        let _ = sheet.class_list().remove_1("dragging");
        app.sheet.set(next);
    };
    let button = move |label: crate::words::Words, arrow: &'static str, raise: bool| {
        let at_end = move || {
            let s = app.sheet.get();
            if raise {
                s == Sheet::Full
            } else {
                s == Sheet::Peek
            }
        };
        view! {
            // Not `disabled`: a button that has just been pressed to the end keeps the focus.
            <button
                type="button"
                aria-disabled=move || at_end().then_some("true")
                on:click=move |_| {
                    app.sheet.update(|s| *s = if raise { s.raised() } else { s.lowered() });
                }
            >
                <span aria-hidden="true">{arrow}</span>
                " "
                {tr(label)}
            </button>
        }
    };
    view! {
        <div
            class="ysmap-sheet-bar"
            on:pointerdown=move |ev| {
                // The buttons take their own presses.
                let on_button = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|t| t.closest("button").ok().flatten().is_some());
                if on_button || !ev.is_primary() {
                    return;
                }
                let Some((sheet, _)) = sheet_of(&ev) else { return };
                if let Some(bar) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = bar.set_pointer_capture(ev.pointer_id());
                }
                let y = f64::from(ev.client_y());
                drag.set_value(Some(Drag {
                    pointer: ev.pointer_id(),
                    start_y: y,
                    start_height: f64::from(sheet.offset_height()),
                    last_y: y,
                    last_t: ev.time_stamp(),
                    velocity: 0.0,
                    moved: false,
                }));
            }
            on:pointermove=move |ev| {
                let Some(mut d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
                    return;
                };
                let y = f64::from(ev.client_y());
                let t = ev.time_stamp();
                if !d.moved && (y - d.start_y).abs() < 6.0 {
                    return;
                }
                let Some((sheet, _)) = sheet_of(&ev) else { return };
                if !d.moved {
                    d.moved = true;
                    let _ = sheet.class_list().add_1("dragging");
                }
                if t > d.last_t {
                    let v = (d.last_y - y) / (t - d.last_t);
                    d.velocity = 0.6 * v + 0.4 * d.velocity;
                }
                d.last_y = y;
                d.last_t = t;
                // app.css keeps it between the strip and the body's height.
                let height = d.start_height + d.start_y - y;
                let _ = sheet.style().set_property("height", &format!("{height}px"));
                drag.set_value(Some(d));
            }
            on:pointerup=move |ev| end(&ev, true)
            on:pointercancel=move |ev| end(&ev, false)
        >
            <span class="grip" aria-hidden="true"></span>
            <div role="group" aria-label=move || td_string!(i18n.get_locale(), sheet_group)>
                {button(|l| td_string!(l, sheet_lower), "▾", false)}
                {button(|l| td_string!(l, sheet_raise), "▴", true)}
            </div>
        </div>
    }
}
