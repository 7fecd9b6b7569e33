//! The console's start page (工作台): per park, how its listings stand (how many, how many
//! confirmed within their age, drafts, open requests) and what is due for confirmation. The
//! server computes it from the stored catalog (drafts included) for the parks in an account's
//! scope; one rule, here, for the page and the reminders.

use crate::catalog::{Ages, Standing};
use crate::{Catalog, Text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many days ahead the start page and the reminders look for what falls due.
pub const DUE_SOON_DAYS: u64 = 14;

/// `GET /api/admin/overview`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    /// The county's date it was made on.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub today: NaiveDate,
    /// The parks in the account's scope, in catalog order.
    pub parks: Vec<ParkOverview>,
}

/// One park's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParkOverview {
    /// The park.
    pub park_id: String,
    /// Its name.
    pub name: Text,
    /// Its facilities (载体), drafts included.
    pub listings: u32,
    /// How many of them are confirmed within their age.
    pub verified_within_age: u32,
    /// Its records saved as drafts (the park itself, facilities, its own policies).
    pub drafts: u32,
    /// Requests naming the park that are not finished.
    pub open_requests: u32,
    /// Its records that are overdue, hidden, or fall due within [`DUE_SOON_DAYS`]: most
    /// urgent first.
    pub due: Vec<DueRecord>,
}

/// A record to confirm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueRecord {
    /// `parks`, `facilities` or `policies`.
    pub collection: String,
    /// Its id.
    pub id: String,
    /// Its name or title.
    pub name: Text,
    /// Its 最后核实.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub verified_at: NaiveDate,
    /// The day it falls (or fell) due.
    #[serde(deserialize_with = "crate::clock::wire::date")]
    pub due_on: NaiveDate,
    /// `due_soon`, `overdue` or `hidden` (investors do not see it until it is confirmed).
    pub state: DueState,
}

/// How urgent a [`DueRecord`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// Hidden from investors until confirmed.
    Hidden,
    /// Past its age: investors see "may be out of date".
    Overdue,
    /// Falls due within [`DUE_SOON_DAYS`].
    DueSoon,
}

impl DueState {
    /// Where a record confirmed on `verified_at` stands for the start page; `None` when
    /// nothing is due for a while.
    pub fn of(ages: Ages, verified_at: NaiveDate, today: NaiveDate) -> Option<DueState> {
        match ages.standing(verified_at, today) {
            Standing::Hidden => Some(DueState::Hidden),
            Standing::Due => Some(DueState::Overdue),
            Standing::Fresh => (ages.due_on(verified_at)
                <= today + chrono::Days::new(DUE_SOON_DAYS))
            .then_some(DueState::DueSoon),
        }
    }
}

impl Overview {
    /// The overview of `parks` (ids, in scope) from the stored `catalog` on `today`;
    /// `open_requests` gives each park's count of unfinished requests.
    pub fn of(
        catalog: &Catalog,
        parks: impl Fn(&str) -> bool,
        open_requests: impl Fn(&str) -> u32,
        today: NaiveDate,
    ) -> Overview {
        let ages = &catalog.meta.freshness;
        let parks = catalog
            .parks
            .iter()
            .filter(|p| parks(&p.id))
            .map(|park| {
                let mut due = Vec::new();
                let mut consider = |collection: &str,
                                    id: &str,
                                    name: &Text,
                                    verified_at: NaiveDate,
                                    ages: Ages| {
                    if let Some(state) = DueState::of(ages, verified_at, today) {
                        due.push(DueRecord {
                            collection: collection.to_owned(),
                            id: id.to_owned(),
                            name: name.clone(),
                            verified_at,
                            due_on: ages.due_on(verified_at),
                            state,
                        });
                    }
                };
                consider("parks", &park.id, &park.name, park.verified_at, ages.parks);
                let facilities: Vec<_> = catalog.facilities_of(&park.id).collect();
                for f in &facilities {
                    consider("facilities", &f.id, &f.name, f.verified_at, ages.facilities);
                }
                // A policy is the park's own when it names this park only.
                let own_policies: Vec<_> = catalog
                    .policies
                    .iter()
                    .filter(|p| p.applies_to.park_ids == [park.id.clone()])
                    .collect();
                for p in &own_policies {
                    consider("policies", &p.id, &p.title, p.verified_at, ages.policies);
                }
                due.sort_by_key(|d| (d.state, d.due_on));
                let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                ParkOverview {
                    park_id: park.id.clone(),
                    name: park.name.clone(),
                    listings: count(facilities.len()),
                    verified_within_age: count(
                        facilities
                            .iter()
                            .filter(|f| catalog.standing(f, today) == Standing::Fresh)
                            .count(),
                    ),
                    drafts: count(
                        usize::from(!park.published)
                            + facilities.iter().filter(|f| !f.published).count()
                            + own_policies.iter().filter(|p| !p.published).count(),
                    ),
                    open_requests: open_requests(&park.id),
                    due,
                }
            })
            .collect();
        Overview { today, parks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::tests::{sample, today};

    #[test]
    fn a_park_counts_its_listings_drafts_and_what_is_due_most_urgent_first() {
        let mut c = sample();
        let park = c.parks[0].id.clone();
        let mine: Vec<usize> = (0..c.facilities.len())
            .filter(|&i| c.facilities[i].park_id == park)
            .collect();
        assert!(mine.len() >= 3, "the sample's first park has facilities");
        let day = today();
        let ago = |n: u64| day - chrono::Days::new(n);
        c.facilities[mine[0]].verified_at = ago(200); // hidden
        c.facilities[mine[1]].verified_at = ago(100); // overdue
        c.facilities[mine[2]].verified_at = ago(80); // falls due in 11 days
        c.facilities[mine[2]].published = false;
        let o = Overview::of(&c, |p| p == park, |_| 2, day);
        assert_eq!(o.parks.len(), 1);
        let p = &o.parks[0];
        assert_eq!(p.listings as usize, mine.len());
        assert_eq!(p.verified_within_age as usize, mine.len() - 2);
        assert_eq!(p.drafts, 1);
        assert_eq!(p.open_requests, 2);
        let states: Vec<_> = p.due.iter().map(|d| (d.id.as_str(), d.state)).collect();
        assert_eq!(
            states,
            vec![
                (c.facilities[mine[0]].id.as_str(), DueState::Hidden),
                (c.facilities[mine[1]].id.as_str(), DueState::Overdue),
                (c.facilities[mine[2]].id.as_str(), DueState::DueSoon),
            ]
        );
        assert_eq!(p.due[2].due_on, ago(80) + chrono::Days::new(91));
    }

    #[test]
    fn parks_outside_the_scope_are_left_out() {
        let c = sample();
        let o = Overview::of(&c, |_| false, |_| 0, today());
        assert!(o.parks.is_empty());
        let all = Overview::of(&c, |_| true, |_| 0, today());
        assert_eq!(all.parks.len(), c.parks.len());
    }
}
