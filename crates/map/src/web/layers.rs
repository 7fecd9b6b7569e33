//! What the map draws, laid out for the rendered view: the vector base, the areas, the markers
//! and clusters in view (in reading order, for Tab), the landmarks, the labels where the core's
//! placement puts them, and the popup.
//!
//! Geometry is projected once into local pixels at a fixed zoom around an origin (per
//! coordinate system, and per whole zoom for simplified areas), and the markers in view come
//! from the cluster index, so the DOM stays small at any zoom.

use super::map::{FIT_PADDING_PX, MapCtx};
use super::{Marker, Place};
use crate::cluster::{ClusterIndex, ClusterOptions, NodeId, cluster_radius_px, cluster_target};
use crate::keys::{activates, reading_order_key};
use crate::labels::{
    AREA_CANDIDATES, Label, PLACE_CANDIDATES, Placed, Rect, area_label_fits, area_priority,
    landmark_priority, place, place_priority,
};
use crate::projection::{LngLat, WorldPoint};
use crate::simplify::simplify_ring;
use crate::svg::path_data;
use leptos::prelude::*;
use std::sync::Arc;
use ysmap_decimal::fixed;

/// Geometry is kept in pixels at this zoom, relative to the origin: small numbers that keep
/// their precision in the browser's single-precision transforms.
const LOCAL_ZOOM: f64 = 12.0;
/// Markers this far outside the view are drawn too, so that a pan shows them before the
/// drawing catches up, CSS px.
const MARGIN_PX: f64 = 256.0;
/// Footprints of the symbols, as obstacles for labels: half-sides, CSS px (a selected marker's
/// circle grows to 9 px; landmarks are 10 px squares; town dots up to 4 px).
const MARKER_HALF_PX: f64 = 9.0;
const LANDMARK_HALF_PX: f64 = 6.0;
const PLACE_DOT_HALF_PX: f64 = 4.0;
/// Label fonts, CSS px at the default 16 px root (map.css draws them in rem; the placement
/// multiplies by `MapCtx::text_scale`), and where long names wrap.
const AREA_FONT_PX: f64 = 13.0;
const PLACE_FONT_PX: f64 = 12.0;
const SEAT_FONT_PX: f64 = 13.0;
const AREA_LINE_PX: f64 = 170.0;
const PLACE_LINE_PX: f64 = 200.0;

/// A shared value compared by identity, for memos of large values (the cluster index).
#[derive(Clone)]
pub(super) struct Shared<T>(Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A marker or cluster in view, from the cluster index of generation `generation` (a new
/// index, built when the markers' positions change, is a new generation).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    Point {
        marker: usize,
        at: WorldPoint,
        generation: u32,
    },
    Cluster {
        node: NodeId,
        count: u32,
        at: WorldPoint,
        bbox: [f64; 4],
        generation: u32,
    },
}

impl Item {
    /// Identity across renders, within one index: a marker by its index (its view reads the
    /// marker by that index, so its name follows a language switch), a cluster by its node. A
    /// new index (markers added, removed or moved: a filter) draws everything anew, as its
    /// numbers and nodes mean other markers and places.
    fn key(&self) -> (u32, bool, u32, u32) {
        match self {
            Item::Point {
                marker, generation, ..
            } => (*generation, false, *marker as u32, 0),
            Item::Cluster {
                node, generation, ..
            } => (*generation, true, u32::from(node.zoom), node.index),
        }
    }

    fn at(&self) -> WorldPoint {
        match self {
            Item::Point { at, .. } | Item::Cluster { at, .. } => *at,
        }
    }

    /// Its footprint on screen, as an obstacle for labels.
    fn footprint(&self, (x, y): (f64, f64)) -> Rect {
        match self {
            Item::Point { .. } => Rect::around(x, y, MARKER_HALF_PX),
            Item::Cluster { count, .. } => Rect::around(x, y, cluster_radius_px(*count)),
        }
    }
}

/// The vector base in local pixels: the outline's path data, and each line's class and path data.
#[derive(Debug, Clone, PartialEq)]
struct BasePaths {
    outline: String,
    lines: Vec<(String, String)>,
}

/// A label the placement kept: the CSS class of its text, and where it goes.
pub(super) type DrawnLabel = (String, Placed);

