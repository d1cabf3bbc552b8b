-- The QĐ 766 indicators and the desk's table (bot.domain.indicators).
-- level: the online service level (MucDo: 'full' toàn trình, 'partial' một phần, 'none' not an
-- online service; NULL when the file does not say). department: the office that processes the
-- dossier (DonViXuLy).
ALTER TABLE dossiers ADD COLUMN level TEXT CHECK (level IN ('full', 'partial', 'none'));
ALTER TABLE dossiers ADD COLUMN department TEXT NOT NULL DEFAULT '';
-- When processing ended for the indicators: resolved_at (NgayKetThucXuLy) of a dossier waiting on
-- the citizen (5, 6: the moment the desk asked, when the file gives one), withdrawn (7), stopped
-- (8) or resolved (9, 10); NULL for statuses 1-4. Written with the row (a stored column, so the
-- indexes below cover the counts), and checked by the triggers: no writer can disagree.
ALTER TABLE dossiers ADD COLUMN ended_at INTEGER;
UPDATE dossiers SET ended_at = CASE
    WHEN status IN ('supplement', 'financial', 'withdrawn', 'stopped', 'done', 'returned')
    THEN resolved_at END;
CREATE TRIGGER dossiers_ended_at_insert BEFORE INSERT ON dossiers
WHEN NEW.ended_at IS NOT (CASE
    WHEN NEW.status IN ('supplement', 'financial', 'withdrawn', 'stopped', 'done', 'returned')
    THEN NEW.resolved_at END)
BEGIN
    SELECT RAISE(ABORT, 'dossiers.ended_at must be resolved_at for statuses 5-10, else NULL');
END;
CREATE TRIGGER dossiers_ended_at_update BEFORE UPDATE OF status, resolved_at, ended_at ON dossiers
WHEN NEW.ended_at IS NOT (CASE
    WHEN NEW.status IN ('supplement', 'financial', 'withdrawn', 'stopped', 'done', 'returned')
    THEN NEW.resolved_at END)
BEGIN
    SELECT RAISE(ABORT, 'dossiers.ended_at must be resolved_at for statuses 5-10, else NULL');
END;
-- The report's population is three index ranges per unit: dossiers received in the period
-- (this index), and those received earlier that were still open or ended in it (the next).
-- Both cover every column the counts read, so the table itself is never touched.
DROP INDEX dossiers_unit_received;
CREATE INDEX dossiers_unit_received
    ON dossiers (unit_id, received_at, ended_at, due_at, status, channel, level, field);
CREATE INDEX dossiers_unit_ended
    ON dossiers (unit_id, ended_at, received_at, due_at, status, channel, level, field);
