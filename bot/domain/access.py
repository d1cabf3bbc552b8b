"""Who may see which unit's figures: one rule, returning yes or no; channels word the refusal."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.models import Role, StaffMember, Unit


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
        return staff.unit_id == unit.id
    if staff.role is Role.SUPERVISOR:
        return is_under(unit, staff.unit_id, units_by_id)
    return False
