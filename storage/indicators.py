"""The indicators' read model: per unit and field, the counts `bot.domain.indicators` defines.

Each statement mirrors a rule of the domain module (its docstring is the specification; tests
check the SQL against `indicators.tally()` on the same dossiers). The population is read as
three ranges of two covering indexes per unit (migration 0012): dossiers received in the window,
and those received before it that were still open or ended in it. `ended_at` is the domain's
`end_time()` stored with each row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from bot.domain.feedback import Category
from bot.domain.indicators import CaseFacts, DayCount, DossierTally, Window
from bot.domain.models import TaskCounts
from storage.db import Database
from storage.dossiers import epoch

_CHUNK = 400  # codes per IN (...) list

# The rows of 2.1's population (plus refused dossiers received in the window, counted apart):
# r.* with `status`, `received_at`, `due_at`, `ended_at`, `channel`, `level`, `field`.
_POPULATION = """
    SELECT d.unit_id, d.field, d.status, d.received_at, d.due_at, d.ended_at, d.channel, d.level
      FROM json_each(:units) AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_received
        ON d.unit_id = u.value AND d.received_at >= :s AND d.received_at <= :e
     WHERE d.status != 'registered'
    UNION ALL
    SELECT d.unit_id, d.field, d.status, d.received_at, d.due_at, d.ended_at, d.channel, d.level
      FROM json_each(:units) AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_ended
        ON d.unit_id = u.value AND d.ended_at IS NULL AND d.received_at < :s
     WHERE d.status NOT IN ('registered', 'rejected')
    UNION ALL
    SELECT d.unit_id, d.field, d.status, d.received_at, d.due_at, d.ended_at, d.channel, d.level
      FROM json_each(:units) AS u
      JOIN dossiers AS d INDEXED BY dossiers_unit_ended
        ON d.unit_id = u.value AND d.ended_at >= :s
     WHERE d.received_at < :s AND d.status NOT IN ('registered', 'rejected')
"""

# Conditions on a population row, as in `indicators.classify`. `fin`: ended by the window's end;
# `wait`: a 5 or 6 with no end time (paused, counted within due); `open`: in progress at the end.
_IN = "r.status != 'rejected'"
_FIN = f"{_IN} AND r.ended_at IS NOT NULL AND r.ended_at <= :e"
_WAIT = "r.ended_at IS NULL AND r.status IN ('supplement', 'financial')"
_OPEN = (
    f"{_IN} AND ((r.ended_at IS NULL AND r.status NOT IN ('supplement', 'financial'))"
    " OR r.ended_at > :e)"
)
_RESOLVED = f"{_FIN} AND r.status IN ('done', 'returned')"
_NEW = f"{_IN} AND r.received_at >= :s"
_SAME_DAY = "(r.ended_at + :off) / 86400 = (r.due_at + :off) / 86400"

# The column order is DossierTally's field order.
_TALLY = f"""
WITH r AS ({_POPULATION})
SELECT r.unit_id, r.field,
    count(CASE WHEN {_IN} AND r.received_at < :s THEN 1 END),
    count(CASE WHEN {_NEW} THEN 1 END),
    count(CASE WHEN {_OPEN} AND :e <= r.due_at THEN 1 END),
    count(CASE WHEN {_OPEN} AND :e > r.due_at THEN 1 END),
    count(CASE WHEN {_RESOLVED} AND r.ended_at <= r.due_at AND NOT {_SAME_DAY} THEN 1 END),
    count(CASE WHEN {_RESOLVED} AND r.ended_at <= r.due_at AND {_SAME_DAY} THEN 1 END),
    count(CASE WHEN {_RESOLVED} AND r.ended_at > r.due_at THEN 1 END),
    count(CASE WHEN r.status = 'supplement' AND (r.ended_at IS NULL OR r.ended_at <= :e)
               THEN 1 END),
    count(CASE WHEN r.status = 'financial' AND (r.ended_at IS NULL OR r.ended_at <= :e)
               THEN 1 END),
    count(CASE WHEN {_FIN} AND r.status = 'withdrawn' THEN 1 END),
    count(CASE WHEN {_FIN} AND r.status = 'stopped' THEN 1 END),
    count(CASE WHEN r.status = 'rejected' THEN 1 END),
    count(CASE WHEN ({_FIN} AND r.ended_at <= r.due_at) OR {_WAIT}
                    OR ({_OPEN} AND :e <= r.due_at) THEN 1 END),
    count(CASE WHEN {_WAIT} THEN 1 END),
    count(CASE WHEN {_NEW} AND r.channel = 'online' THEN 1 END),
    count(CASE WHEN {_NEW} AND r.channel = 'postal' THEN 1 END),
    count(CASE WHEN {_NEW} AND r.channel = 'online' AND r.level = 'full' THEN 1 END),
    count(CASE WHEN {_NEW} AND r.channel = 'online' AND r.level = 'partial' THEN 1 END)
  FROM r
 GROUP BY r.unit_id, r.field
