"""Run the bot: Telegram (polling or webhook), the webhook server, the outbox deliverer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.app.wiring import build_services, open_database
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.services.outbox import Deliverer

if TYPE_CHECKING:
    from bot.app.webserver import Channels
    from handlers.telegram.context import BotApplication

log = logging.getLogger(__name__)

# What the bot asks Telegram for; edited messages are received so they can be refused politely.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


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
    needed (bot.app.webserver), and the outbox deliverer, until `stop` is set."""
    from bot.app.webserver import serve_channels
    from handlers.telegram.app import build_application, set_command_menus
    from handlers.telegram.jobs import register_jobs
    from handlers.telegram.sender import TelegramSender

    clock = clock or SystemClock()
    async with open_database(settings, clock) as db:
        services = build_services(settings, db, clock)
        app = build_application(settings, services, polling=not webhook)
        if configure is not None:
            configure(app)
        # initialize (getMe) ... shutdown; the HTTP server (if any) inside it
        async with app, serve_channels(settings, db, services, app, webhook=webhook) as channels:
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
                on_dead=services.notifications.undelivered,
                on_sent=services.notifications.delivered,
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
