"""The report use-case: read what was asked (unit and period, or neither), check access, gather
the unit's figures with every unit under it and the period before, and assemble the report —
for chat, or as the desk's table in a file: XLSX, or PDF where the channel takes no XLSX (the
Zalo OA)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from bot.clock import Clock
from bot.domain.access import can_view_unit
from bot.domain.choices import StatsFile
from bot.domain.commands import looks_like_period, split_ward_and_period
from bot.domain.indicators import Figures, Window, roll_up, units_under
from bot.domain.messages import Document, Reply
from bot.domain.models import Role, StaffMember, Unit
from bot.domain.periods import FORMAT, Period, PeriodError, parse_period
from bot.domain.report import (
    MAX_SUGGESTIONS,
    BadPeriod,
    ChooseUnit,
    Forbidden,
    MissingWard,
    ReportOutcome,
    ReportReady,
    UnitReport,
    UnknownWard,
    outcome_content,
    period_of,
    reply_for,
    report_file_name,
    task_year,
)
from bot.domain.texts import t
from bot.domain.ward_choices import WardQuestion, period_token
from bot.domain.wards import (
    WardFound,
    WardIndex,
    WardNotFound,
    covered_unit_ids,
    fold,
    is_valid,
)
from bot.ports import StaffRepository, UnitRepository
from bot.services.indicators import IndicatorService

__all__ = [
    "BadPeriod",
    "ChooseUnit",
    "FileKind",
    "Forbidden",
    "MissingWard",
    "ReportFile",
    "ReportOutcome",
    "ReportReady",
    "ReportService",
    "UnknownWard",
    "WardQuestion",
    "outcome_content",
]


UNIT_CACHE_TTL = timedelta(minutes=1)

# Renders a report as the desk's table in a file (blocking: run in a worker thread).
FileRenderer = Callable[[UnitReport, str], bytes]
XlsxRenderer = FileRenderer


class FileKind(StrEnum):
    """The kinds of file the desk's table is sent as, in the order they are preferred."""

    XLSX = "xlsx"  # a workbook the desk can sort and sum (Telegram, the CLI)
    PDF = "pdf"  # where no XLSX can go: the Zalo OA uploads PDF, DOC and DOCX only


@dataclass(frozen=True, slots=True)
class ReportFile:
    """The desk's table as a file, ready to send."""

    name: str
    content: bytes
    caption: str


