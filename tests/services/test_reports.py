"""ReportService with in-memory repositories and a frozen clock."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.models import (
    Dossier,
    DossierCounts,
    Role,
    StaffMember,
    Task,
    TaskCounts,
    Unit,
)
from bot.domain.periods import PeriodKind
from bot.domain.ward_choices import StatsPick, question_choices
from bot.ports import (
    DossierRepository,
    ReportCounts,
    StaffRepository,
    TaskRepository,
    UnitRepository,
)
from bot.services.reports import (
    BadPeriod,
    Forbidden,
    MissingWard,
    ReportReady,
    ReportService,
    UnknownWard,
    WardQuestion,
    render_outcome,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)

CITY = Unit(id=1, slug="haiphong", name="Thành phố Hải Phòng", kind="province")
CAU_TRE = Unit(id=2, slug="cautre", name="Phường Cầu Tre", parent_id=1, aliases=("Cầu Tre cũ",))
CAT_BI = Unit(id=3, slug="catbi", name="Phường Cát Bi", parent_id=1)
HANOI = Unit(id=4, slug="hanoi", name="Thành phố Hà Nội", kind="province")
BA_DINH = Unit(id=5, slug="badinh", name="Phường Ba Đình", parent_id=4)
SEED = DossierCounts(received=4545, resolved_on_time=4541, resolved_late=4, online=2756)


class FakeUnits:
    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = list(units)
        self.loads = 0

    async def add(
        self,
        slug: str,
        name: str,
        *,
        code: str | None = None,
        aliases: Sequence[str] = (),
        parent_slug: str | None = None,
        kind: str = "ward",
    ) -> Unit:
        parent = await self.by_slug(parent_slug) if parent_slug else None
        unit = Unit(
            id=max((u.id for u in self.units), default=0) + 1,
            slug=slug,
            name=name,
            kind=kind,
            code=code,
            parent_id=parent.id if parent else None,
            aliases=tuple(aliases),
        )
        self.units.append(unit)
        return unit

    async def all(self) -> list[Unit]:
        self.loads += 1
        return list(self.units)

    async def by_slug(self, slug: str) -> Unit | None:
        return next((u for u in self.units if u.slug == slug), None)

    async def by_id(self, unit_id: int) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


class FakeStaff:
    def __init__(self, members: Iterable[StaffMember] = ()) -> None:
        self.members = {m.user_id: m for m in members}
        self.lookups = 0

    async def add(
        self, user_id: str, role: Role, unit_id: int | None, name: str | None = None
    ) -> StaffMember:
        self.members[user_id] = StaffMember(user_id, role, unit_id, name)
        return self.members[user_id]

    async def get(self, user_id: str) -> StaffMember | None:
        self.lookups += 1
        return self.members.get(user_id)

    async def all(self) -> list[StaffMember]:
        return list(self.members.values())

    async def remove(self, user_id: str) -> bool:
        return self.members.pop(user_id, None) is not None


class FakeDossiers:
    def __init__(self, counts: dict[int, DossierCounts]) -> None:
        self.by_unit = counts
        self.calls: list[tuple[int, datetime, datetime, datetime]] = []

    async def upsert_many(self, dossiers: Iterable[Dossier]) -> int:
        return 0

    async def counts(
        self, unit_id: int, received_from: datetime, received_to: datetime, as_of: datetime
    ) -> DossierCounts:
        self.calls.append((unit_id, received_from, received_to, as_of))
        return self.by_unit.get(unit_id, DossierCounts())

    async def get(self, code: str) -> Dossier | None:
        return None


class FakeTasks:
    def __init__(self, counts: dict[tuple[int, int], TaskCounts]) -> None:
        self.by_unit_year = counts
        self.calls: list[tuple[int, int, datetime]] = []

    async def upsert_many(self, tasks: Iterable[Task]) -> int:
        return 0

    async def counts(self, unit_id: int, year: int, as_of: datetime) -> TaskCounts:
        self.calls.append((unit_id, year, as_of))
        return self.by_unit_year.get((unit_id, year), TaskCounts())


class FakeCounts:
    """The report read model over the two fakes (their call records stay the evidence)."""

    def __init__(self, dossiers: FakeDossiers, tasks: FakeTasks) -> None:
        self.dossiers = dossiers
        self.tasks = tasks

    async def counts(
        self,
        unit_ids: Collection[int],
        received_from: datetime,
        received_to: datetime,
        as_of: datetime,
        task_year: int,
    ) -> tuple[DossierCounts, TaskCounts]:
        """Each unit's counts from the fakes, added up (a report may cover former wards)."""
        dossiers, tasks = DossierCounts(), TaskCounts()
        for unit_id in sorted(unit_ids):
            d = await self.dossiers.counts(unit_id, received_from, received_to, as_of)
            dossiers = _add(dossiers, d)
            tasks = _add(tasks, await self.tasks.counts(unit_id, task_year, as_of))
        return dossiers, tasks


