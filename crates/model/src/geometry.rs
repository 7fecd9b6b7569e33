//! The GeoJSON geometries of the catalog (RFC 7946), typed so that a park boundary can only be a
//! Polygon or MultiPolygon and a location only a Point. Coordinates are `[longitude, latitude]`
//! in degrees, CGCS2000/WGS-84 (the two differ by centimetres, far below map precision).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A position: `[longitude, latitude]` in degrees.
pub type Position = [f64; 2];

/// A GeoJSON Point.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct LineString {
    /// The vertices in order.
    pub coordinates: Vec<Position>,
}

/// An area's outline: a GeoJSON Polygon or MultiPolygon. Each ring is closed (first position
/// equals last); the first ring of a polygon is its exterior, the rest are holes.
#[derive(Debug, Clone, PartialEq)]
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

    /// A point inside the boundary, for a label or a marker: the centroid when it is inside,
    /// else the middle of the widest stretch of the horizontal line through the centroid that
    /// lies inside (a scanline interior point). Light on purpose: the browser build calls this,
    /// and geo's `InteriorPoint` and `Contains` bring its whole relate machinery (tens of KB of
    /// wasm) with them; centroid and point-in-ring are small.
    ///
    /// ```
    /// use ysmap_model::geometry::Boundary;
    /// let square = Boundary::Polygon(vec![vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]);
    /// let p = square.label_point().expect("not empty");
    /// assert_eq!((p.lon(), p.lat()), (1.0, 1.0));
    /// ```
    pub fn label_point(&self) -> Option<Point> {
        use geo::Centroid;
        use geo::coordinate_position::{CoordPos, CoordinatePosition};
        let shape = self.to_geo();
        let centroid = shape.centroid()?;
        if shape.coordinate_position(&centroid.0) == CoordPos::Inside {
            return Some(Point::new(centroid.x(), centroid.y()));
        }
        // Where the line y = centroid.y crosses the rings, left to right; between the 1st and
        // 2nd crossing, the 3rd and 4th … the line is inside (even-odd, holes included).
        let y = centroid.y();
        let mut xs: Vec<f64> = self
            .polygons()
            .into_iter()
            .flatten()
            .flat_map(|ring| ring.windows(2))
            .filter_map(|edge| {
                let ([x0, y0], [x1, y1]) = (edge[0], edge[1]);
                // Half-open on y so a vertex on the line is counted once.
                ((y0 <= y) != (y1 <= y)).then(|| x0 + (y - y0) / (y1 - y0) * (x1 - x0))
            })
            .collect();
        crate::order::sort_by_keys(&mut xs, |x| (crate::order::f64_key(*x), 0));
        xs.chunks_exact(2)
            .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
            .map(|pair| Point::new((pair[0] + pair[1]) / 2.0, y))
    }

    /// The area enclosed, in square kilometres, on the WGS-84 ellipsoid.
    pub fn geodesic_area_km2(&self) -> f64 {
        use geo::GeodesicArea;
        self.to_geo().geodesic_area_unsigned() / 1.0e6
    }
}

/// How the geometries are written: GeoJSON where the format is read by people and other
/// systems (JSON, the public contract), bare coordinates in the app's compact encoding
/// (catalog/compact.rs), which cannot read GeoJSON's `"type"` tags.
mod form {
    use super::Position;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(tag = "type", rename = "Point")]
    pub struct PointJson {
        /// Longitude and latitude (WGS 84 / CGCS2000), in degrees.
        #[cfg_attr(feature = "openapi", schema(value_type = [f64], min_items = 2, max_items = 2))]
        pub coordinates: Position,
    }

    #[derive(Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(tag = "type", rename = "LineString")]
    pub struct LineStringJson {
        /// Its points, each `[longitude, latitude]`.
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<f64>>))]
        pub coordinates: Vec<Position>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", content = "coordinates")]
    pub enum BoundaryJson {
        Polygon(Vec<Vec<Position>>),
        MultiPolygon(Vec<Vec<Vec<Position>>>),
    }

    #[derive(Serialize, Deserialize)]
    pub enum BoundaryCompact {
        Polygon(Vec<Vec<Position>>),
        MultiPolygon(Vec<Vec<Vec<Position>>>),
    }
}

