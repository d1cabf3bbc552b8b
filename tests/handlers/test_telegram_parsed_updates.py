"""Updates polled by this process are handed to the workers as parsed, once, within a bound."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from bot.domain.updates import InboxItem
from handlers.telegram.updates import ParsedUpdates

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def item(update_id: int, bot: str = "telegram:42") -> InboxItem:
    return InboxItem(
        id=update_id,
        bot=bot,
        update_id=str(update_id),
        chat="telegram:1",
        payload="{}",
        attempts=0,
        received_at=AT,
    )


def test_an_update_is_taken_once_and_only_by_its_own_bot() -> None:
    parsed = ParsedUpdates()
    update = Update(7)
    parsed.keep("telegram:42", [update])
    assert parsed.take(item(7, bot="telegram:43")) is None  # another bot's update 7
    assert parsed.take(item(7)) is update
    assert parsed.take(item(7)) is None  # a retry parses the stored JSON again


def test_the_oldest_are_dropped_past_the_capacity() -> None:
    parsed = ParsedUpdates(capacity=2)
    parsed.keep("telegram:42", [Update(1), Update(2), Update(3)])
    assert parsed.take(item(1)) is None
    assert [u.update_id for u in (parsed.take(item(2)), parsed.take(item(3))) if u] == [2, 3]
