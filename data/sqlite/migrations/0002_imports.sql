-- Ledger imports: payments remember that an import created them, so a
-- re-import of an edited file can correct them without touching payments
-- entered by hand; column mappings are saved by name and found again by the
-- file's header row.

ALTER TABLE payments ADD COLUMN source TEXT NOT NULL DEFAULT '' CHECK (source IN ('', 'import'));

CREATE TABLE import_mappings (
    name       TEXT PRIMARY KEY,
    header_key TEXT NOT NULL, -- the header row, folded: "invoice number|client|…"
    kind       TEXT NOT NULL CHECK (kind IN ('invoices','payments','clients')),
    columns    TEXT NOT NULL, -- the field of each column, one per line ('' = ignored)
    date_order TEXT NOT NULL DEFAULT '',
    used       TEXT NOT NULL  -- RFC 3339, last time it was used
);
CREATE INDEX import_mappings_headers ON import_mappings (header_key, used);

-- Spreadsheets drop the leading zeros of numeric invoice numbers
-- (0000611365 → 611365); imports find the invoice either way.
CREATE INDEX invoices_number_digits ON invoices (ltrim(number, '0'));
