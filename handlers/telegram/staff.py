"""Staff commands: /stats (alias /thongke), and the buttons its questions carry."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.domain.commands import split_ward_and_period
from bot.domain.messages import Reply
from bot.domain.ward_choices import StatsPick, WardQuestion, question_choices
from bot.services.reports import MissingWard, ReportOutcome, render_outcome
from handlers.telegram.context import Context
from handlers.telegram.render import command_text, lang_of, markup_for, user_id_of


async def _send(message: Message, outcome: ReportOutcome, lang: str) -> None:
    """The report, or the question with one button per ward to choose from."""
    choices = question_choices(outcome) if isinstance(outcome, WardQuestion) else ()
    reply = Reply(render_outcome(outcome, lang), choices=choices, raw=True)
    await message.reply_text(reply.render(lang), reply_markup=markup_for(reply, lang))


async def stats(update: Update, context: Context) -> None:
    """Reply with a ward's one-stop figures for a period (or why not)."""
    message = update.effective_message
    if message is None:
        return
    reports = context.services.reports
    index = await reports.ward_index()
    ward, period = split_ward_and_period(command_text(context), index.knows)
    await message.reply_chat_action(ChatAction.TYPING)
    outcome = await reports.ward_report(user_id_of(update), ward, period)
    await _send(message, outcome, lang_of(update))


async def on_stats_button(update: Update, context: Context) -> None:
    """A press on a ward offered by /stats: that ward's report for the same period."""
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
