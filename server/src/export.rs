//! The inbox as a spreadsheet for the service centre's reports: `GET
//! /api/admin/requests.csv` and `GET /api/admin/requests.xlsx`, with the list's filters and
//! scope, headed in the staff member's language. The CSV starts with a UTF-8 byte-order mark so
//! that spreadsheet programs read its Chinese text as such.

use crate::AppState;
use crate::assistance::Stored;
use crate::auth::Staff;
use crate::error::ApiError;
use crate::inbox::{InboxQuery, select};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use ysmap_model::{Catalog, Lang};

/// The columns, in both languages.
const HEADINGS: [(&str, &str); 14] = [
    ("受理编号", "Tracking code"),
    ("企业名称", "Company"),
    ("联系人", "Contact"),
    ("联系电话", "Phone"),
    ("状态", "Status"),
    ("提交时间", "Received"),
    ("意向园区", "Parks"),
    ("服务事项", "Services"),
    ("经办人", "Assignee"),
    ("承诺时限", "Due"),
    ("是否超时", "Overdue"),
    ("督办", "Escalated"),
    ("评价", "Rating"),
    ("评价说明", "Comment"),
];

/// One request as a row of text.
fn row(r: &Stored, catalog: &Catalog, lang: Lang) -> Vec<String> {
    let now = Utc::now();
    let sep = if lang == Lang::Zh { "、" } else { "; " };
    let yes_no = |b: bool| {
        lang.pick(if b { ("是", "yes") } else { ("否", "no") })
            .to_owned()
    };
    let time = |t: chrono::DateTime<Utc>| {
        ysmap_model::clock::county_time(t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    vec![
        r.tracking_code.clone(),
        r.company.clone(),
        r.request.contact_name.clone(),
        r.request.phone.clone(),
        r.status.name(lang).to_owned(),
        time(r.created_at),
        r.park_ids
            .iter()
            .map(|id| {
                catalog
                    .park(id)
                    .map_or(id.clone(), |p| p.name.get(lang).to_owned())
            })
            .collect::<Vec<_>>()
            .join(sep),
        r.services
            .iter()
            .map(|s| s.name(lang))
            .collect::<Vec<_>>()
            .join(sep),
        r.assignee
            .as_ref()
            .map(|(u, _, _)| u.clone())
            .unwrap_or_default(),
        ysmap_model::clock::iso_date(ysmap_model::clock::county_date(r.due_at)),
        yes_no(r.overdue(now)),
        yes_no(r.complained_at.is_some()),
        r.rating
            .as_ref()
            .map(|x| x.stars.to_string())
            .unwrap_or_default(),
        r.rating
            .as_ref()
            .map(|x| x.comment.clone())
            .unwrap_or_default(),
    ]
}

/// A table as a spreadsheet file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// CSV in UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese as such).
    Csv,
    /// An Excel workbook, bold frozen headings.
    Xlsx,
}

impl Sheet {
    /// The sheet for a file extension.
    pub fn from_extension(ext: &str) -> Option<Sheet> {
        match ext {
            "csv" => Some(Sheet::Csv),
            "xlsx" => Some(Sheet::Xlsx),
            _ => None,
        }
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Sheet::Csv => "csv",
            Sheet::Xlsx => "xlsx",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Sheet::Csv => "text/csv; charset=utf-8",
            Sheet::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// `headings` and `rows` in this format.
    pub fn write(
        self,
        name: &str,
        headings: &[String],
        rows: &[Vec<String>],
    ) -> anyhow::Result<Vec<u8>> {
        match self {
            Sheet::Csv => {
                let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
                out.write_record(headings)?;
                for r in rows {
                    out.write_record(r)?;
                }
                Ok(out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
            }
            Sheet::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet();
                sheet.set_name(name)?;
                let bold = rust_xlsxwriter::Format::new().set_bold();
                for (c, h) in headings.iter().enumerate() {
                    let c = u16::try_from(c)?;
                    sheet.write_string_with_format(0, c, h, &bold)?;
                    sheet.set_column_width(c, 16)?;
                }
                for (i, r) in rows.iter().enumerate() {
                    let line = u32::try_from(i + 1)?;
                    for (c, value) in r.iter().enumerate() {
                        sheet.write_string(line, u16::try_from(c)?, value)?;
                    }
                }
                sheet.set_freeze_panes(1, 0)?;
                Ok(book.save_to_buffer()?)
            }
        }
    }

    /// The file as a download named `{stem}.{extension}`, with `cache`.
    pub fn attachment(self, body: Vec<u8>, stem: &str, cache: &'static str) -> Response {
        let mut r = body.into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.media_type()),
        );
        if let Ok(v) = HeaderValue::from_str(&format!(
            "attachment; filename=\"{stem}.{}\"",
            self.extension()
        )) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        r
    }
}

/// The requests in `sheet` format.
async fn requests(
    state: AppState,
    staff: Staff,
    query: InboxQuery,
    sheet: Sheet,
) -> Result<Response, ApiError> {
    let lang = staff.lang;
    let found = select(&state, &staff, &query).await?;
    let published = state.catalog.current();
    let headings: Vec<String> = HEADINGS.iter().map(|h| lang.pick(*h).to_owned()).collect();
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|r| row(r, &published.catalog, lang))
        .collect();
    let body = sheet
        .write(lang.pick(("帮办代办申请", "Requests")), &headings, &rows)
        .map_err(|e| ApiError::internal(e, lang))?;
    let day = ysmap_model::clock::iso_date(ysmap_model::clock::county_date(Utc::now()));
    // Personal data: not for shared caches, nor kept by the browser.
    Ok(sheet.attachment(body, &format!("requests-{day}"), "no-store"))
}

/// `GET /api/admin/requests.csv`.
pub async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<InboxQuery>,
) -> Result<Response, ApiError> {
    requests(state, staff, query, Sheet::Csv).await
}

/// `GET /api/admin/requests.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<InboxQuery>,
) -> Result<Response, ApiError> {
    requests(state, staff, query, Sheet::Xlsx).await
}
