//! A facility's specification, row by row in words: what the card's table, the comparison and
//! the dossier all show. A figure that belongs to the facility's kind and terms but is not
//! given reads 未提供 (a site selector must see what is missing, not miss that it is); one
//! that does not belong (a floor height on a plot, a rent on a building for sale) is left out.

use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::markup::Markup;
use crate::state::lang_of;
use ysmap_model::Catalog;
use ysmap_model::catalog::{Facility, FloorSpec, Park};
use ysmap_model::cost::{Estimate, Item};

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
            || f.availability.offer() == ysmap_model::catalog::Offer::UnderConstruction,
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

/// The card's read-only body as HTML: the specification, each storey's figures (several
/// storeys), the hubs by straight-line distance, and the occupancy cost estimate `cost` with
/// its working (folded on screen; `on_paper`: open, since paper has no button to open it).
pub fn card_html(
    l: Locale,
    f: &Facility,
    catalog: &Catalog,
    cost: Option<&Estimate>,
    on_paper: bool,
) -> String {
    let mut m = Markup::new();
    specs_html(&mut m, l, "ysmap-specs", &rows(l, f, catalog));
    let storeys = f.storeys();
    if storeys.len() > 1 {
        storeys_html(&mut m, l, &storeys);
    }
    let hubs = catalog.hubs_by_distance(&f.location);
    if !hubs.is_empty() {
        m.element("h5", "", td_string!(l, hubs_straight_line));
        m.open("ul", "ysmap-hubs");
        for (hub, km) in hubs {
            let line = format!(
                "{} · {} · {}",
                hub.name.get(lang_of(l)),
                labels::hub_kind(l, hub.kind),
                format::quantity(l, km, 1, Unit::Km)
            );
            m.element("li", "", &line);
        }
        m.close("ul");
    }
    if let Some(e) = cost {
        cost_html(&mut m, l, catalog, e, on_paper);
    }
    m.finish()
}

/// Rows as a `<dl>` of `class`: a blank reads 未提供, marked `missing`.
pub fn specs_html(m: &mut Markup, l: Locale, class: &str, rows: &[Row]) {
    m.open("dl", class);
    for (label, value) in rows {
        m.open("div", if value.is_none() { "missing" } else { "" });
        m.element("dt", "", label);
        m.element(
            "dd",
            "",
            value.as_deref().unwrap_or(td_string!(l, not_given)),
        );
        m.close("div");
    }
    m.close("dl");
}

/// Each storey's area, height, load and crane, ground floor first; a blank is not given,
/// except a crane's (the model leaves it out when there is none).
fn storeys_html(m: &mut Markup, l: Locale, storeys: &[FloorSpec]) {
    m.open("div", "ysmap-table-scroll")
        .open("table", "ysmap-storeys");
    m.element("caption", "", td_string!(l, storeys_heading));
    m.open("thead", "").open("tr", "");
    for head in [
        td_string!(l, storey_col),
        td_string!(l, area_col),
        td_string!(l, floor_height),
        td_string!(l, floor_load),
        td_string!(l, crane),
    ] {
        m.open_with("th", "scope=\"col\"").text(head).close("th");
    }
    m.close("tr").close("thead").open("tbody", "");
    for s in storeys {
        m.open("tr", "");
        m.open_with("th", "scope=\"row\"")
            .text(&td_string!(l, storey_n, n = s.floor).to_string())
            .close("th");
        for (v, d, unit) in [
            (s.area_m2, 0, Unit::M2),
            (s.floor_height_m, 1, Unit::M),
            (s.floor_load_t_per_m2, 2, Unit::TPerM2),
            (s.crane_t, 1, Unit::T),
        ] {
            let text = match v {
                Some(v) => format::quantity(l, v, d, unit),
                None if matches!(unit, Unit::T) => td_string!(l, no_crane).to_owned(),
                None => td_string!(l, not_given).to_owned(),
            };
            m.element("td", "", &text);
        }
        m.close("tr");
    }
    m.close("tbody").close("table").close("div");
}

