"""The figures' daily aggregates (migration 0018): per unit, field and local day, how many
dossiers were received, ended or fell due there, by what the figures need.

A window [a, b] of local days, seen at b's end, is counted from four sets of aggregate rows per
unit and field, each row adding to the counts as FLOW_TERMS, BEFORE_TERMS, THROUGH_TERMS and
LAST_DAY_TERMS say: the flows over [a, b] (`span_ranges`: one row for a month, a quarter or a
year, a year less its last weeks for a year so far); the stocks before a and through b
(`prefix_ranges`: the years before, then within the year forwards or backwards, whichever
reads fewer rows); and day b's own row. A row that several of them read is read once
(storage/indicators.py `segments`), in the one statement that sums them. `rebuild()`
recomputes the aggregates from the dossiers; `BulkDelta` lets an import replace the per-row
triggers by one delta. Both keep the areas' sums (migration 0022: per area and field the rows
of the units under it, per unit every field of it and of the units under it) in bulk; every
other write of a day row carries into them through its triggers.

Notation (the migration's): R a dossier's receipt day, N its end day, K its due key (the last
day at whose end it is still within its due moment). For a window [a, b] seen at b's end, of
the dossiers received (1 and 3 aside) and not ending before their receipt:

* carried over = received before a − ended before a (every one ends on or after its receipt);
* new = received in [a, b], by channel; refused = status 3 received in [a, b];
* ended in [a, b]: by status class and on time, as the dossier ended;
* paused without an end time (5, 6) = received by b, on time, "assumed";
* in progress at b's end = received by b − paused − ended by b; of those, overdue = (open, or
  ended after K, with K before b) − (ended after K, by b): an open dossier, or one that ends
  after its K, is overdue exactly between K and its end.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import aiosqlite

from storage.db import Database

DAY = 86_400
EPOCH_DAY = date(1970, 1, 1)

# The count columns of dossier_days and dossier_day_events, in the migration's order.
COLUMNS: tuple[str, ...] = (
    "received",
    "online",
    "postal",
    "online_full",
    "online_partial",
    "refused",
    "paused_supplement",
    "paused_financial",
    "ended",
    "early",
    "on_day",
    "late",
    "supplement",
    "financial",
    "withdrawn",
    "stopped",
    "ended_on_time",
    "ended_overdue",
    "due_open",
)
WIDTH = len(COLUMNS)
_LIST = ", ".join(COLUMNS)
_SUMS = ", ".join(f"sum({c})" for c in COLUMNS)
_SUMS_AS = ", ".join(f"sum({c}) AS {c}" for c in COLUMNS)
_ADD = ", ".join(f"{c} = {c} + excluded.{c}" for c in COLUMNS)

# How each aggregate row a window reads adds to its counts (DossierTally's fields), by what the
# row stands for: the window's flows; the stocks before its first day (carried over); the stocks
# through its last day (in progress within or past due, paused); that last day's own row (the
# due keys of that day, not yet past due at its end). The formulas of the module's docstring,
# term by term: every count is the sum of these expressions over the rows read.
FLOW_TERMS: dict[str, str] = {
    "new": "received",
    "early": "early",
    "on_day": "on_day",
    "late": "late",
    "supplement": "supplement",
    "financial": "financial",
    "withdrawn": "withdrawn",
    "stopped": "stopped",
    "refused": "refused",
    "on_time": "ended_on_time",
    "online": "online",
    "postal": "postal",
    "online_full": "online_full",
    "online_partial": "online_partial",
}
BEFORE_TERMS: dict[str, str] = {"carried_over": "received - ended"}
THROUGH_TERMS: dict[str, str] = {
    # in progress (received − paused − ended) less overdue (due keys passed − ended after K)
    "in_time": "received - paused_supplement - paused_financial - ended - due_open + ended_overdue",
    "overdue": "due_open - ended_overdue",
    "supplement": "paused_supplement",
    "financial": "paused_financial",
    "on_time": "received - ended - due_open + ended_overdue",  # paused + in time
    "assumed": "paused_supplement + paused_financial",
}
LAST_DAY_TERMS: dict[str, str] = {
    "in_time": "due_open",
    "overdue": "-due_open",
    "on_time": "due_open",
}

# The triggers an import replaces by its bulk delta (the delete trigger stays: it never runs).
BULK_TRIGGERS = ("dossier_days_insert", "dossier_days_update_old", "dossier_days_update_new")
# The triggers carrying each change of a day row into the areas' sums (migration 0022): a bulk
# write (an import's delta, a rebuild) drops them and writes the areas' sums in bulk.
AREA_TRIGGERS = ("area_days_insert", "area_days_update", "area_days_rekey", "area_days_delete")


def local_day(epoch: int, utc_offset: int) -> int:
    """The local day (days since 1970-01-01) of an epoch second."""
    return (epoch + utc_offset) // DAY


def _day(d: date) -> int:
    return (d - EPOCH_DAY).days


SignedRange = tuple[int, int, int, int]  # (grain, first day, day after the last, ±1)
_FAR = -(2**40)  # before any day


@lru_cache(maxsize=4096)
def prefix_ranges(day: int, backward: bool | None = None) -> tuple[SignedRange, ...]:
    """(grain, first day, day after the last, sign) of the rows whose signed sum counts the
    days before `day`: the years before its year, then within its year either the months
    before its month and the days of its month before it, or (`backward`; by default when that
    reads fewer rows) its whole year less the months after its month and the days of its month
    from it on."""
    d = EPOCH_DAY + timedelta(days=day)
    year = _day(date(d.year, 1, 1))
    month = _day(date(d.year, d.month, 1))
    next_year = _day(date(d.year + 1, 1, 1))
    next_month = _day(date(d.year + d.month // 12, d.month % 12 + 1, 1))
    if backward is None:
        backward = (12 - d.month) + (next_month - day) < (d.month - 1) + (day - month)
    if not backward:
        return ((2, _FAR, year, 1), (1, year, month, 1), (0, month, day, 1))
    return ((2, _FAR, next_year, 1), (1, next_month, next_year, -1), (0, day, next_month, -1))


def _simplified(ranges: Sequence[SignedRange]) -> tuple[SignedRange, ...]:
    """The same signed sum with ranges of one grain and opposite signs that share a first or a
    last day merged into their difference (an empty range stays in place, as (grain, 0, 0, 1))."""
    out = list(ranges)
    merged = True
    while merged:
        merged = False
        for x in range(len(out)):
            for y in range(x + 1, len(out)):
                g1, a1, b1, s1 = out[x]
                g2, a2, b2, s2 = out[y]
                if g1 != g2 or s1 == s2 or a1 >= b1 or a2 >= b2 or (a1 != a2 and b1 != b2):
                    continue
                if a1 == a2:  # the longer one less the shorter: the days after the shorter
                    rest = (g1, min(b1, b2), max(b1, b2), s1 if b1 > b2 else s2)
                else:  # the days before the shorter one's first
                    rest = (g1, min(a1, a2), max(a1, a2), s1 if a1 < a2 else s2)
                out[x], out[y] = rest, (g2, 0, 0, 1)
                merged = True
    return tuple(out)


def _direct(first: int, after: int) -> tuple[SignedRange, ...]:
    """[first, after) as days up to a month's start, months up to a year's, years, months,
    days: every range added."""
    d = EPOCH_DAY + timedelta(days=first)
    month_after = _day(date(d.year + d.month // 12, d.month % 12 + 1, 1)) if d.day > 1 else first
    e = EPOCH_DAY + timedelta(days=after)
    last_month = _day(date(e.year, e.month, 1))
    last_year = _day(date(e.year, 1, 1))
    days_end = min(after, month_after)
    y = EPOCH_DAY + timedelta(days=days_end)
    year_after = days_end if (y.month, y.day) == (1, 1) else _day(date(y.year + 1, 1, 1))
    months_end = max(days_end, min(year_after, last_month))
    years_end = max(months_end, last_year)
    months2_end = max(years_end, last_month)
    return (
        (0, first, days_end, 1),
        (1, days_end, months_end, 1),
        (2, months_end, years_end, 1),
        (1, years_end, months2_end, 1),
        (0, months2_end, after, 1),
    )


@lru_cache(maxsize=4096)
def span_ranges(first: int, after: int) -> tuple[SignedRange, ...]:
    """Five signed ranges of bucket rows whose sum counts the days [first, after), the way that
    reads fewest rows: days, months, years, months, days; or the prefix before `after` less
    the prefix before `first` — their common years left out, each prefix forwards or backwards
    within its year, ranges that overlap merged."""
    best = _direct(first, after)
    cost = calendar_cost([(g, lo, hi) for g, lo, hi, _ in best])
    for back_first in (False, True):
        for back_after in (False, True):
            low = prefix_ranges(first, back_first)
            high = prefix_ranges(after, back_after)
            start, end = low[0][2], high[0][2]  # where each prefix's years end
            years = (2, start, end, 1) if start <= end else (2, end, start, -1)
            ranges = _simplified(
                (years, *((g, lo, hi, -sign) for g, lo, hi, sign in low[1:]), *high[1:])
            )
            found = calendar_cost([(g, lo, hi) for g, lo, hi, _ in ranges])
            if found < cost:
                best, cost = ranges, found
    return best


def calendar_cost(ranges: Sequence[tuple[int, int, int]]) -> int:
    """How many buckets (days, months, years) some ranges span: the rows they read per unit
    and field when every bucket holds dossiers."""
    cost = 0
    for grain, low, high in ranges:
        if high <= low:
            continue
        if grain == 0:
            cost += high - low
        else:
            a, b = EPOCH_DAY + timedelta(days=max(low, -(10**6))), EPOCH_DAY + timedelta(days=high)
            months = (b.year - a.year) * 12 + b.month - a.month
            cost += months if grain == 1 else max(months // 12, 1)
    return cost


# --- rebuilding -------------------------------------------------------------------------------

_MONTH = "CAST(julianday(day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER)"
_YEAR = "CAST(julianday(day * 86400, 'unixepoch', 'start of year') - 2440587.5 AS INTEGER)"


async def _add_grains(
    conn: aiosqlite.Connection,
    source: str,
    *,
    unique: bool,
    table: str = "dossier_days",
    by_field: bool = True,
) -> None:
    """Add the day rows of `source` (unit_id, day, [field,] COLUMNS; `unique`: one row per
    unit, day [and field]) to `table` at every grain (`by_field`: its rows are per field, as
    dossier_days' and area_fields'; area_totals' are not): the days, the months summed from
    them once, the years from the months (each sum of 19 columns over the rows is most of the
    cost: the years read the months, a twelfth of the rows or fewer)."""
    field = ", field" if by_field else ""
    upsert = f" ON CONFLICT (unit_id, grain, day{field}) DO UPDATE SET {_ADD}"
    into = f"INSERT INTO {table} (unit_id, grain, day{field}, {_LIST})"
    if unique:
        days = f"SELECT unit_id, 0, day{field}, {_LIST} FROM {source} WHERE true"
    else:
        days = f"SELECT unit_id, 0, day{field}, {_SUMS} FROM {source} GROUP BY unit_id, day{field}"
    await conn.execute(into + f" {days}" + upsert)
    await conn.execute("DROP TABLE IF EXISTS temp.grain_months")
    await conn.execute(
        f"CREATE TEMP TABLE grain_months AS SELECT unit_id, {_MONTH} AS day{field}, {_SUMS_AS}"
        f" FROM {source} GROUP BY unit_id, {_MONTH}{field}"
    )
    await conn.execute(
        into + f" SELECT unit_id, 1, day{field}, {_LIST} FROM temp.grain_months WHERE true" + upsert
    )
    await conn.execute(
        into + f" SELECT unit_id, 2, {_YEAR}{field}, {_SUMS} FROM temp.grain_months WHERE true"
        f" GROUP BY unit_id, {_YEAR}{field}" + upsert
    )
    await conn.execute("DROP TABLE temp.grain_months")


# The areas' share of some day rows (unit_id, day, field, COLUMNS), per area, day and field: the
# rows of the units under it (migration 0022).
_UNDER = (
    f"SELECT a.area_id AS unit_id, t.day, t.field, {_SUMS_AS}"
    " FROM {rows} AS t JOIN unit_areas AS a ON a.unit_id = t.unit_id"
    " GROUP BY a.area_id, t.day, t.field"
)


async def _add_to_areas(conn: aiosqlite.Connection, rows: str) -> None:
    """Add the day rows of the temp table `rows` (unit_id, day, field, COLUMNS) to the areas'
    sums, at every grain: per area and field the rows of the units under it; per unit every
    field of its own rows, and per area every field of those area rows (area_totals, as the
    migration's view defines it)."""
    await conn.execute("DROP TABLE IF EXISTS temp.area_fields_delta")
    await conn.execute(f"CREATE TEMP TABLE area_fields_delta AS {_UNDER.replace('{rows}', rows)}")
    await _add_grains(conn, "temp.area_fields_delta", unique=True, table="area_fields")
    for source in (rows, "temp.area_fields_delta"):
        await conn.execute("DROP TABLE IF EXISTS temp.area_totals_delta")
        await conn.execute(
            f"CREATE TEMP TABLE area_totals_delta AS SELECT unit_id, day, {_SUMS_AS}"
            f" FROM {source} GROUP BY unit_id, day"
        )
        await _add_grains(
            conn, "temp.area_totals_delta", unique=True, table="area_totals", by_field=False
        )
    await conn.execute("DROP TABLE temp.area_totals_delta")
    await conn.execute("DROP TABLE temp.area_fields_delta")


async def refill_areas(conn: aiosqlite.Connection) -> None:
    """The areas' sums recomputed from the day rows (the migration's views)."""
    await conn.execute("DELETE FROM area_fields")
    await conn.execute("DELETE FROM area_totals")
    await conn.execute("INSERT INTO area_fields SELECT * FROM area_field_sums")
    await conn.execute("INSERT INTO area_totals SELECT * FROM area_total_sums")  # of the above


# The triggers keeping the areas' tree (unit_areas) as units are added, moved and removed; a
# move refills the areas' sums. A ward list imported drops them and works the tree out once.
UNIT_TRIGGERS = ("unit_areas_insert", "unit_areas_move", "unit_areas_delete")


@contextlib.asynccontextmanager
async def units_rewritten(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """Around many writes of units and their parents in the caller's transaction (a ward list
    imported): the per-unit triggers off, then the areas' tree worked out once and, where it
    changed, the areas' sums refilled once (not once per unit moved). On an error the
    caller's transaction takes everything back, the dropped triggers too."""
    triggers = await _drop_triggers(conn, UNIT_TRIGGERS)
    yield
    await conn.execute("DROP TABLE IF EXISTS temp.unit_areas_new")
    await conn.execute("CREATE TEMP TABLE unit_areas_new AS SELECT * FROM unit_area_tree")
    async with conn.execute(
        "SELECT count(*) FROM (SELECT unit_id, area_id FROM temp.unit_areas_new"
        " EXCEPT SELECT unit_id, area_id FROM unit_areas) UNION ALL"
        " SELECT count(*) FROM (SELECT unit_id, area_id FROM unit_areas"
        " EXCEPT SELECT unit_id, area_id FROM temp.unit_areas_new)"
    ) as cur:
        changed = any(int(r[0]) for r in await cur.fetchall())
    if changed:
        await conn.execute("DELETE FROM unit_areas")
        await conn.execute("INSERT INTO unit_areas SELECT * FROM temp.unit_areas_new")
        await refill_areas(conn)
    await conn.execute("DROP TABLE temp.unit_areas_new")
    await _restore_triggers(conn, triggers)


async def _drop_triggers(conn: aiosqlite.Connection, names: Sequence[str]) -> list[str]:
    """Drop the triggers named (those there are); returns their definitions, to put back."""
    placeholders = ", ".join("?" for _ in names)
    async with conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        f" AND name IN ({placeholders}) ORDER BY name",
        tuple(names),
    ) as cur:
        found = [(str(n), str(s)) for n, s in await cur.fetchall()]
    for name, _ in found:
        await conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in found]


async def _restore_triggers(conn: aiosqlite.Connection, definitions: Sequence[str]) -> None:
    """Put back the triggers `_drop_triggers` dropped."""
    for sql in definitions:
        await conn.execute(sql)


async def rebuild(
    conn: aiosqlite.Connection,
    *,
    units: Sequence[int] | None = None,
    utc_offset: int | None = None,
) -> int:
    """Recompute the aggregates from the dossiers inside the caller's write transaction: of
    `units` (default every unit), local days at `utc_offset` (default the stored one; a new
    offset rebuilds every unit), then the areas' sums; returns the day rows written."""
    if utc_offset is not None:
        if units is not None:
            raise ValueError("a new UTC offset rebuilds every unit")
        await conn.execute(
            "UPDATE dossier_days_meta SET utc_offset = ? WHERE id = 1", (utc_offset,)
        )
    chosen = "true" if units is None else "unit_id IN (SELECT value FROM json_each(:units))"
    params: Mapping[str, object] = {} if units is None else {"units": _json(units)}
    # The areas' sums in bulk at the end, not row by row through their triggers.
    triggers = await _drop_triggers(conn, AREA_TRIGGERS)
    await conn.execute(f"DELETE FROM dossier_days WHERE {chosen}", params)
    await _scratch(conn, "dossier_days_rebuilt")
    await conn.execute(
        f"INSERT INTO temp.dossier_days_rebuilt SELECT unit_id, day, field, {_SUMS}"
        f" FROM dossier_day_events WHERE {chosen} GROUP BY unit_id, day, field",
        params,
    )
    await _add_grains(conn, "temp.dossier_days_rebuilt", unique=True)
    async with conn.execute("SELECT count(*) FROM temp.dossier_days_rebuilt") as cur:
        row = await cur.fetchone()
    await conn.execute("DROP TABLE temp.dossier_days_rebuilt")
    await refill_areas(conn)
    await _restore_triggers(conn, triggers)
    return int(row[0]) if row else 0


async def stored_offset(conn: aiosqlite.Connection) -> int:
    """The UTC offset (seconds) of the aggregates' local days."""
    async with conn.execute("SELECT utc_offset FROM dossier_days_meta WHERE id = 1") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _scratch(conn: aiosqlite.Connection, name: str) -> None:
    """An empty temp table shaped like the day rows (unit_id, day, field, COLUMNS)."""
    await conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} AS"
        f" SELECT unit_id, day, field, {_LIST} FROM dossier_days WHERE false"
    )
    await conn.execute(f"DELETE FROM temp.{name}")


