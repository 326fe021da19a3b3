-- Money on account (an advance, an overpayment, a credit note not applied)
-- paid back to the client. A refund reduces what is held on account and
-- never an invoice.
CREATE TABLE refunds (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    date      TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount > 0),
    currency  TEXT NOT NULL,
    method    TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    notes     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_client ON refunds (client_id, date);

-- The credit note a ledger names as the invoice it corrects.
ALTER TABLE credit_notes ADD COLUMN corrects TEXT NOT NULL DEFAULT '';
