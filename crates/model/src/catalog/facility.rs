//! Facilities (载体): standard factories, buildings, warehouses and land on offer in a park.

use super::park::{Photo, yes};
use crate::geometry::Point;
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A building or plot on offer. Quantities carry their unit in the name; absent means unknown or
/// not applicable (a plot has no floor height).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facility {
    /// Stable id.
    pub id: String,
    /// The park it is in.
    pub park_id: String,
    /// Name, e.g. 3号标准化厂房.
    pub name: Text,
    /// Factory, building, warehouse or land.
    pub kind: FacilityKind,
    /// Where it is (WGS-84); inside its park's boundary.
    pub location: Point,
    /// A sentence or two on the facility.
    #[serde(default)]
    pub description: Text,
    /// Gross building area, m² (建筑面积).
    #[serde(default)]
    pub building_area_m2: Option<f64>,
    /// The smallest part it can be divided into, m² (可分割面积).
    #[serde(default)]
    pub divisible_min_area_m2: Option<f64>,
    /// Land area, m² (占地/用地面积).
    #[serde(default)]
    pub land_area_m2: Option<f64>,
    /// Storeys above ground.
    #[serde(default)]
    pub floors: Option<u32>,
    /// Each storey's own figures, ground floor first, for a building of more than one storey
    /// (an upper floor rarely has the ground floor's height, load or crane). The fields below
    /// keep the ground floor's, for systems that read one set.
    #[serde(default)]
    pub floor_specs: Vec<FloorSpec>,
    /// Clear floor height of the ground floor, m (层高).
    #[serde(default)]
    pub floor_height_m: Option<f64>,
    /// Ground-floor load, t/m² (承重).
    #[serde(default)]
    pub floor_load_t_per_m2: Option<f64>,
    /// Overhead crane capacity, t (行车); absent when there is none.
    #[serde(default)]
    pub crane_t: Option<f64>,
    /// Electrical capacity available, kVA.
    #[serde(default)]
    pub power_kva: Option<f64>,
    /// Fire resistance grade of the building, 1 (best) to 4 (耐火等级).
    #[serde(default)]
    pub fire_resistance_grade: Option<u8>,
    /// Uses that need an environmental-impact assessment can be approved here (可环评).
    pub eia_allowed: bool,
    /// Land-use class (用地性质).
    pub land_use: LandUse,
    /// Rent, yuan per m² per month.
    #[serde(default)]
    pub rent_yuan_per_m2_month: Option<f64>,
    /// Sale price, yuan per m² (for land, per m² of land).
    #[serde(default)]
    pub sale_price_yuan_per_m2: Option<f64>,
    /// Property management fee, yuan per m² per month.
    #[serde(default)]
    pub property_fee_yuan_per_m2_month: Option<f64>,
    /// Rent-free months offered (免租期).
    #[serde(default)]
    pub free_rent_months: Option<u32>,
    /// Shortest lease, months.
    #[serde(default)]
    pub min_lease_months: Option<u32>,
    /// For rent, for sale, both, let or sold, or under construction.
    pub availability: Availability,
    /// When it can be moved into.
    #[serde(default, deserialize_with = "crate::clock::wire::date_opt")]
    pub available_from: Option<NaiveDate>,
    /// Industries it suits (ids); empty means any the park admits.
    #[serde(default)]
    pub suitable_industry_ids: Vec<String>,
    /// Industries it cannot take (ids).
    #[serde(default)]
    pub excluded_industry_ids: Vec<String>,
    /// Photos.
    #[serde(default)]
    pub photos: Vec<Photo>,
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

/// What a facility is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// 标准化厂房.
    Factory,
    /// 楼宇 (offices, incubators).
    Building,
    /// 仓库.
    Warehouse,
    /// 土地 (a plot).
    Land,
}

impl FacilityKind {
    /// Every kind, in the order lists show them.
    pub const ALL: [FacilityKind; 4] = [
        FacilityKind::Factory,
        FacilityKind::Building,
        FacilityKind::Warehouse,
        FacilityKind::Land,
    ];

    /// True for kinds that are buildings (they have a building area).
    pub fn is_building(self) -> bool {
        !matches!(self, FacilityKind::Land)
    }
}

/// Land-use class (用地性质).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LandUse {
    /// 工业用地.
    Industrial,
    /// 物流仓储用地.
    Warehousing,
    /// 商服用地.
    Commercial,
}

