"""The ward report use-case: find the ward, read the period, check access, count, assemble."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from bot.clock import Clock
from bot.domain.access import can_view_unit
from bot.domain.models import Unit
from bot.domain.periods import PeriodError, parse_period
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
from bot.domain.wards import WardIndex
from bot.ports import ReportCounts, StaffRepository, UnitRepository

__all__ = [
    "BadPeriod",
    "Forbidden",
    "MissingWard",
    "ReportOutcome",
    "ReportReady",
    "ReportService",
    "UnknownWard",
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
        """The report on `ward_query` for `period_text`, or why there is none for this user."""
        if not ward_query or not ward_query.strip():
            return MissingWard()
        index, by_id = await self._ward_index()
        unit = index.find(ward_query)
        if unit is None:
            return UnknownWard(ward_query.strip(), index.suggest(ward_query, MAX_SUGGESTIONS))

        now = self._clock.now()
        try:
            period = parse_period(period_text, now.astimezone(self._tz).date())
        except PeriodError as exc:
            return BadPeriod((period_text or "").strip(), exc.reason)

        staff = await self._staff.get(user_id)
        is_admin = user_id in self._admin_ids
        if not can_view_unit(staff, unit, by_id, is_admin=is_admin):
            return Forbidden(unit if staff is not None else None)

        received_from, received_to, as_of = report_window(period, now, self._tz)
        year = task_year(period)
        dossiers, tasks = await self._counts.counts(
            unit.id, received_from, received_to, as_of, year
        )
        return ReportReady(WardReport(unit.name, period, as_of, dossiers, tasks, year))