"""


def _windowed(sql: str, k: int) -> str:
    """A one-window statement for window number k (its :s and :e become :s<k> and :e<k>)."""
    return re.sub(r":([se])\b", lambda m: f":{m[1]}{k}", sql)


@lru_cache(maxsize=8)
def _tally_windows(n: int) -> str:
    """The tally of n windows in one statement (one round trip), each row led by its window."""
    return "\nUNION ALL\n".join(
        f"SELECT {k} AS w, * FROM ({_windowed(_TALLY, k)})" for k in range(n)
    )


# Dossiers of the population among the codes given, and how many of them were not on time.
_FLAGGED = f"""
WITH r AS (
    SELECT d.id, d.unit_id, d.status, d.received_at, d.due_at, d.ended_at
      FROM json_each(:codes) AS c
     CROSS JOIN dossiers AS d ON d.code = c.value
     WHERE d.unit_id IN (SELECT value FROM json_each(:units))
       AND d.status NOT IN ('registered', 'rejected')
       AND d.received_at <= :e AND (d.ended_at IS NULL OR d.ended_at >= :s)
)
SELECT r.unit_id, count(DISTINCT r.id),
       count(DISTINCT CASE WHEN NOT (({_FIN} AND r.ended_at <= r.due_at) OR {_WAIT}
                                     OR ({_OPEN} AND :e <= r.due_at)) THEN r.id END)
  FROM r
 GROUP BY r.unit_id
"""

# 2.2: completed dossiers (9, 10) received in the window and ended by its end, counted per
# calendar (Saturdays in deadlines or not), procedure and local day of receipt (-1) and of end
# (+1).
_PROCESSING = """
WITH r AS (
    SELECT un.saturday_deadlines AS sat, d.procedure, d.received_at, d.ended_at
      FROM json_each(:units) AS u
      JOIN units AS un ON un.id = u.value
      JOIN dossiers AS d INDEXED BY dossiers_unit_received
        ON d.unit_id = u.value AND d.received_at >= :s AND d.received_at <= :e
     WHERE d.status IN ('done', 'returned') AND d.ended_at <= :e
)
SELECT sat, procedure, (received_at + :off) / 86400, -1, count(*) FROM r GROUP BY 1, 2, 3
UNION ALL
SELECT sat, procedure, (ended_at + :off) / 86400, 1, count(*) FROM r GROUP BY 1, 2, 3
"""

# Feedback cases of the units received by the window's end and not handled before its start,
# with when each step first happened (ISO moments with their offset: compared via unixepoch).
_CASES = """
WITH c AS (
    SELECT f.id, f.unit_id, f.category, unixepoch(f.created_at) AS created, f.dossier_code,
           f.rating
      FROM feedback AS f
     WHERE f.unit_id IN (SELECT value FROM json_each(:units))
       AND unixepoch(f.created_at) <= :e
),
e AS (
    SELECT ev.feedback_id AS id,
           min(CASE WHEN ev.action = 'refuse' THEN unixepoch(ev.at) END) AS refused,
           min(CASE WHEN ev.action = 'ask_info' THEN unixepoch(ev.at) END) AS asked,
           min(CASE WHEN ev.action = 'answer' THEN unixepoch(ev.at) END) AS answered,
           min(CASE WHEN ev.action = 'reopen' THEN unixepoch(ev.at) END) AS reopened,
           max(CASE WHEN ev.action = 'rate' THEN unixepoch(ev.at) END) AS rated
      FROM feedback_events AS ev
     WHERE ev.feedback_id IN (SELECT id FROM c)
     GROUP BY ev.feedback_id
)
SELECT c.unit_id, c.category, c.created, c.dossier_code, e.refused, e.asked, e.answered,
       e.reopened, c.rating, e.rated
  FROM c LEFT JOIN e ON e.id = c.id
 WHERE c.created >= :s
    OR coalesce(CASE WHEN e.refused <= :e THEN e.refused END,
                CASE WHEN e.answered <= :e THEN e.answered END, :s) >= :s
    OR (e.rated >= :s AND e.rated <= :e)
