//! Raster tiles: the XYZ pyramid, which tiles cover a view (nearest the centre first), where each
//! goes on screen, and tile sources with their URL templates, attribution and review number.
//!
//! # References
//! - OpenStreetMap wiki, "Slippy map tilenames" (the XYZ scheme).
//! - 天地图 (Tianditu) WMTS service, `vec_w` / `cva_w` / `img_w` layers in Web Mercator.

use crate::crs::Crs;
use crate::projection::{TILE_SIZE, WorldPoint};
use crate::viewport::Viewport;

/// A tile of the pyramid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileCoord {
    /// Column, 0 at 180° W.
    pub x: u32,
    /// Row, 0 at the top.
    pub y: u32,
    /// Zoom.
    pub z: u8,
}

impl TileCoord {
    /// The tile one zoom out that contains this one (shown scaled while this one loads).
    ///
    /// ```
    /// use ysmap_map::tiles::TileCoord;
    /// assert_eq!(TileCoord { x: 5, y: 3, z: 4 }.parent(), Some(TileCoord { x: 2, y: 1, z: 3 }));
    /// assert_eq!(TileCoord { x: 0, y: 0, z: 0 }.parent(), None);
    /// ```
    pub fn parent(self) -> Option<TileCoord> {
        (self.z > 0).then(|| TileCoord {
            x: self.x / 2,
            y: self.y / 2,
            z: self.z - 1,
        })
    }

    /// Its top-left corner in world units at zoom 0.
    pub fn origin(self) -> WorldPoint {
        let size = TILE_SIZE / 2f64.powi(i32::from(self.z));
        WorldPoint::new(f64::from(self.x) * size, f64::from(self.y) * size)
    }
}

/// The tile zoom for a view: the view's zoom rounded (fractional zooms scale the tiles, as
/// Leaflet does), one more on high-DPI screens for sharp tiles, within the source's range.
///
/// ```
/// use ysmap_map::tiles::tile_zoom;
/// assert_eq!(tile_zoom(11.4, 1.0, 1, 18), 11);
/// assert_eq!(tile_zoom(11.6, 2.0, 1, 18), 13);
/// assert_eq!(tile_zoom(17.9, 2.0, 1, 18), 18);
/// ```
pub fn tile_zoom(view_zoom: f64, device_pixel_ratio: f64, min: u8, max: u8) -> u8 {
    let extra = if device_pixel_ratio > 1.5 { 1.0 } else { 0.0 };
    crate::clamp(view_zoom.round() + extra, f64::from(min), f64::from(max)) as u8
}

/// The tiles at zoom `z` that cover the view, nearest the centre first (the order they should
/// load in). Columns wrap around the antimeridian; rows stop at the poles.
pub fn covering(view: &Viewport, z: u8) -> Vec<TileCoord> {
    let n = 1i64 << z;
    let tile = TILE_SIZE / n as f64;
    let top_left = view.screen_to_world(0.0, 0.0);
    let bottom_right = view.screen_to_world(view.width, view.height);
    let (x0, x1) = (
        (top_left.x / tile).floor() as i64,
        (bottom_right.x / tile).floor() as i64,
    );
    let (y0, y1) = (
        ((top_left.y / tile).floor() as i64).max(0),
        ((bottom_right.y / tile).floor() as i64).min(n - 1),
    );
    let (cx, cy) = (view.center.x / tile, view.center.y / tile);
    let mut tiles: Vec<(f64, TileCoord)> = Vec::new();
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = (x as f64 + 0.5 - cx).powi(2) + (y as f64 + 0.5 - cy).powi(2);
            tiles.push((
                d,
                TileCoord {
                    x: x.rem_euclid(n) as u32,
                    y: y as u32,
                    z,
                },
            ));
        }
    }
    crate::order::sort_by_keys(&mut tiles, |t| (crate::order::f64_key(t.0), 0));
    tiles.into_iter().map(|(_, t)| t).collect()
}

/// Where a tile goes on screen: left, top and side length in CSS pixels.
pub fn screen_rect(view: &Viewport, tile: TileCoord) -> (f64, f64, f64) {
    let (x, y) = view.world_to_screen(tile.origin());
    let side = TILE_SIZE * 2f64.powf(view.zoom - f64::from(tile.z));
    (x, y, side)
}

/// A raster tile service.
#[derive(Debug, Clone, PartialEq)]
pub struct TileSource {
    /// URL with `{x}`, `{y}`, `{z}` and optionally `{s}` (a subdomain).
    pub template: String,
    /// Values for `{s}`, spread over tiles to use more connections.
    pub subdomains: Vec<String>,
    /// Zoom range the service has tiles for.
    pub min_zoom: u8,
    /// Zoom range the service has tiles for.
    pub max_zoom: u8,
    /// The coordinate system the tiles are drawn in.
    pub crs: Crs,
    /// Who to credit, shown whenever the tiles are.
    pub attribution: String,
}

