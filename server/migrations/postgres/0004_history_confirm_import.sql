-- Two more kinds of change in a record's history: "confirmed" and "imported".
ALTER TABLE catalog_history DROP CONSTRAINT catalog_history_action;
ALTER TABLE catalog_history ADD CONSTRAINT catalog_history_action
    CHECK (action IN ('created', 'changed', 'deleted', 'restored', 'confirmed', 'imported'));
