-- The figures' daily aggregates (storage/dossier_days.py; the rules: bot/domain/indicators.py).
--
-- A report counts, per unit and field, the dossiers of a window [a, b] (local days): those
-- received by b that had not ended before a, each in its class at b's end. Every one of those
-- counts is a sum of prefix counts over three days of a dossier: R, its receipt day; N, its end
-- day (5-10 with an end time); K, its due key, the last day at whose end it is still within its
-- due moment (the day before the local day of due_at + 1 second). For example the carried-over
-- dossiers are (received before a) - (ended before a), those in progress past due at b's end
-- are (open with K before b) - (ended by b after their K): see storage/indicators.py.
--
-- dossier_days holds, per unit, field and local day, how many dossiers have R, N or K on that
-- day, counted by what the figures need (channel, status class, on time), at three grains:
-- days (grain 0), months (1, keyed by the month's first day) and years (2, by the year's first
-- day), so that a prefix up to any day sums at most (years + 11 months + 30 days) rows per
-- field, whatever the number of dossiers. Days are local days at dossier_days_meta.utc_offset
-- (days since 1970-01-01); storage/indicators.py reads the aggregates only for windows that
-- start at a local midnight of that offset, and counts by the full scan otherwise.
--
-- A dossier whose end time is before its receipt (the import refuses those; another writer
-- may not) is left out here and counted by the full scan, through its own partial index.
--
-- Triggers keep the aggregates exact under every write (insert, update of any column the
-- figures read, delete); the import replaces the per-row triggers by one bulk delta for the
-- rows it merges (storage/dossiers.py), and `cchc-bot stats --rebuild` recomputes everything.
CREATE TABLE dossier_days_meta (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    utc_offset  INTEGER NOT NULL  -- seconds east of UTC of the local days below
);
INSERT INTO dossier_days_meta (id, utc_offset) VALUES (1, 25200);  -- Asia/Ho_Chi_Minh

CREATE TABLE dossier_days (
    unit_id             INTEGER NOT NULL,
    grain               INTEGER NOT NULL CHECK (grain IN (0, 1, 2)),
    day                 INTEGER NOT NULL,  -- the first local day of the bucket
    field               TEXT NOT NULL,
    received            INTEGER NOT NULL DEFAULT 0,  -- R: received (every status but 1 and 3)
    online              INTEGER NOT NULL DEFAULT 0,  -- R: of those, filed online (KenhThucHien 2)
    postal              INTEGER NOT NULL DEFAULT 0,  -- R: filed by post (3)
    online_full         INTEGER NOT NULL DEFAULT 0,  -- R: online, toàn trình service (MucDo 4)
    online_partial      INTEGER NOT NULL DEFAULT 0,  -- R: online, một phần service (MucDo 3)
    refused             INTEGER NOT NULL DEFAULT 0,  -- R: refused at the desk (3)
    paused_supplement   INTEGER NOT NULL DEFAULT 0,  -- R: waiting for a supplement (5), no end time
    paused_financial    INTEGER NOT NULL DEFAULT 0,  -- R: waiting on a tax or fee (6), no end time
    ended               INTEGER NOT NULL DEFAULT 0,  -- N: processing ended (5-10 with an end time)
    early               INTEGER NOT NULL DEFAULT 0,  -- N: resolved (9, 10) before the due day
    on_day              INTEGER NOT NULL DEFAULT 0,  -- N: resolved on the due day, in time
    late                INTEGER NOT NULL DEFAULT 0,  -- N: resolved after the due moment
    supplement          INTEGER NOT NULL DEFAULT 0,  -- N: ended waiting for a supplement (5)
    financial           INTEGER NOT NULL DEFAULT 0,  -- N: ended waiting on a tax or fee (6)
    withdrawn           INTEGER NOT NULL DEFAULT 0,  -- N: withdrawn by the citizen (7)
    stopped             INTEGER NOT NULL DEFAULT 0,  -- N: stopped (8)
    ended_on_time       INTEGER NOT NULL DEFAULT 0,  -- N: ended by the due moment
    ended_overdue       INTEGER NOT NULL DEFAULT 0,  -- N: ended after its due key's day
    due_open            INTEGER NOT NULL DEFAULT 0,  -- K: open, or ending after K
    PRIMARY KEY (unit_id, grain, day, field)
) WITHOUT ROWID;

