//! The catalog: read from a file (the built-in sample or the county's own), checked, stored as
//! rows, and published as one JSON document (the public contract) and in the app's compact
//! encoding (`ysmap_model::catalog::compact`), each with an ETag and a ready gzip copy.

use crate::AppState;
use anyhow::{Context, bail};
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};
use std::io::Write;
use std::path::PathBuf;
use ysmap_model::Catalog;
use ysmap_model::catalog::compact;
use ysmap_model::consistency;

/// The sample catalog shipped with the software (the same file the app can load statically).
pub const SAMPLE_JSON: &str = include_str!("../../public/data/catalog.json");

/// Where the catalog comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The built-in sample (示例数据).
    Sample,
    /// A county's own catalog file.
    File(PathBuf),
}

impl Source {
    /// `--catalog FILE` when given, else the sample.
    pub fn from_config(config: &crate::config::Config) -> Source {
        config.catalog.clone().map_or(Source::Sample, Source::File)
    }

    /// Reads and parses the catalog, naming the JSON path of a parse error.
    pub fn read(&self) -> anyhow::Result<Catalog> {
        let (text, name) = match self {
            Source::Sample => (
                SAMPLE_JSON.to_owned(),
                "the built-in sample catalog".to_owned(),
            ),
            Source::File(path) => (
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the catalog file {}", path.display()))?,
                format!("the catalog file {}", path.display()),
            ),
        };
        parse(&text).with_context(|| format!("{name} is not a valid catalog"))
    }
}

/// Parses catalog JSON; an error says where (`parks[2].boundary: ...`).
pub fn parse(text: &str) -> anyhow::Result<Catalog> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de)
        .map_err(|e| anyhow::anyhow!("at {}: {}", e.path(), e.inner()))
}

/// Fails with every problem listed when the catalog does not pass the consistency check.
pub fn ensure_consistent(catalog: &Catalog) -> anyhow::Result<()> {
    let problems = consistency::check(catalog, chrono::Utc::now());
    if problems.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
    bail!(
        "the catalog has {} problem(s) and was refused:\n{}",
        problems.len(),
        list.join("\n")
    )
}

/// One encoding of the published catalog, ready to send: the bytes, a gzip copy, its ETag.
pub struct Encoded {
    // `Bytes`: every answer shares these buffers instead of copying them.
    body: Bytes,
    gzip: Bytes,
    etag: HeaderValue,
    content_type: &'static str,
}

impl Encoded {
    fn new(body: Vec<u8>, content_type: &'static str) -> anyhow::Result<Encoded> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&body)?;
        let gzip = gz.finish()?;
        let digest = Sha256::digest(&body);
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        // Weak: the gzip and identity bodies differ in bytes but not in meaning.
        let etag = HeaderValue::from_str(&format!("W/\"{hex}\""))?;
        Ok(Encoded {
            body: Bytes::from(body),
            gzip: Bytes::from(gzip),
            etag,
            content_type,
        })
    }

    /// The ETag value, quotes and `W/` included.
    pub fn etag(&self) -> &HeaderValue {
        &self.etag
    }

    /// The answer to a GET: 304 when the client's copy is current, gzip when accepted.
    fn respond(&self, headers: &HeaderMap) -> Response {
        let fresh = crate::negotiate::not_modified(headers, &self.etag);
        let mut response = if fresh {
            StatusCode::NOT_MODIFIED.into_response()
        } else if crate::negotiate::quality(headers, "gzip") > 0.0 {
            let mut r = Response::new(Body::from(self.gzip.clone()));
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        } else {
            Response::new(Body::from(self.body.clone()))
        };
        let h = response.headers_mut();
        h.insert(header::ETAG, self.etag.clone());
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        // Always revalidate: a staff edit must show at once, and the 304 makes that cheap.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if !fresh {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
        }
        response
    }
}

/// The published catalog, serialized once so that every GET only copies bytes.
pub struct Published {
    /// The catalog as published (unpublished records removed).
    pub catalog: Catalog,
    /// The catalog as stored, drafts included: published again when the county's day changes
    /// (a facility past its hiding age leaves the published catalog at midnight).
    stored: Catalog,
    /// The county's date it was published for.
    day: chrono::NaiveDate,
    /// `GET /api/catalog`: JSON, the public contract.
    pub json: Encoded,
    /// `GET /api/catalog.postcard`: the app's compact encoding.
    pub compact: Encoded,
    /// `?region=…`: each county's own catalog (`Catalog::for_region`), both ways, so that a
    /// county's embed fetches its county alone.
    regions: std::collections::BTreeMap<String, (Encoded, Encoded)>,
}

