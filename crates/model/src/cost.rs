//! What a facility costs to occupy (入驻成本测算): rent and property fee for the area wanted,
//! less the park's rent-free months and the rent relief of the policies the enterprise meets,
//! over the first years of a lease, with the working line by line.
//!
//! The rules, said where the estimate is shown:
//! - the period is three years, or the shortest lease when that is longer;
//! - rent-free months come first; a policy's relief runs from the first month rent is charged;
//! - policies' rent relief is not combined (同类政策就高不重复): the one worth most counts, the
//!   others are named;
//! - a policy counts only when the profile meets every condition; one whose conditions the
//!   profile does not say is named, not counted;
//! - a figure the facility does not give (the property fee) is said, and not counted.

use crate::Catalog;
use crate::catalog::{Facility, RentRelief};
use crate::eligibility::{EnterpriseProfile, Standing, assess, standing};
use chrono::NaiveDate;

/// The estimate's period when the shortest lease is not longer: three years.
pub const PERIOD_MONTHS: u32 = 36;

/// What a line of the working is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// The rent for the whole period.
    Rent,
    /// The property fee for the whole period; `None` rate when the facility does not give it.
    PropertyFee,
    /// The park's rent-free months.
    FreeRent,
    /// One step of a policy's rent relief: the policy (an index of the catalog's policies) and
    /// the share of the rent it pays back.
    Relief {
        /// The policy.
        policy: usize,
        /// Share of the rent paid back.
        share: f64,
    },
}

/// One line of the working: `months × rate × area = yuan` (deductions negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// What it is.
    pub item: Item,
    /// Months it covers.
    pub months: u32,
    /// Yuan per m² per month; `None` when not given (the line then adds nothing).
    pub rate: Option<f64>,
    /// The line's amount for the area, yuan.
    pub yuan: f64,
}

/// A facility's occupancy cost for an area over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The area costed, m².
    pub area_m2: f64,
    /// No area was asked for: the whole building is costed.
    pub whole_building: bool,
    /// The period, months.
    pub months: u32,
    /// The working, in order: rent, property fee, rent-free months, the relief counted.
    pub lines: Vec<Line>,
    /// Policies with rent relief that the profile meets but that are not combined with the one
    /// counted (indices of the catalog's policies).
    pub not_combined: Vec<usize>,
    /// Policies with rent relief whose conditions the profile does not say enough about.
    pub unknown: Vec<usize>,
}

impl Estimate {
    /// The net cost over the period, yuan.
    pub fn total_yuan(&self) -> f64 {
        self.lines.iter().map(|l| l.yuan).sum()
    }

    /// The net cost per year, yuan.
    pub fn per_year_yuan(&self) -> f64 {
        self.total_yuan() * 12.0 / f64::from(self.months)
    }

    /// The net cost per m² per month, yuan.
    pub fn per_m2_month_yuan(&self) -> f64 {
        self.total_yuan() / (self.area_m2 * f64::from(self.months))
    }
}

/// The estimate for `f` (a facility of `catalog`), for `area_m2` (the whole building when
/// `None`), for the enterprise `profile`, with `catalog`'s policies in force `today`. None when
/// it cannot be made: not offered for rent, no rent given, or no area.
pub fn estimate(
    catalog: &Catalog,
    f: &Facility,
    area_m2: Option<f64>,
    profile: &EnterpriseProfile,
    today: NaiveDate,
) -> Option<Estimate> {
    let rent = f.rent_yuan_per_m2_month.filter(|_| f.offers_rent())?;
    let area = area_m2.or(f.building_area_m2).filter(|a| *a > 0.0)?;
    let months = f.min_lease_months.unwrap_or(0).max(PERIOD_MONTHS);
    let amount = |months: u32, rate: f64| f64::from(months) * rate * area;

    let mut lines = vec![Line {
        item: Item::Rent,
        months,
        rate: Some(rent),
        yuan: amount(months, rent),
    }];
    let fee = f.property_fee_yuan_per_m2_month;
    lines.push(Line {
        item: Item::PropertyFee,
        months,
        rate: fee,
        yuan: fee.map_or(0.0, |fee| amount(months, fee)),
    });
    let free = f.free_rent_months.unwrap_or(0).min(months);
    if free > 0 {
        lines.push(Line {
            item: Item::FreeRent,
            months: free,
            rate: Some(-rent),
            yuan: -amount(free, rent),
        });
    }

    // The policy's own park is the facility's: the profile need not say it.
    let profile = EnterpriseProfile {
        park_id: Some(f.park_id.clone()),
        ..profile.clone()
    };
    let charged = months - free;
    let park = catalog.park(&f.park_id)?;
    let mut met: Vec<(usize, Vec<Line>)> = Vec::new();
    let mut unknown = Vec::new();
    for (i, p) in catalog.policies.iter().enumerate() {
        if p.rent_relief.is_empty() || !p.in_force_on(today) || !p.applies_to_park(park) {
            continue;
        }
        match standing(&assess(p, &profile)) {
            Standing::Met => met.push((i, relief_lines(i, &p.rent_relief, rent, charged, area))),
            Standing::Unknown => unknown.push(i),
            Standing::NotMet => {}
        }
    }
    // Not combined: the relief worth most (the first of equals) is the one counted.
    let worth = |l: &[Line]| -l.iter().map(|l| l.yuan).sum::<f64>();
    let best = met
        .iter()
        .enumerate()
        .fold(
            None,
            |best: Option<(usize, f64)>, (at, (_, l))| match best {
                Some((_, w)) if w >= worth(l) => best,
                _ => Some((at, worth(l))),
            },
        )
        .map(|(at, _)| at);
    let mut not_combined = Vec::new();
    for (at, (policy, relief)) in met.into_iter().enumerate() {
        if Some(at) == best {
            lines.extend(relief);
        } else {
            not_combined.push(policy);
        }
    }
    Some(Estimate {
        area_m2: area,
        whole_building: area_m2.is_none(),
        months,
        lines,
        not_combined,
        unknown,
    })
}

