-- Corrections with a trail. An invoice entered by mistake is voided: it
-- keeps its row, shown as void, but leaves every figure (its open balance
-- is zero and nothing is applied to it). A payment or credit note is
-- reversed: its allocations go, the invoices reopen, and a reversal dated
-- the day it was reversed takes it off the client's money on account.
ALTER TABLE invoices ADD COLUMN voided TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN reversed TEXT NOT NULL DEFAULT '';
ALTER TABLE credit_notes ADD COLUMN reversed TEXT NOT NULL DEFAULT '';
-- A refund pays money on account back; a reversal takes back a payment or
-- credit note that should not have been recorded.
ALTER TABLE refunds ADD COLUMN kind TEXT NOT NULL DEFAULT 'refund' CHECK (kind IN ('refund', 'reversal'));
ALTER TABLE refunds ADD COLUMN payment_id INTEGER REFERENCES payments (id);
ALTER TABLE refunds ADD COLUMN credit_note_id INTEGER REFERENCES credit_notes (id);

-- Who changed what, when: every correction and every entry made by hand.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,              -- RFC 3339
    user      TEXT NOT NULL DEFAULT '',   -- the operating system's user
    client_id INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    action    TEXT NOT NULL,              -- payment.add, invoice.void, payment.reverse…
    subject   TEXT NOT NULL DEFAULT '',   -- "invoice F-2024-001", "payment #12"
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT '',
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_client ON audit_log (client_id, id);