-- Each dossier's local days: R (receipt), N (end), K (due key), and whether it ended on its due
-- day (as the full scan compares days: storage/indicators.py _SAME_DAY).
CREATE VIEW dossier_local_days AS
SELECT d.id, d.unit_id, d.field, d.status, d.channel, d.level,
       d.received_at, d.due_at, d.ended_at,
       (d.received_at + m.utc_offset) / 86400 - ((d.received_at + m.utc_offset) % 86400 < 0) AS r_day,
       (d.ended_at + m.utc_offset) / 86400 - ((d.ended_at + m.utc_offset) % 86400 < 0) AS n_day,
       (d.due_at + 1 + m.utc_offset) / 86400 - ((d.due_at + 1 + m.utc_offset) % 86400 < 0) - 1 AS k_day,
       (d.ended_at + m.utc_offset) / 86400 = (d.due_at + m.utc_offset) / 86400 AS same_day
  FROM dossiers AS d, dossier_days_meta AS m;

-- Each dossier's contributions, one row per day it counts on (R, N, K); the one definition the
-- triggers, the import's delta and the rebuild share.
CREATE VIEW dossier_day_events AS
-- R: the receipt day
SELECT d.id, d.unit_id, d.field, d.r_day AS day,
       d.status != 'rejected' AS received,
       d.status != 'rejected' AND d.channel = 'online' AS online,
       d.status != 'rejected' AND d.channel = 'postal' AS postal,
       d.status != 'rejected' AND d.channel = 'online' AND d.level IS 'full' AS online_full,
       d.status != 'rejected' AND d.channel = 'online' AND d.level IS 'partial' AS online_partial,
       d.status = 'rejected' AS refused,
       d.ended_at IS NULL AND d.status = 'supplement' AS paused_supplement,
       d.ended_at IS NULL AND d.status = 'financial' AS paused_financial,
       0 AS ended,
       0 AS early,
       0 AS on_day,
       0 AS late,
       0 AS supplement,
       0 AS financial,
       0 AS withdrawn,
       0 AS stopped,
       0 AS ended_on_time,
       0 AS ended_overdue,
       0 AS due_open
  FROM dossier_local_days AS d
 WHERE d.status != 'registered' AND (d.ended_at IS NULL OR d.ended_at >= d.received_at)
UNION ALL
-- N: the end day
SELECT d.id, d.unit_id, d.field, d.n_day AS day,
       0 AS received,
       0 AS online,
       0 AS postal,
       0 AS online_full,
       0 AS online_partial,
       0 AS refused,
       0 AS paused_supplement,
       0 AS paused_financial,
       1 AS ended,
       d.status IN ('done', 'returned') AND d.ended_at <= d.due_at
           AND NOT d.same_day AS early,
       d.status IN ('done', 'returned') AND d.ended_at <= d.due_at
           AND d.same_day AS on_day,
       d.status IN ('done', 'returned') AND d.ended_at > d.due_at AS late,
       d.status = 'supplement' AS supplement,
       d.status = 'financial' AS financial,
       d.status = 'withdrawn' AS withdrawn,
       d.status = 'stopped' AS stopped,
       d.ended_at <= d.due_at AS ended_on_time,
       d.n_day > d.k_day AS ended_overdue,
       0 AS due_open
  FROM dossier_local_days AS d
 WHERE d.ended_at >= d.received_at
