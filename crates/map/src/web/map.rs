//! The `<Map>` component: its props, the state it keeps, and the wiring between the DOM
//! (`events`), the pure core and the drawing (`layers`, `controls`).
//!
//! As Leaflet does, moving the map does not redraw it: everything is laid out for the
//! `rendered` view inside one pane, and while the live `view` moves, only that pane's CSS
//! transform changes (the compositor moves it, no repaint). Once the view has been still for
//! `SETTLE_MS`, the drawing catches up in one render.

use super::events::{self, DomListeners, Timers};
use super::layers::{self, Drawing};
use super::tiles::{TileImages, TileStatus};
use super::{Area, MapLabels, Marker, Popup, TileLayer, VectorBase, controls};
use crate::crs::Crs;
use crate::gesture::{Gesture, Phase};
use crate::motion::Motion;
use crate::projection::{LngLat, WorldPoint, project};
use crate::viewport::Viewport;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use ysmap_decimal::fixed;

pub(super) use crate::viewport::FIT_PADDING_PX;
/// The drawing catches up with the view this long after the view last changed, ms.
const SETTLE_MS: u64 = 100;
/// The name of the `performance.mark` made when the map is first complete.
pub const READY_MARK: &str = "ysmap-map-ready";

/// Maps on the page so far, for ids of their own.
static MAPS: AtomicU32 = AtomicU32::new(0);

/// The props and state every part of the map shares. All handles, so it is `Copy` and each
/// closure takes it whole.
#[derive(Clone, Copy)]
pub(super) struct MapCtx {
    /// The live view (a prop: the host reads and writes it too).
    pub view: RwSignal<Viewport>,
    /// The view the drawing is laid out for; catches up with `view` once it is still.
    pub rendered: RwSignal<Viewport>,
    /// Where geometry is measured from (see `layers`).
    pub origin: WorldPoint,
    /// The base map's coordinate system (tiles in GCJ-02 move everything with them).
    pub crs: Memo<Crs>,
    pub markers: Signal<Vec<Marker>>,
    pub labels: Signal<MapLabels>,
    pub areas: Signal<Vec<Area>>,
    pub landmarks: Signal<Vec<Marker>>,
    pub base: Signal<Option<VectorBase>>,
    pub tiles: Signal<Option<TileLayer>>,
    pub selected: Signal<Option<String>>,
    pub highlighted: Signal<Option<String>>,
    pub popup: Signal<Option<Popup>>,
    pub home: Signal<Option<(LngLat, LngLat)>>,
    pub focus: Signal<Option<(LngLat, LngLat)>>,
    pub on_select: Option<Callback<String>>,
    pub on_click: Option<Callback<LngLat>>,
    pub on_reset: Option<Callback<()>>,
    pub on_popup_close: Option<Callback<()>>,
    /// A marker was dragged (feature `editing`).
    #[cfg_attr(not(feature = "editing"), allow(dead_code))]
    pub on_drag: Option<Callback<(String, LngLat)>>,
    /// The press on a draggable marker under way, if any.
    #[cfg_attr(not(feature = "editing"), allow(dead_code))]
    pub marker_drag: StoredValue<Option<events::MarkerDrag>>,
    /// A marker drag just ended: the click that follows it is not a click.
    #[cfg_attr(not(feature = "editing"), allow(dead_code))]
    pub drag_ended: StoredValue<bool>,
    pub container: NodeRef<leptos::html::Div>,
    /// The element has been measured.
    pub measured: RwSignal<bool>,
    /// The page's root font size over the default 16 px: labels are drawn in `rem` (map.css),
    /// and their placement measures them at this scale.
    pub text_scale: RwSignal<f64>,
    /// The person has moved the map (so resizes no longer fit `home`).
    pub touched: StoredValue<bool>,
    pub motion: StoredValue<Option<Motion>>,
    pub gesture: StoredValue<Gesture>,
    /// The element's top left when the current press began, client px.
    pub pointer_origin: StoredValue<(f64, f64)>,
    pub timers: StoredValue<Timers>,
    pub listeners: StoredValue<Option<DomListeners>, LocalStorage>,
    pub tile_status: RwSignal<TileStatus>,
    /// The hint shown over the map, if any.
    pub hint: RwSignal<Option<Hint>>,
    /// The touch hint has been shown once (it is not repeated).
    pub touch_hinted: StoredValue<bool>,
    /// This map's number on the page, for element ids.
    pub number: u32,
}

impl MapCtx {
    /// A WGS-84 position in world units of the base map's coordinate system (tracks `crs`).
    pub fn to_world(self, p: LngLat) -> WorldPoint {
        project(self.crs.get().from_wgs84(p))
    }

