"""Scheduled jobs' storage: runs, notices, digest subscriptions, and the reads the jobs need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.domain.digest import DossierWeek, FeedbackWeek, WeekFigures
from bot.domain.feedback import Case
from bot.domain.jobs import JobRun, Subscription
from bot.domain.messages import OutgoingMessage
from bot.domain.models import Dossier
from bot.domain.reminders import ENDED_STATUSES, IN_PROGRESS_STATUSES
from storage.db import Database
from storage.dossiers import DOSSIER_COLUMNS, dossier_from_row, epoch
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import enqueue_in

_CHUNK = 500  # parameters per IN (...) list
_ENDED = ", ".join(f"'{s.value}'" for s in sorted(ENDED_STATUSES))
_DOSSIER_COLUMNS = ", ".join(f"d.{c.strip()}" for c in DOSSIER_COLUMNS.split(","))

# Dossiers in progress due before a moment, with no apology, or with an apology whose new date
# has passed: per unit through the (unit, resolved_at, due_at) index, where "resolved_at IS
# NULL" is the leading range (a new date is always after the due date, so both are in range).
_IN_PROGRESS = ", ".join(f"'{s.value}'" for s in sorted(IN_PROGRESS_STATUSES))
_NEEDING_APOLOGY = f"""
SELECT {_DOSSIER_COLUMNS}
  FROM units AS u
  JOIN dossiers AS d INDEXED BY dossiers_unit_resolved
    ON d.unit_id = u.id AND d.resolved_at IS NULL AND d.due_at < :before
 WHERE d.status IN ({_IN_PROGRESS})
   AND (d.apology_issued_at IS NULL OR d.apology_new_due_at < :now)
 ORDER BY d.due_at, d.code
"""

# The digest's dossier counts for two weeks (0 = the reported week, 1 = the one before) over
# every unit in one statement. Only three index ranges per unit are read: dossiers received in
# the two weeks, those received earlier but resolved since, and those still open.
_DIGEST_DOSSIERS = """
WITH w(k, s, e) AS (VALUES (0, :s0, :e0), (1, :s1, :e1)),
r AS (
    SELECT d.unit_id, d.received_at, d.due_at, d.resolved_at, d.channel
      FROM units AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_received
        ON d.unit_id = u.id AND d.received_at >= :lo AND d.received_at < :hi
    UNION ALL
    SELECT d.unit_id, d.received_at, d.due_at, d.resolved_at, d.channel
      FROM units AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_resolved
        ON d.unit_id = u.id AND d.resolved_at >= :lo
     WHERE d.received_at < :lo
    UNION ALL
    SELECT d.unit_id, d.received_at, d.due_at, d.resolved_at, d.channel
      FROM units AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_resolved
        ON d.unit_id = u.id AND d.resolved_at IS NULL
     WHERE d.received_at < :lo
)
SELECT w.k, r.unit_id,
       count(CASE WHEN r.received_at >= w.s AND r.received_at < w.e THEN 1 END),
       count(CASE WHEN r.resolved_at >= w.s AND r.resolved_at < w.e THEN 1 END),
       count(CASE WHEN r.resolved_at >= w.s AND r.resolved_at < w.e
                   AND r.resolved_at <= r.due_at THEN 1 END),
       count(CASE WHEN r.received_at < w.e AND r.due_at < w.e
                   AND (r.resolved_at IS NULL OR r.resolved_at >= w.e) THEN 1 END),
       count(CASE WHEN r.received_at >= w.s AND r.received_at < w.e
                   AND r.channel = 'online' THEN 1 END)
  FROM r CROSS JOIN w
 GROUP BY w.k, r.unit_id
"""

# The digest's feedback counts for the same two weeks, in one statement. Stored moments are
# ISO-8601 with their offset, so they are compared through unixepoch(); answer deadlines are
# local dates, so the answer moment is moved to local time (:offset) before taking its date.
_DIGEST_FEEDBACK = """
WITH w(k, s, e, ds, de) AS (VALUES (0, :s0, :e0, :ds0, :de0), (1, :s1, :e1, :ds1, :de1)),
f AS (
    SELECT c.id, c.unit_id, c.state, c.dossier_code, c.rating, c.answer_due,
           unixepoch(c.created_at) AS created,
           date(c.answered_at, :offset) AS answered_day,
           (SELECT max(unixepoch(e.at)) FROM feedback_events AS e
             WHERE e.feedback_id = c.id AND e.action = 'rate') AS rated
      FROM feedback AS c
     WHERE unixepoch(c.created_at) >= :lo OR c.answer_due >= :dlo
        OR (c.rating IS NOT NULL AND c.updated_at >= :ulo)
)
SELECT w.k, f.unit_id,
       count(CASE WHEN f.created >= w.s AND f.created < w.e THEN 1 END),
       count(CASE WHEN f.answer_due >= w.ds AND f.answer_due <= w.de
                   AND f.state != 'refused' THEN 1 END),
       count(CASE WHEN f.answer_due >= w.ds AND f.answer_due <= w.de
                   AND f.state != 'refused' AND f.answered_day <= f.answer_due THEN 1 END),
       count(CASE WHEN f.rated >= w.s AND f.rated < w.e AND f.rating IS NOT NULL THEN 1 END),
       total(CASE WHEN f.rated >= w.s AND f.rated < w.e AND f.rating IS NOT NULL
                  THEN f.rating END),
       count(DISTINCT CASE
           WHEN f.created >= w.s AND f.created < w.e AND f.dossier_code IS NOT NULL
               THEN 'd:' || f.dossier_code
           WHEN f.rated >= w.s AND f.rated < w.e AND f.rating <= :low
               THEN coalesce('d:' || f.dossier_code, 'c:' || f.id)
       END)
  FROM f CROSS JOIN w
 GROUP BY w.k, f.unit_id
