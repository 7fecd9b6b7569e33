//! Bulk import and the staff export (DESIGN.md, "Staff API contract"):
//!
//! - `POST /api/admin/import/{collection}` with a CSV or XLSX file as the body (`?apply=true`
//!   to save): a dry run by default, answering what would be added, changed and refused, row
//!   by row and field by field, in the staff member's language ([`ImportReport`]). Applying is
//!   all or nothing, through the same checks as every other save (shape, scope, the whole
//!   catalog's consistency) and recorded in each record's history as `imported`.
//! - `POST /api/admin/import/boundaries`: parks' boundaries from a GeoJSON FeatureCollection
//!   (each feature's `id`, or its `properties.id`, names the park); facilities that would fall
//!   outside are named.
//! - `GET /api/admin/import/{collection}/template.csv|.xlsx`: the columns, with one of the
//!   account's records as an example.
//! - `GET /api/admin/export/{collection}.csv|.xlsx`: the records in the account's scope,
//!   drafts included.
//!
//! The columns are the open-data export's (`open_data::table`): nested fields as `name.zh`,
//! lists joined with `; `, geometry and lists of objects as JSON text. A file may hold only
//! some columns (`id` and `rent_yuan_per_m2_month` to update rents): the others keep their
//! values. Export then import changes nothing: a cell equal to the record's is not touched.

use crate::AppState;
use crate::auth::Staff;
use crate::editor::{
    COLLECTIONS, Change, Edit, apply, check_catalog, in_scope, records_of, save_all, stored_records,
};
use crate::error::ApiError;
use crate::export::Sheet;
use crate::open_data::{flatten_record, table};
use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use ysmap_model::import::{ImportReport, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, RowChange, RowProblem};
use ysmap_model::staff::Role;
use ysmap_model::validation::ErrorCode;
use ysmap_model::{Lang, Text};

/// The largest total an XLSX file may unpack to (a decompression bomb is refused before it is
/// read).
const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;

/// `?apply=true` saves; anything else is a dry run.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ImportQuery {
    /// Save the changes (when nothing is refused).
    pub apply: bool,
}

/// A file's cells as text: its headings and its data rows with their row numbers.
#[derive(Debug, Default)]
struct Table {
    headings: Vec<String>,
    rows: Vec<(u32, Vec<String>)>,
}

fn refuse(lang: Lang, zh: impl Into<String>, en: impl Into<String>) -> ApiError {
    ApiError::single(
        StatusCode::UNPROCESSABLE_ENTITY,
        "file",
        ErrorCode::InvalidValue,
        Text::new(zh, en),
        lang,
    )
}

/// The body, at most [`MAX_IMPORT_BYTES`]; a larger one is refused in the staff member's
/// language.
async fn read_body(body: Body, lang: Lang) -> Result<Vec<u8>, ApiError> {
    axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| {
            let mb = MAX_IMPORT_BYTES / 1024 / 1024;
            ApiError::single(
                StatusCode::PAYLOAD_TOO_LARGE,
                "file",
                ErrorCode::TooLong,
                Text::new(
                    format!("文件过大:最大 {mb} MB。请分成几个文件导入。"),
                    format!("The file is too large: at most {mb} MB. Import it in parts."),
                ),
                lang,
            )
        })
}