    /// A world point on screen, in the rendered view, as an SVG `transform`.
    pub fn translate(self, w: WorldPoint) -> String {
        let (x, y) = self.rendered.with(|v| v.world_to_screen(w));
        format!("translate({} {})", fixed(x, 1), fixed(y, 1))
    }

    /// Tells the host a feature was chosen.
    pub fn select(self, id: String) {
        if let Some(cb) = self.on_select {
            cb.run(id);
        }
    }

    /// An animated zoom by `dz` around `at` (CSS px; the centre when `None`).
    pub fn zoom_by(self, dz: f64, at: Option<(f64, f64)>) {
        self.touched.set_value(true);
        let from = self.view.get_untracked();
        let (x, y) = at.unwrap_or((from.width / 2.0, from.height / 2.0));
        let current = self.motion.try_get_value().flatten();
        events::start_motion(
            self,
            Motion::zoom_by(current, from, dz, x, y, events::now()),
        );
    }

    /// An animated move to `to`.
    pub fn fly_to(self, to: Viewport) {
        let from = self.view.get_untracked();
        events::start_motion(
            self,
            Motion::FlyTo {
                from,
                to,
                start_ms: events::now(),
            },
        );
    }

    /// Shows the box from `sw` to `ne` (WGS-84), flying there or jumping.
    pub fn fit(self, sw: LngLat, ne: LngLat, animate: bool) {
        let crs = self.crs.get_untracked();
        let mut target = self.view.get_untracked();
        target.fit_bounds(crs.from_wgs84(sw), crs.from_wgs84(ne), FIT_PADDING_PX);
        if animate {
            self.fly_to(target);
        } else {
            self.motion.set_value(None);
            self.view.set(target);
        }
    }

    /// Takes the element's size into the view; fits `home` (or `focus`) until the person has
    /// moved the map.
    pub fn measure(self, element: &web_sys::Element) {
        // The size the page's text is in: `--ys-rem` where the host sets one (an app inside
        // another page, whose own root size is not the reader's), else the root's font size.
        let px_of = |size: String| Some(js_sys::parse_float(&size));
        let own = window()
            .get_computed_style(element)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("--ys-rem").ok())
            .filter(|v| v.trim().ends_with("px"))
            .and_then(px_of);
        let root_px = own
            .or_else(|| {
                document()
                    .document_element()
                    .and_then(|root| window().get_computed_style(&root).ok().flatten())
                    .and_then(|style| style.get_property_value("font-size").ok())
                    .and_then(px_of)
            })
            .filter(|px| px.is_finite() && *px > 0.0);
        if let Some(px) = root_px {
            let scale = px / 16.0;
            if self.text_scale.get_untracked() != scale {
                self.text_scale.try_set(scale);
            }
        }
        let r = element.get_bounding_client_rect();
        if r.width() < 1.0 || r.height() < 1.0 {
            return;
        }
        let resized = self.view.try_update(|v| {
            v.width = r.width();
            v.height = r.height();
            // Re-apply the limits for the new size.
            v.pan_by(0.0, 0.0);
        });
        if resized.is_none() {
            return;
        }
        if self.touched.try_get_value() == Some(false)
            && let Some((sw, ne)) = self.focus.get_untracked().or(self.home.get_untracked())
        {
            self.fit(sw, ne, false);
        }
        self.measured.try_set(true);
    }
}

/// The bounds of a set of rings (south-west, north-east), as `home` and `focus` take them.
///
/// ```
/// use ysmap_map::web::rings_bounds;
/// let (sw, ne) = rings_bounds(&[vec![[108.0, 34.2], [108.3, 34.1], [108.1, 34.4]]]).expect("points");
/// assert_eq!((sw.lng, sw.lat, ne.lng, ne.lat), (108.0, 34.1, 108.3, 34.4));
/// ```
pub fn rings_bounds(rings: &[Vec<[f64; 2]>]) -> Option<(LngLat, LngLat)> {
    let mut points = rings.iter().flatten();
    let first = *points.next()?;
    let (sw, ne) = points.fold((first, first), |(sw, ne), p| {
        (
            [sw[0].min(p[0]), sw[1].min(p[1])],
            [ne[0].max(p[0]), ne[1].max(p[1])],
        )
    });
    Some((LngLat::new(sw[0], sw[1]), LngLat::new(ne[0], ne[1])))
}

/// A hint over the map, saying how to move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The wheel turned over an unfocused map: hold Ctrl to zoom.
    Wheel,
    /// One finger swiped a cooperative map: use two.
    Touch,
}

