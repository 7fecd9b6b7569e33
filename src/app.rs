//! The root component: translations, the catalog load, and the shell once it is there.

use crate::api::{Api, LoadedCatalog};
use crate::components::shell::Shell;
use crate::i18n::*;
use crate::words::{tr, use_language};
use leptos::prelude::*;
use ysmap_map::crs::Crs;
use ysmap_map::tiles::TileSource;
use ysmap_map::web::TileLayer;

/// What the host page says about how to run, through attributes on the host element (see the
/// README, "Configuration"): where the API is, and which base map tiles to draw.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Prefix for API and data URLs, e.g. `https://map.example.gov.cn/`; empty for same origin.
    pub api_base: String,
    /// Raster tiles over the vector base, when configured.
    pub tiles: Option<TileLayer>,
    /// The one county of a city's catalog this page shows (`data-region`, a county's embed);
    /// none: the whole catalog, with a choice of county.
    pub region: Option<String>,
    /// Mounted inline in a portal's page by embed.js.
    pub embedded: bool,
    /// The app may keep its state in the page's address: the stand-alone page; an embed only
    /// when the portal says so (`data-url-state`), since the address is the portal's.
    pub url_state: bool,
}

impl HostConfig {
    /// Reads the configuration from the host element's `data-*` attributes; `embedded` when
    /// embed.js mounts it in a portal's page.
    pub fn from_element(el: &web_sys::HtmlElement, embedded: bool) -> Self {
        let attr = |name: &str| el.get_attribute(name).filter(|v| !v.trim().is_empty());
        HostConfig {
            embedded,
            url_state: !embedded || el.has_attribute("data-url-state"),
            api_base: attr("data-api-base").unwrap_or_default(),
            tiles: tile_layer(
                attr("data-tiles").as_deref(),
                attr("data-tianditu-key"),
                attr("data-tile-url"),
                attr("data-tile-crs").as_deref(),
            )
            .map(|sources| TileLayer {
                sources,
                review_number: attr("data-review-number"),
            }),
            region: attr("data-region").filter(|r| {
                let id = r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if !id {
                    leptos::logging::warn!("营商地图: data-region \"{r}\" is not a county id; showing the whole catalog");
                }
                id
            }),
        }
    }
}

/// The tile sources for `data-tiles` (`tianditu`, `tianditu-img`, `osm`, `amap`, or `custom`
/// with `data-tile-url` and `data-tile-crs`); none when unset or incomplete (a 天地图 preset
/// without its key), in which case the vector base alone is drawn.
fn tile_layer(
    preset: Option<&str>,
    tk: Option<String>,
    url: Option<String>,
    crs: Option<&str>,
) -> Option<Vec<TileSource>> {
    match preset? {
        "tianditu" => tk.map(|k| {
            vec![
                TileSource::tianditu("vec", &k),
                TileSource::tianditu("cva", &k),
            ]
        }),
        "tianditu-img" => tk.map(|k| {
            vec![
                TileSource::tianditu("img", &k),
                TileSource::tianditu("cia", &k),
            ]
        }),
        "osm" => Some(vec![TileSource::openstreetmap()]),
        "amap" => Some(vec![TileSource::amap()]),
        "custom" => url.map(|template| {
            vec![TileSource {
                template,
                subdomains: Vec::new(),
                min_zoom: 0,
                max_zoom: 18,
                crs: match crs {
                    Some("gcj02") => Crs::Gcj02,
                    Some("bd09") => Crs::Bd09,
                    _ => Crs::Wgs84,
                },
                attribution: String::new(),
            }]
        }),
        other => {
            leptos::logging::warn!(
                "营商地图: unknown data-tiles \"{other}\"; drawing the vector base only"
            );
            None
        }
    }
}

/// The first screen the server puts inside the page (server/src/first_screen.rs): the header
/// and the park list as plain HTML, shown from the first byte until the app draws its own.
pub fn first_screen() -> Option<web_sys::Element> {
    document()
        .query_selector(&format!(
            "#{} > .{}",
            crate::HOST_ID,
            ysmap_model::page::FIRST_SCREEN_CLASS
        ))
        .ok()
        .flatten()
}

/// The app.
#[component]
pub fn App(config: HostConfig, host: web_sys::HtmlElement) -> impl IntoView {
    provide_context(crate::layout::Host {
        element: StoredValue::new_local(host),
        embedded: config.embedded,
        url_state: config.url_state,
    });
    let api = Api::new(config.api_base);
    let tiles = config.tiles;
    let catalog = CatalogLoad {
        outcome: RwSignal::new(None),
        api,
        region: config.region,
    };
    catalog.start();
    // The app's own element says its language (`Root`): the host page's <html lang> and its
    // cookies are the portal's, and an embedded map leaves them alone.
    crate::words::Language::provide();
    view! { <Root catalog tiles /> }
}

