//! The catalog consistency check. A county replaces the sample catalog with its own; before the
//! server publishes one it runs [`check`], and refuses a catalog with problems, listing all of
//! them so they can be fixed in one pass.
//!
//! What it checks: ids are well formed and unique; every reference resolves; every facility lies
//! inside its park and every park inside the county (and, in a city's catalog, inside its own
//! county of the city's regions); a county's policy names only that county's parks; geometry is well formed; dates are ordered
//! and not in the future; quantities are positive and agree with each other; names and
//! the texts investors read have both languages.

use crate::catalog::{Availability, Catalog, Facility, is_gbt4754_code};
use crate::geometry::{Boundary, Point, Position};
use crate::text::Text;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use std::fmt;

/// One thing wrong with a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: the collection and record id, then the field (`facilities[f-01].location`).
    pub at: String,
    /// What is wrong.
    pub message: Text,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} / {}", self.at, self.message.en, self.message.zh)
    }
}

struct Checker {
    problems: Vec<Problem>,
    now: DateTime<Utc>,
}

impl Checker {
    fn report(&mut self, at: String, zh: impl Into<String>, en: impl Into<String>) {
        self.problems.push(Problem {
            at,
            message: Text::new(zh, en),
        });
    }

    fn ids<'a>(
        &mut self,
        collection: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for id in ids {
            let well_formed = !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !well_formed {
                self.report(
                    format!("{collection}[{id}]"),
                    "编号只能由小写字母、数字和连字符组成(不超过 64 个字符)",
                    "an id is 1–64 lowercase letters, digits and dashes",
                );
            }
            if !seen.insert(id) {
                self.report(
                    format!("{collection}[{id}]"),
                    "编号重复",
                    "the id is used twice",
                );
            }
        }
        seen
    }

    fn reference(&mut self, at: String, id: &str, known: &HashSet<&str>, what: &str) {
        if !known.contains(id) {
            self.report(
                at,
                format!("引用的{what}“{id}”不存在"),
                format!("refers to {what} '{id}', which does not exist"),
            );
        }
    }

    fn text(&mut self, at: String, t: &Text) {
        if t.is_incomplete() {
            self.report(
                at,
                "中文和英文都须填写",
                "both Chinese and English are needed",
            );
        }
    }

    /// Every photo has an address and a caption in both languages (its text alternative).
    fn photos(&mut self, at: &str, photos: &[crate::catalog::Photo]) {
        for (i, p) in photos.iter().enumerate() {
            if p.url.trim().is_empty() {
                self.report(
                    format!("{at}.photos[{i}].url"),
                    "照片缺少地址",
                    "the photo has no address",
                );
            }
            if p.caption.is_incomplete() {
                self.report(
                    format!("{at}.photos[{i}].caption"),
                    "请为照片填写中英文说明(供看不到图片的人使用)",
                    "give the photo a caption in Chinese and English (for people who cannot see it)",
                );
            }
        }
    }

    fn dates(&mut self, at: &str, updated_at: DateTime<Utc>, verified_at: NaiveDate) {
        if updated_at > self.now {
            self.report(
                format!("{at}.updated_at"),
                "更新时间晚于当前时间",
                "updated_at is in the future",
            );
        }
        if verified_at > crate::clock::county_date(self.now) {
            self.report(
                format!("{at}.verified_at"),
                "核实日期晚于今天",
                "verified_at is in the future",
            );
        }
    }

    fn positive(&mut self, at: String, value: Option<f64>) {
        if let Some(v) = value
            && !(v.is_finite() && v > 0.0)
        {
            self.report(at, "须为正数", "must be a positive number");
        }
    }

    fn position(&mut self, at: &str, p: &Position) {
        let [lon, lat] = *p;
        if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
            self.report(
                at.to_owned(),
                "坐标超出经纬度范围(应为 [经度, 纬度])",
                "coordinates out of range (expected [longitude, latitude])",
            );
        }
    }

    fn boundary(&mut self, at: String, b: &Boundary) {
        if b.polygons().is_empty() {
            self.report(at.clone(), "边界为空", "the boundary is empty");
        }
        for rings in b.polygons() {
            if rings.is_empty() {
                self.report(
                    at.clone(),
                    "多边形没有外环",
                    "a polygon has no exterior ring",
                );
            }
            for ring in rings {
                if ring.len() < 4 || ring.first() != ring.last() {
                    self.report(
                        at.clone(),
                        "多边形的环须闭合且至少有 4 个坐标",
                        "each ring must be closed and have at least 4 positions",
                    );
                }
                for p in ring {
                    self.position(&at, p);
                }
            }
        }
    }

    /// A base map: its outline, towns and lines, reported under `at`.
    fn base_layer(&mut self, at: &str, layer: &crate::catalog::BaseLayer) {
        self.boundary(format!("{at}.outline"), &layer.outline);
        for (i, t) in layer.towns.iter().enumerate() {
            self.text(format!("{at}.towns[{i}].name"), &t.name);
            self.point(format!("{at}.towns[{i}].location"), &t.location);
        }
        for (i, l) in layer.lines.iter().enumerate() {
            if l.path.coordinates.len() < 2 {
                self.report(
                    format!("{at}.lines[{i}]"),
                    "线要素至少须有 2 个坐标",
                    "a line needs at least 2 positions",
                );
            }
            for p in &l.path.coordinates {
                self.position(&format!("{at}.lines[{i}]"), p);
            }
        }
    }

    fn point(&mut self, at: String, p: &Point) {
        self.position(&at, &p.coordinates);
    }
}

