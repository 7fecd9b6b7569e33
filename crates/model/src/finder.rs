//! The facility finder: what an investor narrows the county's facilities (载体) by, across every
//! park, how many each choice would leave, the order of the results, and the query as the words
//! of a shareable link. Pure, so the app's list and map and the native tests agree on one rule.

use crate::catalog::{Facility, FacilityKind, LandUse, Offer};
use crate::search::{Hay, Needle, Spellings};
use crate::text::Text;
use crate::{Catalog, Lang};
use std::collections::HashMap;

/// Which facilities by whether they can be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Offers {
    /// On offer now, and being built (what the map draws by default).
    #[default]
    Available,
    /// On offer now only.
    Now,
    /// Let and sold ones too.
    All,
}

impl Offers {
    /// Every choice, in the order the filter lists them.
    pub const ALL: [Offers; 3] = [Offers::Available, Offers::Now, Offers::All];

    /// True when `offer` is among these.
    pub fn admits(self, offer: Offer) -> bool {
        match self {
            Offers::Available => offer != Offer::Taken,
            Offers::Now => offer == Offer::OnOffer,
            Offers::All => true,
        }
    }

    /// The choice's word in a link.
    pub fn code(self) -> &'static str {
        match self {
            Offers::Available => "available",
            Offers::Now => "now",
            Offers::All => "all",
        }
    }
}

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum SortKey {
    /// Best match to the search first, then the most recently verified.
    #[default]
    Relevance,
    /// Smallest building (or, for land, plot) area first.
    AreaAscending,
    /// Largest area first.
    AreaDescending,
    /// Lowest rent first.
    Rent,
    /// Most recently verified first.
    Verified,
}

impl SortKey {
    /// Every order, as the sort menu lists them.
    pub const ALL: [SortKey; 5] = [
        SortKey::Relevance,
        SortKey::AreaAscending,
        SortKey::AreaDescending,
        SortKey::Rent,
        SortKey::Verified,
    ];

    /// The order's word in a link.
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::AreaAscending => "area",
            SortKey::AreaDescending => "-area",
            SortKey::Rent => "rent",
            SortKey::Verified => "verified",
        }
    }
}

/// A range of a figure: either end may be open. A facility whose figure is not given is not in
/// a range that has an end (the investor asked for something it does not promise).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// At least this.
    pub min: Option<f64>,
    /// At most this.
    pub max: Option<f64>,
}

impl Range {
    /// True when the range has no end.
    pub fn is_open(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// True when `value` is inside.
    pub fn admits(&self, value: Option<f64>) -> bool {
        if self.is_open() {
            return true;
        }
        value.is_some_and(|v| self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m))
    }
}

/// The ranged figures the finder narrows by, in the order the filters show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Building area, m² (建筑面积).
    BuildingArea,
    /// The smallest part it is let in, m² (可分割面积): at most what the investor wants.
    DivisibleArea,
    /// Land area, m².
    LandArea,
    /// Ground-floor clear height, m.
    FloorHeight,
    /// Ground-floor load, t/m².
    FloorLoad,
    /// Electrical capacity, kVA.
    Power,
    /// Overhead crane, t.
    Crane,
    /// Rent, yuan/m²/month.
    Rent,
    /// Sale price, yuan/m².
    SalePrice,
}

impl Figure {
    /// Every figure, in the order the filters show them.
    pub const ALL: [Figure; 9] = [
        Figure::BuildingArea,
        Figure::DivisibleArea,
        Figure::LandArea,
        Figure::FloorHeight,
        Figure::FloorLoad,
        Figure::Power,
        Figure::Crane,
        Figure::Rent,
        Figure::SalePrice,
    ];

