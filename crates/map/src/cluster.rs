//! Hierarchical point clustering by zoom, after supercluster: the index is built once, bottom
//! up: at each zoom from `max_zoom` down to `min_zoom`, every node of the level below that is
//! not yet taken gathers the untaken nodes within `radius_px` into one cluster at their weighted
//! centre. A level depends only on the data and the zoom, never on the view, so clusters do not
//! change as the investor pans, and each cluster knows its children, so "zoom into cluster"
//! can show exactly the zoom at which it splits and the bounds of its points.
//!
//! # References
//! - V. Agafonkin, "Clustering millions of points on a map with Supercluster" (Mapbox blog, 2016),
//!   and the supercluster library's greedy, hierarchical algorithm.

use crate::projection::WorldPoint;
use crate::viewport::Viewport;
use std::collections::HashMap;

/// How points are clustered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterOptions {
    /// Points closer than this on screen, CSS pixels, join one cluster.
    pub radius_px: f64,
    /// The least zoom with its own level.
    pub min_zoom: u8,
    /// The greatest zoom that clusters; above it every point stands alone.
    pub max_zoom: u8,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            radius_px: 48.0,
            min_zoom: 0,
            max_zoom: 16,
        }
    }
}

/// A cluster, or a single point, at one zoom level.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Position: the count-weighted centre of its points, world units at zoom 0.
    pub position: WorldPoint,
    /// How many points it holds.
    pub count: u32,
    /// The box around its points: min x, min y, max x, max y (world units).
    pub bbox: [f64; 4],
    /// The point's index when `count == 1`.
    pub point: Option<u32>,
    /// Its nodes in the level below (one level up in zoom).
    children: Vec<u32>,
}

/// A node's identity: its zoom level and index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeId {
    /// The zoom level.
    pub zoom: u8,
    /// The index within that level.
    pub index: u32,
}

/// The cluster hierarchy over a set of points.
#[derive(Debug, Clone)]
pub struct ClusterIndex {
    options: ClusterOptions,
    /// `levels[z - min_zoom]` for z in min_zoom..=max_zoom + 1; the last holds the points.
    levels: Vec<Vec<Node>>,
}

impl ClusterIndex {
    /// Builds the hierarchy over `points` (world units at zoom 0).
    ///
    /// ```
    /// use ysmap_map::cluster::{ClusterIndex, ClusterOptions};
    /// use ysmap_map::WorldPoint;
    /// let points = [WorldPoint::new(200.0, 100.0), WorldPoint::new(200.0001, 100.0), WorldPoint::new(10.0, 10.0)];
    /// let index = ClusterIndex::new(&points, ClusterOptions::default());
    /// // Far out, the two close points are one cluster; far in, all three stand alone.
    /// assert_eq!(index.level(5).len(), 2);
    /// assert_eq!(index.level(17).len(), 3);
    /// ```
    pub fn new(points: &[WorldPoint], options: ClusterOptions) -> ClusterIndex {
        let leaves: Vec<Node> = points
            .iter()
            .enumerate()
            .map(|(i, p)| Node {
                position: *p,
                count: 1,
                bbox: [p.x, p.y, p.x, p.y],
                point: Some(i as u32),
                children: Vec::new(),
            })
            .collect();
        let mut levels = vec![leaves];
        for z in (options.min_zoom..=options.max_zoom).rev() {
            let below = levels.last().map(Vec::as_slice).unwrap_or_default();
            let next = cluster_level(below, options.radius_px / 2f64.powi(i32::from(z)));
            levels.push(next);
        }
        levels.reverse();
        ClusterIndex { options, levels }
    }

    /// The options it was built with.
    pub fn options(&self) -> ClusterOptions {
        self.options
    }

    fn level_index(&self, zoom: u8) -> usize {
        usize::from(
            zoom.clamp(self.options.min_zoom, self.options.max_zoom + 1) - self.options.min_zoom,
        )
    }

    /// Every node at a (whole) zoom; zooms outside the index's range use its nearest level.
    pub fn level(&self, zoom: u8) -> &[Node] {
        &self.levels[self.level_index(zoom)]
    }

