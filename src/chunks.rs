//! The parts of the app that its first screen (header, park list, map) does not show, in wasm
//! chunks of their own: `browse` (the finders, a park's page, the shortlist and the printed
//! dossier) and `request` (the request form and the tracker), and what the two share. The
//! build (`cargo xtask`, xtask/src/split.rs) cuts them out of the main wasm at the functions
//! marked `#[wasm_split]` here, so the first screen downloads and starts without them. Two
//! groups, not a chunk per part: every combination of parts that shares code becomes a chunk,
//! and seven parts made 47 files, up to 29 requests for one panel on a weak network.
//!
//! A group's chunks are fetched the first time one of its parts is shown, or a moment sooner
//! ([`preload`]): when the reader points at or focuses the button that opens it, and for
//! `browse` as soon as the pointer or the focus is in the list or the map (the shell). Later
//! showings take them from memory at once.

use crate::components::facility_finder::FacilityFinder;
use crate::components::park_detail::ParkDetail;
use crate::components::park_list::ParkList;
use crate::components::policy_finder::PolicyFinder;
use crate::components::request_form::RequestForm;
use crate::components::request_tracker::RequestTracker;
use crate::components::shortlist_panel::ShortlistPanel;
use crate::i18n::*;
use crate::state::{AppState, Panel};
use crate::words::{tr, use_language};
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use std::future::Future;

/// A part drawn, or its chunk not fetched (the network failed; asking again fetches again).
type Part = Result<AnyView, SplitLoaderError>;

#[wasm_split(browse, wasm_split_path = ::leptos::wasm_split, fallible)]
fn facility_finder() -> Part {
    Ok(view! { <FacilityFinder /> }.into_any())
}

#[wasm_split(browse, wasm_split_path = ::leptos::wasm_split, fallible)]
fn policy_finder() -> Part {
    Ok(view! { <PolicyFinder /> }.into_any())
}

#[wasm_split(browse, wasm_split_path = ::leptos::wasm_split, fallible)]
fn park_detail(id: String) -> Part {
    Ok(view! { <ParkDetail id /> }.into_any())
}

#[wasm_split(request, wasm_split_path = ::leptos::wasm_split, fallible)]
fn request_form(park: Option<String>) -> Part {
    Ok(view! { <RequestForm park /> }.into_any())
}

#[wasm_split(request, wasm_split_path = ::leptos::wasm_split, fallible)]
fn request_tracker(code: Option<String>) -> Part {
    Ok(view! { <RequestTracker code /> }.into_any())
}

#[wasm_split(browse, wasm_split_path = ::leptos::wasm_split, fallible)]
fn shortlist_panel() -> Part {
    Ok(view! { <ShortlistPanel /> }.into_any())
}

#[wasm_split(browse, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dossier(app: AppState, subject: crate::dossier::Subject) -> Part {
    let i18n = use_language();
    let html = move || {
        let reader = crate::dossier::Reader {
            area_m2: app.needs.with(|n| n.area_m2),
            profile: &app.profile.get(),
            today: ysmap_model::clock::county_date_at_millis(js_sys::Date::now()),
        };
        crate::dossier::html(i18n.get_locale(), &app.catalog(), &subject, &reader)
    };
    // The browser's print (or save as PDF) opens once the dossier is drawn.
    request_animation_frame(|| {
        let _ = window().print();
    });
    Ok(view! { <section class="ysmap-dossier" inner_html=html></section> }.into_any())
}

/// The side panel's content for `panel`; `arrived` runs once a part fetched for it is drawn
/// (the shell then moves the focus to its heading).
pub fn panel(panel: Panel, arrived: impl Fn() + Clone + Send + Sync + 'static) -> AnyView {
    match panel {
        Panel::Parks => view! { <ParkList /> }.into_any(),
        Panel::Facilities => later(
            facility_finder,
            __wasm_split_preload_facility_finder,
            arrived,
        ),
        Panel::Policies => later(policy_finder, __wasm_split_preload_policy_finder, arrived),
        Panel::Park(id) => later(
            move || park_detail(id.clone()),
            __wasm_split_preload_park_detail,
            arrived,
        ),
        Panel::Apply(park) => later(
            move || request_form(park.clone()),
            __wasm_split_preload_request_form,
            arrived,
        ),
        Panel::Track(code) => later(
            move || request_tracker(code.clone()),
            __wasm_split_preload_request_tracker,
            arrived,
        ),
        Panel::Shortlist => later(
            shortlist_panel,
            __wasm_split_preload_shortlist_panel,
            arrived,
        ),
    }
}

