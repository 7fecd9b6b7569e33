//! The map: the county's vector base, park boundaries, facility markers and transport hubs in
//! SVG over Web Mercator, with drag, wheel, double-click, button and keyboard pan and zoom.
//! Geometry is projected once into local pixel coordinates; a pan or zoom changes only one
//! group transform and the marker positions.

use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::state::{Panel, lang_of, use_app};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use ysmap_map::projection::{LngLat, WorldPoint, project};
use ysmap_map::scale_bar::scale_bar;
use ysmap_map::svg::path_data;
use ysmap_map::viewport::Viewport;
use ysmap_model::catalog::{BaseLineKind, FacilityKind};
use ysmap_model::geometry::{Boundary, Point};

/// Base geometry is stored in pixels at this zoom, relative to [`Projected::origin`]: small
/// numbers that keep full precision in the browser's single-precision SVG transforms.
const LOCAL_ZOOM: f64 = 12.0;

/// Facilities of parks that are not selected appear from this zoom on.
const FACILITY_MIN_ZOOM: f64 = 12.5;

/// Padding around fitted bounds, CSS pixels.
const FIT_PADDING: f64 = 24.0;

/// The catalog's geometry, projected once.
struct Projected {
    origin: WorldPoint,
    outline: String,
    lines: Vec<(BaseLineKind, String)>,
    parks: Vec<(String, String)>,
}

fn local(origin: WorldPoint, p: [f64; 2]) -> (f64, f64) {
    let w = project(LngLat::new(p[0], p[1]));
    let k = 2f64.powf(LOCAL_ZOOM);
    ((w.x - origin.x) * k, (w.y - origin.y) * k)
}

fn boundary_path(origin: WorldPoint, b: &Boundary) -> String {
    b.polygons()
        .into_iter()
        .flatten()
        .map(|ring| path_data(ring.iter().map(|p| local(origin, *p)), true))
        .collect()
}

fn lnglat(p: &Point) -> LngLat {
    LngLat::new(p.lon(), p.lat())
}

fn bounds_of(b: &Boundary) -> Option<(LngLat, LngLat)> {
    b.bbox()
        .map(|(sw, ne)| (LngLat::new(sw[0], sw[1]), LngLat::new(ne[0], ne[1])))
}

/// What a drag in progress has done so far.
#[derive(Clone, Copy, Default)]
struct Drag {
    pointer: Option<i32>,
    start: (f64, f64),
    last: (f64, f64),
    moved: bool,
}

