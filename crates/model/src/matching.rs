//! Space needs → ranked facilities. An investor says what the project needs (industry, area,
//! clear height, floor load, power, crane, rent budget, 环评, wastewater); every facility gets a
//! fit per criterion and a rank. Unknown is neither a pass nor a fail: it is shown as unknown
//! (site selectors drop a site whose information is missing, so it must be visible, not hidden
//! in a score).

use crate::Catalog;
use crate::catalog::Facility;
use serde::{Deserialize, Serialize};

/// What the investor's project needs. Absent means "no requirement".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SpaceNeeds {
    /// The project's industry (an id of the catalog's industries).
    pub industry_id: Option<String>,
    /// Floor area (or, for land, plot area) wanted, m².
    pub area_m2: Option<f64>,
    /// Clear height at least, m.
    pub floor_height_m: Option<f64>,
    /// Floor load at least, t/m².
    pub floor_load_t_per_m2: Option<f64>,
    /// Electrical capacity at least, kVA.
    pub power_kva: Option<f64>,
    /// Overhead crane of at least, t.
    pub crane_t: Option<f64>,
    /// Rent at most, yuan/m²/month.
    pub rent_budget_yuan_per_m2_month: Option<f64>,
    /// The project needs an environmental-impact assessment approved (可环评).
    pub eia: bool,
    /// Wastewater to treat, t/day (the park's sewage capacity must take it).
    pub wastewater_t_per_day: Option<f64>,
}

impl SpaceNeeds {
    /// True when no need is set.
    pub fn is_empty(&self) -> bool {
        *self == SpaceNeeds::default()
    }

    /// The figures, each with its [`Need`], in the order forms show them.
    pub fn figures(&self) -> [(Need, Option<f64>); 7] {
        [
            (Need::Area, self.area_m2),
            (Need::FloorHeight, self.floor_height_m),
            (Need::FloorLoad, self.floor_load_t_per_m2),
            (Need::Power, self.power_kva),
            (Need::Crane, self.crane_t),
            (Need::Rent, self.rent_budget_yuan_per_m2_month),
            (Need::Wastewater, self.wastewater_t_per_day),
        ]
    }

    /// Sets the figure for `need` (the yes/no needs have none).
    pub fn set_figure(&mut self, need: Need, value: Option<f64>) {
        match need {
            Need::Area => self.area_m2 = value,
            Need::FloorHeight => self.floor_height_m = value,
            Need::FloorLoad => self.floor_load_t_per_m2 = value,
            Need::Power => self.power_kva = value,
            Need::Crane => self.crane_t = value,
            Need::Rent => self.rent_budget_yuan_per_m2_month = value,
            Need::Wastewater => self.wastewater_t_per_day = value,
            Need::Industry | Need::Eia => {}
        }
    }

    /// The needs as `key=value` pairs (for keeping them on the device), the unset left out.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(i) = &self.industry_id {
            out.push(("industry".to_owned(), i.clone()));
        }
        if self.eia {
            out.push(("eia".to_owned(), "1".to_owned()));
        }
        for (need, v) in self.figures() {
            if let Some(v) = v {
                out.push((need.code().to_owned(), crate::finder::amount_text(v)));
            }
        }
        out
    }

    /// The needs `pairs` describe; what is not understood is left unset.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SpaceNeeds {
        let mut n = SpaceNeeds::default();
        for (k, v) in pairs {
            match k {
                "industry" => n.industry_id = Some(v.to_owned()).filter(|v| !v.is_empty()),
                "eia" => n.eia = v == "1",
                _ => {
                    if let Some((need, _)) =
                        n.figures().into_iter().find(|(need, _)| need.code() == k)
                    {
                        n.set_figure(need, crate::finder::parse_amount(v));
                    }
                }
            }
        }
        n
    }
}

/// One criterion a facility is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// The industry is admitted.
    Industry,
    /// The area wanted can be had.
    Area,
    /// Clear height.
    FloorHeight,
    /// Floor load.
    FloorLoad,
    /// Electrical capacity.
    Power,
    /// Overhead crane.
    Crane,
    /// Rent within budget.
    Rent,
    /// 可环评.
    Eia,
    /// Wastewater within the park's sewage capacity.
    Wastewater,
}

