-- Scheduled jobs: the record that an occurrence ran (catch-up, and "never twice").
-- occurrence is the job's own period key: a local date (2026-11-27) or an ISO week (2026-W48).
CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    occurrence  TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    queued      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (job, occurrence)
);
CREATE INDEX job_runs_recent ON job_runs (job, finished_at);

-- What a job already told someone about a subject at a stage (a dossier "due soon", "overdue",
-- "escalated"): each (job, subject, stage) once, whatever day it happens on.
CREATE TABLE job_notices (
    job         TEXT NOT NULL,
    subject     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    occurrence  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (job, subject, stage)
) WITHOUT ROWID;

-- Who receives the weekly digest of which unit (a ward, or a body above wards).
CREATE TABLE digest_subscriptions (
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (channel, user_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX digest_subscriptions_unit ON digest_subscriptions (unit_id);

-- The digest's one grouped scan: dossiers resolved since a moment, and those still open
-- (resolved_at IS NULL sorts first), per unit, without touching the table.
-- The same index finds each ward's open dossiers by due date for the reminders.
CREATE INDEX dossiers_unit_resolved
    ON dossiers (unit_id, resolved_at, due_at, received_at, channel);
