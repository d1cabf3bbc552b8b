"""Telegram failing under the bot (5xx, 429, timeouts) during answers and digests, a locked
database during a press, and texts over Telegram's limit: every answer still arrives once, the
user sees one polite line at most, and the staff member is told only what really happened."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.app.webserver import Channels
from bot.clock import FrozenClock
from bot.demo.seed import CITIZEN_ID
from bot.domain.messages import OutgoingMessage
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.updates import is_transient
from tests.conftest import ADMIN_ID, make_settings
from tests.e2e.conftest import RunningBot, start_bot, stop_bot
from tests.e2e.test_feedback_e2e import OFFICER_NGOQUYEN, file_case

LONG_ANSWER = ("Kính gửi ông/bà, phường xin trả lời như sau. " * 110).strip()  # ≈ 4.900 chars


@pytest.fixture
async def running(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> AsyncIterator[tuple[RunningBot, Channels]]:
    channels: list[Channels] = []
    bot = await start_bot(make_settings(seeded_db, tg), tg, clock, on_channels=channels.append)
    try:
        yield bot, channels[0]
    finally:
        await stop_bot(bot)


async def _again(bot: RunningBot, channels: Channels, seconds: float) -> None:
    """Once the failed update's retry is written, move the frozen clock past its wait and let
    the workers and the deliverer look."""
    assert channels.workers is not None
    await channels.workers.idle()
    bot.clock.advance(timedelta(seconds=seconds))
    assert channels.inbox_wake is not None
    channels.inbox_wake.set()
    assert bot.app is not None and bot.app.bot_data.services is not None
    bot.app.bot_data.services.outbox_wake.set()


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_a_5xx_on_an_answer_means_the_update_is_tried_again(
    running: tuple[RunningBot, Channels], status: int
) -> None:
    bot, channels = running
    bot.tg.fail_next("sendMessage", status=status, times=2)
    update = bot.tg.push_message(CITIZEN_ID, "/hoso RZ-5XX-1")
    await bot.tg.wait_for_call("sendMessage", lambda c: c.http_status == status, count=1)
    await _again(bot, channels, 3)
    await bot.tg.wait_for_call("sendMessage", lambda c: c.http_status == status, count=2)
    await _again(bot, channels, 5)
    await bot.push(update)
    answer = await bot.tg.wait_for_message(CITIZEN_ID, lambda m: "RZ-5XX-1" in m["text"])
    texts = [m["text"] for m in bot.tg.sent(CITIZEN_ID)]
    assert texts.count(answer["text"]) == 1
    assert not any("lỗi" in t.lower() for t in texts)  # no error message to the citizen
    assert not bot.tg.sent(ADMIN_ID)  # and no traceback to the admins


async def test_a_429_on_an_answer_is_waited_out(running: tuple[RunningBot, Channels]) -> None:
    bot, _ = running
    bot.tg.fail_next("sendMessage", status=429, retry_after=1, times=2)
    text = await bot.reply(CITIZEN_ID, "/hoso RZ-429-1")
    assert "RZ-429-1" in text


def test_what_is_worth_trying_again() -> None:
    assert is_transient(NetworkError("Bad Gateway"))
    assert is_transient(TimedOut("Timed out"))
    assert is_transient(RetryAfter(5))
    assert not is_transient(BadRequest("Message is too long"))
    assert not is_transient(ValueError("a bug"))


async def test_a_locked_database_gives_one_polite_line(
    running: tuple[RunningBot, Channels], monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, _ = running
    assert bot.app is not None and bot.app.bot_data.services is not None
    intake = bot.app.bot_data.services.router.intake

    async def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(intake, "start", locked)
    replies = await bot.send(CITIZEN_ID, "/phananh")
    assert [m["text"] for m in replies] == ["Hệ thống đang bận, vui lòng thử lại sau ít phút."]
    assert not bot.tg.sent(ADMIN_ID)
    # Read-only commands still answer.
    assert "RZ-RO-1" in await bot.reply(CITIZEN_ID, "/hoso RZ-RO-1")


async def test_a_digest_through_5xx_and_429_arrives_once(
    running: tuple[RunningBot, Channels],
) -> None:
    bot, channels = running
    assert bot.app is not None and bot.app.bot_data.services is not None
    services = bot.app.bot_data.services
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    bot.tg.fail_next("sendMessage", status=502)
    message = OutgoingMessage("telegram", str(OFFICER_NGOQUYEN), "📈 Bản tin tuần RZ-DIGEST")
    await services.outbox.enqueue("digest:test:1", message, bot.clock.now())
    services.outbox_wake.set()
    await bot.tg.wait_for_call("sendMessage", lambda c: c.http_status == 502)
    bot.tg.fail_next("sendMessage", status=429, retry_after=1)
    for _ in range(3):  # backoff 2 s, then the 429's 1 s (the rate limiter may absorb it)
        await _again(bot, channels, 3)
        if any("RZ-DIGEST" in m["text"] for m in bot.tg.sent(OFFICER_NGOQUYEN)):
            break
        await bot.tg.wait_for_call("sendMessage", lambda c: "RZ-DIGEST" in str(c.params))
    await bot.tg.wait_for_message(OFFICER_NGOQUYEN, lambda m: "RZ-DIGEST" in m["text"])
    assert [m["text"] for m in bot.tg.sent(OFFICER_NGOQUYEN)].count(
        "📈 Bản tin tuần RZ-DIGEST"
    ) == 1


async def test_a_long_answer_reaches_the_citizen_and_tracuu_shows_it(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    code = await file_case(bot)
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    case_id = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:"))
    await bot.press(OFFICER_NGOQUYEN, case_id)
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    await bot.press(OFFICER_NGOQUYEN, case_id.replace("s:take:", "s:answer:"))
    assert len(LONG_ANSWER) > 4096
    preview = await bot.send(OFFICER_NGOQUYEN, LONG_ANSWER)  # what the citizen will get
    assert preview
    pressed = await bot.press(OFFICER_NGOQUYEN, case_id.replace("s:take:", "s:ok:"))
    done = " ".join(m["text"] for m in pressed)
    assert "bot đang chuyển tới người dân" in done
    # The answer arrives (in parts), and only then is the officer told it did.
    await bot.tg.wait_for_message(OFFICER_NGOQUYEN, lambda m: "đã đến người dân" in m["text"])
    received = " ".join(m["text"] for m in bot.tg.sent(CITIZEN_ID))
    assert LONG_ANSWER[-200:] in received
    assert all(len(m["text"]) <= 4096 for m in bot.tg.sent(CITIZEN_ID))
    before = len(bot.tg.sent(CITIZEN_ID))
    await bot.push(bot.tg.push_message(CITIZEN_ID, f"/tracuu {code}"))
    shown = " ".join(m["text"] for m in bot.tg.sent(CITIZEN_ID)[before:])
    assert code in shown and LONG_ANSWER[-100:] in shown
    assert not bot.tg.sent(ADMIN_ID)


async def test_an_update_arriving_under_a_real_lock_is_answered_once_it_is_free(
    running: tuple[RunningBot, Channels],
) -> None:
    bot, _ = running
    # Another process holds the write lock (taken off the event loop: the bot shares it here).
    holder = sqlite3.connect(
        bot.settings.database_path, isolation_level=None, timeout=30, check_same_thread=False
    )
    try:
        await asyncio.to_thread(holder.execute, "BEGIN IMMEDIATE")
        update = bot.tg.push_message(CITIZEN_ID, "/hoso RZ-LOCK-1")
        # Fetched, but it cannot be stored, so it is not confirmed to Telegram either.
        await bot.tg.wait_updates_confirmed()
        assert bot.tg.pending_updates >= 1
    finally:
        await asyncio.to_thread(holder.execute, "ROLLBACK")
        holder.close()
    await bot.push(update)
    texts = [m["text"] for m in bot.tg.sent(CITIZEN_ID)]
    assert sum("RZ-LOCK-1" in t for t in texts) == 1
    assert not any("bận" in t or "lỗi" in t.lower() for t in texts)
    assert not bot.tg.sent(ADMIN_ID)