/// Every problem with `catalog`, as of `now` (dates after it are errors). An empty list means
/// the catalog may be published.
pub fn check(catalog: &Catalog, now: DateTime<Utc>) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
        now,
    };
    let industries = c.ids(
        "industries",
        catalog.industries.iter().map(|i| i.id.as_str()),
    );
    let parks = c.ids("parks", catalog.parks.iter().map(|p| p.id.as_str()));
    c.ids(
        "facilities",
        catalog.facilities.iter().map(|f| f.id.as_str()),
    );
    let hubs = c.ids(
        "transport_hubs",
        catalog.transport_hubs.iter().map(|h| h.id.as_str()),
    );
    c.ids("policies", catalog.policies.iter().map(|p| p.id.as_str()));
    let regions = c.ids("regions", catalog.regions.iter().map(|r| r.id.as_str()));

    let meta = &catalog.meta;
    c.text("meta.county".into(), &meta.county);
    c.text("meta.privacy_notice".into(), &meta.privacy_notice);
    if meta.updated_at > now {
        c.report(
            "meta.updated_at".into(),
            "目录更新时间晚于当前时间",
            "the catalog's updated_at is in the future",
        );
    }
    if let Err(kind) = meta.freshness.check() {
        c.report(
            format!("meta.freshness.{kind}"),
            "核实时效须至少 1 天,隐藏时限须长于待核实时限",
            "a verification age must be at least a day, and the hiding age longer than it",
        );
    }

    c.base_layer("base_layer", &catalog.base_layer);
    let county = catalog.base_layer.outline.to_geo();
    for r in &catalog.regions {
        let at = format!("regions[{}]", r.id);
        c.text(format!("{at}.name"), &r.name);
        c.text(format!("{at}.service_center.name"), &r.service_center.name);
        c.base_layer(&format!("{at}.base_layer"), &r.base_layer);
    }
    let region_shapes: Vec<(&str, geo::MultiPolygon<f64>)> = catalog
        .regions
        .iter()
        .map(|r| (r.id.as_str(), r.base_layer.outline.to_geo()))
        .collect();
    let region_of_park = |id: &str| {
        catalog
            .park(id)
            .and_then(|p| p.region_id.as_deref())
            .unwrap_or_default()
    };

    for i in &catalog.industries {
        let at = format!("industries[{}]", i.id);
        if !is_gbt4754_code(&i.code) {
            c.report(
                format!("{at}.code"),
                format!("“{}”不是 GB/T 4754-2017 行业代码", i.code),
                format!("'{}' is not a GB/T 4754-2017 code", i.code),
            );
        }
        c.text(format!("{at}.name"), &i.name);
        c.dates(&at, i.updated_at, i.verified_at);
    }

    for h in &catalog.transport_hubs {
        c.text(format!("transport_hubs[{}].name", h.id), &h.name);
        c.point(format!("transport_hubs[{}].location", h.id), &h.location);
    }

    let park_shapes: Vec<(&str, geo::MultiPolygon<f64>)> = catalog
        .parks
        .iter()
        .map(|p| (p.id.as_str(), p.boundary.to_geo()))
        .collect();
    for p in &catalog.parks {
        let at = format!("parks[{}]", p.id);
        c.photos(&at, &p.photos);
        c.text(format!("{at}.name"), &p.name);
        c.text(format!("{at}.summary"), &p.summary);
        c.boundary(format!("{at}.boundary"), &p.boundary);
        {
            use geo::Contains;
            if !county.contains(&p.boundary.to_geo()) {
                c.report(
                    format!("{at}.boundary"),
                    "园区边界超出县域范围",
                    "the park's boundary is not inside the county outline",
                );
            }
        }
        match &p.region_id {
            Some(id) => {
                c.reference(format!("{at}.region_id"), id, &regions, "区县/region");
                if let Some((_, shape)) = region_shapes.iter().find(|(r, _)| r == id) {
                    use geo::Contains;
                    if !shape.contains(&p.boundary.to_geo()) {
                        c.report(
                            format!("{at}.boundary"),
                            "园区边界超出所属区县范围",
                            "the park's boundary is not inside its county's outline",
                        );
                    }
                }
            }
            None if !catalog.regions.is_empty() => c.report(
                format!("{at}.region_id"),
                "须指明园区所属区县",
                "a park of a city's catalog needs its county (region_id)",
            ),
            None => {}
        }
        c.positive(format!("{at}.planned_area_km2"), Some(p.planned_area_km2));
        c.positive(format!("{at}.built_area_km2"), Some(p.built_area_km2));
        if p.built_area_km2 > p.planned_area_km2 {
            c.report(
                format!("{at}.built_area_km2"),
                "建成面积大于规划面积",
                "the built area exceeds the planned area",
            );
        }
        if p.leading_industry_ids.is_empty() {
            c.report(
                format!("{at}.leading_industry_ids"),
                "至少须有一个主导产业",
                "at least one leading industry is needed",
            );
        }
        for id in &p.leading_industry_ids {
            c.reference(
                format!("{at}.leading_industry_ids"),
                id,
                &industries,
                "产业/industry",
            );
        }
        for t in &p.transport {
            c.reference(
                format!("{at}.transport"),
                &t.hub_id,
                &hubs,
                "交通枢纽/transport hub",
            );
            c.positive(
                format!("{at}.transport[{}].distance_km", t.hub_id),
                Some(t.distance_km),
            );
        }
        if let Some(e) = &p.economy {
            if e.year > chrono::Datelike::year(&crate::clock::county_date(now)) {
                c.report(
                    format!("{at}.economy.year"),
                    "经济数据年份晚于今年",
                    "the economy figures' year is in the future",
                );
            }
            if e.above_scale_enterprise_count > e.enterprise_count {
                c.report(
                    format!("{at}.economy"),
                    "规上企业数大于企业总数",
                    "more enterprises above designated size than enterprises",
                );
            }
        }
        if crate::validation::normalize_phone(&p.contact.phone).is_none() {
            c.report(
                format!("{at}.contact.phone"),
                "联系电话无效",
                "the contact telephone is not valid",
            );
        }
        c.dates(&at, p.updated_at, p.verified_at);
    }

    for f in &catalog.facilities {
        let at = format!("facilities[{}]", f.id);
        c.photos(&at, &f.photos);
        c.text(format!("{at}.name"), &f.name);
        c.point(format!("{at}.location"), &f.location);
        c.reference(format!("{at}.park_id"), &f.park_id, &parks, "园区/park");
        if let Some((_, shape)) = park_shapes.iter().find(|(id, _)| *id == f.park_id) {
            use geo::Contains;
            if !shape.contains(&f.location.to_geo()) {
                c.report(
                    format!("{at}.location"),
                    "载体位置不在所属园区边界内",
                    "the facility lies outside its park's boundary",
                );
            }
        }
        for (name, v) in [
            ("building_area_m2", f.building_area_m2),
            ("divisible_min_area_m2", f.divisible_min_area_m2),
            ("land_area_m2", f.land_area_m2),
            ("floor_height_m", f.floor_height_m),
            ("floor_load_t_per_m2", f.floor_load_t_per_m2),
            ("crane_t", f.crane_t),
            ("power_kva", f.power_kva),
            ("rent_yuan_per_m2_month", f.rent_yuan_per_m2_month),
            ("sale_price_yuan_per_m2", f.sale_price_yuan_per_m2),
            (
                "property_fee_yuan_per_m2_month",
                f.property_fee_yuan_per_m2_month,
            ),
        ] {
            c.positive(format!("{at}.{name}"), v);
        }
        if f.kind.is_building() && f.building_area_m2.is_none() {
            c.report(
                format!("{at}.building_area_m2"),
                "建筑类载体须填写建筑面积",
                "a building needs its building area",
            );
        }
        if !f.kind.is_building() && f.land_area_m2.is_none() {
            c.report(
                format!("{at}.land_area_m2"),
                "土地须填写用地面积",
                "land needs its land area",
            );
        }
        if let (Some(d), Some(b)) = (f.divisible_min_area_m2, f.building_area_m2)
            && d > b
        {
            c.report(
                format!("{at}.divisible_min_area_m2"),
                "可分割面积大于建筑面积",
                "the divisible area exceeds the building area",
            );
        }
        if let Some(g) = f.fire_resistance_grade
            && !(1..=4).contains(&g)
        {
            c.report(
                format!("{at}.fire_resistance_grade"),
                "耐火等级应为 1 至 4 级",
                "the fire resistance grade is 1 to 4",
            );
        }
        facility_terms(&mut c, &at, f);
        facility_storeys(&mut c, &at, f);
        for id in f
            .suitable_industry_ids
            .iter()
            .chain(&f.excluded_industry_ids)
        {
            c.reference(
                format!("{at}.industry_ids"),
                id,
                &industries,
                "产业/industry",
            );
        }
        if f.suitable_industry_ids
            .iter()
            .any(|id| f.excluded_industry_ids.contains(id))
        {
            c.report(
                format!("{at}.excluded_industry_ids"),
                "同一产业既适合又被排除",
                "an industry is both suitable and excluded",
            );
        }
        c.dates(&at, f.updated_at, f.verified_at);
    }

    for p in &catalog.policies {
        let at = format!("policies[{}]", p.id);
        c.text(format!("{at}.title"), &p.title);
        c.text(format!("{at}.summary"), &p.summary);
        c.text(format!("{at}.benefit"), &p.benefit);
        if p.doc_number.trim().is_empty() {
            c.report(
                format!("{at}.doc_number"),
                "须填写文号",
                "the document number is needed",
            );
        }
        if p.valid_to.is_some_and(|to| to < p.valid_from) {
            c.report(
                format!("{at}.valid_to"),
                "失效日期早于生效日期",
                "valid_to is before valid_from",
            );
        }
        for id in &p.applies_to.industry_ids {
            c.reference(
                format!("{at}.applies_to.industry_ids"),
                id,
                &industries,
                "产业/industry",
            );
        }
        for id in &p.applies_to.park_ids {
            c.reference(format!("{at}.applies_to.park_ids"), id, &parks, "园区/park");
        }
        if let Some(region) = &p.region_id {
            c.reference(format!("{at}.region_id"), region, &regions, "区县/region");
            for id in &p.applies_to.park_ids {
                if parks.contains(id.as_str()) && region_of_park(id) != region {
                    c.report(
                        format!("{at}.applies_to.park_ids"),
                        format!("区县政策只能适用于本区县的园区,“{id}”不在该区县"),
                        format!("a county's policy applies to its own parks only; '{id}' is in another county"),
                    );
                }
            }
        }
        for (i, cond) in p.conditions.iter().enumerate() {
            c.positive(format!("{at}.conditions[{i}].min"), Some(cond.min));
        }
        for (i, step) in p.rent_relief.iter().enumerate() {
            let here = format!("{at}.rent_relief[{i}]");
            if step.months == 0 {
                c.report(
                    format!("{here}.months"),
                    "须为正数",
                    "must be a positive number",
                );
            }
            if !(step.share > 0.0 && step.share <= 1.0) {
                c.report(
                    format!("{here}.share"),
                    "补贴比例须大于 0 且不超过 1",
                    "the share must be more than 0 and at most 1",
                );
            }
            c.positive(
                format!("{here}.cap_yuan_per_m2_month"),
                step.cap_yuan_per_m2_month,
            );
        }
        c.dates(&at, p.updated_at, p.verified_at);
    }

    c.problems
}

