-- Staff accounts (DESIGN.md, "Staff API contract"). Passwords are argon2id PHC strings.
CREATE TABLE staff_users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'handler')),
    park_ids             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(park_ids)),
    display_name         TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    disabled             INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy
-- of the database does not sign anyone in.
CREATE TABLE staff_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);

-- Failed sign-ins, for the lockout (5 within 15 minutes per user name) and the log.
CREATE TABLE signin_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL COLLATE NOCASE,
    address  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX signin_failures_by_user ON signin_failures (username, at);

-- Failed investor look-ups by tracking code: a code whose phone digits are guessed wrong too
-- often is locked for a while, so the 10,000 combinations cannot be tried.
CREATE TABLE lookup_failures (
    id            INTEGER PRIMARY KEY,
    tracking_code TEXT NOT NULL,
    address       TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX lookup_failures_by_code ON lookup_failures (tracking_code, at);

-- The assistance loop: what the inbox filters on, who has it, when it is due, the version that
-- detects two people changing one request at once, the proposal, the rating.
ALTER TABLE assistance_requests ADD COLUMN park_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(park_ids));
ALTER TABLE assistance_requests ADD COLUMN services TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(services));
ALTER TABLE assistance_requests ADD COLUMN assignee_id INTEGER REFERENCES staff_users (id);
ALTER TABLE assistance_requests ADD COLUMN due_at TEXT;
ALTER TABLE assistance_requests ADD COLUMN time_limit_days INTEGER;
ALTER TABLE assistance_requests ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assistance_requests ADD COLUMN proposal TEXT CHECK (proposal IS NULL OR json_valid(proposal));
ALTER TABLE assistance_requests ADD COLUMN rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5);
ALTER TABLE assistance_requests ADD COLUMN rating_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE assistance_requests ADD COLUMN rated_at TEXT;
ALTER TABLE assistance_requests ADD COLUMN complained_at TEXT;
ALTER TABLE assistance_requests ADD COLUMN erased_at TEXT;
UPDATE assistance_requests SET
    park_ids = COALESCE(json_extract(payload, '$.park_ids'), '[]'),
    services = COALESCE(json_extract(payload, '$.services'), '[]');

-- Events: every status, assignment, note, message, proposal, complaint and rating.
ALTER TABLE request_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
ALTER TABLE request_events ADD COLUMN actor TEXT;
ALTER TABLE request_events ADD COLUMN body TEXT NOT NULL DEFAULT '';

-- Notifications, written in the same transaction as the event they tell of; delivered by a
-- worker, at least once, each with a stable event id receivers can drop duplicates by.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    event_id   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL
);

-- One row per notification and channel (webhook, mail): its attempts and whether it arrived.
CREATE TABLE outbox_deliveries (
    outbox_id       INTEGER NOT NULL REFERENCES outbox (id),
    channel         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (outbox_id, channel)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries (delivered_at, next_attempt_at);
