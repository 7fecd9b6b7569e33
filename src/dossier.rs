//! The dossier (投资资料): one park or facility on A4 paper, for an investor to take away or
//! put before a board. A location sketch, the specification, the cost estimate, the policies
//! and how the enterprise stands on each, whom to call, and the day it was made, in the
//! reader's language. Written as markup (crate::markup) into a section that only print shows
//! (assets/app.css, `@media print`), so the browser's own print, or its "save as PDF", makes it.

use crate::format::{self, Unit};
use crate::i18n::*;
use crate::labels;
use crate::markup::Markup;
use crate::state::lang_of;
use chrono::NaiveDate;
use ysmap_decimal::fixed;
use ysmap_map::projection::{LngLat, project};
use ysmap_model::Catalog;
use ysmap_model::catalog::{Park, Policy};
use ysmap_model::eligibility::{EnterpriseProfile, Standing, assess, standing};
use ysmap_model::geometry::Point;

/// What a dossier is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// A park (its id).
    Park(String),
    /// A facility (its id).
    Facility(String),
}

/// What the investor said that the dossier uses: the area wanted and the enterprise.
pub struct Reader<'a> {
    /// The area of the needs, m².
    pub area_m2: Option<f64>,
    /// The enterprise's profile.
    pub profile: &'a EnterpriseProfile,
    /// The county's date: the policies in force, and the date the dossier says it was made.
    pub today: NaiveDate,
}

/// The dossier on `subject` as HTML; empty when the subject is not in the catalog.
pub fn html(l: Locale, catalog: &Catalog, subject: &Subject, reader: &Reader) -> String {
    let lang = lang_of(l);
    let (park, facility) = match subject {
        Subject::Park(id) => (catalog.park(id), None),
        Subject::Facility(id) => {
            let f = catalog.facility(id);
            (f.and_then(|f| catalog.park(&f.park_id)), f)
        }
    };
    let Some(park) = park else {
        return String::new();
    };
    let mut m = Markup::new();
    m.open("header", "");
    let title = format!(
        "{} {} · {}",
        catalog.meta.county.get(lang),
        td_string!(l, app_title),
        td_string!(l, dossier_title)
    );
    m.element("p", "ysmap-dossier-kicker", &title);
    let name = facility.map_or(park.name.get(lang), |f| f.name.get(lang));
    m.element("h1", "", name);
    let made = td_string!(l, dossier_made, date = format::date(l, reader.today)).to_string();
    m.element("p", "", &made);
    if catalog.meta.sample {
        m.element("p", "ysmap-dossier-sample", td_string!(l, sample_notice));
    }
    m.close("header");

    // The sketch: the park's outline, its roads and hubs around, the facility's place.
    m.open("section", "");
    m.element("h2", "", td_string!(l, dossier_map));
    sketch(&mut m, lang, catalog, park, facility.map(|f| &f.location));
    m.close("section");

    m.open("section", "");
    match facility {
        Some(f) => {
            m.element("h2", "", td_string!(l, dossier_facility));
            let cost = ysmap_model::cost::estimate(
                catalog,
                f,
                reader.area_m2,
                reader.profile,
                reader.today,
            );
            m.raw(&crate::specs::card_html(l, f, catalog, cost.as_ref(), true));
        }
        None => {
            m.element("h2", "", td_string!(l, sec_overview));
            m.element("p", "", park.summary.get(lang));
            let rows = vec![
                (
                    td_string!(l, planned_area),
                    Some(format::quantity(l, park.planned_area_km2, 2, Unit::Km2)),
                ),
                (
                    td_string!(l, sec_industries),
                    Some(format::list(
                        l,
                        &park
                            .leading_industry_ids
                            .iter()
                            .filter_map(|i| catalog.industry(i))
                            .map(|i| i.name.get(lang))
                            .collect::<Vec<_>>(),
                    )),
                ),
                (
                    td_string!(l, power_capacity),
                    Some(format::quantity(
                        l,
                        f64::from(park.utilities.power_capacity_kva),
                        0,
                        Unit::Kva,
                    )),
                ),
                (
                    td_string!(l, sewage),
                    Some(format::quantity(
                        l,
                        f64::from(park.utilities.sewage_t_per_day),
                        0,
                        Unit::TPerDay,
                    )),
                ),
            ];
            crate::specs::specs_html(&mut m, l, "ysmap-specs", &rows);
            m.element("h2", "", td_string!(l, sec_facilities));
            m.open("ul", "");
            for f in catalog
                .facilities_of(&park.id)
                .filter(|f| f.availability.is_shown_by_default())
            {
                let mut line = vec![
                    f.name.get(lang).to_owned(),
                    labels::facility_kind(l, f.kind).to_owned(),
                    labels::availability(l, f.availability).to_owned(),
                ];
                line.extend(
                    f.building_area_m2
                        .or(f.land_area_m2)
                        .map(|a| format::quantity(l, a, 0, Unit::M2)),
                );
                m.element("li", "", &line.join(" · "));
            }
            m.close("ul");
        }
    }
    m.close("section");

    policies(&mut m, l, catalog, park, reader);
    contact(&mut m, l, catalog, park);
    m.finish()
}

