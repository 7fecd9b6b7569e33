//! The map benchmark's data set: 200 parks and 10,000 facilities, generated deterministically
//! from the sample catalog's records so that it passes the same consistency check.

use anyhow::Context;
use ysmap_model::Catalog;
use ysmap_model::geometry::{Boundary, Point};

/// Parks in the generated set.
pub const PARKS: usize = 200;
/// Facilities per park.
pub const FACILITIES_PER_PARK: usize = 50;

/// A deterministic xorshift generator, so every run benchmarks the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The generated catalog: a 20 × 10 grid of hexagonal parks over one county 1.2° × 0.8°,
/// each with 50 facilities inside it.
pub fn generate(sample: &Catalog) -> anyhow::Result<Catalog> {
    let park = sample.parks.first().context("the sample has a park")?;
    let facility = sample
        .facilities
        .first()
        .context("the sample has a facility")?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (west, south, east, north) = (107.6, 33.9, 108.8, 34.7);
    // One county (the smallest case of the model): the sample city's counties are left out.
    let mut c = sample.clone();
    c.regions.clear();
    c.meta.sample = true;
    c.base_layer.outline = Boundary::Polygon(vec![vec![
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
    ]]);
    c.parks.clear();
    c.facilities.clear();
    let (cols, rows) = (20, PARKS / 20);
    let radius = 0.018;
    for i in 0..PARKS {
        let (col, row) = (i % cols, i / cols);
        let cx = west + (col as f64 + 0.5) * (east - west) / cols as f64;
        let cy = south + (row as f64 + 0.5) * (north - south) / rows as f64;
        let ring: Vec<[f64; 2]> = (0..=6)
            .map(|k| {
                let a = (k % 6) as f64 * std::f64::consts::TAU / 6.0;
                [cx + radius * a.cos(), cy + radius * a.sin()]
            })
            .collect();
        let mut p = park.clone();
        p.id = format!("bench-park-{i}");
        p.name.zh = format!("基准园区 {i}");
        p.name.en = format!("Benchmark park {i}");
        p.boundary = Boundary::Polygon(vec![ring]);
        p.region_id = None;
        p.transport.clear();
        c.parks.push(p);
        for j in 0..FACILITIES_PER_PARK {
            // Inside the hexagon's inscribed circle, so inside the park.
            let (r, a) = (
                radius * 0.8 * rng.next().sqrt(),
                rng.next() * std::f64::consts::TAU,
            );
            let mut f = facility.clone();
            f.id = format!("bench-fac-{i}-{j}");
            f.park_id = format!("bench-park-{i}");
            f.name.zh = format!("载体 {i}-{j}");
            f.name.en = format!("Facility {i}-{j}");
            f.location = Point::new(cx + r * a.cos(), cy + r * a.sin());
            c.facilities.push(f);
        }
    }
    for p in &mut c.policies {
        p.applies_to.park_ids.clear();
        p.region_id = None;
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_set_is_consistent_and_full_size() {
        let sample: Catalog = serde_json::from_str(include_str!("../../public/data/catalog.json"))
            .expect("the sample parses");
        let c = generate(&sample).expect("generates");
        assert_eq!(
            (c.parks.len(), c.facilities.len()),
            (PARKS, PARKS * FACILITIES_PER_PARK)
        );
        let problems = ysmap_model::consistency::check(&c, chrono::Utc::now());
        assert!(
            problems.is_empty(),
            "{}",
            problems
                .iter()
                .take(5)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
