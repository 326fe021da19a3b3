-- Reminders: settings (SMTP, schedule; never the password), the reminder
-- levels, clients paused or with a refused address, and the send log that
-- keeps an invoice from receiving the same level twice.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reminder_levels (
    id           INTEGER PRIMARY KEY,
    offset_days  INTEGER NOT NULL UNIQUE, -- from the due date; negative: before it
    channel      TEXT NOT NULL DEFAULT 'email',   -- email, call, whatsapp, letter
    attach       TEXT NOT NULL DEFAULT '',        -- '', statement, letter
    letter_level INTEGER NOT NULL DEFAULT 0,      -- which letter, when attach = letter
    read_receipt INTEGER NOT NULL DEFAULT 0,
    subject_es   TEXT NOT NULL DEFAULT '',
    body_es      TEXT NOT NULL DEFAULT '',
    subject_en   TEXT NOT NULL DEFAULT '',
    body_en      TEXT NOT NULL DEFAULT ''
);

ALTER TABLE clients ADD COLUMN paused_until TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN email_refused TEXT NOT NULL DEFAULT ''; -- the address a server refused

CREATE TABLE sends (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    level_id   INTEGER NOT NULL REFERENCES reminder_levels (id),
    day        TEXT NOT NULL,               -- the run's day
    created    TEXT NOT NULL,               -- RFC 3339
    status     TEXT NOT NULL,               -- sending, sent, failed, refused, unsent
    message_id TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sends_client_day ON sends (client_id, day);
CREATE INDEX sends_status ON sends (status);

-- An invoice gets each level once: the row is written, committed, before
-- the message goes to the server, and stays unless the send failed.
CREATE TABLE send_invoices (
    send_id    INTEGER NOT NULL REFERENCES sends (id) ON DELETE CASCADE,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    level_id   INTEGER NOT NULL REFERENCES reminder_levels (id),
    UNIQUE (invoice_id, level_id)
);

CREATE TABLE send_recipients (
    send_id  INTEGER NOT NULL REFERENCES sends (id) ON DELETE CASCADE,
    address  TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    error    TEXT NOT NULL DEFAULT ''
);
