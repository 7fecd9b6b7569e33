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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Unified social credit code (统一社会信用代码), 18 characters with a check character;
    /// optional (a company still being formed has none).
    pub credit_code: String,
    /// Jobs the project will create.
    pub jobs: Option<u32>,
    /// When the investor could join a live video tour (不见面考察), with that service.
    pub tour_slots: Vec<TourSlot>,
    /// A field no person sees or fills in (the form hides it); anything in it marks a robot.
    pub website: String,
    /// The investor has read and accepts the privacy notice; must be `true`.
    pub consent: bool,
    /// The language the investor used, for replies.
    pub lang: Lang,
}

impl AssistanceRequest {
    /// The request with everything that identifies a person or a company removed: what is kept
    /// when the investor deletes their data or the retention period ends (the industry, the
    /// size of the project, the space, parks and services: anonymous statistics).
    pub fn anonymized(&self) -> AssistanceRequest {
        AssistanceRequest {
            company: String::new(),
            contact_name: String::new(),
            phone: String::new(),
            email: String::new(),
            industry_other: String::new(),
            message: String::new(),
            credit_code: String::new(),
            tour_slots: Vec::new(),
            website: String::new(),
            consent: false,
            ..self.clone()
        }
    }
}

/// `industry_id` of a project in none of the catalog's industries (described in
/// `industry_other`).
pub const INDUSTRY_OTHER: &str = "other";

/// When a project is planned to start (the investor's timeline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A half-day the investor could join a live video tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TourSlot {
    /// The county's date.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub date: chrono::NaiveDate,
    /// Morning or afternoon.
    pub part: DayPart,
}

/// Part of a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// 上午.
    Morning,
    /// 下午.
    Afternoon,
}

/// The most tour slots a request offers.
pub const MAX_TOUR_SLOTS: usize = 3;

/// Space needs, in the terms facilities are described in. Absent means "no requirement".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Its name, in Chinese and in English (as [`RequestStatus::names`]).
    pub fn names(self) -> (&'static str, &'static str) {
        use Service::*;
        match self {
            SiteSelection => ("项目选址", "Site selection"),
            VideoTour => ("视频看园(不见面考察)", "Video tour (remote visit)"),
            PolicyConsulting => ("政策咨询", "Policy advice"),
            BusinessRegistration => ("企业开办", "Business registration"),
            ConstructionPermit => ("建筑许可", "Building permits"),
            Electricity => ("获得电力", "Power connection"),
            WaterGas => ("用水用气", "Water and gas connection"),
            PropertyRegistration => ("不动产登记", "Property registration"),
            Tax => ("纳税服务", "Tax services"),
            Financing => ("融资信贷", "Financing and credit"),
        }
    }

    /// Its name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.pick(self.names())
    }

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// 已提交: received, not yet taken up.
    Submitted,
    /// 已受理: a helper has taken it.
    Accepted,
    /// 办理中.
    InProgress,
    /// 已办结: resolved; the investor may rate it.
    Completed,
    /// 已关闭: resolved and closed.
    Closed,
    /// 不予受理: refused, with a reason.
    Rejected,
    /// 已撤回: withdrawn by the investor.
    Withdrawn,
}

impl RequestStatus {
    /// Every status, in the order a request moves through them.
    pub const ALL: [RequestStatus; 7] = [
        RequestStatus::Submitted,
        RequestStatus::Accepted,
        RequestStatus::InProgress,
        RequestStatus::Completed,
        RequestStatus::Closed,
        RequestStatus::Rejected,
        RequestStatus::Withdrawn,
    ];

    /// The snake_case code stored and sent (serde's spelling, see [`crate::wire`]).
    pub fn code(self) -> String {
        crate::wire::code(self)
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        crate::wire::from_code(code)
    }

