//! The API's OpenAPI 3.1 document, `GET /api/openapi.json`. Nothing in it is written apart from
//! the code it describes: its paths and methods are the routers' tables (every route the
//! server answers, and only those: a test walks both ways), its schemas are derived from the
//! model's and the handlers' types by utoipa, and its query parameters from the handlers'
//! query types. What is written here is what each operation is for, and which types go in and
//! out.

use crate::RouteTable;
use axum::http::Method;
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, Ref, RefOr, Required, ResponseBuilder, ResponsesBuilder, Schema,
};
use utoipa::{IntoParams, PartialSchema};
use ysmap_model::catalog::{
    BaseLayer, Catalog, CatalogMeta, Facility, Industry, Park, Policy, RegionsPart, TransportHub,
};
use ysmap_model::import::ImportReport;
use ysmap_model::overview::Overview;
use ysmap_model::request::{AssistanceRequest, InvestorAction, Receipt, RequestView};
use ysmap_model::staff::{
    AccountChange, Accounts, AssignBody, Helpers, Inbox, InboxDetail, NewAccount, PasswordChange,
    PasswordReset, ProposalBody, Session, SignIn, StatusBody, TextBody,
};
use ysmap_model::validation::ErrorBody;

/// Every schema the operations name, with the ones they are made of.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "营商地图 · Investment Navigation Map API",
        description = "The public API (the catalog, open data, assistance requests and their tracking) and the staff API (`/api/admin/…`, same origin only, signed in with a session cookie; every change also sends the session's `X-CSRF-Token`). JSON in snake_case. Every error answer is `{\"errors\": [{\"field\", \"code\", \"message\"}]}`, its messages in the language of `Accept-Language` (Chinese unless English is asked for).",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(
        Catalog,
        CatalogMeta,
        BaseLayer,
        RegionsPart,
        Park,
        Facility,
        Industry,
        Policy,
        TransportHub,
        AssistanceRequest,
        Receipt,
        RequestView,
        InvestorAction,
        ErrorBody,
        SignIn,
        Session,
        PasswordChange,
        Accounts,
        NewAccount,
        AccountChange,
        PasswordReset,
        Inbox,
        InboxDetail,
        StatusBody,
        AssignBody,
        TextBody,
        ProposalBody,
        Helpers,
        Overview,
        ImportReport,
        crate::editor::Records,
        crate::editor::History,
        crate::editor::Restore,
        crate::editor::Deleted,
        crate::freshness::Confirm,
        crate::freshness::Confirmed,
        crate::photos::Uploaded,
        crate::requests::InvestorVerb,
        crate::inbox::Sort,
        ysmap_model::request::RequestStatus,
        ysmap_model::request::Service,
    ))
)]
struct Schemas;

/// What goes in or comes out of an operation.
#[derive(Clone, Copy)]
enum Body {
    /// Nothing.
    None,
    /// JSON of the named schema.
    Json(&'static str),
    /// JSON: a list of the named schema.
    JsonList(&'static str),
    /// Bytes of these media types, described.
    Raw(&'static [&'static str], &'static str),
}

/// One operation: what it is for, what it takes and answers.
struct Described {
    summary: String,
    tag: &'static str,
    request: Body,
    status: u16,
    answer: Body,
    /// Query parameters, from the handler's query type.
    query: Vec<utoipa::openapi::path::Parameter>,
    /// Extra header parameters (the idempotency key).
    headers: Vec<utoipa::openapi::path::Parameter>,
    /// An example of the request body.
    example: Option<serde_json::Value>,
    /// An example of the answer.
    answer_example: Option<serde_json::Value>,
}

impl Described {
    fn new(tag: &'static str, summary: impl Into<String>, answer: Body) -> Self {
        Described {
            summary: summary.into(),
            tag,
            request: Body::None,
            status: 200,
            answer,
            query: Vec::new(),
            headers: Vec::new(),
            example: None,
            answer_example: None,
        }
    }

    fn taking(mut self, request: Body) -> Self {
        self.request = request;
        self
    }

    fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    fn query<P: IntoParams>(mut self) -> Self {
        self.query = P::into_params(|| Some(ParameterIn::Query));
        self
    }
}

/// The schema of a collection's records, for the collection's name in a path.
fn record_schema(collection: &str) -> Option<&'static str> {
    Some(match collection {
        "parks" => "Park",
        "facilities" => "Facility",
        "industries" => "Industry",
        "policies" => "Policy",
        "transport_hubs" => "TransportHub",
        _ => return None,
    })
}

/// The schema of a catalog part, for its name in a path.
fn part_schema(name: &str) -> Option<&'static str> {
    Some(match name {
        "meta" => "CatalogMeta",
        "base_layer" => "BaseLayer",
        "regions" => "RegionsPart",
        _ => return None,
    })
}

