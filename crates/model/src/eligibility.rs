//! Enterprise profile → policies (政策找企业). An investor describes the enterprise (industry,
//! size, qualifications, planned investment, jobs, output, tax); each policy is assessed
//! condition by condition as met, not met or unknown. Unknown is shown, never counted as either.

use crate::Catalog;
use crate::catalog::{
    ApplicationMode, EnterpriseSize, Metric, Policy, PolicyLevel, PolicyTool, Qualification,
};
use crate::matching::Fit;
use chrono::NaiveDate;

/// What the investor says about the enterprise. Absent means "not said".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnterpriseProfile {
    /// The industry (an id of the catalog's industries).
    pub industry_id: Option<String>,
    /// The park it would settle in.
    pub park_id: Option<String>,
    /// Its size.
    pub size: Option<EnterpriseSize>,
    /// The qualifications it holds; `None` when not said (an empty list says "none").
    pub qualifications: Option<Vec<Qualification>>,
    /// Planned investment, 10,000 yuan.
    pub investment_10k_yuan: Option<f64>,
    /// Jobs created.
    pub jobs: Option<f64>,
    /// Expected annual output, 10,000 yuan.
    pub annual_output_10k_yuan: Option<f64>,
    /// Expected annual tax, 10,000 yuan.
    pub annual_tax_10k_yuan: Option<f64>,
}

/// One thing a policy asks of an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// One of the policy's industries.
    Industry,
    /// One of the policy's parks.
    Park,
    /// One of the policy's enterprise sizes.
    Size,
    /// One of the policy's qualifications.
    Qualification,
    /// A figure of at least the condition's minimum.
    Figure(Metric),
}

/// How the profile stands on one requirement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    /// The requirement.
    pub requirement: Requirement,
    /// Met, not met or unknown.
    pub fit: Fit,
    /// For a figure: the minimum.
    pub min: Option<f64>,
    /// For a figure: what the profile says.
    pub given: Option<f64>,
}

/// A policy's standing for the profile, over all its requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Every requirement is met.
    Met,
    /// At least one is not.
    NotMet,
    /// None fails, but at least one is not known.
    Unknown,
}

impl EnterpriseProfile {
    /// True when nothing is said.
    pub fn is_empty(&self) -> bool {
        *self == EnterpriseProfile::default()
    }

    /// The profile's figure for `metric`.
    pub fn figure(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::Investment10kYuan => self.investment_10k_yuan,
            Metric::Jobs => self.jobs,
            Metric::AnnualOutput10kYuan => self.annual_output_10k_yuan,
            Metric::AnnualTax10kYuan => self.annual_tax_10k_yuan,
        }
    }

    /// Sets the figure for `metric`.
    pub fn set_figure(&mut self, metric: Metric, value: Option<f64>) {
        match metric {
            Metric::Investment10kYuan => self.investment_10k_yuan = value,
            Metric::Jobs => self.jobs = value,
            Metric::AnnualOutput10kYuan => self.annual_output_10k_yuan = value,
            Metric::AnnualTax10kYuan => self.annual_tax_10k_yuan = value,
        }
    }
}

/// Every figure a condition can ask for, in the order forms show them.
pub const METRICS: [Metric; 4] = [
    Metric::Investment10kYuan,
    Metric::Jobs,
    Metric::AnnualOutput10kYuan,
    Metric::AnnualTax10kYuan,
];

fn one_of<T: PartialEq>(listed: &[T], given: Option<&T>) -> Fit {
    match given {
        Some(g) if listed.contains(g) => Fit::Pass,
        Some(_) => Fit::Fail,
        None => Fit::Unknown,
    }
}

