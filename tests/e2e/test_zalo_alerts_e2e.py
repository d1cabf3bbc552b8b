"""The scheduled jobs reaching officials on the ward's Zalo OA, end to end: the real jobs fire
through the JobQueue's callbacks, their messages go through the outbox and the Zalo sender under
the 2026 rules — a free reply with a button that renews the 48 h window, the ZBS template at the
phone an official recorded in chat once they are silent longer, else held with the admins told
and sent when they write — and an official linked on Telegram and Zalo hears where they chose."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from secrets import token_bytes

import pytest

from bot.clock import FrozenClock
from bot.domain.models import Role
from bot.services.invites import InviteService
from bot.standin.telegram import TelegramStandIn
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.invites import SqliteInviteStore
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import ADMIN_ID, TZ
from tests.e2e.test_jobs_e2e import FRIDAY_0730, MONDAY_0800, caught_up, drained, fire
from tests.e2e.test_zalo_desk_e2e import number_of, say
from tests.e2e.test_zalo_e2e import (
    ANSWER,
    APP_NQ,
    OA_NQ,
    OFFICER_NGOQUYEN,
    ZaloWorld,
    add_oa,
    file_case,
    payloads,
    start,
)
from tests.e2e.test_zalo_staff_e2e import Z_OFFICER, Z_SUPERVISOR, add_zalo_staff, pending
from tests.standin.zalo import Sent, ZaloStandIn

RENEW = "/hopthu"  # the payload of the button that renews the free window


@pytest.fixture
async def world(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> AsyncIterator[ZaloWorld]:
    """The bot with the OA of Ngô Quyền; the admin and the Telegram officer can be written to."""
    tg.add_chat(ADMIN_ID)
    tg.add_chat(OFFICER_NGOQUYEN)
    async with ZaloStandIn(clock) as zalo:
        await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
        running = await start(seeded_db, tg, zalo, clock)
        try:
            await caught_up(running.bot)
            yield running
        finally:
            running.bot.stop.set()
            assert running.bot.task is not None
            await running.bot.task


def received(world: ZaloWorld, user: str, words: str) -> list[Sent]:
    return [s for s in world.zalo.to(user) if words in s.text]


async def arrives(world: ZaloWorld, user: str, words: str, count: int = 1) -> Sent:
    await world.zalo.wait_for(lambda: len(received(world, user, words)) >= count)
    return received(world, user, words)[-1]


async def use_zbs_template(world: ZaloWorld, template: str) -> None:
    """What `cchc-bot zalo set ngoquyen --zbs-template …` does."""
    async with Database(world.db_path, world.bot.clock) as db:
        unit = await SqliteUnitRepository(db).by_slug("ngoquyen")
        assert unit is not None
        await SqliteZaloRepository(db).set_options(
            unit.id,
            allow_charged=None,
            zbs_template_id=template,
            clear_template=False,
            at=world.bot.clock.now(),
        )


async def test_apology_reminders_reach_a_zalo_officer_and_start_the_letter(
    world: ZaloWorld,
) -> None:
    clock = world.bot.clock
    clock.set(FRIDAY_0730 - timedelta(minutes=30))
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await say(world, Z_OFFICER, "hướng dẫn")
    await fire(world.bot, "apology-reminders", FRIDAY_0730)
    reminder = await arrives(world, Z_OFFICER, "Sắp đến hạn, chưa có phiếu xin lỗi")
    assert "message_id" in reminder.recipient  # a free reply to their last message
    assert "<b>" not in reminder.text and "gửi phiếu chậm nhất ngày 27/11/2026" in reminder.text
    # Longer than one Zalo message: in parts, the last with the letters to start, numbered
    # (more than a template holds), and the button that renews the window.
    listed = await arrives(world, Z_OFFICER, "Lập phiếu xin lỗi NQ-")
    letters = [line for line in listed.text.splitlines() if "Lập phiếu xin lỗi NQ-" in line]
    assert len(letters) > 5 and letters[0].startswith("1. ")
    assert payloads([listed]) == [RENEW]  # no letter button: the renewal still has one
    assert all(len(s.text) <= 2000 for s in world.zalo.to(Z_OFFICER))
    dossier = letters[1].rsplit(" ", 1)[-1]
    chosen = number_of([listed], letters[1].partition(". ")[2])
    started = await say(world, Z_OFFICER, chosen)
    assert f"Phiếu xin lỗi cho hồ sơ {dossier}" in started[-1].text
    # Once only: the same slot again sends nothing more.
    await fire(world.bot, "apology-reminders", FRIDAY_0730 + timedelta(minutes=5))
    await world.wake_outbox()
    assert len(received(world, Z_OFFICER, "Sắp đến hạn, chưa có phiếu xin lỗi")) == 1


async def test_a_deadline_alert_to_a_silent_officer_goes_as_the_zbs_template(
    world: ZaloWorld,
) -> None:
    await use_zbs_template(world, "tpl-cchc")
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    # The official records their own phone in the chat.
    bad = await say(world, Z_OFFICER, "/sodienthoai 12345")
    assert "không phải số điện thoại Việt Nam" in bad[-1].text
    recorded = await say(world, Z_OFFICER, "/sodienthoai 0987 654 321")
    assert "Đã ghi số 0987654321" in recorded[-1].text
    shown = await say(world, Z_OFFICER, "/sodienthoai")
    assert "0987654321" in shown[-1].text
    code = await file_case(world, "u-960")  # Friday 10:00: accept by Tuesday 01/12
    # Silent since Friday: on Monday at 08:00 the 48 h window is closed.
    await fire(world.bot, "feedback-deadlines", MONDAY_0800)
    await world.zalo.wait_for(
        lambda: any(code in t["template_data"]["content"] for t in world.zalo.templates)
    )
    template = next(t for t in world.zalo.templates if code in t["template_data"]["content"])
    assert template["phone"] == "84987654321" and template["template_id"] == "tpl-cchc"
    assert "thời hạn tiếp nhận" in template["template_data"]["content"]
    assert not any(code in s.text and "thời hạn" in s.text for s in world.zalo.to(Z_OFFICER))
    # Forgotten in chat: the next alert would wait instead.
    forgotten = await say(world, Z_OFFICER, "/sodienthoai xóa")
    assert "Đã xóa số điện thoại" in forgotten[-1].text
    async with Database(world.db_path, world.bot.clock) as db:
        assert await SqliteStaffRepository(db).phone_of(f"{OA_NQ}/{Z_OFFICER}") is None


async def test_a_digest_to_a_silent_supervisor_waits_the_admin_is_told_and_it_goes_later(
    world: ZaloWorld, tg: TelegramStandIn
) -> None:
    zalo = world.zalo
    key = await add_zalo_staff(
        world.db_path, world, OA_NQ, Z_SUPERVISOR, Role.SUPERVISOR, "haiphong"
    )
    subscribed = await say(world, Z_SUPERVISOR, "/theodoi haiphong")  # Friday 10:00
    assert "Đã đăng ký" in subscribed[-1].text
    images = len(zalo.images)
    await fire(world.bot, "weekly-digest", MONDAY_0800)  # 70 h later, no phone recorded
    notice = await tg.wait_for_message(ADMIN_ID, lambda m: "đang chờ" in m.get("text", ""))
    assert "Cán bộ Zalo" in notice["text"] and "Bản tin" in notice["text"]
    held = await pending(world, key)
    assert [k for k, _, _ in held] == [
        f"digest:haiphong:2026-W48:{key}",
        f"digest:haiphong:2026-W48:{key}:chart",
    ]
    assert not received(world, Z_SUPERVISOR, "Bản tin cải cách hành chính")
    assert len(zalo.images) == images
    # They write to the OA: the window is open again and both messages go, in order.
    await say(world, Z_SUPERVISOR, "hướng dẫn")
    digest = await arrives(world, Z_SUPERVISOR, "Bản tin cải cách hành chính tuần 48/2026")
    await zalo.wait_for(lambda: len(zalo.images) > images)
    assert payloads([digest]) == [RENEW]  # the button whose tap renews the window
    chart = next(
        s
        for s in zalo.to(Z_SUPERVISOR)
        if (s.message.get("attachment") or {}).get("payload", {}).get("template_type") == "media"
    )
    assert chart.message["attachment"]["payload"]["elements"][0]["attachment_id"].startswith("img")
    assert zalo.images[-1] == "haiphong-2026-W48.png"
    caption = next(s for s in zalo.to(Z_SUPERVISOR) if "Biểu đồ chỉ số" in s.text)
    assert payloads([caption]) == [RENEW]
    # The admin was told once for both messages, and nothing is left waiting.
    assert len([m for m in tg.sent(ADMIN_ID) if "đang chờ" in m.get("text", "")]) == 1
    await drained(world.bot)
    assert await pending(world, key) == []


async def test_a_linked_official_hears_of_their_case_where_they_chose(
    world: ZaloWorld, tg: TelegramStandIn
) -> None:
    zalo, clock = world.zalo, world.bot.clock
    async with Database(world.db_path, clock) as db:
        staff = SqliteStaffRepository(db)
        officer = await staff.get(str(OFFICER_NGOQUYEN))
        assert officer is not None
        invites = InviteService(
            SqliteInviteStore(db), staff, SqliteUnitRepository(db), clock, token_bytes, links=staff
        )
        code, _ = await invites.issue(Role.OFFICER, None, None, link_to=officer)
    await say(world, "z-same", code)
    assert "Zalo" in (await say(world, "z-same", "/thongbao zalo"))[-1].text
    # The phone for the ZBS template, given on Telegram, is the person's on Zalo too.
    recorded = await world.bot.reply(OFFICER_NGOQUYEN, "/sodienthoai +84 912 345 678")
    assert "Đã ghi số 0912345678" in recorded
    async with Database(world.db_path, clock) as db:
        assert await SqliteStaffRepository(db).phone_of(f"{OA_NQ}/z-same") == "0912345678"
    case = await file_case(world, "u-970")
    bot = world.bot
    # The case is taken and answered on Telegram…
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    take = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:"))
    await bot.press(OFFICER_NGOQUYEN, take)
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    await bot.press(OFFICER_NGOQUYEN, take.replace("s:take:", "s:answer:"))
    await bot.send(OFFICER_NGOQUYEN, ANSWER)
    await bot.press(OFFICER_NGOQUYEN, take.replace("s:take:", "s:ok:"))
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-970")))
    # …and what follows reaches the person on Zalo only: the receipt, the citizen's rating.
    await arrives(world, "z-same", "đã đến người dân")
    await say(world, "u-970", f"rate:{case}:2")
    rated = await arrives(world, "z-same", "vừa được đánh giá")
    assert case in rated.text
    on_telegram = [m.get("text", "") for m in tg.sent(OFFICER_NGOQUYEN)]
    assert not any("đã đến người dân" in m or "vừa được đánh giá" in m for m in on_telegram)
    # The deadline job too, for a case taken on Telegram and not answered yet.
    second = await file_case(world, "u-971")
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    take = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:"))
    await bot.press(OFFICER_NGOQUYEN, take)
    half = await half_of_the_answer_time(world, second)
    clock.set(datetime.combine(half, time(7, 0), tzinfo=TZ))
    await say(world, "z-same", "hướng dẫn")  # in the free window
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await say(world, Z_OFFICER, "hướng dẫn")  # another officer: not the one on the case
    await fire(bot, "feedback-deadlines", datetime.combine(half, time(8, 0), tzinfo=TZ))
    alert = await arrives(world, "z-same", "đã qua một nửa thời hạn trả lời")
    assert second in alert.text and payloads([alert]) == [RENEW]
    await drained(bot)
    assert not any("một nửa" in m.get("text", "") for m in tg.sent(OFFICER_NGOQUYEN))
    assert not received(world, Z_OFFICER, "một nửa")


async def half_of_the_answer_time(world: ZaloWorld, code: str) -> date:
    """The first working day on which half of a case's answer time (from today) is gone."""
    services = world.bot.app.bot_data.services  # type: ignore[union-attr]
    async with Database(world.db_path, world.bot.clock) as db:
        case = await SqliteFeedbackRepository(db).by_code(code)
    assert case is not None
    start = world.bot.clock.now().astimezone(TZ).date()
    total = services.calendar.working_days_between(start, case.answer_due)
    day = start
    while services.calendar.working_days_between(start, day) * 2 < total:
        day += timedelta(days=1)
    return day


