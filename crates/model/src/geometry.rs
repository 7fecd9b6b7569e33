//! The GeoJSON geometries of the catalog (RFC 7946), typed so that a park boundary can only be a
//! Polygon or MultiPolygon and a location only a Point. Coordinates are `[longitude, latitude]`
//! in degrees, CGCS2000/WGS-84 (the two differ by centimetres, far below map precision).

use serde::{Deserialize, Serialize};

/// A position: `[longitude, latitude]` in degrees.
pub type Position = [f64; 2];

/// A GeoJSON Point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "Point")]
pub struct Point {
    /// `[longitude, latitude]` in degrees.
    pub coordinates: Position,
}

impl Point {
    /// A point at `lon`, `lat` degrees.
    pub fn new(lon: f64, lat: f64) -> Self {
        Point {
            coordinates: [lon, lat],
        }
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.coordinates[0]
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.coordinates[1]
    }

    /// The same point as a `geo` point (x = longitude, y = latitude).
    pub fn to_geo(&self) -> geo::Point<f64> {
        geo::Point::new(self.lon(), self.lat())
    }
}

/// A GeoJSON LineString.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "LineString")]
pub struct LineString {
    /// The vertices in order.
    pub coordinates: Vec<Position>,
}

/// An area's outline: a GeoJSON Polygon or MultiPolygon. Each ring is closed (first position
/// equals last); the first ring of a polygon is its exterior, the rest are holes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "coordinates")]
pub enum Boundary {
    /// One polygon: rings of positions.
    Polygon(Vec<Vec<Position>>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

impl Boundary {
    /// The polygons of this boundary, each as its rings.
    pub fn polygons(&self) -> Vec<&[Vec<Position>]> {
        match self {
            Boundary::Polygon(rings) => vec![rings.as_slice()],
            Boundary::MultiPolygon(polys) => polys.iter().map(Vec::as_slice).collect(),
        }
    }

    /// The boundary as a `geo` multipolygon, for containment, area and centroid.
    pub fn to_geo(&self) -> geo::MultiPolygon<f64> {
        let polygon = |rings: &[Vec<Position>]| {
            let ring = |r: &Vec<Position>| {
                geo::LineString::from(r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>())
            };
            let mut rings = rings.iter();
            let exterior = rings
                .next()
                .map(ring)
                .unwrap_or_else(|| geo::LineString(vec![]));
            geo::Polygon::new(exterior, rings.map(ring).collect())
        };
        geo::MultiPolygon(self.polygons().into_iter().map(polygon).collect())
    }

    /// The south-west and north-east corners of the box around the boundary.
    ///
    /// ```
    /// use ysmap_model::geometry::Boundary;
    /// let b = Boundary::Polygon(vec![vec![[1.0, 2.0], [3.0, 1.0], [2.0, 4.0], [1.0, 2.0]]]);
    /// assert_eq!(b.bbox(), Some(([1.0, 1.0], [3.0, 4.0])));
    /// ```
    pub fn bbox(&self) -> Option<(Position, Position)> {
        let mut points = self.polygons().into_iter().flatten().flatten();
        let first = *points.next()?;
        Some(points.fold((first, first), |(sw, ne), p| {
            (
                [sw[0].min(p[0]), sw[1].min(p[1])],
                [ne[0].max(p[0]), ne[1].max(p[1])],
            )
        }))
    }

    /// True when `point` lies inside the boundary (not in a hole).
    ///
    /// ```
    /// use ysmap_model::geometry::{Boundary, Point};
    /// let square = Boundary::Polygon(vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]);
    /// assert!(square.contains(&Point::new(0.5, 0.5)));
    /// assert!(!square.contains(&Point::new(1.5, 0.5)));
    /// ```
    pub fn contains(&self, point: &Point) -> bool {
        use geo::Contains;
        self.to_geo().contains(&point.to_geo())
    }

    /// A point guaranteed to lie inside the boundary, for a label or a marker
    /// (the centroid when it is inside, else geo's interior point).
    pub fn label_point(&self) -> Option<Point> {
        use geo::{Centroid, Contains, InteriorPoint};
        let shape = self.to_geo();
        let centroid = shape.centroid().filter(|c| shape.contains(c));
        centroid
            .or_else(|| shape.interior_point())
            .map(|p| Point::new(p.x(), p.y()))
    }

    /// The area enclosed, in square kilometres, on the WGS-84 ellipsoid.
    pub fn geodesic_area_km2(&self) -> f64 {
        use geo::GeodesicArea;
        self.to_geo().geodesic_area_unsigned() / 1.0e6
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_round_trips_through_geojson() {
        let json = r#"{"type":"Polygon","coordinates":[[[108.1,34.2],[108.2,34.2],[108.2,34.3],[108.1,34.2]]]}"#;
        let b: Boundary = serde_json::from_str(json).expect("valid polygon");
        assert!(matches!(b, Boundary::Polygon(ref r) if r[0].len() == 4));
        assert_eq!(serde_json::to_string(&b).expect("serializes"), json);
    }

    #[test]
    fn point_rejects_other_geometry_types() {
        let json = r#"{"type":"LineString","coordinates":[[1.0,2.0]]}"#;
        assert!(serde_json::from_str::<Point>(json).is_err());
    }

    #[test]
    fn label_point_is_inside_a_concave_shape() {
        // A "C" shape whose centroid falls in the notch.
        let c = Boundary::Polygon(vec![vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [3.0, 2.0],
            [3.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ]]);
        let p = c.label_point().expect("non-empty");
        assert!(c.contains(&p));
    }

    #[test]
    fn area_of_a_small_square_near_the_equator() {
        // 0.01° × 0.01° at the equator is about 1.11 km × 1.11 km.
        let sq = Boundary::Polygon(vec![vec![
            [0.0, 0.0],
            [0.01, 0.0],
            [0.01, 0.01],
            [0.0, 0.01],
            [0.0, 0.0],
        ]]);
        let a = sq.geodesic_area_km2();
        assert!((a - 1.2308).abs() < 0.01, "area {a}");
    }
}