/// The cost estimate: the net figures, then the working line by line, the rules, and the
/// policies named but not counted.
fn cost_html(m: &mut Markup, l: Locale, catalog: &Catalog, e: &Estimate, open: bool) {
    let lang = lang_of(l);
    let title = |i: usize| catalog.policies[i].title.get(lang).to_owned();
    let names = |ids: &[usize]| {
        let titles: Vec<String> = ids.iter().map(|&i| title(i)).collect();
        format::list(l, &titles)
    };
    let area = format::quantity(l, e.area_m2, 0, Unit::M2);
    m.open("section", "ysmap-cost");
    m.element("h5", "", td_string!(l, cost_heading));
    let net = td_string!(
        l,
        cost_summary,
        per_m2 = format::quantity(l, e.per_m2_month_yuan(), 1, Unit::YuanPerM2Month),
        per_year = format::yuan(l, e.per_year_yuan()),
        area = area.clone()
    )
    .to_string();
    m.element("p", "ysmap-cost-net", &net);
    if !e.unknown.is_empty() {
        let text = td_string!(l, cost_unknown, names = names(&e.unknown)).to_string();
        m.element("p", "ysmap-note", &text);
    }
    m.raw(if open { "<details open>" } else { "<details>" })
        .element("summary", "", td_string!(l, cost_working));
    m.open("div", "ysmap-table-scroll")
        .open("table", "")
        .open("tbody", "");
    for line in &e.lines {
        let what = match line.item {
            Item::Rent => td_string!(l, rent).to_owned(),
            Item::PropertyFee => td_string!(l, property_fee).to_owned(),
            Item::FreeRent => td_string!(l, free_rent).to_owned(),
            Item::Relief { policy, share } => td_string!(
                l,
                cost_relief,
                policy = title(policy),
                share = format::number(share * 100.0, 0)
            )
            .to_string(),
        };
        let working = match line.rate {
            Some(rate) => td_string!(
                l,
                cost_formula,
                months = line.months,
                rate = format::quantity(l, rate.abs(), 1, Unit::YuanPerM2Month),
                area = area.clone()
            )
            .to_string(),
            None => td_string!(l, cost_not_counted).to_owned(),
        };
        m.open("tr", "");
        m.open_with("th", "scope=\"row\"").text(&what).close("th");
        m.element("td", "", &working);
        m.element("td", "num", &format::yuan(l, line.yuan));
        m.close("tr");
    }
    m.close("tbody").open("tfoot", "").open("tr", "");
    m.open_with("th", "scope=\"row\"")
        .text(&td_string!(l, cost_total, months = e.months).to_string())
        .close("th");
    m.element("td", "", "");
    m.element("td", "num", &format::yuan(l, e.total_yuan()));
    m.close("tr").close("tfoot").close("table").close("div");
    if !e.not_combined.is_empty() {
        let text = td_string!(l, cost_not_combined, names = names(&e.not_combined)).to_string();
        m.element("p", "ysmap-note", &text);
    }
    let area_note = if e.whole_building {
        td_string!(l, cost_area_whole)
    } else {
        td_string!(l, cost_area_needs)
    };
    let rules = format!(
        "{area_note} {}",
        td_string!(l, cost_rules, months = e.months)
    );
    m.element("p", "ysmap-note", &rules);
    m.close("details").close("section");
}

/// A section of a park's details: `<section aria-labelledby=…><h3 id=…>heading</h3>`; the
/// caller writes the body and closes it.
fn park_section(m: &mut Markup, id: &str, heading: &str) {
    m.open_with("section", &format!("aria-labelledby=\"ysmap-sec-{id}\""));
    m.open_with("h3", &format!("id=\"ysmap-sec-{id}\""))
        .text(heading)
        .close("h3");
}

/// A park's read-only details above its facilities: its area, its industrial economy and its
/// leading industries.
pub fn park_upper_html(l: Locale, park: &Park, catalog: &Catalog) -> String {
    let mut m = Markup::new();
    park_section(&mut m, "overview", td_string!(l, sec_overview));
    let area = |v: f64| Some(format::quantity(l, v, 2, Unit::Km2));
    specs_html(
        &mut m,
        l,
        "ysmap-figures",
        &[
            (td_string!(l, planned_area), area(park.planned_area_km2)),
            (td_string!(l, built_area), area(park.built_area_km2)),
        ],
    );
    m.close("section");
    if let Some(e) = &park.economy {
        park_section(&mut m, "figures", td_string!(l, sec_figures));
        m.element(
            "p",
            "ysmap-note",
            &td_string!(l, figures_year, year = e.year).to_string(),
        );
        specs_html(
            &mut m,
            l,
            "ysmap-figures",
            &[
                (
                    td_string!(l, output_value),
                    Some(format::hundred_million_yuan(l, e.output_value_100m_yuan)),
                ),
                (
                    td_string!(l, tax_revenue),
                    Some(format::hundred_million_yuan(l, e.tax_revenue_100m_yuan)),
                ),
                (
                    td_string!(l, enterprises),
                    Some(format::number(f64::from(e.enterprise_count), 0)),
                ),
                (
                    td_string!(l, above_scale),
                    Some(format::number(f64::from(e.above_scale_enterprise_count), 0)),
                ),
            ],
        );
        m.close("section");
    }
    park_section(&mut m, "industries", td_string!(l, sec_industries));
    m.open("ul", "ysmap-industries");
    for ind in park
        .leading_industry_ids
        .iter()
        .filter_map(|i| catalog.industry(i))
    {
        m.open("li", "");
        m.element("span", "name", ind.name.get(lang_of(l)));
        m.element("span", "code", &format!("GB/T 4754: {}", ind.code));
        m.element("span", "chain", labels::chain(l, ind.chain));
        m.close("li");
    }
    m.close("ul").close("section");
    m.finish()
}