impl Need {
    /// The criterion's word in stored needs.
    pub fn code(self) -> &'static str {
        match self {
            Need::Industry => "industry",
            Need::Area => "area",
            Need::FloorHeight => "height",
            Need::FloorLoad => "load",
            Need::Power => "power",
            Need::Crane => "crane",
            Need::Rent => "rent",
            Need::Eia => "eia",
            Need::Wastewater => "wastewater",
        }
    }
}

/// How a facility stands on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fit {
    /// Meets it.
    Pass,
    /// Does not.
    Fail,
    /// The catalog does not say (未提供).
    Unknown,
    /// Does not apply (a plot has no floor height: the investor builds it).
    NotApplicable,
}

/// One criterion's outcome, with the figures to say why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reason {
    /// The criterion.
    pub need: Need,
    /// The outcome.
    pub fit: Fit,
    /// What the investor asked for (none for yes/no criteria).
    pub wanted: Option<f64>,
    /// What the facility offers, when known (for the area, the range it can be let in is
    /// `offered_min`..`offered`).
    pub offered: Option<f64>,
    /// For the area: the smallest part it is let in.
    pub offered_min: Option<f64>,
}

/// A facility's fit to the needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FitReport {
    /// Index into `catalog.facilities`.
    pub index: usize,
    /// Each criterion asked for, in [`SpaceNeeds`]' order.
    pub reasons: Vec<Reason>,
}

impl FitReport {
    /// How many criteria have `fit`.
    pub fn count(&self, fit: Fit) -> usize {
        self.reasons.iter().filter(|r| r.fit == fit).count()
    }

    /// The rank's key: fewest failures, then fewest unknowns (smaller is better).
    pub fn key(&self) -> (usize, usize) {
        (self.count(Fit::Fail), self.count(Fit::Unknown))
    }
}

fn at_least(need: Need, wanted: f64, offered: Option<f64>) -> Reason {
    Reason {
        need,
        fit: match offered {
            Some(o) if o >= wanted => Fit::Pass,
            Some(_) => Fit::Fail,
            None => Fit::Unknown,
        },
        wanted: Some(wanted),
        offered,
        offered_min: None,
    }
}

/// How `f` fits `needs`: one reason per need set.
pub fn fit(catalog: &Catalog, needs: &SpaceNeeds, index: usize) -> FitReport {
    let f: &Facility = &catalog.facilities[index];
    let building = f.kind.is_building();
    let mut reasons = Vec::new();
    if let Some(industry) = &needs.industry_id {
        let admitted = if f.excluded_industry_ids.contains(industry) {
            false
        } else {
            // An empty list admits any industry the park admits.
            f.suitable_industry_ids.is_empty() || f.suitable_industry_ids.contains(industry)
        };
        reasons.push(Reason {
            need: Need::Industry,
            fit: if admitted { Fit::Pass } else { Fit::Fail },
            wanted: None,
            offered: None,
            offered_min: None,
        });
    }
    if let Some(area) = needs.area_m2 {
        let (most, least) = if building {
            (
                f.building_area_m2,
                f.divisible_min_area_m2.or(f.building_area_m2),
            )
        } else {
            (f.land_area_m2, f.land_area_m2)
        };
        let fit = match (most, least) {
            (Some(most), Some(least)) if area <= most && area >= least => Fit::Pass,
            // Larger than the least part: the whole is more than needed, but it can be had.
            (Some(most), None) if area <= most => Fit::Unknown,
            (Some(_), _) => Fit::Fail,
            (None, _) => Fit::Unknown,
        };
        reasons.push(Reason {
            need: Need::Area,
            fit,
            wanted: Some(area),
            offered: most,
            offered_min: least,
        });
    }
    let on_a_plot = |need: Need, wanted: f64| Reason {
        need,
        fit: Fit::NotApplicable,
        wanted: Some(wanted),
        offered: None,
        offered_min: None,
    };
    for (need, wanted, offered) in [
        (Need::FloorHeight, needs.floor_height_m, f.floor_height_m),
        (
            Need::FloorLoad,
            needs.floor_load_t_per_m2,
            f.floor_load_t_per_m2,
        ),
        // The model writes no crane as no figure: a building without one has 0 t.
        (Need::Crane, needs.crane_t, f.crane_t.or(Some(0.0))),
    ] {
        if let Some(w) = wanted {
            reasons.push(if building {
                at_least(need, w, offered)
            } else {
                on_a_plot(need, w)
            });
        }
    }
    if let Some(w) = needs.power_kva {
        reasons.push(at_least(Need::Power, w, f.power_kva));
    }
    if let Some(budget) = needs.rent_budget_yuan_per_m2_month {
        let rent = f.rent_yuan_per_m2_month.filter(|_| f.offers_rent());
        reasons.push(Reason {
            need: Need::Rent,
            fit: match rent {
                Some(r) if r <= budget => Fit::Pass,
                Some(_) => Fit::Fail,
                None if !f.offers_rent() => Fit::NotApplicable,
                None => Fit::Unknown,
            },
            wanted: Some(budget),
            offered: rent,
            offered_min: None,
        });
    }
    if needs.eia {
        reasons.push(Reason {
            need: Need::Eia,
            fit: if f.eia_allowed { Fit::Pass } else { Fit::Fail },
            wanted: None,
            offered: None,
            offered_min: None,
        });
    }
    if let Some(w) = needs.wastewater_t_per_day {
        let capacity = catalog
            .park(&f.park_id)
            .map(|p| f64::from(p.utilities.sewage_t_per_day));
        reasons.push(at_least(Need::Wastewater, w, capacity));
    }
    FitReport { index, reasons }
}

