//! The catalog: one document holding everything an investor browses. The server publishes it
//! at `GET /api/catalog`; a county can also ship it as a static file. Its JSON is a public
//! contract (snake_case keys); fields may be added, none renamed.

mod base;
pub mod compact;
mod facility;
mod freshness;
mod industry;
mod park;
mod policy;
mod region;

pub use base::{BaseLayer, BaseLine, BaseLineKind, HubKind, Town, TransportHub};
pub use facility::{Availability, Facility, FacilityKind, FloorSpec, LandUse, Offer, OfferCounts};
pub use freshness::{Ages, Freshness, Standing};
pub use industry::{ChainPosition, Industry, is_gbt4754_code};
pub use park::{
    HubDistance, Park, ParkContact, ParkEconomy, ParkKind, ParkLevel, Photo, Utilities,
};
pub use policy::{
    Applicability, ApplicationMode, Condition, EnterpriseSize, Metric, Policy, PolicyLevel,
    PolicyTool, Qualification, RentRelief,
};
pub use region::{Region, RegionsPart};

use crate::text::Text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The whole published catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    /// Who publishes it and how to reach them.
    pub meta: CatalogMeta,
    /// Industrial parks (园区).
    pub parks: Vec<Park>,
    /// Space on offer in the parks (载体: 厂房, 楼宇, 仓库, 土地).
    pub facilities: Vec<Facility>,
    /// Industries on GB/T 4754-2017 (产业).
    pub industries: Vec<Industry>,
    /// Incentive policies (政策).
    pub policies: Vec<Policy>,
    /// Expressway exits, stations and airports that parks measure distances to.
    pub transport_hubs: Vec<TransportHub>,
    /// The vector base map drawn when raster tiles are not available: in a city's catalog the
    /// city's outline and the lines that cross its counties (each county has its own).
    pub base_layer: BaseLayer,
    /// The city's counties; empty in a single county's catalog.
    #[serde(default)]
    pub regions: Vec<Region>,
}

/// Facts about the catalog as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogMeta {
    /// The area the catalog serves: the county (示例县), or in a catalog with `regions` the city
    /// (示例市).
    pub county: Text,
    /// Where that area lies: the province and city of a county (陕西省示例市), the province of a
    /// city (陕西省).
    pub region: Text,
    /// True for the sample catalog shipped with the software: every screen then says 示例数据.
    #[serde(default)]
    pub sample: bool,
    /// When the catalog as a whole was last changed (RFC 3339).
    #[serde(deserialize_with = "crate::clock::wire::moment")]
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The investment service centre of the area (the county's, or the city's), the way in when
    /// the request form cannot send; a county of a city has its own ([`Region`]).
    pub service_center: ServiceCenter,
    /// The privacy notice an investor consents to before sending a request.
    pub privacy_notice: Text,
    /// How many days after a request is finished its personal data is kept: the period the
    /// privacy notice states (the server purges it then).
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    /// How long a confirmation (最后核实) holds, per kind of record.
    #[serde(default)]
    pub freshness: Freshness,
}

fn default_retention_days() -> u32 {
    3 * 365
}

/// The county's investment service centre (招商服务中心).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCenter {
    /// Its name.
    pub name: Text,
    /// Telephone, as dialled from within China.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Street address.
    pub address: Text,
    /// Office hours.
    pub hours: Text,
    /// Within how many working days the centre first calls back after a request (首次联系时限).
    #[serde(default = "default_reply_days")]
    pub reply_within_working_days: u32,
    /// Within how many working days each service is done (承诺时限), by service; a service not
    /// listed takes [`DEFAULT_TIME_LIMIT_WORKING_DAYS`].
    #[serde(default)]
    pub time_limits: std::collections::BTreeMap<crate::request::Service, u32>,
    /// The working days the time limits are counted in.
    #[serde(default)]
    pub calendar: crate::clock::WorkCalendar,
}

/// The time limit of a service the service centre has not given one for, in working days.
pub const DEFAULT_TIME_LIMIT_WORKING_DAYS: u32 = 10;