"""

# The oldest open overdue dossiers of every unit (code, procedure, due date: no personal data).
_OLDEST_OVERDUE = f"""
SELECT {DOSSIER_COLUMNS}
  FROM (
    SELECT {_DOSSIER_COLUMNS},
           row_number() OVER (PARTITION BY d.unit_id ORDER BY d.due_at, d.code) AS n
      FROM units AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_resolved
        ON d.unit_id = u.id AND d.resolved_at IS NULL AND d.due_at < :now
     WHERE d.status NOT IN ({_ENDED})
  )
 WHERE n <= :k
 ORDER BY unit_id, due_at, code
"""

# When each open case's current clock started: the accept clock restarts on filing, reopening
# and transfer; the answer clock on filing and reopening.
_CLOCK_STARTS = """
SELECT feedback_id,
       max(CASE WHEN action IN ('file', 'reopen', 'transfer') THEN unixepoch(at) END),
       max(CASE WHEN action IN ('file', 'reopen') THEN unixepoch(at) END)
  FROM feedback_events
 WHERE feedback_id IN (SELECT id FROM feedback
                        WHERE state IN ('new', 'accepted', 'needs_info', 'reopened'))
 GROUP BY feedback_id
"""


def _int(value: object) -> int:
    return int(str(value)) if value is not None else 0


def _moment(value: object) -> datetime | None:
    return datetime.fromtimestamp(_int(value), UTC) if value is not None else None


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class SqliteJobStore:
    """Job runs and notices; a run is recorded with its outbox rows in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def last_runs(self) -> dict[str, JobRun]:
        """Each job's latest occurrence that ran."""
        rows = await self._db.fetchall(
            "SELECT job, occurrence, started_at, finished_at, queued FROM job_runs AS j"
            " WHERE occurrence = (SELECT max(occurrence) FROM job_runs WHERE job = j.job)"
        )
        return {
            str(r[0]): JobRun(
                job=str(r[0]),
                occurrence=str(r[1]),
                started_at=datetime.fromisoformat(str(r[2])),
                finished_at=datetime.fromisoformat(str(r[3])),
                queued=_int(r[4]),
            )
            for r in rows
        }

    async def has_run(self, job: str, occurrence: str) -> bool:
        """Whether that occurrence of the job ran."""
        row = await self._db.fetchone(
            "SELECT 1 FROM job_runs WHERE job = ? AND occurrence = ?", (job, occurrence)
        )
        return row is not None

    async def existing_keys(self, keys: Sequence[str]) -> set[str]:
        """The outbox keys among `keys` that are already queued or sent."""
        found: set[str] = set()
        for chunk in _chunks(list(keys)):
            marks = ", ".join("?" for _ in chunk)
            rows = await self._db.fetchall(
                f"SELECT key FROM outbox WHERE key IN ({marks})", tuple(chunk)
            )
            found.update(str(r[0]) for r in rows)
        return found

    async def record(
        self,
        run: JobRun,
        messages: Sequence[tuple[str, OutgoingMessage]],
        notices: Sequence[tuple[str, str]] = (),
    ) -> int | None:
        """Record the run, queue its messages and notices atomically; None if it already ran.

        Returns how many messages were new in the outbox (a key already there is not re-sent).
        """
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO job_runs (job, occurrence, started_at, finished_at, queued)"
                " VALUES (?, ?, ?, ?, 0) ON CONFLICT (job, occurrence) DO NOTHING",
                (
                    run.job,
                    run.occurrence,
                    run.started_at.isoformat(),
                    run.finished_at.isoformat(),
                ),
            )
            inserted = cur.rowcount > 0
            await cur.close()
            if not inserted:
                return None
            queued = 0
            for key, message in messages:
                if await enqueue_in(conn, key, message, run.finished_at, run.finished_at):
                    queued += 1
            await conn.executemany(
                "INSERT OR IGNORE INTO job_notices (job, subject, stage, occurrence, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (run.job, subject, stage, run.occurrence, run.finished_at.isoformat())
                    for subject, stage in notices
                ],
            )
            await conn.execute(
                "UPDATE job_runs SET queued = ? WHERE job = ? AND occurrence = ?",
                (queued, run.job, run.occurrence),
            )
        return queued


