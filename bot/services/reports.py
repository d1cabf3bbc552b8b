"""The ward report use-case: find the ward, read the period, check access, count, assemble."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from bot.clock import Clock
from bot.domain.access import can_view_unit
from bot.domain.models import Unit
from bot.domain.periods import Period, PeriodError, parse_period
from bot.domain.report import (
    MAX_SUGGESTIONS,
    BadPeriod,
    Forbidden,
    MissingWard,
    ReportOutcome,
    ReportReady,
    UnknownWard,
    WardReport,
    render_outcome,
    report_window,
    task_year,
)
from bot.domain.ward_choices import WardQuestion, period_token
from bot.domain.wards import WardFound, WardIndex, WardNotFound, covered_unit_ids
from bot.ports import ReportCounts, StaffRepository, UnitRepository

__all__ = [
    "BadPeriod",
    "Forbidden",
    "MissingWard",
    "ReportOutcome",
    "ReportReady",
    "ReportService",
    "UnknownWard",
    "WardQuestion",
    "render_outcome",
]


UNIT_CACHE_TTL = timedelta(minutes=1)


class ReportService:
    """Answers '/stats WARD [PERIOD]' for one user; never counts for someone not allowed to see."""

    def __init__(
        self,
        units: UnitRepository,
        counts: ReportCounts,
        staff: StaffRepository,
        clock: Clock,
        tz: tzinfo,
        admin_ids: frozenset[str] = frozenset(),
    ) -> None:
        self._units = units
        self._counts = counts
        self._staff = staff
        self._clock = clock
        self._tz = tz
        self._admin_ids = admin_ids
        self._index: WardIndex | None = None
        self._by_id: dict[int, Unit] = {}
        self._loaded_at: datetime | None = None

    def invalidate(self) -> None:
        """Forget the cached unit list (call after adding or renaming a unit)."""
        self._index = None
        self._by_id = {}

    async def ward_index(self) -> WardIndex:
        """The lookup over every unit (for splitting '/stats' arguments)."""
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
            self._loaded_at = now
        return self._index, self._by_id

    async def ward_report(
        self, user_id: str, ward_query: str, period_text: str | None
    ) -> ReportOutcome:
        """The report on `ward_query` for `period_text`, or why there is none for this user.

        The ward is looked up among the units of the period: a ward that had merged before it
        names its successor (the user is asked, not answered for another ward); a name that
        several units share asks which."""
        if not ward_query or not ward_query.strip():
            return MissingWard()
        index, by_id = await self._ward_index()
        now = self._clock.now()
        try:
            period = parse_period(period_text, now.astimezone(self._tz).date())
        except PeriodError as exc:
            if not index.knows(ward_query):
                return UnknownWard(ward_query.strip(), index.suggest(ward_query, MAX_SUGGESTIONS))
            return BadPeriod((period_text or "").strip(), exc.reason)
        lookup = index.resolve(ward_query, period.start, period.end)
        if isinstance(lookup, WardFound):
            return await self._report(user_id, lookup.unit, period, by_id)
        if isinstance(lookup, WardNotFound):
            return UnknownWard(lookup.query, list(lookup.suggestions[:MAX_SUGGESTIONS]))
        if await self._staff.get(user_id) is None and user_id not in self._admin_ids:
            return Forbidden(None)  # a citizen is not asked which ward's figures to refuse
        return WardQuestion(lookup, period_token(period_text, period))

    async def unit_report(self, user_id: str, unit_id: int, period_text: str) -> ReportOutcome:
        """The report on one unit (a choice the user pressed) for `period_text`."""
        _index, by_id = await self._ward_index()
        unit = by_id.get(unit_id)
        if unit is None:
            return MissingWard()
        try:
            period = parse_period(period_text, self._clock.now().astimezone(self._tz).date())
        except PeriodError as exc:
            return BadPeriod(period_text.strip(), exc.reason)
        return await self._report(user_id, unit, period, by_id)

    async def _report(
        self, user_id: str, unit: Unit, period: Period, by_id: dict[int, Unit]
    ) -> ReportOutcome:
        staff = await self._staff.get(user_id)
        is_admin = user_id in self._admin_ids
        if not can_view_unit(staff, unit, by_id, is_admin=is_admin):
            return Forbidden(unit if staff is not None else None)
        received_from, received_to, as_of = report_window(period, self._clock.now(), self._tz)
        year = task_year(period)
        # A successor's report for a time before its merger counts its predecessors' dossiers.
        covered = covered_unit_ids(unit, period.start, period.end, by_id)
        dossiers, tasks = await self._counts.counts(
            covered, received_from, received_to, as_of, year
        )
        includes = tuple(sorted(by_id[i].name for i in covered if i != unit.id))
        return ReportReady(
            WardReport(unit.name, period, as_of, dossiers, tasks, year, includes=includes)
        )