impl ServiceCenter {
    /// The promised time limit of a request for these services, in working days: the longest
    /// of theirs (a request is done when all of it is done).
    pub fn time_limit(&self, services: &[crate::request::Service]) -> u32 {
        services
            .iter()
            .map(|s| {
                self.time_limits
                    .get(s)
                    .copied()
                    .unwrap_or(DEFAULT_TIME_LIMIT_WORKING_DAYS)
            })
            .max()
            .unwrap_or(DEFAULT_TIME_LIMIT_WORKING_DAYS)
    }

    /// When a request for `services` received at `received` is due: the end of the county's
    /// working day that the time limit falls on.
    pub fn due_at(
        &self,
        received: chrono::DateTime<chrono::Utc>,
        services: &[crate::request::Service],
    ) -> chrono::DateTime<chrono::Utc> {
        let day = crate::clock::county_date(received);
        let due = self
            .calendar
            .add_working_days(day, self.time_limit(services));
        crate::clock::end_of_county_day(due)
    }

    /// The day by which the centre first calls back after a request made on `day`.
    pub fn first_reply_by(&self, day: chrono::NaiveDate) -> chrono::NaiveDate {
        self.calendar
            .add_working_days(day, self.reply_within_working_days)
    }
}

fn default_reply_days() -> u32 {
    2
}

impl Catalog {
    /// The park with this id.
    pub fn park(&self, id: &str) -> Option<&Park> {
        self.parks.iter().find(|p| p.id == id)
    }

    /// The facility with this id.
    pub fn facility(&self, id: &str) -> Option<&Facility> {
        self.facilities.iter().find(|f| f.id == id)
    }

    /// The industry with this id.
    pub fn industry(&self, id: &str) -> Option<&Industry> {
        self.industries.iter().find(|i| i.id == id)
    }

    /// The transport hub with this id.
    pub fn hub(&self, id: &str) -> Option<&TransportHub> {
        self.transport_hubs.iter().find(|h| h.id == id)
    }

    /// The catalog's transport hubs by straight-line distance from `point`, nearest first, in
    /// km (great-circle: within half a percent of the ellipsoid's figure at a county's scale,
    /// and a fraction of the geodesic code's size in the browser's bundle).
    pub fn hubs_by_distance(&self, point: &crate::geometry::Point) -> Vec<(&TransportHub, f64)> {
        use geo::Distance;
        let from = point.to_geo();
        let mut hubs: Vec<(&TransportHub, f64)> = self
            .transport_hubs
            .iter()
            .map(|h| {
                (
                    h,
                    geo::Haversine.distance(from, h.location.to_geo()) / 1000.0,
                )
            })
            .collect();
        crate::order::sort_by_keys(&mut hubs, |h| (crate::order::f64_key(h.1), 0));
        hubs
    }

