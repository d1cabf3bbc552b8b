"""Staff commands: /stats (alias /thongke), /baocao and the report button under /stats."""

from __future__ import annotations

import html

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.domain.report import ReportOutcome, reply_for
from bot.services.reports import render_outcome
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, markup_for, user_id_of


async def stats(update: Update, context: Context) -> None:
    """Reply with a unit's one-stop figures for a period (or why not), with the file button."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_chat_action(ChatAction.TYPING)
    outcome = await context.services.reports.ask(user_id_of(update), " ".join(context.args or []))
    lang = lang_of(update)
    reply = reply_for(outcome, lang)
    await message.reply_text(reply.render(lang), reply_markup=markup_for(reply, lang))


async def _send_file(message: Message, context: Context, outcome: ReportOutcome, lang: str) -> None:
    reports = context.services.reports
    file = await reports.report_file(outcome, lang)
    if file is None:
        await message.reply_text(render_outcome(outcome, lang, command="baocao"))
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