/// The derived geometry the layers draw.
#[derive(Clone, Copy)]
pub(super) struct Drawing {
    base_paths: Memo<Option<BasePaths>>,
    area_paths: Memo<Vec<(String, String)>>,
    place_points: Memo<Vec<WorldPoint>>,
    landmark_points: Memo<Vec<WorldPoint>>,
    /// The cluster index, and its generation (counted up each time it is built).
    index: Memo<(Shared<ClusterIndex>, u32)>,
    in_view: Memo<Vec<Item>>,
}

impl Drawing {
    pub fn new(ctx: MapCtx) -> Drawing {
        let origin = ctx.origin;
        let local = move |w: WorldPoint| {
            let k = 2f64.powf(LOCAL_ZOOM);
            ((w.x - origin.x) * k, (w.y - origin.y) * k)
        };
        let lnglat = |p: &[f64; 2]| LngLat::new(p[0], p[1]);
        let base_paths = Memo::new(move |_| {
            ctx.base.with(|b| {
                b.as_ref().map(|b| {
                    let outline: String = b
                        .outline
                        .iter()
                        .map(|r| path_data(r.iter().map(|p| local(ctx.to_world(lnglat(p)))), true))
                        .collect();
                    let lines = b
                        .lines
                        .iter()
                        .map(|l| {
                            let d = path_data(
                                l.path.iter().map(|p| local(ctx.to_world(lnglat(p)))),
                                false,
                            );
                            (l.class.clone(), d)
                        })
                        .collect();
                    BasePaths { outline, lines }
                })
            })
        });
        let zoom_level = Memo::new(move |_| {
            ctx.rendered
                .with(|v| crate::clamp(v.zoom.floor(), 0.0, 22.0))
        });
        let area_paths = Memo::new(move |_| {
            let z = zoom_level.get();
            ctx.areas.with(|areas| {
                areas
                    .iter()
                    .map(|a| {
                        let d: String = a
                            .rings
                            .iter()
                            .map(|r| {
                                let world: Vec<WorldPoint> =
                                    r.iter().map(|p| ctx.to_world(lnglat(p))).collect();
                                path_data(simplify_ring(&world, z).into_iter().map(local), true)
                            })
                            .collect();
                        (a.id.clone(), d)
                    })
                    .collect::<Vec<_>>()
            })
        });
        let place_points = Memo::new(move |_| {
            ctx.base.with(|b| {
                b.as_ref().map_or_else(Vec::new, |b| {
                    b.places.iter().map(|p| ctx.to_world(p.position)).collect()
                })
            })
        });
        let landmark_points = Memo::new(move |_| {
            ctx.landmarks.with(|m| {
                m.iter()
                    .map(|m| ctx.to_world(m.position))
                    .collect::<Vec<_>>()
            })
        });
        let marker_points = Memo::new(move |_| {
            ctx.markers.with(|m| {
                m.iter()
                    .map(|m| ctx.to_world(m.position))
                    .collect::<Vec<_>>()
            })
        });
        let index = Memo::new(move |previous: Option<&(Shared<ClusterIndex>, u32)>| {
            let generation = previous.map_or(0, |p| p.1.wrapping_add(1));
            let built = ClusterIndex::new(&marker_points.get(), ClusterOptions::default());
            (Shared(Arc::new(built)), generation)
        });
        let in_view = Memo::new(move |_| {
            let (idx, generation) = index.get();
            ctx.rendered.with(|v| items_in_view(&idx.0, generation, v))
        });
        Drawing {
            base_paths,
            area_paths,
            place_points,
            landmark_points,
            index,
            in_view,
        }
    }
}

