-- Marking an update handled is one statement, so one round trip to the database: setting
-- handled_at moves the row out of the inbox and into the ledger, in the statement's own
-- transaction (a trigger's work is part of the statement that fired it).
ALTER TABLE inbox ADD COLUMN handled_at TEXT;

CREATE TRIGGER inbox_handled AFTER UPDATE OF handled_at ON inbox
WHEN new.handled_at IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO processed_updates (channel, update_id, processed_at)
    VALUES (new.bot, new.update_id, new.handled_at);
    DELETE FROM inbox WHERE id = new.id;
END;