/// One storey's figures (分层参数). Absent means not known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FloorSpec {
    /// Storey number, 1 for the ground floor.
    pub floor: u32,
    /// Floor area of this storey, m².
    #[serde(default)]
    pub area_m2: Option<f64>,
    /// Clear height, m.
    #[serde(default)]
    pub floor_height_m: Option<f64>,
    /// Floor load, t/m².
    #[serde(default)]
    pub floor_load_t_per_m2: Option<f64>,
    /// Overhead crane capacity, t; absent when there is none.
    #[serde(default)]
    pub crane_t: Option<f64>,
}

impl Facility {
    /// The figures of each storey: the listed ones, or for a single-storey building the
    /// facility's own (then the storey is the whole building); none for land.
    pub fn storeys(&self) -> Vec<FloorSpec> {
        if !self.floor_specs.is_empty() {
            return self.floor_specs.clone();
        }
        if !self.kind.is_building() {
            return Vec::new();
        }
        vec![FloorSpec {
            floor: 1,
            area_m2: self.building_area_m2,
            floor_height_m: self.floor_height_m,
            floor_load_t_per_m2: self.floor_load_t_per_m2,
            crane_t: self.crane_t,
        }]
    }

    /// True when rent terms belong on it: for rent, offered both ways, or being built (its
    /// terms may be announced either way). The consistency check refuses them elsewhere.
    pub fn offers_rent(&self) -> bool {
        matches!(
            self.availability,
            Availability::ForRent | Availability::ForRentOrSale | Availability::UnderConstruction
        )
    }

    /// True when a sale price belongs on it (see [`Facility::offers_rent`]).
    pub fn offers_sale(&self) -> bool {
        matches!(
            self.availability,
            Availability::ForSale | Availability::ForRentOrSale | Availability::UnderConstruction
        )
    }
}

/// Whether and how a facility can be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// 可租.
    ForRent,
    /// 可售 (or, for land, 可出让).
    ForSale,
    /// 可租可售: offered both ways.
    ForRentOrSale,
    /// 已租 / 已售.
    Let,
    /// 在建.
    UnderConstruction,
}

/// The three states every count, card, marker and filter uses: one rule, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offer {
    /// Can be taken now (可租, 可售, 可租可售).
    OnOffer,
    /// Being built; it can be reserved (在建).
    UnderConstruction,
    /// Let or sold (已租/已售): not available, shown only on request.
    Taken,
}

impl Availability {
    /// Which of the three states it is in.
    ///
    /// ```
    /// use ysmap_model::catalog::{Availability, Offer};
    /// assert_eq!(Availability::ForRentOrSale.offer(), Offer::OnOffer);
    /// assert_eq!(Availability::UnderConstruction.offer(), Offer::UnderConstruction);
    /// assert_eq!(Availability::Let.offer(), Offer::Taken);
    /// ```
    pub fn offer(self) -> Offer {
        match self {
            Availability::ForRent | Availability::ForSale | Availability::ForRentOrSale => {
                Offer::OnOffer
            }
            Availability::UnderConstruction => Offer::UnderConstruction,
            Availability::Let => Offer::Taken,
        }
    }

    /// True when it can be taken now.
    pub fn is_on_offer(self) -> bool {
        self.offer() == Offer::OnOffer
    }

    /// True when the map and the lists show it by default: on offer or being built.
    pub fn is_shown_by_default(self) -> bool {
        self.offer() != Offer::Taken
    }
}

/// How many facilities are in each state: what a park's card says and its markers add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OfferCounts {
    /// Can be taken now.
    pub on_offer: usize,
    /// Being built.
    pub under_construction: usize,
    /// Let or sold.
    pub taken: usize,
}

impl OfferCounts {
    /// The counts over `facilities`.
    pub fn of<'a>(facilities: impl IntoIterator<Item = &'a Facility>) -> Self {
        let mut c = OfferCounts::default();
        for f in facilities {
            match f.availability.offer() {
                Offer::OnOffer => c.on_offer += 1,
                Offer::UnderConstruction => c.under_construction += 1,
                Offer::Taken => c.taken += 1,
            }
        }
        c
    }

    /// How many the map draws by default (on offer and being built).
    pub fn shown_by_default(&self) -> usize {
        self.on_offer + self.under_construction
    }
}
