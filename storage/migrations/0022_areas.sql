-- The areas' aggregates (storage/dossier_days.py; read by storage/indicators.py `area()`).
--
-- An area's report (a city, a province: a unit and every unit under it) counts every field over
-- all its units, and each of its wards in total. Summing dossier_days over its units reads one
-- set of rows per unit and field; these tables hold the sums once, so that its report reads
-- about as many rows as one ward's:
--
-- * unit_areas: each unit's areas, the units above it (its parent, the parent's parent, ...);
--   the tree the two tables below are summed along.
-- * area_fields: per area, grain, day and field, dossier_days summed over the units under it
--   (not the area's own dossiers: its own dossier_days rows hold those).
-- * area_totals: per unit, grain and day, dossier_days summed over every field of the unit and
--   of every unit under it (a ward's own total; an area's whole total).
--
-- Triggers on dossier_days carry every change of its rows into both (so every writer of the
-- daily aggregates keeps them, the per-dossier triggers included); the import's bulk delta and
-- `cchc-bot aggregates rebuild` drop those triggers and write the sums in bulk
-- (storage/dossier_days.py); a unit moved to another parent rebuilds both from dossier_days
-- (a ward list imported: once, at its end, storage/dossier_days.py `units_rewritten`).
CREATE TABLE unit_areas (
    unit_id  INTEGER NOT NULL,
    area_id  INTEGER NOT NULL,  -- a unit above unit_id
    PRIMARY KEY (unit_id, area_id)
) WITHOUT ROWID;
CREATE INDEX unit_areas_by_area ON unit_areas (area_id, unit_id);

CREATE TABLE area_fields (
    unit_id             INTEGER NOT NULL,  -- the area
    grain               INTEGER NOT NULL,
    day                 INTEGER NOT NULL,
    field               TEXT NOT NULL,
    received            INTEGER NOT NULL DEFAULT 0,
    online              INTEGER NOT NULL DEFAULT 0,
    postal              INTEGER NOT NULL DEFAULT 0,
    online_full         INTEGER NOT NULL DEFAULT 0,
    online_partial      INTEGER NOT NULL DEFAULT 0,
    refused             INTEGER NOT NULL DEFAULT 0,
    paused_supplement   INTEGER NOT NULL DEFAULT 0,
    paused_financial    INTEGER NOT NULL DEFAULT 0,
    ended               INTEGER NOT NULL DEFAULT 0,
    early               INTEGER NOT NULL DEFAULT 0,
    on_day              INTEGER NOT NULL DEFAULT 0,
    late                INTEGER NOT NULL DEFAULT 0,
    supplement          INTEGER NOT NULL DEFAULT 0,
    financial           INTEGER NOT NULL DEFAULT 0,
    withdrawn           INTEGER NOT NULL DEFAULT 0,
    stopped             INTEGER NOT NULL DEFAULT 0,
    ended_on_time       INTEGER NOT NULL DEFAULT 0,
    ended_overdue       INTEGER NOT NULL DEFAULT 0,
    due_open            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, grain, day, field)
) WITHOUT ROWID;

CREATE TABLE area_totals (
    unit_id             INTEGER NOT NULL,  -- the unit, with every unit under it
    grain               INTEGER NOT NULL,
    day                 INTEGER NOT NULL,
    received            INTEGER NOT NULL DEFAULT 0,
    online              INTEGER NOT NULL DEFAULT 0,
    postal              INTEGER NOT NULL DEFAULT 0,
    online_full         INTEGER NOT NULL DEFAULT 0,
    online_partial      INTEGER NOT NULL DEFAULT 0,
    refused             INTEGER NOT NULL DEFAULT 0,
    paused_supplement   INTEGER NOT NULL DEFAULT 0,
    paused_financial    INTEGER NOT NULL DEFAULT 0,
    ended               INTEGER NOT NULL DEFAULT 0,
    early               INTEGER NOT NULL DEFAULT 0,
    on_day              INTEGER NOT NULL DEFAULT 0,
    late                INTEGER NOT NULL DEFAULT 0,
    supplement          INTEGER NOT NULL DEFAULT 0,
    financial           INTEGER NOT NULL DEFAULT 0,
    withdrawn           INTEGER NOT NULL DEFAULT 0,
    stopped             INTEGER NOT NULL DEFAULT 0,
    ended_on_time       INTEGER NOT NULL DEFAULT 0,
    ended_overdue       INTEGER NOT NULL DEFAULT 0,
    due_open            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, grain, day)
) WITHOUT ROWID;

