//! The county map: the catalog handed to the `<Map>` engine component (crates/map) as areas
//! (parks), clustered markers (facilities), landmarks (transport hubs) and the vector base,
//! with the words it shows in the reader's language.

use crate::i18n::*;
use crate::labels;
use crate::layout::{is_phone_layout, phone_layout};
use crate::state::{Panel, lang_of, use_app};
use crate::words::{Words, counted, tr, use_language};
use leptos::prelude::*;
use ysmap_map::projection::LngLat;
use ysmap_map::viewport::Viewport;
use ysmap_map::web::{Area, BaseLine, Map, MapLabels, Marker, Place, Popup, TileLayer, VectorBase};
use ysmap_model::catalog::{FacilityKind, Offer, OfferCounts};
use ysmap_model::geometry::{Boundary, Point};

fn lnglat(p: &Point) -> LngLat {
    LngLat::new(p.lon(), p.lat())
}

/// A boundary's box (the model's rule) as the map takes it.
fn bounds(b: &Boundary) -> Option<(LngLat, LngLat)> {
    b.bbox()
        .map(|(sw, ne)| (LngLat::new(sw[0], sw[1]), LngLat::new(ne[0], ne[1])))
}

fn rings(b: &Boundary) -> Vec<Vec<[f64; 2]>> {
    b.polygons().into_iter().flatten().cloned().collect()
}

/// A park's name without the county's in front (示例县工业园区 → 工业园区), for the map to draw
/// where the full name does not fit; `None` when there is nothing to drop.
fn short_name(name: &str, county: &str) -> Option<String> {
    let rest = name.strip_prefix(county)?.trim_start();
    (!county.is_empty() && !rest.is_empty()).then(|| rest.to_owned())
}

/// Every colour and shape the map draws, in the legend: the symbol's class (drawn by app.css
/// like the map's own) and its words. One list, so that a symbol added to the map is added here.
const LEGEND: &[(&str, Words)] = &[
    ("park", |l| td_string!(l, legend_park)),
    ("factory", |l| {
        labels::facility_kind(l, FacilityKind::Factory)
    }),
    ("building", |l| {
        labels::facility_kind(l, FacilityKind::Building)
    }),
    ("warehouse", |l| {
        labels::facility_kind(l, FacilityKind::Warehouse)
    }),
    ("land", |l| labels::facility_kind(l, FacilityKind::Land)),
    ("soon", |l| td_string!(l, legend_under_construction)),
    ("taken", |l| td_string!(l, legend_taken)),
    ("cluster", |l| td_string!(l, legend_cluster)),
    ("hub", |l| td_string!(l, legend_hub)),
    ("town", |l| td_string!(l, legend_town)),
    ("expressway", |l| td_string!(l, legend_expressway)),
    ("main_road", |l| td_string!(l, legend_main_road)),
    ("railway", |l| td_string!(l, legend_railway)),
    ("river", |l| td_string!(l, legend_river)),
    ("county", |l| td_string!(l, legend_county)),
];

/// Keeps the map's view in the address (`AppState::map_at`) once the investor has moved it
/// (`moved`: a pointer, wheel or key went to the map), written when the view has rested for
/// half a second (not at every frame of a flight: browsers limit how often an address may
/// change); and moves the map when back or forward bring an entry with another view.
fn follow_in_address(
    app: crate::state::AppState,
    view: RwSignal<Viewport>,
    moved: StoredValue<bool>,
) {
    let at_of = move |v: &Viewport| {
        let c = v.center_lnglat();
        crate::url_state::MapAt {
            lon: c.lng,
            lat: c.lat,
            zoom: v.zoom,
        }
        .rounded()
    };
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    // At every frame of a move: only the timer is set again; the view is read once it rests.
    Effect::new(move |_| {
        view.track();
        // Fitting the county or a park on arrival or on a resize is not a move.
        if !moved.get_value() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let at = view.with_untracked(at_of);
                if moved.get_value() && app.map_at.get_untracked() != Some(at) {
                    app.map_at.set(Some(at));
                }
            },
            std::time::Duration::from_millis(500),
        )
        .ok();
        pending.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    // Back or forward to another view.
    Effect::new(move |_| {
        if let Some(at) = app.map_at.get()
            && view.with_untracked(at_of) != at
        {
            view.update(|v| place(v, at));
        }
    });
}

/// `v` centred on `at` at its zoom, within `v`'s limits.
fn place(v: &mut Viewport, at: crate::url_state::MapAt) {
    v.zoom = ysmap_map::clamp(at.zoom, v.min_zoom, v.max_zoom);
    v.center = ysmap_map::projection::project(LngLat::new(at.lon, at.lat));
    // No move: the limits applied.
    v.pan_by(0.0, 0.0);
}