const SHEETS: &[&str] = &[
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

/// What the operation `method path` (a route as the router has it) is, or `None` for a route
/// this module does not know (the tests fail then).
fn describe(method: &Method, path: &str) -> Option<Described> {
    use Body::{Json, JsonList, None as Nothing, Raw};
    const PUBLIC: &str = "public";
    const STAFF: &str = "staff";
    const EDITOR: &str = "catalog editing";
    let segments: Vec<&str> = path.strip_prefix("/api/")?.split('/').collect();
    let m = method.as_str();
    let d = match (m, segments.as_slice()) {
        ("GET", ["openapi.json"]) => Described::new(
            PUBLIC,
            "This document",
            Raw(&["application/json"], "OpenAPI 3.1"),
        ),
        ("GET", ["catalog"]) => Described::new(
            PUBLIC,
            "The published catalog (a county's alone with `region`); weak ETag, 304 on If-None-Match, gzip",
            Json("Catalog"),
        )
        .query::<crate::catalog::RegionQuery>(),
        ("GET", ["catalog.postcard"]) => Described::new(
            PUBLIC,
            "The same catalog in the app's compact encoding (private to one build of the app and server)",
            Raw(&["application/octet-stream"], "a schema line, then postcard"),
        )
        .query::<crate::catalog::RegionQuery>(),
        ("POST", ["requests"]) => {
            let mut d = Described::new(
                PUBLIC,
                "Submit an assistance request (帮办代办); the same key and body again answer the same receipt and write nothing",
                Json("Receipt"),
            )
            .taking(Json("AssistanceRequest"))
            .status(201);
            // The README's example.
            d.example = Some(serde_json::json!({
                "company": "示例精密机械有限公司", "contact_name": "陈经理", "phone": "139 1234 5678",
                "email": "", "industry_id": "ind-general-equipment", "industry_other": "",
                "planned_start": "within6_months", "planned_investment_10k_yuan": 8000,
                "space": {"kind": "factory", "area_m2": 5000, "floor_height_m": 9,
                          "floor_load_t_per_m2": 3, "power_kva": 800, "crane_t": 10,
                          "needs_eia": true, "needs_sewage_discharge": false},
                "park_ids": ["park-industrial"], "facility_ids": [], "services": ["site_selection"],
                "message": "", "consent": true, "lang": "zh"
            }));
            d.answer_example =
                Some(serde_json::json!({"tracking_code": "YS-7K3M-9Q2X", "status": "submitted"}));
            d.headers.push(
                ParameterBuilder::new()
                    .name("Idempotency-Key")
                    .parameter_in(ParameterIn::Header)
                    .required(Required::True)
                    .description(Some("A new value (such as a UUID) for each request, the same on every retry of it. The same key with another body is 409."))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String).max_length(Some(200))))
                    .build(),
            );
            d
        }
        ("GET", ["requests", "{code}"]) => Described::new(
            PUBLIC,
            "A request's status and history, when the phone's last four digits match (else 404, alike whichever part was wrong)",
            Json("RequestView"),
        )
        .query::<crate::requests::LookupQuery>(),
        ("POST", ["requests", "{code}", "{verb}"]) => {
            let mut d = Described::new(
                PUBLIC,
                "The investor rates, complains about, withdraws or erases their request (`verb`: rating, complaint, withdraw, erase)",
                Json("RequestView"),
            )
            .taking(Json("InvestorAction"));
            // The README's example.
            d.example = Some(serde_json::json!({"phone_last4": "5678", "stars": 5, "text": "…"}));
            d
        }
        ("GET", ["export", "{file}"]) => Described::new(
            PUBLIC,
            "Open data: `{collection}.csv`, `{collection}.xlsx` or `catalog.geojson`",
            Raw(
                &[
                    "text/csv",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/geo+json",
                ],
                "the published catalog",
            ),
        ),
        ("GET", ["photos", "{id}", "{file}"]) => Described::new(
            PUBLIC,
            "A photo (`display.jpg` or `thumb.jpg`), cached for a year",
            Raw(&["image/jpeg"], "JPEG"),
        ),
        ("POST", ["admin", "session"]) => {
            Described::new(STAFF, "Sign in: sets the session cookie", Json("Session"))
                .taking(Json("SignIn"))
        }
        ("GET", ["admin", "session"]) => {
            Described::new(STAFF, "The signed-in account", Json("Session"))
        }
        ("DELETE", ["admin", "session"]) => Described::new(STAFF, "Sign out", Nothing).status(204),
        ("PUT", ["admin", "password"]) => {
            Described::new(STAFF, "Change one's own password", Nothing)
                .taking(Json("PasswordChange"))
                .status(204)
        }
        ("GET", ["admin", "helpers"]) => Described::new(
            STAFF,
            "Who may be assigned requests",
            Json("Helpers"),
        ),
        ("GET", ["admin", "staff"]) => {
            Described::new(STAFF, "Accounts (administrators)", Json("Accounts"))
        }
        ("POST", ["admin", "staff"]) => {
            Described::new(STAFF, "Create an account (administrators)", Json("Accounts"))
                .taking(Json("NewAccount"))
                .status(201)
        }
        ("PUT", ["admin", "staff", "{username}"]) => Described::new(
            STAFF,
            "Change an account's role, parks, county, names, or disable it",
            Json("Accounts"),
        )
        .taking(Json("AccountChange")),
        ("POST", ["admin", "staff", "{username}", "password"]) => Described::new(
            STAFF,
            "Give an account a temporary password",
            Nothing,
        )
        .taking(Json("PasswordReset"))
        .status(204),
        ("GET", ["admin", "requests"]) => Described::new(
            STAFF,
            "The inbox: requests in the account's scope",
            Json("Inbox"),
        )
        .query::<crate::inbox::InboxQuery>(),
        ("GET", ["admin", file @ ("requests.csv" | "requests.xlsx")]) => Described::new(
            STAFF,
            format!("The inbox as {}", file.rsplit('.').next().unwrap_or_default()),
            Raw(SHEETS, "one row a request"),
        )
        .query::<crate::inbox::InboxQuery>(),
        ("GET", ["admin", "requests", "{code}"]) => Described::new(
            STAFF,
            "One request with its events",
            Json("InboxDetail"),
        ),
        ("POST", ["admin", "requests", "{code}", what]) => {
            let (summary, body) = match *what {
                "status" => ("Move a request on (its version must be current)", "StatusBody"),
                "assignee" => ("Assign a request", "AssignBody"),
                "notes" => ("Add an internal note", "TextBody"),
                "messages" => ("Send the investor a message", "TextBody"),
                _ => return None,
            };
            Described::new(STAFF, summary, Json("InboxDetail")).taking(Json(body))
        }
        ("PUT", ["admin", "requests", "{code}", "proposal"]) => Described::new(
            STAFF,
            "Propose facilities and policies to the investor",
            Json("InboxDetail"),
        )
        .taking(Json("ProposalBody")),
        ("GET", ["admin", "overview"]) => Described::new(
            EDITOR,
            "The start page: the account's parks, what is due to be confirmed, open requests",
            Json("Overview"),
        ),
        ("POST", ["admin", "photos"]) => Described::new(
            EDITOR,
            "Upload a photo (JPEG, PNG or WebP); it is re-encoded without metadata",
            Json("Uploaded"),
        )
        .taking(Raw(&["image/jpeg", "image/png", "image/webp"], "the image"))
        .status(201),
        ("POST", ["admin", "import", "boundaries"]) => Described::new(
            EDITOR,
            "Park boundaries from GeoJSON: a dry run, or saved with `apply=true`",
            Json("ImportReport"),
        )
        .taking(Raw(&["application/geo+json"], "a FeatureCollection"))
        .query::<crate::import::ImportQuery>(),
        ("POST", ["admin", "import", c]) => Described::new(
            EDITOR,
            format!("Import {c} from a spreadsheet: a dry run, or saved with `apply=true`"),
            Json("ImportReport"),
        )
        .taking(Raw(SHEETS, "the template's columns"))
        .query::<crate::import::ImportQuery>()
        .checked(record_schema(c))?,
        ("GET", ["admin", "import", c, _template]) => Described::new(
            EDITOR,
            format!("The import template of {c}"),
            Raw(SHEETS, "headings and an example row"),
        )
        .checked(record_schema(c))?,
        ("GET", ["admin", "export", file]) => {
            let collection = file.split('.').next().unwrap_or_default();
            Described::new(
                EDITOR,
                format!("The account's {collection} as a spreadsheet, drafts included"),
                Raw(SHEETS, "one row a record"),
            )
            .checked(record_schema(collection))?
        }
        ("GET", ["admin", "parts", name]) => Described::new(
            EDITOR,
            format!("The catalog's `{name}` (city administrators)"),
            Json(part_schema(name)?),
        ),
        ("PUT", ["admin", "parts", name]) => Described::new(
            EDITOR,
            format!("Replace the catalog's `{name}` (checked, published at once)"),
            Json(part_schema(name)?),
        )
        .taking(Json(part_schema(name)?)),
        ("GET", ["admin", c]) => Described::new(
            EDITOR,
            format!("The account's {c}, drafts included"),
            Json("Records"),
        )
        .checked(record_schema(c))?,
        ("POST", ["admin", c]) => {
            let record = record_schema(c)?;
            Described::new(EDITOR, format!("Add to {c} (checked, published at once)"), Json(record))
                .taking(Json(record))
                .status(201)
        }
        ("GET", ["admin", c, "deleted"]) => Described::new(
            EDITOR,
            format!("Deleted {c}, to restore"),
            JsonList("Deleted"),
        )
        .checked(record_schema(c))?,
        ("POST", ["admin", c, "confirm"]) => Described::new(
            EDITOR,
            format!("Confirm {c} as still true today (最后核实)"),
            Json("Confirmed"),
        )
        .taking(Json("Confirm"))
        .checked(record_schema(c))?,
        ("GET", ["admin", c, "{id}"]) => {
            let record = record_schema(c)?;
            Described::new(EDITOR, format!("One of {c}"), Json(record))
        }
        ("PUT", ["admin", c, "{id}"]) => {
            let record = record_schema(c)?;
            Described::new(
                EDITOR,
                format!("Change one of {c} (checked, published at once)"),
                Json(record),
            )
            .taking(Json(record))
        }
        ("DELETE", ["admin", c, "{id}"]) => Described::new(
            EDITOR,
            format!("Delete one of {c} (kept in its history; an administrator can restore it)"),
            Nothing,
        )
        .status(204)
        .checked(record_schema(c))?,
        ("GET", ["admin", c, "{id}", "history"]) => Described::new(
            EDITOR,
            format!("Every change to one of {c}, newest first"),
            Json("History"),
        )
        .checked(record_schema(c))?,
        ("POST", ["admin", c, "{id}", "restore"]) => {
            let record = record_schema(c)?;
            Described::new(EDITOR, format!("Bring back a version of one of {c}"), Json(record))
                .taking(Json("Restore"))
        }
        _ => return None,
    };
    Some(d)
}

