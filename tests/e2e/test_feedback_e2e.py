"""A case's whole life over real HTTP: filing, tracking, the staff inbox, the answer, rating,
reopening, erasing — and what must survive a restart."""

from __future__ import annotations

import random
import re
from pathlib import Path

from bot.clock import FrozenClock
from bot.demo.seed import CITIZEN_ID
from bot.standin.telegram import TelegramStandIn
from tests.conftest import make_settings
from tests.e2e.conftest import RunningBot, start_bot, stop_bot

OFFICER_NGOQUYEN = 2011
OFFICER_GIAVIEN = 2021
SUPERVISOR = 2003
CODE = re.compile(r"PA-[0-9A-Z]{4}-[0-9A-Z]{4}")
DESCRIPTION = (
    "Hồ sơ khai sinh của con tôi đã quá hạn 5 ngày mà chưa có kết quả, không ai báo lý do."
)


def button_case_id(bot: RunningBot, user_id: int, prefix: str) -> str:
    """The case id in the latest button whose data starts with `prefix`."""
    return next(d for d in bot.buttons(user_id) if d.startswith(prefix)).split(":")[2]


def ward_choice(bot: RunningBot, user_id: int, name: str) -> str:
    """The callback data of the ward button whose label is `name`."""
    for message in reversed(bot.tg.sent(user_id)):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == name:
                    return str(button["callback_data"])
    raise AssertionError(f"no ward button {name!r}")


async def file_case(
    bot: RunningBot,
    user: int = CITIZEN_ID,
    *,
    contact: bool = True,
    agree: bool = True,
    photo: bool = True,
    location: bool = True,
) -> str:
    """Go through the whole conversation as a citizen; return the tracking code."""
    await bot.send(user, "/phananh")
    await bot.press(user, ward_choice(bot, user, "Phường Ngô Quyền"))
    await bot.press(user, "c:late_dossier")
    await bot.send(user, "NQ-2026-000123")
    await bot.send(user, DESCRIPTION)
    if photo:
        await bot.push(bot.tg.push_photo(user, b"\x89PNG not really"))
        await bot.press(user, "done")
    else:
        await bot.press(user, "skip")
    if location:
        await bot.push(bot.tg.push_location(user, 20.8561, 106.6822))
    else:
        await bot.send(user, "Bỏ qua")
    if contact:
        await bot.push(bot.tg.push_contact(user, "+84912345678"))
        await bot.press(user, "agree" if agree else "disagree")
    else:
        await bot.send(user, "Gửi ẩn danh")
    text = await bot.press_send(user)
    match = CODE.search(text)
    assert match, text
    return match.group(0)


