-- A city's catalog holds its counties (`regions`, one document like `meta` and `base_layer`).
ALTER TABLE catalog_parts DROP CONSTRAINT catalog_parts_name_check;
ALTER TABLE catalog_parts ADD CONSTRAINT catalog_parts_name_check
    CHECK (name IN ('meta', 'base_layer', 'regions'));
