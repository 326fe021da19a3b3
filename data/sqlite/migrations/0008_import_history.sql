-- Every import that wrote something: the file, its hash, the counts, the
-- backup taken before it and a fingerprint of the data right after, so the
-- last import can be undone while nothing else has changed.
CREATE TABLE import_history (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    at          TEXT NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    backup      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_history_hash ON import_history (hash);