/// Reads a CSV (UTF-8, with or without a byte-order mark, or GB18030 as Excel saves it in
/// Chinese Windows) or an XLSX workbook's first sheet, by its content, not its name.
fn read_table(bytes: &[u8], lang: Lang) -> Result<Table, ApiError> {
    let cells: Vec<Vec<String>> = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes, lang)?
    } else {
        read_csv(bytes, lang)?
    };
    let mut lines = cells.into_iter().enumerate();
    let Some((_, mut headings)) = lines.next() else {
        return Err(refuse(lang, "文件是空的。", "The file is empty."));
    };
    // A heading is the field's path, maybe followed by its words (`name.zh 名称·中文`, as
    // the staff's spreadsheets write it).
    for h in &mut headings {
        *h = ysmap_model::fields::column_field(h).to_owned();
    }
    while headings.last().is_some_and(String::is_empty) {
        headings.pop();
    }
    let mut seen = HashSet::new();
    for h in &headings {
        if h.is_empty() {
            return Err(refuse(
                lang,
                "标题行有空列名。",
                "The heading row has an empty column name.",
            ));
        }
        if !seen.insert(h.as_str()) {
            return Err(refuse(
                lang,
                format!("标题行中“{h}”出现了两次。"),
                format!("The column “{h}” appears twice in the heading row."),
            ));
        }
    }
    if !headings.iter().any(|h| h == "id") {
        return Err(refuse(
            lang,
            "缺少 id 列:每行须以 id 指明它是哪条记录(可先下载模板)。",
            "There is no id column: each row names its record by id (download the template to start from).",
        ));
    }
    let mut rows = Vec::new();
    for (i, mut row) in lines {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        row.resize(headings.len(), String::new());
        rows.push((u32::try_from(i + 1).unwrap_or(u32::MAX), row));
        if rows.len() > MAX_IMPORT_ROWS {
            return Err(refuse(
                lang,
                format!("行数过多:一次最多 {MAX_IMPORT_ROWS} 行。"),
                format!("Too many rows: at most {MAX_IMPORT_ROWS} at a time."),
            ));
        }
    }
    Ok(Table { headings, rows })
}

fn read_csv(bytes: &[u8], lang: Lang) -> Result<Vec<Vec<String>>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors || text.contains('\0') {
                return Err(refuse(
                    lang,
                    "无法读取:请上传 CSV(UTF-8 或 GBK 编码)或 XLSX 文件。",
                    "Cannot read the file: upload a CSV (UTF-8 or GBK) or an XLSX workbook.",
                ));
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            refuse(
                lang,
                format!("CSV 第 {line} 行无法读取(引号不配对?)。"),
                format!("Line {line} of the CSV cannot be read (unbalanced quotes?)."),
            )
        })?;
        out.push(record.iter().map(str::to_owned).collect());
    }
    Ok(out)
}

fn read_xlsx(bytes: &[u8], lang: Lang) -> Result<Vec<Vec<String>>, ApiError> {
    use calamine::{Data, Reader};
    let unreadable = || {
        refuse(
            lang,
            "无法读取该 XLSX 文件(已损坏或不是 Excel 工作簿)。",
            "The XLSX file cannot be read (damaged, or not an Excel workbook).",
        )
    };
    // What the archive says it unpacks to, before anything is unpacked.
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map(|f| f.size())
            .map_err(|_| unreadable())?;
        unpacked = unpacked.saturating_add(size);
    }
    drop(archive);
    if unpacked > MAX_UNPACKED_BYTES || unpacked > 200 * bytes.len() as u64 {
        return Err(refuse(
            lang,
            "该 XLSX 文件解压后过大,已拒绝。",
            "The XLSX file unpacks to far too much and was refused.",
        ));
    }
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(unreadable)?
        .map_err(|_| unreadable())?;
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::DateTime(t) => match t.as_datetime() {
                Some(dt) if dt.time() == chrono::NaiveTime::MIN => {
                    dt.format("%Y-%m-%d").to_string()
                }
                Some(dt) => dt.and_utc().to_rfc3339(),
                None => d.to_string(),
            },
            other => other.to_string(),
        }
    };
    Ok(range.rows().map(|r| r.iter().map(text).collect()).collect())
}

/// What kind of JSON value a column holds, learnt from the stored records.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Number,
    Bool,
    /// Plain values joined with `; `; `true` when they are numbers.
    List(bool),
    /// JSON text (a geometry, a list of objects).
    Json,
}

