//! The root component: translations, the catalog load, and the shell once it is there.

use crate::api::{Api, LoadedCatalog};
use crate::components::shell::Shell;
use crate::i18n::*;
use leptos::prelude::*;

/// What the host page says about how to run, through attributes on the host element:
/// `data-api-base` (where the API is; default: the page's own origin).
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Prefix for API and data URLs, e.g. `https://map.example.gov.cn/`; empty for same origin.
    pub api_base: String,
}

impl HostConfig {
    /// Reads the configuration from the host element's `data-*` attributes.
    pub fn from_element(el: &web_sys::HtmlElement) -> Self {
        HostConfig {
            api_base: el.get_attribute("data-api-base").unwrap_or_default(),
        }
    }
}

/// The app.
#[component]
pub fn App(config: HostConfig) -> impl IntoView {
    leptos_meta::provide_meta_context();
    let api = Api::new(config.api_base);
    let loader = api.clone();
    let catalog = LocalResource::new(move || {
        let api = loader.clone();
        async move { api.catalog().await }
    });
    view! {
        // The host page owns <html lang> and its cookies: an embedded map must not change them.
        <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false enable_cookie=false>
            <Root catalog api />
        </I18nContextProvider>
    }
}

#[component]
fn Root(
    catalog: LocalResource<Result<LoadedCatalog, crate::api::ApiError>>,
    api: Api,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale().as_str();
    view! {
        <div class="ysmap" lang=lang>
            <Suspense fallback=move || view! { <p class="ysmap-loading" role="status">{t!(i18n, loading)}</p> }>
                {move || {
                    let api = api.clone();
                    Suspend::new(async move {
                        match catalog.await {
                            Ok(loaded) => view! { <Shell loaded api /> }.into_any(),
                            Err(e) => {
                                leptos::logging::error!("catalog load failed: {e}");
                                view! {
                                    <div class="ysmap-load-failed" role="alert">
                                        <p>{t!(i18n, load_failed)}</p>
                                        <button type="button" on:click=move |_| catalog.refetch()>
                                            {t!(i18n, retry)}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}