_T = TypeVar("_T", DossierCounts, TaskCounts)


def _add(a: _T, b: _T) -> _T:
    return replace(a, **{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(a)})


class World:
    def __init__(self, now: datetime = NOW, admin_ids: frozenset[str] = frozenset()) -> None:
        self.units = FakeUnits([CITY, CAU_TRE, CAT_BI, HANOI, BA_DINH])
        self.staff = FakeStaff(
            [
                StaffMember("officer", Role.OFFICER, CAU_TRE.id),
                StaffMember("leader", Role.LEADER, CAT_BI.id),
                StaffMember("supervisor", Role.SUPERVISOR, CITY.id),
                StaffMember("admin", Role.ADMIN, None),
            ]
        )
        self.dossiers = FakeDossiers({CAU_TRE.id: SEED})
        self.tasks = FakeTasks({(CAU_TRE.id, 2022): TaskCounts(14, 27)})
        self.clock = FrozenClock(now)
        self.counts = FakeCounts(self.dossiers, self.tasks)
        self.service = ReportService(
            self.units, self.counts, self.staff, self.clock, HCM, admin_ids
        )

    @property
    def counted(self) -> bool:
        return bool(self.dossiers.calls or self.tasks.calls)


def test_fakes_satisfy_the_protocols() -> None:
    world = World()
    units: UnitRepository = world.units
    staff: StaffRepository = world.staff
    dossiers: DossierRepository = world.dossiers
    tasks: TaskRepository = world.tasks
    counts: ReportCounts = world.counts
    assert units and staff and dossiers and tasks and counts


async def test_officer_sees_own_ward_with_seed_figures() -> None:
    world = World()
    outcome = await world.service.ward_report("officer", "cautre", "01/01/2022-15/09/2022")
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    assert report.unit_name == "Phường Cầu Tre"
    assert (report.period.start, report.period.end) == (date(2022, 1, 1), date(2022, 9, 15))
    assert report.task_year == 2022
    assert world.dossiers.calls == [
        (
            CAU_TRE.id,
            datetime(2022, 1, 1, tzinfo=HCM),
            datetime(2022, 9, 16, tzinfo=HCM),
            datetime(2022, 9, 16, tzinfo=HCM),
        )
    ]
    assert world.tasks.calls == [(CAU_TRE.id, 2022, datetime(2022, 9, 16, tzinfo=HCM))]
    text = render_outcome(outcome, "vi")
    for expected in ("<b>4.545</b> hồ sơ", "trễ hạn: 4", "2.756</b> (60,64%)", "14/27"):
        assert expected in text
    assert "(51,85%)" in text and "99,91%" in text


@pytest.mark.parametrize("query", ["Phường Cầu Tre", "cau tre", "CẦU TRE", "cầu tre cũ"])
async def test_ward_found_by_name_or_alias(query: str) -> None:
    outcome = await World().service.ward_report("officer", query, "2022")
    assert isinstance(outcome, ReportReady)
    assert outcome.report.unit_name == "Phường Cầu Tre"


async def test_officer_refused_another_ward_without_counting() -> None:
    world = World()
    outcome = await world.service.ward_report("officer", "catbi", "2022")
    assert outcome == Forbidden(CAT_BI)
    assert not world.counted
    assert "Phường Cát Bi" in render_outcome(outcome, "vi")


async def test_leader_sees_own_ward_only() -> None:
    world = World()
    assert isinstance(await world.service.ward_report("leader", "catbi", None), ReportReady)
    assert await world.service.ward_report("leader", "cautre", None) == Forbidden(CAU_TRE)


@pytest.mark.parametrize(
    ("ward", "allowed"), [("cautre", True), ("catbi", True), ("haiphong", True), ("badinh", False)]
)
async def test_supervisor_sees_the_wards_below(ward: str, allowed: bool) -> None:
    outcome = await World().service.ward_report("supervisor", ward, "2022")
    assert isinstance(outcome, ReportReady) is allowed
    assert isinstance(outcome, Forbidden) is not allowed


async def test_admin_by_role_and_by_settings() -> None:
    world = World(admin_ids=frozenset({"boss"}))
    assert isinstance(await world.service.ward_report("admin", "badinh", None), ReportReady)
    assert isinstance(await world.service.ward_report("boss", "badinh", None), ReportReady)
    assert await world.service.ward_report("someone", "badinh", None) == Forbidden(None)


