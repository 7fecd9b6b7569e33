-- Every change staff make to a catalog record: who, when, the record before and after (NULL
-- before a creation, NULL after a deletion). Deleting is soft: the record lives on here and an
-- administrator can restore it.
CREATE TABLE catalog_history (
    id         INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('created', 'changed', 'deleted', 'restored')),
    before     TEXT CHECK (before IS NULL OR json_valid(before)),
    after      TEXT CHECK (after IS NULL OR json_valid(after)),
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX catalog_history_by_record ON catalog_history (collection, record_id, id);