/// The geometries' schemas in the API's OpenAPI document: their GeoJSON forms.
#[cfg(feature = "openapi")]
mod openapi {
    use super::{Boundary, LineString, Point, form};
    use utoipa::openapi::{RefOr, schema::Schema};
    use utoipa::{PartialSchema, ToSchema};

    impl PartialSchema for Point {
        fn schema() -> RefOr<Schema> {
            form::PointJson::schema()
        }
    }
    impl ToSchema for Point {}

    impl PartialSchema for LineString {
        fn schema() -> RefOr<Schema> {
            form::LineStringJson::schema()
        }
    }
    impl ToSchema for LineString {}

    /// A GeoJSON `Polygon` (rings of `[longitude, latitude]`: the outline, then any holes) or
    /// `MultiPolygon` (polygons, each as in `Polygon`), as `form::BoundaryJson` writes them.
    impl PartialSchema for Boundary {
        fn schema() -> RefOr<Schema> {
            use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
            let coordinates = |depth: usize| -> Schema {
                let mut schema: Schema = ObjectBuilder::new().schema_type(Type::Number).into();
                for _ in 0..depth {
                    schema = ArrayBuilder::new().items(RefOr::T(schema)).into();
                }
                schema
            };
            let shape = |name: &str, depth: usize| {
                ObjectBuilder::new()
                    .property(
                        "type",
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some([name])),
                    )
                    .required("type")
                    .property("coordinates", coordinates(depth))
                    .required("coordinates")
            };
            OneOfBuilder::new()
                .item(shape("Polygon", 3))
                .item(shape("MultiPolygon", 4))
                .into()
        }
    }
    impl ToSchema for Boundary {}
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            form::PointJson {
                coordinates: self.coordinates,
            }
            .serialize(s)
        } else {
            self.coordinates.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let coordinates = if d.is_human_readable() {
            form::PointJson::deserialize(d)?.coordinates
        } else {
            Position::deserialize(d)?
        };
        Ok(Point { coordinates })
    }
}

impl Serialize for LineString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            form::LineStringJson {
                coordinates: self.coordinates.clone(),
            }
            .serialize(s)
        } else {
            self.coordinates.serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for LineString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let coordinates = if d.is_human_readable() {
            form::LineStringJson::deserialize(d)?.coordinates
        } else {
            Vec::deserialize(d)?
        };
        Ok(LineString { coordinates })
    }
}

impl Serialize for Boundary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.clone(), s.is_human_readable()) {
            (Boundary::Polygon(p), true) => form::BoundaryJson::Polygon(p).serialize(s),
            (Boundary::MultiPolygon(m), true) => form::BoundaryJson::MultiPolygon(m).serialize(s),
            (Boundary::Polygon(p), false) => form::BoundaryCompact::Polygon(p).serialize(s),
            (Boundary::MultiPolygon(m), false) => {
                form::BoundaryCompact::MultiPolygon(m).serialize(s)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Boundary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(if d.is_human_readable() {
            match form::BoundaryJson::deserialize(d)? {
                form::BoundaryJson::Polygon(p) => Boundary::Polygon(p),
                form::BoundaryJson::MultiPolygon(m) => Boundary::MultiPolygon(m),
            }
        } else {
            match form::BoundaryCompact::deserialize(d)? {
                form::BoundaryCompact::Polygon(p) => Boundary::Polygon(p),
                form::BoundaryCompact::MultiPolygon(m) => Boundary::MultiPolygon(m),
            }
        })
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
    fn label_point_is_inside_a_ring_with_a_hole_over_its_centroid() {
        let ring = |a: f64, b: f64| vec![[a, a], [b, a], [b, b], [a, b], [a, a]];
        let donut = Boundary::Polygon(vec![ring(0.0, 10.0), ring(3.0, 7.0)]);
        let p = donut.label_point().expect("non-empty");
        assert!(donut.contains(&p), "{p:?}");
        assert_eq!(p.lat(), 5.0);
    }

    #[test]
    fn label_point_of_several_polygons_is_in_one_of_them() {
        let ring = |a: f64, b: f64| vec![[a, 0.0], [b, 0.0], [b, 1.0], [a, 1.0], [a, 0.0]];
        let two = Boundary::MultiPolygon(vec![vec![ring(0.0, 1.0)], vec![ring(5.0, 8.0)]]);
        let p = two.label_point().expect("non-empty");
        assert!(two.contains(&p), "{p:?}");
        assert!(p.lon() > 5.0, "in the wider polygon: {p:?}");
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