"""

_TASKS = """
SELECT unit_id, coalesce(sum(completed_at <= :e), 0), count(*)
  FROM tasks
 WHERE unit_id IN (SELECT value FROM json_each(:units)) AND year = :year
 GROUP BY unit_id
"""

_EPOCH_DAY = date(1970, 1, 1)


def _int(value: object) -> int:
    return int(str(value)) if value is not None else 0


def _moment(value: object) -> datetime | None:
    return datetime.fromtimestamp(_int(value), UTC) if value is not None else None


def _params(units: Sequence[int], window: Window, offset: int = 0) -> dict[str, object]:
    return {
        "units": json.dumps(list(units)),
        "s": epoch(window.start),
        "e": epoch(window.end),
        "off": offset,
    }


class SqliteIndicatorCounts:
    """The counts behind every report, digest and file (one statement each)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def dossiers(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        """Per window, per unit and field, the dossier counts (`utc_offset`: local days)."""
        params: dict[str, object] = {"units": json.dumps(list(units)), "off": utc_offset}
        for k, window in enumerate(windows):
            params[f"s{k}"] = epoch(window.start)
            params[f"e{k}"] = epoch(window.end)
        out: list[dict[int, dict[str, DossierTally]]] = [{} for _ in windows]
        if not windows:
            return out
        for r in await self._db.fetchall(_tally_windows(len(windows)), params):
            by_unit = out[_int(r[0])].setdefault(_int(r[1]), {})
            by_unit[str(r[2])] = DossierTally(*(_int(v) for v in r[3:]))
        return out

    async def flagged(
        self, units: Sequence[int], window: Window, codes: Iterable[str]
    ) -> dict[int, tuple[int, int]]:
        """Per unit, (dossiers of the population among `codes`, of those not on time)."""
        wanted = sorted({c for code in codes for c in (code, code.upper())})
        if not wanted:
            return {}
        params = _params(units, window)
        found: dict[int, tuple[int, int]] = {}
        # Codes are unique across units, so the chunks' counts add up.
        for i in range(0, len(wanted), _CHUNK):
            params["codes"] = json.dumps(wanted[i : i + _CHUNK])
            for r in await self._db.fetchall(_FLAGGED, params):
                before = found.get(_int(r[0]), (0, 0))
                found[_int(r[0])] = (before[0] + _int(r[1]), before[1] + _int(r[2]))
        return found

    async def processing(
        self, units: Sequence[int], window: Window, utc_offset: int
    ) -> list[DayCount]:
        """2.2's day counts: (Saturday deadlines 0/1, procedure, local day, ±1, dossiers)."""
        rows = await self._db.fetchall(_PROCESSING, _params(units, window, utc_offset))
        return [
            (
                _int(r[0]),
                str(r[1]),
                _EPOCH_DAY + timedelta(days=_int(r[2])),
                _int(r[3]),
                _int(r[4]),
            )
            for r in rows
        ]

    async def cases(self, units: Sequence[int], window: Window) -> list[CaseFacts]:
        """The feedback cases the window's 5.1–5.4 read, with their steps' first moments."""
        rows = await self._db.fetchall(_CASES, _params(units, window))
        out: list[CaseFacts] = []
        for r in rows:
            received = _moment(r[2])
            assert received is not None
            out.append(
                CaseFacts(
                    unit_id=_int(r[0]),
                    category=Category(str(r[1])),
                    received_at=received,
                    dossier_code=None if r[3] is None else str(r[3]),
                    refused_at=_moment(r[4]),
                    asked_at=_moment(r[5]),
                    answered_at=_moment(r[6]),
                    reopened_at=_moment(r[7]),
                    rating=None if r[8] is None else _int(r[8]),
                    rated_at=_moment(r[9]),
                )
            )
        return out

    async def tasks(self, units: Sequence[int], year: int, window: Window) -> dict[int, TaskCounts]:
        """Per unit, its CCHC tasks of `year`: done by the window's end, and all of them."""
        params = _params(units, window) | {"year": year}
        rows = await self._db.fetchall(_TASKS, params)
        return {_int(r[0]): TaskCounts(done=_int(r[1]), total=_int(r[2])) for r in rows}
