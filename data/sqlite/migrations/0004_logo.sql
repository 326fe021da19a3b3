-- The company's logo (PNG or JPEG bytes; empty for none), for the header,
-- statements and letters.
ALTER TABLE company ADD COLUMN logo BLOB NOT NULL DEFAULT x'';
