"""Staff commands: /stats (alias /thongke), /baocao, and the buttons under their replies: a
report's file, and the units a question offers."""

from __future__ import annotations

import html

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.domain.messages import Reply
from bot.domain.report import ReportOutcome, reply_for
from bot.domain.ward_choices import StatsPick
from bot.services.reports import MissingWard
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, markup_for, user_id_of


async def _send(
    message: Message, outcome: ReportOutcome, lang: str, command: str = "stats"
) -> None:
    """The report with its file button, or the question with one button per unit to choose."""
    reply = reply_for(outcome, lang, command=command)
    await message.reply_text(reply.render(lang), reply_markup=markup_for(reply, lang))


async def stats(update: Update, context: Context) -> None:
    """Reply with a unit's one-stop figures for a period (or why not), with the file button."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_chat_action(ChatAction.TYPING)
    outcome = await context.services.reports.ask(user_id_of(update), " ".join(context.args or []))
    await _send(message, outcome, lang_of(update))


async def on_stats_button(update: Update, context: Context) -> None:
    """A press on a unit offered by /stats: that unit's report for the same period."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    await query.answer()
    lang = lang_of(update)
    pick = StatsPick.decode(query.data)
    outcome = (
        await context.services.reports.unit_report(user_id_of(update), pick.unit_id, pick.period)
        if pick is not None
        else MissingWard()
    )
    if isinstance(outcome, MissingWard):  # a malformed button, or a unit removed since
        await query.message.reply_text(Reply("stats.pick_stale").render(lang))
        return
    await _send(query.message, outcome, lang)


async def _send_file(message: Message, context: Context, outcome: ReportOutcome, lang: str) -> None:
    file = await context.services.reports.report_file(outcome, lang)
    if file is None:
        await _send(message, outcome, lang, command="baocao")
        return
    await message.reply_document(
        file.content, filename=file.name, caption=html.escape(file.caption)
    )


async def report_file(update: Update, context: Context) -> None:
    """/baocao [WARD] [PERIOD]: the desk's periodic table as an XLSX file."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    text = " ".join(context.args or [])
    outcome = await context.services.reports.ask(user_id_of(update), text, detail=True)
    await _send_file(message, context, outcome, lang_of(update))


async def on_report_button(update: Update, context: Context) -> None:
    """The "rpt:" button under a /stats report: send that report's file."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    outcome = await context.services.reports.by_button(user_id_of(update), query.data)
    await _send_file(message, context, outcome, lang_of(update))
