//! Translated names for the catalog's codes (kinds, levels, statuses …). Every one goes through
//! the locale files; a code without a label is a compile error here, not a blank on screen.

use crate::i18n::*;
use ysmap_model::catalog::{
    ApplicationMode, Availability, ChainPosition, EnterpriseSize, FacilityKind, HubKind, LandUse,
    Metric, ParkKind, ParkLevel, PolicyLevel, PolicyTool, Qualification,
};
use ysmap_model::request::{PlannedStart, RequestStatus, Service};
/// Wire codes (form values, CSS classes) are the model's rule.
pub use ysmap_model::wire::code;

/// 工业园区 …
pub fn park_kind(l: Locale, k: ParkKind) -> &'static str {
    match k {
        ParkKind::Industrial => td_string!(l, park_kind_industrial),
        ParkKind::AgriProcessingTrade => td_string!(l, park_kind_agri_processing_trade),
        ParkKind::Ecommerce => td_string!(l, park_kind_ecommerce),
        ParkKind::HighTech => td_string!(l, park_kind_high_tech),
        ParkKind::Logistics => td_string!(l, park_kind_logistics),
    }
}

/// 国家级 …
pub fn park_level(l: Locale, k: ParkLevel) -> &'static str {
    match k {
        ParkLevel::National => td_string!(l, park_level_national),
        ParkLevel::Provincial => td_string!(l, park_level_provincial),
        ParkLevel::Municipal => td_string!(l, park_level_municipal),
        ParkLevel::County => td_string!(l, park_level_county),
    }
}

/// 标准化厂房 …
pub fn facility_kind(l: Locale, k: FacilityKind) -> &'static str {
    match k {
        FacilityKind::Factory => td_string!(l, facility_kind_factory),
        FacilityKind::Building => td_string!(l, facility_kind_building),
        FacilityKind::Warehouse => td_string!(l, facility_kind_warehouse),
        FacilityKind::Land => td_string!(l, facility_kind_land),
    }
}

/// 可租 …
pub fn availability(l: Locale, a: Availability) -> &'static str {
    match a {
        Availability::ForRent => td_string!(l, availability_for_rent),
        Availability::ForSale => td_string!(l, availability_for_sale),
        Availability::ForRentOrSale => td_string!(l, availability_for_rent_or_sale),
        Availability::Let => td_string!(l, availability_let),
        Availability::UnderConstruction => td_string!(l, availability_under_construction),
    }
}

/// 工业用地 …
pub fn land_use(l: Locale, u: LandUse) -> &'static str {
    match u {
        LandUse::Industrial => td_string!(l, land_use_industrial),
        LandUse::Warehousing => td_string!(l, land_use_warehousing),
        LandUse::Commercial => td_string!(l, land_use_commercial),
    }
}

/// 国家 / 省级 …
pub fn policy_level(l: Locale, p: PolicyLevel) -> &'static str {
    match p {
        PolicyLevel::National => td_string!(l, policy_level_national),
        PolicyLevel::Provincial => td_string!(l, policy_level_provincial),
        PolicyLevel::Municipal => td_string!(l, policy_level_municipal),
        PolicyLevel::County => td_string!(l, policy_level_county),
    }
}

/// 免申即享 …
pub fn policy_mode(l: Locale, m: ApplicationMode) -> &'static str {
    match m {
        ApplicationMode::Automatic => td_string!(l, policy_mode_automatic),
        ApplicationMode::FastTrack => td_string!(l, policy_mode_fast_track),
        ApplicationMode::Apply => td_string!(l, policy_mode_apply),
    }
}

/// 税收 …
pub fn policy_tool(l: Locale, t: PolicyTool) -> &'static str {
    match t {
        PolicyTool::Tax => td_string!(l, policy_tool_tax),
        PolicyTool::Funding => td_string!(l, policy_tool_funding),
        PolicyTool::Land => td_string!(l, policy_tool_land),
        PolicyTool::Talent => td_string!(l, policy_tool_talent),
        PolicyTool::Finance => td_string!(l, policy_tool_finance),
        PolicyTool::Service => td_string!(l, policy_tool_service),
    }
}

