//! The `<Map>` Leptos component: a thin layer over the pure engine (projection, viewport,
//! clustering, tiles, motion, gestures, label placement). It draws an optional raster tile layer
//! over a vector base, and SVG overlays (areas, clustered markers, landmarks, labels) over both;
//! it pans with inertia, zooms around the pointer, pinches, and answers the keyboard.
//!
//! Everything it shows comes in through props, in WGS-84; everything a person reads (labels,
//! control names) comes from the host app, so the component has no language of its own. Its
//! styles are `map.css` beside this file (see the crate's README for how a host includes them).
//!
//! - `map`: the component: props, signals, wiring.
//! - `layers`: what is drawn: base, areas, markers and clusters, landmarks, labels, popup.
//! - `controls`: zoom and reset buttons, scale bar, attribution, wheel and keyboard hints.
//! - `events`: DOM listeners and timers, feeding `gesture` and `keys`, released on unmount.
//! - `tiles`: the raster tile layer.
//!
//! ```ignore
//! use leptos::prelude::*;
//! use ysmap_map::web::{Map, Marker, MapLabels};
//! use ysmap_map::{LngLat, Viewport};
//!
//! let view = RwSignal::new(Viewport::new(LngLat::new(108.2, 34.28), 11.0, 800.0, 600.0));
//! let markers = Signal::derive(|| vec![Marker::new("a", LngLat::new(108.2, 34.28), "Factory A")]);
//! view! { <Map view markers labels=Signal::derive(MapLabels::default) /> }
//! ```

mod controls;
mod events;
mod layers;
mod map;
mod tiles;

pub use map::{Map, rings_bounds};

use crate::projection::LngLat;
use crate::tiles::TileSource;

/// A polygon feature (a park): rings in WGS-84 `[longitude, latitude]`, filled even-odd.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Identity, passed to `on_select`.
    pub id: String,
    /// Every ring of every polygon.
    pub rings: Vec<Vec<[f64; 2]>>,
    /// Its name, read by screen readers and drawn near `label_at`.
    pub label: String,
    /// A shorter name, drawn instead where the full one does not fit (e.g. without the
    /// county's name in front).
    pub short_label: Option<String>,
    /// Where the label goes (inside the area).
    pub label_at: Option<LngLat>,
}

/// A point feature (a facility, a transport hub).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Identity, passed to `on_select`.
    pub id: String,
    /// Where it is (WGS-84).
    pub position: LngLat,
    /// CSS class for its symbol (e.g. its kind).
    pub class: String,
    /// Its accessible name and tooltip.
    pub label: String,
    /// A short name drawn beside it where it fits (landmarks: a touch screen has no hover to
    /// show the tooltip); `None` draws none.
    pub name: Option<String>,
}

impl Marker {
    /// A marker with no class.
    pub fn new(id: impl Into<String>, position: LngLat, label: impl Into<String>) -> Self {
        Marker {
            id: id.into(),
            position,
            class: String::new(),
            label: label.into(),
            name: None,
        }
    }
}

/// A line of the vector base (road, railway, river), drawn with its CSS class.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseLine {
    /// CSS class (`expressway`, `railway` …).
    pub class: String,
    /// Its course (WGS-84).
    pub path: Vec<[f64; 2]>,
}

/// A named place on the vector base.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Its name.
    pub name: String,
    /// Where it is.
    pub position: LngLat,
    /// CSS class (`town`, `town seat`).
    pub class: String,
}

/// The vector base map: what keeps the map useful without tiles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VectorBase {
    /// The region's outline (rings).
    pub outline: Vec<Vec<[f64; 2]>>,
    /// Roads, railways, rivers.
    pub lines: Vec<BaseLine>,
    /// Towns.
    pub places: Vec<Place>,
    /// Credit for the base, shown when no tiles are.
    pub attribution: String,
}

/// Raster tiles over the vector base.
#[derive(Debug, Clone, PartialEq)]
pub struct TileLayer {
    /// The layers, bottom first (天地图: `vec` then its `cva` labels).
    pub sources: Vec<TileSource>,
    /// The map's review number (审图号), shown whenever tiles are.
    pub review_number: Option<String>,
}

/// A popup anchored to a point; it follows the point as the map moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Popup {
    /// Where it points (WGS-84).
    pub anchor: LngLat,
    /// Its heading.
    pub title: String,
    /// A line under the heading.
    pub body: String,
}

/// The words the map shows or speaks, supplied by the host app in its language.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabels {
    /// The map region's accessible name.
    pub map: String,
    /// `aria-roledescription` of the region ("map").
    pub role: String,
    /// How to use it by keyboard.
    pub keyboard_hint: String,
    /// Shown when the wheel turns over an unfocused map.
    pub wheel_hint: String,
    /// Shown the first time one finger swipes a cooperative map (the page scrolls instead).
    pub touch_hint: String,
    /// Zoom-in button.
    pub zoom_in: String,
    /// Zoom-out button.
    pub zoom_out: String,
    /// Reset-view button.
    pub reset: String,
    /// Close button of the popup.
    pub close: String,
    /// Accessible name of a cluster; `{count}` is replaced by its size.
    pub cluster: String,
    /// Unit words for the scale bar: metres and kilometres, `{v}` replaced by the number.
    pub metres: String,
    /// See `metres`.
    pub kilometres: String,
    /// Words before the review number (审图号).
    pub review_number: String,
}

impl Default for MapLabels {
    fn default() -> Self {
        MapLabels {
            map: "Map".into(),
            role: "map".into(),
            keyboard_hint: "Arrow keys pan, + and - zoom, Tab walks the features.".into(),
            wheel_hint: "Hold Ctrl and scroll to zoom".into(),
            touch_hint: "Use two fingers to move the map".into(),
            zoom_in: "Zoom in".into(),
            zoom_out: "Zoom out".into(),
            reset: "Reset view".into(),
            close: "Close".into(),
            cluster: "{count} places; press Enter to zoom in".into(),
            metres: "{v} m".into(),
            kilometres: "{v} km".into(),
            review_number: "Review no.".into(),
        }
    }
}
