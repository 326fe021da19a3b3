-- What a search of the clients matches, folded (lower case, no accents):
-- code, name, tax ID, city and emails. The store writes it with every
-- client; cartera_fold is the same folding, registered by the store.
ALTER TABLE clients ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE clients SET search = cartera_fold(code || ' ' || name || ' ' || tax_id || ' ' || city || ' ' || replace(emails, char(10), ' '));
