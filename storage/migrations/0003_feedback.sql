-- Citizen feedback cases (PAKN), their append-only history and attachments.
CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    category        TEXT NOT NULL,
    description     TEXT NOT NULL,
    state           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    citizen_id      TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'vi',
    created_at      TEXT NOT NULL,
    accept_due      TEXT NOT NULL,
    answer_due      TEXT NOT NULL,
    dossier_code    TEXT,
    latitude        REAL,
    longitude       REAL,
    phone           TEXT,
    citizen_name    TEXT,
    consent_version TEXT,
    consent_at      TEXT,
    assignee        TEXT,
    answer          TEXT,
    answered_at     TEXT,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_reason   TEXT,
    refuse_reason   TEXT,
    filed_by        TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX feedback_unit_state ON feedback (unit_id, state, answer_due);
CREATE INDEX feedback_citizen ON feedback (channel, citizen_id, created_at);

CREATE TABLE feedback_events (
    id           INTEGER PRIMARY KEY,
    feedback_id  INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    state        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_case ON feedback_events (feedback_id, id);

CREATE TABLE feedback_attachments (
    id           INTEGER PRIMARY KEY,
    feedback_id  INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    file_id      TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    mime_type    TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0
);

-- Citizens the bot knows by channel id: only whether staff blocked them (no personal data).
CREATE TABLE citizens (
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    blocked_at  TEXT,
    blocked_by  TEXT,
    PRIMARY KEY (channel, user_id)
);

-- A ward's one-stop desk contact, shown to citizens.
ALTER TABLE units ADD COLUMN desk_address TEXT;
ALTER TABLE units ADD COLUMN desk_hours TEXT;
ALTER TABLE units ADD COLUMN desk_hotline TEXT;
