//! Validation of what people send: each mistake becomes a [`FieldError`] naming the field, a
//! stable code for programs, and a message in both languages for people. The app runs the same
//! checks before sending that the server runs on receipt.

use crate::Catalog;
use crate::finder::amount_text;
use crate::request::AssistanceRequest;
use crate::text::{Lang, Text};
use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The field must be filled in.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Not a telephone number we can call.
    InvalidPhone,
    /// Not an e-mail address.
    InvalidEmail,
    /// Names something that is not in the catalog.
    UnknownReference,
    /// A number outside its sensible range.
    OutOfRange,
    /// The privacy notice was not accepted.
    ConsentRequired,
    /// The same item twice in a list.
    Duplicate,
    /// The value has the wrong type or shape (e.g. text where a number belongs).
    InvalidValue,
    /// The body is not JSON.
    InvalidJson,
    /// A required HTTP header is missing.
    MissingHeader,
    /// An HTTP header has a value that cannot be used.
    InvalidHeader,
    /// An idempotency key was reused with a different body.
    IdempotencyConflict,
    /// Nothing matches (a request lookup whose code or phone digits do not match).
    NotFound,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// The server failed; nothing the sender did.
    Internal,
    /// Staff: no valid session (sign in).
    SignInRequired,
    /// Staff: the user name or the password is wrong (one answer for both).
    WrongCredentials,
    /// Staff: signed in, but the role or the park scope does not allow this.
    Forbidden,
    /// Staff: the password was set by an administrator and must be changed first.
    PasswordChangeRequired,
    /// Too many attempts: wait (the answer's `Retry-After` says how long).
    RateLimited,
    /// Someone else changed the record since it was read: reload and redo.
    EditConflict,
    /// The record cannot go from its state to the one asked for.
    InvalidTransition,
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field, as its JSON key (`phone`, `space.area_m2`, `park_ids[1]`).
    pub field: String,
    /// Why.
    pub code: ErrorCode,
    /// What to tell a person, in both languages.
    pub message: Text,
}

impl FieldError {
    /// An error for `field` with this code and message.
    pub fn new(field: impl Into<String>, code: ErrorCode, message: Text) -> Self {
        FieldError {
            field: field.into(),
            code,
            message,
        }
    }

    /// The error as sent over the wire, its message in one language.
    pub fn localized(&self, lang: Lang) -> WireFieldError {
        WireFieldError {
            field: self.field.clone(),
            code: self.code,
            message: self.message.get(lang).to_owned(),
        }
    }
}

/// A field error as the API sends it: `{"field", "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WireFieldError {
    /// The field.
    pub field: String,
    /// Why.
    pub code: ErrorCode,
    /// What to tell a person, in the language asked for.
    pub message: String,
}

/// The body of every 4xx answer from the API: `{"errors": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// One entry per problem.
    pub errors: Vec<WireFieldError>,
}

