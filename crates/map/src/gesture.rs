//! Pointer and wheel input in, map actions out: the state machine behind dragging, pinching,
//! flinging, double tapping and telling a click from a drag. The web layer turns DOM events into
//! [`PointerInput`] and [`WheelInput`] and carries out the [`Action`]s; every decision is here,
//! tested without a browser.
//!
//! Positions are CSS pixels from the map element's top left, times are ms on one clock (the
//! page's `performance.now()`).
//!
//! A map inside a scrolling page is *cooperative* (as the best embedded maps are): one finger is
//! the page's, to scroll it past the map (the browser does that, allowed by the element's
//! `touch-action`), and two fingers move and zoom the map. A one-finger swipe then asks for a
//! hint saying so. A mouse and a pen are unchanged.
//!
//! # References
//! - Leaflet 1.9, `Map.Drag`, `Map.TouchZoom`, `Map.DoubleClickZoom`, `Map.ScrollWheelZoom`
//!   (a drag starts past a few pixels; pinch zoom is the log₂ of the fingers' distance ratio,
//!   around their midpoint; a double tap zooms in one level).

use crate::motion::{DragSamples, Fling};
use crate::viewport::Viewport;

/// A press becomes a drag once it has moved more than this from where it went down
/// (|dx| + |dy|, CSS px); below it, releasing is a click.
pub const DRAG_THRESHOLD_PX: f64 = 4.0;
/// Two taps at most this far apart in time make a double tap, ms.
pub const DOUBLE_TAP_MS: f64 = 300.0;
/// …and at most this far apart on screen, CSS px.
pub const DOUBLE_TAP_PX: f64 = 30.0;
/// Wheel travel for one zoom level, CSS px (a typical mouse notch of 100 px is a third of one).
pub const WHEEL_PX_PER_ZOOM: f64 = 300.0;
/// One wheel "line" (`deltaMode` 1, Firefox's mouse wheel), CSS px.
pub const WHEEL_LINE_PX: f64 = 16.0;
/// One wheel "page" (`deltaMode` 2), CSS px.
pub const WHEEL_PAGE_PX: f64 = 800.0;

/// What kind of pointer (the DOM's `pointerType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerKind {
    /// A mouse (or trackpad).
    Mouse,
    /// A finger.
    Touch,
    /// A pen or stylus.
    Pen,
}

impl PointerKind {
    /// From the DOM's `pointerType` (`"mouse"`, `"touch"`, `"pen"`; anything else counts as a
    /// mouse).
    ///
    /// ```
    /// use ysmap_map::gesture::PointerKind;
    /// assert_eq!(PointerKind::from_dom("touch"), PointerKind::Touch);
    /// assert_eq!(PointerKind::from_dom(""), PointerKind::Mouse);
    /// ```
    pub fn from_dom(pointer_type: &str) -> PointerKind {
        match pointer_type {
            "touch" => PointerKind::Touch,
            "pen" => PointerKind::Pen,
            _ => PointerKind::Mouse,
        }
    }
}

/// Which pointer event it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `pointerdown`.
    Down,
    /// `pointermove`.
    Move,
    /// `pointerup`.
    Up,
    /// `pointercancel`: the pointer is gone without a release (no click, no fling, no tap).
    Cancel,
}

/// One pointer event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointerInput {
    /// Which event.
    pub phase: Phase,
    /// The DOM's `pointerId`.
    pub id: i32,
    /// Position, CSS px from the element's left edge.
    pub x: f64,
    /// Position, CSS px from the element's top edge.
    pub y: f64,
    /// When, ms.
    pub t_ms: f64,
    /// Mouse, finger or pen.
    pub kind: PointerKind,
    /// The DOM's `button` (0 is the main button); only presses of the main button pan.
    pub button: i16,
}

