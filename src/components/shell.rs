//! The page frame: header with the sections and language switch, the sample-data notice, the
//! side panel beside the map, and the service centre in the footer.

use crate::api::{Api, CatalogOrigin, LoadedCatalog};
use crate::components::lang_switch::LangSwitch;
use crate::components::map_view::MapView;
use crate::components::region_select::RegionSelect;
use crate::components::sheet::SheetBar;
use crate::i18n::*;
use crate::state::{AppState, Panel, lang_of};
use crate::words::{tr, use_language};
use leptos::prelude::*;

/// The app once the catalog is loaded.
#[component]
pub fn Shell(
    loaded: LoadedCatalog,
    api: Api,
    tiles: Option<ysmap_map::web::TileLayer>,
    /// The whole catalog loaded, when `loaded` is one county of it.
    whole: std::sync::Arc<ysmap_model::Catalog>,
    /// The county chosen.
    region: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = AppState::new(
        loaded.catalog.clone(),
        loaded.spellings.clone(),
        loaded.origin,
        api,
        (whole, region),
    );
    provide_context(app);
    {
        use crate::url_state::device::keep;
        use ysmap_model::eligibility::EnterpriseProfile;
        use ysmap_model::matching::SpaceNeeds;
        keep(
            app.needs,
            "ysmap.space-needs.v1",
            |p| SpaceNeeds::from_pairs(p),
            SpaceNeeds::to_pairs,
        );
        keep(
            app.profile,
            "ysmap.enterprise-profile.v1",
            |p| EnterpriseProfile::from_pairs(p),
            EnterpriseProfile::to_pairs,
        );
        keep(
            app.shortlist,
            "ysmap.shortlist.v1",
            |p| crate::shortlist::Shortlist::from_pairs(p),
            crate::shortlist::Shortlist::to_pairs,
        );
    }
    // The portal's address is its own unless it lets the app keep its state there.
    if crate::layout::use_host().url_state {
        sync_address(app);
    }
    // A request left on its way at the last visit: the form opens and sends it (same key).
    if loaded.origin == CatalogOrigin::Api && crate::components::request_form::has_pending() {
        app.panel.set(Panel::Apply(None));
    }
    let i18n = use_language();
    let catalog = loaded.catalog;
    let lang = move || lang_of(i18n.get_locale());
    let county = catalog.meta.county.clone();
    let center = catalog.meta.service_center.clone();
    let sample = catalog.meta.sample;
    let panel_ref: NodeRef<leptos::html::Section> = NodeRef::new();
    // A dossier is in the page for one printing, and belongs to the panel it was asked from.
    let printed = window_event_listener_untyped("afterprint", move |_| app.dossier.set(None));
    on_cleanup(move || printed.remove());
    // A panel opened is seen: on a phone the sheet rises to show it.
    Effect::new(move |previous: Option<Panel>| {
        let current = app.panel.get();
        if previous.is_some_and(|p| p != current) {
            app.dossier.set(None);
        }
        app.sheet.set(app.sheet.get_untracked().for_panel(&current));
        current
    });

    // After the panel changes, move focus to its heading, so keyboard and screen-reader users
    // land where the content changed (not on the first render: the page has just opened). A
    // part whose chunk is on its way (crate::chunks) has its heading once it arrives.
    let heading_wanted = StoredValue::new(false);
    let focus_heading = move || {
        // `try_`: the shell may be gone by the next frame (another county chosen, or a second
        // step back, within this one).
        if heading_wanted.try_get_value() != Some(true) {
            return;
        }
        if let Some(h) = panel_ref
            .try_get_untracked()
            .flatten()
            .and_then(|s| s.query_selector("h2").ok().flatten())
            .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
        {
            heading_wanted.set_value(false);
            let _ = h.focus();
        }
    };
    Effect::new(move |previous: Option<Panel>| {
        let current = app.panel.get();
        if previous.as_ref().is_some_and(|p| *p != current) {
            heading_wanted.set_value(true);
            request_animation_frame(focus_heading);
        }
        current
    });

    // A pointer over the list or the map, or the focus in them: a park's page (or a finder) is
    // likely next, so their chunk is fetched now rather than on the click (crate::chunks).
    let browsing = StoredValue::new(false);
    let engaged = move || {
        if !browsing.get_value() {
            browsing.set_value(true);
            crate::chunks::preload(&Panel::Park(String::new()));
        }
    };

    // The panel drawn again only when it changes: back and forward set it on every step, and a
    // part made again while the steps' other changes are on their way would be disposed under
    // them.
    let panel = Memo::new(move |_| app.panel.get());

    let nav_button = move |target: Panel, label: &'static str| {
        let (t2, t3, t4) = (target.clone(), target.clone(), target.clone());
        let current = move || {
            let p = app.panel.get();
            let same = std::mem::discriminant(&p) == std::mem::discriminant(&t2)
                || (matches!(t2, Panel::Parks) && matches!(p, Panel::Park(_)));
            same.then_some("page")
        };
        view! {
            <button
                type="button"
                aria-current=current
                on:pointerenter=move |_| crate::chunks::preload(&t3)
                on:focus=move |_| crate::chunks::preload(&t4)
                on:click=move |_| app.panel.set(target.clone())
            >
                {label}
            </button>
        }
    };

    view! {
        <header class="ysmap-header">
            <div class="ysmap-brand">
                <h1>
                    <span class="county">{move || county.get(lang()).to_owned()}</span>
                    " "
                    {tr(|l| td_string!(l, app_title))}
                </h1>
                {sample.then(|| view! { <span class="ysmap-badge-sample">{tr(|l| td_string!(l, sample_badge))}</span> })}
                <RegionSelect />
            </div>
            <nav class="ysmap-nav" aria-label=move || td_string!(i18n.get_locale(), main_nav)>
                {move || nav_button(Panel::Parks, td_string!(i18n.get_locale(), nav_parks))}
                {move || nav_button(Panel::Facilities, td_string!(i18n.get_locale(), nav_facilities))}
                {move || nav_button(Panel::Policies, td_string!(i18n.get_locale(), nav_policies))}
                {move || nav_button(Panel::Shortlist, td_string!(i18n.get_locale(), nav_shortlist))}
                {move || nav_button(Panel::Apply(None), td_string!(i18n.get_locale(), nav_apply))}
                {move || nav_button(Panel::Track(None), td_string!(i18n.get_locale(), nav_track))}
            </nav>
            {crate::elderly_mode::switch()}
            <LangSwitch />
        </header>
        {sample.then(|| view! { <p class="ysmap-sample-notice" role="note">{tr(|l| td_string!(l, sample_notice))}</p> })}
        {(app.origin == CatalogOrigin::StaticFile)
            .then(|| view! { <p class="ysmap-offline-notice" role="note">{tr(|l| td_string!(l, offline_catalog))}</p> })}
        // On a phone the sheet lies over the map; beside it on a wide screen, the sheet is the
        // panel's column and the footer runs under both (assets/app.css).
        <div
            class="ysmap-body"
            data-sheet=move || app.sheet.get().code()
            on:pointerover=move |_| engaged()
            on:focusin=move |_| engaged()
        >
            <div class="ysmap-sheet">
                <SheetBar />
                <div class="ysmap-sheet-scroll">
                    <section class="ysmap-panel" node_ref=panel_ref aria-live="polite">
                        {move || crate::chunks::panel(panel.get(), focus_heading)}
                    </section>
                    <footer class="ysmap-footer">
                        {move || {
                            let l = lang();
                            let name = center.name.get(l).to_owned();
                            let phone = center.phone.clone();
                            view! {
                                <p>
                                    {name} " · " {tr(|l| td_string!(l, footer_phone))} " "
                                    <a href=ysmap_model::text::dial(&phone)>{phone.clone()}</a> " · "
                                    <a href=format!("mailto:{}", center.email)>{center.email.clone()}</a>
                                </p>
                                <p>{center.address.get(l).to_owned()} " · " {center.hours.get(l).to_owned()}</p>
                                <p><a class="ysmap-staff-link" href=app.api.with_value(|a| a.console_url())>{tr(|l| td_string!(l, staff_link))}</a></p>
                            }
                        }}
                    </footer>
                </div>
            </div>
            <MapView tiles />
        </div>
        {move || app.dossier.get().map(|subject| crate::chunks::dossier_page(app, subject))}
    }
}

