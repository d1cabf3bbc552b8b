"""Finding a ward by what people type, for a period: slug, code, exact name, folded name, old name,
optionally qualified by the province ("Ngô Quyền, Hải Phòng").

The rules, in order:

1. A slug (`cautre`) or an official code (`11338`) names one unit exactly.
2. Otherwise names and aliases are compared; an exact name (NFC, any case, with or without the
   "phường"/"xã" prefix) wins over a name that only matches without diacritics ("Cẩm Giàng" is
   not "Cẩm Giang"). Among matches of the same closeness a unit's own name beats an alias.
3. Only units valid in the period asked about are candidates; when none is, a unit that ended
   before the period leads to its successors (one: "merged into", several: "which one?").
4. Two or more candidates left: the caller must ask which one (`WardAmbiguous`), never pick.

Pure: the period is a parameter, and the units carry their own lineage (`predecessor_ids`,
`successor_ids`).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain.fmt import is_digits
from bot.domain.models import Unit

# The legal kinds of unit, with the word that starts their official name. "ward" is the commune
# tier (after 01/07/2025: phường, xã, đặc khu; thị trấn before), "province" the top tier.
UNIT_TYPES: dict[str, str] = {
    "phuong": "Phường",
    "xa": "Xã",
    "dac_khu": "Đặc khu",
    "thi_tran": "Thị trấn",
    "tinh": "Tỉnh",
    "thanh_pho": "Thành phố",
    "quan": "Quận",
    "huyen": "Huyện",
    "thi_xa": "Thị xã",
}
COMMUNE_TYPES = frozenset({"phuong", "xa", "dac_khu", "thi_tran"})
PROVINCE_TYPES = frozenset({"tinh", "thanh_pho"})

# Reasons a lookup asks which unit was meant.
SAME_NAME = "same_name"  # several current units answer to the name (folded or identical)
SPLIT = "split"  # an old unit whose area went to several successors

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Leading words that say the kind of a unit, as folded tokens (longest first).
_COMMUNE_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("thi", "tran"),
    ("dac", "khu"),
    ("phuong",),
    ("xa",),
    ("p.",),
    ("x.",),
    ("tt.",),
)
_UPPER_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("tp.",),
    ("tp",),
    ("tinh",),
    ("quan",),
    ("huyen",),
    ("q.",),
    ("h.",),
)
_PREFIX_TYPE = {
    ("thi", "tran"): "thi_tran",
    ("tt.",): "thi_tran",
    ("dac", "khu"): "dac_khu",
    ("phuong",): "phuong",
    ("p.",): "phuong",
    ("xa",): "xa",
    ("x.",): "xa",
    ("thanh", "pho"): "thanh_pho",
    ("tp.",): "thanh_pho",
    ("tp",): "thanh_pho",
    ("thi", "xa"): "thi_xa",
    ("tinh",): "tinh",
    ("quan",): "quan",
    ("q.",): "quan",
    ("huyen",): "huyen",
    ("h.",): "huyen",
}


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.replace("đ", "d").split())


@dataclass(frozen=True, slots=True)
class _Name:
    """A name reduced for comparison: without its kind word, exact (NFC) and folded."""

    exact: str
    folded: str
    unit_type: str | None


@functools.lru_cache(maxsize=8192)  # the same few thousand names, every index build and query
def _reduce(text: str, prefixes: tuple[tuple[str, ...], ...]) -> _Name:
    """Split off a leading kind word ("Phường", "xã", "TP.") and keep letters and digits."""
    tokens = unicodedata.normalize("NFC", text).casefold().split()
    folded_tokens = [fold(tok) for tok in tokens]
    unit_type: str | None = None
    for prefix in prefixes:
        size = len(prefix)
        if len(tokens) > size and tuple(folded_tokens[:size]) == prefix:
            tokens = tokens[size:]
            unit_type = _PREFIX_TYPE[prefix]
            break
        head = folded_tokens[0] if folded_tokens else ""
        if (
            size == 1
            and prefix[0].endswith(".")
            and head.startswith(prefix[0])
            and head != prefix[0]
        ):
            tokens = [tokens[0][len(prefix[0]) :], *tokens[1:]]  # "p.cautre"
            unit_type = _PREFIX_TYPE[prefix]
            break
    exact = "".join(c for c in "".join(tokens) if c.isalnum())
    return _Name(exact, _NON_ALNUM.sub("", fold(exact)), unit_type)


def name_key(text: str) -> str:
    """The folded comparison key of a ward's name (no kind word, no diacritics, no spaces)."""
    return _reduce(text, _COMMUNE_PREFIXES).folded


