//! A record's photos: thumbnails that open the display copy, each with its caption (in the
//! language of the moment it is drawn) as the text alternative. Nothing when there are none.

use crate::api::Api;
use leptos::prelude::*;
use ysmap_model::Lang;
use ysmap_model::catalog::Photo;

/// The photos, in their order.
pub fn photos(api: &Api, photos: &[Photo], lang: Lang) -> impl IntoView + use<> {
    (!photos.is_empty()).then(|| {
        let items: Vec<_> = photos
            .iter()
            .map(|p| {
                let full = api.asset_url(&p.url);
                let thumb = api.asset_url(p.thumbnail_url.as_deref().unwrap_or(&p.url));
                let alt = p.caption.get(lang).to_owned();
                view! { <li><a href=full><img src=thumb alt=alt loading="lazy" /></a></li> }
            })
            .collect();
        view! { <ul class="ysmap-photos">{items}</ul> }
    })
}
