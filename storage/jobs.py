"""Scheduled jobs' storage: runs, notices, digest subscriptions, and the reads the jobs need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from bot.domain.feedback import OPEN_STATES, Case
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
_OPEN = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES))  # fixed identifiers
_CLOCK_STARTS = f"""
SELECT feedback_id,
       max(CASE WHEN action IN ('file', 'reopen', 'transfer') THEN unixepoch(at) END),
       max(CASE WHEN action IN ('file', 'reopen') THEN unixepoch(at) END)
  FROM feedback_events
 WHERE feedback_id IN (SELECT id FROM feedback
                        WHERE state IN ({_OPEN}))
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
