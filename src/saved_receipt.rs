//! The last request sent from this device: its tracking code stays here after a reload (in
//! `localStorage`) until the investor dismisses it, so that a code noted nowhere else is not
//! lost. Only the code: nothing personal.

use leptos::prelude::*;
use ysmap_model::request::tracking_code;

const KEY: &str = "ysmap.last-receipt.v1";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The tracking code kept on this device, if any (and if it still reads as one).
pub fn load() -> Option<String> {
    tracking_code::parse(&storage()?.get_item(KEY).ok()??)
}

/// Keeps `code` on this device (replacing an older one).
pub fn save(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, code);
    }
}

/// Forgets the code kept on this device.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
