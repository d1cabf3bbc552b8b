"""Staff commands: /stats (alias /thongke)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction

from bot.domain.commands import split_ward_and_period
from bot.services.reports import render_outcome
from handlers.telegram.context import Context
from handlers.telegram.render import command_text, lang_of, user_id_of


async def stats(update: Update, context: Context) -> None:
    """Reply with a ward's one-stop figures for a period (or why not)."""
    message = update.effective_message
    if message is None:
        return
    reports = context.services.reports
    index = await reports.ward_index()
    ward, period = split_ward_and_period(
        command_text(context), lambda text: index.find(text) is not None
    )
    await message.reply_chat_action(ChatAction.TYPING)
    outcome = await reports.ward_report(user_id_of(update), ward, period)
    await message.reply_text(render_outcome(outcome, lang_of(update)))