    /// Still being worked on: the time limit runs, the investor may withdraw.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Submitted | RequestStatus::Accepted | RequestStatus::InProgress
        )
    }

    /// Resolved: the investor may rate the service.
    pub fn is_resolved(self) -> bool {
        matches!(self, RequestStatus::Completed | RequestStatus::Closed)
    }

    /// Where staff may move a request from here. A resolved request may be taken up again
    /// (the investor comes back with more), a closed, rejected or withdrawn one is final.
    ///
    /// ```
    /// use ysmap_model::request::RequestStatus::*;
    /// assert!(Submitted.staff_may_move_to(Accepted));
    /// assert!(!Submitted.staff_may_move_to(Completed)); // accepted first
    /// assert!(!Closed.staff_may_move_to(InProgress));
    /// ```
    pub fn staff_next(self) -> &'static [RequestStatus] {
        use RequestStatus::*;
        match self {
            Submitted => &[Accepted, Rejected],
            Accepted => &[InProgress, Completed, Rejected],
            InProgress => &[Completed, Rejected],
            Completed => &[Closed, InProgress],
            Closed | Rejected | Withdrawn => &[],
        }
    }

    /// Its name, in Chinese and in English (the staff console and the API's messages; the
    /// investors' app has them in its locale files).
    pub fn names(self) -> (&'static str, &'static str) {
        use RequestStatus::*;
        match self {
            Submitted => ("已提交", "submitted"),
            Accepted => ("已受理", "accepted"),
            InProgress => ("办理中", "in progress"),
            Completed => ("已办结", "resolved"),
            Closed => ("已关闭", "closed"),
            Rejected => ("不予受理", "refused"),
            Withdrawn => ("已撤回", "withdrawn"),
        }
    }

    /// Its name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.pick(self.names())
    }

    /// Whether staff may move a request from `self` to `to`.
    pub fn staff_may_move_to(self, to: RequestStatus) -> bool {
        self.staff_next().contains(&to)
    }
}

/// The answer to a successful `POST /api/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The code the investor follows the request by.
    pub tracking_code: String,
    /// Always `submitted` for a new request.
    pub status: RequestStatus,
}

/// What `GET /api/requests/{code}` tells the investor. No personal data beyond what they sent.
/// The fields after `history` came with the assistance loop; a client that predates them
/// reads the rest as before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestView {
    /// The tracking code.
    pub tracking_code: String,
    /// Current status.
    pub status: RequestStatus,
    /// When it was received.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub submitted_at: DateTime<Utc>,
    /// The company as given.
    pub company: String,
    /// Parks of interest.
    pub park_ids: Vec<String>,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Every status it has had, oldest first.
    pub history: Vec<StatusChange>,
    /// The promised time limit (承诺时限): the request should be resolved by then.
    #[serde(default, deserialize_with = "crate::clock::wire::moment_opt")]
    pub due_at: Option<DateTime<Utc>>,
    /// The time limit, in working days.
    #[serde(default)]
    pub time_limit_working_days: Option<u32>,
    /// Open and past its time limit.
    #[serde(default)]
    pub overdue: bool,
    /// The helper (园小二) who has taken the request on.
    #[serde(default)]
    pub helper: Option<Helper>,
    /// Messages from the helper, oldest first.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// The tailored proposal (招商方案), once the helper has published one.
    #[serde(default)]
    pub proposal: Option<Proposal>,
    /// The investor's rating, once given.
    #[serde(default)]
    pub rating: Option<Rating>,
    /// When the investor complained about a late request (督办), if they did.
    #[serde(default, deserialize_with = "crate::clock::wire::moment_opt")]
    pub complained_at: Option<DateTime<Utc>>,
    /// The personal data was deleted at the investor's wish; only anonymous fields remain.
    #[serde(default)]
    pub erased: bool,
}