async def test_citizen_refused_without_any_figure() -> None:
    world = World()
    outcome = await world.service.ward_report("citizen", "cautre", "2022")
    assert outcome == Forbidden(None)
    assert not world.counted
    text = render_outcome(outcome, "vi")
    assert "chỉ dành cho cán bộ phường" in text
    assert not any(ch.isdigit() for ch in text)
    assert "Cầu Tre" not in text


async def test_unknown_ward_with_suggestions() -> None:
    world = World()
    outcome = await world.service.ward_report("officer", "cau tra", None)
    assert isinstance(outcome, UnknownWard)
    assert outcome.query == "cau tra"
    assert CAU_TRE in outcome.suggestions
    assert len(outcome.suggestions) <= 3
    assert "Có phải bạn muốn tìm: Phường Cầu Tre" in render_outcome(outcome, "vi")
    assert not world.counted


async def test_unknown_ward_without_suggestions() -> None:
    outcome = await World().service.ward_report("officer", "zzzzqqq", None)
    assert outcome == UnknownWard("zzzzqqq", [])


@pytest.mark.parametrize(
    ("period", "reason"), [("Q5/2022", "bad_quarter"), ("2027", "future"), ("hôm qua", "format")]
)
async def test_bad_period(period: str, reason: str) -> None:
    world = World()
    outcome = await world.service.ward_report("officer", "cautre", period)
    assert outcome == BadPeriod(period, reason)
    assert not world.counted


@pytest.mark.parametrize("ward", ["", "   "])
async def test_missing_ward(ward: str) -> None:
    outcome = await World().service.ward_report("officer", ward, None)
    assert outcome == MissingWard()
    assert render_outcome(outcome, "en").startswith("Usage:")


