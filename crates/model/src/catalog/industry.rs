//! Industries (产业), coded on GB/T 4754-2017 《国民经济行业分类》.

use super::park::yes;
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An industry the county courts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Industry {
    /// Stable id.
    pub id: String,
    /// GB/T 4754-2017 code: section letter, then 2-digit division and optionally group/class
    /// digits (`C13`, `C136`, `C1361`).
    pub code: String,
    /// Name.
    pub name: Text,
    /// Position in the county's industrial chain.
    pub chain: ChainPosition,
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

/// Where an industry sits in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChainPosition {
    /// 上游.
    Upstream,
    /// 中游.
    Midstream,
    /// 下游.
    Downstream,
}

/// True when `code` has the shape of a GB/T 4754-2017 code: a section letter A–T, optionally
/// followed by 2, 3 or 4 digits.
///
/// ```
/// use ysmap_model::catalog::is_gbt4754_code;
/// assert!(is_gbt4754_code("C13"));
/// assert!(is_gbt4754_code("C1361"));
/// assert!(!is_gbt4754_code("C1"));
/// assert!(!is_gbt4754_code("Z13"));
/// ```
pub fn is_gbt4754_code(code: &str) -> bool {
    let mut chars = code.chars();
    let section_ok = matches!(chars.next(), Some('A'..='T'));
    let digits = chars.as_str();
    section_ok
        && matches!(digits.len(), 0 | 2 | 3 | 4)
        && digits.chars().all(|c| c.is_ascii_digit())
}
