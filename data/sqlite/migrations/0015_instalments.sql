-- Instalments on one invoice ("vencimientos", payment terms 30/60/90): an
-- invoice may fall due in parts that add up exactly to its amount. What is
-- paid or credited settles the earliest part first; the aging, the
-- statements and the reminders follow each part. The invoice's due_date is
-- its last part's; instalments counts its parts (0: one due date).
CREATE TABLE invoice_instalments (
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL CHECK (n >= 1),
    due_date   TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (invoice_id, n)
);
ALTER TABLE invoices ADD COLUMN instalments INTEGER NOT NULL DEFAULT 0;

-- A client's payment terms in instalments, such as "30/60/90": new
-- invoices fall due in equal parts that many days after they are issued.
ALTER TABLE clients ADD COLUMN terms TEXT NOT NULL DEFAULT '';

-- Each instalment gets each reminder level once (0: the whole invoice).
CREATE TABLE send_invoices_new (
    send_id    INTEGER NOT NULL REFERENCES sends (id) ON DELETE CASCADE,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    instalment INTEGER NOT NULL DEFAULT 0,
    level_id   INTEGER NOT NULL REFERENCES reminder_levels (id),
    UNIQUE (invoice_id, instalment, level_id)
);
INSERT INTO send_invoices_new (send_id, invoice_id, instalment, level_id)
    SELECT send_id, invoice_id, 0, level_id FROM send_invoices;
DROP TABLE send_invoices;
ALTER TABLE send_invoices_new RENAME TO send_invoices;
CREATE INDEX send_invoices_send ON send_invoices (send_id);

-- The open-invoices index covers the count of instalments too, so the
-- aging still reads it alone.
DROP INDEX invoices_open;
CREATE INDEX invoices_open ON invoices (client_id, due_date, open_balance, issue_date, instalments) WHERE open_balance > 0;