/// The labels for the rendered view, placed by the core among the symbols in view: park names,
/// then place names.
fn placed_labels(ctx: MapCtx, drawing: Drawing) -> Vec<DrawnLabel> {
    let v = ctx.rendered.get();
    let selected = ctx.selected.get();
    let scale = ctx.text_scale.get();
    let mut inputs: Vec<Label> = Vec::new();
    let mut classes: Vec<String> = Vec::new();
    ctx.areas.with(|areas| {
        for a in areas {
            let (Some(at), Some((sw, ne))) = (a.label_at, super::rings_bounds(&a.rings)) else {
                continue;
            };
            let width_px = (ctx.to_world(ne).x - ctx.to_world(sw).x).abs() * v.scale();
            let (x, y) = v.world_to_screen(ctx.to_world(at));
            inputs.push(Label {
                text: a.label.clone(),
                short: a.short_label.clone(),
                short_only: !area_label_fits(width_px),
                x,
                y,
                font_px: AREA_FONT_PX * scale,
                max_line_px: AREA_LINE_PX * scale,
                priority: area_priority(width_px, selected.as_deref() == Some(&a.id)),
                candidates: AREA_CANDIDATES,
            });
            classes.push("area-label".to_owned());
        }
    });
    let mut obstacles: Vec<Rect> = Vec::new();
    drawing.place_points.with(|points| {
        ctx.base.with(|b| {
            let places: &[Place] = b.as_ref().map_or(&[], |b| &b.places);
            for (p, w) in places.iter().zip(points) {
                let (x, y) = v.world_to_screen(*w);
                let seat = p.class.split_whitespace().any(|c| c == "seat");
                obstacles.push(Rect::around(x, y, PLACE_DOT_HALF_PX));
                inputs.push(Label {
                    text: p.name.clone(),
                    short: None,
                    short_only: false,
                    x,
                    y,
                    font_px: if seat { SEAT_FONT_PX } else { PLACE_FONT_PX } * scale,
                    max_line_px: PLACE_LINE_PX * scale,
                    priority: place_priority(seat),
                    candidates: PLACE_CANDIDATES,
                });
                classes.push(p.class.clone());
            }
        })
    });
    drawing.landmark_points.with(|points| {
        ctx.landmarks.with(|marks| {
            for (m, w) in marks.iter().zip(points) {
                let (x, y) = v.world_to_screen(*w);
                obstacles.push(Rect::around(x, y, LANDMARK_HALF_PX));
                let Some(name) = &m.name else { continue };
                inputs.push(Label {
                    text: name.clone(),
                    short: None,
                    short_only: false,
                    x,
                    y,
                    font_px: PLACE_FONT_PX * scale,
                    max_line_px: PLACE_LINE_PX * scale,
                    priority: landmark_priority(),
                    candidates: PLACE_CANDIDATES,
                });
                classes.push("landmark-label".to_owned());
            }
        })
    });
    drawing.in_view.with(|items| {
        obstacles.extend(items.iter().map(|i| i.footprint(v.world_to_screen(i.at()))));
    });
    obstacles.extend(controls_footprint(v.width, v.height));
    let view = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: v.width,
        y1: v.height,
    };
    place(&inputs, &obstacles, &view)
        .into_iter()
        .map(|p| (classes.get(p.index).cloned().unwrap_or_default(), p))
        .collect()
}

/// Where the controls (see map.css) cover the map, so that no label hides under them: the
/// button column at the top right, the scale bar at the bottom left, the attribution along the
/// bottom right.
fn controls_footprint(width: f64, height: f64) -> [Rect; 3] {
    [
        Rect {
            x0: width - 54.0,
            y0: 10.0,
            x1: width - 10.0,
            y1: 142.0,
        },
        Rect {
            x0: 10.0,
            y0: height - 32.0,
            x1: 118.0,
            y1: height - 10.0,
        },
        Rect {
            x0: width * 0.4,
            y0: height - 22.0,
            x1: width,
            y1: height,
        },
    ]
}

/// The markers and clusters within the rendered view and its margin, in reading order.
fn items_in_view(
    index: &ClusterIndex,
    generation: u32,
    v: &crate::viewport::Viewport,
) -> Vec<Item> {
    let min = v.screen_to_world(-MARGIN_PX, -MARGIN_PX);
    let max = v.screen_to_world(v.width + MARGIN_PX, v.height + MARGIN_PX);
    let mut items: Vec<Item> = index
        .query(v.zoom, min, max)
        .map(|(id, n)| match n.point {
            Some(p) if n.count == 1 => Item::Point {
                marker: p as usize,
                at: n.position,
                generation,
            },
            _ => Item::Cluster {
                node: id,
                count: n.count,
                at: n.position,
                bbox: n.bbox,
                generation,
            },
        })
        .collect();
    // The order Tab walks them in.
    crate::order::sort_by_keys(&mut items, |i| {
        let (x, y) = v.world_to_screen(i.at());
        let (row, column) = reading_order_key(x, y);
        (crate::order::i64_key(row), crate::order::i64_key(column))
    });
    items
}

/// The transform that carries local pixels (see `LOCAL_ZOOM`) onto the rendered view.
fn local_transform(ctx: MapCtx) -> String {
    ctx.rendered.with(|v| {
        let (tx, ty) = v.world_to_screen(ctx.origin);
        format!(
            "translate({} {}) scale({})",
            fixed(tx, 2),
            fixed(ty, 2),
            fixed(2f64.powf(v.zoom - LOCAL_ZOOM), 6)
        )
    })
}

