"""The citizen's side: menu, feedback intake, tracking, dossier lookup, rating, data rights.

Handlers only turn updates into the intake machine's inputs and service calls, and Replies into
messages; the rules live in bot/domain and bot/services.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.domain import intake
from bot.domain.codes import CodeError, normalize_code
from bot.domain.messages import Reply
from bot.domain.texts import t
from handlers.telegram.context import Context
from handlers.telegram.render import command_text, lang_of, send_reply, user_id_of

CHANNEL = "telegram"
_KEYBOARD_FLAG = "reply_keyboard"
_UNSUPPORTED = ("sticker", "voice", "video", "video_note", "animation", "audio", "poll", "dice")


def to_input(message: Message) -> intake.Input:
    """A Telegram message as an input of the intake machine."""
    if message.photo:
        largest = message.photo[-1]
        return intake.PhotoInput(largest.file_id, largest.file_size or 0)
    if message.document:
        doc = message.document
        return intake.DocumentInput(
            doc.file_id, doc.file_name or "", doc.mime_type or "", doc.file_size or 0
        )
    if message.location:
        return intake.LocationInput(message.location.latitude, message.location.longitude)
    if message.contact:
        user = message.from_user
        own = user is not None and message.contact.user_id == user.id
        return intake.ContactInput(message.contact.phone_number, own)
    if message.text is not None:
        return intake.TextInput(message.text)
    kind = next((k for k in _UNSUPPORTED if getattr(message, k, None)), "other")
    return intake.UnsupportedInput(kind)


async def answer(update: Update, context: Context, reply: Reply) -> None:
    """Send a Reply to the chat, tracking whether a reply keyboard is showing."""
    message = update.effective_message
    if message is None:
        return
    had = bool(context.user_data.get(_KEYBOARD_FLAG)) if context.user_data is not None else False
    showing = await send_reply(message, reply, lang_of(update), had_keyboard=had)
    if context.user_data is not None:
        context.user_data[_KEYBOARD_FLAG] = showing


def menu_markup(lang: str) -> InlineKeyboardMarkup:
    """The citizen's start menu."""
    items = ("feedback", "track", "dossier", "contact")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, f"menu.{i}"), callback_data=f"menu:{i}")] for i in items]
    )


async def show_menu(update: Update, context: Context) -> None:
    """The citizen's greeting with the menu buttons."""
    message = update.effective_message
    if message is None:
        return
    lang = lang_of(update)
    await message.reply_text(
        t(lang, "start.citizen") + "\n\n" + t(lang, "menu.intro"), reply_markup=menu_markup(lang)
    )


async def deep_link(update: Update, context: Context, payload: str) -> bool:
    """`/start <code>` from a t.me link: show that case; False when the payload is no code."""
    try:
        code = normalize_code(payload)
    except CodeError:
        return False
    await answer(update, context, await context.services.feedback.track(code, lang_of(update)))
    return True


async def feedback(update: Update, context: Context) -> None:
    """/phananh (/feedback): start the guided feedback conversation."""
    chat = update.effective_chat
    if chat is None:
        return
    reply = await context.services.feedback.start_intake(
        CHANNEL, user_id_of(update), str(chat.id), lang_of(update)
    )
    await answer(update, context, reply)


async def cancel(update: Update, context: Context) -> None:
    """/huy (/cancel): drop the conversation or the pending staff action."""
    if context.user_data is not None:
        context.user_data.pop("staff_pending", None)
    done = await context.services.feedback.cancel(CHANNEL, user_id_of(update))
    await answer(
        update, context, Reply("feedback.cancelled" if done else "feedback.nothing_to_cancel")
    )


async def track(update: Update, context: Context) -> None:
    """/tracuu CODE (/track): a case's state, history and answer."""
    if not context.args:
        await answer(update, context, Reply("track.usage"))
        return
    reply = _too_fast(update, context) or await context.services.feedback.track(
        command_text(context), lang_of(update)
    )
    await answer(update, context, reply)