UNION ALL
-- K: the due key
SELECT d.id, d.unit_id, d.field, d.k_day AS day,
       0 AS received,
       0 AS online,
       0 AS postal,
       0 AS online_full,
       0 AS online_partial,
       0 AS refused,
       0 AS paused_supplement,
       0 AS paused_financial,
       0 AS ended,
       0 AS early,
       0 AS on_day,
       0 AS late,
       0 AS supplement,
       0 AS financial,
       0 AS withdrawn,
       0 AS stopped,
       0 AS ended_on_time,
       0 AS ended_overdue,
       1 AS due_open
  FROM dossier_local_days AS d
 WHERE d.status NOT IN ('registered', 'rejected')
   AND ((d.ended_at IS NULL AND d.status NOT IN ('supplement', 'financial'))
        OR (d.ended_at >= d.received_at AND d.n_day > d.k_day));

-- The same with each day's month and year (their first days).
CREATE VIEW dossier_day_buckets AS
SELECT e.*,
       CAST(julianday(e.day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER) AS month,
       CAST(julianday(e.day * 86400, 'unixepoch', 'start of year') - 2440587.5 AS INTEGER) AS year
  FROM dossier_day_events AS e;

-- The triggers: a dossier's old contributions out (BEFORE, the row still as it was), its new ones
-- in (AFTER), at every grain.
CREATE TRIGGER dossier_days_insert AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_days (unit_id, grain, day, field,
        received, online, postal, online_full, online_partial, refused, paused_supplement,
        paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
        ended_on_time, ended_overdue, due_open)
    SELECT e.unit_id, g.grain,
           CASE g.grain WHEN 0 THEN e.day WHEN 1 THEN e.month ELSE e.year END,
           e.field, e.received, e.online, e.postal, e.online_full, e.online_partial, e.refused,
           e.paused_supplement, e.paused_financial, e.ended, e.early, e.on_day, e.late,
           e.supplement, e.financial, e.withdrawn, e.stopped, e.ended_on_time,
           e.ended_overdue, e.due_open
      FROM dossier_day_buckets AS e CROSS JOIN
           (SELECT 0 AS grain UNION ALL SELECT 1 UNION ALL SELECT 2) AS g
     WHERE e.id = NEW.id
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
END;
CREATE TRIGGER dossier_days_delete BEFORE DELETE ON dossiers BEGIN
    INSERT INTO dossier_days (unit_id, grain, day, field,
        received, online, postal, online_full, online_partial, refused, paused_supplement,
        paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
        ended_on_time, ended_overdue, due_open)
    SELECT e.unit_id, g.grain,
           CASE g.grain WHEN 0 THEN e.day WHEN 1 THEN e.month ELSE e.year END,
           e.field, -e.received, -e.online, -e.postal, -e.online_full, -e.online_partial,
           -e.refused, -e.paused_supplement, -e.paused_financial, -e.ended, -e.early,
           -e.on_day, -e.late, -e.supplement, -e.financial, -e.withdrawn, -e.stopped,
           -e.ended_on_time, -e.ended_overdue, -e.due_open
      FROM dossier_day_buckets AS e CROSS JOIN
           (SELECT 0 AS grain UNION ALL SELECT 1 UNION ALL SELECT 2) AS g
     WHERE e.id = OLD.id
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
END;
CREATE TRIGGER dossier_days_update_old
BEFORE UPDATE OF id, unit_id, field, received_at, due_at, ended_at, status, channel, level
ON dossiers BEGIN
    INSERT INTO dossier_days (unit_id, grain, day, field,
        received, online, postal, online_full, online_partial, refused, paused_supplement,
        paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
        ended_on_time, ended_overdue, due_open)
    SELECT e.unit_id, g.grain,
           CASE g.grain WHEN 0 THEN e.day WHEN 1 THEN e.month ELSE e.year END,
           e.field, -e.received, -e.online, -e.postal, -e.online_full, -e.online_partial,
           -e.refused, -e.paused_supplement, -e.paused_financial, -e.ended, -e.early,
           -e.on_day, -e.late, -e.supplement, -e.financial, -e.withdrawn, -e.stopped,
           -e.ended_on_time, -e.ended_overdue, -e.due_open
      FROM dossier_day_buckets AS e CROSS JOIN
           (SELECT 0 AS grain UNION ALL SELECT 1 UNION ALL SELECT 2) AS g
     WHERE e.id = OLD.id
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
END;
CREATE TRIGGER dossier_days_update_new
AFTER UPDATE OF id, unit_id, field, received_at, due_at, ended_at, status, channel, level
ON dossiers BEGIN
    INSERT INTO dossier_days (unit_id, grain, day, field,
        received, online, postal, online_full, online_partial, refused, paused_supplement,
        paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
        ended_on_time, ended_overdue, due_open)
    SELECT e.unit_id, g.grain,
           CASE g.grain WHEN 0 THEN e.day WHEN 1 THEN e.month ELSE e.year END,
           e.field, e.received, e.online, e.postal, e.online_full, e.online_partial, e.refused,
           e.paused_supplement, e.paused_financial, e.ended, e.early, e.on_day, e.late,
           e.supplement, e.financial, e.withdrawn, e.stopped, e.ended_on_time,
           e.ended_overdue, e.due_open
      FROM dossier_day_buckets AS e CROSS JOIN
           (SELECT 0 AS grain UNION ALL SELECT 1 UNION ALL SELECT 2) AS g
     WHERE e.id = NEW.id
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
END;

-- The full scan's share of the work for a window not over yet (measured now, within its last
-- day): the open dossiers due on that day, by due time; and the dossiers that end before their
-- receipt. Both partial indexes hold few rows.
CREATE INDEX dossiers_unit_open_due ON dossiers (unit_id, due_at) WHERE ended_at IS NULL;
CREATE INDEX dossiers_unit_backwards
    ON dossiers (unit_id, received_at, ended_at, due_at, status, channel, level, field)
    WHERE ended_at < received_at;