/// Rent terms on what is let out, a price on what is sold, and neither where it does not
/// belong (a facility for sale with a rent confuses an investor about what is offered).
fn facility_terms(c: &mut Checker, at: &str, f: &Facility) {
    let needs_rent = matches!(
        f.availability,
        Availability::ForRent | Availability::ForRentOrSale
    );
    let needs_price = matches!(
        f.availability,
        Availability::ForSale | Availability::ForRentOrSale
    );
    if needs_rent && f.rent_yuan_per_m2_month.is_none() {
        c.report(
            format!("{at}.rent_yuan_per_m2_month"),
            "可租载体须填写租金",
            "a facility for rent needs its rent",
        );
    }
    if needs_price && f.sale_price_yuan_per_m2.is_none() {
        c.report(
            format!("{at}.sale_price_yuan_per_m2"),
            "可售载体须填写售价",
            "a facility for sale needs its price",
        );
    }
    if !f.offers_rent() {
        let rent_terms = [
            ("rent_yuan_per_m2_month", f.rent_yuan_per_m2_month.is_some()),
            ("free_rent_months", f.free_rent_months.is_some()),
            ("min_lease_months", f.min_lease_months.is_some()),
        ];
        for (field, present) in rent_terms {
            if present {
                c.report(
                    format!("{at}.{field}"),
                    "只售不租的载体不应填写租赁条件(如也出租,请将状态设为“可租可售”)",
                    "a facility only for sale has no rent terms (if it is also let, mark it for rent or sale)",
                );
            }
        }
    }
    if !f.offers_sale() && f.sale_price_yuan_per_m2.is_some() {
        c.report(
            format!("{at}.sale_price_yuan_per_m2"),
            "只租不售的载体不应填写售价(如也出售,请将状态设为“可租可售”)",
            "a facility only for rent has no sale price (if it is also sold, mark it for rent or sale)",
        );
    }
    if f.availability == Availability::UnderConstruction && f.available_from.is_none() {
        c.report(
            format!("{at}.available_from"),
            "在建载体须填写预计交付日期",
            "a facility under construction needs its expected date",
        );
    }
}

