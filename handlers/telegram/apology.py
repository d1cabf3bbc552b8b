"""/xinloi CODE and the "apo…" buttons: reason, new date, confirmation, the DOCX letter, and the
citizens' notice. The staff member's progress is kept in PTB's user_data (a staff-only flow)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update

from bot.domain.messages import Reply
from bot.domain.models import StaffMember
from bot.services.apology import CANCEL, CONFIRM, DATE, NOTIFY, REASON, START, ApologyService
from bot.services.people import identify
from handlers.telegram import citizen
from handlers.telegram.citizen import answer
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, markup_for, user_id_of

# Namespaced apart from the inbox's "staff_pending": {"code", "step", "reason", "new_due"}.
PENDING = "apology_pending"


def _pending(context: Context) -> dict[str, Any] | None:
    data = context.user_data
    value = data.get(PENDING) if data is not None else None
    return value if isinstance(value, dict) else None


def _keep(context: Context, **state: Any) -> None:
    if context.user_data is not None:
        context.user_data[PENDING] = state


def cancel_pending(context: Context) -> bool:
    """Drop an apology in progress (for /huy); False when there was none."""
    if context.user_data is None:
        return False
    return context.user_data.pop(PENDING, None) is not None


async def _member(update: Update, context: Context) -> StaffMember | None:
    services = context.services
    return await identify(services.staff, services.admin_ids, user_id_of(update))


async def _start(update: Update, context: Context, code: str) -> None:
    service = context.services.apology
    reply, canonical = await service.start(await _member(update, context), code, lang_of(update))
    cancel_pending(context)
    if canonical is not None:
        _keep(context, code=canonical, step="reason")
    await answer(update, context, reply)


async def command(update: Update, context: Context) -> None:
    """/xinloi CODE: begin the apology letter for a dossier."""
    await _start(update, context, " ".join(context.args or []))


async def _reason(update: Update, context: Context, state: dict[str, Any], text: str) -> None:
    service = context.services.apology
    member = await _member(update, context)
    reply, reason = await service.choose_reason(member, state["code"], text, lang_of(update))
    if reason is not None:
        _keep(context, code=state["code"], step="date", reason=reason)
    await answer(update, context, reply)


async def _date(update: Update, context: Context, state: dict[str, Any], text: str) -> None:
    service = context.services.apology
    member = await _member(update, context)
    reply, new_due = await service.choose_date(
        member, state["code"], state["reason"], text, lang_of(update)
    )
    if new_due is not None:
        _keep(context, **{**state, "step": "confirm", "new_due": new_due.isoformat()})
    await answer(update, context, reply)


async def _issue(update: Update, context: Context, state: dict[str, Any]) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = lang_of(update)
    cancel_pending(context)
    issued = await context.services.apology.issue(
        await _member(update, context),
        state["code"],
        state["reason"],
        date.fromisoformat(state["new_due"]),
        lang,
    )
    if issued.document is None:
        await answer(update, context, issued.reply)
        return
    # The PDF (to print) first, then the DOCX (to edit) with the outcome and its button last.
    if issued.pdf is not None:
        await message.reply_document(issued.pdf, filename=issued.pdf_name)
    await message.reply_document(
        issued.document,
        filename=issued.document_name,
        caption=issued.reply.render(lang),
        reply_markup=markup_for(issued.reply, lang),
    )


async def on_button(update: Update, context: Context) -> None:
    """Every "apo…" button: start (also from reminders), reason, date, confirm, notify."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    data = query.data
    state = _pending(context)
    step = state.get("step") if state else None
    if data.startswith(START):
        await _start(update, context, data.removeprefix(START))
    elif data.startswith(NOTIFY):
        reply = await context.services.apology.notify_citizens(
            await _member(update, context), data.removeprefix(NOTIFY), lang_of(update)
        )
        await answer(update, context, reply)
    elif state is not None and data == CANCEL:
        cancel_pending(context)
        await answer(update, context, Reply("apology.cancelled"))
    elif state is not None and step == "reason" and data.startswith(REASON):
        text = ApologyService.reason_text(data.removeprefix(REASON)) or ""
        await _reason(update, context, state, text)
    elif state is not None and step in ("date", "confirm") and data.startswith(DATE):
        await _date(update, context, state, data.removeprefix(DATE))
    elif state is not None and step == "confirm" and data == CONFIRM:
        await _issue(update, context, state)
    else:
        await answer(update, context, Reply("button.old"))


async def on_text(update: Update, context: Context) -> bool:
    """A typed reason or date for the apology in progress; False when none is in progress."""
    message = update.effective_message
    state = _pending(context)
    if message is None or message.text is None or state is None:
        return False
    if state.get("step") == "reason":
        await _reason(update, context, state, message.text)
    else:  # a date typed at the date step, or typed again to correct it at the confirmation
        await _date(update, context, state, message.text)
    return True


async def cancel(update: Update, context: Context) -> None:
    """/huy (/cancel): an apology in progress first, else what citizen.cancel drops."""
    if cancel_pending(context):
        await answer(update, context, Reply("apology.cancelled"))
        return
    await citizen.cancel(update, context)