    /// The facilities of a park, in catalog order.
    pub fn facilities_of<'a>(
        &'a self,
        park_id: &'a str,
    ) -> impl Iterator<Item = &'a Facility> + 'a {
        self.facilities.iter().filter(move |f| f.park_id == park_id)
    }

    /// The policies in force on `date` that apply to `park` ([`Policy::applies_to_park`]).
    pub fn policies_for_park<'a>(
        &'a self,
        park: &'a Park,
        date: NaiveDate,
    ) -> impl Iterator<Item = &'a Policy> + 'a {
        self.policies
            .iter()
            .filter(move |p| p.in_force_on(date) && p.applies_to_park(park))
    }

    /// The county (region) with this id.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Whether the park `park_id` lies in the county `region`; every park lies in the whole
    /// catalog (`None`).
    pub fn in_region(&self, park_id: &str, region: Option<&str>) -> bool {
        region.is_none_or(|r| {
            self.park(park_id)
                .is_some_and(|p| p.region_id.as_deref() == Some(r))
        })
    }

    /// The county `park` lies in; none in a single county's catalog.
    pub fn region_of(&self, park: &Park) -> Option<&Region> {
        park.region_id.as_deref().and_then(|id| self.region(id))
    }

    /// The service centre for a request or a contact about `park_ids`: their county's when
    /// they all lie in one county, else the catalog's own (the city's, or the only county's).
    pub fn service_center_for(&self, park_ids: &[String]) -> &ServiceCenter {
        let mut regions = park_ids
            .iter()
            .filter_map(|id| self.park(id))
            .map(|p| p.region_id.as_deref());
        let first = regions.next().flatten();
        match first.and_then(|id| self.region(id)) {
            Some(r) if regions.all(|other| other == first) => &r.service_center,
            _ => &self.meta.service_center,
        }
    }

    /// The base map of all the catalog shows: its own outline and lines, every county's towns
    /// and lines, and in a city's catalog the counties' borders.
    pub fn base_map(&self) -> BaseLayer {
        let mut map = self.base_layer.clone();
        let borders = self.regions.len() > 1;
        for r in &self.regions {
            if borders {
                for ring in r.base_layer.outline.polygons().into_iter().flatten() {
                    map.lines.push(BaseLine {
                        kind: BaseLineKind::CountyBorder,
                        name: r.name.clone(),
                        path: crate::geometry::LineString {
                            coordinates: ring.clone(),
                        },
                    });
                }
            }
            // A county's own catalog (`for_region`) holds its county's lines already.
            for line in &r.base_layer.lines {
                if !map.lines.contains(line) {
                    map.lines.push(line.clone());
                }
            }
            for town in &r.base_layer.towns {
                if !map.towns.contains(town) {
                    map.towns.push(town.clone());
                }
            }
        }
        map
    }

    /// One county's part of a city's catalog, as a catalog of its own (what a county's embed
    /// fetches and shows): its parks and their facilities; the policies of the city, the
    /// county and its parks; the shared industries and hubs; the county's name, base map (with
    /// the city's lines that cross it) and service centre in place of the city's. `None` when
    /// there is no such county.
    pub fn for_region(&self, id: &str) -> Option<Catalog> {
        let region = self.region(id)?;
        let inside = |p: &&Park| p.region_id.as_deref() == Some(id);
        let parks: Vec<Park> = self.parks.iter().filter(inside).cloned().collect();
        let park_ids: Vec<&str> = parks.iter().map(|p| p.id.as_str()).collect();
        let mut base_layer = region.base_layer.clone();
        for line in &self.base_layer.lines {
            if !base_layer.lines.contains(line) {
                base_layer.lines.push(line.clone());
            }
        }
        let mut meta = self.meta.clone();
        meta.region = Text::new(
            format!("{}{}", self.meta.region.zh, self.meta.county.zh),
            format!("{}, {}", self.meta.county.en, self.meta.region.en),
        );
        meta.county = region.name.clone();
        meta.service_center = region.service_center.clone();
        Some(Catalog {
            meta,
            facilities: self
                .facilities
                .iter()
                .filter(|f| park_ids.contains(&f.park_id.as_str()))
                .cloned()
                .collect(),
            industries: self.industries.clone(),
            policies: self
                .policies
                .iter()
                .filter(|p| {
                    let a = &p.applies_to.park_ids;
                    p.region_id.as_deref().is_none_or(|r| r == id)
                        && (a.is_empty() || a.iter().any(|x| park_ids.contains(&x.as_str())))
                })
                .map(|p| {
                    let mut p = p.clone();
                    p.applies_to
                        .park_ids
                        .retain(|x| park_ids.contains(&x.as_str()));
                    p
                })
                .collect(),
            transport_hubs: self.transport_hubs.clone(),
            base_layer,
            regions: vec![region.clone()],
            parks,
        })
    }

    /// The sample catalog kept current: a sample's dates of change and confirmation are moved
    /// forward by whole days so that at `now` it reads as on its own `meta.updated_at` day
    /// (a demonstration does not turn stale, or vanish, with time); no time passes `now`. A
    /// county's own catalog (`meta.sample` false) is returned as it is.
    pub fn sample_dated(mut self, now: chrono::DateTime<chrono::Utc>) -> Catalog {
        let county_day = crate::clock::county_date;
        let days = (county_day(now) - county_day(self.meta.updated_at)).num_days();
        if !self.meta.sample || days <= 0 {
            return self;
        }
        let shift = chrono::Days::new(days as u64);
        let move_both = |updated: &mut chrono::DateTime<chrono::Utc>, verified: &mut NaiveDate| {
            *updated = (*updated + shift).min(now);
            *verified = (*verified + shift).min(county_day(now));
        };
        for p in &mut self.parks {
            move_both(&mut p.updated_at, &mut p.verified_at);
        }
        for f in &mut self.facilities {
            move_both(&mut f.updated_at, &mut f.verified_at);
        }
        for i in &mut self.industries {
            move_both(&mut i.updated_at, &mut i.verified_at);
        }
        for p in &mut self.policies {
            move_both(&mut p.updated_at, &mut p.verified_at);
        }
        self.meta.updated_at = (self.meta.updated_at + shift).min(now);
        self
    }

    /// Where a facility's confirmation stands on `today` (the county's date).
    pub fn standing(&self, f: &Facility, today: NaiveDate) -> Standing {
        self.meta
            .freshness
            .facilities
            .standing(f.verified_at, today)
    }

    /// The catalog as the public sees it on `today` (the county's date): unpublished records
    /// and facilities unconfirmed past their hiding age removed, and references to them
    /// dropped so that what remains still resolves.
    pub fn published(&self, today: NaiveDate) -> Catalog {
        let mut c = self.clone();
        c.parks.retain(|p| p.published);
        c.industries.retain(|i| i.published);
        c.policies.retain(|p| p.published);
        let park_ok = |id: &String| c.parks.iter().any(|p| &p.id == id);
        let ages = c.meta.freshness.facilities;
        c.facilities.retain(|f| {
            f.published
                && park_ok(&f.park_id)
                && ages.standing(f.verified_at, today) != Standing::Hidden
        });
        let industry_ok = |id: &String| c.industries.iter().any(|i| &i.id == id);
        for p in &mut c.parks {
            p.leading_industry_ids.retain(industry_ok);
        }
        for f in &mut c.facilities {
            f.suitable_industry_ids.retain(industry_ok);
            f.excluded_industry_ids.retain(industry_ok);
        }
        let parks: Vec<String> = c.parks.iter().map(|p| p.id.clone()).collect();
        let industries: Vec<String> = c.industries.iter().map(|i| i.id.clone()).collect();
        // A policy that named only unpublished parks or industries is dropped: with its list
        // emptied it would read as one for everyone.
        c.policies.retain_mut(|p| {
            let a = &mut p.applies_to;
            let (named_parks, named_industries) =
                (!a.park_ids.is_empty(), !a.industry_ids.is_empty());
            a.park_ids.retain(|id| parks.contains(id));
            a.industry_ids.retain(|id| industries.contains(id));
            !(named_parks && a.park_ids.is_empty() || named_industries && a.industry_ids.is_empty())
        });
        c
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A day the sample's confirmations are fresh on.
    pub(crate) fn today() -> NaiveDate {
        crate::clock::county_date(sample().meta.updated_at)
    }

    /// The sample catalog shipped in `public/data/catalog.json`.
    pub(crate) fn sample() -> Catalog {
        serde_json::from_str(include_str!("../../../../public/data/catalog.json"))
            .expect("the sample catalog parses")
    }

    #[test]
    fn the_city_map_draws_every_county_and_a_county_map_its_own_once() {
        let city = sample();
        let map = city.base_map();
        let borders = map
            .lines
            .iter()
            .filter(|l| l.kind == BaseLineKind::CountyBorder)
            .count();
        assert_eq!(borders, city.regions.len());
        let towns: usize = city.regions.iter().map(|r| r.base_layer.towns.len()).sum();
        assert_eq!(map.towns.len(), towns);
        let county = city.for_region("shili").expect("the sample county");
        let own = county.base_map();
        assert_eq!(own, county.base_layer, "no border, nothing twice");
        assert_eq!(own.outline, city.regions[0].base_layer.outline);
        assert!(
            own.lines.iter().any(|l| l.name.zh == "连霍高速 G30"),
            "the city's lines that cross it"
        );
    }

    #[test]
    fn a_county_sees_the_city_its_own_and_its_parks_policies_and_its_own_centre() {
        let city = sample();
        let day = today();
        let park = |id: &str| city.park(id).expect("a sample park");
        let ids = |c: &Catalog, park: &Park| -> Vec<String> {
            c.policies_for_park(park, day)
                .map(|p| p.id.clone())
                .collect()
        };
        let shili = ids(&city, park("park-industrial"));
        let dongyuan = ids(&city, park("park-dongyuan-etdz"));
        assert!(shili.contains(&"pol-county-jobs".to_owned()));
        assert!(
            !dongyuan.contains(&"pol-county-jobs".to_owned()),
            "another county's"
        );
        assert!(dongyuan.contains(&"pol-dongyuan-electronics".to_owned()));
        assert!(
            dongyuan.contains(&"pol-city-major-project".to_owned()),
            "the city's"
        );
        // The county's own catalog gives its parks the same policies.
        let county = city.for_region("dongyuan").expect("Dongyuan");
        assert_eq!(ids(&county, park("park-dongyuan-etdz")), dongyuan);
        assert!(
            county
                .policies
                .iter()
                .all(|p| p.region_id.as_deref().is_none_or(|r| r == "dongyuan"))
        );

        let centre = |parks: &[&str]| {
            let parks: Vec<String> = parks.iter().map(|p| p.to_string()).collect();
            city.service_center_for(&parks).name.zh.clone()
        };
        assert_eq!(centre(&["park-dongyuan-etdz"]), "东塬区投资服务中心");
        assert_eq!(
            centre(&["park-industrial", "park-agri"]),
            "示例县招商服务中心"
        );
        assert_eq!(
            centre(&["park-industrial", "park-nanshan-food"]),
            "示例市投资促进局"
        );
        assert_eq!(centre(&[]), "示例市投资促进局");
    }

    #[test]
    fn hubs_are_listed_nearest_first_at_their_straight_line_distance() {
        let c = sample();
        let f = &c.facilities[0];
        let hubs = c.hubs_by_distance(&f.location);
        assert_eq!(hubs.len(), c.transport_hubs.len());
        assert!(hubs.windows(2).all(|w| w[0].1 <= w[1].1));
        // A hub is 0 km from itself; a degree of latitude is about 111 km.
        let at = c.hubs_by_distance(&hubs[0].0.location);
        assert!(at[0].1 < 1e-6);
        let north = crate::geometry::Point::new(f.location.lon(), f.location.lat() + 1.0);
        let d = c.hubs_by_distance(&north);
        let same = d.iter().find(|(h, _)| h.id == hubs[0].0.id).expect("hub").1;
        assert!(same > 100.0 && same < 125.0, "{same}");
    }

    #[test]
    fn sample_round_trips() {
        let c = sample();
        let again: Catalog =
            serde_json::from_str(&serde_json::to_string(&c).expect("serializes")).expect("parses");
        assert_eq!(c, again);
    }

    #[test]
    fn a_facility_unconfirmed_past_its_hiding_age_is_not_published() {
        let c = sample();
        let f = c.facilities[0].clone();
        let hide = c
            .meta
            .freshness
            .facilities
            .hide_after_days
            .expect("the sample hides");
        let day = |n: u32| f.verified_at + chrono::Days::new(u64::from(n));
        assert_eq!(c.standing(&f, day(hide)), Standing::Due);
        assert!(c.published(day(hide)).facility(&f.id).is_some());
        assert_eq!(c.standing(&f, day(hide + 1)), Standing::Hidden);
        assert!(c.published(day(hide + 1)).facility(&f.id).is_none());
    }

    #[test]
    fn the_sample_is_dated_to_the_day_it_is_loaded_and_a_county_catalog_is_not() {
        let c = sample();
        // Early in the day, before the time of day the sample was last changed at.
        let now = c.meta.updated_at + chrono::Duration::days(400) - chrono::Duration::hours(1);
        let later = crate::clock::county_date(now);
        let dated = c.clone().sample_dated(now);
        assert_eq!(crate::clock::county_date(dated.meta.updated_at), later);
        assert!(dated.meta.updated_at <= now, "nothing in the future");
        assert!(crate::consistency::check(&dated, now).is_empty());
        for (f, g) in c.facilities.iter().zip(&dated.facilities) {
            assert_eq!((later - g.verified_at), (today() - f.verified_at));
            assert_eq!(dated.standing(g, later), c.standing(f, today()));
        }
        let mut county = c.clone();
        county.meta.sample = false;
        assert_eq!(county.clone().sample_dated(now), county);
        assert_eq!(c.clone().sample_dated(c.meta.updated_at), c);
    }

    #[test]
    fn sample_is_marked_as_sample() {
        assert!(sample().meta.sample);
    }

    #[test]
    fn the_sample_notice_says_what_pipl_article_17_asks_and_matches_the_retention() {
        let m = sample().meta;
        let years = m.retention_days / 365;
        let zh = &m.privacy_notice.zh;
        // Who processes and how to reach them, purpose, categories, retention, rights, no
        // third parties.
        for needed in [
            m.service_center.name.zh.as_str(),
            m.service_center.phone.as_str(),
            "目的",
            "统一社会信用代码",
            &format!("{years} 年"),
            "删除",
            "撤回",
            "第三方",
        ] {
            assert!(zh.contains(needed), "{needed} missing from {zh}");
        }
        assert!(m.privacy_notice.en.contains(&format!("{years} years")));
    }

    #[test]
    fn the_sample_time_limits_cover_every_service() {
        let center = sample().meta.service_center;
        for s in crate::request::Service::ALL {
            assert!(center.time_limits.contains_key(&s), "{s:?}");
        }
        // 2026's National Day week: a request on 30 September for a 3-day service is due on
        // Saturday 10 October (a worked day), not on 5 October.
        let d = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("date");
        assert_eq!(center.calendar.add_working_days(d(9, 30), 3), d(10, 10));
    }

    #[test]
    fn published_drops_unpublished_records_and_their_references() {
        let mut c = sample();
        let park = c.parks[0].id.clone();
        c.parks[0].published = false;
        let p = c.published(today());
        assert!(p.park(&park).is_none());
        assert!(p.facilities.iter().all(|f| f.park_id != park));
        assert!(
            p.policies
                .iter()
                .all(|pol| !pol.applies_to.park_ids.contains(&park))
        );
    }

    #[test]
    fn on_offer_under_construction_and_taken_are_counted_apart() {
        let c = sample();
        let counts = OfferCounts::of(c.facilities_of("park-industrial"));
        assert_eq!(
            counts,
            OfferCounts {
                on_offer: 10,
                under_construction: 1,
                taken: 2
            }
        );
        assert_eq!(counts.shown_by_default(), 11);
        for f in &c.facilities {
            assert_eq!(
                f.availability.is_shown_by_default(),
                f.availability != Availability::Let
            );
        }
    }

    #[test]
    fn a_park_sees_the_policies_that_apply_to_it_and_are_in_force() {
        let c = sample();
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let ids = |park: &str| -> Vec<&str> {
            let park = c.park(park).expect("the sample has it");
            c.policies_for_park(park, day)
                .map(|p| p.id.as_str())
                .collect()
        };
        let industrial = ids("park-industrial");
        // For everyone; for its leading industries; naming it.
        for id in [
            "pol-nat-rd-deduction",
            "pol-nat-advanced-mfg-vat",
            "pol-county-factory-rent",
        ] {
            assert!(industrial.contains(&id), "{id} in {industrial:?}");
        }
        // The agricultural subsidy, a policy naming other parks, and an expired one are not.
        for id in [
            "pol-prov-agri-leader",
            "pol-county-ecommerce",
            "pol-county-hightech-award",
        ] {
            assert!(!industrial.contains(&id), "{id} not in {industrial:?}");
        }
        assert!(ids("park-agri").contains(&"pol-prov-agri-leader"));
    }

    #[test]
    fn published_drops_a_policy_whose_only_parks_are_unpublished() {
        let mut c = sample();
        let ecommerce = c
            .parks
            .iter()
            .position(|p| p.id == "park-ecommerce")
            .expect("the sample has it");
        c.parks[ecommerce].published = false;
        let p = c.published(today());
        // It named only that park: it must not become a policy for everyone.
        assert!(
            p.policies
                .iter()
                .all(|pol| pol.id != "pol-county-ecommerce")
        );
        assert!(
            p.policies
                .iter()
                .any(|pol| pol.id == "pol-county-land-price")
        );
    }
}
