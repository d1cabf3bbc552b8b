"""The poller stores each update as Telegram sent it, and confirms it only once stored."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from telegram import Bot, Update

from bot.clock import FrozenClock
from bot.domain.updates import InboundUpdate
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.updates import Poller, RawUpdatesRequest

AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


class Entrance:
    """Keeps what is stored; stops the poller once `expected` updates are in."""

    def __init__(self, stop: asyncio.Event, expected: int) -> None:
        self.stored: list[InboundUpdate] = []
        self._stop = stop
        self._expected = expected

    async def store(self, updates: Sequence[InboundUpdate], at: datetime) -> int:
        self.stored.extend(updates)
        if len(self.stored) >= self._expected:
            self._stop.set()
        return len(updates)


async def poll(tg: TelegramStandIn, raw: RawUpdatesRequest | None, expected: int) -> Entrance:
    stop = asyncio.Event()
    entrance = Entrance(stop, expected)
    request = raw or RawUpdatesRequest()
    async with Bot(tg.token, base_url=tg.base_url, get_updates_request=request) as bot:
        poller = Poller(bot, entrance, FrozenClock(AT), timeout=1, raw=raw)
        await asyncio.wait_for(poller.run(stop), 10)
    return entrance


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the updates PTB turned back into JSON."""
    made: list[int] = []
    to_dict = Update.to_dict

    def counted(self: Update, recursive: bool = True) -> dict[str, object]:
        made.append(self.update_id)
        return to_dict(self, recursive)

    monkeypatch.setattr(Update, "to_dict", counted)
    return made


async def test_updates_are_stored_as_they_came(made: list[int]) -> None:
    async with TelegramStandIn() as tg:
        text = tg.push_message(7, "xin chào")
        command = tg.push_message(8, "/help")
        # A field this PTB does not know (a newer Bot API's) is kept as it came.
        message = {**command["message"], "some_new_field": {"nested": [1, "hai"]}}
        newer = tg.push_update({"message": message})
        entrance = await poll(tg, RawUpdatesRequest(), expected=3)
    stored = [json.loads(u.payload) for u in entrance.stored]
    assert stored == [text, command, newer]
    assert [u.chat for u in entrance.stored] == ["telegram:7", "telegram:8", "telegram:8"]
    assert made == []  # never turned back into JSON


async def test_without_the_raw_request_the_parsed_update_is_stored(made: list[int]) -> None:
    async with TelegramStandIn() as tg:
        sent = tg.push_message(7, "xin chào")
        entrance = await poll(tg, None, expected=1)
    (only,) = entrance.stored
    payload = json.loads(only.payload)
    assert payload["update_id"] == sent["update_id"]
    assert payload["message"]["text"] == "xin chào"
    assert payload["message"]["chat"]["id"] == 7
    assert made == [sent["update_id"]]


async def test_a_body_not_as_expected_gives_nothing_to_pair() -> None:
    request = RawUpdatesRequest()
    request._body = b"not json"
    assert request.take() == {}
    request._body = b'{"ok": true, "result": [{"update_id": "x"}, 3, {"update_id": 5}]}'
    assert request.take() == {5: {"update_id": 5}}
    assert request.take() == {}  # taken once
