-- Change counters of the data the bot keeps in memory (storage/changes.py): the units (with
-- their aliases and lineage) and the staff. Every insert, update or delete of their tables adds
-- one, whichever process writes (the bot, or a `cchc-bot` command), in the writing statement's
-- own transaction; so a copy is read again exactly when what it copies has changed, and a
-- change made from the command line is seen at the bot's next question, not a minute later.
CREATE TABLE changes (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO changes (name) VALUES ('units'), ('staff');

CREATE TRIGGER units_changed_insert AFTER INSERT ON units
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER units_changed_update AFTER UPDATE ON units
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER units_changed_delete AFTER DELETE ON units
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;

CREATE TRIGGER unit_aliases_changed_insert AFTER INSERT ON unit_aliases
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER unit_aliases_changed_update AFTER UPDATE ON unit_aliases
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER unit_aliases_changed_delete AFTER DELETE ON unit_aliases
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;

CREATE TRIGGER unit_successions_changed_insert AFTER INSERT ON unit_successions
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER unit_successions_changed_update AFTER UPDATE ON unit_successions
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;
CREATE TRIGGER unit_successions_changed_delete AFTER DELETE ON unit_successions
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'units'; END;

CREATE TRIGGER staff_changed_insert AFTER INSERT ON staff
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'staff'; END;
CREATE TRIGGER staff_changed_update AFTER UPDATE ON staff
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'staff'; END;
CREATE TRIGGER staff_changed_delete AFTER DELETE ON staff
BEGIN UPDATE changes SET version = version + 1 WHERE name = 'staff'; END;