fn kind_of(value: &Value) -> Option<Kind> {
    match value {
        Value::String(_) => Some(Kind::Text),
        Value::Number(_) => Some(Kind::Number),
        Value::Bool(_) => Some(Kind::Bool),
        Value::Array(items) => match items.first() {
            None => None,
            Some(Value::Object(_) | Value::Array(_)) => Some(Kind::Json),
            Some(first) => Some(Kind::List(first.is_number())),
        },
        Value::Object(_) => Some(Kind::Json),
        Value::Null => None,
    }
}

/// A cell's text as the JSON value of `kind`; a column of unknown kind is guessed (and told
/// apart by the record's type afterwards).
fn value_of(cell: &str, kind: Option<Kind>) -> Value {
    let cell = cell.trim();
    let number = ysmap_model::fields::number_from_text;
    match kind {
        Some(Kind::Text) => Value::String(cell.to_owned()),
        _ if cell.is_empty() => match kind {
            Some(Kind::List(_)) => Value::Array(Vec::new()),
            _ => Value::Null,
        },
        Some(Kind::Number) => number(cell),
        Some(Kind::Bool) => match cell.to_lowercase().as_str() {
            "true" | "是" | "yes" | "1" => Value::Bool(true),
            "false" | "否" | "no" | "0" => Value::Bool(false),
            _ => Value::String(cell.to_owned()),
        },
        Some(Kind::List(numbers)) => Value::Array(
            cell.split([';', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if numbers {
                        number(s)
                    } else {
                        Value::String(s.to_owned())
                    }
                })
                .collect(),
        ),
        Some(Kind::Json) => {
            serde_json::from_str(cell).unwrap_or_else(|_| Value::String(cell.to_owned()))
        }
        None => {
            if (cell.starts_with('[') || cell.starts_with('{'))
                && let Ok(v) = serde_json::from_str(cell)
            {
                return v;
            }
            match cell {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => number(cell),
            }
        }
    }
}

/// Why `record` is not a record of `collection`: the field and the reason in both languages.
fn shape_problem(collection: &str, record: &Value) -> Option<(String, Text)> {
    fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(v.clone())
            .err()
            .map(|e| (e.path().to_string(), e.inner().to_string()))
    }
    use ysmap_model::catalog as c;
    let (path, detail) = match collection {
        "parks" => parse::<c::Park>(record),
        "facilities" => parse::<c::Facility>(record),
        "industries" => parse::<c::Industry>(record),
        "policies" => parse::<c::Policy>(record),
        _ => parse::<c::TransportHub>(record),
    }?;
    let path = if path == "." { String::new() } else { path };
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    if let Some(rest) = detail.strip_prefix("missing field ") {
        let field = quoted(rest).into_iter().next().unwrap_or_default();
        let full = if path.is_empty() {
            field.clone()
        } else {
            format!("{path}.{field}")
        };
        return Some((
            full.clone(),
            Text::new(
                format!("缺少必填项 {full}。"),
                format!("The required field {full} is missing."),
            ),
        ));
    }
    if detail.starts_with("unknown variant") {
        let names = quoted(&detail);
        let allowed = names.get(1..).unwrap_or_default().join(", ");
        let given = names.first().cloned().unwrap_or_default();
        return Some((
            path,
            Text::new(
                format!("“{given}”不是可选的值;可选:{allowed}。"),
                format!("“{given}” is not one of the allowed values: {allowed}."),
            ),
        ));
    }
    let expected = detail
        .rsplit("expected ")
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let (zh, en) = if expected.contains("f64")
        || expected.contains("integer")
        || expected.contains("u32")
        || expected.contains("u8")
    {
        ("应为数字", "a number is expected")
    } else if expected.contains("date")
        || detail.contains("input contains invalid characters")
        || detail.contains("premature end")
    {
        (
            "应为日期(如 2026-11-26)",
            "a date such as 2026-11-26 is expected",
        )
    } else if expected.contains("bool") {
        (
            "应为 true 或 false(是/否)",
            "true or false (是/否) is expected",
        )
    } else {
        ("格式不正确", "the value is not in the expected form")
    };
    Some((
        path.clone(),
        Text::new(format!("{path}:{zh}。"), format!("{path}: {en}.")),
    ))
}

