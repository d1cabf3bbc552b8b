"""Rendering helpers shared by the Telegram handlers: language, ids, replies with buttons."""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import CallbackContext

from bot.domain.messages import QUEUED_KEY, Reply
from bot.domain.texts import language_of, t


def lang_of(update: Update) -> str:
    """The reply language for the user behind an update."""
    user = update.effective_user
    return language_of(user.language_code if user else None)


def user_id_of(update: Update) -> str:
    """The sender's id as the core stores it (text)."""
    user = update.effective_user
    return str(user.id) if user else ""


def markup_for(
    reply: Reply, lang: str
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    """Buttons for a reply: Telegram's contact/location buttons need a reply keyboard (with the
    other choices as typed answers beside them); everything else is an inline keyboard."""
    if reply.request_contact or reply.request_location:
        special = (
            KeyboardButton(t(lang, "button.share_contact"), request_contact=True)
            if reply.request_contact
            else KeyboardButton(t(lang, "button.share_location"), request_location=True)
        )
        rows = [[special]] + [[KeyboardButton(reply.label(c, lang))] for c in reply.choices]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
    if reply.choices:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(reply.label(c, lang), callback_data=c.data)]
                for c in reply.choices
            ]
        )
    return None


async def send_reply(message: Message, reply: Reply, lang: str, *, had_keyboard: bool) -> bool:
    """Answer with a Reply; returns whether a reply keyboard is now showing."""
    if reply.key == QUEUED_KEY:
        # The answer is in the outbox already; only a reply keyboard still showing goes.
        if had_keyboard:
            await message.reply_text(t(lang, "button.received"), reply_markup=ReplyKeyboardRemove())
        return False
    markup = markup_for(reply, lang)
    if markup is None and had_keyboard:
        markup = ReplyKeyboardRemove()
    elif isinstance(markup, InlineKeyboardMarkup) and had_keyboard:
        # One message carries one keyboard: take the reply keyboard away first.
        await message.reply_text(t(lang, "button.received"), reply_markup=ReplyKeyboardRemove())
    await message.reply_text(reply.render(lang), reply_markup=markup)
    return isinstance(markup, ReplyKeyboardMarkup)


# Arguments longer than this are cut before anything echoes them back.
MAX_ARGUMENT = 200


def command_text(context: CallbackContext[Any, Any, Any, Any]) -> str:
    """A command's arguments as one string, at most MAX_ARGUMENT characters."""
    return " ".join(context.args or [])[:MAX_ARGUMENT]