/// The catalog's two encodings.
fn encode_both(catalog: &Catalog) -> anyhow::Result<(Encoded, Encoded)> {
    let json = Encoded::new(
        serde_json::to_vec(catalog)?,
        "application/json; charset=utf-8",
    )?;
    let spellings = ysmap_model::search::Spellings::of_catalog(catalog);
    let compact = Encoded::new(compact::encode(catalog, &spellings)?, compact::MEDIA_TYPE)?;
    Ok((json, compact))
}

impl Published {
    /// Publishes `catalog` for today: filters it, serializes it both ways, compresses and tags
    /// them.
    pub fn new(catalog: &Catalog) -> anyhow::Result<Published> {
        Published::on(catalog, ysmap_model::clock::county_date(chrono::Utc::now()))
    }

    /// [`Published::new`] for the county's date `day`.
    pub fn on(stored: &Catalog, day: chrono::NaiveDate) -> anyhow::Result<Published> {
        let catalog = stored.published(day);
        let (json, compact) = encode_both(&catalog)?;
        let mut regions = std::collections::BTreeMap::new();
        for r in &catalog.regions {
            if let Some(county) = catalog.for_region(&r.id) {
                regions.insert(r.id.clone(), encode_both(&county)?);
            }
        }
        Ok(Published {
            catalog,
            stored: stored.clone(),
            day,
            json,
            compact,
            regions,
        })
    }

    /// The catalog as stored, drafts included.
    pub fn stored(&self) -> &Catalog {
        &self.stored
    }

    /// The JSON document's ETag, quotes and `W/` included.
    pub fn etag(&self) -> &HeaderValue {
        self.json.etag()
    }
}

/// The published catalog the server answers with, replaced whole when staff publish a change
/// (readers hold the `Arc` they took, so an answer never mixes two versions).
pub struct Live {
    published: std::sync::RwLock<std::sync::Arc<Published>>,
    /// Counts the publications: what was made from one catalog (the page's first screen) is
    /// made again when it moves on.
    generation: std::sync::atomic::AtomicU64,
    /// The stored catalog's revision (table `catalog_revision`) this process last published:
    /// [`follow`] publishes again when the database holds a newer one, written by another
    /// process.
    revision: std::sync::atomic::AtomicI64,
}

impl Live {
    /// `published`, live, made from the stored catalog at `revision`.
    pub fn new(published: Published, revision: i64) -> Self {
        Live {
            published: std::sync::RwLock::new(std::sync::Arc::new(published)),
            generation: std::sync::atomic::AtomicU64::new(0),
            revision: std::sync::atomic::AtomicI64::new(revision),
        }
    }

