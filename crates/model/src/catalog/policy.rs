//! Incentive policies (政策): who they apply to, under what conditions, and how to claim them.

use super::park::yes;
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An incentive policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Issuing authority.
    pub issuer: Text,
    /// Document number (文号), e.g. 示政发〔2024〕12号.
    pub doc_number: String,
    /// National, provincial, city or county.
    pub level: PolicyLevel,
    /// The county (区县) whose parks it applies to, an id into the catalog's regions; absent
    /// for a policy of the whole catalog (the city's, applying in all its counties, or the only
    /// county's). A park's own policy names its park in `applies_to`.
    #[serde(default)]
    pub region_id: Option<String>,
    /// Kinds of support it gives.
    pub tools: Vec<PolicyTool>,
    /// What it does, in a few sentences.
    pub summary: Text,
    /// Link to the official text.
    #[serde(default)]
    pub source_url: Option<String>,
    /// In force from.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub valid_from: NaiveDate,
    /// In force until (inclusive); absent when open-ended.
    #[serde(default, deserialize_with = "crate::clock::wire::date_opt")]
    pub valid_to: Option<NaiveDate>,
    /// Who it is for.
    pub applies_to: Applicability,
    /// Thresholds an enterprise must meet; all must hold.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// What the enterprise gets.
    pub benefit: Text,
    /// The rent it pays back, step after step from the first month rent is charged; empty
    /// when it pays none. 前 2 年租金全免,第 3 年减半 is 24 months at 100 %, then 12 at 50 %.
    /// The cost estimate ([`crate::cost`]) subtracts it for an enterprise that meets the policy.
    #[serde(default)]
    pub rent_relief: Vec<RentRelief>,
    /// How it is claimed.
    pub mode: ApplicationMode,
    /// Where and how to apply.
    pub how_to_apply: Text,
    /// Department and telephone for questions.
    pub contact: Text,
    /// Last change (RFC 3339).
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub updated_at: DateTime<Utc>,
    /// When staff last confirmed the record is true.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub verified_at: NaiveDate,
    /// Shown to the public.
    #[serde(default = "yes")]
    pub published: bool,
}

impl Policy {
    /// True when the policy is in force on `date` (both ends inclusive).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # let mut p: ysmap_model::catalog::Policy = serde_json::from_value(serde_json::json!({
    /// #   "id":"p","title":{"zh":"","en":""},"issuer":{"zh":"","en":""},"doc_number":"",
    /// #   "level":"county","tools":[],"summary":{"zh":"","en":""},"valid_from":"2024-01-01",
    /// #   "valid_to":"2026-12-31","applies_to":{},"benefit":{"zh":"","en":""},"mode":"apply",
    /// #   "how_to_apply":{"zh":"","en":""},"contact":{"zh":"","en":""},
    /// #   "updated_at":"2024-01-01T00:00:00Z","verified_at":"2024-01-01"})).unwrap();
    /// let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    /// assert!(p.in_force_on(d("2026-12-31")));
    /// assert!(!p.in_force_on(d("2027-01-01")));
    /// ```
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    /// Whether it applies to `park`: a county's policy only in that county's parks; then a
    /// policy naming parks applies to those; one naming industries applies where one of them
    /// leads; one naming neither applies everywhere.
    ///
    /// An agricultural subsidy (naming agro-processing) is not shown in the industrial park.
    pub fn applies_to_park(&self, park: &super::Park) -> bool {
        if self.region_id.is_some() && self.region_id != park.region_id {
            return false;
        }
        let a = &self.applies_to;
        if !a.park_ids.is_empty() {
            return a.park_ids.contains(&park.id);
        }
        a.industry_ids.is_empty()
            || a.industry_ids
                .iter()
                .any(|i| park.leading_industry_ids.contains(i))
    }
}

/// One step of a policy's rent relief: a share of the rent paid back for some months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RentRelief {
    /// Months the step lasts.
    pub months: u32,
    /// Share of the rent paid back, more than 0 and at most 1 (1: rent-free; 0.5: halved).
    pub share: f64,
    /// At most this much per m² per month, yuan; absent when the share is not capped.
    #[serde(default)]
    pub cap_yuan_per_m2_month: Option<f64>,
}

/// Which government issued it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    /// 国家.
    National,
    /// 省.
    Provincial,
    /// 市.
    Municipal,
    /// 县.
    County,
}

/// A kind of support (政策工具).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyTool {
    /// 税收.
    Tax,
    /// 资金.
    Funding,
    /// 用地.
    Land,
    /// 人才.
    Talent,
    /// 金融.
    Finance,
    /// 服务.
    Service,
}

/// Who a policy is for. An empty list means no restriction on that dimension.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicability {
    /// Industries (ids).
    #[serde(default)]
    pub industry_ids: Vec<String>,
    /// Parks (ids).
    #[serde(default)]
    pub park_ids: Vec<String>,
    /// Enterprise sizes.
    #[serde(default)]
    pub enterprise_sizes: Vec<EnterpriseSize>,
    /// Qualifications the enterprise must hold (any one of them).
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
}

/// Enterprise size on the national classification (大中小微).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSize {
    /// 大型.
    Large,
    /// 中型.
    Medium,
    /// 小型.
    Small,
    /// 微型.
    Micro,
}

/// A recognised qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// 高新技术企业.
    HighTech,
    /// 专精特新 (specialised, refined, distinctive, innovative) SME.
    Specialized,
    /// 科技型中小企业.
    TechSme,
    /// 农业产业化龙头企业.
    AgriLeader,
}

/// A threshold: `metric` must be at least `min`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    /// What is measured.
    pub metric: Metric,
    /// The least value that qualifies, in the metric's unit.
    pub min: f64,
}

/// A measurable condition and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Fixed-asset investment, 万元 (10,000 yuan).
    #[serde(rename = "investment_10k_yuan")]
    Investment10kYuan,
    /// Jobs created.
    Jobs,
    /// Annual output value, 万元.
    #[serde(rename = "annual_output_10k_yuan")]
    AnnualOutput10kYuan,
    /// Annual tax paid in the county, 万元.
    #[serde(rename = "annual_tax_10k_yuan")]
    AnnualTax10kYuan,
}

/// How a policy is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationMode {
    /// 免申即享: granted without applying.
    Automatic,
    /// 快申快享: a short application, fast approval.
    FastTrack,
    /// 申报: the ordinary application.
    Apply,
}
