//! A facility's specification, row by row in words: what the card's table, the comparison and
//! the dossier all show. A figure that belongs to the facility's kind and terms but is not
//! given reads 未提供 (a site selector must see what is missing, not miss that it is); one
//! that does not belong (a floor height on a plot, a rent on a building for sale) is left out.

use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::state::lang_of;
use ysmap_model::Catalog;
use ysmap_model::catalog::Facility;

/// A row: its label and its value (`None`: not given).
pub type Row = (&'static str, Option<String>);

/// The rows of `f`'s specification in `l`'s words.
pub fn rows(l: Locale, f: &Facility, catalog: &Catalog) -> Vec<Row> {
    let q = |v: Option<f64>, d: usize, unit: Unit| v.map(|v| format::quantity(l, v, d, unit));
    let building = f.kind.is_building();
    // One storey: its figures are the building's; several go in the storeys' table.
    let one_storey = f.floor_specs.len() <= 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut add = |show: bool, label: &'static str, value: Option<String>| {
        if show {
            rows.push((label, value));
        }
    };
    add(
        building,
        td_string!(l, building_area),
        q(f.building_area_m2, 0, Unit::M2),
    );
    add(
        building,
        td_string!(l, divisible_min_area),
        q(f.divisible_min_area_m2, 0, Unit::M2),
    );
    add(
        !building || f.land_area_m2.is_some(),
        td_string!(l, land_area),
        q(f.land_area_m2, 0, Unit::M2),
    );
    add(
        building,
        td_string!(l, floors),
        f.floors.map(|n| n.to_string()),
    );
    add(
        building && one_storey,
        td_string!(l, floor_height),
        q(f.floor_height_m, 1, Unit::M),
    );
    add(
        building && one_storey,
        td_string!(l, floor_load),
        q(f.floor_load_t_per_m2, 2, Unit::TPerM2),
    );
    // The model leaves the crane out when there is none.
    add(
        building && one_storey,
        td_string!(l, crane),
        Some(q(f.crane_t, 1, Unit::T).unwrap_or_else(|| td_string!(l, no_crane).to_owned())),
    );
    add(true, td_string!(l, power), q(f.power_kva, 0, Unit::Kva));
    add(
        building,
        td_string!(l, fire_grade),
        f.fire_resistance_grade
            .map(|g| td_string!(l, fire_grade_value, grade = g).to_string()),
    );
    let yes_no = |b: bool| {
        if b {
            td_string!(l, yes)
        } else {
            td_string!(l, no)
        }
        .to_owned()
    };
    add(true, td_string!(l, eia), Some(yes_no(f.eia_allowed)));
    add(
        true,
        td_string!(l, land_use),
        Some(labels::land_use(l, f.land_use).to_owned()),
    );
    let (rent, sale) = (f.offers_rent(), f.offers_sale());
    add(
        rent,
        td_string!(l, rent),
        q(f.rent_yuan_per_m2_month, 1, Unit::YuanPerM2Month),
    );
    add(
        sale,
        td_string!(l, sale_price),
        q(f.sale_price_yuan_per_m2, 0, Unit::YuanPerM2),
    );
    add(
        building && (rent || sale),
        td_string!(l, property_fee),
        q(f.property_fee_yuan_per_m2_month, 1, Unit::YuanPerM2Month),
    );
    add(
        rent,
        td_string!(l, free_rent),
        q(f.free_rent_months.map(f64::from), 0, Unit::Months),
    );
    add(
        rent,
        td_string!(l, min_lease),
        q(f.min_lease_months.map(f64::from), 0, Unit::Months),
    );
    add(
        f.available_from.is_some()
            || f.availability.offer() != ysmap_model::catalog::Offer::OnOffer,
        td_string!(l, available_from),
        f.available_from.map(|d| format::date(l, d)),
    );
    let names = |ids: &[String]| {
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|i| catalog.industry(i))
            .map(|i| i.name.get(lang_of(l)))
            .collect();
        format::list(l, &names)
    };
    // No suitable industries listed: any the park admits (the model's meaning).
    let suitable = if f.suitable_industry_ids.is_empty() {
        td_string!(l, any_the_park_admits).to_owned()
    } else {
        names(&f.suitable_industry_ids)
    };
    add(true, td_string!(l, suitable_industries), Some(suitable));
    let excluded = if f.excluded_industry_ids.is_empty() {
        td_string!(l, none_excluded).to_owned()
    } else {
        names(&f.excluded_industry_ids)
    };
    add(true, td_string!(l, excluded_industries), Some(excluded));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        serde_json::from_str(include_str!("../public/data/catalog.json")).expect("sample")
    }

    fn row<'a>(rows: &'a [Row], label: &str) -> Option<&'a Option<String>> {
        rows.iter().find(|(l, _)| *l == label).map(|(_, v)| v)
    }

    #[test]
    fn blanks_that_belong_read_not_given_and_others_are_left_out() {
        let c = sample();
        let mut f = c
            .facilities
            .iter()
            .find(|f| f.id == "fac-industrial-factory-5")
            .expect("sample")
            .clone();
        f.power_kva = None;
        f.free_rent_months = None;
        let r = rows(Locale::zh_CN, &f, &c);
        assert_eq!(row(&r, "电力容量"), Some(&None));
        assert_eq!(row(&r, "免租期"), Some(&None));
        // For rent only: no sale price.
        assert_eq!(row(&r, "售价"), None);
        let land = c
            .facilities
            .iter()
            .find(|f| f.kind == ysmap_model::catalog::FacilityKind::Land)
            .expect("sample");
        let r = rows(Locale::en, land, &c);
        assert!(row(&r, "Floor height").is_none() && row(&r, "Building area").is_none());
        assert!(row(&r, "Land area").is_some_and(Option::is_some));
    }
}