/// What the map should do about an event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// A hand is on the map: stop any motion under way.
    Stop,
    /// Capture this pointer, so that a drag carries on outside the element. Asked only once a
    /// press has become a drag, so that a plain click still reaches the feature under it.
    Capture(i32),
    /// Move the content by (`dx`, `dy`) CSS px.
    PanBy {
        /// CSS px, positive to the right.
        dx: f64,
        /// CSS px, positive downwards.
        dy: f64,
    },
    /// Show this view (a pinch); keep the element's current size.
    Show(Viewport),
    /// Coast on after a flung drag.
    Fling(Fling),
    /// Zoom in one level around (`x`, `y`), CSS px (a double tap).
    ZoomIn {
        /// CSS px from the left.
        x: f64,
        /// CSS px from the top.
        y: f64,
    },
    /// One finger swiped a cooperative map: say that two fingers move it (the page scrolls).
    TouchHint,
}

/// Two fingers down: the view and the fingers when the second came down.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pinch {
    from: Viewport,
    distance_px: f64,
    mid: (f64, f64),
}

/// The pointers on the map and what they are doing.
#[derive(Debug, Clone, Default)]
pub struct Gesture {
    /// Pointers down (at most two): id and position.
    pointers: Vec<(i32, f64, f64)>,
    /// The press has become a drag (or a pinch): its release is not a click.
    moved: bool,
    start: (f64, f64),
    last: (f64, f64),
    pinch: Option<Pinch>,
    /// The last single tap: time and position.
    last_tap: Option<(f64, f64, f64)>,
    /// The last press was a finger.
    touch: bool,
    samples: DragSamples,
    /// One finger is the page's (see the module's documentation).
    cooperative: bool,
    /// The fingers down are the page's: a single finger on a cooperative map, or the one left
    /// after a pinch there. They neither pan nor fling.
    scrolling: bool,
}

/// The fingers' distance and midpoint.
fn span(a: (i32, f64, f64), b: (i32, f64, f64)) -> (f64, (f64, f64)) {
    (
        (a.1 - b.1).hypot(a.2 - b.2),
        ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0),
    )
}

impl Gesture {
    /// Takes one pointer event; `view` is the live view (a pinch starts from it).
    ///
    /// ```
    /// use ysmap_map::gesture::{Action, Gesture, Phase, PointerInput, PointerKind};
    /// use ysmap_map::{LngLat, Viewport};
    /// let view = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let ev = |phase, x: f64, t_ms| PointerInput { phase, id: 1, x, y: 100.0, t_ms, kind: PointerKind::Mouse, button: 0 };
    /// let mut g = Gesture::default();
    /// assert_eq!(g.handle(&ev(Phase::Down, 100.0, 0.0), &view), vec![Action::Stop]);
    /// assert_eq!(g.handle(&ev(Phase::Move, 102.0, 10.0), &view), vec![]); // not a drag yet
    /// assert_eq!(
    ///     g.handle(&ev(Phase::Move, 110.0, 20.0), &view),
    ///     vec![Action::Capture(1), Action::PanBy { dx: 10.0, dy: 0.0 }],
    /// );
    /// ```
    pub fn handle(&mut self, e: &PointerInput, view: &Viewport) -> Vec<Action> {
        match e.phase {
            Phase::Down => self.down(e, view),
            Phase::Move => self.move_to(e),
            Phase::Up => self.up(e, true),
            Phase::Cancel => self.up(e, false),
        }
    }

