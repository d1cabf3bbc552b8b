"""The apology letter over real HTTP: /xinloi, reason, date, confirmation, the DOCX document,
only once, who may not, /hoso afterwards, and the citizen's notice through the outbox."""

from __future__ import annotations

from io import BytesIO

import docx

from bot.demo.seed import CITIZEN_ID
from bot.domain.choices import ApologyStart
from bot.domain.messages import OutboxButton, OutgoingMessage
from tests.e2e.conftest import RunningBot
from tests.e2e.test_feedback_e2e import ward_choice

OFFICER_NGOQUYEN = 2011
OFFICER_GIAVIEN = 2021
SUPERVISOR = 2003
CODE = "NQ-2026-006521"  # pending, due Friday 27/11/2026 (today)


def last_text(bot: RunningBot, chat: int) -> str:
    message = bot.tg.sent(chat)[-1]
    return str(message.get("text") or message.get("caption") or "")


async def file_feedback_about(bot: RunningBot, user: int, dossier_code: str) -> None:
    """A citizen's anonymous feedback naming the dossier (no photo, place or contact)."""
    await bot.send(user, "/phananh")
    await bot.press(user, ward_choice(bot, user, "Phường Ngô Quyền"))
    await bot.press(user, "c:late_dossier")
    await bot.send(user, dossier_code)
    await bot.send(user, "Hồ sơ của tôi đã đến hẹn mà chưa có kết quả, không ai báo lý do.")
    await bot.press(user, "skip")
    await bot.send(user, "Bỏ qua")
    await bot.send(user, "Gửi ẩn danh")
    assert "Đã nhận phản ánh của bạn" in await bot.press_send(user)


async def test_officer_issues_the_letter_once_and_the_citizen_is_told(bot: RunningBot) -> None:
    for chat in (OFFICER_NGOQUYEN, OFFICER_GIAVIEN, SUPERVISOR):
        bot.tg.add_chat(chat)
    await file_feedback_about(bot, CITIZEN_ID, CODE.lower())

    asked = await bot.send(OFFICER_NGOQUYEN, f"/xinloi {CODE}")
    assert "Phiếu xin lỗi cho hồ sơ NQ-2026-006521" in asked[-1]["text"]
    assert bot.buttons(OFFICER_NGOQUYEN) == ["apo.r:verify", "apo.r:agencies", "apo.r:software"]
    await bot.press(OFFICER_NGOQUYEN, "apo.r:agencies")
    assert "Ngày hẹn trả kết quả mới" in last_text(bot, OFFICER_NGOQUYEN)
    assert bot.buttons(OFFICER_NGOQUYEN)[0] == "apo.d:2026-11-30"
    # A typed Saturday is refused, a typed Monday accepted.
    refused = await bot.reply(OFFICER_NGOQUYEN, "28/11/2026")
    assert "không phải ngày làm việc" in refused
    summary = await bot.reply(OFFICER_NGOQUYEN, "30/11/2026")
    assert "Chờ ý kiến cơ quan liên quan" in summary and "30/11/2026" in summary

    before = len(bot.tg.calls_to("sendDocument"))
    await bot.press(OFFICER_NGOQUYEN, "apo.ok")
    calls = bot.tg.calls_to("sendDocument")
    assert len(calls) == before + 2  # the PDF, then the DOCX
    pdf_name, pdf = next(iter(calls[-2].files.values()))
    assert pdf_name == "phieu-xin-loi-NQ-2026-006521.pdf" and pdf.startswith(b"%PDF-")
    name, data = next(iter(calls[-1].files.values()))
    assert name == "phieu-xin-loi-NQ-2026-006521.docx"
    document = docx.Document(BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert CODE in text and "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Lý do: Chờ ý kiến cơ quan liên quan." in text
    caption = last_text(bot, OFFICER_NGOQUYEN)
    assert "01/PXL" in caption and "1 người dân" in caption
    assert bot.buttons(OFFICER_NGOQUYEN) == [f"apo.n:{CODE}"]

    # Only once.
    again = await bot.reply(OFFICER_NGOQUYEN, f"/xinloi {CODE}")
    assert "đã có phiếu xin lỗi" in again and "30/11/2026" in again
    # Another ward's officer, the city's supervisor and a citizen may not.
    assert "không phụ trách" in await bot.reply(OFFICER_GIAVIEN, "/xinloi NQ-2026-006422")
    assert "không phụ trách" in await bot.reply(SUPERVISOR, "/xinloi NQ-2026-006422")
    assert "chỉ dành cho cán bộ" in await bot.reply(CITIZEN_ID, "/xinloi NQ-2026-006422")

    # /hoso shows the apology and the new date.
    shown = await bot.reply(CITIZEN_ID, f"/hoso {CODE}")
    assert "phiếu xin lỗi ngày 27/11/2026" in shown and "30/11/2026" in shown

    # "Báo cho người dân": the citizen who wrote about the dossier hears it through the outbox.
    queued = await bot.press(OFFICER_NGOQUYEN, f"apo.n:{CODE}")
    assert "Đã xếp 1 tin nhắn" in queued[-1]["text"]
    notice = await bot.tg.wait_for_message(CITIZEN_ID, lambda m: "xin lỗi" in m.get("text", ""))
    assert CODE in notice["text"] and "30/11/2026" in notice["text"]
    # Pressing again sends nothing new.
    again_queued = await bot.press(OFFICER_NGOQUYEN, f"apo.n:{CODE}")
    assert "Đã xếp 0 tin nhắn" in again_queued[-1]["text"]


async def test_the_reminder_button_and_cancel(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    # A reminder as the job queues it: its button carries "apo:<code>", the same as /xinloi.
    assert bot.app is not None and bot.app.bot_data.services is not None
    services = bot.app.bot_data.services
    reminder = OutgoingMessage(
        "telegram",
        str(OFFICER_NGOQUYEN),
        f"Hồ sơ {CODE} đến hẹn hôm nay.",
        (OutboxButton(ApologyStart(CODE), "Lập phiếu xin lỗi"),),
    )
    await services.outbox.enqueue("test:reminder", reminder, services.clock.now())
    services.outbox_wake.set()
    await bot.tg.wait_for_message(OFFICER_NGOQUYEN, lambda m: CODE in m.get("text", ""))
    await bot.press(OFFICER_NGOQUYEN, f"apo:{CODE}")
    assert "Phiếu xin lỗi cho hồ sơ NQ-2026-006521" in last_text(bot, OFFICER_NGOQUYEN)
    # A typed reason that is too short is asked again; /huy stops the letter.
    assert "quá ngắn" in await bot.reply(OFFICER_NGOQUYEN, "chậm")
    assert "Đã hủy việc lập phiếu" in await bot.reply(OFFICER_NGOQUYEN, "/huy")
    # Nothing is pending any more: the old reason buttons are stale.
    await bot.press(OFFICER_NGOQUYEN, "apo.r:verify")
    assert "tin nhắn cũ" in last_text(bot, OFFICER_NGOQUYEN)
    # With nothing in progress, /huy is the citizen's usual answer.
    assert "Đã hủy việc lập phiếu" not in await bot.reply(OFFICER_NGOQUYEN, "/huy")