    /// The figure's word in a link, and the model field it reads (for its label).
    pub fn code(self) -> &'static str {
        match self {
            Figure::BuildingArea => "building_area_m2",
            Figure::DivisibleArea => "divisible_min_area_m2",
            Figure::LandArea => "land_area_m2",
            Figure::FloorHeight => "floor_height_m",
            Figure::FloorLoad => "floor_load_t_per_m2",
            Figure::Power => "power_kva",
            Figure::Crane => "crane_t",
            Figure::Rent => "rent_yuan_per_m2_month",
            Figure::SalePrice => "sale_price_yuan_per_m2",
        }
    }

    /// The facility's figure.
    pub fn of(self, f: &Facility) -> Option<f64> {
        match self {
            Figure::BuildingArea => f.building_area_m2,
            Figure::DivisibleArea => f.divisible_min_area_m2.or(f.building_area_m2),
            Figure::LandArea => f.land_area_m2,
            Figure::FloorHeight => f.floor_height_m,
            Figure::FloorLoad => f.floor_load_t_per_m2,
            Figure::Power => f.power_kva,
            Figure::Crane => f.crane_t,
            Figure::Rent => f.rent_yuan_per_m2_month.filter(|_| f.offers_rent()),
            Figure::SalePrice => f.sale_price_yuan_per_m2.filter(|_| f.offers_sale()),
        }
    }

    /// True when the investor sets only a lower bound (a floor height of at least 8 m), or only
    /// an upper one (a divisible part of at most 500 m²); otherwise both ends.
    pub fn ends(self) -> (bool, bool) {
        match self {
            Figure::FloorHeight | Figure::FloorLoad | Figure::Power | Figure::Crane => {
                (true, false)
            }
            Figure::DivisibleArea => (false, true),
            _ => (true, true),
        }
    }
}

/// What an investor has narrowed the facilities to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FacilityQuery {
    /// Typed search (names of the facility, its park and its industries; pinyin too).
    pub text: String,
    /// One park.
    pub park: Option<String>,
    /// One kind.
    pub kind: Option<FacilityKind>,
    /// By whether it can be had.
    pub offers: Offers,
    /// One land-use class.
    pub land_use: Option<LandUse>,
    /// Only where uses needing an environmental-impact assessment are approved (可环评).
    pub eia: bool,
    /// Fire resistance grade at least this good (1 is best).
    pub fire_grade: Option<u8>,
    /// Ranged figures, by [`Figure::ALL`]'s order.
    pub ranges: [Range; 9],
    /// The order of the results.
    pub sort: SortKey,
}

/// One of the finder's choices with a list of values, for counting what each value leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// The park.
    Park,
    /// The kind.
    Kind,
    /// Whether it can be had.
    Offers,
    /// Land-use class.
    LandUse,
    /// 可环评.
    Eia,
    /// Fire resistance grade.
    FireGrade,
}

/// A result: the facility's index in the catalog and how well it matched the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Index into `catalog.facilities`.
    pub index: usize,
    /// Search relevance: higher is better (0 with no search).
    pub score: u8,
}

impl FacilityQuery {
    /// The range set for `figure`.
    pub fn range(&self, figure: Figure) -> Range {
        self.ranges[figure as usize]
    }

    /// Sets the range for `figure`.
    pub fn set_range(&mut self, figure: Figure, range: Range) {
        self.ranges[figure as usize] = range;
    }

    /// True when nothing narrows the list beyond the default (what "clear all" returns to).
    pub fn is_default(&self) -> bool {
        FacilityQuery {
            sort: self.sort,
            ..FacilityQuery::default()
        } == *self
    }