/// `policy`'s requirements, each checked against `profile`. A policy that lists no industries
/// (parks, sizes, qualifications) asks nothing of them.
pub fn assess(policy: &Policy, profile: &EnterpriseProfile) -> Vec<Check> {
    let a = &policy.applies_to;
    let plain = |requirement, fit| Check {
        requirement,
        fit,
        min: None,
        given: None,
    };
    let mut checks = Vec::new();
    if !a.industry_ids.is_empty() {
        checks.push(plain(
            Requirement::Industry,
            one_of(&a.industry_ids, profile.industry_id.as_ref()),
        ));
    }
    if !a.park_ids.is_empty() {
        checks.push(plain(
            Requirement::Park,
            one_of(&a.park_ids, profile.park_id.as_ref()),
        ));
    }
    if !a.enterprise_sizes.is_empty() {
        checks.push(plain(
            Requirement::Size,
            one_of(&a.enterprise_sizes, profile.size.as_ref()),
        ));
    }
    if !a.qualifications.is_empty() {
        let fit = match &profile.qualifications {
            Some(held) if held.iter().any(|q| a.qualifications.contains(q)) => Fit::Pass,
            Some(_) => Fit::Fail,
            None => Fit::Unknown,
        };
        checks.push(plain(Requirement::Qualification, fit));
    }
    for c in &policy.conditions {
        let given = profile.figure(c.metric);
        checks.push(Check {
            requirement: Requirement::Figure(c.metric),
            fit: match given {
                Some(g) if g >= c.min => Fit::Pass,
                Some(_) => Fit::Fail,
                None => Fit::Unknown,
            },
            min: Some(c.min),
            given,
        });
    }
    checks
}

/// The standing over `checks`: not met if any fails, unknown if any is unknown, else met.
pub fn standing(checks: &[Check]) -> Standing {
    if checks.iter().any(|c| c.fit == Fit::Fail) {
        Standing::NotMet
    } else if checks.iter().any(|c| c.fit == Fit::Unknown) {
        Standing::Unknown
    } else {
        Standing::Met
    }
}

/// What an investor narrows the county's policies to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyQuery {
    /// One level.
    pub level: Option<PolicyLevel>,
    /// One tool.
    pub tool: Option<PolicyTool>,
    /// One way of claiming (免申即享 …).
    pub mode: Option<ApplicationMode>,
    /// Policies open to this industry (those for every industry included).
    pub industry_id: Option<String>,
    /// Expired policies too (hidden unless asked for).
    pub include_expired: bool,
}

impl PolicyQuery {
    /// The policies that pass on the county's date `today`, in the catalog's order.
    pub fn run(&self, catalog: &Catalog, today: NaiveDate) -> Vec<usize> {
        catalog
            .policies
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                (self.include_expired || p.valid_to.is_none_or(|to| today <= to))
                    && self.level.is_none_or(|l| l == p.level)
                    && self.tool.is_none_or(|t| p.tools.contains(&t))
                    && self.mode.is_none_or(|m| m == p.mode)
                    && self.industry_id.as_ref().is_none_or(|i| {
                        p.applies_to.industry_ids.is_empty()
                            || p.applies_to.industry_ids.contains(i)
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The query as a link's `key=value` pairs (prefixed, beside the facility finder's).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
        if let Some(l) = self.level {
            put("p_level", crate::wire::code(l));
        }
        if let Some(t) = self.tool {
            put("p_tool", crate::wire::code(t));
        }
        if let Some(m) = self.mode {
            put("p_mode", crate::wire::code(m));
        }
        if let Some(i) = &self.industry_id {
            put("p_industry", i.clone());
        }
        if self.include_expired {
            put("p_expired", "1".to_owned());
        }
        out
    }

    /// The query `pairs` describe; what is not understood is left out.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> PolicyQuery {
        let mut q = PolicyQuery::default();
        for (k, v) in pairs {
            match k {
                "p_level" => q.level = crate::wire::from_code(v),
                "p_tool" => q.tool = crate::wire::from_code(v),
                "p_mode" => q.mode = crate::wire::from_code(v),
                "p_industry" => q.industry_id = Some(v.to_owned()).filter(|v| !v.is_empty()),
                "p_expired" => q.include_expired = v == "1",
                _ => {}
            }
        }
        q
    }
}

