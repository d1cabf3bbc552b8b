"""The indicators' read model: per unit and field, the counts `bot.domain.indicators` defines.

`SqliteIndicatorCounts.dossiers()` reads them from the daily aggregates (storage/dossier_days.py,
migration 0016) in one statement: a few dozen aggregate rows per unit and field, whatever the
number of dossiers, and the full scan's rules for the dossiers the aggregates leave to it (those
ending before their receipt; for a window seen now, those whose counts change later that day).
A window that does not start at a local midnight of the aggregates' offset is counted by the
full scan alone. `area()` reads an area's report from the areas' sums (migration 0022): the
area's fields over every unit under it and each member's total, rather than every unit's
fields, where those sums count exactly the units the report does.

The full scan (`scan()`, `_TALLY`) is the reference and the tests' oracle: each of its
statements mirrors a rule of the domain module (its docstring is the specification; tests
check the SQL against `indicators.tally()` on the same dossiers). Its population is read as
three ranges of two covering indexes per unit (migration 0012): dossiers received in the
window, and those received before it that were still open or ended in it. `ended_at` is the
domain's `end_time()` stored with each row. Feedback cases, tasks, the flagged dossiers and 2.2
per procedure are read from their tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from bot.domain.feedback import Category
from bot.domain.indicators import (
    AreaRead,
    CaseFacts,
    CountsRead,
    DayCount,
    DossierTally,
    Window,
    total,
)
from bot.domain.models import TaskCounts
from storage import dossier_days
from storage.db import Database
from storage.dossiers import epoch

_CHUNK = 400  # codes per IN (...) list

# The most units a report's statement reads as a brief read (storage/db.py): its cost grows
# with the units, each of which reads its own aggregate rows. A busy ward (185.000 dossiers a
# year, a dozen fields) costs about 0,5 ms of statement for a period and the one before (a city
# and its 5 wards: 2,8 ms, bench/stats.py), so some 20 of them fill the brief read's budget; a
# city of 300 wards ran its 10 ms on the loop's connection, then 18 ms on the reader. Past this,
# the statement goes to the reader at once; below it, a few quiet wards stay on the loop.
BRIEF_UNITS = 16

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

# What each count counts of population rows `r`, in DossierTally's field order.
_CONDITIONS = (
    f"{_IN} AND r.received_at < :s",
    _NEW,
    f"{_OPEN} AND :e <= r.due_at",
    f"{_OPEN} AND :e > r.due_at",
    f"{_RESOLVED} AND r.ended_at <= r.due_at AND NOT {_SAME_DAY}",
    f"{_RESOLVED} AND r.ended_at <= r.due_at AND {_SAME_DAY}",
    f"{_RESOLVED} AND r.ended_at > r.due_at",
    "r.status = 'supplement' AND (r.ended_at IS NULL OR r.ended_at <= :e)",
    "r.status = 'financial' AND (r.ended_at IS NULL OR r.ended_at <= :e)",
    f"{_FIN} AND r.status = 'withdrawn'",
    f"{_FIN} AND r.status = 'stopped'",
    "r.status = 'rejected'",
    f"({_FIN} AND r.ended_at <= r.due_at) OR {_WAIT} OR ({_OPEN} AND :e <= r.due_at)",
    _WAIT,
    f"{_NEW} AND r.channel = 'online'",
    f"{_NEW} AND r.channel = 'postal'",
    f"{_NEW} AND r.channel = 'online' AND r.level = 'full'",
    f"{_NEW} AND r.channel = 'online' AND r.level = 'partial'",
)

# The counts of population rows `r`, per unit and field (c0, c1, …: DossierTally's order).
_COUNTS = ",".join(
    f"\n    count(CASE WHEN {condition} THEN 1 END) AS c{i}"
    for i, condition in enumerate(_CONDITIONS)
)


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
# its last day b's end are the sums of what its aggregate rows add to each count (`segments`,
# dossier_days' *_TERMS); one not over yet is measured now, within day b: the dossiers whose
# counts differ between now and b's end — received or ending after now, or open and due between
# the two — are counted by the full scan's rules at both moments, and the difference added.
# Dossiers that end before their receipt are never in the aggregates: the scan counts them, at
# the window's end. Everything is read in one statement, so that every part sees one state.

# The units of a statement, as bound parameters (:u0, :u1, …): `_statement` fills the list in.
_UNITS = "d.unit_id IN ({units})"
_ROW = "d.id, d.unit_id, d.field, d.status, d.received_at, d.due_at, d.ended_at, d.channel, d.level"
# A population row `r` of the window at :s and :e (the full scan's three ranges, as one rule).
_MEMBER = (
    "r.status != 'registered' AND r.received_at <= :e AND (r.received_at >= :s"
    " OR (r.status != 'rejected' AND (r.ended_at IS NULL OR r.ended_at >= :s)))"
)
_BACKWARDS = (
    f"SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_backwards"
    f" WHERE {_UNITS} AND d.ended_at < d.received_at"
)


def _touching(k: int) -> str:
    """Window k's dossiers (ending on or after their receipt) that count otherwise at its end
    :e{k} (now) than at its last day's end :f{k}: received or ending after now, or open and due
    between the two. In real data none is received or ends after now: only the open dossiers
    due later today."""
    return f"""
    SELECT * FROM (
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_received
         WHERE {_UNITS} AND d.received_at > :e{k} AND d.received_at <= :f{k}
        UNION
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_ended
         WHERE {_UNITS} AND d.ended_at > :e{k}
        UNION
        SELECT {_ROW} FROM dossiers AS d INDEXED BY dossiers_unit_open_due
         WHERE {_UNITS} AND d.ended_at IS NULL AND d.due_at >= :e{k} AND d.due_at < :f{k}
    ) AS t WHERE t.ended_at IS NULL OR t.ended_at >= t.received_at"""


def _renamed(sql: str, names: Mapping[str, str]) -> str:
    """`sql` with its parameters :s and :e renamed as `names` says."""
    return re.sub(r":([se])\b", lambda m: f":{names[m[1]]}", sql)


# The statement sums, per window, unit and field, what every row it reads adds to each count:
# aggregate rows by what they stand for (dossier_days' *_TERMS), and the full scan's counts of
# the dossiers the aggregates leave to it (added, or taken out). One GROUP BY gives the tallies.
_TALLY_NAMES = tuple(f.name for f in fields(DossierTally))
_COUNT = len(_TALLY_NAMES)


# What a window's aggregate rows stand for: its flows, its stocks before its first day and
# through its last day, its last day's own row (dossier_days' *_TERMS).
FLOW, BEFORE, THROUGH, LAST_DAY = "flow", "before", "through", "last_day"
_TERMS = {
    FLOW: dossier_days.FLOW_TERMS,
    BEFORE: dossier_days.BEFORE_TERMS,
    THROUGH: dossier_days.THROUGH_TERMS,
    LAST_DAY: dossier_days.LAST_DAY_TERMS,
}

# A segment of a window's aggregate rows: their grain, and what they stand for with its sign
# (a row may stand for several parts: a year before the window is carried over and in progress).
Segment = tuple[int, tuple[tuple[str, int], ...]]


@dataclass(frozen=True, slots=True)
class Shape:
    """How a window is counted (`mode`) and, for the aggregates, its segments (their bounds are
    parameters)."""

    mode: str
    segments: tuple[Segment, ...] = ()


def segments(
    parts: Sequence[tuple[str, Sequence[tuple[int, int, int, int]]]],
) -> list[tuple[int, int, int, tuple[tuple[str, int], ...]]]:
    """Disjoint (grain, first day, day after the last, what they stand for) segments of the
    signed ranges of each part: each aggregate row read once, for every part it counts in."""
    found = []
    for grain in (2, 1, 0):
        ranges = [
            (name, lo, hi, sign)
            for name, part in parts
            for g, lo, hi, sign in part
            if g == grain and lo < hi
        ]
        bounds = sorted({b for _, lo, hi, _ in ranges for b in (lo, hi)})
        for low, high in zip(bounds, bounds[1:], strict=False):
            signs: dict[str, int] = {}
            for name, lo, hi, sign in ranges:
                if lo <= low and high <= hi:
                    signs[name] = signs.get(name, 0) + sign
            standing = tuple((name, n) for name, n in signs.items() if n)
            if standing:
                found.append((grain, low, high, standing))
    return found


Part = tuple[Mapping[str, str], int]  # terms, times how many


def _columns(parts: Sequence[Part]) -> str:
    """A row's contribution to each count (DossierTally's order): the sum of `parts`."""
    out = []
    for i, name in enumerate(_TALLY_NAMES):
        found = []
        for terms, times in parts:
            if name in terms:
                scaled = "" if abs(times) == 1 else f"{abs(times)} * "
                found.append(f"{'-' if times < 0 else '+'} {scaled}({terms[name]})")
        term = " ".join(found).removeprefix("+ ") if found else "0"
        out.append(f"{term} AS c{i}")
    return ", ".join(out)


# Which aggregate rows an arm reads: (table, which units, its rows' field). The units' own rows
# by default; an area's rows (migration 0022) for `SqliteIndicatorCounts.area()`.
Rows = tuple[str, str, str]
_UNITS_OWN: Rows = ("dossier_days", _UNITS, "d.field")


@dataclass(frozen=True, slots=True)
class _Arm:
    """A range of aggregate rows of window k and what each row adds to the counts (what it
    stands for: the flows, the stocks, or both)."""

    k: int
    where: str
    parts: tuple[Part, ...] = ()
    rows: Rows = _UNITS_OWN

    def select(self) -> str:
        """The rows' contributions, as rows of the statement's sum."""
        table, which, field = self.rows
        return (
            f"SELECT {self.k} AS w, d.unit_id, {field}, {_columns(self.parts)}"
            f" FROM {table} AS d WHERE {which} AND {self.where}"
        )


def _aggregate_arms(k: int, shape: Shape, rows: Rows = _UNITS_OWN) -> list[_Arm]:
    """Window k's segments of aggregate rows (bounds as parameters :l{k}_{i}, :h{k}_{i}), of the
    units' own rows or of `rows`."""
    arms = []
    for i, (grain, standing) in enumerate(shape.segments):
        where = f"d.grain = {grain} AND d.day >= :l{k}_{i} AND d.day < :h{k}_{i}"
        parts = tuple((_TERMS[name], sign) for name, sign in standing)
        arms.append(_Arm(k, where, parts, rows))
    return arms