    /// How well `f` matches the search: `None` when it does not.
    /// True when `f` passes every choice but `skip`'s (for counting a facet's values).
    fn passes(&self, f: &Facility, skip: Option<Facet>) -> bool {
        let check = |facet: Facet, ok: bool| skip == Some(facet) || ok;
        check(
            Facet::Park,
            self.park.as_ref().is_none_or(|p| *p == f.park_id),
        ) && check(Facet::Kind, self.kind.is_none_or(|k| k == f.kind))
            && check(Facet::Offers, self.offers.admits(f.availability.offer()))
            && check(
                Facet::LandUse,
                self.land_use.is_none_or(|u| u == f.land_use),
            )
            && check(Facet::Eia, !self.eia || f.eia_allowed)
            && check(
                Facet::FireGrade,
                self.fire_grade
                    .is_none_or(|g| f.fire_resistance_grade.is_some_and(|fg| fg <= g)),
            )
            && Figure::ALL
                .iter()
                .all(|&fig| self.range(fig).admits(fig.of(f)))
    }

    /// The facilities that pass, in the query's order.
    pub fn run(&self, catalog: &Catalog, scores: &[Option<u8>]) -> Vec<Found> {
        let mut found: Vec<Found> = catalog
            .facilities
            .iter()
            .zip(scores)
            .enumerate()
            .filter(|(_, (f, _))| self.passes(f, None))
            .filter_map(|(index, (_, score))| score.map(|score| Found { index, score }))
            .collect();
        let area = |f: &Facility| f.building_area_m2.or(f.land_area_m2);
        // Unknown figures last, whichever way the list runs; then the latest verified; then
        // the catalog's order (the list is in it already, and the sort keeps equal keys so).
        let last = crate::order::f64_key_or_last;
        let descending =
            |v: Option<f64>| v.map_or(u64::MAX, |v| (!crate::order::f64_key(v)).min(u64::MAX - 1));
        crate::order::sort_by_keys(&mut found, |x| {
            let f = &catalog.facilities[x.index];
            let primary = match self.sort {
                SortKey::Relevance => u64::from(u8::MAX - x.score),
                SortKey::AreaAscending => last(area(f)),
                SortKey::AreaDescending => descending(area(f)),
                SortKey::Rent => last(Figure::Rent.of(f)),
                SortKey::Verified => 0,
            };
            let days = chrono::Datelike::num_days_from_ce(&f.verified_at);
            (primary, (i64::from(i32::MAX) - i64::from(days)) as u64)
        });
        found
    }

    /// How many results each value of `facet` would give with every other choice kept, for the
    /// values the catalog has (in first-seen order for parks, the model's order otherwise).
    pub fn counts(
        &self,
        facet: Facet,
        catalog: &Catalog,
        scores: &[Option<u8>],
    ) -> Vec<(String, usize)> {
        let pool: Vec<&Facility> = catalog
            .facilities
            .iter()
            .zip(scores)
            .filter(|(f, score)| score.is_some() && self.passes(f, Some(facet)))
            .map(|(f, _)| f)
            .collect();
        let count = |pred: &dyn Fn(&Facility) -> bool| pool.iter().filter(|f| pred(f)).count();
        match facet {
            // One pass: a city has hundreds of parks.
            Facet::Park => {
                let mut by_park: std::collections::HashMap<&str, usize> =
                    catalog.parks.iter().map(|p| (p.id.as_str(), 0)).collect();
                for f in &pool {
                    if let Some(n) = by_park.get_mut(f.park_id.as_str()) {
                        *n += 1;
                    }
                }
                catalog
                    .parks
                    .iter()
                    .map(|p| (p.id.clone(), by_park[p.id.as_str()]))
                    .collect()
            }
            Facet::Kind => FacilityKind::ALL
                .iter()
                .map(|&k| (crate::wire::code(k), count(&|f| f.kind == k)))
                .collect(),
            Facet::Offers => Offers::ALL
                .iter()
                .map(|&o| {
                    (
                        o.code().to_owned(),
                        count(&|f| o.admits(f.availability.offer())),
                    )
                })
                .collect(),
            Facet::LandUse => [
                LandUse::Industrial,
                LandUse::Warehousing,
                LandUse::Commercial,
            ]
            .iter()
            .map(|&u| (crate::wire::code(u), count(&|f| f.land_use == u)))
            .collect(),
            Facet::Eia => vec![("true".to_owned(), count(&|f| f.eia_allowed))],
            Facet::FireGrade => (1..=4u8)
                .map(|g| {
                    (
                        g.to_string(),
                        count(&|f| f.fire_resistance_grade.is_some_and(|fg| fg <= g)),
                    )
                })
                .collect(),
        }
    }

