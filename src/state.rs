//! What the screens share: the catalog, the API client, and which panel and features are
//! selected. The panel is the one source of truth for the selected park; everything else about
//! selection is derived from it.

use crate::api::{Api, CatalogOrigin};
use crate::i18n::Locale;
use crate::shortlist::Shortlist;
use crate::url_state::MapAt;
use leptos::prelude::*;
use std::sync::Arc;
use ysmap_model::eligibility::{EnterpriseProfile, PolicyQuery};
use ysmap_model::finder::{FacilityQuery, Found, SearchIndex};
use ysmap_model::matching::SpaceNeeds;
use ysmap_model::search::Spellings;
use ysmap_model::{Catalog, Lang};

/// Which panel the side bar shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    /// The list of parks.
    Parks,
    /// The facility finder: every park's facilities, searched and filtered.
    Facilities,
    /// The policy finder: the county's policies, filtered and judged for the enterprise.
    Policies,
    /// One park's details.
    Park(String),
    /// The assistance form, with a park chosen in advance when opened from one.
    Apply(Option<String>),
    /// The request tracker, with a code filled in when opened after sending.
    Track(Option<String>),
    /// The shortlist, and the comparison of the facilities ticked in it.
    Shortlist,
}

/// Shared state, provided as context by the shell.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The catalog being browsed: the whole, or the county chosen of a city's.
    pub catalog: StoredValue<Arc<Catalog>>,
    /// The whole catalog loaded (the city's, when the page browses one county of it).
    pub whole: StoredValue<Arc<Catalog>>,
    /// The county chosen (`None`: the whole catalog); changing it makes the shell again for
    /// that county's catalog (`crate::app`).
    pub region: RwSignal<Option<String>>,
    /// Where it came from (decides whether the form can send).
    pub origin: CatalogOrigin,
    /// The API client.
    pub api: StoredValue<Api>,
    /// The panel shown.
    pub panel: RwSignal<Panel>,
    /// The facility highlighted on the map, if any.
    pub facility: RwSignal<Option<String>>,
    /// The park under the pointer or keyboard focus in the list, highlighted on the map.
    pub hovered_park: RwSignal<Option<String>>,
    /// The park whose details (or whose assistance form) are open, highlighted on the map.
    pub selected_park: Memo<Option<String>>,
    /// Let and sold facilities are drawn on the map too (off by default: they cannot be had).
    pub show_taken: RwSignal<bool>,
    /// What the facility finder is narrowed to.
    pub query: RwSignal<FacilityQuery>,
    /// Each facility's match for the finder's search text (recomputed when the text changes,
    /// not when a filter does).
    pub scores: Memo<Arc<Vec<Option<u8>>>>,
    /// The finder's results, which its list and the map both show.
    pub found: Memo<Vec<Found>>,
    /// What the investor's project needs: kept on the device, never sent unless they send a
    /// request.
    pub needs: RwSignal<SpaceNeeds>,
    /// What the policy finder is narrowed to.
    pub policy_query: RwSignal<PolicyQuery>,
    /// What the investor says about the enterprise: kept on the device like the needs.
    pub profile: RwSignal<EnterpriseProfile>,
    /// The shortlisted parks and facilities: kept on the device like the needs.
    pub shortlist: RwSignal<Shortlist>,
    /// The facilities compared side by side (at most four; in the address, to be shared).
    pub compared: RwSignal<Vec<String>>,
    /// Where the map looks once moved (in the address, to be shared); `None`: the map fits the
    /// county or the park chosen.
    pub map_at: RwSignal<Option<MapAt>>,
    /// The park or facility whose dossier is in the page for printing (print shows it alone).
    pub dossier: RwSignal<Option<crate::dossier::Subject>>,
    /// How far the panel's sheet is raised over the map on a phone.
    pub sheet: RwSignal<crate::layout::Sheet>,
}

impl AppState {
    /// State for a freshly loaded catalog, showing the park list.
    pub fn new(
        catalog: Arc<Catalog>,
        spellings: Arc<Spellings>,
        origin: CatalogOrigin,
        api: Api,
        (whole, region): (Arc<Catalog>, RwSignal<Option<String>>),
    ) -> Self {
        let panel = RwSignal::new(Panel::Parks);
        let query = RwSignal::new(FacilityQuery::default());
        let index = SearchIndex::new(&catalog, &spellings);
        let text = Memo::new(move |_| query.with(|q| q.text.clone()));
        let scores = Memo::new(move |_| Arc::new(text.with(|t| index.scores(t))));
        let c = catalog.clone();
        let found = Memo::new(move |_| scores.with(|s| query.with(|q| q.run(&c, s))));
        let selected_park = Memo::new(move |_| match panel.get() {
            Panel::Park(id) | Panel::Apply(Some(id)) => Some(id),
            _ => None,
        });
        AppState {
            catalog: StoredValue::new(catalog),
            whole: StoredValue::new(whole),
            region,
            origin,
            api: StoredValue::new(api),
            panel,
            facility: RwSignal::new(None),
            hovered_park: RwSignal::new(None),
            selected_park,
            show_taken: RwSignal::new(false),
            query,
            scores,
            found,
            needs: RwSignal::new(SpaceNeeds::default()),
            policy_query: RwSignal::new(PolicyQuery::default()),
            profile: RwSignal::new(EnterpriseProfile::default()),
            shortlist: RwSignal::new(Shortlist::default()),
            compared: RwSignal::new(Vec::new()),
            map_at: RwSignal::new(None),
            dossier: RwSignal::new(None),
            sheet: RwSignal::new(crate::layout::Sheet::Half),
        }
    }

    /// The catalog (a cheap clone of the shared pointer).
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.get_value()
    }

    /// Opens a park's details and clears any facility highlight.
    pub fn open_park(&self, id: String) {
        self.facility.set(None);
        self.panel.set(Panel::Park(id));
    }
}

/// The state provided by the shell.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The model's language for a UI locale.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::en => Lang::En,
        _ => Lang::Zh,
    }
}