async def dossier(update: Update, context: Context) -> None:
    """/hoso CODE (/dossier): a one-stop dossier's progress."""
    if not context.args:
        await answer(update, context, Reply("dossier.usage"))
        return
    reply = _too_fast(update, context) or await context.services.feedback.dossier(
        command_text(context), lang_of(update)
    )
    await answer(update, context, reply)


def _too_fast(update: Update, context: Context) -> Reply | None:
    """The polite wait when this user looks codes up faster than about ten a minute."""
    limiter = context.services.lookups
    return limiter.check(CHANNEL, user_id_of(update)) if limiter is not None else None


async def my_data(update: Update, context: Context) -> None:
    """/dulieucuatoi: what the bot keeps about this person."""
    reply = await context.services.feedback.my_data(CHANNEL, user_id_of(update), lang_of(update))
    await answer(update, context, reply)


async def erase_data(update: Update, context: Context) -> None:
    """/xoadulieu: ask for the one confirmation."""
    await answer(update, context, context.services.feedback.erase_request())


async def on_message(update: Update, context: Context) -> None:
    """Any non-command message: into the user's conversation, or a pointer to the commands."""
    message = update.effective_message
    if message is None:
        return
    reply = await context.services.feedback.intake_input(
        CHANNEL, user_id_of(update), to_input(message), lang_of(update)
    )
    await answer(update, context, reply or Reply("feedback.outside"))


async def on_edited(update: Update, context: Context) -> None:
    """An edited message never changes what was filed: say so."""
    await answer(update, context, Reply("feedback.edited"))


async def on_button(update: Update, context: Context) -> None:
    """A citizen's button press (menu, intake choice, rating, reopening, erasing)."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    data = query.data
    lang = lang_of(update)
    service = context.services.feedback
    user_id = user_id_of(update)
    reply: Reply | None
    if data.startswith("menu:"):
        reply = await _menu(update, context, data.removeprefix("menu:"))
    elif data.startswith("rate:"):
        parts = data.split(":")
        stars = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0
        reply = await service.rate(CHANNEL, user_id, parts[1] if len(parts) > 1 else "", stars)
    elif data.startswith("reopen:"):
        await service.cancel(CHANNEL, user_id)
        reply = await service.reopen(CHANNEL, user_id, data.removeprefix("reopen:"))
    elif data.startswith("info:"):
        reply = await service.begin_info(CHANNEL, user_id, data.removeprefix("info:"))
    elif data == "erase:yes":
        reply = await service.erase(CHANNEL, user_id)
    elif data == "erase:no":
        reply = Reply("erase.kept")
    else:
        reply = await service.intake_input(CHANNEL, user_id, intake.ChoiceInput(data), lang)
        if reply is None and data == intake.SEND:
            reply = await service.already_filed(CHANNEL, user_id)
        if reply is None:
            reply = Reply("button.old")
    if reply is not None:
        await answer(update, context, reply)


async def _menu(update: Update, context: Context, item: str) -> Reply | None:
    if item == "feedback":
        await feedback(update, context)
        return None
    if item == "track":
        return Reply("menu.track_prompt")
    if item == "dossier":
        return Reply("menu.dossier_prompt")
    return await desk_contact(context, lang_of(update))


async def desk_contact(context: Context, lang: str) -> Reply:
    """The one-stop desks' address, hours and hotline, from the wards' settings."""
    lines = []
    for unit in await context.services.units.all():
        if unit.kind == "ward" and (unit.desk_address or unit.desk_hotline):
            lines.append(
                t(
                    lang,
                    "desk.info",
                    unit=escape(unit.name),
                    address=escape(unit.desk_address or "—"),
                    hours=escape(unit.desk_hours or "—"),
                    saturday=t(lang, "desk.saturday") if unit.saturday_reception else "",
                    hotline=escape(unit.desk_hotline or "—"),
                )
            )
    if not lines:
        return Reply("desk.none")
    return Reply("\n\n".join(lines), raw=True)
