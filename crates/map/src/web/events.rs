//! The map's contact with the browser: DOM events turned into the core's inputs
//! (`gesture::PointerInput`, `gesture::WheelInput`, key names) and its answers carried out; the
//! listeners Leptos does not manage (a non-passive wheel listener, a ResizeObserver) and every
//! timer and animation frame the map asks for. All of them are released when the map unmounts:
//! the listeners are dropped (observer disconnected, listener removed), pending timers and frames
//! are cancelled, and a callback that still runs finds its state gone and does nothing (`try_`
//! accessors), so an unmounted map leaves nothing behind.

use super::map::{Hint, MapCtx};
use crate::gesture::{
    Action, Phase, PointerInput, PointerKind, WheelAction, WheelInput, wheel_action,
};
use crate::keys::{KeyAction, key_action};
use crate::motion::Motion;
use crate::viewport::Viewport;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How long the "hold Ctrl to zoom" hint stays after the last wheel turn over an unfocused map, ms.
const WHEEL_HINT_MS: u64 = 1500;
/// How long the "use two fingers" hint stays, ms: long enough to read while the page scrolls.
const TOUCH_HINT_MS: u64 = 2000;

/// Shows `hint` over the map for `ms`.
fn show_hint(ctx: MapCtx, hint: Hint, ms: u64) {
    ctx.hint.try_set(Some(hint));
    let shown = ctx.hint;
    after(
        ctx.timers,
        |t| &mut t.hint,
        ms,
        Box::new(move || {
            shown.try_set(None);
        }),
    );
}

/// The page's clock, ms (the one pointer events and animation frames use).
pub(super) fn now() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Timers and animation frames waiting to run, cancelled when the map unmounts.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Timers {
    /// The drawing catching up with a still view.
    pub settle: Option<TimeoutHandle>,
    /// The wheel hint fading.
    pub hint: Option<TimeoutHandle>,
    /// The next frame of a motion.
    pub frame: Option<AnimationFrameRequestHandle>,
    /// The frame after a data change, when the new drawing is on screen.
    pub drawn: Option<AnimationFrameRequestHandle>,
}

impl Timers {
    /// Cancels everything pending.
    pub fn cancel(&mut self) {
        for t in [self.settle.take(), self.hint.take()].into_iter().flatten() {
            t.clear();
        }
        for f in [self.frame.take(), self.drawn.take()].into_iter().flatten() {
            f.cancel();
        }
    }
}

/// Which slot of [`Timers`] a timeout goes in.
pub(super) type TimeoutSlot = fn(&mut Timers) -> &mut Option<TimeoutHandle>;
/// Which slot of [`Timers`] an animation frame goes in.
pub(super) type FrameSlot = fn(&mut Timers) -> &mut Option<AnimationFrameRequestHandle>;

/// Runs `f` after `ms`, in place of whatever was waiting in `slot`. (`f` is boxed so that one
/// copy of the browser glue serves every timer.)
pub(super) fn after(timers: StoredValue<Timers>, slot: TimeoutSlot, ms: u64, f: Box<dyn FnOnce()>) {
    let run = move || {
        // Gone with the map: nothing to do.
        if timers.try_update_value(|t| *slot(t) = None).is_some() {
            f();
        }
    };
    let handle = set_timeout_with_handle(run, std::time::Duration::from_millis(ms)).ok();
    timers.try_update_value(|t| {
        if let Some(old) = std::mem::replace(slot(t), handle) {
            old.clear();
        }
    });
}

/// Runs `f` at the next animation frame, in place of whatever was waiting in `slot`.
pub(super) fn next_frame(timers: StoredValue<Timers>, slot: FrameSlot, f: Box<dyn FnOnce()>) {
    let run = move || {
        if timers.try_update_value(|t| *slot(t) = None).is_some() {
            f();
        }
    };
    let handle = request_animation_frame_with_handle(run).ok();
    timers.try_update_value(|t| {
        if let Some(old) = std::mem::replace(slot(t), handle) {
            old.cancel();
        }
    });
}

