"""Officials on the ward's Zalo OA, end to end over real HTTP: the staff table tells an official
from a citizen writing to the same OA, and the official's typed words and button payloads go
through the same router as on Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from secrets import token_bytes

import pytest

from bot.clock import FrozenClock
from bot.demo.seed import CITIZEN_ID
from bot.domain.choices import ApologyStart
from bot.domain.messages import OutboxButton, OutgoingMessage
from bot.domain.models import Role
from bot.domain.zalo_staff import ZaloStaffId
from bot.services.invites import InviteService
from bot.standin.telegram import TelegramStandIn
from storage.db import Database
from storage.invites import SqliteInviteStore
from storage.staff import SqliteStaffRepository
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import ADMIN_ID, TZ, make_settings
from tests.e2e.conftest import start_bot, stop_bot
from tests.e2e.test_feedback_e2e import file_case as file_telegram_case
from tests.e2e.test_jobs_e2e import MONDAY_0800, caught_up, fire
from tests.e2e.test_zalo_e2e import (
    ANSWER,
    APP_GV,
    APP_NQ,
    OA_GV,
    OA_NQ,
    ZaloWorld,
    add_oa,
    file_case,
    payloads,
    start,
)
from tests.standin.zalo import ZaloStandIn

Z_OFFICER = "z-officer-nq"  # the officer's Zalo id as the OA of Ngô Quyền sees it
Z_SUPERVISOR = "z-super-hp"
OFFICER_NGOQUYEN = 2011  # the seeded officer of Ngô Quyền, on Telegram
ADMIN_STAFF = 2004  # the seeded admin, on Telegram


@pytest.fixture
async def world(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> AsyncIterator[ZaloWorld]:
    """The bot with the OAs of Ngô Quyền and Gia Viên (as in test_zalo_e2e), no Telegram staff."""
    async with ZaloStandIn(clock) as zalo:
        await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
        await add_oa(seeded_db, zalo, "giavien", OA_GV, APP_GV)
        running = await start(seeded_db, tg, zalo, clock)
        try:
            yield running
        finally:
            running.bot.stop.set()
            assert running.bot.task is not None
            await running.bot.task


async def add_zalo_staff(
    db_path: Path, clock_db: ZaloWorld, oa_id: str, user_id: str, role: Role, ward: str
) -> str:
    """File an official of one OA in the staff table (what `staff add --channel zalo` does)."""
    async with Database(db_path, clock_db.bot.clock) as db:
        unit = await SqliteUnitRepository(db).by_slug(ward)
        assert unit is not None
        key = ZaloStaffId(oa_id, user_id).key
        await SqliteStaffRepository(db, channel="zalo").add(key, role, unit.id, "Cán bộ Zalo")
    return key


async def test_official_and_citizen_on_one_oa_are_told_apart(world: ZaloWorld) -> None:
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    for words in ("thống kê ngoquyen 2026", "/thongke ngoquyen 2026", "thong ke Ngô Quyền 2026"):
        sent = await world.say(Z_OFFICER, words)
        text = sent[-1].text
        assert "Phường Ngô Quyền" in text and "năm 2026" in text, text
        assert "<b>" not in text and "&amp;" not in text
    # The same words from a citizen of the same OA: refused, no figures.
    refused = await world.say("u-citizen-1", "thống kê ngoquyen 2026")
    assert "Phường Ngô Quyền" not in refused[-1].text
    assert "cán bộ" in refused[-1].text.lower()
    # The same Zalo id on another OA is someone else: a citizen there.
    other = await world.say(Z_OFFICER, "thống kê ngoquyen 2026", OA_GV)
    assert "năm 2026" not in other[-1].text


async def test_official_works_a_case_from_the_oa_inbox(world: ZaloWorld) -> None:
    zalo = world.zalo
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await world.say(Z_OFFICER, "hướng dẫn")  # an OA can only write to someone who wrote to it
    code = await file_case(world, "u-700")
    # The new case reaches the official on Zalo, through the outbox.
    await zalo.wait_for(lambda: any(code in s.text for s in zalo.to(Z_OFFICER)))
    inbox = await world.say(Z_OFFICER, "hộp thư")
    item = next(s for s in inbox if code in s.text)
    assert "<b>" not in item.text
    buttons = payloads([item])
    assert 0 < len(buttons) <= 5
    take = next(p for p in buttons if p.startswith("s:take:"))
    await world.say(Z_OFFICER, take)
    await world.say(Z_OFFICER, take.replace("s:take:", "s:answer:"))
    shown = await world.say(Z_OFFICER, ANSWER)
    # The official sees what the citizen will receive and confirms it.
    confirm = next(p for p in payloads(shown) if p.startswith("s:ok:"))
    await world.say(Z_OFFICER, confirm)
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-700")))


async def test_help_follows_the_role(world: ZaloWorld) -> None:
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_SUPERVISOR, Role.SUPERVISOR, "haiphong")
    officer = (await world.say(Z_OFFICER, "hướng dẫn"))[-1].text
    assert "cán bộ một cửa" in officer and "/xinloi" in officer and "thống kê" in officer
    supervisor = (await world.say(Z_SUPERVISOR, "/help"))[-1].text
    assert "cán bộ theo dõi" in supervisor and "thống kê" in supervisor
    assert "/xinloi" not in supervisor and "/nhap" not in supervisor
    citizen = (await world.say("u-citizen-2", "hướng dẫn"))[-1].text
    assert "phản ánh" in citizen and "thống kê" not in citizen and "<b>" not in citizen


async def test_subscription_from_the_oa(world: ZaloWorld) -> None:
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_SUPERVISOR, Role.SUPERVISOR, "haiphong")
    subscribed = await world.say(Z_SUPERVISOR, "/theodoi haiphong")
    assert "Đã đăng ký" in subscribed[-1].text
    async with Database(world.db_path, world.bot.clock) as db:
        rows = await db.fetchall("SELECT channel, user_id FROM digest_subscriptions")
    assert [tuple(r) for r in rows] == [("zalo", f"{OA_NQ}/{Z_SUPERVISOR}")]
    stopped = await world.say(Z_SUPERVISOR, "/botheodoi haiphong")
    assert "Đã thôi gửi bản tin hằng tuần" in stopped[-1].text
    async with Database(world.db_path, world.bot.clock) as db:
        assert await db.fetchall("SELECT 1 FROM digest_subscriptions") == []
    refused = await world.say("u-citizen-3", "/theodoi haiphong")
    assert "Đã đăng ký" not in refused[-1].text and "cán bộ" in refused[-1].text


LATE = "NQ-2026-006521"  # a seeded dossier of Ngô Quyền due without an apology


async def test_apology_letter_on_the_oa_with_its_pdf(world: ZaloWorld) -> None:
    zalo = world.zalo
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    asked = await world.say(Z_OFFICER, f"/xinloi {LATE}")
    assert f"Phiếu xin lỗi cho hồ sơ {LATE}" in asked[-1].text
    assert payloads(asked) == ["apo.r:verify", "apo.r:agencies", "apo.r:software"]
    dated = await world.say(Z_OFFICER, "apo.r:agencies")
    assert "Ngày hẹn trả kết quả mới" in dated[-1].text
    refused = await world.say(Z_OFFICER, "28/11/2026")
    assert "không phải ngày làm việc" in refused[-1].text
    summary = await world.say(Z_OFFICER, "30/11/2026")
    assert "Chờ ý kiến cơ quan liên quan" in summary[-1].text
    assert "apo.ok" in payloads(summary)
    uploads = len(zalo.uploads)
    await world.say(Z_OFFICER, "apo.ok")
    # The OA takes PDF, DOC and DOCX up to 5 MB: the letter goes as files, the PDF first.
    assert zalo.uploads[uploads:] == [
        f"phieu-xin-loi-{LATE}.pdf",
        f"phieu-xin-loi-{LATE}.docx",
    ]
    files = [
        s for s in zalo.to(Z_OFFICER) if (s.message.get("attachment") or {}).get("type") == "file"
    ]
    assert [f.message["attachment"]["payload"]["token"] for f in files] == [
        f"file-token-{uploads + 1}",
        f"file-token-{uploads + 2}",
    ]
    again = await world.say(Z_OFFICER, f"/xinloi {LATE}")
    assert "đã có phiếu xin lỗi" in again[-1].text


# --- alerts pushed to officials on Zalo through the outbox (frozen clock) ------------------------

REMINDER = f"Hồ sơ {LATE} đến hẹn hôm nay."


async def push(world: ZaloWorld, key: str, name: str, *, button: bool = False) -> None:
    """Queue an alert to an official as the jobs do (text, maybe the letter's button)."""
    assert world.bot.app is not None and world.bot.app.bot_data.services is not None
    services = world.bot.app.bot_data.services
    choices = (OutboxButton(ApologyStart(LATE), "Lập phiếu xin lỗi"),) if button else ()
    message = OutgoingMessage("zalo", key, REMINDER, choices)
    await services.outbox.enqueue(f"test:{name}", message, services.clock.now())


async def pending(world: ZaloWorld, key: str) -> list[tuple[str, int, str]]:
    async with Database(world.db_path, world.bot.clock) as db:
        rows = await db.fetchall(
            "SELECT key, not_before, last_error FROM outbox"
            " WHERE recipient = ? AND state = 'pending' ORDER BY id",
            (key,),
        )
    return [(str(k), int(str(n)), str(e)) for k, n, e in rows]


async def deliver(world: ZaloWorld) -> None:
    """One pass of the deliverer, for a pass that sends nothing (it only reschedules): a pass
    that sends is left to the running deliverer (`wake_outbox`), which would race this one."""
    assert world.http.deliverer is not None
    await world.http.deliverer.deliver_due()


async def test_alert_in_the_free_window_carries_a_button_that_renews_it(world: ZaloWorld) -> None:
    key = await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await world.say(Z_OFFICER, "hướng dẫn")
    await push(world, key, "reminder", button=True)
    await world.wake_outbox()
    await world.zalo.wait_for(lambda: any(REMINDER in s.text for s in world.zalo.to(Z_OFFICER)))
    alert = next(s for s in world.zalo.to(Z_OFFICER) if REMINDER in s.text)
    assert payloads([alert]) == [f"apo:{LATE}", "/hopthu"]
    assert "message_id" in alert.recipient  # a free reply to their last message
    # Tapping the renewal button is a message from them (the window opens again): their inbox.
    tapped = await world.say(Z_OFFICER, "/hopthu")
    assert tapped and not any("Bot chưa hiểu" in s.text for s in tapped)
    # And the letter's button starts the letter.
    started = await world.say(Z_OFFICER, f"apo:{LATE}")
    assert f"Phiếu xin lỗi cho hồ sơ {LATE}" in started[-1].text


async def test_alert_to_a_silent_official_waits_and_the_admin_is_told(
    world: ZaloWorld, tg: TelegramStandIn
) -> None:
    tg.add_chat(ADMIN_ID)  # the admin by ADMIN_TELEGRAM_IDS
    tg.add_chat(ADMIN_STAFF)  # and the one in the staff table
    clock = world.bot.clock
    key = await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await world.say(Z_OFFICER, "hướng dẫn")
    clock.advance(timedelta(days=3))  # silent for 72 h, no phone recorded
    await push(world, key, "first")
    await push(world, key, "second")
    await world.wake_outbox()
    notice = await tg.wait_for_message(ADMIN_ID, lambda m: "đang chờ" in m.get("text", ""))
    await tg.wait_for_message(ADMIN_STAFF, lambda m: "đang chờ" in m.get("text", ""))
    assert "Cán bộ Zalo" in notice["text"] and OA_NQ in notice["text"]
    assert not any(REMINDER in s.text for s in world.zalo.to(Z_OFFICER))
    held = await pending(world, key)
    assert [k for k, _, _ in held] == ["test:first", "test:second"]
    looked_again = clock.now() + timedelta(hours=1)
    assert held[0][1:] == (int(looked_again.timestamp() * 1000), "retry after 3600 s")
    # Looked at again an hour later: still held, the admin is not told twice the same day.
    clock.advance(timedelta(hours=1))
    await deliver(world)
    notices = [m for m in tg.sent(ADMIN_ID) if "đang chờ" in m.get("text", "")]
    assert len(notices) == 1
    assert len([m for m in tg.sent(ADMIN_STAFF) if "đang chờ" in m.get("text", "")]) == 1
    # The official writes: the window opens and both alerts go, in order.
    await world.say(Z_OFFICER, "hướng dẫn")
    await world.zalo.wait_for(
        lambda: sum(REMINDER in s.text for s in world.zalo.to(Z_OFFICER)) == 2
    )


async def test_alert_in_the_quiet_hours_waits_for_six(world: ZaloWorld) -> None:
    clock = world.bot.clock
    key = await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    await world.say(Z_OFFICER, "hướng dẫn")
    clock.set(datetime(2026, 11, 27, 23, 0, tzinfo=TZ))
    await push(world, key, "night")
    await deliver(world)
    six = datetime(2026, 11, 28, 6, 0, tzinfo=TZ)
    assert [(k, n) for k, n, _ in await pending(world, key)] == [
        ("test:night", int(six.timestamp() * 1000))
    ]
    clock.set(six)
    await world.wake_outbox()
    await world.zalo.wait_for(lambda: any(REMINDER in s.text for s in world.zalo.to(Z_OFFICER)))


async def test_silent_official_with_a_phone_gets_the_zbs_template(world: ZaloWorld) -> None:
    clock = world.bot.clock
    key = await add_zalo_staff(world.db_path, world, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
    async with Database(world.db_path, clock) as db:
        unit = await SqliteUnitRepository(db).by_slug("ngoquyen")
        assert unit is not None
        await SqliteZaloRepository(db).set_options(
            unit.id,
            allow_charged=True,
            zbs_template_id="tpl-7",
            clear_template=False,
            at=clock.now(),
        )
        assert await SqliteStaffRepository(db).set_phone(key, "0987654321")
    await world.say(Z_OFFICER, "hướng dẫn")
    clock.advance(timedelta(days=3))  # past the free window: never a charged cs message
    await push(world, key, "late")
    await world.wake_outbox()
    await world.zalo.wait_for(lambda: bool(world.zalo.templates))
    template = world.zalo.templates[-1]
    assert template["phone"] == "84987654321" and template["template_id"] == "tpl-7"
    assert REMINDER in template["template_data"]["content"]
    assert not any(REMINDER in s.text for s in world.zalo.to(Z_OFFICER))


async def test_weekly_digest_reaches_a_zalo_supervisor_with_its_chart(world: ZaloWorld) -> None:
    zalo, clock = world.zalo, world.bot.clock
    await add_zalo_staff(world.db_path, world, OA_NQ, Z_SUPERVISOR, Role.SUPERVISOR, "haiphong")
    await caught_up(world.bot)
    clock.set(MONDAY_0800 - timedelta(hours=1))
    assert "Đã đăng ký" in (await world.say(Z_SUPERVISOR, "/theodoi haiphong"))[-1].text
    images = len(zalo.images)
    await fire(world.bot, "weekly-digest", MONDAY_0800)
    await zalo.wait_for(lambda: len(zalo.images) > images)
    assert zalo.images[-1].endswith(".png")
    shown = [
        s
        for s in zalo.to(Z_SUPERVISOR)
        if (s.message.get("attachment") or {}).get("payload", {}).get("template_type") == "media"
    ]
    assert shown and shown[-1].message["attachment"]["payload"]["elements"][0][
        "attachment_id"
    ].startswith("img-")


# --- invitations -----------------------------------------------------------------------------


async def invite(world: ZaloWorld, role: Role, ward: str) -> str:
    """What `cchc-bot staff invite` does: a one-time code."""
    async with Database(world.db_path, world.bot.clock) as db:
        units = SqliteUnitRepository(db)
        unit = await units.by_slug(ward)
        assert unit is not None
        staff = SqliteStaffRepository(db)
        service = InviteService(
            SqliteInviteStore(db), staff, units, world.bot.clock, token_bytes, links=staff
        )
        code, _ = await service.issue(role, unit.id, "Cán bộ được mời")
    return code


async def test_an_invitation_code_makes_a_zalo_user_staff_once(world: ZaloWorld) -> None:
    code = await invite(world, Role.OFFICER, "ngoquyen")
    before = await world.say("z-new", "thống kê ngoquyen 2026")
    assert "năm 2026" not in before[-1].text  # a citizen until then
    welcome = await world.say("z-new", code.lower().replace("-", " "))
    assert "cán bộ một cửa của Phường Ngô Quyền" in welcome[-1].text
    stats = await world.say("z-new", "thống kê ngoquyen 2026")
    assert "năm 2026" in stats[-1].text
    async with Database(world.db_path, world.bot.clock) as db:
        member = await SqliteStaffRepository(db).get(f"{OA_NQ}/z-new")
    assert member is not None and member.channel == "zalo" and member.name == "Cán bộ được mời"
    # Once only: someone else sending it later gets a polite refusal.
    again = await world.say("z-other", code)
    assert "không dùng được" in again[-1].text


async def test_an_invitation_code_on_telegram_and_expiry(
    world: ZaloWorld, tg: TelegramStandIn
) -> None:
    code = await invite(world, Role.SUPERVISOR, "haiphong")
    tg.add_chat(5555)
    welcome = await world.bot.reply(5555, f"/start {code}")
    assert "cán bộ theo dõi của Thành phố Hải Phòng" in welcome
    assert "Thành phố Hải Phòng" in await world.bot.reply(5555, "/stats haiphong 2026")
    late = await invite(world, Role.OFFICER, "ngoquyen")
    world.bot.clock.advance(timedelta(days=7, seconds=1))
    expired = await world.say("z-late", late)
    assert "không dùng được" in expired[-1].text


# --- a restart in the middle of a letter, on each channel -------------------------------------


async def test_a_letter_half_done_on_zalo_survives_a_restart(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    async with ZaloStandIn(clock) as zalo:
        await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
        first = await start(seeded_db, tg, zalo, clock)
        try:
            await add_zalo_staff(seeded_db, first, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
            await first.say(Z_OFFICER, f"/xinloi {LATE}")
            await first.say(Z_OFFICER, "apo.r:agencies")
        finally:
            await stop_bot(first.bot)
        second = await start(seeded_db, tg, zalo, clock)
        try:
            summary = await second.say(Z_OFFICER, "30/11/2026")  # the date, after the restart
            assert "Chờ ý kiến cơ quan liên quan" in summary[-1].text
            uploads = len(zalo.uploads)
            await second.say(Z_OFFICER, "apo.ok")
            assert zalo.uploads[uploads:] == [
                f"phieu-xin-loi-{LATE}.pdf",
                f"phieu-xin-loi-{LATE}.docx",
            ]
        finally:
            await stop_bot(second.bot)


async def test_a_letter_half_done_on_telegram_survives_a_restart(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    settings = make_settings(seeded_db, tg)
    tg.add_chat(OFFICER_NGOQUYEN)
    first = await start_bot(settings, tg, clock)
    try:
        await first.send(OFFICER_NGOQUYEN, f"/xinloi {LATE}")
        await first.press(OFFICER_NGOQUYEN, "apo.r:agencies")
    finally:
        await stop_bot(first)
    second = await start_bot(settings, tg, clock)
    try:
        summary = await second.reply(OFFICER_NGOQUYEN, "30/11/2026")
        assert "Chờ ý kiến cơ quan liên quan" in summary
        before = len(tg.calls_to("sendDocument"))
        await second.press(OFFICER_NGOQUYEN, "apo.ok")
        assert len(tg.calls_to("sendDocument")) == before + 2  # the PDF, then the DOCX
    finally:
        await stop_bot(second)


async def test_an_answer_half_done_on_zalo_survives_restarts(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    async with ZaloStandIn(clock) as zalo:
        await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
        first = await start(seeded_db, tg, zalo, clock)
        try:
            await add_zalo_staff(seeded_db, first, OA_NQ, Z_OFFICER, Role.OFFICER, "ngoquyen")
            await first.say(Z_OFFICER, "hướng dẫn")
            code = await file_case(first, "u-750")
            inbox = await first.say(Z_OFFICER, "hộp thư")
            card = next(s for s in inbox if s.text.startswith(code))
            take = next(p for p in payloads([card]) if p.startswith("s:take:"))
            await first.say(Z_OFFICER, take)
            prompt = await first.say(Z_OFFICER, take.replace("s:take:", "s:answer:"))
            assert "Gõ câu trả lời" in prompt[-1].text
        finally:
            await stop_bot(first.bot)
        # Restarted while the official was typing: the answer still goes to that case.
        second = await start(seeded_db, tg, zalo, clock)
        try:
            shown = await second.say(Z_OFFICER, ANSWER)
            assert "Người dân sẽ nhận được" in shown[-1].text and ANSWER in shown[-1].text
            confirm = next(p for p in payloads(shown) if p.startswith("s:ok:"))
        finally:
            await stop_bot(second.bot)
        # Restarted again before the confirmation: the answer shown is the one sent.
        third = await start(seeded_db, tg, zalo, clock)
        try:
            done = await third.say(Z_OFFICER, confirm)
            assert any("bot đang chuyển tới người dân" in s.text for s in done)
            await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-750")))
        finally:
            await stop_bot(third.bot)


async def test_an_answer_half_done_on_telegram_survives_restarts(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    settings = make_settings(seeded_db, tg)
    tg.add_chat(OFFICER_NGOQUYEN)
    first = await start_bot(settings, tg, clock)
    try:
        code = await file_telegram_case(first)
        await first.send(OFFICER_NGOQUYEN, "/hopthu")
        take = next(d for d in first.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:"))
        await first.press(OFFICER_NGOQUYEN, take)
        await first.send(OFFICER_NGOQUYEN, "/hopthu")
        prompt = await first.press(OFFICER_NGOQUYEN, take.replace("s:take:", "s:answer:"))
        assert "Gõ câu trả lời" in prompt[-1]["text"]
    finally:
        await stop_bot(first)
    second = await start_bot(settings, tg, clock)
    try:
        preview = await second.reply(OFFICER_NGOQUYEN, ANSWER)
        assert "Người dân sẽ nhận được" in preview and ANSWER in preview and code in preview
    finally:
        await stop_bot(second)
    third = await start_bot(settings, tg, clock)
    try:
        done = await third.press(OFFICER_NGOQUYEN, take.replace("s:take:", "s:ok:"))
        assert "bot đang chuyển tới người dân" in done[-1]["text"]
        answered = await tg.wait_for_message(CITIZEN_ID, lambda m: ANSWER in m.get("text", ""))
        assert code in answered["text"]
    finally:
        await stop_bot(third)


async def test_an_official_links_zalo_to_telegram_and_chooses_where_alerts_go(
    world: ZaloWorld, tg: TelegramStandIn
) -> None:
    zalo = world.zalo
    tg.add_chat(OFFICER_NGOQUYEN)
    async with Database(world.db_path, world.bot.clock) as db:
        staff = SqliteStaffRepository(db)
        officer = await staff.get(str(OFFICER_NGOQUYEN))
        assert officer is not None
        service = InviteService(
            SqliteInviteStore(db),
            staff,
            SqliteUnitRepository(db),
            world.bot.clock,
            token_bytes,
            links=staff,
        )
        code, _ = await service.issue(Role.LEADER, None, None, link_to=officer)
    welcome = await world.say("z-same", code)
    assert "cán bộ một cửa của Phường Ngô Quyền" in welcome[-1].text  # the same role and ward
    key = f"{OA_NQ}/z-same"
    assert "Chọn nơi nhận thông báo" in (await world.say("z-same", "/thongbao fax"))[-1].text
    chosen = await world.say("z-same", "/thongbao zalo")
    assert "Zalo" in chosen[-1].text
    # A new case: the officer hears of it on Zalo only.
    code_case = await file_case(world, "u-800")
    await zalo.wait_for(lambda: any(code_case in s.text for s in zalo.to("z-same")))
    assert not any(code_case in m.get("text", "") for m in tg.sent(OFFICER_NGOQUYEN))
    # Back to both: from Telegram this time (the same person).
    both = await world.bot.reply(OFFICER_NGOQUYEN, "/thongbao cả hai")
    assert "mọi kênh" in both
    async with Database(world.db_path, world.bot.clock) as db:
        rows = await db.fetchall(
            "SELECT user_id, alerts, person_id IS NOT NULL FROM staff WHERE user_id IN (?, ?)"
            " ORDER BY user_id",
            (str(OFFICER_NGOQUYEN), key),
        )
    assert [tuple(r) for r in rows] == [(str(OFFICER_NGOQUYEN), 1, 0), (key, 1, 1)]