    /// The stored catalog's revision last published here.
    pub fn revision(&self) -> i64 {
        self.revision.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The catalog as published now; published again first when the county's day has changed
    /// since (no edit is needed for a stale facility to leave it).
    pub fn current(&self) -> std::sync::Arc<Published> {
        let now = match self.published.read() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        let today = ysmap_model::clock::county_date(chrono::Utc::now());
        if now.day == today {
            return now;
        }
        match Published::on(&now.stored, today) {
            Ok(next) => self.replace_if(&now, next),
            Err(e) => {
                tracing::error!(error = %e, "the catalog could not be published for the new day");
                now
            }
        }
    }

    /// Publishes `next` unless another publication came after `seen` (a staff edit made
    /// while the day turned wins: it was made from the database). Answers what is current.
    fn replace_if(
        &self,
        seen: &std::sync::Arc<Published>,
        next: Published,
    ) -> std::sync::Arc<Published> {
        let mut current = match self.published.write() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        if std::sync::Arc::ptr_eq(&current, seen) {
            *current = std::sync::Arc::new(next);
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        }
        current.clone()
    }

    /// How many times a catalog was published since the start.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Publishes `published`, made from the stored catalog at `revision`, in place of the
    /// current one, unless a newer revision is published already (this process's own edit and
    /// [`follow`] reading another's can finish in either order).
    pub fn replace(&self, published: Published, revision: i64) {
        let next = std::sync::Arc::new(published);
        let mut current = match self.published.write() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        if revision < self.revision() {
            return;
        }
        *current = next;
        self.revision
            .store(revision, std::sync::atomic::Ordering::Release);
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Counts a change to the stored catalog, inside the transaction that makes it: the new
/// revision, for [`Live::replace`].
pub async fn bump_revision(tx: &mut sqlx::AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision",
    )
    .fetch_one(&mut *tx)
    .await
}

/// The stored catalog's revision.
pub async fn stored_revision(db: &mut sqlx::AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT revision FROM catalog_revision WHERE id = 1")
        .fetch_one(&mut *db)
        .await
}

/// Keeps `live` in step with the database when other server processes write to it too: every
/// `interval`, a look at the stored revision, and when it is newer than the one published
/// here, the stored catalog read and published. Runs until the process ends.
pub async fn follow(db: AnyPool, live: std::sync::Arc<Live>, interval: std::time::Duration) {
    loop {
        tokio::time::sleep(interval).await;
        if let Err(e) = catch_up(&db, &live).await {
            tracing::error!(error = %e, "the catalog could not be read to follow other servers' changes");
        }
    }
}

/// One look of [`follow`].
pub async fn catch_up(db: &AnyPool, live: &Live) -> anyhow::Result<()> {
    let mut conn = db.acquire().await?;
    let revision = stored_revision(&mut conn).await?;
    if revision <= live.revision() {
        return Ok(());
    }
    // Read after the revision: the catalog is at least that new (a newer one is read again at
    // the next look).
    let catalog = read_stored(&mut conn).await?;
    live.replace(Published::new(&catalog)?, revision);
    tracing::info!(revision, "catalog changed by another server: published");
    Ok(())
}

/// Checks the catalog from `source`, stores it when the database has none (or `replace` asks),
/// and publishes what the database holds, live.
pub async fn load(db: &AnyPool, source: &Source, replace: bool) -> anyhow::Result<Live> {
    let candidate = source.read()?;
    ensure_consistent(&candidate)?;
    // One writer's turn for the look and the store: server processes starting together on one
    // PostgreSQL database store the catalog once.
    let mut tx = crate::db::begin_write(db.acquire().await?).await?;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalog_parts")
        .fetch_one(&mut *tx)
        .await?;
    if stored == 0 || replace {
        // The sample is stored as if maintained up to today.
        let candidate = candidate.sample_dated(chrono::Utc::now());
        store(&mut tx, &candidate).await?;
        bump_revision(&mut tx).await?;
        tracing::info!(source = ?source, parks = candidate.parks.len(), facilities = candidate.facilities.len(), "catalog stored in the database");
    } else if matches!(source, Source::File(_)) {
        tracing::warn!(
            "the database already holds a catalog; --catalog was checked but not loaded (add --replace-catalog to load it)"
        );
    }
    let catalog = read_stored(&mut tx).await?;
    let revision = stored_revision(&mut tx).await?;
    tx.commit().await?;
    Ok(Live::new(Published::new(&catalog)?, revision))
}

/// Replaces the stored catalog with `catalog`, inside the caller's transaction.
async fn store(tx: &mut sqlx::AnyConnection, catalog: &Catalog) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM catalog_records")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM catalog_parts")
        .execute(&mut *tx)
        .await?;
    for (name, value) in [
        ("meta", serde_json::to_string(&catalog.meta)?),
        ("base_layer", serde_json::to_string(&catalog.base_layer)?),
        ("regions", serde_json::to_string(&catalog.regions)?),
    ] {
        sqlx::query("INSERT INTO catalog_parts (name, data) VALUES ($1, $2)")
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    let now = chrono::Utc::now().to_rfc3339();
    let mut rows: Vec<(&str, &str, String)> = Vec::new();
    for p in &catalog.parks {
        rows.push(("parks", &p.id, serde_json::to_string(p)?));
    }
    for f in &catalog.facilities {
        rows.push(("facilities", &f.id, serde_json::to_string(f)?));
    }
    for i in &catalog.industries {
        rows.push(("industries", &i.id, serde_json::to_string(i)?));
    }
    for p in &catalog.policies {
        rows.push(("policies", &p.id, serde_json::to_string(p)?));
    }
    for h in &catalog.transport_hubs {
        rows.push(("transport_hubs", &h.id, serde_json::to_string(h)?));
    }
    for (position, (collection, id, data)) in rows.into_iter().enumerate() {
        sqlx::query("INSERT INTO catalog_records (collection, id, position, data, updated_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(collection)
            .bind(id)
            .bind(position as i64)
            .bind(data)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// The catalog as stored.
pub async fn read_stored(db: &mut sqlx::AnyConnection) -> anyhow::Result<Catalog> {
    let mut doc = serde_json::Map::new();
    for row in sqlx::query("SELECT name, data FROM catalog_parts")
        .fetch_all(&mut *db)
        .await?
    {
        let name: String = row.try_get("name")?;
        let data: String = row.try_get("data")?;
        doc.insert(name, serde_json::from_str(&data)?);
    }
    for collection in [
        "parks",
        "facilities",
        "industries",
        "policies",
        "transport_hubs",
    ] {
        doc.insert(collection.to_owned(), serde_json::Value::Array(Vec::new()));
    }
    let rows = sqlx::query("SELECT collection, data FROM catalog_records ORDER BY position")
        .fetch_all(&mut *db)
        .await?;
    for row in rows {
        let collection: String = row.try_get("collection")?;
        let data: String = row.try_get("data")?;
        if let Some(serde_json::Value::Array(items)) = doc.get_mut(&collection) {
            items.push(serde_json::from_str(&data)?);
        }
    }
    serde_json::from_value(serde_json::Value::Object(doc))
        .context("the stored catalog cannot be read")
}

/// `?region=…` on the catalog's addresses.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// A county's id: its own catalog instead of the city's.
    region: Option<String>,
}

/// The catalog asked for, JSON or `compact`: the whole, or a county's; 404 in the API's error
/// shape for a county the catalog does not have.
fn respond_for(
    state: &AppState,
    query: RegionQuery,
    headers: &HeaderMap,
    compact: bool,
) -> Response {
    let published = state.catalog.current();
    let (json, postcard) = match query.region.filter(|r| !r.is_empty()) {
        None => (&published.json, &published.compact),
        Some(id) => match published.regions.get(&id) {
            Some((json, postcard)) => (json, postcard),
            None => {
                let lang = crate::error::requested_lang(headers).unwrap_or_default();
                return crate::error::ApiError::single(
                    StatusCode::NOT_FOUND,
                    "region",
                    ysmap_model::validation::ErrorCode::NotFound,
                    ysmap_model::Text::new(
                        format!("没有编号为“{id}”的区县。"),
                        format!("There is no county (region) '{id}'."),
                    ),
                    lang,
                )
                .into_response();
            }
        },
    };
    if compact { postcard } else { json }.respond(headers)
}

/// `GET /api/catalog[?region=…]`: the published catalog (or a county's) as JSON; 304 when the
/// client's copy is current; gzip when the client accepts it.
pub async fn get_catalog(
    State(state): State<AppState>,
    Query(query): Query<RegionQuery>,
    headers: HeaderMap,
) -> Response {
    respond_for(&state, query, &headers, false)
}

/// `GET /api/catalog.postcard[?region=…]`: the same catalog in the app's compact encoding.
pub async fn get_compact_catalog(
    State(state): State<AppState>,
    Query(query): Query<RegionQuery>,
    headers: HeaderMap,
) -> Response {
    respond_for(&state, query, &headers, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facility_past_its_hiding_age_leaves_the_catalog_when_the_day_turns() {
        let mut catalog = Source::Sample.read().expect("the sample reads");
        let long_ago = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date");
        catalog.facilities[0].verified_at = long_ago;
        let id = catalog.facilities[0].id.clone();
        let live = Live::new(Published::on(&catalog, long_ago).expect("publishes"), 0);
        // Reading on the server's own day publishes again, without the facility: its 最后核实
        // is past the hiding age by then. No edit is needed.
        let now = live.current();
        assert_eq!(now.day, ysmap_model::clock::county_date(chrono::Utc::now()));
        assert!(now.catalog.facility(&id).is_none());
        assert!(now.catalog.facility(&catalog.facilities[1].id).is_some());
        assert_eq!(live.generation(), 1);
        assert!(std::sync::Arc::ptr_eq(&now, &live.current()), "once a day");
    }

    #[test]
    fn a_parse_error_names_the_path() {
        let mut v: serde_json::Value = serde_json::from_str(SAMPLE_JSON).expect("sample is JSON");
        v["parks"][1]["boundary"]["type"] = "Point".into();
        let e = parse(&v.to_string()).expect_err("a park boundary cannot be a Point");
        assert!(e.to_string().contains("parks[1].boundary"), "{e}");
    }
}