-- The existing dossiers, by day, then months from days and years from months.
INSERT INTO dossier_days (unit_id, grain, day, field,
    received, online, postal, online_full, online_partial, refused, paused_supplement,
    paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
    ended_on_time, ended_overdue, due_open)
SELECT unit_id, 0, day, field,
       sum(received), sum(online), sum(postal), sum(online_full), sum(online_partial),
       sum(refused), sum(paused_supplement), sum(paused_financial), sum(ended), sum(early),
       sum(on_day), sum(late), sum(supplement), sum(financial), sum(withdrawn), sum(stopped),
       sum(ended_on_time), sum(ended_overdue), sum(due_open)
  FROM dossier_day_events
 GROUP BY unit_id, day, field;
INSERT INTO dossier_days (unit_id, grain, day, field,
    received, online, postal, online_full, online_partial, refused, paused_supplement,
    paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
    ended_on_time, ended_overdue, due_open)
SELECT unit_id, 1,
       CAST(julianday(day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER) AS month, field,
       sum(received), sum(online), sum(postal), sum(online_full), sum(online_partial),
       sum(refused), sum(paused_supplement), sum(paused_financial), sum(ended), sum(early),
       sum(on_day), sum(late), sum(supplement), sum(financial), sum(withdrawn), sum(stopped),
       sum(ended_on_time), sum(ended_overdue), sum(due_open)
  FROM dossier_days WHERE grain = 0
 GROUP BY unit_id, month, field;
INSERT INTO dossier_days (unit_id, grain, day, field,
    received, online, postal, online_full, online_partial, refused, paused_supplement,
    paused_financial, ended, early, on_day, late, supplement, financial, withdrawn, stopped,
    ended_on_time, ended_overdue, due_open)
SELECT unit_id, 2,
       CAST(julianday(day * 86400, 'unixepoch', 'start of year') - 2440587.5 AS INTEGER) AS year, field,
       sum(received), sum(online), sum(postal), sum(online_full), sum(online_partial),
       sum(refused), sum(paused_supplement), sum(paused_financial), sum(ended), sum(early),
       sum(on_day), sum(late), sum(supplement), sum(financial), sum(withdrawn), sum(stopped),
       sum(ended_on_time), sum(ended_overdue), sum(due_open)
  FROM dossier_days WHERE grain = 1
 GROUP BY unit_id, year, field;