/// The map of the county.
#[component]
pub fn MapView() -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    let catalog = app.catalog();
    let outline = catalog.base_layer.outline.clone();
    let county_bounds = bounds_of(&outline);
    let origin = county_bounds
        .map(|(sw, ne)| {
            project(LngLat::new(
                (sw.lng + ne.lng) / 2.0,
                (sw.lat + ne.lat) / 2.0,
            ))
        })
        .unwrap_or(WorldPoint::new(128.0, 128.0));
    let projected = Rc::new(Projected {
        origin,
        outline: boundary_path(origin, &outline),
        lines: catalog
            .base_layer
            .lines
            .iter()
            .map(|l| {
                (
                    l.kind,
                    path_data(l.path.coordinates.iter().map(|p| local(origin, *p)), false),
                )
            })
            .collect(),
        parks: catalog
            .parks
            .iter()
            .map(|p| (p.id.clone(), boundary_path(origin, &p.boundary)))
            .collect(),
    });

    let view = RwSignal::new(Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0));
    let fit = move |bounds: Option<(LngLat, LngLat)>| {
        if let Some((sw, ne)) = bounds {
            view.update(|v| v.fit_bounds(sw, ne, FIT_PADDING));
        }
    };
    fit(county_bounds);
    // Until the investor moves the map, a resize refits the county (or the selected park).
    let touched = StoredValue::new(false);
    let container: NodeRef<leptos::html::Div> = NodeRef::new();
    let drag = StoredValue::new(Drag::default());
    let wheel_hint = RwSignal::new(false);
    let ready = RwSignal::new(false);

    let park_bounds = {
        let catalog = catalog.clone();
        move |id: &str| catalog.park(id).and_then(|p| bounds_of(&p.boundary))
    };

    // Fit the selected park when it changes; back to the county when none is.
    Effect::new({
        let park_bounds = park_bounds.clone();
        move |_| match app.selected_park.get() {
            Some(id) => fit(park_bounds(&id)),
            None if matches!(app.panel.get_untracked(), Panel::Parks) && !touched.get_value() => {
                fit(county_bounds)
            }
            None => {}
        }
    });

    // The element's size: measured on mount and on every resize.
    Effect::new({
        let park_bounds = park_bounds.clone();
        move |_| {
            let Some(el) = container.get() else { return };
            let measure = {
                let park_bounds = park_bounds.clone();
                let el = el.clone();
                move || {
                    let r = el.get_bounding_client_rect();
                    if r.width() < 1.0 || r.height() < 1.0 {
                        return;
                    }
                    view.update(|v| {
                        v.width = r.width();
                        v.height = r.height();
                    });
                    if !touched.get_value() {
                        fit(app
                            .selected_park
                            .get_untracked()
                            .and_then(|id| park_bounds(&id))
                            .or(county_bounds));
                    }
                    ready.set(true);
                }
            };
            measure();
            let on_resize = Closure::<dyn Fn()>::new(measure);
            if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                observer.observe(&el);
            }
            on_resize.forget();
            // Wheel: a non-passive listener, so that zooming does not also scroll the page.
            let el2 = el.clone();
            let on_wheel =
                Closure::<dyn Fn(web_sys::WheelEvent)>::new(move |ev: web_sys::WheelEvent| {
                    let focused = document()
                        .active_element()
                        .is_some_and(|a| el2.contains(Some(&a)));
                    if !(focused || ev.ctrl_key() || ev.meta_key()) {
                        // An embedded map must not hijack page scrolling: say how to zoom instead.
                        wheel_hint.set(true);
                        set_timeout(
                            move || wheel_hint.set(false),
                            std::time::Duration::from_millis(1500),
                        );
                        return;
                    }
                    ev.prevent_default();
                    let r = el2.get_bounding_client_rect();
                    let (x, y) = (
                        ev.client_x() as f64 - r.left(),
                        ev.client_y() as f64 - r.top(),
                    );
                    let lines = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
                    let dz = (-ev.delta_y() * lines / 300.0).clamp(-1.0, 1.0);
                    touched.set_value(true);
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
        }
    });

    let local_point = move |ev: &web_sys::MouseEvent| -> (f64, f64) {
        container.get_untracked().map_or((0.0, 0.0), |el| {
            let r = el.get_bounding_client_rect();
            (
                ev.client_x() as f64 - r.left(),
                ev.client_y() as f64 - r.top(),
            )
        })
    };

    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let p = (ev.client_x() as f64, ev.client_y() as f64);
        drag.set_value(Drag {
            pointer: Some(ev.pointer_id()),
            start: p,
            last: p,
            moved: false,
        });
    };
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let mut d = drag.get_value();
        if d.pointer != Some(ev.pointer_id()) {
            return;
        }
        let p = (ev.client_x() as f64, ev.client_y() as f64);
        if !d.moved && ((p.0 - d.start.0).abs() + (p.1 - d.start.1).abs()) > 3.0 {
            d.moved = true;
            // Capture only once it is a drag, so a plain click still reaches the park it is on.
            if let Some(el) = container.get_untracked() {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
        }
        if d.moved {
            let (dx, dy) = (p.0 - d.last.0, p.1 - d.last.1);
            touched.set_value(true);
            view.update(|v| v.pan_by(dx, dy));
        }
        d.last = p;
        drag.set_value(d);
    };
    let end_drag = move |ev: web_sys::PointerEvent| {
        let d = drag.get_value();
        if d.pointer == Some(ev.pointer_id()) {
            // Keep `moved` until the click that follows has been seen and ignored.
            drag.set_value(Drag { pointer: None, ..d });
        }
    };
    let was_drag = move || drag.get_value().moved;

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let step = 80.0;
        let handled = match ev.key().as_str() {
            "ArrowLeft" => Some((step, 0.0, 0.0)),
            "ArrowRight" => Some((-step, 0.0, 0.0)),
            "ArrowUp" => Some((0.0, step, 0.0)),
            "ArrowDown" => Some((0.0, -step, 0.0)),
            "+" | "=" => Some((0.0, 0.0, 1.0)),
            "-" | "_" => Some((0.0, 0.0, -1.0)),
            _ => None,
        };
        if let Some((dx, dy, dz)) = handled {
            ev.prevent_default();
            touched.set_value(true);
            view.update(|v| {
                if dz != 0.0 {
                    let (cx, cy) = (v.width / 2.0, v.height / 2.0);
                    v.zoom_around(v.zoom + dz, cx, cy);
                } else {
                    v.pan_by(dx, dy);
                }
            });
        }
    };
    let zoom_by = move |dz: f64| {
        touched.set_value(true);
        view.update(|v| {
            let (cx, cy) = (v.width / 2.0, v.height / 2.0);
            v.zoom_around((v.zoom + dz).round(), cx, cy);
        });
    };

    // The transform that takes local pixels (at LOCAL_ZOOM around the origin) to the screen.
    let base_transform = {
        let origin = projected.origin;
        move || {
            view.with(|v| {
                let (tx, ty) = v.world_to_screen(origin);
                let k = 2f64.powf(v.zoom - LOCAL_ZOOM);
                format!("translate({tx:.2} {ty:.2}) scale({k:.6})")
            })
        }
    };
    let at = move |p: LngLat| {
        move || {
            view.with(|v| {
                let (x, y) = v.lnglat_to_screen(p);
                format!("translate({x:.1} {y:.1})")
            })
        }
    };
    let locale = move || i18n.get_locale();

    let lines = projected
        .lines
        .iter()
        .map(|(kind, d)| {
            let class = match kind {
                BaseLineKind::Expressway => "base-line expressway",
                BaseLineKind::MainRoad => "base-line main-road",
                BaseLineKind::Railway => "base-line railway",
                BaseLineKind::River => "base-line river",
            };
            view! { <path class=class d=d.clone() vector-effect="non-scaling-stroke" /> }
        })
        .collect_view();

    let parks = projected
        .parks
        .iter()
        .map(|(id, d)| {
            let id = id.clone();
            let (sel, hov, open) = (id.clone(), id.clone(), id.clone());
            let class = move || {
                let mut c = String::from("park-area");
                if app.selected_park.get().as_deref() == Some(sel.as_str()) {
                    c.push_str(" selected");
                }
                if app.hovered_park.get().as_deref() == Some(hov.as_str()) {
                    c.push_str(" hovered");
                }
                c
            };
            view! {
                <path
                    class=class
                    d=d.clone()
                    vector-effect="non-scaling-stroke"
                    data-park=id
                    on:click=move |_| {
                        if !was_drag() {
                            app.open_park(open.clone());
                        }
                    }
                />
            }
        })
        .collect_view();

    let towns = catalog
        .base_layer
        .towns
        .iter()
        .map(|t| {
            let name = t.name.clone();
            let class = if t.is_seat { "town seat" } else { "town" };
            view! {
                <g class=class transform=at(lnglat(&t.location))>
                    <circle r=if t.is_seat { 4.0 } else { 2.5 } />
                    <text x="6" y="4">{move || name.get(lang_of(locale())).to_owned()}</text>
                </g>
            }
        })
        .collect_view();

    let park_labels = catalog
        .parks
        .iter()
        .filter_map(|p| {
            let point = p.boundary.label_point()?;
            let name = p.name.clone();
            Some(view! {
                <g class="park-label" transform=at(lnglat(&point))>
                    <text text-anchor="middle" y="-8">{move || name.get(lang_of(locale())).to_owned()}</text>
                </g>
            })
        })
        .collect_view();

    let hubs = catalog
        .transport_hubs
        .iter()
        .map(|h| {
            let (name, kind) = (h.name.clone(), h.kind);
            view! {
                <g class="hub" transform=at(lnglat(&h.location))>
                    <rect x="-5" y="-5" width="10" height="10" rx="2" />
                    <title>{move || format!("{} · {}", name.get(lang_of(locale())), labels::hub_kind(locale(), kind))}</title>
                </g>
            }
        })
        .collect_view();

    let facilities = catalog
        .facilities
        .iter()
        .map(|f| {
            let (id, park_id, name, kind) = (f.id.clone(), f.park_id.clone(), f.name.clone(), f.kind);
            let kind_class = match kind {
                FacilityKind::Factory => "factory",
                FacilityKind::Building => "building",
                FacilityKind::Warehouse => "warehouse",
                FacilityKind::Land => "land",
            };
            let (sel_id, vis_park, open_park, open_id) = (id.clone(), park_id.clone(), park_id.clone(), id.clone());
            let class = move || {
                let selected = app.facility.get().as_deref() == Some(sel_id.as_str());
                format!("facility {kind_class}{}", if selected { " selected" } else { "" })
            };
            let visible = move || {
                app.selected_park.get().as_deref() == Some(vis_park.as_str()) || view.with(|v| v.zoom >= FACILITY_MIN_ZOOM)
            };
            view! {
                <g
                    class=class
                    transform=at(lnglat(&f.location))
                    style:display=move || if visible() { "inline" } else { "none" }
                    data-facility=id
                    on:click=move |_| {
                        if !was_drag() {
                            app.open_park(open_park.clone());
                            app.facility.set(Some(open_id.clone()));
                        }
                    }
                >
                    <circle r="7" />
                    <title>
                        {move || format!("{} · {}", name.get(lang_of(locale())), labels::facility_kind(locale(), kind))}
                    </title>
                </g>
            }
        })
        .collect_view();

    let scale = move || {
        view.with(|v| {
            let s = scale_bar(v.center_lnglat().lat, v.zoom, 100.0);
            let label = if s.metres >= 1000.0 {
                format::quantity(locale(), s.metres / 1000.0, 0, Unit::Km)
            } else {
                format::quantity(locale(), s.metres, 0, Unit::M)
            };
            (s.pixels, label)
        })
    };

    view! {
        <div
            class="ysmap-map"
            node_ref=container
            tabindex="0"
            role="region"
            aria-roledescription=move || t_string!(i18n, map_roledesc)
            aria-label=move || t_string!(i18n, map_label)
            aria-describedby="ysmap-map-hint"
            data-map-ready=move || ready.get().then_some("true")
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=end_drag
            on:pointercancel=end_drag
            on:keydown=on_keydown
            on:dblclick=move |ev| {
                let (x, y) = local_point(&ev);
                touched.set_value(true);
                view.update(|v| v.zoom_around(v.zoom + 1.0, x, y));
            }
            on:click=move |_| drag.update_value(|d| d.moved = false)
        >
            <svg class="ysmap-map-canvas" aria-hidden="true" focusable="false">
                <g transform=base_transform>
                    <path class="county" d=projected.outline.clone() vector-effect="non-scaling-stroke" />
                    {lines}
                    {parks}
                </g>
                {towns}
                {hubs}
                {park_labels}
                {facilities}
            </svg>
            <p id="ysmap-map-hint" class="ysmap-visually-hidden">{t!(i18n, map_keyboard_hint)}</p>
            <div class="ysmap-map-controls">
                <button type="button" aria-label=move || t_string!(i18n, map_zoom_in) title=move || t_string!(i18n, map_zoom_in) on:click=move |_| zoom_by(1.0)>
                    "+"
                </button>
                <button type="button" aria-label=move || t_string!(i18n, map_zoom_out) title=move || t_string!(i18n, map_zoom_out) on:click=move |_| zoom_by(-1.0)>
                    "−"
                </button>
                <button
                    type="button"
                    aria-label=move || t_string!(i18n, map_reset)
                    title=move || t_string!(i18n, map_reset)
                    on:click=move |_| {
                        touched.set_value(false);
                        app.panel.set(Panel::Parks);
                        fit(county_bounds);
                    }
                >
                    "⌂"
                </button>
            </div>
            <div class="ysmap-map-wheel-hint" class:shown=move || wheel_hint.get() aria-hidden="true">
                {t!(i18n, map_wheel_hint)}
            </div>
            <div class="ysmap-map-scale" aria-hidden="true">
                <span style:width=move || format!("{:.0}px", scale().0)>{move || scale().1}</span>
            </div>
            <div class="ysmap-map-legend" aria-hidden="true">
                <span class="key park">{t!(i18n, legend_park)}</span>
                <span class="key facility">{t!(i18n, legend_facility)}</span>
                <span class="key hub">{t!(i18n, legend_hub)}</span>
            </div>
            <p class="ysmap-map-attribution">{t!(i18n, map_attribution)}</p>
        </div>
    }
}
