-- Credits read from bank statements, waiting to be matched or confirmed as
-- payments. The bank's ID (or a hash) keeps a statement read twice from
-- adding anything twice.
CREATE TABLE bank_credits (
    id         INTEGER PRIMARY KEY,
    bank_id    TEXT NOT NULL UNIQUE,
    date       TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    currency   TEXT NOT NULL,
    reference  TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    file       TEXT NOT NULL DEFAULT '',
    payment_id INTEGER REFERENCES payments (id) ON DELETE SET NULL
);