impl EnterpriseProfile {
    /// The profile as `key=value` pairs (for keeping it on the device), the unsaid left out.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(i) = &self.industry_id {
            out.push(("industry".to_owned(), i.clone()));
        }
        if let Some(p) = &self.park_id {
            out.push(("park".to_owned(), p.clone()));
        }
        if let Some(s) = self.size {
            out.push(("size".to_owned(), crate::wire::code(s)));
        }
        if let Some(qs) = &self.qualifications {
            let codes: Vec<String> = qs.iter().map(|q| crate::wire::code(*q)).collect();
            out.push(("qualifications".to_owned(), codes.join(",")));
        }
        for m in METRICS {
            if let Some(v) = self.figure(m) {
                out.push((crate::wire::code(m), crate::finder::amount_text(v)));
            }
        }
        out
    }

    /// The profile `pairs` describe; what is not understood is left unsaid.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> EnterpriseProfile {
        let mut p = EnterpriseProfile::default();
        for (k, v) in pairs {
            match k {
                "industry" => p.industry_id = Some(v.to_owned()).filter(|v| !v.is_empty()),
                "park" => p.park_id = Some(v.to_owned()).filter(|v| !v.is_empty()),
                "size" => p.size = crate::wire::from_code(v),
                "qualifications" => {
                    p.qualifications =
                        Some(v.split(',').filter_map(crate::wire::from_code).collect())
                }
                _ => {
                    if let Some(m) = METRICS.into_iter().find(|m| crate::wire::code(*m) == k) {
                        p.set_figure(m, crate::finder::parse_amount(v));
                    }
                }
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::sample;
    use crate::catalog::{Applicability, Condition};

    fn policy(applies_to: Applicability, conditions: Vec<Condition>) -> Policy {
        let mut p = sample().policies[0].clone();
        p.applies_to = applies_to;
        p.conditions = conditions;
        p
    }

    #[test]
    fn each_requirement_is_met_not_met_or_unknown() {
        let p = policy(
            Applicability {
                industry_ids: vec!["ind-a".into()],
                park_ids: vec!["park-x".into()],
                enterprise_sizes: vec![EnterpriseSize::Small, EnterpriseSize::Micro],
                qualifications: vec![Qualification::HighTech],
            },
            vec![
                Condition {
                    metric: Metric::Investment10kYuan,
                    min: 5000.0,
                },
                Condition {
                    metric: Metric::Jobs,
                    min: 50.0,
                },
            ],
        );
        let unknown = assess(&p, &EnterpriseProfile::default());
        assert_eq!(unknown.len(), 6);
        assert!(unknown.iter().all(|c| c.fit == Fit::Unknown));
        assert_eq!(standing(&unknown), Standing::Unknown);

        let met = EnterpriseProfile {
            industry_id: Some("ind-a".into()),
            park_id: Some("park-x".into()),
            size: Some(EnterpriseSize::Small),
            qualifications: Some(vec![Qualification::Specialized, Qualification::HighTech]),
            investment_10k_yuan: Some(5000.0),
            jobs: Some(80.0),
            ..Default::default()
        };
        assert_eq!(standing(&assess(&p, &met)), Standing::Met);

        let mut short = met.clone();
        short.jobs = Some(49.0);
        let checks = assess(&p, &short);
        let jobs = checks
            .iter()
            .find(|c| c.requirement == Requirement::Figure(Metric::Jobs))
            .expect("jobs");
        assert_eq!(
            (jobs.fit, jobs.min, jobs.given),
            (Fit::Fail, Some(50.0), Some(49.0))
        );
        assert_eq!(standing(&checks), Standing::NotMet);

        let mut none = met.clone();
        none.qualifications = Some(Vec::new());
        assert_eq!(
            standing(&assess(&p, &none)),
            Standing::NotMet,
            "no qualification held"
        );
        let mut big = met;
        big.size = Some(EnterpriseSize::Large);
        assert_eq!(standing(&assess(&p, &big)), Standing::NotMet);
    }

    #[test]
    fn the_policy_finder_narrows_by_level_tool_mode_industry_and_validity() {
        let c = sample();
        let today = crate::clock::county_date(c.meta.updated_at);
        let all = PolicyQuery {
            include_expired: true,
            ..Default::default()
        }
        .run(&c, today);
        assert_eq!(all.len(), c.policies.len());
        let in_force = PolicyQuery::default().run(&c, today);
        assert!(
            in_force
                .iter()
                .all(|&i| c.policies[i].valid_to.is_none_or(|to| today <= to))
        );
        for level in [
            PolicyLevel::National,
            PolicyLevel::Provincial,
            PolicyLevel::Municipal,
            PolicyLevel::County,
        ] {
            let q = PolicyQuery {
                level: Some(level),
                include_expired: true,
                ..Default::default()
            };
            assert!(
                q.run(&c, today)
                    .iter()
                    .all(|&i| c.policies[i].level == level)
            );
        }
        let q = PolicyQuery {
            mode: Some(ApplicationMode::Automatic),
            include_expired: true,
            ..Default::default()
        };
        assert!(
            !q.run(&c, today).is_empty(),
            "the sample has 免申即享 policies"
        );
        let industry = c.industries[0].id.clone();
        let q = PolicyQuery {
            industry_id: Some(industry.clone()),
            include_expired: true,
            ..Default::default()
        };
        for i in q.run(&c, today) {
            let ids = &c.policies[i].applies_to.industry_ids;
            assert!(ids.is_empty() || ids.contains(&industry));
        }
        let q = PolicyQuery {
            level: Some(PolicyLevel::County),
            tool: Some(PolicyTool::Funding),
            mode: Some(ApplicationMode::Apply),
            industry_id: Some("ind-x".into()),
            include_expired: true,
        };
        let pairs = q.to_pairs();
        assert_eq!(
            PolicyQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            q
        );
    }

    #[test]
    fn a_profile_is_kept_as_pairs_and_comes_back_unchanged() {
        let p = EnterpriseProfile {
            industry_id: Some("ind-a".into()),
            park_id: Some("park-x".into()),
            size: Some(EnterpriseSize::Medium),
            qualifications: Some(vec![Qualification::HighTech, Qualification::TechSme]),
            investment_10k_yuan: Some(8000.0),
            jobs: Some(120.0),
            annual_output_10k_yuan: Some(30000.0),
            annual_tax_10k_yuan: Some(900.5),
        };
        let pairs = p.to_pairs();
        assert_eq!(
            EnterpriseProfile::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            p
        );
        let none = EnterpriseProfile {
            qualifications: Some(Vec::new()),
            ..Default::default()
        };
        let pairs = none.to_pairs();
        assert_eq!(
            EnterpriseProfile::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            none
        );
    }

    #[test]
    fn a_policy_that_asks_nothing_is_met_by_anyone() {
        let p = policy(Applicability::default(), Vec::new());
        assert!(assess(&p, &EnterpriseProfile::default()).is_empty());
        assert_eq!(standing(&[]), Standing::Met);
    }

    #[test]
    fn the_sample_policies_are_assessed_condition_by_condition() {
        let c = sample();
        let profile = EnterpriseProfile {
            investment_10k_yuan: Some(1.0),
            ..Default::default()
        };
        for p in &c.policies {
            let checks = assess(p, &profile);
            assert_eq!(
                checks
                    .iter()
                    .filter(|c| matches!(c.requirement, Requirement::Figure(_)))
                    .count(),
                p.conditions.len(),
                "{}",
                p.id
            );
        }
    }
}
