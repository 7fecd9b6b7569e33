//! The API's error answers: a status and `{"errors": [{"field", "code", "message"}]}` with each
//! message in the language the client asked for (`Accept-Language`).

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ysmap_model::validation::{ErrorBody, ErrorCode, FieldError};
use ysmap_model::{Lang, Text};

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, field by field.
    pub errors: Vec<FieldError>,
    /// The language to answer in.
    pub lang: Lang,
    /// Seconds for a `Retry-After` header (rate limits, lockouts).
    pub retry_after: Option<i64>,
}

impl ApiError {
    /// An answer with these errors.
    pub fn new(status: StatusCode, errors: Vec<FieldError>, lang: Lang) -> Self {
        ApiError {
            status,
            errors,
            lang,
            retry_after: None,
        }
    }

    /// One error not tied to a body field.
    pub fn single(
        status: StatusCode,
        field: &str,
        code: ErrorCode,
        message: Text,
        lang: Lang,
    ) -> Self {
        ApiError::new(status, vec![FieldError::new(field, code, message)], lang)
    }

    /// The error with a `Retry-After` of `seconds`.
    pub fn retry_after(mut self, seconds: i64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 422 for one field, in both languages.
    pub fn invalid(
        field: &str,
        code: ErrorCode,
        zh: impl Into<String>,
        en: impl Into<String>,
        lang: Lang,
    ) -> Self {
        ApiError::single(
            StatusCode::UNPROCESSABLE_ENTITY,
            field,
            code,
            Text::new(zh, en),
            lang,
        )
    }

    /// 404 that does not say which part of a lookup was wrong.
    pub fn request_not_found(lang: Lang) -> Self {
        ApiError::single(
            StatusCode::NOT_FOUND,
            "",
            ErrorCode::NotFound,
            Text::new(
                "未找到该申请:请核对受理编号和手机号后四位。",
                "No request matches: please check the tracking code and the last four digits of the phone number.",
            ),
            lang,
        )
    }

    /// 404 for a path under `/api/` that names no endpoint (any method): the API's own error
    /// shape, never the app's page, so that a client calling a wrong address is told so.
    pub fn no_such_endpoint(lang: Lang) -> Self {
        ApiError::single(
            StatusCode::NOT_FOUND,
            "",
            ErrorCode::NotFound,
            Text::new(
                "没有这个接口:请核对请求的地址。",
                "There is no such API endpoint: please check the address of the request.",
            ),
            lang,
        )
    }

    /// 500, with the cause logged and not shown.
    pub fn internal(cause: impl std::fmt::Display, lang: Lang) -> Self {
        tracing::error!(%cause, "internal error");
        ApiError::single(
            StatusCode::INTERNAL_SERVER_ERROR,
            "",
            ErrorCode::Internal,
            Text::new(
                "服务器出错,您的申请未被保存,请稍后重试或致电招商服务中心。",
                "The server failed and nothing was saved; please try again shortly or call the investment service centre.",
            ),
            lang,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            errors: self.errors.iter().map(|e| e.localized(self.lang)).collect(),
        };
        let mut r = (self.status, Json(body)).into_response();
        r.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            header::HeaderValue::from_static(self.lang.tag()),
        );
        if let Some(v) = self
            .retry_after
            .and_then(|s| header::HeaderValue::from_str(&s.to_string()).ok())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

/// The answer when a handler panicked: the cause logged, a JSON 500 sent.
pub fn panic_answer(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    tracing::error!(panic = what, "a request handler panicked");
    ApiError::internal("panic (logged above)", Lang::default()).into_response()
}

/// The answer for every unknown path under `/api/`.
pub async fn api_not_found(headers: HeaderMap) -> ApiError {
    ApiError::no_such_endpoint(requested_lang(&headers).unwrap_or_default())
}

/// The answer for a known `/api/` endpoint called with a method it does not take.
pub async fn api_method_not_allowed(headers: HeaderMap) -> ApiError {
    ApiError::single(
        StatusCode::METHOD_NOT_ALLOWED,
        "",
        ErrorCode::NotFound,
        Text::new(
            "这个接口不接受该请求方法。",
            "This API endpoint does not take that method.",
        ),
        requested_lang(&headers).unwrap_or_default(),
    )
}

/// The language a client asked for in `Accept-Language`, if it named one we have.
pub fn requested_lang(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let has_ours = value.split(',').any(|t| {
        let t = t.trim().to_ascii_lowercase();
        t.starts_with("zh") || t.starts_with("en")
    });
    has_ours.then(|| Lang::from_accept_language(value))
}