/// The vector base: the region's outline, its lines and the dots of its places (their names
/// are labels, placed with the others).
pub(super) fn base(ctx: MapCtx, drawing: Drawing) -> impl IntoView {
    let shapes = move || {
        drawing.base_paths.get().map(|BasePaths { outline, lines }| {
            let lines = lines
                .into_iter()
                .map(|(class, d)| {
                    view! { <path class=format!("base-line {class}") d=d vector-effect="non-scaling-stroke" /> }
                })
                .collect_view();
            view! {
                <path class="region" d=outline vector-effect="non-scaling-stroke" />
                {lines}
            }
        })
    };
    let dots = move || {
        let classes: Vec<String> = ctx.base.with(|b| {
            b.as_ref()
                .map(|b| b.places.iter().map(|p| p.class.clone()).collect())
                .unwrap_or_default()
        });
        drawing
            .place_points
            .get()
            .into_iter()
            .zip(classes)
            .map(|(at, class)| {
                view! {
                    <g class=class transform=move || ctx.translate(at)>
                        <circle r="3" />
                    </g>
                }
            })
            .collect_view()
    };
    view! {
        <g transform=move || local_transform(ctx)>{shapes}</g>
        {dots}
    }
}

/// Everything over the tiles: areas, landmarks, markers and clusters, labels.
pub(super) fn overlay(ctx: MapCtx, drawing: Drawing) -> impl IntoView {
    view! {
        <g transform=move || local_transform(ctx)>{move || areas(ctx, drawing)}</g>
        <g aria-hidden="true">{move || landmarks(ctx, drawing)}</g>
        <g class="markers">
            <For
                each=move || drawing.in_view.get()
                key=Item::key
                children=move |item| item_view(ctx, drawing, item)
            />
        </g>
        // Labels last: the placement has kept them off every symbol.
        <g class="labels" aria-hidden="true">{move || labels(ctx, drawing)}</g>
    }
}

fn areas(ctx: MapCtx, drawing: Drawing) -> impl IntoView {
    let names: Vec<String> = ctx
        .areas
        .with(|a| a.iter().map(|a| a.label.clone()).collect());
    drawing
        .area_paths
        .get()
        .into_iter()
        .zip(names)
        .map(|((id, d), name)| area_view(ctx, id, d, name))
        .collect_view()
}