/// The row of a consistency problem (`facilities[ID].field`) and its field.
fn problem_row(
    at_path: &str,
    collection: &str,
    rows: &HashMap<String, u32>,
) -> (u32, String, String) {
    if let Some(rest) = at_path.strip_prefix(&format!("{collection}["))
        && let Some((id, field)) = rest.split_once(']')
    {
        let row = rows.get(id).copied().unwrap_or(0);
        return (row, id.to_owned(), field.trim_start_matches('.').to_owned());
    }
    (0, String::new(), at_path.to_owned())
}

/// What each row of `file` does to `collection`, checked as a save would check it, with the
/// changes ready to apply.
async fn plan(
    state: &AppState,
    staff: &Staff,
    collection: &'static str,
    file: &Table,
) -> Result<(ImportReport, Vec<Change>), ApiError> {
    let lang = staff.lang;
    let internal = |e: sqlx::Error| ApiError::internal(e, lang);
    let mut records = stored_records(&state.db, collection)
        .await
        .map_err(internal)?;
    let mut report = ImportReport {
        collection: collection.to_owned(),
        rows: u32::try_from(file.rows.len()).unwrap_or(u32::MAX),
        ..ImportReport::default()
    };
    let refuse_row = |report: &mut ImportReport, row: u32, id: &str, field: &str, message: Text| {
        report.refused.push(RowProblem {
            row,
            id: id.to_owned(),
            field: field.to_owned(),
            message: message.get(lang).to_owned(),
        });
    };
    // The columns a record of this collection has, and the kind of value each holds.
    let mut known: HashSet<String> = HashSet::new();
    let mut kinds: HashMap<String, Kind> = HashMap::new();
    for (_, r) in &records {
        for (key, _) in flatten_record(r) {
            if !kinds.contains_key(&key)
                && let Some(k) = ysmap_model::path::get(r, &key).and_then(kind_of)
            {
                kinds.insert(key.clone(), k);
            }
            known.insert(key);
        }
    }
    for h in &file.headings {
        if !known.is_empty() && !known.contains(h) && h != "updated_at" {
            refuse_row(
                &mut report,
                0,
                "",
                h,
                Text::new(
                    format!("没有名为“{h}”的列(列名见模板)。"),
                    format!("There is no column “{h}” (the template lists the columns)."),
                ),
            );
        }
    }
    if !report.refused.is_empty() {
        return Ok((report, Vec::new()));
    }
    let id_column = file.headings.iter().position(|h| h == "id").unwrap_or(0);
    let today = ysmap_model::clock::iso_date(ysmap_model::clock::county_date(chrono::Utc::now()));
    let mut rows_by_id: HashMap<String, u32> = HashMap::new();
    let mut changes = Vec::new();
    for (row, cells) in &file.rows {
        let id = cells[id_column].trim().to_owned();
        if id.is_empty() {
            refuse_row(
                &mut report,
                *row,
                "",
                "id",
                Text::new("这一行没有 id。", "This row has no id."),
            );
            continue;
        }
        if let Some(first) = rows_by_id.insert(id.clone(), *row) {
            refuse_row(
                &mut report,
                *row,
                &id,
                "id",
                Text::new(
                    format!("id“{id}”已在第 {first} 行出现。"),
                    format!("The id “{id}” is on row {first} already."),
                ),
            );
            continue;
        }
        let existing = records
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, r)| r.clone());
        if let Some(e) = &existing
            && !in_scope(staff, collection, e)
        {
            refuse_row(
                &mut report,
                *row,
                &id,
                "",
                Text::new(
                    "这条记录不属于您负责的园区。",
                    "This record is not in your parks.",
                ),
            );
            continue;
        }
        let before: HashMap<String, String> = existing
            .as_ref()
            .map(flatten_record)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let mut record = existing
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()));
        let mut fields = Vec::new();
        for (key, cell) in file.headings.iter().zip(cells) {
            if key == "updated_at" || before.get(key) == Some(cell) {
                continue;
            }
            if existing.is_none() && cell.trim().is_empty() {
                continue;
            }
            ysmap_model::path::set(&mut record, key, value_of(cell, kinds.get(key).copied()));
            fields.push(key.clone());
        }
        if existing.is_some() && fields.is_empty() {
            report.unchanged += 1;
            continue;
        }
        if existing.is_none() {
            // A new record the file does not date is confirmed by the one who imports it.
            if record.get("verified_at").is_none_or(Value::is_null) {
                record["verified_at"] = Value::String(today.clone());
            }
            record["updated_at"] = Value::String(chrono::Utc::now().to_rfc3339());
        }
        if let Some((field, message)) = shape_problem(collection, &record) {
            refuse_row(&mut report, *row, &id, &field, message);
            continue;
        }
        let change = |record| Change {
            edit: Edit::Put(id.clone(), record),
            action: "imported",
            must_exist: None,
        };
        match apply(staff, collection, &mut records, change(record.clone())) {
            Ok(_) => {
                let entry = RowChange {
                    row: *row,
                    id: id.clone(),
                    fields: if existing.is_some() {
                        fields
                    } else {
                        Vec::new()
                    },
                };
                if existing.is_some() {
                    report.changed.push(entry);
                } else {
                    report.added.push(entry);
                }
                changes.push(change(record));
            }
            Err(e) => {
                for fe in e.errors {
                    refuse_row(&mut report, *row, &id, &fe.field, fe.message);
                }
            }
        }
    }
    // The catalog with every accepted row in it must hold together.
    let mut conn = state.db.acquire().await.map_err(internal)?;
    let (_, problems) = check_catalog(&mut conn, collection, &records, lang).await?;
    for p in problems {
        let (row, id, field) = problem_row(&p.at, collection, &rows_by_id);
        refuse_row(
            &mut report,
            row,
            &id,
            if field.is_empty() { &p.at } else { &field },
            p.message,
        );
    }
    report.refused.sort_by_key(|p| p.row);
    Ok((report, changes))
}