/// The printed dossier on `subject` (crate::dossier), put in the page and printed.
pub fn dossier_page(app: AppState, subject: crate::dossier::Subject) -> AnyView {
    later(
        move || dossier(app, subject.clone()),
        __wasm_split_preload_dossier,
        || (),
    )
}

/// Starts fetching the chunk of `panel`'s part, if it has one and it is not here yet: the
/// reader is about to open it.
pub fn preload(panel: &Panel) {
    // A failure is said when the part is asked for.
    fn start(load: impl Future<Output = Result<(), SplitLoaderError>> + 'static) {
        leptos::task::spawn_local(async move {
            let _ = load.await;
        });
    }
    match panel {
        Panel::Parks => {}
        Panel::Facilities => start(__wasm_split_preload_facility_finder()),
        Panel::Policies => start(__wasm_split_preload_policy_finder()),
        Panel::Park(_) => start(__wasm_split_preload_park_detail()),
        Panel::Apply(_) => start(__wasm_split_preload_request_form()),
        Panel::Track(_) => start(__wasm_split_preload_request_tracker()),
        Panel::Shortlist => start(__wasm_split_preload_shortlist_panel()),
    }
}

/// Where a part's chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    Fetching,
    Here,
    Failed,
}

/// The part `draw` draws, once `fetch` has its chunk here: a loading line until then, and if
/// the network fails, a line that says so with a button that fetches it again and one that
/// reloads the page (after a new version of the site, this page's chunks are gone).
///
/// The part itself is drawn at once, in this reactive scope, as a part of the first screen is
/// (not in a task of its own, as `<Suspense>` would: a part drawn there outlived its panel when
/// back and forward changed the panel and the query together, and its text then ran without
/// its context).
fn later<Fut, Fetched>(
    draw: impl Fn() -> Fut + Send + Sync + 'static,
    fetch: fn() -> Fetched,
    arrived: impl Fn() + Clone + Send + Sync + 'static,
) -> AnyView
where
    Fut: Future<Output = Part>,
    Fetched: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    // Here already (shown before): drawn as any panel is.
    if let Some(Ok(part)) = now(draw()) {
        return part;
    }
    let chunk = RwSignal::new(Chunk::Fetching);
    let get = move || {
        chunk.set(Chunk::Fetching);
        leptos::task::spawn_local(async move {
            let fetched = fetch().await;
            if let Err(e) = &fetched {
                leptos::logging::error!("{e}");
            }
            chunk.try_set(match fetched {
                Ok(()) => Chunk::Here,
                Err(_) => Chunk::Failed,
            });
        });
    };
    get();
    let failed = move || {
        view! {
            <div class="ysmap-load-failed" role="alert">
                <p>{tr(|l| td_string!(l, part_load_failed))}</p>
                <button type="button" on:click=move |_| get()>{tr(|l| td_string!(l, retry))}</button>
                // A new version of the site no longer has this page's chunks.
                <button type="button" on:click=|_| { let _ = window().location().reload(); }>
                    {tr(|l| td_string!(l, reload))}
                </button>
            </div>
        }
        .into_any()
    };
    (move || match chunk.get() {
        Chunk::Fetching => view! {
            <p class="ysmap-loading" role="status">{tr(|l| td_string!(l, loading_part))}</p>
        }
        .into_any(),
        Chunk::Here => match now(draw()) {
            Some(Ok(part)) => {
                request_animation_frame(arrived.clone());
                part
            }
            // Not to be: the chunk is here.
            _ => failed(),
        },
        Chunk::Failed => failed(),
    })
    .into_any()
}

/// `future`'s output if it is ready at its first poll: a split function whose chunk is here
/// draws its part without waiting (its loader has nothing left to do). A future that is not
/// ready is dropped; the chunk's loader allows that and starts again when asked again.
fn now<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}
