"""Updates as a channel delivered them, held by the durable inbox before they are handled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class InboundUpdate:
    """One update to store: `bot` names the account it came to ('telegram:<id>', 'zalo:<oa>'),
    `chat` the conversation whose updates must be handled in order, `payload` the JSON."""

    bot: str
    update_id: str
    chat: str
    payload: str


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A stored update waiting to be handled."""

    id: int
    bot: str
    update_id: str
    chat: str
    payload: str
    attempts: int
    received_at: datetime

    @property
    def channel(self) -> str:
        """'telegram' or 'zalo': the part of `bot` before the colon."""
        return self.bot.partition(":")[0]


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """An update just stored, and whether it is its chat's first pending one (nothing older of
    the chat waits, a retry included): then it may be handled at once, in order."""

    item: InboxItem
    first: bool