/// The catalog's load: under way (`None`) or its outcome. A signal set by a task rather than
/// a resource under `<Suspense>`: the first screen then carries none of Leptos' async
/// machinery (resources, suspense, transitions): 14.7 KiB of gzip less.
#[derive(Clone)]
struct CatalogLoad {
    outcome: RwSignal<Option<Result<LoadedCatalog, crate::api::ApiError>>>,
    api: Api,
    region: Option<String>,
}

impl CatalogLoad {
    /// Loads the catalog (again, after a failure), its outcome set when it is there.
    fn start(&self) {
        let CatalogLoad {
            outcome,
            api,
            region,
        } = self.clone();
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let loaded = api.catalog(region.as_deref()).await;
            // `try_`: the app may have been unmounted meanwhile (an embed taken out).
            let _ = outcome.try_set(Some(loaded));
        });
    }
}

#[component]
fn Root(catalog: CatalogLoad, tiles: Option<TileLayer>) -> impl IntoView {
    let i18n = use_language();
    let lang = move || i18n.get_locale().as_str();
    let elderly = crate::elderly_mode::ElderlyMode::provide();
    let auto_height = crate::layout::auto_height();
    let embedded = crate::layout::use_host().embedded;
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    if auto_height {
        Effect::new(move |done: Option<bool>| {
            if done != Some(true)
                && let Some(el) = root.get()
            {
                crate::layout::report_height(&el);
                return true;
            }
            done.unwrap_or(false)
        });
    }
    view! {
        <div
            class=move || {
                let classes = elderly.classes();
                let mut classes = classes.to_owned();
                if auto_height { classes.push_str(" ysmap-auto-height") }
                // Heights of the portal's element, never the window's (assets/app.css).
                if embedded { classes.push_str(" ysmap-embedded") }
                classes
            }
            lang=lang
            node_ref=root
        >
            // While the server's first screen stands, it is the loading state.
            {move || {
                let Some(loaded) = catalog.outcome.get() else {
                    return first_screen()
                        .is_none()
                        .then(|| view! { <p class="ysmap-loading" role="status">{tr(|l| td_string!(l, loading))}</p> })
                        .into_any();
                };
                // Ours is drawn in this same task, so no frame shows neither.
                if let Some(first) = first_screen() {
                    first.remove();
                }
                let (api, tiles, again) = (catalog.api.clone(), tiles.clone(), catalog.clone());
                match loaded {
                    Ok(loaded) => view! { <Regional loaded api tiles /> }.into_any(),
                    Err(crate::api::ApiError::Outdated) => view! {
                        <div class="ysmap-load-failed" role="alert">
                            <p>{tr(|l| td_string!(l, page_outdated))}</p>
                            <button type="button" on:click=move |_| { let _ = window().location().reload(); }>
                                {tr(|l| td_string!(l, reload))}
                            </button>
                        </div>
                    }
                        .into_any(),
                    Err(e) => {
                        leptos::logging::error!("catalog load failed: {e}");
                        view! {
                            <div class="ysmap-load-failed" role="alert">
                                <p>{tr(|l| td_string!(l, load_failed))}</p>
                                <button type="button" on:click=move |_| again.start()>
                                    {tr(|l| td_string!(l, retry))}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }
            }}
        </div>
    }
}

/// The catalog browsed: the whole one, or the county of a city's catalog chosen (in the
/// address). A county chosen makes the shell again for that county's own catalog, so every
/// list, the map's fit, the policies and the service centre are the county's.
#[component]
fn Regional(loaded: LoadedCatalog, api: Api, tiles: Option<TileLayer>) -> impl IntoView {
    let whole = loaded.catalog.clone();
    let known = |r: &String| whole.regions.len() > 1 && whole.region(r).is_some();
    let in_address = crate::layout::use_host().url_state;
    let region = RwSignal::new(
        in_address
            .then(|| crate::url_state::web::read().region)
            .flatten()
            .filter(known),
    );
    move || {
        let chosen = region.get();
        let (loaded, api, tiles) = (loaded.clone(), api.clone(), tiles.clone());
        untrack(move || {
            let whole = loaded.catalog.clone();
            let shown = chosen
                .as_deref()
                .and_then(|r| whole.for_region(r))
                .map(std::sync::Arc::new);
            let loaded = LoadedCatalog {
                catalog: shown.unwrap_or_else(|| whole.clone()),
                ..loaded
            };
            view! { <Shell loaded api tiles whole region /> }
        })
    }
}