/// The policies in force for the park, each with how the profile stands on it.
fn policies(m: &mut Markup, l: Locale, catalog: &Catalog, park: &Park, reader: &Reader) {
    let lang = lang_of(l);
    let profile = EnterpriseProfile {
        park_id: Some(park.id.clone()),
        ..reader.profile.clone()
    };
    m.open("section", "");
    m.element("h2", "", td_string!(l, dossier_policies));
    m.open("ul", "ysmap-dossier-policies");
    let listed: Vec<&Policy> = catalog.policies_for_park(park, reader.today).collect();
    for p in listed {
        let automatic = p.mode == ysmap_model::catalog::ApplicationMode::Automatic;
        let standing = match (standing(&assess(p, &profile)), automatic) {
            (Standing::Met, true) => td_string!(l, standing_granted),
            (Standing::Met, false) => td_string!(l, standing_met),
            (Standing::NotMet, _) => td_string!(l, standing_not_met),
            (Standing::Unknown, _) => td_string!(l, standing_unknown),
        };
        m.open("li", "");
        m.element("strong", "", p.title.get(lang));
        let line = format!(
            " ({}) · {} · {}",
            p.doc_number,
            p.benefit.get(lang),
            standing
        );
        m.text(&line);
        m.close("li");
    }
    m.close("ul").close("section");
}

/// The park's contact and its county's service centre.
fn contact(m: &mut Markup, l: Locale, catalog: &Catalog, park: &Park) {
    let lang = lang_of(l);
    let c = &park.contact;
    let center = catalog.service_center_for(std::slice::from_ref(&park.id));
    m.open("section", "");
    m.element("h2", "", td_string!(l, sec_contact));
    let rows = vec![
        (
            td_string!(l, contact_office),
            Some(c.office.get(lang).to_owned()),
        ),
        (
            td_string!(l, contact_helper),
            Some(c.helper.get(lang).to_owned()),
        ),
        (td_string!(l, contact_phone), Some(c.phone.clone())),
        (td_string!(l, contact_email), c.email.clone()),
        (
            td_string!(l, contact_address),
            Some(c.address.get(lang).to_owned()),
        ),
        (
            td_string!(l, dossier_service_center),
            Some(format!(
                "{} · {} · {}",
                center.name.get(lang),
                center.phone,
                center.email
            )),
        ),
    ];
    crate::specs::specs_html(m, l, "ysmap-specs", &rows);
    m.close("section");
}

