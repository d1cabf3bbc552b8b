"""Finding a ward by what people type: slug, name with or without diacritics, or an old name."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from bot.domain.models import Unit

_PREFIXES = ("phuong ", "xa ", "thi tran ", "dac khu ", "p. ", "p.", "x. ", "x.")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.replace("đ", "d").split())


def ward_keys(text: str) -> list[str]:
    """Comparison keys of a name: as typed, then without a leading 'phường'/'xã' (if any)."""
    folded = fold(text)
    keys = [_NON_ALNUM.sub("", folded)]
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            keys.append(_NON_ALNUM.sub("", folded[len(prefix) :]))
            break
    return [k for k in keys if k]


def ward_key(text: str) -> str:
    """The shortest comparison key of a name (without the 'phường'/'xã' prefix)."""
    keys = ward_keys(text)
    return keys[-1] if keys else ""


class WardIndex:
    """Lookup over a fixed list of units; slug beats name beats alias when keys collide."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units = list(units)
        self._by_key: dict[str, Unit] = {}
        # Lowest rank wins: 0 slug, 1 name, 2 alias.
        ranked: list[tuple[int, str, Unit]] = []
        for unit in self._units:
            ranked.extend((0, key, unit) for key in ward_keys(unit.slug))
            ranked.extend((1, key, unit) for key in ward_keys(unit.name))
            for alias in unit.aliases:
                ranked.extend((2, key, unit) for key in ward_keys(alias))
        for _rank, key, unit in sorted(ranked, key=lambda r: r[0]):
            self._by_key.setdefault(key, unit)

    def find(self, query: str) -> Unit | None:
        """The unit the query names, or None."""
        for key in ward_keys(query):
            if key in self._by_key:
                return self._by_key[key]
        return None

    def suggest(self, query: str, limit: int = 3) -> list[Unit]:
        """The closest units by name, for 'did you mean'."""
        key = ward_key(query)
        if not key:
            return []
        close = difflib.get_close_matches(key, list(self._by_key), n=limit * 3, cutoff=0.6)
        seen: list[Unit] = []
        for match in close:
            unit = self._by_key[match]
            if unit not in seen:
                seen.append(unit)
        return seen[:limit]