/// Starts `m`, replacing any motion under way, and drives it frame by frame.
pub(super) fn start_motion(ctx: MapCtx, m: Motion) {
    if still(ctx) {
        ctx.motion.try_set_value(None);
        if let Some(end) = m.end() {
            ctx.view.try_update(|v| {
                *v = Viewport {
                    width: v.width,
                    height: v.height,
                    ..end
                }
            });
        }
        return;
    }
    let idle = ctx
        .motion
        .try_update_value(|slot| slot.replace(m).is_none());
    if idle == Some(true) {
        next_frame(ctx.timers, |t| &mut t.frame, Box::new(move || tick(ctx)));
    }
}

/// True when the reader asked for no motion: the system's "reduce motion" setting, or a host
/// that puts the map inside an element of class `ysmap-still` (the app's elderly-friendly
/// mode). Then zooms and flights arrive at once and a drag does not coast.
fn still(ctx: MapCtx) -> bool {
    let reduced = window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|q| q.matches());
    reduced
        || ctx
            .container
            .get_untracked()
            .and_then(|el| el.closest(".ysmap-still").ok().flatten())
            .is_some()
}

/// One frame of the motion under way; asks for the next while it lasts.
fn tick(ctx: MapCtx) {
    let Some(Some(m)) = ctx.motion.try_get_value() else {
        return;
    };
    let (next, done) = m.step(now());
    // The element may have been resized meanwhile: keep its current size.
    ctx.view.try_update(|v| {
        *v = Viewport {
            width: v.width,
            height: v.height,
            ..next
        }
    });
    if done {
        ctx.motion.try_set_value(None);
    } else {
        next_frame(ctx.timers, |t| &mut t.frame, Box::new(move || tick(ctx)));
    }
}

/// The element's top left in client coordinates, CSS px.
fn element_origin(ctx: MapCtx) -> (f64, f64) {
    ctx.container
        .get_untracked()
        .map(|el| el.get_bounding_client_rect())
        .map_or((0.0, 0.0), |r| (r.left(), r.top()))
}

/// A press on a marker that can be dragged (feature `editing`): which, by which pointer, where
/// it began (px in the element), and whether it has moved far enough to be a drag.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MarkerDrag {
    id: String,
    pointer: i32,
    x: f64,
    y: f64,
    moved: bool,
}

/// How far a press on a marker moves before it is a drag, CSS px (less is a click).
#[cfg(feature = "editing")]
const DRAG_START_PX: f64 = 4.0;

/// A pointer event on a draggable marker's press, if this is one: handled here, not by the
/// gestures (the map does not pan under it). True when it was.
#[cfg(feature = "editing")]
fn marker_drag(ctx: MapCtx, ev: &web_sys::PointerEvent, phase: Phase, x: f64, y: f64) -> bool {
    let Some(cb) = ctx.on_drag else { return false };
    if phase == Phase::Down {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-id]").ok().flatten())
            .filter(|e| e.class_list().contains("draggable"));
        let Some(id) = target.and_then(|e| e.get_attribute("data-id")) else {
            return false;
        };
        ctx.motion.set_value(None);
        ctx.marker_drag.set_value(Some(MarkerDrag {
            id,
            pointer: ev.pointer_id(),
            x,
            y,
            moved: false,
        }));
        return true;
    }
    let Some(mut d) = ctx
        .marker_drag
        .get_value()
        .filter(|d| d.pointer == ev.pointer_id())
    else {
        return false;
    };
    let at = || {
        let w = ctx.view.with_untracked(|v| v.screen_to_world(x, y));
        ctx.crs
            .get_untracked()
            .to_wgs84(crate::projection::unproject(w))
    };
    match phase {
        Phase::Move => {
            if !d.moved && (x - d.x).hypot(y - d.y) > DRAG_START_PX {
                // Captured only now, so that a plain click still reaches the marker.
                d.moved = true;
                if let Some(el) = ctx.container.get_untracked() {
                    let _ = el.set_pointer_capture(d.pointer);
                }
            }
            if d.moved {
                cb.run((d.id.clone(), at()));
            }
            ctx.marker_drag.set_value(Some(d));
        }
        Phase::Up => {
            if d.moved {
                cb.run((d.id.clone(), at()));
                ctx.drag_ended.set_value(true);
            }
            ctx.marker_drag.set_value(None);
        }
        _ => ctx.marker_drag.set_value(None),
    }
    true
}