/// A policy's relief steps as lines, within the `charged` months of the period.
fn relief_lines(
    policy: usize,
    steps: &[RentRelief],
    rent: f64,
    charged: u32,
    area: f64,
) -> Vec<Line> {
    let mut left = charged;
    let mut lines = Vec::new();
    for step in steps {
        let months = step.months.min(left);
        if months == 0 {
            break;
        }
        left -= months;
        let rate = step
            .cap_yuan_per_m2_month
            .map_or(rent * step.share, |cap| (rent * step.share).min(cap));
        lines.push(Line {
            item: Item::Relief {
                policy,
                share: step.share,
            },
            months,
            rate: Some(-rate),
            yuan: -f64::from(months) * rate * area,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::sample;

    fn today(c: &Catalog) -> NaiveDate {
        crate::clock::county_date(c.meta.updated_at)
    }

    fn at(c: &Catalog, id: &str) -> usize {
        c.facilities
            .iter()
            .position(|f| f.id == id)
            .expect("in the sample")
    }

    /// The estimate for the facility `id` of `c`, today by the sample's clock.
    fn of(
        c: &Catalog,
        id: &str,
        area: Option<f64>,
        profile: &EnterpriseProfile,
    ) -> Option<Estimate> {
        estimate(c, &c.facilities[at(c, id)], area, profile, today(c))
    }

    fn policy(c: &Catalog, id: &str) -> usize {
        c.policies
            .iter()
            .position(|p| p.id == id)
            .expect("in the sample")
    }

    /// Meets the county's factory-rent policy (10 million yuan, 50 jobs).
    fn meeting() -> EnterpriseProfile {
        EnterpriseProfile {
            investment_10k_yuan: Some(2000.0),
            jobs: Some(80.0),
            ..Default::default()
        }
    }

    #[test]
    fn rent_and_fee_for_the_area_less_the_free_months() {
        let c = sample();
        // 12 yuan rent, 1 yuan fee, 3 months free, 24-month shortest lease: 36 months costed.
        let e = of(
            &c,
            "fac-industrial-factory-1",
            Some(1000.0),
            &Default::default(),
        )
        .expect("for rent");
        assert_eq!(e.months, 36);
        assert!(!e.whole_building, "the area asked for");
        assert_eq!(
            e.lines
                .iter()
                .map(|l| (l.item, l.months, l.yuan))
                .collect::<Vec<_>>(),
            vec![
                (Item::Rent, 36, 432_000.0),
                (Item::PropertyFee, 36, 36_000.0),
                (Item::FreeRent, 3, -36_000.0),
            ]
        );
        assert_eq!(e.total_yuan(), 432_000.0);
        assert_eq!(e.per_year_yuan(), 144_000.0);
        assert_eq!(e.per_m2_month_yuan(), 12.0);
        // The profile says nothing of investment or jobs: the rent policy is named, not counted.
        assert_eq!(e.unknown, vec![policy(&c, "pol-county-factory-rent")]);
    }

    #[test]
    fn a_met_policy_pays_back_rent_from_the_first_charged_month() {
        let c = sample();
        let e = of(&c, "fac-industrial-factory-1", Some(1000.0), &meeting()).expect("for rent");
        let p = policy(&c, "pol-county-factory-rent");
        // 33 charged months: 24 rent-free by the policy, then 9 of the 12 at half rent.
        let relief: Vec<_> = e
            .lines
            .iter()
            .filter(|l| matches!(l.item, Item::Relief { .. }))
            .collect();
        assert_eq!(relief.len(), 2);
        assert_eq!(
            (relief[0].item, relief[0].months, relief[0].yuan),
            (
                Item::Relief {
                    policy: p,
                    share: 1.0
                },
                24,
                -288_000.0
            )
        );
        assert_eq!(
            (relief[1].item, relief[1].months, relief[1].rate),
            (
                Item::Relief {
                    policy: p,
                    share: 0.5
                },
                9,
                Some(-6.0)
            )
        );
        assert_eq!(e.total_yuan(), 432_000.0 - 288_000.0 - 54_000.0);
        assert!(e.unknown.is_empty() && e.not_combined.is_empty());
    }

    #[test]
    fn a_profile_short_of_a_condition_gets_no_relief() {
        let c = sample();
        let short = EnterpriseProfile {
            jobs: Some(10.0),
            ..meeting()
        };
        let e = of(&c, "fac-industrial-factory-1", Some(1000.0), &short).expect("for rent");
        assert!(
            e.lines
                .iter()
                .all(|l| !matches!(l.item, Item::Relief { .. }))
        );
        assert!(e.unknown.is_empty());
    }

    #[test]
    fn relief_is_capped_and_policies_are_not_combined() {
        let mut c = sample();
        let p = policy(&c, "pol-county-factory-rent");
        let mut second = c.policies[p].clone();
        second.id = "pol-second".into();
        second.rent_relief = vec![RentRelief {
            months: 36,
            share: 1.0,
            cap_yuan_per_m2_month: Some(5.0),
        }];
        c.policies.push(second);
        let e = of(&c, "fac-industrial-factory-1", Some(1000.0), &meeting()).expect("for rent");
        // The first is worth 342,000 yuan over the charged months, the capped one 33 × 5 × 1000.
        assert_eq!(e.not_combined, vec![c.policies.len() - 1]);
        c.policies[p].rent_relief.clear();
        let e = of(&c, "fac-industrial-factory-1", Some(1000.0), &meeting()).expect("for rent");
        let relief = e.lines.last().expect("a line");
        assert_eq!(
            (relief.months, relief.rate, relief.yuan),
            (33, Some(-5.0), -165_000.0)
        );
    }

    #[test]
    fn no_estimate_without_rent_or_area_and_the_whole_building_by_default() {
        let c = sample();
        let none = EnterpriseProfile::default();
        // For sale only; let; land.
        for id in [
            "fac-industrial-warehouse-1",
            "fac-industrial-factory-3",
            "fac-industrial-land-1",
        ] {
            assert_eq!(
                estimate(&c, &c.facilities[at(&c, id)], Some(100.0), &none, today(&c)),
                None,
                "{id}"
            );
        }
        let i = at(&c, "fac-industrial-factory-1");
        let whole = estimate(&c, &c.facilities[i], None, &none, today(&c)).expect("for rent");
        assert_eq!(Some(whole.area_m2), c.facilities[i].building_area_m2);
        assert!(whole.whole_building);
        assert_eq!(
            estimate(&c, &c.facilities[i], Some(0.0), &none, today(&c)),
            None
        );
    }

    #[test]
    fn a_missing_fee_is_said_and_not_counted_and_a_long_lease_sets_the_period() {
        let mut c = sample();
        let i = at(&c, "fac-industrial-factory-1");
        c.facilities[i].property_fee_yuan_per_m2_month = None;
        c.facilities[i].min_lease_months = Some(60);
        let e = estimate(
            &c,
            &c.facilities[i],
            Some(100.0),
            &Default::default(),
            today(&c),
        )
        .expect("for rent");
        assert_eq!(e.months, 60);
        let fee = e.lines[1];
        assert_eq!(
            (fee.item, fee.rate, fee.yuan),
            (Item::PropertyFee, None, 0.0)
        );
    }

    #[test]
    fn policies_out_of_force_or_for_other_parks_do_not_count() {
        let c = sample();
        // The e-commerce park is not among the rent policy's parks.
        let e = of(&c, "fac-ecommerce-building-1", Some(100.0), &meeting()).expect("for rent");
        assert!(
            e.lines
                .iter()
                .all(|l| !matches!(l.item, Item::Relief { .. }))
                && e.unknown.is_empty()
        );
        let late = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
        let e = estimate(
            &c,
            &c.facilities[at(&c, "fac-industrial-factory-1")],
            Some(100.0),
            &meeting(),
            late,
        )
        .expect("for rent");
        assert!(
            e.lines
                .iter()
                .all(|l| !matches!(l.item, Item::Relief { .. }))
        );
    }
}