def infer_unit_type(name: str) -> str | None:
    """The kind a unit's official name starts with ("Phường Cầu Tre" → "phuong"), or None."""
    reduced = _reduce(name, _COMMUNE_PREFIXES)
    if reduced.unit_type is not None:
        return reduced.unit_type
    return _reduce(name, _UPPER_PREFIXES).unit_type


def unit_type_of(unit: Unit) -> str | None:
    """The unit's legal kind: as stored, else read from its name."""
    return unit.unit_type or infer_unit_type(unit.name)


def slug_base(name: str) -> str:
    """An ASCII slug from a name, without its kind word: "Phường Cầu Tre" → "cautre"."""
    reduced = _reduce(name, _COMMUNE_PREFIXES)
    if reduced.unit_type is None:
        reduced = _reduce(name, _UPPER_PREFIXES)
    return reduced.folded


# --- validity and lineage ----------------------------------------------------------------------


def is_valid(unit: Unit, start: date | None, end: date | None) -> bool:
    """Whether the unit existed at some time in [start, end] (None: open on that side)."""
    if end is not None and unit.valid_from is not None and unit.valid_from > end:
        return False
    return not (start is not None and unit.valid_to is not None and unit.valid_to < start)


def ended_before(unit: Unit, start: date | None) -> bool:
    """Whether the unit had ceased before the period began."""
    return start is not None and unit.valid_to is not None and unit.valid_to < start


def successors_in(
    unit: Unit,
    start: date | None,
    end: date | None,  # noqa: ARG001  (successors are followed from the period's start)
    by_id: Mapping[int, Unit],
) -> tuple[Unit, ...]:
    """The units that took over `unit`'s area and exist in the period (following later mergers
    too), in the order of their names."""
    found: dict[int, Unit] = {}
    seen = {unit.id}
    queue = list(unit.successor_ids)
    while queue:
        unit_id = queue.pop(0)
        if unit_id in seen:
            continue
        seen.add(unit_id)
        nxt = by_id.get(unit_id)
        if nxt is None:
            continue
        if ended_before(nxt, start):
            queue.extend(nxt.successor_ids)
        else:
            found[nxt.id] = nxt
    return tuple(sorted(found.values(), key=lambda u: (fold(u.name), u.id)))


def ancestors_in_time(unit: Unit, by_id: Mapping[int, Unit]) -> set[int]:
    """Every unit whose area `unit` took over, directly or through earlier mergers."""
    found: set[int] = set()
    queue = list(unit.predecessor_ids)
    while queue:
        unit_id = queue.pop()
        if unit_id in found or unit_id == unit.id:
            continue
        found.add(unit_id)
        earlier = by_id.get(unit_id)
        if earlier is not None:
            queue.extend(earlier.predecessor_ids)
    return found


def covered_unit_ids(
    unit: Unit, start: date, end: date, by_id: Mapping[int, Unit]
) -> frozenset[int]:
    """The units whose dossiers `unit`'s report for [start, end] counts: itself, and each
    predecessor (however many mergers back) that still existed during the period."""
    ids = {unit.id}
    for unit_id in ancestors_in_time(unit, by_id):
        earlier = by_id.get(unit_id)
        if earlier is not None and is_valid(earlier, start, end):
            ids.add(unit_id)
    return frozenset(ids)


def merged_on(old: Unit, successors: Iterable[Unit]) -> date | None:
    """The day the successors took over: the day after the old unit ceased, else the first
    successor's start."""
    if old.valid_to is not None:
        return old.valid_to + timedelta(days=1)
    starts = [u.valid_from for u in successors if u.valid_from is not None]
    return min(starts) if starts else None


# --- outcomes of a lookup ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    """A unit offered to choose from, with the words that tell it apart from the others."""

    unit: Unit
    label: str


@dataclass(frozen=True, slots=True)
class WardFound:
    """The query names this unit. `via` is the old unit it was reached from, `old_name` the
    former name (alias) it was found by, if any."""

    unit: Unit
    via: Unit | None = None
    old_name: str | None = None