/// 高速出入口 …
pub fn hub_kind(l: Locale, k: HubKind) -> &'static str {
    match k {
        HubKind::ExpresswayExit => td_string!(l, hub_kind_expressway_exit),
        HubKind::RailwayStation => td_string!(l, hub_kind_railway_station),
        HubKind::HighSpeedRailStation => td_string!(l, hub_kind_high_speed_rail_station),
        HubKind::Airport => td_string!(l, hub_kind_airport),
        HubKind::LogisticsPort => td_string!(l, hub_kind_logistics_port),
    }
}

/// 上游 …
pub fn chain(l: Locale, c: ChainPosition) -> &'static str {
    match c {
        ChainPosition::Upstream => td_string!(l, chain_upstream),
        ChainPosition::Midstream => td_string!(l, chain_midstream),
        ChainPosition::Downstream => td_string!(l, chain_downstream),
    }
}

/// 3 个月内 …
pub fn planned_start(l: Locale, p: PlannedStart) -> &'static str {
    match p {
        PlannedStart::Within3Months => td_string!(l, planned_start_within3_months),
        PlannedStart::Within6Months => td_string!(l, planned_start_within6_months),
        PlannedStart::WithinAYear => td_string!(l, planned_start_within_a_year),
        PlannedStart::Later => td_string!(l, planned_start_later),
        PlannedStart::Undecided => td_string!(l, planned_start_undecided),
    }
}

/// 项目选址 …
pub fn service(l: Locale, s: Service) -> &'static str {
    match s {
        Service::SiteSelection => td_string!(l, service_site_selection),
        Service::VideoTour => td_string!(l, service_video_tour),
        Service::PolicyConsulting => td_string!(l, service_policy_consulting),
        Service::BusinessRegistration => td_string!(l, service_business_registration),
        Service::ConstructionPermit => td_string!(l, service_construction_permit),
        Service::Electricity => td_string!(l, service_electricity),
        Service::WaterGas => td_string!(l, service_water_gas),
        Service::PropertyRegistration => td_string!(l, service_property_registration),
        Service::Tax => td_string!(l, service_tax),
        Service::Financing => td_string!(l, service_financing),
    }
}

/// 已提交 …
pub fn status(l: Locale, s: RequestStatus) -> &'static str {
    match s {
        RequestStatus::Submitted => td_string!(l, status_submitted),
        RequestStatus::Accepted => td_string!(l, status_accepted),
        RequestStatus::InProgress => td_string!(l, status_in_progress),
        RequestStatus::Completed => td_string!(l, status_completed),
        RequestStatus::Closed => td_string!(l, status_closed),
        RequestStatus::Rejected => td_string!(l, status_rejected),
        RequestStatus::Withdrawn => td_string!(l, status_withdrawn),
    }
}

/// 大型企业 …
pub fn enterprise_size(l: Locale, s: EnterpriseSize) -> &'static str {
    match s {
        EnterpriseSize::Large => td_string!(l, size_large),
        EnterpriseSize::Medium => td_string!(l, size_medium),
        EnterpriseSize::Small => td_string!(l, size_small),
        EnterpriseSize::Micro => td_string!(l, size_micro),
    }
}

/// 高新技术企业 …
pub fn qualification(l: Locale, q: Qualification) -> &'static str {
    match q {
        Qualification::HighTech => td_string!(l, qual_high_tech),
        Qualification::Specialized => td_string!(l, qual_specialized),
        Qualification::TechSme => td_string!(l, qual_tech_sme),
        Qualification::AgriLeader => td_string!(l, qual_agri_leader),
    }
}

/// 计划投资(万元) …: a profile's figure with its unit.
pub fn metric(l: Locale, m: Metric) -> &'static str {
    match m {
        Metric::Investment10kYuan => td_string!(l, metric_investment),
        Metric::Jobs => td_string!(l, metric_jobs),
        Metric::AnnualOutput10kYuan => td_string!(l, metric_output),
        Metric::AnnualTax10kYuan => td_string!(l, metric_tax),
    }
}