-- Every unit's areas as the units' parents give them: its parent, then each area's parent (a
-- cycle stops where it closes); what a ward list imported works the tree out from again.
CREATE VIEW unit_area_tree AS
WITH RECURSIVE up (unit_id, area_id) AS (
    SELECT id, parent_id FROM units WHERE parent_id IS NOT NULL AND parent_id != id
    UNION
    SELECT up.unit_id, u.parent_id
      FROM up JOIN units AS u ON u.id = up.area_id
     WHERE u.parent_id IS NOT NULL AND u.parent_id != up.unit_id
)
SELECT unit_id, area_id FROM up;
INSERT INTO unit_areas (unit_id, area_id) SELECT unit_id, area_id FROM unit_area_tree;

-- What the two tables hold, summed from dossier_days along unit_areas: the one definition the
-- migration, a unit's move and a rebuild fill them from (area_totals from area_fields: each
-- unit's own rows and those of the units under it, every field together).
CREATE VIEW area_field_sums AS
SELECT a.area_id AS unit_id, d.grain, d.day, d.field, sum(received) AS received, sum(online) AS
    online, sum(postal) AS postal, sum(online_full) AS online_full, sum(online_partial) AS
    online_partial, sum(refused) AS refused, sum(paused_supplement) AS paused_supplement,
    sum(paused_financial) AS paused_financial, sum(ended) AS ended, sum(early) AS early,
    sum(on_day) AS on_day, sum(late) AS late, sum(supplement) AS supplement, sum(financial) AS
    financial, sum(withdrawn) AS withdrawn, sum(stopped) AS stopped, sum(ended_on_time) AS
    ended_on_time, sum(ended_overdue) AS ended_overdue, sum(due_open) AS due_open
  FROM dossier_days AS d JOIN unit_areas AS a ON a.unit_id = d.unit_id
 GROUP BY a.area_id, d.grain, d.day, d.field;
CREATE VIEW area_total_sums AS
SELECT t.unit_id, t.grain, t.day, sum(received) AS received, sum(online) AS online, sum(postal) AS
    postal, sum(online_full) AS online_full, sum(online_partial) AS online_partial, sum(refused) AS
    refused, sum(paused_supplement) AS paused_supplement, sum(paused_financial) AS
    paused_financial, sum(ended) AS ended, sum(early) AS early, sum(on_day) AS on_day, sum(late) AS
    late, sum(supplement) AS supplement, sum(financial) AS financial, sum(withdrawn) AS withdrawn,
    sum(stopped) AS stopped, sum(ended_on_time) AS ended_on_time, sum(ended_overdue) AS
    ended_overdue, sum(due_open) AS due_open
  FROM (SELECT d.unit_id, d.grain, d.day, d.received, d.online, d.postal, d.online_full,
      d.online_partial, d.refused, d.paused_supplement, d.paused_financial, d.ended, d.early,
      d.on_day, d.late, d.supplement, d.financial, d.withdrawn, d.stopped, d.ended_on_time,
      d.ended_overdue, d.due_open
          FROM dossier_days AS d
        UNION ALL
        SELECT f.unit_id, f.grain, f.day, f.received, f.online, f.postal, f.online_full,
            f.online_partial, f.refused, f.paused_supplement, f.paused_financial, f.ended, f.early,
            f.on_day, f.late, f.supplement, f.financial, f.withdrawn, f.stopped, f.ended_on_time,
            f.ended_overdue, f.due_open
          FROM area_fields AS f) AS t
 GROUP BY t.unit_id, t.grain, t.day;

-- The sums of the aggregates there are.
DELETE FROM area_fields;
DELETE FROM area_totals;
INSERT INTO area_fields SELECT * FROM area_field_sums;
INSERT INTO area_totals SELECT * FROM area_total_sums;