/// Longest company name, in characters.
pub const COMPANY_MAX_CHARS: usize = 100;
/// Longest contact name, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// Longest description of an industry not in the catalog, characters.
pub const INDUSTRY_OTHER_MAX_CHARS: usize = 100;
/// Longest message, in characters.
pub const MESSAGE_MAX_CHARS: usize = 2000;
/// Longest e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// A telephone number in the form it is stored and dialled, or `None` when it is not one.
/// Spaces, dashes, dots and brackets are ignored. Accepted:
/// - a mainland mobile number, 11 digits from 13–19, with or without `+86`/`0086`;
/// - a mainland landline, area code with its leading 0 and 7–8 digits (`029-3312 4567`);
/// - an international number in E.164 form: `+` or `00`, country code, 8–15 digits in all.
///
/// ```
/// use ysmap_model::validation::normalize_phone;
/// assert_eq!(normalize_phone("138 0000 1234").as_deref(), Some("13800001234"));
/// assert_eq!(normalize_phone("+86 138-0000-1234").as_deref(), Some("13800001234"));
/// assert_eq!(normalize_phone("(029) 3312-4567").as_deref(), Some("02933124567"));
/// assert_eq!(normalize_phone("+49 30 1234 5678").as_deref(), Some("+493012345678"));
/// assert_eq!(normalize_phone("12345"), None);
/// assert_eq!(normalize_phone("1380000123x"), None);
/// ```
pub fn normalize_phone(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{3000}'))
        .collect();
    let (international, digits) = if let Some(rest) = compact.strip_prefix('+') {
        (true, rest)
    } else if let Some(rest) = compact.strip_prefix("00") {
        (true, rest)
    } else {
        (false, compact.as_str())
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let is_mobile =
        |d: &str| d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
    if international {
        if let Some(national) = digits.strip_prefix("86") {
            return is_mobile(national).then(|| national.to_owned());
        }
        return (8..=15)
            .contains(&digits.len())
            .then(|| format!("+{digits}"));
    }
    let is_landline =
        digits.starts_with('0') && !digits.starts_with("00") && (10..=12).contains(&digits.len());
    (is_mobile(digits) || is_landline).then(|| digits.to_owned())
}

/// The last four digits of a telephone number, which with the tracking code opens a request's
/// status. `None` when the number is not valid.
///
/// ```
/// use ysmap_model::validation::phone_last4;
/// assert_eq!(phone_last4("+86 138 0000 1234").as_deref(), Some("1234"));
/// ```
pub fn phone_last4(phone: &str) -> Option<String> {
    let n = normalize_phone(phone)?;
    Some(n[n.len() - 4..].to_owned())
}

/// Text that should have been a number and is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Reads a number a person typed: empty means "not given" (`Ok(None)`); full-width digits,
/// the ideographic full stop and thousands separators are accepted; anything else is
/// [`NotANumber`].
///
/// ```
/// use ysmap_model::validation::parse_number_input;
/// assert_eq!(parse_number_input(" "), Ok(None));
/// assert_eq!(parse_number_input("12,000"), Ok(Some(12000.0)));
/// assert_eq!(parse_number_input("８．５"), Ok(Some(8.5)));
/// assert!(parse_number_input("about 5").is_err());
/// assert!(parse_number_input("inf").is_err());
/// assert_eq!(parse_number_input("007"), Ok(Some(7.0)));
/// assert_eq!(parse_number_input(".5"), Ok(Some(0.5)));
/// assert_eq!(parse_number_input("-3."), Ok(Some(-3.0)));
/// assert_eq!(parse_number_input("0.3"), Ok(Some(0.3)));
/// assert!(parse_number_input("1.2.3").is_err());
/// assert!(parse_number_input("-").is_err());
/// assert!(parse_number_input("--1").is_err());
/// assert!(parse_number_input("1e5").is_err());
/// ```
pub fn parse_number_input(input: &str) -> Result<Option<f64>, NotANumber> {
    let normalized: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            c => c,
        })
        .collect();
    if normalized.is_empty() {
        return Ok(None);
    }
    // [-]digits[.digits], where either side of the point may be empty but not both.
    let (sign, unsigned) = match normalized.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", normalized.as_str()),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) || (int.is_empty() && frac.is_empty()) {
        return Err(NotANumber);
    }
    // Read as a JSON number by serde_json, whose float parser the app has anyway (the catalog
    // is JSON): `str::parse::<f64>` would bring core's own float tables (about 25 KB of wasm).
    // JSON allows no leading zeros ("007"), a person may type them.
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let json = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    serde_json::from_str::<f64>(&json)
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(NotANumber)
}

fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.chars().count() <= EMAIL_MAX_CHARS
}

fn required(field: &str, what: &Text) -> FieldError {
    FieldError::new(
        field,
        ErrorCode::Required,
        Text::new(
            format!("请填写{}。", what.zh),
            format!("Please enter {}.", what.en),
        ),
    )
}

fn too_long(field: &str, what: &Text, max: usize) -> FieldError {
    FieldError::new(
        field,
        ErrorCode::TooLong,
        Text::new(
            format!("{}不能超过 {max} 个字。", what.zh),
            format!("{} must be at most {max} characters.", capitalize(&what.en)),
        ),
    )
}

/// `s` with its first letter in capitals. The English names it is given start with a Latin
/// letter; ASCII on purpose: `char::to_uppercase` brings Unicode's case tables (about 25 KB of
/// wasm) into the browser build for that one letter.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| std::iter::once(f.to_ascii_uppercase()).chain(c).collect())
        .unwrap_or_default()
}

fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    what: Text,
    max: usize,
    needed: bool,
) {
    let len = value.trim().chars().count();
    if needed && len == 0 {
        errors.push(required(field, &what));
    } else if len > max {
        errors.push(too_long(field, &what, max));
    }
}

