//! The assistance form's draft: what the investor has typed, as typed, and the request it
//! stands for. Plain data, so the rule "text in, request and unreadable numbers out" is tested
//! natively; the form component only binds fields to it.

use crate::i18n::*;
use ysmap_model::Text;
use ysmap_model::catalog::FacilityKind;
use ysmap_model::eligibility::EnterpriseProfile;
use ysmap_model::matching::SpaceNeeds as Needs;
use ysmap_model::request::{
    AssistanceRequest, DayPart, INDUSTRY_OTHER, PlannedStart, Service, SpaceNeeds, TourSlot,
};
use ysmap_model::validation::{ErrorCode, FieldError, parse_number_input};
use ysmap_model::wire;

/// What the investor has typed, as typed (numbers are text until sent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub company: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub industry_id: String,
    pub industry_other: String,
    pub planned_start: Option<PlannedStart>,
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
    /// The facilities the request is about (opened from a facility's card).
    pub facility_ids: Vec<String>,
    pub services: Vec<Service>,
    pub message: String,
    pub credit_code: String,
    pub jobs: String,
    /// Up to three half-days for a video tour: the date as the date input gives it
    /// (`2026-12-01`, empty when unused) and whether it is the afternoon.
    pub tour_dates: [String; 3],
    pub tour_afternoon: [bool; 3],
    /// The field people never see (a robot's tell).
    pub website: String,
    pub consent: bool,
}

impl Draft {
    /// The typed fields, by the names the device keeps them under (not the robots' field).
    fn texts_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let [t0, t1, t2] = &mut self.tour_dates;
        vec![
            ("company", &mut self.company),
            ("contact", &mut self.contact_name),
            ("phone", &mut self.phone),
            ("email", &mut self.email),
            ("industry", &mut self.industry_id),
            ("industry_other", &mut self.industry_other),
            ("investment", &mut self.investment),
            ("area", &mut self.area),
            ("height", &mut self.floor_height),
            ("load", &mut self.floor_load),
            ("power", &mut self.power),
            ("crane", &mut self.crane),
            ("message", &mut self.message),
            ("credit_code", &mut self.credit_code),
            ("jobs", &mut self.jobs),
            ("tour0", t0),
            ("tour1", t1),
            ("tour2", t2),
        ]
    }

    /// The ticked boxes, by name.
    fn flags_mut(&mut self) -> Vec<(&'static str, &mut bool)> {
        let [a0, a1, a2] = &mut self.tour_afternoon;
        vec![
            ("eia", &mut self.needs_eia),
            ("sewage", &mut self.needs_sewage),
            ("consent", &mut self.consent),
            ("pm0", a0),
            ("pm1", a1),
            ("pm2", a2),
        ]
    }

    /// The draft as name–value pairs, as the device keeps it (`url_state::encode_pairs`):
    /// what is empty or unticked is left out; lists are one pair per item.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut d = self.clone();
        let mut out: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
        for (k, v) in d.texts_mut() {
            if !v.is_empty() {
                put(k, std::mem::take(v));
            }
        }
        for (k, v) in d.flags_mut() {
            if *v {
                put(k, "1".to_owned());
            }
        }
        if let Some(p) = self.planned_start {
            put("start", wire::code(p));
        }
        if let Some(k) = self.space_kind {
            put("kind", wire::code(k));
        }
        for s in &self.services {
            put("service", wire::code(*s));
        }
        for p in &self.park_ids {
            put("park", p.clone());
        }
        for f in &self.facility_ids {
            put("facility", f.clone());
        }
        out
    }

    /// The draft `pairs` describe; what is not understood is left empty.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Draft {
        let mut d = Draft::default();
        for (k, v) in pairs {
            match k {
                "start" => d.planned_start = wire::from_code(v),
                "kind" => d.space_kind = wire::from_code(v),
                "service" => d.services.extend(wire::from_code::<Service>(v)),
                "park" => d.park_ids.push(v.to_owned()),
                "facility" => d.facility_ids.push(v.to_owned()),
                _ => {
                    if let Some((_, text)) = d.texts_mut().into_iter().find(|(n, _)| *n == k) {
                        *text = v.to_owned();
                    } else if let Some((_, flag)) = d.flags_mut().into_iter().find(|(n, _)| *n == k)
                    {
                        *flag = v == "1";
                    }
                }
            }
        }
        d
    }

    /// Fills what is still empty from what the investor told the finders on this device: the
    /// project's needs, the enterprise's figures, and its industry's GB/T 4754 code (typed once,
    /// never sent before the investor sends the request).
    pub fn prefill(
        &mut self,
        needs: &Needs,
        profile: &EnterpriseProfile,
        industry_code: Option<&str>,
    ) {
        let text = |v: Option<f64>| v.map(ysmap_model::finder::amount_text).unwrap_or_default();
        for (field, value) in [
            (&mut self.area, needs.area_m2),
            (&mut self.floor_height, needs.floor_height_m),
            (&mut self.floor_load, needs.floor_load_t_per_m2),
            (&mut self.power, needs.power_kva),
            (&mut self.crane, needs.crane_t),
            (&mut self.investment, profile.investment_10k_yuan),
            (&mut self.jobs, profile.jobs),
        ] {
            if field.is_empty() {
                *field = text(value);
            }
        }
        self.needs_eia |= needs.eia;
        self.needs_sewage |= needs.wastewater_t_per_day.is_some_and(|t| t > 0.0);
        if self.industry_id.is_empty()
            && let Some(code) = industry_code
        {
            self.industry_id = code.to_owned();
        }
    }

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
            // Only what goes with the choice: a description typed before choosing a listed
            // industry is not sent.
            industry_other: if self.industry_id == INDUSTRY_OTHER {
                self.industry_other.trim().to_owned()
            } else {
                String::new()
            },
            planned_start: self.planned_start,
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
            facility_ids: self.facility_ids.clone(),
            services: self.services.clone(),
            message: self.message.trim().to_owned(),
            credit_code: self.credit_code.trim().to_ascii_uppercase(),
            jobs: number("jobs", &self.jobs).map(|n| n.max(0.0).round() as u32),
            // Only with the video tour: dates typed before unticking it are not sent.
            tour_slots: if self.services.contains(&Service::VideoTour) {
                self.tour_dates
                    .iter()
                    .zip(self.tour_afternoon)
                    .filter_map(|(date, afternoon)| {
                        let date = ysmap_model::clock::parse_iso_date(date)?;
                        let part = if afternoon {
                            DayPart::Afternoon
                        } else {
                            DayPart::Morning
                        };
                        Some(TourSlot { date, part })
                    })
                    .collect()
            } else {
                Vec::new()
            },
            website: self.website.clone(),
            consent: self.consent,
            lang,
        };
        (request, errors)
    }
}