    /// Makes one finger the page's (`true`) or the map's (`false`).
    ///
    /// ```
    /// use ysmap_map::gesture::{Action, Gesture, Phase, PointerInput, PointerKind};
    /// use ysmap_map::{LngLat, Viewport};
    /// let view = Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0);
    /// let finger = |phase, id, x: f64| PointerInput { phase, id, x, y: 100.0, t_ms: 0.0, kind: PointerKind::Touch, button: 0 };
    /// let mut g = Gesture::default();
    /// g.set_cooperative(true);
    /// g.handle(&finger(Phase::Down, 1, 100.0), &view);
    /// // One finger: the page scrolls, the map says how to move it.
    /// assert_eq!(g.handle(&finger(Phase::Move, 1, 140.0), &view), vec![Action::TouchHint]);
    /// // A second finger: the map is the fingers'.
    /// g.handle(&finger(Phase::Down, 2, 300.0), &view);
    /// assert!(matches!(g.handle(&finger(Phase::Move, 2, 320.0), &view)[..], [Action::Show(_)]));
    /// ```
    pub fn set_cooperative(&mut self, on: bool) {
        self.cooperative = on;
    }

    fn down(&mut self, e: &PointerInput, view: &Viewport) -> Vec<Action> {
        if e.kind == PointerKind::Mouse && e.button != 0 {
            return Vec::new();
        }
        self.pointers.retain(|p| p.0 != e.id);
        if self.pointers.len() >= 2 {
            // A third finger changes nothing.
            return Vec::new();
        }
        self.touch = e.kind == PointerKind::Touch;
        self.pointers.push((e.id, e.x, e.y));
        self.samples.clear();
        if let [a, b] = self.pointers[..] {
            let (distance_px, mid) = span(a, b);
            self.pinch = Some(Pinch {
                from: *view,
                distance_px: distance_px.max(1.0),
                mid,
            });
            self.moved = true;
            self.scrolling = false;
        } else {
            self.moved = false;
            self.scrolling = self.cooperative && self.touch;
            self.start = (e.x, e.y);
            self.last = (e.x, e.y);
            self.pinch = None;
            self.samples.push(e.t_ms, e.x, e.y);
        }
        vec![Action::Stop]
    }

    fn move_to(&mut self, e: &PointerInput) -> Vec<Action> {
        let Some(slot) = self.pointers.iter().position(|p| p.0 == e.id) else {
            return Vec::new();
        };
        self.pointers[slot] = (e.id, e.x, e.y);
        if let (Some(pinch), [a, b]) = (self.pinch, &self.pointers[..]) {
            let (distance, mid) = span(*a, *b);
            let mut v = pinch.from;
            v.zoom_around(
                pinch.from.zoom + (distance / pinch.distance_px).log2(),
                pinch.mid.0,
                pinch.mid.1,
            );
            v.pan_by(mid.0 - pinch.mid.0, mid.1 - pinch.mid.1);
            return vec![Action::Show(v)];
        }
        let mut actions = Vec::new();
        let past_threshold =
            (e.x - self.start.0).abs() + (e.y - self.start.1).abs() > DRAG_THRESHOLD_PX;
        if self.scrolling {
            // The page's finger: no pan, no capture; its release is not a click either.
            if !self.moved && past_threshold {
                self.moved = true;
                actions.push(Action::TouchHint);
            }
            return actions;
        }
        if !self.moved && past_threshold {
            self.moved = true;
            actions.push(Action::Capture(e.id));
        }
        if self.moved {
            // From where the drag last was (at first, where the press began), so that the
            // content stays under the pointer.
            let (dx, dy) = (e.x - self.last.0, e.y - self.last.1);
            self.last = (e.x, e.y);
            self.samples.push(e.t_ms, e.x, e.y);
            actions.push(Action::PanBy { dx, dy });
        }
        actions
    }

