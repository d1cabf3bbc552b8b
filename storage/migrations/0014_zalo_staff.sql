-- Officials on Zalo: the phone an official agreed to record, for the ward's ZBS template when
-- they have not written to the OA for more than 48 h (alerts are never dropped; without a phone
-- they wait and the admins are told).
ALTER TABLE staff ADD COLUMN phone TEXT;
-- One person on several channels (a second channel linked by an invitation): the id of the
-- person's first entry (NULL: the entry is its own person), and whether alerts go to this one.
ALTER TABLE staff ADD COLUMN person_id INTEGER REFERENCES staff(id) ON DELETE SET NULL;
ALTER TABLE staff ADD COLUMN alerts INTEGER NOT NULL DEFAULT 1;

-- One-time staff invitations (`cchc-bot staff invite`): only the code's hash is kept. A code is
-- used once: the channel and key of who used it are recorded. Times are aware ISO-8601 UTC.
CREATE TABLE staff_invites (
    code_hash   TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('officer', 'leader', 'supervisor', 'admin')),
    unit_id     INTEGER REFERENCES units(id) ON DELETE CASCADE,
    name        TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_by     TEXT,                       -- "<channel>:<key>"
    link_to     TEXT,                       -- the staff key of the person to link a channel to
    CHECK (role = 'admin' OR unit_id IS NOT NULL)
);