/// The form's fields in the order it shows them: the error summary lists its errors in this
/// order (a field-by-field check would otherwise decide it).
const FORM_ORDER: &[&str] = &[
    "company",
    "contact_name",
    "phone",
    "email",
    "industry_id",
    "industry_other",
    "planned_investment_10k_yuan",
    "planned_start",
    "space.kind",
    "space.area_m2",
    "space.floor_height_m",
    "space.floor_load_t_per_m2",
    "space.power_kva",
    "space.crane_t",
    "park_ids",
    "facility_ids",
    "services",
    "tour_slots",
    "credit_code",
    "jobs",
    "message",
    "website",
    "consent",
];

/// Where an error's field (`park_ids[1]` counts as `park_ids`) stands in the form; fields the
/// form does not show come last.
pub fn form_position(field: &str) -> usize {
    let field = field.split('[').next().unwrap_or(field);
    FORM_ORDER
        .iter()
        .position(|f| *f == field)
        .unwrap_or(FORM_ORDER.len())
}

/// The label the form shows for an error's field, so that the summary names it as the person
/// sees it ("计划投资额(万元):请输入数字…").
pub fn field_label(l: Locale, field: &str) -> Option<&'static str> {
    Some(match field.split('[').next().unwrap_or(field) {
        "company" => td_string!(l, f_company),
        "contact_name" => td_string!(l, f_contact_name),
        "phone" => td_string!(l, f_phone),
        "email" => td_string!(l, f_email),
        "industry_id" => td_string!(l, f_industry),
        "industry_other" => td_string!(l, f_industry_other),
        "planned_investment_10k_yuan" => td_string!(l, f_investment),
        "planned_start" => td_string!(l, f_planned_start),
        "space.kind" => td_string!(l, f_space_kind),
        "space.area_m2" => td_string!(l, f_area),
        "space.floor_height_m" => td_string!(l, f_floor_height),
        "space.floor_load_t_per_m2" => td_string!(l, f_floor_load),
        "space.power_kva" => td_string!(l, f_power),
        "space.crane_t" => td_string!(l, f_crane),
        "park_ids" => td_string!(l, f_parks),
        "services" => td_string!(l, f_services),
        "message" => td_string!(l, f_message),
        "tour_slots" => td_string!(l, f_tour_slots),
        "credit_code" => td_string!(l, f_credit_code),
        "jobs" => td_string!(l, f_jobs),
        "website" => td_string!(l, f_website),
        "consent" => td_string!(l, f_consent),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_kept_and_read_back_whole() {
        let d = Draft {
            company: "西安某装备有限公司 & Co=1%".into(),
            contact_name: "陈经理".into(),
            phone: "13912345678".into(),
            email: "chen@example.com".into(),
            industry_id: "C35".into(),
            industry_other: "other".into(),
            planned_start: Some(PlannedStart::Within6Months),
            investment: "8000".into(),
            space_kind: Some(FacilityKind::Warehouse),
            area: "1,500".into(),
            floor_height: "8.5".into(),
            floor_load: "3".into(),
            power: "630".into(),
            crane: "10".into(),
            needs_eia: true,
            needs_sewage: true,
            park_ids: vec!["park-a".into(), "park-b".into()],
            facility_ids: vec!["fac-1".into()],
            services: vec![Service::SiteSelection, Service::ConstructionPermit],
            message: "line one\nline two".into(),
            credit_code: "91610000MA0000000X".into(),
            jobs: "120".into(),
            tour_dates: ["2026-12-01".into(), String::new(), "2026-12-03".into()],
            tour_afternoon: [false, false, true],
            website: String::new(),
            consent: true,
        };
        let kept = crate::url_state::encode_pairs(&d.to_pairs());
        let pairs = crate::url_state::decode_pairs(&kept);
        let back = Draft::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, d);
        assert_eq!(Draft::from_pairs([]), Draft::default());
        assert!(
            Draft::default().to_pairs().is_empty(),
            "an empty draft keeps nothing"
        );
    }

    #[test]
    fn the_finders_prefill_what_is_empty_and_nothing_else() {
        let needs = Needs {
            area_m2: Some(1500.0),
            floor_height_m: Some(8.5),
            eia: true,
            wastewater_t_per_day: Some(20.0),
            ..Default::default()
        };
        let profile = EnterpriseProfile {
            investment_10k_yuan: Some(8000.0),
            jobs: Some(120.0),
            ..Default::default()
        };
        let mut d = Draft {
            power: "630".into(),
            ..Default::default()
        };
        d.prefill(&needs, &profile, Some("C35"));
        assert_eq!((d.area.as_str(), d.floor_height.as_str()), ("1500", "8.5"));
        assert_eq!((d.investment.as_str(), d.jobs.as_str()), ("8000", "120"));
        assert_eq!(d.power, "630", "what was typed stays");
        assert!(d.needs_eia && d.needs_sewage);
        assert_eq!(d.industry_id, "C35");
        assert_eq!(d.floor_load, "");
        let mut typed = Draft {
            industry_id: "C13".into(),
            ..Default::default()
        };
        typed.prefill(
            &Needs::default(),
            &EnterpriseProfile::default(),
            Some("C35"),
        );
        assert_eq!(typed.industry_id, "C13");
        assert_eq!(typed.area, "");
    }
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
    fn tour_times_go_only_with_the_video_tour() {
        let mut d = typed();
        d.tour_dates = ["2026-12-01".into(), String::new(), "not a date".into()];
        d.tour_afternoon = [true, false, false];
        d.credit_code = " 91350100m000100y43 ".into();
        d.jobs = "120".into();
        assert!(d.to_request(Lang::Zh).0.tour_slots.is_empty());
        d.services.push(Service::VideoTour);
        let (r, errors) = d.to_request(Lang::Zh);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            r.tour_slots,
            [TourSlot {
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
                part: DayPart::Afternoon
            }]
        );
        assert_eq!(r.credit_code, "91350100M000100Y43");
        assert_eq!(r.jobs, Some(120));
    }

    #[test]
    fn errors_follow_the_form_and_name_their_field() {
        let mut fields = vec![
            "consent",
            "space.area_m2",
            "company",
            "park_ids[1]",
            "services",
        ];
        fields.sort_by_key(|f| form_position(f));
        assert_eq!(
            fields,
            [
                "company",
                "space.area_m2",
                "park_ids[1]",
                "services",
                "consent"
            ]
        );
        for f in FORM_ORDER.iter().filter(|f| **f != "facility_ids") {
            for l in [Locale::zh_CN, Locale::en] {
                assert!(field_label(l, f).is_some_and(|s| !s.is_empty()), "{f}");
            }
        }
        assert_eq!(
            field_label(Locale::zh_CN, "planned_investment_10k_yuan"),
            Some("计划投资额(万元)")
        );
    }

    #[test]
    fn a_description_goes_only_with_the_other_industry() {
        let d = Draft {
            industry_id: "ind-general-equipment".into(),
            industry_other: "专用设备".into(),
            ..typed()
        };
        assert_eq!(d.to_request(Lang::Zh).0.industry_other, "");
        let d = Draft {
            industry_id: INDUSTRY_OTHER.into(),
            ..d
        };
        assert_eq!(d.to_request(Lang::Zh).0.industry_other, "专用设备");
    }
}
