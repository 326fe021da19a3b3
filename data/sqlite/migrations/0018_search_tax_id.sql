-- A client's tax ID is also searched without its dashes, dots, slashes and
-- spaces, as people type it: "335884492" finds 33588449-2. The same as
-- clientSearch writes for clients saved from now on.
UPDATE clients SET search = search || ' ' || replace(replace(replace(replace(cartera_fold(tax_id), '-', ''), '.', ''), '/', ''), ' ', '')
    WHERE tax_id GLOB '*[-./ ]*';
