"""End to end: the scheduled jobs fire through the JobQueue's own callbacks on the real bot,
against the loopback Bot API stand-in, with the frozen clock set to each moment."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from bot.standin.telegram import TelegramStandIn
from storage.outbox import SqliteOutbox
from tests.conftest import TZ, make_settings
from tests.e2e.conftest import RunningBot, start_bot, stop_bot

OFFICER_NGOQUYEN = 2011
OFFICER_GIAVIEN = 2021
SUPERVISOR = 2003
FRIDAY_0730 = datetime(2026, 11, 27, 7, 30, tzinfo=TZ)
MONDAY_0800 = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)


async def fire(bot: RunningBot, name: str, at: datetime) -> None:
    """Set the clock, then run the job the way the JobQueue does when its slot comes."""
    assert bot.app is not None and bot.app.job_queue is not None
    bot.clock.set(at)
    (job,) = bot.app.job_queue.get_jobs_by_name(name)
    await job.run(bot.app)


def outbox(bot: RunningBot) -> SqliteOutbox:
    assert bot.app is not None and bot.app.bot_data.services is not None
    return cast(SqliteOutbox, bot.app.bot_data.services.outbox)


async def drained(bot: RunningBot, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until the deliverer has no pending row left (it is woken by each job)."""
    try:
        async with asyncio.timeout(timeout):
            # Polling the database (bounded by the timeout): no event crosses the deliverer.
            while (await outbox(bot).counts_by_state())["pending"]:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    except TimeoutError:
        rows = await bot.app.bot_data.services.jobs._store._db.fetchall(  # type: ignore[union-attr]
            "SELECT key, state, attempts, not_before, last_error FROM outbox"
        )
        raise AssertionError(f"outbox not drained at {bot.clock.now()}: {rows}") from None


async def waiting_for_retry(bot: RunningBot, rows: int) -> None:
    """Wait until `rows` outbox rows failed and wait for their backoff."""
    db = bot.app.bot_data.services.jobs._store._db  # type: ignore[union-attr]
    sql = "SELECT count(*) FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL"
    async with asyncio.timeout(10):
        while (await db.fetchone(sql) or (0,))[0] < rows:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def caught_up(bot: RunningBot) -> None:
    assert bot.app is not None and bot.app.bot_data.services is not None
    async with asyncio.timeout(10):
        await bot.app.bot_data.services.jobs.caught_up.wait()


def texts(tg: TelegramStandIn, chat: int, match: Callable[[str], bool]) -> list[dict[str, Any]]:
    return [m for m in tg.sent(chat) if match(str(m.get("text", m.get("caption", ""))))]


