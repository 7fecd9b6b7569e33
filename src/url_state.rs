//! What the investor is looking at, in the page's address: a shared link opens the same panel,
//! search, filters, order and selection, and back and forward step through them. Everything
//! goes into one query key of our own (`ysmap`), so a host page's path and parameters are never
//! touched when the map is embedded.

use crate::state::Panel;
use ysmap_decimal::fixed;
use ysmap_model::eligibility::PolicyQuery;
use ysmap_model::finder::FacilityQuery;

/// The one query key the app writes.
pub const KEY: &str = ysmap_model::page::STATE_KEY;

/// What the address holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlState {
    /// The panel (the tracker's code is never put in an address).
    pub panel: Option<Panel>,
    /// The facility finder's query.
    pub query: FacilityQuery,
    /// The policy finder's query.
    pub policies: PolicyQuery,
    /// The facility selected.
    pub facility: Option<String>,
    /// The facilities compared side by side.
    pub compared: Vec<String>,
    /// Where the map looks, once the investor has moved it.
    pub at: Option<MapAt>,
    /// The county (区县) browsed, in a city's catalog; none for the whole city.
    pub region: Option<String>,
}

/// A map view in an address: its centre (WGS-84) and zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapAt {
    /// Longitude of the centre.
    pub lon: f64,
    /// Latitude of the centre.
    pub lat: f64,
    /// Zoom level.
    pub zoom: f64,
}

impl MapAt {
    /// `lon,lat,zoom`, to 5 decimals (about a metre) and 2.
    fn encode(&self) -> String {
        format!(
            "{},{},{}",
            fixed(self.lon, 5),
            fixed(self.lat, 5),
            fixed(self.zoom, 2)
        )
    }

    /// [`MapAt::encode`] undone; none unless all three are numbers in range.
    fn decode(text: &str) -> Option<Self> {
        let signed = |t: &str| match t.strip_prefix('-') {
            Some(rest) => ysmap_model::finder::parse_amount(rest).map(|v| -v),
            None => ysmap_model::finder::parse_amount(t),
        };
        let mut parts = text.split(',').map(signed);
        let (lon, lat, zoom) = (parts.next()??, parts.next()??, parts.next()??);
        let fits = (-180.0..=180.0).contains(&lon)
            && (-85.0..=85.0).contains(&lat)
            && (0.0..=22.0).contains(&zoom)
            && parts.next().is_none();
        fits.then_some(MapAt { lon, lat, zoom })
    }

    /// The same view to the address's precision (what a reader of the address gets back).
    pub fn rounded(self) -> Self {
        MapAt::decode(&self.encode()).unwrap_or(self)
    }
}

impl UrlState {
    /// The state as `key=value` pairs, the default left out.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(r) = &self.region {
            out.push((ysmap_model::page::STATE_REGION.to_owned(), r.clone()));
        }
        let (view, id) = match &self.panel {
            None | Some(Panel::Parks) => (None, None),
            Some(Panel::Facilities) => (Some("facilities"), None),
            Some(Panel::Policies) => (Some("policies"), None),
            Some(Panel::Park(id)) => (Some("park"), Some(id.clone())),
            Some(Panel::Apply(id)) => (Some("apply"), id.clone()),
            Some(Panel::Track(_)) => (Some("track"), None),
            Some(Panel::Shortlist) => (Some("shortlist"), None),
        };
        if let Some(v) = view {
            out.push(("view".to_owned(), v.to_owned()));
        }
        if let Some(id) = id {
            out.push(("id".to_owned(), id));
        }
        if let Some(f) = &self.facility {
            out.push(("sel".to_owned(), f.clone()));
        }
        out.extend(
            self.compared
                .iter()
                .map(|id| ("cmp".to_owned(), id.clone())),
        );
        if let Some(at) = self.at {
            out.push(("at".to_owned(), at.encode()));
        }
        out.extend(self.query.to_pairs());
        out.extend(self.policies.to_pairs());
        out
    }

    /// The state `pairs` describe; what is not understood is left at its default.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Self {
        let get = |key: &str| {
            pairs
                .clone()
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_owned())
        };
        let id = get("id").filter(|id| !id.is_empty());
        let panel = match get("view").as_deref() {
            Some("facilities") => Some(Panel::Facilities),
            Some("policies") => Some(Panel::Policies),
            Some("park") => id.map(Panel::Park),
            Some("apply") => Some(Panel::Apply(id)),
            Some("track") => Some(Panel::Track(None)),
            Some("shortlist") => Some(Panel::Shortlist),
            _ => None,
        };
        let facility = get("sel");
        let compared = pairs
            .clone()
            .into_iter()
            .filter(|(k, _)| *k == "cmp")
            .map(|(_, v)| v.to_owned())
            .take(crate::shortlist::MAX_COMPARED)
            .collect();
        let at = get("at").and_then(|v| MapAt::decode(&v));
        let region = get(ysmap_model::page::STATE_REGION).filter(|r| !r.is_empty());
        UrlState {
            region,
            panel,
            query: FacilityQuery::from_pairs(pairs.clone()),
            policies: PolicyQuery::from_pairs(pairs),
            facility,
            compared,
            at,
        }
    }

    /// The state as the value of [`KEY`] (an encoded query string of its own).
    pub fn encode(&self) -> String {
        encode_pairs(&self.to_pairs())
    }

    /// The state in a value of [`KEY`].
    pub fn decode(value: &str) -> Self {
        let pairs = decode_pairs(value);
        UrlState::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// `pairs` as one string (`k=v&k=v`, escaped): the address's value, and what the device keeps.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// [`encode_pairs`] undone.
pub fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (unescape(k), unescape(v)))
        .collect()
}