impl Described {
    /// `Some(self)` when the path's collection is known.
    fn checked(self, known: Option<&'static str>) -> Option<Self> {
        known.map(|_| self)
    }
}

fn reference(schema: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(schema))
}

fn content(body: Body) -> Vec<(String, utoipa::openapi::Content)> {
    match body {
        Body::None => Vec::new(),
        Body::Json(schema) => vec![(
            "application/json".to_owned(),
            ContentBuilder::new()
                .schema(Some(reference(schema)))
                .build(),
        )],
        Body::JsonList(schema) => vec![(
            "application/json".to_owned(),
            ContentBuilder::new()
                .schema(Some(
                    utoipa::openapi::schema::ArrayBuilder::new().items(reference(schema)),
                ))
                .build(),
        )],
        Body::Raw(types, what) => types
            .iter()
            .map(|t| {
                (
                    (*t).to_owned(),
                    ContentBuilder::new()
                        .schema(Some(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .content_media_type(*t)
                                .description(Some(what)),
                        ))
                        .build(),
                )
            })
            .collect(),
    }
}

/// The operation for `method path`, in the document's terms.
fn operation(method: &Method, path: &str, d: Described, staff: bool) -> Operation {
    let mut parameters: Vec<_> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(if name == "verb" {
                    reference("InvestorVerb")
                } else {
                    ObjectBuilder::new().schema_type(Type::String).into()
                }))
                .build()
        })
        .chain(d.query)
        .chain(d.headers)
        .collect();
    if staff && *method != Method::GET && path != "/api/admin/session" {
        parameters.push(
            ParameterBuilder::new()
                .name("X-CSRF-Token")
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(
                    "The session's CSRF token (`csrf_token` of the sign-in answer).",
                ))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .build(),
        );
    }
    let mut ok = ResponseBuilder::new().description(match d.status {
        201 => "Created",
        204 => "Done",
        _ => "OK",
    });
    for (media, mut c) in content(d.answer) {
        c.example = d.answer_example.clone();
        ok = ok.content(media, c);
    }
    let mut responses = ResponsesBuilder::new()
        .response(d.status.to_string(), ok)
        .response("default", RefOr::Ref(Ref::from_response_name("Error")));
    if path.starts_with("/api/catalog") {
        responses = responses.response(
            "304",
            ResponseBuilder::new()
                .description("Not modified: the client's copy (If-None-Match) is current"),
        );
    }
    let mut op = OperationBuilder::new()
        .summary(Some(d.summary))
        .tag(d.tag)
        .parameters(Some(parameters))
        .responses(responses);
    if !matches!(d.request, Body::None) {
        let mut body = RequestBodyBuilder::new().required(Some(Required::True));
        for (media, mut c) in content(d.request) {
            c.example = d.example.clone();
            body = body.content(media, c);
        }
        op = op.request_body(Some(body.build()));
    }
    let signing_in = path == "/api/admin/session" && *method == Method::POST;
    if staff && !signing_in {
        op = op.security(SecurityRequirement::new("session", Vec::<String>::new()));
    }
    op.build()
}

