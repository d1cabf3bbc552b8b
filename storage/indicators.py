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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from bot.domain.feedback import Category
from bot.domain.indicators import CaseFacts, DayCount, DossierTally, Window
from bot.domain.models import TaskCounts
from storage import dossier_days
from storage.db import Database
from storage.dossiers import epoch

_CHUNK = 400  # codes per IN (...) list
_TALLY_WIDTH = len(fields(DossierTally))

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

# The counts of population rows `r`, per unit and field; the column order is DossierTally's
# field order.
_COUNTS = f"""
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
    count(CASE WHEN {_NEW} AND r.channel = 'online' AND r.level = 'partial' THEN 1 END)"""


def _tally_of(rows: str) -> str:
    """The counts per unit and field of population rows selected by `rows`."""
    return (
        f"WITH r AS ({rows})\nSELECT r.unit_id, r.field,{_COUNTS}\n  FROM r\n"
        " GROUP BY r.unit_id, r.field"
    )


# The full scan: the tally of the population read from the dossiers (the aggregates' oracle,
# and their stand-in for a window they cannot serve).
_TALLY = _tally_of(_POPULATION)


def _windowed(sql: str, k: int) -> str:
    """A one-window statement for window number k (its :s and :e become :s<k> and :e<k>)."""
    return re.sub(r":([se])\b", lambda m: f":{m[1]}{k}", sql)


@lru_cache(maxsize=8)
def _tally_windows(n: int) -> str:
    """The full scan of n windows in one statement (one round trip), each row led by its
    window."""
    return "\nUNION ALL\n".join(
        f"SELECT {k} AS w, * FROM ({_windowed(_TALLY, k)})" for k in range(n)
    )


# --- the daily aggregates (storage/dossier_days.py) ---------------------------------------------
#
# A window the aggregates serve starts at a local midnight of their UTC offset. Its counts as of
# its last day b's end come from three prefix sums per unit and field (`dossier_days.tally`);
# one not over yet is measured now, within day b: the dossiers whose counts differ between now
# and b's end — received on b, ending on b or later, or open and due within b (by due time) —
# are counted by the full scan's rules at both moments, and the difference added. Dossiers that
# end before their receipt are never in the aggregates: the scan counts them, at the window's
# end. Everything is read in one statement, so that every part sees one state.

_UNITS = "d.unit_id IN (SELECT value FROM json_each(:units))"
_ROW = "d.id, d.unit_id, d.field, d.status, d.received_at, d.due_at, d.ended_at, d.channel, d.level"
# Population rows among those of a source `q` (the full scan's three ranges, as one rule).
_IN_WINDOW = (
    "q.status != 'registered' AND q.received_at <= :e AND (q.received_at >= :s"
    " OR (q.status != 'rejected' AND (q.ended_at IS NULL OR q.ended_at >= :s)))"
)
_BACKWARDS = (
    f"SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_backwards"
    f" WHERE {_UNITS} AND d.ended_at < d.received_at"
)


def _touching(k: int) -> str:
    """Window k's dossiers (ending on or after their receipt) whose counts on its last day
    depend on the moment: :m{k} is that day's midnight, :f{k} its last second."""
    return f"""
    SELECT * FROM (
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_received
         WHERE {_UNITS} AND d.received_at >= :m{k} AND d.received_at <= :f{k}
        UNION
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_ended
         WHERE {_UNITS} AND d.ended_at >= :m{k}
        UNION
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_open_due
         WHERE {_UNITS} AND d.ended_at IS NULL AND d.due_at >= :m{k} - 1 AND d.due_at < :f{k}
    ) AS t WHERE t.ended_at IS NULL OR t.ended_at >= t.received_at"""


def _renamed(sql: str, names: Mapping[str, str]) -> str:
    """`sql` with its parameters :s and :e renamed as `names` says."""
    return re.sub(r":([se])\b", lambda m: f":{names[m[1]]}", sql)


def _scan_rows(k: int, kind: int, rows: str, s: str, e: str) -> str:
    """The full scan's counts of the population among `rows`, tagged (window k, kind)."""
    population = f"SELECT * FROM ({rows}) AS q WHERE {_IN_WINDOW}"
    counted = _renamed(_tally_of(population), {"s": s, "e": e})
    return f"SELECT {k}, {kind}, *, 0 FROM ({counted})"


# Kinds of the statement's rows: prefix sums before a, through b, day b's own row; the full
# scan's counts to add, and to subtract.
BEFORE, THROUGH, DAY_B, PLUS, MINUS = range(5)
_AGG_COLUMNS = ", ".join(f"d.{c}" for c in dossier_days.COLUMNS)
_AGG_SUMS = ", ".join(f"sum({c})" for c in dossier_days.COLUMNS)