def _scanned(k: int, rows: str, ends: Sequence[tuple[str, int]]) -> str:
    """The full scan's counts of window k's population among `rows`, measured at each of
    `ends` (the parameter of the window's end) times its sign, in one pass over the rows: a
    row of the statement's sum per unit and field."""
    columns = []
    for i, condition in enumerate(_CONDITIONS):
        terms = []
        for end, sign in ends:
            counted = _renamed(f"{_MEMBER} AND ({condition})", {"s": f"s{k}", "e": end})
            terms.append(f"{'-' if sign < 0 else '+'} count(CASE WHEN {counted} THEN 1 END)")
        columns.append(f"{' '.join(terms).removeprefix('+ ')} AS c{i}")
    return (
        f"SELECT {k} AS w, r.unit_id, r.field, {', '.join(columns)}"
        f" FROM ({rows}) AS r GROUP BY r.unit_id, r.field"
    )


# How a window is counted: from the aggregates (its end the last second of its last day), from
# the aggregates measured within its last day, or by the full scan alone.
AT_DAY_END, WITHIN_DAY, SCAN = "day_end", "within_day", "scan"


def unit_list(n: int, prefix: str = "u") -> str:
    """The bound parameters of n units (:u0, :u1, … or another prefix)."""
    return ", ".join(f":{prefix}{i}" for i in range(n))


