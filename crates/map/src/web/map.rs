//! The `<Map>` component. Geometry is projected once into local pixels at a fixed zoom around an
//! origin, and the markers in view come from the cluster index, so the DOM stays small at any
//! zoom. As Leaflet does, moving the map does not redraw it: everything is laid out for the
//! `rendered` view inside one pane, and while the live `view` moves, only that pane's CSS
//! transform changes (the compositor moves it, no repaint). Once the view has been still for
//! `SETTLE_MS`, the drawing catches up in one render.

use super::tiles::{TileImages, TileStatus};
use super::{Area, MapLabels, Marker, Popup, TileLayer, VectorBase};
use crate::cluster::{ClusterIndex, ClusterOptions, NodeId};
use crate::crs::Crs;
use crate::motion::{DragSamples, Fling, ease_out_cubic};
use crate::projection::{LngLat, WorldPoint, project, unproject};
use crate::scale_bar::scale_bar;
use crate::simplify::simplify_ring;
use crate::svg::path_data;
use crate::viewport::Viewport;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Geometry is kept in pixels at this zoom, relative to the origin: small numbers that keep
/// their precision in the browser's single-precision transforms.
const LOCAL_ZOOM: f64 = 12.0;
/// How long animated zooms and fly-tos take, ms.
const ANIMATION_MS: f64 = 250.0;
/// Keyboard pan step, CSS pixels.
const KEY_PAN_PX: f64 = 80.0;
/// Markers this far outside the view are drawn too, so that a pan shows them before the
/// drawing catches up.
const MARGIN_PX: f64 = 256.0;
/// Padding around fitted bounds, CSS pixels.
const FIT_PADDING_PX: f64 = 32.0;
/// The drawing catches up with the view this long after the view last changed, ms.
const SETTLE_MS: u64 = 100;

/// A shared value compared by identity, for memos of large values (the cluster index).
#[derive(Clone)]
struct Shared<T>(Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A marker or cluster in view.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Point {
        marker: usize,
        at: WorldPoint,
    },
    Cluster {
        node: NodeId,
        count: u32,
        at: WorldPoint,
        bbox: [f64; 4],
    },
}

impl Item {
    fn key(&self, markers: &[Marker]) -> String {
        match self {
            Item::Point { marker, .. } => {
                format!("p:{}", markers.get(*marker).map_or("", |m| m.id.as_str()))
            }
            Item::Cluster { node, .. } => format!("c:{}:{}", node.zoom, node.index),
        }
    }

    fn at(&self) -> WorldPoint {
        match self {
            Item::Point { at, .. } | Item::Cluster { at, .. } => *at,
        }
    }
}

/// Motion under way, driven frame by frame.
#[derive(Debug, Clone, Copy)]
enum Motion {
    /// Zoom to `to` keeping screen point (`x`, `y`) fixed.
    ZoomAround {
        from: Viewport,
        to: f64,
        x: f64,
        y: f64,
        start: f64,
    },
    /// Move to another view.
    FlyTo {
        from: Viewport,
        to: Viewport,
        start: f64,
    },
    /// Coast after a flung pan.
    Coast {
        from: Viewport,
        fling: Fling,
        start: f64,
    },
}

fn now() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Advances `motion` one frame, and asks for the next while it lasts.
fn tick(motion: StoredValue<Option<Motion>>, view: RwSignal<Viewport>) {
    let Some(m) = motion.get_value() else { return };
    let t = now();
    let (next, done) = match m {
        Motion::ZoomAround {
            from,
            to,
            x,
            y,
            start,
        } => {
            let f = ease_out_cubic((t - start) / ANIMATION_MS);
            let mut v = from;
            v.zoom_around(from.zoom + (to - from.zoom) * f, x, y);
            (v, f >= 1.0)
        }
        Motion::FlyTo { from, to, start } => {
            let f = ease_out_cubic((t - start) / ANIMATION_MS);
            let mut v = from;
            v.zoom = from.zoom + (to.zoom - from.zoom) * f;
            v.center = WorldPoint::new(
                from.center.x + (to.center.x - from.center.x) * f,
                from.center.y + (to.center.y - from.center.y) * f,
            );
            (v, f >= 1.0)
        }
        Motion::Coast { from, fling, start } => {
            let f = fling.progress(t - start);
            let mut v = from;
            v.pan_by(fling.dx * f, fling.dy * f);
            (v, f >= 1.0)
        }
    };
    // The element may have been resized meanwhile: keep its current size.
    view.update(|v| {
        let (w, h) = (v.width, v.height);
        *v = Viewport {
            width: w,
            height: h,
            ..next
        };
    });
    if done {
        motion.set_value(None);
    } else {
        request_animation_frame(move || tick(motion, view));
    }
}