/// A pointer event on the map, through the gesture state machine.
pub(super) fn pointer(ctx: MapCtx, ev: &web_sys::PointerEvent, phase: Phase) {
    // The element is measured once per press: moves reuse it (no layout work while dragging).
    if phase == Phase::Down {
        ctx.pointer_origin.set_value(element_origin(ctx));
    }
    let (ox, oy) = ctx.pointer_origin.get_value();
    #[cfg(feature = "editing")]
    if marker_drag(
        ctx,
        ev,
        phase,
        f64::from(ev.client_x()) - ox,
        f64::from(ev.client_y()) - oy,
    ) {
        return;
    }
    let input = PointerInput {
        phase,
        id: ev.pointer_id(),
        x: f64::from(ev.client_x()) - ox,
        y: f64::from(ev.client_y()) - oy,
        t_ms: now(),
        kind: PointerKind::from_dom(&ev.pointer_type()),
        button: ev.button(),
    };
    let view = ctx.view.get_untracked();
    let actions = ctx
        .gesture
        .try_update_value(|g| g.handle(&input, &view))
        .unwrap_or_default();
    for action in actions {
        apply(ctx, action);
    }
}

fn apply(ctx: MapCtx, action: Action) {
    match action {
        Action::Stop => ctx.motion.set_value(None),
        Action::Capture(id) => {
            if let Some(el) = ctx.container.get_untracked() {
                let _ = el.set_pointer_capture(id);
            }
        }
        Action::PanBy { dx, dy } => {
            ctx.touched.set_value(true);
            ctx.view.update(|v| v.pan_by(dx, dy));
        }
        Action::Show(next) => {
            ctx.touched.set_value(true);
            ctx.view.update(|v| {
                *v = Viewport {
                    width: v.width,
                    height: v.height,
                    ..next
                }
            });
        }
        Action::Fling(fling) => start_motion(
            ctx,
            Motion::Coast {
                from: ctx.view.get_untracked(),
                fling,
                start_ms: now(),
            },
        ),
        Action::ZoomIn { x, y } => ctx.zoom_by(1.0, Some((x, y))),
        Action::TouchHint => {
            if ctx
                .touch_hinted
                .try_update_value(|shown| std::mem::replace(shown, true))
                == Some(false)
            {
                show_hint(ctx, Hint::Touch, TOUCH_HINT_MS);
            }
        }
    }
}

/// A key pressed on the map (or bubbling up from a feature or control in it).
pub(super) fn key(ctx: MapCtx, ev: &web_sys::KeyboardEvent) {
    let Some(action) = key_action(&ev.key()) else {
        return;
    };
    ev.prevent_default();
    match action {
        KeyAction::PanBy { dx, dy } => {
            ctx.touched.set_value(true);
            ctx.motion.set_value(None);
            ctx.view.update(|v| v.pan_by(dx, dy));
        }
        KeyAction::ZoomBy(dz) => ctx.zoom_by(dz, None),
    }
}

/// A mouse's double click zooms in there; a finger's double tap has been handled already.
pub(super) fn dblclick(ctx: MapCtx, ev: &web_sys::MouseEvent) {
    if ctx.gesture.with_value(|g| g.is_touch()) {
        return;
    }
    let (ox, oy) = element_origin(ctx);
    ctx.zoom_by(
        1.0,
        Some((f64::from(ev.client_x()) - ox, f64::from(ev.client_y()) - oy)),
    );
}

/// A click that reached the map itself: the end of a press. On the background (not a feature
/// or a control) and not the end of a drag, it is reported to the host with its position.
pub(super) fn click(ctx: MapCtx, ev: &web_sys::MouseEvent) {
    #[cfg(feature = "editing")]
    if ctx.drag_ended.try_update_value(std::mem::take) == Some(true) {
        return;
    }
    let counts = ctx.gesture.try_update_value(|g| g.end_click()) == Some(true);
    let Some(cb) = ctx.on_click else { return };
    let on_background = ev
        .target()
        .zip(ctx.container.get_untracked())
        .is_some_and(|(t, c)| {
            t.dyn_ref::<web_sys::Element>()
                .is_some_and(|e| e.closest("[data-id], button").ok().flatten().is_none())
                && c.contains(t.dyn_ref())
        });
    if counts && on_background {
        let (ox, oy) = element_origin(ctx);
        let w = ctx.view.with_untracked(|v| {
            v.screen_to_world(f64::from(ev.client_x()) - ox, f64::from(ev.client_y()) - oy)
        });
        cb.run(
            ctx.crs
                .get_untracked()
                .to_wgs84(crate::projection::unproject(w)),
        );
    }
}