@lru_cache(maxsize=64)
def _statement(shapes: tuple[Shape, ...], units: int) -> str:
    """One statement for windows counted as `shapes` say, over `units` units (:u0, …): the
    aggregates' UTC offset (a row led by -1), then per window, unit and field its counts
    (window, unit, field, DossierTally's counts), every part of them summed in SQL."""
    rows: list[str] = []
    for k, shape in enumerate(shapes):
        if shape.mode == SCAN:
            scan = _renamed(_tally_of(_POPULATION), {"s": f"s{k}", "e": f"e{k}"})
            rows.append(f"SELECT {k} AS w, * FROM ({scan})")
            continue
        rows += [arm.select() for arm in _aggregate_arms(k, shape)]
        if shape.mode == WITHIN_DAY:
            # The dossiers counting otherwise now than at the last day's end: as now, not as
            # then (one pass over them).
            rows.append(_scanned(k, _touching(k), ((f"e{k}", 1), (f"f{k}", -1))))
        rows.append(_scanned(k, _BACKWARDS, ((f"e{k}", 1),)))
    sums = ", ".join(f"sum(c{i})" for i in range(_COUNT))
    union = "\n UNION ALL ".join(rows)
    return (
        f"SELECT -1, utc_offset, ''{', 0' * _COUNT} FROM dossier_days_meta\nUNION ALL\n"
        f"SELECT w, unit_id, field, {sums} FROM ({union}) GROUP BY w, unit_id, field"
    ).replace("{units}", unit_list(units))


