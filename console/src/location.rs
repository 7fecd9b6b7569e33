//! A record's location: typed or pasted coordinates in the system they come from (WGS-84 as
//! 天地图 and GPS give them, GCJ-02 as AMap's and Tencent's pickers do, BD-09 as Baidu's),
//! converted to the catalog's WGS-84 by the map engine's conversions; or a click (or tap) on
//! the map, or the marker dragged, with the park's boundary drawn around it. The catalog always stores WGS-84.

use crate::Ctx;
use crate::api;
use crate::words::{Tr, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use ysmap_map::crs::Crs;
use ysmap_map::web::{Map, MapLabels, Marker, VectorBase};
use ysmap_map::{LngLat, Viewport};
use ysmap_model::path;

const SYSTEMS: [(Crs, &str, Tr); 3] = [
    (
        Crs::Wgs84,
        "wgs84",
        Tr("WGS-84(天地图、GPS)", "WGS-84 (Tianditu, GPS)"),
    ),
    (
        Crs::Gcj02,
        "gcj02",
        Tr(
            "GCJ-02(高德、腾讯坐标拾取)",
            "GCJ-02 (AMap, Tencent pickers)",
        ),
    ),
    (
        Crs::Bd09,
        "bd09",
        Tr("BD-09(百度坐标拾取)", "BD-09 (Baidu picker)"),
    ),
];

fn point_of(v: &Value) -> Option<LngLat> {
    let c = v.get("coordinates")?;
    Some(LngLat::new(c.get(0)?.as_f64()?, c.get(1)?.as_f64()?))
}

fn point(p: LngLat) -> Value {
    // Six decimals: about 0.1 m, finer than any picker.
    let round = |x: f64| (x * 1e6).round() / 1e6;
    serde_json::json!({ "type": "Point", "coordinates": [round(p.lng), round(p.lat)] })
}

/// The outer and inner rings of a GeoJSON polygon or multipolygon.
fn rings(geometry: &Value) -> Vec<Vec<[f64; 2]>> {
    let ring = |r: &Value| -> Vec<[f64; 2]> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
            .collect()
    };
    let coords = &geometry["coordinates"];
    match geometry["type"].as_str() {
        Some("Polygon") => coords.as_array().into_iter().flatten().map(ring).collect(),
        Some("MultiPolygon") => coords
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|poly| poly.as_array().cloned().unwrap_or_default())
            .map(|r| ring(&r))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads "108.95, 34.27" (or with a space, a Chinese comma or a tab) as longitude and
/// latitude; a pair in the other order (latitude first, as some pickers give it) is turned
/// round when only that reading lies in China.
pub fn parse_pair(text: &str) -> Option<LngLat> {
    let parts: Vec<f64> = text
        .split([',', ',', ' ', '\t', ';'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [a, b] = parts[..] else { return None };
    let in_china =
        |lng: f64, lat: f64| (73.0..=136.0).contains(&lng) && (3.0..=54.0).contains(&lat);
    if in_china(a, b) {
        Some(LngLat::new(a, b))
    } else if in_china(b, a) {
        Some(LngLat::new(b, a))
    } else {
        None
    }
}

/// The location field.
#[component]
pub fn LocationField(
    form_draft: RwSignal<Value>,
    path: String,
    input_id: String,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let system = RwSignal::new(Crs::Wgs84);
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static Tr>);
    let p = StoredValue::new(path);
    let current = move || form_draft.with(|d| path::get(d, &p.get_value()).and_then(point_of));
    let shown = move || {
        current()
            .map(|w| {
                let q = system.get().from_wgs84(w);
                format!("{:.6}, {:.6}", q.lng, q.lat)
            })
            .unwrap_or_default()
    };
    let place = move |wgs84: LngLat| {
        form_draft.update(|d| path::set(d, &p.get_value(), point(wgs84)));
    };
    static NOT_A_PAIR: Tr = Tr(
        "请输入“经度, 纬度”,例如 108.95, 34.27(须在中国境内)。",
        "Type “longitude, latitude”, e.g. 108.95, 34.27 (within China).",
    );
    let apply_typed = move || match parse_pair(&typed.get_untracked()) {
        Some(q) => {
            problem.set(None);
            place(system.get_untracked().to_wgs84(q));
            typed.set(String::new());
        }
        None => problem.set(Some(&NOT_A_PAIR)),
    };
    // The park around it, for facilities: its boundary drawn as the map's base (not a feature:
    // a click inside it places the location).
    let base = RwSignal::new(None::<VectorBase>);
    if let Some(park_id) = form_draft.with_untracked(|d| d["park_id"].as_str().map(str::to_owned)) {
        let lang = ctx.lang.get_untracked();
        spawn_local(async move {
            if let Ok(park) = api::get::<Value>(&format!("parks/{park_id}"), lang).await {
                base.set(Some(VectorBase {
                    outline: rings(&park["boundary"]),
                    lines: Vec::new(),
                    places: Vec::new(),
                    attribution: crate::records::name_of(&park, lang),
                }));
            }
        });
    }
    let start = current().unwrap_or(LngLat::new(108.95, 34.27));
    let view = RwSignal::new(Viewport::new(start, 15.0, 600.0, 320.0));
    let markers = Signal::derive(move || {
        current()
            .map(|position| {
                vec![Marker {
                    id: "here".into(),
                    position,
                    class: "ysc-here draggable".into(),
                    label: Tr("此处", "Here").get(ctx.lang.get()).into(),
                    name: None,
                }]
            })
            .unwrap_or_default()
    });
    let home = Signal::derive(move || {
        let around = current().unwrap_or(start);
        let d = 0.004;
        Some((
            LngLat::new(around.lng - d, around.lat - d),
            LngLat::new(around.lng + d, around.lat + d),
        ))
    });
    let labels = Signal::derive(move || {
        let lang = ctx.lang.get();
        MapLabels {
            map: Tr(
                "位置地图:点击地图即把位置放在该处",
                "Location map: click to put the location there",
            )
            .get(lang)
            .into(),
            role: Tr("地图", "map").get(lang).into(),
            keyboard_hint: Tr("方向键平移,+ 和 - 缩放。", "Arrow keys pan, + and - zoom.")
                .get(lang)
                .into(),
            ..MapLabels::default()
        }
    });
    let error_id = format!("{input_id}-error");
    let described = error_id.clone();
    view! {
        <fieldset class="ysc-group ysc-location">
            <legend>{t(Tr("位置", "Location"))}</legend>
            <p class="ysc-muted" aria-live="polite">{move || {
                let lang = ctx.lang.get();
                current().map(|w| format!("{}{:.6}, {:.6}", Tr("已存(WGS-84):", "Stored (WGS-84): ").get(lang), w.lng, w.lat)).unwrap_or_default()
            }}</p>
            <div class="ysc-field">
                <label for=format!("{input_id}-crs")>{t(Tr("坐标系", "Coordinate system"))}</label>
                <select id=format!("{input_id}-crs") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((c, _, _)) = SYSTEMS.iter().find(|(_, code, _)| *code == v) { system.set(*c); }
                }>
                    {SYSTEMS.iter().map(|(c, code, name)| {
                        let c = *c;
                        view! { <option value=*code selected=move || system.get() == c>{t(*name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="ysc-field">
                <label for=input_id.clone()>{t(Tr("经度, 纬度(可直接粘贴)", "Longitude, latitude (paste as it comes)"))}</label>
                <input id=input_id type="text" inputmode="decimal" aria-describedby=described
                    placeholder=shown
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); apply_typed(); } />
            </div>
            <button type="button" on:click=move |_| apply_typed()>{t(Tr("使用这组坐标", "Use these coordinates"))}</button>
            {move || problem.get().map(|m| view! { <p class="ysc-field-error" role="alert">{t(*m)}</p> })}
            {move || error().map(|m| view! { <p class="ysc-field-error" id=error_id.clone()>{m}</p> })}
            <div class="ysc-location-map">
                <Map view=view markers=markers labels=labels base=base home=home on_click=Callback::new(move |at: LngLat| place(at))
                    on_drag=Callback::new(move |(_, at): (String, LngLat)| place(at)) />
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_pair_reads_either_way_round_and_nonsense_is_refused() {
        let p = parse_pair("108.95, 34.27").expect("pair");
        assert_eq!((p.lng, p.lat), (108.95, 34.27));
        let q = parse_pair("34.27,108.95").expect("latitude first");
        assert_eq!((q.lng, q.lat), (108.95, 34.27));
        assert!(parse_pair("108.95,34.27").is_some());
        assert!(parse_pair("108.95").is_none());
        assert!(parse_pair("0, 0").is_none());
        assert!(parse_pair("abc, 34").is_none());
    }
}