/// Runs the plan; applies it when asked and nothing is refused. A refused application is
/// 422 with the report; a dry run is 200 whatever it found.
async fn run(
    state: &AppState,
    staff: &Staff,
    collection: &'static str,
    file: &Table,
    wanted: ImportQuery,
) -> Result<(StatusCode, ImportReport), ApiError> {
    let (mut report, changes) = plan(state, staff, collection, file).await?;
    if wanted.apply && report.can_apply() && !changes.is_empty() {
        save_all(state, staff, collection, changes).await?;
        report.applied = true;
    }
    let status = if wanted.apply && !report.can_apply() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, report))
}

/// `POST /api/admin/import/{collection}`.
async fn import(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    wanted: ImportQuery,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let bytes = read_body(body, lang).await?;
    let file = read_table(&bytes, lang)?;
    let (status, report) = run(&state, &staff, collection, &file, wanted).await?;
    Ok((status, Json(report)).into_response())
}

/// `POST /api/admin/import/boundaries`: a GeoJSON FeatureCollection of park boundaries, read
/// as a table of `id` and `boundary` and planned like any other import into `parks`.
async fn import_boundaries(
    State(state): State<AppState>,
    staff: Staff,
    Query(wanted): Query<ImportQuery>,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    staff.require(&[Role::Admin, Role::Editor])?;
    let bytes = read_body(body, lang).await?;
    let not_geojson = || {
        refuse(
            lang,
            "无法读取:请上传 GeoJSON 要素集合(FeatureCollection),每个要素以 id 或 properties.id 指明园区。",
            "Cannot read the file: upload a GeoJSON FeatureCollection whose features name their park by id or properties.id.",
        )
    };
    let doc: Value = serde_json::from_slice(&bytes).map_err(|_| not_geojson())?;
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .filter(|_| doc["type"] == "FeatureCollection")
        .ok_or_else(not_geojson)?;
    let mut file = Table {
        headings: vec!["id".to_owned(), "boundary".to_owned()],
        rows: Vec::new(),
    };
    for (i, f) in features.iter().enumerate() {
        let id = f
            .get("id")
            .or_else(|| f.get("properties").and_then(|p| p.get("id")))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_default();
        let geometry = f.get("geometry").cloned().unwrap_or(Value::Null);
        file.rows.push((
            u32::try_from(i + 1).unwrap_or(u32::MAX),
            vec![id, geometry.to_string()],
        ));
    }
    let (status, mut report) = run(&state, &staff, "parks", &file, wanted).await?;
    // Told apart from a spreadsheet of parks in the answer.
    report.collection = "boundaries".to_owned();
    Ok((status, Json(report)).into_response())
}

