"""Where each user is in a conversation the core drives (the citizen's intake, a rating's reason,
more information, a staff member's typed answer, an apology letter), one at a time per user,
kept across restarts and forgotten after a day of silence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.ports import ConversationStore

STALE_AFTER = timedelta(hours=24)


class Kind(StrEnum):
    """What the conversation is about (stored as "kind")."""

    INTAKE = "intake"
    RATING_REASON = "rating_reason"
    PROVIDE_INFO = "provide_info"
    STAFF_TEXT = "staff_text"  # an answer or a question for the citizen, typed by staff
    APOLOGY = "apology"


@dataclass(frozen=True, slots=True)
class Conversation:
    """A user's conversation as stored; `stale` when it went quiet for too long."""

    kind: Kind | None  # None: a state this release does not know
    state: Mapping[str, object] = field(default_factory=dict)
    stale: bool = False


class Conversations:
    """The conversation store, with kinds and staleness."""

    def __init__(self, store: ConversationStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def get(self, channel: str, user_id: str) -> Conversation | None:
        """The user's conversation, or None when they are in none."""
        loaded = await self._store.load(channel, user_id)
        if loaded is None:
            return None
        state, updated_at = loaded
        try:
            kind: Kind | None = Kind(str(state.get("kind")))
        except ValueError:
            kind = None
        stale = self._clock.now() - updated_at > STALE_AFTER
        return Conversation(kind, state, stale)

    async def save(self, channel: str, user_id: str, kind: Kind, **state: object) -> None:
        """Start or move on a conversation (replacing whatever the user was in)."""
        await self._store.save(channel, user_id, {"kind": kind.value, **state}, self._clock.now())

    async def end(self, channel: str, user_id: str) -> bool:
        """Forget the user's conversation; False when there was none."""
        if await self._store.load(channel, user_id) is None:
            return False
        await self._store.delete(channel, user_id)
        return True
