"""Use-case: import dossiers or tasks from a table, streaming in batches — all or nothing, or
with `skip_bad` the good rows only (the bad ones listed)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.domain.imports import (
    DossierRowParser,
    HeaderMap,
    ImportKind,
    RowError,
    Table,
    TaskRowParser,
    UnitResolver,
    map_header,
)
from bot.domain.models import DossierStatus, Unit
from bot.domain.texts import t
from bot.ports import DossierRepository, ImportSession, TaskRepository

BATCH_SIZE = 5_000
# Errors are kept (and printed sorted by line) up to this many; past it they stream as found.
KEEP_ERRORS = 10_000


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: rows written (new/updated), units touched, and the bad rows."""

    kind: ImportKind
    total: int = 0
    new: int = 0
    updated: int = 0
    units: int = 0
    error_count: int = 0
    errors: tuple[RowError, ...] = field(default_factory=tuple)
    skipped: bool = False  # the bad rows were left out and the good ones imported

    @property
    def ok(self) -> bool:
        """True when the file was imported (no bad row, or the bad ones skipped)."""
        return self.error_count == 0 or self.skipped


ErrorSink = Callable[[RowError], None]


class _Parser(Protocol):
    def parse(self, line: int, cells: Sequence[Any]) -> Any: ...


class _Errors:
    """Collects bad rows in line order while few; streams them once there are many."""

    def __init__(self, sink: ErrorSink | None) -> None:
        self._sink = sink
        self.kept: list[RowError] = []
        self.count = 0
        self.streaming = False

    def add(self, error: RowError) -> None:
        self.count += 1
        if self.streaming:
            if self._sink is not None:
                self._sink(error)
            return
        self.kept.append(error)
        if len(self.kept) > KEEP_ERRORS:
            self.streaming = True
            self.kept.sort(key=lambda e: e.line)
            if self._sink is not None:
                for kept in self.kept:
                    self._sink(kept)
            del self.kept[100:]

    def finish(self) -> tuple[RowError, ...]:
        self.kept.sort(key=lambda e: e.line)
        if not self.streaming and self._sink is not None:
            for error in self.kept:
                self._sink(error)
        return tuple(self.kept)


# C0 controls but tab, line feed and carriage return (a cell may hold several lines), and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(cells: Sequence[Any]) -> str | None:
    """The first control character in a row's text cells, as U+XXXX (None when clean)."""
    try:
        # A CSV row is all text: one search over the joined cells finds the same first one.
        found = _CONTROL.search("".join(cells))
    except TypeError:  # an XLSX row holds numbers and dates too
        for cell in cells:
            if type(cell) is str:
                found = _CONTROL.search(cell)
                if found is not None:
                    return f"U+{ord(found[0]):04X}"
        return None
    return None if found is None else f"U+{ord(found[0]):04X}"


async def _run(
    kind: ImportKind,
    table: Table,
    parser: _Parser,
    importing: Callable[[datetime], Any],
    now: datetime,
    on_error: ErrorSink | None,
    batch_size: int,
    skip_bad: bool = False,
) -> ImportResult:
    errors = _Errors(on_error)
    units: set[int] = set()
    parse = parser.parse
    session: ImportSession[Any]
    async with importing(now) as session:
        pending: asyncio.Future[None] | None = None
        records: list[Any] = []
        lines: list[int] = []
        for line, cells in table.rows:
            bad = control_character(cells)
            if bad is not None:
                errors.add(RowError(line, "import.bad.control", {"char": bad}))
                continue
            result = parse(line, cells)
            if type(result) is tuple:
                records.append(result)
                lines.append(line)
                units.add(result[1])
                if len(records) >= batch_size:
                    if pending is not None:
                        await pending
                    # Let SQLite's thread write this batch while the next one is parsed.
                    pending = asyncio.ensure_future(session.stage(records, lines))
                    await asyncio.sleep(0)
                    records, lines = [], []
            else:
                errors.add(result)
        if pending is not None:
            await pending
        if records:
            await session.stage(records, lines)
        repeated = await session.duplicates()
        for line, first, code in repeated:
            errors.add(RowError(line, "import.bad.duplicate", {"code": code, "first": str(first)}))
        if errors.count and not skip_bad:
            return ImportResult(kind, error_count=errors.count, errors=errors.finish())
        if repeated:  # skipping: a repeated code keeps its first line
            await session.discard([line for line, _, _ in repeated])
        new, updated = await session.merge()
    return ImportResult(
        kind,
        new + updated,
        new,
        updated,
        len(units),
        errors.count,
        errors.finish(),
        skipped=bool(errors.count),
    )


async def import_dossiers(
    table: Table,
    repo: DossierRepository,
    units: Sequence[Unit],
    *,
    tz: ZoneInfo,
    now: datetime,
    ward: Unit | None = None,
    on_error: ErrorSink | None = None,
    batch_size: int = BATCH_SIZE,
    header_map: Mapping[str, str] | None = None,
    status_map: Mapping[str, DossierStatus] | None = None,
    skip_bad: bool = False,
) -> ImportResult:
    """Import a dossier table; raises HeaderError when a required column is missing (and
    MappingError when `header_map` names a column the file lacks)."""
    header = map_header(
        table.header, ImportKind.DOSSIERS, has_ward=ward is not None, mapping=header_map
    )
    parser = DossierRowParser(header, UnitResolver(units), tz, ward, status_map)
    return await _run(
        ImportKind.DOSSIERS, table, parser, repo.importing, now, on_error, batch_size, skip_bad
    )


async def import_tasks(
    table: Table,
    repo: TaskRepository,
    units: Sequence[Unit],
    *,
    tz: ZoneInfo,
    now: datetime,
    ward: Unit | None = None,
    on_error: ErrorSink | None = None,
    batch_size: int = BATCH_SIZE,
    header_map: Mapping[str, str] | None = None,
    skip_bad: bool = False,
) -> ImportResult:
    """Import a task table; raises HeaderError when a required column is missing."""
    header: HeaderMap = map_header(
        table.header, ImportKind.TASKS, has_ward=ward is not None, mapping=header_map
    )
    parser = TaskRowParser(header, UnitResolver(units), tz, ward)
    return await _run(
        ImportKind.TASKS, table, parser, repo.importing, now, on_error, batch_size, skip_bad
    )


def number(n: int, lang: str = "vi") -> str:
    """A count the way the language writes it (vi: 4.545)."""
    return str(format_decimal(n, locale="vi" if lang == "vi" else "en"))


def render_error(error: RowError, lang: str = "vi") -> str:
    """`dòng N: <reason>; <reason>` for one bad row, every problem of it."""
    reasons = []
    for key, given in error.problems:
        values = dict(given)
        if "column" in values:
            values["column"] = t(lang, f"import.column.{values['column']}")
        reasons.append(t(lang, key, **values))
    return t(lang, "import.line", line=error.line, reason="; ".join(reasons))


def render_summary(result: ImportResult, lang: str = "vi") -> str:
    """The closing sentence: what was imported (and how many lines were skipped), or how many
    lines were bad."""
    if not result.ok:
        return t(lang, "import.failed", count=number(result.error_count, lang))
    done = t(
        lang,
        f"import.done.{result.kind.value}",
        total=number(result.total, lang),
        new=number(result.new, lang),
        updated=number(result.updated, lang),
        units=number(result.units, lang),
    )
    if result.skipped:
        done += t(lang, "import.skipped", count=number(result.error_count, lang))
    return done