def _json(values: Sequence[int]) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"


# --- the import's bulk delta --------------------------------------------------------------------


@dataclass(slots=True)
class BulkDelta:
    """An import's aggregates in bulk: around a merge of `staging` (a temp table with `code`)
    into dossiers, in the import's transaction. `before()` takes out the old contributions of
    the dossiers the merge will update and drops the per-row triggers; `after()` adds the
    contributions of every merged dossier (new ids past the old maximum, and the updated ones)
    and puts the triggers back, unchanged. Other connections never see the triggers missing:
    the transaction is theirs only once committed."""

    conn: aiosqlite.Connection
    staging: str
    _triggers: list[str] | None = None
    _max_id: int | None = None

    async def before(self) -> None:
        """Old contributions out, triggers off."""
        conn = self.conn
        async with conn.execute("SELECT max(id) FROM dossiers") as cur:
            row = await cur.fetchone()
        self._max_id = None if row is None or row[0] is None else int(row[0])
        await _scratch(conn, "dossier_days_delta")
        await conn.execute("CREATE TEMP TABLE IF NOT EXISTS dossier_days_updated (id INTEGER)")
        await conn.execute("DELETE FROM temp.dossier_days_updated")
        if self._max_id is not None:
            await conn.execute(
                "INSERT INTO temp.dossier_days_updated SELECT d.id"
                f" FROM temp.{self.staging} AS s JOIN dossiers AS d ON d.code = s.code"
            )
            negated = ", ".join(f"-sum({c})" for c in COLUMNS)
            await conn.execute(
                f"INSERT INTO temp.dossier_days_delta SELECT unit_id, day, field, {negated}"
                " FROM dossier_day_events"
                " WHERE id IN (SELECT id FROM temp.dossier_days_updated)"
                " GROUP BY unit_id, day, field"
            )
        self._triggers = await _drop_triggers(conn, BULK_TRIGGERS + AREA_TRIGGERS)

    async def after(self, new: int) -> None:
        """New contributions in (`new`: how many dossiers the merge inserted), triggers back."""
        conn = self.conn
        newer = "true" if self._max_id is None else f"id > {int(self._max_id)}"
        async with conn.execute(f"SELECT count(*) FROM dossiers WHERE {newer}") as cur:
            row = await cur.fetchone()
        if row is None or int(row[0]) != new:
            # SQLite gave a new row an id below the old maximum (the maximum id was taken):
            # recount every unit instead.
            await self._restore()
            await rebuild(conn)
            return
        updated = "id IN (SELECT id FROM temp.dossier_days_updated)"
        for where in [newer] if self._max_id is None else [newer, updated]:
            await conn.execute(
                f"INSERT INTO temp.dossier_days_delta SELECT unit_id, day, field, {_SUMS}"
                f" FROM dossier_day_events WHERE {where} GROUP BY unit_id, day, field"
            )
        # A first import (no dossier before it) fills the delta once: one row per day already.
        await _add_grains(conn, "temp.dossier_days_delta", unique=self._max_id is None)
        await _add_to_areas(conn, "temp.dossier_days_delta")
        await self._restore()

    async def _restore(self) -> None:
        await _restore_triggers(self.conn, self._triggers or [])
        self._triggers = None
        await self.conn.execute("DROP TABLE IF EXISTS temp.dossier_days_delta")
        await self.conn.execute("DROP TABLE IF EXISTS temp.dossier_days_updated")


