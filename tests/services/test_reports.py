"""ReportService with in-memory repositories and a frozen clock; the counts are the domain's
reference tally over in-memory dossiers (storage's SQL is checked against it elsewhere)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.calendar import WorkCalendar
from bot.domain.choices import StatsFile, StatsPick, decode
from bot.domain.indicators import (
    AreaRead,
    CaseFacts,
    CountsRead,
    DayCount,
    DossierTally,
    Window,
    tally,
)
from bot.domain.models import (
    Dossier,
    DossierStatus,
    Role,
    StaffMember,
    SubmissionChannel,
    TaskCounts,
    Unit,
)
from bot.domain.periods import PeriodKind
from bot.domain.report import UnitReport, file_button, reply_for
from bot.domain.ward_choices import question_choices
from bot.ports import IndicatorCounts, StaffRepository, UnitRepository
from bot.services.indicators import IndicatorService
from bot.services.reports import (
    BadPeriod,
    ChooseUnit,
    Forbidden,
    MissingWard,
    ReportOutcome,
    ReportReady,
    ReportService,
    UnknownWard,
    WardQuestion,
    outcome_content,
)
from handlers.telegram.render import to_html
from tests.conftest import read_separately


def said(outcome: ReportOutcome, lang: str) -> str:
    """An outcome's words as Telegram shows them."""
    return to_html(outcome_content(outcome, lang), lang)


HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)

CITY = Unit(id=1, slug="haiphong", name="Thành phố Hải Phòng", kind="province")
CAU_TRE = Unit(id=2, slug="cautre", name="Phường Cầu Tre", parent_id=1, aliases=("Cầu Tre cũ",))
CAT_BI = Unit(id=3, slug="catbi", name="Phường Cát Bi", parent_id=1)
HANOI = Unit(id=4, slug="hanoi", name="Thành phố Hà Nội", kind="province")
BA_DINH = Unit(id=5, slug="badinh", name="Phường Ba Đình", parent_id=4)
MERGED = Unit(
    id=6, slug="cu", name="Phường Cũ", parent_id=1, valid_to=date(2025, 6, 30)
)  # merged away in 2025


def dossiers_of(unit: Unit, n: int, late: int, day: date, prefix: str) -> list[Dossier]:
    """n dossiers received on `day` and resolved the next day, `late` of them after due."""
    out = []
    for i in range(n):
        received = datetime.combine(day, datetime.min.time(), tzinfo=HCM) + timedelta(hours=8)
        due = received + timedelta(days=1 if i < late else 5)
        out.append(
            Dossier(
                code=f"{prefix}-{i}",
                unit_id=unit.id,
                received_at=received,
                due_at=due,
                channel=SubmissionChannel.ONLINE if i % 2 else SubmissionChannel.DIRECT,
                status=DossierStatus.RETURNED,
                field="Hộ tịch" if i % 3 else "Chứng thực",
                procedure="Khai sinh",
                resolved_at=received + timedelta(days=2),
            )
        )
    return out


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
        self,
        user_id: str,
        role: Role,
        unit_id: int | None,
        name: str | None = None,
        *,
        channel: str | None = None,
    ) -> StaffMember:
        self.members[user_id] = StaffMember(user_id, role, unit_id, name, channel or "telegram")
        return self.members[user_id]

    async def get(self, user_id: str) -> StaffMember | None:
        self.lookups += 1
        return self.members.get(user_id)

    async def all(self) -> list[StaffMember]:
        return list(self.members.values())

    async def remove(self, user_id: str) -> bool:
        return self.members.pop(user_id, None) is not None

    async def reach(self, user_id: str) -> list[StaffMember]:
        return [self.members[user_id]] if user_id in self.members else []