/// Checks a number against an inclusive range; `what` names it, `unit` follows the numbers.
fn check_range(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<f64>,
    range: (f64, f64),
    what: Text,
    unit: Text,
) {
    let Some(v) = value else { return };
    if !(v.is_finite() && v >= range.0 && v <= range.1) {
        let (low, high) = (amount_text(range.0), amount_text(range.1));
        errors.push(FieldError::new(
            field,
            ErrorCode::OutOfRange,
            Text::new(
                format!("{}应在 {low} 至 {high} {}之间。", what.zh, unit.zh),
                format!(
                    "{} must be between {low} and {high} {}.",
                    capitalize(&what.en),
                    unit.en
                ),
            ),
        ));
    }
}

fn check_refs<'a>(
    errors: &mut Vec<FieldError>,
    field: &str,
    ids: &'a [String],
    exists: impl Fn(&str) -> bool,
    what: Text,
) {
    let mut seen: Vec<&'a str> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let f = format!("{field}[{i}]");
        if !exists(id) {
            errors.push(FieldError::new(
                f,
                ErrorCode::UnknownReference,
                Text::new(
                    format!("所选{}不存在或已下架,请重新选择。", what.zh),
                    format!("The selected {} does not exist or has been withdrawn; please choose again.", what.en),
                ),
            ));
        } else if seen.contains(&id.as_str()) {
            errors.push(FieldError::new(
                f,
                ErrorCode::Duplicate,
                Text::new(
                    format!("{}重复选择。", what.zh),
                    format!("The same {} is selected twice.", what.en),
                ),
            ));
        }
        seen.push(id);
    }
}

/// The industry of a request that names a division of GB/T 4754-2017: it must be one of the
/// standard's. [`validate_request`] checks only the code's shape (the app does not hold the
/// table); the server runs both.
pub fn validate_division(req: &AssistanceRequest) -> Option<FieldError> {
    (crate::gbt4754::is_division_code(&req.industry_id)
        && crate::gbt4754::find(&req.industry_id).is_none())
    .then(|| {
        FieldError::new(
            "industry_id",
            ErrorCode::UnknownReference,
            Text::new(
                "所选行业不存在,请重新选择。",
                "The selected industry does not exist; please choose again.",
            ),
        )
    })
}