fn area_view(ctx: MapCtx, id: String, d: String, name: String) -> impl IntoView {
    let (sel, hov, act, key) = (id.clone(), id.clone(), id.clone(), id.clone());
    let class = move || {
        let mut c = String::from("area");
        if ctx.selected.with(|s| s.as_deref() == Some(sel.as_str())) {
            c.push_str(" selected");
        }
        if ctx.highlighted.with(|s| s.as_deref() == Some(hov.as_str())) {
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
            aria-label=name
            on:click=move |_| {
                if !was_drag(ctx) {
                    ctx.select(act.clone());
                }
            }
            on:keydown=move |ev| {
                if activates(&ev.key()) {
                    ev.prevent_default();
                    ctx.select(key.clone());
                }
            }
        />
    }
}

fn landmarks(ctx: MapCtx, drawing: Drawing) -> impl IntoView {
    let marks: Vec<(String, String)> = ctx.landmarks.with(|m| {
        m.iter()
            .map(|m| (m.class.clone(), m.label.clone()))
            .collect()
    });
    drawing
        .landmark_points
        .get()
        .into_iter()
        .zip(marks)
        .map(|(at, (class, label))| {
            view! {
                <g class=format!("landmark {class}") transform=move || ctx.translate(at)>
                    <rect x="-5" y="-5" width="10" height="10" rx="2" />
                    <title>{label}</title>
                </g>
            }
        })
        .collect_view()
}

fn was_drag(ctx: MapCtx) -> bool {
    ctx.gesture.with_value(|g| g.is_drag())
}

fn item_view(ctx: MapCtx, drawing: Drawing, item: Item) -> AnyView {
    match item {
        Item::Point { marker, at, .. } => point_view(ctx, marker, at),
        Item::Cluster {
            node,
            count,
            at,
            bbox,
            ..
        } => cluster_view(ctx, drawing, node, count, at, bbox),
    }
}

/// A marker, read by its index at every use, so that its name and class follow data changes
/// (a language switch) while the element stays.
fn point_view(ctx: MapCtx, marker: usize, at: WorldPoint) -> AnyView {
    let markers = ctx.markers;
    let read = move |f: fn(&Marker) -> String| {
        markers.with(|ms| ms.get(marker).map(f)).unwrap_or_default()
    };
    let id = move || read(|m| m.id.clone());
    let label = move || read(|m| m.label.clone());
    let class = move || {
        let (id, kind) = markers.with(|ms| {
            ms.get(marker)
                .map(|m| (m.id.clone(), m.class.clone()))
                .unwrap_or_default()
        });
        let on = ctx.selected.with(|s| s.as_deref() == Some(id.as_str()));
        format!("marker {kind}{}", if on { " selected" } else { "" })
    };
    view! {
        <g
            class=class
            transform=move || ctx.translate(at)
            data-id=id
            tabindex="0"
            role="button"
            aria-label=label
            on:click=move |_| {
                if !was_drag(ctx) {
                    ctx.select(markers.with_untracked(|ms| ms.get(marker).map(|m| m.id.clone())).unwrap_or_default());
                }
            }
            on:keydown=move |ev| {
                if activates(&ev.key()) {
                    ev.prevent_default();
                    ctx.select(markers.with_untracked(|ms| ms.get(marker).map(|m| m.id.clone())).unwrap_or_default());
                }
            }
        >
            <circle r="7" />
            <title>{label}</title>
        </g>
    }
    .into_any()
}

fn cluster_view(
    ctx: MapCtx,
    drawing: Drawing,
    node: NodeId,
    count: u32,
    at: WorldPoint,
    bbox: [f64; 4],
) -> AnyView {
    let open = move || {
        ctx.touched.set_value(true);
        let split = drawing
            .index
            .with_untracked(|(i, _)| i.0.expansion_zoom(node));
        let target = cluster_target(&ctx.view.get_untracked(), bbox, split, FIT_PADDING_PX);
        ctx.fly_to(target);
    };
    let name = move || {
        ctx.labels
            .with(|l| l.cluster.replace("{count}", &count.to_string()))
    };
    view! {
        <g
            class="cluster"
            transform=move || ctx.translate(at)
            data-count=count
            tabindex="0"
            role="button"
            aria-label=name
            on:click=move |_| {
                if !was_drag(ctx) {
                    open();
                }
            }
            on:keydown=move |ev| {
                if activates(&ev.key()) {
                    ev.prevent_default();
                    open();
                }
            }
        >
            <circle r=fixed(cluster_radius_px(count), 2) />
            <text text-anchor="middle" y="4">{count}</text>
        </g>
    }
    .into_any()
}

/// The labels the placement kept: one `<text>` per line (flat, the smallest view to build),
/// classed as its feature (`area-label`, `town`, `town seat`).
fn labels(ctx: MapCtx, drawing: Drawing) -> impl IntoView {
    let mut lines: Vec<(String, String, f64, f64, &'static str)> = Vec::new();
    for (class, p) in placed_labels(ctx, drawing) {
        let anchor = p.anchor.svg();
        for (i, line) in p.lines.into_iter().enumerate() {
            let y = p.y + i as f64 * p.line_height_px;
            lines.push((class.clone(), line, p.x, y, anchor));
        }
    }
    lines
        .into_iter()
        .map(|(class, line, x, y, anchor)| {
            view! {
                <text class=class x=fixed(x, 1) y=fixed(y, 1) text-anchor=anchor>
                    {line}
                </text>
            }
        })
        .collect_view()
}

/// The popup, following its anchor as the drawing catches up.
pub(super) fn popup(ctx: MapCtx) -> impl IntoView {
    move || {
        ctx.popup.get().map(|p| {
            let at = ctx.to_world(p.anchor);
            let pos = move || {
                let (x, y) = ctx.rendered.with(|v| v.world_to_screen(at));
                format!("translate({}px, {}px)", fixed(x, 1), fixed(y, 1))
            };
            let close = move || ctx.labels.with(|l| l.close.clone());
            view! {
                <div class="ysmap-map-popup" style:transform=pos>
                    <div class="ysmap-map-popup-body">
                        <strong>{p.title}</strong>
                        <span>{p.body}</span>
                        <button
                            type="button"
                            aria-label=close
                            title=close
                            on:click=move |_| {
                                if let Some(cb) = ctx.on_popup_close {
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
    }
}