async def test_ytd_default_uses_the_local_date_of_the_clock() -> None:
    # 20:00 UTC on 31 December is already 03:00 on 1 January 2027 in Hồ Chí Minh City.
    world = World(now=datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
    outcome = await world.service.ward_report("officer", "cautre", None)
    assert isinstance(outcome, ReportReady)
    period = outcome.report.period
    assert (period.kind, period.start, period.end) == (
        PeriodKind.YTD,
        date(2027, 1, 1),
        date(2027, 1, 1),
    )
    assert outcome.report.task_year == 2027
    assert outcome.report.as_of == datetime(2027, 1, 1, 3, 0, tzinfo=HCM)
    assert world.dossiers.calls[0][1:] == (
        datetime(2027, 1, 1, tzinfo=HCM),
        datetime(2027, 1, 2, tzinfo=HCM),
        datetime(2027, 1, 1, 3, 0, tzinfo=HCM),
    )
    assert "Số liệu tính đến 01/01/2027 03:00." in render_outcome(outcome, "vi")


async def test_current_year_counts_as_of_now() -> None:
    world = World()
    outcome = await world.service.ward_report("officer", "cautre", "2026")
    assert isinstance(outcome, ReportReady)
    assert outcome.report.as_of == NOW
    assert world.tasks.calls == [(CAU_TRE.id, 2026, NOW)]


async def test_units_are_cached_until_invalidated_staff_is_not() -> None:
    world = World()
    await world.service.ward_report("officer", "cautre", None)
    await world.service.ward_report("officer", "cautre", None)
    assert world.units.loads == 1
    assert world.staff.lookups == 2
    await world.units.add("moi", "Phường Mới", parent_slug="haiphong")
    assert isinstance(await world.service.ward_report("admin", "moi", None), UnknownWard)
    world.service.invalidate()
    assert isinstance(await world.service.ward_report("admin", "moi", None), ReportReady)
    assert world.units.loads == 2


async def test_units_added_elsewhere_are_seen_after_a_minute() -> None:
    world = World()
    await world.service.ward_report("admin", "cautre", None)
    await world.units.add("moi", "Phường Mới", parent_slug="haiphong")  # e.g. by the CLI
    world.clock.advance(timedelta(seconds=30))
    assert isinstance(await world.service.ward_report("admin", "moi", None), UnknownWard)
    world.clock.advance(timedelta(seconds=31))
    assert isinstance(await world.service.ward_report("admin", "moi", None), ReportReady)


async def test_staff_changes_take_effect_at_once() -> None:
    world = World()
    assert await world.service.ward_report("new", "cautre", None) == Forbidden(None)
    await world.staff.add("new", Role.OFFICER, CAU_TRE.id)
    assert isinstance(await world.service.ward_report("new", "cautre", None), ReportReady)


# --- wards after the 2025 merger ------------------------------------------------------------

MERGED = date(2025, 6, 30)
OLD_CAU_TRE = Unit(
    id=2, slug="cautre", name="Phường Cầu Tre", parent_id=1, valid_to=MERGED, successor_ids=(6,)
)
NGO_QUYEN = Unit(
    id=6,
    slug="ngoquyen",
    name="Phường Ngô Quyền",
    code="11329",
    parent_id=1,
    valid_from=date(2025, 7, 1),
    aliases=("Cầu Tre",),
    predecessor_ids=(2,),
)
RECENT = DossierCounts(received=100, resolved_on_time=90, resolved_late=5, online=60)


def merged_world() -> World:
    world = World()
    world.units.units = [CITY, OLD_CAU_TRE, CAT_BI, NGO_QUYEN]
    world.staff.members["nq"] = StaffMember("nq", Role.OFFICER, NGO_QUYEN.id)
    world.dossiers.by_unit[NGO_QUYEN.id] = RECENT
    return world


async def test_a_merged_ward_after_the_merger_asks_instead_of_answering() -> None:
    world = merged_world()
    outcome = await world.service.ward_report("nq", "cautre", "2026")
    assert isinstance(outcome, WardQuestion)
    assert [o.unit for o in outcome.options] == [NGO_QUYEN]
    assert not world.counted
    assert render_outcome(outcome, "vi") == (
        "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025. Số liệu từ ngày đó thuộc về "
        "Phường Ngô Quyền: bấm nút dưới đây để xem."
    )
    assert render_outcome(outcome, "en").startswith(
        "Phường Cầu Tre was merged into Phường Ngô Quyền on 01/07/2025."
    )
    assert [c.data for c in question_choices(outcome)] == ["st:6:2026"]
    assert StatsPick.decode("st:6:2026") == StatsPick(6, "2026")
    picked = await world.service.unit_report("nq", 6, "2026")
    assert isinstance(picked, ReportReady) and picked.report.dossiers == RECENT


async def test_a_citizen_is_refused_before_being_asked_anything() -> None:
    world = merged_world()
    assert await world.service.ward_report("citizen", "cautre", "2026") == Forbidden(None)


async def test_the_successor_report_before_the_merger_adds_the_predecessor() -> None:
    world = merged_world()
    outcome = await world.service.ward_report("nq", "ngoquyen", "01/01/2022-15/09/2022")
    assert isinstance(outcome, ReportReady)
    assert [call[0] for call in world.dossiers.calls] == [OLD_CAU_TRE.id, NGO_QUYEN.id]
    # The fakes ignore the window: the sum shows that both units' dossiers were counted.
    assert outcome.report.dossiers.received == SEED.received + RECENT.received
    assert outcome.report.tasks == TaskCounts(14, 27)
    assert outcome.report.includes == ("Phường Cầu Tre",)
    assert "Gồm cả hồ sơ của đơn vị trước sắp xếp: Phường Cầu Tre." in render_outcome(outcome, "vi")


async def test_the_successor_report_after_the_merger_counts_itself_only() -> None:
    world = merged_world()
    outcome = await world.service.ward_report("nq", "Cầu Tre", "2026")  # an old name
    assert isinstance(outcome, ReportReady)
    assert outcome.report.unit_name == "Phường Ngô Quyền"
    assert [call[0] for call in world.dossiers.calls] == [NGO_QUYEN.id]
    assert outcome.report.includes == ()


async def test_the_successor_staff_see_the_old_ward_but_not_the_other_way() -> None:
    world = merged_world()
    assert isinstance(await world.service.ward_report("nq", "cautre", "2022"), ReportReady)
    world.staff.members["old"] = StaffMember("old", Role.OFFICER, OLD_CAU_TRE.id)
    assert await world.service.ward_report("old", "ngoquyen", "2026") == Forbidden(NGO_QUYEN)


@pytest.mark.parametrize(
    ("ward", "period", "expected"),
    [
        ("khongco", "13/2022", UnknownWard),  # an unknown ward is said first
        ("cautre", "13/2022", BadPeriod),
    ],
)
async def test_the_ward_is_checked_even_when_the_period_is_bad(
    ward: str, period: str, expected: type
) -> None:
    assert isinstance(await merged_world().service.ward_report("nq", ward, period), expected)


async def test_a_pick_for_a_unit_that_is_gone_or_a_bad_period() -> None:
    world = merged_world()
    assert await world.service.unit_report("nq", 999, "2026") == MissingWard()
    assert await world.service.unit_report("nq", 6, "13/2026") == BadPeriod("13/2026", "bad_month")
