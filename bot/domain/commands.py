"""Splitting a command's free text into its parts (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.domain.wards import fold

_PERIOD_START = re.compile(
    r"^(\d|q\d|quy|tuan|week|nam\b|thang\b|hom\b|today|this\b|last\b|(?:i{1,3}|iv)[/.-]\d)"
)


def looks_like_period(token: str) -> bool:
    """Whether a word could begin a period (a year, a month, a quarter, 'tuần', 'tháng này',
    'hôm nay', 'III/2022', a date)."""
    return bool(_PERIOD_START.match(fold(token)))


def split_ward_and_period(text: str, is_ward: Callable[[str], bool]) -> tuple[str, str | None]:
    """Split '/stats' arguments into (ward, period); the ward may have spaces ('cau tre 2022').

    The first split whose left part names a known ward and whose right part looks like a
    period wins; failing that, the first word that looks like a period starts the period.
    """
    words = text.split()
    if not words:
        return "", None
    candidates = [i for i in range(1, len(words)) if looks_like_period(words[i])]
    for i in candidates:
        if is_ward(" ".join(words[:i])):
            return " ".join(words[:i]), " ".join(words[i:])
    if is_ward(" ".join(words)):
        return " ".join(words), None
    if candidates:
        i = candidates[0]
        return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words), None
