"""Replies and outbox messages as Zalo messages: plain text, at most 2.000 characters each,
choices as one button template or as numbered text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.fmt import is_digits
from bot.domain.messages import Content, Lines, OutboxButton, OutgoingMessage, Reply, Text
from bot.domain.texts import t
from bot.domain.wards import fold
from bot.render.plain import render_plain

MAX_TEXT = 2000
MAX_BUTTONS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")


@dataclass(frozen=True, slots=True)
class ZaloText:
    """A plain text message."""

    text: str


@dataclass(frozen=True, slots=True)
class ZaloButtons:
    """A text with `oa.query.hide` buttons: (title, payload) pairs."""

    text: str
    buttons: tuple[tuple[str, str], ...]


ZaloPart = ZaloText | ZaloButtons


def _hard_split(piece: str, limit: int) -> list[str]:
    """A piece with no good boundary: cut at the last space before the limit, else anywhere."""
    out: list[str] = []
    while len(piece) > limit:
        cut = piece.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        out.append(piece[:cut].rstrip())
        piece = piece[cut:].lstrip()
    if piece:
        out.append(piece)
    return out


def _units(text: str, limit: int) -> list[str]:
    """Lines, and for an overlong line its sentences (and words), each at most `limit`."""
    units: list[str] = []
    for line in text.split("\n"):
        if len(line) <= limit:
            units.append(line)
            continue
        sentences = _SENTENCE_END.split(line)
        current = ""
        for sentence in sentences:
            candidate = f"{current} {sentence}" if current else sentence
            if len(candidate) <= limit:
                current = candidate
                continue
            if current:
                units.append(current)
            pieces = _hard_split(sentence, limit)
            units.extend(pieces[:-1])
            current = pieces[-1] if pieces else ""
        if current:
            units.append(current)
    return units


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at line boundaries, then sentences, then words, into parts of ≤ `limit` chars."""
    if limit < 1:
        raise ValueError("limit must be >= 1")
    parts: list[str] = []
    current: str | None = None
    for unit in _units(text, limit):
        candidate = unit if current is None else f"{current}\n{unit}"
        if len(candidate) <= limit:
            current = candidate
            continue
        if current is not None and current.strip():
            parts.append(current.strip("\n"))
        current = unit
    if current is not None and current.strip():
        parts.append(current.strip("\n"))
    return parts or [""]


def numbered(labels: Sequence[str], lang: str, first: int = 1) -> str:
    """Choices as numbered lines (from `first`) the user answers with the number or the words."""
    lines = [f"{n}. {label}" for n, label in enumerate(labels, start=first)]
    return "\n".join([*lines, t(lang, "zalo.choose_hint", example=first)])


def is_numbered(choices: Sequence[object], *, buttons: bool = True) -> bool:
    """Whether choices go as numbered text: more than a button template holds (or no buttons)."""
    return bool(choices) and (len(choices) > MAX_BUTTONS or not buttons)


def pick(text: str, offered: Sequence[tuple[str, str]]) -> str | None:
    """The payload of the numbered choice a typed text names — its number, or its label in any
    case and with or without diacritics — else None."""
    typed = text.strip().rstrip(".")
    if is_digits(typed) and len(typed) <= 3:
        n = int(typed)
        return offered[n - 1][1] if 1 <= n <= len(offered) else None
    folded = fold(typed)
    found = [payload for label, payload in offered if folded and fold(label) == folded]
    return found[0] if len(found) == 1 else None


def render(
    text: Content,
    choices: Sequence[tuple[str, str]],
    lang: str,
    *,
    buttons: bool = True,
    first: int = 1,
) -> list[ZaloPart]:
    """A message with (label, payload) choices as Zalo messages, in order; numbered choices
    are numbered from `first`."""
    plain = render_plain(text, lang).strip()
    labels = [label.strip() for label, _ in choices]
    if is_numbered(choices, buttons=buttons):
        listed = numbered(labels, lang, first)
        plain = f"{plain}\n\n{listed}" if plain else listed
        return [ZaloText(p) for p in split_text(plain)]
    parts = split_text(plain)
    if not choices:
        return [ZaloText(p) for p in parts]
    pairs = tuple((label, payload) for label, (_, payload) in zip(labels, choices, strict=True))
    return [*(ZaloText(p) for p in parts[:-1]), ZaloButtons(parts[-1], pairs)]


def outgoing(reply: Reply, recipient: str, lang: str) -> OutgoingMessage:
    """A Reply as an outgoing Zalo message: its content (contact and location asked for in words:
    Zalo has no such buttons; a file kept by another channel named, since it cannot go) and
    choices with their labels worded."""
    parts: list[Content] = [reply.body]
    if reply.attachment is not None:  # a file another channel holds (a Telegram file id)
        parts.append(
            Text("zalo.file_elsewhere", {"kind": Text(f"zalo.kind.{reply.attachment.kind}")})
        )
    if reply.request_location:
        parts.append(Text("zalo.send_location"))
    if reply.request_contact:
        parts.append(Text("zalo.type_phone"))
    text = parts[0] if len(parts) == 1 else Lines(tuple(parts), "\n\n")
    choices = tuple(OutboxButton(c.button, render_plain(c.label, lang)) for c in reply.choices)
    document = reply.document
    return OutgoingMessage(
        "zalo",
        recipient,
        text,
        choices,
        document_name=document.name if document else None,
        document_bytes=document.data if document else None,
        lang=lang,
    )


def render_reply(reply: Reply, lang: str) -> list[ZaloPart]:
    """A service Reply as the Zalo messages that carry it."""
    message = outgoing(reply, "", lang)
    return render(message.text, [(c.label, c.button.encode()) for c in message.choices], lang)
