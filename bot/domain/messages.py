"""What the bot says, channel-free: replies to what a user just did, and the messages it sends on
its own initiative (as the outbox stores them).

Both carry *content*: sentences of the texts tables (`Text`: a key and its raw values) or several
of them (`Lines`). The texts keep a tiny markup vocabulary (<b>, <i>, <code>, <a href>); each
channel renders it (Telegram HTML, plain text on Zalo and in the CLI) and escapes the values
itself, so nothing here is escaped, nothing is escaped twice, and a value is never mistaken for
markup. A plain `str` as content is text already in that markup with its values escaped: the core
builds none (tests/test_layering.py checks that it escapes nothing); it is how outbox rows queued
by earlier releases read back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

from bot.domain.choices import Button
from bot.domain.feedback import Attachment


@dataclass(frozen=True, slots=True)
class Text:
    """One sentence of the texts tables with its values (raw: the channel escapes them)."""

    key: str
    values: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Lines:
    """Parts shown one after the other, joined by `separator` (a reply of several keyed lines)."""

    parts: tuple[Content, ...]
    separator: str = "\n"


@dataclass(frozen=True, slots=True)
class TrackLink:
    """A link that opens a case in the bot: a deep link where the channel has them (Telegram's
    t.me/<bot>?start=<code>), nothing where it has none."""

    code: str


@dataclass(frozen=True, slots=True)
class Excerpt:
    """At most `limit` characters of some content as plain text (a snippet quoted in an alert)."""

    content: Content
    limit: int


# A value put into a sentence: raw text or a number, or another sentence (rendered in place).
Value: TypeAlias = "str | int | float | Text | Lines | TrackLink | Excerpt"
# What a message says; a str is text already in the markup vocabulary (see the module's doc).
Content: TypeAlias = "Text | Lines | str"


@dataclass(frozen=True, slots=True)
class Choice:
    """A reply's button: what pressing it sends back, and its label as a texts key."""

    button: Button
    key: str
    values: Mapping[str, Value] = field(default_factory=dict)

    @property
    def label(self) -> Text:
        """The label as content (every channel renders button labels as plain text)."""
        return Text(self.key, self.values)


@dataclass(frozen=True, slots=True)
class OutboxButton:
    """A button on an outbox message: its label is literal text, worded when it was queued."""

    button: Button
    label: str


@dataclass(frozen=True, slots=True)
class Document:
    """A file sent with a reply (the reply's text is its caption)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message for one recipient on one channel, rendered there in `lang`."""

    channel: str  # "telegram" | "zalo"
    recipient: str  # chat / user id on that channel
    text: Content
    choices: tuple[OutboxButton, ...] = ()
    document_name: str | None = None  # with document_bytes: sent as a file, text as caption
    document_bytes: bytes | None = None
    # A reply to what the user just did (a filing confirmation): delivered before pushes such
    # as digests and reminders.
    reply: bool = False
    lang: str = "vi"


@dataclass(frozen=True, slots=True)
class Reply:
    """What to tell the user: a texts key and its raw values, with optional buttons.

    The intake machine's prompts are Replies too (`bot.domain.intake.Prompt`): choice labels are
    texts keys with their values (ward names), `error_key`/`error_values` say why the last input
    was refused (or how it was read: an old ward name taken as today's ward) and are shown
    first. A reply of several parts names its first line by `key` and the others in `more`;
    `document` goes with it as a file, `attachment` is a citizen's file shown to staff by the
    channel's file id.
    """

    key: str
    values: Mapping[str, Value] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    request_contact: bool = False
    request_location: bool = False
    error_key: str | None = None
    error_values: Mapping[str, Value] = field(default_factory=dict)
    more: tuple[Content, ...] = ()
    separator: str = "\n"
    document: Document | None = None
    attachment: Attachment | None = None

    @classmethod
    def of_lines(
        cls,
        lines: Sequence[Content],
        separator: str = "\n",
        *,
        choices: tuple[Choice, ...] = (),
    ) -> Reply:
        """A reply made of several parts, the first a keyed line."""
        first, *rest = lines
        if not isinstance(first, Text):
            raise TypeError("a reply's first line is a texts key with its values")
        return cls(first.key, first.values, choices, more=tuple(rest), separator=separator)

    @property
    def body(self) -> Content:
        """The whole text as content: the refusal (if any) first, then the lines."""
        main: Content = Text(self.key, self.values)
        if self.more:
            main = Lines((main, *self.more), self.separator)
        if self.error_key:
            return Lines((Text(self.error_key, self.error_values), main), "\n\n")
        return main


# What a use-case returns when its reply already went into the outbox, written in the same
# transaction as its cause: the channel sends nothing itself.
QUEUED_KEY = "outbox.queued"


class OutboxState(StrEnum):
    """Where an outbox row is."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"  # gave up after the allowed attempts, or a permanent refusal


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One outbox row: a message under an idempotency key, with its delivery bookkeeping."""

    id: int
    key: str
    message: OutgoingMessage
    state: OutboxState
    attempts: int
    not_before: datetime
    created_at: datetime
    last_error: str | None = None
    sent_at: datetime | None = None
    sent_message_id: str | None = None


# --- content as JSON (the outbox keeps it so) -------------------------------------------------


class ContentError(ValueError):
    """Stored content that cannot be read back."""


def content_to_json(content: Content) -> object:
    """A JSON-ready form of content, read back by `content_from_json`."""
    if isinstance(content, str):
        return {"m": content}
    if isinstance(content, Lines):
        return {"l": [content_to_json(p) for p in content.parts], "s": content.separator}
    return {"t": content.key, "v": {k: _value_to_json(v) for k, v in content.values.items()}}


def _value_to_json(value: Value) -> object:
    if isinstance(value, bool):
        raise ContentError("a value is text or a number, not a bool")
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, TrackLink):
        return {"link": value.code}
    if isinstance(value, Excerpt):
        return {"x": content_to_json(value.content), "n": value.limit}
    return content_to_json(value)


def content_from_json(data: object) -> Content:
    """Content from its JSON form; ContentError when it is not one."""
    if not isinstance(data, Mapping):
        raise ContentError(f"content must be an object, not {type(data).__name__}")
    if "m" in data and isinstance(data["m"], str):
        return data["m"]
    if "l" in data and isinstance(data["l"], list):
        separator = data.get("s", "\n")
        if not isinstance(separator, str):
            raise ContentError("a separator must be text")
        return Lines(tuple(content_from_json(p) for p in data["l"]), separator)
    key, values = data.get("t"), data.get("v", {})
    if not isinstance(key, str) or not isinstance(values, Mapping):
        raise ContentError("a text needs a key and its values")
    return Text(key, {str(k): _value_from_json(v) for k, v in values.items()})


def _value_from_json(data: object) -> Value:
    if isinstance(data, bool):
        raise ContentError("a value is text or a number, not a bool")
    if isinstance(data, str | int | float):
        return data
    if isinstance(data, Mapping) and isinstance(data.get("link"), str):
        return TrackLink(str(data["link"]))
    if isinstance(data, Mapping) and "x" in data:
        limit = data.get("n")
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise ContentError("an excerpt needs its length")
        return Excerpt(content_from_json(data["x"]), limit)
    content = content_from_json(data)
    if isinstance(content, str):
        raise ContentError("markup cannot be a value")
    return content