# An area's statement (`SqliteIndicatorCounts.area()`): for its first window, the area's own
# rows and its units' sums per field (rows of the area, by field), each member's sum of every
# field (rows of the member, field NULL) and the rows of the other units the window counts (a
# merger's predecessors, by field); for each later window the sums of every field of the area
# and of its other units (field NULL); the full scan's share over each window's units, per unit
# and field, as in `_statement`. Then whether the aggregates sum the same units: those under
# the area (all of them counted, and one fewer than the area's units) and under the other
# units (none), led by -4.
_OWN_FIELDS: Rows = ("dossier_days", "d.unit_id = :area", "d.field")
_AREA_FIELDS: Rows = ("area_fields", "d.unit_id = :area", "d.field")
_MEMBER_TOTALS: Rows = ("area_totals", "d.unit_id IN ({members})", "NULL")
_AREA_TOTAL: Rows = ("area_totals", "d.unit_id = :area", "NULL")
_UNDER_ROW = (
    "SELECT -4, count(*), count(CASE WHEN a.unit_id IN (SELECT value FROM json_each(:inside))"
    " THEN 1 END), (SELECT count(*) FROM unit_areas AS o WHERE o.area_id IN"
    f" (SELECT value FROM json_each(:extras))){', NULL' * (_COUNT - 1)}"
    " FROM unit_areas AS a WHERE a.area_id = :area"
)
UNDER_ROW = -4


def _extra_rows(k: int, extras: int) -> list[Rows]:
    """The rows of window k's other units (:x{k}_0, …): by field for the first window, their
    sums of every field for the others."""
    if not extras:
        return []
    which = f"d.unit_id IN ({unit_list(extras, f'x{k}_')})"
    return [("dossier_days", which, "d.field") if k == 0 else ("area_totals", which, "NULL")]


