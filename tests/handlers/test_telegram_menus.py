"""Command menus are set only where they changed since the last start (stored per scope)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Bot

from bot.clock import FrozenClock
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.common import set_command_menus
from storage.db import Database
from storage.menus import SqliteCommandMenus

TOKEN = "123456:MENU-TEST"
AT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
STAFF = {"2011", "2012", "2013"}


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteCommandMenus]:
    db = await Database(tmp_path / "menus.sqlite3", FrozenClock(AT)).connect()
    try:
        yield SqliteCommandMenus(db)
    finally:
        await db.close()


def menu_calls(tg: TelegramStandIn) -> int:
    return len(tg.calls_to("setMyCommands")) + len(tg.calls_to("deleteMyCommands"))


async def test_a_start_sets_only_the_menus_that_changed(store: SqliteCommandMenus) -> None:
    async with TelegramStandIn(TOKEN) as tg:
        for chat in [2011, 2012, 2013, 2014]:
            tg.add_chat(chat)
        async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            # First start: the default menu in two languages and one per staff member.
            assert await set_command_menus(bot, store, STAFF) == 5
            assert menu_calls(tg) == 5
            # Started again with the same staff: nothing to send.
            assert await set_command_menus(bot, store, STAFF) == 0
            assert menu_calls(tg) == 5
            # One joins, one leaves: the newcomer gets the staff menu, the leaver loses it.
            assert await set_command_menus(bot, store, {"2011", "2012", "2014"}) == 2
            deleted = tg.calls_to("deleteMyCommands")
            assert [c.params["scope"] for c in deleted] == [{"type": "chat", "chat_id": 2013}]
            assert tg.commands({"type": "chat", "chat_id": 2014})
            assert not tg.commands({"type": "chat", "chat_id": 2013})
            assert await set_command_menus(bot, store, {"2011", "2012", "2014"}) == 0


async def test_a_staff_member_without_a_chat_is_tried_again_next_start(
    store: SqliteCommandMenus,
) -> None:
    async with TelegramStandIn(TOKEN) as tg:
        tg.strict = True  # unknown chats are refused, as Telegram does before a first /start
        async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            assert await set_command_menus(bot, store, {"2011"}) == 2  # the defaults only
            tg.add_chat(2011)
            assert await set_command_menus(bot, store, {"2011"}) == 1
