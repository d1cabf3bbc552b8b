"""An official list of administrative units, checked whole before anything is written.

The file has one unit per row: `code,name,kind,parent_code,valid_from,valid_to,predecessors`.
Codes are reused after a merger (11329 was Phường Máy Chai, then Phường Ngô Quyền), so a unit is
known by its code *and* its period of validity: a row updates the stored unit with the same code
whose period overlaps its own (idempotent: importing the same file twice changes nothing).
`predecessors` lists, separated by ';', the codes of the units it took over; a predecessor split
between several successors appears under each. A predecessor code names the unit with that code
that ceased before this one began; a parent code the unit with that code in force when this one
began.

Pure: `parse_rows` reads cells, `plan_import` checks the rows against the stored units and says
what to write, or every problem found ("dòng N: lý do").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.domain.models import Unit
from bot.domain.texts import t
from bot.domain.wards import COMMUNE_TYPES, UNIT_TYPES, fold, slug_base

HEADER = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "predecessors")
REQUIRED = ("code", "name", "kind")
MAX_NAME = 200
MAX_SLUG = 64
_CODE = re.compile(r"\d{1,5}")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
# How wide each tier's codes are (a spreadsheet drops leading zeros: "4" is commune "00004").
_CODE_WIDTH = {"ward": 5, "other": 3, "province": 2}
_TIER_RANK = {"ward": 0, "other": 1, "province": 2}
_KIND_WORDS = {fold(word): key for key, word in UNIT_TYPES.items()} | {
    key.replace("_", " "): key for key in UNIT_TYPES
}

Ref = tuple[Literal["db", "row"], int]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one line of the file cannot be imported (a texts key and its values)."""

    line: int
    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        """'dòng N: lý do' in `lang`."""
        return t(lang, "ward_import.line", line=self.line, reason=t(lang, self.key, **self.values))


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One good row of the file."""

    line: int
    code: str
    name: str
    unit_type: str
    kind: str  # the tier: "ward", "other", "province"
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    predecessors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedUnit:
    """What to write for one row: a new unit (existing None) or an update of a stored one."""

    row: UnitRow
    existing: Unit | None
    slug: str
    parent: Ref | None
    predecessors: tuple[Ref, ...]
    changed: bool


@dataclass(frozen=True, slots=True)
class UnitImportPlan:
    """The rows in file order, each resolved against the stored units."""

    units: tuple[PlannedUnit, ...]

    @property
    def new(self) -> int:
        """Units to create."""
        return sum(1 for p in self.units if p.existing is None)

    @property
    def updated(self) -> int:
        """Stored units whose fields or lineage change."""
        return sum(1 for p in self.units if p.existing is not None and p.changed)

    @property
    def unchanged(self) -> int:
        """Stored units the file confirms as they are."""
        return sum(1 for p in self.units if p.existing is not None and not p.changed)


# --- reading -----------------------------------------------------------------------------------


def header_columns(header: Sequence[object], line: int = 1) -> dict[str, int] | RowProblem:
    """Column positions by name (case and a BOM ignored), or the problem with the header."""
    names = [str(cell or "").strip().lstrip("\ufeff").strip().lower() for cell in header]
    columns = {name: i for i, name in reversed(list(enumerate(names))) if name}
    missing = [name for name in HEADER if name not in columns]
    if missing:
        return RowProblem(
            line,
            "ward_import.bad.header",
            {"missing": ", ".join(missing), "header": ",".join(HEADER)},
        )
    return columns


def _cell(cells: Sequence[object], index: int) -> str:
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFC", str(value)).strip()


def _date(text: str) -> date:
    if m := _ISO.fullmatch(text):
        year, month, day = m[1], m[2], m[3]
    elif m := _DMY.fullmatch(text):
        day, month, year = m[1], m[2], m[3]
    else:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def parse_row(
    line: int, cells: Sequence[object], columns: Mapping[str, int]
) -> UnitRow | list[RowProblem]:
    """One row as a UnitRow, or what is wrong with it."""
    text = {name: _cell(cells, columns[name]) for name in HEADER}
    problems: list[RowProblem] = []

    def bad(key: str, **values: object) -> None:
        problems.append(RowProblem(line, key, values))

    for name in REQUIRED:
        if not text[name]:
            bad("ward_import.bad.empty", column=name)
    name = " ".join(text["name"].split())
    if name and (_has_control(name) or len(name) > MAX_NAME):
        bad("ward_import.bad.name", maximum=MAX_NAME)
    unit_type = _KIND_WORDS.get(fold(text["kind"]).replace("_", " ")) if text["kind"] else None
    if text["kind"] and unit_type is None:
        bad("ward_import.bad.kind", value=text["kind"], kinds=", ".join(UNIT_TYPES.values()))
    parent_code = text["parent_code"] or None
    kind = _tier(unit_type, parent_code) if unit_type else "ward"
    code = _code(text["code"], kind)
    if text["code"] and code is None:
        bad("ward_import.bad.code", column="code", value=text["code"])
    if parent_code is not None:
        parent_code = _code(parent_code, "other", pad=False)
        if parent_code is None:
            bad("ward_import.bad.code", column="parent_code", value=text["parent_code"])
    dates: dict[str, date | None] = {}
    for column in ("valid_from", "valid_to"):
        try:
            dates[column] = _date(text[column]) if text[column] else None
        except ValueError:
            bad("ward_import.bad.date", column=column, value=text[column])
            dates[column] = None
    start, end = dates["valid_from"], dates["valid_to"]
    if start is not None and end is not None and start > end:
        bad("ward_import.bad.reversed", start=text["valid_from"], end=text["valid_to"])
    predecessors: list[str] = []
    for part in (p.strip() for p in text["predecessors"].split(";")):
        if not part:
            continue
        predecessor = _code(part, kind)
        if predecessor is None:
            bad("ward_import.bad.code", column="predecessors", value=part)
        elif predecessor not in predecessors:
            predecessors.append(predecessor)
    if predecessors and start is None:
        bad("ward_import.bad.predecessors_need_start")
    if problems or code is None or unit_type is None:
        return problems
    return UnitRow(line, code, name, unit_type, kind, parent_code, start, end, tuple(predecessors))


def _tier(unit_type: str, parent_code: str | None) -> str:
    if unit_type in COMMUNE_TYPES:
        return "ward"
    if unit_type == "tinh" or (unit_type == "thanh_pho" and parent_code is None):
        return "province"
    return "other"


def _code(text: str, kind: str, *, pad: bool = True) -> str | None:
    text = text.strip()
    if not _CODE.fullmatch(text):
        return None
    return text.zfill(_CODE_WIDTH[kind]) if pad else text


def parse_rows(
    rows: Iterable[tuple[int, Sequence[object]]], columns: Mapping[str, int]
) -> tuple[list[UnitRow], list[RowProblem]]:
    """Every row read; blank rows skipped."""
    good: list[UnitRow] = []
    problems: list[RowProblem] = []
    for line, cells in rows:
        if all(not _cell(cells, i) for i in range(len(cells))):
            continue
        parsed = parse_row(line, cells, columns)
        if isinstance(parsed, UnitRow):
            good.append(parsed)
        else:
            problems.extend(parsed)
    return good, problems


# --- planning ----------------------------------------------------------------------------------


def _overlaps(
    a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None
) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def _contains(start: date | None, end: date | None, day: date) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True, slots=True)
class _Known:
    """A unit a code can name during the import: a row of the file or a stored unit."""

    ref: Ref
    code: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    name: str


def plan_import(
    rows: Sequence[UnitRow], existing: Sequence[Unit]
) -> UnitImportPlan | list[RowProblem]:
    """What importing `rows` over the `existing` units writes, or every problem (file order)."""
    problems: list[RowProblem] = []
    repeated: set[int] = set()
    for i, row in enumerate(rows):
        for j in range(i):
            other = rows[j]
            if other.code == row.code and _overlaps(
                other.valid_from, other.valid_to, row.valid_from, row.valid_to
            ):
                problems.append(
                    RowProblem(
                        row.line,
                        "ward_import.bad.duplicate",
                        {"code": row.code, "first": other.line},
                    )
                )
                repeated.add(i)
                break

    matched = _match_existing(rows, existing, problems, skip=repeated)
    claimed = {unit.id for unit in matched.values()}
    known: list[_Known] = [
        _Known(("row", i), r.code, r.kind, r.valid_from, r.valid_to, r.name)
        for i, r in enumerate(rows)
    ]
    known += [
        _Known(("db", u.id), u.code, u.kind, u.valid_from, u.valid_to, u.name)
        for u in existing
        if u.code and u.id not in claimed
    ]
    by_code: dict[str, list[_Known]] = {}
    for entry in known:
        by_code.setdefault(entry.code, []).append(entry)

    slugs = _slugs(rows, existing, matched)
    planned: list[PlannedUnit] = []
    for i, row in enumerate(rows):
        parent = _parent(i, row, by_code, problems)
        predecessors = _predecessors(row, by_code, problems)
        current = matched.get(i)
        changed = current is None or _changed(current, row, parent, predecessors, matched)
        planned.append(PlannedUnit(row, current, slugs[i], parent, predecessors, changed))
    if problems:
        return sorted(problems, key=lambda p: p.line)
    return UnitImportPlan(tuple(planned))


def _match_existing(
    rows: Sequence[UnitRow],
    existing: Sequence[Unit],
    problems: list[RowProblem],
    *,
    skip: Collection[int] = (),
) -> dict[int, Unit]:
    """Row index → the stored unit it updates: same code and overlapping period (the same name
    decides between several); failing that, a stored unit without a code and with the same
    name (added by hand before the list came)."""
    claims: dict[int, list[int]] = {}
    units = {u.id: u for u in existing}
    for i, row in enumerate(rows):
        if i in skip:  # a repeated row is reported as such, and matches nothing
            continue
        same = [
            u
            for u in existing
            if u.code == row.code
            and _overlaps(u.valid_from, u.valid_to, row.valid_from, row.valid_to)
        ]
        if len(same) > 1:
            same = [u for u in same if _same_name(u.name, row.name)] or same
        if not same:
            same = [
                u
                for u in existing
                if u.code is None
                and _same_name(u.name, row.name)
                and _overlaps(u.valid_from, u.valid_to, row.valid_from, row.valid_to)
            ]
        if len(same) == 1:
            claims.setdefault(same[0].id, []).append(i)
        elif len(same) > 1:
            slugs = ", ".join(sorted(u.slug for u in same))
            problems.append(
                RowProblem(
                    row.line, "ward_import.bad.many_stored", {"code": row.code, "slugs": slugs}
                )
            )
    matched: dict[int, Unit] = {}
    for unit_id, indices in claims.items():
        unit = units[unit_id]
        if len(indices) > 1:  # a code reused in the file: the row with the stored name updates
            indices = [i for i in indices if _same_name(unit.name, rows[i].name)]
        if len(indices) == 1:
            matched[indices[0]] = unit
        elif indices:
            problems.append(
                RowProblem(
                    rows[indices[1]].line,
                    "ward_import.bad.same_stored",
                    {"slug": unit.slug, "first": rows[indices[0]].line},
                )
            )
    return matched


def _same_name(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def _slugs(
    rows: Sequence[UnitRow], existing: Sequence[Unit], matched: Mapping[int, Unit]
) -> list[str]:
    """A stored unit keeps its slug; a new one gets its folded name ("cautre"), with its code
    when another unit has or would have the same one ("camgiang10903")."""
    taken = {u.slug for u in existing}
    bases = [slug_base(r.name)[: MAX_SLUG - 12] or "donvi" for r in rows]
    wanted: dict[str, int] = {}
    for i, base in enumerate(bases):
        if i not in matched:
            wanted[base] = wanted.get(base, 0) + 1
    slugs: list[str] = []
    for i, row in enumerate(rows):
        if i in matched:
            slugs.append(matched[i].slug)
            continue
        base = bases[i]
        slug = base if base not in taken and wanted[base] == 1 else f"{base}{row.code}"
        number = 2
        while slug in taken:
            slug = f"{base}{row.code}-{number}"
            number += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _parent(
    i: int, row: UnitRow, by_code: Mapping[str, list[_Known]], problems: list[RowProblem]
) -> Ref | None:
    if row.parent_code is None:
        return None
    candidates = [
        k
        for code in {row.parent_code, *(row.parent_code.zfill(w) for w in (2, 3))}
        for k in by_code.get(code, [])
        if k.ref != ("row", i) and _overlaps(k.valid_from, k.valid_to, row.valid_from, row.valid_to)
    ]
    for day in (row.valid_from, row.valid_to):
        if day is not None:
            at_day = [k for k in candidates if _contains(k.valid_from, k.valid_to, day)]
            if at_day:
                candidates = at_day
                break
    if not candidates:
        problems.append(
            RowProblem(row.line, "ward_import.bad.parent_unknown", {"code": row.parent_code})
        )
        return None
    if len(candidates) > 1:
        problems.append(
            RowProblem(row.line, "ward_import.bad.parent_many", {"code": row.parent_code})
        )
        return None
    parent = candidates[0]
    if _TIER_RANK[parent.kind] <= _TIER_RANK[row.kind]:
        problems.append(
            RowProblem(
                row.line,
                "ward_import.bad.parent_level",
                {"code": row.parent_code, "name": parent.name},
            )
        )
        return None
    return parent.ref


def _predecessors(
    row: UnitRow, by_code: Mapping[str, list[_Known]], problems: list[RowProblem]
) -> tuple[Ref, ...]:
    refs: list[Ref] = []
    start = row.valid_from
    if start is None:
        return ()
    for code in row.predecessors:
        ended = [k for k in by_code.get(code, []) if k.valid_to is not None and k.valid_to < start]
        if not ended:
            problems.append(
                RowProblem(
                    row.line,
                    "ward_import.bad.predecessor_unknown",
                    {"code": code, "day": start.strftime("%d/%m/%Y")},
                )
            )
            continue
        latest = max(ended, key=lambda k: k.valid_to or date.min)
        refs.append(latest.ref)
    return tuple(refs)


def _changed(
    unit: Unit,
    row: UnitRow,
    parent: Ref | None,
    predecessors: tuple[Ref, ...],
    matched: Mapping[int, Unit],
) -> bool:
    def stored_id(ref: Ref | None) -> int | None:
        if ref is None:
            return None
        origin, number = ref
        if origin == "db":
            return number
        target = matched.get(number)
        return target.id if target is not None else -1  # a new unit: certainly a change

    fields_differ = (
        unit.name,
        unit.code,
        unit.kind,
        unit.unit_type,
        unit.valid_from,
        unit.valid_to,
    ) != (
        row.name,
        row.code,
        row.kind,
        row.unit_type,
        row.valid_from,
        row.valid_to,
    )
    lineage = {stored_id(ref) for ref in predecessors}
    return (
        fields_differ or unit.parent_id != stored_id(parent) or set(unit.predecessor_ids) != lineage
    )
