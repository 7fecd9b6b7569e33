//! A park's boundary, drawn and edited on the map or from the list of its vertices: choose a
//! ring (the outer boundary or a hole); drag a vertex (mouse, touch or pen), or choose one (on
//! the map by click, tap or Tab and Enter, or in the list) and move it to where the map is
//! clicked or to the map's centre,
//! nudge it ten metres at a time, split the edge after it, or delete it; add a vertex where the
//! map is clicked or at its centre (the crosshair: pan with the arrow keys, then add, which is
//! how a keyboard draws). The rings are written back closed, as GeoJSON wants; the server's
//! consistency check names any facility the new boundary leaves outside.

use crate::Ctx;
use crate::words::{Tr, t};
use leptos::prelude::*;
use serde_json::Value;
use ysmap_map::web::{Map, MapLabels, Marker, VectorBase};
use ysmap_map::{LngLat, Viewport};
use ysmap_model::path;

/// Open rings (the closing vertex dropped) of a GeoJSON polygon.
fn open_rings(geometry: &Value) -> Vec<Vec<LngLat>> {
    geometry["coordinates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|ring| {
            let mut pts: Vec<LngLat> = ring
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| Some(LngLat::new(p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect();
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            pts
        })
        .collect()
}

/// The rings as a GeoJSON polygon, each closed.
fn polygon(rings: &[Vec<LngLat>]) -> Value {
    let round = |x: f64| (x * 1e6).round() / 1e6;
    let coords: Vec<Value> = rings
        .iter()
        .map(|r| {
            let mut pts: Vec<Value> = r
                .iter()
                .map(|p| serde_json::json!([round(p.lng), round(p.lat)]))
                .collect();
            if let Some(first) = pts.first().cloned() {
                pts.push(first);
            }
            Value::Array(pts)
        })
        .collect();
    serde_json::json!({ "type": "Polygon", "coordinates": coords })
}

/// About ten metres north (`dy` 1) or east (`dx` 1) of `p`.
fn nudged(p: LngLat, dx: f64, dy: f64) -> LngLat {
    let metres_per_degree = 111_320.0;
    LngLat::new(
        p.lng + dx * 10.0 / (metres_per_degree * p.lat.to_radians().cos()),
        p.lat + dy * 10.0 / metres_per_degree,
    )
}

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClickDoes {
    Move,
    Add,
}

/// The boundary field.
#[component]
pub fn BoundaryField(
    form_draft: RwSignal<Value>,
    path: String,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let p = StoredValue::new(path);
    let rings = Memo::new(move |_| {
        form_draft.with(|d| {
            path::get(d, &p.get_value())
                .map(open_rings)
                .unwrap_or_default()
        })
    });
    let ring = RwSignal::new(0usize);
    let vertex = RwSignal::new(None::<usize>);
    let click_does = RwSignal::new(ClickDoes::Move);
    let change = move |f: &dyn Fn(&mut Vec<Vec<LngLat>>)| {
        let mut r = rings.get_untracked();
        f(&mut r);
        form_draft.update(|d| path::set(d, &p.get_value(), polygon(&r)));
    };
    let start = rings
        .get_untracked()
        .first()
        .and_then(|r| r.first().copied())
        .unwrap_or(LngLat::new(108.95, 34.27));
    let view = RwSignal::new(Viewport::new(start, 14.0, 600.0, 360.0));
    let centre = move || ysmap_map::projection::unproject(view.get_untracked().center);
    let home = Signal::derive(move || {
        let all: Vec<LngLat> = rings.get_untracked().into_iter().flatten().collect();
        let (mut sw, mut ne) = (LngLat::new(180.0, 90.0), LngLat::new(-180.0, -90.0));
        for q in &all {
            sw = LngLat::new(sw.lng.min(q.lng), sw.lat.min(q.lat));
            ne = LngLat::new(ne.lng.max(q.lng), ne.lat.max(q.lat));
        }
        (!all.is_empty()).then_some((sw, ne))
    });
    let base = Signal::derive(move || {
        Some(VectorBase {
            outline: rings
                .get()
                .iter()
                .map(|r| {
                    let mut ring: Vec<[f64; 2]> = r.iter().map(|p| [p.lng, p.lat]).collect();
                    if let Some(f) = ring.first().copied() {
                        ring.push(f);
                    }
                    ring
                })
                .collect(),
            lines: Vec::new(),
            places: Vec::new(),
            attribution: String::new(),
        })
    });
    let vertex_name = move |i: usize| match ctx.lang.get() {
        ysmap_model::Lang::Zh => format!("顶点 {}", i + 1),
        ysmap_model::Lang::En => format!("Vertex {}", i + 1),
    };
    let markers = Signal::derive(move || {
        rings
            .get()
            .get(ring.get())
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, q)| Marker {
                        id: format!("v{i}"),
                        position: *q,
                        class: "ysc-vertex draggable".into(),
                        label: vertex_name(i),
                        name: None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let selected = Signal::derive(move || vertex.get().map(|i| format!("v{i}")));
    // Acts on the chosen ring; a vertex index past its end means "append".
    // Moves the chosen vertex of the chosen ring to `at`, or adds one there after it (at the
    // end when none is chosen); the vertex moved or added is then the chosen one.
    let put = move |at: LngLat, does: ClickDoes| {
        let r = ring.get_untracked();
        let len = rings.get_untracked().get(r).map_or(0, Vec::len);
        let chosen = vertex.get_untracked().filter(|&i| i < len);
        change(&|rs| {
            while rs.len() <= r {
                rs.push(Vec::new());
            }
            match (does, chosen) {
                (ClickDoes::Move, Some(i)) => rs[r][i] = at,
                (ClickDoes::Add, Some(i)) => rs[r].insert(i + 1, at),
                (_, None) => rs[r].push(at),
            }
        });
        vertex.set(Some(match (does, chosen) {
            (ClickDoes::Move, Some(i)) => i,
            (ClickDoes::Add, Some(i)) => i + 1,
            (_, None) => len,
        }));
    };
    let add_at_centre = move || put(centre(), ClickDoes::Add);
    let with_vertex = move |f: &dyn Fn(&mut Vec<LngLat>, usize)| {
        let (r, Some(i)) = (ring.get_untracked(), vertex.get_untracked()) else {
            return;
        };
        change(&|rs| {
            if let Some(list) = rs.get_mut(r)
                && i < list.len()
            {
                f(list, i);
            }
        });
    };
    let nudge = move |dx: f64, dy: f64| with_vertex(&|l, i| l[i] = nudged(l[i], dx, dy));
    let labels = Signal::derive(move || {
        let lang = ctx.lang.get();
        MapLabels {
            map: Tr(
                "边界地图:方向键平移,Tab 选择顶点",
                "Boundary map: arrow keys pan, Tab chooses a vertex",
            )
            .get(lang)
            .into(),
            role: Tr("地图", "map").get(lang).into(),
            keyboard_hint: Tr(
                "方向键平移,+ 和 - 缩放,Tab 逐个选择顶点。",
                "Arrow keys pan, + and - zoom, Tab walks the vertices.",
            )
            .get(lang)
            .into(),
            ..MapLabels::default()
        }
    });
    let ring_name = move |r: usize| -> String {
        if r == 0 {
            Tr("外边界", "Outer boundary")
                .get(ctx.lang.get())
                .to_owned()
        } else {
            match ctx.lang.get() {
                ysmap_model::Lang::Zh => format!("内洞 {r}"),
                ysmap_model::Lang::En => format!("Hole {r}"),
            }
        }
    };
    view! {
        <fieldset class="ysc-group ysc-boundary">
            <legend>{t(Tr("边界", "Boundary"))}</legend>
            <div class="ysc-buttons" role="group" aria-label=t(Tr("环", "Rings"))>
                {move || (0..rings.get().len().max(1)).map(|r| view! {
                    <button type="button" aria-pressed=move || (ring.get() == r).to_string() on:click=move |_| { ring.set(r); vertex.set(None); }>{ring_name(r)}</button>
                }).collect_view()}
                <button type="button" on:click=move |_| {
                    let n = rings.get_untracked().len().max(1);
                    change(&|rs| rs.push(Vec::new()));
                    ring.set(n);
                    vertex.set(None);
                }>{t(Tr("添加内洞", "Add a hole"))}</button>
                {move || (ring.get() > 0).then(|| view! {
                    <button type="button" on:click=move |_| {
                        let r = ring.get_untracked();
                        change(&|rs| { if r < rs.len() { rs.remove(r); } });
                        ring.set(0);
                        vertex.set(None);
                    }>{t(Tr("删除此内洞", "Delete this hole"))}</button>
                })}
            </div>
            <fieldset class="ysc-choices">
                <legend>{t(Tr("点击地图时", "A click on the map"))}</legend>
                <label class="ysc-check"><input type="radio" name=format!("{}-does", p.get_value()) prop:checked=move || click_does.get() == ClickDoes::Move on:change=move |_| click_does.set(ClickDoes::Move) />{t(Tr("把所选顶点移到该处", "moves the chosen vertex there"))}</label>
                <label class="ysc-check"><input type="radio" name=format!("{}-does", p.get_value()) prop:checked=move || click_does.get() == ClickDoes::Add on:change=move |_| click_does.set(ClickDoes::Add) />{t(Tr("在所选顶点后添加顶点", "adds a vertex after the chosen one"))}</label>
            </fieldset>
            <div class="ysc-location-map ysc-boundary-map">
                <Map view=view markers=markers labels=labels base=base home=home selected=selected
                    on_select=Callback::new(move |id: String| vertex.set(id.strip_prefix('v').and_then(|n| n.parse().ok())))
                    on_click=Callback::new(move |at: LngLat| put(at, click_does.get_untracked()))
                    on_drag=Callback::new(move |(id, at): (String, LngLat)| {
                        let Some(i) = id.strip_prefix('v').and_then(|n| n.parse::<usize>().ok()) else { return };
                        vertex.set(Some(i));
                        let r = ring.get_untracked();
                        change(&|rs| if let Some(q) = rs.get_mut(r).and_then(|l| l.get_mut(i)) { *q = at; });
                    }) />
                <span class="ysc-crosshair" aria-hidden="true"></span>
            </div>
            <div class="ysc-buttons">
                <button type="button" on:click=move |_| add_at_centre()>{t(Tr("在地图中心(十字处)添加顶点", "Add a vertex at the map's centre (the cross)"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| { let c = centre(); with_vertex(&|l, i| l[i] = c); }>{t(Tr("所选顶点移到地图中心", "Chosen vertex to the centre"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| with_vertex(&|l, i| { let j = (i + 1) % l.len(); let m = LngLat::new((l[i].lng + l[j].lng) / 2.0, (l[i].lat + l[j].lat) / 2.0); l.insert(i + 1, m); })>{t(Tr("在所选顶点后拆分边", "Split the edge after the chosen vertex"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| { with_vertex(&|l, i| { l.remove(i); }); vertex.set(None); }>{t(Tr("删除所选顶点", "Delete the chosen vertex"))}</button>
            </div>
            <div class="ysc-buttons" role="group" aria-label=t(Tr("微调所选顶点 10 米", "Nudge the chosen vertex 10 m"))>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| nudge(0.0, 1.0)>{t(Tr("向北 10 米", "10 m north"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| nudge(0.0, -1.0)>{t(Tr("向南 10 米", "10 m south"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| nudge(1.0, 0.0)>{t(Tr("向东 10 米", "10 m east"))}</button>
                <button type="button" disabled=move || vertex.get().is_none() on:click=move |_| nudge(-1.0, 0.0)>{t(Tr("向西 10 米", "10 m west"))}</button>
            </div>
            <ol class="ysc-vertices" aria-label=t(Tr("顶点列表", "Vertices"))>
                {move || rings.get().get(ring.get()).cloned().unwrap_or_default().into_iter().enumerate().map(|(i, q)| view! {
                    <li>
                        <button type="button" aria-pressed=move || (vertex.get() == Some(i)).to_string() on:click=move |_| vertex.set(Some(i))>
                            {move || format!("{}:{:.6}, {:.6}", vertex_name(i), q.lng, q.lat)}
                        </button>
                    </li>
                }).collect_view()}
            </ol>
            {move || {
                let n = rings.get().get(ring.get()).map_or(0, Vec::len);
                (n < 3).then(|| view! { <p class="ysc-hint" role="status">{t(Tr("一个环至少需要 3 个顶点。", "A ring needs at least 3 vertices."))}</p> })
            }}
            {move || error().map(|m| view! { <p class="ysc-field-error" role="alert">{m}</p> })}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_open_for_editing_and_close_for_geojson() {
        let g = serde_json::json!({"type": "Polygon", "coordinates": [[[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 1.0]]]});
        let r = open_rings(&g);
        assert_eq!(r[0].len(), 3);
        assert_eq!(polygon(&r), g);
    }

    #[test]
    fn a_nudge_is_about_ten_metres() {
        let p = LngLat::new(108.9, 34.3);
        let n = nudged(p, 0.0, 1.0);
        assert!(((n.lat - p.lat) * 111_320.0 - 10.0).abs() < 1e-6);
        let e = nudged(p, 1.0, 0.0);
        assert!(((e.lng - p.lng) * 111_320.0 * p.lat.to_radians().cos() - 10.0).abs() < 1e-6);
    }
}