@lru_cache(maxsize=64)
def _area_statement(
    shapes: tuple[Shape, ...], inside: int, members: int, extras: tuple[int, ...], tasks: bool
) -> str:
    """The statement of an area's report over windows counted from the aggregates as `shapes`
    say (none scanned): the area and the `inside` units under it and itself (:u0, …),
    `members` members (:m0, …), `extras[k]` other units window k counts (:x{k}_0, …)."""
    rows: list[str] = []
    for k, shape in enumerate(shapes):
        sources = [_OWN_FIELDS, _AREA_FIELDS, *([_MEMBER_TOTALS] if members else [])]
        for source in [*(sources if k == 0 else [_AREA_TOTAL]), *_extra_rows(k, extras[k])]:
            rows += [arm.select() for arm in _aggregate_arms(k, shape, source)]
        # The full scan's share over the window's units.
        scans = [_scanned(k, _BACKWARDS, ((f"e{k}", 1),))]
        if shape.mode == WITHIN_DAY:
            scans.insert(0, _scanned(k, _touching(k), ((f"e{k}", 1), (f"f{k}", -1))))
        units = ", ".join(filter(None, [unit_list(inside), unit_list(extras[k], f"x{k}_")]))
        rows += [scan.replace("{units}", units) for scan in scans]
    sums = ", ".join(f"sum(c{i})" for i in range(_COUNT))
    union = "\n UNION ALL ".join(rows)
    parts = [
        f"SELECT -1, utc_offset, ''{', 0' * _COUNT} FROM dossier_days_meta",
        f"SELECT w, unit_id, field, {sums} FROM ({union}) GROUP BY w, unit_id, field",
        _UNDER_ROW,
        _CASE_ROWS,
        *([_TASK_ROWS] if tasks else []),
    ]
    return "\nUNION ALL\n".join(parts).replace("{members}", unit_list(members, "m"))


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

# A report's one statement: its dossier counts (`_statement`), then the feedback cases of the
# windows' span (:s, :e) led by -2 and the tasks of :year by the first window's end (:te) led by
# -3, each padded to the width of a row of counts.
_WIDTH = 3 + _COUNT
_CASE_ROWS = f"SELECT -2, *{', NULL' * (_WIDTH - 11)} FROM ({_CASES})"
_TASK_ROWS = f"SELECT -3, *{', NULL' * (_WIDTH - 4)} FROM ({_TASKS.replace(':e', ':te')})"
CASES_ROW, TASKS_ROW = -2, -3


@lru_cache(maxsize=64)
def _report_statement(shapes: tuple[Shape, ...], units: int, tasks: bool) -> str:
    """`_statement`, then the feedback cases' rows and (`tasks`) the tasks' rows."""
    parts = [_statement(shapes, units), _CASE_ROWS, *([_TASK_ROWS] if tasks else [])]
    return "\nUNION ALL\n".join(parts)


_EPOCH_DAY = date(1970, 1, 1)


_ZERO = DossierTally()


def _summed(rows: Sequence[Sequence[int]]) -> DossierTally:
    """The tally of some rows of counts (`indicators.total` of theirs)."""
    return total(DossierTally(*r) for r in rows)


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


def _window_params(k: int, window: Window, offset: int, params: dict[str, object]) -> Shape:
    """Window k's parameters, and how it is counted."""
    start, end = epoch(window.start), epoch(window.end)
    params[f"s{k}"] = start
    params[f"e{k}"] = end
    if (start + offset) % dossier_days.DAY or end < start:
        return Shape(SCAN)
    first = dossier_days.local_day(start, offset)
    last = dossier_days.local_day(end, offset)
    day_end = (last + 1) * dossier_days.DAY - offset - 1
    segmented, bounds = _days_segments(first, last)
    for i, (low, high) in enumerate(bounds):
        params[f"l{k}_{i}"] = low
        params[f"h{k}_{i}"] = high
    params[f"f{k}"] = day_end
    return Shape(AT_DAY_END if end == day_end else WITHIN_DAY, segmented)


