"""The composition root: open storage, build services, run the channels."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING

from bot.apology_docx import render_docx
from bot.apology_pdf import render_pdf
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.feedback import Category
from bot.jobs_wiring import build_jobs
from bot.services.apology import ApologyService
from bot.services.container import Services
from bot.services.feedback import FeedbackService, FeedbackSettings
from bot.services.outbox import Deliverer
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
    from bot.http import Channels
    from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)

# What the bot asks Telegram for; edited messages are received so they can be refused politely.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


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
    )


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The configured database, migrated, closed on exit."""
    db = Database(settings.database_path)
    await db.connect()
    try:
        yield db
    finally:
        await db.close()


async def run_telegram(
    settings: Settings,
    stop: asyncio.Event,
    *,
    clock: Clock | None = None,
    ready: asyncio.Event | None = None,
    poll_timeout: int = 10,
    configure: Callable[[BotApplication], None] | None = None,
    delivery_interval: float = 1.0,
    webhook: bool = False,
    on_channels: Callable[[Channels], None] | None = None,
) -> None:
    """Run the Telegram bot (long polling, or its webhook), the HTTP server for webhooks when
    needed (bot.http), and the outbox deliverer, until `stop` is set."""
    from bot.http import serve_channels
    from handlers.telegram.app import (
        alert_admins_of_dead_message,
        build_application,
        set_command_menus,
    )
    from handlers.telegram.jobs import register_jobs
    from handlers.telegram.sender import TelegramSender

    async with open_database(settings) as db:
        services = build_services(settings, db, clock or SystemClock())
        app = build_application(settings, services, polling=not webhook)
        if configure is not None:
            configure(app)
        # initialize (getMe) ... shutdown; the HTTP server (if any) inside it
        async with app, serve_channels(settings, db, services, app, webhook=webhook) as channels:
            services.feedback.set_bot_username(app.bot.username)
            await set_command_menus(app)
            register_jobs(app, services, settings)
            await app.start()
            if webhook:
                await channels.set_telegram_webhook(ALLOWED_UPDATES)
            else:
                assert app.updater is not None
                await app.updater.start_polling(
                    timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
                )
            deliverer = Deliverer(
                services.outbox,
                {"telegram": TelegramSender(app.bot), **channels.senders},
                services.clock,
                min_interval=delivery_interval,
                on_dead=channels.on_dead(partial(alert_admins_of_dead_message, app)),
                on_sent=lambda item, at: services.feedback.on_delivered(item.key, at),
            )
            delivering = asyncio.create_task(
                deliverer.run(stop, services.outbox_wake), name="outbox-deliverer"
            )
            channels.deliverer = deliverer
            if on_channels is not None:
                on_channels(channels)
            log.info("bot @%s is %s", app.bot.username, "on its webhook" if webhook else "polling")
            if ready is not None:
                ready.set()
            try:
                await stop.wait()
            finally:
                await delivering
                await channels.close()
                if app.updater is not None:
                    await app.updater.stop()
                await app.stop()
