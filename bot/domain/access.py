"""Who may see which unit's figures: one rule, returning yes or no; channels word the refusal.

A ward's staff see their own ward and the history of the wards it took over (a merged ward's
dossiers before 01/07/2025 are the successor's past); a supervisor sees every unit below theirs,
and the wards those took over.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.models import Role, StaffMember, Unit
from bot.domain.wards import ancestors_in_time


def is_under(unit: Unit, ancestor_id: int, units_by_id: Mapping[int, Unit]) -> bool:
    """Whether `unit` is the unit `ancestor_id` or lies below it (following parent_id up)."""
    seen: set[int] = set()
    current: Unit | None = unit
    while current is not None and current.id not in seen:
        if current.id == ancestor_id:
            return True
        seen.add(current.id)  # a cycle in bad data must not loop forever
        current = units_by_id.get(current.parent_id) if current.parent_id is not None else None
    return False


def province_of(unit: Unit, units_by_id: Mapping[int, Unit]) -> Unit:
    """The unit at the top of `unit`'s chain of parents (its province; itself at the top)."""
    seen: set[int] = set()
    current = unit
    while current.parent_id is not None and current.id not in seen:
        seen.add(current.id)
        parent = units_by_id.get(current.parent_id)
        if parent is None:
            break
        current = parent
    return current


def _later_units(unit: Unit, units_by_id: Mapping[int, Unit]) -> list[Unit]:
    """The unit and every unit that took it over, directly or through later mergers."""
    found: dict[int, Unit] = {unit.id: unit}
    queue = list(unit.successor_ids)
    while queue:
        nxt = units_by_id.get(queue.pop())
        if nxt is not None and nxt.id not in found:
            found[nxt.id] = nxt
            queue.extend(nxt.successor_ids)
    return list(found.values())


def can_view_unit(
    staff: StaffMember | None,
    unit: Unit,
    units_by_id: Mapping[int, Unit],
    *,
    is_admin: bool = False,
) -> bool:
    """Whether this person may see `unit`'s figures (None = not staff, e.g. a citizen)."""
    if is_admin or (staff is not None and staff.role is Role.ADMIN):
        return True
    if staff is None or staff.unit_id is None:
        return False
    if staff.role in (Role.OFFICER, Role.LEADER):
        if staff.unit_id == unit.id:
            return True
        own = units_by_id.get(staff.unit_id)
        return own is not None and unit.id in ancestors_in_time(own, units_by_id)
    if staff.role is Role.SUPERVISOR:
        supervised = staff.unit_id
        return any(is_under(u, supervised, units_by_id) for u in _later_units(unit, units_by_id))
    return False