class ReferenceCounts:
    """IndicatorCounts over in-memory dossiers, counted by the domain's reference tally."""

    def __init__(self, dossiers: Iterable[Dossier], tasks: dict[tuple[int, int], TaskCounts]):
        self.dossiers_ = list(dossiers)
        self.tasks_ = tasks
        self.calls: list[tuple[tuple[int, ...], Window]] = []

    async def dossiers(
        self, units: Sequence[int], windows: Sequence[Window], utc_offset: int
    ) -> list[dict[int, dict[str, DossierTally]]]:
        out = []
        for window in windows:
            self.calls.append((tuple(units), window))
            counted = {}
            for unit in units:
                mine = [d for d in self.dossiers_ if d.unit_id == unit]
                if by_field := tally(mine, window, HCM):
                    counted[unit] = by_field
            out.append(counted)
        return out

    async def read(
        self,
        units: Sequence[int],
        windows: Sequence[Window],
        utc_offset: int,
        task_year: int | None,
    ) -> CountsRead:
        return await read_separately(self, units, windows, utc_offset, task_year)

    async def area(self, *args: object) -> AreaRead | None:
        """No areas' aggregates: every report reads each unit (`read` above)."""
        return None

    async def flagged(
        self, units: Sequence[int], window: Window, codes: Iterable[str]
    ) -> dict[int, tuple[int, int]]:
        return {}

    async def processing(
        self, units: Sequence[int], window: Window, utc_offset: int
    ) -> list[DayCount]:
        return [
            (0, d.procedure, d.received_at.astimezone(HCM).date(), -1, 1)
            for d in self.dossiers_
            if d.unit_id in units and window.start <= d.received_at <= window.end
        ] + [
            (0, d.procedure, d.resolved_at.astimezone(HCM).date(), 1, 1)
            for d in self.dossiers_
            if d.unit_id in units
            and window.start <= d.received_at <= window.end
            and d.resolved_at is not None
        ]

    async def cases(self, units: Sequence[int], window: Window) -> list[CaseFacts]:
        return []

    async def tasks(self, units: Sequence[int], year: int, window: Window) -> dict[int, TaskCounts]:
        return {u: self.tasks_[(u, year)] for u in units if (u, year) in self.tasks_}


SEED_DAY = date(2022, 3, 1)


class World:
    def __init__(self, now: datetime = NOW, admin_ids: frozenset[str] = frozenset()) -> None:
        self.units = FakeUnits([CITY, CAU_TRE, CAT_BI, HANOI, BA_DINH, MERGED])
        self.staff = FakeStaff(
            [
                StaffMember("officer", Role.OFFICER, CAU_TRE.id),
                StaffMember("leader", Role.LEADER, CAT_BI.id),
                StaffMember("supervisor", Role.SUPERVISOR, CITY.id),
                StaffMember("admin", Role.ADMIN, None),
            ]
        )
        self.counts = ReferenceCounts(
            dossiers_of(CAU_TRE, 40, 4, SEED_DAY, "CT")
            + dossiers_of(CAT_BI, 10, 0, SEED_DAY, "CB")
            + dossiers_of(CAU_TRE, 20, 0, date(2021, 11, 1), "CT-2021")
            + dossiers_of(BA_DINH, 5, 5, SEED_DAY, "BD"),
            {(CAU_TRE.id, 2022): TaskCounts(14, 27)},
        )
        self.clock = FrozenClock(now)
        self.rendered: list[UnitReport] = []
        self.service = ReportService(
            self.units,
            IndicatorService(self.counts, HCM, WorkCalendar()),
            self.staff,
            self.clock,
            HCM,
            admin_ids,
            render_xlsx=self._render,
        )

    def _render(self, report: UnitReport, lang: str) -> bytes:
        self.rendered.append(report)
        return b"PK-" + report.unit.slug.encode()

    @property
    def counted(self) -> bool:
        return bool(self.counts.calls)


def test_fakes_satisfy_the_protocols() -> None:
    world = World()
    units: UnitRepository = world.units
    staff: StaffRepository = world.staff
    counts: IndicatorCounts = world.counts
    assert units and staff and counts