@dataclass(frozen=True, slots=True)
class WardAmbiguous:
    """Several units answer to the query; `reason` is SAME_NAME or SPLIT."""

    query: str
    options: tuple[Option, ...]
    reason: str = SAME_NAME


@dataclass(frozen=True, slots=True)
class WardMoved:
    """The query names a unit that had ceased before the period; its successors then."""

    query: str
    old: Unit
    options: tuple[Option, ...]
    since: date | None


@dataclass(frozen=True, slots=True)
class WardNotFound:
    """No unit answers to the query; the closest names, if any."""

    query: str
    suggestions: tuple[Unit, ...] = field(default=())


WardLookup = WardFound | WardAmbiguous | WardMoved | WardNotFound


# --- the index ---------------------------------------------------------------------------------

_NAME, _ALIAS = 1, 2


@dataclass(frozen=True, slots=True)
class _Entry:
    rank: int
    name: _Name
    unit: Unit


class WardIndex:
    """Lookup over a fixed list of units (with their lineage)."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units = list(units)
        self.by_id: dict[int, Unit] = {u.id: u for u in self._units}
        self._by_slug = {u.slug.lower(): u for u in self._units}
        self._by_code: dict[str, list[Unit]] = {}
        self._exact: dict[str, list[_Entry]] = {}
        self._folded: dict[str, list[_Entry]] = {}
        self._types = {u.id: unit_type_of(u) for u in self._units}
        for unit in self._units:
            if unit.code:
                self._by_code.setdefault(unit.code, []).append(unit)
            prefixes = _COMMUNE_PREFIXES if unit.kind == "ward" else _UPPER_PREFIXES
            names = [(_NAME, unit.name)] + [(_ALIAS, a) for a in unit.aliases]
            for rank, text in names:
                # Under the name without its kind word, and as written ("Thành phố Hải Phòng").
                for reduced in dict.fromkeys((_reduce(text, prefixes), _reduce(text, ()))):
                    if not reduced.folded:
                        continue
                    entry = _Entry(rank, reduced, unit)
                    self._exact.setdefault(reduced.exact, []).append(entry)
                    self._folded.setdefault(reduced.folded, []).append(entry)

    def knows(self, query: str) -> bool:
        """Whether the query names some unit at some time (for splitting '/stats' arguments)."""
        return not isinstance(self.resolve(query), WardNotFound)

    def find(self, query: str, start: date | None = None, end: date | None = None) -> Unit | None:
        """The one unit the query names in the period, or None (also when it is ambiguous)."""
        outcome = self.resolve(query, start, end)
        return outcome.unit if isinstance(outcome, WardFound) else None

    def resolve(self, query: str, start: date | None = None, end: date | None = None) -> WardLookup:
        """What the query names among the units valid in [start, end] (None: at any time)."""
        text = " ".join(unicodedata.normalize("NFC", query).split())
        if not text:
            return WardNotFound(query.strip())
        by_identifier = self._by_slug.get(text.lower())
        if by_identifier is not None:
            return self._at_time(text, [by_identifier], start, end)
        if is_digits(text) and text in self._by_code:
            return self._by_code_at(text, start, end)
        outcome = self._by_names(text, text, (), start, end)
        if isinstance(outcome, WardNotFound) and "," in text:
            head, *qualifiers = (part.strip() for part in text.split(","))
            if head and all(qualifiers):
                outcome = self._by_names(text, head, tuple(qualifiers), start, end)
        if isinstance(outcome, WardNotFound):
            return WardNotFound(text, tuple(self.suggest(text)))
        return outcome

    def suggest(self, query: str, limit: int = 3) -> list[Unit]:
        """The closest units by name, for 'did you mean'."""
        key = name_key(query.split(",")[0])
        if not key:
            return []
        close = difflib.get_close_matches(key, list(self._folded), n=limit * 3, cutoff=0.6)
        seen: list[Unit] = []
        for match in close:
            for entry in sorted(self._folded[match], key=lambda e: e.rank):
                if entry.unit not in seen:
                    seen.append(entry.unit)
        return seen[:limit]

    # --- internals -------------------------------------------------------------------------

    def _by_code_at(self, code: str, start: date | None, end: date | None) -> WardLookup:
        # A code is reused after a merger (11329: Máy Chai, then Ngô Quyền): the period decides.
        units = self._by_code[code]
        valid = [u for u in units if is_valid(u, start, end)]
        if len(valid) == 1 or not valid:
            latest = valid or sorted(units, key=lambda u: u.valid_to or date.max)[-1:]
            return self._at_time(code, latest, start, end)
        return WardAmbiguous(code, self._options(valid))

    def _by_names(
        self,
        query: str,
        text: str,
        qualifiers: tuple[str, ...],
        start: date | None,
        end: date | None,
    ) -> WardLookup:
        wanted = _reduce(text, _COMMUNE_PREFIXES)
        if not wanted.folded:
            return WardNotFound(query)
        for table, key in ((self._exact, wanted.exact), (self._folded, wanted.folded)):
            entries = [e for e in table.get(key, []) if self._qualified(e.unit, qualifiers)]
            if not entries:
                continue
            current = [e for e in entries if is_valid(e.unit, start, end)]
            if current:
                units = self._preferred(current, wanted.unit_type)
                best = min(e.rank for e in current)
                if len(units) == 1:
                    return WardFound(units[0], old_name=query if best == _ALIAS else None)
                # Only aliases (old names) left: an old unit split between today's units.
                reason = SPLIT if best == _ALIAS else SAME_NAME
                return WardAmbiguous(query, self._options(units), reason)
            return self._at_time(query, self._preferred(entries, wanted.unit_type), start, end)
        return WardNotFound(query)

    def _at_time(
        self, query: str, units: list[Unit], start: date | None, end: date | None
    ) -> WardLookup:
        """The named units seen from the period: a unit that had ceased by then leads to its
        successors; one that began later covers its predecessors' history, so it stands."""
        targets: dict[int, Unit] = {}
        moved: list[tuple[Unit, tuple[Unit, ...]]] = []
        for unit in units:
            successors = successors_in(unit, start, end, self.by_id)
            if ended_before(unit, start) and successors:
                moved.append((unit, successors))
                targets.update((u.id, u) for u in successors)
            else:
                targets[unit.id] = unit
        if len(moved) == 1 and len(units) == 1:
            old, successors = moved[0]
            return WardMoved(query, old, self._options(successors), merged_on(old, successors))
        if len(targets) == 1:
            (unit,) = targets.values()
            return WardFound(unit, via=moved[0][0] if moved else None)
        return WardAmbiguous(query, self._options(list(targets.values())), SAME_NAME)

    def _preferred(self, entries: list[_Entry], unit_type: str | None) -> list[Unit]:
        """The units of the best-ranked entries (a name before an alias), narrowed to the kind
        the query named ("xã …") when some have it; each unit once."""
        best = min(e.rank for e in entries)
        units = list(dict.fromkeys(e.unit for e in entries if e.rank == best))
        if unit_type is not None:
            typed = [u for u in units if self._types[u.id] == unit_type]
            if typed:
                units = typed
        return units

    def _qualified(self, unit: Unit, qualifiers: tuple[str, ...]) -> bool:
        """Whether each qualifier names the unit itself or one of the units above it."""
        if not qualifiers:
            return True
        chain: list[Unit] = []
        current: Unit | None = unit
        while current is not None and current not in chain:
            chain.append(current)
            current = self.by_id.get(current.parent_id) if current.parent_id is not None else None
        keys: set[str] = set()
        for member in chain:
            keys.add(member.slug.lower())
            if member.code:
                keys.add(member.code)
            for text in (member.name, *member.aliases):
                keys.add(_reduce(text, _UPPER_PREFIXES).folded)
                keys.add(_reduce(text, _COMMUNE_PREFIXES).folded)
        for qualifier in qualifiers:
            reduced = _reduce(qualifier, _UPPER_PREFIXES)
            if reduced.folded not in keys and qualifier.lower() not in keys:
                return False
        return True

    def _options(self, units: Iterable[Unit]) -> tuple[Option, ...]:
        """Each unit with a label that tells it apart: its code, and its province when the
        options lie in more than one."""
        listed = sorted(dict.fromkeys(units), key=lambda u: (fold(u.name), u.name, u.id))
        parents = {u.parent_id for u in listed}
        options = []
        for unit in listed:
            label = unit.name + (f" ({unit.code})" if unit.code else "")
            parent = self.by_id.get(unit.parent_id) if unit.parent_id is not None else None
            if len(parents) > 1 and parent is not None:
                label += f" — {parent.name}"
            options.append(Option(unit, label))
        return tuple(options)
