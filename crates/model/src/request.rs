//! The assistance request (帮办代办申请): what an investor sends, the tracking code they get
//! back, and the status they can follow.

use crate::catalog::FacilityKind;
use crate::text::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The body of `POST /api/requests`. Every field has a default so that a missing field is
/// reported by [`validate`](crate::validation::validate_request) by name, like any other
/// mistake, rather than as a parse failure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistanceRequest {
    /// Company name (企业名称); a company still being formed may give its working name.
    pub company: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact telephone; see [`normalize_phone`] for what is accepted.
    pub phone: String,
    /// Contact e-mail (optional).
    pub email: String,
    /// The industry of the project: an id into the catalog, a division of GB/T 4754-2017
    /// ([`crate::gbt4754`], `C35`), or [`INDUSTRY_OTHER`] with `industry_other` saying what it is.
    pub industry_id: String,
    /// The project's industry in the investor's words, when it is none of the catalog's.
    pub industry_other: String,
    /// When the investor plans to start.
    pub planned_start: Option<PlannedStart>,
    /// Planned investment, 万元 (10,000 yuan).
    pub planned_investment_10k_yuan: Option<f64>,
    /// Space needed, in the same terms as facilities.
    pub space: SpaceNeeds,
    /// Parks of interest (ids); empty when the investor wants a recommendation.
    pub park_ids: Vec<String>,
    /// Facilities of interest (ids).
    pub facility_ids: Vec<String>,
    /// Services wanted; at least one.
    pub services: Vec<Service>,
    /// Anything else the investor wants to say.
    pub message: String,
    /// The investor has read and accepts the privacy notice; must be `true`.
    pub consent: bool,
    /// The language the investor used, for replies.
    pub lang: Lang,
}

/// `industry_id` of a project in none of the catalog's industries (described in
/// `industry_other`).
pub const INDUSTRY_OTHER: &str = "other";

/// When a project is planned to start (the investor's timeline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlannedStart {
    /// Within three months.
    Within3Months,
    /// Within six months.
    Within6Months,
    /// Within a year.
    WithinAYear,
    /// Later than a year from now.
    Later,
    /// Not decided yet.
    Undecided,
}

impl PlannedStart {
    /// Every choice, in the order the form offers them.
    pub const ALL: [PlannedStart; 5] = [
        PlannedStart::Within3Months,
        PlannedStart::Within6Months,
        PlannedStart::WithinAYear,
        PlannedStart::Later,
        PlannedStart::Undecided,
    ];
}

/// Space needs, in the terms facilities are described in. Absent means "no requirement".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SpaceNeeds {
    /// Kind of space.
    pub kind: Option<FacilityKind>,
    /// Area, m².
    pub area_m2: Option<f64>,
    /// Least clear floor height, m (层高).
    pub floor_height_m: Option<f64>,
    /// Least floor load, t/m² (承重).
    pub floor_load_t_per_m2: Option<f64>,
    /// Power needed, kVA.
    pub power_kva: Option<f64>,
    /// Overhead crane needed, t (行车).
    pub crane_t: Option<f64>,
    /// The project needs an environmental-impact assessment (环评).
    pub needs_eia: bool,
    /// The project discharges industrial waste water (排污).
    pub needs_sewage_discharge: bool,
}

/// A service the county's helpers (帮办代办) provide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// 项目选址.
    SiteSelection,
    /// 不见面考察: a video tour of parks and facilities.
    VideoTour,
    /// 政策咨询.
    PolicyConsulting,
    /// 企业开办.
    BusinessRegistration,
    /// 办理建筑许可.
    ConstructionPermit,
    /// 获得电力.
    Electricity,
    /// 获得用水用气.
    WaterGas,
    /// 不动产登记.
    PropertyRegistration,
    /// 纳税.
    Tax,
    /// 融资信贷.
    Financing,
}

impl Service {
    /// Every service, in the order the form lists them.
    pub const ALL: [Service; 10] = [
        Service::SiteSelection,
        Service::VideoTour,
        Service::PolicyConsulting,
        Service::BusinessRegistration,
        Service::ConstructionPermit,
        Service::Electricity,
        Service::WaterGas,
        Service::PropertyRegistration,
        Service::Tax,
        Service::Financing,
    ];
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// 已提交: received, not yet taken up.
    Submitted,
    /// 已受理: a helper has taken it.
    Accepted,
    /// 办理中.
    InProgress,
    /// 已办结.
    Completed,
    /// 已关闭 (withdrawn or not pursued).
    Closed,
}

