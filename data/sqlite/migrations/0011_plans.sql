-- Payment plans: a client's overdue invoices turned into instalments. Each
-- instalment is also a promise to pay (promise_id), so the worklist, the
-- alerts and the client's promises follow it like any other promise.
CREATE TABLE payment_plans (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    agreed    TEXT NOT NULL,
    total     INTEGER NOT NULL CHECK (total > 0),
    currency  TEXT NOT NULL,
    every     TEXT NOT NULL CHECK (every IN ('weekly','fortnightly','monthly')),
    status    TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','completed','broken','cancelled')),
    ended     TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payment_plans_client ON payment_plans (client_id, status);

CREATE TABLE plan_invoices (
    plan_id    INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, invoice_id)
);
CREATE INDEX plan_invoices_invoice ON plan_invoices (invoice_id);

CREATE TABLE plan_instalments (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,
    due        TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    promise_id INTEGER REFERENCES promises (id) ON DELETE SET NULL,
    UNIQUE (plan_id, n)
);

-- An instalment's reminder goes once: written, committed, before the
-- message goes to the server, and removed if it did not reach the client.
CREATE TABLE plan_sends (
    instalment_id INTEGER PRIMARY KEY REFERENCES plan_instalments (id) ON DELETE CASCADE,
    send_id       INTEGER NOT NULL REFERENCES sends (id) ON DELETE CASCADE
);

-- Credit exposure (the limit is on clients since 0001): orders taken but not invoiced yet, and what the
-- owner knows of the client's capacity to pay (score 0 = not assessed,
-- 1 = cannot pay … 5 = pays easily).
ALTER TABLE clients ADD COLUMN open_orders INTEGER NOT NULL DEFAULT 0 CHECK (open_orders >= 0);
ALTER TABLE clients ADD COLUMN capacity_score INTEGER NOT NULL DEFAULT 0 CHECK (capacity_score BETWEEN 0 AND 5);
ALTER TABLE clients ADD COLUMN capacity_note TEXT NOT NULL DEFAULT '';
