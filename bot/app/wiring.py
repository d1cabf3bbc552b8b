"""The composition root: open storage and build the services over it."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.app.jobs import build_jobs
from bot.clock import Clock
from bot.config import Settings
from bot.domain.feedback import Category
from bot.render.letter_docx import render_docx
from bot.render.letter_pdf import render_pdf
from bot.services.apology import ApologyService
from bot.services.container import Services
from bot.services.feedback import FeedbackService, FeedbackSettings
from bot.services.lookups import LookupLimiter
from bot.services.reports import ReportService
from storage.apology import SqliteApologyRepository
from storage.audit import SqliteAuditLog, SqliteProcessedUpdates
from storage.conversations import SqliteConversations
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.feedback import SqliteFeedbackRepository
from storage.outbox import SqliteOutbox
from storage.reports import SqliteReportCounts
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository

if TYPE_CHECKING:
    pass


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    """Wire the repositories and use-cases over one open database."""
    units = SqliteUnitRepository(db)
    staff = SqliteStaffRepository(db)
    dossiers = SqliteDossierRepository(db)
    admin_ids = frozenset(str(i) for i in settings.admin_telegram_ids)
    calendar = settings.work_calendar()
    wake = asyncio.Event()
    outbox = SqliteOutbox(db, clock)
    reports = ReportService(
        units=units,
        counts=SqliteReportCounts(db),
        staff=staff,
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
    )
    feedback = FeedbackService(
        cases=SqliteFeedbackRepository(db),
        conversations=SqliteConversations(db),
        units=units,
        staff=staff,
        dossiers=dossiers,
        clock=clock,
        tz=settings.tz,
        calendar=calendar,
        random_bytes=secrets.token_bytes,
        settings=FeedbackSettings(
            daily_limit=settings.feedback_daily_limit,
            default_answer_days=settings.answer_days[0],
            answer_days={Category(k): v for k, v in settings.answer_days[1].items()},
        ),
        wake=wake.set,
        outbox=outbox,
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
    return Services(
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
        units=units,
        staff=staff,
        reports=reports,
        feedback=feedback,
        outbox=outbox,
        calendar=calendar,
        processed=SqliteProcessedUpdates(db),
        audit=SqliteAuditLog(db),
        apology=apology,
        jobs=build_jobs(
            settings,
            db,
            clock,
            units=units,
            staff=staff,
            reports=reports,
            calendar=calendar,
            admin_ids=admin_ids,
        ),
        outbox_wake=wake,
        lookups=LookupLimiter(clock, settings.lookup_limit_per_minute),
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