impl RequestStatus {
    /// The snake_case code stored and sent (serde's spelling, see [`crate::wire`]).
    pub fn code(self) -> String {
        crate::wire::code(self)
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        crate::wire::from_code(code)
    }
}

/// The answer to a successful `POST /api/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The code the investor follows the request by.
    pub tracking_code: String,
    /// Always `submitted` for a new request.
    pub status: RequestStatus,
}

/// What `GET /api/requests/{code}` tells the investor. No personal data beyond what they sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    /// The tracking code.
    pub tracking_code: String,
    /// Current status.
    pub status: RequestStatus,
    /// When it was received.
    pub submitted_at: DateTime<Utc>,
    /// The company as given.
    pub company: String,
    /// Parks of interest.
    pub park_ids: Vec<String>,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Every status it has had, oldest first.
    pub history: Vec<StatusChange>,
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    /// The status entered.
    pub status: RequestStatus,
    /// When.
    pub at: DateTime<Utc>,
}

/// Tracking codes: `YS-` then 8 characters of Crockford's base 32 in two groups of four
/// (`YS-7K3M-9Q2X`), 40 random bits. Crockford's alphabet leaves out I, L, O and U, so a code
/// read aloud over the phone or copied by hand survives; [`parse_tracking_code`] folds the
/// usual slips back.
pub mod tracking_code {
    /// Crockford base 32 (no I, L, O, U).
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// The code for 40 random bits (the high bits of `random` are ignored).
    ///
    /// ```
    /// use ysmap_model::request::tracking_code;
    /// assert_eq!(tracking_code::from_random(0), "YS-0000-0000");
    /// assert_eq!(tracking_code::from_random(u64::MAX), "YS-ZZZZ-ZZZZ");
    /// ```
    pub fn from_random(random: u64) -> String {
        let mut chars = [0u8; 8];
        for (i, c) in chars.iter_mut().enumerate() {
            let shift = 5 * (7 - i);
            *c = ALPHABET[((random >> shift) & 31) as usize];
        }
        let s = |r: &[u8]| r.iter().map(|&b| b as char).collect::<String>();
        format!("YS-{}-{}", s(&chars[..4]), s(&chars[4..]))
    }

    /// The canonical form of a code typed by a person, or `None` when it cannot be one:
    /// case, spaces and dashes do not matter; O is read as 0 and I, L as 1.
    ///
    /// ```
    /// use ysmap_model::request::tracking_code;
    /// assert_eq!(tracking_code::parse(" ys 7k3m-9q2x ").as_deref(), Some("YS-7K3M-9Q2X"));
    /// assert_eq!(tracking_code::parse("YS-7K3M-9QOI").as_deref(), Some("YS-7K3M-9Q01"));
    /// assert_eq!(tracking_code::parse("YS-7K3M"), None);
    /// assert_eq!(tracking_code::parse("YS-7K3M-9Q2U"), None);
    /// ```
    pub fn parse(input: &str) -> Option<String> {
        let cleaned: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let body = cleaned.strip_prefix("YS")?;
        let folded: Option<Vec<u8>> = body
            .bytes()
            .map(|b| match b {
                b'O' => Some(b'0'),
                b'I' | b'L' => Some(b'1'),
                b if ALPHABET.contains(&b) => Some(b),
                _ => None,
            })
            .collect();
        let folded = folded?;
        (folded.len() == 8).then(|| {
            let s = |r: &[u8]| String::from_utf8_lossy(r).into_owned();
            format!("YS-{}-{}", s(&folded[..4]), s(&folded[4..]))
        })
    }
}

pub use crate::validation::{normalize_phone, phone_last4};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_codes_parse_back_to_themselves() {
        for r in [0u64, 1, 0x00DE_ADBE_EF42, 0xFF_FFFF_FFFF, 123_456_789] {
            let code = tracking_code::from_random(r);
            assert_eq!(tracking_code::parse(&code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn status_codes_round_trip() {
        for s in [
            RequestStatus::Submitted,
            RequestStatus::Accepted,
            RequestStatus::InProgress,
            RequestStatus::Completed,
            RequestStatus::Closed,
        ] {
            assert_eq!(RequestStatus::from_code(&s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).expect("serializes"),
                serde_json::json!(s.code())
            );
        }
    }

    #[test]
    fn a_minimal_body_parses_with_defaults() {
        let r: AssistanceRequest = serde_json::from_str(r#"{"company":"甲"}"#).expect("parses");
        assert_eq!(r.company, "甲");
        assert!(!r.consent);
        assert!(r.services.is_empty());
    }
}
