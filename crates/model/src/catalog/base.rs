//! Transport hubs and the vector base map (county outline, towns, roads, rail, rivers) that
//! keeps the map useful when raster tiles cannot be loaded.

use crate::geometry::{Boundary, LineString, Point};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// An expressway exit, station, airport or logistics port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransportHub {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// What it is.
    pub kind: HubKind,
    /// Where it is (WGS-84). Hubs outside the county (an airport) are allowed.
    pub location: Point,
}

/// What a transport hub is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HubKind {
    /// 高速出入口.
    ExpresswayExit,
    /// 火车站.
    RailwayStation,
    /// 高铁站.
    HighSpeedRailStation,
    /// 机场.
    Airport,
    /// 物流港 / 陆港.
    LogisticsPort,
}

/// The vector base map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseLayer {
    /// The county's outline.
    pub outline: Boundary,
    /// Towns (镇/街道), the county seat among them.
    pub towns: Vec<Town>,
    /// Roads, railways and rivers.
    pub lines: Vec<BaseLine>,
}

/// A town on the base map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Town {
    /// Name.
    pub name: Text,
    /// Where its centre is.
    pub location: Point,
    /// True for the county seat (县城).
    #[serde(default)]
    pub is_seat: bool,
}

/// A road, railway or river on the base map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseLine {
    /// What it is; decides how it is drawn.
    pub kind: BaseLineKind,
    /// Name, e.g. 连霍高速 G30.
    pub name: Text,
    /// Its course.
    pub path: LineString,
}

/// What a base-map line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseLineKind {
    /// 高速公路.
    Expressway,
    /// 国道 / 省道.
    MainRoad,
    /// 铁路.
    Railway,
    /// 河流.
    River,
    /// 区县界: a county's border inside a city's map (drawn from its outline, not listed in a
    /// catalog's own lines).
    CountyBorder,
}