    /// The query as a link's `key=value` pairs: only what differs from the default.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
        if !self.text.trim().is_empty() {
            put("q", self.text.clone());
        }
        if let Some(p) = &self.park {
            put("park", p.clone());
        }
        if let Some(k) = self.kind {
            put("kind", crate::wire::code(k));
        }
        if self.offers != Offers::default() {
            put("offers", self.offers.code().to_owned());
        }
        if let Some(u) = self.land_use {
            put("land_use", crate::wire::code(u));
        }
        if self.eia {
            put("eia", "1".to_owned());
        }
        if let Some(g) = self.fire_grade {
            put("fire", g.to_string());
        }
        for fig in Figure::ALL {
            let r = self.range(fig);
            if !r.is_open() {
                let end = |v: Option<f64>| v.map(amount_text).unwrap_or_default();
                put(fig.code(), format!("{}-{}", end(r.min), end(r.max)));
            }
        }
        if self.sort != SortKey::default() {
            put("sort", self.sort.code().to_owned());
        }
        out
    }

    /// The query a link's pairs describe; words it does not know are left out.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> FacilityQuery {
        let mut q = FacilityQuery::default();
        let number = parse_amount;
        for (k, v) in pairs {
            match k {
                "q" => q.text = v.to_owned(),
                "park" => q.park = Some(v.to_owned()),
                "kind" => q.kind = crate::wire::from_code(v),
                "offers" => {
                    q.offers = Offers::ALL
                        .into_iter()
                        .find(|o| o.code() == v)
                        .unwrap_or_default()
                }
                "land_use" => q.land_use = crate::wire::from_code(v),
                "eia" => q.eia = v == "1",
                "fire" => q.fire_grade = v.parse().ok().filter(|g| (1..=4).contains(g)),
                "sort" => {
                    q.sort = SortKey::ALL
                        .into_iter()
                        .find(|s| s.code() == v)
                        .unwrap_or_default()
                }
                _ => {
                    if let Some(fig) = Figure::ALL.into_iter().find(|f| f.code() == k)
                        && let Some((min, max)) = v.split_once('-')
                    {
                        q.set_range(
                            fig,
                            Range {
                                min: number(min),
                                max: number(max),
                            },
                        );
                    }
                }
            }
        }
        q
    }
}

/// The catalog's names made ready for the finder's search once, when the catalog arrives: a
/// keystroke then compares every facility of a city's catalog without allocating, and names a
/// park or an industry shares with many facilities are compared once.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    facilities: Vec<Hay>,
    parks: Vec<Hay>,
    industries: Vec<Hay>,
    /// Each facility's park (an index of `parks`).
    facility_park: Vec<Option<usize>>,
    /// Each facility's industries and its park's leading ones (indices of `industries`).
    facility_industries: Vec<Vec<usize>>,
}

impl SearchIndex {
    /// The index of `catalog`'s names, with their pinyin from `spellings`.
    pub fn new(catalog: &Catalog, spellings: &Spellings) -> SearchIndex {
        let hays = |names: &mut dyn Iterator<Item = &Text>| -> Vec<Hay> {
            names.map(|n| Hay::of(n, spellings)).collect()
        };
        let park_at: HashMap<&str, usize> = catalog
            .parks
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let industry_at: HashMap<&str, usize> = catalog
            .industries
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let facility_park: Vec<Option<usize>> = catalog
            .facilities
            .iter()
            .map(|f| park_at.get(f.park_id.as_str()).copied())
            .collect();
        let facility_industries = catalog
            .facilities
            .iter()
            .zip(&facility_park)
            .map(|(f, park)| {
                let leading = park.map(|p| &catalog.parks[p].leading_industry_ids);
                let mut ids: Vec<usize> = Vec::new();
                for id in f
                    .suitable_industry_ids
                    .iter()
                    .chain(leading.into_iter().flatten())
                {
                    if let Some(&at) = industry_at.get(id.as_str())
                        && !ids.contains(&at)
                    {
                        ids.push(at);
                    }
                }
                ids
            })
            .collect();
        SearchIndex {
            facilities: hays(&mut catalog.facilities.iter().map(|f| &f.name)),
            parks: hays(&mut catalog.parks.iter().map(|p| &p.name)),
            industries: hays(&mut catalog.industries.iter().map(|i| &i.name)),
            facility_park,
            facility_industries,
        }
    }

