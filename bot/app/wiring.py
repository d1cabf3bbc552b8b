"""The composition root: open storage and build the services over it."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app.jobs import build_jobs
from bot.clock import Clock
from bot.config import Settings
from bot.domain.feedback import Category
from bot.render.lazy import render_xlsx
from bot.render.letter_docx import render_docx
from bot.render.letter_pdf import render_pdf
from bot.render.report_pdf import render_report_pdf
from bot.services.apology import ApologyService
from bot.services.apology_flow import ApologyFlow
from bot.services.cases import StaffCases
from bot.services.citizen import CitizenCases
from bot.services.container import Services
from bot.services.conversations import Conversations
from bot.services.indicators import IndicatorService
from bot.services.intake import FeedbackSettings, IntakeService
from bot.services.invites import InviteService
from bot.services.lookups import LookupLimiter
from bot.services.notifications import Notifications
from bot.services.reports import ReportService
from bot.services.router import Router
from storage.apology import SqliteApologyRepository
from storage.audit import SqliteAuditLog, SqliteProcessedUpdates
from storage.conversations import SqliteConversations
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.feedback import SqliteFeedbackRepository
from storage.indicators import SqliteIndicatorCounts
from storage.invites import SqliteInviteStore
from storage.menus import SqliteCommandMenus
from storage.outbox import SqliteOutbox
from storage.staff import CachedStaffRepository
from storage.units import CachedUnitRepository


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    """Wire the repositories and use-cases over one open database."""
    units = CachedUnitRepository(db, clock)
    staff = CachedStaffRepository(db, alerting=True)  # who hears: where each person chose
    dossiers = SqliteDossierRepository(db)
    admin_ids = frozenset(str(i) for i in settings.admin_telegram_ids)
    calendar = settings.work_calendar()
    wake = asyncio.Event()
    outbox = SqliteOutbox(db, clock)
    indicators = IndicatorService(SqliteIndicatorCounts(db), settings.tz, calendar)
    reports = ReportService(
        units=units,
        indicators=indicators,
        staff=staff,
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
        render_xlsx=render_xlsx,
        render_pdf=render_report_pdf,
    )
    cases = SqliteFeedbackRepository(db)
    conversations = Conversations(SqliteConversations(db), clock)
    notifications = Notifications(
        cases, staff, outbox, clock, settings.tz, admin_ids, wake=wake.set
    )
    feedback_settings = FeedbackSettings(
        daily_limit=settings.feedback_daily_limit,
        default_answer_days=settings.answer_days[0],
        answer_days={Category(k): v for k, v in settings.answer_days[1].items()},
    )
    apology = ApologyService(
        SqliteApologyRepository(db),
        dossiers,
        units,
        clock,
        settings.tz,
        calendar,
        render_docx,
        render_pdf=render_pdf,
        audit=SqliteAuditLog(db),
        wake=wake.set,
    )
    jobs = build_jobs(
        settings,
        db,
        clock,
        units=units,
        staff=staff,
        reports=reports,
        indicators=indicators,
        calendar=calendar,
        admin_ids=admin_ids,
    )
    lookups = LookupLimiter(clock, settings.lookup_limit_per_minute)
    router = Router(
        lookups=lookups,
        invites=InviteService(
            SqliteInviteStore(db), staff, units, clock, secrets.token_bytes, links=staff
        ),
        staff=staff,
        admin_ids=admin_ids,
        units=units,
        conversations=conversations,
        intake=IntakeService(
            cases,
            conversations,
            units,
            notifications,
            clock,
            settings.tz,
            calendar,
            secrets.token_bytes,
            settings=feedback_settings,
            wake=wake.set,
            dossiers=dossiers,
        ),
        citizen=CitizenCases(
            cases,
            conversations,
            units,
            dossiers,
            notifications,
            clock,
            settings.tz,
            calendar,
            settings=feedback_settings,
            wake=wake.set,
        ),
        cases=StaffCases(
            cases,
            conversations,
            units,
            notifications,
            clock,
            settings.tz,
            calendar,
            staff=staff,
            admin_ids=admin_ids,
            wake=wake.set,
        ),
        apology=ApologyFlow(apology, conversations),
        reports=reports,
        jobs=jobs,
    )
    return Services(
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
        units=units,
        staff=staff,
        reports=reports,
        router=router,
        notifications=notifications,
        outbox=outbox,
        calendar=calendar,
        processed=SqliteProcessedUpdates(db),
        audit=SqliteAuditLog(db),
        apology=apology,
        jobs=jobs,
        outbox_wake=wake,
        lookups=lookups,
        menus=SqliteCommandMenus(db),
    )


@asynccontextmanager
async def open_database(settings: Settings, clock: Clock) -> AsyncIterator[Database]:
    """The configured database, migrated, closed on exit."""
    db = Database(settings.database_path, clock)
    await db.connect()
    try:
        yield db
    finally:
        await db.close()