/// Every problem with an assistance request, checked against the published catalog (the
/// industry, parks and facilities it names must exist there). An empty list means it may be
/// accepted.
pub fn validate_request(req: &AssistanceRequest, catalog: &Catalog) -> Vec<FieldError> {
    let mut e = Vec::new();
    check_text(
        &mut e,
        "company",
        &req.company,
        Text::new("企业名称", "the company name"),
        COMPANY_MAX_CHARS,
        true,
    );
    check_text(
        &mut e,
        "contact_name",
        &req.contact_name,
        Text::new("联系人", "a contact name"),
        NAME_MAX_CHARS,
        true,
    );

    if req.phone.trim().is_empty() {
        e.push(required(
            "phone",
            &Text::new("联系电话", "a telephone number"),
        ));
    } else if normalize_phone(&req.phone).is_none() {
        e.push(FieldError::new(
            "phone",
            ErrorCode::InvalidPhone,
            Text::new(
                "请填写有效的电话号码:11 位手机号、带区号的固话,或以 + 开头的国际号码。",
                "Please enter a valid telephone number: an 11-digit mainland mobile, a landline with its area code, or an international number starting with +.",
            ),
        ));
    }

    let email = req.email.trim();
    if !email.is_empty() && !is_plausible_email(email) {
        e.push(FieldError::new(
            "email",
            ErrorCode::InvalidEmail,
            Text::new(
                "请填写有效的电子邮箱,例如 name@example.com。",
                "Please enter a valid e-mail address, such as name@example.com.",
            ),
        ));
    }

    if req.industry_id.trim().is_empty() {
        e.push(FieldError::new(
            "industry_id",
            ErrorCode::Required,
            Text::new("请选择所属行业。", "Please choose the industry."),
        ));
    } else if req.industry_id == crate::request::INDUSTRY_OTHER {
        check_text(
            &mut e,
            "industry_other",
            &req.industry_other,
            Text::new("所属行业", "the industry"),
            INDUSTRY_OTHER_MAX_CHARS,
            true,
        );
    } else if catalog.industry(&req.industry_id).is_none()
        && !crate::gbt4754::is_division_code(&req.industry_id)
    {
        e.push(FieldError::new(
            "industry_id",
            ErrorCode::UnknownReference,
            Text::new(
                "所选行业不存在,请重新选择。",
                "The selected industry does not exist; please choose again.",
            ),
        ));
    }

    check_range(
        &mut e,
        "planned_investment_10k_yuan",
        req.planned_investment_10k_yuan,
        (1.0, 10_000_000.0),
        Text::new("计划投资额", "planned investment"),
        Text::new("万元", "×10,000 yuan"),
    );
    let s = &req.space;
    check_range(
        &mut e,
        "space.area_m2",
        s.area_m2,
        (1.0, 10_000_000.0),
        Text::new("需求面积", "the area needed"),
        Text::new("平方米", "m²"),
    );
    check_range(
        &mut e,
        "space.floor_height_m",
        s.floor_height_m,
        (2.0, 60.0),
        Text::new("层高", "the floor height"),
        Text::new("米", "m"),
    );
    check_range(
        &mut e,
        "space.floor_load_t_per_m2",
        s.floor_load_t_per_m2,
        (0.1, 100.0),
        Text::new("承重", "the floor load"),
        Text::new("吨/平方米", "t/m²"),
    );
    check_range(
        &mut e,
        "space.power_kva",
        s.power_kva,
        (1.0, 1_000_000.0),
        Text::new("用电容量", "the power needed"),
        Text::new("千伏安", "kVA"),
    );
    check_range(
        &mut e,
        "space.crane_t",
        s.crane_t,
        (0.5, 1_000.0),
        Text::new("行车吨位", "the crane capacity"),
        Text::new("吨", "t"),
    );

    check_refs(
        &mut e,
        "park_ids",
        &req.park_ids,
        |id| catalog.park(id).is_some(),
        Text::new("园区", "park"),
    );
    check_refs(
        &mut e,
        "facility_ids",
        &req.facility_ids,
        |id| catalog.facility(id).is_some(),
        Text::new("载体", "facility"),
    );

    if req.services.is_empty() {
        e.push(FieldError::new(
            "services",
            ErrorCode::Required,
            Text::new(
                "请至少选择一项需要的服务。",
                "Please choose at least one service.",
            ),
        ));
    } else if (1..req.services.len()).any(|i| req.services[..i].contains(&req.services[i])) {
        e.push(FieldError::new(
            "services",
            ErrorCode::Duplicate,
            Text::new("服务项目重复选择。", "A service is selected twice."),
        ));
    }

    check_text(
        &mut e,
        "message",
        &req.message,
        Text::new("留言", "the message"),
        MESSAGE_MAX_CHARS,
        false,
    );

    let code = req.credit_code.trim();
    if !code.is_empty() && !is_valid_credit_code(code) {
        e.push(FieldError::new(
            "credit_code",
            ErrorCode::InvalidValue,
            Text::new(
                "统一社会信用代码应为 18 位,且校验位须正确;请核对营业执照。尚未注册的企业可不填。",
                "The unified social credit code has 18 characters ending in a check character that does not match; please check the business licence. A company not yet registered may leave it blank.",
            ),
        ));
    }
    if let Some(jobs) = req.jobs
        && jobs > MAX_JOBS
    {
        e.push(FieldError::new(
            "jobs",
            ErrorCode::OutOfRange,
            Text::new(
                format!("新增就业人数应在 0 至 {MAX_JOBS} 之间。"),
                format!("Jobs created must be between 0 and {MAX_JOBS}."),
            ),
        ));
    }
    if !req.tour_slots.is_empty() && !req.services.contains(&crate::request::Service::VideoTour) {
        e.push(FieldError::new(
            "tour_slots",
            ErrorCode::InvalidValue,
            Text::new(
                "只有选择“不见面考察”服务时才需填写视频考察时间。",
                "Video tour times go with the video tour service only.",
            ),
        ));
    } else if req.tour_slots.len() > crate::request::MAX_TOUR_SLOTS {
        e.push(FieldError::new(
            "tour_slots",
            ErrorCode::TooLong,
            Text::new(
                format!(
                    "视频考察时间最多填写 {} 个。",
                    crate::request::MAX_TOUR_SLOTS
                ),
                format!(
                    "Give at most {} video tour times.",
                    crate::request::MAX_TOUR_SLOTS
                ),
            ),
        ));
    } else if (1..req.tour_slots.len()).any(|i| req.tour_slots[..i].contains(&req.tour_slots[i])) {
        e.push(FieldError::new(
            "tour_slots",
            ErrorCode::Duplicate,
            Text::new("视频考察时间重复。", "A video tour time is given twice."),
        ));
    }
    if !req.website.is_empty() {
        // The form hides this field from people (and from screen readers); only a robot fills
        // it. Said plainly, in case a person's browser ever did.
        e.push(FieldError::new(
            "website",
            ErrorCode::InvalidValue,
            Text::new(
                "提交内容包含不应填写的字段,未被受理;请刷新页面后重试,或致电招商服务中心。",
                "The submission fills in a field that must stay empty and was not accepted; please reload the page and try again, or call the service centre.",
            ),
        ));
    }

    if !req.consent {
        e.push(FieldError::new(
            "consent",
            ErrorCode::ConsentRequired,
            Text::new(
                "请阅读并同意隐私声明后再提交。",
                "Please read and accept the privacy notice before sending.",
            ),
        ));
    }
    e
}

