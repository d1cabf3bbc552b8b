"""Wiring of the scheduled jobs over one open database (used by the app and the CLI)."""

from __future__ import annotations

from bot.clock import Clock
from bot.config import Settings
from bot.domain.calendar import WorkCalendar
from bot.domain.jobs import schedules
from bot.ports import StaffRepository, UnitRepository
from bot.render.digest_chart import MatplotlibCharts
from bot.services.indicators import IndicatorService
from bot.services.jobs import JobsService
from bot.services.reports import ReportService
from storage.db import Database
from storage.jobs import SqliteJobQueries, SqliteJobStore, SqliteSubscriptions


def build_jobs(
    settings: Settings,
    db: Database,
    clock: Clock,
    *,
    units: UnitRepository,
    staff: StaffRepository,
    reports: ReportService,
    indicators: IndicatorService,
    calendar: WorkCalendar,
    admin_ids: frozenset[str],
    charts: bool = True,
) -> JobsService:
    """The jobs service with its SQLite stores, the schedule from Settings, matplotlib charts."""
    return JobsService(
        store=SqliteJobStore(db),
        queries=SqliteJobQueries(db),
        indicators=indicators,
        subscriptions=SqliteSubscriptions(db),
        units=units,
        staff=staff,
        clock=clock,
        tz=settings.tz,
        calendar=calendar,
        schedules=schedules(
            settings.apology_reminder_time,
            settings.feedback_alert_time,
            settings.digest_weekday,
            settings.digest_time,
        ),
        ward_index=reports.ward_index,
        admin_ids=admin_ids,
        apology_lead_days=settings.apology_lead_days,
        charts=MatplotlibCharts() if charts else None,
    )
