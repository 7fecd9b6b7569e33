CREATE TABLE photos (
    id          TEXT COLLATE "C" NOT NULL,
    variant     TEXT COLLATE "C" NOT NULL CHECK (variant IN ('display', 'thumb')),
    data        BYTEA NOT NULL,
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (id, variant)
);