impl RequestView {
    /// Whether the promise was kept: `Some(true)` when it was resolved by its time limit,
    /// `Some(false)` when resolved later (or still open past it), `None` while open in time.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use ysmap_model::request::{RequestStatus, RequestView, StatusChange};
    /// let t = |d| Utc.with_ymd_and_hms(2026, 12, d, 2, 0, 0).single().expect("time");
    /// let mut v = RequestView {
    ///     tracking_code: "YS-0000-0000".into(), status: RequestStatus::Completed, submitted_at: t(1),
    ///     company: String::new(), park_ids: vec![], services: vec![],
    ///     history: vec![StatusChange { status: RequestStatus::Completed, at: t(3), reason: String::new() }],
    ///     due_at: Some(t(4)), time_limit_working_days: Some(3), overdue: false, helper: None,
    ///     messages: vec![], proposal: None, rating: None, complained_at: None, erased: false,
    /// };
    /// assert_eq!(v.time_limit_met(), Some(true));
    /// v.due_at = Some(t(2));
    /// assert_eq!(v.time_limit_met(), Some(false));
    /// ```
    pub fn time_limit_met(&self) -> Option<bool> {
        let due = self.due_at?;
        if self.overdue {
            return Some(false);
        }
        let resolved = self
            .history
            .iter()
            .find(|h| h.status == RequestStatus::Completed)
            .map(|h| h.at)?;
        Some(resolved <= due)
    }
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// The status entered.
    pub status: RequestStatus,
    /// When.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub at: DateTime<Utc>,
    /// Why, when staff gave a reason (a refusal always has one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A helper as the investor sees them: a name and how to reach them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Helper {
    /// Their name (or the name they work under).
    pub name: String,
    /// Their work telephone.
    pub phone: String,
}

/// A message from a helper to the investor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// When it was sent.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub at: DateTime<Utc>,
    /// Who sent it (the helper's name).
    pub from: String,
    /// What it says.
    pub text: String,
}

/// A tailored proposal (招商方案): facilities and policies picked for this investor, with a
/// note.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Proposal {
    /// Facilities proposed (catalog ids), in the helper's order.
    pub facility_ids: Vec<String>,
    /// Policies that apply (catalog ids).
    pub policy_ids: Vec<String>,
    /// The helper's note.
    pub note: String,
    /// When it was published to the investor; `None` while it is a draft.
    #[serde(default, deserialize_with = "crate::clock::wire::moment_opt")]
    pub published_at: Option<DateTime<Utc>>,
}

/// The most facilities or policies a proposal lists: a short list, not a catalogue.
pub const MAX_PROPOSAL_ITEMS: usize = 12;

/// An investor's rating of the service (好差评).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 1 (very poor) to 5 (very good).
    pub stars: u8,
    /// Optional comment.
    #[serde(default)]
    pub comment: String,
    /// When it was first given.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub at: DateTime<Utc>,
    /// Until when it may be changed.
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub editable_until: DateTime<Utc>,
}

/// How long a rating may be changed after it is first given, in hours.
pub const RATING_EDITABLE_HOURS: i64 = 24;

/// What the investor sends to act on their request (rate, complain, withdraw, delete): the
/// same proof as a lookup, the last four digits of the phone.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InvestorAction {
    /// The last four digits of the phone number given in the request.
    pub phone_last4: String,
    /// The rating, for a rating (1–5).
    pub stars: Option<u8>,
    /// A comment (rating) or what is wrong (complaint).
    pub text: String,
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
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_code(&s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).expect("serializes"),
                serde_json::json!(s.code())
            );
        }
    }

    #[test]
    fn no_status_leads_back_to_submitted_and_final_ones_lead_nowhere() {
        for s in RequestStatus::ALL {
            assert!(!s.staff_may_move_to(RequestStatus::Submitted), "{s:?}");
            assert!(!s.staff_may_move_to(RequestStatus::Withdrawn), "{s:?}");
            assert!(!s.staff_may_move_to(s), "{s:?} to itself");
            if !s.is_open() && !s.is_resolved() || s == RequestStatus::Closed {
                assert!(s.staff_next().is_empty(), "{s:?} is final");
            }
        }
        // Every open request can be refused.
        for s in RequestStatus::ALL.into_iter().filter(|s| s.is_open()) {
            assert!(s.staff_may_move_to(RequestStatus::Rejected), "{s:?}");
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