/// The most jobs a request may state (a sanity bound, not a policy).
pub const MAX_JOBS: u32 = 1_000_000;

/// Video tour times must be working days still to come: the centre cannot hold a tour in the
/// past, and a date is checked against the county's `today` (the server's clock).
pub fn validate_tour_dates(
    req: &AssistanceRequest,
    today: chrono::NaiveDate,
    calendar: &crate::clock::WorkCalendar,
) -> Option<FieldError> {
    req.tour_slots
        .iter()
        .any(|s| s.date <= today || !calendar.is_working_day(s.date))
        .then(|| {
            FieldError::new(
                "tour_slots",
                ErrorCode::OutOfRange,
                Text::new(
                    "视频考察时间须为今天以后的工作日。",
                    "Video tour times must be working days after today.",
                ),
            )
        })
}

/// Whether `code` is a unified social credit code (统一社会信用代码, GB 32100-2015): 18
/// characters of the standard's alphabet (digits and capitals without I, O, Z, S, V) whose last
/// is the check character of the first 17.
///
/// ```
/// use ysmap_model::validation::is_valid_credit_code;
/// assert!(is_valid_credit_code("91350100M000100Y43"));
/// assert!(!is_valid_credit_code("91350100M000100Y44")); // wrong check character
/// assert!(!is_valid_credit_code("91350100M000100Y4")); // 17 characters
/// ```
pub fn is_valid_credit_code(code: &str) -> bool {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let value = |b: u8| ALPHABET.iter().position(|&a| a == b).map(|v| v as u32);
    let mut sum = 0;
    for (b, w) in bytes[..17].iter().zip(WEIGHTS) {
        match value(*b) {
            Some(v) => sum += v * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    value(bytes[17]) == Some(check)
}

/// The error for a body that is not JSON or has a value of the wrong type at `field`
/// (the JSON path, empty for the whole body).
pub fn invalid_body(field: &str) -> FieldError {
    if field.is_empty() || field == "." {
        FieldError::new(
            "",
            ErrorCode::InvalidJson,
            Text::new(
                "提交的内容不是有效的 JSON。",
                "The request body is not valid JSON.",
            ),
        )
    } else {
        FieldError::new(
            field,
            ErrorCode::InvalidValue,
            Text::new(
                "该项的格式不正确。",
                "This field has a value of the wrong type or form.",
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::sample;
    use crate::request::Service;

    fn valid(c: &Catalog) -> AssistanceRequest {
        AssistanceRequest {
            company: "示例食品有限公司".into(),
            contact_name: "王经理".into(),
            phone: "13800001234".into(),
            industry_id: c.industries[0].id.clone(),
            park_ids: vec![c.parks[0].id.clone()],
            services: vec![Service::SiteSelection],
            consent: true,
            ..Default::default()
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, ErrorCode)> {
        errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_complete_request_is_valid() {
        let c = sample();
        assert_eq!(validate_request(&valid(&c), &c), vec![]);
    }

    #[test]
    fn an_industry_outside_the_catalog_is_described_in_words() {
        let c = sample();
        let mut r = valid(&c);
        r.industry_id = crate::request::INDUSTRY_OTHER.into();
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![("industry_other", ErrorCode::Required)]
        );
        r.industry_other = "专用设备制造业(C35):食品包装机械".into();
        assert_eq!(validate_request(&r, &c), vec![]);
        r.industry_other = "机".repeat(INDUSTRY_OTHER_MAX_CHARS + 1);
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![("industry_other", ErrorCode::TooLong)]
        );
    }

    #[test]
    fn a_division_of_the_national_classification_is_an_industry_too() {
        let c = sample();
        let mut r = valid(&c);
        r.industry_id = "C35".into();
        assert_eq!(validate_request(&r, &c), vec![]);
        assert_eq!(validate_division(&r), None);
        // A section is too broad, a code of another shape is no industry.
        for code in ["C", "C3670", "Z35"] {
            r.industry_id = code.into();
            assert_eq!(
                codes(&validate_request(&r, &c)),
                vec![("industry_id", ErrorCode::UnknownReference)],
                "{code}"
            );
        }
        // A division's shape but not the standard's: the table says so.
        r.industry_id = "C99".into();
        assert_eq!(validate_request(&r, &c), vec![]);
        assert_eq!(
            validate_division(&r).map(|e| e.code),
            Some(ErrorCode::UnknownReference)
        );
    }

    #[test]
    fn an_empty_request_names_every_required_field() {
        let c = sample();
        let e = validate_request(&AssistanceRequest::default(), &c);
        assert_eq!(
            codes(&e),
            vec![
                ("company", ErrorCode::Required),
                ("contact_name", ErrorCode::Required),
                ("phone", ErrorCode::Required),
                ("industry_id", ErrorCode::Required),
                ("services", ErrorCode::Required),
                ("consent", ErrorCode::ConsentRequired),
            ]
        );
        assert!(
            e.iter().all(|e| !e.message.is_incomplete()),
            "every message has zh and en"
        );
    }

    #[test]
    fn a_bad_phone_is_reported_at_the_phone_field() {
        let c = sample();
        let mut r = valid(&c);
        r.phone = "12345".into();
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![("phone", ErrorCode::InvalidPhone)]
        );
    }

    #[test]
    fn unknown_and_duplicate_references_are_reported_by_index() {
        let c = sample();
        let mut r = valid(&c);
        r.park_ids = vec![
            c.parks[0].id.clone(),
            "no-such-park".into(),
            c.parks[0].id.clone(),
        ];
        r.facility_ids = vec!["nope".into()];
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![
                ("park_ids[1]", ErrorCode::UnknownReference),
                ("park_ids[2]", ErrorCode::Duplicate),
                ("facility_ids[0]", ErrorCode::UnknownReference),
            ]
        );
    }

    #[test]
    fn numbers_out_of_range_and_not_finite_are_refused() {
        let c = sample();
        let mut r = valid(&c);
        r.planned_investment_10k_yuan = Some(-5.0);
        r.space.floor_height_m = Some(f64::NAN);
        r.space.area_m2 = Some(500.0);
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![
                ("planned_investment_10k_yuan", ErrorCode::OutOfRange),
                ("space.floor_height_m", ErrorCode::OutOfRange)
            ]
        );
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        let c = sample();
        let mut r = valid(&c);
        r.company = "企".repeat(COMPANY_MAX_CHARS);
        r.message = "字".repeat(MESSAGE_MAX_CHARS + 1);
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![("message", ErrorCode::TooLong)]
        );
    }

    #[test]
    fn email_is_optional_but_checked_when_given() {
        let c = sample();
        let mut r = valid(&c);
        r.email = "someone@example".into();
        assert_eq!(
            codes(&validate_request(&r, &c)),
            vec![("email", ErrorCode::InvalidEmail)]
        );
        r.email = "someone@example.com".into();
        assert!(validate_request(&r, &c).is_empty());
    }

    mod phone {
        use super::super::normalize_phone;

        #[test]
        fn mainland_mobiles_with_and_without_country_code() {
            for p in [
                "13912345678",
                "+8613912345678",
                "0086 139 1234 5678",
                "199-1234-5678",
            ] {
                assert!(normalize_phone(p).is_some(), "{p}");
            }
        }

        #[test]
        fn numbers_that_are_not_phones() {
            for p in [
                "",
                "12912345678",
                "1391234567",
                "139123456789",
                "+86 12345",
                "+1 23",
                "abc",
                "0012",
            ] {
                assert_eq!(normalize_phone(p), None, "{p}");
            }
        }

        #[test]
        fn landlines_need_their_area_code() {
            assert!(normalize_phone("029-88881234").is_some());
            assert!(normalize_phone("0910-3312456").is_some());
            assert!(normalize_phone("88881234").is_none());
        }
    }
}
