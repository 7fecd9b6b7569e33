//! The app's screens and widgets, one component per file.

pub mod facility_card;
pub mod facility_finder;
pub mod lang_switch;
pub mod map_view;
pub mod park_detail;
pub mod park_list;
pub mod photos;
pub mod policy_card;
pub mod policy_finder;
pub mod region_select;
pub mod request_form;
pub mod request_tracker;
pub mod sheet;
pub mod shell;
pub mod shortlist_panel;