fn http_method(method: &Method) -> Option<HttpMethod> {
    Some(match *method {
        Method::GET => HttpMethod::Get,
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::DELETE => HttpMethod::Delete,
        Method::PATCH => HttpMethod::Patch,
        _ => return None,
    })
}

/// The routes the document covers that it does not describe: empty, or a test fails.
pub fn undescribed(public: &RouteTable, staff: &RouteTable) -> Vec<String> {
    public
        .routes
        .iter()
        .chain(&staff.routes)
        .filter(|(m, p)| http_method(m).is_none() || describe(m, p).is_none())
        .map(|(m, p)| format!("{m} {p}"))
        .collect()
}

/// The document for these routers.
pub fn document(public: &RouteTable, staff: &RouteTable) -> utoipa::openapi::OpenApi {
    let mut doc = Schemas::openapi();
    let mut paths = utoipa::openapi::path::PathsBuilder::new();
    for (table, is_staff) in [(public, false), (staff, true)] {
        for (method, path) in &table.routes {
            let (Some(http), Some(d)) = (http_method(method), describe(method, path)) else {
                continue;
            };
            paths = paths.path(
                path.clone(),
                PathItem::new(http, operation(method, path, d, is_staff)),
            );
        }
    }
    doc.paths = paths.build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.security_schemes.insert(
        "session".to_owned(),
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            "ysmap_session",
            "The staff session, set by POST /api/admin/session (HttpOnly, SameSite=Strict).",
        ))),
    );
    components.responses.insert(
        "Error".to_owned(),
        RefOr::T(
            ResponseBuilder::new()
                .description("An error: every problem listed, in the language asked for")
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(ErrorBody::schema()))
                        .example(Some(serde_json::json!({"errors": [
                            {"field": "phone", "code": "invalid_phone", "message": "请填写有效的手机号或带区号的固话。"}
                        ]})))
                        .build(),
                )
                .build(),
        ),
    );
    doc
}

/// The document as JSON, made once.
pub static JSON: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let doc = document(&crate::public_routes(), &crate::staff_routes());
    serde_json::to_vec(&doc).unwrap_or_default()
});

/// `GET /api/openapi.json`.
pub async fn serve() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/json"),
            (axum::http::header::CACHE_CONTROL, "no-cache"),
        ],
        JSON.as_slice(),
    )
        .into_response()
}
