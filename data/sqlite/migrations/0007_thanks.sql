-- Thank-you emails for invoices paid in full after a reminder: one per
-- invoice, written as "sending" before the server hears of it, like the
-- reminders' send log.
CREATE TABLE thanks (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoices (id),
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    day        TEXT NOT NULL,
    status     TEXT NOT NULL,
    message_id TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT ''
);
