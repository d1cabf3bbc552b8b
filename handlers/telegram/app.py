"""Build the PTB Application and register every handler, in order, in one place."""

from __future__ import annotations

import logging
from typing import cast

from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.domain.commands import command_names
from bot.services.container import Services
from handlers.telegram import chat, common
from handlers.telegram.context import CONTEXT_TYPES, BotApplication
from handlers.telegram.errors import on_error
from handlers.telegram.limiter import PriorityRateLimiter
from handlers.telegram.split import SplittingBot

log = logging.getLogger(__name__)


def build_application(
    settings: Settings, services: Services, updates_request: HTTPXRequest
) -> BotApplication:
    """An Application pointed at the configured Bot API server, with our handlers and without
    PTB's Updater: updates come through the durable inbox (handlers.telegram.updates polls,
    handlers.telegram.webhook takes the webhook), which hands them to `process_update`."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    bot = SplittingBot(
        settings.bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        defaults=Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML),
        # Telegram's limits with a margin; a person's replies before pushes, chat actions free
        # (bench/burst.py, bench/outbox.py: no 429 from the stand-in's flood control).
        rate_limiter=PriorityRateLimiter(),
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=updates_request,  # the poller reads its answers as they came
    )
    builder = ApplicationBuilder().bot(bot).context_types(CONTEXT_TYPES)
    app = cast(BotApplication, builder.updater(None).build())
    app.bot_data.services = services
    register(app)
    return app


def register(app: BotApplication) -> None:
    """Every handler, in the order PTB must try them."""
    # Redelivered updates never get here: the inbox stores an update once and the ledger
    # (bot.services.inbox) skips one already handled.
    # Every command, button and message goes to the core's router (bot.services.router), which
    # checks who may do what; only Telegram's own events are told apart here.
    app.add_handler(CommandHandler(command_names(), chat.on_command))
    app.add_handler(CallbackQueryHandler(chat.on_button))
    # An edit never changes what was filed (checked before the generic handlers below).
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, chat.on_edited))
    # Last: whatever no handler above took gets a helpful answer, never silence.
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command))
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, chat.on_message))
    app.add_error_handler(on_error)


async def set_command_menus(app: BotApplication) -> int:
    """The command menus of the bot's citizens and staff, where they changed since last start."""
    services = app.bot_data.services
    if services is None:
        return await common.set_command_menus(app.bot, None, set())
    members = await services.staff.all()
    staff_ids = {m.user_id for m in members if m.channel == "telegram"} | set(services.admin_ids)
    return await common.set_command_menus(app.bot, services.menus, staff_ids)