impl TileSource {
    /// The URL of one tile.
    ///
    /// ```
    /// use ysmap_map::tiles::{TileCoord, TileSource};
    /// let osm = TileSource::openstreetmap();
    /// assert_eq!(osm.url(TileCoord { x: 3287, y: 1632, z: 12 }), "https://tile.openstreetmap.org/12/3287/1632.png");
    /// ```
    pub fn url(&self, t: TileCoord) -> String {
        let s = if self.subdomains.is_empty() {
            ""
        } else {
            &self.subdomains[(t.x as usize + t.y as usize) % self.subdomains.len()]
        };
        self.template
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string())
            .replace("{z}", &t.z.to_string())
            .replace("{s}", s)
    }

    /// 天地图 in Web Mercator: `layer` is `vec` (roads), `cva` (labels for `vec`), `img`
    /// (imagery) or `cia` (labels for `img`); `tk` is the deployer's key.
    pub fn tianditu(layer: &str, tk: &str) -> TileSource {
        TileSource {
            template: format!(
                "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={tk}"
            ),
            subdomains: (0..8).map(|i| i.to_string()).collect(),
            min_zoom: 1,
            max_zoom: 18,
            crs: Crs::Wgs84,
            attribution: "天地图".to_owned(),
        }
    }

    /// OpenStreetMap's standard tiles.
    pub fn openstreetmap() -> TileSource {
        TileSource {
            template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            subdomains: Vec::new(),
            min_zoom: 0,
            max_zoom: 19,
            crs: Crs::Wgs84,
            attribution: "© OpenStreetMap contributors".to_owned(),
        }
    }

    /// AMap (高德) road tiles, drawn in GCJ-02.
    pub fn amap() -> TileSource {
        TileSource {
            template: "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}".to_owned(),
            subdomains: (1..=4).map(|i| i.to_string()).collect(),
            min_zoom: 3,
            max_zoom: 18,
            crs: Crs::Gcj02,
            attribution: "© 高德地图 AutoNavi".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LngLat;

    #[test]
    fn the_covering_tiles_cover_the_view() {
        let v = Viewport::new(LngLat::new(108.2, 34.28), 12.3, 800.0, 600.0);
        let z = tile_zoom(v.zoom, 1.0, 0, 18);
        let tiles = covering(&v, z);
        // Every screen corner and the centre fall in some tile.
        for (sx, sy) in [
            (0.0, 0.0),
            (799.0, 0.0),
            (0.0, 599.0),
            (799.0, 599.0),
            (400.0, 300.0),
        ] {
            let hit = tiles.iter().any(|t| {
                let (x, y, side) = screen_rect(&v, *t);
                sx >= x && sx < x + side && sy >= y && sy < y + side
            });
            assert!(hit, "({sx}, {sy}) uncovered");
        }
        // ...with no tile wholly off screen.
        for t in &tiles {
            let (x, y, side) = screen_rect(&v, *t);
            assert!(
                x < 800.0 && y < 600.0 && x + side > 0.0 && y + side > 0.0,
                "{t:?}"
            );
        }
    }

    #[test]
    fn the_nearest_tile_comes_first() {
        let v = Viewport::new(LngLat::new(108.2, 34.28), 12.0, 1000.0, 700.0);
        let tiles = covering(&v, 12);
        let (x, y, side) = screen_rect(&v, tiles[0]);
        assert!(x <= 500.0 && 500.0 < x + side && y <= 350.0 && 350.0 < y + side);
    }

    #[test]
    fn columns_wrap_at_the_antimeridian() {
        let v = Viewport::new(LngLat::new(179.99, 0.0), 3.0, 512.0, 256.0);
        let tiles = covering(&v, 3);
        assert!(
            tiles.iter().any(|t| t.x == 0) && tiles.iter().any(|t| t.x == 7),
            "{tiles:?}"
        );
    }

    #[test]
    fn tianditu_urls_carry_the_key_and_a_subdomain() {
        let t = TileSource::tianditu("vec", "KEY123");
        let url = t.url(TileCoord {
            x: 3287,
            y: 1632,
            z: 12,
        });
        // Subdomain (x + y) mod 8 = 4919 mod 8 = 7.
        assert!(
            url.starts_with("https://t7.tianditu.gov.cn/vec_w/wmts?"),
            "{url}"
        );
        assert!(
            url.contains("TILEMATRIX=12&TILEROW=1632&TILECOL=3287&tk=KEY123"),
            "{url}"
        );
    }
}
