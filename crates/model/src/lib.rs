//! The shared model of 营商地图: what the catalog and an assistance request are, and the rules
//! about them that both the app and the server apply (so each rule is written once).
//!
//! - [`clock`]: the county's clock (UTC+8): what "today" is for every date rule.
//! - [`text`]: bilingual text (`zh`, `en`) and the [`Lang`] a reader reads in.
//! - [`geometry`]: the GeoJSON geometries the catalog uses (WGS-84 longitude, latitude).
//! - [`catalog`]: parks, facilities, industries, policies, transport hubs, the vector base.
//! - [`consistency`]: the catalog check run by the server on load and by tests on the sample.
//! - [`cost`]: a facility's occupancy cost for an area, less free months and rent relief.
//! - [`page`]: what the server's page and the app agree on (the first screen's class).
//! - [`request`]: the assistance request (帮办代办申请), its tracking code and status.
//! - [`staff`]: the staff side's contract: accounts, roles, the session, the request inbox.
//! - [`wire`]: the contract's snake_case codes of enum values, read from serde's one spelling.
//! - [`validation`]: field-level errors with a code and a message in both languages.

pub mod catalog;
pub mod clock;
pub mod consistency;
pub mod cost;
pub mod eligibility;
pub mod fields;
pub mod finder;
pub mod gbt4754;
pub mod geometry;
pub mod import;
pub mod matching;
pub mod order;
pub mod overview;
pub mod page;
pub mod path;
pub mod request;
pub mod search;
pub mod staff;
pub mod text;
pub mod validation;
pub mod wire;

pub use catalog::Catalog;
pub use text::{Lang, Text};
