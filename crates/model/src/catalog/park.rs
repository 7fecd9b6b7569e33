//! Parks (园区): what each is for, its figures, utilities, transport and contact.

use crate::geometry::Boundary;
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An industrial park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Park {
    /// Stable id, lowercase letters, digits and `-`.
    pub id: String,
    /// The county (区县) it lies in, an id into the catalog's regions; absent in a single
    /// county's catalog.
    #[serde(default)]
    pub region_id: Option<String>,
    /// Full name.
    pub name: Text,
    /// What kind of park it is.
    pub kind: ParkKind,
    /// Who approved it.
    pub level: ParkLevel,
    /// One paragraph on what the park is for.
    pub summary: Text,
    /// Its outline (WGS-84).
    pub boundary: Boundary,
    /// Planned area, km².
    pub planned_area_km2: f64,
    /// Built-up area, km².
    pub built_area_km2: f64,
    /// Leading industries (主导产业), ids into the catalog's industries.
    pub leading_industry_ids: Vec<String>,
    /// Industrial economy (产业经济) for one year.
    pub economy: Option<ParkEconomy>,
    /// Planning (产业规划).
    pub planning: Text,
    /// Development goals (发展目标).
    pub goals: Text,
    /// Key enterprises (重点企业).
    pub key_enterprises: Vec<Text>,
    /// Utilities (水电气讯).
    pub utilities: Utilities,
    /// Distances to transport hubs (交通区位).
    pub transport: Vec<HubDistance>,
    /// Who to talk to.
    pub contact: ParkContact,
    /// Photos.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// A panorama (VR) tour, for 不见面考察.
    #[serde(default)]
    pub panorama_url: Option<String>,
    /// Last change (RFC 3339).
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub updated_at: DateTime<Utc>,
    /// When staff last confirmed the record is true (最后核实日期).
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub verified_at: NaiveDate,
    /// Shown to the public.
    #[serde(default = "yes")]
    pub published: bool,
}

pub(crate) fn yes() -> bool {
    true
}

/// What kind of park.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParkKind {
    /// 工业园区.
    Industrial,
    /// 农产品加工贸易园.
    AgriProcessingTrade,
    /// 电商产业园.
    Ecommerce,
    /// 高新区.
    HighTech,
    /// 物流园区.
    Logistics,
}

/// Who approved the park.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParkLevel {
    /// 国家级.
    National,
    /// 省级.
    Provincial,
    /// 市级.
    Municipal,
    /// 县级.
    County,
}

/// The park's industrial economy (产业经济) for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParkEconomy {
    /// The year the figures are for.
    pub year: i32,
    /// Gross industrial output value (产值), 亿元 (100 million yuan).
    pub output_value_100m_yuan: f64,
    /// Tax revenue (税收), 亿元.
    pub tax_revenue_100m_yuan: f64,
    /// Enterprises in the park (企业数).
    pub enterprise_count: u32,
    /// Of which above designated size (规上企业).
    pub above_scale_enterprise_count: u32,
}

/// Utilities (水电气讯).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Utilities {
    /// Highest substation voltage serving the park, kV.
    pub substation_kv: u32,
    /// Power capacity available to new users, kVA.
    pub power_capacity_kva: u32,
    /// Water supply capacity, t/day.
    pub water_t_per_day: u32,
    /// Piped natural gas.
    pub natural_gas: bool,
    /// Sewage treatment capacity, t/day.
    pub sewage_t_per_day: u32,
    /// Broadband and mobile coverage.
    pub broadband: Text,
}

/// The distance from a park to a transport hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HubDistance {
    /// Id into the catalog's transport hubs.
    pub hub_id: String,
    /// Road distance, km.
    pub distance_km: f64,
    /// Driving time, minutes.
    pub drive_minutes: u32,
}

/// Who to talk to at a park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParkContact {
    /// The park's administrative committee (管委会).
    pub office: Text,
    /// The named helper (园小二) who answers investors.
    pub helper: Text,
    /// Telephone.
    pub phone: String,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Street address.
    pub address: Text,
}

/// A photo with a caption. Photos uploaded through the console are re-encoded by the server
/// into a display size and a thumbnail (`/api/photos/…`), their metadata (EXIF, GPS) removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    /// Where the image is (absolute, or relative to the app).
    pub url: String,
    /// A small copy for lists, when there is one.
    #[serde(default)]
    pub thumbnail_url: Option<String>,
    /// What it shows: also its text alternative for people who cannot see it (required).
    pub caption: Text,
}
