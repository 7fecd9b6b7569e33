-- A city's catalog holds its counties (`regions`, one document like `meta` and `base_layer`).
-- SQLite cannot change a CHECK constraint in place: the table is made again and refilled.
CREATE TABLE catalog_parts_new (
    name TEXT PRIMARY KEY CHECK (name IN ('meta', 'base_layer', 'regions')),
    data TEXT NOT NULL CHECK (json_valid(data))
);
INSERT INTO catalog_parts_new (name, data) SELECT name, data FROM catalog_parts;
DROP TABLE catalog_parts;
ALTER TABLE catalog_parts_new RENAME TO catalog_parts;