async def test_apology_reminders_reach_the_right_people_once(
    seeded_db: Path, tg: TelegramStandIn, clock: Any
) -> None:
    for chat in (OFFICER_NGOQUYEN, OFFICER_GIAVIEN, SUPERVISOR):
        tg.add_chat(chat)
    bot = await start_bot(make_settings(seeded_db, tg), tg, clock)
    try:
        await caught_up(bot)  # a fresh install has nothing to catch up
        assert tg.sent(OFFICER_NGOQUYEN) == []
        await fire(bot, "apology-reminders", FRIDAY_0730)
        await drained(bot)
        (reminder,) = tg.sent(OFFICER_NGOQUYEN)
        assert "Sắp đến hạn, chưa có phiếu xin lỗi (" in reminder["text"]
        assert "gửi phiếu chậm nhất ngày 27/11/2026" in reminder["text"]
        buttons = [
            b["callback_data"] for row in reminder["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert buttons and all(b.startswith("apo:NQ-") for b in buttons)
        assert len(tg.sent(OFFICER_GIAVIEN)) == 1
        # The supervisor (standing in for the wards' missing leaders) gets one message for
        # both wards, without buttons: a supervisor does not issue the letter.
        (late,) = texts(tg, SUPERVISOR, lambda s: "Đã quá hạn gửi phiếu xin lỗi" in s)
        assert "Phường Ngô Quyền: " in late["text"] and "Phường Gia Viên: " in late["text"]
        assert "reply_markup" not in late
        # The same slot again (a second firing, a manual run): nothing more.
        await fire(bot, "apology-reminders", FRIDAY_0730 + timedelta(minutes=5))
        await drained(bot)
        assert len(tg.sent(OFFICER_NGOQUYEN)) == 1
        # A firing outside the slot (the scheduler and the clock disagree) does nothing.
        await fire(bot, "apology-reminders", datetime(2026, 11, 30, 15, 0, tzinfo=TZ))
        await drained(bot)
        assert len(tg.sent(OFFICER_NGOQUYEN)) == 1
    finally:
        await stop_bot(bot)


async def test_weekly_digest_survives_api_errors_and_a_restart(
    seeded_db: Path, tg: TelegramStandIn, clock: Any
) -> None:
    settings = make_settings(seeded_db, tg)
    bot = await start_bot(settings, tg, clock)
    try:
        await caught_up(bot)
        assert "Đã đăng ký" in await bot.reply(SUPERVISOR, "/theodoi haiphong")
        assert "Đã đăng ký" in await bot.reply(OFFICER_NGOQUYEN, "/theodoi Ngô Quyền")
        assert "không có quyền" in await bot.reply(OFFICER_NGOQUYEN, "/theodoi giavien")
        before = {c: len(tg.sent(c)) for c in (SUPERVISOR, OFFICER_NGOQUYEN)}
        tg.fail_next("sendMessage", status=500, times=2)
        tg.fail_next("sendPhoto", status=429, retry_after=1)
        await fire(bot, "weekly-digest", MONDAY_0800)
        # Both texts failed with 500: they wait for their backoff on the (frozen) clock.
        await tg.wait_for_call("sendMessage", lambda c: c.http_status == 500, count=2)
        await waiting_for_retry(bot, 2)
        bot.clock.advance(timedelta(minutes=1))
        assert bot.app is not None and bot.app.bot_data.services is not None
        bot.app.bot_data.services.outbox_wake.set()
        await drained(bot)
        for chat in (SUPERVISOR, OFFICER_NGOQUYEN):
            new = tg.sent(chat)[before[chat] :]
            assert [("photo" in m, "text" in m) for m in new] == [(False, True), (True, False)]
            assert "Bản tin cải cách hành chính tuần 48/2026" in new[0]["text"]
            assert "Biểu đồ chỉ số" in new[1]["caption"]
        area = tg.sent(SUPERVISOR)[-2]["text"]
        assert "Xếp hạng theo tỷ lệ đúng hạn" in area and "Phường Ngô Quyền" in area
        assert "Xếp hạng: " in tg.sent(OFFICER_NGOQUYEN)[-2]["text"]
        counts = {c: len(tg.sent(c)) for c in (SUPERVISOR, OFFICER_NGOQUYEN)}
    finally:
        await stop_bot(bot)

    # Restart later the same morning: catch-up sees the digest ran; a new firing sends nothing.
    clock.set(MONDAY_0800 + timedelta(minutes=30))
    bot = await start_bot(settings, tg, clock)
    try:
        await caught_up(bot)
        await fire(bot, "weekly-digest", MONDAY_0800 + timedelta(minutes=40))
        await drained(bot)
        assert {c: len(tg.sent(c)) for c in (SUPERVISOR, OFFICER_NGOQUYEN)} == counts
    finally:
        await stop_bot(bot)


async def test_a_missed_morning_runs_once_at_start_up(
    seeded_db: Path, tg: TelegramStandIn, clock: Any
) -> None:
    tg.add_chat(OFFICER_NGOQUYEN)
    settings = make_settings(seeded_db, tg)
    bot = await start_bot(settings, tg, clock)
    try:
        await caught_up(bot)
        await fire(bot, "apology-reminders", FRIDAY_0730)
        await drained(bot)
    finally:
        await stop_bot(bot)
    assert len(tg.sent(OFFICER_NGOQUYEN)) == 1
    # Down over the weekend and Monday; back on Tuesday 01/12 at 09:00, after the 07:30 slot.
    for attempt in range(2):
        clock.set(datetime(2026, 12, 1, 9, attempt, tzinfo=TZ))
        bot = await start_bot(settings, tg, clock)
        try:
            await caught_up(bot)
            await drained(bot)
        finally:
            await stop_bot(bot)
    tuesday = [m for m in tg.sent(OFFICER_NGOQUYEN)[1:]]
    assert len(tuesday) == 1  # caught up once, not again on the second start
    assert "Sắp đến hạn, chưa có phiếu xin lỗi (" in tuesday[0]["text"]


async def test_stats_and_the_digest_give_the_same_figures_for_a_week(
    seeded_db: Path, tg: TelegramStandIn, clock: Any
) -> None:
    tg.add_chat(OFFICER_NGOQUYEN)
    bot = await start_bot(make_settings(seeded_db, tg), tg, clock)
    try:
        await caught_up(bot)
        assert "Đã đăng ký" in await bot.reply(OFFICER_NGOQUYEN, "/theodoi ngoquyen")
        await fire(bot, "weekly-digest", MONDAY_0800)
        await drained(bot)
        digest = next(
            m["text"] for m in reversed(tg.sent(OFFICER_NGOQUYEN)) if "Bản tin" in m.get("text", "")
        )
        # Monday morning: "last week" is the week the digest reports (23–29/11/2026).
        stats = await bot.reply(OFFICER_NGOQUYEN, "/stats tuần trước")
    finally:
        await stop_bot(bot)
    assert "tuần 48/2026 (23/11/2026 – 29/11/2026)" in digest and "tuần 48/2026" in stats

    def figures(text: str, prefix: str) -> tuple[str, str]:
        line = next(x for x in text.splitlines() if x.lstrip("• ").startswith(prefix))
        rate = next(w for w in line.split() if w.endswith("%") and w[0].isdigit())
        words = [w.strip("()") for w in line.split()]
        share = next(w for w in words if "/" in w and w[0].isdigit())
        return rate, share

    assert figures(digest, "2.1") == figures(stats, "2.1")
    assert figures(digest, "3.3") == figures(stats, "3.3")
    rate, share = figures(stats, "2.1")
    numerator, denominator = (int(x.replace(".", "")) for x in share.split("/"))
    assert denominator > 0 and rate != "—"
