-- Photos uploaded by staff, re-encoded by the server (src/photos.rs): a display size and a
-- thumbnail, JPEG without metadata, each addressed by the hash of the display copy so that the
-- address never serves other bytes (cached for a year). A record names them in its `photos`.
CREATE TABLE photos (
    id          TEXT NOT NULL,
    variant     TEXT NOT NULL CHECK (variant IN ('display', 'thumb')),
    data        BLOB NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (id, variant)
);