async def test_officer_sees_own_ward_with_its_figures() -> None:
    world = World()
    outcome = await world.service.ask("officer", "cautre 01/01/2022-15/09/2022")
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    assert report.unit == CAU_TRE
    assert (report.period.start, report.period.end) == (date(2022, 1, 1), date(2022, 9, 15))
    assert report.task_year == 2022
    d = report.figures.dossiers
    assert (d.received, d.resolved, d.late, d.online) == (40, 40, 4, 20)
    assert report.figures.tasks == TaskCounts(14, 27)
    # The period and the one before, each one statement for the ward and what is under it.
    (units, window), (_, before) = world.counts.calls
    assert units == (CAU_TRE.id,)
    assert window.start == datetime(2022, 1, 1, tzinfo=HCM)
    assert window.end == datetime(2022, 9, 15, 23, 59, 59, tzinfo=HCM)
    assert report.previous_period is not None
    assert before.start == datetime.combine(report.previous_period.start, datetime.min.time(), HCM)
    assert report.previous is not None and report.previous.dossiers.new == 20
    text = said(outcome, "vi")
    for expected in ("<b>40</b> hồ sơ", "trễ hạn: 4", "(50,00%)", "14/27", "(51,85%)", "90,00%"):
        assert expected in text
    assert report.processing == {}  # 2.2 only for the file


@pytest.mark.parametrize("query", ["Phường Cầu Tre", "cau tre", "CẦU TRE", "cầu tre cũ"])
async def test_ward_found_by_name_or_alias(query: str) -> None:
    outcome = await World().service.ask("officer", f"{query} 2022")
    assert isinstance(outcome, ReportReady)
    assert outcome.report.unit == CAU_TRE


@pytest.mark.parametrize(
    ("who", "text", "unit", "period"),
    [
        ("officer", "", CAU_TRE, "từ 01/01/2026 đến nay (27/11/2026)"),
        ("officer", "tháng 9/2022", CAU_TRE, "tháng 09/2022"),
        ("officer", "III/2022", CAU_TRE, "quý III/2022"),
        ("leader", "tháng này", CAT_BI, "tháng 11/2026"),
        ("leader", "tháng trước", CAT_BI, "tháng 10/2026"),
        ("leader", "quý này", CAT_BI, "quý IV/2026"),
        ("officer", "năm nay", CAU_TRE, "năm 2026"),
        ("officer", "hôm nay", CAU_TRE, "ngày 27/11/2026"),
    ],
)
async def test_no_ward_named_means_ones_own(who: str, text: str, unit: Unit, period: str) -> None:
    outcome = await World().service.ask(who, text)
    assert isinstance(outcome, ReportReady), outcome
    assert outcome.report.unit == unit
    assert outcome.report.period.label("vi") == period


async def test_supervisors_and_admins_are_shown_what_they_may_ask_about() -> None:
    world = World()
    outcome = await world.service.ask("supervisor", "")
    assert isinstance(outcome, ChooseUnit)
    assert [u.slug for u in outcome.units] == ["haiphong", "catbi", "cautre", "cu"]
    later = await world.service.ask("supervisor", "haiphong 2026")
    assert isinstance(later, ReportReady)  # merged away before 2026: not among the city's units
    assert [u.slug for u, _ in later.report.members] == ["cautre", "catbi"]
    admin = await world.service.ask("admin", "2022")
    assert isinstance(admin, ChooseUnit) and admin.period_text == "2022"
    assert {u.slug for u in admin.units} == {u.slug for u in world.units.units}
    assert "<code>/stats hanoi 2022</code>" in said(admin, "vi")  # provinces first
    assert len(world.counts.calls) == 2  # only the one report asked for: 2026 and 2025


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("13/2022", BadPeriod("13/2022", "bad_month")),
        ("tháng sau", BadPeriod("tháng sau", "format")),
        ("2030", BadPeriod("2030", "future")),
        ("cautre Q5/2022", BadPeriod("Q5/2022", "bad_quarter")),
        ("cautre hôm qua", BadPeriod("hôm qua", "format")),
        ("zzzzqqq", UnknownWard("zzzzqqq", [])),
    ],
)
async def test_text_is_blamed_as_what_it_looks_like(text: str, outcome: object) -> None:
    world = World()
    assert await world.service.ask("officer", text) == outcome
    assert not world.counted