/// The map of the county, over `tiles` when the host configured them.
#[component]
pub fn MapView(tiles: Option<TileLayer>) -> impl IntoView {
    let app = use_app();
    let i18n = use_language();
    let catalog = app.catalog();
    let locale = move || i18n.get_locale();
    let county_rings = rings(&catalog.base_layer.outline);
    let home = bounds(&catalog.base_layer.outline);
    let start = home.map_or(LngLat::new(108.2, 34.28), |(sw, ne)| {
        LngLat::new((sw.lng + ne.lng) / 2.0, (sw.lat + ne.lat) / 2.0)
    });
    // The view may wander the county's own size beyond it, no further.
    let mut start_view = Viewport::new(start, 11.0, 800.0, 600.0);
    if let Some((sw, ne)) = home {
        let (dx, dy) = (ne.lng - sw.lng, ne.lat - sw.lat);
        start_view = start_view.with_max_bounds(
            LngLat::new(sw.lng - dx, sw.lat - dy),
            LngLat::new(ne.lng + dx, ne.lat + dy),
        );
    }
    // A shared link's view: the map starts there instead of fitting the county.
    let linked = app.map_at.get_untracked();
    // One finger moves the map unless the map is inside a page that scrolls: on a phone the
    // app's own page never does (the panel is a sheet over the map), another page framing it
    // does.
    let phone = phone_layout();
    let framed = crate::layout::in_frame();
    // Inline in a portal's page, which scrolls past the map.
    let embedded = crate::layout::use_host().embedded;
    if let Some(at) = linked {
        place(&mut start_view, at);
    }
    let view = RwSignal::new(start_view);
    let moved = StoredValue::new(linked.is_some());
    follow_in_address(app, view, moved);

    let c = catalog.clone();
    let areas = Memo::new(move |_| {
        let l = lang_of(locale());
        let county = c.meta.county.get(l);
        c.parks
            .iter()
            .map(|p| {
                let name = p.name.get(l);
                Area {
                    id: p.id.clone(),
                    rings: rings(&p.boundary),
                    label: name.to_owned(),
                    short_label: short_name(name, county),
                    label_at: p.boundary.label_point().map(|pt| lnglat(&pt)),
                }
            })
            .collect::<Vec<_>>()
    });
    let c = catalog.clone();
    // The markers are what the park cards count (the model's rule): on offer and being built,
    // and let or sold ones only when asked for, drawn apart. In the facility finder, exactly its
    // results; in the shortlist, the shortlisted ones.
    let markers = Memo::new(move |_| {
        let loc = locale();
        let marker = |f: &ysmap_model::catalog::Facility| {
            let state = match f.availability.offer() {
                Offer::OnOffer => "",
                Offer::UnderConstruction => " soon",
                Offer::Taken => " taken",
            };
            Marker {
                id: f.id.clone(),
                position: lnglat(&f.location),
                class: format!("{}{state}", labels::code(f.kind)),
                label: format!(
                    "{} · {} · {}",
                    f.name.get(lang_of(loc)),
                    labels::facility_kind(loc, f.kind),
                    labels::availability(loc, f.availability)
                ),
                name: None,
            }
        };
        if app.panel.with(|p| *p == Panel::Facilities) {
            return app.found.with(|found| {
                found
                    .iter()
                    .map(|hit| marker(&c.facilities[hit.index]))
                    .collect()
            });
        }
        if app.panel.with(|p| *p == Panel::Shortlist) {
            return app.shortlist.with(|s| {
                s.facilities
                    .iter()
                    .filter_map(|id| c.facility(id))
                    .map(marker)
                    .collect()
            });
        }
        let show_taken = app.show_taken.get();
        c.facilities
            .iter()
            .filter(|f| show_taken || f.availability.is_shown_by_default())
            .map(marker)
            .collect::<Vec<_>>()
    });
    let taken_count = OfferCounts::of(&catalog.facilities).taken;
    let c = catalog.clone();
    let landmarks = Memo::new(move |_| {
        let loc = locale();
        c.transport_hubs
            .iter()
            .map(|h| Marker {
                id: h.id.clone(),
                position: lnglat(&h.location),
                class: "hub".to_owned(),
                label: format!(
                    "{} · {}",
                    h.name.get(lang_of(loc)),
                    labels::hub_kind(loc, h.kind)
                ),
                // Drawn beside it: a touch screen has no hover to show a tooltip.
                name: Some(h.name.get(lang_of(loc)).to_owned()),
            })
            .collect::<Vec<_>>()
    });
    // The catalog's own base map with its counties' (a city's borders, towns and roads).
    let base_map = catalog.base_map();
    let base = Memo::new(move |_| {
        let l = lang_of(locale());
        Some(VectorBase {
            outline: county_rings.clone(),
            lines: base_map
                .lines
                .iter()
                // Its wire code is its class, in map.css and the server's still map alike.
                .map(|line| BaseLine {
                    class: labels::code(line.kind),
                    path: line.path.coordinates.clone(),
                })
                .collect(),
            places: base_map
                .towns
                .iter()
                .map(|t| Place {
                    name: t.name.get(l).to_owned(),
                    position: lnglat(&t.location),
                    class: if t.is_seat { "town seat" } else { "town" }.to_owned(),
                })
                .collect(),
            attribution: td_string!(locale(), map_attribution).to_owned(),
        })
    });
    let labels = Memo::new(move |_| {
        let l = locale();
        MapLabels {
            map: td_string!(l, map_label).to_owned(),
            role: td_string!(l, map_roledesc).to_owned(),
            keyboard_hint: td_string!(l, map_keyboard_hint).to_owned(),
            wheel_hint: td_string!(l, map_wheel_hint).to_owned(),
            touch_hint: td_string!(l, map_touch_hint).to_owned(),
            zoom_in: td_string!(l, map_zoom_in).to_owned(),
            zoom_out: td_string!(l, map_zoom_out).to_owned(),
            reset: td_string!(l, map_reset).to_owned(),
            close: td_string!(l, map_close).to_owned(),
            cluster: td_string!(l, map_cluster, count = "{count}").to_string(),
            metres: td_string!(l, q_m, v = "{v}").to_string(),
            kilometres: td_string!(l, q_km, v = "{v}").to_string(),
            review_number: td_string!(l, map_review_number).to_owned(),
        }
    });

    let c = catalog.clone();
    let focus = Memo::new(move |_| {
        app.selected_park
            .get()
            .and_then(|id| c.park(&id).and_then(|p| bounds(&p.boundary)))
    });
    let selected = Memo::new(move |_| app.facility.get().or_else(|| app.selected_park.get()));
    let c = catalog.clone();
    let popup = Memo::new(move |_| {
        let id = app.facility.get()?;
        let f = c.facility(&id)?;
        let loc = locale();
        Some(Popup {
            anchor: lnglat(&f.location),
            title: f.name.get(lang_of(loc)).to_owned(),
            body: format!(
                "{} · {}",
                labels::facility_kind(loc, f.kind),
                labels::availability(loc, f.availability)
            ),
        })
    });
    let c = catalog.clone();
    let on_select = move |id: String| {
        if c.park(&id).is_some() {
            app.open_park(id);
        } else if let Some(f) = c.facility(&id) {
            // The finder keeps its list; the result opens in it.
            if app.panel.get_untracked() != Panel::Facilities {
                app.open_park(f.park_id.clone());
            }
            app.facility.set(Some(id));
        }
    };

    view! {
        <div
            class="ysmap-map-frame"
            on:pointerdown=move |_| moved.set_value(true)
            on:wheel=move |_| moved.set_value(true)
            on:keydown=move |_| moved.set_value(true)
        >
        <Map
            view
            markers
            labels
            areas
            landmarks
            base
            tiles=Signal::stored(tiles)
            selected
            highlighted=app.hovered_park
            popup
            home=Signal::stored(home)
            focus
            cooperative=Signal::derive(move || phone.get() && (framed || embedded))
            keep_start=linked.is_some()
            on_select=on_select
            on_reset=move |()| {
                // Home again: the address no longer holds a view.
                moved.set_value(false);
                app.map_at.set(None);
                if app.panel.get_untracked() != Panel::Facilities {
                    app.panel.set(Panel::Parks);
                }
            }
            on_popup_close=move |()| app.facility.set(None)
        />
        <details class="ysmap-map-legend" open=!(embedded || is_phone_layout())>
            <summary>{tr(|l| td_string!(l, legend_title))}</summary>
            // The symbols are pictures of the map's own; the words say what each is.
            <ul>
                {LEGEND
                    .iter()
                    .map(|(class, words)| view! { <li><span class=format!("key {class}") aria-hidden="true"></span>{tr(*words)}</li> })
                    .collect_view()}
            </ul>
            {(taken_count > 0).then(|| view! {
                <label class="ysmap-check">
                    <input type="checkbox" prop:checked=move || app.show_taken.get() on:change=move |ev| app.show_taken.set(event_target_checked(&ev)) />
                    <span>{counted(taken_count, |l, count| td_string!(l, show_taken, count).to_string())}</span>
                </label>
            })}
        </details>
        </div>
    }
}