async def test_full_conversation_files_one_case(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    code = await file_case(bot)
    filed = bot.tg.sent(CITIZEN_ID)[-1]["text"]
    assert "Đã nhận phản ánh của bạn" in filed
    assert f"t.me/cchc_test_bot?start={code.replace('-', '')}" in filed
    # The ward's officer is told through the outbox.
    note = await bot.tg.wait_for_message(OFFICER_NGOQUYEN, lambda m: code in m["text"])
    assert "Phản ánh mới" in note["text"]
    # Pressing "send" again on the old summary creates nothing and shows the code again.
    await bot.press(CITIZEN_ID, "send")
    again = bot.tg.sent(CITIZEN_ID)[-1]["text"]
    assert "đã được gửi rồi" in again and code in again
    track = await bot.reply(CITIZEN_ID, f"/tracuu {code.lower()}")
    assert "chờ tiếp nhận" in track and "Phường Ngô Quyền" in track
    assert "0912345678" not in track and "091" not in track


async def test_a_typo_in_the_code_is_caught(bot: RunningBot) -> None:
    code = await file_case(bot, contact=False, photo=False, location=False)
    last = code[-1]
    wrong = code[:-1] + ("3" if last != "3" else "4")
    text = await bot.reply(CITIZEN_ID, f"/tracuu {wrong}")
    assert "gõ nhầm" in text


async def test_anonymous_and_refused_consent_keep_no_phone(bot: RunningBot) -> None:
    await file_case(bot, contact=False)
    await file_case(bot, contact=True, agree=False)
    data = await bot.reply(CITIZEN_ID, "/dulieucuatoi")
    assert data.count("ẩn danh, không lưu số điện thoại") == 2
    assert "0912345678" not in data


async def test_cancel_at_any_step(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    assert "Đã hủy" in await bot.reply(CITIZEN_ID, "/huy")
    assert "Bạn chưa gửi phản ánh nào" in await bot.reply(CITIZEN_ID, "/dulieucuatoi")
    # Outside any conversation a message gets the menu, not a dead end.
    assert "Chọn một mục bên dưới" in await bot.reply(CITIZEN_ID, "một tin nhắn lạc lõng")


async def test_staff_take_answer_then_citizen_rates_and_reopens(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    code = await file_case(bot)
    inbox = await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    item = next(m for m in inbox if code in m["text"] and "Liên hệ" in m["text"])
    assert "09******78" in item["text"]  # masked until the officer takes the case
    case_id = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:")).split(":")[
        2
    ]

    await bot.press(OFFICER_NGOQUYEN, f"s:take:{case_id}")
    accepted = await bot.tg.wait_for_message(
        CITIZEN_ID, lambda m: "tiếp nhận và đang xử lý" in m["text"]
    )
    assert code in accepted["text"]
    inbox = await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    assert any("0912345678" in m["text"] for m in inbox)  # full contact for the one who took it

    await bot.press(OFFICER_NGOQUYEN, f"s:answer:{case_id}")
    short = await bot.reply(OFFICER_NGOQUYEN, "ngắn")
    assert "quá ngắn" in short
    answer = "Hồ sơ đã có kết quả, mời ông/bà đến nhận tại Bộ phận Một cửa từ ngày 30/11/2026."
    preview = await bot.reply(OFFICER_NGOQUYEN, answer)
    # What the citizen will receive, to confirm; nothing is sent yet.
    assert "Người dân sẽ nhận được" in preview and answer in preview
    assert f"s:ok:{case_id}" in bot.buttons(OFFICER_NGOQUYEN)
    done = await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    assert "bot đang chuyển tới người dân" in done[-1]["text"]
    delivered = await bot.tg.wait_for_message(
        CITIZEN_ID, lambda m: "đã trả lời phản ánh" in m["text"]
    )
    assert answer in delivered["text"]
    receipt = await bot.tg.wait_for_message(
        OFFICER_NGOQUYEN, lambda m: "đã đến người dân" in m["text"]
    )
    assert code in receipt["text"]
    assert f"rate:{code}:1" in bot.buttons(CITIZEN_ID)

    low = await bot.press(CITIZEN_ID, f"rate:{code}:2")
    assert "lý do chưa hài lòng" in low[-1]["text"]
    saved = await bot.reply(CITIZEN_ID, "Tôi vẫn chưa nhận được kết quả.")
    assert "Đã ghi nhận lý do" in saved
    reopened = await bot.press(CITIZEN_ID, f"reopen:{code}")
    assert "Đã mở lại" in reopened[-1]["text"]
    staff_note = await bot.tg.wait_for_message(OFFICER_NGOQUYEN, lambda m: "mở lại" in m["text"])
    assert code in staff_note["text"]

    track = await bot.reply(CITIZEN_ID, f"/tracuu {code}")
    for step in (
        "gửi phản ánh",
        "phường tiếp nhận",
        "phường trả lời",
        "người dân đánh giá",
        "người dân mở lại",
    ):
        assert step in track
    assert answer in track


async def test_refusal_points_to_the_right_channel(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    code = await file_case(bot, contact=False)
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    case_id = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:refuse:")).split(
        ":"
    )[2]
    await bot.press(OFFICER_NGOQUYEN, f"s:refuse:{case_id}")
    preview = await bot.press(OFFICER_NGOQUYEN, f"s:rf:{case_id}:complaint")
    assert "tố cáo (nộp đơn tại bộ phận tiếp công dân" in preview[-1]["text"]  # shown whole
    await bot.press(OFFICER_NGOQUYEN, f"s:ok:{case_id}")
    refused = await bot.tg.wait_for_message(
        CITIZEN_ID, lambda m: "không được tiếp nhận" in m["text"]
    )
    assert code in refused["text"] and "khiếu nại" in refused["text"]
    # The same button again: the case has moved on, nothing happens twice.
    again = await bot.press(OFFICER_NGOQUYEN, f"s:refuse:{case_id}")
    assert "không áp dụng" in again[-1]["text"]


async def test_other_wards_staff_and_citizens_cannot_act(bot: RunningBot) -> None:
    bot.tg.add_chat(OFFICER_NGOQUYEN)
    await file_case(bot, contact=False)
    await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    case_id = next(d for d in bot.buttons(OFFICER_NGOQUYEN) if d.startswith("s:take:")).split(":")[
        2
    ]
    assert "Không có phản ánh nào" in await bot.reply(OFFICER_GIAVIEN, "/hopthu")
    bot.tg.add_chat(OFFICER_GIAVIEN)
    sent = await bot.send(OFFICER_GIAVIEN, "/start")
    assert sent
    await bot.push(
        bot.tg.push_callback(OFFICER_GIAVIEN, sent[-1]["message_id"], f"s:take:{case_id}")
    )
    assert "không tìm thấy" in bot.tg.sent(OFFICER_GIAVIEN)[-1]["text"].lower()
    assert "chỉ dành cho cán bộ" in await bot.reply(CITIZEN_ID, "/hopthu")


async def test_erase_keeps_the_case_anonymised(bot: RunningBot) -> None:
    code = await file_case(bot)
    confirm = await bot.send(CITIZEN_ID, "/xoadulieu")
    assert "xóa dữ liệu cá nhân" in confirm[-1]["text"].lower()
    done = await bot.press(CITIZEN_ID, "erase:yes")
    assert "1 phản ánh đã được ẩn danh" in done[-1]["text"]
    assert "Bạn chưa gửi phản ánh nào" in await bot.reply(CITIZEN_ID, "/dulieucuatoi")
    track = await bot.reply(CITIZEN_ID, f"/tracuu {code}")
    assert "xóa dữ liệu cá nhân theo yêu cầu" in track


async def test_daily_limit_and_block(bot: RunningBot) -> None:
    for _ in range(5):
        await file_case(bot, contact=False, photo=False, location=False)
    assert "tối đa trong một ngày" in await bot.reply(CITIZEN_ID, "/phananh")
    # Only citizens who wrote to the officer's ward, and never staff.
    other_ward = await bot.reply(OFFICER_GIAVIEN, f"/chan {CITIZEN_ID}")
    assert "chưa gửi phản ánh nào đến đơn vị bạn phụ trách" in other_ward
    assert "tài khoản của cán bộ" in await bot.reply(OFFICER_NGOQUYEN, f"/chan {OFFICER_GIAVIEN}")
    assert "Đã chặn" in await bot.reply(OFFICER_NGOQUYEN, f"/chan {CITIZEN_ID}")
    assert "tạm thời không gửi được" in await bot.reply(CITIZEN_ID, "/phananh")
    assert "Đã bỏ chặn" in await bot.reply(OFFICER_NGOQUYEN, f"/bochan {CITIZEN_ID}")
    assert "tối đa trong một ngày" in await bot.reply(CITIZEN_ID, "/phananh")


async def test_bad_input_gets_a_helpful_reply(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    await bot.press(CITIZEN_ID, ward_choice(bot, CITIZEN_ID, "Phường Ngô Quyền"))
    await bot.press(CITIZEN_ID, "c:other")
    too_short = await bot.reply(CITIZEN_ID, "ngắn quá")
    assert "Cần thêm" in too_short or "ít nhất" in too_short
    before = len(bot.tg.sent(CITIZEN_ID))
    await bot.push(bot.tg.push_sticker(CITIZEN_ID))
    await bot.push(bot.tg.push_voice(CITIZEN_ID))
    assert len(bot.tg.sent(CITIZEN_ID)) == before + 2
    edited = bot.tg.push_edited_message(CITIZEN_ID, bot.tg.sent(CITIZEN_ID)[-1]["message_id"], "x")
    await bot.push(edited)
    assert "tin nhắn đã sửa" in bot.tg.sent(CITIZEN_ID)[-1]["text"]


async def test_random_messages_never_crash_and_always_get_a_reply(bot: RunningBot) -> None:
    rng = random.Random(91)
    words = [
        "/phananh",
        "/huy",
        "1",
        "2",
        "3",
        "skip",
        "Bỏ qua",
        "xin chào",
        "/tracuu",
        "/tracuu PA-ABCD-EFGH",
        "/hoso",
        "/hoso CT-2022-00001",
        DESCRIPTION,
        "x" * 5000,
        "/dulieucuatoi",
        "/start",
        "Gửi ẩn danh",
        "0912345678",
        "🙂",
        "/help",
    ]
    for _ in range(60):
        kind = rng.randrange(5)
        before = len(bot.tg.sent(CITIZEN_ID))
        if kind == 0:
            update = bot.tg.push_sticker(CITIZEN_ID)
        elif kind == 1:
            update = bot.tg.push_photo(CITIZEN_ID, b"img")
        elif kind == 2:
            update = bot.tg.push_contact(CITIZEN_ID, "0987654321", own=rng.random() < 0.5)
        else:
            update = bot.tg.push_message(CITIZEN_ID, rng.choice(words))
        await bot.push(update)
        assert len(bot.tg.sent(CITIZEN_ID)) > before
    assert not [c for c in bot.tg.calls if c.http_status >= 400 and c.method == "sendMessage"]


async def test_a_half_filled_case_survives_a_restart(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    settings = make_settings(seeded_db, tg)
    first = await start_bot(settings, tg, clock)
    try:
        await first.send(CITIZEN_ID, "/phananh")
        await first.press(CITIZEN_ID, ward_choice(first, CITIZEN_ID, "Phường Ngô Quyền"))
        await first.press(CITIZEN_ID, "c:fees")
        await first.send(CITIZEN_ID, DESCRIPTION)
    finally:
        await stop_bot(first)
    second = await start_bot(settings, tg, clock)
    try:
        await second.press(CITIZEN_ID, "skip")  # attachments
        await second.send(CITIZEN_ID, "Bỏ qua")  # location
        await second.send(CITIZEN_ID, "Gửi ẩn danh")
        summary = second.tg.sent(CITIZEN_ID)[-1]["text"]
        assert DESCRIPTION in summary and "Phí, lệ phí" in summary
        assert CODE.search(await second.press_send(CITIZEN_ID))
    finally:
        await stop_bot(second)


async def test_walk_in_case_filed_by_staff(bot: RunningBot) -> None:
    first = await bot.send(OFFICER_NGOQUYEN, "/nhap")
    assert "w:" not in " ".join(bot.buttons(OFFICER_NGOQUYEN))  # the officer's ward is known
    assert first
    await bot.press(OFFICER_NGOQUYEN, "c:staff_conduct")
    await bot.send(OFFICER_NGOQUYEN, "Người dân gọi điện phản ánh cán bộ tiếp nhận thiếu niềm nở.")
    await bot.press(OFFICER_NGOQUYEN, "skip")
    await bot.send(OFFICER_NGOQUYEN, "Bỏ qua")
    await bot.send(OFFICER_NGOQUYEN, "Gửi ẩn danh")
    filed = await bot.press(OFFICER_NGOQUYEN, "send")
    text = filed[-1]["text"]
    assert "Đã nhập phản ánh cho người dân" in text
    code = CODE.search(text)
    assert code
    inbox = await bot.send(OFFICER_NGOQUYEN, "/hopthu")
    assert any(code.group(0) in m["text"] and "tại quầy" in m["text"] for m in inbox)


async def test_dossier_lookup_shows_progress_without_personal_data(bot: RunningBot) -> None:
    resolved = await bot.reply(CITIZEN_ID, "/hoso CT-2022-00001")
    assert "Phường Cầu Tre" in resolved and "đúng hạn" in resolved
    assert "Chứng thực" not in resolved and "Thủ tục" not in resolved  # not even the procedure
    assert "Không tìm thấy hồ sơ" in await bot.reply(CITIZEN_ID, "/hoso KHONG-CO")
    assert "Cú pháp" in await bot.reply(CITIZEN_ID, "/hoso")


async def test_deadlines_and_limit_follow_the_settings(
    seeded_db: Path, tg: TelegramStandIn, clock: FrozenClock
) -> None:
    settings = make_settings(
        seeded_db, tg, FEEDBACK_ANSWER_DAYS="15;late_dossier=5", FEEDBACK_DAILY_LIMIT="1"
    )
    running = await start_bot(settings, tg, clock)
    try:
        await file_case(running, contact=False, photo=False, location=False)
        filed = running.tg.sent(CITIZEN_ID)[-1]["text"]
        # Friday 27/11/2026: accept within 2 working days, answer within 5 for late dossiers.
        assert "tiếp nhận chậm nhất ngày 01/12/2026 và trả lời chậm nhất ngày 04/12/2026" in filed
        assert "tối đa trong một ngày" in await running.reply(CITIZEN_ID, "/phananh")
    finally:
        await stop_bot(running)


async def test_a_citizen_typing_an_old_ward_name_reaches_todays_ward(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    (reply,) = await bot.send(CITIZEN_ID, "Cầu Tre")
    assert reply["text"].startswith(
        "«Cầu Tre» nay thuộc Phường Ngô Quyền; phản ánh sẽ được gửi đến Phường Ngô Quyền."
    )
    assert "c:late_dossier" in bot.buttons(CITIZEN_ID)  # on to the category: no Gia Viên


async def test_a_split_ward_name_asks_the_citizen_which_ward(bot: RunningBot) -> None:
    await bot.send(CITIZEN_ID, "/phananh")
    (question,) = await bot.send(CITIZEN_ID, "dong khe")
    assert "Phường Đông Khê đã được sắp xếp vào 2 đơn vị" in question["text"]
    labels = [b["text"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Phường Gia Viên", "Phường Ngô Quyền", "✖️ Hủy"]
    await bot.send(CITIZEN_ID, "2")  # the second of the two offered
    await bot.press(CITIZEN_ID, "c:other")
    await bot.send(CITIZEN_ID, DESCRIPTION)
    await bot.press(CITIZEN_ID, "skip")
    await bot.send(CITIZEN_ID, "Bỏ qua")
    summary = await bot.send(CITIZEN_ID, "Gửi ẩn danh")
    assert "Đơn vị: Phường Ngô Quyền" in summary[-1]["text"]
