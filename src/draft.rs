//! The assistance form's draft: what the investor has typed, as typed, and the request it
//! stands for. Plain data, so the rule "text in, request and unreadable numbers out" is tested
//! natively; the form component only binds fields to it.

use crate::i18n::*;
use serde::{Deserialize, Serialize};
use ysmap_model::Text;
use ysmap_model::catalog::FacilityKind;
use ysmap_model::request::{AssistanceRequest, Service, SpaceNeeds};
use ysmap_model::validation::{ErrorCode, FieldError, parse_number_input};

/// What the investor has typed, as typed (numbers are text until sent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub company: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub industry_id: String,
    pub investment: String,
    pub space_kind: Option<FacilityKind>,
    pub area: String,
    pub floor_height: String,
    pub floor_load: String,
    pub power: String,
    pub crane: String,
    pub needs_eia: bool,
    pub needs_sewage: bool,
    pub park_ids: Vec<String>,
    pub services: Vec<Service>,
    pub message: String,
    pub consent: bool,
}

impl Draft {
    /// The request this draft stands for, and the numbers that could not be read.
    pub fn to_request(&self, lang: ysmap_model::Lang) -> (AssistanceRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |field: &str, text: &str| {
            parse_number_input(text).unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    field,
                    ErrorCode::InvalidValue,
                    Text::new(
                        td_string!(Locale::zh_CN, not_a_number),
                        td_string!(Locale::en, not_a_number),
                    ),
                ));
                None
            })
        };
        let request = AssistanceRequest {
            company: self.company.trim().to_owned(),
            contact_name: self.contact_name.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            email: self.email.trim().to_owned(),
            industry_id: self.industry_id.clone(),
            planned_investment_10k_yuan: number("planned_investment_10k_yuan", &self.investment),
            space: SpaceNeeds {
                kind: self.space_kind,
                area_m2: number("space.area_m2", &self.area),
                floor_height_m: number("space.floor_height_m", &self.floor_height),
                floor_load_t_per_m2: number("space.floor_load_t_per_m2", &self.floor_load),
                power_kva: number("space.power_kva", &self.power),
                crane_t: number("space.crane_t", &self.crane),
                needs_eia: self.needs_eia,
                needs_sewage_discharge: self.needs_sewage,
            },
            park_ids: self.park_ids.clone(),
            facility_ids: Vec::new(),
            services: self.services.clone(),
            message: self.message.trim().to_owned(),
            consent: self.consent,
            lang,
        };
        (request, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ysmap_model::Lang;

    fn typed() -> Draft {
        Draft {
            company: "  示例精密机械有限公司 ".into(),
            contact_name: "陈经理".into(),
            phone: "139 1234 5678".into(),
            investment: "８０００".into(),
            area: "5,000".into(),
            floor_height: "9".into(),
            crane: "".into(),
            park_ids: vec!["park-industrial".into()],
            services: vec![Service::SiteSelection],
            consent: true,
            ..Draft::default()
        }
    }

    #[test]
    fn typed_text_becomes_the_request() {
        let (r, errors) = typed().to_request(Lang::Zh);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(r.company, "示例精密机械有限公司");
        assert_eq!(r.planned_investment_10k_yuan, Some(8000.0));
        assert_eq!(r.space.area_m2, Some(5000.0));
        assert_eq!(r.space.floor_height_m, Some(9.0));
        assert_eq!(r.space.crane_t, None, "empty means not given");
        assert_eq!(r.park_ids, vec!["park-industrial".to_owned()]);
        assert!(r.consent);
        assert_eq!(r.lang, Lang::Zh);
    }

    #[test]
    fn a_number_that_is_not_one_is_named_by_its_field() {
        let d = Draft {
            area: "五千".into(),
            power: "800kVA".into(),
            ..typed()
        };
        let (r, errors) = d.to_request(Lang::En);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["space.area_m2", "space.power_kva"]);
        assert_eq!(r.space.area_m2, None);
        assert!(
            errors
                .iter()
                .all(|e| !e.message.zh.is_empty() && !e.message.en.is_empty())
        );
    }

    #[test]
    fn a_draft_survives_storage_as_json() {
        let d = typed();
        let text = serde_json::to_string(&d).expect("serializes");
        assert_eq!(serde_json::from_str::<Draft>(&text).expect("parses"), d);
        // A draft stored by an older version, missing fields, still loads.
        let old: Draft = serde_json::from_str(r#"{"company":"甲"}"#).expect("parses");
        assert_eq!(old.company, "甲");
    }
}
