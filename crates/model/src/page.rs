//! What the server's page and the app agree on about the page itself.

/// The class of the first screen the server puts inside the host element (the header and the
/// park list as plain HTML, `server/src/first_screen.rs`), which the app takes away once it has
/// drawn its own.
pub const FIRST_SCREEN_CLASS: &str = "ysmap-first-screen";
