//! The bar of the phone's sheet (the panel over the map, `crate::layout::Sheet`): dragged up
//! or down (a flick goes on to the next height, a slow release settles at the nearest), tapped
//! to raise, or raised and lowered with its two buttons, which is how a keyboard, a screen
//! reader or anyone who does not drag works it. Beside the map on a wide screen the bar is not
//! shown (assets/app.css).

use crate::i18n::*;
use crate::layout::Sheet;
use crate::state::use_app;
use crate::words::{tr, use_language};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A drag of the bar under way.
struct Drag {
    pointer: i32,
    start_y: f64,
    start_height: f64,
    /// The recent positions, for the speed at the release (the map engine's own measure).
    samples: ysmap_map::motion::DragSamples,
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
    let i18n = use_language();
    let drag = StoredValue::new(None::<Drag>);
    let end = move |ev: &web_sys::PointerEvent, settle: bool| {
        let Some(d) = drag
            .try_update_value(|d| d.take_if(|d| d.pointer == ev.pointer_id()))
            .flatten()
        else {
            return;
        };
        let Some((sheet, body)) = sheet_of(ev) else {
            return;
        };
        let now = app.sheet.get_untracked();
        let next = if !settle {
            now
        } else if d.moved {
            // Upwards positive; a hand held still before letting go has none.
            let velocity = d
                .samples
                .velocity(ev.time_stamp())
                .map_or(0.0, |(_, vy)| -vy);
            Sheet::settle(
                f64::from(sheet.offset_height()),
                velocity,
                f64::from(body.offset_height()),
                peek_px(&sheet),
            )
        } else {
            now.tapped()
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
                let mut samples = ysmap_map::motion::DragSamples::default();
                samples.push(ev.time_stamp(), 0.0, y);
                drag.set_value(Some(Drag {
                    pointer: ev.pointer_id(),
                    start_y: y,
                    start_height: f64::from(sheet.offset_height()),
                    samples,
                    moved: false,
                }));
            }
            on:pointermove=move |ev| {
                let y = f64::from(ev.client_y());
                let height = drag.try_update_value(|d| {
                    let d = d.as_mut().filter(|d| d.pointer == ev.pointer_id())?;
                    d.samples.push(ev.time_stamp(), 0.0, y);
                    d.moved |= (y - d.start_y).abs() >= 6.0;
                    d.moved.then_some(d.start_height + d.start_y - y)
                });
                if let (Some(Some(height)), Some((sheet, _))) = (height, sheet_of(&ev)) {
                    let _ = sheet.class_list().add_1("dragging");
                    // app.css keeps it between the strip and the body's height.
                    let _ = sheet.style().set_property("height", &format!("{}px", ysmap_decimal::fixed(height, 1)));
                }
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
