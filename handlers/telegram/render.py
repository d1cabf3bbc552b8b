"""The core's replies as Telegram messages: content as Telegram HTML (values escaped here, and
only here), deep links into the bot, keyboards, the reply keyboard's bookkeeping."""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import CallbackContext

from bot.domain.messages import QUEUED_KEY, Content, Reply, Text
from bot.domain.texts import language_of
from bot.render.plain import PLAIN, render_plain
from bot.render.text import Style, render

log = logging.getLogger(__name__)


def lang_of(update: Update) -> str:
    """The reply language for the user behind an update."""
    user = update.effective_user
    return language_of(user.language_code if user else None)


def user_id_of(update: Update) -> str:
    """The sender's id as the core stores it (text)."""
    user = update.effective_user
    return str(user.id) if user else ""


def bot_username(bot: Bot) -> str:
    """The bot's public name ("" before it said who it is: no deep links then)."""
    try:
        return bot.username
    except RuntimeError:  # not initialised (getMe not called yet)
        return ""


def html_style(username: str) -> Style:
    """Telegram HTML: values escaped, the texts' markup kept, deep links to `username`."""

    def link(code: str) -> str:
        return f"https://t.me/{username}?start={code.replace('-', '')}" if username else ""

    return Style(escape=html.escape, sentence=str, link=link, markup=str, plain=PLAIN)


def to_html(content: Content, lang: str, username: str = "") -> str:
    """Content as Telegram HTML."""
    return render(content, lang, html_style(username))


def label(text: Text, lang: str) -> str:
    """A button's label: Telegram shows it as plain text."""
    return render_plain(text, lang)


def markup_for(
    reply: Reply, lang: str
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    """Buttons for a reply: Telegram's contact/location buttons need a reply keyboard (with the
    other choices as typed answers beside them); everything else is an inline keyboard."""
    if reply.request_contact or reply.request_location:
        special = (
            KeyboardButton(label(Text("button.share_contact"), lang), request_contact=True)
            if reply.request_contact
            else KeyboardButton(label(Text("button.share_location"), lang), request_location=True)
        )
        rows = [[special]] + [[KeyboardButton(label(c.label, lang))] for c in reply.choices]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
    if reply.choices:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(label(c.label, lang), callback_data=c.button.encode())]
                for c in reply.choices
            ]
        )
    return None


async def send_reply(message: Message, reply: Reply, lang: str, *, had_keyboard: bool) -> bool:
    """Answer with a Reply; returns whether a reply keyboard is now showing."""
    if reply.key == QUEUED_KEY:
        # The answer is in the outbox already; only a reply keyboard still showing goes.
        if had_keyboard:
            await message.reply_text(
                to_html(Text("button.received"), lang), reply_markup=ReplyKeyboardRemove()
            )
        return False
    markup = markup_for(reply, lang)
    if markup is None and had_keyboard:
        markup = ReplyKeyboardRemove()
    elif isinstance(markup, InlineKeyboardMarkup) and had_keyboard:
        # One message carries one keyboard: take the reply keyboard away first.
        received = to_html(Text("button.received"), lang)
        await message.reply_text(received, reply_markup=ReplyKeyboardRemove())
    text = to_html(reply.body, lang, bot_username(message.get_bot()))
    await message.reply_text(text, reply_markup=markup)
    return isinstance(markup, ReplyKeyboardMarkup)


# Arguments longer than this are cut before anything echoes them back.
MAX_ARGUMENT = 200


def command_text(context: CallbackContext[Any, Any, Any, Any]) -> str:
    """A command's arguments as one string, at most MAX_ARGUMENT characters."""
    return " ".join(context.args or [])[:MAX_ARGUMENT]
