//! Freshness (时效): how long staff's confirmation that a record is true (最后核实) holds. A
//! record falls due for confirmation after one age; a facility past a second age is hidden
//! from investors until it is confirmed again. The ages are the county's to set, per kind of
//! record, in the catalog's meta.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The ages of one kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ages {
    /// Days after its 最后核实 a record is due for confirmation.
    pub due_after_days: u32,
    /// Days after which it is hidden from investors until confirmed; absent: never hidden.
    #[serde(default)]
    pub hide_after_days: Option<u32>,
}

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// Confirmed within its age.
    Fresh,
    /// Past its age: staff should confirm it; investors see "may be out of date".
    Due,
    /// Past the second age: investors do not see it until it is confirmed.
    Hidden,
}

impl Ages {
    /// Where a record last confirmed on `verified_at` stands on `today` (the county's date).
    pub fn standing(self, verified_at: NaiveDate, today: NaiveDate) -> Standing {
        let age = (today - verified_at).num_days();
        match self.hide_after_days {
            Some(hide) if age > i64::from(hide) => Standing::Hidden,
            _ if age > i64::from(self.due_after_days) => Standing::Due,
            _ => Standing::Fresh,
        }
    }

    /// The day a record confirmed on `verified_at` falls due.
    pub fn due_on(self, verified_at: NaiveDate) -> NaiveDate {
        verified_at + chrono::Days::new(u64::from(self.due_after_days) + 1)
    }
}

/// The ages of every kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Freshness {
    /// Facilities (载体): rent and availability change most; default due after 90 days,
    /// hidden after 180.
    pub facilities: Ages,
    /// Parks: default due after 180 days, never hidden (their facilities would go with them).
    pub parks: Ages,
    /// Policies: default due after 180 days, never hidden (their dates of force govern them).
    pub policies: Ages,
    /// Industries: default due after 365 days, never hidden.
    pub industries: Ages,
}

impl Default for Freshness {
    fn default() -> Self {
        let never = |due_after_days| Ages {
            due_after_days,
            hide_after_days: None,
        };
        Freshness {
            facilities: Ages {
                due_after_days: 90,
                hide_after_days: Some(180),
            },
            parks: never(180),
            policies: never(180),
            industries: never(365),
        }
    }
}

impl Freshness {
    /// The ages of a collection by its name in the catalog (`facilities`, `parks`, …); none for
    /// collections that are not confirmed (transport hubs).
    pub fn of(&self, collection: &str) -> Option<Ages> {
        match collection {
            "facilities" => Some(self.facilities),
            "parks" => Some(self.parks),
            "policies" => Some(self.policies),
            "industries" => Some(self.industries),
            _ => None,
        }
    }

    /// The ages read back: a hiding age not after the due age would hide what was never
    /// shown as due; `Err` names the field.
    pub fn check(&self) -> Result<(), &'static str> {
        for (name, a) in [
            ("facilities", self.facilities),
            ("parks", self.parks),
            ("policies", self.policies),
            ("industries", self.industries),
        ] {
            if a.due_after_days == 0 {
                return Err(name);
            }
            if a.hide_after_days.is_some_and(|h| h <= a.due_after_days) {
                return Err(name);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + chrono::Days::new(n)
    }

    #[test]
    fn a_facility_is_due_after_its_age_and_hidden_after_the_second() {
        let a = Freshness::default().facilities;
        assert_eq!(a.standing(day(0), day(90)), Standing::Fresh);
        assert_eq!(a.standing(day(0), day(91)), Standing::Due);
        assert_eq!(a.due_on(day(0)), day(91));
        assert_eq!(a.standing(day(0), day(180)), Standing::Due);
        assert_eq!(a.standing(day(0), day(181)), Standing::Hidden);
    }

    #[test]
    fn a_park_is_never_hidden() {
        let a = Freshness::default().parks;
        assert_eq!(a.standing(day(0), day(181)), Standing::Due);
        assert_eq!(a.standing(day(0), day(5000)), Standing::Due);
    }

    #[test]
    fn ages_that_cannot_work_are_named() {
        let mut f = Freshness::default();
        assert_eq!(f.check(), Ok(()));
        f.facilities.hide_after_days = Some(90);
        assert_eq!(f.check(), Err("facilities"));
        f = Freshness::default();
        f.policies.due_after_days = 0;
        assert_eq!(f.check(), Err("policies"));
    }

    #[test]
    fn absent_ages_take_the_defaults() {
        let f: Freshness =
            serde_json::from_str(r#"{"parks":{"due_after_days":30}}"#).expect("parses");
        assert_eq!(f.parks.due_after_days, 30);
        assert_eq!(f.facilities, Freshness::default().facilities);
    }
}