/// A park's read-only details below its policies: its planning, goals and key enterprises, its
/// utilities, its transport, whom to call.
pub fn park_lower_html(l: Locale, park: &Park, catalog: &Catalog) -> String {
    let lang = lang_of(l);
    let mut m = Markup::new();
    park_section(&mut m, "planning", td_string!(l, sec_planning));
    m.element("p", "", park.planning.get(lang));
    m.element("h4", "", td_string!(l, sec_goals));
    m.element("p", "", park.goals.get(lang));
    m.element("h4", "", td_string!(l, sec_enterprises));
    m.open("ul", "ysmap-plain-list");
    for e in &park.key_enterprises {
        m.element("li", "", e.get(lang));
    }
    m.close("ul").close("section");

    let u = &park.utilities;
    park_section(&mut m, "utilities", td_string!(l, sec_utilities));
    let q = |v: u32, unit: Unit| Some(format::quantity(l, f64::from(v), 0, unit));
    let gas = if u.natural_gas {
        td_string!(l, piped)
    } else {
        td_string!(l, not_piped)
    };
    specs_html(
        &mut m,
        l,
        "ysmap-specs",
        &[
            (td_string!(l, substation), q(u.substation_kv, Unit::Kv)),
            (
                td_string!(l, power_capacity),
                q(u.power_capacity_kva, Unit::Kva),
            ),
            (
                td_string!(l, water_supply),
                q(u.water_t_per_day, Unit::TPerDay),
            ),
            (td_string!(l, sewage), q(u.sewage_t_per_day, Unit::TPerDay)),
            (td_string!(l, natural_gas), Some(gas.to_owned())),
            (
                td_string!(l, broadband),
                Some(u.broadband.get(lang).to_owned()),
            ),
        ],
    );
    m.close("section");

    park_section(&mut m, "transport", td_string!(l, sec_transport));
    m.open("ul", "ysmap-transport");
    for (hub, t) in park
        .transport
        .iter()
        .filter_map(|t| catalog.hub(&t.hub_id).map(|h| (h, t)))
    {
        m.open("li", "");
        m.element("span", "name", hub.name.get(lang));
        m.element("span", "kind", labels::hub_kind(l, hub.kind));
        let time = td_string!(
            l,
            drive_time,
            km = format::number(t.distance_km, 1),
            minutes = t.drive_minutes
        );
        m.element("span", "distance", &time.to_string());
        m.close("li");
    }
    m.close("ul").close("section");

    let c = &park.contact;
    park_section(&mut m, "contact", td_string!(l, sec_contact));
    m.open("dl", "ysmap-specs");
    let row = |m: &mut Markup, label: &str, value: &str, href: Option<String>| {
        m.open("div", "").element("dt", "", label).open("dd", "");
        match href {
            Some(href) => m.link(&href, value),
            None => m.text(value),
        };
        m.close("dd").close("div");
    };
    row(
        &mut m,
        td_string!(l, contact_office),
        c.office.get(lang),
        None,
    );
    row(
        &mut m,
        td_string!(l, contact_helper),
        c.helper.get(lang),
        None,
    );
    row(
        &mut m,
        td_string!(l, contact_phone),
        &c.phone,
        Some(ysmap_model::text::dial(&c.phone)),
    );
    if let Some(e) = &c.email {
        row(
            &mut m,
            td_string!(l, contact_email),
            e,
            Some(format!("mailto:{e}")),
        );
    }
    row(
        &mut m,
        td_string!(l, contact_address),
        c.address.get(lang),
        None,
    );
    // In a city's catalog: the county it lies in, whose service centre handles requests
    // about it.
    if let Some(region) = catalog.region_of(park) {
        row(
            &mut m,
            td_string!(l, park_region),
            region.name.get(lang),
            None,
        );
        let center = &region.service_center;
        row(
            &mut m,
            td_string!(l, dossier_service_center),
            &format!("{} · {}", center.name.get(lang), center.phone),
            Some(ysmap_model::text::dial(&center.phone)),
        );
    }
    m.close("dl").close("section");
    m.finish()
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

    #[test]
    fn the_card_says_blanks_and_shows_the_cost_working_line_by_line() {
        let c = sample();
        let mut f = c
            .facilities
            .iter()
            .find(|f| f.id == "fac-industrial-factory-1")
            .expect("sample")
            .clone();
        f.power_kva = None;
        let profile = ysmap_model::eligibility::EnterpriseProfile {
            investment_10k_yuan: Some(2000.0),
            jobs: Some(80.0),
            ..Default::default()
        };
        let today = ysmap_model::clock::county_date(c.meta.updated_at);
        let e = ysmap_model::cost::estimate(&c, &f, None, &profile, today).expect("for rent");
        let html = card_html(Locale::zh_CN, &f, &c, Some(&e), false);
        assert!(
            html.contains("<div class=\"missing\"><dt>电力容量</dt><dd>未提供</dd></div>"),
            "{html}"
        );
        // Two storeys: their table; the hubs; the cost, net and working.
        assert!(html.contains("class=\"ysmap-storeys\"") && html.contains("class=\"ysmap-hubs\""));
        assert!(
            html.contains("净成本约 2.5 元/平方米·月,每年 14.4 万元(按 4,800 平方米 计)"),
            "{html}"
        );
        assert!(
            html.contains("24 个月 × 12 元/平方米·月 × 4,800 平方米"),
            "{html}"
        );
        assert!(html.contains("-138.24 万元"), "{html}");
        assert!(html.contains("36 个月合计"));
    }
}
