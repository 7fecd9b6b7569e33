-- A staff account's county (区县) in a city's catalog; NULL for the city's accounts.
ALTER TABLE staff_users ADD COLUMN region_id TEXT COLLATE "C";
