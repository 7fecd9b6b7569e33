//! The raster tile layer: the tiles covering the view, nearest the centre first; a loaded
//! parent tile, scaled, stands in while a child loads; a tile that fails is hidden and tried
//! again at most twice, a minute apart, so a blocked tile server costs little.

use super::TileLayer;
use crate::tiles::{TileCoord, covering, screen_rect, tile_zoom};
use crate::viewport::Viewport;
use leptos::prelude::*;
use std::collections::HashMap;
use ysmap_decimal::fixed;

/// Retries of a failed tile, at most.
const MAX_TRIES: u8 = 3;
/// Wait before trying a failed tile again, ms.
const RETRY_AFTER_MS: f64 = 60_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum TileState {
    Loading,
    Loaded,
    Failed { at_ms: f64, tries: u8 },
}

type Key = (usize, TileCoord);

/// What the tile layer reports to the map.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct TileStatus {
    /// Every tile of the current view has loaded or failed.
    pub settled: bool,
    /// At least one tile is on screen (attribution must show).
    pub any_shown: bool,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The tile images of `layer` for `view`.
#[component]
pub(crate) fn TileImages(
    view: RwSignal<Viewport>,
    layer: TileLayer,
    status: RwSignal<TileStatus>,
) -> impl IntoView {
    let states: RwSignal<HashMap<Key, TileState>> = RwSignal::new(HashMap::new());
    let dpr = window().device_pixel_ratio();
    let sources = StoredValue::new(layer.sources);

    // The tiles to draw: the covering tiles not given up on, and under each one still
    // loading, its parent when that has loaded.
    let wanted = Memo::new(move |_| {
        let v = view.get();
        let now = now_ms();
        let mut keys: Vec<(Key, bool)> = Vec::new();
        sources.with_value(|sources| {
            states.with(|st| {
                for (i, s) in sources.iter().enumerate() {
                    let z = tile_zoom(v.zoom, dpr, s.min_zoom, s.max_zoom);
                    for t in covering(&v, z) {
                        let state = st.get(&(i, t)).copied();
                        let usable = match state {
                            Some(TileState::Failed { at_ms, tries }) => {
                                tries < MAX_TRIES && now - at_ms > RETRY_AFTER_MS
                            }
                            _ => true,
                        };
                        if !usable {
                            continue;
                        }
                        if state != Some(TileState::Loaded)
                            && let Some(p) = t.parent()
                            && st.get(&(i, p)) == Some(&TileState::Loaded)
                            && !keys.iter().any(|(k, _)| *k == (i, p))
                        {
                            keys.push(((i, p), true));
                        }
                        keys.push(((i, t), false));
                    }
                }
            })
        });
        // Parents first, so children paint over them.
        crate::order::sort_by_keys(&mut keys, |(_, parent)| (u64::from(!parent), 0));
        keys
    });

    Effect::new(move |_| {
        let keys = wanted.get();
        let st = states.get();
        let current: Vec<&Key> = keys
            .iter()
            .filter(|(_, parent)| !parent)
            .map(|(k, _)| k)
            .collect();
        let settled = current.iter().all(|k| {
            matches!(
                st.get(k),
                Some(TileState::Loaded | TileState::Failed { .. })
            )
        });
        let any_shown = st.values().any(|s| *s == TileState::Loaded);
        status.set(TileStatus {
            settled: settled || current.is_empty(),
            any_shown,
        });
    });

    let mark = move |key: Key, state: TileState| {
        states.update(|st| {
            let tries = match st.get(&key) {
                Some(TileState::Failed { tries, .. }) => *tries,
                _ => 0,
            };
            let state = match state {
                TileState::Failed { at_ms, .. } => TileState::Failed {
                    at_ms,
                    tries: tries + 1,
                },
                other => other,
            };
            st.insert(key, state);
        });
    };

    view! {
        <div class="ysmap-map-tiles" aria-hidden="true">
            <For
                each=move || wanted.get()
                key=|(key, parent)| (*key, *parent)
                children=move |((source, tile), _)| {
                    let url = sources.with_value(|s| s[source].url(tile));
                    let key = (source, tile);
                    let rect = move || view.with(|v| screen_rect(v, tile));
                    states.update_untracked(|st| {
                        st.entry(key).or_insert(TileState::Loading);
                    });
                    view! {
                        <img
                            src=url
                            alt=""
                            draggable="false"
                            class:loaded=move || states.with(|st| st.get(&key) == Some(&TileState::Loaded))
                            style:left=move || format!("{}px", fixed(rect().0, 1))
                            style:top=move || format!("{}px", fixed(rect().1, 1))
                            style:width=move || format!("{}px", fixed(rect().2 + 0.5, 1))
                            style:height=move || format!("{}px", fixed(rect().2 + 0.5, 1))
                            on:load=move |_| mark(key, TileState::Loaded)
                            on:error=move |_| mark(key, TileState::Failed { at_ms: now_ms(), tries: 0 })
                        />
                    }
                }
            />
        </div>
    }
}
