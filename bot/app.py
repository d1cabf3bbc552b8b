"""The composition root: open storage, build services, run the channels."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.services.container import Services
from bot.services.reports import ReportService
from storage.audit import SqliteAuditLog, SqliteProcessedUpdates
from storage.db import Database
from storage.dossiers import SqliteDossierRepository
from storage.staff import SqliteStaffRepository
from storage.tasks import SqliteTaskRepository
from storage.units import SqliteUnitRepository

if TYPE_CHECKING:
    from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)

# What the bot asks Telegram for; edited messages are received so they can be refused politely.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def build_services(settings: Settings, db: Database, clock: Clock) -> Services:
    """Wire the repositories and use-cases over one open database."""
    units = SqliteUnitRepository(db)
    staff = SqliteStaffRepository(db)
    admin_ids = frozenset(str(i) for i in settings.admin_telegram_ids)
    reports = ReportService(
        units=units,
        dossiers=SqliteDossierRepository(db),
        tasks=SqliteTaskRepository(db),
        staff=staff,
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
    )
    return Services(
        clock=clock,
        tz=settings.tz,
        admin_ids=admin_ids,
        units=units,
        staff=staff,
        reports=reports,
        processed=SqliteProcessedUpdates(db),
        audit=SqliteAuditLog(db),
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
) -> None:
    """Run the Telegram bot by long polling until `stop` is set; resources follow its life."""
    from handlers.telegram.app import build_application, set_command_menus

    async with open_database(settings) as db:
        services = build_services(settings, db, clock or SystemClock())
        app = build_application(settings, services)
        if configure is not None:
            configure(app)
        async with app:  # initialize (getMe) ... shutdown
            await set_command_menus(app)
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
            log.info("bot @%s is polling", app.bot.username)
            if ready is not None:
                ready.set()
            try:
                await stop.wait()
            finally:
                await app.updater.stop()
                await app.stop()
