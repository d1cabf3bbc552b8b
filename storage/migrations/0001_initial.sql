-- Units: wards and the bodies above them. Codes are reused after mergers, so a code is valid
-- for a period (valid_from/valid_to as ISO dates, NULL = open).
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'ward' CHECK (kind IN ('ward', 'province', 'other')),
    code        TEXT,
    valid_from  TEXT,
    valid_to    TEXT,
    parent_id   INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    created_at  TEXT NOT NULL
);

CREATE TABLE unit_aliases (
    unit_id  INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    PRIMARY KEY (unit_id, alias)
);

-- Staff: one row per (channel, user). Role decides what they may see.
CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL DEFAULT 'telegram',
    user_id     TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('officer', 'leader', 'supervisor', 'admin')),
    unit_id     INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    name        TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (channel, user_id),
    CHECK (role = 'admin' OR unit_id IS NOT NULL)
);

-- One-stop dossiers. Times are epoch seconds (UTC): compact, and range scans stay cheap.
CREATE TABLE dossiers (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    procedure       TEXT NOT NULL DEFAULT '',
    field           TEXT NOT NULL DEFAULT '',
    received_at     INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    resolved_at     INTEGER,
    channel         TEXT NOT NULL CHECK (channel IN ('online', 'direct', 'postal')),
    status          TEXT NOT NULL,
    apology_issued_at INTEGER,
    apology_reason  TEXT,
    apology_new_due_at INTEGER,
    updated_at      INTEGER NOT NULL,
    CHECK (due_at >= received_at)
);
-- Covering index for the ward report: one range scan answers every count.
CREATE INDEX dossiers_unit_received
    ON dossiers (unit_id, received_at, due_at, resolved_at, channel);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    unit_id       INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    title         TEXT NOT NULL,
    year          INTEGER NOT NULL,
    due_at        INTEGER,
    completed_at  INTEGER,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX tasks_unit_year ON tasks (unit_id, year);

-- Update ids already handled: Telegram redelivers after a crash (at-least-once).
CREATE TABLE processed_updates (
    channel      TEXT NOT NULL,
    update_id    TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (channel, update_id)
);

-- Append-only log of what staff did (and what the CLI did on their behalf).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    unit_id     INTEGER REFERENCES units(id) ON DELETE SET NULL,
    detail      TEXT NOT NULL DEFAULT '{}'
);