# --- rebuilding and checking, for `cchc-bot aggregates` ---------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """What the aggregates hold: units, dossiers, day rows, and the UTC offset of their days;
    `differing` is how many rows a rebuild would change (check only)."""

    units: int
    dossiers: int
    rows: int
    utc_offset: int
    differing: int = 0


class _Undo(Exception):
    """Raised inside a transaction to roll it back once it has been looked at."""


class SqliteDossierDays:
    """The aggregates as a whole: rebuild them, or check them against the dossiers."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def rebuild(self, utc_offset: int) -> Summary:
        """Recompute every unit's aggregates from the dossiers, days at `utc_offset`."""
        async with self._db.transaction() as conn:
            rows = await rebuild(conn, utc_offset=utc_offset)
            return await self._summary(conn, rows)

    async def check(self) -> Summary:
        """Whether the aggregates equal what a rebuild at their own offset gives (nothing is
        written: the rebuild is rolled back)."""
        found: Summary | None = None
        try:
            async with self._db.transaction() as conn:
                kept = await _rows(conn)
                rows = await rebuild(conn)
                rebuilt = await _rows(conn)
                differing = sum(
                    1 for key in kept.keys() | rebuilt.keys() if kept.get(key) != rebuilt.get(key)
                )
                found = await self._summary(conn, rows, differing)
                raise _Undo
        except _Undo:
            pass
        assert found is not None
        return found

    async def _summary(self, conn: aiosqlite.Connection, rows: int, differing: int = 0) -> Summary:
        async with conn.execute(
            "SELECT (SELECT count(*) FROM dossiers),"
            " (SELECT count(DISTINCT unit_id) FROM dossier_days WHERE grain = 2)"
        ) as cur:
            counted = await cur.fetchone()
        dossiers, units = (int(counted[0]), int(counted[1])) if counted else (0, 0)
        return Summary(units, dossiers, rows, await stored_offset(conn), differing)


async def _rows(conn: aiosqlite.Connection) -> dict[tuple[object, ...], tuple[object, ...]]:
    """Every aggregate row that counts something (the units' and the areas'), by its table and
    key."""
    nonzero = " OR ".join(f"{c} != 0" for c in COLUMNS)
    found: dict[tuple[object, ...], tuple[object, ...]] = {}
    for table, keys in (("dossier_days", 4), ("area_fields", 4), ("area_totals", 3)):
        async with conn.execute(f"SELECT * FROM {table} WHERE {nonzero}") as cur:
            for r in await cur.fetchall():
                found[(table, *r[:keys])] = tuple(r[keys:])
    return found