/// A map. Props in WGS-84; `view` is both read and written (write it to move the map).
#[component]
pub fn Map(
    /// The view: centre, zoom, and the element's size (kept up to date by the map).
    view: RwSignal<Viewport>,
    /// Point features, clustered by zoom.
    #[prop(into)]
    markers: Signal<Vec<Marker>>,
    /// Words shown and spoken, in the host app's language.
    #[prop(into)]
    labels: Signal<MapLabels>,
    /// Polygon features (parks), drawn under the markers.
    #[prop(into, default = Signal::stored(Vec::new()))]
    areas: Signal<Vec<Area>>,
    /// Points always shown and never clustered (transport hubs).
    #[prop(into, default = Signal::stored(Vec::new()))]
    landmarks: Signal<Vec<Marker>>,
    /// The vector base, drawn under everything.
    #[prop(into, default = Signal::stored(None))]
    base: Signal<Option<VectorBase>>,
    /// Raster tiles over the vector base; `None` for the vector base alone.
    #[prop(into, default = Signal::stored(None))]
    tiles: Signal<Option<TileLayer>>,
    /// The selected feature's id.
    #[prop(into, default = Signal::stored(None))]
    selected: Signal<Option<String>>,
    /// A feature to highlight (hovered in a list).
    #[prop(into, default = Signal::stored(None))]
    highlighted: Signal<Option<String>>,
    /// A popup anchored to a point.
    #[prop(into, default = Signal::stored(None))]
    popup: Signal<Option<Popup>>,
    /// Bounds to fit when the map first gets its size, and on resizes until the person moves it.
    #[prop(into, default = Signal::stored(None))]
    home: Signal<Option<(LngLat, LngLat)>>,
    /// Bounds to show: each time it changes to `Some`, the map flies there.
    #[prop(into, default = Signal::stored(None))]
    focus: Signal<Option<(LngLat, LngLat)>>,
    /// The view given is where the map starts (a shared link's): it fits neither `home` nor the
    /// `focus` it starts with, as if the person had already moved it.
    #[prop(optional)]
    keep_start: bool,
    /// The map sits in a page that scrolls: one finger scrolls the page past it and two move
    /// it (cooperative gestures). Off where the map fills the screen.
    #[prop(into, default = Signal::stored(false))]
    cooperative: Signal<bool>,
    /// A feature (area or marker) was activated by click, tap or Enter.
    #[prop(into, optional)]
    on_select: Option<Callback<String>>,
    /// The map's background was clicked, at this WGS-84 position.
    #[prop(into, optional)]
    on_click: Option<Callback<LngLat>>,
    /// The reset button was pressed (after the map flew home).
    #[prop(into, optional)]
    on_reset: Option<Callback<()>>,
    /// The popup's close button was pressed.
    #[prop(into, optional)]
    on_popup_close: Option<Callback<()>>,
    /// A marker whose class includes `draggable` was dragged by mouse, touch or pen: its id and
    /// the WGS-84 position under the pointer, as it moves and where it is let go (feature
    /// `editing`; a plain click on it still selects it).
    #[prop(into, optional)]
    on_drag: Option<Callback<(String, LngLat)>>,
) -> impl IntoView {
    let start = view.get_untracked();
    let ctx = MapCtx {
        view,
        rendered: RwSignal::new(start),
        origin: start.center,
        crs: Memo::new(move |_| {
            tiles.with(|t| {
                t.as_ref()
                    .and_then(|l| l.sources.first())
                    .map_or(Crs::Wgs84, |s| s.crs)
            })
        }),
        markers,
        labels,
        areas,
        landmarks,
        base,
        tiles,
        selected,
        highlighted,
        popup,
        home,
        focus,
        on_select,
        on_click,
        on_reset,
        on_popup_close,
        on_drag,
        marker_drag: StoredValue::new(None),
        drag_ended: StoredValue::new(false),
        container: NodeRef::new(),
        measured: RwSignal::new(false),
        text_scale: RwSignal::new(1.0),
        touched: StoredValue::new(keep_start),
        motion: StoredValue::new(None),
        gesture: StoredValue::new(Gesture::default()),
        pointer_origin: StoredValue::new((0.0, 0.0)),
        timers: StoredValue::new(Timers::default()),
        listeners: StoredValue::new_local(None),
        tile_status: RwSignal::new(TileStatus::default()),
        hint: RwSignal::new(None),
        touch_hinted: StoredValue::new(false),
        number: MAPS.fetch_add(1, Ordering::Relaxed),
    };
    events::release_on_unmount(ctx);
    follow_view(ctx);
    Effect::new(move |_| {
        let on = cooperative.get();
        ctx.gesture.update_value(|g| g.set_cooperative(on));
    });

    Effect::new(move |_| {
        if let Some(el) = ctx.container.get() {
            events::listen(ctx, el.into());
        }
    });
    Effect::new(move |previous: Option<Option<(LngLat, LngLat)>>| {
        let target = focus.get();
        if let Some((sw, ne)) = target.filter(|_| previous.is_some() || !keep_start) {
            // Before the first measurement there is nothing to animate from.
            let animate = previous.is_some() && ctx.measured.get_untracked();
            ctx.fit(sw, ne, animate);
        }
        target
    });

    // Drawn: the frame after the last data change has been painted.
    let drawn = RwSignal::new(false);
    Effect::new(move |_| {
        markers.track();
        areas.track();
        base.track();
        tiles.track();
        drawn.set(false);
        events::next_frame(
            ctx.timers,
            |t| &mut t.drawn,
            Box::new(move || {
                drawn.try_set(true);
            }),
        );
    });
    // Ready once measured, drawn, caught up with the view, and every tile in view settled.
    let ready = move || {
        ctx.measured.get()
            && drawn.get()
            && ctx.rendered.get() == view.get()
            && (tiles.with(Option::is_none) || ctx.tile_status.get().settled)
    };
    // The page's own clock for "the map is complete" (benchmarks and field timing read it):
    // a `performance.mark` the first time the map is ready.
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        let now = ready();
        if now && let Some(p) = window().performance() {
            let _ = p.mark(READY_MARK);
        }
        now
    });

    let drawing = Drawing::new(ctx);
    let pane_class = move || {
        // While the drawing is scaled to a new zoom, markers and text are hidden, as Leaflet
        // does: scaled up they would be huge and blurred until the drawing catches up.
        if (ctx.rendered.get().zoom - view.get().zoom).abs() > 1e-6 {
            "ysmap-map-pane zooming"
        } else {
            "ysmap-map-pane"
        }
    };
    let pane_transform = move || {
        let (tx, ty, k) = view.get().pane_transform_from(&ctx.rendered.get());
        format!(
            "translate({}px, {}px) scale({})",
            fixed(tx, 2),
            fixed(ty, 2),
            fixed(k, 6)
        )
    };
    let tile_layer = move || {
        tiles.get().map(|layer| {
            view! { <TileImages view=ctx.rendered layer status=ctx.tile_status /> }
        })
    };

    view! {
        <div
            class="ysmap-map"
            class:cooperative=move || cooperative.get()
            node_ref=ctx.container
            tabindex="0"
            role="region"
            aria-roledescription=move || labels.with(|l| l.role.clone())
            aria-label=move || labels.with(|l| l.map.clone())
            aria-describedby=controls::hint_id(ctx)
            data-map-ready=move || ready().then_some("true")
            data-zoom=move || fixed(view.with(|v| v.zoom), 3)
            on:pointerdown=move |ev| events::pointer(ctx, &ev, Phase::Down)
            on:pointermove=move |ev| events::pointer(ctx, &ev, Phase::Move)
            on:pointerup=move |ev| events::pointer(ctx, &ev, Phase::Up)
            on:pointercancel=move |ev| events::pointer(ctx, &ev, Phase::Cancel)
            on:keydown=move |ev| events::key(ctx, &ev)
            on:dblclick=move |ev| events::dblclick(ctx, &ev)
            on:click=move |ev| events::click(ctx, &ev)
        >
            <div class=pane_class style:transform=pane_transform>
                <svg class="ysmap-map-base" aria-hidden="true" focusable="false">
                    {layers::base(ctx, drawing)}
                </svg>
                {tile_layer}
                <svg class="ysmap-map-overlay">{layers::overlay(ctx, drawing)}</svg>
                {layers::popup(ctx)}
            </div>
            {controls::controls(ctx)}
        </div>
    }
}

/// Keeps `rendered` following `view`: at once on the first view, a resize or the end of an
/// animation; otherwise once the view has been still for `SETTLE_MS`.
fn follow_view(ctx: MapCtx) {
    let was_animating = StoredValue::new(false);
    Effect::new(move |previous: Option<Viewport>| {
        let live = ctx.view.get();
        let resized = previous.is_some_and(|p| p.width != live.width || p.height != live.height);
        let animating = ctx.motion.with_value(Option::is_some);
        // An animation that has just ended: catch up at once rather than after SETTLE_MS.
        let animation_ended = was_animating.get_value() && !animating;
        was_animating.set_value(animating);
        if resized || previous.is_none() || animation_ended {
            ctx.timers.update_value(|t| {
                if let Some(h) = t.settle.take() {
                    h.clear();
                }
            });
            ctx.rendered.set(live);
        } else {
            let (view, rendered) = (ctx.view, ctx.rendered);
            events::after(
                ctx.timers,
                |t| &mut t.settle,
                SETTLE_MS,
                Box::new(move || {
                    if let Some(v) = view.try_get_untracked() {
                        rendered.try_set(v);
                    }
                }),
            );
        }
        live
    });
}
