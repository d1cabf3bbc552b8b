"""The Telegram `Sender`: renders an outgoing message for the Bot API and maps its errors."""

from __future__ import annotations

import re

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.domain.messages import OutboxButton, OutgoingMessage
from bot.ports import SendError
from handlers.telegram.limiter import as_reply, retry_seconds
from handlers.telegram.render import bot_username, to_html

_CHAT_ID = re.compile(r"-?\d+")
MAX_CAPTION = int(MessageLimit.CAPTION_LENGTH)  # UTF-16 code units
_PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def keyboard(choices: tuple[OutboxButton, ...]) -> InlineKeyboardMarkup | None:
    """One button per row (the protocol keeps each button's data within Telegram's 64 bytes)."""
    if not choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(c.label, callback_data=c.button.encode())] for c in choices]
    )


def as_send_error(err: TelegramError) -> SendError:
    """Classify a PTB error: flood control, refusal for good, or worth another try."""
    if isinstance(err, RetryAfter):
        return SendError(err.message, permanent=False, retry_after=retry_seconds(err))
    if isinstance(err, Forbidden | BadRequest | ChatMigrated):
        # Blocked by the user, chat not found, malformed message, moved chat: retrying won't help.
        return SendError(err.message, permanent=True)
    # TimedOut, NetworkError (5xx, connection), Conflict, InvalidToken: maybe later.
    return SendError(f"{type(err).__name__}: {err.message}", permanent=False)


class TelegramSender:
    """Sends outbox messages through a PTB `Bot` (an `ExtBot` brings its rate limiter)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    def _html(self, message: OutgoingMessage) -> str:
        return to_html(message.text, message.lang, bot_username(self._bot))

    async def send(self, message: OutgoingMessage) -> str:
        """Send the message; returns the Telegram message id of the last message sent."""
        markup = keyboard(message.choices)
        chat_id: int | str = (
            int(message.recipient) if _CHAT_ID.fullmatch(message.recipient) else message.recipient
        )
        try:
            with as_reply(message.reply):
                sent = await self._send(chat_id, message, markup)
        except TelegramError as err:
            raise as_send_error(err) from err
        return str(sent.message_id)

    async def _send(
        self, chat_id: int | str, message: OutgoingMessage, markup: InlineKeyboardMarkup | None
    ) -> Message:
        text = self._html(message)
        if message.document_bytes is None:
            return await self._bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        caption: str | None = text or None
        if caption is not None and _utf16_len(caption) > MAX_CAPTION:
            # Too long for a caption: the text goes first, on its own.
            await self._bot.send_message(chat_id, caption, parse_mode=ParseMode.HTML)
            caption = None
        if (message.document_name or "").lower().endswith(_PHOTO_SUFFIXES):
            # Charts go as photos, shown inline (a document would be a file to open).
            return await self._bot.send_photo(
                chat_id,
                message.document_bytes,
                filename=message.document_name,
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                reply_markup=markup,
            )
        return await self._bot.send_document(
            chat_id,
            message.document_bytes,
            filename=message.document_name or "document",
            caption=caption,
            parse_mode=ParseMode.HTML if caption else None,
            reply_markup=markup,
        )
