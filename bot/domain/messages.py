"""Messages the bot sends on its own initiative, channel-free, as the outbox stores them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.domain.texts import LANGUAGES, t


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: what it says and what pressing it sends back (≤ 64 bytes of data)."""

    data: str
    label: str


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A rendered message for one recipient on one channel (text in Telegram-style HTML)."""

    channel: str  # "telegram" | "zalo"
    recipient: str  # chat / user id on that channel
    text: str
    choices: tuple[Choice, ...] = ()
    document_name: str | None = None  # with document_bytes: sent as a file, text as caption
    document_bytes: bytes | None = None
    # A reply to what the user just did (a filing confirmation): delivered before pushes such
    # as digests and reminders.
    reply: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """What to tell the user: a texts key and its values, with optional buttons.

    The intake machine's prompts are Replies too (`bot.domain.intake.Prompt`): choice labels
    are texts keys, `label_values` fill them (ward names), `error_key`/`error_values` say why
    the last input was refused (or how it was read: an old ward name taken as today's ward)
    and are shown first.
    """

    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    request_contact: bool = False
    request_location: bool = False
    error_key: str | None = None
    error_values: Mapping[str, object] = field(default_factory=dict)
    label_values: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    raw: bool = False  # `key` is already the text (pre-rendered parts)

    def render(self, lang: str) -> str:
        """The text in `lang`, with the error (if any) first."""
        body = self.key if self.raw else t(lang, self.key, **self.values)
        if self.error_key:
            return f"{t(lang, self.error_key, **self.error_values)}\n\n{body}"
        return body

    def label(self, choice: Choice, lang: str) -> str:
        """A button's label: a texts key (with its values) or, failing that, literal text."""
        if choice.label in LANGUAGES["vi"]:
            return t(lang, choice.label, **self.label_values.get(choice.data, {}))
        return choice.label


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
