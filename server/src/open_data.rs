//! The published catalog as open data, for anyone: `GET /api/export/{collection}.csv` and
//! `.xlsx` (one row a record, nested fields flattened to `name.zh`, lists joined with `; `,
//! geometry as GeoJSON text), and `GET /api/export/catalog.geojson` (RFC 7946: parks as their
//! boundary polygons, facilities and transport hubs as points, every other field a property).

use crate::AppState;
use crate::editor::COLLECTIONS;
use crate::error::{ApiError, requested_lang};
use crate::export::Sheet;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// `GET /api/export/{file}`.
pub async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = requested_lang(&headers).unwrap_or_default();
    let published = state.catalog.current();
    let doc = serde_json::to_value(&published.catalog).map_err(|e| ApiError::internal(e, lang))?;
    if file == "catalog.geojson" {
        let mut r = axum::Json(geojson(&doc)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/geo+json"),
        );
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return Ok(r);
    }
    let (stem, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| ApiError::no_such_endpoint(lang))?;
    let (Some(collection), Some(sheet)) = (
        COLLECTIONS.iter().find(|c| **c == stem),
        Sheet::from_extension(ext),
    ) else {
        return Err(ApiError::no_such_endpoint(lang));
    };
    let records = doc[*collection].as_array().cloned().unwrap_or_default();
    let (headings, rows) = table(&records);
    let body = sheet
        .write(collection, &headings, &rows)
        .map_err(|e| ApiError::internal(e, lang))?;
    Ok(sheet.attachment(body, collection, "no-cache"))
}

/// Records as a table: the union of their flattened fields (in first-seen order) and one row
/// each.
pub fn table(records: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let flat: Vec<Vec<(String, String)>> = records.iter().map(flatten_record).collect();
    let mut headings: Vec<String> = Vec::new();
    for r in &flat {
        for (k, _) in r {
            if !headings.contains(k) {
                headings.push(k.clone());
            }
        }
    }
    let rows = flat
        .iter()
        .map(|r| {
            headings
                .iter()
                .map(|h| {
                    r.iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    (headings, rows)
}

/// One record's fields as `(dotted name, text)`, as [`table`] writes them.
pub fn flatten_record(record: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    flatten("", record, &mut out);
    out
}

/// `value`'s fields as `(dotted name, text)`: objects opened (`name.zh`), a list of plain
/// values joined with `; `, a geometry or a list of objects kept as JSON text.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let is_geometry = value.get("type").is_some() && value.get("coordinates").is_some();
    match value {
        Value::Object(map) if !is_geometry => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let joined = items.iter().map(plain).collect::<Vec<_>>().join("; ");
            out.push((prefix.to_owned(), joined));
        }
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::Object(_) | Value::Array(_) => out.push((prefix.to_owned(), value.to_string())),
        _ => out.push((prefix.to_owned(), plain(value))),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The catalog document as a GeoJSON FeatureCollection.
pub fn geojson(doc: &Value) -> Value {
    let mut features = Vec::new();
    for (collection, kind, geometry_field) in [
        ("parks", "park", "boundary"),
        ("facilities", "facility", "location"),
        ("transport_hubs", "transport_hub", "location"),
    ] {
        for record in doc[collection].as_array().into_iter().flatten() {
            let Some(map) = record.as_object() else {
                continue;
            };
            let mut properties: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| *k != geometry_field)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            properties.insert("feature_kind".into(), Value::String(kind.into()));
            features.push(serde_json::json!({
                "type": "Feature",
                "id": map.get("id").cloned().unwrap_or(Value::Null),
                "geometry": map.get(geometry_field).cloned().unwrap_or(Value::Null),
                "properties": properties,
            }));
        }
    }
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}
