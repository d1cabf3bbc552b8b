"""Finding a ward by what people type, for a period: tables of cases over Hải Phòng's units
before and after 01/07/2025 (the 2025 arrangement of communes)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.access import can_view_unit
from bot.domain.models import Role, StaffMember, Unit
from bot.domain.wards import (
    SAME_NAME,
    SPLIT,
    WardAmbiguous,
    WardFound,
    WardIndex,
    WardLookup,
    WardMoved,
    WardNotFound,
    covered_unit_ids,
    infer_unit_type,
    slug_base,
    successors_in,
)

END = date(2025, 6, 30)
START = date(2025, 7, 1)
HAI_PHONG = Unit(1, "haiphong", "Thành phố Hải Phòng", kind="province", code="31")
HA_NOI = Unit(2, "hanoi", "Thành phố Hà Nội", kind="province", code="01")
MAY_CHAI = Unit(
    10, "maychai", "Phường Máy Chai", code="11329", parent_id=1, valid_to=END, successor_ids=(20,)
)
CAU_TRE = Unit(
    11, "cautre", "Phường Cầu Tre", code="11338", parent_id=1, valid_to=END, successor_ids=(20,)
)
GIA_VIEN_OLD = Unit(
    12, "giavien-cu", "Phường Gia Viên", parent_id=1, valid_to=END, successor_ids=(20, 21)
)
DONG_KHE = Unit(13, "dongkhe", "Phường Đông Khê", parent_id=1, valid_to=END, successor_ids=(20, 21))
NGO_QUYEN = Unit(
    20,
    "ngoquyen",
    "Phường Ngô Quyền",
    code="11329",
    parent_id=1,
    valid_from=START,
    aliases=("Cầu Tre",),
    predecessor_ids=(10, 11, 12, 13),
)
GIA_VIEN = Unit(
    21,
    "giavien",
    "Phường Gia Viên",
    code="11359",
    parent_id=1,
    valid_from=START,
    aliases=("Lạch Tray",),
    predecessor_ids=(12, 13),
)
CAM_GIANG = Unit(30, "camgiang10888", "Xã Cẩm Giang", code="10888", parent_id=1)
CAM_GIANG_HUYEN = Unit(31, "camgiang10903", "Xã Cẩm Giàng", code="10903", parent_id=1)
# Made up for the test: a name shared with another province, and a xã/phường pair of one
# folded name (Thanh Hóa has such a pair) placed under Hà Nội.
NGO_QUYEN_HN = Unit(40, "ngoquyen-hn", "Xã Ngô Quyền", parent_id=2)
DONG_TIEN = Unit(50, "dongtien", "Xã Đồng Tiến", parent_id=2)
DONG_TIEN_P = Unit(51, "dongtienp", "Phường Đông Tiến", parent_id=2)
UNITS = (
    HAI_PHONG,
    HA_NOI,
    MAY_CHAI,
    CAU_TRE,
    GIA_VIEN_OLD,
    DONG_KHE,
    NGO_QUYEN,
    GIA_VIEN,
    CAM_GIANG,
    CAM_GIANG_HUYEN,
    NGO_QUYEN_HN,
    DONG_TIEN,
    DONG_TIEN_P,
)
BY_ID = {u.id: u for u in UNITS}
INDEX = WardIndex(UNITS)
Y2022 = (date(2022, 1, 1), date(2022, 12, 31))
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))
Y2026 = (date(2026, 1, 1), date(2026, 12, 31))
TODAY = (date(2026, 11, 27), date(2026, 11, 27))


def summary(outcome: WardLookup) -> tuple[str, object]:
    """A lookup outcome as (what, which slugs) for the tables."""
    match outcome:
        case WardFound(unit=unit):
            return "found", unit.slug
        case WardMoved(old=old, options=options):
            return f"moved from {old.slug}", [o.unit.slug for o in options]
        case WardAmbiguous(options=options, reason=reason):
            return f"ask ({reason})", [o.unit.slug for o in options]
        case WardNotFound(suggestions=suggestions):
            return "not found", [u.slug for u in suggestions]
    raise AssertionError(outcome)


@pytest.mark.parametrize(
    ("query", "period", "expected"),
    [
        # Names differing only by diacritics, in one province: the exact name wins ...
        ("Xã Cẩm Giàng", TODAY, ("found", "camgiang10903")),
        ("Cẩm Giàng", TODAY, ("found", "camgiang10903")),
        ("CẨM GIÀNG", TODAY, ("found", "camgiang10903")),
        ("cẩm giang", TODAY, ("found", "camgiang10888")),
        # Another accent than either name's: no exact match, so the bot asks.
        (
            "Ca\u0300m Gia\u0300ng",
            TODAY,
            (f"ask ({SAME_NAME})", ["camgiang10888", "camgiang10903"]),
        ),
        ("Cẩm Gia\u0300ng", TODAY, ("found", "camgiang10903")),  # decomposed: NFC first
        # ... and without diacritics the bot asks, never picks.
        ("cam giang", TODAY, (f"ask ({SAME_NAME})", ["camgiang10888", "camgiang10903"])),
        ("xa cam giang", TODAY, (f"ask ({SAME_NAME})", ["camgiang10888", "camgiang10903"])),
        # The kind typed decides between a xã and a phường of the same folded name.
        ("xã dong tien", TODAY, ("found", "dongtien")),
        ("phường dong tien", TODAY, ("found", "dongtienp")),
        ("dong tien", TODAY, (f"ask ({SAME_NAME})", ["dongtienp", "dongtien"])),
        # Qualified by the province (parent chain).
        ("Ngô Quyền", TODAY, (f"ask ({SAME_NAME})", ["ngoquyen", "ngoquyen-hn"])),
        ("Ngô Quyền, Hải Phòng", TODAY, ("found", "ngoquyen")),
        ("ngo quyen, tp. hai phong", TODAY, ("found", "ngoquyen")),
        ("Ngô Quyền, Thành phố Hà Nội", TODAY, ("found", "ngoquyen-hn")),
        ("Ngô Quyền, Đà Nẵng", TODAY, ("not found", ["ngoquyen", "ngoquyen-hn"])),
        ("Cầu Tre, Hải Phòng", Y2022, ("found", "cautre")),
        # An old name leads to its successor; an alias names it outright.
        ("Máy Chai", TODAY, ("moved from maychai", ["ngoquyen"])),
        ("Cầu Tre", TODAY, ("found", "ngoquyen")),
        ("cautre", Y2026, ("moved from cautre", ["ngoquyen"])),
        ("Lạch Tray", TODAY, ("found", "giavien")),
        # A split ward's old name asks which successor.
        ("Đông Khê", TODAY, ("moved from dongkhe", ["giavien", "ngoquyen"])),
        ("dongkhe", Y2026, ("moved from dongkhe", ["giavien", "ngoquyen"])),
        # Resolved against the units of the period asked about.
        ("Cầu Tre", Y2022, ("found", "cautre")),
        ("cautre", Y2022, ("found", "cautre")),
        ("cautre", Y2025, ("found", "cautre")),  # still existed in the first half
        ("Gia Viên", Y2022, ("found", "giavien-cu")),
        ("Gia Viên", Y2026, ("found", "giavien")),
        ("Gia Viên", Y2025, (f"ask ({SAME_NAME})", ["giavien-cu", "giavien"])),
        ("ngoquyen", Y2022, ("found", "ngoquyen")),  # covers its predecessors' past
        ("11329", Y2022, ("found", "maychai")),  # a reused code: what it meant then
        ("11329", Y2026, ("found", "ngoquyen")),
        ("11338", Y2026, ("moved from cautre", ["ngoquyen"])),
        # Nothing, or nothing close.
        ("", TODAY, ("not found", [])),
        ("zzzz", TODAY, ("not found", [])),
        ("cau tr", Y2022, ("not found", ["cautre", "ngoquyen"])),
    ],
)
def test_lookup(query: str, period: tuple[date, date], expected: tuple[str, object]) -> None:
    assert summary(INDEX.resolve(query, *period)) == expected


def test_options_tell_apart_units_of_different_provinces_and_carry_codes() -> None:
    outcome = INDEX.resolve("Ngô Quyền", *TODAY)
    assert isinstance(outcome, WardAmbiguous)
    assert [o.label for o in outcome.options] == [
        "Phường Ngô Quyền (11329) — Thành phố Hải Phòng",
        "Xã Ngô Quyền — Thành phố Hà Nội",
    ]
    moved = INDEX.resolve("Đông Khê", *TODAY)
    assert isinstance(moved, WardMoved) and moved.since == START
    assert [o.label for o in moved.options] == [
        "Phường Gia Viên (11359)",
        "Phường Ngô Quyền (11329)",
    ]


def test_an_alias_shared_by_two_wards_is_a_split() -> None:
    a = Unit(1, "a", "Phường A", aliases=("Phường Cũ",))
    b = Unit(2, "b", "Phường B", aliases=("Phường Cũ",))
    outcome = WardIndex([a, b]).resolve("Cũ")
    assert summary(outcome) == (f"ask ({SPLIT})", ["a", "b"])


def test_found_by_an_old_name_says_so() -> None:
    outcome = INDEX.resolve("Cầu Tre", *TODAY)
    assert outcome == WardFound(NGO_QUYEN, old_name="Cầu Tre")
    assert INDEX.resolve("Ngô Quyền, Hải Phòng", *TODAY) == WardFound(NGO_QUYEN)


def test_knows_and_find() -> None:
    assert INDEX.knows("cau tre") and INDEX.knows("cam giang") and not INDEX.knows("zzzz")
    assert INDEX.find("Cẩm Giàng") == CAM_GIANG_HUYEN
    assert INDEX.find("cam giang") is None  # ambiguous: never a guess


def test_successors_follow_later_mergers_too() -> None:
    first = Unit(1, "a", "Xã A", valid_to=date(2019, 12, 31), successor_ids=(2,))
    second = Unit(
        2,
        "b",
        "Xã B",
        valid_from=date(2020, 1, 1),
        valid_to=END,
        predecessor_ids=(1,),
        successor_ids=(3,),
    )
    third = Unit(3, "c", "Xã C", valid_from=START, predecessor_ids=(2,))
    by_id = {u.id: u for u in (first, second, third)}
    assert successors_in(first, date(2021, 1, 1), date(2021, 1, 1), by_id) == (second,)
    assert successors_in(first, *TODAY, by_id) == (third,)
    assert covered_unit_ids(third, date(2019, 1, 1), date(2026, 1, 1), by_id) == {1, 2, 3}
    assert covered_unit_ids(third, *Y2022, by_id) == {2, 3}
    assert covered_unit_ids(third, *Y2026, by_id) == {3}


@pytest.mark.parametrize(
    ("unit", "period", "covered"),
    [
        (NGO_QUYEN, Y2022, {10, 11, 12, 13, 20}),
        (NGO_QUYEN, Y2025, {10, 11, 12, 13, 20}),
        (NGO_QUYEN, Y2026, {20}),
        (GIA_VIEN, Y2022, {12, 13, 21}),
        (CAU_TRE, Y2022, {11}),
    ],
)
def test_a_successor_report_covers_its_predecessors_before_the_merger(
    unit: Unit, period: tuple[date, date], covered: set[int]
) -> None:
    assert covered_unit_ids(unit, *period, BY_ID) == covered


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        (StaffMember("1", Role.OFFICER, NGO_QUYEN.id), CAU_TRE, True),  # its own past
        (StaffMember("1", Role.LEADER, NGO_QUYEN.id), DONG_KHE, True),  # part of its past
        (StaffMember("1", Role.OFFICER, GIA_VIEN.id), DONG_KHE, True),
        (StaffMember("1", Role.OFFICER, GIA_VIEN.id), CAU_TRE, False),
        (StaffMember("1", Role.OFFICER, CAU_TRE.id), NGO_QUYEN, False),  # not the other way
        (StaffMember("1", Role.SUPERVISOR, HAI_PHONG.id), CAU_TRE, True),
        (StaffMember("1", Role.SUPERVISOR, HA_NOI.id), CAU_TRE, False),
    ],
)
def test_successor_staff_see_their_predecessors_history(
    who: StaffMember, target: Unit, allowed: bool
) -> None:
    assert can_view_unit(who, target, BY_ID) is allowed


def test_a_supervisor_sees_the_old_units_that_merged_into_their_area() -> None:
    old_province = Unit(
        3,
        "haiduong",
        "Tỉnh Hải Dương",
        kind="province",
        code="30",
        valid_to=END,
        successor_ids=(1,),
    )
    old_ward = Unit(60, "x", "Phường X", parent_id=3, valid_to=END, successor_ids=(20,))
    by_id = BY_ID | {3: old_province, 60: old_ward}
    supervisor = StaffMember("1", Role.SUPERVISOR, HAI_PHONG.id)
    assert can_view_unit(supervisor, old_ward, by_id)
    assert can_view_unit(supervisor, old_province, by_id)


@pytest.mark.parametrize(
    ("name", "unit_type", "slug"),
    [
        ("Phường Cầu Tre", "phuong", "cautre"),
        ("Xã Cẩm Giàng", "xa", "camgiang"),
        ("Đặc khu Cát Hải", "dac_khu", "cathai"),
        ("Thị trấn Núi Đèo", "thi_tran", "nuideo"),
        ("Thành phố Hải Phòng", "thanh_pho", "haiphong"),
        ("Tỉnh Hải Dương", "tinh", "haiduong"),
        ("Quận Ngô Quyền", "quan", "ngoquyen"),
        ("Côn Đảo", None, "condao"),
    ],
)
def test_kind_and_slug_from_the_name(name: str, unit_type: str | None, slug: str) -> None:
    assert infer_unit_type(name) == unit_type
    assert slug_base(name) == slug
