"""Telegram's side of the conversation: updates into the core's router (commands, pressed
buttons, messages), and the core's answers back as Telegram messages. No rule lives here."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError

from bot.domain import intake
from bot.domain.chat import Who
from bot.domain.commands import WORDS, Command, CommandName
from bot.domain.messages import Reply
from bot.domain.report import outcome_content
from bot.services.router import Answer, Press
from handlers.telegram.common import set_chat_menu
from handlers.telegram.context import Context
from handlers.telegram.render import (
    bot_username,
    lang_of,
    markup_for,
    send_reply,
    to_html,
    user_id_of,
)

log = logging.getLogger(__name__)

CHANNEL = "telegram"
_KEYBOARD_FLAG = "reply_keyboard"
# "typing…" shows only when an answer takes longer than this: for a quicker one it would be a
# call to Telegram (a round trip, CPU) for an indicator nobody sees.
ACTION_AFTER = 0.4
# Buttons' acknowledgements under way (the loop holds tasks weakly; see `on_button`).
_ACKNOWLEDGING: set[asyncio.Task[None]] = set()
_UNSUPPORTED = ("sticker", "voice", "video", "video_note", "animation", "audio", "poll", "dice")


def who_of(update: Update) -> Who:
    """The sender of an update, as the core knows people."""
    chat = update.effective_chat
    user = update.effective_user
    return Who(
        CHANNEL,
        user_id_of(update),
        str(chat.id) if chat else user_id_of(update),
        lang_of(update),
        private=chat is None or chat.type == ChatType.PRIVATE,
        name=user.first_name if user else "",
    )


def to_input(message: Message) -> intake.Input:
    """A Telegram message as an input of the core."""
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


def command_of(message: Message, args: list[str]) -> Command | None:
    """The core's command for a Telegram command ("/tracuu@bot CODE")."""
    word = (message.text or "").split(maxsplit=1)[0].lstrip("/").split("@")[0].lower()
    name = WORDS.get(word)
    return Command(name, " ".join(args)) if name is not None else None


async def on_command(update: Update, context: Context) -> None:
    """Any of the bot's commands."""
    message = update.effective_message
    if message is None:
        return
    command = command_of(message, context.args or [])
    if command is None:
        return
    who = who_of(update)
    action = _ACTIONS.get(command.name)
    if action is None:
        answers = await context.services.router.handle(who, command)
    else:
        async with showing(message, action):
            answers = await context.services.router.handle(who, command)
    await answer(update, context, answers)
    if command.name is CommandName.START and who.private:
        await set_chat_menu(update, context, who)


_ACTIONS = {CommandName.STATS: ChatAction.TYPING, CommandName.REPORT: ChatAction.UPLOAD_DOCUMENT}


@contextlib.asynccontextmanager
async def showing(
    message: Message, action: str, after: float = ACTION_AFTER
) -> AsyncIterator[None]:
    """Show `action` ("typing…", "sending a file…") in the chat if the work inside takes longer
    than `after` seconds."""

    async def later() -> None:
        await asyncio.sleep(after)
        with contextlib.suppress(TelegramError):  # only an indicator
            await message.reply_chat_action(action)

    task = asyncio.create_task(later())
    try:
        yield
    finally:
        # Not awaited: the answer goes now, not after a turn of the loop (the loop keeps the
        # cancelled task until it ends; a cancelled task reports nothing).
        task.cancel()


async def on_button(update: Update, context: Context) -> None:
    """A pressed inline button: its data goes to the core as it came."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    # The acknowledgement stops the button's spinner. It goes once the reply is sent (the
    # reply shows that the press was taken, and a call beside it took the CPU the reply
    # waited for), or after ACTION_AFTER if the reply takes longer; the chat's next update
    # does not wait for it, and a query too old to acknowledge (an update tried again) still
    # gets its reply.
    replied = asyncio.Event()
    acknowledging = asyncio.create_task(_stop_spinner(query, replied))
    _ACKNOWLEDGING.add(acknowledging)  # kept until done (the loop holds tasks weakly)
    acknowledging.add_done_callback(_ACKNOWLEDGING.discard)
    try:
        press = Press(query.data)
        await answer(update, context, await context.services.router.handle(who_of(update), press))
    finally:
        replied.set()


async def _stop_spinner(
    query: CallbackQuery, replied: asyncio.Event, after: float = ACTION_AFTER
) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(replied.wait(), after)
    try:
        await query.answer()
    except TelegramError as err:  # only the spinner: the reply is what matters
        log.info("button press %s not acknowledged: %s", query.id, err)


async def on_message(update: Update, context: Context) -> None:
    """Any other private message (text, photo, file, location, contact, sticker…)."""
    message = update.effective_message
    if message is None:
        return
    inp = to_input(message)
    await answer(update, context, await context.services.router.handle(who_of(update), inp))


async def on_edited(update: Update, context: Context) -> None:
    """An edited message never changes what was filed: say so."""
    await answer(update, context, [Reply("feedback.edited")])


async def answer(update: Update, context: Context, answers: list[Answer]) -> None:
    """Send the core's answers to the chat, in order."""
    message = update.effective_message
    if message is None:
        return
    lang = lang_of(update)
    for item in answers:
        if isinstance(item, Reply):
            await _send(message, context, item, lang)
        else:  # a report's outcome, worded by the report's content
            await message.reply_text(to_html(outcome_content(item, lang), lang))


async def _send(message: Message, context: Context, reply: Reply, lang: str) -> None:
    username = bot_username(message.get_bot())
    if reply.document is not None:
        await message.reply_document(
            reply.document.data,
            filename=reply.document.name,
            caption=to_html(reply.body, lang, username),
            reply_markup=markup_for(reply, lang),
        )
        return
    if reply.attachment is not None:  # a citizen's photo or document, by its Telegram file id
        caption = to_html(reply.body, lang, username)
        if reply.attachment.kind == "photo":
            await message.reply_photo(reply.attachment.file_id, caption=caption)
        else:
            await message.reply_document(reply.attachment.file_id, caption=caption)
        return
    data = context.user_data
    had = bool(data.get(_KEYBOARD_FLAG)) if data is not None else False
    showing = await send_reply(message, reply, lang, had_keyboard=had)
    if data is not None:
        data[_KEYBOARD_FLAG] = showing