    fn up(&mut self, e: &PointerInput, released: bool) -> Vec<Action> {
        let Some(slot) = self.pointers.iter().position(|p| p.0 == e.id) else {
            return Vec::new();
        };
        self.pointers.remove(slot);
        if self.pinch.take().is_some() {
            // One finger stays down: it carries on as a drag from where it is (on a cooperative
            // map, it is the page's again and does nothing).
            if let Some(rest) = self.pointers.first() {
                self.last = (rest.1, rest.2);
            }
            self.scrolling = self.cooperative && self.touch;
            self.samples.clear();
            return Vec::new();
        }
        if !self.pointers.is_empty() || !released {
            return Vec::new();
        }
        if std::mem::take(&mut self.scrolling) && self.moved {
            return Vec::new();
        }
        if self.moved {
            return self
                .samples
                .fling(e.t_ms)
                .map(Action::Fling)
                .into_iter()
                .collect();
        }
        if e.kind != PointerKind::Touch {
            // A mouse's double click arrives as `dblclick`.
            return Vec::new();
        }
        match self.last_tap {
            Some((t, x, y))
                if e.t_ms - t < DOUBLE_TAP_MS && (e.x - x).hypot(e.y - y) < DOUBLE_TAP_PX =>
            {
                self.last_tap = None;
                vec![Action::ZoomIn { x: e.x, y: e.y }]
            }
            _ => {
                self.last_tap = Some((e.t_ms, e.x, e.y));
                Vec::new()
            }
        }
    }

    /// Whether a `click` arriving now ends a drag (and so must not select anything).
    ///
    /// ```
    /// use ysmap_map::gesture::Gesture;
    /// assert!(!Gesture::default().is_drag());
    /// ```
    pub fn is_drag(&self) -> bool {
        self.moved
    }

    /// The map's own `click` handler (the last to see a click): whether the click counts, and
    /// the press is forgotten either way.
    ///
    /// ```
    /// use ysmap_map::gesture::Gesture;
    /// let mut g = Gesture::default();
    /// assert!(g.end_click());
    /// ```
    pub fn end_click(&mut self) -> bool {
        !std::mem::take(&mut self.moved)
    }

    /// Whether the last press was a finger: its double tap is handled here, so the browser's
    /// `dblclick` for it must be ignored.
    ///
    /// ```
    /// use ysmap_map::gesture::Gesture;
    /// assert!(!Gesture::default().is_touch());
    /// ```
    pub fn is_touch(&self) -> bool {
        self.touch
    }
}

/// One wheel event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WheelInput {
    /// The DOM's `deltaY` (positive: towards the person, zoom out).
    pub delta_y: f64,
    /// The DOM's `deltaMode`: 0 pixels, 1 lines, 2 pages.
    pub delta_mode: u32,
    /// Ctrl or ⌘ is held (also how browsers report a trackpad pinch).
    pub modifier: bool,
    /// The map (or something in it) has the keyboard focus.
    pub focused: bool,
}

/// What a wheel event does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WheelAction {
    /// Zoom by this many levels around the pointer (and keep the page still).
    Zoom(f64),
    /// Let the page scroll, and say how to zoom: an embedded map must not take over scrolling.
    Hint,
}

/// Zoom levels for a wheel turn of `delta_y` in `delta_mode` units, at most one level per event.
///
/// ```
/// use ysmap_map::gesture::wheel_zoom_delta;
/// assert_eq!(wheel_zoom_delta(-300.0, 0), 1.0);
/// assert_eq!(wheel_zoom_delta(100.0, 0), -1.0 / 3.0);
/// assert_eq!(wheel_zoom_delta(-3.0, 1), 0.16);
/// assert_eq!(wheel_zoom_delta(-5000.0, 0), 1.0);
/// ```
pub fn wheel_zoom_delta(delta_y: f64, delta_mode: u32) -> f64 {
    let unit_px = match delta_mode {
        1 => WHEEL_LINE_PX,
        2 => WHEEL_PAGE_PX,
        _ => 1.0,
    };
    crate::clamp(-delta_y * unit_px / WHEEL_PX_PER_ZOOM, -1.0, 1.0)
}

