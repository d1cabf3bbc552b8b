"""The staff side of feedback: /inbox (/hopthu), the case buttons, typed answers, /nhap, /chan.

A staff member's pending typed input (an answer, a request for information) is kept in PTB's
user_data: staff-only flows may use PTB's own tools (DESIGN.md, Conversations).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.domain.choices import CaseButton, CaseVerb, RefuseWith, TransferTo, decode
from bot.domain.feedback import Action, Case, RefuseReason
from bot.domain.fmt import day
from bot.domain.messages import Reply, Text
from bot.domain.models import StaffMember
from bot.domain.privacy import mask_personal
from bot.domain.texts import LANGUAGES, t
from bot.services.feedback import deadline_status, masked_contact, staff_actions
from bot.services.people import identify
from handlers.telegram.citizen import CHANNEL, answer
from handlers.telegram.context import Context
from handlers.telegram.render import lang_of, to_html, user_id_of

INBOX_PAGE = 10
PENDING = "staff_pending"
MIN_ANSWER = 10


async def _member(update: Update, context: Context) -> StaffMember | None:
    services = context.services
    return await identify(services.staff, services.admin_ids, user_id_of(update))


StaffHandler = Callable[[Update, Context, StaffMember], Coroutine[Any, Any, None]]


def staff_only(handler: StaffHandler) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Run `handler` for staff (passing who they are); everyone else gets a polite refusal."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        member = await _member(update, context)
        if member is None:
            await answer(update, context, Reply("staff.only"))
            return
        await handler(update, context, member)

    return guarded


def _case_buttons(case: Case, member: StaffMember, lang: str) -> InlineKeyboardMarkup | None:
    actions = staff_actions(case, member)
    buttons = [
        InlineKeyboardButton(
            t(lang, f"staff.button.{a.value}"),
            callback_data=CaseButton(CaseVerb(a.value), case.id).encode(),
        )
        for a in actions
    ]
    if case.attachments:
        label = t(lang, "staff.button.files", count=len(case.attachments))
        files = CaseButton(CaseVerb.FILES, case.id).encode()
        buttons.append(InlineKeyboardButton(label, callback_data=files))
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def render_case(
    case: Case, member: StaffMember, context: Context, lang: str, *, private: bool
) -> Text:
    """One inbox entry; personal data masked in lists and in group chats."""
    services = context.services
    unit = await services.units.by_id(case.unit_id)
    today = services.clock.now().astimezone(services.tz).date()
    kind, days = deadline_status(case, today, services.calendar)
    due = case.accept_due if kind == "accept" else case.answer_due
    key = f"inbox.deadline.{kind}" + ("_late" if days < 0 else "")
    deadline = Text(key, {"due": day(due, lang), "days": abs(days)})
    summary = mask_personal(case.description)
    if len(summary) > 300:
        summary = summary[:300] + "…"
    contact = masked_contact(case, member if private else None)
    channel_key = f"inbox.channel.{case.channel}"
    return Text(
        "inbox.item",
        {
            "code": case.code,
            "unit": unit.name if unit else "",
            "channel": Text(channel_key) if channel_key in LANGUAGES["vi"] else case.channel,
            "category": Text(f"intake.category.{case.category.value}"),
            "state": Text(f"case.state.{case.state.value}"),
            "deadline": deadline,
            "summary": summary,
            "contact": contact,
        },
    )


@staff_only
async def inbox(update: Update, context: Context, member: StaffMember) -> None:
    """/inbox (/hopthu): open cases of the staff member's wards, nearest deadline first."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    lang = lang_of(update)
    cases = await context.services.feedback.inbox(member)
    if not cases:
        await message.reply_text(t(lang, "inbox.empty"))
        return
    await message.reply_text(t(lang, "inbox.header", count=len(cases)))
    private = chat.type == ChatType.PRIVATE
    for listed in cases[:INBOX_PAGE]:
        case = await context.services.feedback.case_for_staff(member, listed.id) or listed
        card = await render_case(case, member, context, lang, private=private)
        await message.reply_text(
            to_html(card, lang), reply_markup=_case_buttons(case, member, lang)
        )
    if len(cases) > INBOX_PAGE:
        await message.reply_text(t(lang, "inbox.more", count=len(cases) - INBOX_PAGE))