/// Keeps the address and the state in step (`crate::url_state`): the address's state is taken
/// on arrival; each change after is written back, as a new history entry unless only the
/// search text or the map's view changed (typing and panning would otherwise fill the
/// history); back and forward bring the state of their entry.
fn sync_address(app: AppState) {
    use crate::url_state::{UrlState, web};
    let apply = move |s: UrlState| {
        app.panel.set(s.panel.unwrap_or(Panel::Parks));
        app.query.set(s.query);
        app.policy_query.set(s.policies);
        app.facility.set(s.facility);
        app.compared.set(s.compared);
        app.map_at.set(s.at);
        // Another county (back or forward across a choice): the shell is made again for it.
        let known = |r: &String| {
            app.whole
                .with_value(|w| w.regions.len() > 1 && w.region(r).is_some())
        };
        let region = s.region.filter(known);
        if app.region.get_untracked() != region {
            app.region.set(region);
        }
    };
    apply(web::read());
    let state = move || UrlState {
        panel: Some(app.panel.get()),
        query: app.query.get(),
        policies: app.policy_query.get(),
        facility: app.facility.get(),
        compared: app.compared.get(),
        at: app.map_at.get(),
        region: app.region.get(),
    };
    Effect::new(move |_| {
        let now = state();
        let written = UrlState::decode(&web::current());
        if now.encode() != written.encode() {
            // Typing and moving the map change the entry in place.
            let mut typed = written.clone();
            typed.query.text = now.query.text.clone();
            typed.at = now.at;
            web::write(&now, typed.encode() != now.encode());
        }
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| apply(web::read()));
    on_cleanup(move || handle.remove());
}