/// A staff spreadsheet named `name`: the columns headed with each field's path and its words
/// in the staff member's language (an import reads the path), never cached.
fn staff_sheet(
    sheet: Sheet,
    staff: &Staff,
    name: &str,
    headings: &[String],
    rows: &[Vec<String>],
) -> Result<Response, ApiError> {
    let worded: Vec<String> = headings
        .iter()
        .map(|h| ysmap_model::fields::column_heading(h, staff.lang))
        .collect();
    let body = sheet
        .write(name, &worded, rows)
        .map_err(|e| ApiError::internal(e, staff.lang))?;
    Ok(sheet.attachment(body, name, "no-store"))
}

/// `GET /api/admin/export/{collection}.csv|.xlsx`: the account's records, drafts included.
async fn staff_export(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    sheet: Sheet,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Admin, Role::Editor])?;
    let mine: Vec<Value> = records_of(&state, &staff, collection)
        .await?
        .into_iter()
        .filter(|r| in_scope(&staff, collection, r))
        .collect();
    let (headings, rows) = table(&mine);
    staff_sheet(sheet, &staff, collection, &headings, &rows)
}

/// `GET /api/admin/import/{collection}/template.csv|.xlsx`: every column, with one of the
/// account's records as the example row.
async fn template(
    state: AppState,
    staff: Staff,
    collection: &'static str,
    sheet: Sheet,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Admin, Role::Editor])?;
    let all = records_of(&state, &staff, collection).await?;
    // The columns of every record (so none is missing), the example from the account's own.
    let (headings, _) = table(&all);
    let example = all.iter().find(|r| in_scope(&staff, collection, r));
    let rows: Vec<Vec<String>> = example
        .map(|r| {
            let flat: HashMap<String, String> = flatten_record(r).into_iter().collect();
            vec![
                headings
                    .iter()
                    .map(|h| flat.get(h).cloned().unwrap_or_default())
                    .collect(),
            ]
        })
        .unwrap_or_default();
    staff_sheet(
        sheet,
        &staff,
        &format!("{collection}-template"),
        &headings,
        &rows,
    )
}

/// The routes added to `table`.
pub fn routes(mut table: crate::RouteTable) -> crate::RouteTable {
    use axum::http::Method;
    table = table.add(
        "/api/admin/import/boundaries",
        &[Method::POST],
        post(import_boundaries),
    );
    for c in COLLECTIONS {
        table = table.add(
            &format!("/api/admin/import/{c}"),
            &[Method::POST],
            post(
                move |State(s): State<AppState>,
                      staff: Staff,
                      Query(q): Query<ImportQuery>,
                      body: Body| { import(s, staff, c, q, body) },
            ),
        );
        for sheet in [Sheet::Csv, Sheet::Xlsx] {
            let ext = sheet.extension();
            table = table
                .add(
                    &format!("/api/admin/import/{c}/template.{ext}"),
                    &[Method::GET],
                    get(move |State(s): State<AppState>, staff: Staff| {
                        template(s, staff, c, sheet)
                    }),
                )
                .add(
                    &format!("/api/admin/export/{c}.{ext}"),
                    &[Method::GET],
                    get(move |State(s): State<AppState>, staff: Staff| {
                        staff_export(s, staff, c, sheet)
                    }),
                );
        }
    }
    table
}
