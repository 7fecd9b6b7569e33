-- The catalog, one row per record so that staff edits touch one row; the published document
-- is assembled from these rows in catalog order.
CREATE TABLE catalog_records (
    collection TEXT NOT NULL CHECK (collection IN ('parks', 'facilities', 'industries', 'policies', 'transport_hubs')),
    id         TEXT NOT NULL,
    position   INTEGER NOT NULL,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);

-- The parts of the catalog that are one of a kind: `meta` and `base_layer`.
CREATE TABLE catalog_parts (
    name TEXT PRIMARY KEY CHECK (name IN ('meta', 'base_layer')),
    data TEXT NOT NULL CHECK (json_valid(data))
);

-- Assistance requests (帮办代办申请). `payload` is the request as accepted; the columns beside
-- it are what staff search and sort by.
CREATE TABLE assistance_requests (
    id              INTEGER PRIMARY KEY,
    tracking_code   TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_sha256     TEXT NOT NULL,
    company         TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    phone           TEXT NOT NULL,
    phone_last4     TEXT NOT NULL,
    industry_id     TEXT NOT NULL,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Every status a request has had, oldest first.
CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES assistance_requests (id),
    status     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX request_events_by_request ON request_events (request_id, id);