/// A location sketch in SVG: the park's outline, the base map's lines and the transport hubs
/// within its frame (the park and a margin around it), and the facility's place when there is
/// one. North is up; the projection is the map's own.
fn sketch(
    m: &mut Markup,
    lang: ysmap_model::Lang,
    catalog: &Catalog,
    park: &Park,
    at: Option<&Point>,
) {
    const W: f64 = 640.0;
    const H: f64 = 300.0;
    let world = |lon: f64, lat: f64| {
        let p = project(LngLat::new(lon, lat));
        (p.x, p.y)
    };
    let Some((sw, ne)) = park.boundary.bbox() else {
        return;
    };
    // Mercator keeps a box a box: its projected corners frame the park (north is up, so the
    // north-east corner has the smaller y).
    let (mut x0, mut y1) = world(sw[0], sw[1]);
    let (mut x1, mut y0) = world(ne[0], ne[1]);
    if let Some(p) = at {
        let (x, y) = world(p.lon(), p.lat());
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    // The park fills the middle third: its surroundings show where it is.
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let span = ((x1 - x0) / W).max((y1 - y0) / H).max(1e-9) * 3.0;
    let to_px = |(x, y): (f64, f64)| (W / 2.0 + (x - cx) / span, H / 2.0 + (y - cy) / span);
    m.open_with(
        "svg",
        "class=\"ysmap-dossier-map\" viewBox=\"0 0 640 300\" aria-hidden=\"true\"",
    );
    m.open_with("rect", "width=\"640\" height=\"300\" class=\"land\"")
        .close("rect");
    // Only what falls in the frame: a city's lines reach far past a park's surroundings.
    for line in &catalog.base_map().lines {
        let points: Vec<(f64, f64)> = line
            .path
            .coordinates
            .iter()
            .map(|p| to_px(world(p[0], p[1])))
            .collect();
        for part in ysmap_map::svg::clip_polyline(&points, (0.0, 0.0, W, H)) {
            let d = ysmap_map::svg::path_data(part, false);
            m.open_with(
                "path",
                &format!("class=\"{}\" d=\"{d}\"", labels::code(line.kind)),
            )
            .close("path");
        }
    }
    for ring in park.boundary.polygons().into_iter().flatten() {
        let d = ysmap_map::svg::path_data(ring.iter().map(|p| to_px(world(p[0], p[1]))), true);
        m.open_with("path", &format!("class=\"park\" d=\"{d}\""))
            .close("path");
    }
    for hub in &catalog.transport_hubs {
        let (x, y) = to_px(world(hub.location.lon(), hub.location.lat()));
        if (0.0..=W).contains(&x) && (0.0..=H).contains(&y) {
            let name = Markup::escaped(hub.name.get(lang));
            m.raw(&format!(
                "<rect class=\"hub\" x=\"{}\" y=\"{}\" width=\"8\" height=\"8\"></rect><text x=\"{}\" y=\"{}\">{name}</text>",
                fixed(x - 4.0, 0),
                fixed(y - 4.0, 0),
                fixed(x + 7.0, 0),
                fixed(y + 4.0, 0)
            ));
        }
    }
    if let Some(p) = at {
        let (x, y) = to_px(world(p.lon(), p.lat()));
        m.raw(&format!(
            "<circle class=\"facility\" cx=\"{}\" cy=\"{}\" r=\"7\"></circle>",
            fixed(x, 0),
            fixed(y, 0)
        ));
    }
    m.close("svg");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        serde_json::from_str(include_str!("../public/data/catalog.json")).expect("sample")
    }

    #[test]
    fn a_facility_dossier_has_the_sketch_specification_open_working_policies_and_contact() {
        let c = sample();
        let profile = EnterpriseProfile::default();
        let reader = Reader {
            area_m2: Some(1000.0),
            profile: &profile,
            today: ysmap_model::clock::county_date(c.meta.updated_at),
        };
        let html = html(
            Locale::zh_CN,
            &c,
            &Subject::Facility("fac-industrial-factory-1".into()),
            &reader,
        );
        for part in [
            "<h1>工业园 1 号标准化厂房</h1>",
            "class=\"ysmap-dossier-map\"",
            "class=\"facility\"",
            "class=\"ysmap-specs\"",
            "<details open>",
            "待确认",
            "园小二",
            "示例数据",
            "制作日期",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
        let park = super::html(
            Locale::en,
            &c,
            &Subject::Park("park-industrial".into()),
            &reader,
        );
        assert!(park.contains("Investment dossier") && park.contains("Standard Factory No. 1"));
        assert_eq!(
            super::html(Locale::en, &c, &Subject::Park("gone".into()), &reader),
            ""
        );
    }
}
