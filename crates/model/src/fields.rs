//! What people call the catalog's fields, in Chinese and English, by their JSON key: the
//! console's editors label their inputs with it, and the staff's spreadsheets head their
//! columns with it (beside the key, which is what an import reads).

/// The words for the field `key` (the last part of a path: `rent_yuan_per_m2_month`, `zh`), or
/// none when it has no name of its own.
pub fn field_label(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "name" => ("名称", "Name"),
        "title" => ("标题", "Title"),
        "zh" => ("中文", "Chinese"),
        "en" => ("英文", "English"),
        "kind" => ("类型", "Kind"),
        "level" => ("级别", "Level"),
        "park_id" => ("所属园区", "Park"),
        "park_ids" => ("园区(id,以 ; 分隔)", "Parks (ids, separated by ;)"),
        "location" => ("位置", "Location"),
        "boundary" => ("边界", "Boundary"),
        "description" => ("简介", "Description"),
        "summary" => ("摘要", "Summary"),
        "building_area_m2" => ("建筑面积(平方米)", "Building area (m²)"),
        "divisible_min_area_m2" => ("最小可分割面积(平方米)", "Smallest division (m²)"),
        "land_area_m2" => ("用地面积(平方米)", "Land area (m²)"),
        "floors" => ("层数", "Storeys"),
        "floor_specs" => ("分层参数", "Storeys' figures"),
        "floor" => ("楼层", "Storey"),
        "area_m2" => ("面积(平方米)", "Area (m²)"),
        "floor_height_m" => ("层高(米)", "Clear height (m)"),
        "floor_load_t_per_m2" => ("承重(吨/平方米)", "Floor load (t/m²)"),
        "crane_t" => ("行车(吨)", "Crane (t)"),
        "power_kva" => ("电力容量(千伏安)", "Power (kVA)"),
        "fire_resistance_grade" => ("耐火等级(1–4)", "Fire resistance grade (1–4)"),
        "eia_allowed" => ("可环评", "EIA possible"),
        "land_use" => ("用地性质", "Land use"),
        "rent_yuan_per_m2_month" => ("租金(元/平方米/月)", "Rent (yuan/m²/month)"),
        "sale_price_yuan_per_m2" => ("售价(元/平方米)", "Sale price (yuan/m²)"),
        "property_fee_yuan_per_m2_month" => {
            ("物业费(元/平方米/月)", "Property fee (yuan/m²/month)")
        }
        "free_rent_months" => ("免租期(月)", "Rent-free months"),
        "rent_relief" => ("租金补贴(分段)", "Rent relief (steps)"),
        "months" => ("月数", "Months"),
        "share" => ("补贴比例(0–1)", "Share paid back (0–1)"),
        "cap_yuan_per_m2_month" => ("每月上限(元/平方米)", "Cap (yuan/m²/month)"),
        "min_lease_months" => ("最短租期(月)", "Shortest lease (months)"),
        "availability" => ("供应状态", "Availability"),
        "available_from" => ("可入驻日期", "Available from"),
        "suitable_industry_ids" => ("适合产业(id,以 ; 分隔)", "Suitable industries (ids, ;)"),
        "excluded_industry_ids" => ("不宜产业(id,以 ; 分隔)", "Excluded industries (ids, ;)"),
        "leading_industry_ids" => ("主导产业(id,以 ; 分隔)", "Leading industries (ids, ;)"),
        "industry_ids" => ("产业(id,以 ; 分隔)", "Industries (ids, ;)"),
        "photos" => ("照片", "Photos"),
        "caption" => ("说明(替代文字)", "Caption (alt text)"),
        "url" => ("地址", "Address"),
        "verified_at" => ("最后核实", "Last verified"),
        "published" => ("发布(取消即为草稿)", "Published (unticked: a draft)"),
        "contact" => ("联系方式", "Contact"),
        "phone" => ("电话", "Telephone"),
        "email" => ("电子邮箱", "E-mail"),
        "address" => ("地址", "Address"),
        "helper" => ("园小二", "Park helper"),
        "office" => ("办公地点", "Office"),
        "economy" => ("产业经济", "Economy"),
        "utilities" => ("配套设施", "Utilities"),
        "planning" => ("规划", "Planning"),
        "transport" => ("交通", "Transport"),
        "hub_id" => ("交通枢纽(id)", "Transport hub (id)"),
        "distance_km" => ("距离(公里)", "Distance (km)"),
        "drive_minutes" => ("车程(分钟)", "Drive (minutes)"),
        "metric" => ("指标", "Measure"),
        "min" => ("最低值", "At least"),
        "goals" => ("发展目标", "Goals"),
        "key_enterprises" => ("重点企业", "Key enterprises"),
        "issuer" => ("发文机关", "Issuer"),
        "doc_number" => ("文号", "Document number"),
        "tools" => ("政策工具", "Policy tools"),
        "mode" => ("兑现方式", "Mode"),
        "source_url" => ("原文链接", "Source"),
        "valid_from" => ("生效日期", "In force from"),
        "valid_to" => ("失效日期", "In force until"),
        "applies_to" => ("适用范围", "Applies to"),
        "conditions" => ("申请条件", "Conditions"),
        "benefit" => ("支持内容", "Benefit"),
        "how_to_apply" => ("申请方式", "How to apply"),
        "code" => ("行业代码", "Industry code"),
        "chain" => ("产业链", "Chain"),
        "panorama_url" => ("全景地址", "Panorama"),
        "county" => ("县(区)", "County"),
        "region" => ("所属省市", "Province and city"),
        "sample" => ("示例数据(每个页面标明)", "Sample data (every page says so)"),
        "service_center" => ("招商服务中心", "Investment service centre"),
        "hours" => ("办公时间", "Office hours"),
        "reply_within_working_days" => ("首次联系时限(工作日)", "First call within (working days)"),
        "time_limits" => (
            "各项服务承诺时限(工作日)",
            "Time limit of each service (working days)",
        ),
        "calendar" => ("工作日历", "Working calendar"),
        "holidays" => ("节假日(以 ; 分隔)", "Holidays (separated by ;)"),
        "extra_workdays" => ("调休上班日(以 ; 分隔)", "Weekend workdays (separated by ;)"),
        "privacy_notice" => ("隐私告知", "Privacy notice"),
        "retention_days" => ("个人信息保存天数", "Days personal data is kept"),
        "freshness" => ("核实时效", "Verification ages"),
        "due_after_days" => ("超过多少天待核实", "Due after (days)"),
        "hide_after_days" => (
            "超过多少天对投资者隐藏(空为不隐藏)",
            "Hidden after (days; empty: never)",
        ),
        "facilities" => ("载体", "Facilities"),
        "parks" => ("园区", "Parks"),
        "policies" => ("政策", "Policies"),
        "industries" => ("产业", "Industries"),
        "outline" => ("县界", "County outline"),
        "lines" => ("道路、铁路、河流", "Roads, rail, rivers"),
        "towns" => ("乡镇", "Towns"),
        "is_seat" => ("县城所在地", "County seat"),
        "path" => ("路径", "Path"),
        _ => return None,
    })
}

