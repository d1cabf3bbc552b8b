"""Zalo end to end over real HTTP: a citizen on a ward's OA (the Zalo stand-in signs and posts
webhook events), staff on Telegram (the Bot API stand-in), one bot process serving both."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.webserver import Channels
from bot.clock import FrozenClock
from bot.domain.zalo import ZaloAccount
from bot.standin.telegram import TelegramStandIn
from storage.db import Database
from storage.feedback import SqliteFeedbackRepository
from storage.secrets import SecretBox
from storage.units import SqliteUnitRepository
from storage.zalo import SqliteZaloRepository
from tests.conftest import TZ, make_settings
from tests.e2e.conftest import RunningBot, start_bot
from tests.standin.zalo import Sent, ZaloStandIn

OA_NQ, APP_NQ = "oa-ngoquyen", "app-1"
OA_GV, APP_GV = "oa-giavien", "app-2"
OFFICER_NGOQUYEN = 2011
OFFICER_GIAVIEN = 2021
CODE = re.compile(r"PA-[0-9A-Z]{4}-[0-9A-Z]{4}")
DESCRIPTION = "Hồ sơ khai sinh của con tôi đã quá hạn 5 ngày mà chưa có kết quả & không rõ lý do."
ANSWER = "Hồ sơ đã có kết quả, mời ông/bà đến nhận tại Bộ phận Một cửa từ ngày 30/11/2026."


@dataclass
class ZaloWorld:
    """The running bot with its HTTP side, and the two stand-ins."""

    bot: RunningBot
    zalo: ZaloStandIn
    db_path: Path
    channels: list[Channels] = field(default_factory=list)

    @property
    def http(self) -> Channels:
        return self.channels[0]

    async def post(self, event: dict[str, Any], **kwargs: Any) -> list[Sent]:
        """Post an event, wait until the bot is done with it; the messages it sent meanwhile."""
        before = len(self.zalo.sent)
        status = await self.zalo.post(event, **kwargs)
        assert status == 200, status
        key = event["message"]["msg_id"] if "message" in event else None
        if key is None:
            follower = event["follower"]["id"]
            key = f"{event['event_name']}:{event['oa_id']}:{follower}:{event['timestamp']}"
        await self.http.zalo.wait_handled(key)
        return self.zalo.sent[before:]

    async def say(self, user: str, text: str, oa: str = OA_NQ) -> list[Sent]:
        """The citizen types a text (or taps a button whose payload is `text`)."""
        return await self.post(self.zalo.text_event(oa, user, text))

    async def wake_outbox(self) -> None:
        """Let the deliverer look at the outbox now (after moving the frozen clock)."""
        assert self.bot.app is not None
        services = self.bot.app.bot_data.services
        assert services is not None
        services.outbox_wake.set()


def payloads(sent: list[Sent]) -> list[str]:
    """The button payloads of the last button message in `sent`."""
    for message in reversed(sent):
        if message.buttons:
            return [str(b["payload"]) for b in message.buttons]
    return []


async def add_oa(db_path: Path, zalo: ZaloStandIn, ward: str, oa_id: str, app_id: str) -> None:
    """Configure a ward's OA in the bot's database (what `cchc-bot zalo add` does)."""
    oa = zalo.add_oa(oa_id, app_id)
    async with Database(db_path, zalo.clock) as db:
        unit = await SqliteUnitRepository(db).by_slug(ward)
        assert unit is not None
        account = ZaloAccount(
            unit_id=unit.id,
            app_id=app_id,
            oa_id=oa_id,
            app_secret=oa.app_secret,
            oa_secret_key=oa.oa_secret_key,
            access_token=oa.access_token,
            refresh_token=oa.refresh_token,
        )
        await SqliteZaloRepository(db, BOX).add_account(account, zalo.clock.now())


HEALTH_TOKEN = "health-token-for-tests"
SECRET_KEY = SecretBox.generate()
BOX = SecretBox(SECRET_KEY)


async def start(
    db_path: Path,
    tg: TelegramStandIn,
    zalo: ZaloStandIn,
    clock: FrozenClock,
    *,
    webhook: bool = False,
) -> ZaloWorld:
    """Start the bot like `cchc-bot run [--webhook]`, with the HTTP server on a free port."""
    extra: dict[str, Any] = {
        "ZALO_API_BASE_URL": zalo.base_url,
        "ZALO_OAUTH_BASE_URL": zalo.base_url,
        "ZALO_ZBS_BASE_URL": zalo.base_url,
        "HTTP_PORT": 0,
        "HEALTHZ_TOKEN": HEALTH_TOKEN,
        "SECRET_KEY": SECRET_KEY,
    }
    if webhook:
        extra |= {"WEBHOOK_URL": "https://bot.example.gov.vn", "WEBHOOK_SECRET": "s3cret_TOKEN-1"}
    settings = make_settings(db_path, tg, **extra)
    channels: list[Channels] = []
    running = await start_bot(settings, tg, clock, webhook=webhook, on_channels=channels.append)
    world = ZaloWorld(running, zalo, db_path, channels)
    zalo.webhook_url = world.http.base_url + "/zalo/webhook"
    return world


@pytest.fixture
async def zalo(clock: FrozenClock) -> AsyncIterator[ZaloStandIn]:
    async with ZaloStandIn(clock) as standin:
        yield standin


@pytest.fixture
async def world(
    seeded_db: Path, tg: TelegramStandIn, zalo: ZaloStandIn, clock: FrozenClock
) -> AsyncIterator[ZaloWorld]:
    await add_oa(seeded_db, zalo, "ngoquyen", OA_NQ, APP_NQ)
    await add_oa(seeded_db, zalo, "giavien", OA_GV, APP_GV)
    tg.add_chat(OFFICER_NGOQUYEN)
    tg.add_chat(OFFICER_GIAVIEN)
    running = await start(seeded_db, tg, zalo, clock)
    try:
        yield running
    finally:
        running.bot.stop.set()
        assert running.bot.task is not None
        await running.bot.task


async def file_case(
    world: ZaloWorld, user: str, *, oa: str = OA_NQ, phone: bool = True, send: bool = True
) -> str:
    """The whole conversation on Zalo, mixing button payloads and numbered answers."""
    # The OA belongs to one ward: no ward question, straight to the category.
    sent = await world.say(user, "phản ánh", oa)
    assert not any(p.startswith("w:") for p in payloads(sent))
    # Seven categories: more than five buttons → numbered text, answered with the number.
    assert not sent[-1].buttons
    assert "1. Hồ sơ trễ hạn" in sent[-1].text and "7. " in sent[-1].text
    sent = await world.say(user, "1", oa)
    assert "mã hồ sơ" in sent[-1].text.lower()
    await world.say(user, "NQ-2026-000123", oa)
    sent = await world.say(user, DESCRIPTION, oa)
    assert payloads(sent) == ["skip", "back", "cancel"]
    await world.post(world.zalo.image_event(oa, user, "https://photo.example/1.jpg"))
    sent = await world.post(world.zalo.file_event(oa, user, "giay-hen.pdf"))
    assert payloads(sent) == ["done", "back", "cancel"]
    sent = await world.say(user, "done", oa)
    assert "Vị trí" in sent[-1].text  # how to share a location on Zalo
    sent = await world.post(world.zalo.location_event(oa, user, 20.8561, 106.6822))
    assert "gõ số điện thoại" in sent[-1].text
    if phone:
        sent = await world.say(user, "0912 345 678", oa)
        assert payloads(sent) == ["agree", "disagree", "back", "cancel"]
        sent = await world.say(user, "tôi đồng ý", oa)  # the words of a choice work too
    else:
        sent = await world.say(user, "anon", oa)
    assert payloads(sent) == ["send", "edit", "cancel", "back"]
    assert "<b>" not in sent[-1].text and "&amp;" not in sent[-1].text
    assert "& không rõ lý do" in sent[-1].text
    if not send:
        return ""
    before = len(world.zalo.to(user))
    await world.say(user, "send", oa)
    # The tracking code comes through the outbox, written with the case.
    await world.zalo.wait_for(
        lambda: any("Mã theo dõi" in s.text for s in world.zalo.to(user)[before:])
    )
    text = next(s.text for s in world.zalo.to(user)[before:] if "Mã theo dõi" in s.text)
    match = CODE.search(text)
    assert match, text
    assert "t.me" not in text
    return match.group(0)


async def staff_answer(world: ZaloWorld, officer: int, code: str, answer: str = ANSWER) -> None:
    """The officer takes and answers the case from the Telegram inbox."""
    bot = world.bot
    await bot.tg.wait_for_message(officer, lambda m: code in m["text"])
    inbox = await bot.send(officer, "/hopthu")
    item = next(m for m in inbox if code in m["text"])
    assert "Zalo" in item["text"]  # the inbox shows the channel
    take = next(d for d in bot.buttons(officer) if d.startswith("s:take:"))
    await bot.press(officer, take)
    await bot.send(officer, "/hopthu")
    await bot.press(officer, take.replace("s:take:", "s:answer:"))
    preview = await bot.reply(officer, answer)
    assert "Người dân sẽ nhận được" in preview and answer in preview
    await bot.press(officer, take.replace("s:take:", "s:ok:"))


async def test_citizen_on_zalo_staff_on_telegram(world: ZaloWorld) -> None:
    code = await file_case(world, "u-100")
    zalo = world.zalo
    async with Database(world.db_path, world.bot.clock) as db:
        case = await SqliteFeedbackRepository(db).by_code(code)
    assert case is not None and case.channel == "zalo" and case.citizen_id == "u-100"
    assert [a.kind for a in case.attachments] == ["photo", "document"]
    assert (case.latitude, case.longitude) == (20.8561, 106.6822)
    assert case.phone == "0912345678"

    await staff_answer(world, OFFICER_NGOQUYEN, code)
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-100")))
    answer = next(s for s in zalo.to("u-100") if ANSWER in s.text)
    assert answer.oa_id == OA_NQ
    assert "message_id" in answer.recipient  # a free reply within 48 h
    assert [b["payload"] for b in answer.buttons] == [f"rate:{code}:{n}" for n in (5, 4, 3, 2, 1)]
    assert all(b["type"] == "oa.query.hide" for b in answer.buttons)

    thanks = await world.say("u-100", f"rate:{code}:5")
    assert "Cảm ơn" in thanks[-1].text
    tracked = await world.say("u-100", f"tra cứu {code}")
    assert ANSWER in tracked[-1].text and "<b>" not in tracked[-1].text


async def test_token_expiry_mid_conversation_refreshes_once(world: ZaloWorld) -> None:
    zalo = world.zalo
    await world.say("u-200", "/phananh")
    zalo.expire_token(OA_NQ)
    sent = await world.say("u-200", "/huy")
    assert "Đã hủy" in sent[-1].text  # delivered after one refresh and one retry
    assert len(zalo.refreshes) == 1
    refresh = zalo.refreshes[0]
    assert refresh["refresh_token"] == f"refresh-{OA_NQ}-0"
    assert refresh["secret_key"] == zalo.oas[OA_NQ].app_secret
    assert refresh["grant_type"] == "refresh_token" and refresh["app_id"] == APP_NQ
    async with Database(world.db_path, world.bot.clock) as db:
        stored = await SqliteZaloRepository(db, BOX).account_by_oa(OA_NQ)
    assert stored is not None
    assert (stored.access_token, stored.refresh_token) == (
        f"access-{OA_NQ}-1",
        f"refresh-{OA_NQ}-1",
    )
    assert stored.access_expires_at == world.bot.clock.now() + timedelta(seconds=90000)

    zalo.expire_token(OA_NQ)  # the new (stored) refresh token works the second time
    sent = await world.say("u-200", "hướng dẫn")
    assert "tra cứu MÃ" in sent[-1].text
    assert [r["refresh_token"] for r in zalo.refreshes] == [
        f"refresh-{OA_NQ}-0",
        f"refresh-{OA_NQ}-1",
    ]


async def test_duplicate_delivery_creates_one_case(world: ZaloWorld) -> None:
    await file_case(world, "u-300", send=False)
    zalo = world.zalo
    # Zalo retries the "send" tap with the same msg_id — here even concurrently, then later.
    send_event = zalo.text_event(OA_NQ, "u-300", "send")
    before = len(zalo.sent)
    statuses = await asyncio.gather(*(zalo.post(send_event) for _ in range(3)))
    assert statuses == [200, 200, 200]
    await world.http.zalo.wait_handled(send_event["message"]["msg_id"])
    await world.http.zalo.drain()
    assert await zalo.post(send_event) == 200
    await world.http.zalo.drain()
    async with Database(world.db_path, world.bot.clock) as db:
        cases = await SqliteFeedbackRepository(db).for_citizen("zalo", "u-300")
        assert await SqliteZaloRepository(db, BOX).event_count() == 11  # one per distinct event
    assert len(cases) == 1
    replies = zalo.sent[before:]
    assert len(replies) == 1 and cases[0].code in replies[0].text


async def test_forged_and_replayed_events_change_nothing(world: ZaloWorld) -> None:
    zalo = world.zalo
    forged = zalo.text_event(OA_NQ, "u-400", "phản ánh")
    assert await zalo.post(forged, secret="not-the-key") == 401
    assert await zalo.post(forged, signature="mac=" + "0" * 64) == 401
    assert await zalo.post(forged, signature="") == 401
    clock = world.bot.clock
    clock.advance(timedelta(minutes=-6))
    old = zalo.text_event(OA_NQ, "u-400", "phản ánh")  # correctly signed, but 6 minutes old
    clock.advance(timedelta(minutes=12))
    future = zalo.text_event(OA_NQ, "u-400", "phản ánh")  # from 6 minutes ahead
    clock.advance(timedelta(minutes=-6))
    assert await zalo.post(old) == 401
    assert await zalo.post(future) == 401
    unknown = dict(forged, recipient={"id": "oa-nobody"})
    assert await zalo.post(unknown, signature="mac=" + "0" * 64) == 401
    assert zalo.sent == []
    async with Database(world.db_path, world.bot.clock) as db:
        assert await SqliteZaloRepository(db, BOX).event_count() == 0
        assert await SqliteZaloRepository(db, BOX).user("u-400") is None
        row = await db.fetchone("SELECT COUNT(*) FROM conversations WHERE channel = 'zalo'")
        assert row == (0,)
    # The same event signed right, upper-case hex without "mac=", is taken.
    body_event = zalo.text_event(OA_NQ, "u-400", "hướng dẫn")
    raw = json.dumps(body_event, ensure_ascii=False).encode()
    signature = zalo.sign(body_event, raw).removeprefix("mac=").upper()
    sent = await world.post(body_event, signature=signature)
    assert sent and "tra cứu MÃ" in sent[-1].text


async def test_answer_written_at_23_reaches_the_citizen_at_06(world: ZaloWorld) -> None:
    zalo, clock = world.zalo, world.bot.clock
    code = await file_case(world, "u-500")
    clock.set(datetime(2026, 11, 27, 23, 0, tzinfo=TZ))
    await staff_answer(world, OFFICER_NGOQUYEN, code)
    assert world.http.deliverer is not None
    await world.http.deliverer.deliver_due()  # (a try during the quiet hours only reschedules)
    assert not any(ANSWER in s.text for s in zalo.to("u-500"))
    async with Database(world.db_path, world.bot.clock) as db:
        rows = await db.fetchall(
            "SELECT key, state, not_before FROM outbox WHERE recipient = 'u-500'"
            " AND key NOT LIKE '%:filed' ORDER BY id"
        )
    # "accepted" then the answer, both waiting: the first for 06:00, the second behind it.
    assert [(str(k).split(":")[2], state) for k, state, _ in rows] == [
        ("take", "pending"),
        ("answer", "pending"),
    ]
    six = datetime(2026, 11, 28, 6, 0, tzinfo=TZ)
    assert rows[0][2] == int(six.timestamp() * 1000)
    clock.set(six)
    await world.wake_outbox()
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-500")))


async def test_quiet_hours_refusal_from_zalo_waits_for_06(world: ZaloWorld) -> None:
    zalo, clock = world.zalo, world.bot.clock
    await world.say("u-510", "phản ánh")
    clock.set(datetime(2026, 11, 27, 22, 30, tzinfo=TZ))
    zalo.fail_next(error=-234)
    before = len(zalo.sent)
    await world.say("u-510", "hủy")  # Zalo refuses the immediate answer: it waits in the outbox
    assert len(zalo.sent) == before
    clock.set(datetime(2026, 11, 28, 6, 0, tzinfo=TZ))
    await world.wake_outbox()
    await zalo.wait_for(lambda: any("Đã hủy" in s.text for s in zalo.to("u-510")))


async def test_citizen_silent_for_8_days_gets_the_zbs_template(world: ZaloWorld) -> None:
    zalo, clock = world.zalo, world.bot.clock
    code = await file_case(world, "u-600")
    async with Database(world.db_path, world.bot.clock) as db:
        unit = await SqliteUnitRepository(db).by_slug("ngoquyen")
        assert unit is not None
        await SqliteZaloRepository(db, BOX).set_options(
            unit.id,
            allow_charged=False,
            zbs_template_id="tpl-42",
            clear_template=False,
            at=clock.now(),
        )
    clock.advance(timedelta(days=8))
    await staff_answer(world, OFFICER_NGOQUYEN, code)
    await zalo.wait_for(
        lambda: any(ANSWER in t["template_data"]["content"] for t in zalo.templates)
    )
    template = zalo.templates[-1]
    assert template["phone"] == "84912345678" and template["template_id"] == "tpl-42"
    assert ANSWER in template["template_data"]["content"]
    assert not any(ANSWER in s.text for s in zalo.to("u-600"))


async def test_citizen_silent_for_8_days_without_template_alerts_the_staff(
    world: ZaloWorld,
) -> None:
    zalo, clock = world.zalo, world.bot.clock
    code = await file_case(world, "u-700", phone=False)
    clock.advance(timedelta(days=8))
    await staff_answer(world, OFFICER_NGOQUYEN, code)
    alert = await world.bot.tg.wait_for_message(
        OFFICER_NGOQUYEN, lambda m: "Không gửi được" in m["text"] and ANSWER[:40] in m["text"]
    )
    assert code in alert["text"] and "ẩn danh" in alert["text"]
    async with Database(world.db_path, world.bot.clock) as db:
        row = await db.fetchone(
            "SELECT state, last_error FROM outbox WHERE key LIKE ?", (f"case:{code}:answer%",)
        )
    assert row is not None and row[0] == "dead" and "zalo-unreachable" in str(row[1])
    assert not any(ANSWER in s.text for s in zalo.to("u-700"))


async def test_charged_window_follows_the_ward_setting(world: ZaloWorld) -> None:
    zalo, clock = world.zalo, world.bot.clock
    code = await file_case(world, "u-710")
    async with Database(world.db_path, world.bot.clock) as db:
        unit = await SqliteUnitRepository(db).by_slug("ngoquyen")
        assert unit is not None
        await SqliteZaloRepository(db, BOX).set_options(
            unit.id,
            allow_charged=True,
            zbs_template_id=None,
            clear_template=False,
            at=clock.now(),
        )
    clock.advance(timedelta(days=3))
    await staff_answer(world, OFFICER_NGOQUYEN, code)
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-710")))
    answer = next(s for s in zalo.to("u-710") if ANSWER in s.text)
    assert answer.recipient == {"user_id": "u-710"}  # charged: by user id, not a reply


async def test_two_oas_for_two_wards_are_kept_apart(world: ZaloWorld) -> None:
    zalo = world.zalo
    code_gv = await file_case(world, "u-800", oa=OA_GV)
    assert {s.oa_id for s in zalo.to("u-800")} == {OA_GV}
    zalo.expire_token(OA_GV)
    await staff_answer(world, OFFICER_GIAVIEN, code_gv)
    await zalo.wait_for(lambda: any(ANSWER in s.text for s in zalo.to("u-800")))
    assert {s.oa_id for s in zalo.to("u-800")} == {OA_GV}
    assert [r["app_id"] for r in zalo.refreshes] == [APP_GV]  # only giavien's pair refreshed
    # An event signed with the other OA's key is refused.
    event = zalo.text_event(OA_GV, "u-800", "hướng dẫn")
    assert await zalo.post(event, secret=zalo.oas[OA_NQ].oa_secret_key) == 401


async def test_follow_greets_with_the_menu(world: ZaloWorld) -> None:
    zalo = world.zalo
    sent = await world.post(zalo.event(OA_NQ, "u-900", "follow"))
    assert payloads(sent) == ["menu:feedback", "menu:track", "menu:dossier", "menu:contact"]
    sent = await world.say("u-900", "menu:feedback")
    assert "1. Hồ sơ trễ hạn" in sent[-1].text
    await world.post(zalo.event(OA_NQ, "u-900", "unfollow"))
    async with Database(world.db_path, world.bot.clock) as db:
        user = await SqliteZaloRepository(db, BOX).user("u-900")
    assert user is not None and not user.followed


async def test_oa_echoes_and_unknown_text_outside_a_conversation(world: ZaloWorld) -> None:
    zalo = world.zalo
    echo = zalo.event(OA_NQ, "u-950", "oa_send_text", {"text": "xin chào"})
    assert await zalo.post(echo) == 200
    await world.http.zalo.wait_handled(echo["message"]["msg_id"])
    assert zalo.sent == []
    sent = await world.say("u-950", "alo alo")
    assert "Chọn một mục bên dưới" in sent[-1].text  # the menu, not a dead end


async def test_healthz(world: ZaloWorld) -> None:
    async with httpx.AsyncClient() as client:
        anyone = await client.get(world.http.base_url + "/healthz")
        wrong = await client.get(world.http.base_url + "/healthz", headers={"X-Health-Token": "x"})
        response = await client.get(
            world.http.base_url + "/healthz", headers={"X-Health-Token": HEALTH_TOKEN}
        )
    # Anyone learns ok / not ok, nothing more (no OA ids, ward slugs or bot name).
    assert anyone.status_code == 200 and anyone.json() == {"ok": True}
    assert wrong.json() == {"ok": True}
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["database"] == "ok"
    assert body["telegram"] == {"running": True, "username": "cchc_test_bot", "mode": "polling"}
    assert {z["oa_id"]: z["ward"] for z in body["zalo"]} == {OA_NQ: "ngoquyen", OA_GV: "giavien"}
    assert "secret" not in response.text and "access-" not in response.text


async def test_telegram_webhook_mode(
    seeded_db: Path, tg: TelegramStandIn, zalo: ZaloStandIn, clock: FrozenClock
) -> None:
    world = await start(seeded_db, tg, zalo, clock, webhook=True)
    try:
        assert tg.webhook_url == "https://bot.example.gov.vn/telegram/webhook"
        assert tg.webhook_secret == "s3cret_TOKEN-1"
        assert not tg.calls_to("getUpdates")
        # The public address reaches our server through a reverse proxy; here, directly.
        tg.webhook_url = world.http.base_url + "/telegram/webhook"
        update = tg.push_message(1001, "/tracuu PA-AAAA-AAAA")
        assert await tg.deliver_webhook(update) == 200
        await world.bot.handled.wait(int(update["update_id"]))
        assert "PA-AAAA-AAAA" in tg.last_text(1001)

        other = tg.push_message(1001, "/help")
        async with httpx.AsyncClient() as client:
            url = tg.webhook_url
            headers = {"Content-Type": "application/json"}
            assert (await client.post(url, json=other, headers=headers)).status_code == 403
            wrong = headers | {"X-Telegram-Bot-Api-Secret-Token": "nope"}
            assert (await client.post(url, json=other, headers=wrong)).status_code == 403
            plain = headers | {"X-Telegram-Bot-Api-Secret-Token": "s3cret_TOKEN-1"}
            assert (await client.post(url, content=b"x", headers=plain)).status_code == 400
            assert (await client.post(url, json=[1], headers=plain)).status_code == 400
            # A charset in the Content-Type is fine.
            right = plain | {"Content-Type": "application/json; charset=utf-8"}
            assert (await client.post(url, json=other, headers=right)).status_code == 200
            health = (
                await client.get(
                    world.http.base_url + "/healthz", headers={"X-Health-Token": HEALTH_TOKEN}
                )
            ).json()
        await world.bot.handled.wait(int(other["update_id"]))
        assert health["telegram"]["mode"] == "webhook"
        assert "Lệnh" in tg.last_text(1001) or "/phananh" in tg.last_text(1001)
    finally:
        world.bot.stop.set()
        assert world.bot.task is not None
        await world.bot.task