    /// The nodes at `zoom` (rounded down) whose position lies in the box `min`‥`max`.
    pub fn query(
        &self,
        zoom: f64,
        min: WorldPoint,
        max: WorldPoint,
    ) -> impl Iterator<Item = (NodeId, &Node)> {
        let z = crate::clamp(zoom.floor(), 0.0, 255.0) as u8;
        let level = self.level_index(z);
        let id_zoom = self.options.min_zoom + level as u8;
        self.levels[level]
            .iter()
            .enumerate()
            .filter_map(move |(i, n)| {
                let p = n.position;
                (p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y).then_some((
                    NodeId {
                        zoom: id_zoom,
                        index: i as u32,
                    },
                    n,
                ))
            })
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.levels
            .get(self.level_index(id.zoom))?
            .get(id.index as usize)
    }

    /// The zoom at which this cluster splits into more than one node (for "zoom into cluster");
    /// the zoom where its points stand alone when they never split before that.
    pub fn expansion_zoom(&self, id: NodeId) -> u8 {
        let mut zoom = id.zoom;
        let mut index = id.index as usize;
        loop {
            let Some(node) = self
                .levels
                .get(self.level_index(zoom))
                .and_then(|l| l.get(index))
            else {
                return zoom;
            };
            if node.children.len() != 1 || zoom > self.options.max_zoom {
                return zoom.saturating_add(1).min(self.options.max_zoom + 1);
            }
            index = node.children[0] as usize;
            zoom += 1;
        }
    }

    /// The indices of the points under a node, in no particular order.
    pub fn leaves(&self, id: NodeId) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![(self.level_index(id.zoom), id.index)];
        while let Some((level, index)) = stack.pop() {
            let Some(node) = self.levels.get(level).and_then(|l| l.get(index as usize)) else {
                continue;
            };
            if let Some(p) = node.point
                && level + 1 == self.levels.len()
            {
                out.push(p);
                continue;
            }
            stack.extend(node.children.iter().map(|c| (level + 1, *c)));
        }
        out
    }
}

/// The radius a cluster of `count` points is drawn with, CSS px: 12 px, growing with the
/// count's order of magnitude up to 26 px, so that size says "more" without covering the map.
///
/// ```
/// use ysmap_map::cluster::cluster_radius_px;
/// assert_eq!(cluster_radius_px(1), 12.0);
/// assert_eq!(cluster_radius_px(100), 22.0);
/// assert_eq!(cluster_radius_px(1_000_000), 26.0);
/// ```
pub fn cluster_radius_px(count: u32) -> f64 {
    12.0 + (f64::from(count.max(1)).log10() * 5.0).min(14.0)
}

/// The view that opens a cluster (a click or Enter on it): its points' box `bbox` (world units:
/// min x, min y, max x, max y) fitted inside `view`'s element less `padding_px` on each side,
/// and never less than `expansion_zoom`, so that the cluster always splits on arrival.
///
/// ```
/// use ysmap_map::cluster::cluster_target;
/// use ysmap_map::{LngLat, Viewport};
/// let v = Viewport::new(LngLat::new(108.2, 34.28), 10.0, 800.0, 600.0);
/// // Two points very close together: the box alone would not zoom in far enough.
/// let c = v.center;
/// let t = cluster_target(&v, [c.x, c.y, c.x + 1e-4, c.y + 1e-4], 17, 32.0);
/// assert!(t.zoom >= 17.0);
/// // A wide box is fitted whole.
/// let t = cluster_target(&v, [c.x - 0.05, c.y - 0.05, c.x + 0.05, c.y + 0.05], 11, 32.0);
/// assert!(t.zoom > 11.0 && t.zoom < 13.0);
/// ```
pub fn cluster_target(
    view: &Viewport,
    bbox: [f64; 4],
    expansion_zoom: u8,
    padding_px: f64,
) -> Viewport {
    let mut target = *view;
    target.fit_world_box(
        WorldPoint::new(bbox[0], bbox[1]),
        WorldPoint::new(bbox[2], bbox[3]),
        padding_px,
    );
    let split = f64::from(expansion_zoom);
    if target.zoom < split {
        target.zoom = split.min(target.max_zoom);
    }
    target
}

