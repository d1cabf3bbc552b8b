"""TelegramSender end to end: a real PTB Bot talking to the loopback Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.clock import FrozenClock
from bot.domain.choices import Menu, MenuItem, Rate
from bot.domain.codes import make_code
from bot.domain.messages import OutboxButton, OutboxState, OutgoingMessage
from bot.ports import SendError
from bot.services.outbox import Deliverer, DeliveryReport
from bot.standin.telegram import TelegramStandIn
from handlers.telegram.sender import TelegramSender
from storage.db import Database
from storage.outbox import SqliteOutbox
from tests.conftest import TOKEN

CHAT = 4242
CASE_CODE = make_code(bytes(range(8)))
T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.fixture
async def sender(tg: TelegramStandIn) -> AsyncIterator[TelegramSender]:
    """A plain Bot (no rate limiter: a 429 must surface) on a known private chat."""
    tg.add_chat(CHAT)
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        yield TelegramSender(bot)


def text(body: str, *choices: OutboxButton, recipient: int = CHAT) -> OutgoingMessage:
    return OutgoingMessage("telegram", str(recipient), body, choices=choices)


async def test_text_with_choices_arrives_with_an_inline_keyboard(
    tg: TelegramStandIn, sender: TelegramSender
) -> None:
    message_id = await sender.send(
        text(
            "<b>Phản ánh PA-0042</b> đã được trả lời &amp; đóng.",
            OutboxButton(Rate(CASE_CODE, 5), "Rất hài lòng"),
            OutboxButton(Rate(CASE_CODE, 1), "Không hài lòng"),
        )
    )

    [sent] = tg.sent(CHAT)
    assert str(sent["message_id"]) == message_id
    assert sent["text"] == "Phản ánh PA-0042 đã được trả lời & đóng."
    assert sent["entities"][0]["type"] == "bold"
    assert sent["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Rất hài lòng", "callback_data": f"rate:{CASE_CODE}:5"}],
            [{"text": "Không hài lòng", "callback_data": f"rate:{CASE_CODE}:1"}],
        ]
    }


async def test_flood_control_surfaces_as_retry_after(
    tg: TelegramStandIn, sender: TelegramSender
) -> None:
    tg.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(SendError) as caught:
        await sender.send(text("x"))
    assert caught.value.retry_after == 3
    assert not caught.value.permanent


async def test_server_error_is_transient(tg: TelegramStandIn, sender: TelegramSender) -> None:
    tg.fail_next("sendMessage", status=500)
    with pytest.raises(SendError) as caught:
        await sender.send(text("x"))
    assert not caught.value.permanent
    assert caught.value.retry_after is None
    await sender.send(text("x"))  # and the next try goes through
    assert len(tg.sent(CHAT)) == 1


async def test_unknown_chat_is_permanent(tg: TelegramStandIn, sender: TelegramSender) -> None:
    with pytest.raises(SendError) as caught:
        await sender.send(text("x", recipient=777))
    assert caught.value.permanent
    assert "chat not found" in caught.value.reason.lower()


async def test_blocked_by_the_user_is_permanent(
    tg: TelegramStandIn, sender: TelegramSender
) -> None:
    tg.fail_next("sendMessage", status=403)
    with pytest.raises(SendError) as caught:
        await sender.send(text("x"))
    assert caught.value.permanent


async def test_a_document_arrives_with_its_bytes_and_caption(
    tg: TelegramStandIn, sender: TelegramSender
) -> None:
    pdf = b"%PDF-1.4\n\xe2\xe3\xcf\xd3 thu xin loi\n"
    message = OutgoingMessage(
        "telegram",
        str(CHAT),
        "<i>Thư xin lỗi</i> về hồ sơ trễ hạn",
        choices=(OutboxButton(Menu(MenuItem.TRACK), "Đã nhận"),),
        document_name="thu-xin-loi.pdf",
        document_bytes=pdf,
    )

    message_id = await sender.send(message)

    [call] = tg.calls_to("sendDocument")
    assert call.ok
    assert call.files["document"] == ("thu-xin-loi.pdf", pdf)
    assert call.result["caption"] == "Thư xin lỗi về hồ sơ trễ hạn"
    assert str(call.result["message_id"]) == message_id
    assert call.result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "menu:track"
    assert tg.calls_to("sendMessage") == []


async def test_a_long_text_goes_before_the_document(
    tg: TelegramStandIn, sender: TelegramSender
) -> None:
    long_text = "Báo cáo tuần. " * 100  # 1400 characters > 1024
    message = OutgoingMessage(
        "telegram", str(CHAT), long_text, document_name="bao-cao.csv", document_bytes=b"a,b\n1,2\n"
    )

    message_id = await sender.send(message)

    first, second = tg.sent(CHAT)
    assert first["text"] == long_text
    assert "caption" not in second
    assert second["document"]["file_name"] == "bao-cao.csv"
    assert str(second["message_id"]) == message_id


async def test_the_deliverer_drains_the_outbox_through_the_stand_in(
    tg: TelegramStandIn, sender: TelegramSender, tmp_path: Path
) -> None:
    clock = FrozenClock(T0)
    async with Database(tmp_path / "e2e.sqlite3", clock) as db:
        store = SqliteOutbox(db, clock)
        deliverer = Deliverer(store, {"telegram": sender}, clock)
        await store.enqueue("case:1:answered", text("Đã trả lời"), T0)
        tg.fail_next("sendMessage", status=429, retry_after=5)

        assert await deliverer.deliver_due() == DeliveryReport(retried=1)
        waiting = await store.get("case:1:answered")
        assert waiting is not None and waiting.state is OutboxState.PENDING
        assert waiting.not_before == T0 + timedelta(seconds=5)

        await store.enqueue("case:2:answered", text("ai?", recipient=31337), T0)
        clock.set(waiting.not_before)
        assert await deliverer.deliver_due() == DeliveryReport(sent=1, dead=1)
        sent_item = await store.get("case:1:answered")
        dead_item = await store.get("case:2:answered")
    assert dead_item is not None and dead_item.state is OutboxState.DEAD
    assert dead_item.last_error is not None and "chat not found" in dead_item.last_error.lower()
    [sent] = tg.sent(CHAT)
    assert sent["text"] == "Đã trả lời"
    assert sent_item is not None and sent_item.state is OutboxState.SENT
    assert sent_item.sent_message_id == str(sent["message_id"])
