//! The catalog: one document holding everything an investor browses. The server publishes it
//! at `GET /api/catalog`; a county can also ship it as a static file. Its JSON is a public
//! contract (snake_case keys); fields may be added, none renamed.

mod base;
mod facility;
mod industry;
mod park;
mod policy;

pub use base::{BaseLayer, BaseLine, BaseLineKind, HubKind, Town, TransportHub};
pub use facility::{Availability, Facility, FacilityKind, LandUse};
pub use industry::{ChainPosition, Industry, is_gbt4754_code};
pub use park::{
    HubDistance, Park, ParkContact, ParkEconomy, ParkKind, ParkLevel, Photo, Utilities,
};
pub use policy::{
    Applicability, ApplicationMode, Condition, EnterpriseSize, Metric, Policy, PolicyLevel,
    PolicyTool, Qualification,
};

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The whole published catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The vector base map drawn when raster tiles are not available.
    pub base_layer: BaseLayer,
}

/// Facts about the catalog as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogMeta {
    /// The county, e.g. 示例县.
    pub county: Text,
    /// The province and city the county belongs to, e.g. 陕西省示例市.
    pub region: Text,
    /// True for the sample catalog shipped with the software: every screen then says 示例数据.
    #[serde(default)]
    pub sample: bool,
    /// When the catalog as a whole was last changed (RFC 3339).
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The county's investment service centre, the way in when the request form cannot send.
    pub service_center: ServiceCenter,
    /// The privacy notice an investor consents to before sending a request.
    pub privacy_notice: Text,
}

/// The county's investment service centre (招商服务中心).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    /// The facilities of a park, in catalog order.
    pub fn facilities_of<'a>(
        &'a self,
        park_id: &'a str,
    ) -> impl Iterator<Item = &'a Facility> + 'a {
        self.facilities.iter().filter(move |f| f.park_id == park_id)
    }

    /// The policies that may apply to a park: county-wide ones and those naming the park.
    pub fn policies_for_park<'a>(
        &'a self,
        park_id: &'a str,
    ) -> impl Iterator<Item = &'a Policy> + 'a {
        self.policies.iter().filter(move |p| {
            p.applies_to.park_ids.is_empty() || p.applies_to.park_ids.iter().any(|id| id == park_id)
        })
    }

    /// The catalog as the public sees it: unpublished records removed, and references to them
    /// dropped so that what remains still resolves.
    pub fn published(&self) -> Catalog {
        let mut c = self.clone();
        c.parks.retain(|p| p.published);
        c.industries.retain(|i| i.published);
        c.policies.retain(|p| p.published);
        let park_ok = |id: &String| c.parks.iter().any(|p| &p.id == id);
        c.facilities.retain(|f| f.published && park_ok(&f.park_id));
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
        for p in &mut c.policies {
            p.applies_to.park_ids.retain(|id| parks.contains(id));
            p.applies_to
                .industry_ids
                .retain(|id| industries.contains(id));
        }
        c
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The sample catalog shipped in `public/data/catalog.json`.
    pub(crate) fn sample() -> Catalog {
        serde_json::from_str(include_str!("../../../../public/data/catalog.json"))
            .expect("the sample catalog parses")
    }

    #[test]
    fn sample_round_trips() {
        let c = sample();
        let again: Catalog =
            serde_json::from_str(&serde_json::to_string(&c).expect("serializes")).expect("parses");
        assert_eq!(c, again);
    }

    #[test]
    fn sample_is_marked_as_sample() {
        assert!(sample().meta.sample);
    }

    #[test]
    fn published_drops_unpublished_records_and_their_references() {
        let mut c = sample();
        let park = c.parks[0].id.clone();
        c.parks[0].published = false;
        let p = c.published();
        assert!(p.park(&park).is_none());
        assert!(p.facilities.iter().all(|f| f.park_id != park));
        assert!(
            p.policies
                .iter()
                .all(|pol| !pol.applies_to.park_ids.contains(&park))
        );
    }
}
