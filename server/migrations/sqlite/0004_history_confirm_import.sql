-- Two more kinds of change in a record's history: "confirmed" (最后核实 set to today, from the
-- console's start page or a listing) and "imported" (a row of a spreadsheet applied). SQLite
-- cannot change a CHECK in place: the table is rebuilt with its rows.
CREATE TABLE catalog_history_new (
    id         INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('created', 'changed', 'deleted', 'restored', 'confirmed', 'imported')),
    before     TEXT CHECK (before IS NULL OR json_valid(before)),
    after      TEXT CHECK (after IS NULL OR json_valid(after)),
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
);
INSERT INTO catalog_history_new (id, collection, record_id, action, before, after, actor, at)
    SELECT id, collection, record_id, action, before, after, actor, at FROM catalog_history;
DROP TABLE catalog_history;
ALTER TABLE catalog_history_new RENAME TO catalog_history;
CREATE INDEX catalog_history_by_record ON catalog_history (collection, record_id, id);
