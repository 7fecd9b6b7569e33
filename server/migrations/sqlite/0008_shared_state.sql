-- What several server processes on one database share instead of keeping it in memory: the
-- catalog's revision (a process that sees a newer one publishes the stored catalog again),
-- the leases of background jobs (one process runs each), and per-address rate-limit counters.
-- One SQLite file serves one process, which keeps its rate limits in memory; the tables are
-- the same in both schemas.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE rate_limit_hits (
    scope        TEXT NOT NULL,
    address      TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (scope, address, window_start)
);
