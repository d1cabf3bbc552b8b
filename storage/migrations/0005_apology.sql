-- Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả) and the wording wards choose.

-- One letter per dossier: the UNIQUE dossier_id is the "reschedule only once" rule. The number
-- "seq/PXL" is counted per unit per calendar year (local). Times are epoch seconds (UTC) like
-- the dossiers they belong to. The document is kept as issued, with its SHA-256.
CREATE TABLE apology_letters (
    id              INTEGER PRIMARY KEY,
    dossier_id      INTEGER NOT NULL UNIQUE REFERENCES dossiers(id) ON DELETE RESTRICT,
    unit_id         INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq > 0),
    number          TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    issued_by       TEXT NOT NULL,
    reason          TEXT NOT NULL,
    new_due_at      INTEGER NOT NULL,
    signer_title    TEXT NOT NULL,
    signer_name     TEXT NOT NULL DEFAULT '',
    legal_basis     TEXT NOT NULL,
    document_name   TEXT NOT NULL,
    document        BLOB NOT NULL,
    document_sha256 TEXT NOT NULL,
    notified_at     INTEGER,
    UNIQUE (unit_id, year, seq)
);

-- The letter's wording per ward; the row with unit_id NULL is the deployment-wide default, and
-- with no row at all the built-in template (NĐ 118/2025) applies.
CREATE TABLE apology_templates (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER REFERENCES units(id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    legal_basis   TEXT NOT NULL,
    signer_title  TEXT NOT NULL DEFAULT '',
    signer_name   TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);
-- At most one template per unit and one default (NULL is distinct in a plain UNIQUE).
CREATE UNIQUE INDEX apology_templates_unit ON apology_templates (ifnull(unit_id, 0));

-- Citizens who named a dossier in their feedback are told about its apology.
CREATE INDEX feedback_dossier ON feedback (upper(dossier_code)) WHERE dossier_code IS NOT NULL;