/// One level up: greedy clustering of `below` with radius `r` (world units).
fn cluster_level(below: &[Node], r: f64) -> Vec<Node> {
    // A uniform grid of cell size r: every neighbour within r is in the 3 × 3 cells around.
    let cell = |p: WorldPoint| ((p.x / r).floor() as i64, (p.y / r).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<u32>> = HashMap::with_capacity(below.len());
    for (i, n) in below.iter().enumerate() {
        grid.entry(cell(n.position)).or_default().push(i as u32);
    }
    let mut taken = vec![false; below.len()];
    let mut out = Vec::with_capacity(below.len());
    let r2 = r * r;
    for (i, n) in below.iter().enumerate() {
        if taken[i] {
            continue;
        }
        taken[i] = true;
        let mut members = vec![i as u32];
        let (cx, cy) = cell(n.position);
        for gx in cx - 1..=cx + 1 {
            for gy in cy - 1..=cy + 1 {
                for &j in grid.get(&(gx, gy)).map(Vec::as_slice).unwrap_or_default() {
                    let m = &below[j as usize];
                    let (dx, dy) = (m.position.x - n.position.x, m.position.y - n.position.y);
                    if !taken[j as usize] && dx * dx + dy * dy <= r2 {
                        taken[j as usize] = true;
                        members.push(j);
                    }
                }
            }
        }
        if members.len() == 1 {
            out.push(Node {
                children: members,
                ..n.clone()
            });
            continue;
        }
        let (mut sx, mut sy, mut count) = (0.0, 0.0, 0u32);
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for &j in &members {
            let m = &below[j as usize];
            sx += m.position.x * f64::from(m.count);
            sy += m.position.y * f64::from(m.count);
            count += m.count;
            bbox = [
                bbox[0].min(m.bbox[0]),
                bbox[1].min(m.bbox[1]),
                bbox[2].max(m.bbox[2]),
                bbox[3].max(m.bbox[3]),
            ];
        }
        out.push(Node {
            position: WorldPoint::new(sx / f64::from(count), sy / f64::from(count)),
            count,
            bbox,
            point: None,
            children: members,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic scatter: dense groups around a few centres, and a sparse background.
    fn points(n: usize) -> Vec<WorldPoint> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let centres = [(205.0, 101.5), (205.2, 101.4), (205.1, 101.7)];
        (0..n)
            .map(|i| {
                if i % 4 == 0 {
                    WorldPoint::new(204.5 + next(), 101.0 + next())
                } else {
                    let (cx, cy) = centres[i % 3];
                    WorldPoint::new(cx + (next() - 0.5) * 0.01, cy + (next() - 0.5) * 0.01)
                }
            })
            .collect()
    }

    fn index() -> (Vec<WorldPoint>, ClusterIndex) {
        let p = points(2000);
        let i = ClusterIndex::new(&p, ClusterOptions::default());
        (p, i)
    }

    #[test]
    fn every_point_is_in_exactly_one_node_at_every_zoom() {
        let (p, index) = index();
        for z in 0..=18u8 {
            let level = index.level(z);
            let total: u32 = level.iter().map(|n| n.count).sum();
            assert_eq!(total as usize, p.len(), "counts at z{z}");
            let mut seen: Vec<u32> = (0..level.len())
                .flat_map(|i| {
                    index.leaves(NodeId {
                        zoom: z.min(17),
                        index: i as u32,
                    })
                })
                .collect();
            seen.sort_unstable();
            assert_eq!(
                seen,
                (0..p.len() as u32).collect::<Vec<_>>(),
                "partition at z{z}"
            );
        }
    }

    #[test]
    fn the_counts_of_a_cluster_are_its_leaves() {
        let (_, index) = index();
        for (i, n) in index.level(9).iter().enumerate() {
            assert_eq!(
                index
                    .leaves(NodeId {
                        zoom: 9,
                        index: i as u32
                    })
                    .len() as u32,
                n.count
            );
        }
    }

    #[test]
    fn fewer_nodes_further_out() {
        let (_, index) = index();
        let sizes: Vec<usize> = (0..=17).map(|z| index.level(z).len()).collect();
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
        assert_eq!(*sizes.last().unwrap_or(&0), 2000);
        assert!(sizes[0] < 5, "{sizes:?}");
    }

    #[test]
    fn a_cluster_box_holds_its_points_and_its_centre() {
        let (p, index) = index();
        for (i, n) in index.level(11).iter().enumerate() {
            for leaf in index.leaves(NodeId {
                zoom: 11,
                index: i as u32,
            }) {
                let q = p[leaf as usize];
                assert!(
                    q.x >= n.bbox[0] && q.x <= n.bbox[2] && q.y >= n.bbox[1] && q.y <= n.bbox[3]
                );
            }
            assert!(n.position.x >= n.bbox[0] && n.position.x <= n.bbox[2]);
        }
    }

    #[test]
    fn a_cluster_splits_at_its_expansion_zoom() {
        let (_, index) = index();
        let (i, n) = index
            .level(8)
            .iter()
            .enumerate()
            .find(|(_, n)| n.count > 10)
            .expect("a big cluster");
        let id = NodeId {
            zoom: 8,
            index: i as u32,
        };
        let z = index.expansion_zoom(id);
        assert!(z > 8);
        let mine = index.leaves(id);
        let holders = (0..index.level(z).len())
            .filter(|j| {
                index
                    .leaves(NodeId {
                        zoom: z,
                        index: *j as u32,
                    })
                    .iter()
                    .any(|l| mine.contains(l))
            })
            .count();
        assert!(
            holders >= 2,
            "cluster of {} still one node at z{z}",
            n.count
        );
    }

    mod target {
        use super::*;
        use crate::LngLat;

        fn view() -> Viewport {
            Viewport::new(LngLat::new(108.2, 34.28), 9.0, 800.0, 600.0)
        }

        #[test]
        fn the_whole_box_is_in_view_with_its_padding() {
            let v = view();
            let c = v.center;
            let bbox = [c.x - 0.02, c.y - 0.01, c.x + 0.03, c.y + 0.01];
            let t = cluster_target(&v, bbox, 10, 32.0);
            let (x0, y0) = t.world_to_screen(WorldPoint::new(bbox[0], bbox[1]));
            let (x1, y1) = t.world_to_screen(WorldPoint::new(bbox[2], bbox[3]));
            assert!(x0 >= 31.9 && y0 >= 31.9 && x1 <= 768.1 && y1 <= 568.1);
            assert!((x1 - x0 - 736.0).abs() < 1e-6, "fills the width");
        }

        #[test]
        fn at_least_the_expansion_zoom_and_at_most_the_limit() {
            let v = view();
            let c = v.center;
            let wide = [c.x - 0.5, c.y - 0.5, c.x + 0.5, c.y + 0.5];
            assert_eq!(cluster_target(&v, wide, 12, 32.0).zoom, 12.0);
            let mut capped = v;
            capped.max_zoom = 14.0;
            assert_eq!(cluster_target(&capped, wide, 17, 32.0).zoom, 14.0);
        }

        #[test]
        fn a_real_cluster_splits_on_arrival() {
            let (_, index) = index();
            let (i, n) = index
                .level(9)
                .iter()
                .enumerate()
                .find(|(_, n)| n.count > 10)
                .expect("a big cluster");
            let id = NodeId {
                zoom: 9,
                index: i as u32,
            };
            let t = cluster_target(&view(), n.bbox, index.expansion_zoom(id), 32.0);
            let (min, max) = (
                t.screen_to_world(0.0, 0.0),
                t.screen_to_world(t.width, t.height),
            );
            let mine = index.leaves(id);
            let shown = index
                .query(t.zoom, min, max)
                .filter(|(nid, _)| index.leaves(*nid).iter().any(|l| mine.contains(l)))
                .count();
            assert!(shown >= 2, "still one node after the click");
        }
    }

    #[test]
    fn clusters_do_not_depend_on_the_view() {
        let (_, index) = index();
        let all: Vec<_> = index
            .query(
                10.5,
                WorldPoint::new(0.0, 0.0),
                WorldPoint::new(256.0, 256.0),
            )
            .map(|(id, _)| id)
            .collect();
        let part: Vec<_> = index
            .query(
                10.5,
                WorldPoint::new(204.9, 101.3),
                WorldPoint::new(205.3, 101.8),
            )
            .map(|(id, _)| id)
            .collect();
        assert!(!part.is_empty() && part.iter().all(|id| all.contains(id)));
        let again = ClusterIndex::new(&points(2000), ClusterOptions::default());
        assert_eq!(again.level(10), index.level(10), "deterministic");
    }
}