/// A building of several storeys lists each one, numbered from the ground floor, with areas
/// that fit in the building; the one set of figures kept for other systems is the ground
/// floor's.
fn facility_storeys(c: &mut Checker, at: &str, f: &Facility) {
    let specs = &f.floor_specs;
    if !f.kind.is_building() {
        if !specs.is_empty() {
            c.report(
                format!("{at}.floor_specs"),
                "土地没有分层参数",
                "land has no storeys",
            );
        }
        return;
    }
    let floors = f.floors.unwrap_or(1);
    if floors > 1 && specs.len() != floors as usize {
        c.report(
            format!("{at}.floor_specs"),
            format!("{floors} 层的建筑须逐层填写参数(现有 {} 层)", specs.len()),
            format!(
                "a building of {floors} storeys needs the figures of each (has {})",
                specs.len()
            ),
        );
    }
    if specs.is_empty() {
        return;
    }
    if specs
        .iter()
        .enumerate()
        .any(|(i, s)| s.floor as usize != i + 1)
    {
        c.report(
            format!("{at}.floor_specs"),
            "分层参数须从 1 层起逐层排列",
            "the storeys are listed in order from the ground floor (1)",
        );
    }
    for (i, s) in specs.iter().enumerate() {
        let here = format!("{at}.floor_specs[{i}]");
        for (name, v) in [
            ("area_m2", s.area_m2),
            ("floor_height_m", s.floor_height_m),
            ("floor_load_t_per_m2", s.floor_load_t_per_m2),
            ("crane_t", s.crane_t),
        ] {
            c.positive(format!("{here}.{name}"), v);
        }
    }
    let total: f64 = specs.iter().filter_map(|s| s.area_m2).sum();
    if let Some(b) = f.building_area_m2
        && total > b * 1.01
    {
        c.report(
            format!("{at}.floor_specs"),
            format!("各层面积之和 {total} m² 大于建筑面积 {b} m²"),
            format!("the storeys add up to {total} m², more than the building's {b} m²"),
        );
    }
    let ground = &specs[0];
    for (name, whole, floor) in [
        ("floor_height_m", f.floor_height_m, ground.floor_height_m),
        (
            "floor_load_t_per_m2",
            f.floor_load_t_per_m2,
            ground.floor_load_t_per_m2,
        ),
        ("crane_t", f.crane_t, ground.crane_t),
    ] {
        if whole.is_some() && whole != floor {
            c.report(
                format!("{at}.{name}"),
                "与 1 层的分层参数不一致",
                "differs from the ground floor's figure in floor_specs",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::sample;

    fn now() -> DateTime<Utc> {
        Utc::now()
    }

    fn at(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.at.as_str()).collect()
    }

    #[test]
    fn the_sample_catalog_is_consistent() {
        let problems = check(&sample(), now());
        assert!(
            problems.is_empty(),
            "{}",
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn the_sample_catalog_has_what_the_issue_asks_for() {
        use crate::catalog::{FacilityKind, PolicyLevel};
        let c = sample();
        assert!(c.parks.len() >= 4);
        assert!(c.facilities.len() >= 30);
        for kind in FacilityKind::ALL {
            assert!(c.facilities.iter().any(|f| f.kind == kind), "{kind:?}");
        }
        assert!(c.industries.len() >= 10);
        assert!(c.policies.len() >= 15);
        for level in [
            PolicyLevel::National,
            PolicyLevel::Provincial,
            PolicyLevel::Municipal,
            PolicyLevel::County,
        ] {
            assert!(c.policies.iter().any(|p| p.level == level), "{level:?}");
        }
        assert!(
            c.policies
                .iter()
                .filter(|p| !p.conditions.is_empty())
                .count()
                >= 5,
            "structured conditions"
        );
        assert!(
            c.policies.iter().any(|p| p.valid_to.is_none())
                && c.policies.iter().any(|p| p.valid_to.is_some())
        );
    }

    #[test]
    fn the_sample_is_a_city_of_three_counties_and_each_county_stands_alone() {
        let city = sample();
        assert!(city.regions.len() >= 3);
        for r in &city.regions {
            let county = city.for_region(&r.id).expect("a county of the sample");
            let problems = check(&county, now());
            assert!(problems.is_empty(), "{}: {problems:?}", r.id);
            assert!(!county.parks.is_empty(), "{}", r.id);
            assert_eq!(county.meta.county, r.name);
            assert_eq!(county.meta.service_center, r.service_center);
        }
        assert!(city.for_region("no-such-county").is_none());
    }

    #[test]
    fn a_single_county_catalog_is_the_smallest_case_of_the_same_model() {
        // The county of the sample without any mention of a city: what a county that runs
        // the system alone publishes.
        let mut county = sample().for_region("shili").expect("the sample county");
        county.regions.clear();
        for p in &mut county.parks {
            p.region_id = None;
        }
        for p in &mut county.policies {
            p.region_id = None;
        }
        assert_eq!(check(&county, now()), Vec::new());
        assert_eq!(county.parks.len(), 4);
        assert_eq!(county.facilities.len(), 35);
        assert_eq!(
            county.policies.len(),
            17,
            "the county's own, the city's and above"
        );
        // A region named where the catalog has none does not resolve.
        county.parks[0].region_id = Some("shili".into());
        assert_eq!(
            at(&check(&county, now())),
            vec![format!("parks[{}].region_id", county.parks[0].id)]
        );
    }

    #[test]
    fn a_park_outside_its_county_or_without_one_is_reported() {
        let mut c = sample();
        let dongyuan = c
            .parks
            .iter()
            .position(|p| p.region_id.as_deref() == Some("dongyuan"))
            .expect("a park of Dongyuan");
        let id = c.parks[dongyuan].id.clone();
        // Inside the city, but in another county than it says: its county's policy naming
        // it is then wrong too.
        let policy = "policies[pol-dongyuan-electronics].applies_to.park_ids";
        c.parks[dongyuan].region_id = Some("nanshan".into());
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("parks[{id}].boundary").as_str(), policy]
        );
        c.parks[dongyuan].region_id = None;
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("parks[{id}].region_id").as_str(), policy]
        );
        c.parks[dongyuan].region_id = Some("nowhere".into());
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("parks[{id}].region_id").as_str(), policy]
        );
    }

    #[test]
    fn a_county_policy_names_only_its_own_parks_and_an_existing_county() {
        let mut c = sample();
        let p = c
            .policies
            .iter()
            .position(|p| p.region_id.as_deref() == Some("nanshan"))
            .expect("a policy of Nanshan");
        let id = c.policies[p].id.clone();
        c.policies[p].applies_to.park_ids = vec!["park-industrial".into()];
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("policies[{id}].applies_to.park_ids")]
        );
        c.policies[p].applies_to.park_ids.clear();
        c.policies[p].region_id = Some("nowhere".into());
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("policies[{id}].region_id")]
        );
    }

    #[test]
    fn a_region_is_checked_like_the_base_map_and_its_id_like_any_other() {
        let mut c = sample();
        c.regions[1].id = c.regions[0].id.clone();
        c.regions[2].name.en.clear();
        let (dup, blank) = (c.regions[1].id.clone(), c.regions[2].id.clone());
        let problems = check(&c, now());
        let found = at(&problems);
        assert!(
            found.contains(&format!("regions[{dup}]").as_str()),
            "{found:?}"
        );
        assert!(
            found.contains(&format!("regions[{blank}].name").as_str()),
            "{found:?}"
        );
    }

    fn facility(c: &Catalog, id: &str) -> usize {
        c.facilities
            .iter()
            .position(|f| f.id == id)
            .expect("the sample has it")
    }

    #[test]
    fn terms_follow_how_a_facility_is_offered() {
        let mut c = sample();
        // fac-industrial-factory-1 is for rent, with rent terms.
        let i = facility(&c, "fac-industrial-factory-1");
        c.facilities[i].sale_price_yuan_per_m2 = Some(2600.0);
        let at_price = format!("facilities[{}].sale_price_yuan_per_m2", c.facilities[i].id);
        assert_eq!(at(&check(&c, now())), vec![at_price.as_str()]);
        // Offered both ways, both terms belong.
        c.facilities[i].availability = Availability::ForRentOrSale;
        assert!(check(&c, now()).is_empty());
        // For sale only, the rent terms are reported, each by name.
        c.facilities[i].availability = Availability::ForSale;
        let found = at(&check(&c, now())).join(" ");
        for field in [
            "rent_yuan_per_m2_month",
            "free_rent_months",
            "min_lease_months",
        ] {
            assert!(found.contains(field), "{field} in {found}");
        }
        // For sale with no price.
        let mut c = sample();
        let i = facility(&c, "fac-industrial-land-1");
        c.facilities[i].sale_price_yuan_per_m2 = None;
        assert_eq!(
            at(&check(&c, now())),
            vec!["facilities[fac-industrial-land-1].sale_price_yuan_per_m2"]
        );
    }

    #[test]
    fn a_building_of_several_storeys_gives_each_one() {
        let mut c = sample();
        let i = facility(&c, "fac-industrial-factory-1");
        assert_eq!(c.facilities[i].floors, Some(2));
        let upper = c.facilities[i].floor_specs[1].clone();
        assert!(
            upper.floor_height_m < c.facilities[i].floor_height_m,
            "the upper floor is lower"
        );
        c.facilities[i].floor_specs.pop();
        assert_eq!(
            at(&check(&c, now())),
            vec!["facilities[fac-industrial-factory-1].floor_specs"]
        );
        // Out of order, too big, or disagreeing with the one set of figures kept for others.
        let mut c = sample();
        c.facilities[i].floor_specs.swap(0, 1);
        c.facilities[i].floor_specs[0].area_m2 = Some(1.0e6);
        let found = at(&check(&c, now())).join(" ");
        assert!(found.contains("floor_specs"), "{found}");
        assert!(found.contains("floor_height_m"), "{found}");
        // Land has no storeys.
        let mut c = sample();
        let land = facility(&c, "fac-industrial-land-1");
        c.facilities[land].floor_specs = vec![upper];
        assert_eq!(
            at(&check(&c, now())),
            vec!["facilities[fac-industrial-land-1].floor_specs"]
        );
    }

    #[test]
    fn a_facility_outside_its_park_is_reported() {
        let mut c = sample();
        c.facilities[0].location = Point::new(0.0, 0.0);
        let id = c.facilities[0].id.clone();
        assert_eq!(
            at(&check(&c, now())),
            vec![format!("facilities[{id}].location")]
        );
    }

    #[test]
    fn dangling_references_are_all_reported() {
        let mut c = sample();
        c.facilities[1].park_id = "gone".into();
        c.parks[0].leading_industry_ids.push("gone".into());
        c.policies[0].applies_to.park_ids.push("gone".into());
        let found = at(&check(&c, now()))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        assert!(
            found.contains(&format!("facilities[{}].park_id", c.facilities[1].id)),
            "{found:?}"
        );
        assert!(
            found.contains(&format!("parks[{}].leading_industry_ids", c.parks[0].id)),
            "{found:?}"
        );
        assert!(
            found.contains(&format!(
                "policies[{}].applies_to.park_ids",
                c.policies[0].id
            )),
            "{found:?}"
        );
    }

    #[test]
    fn duplicate_ids_and_bad_dates_are_reported() {
        let mut c = sample();
        c.industries[1].id = c.industries[0].id.clone();
        c.policies[0].valid_to = Some(c.policies[0].valid_from - chrono::Days::new(1));
        c.parks[0].verified_at = now().date_naive() + chrono::Days::new(30);
        let found = at(&check(&c, now()))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        assert!(
            found.contains(&format!("industries[{}]", c.industries[0].id)),
            "{found:?}"
        );
        assert!(
            found.contains(&format!("policies[{}].valid_to", c.policies[0].id)),
            "{found:?}"
        );
        assert!(
            found.contains(&format!("parks[{}].verified_at", c.parks[0].id)),
            "{found:?}"
        );
    }

    #[test]
    fn an_open_ring_is_reported() {
        let mut c = sample();
        if let Boundary::Polygon(rings) = &mut c.parks[0].boundary {
            rings[0].pop();
        } else {
            panic!("the first sample park is a Polygon");
        }
        let problems = check(&c, now());
        let found = at(&problems);
        let wanted = format!("parks[{}].boundary", c.parks[0].id);
        assert!(found.contains(&wanted.as_str()), "{found:?}");
    }

    #[test]
    fn rent_relief_steps_need_months_a_share_within_one_and_a_positive_cap() {
        let mut c = sample();
        let i = c
            .policies
            .iter()
            .position(|p| !p.rent_relief.is_empty())
            .expect("the sample has rent relief");
        let step = &mut c.policies[i].rent_relief[0];
        step.months = 0;
        step.share = 1.5;
        step.cap_yuan_per_m2_month = Some(-1.0);
        let at_step = format!("policies[{}].rent_relief[0]", c.policies[i].id);
        assert_eq!(
            at(&check(&c, now())),
            ["months", "share", "cap_yuan_per_m2_month"]
                .map(|f| format!("{at_step}.{f}"))
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
    }
}
