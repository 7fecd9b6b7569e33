//! The last request sent from this device: its tracking code stays here after a reload (in
//! `localStorage`) until the investor dismisses it, so that a code noted nowhere else is not
//! lost. Only the code and when it was sent: nothing personal.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const KEY: &str = "ysmap.last-receipt.v1";

/// A request sent from this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedReceipt {
    /// Its tracking code.
    pub code: String,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The receipt kept on this device, if any.
pub fn load() -> Option<SavedReceipt> {
    let text = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Keeps `receipt` on this device (replacing an older one).
pub fn save(receipt: &SavedReceipt) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(receipt)) {
        let _ = s.set_item(KEY, &text);
    }
}

/// Forgets the receipt kept on this device.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