@staff_only
async def on_staff_button(update: Update, context: Context, member: StaffMember) -> None:
    """A press on a case button: act at once, or ask for the text/choice the action needs."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    await query.answer()
    lang = lang_of(update)
    button = decode(query.data)
    service = context.services.feedback
    if not isinstance(button, CaseButton | TransferTo | RefuseWith):
        await answer(update, context, Reply("button.old"))
        return
    case_id = button.case_id
    case = await service.case_for_staff(member, case_id)
    if case is None:
        await answer(update, context, Reply("staff.case_unknown"))
        return
    if isinstance(button, TransferTo):
        unit = await context.services.units.by_id(button.unit_id)
        await _act(
            update, context, member, case_id, Action.TRANSFER, unit_slug=unit.slug if unit else ""
        )
        return
    if isinstance(button, RefuseWith):
        await _act(update, context, member, case_id, Action.REFUSE, reason=button.reason)
        return
    verb = button.verb
    if verb is CaseVerb.FILES:
        await _send_attachments(update, case, lang)
        return
    if verb in (CaseVerb.ANSWER, CaseVerb.ASK_INFO):
        if context.user_data is not None:
            context.user_data[PENDING] = (verb.value, case_id)
        await answer(update, context, Reply(f"staff.prompt.{verb.value}", {"code": case.code}))
        return
    if verb is CaseVerb.TRANSFER:
        wards = [
            u
            for u in await context.services.units.all()
            if u.kind == "ward" and u.id != case.unit_id and u.valid_to is None
        ]
        choices = [(TransferTo(case_id, u.id).encode(), u.name) for u in wards[:20]]
        await _choose(update, t(lang, "staff.prompt.transfer", code=case.code), choices)
        return
    if verb is CaseVerb.REFUSE:
        choices = [
            (RefuseWith(case_id, r).encode(), t(lang, f"refuse.{r.value}")[:60])
            for r in RefuseReason
        ]
        await _choose(update, t(lang, "staff.prompt.refuse", code=case.code), choices)
        return
    action = verb.action
    assert action is not None
    await _act(update, context, member, case_id, action)


async def _send_attachments(update: Update, case: Case, lang: str) -> None:
    """The photos and documents the citizen sent with the case (by the channel's file id)."""
    message = update.effective_message
    if message is None:
        return
    for item in case.attachments:
        caption = f"{case.code} — {escape(item.name)}" if item.name else case.code
        if item.file_id.startswith(("http://", "https://")):  # a Zalo attachment: its URL
            link = Text(
                "staff.file_link", {"caption": f"{case.code} — {item.name}", "url": item.file_id}
            )
            await message.reply_text(to_html(link, lang))
        elif item.kind == "photo":
            await message.reply_photo(item.file_id, caption=caption)
        else:
            await message.reply_document(item.file_id, caption=caption)


async def _choose(update: Update, text: str, choices: list[tuple[str, str]]) -> None:
    message = update.effective_message
    if message is None:
        return
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for data, label in choices]
    )
    await message.reply_text(text, reply_markup=markup)


async def _act(
    update: Update,
    context: Context,
    member: StaffMember,
    case_id: int,
    action: Action,
    *,
    text: str = "",
    reason: RefuseReason | None = None,
    unit_slug: str | None = None,
) -> None:
    case, key = await context.services.feedback.act(
        member, case_id, action, text=text, reason=reason, unit_slug=unit_slug
    )
    await answer(update, context, Reply(key, {"code": case.code if case else ""}))


async def on_staff_text(update: Update, context: Context) -> bool:
    """A staff member's typed answer or question for a pending action; False if none pending."""
    message = update.effective_message
    pending = context.user_data.get(PENDING) if context.user_data is not None else None
    if message is None or pending is None:
        return False
    member = await _member(update, context)
    if member is None or message.text is None:
        return False
    verb, case_id = pending
    text = message.text.strip()
    if verb == "answer" and len(text) < MIN_ANSWER:
        await answer(update, context, Reply("staff.answer_too_short"))
        return True
    if context.user_data is not None:
        context.user_data.pop(PENDING, None)
    await _act(update, context, member, int(case_id), Action(verb), text=text)
    return True


@staff_only
async def desk_intake(update: Update, context: Context, member: StaffMember) -> None:
    """/nhap: staff file a case for a walk-in or phone caller, through the same conversation."""
    chat = update.effective_chat
    if chat is None:
        return
    reply = await context.services.feedback.start_intake(
        CHANNEL, user_id_of(update), str(chat.id), lang_of(update), desk=member
    )
    await answer(update, context, reply)


@staff_only
async def block(update: Update, context: Context, member: StaffMember) -> None:
    """/chan ID and /bochan ID: stop or allow a citizen's filing."""
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("-").isdigit():
        await answer(update, context, Reply("staff.block_usage"))
        return
    command = (message.text or "").split()[0].lstrip("/").split("@")[0]
    key = await context.services.feedback.block(member, CHANNEL, args[0], command == "chan")
    await answer(update, context, Reply(key))