fn start_motion(motion: StoredValue<Option<Motion>>, view: RwSignal<Viewport>, m: Motion) {
    let idle = motion.get_value().is_none();
    motion.set_value(Some(m));
    if idle {
        request_animation_frame(move || tick(motion, view));
    }
}

/// The bounds of a set of rings (south-west, north-east), as `home` and `focus` take them.
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
) -> impl IntoView {
    let container: NodeRef<leptos::html::Div> = NodeRef::new();
    let origin = view.get_untracked().center;
    let motion: StoredValue<Option<Motion>> = StoredValue::new(None);
    let touched = StoredValue::new(false);
    let measured = RwSignal::new(false);
    let tile_status = RwSignal::new(TileStatus::default());
    let wheel_hint = RwSignal::new(false);

    // What the drawing is laid out for; catches up with `view` once it is still (see above).
    let rendered = RwSignal::new(view.get_untracked());
    let settle_generation = StoredValue::new(0u64);
    let was_animating = StoredValue::new(false);
    Effect::new(move |previous: Option<Viewport>| {
        let live = view.get();
        let resized = previous.is_some_and(|p| p.width != live.width || p.height != live.height);
        // An animation that has just ended: catch up at once rather than after SETTLE_MS.
        let animation_ended = was_animating.get_value() && motion.get_value().is_none();
        was_animating.set_value(motion.get_value().is_some());
        if resized || previous.is_none() || animation_ended {
            settle_generation.update_value(|g| *g += 1);
            rendered.set(live);
        } else {
            settle_generation.update_value(|g| *g += 1);
            let mine = settle_generation.get_value();
            set_timeout(
                move || {
                    if settle_generation.get_value() == mine {
                        rendered.set(view.get_untracked());
                    }
                },
                std::time::Duration::from_millis(SETTLE_MS),
            );
        }
        live
    });
    // Maps the rendered layout onto the live view: translate and scale, origin top left.
    let pane_transform = move || {
        let (r, v) = (rendered.get(), view.get());
        let k = 2f64.powf(v.zoom - r.zoom);
        let s = 2f64.powf(v.zoom);
        let tx = v.width / 2.0 * (1.0 - k) + (r.center.x - v.center.x) * s;
        let ty = v.height / 2.0 * (1.0 - k) + (r.center.y - v.center.y) * s;
        format!("translate({tx:.2}px, {ty:.2}px) scale({k:.6})")
    };

    let crs = Memo::new(move |_| {
        tiles.with(|t| {
            t.as_ref()
                .and_then(|l| l.sources.first())
                .map_or(Crs::Wgs84, |s| s.crs)
        })
    });
    let to_world = move |p: LngLat| project(crs.get().from_wgs84(p));
    let local = move |w: WorldPoint| {
        let k = 2f64.powf(LOCAL_ZOOM);
        ((w.x - origin.x) * k, (w.y - origin.y) * k)
    };

    // --- geometry, projected once (per coordinate system, per whole zoom for areas) ---
    let zoom_level = Memo::new(move |_| rendered.with(|v| v.zoom.floor().clamp(0.0, 22.0)));
    let base_paths = Memo::new(move |_| {
        base.with(|b| {
            b.as_ref().map(|b| {
                let ring = |r: &Vec<[f64; 2]>| {
                    path_data(
                        r.iter().map(|p| local(to_world(LngLat::new(p[0], p[1])))),
                        true,
                    )
                };
                let outline: String = b.outline.iter().map(ring).collect();
                let lines: Vec<(String, String)> = b
                    .lines
                    .iter()
                    .map(|l| {
                        (
                            l.class.clone(),
                            path_data(
                                l.path
                                    .iter()
                                    .map(|p| local(to_world(LngLat::new(p[0], p[1])))),
                                false,
                            ),
                        )
                    })
                    .collect();
                (outline, lines)
            })
        })
    });
    let area_paths = Memo::new(move |_| {
        let z = zoom_level.get();
        areas.with(|areas| {
            areas
                .iter()
                .map(|a| {
                    let d: String = a
                        .rings
                        .iter()
                        .map(|r| {
                            let world: Vec<WorldPoint> = r
                                .iter()
                                .map(|p| to_world(LngLat::new(p[0], p[1])))
                                .collect();
                            path_data(simplify_ring(&world, z).into_iter().map(local), true)
                        })
                        .collect();
                    (a.id.clone(), d)
                })
                .collect::<Vec<_>>()
        })
    });
    let marker_points = Memo::new(move |_| {
        markers.with(|m| m.iter().map(|m| to_world(m.position)).collect::<Vec<_>>())
    });
    let index = Memo::new(move |_| {
        Shared(Arc::new(ClusterIndex::new(
            &marker_points.get(),
            ClusterOptions::default(),
        )))
    });
    let in_view = Memo::new(move |_| {
        let idx = index.get();
        rendered.with(|v| {
            let min = v.screen_to_world(-MARGIN_PX, -MARGIN_PX);
            let max = v.screen_to_world(v.width + MARGIN_PX, v.height + MARGIN_PX);
            let mut items: Vec<Item> = idx
                .0
                .query(v.zoom, min, max)
                .map(|(id, n)| match n.point {
                    Some(p) if n.count == 1 => Item::Point {
                        marker: p as usize,
                        at: n.position,
                    },
                    _ => Item::Cluster {
                        node: id,
                        count: n.count,
                        at: n.position,
                        bbox: n.bbox,
                    },
                })
                .collect();
            // Reading order, in bands of 64 px: the order Tab walks them in.
            let band = |i: &Item| {
                let (x, y) = v.world_to_screen(i.at());
                ((y / 64.0).floor() as i64, x as i64)
            };
            items.sort_by_key(band);
            items
        })
    });

    let screen = move |w: WorldPoint| rendered.with(|v| v.world_to_screen(w));
    let translate = move |w: WorldPoint| {
        let (x, y) = screen(w);
        format!("translate({x:.1} {y:.1})")
    };

    // --- view changes ---
    let fit = move |sw: LngLat, ne: LngLat, animate: bool| {
        let mut target = view.get_untracked();
        let (a, b) = (
            crs.get_untracked().from_wgs84(sw),
            crs.get_untracked().from_wgs84(ne),
        );
        target.fit_bounds(a, b, FIT_PADDING_PX);
        if animate {
            start_motion(
                motion,
                view,
                Motion::FlyTo {
                    from: view.get_untracked(),
                    to: target,
                    start: now(),
                },
            );
        } else {
            motion.set_value(None);
            view.set(target);
        }
    };
    let zoom_by = move |dz: f64, x: Option<f64>, y: Option<f64>| {
        touched.set_value(true);
        // From where an animation under way is heading, so quick presses add up.
        let from = view.get_untracked();
        let to = match motion.get_value() {
            Some(Motion::ZoomAround { to, .. }) => to + dz,
            _ => from.zoom + dz,
        };
        let (x, y) = (
            x.unwrap_or(from.width / 2.0),
            y.unwrap_or(from.height / 2.0),
        );
        start_motion(
            motion,
            view,
            Motion::ZoomAround {
                from,
                to: to.clamp(from.min_zoom, from.max_zoom),
                x,
                y,
                start: now(),
            },
        );
    };
    let activate_cluster = move |node: NodeId, bbox: [f64; 4]| {
        touched.set_value(true);
        let idx = index.get_untracked();
        let split = f64::from(idx.0.expansion_zoom(node));
        let (sw, ne) = (
            unproject(WorldPoint::new(bbox[0], bbox[3])),
            unproject(WorldPoint::new(bbox[2], bbox[1])),
        );
        let mut target = view.get_untracked();
        target.fit_bounds(sw, ne, FIT_PADDING_PX);
        if target.zoom < split {
            target.zoom = split.min(target.max_zoom);
        }
        start_motion(
            motion,
            view,
            Motion::FlyTo {
                from: view.get_untracked(),
                to: target,
                start: now(),
            },
        );
    };
    let select = move |id: String| {
        if let Some(cb) = on_select {
            cb.run(id);
        }
    };

    Effect::new(move |previous: Option<Option<(LngLat, LngLat)>>| {
        let target = focus.get();
        if let Some((sw, ne)) = target {
            // Before the first measurement there is nothing to animate from.
            let animate = previous.is_some() && measured.get_untracked();
            fit(sw, ne, animate);
        }
        target
    });

    // Measure the element now and on every resize; fit home until the person moves the map.
    Effect::new(move |_| {
        let Some(el) = container.get() else { return };
        let measure = {
            let el = el.clone();
            move || {
                let r = el.get_bounding_client_rect();
                if r.width() < 1.0 || r.height() < 1.0 {
                    return;
                }
                view.update(|v| {
                    v.width = r.width();
                    v.height = r.height();
                    // Re-apply the limits for the new size.
                    v.pan_by(0.0, 0.0);
                });
                if !touched.get_value()
                    && let Some((sw, ne)) = focus.get_untracked().or(home.get_untracked())
                {
                    fit(sw, ne, false);
                }
                measured.set(true);
            }
        };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
        }
        on_resize.forget();
        // The wheel listener must not be passive, so that zooming can keep the page still.
        let target = el.clone();
        let on_wheel =
            Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
                let focused = document()
                    .active_element()
                    .is_some_and(|a| target.contains(Some(&a)));
                if !(focused || ev.ctrl_key() || ev.meta_key()) {
                    // An embedded map must not take over page scrolling: say how to zoom instead.
                    wheel_hint.set(true);
                    set_timeout(
                        move || wheel_hint.set(false),
                        std::time::Duration::from_millis(1500),
                    );
                    return;
                }
                ev.prevent_default();
                motion.set_value(None);
                touched.set_value(true);
                let r = target.get_bounding_client_rect();
                let (x, y) = (
                    f64::from(ev.client_x()) - r.left(),
                    f64::from(ev.client_y()) - r.top(),
                );
                let per_line = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
                let dz = (-ev.delta_y() * per_line / 300.0).clamp(-1.0, 1.0);
                view.update(|v| v.zoom_around(v.zoom + dz, x, y));
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        on_wheel.forget();
    });

    // Ready once measured, drawn after the last data change, and every tile in view settled.
    let drawn = RwSignal::new(false);
    Effect::new(move |_| {
        markers.track();
        areas.track();
        base.track();
        tiles.track();
        drawn.set(false);
        request_animation_frame(move || drawn.set(true));
    });
    let ready = move || {
        measured.get()
            && drawn.get()
            && rendered.get() == view.get()
            && (tiles.with(Option::is_none) || tile_status.get().settled)
    };

    // --- pointers: drag with inertia, pinch, double-tap ---
    #[derive(Clone, Copy, Default)]
    struct Gesture {
        /// Pointers down: id and client position.
        pointers: [(i32, f64, f64); 2],
        count: usize,
        moved: bool,
        start: (f64, f64),
        last: (f64, f64),
        pinch_from: Option<(Viewport, f64, (f64, f64))>,
        last_tap: (f64, f64, f64),
        /// The last pointer down was a finger (its double tap is handled here, not as dblclick).
        touch: bool,
    }
    let gesture = StoredValue::new(Gesture::default());
    let samples = StoredValue::new(DragSamples::default());
    let origin_of = move || {
        container
            .get_untracked()
            .map(|el| el.get_bounding_client_rect())
            .map_or((0.0, 0.0), |r| (r.left(), r.top()))
    };

    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        motion.set_value(None);
        let p = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        gesture.update_value(|g| {
            g.touch = ev.pointer_type() == "touch";
            if g.count < 2 {
                g.pointers[g.count] = (ev.pointer_id(), p.0, p.1);
                g.count += 1;
            }
            if g.count == 1 {
                g.moved = false;
                g.start = p;
                g.last = p;
                g.pinch_from = None;
            } else {
                let [(_, ax, ay), (_, bx, by)] = g.pointers;
                let (o0, o1) = origin_of();
                g.pinch_from = Some((
                    view.get_untracked(),
                    (ax - bx).hypot(ay - by).max(1.0),
                    ((ax + bx) / 2.0 - o0, (ay + by) / 2.0 - o1),
                ));
                g.moved = true;
            }
        });
        samples.update_value(|s| {
            s.clear();
            s.push(now(), p.0, p.1);
        });
    };
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let p = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let mut g = gesture.get_value();
        let Some(slot) = g.pointers[..g.count]
            .iter()
            .position(|q| q.0 == ev.pointer_id())
        else {
            return;
        };
        g.pointers[slot] = (ev.pointer_id(), p.0, p.1);
        if let Some((from, dist0, mid0)) = g.pinch_from {
            let [(_, ax, ay), (_, bx, by)] = g.pointers;
            let (o0, o1) = origin_of();
            let mid = ((ax + bx) / 2.0 - o0, (ay + by) / 2.0 - o1);
            let mut v = from;
            v.zoom_around(
                from.zoom + ((ax - bx).hypot(ay - by) / dist0).log2(),
                mid0.0,
                mid0.1,
            );
            v.pan_by(mid.0 - mid0.0, mid.1 - mid0.1);
            touched.set_value(true);
            view.update(|cur| {
                *cur = Viewport {
                    width: cur.width,
                    height: cur.height,
                    ..v
                }
            });
        } else if g.count == 1 {
            if !g.moved && (p.0 - g.start.0).abs() + (p.1 - g.start.1).abs() > 4.0 {
                g.moved = true;
                // Capture only once it is a drag, so that a plain click still reaches its feature.
                if let Some(el) = container.get_untracked() {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
            }
            if g.moved {
                let (dx, dy) = (p.0 - g.last.0, p.1 - g.last.1);
                touched.set_value(true);
                view.update(|v| v.pan_by(dx, dy));
                samples.update_value(|s| s.push(now(), p.0, p.1));
            }
            g.last = p;
        }
        gesture.set_value(g);
    };
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        let mut g = gesture.get_value();
        let Some(slot) = g.pointers[..g.count]
            .iter()
            .position(|q| q.0 == ev.pointer_id())
        else {
            return;
        };
        let was_pinch = g.pinch_from.is_some();
        g.pointers.swap(slot, g.count - 1);
        g.count -= 1;
        if was_pinch {
            // One finger stays down: it carries on as a drag from where it is.
            g.pinch_from = None;
            let rest = g.pointers[0];
            g.last = (rest.1, rest.2);
            samples.update_value(DragSamples::clear);
        } else if g.count == 0 && g.moved {
            if let Some(fling) = samples.with_value(|s| s.fling(now())) {
                start_motion(
                    motion,
                    view,
                    Motion::Coast {
                        from: view.get_untracked(),
                        fling,
                        start: now(),
                    },
                );
            }
        } else if g.count == 0 && ev.pointer_type() == "touch" {
            // A double tap zooms in, as a double click does.
            let t = now();
            let (px, py) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            let (lt, lx, ly) = g.last_tap;
            if t - lt < 300.0 && (px - lx).hypot(py - ly) < 30.0 {
                let (o0, o1) = origin_of();
                zoom_by(1.0, Some(px - o0), Some(py - o1));
                g.last_tap = (0.0, 0.0, 0.0);
            } else {
                g.last_tap = (t, px, py);
            }
        }
        gesture.set_value(g);
    };
    let was_drag = move || gesture.with_value(|g| g.moved);

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let (dx, dy, dz) = match ev.key().as_str() {
            "ArrowLeft" => (KEY_PAN_PX, 0.0, 0.0),
            "ArrowRight" => (-KEY_PAN_PX, 0.0, 0.0),
            "ArrowUp" => (0.0, KEY_PAN_PX, 0.0),
            "ArrowDown" => (0.0, -KEY_PAN_PX, 0.0),
            "+" | "=" => (0.0, 0.0, 1.0),
            "-" | "_" => (0.0, 0.0, -1.0),
            _ => return,
        };
        ev.prevent_default();
        touched.set_value(true);
        if dz != 0.0 {
            zoom_by(dz, None, None);
        } else {
            motion.set_value(None);
            view.update(|v| v.pan_by(dx, dy));
        }
    };
    let activate_key = |ev: &web_sys::KeyboardEvent| matches!(ev.key().as_str(), "Enter" | " ");

    // --- drawing ---
    let base_transform = move || {
        rendered.with(|v| {
            let (tx, ty) = v.world_to_screen(origin);
            format!(
                "translate({tx:.2} {ty:.2}) scale({:.6})",
                2f64.powf(v.zoom - LOCAL_ZOOM)
            )
        })
    };

    let base_layer = move || {
        base_paths.get().map(|(outline, lines)| {
            let lines = lines.into_iter().map(|(class, d)| view! { <path class=format!("base-line {class}") d=d vector-effect="non-scaling-stroke" /> }).collect_view();
            view! {
                <path class="region" d=outline vector-effect="non-scaling-stroke" />
                {lines}
            }
        })
    };
    let places = move || {
        base.with(|b| b.as_ref().map(|b| b.places.clone()).unwrap_or_default())
            .into_iter()
            .map(|p| {
                let at = to_world(p.position);
                view! {
                    <g class=p.class transform=move || translate(at)>
                        <circle r="3" />
                        <text x="6" y="4">{p.name}</text>
                    </g>
                }
            })
            .collect_view()
    };

    let area_views = move || {
        let labels_by_id: Vec<(String, String, Option<LngLat>)> = areas.with(|a| {
            a.iter()
                .map(|a| (a.id.clone(), a.label.clone(), a.label_at))
                .collect()
        });
        area_paths
            .get()
            .into_iter()
            .zip(labels_by_id)
            .map(|((id, d), (_, label, _))| {
                let (sel, hov, act, key) = (id.clone(), id.clone(), id.clone(), id.clone());
                let class = move || {
                    let mut c = String::from("area");
                    if selected.with(|s| s.as_deref() == Some(sel.as_str())) {
                        c.push_str(" selected");
                    }
                    if highlighted.with(|s| s.as_deref() == Some(hov.as_str())) {
                        c.push_str(" highlighted");
                    }
                    c
                };
                view! {
                    <path
                        class=class
                        d=d
                        vector-effect="non-scaling-stroke"
                        data-id=id
                        tabindex="0"
                        role="button"
                        aria-label=label
                        on:click=move |_| {
                            if !was_drag() {
                                select(act.clone());
                            }
                        }
                        on:keydown=move |ev| {
                            if activate_key(&ev) {
                                ev.prevent_default();
                                select(key.clone());
                            }
                        }
                    />
                }
            })
            .collect_view()
    };
    // A label only where its area is wide enough on screen to carry one, so that a county of
    // many small parks is not buried under their names.
    let area_labels = move || {
        areas
            .get()
            .into_iter()
            .filter_map(|a| {
                let at = to_world(a.label_at?);
                let (sw, ne) = rings_bounds(&a.rings)?;
                let width = (to_world(ne).x - to_world(sw).x).abs();
                let shown = move || rendered.with(|v| width * 2f64.powf(v.zoom) >= 48.0);
                Some(view! {
                    <g class="area-label" transform=move || translate(at) style:display=move || if shown() { "inline" } else { "none" }>
                        <text text-anchor="middle" y="-26">{a.label}</text>
                    </g>
                })
            })
            .collect_view()
    };
    let landmark_views = move || {
        landmarks
            .get()
            .into_iter()
            .map(|m| {
                let at = to_world(m.position);
                view! {
                    <g class=format!("landmark {}", m.class) transform=move || translate(at)>
                        <rect x="-5" y="-5" width="10" height="10" rx="2" />
                        <title>{m.label}</title>
                    </g>
                }
            })
            .collect_view()
    };

    let marker_items = move || in_view.get();
    let item_view = move |item: Item| {
        let labels = labels.get_untracked();
        match item {
            Item::Point { marker, at } => {
                let m = markers.with_untracked(|ms| ms.get(marker).cloned());
                let Some(m) = m else { return ().into_any() };
                let (sel, act, key) = (m.id.clone(), m.id.clone(), m.id.clone());
                let class = move || {
                    let on = selected.with(|s| s.as_deref() == Some(sel.as_str()));
                    format!("marker {}{}", m.class, if on { " selected" } else { "" })
                };
                view! {
                    <g
                        class=class
                        transform=move || translate(at)
                        data-id=m.id.clone()
                        tabindex="0"
                        role="button"
                        aria-label=m.label.clone()
                        on:click=move |_| {
                            if !was_drag() {
                                select(act.clone());
                            }
                        }
                        on:keydown=move |ev| {
                            if activate_key(&ev) {
                                ev.prevent_default();
                                select(key.clone());
                            }
                        }
                    >
                        <circle r="7" />
                        <title>{m.label.clone()}</title>
                    </g>
                }
                .into_any()
            }
            Item::Cluster {
                node,
                count,
                at,
                bbox,
            } => {
                let radius = 12.0 + (f64::from(count).log10() * 5.0).min(14.0);
                let name = labels.cluster.replace("{count}", &count.to_string());
                view! {
                    <g
                        class="cluster"
                        transform=move || translate(at)
                        data-count=count
                        tabindex="0"
                        role="button"
                        aria-label=name
                        on:click=move |_| {
                            if !was_drag() {
                                activate_cluster(node, bbox);
                            }
                        }
                        on:keydown=move |ev| {
                            if activate_key(&ev) {
                                ev.prevent_default();
                                activate_cluster(node, bbox);
                            }
                        }
                    >
                        <circle r=radius />
                        <text text-anchor="middle" y="4">{count}</text>
                    </g>
                }
                .into_any()
            }
        }
    };

    let scale = move || {
        let l = labels.get();
        view.with(|v| {
            let s = scale_bar(v.center_lnglat().lat, v.zoom, 100.0);
            let text = if s.metres >= 1000.0 {
                l.kilometres
                    .replace("{v}", &(s.metres / 1000.0).to_string())
            } else {
                l.metres.replace("{v}", &s.metres.to_string())
            };
            (s.pixels, text)
        })
    };
    let attribution = move || {
        let l = labels.get();
        if tile_status.get().any_shown {
            tiles.with(|t| {
                t.as_ref().map_or_else(String::new, |t| {
                    let mut credits: Vec<String> = Vec::new();
                    for s in &t.sources {
                        if !credits.contains(&s.attribution) {
                            credits.push(s.attribution.clone());
                        }
                    }
                    let mut text = credits.join(" · ");
                    if let Some(n) = &t.review_number {
                        text.push_str(&format!(" · {} {n}", l.review_number));
                    }
                    text
                })
            })
        } else {
            base.with(|b| {
                b.as_ref()
                    .map(|b| b.attribution.clone())
                    .unwrap_or_default()
            })
        }
    };
    let popup_view = move || {
        popup.get().map(|p| {
            let at = to_world(p.anchor);
            let pos = move || {
                let (x, y) = screen(at);
                format!("translate({x:.1}px, {y:.1}px)")
            };
            view! {
                <div class="ysmap-map-popup" style:transform=pos>
                    <div class="ysmap-map-popup-body">
                        <strong>{p.title}</strong>
                        <span>{p.body}</span>
                        <button
                            type="button"
                            aria-label=move || labels.get().close
                            title=move || labels.get().close
                            on:click=move |_| {
                                if let Some(cb) = on_popup_close {
                                    cb.run(());
                                }
                            }
                        >
                            "×"
                        </button>
                    </div>
                </div>
            }
        })
    };

    view! {
        <div
            class="ysmap-map"
            node_ref=container
            tabindex="0"
            role="region"
            aria-roledescription=move || labels.get().role
            aria-label=move || labels.get().map
            aria-describedby="ysmap-map-hint"
            data-map-ready=move || ready().then_some("true")
            data-zoom=move || format!("{:.3}", view.with(|v| v.zoom))
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
            on:keydown=on_keydown
            on:dblclick=move |ev| {
                // Browsers also report a double tap as dblclick; the pointer handler has it.
                if gesture.with_value(|g| g.touch) {
                    return;
                }
                let (o0, o1) = origin_of();
                zoom_by(1.0, Some(f64::from(ev.client_x()) - o0), Some(f64::from(ev.client_y()) - o1));
            }
            on:click=move |ev| {
                let dragged = was_drag();
                gesture.update_value(|g| g.moved = false);
                let on_background = ev.target().zip(container.get_untracked()).is_some_and(|(t, c)| {
                    t.dyn_ref::<web_sys::Element>().is_some_and(|e| e.closest("[data-id], button").ok().flatten().is_none()) && c.contains(t.dyn_ref())
                });
                if let (Some(cb), false, true) = (on_click, dragged, on_background) {
                    let (o0, o1) = origin_of();
                    let w = view.with_untracked(|v| v.screen_to_world(f64::from(ev.client_x()) - o0, f64::from(ev.client_y()) - o1));
                    cb.run(crs.get_untracked().to_wgs84(unproject(w)));
                }
            }
        >
            // While the drawing is scaled to a new zoom, markers and text are hidden, as Leaflet
            // does: scaled up they would be huge and blurred until the drawing catches up.
            <div
                class=move || {
                    if (rendered.get().zoom - view.get().zoom).abs() > 1e-6 { "ysmap-map-pane zooming" } else { "ysmap-map-pane" }
                }
                style:transform=pane_transform
            >
            <svg class="ysmap-map-base" aria-hidden="true" focusable="false">
                <g transform=base_transform>{base_layer}</g>
                {places}
            </svg>
            {move || tiles.get().map(|layer| view! { <TileImages view=rendered layer status=tile_status /> })}
            <svg class="ysmap-map-overlay">
                <g transform=base_transform>{area_views}</g>
                <g aria-hidden="true">{landmark_views}</g>
                <g class="markers">
                    <For each=marker_items key=move |i| markers.with_untracked(|m| i.key(m)) children=item_view />
                </g>
                // Labels last, lifted above the spot where a cluster of the area's points sits.
                <g aria-hidden="true">{area_labels}</g>
            </svg>
            {popup_view}
            </div>
            <p id="ysmap-map-hint" class="ysmap-visually-hidden">{move || labels.get().keyboard_hint}</p>
            <div class="ysmap-map-controls">
                <button type="button" aria-label=move || labels.get().zoom_in title=move || labels.get().zoom_in on:click=move |_| zoom_by(1.0, None, None)>
                    "+"
                </button>
                <button type="button" aria-label=move || labels.get().zoom_out title=move || labels.get().zoom_out on:click=move |_| zoom_by(-1.0, None, None)>
                    "−"
                </button>
                <button
                    type="button"
                    aria-label=move || labels.get().reset
                    title=move || labels.get().reset
                    on:click=move |_| {
                        touched.set_value(false);
                        if let Some((sw, ne)) = home.get_untracked() {
                            fit(sw, ne, true);
                        }
                        if let Some(cb) = on_reset {
                            cb.run(());
                        }
                    }
                >
                    "⌂"
                </button>
            </div>
            <div class="ysmap-map-wheel-hint" class:shown=move || wheel_hint.get() aria-hidden="true">
                {move || labels.get().wheel_hint}
            </div>
            <div class="ysmap-map-scale" aria-hidden="true">
                <span style:width=move || format!("{:.0}px", scale().0)>{move || scale().1}</span>
            </div>
            <p class="ysmap-map-attribution">{attribution}</p>
        </div>
    }
}
