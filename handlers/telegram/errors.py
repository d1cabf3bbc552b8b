"""One error handler: log with the traceback, apologise to the user, tell the admins."""

from __future__ import annotations

import html
import logging
import sqlite3
import traceback

from telegram import Update
from telegram.error import TelegramError

from bot.domain.texts import t
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of
from handlers.telegram.updates import defer_if_transient

log = logging.getLogger(__name__)

_MAX_TRACE = 3000


def is_busy(error: BaseException | None) -> bool:
    """A locked or busy SQLite database (and what wraps it)."""
    while error is not None:
        if isinstance(error, sqlite3.OperationalError) and (
            "locked" in str(error) or "busy" in str(error)
        ):
            return True
        error = error.__cause__ or error.__context__
    return False


async def on_error(update: object, context: Context) -> None:
    """Handle any exception a handler raised."""
    error = context.error
    if defer_if_transient(error):
        log.warning(
            "update %s: Telegram unreachable for now (%s); it will be tried again",
            update.update_id if isinstance(update, Update) else "-",
            error,
        )
        return
    busy = is_busy(error)
    if busy:
        # Another writer holds the database past the busy timeout: nothing is wrong with the
        # code, and the user can simply try again.
        log.warning("database busy while handling an update: %s", error)
    else:
        log.error("error while handling an update", exc_info=error)
    if isinstance(update, Update) and update.effective_message is not None:
        key = "error.busy" if busy else "error.internal"
        try:
            await update.effective_message.reply_text(t(lang_of(update), key))
        except TelegramError:
            log.warning("could not tell the user about the error", exc_info=True)
    if error is None or busy:
        return
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    update_id = update.update_id if isinstance(update, Update) else "-"
    text = t(
        "vi",
        "error.admin_alert",
        update=update_id,
        error=html.escape(trace[-_MAX_TRACE:]),
    )
    services = context.bot_data.services
    for admin in sorted(services.admin_ids if services else ()):
        try:
            await context.bot.send_message(int(admin), text)
        except TelegramError:
            log.warning("could not alert admin %s", admin, exc_info=True)