class SqliteSubscriptions:
    """Who receives which unit's weekly digest."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def subscribe(self, channel: str, user_id: str, unit_id: int, at: datetime) -> bool:
        """Add a subscription; False when it was already there."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO digest_subscriptions (channel, user_id, unit_id, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (channel, user_id, unit_id, at.isoformat()),
            )
            return cur.rowcount > 0

    async def unsubscribe(self, channel: str, user_id: str, unit_id: int) -> bool:
        """Remove a subscription; False when there was none."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "DELETE FROM digest_subscriptions WHERE channel = ? AND user_id = ?"
                " AND unit_id = ?",
                (channel, user_id, unit_id),
            )
            return cur.rowcount > 0

    async def all(self) -> list[Subscription]:
        """Every subscription, by unit then user."""
        rows = await self._db.fetchall(
            "SELECT channel, user_id, unit_id FROM digest_subscriptions"
            " ORDER BY unit_id, channel, user_id"
        )
        return [Subscription(str(r[0]), str(r[1]), _int(r[2])) for r in rows]


class SqliteJobQueries:
    """The reads behind the jobs: each one statement over every ward."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._feedback = SqliteFeedbackRepository(db)

    async def dossiers_needing_apology(self, due_before: datetime, now: datetime) -> list[Dossier]:
        """Dossiers in progress due before a moment without an apology, or whose apology's new
        date passed before `now`; the earliest due first."""
        rows = await self._db.fetchall(
            _NEEDING_APOLOGY, {"before": epoch(due_before), "now": epoch(now)}
        )
        return [dossier_from_row(r) for r in rows]

    async def oldest_overdue(self, now: datetime, per_unit: int) -> dict[int, list[Dossier]]:
        """Each unit's `per_unit` open dossiers that are past due the longest."""
        rows = await self._db.fetchall(_OLDEST_OVERDUE, {"now": epoch(now), "k": per_unit})
        out: dict[int, list[Dossier]] = {}
        for row in rows:
            dossier = dossier_from_row(row)
            out.setdefault(dossier.unit_id, []).append(dossier)
        return out

    async def open_cases(self) -> list[tuple[Case, datetime | None, datetime | None]]:
        """Open feedback cases with when their accept and answer clocks last started."""
        cases = await self._feedback.open_cases(None)
        rows = await self._db.fetchall(_CLOCK_STARTS)
        starts = {_int(r[0]): (_moment(r[1]), _moment(r[2])) for r in rows}
        return [(c, *starts.get(c.id, (None, None))) for c in cases]

    async def digest_counts(
        self, weeks: Sequence[tuple[datetime, datetime]], tz: tzinfo, low_rating: int
    ) -> list[dict[int, WeekFigures]]:
        """Per unit, the dossier and feedback counts of two weeks ([start, end) aware)."""
        if len(weeks) != 2:
            raise ValueError("digest_counts() takes exactly two weeks")
        (s0, e0), (s1, e1) = weeks
        lo, hi = min(s0, s1), max(e0, e1)
        params: dict[str, object] = {
            "s0": epoch(s0),
            "e0": epoch(e0),
            "s1": epoch(s1),
            "e1": epoch(e1),
            "lo": epoch(lo),
            "hi": epoch(hi),
        }
        dossier_rows = await self._db.fetchall(_DIGEST_DOSSIERS, params)
        offset = s0.astimezone(tz).utcoffset() or timedelta(0)
        days = [_local_days(s, e, tz) for s, e in weeks]
        feedback_params: dict[str, object] = {
            **params,
            "ds0": days[0][0].isoformat(),
            "de0": days[0][1].isoformat(),
            "ds1": days[1][0].isoformat(),
            "de1": days[1][1].isoformat(),
            "dlo": min(days[0][0], days[1][0]).isoformat(),
            # updated_at keeps its writer's offset: a day's margin makes the text compare safe.
            "ulo": (min(days[0][0], days[1][0]) - timedelta(days=1)).isoformat(),
            "offset": f"{int(offset.total_seconds() // 60):+d} minutes",
            "low": low_rating,
        }
        feedback_rows = await self._db.fetchall(_DIGEST_FEEDBACK, feedback_params)
        dossiers: list[dict[int, DossierWeek]] = [{}, {}]
        for r in dossier_rows:
            dossiers[_int(r[0])][_int(r[1])] = DossierWeek(*(_int(v) for v in r[2:7]))
        feedback: list[dict[int, FeedbackWeek]] = [{}, {}]
        for r in feedback_rows:
            values = [_int(v) if i != 4 else int(float(str(v or 0))) for i, v in enumerate(r[2:8])]
            feedback[_int(r[0])][_int(r[1])] = FeedbackWeek(*values)
        out: list[dict[int, WeekFigures]] = []
        for k in (0, 1):
            units = set(dossiers[k]) | set(feedback[k])
            out.append(
                {
                    u: WeekFigures(
                        dossiers[k].get(u, DossierWeek()), feedback[k].get(u, FeedbackWeek())
                    )
                    for u in units
                }
            )
        return out


def _local_days(start: datetime, end: datetime, tz: tzinfo) -> tuple[date, date]:
    """The first and last local date of [start, end)."""
    return start.astimezone(tz).date(), (end.astimezone(tz) - timedelta(seconds=1)).date()