    /// Each facility's match for `text`, in catalog order: the best of its own name (30 and
    /// up), its park's (20 and up) and an industry's it suits or its park leads in (10 and
    /// up); `None` when none matches. Everything matches an empty text, equally.
    pub fn scores(&self, text: &str) -> Vec<Option<u8>> {
        let needle = Needle::new(text);
        if needle.is_empty() {
            return vec![Some(0); self.facilities.len()];
        }
        let parks: Vec<Option<u8>> = self.parks.iter().map(|h| needle.score(h)).collect();
        let industries: Vec<Option<u8>> = self.industries.iter().map(|h| needle.score(h)).collect();
        self.facilities
            .iter()
            .enumerate()
            .map(|(i, hay)| {
                let own = needle.score(hay).map(|s| 30 + s);
                let in_park = self.facility_park[i].and_then(|p| parks[p]).map(|s| 20 + s);
                let by_industry = self.facility_industries[i]
                    .iter()
                    .filter_map(|&x| industries[x])
                    .max()
                    .map(|s| 10 + s);
                own.max(in_park).max(by_industry)
            })
            .collect()
    }
}

/// A figure written back where an investor types it (a field, the address, the device's
/// store): at most 6 decimals and no trailing zeros (`800`, `8.5`), which [`parse_amount`]
/// reads again. Without core's float formatting (`ysmap_decimal`).
pub fn amount_text(v: f64) -> String {
    ysmap_decimal::trimmed(v, 6)
}

/// A figure an investor typed: digits with at most one decimal point (`800`, `8.5`, `.5`),
/// spaces around allowed; anything else is no figure. Not `str::parse::<f64>`: the browser's
/// bundle would carry the standard library's float-reading tables (tens of kilobytes) for
/// numbers no investor types, such as `1e300` or `inf`.
pub fn parse_amount(text: &str) -> Option<f64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = whole.len() + fraction.len();
    if digits == 0
        || digits > 15
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    // Both exact in an f64 (under 2^53 and 10^15), so the quotient is correctly rounded.
    Some(mantissa as f64 / 10f64.powi(fraction.len() as i32))
}

