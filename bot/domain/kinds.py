"""What kind of commune-level unit a ward is (phường, xã, đặc khu), read from its name.

Since 01/07/2025 the commune level has three kinds: phường, xã and đặc khu (the two-level local
government of 2025);
thị trấn remains in older data. A unit's official name starts with its kind ("Phường Ngô
Quyền", "Xã Cẩm Giàng", "Đặc khu Cát Hải"), so texts name the kind from there instead of
saying "phường" of every unit. The words are in the texts modules (`unit.kind.<code>`).
"""

from __future__ import annotations

from bot.domain.models import Unit
from bot.domain.texts import t

# Name prefix -> kind code (longest first, so "Đặc khu " is tried before anything shorter).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Thị trấn ", "township"),
    ("Đặc khu ", "special_zone"),
    ("Phường ", "ward"),
    ("Xã ", "commune"),
)
# Unit.kind values that name a commune-level kind directly (an official list may carry them).
_KIND_VALUES: dict[str, str] = {
    "phường": "ward",
    "xã": "commune",
    "đặc khu": "special_zone",
    "thị trấn": "township",
    "commune": "commune",
    "special_zone": "special_zone",
    "township": "township",
}
GENERIC = "unit"


def kind_code(unit: Unit | None) -> str:
    """'ward', 'commune', 'special_zone', 'township', or 'unit' when the name does not say."""
    if unit is None:
        return GENERIC
    for prefix, code in _PREFIXES:
        if unit.name.startswith(prefix) or unit.name.lower().startswith(prefix.lower()):
            return code
    return _KIND_VALUES.get(unit.kind.strip().lower(), GENERIC)


def kind_word(unit: Unit | None, lang: str) -> str:
    """The kind as a common noun in `lang`: "phường", "xã", "đặc khu" (lower case)."""
    return t(lang, f"unit.kind.{kind_code(unit)}")


def kind_values(unit: Unit | None, lang: str) -> dict[str, str]:
    """`kind` and `Kind` (capitalised, for the start of a sentence) for a text's placeholders."""
    word = kind_word(unit, lang)
    return {"kind": word, "Kind": word[:1].upper() + word[1:]}


def in_sentence(name: str) -> str:
    """A unit's name as a sentence writes it after another noun: the kind in lower case
    ("Phường Ngô Quyền" -> "phường Ngô Quyền")."""
    for prefix, _ in _PREFIXES:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def bare_name(name: str) -> str:
    """A unit's name without its kind ("Phường Ngô Quyền" -> "Ngô Quyền")."""
    for prefix, _ in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