class ReportService:
    """Answers '/stats [WARD] [PERIOD]' and '/baocao …' for one user; never counts for someone
    not allowed to see."""

    def __init__(
        self,
        units: UnitRepository,
        indicators: IndicatorService,
        staff: StaffRepository,
        clock: Clock,
        tz: tzinfo,
        admin_ids: frozenset[str] = frozenset(),
        render_xlsx: FileRenderer | None = None,
        render_pdf: FileRenderer | None = None,
    ) -> None:
        self._units = units
        self._indicators = indicators
        self._staff = staff
        self._clock = clock
        self._tz = tz
        self._admin_ids = admin_ids
        self._renderers = {
            kind: renderer
            for kind, renderer in ((FileKind.XLSX, render_xlsx), (FileKind.PDF, render_pdf))
            if renderer is not None
        }
        self._index: WardIndex | None = None
        self._by_id: dict[int, Unit] = {}
        self._under: dict[int, list[Unit]] = {}
        self._loaded_at: datetime | None = None

    async def ward_index(self) -> WardIndex:
        """The lookup over every unit (for splitting command arguments)."""
        index, _ = await self._ward_index()
        return index

    async def _ward_index(self) -> tuple[WardIndex, dict[int, Unit]]:
        # Units change rarely and through the CLI (another process): reload once a minute.
        now = self._clock.now()
        stale = self._loaded_at is None or now - self._loaded_at > UNIT_CACHE_TTL
        if self._index is None or stale:
            units = await self._units.all()
            self._by_id = {u.id: u for u in units}
            self._index = WardIndex(units)
            self._under = {}
            self._loaded_at = now
        return self._index, self._by_id

    # --- asking -------------------------------------------------------------------------------

    async def ask(
        self,
        user_id: str,
        text: str,
        *,
        detail: bool = False,
        member: StaffMember | None = None,
    ) -> ReportOutcome:
        """The report `text` asks for ('cautre 2022', 'tháng này', '' …), or why there is none.

        With no unit named, officers and leaders get their own ward; supervisors and admins
        the list of units they may ask about. The unit is looked up among the units of the
        period: a ward that had merged before it names its successor, and a name several units
        share asks which (`WardQuestion`) — never answered for another unit. `detail` adds 2.2
        per procedure (for the file). `member`: the asker, when the caller has looked them up.
        """
        index, by_id = await self._ward_index()
        staff = member if member is not None else await self._staff.get(user_id)
        is_admin = user_id in self._admin_ids
        if staff is None and not is_admin:
            return Forbidden(None)  # a citizen is not asked which ward's figures to refuse
        today = self._clock.now().astimezone(self._tz).date()
        ward_text, period_text = split_ward_and_period(text, index.knows)
        if ward_text and not index.knows(ward_text):
            # Not a unit: the whole text may be a period ('tháng này'), or is blamed as what it
            # most looks like.
            whole = text.strip()
            try:
                parse_period(whole, today)
            except PeriodError as exc:
                if exc.reason != FORMAT or looks_like_period(whole):
                    return BadPeriod(whole, exc.reason)
                return UnknownWard(ward_text.strip(), index.suggest(ward_text, MAX_SUGGESTIONS))
            ward_text, period_text = "", whole
        try:
            period = parse_period(period_text, today)
        except PeriodError as exc:
            return BadPeriod((period_text or "").strip(), exc.reason)
        if not ward_text:
            own = _own_ward(staff, by_id)
            if own is None:
                return self._choices(staff, by_id, is_admin, period_text or "")
            return await self._checked(staff, is_admin, own, period, by_id, detail=detail)
        lookup = index.resolve(ward_text, period.start, period.end)
        if isinstance(lookup, WardFound):
            return await self._checked(staff, is_admin, lookup.unit, period, by_id, detail=detail)
        if isinstance(lookup, WardNotFound):
            return UnknownWard(lookup.query, list(lookup.suggestions[:MAX_SUGGESTIONS]))
        return WardQuestion(lookup, period_token(period_text, period))

    async def unit_report(
        self, user_id: str, unit_id: int, period_text: str, *, detail: bool = False
    ) -> ReportOutcome:
        """The report on one unit (a choice the user pressed under a question) for
        `period_text`; access is checked again."""
        _, by_id = await self._ward_index()
        staff = await self._staff.get(user_id)
        is_admin = user_id in self._admin_ids
        if staff is None and not is_admin:
            return Forbidden(None)
        unit = by_id.get(unit_id)
        if unit is None:
            return MissingWard()
        try:
            period = parse_period(period_text, self._clock.now().astimezone(self._tz).date())
        except PeriodError as exc:
            return BadPeriod(period_text.strip(), exc.reason)
        return await self._checked(staff, is_admin, unit, period, by_id, detail=detail)

    async def by_button(
        self, user_id: str, button: StatsFile, *, detail: bool = True
    ) -> ReportOutcome:
        """The report a '/stats' file button names (access is checked again)."""
        _, by_id = await self._ward_index()
        staff = await self._staff.get(user_id)
        is_admin = user_id in self._admin_ids
        if staff is None and not is_admin:
            return Forbidden(None)
        unit = by_id.get(button.unit_id)
        if unit is None:
            return MissingWard()
        return await self._checked(staff, is_admin, unit, period_of(button), by_id, detail=detail)

    def _choices(
        self, staff: StaffMember | None, by_id: dict[int, Unit], is_admin: bool, period: str
    ) -> ReportOutcome:
        visible = [u for u in by_id.values() if can_view_unit(staff, u, by_id, is_admin=is_admin)]
        if not visible:
            return MissingWard()
        own = staff.unit_id if staff is not None else None
        visible.sort(key=lambda u: (u.id != own, u.kind == "ward", fold(u.name)))
        return ChooseUnit(tuple(visible), period)

    async def _checked(
        self,
        staff: StaffMember | None,
        is_admin: bool,
        unit: Unit,
        period: Period,
        by_id: dict[int, Unit],
        *,
        detail: bool,
    ) -> ReportOutcome:
        """The report, for a user allowed to see the unit."""
        if not can_view_unit(staff, unit, by_id, is_admin=is_admin):
            return Forbidden(unit)
        return ReportReady(await self._report(unit, period, by_id, detail=detail))

    # --- counting -----------------------------------------------------------------------------

    def _covered(self, under: list[Unit], period: Period, by_id: dict[int, Unit]) -> set[int]:
        """The units whose dossiers a report on `under[0]` counts for the period: every unit
        under it and, for a time before a merger, each one's predecessors."""
        ids: set[int] = set()
        for member in under:
            ids |= covered_unit_ids(member, period.start, period.end, by_id)
        return ids

    async def _report(
        self, unit: Unit, period: Period, by_id: dict[int, Unit], *, detail: bool
    ) -> UnitReport:
        now = self._clock.now()
        under = self._under.get(unit.id)
        if under is None:
            under = self._under[unit.id] = units_under(unit, list(by_id.values()))
        window = Window.of(period, now, self._tz)
        year = task_year(period)
        before_period = period.previous()
        covered = self._covered(under, period, by_id)
        covered_before = self._covered(under, before_period, by_id)
        windows = [window, Window.of(before_period, now, self._tz)]
        wards = [u for u in under[1:] if u.kind == "ward"]
        inside = {u.id for u in under}
        extras = [sorted(covered - inside), sorted(covered_before - inside)]
        # The areas' aggregates sum the units under the area, each ward's own dossiers apart,
        # and each other unit counted (a merger's predecessor) without units under it; the
        # file reads each unit's own figures.
        fast = (
            None
            if detail or _has_units_under(wards + [by_id[i] for e in extras for i in e], by_id)
            else await self._indicators.area_windows(
                unit,
                wards,
                under,
                [[by_id[i] for i in more] for more in extras],
                windows,
                task_year=year,
            )
        )
        if fast is not None:
            current, (figures, previous) = fast.members, fast.windows
        else:
            counted = [by_id[i] for i in sorted(covered | covered_before)]
            current, before = await self._indicators.per_unit_windows(
                counted, windows, task_year=year
            )
            figures = roll_up(f for i, f in current.items() if i in covered)
            previous = roll_up(f for i, f in before.items() if i in covered_before)
        members = tuple(
            (u, current.get(u.id, Figures()))
            for u in wards
            if is_valid(u, period.start, period.end) or u.id in current
        )
        # A successor's report for a time before its merger counts its predecessors' dossiers.
        includes = tuple(sorted(by_id[i].name for i in covered - inside))
        counted_now = [by_id[i] for i in sorted(covered)]
        processing = await self._indicators.processing(counted_now, window) if detail else {}
        return UnitReport(
            unit=unit,
            period=period,
            window=window,
            figures=figures,
            task_year=year,
            previous_period=before_period,
            previous=previous,
            members=members,
            processing=processing,
            includes=includes,
        )

    # --- the file -------------------------------------------------------------------------------

    def file_kind(self, takes: Callable[[str], bool]) -> FileKind | None:
        """The kind of file to send where `takes` says which kinds can go: the XLSX where it
        can, else the PDF; None when the channel takes neither."""
        return next((kind for kind in self._renderers if takes(kind.value)), None)

    async def report_file(
        self, outcome: ReportOutcome, lang: str, kind: FileKind = FileKind.XLSX
    ) -> ReportFile | None:
        """The desk's table of a ready report as a file of `kind` (None for any other outcome,
        or without that renderer); ask with `detail=True` for its 2.2 table."""
        render = self._renderers.get(kind)
        if not isinstance(outcome, ReportReady) or render is None:
            return None
        report = outcome.report
        content = await asyncio.to_thread(render, report, lang)
        caption = t(
            lang, "report.file_caption", unit=report.unit.name, period=report.period.label(lang)
        )
        return ReportFile(report_file_name(report, kind.value), content, caption)

    async def file_reply(
        self, outcome: ReportOutcome, lang: str, kind: FileKind | None = FileKind.XLSX
    ) -> Reply:
        """/baocao's answer, channel-free: a ready report's table as a document of `kind` under
        its caption; any other outcome worded as /baocao's (or the report itself, where no file
        can go)."""
        file = await self.report_file(outcome, lang, kind) if kind is not None else None
        if file is None or not isinstance(outcome, ReportReady):
            return reply_for(outcome, lang, command="baocao", with_file=False)
        report = outcome.report
        values = {"unit": report.unit.name, "period": report.period.label(lang)}
        return Reply("report.file_caption", values, document=Document(file.name, file.content))


def _has_units_under(units: Sequence[Unit], by_id: Mapping[int, Unit]) -> bool:
    """Whether one of `units` has units under it (its own figures are not its sum)."""
    ids = {u.id for u in units}
    return any(u.parent_id in ids for u in by_id.values())


def _own_ward(staff: StaffMember | None, by_id: dict[int, Unit]) -> Unit | None:
    """An officer's or leader's own ward (they see no other)."""
    if staff is None or staff.role not in (Role.OFFICER, Role.LEADER) or staff.unit_id is None:
        return None
    return by_id.get(staff.unit_id)