def _prefix_rows(k: int) -> list[str]:
    """The aggregate rows of window k's prefixes (grain literal, bounds as parameters)."""
    arms = [
        f"SELECT {k} AS w, {point} AS p, d.unit_id, d.field, {_AGG_COLUMNS}"
        f" FROM dossier_days AS d WHERE {_UNITS} AND d.grain = {grain}"
        f" AND d.day >= :l{k}{point}{grain} AND d.day < :h{k}{point}{grain}"
        for point in (BEFORE, THROUGH)
        for grain in (2, 1, 0)
    ]
    arms.append(
        f"SELECT {k}, {DAY_B}, d.unit_id, d.field, {_AGG_COLUMNS}"
        f" FROM dossier_days AS d WHERE {_UNITS} AND d.grain = 0 AND d.day = :b{k}"
    )
    return arms


# How a window is counted: from the aggregates (its end the last second of its last day), from
# the aggregates measured within its last day, or by the full scan alone.
AT_DAY_END, WITHIN_DAY, SCAN = "day_end", "within_day", "scan"


@lru_cache(maxsize=32)
def _statement(modes: tuple[str, ...]) -> str:
    """One statement for windows counted as `modes` say; rows (w, kind, unit, field, counts)."""
    prefixes: list[str] = []
    scans: list[str] = []
    for k, mode in enumerate(modes):
        own = {"s": f"s{k}", "e": f"e{k}"}
        if mode == SCAN:
            full = _renamed(_tally_of(_POPULATION), own)
            scans.append(f"SELECT {k}, {PLUS}, *, 0 FROM ({full})")
            continue
        prefixes += _prefix_rows(k)
        if mode == WITHIN_DAY:
            plus = f"{_touching(k)}\n    UNION ALL {_BACKWARDS}"
            scans.append(_scan_rows(k, PLUS, plus, f"s{k}", f"e{k}"))
            scans.append(_scan_rows(k, MINUS, _touching(k), f"s{k}", f"f{k}"))
        else:
            scans.append(_scan_rows(k, PLUS, _BACKWARDS, f"s{k}", f"e{k}"))
    parts = [f"SELECT -1, -1, utc_offset, ''{', 0' * dossier_days.WIDTH} FROM dossier_days_meta"]
    if prefixes:
        union = "\n UNION ALL ".join(prefixes)
        parts.append(
            f"SELECT w, p, unit_id, field, {_AGG_SUMS} FROM ({union}) GROUP BY w, p, unit_id, field"
        )
    parts += scans
    return "\nUNION ALL\n".join(parts)


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


def _window_params(k: int, window: Window, offset: int, params: dict[str, object]) -> str:
    """Window k's parameters, and how it is counted (AT_DAY_END, WITHIN_DAY or SCAN)."""
    start, end = epoch(window.start), epoch(window.end)
    params[f"s{k}"] = start
    params[f"e{k}"] = end
    if (start + offset) % dossier_days.DAY or end < start:
        return SCAN
    first = dossier_days.local_day(start, offset)
    last = dossier_days.local_day(end, offset)
    day_end = (last + 1) * dossier_days.DAY - offset - 1
    for point, day in ((BEFORE, first), (THROUGH, last + 1)):
        for grain, low, high in dossier_days.prefix_ranges(day):
            params[f"l{k}{point}{grain}"] = low
            params[f"h{k}{point}{grain}"] = high
    params[f"b{k}"] = last
    params[f"m{k}"] = day_end + 1 - dossier_days.DAY
    params[f"f{k}"] = day_end
    return AT_DAY_END if end == day_end else WITHIN_DAY


class SqliteIndicatorCounts:
    """The counts behind every report, digest and file (one statement each)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def dossiers(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        """Per window, per unit and field, the dossier counts (`utc_offset`: local days), from
        the daily aggregates wherever they serve the window (the full scan's figures, exactly),
        in one statement."""
        out: list[dict[int, dict[str, DossierTally]]] = [{} for _ in windows]
        if not windows or not units:
            return out
        modes: list[str] = []
        params: dict[str, object] = {"units": json.dumps(list(units)), "off": utc_offset}
        for k, window in enumerate(windows):
            modes.append(_window_params(k, window, utc_offset, params))
        rows = await self._db.fetchall(_statement(tuple(modes)), params)
        if rows and rows[0][0] == -1 and _int(rows[0][2]) != utc_offset:
            # The aggregates count other local days (`stats --rebuild` sets them): scan.
            return await self.scan(units, windows, utc_offset)
        parts: dict[tuple[int, int, str], list[tuple[int, ...]]] = {}
        for r in rows:
            if r[0] == -1:
                continue
            key = (_int(r[0]), _int(r[2]), str(r[3]))
            found = parts.setdefault(key, [dossier_days.ZERO] * 5)
            found[_int(r[1])] = tuple(_int(v) for v in r[4:])
        for (k, unit, field), (before, through, day_b, plus, minus) in parts.items():
            counts = plus[:_TALLY_WIDTH]
            if modes[k] != SCAN:
                aggregated = dossier_days.counts(before, through, day_b)
                counts = dossier_days.add(aggregated, counts)
                counts = dossier_days.add(counts, minus[:_TALLY_WIDTH], -1)
            if any(counts):
                out[k].setdefault(unit, {})[field] = DossierTally(*counts)
        return out

    async def scan(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        """The same counts by the full scan of the dossiers (the aggregates' oracle)."""
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
