-- What several server processes on one database share instead of keeping it in memory: the
-- catalog's revision (a process that sees a newer one publishes the stored catalog again),
-- the leases of background jobs (one process runs each), and per-address rate-limit counters.
CREATE TABLE catalog_revision (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

CREATE TABLE job_leases (
    name       TEXT COLLATE "C" PRIMARY KEY,
    holder     TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE rate_limit_hits (
    scope        TEXT COLLATE "C" NOT NULL,
    address      TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (scope, address, window_start)
);