/// The listeners the map adds to the DOM itself; dropping this removes them.
pub(super) struct DomListeners {
    element: web_sys::Element,
    observer: Option<web_sys::ResizeObserver>,
    // Kept alive for as long as the observer may call it.
    _on_resize: Closure<dyn Fn()>,
    on_wheel: Closure<dyn Fn(web_sys::WheelEvent)>,
    on_touch: Closure<dyn Fn(web_sys::TouchEvent)>,
}

impl Drop for DomListeners {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
        let _ = self
            .element
            .remove_event_listener_with_callback("wheel", self.on_wheel.as_ref().unchecked_ref());
        for kind in ["touchstart", "touchmove"] {
            let _ = self
                .element
                .remove_event_listener_with_callback(kind, self.on_touch.as_ref().unchecked_ref());
        }
    }
}

/// Measures the element now and on every resize, and zooms with the wheel; the listeners live in
/// `ctx.listeners` until the map unmounts.
pub(super) fn listen(ctx: MapCtx, element: web_sys::Element) {
    let measure = {
        let element = element.clone();
        move || ctx.measure(&element)
    };
    measure();
    let on_resize = Closure::<dyn Fn()>::new(measure);
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        o.observe(&element);
    }
    let target = element.clone();
    let on_wheel = Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
        wheel(ctx, &target, &ev);
    });
    // Not passive, so that zooming can keep the page still.
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let _ = element.add_event_listener_with_callback_and_add_event_listener_options(
        "wheel",
        on_wheel.as_ref().unchecked_ref(),
        &options,
    );
    // A cooperative map lets the browser pan the page (`touch-action`); with two fingers down
    // the map takes the touch, so the page must not scroll or zoom under them.
    let on_touch = Closure::<dyn Fn(web_sys::TouchEvent)>::new(move |ev: web_sys::TouchEvent| {
        if ev.touches().length() >= 2 && ev.cancelable() {
            ev.prevent_default();
        }
    });
    for kind in ["touchstart", "touchmove"] {
        let _ = element.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            on_touch.as_ref().unchecked_ref(),
            &options,
        );
    }
    // Replacing an earlier set drops it, which removes its listeners.
    ctx.listeners.try_set_value(Some(DomListeners {
        element,
        observer,
        _on_resize: on_resize,
        on_wheel,
        on_touch,
    }));
}

fn wheel(ctx: MapCtx, element: &web_sys::Element, ev: &web_sys::WheelEvent) {
    // The focus of the map's own tree: inside a shadow root (a portal's embed) the page's
    // active element is the shadow host, never the map.
    let root = element.get_root_node();
    let active = match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(tree) => tree.active_element(),
        None => document().active_element(),
    };
    let focused = active.is_some_and(|a| element.contains(Some(&a)));
    let input = WheelInput {
        delta_y: ev.delta_y(),
        delta_mode: ev.delta_mode(),
        modifier: ev.ctrl_key() || ev.meta_key(),
        focused,
    };
    match wheel_action(&input) {
        WheelAction::Hint => show_hint(ctx, Hint::Wheel, WHEEL_HINT_MS),
        WheelAction::Zoom(dz) => {
            ev.prevent_default();
            ctx.motion.try_set_value(None);
            ctx.touched.try_set_value(true);
            let r = element.get_bounding_client_rect();
            let (x, y) = (
                f64::from(ev.client_x()) - r.left(),
                f64::from(ev.client_y()) - r.top(),
            );
            ctx.view.try_update(|v| v.zoom_around(v.zoom + dz, x, y));
        }
    }
}

/// Releases everything the map holds in the browser when its owner is cleaned up (unmount).
pub(super) fn release_on_unmount(ctx: MapCtx) {
    let (listeners, timers, motion) = (ctx.listeners, ctx.timers, ctx.motion);
    on_cleanup(move || {
        drop(listeners.try_update_value(Option::take));
        timers.try_update_value(Timers::cancel);
        motion.try_set_value(None);
    });
}