/// What a wheel event does: it zooms only when the map has focus or Ctrl/⌘ is held.
///
/// ```
/// use ysmap_map::gesture::{wheel_action, WheelAction, WheelInput};
/// let turn = WheelInput { delta_y: -300.0, delta_mode: 0, modifier: false, focused: false };
/// assert_eq!(wheel_action(&turn), WheelAction::Hint);
/// assert_eq!(wheel_action(&WheelInput { focused: true, ..turn }), WheelAction::Zoom(1.0));
/// ```
pub fn wheel_action(input: &WheelInput) -> WheelAction {
    if input.focused || input.modifier {
        WheelAction::Zoom(wheel_zoom_delta(input.delta_y, input.delta_mode))
    } else {
        WheelAction::Hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LngLat;

    fn view() -> Viewport {
        Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0)
    }

    fn input(phase: Phase, id: i32, x: f64, y: f64, t_ms: f64, kind: PointerKind) -> PointerInput {
        PointerInput {
            phase,
            id,
            x,
            y,
            t_ms,
            kind,
            button: 0,
        }
    }

    fn mouse(phase: Phase, x: f64, y: f64, t_ms: f64) -> PointerInput {
        input(phase, 1, x, y, t_ms, PointerKind::Mouse)
    }

    fn finger(phase: Phase, id: i32, x: f64, y: f64, t_ms: f64) -> PointerInput {
        input(phase, id, x, y, t_ms, PointerKind::Touch)
    }

    /// The sum of the pans among `actions`.
    fn panned(actions: &[Action]) -> (f64, f64) {
        actions.iter().fold((0.0, 0.0), |(x, y), a| match a {
            Action::PanBy { dx, dy } => (x + dx, y + dy),
            _ => (x, y),
        })
    }

    fn shown(actions: &[Action]) -> Viewport {
        match actions {
            [Action::Show(v)] => *v,
            other => panic!("expected one view, got {other:?}"),
        }
    }

    mod drag {
        use super::*;

        #[test]
        fn a_press_becomes_a_drag_past_4_px() {
            let (v, mut g) = (view(), Gesture::default());
            g.handle(&mouse(Phase::Down, 100.0, 100.0, 0.0), &v);
            // 2 + 2 = 4 px: still a press.
            assert!(
                g.handle(&mouse(Phase::Move, 102.0, 98.0, 5.0), &v)
                    .is_empty()
            );
            assert!(!g.is_drag());
            // 3 + 2 = 5 px: a drag, and the pan covers the whole way from the press.
            let a = g.handle(&mouse(Phase::Move, 103.0, 102.0, 10.0), &v);
            assert_eq!(a[0], Action::Capture(1));
            assert_eq!(panned(&a), (3.0, 2.0));
            assert!(g.is_drag());
            let a = g.handle(&mouse(Phase::Move, 110.0, 90.0, 20.0), &v);
            assert_eq!(a, vec![Action::PanBy { dx: 7.0, dy: -12.0 }]);
        }

        #[test]
        fn a_drag_does_not_count_as_a_click() {
            let (v, mut g) = (view(), Gesture::default());
            g.handle(&mouse(Phase::Down, 100.0, 100.0, 0.0), &v);
            g.handle(&mouse(Phase::Move, 140.0, 100.0, 100.0), &v);
            g.handle(&mouse(Phase::Up, 140.0, 100.0, 300.0), &v);
            assert!(g.is_drag(), "a feature's click handler sees a drag");
            assert!(!g.end_click(), "the map's click handler too");
            // The next press starts afresh.
            g.handle(&mouse(Phase::Down, 10.0, 10.0, 1000.0), &v);
            g.handle(&mouse(Phase::Up, 11.0, 10.0, 1050.0), &v);
            assert!(!g.is_drag() && g.end_click());
        }

        #[test]
        fn a_quick_release_flings_and_a_held_one_does_not() {
            let (v, mut g) = (view(), Gesture::default());
            g.handle(&mouse(Phase::Down, 0.0, 0.0, 0.0), &v);
            for i in 1..=5 {
                g.handle(
                    &mouse(Phase::Move, f64::from(i) * 20.0, 0.0, f64::from(i) * 10.0),
                    &v,
                );
            }
            let a = g.handle(&mouse(Phase::Up, 100.0, 0.0, 55.0), &v);
            let [Action::Fling(f)] = a[..] else {
                panic!("no fling: {a:?}")
            };
            assert!(f.dx > 100.0 && f.dy.abs() < 1e-9, "{f:?}");

            g.handle(&mouse(Phase::Down, 0.0, 0.0, 1000.0), &v);
            g.handle(&mouse(Phase::Move, 100.0, 0.0, 1050.0), &v);
            // Held still for 150 ms before letting go.
            assert!(
                g.handle(&mouse(Phase::Up, 100.0, 0.0, 1200.0), &v)
                    .is_empty()
            );
        }

        #[test]
        fn only_the_main_mouse_button_pans() {
            let (v, mut g) = (view(), Gesture::default());
            let right = PointerInput {
                button: 2,
                ..mouse(Phase::Down, 0.0, 0.0, 0.0)
            };
            assert!(g.handle(&right, &v).is_empty());
            assert!(
                g.handle(&mouse(Phase::Move, 50.0, 0.0, 10.0), &v)
                    .is_empty()
            );
        }

        #[test]
        fn a_cancelled_pointer_neither_flings_nor_taps() {
            let (v, mut g) = (view(), Gesture::default());
            g.handle(&finger(Phase::Down, 1, 0.0, 0.0, 0.0), &v);
            g.handle(&finger(Phase::Move, 1, 50.0, 0.0, 10.0), &v);
            assert!(
                g.handle(&finger(Phase::Cancel, 1, 60.0, 0.0, 20.0), &v)
                    .is_empty()
            );
            // Nothing is left down: a move without a press does nothing.
            assert!(
                g.handle(&finger(Phase::Move, 1, 90.0, 0.0, 30.0), &v)
                    .is_empty()
            );
        }
    }

    mod pinch {
        use super::*;

        fn two_fingers(g: &mut Gesture, v: &Viewport, spread: f64) {
            g.handle(&finger(Phase::Down, 1, 400.0 - spread, 300.0, 0.0), v);
            let a = g.handle(&finger(Phase::Down, 2, 400.0 + spread, 300.0, 5.0), v);
            assert_eq!(a, vec![Action::Stop]);
        }

        #[test]
        fn doubling_the_fingers_distance_zooms_in_one_level() {
            let (v, mut g) = (view(), Gesture::default());
            two_fingers(&mut g, &v, 40.0);
            g.handle(&finger(Phase::Move, 1, 320.0, 300.0, 20.0), &v);
            let z = shown(&g.handle(&finger(Phase::Move, 2, 480.0, 300.0, 25.0), &v));
            assert!((z.zoom - v.zoom - 1.0).abs() < 1e-12, "{}", z.zoom);
            // Around the fingers' midpoint, which stayed put.
            let w = v.screen_to_world(400.0, 300.0);
            let (x, y) = z.world_to_screen(w);
            assert!((x - 400.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6);
            assert!(g.is_drag(), "a pinch is never a click");
        }

        #[test]
        fn two_fingers_moving_together_pan() {
            let (v, mut g) = (view(), Gesture::default());
            two_fingers(&mut g, &v, 50.0);
            g.handle(&finger(Phase::Move, 1, 380.0, 340.0, 20.0), &v);
            let p = shown(&g.handle(&finger(Phase::Move, 2, 480.0, 340.0, 25.0), &v));
            assert!((p.zoom - v.zoom).abs() < 1e-12);
            let w = v.screen_to_world(400.0, 300.0);
            let (x, y) = p.world_to_screen(w);
            assert!(
                (x - 430.0).abs() < 1e-6 && (y - 340.0).abs() < 1e-6,
                "{x} {y}"
            );
        }

        #[test]
        fn the_finger_left_down_carries_on_as_a_drag() {
            let (v, mut g) = (view(), Gesture::default());
            two_fingers(&mut g, &v, 50.0);
            g.handle(&finger(Phase::Move, 2, 500.0, 300.0, 20.0), &v);
            assert!(
                g.handle(&finger(Phase::Up, 1, 350.0, 300.0, 30.0), &v)
                    .is_empty()
            );
            // It pans from where it is, with no jump and no second capture.
            let a = g.handle(&finger(Phase::Move, 2, 510.0, 305.0, 40.0), &v);
            assert_eq!(a, vec![Action::PanBy { dx: 10.0, dy: 5.0 }]);
            // The last finger up: no double tap, it was a drag.
            let a = g.handle(&finger(Phase::Up, 2, 510.0, 305.0, 400.0), &v);
            assert!(a.is_empty(), "{a:?}");
        }

        #[test]
        fn a_third_finger_changes_nothing() {
            let (v, mut g) = (view(), Gesture::default());
            two_fingers(&mut g, &v, 50.0);
            assert!(
                g.handle(&finger(Phase::Down, 3, 10.0, 10.0, 9.0), &v)
                    .is_empty()
            );
            assert!(
                g.handle(&finger(Phase::Move, 3, 90.0, 10.0, 19.0), &v)
                    .is_empty()
            );
        }
    }

    mod cooperative {
        use super::*;

        fn cooperative() -> Gesture {
            let mut g = Gesture::default();
            g.set_cooperative(true);
            g
        }

        #[test]
        fn one_finger_is_the_pages_and_asks_for_the_hint_once() {
            let (v, mut g) = (view(), cooperative());
            assert_eq!(
                g.handle(&finger(Phase::Down, 1, 100.0, 100.0, 0.0), &v),
                vec![Action::Stop]
            );
            assert!(
                g.handle(&finger(Phase::Move, 1, 100.0, 103.0, 10.0), &v)
                    .is_empty()
            );
            assert_eq!(
                g.handle(&finger(Phase::Move, 1, 100.0, 160.0, 20.0), &v),
                vec![Action::TouchHint]
            );
            assert!(
                g.handle(&finger(Phase::Move, 1, 100.0, 260.0, 30.0), &v)
                    .is_empty()
            );
            // No fling, and not a click.
            assert!(
                g.handle(&finger(Phase::Up, 1, 100.0, 300.0, 40.0), &v)
                    .is_empty()
            );
            assert!(!g.end_click());
        }

        #[test]
        fn the_browser_taking_the_finger_to_scroll_leaves_nothing_behind() {
            let (v, mut g) = (view(), cooperative());
            g.handle(&finger(Phase::Down, 1, 100.0, 100.0, 0.0), &v);
            g.handle(&finger(Phase::Move, 1, 100.0, 120.0, 10.0), &v);
            assert!(
                g.handle(&finger(Phase::Cancel, 1, 100.0, 120.0, 20.0), &v)
                    .is_empty()
            );
            // The next press starts afresh.
            g.handle(&finger(Phase::Down, 2, 100.0, 100.0, 500.0), &v);
            assert!(!g.is_drag());
        }

        #[test]
        fn two_fingers_move_the_map_and_the_one_left_does_not() {
            let (v, mut g) = (view(), cooperative());
            g.handle(&finger(Phase::Down, 1, 350.0, 300.0, 0.0), &v);
            g.handle(&finger(Phase::Down, 2, 450.0, 300.0, 5.0), &v);
            g.handle(&finger(Phase::Move, 1, 380.0, 340.0, 20.0), &v);
            let p = shown(&g.handle(&finger(Phase::Move, 2, 480.0, 340.0, 25.0), &v));
            assert!(p != v, "two fingers moved the map");
            assert!(
                g.handle(&finger(Phase::Up, 1, 380.0, 340.0, 30.0), &v)
                    .is_empty()
            );
            assert!(
                g.handle(&finger(Phase::Move, 2, 520.0, 360.0, 40.0), &v)
                    .is_empty()
            );
            assert!(
                g.handle(&finger(Phase::Up, 2, 520.0, 360.0, 50.0), &v)
                    .is_empty()
            );
        }

        #[test]
        fn a_tap_still_taps_and_a_double_tap_still_zooms() {
            let (v, mut g) = (view(), cooperative());
            g.handle(&finger(Phase::Down, 1, 200.0, 200.0, 0.0), &v);
            assert!(
                g.handle(&finger(Phase::Up, 1, 200.0, 200.0, 40.0), &v)
                    .is_empty()
            );
            assert!(g.end_click(), "a tap selects what is under it");
            g.handle(&finger(Phase::Down, 1, 202.0, 201.0, 200.0), &v);
            assert_eq!(
                g.handle(&finger(Phase::Up, 1, 202.0, 201.0, 240.0), &v),
                vec![Action::ZoomIn { x: 202.0, y: 201.0 }]
            );
        }

        #[test]
        fn a_mouse_still_drags() {
            let (v, mut g) = (view(), cooperative());
            g.handle(&mouse(Phase::Down, 100.0, 100.0, 0.0), &v);
            let a = g.handle(&mouse(Phase::Move, 120.0, 100.0, 10.0), &v);
            assert_eq!(panned(&a), (20.0, 0.0));
        }
    }

    mod double_tap {
        use super::*;

        fn tap(g: &mut Gesture, x: f64, y: f64, t_ms: f64) -> Vec<Action> {
            let v = view();
            g.handle(&finger(Phase::Down, 7, x, y, t_ms), &v);
            g.handle(&finger(Phase::Up, 7, x, y, t_ms + 40.0), &v)
        }

        #[test]
        fn within_300_ms_and_30_px_zooms_in_there() {
            let mut g = Gesture::default();
            assert!(tap(&mut g, 200.0, 200.0, 0.0).is_empty());
            let a = tap(&mut g, 210.0, 215.0, 200.0);
            assert_eq!(a, vec![Action::ZoomIn { x: 210.0, y: 215.0 }]);
            assert!(g.is_touch());
            // A third tap starts a new pair.
            assert!(tap(&mut g, 210.0, 215.0, 350.0).is_empty());
        }

        #[test]
        fn too_slow_or_too_far_does_not() {
            let mut g = Gesture::default();
            tap(&mut g, 200.0, 200.0, 0.0);
            assert!(tap(&mut g, 200.0, 200.0, 400.0).is_empty(), "360 ms apart");
            assert!(tap(&mut g, 240.0, 200.0, 500.0).is_empty(), "40 px apart");
            // The far tap is the first of a new pair.
            assert_eq!(tap(&mut g, 240.0, 200.0, 600.0).len(), 1);
        }

        #[test]
        fn a_mouse_leaves_double_clicks_to_dblclick() {
            let (v, mut g) = (view(), Gesture::default());
            for t in [0.0, 100.0] {
                g.handle(&mouse(Phase::Down, 5.0, 5.0, t), &v);
                assert!(
                    g.handle(&mouse(Phase::Up, 5.0, 5.0, t + 20.0), &v)
                        .is_empty()
                );
            }
            assert!(!g.is_touch());
        }
    }

    mod wheel {
        use super::*;

        #[test]
        fn a_line_of_wheel_is_16_px() {
            assert!((wheel_zoom_delta(3.0, 1) - wheel_zoom_delta(48.0, 0)).abs() < 1e-12);
        }

        #[test]
        fn an_unfocused_map_zooms_only_with_ctrl() {
            let turn = WheelInput {
                delta_y: 100.0,
                delta_mode: 0,
                modifier: true,
                focused: false,
            };
            assert_eq!(wheel_action(&turn), WheelAction::Zoom(-1.0 / 3.0));
        }
    }
}
