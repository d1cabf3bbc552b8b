"""Run the bot: Telegram (polling or webhook), the webhook server, the inbox workers and the
outbox deliverer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.app.wiring import build_services, open_database
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.services.inbox import InboxDoor, InboxWorkers
from bot.services.outbox import Deliverer
from storage.inbox import SqliteInbox

if TYPE_CHECKING:
    from bot.app.webserver import Channels
    from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)

# What the bot asks Telegram for; edited messages are received so they can be refused politely.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# How often the ledger of handled updates is pruned.
_PRUNE_EVERY = 6 * 3600.0


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
    needed (bot.app.webserver), the inbox workers and the outbox deliverer, until `stop` is set.

    On `stop`: polling and the HTTP server stop taking updates, each chat finishes the update in
    hand and the deliverer the message in hand; whatever is left stays pending for next time."""
    from bot.app.webserver import serve_channels
    from handlers.telegram.app import build_application, set_command_menus
    from handlers.telegram.jobs import register_jobs
    from handlers.telegram.sender import TelegramSender
    from handlers.telegram.updates import ParsedUpdates, Poller, RawUpdatesRequest
    from handlers.telegram.updates import handler as telegram_handler

    clock = clock or SystemClock()
    async with open_database(settings, clock) as db:
        services = build_services(settings, db, clock)
        inbox = SqliteInbox(db)
        inbox_wake = asyncio.Event()
        door = InboxDoor(inbox, inbox_wake)  # what the channels store through
        updates_request = RawUpdatesRequest()
        app = build_application(settings, services, updates_request)
        if configure is not None:
            configure(app)
        # initialize (getMe) ... shutdown; the HTTP server (if any) inside it
        async with (
            app,
            serve_channels(
                settings, db, services, app, door, inbox_wake, webhook=webhook
            ) as channels,
        ):
            await set_command_menus(app)
            register_jobs(app, services, settings)
            await app.start()
            tasks: list[asyncio.Task[None]] = []
            parsed = ParsedUpdates()
            workers = InboxWorkers(
                inbox,
                {"telegram": telegram_handler(app, parsed), "zalo": channels.zalo.handle},
                services.clock,
                concurrency=settings.inbox_concurrency,
                wake=inbox_wake,
            )
            door.workers = workers  # from now on, what is stored is offered to them at once
            # Started first: it finishes whatever a crash left pending.
            tasks.append(asyncio.create_task(workers.run(stop), name="inbox-workers"))
            if webhook:
                await channels.set_telegram_webhook(ALLOWED_UPDATES)
            else:
                await app.bot.delete_webhook()
                poller = Poller(
                    app.bot,
                    door,
                    services.clock,
                    timeout=poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    parsed=parsed,
                    raw=updates_request,
                )
                tasks.append(asyncio.create_task(_or_stop(poller.run(stop), stop), name="poll"))
            deliverer = Deliverer(
                services.outbox,
                {"telegram": TelegramSender(app.bot), **channels.senders},
                services.clock,
                min_interval=delivery_interval,
                on_dead=services.notifications.undelivered,
                on_sent=services.notifications.delivered,
            )
            tasks.append(
                asyncio.create_task(
                    deliverer.run(stop, services.outbox_wake), name="outbox-deliverer"
                )
            )
            retention = timedelta(days=settings.ledger_retention_days)
            tasks.append(
                asyncio.create_task(_prune(inbox, services.clock, retention, stop), name="prune")
            )
            channels.deliverer = deliverer
            channels.workers = workers
            if on_channels is not None:
                on_channels(channels)
            log.info("bot @%s is %s", app.bot.username, "on its webhook" if webhook else "polling")
            if ready is not None:
                ready.set()
            try:
                await stop.wait()
            finally:
                stop.set()
                await channels.close()  # no new webhook requests
                results = await asyncio.gather(*tasks, return_exceptions=True)
                await app.stop()
            for result in results:
                if isinstance(result, BaseException):
                    raise result


async def _or_stop(work: Coroutine[Any, Any, None], stop: asyncio.Event) -> None:
    """Run `work`; if it fails, stop the whole bot (and let the failure surface)."""
    try:
        await work
    except BaseException:
        stop.set()
        raise


async def _prune(inbox: SqliteInbox, clock: Clock, keep: timedelta, stop: asyncio.Event) -> None:
    """Forget handled updates older than `keep` (Telegram keeps an unconfirmed update 24 h)."""
    while not stop.is_set():
        try:
            removed = await inbox.prune(clock.now() - keep)
            if removed:
                log.info("ledger: %d old entries pruned", removed)
        except Exception:
            log.warning("ledger: pruning failed; trying again later", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), _PRUNE_EVERY)
