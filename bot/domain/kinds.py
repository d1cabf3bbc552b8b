"""What kind of unit a unit is (phường, xã, đặc khu, thị trấn, tỉnh, thành phố…), as texts name it.

One mechanism: the legal kind stored with the unit (`Unit.unit_type`, "xa"), else the kind its
official name starts with ("Xã Cẩm Giàng", read by `bot.domain.wards`), worded by the texts'
`unit_type.<kind>` ("đơn vị" when nothing says which). Since 01/07/2025 the commune level has
three kinds (phường, xã, đặc khu; thị trấn remains in older data), so texts name the kind from
there instead of saying "phường" of every unit.
"""

from __future__ import annotations

from bot.domain.messages import Text, Value
from bot.domain.models import Unit
from bot.domain.wards import COMMUNE_TYPES, UNIT_TYPES, unit_type_of

UNKNOWN = "unit_type.none"  # the texts key of a unit whose kind nothing says
# The words a commune-level unit's official name starts with ("Phường ", "Xã ", "Đặc khu ", …).
_COMMUNE_PREFIXES = tuple(f"{UNIT_TYPES[kind]} " for kind in sorted(COMMUNE_TYPES))


def kind_text(unit: Unit | None) -> Text:
    """The unit's kind as a common noun, rendered in the reader's language: "phường", "xã",
    "đặc khu" (lower case), "đơn vị" when unknown."""
    kind = unit_type_of(unit) if unit is not None else None
    return Text(f"unit_type.{kind}" if kind in UNIT_TYPES else UNKNOWN)


def unit_values(unit: Unit | None) -> dict[str, Value]:
    """How a message names a ward: `unit`, its name, and `kind` where a sentence calls it by the
    common noun ("Xã Cẩm Giàng đã trả lời …", "Trả lời của xã")."""
    if unit is None:
        return {"unit": Text(UNKNOWN), "kind": Text(UNKNOWN)}
    return {"unit": unit.name, "kind": kind_text(unit)}


def in_sentence(name: str) -> str:
    """A unit's name as a sentence writes it after another noun: the kind in lower case
    ("Phường Ngô Quyền" -> "phường Ngô Quyền")."""
    for prefix in _COMMUNE_PREFIXES:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def bare_name(name: str) -> str:
    """A unit's name without its kind ("Phường Ngô Quyền" -> "Ngô Quyền")."""
    for prefix in _COMMUNE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