/// The text a facility is listed under in `lang`, for screen readers and sorting by name.
pub fn facility_label(catalog: &Catalog, f: &Facility, lang: Lang) -> String {
    match catalog.park(&f.park_id) {
        Some(p) => format!("{} · {}", f.name.get(lang), p.name.get(lang)),
        None => f.name.get(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl FacilityQuery {
        /// The query run the way the app runs it, with the index built here.
        pub(super) fn run_with(&self, c: &Catalog, sp: &Spellings) -> Vec<Found> {
            self.run(c, &SearchIndex::new(c, sp).scores(&self.text))
        }
    }
    use crate::catalog::tests::sample;

    #[test]
    fn by_default_every_available_facility_in_every_park() {
        let c = sample();
        let found = FacilityQuery::default()
            .run(&c, &SearchIndex::new(&c, &Spellings::default()).scores(""));
        let expected = c
            .facilities
            .iter()
            .filter(|f| f.availability.is_shown_by_default())
            .count();
        assert_eq!(found.len(), expected);
        let parks: std::collections::BTreeSet<_> = found
            .iter()
            .map(|f| &c.facilities[f.index].park_id)
            .collect();
        assert!(parks.len() > 1, "across parks");
    }

    #[test]
    fn every_filter_narrows_by_its_own_rule() {
        let c = sample();
        let sp = Spellings::default();
        let all = FacilityQuery {
            offers: Offers::All,
            ..Default::default()
        };
        let each = |q: &FacilityQuery| -> Vec<&Facility> {
            q.run_with(&c, &sp)
                .iter()
                .map(|f| &c.facilities[f.index])
                .collect()
        };
        let mut q = all.clone();
        q.kind = Some(FacilityKind::Land);
        assert!(!each(&q).is_empty() && each(&q).iter().all(|f| f.kind == FacilityKind::Land));
        let mut q = all.clone();
        q.park = Some("park-industrial".into());
        assert!(each(&q).iter().all(|f| f.park_id == "park-industrial"));
        let mut q = all.clone();
        q.offers = Offers::Now;
        assert!(each(&q).iter().all(|f| f.availability.is_on_offer()));
        let mut q = all.clone();
        q.eia = true;
        assert!(each(&q).iter().all(|f| f.eia_allowed));
        let mut q = all.clone();
        q.land_use = Some(LandUse::Warehousing);
        assert!(each(&q).iter().all(|f| f.land_use == LandUse::Warehousing));
        let mut q = all.clone();
        q.fire_grade = Some(2);
        assert!(
            each(&q)
                .iter()
                .all(|f| f.fire_resistance_grade.is_some_and(|g| g <= 2))
        );
        for fig in Figure::ALL {
            let values: Vec<f64> = c.facilities.iter().filter_map(|f| fig.of(f)).collect();
            let Some(mid) = values.get(values.len() / 2).copied() else {
                continue;
            };
            let mut q = all.clone();
            q.set_range(
                fig,
                Range {
                    min: Some(mid),
                    max: None,
                },
            );
            let got = each(&q);
            assert!(!got.is_empty(), "{fig:?}");
            assert!(
                got.iter().all(|f| fig.of(f).is_some_and(|v| v >= mid)),
                "{fig:?}"
            );
            let mut q = all.clone();
            q.set_range(
                fig,
                Range {
                    min: None,
                    max: Some(mid),
                },
            );
            assert!(
                each(&q).iter().all(|f| fig.of(f).is_some_and(|v| v <= mid)),
                "{fig:?}"
            );
        }
    }

    #[test]
    fn a_facet_counts_what_each_value_would_leave() {
        let c = sample();
        let sp = Spellings::default();
        let mut q = FacilityQuery {
            kind: Some(FacilityKind::Factory),
            ..Default::default()
        };
        for (code, n) in q.counts(Facet::Kind, &c, &SearchIndex::new(&c, &sp).scores(&q.text)) {
            let mut other = q.clone();
            other.kind = crate::wire::from_code(&code);
            assert_eq!(other.run_with(&c, &sp).len(), n, "{code}");
        }
        q.kind = None;
        for (park, n) in q.counts(Facet::Park, &c, &SearchIndex::new(&c, &sp).scores(&q.text)) {
            let mut other = q.clone();
            other.park = Some(park.clone());
            assert_eq!(other.run_with(&c, &sp).len(), n, "{park}");
        }
    }

    #[test]
    fn sorts_by_area_rent_and_verification_with_unknowns_last() {
        let c = sample();
        let sp = Spellings::default();
        let run = |sort| {
            FacilityQuery {
                sort,
                offers: Offers::All,
                ..Default::default()
            }
            .run_with(&c, &sp)
            .iter()
            .map(|f| c.facilities[f.index].clone())
            .collect::<Vec<_>>()
        };
        let area = |f: &Facility| f.building_area_m2.or(f.land_area_m2);
        let asc = run(SortKey::AreaAscending);
        let known: Vec<f64> = asc.iter().filter_map(area).collect();
        assert!(known.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            asc.iter()
                .skip_while(|f| area(f).is_some())
                .all(|f| area(f).is_none())
        );
        let desc: Vec<f64> = run(SortKey::AreaDescending)
            .iter()
            .filter_map(area)
            .collect();
        assert!(desc.windows(2).all(|w| w[0] >= w[1]));
        let rents: Vec<f64> = run(SortKey::Rent)
            .iter()
            .filter_map(|f| Figure::Rent.of(f))
            .collect();
        assert!(rents.len() > 2 && rents.windows(2).all(|w| w[0] <= w[1]));
        let verified = run(SortKey::Verified);
        assert!(
            verified
                .windows(2)
                .all(|w| w[0].verified_at >= w[1].verified_at)
        );
    }

    #[test]
    fn an_amount_is_digits_with_at_most_one_point() {
        for (typed, value) in [
            ("800", Some(800.0)),
            (" 8.5 ", Some(8.5)),
            (".5", Some(0.5)),
            ("12.", Some(12.0)),
            ("0.1", Some(0.1)),
            ("123456789012345", Some(123456789012345.0)),
            ("", None),
            (".", None),
            ("-3", None),
            ("1e3", None),
            ("1.2.3", None),
            ("inf", None),
            ("８", None),
            ("1234567890123456", None),
        ] {
            assert_eq!(parse_amount(typed), value, "{typed:?}");
        }
    }

    #[test]
    fn a_link_carries_the_query_and_nothing_else() {
        let mut q = FacilityQuery {
            text: "厂房 3号".into(),
            park: Some("park-industrial".into()),
            kind: Some(FacilityKind::Factory),
            offers: Offers::All,
            land_use: Some(LandUse::Industrial),
            eia: true,
            fire_grade: Some(2),
            sort: SortKey::Rent,
            ..Default::default()
        };
        q.set_range(
            Figure::FloorHeight,
            Range {
                min: Some(8.5),
                max: None,
            },
        );
        q.set_range(
            Figure::Rent,
            Range {
                min: Some(10.0),
                max: Some(20.0),
            },
        );
        let pairs = q.to_pairs();
        let back = FacilityQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, q);
        assert!(FacilityQuery::default().to_pairs().is_empty());
        assert!(FacilityQuery::default().is_default());
        let odd = FacilityQuery::from_pairs([
            ("kind", "castle"),
            ("fire", "9"),
            ("rent_yuan_per_m2_month", "x-"),
            ("zoom", "3"),
        ]);
        assert_eq!(odd, FacilityQuery::default());
    }
}

#[cfg(all(test, feature = "spelling"))]
mod search_tests {
    use super::*;
    use crate::catalog::tests::sample;

    #[test]
    fn search_finds_by_facility_park_and_industry_in_chinese_english_and_pinyin() {
        let c = sample();
        let sp = Spellings::of_catalog(&c);
        let find = |text: &str| {
            FacilityQuery {
                text: text.into(),
                offers: Offers::All,
                ..Default::default()
            }
            .run_with(&c, &sp)
        };
        let park = &c.parks[0];
        let in_park = c.facilities.iter().filter(|f| f.park_id == park.id).count();
        let by_zh = find(&park.name.zh);
        assert!(
            by_zh.len() >= in_park,
            "every facility of {} by its name",
            park.name.zh
        );
        let initials = sp.of(&park.name.zh).expect("spelled").initials.clone();
        assert_eq!(find(&initials).len(), by_zh.len(), "{initials}");
        assert_eq!(find(&park.name.en.to_uppercase()).len(), by_zh.len());
        let f = &c.facilities[0];
        let own = find(&f.name.zh);
        assert_eq!(
            c.facilities[own[0].index].id, f.id,
            "its own name ranks first"
        );
        assert!(find("zzzzqqq").is_empty());
    }
}
