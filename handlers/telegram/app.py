"""Build the PTB Application and register every handler, in order, in one place."""

from __future__ import annotations

import html
import logging
from typing import cast

from telegram import BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.domain.messages import OutboxItem
from bot.domain.texts import t
from bot.services.container import Services
from handlers.telegram import apology, citizen, common, inbox, jobs, staff
from handlers.telegram.context import CONTEXT_TYPES, BotApplication, Context
from handlers.telegram.errors import on_error
from handlers.telegram.split import SplittingBot

log = logging.getLogger(__name__)


def build_application(settings: Settings, services: Services) -> BotApplication:
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
        # Evenly spaced (30/s) rather than bursts of 30: bursts at the edge of Telegram's
        # limit draw occasional 429s (measured in bench/outbox.py).
        rate_limiter=AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30, max_retries=3),
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(),
    )
    builder = ApplicationBuilder().bot(bot).context_types(CONTEXT_TYPES)
    app = cast(BotApplication, builder.updater(None).build())
    app.bot_data.services = services
    register(app)
    return app


async def _on_private_message(update: Update, context: Context) -> None:
    """A staff member's pending typed input first, then the citizen's conversation."""
    if await apology.on_text(update, context):
        return
    if not await inbox.on_staff_text(update, context):
        await citizen.on_message(update, context)


async def alert_admins_of_dead_message(app: BotApplication, item: OutboxItem, reason: str) -> None:
    """The outbox gave up on a message: tell the admins (never silently dropped)."""
    services = app.bot_data.services
    if services is None:
        return
    text = t(
        "vi",
        "outbox.dead",
        key=html.escape(item.key),
        recipient=html.escape(item.message.recipient),
        reason=html.escape(reason[:500]),
    )
    for admin in sorted(services.admin_ids):
        try:
            await app.bot.send_message(int(admin), text)
        except TelegramError:
            log.warning("could not alert admin %s about %s", admin, item.key)


def register(app: BotApplication) -> None:
    """Every handler, in the order PTB must try them."""
    # Redelivered updates never get here: the inbox stores an update once and the ledger
    # (bot.services.inbox) skips one already handled.
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("start", common.start, filters=private))
    app.add_handler(CommandHandler("help", common.help_command))
    app.add_handler(CommandHandler(["stats", "thongke"], staff.stats))
    # Citizens (private chats only: a case's updates go back to the chat it was filed in).
    app.add_handler(CommandHandler(["phananh", "feedback"], citizen.feedback, filters=private))
    # /huy drops an apology letter in progress first, else the citizen's conversation.
    app.add_handler(CommandHandler(["huy", "cancel"], apology.cancel, filters=private))
    app.add_handler(CommandHandler(["tracuu", "track"], citizen.track))
    app.add_handler(CommandHandler(["hoso", "dossier"], citizen.dossier))
    app.add_handler(CommandHandler(["dulieucuatoi", "mydata"], citizen.my_data, filters=private))
    app.add_handler(CommandHandler(["xoadulieu", "erasedata"], citizen.erase_data, filters=private))
    # Staff inbox.
    app.add_handler(CommandHandler(["hopthu", "inbox"], inbox.inbox))
    app.add_handler(CommandHandler("nhap", inbox.desk_intake, filters=private))
    app.add_handler(CommandHandler(["chan", "bochan"], inbox.block))
    # Apology letters for late dossiers (its typed input goes through _on_private_message).
    app.add_handler(CommandHandler("xinloi", apology.command, filters=private))
    # Weekly indicator digest subscriptions (staff).
    app.add_handler(CommandHandler("theodoi", jobs.subscribe))
    app.add_handler(CommandHandler("botheodoi", jobs.unsubscribe))
    # Buttons: staff case buttons carry "s:"; every other press is the citizen's.
    app.add_handler(CallbackQueryHandler(inbox.on_staff_button, pattern=r"^s:"))
    # "apo:<code>" (also on the reminder job's messages) and the letter's steps: before the
    # citizen's catch-all below.
    app.add_handler(CallbackQueryHandler(apology.on_button, pattern=r"^apo"))
    # "st:<unit>:<period>": a ward offered by /stats (merged or ambiguous name).
    app.add_handler(CallbackQueryHandler(staff.on_stats_button, pattern=r"^st:"))
    app.add_handler(CallbackQueryHandler(citizen.on_button))
    # An edit never changes what was filed (checked before the generic handlers below).
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, citizen.on_edited))
    # Last: whatever no handler above took gets a helpful answer, never silence.
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, _on_private_message))
    app.add_error_handler(on_error)


async def set_command_menus(app: BotApplication) -> None:
    """Citizens' menu as the default (vi and en); staff get theirs per chat."""
    bot = app.bot
    await bot.set_my_commands(
        common.command_menu(common.CITIZEN_COMMANDS, "vi"), scope=BotCommandScopeDefault()
    )
    await bot.set_my_commands(
        common.command_menu(common.CITIZEN_COMMANDS, "en"),
        scope=BotCommandScopeDefault(),
        language_code="en",
    )
    services = app.bot_data.services
    if services is None:
        return
    staff_ids = {m.user_id for m in await services.staff.all()} | set(services.admin_ids)
    menu = common.command_menu(common.STAFF_COMMANDS, "vi")
    for user_id in sorted(staff_ids):
        try:
            await bot.set_my_commands(menu, scope=BotCommandScopeChat(int(user_id)))
        except TelegramError:
            # A staff member who never opened the bot has no chat yet; /start will set it.
            log.info("no chat yet for staff %s; menu set on their /start", user_id)