/// `indices` (facilities) ranked by their fit: fewest failures, then fewest unknowns; the
/// order they came in breaks ties (the finder's own order).
pub fn rank(catalog: &Catalog, needs: &SpaceNeeds, indices: &[usize]) -> Vec<FitReport> {
    let mut reports: Vec<FitReport> = indices.iter().map(|&i| fit(catalog, needs, i)).collect();
    // Stable: equal fits keep the finder's order.
    crate::order::sort_by_keys(&mut reports, |r| {
        let (fails, unknowns) = r.key();
        (fails as u64, unknowns as u64)
    });
    reports
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::FacilityKind;
    use crate::catalog::tests::sample;

    fn reason(r: &FitReport, need: Need) -> Reason {
        *r.reasons.iter().find(|x| x.need == need).expect("asked")
    }

    #[test]
    fn each_criterion_passes_fails_or_is_unknown_by_the_figures() {
        let mut c = sample();
        let i = c
            .facilities
            .iter()
            .position(|f| f.kind == FacilityKind::Factory && f.offers_rent())
            .expect("a factory for rent");
        {
            let f = &mut c.facilities[i];
            f.floor_height_m = Some(9.0);
            f.floor_load_t_per_m2 = Some(3.0);
            f.power_kva = None;
            f.crane_t = Some(5.0);
            f.building_area_m2 = Some(2000.0);
            f.divisible_min_area_m2 = Some(500.0);
            f.rent_yuan_per_m2_month = Some(12.0);
            f.eia_allowed = true;
        }
        let needs = SpaceNeeds {
            area_m2: Some(800.0),
            floor_height_m: Some(8.0),
            floor_load_t_per_m2: Some(5.0),
            power_kva: Some(400.0),
            crane_t: Some(10.0),
            rent_budget_yuan_per_m2_month: Some(15.0),
            eia: true,
            ..Default::default()
        };
        let r = fit(&c, &needs, i);
        assert_eq!(reason(&r, Need::Area).fit, Fit::Pass);
        assert_eq!(reason(&r, Need::FloorHeight).fit, Fit::Pass, "9 m ≥ 8 m");
        assert_eq!(
            reason(&r, Need::FloorLoad).fit,
            Fit::Fail,
            "3 t/m² < 5 t/m²"
        );
        assert_eq!(
            reason(&r, Need::Power),
            Reason {
                need: Need::Power,
                fit: Fit::Unknown,
                wanted: Some(400.0),
                offered: None,
                offered_min: None
            }
        );
        assert_eq!(reason(&r, Need::Crane).fit, Fit::Fail, "5 t < 10 t");
        assert_eq!(reason(&r, Need::Rent).fit, Fit::Pass);
        assert_eq!(reason(&r, Need::Eia).fit, Fit::Pass);
        assert_eq!(
            (
                r.count(Fit::Pass),
                r.count(Fit::Fail),
                r.count(Fit::Unknown)
            ),
            (4, 2, 1)
        );
        // Too small a part, and too big a whole.
        for area in [300.0, 2500.0] {
            let r = fit(
                &c,
                &SpaceNeeds {
                    area_m2: Some(area),
                    ..Default::default()
                },
                i,
            );
            assert_eq!(reason(&r, Need::Area).fit, Fit::Fail, "{area}");
        }
    }

    #[test]
    fn industries_are_admitted_by_the_lists_and_excluded_ones_fail() {
        let c = sample();
        for (i, f) in c.facilities.iter().enumerate() {
            for industry in &c.industries {
                let needs = SpaceNeeds {
                    industry_id: Some(industry.id.clone()),
                    ..Default::default()
                };
                let got = reason(&fit(&c, &needs, i), Need::Industry).fit;
                let expected = if f.excluded_industry_ids.contains(&industry.id) {
                    Fit::Fail
                } else if f.suitable_industry_ids.is_empty()
                    || f.suitable_industry_ids.contains(&industry.id)
                {
                    Fit::Pass
                } else {
                    Fit::Fail
                };
                assert_eq!(got, expected, "{} for {}", f.id, industry.id);
            }
        }
    }

    #[test]
    fn a_plot_has_no_floor_to_fail_and_a_sale_has_no_rent() {
        let c = sample();
        let plot = c
            .facilities
            .iter()
            .position(|f| f.kind == FacilityKind::Land)
            .expect("land");
        let needs = SpaceNeeds {
            floor_height_m: Some(8.0),
            crane_t: Some(5.0),
            ..Default::default()
        };
        let r = fit(&c, &needs, plot);
        assert!(r.reasons.iter().all(|x| x.fit == Fit::NotApplicable));
        let sale = c
            .facilities
            .iter()
            .position(|f| !f.offers_rent())
            .expect("for sale only");
        let r = fit(
            &c,
            &SpaceNeeds {
                rent_budget_yuan_per_m2_month: Some(20.0),
                ..Default::default()
            },
            sale,
        );
        assert_eq!(reason(&r, Need::Rent).fit, Fit::NotApplicable);
    }

    #[test]
    fn wastewater_is_checked_against_the_parks_sewage_capacity() {
        let c = sample();
        let f = &c.facilities[0];
        let capacity = f64::from(c.park(&f.park_id).expect("park").utilities.sewage_t_per_day);
        let within = fit(
            &c,
            &SpaceNeeds {
                wastewater_t_per_day: Some(capacity),
                ..Default::default()
            },
            0,
        );
        assert_eq!(reason(&within, Need::Wastewater).fit, Fit::Pass);
        let over = fit(
            &c,
            &SpaceNeeds {
                wastewater_t_per_day: Some(capacity + 1.0),
                ..Default::default()
            },
            0,
        );
        assert_eq!(reason(&over, Need::Wastewater).fit, Fit::Fail);
    }

    #[test]
    fn the_rank_puts_fewest_failures_first_then_fewest_unknowns_and_keeps_ties_in_order() {
        let c = sample();
        let needs = SpaceNeeds {
            area_m2: Some(1000.0),
            floor_height_m: Some(8.0),
            power_kva: Some(500.0),
            ..Default::default()
        };
        let all: Vec<usize> = (0..c.facilities.len()).collect();
        let ranked = rank(&c, &needs, &all);
        assert_eq!(ranked.len(), all.len());
        assert!(ranked.windows(2).all(|w| w[0].key() <= w[1].key()));
        assert!(
            ranked
                .windows(2)
                .filter(|w| w[0].key() == w[1].key())
                .all(|w| w[0].index < w[1].index)
        );
        assert!(
            ranked[0].count(Fit::Fail) == 0,
            "the sample has a facility that fits"
        );
        assert!(SpaceNeeds::default().is_empty() && !needs.is_empty());
    }

    #[test]
    fn needs_are_kept_as_pairs_and_come_back_unchanged() {
        let needs = SpaceNeeds {
            industry_id: Some("ind-food".into()),
            area_m2: Some(1200.0),
            floor_height_m: Some(8.5),
            floor_load_t_per_m2: Some(3.0),
            power_kva: Some(630.0),
            crane_t: Some(5.0),
            rent_budget_yuan_per_m2_month: Some(15.0),
            eia: true,
            wastewater_t_per_day: Some(200.0),
        };
        let pairs = needs.to_pairs();
        let back = SpaceNeeds::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, needs);
        assert_eq!(
            SpaceNeeds::from_pairs([("height", "x"), ("size", "3")]),
            SpaceNeeds::default()
        );
    }
}
