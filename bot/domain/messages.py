"""Messages the bot sends on its own initiative, channel-free, as the outbox stores them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