@lru_cache(maxsize=1024)
def _days_segments(
    first: int, last: int
) -> tuple[tuple[Segment, ...], tuple[tuple[int, int], ...]]:
    """The segments of the local days [first, last] and their bounds (the same for every
    report on those days: worked out once)."""
    found = segments(
        (
            (FLOW, dossier_days.span_ranges(first, last + 1)),
            (BEFORE, dossier_days.prefix_ranges(first)),
            (THROUGH, dossier_days.prefix_ranges(last + 1)),
            (LAST_DAY, ((0, last, last + 1, 1),)),
        )
    )
    segmented = tuple((grain, standing) for grain, _, _, standing in found)
    return segmented, tuple((low, high) for _, low, high, _ in found)


def _dossier_params(
    units: Sequence[int], windows: Sequence[Window], utc_offset: int
) -> tuple[dict[str, object], tuple[Shape, ...]]:
    """The parameters of `_statement` for the windows, and how each is counted."""
    params: dict[str, object] = {f"u{i}": unit for i, unit in enumerate(units)}
    params["units"] = json.dumps(list(units))  # the full scan's, for a window it counts
    params["off"] = utc_offset
    shapes = tuple(_window_params(k, w, utc_offset, params) for k, w in enumerate(windows))
    return params, shapes


def _case(r: Sequence[object]) -> CaseFacts:
    """A row of `_CASES` as the facts of a feedback case."""
    received = _moment(r[2])
    assert received is not None
    return CaseFacts(
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


def _cases_and_tasks(
    rows: Sequence[Sequence[object]],
) -> tuple[list[CaseFacts], dict[int, TaskCounts]]:
    """The feedback cases' rows (-2) and the tasks' rows (-3) of a report's statement."""
    cases = [_case(r[1:]) for r in rows if r[0] == CASES_ROW]
    tasks = {
        _int(r[1]): TaskCounts(done=_int(r[2]), total=_int(r[3])) for r in rows if r[0] == TASKS_ROW
    }
    return cases, tasks


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
        if not windows or not units:
            return [{} for _ in windows]
        params, shapes = _dossier_params(units, windows, utc_offset)
        rows = await self._read(_statement(shapes, len(units)), params, shapes, len(units))
        return await self._dossier_counts(rows, units, windows, utc_offset)

    async def read(
        self,
        units: Sequence[int],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> CountsRead:
        """The dossier counts of every window (as `dossiers()`), the feedback cases of their
        span (as `cases()`) and the tasks of `task_year` by the first window's end (as
        `tasks()`), in one statement: one round trip, one state."""
        if not windows or not units:
            return CountsRead([{} for _ in windows], [], {})
        params, shapes = _dossier_params(units, windows, utc_offset)
        span = Window.spanning(windows)
        params["s"], params["e"] = epoch(span.start), epoch(span.end)
        if task_year is not None:
            params["year"], params["te"] = task_year, epoch(windows[0].end)
        sql = _report_statement(shapes, len(units), task_year is not None)
        rows = await self._read(sql, params, shapes, len(units))
        counts = await self._dossier_counts(rows, units, windows, utc_offset)
        return CountsRead(counts, *_cases_and_tasks(rows))

    async def area(
        self,
        area: int,
        members: Sequence[int],
        inside: Sequence[int],
        extras: Sequence[Sequence[int]],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> AreaRead | None:
        """An area's counts from the areas' aggregates (as `read()` gives them over `inside`,
        the area and every unit under it, and `extras[k]`, the other units window k counts,
        summed: the full scan's figures exactly), in one statement; None where they cannot
        give them: a window they do not serve, other local days, or units other than those the
        aggregates sum (a tree changed since, another unit with units under it)."""
        counted = sorted({*inside, *(unit for more in extras for unit in more)})
        if (
            not windows
            or area not in inside
            or len(extras) != len(windows)
            or len(counted) != len(set(inside)) + len({u for more in extras for u in more})
        ):
            return None
        params, shapes = _dossier_params(inside, windows, utc_offset)
        if any(shape.mode == SCAN for shape in shapes):
            return None
        params["units"] = json.dumps(counted)  # the feedback cases' and the tasks'
        params["inside"] = json.dumps(list(inside))
        params["extras"] = json.dumps(sorted(set(counted) - set(inside)))
        params["area"] = area
        params.update({f"m{i}": unit for i, unit in enumerate(members)})
        for k, more in enumerate(extras):
            params.update({f"x{k}_{i}": unit for i, unit in enumerate(more)})
        span = Window.spanning(windows)
        params["s"], params["e"] = epoch(span.start), epoch(span.end)
        if task_year is not None:
            params["year"], params["te"] = task_year, epoch(windows[0].end)
        sql = _area_statement(
            shapes, len(inside), len(members), tuple(map(len, extras)), task_year is not None
        )
        found = cast(Sequence[tuple[Any, ...]], await self._read(sql, params, shapes, len(counted)))
        under = len(set(inside)) - 1
        if (found[0][0] == -1 and found[0][1] != utc_offset) or any(
            r[0] == UNDER_ROW and r[1:4] != (under, under, 0) for r in found
        ):
            return None
        fields: dict[str, list[Sequence[int]]] = {}
        in_members: dict[int, list[Sequence[int]]] = {}
        totals: list[list[Sequence[int]]] = [[] for _ in windows[1:]]
        wanted = set(members)
        for r in found:
            w, unit, field = r[0], r[1], r[2]
            if w < 0:
                continue
            if w > 0:
                totals[w - 1].append(r[3:])
                continue
            if field is not None:
                fields.setdefault(field, []).append(r[3:])
            if unit in wanted:
                in_members.setdefault(unit, []).append(r[3:])
        summed = {name: _summed(rows) for name, rows in fields.items()}
        per_member = {unit: _summed(rows) for unit, rows in in_members.items()}
        return AreaRead(
            {name: tally for name, tally in summed.items() if tally != _ZERO},
            {unit: tally for unit, tally in per_member.items() if tally != _ZERO},
            [_summed(rows) for rows in totals],
            *_cases_and_tasks(found),
        )

    async def _read(
        self, sql: str, params: Mapping[str, object], shapes: Sequence[Shape], units: int
    ) -> list[tuple[object, ...]]:
        """A statement's rows: a brief read where the aggregates serve every window over a few
        units (its cost does not grow with the dossiers), the reader's thread where a window is
        scanned or the units are many (BRIEF_UNITS)."""
        if units > BRIEF_UNITS or any(shape.mode == SCAN for shape in shapes):
            return await self._db.fetchall(sql, params)
        return await self._db.fetchall_brief(sql, params)

    async def _dossier_counts(
        self,
        rows: Sequence[tuple[object, ...]],
        units: Sequence[int],
        windows: Sequence[Window],
        utc_offset: int,
    ) -> list[dict[int, dict[str, DossierTally]]]:
        """The dossier counts among a statement's rows (rows of plain integers and the field's
        text, read without conversions)."""
        found = cast(Sequence[tuple[Any, ...]], rows)
        if found and found[0][0] == -1 and found[0][1] != utc_offset:
            # The aggregates count other local days (`aggregates rebuild` sets them): scan.
            return await self.scan(units, windows, utc_offset)
        out: list[dict[int, dict[str, DossierTally]]] = [{} for _ in windows]
        for r in found:
            if r[0] >= 0 and any(r[3:]):
                out[r[0]].setdefault(r[1], {})[r[2]] = DossierTally(*r[3:])
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
            # By key (a code each): brief, on the loop's own connection.
            for r in await self._db.fetchall_brief(_FLAGGED, params):
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
        return [_case(r) for r in rows]

    async def tasks(self, units: Sequence[int], year: int, window: Window) -> dict[int, TaskCounts]:
        """Per unit, its CCHC tasks of `year`: done by the window's end, and all of them."""
        params = _params(units, window) | {"year": year}
        rows = await self._db.fetchall(_TASKS, params)
        return {_int(r[0]): TaskCounts(done=_int(r[1]), total=_int(r[2])) for r in rows}
