"""Texts longer than Telegram's 4.096 characters go as several messages, never refused.

`split_html` cuts Telegram-style HTML at line breaks (else spaces, else anywhere but inside a
tag or an entity), closes the tags open at each cut and opens them again in the next part.
`SplittingBot` applies it to every `send_message`, whoever calls it: a handler's reply, the
outbox, an alert to the admins.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Message
from telegram.constants import MessageLimit
from telegram.ext import ExtBot

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)  # UTF-16 code units
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")
_RESERVE = 200  # room for the tags closed and reopened at a cut


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # a lone surrogate counts 1


def _cut_point(text: str, budget: int) -> int:
    """Where to cut `text` so the first part fits in `budget` UTF-16 units."""
    end = 0
    size = 0
    for i, char in enumerate(text):
        size += 2 if ord(char) > 0xFFFF else 1
        if size > budget:
            break
        end = i + 1
    head = text[:end]
    for sep in ("\n", " "):
        at = head.rfind(sep)
        if at > end // 2:
            return at + 1
    # A hard cut: not inside a tag or an entity.
    lt, gt = head.rfind("<"), head.rfind(">")
    if lt > gt:
        end = lt
    amp, semi = head.rfind("&"), head.rfind(";")
    if amp > semi and end - amp < 10:
        end = amp
    return max(end, 1)


def _open_tags(part: str, stack: list[tuple[str, str]]) -> list[tuple[str, str]]:
    stack = list(stack)
    for match in _TAG.finditer(part):
        closing, name = match[1], match[2].lower()
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        else:
            stack.append((name, match[0]))
    return stack


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 units, each with balanced tags."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []
    rest = text
    while rest:
        prefix = "".join(tag for _, tag in stack)
        budget = max(limit - _RESERVE - utf16_len(prefix), 1)
        if utf16_len(rest) <= budget:
            parts.append(prefix + rest)
            break
        cut = _cut_point(rest, budget)
        piece, rest = rest[:cut], rest[cut:]
        stack_after = _open_tags(piece, stack)
        closing = "".join(f"</{name}>" for name, _ in reversed(stack_after))
        parts.append((prefix + piece).rstrip("\n") + closing)
        stack = stack_after
    return [p for p in parts if p.strip()]


class SplittingBot(ExtBot[Any]):
    """An ExtBot whose `send_message` sends an over-long text as several messages (buttons
    on the last, the reply reference on the first); returns the last message."""

    async def send_message(self, chat_id: Any, text: str, *args: Any, **kwargs: Any) -> Message:
        parts = split_html(text) if utf16_len(text) > MAX_TEXT else [text]
        if len(parts) == 1:
            return await super().send_message(chat_id, text, *args, **kwargs)
        markup = kwargs.pop("reply_markup", None)
        sent: Message | None = None
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            extra = dict(kwargs)
            if index > 0:
                extra.pop("reply_parameters", None)
                extra.pop("reply_to_message_id", None)
            if last and markup is not None:
                extra["reply_markup"] = markup
            sent = await super().send_message(chat_id, part, *args, **extra)
        assert sent is not None
        return sent