-- A row of dossier_days added, changed or taken out: the same in its areas' rows.
CREATE TRIGGER area_days_insert AFTER INSERT ON dossier_days BEGIN
    INSERT INTO area_fields (unit_id, grain, day, field, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT a.area_id, NEW.grain, NEW.day, NEW.field,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day, field) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_totals (unit_id, grain, day, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT NEW.unit_id, NEW.grain, NEW.day,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
    UNION ALL
    SELECT a.area_id, NEW.grain, NEW.day,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
END;
-- (the upserts of the daily aggregates change counts only: their difference, at the row's key)
CREATE TRIGGER area_days_update AFTER UPDATE ON dossier_days
WHEN NEW.unit_id = OLD.unit_id AND NEW.grain = OLD.grain AND NEW.day = OLD.day
     AND NEW.field = OLD.field BEGIN
    INSERT INTO area_fields (unit_id, grain, day, field, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT a.area_id, NEW.grain, NEW.day, NEW.field,
           NEW.received - OLD.received, NEW.online - OLD.online, NEW.postal - OLD.postal,
               NEW.online_full - OLD.online_full, NEW.online_partial - OLD.online_partial,
               NEW.refused - OLD.refused, NEW.paused_supplement - OLD.paused_supplement,
               NEW.paused_financial - OLD.paused_financial, NEW.ended - OLD.ended, NEW.early -
               OLD.early, NEW.on_day - OLD.on_day, NEW.late - OLD.late, NEW.supplement -
               OLD.supplement, NEW.financial - OLD.financial, NEW.withdrawn - OLD.withdrawn,
               NEW.stopped - OLD.stopped, NEW.ended_on_time - OLD.ended_on_time,
               NEW.ended_overdue - OLD.ended_overdue, NEW.due_open - OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day, field) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_totals (unit_id, grain, day, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT NEW.unit_id, NEW.grain, NEW.day,
           NEW.received - OLD.received, NEW.online - OLD.online, NEW.postal - OLD.postal,
               NEW.online_full - OLD.online_full, NEW.online_partial - OLD.online_partial,
               NEW.refused - OLD.refused, NEW.paused_supplement - OLD.paused_supplement,
               NEW.paused_financial - OLD.paused_financial, NEW.ended - OLD.ended, NEW.early -
               OLD.early, NEW.on_day - OLD.on_day, NEW.late - OLD.late, NEW.supplement -
               OLD.supplement, NEW.financial - OLD.financial, NEW.withdrawn - OLD.withdrawn,
               NEW.stopped - OLD.stopped, NEW.ended_on_time - OLD.ended_on_time,
               NEW.ended_overdue - OLD.ended_overdue, NEW.due_open - OLD.due_open
    UNION ALL
    SELECT a.area_id, NEW.grain, NEW.day,
           NEW.received - OLD.received, NEW.online - OLD.online, NEW.postal - OLD.postal,
               NEW.online_full - OLD.online_full, NEW.online_partial - OLD.online_partial,
               NEW.refused - OLD.refused, NEW.paused_supplement - OLD.paused_supplement,
               NEW.paused_financial - OLD.paused_financial, NEW.ended - OLD.ended, NEW.early -
               OLD.early, NEW.on_day - OLD.on_day, NEW.late - OLD.late, NEW.supplement -
               OLD.supplement, NEW.financial - OLD.financial, NEW.withdrawn - OLD.withdrawn,
               NEW.stopped - OLD.stopped, NEW.ended_on_time - OLD.ended_on_time,
               NEW.ended_overdue - OLD.ended_overdue, NEW.due_open - OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
END;
CREATE TRIGGER area_days_rekey AFTER UPDATE ON dossier_days
WHEN NOT (NEW.unit_id = OLD.unit_id AND NEW.grain = OLD.grain AND NEW.day = OLD.day
          AND NEW.field = OLD.field) BEGIN
    INSERT INTO area_fields (unit_id, grain, day, field, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT a.area_id, OLD.grain, OLD.day, OLD.field,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = OLD.unit_id
    ON CONFLICT (unit_id, grain, day, field) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_totals (unit_id, grain, day, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT OLD.unit_id, OLD.grain, OLD.day,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
    UNION ALL
    SELECT a.area_id, OLD.grain, OLD.day,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = OLD.unit_id
    ON CONFLICT (unit_id, grain, day) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_fields (unit_id, grain, day, field, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT a.area_id, NEW.grain, NEW.day, NEW.field,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day, field) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_totals (unit_id, grain, day, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT NEW.unit_id, NEW.grain, NEW.day,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
    UNION ALL
    SELECT a.area_id, NEW.grain, NEW.day,
           NEW.received, NEW.online, NEW.postal, NEW.online_full, NEW.online_partial,
               NEW.refused, NEW.paused_supplement, NEW.paused_financial, NEW.ended, NEW.early,
               NEW.on_day, NEW.late, NEW.supplement, NEW.financial, NEW.withdrawn, NEW.stopped,
               NEW.ended_on_time, NEW.ended_overdue, NEW.due_open
      FROM unit_areas AS a WHERE a.unit_id = NEW.unit_id
    ON CONFLICT (unit_id, grain, day) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
END;
CREATE TRIGGER area_days_delete AFTER DELETE ON dossier_days BEGIN
    INSERT INTO area_fields (unit_id, grain, day, field, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT a.area_id, OLD.grain, OLD.day, OLD.field,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = OLD.unit_id
    ON CONFLICT (unit_id, grain, day, field) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
    INSERT INTO area_totals (unit_id, grain, day, received, online, postal, online_full,
        online_partial, refused, paused_supplement, paused_financial, ended, early, on_day, late,
        supplement, financial, withdrawn, stopped, ended_on_time, ended_overdue, due_open)
    SELECT OLD.unit_id, OLD.grain, OLD.day,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
    UNION ALL
    SELECT a.area_id, OLD.grain, OLD.day,
           -OLD.received, -OLD.online, -OLD.postal, -OLD.online_full, -OLD.online_partial,
               -OLD.refused, -OLD.paused_supplement, -OLD.paused_financial, -OLD.ended,
               -OLD.early, -OLD.on_day, -OLD.late, -OLD.supplement, -OLD.financial,
               -OLD.withdrawn, -OLD.stopped, -OLD.ended_on_time, -OLD.ended_overdue,
               -OLD.due_open
      FROM unit_areas AS a WHERE a.unit_id = OLD.unit_id
    ON CONFLICT (unit_id, grain, day) DO UPDATE SET
        received = received + excluded.received,
        online = online + excluded.online,
        postal = postal + excluded.postal,
        online_full = online_full + excluded.online_full,
        online_partial = online_partial + excluded.online_partial,
        refused = refused + excluded.refused,
        paused_supplement = paused_supplement + excluded.paused_supplement,
        paused_financial = paused_financial + excluded.paused_financial,
        ended = ended + excluded.ended,
        early = early + excluded.early,
        on_day = on_day + excluded.on_day,
        late = late + excluded.late,
        supplement = supplement + excluded.supplement,
        financial = financial + excluded.financial,
        withdrawn = withdrawn + excluded.withdrawn,
        stopped = stopped + excluded.stopped,
        ended_on_time = ended_on_time + excluded.ended_on_time,
        ended_overdue = ended_overdue + excluded.ended_overdue,
        due_open = due_open + excluded.due_open;
END;

-- A new unit under an area: its areas are its parent and the parent's (it has no dossiers yet).
CREATE TRIGGER unit_areas_insert AFTER INSERT ON units WHEN NEW.parent_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO unit_areas (unit_id, area_id)
    SELECT NEW.id, NEW.parent_id WHERE NEW.parent_id != NEW.id
    UNION
    SELECT NEW.id, a.area_id FROM unit_areas AS a
     WHERE a.unit_id = NEW.parent_id AND a.area_id != NEW.id;
END;
-- A unit moved: it and the units under it leave its old areas and join the new parent's, and
-- the sums are rebuilt from dossier_days (a rare change: a ward list imported anew).
CREATE TRIGGER unit_areas_move AFTER UPDATE OF parent_id ON units
WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
    DELETE FROM unit_areas
     WHERE unit_id IN (SELECT unit_id FROM unit_areas WHERE area_id = NEW.id UNION SELECT NEW.id)
       AND area_id IN (SELECT area_id FROM unit_areas WHERE unit_id = NEW.id);
    INSERT OR IGNORE INTO unit_areas (unit_id, area_id)
    SELECT s.unit_id, a.area_id
      FROM (SELECT unit_id FROM unit_areas WHERE area_id = NEW.id UNION SELECT NEW.id) AS s,
           (SELECT NEW.parent_id AS area_id WHERE NEW.parent_id IS NOT NULL
            UNION SELECT area_id FROM unit_areas WHERE unit_id = NEW.parent_id) AS a
     WHERE s.unit_id != a.area_id;
    DELETE FROM area_fields;
    DELETE FROM area_totals;
    INSERT INTO area_fields SELECT * FROM area_field_sums;
    INSERT INTO area_totals SELECT * FROM area_total_sums;
END;
CREATE TRIGGER unit_areas_delete AFTER DELETE ON units BEGIN
    DELETE FROM unit_areas WHERE unit_id = OLD.id OR area_id = OLD.id;
END;

-- An area's report reads each of its units' tasks of a year, done by a moment: from the index
-- alone (the one it replaces is its prefix).
CREATE INDEX tasks_unit_year_done ON tasks (unit_id, year, completed_at);
DROP INDEX tasks_unit_year;
