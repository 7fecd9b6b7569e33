//! The counties (区县) of a city's catalog. One deployment serves a city and its counties
//! (the plan's item 47: the county's map runs on the city's map system); a catalog without
//! regions is the smallest case, a single county.

use super::{BaseLayer, ServiceCenter};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// A county (区县) of the city.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    /// Stable id, lowercase letters, digits and `-`; what a county's embed and its address name.
    pub id: String,
    /// Its name, e.g. 示例县.
    pub name: Text,
    /// Its outline, towns, roads, railways and rivers: the base map when it is shown alone.
    pub base_layer: BaseLayer,
    /// Its investment service centre: the contact shown for its parks, and the one whose time
    /// limits a request about its parks is handled in.
    pub service_center: ServiceCenter,
}

/// The counties as staff edit them, one document (`PUT /api/admin/parts/regions`); the catalog
/// holds the list itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionsPart {
    /// The city's counties.
    pub regions: Vec<Region>,
}
