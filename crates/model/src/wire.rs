//! Wire codes: the snake_case names by which the JSON contract spells the catalog's and the
//! request's enum values (`factory`, `site_selection`, `in_progress`). Serde's derive is the one
//! place that spells them; form values, CSS classes and database columns read them from here.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The wire code of an enum value, as the JSON contract spells it; empty for a value that is
/// not a plain string on the wire.
///
/// ```
/// use ysmap_model::catalog::FacilityKind;
/// assert_eq!(ysmap_model::wire::code(FacilityKind::Factory), "factory");
/// ```
pub fn code<T: Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The enum value a wire code names, if any.
///
/// ```
/// use ysmap_model::catalog::FacilityKind;
/// assert_eq!(ysmap_model::wire::from_code("land"), Some(FacilityKind::Land));
/// assert_eq!(ysmap_model::wire::from_code::<FacilityKind>("castle"), None);
/// ```
pub fn from_code<T: DeserializeOwned>(code: &str) -> Option<T> {
    // Straight from the text (serde's own string deserializer), not through a JSON value.
    use serde::de::IntoDeserializer;
    let code: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        code.into_deserializer();
    T::deserialize(code).ok()
}
