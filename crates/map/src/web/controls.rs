//! The map's controls and furniture: zoom and reset buttons, the keyboard hint screen readers
//! get, the wheel hint, the scale bar and the attribution (the tile sources' credits and review
//! number when tiles show, the vector base's otherwise).

use super::map::{Hint, MapCtx};
use crate::scale_bar::scale_bar;
use leptos::prelude::*;
use ysmap_decimal::{fixed, trimmed};

/// The id of the map's keyboard hint, its own per map on the page.
pub(super) fn hint_id(ctx: MapCtx) -> String {
    format!("ysmap-map-hint-{}", ctx.number)
}

/// The scale bar's length (CSS px) and its words, for the live view.
fn scale(ctx: MapCtx) -> (f64, String) {
    let s = ctx
        .view
        .with(|v| scale_bar(v.center_lnglat().lat, v.zoom, 100.0));
    ctx.labels.with(|l| {
        let text = if s.metres >= 1000.0 {
            l.kilometres.replace("{v}", &trimmed(s.metres / 1000.0, 3))
        } else {
            l.metres.replace("{v}", &trimmed(s.metres, 0))
        };
        (s.pixels, text)
    })
}

/// Credits for what is on screen.
fn attribution(ctx: MapCtx) -> String {
    if !ctx.tile_status.get().any_shown {
        return ctx.base.with(|b| {
            b.as_ref()
                .map(|b| b.attribution.clone())
                .unwrap_or_default()
        });
    }
    let review = ctx.labels.with(|l| l.review_number.clone());
    ctx.tiles.with(|t| {
        t.as_ref().map_or_else(String::new, |t| {
            let mut credits: Vec<&str> = Vec::new();
            for s in &t.sources {
                if !credits.contains(&s.attribution.as_str()) {
                    credits.push(&s.attribution);
                }
            }
            let mut text = credits.join(" · ");
            if let Some(n) = &t.review_number {
                text.push_str(&format!(" · {review} {n}"));
            }
            text
        })
    })
}

fn reset(ctx: MapCtx) {
    ctx.touched.set_value(false);
    if let Some((sw, ne)) = ctx.home.get_untracked() {
        ctx.fit(sw, ne, true);
    }
    if let Some(cb) = ctx.on_reset {
        cb.run(());
    }
}

/// Everything drawn over the pane, not moving with it.
pub(super) fn controls(ctx: MapCtx) -> impl IntoView {
    let word = move |f: fn(&super::MapLabels) -> &String| move || ctx.labels.with(|l| f(l).clone());
    view! {
        <p id=hint_id(ctx) class="ysmap-map-hint">{word(|l| &l.keyboard_hint)}</p>
        <div class="ysmap-map-controls">
            <button
                type="button"
                aria-label=word(|l| &l.zoom_in)
                title=word(|l| &l.zoom_in)
                on:click=move |_| ctx.zoom_by(1.0, None)
            >
                "+"
            </button>
            <button
                type="button"
                aria-label=word(|l| &l.zoom_out)
                title=word(|l| &l.zoom_out)
                on:click=move |_| ctx.zoom_by(-1.0, None)
            >
                "−"
            </button>
            <button
                type="button"
                aria-label=word(|l| &l.reset)
                title=word(|l| &l.reset)
                on:click=move |_| reset(ctx)
            >
                "⌂"
            </button>
        </div>
        <div class="ysmap-map-wheel-hint" class:shown=move || ctx.hint.get().is_some() aria-hidden="true">
            {move || match ctx.hint.get() {
                Some(Hint::Touch) => ctx.labels.with(|l| l.touch_hint.clone()),
                _ => ctx.labels.with(|l| l.wheel_hint.clone()),
            }}
        </div>
        <div class="ysmap-map-scale" aria-hidden="true">
            <span style:width=move || format!("{}px", fixed(scale(ctx).0, 0))>{move || scale(ctx).1}</span>
        </div>
        <p class="ysmap-map-attribution">{move || attribution(ctx)}</p>
    }
}