async def test_a_leader_on_zalo_hears_of_a_case_past_its_deadline(world: ZaloWorld) -> None:
    clock = world.bot.clock
    leader = "z-leader-nq"
    await add_zalo_staff(world.db_path, world, OA_NQ, leader, Role.LEADER, "ngoquyen")
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    code = await file_case(world, "u-980")  # Friday: to be taken by Tuesday 01/12
    wednesday = datetime(2026, 12, 2, 7, 0, tzinfo=TZ)
    clock.set(wednesday)
    for official in (leader, Z_OFFICER):
        await say(world, official, "hướng dẫn")
    await fire(world.bot, "feedback-deadlines", wednesday.replace(hour=8))
    late = await arrives(world, leader, "đã quá hạn tiếp nhận")
    assert code in late.text and "Đề nghị lãnh đạo chỉ đạo xử lý" in late.text
    assert payloads([late]) == [RENEW]
    # Past the deadline it is the leaders' to act on: the officer is not alerted again.
    await drained(world.bot)
    assert not received(world, Z_OFFICER, "đã quá hạn tiếp nhận")
    # The leader works the case from the OA like an officer.
    inbox = await say(world, leader, "hộp thư")
    card = next(s for s in inbox if s.text.startswith(code))
    assert "s:take:" in " ".join(payloads([card]))
