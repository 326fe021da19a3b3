-- Saved column mappings may also be a bank's: its CSV statements are read
-- with them. SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE import_mappings_new (
    name       TEXT PRIMARY KEY,
    header_key TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('invoices','payments','clients','bank')),
    columns    TEXT NOT NULL,
    date_order TEXT NOT NULL DEFAULT '',
    used       TEXT NOT NULL
);
INSERT INTO import_mappings_new SELECT name, header_key, kind, columns, date_order, used FROM import_mappings;
DROP TABLE import_mappings;
ALTER TABLE import_mappings_new RENAME TO import_mappings;
CREATE INDEX import_mappings_headers ON import_mappings (header_key, used);