/// `s` with `%`, `&`, `=`, `+` and `#` escaped, so it survives inside the value (the browser's
/// own encoding of the outer query does the rest).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' | '&' | '=' | '+' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] undone.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match code {
            Some(b) if b.is_ascii() => {
                out.push(b as char);
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the device keeps between visits (the project's needs, the enterprise's profile), as
/// pairs under `key` in local storage: never in the address, never sent.
pub mod device {
    use super::{decode_pairs, encode_pairs};

    fn storage() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    /// The pairs kept under `key` (none when nothing is kept or storage is off).
    pub fn load(key: &str) -> Vec<(String, String)> {
        let text = storage()
            .and_then(|s| s.get_item(key).ok().flatten())
            .unwrap_or_default();
        decode_pairs(&text)
    }

    /// `state` starts from what the device kept under `key` (read by `parse`, a type's
    /// `from_pairs`), and every change to it is kept there (written by `write`, its
    /// `to_pairs`): the project's needs, the enterprise's profile, the shortlist.
    pub fn keep<T: Send + Sync + 'static>(
        state: leptos::prelude::RwSignal<T>,
        key: &'static str,
        parse: impl FnOnce(Vec<(&str, &str)>) -> T,
        write: fn(&T) -> Vec<(String, String)>,
    ) {
        use leptos::prelude::{Effect, Set, With};
        let kept = load(key);
        state.set(parse(
            kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        ));
        Effect::new(move |_| store(key, &state.with(write)));
    }

    /// Keeps `pairs` under `key`; no pairs, nothing kept.
    pub fn store(key: &str, pairs: &[(String, String)]) {
        if let Some(s) = storage() {
            let _ = if pairs.is_empty() {
                s.remove_item(key)
            } else {
                s.set_item(key, &encode_pairs(pairs))
            };
        }
    }
}

/// The browser side: reading and writing the address.
pub mod web {
    use super::{KEY, UrlState};
    use web_sys::UrlSearchParams;

    fn params() -> Option<UrlSearchParams> {
        let search = leptos::prelude::window().location().search().ok()?;
        UrlSearchParams::new_with_str(&search).ok()
    }

    /// The state in the page's address.
    pub fn read() -> UrlState {
        params()
            .and_then(|p| p.get(KEY))
            .map(|v| UrlState::decode(&v))
            .unwrap_or_default()
    }

    /// Whether the address has the parameter `name` (with a value or without).
    pub fn has(name: &str) -> bool {
        params().is_some_and(|p| p.has(name))
    }

    /// The value of our key in the address now.
    pub fn current() -> String {
        params().and_then(|p| p.get(KEY)).unwrap_or_default()
    }

    /// Puts `state` in the address: a new history entry when `push`, else in place. The host's
    /// own parameters, path and fragment stay as they are.
    pub fn write(state: &UrlState, push: bool) {
        let window = leptos::prelude::window();
        let (Some(params), Ok(history), Ok(path), Ok(hash)) = (
            params(),
            window.history(),
            window.location().pathname(),
            window.location().hash(),
        ) else {
            return;
        };
        let value = state.encode();
        if value.is_empty() {
            params.delete(KEY);
        } else {
            params.set(KEY, &value);
        }
        let search = String::from(params.to_string());
        let url = if search.is_empty() {
            format!("{path}{hash}")
        } else {
            format!("{path}?{search}{hash}")
        };
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ysmap_model::catalog::FacilityKind;
    use ysmap_model::finder::{Figure, Range, SortKey};

    #[test]
    fn a_link_brings_back_the_panel_the_finder_and_the_selection() {
        let mut query = FacilityQuery {
            text: "厂房 a&b=c%+#".into(),
            kind: Some(FacilityKind::Factory),
            sort: SortKey::Rent,
            ..Default::default()
        };
        query.set_range(
            Figure::Power,
            Range {
                min: Some(800.0),
                max: None,
            },
        );
        for panel in [
            Panel::Facilities,
            Panel::Policies,
            Panel::Park("park-industrial".into()),
            Panel::Apply(Some("park-agri".into())),
            Panel::Apply(None),
            Panel::Shortlist,
        ] {
            let state = UrlState {
                panel: Some(panel),
                query: query.clone(),
                policies: PolicyQuery {
                    level: Some(ysmap_model::catalog::PolicyLevel::County),
                    include_expired: true,
                    ..Default::default()
                },
                facility: Some("fac-1".into()),
                compared: vec!["fac-1".into(), "fac-2, b&c".into()],
                at: Some(MapAt {
                    lon: 108.95432,
                    lat: -34.5,
                    zoom: 13.25,
                }),
                region: Some("dongyuan".into()),
            };
            assert_eq!(UrlState::decode(&state.encode()), state);
        }
        assert_eq!(UrlState::decode(""), UrlState::default());
        assert_eq!(UrlState::default().encode(), "");
    }

    #[test]
    fn a_tracking_code_never_goes_into_the_address() {
        let state = UrlState {
            panel: Some(Panel::Track(Some("YS-SECRET".into()))),
            ..Default::default()
        };
        assert!(!state.encode().contains("SECRET"));
        assert_eq!(
            UrlState::decode(&state.encode()).panel,
            Some(Panel::Track(None))
        );
    }

    #[test]
    fn what_is_not_understood_is_left_at_its_default() {
        for at in ["1,2", "1,2,3,4", "200,30,12", "108,34,x", "108,34,30"] {
            assert_eq!(UrlState::decode(&format!("at={at}")).at, None, "{at}");
        }
        let s = UrlState::decode("view=castle&kind=ship&%zz=1&id=");
        assert_eq!(s, UrlState::default());
        assert_eq!(
            UrlState::decode("view=park").panel,
            None,
            "a park view needs its id"
        );
    }
}