/// A number typed as text (a spreadsheet cell, a form's input): empty is none; a number is a
/// number; anything else stays text, for the record's type to refuse with the field named.
pub fn number_from_text(text: &str) -> serde_json::Value {
    use serde_json::Value;
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    text.parse::<i64>()
        .map(Value::from)
        .or_else(|_| text.parse::<f64>().map(Value::from))
        .unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// The words for a field's path (`name.zh` → 名称·中文), in `lang`: the named parts joined;
/// empty when no part has a name.
pub fn path_label(path: &str, lang: crate::Lang) -> String {
    path.split('.')
        .filter_map(|part| field_label(part.split('[').next().unwrap_or(part)))
        .map(|words| lang.pick(words))
        .collect::<Vec<_>>()
        .join("·")
}

/// A spreadsheet column's heading for the field at `path`: the path (what an import reads),
/// then its words in `lang` after a space.
pub fn column_heading(path: &str, lang: crate::Lang) -> String {
    let words = path_label(path, lang);
    if words.is_empty() {
        path.to_owned()
    } else {
        format!("{path} {words}")
    }
}

/// The field a spreadsheet column names: its heading up to the first space.
pub fn column_field(heading: &str) -> &str {
    heading.split_whitespace().next().unwrap_or("")
}

/// A part like those listed under `key` (a storey, a condition, a step of rent relief, a hub's
/// distance), with the fields the model writes: the console adds the first part of an empty
/// list from it, since an empty list shows no shape to copy. None for other keys.
pub fn part_like(key: &str) -> Option<serde_json::Value> {
    use crate::catalog::{Condition, FloorSpec, HubDistance, Metric, RentRelief};
    let part = match key {
        "floor_specs" => serde_json::to_value(FloorSpec {
            floor: 1,
            area_m2: None,
            floor_height_m: None,
            floor_load_t_per_m2: None,
            crane_t: None,
        }),
        "conditions" => serde_json::to_value(Condition {
            metric: Metric::Investment10kYuan,
            min: 0.0,
        }),
        "rent_relief" => serde_json::to_value(RentRelief {
            months: 0,
            share: 0.0,
            cap_yuan_per_m2_month: None,
        }),
        "transport" => serde_json::to_value(HubDistance {
            hub_id: String::new(),
            distance_km: 0.0,
            drive_minutes: 0,
        }),
        _ => return None,
    };
    part.ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn a_typed_number_is_a_number_and_anything_else_stays_text() {
        use serde_json::json;
        assert_eq!(number_from_text(" 12 "), json!(12));
        assert_eq!(number_from_text("8.5"), json!(8.5));
        assert_eq!(number_from_text(""), json!(null));
        assert_eq!(number_from_text("十二"), json!("十二"));
    }

    #[test]
    fn a_heading_names_its_field_in_words_and_reads_back_as_the_field() {
        let h = column_heading("name.zh", Lang::Zh);
        assert_eq!(h, "name.zh 名称·中文");
        assert_eq!(column_field(&h), "name.zh");
        assert_eq!(column_heading("id", Lang::En), "id");
        assert_eq!(
            column_field("rent_yuan_per_m2_month"),
            "rent_yuan_per_m2_month"
        );
        assert_eq!(
            column_heading("floor_specs", Lang::En),
            "floor_specs Storeys' figures"
        );
    }

    #[test]
    fn each_list_of_parts_has_a_shape_with_every_field_labelled() {
        for key in ["floor_specs", "conditions", "rent_relief", "transport"] {
            let part = part_like(key).expect(key);
            assert!(field_label(key).is_some(), "{key}");
            for field in part.as_object().expect("an object").keys() {
                assert!(field_label(field).is_some(), "{key}.{field}");
            }
        }
        assert_eq!(part_like("name"), None);
    }
}