async def test_unknown_ward_with_suggestions() -> None:
    world = World()
    outcome = await world.service.ask("officer", "cau tra 2022")
    assert isinstance(outcome, UnknownWard)
    assert outcome.query == "cau tra"
    assert CAU_TRE in outcome.suggestions and len(outcome.suggestions) <= 3
    assert "Có phải bạn muốn tìm: Phường Cầu Tre" in said(outcome, "vi")
    assert not world.counted


async def test_officer_refused_another_ward_without_counting() -> None:
    world = World()
    outcome = await world.service.ask("officer", "catbi 2022")
    assert outcome == Forbidden(CAT_BI)
    assert not world.counted
    assert "Phường Cát Bi" in said(outcome, "vi")


async def test_leader_sees_own_ward_only() -> None:
    world = World()
    assert isinstance(await world.service.ask("leader", "catbi"), ReportReady)
    assert await world.service.ask("leader", "cautre") == Forbidden(CAU_TRE)


@pytest.mark.parametrize(
    ("ward", "allowed"), [("cautre", True), ("catbi", True), ("haiphong", True), ("badinh", False)]
)
async def test_supervisor_sees_the_wards_below(ward: str, allowed: bool) -> None:
    outcome = await World().service.ask("supervisor", f"{ward} 2022")
    assert isinstance(outcome, ReportReady) is allowed
    assert isinstance(outcome, Forbidden) is not allowed


async def test_admin_by_role_and_by_settings() -> None:
    world = World(admin_ids=frozenset({"boss"}))
    assert isinstance(await world.service.ask("admin", "badinh"), ReportReady)
    assert isinstance(await world.service.ask("boss", "badinh"), ReportReady)
    assert await world.service.ask("someone", "badinh") == Forbidden(None)


@pytest.mark.parametrize("text", ["cautre 2022", "", "khong co phuong nay"])
async def test_citizen_refused_without_any_figure(text: str) -> None:
    world = World()
    outcome = await world.service.ask("citizen", text)
    assert outcome == Forbidden(None)
    assert not world.counted
    rendered = said(outcome, "vi")
    assert "chỉ dành cho cán bộ phường" in rendered
    assert not any(ch.isdigit() for ch in rendered) and "Cầu Tre" not in rendered


async def test_the_city_is_the_sum_of_its_wards() -> None:
    world = World()
    outcome = await world.service.ask("supervisor", "haiphong 2022")
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    # Every unit under the city, in one statement.
    assert world.counts.calls[0][0] == (CITY.id, CAU_TRE.id, CAT_BI.id, MERGED.id)
    wards = {}
    for ward in ("cautre", "catbi"):
        own = await world.service.ask("admin", f"{ward} 2022")
        assert isinstance(own, ReportReady)
        wards[ward] = own.report.figures
    assert report.figures.dossiers == wards["cautre"].dossiers + wards["catbi"].dossiers
    assert report.figures.by_field == (wards["cautre"] + wards["catbi"]).by_field
    # The ward merged away in 2025 still existed in 2022 but had no dossiers: listed, not ranked.
    assert [u.slug for u, _ in report.members] == ["cautre", "catbi", "cu"]
    assert [(r.rank, r.unit.slug) for r in report.ranking("on_time")] == [
        (1, "catbi"),
        (2, "cautre"),
    ]
    assert "Xếp hạng theo chỉ số 2.1" in to_html(report.content("vi"), "vi")
    ward = await world.service.ask("officer", "cautre 2022")
    assert isinstance(ward, ReportReady) and ward.report.members == ()


async def test_the_file_has_the_processing_times_and_the_same_figures() -> None:
    world = World()
    outcome = await world.service.ask("officer", "cautre 2022", detail=True)
    assert isinstance(outcome, ReportReady)
    assert outcome.report.processing["Khai sinh"].dossiers == 40
    assert outcome.report.processing["Khai sinh"].working_days == 40 * 2  # Tue 01/03 → Thu 03/03
    file = await world.service.report_file(outcome, "vi")
    assert file is not None and file.content == b"PK-cautre"
    assert file.name == "baocao-cautre-20220101-20221231.xlsx"
    assert file.caption == "📊 Phường Cầu Tre — bảng báo cáo kết quả giải quyết TTHC, năm 2022"
    assert world.rendered[0].figures == outcome.report.figures
    assert await world.service.report_file(Forbidden(None), "vi") is None


