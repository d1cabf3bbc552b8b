"""Who may see which unit's figures."""

from __future__ import annotations

import pytest

from bot.domain.access import can_view_unit
from bot.domain.models import Role, StaffMember, Unit

CITY = Unit(id=1, slug="haiphong", name="Thành phố Hải Phòng", kind="province")
DISTRICT = Unit(id=2, slug="district", name="Cụm phường A", kind="other", parent_id=1)
CAU_TRE = Unit(id=3, slug="cautre", name="Phường Cầu Tre", parent_id=2)
CAT_BI = Unit(id=4, slug="catbi", name="Phường Cát Bi", parent_id=2)
OTHER_CITY = Unit(id=5, slug="hanoi", name="Thành phố Hà Nội", kind="province")
BA_DINH = Unit(id=6, slug="badinh", name="Phường Ba Đình", parent_id=5)
ORPHAN = Unit(id=7, slug="orphan", name="Phường Mồ Côi", parent_id=99)  # parent missing
UNITS = {u.id: u for u in (CITY, DISTRICT, CAU_TRE, CAT_BI, OTHER_CITY, BA_DINH, ORPHAN)}


def staff(role: Role, unit: Unit | None) -> StaffMember:
    return StaffMember(user_id="42", role=role, unit_id=unit.id if unit else None)


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        (staff(Role.OFFICER, CAU_TRE), CAU_TRE, True),
        (staff(Role.OFFICER, CAU_TRE), CAT_BI, False),
        (staff(Role.OFFICER, CAU_TRE), DISTRICT, False),
        (staff(Role.LEADER, CAT_BI), CAT_BI, True),
        (staff(Role.LEADER, CAT_BI), CAU_TRE, False),
        (staff(Role.SUPERVISOR, DISTRICT), CAU_TRE, True),
        (staff(Role.SUPERVISOR, DISTRICT), CAT_BI, True),
        (staff(Role.SUPERVISOR, DISTRICT), DISTRICT, True),
        (staff(Role.SUPERVISOR, DISTRICT), CITY, False),
        (staff(Role.SUPERVISOR, DISTRICT), BA_DINH, False),
        (staff(Role.SUPERVISOR, CITY), CAU_TRE, True),  # two levels up
        (staff(Role.SUPERVISOR, CITY), BA_DINH, False),
        (staff(Role.SUPERVISOR, CITY), ORPHAN, False),
        (staff(Role.SUPERVISOR, CAU_TRE), CAU_TRE, True),
        (staff(Role.SUPERVISOR, CAU_TRE), CAT_BI, False),
        (staff(Role.ADMIN, None), CAU_TRE, True),
        (staff(Role.ADMIN, None), BA_DINH, True),
        (None, CAU_TRE, False),
    ],
)
def test_roles(who: StaffMember | None, target: Unit, allowed: bool) -> None:
    assert can_view_unit(who, target, UNITS) is allowed


def test_admin_flag_from_settings_sees_everything() -> None:
    assert can_view_unit(None, BA_DINH, UNITS, is_admin=True)
    assert can_view_unit(staff(Role.OFFICER, CAU_TRE), BA_DINH, UNITS, is_admin=True)


def test_a_cycle_in_the_unit_tree_does_not_hang() -> None:
    a = Unit(id=10, slug="a", name="A", parent_id=11)
    b = Unit(id=11, slug="b", name="B", parent_id=10)
    units = {10: a, 11: b}
    assert not can_view_unit(staff(Role.SUPERVISOR, CITY), a, units)
    assert can_view_unit(StaffMember("1", Role.SUPERVISOR, 11), a, units)
