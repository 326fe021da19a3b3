-- Cartera company file, first schema. Dates are ISO 'YYYY-MM-DD' text,
-- instants RFC 3339 text, money integer minor units beside an ISO 4217 code.

CREATE TABLE company (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    name                 TEXT NOT NULL,
    tax_id               TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    country              TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    currency             TEXT NOT NULL,
    locale               TEXT NOT NULL,
    payment_terms_days   INTEGER NOT NULL DEFAULT 30,
    aging_buckets        TEXT NOT NULL DEFAULT '30,60,90',
    payment_instructions TEXT NOT NULL DEFAULT ''
);

CREATE TABLE clients (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    tax_id             TEXT NOT NULL DEFAULT '',
    emails             TEXT NOT NULL DEFAULT '', -- one per line
    phones             TEXT NOT NULL DEFAULT '', -- one per line
    address            TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT '',
    industry           TEXT NOT NULL DEFAULT '',
    segment            TEXT NOT NULL DEFAULT '',
    preferred_channel  TEXT NOT NULL DEFAULT 'email'
                       CHECK (preferred_channel IN ('email','call','whatsapp','letter','visit')),
    language           TEXT NOT NULL DEFAULT 'en',
    credit_limit       INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    payment_terms_days INTEGER NOT NULL DEFAULT 0,
    created            TEXT,
    notes              TEXT NOT NULL DEFAULT '',
    opt_out            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clients_name ON clients (name COLLATE NOCASE);

CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    issue_date   TEXT NOT NULL,
    due_date     TEXT NOT NULL CHECK (due_date >= issue_date),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    currency     TEXT NOT NULL,
    product      TEXT NOT NULL DEFAULT '',
    reference    TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    -- Cache of amount minus every allocation, kept by the triggers below in the
    -- same transaction as each change; the balance as of a date is derived.
    open_balance INTEGER NOT NULL CHECK (open_balance >= 0)
);
CREATE INDEX invoices_client ON invoices (client_id, issue_date);
CREATE INDEX invoices_issue ON invoices (issue_date);
CREATE INDEX invoices_due ON invoices (due_date);
CREATE INDEX invoices_open ON invoices (client_id, due_date, open_balance) WHERE open_balance > 0;

CREATE TABLE payments (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    date      TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount > 0),
    currency  TEXT NOT NULL,
    method    TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    notes     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_client ON payments (client_id, date);
CREATE INDEX payments_date ON payments (date);

CREATE TABLE credit_notes (
    id        INTEGER PRIMARY KEY,
    number    TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    date      TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount > 0),
    currency  TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX credit_notes_client ON credit_notes (client_id, date);

-- Part of a payment or of a credit note applied to one invoice.
CREATE TABLE allocations (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    payment_id     INTEGER REFERENCES payments (id) ON DELETE CASCADE,
    credit_note_id INTEGER REFERENCES credit_notes (id) ON DELETE CASCADE,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
);
CREATE INDEX allocations_invoice ON allocations (invoice_id);
CREATE INDEX allocations_payment ON allocations (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX allocations_credit_note ON allocations (credit_note_id) WHERE credit_note_id IS NOT NULL;

CREATE TRIGGER allocations_insert AFTER INSERT ON allocations BEGIN
    UPDATE invoices SET open_balance = open_balance - NEW.amount WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER allocations_delete AFTER DELETE ON allocations BEGIN
    UPDATE invoices SET open_balance = open_balance + OLD.amount WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER allocations_update AFTER UPDATE OF amount, invoice_id ON allocations BEGIN
    UPDATE invoices SET open_balance = open_balance + OLD.amount WHERE id = OLD.invoice_id;
    UPDATE invoices SET open_balance = open_balance - NEW.amount WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER invoices_amount AFTER UPDATE OF amount ON invoices BEGIN
    UPDATE invoices SET open_balance = open_balance + NEW.amount - OLD.amount WHERE id = NEW.id;
END;

-- Every dated amount taken off an invoice, for balances as of a date.
CREATE VIEW settlements AS
    SELECT a.invoice_id, p.date, a.amount, 'payment' AS kind, a.payment_id AS source_id
      FROM allocations a JOIN payments p ON p.id = a.payment_id
    UNION ALL
    SELECT a.invoice_id, n.date, a.amount, 'credit_note', a.credit_note_id
      FROM allocations a JOIN credit_notes n ON n.id = a.credit_note_id;

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    at         TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('email','call','whatsapp','letter','visit')),
    direction  TEXT NOT NULL DEFAULT 'out' CHECK (direction IN ('out','in')),
    outcome    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_client ON contacts (client_id, at);

CREATE TABLE promises (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    invoice_id    INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    made          TEXT NOT NULL,
    promised_date TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept','broken')),
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX promises_client ON promises (client_id, promised_date);
CREATE INDEX promises_open ON promises (promised_date) WHERE status = 'open';

CREATE TABLE disputes (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    opened     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    resolved   TEXT,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disputes_invoice ON disputes (invoice_id);
CREATE INDEX disputes_open ON disputes (invoice_id) WHERE resolved IS NULL;