async def test_the_button_is_checked_again() -> None:
    world = World()
    outcome = await world.service.ask("officer", "cautre 2022")
    assert isinstance(outcome, ReportReady)
    data = file_button(CAU_TRE.id, outcome.report.period)
    assert decode(data.encode()) == data
    pressed = await world.service.by_button("officer", data)
    assert isinstance(pressed, ReportReady)
    assert pressed.report.figures == outcome.report.figures
    assert "Khai sinh" in pressed.report.processing
    assert await world.service.by_button("leader", data) == Forbidden(CAU_TRE)
    assert await world.service.by_button("citizen", data) == Forbidden(None)
    gone = StatsFile(99, date(2022, 1, 1), date(2022, 12, 31), "y")
    assert await world.service.by_button("officer", gone) == MissingWard()
    assert decode("rpt:bad") is None


async def test_ytd_default_uses_the_local_date_of_the_clock() -> None:
    # 20:00 UTC on 31 December is already 03:00 on 1 January 2027 in Hồ Chí Minh City.
    world = World(now=datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
    outcome = await world.service.ask("officer", "cautre")
    assert isinstance(outcome, ReportReady)
    period = outcome.report.period
    assert (period.kind, period.start, period.end) == (
        PeriodKind.YTD,
        date(2027, 1, 1),
        date(2027, 1, 1),
    )
    assert outcome.report.task_year == 2027
    assert outcome.report.window.end == datetime(2027, 1, 1, 3, 0, tzinfo=HCM)
    assert "Số liệu tính đến 01/01/2027 03:00." in said(outcome, "vi")


async def test_units_are_cached_staff_is_not() -> None:
    world = World()
    await world.service.ask("officer", "cautre")
    await world.service.ask("officer", "cautre")
    assert world.units.loads == 1
    assert world.staff.lookups == 2


async def test_units_added_elsewhere_are_seen_after_a_minute() -> None:
    world = World()
    await world.service.ask("admin", "cautre")
    await world.units.add("moi", "Phường Mới", parent_slug="haiphong")  # e.g. by the CLI
    world.clock.advance(timedelta(seconds=30))
    assert isinstance(await world.service.ask("admin", "moi"), UnknownWard)
    world.clock.advance(timedelta(seconds=31))
    assert isinstance(await world.service.ask("admin", "moi"), ReportReady)


async def test_staff_changes_take_effect_at_once() -> None:
    world = World()
    assert await world.service.ask("new", "cautre") == Forbidden(None)
    await world.staff.add("new", Role.OFFICER, CAU_TRE.id)
    assert isinstance(await world.service.ask("new", "cautre"), ReportReady)


# --- wards after the 2025 merger ------------------------------------------------------------

MERGER = date(2025, 6, 30)
OLD_CAU_TRE = replace(CAU_TRE, valid_to=MERGER, successor_ids=(7,))
NGO_QUYEN = Unit(
    id=7,
    slug="ngoquyen",
    name="Phường Ngô Quyền",
    code="11329",
    parent_id=1,
    valid_from=date(2025, 7, 1),
    aliases=("Cầu Tre",),
    predecessor_ids=(2,),
)


def merged_world() -> World:
    """Cầu Tre (40 dossiers in March 2022) merged into Ngô Quyền (10 in March 2026)."""
    world = World()
    world.units.units = [CITY, OLD_CAU_TRE, CAT_BI, NGO_QUYEN]
    world.staff.members["nq"] = StaffMember("nq", Role.OFFICER, NGO_QUYEN.id)
    world.counts.dossiers_ += dossiers_of(NGO_QUYEN, 10, 1, date(2026, 3, 2), "NQ")
    return world


async def test_a_merged_ward_after_the_merger_asks_instead_of_answering() -> None:
    world = merged_world()
    outcome = await world.service.ask("nq", "cautre 2026")
    assert isinstance(outcome, WardQuestion)
    assert [o.unit for o in outcome.options] == [NGO_QUYEN]
    assert not world.counted
    assert said(outcome, "vi") == (
        "Phường Cầu Tre đã nhập vào Phường Ngô Quyền từ 01/07/2025. Số liệu từ ngày đó thuộc về "
        "Phường Ngô Quyền: bấm nút dưới đây để xem."
    )
    assert said(outcome, "en").startswith(
        "Phường Cầu Tre was merged into Phường Ngô Quyền on 01/07/2025."
    )
    assert [c.button for c in question_choices(outcome)] == [StatsPick(7, "2026")]
    assert [c.button for c in reply_for(outcome, "vi").choices] == [StatsPick(7, "2026")]
    assert decode("st:7:2026") == StatsPick(7, "2026")
    picked = await world.service.unit_report("nq", 7, "2026")
    assert isinstance(picked, ReportReady)
    d = picked.report.figures.dossiers
    assert (d.received, d.late) == (10, 1)


async def test_a_citizen_is_refused_before_being_asked_anything() -> None:
    world = merged_world()
    assert await world.service.ask("citizen", "cautre 2026") == Forbidden(None)
    assert await world.service.unit_report("citizen", 7, "2026") == Forbidden(None)
    assert not world.counted


async def test_the_successor_report_before_the_merger_adds_the_predecessor() -> None:
    world = merged_world()
    outcome = await world.service.ask("nq", "ngoquyen 01/01/2022-15/09/2022")
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    assert report.unit == NGO_QUYEN
    assert {OLD_CAU_TRE.id, NGO_QUYEN.id} <= set(world.counts.calls[0][0])
    assert report.figures.dossiers.received == 40  # Cầu Tre's, as of the period
    assert report.figures.tasks == TaskCounts(14, 27)
    assert report.includes == ("Phường Cầu Tre",)
    assert "Gồm cả hồ sơ của đơn vị trước sắp xếp: Phường Cầu Tre." in said(outcome, "vi")


async def test_the_successor_report_after_the_merger_counts_itself_only() -> None:
    world = merged_world()
    outcome = await world.service.ask("nq", "Cầu Tre 2026")  # an old name
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    assert report.unit.name == "Phường Ngô Quyền"
    assert report.figures.dossiers.received == 10
    assert report.figures.tasks == TaskCounts()
    assert report.includes == ()
    # 2025, the period before, still had Cầu Tre for half a year (none of its dossiers then).
    assert report.previous_period is not None and report.previous_period.start.year == 2025


async def test_a_city_before_the_merger_counts_each_ward_once() -> None:
    world = merged_world()
    world.staff.members["sup"] = StaffMember("sup", Role.SUPERVISOR, CITY.id)
    outcome = await world.service.ask("sup", "haiphong 2022")
    assert isinstance(outcome, ReportReady)
    report = outcome.report
    assert report.includes == ()  # Cầu Tre is under the city itself
    assert report.figures.dossiers.received == 40 + 10  # Cầu Tre and Cát Bi, once each
    assert [u.slug for u, _ in report.members] == ["cautre", "catbi"]


async def test_the_successor_staff_see_the_old_ward_but_not_the_other_way() -> None:
    world = merged_world()
    assert isinstance(await world.service.ask("nq", "cautre 2022"), ReportReady)
    world.staff.members["old"] = StaffMember("old", Role.OFFICER, OLD_CAU_TRE.id)
    assert await world.service.ask("old", "ngoquyen 2026") == Forbidden(NGO_QUYEN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("khongco 13/2022", UnknownWard),  # an unknown ward is said first
        ("cautre 13/2022", BadPeriod),
    ],
)
async def test_the_ward_is_checked_even_when_the_period_is_bad(text: str, expected: type) -> None:
    assert isinstance(await merged_world().service.ask("nq", text), expected)


async def test_a_pick_for_a_unit_that_is_gone_or_a_bad_period() -> None:
    world = merged_world()
    assert await world.service.unit_report("nq", 999, "2026") == MissingWard()
    assert await world.service.unit_report("nq", 7, "13/2026") == BadPeriod("13/2026", "bad_month")
